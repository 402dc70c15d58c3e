//! Behaviour tests of the engine layer as a whole (Engine + pool + Connection +
//! SQLite driver), each pinned to what SQLAlchemy 2.1 does in the same situation.

use super::driver::{ConnectOptions, DbapiConnection, DriverError, ResultSet, Row};
use super::pool::Creator;
use super::sqlite::SqliteConnection;
use super::*;
use crate::events::{Collector, Event, EventSink, Events, Params};
use crate::exc::ErrorKind;
use crate::sql::value::Value;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

fn temp_db() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    let path = std::env::temp_dir().join(format!(
        "ormsh_engine_{}_{}_{}.db",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        nanos
    ));
    let _ = std::fs::remove_file(&path);
    path.to_string_lossy().into_owned()
}

fn file_engine(path: &str, opts: EngineOptions) -> Engine {
    Engine::create(&Url::parse(&format!("sqlite:///{path}")).unwrap(), opts, Events::null()).unwrap()
}

fn collecting(url: &str, opts: EngineOptions) -> (Engine, Collector) {
    let collector = Collector::default();
    let engine = Engine::create(&Url::parse(url).unwrap(), opts, Events::new(Box::new(collector.clone()))).unwrap();
    (engine, collector)
}

/// The events as short strings: `tx:begin`, `sql:INSERT …|('ed',)`.
fn trace(c: &Collector) -> Vec<String> {
    c.0.borrow()
        .iter()
        .filter(|e| !matches!(e, Event::SqlDone { .. }))
        .map(|e| match e {
            Event::Tx { op, .. } => format!("tx:{}", op.name()),
            Event::Sql { sql, params: Params::One(p), many: false, .. } => {
                format!("sql:{sql}|{}", super::driver::repr_params(p))
            }
            Event::Sql { sql, params: Params::Many(rows), many: true, .. } => {
                format!("many:{sql}|{}", super::driver::repr_many_params(rows))
            }
            other => format!("{other:?}"),
        })
        .collect()
}

fn count(conn: &Connection, table: &str) -> Value {
    conn.execute(&format!("SELECT count(*) FROM {table}"), &[]).unwrap().rows[0][0].clone()
}

#[test]
fn autobegin_commit_and_event_sequence() {
    let (engine, events) = collecting("sqlite://", EngineOptions::default());
    let conn = engine.connect().unwrap();
    assert!(!conn.in_transaction());
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR UNIQUE)", &[]).unwrap();
    assert!(conn.in_transaction());
    let r = conn.execute("INSERT INTO users (name) VALUES (?)", &[Value::Str("ed".into())]).unwrap();
    assert_eq!((r.rowcount, r.lastrowid), (1, Some(1)));
    let n = conn
        .execute_many("INSERT INTO users (name) VALUES (?)", &[vec![Value::Str("a".into())], vec![Value::Str("b".into())]])
        .unwrap();
    assert_eq!(n, 2);
    conn.commit().unwrap();
    assert!(!conn.in_transaction());
    conn.commit().unwrap(); // nothing to commit: no event, no error
    assert_eq!(
        trace(&events),
        vec![
            "tx:begin",
            "sql:CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR UNIQUE)|",
            "sql:INSERT INTO users (name) VALUES (?)|('ed',)",
            "many:INSERT INTO users (name) VALUES (?)|[('a',), ('b',)]",
            "tx:commit",
        ]
    );
    let r = conn.execute("SELECT id, name FROM users ORDER BY id", &[]).unwrap();
    assert_eq!(r.columns, vec!["id", "name"]);
    assert_eq!(r.rows.len(), 3);
    assert_eq!(r.rowcount, -1);
}

#[test]
fn begin_twice_and_explicit_begin() {
    let (engine, events) = collecting("sqlite://", EngineOptions::default());
    let conn = engine.connect().unwrap();
    conn.begin().unwrap();
    let e = conn.begin().unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidRequestError);
    assert!(e.message.starts_with("This connection has already initialized a SQLAlchemy Transaction() object"));
    conn.rollback().unwrap();
    conn.rollback().unwrap();
    assert_eq!(trace(&events), vec!["tx:begin", "tx:rollback"]);
}

