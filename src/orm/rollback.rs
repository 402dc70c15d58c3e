//! Rolling back: `Session.rollback()` level by level, one level's rollback
//! (`SessionTransaction.rollback`), the snapshot restore that undoes in memory
//! what the level's flushes did (`_restore_snapshot`), and the deactivation
//! after a failed flush. Split from `session.rs` to keep files small.

use crate::exc::{Error, Result};
use crate::orm::session::Orm;
use crate::orm::state::{IdSet, InstanceId, SessionId};
use crate::orm::transaction::{SessionTransaction, TxOrigin, TxState};

impl Orm {
    /// `Session.rollback()`: always the root transaction, reached as SQLAlchemy
    /// does (`self._transaction.rollback(_to_root=True)`): the innermost level
    /// is rolled back (its snapshot restored: objects inserted in a savepoint
    /// become transient), then its parent, up to the root.
    pub fn rollback(&mut self, sid: SessionId) -> Result<()> {
        let mut first_err = None;
        loop {
            let n = self.session(sid).transactions.len();
            if n == 0 {
                break;
            }
            if let Err(e) = self.rollback_level(sid, n - 1) {
                first_err.get_or_insert(e);
            }
        }
        match first_err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Roll back level `level` and everything above it, restoring memory.
    pub fn rollback_level(&mut self, sid: SessionId, level: usize) -> Result<()> {
        let mut first_err = None;
        while self.session(sid).transactions.len() > level {
            let mut tx = self.session_mut(sid).transactions.pop().expect("nonempty");
            let deactive = tx.state() == TxState::Deactive;
            let is_target = self.session(sid).transactions.len() == level;
            if !is_target {
                // levels inside the one rolled back are closed (SessionTransaction.close):
                // their savepoints are rolled back on the connection, but their
                // snapshots are dropped, not restored
                for c in tx.connections.iter_mut() {
                    if c.should_commit {
                        if let Err(e) = c.core_rollback() {
                            first_err.get_or_insert(e);
                        }
                    }
                }
                continue;
            }
            if deactive && !self.is_clean(sid) {
                // A failed flush already rolled back and restored memory; what was
                // added, deleted or changed since is discarded too (SQLAlchemy warns
                // "Session's state has been changed on a non-active transaction -
                // this state will be discarded"), or the next flush would send it.
                self.restore_snapshot(sid, &tx, tx.nested());
            }
            // the boundary rolls back every Core transaction it holds, joined
            // ones included (`t[1].rollback()`), whatever should_commit says
            for c in tx.connections.iter_mut() {
                if let Err(e) = c.core_rollback() {
                    first_err.get_or_insert(e);
                }
            }
            if !deactive {
                self.restore_snapshot(sid, &tx, tx.nested());
            }
            if !tx.nested() {
                for c in &tx.connections {
                    if c.owned {
                        let _ = c.conn.close();
                    }
                }
            }
        }
        match first_err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// `Session._is_clean()`: nothing new, deleted or modified.
    fn is_clean(&self, sid: SessionId) -> bool {
        let s = self.session(sid);
        s.new.is_empty() && s.deleted.is_empty() && s.identity_map.states().into_iter().all(|id| !self.instances.get(id).modified)
    }

    /// `_restore_snapshot`: objects inserted back to transient, deleted ones
    /// back to persistent, and everything (or only the dirty, for a savepoint)
    /// expired.
    pub(crate) fn restore_snapshot(&mut self, sid: SessionId, tx: &SessionTransaction, dirty_only: bool) {
        // sets, not vectors: a rollback of 100,000 inserts must stay linear
        let mut to_expunge: IdSet = tx.new.clone();
        to_expunge.extend(self.session(sid).new.iter().copied());
        let to_expunge_list: Vec<InstanceId> = to_expunge.iter().copied().collect();
        self.expunge_states(sid, &to_expunge_list, true);
        for (id, old, _new) in tx.key_switches.iter().rev() {
            let cur = self.instances.get(*id).key().cloned();
            if let Some(k) = cur {
                self.session_mut(sid).identity_map.discard(&k, *id);
            }
            self.switch_key(*id, old.clone());
            if !to_expunge.contains(id) && self.instances.get(*id).session() == Some(sid) {
                self.session_mut(sid).identity_map.replace(old.clone(), *id);
            }
        }
        let mut revert: IdSet = tx.deleted.clone();
        revert.extend(self.session(sid).deleted.iter().copied());
        for id in revert {
            let _ = self.update_impl(sid, id, true);
        }
        self.session_mut(sid).deleted.clear();
        for id in self.session(sid).identity_map.states() {
            let st = self.instances.get(id);
            if !dirty_only || st.modified || tx.dirty.contains(&id) {
                self.expire_state_all(id);
            }
        }
    }

    /// Deactivate the transaction stack after a failed flush: the database
    /// transaction is rolled back now, memory restored, and the session refuses
    /// work until `rollback()` (PendingRollbackError).
    pub(crate) fn fail_flush(&mut self, sid: SessionId, err: &Error) {
        let depth = self.session(sid).transactions.len();
        if depth == 0 {
            return;
        }
        // the innermost boundary: a savepoint if we are in one, else the root
        let level = depth - 1;
        let nested = self.session(sid).transactions[level].nested();
        // roll back to the savepoint, or the root; that transaction becomes deactive
        let (boundary, placeholder) = if nested { (level, TxOrigin::BeginNested) } else { (0, TxOrigin::Autobegin) };
        for c in self.session_mut(sid).transactions[boundary].connections.iter_mut() {
            let _ = c.core_rollback();
        }
        let mut tx = std::mem::replace(&mut self.session_mut(sid).transactions[boundary], SessionTransaction::new(placeholder));
        self.restore_snapshot(sid, &tx, nested);
        tx.deactivate(err.full_message().lines().next().unwrap_or("").to_string());
        // the level keeps what it recorded (`_new`, `_deleted`, `_key_switches`, `_dirty`):
        // a rollback() after changes made in the failed state restores the snapshot
        // again from them, as SQLAlchemy's does (pending_to_transient fires again for an
        // object its flush had inserted, deleted_to_persistent for one it had deleted)
        self.session_mut(sid).transactions[boundary] = tx;
    }
}
