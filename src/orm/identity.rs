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
    pub pk: Box<[Value]>,
}

impl IdentityKey {
    /// `inspect(obj).identity`: the primary key tuple, as Python shows it.
    pub fn identity_repr(&self) -> String {
        let parts: Vec<String> = self.pk.iter().map(|v| v.py_repr()).collect();
        if parts.len() == 1 { format!("({},)", parts[0]) } else { format!("({})", parts.join(", ")) }
    }
}

/// The identity map of one session, in insertion order for stable listings.
#[derive(Default, Debug)]
pub struct IdentityMap {
    map: HashMap<IdentityKey, InstanceId>,
    /// Insertion order, with tombstones (None) compacted on listing.
    order: Vec<(IdentityKey, InstanceId)>,
    removed: usize,
}

impl IdentityMap {
    pub fn get(&self, key: &IdentityKey) -> Option<InstanceId> {
        self.map.get(key).copied()
    }
    pub fn contains_key(&self, key: &IdentityKey) -> bool {
        self.map.contains_key(key)
    }
    /// Add or replace; returns the instance that was there, if another.
    pub fn replace(&mut self, key: IdentityKey, id: InstanceId) -> Option<InstanceId> {
        let old = self.map.insert(key.clone(), id);
        if old != Some(id) {
            self.order.push((key, id));
            if old.is_some() {
                self.removed += 1;
            }
        }
        old.filter(|o| *o != id)
    }
    /// Remove `key` only if it maps to `id` (`safe_discard`).
    pub fn discard(&mut self, key: &IdentityKey, id: InstanceId) -> bool {
        if self.map.get(key) == Some(&id) {
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
    /// Every (key, instance), in the order they entered the map.
    pub fn all(&self) -> Vec<(IdentityKey, InstanceId)> {
        let mut seen = std::collections::HashSet::new();
        self.order.iter().filter(|(k, id)| self.map.get(k) == Some(id) && seen.insert(*id)).cloned().collect()
    }
    /// Every instance in the map, in the order they entered it.
    pub fn states(&self) -> Vec<InstanceId> {
        let mut seen = std::collections::HashSet::new();
        self.order.iter().filter(|(k, id)| self.map.get(k) == Some(id) && seen.insert(*id)).map(|(_, id)| *id).collect()
    }
    fn maybe_compact(&mut self) {
        if self.removed > 64 && self.removed > self.map.len() {
            let map = &self.map;
            let mut seen = std::collections::HashSet::new();
            self.order.retain(|(k, id)| map.get(k) == Some(id) && seen.insert(k.clone()));
            self.removed = 0;
        }
    }
}
