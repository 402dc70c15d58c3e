//! The next flush's plan, before it runs (`.plan`): every INSERT, UPDATE,
//! DELETE and association row, in the order the flush will send them, with
//! the reason for each. It is read from the session with the unit of work's
//! own sort (`flush_order::flush_actions`, the presort rules of
//! `dependency.rs`, `self_referential_order`) without executing anything and
//! without loading anything: where the flush would have to load (children of
//! a deleted parent, the old value of a reference), the plan says so instead.
//! SQLAlchemy has no counterpart (its `UOWTransaction` only prints its cycles in
//! a commented-out line of `unitofwork.py`); this is `UOWTransaction.execute`
//! run dry.
//!
//! The check: with [`Orm::check_plans`] on (`ORMSH_CHECK_PLAN=1`), every flush
//! computes its plan first and records what it ran (`flush_ran`); a
//! difference is reported as a `plan_mismatch` event (a bug).

use crate::orm::flush_order::Action;
use crate::orm::mapping::{Direction, MapperId};
use crate::orm::session::Orm;
use crate::orm::state::{IdHashSet, IdSet, InstanceId, RelSlot, SessionId, Slot};
use std::collections::HashMap;

/// What one step writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    Insert,
    Update,
    Delete,
    /// An association row of a many-to-many written / removed.
    LinkInsert,
    LinkDelete,
}

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::Insert | Op::LinkInsert => "INSERT",
            Op::Update => "UPDATE",
            Op::Delete | Op::LinkDelete => "DELETE",
        }
    }
}

/// Why a step is in the plan. Relationship names are `Class.rel`.
#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    /// Pending: added to the session (or cascaded into it).
    New,
    /// Its row goes first: this child needs its key (`User.addresses`).
    ParentOf(InstanceId, String),
    /// Its foreign key comes from this parent.
    ChildOf(InstanceId, String),
    /// These columns changed.
    Changed(Vec<String>),
    /// `session.delete()`.
    Deleted,
    /// Reached by the delete cascade of a deleted parent.
    CascadeDelete(InstanceId, String),
    /// Removed from a delete-orphan collection (parent known) or left without a parent.
    Orphan(Option<InstanceId>, String),
    /// Its foreign key is set to NULL: the parent is deleted or let it go.
    Nulled(InstanceId, String),
    /// A pending object takes the row of a deleted one (row switch).
    RowSwitch(InstanceId),
    /// An association row of a many-to-many (parent, relationship, child).
    Link(String),
    /// A deleted object re-attached to a saved parent: saved instead.
    Undeleted(InstanceId),
}

/// One statement's worth of work for one object (or one association row).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub op: Op,
    pub mapper: MapperId,
    pub table: String,
    pub obj: InstanceId,
    /// The child of an association row.
    pub other: Option<InstanceId>,
    pub why: Vec<Why>,
    /// Ordered inside its mapper by a self-referential relationship (per-row cycle resolution).
    pub self_ref: bool,
    /// Part of a cycle between mappers: run in sort-key order.
    pub cycle: bool,
}

/// Something the flush will load before it can decide (the plan does not).
#[derive(Clone, Debug, PartialEq)]
pub struct Unknown {
    pub obj: InstanceId,
    pub rel: String,
    pub what: &'static str,
}

/// The plan of the next flush of one session.
#[derive(Clone, Debug, Default)]
pub struct FlushPreview {
    pub steps: Vec<Step>,
    pub unknown: Vec<Unknown>,
    /// The flush would fail before any statement (CircularDependencyError …).
    pub error: Option<String>,
    /// Objects whose changes are committed without a statement.
    pub list_only: usize,
}

impl FlushPreview {
    /// The plan as the check compares it with what ran.
    pub fn signature(&self) -> Vec<(Op, InstanceId, Option<InstanceId>)> {
        self.steps.iter().map(|s| (s.op, s.obj, s.other)).collect()
    }
    /// Nothing the flush loads first: the plan can be compared with what ran.
    pub fn exact(&self) -> bool {
        self.unknown.is_empty() && self.error.is_none()
    }
}

