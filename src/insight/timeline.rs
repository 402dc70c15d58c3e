//! An object's life (`.timeline NAME`): every lifecycle transition, expiry,
//! reload and lazy load of one instance, with the input line that did it, the
//! cause it ran under and the SQL involved, all taken from the event stream as
//! it passed (nothing is asked of the ORM afterwards). `.timeline` alone draws
//! one lane per named object.
use super::Kind;
use std::collections::HashMap;

/// One thing that happened to an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub line: u32,
    pub what: String,
    /// The cause the step ran under (a flush inside a commit, a lazy load …).
    pub cause: Option<Kind>,
    /// The SQL statement involved (`#n`), when there was one.
    pub sql: Option<usize>,
}

/// Keep the life of at most this many objects, and this many steps of each.
const MAX_OBJECTS: usize = 50_000;
const MAX_STEPS: usize = 500;

/// Every object's steps, by arena id; labels (`User#1`) to ids.
#[derive(Default)]
pub struct Timelines {
    pub steps: HashMap<u32, Vec<Step>>,
    pub labels: HashMap<String, u32>,
    pub names: HashMap<u32, String>,
}

impl Timelines {
    pub fn push(&mut self, id: u32, step: Step) {
        if self.steps.len() >= MAX_OBJECTS && !self.steps.contains_key(&id) {
            return;
        }
        let v = self.steps.entry(id).or_default();
        // the same step twice in a row (a rollback expires in two passes) reads as one
        if v.last() == Some(&step) {
            return;
        }
        if v.len() < MAX_STEPS {
            v.push(step);
        }
    }

    pub fn know(&mut self, id: u32, label: String) {
        self.labels.entry(label.clone()).or_insert(id);
        self.names.entry(id).or_insert(label);
    }

    /// The life of one object, one step a line.
    pub fn text(&self, id: u32, title: &str) -> String {
        let mut out = format!("{}:\n", title);
        match self.steps.get(&id) {
            None => out.push_str("  nothing recorded yet\n"),
            Some(steps) => {
                for s in steps {
                    let mut line = format!("  line {:<4} {}", s.line, s.what);
                    let mut why = Vec::new();
                    if let Some(c) = s.cause {
                        why.push(c.name().to_string());
                    }
                    if let Some(n) = s.sql {
                        why.push(format!("SQL #{}", n));
                    }
                    if !why.is_empty() {
                        line.push_str(&format!("  ({})", why.join(", ")));
                    }
                    out.push_str(&line);
                    out.push('\n');
                }
            }
        }
        out
    }

    /// One lane per object: its states in order, with the lines.
    pub fn lanes(&self, objects: &[(u32, String)]) -> String {
        if objects.is_empty() {
            return "no named objects\n".to_string();
        }
        let width = objects.iter().map(|(_, n)| n.chars().count()).max().unwrap_or(0);
        let mut out = String::new();
        for (id, name) in objects {
            let lane: Vec<String> = self
                .steps
                .get(id)
                .map(|steps| {
                    steps
                        .iter()
                        .filter_map(|s| s.what.split(" → ").nth(1).map(|to| format!("{}@{}", to, s.line)))
                        .collect()
                })
                .unwrap_or_default();
            let start = self.steps.get(id).and_then(|s| s.first()).map(|s| s.what.split(" → ").next().unwrap_or("").to_string());
            let mut text = start.unwrap_or_default();
            for l in lane {
                text.push_str(" ─ ");
                text.push_str(&l);
            }
            out.push_str(&format!("{:<w$}  {}\n", name, text, w = width));
        }
        out
    }
}
