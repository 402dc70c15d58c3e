//! The MySQL/MariaDB driver: a [`DbapiConnection`] over the `mysql` crate,
//! behaving as PyMySQL does under SQLAlchemy's `mysql+pymysql` dialect.
//!
//! Connections are opened over TCP to the URL's host (PyMySQL never switches to
//! the Unix socket) with `CLIENT_FOUND_ROWS`, which SQLAlchemy's MySQL dialects
//! always set: an UPDATE's rowcount then counts matched rows, not changed ones,
//! and the ORM's stale-data check depends on it. Statements with parameters go
//! through the crate's per-connection prepared-statement cache (binary protocol);
//! statements without go as text. Either way each value is decoded from its
//! column's type into what PyMySQL returns (int, float, `Decimal`, str or bytes by
//! character set, date/time objects). `lastrowid` and `rowcount` come from the OK
//! packet, as PyMySQL reads them.
//!
//! Errors carry PyMySQL's class for the server error number (`pymysql.err`
//! `error_map`; unknown numbers are `OperationalError` from 1000 up,
//! `InternalError` below) and its text, `(1062, "Duplicate entry …")`.
//! `is_disconnect` is SQLAlchemy's MySQL one: error numbers 1927, 2006, 2013,
//! 2014, 2045, 2055, 4031, plus any I/O failure of the socket.
//!
//! Called only through `driver::connect` and the pool.

use crate::engine::cancel::{self, Canceller};
use crate::engine::driver::{ConnectOptions, DbapiConnection, DriverError, ResultSet, Row, TwoPhaseStep};
use crate::engine::postgres::check_xid;
use crate::engine::url::{Backend, Url};
use crate::exc::{self, ErrorKind};
use crate::sql::dialect::py_json_dumps;
use crate::sql::value::Value;
use chrono::{NaiveDate, NaiveTime};
use mysql::consts::{CapabilityFlags, ColumnType};
use mysql::prelude::Queryable;
use crate::engine::tls;
use mysql::{Column, Conn, OptsBuilder};
use rust_decimal::Decimal;
use std::sync::Arc;
use std::time::Duration;

#[path = "mysql_stream.rs"]
mod stream;

/// Prepared statements kept per connection by the crate.
const STATEMENT_CACHE: usize = 256;

/// The character set number of binary strings (BLOB, BINARY, VARBINARY).
const BINARY_CHARSET: u16 = 63;

/// Error numbers SQLAlchemy's MySQL `is_disconnect` treats as a lost connection.
const DISCONNECT_ERRNOS: [u16; 7] = [1927, 2006, 2013, 2014, 2045, 2055, 4031];

/// Where an XA transaction of this connection stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum XaState {
    None,
    Active,
    Prepared,
}

/// One MySQL or MariaDB connection.
pub struct MysqlConnection {
    backend: Backend,
    /// `None` once closed or after the socket failed.
    conn: Option<Conn>,
    autocommit: bool,
    /// `begin()` was called but BEGIN is not sent yet. PyMySQL sends no BEGIN
    /// at all (the session is in autocommit=0 and the server starts the
    /// transaction at the first statement), so a connection the server dropped
    /// while idle fails on the transaction's first statement, as here.
    begin_pending: bool,
    xa: XaState,
    xid: String,
    /// The server said it is MariaDB in its handshake version string.
    mariadb: bool,
    /// `KILL QUERY <this connection>` on a second connection, for Ctrl-C.
    cancel: Canceller,
    /// An unbuffered result being read (`stream_results`, `mysql_stream.rs`);
    /// it holds the connection meanwhile (`conn` is `None`).
    stream: Option<stream::Stream>,
    cursor_seq: u64,
}

