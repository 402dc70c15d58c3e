//! Per-instance ORM state: the attribute dict, committed (original) values,
//! expired attributes, identity key and session membership. Mirrors
//! `sqlalchemy/orm/state.py` (`InstanceState`).
//!
//! Instances live in one arena ([`Instances`]) for the whole process, addressed
//! by [`InstanceId`], because they outlive sessions (detached objects) and move
//! between them (`add`, `merge`). The lifecycle state is *derived* from facts
//! (key, session, deleted flag) exactly as SQLAlchemy derives it, never stored.
//! Those facts are private here; `state/lifecycle.rs` holds the transitions
//! that change them, each emitting its event.

use crate::events::{LifecycleState, ObjLabel};
use crate::orm::identity::IdentityKey;
use crate::orm::mapping::MapperId;
use crate::sql::value::Value;
use std::rc::Rc;

mod lifecycle;

/// Index of an instance in the arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InstanceId(pub u32);

/// A set of instances in insertion order (the session's `new`, `deleted`,
/// `modified`, a transaction's records, flush bookkeeping). Fx-hashed: a flush
/// or an add of 100 000 objects hashes ids millions of times, and std's SipHash
/// (built against hash flooding, which arena indexes cannot cause) cost
/// ~100 instructions per hash.
pub type IdSet = indexmap::IndexSet<InstanceId, crate::fxhash::FxBuild>;
/// An unordered set of instances (membership tests only), Fx-hashed as [`IdSet`].
pub type IdHashSet = std::collections::HashSet<InstanceId, crate::fxhash::FxBuild>;

/// Index of a session in the ORM's session table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SessionId(pub u32);

/// One column attribute slot of the instance dict.
#[derive(Clone, Debug)]
pub enum Slot {
    /// Not in the dict: never set, expired, or deferred.
    Absent,
    /// A plain value.
    Val(Value),
    /// A SQL expression assigned to the attribute (`c.value = Counter.value + 1`),
    /// rendered into the UPDATE/INSERT and expired after the flush.
    Sql(Rc<crate::sql::expr::Expr>),
}

impl Slot {
    pub fn is_absent(&self) -> bool {
        matches!(self, Slot::Absent)
    }
    pub fn value(&self) -> Option<&Value> {
        match self {
            Slot::Val(v) => Some(v),
            _ => None,
        }
    }
}

/// A relationship attribute slot.
#[derive(Clone, Debug, PartialEq)]
pub enum RelSlot {
    /// Not loaded (lazy, expired or never set on a transient object).
    Absent,
    /// A many-to-one / one-to-one reference.
    Scalar(Option<InstanceId>),
    /// A collection, in order.
    Collection(Vec<InstanceId>),
}

/// Small growable bit set for "which attributes are expired".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AttrSet(u64, Option<Box<Vec<u64>>>);

impl AttrSet {
    pub fn insert(&mut self, i: usize) {
        if i < 64 {
            self.0 |= 1 << i;
        } else {
            let v = self.1.get_or_insert_with(Default::default);
            let w = i / 64 - 1;
            if v.len() <= w {
                v.resize(w + 1, 0);
            }
            v[w] |= 1 << (i % 64);
        }
    }
    pub fn remove(&mut self, i: usize) {
        if i < 64 {
            self.0 &= !(1 << i);
        } else if let Some(v) = &mut self.1 {
            if let Some(w) = v.get_mut(i / 64 - 1) {
                *w &= !(1 << (i % 64));
            }
        }
    }
    pub fn contains(&self, i: usize) -> bool {
        if i < 64 {
            self.0 & (1 << i) != 0
        } else {
            self.1.as_ref().and_then(|v| v.get(i / 64 - 1)).map(|w| w & (1 << (i % 64)) != 0).unwrap_or(false)
        }
    }
    pub fn clear(&mut self) {
        self.0 = 0;
        self.1 = None;
    }
    pub fn is_empty(&self) -> bool {
        self.0 == 0 && self.1.as_ref().map(|v| v.iter().all(|w| *w == 0)).unwrap_or(true)
    }
    pub fn iter(&self, upto: usize) -> impl Iterator<Item = usize> + '_ {
        (0..upto).filter(move |i| self.contains(*i))
    }
}

/// A list that is empty for almost every instance (changes, parents, pending
/// backref mutations): one pointer (8 bytes) instead of a `Vec`'s 24, the
/// vector allocated on the first push. Reads go through `Deref<[T]>`.
#[derive(Clone, Debug, PartialEq)]
pub struct RareVec<T>(Option<Box<Vec<T>>>);

