//! `Connection`: one checked-out DBAPI connection with SQLAlchemy 2.x transaction
//! semantics (autobegin, commit-as-you-go, SAVEPOINTs, invalidation and
//! reconnection, reset on close).
//!
//! Mirrors `sqlalchemy/engine/base.py` (`Connection`, `RootTransaction`,
//! `NestedTransaction`, `_handle_dbapi_exception`). Every statement the ORM or a
//! script sends goes through [`Connection::execute`] / [`Connection::execute_many`],
//! which emit `Event::Sql` before sending; transaction control emits `Event::Tx`
//! (its SQL text is not an `Sql` event).
//!
//! A `Connection` is a shared handle (`Clone`, [`Connection::ptr_eq`]) because a
//! Session and a script variable can hold the same one.

use crate::engine::driver::{repr_many_params, repr_params, DriverError, ResultSet, Row};
use crate::engine::engine::Engine;
use crate::engine::pool::PooledConnection;
use crate::engine::cursor::Cursor;
use crate::events::{Batch, Event, Events, Params, ParamsRef, SqlWatch, TxOp};
use crate::exc::{self, Error, ErrorKind};
use crate::sql::value::Value;
use std::cell::RefCell;
use std::rc::Rc;

/// The transaction a connection is in (`RootTransaction` plus its nested ones).
struct TxState {
    /// False after a failed COMMIT: only rollback() may follow.
    active: bool,
    /// Open savepoints, outermost first.
    savepoints: Vec<String>,
    /// The xid of a two-phase transaction, and whether it was prepared.
    twophase: Option<(String, bool)>,
}

struct ConnInner {
    engine: Engine,
    /// `None` when closed or invalidated.
    fairy: Option<PooledConnection>,
    /// False once `close()` was called (SQLAlchemy's `__can_reconnect`).
    can_reconnect: bool,
    tx: Option<TxState>,
    savepoint_seq: u32,
}

/// A database connection handle (SQLAlchemy's `Connection`).
#[derive(Clone)]
pub struct Connection(Rc<RefCell<ConnInner>>);

const CLOSED: &str = "This Connection is closed";

/// Said after a COMMIT that PostgreSQL answered with ROLLBACK (issue 13).
pub const COMMIT_ROLLED_BACK: &str = "The server rolled back this transaction instead of committing it: an earlier \
    statement had failed in it (PostgreSQL answers COMMIT of a failed transaction with ROLLBACK). Nothing of it was saved.";

/// Said when the connection was lost while COMMIT was under way (issue 9).
pub const COMMIT_OUTCOME_UNKNOWN: &str = "The connection was lost after COMMIT was sent: whether the server committed \
    the transaction is unknown (it may have). Look at the database before doing the work again.";

/// The statement started at `started` returned `rows` rows: tell whoever watches.
fn sql_done(events: &Events, watch: SqlWatch, started: std::time::Instant, rows: usize) {
    match watch {
        SqlWatch::Events => events.emit(Event::SqlDone { elapsed_us: started.elapsed().as_micros() as u64, rows }),
        SqlWatch::TapOnly => events.observe_sql_done(started.elapsed().as_micros() as u64, rows),
        SqlWatch::Nobody => {}
    }
}

impl Connection {
    /// Check a connection out of `engine`'s pool (`Engine.connect()`).
    pub(crate) fn open(engine: &Engine) -> exc::Result<Connection> {
        let fairy = engine.pool().connect()?;
        Ok(Connection(Rc::new(RefCell::new(ConnInner {
            engine: engine.clone(),
            fairy: Some(fairy),
            can_reconnect: true,
            tx: None,
            savepoint_seq: 0,
        }))))
    }

