//! Lifecycle lines that scale: under `.events summary` (the default), the
//! transitions and expirations of one run of such events (between two other
//! events: SQL, a value, an error …) are held back, and a kind with more than
//! [`COLLAPSE_ABOVE`] objects of one class becomes one line:
//!
//! ```text
//! 3,290 Track  loaded → persistent
//! expired 3,290 Track: all attributes
//! ```
//!
//! Objects bound to a name always keep their own line (`Playlist#1 (p)  …`).
//! Small runs are shown exactly as under `.events all`, so the transcripts of
//! small statements keep every line. The jsonl trace never passes through
//! here: it keeps every event.

use super::text::{render_event_into, Palette};
use super::Settings;
use crate::events::{Event, LifecycleState, ObjLabel};
use indexmap::IndexMap;
use std::rc::Rc;

/// More objects than this of one class and kind in one run collapse to one line.
pub const COLLAPSE_ABOVE: usize = 10;

/// What happened to the objects of a summary line.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Kind {
    Transition(Option<LifecycleState>, LifecycleState),
    ExpireAll,
    /// Sorted attribute names.
    Expire(Vec<String>),
}

/// Lifecycle events held back until the run ends, kept compact: a load of
/// 100,000 objects holds 100,000 transitions, and a whole `Event` each (168
/// bytes, with its label's `Rc`) was a third of the memory of the load
/// (bench W5). Each held event is its group (class and kind, shared) and the
/// object's two numbers; the event is rebuilt when it is rendered on its own.
#[derive(Default)]
pub struct Held {
    /// (class, kind) of every group in order of first appearance.
    groups: IndexMap<(Rc<str>, Kind), (), crate::fxhash::FxBuild>,
    /// Attribute lists of partial expirations in the order given (the group
    /// key sorts them; a line of its own shows them as they came).
    orders: indexmap::IndexSet<Vec<String>, crate::fxhash::FxBuild>,
    events: Vec<HeldEvent>,
    /// Per group, the events past [`MAX_HELD`] (counted, not kept: a
    /// `yield_per` loop over millions of rows is one run).
    overflow: Vec<usize>,
    /// The group of the last event held: a run of one kind of one class (a
    /// loop of adds, a flush) finds its group without hashing.
    last: Option<(Rc<str>, Kind, u32)>,
}

/// Runs held one by one; past this, a group only counts its events (and
/// an object named then is counted in its group's line, not shown on its own).
pub const MAX_HELD: usize = 100_000;

/// A run of held events: indexes into `Held::groups` (and `Held::orders`
/// for a partial expiration, else `u32::MAX`) and the label numbers of the
/// first object; the run's `count` objects follow it (`n + k`, `id + k`).
/// A loop of adds, a flush or a load is one run: nothing per object.
#[derive(Clone, Copy)]
struct HeldEvent {
    group: u32,
    order: u32,
    n: u32,
    id: u32,
    count: u32,
}

impl HeldEvent {
    /// The run's objects, one event each.
    fn each(self) -> impl Iterator<Item = HeldEvent> {
        (0..self.count).map(move |k| HeldEvent { n: self.n + k, id: self.id + k, count: 1, ..self })
    }
}

