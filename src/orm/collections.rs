//! Relationship attributes in memory: appending to and removing from
//! collections, assigning references, with the bookkeeping SQLAlchemy does on
//! each change — relationship history (`rel_committed`), the backref
//! (`back_populates`) on the other side, `hasparent` tracking for orphan
//! detection, the save-update cascade along the attribute the user changed
//! (2.0's one-directional cascade_backrefs rule), and expunging pending
//! orphans. Mirrors `orm/attributes.py` (`CollectionAttributeImpl`,
//! `ScalarObjectAttributeImpl`, `backref_listeners`), `orm/collections.py`
//! (`bulk_replace`) and `orm/unitofwork.py` (`track_cascade_events`).
//!
//! Called by the interpreter's instrumented collection object
//! (`interp::sa::relationships`), by constructors and attribute assignment,
//! by merge and by the eager loaders.

use crate::exc::Result;
use crate::orm::mapping::{Direction, MapperId, Relationship};
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, RelSlot};
use crate::sql::value::Value;

/// What kind of change started an event chain (SQLAlchemy's `AttributeEventToken.op`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Append,
    Remove,
    /// A scalar assignment (SQLAlchemy's append and replace tokens of a scalar are one).
    Replace,
    /// Assigning a whole new collection.
    BulkReplace,
}

/// The attribute and operation that initiated a chain of events (the
/// `initiator` SQLAlchemy passes along to stop backref recursion).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Initiator {
    pub mapper: MapperId,
    pub ri: usize,
    pub op: Op,
}

/// One number per relationship, for `InstanceState::parents`.
pub fn rel_token(mapper: MapperId, ri: usize) -> u32 {
    (mapper.0 << 16) | (ri as u32 & 0xffff)
}

/// Relationship history: `History(added, unchanged, deleted)` of objects.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RelHistory {
    pub added: Vec<InstanceId>,
    pub unchanged: Vec<InstanceId>,
    pub deleted: Vec<InstanceId>,
    /// A scalar reference set to None (`History.from_object_attribute`: `added=[None]`):
    /// the many-to-one's foreign key is cleared at flush even when the old value was never loaded.
    pub added_none: bool,
    /// A scalar reference loaded (or left) as None: `unchanged=[None]`.
    pub unchanged_none: bool,
    /// `None` members of a collection (`u.addresses.append(None)`): how many are
    /// added, unchanged, deleted (SQLAlchemy's history keys them all as one `None`).
    pub nones: [u32; 3],
}

impl RelHistory {
    pub fn has_changes(&self) -> bool {
        !self.added.is_empty() || !self.deleted.is_empty() || self.added_none || self.nones[0] > 0 || self.nones[2] > 0
    }
}

fn slot_items(s: &RelSlot) -> Vec<InstanceId> {
    match s {
        RelSlot::Absent | RelSlot::Scalar(None) => Vec::new(),
        RelSlot::Scalar(Some(x)) => vec![*x],
        RelSlot::Collection(v) => v.clone(),
    }
}

impl Orm {
    pub(crate) fn relationship_of(&self, mapper: MapperId, ri: usize) -> Relationship {
        self.registry.mapper(mapper).relationships[ri].clone()
    }

    /// The relationship index of `back_populates` on the target, if any.
    pub(crate) fn backref_index(&self, mapper: MapperId, ri: usize) -> Option<usize> {
        let rel = &self.registry.mapper(mapper).relationships[ri];
        let back = rel.back_populates.as_ref()?;
        self.registry.mapper(rel.target).relationship(back).map(|(i, _)| i)
    }

    /// The value of a many-to-one without SQL (`PASSIVE_NO_FETCH`): the loaded
    /// value, else the identity-map object its foreign key points to. `None`
    /// when it cannot be known without a query.
    pub(crate) fn peek_scalar(&self, id: InstanceId, ri: usize) -> Option<Option<InstanceId>> {
        self.peek_scalar_as(id, ri, false)
    }