    pub fn ptr_eq(&self, other: &Connection) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
    pub fn engine(&self) -> Engine {
        self.0.borrow().engine.clone()
    }
    /// `Connection.closed`.
    pub fn closed(&self) -> bool {
        let c = self.0.borrow();
        c.fairy.is_none() && !c.can_reconnect
    }
    /// `Connection.invalidated`.
    pub fn invalidated(&self) -> bool {
        let c = self.0.borrow();
        c.fairy.is_none() && c.can_reconnect
    }
    /// `Connection.in_transaction()`.
    pub fn in_transaction(&self) -> bool {
        self.0.borrow().tx.is_some()
    }
    /// `Connection.in_nested_transaction()`.
    pub fn in_nested_transaction(&self) -> bool {
        self.0.borrow().tx.as_ref().is_some_and(|t| !t.savepoints.is_empty())
    }
    /// The open savepoint names, outermost first.
    pub fn savepoints(&self) -> Vec<String> {
        self.0.borrow().tx.as_ref().map(|t| t.savepoints.clone()).unwrap_or_default()
    }
    /// Which DBAPI connection is in use (changes after a reconnect), if any.
    pub fn dbapi_serial(&self) -> Option<u64> {
        self.0.borrow().fairy.as_ref().map(PooledConnection::serial)
    }

    /// Run one statement (`Connection.execute` / `exec_driver_sql`) with positional
    /// parameters, autobeginning a transaction first.
    pub fn execute(&self, sql: &str, params: &[Value]) -> exc::Result<ResultSet> {
        self.execute_batch(sql, params, None)
    }

    /// [`Connection::execute`] of one batch of an "insertmanyvalues" run (a
    /// multi-row INSERT the ORM built, see `orm::imv`); the `sql` event carries
    /// the batch number, as SQLAlchemy's echo shows it.
    pub fn execute_batch(&self, sql: &str, params: &[Value], batch: Option<Batch>) -> exc::Result<ResultSet> {
        let mut c = self.0.borrow_mut();
        c.ensure_ready()?;
        let events = c.engine.events();
        let watch = events.sql_watch();
        match watch {
            SqlWatch::Events => events.emit(Event::Sql {
                sql: sql.to_string(),
                params: Params::One(params.to_vec()),
                many: false,
                elapsed_us: None,
                batch,
            }),
            SqlWatch::TapOnly => events.observe_sql(sql, ParamsRef::One(params)),
            SqlWatch::Nobody => {}
        }
        let started = std::time::Instant::now();
        let outcome = c.dbapi_call(|d| d.execute(sql, params));
        // a statement the database refused took time too (the ledger's figure after a failed flush)
        sql_done(&events, watch, started, outcome.as_ref().map_or(0, |rs| rs.rows.len()));
        let outcome = outcome.map_err(|e| c.handle_dbapi_error(e, sql, || repr_params(params)));
        drop(c);
        if outcome.is_ok() && events.eqp() {
            super::eqp::follow(self, sql, params);
        }
        outcome
    }

    /// [`Connection::execute`] whose rows are read later, as they are fetched
    /// ([`Cursor::fetch`]): SQLite steps the statement (no result set is
    /// materialised); the other drivers read the reply whole, kept as the
    /// cursor's buffer. The `sql` event is emitted now, `SqlDone` after the
    /// first fetch (with the rows that fetch read). `stream`: the statement has
    /// `stream_results` (`yield_per`): PostgreSQL and MySQL/MariaDB read the
    /// rows from a server-side cursor as they are fetched
    /// ([`DbapiConnection::open_cursor`](crate::engine::driver::DbapiConnection::open_cursor)).
    pub fn open_cursor(&self, sql: &str, params: &[Value], stream: bool) -> exc::Result<Cursor> {
        let mut c = self.0.borrow_mut();
        c.ensure_ready()?;
        let events = c.engine.events();
        if events.wants_sql() {
            events.emit(Event::Sql { sql: sql.to_string(), params: Params::One(params.to_vec()), many: false, elapsed_us: None, batch: None });
        }
        // `.eqp on`: a streamed statement's plan is read before it runs, since
        // MySQL's unbuffered result would end at the EXPLAIN sent after it
        if stream && events.eqp() {
            drop(c);
            super::eqp::follow(self, sql, params);
            c = self.0.borrow_mut();
            c.ensure_ready()?;
        }
        let started = std::time::Instant::now();
        let dbapi = c.fairy.as_ref().map(PooledConnection::handle);
        let outcome = c.dbapi_call(|d| match d.open_cursor(sql, params, stream) {
            Some(r) => r.map(|(id, columns)| crate::engine::cursor::Source::Driver { id, columns }),
            None => d.execute(sql, params).map(|rs| crate::engine::cursor::Source::Buffered(rs.columns, rs.rows.into())),
        });
        let outcome = outcome.map_err(|e| c.handle_dbapi_error(e, sql, || repr_params(params)));
        drop(c);
        let source = outcome?;
        if events.eqp() && !stream {
            super::eqp::follow(self, sql, params);
        }
        Ok(Cursor::new(self.clone(), source, dbapi, started))
    }

