//! The SQLite driver: a [`DbapiConnection`] over rusqlite (bundled libsqlite3).
//!
//! Behaves as Python's `sqlite3` module does under SQLAlchemy's `pysqlite` dialect
//! with the conformance oracle's recipe (`isolation_level=None`, explicit `BEGIN`):
//! the same error classes and messages (`_sqlite/util.c` result-code mapping,
//! "Incorrect number of bindings supplied…", "You can only execute one statement at
//! a time."), `rowcount` -1 except for DML, `lastrowid` after INSERT/REPLACE,
//! `commit()`/`rollback()` doing nothing outside a transaction, and the 5 s busy
//! timeout. `PRAGMA foreign_keys` is set explicitly on every connection (off by
//! default, as pysqlite against a stock libsqlite3; the bundled build would
//! otherwise turn it on).
//!
//! Statements are prepared through rusqlite's per-connection cache (256 entries):
//! an ORM flush runs the same INSERT many thousands of times.
//!
//! Called only through `driver::connect` and the pool.

use crate::engine::cancel::{self, Canceller};
use crate::engine::driver::{ConnectOptions, DbapiConnection, DriverError, ResultSet, Row};
use crate::sql::dialect::{Dialect, SQLITE};
use crate::engine::url::{Backend, Url};
use crate::exc::ErrorKind;
use crate::sql::value::Value;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{ffi, OpenFlags};
use std::sync::Arc;

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 256;

/// One SQLite database connection.
pub struct SqliteConnection {
    /// Open cursors (`open_cursor`), by id. Declared before `conn`: they
    /// borrow it, and fields drop in declaration order.
    cursors: Vec<(u64, SqliteCursor)>,
    next_cursor: u64,
    /// `None` once closed: every call then fails as pysqlite does on a closed database.
    conn: Option<rusqlite::Connection>,
    /// `isolation_level="AUTOCOMMIT"`: BEGIN/COMMIT/ROLLBACK are not sent.
    autocommit: bool,
    /// What the last statement text was found to be (see [`SqlShape`]): a flush
    /// runs one text many thousands of times, and scanning it for a second
    /// statement and its first keyword each time cost ~1 000 instructions.
    last_shape: Option<(String, SqlShape)>,
    /// `sqlite3_interrupt` for this connection (pysqlite's `interrupt()`), for Ctrl-C.
    interrupt: Canceller,
}

/// A statement being stepped as its rows are fetched: the prepared statement
/// (boxed, so its address is stable) and rusqlite's `Rows` over it. Both
/// borrow the connection; the `'static` lifetimes are a promise kept by
/// [`SqliteConnection`]: a cursor is dropped before its connection (field
/// order, and `close()` drops the cursors first), and `rows` before `stmt`
/// (this type's `Drop`).
struct SqliteCursor {
    rows: Option<rusqlite::Rows<'static>>,
    stmt: *mut rusqlite::Statement<'static>,
    ncols: usize,
}

impl Drop for SqliteCursor {
    fn drop(&mut self) {
        // resets the statement while it is alive, then frees it
        self.rows = None;
        // SAFETY: `stmt` came from `Box::into_raw` in `open_cursor` and is freed once, here
        unsafe { drop(Box::from_raw(self.stmt)) };
    }
}

/// What the driver needs to know of a statement text before running it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct SqlShape {
    /// pysqlite's `is_dml` (rowcount is reported).
    dml: bool,
    /// INSERT or REPLACE (lastrowid is reported).
    insert: bool,
}