impl MysqlConnection {
    pub fn open(url: &Url, opts: &ConnectOptions) -> Result<MysqlConnection, DriverError> {
        use crate::engine::url_options as uo;
        uo::check(url).map_err(|e| DriverError::new(ErrorKind::ProgrammingError, "pymysql.err.ProgrammingError", e.message.clone()))?;
        let host = uo::host(url);
        let port = uo::port(url, 3306);
        let mut builder = OptsBuilder::new()
            .ip_or_hostname(Some(host.clone()))
            .tcp_port(port)
            .prefer_socket(false)
            .user(uo::user(url))
            .pass(uo::password(url).or_else(crate::engine::passwords::mysql))
            .db_name(uo::database(url))
            .init(url.query_value("init_command").map(|c| vec![c.to_string()]).unwrap_or_default())
            .stmt_cache_size(STATEMENT_CACHE)
            .additional_capabilities(CapabilityFlags::CLIENT_FOUND_ROWS);
        // The limit covers the handshake too (socket read/write timeouts, lifted
        // once connected): PyMySQL bounds only the TCP connect, and waits forever
        // on a server that accepts but never answers.
        let limit = connect_timeout(url.query_value("connect_timeout"));
        builder = builder.tcp_connect_timeout(limit).read_timeout(limit).write_timeout(limit);
        // TLS as the URL's ssl_* options ask (engine::tls); unlike PyMySQL, a server
        // without TLS is an error then, not a silent plain connection (except ssl_mode=PREFERRED)
        let mut preferred = false;
        if let Some((ssl, prefer)) = tls::mysql_ssl_opts(url) {
            builder = builder.ssl_opts(Some(ssl));
            preferred = prefer;
        }
        let first = Conn::new(builder.clone());
        let mut conn = match first {
            Err(mysql::Error::DriverError(mysql::DriverError::TlsNotSupported)) if preferred => {
                builder = builder.ssl_opts(None::<mysql::SslOpts>);
                Conn::new(builder.clone())
            }
            other => other,
        }
        .map_err(|e| connect_error(&e, &host))?;
        let cancel = kill_query(builder, conn.connection_id());
        let mariadb = url.backend() == Backend::Mariadb
            || conn.query_first::<String, _>("SELECT VERSION()").ok().flatten().is_some_and(|v| v.contains("MariaDB"));
        clear_socket_timeouts(&conn);
        let mut me = MysqlConnection { backend: url.backend(), conn: Some(conn), autocommit: false, begin_pending: false, xa: XaState::None, xid: String::new(), mariadb, cancel, stream: None, cursor_seq: 0 };
        match opts.isolation_level.as_deref() {
            Some("AUTOCOMMIT") => me.autocommit = true,
            Some(level) => me.control(&format!("SET SESSION TRANSACTION ISOLATION LEVEL {level}"))?,
            None => {}
        }
        Ok(me)
    }

    /// The server's id for this connection (`CONNECTION_ID()`), for tests and `KILL`.
    pub fn connection_id(&self) -> Option<u32> {
        self.conn.as_ref().map(Conn::connection_id).or(self.stream.as_ref().map(|s| s.conn_id))
    }

    /// The connection, for a command: an open stream is read to its end and
    /// dropped first, as PyMySQL does before its next command.
    fn conn(&mut self) -> Result<&mut Conn, DriverError> {
        self.end_stream();
        self.conn.as_mut().ok_or_else(|| lost_connection(2006, "MySQL server has gone away"))
    }

    /// Map an error; a socket failure also drops the connection (it is unusable).
    fn fail(&mut self, e: mysql::Error) -> DriverError {
        let err = map_error(&e);
        if err.disconnect {
            self.conn = None;
        }
        err
    }

    /// A statement without parameters and without rows (transaction control).
    fn control(&mut self, sql: &str) -> Result<(), DriverError> {
        let _running = cancel::running(&self.cancel);
        let result = self.conn()?.query_drop(sql);
        result.map_err(|e| self.fail(e))
    }

    /// Send the BEGIN that `begin()` deferred, before the transaction's first statement.
    fn send_begin(&mut self) -> Result<(), DriverError> {
        if self.begin_pending {
            self.begin_pending = false;
            self.control("BEGIN")?;
        }
        Ok(())
    }

