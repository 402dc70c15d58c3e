//! Server-side cursors for `stream_results` (`yield_per`, issue 10) on real
//! PostgreSQL and MySQL/MariaDB servers: rows come from the server in chunks
//! as they are fetched; on PostgreSQL other statements interleave (a named
//! cursor, `DECLARE … CURSOR`), the transaction's end makes the next fetch
//! fail as psycopg2's "named cursor isn't valid anymore", and an exhausted
//! cursor is closed on the server; on MySQL/MariaDB (an unbuffered result, as
//! PyMySQL's `SSCursor`) another statement reads and drops the rest first,
//! and the cursor then ends quietly.
//!
//! Run only when the server URLs are set (see `servers.rs`):
//!   ORMSH_TEST_POSTGRESQL_URL=postgresql://postgres@127.0.0.1:5432/test
//!   ORMSH_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test
use crate::common;

use ormsh::engine::{Connection, Cursor, Engine, EngineOptions, Url};
use ormsh::events::Events;
use ormsh::exc::ErrorKind;
use ormsh::sql::value::Value;

fn server(var: &str, test: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "skipped: {var} not set ({test})");
            None
        }
    }
}

fn connect(url: &str) -> Connection {
    let url = Url::parse(url).unwrap_or_else(|e| panic!("bad URL: {}", e.message));
    let e = Engine::create(&url, EngineOptions::default(), Events::null()).unwrap_or_else(|e| panic!("create_engine: {}", e.message));
    e.connect().unwrap_or_else(|err| panic!("connect: {}", err.message))
}

fn run(c: &Connection, sql: &str) -> Vec<Vec<Value>> {
    c.execute(sql, &[]).unwrap_or_else(|e| panic!("{sql}: {:?} {}", e.kind, e.message)).rows
}

/// The first values of up to `n` more rows of `cur`.
fn fetch(cur: &mut Cursor, n: usize) -> Vec<i64> {
    let mut got = Vec::new();
    cur.fetch(n, &mut |row| {
        if let Some(Value::Int(i)) = row.first() {
            got.push(*i);
        }
        Ok(())
    })
    .unwrap_or_else(|e| panic!("fetch: {:?} {}", e.kind, e.message));
    got
}

/// A table of ids 1..=n.
fn numbers(c: &Connection, table: &str, n: i64) {
    run(c, &format!("DROP TABLE IF EXISTS {table}"));
    run(c, &format!("CREATE TABLE {table} (id INTEGER PRIMARY KEY)"));
    let values: Vec<String> = (1..=n).map(|i| format!("({i})")).collect();
    run(c, &format!("INSERT INTO {table} (id) VALUES {}", values.join(", ")));
    c.commit().unwrap_or_else(|e| panic!("commit: {}", e.message));
}

fn open_cursors(c: &Connection) -> i64 {
    match run(c, "SELECT count(*) FROM pg_cursors WHERE name LIKE 'c_ormsh_%'").first().and_then(|r| r.first()) {
        Some(Value::Int(i)) => *i,
        other => panic!("count: {other:?}"),
    }
}

