//! The database server goes away entirely: restarted (fast shutdown), crashed
//! (immediate stop / SIGKILL) and left down, under a pool and under a user at
//! the ormsh prompt. Each test runs a private, throwaway PostgreSQL or MariaDB
//! (`common::private_server`): the shared servers on 5432/3306 are never
//! restarted.
//!
//! What SQLAlchemy 2.1.9 with psycopg2/PyMySQL does, and so what is expected
//! here (the texts were printed by SQLAlchemy against the same servers):
//! - the first statement on a connection the server dropped raises
//!   `OperationalError` with `connection_invalidated`, and every other pooled
//!   connection older than that moment is replaced at its next checkout
//!   without an error;
//! - inside a transaction, later statements raise `PendingRollbackError`
//!   until `rollback()`, after which the connection reconnects;
//! - with `pool_pre_ping` the restart is invisible;
//! - while the server is down, each statement raises the driver's
//!   "connection refused" `OperationalError` at once (not invalidated), the
//!   pool's counts do not drift, and work resumes when the server is back;
//! - committed rows survive, the interrupted transaction's rows do not.
//!
//! And a server that accepts connections but never answers: the connect gives
//! up after the URL's `connect_timeout` (no server needed for that one).
use crate::common;

use crate::common::private_server::{self, Flavor, PrivateServer};
use crate::common::pty::Repl;
use ormsh::engine::{Connection, Engine, EngineOptions, Url};
use ormsh::events::Events;
use ormsh::exc::{Error, ErrorKind};
use ormsh::sql::value::Value;
use std::time::{Duration, Instant};

/// The URL's `connect_timeout`: nothing may take longer against a dead server.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

const PENDING_ROLLBACK: &str = "Can't reconnect until invalid transaction is rolled back.  Please rollback() fully before proceeding (Background on this error at: https://sqlalche.me/e/21/8s2b)";

/// What the driver says, as SQLAlchemy shows it: (orig class, message) for a
/// connection the server dropped, and the message of a refused connect.
struct Texts {
    orig: &'static str,
    dropped: String,
    refused: String,
}

fn texts(s: &PrivateServer) -> Texts {
    match s.flavor() {
        Flavor::Postgresql => Texts {
            orig: "psycopg2.OperationalError",
            dropped: "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.\n".into(),
            refused: format!(
                "connection to server at \"127.0.0.1\", port {} failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n",
                s.port()
            ),
        },
        Flavor::Mariadb => Texts {
            orig: "pymysql.err.OperationalError",
            dropped: "(2013, 'Lost connection to MySQL server during query')".into(),
            refused: "(2003, \"Can't connect to MySQL server on '127.0.0.1' ([Errno 111] Connection refused)\")".into(),
        },
    }
}

fn engine(url: &str, opts: EngineOptions) -> Engine {
    let url = Url::parse(url).unwrap_or_else(|e| panic!("bad URL {url}: {}", e.message));
    Engine::create(&url, opts, Events::null()).unwrap_or_else(|e| panic!("create_engine: {}", e.message))
}

fn connect(e: &Engine) -> Connection {
    e.connect().unwrap_or_else(|err| panic!("connect: {}", err))
}

fn run(c: &Connection, sql: &str) -> Vec<Vec<Value>> {
    c.execute(sql, &[]).unwrap_or_else(|e| panic!("{sql}: {e}")).rows
}

fn ok(result: Result<(), Error>) {
    result.unwrap_or_else(|e| panic!("{e}"));
}

/// Which DBAPI connection of its pool `c` uses, after a statement made sure it
/// has one. (Server session ids cannot tell: MariaDB numbers connections from
/// 1 again after a restart.)
fn dbapi_serial(c: &Connection) -> u64 {
    run(c, "SELECT 1");
    c.dbapi_serial().unwrap_or_else(|| panic!("no DBAPI connection after a statement"))
}

fn notes(c: &Connection) -> Vec<(i64, String)> {
    run(c, "SELECT id, note FROM ormsh_it_restart ORDER BY id")
        .into_iter()
        .map(|r| match (&r[0], &r[1]) {
            (Value::Int(i), Value::Str(s)) => (*i, s.clone()),
            other => panic!("row {other:?}"),
        })
        .collect()
}

fn invalidated(e: &Error) -> bool {
    e.statement.as_ref().is_some_and(|s| s.connection_invalidated)
}

/// The error of a statement on a connection the server dropped.
fn assert_dropped(err: &Error, t: &Texts, sql: &str) {
    assert_eq!(err.kind, ErrorKind::OperationalError, "{err}");
    assert_eq!(err.message, t.dropped, "{err}");
    let info = err.statement.as_deref().unwrap_or_else(|| panic!("no statement info: {err}"));
    assert_eq!((info.orig.as_str(), info.statement.as_str()), (t.orig, sql), "{err}");
    assert!(info.connection_invalidated, "{err}");
}