    fn run(&mut self, sql: &str, params: &[Value]) -> Result<ResultSet, DriverError> {
        self.send_begin()?;
        let _running = cancel::running(&self.cancel);
        let conn = self.conn()?;
        let outcome = if params.is_empty() {
            conn.query_iter(sql).and_then(|r| collect(r))
        } else {
            let bound: Vec<mysql::Value> = params.iter().map(to_mysql).collect();
            conn.exec_iter(sql, mysql::Params::Positional(bound)).and_then(|r| collect(r))
        };
        outcome.map_err(|e| self.fail(e))
    }

    fn twophase(&mut self, step: TwoPhaseStep, xid: &str) -> exc::Result<()> {
        check_xid(xid, 65)?;
        for sql in self.dialect().twophase_sql(step, xid) {
            self.control(&sql).map_err(|e| e.wrap(&sql, "", false))?;
        }
        Ok(())
    }
}

/// What the `mysql` client does on Ctrl-C: `KILL QUERY <id>` on a connection
/// of its own, opened with the same options (PyMySQL has no cancel at all).
fn kill_query(opts: OptsBuilder, id: u32) -> Canceller {
    Arc::new(move || {
        if let Ok(mut killer) = Conn::new(opts.clone()) {
            let _ = killer.query_drop(format!("KILL QUERY {id}"));
        }
    })
}

/// PyMySQL's `connect_timeout`: 10 s unless the URL says otherwise; 0 for none.
fn connect_timeout(value: Option<&str>) -> Option<Duration> {
    match value {
        None => Some(Duration::from_secs(10)),
        Some(v) => v.trim().parse::<f64>().ok().filter(|s| *s > 0.0 && s.is_finite()).map(Duration::from_secs_f64),
    }
}

/// Statements have no client-side time limit: lift the connect's socket timeouts.
fn clear_socket_timeouts(conn: &Conn) {
    use std::os::fd::{AsRawFd, FromRawFd};
    // SAFETY: the descriptor is the connection's open TCP socket, borrowed for
    // two setsockopt calls; ManuallyDrop keeps this stand-in from closing it.
    let socket = std::mem::ManuallyDrop::new(unsafe { std::net::TcpStream::from_raw_fd(conn.as_raw_fd()) });
    let _ = socket.set_read_timeout(None);
    let _ = socket.set_write_timeout(None);
}

/// Read a whole result: columns, rows decoded by column type, PyMySQL's rowcount
/// (rows for a query, affected rows otherwise) and lastrowid (the OK packet's
/// insert id).
fn collect<P: mysql::prelude::Protocol>(mut result: mysql::QueryResult<'_, '_, '_, P>) -> mysql::Result<ResultSet> {
    let columns: Vec<Column> = result.columns().as_ref().to_vec();
    let affected = result.affected_rows();
    let insert_id = result.last_insert_id();
    let mut rows = Vec::new();
    if let Some(set) = result.iter() {
        for row in set {
            rows.push(collect_row(row?, &columns));
        }
    }
    // Further result sets (a CALL) are read and dropped.
    while let Some(set) = result.iter() {
        for row in set {
            row?;
        }
    }
    let rowcount = if columns.is_empty() { affected as i64 } else { rows.len() as i64 };
    Ok(ResultSet {
        columns: columns.iter().map(|c| c.name_str().into_owned()).collect(),
        rows,
        rowcount,
        lastrowid: Some(insert_id.unwrap_or(0) as i64),
    })
}

/// One row's values, decoded by column type.
fn collect_row(row: mysql::Row, columns: &[Column]) -> Vec<Value> {
    row.unwrap().into_iter().zip(columns.iter()).map(|(v, c)| from_mysql(v, c)).collect()
}

impl DbapiConnection for MysqlConnection {
    fn backend(&self) -> Backend {
        self.backend
    }

    fn dialect(&self) -> &'static dyn crate::sql::dialect::Dialect {
        if self.mariadb {
            &crate::sql::dialect::MARIADB
        } else {
            crate::engine::driver::backend_dialect(self.backend)
        }
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<ResultSet, DriverError> {
        self.run(sql, params)
    }

