//! The flush's action graph and its order, as pure functions: which actions a
//! flush has (a save and a delete per mapper, two "process" actions per
//! relationship that takes part), the edges the dependency rules of each
//! relationship direction draw between them (the `per_property_dependencies`
//! of SQLAlchemy's `orm/dependency.py`), and their order (sorted by SQLAlchemy's
//! sort keys, then `topological.sort_as_subsets`). Knows no instances and no
//! session: `flush_order.rs` says which mappers and relationships take part and
//! gives the keys; the unit tests below check the orders SQLAlchemy's
//! `UOWTransaction` produces.

use crate::orm::mapping::{Direction, MapperId};
use indexmap::IndexSet;

/// One action of the flush graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Delete(MapperId),
    /// A relationship's processing: (mapper, relationship, for deletes).
    Process(MapperId, usize, bool),
    Save(MapperId),
}

/// A relationship that takes part in the flush (not viewonly, not
/// self-referential: those are ordered per row inside their mapper's actions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelDep {
    pub mapper: MapperId,
    pub ri: usize,
    pub target: MapperId,
    pub direction: Direction,
}

/// The actions and edges (`(a, b)`: `a` runs before `b`) for the mappers of a
/// flush and its relationships, nodes in first-mention order.
pub fn action_graph(mappers: &[MapperId], rels: &[RelDep]) -> (Vec<Action>, Vec<(Action, Action)>) {
    let mut nodes: IndexSet<Action> = IndexSet::new();
    let mut edges: Vec<(Action, Action)> = Vec::new();
    for &m in mappers {
        nodes.insert(Action::Save(m));
        nodes.insert(Action::Delete(m));
        edges.push((Action::Save(m), Action::Delete(m)));
    }
    for r in rels {
        let (m, t) = (r.mapper, r.target);
        let (after, before) = (Action::Process(m, r.ri, false), Action::Process(m, r.ri, true));
        let (ps, cs, pd, cd) = (Action::Save(m), Action::Save(t), Action::Delete(m), Action::Delete(t));
        for n in [after, before, ps, cs, pd, cd] {
            nodes.insert(n);
        }
        match r.direction {
            Direction::OneToMany => edges.extend([(ps, after), (after, cs), (after, cd), (cs, pd), (cd, pd), (before, cs), (before, cd)]),
            Direction::ManyToOne => edges.extend([(cs, after), (after, ps), (ps, cd), (pd, cd)]),
            Direction::ManyToMany => edges.extend([(ps, after), (cs, after), (after, cd), (before, ps), (before, pd), (before, cd), (before, cs)]),
        }
    }
    (nodes.into_iter().collect(), edges)
}

/// The actions in execution order: sorted by `key` (SQLAlchemy's `sort_key`:
/// action kind, then class name), then layer by layer along the edges. Also
/// returns the positions of actions that were in a cycle between mappers (run
/// in key order).
pub fn sort_actions<K: Ord>(mappers: &[MapperId], rels: &[RelDep], key: impl FnMut(&Action) -> K) -> (Vec<Action>, Vec<usize>) {
    let (mut todo, edges) = action_graph(mappers, rels);
    todo.sort_by_cached_key(key);
    crate::orm::topological::sort_as_subsets(todo, &edges)
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: MapperId = MapperId(0);
    const ADDRESS: MapperId = MapperId(1);

    /// SQLAlchemy's sort key, with the class names of the two test mappers.
    fn key(a: &Action) -> (&'static str, String, bool) {
        let class = |m: MapperId| if m == USER { "User" } else { "Address" };
        match *a {
            Action::Delete(m) => ("DeleteAll", class(m).to_string(), false),
            Action::Save(m) => ("SaveUpdateAll", class(m).to_string(), false),
            Action::Process(m, _, d) => ("ProcessAll", format!("{}_rel", class(m)), d),
        }
    }

    #[test]
    fn one_to_many_saves_the_parent_first_and_deletes_it_last() {
        let rel = RelDep { mapper: USER, ri: 0, target: ADDRESS, direction: Direction::OneToMany };
        let (order, cyclic) = sort_actions(&[USER, ADDRESS], &[rel], key);
        use Action::*;
        // UOWTransaction: ProcessAll(User.addresses, delete), SaveUpdateAll(User),
        // ProcessAll(User.addresses), SaveUpdateAll(Address), DeleteAll(Address), DeleteAll(User)
        assert_eq!(order, vec![Process(USER, 0, true), Save(USER), Process(USER, 0, false), Save(ADDRESS), Delete(ADDRESS), Delete(USER)]);
        assert!(cyclic.is_empty());
    }

    #[test]
    fn many_to_one_is_the_same_order_seen_from_the_child() {
        let rel = RelDep { mapper: ADDRESS, ri: 0, target: USER, direction: Direction::ManyToOne };
        let (order, _) = sort_actions(&[ADDRESS, USER], &[rel], key);
        let at = |a: Action| order.iter().position(|x| *x == a).expect("action present");
        use Action::*;
        assert!(at(Save(USER)) < at(Process(ADDRESS, 0, false)));
        assert!(at(Process(ADDRESS, 0, false)) < at(Save(ADDRESS)));
        assert!(at(Save(ADDRESS)) < at(Delete(USER)));
        assert!(at(Delete(ADDRESS)) < at(Delete(USER)));
        assert_eq!(order.len(), 6);
    }

    #[test]
    fn many_to_many_rows_go_after_both_saves_and_before_the_deletes() {
        let rel = RelDep { mapper: USER, ri: 0, target: ADDRESS, direction: Direction::ManyToMany };
        let (order, _) = sort_actions(&[USER, ADDRESS], &[rel], key);
        let at = |a: Action| order.iter().position(|x| *x == a).expect("action present");
        use Action::*;
        for save in [Save(USER), Save(ADDRESS)] {
            assert!(at(save) < at(Process(USER, 0, false)));
        }
        assert!(at(Process(USER, 0, false)) < at(Delete(ADDRESS)));
        assert!(at(Process(USER, 0, true)) < at(Delete(USER)));
    }

    #[test]
    fn a_cycle_between_mappers_runs_in_key_order_and_is_reported() {
        let rels = [
            RelDep { mapper: USER, ri: 0, target: ADDRESS, direction: Direction::OneToMany },
            RelDep { mapper: ADDRESS, ri: 1, target: USER, direction: Direction::OneToMany },
        ];
        let (order, cyclic) = sort_actions(&[USER, ADDRESS], &rels, key);
        assert_eq!(order.len(), 8);
        assert!(!cyclic.is_empty());
        // the cyclic tail keeps the key order
        let tail: Vec<_> = cyclic.iter().map(|&i| key(&order[i])).collect();
        let mut sorted = tail.clone();
        sorted.sort();
        assert_eq!(tail, sorted);
    }

    #[test]
    fn mappers_alone_save_before_they_delete() {
        let (order, _) = sort_actions(&[USER], &[], key);
        assert_eq!(order, vec![Action::Save(USER), Action::Delete(USER)]);
    }
}
