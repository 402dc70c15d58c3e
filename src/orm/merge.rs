//! `Session.merge()`: copy an object's state onto the session's own instance
//! for the same identity, loading or creating it. Mirrors `Session._merge` and
//! `ColumnProperty.merge` / `RelationshipProperty.merge`.

use crate::exc::{invalid, Result};
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, SessionId, Slot};
use crate::sql::value::Value;
use crate::orm::collections::{rel_token, Op};
use crate::orm::state::RelSlot;
use std::collections::{HashMap, HashSet};

/// `_recursive` of `Session._merge`: source objects already merged (and into
/// what), and the (source object, relationship) pairs being merged through.
#[derive(Default)]
pub(crate) struct MergeMemo {
    states: HashMap<InstanceId, InstanceId>,
    pairs: HashSet<(InstanceId, u32)>,
}

impl Orm {
    /// Merge `src` into session `sid`; returns the session's instance.
    pub fn merge(&mut self, sid: SessionId, src: InstanceId, load: bool) -> Result<InstanceId> {
        Ok(self.merge_all(sid, &[src], load)?.pop().unwrap_or(src))
    }

    /// `Session.merge_all()` (and `merge()` of one object): one autoflush at
    /// the start when loading, then every merge with autoflush off, as
    /// SQLAlchemy's `merge` sets `self.autoflush = False` around `_merge`:
    /// loads made while merging never flush what the merge has copied so far.
    /// No check of an active transaction up front: a failed transaction stops a
    /// merge only where it needs the database (its autoflush or a load), so
    /// `merge(load=False)` works there, and says what else is wrong first.
    pub fn merge_all(&mut self, sid: SessionId, srcs: &[InstanceId], load: bool) -> Result<Vec<InstanceId>> {
        if load {
            self.autoflush(sid)?;
        }
        let mut recursive = MergeMemo::default();
        self.session_mut(sid).no_autoflush += 1;
        let mut out = Vec::with_capacity(srcs.len());
        let mut r = Ok(());
        for &src in srcs {
            match self.merge_one(sid, src, load, &mut recursive) {
                Ok(m) => out.push(m),
                Err(e) => {
                    r = Err(e);
                    break;
                }
            }
        }
        let s = self.session_mut(sid);
        s.no_autoflush = s.no_autoflush.saturating_sub(1);
        r.map(|_| out)
    }

