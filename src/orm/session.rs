//! The Session: identity map, pending/deleted sets, the transaction stack and
//! the operations of SPEC §3 (`add`, `delete`, `expunge`, `expire`, `refresh`,
//! `merge`, `get`, `flush`, `commit`, `rollback`, `close` …). Mirrors
//! `sqlalchemy/orm/session.py`.
//!
//! All ORM state lives in one [`Orm`] value (the instance arena, every session,
//! the mapping registry and the event handle) so that objects can move between
//! sessions. Flushing is in `orm::flush`, loading in `orm::loading`, attribute
//! access in `orm::attributes`.

use crate::engine::{Connection, Engine};
use crate::events::{Event, Events, LifecycleState};
use crate::exc::{invalid, Error, ErrorKind, Result};
use crate::orm::identity::{IdentityKey, IdentityMap};
use crate::orm::mapping::{MapperId, Registry};
use crate::orm::state::{IdHashSet, IdSet, InstanceId, Instances, SessionId};
use crate::orm::transaction::{Bind, JoinMode, SessionTransaction, TxOrigin, TxState};
use std::rc::Rc;

#[path = "session_tx.rs"]
mod tx;
#[path = "session_reopen.rs"]
mod reopen;

/// A new two-phase transaction id, as SQLAlchemy makes them (`_sa_` + 32 hex digits).
fn new_xid() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    let a = h.finish();
    h.write_u64(a);
    format!("_sa_{:016x}{:016x}", a, h.finish())
}

/// `sessionmaker(...)` / `Session(...)` arguments.
#[derive(Clone)]
pub struct SessionOptions {
    pub bind: Option<Bind>,
    pub binds: Vec<(MapperId, Bind)>,
    pub autoflush: bool,
    pub expire_on_commit: bool,
    pub twophase: bool,
    /// `Session(autobegin=False)`: operations that need a transaction raise until `begin()`.
    pub autobegin: bool,
    /// `join_transaction_mode`.
    pub join_mode: JoinMode,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            bind: None,
            binds: Vec::new(),
            autoflush: true,
            expire_on_commit: true,
            twophase: false,
            autobegin: true,
            join_mode: JoinMode::default(),
        }
    }
}

/// One session's data.
pub struct SessionData {
    pub opts: SessionOptions,
    pub identity_map: IdentityMap,
    /// Pending objects in the order they were added (`_new`).
    pub new: IdSet,
    /// Persistent objects marked for deletion at the next flush (`_deleted`).
    pub deleted: IdSet,
    /// Persistent objects with changes (`identity_map._modified`).
    pub modified: IdSet,
    /// Transaction stack: root first, then one entry per savepoint.
    pub transactions: Vec<SessionTransaction>,
    /// `with session.no_autoflush:` depth.
    pub no_autoflush: u32,
    pub flushing: bool,
    insert_counter: u64,
}

impl SessionData {
    fn new(opts: SessionOptions) -> SessionData {
        SessionData {
            opts,
            identity_map: IdentityMap::default(),
            new: IdSet::default(),
            deleted: IdSet::default(),
            modified: IdSet::default(),
            transactions: Vec::new(),
            no_autoflush: 0,
            flushing: false,
            insert_counter: 0,
        }
    }
    pub fn in_transaction(&self) -> bool {
        !self.transactions.is_empty()
    }
    pub fn in_nested_transaction(&self) -> bool {
        self.transactions.len() > 1
    }
    pub fn root(&self) -> Option<&SessionTransaction> {
        self.transactions.first()
    }
    /// `is_active`: false while a failed flush awaits `rollback()`, and in
    /// the PREPARED state (two-phase `prepare()`, or a COMMIT that raised).
    pub fn is_active(&self) -> bool {
        self.transactions.iter().all(|t| t.state() == TxState::Active)
    }
}

/// Everything the ORM knows: mappings, instances, sessions, and where events go.
pub struct Orm {
    pub registry: Rc<Registry>,
    pub instances: Instances,
    sessions: Vec<Option<SessionData>>,
    pub events: Events,
    /// Set while `autoflush` runs a flush, so the flush can say why it runs.
    pub(crate) autoflushing: bool,
    /// Set while the rows of a `populate_existing` load are turned into
    /// instances: objects already in the identity map are overwritten, once
    /// per load (the set holds those already done; a joined load meets its
    /// parent again on every row).
    pub(crate) populate_existing: Option<crate::orm::state::IdHashSet>,
    /// What the running flush wrote, while the plan check is on (`flush_plan.rs`).
    pub(crate) flush_ran: Option<Vec<(crate::orm::flush_plan::Op, InstanceId, Option<InstanceId>)>>,
    /// Set while `refresh(obj, with_for_update=True)` loads: its SELECT says FOR UPDATE.
    pub(crate) load_for_update: bool,
}