impl<T> Default for RareVec<T> {
    fn default() -> Self {
        RareVec(None)
    }
}

impl<T> RareVec<T> {
    pub fn push(&mut self, x: T) {
        self.0.get_or_insert_with(Default::default).push(x);
    }
    /// Empties the list and frees its storage.
    pub fn clear(&mut self) {
        self.0 = None;
    }
    pub fn retain(&mut self, f: impl FnMut(&T) -> bool) {
        if let Some(v) = &mut self.0 {
            v.retain(f);
            if v.is_empty() {
                self.0 = None;
            }
        }
    }
    /// Removes and returns the element at `i` (`Vec::remove`); None when out of range.
    pub fn remove(&mut self, i: usize) -> Option<T> {
        let v = self.0.as_mut()?;
        let x = (i < v.len()).then(|| v.remove(i));
        if v.is_empty() {
            self.0 = None;
        }
        x
    }
}

impl<'a, T> IntoIterator for &'a RareVec<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> std::ops::Deref for RareVec<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match &self.0 {
            Some(v) => v,
            None => &[],
        }
    }
}

impl<T> std::ops::DerefMut for RareVec<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match &mut self.0 {
            Some(v) => v,
            None => &mut [],
        }
    }
}

/// The state of one mapped instance.
///
/// Its attribute storage is private to the ORM (`pub(in crate::orm)`): the
/// interpreter and the shell read it through the accessors below, named as
/// SQLAlchemy's `InstanceState` names them (`dict`, `committed_state`,
/// `expired_attributes`, `modified` …), and never write it. Inside the ORM the
/// writes that recur are methods named after SQLAlchemy's (`_expire`,
/// `_expire_attributes` here; `set_committed_value` in `attributes.rs`).
#[derive(Clone, Debug)]
pub struct InstanceState {
    pub(in crate::orm) mapper: MapperId,
    /// `k` of the label `Class#k`.
    pub(in crate::orm) label: u32,
    /// Column attributes, indexed like `Mapper::columns`.
    pub(in crate::orm) dict: Box<[Slot]>,
    /// Relationship attributes, indexed like `Mapper::relationships`.
    pub(in crate::orm) rels: Box<[RelSlot]>,
    /// Original values of modified column attributes (`committed_state`):
    /// `(attribute index, value before the change; None = was not loaded)`.
    pub(in crate::orm) committed: RareVec<(u16, Option<Value>)>,
    /// Original values of modified relationships (for history and orphans).
    pub(in crate::orm) rel_committed: RareVec<(u16, RelSlot)>,
    /// Column attributes expired and to be loaded on access (`expired_attributes`).
    pub(in crate::orm) expired_attrs: AttrSet,
    /// Relationships expired by a full expire (they also count in `expired_attributes`).
    pub(in crate::orm) expired_rels: AttrSet,
    /// The lifecycle facts: private, written only by the transitions of
    /// [`lifecycle`] (each with its event); read through the accessors.
    key: Option<IdentityKey>,
    session: Option<SessionId>,
    /// Deleted by a flush and not yet committed (`state._deleted`).
    deleted: bool,
    /// Was ever deleted by a flush (`state.was_deleted`).
    was_deleted: bool,
    /// Has uncommitted changes (`state.modified`).
    pub(in crate::orm) modified: bool,
    /// Order in which it became pending (flush order of INSERTs).
    pub(in crate::orm) insert_order: u32,
    /// `state.parents`: for each relationship token (see `orm::collections::rel_token`)
    /// the parent this object was last appended to, or None after a removal.
    pub(in crate::orm) parents: RareVec<(u32, Option<InstanceId>)>,
    /// `state._pending_mutations`: backref changes to a collection that is not
    /// loaded, applied when it loads: (relationship index, added, removed).
    pub(in crate::orm) pending: RareVec<(u16, Vec<InstanceId>, Vec<InstanceId>)>,
    /// `None` members of collections (SQLAlchemy accepts `u.addresses.append(None)`
    /// and refuses it at flush), kept beside the members proper: (relationship
    /// index, for each None the number of members before it, how many Nones the
    /// committed collection had). See `orm::collections`.
    pub(in crate::orm) nones: RareVec<(u16, Vec<u32>, u32)>,
    /// Loaders a query's options left on this object (deferred columns,
    /// `raiseload`, `lazyload`): SQLAlchemy's per-state callables.
    pub(in crate::orm) loaders: Option<Box<crate::orm::strategy_options::InstanceLoaders>>,
}

