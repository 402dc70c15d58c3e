//! The PostgreSQL driver: a [`DbapiConnection`] over the synchronous `postgres`
//! crate, behaving as psycopg2 does under SQLAlchemy's `postgresql+psycopg2`
//! dialect.
//!
//! psycopg2 interpolates parameters into the SQL text client-side, so the server
//! types each one from its literal: `5` is an integer, `'x'` an untyped literal
//! that takes the type its context asks for. The `postgres` crate binds over the
//! extended protocol instead, where the server infers each `$n`'s type at prepare
//! time. To see the same typing, statements are prepared with types taken from
//! the values (integers `int8`, floats `float8`, decimals `numeric`, dates and
//! times their own types, strings and NULL `unknown`), and each value is then
//! converted to the type the server settled on ([`bind`]). Prepared statements are
//! cached per connection, keyed by text and type signature: an ORM flush runs the
//! same INSERT many thousands of times.
//!
//! Errors map as psycopg2 maps SQLSTATEs (`pg_errors`), with the server's own
//! message, LINE pointer, DETAIL and HINT (the crate's `Display` says only "db
//! error"). `is_disconnect` follows SQLAlchemy's psycopg2 dialect: the connection
//! is closed, or the message is one of libpq's "connection lost" texts.
//!
//! Called only through `driver::connect` and the pool.

use crate::engine::cancel::{self, Canceller};
use crate::engine::driver::{ConnectOptions, DbapiConnection, DriverError, ResultSet, Row, TwoPhaseStep};
use crate::sql::dialect::{Dialect, POSTGRESQL};
use crate::engine::pg_errors;
use crate::engine::pg_values::{value_type, PgParam, PgValue};
use crate::engine::tls::{self, PgSslMode};
use crate::engine::url::{Backend, Url};
use crate::exc::{self, ErrorKind};
use crate::sql::value::Value;
use postgres::types::Type;
use postgres::config::SslMode;
use postgres::{Client, Config, NoTls, Statement};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio_postgres_rustls::MakeRustlsConnect;

#[path = "pg_cursor.rs"]
mod named_cursor;

/// Prepared statements kept per connection before the cache is emptied.
const STATEMENT_CACHE: usize = 256;

/// What `application_name` the server sees unless the URL names one (tests find
/// their own backends by it).
const APPLICATION_NAME: &str = "ormsh";

/// One PostgreSQL connection.
pub struct PostgresConnection {
    /// `None` once closed.
    client: Option<Client>,
    /// `isolation_level="AUTOCOMMIT"`: BEGIN/COMMIT/ROLLBACK are not sent.
    autocommit: bool,
    /// A BEGIN was sent and no COMMIT/ROLLBACK/PREPARE TRANSACTION since
    /// (psycopg2's transaction status: commit and rollback outside one do nothing).
    in_transaction: bool,
    /// `begin()` was called but BEGIN is not sent yet: psycopg2 sends it just
    /// before the transaction's first statement, so a connection the server
    /// dropped while idle fails on that statement (SQLAlchemy's error shows
    /// `[SQL: <the statement>]`, never `BEGIN`), and an empty transaction costs
    /// no round trip.
    begin_pending: bool,
    statements: HashMap<String, Statement>,
    /// psycopg2's `connection.cancel()`: libpq's cancel request, for Ctrl-C.
    cancel: Canceller,
    /// The server reported an error inside the open transaction, which is
    /// therefore aborted until ROLLBACK (or ROLLBACK TO SAVEPOINT): a COMMIT
    /// now is answered with ROLLBACK.
    aborted: bool,
    /// The last COMMIT was answered with ROLLBACK (`take_commit_rolled_back`).
    commit_rolled_back: bool,
    /// Server-side cursors declared for `stream_results` (`pg_cursor.rs`).
    cursors: Vec<named_cursor::NamedCursor>,
    cursor_seq: u64,
    /// psycopg2's `conn->mark`: moves on at each COMMIT or ROLLBACK that ends
    /// a transaction, which closes the cursors declared in it.
    mark: u64,
}