impl Orm {
    pub fn new(registry: Rc<Registry>, events: Events) -> Orm {
        let names = registry.mappers.iter().map(|m| Rc::from(m.class_name.as_str())).collect();
        Orm { registry, instances: Instances::new(names), sessions: Vec::new(), events, autoflushing: false, populate_existing: None, flush_ran: None, load_for_update: false }
    }

    // ----- sessions -------------------------------------------------------

    pub fn create_session(&mut self, opts: SessionOptions) -> SessionId {
        self.sessions.push(Some(SessionData::new(opts)));
        SessionId(self.sessions.len() as u32 - 1)
    }

    pub fn session(&self, sid: SessionId) -> &SessionData {
        self.sessions[sid.0 as usize].as_ref().expect("session ids are never freed")
    }
    pub fn session_mut(&mut self, sid: SessionId) -> &mut SessionData {
        self.sessions[sid.0 as usize].as_mut().expect("session ids are never freed")
    }

    /// A new transient instance of `mapper` (the constructor).
    /// Every open session's data.
    /// Every session made so far, oldest first (`close_all_sessions()` closes them in this order).
    pub fn session_ids(&self) -> Vec<SessionId> {
        (0..self.sessions.len()).filter(|&i| self.sessions[i].is_some()).map(|i| SessionId(i as u32)).collect()
    }
    pub(crate) fn live_sessions(&self) -> impl Iterator<Item = &SessionData> {
        self.sessions.iter().flatten()
    }

    pub fn new_instance(&mut self, mapper: MapperId) -> InstanceId {
        let m = self.registry.mapper(mapper);
        let (nc, nr) = (m.columns.len(), m.relationships.len());
        self.instances.create(mapper, nc, nr)
    }

    pub fn lifecycle(&self, id: InstanceId) -> LifecycleState {
        self.instances.get(id).lifecycle()
    }

    /// `Session.__contains__`: pending or persistent in this session.
    pub fn contains(&self, sid: SessionId, id: InstanceId) -> bool {
        let st = self.instances.get(id);
        // an object deleted by a flush left the identity map; delete() again puts it back
        st.session() == Some(sid) && (!st.deleted() || st.key().is_some_and(|k| self.session(sid).identity_map.get(k) == Some(id)))
    }

