//! The order of a flush's statements, decided as SQLAlchemy's unit of work
//! decides it: per-mapper "save" and "delete" actions and per-relationship
//! "process" actions, linked by the dependency rules of each relationship
//! direction, sorted by SQLAlchemy's sort keys (action kind, then class name)
//! and run layer by layer (`topological.sort_as_subsets`). Mirrors
//! `orm/unitofwork.py` (`UOWTransaction.execute`, `_SaveUpdateAll`,
//! `_DeleteAll`, `_ProcessAll`) and the `per_property_dependencies` of
//! `orm/dependency.py`.
//!
//! The graph and its sort are pure functions in `flush_graph.rs` (with unit
//! tests); this file says which mappers and relationships take part, runs the
//! actions and orders the rows inside each.
//!
//! Self-referential relationships are not part of the graph: their rows are
//! ordered inside the mapper's own save and delete actions (SQLAlchemy's
//! per-state cycle resolution gives the same statements).

use crate::exc::Result;
use crate::orm::dependency::{FlushPlan, SecondaryChange};
use crate::orm::mapping::{Direction, MapperId};
use crate::orm::session::Orm;
use crate::orm::state::{IdHashSet, IdSet, InstanceId, RelSlot, SessionId};
use crate::sql::value::Value;
use indexmap::IndexSet;
use std::collections::HashSet;

pub use crate::orm::flush_graph::Action;
use crate::orm::flush_graph::RelDep;

/// The working set of one flush and what it has done so far: SQLAlchemy's
/// `UOWTransaction`. `execute_flush` builds it from the session's new, dirty
/// and deleted objects and the presort's plan; each action reads and extends
/// it; `finalize_flush` takes it at the end.
pub(crate) struct UowTransaction {
    pub sid: SessionId,
    /// Pending objects to INSERT, in the session's order.
    pub new: Vec<InstanceId>,
    /// Objects to DELETE: the session's, and the presort's orphans and cascades.
    pub deleted: Vec<InstanceId>,
    pub deleted_set: IdHashSet,
    /// Every object of the flush that is not deleted.
    pub saved: Vec<InstanceId>,
    /// What relationship processing decided before the first statement.
    pub plan: FlushPlan,
    /// Objects INSERTed (row switches included) and UPDATEd so far.
    pub inserted: Vec<InstanceId>,
    pub updated: Vec<InstanceId>,
    /// Deleted objects whose row a pending object took over (row switch): no DELETE.
    pub switched_out: IdHashSet,
    /// Association rows written so far (`emit_secondary` skips a repeat).
    written: HashSet<(bool, crate::sql::schema::TableId, Vec<Value>)>,
    /// Objects in (or after) a cycle of objects: not saved nor deleted.
    stuck: IdHashSet,
}

impl Orm {
    /// SQLAlchemy's `sort_key` of an action.
    fn action_key(&self, a: Action) -> (&'static str, String, bool) {
        let class = |m: MapperId| self.registry.mapper(m).class_name.clone();
        match a {
            Action::Delete(m) => ("DeleteAll", class(m), false),
            Action::Save(m) => ("SaveUpdateAll", class(m), false),
            Action::Process(m, ri, d) => ("ProcessAll", format!("{}_{}", class(m), self.registry.mapper(m).relationships[ri].name), d),
        }
    }

    /// Does a relationship take part (`prop_has_changes`): some object of
    /// its class in the flush has a value or a change there, or the related
    /// class has objects in the flush too.
    fn relationship_involved(&self, m: MapperId, ri: usize, objects: &[InstanceId], mappers: &IndexSet<MapperId>) -> bool {
        let target = self.registry.mapper(m).relationships[ri].target;
        let mut any = false;
        for &x in objects {
            let st = self.instances.get(x);
            if st.mapper != m {
                continue;
            }
            any = true;
            let has_value = match &st.rels[ri] {
                RelSlot::Scalar(Some(_)) => true,
                RelSlot::Collection(v) => !v.is_empty(),
                _ => false,
            };
            let changed = st.rel_committed.iter().any(|(k, orig)| {
                *k as usize == ri
                    && match orig {
                        RelSlot::Scalar(Some(_)) => true,
                        RelSlot::Collection(v) => !v.is_empty(),
                        // a reference set to None over a value never loaded: History(added=[None])
                        RelSlot::Absent => matches!(st.rels[ri], RelSlot::Scalar(None)),
                        _ => false,
                    }
            });
            let nones = st.nones.iter().any(|e| e.0 as usize == ri && !e.1.is_empty());
            if has_value || changed || nones || st.pending.iter().any(|(k, _, _)| *k as usize == ri) {
                return true;
            }
        }
        any && target != m && mappers.contains(&target)
    }