    /// [`Self::peek_scalar`]; `related_expired`: an expired object of the identity
    /// map is taken too (a flush's PASSIVE_NO_FETCH_RELATED, without RELATED_OBJECT_OK).
    pub(crate) fn peek_scalar_as(&self, id: InstanceId, ri: usize, related_expired: bool) -> Option<Option<InstanceId>> {
        let st = self.instances.get(id);
        match &st.rels[ri] {
            RelSlot::Scalar(x) => return Some(*x),
            RelSlot::Collection(_) => return None,
            RelSlot::Absent => {}
        }
        let rel = &self.registry.mapper(st.mapper).relationships[ri];
        if st.key().is_none() && rel.direction != Direction::ManyToOne {
            return Some(None);
        }
        if rel.direction != Direction::ManyToOne || rel.secondary.is_some() {
            return None;
        }
        let mut pk = Vec::new();
        for (lc, _) in &rel.local_remote_pairs {
            // against the committed foreign key (`LOAD_AGAINST_COMMITTED`): a key set since
            // the load (or on a pending object, where it was never committed) is not used
            let value = match st.committed_value(*lc) {
                Some(None) => return Some(None),
                Some(Some(v)) => Some(v),
                None => st.dict[*lc].value(),
            };
            match value {
                Some(v) if !v.is_null() => pk.push(v.clone()),
                Some(_) => return Some(None),
                None => return if st.key().is_none() { Some(None) } else { None },
            }
        }
        let sid = st.session()?;
        let tpk = self.pk_columns(rel.target);
        let remote: Vec<usize> = rel.local_remote_pairs.iter().map(|p| p.1).collect();
        if remote != tpk {
            return None;
        }
        let key = self.identity_key(rel.target, pk);
        // `get_from_identity` without SQL_OK: an expired object would need a load
        // to be known to exist (PASSIVE_NO_RESULT)
        self.session(sid).identity_map.get(&key).filter(|&o| related_expired || !self.fully_expired(o)).map(Some)
    }

    /// Is the foreign key of many-to-one `ri` of persistent `id` neither loaded nor
    /// expired (nor deferred)? Its value then has no loader: the lazy loader's
    /// `_get_ident_for_use_get` gives NO_VALUE (NEVER_SET), not PASSIVE_NO_RESULT.
    fn foreign_key_never_set(&self, id: InstanceId, ri: usize) -> bool {
        let st = self.instances.get(id);
        let rel = &self.registry.mapper(st.mapper).relationships[ri];
        if st.key().is_none() || rel.direction != Direction::ManyToOne || rel.secondary.is_some() || st.rels[ri] != RelSlot::Absent {
            return false;
        }
        let deferred = |c: usize| st.loaders.as_ref().is_some_and(|l| l.now.deferred.contains(c));
        rel.local_remote_pairs.iter().any(|(lc, _)| {
            st.dict[*lc].is_absent() && st.committed_value(*lc).is_none() && !st.expired_attrs.contains(*lc) && !deferred(*lc)
        })
    }

    /// Remember the original value of relationship `ri` before its first change.
    fn record_rel_original(&mut self, id: InstanceId, ri: usize, original: RelSlot) {
        let st = self.instances.get_mut(id);
        if !st.rel_committed.iter().any(|(k, _)| *k as usize == ri) {
            st.rel_committed.push((ri as u16, original));
            if let Some(e) = st.nones.iter_mut().find(|e| e.0 as usize == ri) {
                e.2 = e.1.len() as u32;
            }
        }
    }

    // ----- None members of collections ------------------------------------------

    /// Where the Nones of collection `ri` sit: for each, the members before it.
    fn none_anchors(&self, id: InstanceId, ri: usize) -> &[u32] {
        match self.instances.get(id).nones.iter().find(|e| e.0 as usize == ri) {
            Some(e) => &e.1,
            None => &[],
        }
    }

    fn set_none_anchors(&mut self, id: InstanceId, ri: usize, anchors: Vec<u32>) {
        let st = self.instances.get_mut(id);
        match st.nones.iter_mut().find(|e| e.0 as usize == ri) {
            Some(e) => e.1 = anchors,
            None if anchors.is_empty() => {}
            None => st.nones.push((ri as u16, anchors, 0)),
        }
    }

    /// Member `pos` left collection `ri`: the Nones after it move up.
    fn none_anchors_after_remove(&mut self, id: InstanceId, ri: usize, pos: usize) {
        let st = self.instances.get_mut(id);
        if let Some(e) = st.nones.iter_mut().find(|e| e.0 as usize == ri) {
            for a in e.1.iter_mut() {
                if *a as usize > pos {
                    *a -= 1;
                }
            }
        }
    }

