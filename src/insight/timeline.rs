//! An object's life (`.timeline NAME`): every lifecycle transition, expiry,
//! reload and lazy load of one instance, with the input line that did it, the
//! cause it ran under and the SQL involved, all taken from the event stream as
//! it passed (nothing is asked of the ORM afterwards). `.timeline` alone draws
//! one lane per named object.
use super::Kind;
use crate::events::{LifecycleState, ObjLabel};
use crate::fxhash::FxBuild;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// What a step was. A lifecycle transition is kept as its two states and
/// written out only when a timeline is shown: every loaded object has one,
/// and formatting each at load time cost more than the load (bench W5).
#[derive(Clone, Debug, PartialEq)]
pub enum What {
    /// `from → to`; `None` is "loaded" (an object that came from a row).
    Transition(Option<LifecycleState>, LifecycleState),
    Text(Cow<'static, str>),
}

impl What {
    /// The state the step leaves the object in, for a lane.
    fn to_state(&self) -> Option<&'static str> {
        match self {
            What::Transition(_, to) => Some(to.name()),
            What::Text(_) => None,
        }
    }

    /// Where a lane starts: the first step's state before it.
    fn from_state(&self) -> String {
        match self {
            What::Transition(from, _) => from.map_or("loaded", |s| s.name()).to_string(),
            What::Text(t) => t.to_string(),
        }
    }
}

impl fmt::Display for What {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            What::Transition(from, to) => write!(f, "{} → {}", from.map_or("loaded", |s| s.name()), to.name()),
            What::Text(t) => f.write_str(t),
        }
    }
}

impl From<String> for What {
    fn from(s: String) -> What {
        What::Text(Cow::Owned(s))
    }
}

impl From<&'static str> for What {
    fn from(s: &'static str) -> What {
        What::Text(Cow::Borrowed(s))
    }
}

/// One thing that happened to an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub line: u32,
    pub what: What,
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
    pub steps: HashMap<u32, Vec<Step>, FxBuild>,
    /// Label (`User#1`) → id, for the objects indexed so far (see [`Timelines::id_of`]).
    labels: HashMap<String, u32, FxBuild>,
    names: HashMap<u32, ObjLabel, FxBuild>,
    /// Objects seen whose labels are not in `labels` yet.
    unindexed: Vec<u32>,
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

    /// Learn an object the first time it is seen. Its label text is made
    /// only when a label is looked up ([`Timelines::id_of`]): a load of many
    /// rows formats none.
    pub fn know(&mut self, obj: &ObjLabel) {
        if self.names.contains_key(&obj.id) {
            return;
        }
        self.names.insert(obj.id, obj.clone());
        self.unindexed.push(obj.id);
    }

    /// The object a label (`User#1`) names, the first one seen under it.
    pub fn id_of(&mut self, label: &str) -> Option<u32> {
        for id in self.unindexed.drain(..) {
            if let Some(obj) = self.names.get(&id) {
                self.labels.entry(obj.to_string()).or_insert(id);
            }
        }
        self.labels.get(label).copied()
    }

    /// An object's label (`User#1`), when it was seen.
    pub fn name(&self, id: u32) -> Option<String> {
        self.names.get(&id).map(|o| o.to_string())
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
                        .filter_map(|s| s.what.to_state().map(|to| format!("{}@{}", to, s.line)))
                        .collect()
                })
                .unwrap_or_default();
            let start = self.steps.get(id).and_then(|s| s.first()).map(|s| s.what.from_state());
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