impl SqliteConnection {
    /// Open the database the URL names (`:memory:` when it names none).
    pub fn open(url: &Url, opts: &ConnectOptions) -> Result<SqliteConnection, DriverError> {
        let conn = if url.is_sqlite_memory() {
            rusqlite::Connection::open_in_memory().map_err(|e| map_error(&e))?
        } else {
            let path = url.database().unwrap_or_default();
            // pysqlite opens read-write, creating the file; no URI parsing unless asked.
            let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            if url.query_value("uri") == Some("true") {
                flags |= OpenFlags::SQLITE_OPEN_URI;
            }
            rusqlite::Connection::open_with_flags(path, flags).map_err(|e| {
                // rusqlite appends the path; pysqlite's message is SQLite's alone.
                let mut err = map_error(&e);
                if let Some(stripped) = err.message.strip_suffix(&format!(": {path}")) {
                    err.message = stripped.to_string();
                }
                err
            })?
        };
        // pysqlite's `timeout` (default 5 s) and `cached_statements` (URL options)
        let busy = crate::engine::url_options::sqlite_timeout(url)
            .map_err(|e| DriverError::new(ErrorKind::ProgrammingError, "sqlite3.ProgrammingError", e.message.clone()))?;
        conn.busy_timeout(busy).map_err(|e| map_error(&e))?;
        let cache = url.query_value("cached_statements").and_then(|v| v.parse().ok()).unwrap_or(STATEMENT_CACHE);
        conn.set_prepared_statement_cache_capacity(cache);
        let fk = if opts.sqlite_foreign_keys == Some(true) { "ON" } else { "OFF" };
        conn.execute_batch(&format!("PRAGMA foreign_keys = {fk}")).map_err(|e| map_error(&e))?;
        let mut autocommit = false;
        match opts.isolation_level.as_deref() {
            Some("AUTOCOMMIT") => autocommit = true,
            Some("READ UNCOMMITTED") => {
                conn.execute_batch("PRAGMA read_uncommitted = 1").map_err(|e| map_error(&e))?
            }
            Some("SERIALIZABLE") => {
                conn.execute_batch("PRAGMA read_uncommitted = 0").map_err(|e| map_error(&e))?
            }
            _ => {}
        }
        let handle = conn.get_interrupt_handle();
        let interrupt: Canceller = Arc::new(move || handle.interrupt());
        Ok(SqliteConnection { cursors: Vec::new(), next_cursor: 0, conn: Some(conn), autocommit, last_shape: None, interrupt })
    }

    fn db(&self) -> Result<&rusqlite::Connection, DriverError> {
        self.conn.as_ref().ok_or_else(|| {
            let mut e = DriverError::new(
                ErrorKind::ProgrammingError,
                "sqlite3.ProgrammingError",
                "Cannot operate on a closed database.",
            );
            // pysqlite's is_disconnect: exactly this ProgrammingError.
            e.disconnect = true;
            e
        })
    }

    /// Run a transaction-control statement directly (not through the cache).
    fn control(&mut self, sql: &str) -> Result<(), DriverError> {
        let _running = cancel::running(&self.interrupt);
        self.db()?.execute_batch(sql).map_err(|e| map_error(&e))
    }

    fn in_transaction(&self) -> Result<bool, DriverError> {
        Ok(!self.db()?.is_autocommit())
    }

    /// Check that `sql` is one statement and classify it, remembering the
    /// answer for the next call with the same text.
    fn shape(&mut self, sql: &str) -> Result<SqlShape, DriverError> {
        if let Some((text, shape)) = &self.last_shape {
            if text == sql {
                return Ok(*shape);
            }
        }
        check_single_statement(sql)?;
        let shape = SqlShape { dml: is_dml(sql), insert: is_insert(sql) };
        self.last_shape = Some((sql.to_string(), shape));
        Ok(shape)
    }
}

impl DbapiConnection for SqliteConnection {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<ResultSet, DriverError> {
        self.db()?; // a closed connection fails first, as in pysqlite
        let shape = self.shape(sql)?;
        let db = self.db()?;
        let mut stmt = db.prepare_cached(sql).map_err(|e| map_error(&e))?;
        bind_all(&mut stmt, params)?;
        let _running = cancel::running(&self.interrupt);
        run_bound(db, &mut stmt, shape)
    }

    /// One prepared statement for every row (rusqlite's statement cache is
    /// asked once, not per row: a lookup and a put-back cost ~1 000 instructions).
    fn execute_each(
        &mut self,
        sql: &str,
        rows: &[&[Value]],
        each: &mut dyn FnMut(usize, ResultSet) -> bool,
    ) -> Result<(), (usize, DriverError)> {
        if rows.is_empty() {
            return Ok(());
        }
        self.db().map_err(|e| (0, e))?;
        let shape = self.shape(sql).map_err(|e| (0, e))?;
        let db = self.db().map_err(|e| (0, e))?;
        let mut stmt = db.prepare_cached(sql).map_err(|e| (0, map_error(&e)))?;
        let _running = cancel::running(&self.interrupt);
        for (i, params) in rows.iter().enumerate() {
            bind_all(&mut stmt, params).map_err(|e| (i, e))?;
            let rs = run_bound(db, &mut stmt, shape).map_err(|e| (i, e))?;
            if !each(i, rs) {
                break;
            }
        }
        Ok(())
    }

