//! Relationship processing inside a flush: which children a deleted parent
//! de-associates (foreign key set to NULL) or loads first, which removed
//! children are orphans to delete, foreign keys copied from parent to child
//! before the child's row is written, natural primary key changes pushed to
//! loaded children in memory, and the many-to-many association rows.
//! Mirrors `orm/dependency.py` (`OneToManyDP`, `ManyToOneDP`, `ManyToManyDP`)
//! and `orm/sync.py`.
//!
//! Called by `orm::flush` in three steps: [`Orm::presort_relationships`] before
//! any statement, [`Orm::sync_for_mapper`] before each mapper's rows, and
//! [`Orm::emit_secondary`] for the association table rows.

use crate::exc::{Error, ErrorKind, Result};
use crate::orm::cascade::CascadeKind;
use crate::orm::collections::rel_token;
use crate::orm::mapping::{Direction, MapperId};
use crate::orm::session::Orm;
use crate::orm::state::{IdHashSet, InstanceId, RelSlot, SessionId, Slot};
use crate::sql::value::Value;
use std::collections::HashSet;

/// One association row to write: relationship (mapper, index), parent, child.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecondaryChange {
    pub mapper: MapperId,
    pub ri: usize,
    pub parent: InstanceId,
    pub child: InstanceId,
}

/// What the presort found for the rest of the flush.
#[derive(Default, Debug)]
pub struct FlushPlan {
    /// Association rows of deleted parents, removed before any save.
    pub secondary_before: Vec<SecondaryChange>,
    /// Association rows removed from / added to collections of saved objects.
    pub secondary_delete: Vec<SecondaryChange>,
    pub secondary_insert: Vec<SecondaryChange>,
    /// Objects whose changed attributes are committed without a statement
    /// (children whose foreign key followed a natural primary key change).
    pub list_only: Vec<InstanceId>,
    /// Deleted objects saved instead, re-attached to a saved parent's collection.
    pub cancelled: Vec<InstanceId>,
}