    /// An unbuffered result for `stream_results` (`mysql_stream.rs`); otherwise the reply is read whole.
    fn open_cursor(&mut self, sql: &str, params: &[Value], stream: bool) -> Option<Result<(u64, Vec<String>), DriverError>> {
        stream.then(|| self.start_stream(sql, params))
    }

    fn fetch_cursor(&mut self, id: u64, n: usize, each: &mut dyn FnMut(Vec<Value>) -> bool) -> Result<usize, DriverError> {
        self.fetch_stream(id, n, each)
    }

    fn close_cursor(&mut self, id: u64) {
        self.close_stream(id);
    }

    fn execute_many(&mut self, sql: &str, rows: &[Row]) -> Result<i64, DriverError> {
        let mut total = 0;
        for row in rows {
            total += self.run(sql, row)?.rowcount.max(0);
        }
        Ok(total)
    }

    /// Deferred until the first statement (see `begin_pending`).
    fn begin(&mut self) -> Result<(), DriverError> {
        self.begin_pending = !self.autocommit;
        Ok(())
    }

    /// `COMMIT`; nothing when the transaction never sent a statement.
    fn commit(&mut self) -> Result<(), DriverError> {
        if self.autocommit || std::mem::take(&mut self.begin_pending) {
            return Ok(());
        }
        self.control("COMMIT")
    }

    /// `ROLLBACK`; inside an XA transaction (where plain ROLLBACK is refused) the
    /// XA transaction is ended and rolled back instead.
    fn rollback(&mut self) -> Result<(), DriverError> {
        let never_began = std::mem::take(&mut self.begin_pending);
        match self.xa {
            XaState::None if self.autocommit || never_began => Ok(()),
            XaState::None => self.control("ROLLBACK"),
            state => {
                let xid = std::mem::take(&mut self.xid);
                self.xa = XaState::None;
                if state == XaState::Active {
                    self.control(&format!("XA END '{xid}'"))?;
                }
                self.control(&format!("XA ROLLBACK '{xid}'"))
            }
        }
    }

    /// `XA BEGIN 'xid'` (SQLAlchemy's `do_begin_twophase`).
    fn begin_twophase(&mut self, xid: &str) -> exc::Result<()> {
        self.twophase(TwoPhaseStep::Begin, xid)?;
        self.xa = XaState::Active;
        self.xid = xid.to_string();
        Ok(())
    }

    /// `XA END 'xid'`, `XA PREPARE 'xid'`.
    fn prepare_twophase(&mut self, xid: &str) -> exc::Result<()> {
        self.twophase(TwoPhaseStep::Prepare, xid)?;
        self.xa = XaState::Prepared;
        Ok(())
    }

    /// `XA COMMIT 'xid'`, preparing first when that was not done.
    fn commit_twophase(&mut self, xid: &str, is_prepared: bool) -> exc::Result<()> {
        if !is_prepared && self.xa == XaState::Active {
            self.prepare_twophase(xid)?;
        }
        let result = self.twophase(TwoPhaseStep::CommitPrepared, xid);
        self.xa = XaState::None;
        self.xid.clear();
        result
    }

    /// `XA ROLLBACK 'xid'`, after `XA END` when the transaction is still active.
    fn rollback_twophase(&mut self, xid: &str, is_prepared: bool) -> exc::Result<()> {
        check_xid(xid, 65)?;
        if !is_prepared && self.xa == XaState::Active {
            let sql = format!("XA END '{xid}'");
            self.control(&sql).map_err(|e| e.wrap(&sql, "", false))?;
        }
        let result = self.twophase(TwoPhaseStep::RollbackPrepared, xid);
        self.xa = XaState::None;
        self.xid.clear();
        result
    }

    /// `COM_PING`, as PyMySQL's `ping(reconnect=False)`.
    fn ping(&mut self) -> Result<bool, DriverError> {
        self.end_stream();
        let Some(conn) = self.conn.as_mut() else { return Ok(false) };
        match conn.ping() {
            Ok(()) => Ok(true),
            Err(e) => {
                let err = self.fail(e);
                if err.disconnect {
                    Ok(false)
                } else {
                    Err(err)
                }
            }
        }
    }