impl InstanceState {
    pub fn new(mapper: MapperId, label: u32, ncols: usize, nrels: usize) -> InstanceState {
        InstanceState {
            mapper,
            label,
            dict: vec![Slot::Absent; ncols].into_boxed_slice(),
            rels: vec![RelSlot::Absent; nrels].into_boxed_slice(),
            committed: RareVec::default(),
            rel_committed: RareVec::default(),
            expired_attrs: AttrSet::default(),
            expired_rels: AttrSet::default(),
            key: None,
            session: None,
            deleted: false,
            was_deleted: false,
            modified: false,
            insert_order: 0,
            parents: RareVec::default(),
            pending: RareVec::default(),
            nones: RareVec::default(),
            loaders: None,
        }
    }

    /// The identity key (`state.key`): None while transient or pending.
    #[inline]
    pub fn key(&self) -> Option<&IdentityKey> {
        self.key.as_ref()
    }
    /// The session it belongs to (`state.session_id`).
    #[inline]
    pub fn session(&self) -> Option<SessionId> {
        self.session
    }
    /// Deleted by a flush and not yet committed (`state._deleted`).
    #[inline]
    pub fn deleted(&self) -> bool {
        self.deleted
    }
    /// Was ever deleted by a flush (`state.was_deleted`).
    #[inline]
    pub fn was_deleted(&self) -> bool {
        self.was_deleted
    }

    // ----- reading the attribute storage (the layers above the ORM) ---------

    /// The mapper (`state.mapper`).
    #[inline]
    pub fn mapper(&self) -> MapperId {
        self.mapper
    }
    /// `k` of the label `Class#k` (0 for a freed arena slot).
    #[inline]
    pub fn label_number(&self) -> u32 {
        self.label
    }
    /// The column attributes (`state.dict`), indexed like `Mapper::columns`.
    #[inline]
    pub fn dict(&self) -> &[Slot] {
        &self.dict
    }
    /// The relationship attributes, indexed like `Mapper::relationships`.
    #[inline]
    pub fn rels(&self) -> &[RelSlot] {
        &self.rels
    }
    /// Original values of the changed columns (`state.committed_state`):
    /// `(column index, value before; None = was not loaded)`.
    #[inline]
    pub fn committed_state(&self) -> &[(u16, Option<Value>)] {
        &self.committed
    }
    /// Original values of the changed relationships.
    #[inline]
    pub fn rel_committed_state(&self) -> &[(u16, RelSlot)] {
        &self.rel_committed
    }
    /// Column `i` is expired, to load on access (`i in state.expired_attributes`).
    #[inline]
    pub fn is_expired(&self, i: usize) -> bool {
        self.expired_attrs.contains(i)
    }
    /// Every column attribute is expired (`state.expired`).
    pub fn all_expired(&self) -> bool {
        let n = self.dict.len();
        n > 0 && (0..n).all(|i| self.expired_attrs.contains(i))
    }
    /// Has uncommitted changes (`state.modified`).
    #[inline]
    pub fn modified(&self) -> bool {
        self.modified
    }

    // ----- expiry (`state._expire`, `state._expire_attributes`) -------------

    /// `state._expire`, the instance's part: every column and relationship
    /// expired and emptied, changes, pending backref mutations, `None`
    /// members and `hasparent` tracking forgotten, the instance-level loaders
    /// dropped. The session's modified set is the caller's.
    #[inline]
    pub(in crate::orm) fn expire(&mut self) {
        self.committed.clear();
        self.rel_committed.clear();
        self.pending.clear();
        self.forget_nones(None);
        self.parents.clear(); // `_expire` forgets hasparent tracking too (`del self.parents`)
        self.modified = false;
        // expired attributes lose their instance-level loaders (`_expire`)
        if let Some(l) = self.loaders.as_deref_mut() {
            l.now = Default::default();
        }
        for i in 0..self.dict.len() {
            self.expired_attrs.insert(i);
            self.dict[i] = Slot::Absent;
        }
        for (i, r) in self.rels.iter_mut().enumerate() {
            *r = RelSlot::Absent;
            self.expired_rels.insert(i);
        }
    }

    /// `state._expire_attributes` for column `i`: expired, its value and
    /// original forgotten, its deferred loader dropped.
    #[inline]
    pub(in crate::orm) fn expire_column(&mut self, i: usize) {
        self.expired_attrs.insert(i);
        self.dict[i] = Slot::Absent;
        self.committed.retain(|(k, _)| *k as usize != i);
        if let Some(l) = self.loaders.as_mut() {
            l.now.forget_column(i);
        }
    }

