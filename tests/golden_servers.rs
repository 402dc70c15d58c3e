//! Golden transcripts on PostgreSQL and MariaDB: the insight scripts of
//! `tests/golden/` (ledger, `.queries`, `.stats`, the N+1 report, `.plan`,
//! `.timeline`, `.why`, `.expect`, `.whatif`, `.plan-sql`, `.eqp`, `.diagram`)
//! run as `tests/golden.rs` runs them, on a server database, and must print
//! exactly `tests/golden/<backend>/<script>.py.out` (the SQL, its parameters,
//! the plans and the states differ per backend, so each has its own files).
//! `UPDATE_GOLDEN=1` rewrites them: read the diff.
//!
//! Each run gets a database of its own, `ormsh_golden_<script>`, made afresh
//! with the server's client and dropped after: server ids come from sequences
//! and AUTO_INCREMENT counters, which a rollback does not undo, so a database
//! used before would number the rows differently. Nothing is normalised: the
//! scripts turn durations off.
//!
//! Lessons (`scripts/09_query_budgets.py`, `10_missing_index.py`) recorded on
//! a server with `--transcript` replay clean with `ormsh check`, and a changed
//! output fails it.
//!
//! The tests are ignored unless asked for (`--include-ignored`) and skip, saying
//! so, without the server's URL:
//!   ORMSH_TEST_POSTGRESQL_URL=postgresql://postgres@127.0.0.1:5432/test
//!   ORMSH_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test
use crate::common;
use crate::golden::{golden_dir, schema_of};
use crate::reflect_servers::{client, with_database};
use std::path::Path;

/// Run `tests/golden/<script>.py` on a fresh database of `backend`'s server and
/// compare with `tests/golden/<backend>/<script>.py.out`.
fn run(backend: &str, script: &str) {
    let var = if backend == "postgresql" { "ORMSH_TEST_POSTGRESQL_URL" } else { "ORMSH_TEST_MYSQL_URL" };
    let url = match std::env::var(var) {
        Ok(url) if !url.is_empty() => url,
        _ => {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "skipped: {var} not set ({backend}::{script})");
            return;
        }
    };
    let _one = common::server_tests_one_at_a_time();
    let db = format!("ormsh_golden_{script}");
    let (admin_db, drop) = if backend == "postgresql" {
        ("postgres", format!("DROP DATABASE IF EXISTS {db} WITH (FORCE);\n"))
    } else {
        ("", format!("DROP DATABASE IF EXISTS {db};\n"))
    };
    client(backend, &url, admin_db, &format!("{drop}CREATE DATABASE {db};\n"));
    let db_url = with_database(&url, &db);

    let path = golden_dir().join(format!("{script}.py"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rel = format!("tests/golden/{script}.py");
    let schema = schema_of(&text).map(|s| {
        let own = format!("tests/golden/schemas/{s}.json");
        if Path::new(env!("CARGO_MANIFEST_DIR")).join(&own).exists() {
            own
        } else {
            format!("schemas/{s}.json")
        }
    });
    let mut args = vec!["--format", "plain", "--no-color"];
    if let Some(s) = &schema {
        args.extend_from_slice(&["-s", s]);
    }
    args.extend_from_slice(&["-f", &rel, &db_url]);
    let r = common::ormsh_merged(&args, "", &[]);
    client(backend, &url, admin_db, &drop);

    let expected_path = golden_dir().join(backend).join(format!("{script}.py.out"));
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0") {
        let _ = std::fs::create_dir_all(golden_dir().join(backend));
        std::fs::write(&expected_path, &r.stdout).unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        return;
    }
    match std::fs::read_to_string(&expected_path) {
        Ok(expected) if expected == r.stdout => {}
        Ok(expected) => panic!(
            "{rel} on {backend} differs from {}\n--- expected\n{expected}--- actual\n{}--- stderr\n{}",
            expected_path.display(),
            r.stdout,
            r.stderr
        ),
        Err(_) => panic!("{rel} on {backend}: no {} (UPDATE_GOLDEN=1 writes it)\n--- actual\n{}", expected_path.display(), r.stdout),
    }
}

/// One test per script and backend (`cargo test --test it
/// golden_servers::postgresql::insight_eqp -- --include-ignored`).
macro_rules! server_golden {
    ($($name:ident),* $(,)?) => {
        mod postgresql {
            $(
                #[test]
                #[ignore = "needs ORMSH_TEST_POSTGRESQL_URL: cargo test -- --include-ignored"]
                fn $name() {
                    super::run("postgresql", stringify!($name));
                }
            )*
        }
        mod mariadb {
            $(
                #[test]
                #[ignore = "needs ORMSH_TEST_MYSQL_URL: cargo test -- --include-ignored"]
                fn $name() {
                    super::run("mariadb", stringify!($name));
                }
            )*
        }
        /// The scripts that run on the servers.
        const LISTED: &[&str] = &[$(stringify!($name)),*];
    };
}

