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

/// Lifecycle events held back until the run ends.
#[derive(Default)]
pub struct Held {
    events: Vec<Event>,
}

impl Held {
    pub fn push(&mut self, ev: Event) {
        self.events.push(ev);
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Render the run into `out` (summarised where it is large) and forget it.
    pub fn drain_into(&mut self, settings: &Settings, p: &Palette, out: &mut String) {
        let events = std::mem::take(&mut self.events);
        let tables = super::text::TableStyle::Aligned;
        let mut groups: IndexMap<(Rc<str>, Kind), Vec<usize>, crate::fxhash::FxBuild> = IndexMap::default();
        for (i, ev) in events.iter().enumerate() {
            if let Some((obj, kind)) = key(ev) {
                groups.entry((obj.class.clone(), kind)).or_default().push(i);
            }
        }
        if groups.values().all(|g| g.len() <= COLLAPSE_ABOVE) {
            for ev in &events {
                render_event_into(ev, settings, p, tables, out);
            }
            return;
        }
        for ((class, kind), members) in &groups {
            let named = |i: &&usize| {
                key(&events[**i]).is_some_and(|(obj, _)| settings.namer.as_ref().is_some_and(|namer| namer(obj).is_some()))
            };
            let (own_line, rest): (Vec<&usize>, Vec<&usize>) = members.iter().partition(named);
            let (own_line, rest): (Vec<usize>, Vec<usize>) = (own_line.into_iter().copied().collect(), rest.into_iter().copied().collect());
            let rest = if rest.len() <= COLLAPSE_ABOVE {
                own_line_all(&rest, &events, settings, p, out);
                0
            } else {
                rest.len()
            };
            if rest > 0 {
                summary_line(rest, class, kind, p, out);
            }
            own_line_all(&own_line, &events, settings, p, out);
        }
    }
}

fn own_line_all(members: &[usize], events: &[Event], settings: &Settings, p: &Palette, out: &mut String) {
    for &i in members {
        render_event_into(&events[i], settings, p, super::text::TableStyle::Aligned, out);
    }
}

fn key(ev: &Event) -> Option<(&ObjLabel, Kind)> {
    match ev {
        Event::State { obj, from, to } => Some((obj, Kind::Transition(*from, *to))),
        Event::Expire { obj, attrs: None } => Some((obj, Kind::ExpireAll)),
        Event::Expire { obj, attrs: Some(names) } => {
            let mut names = names.clone();
            names.sort();
            Some((obj, Kind::Expire(names)))
        }
        _ => None,
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
            held.push(ev);
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

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