    /// A driver error of a cursor's fetch, as SQLAlchemy's
    /// `CursorFetchStrategy.handle_exception` raises it: wrapped with no
    /// statement (`_handle_dbapi_exception(e, None, None, …)`: no `[SQL: …]`
    /// line), and, when the connection is not in a transaction (a commit
    /// inside a `yield_per` loop closed it), `_handle_dbapi_exception`'s
    /// "autorollback": the `rollback` event, and a DBAPI rollback if the
    /// connection is still open.
    pub(crate) fn fetch_error(&self, e: DriverError) -> Error {
        let mut c = self.0.borrow_mut();
        let err = c.handle_dbapi_error(e, "", String::new);
        if c.tx.is_none() {
            c.emit_tx(TxOp::Rollback);
            let _ = c.dbapi_call(|d| d.rollback());
        }
        err
    }

    /// Emit `SqlDone` for a statement whose rows were read by a cursor.
    pub(crate) fn emit_sql_done(&self, elapsed_us: u64, rows: usize) {
        let events = self.0.borrow().engine.events();
        if events.wants_sql() {
            events.emit(Event::SqlDone { elapsed_us, rows });
        }
    }

    /// [`Connection::execute`] of `sql` once per parameter row, in order, each
    /// result handed to `each` before the next row runs (an error from `each`
    /// stops the run and is returned). Events and errors are those of the
    /// per-row `execute` calls; the driver may keep one prepared statement for
    /// all rows. `each` must not use this connection.
    pub fn execute_each(
        &self,
        sql: &str,
        rows: &[&[Value]],
        mut each: impl FnMut(usize, ResultSet) -> exc::Result<()>,
    ) -> exc::Result<()> {
        let mut c = self.0.borrow_mut();
        c.ensure_ready()?;
        let events = c.engine.events();
        let watch = events.sql_watch();
        if watch == SqlWatch::Events {
            // every row is echoed/traced (and explained) before the next runs: one execute each
            drop(c);
            for (i, params) in rows.iter().enumerate() {
                let rs = self.execute(sql, params)?;
                each(i, rs)?;
            }
            return Ok(());
        }
        // one prepared statement for the rows; the tap (if any) sees each
        // row's statement as the per-row `execute` would have shown it
        let mut failed = None;
        let mut failed_row = 0;
        let mut started = std::time::Instant::now();
        let outcome = c.dbapi_call(|d| {
            d.execute_each(sql, rows, &mut |i, rs| {
                if watch == SqlWatch::TapOnly {
                    events.observe_sql(sql, ParamsRef::One(rows[i]));
                    sql_done(&events, watch, started, rs.rows.len());
                    started = std::time::Instant::now();
                }
                match each(i, rs) {
                    Ok(()) => true,
                    Err(e) => {
                        failed = Some(e);
                        false
                    }
                }
            })
            .map_err(|(i, e)| {
                failed_row = i;
                e
            })
        });
        match outcome {
            Ok(()) => failed.map_or(Ok(()), Err),
            Err(e) => {
                let params = rows.get(failed_row).copied().unwrap_or(&[]);
                if watch == SqlWatch::TapOnly {
                    events.observe_sql(sql, ParamsRef::One(params));
                }
                Err(c.handle_dbapi_error(e, sql, || repr_params(params)))
            }
        }
    }

    /// A statement on the DBAPI connection itself (`engine.raw_connection()`'s
    /// cursor): no transaction is begun and nothing is echoed or traced, as
    /// SQLAlchemy's events never see a raw cursor. Driver errors are wrapped.
    pub fn execute_dbapi(&self, sql: &str, params: &[Value]) -> exc::Result<ResultSet> {
        let mut c = self.0.borrow_mut();
        let outcome = c.dbapi_call(|d| d.execute(sql, params));
        outcome.map_err(|e| c.handle_dbapi_error(e, sql, || repr_params(params)))
    }

