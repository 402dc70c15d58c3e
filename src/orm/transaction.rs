//! The session's transaction as a state machine, with the snapshot that a
//! rollback restores. Mirrors `SessionTransaction` in `sqlalchemy/orm/session.py`.
//!
//! A session holds a stack: the root transaction and, above it, one entry per
//! `begin_nested()` (a SAVEPOINT). Each entry records what the flushes inside
//! it did (`new`, `deleted`, `dirty`, key switches) so that rolling it back puts
//! memory back exactly as SQLAlchemy's `_restore_snapshot` does.

use crate::engine::{Connection, Engine};
use crate::orm::identity::IdentityKey;
use crate::orm::state::{IdSet, InstanceId};

/// `SessionTransactionState`, the states a transaction on the stack can be in
/// (a committed or closed one is popped, not kept). Changed only by
/// [`SessionTransaction::mark_prepared`] and [`SessionTransaction::deactivate`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxState {
    Active,
    /// `prepare()` ran, or a COMMIT raised: only commit or rollback may follow.
    Prepared,
    /// Rolled back by a failed flush; only `rollback()` may proceed.
    Deactive,
}

/// How the transaction began (`SessionTransactionOrigin`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxOrigin {
    Autobegin,
    Begin,
    BeginNested,
}

/// What a session is bound to.
#[derive(Clone)]
pub enum Bind {
    Engine(Engine),
    Connection(Connection),
}

impl Bind {
    pub fn engine(&self) -> Engine {
        match self {
            Bind::Engine(e) => e.clone(),
            Bind::Connection(c) => c.engine(),
        }
    }
}

/// `join_transaction_mode`: what a Session bound to a Connection that is
/// already in a transaction does with it (`JoinTransactionMode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum JoinMode {
    /// Inside a savepoint: `CreateSavepoint`; else `RollbackOnly` (the default).
    #[default]
    ConditionalSavepoint,
    /// Take the connection's transaction; rollback() rolls it back, commit() leaves it.
    RollbackOnly,
    /// Take the connection's transaction as the session's own: commit and roll back.
    ControlFully,
    /// Work in a new SAVEPOINT on top of the connection's transaction.
    CreateSavepoint,
}

impl JoinMode {
    pub fn parse(s: &str) -> Option<JoinMode> {
        Some(match s {
            "conditional_savepoint" => JoinMode::ConditionalSavepoint,
            "rollback_only" => JoinMode::RollbackOnly,
            "control_fully" => JoinMode::ControlFully,
            "create_savepoint" => JoinMode::CreateSavepoint,
            _ => return None,
        })
    }
}

/// One connection taken by a transaction.
#[derive(Clone)]
pub struct TxConnection {
    /// The engine this connection serves (the key of `_connections`).
    pub engine: Engine,
    pub conn: Connection,
    /// The session opened it (and closes it at the end) rather than being
    /// handed it through `bind=connection`.
    pub owned: bool,
    /// The session's commit commits the Core transaction below, and its close
    /// closes it (false for `join_transaction_mode="rollback_only"`).
    pub should_commit: bool,
    /// The Core transaction held is this savepoint (`NestedTransaction`);
    /// `None`: the connection's root transaction.
    pub savepoint: Option<String>,
    /// The Core transaction held is still active (it was not yet committed or
    /// rolled back through this entry).
    pub began: bool,
    /// Began as a two-phase transaction (`twophase=True`): commit prepares first.
    pub twophase: bool,
}

/// One level of the session's transaction stack.
pub struct SessionTransaction {
    pub origin: TxOrigin,
    state: TxState,
    pub connections: Vec<TxConnection>,
    /// Objects inserted by flushes in this transaction (back to transient on rollback).
    pub new: IdSet,
    /// Objects deleted by flushes in this transaction (back to persistent on rollback).
    pub deleted: IdSet,
    /// Objects updated by flushes in this transaction (expired on a nested rollback).
    pub dirty: IdSet,
    /// Primary-key changes: (instance, key before, key after).
    pub key_switches: Vec<(InstanceId, IdentityKey, IdentityKey)>,
    /// The message of the flush error that deactivated it.
    pub rollback_reason: Option<String>,
    /// Unique number, so a Python handle can tell its transaction from a later one.
    pub serial: u64,
}

thread_local! {
    static SERIAL: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

impl TxConnection {
    /// Whether the Core transaction held is still open on the connection.
    pub fn core_active(&self) -> bool {
        self.began
            && match &self.savepoint {
                Some(sp) => self.conn.savepoints().iter().any(|s| s == sp),
                None => self.conn.in_transaction(),
            }
    }
    /// `Transaction.commit()`: COMMIT (or COMMIT PREPARED), or RELEASE SAVEPOINT.
    pub fn core_commit(&mut self) -> crate::exc::Result<()> {
        if !self.core_active() {
            return Ok(());
        }
        let done = match &self.savepoint {
            Some(sp) => self.conn.release_savepoint(sp),
            None if self.twophase => self.conn.finish_twophase(true),
            None => self.conn.commit(),
        };
        // a COMMIT that raised leaves the Core transaction there, inactive:
        // the next commit() is SQLAlchemy's PendingRollbackError, rollback() clears it
        if done.is_ok() {
            self.began = false;
        }
        done
    }
    /// `Transaction.rollback()` / `close()`: ROLLBACK (or ROLLBACK PREPARED), or
    /// ROLLBACK TO SAVEPOINT while the root transaction is still active.
    pub fn core_rollback(&mut self) -> crate::exc::Result<()> {
        if !self.core_active() {
            self.began = false;
            return Ok(());
        }
        self.began = false;
        match &self.savepoint {
            Some(sp) => self.conn.rollback_to_savepoint(sp),
            None if self.twophase => self.conn.finish_twophase(false),
            None => self.conn.rollback(),
        }
    }
}

impl SessionTransaction {
    pub fn state(&self) -> TxState {
        self.state
    }
    /// Active (or already Prepared) → Prepared: `prepare()`, or a COMMIT that raised.
    pub fn mark_prepared(&mut self) {
        debug_assert!(self.state != TxState::Deactive, "a deactive transaction cannot be prepared");
        self.state = TxState::Prepared;
    }
    /// → Deactive, after a failed flush rolled it back: only `rollback()` may follow.
    pub fn deactivate(&mut self, reason: String) {
        self.state = TxState::Deactive;
        self.rollback_reason = Some(reason);
    }
    pub fn new(origin: TxOrigin) -> SessionTransaction {
        SessionTransaction {
            origin,
            state: TxState::Active,
            connections: Vec::new(),
            new: IdSet::default(),
            deleted: IdSet::default(),
            dirty: IdSet::default(),
            key_switches: Vec::new(),
            rollback_reason: None,
            serial: SERIAL.with(|c| {
                c.set(c.get() + 1);
                c.get()
            }),
        }
    }
    pub fn nested(&self) -> bool {
        self.origin == TxOrigin::BeginNested
    }
    pub fn connection_for(&self, engine: &Engine) -> Option<&TxConnection> {
        self.connections.iter().find(|c| c.engine.ptr_eq(engine))
    }
}
