//! The lifecycle transitions of an instance: the only code that writes the
//! facts its state is derived from (identity key, owning session, the deleted
//! flag), each transition with the `Event::State` it means. SQLAlchemy spreads
//! them over `Session._after_attach`, `_register_persistent`,
//! `_remove_newly_deleted`, `InstanceState._detach_states`,
//! `loading._instance` (`loaded_as_persistent`) and `make_transient`; here the
//! fields are private to `orm/state.rs` and this child module, so a fact cannot
//! change without its transition.
//!
//! Bookkeeping around a transition (the session's `new`/`deleted` sets, the
//! identity map, the transaction's records) stays with the caller: it differs
//! per operation, the facts and events do not.

use crate::events::{Event, LifecycleState};
use crate::orm::identity::IdentityKey;
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, SessionId};

impl Orm {
    fn announce(&self, id: InstanceId, from: Option<LifecycleState>, to: LifecycleState) {
        self.events.emit(Event::State { obj: self.instances.label(id), from, to });
    }

    /// `_after_attach`: the object joins session `sid`; transient → pending,
    /// or detached → persistent when it has an identity. Returns whether it had one.
    pub(crate) fn attach(&mut self, sid: SessionId, id: InstanceId) -> bool {
        let st = self.instances.get_mut(id);
        st.session = Some(sid);
        let has_key = st.key.is_some();
        if has_key {
            self.announce(id, Some(LifecycleState::Detached), LifecycleState::Persistent);
        } else {
            self.announce(id, Some(LifecycleState::Transient), LifecycleState::Pending);
        }
        has_key
    }

    /// `_register_persistent` after its INSERT: pending → persistent with `key`.
    pub(crate) fn register_persistent(&mut self, id: InstanceId, key: IdentityKey) {
        let st = self.instances.get_mut(id);
        debug_assert!(st.key.is_none() && st.session.is_some(), "only a pending object becomes persistent by a flush");
        st.key = Some(key);
        self.announce(id, Some(LifecycleState::Pending), LifecycleState::Persistent);
    }

    /// `loaded_as_persistent`: a new object made from a row, in session `sid` with `key`.
    pub(crate) fn register_loaded(&mut self, sid: SessionId, id: InstanceId, key: IdentityKey) {
        let st = self.instances.get_mut(id);
        debug_assert!(st.key.is_none() && st.session.is_none(), "only a new object is loaded as persistent");
        st.key = Some(key);
        st.session = Some(sid);
        self.announce(id, None, LifecycleState::Persistent);
    }

    /// `_remove_newly_deleted`: its row was deleted (or found gone); persistent → deleted.
    pub(crate) fn mark_deleted(&mut self, id: InstanceId) {
        let st = self.instances.get_mut(id);
        st.deleted = true;
        st.was_deleted = true;
        self.announce(id, Some(LifecycleState::Persistent), LifecycleState::Deleted);
    }

    /// A rollback undoes a flushed deletion: deleted → persistent (`_update_impl(revert_deletion=True)`).
    pub(crate) fn revert_deletion(&mut self, id: InstanceId) {
        self.instances.get_mut(id).deleted = false;
        self.announce(id, Some(LifecycleState::Deleted), LifecycleState::Persistent);
    }

    /// `InstanceState._detach_states`: out of its session, each with its event
    /// (persistent → detached, deleted → detached, pending → transient; with
    /// `to_transient`, as a rollback sends back what its transaction inserted,
    /// persistent → transient and the identity forgotten).
    pub(crate) fn detach_states(&mut self, ids: &[InstanceId], to_transient: bool) {
        self.instances.note_detached(ids.len());
        for &id in ids {
            let st = self.instances.get_mut(id);
            // no check that the object is still attached: an expunge cascading to an
            // object expunged before reports it detached again, a rollback sends an
            // object inserted in its transaction back to transient even when it was
            // expunged since (`_restore_snapshot`)
            let deleted = st.deleted;
            let pending = st.key.is_none();
            let persistent = !pending && !deleted;
            st.session = None;
            if to_transient && st.key.is_some() {
                st.key = None;
            }
            if persistent {
                if to_transient {
                    self.announce(id, Some(LifecycleState::Persistent), LifecycleState::Transient);
                } else {
                    self.announce(id, Some(LifecycleState::Persistent), LifecycleState::Detached);
                }
            } else if deleted {
                self.announce(id, Some(LifecycleState::Deleted), LifecycleState::Detached);
            } else if pending {
                self.announce(id, Some(LifecycleState::Pending), LifecycleState::Transient);
            }
        }
    }

    /// `make_transient` after the expunge: detached → transient, identity and
    /// deleted flag forgotten. No event: SQLAlchemy has no `detached_to_transient`.
    pub(crate) fn forget_identity(&mut self, id: InstanceId) {
        let st = self.instances.get_mut(id);
        debug_assert!(st.session.is_none(), "make_transient expunges first");
        st.key = None;
        st.deleted = false;
    }

    /// A transient object given `key` (`make_transient_to_detached`, `merge(load=False)`
    /// before it attaches): transient → detached, no event, as in SQLAlchemy.
    pub(crate) fn give_identity(&mut self, id: InstanceId, key: IdentityKey) {
        let st = self.instances.get_mut(id);
        debug_assert!(st.key.is_none() && st.session.is_none(), "only a transient object is given an identity");
        st.key = Some(key);
    }

    /// A persistent object's identity changes with its primary key (a flush's
    /// UPDATE of it, or the rollback that puts the old one back): no lifecycle change.
    pub(crate) fn switch_key(&mut self, id: InstanceId, key: IdentityKey) {
        let st = self.instances.get_mut(id);
        debug_assert!(st.key.is_some(), "only an object with an identity changes it");
        st.key = Some(key);
    }
}