impl PostgresConnection {
    /// Connect as libpq would for the URL (host, port, user, password, database,
    /// `connect_timeout`, `application_name` from the query string).
    pub fn open(url: &Url, opts: &ConnectOptions) -> Result<PostgresConnection, DriverError> {
        use crate::engine::url_options as uo;
        uo::check(url).map_err(|e| DriverError::new(ErrorKind::ProgrammingError, "psycopg2.ProgrammingError", e.message.clone()))?;
        let host = uo::host(url);
        let port = uo::port(url, 5432);
        let mut config = Config::new();
        config.host(&host).port(port);
        let user = uo::user(url).or_else(|| std::env::var("USER").ok());
        config.user(user.as_deref().unwrap_or("postgres"));
        let user = user.unwrap_or_else(|| "postgres".to_string());
        let database = uo::database(url);
        // the URL's password, else libpq's sources (prompt, PGPASSWORD, .pgpass)
        let password = uo::password(url)
            .or_else(|| crate::engine::passwords::postgresql(&host, port, database.as_deref().unwrap_or(&user), &user));
        if let Some(pw) = password {
            config.password(pw);
        }
        if let Some(db) = &database {
            config.dbname(db);
        }
        config.application_name(url.query_value("application_name").unwrap_or(APPLICATION_NAME));
        if let Some(o) = url.query_value("options") {
            config.options(o);
        }
        if let Some(k) = url.query_value("keepalives").and_then(|k| k.parse::<u32>().ok()) {
            config.keepalives(k != 0);
        }
        if let Some(k) = url.query_value("keepalives_idle").and_then(|k| k.parse::<u64>().ok()) {
            config.keepalives_idle(std::time::Duration::from_secs(k));
        }
        if url.query_value("target_session_attrs") == Some("read-write") {
            config.target_session_attrs(postgres::config::TargetSessionAttrs::ReadWrite);
        }
        let limit = connect_timeout(url.query_value("connect_timeout"));
        if let Some(limit) = limit {
            config.connect_timeout(limit);
        }
        let (client, tls) = connect_tls(url, &mut config, limit, &host, port)?;
        let token = client.cancel_token();
        let cancel: Canceller = Arc::new(move || {
            // Sent on a socket of its own; the server ignores a cancel that comes too late.
            let _ = match &tls {
                Some(t) => token.cancel_query(t.clone()),
                None => token.cancel_query(NoTls),
            };
        });
        let mut conn = PostgresConnection {
            cancel,
            aborted: false,
            commit_rolled_back: false,
            client: Some(client),
            autocommit: false,
            in_transaction: false,
            begin_pending: false,
            statements: HashMap::new(),
            cursors: Vec::new(),
            cursor_seq: 0,
            mark: 0,
        };
        match opts.isolation_level.as_deref() {
            Some("AUTOCOMMIT") => conn.autocommit = true,
            Some(level) => conn.control(&format!("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL {level}"))?,
            None => {}
        }
        Ok(conn)
    }

    fn client(&mut self) -> Result<&mut Client, DriverError> {
        self.client.as_mut().ok_or_else(|| {
            let mut e = DriverError::new(ErrorKind::InterfaceError, "psycopg2.InterfaceError", "connection already closed");
            e.disconnect = true;
            e
        })
    }

    /// Send a statement without parameters over the simple protocol.
    fn control(&mut self, sql: &str) -> Result<(), DriverError> {
        let _running = cancel::running(&self.cancel);
        let result = self.client()?.batch_execute(sql);
        result.map_err(|e| self.failed(&e, sql))
    }

    /// Send the BEGIN that `begin()` deferred, before anything else of the
    /// transaction. Its failure is the failure of the statement that needed it.
    fn send_begin(&mut self) -> Result<(), DriverError> {
        if self.begin_pending {
            self.begin_pending = false;
            self.control("BEGIN")?;
            self.in_transaction = true;
        }
        Ok(())
    }