impl Orm {
    /// Everything that must be decided before the first statement: orphans
    /// and their delete cascade, children of deleted parents (loaded now
    /// unless `passive_deletes`) and the association rows to write.
    pub(crate) fn presort_relationships(&mut self, saves: &[InstanceId], deleted: &mut Vec<InstanceId>) -> Result<FlushPlan> {
        let mut plan = FlushPlan::default();
        let mut deleted_set: IdHashSet = deleted.iter().copied().collect();
        let cancelled = self.cancel_deletes(saves, deleted, &mut deleted_set);
        let saves: Vec<InstanceId> = saves.iter().copied().chain(cancelled.iter().copied()).collect();
        let saves = &saves[..];
        plan.cancelled = cancelled;
        // persistent orphans become deletes (`Session._flush`, `OneToManyDP.presort_saves`)
        for &x in saves {
            if deleted_set.contains(&x) {
                continue;
            }
            if self.instances.get(x).key().is_some() && self.is_orphan(x) {
                self.register_delete(x, deleted, &mut deleted_set);
            }
        }
        // removed children of saved parents that are orphans
        for &p in saves {
            if deleted_set.contains(&p) {
                continue;
            }
            let m = self.instances.get(p).mapper;
            let nrels = self.registry.mapper(m).relationships.len();
            for ri in 0..nrels {
                let rel = self.relationship_of(m, ri);
                if rel.viewonly || !rel.cascade.delete_orphan {
                    continue;
                }
                // the `presort_saves` of `OneToManyDP`, `ManyToOneDP` and `ManyToManyDP`
                let Some(removed) = self.removed_for_orphans(p, ri) else { continue };
                let sid = self.instances.get(p).session();
                for c in removed {
                    let in_session = sid.is_some_and(|s| self.contains(s, c));
                    if !self.has_parent(c, rel_token(m, ri), false) && in_session && self.instances.get(c).key().is_some() && !deleted_set.contains(&c) {
                        self.register_orphan_delete(c, deleted, &mut deleted_set)?;
                    }
                }
            }
        }
        // children of deleted parents
        let mut i = 0;
        while i < deleted.len() {
            let d = deleted[i];
            i += 1;
            let m = self.instances.get(d).mapper;
            let nrels = self.registry.mapper(m).relationships.len();
            for ri in 0..nrels {
                let rel = self.relationship_of(m, ri);
                if rel.viewonly {
                    continue;
                }
                let loaded = !matches!(self.instances.get(d).rels[ri], RelSlot::Absent);
                if rel.direction == Direction::ManyToOne {
                    // `prop_has_changes` of the many-to-one for a deleted object reads
                    // its history with PASSIVE_NO_FETCH_RELATED: the lazy loader needs
                    // the foreign key (`_get_ident_for_use_get`), so an expired one is
                    // loaded now, before any statement of the flush
                    if !loaded && !rel.passive_deletes {
                        for (c, _) in rel.local_remote_pairs.clone() {
                            if self.instances.get(d).dict[c].is_absent() {
                                self.get_column(d, c)?;
                            }
                        }
                        // the lazy loader finds the parent in the identity map (or None for a
                        // null key) and stores it (`set_committed_value`: no longer expired)
                        if let Some(v) = self.peek_scalar_as(d, ri, true) {
                            let st = self.instances.get_mut(d);
                            st.rels[ri] = RelSlot::Scalar(v);
                            st.expired_rels.remove(ri);
                        }
                    }
                    continue;
                }
                if !loaded && !rel.passive_deletes {
                    self.get_relationship(d, ri)?;
                } else if !rel.passive_deletes {
                    // a reference set without its old value loaded: `get_history`
                    // with PASSIVE_OFF loads it (DEFERRED_HISTORY_LOAD)
                    self.load_deferred_original(d, ri)?;
                }
                let h = self.rel_history(d, ri);
                match rel.direction {
                    Direction::OneToMany => {
                        for &c in &h.deleted {
                            if !self.has_parent(c, rel_token(m, ri), false) && !deleted_set.contains(&c) {
                                if rel.cascade.delete_orphan {
                                    self.register_delete(c, deleted, &mut deleted_set);
                                } else {
                                    self.clear_foreign_key(m, ri, c)?;
                                }
                            }
                        }
                        if !rel.cascade.delete {
                            for &c in &h.unchanged {
                                if !deleted_set.contains(&c) {
                                    self.clear_foreign_key(m, ri, c)?;
                                }
                            }
                        }
                    }
                    Direction::ManyToMany => {
                        for &c in h.unchanged.iter().chain(h.deleted.iter()) {
                            plan.secondary_before.push(SecondaryChange { mapper: m, ri, parent: d, child: c });
                        }
                    }
                    Direction::ManyToOne => {}
                }
            }
        }
        // association rows of saved parents; natural key changes
        for &p in saves {
            if deleted_set.contains(&p) {
                continue;
            }
            let m = self.instances.get(p).mapper;
            let nrels = self.registry.mapper(m).relationships.len();
            for ri in 0..nrels {
                let rel = self.relationship_of(m, ri);
                if rel.viewonly {
                    continue;
                }
                let has_history = self.instances.get(p).rel_committed.iter().any(|(k, _)| *k as usize == ri);
                if rel.direction == Direction::ManyToMany && has_history {
                    let h = self.rel_history(p, ri);
                    for c in h.deleted {
                        plan.secondary_delete.push(SecondaryChange { mapper: m, ri, parent: p, child: c });
                    }
                    for c in h.added {
                        plan.secondary_insert.push(SecondaryChange { mapper: m, ri, parent: p, child: c });
                    }
                }
                // backref changes queued on an unloaded collection count as its history
                // (`INCLUDE_PENDING_MUTATIONS`): this side may write the row first
                if rel.direction == Direction::ManyToMany && !has_history {
                    let pending = self.instances.get(p).pending.iter().find(|(k, _, _)| *k as usize == ri).cloned();
                    if let Some((_, added, removed)) = pending {
                        for c in removed {
                            plan.secondary_delete.push(SecondaryChange { mapper: m, ri, parent: p, child: c });
                        }
                        for c in added {
                            plan.secondary_insert.push(SecondaryChange { mapper: m, ri, parent: p, child: c });
                        }
                    }
                }
                if rel.direction == Direction::OneToMany && self.instances.get(p).key().is_some() && self.source_modified(p, ri) {
                    if let RelSlot::Collection(children) = self.instances.get(p).rels[ri].clone() {
                        plan.list_only.extend(children.iter().copied().filter(|c| !deleted_set.contains(c)));
                    }
                }
            }
        }
        Ok(plan)
    }