    /// The per-object actions of self-referential relationships (`per_state_dependencies`
    /// of `dependency.py`, which SQLAlchemy uses for mappers in a cycle) must sort: an
    /// object that is its own child, directly or through others in this flush, cannot
    /// be ordered (`topological.sort_as_subsets` raises CircularDependencyError).
    pub(crate) fn check_object_cycles(&self, objects: &[InstanceId], deleted: &IdHashSet) -> Result<()> {
        match self.object_cycle(objects, deleted) {
            Some((e, _)) => Err(e),
            None => Ok(()),
        }
    }

    /// [`Self::check_object_cycles`]'s error with the objects whose save or delete
    /// cannot run: those in a cycle and those after one (`sort_as_subsets` runs every
    /// layer before the one it cannot form, then raises).
    pub(crate) fn object_cycle(&self, objects: &[InstanceId], deleted: &IdHashSet) -> Option<(crate::exc::Error, IdHashSet)> {
        // nodes: (0 save | 1 delete | 2 process saves | 3 process deletes, object, relationship)
        type Node = (u8, InstanceId, usize);
        let inflush: IdHashSet = objects.iter().copied().collect();
        let mut edges: Vec<(Node, Node)> = Vec::new();
        for &x in objects {
            let m = self.instances.get(x).mapper;
            for (ri, rel) in self.registry.mapper(m).relationships.iter().enumerate() {
                if rel.viewonly || rel.target != m || rel.secondary.is_some() {
                    continue;
                }
                let st = self.instances.get(x);
                let mut children: Vec<InstanceId> = match &st.rels[ri] {
                    RelSlot::Collection(v) => v.clone(),
                    RelSlot::Scalar(Some(c)) => vec![*c],
                    _ => Vec::new(),
                };
                children.extend(self.rel_history(x, ri).deleted);
                let xdel = deleted.contains(&x);
                let (save_x, del_x) = ((0, x, 0), (1, x, 0));
                let (after_save, before_delete) = ((2, x, ri), (3, x, ri));
                for c in children {
                    if !inflush.contains(&c) {
                        continue;
                    }
                    let cdel = deleted.contains(&c);
                    let child = if cdel { (1, c, 0) } else { (0, c, 0) };
                    match (rel.direction, xdel) {
                        (Direction::ManyToOne, false) if !cdel => edges.extend([(child, after_save), (after_save, save_x)]),
                        (Direction::ManyToOne, false) => edges.push((after_save, save_x)),
                        (Direction::ManyToOne, true) if cdel => edges.push((del_x, child)),
                        (Direction::ManyToOne, true) => {}
                        (_, false) => edges.extend([(save_x, after_save), (after_save, child), (save_x, child)]),
                        (_, true) => edges.extend([(before_delete, child), (child, del_x)]),
                    }
                }
            }
        }
        if edges.is_empty() {
            return None;
        }
        // Kahn's algorithm: what cannot be emptied is a cycle (or follows one)
        edges.sort();
        edges.dedup();
        let mut nodes: Vec<Node> = edges.iter().flat_map(|(a, b)| [*a, *b]).collect();
        nodes.sort();
        nodes.dedup();
        let index = |n: &Node| nodes.binary_search(n).unwrap_or(0);
        let mut indegree = vec![0usize; nodes.len()];
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        for (a, b) in &edges {
            let (ia, ib) = (index(a), index(b));
            out[ia].push(ib);
            indegree[ib] += 1;
        }
        let mut free: Vec<usize> = (0..nodes.len()).filter(|&i| indegree[i] == 0).collect();
        let mut done = 0;
        while let Some(i) = free.pop() {
            done += 1;
            for &j in &out[i] {
                indegree[j] -= 1;
                if indegree[j] == 0 {
                    free.push(j);
                }
            }
        }
        if done == nodes.len() {
            return None;
        }
        let cycle: Vec<Node> = (0..nodes.len()).filter(|&i| indegree[i] > 0).map(|i| nodes[i]).collect();
        let stuck: IdHashSet = cycle.iter().filter(|n| n.0 < 2).map(|n| n.1).collect();
        let show = |n: &Node| -> String {
            let st = self.instances.state_str(n.1);
            let m = self.registry.mapper(self.instances.get(n.1).mapper);
            match n.0 {
                0 => format!("_SaveUpdateState({})", st),
                1 => format!("_DeleteState({})", st),
                k => {
                    let rel = &m.relationships[n.2];
                    let dp = if rel.direction == Direction::ManyToOne { "_ManyToOneDP" } else { "_OneToManyDP" };
                    format!("_ProcessState({}({}.{}), {}, delete={})", dp, m.class_name, rel.name, st, if k == 3 { "True" } else { "False" })
                }
            }
        };
        let list: Vec<String> = cycle.iter().map(show).collect();
        let e = crate::exc::Error::new(crate::exc::ErrorKind::CircularDependencyError, format!("Circular dependency detected. ({})", list.join(", ")));
        Some((e, stuck))
    }