    fn merge_one(&mut self, sid: SessionId, src: InstanceId, load: bool, recursive: &mut MergeMemo) -> Result<InstanceId> {
        if let Some(m) = recursive.states.get(&src) {
            return Ok(*m);
        }
        let mapper = self.instances.get(src).mapper;
        let (key, key_is_persistent) = match self.instances.get(src).key().cloned() {
            Some(k) => (k, true),
            None => {
                if !load {
                    return Err(invalid(
                        "merge() with load=False option does not support objects transient (i.e. unpersisted) objects.  flush() all changes on mapped instances before merging with load=False.",
                    ));
                }
                let pkcols = self.pk_columns(mapper);
                // `_identity_key_from_state` reads the key's attributes: an expired one
                // loads, which a transient object cannot (DetachedInstanceError)
                let st = self.instances.get(src);
                if pkcols.iter().any(|&c| st.dict[c].is_absent() && st.expired_attrs.contains(c)) {
                    self.load_expired(src)?;
                }
                let pk: Vec<Value> = pkcols
                    .iter()
                    .map(|&c| self.instances.get(src).dict[c].value().cloned().unwrap_or(Value::Null))
                    .collect();
                let persistent = !pk.iter().any(|v| v.is_null());
                (self.identity_key(mapper, pk), persistent)
            }
        };
        let mut merged = self.session(sid).identity_map.get(&key);
        // only an object that is not in the identity map yet is refused when dirty
        // (`Session._merge`: the check sits in its `merged is None` branch)
        if merged.is_none() && !load && self.instances.get(src).modified {
            return Err(invalid(
                "merge() with load=False option does not support objects marked as 'dirty'.  flush() all changes on mapped instances before merging with load=False.",
            ));
        }
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
                    self.give_identity(m, key.clone());
                    self.update_impl(sid, m, false)?;
                    new_instance = false;
                } else {
                    self.add(sid, m)?;
                }
                m
            }
        };
        let _ = new_instance;
        recursive.states.insert(src, merged);
        if merged == src {
            // the same object: no properties to copy, but load=False still removes its history
            // (`Session._merge`: `_commit_all` outside the `state is not merged_state` branch)
            if !load {
                self.instances.get_mut(merged).commit_all_keep_expired();
                self.session_mut(sid).modified.shift_remove(&merged);
            }
            return Ok(merged);
        }
        // `mapper.iterate_properties`: the relationships come first (a mapper
        // configures the properties it is given before the table's columns), so
        // a relationship that fails leaves the columns unmerged
        self.merge_relationships(sid, src, merged, load, recursive)?;
        // column properties
        let ncols = self.instances.get(src).dict.len();
        for c in 0..ncols {
            let v = self.instances.get(src).dict[c].clone();
            match v {
                Slot::Absent => {
                    let dst = self.instances.get(merged);
                    if dst.key().is_some() && dst.dict[c].is_absent() && !dst.expired_attrs.contains(c) {
                        let name = self.registry.mapper(mapper).columns[c].clone();
                        self.expire_attributes(merged, &[name])?;
                    }
                }
                slot => {
                    if load {
                        // make sure the original is known so history is right
                        let dst = self.instances.get(merged);
                        if dst.dict[c].is_absent() && dst.expired_attrs.contains(c) && dst.key().is_some() {
                            self.load_expired(merged)?;
                        }
                        self.set_column(merged, c, slot)?;
                    } else {
                        self.instances.get_mut(merged).dict[c] = slot;
                    }
                }
            }
        }
        if !load {
            self.instances.get_mut(merged).commit_all_keep_expired();
            self.session_mut(sid).modified.shift_remove(&merged);
        }
        Ok(merged)
    }

    /// Relationship part of merge (`RelationshipProperty.merge`): along each
    /// relationship with the "merge" cascade whose value is loaded on the
    /// source, merge the related objects and set the result on the target
    /// (with events when loading, directly with `load=False`).
    fn merge_relationships(&mut self, sid: SessionId, src: InstanceId, dst: InstanceId, load: bool, rec: &mut MergeMemo) -> Result<()> {
        let mapper = self.instances.get(src).mapper;
        let nrels = self.registry.mapper(mapper).relationships.len();
        for ri in 0..nrels {
            let rel = self.relationship_of(mapper, ri);
            if load {
                if let Some(bi) = self.backref_index(mapper, ri) {
                    if rec.pairs.contains(&(src, rel_token(rel.target, bi))) {
                        continue;
                    }
                }
            }
            if !rel.cascade.merge {
                continue;
            }
            let value = self.instances.get(src).rels[ri].clone();
            let token = rel_token(mapper, ri);
            match value {
                RelSlot::Absent => continue,
                RelSlot::Collection(items) => {
                    if load {
                        self.get_relationship(dst, ri)?;
                    }
                    let mut dest_list = Vec::with_capacity(items.len());
                    // a None member: `attributes.instance_state(None)` fails where the loop meets it
                    let first_none = self.instances.get(src).nones.iter().find(|e| e.0 as usize == ri).and_then(|e| e.1.first().copied());
                    for (j, cur) in items.into_iter().enumerate() {
                        if first_none.is_some_and(|a| a as usize <= j) {
                            break;
                        }
                        rec.pairs.insert((cur, token));
                        let obj = self.merge_one(sid, cur, load, rec)?;
                        dest_list.push(obj);
                    }
                    if first_none.is_some() {
                        return Err(crate::exc::Error::new(crate::exc::ErrorKind::AttributeError, "'NoneType' object has no attribute '_sa_instance_state'"));
                    }
                    if load {
                        self.collection_replace(dst, ri, dest_list, Op::BulkReplace)?;
                    } else {
                        let st = self.instances.get_mut(dst);
                        st.set_committed_rel(ri, RelSlot::Collection(dest_list));
                    }
                }
                RelSlot::Scalar(cur) => {
                    let obj = match cur {
                        Some(c) => {
                            rec.pairs.insert((c, token));
                            Some(self.merge_one(sid, c, load, rec)?)
                        }
                        None => None,
                    };
                    if load {
                        self.scalar_assign(dst, ri, obj)?;
                    } else {
                        let st = self.instances.get_mut(dst);
                        st.set_committed_rel(ri, RelSlot::Scalar(obj));
                    }
                }
            }
        }
        Ok(())
    }
}
