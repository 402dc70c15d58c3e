//! Identity keys and the identity map: one object per (class, primary key) in
//! a session. Mirrors `sqlalchemy/orm/identity.py`.
//!
//! The map is strong (an object stays until expunged, deleted or the session
//! closes); SQLAlchemy's is weak — see docs/divergences.md.

use crate::orm::mapping::MapperId;
use crate::orm::state::InstanceId;
use crate::sql::value::Value;
use std::collections::HashMap;

/// `(class, primary key values)`: what `inspect(obj).key` shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdentityKey {
    pub mapper: MapperId,
    /// Shared between the identity map and `InstanceState::key`: one allocation.
    pub pk: std::rc::Rc<[Value]>,
}

impl IdentityKey {
    /// `inspect(obj).identity`: the primary key tuple, as Python shows it.
    pub fn identity_repr(&self) -> String {
        let parts: Vec<String> = self.pk.iter().map(|v| v.py_repr()).collect();
        if parts.len() == 1 { format!("({},)", parts[0]) } else { format!("({})", parts.join(", ")) }
    }
}

/// The identity map of one session, in insertion order for stable listings.
/// Entries live in an `IndexMap` (hash + insertion order in one table, one key
/// copy); removal is `swap_remove`-free tombstoning via `shift`-less marking so a
/// rollback or delete of many objects stays linear.
#[derive(Default, Debug)]
pub struct IdentityMap {
    map: HashMap<IdentityKey, (InstanceId, u64), crate::fxhash::FxBuild>,
    /// Insertion order: (sequence number, instance); entries whose sequence no
    /// longer matches the map are stale and skipped.
    order: Vec<(u64, InstanceId)>,
    seq: u64,
    removed: usize,
}

impl IdentityMap {
    pub fn get(&self, key: &IdentityKey) -> Option<InstanceId> {
        self.map.get(key).map(|(id, _)| *id)
    }
    pub fn contains_key(&self, key: &IdentityKey) -> bool {
        self.map.contains_key(key)
    }
    /// Add or replace; returns the instance that was there, if another.
    pub fn replace(&mut self, key: IdentityKey, id: InstanceId) -> Option<InstanceId> {
        use std::collections::hash_map::Entry;
        // one hash and probe (the entry), not a lookup and then an insert
        let old = match self.map.entry(key) {
            Entry::Occupied(mut e) => {
                if e.get().0 == id {
                    return None;
                }
                self.seq += 1;
                let (old, _) = e.insert((id, self.seq));
                self.removed += 1;
                Some(old)
            }
            Entry::Vacant(e) => {
                self.seq += 1;
                e.insert((id, self.seq));
                None
            }
        };
        self.order.push((self.seq, id));
        old
    }
    /// Remove `key` only if it maps to `id` (`safe_discard`).
    pub fn discard(&mut self, key: &IdentityKey, id: InstanceId) -> bool {
        if self.map.get(key).map(|(i, _)| *i) == Some(id) {
            self.map.remove(key);
            self.removed += 1;
            self.maybe_compact();
            true
        } else {
            false
        }
    }
    pub fn len(&self) -> usize {
        self.map.len()
    }
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
    pub fn clear(&mut self) {
        self.map.clear();
        self.order.clear();
        self.removed = 0;
    }
    fn live_seqs(&self) -> std::collections::HashSet<u64, crate::fxhash::FxBuild> {
        self.map.values().map(|(_, s)| *s).collect()
    }
    /// Every (key, instance), in the order they entered the map.
    pub fn all(&self) -> Vec<(IdentityKey, InstanceId)> {
        let mut by_seq: Vec<(u64, IdentityKey, InstanceId)> = self.map.iter().map(|(k, (id, s))| (*s, k.clone(), *id)).collect();
        by_seq.sort_by_key(|(s, _, _)| *s);
        by_seq.into_iter().map(|(_, k, id)| (k, id)).collect()
    }
    /// Every instance in the map, in the order they entered it.
    pub fn states(&self) -> Vec<InstanceId> {
        if self.removed == 0 {
            return self.order.iter().map(|(_, id)| *id).collect();
        }
        let live = self.live_seqs();
        self.order.iter().filter(|(s, _)| live.contains(s)).map(|(_, id)| *id).collect()
    }
    fn maybe_compact(&mut self) {
        if self.removed > 64 && self.removed > self.map.len() {
            let live = self.live_seqs();
            self.order.retain(|(s, _)| live.contains(s));
            self.removed = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: i64) -> IdentityKey {
        IdentityKey { mapper: MapperId(0), pk: vec![Value::Int(i)].into() }
    }

    #[test]
    fn replace_reports_the_displaced_instance_and_keeps_entry_order() {
        let mut m = IdentityMap::default();
        assert_eq!(m.replace(key(1), InstanceId(10)), None);
        assert_eq!(m.replace(key(2), InstanceId(20)), None);
        assert_eq!(m.replace(key(1), InstanceId(10)), None, "same instance again: no change");
        assert_eq!(m.states(), vec![InstanceId(10), InstanceId(20)]);
        assert_eq!(m.replace(key(1), InstanceId(11)), Some(InstanceId(10)));
        assert_eq!(m.get(&key(1)), Some(InstanceId(11)));
        assert_eq!(m.len(), 2);
        // the replacement entered the map last
        assert_eq!(m.states(), vec![InstanceId(20), InstanceId(11)]);
        assert!(m.discard(&key(2), InstanceId(20)));
        assert!(!m.discard(&key(2), InstanceId(20)));
        assert_eq!(m.states(), vec![InstanceId(11)]);
    }
}