    /// Collection `ri` as the list the user sees, `None` members included (loaded first).
    pub fn collection_members(&mut self, id: InstanceId, ri: usize) -> Result<Vec<Option<InstanceId>>> {
        let items = self.load_collection(id, ri)?;
        let anchors = self.none_anchors(id, ri);
        if anchors.is_empty() {
            return Ok(items.into_iter().map(Some).collect());
        }
        let mut out = Vec::with_capacity(items.len() + anchors.len());
        let mut k = 0;
        for (j, x) in items.into_iter().enumerate() {
            while k < anchors.len() && anchors[k] as usize <= j {
                out.push(None);
                k += 1;
            }
            out.push(Some(x));
        }
        out.extend(anchors[k..].iter().map(|_| None));
        Ok(out)
    }

    /// How many Nones collection `ri` held when it was committed (history's `deleted`/`unchanged`).
    pub fn committed_nones(&self, id: InstanceId, ri: usize) -> u32 {
        self.instances.get(id).nones.iter().find(|e| e.0 as usize == ri).map(|e| e.2).unwrap_or(0)
    }

    /// `parent.coll.append(None)`: accepted, with no event but the modified one
    /// (backref and cascade listeners skip None); the flush refuses it.
    pub fn collection_append_none(&mut self, id: InstanceId, ri: usize) -> Result<()> {
        let cur = self.load_collection(id, ri)?;
        self.record_rel_original(id, ri, RelSlot::Collection(cur.clone()));
        // stored: a pending object's empty default is not (`_reset_empty` on mutation)
        self.instances.get_mut(id).rels[ri] = RelSlot::Collection(cur.clone());
        let mut anchors = self.none_anchors(id, ri).to_vec();
        anchors.push(cur.len() as u32);
        self.set_none_anchors(id, ri, anchors);
        self.mark_modified(id);
        Ok(())
    }

    /// `parent.coll.remove(None)`; false when there is no None in it.
    pub fn collection_remove_none(&mut self, id: InstanceId, ri: usize) -> Result<bool> {
        let cur = self.load_collection(id, ri)?;
        let mut anchors = self.none_anchors(id, ri).to_vec();
        if anchors.is_empty() {
            // as for any member: the remove event (and `_modified_event`) fires
            // before `list.remove` raises ValueError
            self.record_rel_original(id, ri, RelSlot::Collection(cur));
            self.mark_modified(id);
            return Ok(false);
        }
        self.record_rel_original(id, ri, RelSlot::Collection(cur));
        anchors.remove(0);
        self.set_none_anchors(id, ri, anchors);
        self.mark_modified(id);
        Ok(true)
    }

    /// Replace the whole collection with `full`, whose `None`s are kept as members
    /// without events (see [`Orm::collection_replace`]).
    pub fn collection_replace_members(&mut self, id: InstanceId, ri: usize, full: Vec<Option<InstanceId>>, op: Op) -> Result<()> {
        let mut reals = Vec::with_capacity(full.len());
        let mut anchors = Vec::new();
        for x in full {
            match x {
                Some(x) => reals.push(x),
                None => anchors.push(reals.len() as u32),
            }
        }
        if anchors != self.none_anchors(id, ri) {
            let cur = self.load_collection(id, ri)?;
            self.record_rel_original(id, ri, RelSlot::Collection(cur));
            self.set_none_anchors(id, ri, anchors);
            self.mark_modified(id);
        }
        self.collection_replace(id, ri, reals, op)
    }

    /// `DependencyProcessor._verify_canload`: the flush refuses a None added to a collection.
    pub(crate) fn verify_no_none_added(&self, objects: &[InstanceId], m: MapperId, ri: usize) -> Result<()> {
        for &p in objects {
            if self.instances.get(p).mapper == m && self.rel_history(p, ri).nones[0] > 0 {
                let rel = &self.registry.mapper(m).relationships[ri];
                return Err(crate::exc::Error::new(
                    crate::exc::ErrorKind::FlushError,
                    format!("Can't flush None value found in collection {}.{}", self.registry.mapper(m).class_name, rel.name),
                ));
            }
        }
        Ok(())
    }

    /// `state._modified_event`: the object is modified and, when persistent, dirty.
    pub(crate) fn mark_modified(&mut self, id: InstanceId) {
        let st = self.instances.get_mut(id);
        st.modified = true;
        if let (Some(sid), true) = (st.session(), st.key().is_some()) {
            self.note_modified(sid, id);
        }
    }