#[test]
fn savepoints_named_per_connection() {
    let (engine, events) = collecting("sqlite://", EngineOptions::default());
    let conn = engine.connect().unwrap();
    conn.execute("CREATE TABLE t (x INTEGER)", &[]).unwrap();
    let sp1 = conn.begin_nested().unwrap();
    assert_eq!(sp1, "sa_savepoint_1");
    assert!(conn.in_nested_transaction());
    conn.execute("INSERT INTO t VALUES (1)", &[]).unwrap();
    let sp2 = conn.begin_nested().unwrap();
    assert_eq!(sp2, "sa_savepoint_2");
    conn.execute("INSERT INTO t VALUES (2)", &[]).unwrap();
    conn.rollback_to_savepoint(&sp2).unwrap();
    assert_eq!(conn.savepoints(), vec!["sa_savepoint_1"]);
    assert_eq!(count(&conn, "t"), Value::Int(1));
    conn.release_savepoint(&sp1).unwrap();
    assert!(!conn.in_nested_transaction());
    assert!(conn.in_transaction());
    let e = conn.release_savepoint(&sp1).unwrap_err();
    assert_eq!(e.message, "This nested transaction is inactive");
    conn.commit().unwrap();
    assert_eq!(count(&conn, "t"), Value::Int(1));
    let sp3 = conn.begin_nested().unwrap();
    assert_eq!(sp3, "sa_savepoint_3");
    conn.rollback().unwrap();
    let ops: Vec<String> = trace(&events).into_iter().filter(|s| s.starts_with("tx:")).collect();
    assert_eq!(
        ops,
        vec![
            "tx:begin", "tx:savepoint", "tx:savepoint", "tx:rollback_to", "tx:release", "tx:commit",
            // count() autobegins; begin_nested then only adds the SAVEPOINT
            "tx:begin", "tx:savepoint", "tx:rollback"
        ]
    );
    // A new Connection counts from 1 again, as SQLAlchemy's per-Connection counter.
    let other = engine.connect().unwrap();
    assert_eq!(other.begin_nested().unwrap(), "sa_savepoint_1");
}

#[test]
fn begin_nested_autobegins() {
    let (engine, events) = collecting("sqlite://", EngineOptions::default());
    let conn = engine.connect().unwrap();
    conn.begin_nested().unwrap();
    assert_eq!(trace(&events), vec!["tx:begin", "tx:savepoint"]);
}

#[test]
fn close_rolls_back_and_resets() {
    let path = temp_db();
    let (engine, events) = collecting(&format!("sqlite:///{path}"), EngineOptions::default());
    let setup = engine.connect().unwrap();
    setup.execute("CREATE TABLE t (x INTEGER)", &[]).unwrap();
    setup.commit().unwrap();
    setup.close().unwrap();
    let conn = engine.connect().unwrap();
    conn.execute("INSERT INTO t VALUES (1)", &[]).unwrap();
    conn.close().unwrap();
    assert!(conn.closed());
    assert!(!conn.invalidated());
    let again = engine.connect().unwrap();
    assert_eq!(count(&again, "t"), Value::Int(0));
    let t = trace(&events);
    assert_eq!(&t[3..6], ["tx:begin", "sql:INSERT INTO t VALUES (1)|", "tx:rollback"]);
    // Closed: statements refuse, commit/rollback are no-ops, close is idempotent.
    let e = conn.execute("SELECT 1", &[]).unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::ResourceClosedError, "This Connection is closed"));
    assert_eq!(conn.begin().unwrap_err().kind, ErrorKind::ResourceClosedError);
    conn.commit().unwrap();
    conn.rollback().unwrap();
    conn.close().unwrap();
    assert_eq!(conn.invalidate().unwrap_err().kind, ErrorKind::ResourceClosedError);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn pool_counters_and_status_text() {
    let path = temp_db();
    let engine = file_engine(&path, EngineOptions::default());
    let pool = engine.pool();
    assert_eq!(pool.class_name(), "QueuePool");
    assert_eq!(pool.status(), "Pool size: 5  Connections in pool: 0 Current Overflow: -5 Current Checked out connections: 0");
    let conns: Vec<Connection> = (0..7).map(|_| engine.connect().unwrap()).collect();
    assert_eq!(pool.status(), "Pool size: 5  Connections in pool: 0 Current Overflow: 2 Current Checked out connections: 7");
    assert_eq!((pool.size().unwrap(), pool.checkedin().unwrap(), pool.checkedout().unwrap(), pool.overflow().unwrap()), (5, 0, 7, 2));
    for c in &conns {
        c.close().unwrap();
    }
    assert_eq!(pool.status(), "Pool size: 5  Connections in pool: 5 Current Overflow: 0 Current Checked out connections: 0");
    assert_eq!(pool.connects(), 7);
    // FIFO reuse: no new DBAPI connection.
    let c = engine.connect().unwrap();
    assert_eq!(pool.connects(), 7);
    assert_eq!(pool.status(), "Pool size: 5  Connections in pool: 4 Current Overflow: 0 Current Checked out connections: 1");
    drop(conns);
    c.close().unwrap();
    let _ = std::fs::remove_file(&path);
}