    /// `commit()` / `rollback()` on the DBAPI connection (`raw_connection()`), untraced.
    pub fn finish_dbapi(&self, commit: bool) -> exc::Result<()> {
        let mut c = self.0.borrow_mut();
        let outcome = c.dbapi_call(|d| if commit { d.commit() } else { d.rollback() });
        let sql = if commit { "COMMIT" } else { "ROLLBACK" };
        outcome.map_err(|e| c.handle_dbapi_error(e, sql, String::new))
    }

    /// `exec_driver_sql`: the same as [`Connection::execute`] (the text is sent as is).
    pub fn exec_driver_sql(&self, sql: &str, params: &[Value]) -> exc::Result<ResultSet> {
        self.execute(sql, params)
    }

    /// `cursor.executemany` through the connection; returns the total rowcount.
    pub fn execute_many(&self, sql: &str, rows: &[Row]) -> exc::Result<i64> {
        let mut c = self.0.borrow_mut();
        c.ensure_ready()?;
        let events = c.engine.events();
        let watch = events.sql_watch();
        match watch {
            SqlWatch::Events => events.emit(Event::Sql {
                sql: sql.to_string(),
                params: Params::Many(rows.to_vec()),
                many: true,
                elapsed_us: None,
                batch: None,
            }),
            SqlWatch::TapOnly => events.observe_sql(sql, ParamsRef::Many(rows)),
            SqlWatch::Nobody => {}
        }
        let started = std::time::Instant::now();
        let outcome = c.dbapi_call(|d| d.execute_many(sql, rows));
        sql_done(&events, watch, started, 0);
        let outcome = outcome.map_err(|e| c.handle_dbapi_error(e, sql, || repr_many_params(rows)));
        drop(c);
        if let (true, Some(first)) = (outcome.is_ok() && events.eqp(), rows.first()) {
            super::eqp::follow(self, sql, first);
        }
        outcome
    }

    /// psycopg2's insertmanyvalues of rows that have no parameters (`INSERT
    /// INTO t (id) VALUES (DEFAULT), (DEFAULT)`): one statement, sent once,
    /// traced as SQLAlchemy's cursor event sees it (an executemany of an empty
    /// parameter list). Returns the rowcount.
    pub fn execute_values_no_params(&self, sql: &str) -> exc::Result<i64> {
        let mut c = self.0.borrow_mut();
        c.ensure_ready()?;
        let events = c.engine.events();
        if events.wants_sql() {
            events.emit(Event::Sql { sql: sql.to_string(), params: Params::Many(Vec::new()), many: true, elapsed_us: None, batch: None });
        }
        let watched = events.wants_sql();
        let started = std::time::Instant::now();
        let outcome = c.dbapi_call(|d| d.execute(sql, &[]));
        if watched && outcome.is_ok() {
            events.emit(Event::SqlDone { elapsed_us: started.elapsed().as_micros() as u64, rows: 0 });
        }
        outcome.map(|rs| rs.rowcount).map_err(|e| c.handle_dbapi_error(e, sql, String::new))
    }

    /// `Connection.begin()`.
    pub fn begin(&self) -> exc::Result<()> {
        let mut c = self.0.borrow_mut();
        if c.tx.is_some() {
            return Err(exc::invalid(
                "This connection has already initialized a SQLAlchemy Transaction() object via begin() or autobegin; can't call begin() here unless rollback() or commit() is called first.",
            ));
        }
        c.revalidate()?;
        c.begin_root()
    }