    /// The actions of this flush in execution order.
    fn flush_actions(&self, objects: &[InstanceId]) -> Vec<Action> {
        self.flush_actions_marked(objects).0
    }

    /// [`Self::flush_actions`], with the positions of the actions that were
    /// part of a cycle between mappers (run in sort-key order).
    pub(crate) fn flush_actions_marked(&self, objects: &[InstanceId]) -> (Vec<Action>, Vec<usize>) {
        let (mappers, rels) = self.flush_graph_parts(objects);
        crate::orm::flush_graph::sort_actions(&mappers, &rels, |a| self.action_key(*a))
    }

    /// The mappers and relationships of a flush's action graph.
    fn flush_graph_parts(&self, objects: &[InstanceId]) -> (Vec<MapperId>, Vec<RelDep>) {
        let mut mappers: IndexSet<MapperId> = IndexSet::new();
        for &x in objects {
            mappers.insert(self.instances.get(x).mapper);
        }
        let mut rels: Vec<RelDep> = Vec::new();
        for &m in &mappers {
            for (ri, rel) in self.registry.mapper(m).relationships.iter().enumerate() {
                if rel.viewonly || rel.target == m || !self.relationship_involved(m, ri, objects, &mappers) {
                    continue;
                }
                rels.push(RelDep { mapper: m, ri, target: rel.target, direction: rel.direction });
            }
        }
        (mappers.into_iter().collect(), rels)
    }

    /// The actions that cannot run before a cycle of objects: every action after
    /// the save (or delete) of a mapper one of whose objects is stuck. The stuck
    /// mapper's own save and delete run for its other objects (their per-object
    /// actions come before the cycle), unless reached from a root (a stuck save
    /// blocks the mapper's deletes: every `_SaveUpdateState` precedes `_DeleteAll`).
    fn actions_after_cycle(&self, objects: &[InstanceId], stuck: &IdHashSet, deleted: &IdHashSet) -> HashSet<Action> {
        let (mappers, rels) = self.flush_graph_parts(objects);
        let (_, edges) = crate::orm::flush_graph::action_graph(&mappers, &rels);
        let mut roots: Vec<Action> = Vec::new();
        for &x in stuck {
            let m = self.instances.get(x).mapper;
            roots.push(if deleted.contains(&x) { Action::Delete(m) } else { Action::Save(m) });
        }
        let mut blocked: HashSet<Action> = HashSet::new();
        let mut todo = roots.clone();
        while let Some(a) = todo.pop() {
            for (from, to) in &edges {
                if *from == a && blocked.insert(*to) {
                    todo.push(*to);
                }
            }
        }
        blocked
    }