#[test]
fn pool_timeout_waits_then_raises() {
    let path = temp_db();
    let opts = EngineOptions { pool_size: Some(1), max_overflow: Some(0), pool_timeout: Some(0.2), ..Default::default() };
    let engine = file_engine(&path, opts);
    let held = engine.connect().unwrap();
    let start = Instant::now();
    let e = engine.connect().err().unwrap();
    let waited = start.elapsed();
    assert_eq!(e.kind, ErrorKind::TimeoutError);
    assert_eq!(
        e.message,
        "QueuePool limit of size 1 overflow 0 reached, connection timed out, timeout 0.20 (Background on this error at: https://sqlalche.me/e/21/3o7r)"
    );
    assert!(waited >= Duration::from_millis(200) && waited < Duration::from_millis(1500), "{waited:?}");
    assert_eq!(engine.pool().status(), "Pool size: 1  Connections in pool: 0 Current Overflow: 0 Current Checked out connections: 1");
    held.close().unwrap();
    assert!(engine.connect().is_ok());
    let _ = std::fs::remove_file(&path);
}

#[test]
fn timeout_reports_current_overflow() {
    let path = temp_db();
    let opts = EngineOptions { pool_size: Some(2), max_overflow: Some(1), pool_timeout: Some(0.0), ..Default::default() };
    let engine = file_engine(&path, opts);
    let _held: Vec<Connection> = (0..3).map(|_| engine.connect().unwrap()).collect();
    let e = engine.connect().err().unwrap();
    assert!(e.message.starts_with("QueuePool limit of size 2 overflow 1 reached, connection timed out, timeout 0.00"), "{}", e.message);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn dispose_closes_checked_in_only() {
    let path = temp_db();
    let engine = file_engine(&path, EngineOptions::default());
    let a = engine.connect().unwrap();
    let b = engine.connect().unwrap();
    b.close().unwrap();
    let old = engine.pool();
    assert_eq!(old.checkedin().unwrap(), 1);
    engine.dispose();
    assert!(!engine.pool().ptr_eq(&old));
    assert_eq!(old.checkedin().unwrap(), 0);
    assert_eq!(engine.pool().status(), "Pool size: 5  Connections in pool: 0 Current Overflow: -5 Current Checked out connections: 0");
    // The checked-out one still works and goes back to its own (old) pool.
    a.execute("SELECT 1", &[]).unwrap();
    a.close().unwrap();
    assert_eq!(old.checkedin().unwrap(), 1);
    assert_eq!(engine.pool().checkedin().unwrap(), 0);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn integrity_error_carries_statement_info() {
    let (engine, events) = collecting("sqlite://", EngineOptions::default());
    let conn = engine.connect().unwrap();
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR UNIQUE)", &[]).unwrap();
    conn.execute("INSERT INTO users (name) VALUES (?)", &[Value::Str("ed".into())]).unwrap();
    let e = conn.execute("INSERT INTO users (name) VALUES (?)", &[Value::Str("ed".into())]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::IntegrityError);
    assert_eq!(e.message, "UNIQUE constraint failed: users.name");
    let info = e.statement.as_deref().unwrap();
    assert_eq!(info.statement, "INSERT INTO users (name) VALUES (?)");
    assert_eq!(info.params, "('ed',)");
    assert_eq!(info.orig, "sqlite3.IntegrityError");
    assert!(!info.connection_invalidated);
    assert_eq!(
        e.full_message(),
        "(sqlite3.IntegrityError) UNIQUE constraint failed: users.name\n[SQL: INSERT INTO users (name) VALUES (?)]\n[parameters: ('ed',)]\n(Background on this error at: https://sqlalche.me/e/21/gkpj)"
    );
    // Not a disconnect: the connection and its transaction go on.
    assert!(!conn.invalidated());
    assert!(conn.in_transaction());
    let e = conn
        .execute_many("INSERT INTO users (name) VALUES (?)", &[vec![Value::Str("x".into())], vec![Value::Str("ed".into())]])
        .unwrap_err();
    assert_eq!(e.statement.as_deref().unwrap().params, "[('x',), ('ed',)]");
    let e = conn.execute("selec 1", &[]).unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::OperationalError, "near \"selec\": syntax error"));
    assert_eq!(e.statement.as_deref().unwrap().params, "");
    // every statement sent, refused ones included, is followed by its SqlDone (the ledger's time)
    let all = events.0.borrow();
    let sent = all.iter().filter(|e| matches!(e, Event::Sql { .. })).count();
    assert_eq!(all.iter().filter(|e| matches!(e, Event::SqlDone { .. })).count(), sent);
}