impl Held {
    /// Hold `ev` when it is a lifecycle event (a transition or an
    /// expiration); give it back otherwise.
    pub fn push(&mut self, ev: Event) -> Option<Event> {
        let (obj, kind, order) = match ev {
            Event::State { obj, from, to } => (obj, Kind::Transition(from, to), u32::MAX),
            Event::Expire { obj, attrs: None } => (obj, Kind::ExpireAll, u32::MAX),
            Event::Expire { obj, attrs: Some(names) } => {
                let mut sorted = names.clone();
                sorted.sort();
                let (order, _) = self.orders.insert_full(names);
                (obj, Kind::Expire(sorted), order as u32)
            }
            other => return Some(other),
        };
        let group = match &self.last {
            Some((class, k, g)) if Rc::ptr_eq(class, &obj.class) && *k == kind => *g as usize,
            _ => {
                let group = match self.groups.get_index_of(&(obj.class.clone(), kind.clone())) {
                    Some(g) => g,
                    None => self.groups.insert_full((obj.class.clone(), kind.clone()), ()).0,
                };
                self.last = Some((obj.class.clone(), kind, group as u32));
                group
            }
        };
        let group = group as u32;
        if let Some(run) = self.events.last_mut() {
            if run.group == group
                && run.order == order
                && run.n.checked_add(run.count) == Some(obj.n)
                && run.id.checked_add(run.count) == Some(obj.id)
            {
                run.count += 1;
                return None;
            }
        }
        if self.events.len() >= MAX_HELD {
            let g = group as usize;
            if self.overflow.len() <= g {
                self.overflow.resize(g + 1, 0);
            }
            self.overflow[g] += 1;
            return None;
        }
        self.events.push(HeldEvent { group, order, n: obj.n, id: obj.id, count: 1 });
        None
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The event `h` stands for.
    fn event(&self, h: &HeldEvent) -> Event {
        let ((class, kind), ()) = self.groups.get_index(h.group as usize).expect("held group");
        let obj = ObjLabel { class: class.clone(), n: h.n, id: h.id };
        match kind {
            Kind::Transition(from, to) => Event::State { obj, from: *from, to: *to },
            Kind::ExpireAll => Event::Expire { obj, attrs: None },
            Kind::Expire(sorted) => {
                let names = self.orders.get_index(h.order as usize).cloned().unwrap_or_else(|| sorted.clone());
                Event::Expire { obj, attrs: Some(names) }
            }
        }
    }

    fn label(&self, h: &HeldEvent) -> ObjLabel {
        let ((class, _), ()) = self.groups.get_index(h.group as usize).expect("held group");
        ObjLabel { class: class.clone(), n: h.n, id: h.id }
    }

    /// Render the run into `out` (summarised where it is large) and forget it.
    pub fn drain_into(&mut self, settings: &Settings, p: &Palette, out: &mut String) {
        let events = std::mem::take(&mut self.events);
        let overflow = std::mem::take(&mut self.overflow);
        let mut sizes = vec![0usize; self.groups.len()];
        for h in &events {
            sizes[h.group as usize] += h.count as usize;
        }
        for (g, n) in overflow.iter().enumerate() {
            sizes[g] += n;
        }
        if sizes.iter().all(|&n| n <= COLLAPSE_ABOVE) {
            for h in events.iter().flat_map(|h| h.each()) {
                self.render(&h, settings, p, out);
            }
        } else {
            let named = |h: &HeldEvent| settings.namer.as_ref().is_some_and(|namer| namer(&self.label(h)).is_some());
            for (g, ((class, kind), ())) in self.groups.iter().enumerate() {
                let members = || events.iter().filter(|h| h.group as usize == g).flat_map(|h| h.each());
                // each member asked once whether a name is bound to it
                let with_names: Vec<HeldEvent> = members().filter(|h| named(h)).collect();
                let rest = sizes[g] - with_names.len();
                if rest <= COLLAPSE_ABOVE {
                    for h in members().filter(|h| !named(h)) {
                        self.render(&h, settings, p, out);
                    }
                } else {
                    summary_line(rest, class, kind, p, out);
                }
                for h in &with_names {
                    self.render(h, settings, p, out);
                }
            }
        }
        self.groups.clear();
        self.orders.clear();
        self.last = None;
    }

    fn render(&self, h: &HeldEvent, settings: &Settings, p: &Palette, out: &mut String) {
        render_event_into(&self.event(h), settings, p, super::text::TableStyle::Aligned, out);
    }
}

fn summary_line(n: usize, class: &str, kind: &Kind, p: &Palette, out: &mut String) {
    let count = thousands(n);
    match kind {
        Kind::Transition(from, to) => {
            out.push_str(&format!(
                "{}{} {}{}  {}{} → {}{}\n",
                p.obj,
                count,
                class,
                p.reset,
                p.state,
                from.map(|s| s.name()).unwrap_or("loaded"),
                to.name(),
                p.reset
            ));
        }
        Kind::ExpireAll => out.push_str(&format!("expired {}{} {}{}: all attributes\n", p.obj, count, class, p.reset)),
        Kind::Expire(names) => {
            out.push_str(&format!("expired {}{} {}{}: {}\n", p.obj, count, class, p.reset, names.join(", ")))
        }
    }
}

/// `3291` as `3,291`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::text::NO_COLOR;
    use super::super::Format;
    use super::*;