    /// `state._expire_attributes` for relationship `ri`: unloaded, its
    /// original, `None` members and instance-level loader forgotten.
    #[inline]
    pub(in crate::orm) fn expire_relationship(&mut self, ri: usize) {
        self.rels[ri] = RelSlot::Absent;
        self.rel_committed.retain(|(k, _)| *k as usize != ri);
        self.forget_nones(Some(ri));
        if let Some(l) = self.loaders.as_mut() {
            l.now.forget_relationship(ri);
        }
    }

    /// After `_expire_attributes`: no change left means not modified any more
    /// (the caller takes it out of the session's modified set). True when so.
    #[inline]
    pub(in crate::orm) fn unmodified_if_no_changes(&mut self) -> bool {
        if self.committed.is_empty() && self.rel_committed.is_empty() {
            self.modified = false;
            return true;
        }
        false
    }

    /// The lifecycle state, derived as `InstanceState` does it.
    pub fn lifecycle(&self) -> LifecycleState {
        match (&self.key, self.session.is_some()) {
            (None, false) => LifecycleState::Transient,
            (None, true) => LifecycleState::Pending,
            (Some(_), true) if self.deleted => LifecycleState::Deleted,
            (Some(_), true) => LifecycleState::Persistent,
            (Some(_), false) => LifecycleState::Detached,
        }
    }

    /// Remember the original value of column `i` before its first change.
    pub fn record_original(&mut self, i: usize) {
        if !self.committed.iter().any(|(k, _)| *k as usize == i) {
            let old = self.dict[i].value().cloned();
            let old = match &self.dict[i] {
                Slot::Absent => None,
                _ => old.or(Some(Value::Null)),
            };
            self.committed.push((i as u16, old));
        }
        self.modified = true;
    }

    pub fn committed_value(&self, i: usize) -> Option<&Option<Value>> {
        self.committed.iter().find(|(k, _)| *k as usize == i).map(|(_, v)| v)
    }

    /// Forget changes: the current dict becomes the committed state (`_commit_all`).
    /// `_commit_all` after a flush: changes become committed; expired
    /// attributes that are loaded now stop being expired.
    pub fn commit_all_keep_expired(&mut self) {
        self.committed.clear();
        self.rel_committed.clear();
        self.pending.clear();
        self.commit_nones();
        self.modified = false;
        for i in 0..self.dict.len() {
            if !self.dict[i].is_absent() {
                self.expired_attrs.remove(i);
            }
        }
        for i in 0..self.rels.len() {
            if self.rels[i] != RelSlot::Absent {
                self.expired_rels.remove(i);
            }
        }
    }

    /// The Nones now in each collection become its committed ones.
    fn commit_nones(&mut self) {
        for e in self.nones.iter_mut() {
            e.2 = e.1.len() as u32;
        }
        self.nones.retain(|e| !e.1.is_empty());
    }

    /// Forget the None members of relationship `ri` (every one with `None`):
    /// the collection was expired or loaded anew.
    pub fn forget_nones(&mut self, ri: Option<usize>) {
        self.nones.retain(|e| ri.is_some_and(|r| e.0 as usize != r));
    }

    pub fn commit_all(&mut self) {
        self.committed.clear();
        self.rel_committed.clear();
        self.pending.clear();
        self.commit_nones();
        self.modified = false;
        self.expired_attrs.clear();
        self.expired_rels.clear();
    }
}

/// The arena of every instance created in this process.
#[derive(Default)]
pub struct Instances {
    states: Vec<InstanceState>,
    /// Slots of instances freed by `Orm::collect_instances`, reused by `create`
    /// (a freed slot holds a state with label 0).
    free: Vec<u32>,
    /// Objects detached since the last collection (what makes one worth running).
    detached: usize,
    /// Per-class counters for labels (`User#1`, `User#2` …), by mapper.
    counters: Vec<u32>,
    class_names: Vec<Rc<str>>,
}

impl Instances {
    pub fn new(class_names: Vec<Rc<str>>) -> Instances {
        Instances { states: Vec::new(), free: Vec::new(), detached: 0, counters: vec![0; class_names.len()], class_names }
    }

    /// A new transient instance with a fresh label.
    pub fn create(&mut self, mapper: MapperId, ncols: usize, nrels: usize) -> InstanceId {
        let m = mapper.0 as usize;
        if self.counters.len() <= m {
            self.counters.resize(m + 1, 0);
        }
        self.counters[m] += 1;
        let st = InstanceState::new(mapper, self.counters[m], ncols, nrels);
        if let Some(i) = self.free.pop() {
            self.states[i as usize] = st;
            return InstanceId(i);
        }
        let id = InstanceId(self.states.len() as u32);
        self.states.push(st);
        id
    }