    /// The persistent objects `OneToManyDP.presort_saves` registers in the
    /// flush although they are not dirty: the children added to a saved
    /// parent's one-to-many (with the backref changes queued on an unloaded
    /// one, INCLUDE_PENDING_MUTATIONS) that are in the session. Their mapper
    /// takes part in the flush graph: a relationship pointing at it orders its
    /// saves (`prop_has_changes`: "self.mapper in uowcommit.mappers").
    pub(crate) fn registered_children(&self, sid: SessionId, saves: &[InstanceId], deleted: &IdHashSet) -> Vec<InstanceId> {
        let mut out = Vec::new();
        for &p in saves {
            if deleted.contains(&p) {
                continue;
            }
            let m = self.instances.get(p).mapper;
            for (ri, rel) in self.registry.mapper(m).relationships.iter().enumerate() {
                if rel.viewonly || rel.direction != Direction::OneToMany {
                    continue;
                }
                let st = self.instances.get(p);
                let added: Vec<InstanceId> = if st.rel_committed.iter().any(|(k, _)| *k as usize == ri) {
                    self.rel_history(p, ri).added
                } else {
                    match st.pending.iter().find(|(k, _, _)| *k as usize == ri) {
                        Some((_, a, _)) => a.clone(),
                        None => continue,
                    }
                };
                for c in added {
                    if self.instances.get(c).key().is_some() && !deleted.contains(&c) && self.contains(sid, c) {
                        out.push(c);
                    }
                }
            }
        }
        out
    }

    /// `OneToManyDP.presort_saves` registers each child added to a saved
    /// parent's collection with `cancel_delete=True`: a child deleted in this
    /// session (not yet flushed) is saved instead of deleted. It stays in
    /// `Session.deleted` (SQLAlchemy's `_register_persistent` leaves it there),
    /// so the next flush deletes it unless it is re-attached again.
    pub(crate) fn cancel_deletes(&self, saves: &[InstanceId], deleted: &mut Vec<InstanceId>, deleted_set: &mut IdHashSet) -> Vec<InstanceId> {
        let mut cancelled = Vec::new();
        if deleted.is_empty() {
            return cancelled;
        }
        let mut work: Vec<InstanceId> = saves.iter().copied().filter(|p| !deleted_set.contains(p)).collect();
        let mut i = 0;
        while i < work.len() {
            let p = work[i];
            i += 1;
            let m = self.instances.get(p).mapper;
            let pending = self.instances.get(p).key().is_none();
            let nrels = self.registry.mapper(m).relationships.len();
            for ri in 0..nrels {
                let rel = self.relationship_of(m, ri);
                if rel.viewonly || rel.direction != Direction::OneToMany {
                    continue;
                }
                let h = self.rel_history(p, ri);
                let added: Vec<InstanceId> = if pending { h.added.into_iter().chain(h.unchanged).collect() } else { h.added };
                for c in added {
                    if deleted_set.remove(&c) {
                        deleted.retain(|d| *d != c);
                        cancelled.push(c);
                        work.push(c);
                    }
                }
            }
        }
        cancelled
    }

    fn register_delete(&mut self, x: InstanceId, deleted: &mut Vec<InstanceId>, set: &mut IdHashSet) {
        if set.insert(x) {
            deleted.push(x);
        }
        for c in self.cascade_iterator(x, CascadeKind::Delete) {
            if self.instances.get(c).key().is_some() && set.insert(c) {
                deleted.push(c);
            }
        }
    }