/// `execute_each` behaves as `execute` in a loop, with SQL events (one execute
/// per row) and without (one prepared statement for all rows).
#[test]
fn execute_each_is_execute_per_row() {
    for traced in [true, false] {
        let (engine, collector) = if traced {
            let (e, c) = collecting("sqlite://", EngineOptions::default());
            (e, Some(c))
        } else {
            (Engine::create(&Url::parse("sqlite://").unwrap(), EngineOptions::default(), Events::null()).unwrap(), None)
        };
        let conn = engine.connect().unwrap();
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR UNIQUE)", &[]).unwrap();
        let sql = "INSERT INTO users (name) VALUES (?)";
        let rows: Vec<Vec<Value>> = ["a", "b", "a", "c"].iter().map(|n| vec![Value::Str(n.to_string())]).collect();
        let refs: Vec<&[Value]> = rows.iter().map(|r| r.as_slice()).collect();
        let mut seen = Vec::new();
        let e = conn
            .execute_each(sql, &refs, |i, rs| {
                seen.push((i, rs.rowcount, rs.lastrowid));
                Ok(())
            })
            .unwrap_err();
        assert_eq!(seen, vec![(0, 1, Some(1)), (1, 1, Some(2))], "traced={traced}");
        assert_eq!((e.kind, e.message.as_str()), (ErrorKind::IntegrityError, "UNIQUE constraint failed: users.name"));
        let info = e.statement.as_deref().unwrap();
        assert_eq!((info.statement.as_str(), info.params.as_str()), (sql, "('a',)"));
        assert_eq!(count(&conn, "users"), Value::Int(2));
        // an error from `each` stops the run after that row
        let more: Vec<Vec<Value>> = ["x", "y", "z"].iter().map(|n| vec![Value::Str(n.to_string())]).collect();
        let refs: Vec<&[Value]> = more.iter().map(|r| r.as_slice()).collect();
        let e = conn
            .execute_each(sql, &refs, |i, _| if i == 1 { Err(crate::exc::invalid("stop")) } else { Ok(()) })
            .unwrap_err();
        assert_eq!(e.message, "stop");
        assert_eq!(count(&conn, "users"), Value::Int(4));
        // rows come back for statements that return them
        let mut names = Vec::new();
        let q: Vec<Vec<Value>> = vec![vec![Value::Int(1)], vec![Value::Int(4)]];
        let refs: Vec<&[Value]> = q.iter().map(|r| r.as_slice()).collect();
        conn.execute_each("SELECT name FROM users WHERE id = ?", &refs, |_, rs| {
            assert_eq!(rs.rowcount, -1);
            names.push(rs.rows[0][0].clone());
            Ok(())
        })
        .unwrap();
        assert_eq!(names, vec![Value::Str("a".into()), Value::Str("y".into())]);
        if let Some(c) = collector {
            let t = trace(&c);
            assert_eq!(t.iter().filter(|l| l.starts_with("sql:INSERT")).count(), 5, "{t:?}");
        }
    }
}

