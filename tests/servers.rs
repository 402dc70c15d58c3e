//! ormsh against real PostgreSQL and MySQL/MariaDB servers: driver behaviour
//! (types, rowcounts, error classes and messages), disconnects (the session's own
//! backend killed: `OperationalError` with `connection_invalidated`, then a
//! transparent reconnect; `pool_pre_ping` replacing a dead connection; nothing
//! committed lost, nothing uncommitted kept), server-side idle timeouts
//! (`wait_timeout`, `idle_session_timeout`) with and without pre-ping,
//! `pool_recycle`, and two-phase commit across both servers through the ORM.
//! Restarts and outages need a server of their own: `server_restart.rs`.
//!
//! Each test runs only when its server's URL is set, and says so when it skips:
//!   ORMSH_TEST_POSTGRESQL_URL=postgresql://postgres@127.0.0.1:5432/test
//!   ORMSH_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test
//! Tables are named `ormsh_it_<test>` so runs of other suites are not disturbed.
use crate::common;

use ormsh::engine::{Connection, Engine, EngineOptions, Url};
use ormsh::events::Events;
use ormsh::exc::{Error, ErrorKind};
use ormsh::sql::value::Value;

const PG_VAR: &str = "ORMSH_TEST_POSTGRESQL_URL";
const MY_VAR: &str = "ORMSH_TEST_MYSQL_URL";

/// One server test at a time, however the harness is run (plain `cargo test`
/// runs tests on several threads): they kill server sessions and count prepared
/// transactions, so two at once could disturb each other. A test that panicked
/// leaves the lock poisoned; the next one takes it anyway.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    common::server_tests_one_at_a_time()
}

/// The server URL from `var`, or `None` after printing that the test is skipped.
fn server(var: &str, test: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            // Straight to the process's stderr: the harness hides print! output of passing tests.
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "skipped: {var} not set ({test})");
            None
        }
    }
}

fn engine(url: &str, opts: EngineOptions) -> Engine {
    let url = Url::parse(url).unwrap_or_else(|e| panic!("bad URL {url}: {}", e.message));
    Engine::create(&url, opts, Events::null()).unwrap_or_else(|e| panic!("create_engine: {}", e.message))
}

fn connect(e: &Engine) -> Connection {
    e.connect().unwrap_or_else(|err| panic!("connect: {}", err.message))
}

fn run(c: &Connection, sql: &str, params: &[Value]) -> ormsh::engine::ResultSet {
    c.execute(sql, params).unwrap_or_else(|e| panic!("{sql}: {:?} {}", e.kind, e.message))
}

fn scalar(c: &Connection, sql: &str) -> Value {
    run(c, sql, &[]).rows.into_iter().next().and_then(|r| r.into_iter().next()).unwrap_or(Value::Null)
}

fn invalidated(e: &Error) -> bool {
    e.statement.as_ref().is_some_and(|s| s.connection_invalidated)
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        other => panic!("not an int: {other:?}"),
    }
}