server_golden! {
    insight_diagram,
    insight_eqp,
    insight_expect,
    insight_ledger_nplusone,
    insight_plan,
    insight_plan_sql,
    insight_timeline,
    insight_whatif,
    insight_why,
}

/// Every `insight_*` golden script runs on the servers too, and every
/// expected file belongs to a listed script.
#[test]
fn every_insight_script_runs_on_the_servers() {
    let names = |dir: &Path, suffix: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .map(|e| e.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect())
            .unwrap_or_default();
        v.retain(|n| n.ends_with(suffix));
        v.iter_mut().for_each(|n| *n = n.trim_end_matches(suffix).to_string());
        v
    };
    let scripts = names(&golden_dir(), ".py");
    let missing: Vec<&String> = scripts.iter().filter(|n| n.starts_with("insight_") && !LISTED.contains(&n.as_str())).collect();
    assert!(missing.is_empty(), "insight golden scripts not in server_golden! of tests/golden_servers.rs: {missing:?}");
    for backend in ["postgresql", "mariadb"] {
        let outs = names(&golden_dir().join(backend), ".py.out");
        let stray: Vec<&String> = outs.iter().filter(|n| !LISTED.contains(&n.as_str())).collect();
        assert!(stray.is_empty(), "tests/golden/{backend}/ has files of no listed script: {stray:?}");
        let absent: Vec<&&str> = LISTED.iter().filter(|n| !outs.contains(&n.to_string())).collect();
        assert!(absent.is_empty(), "tests/golden/{backend}/ lacks: {absent:?}");
    }
}

/// A lesson recorded on the server (`--transcript`) replays clean with
/// `ormsh check` on a database made afresh again (the header keeps the URL),
/// and a changed output fails it: the lessons check themselves on PostgreSQL
/// and MariaDB too.
fn transcript_checks(backend: &str, lesson: &str) {
    let var = if backend == "postgresql" { "ORMSH_TEST_POSTGRESQL_URL" } else { "ORMSH_TEST_MYSQL_URL" };
    let Some(url) = std::env::var(var).ok().filter(|u| !u.is_empty()) else {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "skipped: {var} not set (transcript of {lesson} on {backend})");
        return;
    };
    let _one = common::server_tests_one_at_a_time();
    let db = "ormsh_golden_transcript";
    let (admin_db, drop) = if backend == "postgresql" {
        ("postgres", format!("DROP DATABASE IF EXISTS {db} WITH (FORCE);\n"))
    } else {
        ("", format!("DROP DATABASE IF EXISTS {db};\n"))
    };
    let fresh = || client(backend, &url, admin_db, &format!("{drop}CREATE DATABASE {db};\n"));
    let db_url = with_database(&url, db);
    let dir = common::temp_dir(&format!("golden-transcript-{backend}"));
    let md = dir.join("lesson.md").display().to_string();
    fresh();
    let rec = common::ormsh(&["-s", "schemas/blog.json", "-f", &format!("scripts/{lesson}.py"), "--transcript", &md, &db_url], "", &[]);
    fresh();
    let check = common::ormsh(&["check", &md], "", &[]);
    let text = std::fs::read_to_string(&md).unwrap_or_default();
    let bad = dir.join("bad.md");
    let _ = std::fs::write(&bad, text.replacen("wendy ['wendy@x']\n", "wendy []\n", 1));
    fresh();
    let failed = common::ormsh(&["check", &bad.display().to_string()], "", &[]);
    client(backend, &url, admin_db, &drop);
    assert_eq!(rec.status, 0, "{}", rec.stderr);
    assert!(text.contains(&format!("url: {db_url}\n")), "{text}");
    assert_eq!((check.status, check.stdout.starts_with(&format!("ok: {md} ("))), (0, true), "{}{}", check.stdout, check.stderr);
    assert_eq!(failed.status, 1, "{}{}", failed.stdout, failed.stderr);
    assert!(failed.stdout.contains("-wendy []\n+wendy ['wendy@x']\n"), "{}", failed.stdout);
}

#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL: cargo test -- --include-ignored"]
fn postgresql_lessons_check_themselves() {
    transcript_checks("postgresql", "09_query_budgets");
    transcript_checks("postgresql", "10_missing_index");
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL: cargo test -- --include-ignored"]
fn mariadb_lessons_check_themselves() {
    transcript_checks("mariadb", "09_query_budgets");
    transcript_checks("mariadb", "10_missing_index");
}