#[test]
fn memory_database_is_shared_by_every_connect() {
    let (engine, _) = collecting("sqlite://", EngineOptions::default());
    let pool = engine.pool();
    assert_eq!(pool.class_name(), "SingletonThreadPool");
    assert_eq!(pool.status(), format!("SingletonThreadPool id:{} size: 0", pool.id()));
    let c1 = engine.connect().unwrap();
    c1.execute("CREATE TABLE t (x INTEGER)", &[]).unwrap();
    c1.execute("INSERT INTO t VALUES (1)", &[]).unwrap();
    c1.commit().unwrap();
    let c2 = engine.connect().unwrap();
    assert_eq!(c1.dbapi_serial(), c2.dbapi_serial());
    assert_eq!(count(&c2, "t"), Value::Int(1));
    c2.commit().unwrap();
    assert_eq!(pool.status(), format!("SingletonThreadPool id:{} size: 1", pool.id()));
    c2.close().unwrap();
    c1.close().unwrap();
    let c3 = engine.connect().unwrap();
    assert_eq!(count(&c3, "t"), Value::Int(1));
    assert_eq!(pool.connects(), 1);
    assert_eq!(pool.checkedin().unwrap_err().message, "'SingletonThreadPool' object has no attribute 'checkedin'");
    assert_eq!(pool.size().unwrap_err().kind, ErrorKind::TypeError);
    assert_eq!(pool.size_attribute(), Some(5));
    let e = Engine::create(
        &Url::parse("sqlite://").unwrap(),
        EngineOptions { max_overflow: Some(3), ..Default::default() },
        Events::null(),
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::TypeError);
    assert_eq!(e.message, "Invalid argument(s) 'max_overflow' sent to create_engine(), using configuration SQLiteDialect_pysqlite/SingletonThreadPool/Engine.  Please check that the keyword arguments are appropriate for this combination of components.");
}

#[test]
fn engine_repr_and_isolation_level() {
    let e = Engine::create(&Url::parse("sqlite:///:memory:").unwrap(), EngineOptions::default(), Events::null()).unwrap();
    assert_eq!(e.repr(), "Engine(sqlite:///%3Amemory%3A)");
    let pg = Engine::create(
        &Url::parse("postgresql://scott:tiger@localhost/test").unwrap(),
        EngineOptions::default(),
        Events::null(),
    )
    .unwrap();
    assert_eq!(pg.repr(), "Engine(postgresql://scott:***@localhost/test)");
    assert!(!format!("{pg:?}").contains("tiger"));
    assert!(e.ptr_eq(&e.clone()) && !e.ptr_eq(&pg));
    let err = Engine::create(
        &Url::parse("sqlite://").unwrap(),
        EngineOptions { isolation_level: Some("FOO".into()), ..Default::default() },
        Events::null(),
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::ArgumentError);
    let auto = Engine::create(
        &Url::parse("sqlite://").unwrap(),
        EngineOptions { isolation_level: Some("AUTOCOMMIT".into()), ..Default::default() },
        Events::null(),
    )
    .unwrap();
    let c = auto.connect().unwrap();
    c.execute("CREATE TABLE t (x)", &[]).unwrap();
    c.execute("INSERT INTO t VALUES (1)", &[]).unwrap();
    c.rollback().unwrap(); // autocommit: the row stays
    assert_eq!(count(&c, "t"), Value::Int(1));
}

#[test]
fn twophase_on_sqlite_is_not_implemented() {
    let (engine, _) = collecting("sqlite://", EngineOptions::default());
    let conn = engine.connect().unwrap();
    let e = conn.begin_twophase("xid1").unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::NotImplementedError, ""));
    conn.begin().unwrap();
    let e = conn.begin_twophase("xid1").unwrap_err();
    assert_eq!(e.message, "Cannot start a two phase transaction when a transaction is already in progress.");
    let e = conn.prepare_twophase().unwrap_err();
    assert_eq!(e.message, "'twophase' mode not enabled, or not root transaction; can't prepare.");
}

