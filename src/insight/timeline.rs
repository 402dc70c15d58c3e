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

/// Keep at most this many entries (a load of many rows is one entry).
const MAX_ENTRIES: usize = 1_000_000;

/// One step taken by the objects `first .. first + count` (arena ids) at once:
/// a load of 100,000 rows is one entry, not 100,000 (bench W5: a vector of
/// steps per object was a quarter of the memory of the load).
struct Entry {
    first: u32,
    count: u32,
    step: Step,
}

impl Entry {
    fn covers(&self, id: u32) -> bool {
        id >= self.first && id - self.first < self.count
    }
}

/// Every object's steps, as one log in the order they happened; labels
/// (`User#1`) to ids.
#[derive(Default)]
pub struct Timelines {
    log: Vec<Entry>,
    /// By arena id (ids are dense): 1 + the index in `log` of the object's
    /// last entry, 0 for none. Four bytes an object.
    last: Vec<u32>,
    /// By arena id: the object's class (index into `classes`, `u32::MAX` for
    /// an object not seen) and the `n` of its label.
    labels: Vec<(u32, u32)>,
    classes: Vec<std::rc::Rc<str>>,
    /// (class, n) → id, built on the first lookup by label and kept up to
    /// date from `unindexed`; a load of many rows formats and hashes nothing.
    by_label: HashMap<(u32, u32), u32, FxBuild>,
    unindexed: Vec<u32>,
    /// Arena ids reused by a new object (a freed slot, `orm::collect`): the
    /// index in `log` where the current object's steps begin, so the old
    /// object's steps are not shown as the new one's. Rare, so a map.
    reborn: HashMap<u32, u32, FxBuild>,
}

impl Timelines {
    pub fn push(&mut self, id: u32, step: Step) {
        let i = id as usize;
        let last = self.last.get(i).copied().unwrap_or(0);
        // the same step twice in a row (a rollback expires in two passes) reads as one
        if last > 0 && self.log[last as usize - 1].step == step {
            return;
        }
        let since = self.reborn.get(&id).copied().unwrap_or(0) as usize;
        let len = self.log.len();
        if let Some(e) = self.log.last_mut().filter(|_| len > since) {
            if e.first.checked_add(e.count) == Some(id) && e.step == step {
                e.count += 1;
                self.set_last(i, self.log.len() as u32);
                return;
            }
        }
        if self.log.len() >= MAX_ENTRIES {
            return;
        }
        self.log.push(Entry { first: id, count: 1, step });
        self.set_last(i, self.log.len() as u32);
    }

    fn set_last(&mut self, i: usize, v: u32) {
        if self.last.len() <= i {
            self.last.resize(i + 1, 0);
        }
        self.last[i] = v;
    }

    /// The steps of object `id`, oldest first.
    pub fn steps_of(&self, id: u32) -> Vec<&Step> {
        match self.last.get(id as usize) {
            None | Some(0) => Vec::new(),
            Some(&upto) => {
                let since = (self.reborn.get(&id).copied().unwrap_or(0) as usize).min(upto as usize);
                self.log[since..upto as usize].iter().filter(|e| e.covers(id)).map(|e| &e.step).collect()
            }
        }
    }

    /// Every step with the number of objects that took it.
    pub fn all_steps(&self) -> impl Iterator<Item = (&Step, u32)> {
        self.log.iter().map(|e| (&e.step, e.count))
    }

    /// Learn an object the first time it is seen. Its label text is made
    /// only when a label is looked up ([`Timelines::id_of`]): a load of many
    /// rows formats none.
    /// An object in the slot of a freed one (another label) starts a new life.
    pub fn know(&mut self, obj: &ObjLabel) {
        let i = obj.id as usize;
        let seen = self.labels.get(i).copied().filter(|l| l.0 != u32::MAX);
        if seen.is_some_and(|(class, n)| n == obj.n && self.classes.get(class as usize).is_some_and(|c| **c == *obj.class)) {
            return;
        }
        let class = match self.classes.iter().rposition(|c| std::rc::Rc::ptr_eq(c, &obj.class) || **c == *obj.class) {
            Some(c) => c as u32,
            None => {
                self.classes.push(obj.class.clone());
                self.classes.len() as u32 - 1
            }
        };
        if let Some(old) = seen {
            // the slot's old object was freed: its label names nothing now
            if self.by_label.get(&old) == Some(&obj.id) {
                self.by_label.remove(&old);
            }
            self.reborn.insert(obj.id, self.log.len() as u32);
            if let Some(l) = self.last.get_mut(i) {
                *l = 0;
            }
        }
        if self.labels.len() <= i {
            self.labels.resize(i + 1, (u32::MAX, 0));
        }
        self.labels[i] = (class, obj.n);
        self.unindexed.push(obj.id);
    }

    /// The object a label (`User#1`) names, the first one seen under it.
    pub fn id_of(&mut self, label: &str) -> Option<u32> {
        for id in self.unindexed.drain(..) {
            let (class, n) = self.labels[id as usize];
            self.by_label.entry((class, n)).or_insert(id);
        }
        let (class, n) = label.rsplit_once('#')?;
        let n: u32 = n.parse().ok()?;
        let class = self.classes.iter().position(|c| &**c == class)? as u32;
        self.by_label.get(&(class, n)).copied()
    }

    /// An object's label (`User#1`), when it was seen.
    pub fn name(&self, id: u32) -> Option<String> {
        let &(class, n) = self.labels.get(id as usize)?;
        let class = self.classes.get(class as usize)?;
        Some(ObjLabel { class: class.clone(), n, id }.to_string())
    }

    /// The life of one object, one step a line.
    pub fn text(&self, id: u32, title: &str) -> String {
        let mut out = format!("{}:\n", title);
        match self.steps_of(id) {
            steps if steps.is_empty() => out.push_str("  nothing recorded yet\n"),
            steps => {
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
            let steps = self.steps_of(*id);
            let lane: Vec<String> = steps.iter().filter_map(|s| s.what.to_state().map(|to| format!("{}@{}", to, s.line))).collect();
            let start = steps.first().map(|s| s.what.from_state());
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
