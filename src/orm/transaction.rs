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

/// `SessionTransactionState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxState {
    Active,
    Prepared,
    Committed,
    /// Rolled back by a failed flush; only `rollback()` may proceed.
    Deactive,
    Closed,
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

/// One connection taken by a transaction.
#[derive(Clone)]
pub struct TxConnection {
    /// The engine this connection serves (the key of `_connections`).
    pub engine: Engine,
    pub conn: Connection,
    /// The session opened it (and closes it at the end) rather than being
    /// handed it through `bind=connection`.
    pub owned: bool,
    /// The session's commit commits it (false when joining an outer transaction).
    pub should_commit: bool,
    /// Savepoint name, for a nested transaction's connection.
    pub savepoint: Option<String>,
    /// This transaction began the connection-level transaction.
    pub began: bool,
    /// Began as a two-phase transaction (`twophase=True`): commit prepares first.
    pub twophase: bool,
}

/// One level of the session's transaction stack.
pub struct SessionTransaction {
    pub origin: TxOrigin,
    pub state: TxState,
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

impl SessionTransaction {
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