    /// History of relationship `ri` (`inspect(obj).attrs.rel.history`), without loading.
    pub fn rel_history(&self, id: InstanceId, ri: usize) -> RelHistory {
        let st = self.instances.get(id);
        let slot = &st.rels[ri];
        let current = slot_items(slot);
        let is_none = matches!(slot, RelSlot::Scalar(None));
        let (cur_n, orig_n) = match st.nones.iter().find(|e| e.0 as usize == ri) {
            Some(e) if matches!(slot, RelSlot::Collection(_)) => (e.1.len() as u32, e.2),
            _ => (0, 0),
        };
        match st.rel_committed.iter().find(|(k, _)| *k as usize == ri) {
            None => RelHistory { unchanged: current, unchanged_none: is_none, nones: [0, cur_n, 0], ..Default::default() },
            Some((_, orig_slot)) => {
                // `History.from_collection` keys members by state, every None by one key
                let nones = match (orig_n, cur_n) {
                    (0, n) => [n, 0, 0],
                    (o, 0) => [0, 0, o],
                    (_, n) => [0, n, 0],
                };
                let orig = slot_items(orig_slot);
                let same_none = is_none && matches!(orig_slot, RelSlot::Scalar(None));
                RelHistory {
                    added: current.iter().copied().filter(|x| !orig.contains(x)).collect(),
                    unchanged: current.iter().copied().filter(|x| orig.contains(x)).collect(),
                    deleted: orig.iter().copied().filter(|x| !current.contains(x)).collect(),
                    added_none: is_none && !same_none,
                    unchanged_none: same_none,
                    nones,
                }
            }
        }
    }

    /// `sethasparent`: remember (or forget) `parent` as the parent of `child` along a relationship.
    fn set_has_parent(&mut self, child: InstanceId, token: u32, parent: InstanceId, value: bool) {
        let last = self.instances.get(child).parents.iter().find(|(t, _)| *t == token).map(|(_, p)| *p);
        if !value {
            if let Some(Some(lp)) = last {
                if lp != parent && self.instances.get(lp).key() != self.instances.get(parent).key() {
                    return;
                }
            }
        }
        let st = self.instances.get_mut(child);
        let newv = if value { Some(parent) } else { None };
        match st.parents.iter_mut().find(|(t, _)| *t == token) {
            Some(e) => e.1 = newv,
            None => st.parents.push((token, newv)),
        }
    }

    /// `hasparent(state, optimistic)`: the recorded answer, else `optimistic`.
    pub fn has_parent(&self, child: InstanceId, token: u32, optimistic: bool) -> bool {
        match self.instances.get(child).parents.iter().find(|(t, _)| *t == token) {
            Some((_, p)) => p.is_some(),
            None => optimistic,
        }
    }

    /// `Mapper._is_orphan`: some delete-orphan relationship pointing at this
    /// class has no parent for it.
    pub fn is_orphan(&self, id: InstanceId) -> bool {
        let st = self.instances.get(id);
        let optimistic = st.key().is_some();
        for m in &self.registry.mappers {
            for (ri, r) in m.relationships.iter().enumerate() {
                if r.target == st.mapper && r.cascade.delete_orphan && !self.has_parent(id, rel_token(m.id, ri), optimistic) {
                    return true;
                }
            }
        }
        false
    }

    /// Make sure collection `ri` of `id` is loaded (lazy load if needed) and return it.
    pub fn load_collection(&mut self, id: InstanceId, ri: usize) -> Result<Vec<InstanceId>> {
        Ok(slot_items(&self.get_relationship(id, ri)?))
    }

    /// `_single_parent_validator`: with `single_parent`, an object that already
    /// has a parent along this relationship may not get another one (checked
    /// before the change, for changes made through this attribute only).
    fn check_single_parent(&self, id: InstanceId, ri: usize, value: InstanceId, init: Initiator, old: Option<InstanceId>) -> Result<()> {
        let mapper = self.instances.get(id).mapper;
        let rel = &self.registry.mapper(mapper).relationships[ri];
        if !rel.single_parent || init.mapper != mapper || init.ri != ri || old == Some(value) {
            return Ok(());
        }
        if self.has_parent(value, rel_token(mapper, ri), false) {
            let m = self.registry.mapper(mapper);
            return Err(crate::exc::invalid(format!(
                "Instance {} is already associated with an instance of <class '__main__.{}'> via its {}.{} attribute, and is only allowed a single parent. (Background on this error at: https://sqlalche.me/e/21/bbf1)",
                self.instances.state_str(value),
                m.class_name,
                m.class_name,
                rel.name
            )));
        }
        Ok(())
    }

    // ----- user-level operations ---------------------------------------------