    /// [`map_error`](Self::map_error), noting that an error the server sent
    /// inside a transaction block has aborted that transaction.
    fn failed(&mut self, e: &postgres::Error, sql: &str) -> DriverError {
        if self.in_transaction && e.as_db_error().is_some() {
            self.aborted = true;
        }
        self.map_error(e, sql)
    }

    fn map_error(&self, e: &postgres::Error, sql: &str) -> DriverError {
        let closed = self.client.as_ref().is_none_or(Client::is_closed);
        map_error(e, sql, closed)
    }

    /// The cached statement for `sql` prepared with the value types of `params`.
    fn statement(&mut self, sql: &str, params: &[Value]) -> Result<Statement, DriverError> {
        let types: Vec<Type> = params.iter().map(value_type).collect();
        let key = format!("{}\u{0}{sql}", types.iter().map(|t| t.oid().to_string()).collect::<Vec<_>>().join(","));
        if let Some(stmt) = self.statements.get(&key) {
            return Ok(stmt.clone());
        }
        let prepared = self.client()?.prepare_typed(sql, &types);
        let stmt = prepared.map_err(|e| self.failed(&e, sql))?;
        if self.statements.len() >= STATEMENT_CACHE {
            self.statements.clear();
        }
        self.statements.insert(key, stmt.clone());
        Ok(stmt)
    }

    fn run(&mut self, sql: &str, params: &[Value]) -> Result<ResultSet, DriverError> {
        self.send_begin()?;
        let stmt = match self.statement(sql, params) {
            Ok(stmt) => stmt,
            // psycopg2 sends a parameterless text as is: several statements are fine.
            Err(e) if params.is_empty() && e.message.starts_with("cannot insert multiple commands") => {
                self.control(sql)?;
                return Ok(ResultSet { rowcount: -1, ..ResultSet::default() });
            }
            Err(e) => return Err(e),
        };
        if stmt.params().len() != params.len() {
            return Err(DriverError::new(
                ErrorKind::ProgrammingError,
                "psycopg2.ProgrammingError",
                format!("the statement uses {} parameters, {} given", stmt.params().len(), params.len()),
            ));
        }
        let columns: Vec<String> = stmt.columns().iter().map(|c| c.name().to_string()).collect();
        let bound: Vec<PgParam<'_>> = params.iter().map(PgParam).collect();
        let _running = cancel::running(&self.cancel);
        let client = self.client()?;
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = bound.iter().map(|p| p as _).collect();
        // One call per statement, not a row iterator: `query_raw`'s iterator enters
        // the client's runtime and waits on the socket once per row (20,000 wake-ups
        // for W5), where `query` reads the whole reply in one go.
        let outcome = (|| -> Result<(Vec<Vec<Value>>, Option<u64>), postgres::Error> {
            if columns.is_empty() {
                return Ok((Vec::new(), Some(client.execute(&stmt, &refs)?)));
            }
            let fetched = client.query(&stmt, &refs)?;
            let mut rows = Vec::with_capacity(fetched.len());
            // consumed: each driver row is freed once converted (one copy of the reply at a time)
            for row in fetched {
                let mut out = Vec::with_capacity(row.len());
                for i in 0..row.len() {
                    out.push(row.try_get::<_, PgValue>(i)?.0);
                }
                rows.push(out);
            }
            Ok((rows, None))
        })();
        let (rows, affected) = outcome.map_err(|e| self.failed(&e, sql))?;
        let rowcount = if !columns.is_empty() {
            rows.len() as i64
        } else if is_dml(sql) {
            affected.map(|n| n as i64).unwrap_or(-1)
        } else {
            -1
        };
        Ok(ResultSet { columns, rows, rowcount, lastrowid: None })
    }

    /// Run a two-phase statement (the gid is a literal: it cannot be bound).
    fn twophase(&mut self, step: TwoPhaseStep, xid: &str) -> exc::Result<()> {
        check_xid(xid, 200)?;
        for sql in POSTGRESQL.twophase_sql(step, xid) {
            self.control(&sql).map_err(|e| e.wrap(&sql, "", false))?;
        }
        Ok(())
    }
}