/// A sink with echo off: it still gets `tx` events, never `sql` ones.
#[derive(Clone, Default)]
struct QuietSink(Rc<std::cell::RefCell<Vec<Event>>>);
impl EventSink for QuietSink {
    fn emit(&mut self, ev: Event) {
        self.0.borrow_mut().push(ev);
    }
    fn wants_sql(&self) -> bool {
        false
    }
}

#[test]
fn no_sql_events_when_sink_does_not_want_them() {
    let sink = QuietSink::default();
    let engine =
        Engine::create(&Url::parse("sqlite://").unwrap(), EngineOptions::default(), Events::new(Box::new(sink.clone())))
            .unwrap();
    let conn = engine.connect().unwrap();
    conn.execute("SELECT 1", &[]).unwrap();
    conn.commit().unwrap();
    let got: Vec<String> = sink.0.borrow().iter().map(|e| format!("{e:?}")).collect();
    assert_eq!(got, vec!["Tx { op: Begin, name: None }", "Tx { op: Commit, name: None }"]);
}

/// Savepoints are named `sa_savepoint_N`, counted per connection as
/// SQLAlchemy's `Connection.__savepoint_seq`, and their tx events carry the name.
#[test]
fn savepoint_names_are_counted_per_connection() {
    let sink = QuietSink::default();
    let engine =
        Engine::create(&Url::parse("sqlite://").unwrap(), EngineOptions::default(), Events::new(Box::new(sink.clone())))
            .unwrap();
    let conn = engine.connect().unwrap();
    let a = conn.begin_nested().unwrap();
    let b = conn.begin_nested().unwrap();
    conn.rollback_to_savepoint(&b).unwrap();
    conn.release_savepoint(&a).unwrap();
    let c = conn.begin_nested().unwrap();
    assert_eq!((a.as_str(), b.as_str(), c.as_str()), ("sa_savepoint_1", "sa_savepoint_2", "sa_savepoint_3"));
    conn.commit().unwrap();
    let other = engine.connect().unwrap();
    assert_eq!(other.begin_nested().unwrap(), "sa_savepoint_1");
    other.close().unwrap();
    let named: Vec<String> = sink
        .0
        .borrow()
        .iter()
        .filter_map(|e| match e {
            Event::Tx { op, name: Some(n) } => Some(format!("{} {n}", op.name())),
            _ => None,
        })
        .collect();
    assert_eq!(
        named,
        vec![
            "savepoint sa_savepoint_1",
            "savepoint sa_savepoint_2",
            "rollback_to sa_savepoint_2",
            "release sa_savepoint_1",
            "savepoint sa_savepoint_3",
            "savepoint sa_savepoint_1",
        ]
    );
}

/// A driver over SQLite whose "server" can be restarted: every connection made
/// before the restart then fails with a disconnect, as psycopg2's
/// "server closed the connection unexpectedly".
struct FlakyDriver {
    inner: SqliteConnection,
    epoch: u64,
    server: Rc<Cell<u64>>,
    pings: Rc<Cell<u32>>,
}

impl FlakyDriver {
    fn check(&self) -> Result<(), DriverError> {
        if self.epoch != self.server.get() {
            let mut e = DriverError::new(
                ErrorKind::OperationalError,
                "psycopg2.OperationalError",
                "server closed the connection unexpectedly",
            );
            e.disconnect = true;
            return Err(e);
        }
        Ok(())
    }
}

