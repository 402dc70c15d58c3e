//! Insight from the command line: the ledger is off in scripts and on when
//! asked, N+1 reports go to stderr (text) or are a new `nplusone` event
//! (jsonl) while every existing trace event stays as it was, `--nplusone error`
//! makes the exit status 1, and the same lesson gives the same reports on
//! SQLite, PostgreSQL and MariaDB (where the flush's statements differ:
//! RETURNING and batched INSERTs).
use crate::common;

const SCRIPT: &str = "\
session.add_all([User(name=n, addresses=[Address(email=n + '@x')]) for n in ['ed', 'wendy', 'mary']])
session.commit()
users = session.scalars(select(User).order_by(User.id)).all()
for u in users:
    print(u.name, len(u.addresses))
";

fn blog(extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["-s", "schemas/blog.json"].iter().map(|s| s.to_string()).collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn run(args: &[String], stdin: &str) -> common::Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    common::ormsh(&args, stdin, &[])
}

#[test]
fn scripts_have_no_ledger_unless_asked_and_warn_on_stderr() {
    let r = run(&blog(&["--no-echo", "--events", "off"]), SCRIPT);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "ed 1\nwendy 1\nmary 1\n");
    let ledger = |l: &str| l.split_once(" SQL: ").is_some_and(|(n, _)| n.parse::<u32>().is_ok());
    assert!(!r.stderr.lines().any(ledger), "{}", r.stderr);
    assert!(r.stderr.contains("⚠ potential N+1: User.addresses loaded to be counted — 3 lazy loads, 3 SQL\n"), "{}", r.stderr);
    assert!(
        r.stderr.contains("  fix: count in SQL: select(User, func.count(Address.id)).outerjoin(User.addresses).group_by(User.id), or .options(selectinload(User.addresses))\n"),
        "{}",
        r.stderr
    );
    let r = run(&blog(&["--no-echo", "--events", "off", "--ledger", "on"]), SCRIPT);
    assert!(r.stderr.contains("3 SQL: 3 lazy (User.addresses ×3, similar) · "), "{}", r.stderr);
    let r = run(&blog(&["--no-echo", "--nplusone", "off"]), SCRIPT);
    assert!(!r.stderr.contains("N+1"), "{}", r.stderr);
}

#[test]
fn nplusone_error_fails_the_run_and_the_fix_passes() {
    let r = run(&blog(&["--no-echo", "--nplusone", "error"]), SCRIPT);
    assert_eq!(r.status, 1, "{}", r.stderr);
    let fixed = SCRIPT.replace("select(User).order_by(User.id)", "select(User).order_by(User.id).options(selectinload(User.addresses))");
    let r = run(&blog(&["--no-echo", "--nplusone", "error"]), &fixed);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("N+1"), "{}", r.stderr);
    // the setting as a dot-command
    let r = run(&blog(&["--no-echo"]), &format!(".nplusone error\n{}", SCRIPT));
    assert_eq!(r.status, 1, "{}", r.stderr);
}

#[test]
fn the_trace_only_gains_nplusone_events() {
    let off = run(&blog(&["--format", "jsonl", "--nplusone", "off"]), SCRIPT);
    let warn = run(&blog(&["--format", "jsonl", "--ledger", "on"]), SCRIPT);
    assert_eq!((off.status, warn.status), (0, 0));
    let (n1, rest): (Vec<&str>, Vec<&str>) = warn.stdout.lines().partition(|l| l.starts_with("{\"ev\":\"nplusone\""));
    assert_eq!(rest, off.stdout.lines().collect::<Vec<_>>());
    assert_eq!(
        n1,
        vec![
            "{\"ev\":\"nplusone\",\"kind\":\"count\",\"what\":\"User.addresses\",\"statements\":3,\
             \"parent_sql\":7,\"parent_line\":3,\"parent_rows\":3,\"line\":5,\"fix\":\"count in SQL: select(User, func.count(Address.id)).outerjoin(User.addresses).group_by(User.id), or .options(selectinload(User.addresses))\"}"
        ]
    );
    assert!(warn.stderr.is_empty(), "{}", warn.stderr);
}

#[test]
fn queries_and_stats_group_and_count() {
    let script = format!(".durations off\n{}.queries\n.stats\n", SCRIPT);
    let r = run(&blog(&["--no-echo", "--events", "off", "--nplusone", "off"]), &script);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("line 5: 3 SQL in 1 group\n  3× lazy User.addresses · line 6 · SQL #8, #9, #10 · similar, 3 parameter sets\n"), "{}", r.stdout);
    assert!(r.stdout.contains("10 SQL in 3 entries\n  by cause: 1 query, 6 commit, 3 lazy\n  flushes: 1 (0 autoflush)\n"), "{}", r.stdout);
    assert!(!r.stdout.contains(" ms"), "{}", r.stdout);
}

/// The lesson on a server: the same N+1 report; the commit's statements as the dialect batches them.
fn on_server(var: &str, name: &str) {
    let Ok(url) = std::env::var(var) else {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "skipped: {var} not set ({name})");
        return;
    };
    let _guard = common::server_tests_one_at_a_time();
    let dir = common::temp_dir(name);
    let schema = dir.join("schema.json");
    let json = r#"{"classes": {
      "User": {"table": "ormsh_it_insight_users", "columns": {"id": {"type": "integer", "primary_key": true},
               "name": {"type": "string", "length": 30, "nullable": false}},
               "relationships": {"addresses": {"target": "Address", "back_populates": "user", "order_by": "id"}}},
      "Address": {"table": "ormsh_it_insight_addresses", "columns": {"id": {"type": "integer", "primary_key": true},
               "email": {"type": "string", "length": 50, "nullable": false},
               "user_id": {"type": "integer", "foreign_key": "ormsh_it_insight_users.id"}},
               "relationships": {"user": {"target": "User", "back_populates": "addresses"}}}}}"#;
    std::fs::write(&schema, json).unwrap_or_else(|e| panic!("{e}"));
    let schema = schema.to_string_lossy().into_owned();
    let cleanup = "r = session.execute(delete(Address))\nr = session.execute(delete(User))\nsession.commit()\n";
    let script = format!("{cleanup}.durations off\n.ledger on\n{SCRIPT}.stats\n{cleanup}");
    let args: Vec<String> = ["--no-echo", "--events", "off", "-s", &schema, &url].iter().map(|s| s.to_string()).collect();
    let r = run(&args, &script);
    assert_eq!(r.status, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(r.stdout.lines().take(3).collect::<Vec<_>>(), ["ed 1", "wendy 1", "mary 1"], "{}", r.stdout);
    assert!(r.stderr.contains("3 SQL: 3 lazy (User.addresses ×3, similar)\n⚠ potential N+1: User.addresses loaded to be counted — 3 lazy loads, 3 SQL\n"), "{}", r.stderr);
    // the commit's INSERTs: one per row, or batched by insertmanyvalues; all counted as commit
    let commit = r.stderr.lines().find(|l| l.ends_with(" commit")).unwrap_or("");
    assert!(commit.contains(" SQL: ") && !commit.contains("query"), "{}", r.stderr);
    assert!(r.stdout.contains("by cause: 3 query, ") && r.stdout.contains(" commit, 3 lazy\n"), "{}", r.stdout);
}

#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL"]
fn postgresql_reports_the_same_nplusone() {
    on_server("ORMSH_TEST_POSTGRESQL_URL", "insight_pg");
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL"]
fn mariadb_reports_the_same_nplusone() {
    on_server("ORMSH_TEST_MYSQL_URL", "insight_my");
}
