//! Cascades along relationships: which related objects an operation on one
//! object reaches. Mirrors `Mapper.cascade_iterator` and `CascadeOptions`.
//!
//! Only objects already loaded in memory are reached by `cascade_iterator`;
//! the delete cascade also loads unloaded collections first, as SQLAlchemy
//! does (`cascade_iterator_loading`).

use crate::exc::Result;
use crate::orm::mapping::Cascade;
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, RelSlot, SessionId};

/// The objects a relationship slot holds.
fn slot_objects(slot: &RelSlot) -> Vec<InstanceId> {
    match slot {
        RelSlot::Absent | RelSlot::Scalar(None) => Vec::new(),
        RelSlot::Scalar(Some(x)) => vec![*x],
        RelSlot::Collection(v) => v.clone(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CascadeKind {
    SaveUpdate,
    Merge,
    Expunge,
    Delete,
    RefreshExpire,
}

impl CascadeKind {
    pub fn applies(self, c: &Cascade) -> bool {
        match self {
            CascadeKind::SaveUpdate => c.save_update,
            CascadeKind::Merge => c.merge,
            CascadeKind::Expunge => c.expunge,
            CascadeKind::Delete => c.delete,
            CascadeKind::RefreshExpire => c.refresh_expire,
        }
    }
}

impl Orm {
    /// Every object reachable from `id` through relationships whose cascade
    /// includes `kind`, each once, `id` itself excluded, in `Mapper.cascade_iterator`'s
    /// order (depth first: an object is yielded, then its own relationships are
    /// walked before the next one).
    pub fn cascade_iterator(&self, id: InstanceId, kind: CascadeKind) -> Vec<InstanceId> {
        self.cascade_iterator_halt(id, kind, None)
    }

    /// `cascade_iterator` with `halt_on=session._contains_state` when `halt` is a
    /// session: objects already in it are neither yielded nor walked through.
    pub fn cascade_iterator_halt(&self, id: InstanceId, kind: CascadeKind, halt: Option<SessionId>) -> Vec<InstanceId> {
        let mut out = Vec::new();
        // nothing to walk (no relationship with this cascade): no stack, no set
        let start = self.registry.mapper(self.instances.get(id).mapper);
        if !start.relationships.iter().any(|rel| kind.applies(&rel.cascade) && !rel.viewonly) {
            return out;
        }
        let mut seen = crate::orm::state::IdHashSet::default();
        seen.insert(id);
        // (object, next relationship index) frames and (items, position) frames
        let mut props: Vec<(InstanceId, usize)> = vec![(id, 0)];
        let mut items_stack: Vec<(Vec<InstanceId>, usize, usize)> = Vec::new();
        // each items frame remembers the depth of `props` it belongs to
        loop {
            if let Some((items, pos, depth)) = items_stack.last_mut() {
                if *depth == props.len() {
                    if *pos >= items.len() {
                        items_stack.pop();
                        continue;
                    }
                    let x = items[*pos];
                    *pos += 1;
                    out.push(x);
                    props.push((x, 0));
                    continue;
                }
            }
            let Some((cur, next)) = props.last_mut() else { break };
            let (cur, ri) = (*cur, *next);
            let st = self.instances.get(cur);
            let mapper = self.registry.mapper(st.mapper);
            if ri >= mapper.relationships.len() {
                props.pop();
                continue;
            }
            *next += 1;
            let rel = &mapper.relationships[ri];
            if !kind.applies(&rel.cascade) || rel.viewonly {
                continue;
            }
            let related = if kind == CascadeKind::SaveUpdate { self.all_pending(cur, ri) } else { slot_objects(&st.rels[ri]) };
            let skip_pending = kind == CascadeKind::RefreshExpire && !rel.cascade.delete_orphan;
            let mut items: Vec<InstanceId> = Vec::new();
            for r in related {
                if seen.contains(&r) || halt.is_some_and(|sid| self.contains(sid, r)) || (skip_pending && self.instances.get(r).key().is_none()) {
                    continue;
                }
                seen.insert(r);
                items.push(r);
            }
            if !items.is_empty() {
                items_stack.push((items, 0, props.len()));
            }
        }
        out
    }

    /// `get_all_pending` of a relationship: what the save-update cascade
    /// follows. A reference gives its value and the value it replaced; a
    /// collection its added members, then the unchanged, then the removed.
    fn all_pending(&self, id: InstanceId, ri: usize) -> Vec<InstanceId> {
        let st = self.instances.get(id);
        let current = slot_objects(&st.rels[ri]);
        let Some((_, orig)) = st.rel_committed.iter().find(|(k, _)| *k as usize == ri) else { return current };
        let orig = slot_objects(orig);
        match &st.rels[ri] {
            RelSlot::Collection(_) => {
                let mut v: Vec<InstanceId> = current.iter().copied().filter(|x| !orig.contains(x)).collect();
                v.extend(current.iter().copied().filter(|x| orig.contains(x)));
                v.extend(orig.iter().copied().filter(|x| !current.contains(x)));
                v
            }
            // not loaded: `get_all_pending` does not load (PASSIVE_NO_INITIALIZE)
            RelSlot::Absent => Vec::new(),
            _ => {
                let mut v = current;
                if let Some(&o) = orig.first().filter(|o| !v.contains(o)) {
                    v.push(o);
                }
                v
            }
        }
    }

    /// Like `cascade_iterator`, loading unloaded related objects first when the
    /// cascade is `delete` (and the relationship has no `passive_deletes`), in
    /// `Mapper.cascade_iterator`'s order: each relationship's objects are
    /// loaded, then each object is yielded and its own relationships walked
    /// before the next one.
    pub fn cascade_iterator_loading(&mut self, sid: SessionId, id: InstanceId, kind: CascadeKind) -> Result<Vec<InstanceId>> {
        let _ = sid;
        enum Frame {
            Props { id: InstanceId, next: usize },
            Items { items: Vec<InstanceId>, pos: usize },
        }
        let mut out = Vec::new();
        let mut visited = crate::orm::state::IdHashSet::default();
        visited.insert(id);
        let mut stack = vec![Frame::Props { id, next: 0 }];
        while let Some(top) = stack.last_mut() {
            match top {
                Frame::Props { id, next } => {
                    let cur = *id;
                    let ri = *next;
                    let mapper = self.instances.get(cur).mapper;
                    let nrels = self.registry.mapper(mapper).relationships.len();
                    if ri >= nrels {
                        stack.pop();
                        continue;
                    }
                    *next += 1;
                    let rel = &self.registry.mapper(mapper).relationships[ri];
                    if !kind.applies(&rel.cascade) || rel.viewonly {
                        continue;
                    }
                    let load = kind == CascadeKind::Delete && !rel.passive_deletes;
                    let slot = if load && self.instances.get(cur).rels[ri] == RelSlot::Absent {
                        match self.get_relationship(cur, ri) {
                            Ok(s) => s,
                            // (a session in 'prepared' state refuses the load's SQL: that is raised)
                            Err(e) if e.kind == crate::exc::ErrorKind::InvalidRequestError && !e.message.starts_with("This session is in 'prepared' state") => RelSlot::Absent,
                            Err(e) => return Err(e),
                        }
                    } else {
                        self.instances.get(cur).rels[ri].clone()
                    };
                    let items: Vec<InstanceId> = match slot {
                        RelSlot::Absent | RelSlot::Scalar(None) => Vec::new(),
                        RelSlot::Scalar(Some(x)) => vec![x],
                        RelSlot::Collection(v) => v,
                    };
                    let items: Vec<InstanceId> = items.into_iter().filter(|x| visited.insert(*x)).collect();
                    if !items.is_empty() {
                        stack.push(Frame::Items { items, pos: 0 });
                    }
                }
                Frame::Items { items, pos } => {
                    if *pos >= items.len() {
                        stack.pop();
                        continue;
                    }
                    let x = items[*pos];
                    *pos += 1;
                    out.push(x);
                    stack.push(Frame::Props { id: x, next: 0 });
                }
            }
        }
        Ok(out)
    }
}