    /// Run a flush: presort, then every action in order. Returns the flush's
    /// working set with what it inserted, updated and deleted, for `finalize_flush`.
    pub(crate) fn execute_flush(&mut self, sid: SessionId, new: &[InstanceId], dirty: &[InstanceId], deleted: &[InstanceId]) -> Result<UowTransaction> {
        let mut deleted = deleted.to_vec();
        let saves: Vec<InstanceId> = new.iter().chain(dirty.iter()).copied().collect();
        self.load_deferred_history(&saves)?;
        let plan = self.presort_relationships(&saves, &mut deleted)?;
        // a cancelled delete is saved: its changes are written as any dirty object's
        self.session_mut(sid).modified.extend(plan.cancelled.iter().copied());
        let deleted_set: IdHashSet = deleted.iter().copied().collect();
        let objects: Vec<InstanceId> = {
            let s = self.session(sid);
            let mut v: IdSet = new.iter().copied().collect();
            v.extend(s.modified.iter().copied());
            v.extend(deleted.iter().copied());
            v.extend(plan.list_only.iter().copied());
            let saving: Vec<InstanceId> = v.iter().copied().collect();
            v.extend(self.registered_children(sid, &saving, &deleted_set));
            v.into_iter().collect()
        };
        // a cycle of objects: the actions before it run, then CircularDependencyError
        let cycle = self.object_cycle(&objects, &deleted_set);
        let blocked = match &cycle {
            Some((_, stuck)) => self.actions_after_cycle(&objects, stuck, &deleted_set),
            None => HashSet::new(),
        };
        let actions: Vec<Action> = self.flush_actions(&objects).into_iter().filter(|a| !blocked.contains(a)).collect();
        let saved: Vec<InstanceId> = objects.iter().copied().filter(|x| !deleted_set.contains(x)).collect();
        let mut uow = UowTransaction {
            sid,
            new: new.to_vec(),
            deleted,
            deleted_set,
            saved,
            plan,
            inserted: Vec::new(),
            updated: Vec::new(),
            switched_out: IdHashSet::default(),
            written: HashSet::new(),
            stuck: cycle.as_ref().map(|c| c.1.clone()).unwrap_or_default(),
        };
        for action in actions {
            match action {
                Action::Save(m) => {
                    let (ins, ups) = self.save_mapper(&mut uow, m)?;
                    self.sync_key_switch(&ups, &uow.plan.list_only);
                    uow.inserted.extend(ins);
                    uow.updated.extend(ups);
                    // self-referential collections are processed inside their mapper's save
                    let selfref: Vec<usize> = (self.registry.mapper(m).relationships.iter().enumerate())
                        .filter(|(_, r)| r.target == m && r.uselist && !r.viewonly)
                        .map(|(ri, _)| ri)
                        .collect();
                    for ri in selfref {
                        self.verify_no_none_added(&uow.saved, m, ri)?;
                    }
                }
                Action::Delete(m) => self.delete_mapper(&uow, m)?,
                Action::Process(m, ri, isdelete) => {
                    if !isdelete && self.registry.mapper(m).relationships[ri].uselist {
                        self.verify_no_none_added(&uow.saved, m, ri)?;
                    }
                    let pick = |v: &[SecondaryChange]| -> Vec<SecondaryChange> { v.iter().copied().filter(|c| c.mapper == m && c.ri == ri).collect() };
                    if isdelete {
                        let before = pick(&uow.plan.secondary_before);
                        self.emit_secondary(sid, &before, &[], &mut uow.written)?;
                    } else {
                        let (del, ins) = (pick(&uow.plan.secondary_delete), pick(&uow.plan.secondary_insert));
                        self.emit_secondary(sid, &del, &ins, &mut uow.written)?;
                    }
                }
            }
        }
        if let Some((e, _)) = cycle {
            return Err(e);
        }
        self.load_saved_keys(&uow.updated)?;
        Ok(uow)
    }