    fn execute_many(&mut self, sql: &str, rows: &[Row]) -> Result<i64, DriverError> {
        self.db()?;
        let shape = self.shape(sql)?;
        let db = self.db()?;
        if !shape.dml {
            return Err(DriverError::new(
                ErrorKind::ProgrammingError,
                "sqlite3.ProgrammingError",
                "executemany() can only execute DML statements.",
            ));
        }
        let mut stmt = db.prepare_cached(sql).map_err(|e| map_error(&e))?;
        let _running = cancel::running(&self.interrupt);
        let mut total = 0i64;
        for row in rows {
            bind_all(&mut stmt, row)?;
            if stmt.column_count() == 0 {
                stmt.raw_execute().map_err(|e| map_error(&e))?;
            } else {
                let mut r = stmt.raw_query();
                while r.next().map_err(|e| map_error(&e))?.is_some() {}
            }
            total += db.changes() as i64;
        }
        Ok(total)
    }

    fn begin(&mut self) -> Result<(), DriverError> {
        if self.autocommit {
            return Ok(());
        }
        self.control(SQLITE.begin_sql())
    }

    fn commit(&mut self) -> Result<(), DriverError> {
        if self.in_transaction()? {
            self.control(SQLITE.commit_sql())?;
        }
        Ok(())
    }

    fn rollback(&mut self) -> Result<(), DriverError> {
        if self.in_transaction()? {
            self.control(SQLITE.rollback_sql())?;
        }
        Ok(())
    }

    fn savepoint(&mut self, name: &str) -> Result<(), DriverError> {
        self.control(&SQLITE.savepoint_sql(name))
    }

    fn release_savepoint(&mut self, name: &str) -> Result<(), DriverError> {
        self.control(&SQLITE.release_savepoint_sql(name))
    }

    fn rollback_to_savepoint(&mut self, name: &str) -> Result<(), DriverError> {
        self.control(&SQLITE.rollback_to_savepoint_sql(name))
    }

    fn open_cursor(&mut self, sql: &str, params: &[Value], _stream: bool) -> Option<Result<(u64, Vec<String>), DriverError>> {
        Some((|| {
            self.db()?;
            self.shape(sql)?;
            let db = self.db()?;
            let stmt = db.prepare(sql).map_err(|e| map_error(&e))?;
            // SAFETY: see `SqliteCursor`: the statement never outlives the connection
            let stmt: rusqlite::Statement<'static> = unsafe { std::mem::transmute::<rusqlite::Statement<'_>, rusqlite::Statement<'static>>(stmt) };
            let ptr = Box::into_raw(Box::new(stmt));
            let mut cur = SqliteCursor { rows: None, stmt: ptr, ncols: 0 };
            // SAFETY: `ptr` is live until `cur` drops; `rows` is dropped first
            let stmt = unsafe { &mut *ptr };
            bind_params(stmt, params)?;
            cur.ncols = stmt.column_count();
            let columns = stmt.column_names().into_iter().map(str::to_string).collect();
            cur.rows = Some(stmt.raw_query());
            let id = self.next_cursor;
            self.next_cursor += 1;
            self.cursors.push((id, cur));
            Ok((id, columns))
        })())
    }

    fn fetch_cursor(&mut self, id: u64, n: usize, each: &mut dyn FnMut(Vec<Value>) -> bool) -> Result<usize, DriverError> {
        self.db()?;
        let Some(pos) = self.cursors.iter().position(|(c, _)| *c == id) else { return Ok(0) };
        let _running = cancel::running(&self.interrupt);
        let cur = &mut self.cursors[pos].1;
        let ncols = cur.ncols;
        let mut given = 0;
        let mut exhausted = false;
        if let Some(rows) = cur.rows.as_mut() {
            while given < n {
                match rows.next().map_err(|e| map_error(&e))? {
                    Some(row) => {
                        let mut out = Vec::with_capacity(ncols);
                        for i in 0..ncols {
                            out.push(from_sqlite(row.get_ref(i).map_err(|e| map_error(&e))?));
                        }
                        given += 1;
                        if !each(out) {
                            break;
                        }
                    }
                    None => {
                        exhausted = true;
                        break;
                    }
                }
            }
        } else {
            exhausted = true;
        }
        if exhausted {
            self.cursors.remove(pos);
        }
        Ok(given)
    }