    fn close(&mut self) {
        // Dropping the crate's Conn sends COM_QUIT.
        self.stream = None;
        self.conn = None;
    }

    fn is_disconnect(&self, err: &DriverError) -> bool {
        err.disconnect || (self.conn.is_none() && self.stream.is_none())
    }
}

/// A value as PyMySQL would send it (booleans as 1/0, decimals and JSON as text).
fn to_mysql(v: &Value) -> mysql::Value {
    use chrono::{Datelike, Timelike};
    use mysql::Value as M;
    match v {
        Value::Null => M::NULL,
        Value::Bool(b) => M::Int(*b as i64),
        Value::Int(i) => M::Int(*i),
        Value::Float(f) => M::Double(*f),
        Value::Decimal(d) => M::Bytes(d.to_string().into_bytes()),
        Value::Str(s) => M::Bytes(s.as_bytes().to_vec()),
        Value::Bytes(b) => M::Bytes(b.clone()),
        Value::Date(d) => M::Date(d.year() as u16, d.month() as u8, d.day() as u8, 0, 0, 0, 0),
        Value::DateTime(dt) => M::Date(
            dt.year() as u16,
            dt.month() as u8,
            dt.day() as u8,
            dt.hour() as u8,
            dt.minute() as u8,
            dt.second() as u8,
            dt.nanosecond() / 1000,
        ),
        Value::Time(t) => M::Time(false, 0, t.hour() as u8, t.minute() as u8, t.second() as u8, t.nanosecond() / 1000),
        Value::Json(j) => M::Bytes(py_json_dumps(j).into_bytes()),
    }
}

/// A column value as PyMySQL's converters return it. The text protocol gives
/// every value as bytes, the binary one typed values; both are decoded by the
/// column's type.
fn from_mysql(v: mysql::Value, col: &Column) -> Value {
    use mysql::Value as M;
    let ty = col.column_type();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    match v {
        M::NULL => Value::Null,
        M::Int(i) => Value::Int(i),
        M::UInt(u) => i64::try_from(u).map(Value::Int).unwrap_or_else(|_| Value::Decimal(Decimal::from(u))),
        // FLOAT is single precision: read it as its shortest text, as the text protocol gives it.
        M::Float(f) => Value::Float(f.to_string().parse().unwrap_or(f as f64)),
        M::Double(f) => Value::Float(f),
        M::Date(y, mo, d, h, mi, s, us) => {
            let date = NaiveDate::from_ymd_opt(y as i32, mo as u32, d as u32);
            let time = NaiveTime::from_hms_micro_opt(h as u32, mi as u32, s as u32, us);
            match (ty, date, time) {
                (ColumnType::MYSQL_TYPE_DATE, Some(date), _) => Value::Date(date),
                (_, Some(date), Some(time)) => Value::DateTime(date.and_time(time)),
                // A zero date: PyMySQL hands back the text it could not convert.
                _ => Value::Str(format!("{y:04}-{mo:02}-{d:02}")),
            }
        }
        M::Time(neg, days, h, mi, s, us) => match NaiveTime::from_hms_micro_opt(h as u32, mi as u32, s as u32, us) {
            Some(t) if !neg && days == 0 => Value::Time(t),
            _ => Value::Str(format!("{}{}:{mi:02}:{s:02}", if neg { "-" } else { "" }, days * 24 + h as u32)),
        },
        M::Bytes(b) => match ty {
            ColumnType::MYSQL_TYPE_TINY
            | ColumnType::MYSQL_TYPE_SHORT
            | ColumnType::MYSQL_TYPE_LONG
            | ColumnType::MYSQL_TYPE_INT24
            | ColumnType::MYSQL_TYPE_LONGLONG
            | ColumnType::MYSQL_TYPE_YEAR => {
                let t = text(&b);
                t.parse::<i64>().map(Value::Int).unwrap_or_else(|_| t.parse::<Decimal>().map(Value::Decimal).unwrap_or(Value::Str(t)))
            }
            ColumnType::MYSQL_TYPE_FLOAT | ColumnType::MYSQL_TYPE_DOUBLE => {
                let t = text(&b);
                t.parse::<f64>().map(Value::Float).unwrap_or(Value::Str(t))
            }
            ColumnType::MYSQL_TYPE_DECIMAL | ColumnType::MYSQL_TYPE_NEWDECIMAL => {
                let t = text(&b);
                t.parse::<Decimal>().map(Value::Decimal).unwrap_or(Value::Str(t))
            }
            ColumnType::MYSQL_TYPE_DATE => {
                let t = text(&b);
                crate::sql::dialect::parse_date(&t).map(Value::Date).unwrap_or(Value::Str(t))
            }
            ColumnType::MYSQL_TYPE_DATETIME | ColumnType::MYSQL_TYPE_TIMESTAMP => {
                let t = text(&b);
                crate::sql::dialect::parse_datetime(&t).map(Value::DateTime).unwrap_or(Value::Str(t))
            }
            ColumnType::MYSQL_TYPE_TIME => {
                let t = text(&b);
                crate::sql::dialect::parse_time(&t).map(Value::Time).unwrap_or(Value::Str(t))
            }
            ColumnType::MYSQL_TYPE_BIT => Value::Bytes(b),
            _ if col.character_set() == BINARY_CHARSET => Value::Bytes(b),
            _ => Value::Str(text(&b)),
        },
    }
}

