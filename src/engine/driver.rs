//! The DBAPI seam: what the engine needs from a database driver, and how driver
//! errors become SQLAlchemy's exception classes.
//!
//! Mirrors PEP 249 as SQLAlchemy uses it (`engine/interfaces.py` `DBAPIConnection`,
//! `Dialect.do_begin/do_commit/do_rollback/do_savepoint/do_ping/is_disconnect`) and
//! `sqlalchemy/exc.py` `DBAPIError.instance` (wrapping a driver error with the
//! statement and its parameters). One implementation per backend: `sqlite.rs`;
//! PostgreSQL (`postgres` crate) and MySQL/MariaDB (`mysql` crate), implemented by
//! implementing [`DbapiConnection`] (`postgres.rs`, `mysql.rs`), each chosen by [`connect`].
//!
//! Transaction-control SQL comes from the connection's dialect
//! ([`Dialect::savepoint_sql`] …), so the drivers and the `Connection` never
//! spell it themselves.

use crate::engine::url::{Backend, Url};
use crate::exc::{self, Error, ErrorKind, StatementInfo};
use crate::sql::dialect::{Dialect, MARIADB, MYSQL, POSTGRESQL, SQLITE};
use crate::sql::value::Value;

/// What one statement returned: the cursor's `description` names, all rows,
/// `rowcount` (-1 when the driver does not know, as DBAPI says) and `lastrowid`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResultSet {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    pub rowcount: i64,
    pub lastrowid: Option<i64>,
}

/// A driver-level error, before the engine wraps it (the `orig` of a `DBAPIError`).
#[derive(Clone, Debug, PartialEq)]
pub struct DriverError {
    /// The DBAPI exception class it maps to (`IntegrityError`, `OperationalError` …).
    pub kind: ErrorKind,
    /// The driver's qualified class name as SQLAlchemy prints it (`sqlite3.IntegrityError`).
    pub orig: String,
    /// The driver's own message (`UNIQUE constraint failed: users.name`).
    pub message: String,
    /// The dialect's `is_disconnect()` verdict: the connection is unusable.
    pub disconnect: bool,
}

impl DriverError {
    pub fn new(kind: ErrorKind, orig: impl Into<String>, message: impl Into<String>) -> DriverError {
        DriverError { kind, orig: orig.into(), message: message.into(), disconnect: false }
    }

    /// Wrap as SQLAlchemy's `DBAPIError.instance` does: same class, the driver's
    /// message, the statement and the Python repr of its parameters.
    pub fn wrap(self, statement: &str, params: &str, invalidated: bool) -> Error {
        Error::new(self.kind, self.message).with_statement(StatementInfo {
            statement: statement.to_string(),
            params: params.to_string(),
            connection_invalidated: invalidated,
            orig: self.orig,
        })
    }
}

/// The rows of an `executemany`, or one execution's parameters.
pub type Row = Vec<Value>;