    fn close_cursor(&mut self, id: u64) {
        self.cursors.retain(|(c, _)| *c != id);
    }

    fn close(&mut self) {
        self.cursors.clear();
        if let Some(conn) = self.conn.take() {
            let _ = conn.close();
        }
    }
}

/// Run a statement whose parameters are bound: its rows (all of them), rowcount
/// for DML and lastrowid for INSERT, as pysqlite's cursor reports them.
fn run_bound(db: &rusqlite::Connection, stmt: &mut rusqlite::CachedStatement<'_>, shape: SqlShape) -> Result<ResultSet, DriverError> {
    let ncols = stmt.column_count();
    let mut result = ResultSet { rowcount: -1, ..ResultSet::default() };
    if ncols == 0 {
        stmt.raw_execute().map_err(|e| map_error(&e))?;
    } else {
        result.columns = stmt.column_names().into_iter().map(str::to_string).collect();
        let mut rows = stmt.raw_query();
        while let Some(row) = rows.next().map_err(|e| map_error(&e))? {
            let mut out = Vec::with_capacity(ncols);
            for i in 0..ncols {
                out.push(from_sqlite(row.get_ref(i).map_err(|e| map_error(&e))?));
            }
            result.rows.push(out);
        }
    }
    if shape.dml {
        result.rowcount = db.changes() as i64;
        if shape.insert {
            result.lastrowid = Some(db.last_insert_rowid());
        }
    }
    Ok(result)
}

fn bind_all(stmt: &mut rusqlite::CachedStatement<'_>, params: &[Value]) -> Result<(), DriverError> {
    bind_params(stmt, params)
}

fn bind_params(stmt: &mut rusqlite::Statement<'_>, params: &[Value]) -> Result<(), DriverError> {
    let expected = stmt.parameter_count();
    if expected != params.len() {
        return Err(DriverError::new(
            ErrorKind::ProgrammingError,
            "sqlite3.ProgrammingError",
            format!(
                "Incorrect number of bindings supplied. The current statement uses {expected}, and there are {} supplied.",
                params.len()
            ),
        ));
    }
    for (i, v) in params.iter().enumerate() {
        stmt.raw_bind_parameter(i + 1, to_sqlite(v)).map_err(|e| map_error(&e))?;
    }
    Ok(())
}

/// A value as pysqlite would send it after SQLAlchemy's SQLite bind processing:
/// booleans as 0/1, Decimal as float, dates and times as SQLAlchemy's SQLite
/// storage formats, JSON as `json.dumps` text.
fn to_sqlite(v: &Value) -> ToSqlOutput<'_> {
    use rusqlite::types::Value as Sv;
    match v {
        Value::Null => ToSqlOutput::Owned(Sv::Null),
        Value::Bool(b) => ToSqlOutput::Owned(Sv::Integer(*b as i64)),
        Value::Int(i) => ToSqlOutput::Owned(Sv::Integer(*i)),
        Value::Float(f) => ToSqlOutput::Owned(Sv::Real(*f)),
        Value::Decimal(d) => {
            use rust_decimal::prelude::ToPrimitive;
            ToSqlOutput::Owned(d.to_f64().map(Sv::Real).unwrap_or_else(|| Sv::Text(d.to_string())))
        }
        Value::Str(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        Value::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        Value::Date(d) => ToSqlOutput::Owned(Sv::Text(d.format("%Y-%m-%d").to_string())),
        Value::DateTime(dt) => ToSqlOutput::Owned(Sv::Text(dt.format("%Y-%m-%d %H:%M:%S%.6f").to_string())),
        Value::Time(t) => ToSqlOutput::Owned(Sv::Text(t.format("%H:%M:%S%.6f").to_string())),
        Value::Json(j) => ToSqlOutput::Owned(Sv::Text(py_json_dumps(j))),
    }
}

fn from_sqlite(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Float(f),
        // valid UTF-8 (nearly always) is checked by std's word-at-a-time validator;
        // `from_utf8_lossy`'s chunk iterator cost ~200 instructions per cell
        ValueRef::Text(t) => Value::Str(match std::str::from_utf8(t) {
            Ok(s) => s.to_owned(),
            Err(_) => String::from_utf8_lossy(t).into_owned(),
        }),
        ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
    }
}