/// The error of a statement while the server is down: the connect failed,
/// promptly, and nothing was invalidated (there was no connection).
fn assert_refused(err: &Error, t: &Texts, took: Duration) {
    assert_eq!(err.kind, ErrorKind::OperationalError, "{err}");
    assert_eq!(err.message, t.refused, "{err}");
    assert!(!invalidated(err), "{err}");
    assert!(took < CONNECT_TIMEOUT, "a refused connect took {took:?}");
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

/// Restart, crash and outage under a QueuePool with and without pre-ping.
fn pool_through_restart_crash_and_outage(s: &mut PrivateServer) {
    let flavor = s.flavor();
    let t = texts(s);
    let plain = engine(&s.url(), EngineOptions::default());
    let pinged = engine(&s.url(), EngineOptions { pool_pre_ping: Some(true), ..Default::default() });
    let c = connect(&plain);
    run(&c, "CREATE TABLE ormsh_it_restart (id INTEGER PRIMARY KEY, note VARCHAR(20))");
    ok(c.commit());
    run(&c, "INSERT INTO ormsh_it_restart (id, note) VALUES (1, 'committed')");
    ok(c.commit());
    run(&c, "INSERT INTO ormsh_it_restart (id, note) VALUES (2, 'pending')");
    let c_id = c.dbapi_serial();
    // A second connection idle in the pool, and one in the pre-ping engine's pool.
    let idle = connect(&plain);
    let idle_id = dbapi_serial(&idle);
    ok(idle.close());
    let p = connect(&pinged);
    let p_id = dbapi_serial(&p);
    ok(p.close());
    assert_eq!(plain.pool().checkedin().ok(), Some(1));

    // 1. Restart (fast shutdown) with a transaction open.
    let ((), took) = timed(|| s.restart());
    eprintln!("{flavor:?}: restart took {took:?}");
    let sql = "SELECT id, note FROM ormsh_it_restart ORDER BY id";
    let err = c.execute(sql, &[]).expect_err("the server was restarted");
    eprintln!("{flavor:?} after restart: {err}");
    assert_dropped(&err, &t, sql);
    assert!(c.invalidated());
    for _ in 0..2 {
        let again = c.execute("SELECT 1", &[]).expect_err("a rollback must come first");
        assert_eq!((again.kind, again.message.as_str()), (ErrorKind::PendingRollbackError, PENDING_ROLLBACK));
        let again = c.commit().expect_err("commit must not pretend");
        assert_eq!(again.kind, ErrorKind::PendingRollbackError);
    }
    ok(c.rollback());
    assert_ne!(Some(dbapi_serial(&c)), c_id, "a new DBAPI connection");
    assert_eq!(notes(&c), vec![(1, "committed".to_string())], "committed row kept, pending row gone");
    ok(c.commit());
    // The idle pooled connection went with the pool-wide invalidation: no error.
    let idle = connect(&plain);
    assert_ne!(dbapi_serial(&idle), idle_id);
    ok(idle.close());
    // pool_pre_ping: the restart is invisible.
    let p = connect(&pinged);
    assert_ne!(dbapi_serial(&p), p_id);
    ok(p.close());

    // 2. Crash (PostgreSQL immediate stop, SIGKILL of mariadbd), then start.
    run(&c, "INSERT INTO ormsh_it_restart (id, note) VALUES (3, 'committed 2')");
    ok(c.commit());
    run(&c, "INSERT INTO ormsh_it_restart (id, note) VALUES (4, 'lost in crash')");
    s.kill();
    s.start();
    let err = c.execute(sql, &[]).expect_err("the server crashed");
    eprintln!("{flavor:?} after crash: {err}");
    assert_dropped(&err, &t, sql);
    ok(c.rollback());
    assert_eq!(notes(&c), vec![(1, "committed".to_string()), (3, "committed 2".to_string())]);
    ok(c.commit());

    // 3. Down, and staying down.
    let p = connect(&pinged);
    ok(p.close());
    s.stop();
    let err = c.execute("SELECT 1", &[]).expect_err("the server is down");
    eprintln!("{flavor:?} when it went down: {err}");
    assert_dropped(&err, &t, "SELECT 1");
    ok(c.rollback());
    let status = plain.pool().status();
    for _ in 0..3 {
        let (result, took) = timed(|| c.execute("SELECT 1", &[]));
        let err = result.expect_err("still down");
        eprintln!("{flavor:?} while down ({took:?}): {err}");
        assert_refused(&err, &t, took);
        ok(c.rollback());
    }
    assert_eq!(plain.pool().status(), status, "failed connects leave the pool's counts alone");
    let pinged_status = pinged.pool().status();
    let (result, took) = timed(|| pinged.connect());
    let err = result.err().unwrap_or_else(|| panic!("pre-ping checkout while down succeeded"));
    eprintln!("{flavor:?} pre-ping while down ({took:?}): {err}");
    assert_refused(&err, &t, took);
    assert_eq!(pinged.pool().status(), pinged_status);

    // 4. Back up: the same Connection and the pre-ping pool go on.
    s.start();
    assert_eq!(notes(&c), vec![(1, "committed".to_string()), (3, "committed 2".to_string())]);
    ok(c.commit());
    let p = connect(&pinged);
    assert_eq!(run(&p, "SELECT 1"), vec![vec![Value::Int(1)]]);
    ok(p.close());
    ok(c.close());
}

#[test]
#[ignore = "starts a private database server: cargo test -- --include-ignored"]
fn postgresql_restart_crash_and_outage_under_a_pool() {
    let Some(mut s) = private_server::postgresql("pg_pool_restart") else { return };
    pool_through_restart_crash_and_outage(&mut s);
}

#[test]
#[ignore = "starts a private database server: cargo test -- --include-ignored"]
fn mariadb_restart_crash_and_outage_under_a_pool() {
    let Some(mut s) = private_server::mariadb("my_pool_restart") else { return };
    pool_through_restart_crash_and_outage(&mut s);
}

const SCHEMA: &str = r#"{"classes": {"User": {"table": "ormsh_it_e2e_users",
  "columns": {"id": {"type": "integer", "primary_key": true},
              "name": {"type": "string", "length": 30, "nullable": false}}}}}"#;