/// A PEP 249 connection as the engine sees it. Transaction control is explicit:
/// drivers run in autocommit mode and the engine calls `begin`/`commit`/…, whose
/// SQL comes from the dialect (SQLAlchemy's conformance oracle runs pysqlite the same
/// way: `isolation_level=None` plus an explicit `BEGIN`).
pub trait DbapiConnection {
    fn backend(&self) -> Backend;
    /// The dialect the server calls for: the backend's, except that a `mysql://`
    /// URL reaching a MariaDB server is served as MariaDB (SQLAlchemy's `is_mariadb`:
    /// RETURNING, MariaDB's reserved words; `MysqlConnection` says so).
    fn dialect(&self) -> &'static dyn Dialect {
        backend_dialect(self.backend())
    }
    /// Run one statement with positional parameters (`?` for SQLite, `%s` for the
    /// others, as the dialect's paramstyle says).
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<ResultSet, DriverError>;
    /// `cursor.executemany`: the same statement once per row; returns the summed
    /// rowcount.
    fn execute_many(&mut self, sql: &str, rows: &[Row]) -> Result<i64, DriverError>;
    /// `execute` once per parameter row, in order, each result handed to `each`
    /// (its row index and result) before the next row runs; `each` returning
    /// false stops the run. An error stops it too and comes with the index of
    /// the row that failed. The same as calling `execute` in a loop; a driver
    /// may prepare the statement once for all rows (SQLite does).
    fn execute_each(
        &mut self,
        sql: &str,
        rows: &[&[Value]],
        each: &mut dyn FnMut(usize, ResultSet) -> bool,
    ) -> Result<(), (usize, DriverError)> {
        for (i, params) in rows.iter().enumerate() {
            let rs = self.execute(sql, params).map_err(|e| (i, e))?;
            if !each(i, rs) {
                break;
            }
        }
        Ok(())
    }
    /// Open a cursor over the rows of `sql` for [`Self::fetch_cursor`]: the
    /// statement runs, its rows are read as they are fetched (pysqlite steps
    /// the statement on `fetchmany`). Returns the cursor's id and its column
    /// names. `None`: this driver reads a reply whole, and the engine keeps
    /// the `execute` result as the cursor's buffer instead. `stream`: the
    /// statement has `stream_results` (SQLAlchemy's `yield_per` sets it), for
    /// which the server drivers use a server-side cursor (psycopg2's named
    /// cursor, PyMySQL's unbuffered `SSCursor`); without it they read the reply whole.
    fn open_cursor(&mut self, _sql: &str, _params: &[Value], _stream: bool) -> Option<Result<(u64, Vec<String>), DriverError>> {
        None
    }
    /// Up to `n` more rows of cursor `id`, each handed to `each` as it is
    /// read (`each` returning false stops early); the number of rows given.
    /// Fewer than `n` means the cursor is exhausted (and closed).
    fn fetch_cursor(&mut self, _id: u64, _n: usize, _each: &mut dyn FnMut(Vec<Value>) -> bool) -> Result<usize, DriverError> {
        Ok(0)
    }
    /// Close cursor `id` (a no-op when it is closed already).
    fn close_cursor(&mut self, _id: u64) {}
    fn begin(&mut self) -> Result<(), DriverError>;
    /// `connection.commit()`: a no-op when no transaction is open (as pysqlite).
    fn commit(&mut self) -> Result<(), DriverError>;
    /// `connection.rollback()`: a no-op when no transaction is open.
    fn rollback(&mut self) -> Result<(), DriverError>;
    /// True (once) when the last `commit()` in fact ended the transaction with
    /// a rollback: PostgreSQL answers COMMIT of a failed transaction with
    /// ROLLBACK and no error, and psycopg2 reports success.
    fn take_commit_rolled_back(&mut self) -> bool {
        false
    }
    fn savepoint(&mut self, name: &str) -> Result<(), DriverError> {
        self.execute(&self.dialect().savepoint_sql(name), &[]).map(|_| ())
    }
    fn release_savepoint(&mut self, name: &str) -> Result<(), DriverError> {
        self.execute(&self.dialect().release_savepoint_sql(name), &[]).map(|_| ())
    }
    fn rollback_to_savepoint(&mut self, name: &str) -> Result<(), DriverError> {
        self.execute(&self.dialect().rollback_to_savepoint_sql(name), &[]).map(|_| ())
    }
    /// Two-phase hooks (`do_begin_twophase`, `do_prepare_twophase`, …). The default is
    /// SQLAlchemy's base `Dialect`: `NotImplementedError` with an empty message.
    fn begin_twophase(&mut self, _xid: &str) -> exc::Result<()> {
        Err(exc::not_implemented(""))
    }
    fn prepare_twophase(&mut self, _xid: &str) -> exc::Result<()> {
        Err(exc::not_implemented(""))
    }
    fn commit_twophase(&mut self, _xid: &str, _is_prepared: bool) -> exc::Result<()> {
        Err(exc::not_implemented(""))
    }
    fn rollback_twophase(&mut self, _xid: &str, _is_prepared: bool) -> exc::Result<()> {
        Err(exc::not_implemented(""))
    }
    /// `Dialect.do_ping`: `Ok(true)` alive, `Ok(false)` a disconnect, `Err` any
    /// other failure (which SQLAlchemy re-raises).
    fn ping(&mut self) -> Result<bool, DriverError> {
        match self.execute("SELECT 1", &[]) {
            Ok(_) => Ok(true),
            Err(e) if e.disconnect => Ok(false),
            Err(e) => Err(e),
        }
    }
    /// Close for real. Errors are swallowed, as the pool does.
    fn close(&mut self);
    /// `Dialect.is_disconnect` for an error this driver raised.
    fn is_disconnect(&self, err: &DriverError) -> bool {
        err.disconnect
    }
}