    /// The save-update cascade of a set or an append, run before the change
    /// (`fire_replace_event`/`fire_append_event` call the listeners, the cascade's
    /// first, before `_modified_event` and before the value is stored): when it
    /// raises (a deleted or foreign object), the parent is left unchanged and
    /// unmodified. The cascade in `fire_append`/`scalar_set_event` then finds
    /// the object in the session and does nothing.
    fn cascade_before_change(&mut self, id: InstanceId, ri: usize, value: InstanceId, init: Initiator) -> Result<()> {
        let mapper = self.instances.get(id).mapper;
        let Some(sid) = self.instances.get(id).session() else { return Ok(()) };
        let save_update = self.registry.mapper(mapper).relationships[ri].cascade.save_update;
        if save_update && init.mapper == mapper && init.ri == ri && !self.contains(sid, value) {
            self.add_cascading(sid, value)?;
        }
        Ok(())
    }

    /// `parent.coll.append(child)`.
    pub fn collection_append(&mut self, id: InstanceId, ri: usize, child: InstanceId) -> Result<()> {
        let mapper = self.instances.get(id).mapper;
        let init = Initiator { mapper, ri, op: Op::Append };
        let cur = self.load_collection(id, ri)?;
        self.check_single_parent(id, ri, child, init, None)?;
        self.cascade_before_change(id, ri, child, init)?;
        self.record_rel_original(id, ri, RelSlot::Collection(cur.clone()));
        let mut cur = cur;
        cur.push(child);
        self.instances.get_mut(id).rels[ri] = RelSlot::Collection(cur);
        self.mark_modified(id);
        self.fire_append(id, ri, child, init)
    }

    /// `parent.coll.remove(child)`; false when the child is not in it.
    pub fn collection_remove(&mut self, id: InstanceId, ri: usize, child: InstanceId) -> Result<bool> {
        let mapper = self.instances.get(id).mapper;
        let init = Initiator { mapper, ri, op: Op::Remove };
        let cur = self.load_collection(id, ri)?;
        let Some(pos) = cur.iter().position(|x| *x == child) else {
            // `InstrumentedList.remove` fires the remove event before `list.remove`
            // raises ValueError: the parent is modified, the backref unset
            self.record_rel_original(id, ri, RelSlot::Collection(cur));
            self.mark_modified(id);
            self.fire_remove(id, ri, child, init)?;
            return Ok(false);
        };
        self.record_rel_original(id, ri, RelSlot::Collection(cur.clone()));
        let mut cur = cur;
        cur.remove(pos);
        self.none_anchors_after_remove(id, ri, pos);
        self.instances.get_mut(id).rels[ri] = RelSlot::Collection(cur);
        self.mark_modified(id);
        self.fire_remove(id, ri, child, init)?;
        Ok(true)
    }

    /// Replace the whole collection (`u.addresses = [...]`, slice assignment,
    /// `clear`, `insert`, `pop` …): appends for the new members, then removes
    /// for the members that left (`collections.bulk_replace`). `op` is
    /// `BulkReplace` for assignment, `Append`/`Remove` for list methods.
    pub fn collection_replace(&mut self, id: InstanceId, ri: usize, new: Vec<InstanceId>, op: Op) -> Result<()> {
        let mapper = self.instances.get(id).mapper;
        let init = Initiator { mapper, ri, op };
        let old = self.load_collection(id, ri)?;
        if old == new {
            // an assignment of an equal list still modifies the object (`CollectionAttributeImpl.set`
            // calls `state._modified_event` before comparing): in `session.dirty`, though not
            // `is_modified()`; list methods that change nothing fire no event
            if op == Op::BulkReplace {
                self.record_rel_original(id, ri, RelSlot::Collection(old.clone()));
                // stored even when it was a pending object's unstored empty default
                self.instances.get_mut(id).rels[ri] = RelSlot::Collection(old.clone());
                self.mark_modified(id);
                self.cascade_kept_members(id, ri, &old, &new)?;
            }
            return Ok(());
        }
        for &x in new.iter().filter(|x| !old.contains(x)) {
            self.check_single_parent(id, ri, x, Initiator { op: if op == Op::Remove { Op::Append } else { op }, ..init }, None)?;
        }
        self.record_rel_original(id, ri, RelSlot::Collection(old.clone()));
        self.instances.get_mut(id).rels[ri] = RelSlot::Collection(new.clone());
        self.mark_modified(id);
        let mut seen = Vec::new();
        for &x in &new {
            if !old.contains(&x) && !seen.contains(&x) {
                seen.push(x);
                let i = Initiator { op: if op == Op::Remove { Op::Append } else { op }, ..init };
                self.fire_append(id, ri, x, i)?;
            }
        }
        if op == Op::BulkReplace {
            self.cascade_kept_members(id, ri, &old, &new)?;
        }
        let mut gone = Vec::new();
        for &x in &old {
            if !new.contains(&x) && !gone.contains(&x) {
                gone.push(x);
                let i = Initiator { op: if op == Op::Append { Op::Remove } else { op }, ..init };
                self.fire_remove(id, ri, x, i)?;
            }
        }
        Ok(())
    }