/// What presort decided, without touching the session.
struct Presort {
    deleted: Vec<InstanceId>,
    deleted_set: IdHashSet,
    why_deleted: HashMap<InstanceId, Why, crate::fxhash::FxBuild>,
    nulled: Vec<(InstanceId, Why)>,
    cancelled: Vec<InstanceId>,
    links_before: Vec<(MapperId, usize, InstanceId, InstanceId)>,
    links_delete: Vec<(MapperId, usize, InstanceId, InstanceId)>,
    links_insert: Vec<(MapperId, usize, InstanceId, InstanceId)>,
    list_only: Vec<InstanceId>,
}

impl Orm {
    fn rel_name(&self, m: MapperId, ri: usize) -> String {
        let mm = self.registry.mapper(m);
        format!("{}.{}", mm.class_name, mm.relationships[ri].name)
    }

    /// The plan of the next flush of session `sid`; reads only.
    pub fn flush_preview(&self, sid: SessionId) -> FlushPreview {
        let mut out = FlushPreview::default();
        let (deleted, new, dirty) = self.flush_working_set(sid);
        if new.is_empty() && dirty.is_empty() && deleted.is_empty() {
            return out;
        }
        let saves: Vec<InstanceId> = new.iter().chain(dirty.iter()).copied().collect();
        for &id in &saves {
            let st = self.instances.get(id);
            if st.key().is_none() || st.session().is_none() {
                continue;
            }
            for (k, orig) in st.rel_committed.iter() {
                if *orig == RelSlot::Absent && self.has_deferred_history(st.mapper, *k as usize) {
                    out.unknown.push(Unknown { obj: id, rel: self.rel_name(st.mapper, *k as usize), what: "old value not loaded: the flush loads it first" });
                }
            }
        }
        let p = self.presort_preview(&saves, deleted, &mut out.unknown);
        out.list_only = p.list_only.len();
        let mut modified: IdSet = self.session(sid).modified.iter().copied().collect();
        modified.extend(p.cancelled.iter().copied());
        for (c, _) in &p.nulled {
            if self.instances.get(*c).key().is_some() {
                modified.insert(*c);
            }
        }
        let objects: Vec<InstanceId> = {
            let mut v: IdSet = new.iter().copied().collect();
            v.extend(modified.iter().copied());
            v.extend(p.deleted.iter().copied());
            v.extend(p.list_only.iter().copied());
            let saving: Vec<InstanceId> = v.iter().copied().collect();
            v.extend(self.registered_children(sid, &saving, &p.deleted_set));
            v.into_iter().collect()
        };
        if let Err(e) = self.check_object_cycles(&objects, &p.deleted_set) {
            out.error = Some(format!("{}: {}", e.kind.name(), e.message));
            return out;
        }
        let (actions, cyclic) = self.flush_actions_marked(&objects);
        let parents = self.parents_in_flush(&objects);
        let mut switched_out: IdHashSet = IdHashSet::default();
        let mut done: IdHashSet = IdHashSet::default();
        let mut links_seen: std::collections::HashSet<(bool, InstanceId, InstanceId, usize)> = Default::default();
        for (k, action) in actions.iter().enumerate() {
            let cycle = cyclic.contains(&k);
            match *action {
                Action::Save(m) => {
                    let table = self.table_name(m);
                    let self_ref = self.registry.mapper(m).relationships.iter().any(|r| r.target == m && !r.viewonly);
                    let mut ups: Vec<InstanceId> = modified
                        .iter()
                        .copied()
                        .filter(|id| {
                            let st = self.instances.get(*id);
                            st.mapper == m && st.key().is_some() && !p.deleted_set.contains(id) && !done.contains(id)
                        })
                        .collect();
                    ups.sort_by(|a, b| {
                        let (ka, kb) = (self.instances.get(*a).key(), self.instances.get(*b).key());
                        crate::orm::flush::cmp_keys(ka.map(|k| &k.pk[..]), kb.map(|k| &k.pk[..]))
                    });
                    let mut ins: Vec<InstanceId> = {
                        let mut v: Vec<InstanceId> =
                            new.iter().copied().filter(|id| self.instances.get(*id).mapper == m && !p.deleted_set.contains(id)).collect();
                        v.sort_by_key(|id| self.instances.get(*id).insert_order);
                        self.self_referential_order(m, &v)
                    };
                    let mut switched = Vec::new();
                    ins.retain(|&id| match self.pending_identity_holder(sid, id).filter(|o| p.deleted_set.contains(o)) {
                        Some(old) => {
                            switched.push((id, old));
                            switched_out.insert(old);
                            false
                        }
                        None => true,
                    });
                    if let Some(layers) = self.self_referential_layers(m, &ups, &ins) {
                        // the per-object order of a self-referential mapper (`save_mapper`)
                        for (k, (lups, lins)) in layers.into_iter().enumerate() {
                            for id in lups {
                                let why = self.update_reasons(id, &p, &parents);
                                if why.is_empty() {
                                    continue;
                                }
                                out.steps.push(Step { op: Op::Update, mapper: m, table: table.clone(), obj: id, other: None, why, self_ref: false, cycle });
                            }
                            if k == 0 {
                                for &(id, old) in &switched {
                                    let why = vec![Why::New, Why::RowSwitch(old)];
                                    out.steps.push(Step { op: Op::Update, mapper: m, table: table.clone(), obj: id, other: None, why, self_ref: false, cycle });
                                }
                            }
                            for id in lins {
                                let mut why = vec![Why::New];
                                why.extend(self.parent_child_reasons(id, &parents, &objects, &p.deleted_set));
                                out.steps.push(Step { op: Op::Insert, mapper: m, table: table.clone(), obj: id, other: None, why, self_ref, cycle });
                            }
                        }
                        done.extend(out.steps.iter().filter(|s| s.mapper == m).map(|s| s.obj));
                        continue;
                    }
                    let late = self.self_referential_dependents(m, &ups, &ins);
                    let (late_ups, ups): (Vec<InstanceId>, Vec<InstanceId>) = ups.into_iter().partition(|id| late.contains(id));
                    for id in ups {
                        let why = self.update_reasons(id, &p, &parents);
                        if why.is_empty() {
                            continue;
                        }
                        out.steps.push(Step { op: Op::Update, mapper: m, table: table.clone(), obj: id, other: None, why, self_ref: false, cycle });
                    }
                    for (id, old) in switched {
                        let why = vec![Why::New, Why::RowSwitch(old)];
                        out.steps.push(Step { op: Op::Update, mapper: m, table: table.clone(), obj: id, other: None, why, self_ref: false, cycle });
                    }
                    for id in ins {
                        let mut why = vec![Why::New];
                        why.extend(self.parent_child_reasons(id, &parents, &objects, &p.deleted_set));
                        out.steps.push(Step { op: Op::Insert, mapper: m, table: table.clone(), obj: id, other: None, why, self_ref, cycle });
                    }
                    for id in late_ups {
                        let why = self.update_reasons(id, &p, &parents);
                        if why.is_empty() {
                            continue;
                        }
                        out.steps.push(Step { op: Op::Update, mapper: m, table: table.clone(), obj: id, other: None, why, self_ref: false, cycle });
                    }
                    done.extend(out.steps.iter().filter(|s| s.mapper == m).map(|s| s.obj));
                }
                Action::Delete(m) => {
                    let table = self.table_name(m);
                    let mut dels: Vec<InstanceId> =
                        p.deleted.iter().copied().filter(|id| self.instances.get(*id).mapper == m && !switched_out.contains(id)).collect();
                    dels.sort_by(|a, b| {
                        let (ka, kb) = (self.instances.get(*a).key(), self.instances.get(*b).key());
                        crate::orm::flush::cmp_keys(ka.map(|k| &k.pk[..]), kb.map(|k| &k.pk[..]))
                    });
                    let self_ref = self.registry.mapper(m).relationships.iter().any(|r| r.target == m && !r.viewonly);
                    if self_ref {
                        dels = self.self_referential_order(m, &dels);
                        dels.reverse();
                    }
                    for id in dels {
                        let why = vec![p.why_deleted.get(&id).cloned().unwrap_or(Why::Deleted)];
                        out.steps.push(Step { op: Op::Delete, mapper: m, table: table.clone(), obj: id, other: None, why, self_ref, cycle });
                    }
                }
                Action::Process(m, ri, isdelete) => {
                    let pick = |v: &[(MapperId, usize, InstanceId, InstanceId)]| -> Vec<(InstanceId, InstanceId)> {
                        v.iter().filter(|c| c.0 == m && c.1 == ri).map(|c| (c.2, c.3)).collect()
                    };
                    let Some(sec) = self.registry.mapper(m).relationships[ri].secondary.as_ref() else { continue };
                    let table = self.registry.metadata.table(sec.table).name.clone();
                    let lists = if isdelete { vec![(false, pick(&p.links_before))] } else { vec![(false, pick(&p.links_delete)), (true, pick(&p.links_insert))] };
                    for (is_insert, pairs) in lists {
                        for (a, b) in pairs {
                            let key = (is_insert, a.min(b), a.max(b), sec.table.0 as usize);
                            if !links_seen.insert(key) {
                                continue;
                            }
                            let op = if is_insert { Op::LinkInsert } else { Op::LinkDelete };
                            let why = vec![Why::Link(self.rel_name(m, ri))];
                            out.steps.push(Step { op, mapper: m, table: table.clone(), obj: a, other: Some(b), why, self_ref: false, cycle });
                        }
                    }
                }
            }
        }
        out
    }