    /// `_SaveUpdateAll`: foreign keys synchronized, then UPDATEs and INSERTs of one mapper.
    fn save_mapper(&mut self, uow: &mut UowTransaction, m: MapperId) -> Result<(Vec<InstanceId>, Vec<InstanceId>)> {
        let (sid, new, deleted, already) = (uow.sid, &uow.new[..], &uow.deleted_set, &uow.inserted[..]);
        let flush_objects: Vec<InstanceId> = {
            let s = self.session(sid);
            new.iter().copied().chain(s.modified.iter().copied()).filter(|id| !deleted.contains(id)).collect()
        };
        self.sync_for_mapper(m, &flush_objects, deleted)?;
        // a self-referential mapper's children registered by `OneToManyDP.presort_saves`
        // (added to a saved parent's collection, not modified themselves) are saved
        // states too: their foreign key is synchronized after the parent's INSERT
        let self_ref = self.registry.mapper(m).relationships.iter().any(|r| r.target == m && !r.viewonly);
        let registered: Vec<InstanceId> = if self_ref {
            let s = self.session(sid);
            uow.saved.iter().copied().filter(|x| !s.modified.contains(x) && !uow.plan.list_only.contains(x) && !new.contains(x)).collect()
        } else {
            Vec::new()
        };
        let ups: Vec<InstanceId> = {
            let s = self.session(sid);
            let mut v: Vec<InstanceId> = s
                .modified
                .iter()
                .chain(registered.iter())
                .copied()
                .filter(|id| {
                    let st = self.instances.get(*id);
                    st.mapper == m && st.key().is_some() && !deleted.contains(id) && !already.contains(id) && !uow.stuck.contains(id)
                })
                .collect();
            v.sort_by(|a, b| {
                let (ka, kb) = (self.instances.get(*a).key(), self.instances.get(*b).key());
                crate::orm::flush::cmp_keys(ka.map(|k| &k.pk[..]), kb.map(|k| &k.pk[..]))
            });
            v
        };
        let mut ins: Vec<InstanceId> = {
            let mut v: Vec<InstanceId> = new.iter().copied().filter(|id| self.instances.get(*id).mapper == m && !deleted.contains(id) && !uow.stuck.contains(id)).collect();
            v.sort_by_key(|id| self.instances.get(*id).insert_order);
            self.self_referential_order(m, &v)
        };
        if ups.is_empty() && ins.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        // row switch (`_organize_states_for_save`): a pending object whose primary
        // key is that of an object deleted in this flush UPDATEs that row; the
        // deleted object's DELETE is dropped, it still ends up deleted
        // `uowtransaction.was_already_deleted`: an expired object holding a
        // pending object's identity is loaded first; a vanished row makes it deleted
        for &id in &ins {
            if let Some(old) = self.pending_identity_holder(sid, id).filter(|&o| self.fully_expired(o)) {
                match self.load_expired(old) {
                    Ok(()) => {}
                    Err(e) if e.kind == crate::exc::ErrorKind::ObjectDeletedError => self.remove_newly_deleted(sid, &[old]),
                    Err(e) => return Err(e),
                }
            }
        }
        let mut switched: Vec<InstanceId> = Vec::new();
        let mut switched_old: Vec<InstanceId> = Vec::new();
        ins.retain(|&id| match self.row_switch_target(sid, id, deleted) {
            Some(old) => {
                switched.push(id);
                switched_old.push(old);
                false
            }
            None => true,
        });
        uow.switched_out.extend(switched_old);
        let conn = self.connection_for(sid, Some(m))?;
        if let Some(layers) = self.self_referential_layers(m, &ups, &ins) {
            let mut updated = Vec::new();
            for (k, (lups, lins)) in layers.into_iter().enumerate() {
                // the keys of parents INSERTed in an earlier layer
                self.sync_for_mapper(m, &flush_objects, deleted)?;
                updated.extend(self.emit_updates(sid, m, &conn, &lups, false)?);
                if k == 0 {
                    self.emit_updates(sid, m, &conn, &switched, true)?;
                }
                self.emit_inserts(m, &conn, &lins)?;
            }
            let mut ins_all = switched;
            ins_all.extend(ins.iter().copied());
            return Ok((ins_all, updated));
        }
        let late = self.self_referential_dependents(m, &ups, &ins);
        let (late_ups, ups): (Vec<InstanceId>, Vec<InstanceId>) = ups.into_iter().partition(|id| late.contains(id));
        let mut updated = self.emit_updates(sid, m, &conn, &ups, false)?;
        // SQLAlchemy's save_obj sends UPDATEs before INSERTs; a row switch is an UPDATE
        self.emit_updates(sid, m, &conn, &switched, true)?;
        let mut ins_all = switched;
        ins_all.extend(ins.iter().copied());
        let self_referential = self.registry.mapper(m).relationships.iter().any(|r| r.target == m && !r.viewonly);
        if self_referential && ins.len() > 1 {
            for &x in &ins {
                self.sync_for_mapper(m, &flush_objects, deleted)?;
                self.emit_inserts(m, &conn, &[x])?;
            }
        } else {
            self.emit_inserts(m, &conn, &ins)?;
        }
        if !late_ups.is_empty() {
            // children of new parents of their own mapper: after the parents' INSERTs
            self.sync_for_mapper(m, &flush_objects, deleted)?;
            updated.extend(self.emit_updates(sid, m, &conn, &late_ups, false)?);
        }
        Ok((ins_all, updated))
    }