impl DbapiConnection for FlakyDriver {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<ResultSet, DriverError> {
        self.check()?;
        self.inner.execute(sql, params)
    }
    fn execute_many(&mut self, sql: &str, rows: &[Row]) -> Result<i64, DriverError> {
        self.check()?;
        self.inner.execute_many(sql, rows)
    }
    fn begin(&mut self) -> Result<(), DriverError> {
        self.check()?;
        self.inner.begin()
    }
    fn commit(&mut self) -> Result<(), DriverError> {
        self.check()?;
        self.inner.commit()
    }
    fn rollback(&mut self) -> Result<(), DriverError> {
        self.check()?;
        self.inner.rollback()
    }
    fn ping(&mut self) -> Result<bool, DriverError> {
        self.pings.set(self.pings.get() + 1);
        Ok(self.check().is_ok())
    }
    fn close(&mut self) {
        self.inner.close();
    }
}

fn flaky_engine(opts: EngineOptions) -> (Engine, Rc<Cell<u64>>, Rc<Cell<u32>>) {
    let server = Rc::new(Cell::new(0));
    let pings = Rc::new(Cell::new(0));
    let (s, p) = (server.clone(), pings.clone());
    let url = Url::parse("sqlite:///flaky.db").unwrap();
    let creator: Creator = Rc::new(move || {
        let inner = SqliteConnection::open(&Url::parse("sqlite://").unwrap(), &ConnectOptions::default())
            .map_err(|e| e.wrap("", "", false))?;
        Ok(Box::new(FlakyDriver { inner, epoch: s.get(), server: s.clone(), pings: p.clone() }) as Box<dyn DbapiConnection>)
    });
    let engine = Engine::create_with_creator(&url, opts, Events::null(), creator).unwrap();
    (engine, server, pings)
}

#[test]
fn disconnect_invalidates_connection_and_pool() {
    let (engine, server, _) = flaky_engine(EngineOptions { pool_size: Some(2), ..Default::default() });
    let idle = engine.connect().unwrap();
    let conn = engine.connect().unwrap();
    let idle_serial = idle.dbapi_serial();
    idle.close().unwrap();
    conn.execute("SELECT 1", &[]).unwrap();
    server.set(1); // the server restarts
    let e = conn.execute("SELECT 1", &[]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::OperationalError);
    assert!(e.statement.as_deref().unwrap().connection_invalidated);
    assert!(conn.invalidated() && !conn.closed());
    // Inside the (autobegun) transaction every use now asks for a rollback.
    let pending = "Can't reconnect until invalid transaction is rolled back.  Please rollback() fully before proceeding (Background on this error at: https://sqlalche.me/e/21/8s2b)";
    for _ in 0..2 {
        let e = conn.execute("SELECT 1", &[]).unwrap_err();
        assert_eq!((e.kind, e.message.as_str()), (ErrorKind::PendingRollbackError, pending));
    }
    assert_eq!(conn.commit().unwrap_err().kind, ErrorKind::PendingRollbackError);
    conn.rollback().unwrap();
    // Then it reconnects transparently.
    conn.execute("SELECT 1", &[]).unwrap();
    assert!(!conn.invalidated());
    // The idle pooled connection was older than the disconnect: replaced at checkout.
    let next = engine.connect().unwrap();
    assert_ne!(next.dbapi_serial(), idle_serial);
    next.execute("SELECT 1", &[]).unwrap();
}

#[test]
fn invalidate_then_reconnect_needs_rollback_only_in_transaction() {
    let (engine, _, _) = flaky_engine(EngineOptions::default());
    let conn = engine.connect().unwrap();
    let first = conn.dbapi_serial();
    conn.invalidate().unwrap();
    conn.invalidate().unwrap(); // idempotent
    assert!(conn.invalidated());
    conn.execute("SELECT 1", &[]).unwrap(); // no transaction was open: reconnects
    assert_ne!(conn.dbapi_serial(), first);
    conn.begin_nested().unwrap();
    conn.invalidate().unwrap();
    let e = conn.execute("SELECT 1", &[]).unwrap_err();
    assert!(e.message.starts_with("Can't reconnect until invalid savepoint transaction is rolled back."), "{}", e.message);
    conn.rollback().unwrap();
    conn.execute("SELECT 1", &[]).unwrap();
}