    /// `collections.bulk_replace` fires `append_wo_mutation` for the members an
    /// assignment keeps: the save-update cascade adds one not in the session (an
    /// object that came into the collection through a backref).
    fn cascade_kept_members(&mut self, id: InstanceId, ri: usize, old: &[InstanceId], new: &[InstanceId]) -> Result<()> {
        let Some(sid) = self.instances.get(id).session() else { return Ok(()) };
        if !self.relationship_of(self.instances.get(id).mapper, ri).cascade.save_update {
            return Ok(());
        }
        for &x in new.iter().filter(|x| old.contains(x)) {
            if !self.contains(sid, x) {
                self.add_cascading(sid, x)?;
            }
        }
        Ok(())
    }

    /// `del obj.rel`: a reference is removed with its events (the foreign key is
    /// cleared at flush, as for None); an object without identity and without a
    /// value raises AttributeError (`ScalarObjectAttributeImpl.delete`). A
    /// collection loaded is emptied; one not loaded is left alone.
    pub fn del_relationship(&mut self, id: InstanceId, ri: usize) -> Result<()> {
        let st = self.instances.get(id);
        let rel = self.relationship_of(st.mapper, ri);
        if rel.uselist {
            if matches!(st.rels[ri], RelSlot::Collection(_)) {
                return self.collection_replace(id, ri, Vec::new(), Op::Remove);
            }
            return Ok(());
        }
        if st.key().is_none() && st.rels[ri] == RelSlot::Absent {
            let class = self.registry.mapper(st.mapper).class_name.clone();
            return Err(crate::exc::Error::new(
                crate::exc::ErrorKind::AttributeError,
                format!("{}.{} object does not have a value", class, rel.name),
            ));
        }
        self.scalar_assign(id, ri, None)
    }

    /// `child.ref = value` (many-to-one or one-to-one reference).
    pub fn scalar_assign(&mut self, id: InstanceId, ri: usize, value: Option<InstanceId>) -> Result<()> {
        let mapper = self.instances.get(id).mapper;
        let rel = self.relationship_of(mapper, ri);
        if rel.uselist {
            return self.collection_replace(id, ri, value.into_iter().collect(), Op::BulkReplace);
        }
        // the old value is not loaded here: a simple many-to-one never needs it,
        // and any other reference loads it when the flush asks for its history
        // (`_deferred_history`, `Orm::load_deferred_history`)
        self.scalar_set_event(id, ri, value, Initiator { mapper, ri, op: Op::Replace }, None)
    }

    // ----- events ---------------------------------------------------------------

