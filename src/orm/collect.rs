//! Freeing the arena slots of instances nothing can reach any more, so a
//! long `yield_per` loop that expunges as it goes runs in flat memory
//! (issue 10). `InstanceId` is an index into `Instances`; a slot is freed
//! (and later reused) only when its object is detached (no session), the
//! interpreter holds no Python object for it (the caller's `held`), and no
//! live instance, session or session transaction names it. CPython frees such
//! an object by reference counting; here a mark pass over the arena runs once
//! enough objects were detached since the last one (at least 1024, and half
//! the live instances), so the work per freed object stays constant.

use crate::orm::session::Orm;
use crate::orm::state::{IdHashSet, InstanceId, RelSlot};

impl Orm {
    /// Free what nothing reaches (see the module docs); the freed ids.
    /// `held(id)`: the interpreter still has a Python object for it.
    pub fn collect_instances(&mut self, held: &dyn Fn(InstanceId) -> bool) -> Vec<InstanceId> {
        let threshold = 1024.max(self.instances.live() / 2);
        if !self.instances.take_detached(threshold) {
            return Vec::new();
        }
        let mut cand: IdHashSet = self
            .instances
            .ids()
            .filter(|&id| self.instances.is_live(id) && self.instances.get(id).session().is_none() && !held(id))
            .collect();
        if cand.is_empty() {
            return Vec::new();
        }
        // what live instances name: relationships, their history, backref
        // changes waiting for a load, hasparent records
        for id in self.instances.ids() {
            if !self.instances.is_live(id) {
                continue;
            }
            let st = self.instances.get(id);
            let mut keep = |x: &InstanceId| {
                cand.remove(x);
            };
            let slot = |r: &RelSlot, keep: &mut dyn FnMut(&InstanceId)| match r {
                RelSlot::Scalar(Some(x)) => keep(x),
                RelSlot::Collection(v) => v.iter().for_each(keep),
                _ => {}
            };
            st.rels.iter().for_each(|r| slot(r, &mut keep));
            st.rel_committed.iter().for_each(|(_, r)| slot(r, &mut keep));
            for (_, added, removed) in st.pending.iter() {
                added.iter().chain(removed.iter()).for_each(&mut keep);
            }
            for (_, p) in st.parents.iter() {
                if let Some(p) = p {
                    keep(p);
                }
            }
        }
        // what sessions and their transactions name (a detached object can
        // still be in a transaction's records, restored by a rollback)
        for s in self.live_sessions() {
            for id in s.identity_map.states().iter().chain(s.new.iter()).chain(s.deleted.iter()).chain(s.modified.iter()) {
                cand.remove(id);
            }
            for t in &s.transactions {
                for id in t.new.iter().chain(t.deleted.iter()).chain(t.dirty.iter()) {
                    cand.remove(id);
                }
                for (id, _, _) in &t.key_switches {
                    cand.remove(id);
                }
            }
        }
        if let Some(p) = &self.populate_existing {
            for id in p {
                cand.remove(id);
            }
        }
        let mut freed: Vec<InstanceId> = cand.into_iter().collect();
        freed.sort_unstable();
        for &id in &freed {
            self.instances.free(id);
        }
        freed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Events;
    use std::rc::Rc;

    fn orm() -> Orm {
        let schema = r#"{"classes": {
            "User": {"table": "users", "columns": {"id": {"type": "integer", "primary_key": true}},
                     "relationships": {"addresses": {"target": "Address"}}},
            "Address": {"table": "addresses", "columns": {"id": {"type": "integer", "primary_key": true},
                        "user_id": {"type": "integer", "foreign_key": "users.id"}}}}}"#;
        Orm::new(Rc::new(crate::orm::schema_file::load_str(schema, "t.json").unwrap()), Events::null())
    }

    /// Unreferenced detached objects are freed once enough were detached, and
    /// their slots reused; one a live instance or the interpreter names stays.
    #[test]
    fn detached_unreferenced_slots_are_freed_and_reused() {
        let mut o = orm();
        let user = o.registry.lookup("User").unwrap();
        let address = o.registry.lookup("Address").unwrap();
        let ids: Vec<InstanceId> = (0..3000).map(|_| o.new_instance(address)).collect();
        let parent = o.new_instance(user);
        o.instances.get_mut(parent).rels[0] = RelSlot::Collection(vec![ids[5]]);
        let held = ids[7];
        assert!(o.collect_instances(&|_| false).is_empty(), "nothing detached yet: no pass");
        o.instances.note_detached(3000);
        let freed = o.collect_instances(&|id| id == held || id == parent);
        assert_eq!(freed.len(), 2998, "all but the referenced and the held one");
        assert!(!freed.contains(&ids[5]) && !freed.contains(&held));
        assert!(o.instances.is_live(ids[5]) && !o.instances.is_live(ids[0]));
        assert_eq!(o.instances.live(), 3);
        let again = o.new_instance(user);
        assert!(freed.contains(&again), "a freed slot is reused");
        assert_eq!(o.instances.get(again).label, 2, "labels keep counting");
    }
}