    fn table_name(&self, m: MapperId) -> String {
        self.registry.metadata.table(self.registry.mapper(m).table).name.clone()
    }

    /// child → (parent, relationship) along one-to-many collections and
    /// many-to-one references of the objects in the flush.
    fn parents_in_flush(&self, objects: &[InstanceId]) -> HashMap<InstanceId, Vec<(InstanceId, String)>, crate::fxhash::FxBuild> {
        let mut map: HashMap<InstanceId, Vec<(InstanceId, String)>, crate::fxhash::FxBuild> = HashMap::default();
        for &x in objects {
            let m = self.instances.get(x).mapper;
            for (ri, rel) in self.registry.mapper(m).relationships.iter().enumerate() {
                if rel.viewonly || rel.secondary.is_some() {
                    continue;
                }
                match (rel.direction, &self.instances.get(x).rels[ri]) {
                    (Direction::OneToMany, RelSlot::Collection(v)) => {
                        for &c in v {
                            let e = map.entry(c).or_default();
                            if !e.iter().any(|(p, _)| *p == x) {
                                e.push((x, self.rel_name(m, ri)));
                            }
                        }
                    }
                    (Direction::OneToMany, RelSlot::Scalar(Some(c))) => map.entry(*c).or_default().push((x, self.rel_name(m, ri))),
                    (Direction::ManyToOne, RelSlot::Scalar(Some(parent))) => {
                        let e = map.entry(x).or_default();
                        if !e.iter().any(|(p, _)| p == parent) {
                            e.push((*parent, self.rel_name(m, ri)));
                        }
                    }
                    _ => {}
                }
            }
        }
        map
    }