fn pg_dialect_ok(url: &str) {
    let e = engine(url, EngineOptions::default());
    let c = connect(&e);
    run(&c, "DROP TABLE IF EXISTS ormsh_it_types", &[]);
    run(
        &c,
        "CREATE TABLE ormsh_it_types (id SERIAL PRIMARY KEY, name VARCHAR(20) UNIQUE, price NUMERIC(10, 2), \
         flag BOOLEAN, at TIMESTAMP WITHOUT TIME ZONE, small SMALLINT, doc JSON)",
        &[],
    );
    c.commit().unwrap_or_else(|e| panic!("{}", e.message));
    let r = run(
        &c,
        "INSERT INTO ormsh_it_types (name, price, flag, at, small, doc) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ormsh_it_types.id",
        &[
            Value::Str("ed".into()),
            Value::Float(9.5),
            Value::Bool(true),
            Value::Str("2024-01-02 03:04:05".into()),
            Value::Int(7),
            Value::Str("{\"a\": [1, 2]}".into()),
        ],
    );
    assert_eq!(r.rows.len(), 1);
    let r = run(&c, "SELECT price, flag, at, small, doc, name FROM ormsh_it_types", &[]);
    let row = &r.rows[0];
    assert_eq!(row[0].py_repr(), "Decimal('9.50')");
    assert_eq!(row[1], Value::Bool(true));
    assert_eq!(row[2].py_repr(), "datetime.datetime(2024, 1, 2, 3, 4, 5)");
    assert_eq!(row[3], Value::Int(7));
    assert_eq!(row[4].py_repr(), "{'a': [1, 2]}");
    assert_eq!(r.rowcount, 1);
    // An int8-typed parameter compared with an int4 column; a string into an integer context.
    let r = run(&c, "UPDATE ormsh_it_types SET small = $1 WHERE id = $2", &[Value::Str("8".into()), Value::Int(1)]);
    assert_eq!(r.rowcount, 1);
    c.commit().unwrap_or_else(|e| panic!("{}", e.message));
    let err = c
        .execute("INSERT INTO ormsh_it_types (name) VALUES ($1)", &[Value::Str("ed".into())])
        .expect_err("duplicate name");
    assert_eq!(err.kind, ErrorKind::IntegrityError);
    assert!(
        err.message.starts_with("duplicate key value violates unique constraint \"ormsh_it_types_name_key\"\nDETAIL:  Key (name)=(ed) already exists."),
        "{}",
        err.message
    );
    assert_eq!(err.statement.as_ref().map(|s| s.orig.as_str()), Some("psycopg2.errors.UniqueViolation"));
    assert!(!invalidated(&err));
    c.rollback().unwrap_or_else(|e| panic!("{}", e.message));
    let err = c.execute("SELECT nocol FROM ormsh_it_types", &[]).expect_err("no column");
    assert_eq!(err.kind, ErrorKind::ProgrammingError);
    assert!(err.message.contains("column \"nocol\" does not exist\nLINE 1: SELECT nocol FROM ormsh_it_types\n               ^"), "{}", err.message);
    c.rollback().unwrap_or_else(|e| panic!("{}", e.message));
    // Savepoints
    run(&c, "INSERT INTO ormsh_it_types (name) VALUES ($1)", &[Value::Str("kept".into())]);
    let sp = c.begin_nested().unwrap_or_else(|e| panic!("{}", e.message));
    run(&c, "INSERT INTO ormsh_it_types (name) VALUES ($1)", &[Value::Str("undone".into())]);
    c.rollback_to_savepoint(&sp).unwrap_or_else(|e| panic!("{}", e.message));
    c.commit().unwrap_or_else(|e| panic!("{}", e.message));
    let names = run(&c, "SELECT name FROM ormsh_it_types ORDER BY id", &[]).rows;
    assert_eq!(names, vec![vec![Value::Str("ed".into())], vec![Value::Str("kept".into())]]);
    // Types psycopg2 hands over as the server's text (the driver receives them in binary):
    // network addresses, money, geometry, bit strings; a string parameter into an inet.
    let r = run(
        &c,
        "SELECT $1::inet, inet '10.1.2.3', cidr '10.0.0.0/8', inet '::1', macaddr '08:00:2b:01:02:03', \
         1234567.5::money, point(1.5, 2), box(point(1, 2), point(3, 4)), B'101'::bit(3), circle(point(0, 0), 1e20)",
        &[Value::Str("192.168.0.1/24".into())],
    );
    let texts: Vec<String> = r.rows[0].iter().map(|v| v.py_repr()).collect();
    assert_eq!(
        texts,
        [
            "'192.168.0.1/24'", "'10.1.2.3'", "'10.0.0.0/8'", "'::1'", "'08:00:2b:01:02:03'", "'$1,234,567.50'", "'(1.5,2)'",
            "'(3,4),(1,2)'", "'101'", "'<(0,0),1e+20>'"
        ]
    );
    run(&c, "DROP TABLE ormsh_it_types", &[]);
    c.commit().unwrap_or_else(|e| panic!("{}", e.message));
}