    fn label(class: &str, n: u32) -> ObjLabel {
        ObjLabel { class: class.into(), n, id: n }
    }

    fn loaded(class: &str, n: u32) -> Event {
        Event::State { obj: label(class, n), from: None, to: LifecycleState::Persistent }
    }

    fn run(events: Vec<Event>, settings: &Settings) -> String {
        let mut held = Held::default();
        for ev in events {
            assert!(held.push(ev).is_none());
        }
        let mut out = String::new();
        held.drain_into(settings, &NO_COLOR, &mut out);
        assert!(held.is_empty());
        out
    }

    #[test]
    fn small_runs_keep_every_line_in_order() {
        let s = Settings::new(Format::Plain, true, false);
        let events = (1..=10).map(|n| loaded(if n % 2 == 0 { "A" } else { "B" }, n)).collect();
        let out = run(events, &s);
        assert_eq!(out.lines().count(), 10);
        assert!(out.starts_with("B#1  loaded → persistent\nA#2  loaded → persistent\n"), "{}", out);
    }

    #[test]
    fn many_of_a_kind_collapse_to_one_line_per_class_and_kind() {
        let mut s = Settings::new(Format::Plain, true, false);
        s.namer = Some(Rc::new(|o: &ObjLabel| (o.class.as_ref() == "Playlist").then(|| "p".to_string())));
        let mut events = vec![loaded("Playlist", 1)];
        events.extend((1..=3290).map(|n| loaded("Track", n)));
        events.extend((1..=3).map(|n| loaded("Album", n)));
        events.extend((1..=3290).map(|n| Event::Expire { obj: label("Track", n), attrs: None }));
        events.push(Event::Expire { obj: label("Playlist", 1), attrs: None });
        events.extend((1..=12).map(|n| Event::Expire { obj: label("Album", n), attrs: Some(vec!["b".into(), "a".into()]) }));
        let out = run(events, &s);
        assert_eq!(
            out,
            "Playlist#1 (p)  loaded → persistent\n\
             3,290 Track  loaded → persistent\n\
             Album#1  loaded → persistent\nAlbum#2  loaded → persistent\nAlbum#3  loaded → persistent\n\
             expired 3,290 Track: all attributes\n\
             expired Playlist#1 (p): all attributes\n\
             expired 12 Album: a, b\n"
        );
    }

    /// Past MAX_HELD events a run only counts (memory stays flat): the
    /// summary line still gives the whole count, in each group.
    #[test]
    fn a_run_past_the_cap_is_counted_not_held() {
        let s = Settings::new(Format::Plain, true, false);
        let n = MAX_HELD as u32 + 5000;
        let mut held = Held::default();
        for i in 1..=n {
            assert!(held.push(loaded("Track", i)).is_none());
            assert!(held.push(Event::State { obj: label("Track", i), from: Some(LifecycleState::Persistent), to: LifecycleState::Detached }).is_none());
        }
        assert_eq!(held.events.len(), MAX_HELD);
        let mut out = String::new();
        held.drain_into(&s, &NO_COLOR, &mut out);
        assert_eq!(out, "105,000 Track  loaded → persistent\n105,000 Track  persistent → detached\n");
        assert!(held.is_empty() && held.overflow.is_empty());
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
