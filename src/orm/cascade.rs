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
    /// includes `kind`, depth first, each once, `id` itself excluded.
    pub fn cascade_iterator(&self, id: InstanceId, kind: CascadeKind) -> Vec<InstanceId> {
        let mut out = Vec::new();
        // nothing to walk (no relationship with this cascade): no stack, no set
        let start = self.registry.mapper(self.instances.get(id).mapper);
        if !start.relationships.iter().any(|rel| kind.applies(&rel.cascade) && !rel.viewonly) {
            return out;
        }
        let mut stack = vec![id];
        let mut seen = crate::orm::state::IdHashSet::default();
        seen.insert(id);
        while let Some(cur) = stack.pop() {
            let st = self.instances.get(cur);
            let mapper = self.registry.mapper(st.mapper);
            for (ri, rel) in mapper.relationships.iter().enumerate() {
                if !kind.applies(&rel.cascade) || rel.viewonly {
                    continue;
                }
                let related: Vec<InstanceId> = match &st.rels[ri] {
                    RelSlot::Absent | RelSlot::Scalar(None) => Vec::new(),
                    RelSlot::Scalar(Some(x)) => vec![*x],
                    RelSlot::Collection(v) => v.clone(),
                };
                for r in related {
                    if seen.insert(r) {
                        out.push(r);
                        stack.push(r);
                    }
                }
            }
        }
        out
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
                            Err(e) if e.kind == crate::exc::ErrorKind::InvalidRequestError => RelSlot::Absent,
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