impl DbapiConnection for PostgresConnection {
    fn backend(&self) -> Backend {
        Backend::Postgresql
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<ResultSet, DriverError> {
        self.run(sql, params)
    }

    /// A named cursor for `stream_results` (`pg_cursor.rs`); otherwise the reply is read whole.
    fn open_cursor(&mut self, sql: &str, params: &[Value], stream: bool) -> Option<Result<(u64, Vec<String>), DriverError>> {
        stream.then(|| self.declare_cursor(sql, params))
    }

    fn fetch_cursor(&mut self, id: u64, n: usize, each: &mut dyn FnMut(Vec<Value>) -> bool) -> Result<usize, DriverError> {
        self.fetch_named(id, n, each)
    }

    fn close_cursor(&mut self, id: u64) {
        self.close_named(id);
    }

    fn execute_many(&mut self, sql: &str, rows: &[Row]) -> Result<i64, DriverError> {
        let mut total = 0;
        for row in rows {
            let r = self.run(sql, row)?;
            total += r.rowcount.max(0);
        }
        Ok(total)
    }

    /// Deferred until the first statement (see `begin_pending`).
    fn begin(&mut self) -> Result<(), DriverError> {
        if !self.autocommit && !self.in_transaction {
            self.begin_pending = true;
        }
        Ok(())
    }

    fn commit(&mut self) -> Result<(), DriverError> {
        self.begin_pending = false;
        if !self.in_transaction {
            return Ok(());
        }
        self.in_transaction = false;
        self.mark += 1;
        let aborted = std::mem::take(&mut self.aborted);
        self.control("COMMIT")?;
        self.commit_rolled_back = aborted;
        Ok(())
    }

    fn take_commit_rolled_back(&mut self) -> bool {
        std::mem::take(&mut self.commit_rolled_back)
    }

    fn rollback(&mut self) -> Result<(), DriverError> {
        self.begin_pending = false;
        if !self.in_transaction {
            return Ok(());
        }
        self.in_transaction = false;
        self.mark += 1;
        self.aborted = false;
        self.control("ROLLBACK")
    }

    fn savepoint(&mut self, name: &str) -> Result<(), DriverError> {
        self.send_begin()?;
        self.control(&POSTGRESQL.savepoint_sql(name))
    }

    fn release_savepoint(&mut self, name: &str) -> Result<(), DriverError> {
        self.send_begin()?;
        self.control(&POSTGRESQL.release_savepoint_sql(name))
    }

    fn rollback_to_savepoint(&mut self, name: &str) -> Result<(), DriverError> {
        self.send_begin()?;
        self.control(&POSTGRESQL.rollback_to_savepoint_sql(name))?;
        // back to a point before the error: the transaction is usable again
        self.aborted = false;
        Ok(())
    }

    /// `do_begin_twophase`: a plain BEGIN.
    fn begin_twophase(&mut self, xid: &str) -> exc::Result<()> {
        check_xid(xid, 200)?;
        self.in_transaction = false;
        self.begin().map_err(|e| e.wrap("BEGIN", "", false))
    }

    /// `PREPARE TRANSACTION 'xid'`: the session is no longer in a transaction.
    fn prepare_twophase(&mut self, xid: &str) -> exc::Result<()> {
        let result = self.send_begin().map_err(|e| e.wrap("BEGIN", "", false)).and_then(|()| self.twophase(TwoPhaseStep::Prepare, xid));
        self.in_transaction = false;
        self.mark += 1;
        result
    }

    fn commit_twophase(&mut self, xid: &str, is_prepared: bool) -> exc::Result<()> {
        if is_prepared {
            self.twophase(TwoPhaseStep::CommitPrepared, xid)
        } else {
            self.commit().map_err(|e| e.wrap("COMMIT", "", false))
        }
    }

    fn rollback_twophase(&mut self, xid: &str, is_prepared: bool) -> exc::Result<()> {
        if is_prepared {
            self.twophase(TwoPhaseStep::RollbackPrepared, xid)
        } else {
            self.rollback().map_err(|e| e.wrap("ROLLBACK", "", false))
        }
    }

    fn ping(&mut self) -> Result<bool, DriverError> {
        match self.control("SELECT 1") {
            Ok(()) => Ok(true),
            Err(e) if e.disconnect => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn close(&mut self) {
        self.statements.clear();
        self.cursors.clear();
        if let Some(client) = self.client.take() {
            let _ = client.close();
        }
    }

    fn is_disconnect(&self, err: &DriverError) -> bool {
        err.disconnect || self.client.as_ref().is_none_or(Client::is_closed)
    }
}

/// libpq's `connect_timeout`: whole seconds, none when absent, zero or
/// negative, and at least 2 (libpq raises 1 to 2).
fn connect_timeout(value: Option<&str>) -> Option<Duration> {
    let secs = value?.trim().parse::<i64>().ok().filter(|s| *s > 0)?;
    Some(Duration::from_secs(secs.max(2) as u64))
}

/// Connect within `limit`, as libpq's `connect_timeout` bounds the whole
/// connection start-up. The crate's own timeout covers only the TCP connect,
/// so a server that accepts and never answers (hung, or a black hole in the
/// network) would block forever; the connect runs on a thread of its own and
/// is given up after `limit` (that thread ends when the socket does).
/// The outer error is the time limit; the inner one the server's or the socket's.
fn connect_within(
    config: &Config,
    tls: Option<&MakeRustlsConnect>,
    limit: Duration,
    host: &str,
    port: u16,
) -> Result<Result<Client, postgres::Error>, DriverError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let attempt = config.clone();
    let tls = tls.cloned();
    let head = format!("connection to server at \"{host}\", port {port} failed: ");
    let spawned = std::thread::Builder::new().name("ormsh-pg-connect".into()).spawn(move || {
        let _ = tx.send(match tls {
            Some(t) => attempt.connect(t),
            None => attempt.connect(NoTls),
        });
    });
    if let Err(e) = spawned {
        return Err(DriverError::new(ErrorKind::OperationalError, "psycopg2.OperationalError", format!("{head}{e}\n")));
    }
    match rx.recv_timeout(limit) {
        Ok(result) => Ok(result),
        Err(_) => Err(DriverError::new(ErrorKind::OperationalError, "psycopg2.OperationalError", format!("{head}timeout expired\n"))),
    }
}

/// Connect as libpq does for the URL's sslmode (`engine::tls`): `disable`
/// plain; `allow` plain, then TLS when the server refuses the plain start;
/// `prefer` TLS when the server offers it, plain when it does not or when
/// the TLS handshake fails; `require`/`verify-ca`/`verify-full` TLS or an
/// error. Returns the client and the TLS connector it used (for cancels).
fn connect_tls(
    url: &Url,
    config: &mut Config,
    limit: Option<Duration>,
    host: &str,
    port: u16,
) -> Result<(Client, Option<MakeRustlsConnect>), DriverError> {
    let mode = tls::pg_sslmode(url);
    let attempt = |config: &Config, tls: Option<&MakeRustlsConnect>| -> Result<Result<Client, postgres::Error>, DriverError> {
        match limit {
            Some(limit) => connect_within(config, tls, limit, host, port),
            None => Ok(match tls {
                Some(t) => config.connect(t.clone()),
                None => config.connect(NoTls),
            }),
        }
    };
    let done = |r: Result<Client, postgres::Error>, tls: Option<MakeRustlsConnect>| match r {
        Ok(c) => Ok((c, tls)),
        Err(e) => Err(connect_error(&e, host, port)),
    };
    if mode == PgSslMode::Disable {
        config.ssl_mode(SslMode::Disable);
        return done(attempt(config, None)?, None);
    }
    let head = format!("connection to server at \"{host}\", port {port} failed: ");
    let tls_config = tls::pg_client_config(url, mode)
        .map_err(|m| DriverError::new(ErrorKind::OperationalError, "psycopg2.OperationalError", format!("{head}{m}\n")))?;
    let connector = MakeRustlsConnect::new(tls_config);
    match mode {
        PgSslMode::Allow => {
            config.ssl_mode(SslMode::Disable);
            match attempt(config, None)? {
                // the server refused the plain start (pg_hba.conf `hostssl`): again with TLS
                Err(e) if e.as_db_error().is_some() => {
                    config.ssl_mode(SslMode::Require);
                    done(attempt(config, Some(&connector))?, Some(connector))
                }
                other => done(other, None),
            }
        }
        PgSslMode::Prefer => {
            config.ssl_mode(SslMode::Prefer);
            match attempt(config, Some(&connector))? {
                // the TLS handshake failed: libpq tries once more without TLS
                Err(e) if tls::rustls_error(&e).is_some() => {
                    config.ssl_mode(SslMode::Disable);
                    done(attempt(config, None)?, None)
                }
                other => done(other, Some(connector)),
            }
        }
        _ => {
            config.ssl_mode(SslMode::Require);
            done(attempt(config, Some(&connector))?, Some(connector))
        }
    }
}

/// A transaction id SQLAlchemy-style code generates (`_gen_xid`), checked before
/// it is spliced into the SQL text: printable ASCII, shorter than the server's limit.
pub fn check_xid(xid: &str, max_len: usize) -> exc::Result<()> {
    if xid.is_empty() || xid.len() >= max_len || !xid.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Err(exc::argument_error(format!(
            "invalid two-phase transaction id {xid:?}: 1 to {} printable ASCII characters",
            max_len - 1
        )));
    }
    Ok(())
}

/// INSERT/UPDATE/DELETE/MERGE: psycopg2's rowcount is the affected row count;
/// for other statements without rows it is -1.
fn is_dml(sql: &str) -> bool {
    let head: String = sql.trim_start().chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    matches!(head.to_ascii_uppercase().as_str(), "INSERT" | "UPDATE" | "DELETE" | "MERGE" | "WITH")
}

/// libpq's text for a connection the server dropped (psycopg2 prints it).
const SERVER_CLOSED: &str = "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.\n";

/// SQLAlchemy's psycopg2 `is_disconnect` message test.
fn message_is_disconnect(message: &str) -> bool {
    let first = message.lines().next().unwrap_or("");
    let needles = [
        "terminating connection",
        "closed the connection",
        "connection not open",
        "could not receive data from server",
        "could not send data to server",
        "connection already closed",
        "cursor already closed",
        "losed the connection unexpectedly",
        "connection has been closed unexpectedly",
        "SSL SYSCALL error: Bad file descriptor",
        "SSL SYSCALL error: EOF detected",
        "SSL error: decryption failed or bad record mac",
        "SSL SYSCALL error: Operation timed out",
    ];
    needles.iter().any(|n| first.contains(n)) || message.contains(SERVER_CLOSED.lines().next().unwrap_or("\u{0}"))
}

/// A `postgres` error as psycopg2 would raise it for `sql`. `closed`: the client
/// reports its connection closed (psycopg2's `conn.closed`, which SQLAlchemy
/// checks first).
fn map_error(e: &postgres::Error, sql: &str, closed: bool) -> DriverError {
    if let Some(db) = e.as_db_error() {
        // A FATAL error ends the session (fast shutdown, pg_terminate_backend,
        // idle_session_timeout, idle_in_transaction_session_timeout …); psycopg2's
        // libpq then reports only that the server closed the connection, with no
        // SQLSTATE, whether the session was idle or running a statement.
        if matches!(db.severity(), "FATAL" | "PANIC") {
            return server_closed();
        }
        let code = db.code().code();
        let (name, kind) = pg_errors::lookup(code).unwrap_or(("DatabaseError", fallback_kind(code)));
        let mut message = db.message().to_string();
        if let Some(postgres::error::ErrorPosition::Original(pos)) = db.position() {
            message.push('\n');
            message.push_str(&line_pointer(sql, *pos as usize));
        }
        if let Some(detail) = db.detail() {
            message.push_str(&format!("\nDETAIL:  {detail}"));
        }
        if let Some(hint) = db.hint() {
            message.push_str(&format!("\nHINT:  {hint}"));
        }
        let orig = if name == "DatabaseError" { "psycopg2.DatabaseError".to_string() } else { format!("psycopg2.errors.{name}") };
        let mut err = DriverError::new(kind, orig, message);
        err.disconnect = closed || code.starts_with("08") || message_is_disconnect(&err.message);
        return err;
    }
    if let Some(bind) = bind_error(e) {
        return DriverError::new(ErrorKind::DataError, "psycopg2.errors.InvalidTextRepresentation", bind);
    }
    if e.is_closed() || closed {
        return server_closed();
    }
    // I/O and protocol failures: libpq reports them as OperationalError.
    let mut err = DriverError::new(ErrorKind::OperationalError, "psycopg2.OperationalError", error_chain(e));
    err.disconnect = message_is_disconnect(&err.message) || is_io(e);
    err
}

/// psycopg2's `OperationalError` for a connection the server ended: libpq's
/// text exactly, its trailing newline included (SQLAlchemy's message then shows
/// an empty line before `[SQL: …]`).
fn server_closed() -> DriverError {
    let mut err = DriverError::new(ErrorKind::OperationalError, "psycopg2.OperationalError", SERVER_CLOSED);
    err.disconnect = true;
    err
}

/// psycopg2's class for a SQLSTATE it has no class of its own for (`base_exception_from_sqlstate`).
fn fallback_kind(code: &str) -> ErrorKind {
    let b = code.as_bytes();
    match (b.first(), b.get(1)) {
        (Some(b'0'), Some(b'A')) => ErrorKind::NotSupportedError,
        (Some(b'2'), Some(b'0' | b'1')) => ErrorKind::ProgrammingError,
        (Some(b'2'), Some(b'2')) => ErrorKind::DataError,
        (Some(b'2'), Some(b'3')) => ErrorKind::IntegrityError,
        (Some(b'2'), Some(b'4' | b'5' | b'B' | b'D' | b'F')) => ErrorKind::InternalError,
        (Some(b'2'), Some(b'6' | b'7' | b'8')) => ErrorKind::OperationalError,
        (Some(b'3'), Some(b'4')) => ErrorKind::OperationalError,
        (Some(b'3'), Some(b'8' | b'9' | b'B')) => ErrorKind::InternalError,
        (Some(b'3'), Some(b'D' | b'F')) => ErrorKind::ProgrammingError,
        (Some(b'4'), Some(b'0')) => ErrorKind::OperationalError,
        (Some(b'4'), Some(b'2' | b'4')) => ErrorKind::ProgrammingError,
        (Some(b'5'), _) => ErrorKind::OperationalError,
        (Some(b'F' | b'P' | b'X'), _) => ErrorKind::InternalError,
        (Some(b'H'), _) => ErrorKind::OperationalError,
        _ => ErrorKind::DatabaseError,
    }
}

/// libpq's `LINE n: …` and caret for a 1-based character position in `sql`.
fn line_pointer(sql: &str, pos: usize) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let upto = pos.saturating_sub(1).min(chars.len());
    let line_no = chars[..upto].iter().filter(|&&c| c == '\n').count() + 1;
    let line_start = chars[..upto].iter().rposition(|&c| c == '\n').map(|i| i + 1).unwrap_or(0);
    let line_end = chars[line_start..].iter().position(|&c| c == '\n').map(|i| line_start + i).unwrap_or(chars.len());
    let line: String = chars[line_start..line_end].iter().collect();
    let prefix = format!("LINE {line_no}: ");
    format!("{prefix}{line}\n{}^", " ".repeat(prefix.len() + upto - line_start))
}