    /// Why an INSERT goes where it does: the pending parents it waits for and
    /// the pending children that wait for it.
    fn parent_child_reasons(
        &self,
        id: InstanceId,
        parents: &HashMap<InstanceId, Vec<(InstanceId, String)>, crate::fxhash::FxBuild>,
        objects: &[InstanceId],
        deleted: &IdHashSet,
    ) -> Vec<Why> {
        let mut why = Vec::new();
        for (p, rel) in parents.get(&id).into_iter().flatten() {
            if !deleted.contains(p) {
                why.push(Why::ChildOf(*p, rel.clone()));
            }
        }
        for &c in objects {
            if c == id || self.instances.get(c).key().is_some() || deleted.contains(&c) {
                continue;
            }
            for (p, rel) in parents.get(&c).into_iter().flatten() {
                if *p == id {
                    why.push(Why::ParentOf(c, rel.clone()));
                }
            }
        }
        why
    }

    /// Why a persistent object gets an UPDATE; empty when it will not (no net change).
    fn update_reasons(&self, id: InstanceId, p: &Presort, parents: &HashMap<InstanceId, Vec<(InstanceId, String)>, crate::fxhash::FxBuild>) -> Vec<Why> {
        let st = self.instances.get(id);
        let mm = self.registry.mapper(st.mapper);
        let mut why = Vec::new();
        if p.cancelled.contains(&id) {
            why.push(Why::Undeleted(id));
        }
        let cols: Vec<String> = st
            .committed
            .iter()
            .map(|(c, _)| *c as usize)
            .filter(|&c| !st.dict[c].is_absent() && (matches!(st.dict[c], Slot::Sql(_)) || self.column_changed(id, c)))
            .map(|c| mm.columns[c].clone())
            .collect();
        for (c, w) in &p.nulled {
            if *c == id {
                why.push(w.clone());
            }
        }
        // a foreign key that will be copied from a parent whose key differs from it
        for (ri, rel) in mm.relationships.iter().enumerate() {
            if rel.viewonly || rel.direction != Direction::ManyToOne || rel.secondary.is_some() {
                continue;
            }
            if let RelSlot::Scalar(Some(parent)) = &st.rels[ri] {
                let pst = self.instances.get(*parent);
                let differs = pst.key().is_none()
                    || rel.local_remote_pairs.iter().any(|(fk, pk)| pst.dict[*pk].value() != st.dict[*fk].value() && pst.dict[*pk].value().is_some());
                if differs && !p.deleted_set.contains(parent) {
                    why.push(Why::ChildOf(*parent, self.rel_name(st.mapper, ri)));
                }
            } else if matches!(st.rels[ri], RelSlot::Scalar(None)) && st.rel_committed.iter().any(|(k, o)| *k as usize == ri && matches!(o, RelSlot::Scalar(Some(_)))) {
                let fk_set = rel.local_remote_pairs.iter().any(|(fk, _)| st.dict[*fk].value().is_some_and(|v| !v.is_null()));
                if fk_set {
                    why.push(Why::Changed(vec![format!("{} (set to None)", rel.name)]));
                }
            }
        }
        for (parent, rel) in parents.get(&id).into_iter().flatten() {
            let pst = self.instances.get(*parent);
            if rel.contains('.') && pst.mapper != st.mapper {
                let (_, rname) = rel.split_once('.').unwrap_or(("", ""));
                let pm = self.registry.mapper(pst.mapper);
                if let Some(r) = pm.relationships.iter().find(|r| r.name == rname && r.direction == Direction::OneToMany) {
                    let differs = r.local_remote_pairs.iter().any(|(pk, fk)| pst.dict[*pk].value() != st.dict[*fk].value());
                    if differs && !why.iter().any(|w| matches!(w, Why::ChildOf(x, _) if x == parent)) && !p.deleted_set.contains(parent) {
                        why.push(Why::ChildOf(*parent, rel.clone()));
                    }
                }
            }
        }
        if !cols.is_empty() {
            why.insert(0, Why::Changed(cols));
        }
        why
    }