#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL: cargo test -- --include-ignored"]
fn postgresql_types_errors_savepoints() {
    let _serial = one_at_a_time();
    let Some(url) = server(PG_VAR, "postgresql_types_errors_savepoints") else { return };
    pg_dialect_ok(&url);
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL: cargo test -- --include-ignored"]
fn mysql_types_rowcount_lastrowid_errors() {
    let _serial = one_at_a_time();
    let Some(url) = server(MY_VAR, "mysql_types_rowcount_lastrowid_errors") else { return };
    let e = engine(&url, EngineOptions::default());
    let c = connect(&e);
    run(&c, "DROP TABLE IF EXISTS ormsh_it_types", &[]);
    run(
        &c,
        "CREATE TABLE ormsh_it_types (id INTEGER NOT NULL AUTO_INCREMENT, name VARCHAR(20) UNIQUE, price NUMERIC(10, 2), \
         flag BOOL, at DATETIME, ratio FLOAT, data BLOB, PRIMARY KEY (id))",
        &[],
    );
    let r = run(
        &c,
        "INSERT INTO ormsh_it_types (name, price, flag, at, ratio, data) VALUES (?, ?, ?, ?, ?, ?)",
        &[
            Value::Str("ed".into()),
            Value::Str("9.5".into()),
            Value::Bool(true),
            Value::Str("2024-01-02 03:04:05".into()),
            Value::Float(1.1),
            Value::Bytes(vec![0, 1, 2]),
        ],
    );
    assert_eq!((r.rowcount, r.lastrowid), (1, Some(1)));
    let r = run(&c, "INSERT INTO ormsh_it_types (name) VALUES ('jack')", &[]);
    assert_eq!(r.lastrowid, Some(2));
    for (sql, params) in [("SELECT price, flag, at, ratio, data, name FROM ormsh_it_types WHERE id = ?", vec![Value::Int(1)]), ("SELECT price, flag, at, ratio, data, name FROM ormsh_it_types WHERE id = 1", vec![])] {
        let r = run(&c, sql, &params);
        let row = &r.rows[0];
        assert_eq!(row[0].py_repr(), "Decimal('9.50')", "{sql}");
        assert_eq!(row[1], Value::Int(1), "{sql}");
        assert_eq!(row[2].py_repr(), "datetime.datetime(2024, 1, 2, 3, 4, 5)", "{sql}");
        assert_eq!(row[3], Value::Float(1.1), "{sql}");
        assert_eq!(row[4], Value::Bytes(vec![0, 1, 2]), "{sql}");
        assert_eq!(row[5], Value::Str("ed".into()), "{sql}");
    }
    // CLIENT_FOUND_ROWS: an UPDATE that changes nothing still counts its matched row.
    let r = run(&c, "UPDATE ormsh_it_types SET name = ? WHERE id = ?", &[Value::Str("ed".into()), Value::Int(1)]);
    assert_eq!(r.rowcount, 1);
    let err = c.execute("INSERT INTO ormsh_it_types (name) VALUES (?)", &[Value::Str("ed".into())]).expect_err("duplicate");
    assert_eq!(err.kind, ErrorKind::IntegrityError);
    assert_eq!(err.message, "(1062, \"Duplicate entry 'ed' for key 'name'\")");
    let err = c.execute("SELECT nocol FROM ormsh_it_types", &[]).expect_err("no column");
    assert_eq!(err.kind, ErrorKind::OperationalError);
    assert!(err.message.starts_with("(1054, \"Unknown column 'nocol'"), "{}", err.message);
    let err = c.execute("SELECT * FROM ormsh_it_nosuch", &[]).expect_err("no table");
    assert_eq!(err.kind, ErrorKind::ProgrammingError);
    c.rollback().unwrap_or_else(|e| panic!("{}", e.message));
    run(&c, "DROP TABLE ormsh_it_types", &[]);
}

/// Kill the connection's server session from a second connection.
fn kill(admin: &Connection, pg: bool, id: i64) {
    if pg {
        run(admin, &format!("SELECT pg_terminate_backend({id})"), &[]);
    } else {
        run(admin, &format!("KILL {id}"), &[]);
    }
    admin.commit().unwrap_or_else(|e| panic!("{}", e.message));
    std::thread::sleep(std::time::Duration::from_millis(200));
}

fn session_id_sql(pg: bool) -> &'static str {
    if pg {
        "SELECT pg_backend_pid()"
    } else {
        "SELECT CONNECTION_ID()"
    }
}

