//! `Session.merge()`: copy an object's state onto the session's own instance
//! for the same identity, loading or creating it. Mirrors `Session._merge` and
//! `ColumnProperty.merge` / `RelationshipProperty.merge`.

use crate::exc::{invalid, Result};
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, SessionId, Slot};
use crate::sql::value::Value;
use std::collections::HashMap;

impl Orm {
    /// Merge `src` into session `sid`; returns the session's instance.
    pub fn merge(&mut self, sid: SessionId, src: InstanceId, load: bool) -> Result<InstanceId> {
        self.check_active(sid)?;
        if load {
            self.autoflush(sid)?;
        }
        let mut recursive = HashMap::new();
        self.merge_one(sid, src, load, &mut recursive)
    }

    fn merge_one(&mut self, sid: SessionId, src: InstanceId, load: bool, recursive: &mut HashMap<InstanceId, InstanceId>) -> Result<InstanceId> {
        if let Some(m) = recursive.get(&src) {
            return Ok(*m);
        }
        let mapper = self.instances.get(src).mapper;
        let (key, key_is_persistent) = match self.instances.get(src).key.clone() {
            Some(k) => (k, true),
            None => {
                if !load {
                    return Err(invalid(
                        "merge() with load=False option does not support objects transient (i.e. unpersisted) objects.  flush() all changes on mapped instances before merging with load=False.",
                    ));
                }
                let pkcols = self.pk_columns(mapper);
                let pk: Vec<Value> = pkcols
                    .iter()
                    .map(|&c| self.instances.get(src).dict[c].value().cloned().unwrap_or(Value::Null))
                    .collect();
                let persistent = !pk.iter().any(|v| v.is_null());
                (self.identity_key(mapper, pk), persistent)
            }
        };
        if !load && self.instances.get(src).modified {
            return Err(invalid(
                "merge() with load=False option does not support objects marked as 'dirty'.  flush() all changes on mapped instances before merging with load=False.",
            ));
        }
        let mut merged = self.session(sid).identity_map.get(&key);
        if merged.is_none() && key_is_persistent && load {
            merged = self.get(sid, mapper, key.pk.to_vec())?;
        }
        let mut new_instance = false;
        let merged = match merged {
            Some(m) => m,
            None => {
                let m = self.new_instance(mapper);
                new_instance = true;
                if key_is_persistent && !load {
                    self.instances.get_mut(m).key = Some(key.clone());
                    self.update_impl(sid, m, false)?;
                    new_instance = false;
                } else {
                    self.add(sid, m)?;
                }
                m
            }
        };
        let _ = new_instance;
        recursive.insert(src, merged);
        if merged == src {
            return Ok(merged);
        }
        // column properties
        let ncols = self.instances.get(src).dict.len();
        for c in 0..ncols {
            let v = self.instances.get(src).dict[c].clone();
            match v {
                Slot::Absent => {
                    let dst = self.instances.get(merged);
                    if dst.key.is_some() && dst.dict[c].is_absent() && !dst.expired_attrs.contains(c) {
                        let name = self.registry.mapper(mapper).columns[c].clone();
                        self.expire_attributes(merged, &[name])?;
                    }
                }
                slot => {
                    if load {
                        // make sure the original is known so history is right
                        let dst = self.instances.get(merged);
                        if dst.dict[c].is_absent() && dst.expired_attrs.contains(c) && dst.key.is_some() {
                            self.load_expired(merged)?;
                        }
                        self.set_column(merged, c, slot)?;
                    } else {
                        self.instances.get_mut(merged).dict[c] = slot;
                    }
                }
            }
        }
        self.merge_relationships(sid, src, merged, load, recursive)?;
        if !load {
            self.instances.get_mut(merged).commit_all_keep_expired();
            self.session_mut(sid).modified.shift_remove(&merged);
        }
        Ok(merged)
    }

    /// Relationship part of merge (cascade "merge"): filled in by the
    /// relationship layer; a no-op for classes without relationships.
    fn merge_relationships(&mut self, _sid: SessionId, _src: InstanceId, _dst: InstanceId, _load: bool, _rec: &mut HashMap<InstanceId, InstanceId>) -> Result<()> {
        Ok(())
    }
}