    /// `presort_relationships` without its effects: what it would delete,
    /// de-associate and link, and what it would have to load first.
    fn presort_preview(&self, saves: &[InstanceId], mut deleted: Vec<InstanceId>, unknown: &mut Vec<Unknown>) -> Presort {
        let mut deleted_set: IdHashSet = deleted.iter().copied().collect();
        let cancelled = self.cancel_deletes(saves, &mut deleted, &mut deleted_set);
        let saves: Vec<InstanceId> = saves.iter().copied().chain(cancelled.iter().copied()).collect();
        let mut p = Presort {
            deleted: Vec::new(),
            deleted_set: IdHashSet::default(),
            why_deleted: HashMap::default(),
            nulled: Vec::new(),
            cancelled,
            links_before: Vec::new(),
            links_delete: Vec::new(),
            links_insert: Vec::new(),
            list_only: Vec::new(),
        };
        // objects session.delete() cascaded to: name the parent that reached them
        for &x in &deleted {
            let m = self.instances.get(x).mapper;
            for (ri, rel) in self.registry.mapper(m).relationships.iter().enumerate() {
                if rel.viewonly || !rel.cascade.delete {
                    continue;
                }
                let children: Vec<InstanceId> = match &self.instances.get(x).rels[ri] {
                    RelSlot::Collection(v) => v.clone(),
                    RelSlot::Scalar(Some(c)) => vec![*c],
                    _ => Vec::new(),
                };
                for c in children {
                    if c != x && deleted_set.contains(&c) && !p.why_deleted.contains_key(&c) {
                        p.why_deleted.insert(c, Why::CascadeDelete(x, self.rel_name(m, ri)));
                    }
                }
            }
        }
        for &x in &saves {
            if !deleted_set.contains(&x) && self.instances.get(x).key().is_some() && self.is_orphan(x) {
                let parent = saves.iter().copied().find_map(|par| {
                    let pm = self.instances.get(par).mapper;
                    (0..self.registry.mapper(pm).relationships.len())
                        .find(|&ri| self.registry.mapper(pm).relationships[ri].cascade.delete_orphan && self.rel_history(par, ri).deleted.contains(&x))
                        .map(|ri| (par, self.rel_name(pm, ri)))
                });
                let why = match parent {
                    Some((par, rel)) => Why::Orphan(Some(par), rel),
                    None => Why::Orphan(None, String::new()),
                };
                p.why_deleted.insert(x, why);
                self.preview_delete(x, &mut deleted, &mut deleted_set, &mut p.why_deleted, unknown);
            }
        }
        for &par in &saves {
            if deleted_set.contains(&par) {
                continue;
            }
            let m = self.instances.get(par).mapper;
            for (ri, rel) in self.registry.mapper(m).relationships.iter().enumerate() {
                if rel.viewonly || !rel.cascade.delete_orphan {
                    continue;
                }
                let Some(removed) = self.removed_for_orphans(par, ri) else { continue };
                let sid = self.instances.get(par).session();
                for c in removed {
                    let in_session = sid.is_some_and(|s| self.contains(s, c));
                    let tok = crate::orm::collections::rel_token(m, ri);
                    if !self.has_parent(c, tok, false) && in_session && self.instances.get(c).key().is_some() && !deleted_set.contains(&c) {
                        p.why_deleted.insert(c, Why::Orphan(Some(par), self.rel_name(m, ri)));
                        self.preview_delete(c, &mut deleted, &mut deleted_set, &mut p.why_deleted, unknown);
                    }
                }
            }
        }
        let mut i = 0;
        while i < deleted.len() {
            let d = deleted[i];
            i += 1;
            let m = self.instances.get(d).mapper;
            for (ri, rel) in self.registry.mapper(m).relationships.iter().enumerate() {
                if rel.viewonly || rel.direction == Direction::ManyToOne {
                    continue;
                }
                if matches!(self.instances.get(d).rels[ri], RelSlot::Absent) {
                    if !rel.passive_deletes {
                        unknown.push(Unknown { obj: d, rel: self.rel_name(m, ri), what: "not loaded: the flush loads it first (SELECT), then deletes or de-associates its members" });
                    }
                    continue;
                }
                let h = self.rel_history(d, ri);
                let name = self.rel_name(m, ri);
                match rel.direction {
                    Direction::OneToMany => {
                        let tok = crate::orm::collections::rel_token(m, ri);
                        for &c in &h.deleted {
                            if !self.has_parent(c, tok, false) && !deleted_set.contains(&c) {
                                if rel.cascade.delete_orphan {
                                    p.why_deleted.insert(c, Why::Orphan(Some(d), name.clone()));
                                    self.preview_delete(c, &mut deleted, &mut deleted_set, &mut p.why_deleted, unknown);
                                } else {
                                    p.nulled.push((c, Why::Nulled(d, name.clone())));
                                }
                            }
                        }
                        if !rel.cascade.delete {
                            for &c in &h.unchanged {
                                if !deleted_set.contains(&c) {
                                    p.nulled.push((c, Why::Nulled(d, name.clone())));
                                }
                            }
                        }
                    }
                    Direction::ManyToMany => {
                        for &c in h.unchanged.iter().chain(h.deleted.iter()) {
                            p.links_before.push((m, ri, d, c));
                        }
                    }
                    Direction::ManyToOne => {}
                }
            }
        }
        for &par in &saves {
            if deleted_set.contains(&par) {
                continue;
            }
            let m = self.instances.get(par).mapper;
            for (ri, rel) in self.registry.mapper(m).relationships.iter().enumerate() {
                if rel.viewonly {
                    continue;
                }
                let has_history = self.instances.get(par).rel_committed.iter().any(|(k, _)| *k as usize == ri);
                if rel.direction == Direction::ManyToMany && has_history {
                    let h = self.rel_history(par, ri);
                    p.links_delete.extend(h.deleted.iter().map(|&c| (m, ri, par, c)));
                    p.links_insert.extend(h.added.iter().map(|&c| (m, ri, par, c)));
                }
                if rel.direction == Direction::ManyToMany && !has_history {
                    if let Some((_, added, removed)) = self.instances.get(par).pending.iter().find(|(k, _, _)| *k as usize == ri) {
                        p.links_delete.extend(removed.iter().map(|&c| (m, ri, par, c)));
                        p.links_insert.extend(added.iter().map(|&c| (m, ri, par, c)));
                    }
                }
                if rel.direction == Direction::OneToMany && self.instances.get(par).key().is_some() {
                    let st = self.instances.get(par);
                    let changed = rel.local_remote_pairs.iter().any(|(lc, _)| st.committed_value(*lc).is_some() && self.column_changed(par, *lc));
                    if let (true, RelSlot::Collection(children)) = (changed, &st.rels[ri]) {
                        p.list_only.extend(children.iter().copied().filter(|c| !deleted_set.contains(c)));
                    }
                }
            }
        }
        p.deleted = deleted;
        p.deleted_set = deleted_set;
        p
    }