    /// Set a scalar reference with history, backrefs and cascades.
    /// `check_old`: only when the current value is this object (`pop`).
    fn scalar_set_event(&mut self, id: InstanceId, ri: usize, value: Option<InstanceId>, init: Initiator, check_old: Option<InstanceId>) -> Result<()> {
        let mapper = self.instances.get(id).mapper;
        let old = self.peek_scalar(id, ri);
        if let (Some(c), Some(Some(o))) = (check_old, old) {
            if c != o {
                return Ok(());
            }
        }
        if let (Some(_), Some(None)) = (check_old, old) {
            return Ok(());
        }
        // a backref's pop (`set(check_old=…, pop=True)`): an old value of NO_VALUE is not
        // the parent being removed, so nothing changes
        if check_old.is_some() && old.is_none() && self.foreign_key_never_set(id, ri) {
            return Ok(());
        }
        let old_obj = old.flatten();
        if let Some(v) = value {
            self.check_single_parent(id, ri, v, init, old_obj)?;
        }
        // an object without identity has no old value to load (the lazy loader's ATTR_EMPTY):
        // its history is then `added=[current]` with nothing deleted
        let no_identity = { let st = self.instances.get(id); st.key().is_none() && st.rels[ri] == RelSlot::Absent };
        let original = match old {
            _ if no_identity => RelSlot::Absent,
            Some(x) => RelSlot::Scalar(x),
            None => RelSlot::Absent,
        };
        if let Some(v) = value.filter(|v| old_obj != Some(*v)) {
            self.cascade_before_change(id, ri, v, init)?;
        }
        self.record_rel_original(id, ri, original);
        self.instances.get_mut(id).rels[ri] = RelSlot::Scalar(value);
        self.mark_modified(id);
        if old_obj == value {
            return Ok(());
        }
        let token = rel_token(mapper, ri);
        if let Some(o) = old_obj {
            self.set_has_parent(o, token, id, false);
        }
        if let Some(v) = value {
            self.set_has_parent(v, token, id, true);
        }
        let rel = self.relationship_of(mapper, ri);
        // cascade (its listener runs before the backref's): only along the attribute that was set
        if let (Some(v), Some(sid)) = (value, self.instances.get(id).session()) {
            if rel.cascade.save_update && init.mapper == mapper && init.ri == ri && !self.contains(sid, v) {
                self.add_cascading(sid, v)?;
            }
        }
        if let (Some(o), Some(sid)) = (old_obj, self.instances.get(id).session()) {
            if rel.cascade.delete_orphan && self.session(sid).new.contains(&o) && self.is_orphan(o) {
                self.expunge(sid, o)?;
            }
        }
        if let Some(bi) = self.backref_index(mapper, ri) {
            let target = rel.target;
            let back = self.relationship_of(target, bi);
            if let Some(o) = old_obj {
                let recursive = Initiator { mapper: target, ri: bi, op: if back.uselist { Op::Remove } else { Op::Replace } };
                if init != recursive {
                    let i = Initiator { mapper, ri, op: Op::Replace };
                    self.backref_remove(o, bi, id, i)?;
                }
            }
            if let Some(v) = value {
                let append = Initiator { mapper: target, ri: bi, op: if back.uselist { Op::Append } else { Op::Replace } };
                let bulk = Initiator { mapper: target, ri: bi, op: Op::BulkReplace };
                if init != append && init != bulk {
                    self.backref_append(v, bi, id, init)?;
                }
            }
        }
        Ok(())
    }

    /// Events after `child` joined collection `ri` of `id`.
    fn fire_append(&mut self, id: InstanceId, ri: usize, child: InstanceId, init: Initiator) -> Result<()> {
        let mapper = self.instances.get(id).mapper;
        self.set_has_parent(child, rel_token(mapper, ri), id, true);
        let rel = self.relationship_of(mapper, ri);
        // the save-update cascade listener is registered before the backref's
        // (strategies.py `_register_attribute`): it runs first
        if let Some(sid) = self.instances.get(id).session() {
            if rel.cascade.save_update && init.mapper == mapper && init.ri == ri && !self.contains(sid, child) {
                self.add_cascading(sid, child)?;
            }
        }
        if let Some(bi) = self.backref_index(mapper, ri) {
            let target = rel.target;
            let back = self.relationship_of(target, bi);
            let append = Initiator { mapper: target, ri: bi, op: if back.uselist { Op::Append } else { Op::Replace } };
            let bulk = Initiator { mapper: target, ri: bi, op: Op::BulkReplace };
            if init != append && init != bulk {
                if back.uselist {
                    self.backref_append(child, bi, id, init)?;
                } else {
                    self.scalar_set_event(child, bi, Some(id), init, None)?;
                }
            }
        }
        Ok(())
    }

    /// Events after `child` left collection `ri` of `id`.
    fn fire_remove(&mut self, id: InstanceId, ri: usize, child: InstanceId, init: Initiator) -> Result<()> {
        let mapper = self.instances.get(id).mapper;
        self.set_has_parent(child, rel_token(mapper, ri), id, false);
        let rel = self.relationship_of(mapper, ri);
        // the cascade's listener (expunge a pending orphan) runs before the backref's
        if rel.cascade.delete_orphan {
            if let Some(sid) = self.instances.get(id).session() {
                if self.session(sid).new.contains(&child) && self.is_orphan(child) {
                    self.expunge(sid, child)?;
                }
            }
        }
        if let Some(bi) = self.backref_index(mapper, ri) {
            let target = rel.target;
            let back = self.relationship_of(target, bi);
            let remove = Initiator { mapper: target, ri: bi, op: if back.uselist { Op::Remove } else { Op::Replace } };
            let replace = Initiator { mapper: target, ri: bi, op: Op::Replace };
            if init != remove && init != replace {
                if back.uselist {
                    self.backref_remove(child, bi, id, init)?;
                } else {
                    self.scalar_set_event(child, bi, None, init, Some(id))?;
                }
            }
        }
        Ok(())
    }