#[test]
fn pre_ping_replaces_dead_connections_silently() {
    let (engine, server, pings) =
        flaky_engine(EngineOptions { pool_size: Some(2), pool_pre_ping: Some(true), ..Default::default() });
    let c = engine.connect().unwrap();
    assert_eq!(pings.get(), 0, "a fresh connection is not pinged");
    let first = c.dbapi_serial();
    c.close().unwrap();
    let c = engine.connect().unwrap();
    assert_eq!(pings.get(), 1);
    assert_eq!(c.dbapi_serial(), first);
    c.close().unwrap();
    server.set(1);
    let c = engine.connect().unwrap();
    assert_ne!(c.dbapi_serial(), first);
    c.execute("SELECT 1", &[]).unwrap();
    assert_eq!(engine.pool().checkedout().unwrap(), 1);
}

#[test]
fn recycle_replaces_old_connections_at_checkout() {
    let (engine, _, _) = flaky_engine(EngineOptions { pool_recycle: Some(0.05), ..Default::default() });
    let c = engine.connect().unwrap();
    let first = c.dbapi_serial();
    c.close().unwrap();
    let c = engine.connect().unwrap();
    assert_eq!(c.dbapi_serial(), first, "young enough: reused");
    c.close().unwrap();
    std::thread::sleep(Duration::from_millis(80));
    let c = engine.connect().unwrap();
    assert_ne!(c.dbapi_serial(), first, "past pool_recycle: replaced");
    assert_eq!(engine.pool().connects(), 2);
}

#[test]
fn failed_connect_gives_overflow_slot_back() {
    let path = std::env::temp_dir().join("ormsh_no_such_dir_xyz").join("db.sqlite");
    let engine = file_engine(&path.to_string_lossy(), EngineOptions::default());
    let e = engine.connect().err().unwrap();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::OperationalError, "unable to open database file"));
    assert_eq!(engine.pool().status(), "Pool size: 5  Connections in pool: 0 Current Overflow: -5 Current Checked out connections: 0");
}

#[test]
fn many_inserts_reuse_the_prepared_statement() {
    let (engine, _) = collecting("sqlite://", EngineOptions::default());
    let conn = engine.connect().unwrap();
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR)", &[]).unwrap();
    let start = Instant::now();
    for i in 0..5000 {
        conn.execute("INSERT INTO t (name) VALUES (?)", &[Value::Str(format!("n{i}"))]).unwrap();
    }
    conn.commit().unwrap();
    assert_eq!(count(&conn, "t"), Value::Int(5000));
    // Generous bound for an unoptimised debug build on a shared machine.
    assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
}

#[test]
fn failed_commit_needs_rollback() {
    let (engine, events) =
        collecting("sqlite://", EngineOptions { sqlite_foreign_keys: Some(true), ..Default::default() });
    let conn = engine.connect().unwrap();
    conn.execute("CREATE TABLE p (id INTEGER PRIMARY KEY)", &[]).unwrap();
    conn.execute("CREATE TABLE ch (pid INTEGER REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)", &[]).unwrap();
    conn.commit().unwrap();
    conn.execute("INSERT INTO ch VALUES (99)", &[]).unwrap();
    let e = conn.commit().unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::IntegrityError, "FOREIGN KEY constraint failed"));
    assert!(conn.in_transaction());
    let pending = "Can't reconnect until invalid transaction is rolled back.  Please rollback() fully before proceeding (Background on this error at: https://sqlalche.me/e/21/8s2b)";
    assert_eq!(conn.execute("SELECT 1", &[]).unwrap_err().message, pending);
    assert_eq!(conn.commit().unwrap_err().kind, ErrorKind::PendingRollbackError);
    let before = events.0.borrow().len();
    conn.rollback().unwrap();
    assert_eq!(events.0.borrow().len(), before, "an inactive transaction ends without a rollback event");
    assert_eq!(count(&conn, "ch"), Value::Int(0));
}

#[test]
fn begin_on_closed_connection_emits_nothing() {
    let (engine, events) = collecting("sqlite://", EngineOptions::default());
    let conn = engine.connect().unwrap();
    conn.close().unwrap();
    assert_eq!(conn.begin().unwrap_err().kind, ErrorKind::ResourceClosedError);
    assert_eq!(conn.begin_nested().unwrap_err().kind, ErrorKind::ResourceClosedError);
    assert!(trace(&events).is_empty());
}