    /// The deleted object of this flush whose identity a pending object has.
    fn row_switch_target(&self, sid: SessionId, id: InstanceId, deleted: &IdHashSet) -> Option<InstanceId> {
        let old = self.pending_identity_holder(sid, id)?;
        (deleted.contains(&old) && !self.instances.get(old).deleted()).then_some(old)
    }

    /// The object of the identity map that has the identity pending object `id` will take.
    pub(crate) fn pending_identity_holder(&self, sid: SessionId, id: InstanceId) -> Option<InstanceId> {
        let st = self.instances.get(id);
        if st.key().is_some() {
            return None;
        }
        let m = self.registry.mapper(st.mapper);
        let pk_cols = &self.registry.metadata.table(m.table).primary_key;
        // a key still to be generated (autoincrement) names no one: decided
        // before anything is copied (bench W1: two vectors an object)
        if pk_cols.iter().any(|&c| st.dict[c].value().is_none_or(|v| v.is_null())) {
            return None;
        }
        let pk: Vec<Value> = pk_cols.iter().map(|&c| st.dict[c].value().cloned().unwrap_or(Value::Null)).collect();
        let key = self.identity_key(st.mapper, pk);
        self.session(sid).identity_map.get(&key)
    }

    /// `_DeleteAll`: the DELETEs of one mapper (children before parents
    /// within a self-referential mapper).
    fn delete_mapper(&mut self, uow: &UowTransaction, m: MapperId) -> Result<()> {
        let sid = uow.sid;
        let mut dels: Vec<InstanceId> =
            uow.deleted.iter().copied().filter(|id| self.instances.get(*id).mapper == m && !uow.switched_out.contains(id) && !uow.stuck.contains(id)).collect();
        if dels.is_empty() {
            return Ok(());
        }
        dels.sort_by(|a, b| {
            crate::orm::flush::cmp_keys(self.instances.get(*a).key().map(|k| &k.pk[..]), self.instances.get(*b).key().map(|k| &k.pk[..]))
        });
        if self.registry.mapper(m).relationships.iter().any(|r| r.target == m && !r.viewonly) {
            dels = self.self_referential_order(m, &dels);
            dels.reverse();
        }
        // `_collect_delete_commands` reads each primary key's committed value,
        // which loads an expired one (`get_committed_value`) before the DELETE
        let pkcols = self.pk_columns(m);
        for &id in &dels {
            let st = self.instances.get(id);
            if pkcols.iter().any(|&c| st.dict[c].is_absent() && st.expired_attrs.contains(c) && st.committed_value(c).is_none()) {
                self.load_expired(id)?;
            }
        }
        let conn = self.connection_for(sid, Some(m))?;
        self.emit_deletes(m, &conn, &dels)
    }
}