/// PyMySQL's `error_map` (pymysql/err.py); numbers it does not list are
/// `OperationalError` from 1000 up and `InternalError` below.
fn errno_kind(code: u16) -> ErrorKind {
    match code {
        1007 | 1149 | 1064 | 1146 | 1102 | 1103 | 1110 | 1111 | 1112 | 1113 | 1179 | 1166 => ErrorKind::ProgrammingError,
        1265 | 1263 | 1264 | 1230 | 1171 | 1406 | 1441 | 1366 | 1367 => ErrorKind::DataError,
        1062 | 1216 | 1452 | 1217 | 1451 | 1215 | 1048 => ErrorKind::IntegrityError,
        1196 | 1235 | 1289 | 1286 => ErrorKind::NotSupportedError,
        c if c < 1000 => ErrorKind::InternalError,
        _ => ErrorKind::OperationalError,
    }
}

/// PyMySQL's `str(e)`: the Python repr of `(errno, message)`.
fn errno_message(code: u16, message: &str) -> String {
    format!("({code}, {})", Value::Str(message.to_string()).py_repr())
}

fn server_error(code: u16, message: &str) -> DriverError {
    let kind = errno_kind(code);
    let mut err = DriverError::new(kind, format!("pymysql.err.{}", kind.name()), errno_message(code, message));
    err.disconnect = DISCONNECT_ERRNOS.contains(&code);
    err
}

fn lost_connection(code: u16, message: &str) -> DriverError {
    let mut err = DriverError::new(ErrorKind::OperationalError, "pymysql.err.OperationalError", errno_message(code, message));
    err.disconnect = true;
    err
}

/// PyMySQL's text when the server's answer ends early (EOF), or when MariaDB
/// answers with the error packet it sends at shutdown (sequence number 0).
const LOST_DURING_QUERY: &str = "Lost connection to MySQL server during query";

fn map_error(e: &mysql::Error) -> DriverError {
    use mysql::Error as E;
    match e {
        E::MySqlError(m) => server_error(m.code, &m.message),
        // The crate's `server_disconnected()`: the socket reached EOF while a reply was read
        // (a restart, KILL, or the server closing an idle connection).
        E::IoError(io) if io.kind() == std::io::ErrorKind::BrokenPipe && io.raw_os_error().is_none() => {
            lost_connection(2013, LOST_DURING_QUERY)
        }
        E::IoError(io) => socket_error(io),
        E::CodecError(codec) => {
            use std::error::Error as _;
            match codec.source().and_then(|s| s.downcast_ref::<std::io::Error>()) {
                Some(io) => socket_error(io),
                None => lost_connection(2013, LOST_DURING_QUERY),
            }
        }
        E::DriverError(mysql::DriverError::MismatchedStmtParams(expected, given)) => DriverError::new(
            ErrorKind::ProgrammingError,
            "pymysql.err.ProgrammingError",
            format!("the statement uses {expected} parameters, {given} given"),
        ),
        E::DriverError(mysql::DriverError::PacketOutOfSync | mysql::DriverError::UnexpectedPacket) => {
            lost_connection(2014, "Command Out of Sync")
        }
        other => DriverError::new(ErrorKind::InterfaceError, "pymysql.err.InterfaceError", other.to_string()),
    }
}