/// Python's `json.dumps` default text: one implementation, in the SQL layer.
pub use crate::sql::dialect::py_json_dumps;

/// The first keyword of a statement, after blanks and comments (pysqlite's
/// `lstrip_sql`), as written (compare with `eq_ignore_ascii_case`). Borrowed,
/// not allocated: it is asked on every execution of every statement.
fn first_keyword(sql: &str) -> &str {
    let rest = skip_blanks_and_comments(sql);
    let end = rest.bytes().position(|b| !b.is_ascii_alphabetic()).unwrap_or(rest.len());
    &rest[..end]
}

fn keyword_in(sql: &str, words: &[&str]) -> bool {
    let k = first_keyword(sql);
    words.iter().any(|w| k.eq_ignore_ascii_case(w))
}

/// pysqlite's `is_dml`: INSERT, UPDATE, DELETE or REPLACE.
fn is_dml(sql: &str) -> bool {
    keyword_in(sql, &["INSERT", "UPDATE", "DELETE", "REPLACE"])
}

fn is_insert(sql: &str) -> bool {
    keyword_in(sql, &["INSERT", "REPLACE"])
}

fn skip_blanks_and_comments(mut s: &str) -> &str {
    loop {
        let t = s.trim_start();
        if let Some(r) = t.strip_prefix("--") {
            s = r.find('\n').map(|i| &r[i + 1..]).unwrap_or("");
        } else if let Some(r) = t.strip_prefix("/*") {
            s = r.find("*/").map(|i| &r[i + 2..]).unwrap_or("");
        } else {
            return t;
        }
    }
}