    /// Raise PendingRollbackError if a failed flush is waiting for `rollback()`.
    pub(crate) fn check_active(&self, sid: SessionId) -> Result<()> {
        for t in &self.session(sid).transactions {
            if t.state() == TxState::Deactive {
                let reason = t.rollback_reason.clone().unwrap_or_default();
                return Err(Error::new(
                    ErrorKind::PendingRollbackError,
                    format!(
                        "This Session's transaction has been rolled back due to a previous exception during flush. To begin a new transaction with this Session, first issue Session.rollback(). Original exception was: {}",
                        reason
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Autobegin: make sure a root transaction exists (`_autobegin_t`).
    pub(crate) fn autobegin(&mut self, sid: SessionId) -> Result<()> {
        let s = self.session_mut(sid);
        if s.transactions.is_empty() {
            if !s.opts.autobegin {
                return Err(invalid("Autobegin is disabled on this Session; please call session.begin() to start a new transaction"));
            }
            s.transactions.push(SessionTransaction::new(TxOrigin::Autobegin));
        }
        Ok(())
    }

    // ----- add / delete / expunge -----------------------------------------

    /// `_before_attach`: refuse objects owned by another live session.
    fn before_attach(&mut self, sid: SessionId, id: InstanceId) -> Result<bool> {
        self.autobegin(sid)?;
        let st = self.instances.get(id);
        match st.session() {
            Some(s) if s == sid => Ok(false),
            Some(other) => Err(invalid(format!(
                "Object '{}' is already attached to session '{}' (this is '{}')",
                self.instances.state_str(id),
                other.0 + 1,
                sid.0 + 1
            ))),
            None => Ok(true),
        }
    }

    fn after_attach(&mut self, sid: SessionId, id: InstanceId) {
        let modified = self.instances.get(id).modified;
        if self.attach(sid, id) && modified {
            self.session_mut(sid).modified.insert(id);
        }
    }

    /// `_save_impl`: transient → pending.
    fn save_impl(&mut self, sid: SessionId, id: InstanceId) -> Result<()> {
        let attach = self.before_attach(sid, id)?;
        let s = self.session_mut(sid);
        if s.new.insert(id) {
            s.insert_counter += 1;
            let order = s.insert_counter;
            self.instances.get_mut(id).insert_order = u32::try_from(order).unwrap_or(u32::MAX);
        }
        if attach {
            self.after_attach(sid, id);
        }
        Ok(())
    }

    /// `_update_impl`: detached → persistent (or undo a deletion on rollback).
    pub(crate) fn update_impl(&mut self, sid: SessionId, id: InstanceId, revert_deletion: bool) -> Result<()> {
        let st = self.instances.get(id);
        let key = match st.key() {
            Some(k) => k.clone(),
            None => return Err(invalid(format!("Instance '{}' is not persisted", self.instances.state_str(id)))),
        };
        if st.deleted() {
            if revert_deletion {
                if st.session().is_none() {
                    return Ok(());
                }
            } else {
                return Err(invalid(format!(
                    "Instance '{}' has been deleted.  Use the make_transient() function to send this object back to the transient state.",
                    self.instances.state_str(id)
                )));
            }
        }
        let attach = self.before_attach(sid, id)?;
        let s = self.session_mut(sid);
        s.deleted.shift_remove(&id);
        if !revert_deletion {
            if let Some(existing) = s.identity_map.get(&key) {
                if existing != id {
                    return Err(invalid(format!(
                        "Can't attach instance {}; another instance with key {} is already present in this session.",
                        self.instances.state_str(id),
                        self.key_repr(&key)
                    )));
                }
            }
        }
        self.session_mut(sid).identity_map.replace(key, id);
        if revert_deletion && !attach {
            // (a deleted object not attached returned above: `attach` here means it was not deleted)
            self.revert_deletion(id);
        }
        if !attach && self.instances.get(id).modified {
            self.note_modified(sid, id);
        }
        if attach {
            self.after_attach(sid, id);
        }
        Ok(())
    }

    /// `(<class 'User'>, (1,), None)` as SQLAlchemy prints identity keys.
    pub fn key_repr(&self, key: &IdentityKey) -> String {
        format!("(<class '__main__.{}'>, {}, None)", self.registry.mapper(key.mapper).class_name, key.identity_repr())
    }

    /// `Session.add()`, with the save-update cascade.
    /// (Like SQLAlchemy's, `add` works on a session waiting for `rollback()`.)
    pub fn add(&mut self, sid: SessionId, id: InstanceId) -> Result<()> {
        let cascaded = self.cascade_iterator_halt(id, crate::orm::cascade::CascadeKind::SaveUpdate, Some(sid));
        // `_update_impl` pops the object from `_deleted`: add() after an unflushed
        // delete() takes the delete back (cascaded objects already in the session
        // are skipped, `halt_on=_contains_state`, so their deletes stand)
        let st = self.instances.get(id);
        if st.key().is_some() && st.session() == Some(sid) && !st.deleted() {
            self.session_mut(sid).deleted.shift_remove(&id);
        }
        self.save_or_update(sid, id)?;
        for i in cascaded {
            self.save_or_update(sid, i)?;
        }
        Ok(())
    }

    fn save_or_update(&mut self, sid: SessionId, id: InstanceId) -> Result<()> {
        let st = self.instances.get(id);
        if st.key().is_none() {
            self.save_impl(sid, id)
        } else if st.session() == Some(sid) && !st.deleted() {
            Ok(())
        } else {
            self.update_impl(sid, id, false)
        }
    }

    /// `Session.delete()`: mark a persistent object (and its delete cascade).
    pub fn delete(&mut self, sid: SessionId, id: InstanceId) -> Result<()> {
        let st = self.instances.get(id);
        if st.key().is_none() {
            return Err(invalid(format!("Instance '{}' is not persisted", self.instances.state_str(id))));
        }
        self.delete_impl(sid, id, true)
    }

    fn delete_impl(&mut self, sid: SessionId, id: InstanceId, head: bool) -> Result<()> {
        let st = self.instances.get(id);
        let key = match st.key() {
            Some(k) => k.clone(),
            None => return Ok(()),
        };
        let attach = self.before_attach(sid, id)?;
        if self.session(sid).deleted.contains(&id) {
            return Ok(());
        }
        // `identity_map.add`: another object with this identity refuses it
        if let Some(existing) = self.session(sid).identity_map.get(&key) {
            if existing != id {
                return Err(invalid(format!(
                    "Can't attach instance {}; another instance with key {} is already present in this session.",
                    self.instances.state_str(id),
                    self.key_repr(&key)
                )));
            }
        }
        self.session_mut(sid).identity_map.replace(key, id);
        if !attach && self.instances.get(id).modified {
            self.note_modified(sid, id);
        }
        if attach {
            self.after_attach(sid, id);
        }
        let cascaded = if head { self.cascade_iterator_loading(sid, id, crate::orm::cascade::CascadeKind::Delete)? } else { Vec::new() };
        self.session_mut(sid).deleted.insert(id);
        for c in cascaded {
            self.delete_impl(sid, c, false)?;
        }
        Ok(())
    }

    /// `Session.expunge()` with the expunge cascade.
    pub fn expunge(&mut self, sid: SessionId, id: InstanceId) -> Result<()> {
        if self.instances.get(id).session() != Some(sid) {
            return Err(invalid(format!("Instance {} is not present in this Session", self.instances.state_str(id))));
        }
        let mut all = vec![id];
        all.extend(self.cascade_iterator(id, crate::orm::cascade::CascadeKind::Expunge));
        self.expunge_states(sid, &all, false);
        Ok(())
    }

    /// `_expunge_states`: drop from the session, then detach (or make transient).
    pub(crate) fn expunge_states(&mut self, sid: SessionId, ids: &[InstanceId], to_transient: bool) {
        // membership first, then one pass per set: linear in the session size
        let gone: IdHashSet = ids.iter().copied().collect();
        let s = self.sessions[sid.0 as usize].as_mut().expect("live session");
        let mut from_tx_deleted = Vec::new();
        for &id in ids {
            if s.new.contains(&id) {
                continue;
            }
            if let Some(key) = self.instances.get(id).key().cloned() {
                if !s.identity_map.discard(&key, id) {
                    from_tx_deleted.push(id);
                }
            }
        }
        s.new.retain(|x| !gone.contains(x));
        s.deleted.retain(|x| !gone.contains(x));
        s.modified.retain(|x| !gone.contains(x));
        for t in s.transactions.iter_mut() {
            for id in &from_tx_deleted {
                t.deleted.shift_remove(id);
            }
        }
        // objects attached to another session since are left to it
        let ids: Vec<InstanceId> = ids.iter().copied().filter(|&id| self.instances.get(id).session().is_none_or(|o| o == sid)).collect();
        self.detach_states(&ids, to_transient);
    }

    /// `Session.expunge_all()`.
    pub fn expunge_all(&mut self, sid: SessionId) {
        let s = self.session_mut(sid);
        let mut all: Vec<InstanceId> = s.identity_map.states();
        all.extend(s.new.iter().copied());
        s.identity_map.clear();
        s.new.clear();
        s.deleted.clear();
        s.modified.clear();
        self.detach_states(&all, false);
    }

    // ----- expire ------------------------------------------------------------

    /// `state._expire`: every column attribute expired, changes discarded.
    pub(crate) fn expire_state_all(&mut self, id: InstanceId) {
        self.instances.get_mut(id).expire();
        if let Some(sid) = self.instances.get(id).session() {
            self.session_mut(sid).modified.shift_remove(&id);
        }
        self.events.emit(Event::Expire { obj: self.instances.label(id), attrs: None });
    }

    /// `state._expire_attributes`.
    pub(crate) fn expire_attributes(&mut self, id: InstanceId, names: &[String]) -> Result<()> {
        let registry = self.registry.clone();
        let mapper = registry.mapper(self.instances.get(id).mapper);
        for n in names {
            if let Some(i) = mapper.column_index(n) {
                self.instances.get_mut(id).expire_column(i);
            } else if let Some((ri, _)) = mapper.relationship(n) {
                self.instances.get_mut(id).expire_relationship(ri);
            } else {
                return Err(Error::new(ErrorKind::KeyError, format!("'{}'", n)));
            }
        }
        let st = self.instances.get_mut(id);
        if st.unmodified_if_no_changes() {
            if let Some(sid) = st.session() {
                self.session_mut(sid).modified.shift_remove(&id);
            }
        }
        let mut sorted: Vec<String> = names.to_vec();
        sorted.sort();
        if !sorted.is_empty() {
            self.events.emit(Event::Expire { obj: self.instances.label(id), attrs: Some(sorted) });
        }
        Ok(())
    }

    fn validate_persistent(&self, sid: SessionId, id: InstanceId) -> Result<()> {
        let st = self.instances.get(id);
        if st.session() != Some(sid) || st.key().is_none() || !self.session(sid).identity_map.get(st.key().expect("checked")).is_some_and(|x| x == id) {
            return Err(invalid(format!("Instance '{}' is not persistent within this Session", self.instances.state_str(id))));
        }
        Ok(())
    }

    /// `Session.expire(obj, [names])`.
    pub fn expire(&mut self, sid: SessionId, id: InstanceId, names: Option<&[String]>) -> Result<()> {
        self.validate_persistent(sid, id)?;
        match names {
            Some(n) if !n.is_empty() => self.expire_attributes(id, n),
            _ => {
                let cascaded = self.cascade_iterator(id, crate::orm::cascade::CascadeKind::RefreshExpire);
                self.conditional_expire(sid, id);
                for c in cascaded {
                    self.conditional_expire(sid, c);
                }
                Ok(())
            }
        }
    }

    fn conditional_expire(&mut self, sid: SessionId, id: InstanceId) {
        if self.instances.get(id).key().is_some() {
            self.expire_state_all(id);
        } else if self.session(sid).new.contains(&id) {
            self.session_mut(sid).new.shift_remove(&id);
            self.detach_states(&[id], false);
        }
    }

    /// `Session.expire_all()`.
    pub fn expire_all(&mut self, sid: SessionId) {
        for id in self.session(sid).identity_map.states() {
            self.expire_state_all(id);
        }
    }

    // ----- transactions ------------------------------------------------------

    /// `make_transient(obj)`: out of its session (persistent → detached, as
    /// SQLAlchemy reports it), then no identity and nothing expired.
    pub fn make_transient(&mut self, id: InstanceId) -> Result<()> {
        if let Some(sid) = self.instances.get(id).session() {
            self.expunge_states(sid, &[id], false);
        }
        self.instances.get_mut(id).expired_attrs.clear();
        self.forget_identity(id);
        Ok(())
    }

    /// `make_transient_to_detached(obj)`: give a transient object the identity
    /// of its primary key attributes; unloaded attributes become expired.
    pub fn make_transient_to_detached(&mut self, id: InstanceId) -> Result<()> {
        let st = self.instances.get(id);
        if st.session().is_some() || st.key().is_some() {
            return Err(invalid("Given object must be transient"));
        }
        let mapper = st.mapper;
        let pkcols = self.pk_columns(mapper);
        let pk: Vec<crate::sql::value::Value> =
            pkcols.iter().map(|&c| self.instances.get(id).dict[c].value().cloned().unwrap_or(crate::sql::value::Value::Null)).collect();
        let key = self.identity_key(mapper, pk);
        let unloaded: Vec<String> = {
            let m = self.registry.mapper(mapper);
            let st = self.instances.get(id);
            let mut names: Vec<String> = (0..m.columns.len()).filter(|&i| st.dict[i].is_absent()).map(|i| m.columns[i].clone()).collect();
            names.extend((0..m.relationships.len()).filter(|&i| st.rels[i] == crate::orm::state::RelSlot::Absent).map(|i| m.relationships[i].name.clone()));
            names
        };
        self.give_identity(id, key);
        self.instances.get_mut(id).commit_all_keep_expired();
        if !unloaded.is_empty() {
            self.expire_attributes(id, &unloaded)?;
        }
        Ok(())
    }

    // ----- views -------------------------------------------------------------

    /// `session.new`, in the order objects were added.
    pub fn new_objects(&self, sid: SessionId) -> Vec<InstanceId> {
        self.session(sid).new.iter().copied().collect()
    }
    /// `session.dirty`: modified persistent objects, not deleted.
    pub fn dirty_objects(&self, sid: SessionId) -> Vec<InstanceId> {
        let s = self.session(sid);
        s.modified.iter().copied().filter(|id| !s.deleted.contains(id) && self.instances.get(*id).modified).collect()
    }
    /// `session.deleted`.
    pub fn deleted_objects(&self, sid: SessionId) -> Vec<InstanceId> {
        self.session(sid).deleted.iter().copied().collect()
    }
}