/// The killed connection: the next statement fails with an invalidated
/// OperationalError; inside the transaction the connection then wants a
/// rollback; after it the next statement reconnects. Committed rows stay,
/// the uncommitted one is gone.
fn disconnect_during_transaction(url: &str, pg: bool) {
    let e = engine(url, EngineOptions::default());
    let admin_engine = engine(url, EngineOptions::default());
    let admin = connect(&admin_engine);
    let c = connect(&e);
    let (ph1, ph2) = if pg { ("$1", "$2") } else { ("?", "?") };
    run(&c, "DROP TABLE IF EXISTS ormsh_it_kill", &[]);
    run(&c, "CREATE TABLE ormsh_it_kill (id INTEGER PRIMARY KEY, note VARCHAR(20))", &[]);
    c.commit().unwrap_or_else(|e| panic!("{}", e.message));
    run(&c, &format!("INSERT INTO ormsh_it_kill (id, note) VALUES ({ph1}, {ph2})"), &[Value::Int(1), Value::Str("committed".into())]);
    c.commit().unwrap_or_else(|e| panic!("{}", e.message));
    run(&c, &format!("INSERT INTO ormsh_it_kill (id, note) VALUES ({ph1}, {ph2})"), &[Value::Int(2), Value::Str("pending".into())]);
    let before = int(&scalar(&c, session_id_sql(pg)));
    kill(&admin, pg, before);
    let err = c.execute("SELECT 1", &[]).expect_err("the session was killed");
    println!("after kill: {:?} invalidated={} {}", err.kind, invalidated(&err), err.message);
    assert_eq!(err.kind, ErrorKind::OperationalError, "{}", err.message);
    assert!(invalidated(&err), "{}", err.message);
    assert!(c.invalidated());
    let again = c.execute("SELECT 1", &[]).expect_err("a rollback must come first");
    assert_eq!(again.kind, ErrorKind::PendingRollbackError);
    c.rollback().unwrap_or_else(|e| panic!("rollback: {}", e.message));
    let after = int(&scalar(&c, session_id_sql(pg)));
    assert_ne!(before, after, "a new server session");
    let rows = run(&c, "SELECT id, note FROM ormsh_it_kill ORDER BY id", &[]).rows;
    assert_eq!(rows, vec![vec![Value::Int(1), Value::Str("committed".into())]]);
    // Outside a transaction too: the pool was invalidated, the next checkout is fresh.
    c.commit().unwrap_or_else(|e| panic!("{}", e.message));
    let id = int(&scalar(&c, session_id_sql(pg)));
    c.commit().unwrap_or_else(|e| panic!("{}", e.message));
    kill(&admin, pg, id);
    let err = c.execute("SELECT 1", &[]).expect_err("killed again");
    assert!(invalidated(&err) && err.kind == ErrorKind::OperationalError, "{:?} {}", err.kind, err.message);
    c.rollback().unwrap_or_else(|e| panic!("{}", e.message));
    assert_eq!(int(&scalar(&c, "SELECT 7")), 7);
    run(&c, "DROP TABLE ormsh_it_kill", &[]);
    c.commit().unwrap_or_else(|e| panic!("{}", e.message));
    let _ = c.close();
    let _ = admin.close();
}