    /// `Connection.commit()`: commits the outermost transaction; nothing when none.
    pub fn commit(&self) -> exc::Result<()> {
        let mut c = self.0.borrow_mut();
        let Some(tx) = &c.tx else { return Ok(()) };
        if !tx.active {
            return Err(c.invalid_transaction());
        }
        c.emit_tx(TxOp::Commit);
        let result = match c.fairy.is_some() {
            true => c.dbapi_call(|d| d.commit()).map_err(|e| c.handle_dbapi_error(e, "", String::new)),
            false => Err(c.invalid_transaction()),
        };
        match result {
            Ok(()) => {
                c.tx = None;
                // psycopg2 and SQLAlchemy say nothing here; the user must know
                if c.dbapi_call(|d| Ok(d.take_commit_rolled_back())).unwrap_or(false) {
                    c.engine.events().emit(Event::Info { text: COMMIT_ROLLED_BACK.to_string() });
                }
                Ok(())
            }
            Err(e) => {
                // SQLAlchemy deactivates the transaction but keeps it: rollback() must follow.
                if let Some(tx) = &mut c.tx {
                    tx.active = false;
                    tx.savepoints.clear();
                }
                // SQLAlchemy says only "server closed the connection"; the COMMIT
                // may have reached the server and been applied before its reply was lost
                if e.statement.as_ref().is_some_and(|s| s.connection_invalidated) {
                    c.engine.events().emit(Event::Info { text: COMMIT_OUTCOME_UNKNOWN.to_string() });
                }
                Err(e)
            }
        }
    }

    /// `Connection.rollback()`: rolls back the outermost transaction (all its
    /// savepoints); on an invalidated connection it just clears the transaction.
    pub fn rollback(&self) -> exc::Result<()> {
        let mut c = self.0.borrow_mut();
        c.rollback_root()
    }

    /// `Connection.begin_nested()`: autobegin if needed, then `SAVEPOINT sa_savepoint_N`.
    /// Returns the savepoint name.
    pub fn begin_nested(&self) -> exc::Result<String> {
        let mut c = self.0.borrow_mut();
        if c.tx.is_none() {
            c.revalidate()?;
            c.begin_root()?;
        }
        // SQLAlchemy counts and fires the event before it touches the DBAPI connection.
        c.savepoint_seq += 1;
        let name = format!("sa_savepoint_{}", c.savepoint_seq);
        c.emit_tx_named(TxOp::Savepoint, &name);
        c.revalidate()?;
        let sql = c.engine.dialect().savepoint_sql(&name);
        c.dbapi_call(|d| d.savepoint(&name)).map_err(|e| c.handle_dbapi_error(e, &sql, String::new))?;
        if let Some(tx) = &mut c.tx {
            tx.savepoints.push(name.clone());
        }
        Ok(name)
    }

    /// `NestedTransaction.commit()`: `RELEASE SAVEPOINT name` (inner savepoints go too).
    pub fn release_savepoint(&self, name: &str) -> exc::Result<()> {
        let mut c = self.0.borrow_mut();
        let pos = c.savepoint_position(name)?;
        c.emit_tx_named(TxOp::Release, name);
        let sql = c.engine.dialect().release_savepoint_sql(name);
        let result = c
            .revalidate()
            .and_then(|()| c.dbapi_call(|d| d.release_savepoint(name)).map_err(|e| c.handle_dbapi_error(e, &sql, String::new)));
        // The nested transaction is over whether or not RELEASE succeeded.
        if let Some(tx) = &mut c.tx {
            tx.savepoints.truncate(pos);
        }
        result
    }

    /// `NestedTransaction.rollback()`: `ROLLBACK TO SAVEPOINT name`; the outer
    /// transaction goes on. On an invalidated connection nothing is sent.
    pub fn rollback_to_savepoint(&self, name: &str) -> exc::Result<()> {
        let mut c = self.0.borrow_mut();
        let pos = c.savepoint_position(name)?;
        let mut result = Ok(());
        c.emit_tx_named(TxOp::RollbackTo, name);
        if c.fairy.is_some() {
            let sql = c.engine.dialect().rollback_to_savepoint_sql(name);
            result = c
                .dbapi_call(|d| d.rollback_to_savepoint(name))
                .map_err(|e| c.handle_dbapi_error(e, &sql, String::new));
        }
        if let Some(tx) = &mut c.tx {
            tx.savepoints.truncate(pos);
        }
        result
    }