    /// An orphan found by a saved parent's `presort_saves`: deleted with what its
    /// delete cascade reaches, unloaded collections loaded (`cascade_iterator("delete", child)`).
    fn register_orphan_delete(&mut self, x: InstanceId, deleted: &mut Vec<InstanceId>, set: &mut IdHashSet) -> Result<()> {
        let Some(sid) = self.instances.get(x).session() else { return Ok(()) };
        if set.insert(x) {
            deleted.push(x);
        }
        for c in self.cascade_iterator_loading(sid, x, CascadeKind::Delete)? {
            if self.instances.get(c).key().is_some() && set.insert(c) {
                deleted.push(c);
            }
        }
        Ok(())
    }

    /// `sync._source_modified`: a column of the parent side of the join changed.
    fn source_modified(&self, p: InstanceId, ri: usize) -> bool {
        let st = self.instances.get(p);
        let rel = &self.registry.mapper(st.mapper).relationships[ri];
        rel.local_remote_pairs.iter().any(|(lc, _)| st.committed_value(*lc).is_some() && self.column_changed(p, *lc))
    }

    /// `sync._clear`: the child's foreign key columns of a one-to-many set to NULL.
    fn clear_foreign_key(&mut self, m: MapperId, ri: usize, child: InstanceId) -> Result<()> {
        let rel = self.relationship_of(m, ri);
        let cm = self.instances.get(child).mapper;
        let pk = self.pk_columns(cm);
        for (_, rc) in &rel.local_remote_pairs {
            let cur = self.instances.get(child).dict[*rc].value().cloned();
            if pk.contains(rc) && cur.as_ref().map(|v| !v.is_null()).unwrap_or(false) {
                let parent_table = self.registry.metadata.table(self.registry.mapper(m).table);
                let child_table = self.registry.metadata.table(self.registry.mapper(cm).table);
                return Err(Error::new(
                    ErrorKind::AssertionError,
                    format!(
                        "Dependency rule on column '{}.{}' tried to blank-out primary key column '{}.{}' on instance '{}'",
                        parent_table.name,
                        parent_table.columns.get(rel.local_remote_pairs[0].0).map(|c| c.name.as_str()).unwrap_or("?"),
                        child_table.name,
                        child_table.columns.get(*rc).map(|c| c.name.as_str()).unwrap_or("?"),
                        self.instances.state_str(child)
                    ),
                ));
            }
            self.sync_column(child, *rc, Value::Null)?;
        }
        Ok(())
    }

    /// Value of column `c` of `id`, loading expired columns (`PASSIVE_OFF`).
    fn column_value_for_sync(&mut self, id: InstanceId, c: usize) -> Result<Value> {
        if self.instances.get(id).dict[c].is_absent() && self.instances.get(id).key().is_some() && self.instances.get(id).session().is_some() {
            self.load_expired(id)?;
        }
        Ok(self.instances.get(id).dict[c].value().cloned().unwrap_or(Value::Null))
    }

    /// Before the rows of mapper `m` are written: copy parents' keys into the
    /// foreign keys of `m`'s objects (`sync.populate`) along many-to-ones with
    /// changes and along one-to-many collections with added children; clear
    /// the keys of de-associated children.
    pub(crate) fn sync_for_mapper(&mut self, m: MapperId, flush_objects: &[InstanceId], deleted: &IdHashSet) -> Result<()> {
        // the relationships that write m's foreign keys: m's many-to-ones and the
        // one-to-manys (of any mapper) pointing at m; each is a `_ProcessAll` action
        // of SQLAlchemy's flush, run in the order of their sort key ("Class_relationship"):
        // when two write the same column (a one-to-one and its many-to-one backref
        // left pointing at different objects), the later one's value stays
        let mut rels: Vec<(String, MapperId, usize)> = Vec::new();
        for (pm, mapper) in self.registry.mappers.iter().enumerate() {
            let pm = MapperId(pm as u32);
            for (ri, rel) in mapper.relationships.iter().enumerate() {
                let writes = match rel.direction {
                    Direction::ManyToOne => pm == m && rel.secondary.is_none(),
                    Direction::OneToMany => rel.target == m,
                    Direction::ManyToMany => false,
                };
                if writes && !rel.viewonly {
                    rels.push((format!("{}_{}", mapper.class_name, rel.name), pm, ri));
                }
            }
        }
        rels.sort();
        for (_, pm, ri) in rels {
            if self.registry.mapper(pm).relationships[ri].direction == Direction::ManyToOne {
                self.sync_many_to_one(pm, ri, flush_objects, deleted)?;
            } else {
                self.sync_one_to_many(pm, ri, flush_objects, deleted)?;
            }
        }
        Ok(())
    }