    /// `register_delete` for the plan: `x` and what its delete cascade
    /// reaches among loaded objects; an unloaded collection on the way is
    /// loaded by the real flush, so the plan names it.
    fn preview_delete(
        &self,
        x: InstanceId,
        deleted: &mut Vec<InstanceId>,
        set: &mut IdHashSet,
        why: &mut HashMap<InstanceId, Why, crate::fxhash::FxBuild>,
        unknown: &mut Vec<Unknown>,
    ) {
        if set.insert(x) {
            deleted.push(x);
        }
        let reached = self.cascade_iterator(x, crate::orm::cascade::CascadeKind::Delete);
        let walk: Vec<InstanceId> = std::iter::once(x).chain(reached.iter().copied()).collect();
        for &o in &walk {
            let m = self.instances.get(o).mapper;
            for (ri, rel) in self.registry.mapper(m).relationships.iter().enumerate() {
                if rel.viewonly || !rel.cascade.delete {
                    continue;
                }
                match &self.instances.get(o).rels[ri] {
                    RelSlot::Absent if self.instances.get(o).key().is_some() => {
                        let u = Unknown { obj: o, rel: self.rel_name(m, ri), what: "not loaded: the flush loads it first (SELECT), then deletes or de-associates its members" };
                        if !unknown.contains(&u) {
                            unknown.push(u);
                        }
                    }
                    RelSlot::Collection(v) => {
                        for &c in v {
                            if reached.contains(&c) && !why.contains_key(&c) {
                                why.insert(c, Why::CascadeDelete(o, self.rel_name(m, ri)));
                            }
                        }
                    }
                    RelSlot::Scalar(Some(c)) if reached.contains(c) && !why.contains_key(c) => {
                        why.insert(*c, Why::CascadeDelete(o, self.rel_name(m, ri)));
                    }
                    _ => {}
                }
            }
        }
        for c in reached {
            if self.instances.get(c).key().is_some() && set.insert(c) {
                deleted.push(c);
            }
        }
    }