#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL: cargo test -- --include-ignored"]
fn postgresql_named_cursor() {
    let _one = common::server_tests_one_at_a_time();
    let Some(url) = server("ORMSH_TEST_POSTGRESQL_URL", "postgresql_named_cursor") else { return };
    let c = connect(&url);
    numbers(&c, "ormsh_it_cursor", 25);
    let sql = "SELECT id FROM ormsh_it_cursor WHERE id > $1 ORDER BY id";
    let mut cur = c.open_cursor(sql, &[Value::Int(3)], true).unwrap_or_else(|e| panic!("open: {}", e.message));
    assert_eq!(fetch(&mut cur, 5), vec![4, 5, 6, 7, 8]);
    // the cursor lives on the server, and other statements run meanwhile
    assert_eq!(open_cursors(&c), 1);
    assert_eq!(run(&c, "SELECT count(*) FROM ormsh_it_cursor"), vec![vec![Value::Int(25)]]);
    assert_eq!(fetch(&mut cur, 10), (9..=18).collect::<Vec<_>>());
    assert_eq!(fetch(&mut cur, usize::MAX), (19..=25).collect::<Vec<_>>());
    assert!(cur.exhausted());
    assert_eq!(open_cursors(&c), 0, "an exhausted cursor is closed on the server");
    // the transaction's end closes it: psycopg2 refuses the next fetch
    let mut cur = c.open_cursor(sql, &[Value::Int(0)], true).unwrap_or_else(|e| panic!("open: {}", e.message));
    assert_eq!(fetch(&mut cur, 2), vec![1, 2]);
    c.commit().unwrap_or_else(|e| panic!("commit: {}", e.message));
    let err = cur.fetch(2, &mut |_| Ok(())).expect_err("fetch after COMMIT");
    assert_eq!(err.kind, ErrorKind::ProgrammingError);
    // no [SQL: …] line: SQLAlchemy wraps a fetch's error without the statement
    assert!(err.full_message().starts_with("(psycopg2.ProgrammingError) named cursor isn't valid anymore\n(Background"), "{}", err.full_message());
    assert!(cur.exhausted());
    // without stream_results the reply is read whole: no cursor on the server
    let mut cur = c.open_cursor(sql, &[Value::Int(20)], false).unwrap_or_else(|e| panic!("open: {}", e.message));
    assert_eq!(open_cursors(&c), 0);
    assert_eq!(fetch(&mut cur, usize::MAX), vec![21, 22, 23, 24, 25]);
    run(&c, "DROP TABLE ormsh_it_cursor");
    c.commit().unwrap_or_else(|e| panic!("commit: {}", e.message));
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL: cargo test -- --include-ignored"]
fn mysql_unbuffered_result() {
    let _one = common::server_tests_one_at_a_time();
    let Some(url) = server("ORMSH_TEST_MYSQL_URL", "mysql_unbuffered_result") else { return };
    let c = connect(&url);
    numbers(&c, "ormsh_it_cursor", 25);
    for (sql, params) in [("SELECT id FROM ormsh_it_cursor ORDER BY id", vec![]), ("SELECT id FROM ormsh_it_cursor WHERE id > ? ORDER BY id", vec![Value::Int(0)])] {
        let mut cur = c.open_cursor(sql, &params, true).unwrap_or_else(|e| panic!("open: {}", e.message));
        assert_eq!(fetch(&mut cur, 5), vec![1, 2, 3, 4, 5]);
        assert_eq!(fetch(&mut cur, 5), vec![6, 7, 8, 9, 10]);
        // another statement reads and drops the rest (PyMySQL's _finish_unbuffered_query) …
        assert_eq!(run(&c, "SELECT count(*) FROM ormsh_it_cursor"), vec![vec![Value::Int(25)]]);
        // … and the cursor ends quietly
        assert_eq!(fetch(&mut cur, 5), Vec::<i64>::new());
        assert!(cur.exhausted());
    }
    // read to the end, the connection is free again
    let mut cur = c.open_cursor("SELECT id FROM ormsh_it_cursor WHERE id > 20 ORDER BY id", &[], true).unwrap_or_else(|e| panic!("open: {}", e.message));
    assert_eq!(fetch(&mut cur, usize::MAX), vec![21, 22, 23, 24, 25]);
    assert!(cur.exhausted());
    // a commit ends the stream too
    let mut cur = c.open_cursor("SELECT id FROM ormsh_it_cursor ORDER BY id", &[], true).unwrap_or_else(|e| panic!("open: {}", e.message));
    assert_eq!(fetch(&mut cur, 3), vec![1, 2, 3]);
    c.commit().unwrap_or_else(|e| panic!("commit: {}", e.message));
    assert_eq!(fetch(&mut cur, 3), Vec::<i64>::new());
    // an error in the statement comes at open, and the connection stays usable
    let err = c.open_cursor("SELECT nosuch FROM ormsh_it_cursor", &[], true).err().map(|e| e.kind);
    assert_eq!(err, Some(ErrorKind::OperationalError));
    c.rollback().unwrap_or_else(|e| panic!("rollback: {}", e.message));
    assert_eq!(run(&c, "SELECT count(*) FROM ormsh_it_cursor"), vec![vec![Value::Int(25)]]);
    run(&c, "DROP TABLE ormsh_it_cursor");
    c.commit().unwrap_or_else(|e| panic!("commit: {}", e.message));
}