    /// `ManyToOneDP.process_saves` for relationship `ri` of `m`: the parent's key
    /// into each changed object's foreign key.
    fn sync_many_to_one(&mut self, m: MapperId, ri: usize, flush_objects: &[InstanceId], deleted: &IdHashSet) -> Result<()> {
        let rel = self.relationship_of(m, ri);
        for &x in flush_objects {
            if self.instances.get(x).mapper != m || deleted.contains(&x) {
                continue;
            }
            if !self.instances.get(x).rel_committed.iter().any(|(k, _)| *k as usize == ri) {
                continue;
            }
            let h = self.rel_history(x, ri);
            if let Some(&p) = h.added.first() {
                // ManyToOneDP._synchronize: a parent outside the session (a transient object set
                // through a backref) leaves the key alone ("... not in session, add operation
                // along ... won't proceed")
                let in_session = self.instances.get(x).session().is_some_and(|sid| self.contains(sid, p));
                if !in_session {
                    continue;
                }
                for (lc, rc) in &rel.local_remote_pairs {
                    let v = self.column_value_for_sync(p, *rc)?;
                    self.sync_column(x, *lc, v)?;
                }
            } else if !h.deleted.is_empty() || h.added_none {
                for (lc, _) in &rel.local_remote_pairs {
                    self.sync_column(x, *lc, Value::Null)?;
                }
            }
        }
        Ok(())
    }