/// pool_pre_ping: a connection killed while in the pool is replaced at checkout
/// without an error; without pre-ping the first statement fails once.
fn pre_ping_replaces_dead_connection(url: &str, pg: bool) {
    let admin_engine = engine(url, EngineOptions::default());
    let admin = connect(&admin_engine);
    let e = engine(url, EngineOptions { pool_pre_ping: Some(true), ..Default::default() });
    let c = connect(&e);
    let first = int(&scalar(&c, session_id_sql(pg)));
    let _ = c.close();
    kill(&admin, pg, first);
    let c = connect(&e);
    let second = int(&scalar(&c, session_id_sql(pg)));
    assert_ne!(first, second);
    let _ = c.close();
    let plain = engine(url, EngineOptions::default());
    let c = connect(&plain);
    let id = int(&scalar(&c, session_id_sql(pg)));
    let _ = c.close();
    kill(&admin, pg, id);
    let c = connect(&plain);
    let err = c.execute("SELECT 1", &[]).expect_err("no pre-ping: the dead connection is used");
    println!("without pre-ping: {:?} invalidated={} {}", err.kind, invalidated(&err), err.message);
    assert!(invalidated(&err) && err.kind == ErrorKind::OperationalError);
    c.rollback().unwrap_or_else(|e| panic!("{}", e.message));
    assert_eq!(int(&scalar(&c, "SELECT 1")), 1);
    let _ = c.close();
    let _ = admin.close();
}

#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL: cargo test -- --include-ignored"]
fn postgresql_killed_backend_invalidates_and_reconnects() {
    let _serial = one_at_a_time();
    let Some(url) = server(PG_VAR, "postgresql_killed_backend_invalidates_and_reconnects") else { return };
    disconnect_during_transaction(&url, true);
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL: cargo test -- --include-ignored"]
fn mysql_killed_connection_invalidates_and_reconnects() {
    let _serial = one_at_a_time();
    let Some(url) = server(MY_VAR, "mysql_killed_connection_invalidates_and_reconnects") else { return };
    disconnect_during_transaction(&url, false);
}

#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL: cargo test -- --include-ignored"]
fn postgresql_pre_ping() {
    let _serial = one_at_a_time();
    let Some(url) = server(PG_VAR, "postgresql_pre_ping") else { return };
    pre_ping_replaces_dead_connection(&url, true);
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL: cargo test -- --include-ignored"]
fn mysql_pre_ping() {
    let _serial = one_at_a_time();
    let Some(url) = server(MY_VAR, "mysql_pre_ping") else { return };
    pre_ping_replaces_dead_connection(&url, false);
}

const TWOPHASE_SCHEMA: &str = r#"{
  "classes": {
    "User": {"table": "ormsh_it_2pc_users",
             "columns": {"id": {"type": "integer", "primary_key": true},
                         "name": {"type": "string", "length": 50, "nullable": false}}},
    "Address": {"table": "ormsh_it_2pc_addresses",
                "columns": {"id": {"type": "integer", "primary_key": true},
                            "email": {"type": "string", "length": 100, "nullable": false}}}
  }
}"#;

fn prepared_leftovers(pg: &Connection, my: &Connection) -> (usize, usize) {
    let p = run(pg, "SELECT gid FROM pg_prepared_xacts WHERE database = current_database()", &[]).rows.len();
    let m = run(my, "XA RECOVER", &[]).rows.len();
    let _ = pg.commit();
    let _ = my.commit();
    (p, m)
}

/// `sessionmaker(twophase=True, binds={User: pg, Address: my})`: both rows
/// committed through PREPARE TRANSACTION / XA PREPARE; the trace shows
/// begin_twophase, prepare, commit_prepared; then a prepare failure on the
/// PostgreSQL side (a deferred unique constraint checked at PREPARE) rolls both
/// servers back and leaves no prepared transaction behind.
#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL and ORMSH_TEST_MYSQL_URL: cargo test -- --include-ignored"]
fn twophase_across_postgresql_and_mysql() {
    let _serial = one_at_a_time();
    let Some(pg_url) = server(PG_VAR, "twophase_across_postgresql_and_mysql") else { return };
    let Some(my_url) = server(MY_VAR, "twophase_across_postgresql_and_mysql") else { return };
    let pg = connect(&engine(&pg_url, EngineOptions::default()));
    let my = connect(&engine(&my_url, EngineOptions::default()));
    run(&pg, "DROP TABLE IF EXISTS ormsh_it_2pc_users", &[]);
    run(
        &pg,
        "CREATE TABLE ormsh_it_2pc_users (id SERIAL PRIMARY KEY, name VARCHAR(50) NOT NULL, \
         CONSTRAINT ormsh_it_2pc_name UNIQUE (name) DEFERRABLE INITIALLY DEFERRED)",
        &[],
    );
    pg.commit().unwrap_or_else(|e| panic!("{}", e.message));
    run(&my, "DROP TABLE IF EXISTS ormsh_it_2pc_addresses", &[]);
    run(&my, "CREATE TABLE ormsh_it_2pc_addresses (id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(100) NOT NULL)", &[]);
    my.commit().unwrap_or_else(|e| panic!("{}", e.message));

    let dir = common::temp_dir("twophase");
    let schema = dir.join("schema.json");
    std::fs::write(&schema, TWOPHASE_SCHEMA).unwrap_or_else(|e| panic!("{e}"));
    let script = format!(
        "my = create_engine({my_url:?})\n\
         S = sessionmaker(twophase=True, binds={{User: engine, Address: my}})\n\
         s = S()\n\
         s.add(User(name='tp'))\n\
         s.add(Address(email='tp@example.com'))\n\
         s.commit()\n\
         print('first committed')\n\
         s.add(User(name='tp'))\n\
         s.add(Address(email='lost@example.com'))\n\
         s.commit()\n"
    );
    let script_path = dir.join("twophase.py");
    std::fs::write(&script_path, script).unwrap_or_else(|e| panic!("{e}"));
    let r = common::ormsh(
        &["--schema", schema.to_str().unwrap_or(""), "--no-create", "--format", "jsonl", "-f", script_path.to_str().unwrap_or(""), &pg_url],
        "",
        &[],
    );
    println!("{}\n{}", r.stdout, r.stderr);
    let ops: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains("\"ev\": \"tx\"") || l.contains("\"ev\":\"tx\""))
        .filter_map(|l| l.split("\"op\"").nth(1))
        .filter_map(|rest| rest.split('"').nth(1))
        .collect();
    assert!(r.stdout.contains("first committed"), "{}", r.stdout);
    for op in ["begin_twophase", "prepare", "commit_prepared", "rollback_prepared"] {
        assert!(ops.contains(&op), "no {op} in {ops:?}");
    }
    assert!(r.stdout.contains("IntegrityError"), "the second commit fails at PREPARE TRANSACTION: {}", r.stdout);
    let users = run(&pg, "SELECT name FROM ormsh_it_2pc_users", &[]).rows;
    let addresses = run(&my, "SELECT email FROM ormsh_it_2pc_addresses", &[]).rows;
    assert_eq!(users, vec![vec![Value::Str("tp".into())]]);
    assert_eq!(addresses, vec![vec![Value::Str("tp@example.com".into())]]);
    assert_eq!(prepared_leftovers(&pg, &my), (0, 0));
    run(&pg, "DROP TABLE ormsh_it_2pc_users", &[]);
    pg.commit().unwrap_or_else(|e| panic!("{}", e.message));
    run(&my, "DROP TABLE ormsh_it_2pc_addresses", &[]);
}