    /// `Connection.begin_twophase(xid)`: the hook for PostgreSQL/MySQL drivers.
    /// On SQLite, SQLAlchemy's dialect raises a bare `NotImplementedError`.
    pub fn begin_twophase(&self, xid: &str) -> exc::Result<()> {
        let mut c = self.0.borrow_mut();
        if c.tx.is_some() {
            return Err(exc::invalid(
                "Cannot start a two phase transaction when a transaction is already in progress.",
            ));
        }
        c.revalidate()?;
        c.emit_tx(TxOp::BeginTwophase);
        let fairy = c.fairy.as_ref().ok_or_else(|| exc::invalid(CLOSED))?;
        let begun = fairy.dbapi().begin_twophase(xid);
        if let Err(e) = begun {
            // _begin_twophase_impl -> _handle_dbapi_exception: outside a transaction
            // (the begin failed) and not a disconnect, the connection "autorollbacks"
            // (_rollback_impl: the `rollback` event, the DBAPI rollback)
            if !e.statement.as_ref().is_some_and(|s| s.connection_invalidated) {
                c.emit_tx(TxOp::Rollback);
                let _ = c.dbapi_call(|d| d.rollback());
            }
            return Err(e);
        }
        c.tx = Some(TxState { active: true, savepoints: Vec::new(), twophase: Some((xid.to_string(), false)) });
        Ok(())
    }

    /// `TwoPhaseTransaction.prepare()`.
    pub fn prepare_twophase(&self) -> exc::Result<()> {
        let mut c = self.0.borrow_mut();
        let xid = match c.tx.as_ref().and_then(|t| t.twophase.clone()) {
            Some((xid, false)) => xid,
            _ => {
                return Err(exc::invalid("'twophase' mode not enabled, or not root transaction; can't prepare."))
            }
        };
        c.revalidate()?;
        c.emit_tx(TxOp::Prepare);
        let fairy = c.fairy.as_ref().ok_or_else(|| exc::invalid(CLOSED))?;
        let result = fairy.dbapi().prepare_twophase(&xid);
        result?;
        if let Some(TxState { twophase: Some((_, prepared)), .. }) = &mut c.tx {
            *prepared = true;
        }
        Ok(())
    }

    /// Commit (`commit=true`) or roll back a two-phase transaction.
    pub fn finish_twophase(&self, commit: bool) -> exc::Result<()> {
        let mut c = self.0.borrow_mut();
        let Some((xid, prepared)) = c.tx.as_ref().and_then(|t| t.twophase.clone()) else {
            return Err(exc::invalid("This transaction is inactive"));
        };
        c.revalidate()?;
        c.emit_tx(if commit { TxOp::CommitPrepared } else { TxOp::RollbackPrepared });
        let fairy = c.fairy.as_ref().ok_or_else(|| exc::invalid(CLOSED))?;
        let result = if commit {
            fairy.dbapi().commit_twophase(&xid, prepared)
        } else {
            fairy.dbapi().rollback_twophase(&xid, prepared)
        };
        c.tx = None;
        result
    }

    /// `Connection.close()`: roll back an open transaction, then return the DBAPI
    /// connection to the pool (which resets it). Closing twice is harmless.
    pub fn close(&self) -> exc::Result<()> {
        let mut c = self.0.borrow_mut();
        let result = if c.tx.is_some() { c.rollback_root() } else { Ok(()) };
        c.tx = None;
        if let Some(fairy) = c.fairy.take() {
            fairy.checkin();
        }
        c.can_reconnect = false;
        result
    }

    /// `Connection.invalidate()`: close the DBAPI connection for real. The next
    /// statement reconnects, unless a transaction is open (then rollback() first).
    pub fn invalidate(&self) -> exc::Result<()> {
        let mut c = self.0.borrow_mut();
        if c.fairy.is_none() {
            return if c.can_reconnect { Ok(()) } else { Err(Error::new(ErrorKind::ResourceClosedError, CLOSED)) };
        }
        if let Some(fairy) = c.fairy.take() {
            fairy.invalidate();
        }
        Ok(())
    }
}

impl ConnInner {
    fn emit_tx(&self, op: TxOp) {
        self.engine.events().emit(Event::Tx { op, name: None });
    }
    fn emit_tx_named(&self, op: TxOp, name: &str) {
        self.engine.events().emit(Event::Tx { op, name: Some(name.to_string()) });
    }

    fn invalid_transaction(&self) -> Error {
        let nested = self.tx.as_ref().is_some_and(|t| !t.savepoints.is_empty());
        Error::new(
            ErrorKind::PendingRollbackError,
            format!(
                "Can't reconnect until invalid {}transaction is rolled back.  Please rollback() fully before proceeding (Background on this error at: https://sqlalche.me/e/21/8s2b)",
                if nested { "savepoint " } else { "" }
            ),
        )
    }