/// How `create_engine(isolation_level=…)` is applied to each new connection.
pub fn valid_isolation_levels(backend: Backend) -> &'static [&'static str] {
    match backend {
        Backend::Sqlite => &["READ UNCOMMITTED", "SERIALIZABLE", "AUTOCOMMIT"],
        Backend::Postgresql => {
            &["AUTOCOMMIT", "READ COMMITTED", "READ UNCOMMITTED", "REPEATABLE READ", "SERIALIZABLE"]
        }
        Backend::Mysql | Backend::Mariadb => {
            &["SERIALIZABLE", "READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ", "AUTOCOMMIT"]
        }
    }
}

/// SQLAlchemy's check of an isolation level name (`_check_isolation_level`):
/// underscores read as spaces, case-insensitive.
pub fn check_isolation_level(backend: Backend, level: &str) -> exc::Result<String> {
    let norm = level.replace('_', " ").to_uppercase();
    let valid = valid_isolation_levels(backend);
    if valid.contains(&norm.as_str()) {
        Ok(norm)
    } else {
        Err(exc::argument_error(format!(
            "Invalid value '{}' for isolation_level. Valid isolation levels for '{}' are {}",
            level,
            backend.name(),
            valid.join(", ")
        )))
    }
}

/// Options a driver needs when it opens a connection.
#[derive(Clone, Debug, Default)]
pub struct ConnectOptions {
    /// Normalized isolation level (`check_isolation_level`).
    pub isolation_level: Option<String>,
    /// SQLite `PRAGMA foreign_keys`; `None` leaves it as pysqlite does (off).
    pub sqlite_foreign_keys: Option<bool>,
}

/// Open a DBAPI connection for `url` (the pool's "creator").
pub fn connect(url: &Url, opts: &ConnectOptions) -> exc::Result<Box<dyn DbapiConnection>> {
    match url.backend() {
        Backend::Sqlite => {
            let conn = crate::engine::sqlite::SqliteConnection::open(url, opts).map_err(wrap_connect)?;
            Ok(Box::new(conn))
        }
        Backend::Postgresql => {
            let conn = crate::engine::postgres::PostgresConnection::open(url, opts).map_err(wrap_connect)?;
            Ok(Box::new(conn))
        }
        Backend::Mysql | Backend::Mariadb => {
            let conn = crate::engine::mysql::MysqlConnection::open(url, opts).map_err(wrap_connect)?;
            Ok(Box::new(conn))
        }
    }
}

/// A connect failure as SQLAlchemy raises it (no statement, not invalidated).
fn wrap_connect(e: DriverError) -> Error {
    e.wrap("", "", false)
}

/// The dialect of a URL backend (a `mysql://` URL before its server said it is MariaDB: MySQL's).
pub fn backend_dialect(backend: Backend) -> &'static dyn Dialect {
    match backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgresql => &POSTGRESQL,
        Backend::Mysql => &MYSQL,
        Backend::Mariadb => &MARIADB,
    }
}

pub use crate::sql::dialect::TwoPhaseStep;

pub use crate::sql::repr_params::{repr_many_params, repr_params};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isolation_levels_checked() {
        assert_eq!(check_isolation_level(Backend::Sqlite, "autocommit").unwrap(), "AUTOCOMMIT");
        assert_eq!(check_isolation_level(Backend::Sqlite, "read_uncommitted").unwrap(), "READ UNCOMMITTED");
        let e = check_isolation_level(Backend::Sqlite, "FOO").unwrap_err();
        assert_eq!(e.kind, ErrorKind::ArgumentError);
        assert_eq!(
            e.message,
            "Invalid value 'FOO' for isolation_level. Valid isolation levels for 'sqlite' are READ UNCOMMITTED, SERIALIZABLE, AUTOCOMMIT"
        );
    }

    #[test]
    fn twophase_sql_per_backend() {
        assert!(backend_dialect(Backend::Sqlite).twophase_sql(TwoPhaseStep::Prepare, "x").is_empty());
        assert_eq!(backend_dialect(Backend::Postgresql).twophase_sql(TwoPhaseStep::Prepare, "x"), vec!["PREPARE TRANSACTION 'x'"]);
        assert_eq!(backend_dialect(Backend::Mysql).twophase_sql(TwoPhaseStep::Prepare, "x"), vec!["XA END 'x'", "XA PREPARE 'x'"]);
        assert_eq!(backend_dialect(Backend::Mariadb).twophase_sql(TwoPhaseStep::CommitPrepared, "it's"), vec!["XA COMMIT 'it''s'"]);
    }
}