    /// `OneToManyDP.process_saves` for relationship `ri` of `pm`: each saved
    /// parent's key into its added children, removed children de-associated.
    fn sync_one_to_many(&mut self, pm: MapperId, ri: usize, flush_objects: &[InstanceId], deleted: &IdHashSet) -> Result<()> {
        let rel = self.relationship_of(pm, ri);
        for &p in flush_objects {
            if deleted.contains(&p) || self.instances.get(p).mapper != pm {
                continue;
            }
            let h = if self.instances.get(p).rel_committed.iter().any(|(k, _)| *k as usize == ri) {
                self.rel_history(p, ri)
            } else {
                // a collection not loaded: the backref changes queued on it are its
                // history (`presort_saves` reads it with INCLUDE_PENDING_MUTATIONS and
                // `process_saves` gets that cached history), so a child appended
                // through a backref gets the key even when it is not in the session
                match self.instances.get(p).pending.iter().find(|(k, _, _)| *k as usize == ri) {
                    Some((_, added, removed)) => {
                        crate::orm::collections::RelHistory { added: added.clone(), deleted: removed.clone(), ..Default::default() }
                    }
                    None => continue,
                }
            };
            for &c in &h.added {
                if deleted.contains(&c) {
                    continue;
                }
                for (lc, rc) in &rel.local_remote_pairs {
                    let v = self.column_value_for_sync(p, *lc)?;
                    self.sync_column(c, *rc, v)?;
                }
            }
            if !rel.cascade.delete_orphan {
                for &c in &h.deleted {
                    if !deleted.contains(&c) && !self.has_parent(c, rel_token(pm, ri), false) {
                        self.clear_foreign_key(pm, ri, c)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// After a parent's natural primary key changed: its loaded children take
    /// the new value in memory only (`passive_updates`: the database cascades).
    pub(crate) fn sync_key_switch(&mut self, parents: &[InstanceId], list_only: &[InstanceId]) {
        for &p in parents {
            let pm = self.instances.get(p).mapper;
            let prels = self.registry.mapper(pm).relationships.len();
            for ri in 0..prels {
                let rel = self.relationship_of(pm, ri);
                if rel.viewonly || rel.direction != Direction::OneToMany {
                    continue;
                }
                let children = match &self.instances.get(p).rels[ri] {
                    RelSlot::Collection(v) => v.clone(),
                    RelSlot::Scalar(Some(x)) => vec![*x],
                    _ => continue,
                };
                for c in children {
                    if !list_only.contains(&c) {
                        continue;
                    }
                    for (lc, rc) in &rel.local_remote_pairs {
                        let v = self.instances.get(p).dict[*lc].value().cloned();
                        if let Some(v) = v {
                            let st = self.instances.get_mut(c);
                            st.dict[*rc] = Slot::Val(v);
                            st.committed.retain(|(k, _)| *k as usize != *rc);
                        }
                    }
                }
            }
        }
    }

    /// Write association rows: DELETEs then INSERTs, each batched, duplicates
    /// (the same pair seen from both sides of a backref) written once.
    pub(crate) fn emit_secondary(
        &mut self,
        sid: SessionId,
        deletes: &[SecondaryChange],
        inserts: &[SecondaryChange],
        written: &mut HashSet<(bool, crate::sql::schema::TableId, Vec<Value>)>,
    ) -> Result<()> {
        for (changes, is_insert) in [(deletes, false), (inserts, true)] {
            // rows grouped per secondary table, in first-seen order
            let mut groups: Vec<(crate::sql::schema::TableId, MapperId, Vec<Vec<Value>>)> = Vec::new();
            for ch in changes {
                // ManyToManyDP._synchronize: a child outside the session (a transient object that
                // came through a backref) makes no row ("... not in session, add operation along
                // ... won't proceed")
                if !self.contains(sid, ch.child) {
                    continue;
                }
                let Some((table, row)) = self.association_row(ch)? else { continue };
                if !written.insert((is_insert, table, row.clone())) {
                    continue;
                }
                let op = if is_insert { crate::orm::flush_plan::Op::LinkInsert } else { crate::orm::flush_plan::Op::LinkDelete };
                self.ran(op, ch.parent, Some(ch.child));
                let gi = match groups.iter().position(|g| g.0 == table) {
                    Some(i) => i,
                    None => {
                        groups.push((table, ch.mapper, Vec::new()));
                        groups.len() - 1
                    }
                };
                if !groups[gi].2.contains(&row) {
                    groups[gi].2.push(row);
                }
            }
            for (table, mapper, rows) in groups {
                if rows.is_empty() {
                    continue;
                }
                let conn = self.connection_for(sid, Some(mapper))?;
                let d = self.dialect_for(&conn);
                let t = self.registry.metadata.table(table).clone();
                let cols: Vec<usize> = (0..t.columns.len()).collect();
                let rows: Vec<Vec<Value>> =
                    rows.into_iter().map(|r| r.iter().enumerate().map(|(c, v)| d.bind_value(Some(&t.columns[c].ty), v)).collect()).collect();
                if is_insert {
                    let sql = crate::orm::dml::insert(&self.registry.metadata, table, &cols, &[], &[], d)?;
                    if rows.len() == 1 {
                        conn.execute(&sql, &rows[0])?;
                    } else {
                        conn.execute_many(&sql, &rows)?;
                    }
                } else {
                    let sql = crate::orm::dml::delete(&self.registry.metadata, table, &cols, d)?;
                    let n = if rows.len() == 1 { conn.execute(&sql, &rows[0])?.rowcount } else { conn.execute_many(&sql, &rows)? };
                    if n >= 0 && n as usize != rows.len() {
                        return Err(Error::new(
                            ErrorKind::StaleDataError,
                            format!("DELETE statement on table '{}' expected to delete {} row(s); Only {} were matched.", t.name, rows.len(), n),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The association row of one pair, in the secondary table's column order.
    fn association_row(&mut self, ch: &SecondaryChange) -> Result<Option<(crate::sql::schema::TableId, Vec<Value>)>> {
        let rel = self.relationship_of(ch.mapper, ch.ri);
        let Some(sec) = rel.secondary else { return Ok(None) };
        let ncols = self.registry.metadata.table(sec.table).columns.len();
        let mut row = vec![Value::Null; ncols];
        for (pc, sc) in &sec.local_pairs {
            let v = self.column_value_for_sync(ch.parent, *pc)?;
            if let Some(slot) = row.get_mut(*sc) {
                *slot = v;
            }
        }
        for (tc, sc) in &sec.remote_pairs {
            let v = self.column_value_for_sync(ch.child, *tc)?;
            if let Some(slot) = row.get_mut(*sc) {
                *slot = v;
            }
        }
        Ok(Some((sec.table, row)))
    }

    /// The indexes of `m`'s one-to-many relationships to `m` itself (not viewonly):
    /// the ones whose parent must be written before its children.
    fn self_referential_collections(&self, m: MapperId) -> Vec<usize> {
        let rels = &self.registry.mapper(m).relationships;
        rels.iter()
            .enumerate()
            .filter(|(_, r)| r.target == m && r.direction == Direction::OneToMany && !r.viewonly)
            .map(|(i, _)| i)
            .collect()
    }

    /// The objects of `ups` (to be UPDATEd) that a self-referential
    /// one-to-many of an object of `ins` (to be INSERTed) holds: SQLAlchemy's
    /// per-state sort saves the new parent first, then the child with its
    /// foreign key set (`unitofwork` cycles: `SaveUpdateState` per object).
    pub(crate) fn self_referential_dependents(&self, m: MapperId, ups: &[InstanceId], ins: &[InstanceId]) -> IdHashSet {
        let rels = self.self_referential_collections(m);
        let mut out = IdHashSet::default();
        if rels.is_empty() || ins.is_empty() {
            return out;
        }
        for &x in ups {
            let held = ins.iter().any(|p| {
                *p != x
                    && rels.iter().any(|&ri| match &self.instances.get(*p).rels[ri] {
                        RelSlot::Collection(v) => v.contains(&x),
                        RelSlot::Scalar(Some(c)) => *c == x,
                        _ => false,
                    })
            });
            if held {
                out.insert(x);
            }
        }
        out
    }

    /// `get_all_pending` of relationship `ri` of `x` with PASSIVE_NO_INITIALIZE:
    /// nothing when the value is not loaded; a reference's value (None counts)
    /// and its replaced one; a collection's members and the ones removed.
    fn all_pending_with_none(&self, x: InstanceId, ri: usize) -> Vec<Option<InstanceId>> {
        let st = self.instances.get(x);
        let mut out: Vec<Option<InstanceId>> = match &st.rels[ri] {
            RelSlot::Absent => return Vec::new(),
            RelSlot::Scalar(v) => vec![*v],
            RelSlot::Collection(v) => v.iter().map(|c| Some(*c)).collect(),
        };
        let h = self.rel_history(x, ri);
        out.extend(h.deleted.iter().map(|c| Some(*c)));
        out
    }

    /// The saves of a self-referential mapper in SQLAlchemy's order. Such a
    /// mapper is a cycle of the flush graph, broken into per-object actions
    /// (`per_state_flush_actions`): `_SaveUpdateState(x)` → `_ProcessState(x.rel)`
    /// → `_SaveUpdateState(child)` for a one-to-many, `_ProcessState(x.rel)` →
    /// `_SaveUpdateState(x)` for a many-to-one; `sort_as_subsets` runs them in
    /// layers, and the saves of one layer are one `save_obj` (UPDATEs by key, then
    /// INSERTs in insertion order). So a new object whose parent is new too is
    /// INSERTed after every object of the parent's layer, not right after its
    /// parent. `None` when no object of the flush has a value on a
    /// self-referential relationship (no cycle: one `_SaveUpdateAll`).
    /// Returns the layers as (updates, inserts).
    pub(crate) fn self_referential_layers(&self, m: MapperId, ups: &[InstanceId], ins: &[InstanceId]) -> Option<Vec<(Vec<InstanceId>, Vec<InstanceId>)>> {
        let rels: Vec<(usize, Direction)> = (self.registry.mapper(m).relationships.iter().enumerate())
            .filter(|(_, r)| r.target == m && !r.viewonly && r.secondary.is_none())
            .map(|(ri, r)| (ri, r.direction))
            .collect();
        if rels.is_empty() {
            return None;
        }
        let saves: Vec<InstanceId> = ups.iter().chain(ins.iter()).copied().collect();
        let idx: std::collections::HashMap<InstanceId, usize> = saves.iter().enumerate().map(|(k, &x)| (x, k)).collect();
        let mut n = saves.len();
        let mut edges: Vec<(usize, usize)> = Vec::new();
        let mut cycle = false;
        for (k, &x) in saves.iter().enumerate() {
            for &(ri, dir) in &rels {
                let sum = self.all_pending_with_none(x, ri);
                if sum.is_empty() {
                    continue;
                }
                cycle = true;
                let p = n;
                n += 1;
                if dir == Direction::ManyToOne {
                    for c in sum.iter().flatten() {
                        if let Some(&ci) = idx.get(c) {
                            edges.push((ci, p));
                        }
                    }
                    edges.push((p, k));
                } else {
                    edges.push((k, p));
                    for c in sum.iter().flatten() {
                        if let Some(&ci) = idx.get(c).filter(|&&ci| ci != k) {
                            edges.push((p, ci));
                            edges.push((k, ci));
                        }
                    }
                }
            }
        }
        if !cycle {
            return None;
        }
        // `sort_as_subsets`: layer by layer (a cycle of objects was refused before the flush)
        let mut indeg = vec![0usize; n];
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &(a, b) in &edges {
            out[a].push(b);
            indeg[b] += 1;
        }
        let mut layer = vec![usize::MAX; n];
        let mut frontier: Vec<usize> = (0..n).filter(|&i| indeg[i] == 0).collect();
        let mut depth = 0;
        while !frontier.is_empty() {
            let mut next = Vec::new();
            for &i in &frontier {
                layer[i] = depth;
                for &j in &out[i] {
                    indeg[j] -= 1;
                    if indeg[j] == 0 {
                        next.push(j);
                    }
                }
            }
            frontier = next;
            depth += 1;
        }
        let mut layers: Vec<(Vec<InstanceId>, Vec<InstanceId>)> = vec![(Vec::new(), Vec::new()); depth + 1];
        // `ups` come sorted by key and `ins` in insertion order: each layer keeps them so
        for (k, &x) in saves.iter().enumerate() {
            let l = layer[k].min(depth);
            if k < ups.len() {
                layers[l].0.push(x);
            } else {
                layers[l].1.push(x);
            }
        }
        layers.retain(|(u, i)| !u.is_empty() || !i.is_empty());
        Some(layers)
    }

    /// Parent-before-child order of the objects of one self-referential
    /// mapper (`unitofwork` per-state cycles): a child never precedes a
    /// parent that is in the same list.
    pub(crate) fn self_referential_order(&self, m: MapperId, ids: &[InstanceId]) -> Vec<InstanceId> {
        let rels = self.self_referential_collections(m);
        if rels.is_empty() || ids.len() < 2 {
            return ids.to_vec();
        }
        let set: IdHashSet = ids.iter().copied().collect();
        let parent_of = |x: InstanceId| -> Vec<InstanceId> {
            ids.iter()
                .copied()
                .filter(|p| {
                    *p != x
                        && rels.iter().any(|&ri| match &self.instances.get(*p).rels[ri] {
                            RelSlot::Collection(v) => v.contains(&x),
                            RelSlot::Scalar(Some(c)) => *c == x,
                            _ => false,
                        })
                })
                .collect()
        };
        let mut out: Vec<InstanceId> = Vec::with_capacity(ids.len());
        let mut placed: IdHashSet = IdHashSet::default();
        let parents: Vec<Vec<InstanceId>> = ids.iter().map(|&x| parent_of(x)).collect();
        while out.len() < ids.len() {
            let mut progressed = false;
            for (k, &x) in ids.iter().enumerate() {
                if placed.contains(&x) {
                    continue;
                }
                if parents[k].iter().all(|p| placed.contains(p) || !set.contains(p)) {
                    placed.insert(x);
                    out.push(x);
                    progressed = true;
                }
            }
            if !progressed {
                // a cycle: keep the remaining ones in their order
                for &x in ids {
                    if placed.insert(x) {
                        out.push(x);
                    }
                }
            }
        }
        out
    }
}