    /// Free `id`'s slot for reuse: its state is dropped (the caller made sure
    /// nothing refers to it any more: `Orm::collect_instances`).
    pub(crate) fn free(&mut self, id: InstanceId) {
        let mapper = self.states[id.0 as usize].mapper;
        self.states[id.0 as usize] = InstanceState::new(mapper, 0, 0, 0);
        self.free.push(id.0);
    }
    /// Not a freed slot.
    pub fn is_live(&self, id: InstanceId) -> bool {
        self.states.get(id.0 as usize).is_some_and(|st| st.label != 0)
    }
    /// Instances in the arena, freed slots not counted.
    pub fn live(&self) -> usize {
        self.states.len() - self.free.len()
    }
    /// Count objects leaving their session (see `Orm::collect_instances`).
    pub(crate) fn note_detached(&mut self, n: usize) {
        self.detached += n;
    }
    /// Objects detached since the last collection, and start counting again
    /// when there are enough to make one worth it.
    pub(crate) fn take_detached(&mut self, at_least: usize) -> bool {
        if self.detached < at_least {
            return false;
        }
        self.detached = 0;
        true
    }
    /// Every slot's id, freed ones included (`is_live` tells).
    pub(crate) fn ids(&self) -> impl Iterator<Item = InstanceId> {
        (0..self.states.len() as u32).map(InstanceId)
    }

    pub fn get(&self, id: InstanceId) -> &InstanceState {
        &self.states[id.0 as usize]
    }
    pub fn get_mut(&mut self, id: InstanceId) -> &mut InstanceState {
        &mut self.states[id.0 as usize]
    }
    pub fn len(&self) -> usize {
        self.states.len()
    }
    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }

    /// The per-class label counters, to put back after objects that must leave
    /// no trace were made (`.whatif`): the next `User` is labelled as if they never were.
    pub fn label_counters(&self) -> Vec<u32> {
        self.counters.clone()
    }
    pub fn set_label_counters(&mut self, counters: Vec<u32>) {
        self.counters = counters;
    }

    pub fn label(&self, id: InstanceId) -> ObjLabel {
        let st = self.get(id);
        let class = self.class_names.get(st.mapper.0 as usize).cloned().unwrap_or_else(|| Rc::from("?"));
        ObjLabel { class, n: st.label, id: id.0 }
    }

    /// `<User at 0x…>` as SQLAlchemy's `state_str` shows an instance in messages.
    pub fn state_str(&self, id: InstanceId) -> String {
        let st = self.get(id);
        let class = self.class_names.get(st.mapper.0 as usize).map(|s| &**s).unwrap_or("?");
        format!("<{} at 0x7f{:08x}>", class, 0x1000_0000u32.wrapping_add(id.0.wrapping_mul(0x50)))
    }
    /// Label classes of mappers added after start (a registry that extends the first).
    pub fn extend_class_names(&mut self, names: impl Iterator<Item = Rc<str>>) {
        let have = self.class_names.len();
        self.class_names.extend(names.skip(have));
        if self.counters.len() < self.class_names.len() {
            self.counters.resize(self.class_names.len(), 0);
        }
    }
    /// The class name of a mapper, shared (every Python handle of its instances holds it).
    pub fn class_rc(&self, mapper: MapperId) -> Rc<str> {
        self.class_names.get(mapper.0 as usize).cloned().unwrap_or_else(|| Rc::from("?"))
    }
    pub fn class_name(&self, id: InstanceId) -> &str {
        let st = self.get(id);
        self.class_names.get(st.mapper.0 as usize).map(|s| &**s).unwrap_or("?")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every loaded object carries one InstanceState: keep it small (bench W5 memory).
    #[test]
    fn instance_state_stays_small() {
        assert!(std::mem::size_of::<InstanceState>() <= 160, "{}", std::mem::size_of::<InstanceState>());
        assert_eq!(std::mem::size_of::<RareVec<(u16, Option<Value>)>>(), 8);
        // every attribute slot and key value: big variants (JSON) are boxed
        assert!(std::mem::size_of::<Value>() <= 32, "{}", std::mem::size_of::<Value>());
        assert!(std::mem::size_of::<Slot>() <= 32, "{}", std::mem::size_of::<Slot>());
    }

    #[test]
    fn rare_vec_allocates_on_push_and_frees_when_emptied() {
        let mut v: RareVec<u32> = RareVec::default();
        assert!(v.is_empty());
        v.push(1);
        v.push(2);
        assert_eq!(&*v, &[1, 2]);
        assert_eq!(v.remove(0), Some(1));
        assert_eq!(v.remove(5), None);
        v.retain(|x| *x != 2);
        assert!(v.0.is_none());
    }
}