/// pysqlite refuses a second statement after the first (`check_remaining_sql`).
fn check_single_statement(sql: &str) -> Result<(), DriverError> {
    let bytes = sql.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    i += 1;
                }
            }
            b'[' => {
                while i < bytes.len() && bytes[i] != b']' {
                    i += 1;
                }
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b';' => {
                let tail = skip_blanks_and_comments(&sql[i + 1..]);
                let tail = tail.trim_start_matches(|c: char| c == ';' || c.is_whitespace());
                if !skip_blanks_and_comments(tail).is_empty() {
                    return Err(DriverError::new(
                        ErrorKind::ProgrammingError,
                        "sqlite3.ProgrammingError",
                        "You can only execute one statement at a time.",
                    ));
                }
                return Ok(());
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Python's `_sqlite/util.c` mapping of SQLite result codes to DBAPI classes.
fn map_error(e: &rusqlite::Error) -> DriverError {
    use rusqlite::Error as E;
    let (kind, message) = match e {
        E::SqliteFailure(err, _) | E::SqlInputError { error: err, .. } => {
            let msg = match e {
                E::SqliteFailure(_, m) => m.clone(),
                E::SqlInputError { msg, .. } => Some(msg.clone()),
                _ => None,
            };
            let kind = match err.extended_code & 0xff {
                ffi::SQLITE_INTERNAL | ffi::SQLITE_NOTFOUND => ErrorKind::InternalError,
                ffi::SQLITE_ERROR
                | ffi::SQLITE_PERM
                | ffi::SQLITE_ABORT
                | ffi::SQLITE_BUSY
                | ffi::SQLITE_LOCKED
                | ffi::SQLITE_READONLY
                | ffi::SQLITE_INTERRUPT
                | ffi::SQLITE_IOERR
                | ffi::SQLITE_FULL
                | ffi::SQLITE_CANTOPEN
                | ffi::SQLITE_PROTOCOL
                | ffi::SQLITE_EMPTY
                | ffi::SQLITE_SCHEMA
                | ffi::SQLITE_NOMEM => ErrorKind::OperationalError,
                ffi::SQLITE_CORRUPT => ErrorKind::DatabaseError,
                ffi::SQLITE_TOOBIG => ErrorKind::DataError,
                ffi::SQLITE_CONSTRAINT | ffi::SQLITE_MISMATCH => ErrorKind::IntegrityError,
                ffi::SQLITE_MISUSE | ffi::SQLITE_RANGE => ErrorKind::InterfaceError,
                _ => ErrorKind::DatabaseError,
            };
            let message = msg.unwrap_or_else(|| ffi::code_to_str(err.extended_code).to_string());
            (kind, message)
        }
        E::MultipleStatement => {
            (ErrorKind::ProgrammingError, "You can only execute one statement at a time.".to_string())
        }
        E::InvalidParameterCount(given, expected) => (
            ErrorKind::ProgrammingError,
            format!(
                "Incorrect number of bindings supplied. The current statement uses {expected}, and there are {given} supplied."
            ),
        ),
        E::Utf8Error(_) | E::NulError(_) => (ErrorKind::ProgrammingError, e.to_string()),
        E::InvalidPath(_) => (ErrorKind::OperationalError, "unable to open database file".to_string()),
        other => (ErrorKind::DatabaseError, other.to_string()),
    };
    DriverError::new(kind, format!("sqlite3.{}", kind.name()), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mem() -> SqliteConnection {
        let url = Url::parse("sqlite://").unwrap();
        SqliteConnection::open(&url, &ConnectOptions::default()).unwrap()
    }

    /// A cursor steps its statement as rows are fetched: other statements run
    /// between fetches, and a cursor closed early frees its statement.
    #[test]
    fn cursor_reads_rows_as_fetched() {
        let mut c = mem();
        c.execute("CREATE TABLE t (x INTEGER)", &[]).unwrap();
        c.execute("INSERT INTO t VALUES (1), (2), (3)", &[]).unwrap();
        let (id, cols) = c.open_cursor("SELECT x FROM t WHERE x > ? ORDER BY x", &[Value::Int(0)], false).unwrap().unwrap();
        assert_eq!(cols, vec!["x".to_string()]);
        let mut got = Vec::new();
        assert_eq!(c.fetch_cursor(id, 2, &mut |r| { got.push(r); true }).unwrap(), 2);
        assert_eq!(c.execute("SELECT count(*) FROM t", &[]).unwrap().rows, vec![vec![Value::Int(3)]]);
        assert_eq!(c.fetch_cursor(id, 2, &mut |r| { got.push(r); true }).unwrap(), 1, "fewer: exhausted");
        assert_eq!(got, vec![vec![Value::Int(1)], vec![Value::Int(2)], vec![Value::Int(3)]]);
        assert!(c.cursors.is_empty(), "an exhausted cursor is closed");
        let (id, _) = c.open_cursor("SELECT x FROM t", &[], false).unwrap().unwrap();
        c.close_cursor(id);
        assert!(c.cursors.is_empty());
        c.close();
    }

    #[test]
    fn execute_rowcount_lastrowid() {
        let mut c = mem();
        let r = c.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR UNIQUE, b BOOLEAN)", &[]).unwrap();
        assert_eq!(r.rowcount, -1);
        let r = c.execute("INSERT INTO t (name, b) VALUES (?, ?)", &[Value::Str("ed".into()), Value::Bool(true)]).unwrap();
        assert_eq!((r.rowcount, r.lastrowid), (1, Some(1)));
        let n = c
            .execute_many("INSERT INTO t (name) VALUES (?)", &[vec![Value::Str("a".into())], vec![Value::Str("b".into())]])
            .unwrap();
        assert_eq!(n, 2);
        let r = c.execute("UPDATE t SET b = ? WHERE id > ?", &[Value::Bool(false), Value::Int(1)]).unwrap();
        assert_eq!(r.rowcount, 2);
        let r = c.execute("SELECT id, name, b FROM t ORDER BY id", &[]).unwrap();
        assert_eq!(r.columns, vec!["id", "name", "b"]);
        assert_eq!(r.rows[0], vec![Value::Int(1), Value::Str("ed".into()), Value::Int(1)]);
        assert_eq!(r.rowcount, -1);
    }

    #[test]
    fn repeated_texts_keep_their_checks() {
        // the shape of the last text is remembered: repeats must answer the same
        let mut c = mem();
        c.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR)", &[]).unwrap();
        for i in 1..=3 {
            let r = c.execute("INSERT INTO t (name) VALUES (?)", &[Value::Str(format!("n{i}"))]).unwrap();
            assert_eq!((r.rowcount, r.lastrowid), (1, Some(i)));
        }
        for _ in 0..2 {
            let e = c.execute("select 1; select 2", &[]).unwrap_err();
            assert_eq!(e.message, "You can only execute one statement at a time.");
        }
        for _ in 0..2 {
            let r = c.execute("SELECT count(*) FROM t", &[]).unwrap();
            assert_eq!((r.rowcount, r.lastrowid, &r.rows[0][0]), (-1, None, &Value::Int(3)));
        }
        for _ in 0..2 {
            let e = c.execute_many("SELECT 1", &[vec![]]).unwrap_err();
            assert_eq!(e.message, "executemany() can only execute DML statements.");
        }
        assert_eq!(c.execute_many("UPDATE t SET name = ?", &[vec![Value::Str("x".into())]]).unwrap(), 3);
        let r = c.execute("UPDATE t SET name = ?", &[Value::Str("y".into())]).unwrap();
        assert_eq!((r.rowcount, r.lastrowid), (3, None));
        c.close();
        let e = c.execute("UPDATE t SET name = ?", &[Value::Str("y".into())]).unwrap_err();
        assert_eq!(e.message, "Cannot operate on a closed database.");
    }

    #[test]
    fn errors_map_like_pysqlite() {
        let mut c = mem();
        c.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR UNIQUE)", &[]).unwrap();
        c.execute("INSERT INTO users (name) VALUES (?)", &[Value::Str("ed".into())]).unwrap();
        let e = c.execute("INSERT INTO users (name) VALUES (?)", &[Value::Str("ed".into())]).unwrap_err();
        assert_eq!((e.kind, e.orig.as_str(), e.message.as_str()), (ErrorKind::IntegrityError, "sqlite3.IntegrityError", "UNIQUE constraint failed: users.name"));
        let e = c.execute("select * from nosuch", &[]).unwrap_err();
        assert_eq!((e.kind, e.message.as_str()), (ErrorKind::OperationalError, "no such table: nosuch"));
        let e = c.execute("select nocol from users", &[]).unwrap_err();
        assert_eq!(e.message, "no such column: nocol");
        let e = c.execute("selec 1", &[]).unwrap_err();
        assert_eq!((e.kind, e.message.as_str()), (ErrorKind::OperationalError, "near \"selec\": syntax error"));
        let e = c.execute("select ?", &[Value::Int(1), Value::Int(2)]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::ProgrammingError);
        assert_eq!(e.message, "Incorrect number of bindings supplied. The current statement uses 1, and there are 2 supplied.");
        let e = c.execute("insert into users (id, name) values (?, ?)", &[Value::Str("abc".into()), Value::Null]).unwrap_err();
        assert_eq!((e.kind, e.message.as_str()), (ErrorKind::IntegrityError, "datatype mismatch"));
        let e = c.execute("select 1; select 2", &[]).unwrap_err();
        assert_eq!(e.message, "You can only execute one statement at a time.");
        assert!(c.execute("select ';' -- x; y\n;  ", &[]).is_ok());
        assert!(!e.disconnect);
        c.close();
        let e = c.execute("select 1", &[]).unwrap_err();
        assert!(e.disconnect);
        assert_eq!(e.message, "Cannot operate on a closed database.");
    }

    #[test]
    fn foreign_keys_off_unless_asked() {
        let mut c = mem();
        let r = c.execute("PRAGMA foreign_keys", &[]).unwrap();
        assert_eq!(r.rows, vec![vec![Value::Int(0)]]);
        let url = Url::parse("sqlite://").unwrap();
        let mut on = SqliteConnection::open(&url, &ConnectOptions { sqlite_foreign_keys: Some(true), ..Default::default() }).unwrap();
        assert_eq!(on.execute("PRAGMA foreign_keys", &[]).unwrap().rows, vec![vec![Value::Int(1)]]);
    }

    #[test]
    fn commit_and_rollback_outside_transaction_are_noops() {
        let mut c = mem();
        c.commit().unwrap();
        c.rollback().unwrap();
        c.execute("CREATE TABLE t (x)", &[]).unwrap();
        c.begin().unwrap();
        c.execute("INSERT INTO t VALUES (?)", &[Value::Json(Box::new(serde_json::json!({"a": [1, "é"]})))]).unwrap();
        c.rollback().unwrap();
        assert!(c.execute("SELECT * FROM t", &[]).unwrap().rows.is_empty());
        c.begin().unwrap();
        c.execute("INSERT INTO t VALUES (?)", &[Value::Json(Box::new(serde_json::json!({"a": [1, "é"]})))]).unwrap();
        c.commit().unwrap();
        assert_eq!(c.execute("SELECT * FROM t", &[]).unwrap().rows, vec![vec![Value::Str("{\"a\": [1, \"\\u00e9\"]}".into())]]);
    }
}