    /// The other side of a change appends `item` to relationship `ri` of `id`
    /// without loading it (`PASSIVE_NO_FETCH`): a loaded collection (or one of a
    /// new object) gets it now, an unloaded one queues it.
    fn backref_append(&mut self, id: InstanceId, ri: usize, item: InstanceId, init: Initiator) -> Result<()> {
        let mapper = self.instances.get(id).mapper;
        let rel = self.relationship_of(mapper, ri);
        if !rel.uselist {
            return self.scalar_set_event(id, ri, Some(item), init, None);
        }
        let st = self.instances.get(id);
        match st.rels[ri].clone() {
            RelSlot::Collection(mut v) => {
                self.record_rel_original(id, ri, RelSlot::Collection(v.clone()));
                if !v.contains(&item) {
                    v.push(item);
                }
                self.instances.get_mut(id).rels[ri] = RelSlot::Collection(v);
            }
            _ if st.key().is_none() => {
                self.record_rel_original(id, ri, RelSlot::Collection(Vec::new()));
                self.instances.get_mut(id).rels[ri] = RelSlot::Collection(vec![item]);
            }
            _ => {
                let st = self.instances.get_mut(id);
                match st.pending.iter_mut().find(|(k, _, _)| *k as usize == ri) {
                    Some(p) => {
                        p.2.retain(|x| *x != item);
                        p.1.push(item);
                    }
                    None => st.pending.push((ri as u16, vec![item], Vec::new())),
                }
            }
        }
        self.mark_modified(id);
        self.fire_append(id, ri, item, init)
    }

    /// The other side of a change removes `item` from relationship `ri` of `id`.
    fn backref_remove(&mut self, id: InstanceId, ri: usize, item: InstanceId, init: Initiator) -> Result<()> {
        let mapper = self.instances.get(id).mapper;
        let rel = self.relationship_of(mapper, ri);
        if !rel.uselist {
            return self.scalar_set_event(id, ri, None, init, Some(item));
        }
        let st = self.instances.get(id);
        match st.rels[ri].clone() {
            RelSlot::Collection(mut v) => {
                let Some(pos) = v.iter().position(|x| *x == item) else { return Ok(()) };
                self.record_rel_original(id, ri, RelSlot::Collection(v.clone()));
                v.remove(pos);
                self.none_anchors_after_remove(id, ri, pos);
                self.instances.get_mut(id).rels[ri] = RelSlot::Collection(v);
            }
            _ if st.key().is_none() => return Ok(()),
            _ => {
                let st = self.instances.get_mut(id);
                match st.pending.iter_mut().find(|(k, _, _)| *k as usize == ri) {
                    Some(p) => {
                        p.1.retain(|x| *x != item);
                        p.2.push(item);
                    }
                    None => st.pending.push((ri as u16, Vec::new(), vec![item])),
                }
            }
        }
        self.mark_modified(id);
        self.fire_remove(id, ri, item, init)
    }

    /// A collection just loaded: apply the backref changes queued while it was not.
    pub(crate) fn apply_pending_mutations(&mut self, id: InstanceId, ri: usize) {
        let st = self.instances.get_mut(id);
        let Some(pos) = st.pending.iter().position(|(k, _, _)| *k as usize == ri) else { return };
        let Some((_, added, removed)) = st.pending.remove(pos) else { return };
        if let RelSlot::Collection(v) = &st.rels[ri] {
            let loaded = v.clone();
            if !st.rel_committed.iter().any(|(k, _)| *k as usize == ri) {
                st.rel_committed.push((ri as u16, RelSlot::Collection(loaded.clone())));
            }
            let mut v = loaded;
            for a in added {
                if !v.contains(&a) {
                    v.push(a);
                }
            }
            v.retain(|x| !removed.contains(x));
            st.rels[ri] = RelSlot::Collection(v);
        }
    }

    /// `_save_or_update_state`: add `id` and what its save-update cascade reaches.
    pub(crate) fn add_cascading(&mut self, sid: crate::orm::state::SessionId, id: InstanceId) -> Result<()> {
        self.add(sid, id)
    }

    /// Set a column from a relationship without going through events (sync).
    pub(crate) fn sync_column(&mut self, id: InstanceId, col: usize, value: Value) -> Result<()> {
        let same = matches!(self.instances.get(id).dict[col].value(), Some(v) if *v == value && v.py_type_name() == value.py_type_name());
        if same {
            return Ok(());
        }
        self.set_column(id, col, crate::orm::state::Slot::Val(value))
    }
}