/// The server's id for the connection's session (backend pid / CONNECTION_ID()).
fn session_id(c: &Connection, pg: bool) -> i64 {
    int(&scalar(c, session_id_sql(pg)))
}

/// True while the server still lists session `id`, waiting up to 2 s for it
/// to go (a closed client's session ends a moment after the close).
fn session_listed(admin: &Connection, pg: bool, id: i64) -> bool {
    let sql = if pg {
        format!("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = {id}")
    } else {
        format!("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = {id}")
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        let listed = int(&scalar(admin, &sql)) > 0;
        admin.commit().unwrap_or_else(|e| panic!("{}", e.message));
        if !listed || std::time::Instant::now() > deadline {
            return listed;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// What SQLAlchemy 2.1.9 shows for a connection the server closed after its
/// idle timeout (psycopg2 2.9.13 / PyMySQL 2.2.8 against these servers). PyMySQL
/// says 2006 when its write meets the reset, 2013 when its read meets EOF.
fn assert_timed_out(err: &Error, pg: bool, sql: &str) {
    assert_eq!(err.kind, ErrorKind::OperationalError, "{err}");
    assert!(invalidated(err), "{err}");
    let s = err.statement.as_deref().unwrap_or_else(|| panic!("no statement: {err}"));
    assert_eq!(s.statement, sql, "the error is the user's statement's, not a BEGIN's");
    if pg {
        assert_eq!(s.orig, "psycopg2.OperationalError");
        assert_eq!(err.message, "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.\n");
    } else {
        assert_eq!(s.orig, "pymysql.err.OperationalError");
        let texts = [
            "(2006, \"MySQL server has gone away (ConnectionResetError(104, 'Connection reset by peer'))\")",
            "(2013, 'Lost connection to MySQL server during query')",
        ];
        assert!(texts.contains(&err.message.as_str()), "{}", err.message);
    }
}

/// Server-side idle timeouts (MariaDB `wait_timeout`; PostgreSQL
/// `idle_session_timeout`, and `idle_in_transaction_session_timeout` inside a
/// transaction) against a plain pool, a pre-ping pool and a `pool_recycle`
/// pool, all sleeping through the same 2 s:
/// - plain: the next statement raises OperationalError, invalidated (inside a
///   transaction then PendingRollbackError until rollback); after it the
///   connection is new; the committed row is there, the pending one is not;
/// - pool_pre_ping: no error, a new server session;
/// - pool_recycle=1: a connection younger than 1 s is reused, an older one is
///   replaced at checkout and its server session closed (it had no timeout,
///   so only ormsh can have ended it).
fn idle_timeouts_and_recycle(url: &str, pg: bool) {
    let admin_engine = engine(url, EngineOptions::default());
    let admin = connect(&admin_engine);
    run(&admin, "DROP TABLE IF EXISTS ormsh_it_idle", &[]);
    run(&admin, "CREATE TABLE ormsh_it_idle (id INTEGER PRIMARY KEY, note VARCHAR(20))", &[]);
    run(&admin, "INSERT INTO ormsh_it_idle (id, note) VALUES (1, 'committed')", &[]);
    admin.commit().unwrap_or_else(|e| panic!("{}", e.message));
    let (idle_timeout, tx_timeout) = if pg {
        ("SET idle_session_timeout = '1s'", "SET idle_in_transaction_session_timeout = '1s'")
    } else {
        ("SET SESSION wait_timeout = 1", "SET SESSION wait_timeout = 1")
    };
    let set = |c: &Connection, sql: &str| {
        run(c, sql, &[]);
        c.commit().unwrap_or_else(|e| panic!("{}", e.message));
    };
    let plain = engine(url, EngineOptions::default());
    let idle = connect(&plain);
    let tx = connect(&plain);
    set(&idle, idle_timeout);
    let idle_id = session_id(&idle, pg);
    let _ = idle.close();
    set(&tx, tx_timeout);
    run(&tx, "INSERT INTO ormsh_it_idle (id, note) VALUES (2, 'pending')", &[]);
    let pinged = engine(url, EngineOptions { pool_pre_ping: Some(true), ..Default::default() });
    let p = connect(&pinged);
    set(&p, idle_timeout);
    let p_id = session_id(&p, pg);
    let _ = p.close();
    let recycled = engine(url, EngineOptions { pool_recycle: Some(1.0), ..Default::default() });
    let r = connect(&recycled);
    let r_id = session_id(&r, pg);
    let _ = r.close();
    let r = connect(&recycled);
    assert_eq!(session_id(&r, pg), r_id, "younger than pool_recycle: reused");
    let _ = r.close();

    std::thread::sleep(std::time::Duration::from_millis(2200));

    let c = connect(&plain);
    let err = c.execute("SELECT 1", &[]).expect_err("the server closed the idle connection");
    println!("idle timeout, plain pool: {err}");
    assert_timed_out(&err, pg, "SELECT 1");
    c.rollback().unwrap_or_else(|e| panic!("{}", e.message));
    assert_ne!(session_id(&c, pg), idle_id);
    let _ = c.close();

    let sql = "SELECT id, note FROM ormsh_it_idle ORDER BY id";
    let err = tx.execute(sql, &[]).expect_err("the server closed the connection idle in a transaction");
    println!("idle timeout inside a transaction: {err}");
    assert_timed_out(&err, pg, sql);
    let again = tx.execute(sql, &[]).expect_err("rollback first");
    assert_eq!(again.kind, ErrorKind::PendingRollbackError);
    tx.rollback().unwrap_or_else(|e| panic!("{}", e.message));
    let rows = run(&tx, sql, &[]).rows;
    assert_eq!(rows, vec![vec![Value::Int(1), Value::Str("committed".into())]]);
    let _ = tx.close();

    let p = connect(&pinged);
    assert_ne!(session_id(&p, pg), p_id, "pre-ping replaced the timed-out connection");
    let _ = p.close();

    let r = connect(&recycled);
    assert_ne!(session_id(&r, pg), r_id, "older than pool_recycle: replaced at checkout");
    assert!(!session_listed(&admin, pg, r_id), "the recycled connection's server session is gone");
    let _ = r.close();

    run(&admin, "DROP TABLE ormsh_it_idle", &[]);
    admin.commit().unwrap_or_else(|e| panic!("{}", e.message));
    let _ = admin.close();
}

#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL: cargo test -- --include-ignored"]
fn postgresql_idle_session_timeout_pre_ping_and_recycle() {
    let _serial = one_at_a_time();
    let Some(url) = server(PG_VAR, "postgresql_idle_session_timeout_pre_ping_and_recycle") else { return };
    idle_timeouts_and_recycle(&url, true);
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL: cargo test -- --include-ignored"]
fn mysql_wait_timeout_pre_ping_and_recycle() {
    let _serial = one_at_a_time();
    let Some(url) = server(MY_VAR, "mysql_wait_timeout_pre_ping_and_recycle") else { return };
    idle_timeouts_and_recycle(&url, false);
}

/// `--sandbox` on a server: what the session commits inside it is visible to
/// the session, and gone for everyone once ormsh exits; a row committed
/// before stays.
fn sandbox_leaves_nothing(url: &str, test: &str) {
    let dir = common::temp_dir(test);
    let schema = dir.join("sandbox.json");
    std::fs::write(
        &schema,
        r#"{"classes": {"Note": {"table": "ormsh_it_sandbox", "columns": {
            "id": {"type": "integer", "primary_key": true}, "text": {"type": "string", "length": 20}}}}}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let schema = schema.to_string_lossy().to_string();
    let ormsh = |args: &[&str]| {
        let mut all = vec!["-s", schema.as_str(), url];
        all.extend_from_slice(args);
        common::ormsh(&all, "", &[])
    };
    let setup = ormsh(&["-c", "session.execute(delete(Note)); session.add(Note(text='kept')); session.commit()"]);
    assert_eq!(setup.status, 0, "{}\n{}", setup.stdout, setup.stderr);
    let inside = ormsh(&[
        "--sandbox",
        "-c",
        "session.add(Note(text='gone')); session.commit(); print(sorted(session.scalars(select(Note.text))))",
    ]);
    assert_eq!(inside.status, 0, "{}", inside.stderr);
    assert!(inside.stdout.contains("['gone', 'kept']"), "{}", inside.stdout);
    assert!(inside.stderr.contains("sandbox: rolled back"), "{}", inside.stderr);
    let after = ormsh(&["-c", "print(sorted(session.scalars(select(Note.text))))"]);
    assert!(after.stdout.contains("['kept']"), "the sandbox left a row: {}", after.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL: cargo test -- --include-ignored"]
fn postgresql_sandbox_leaves_nothing() {
    let _serial = one_at_a_time();
    let Some(url) = server(PG_VAR, "postgresql_sandbox_leaves_nothing") else { return };
    sandbox_leaves_nothing(&url, "sandbox-pg");
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL: cargo test -- --include-ignored"]
fn mysql_sandbox_leaves_nothing() {
    let _serial = one_at_a_time();
    let Some(url) = server(MY_VAR, "mysql_sandbox_leaves_nothing") else { return };
    sandbox_leaves_nothing(&url, "sandbox-my");
}