/// The user's view: ormsh at a terminal on the private server, the server
/// restarted and stopped between two typed statements. The transcript is
/// printed (`--nocapture`) for docs/reliability.md.
fn shell_through_restart_and_outage(s: &mut PrivateServer, test: &str) {
    let t = texts(s);
    let dir = common::temp_dir(test);
    let schema = dir.join("schema.json");
    std::fs::write(&schema, SCHEMA).unwrap_or_else(|e| panic!("{e}"));
    let url = s.url();
    let mut repl = Repl::spawn(&["--no-color", "--ledger", "off", "-s", schema.to_str().unwrap_or(""), &url], &dir.join("history"));
    let names = "session.scalars(select(User.name).order_by(User.id)).all()";
    repl.enter("session.add(User(id=1, name='committed')); session.commit()");
    repl.enter("session.add(User(id=2, name='uncommitted')); session.flush()");

    s.restart();
    let out = repl.enter(names);
    assert!(out.contains(&format!("OperationalError: ({}) {}", t.orig, t.dropped)), "{out}");
    let out = repl.enter(names);
    assert!(out.contains(&format!("PendingRollbackError: {PENDING_ROLLBACK}")), "{out}");
    repl.enter("session.rollback()");
    let out = repl.enter(names);
    assert!(out.trim_end().ends_with("['committed']"), "{out}");

    s.stop();
    let out = repl.enter(names);
    assert!(out.contains(&format!("OperationalError: ({}) {}", t.orig, t.dropped)), "{out}");
    repl.enter("session.rollback()");
    let (out, took) = timed(|| repl.enter(names));
    assert!(out.contains(&format!("OperationalError: ({}) {}", t.orig, t.refused)), "{out}");
    assert!(took < CONNECT_TIMEOUT, "{took:?}");
    let out = repl.enter("session.add(User(id=3, name='while down')); session.commit()");
    assert!(out.contains(&format!("OperationalError: ({}) {}", t.orig, t.refused)), "{out}");

    s.start();
    let out = repl.enter(names);
    assert!(out.contains("PendingRollbackError: This Session's transaction has been rolled back due to a previous exception during flush."), "{out}");
    repl.enter("session.rollback()");
    let out = repl.enter("session.add(User(id=3, name='after')); session.commit()");
    assert!(out.contains("COMMIT"), "{out}");
    let out = repl.enter(names);
    assert!(out.trim_end().ends_with("['committed', 'after']"), "{out}");

    // pool_pre_ping: the user sees nothing of the next restart.
    let out = repl.enter(&format!("pinged = Session(bind=create_engine({url:?}, pool_pre_ping=True))"));
    assert!(!out.contains("Error"), "{out}");
    let out = repl.enter("pinged.scalars(select(User.name).order_by(User.id)).all(); pinged.commit()");
    assert!(!out.contains("Error"), "{out}");
    repl.enter("session.close()");
    s.restart();
    let out = repl.enter("pinged.scalars(select(User.name).order_by(User.id)).all()");
    assert!(!out.contains("Error") && out.trim_end().ends_with("['committed', 'after']"), "{out}");
    repl.enter("pinged.close()");

    // `session`'s own pool (no pre-ping) kept a connection from before that
    // restart: its first statement fails once, even with no transaction open.
    let out = repl.enter(names);
    assert!(out.contains(&format!("OperationalError: ({}) {}", t.orig, t.dropped)), "{out}");
    repl.enter("session.rollback()");
    let out = repl.enter(names);
    assert!(out.trim_end().ends_with("['committed', 'after']"), "{out}");

    // session.close() while the server is down: its ROLLBACK meets the dead
    // connection, and SQLAlchemy raises that (it does not swallow it).
    s.stop();
    let out = repl.enter("session.close()");
    assert!(out.contains(&format!("OperationalError: ({}) {}", t.orig, t.dropped)), "{out}");
    s.start();

    // A restart while a statement runs on the server.
    let sleep = match s.flavor() {
        Flavor::Postgresql => "SELECT pg_sleep(10)",
        Flavor::Mariadb => "SELECT SLEEP(10)",
    };
    let (out, took) = std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(Duration::from_millis(500));
            s.restart();
        });
        timed(|| repl.enter(&format!("session.execute(text({sleep:?})).all()")))
    });
    assert!(out.contains(&format!("OperationalError: ({}) {}", t.orig, t.dropped)), "{out}");
    assert!(out.contains(&format!("[SQL: {sleep}]")), "{out}");
    assert!(took < Duration::from_secs(9), "the restart ended the statement: {took:?}");
    repl.enter("session.rollback()");
    let out = repl.enter(names);
    assert!(out.trim_end().ends_with("['committed', 'after']"), "{out}");
    repl.enter("session.close()");

    let (status, transcript) = repl.quit();
    println!("--- {test}\n{transcript}");
    assert_eq!(status, 1, "statements raised, so the exit status is 1");
    assert!(!transcript.contains("panicked"), "{transcript}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[ignore = "starts a private database server: cargo test -- --include-ignored"]
fn postgresql_restart_seen_at_the_prompt() {
    let Some(mut s) = private_server::postgresql("pg_prompt_restart") else { return };
    shell_through_restart_and_outage(&mut s, "pg_prompt_restart");
}

#[test]
#[ignore = "starts a private database server: cargo test -- --include-ignored"]
fn mariadb_restart_seen_at_the_prompt() {
    let Some(mut s) = private_server::mariadb("my_prompt_restart") else { return };
    shell_through_restart_and_outage(&mut s, "my_prompt_restart");
}

/// A server that accepts connections and never answers (hung, or a black hole
/// in the network): the URL's `connect_timeout` bounds the whole connect, the
/// handshake included, and the pool gives its slot back. psycopg2 says
/// "timeout expired" after the limit (libpq counts at least 2 s); PyMySQL
/// would wait forever once TCP is up, ormsh says what PyMySQL says for a TCP
/// connect that timed out.
fn unresponsive_server(scheme: &str, limit: &str, expected: impl Fn(u16) -> String, within: Duration) {
    // Never accepted: the kernel completes the TCP handshakes, nobody speaks.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_else(|e| panic!("{e}"));
    let e = engine(&format!("{scheme}://u@127.0.0.1:{port}/db?connect_timeout={limit}"), EngineOptions::default());
    let status = e.pool().status();
    {
        let (result, took) = timed(|| e.connect());
        let err = result.err().unwrap_or_else(|| panic!("connected to a server that never answers"));
        eprintln!("{scheme} unresponsive ({took:?}): {err}");
        assert_eq!((err.kind, err.message.clone()), (ErrorKind::OperationalError, expected(port)), "{err}");
        assert!(!invalidated(&err));
        assert!(took >= within.saturating_sub(Duration::from_millis(100)) && took < within + Duration::from_secs(2), "{took:?}");
    }
    assert_eq!(e.pool().status(), status, "the failed connects gave their slots back");
    drop(listener);
}

#[test]
fn postgresql_connect_to_an_unresponsive_server_times_out() {
    let expected = |port| format!("connection to server at \"127.0.0.1\", port {port} failed: timeout expired\n");
    unresponsive_server("postgresql", "1", expected, Duration::from_secs(2));
}

#[test]
fn mysql_connect_to_an_unresponsive_server_times_out() {
    let expected = |_| "(2003, \"Can't connect to MySQL server on '127.0.0.1' (timed out)\")".to_string();
    unresponsive_server("mysql", "1", expected, Duration::from_secs(1));
}