/// The message of a value our bind conversion refused.
fn bind_error(e: &postgres::Error) -> Option<String> {
    use std::error::Error as _;
    let mut source = e.source();
    while let Some(s) = source {
        if let Some(b) = s.downcast_ref::<crate::engine::pg_values::BindError>() {
            return Some(b.0.clone());
        }
        source = s.source();
    }
    None
}

fn is_io(e: &postgres::Error) -> bool {
    use std::error::Error as _;
    let mut source = e.source();
    while let Some(s) = source {
        if s.downcast_ref::<std::io::Error>().is_some() {
            return true;
        }
        source = s.source();
    }
    false
}

/// The error and its causes, innermost last, without the crate's bare kind words.
fn error_chain(e: &postgres::Error) -> String {
    use std::error::Error as _;
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// A connect failure as psycopg2 reports it (`OperationalError`, libpq's text).
fn connect_error(e: &postgres::Error, host: &str, port: u16) -> DriverError {
    use std::error::Error as _;
    let head = format!("connection to server at \"{host}\", port {port} failed: ");
    let message = if let Some(db) = e.as_db_error() {
        format!("{head}{}:  {}\n", db.severity(), db.message())
    } else if let Some(t) = tls::rustls_error(e) {
        format!("{head}{}\n", tls::pg_tls_message(t, host))
    } else if e.source().is_some_and(|c| c.to_string() == "server does not support TLS") {
        format!("{head}server does not support SSL, but SSL was required\n")
    } else {
        let cause = e.source().map(|s| s.to_string()).unwrap_or_else(|| e.to_string());
        let cause = match cause.find(" (os error") {
            Some(i) => cause[..i].to_string(),
            None => cause,
        };
        format!("{head}{cause}\n\tIs the server running on that host and accepting TCP/IP connections?\n")
    };
    DriverError::new(ErrorKind::OperationalError, "psycopg2.OperationalError", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_pointer_like_libpq() {
        assert_eq!(line_pointer("selec 1", 1), "LINE 1: selec 1\n        ^");
        assert_eq!(line_pointer("select nocol from zz", 8), "LINE 1: select nocol from zz\n               ^");
        assert_eq!(line_pointer("select 1\nfrom nosuch", 15), "LINE 2: from nosuch\n             ^");
    }

    #[test]
    fn sqlstate_classes_as_psycopg2() {
        assert_eq!(pg_errors::lookup("23505"), Some(("UniqueViolation", ErrorKind::IntegrityError)));
        assert_eq!(pg_errors::lookup("57P01").map(|p| p.1), Some(ErrorKind::OperationalError));
        assert_eq!(pg_errors::lookup("40P01").map(|p| p.1), Some(ErrorKind::OperationalError));
        assert_eq!(pg_errors::lookup("25P02").map(|p| p.1), Some(ErrorKind::InternalError));
        assert_eq!(pg_errors::lookup("42P01").map(|p| p.1), Some(ErrorKind::ProgrammingError));
        assert_eq!(pg_errors::lookup("22012").map(|p| p.1), Some(ErrorKind::DataError));
        assert_eq!(fallback_kind("23999"), ErrorKind::IntegrityError);
        assert_eq!(fallback_kind("08006"), ErrorKind::DatabaseError);
        assert_eq!(fallback_kind("XX999"), ErrorKind::InternalError);
    }

    #[test]
    fn disconnect_messages() {
        assert!(message_is_disconnect("terminating connection due to administrator command"));
        assert!(message_is_disconnect(SERVER_CLOSED));
        assert!(!message_is_disconnect("duplicate key value violates unique constraint \"t_pkey\""));
    }

    #[test]
    fn connect_timeout_as_libpq() {
        assert_eq!(connect_timeout(None), None);
        assert_eq!(connect_timeout(Some("0")), None);
        assert_eq!(connect_timeout(Some("-3")), None);
        assert_eq!(connect_timeout(Some("x")), None);
        assert_eq!(connect_timeout(Some("1")), Some(Duration::from_secs(2)));
        assert_eq!(connect_timeout(Some("7")), Some(Duration::from_secs(7)));
    }

    #[test]
    fn xids_are_checked() {
        assert!(check_xid("_sa_0123abcd", 200).is_ok());
        assert!(check_xid("", 200).is_err());
        assert!(check_xid("a\u{0}b", 200).is_err());
        assert!(check_xid(&"x".repeat(200), 200).is_err());
    }
}