    /// `_revalidate_connection`: reconnect an invalidated connection, unless a
    /// transaction must be rolled back first or the connection was closed.
    fn revalidate(&mut self) -> exc::Result<()> {
        if self.fairy.is_some() {
            return Ok(());
        }
        if !self.can_reconnect {
            return Err(Error::new(ErrorKind::ResourceClosedError, CLOSED));
        }
        if self.tx.is_some() {
            return Err(self.invalid_transaction());
        }
        self.fairy = Some(self.engine.pool().connect()?);
        Ok(())
    }

    /// Before a statement: a live DBAPI connection and a transaction (autobegin).
    fn ensure_ready(&mut self) -> exc::Result<()> {
        self.revalidate()?;
        if self.tx.as_ref().is_some_and(|t| !t.active) {
            return Err(self.invalid_transaction());
        }
        if self.tx.is_none() {
            self.begin_root()?;
        }
        Ok(())
    }

    /// Start the root transaction. The `begin` event follows a successful BEGIN, as
    /// in the conformance oracle (whose SQLite listener sends BEGIN before its tracer
    /// records the event); a failed BEGIN leaves no transaction.
    fn begin_root(&mut self) -> exc::Result<()> {
        let sql = self.engine.dialect().begin_sql();
        let result = self.dbapi_call(|d| d.begin());
        result.map_err(|e| self.handle_dbapi_error(e, sql, String::new))?;
        self.tx = Some(TxState { active: true, savepoints: Vec::new(), twophase: None });
        self.emit_tx(TxOp::Begin);
        Ok(())
    }

    /// Roll back the root transaction. An inactive one (after a failed COMMIT) is
    /// closed without a `rollback` event, as SQLAlchemy's `_close_impl`; the DBAPI
    /// rollback is still sent quietly so the database is not left mid-transaction.
    fn rollback_root(&mut self) -> exc::Result<()> {
        let Some(tx) = &self.tx else { return Ok(()) };
        if !tx.active {
            let _ = self.dbapi_call(|d| d.rollback());
            self.tx = None;
            return Ok(());
        }
        self.emit_tx(TxOp::Rollback);
        let mut result = Ok(());
        if self.fairy.is_some() {
            result = self.dbapi_call(|d| d.rollback()).map_err(|e| self.handle_dbapi_error(e, "", String::new));
        }
        self.tx = None;
        result
    }

    fn savepoint_position(&self, name: &str) -> exc::Result<usize> {
        self.tx
            .as_ref()
            .and_then(|t| t.savepoints.iter().position(|s| s == name))
            .ok_or_else(|| exc::invalid("This nested transaction is inactive"))
    }

    fn dbapi_call<T>(
        &self,
        f: impl FnOnce(&mut dyn crate::engine::driver::DbapiConnection) -> Result<T, DriverError>,
    ) -> Result<T, DriverError> {
        match &self.fairy {
            Some(fairy) => f(&mut **fairy.dbapi()),
            None => Err(DriverError::new(ErrorKind::ResourceClosedError, "", CLOSED)),
        }
    }

    /// `_handle_dbapi_exception`: wrap the driver error (`statement` "" for COMMIT and
    /// ROLLBACK, which SQLAlchemy reports without an `[SQL: …]` line); on a disconnect, mark every
    /// pooled connection older than now invalid and invalidate this one.
    fn handle_dbapi_error(&mut self, err: DriverError, statement: &str, params: impl FnOnce() -> String) -> Error {
        if err.kind == ErrorKind::ResourceClosedError {
            return Error::new(ErrorKind::ResourceClosedError, err.message);
        }
        let disconnect = match &self.fairy {
            Some(fairy) => err.disconnect || fairy.dbapi().is_disconnect(&err),
            None => err.disconnect,
        };
        if disconnect {
            if let Some(fairy) = self.fairy.take() {
                fairy.pool().invalidate_all_before_now();
                fairy.invalidate();
            }
        }
        err.wrap(statement, &params(), disconnect)
    }
}