    /// The plan check (`ORMSH_CHECK_PLAN=1`): the flush computes its plan and records what it ran.
    pub fn check_plans() -> bool {
        static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *ON.get_or_init(|| std::env::var_os("ORMSH_CHECK_PLAN").is_some_and(|v| !v.is_empty() && v != "0"))
    }

    /// Record one step the flush ran (only while the check is on).
    pub(crate) fn ran(&mut self, op: Op, obj: InstanceId, other: Option<InstanceId>) {
        if let Some(v) = self.flush_ran.as_mut() {
            v.push((op, obj, other));
        }
    }

    /// The plan against what ran: `None` when equal, else a description.
    pub fn plan_difference(&self, plan: &FlushPreview, ran: &[(Op, InstanceId, Option<InstanceId>)]) -> Option<String> {
        let want = plan.signature();
        if want == ran {
            return None;
        }
        let show = |v: &[(Op, InstanceId, Option<InstanceId>)]| -> String {
            v.iter()
                .map(|(op, a, b)| match b {
                    Some(b) => format!("{} {}-{}", op.name(), self.instances.label(*a), self.instances.label(*b)),
                    None => format!("{} {}", op.name(), self.instances.label(*a)),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        Some(format!("flush plan differed from what ran: planned [{}]; ran [{}]", show(&want), show(ran)))
    }
}