/// A failed socket call, as PyMySQL words it. PyMySQL knows whether the write
/// (`_write_bytes`: 2006 "MySQL server has gone away (<repr>)") or the read
/// (`_read_bytes`: 2013 "Lost connection … (<str>)") failed; the crate does not
/// say, so the kinds only a write meets after the server hung up (EPIPE, and
/// ECONNRESET, which a reset connection gives the first write that follows)
/// are read as the write, the rest as the read.
fn socket_error(io: &std::io::Error) -> DriverError {
    use std::io::ErrorKind as K;
    let (class, errno, text) = py_os_error(io);
    match io.kind() {
        K::BrokenPipe | K::ConnectionReset | K::ConnectionAborted | K::NotConnected => {
            let repr = match errno {
                Some(n) => format!("{class}({n}, {})", Value::Str(text).py_repr()),
                None => format!("{class}({})", Value::Str(text).py_repr()),
            };
            lost_connection(2006, &format!("MySQL server has gone away ({repr})"))
        }
        _ => {
            let shown = match errno {
                Some(n) => format!("[Errno {n}] {text}"),
                None => text,
            };
            lost_connection(2013, &format!("{LOST_DURING_QUERY} ({shown})"))
        }
    }
}

/// Python's `OSError` subclass, errno and strerror for an I/O error.
fn py_os_error(io: &std::io::Error) -> (&'static str, Option<i32>, String) {
    use std::io::ErrorKind as K;
    let class = match io.kind() {
        K::BrokenPipe => "BrokenPipeError",
        K::ConnectionReset => "ConnectionResetError",
        K::ConnectionAborted => "ConnectionAbortedError",
        K::ConnectionRefused => "ConnectionRefusedError",
        K::TimedOut | K::WouldBlock => "TimeoutError",
        _ => "OSError",
    };
    let text = io.to_string();
    let text = match text.find(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    (class, io.raw_os_error(), text)
}

/// The I/O error inside a crate error, if any.
fn io_error_of(e: &mysql::Error) -> Option<&std::io::Error> {
    use std::error::Error as _;
    match e {
        mysql::Error::IoError(io) => Some(io),
        mysql::Error::CodecError(c) => c.source().and_then(|s| s.downcast_ref::<std::io::Error>()),
        _ => None,
    }
}

/// A connect failure as PyMySQL reports it.
fn connect_error(e: &mysql::Error, host: &str) -> DriverError {
    let tls_error = match e {
        mysql::Error::IoError(io) => tls::rustls_error(io),
        mysql::Error::CodecError(c) => tls::rustls_error(c),
        mysql::Error::TlsError(t) => tls::rustls_error(t),
        _ => None,
    };
    match e {
        mysql::Error::MySqlError(m) => server_error(m.code, &m.message),
        mysql::Error::DriverError(mysql::DriverError::TlsNotSupported) => DriverError::new(
            ErrorKind::OperationalError,
            "pymysql.err.OperationalError",
            errno_message(2026, "SSL connection error: SSL is required but the server doesn't support it"),
        ),
        other => {
            let cause = match other {
                // the TLS handshake failed (Python's ssl module's text, as PyMySQL shows it)
                _ if let Some(t) = tls_error => tls::mysql_tls_message(t, host),
                mysql::Error::DriverError(mysql::DriverError::CouldNotConnect(Some((_, desc, _)))) => desc.clone(),
                mysql::Error::DriverError(mysql::DriverError::ConnectTimeout) => "timed out".to_string(),
                // The handshake outlived connect_timeout (socket timeouts give EAGAIN).
                o if io_error_of(o).is_some_and(|io| matches!(io.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)) => {
                    "timed out".to_string()
                }
                o => o.to_string(),
            };
            let cause = match cause.find(" (os error ") {
                Some(i) => {
                    let errno = cause[i + 11..].trim_end_matches(')');
                    format!("[Errno {errno}] {}", &cause[..i])
                }
                None => cause,
            };
            DriverError::new(
                ErrorKind::OperationalError,
                "pymysql.err.OperationalError",
                errno_message(2003, &format!("Can't connect to MySQL server on '{host}' ({cause})")),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errnos_map_like_pymysql() {
        assert_eq!(errno_kind(1062), ErrorKind::IntegrityError);
        assert_eq!(errno_kind(1054), ErrorKind::OperationalError);
        assert_eq!(errno_kind(1146), ErrorKind::ProgrammingError);
        assert_eq!(errno_kind(1213), ErrorKind::OperationalError);
        assert_eq!(errno_kind(1406), ErrorKind::DataError);
        assert_eq!(errno_kind(4025), ErrorKind::OperationalError);
        assert_eq!(errno_kind(999), ErrorKind::InternalError);
        let e = server_error(1062, "Duplicate entry '1' for key 'PRIMARY'");
        assert_eq!(e.message, "(1062, \"Duplicate entry '1' for key 'PRIMARY'\")");
        assert!(!e.disconnect);
        assert!(server_error(2013, "Lost connection").disconnect);
        assert!(server_error(1927, "Connection was killed").disconnect);
    }

    #[test]
    fn values_to_the_wire() {
        assert_eq!(to_mysql(&Value::Bool(true)), mysql::Value::Int(1));
        let d: Decimal = "9.99".parse().unwrap_or_default();
        assert_eq!(to_mysql(&Value::Decimal(d)), mysql::Value::Bytes(b"9.99".to_vec()));
        let dt = NaiveDate::from_ymd_opt(2024, 1, 2).and_then(|d| d.and_hms_micro_opt(3, 4, 5, 6));
        assert_eq!(dt.map(|dt| to_mysql(&Value::DateTime(dt))), Some(mysql::Value::Date(2024, 1, 2, 3, 4, 5, 6)));
    }

    #[test]
    fn connect_timeout_as_pymysql() {
        assert_eq!(connect_timeout(None), Some(Duration::from_secs(10)));
        assert_eq!(connect_timeout(Some("0")), None);
        assert_eq!(connect_timeout(Some("2.5")), Some(Duration::from_millis(2500)));
        assert_eq!(connect_timeout(Some("nope")), None);
    }

    /// Lost connections as PyMySQL words them (checked against PyMySQL 2.2.8 on
    /// MariaDB 10.11: restart and KILL give 2013, wait_timeout 2006 ConnectionResetError).
    #[test]
    #[cfg(target_os = "linux")]
    fn lost_connections_as_pymysql() {
        let eof = map_error(&mysql::Error::server_disconnected());
        assert_eq!(eof.message, "(2013, 'Lost connection to MySQL server during query')");
        assert!(eof.disconnect);
        let reset = map_error(&mysql::Error::IoError(std::io::Error::from_raw_os_error(libc::ECONNRESET)));
        assert_eq!(reset.message, "(2006, \"MySQL server has gone away (ConnectionResetError(104, 'Connection reset by peer'))\")");
        let pipe = map_error(&mysql::Error::IoError(std::io::Error::from_raw_os_error(libc::EPIPE)));
        assert_eq!(pipe.message, "(2006, \"MySQL server has gone away (BrokenPipeError(32, 'Broken pipe'))\")");
        let timeout = socket_error(&std::io::Error::from_raw_os_error(libc::ETIMEDOUT));
        assert_eq!(timeout.message, "(2013, 'Lost connection to MySQL server during query ([Errno 110] Connection timed out)')");
        for e in [reset, pipe, timeout] {
            assert!(e.disconnect && e.kind == ErrorKind::OperationalError && e.orig == "pymysql.err.OperationalError");
        }
    }
}
