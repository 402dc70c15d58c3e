//! `--reflect` on PostgreSQL and MySQL/MariaDB servers.
//!
//! - The sample databases of shared/data (Chinook and Pagila on PostgreSQL,
//!   Chinook and Sakila on MariaDB), loaded by `scripts/load_samples.sh`
//!   (run here first; it returns at once when they are loaded), are reflected
//!   and automapped, and the classes and relationships must equal what
//!   SQLAlchemy 2.1.9's automap made of the same server databases
//!   (`tests/reflect/*_pg.automap`, `*_mysql.automap`, written by
//!   `scripts/tools/automap_dump.py`).
//! - Every `scripts/*.py` whose first line is `# reflect: postgresql/DB` or
//!   `# reflect: mysql/DB` is piped into ormsh on that database with
//!   `--reflect`; it must exit 0 with nothing on stderr and print exactly
//!   `tests/golden/scripts/NAME.py.out` (`UPDATE_GOLDEN=1` rewrites them;
//!   read the diff). The walks roll back what they change.
//! - A small database of edge cases per server (`ormsh_reflect_edge`, made
//!   afresh from `tests/reflect/edge_*.sql` with the server's client):
//!   mixed-case and reserved-word names, composite keys, enums, domains,
//!   arrays, identity and generated columns, a view, a table with no primary
//!   key; mapped as SQLAlchemy maps it, written and read back through the
//!   binary (`tests/reflect/edge_*.py`, transcripts in `edge_*.py.out`).
//!
//! Each test runs only when its server's URL is set and says so when it skips:
//!   ORMSH_TEST_POSTGRESQL_URL=postgresql://postgres@127.0.0.1:5432/test
//!   ORMSH_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test
//! The sample database's URL is that URL with the database name replaced.
use crate::common;
use crate::common::automap_dump::dump;
use ormsh::engine::{Engine, EngineOptions, Url};
use ormsh::events::Events;
use ormsh::orm::mapping::Registry;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

const PG_VAR: &str = "ORMSH_TEST_POSTGRESQL_URL";
const MY_VAR: &str = "ORMSH_TEST_MYSQL_URL";
const EDGE_DB: &str = "ormsh_reflect_edge";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The server URL from `var`, or `None` after printing that the test is skipped.
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

/// `url` with its database replaced by `db` (query options kept).
pub(crate) fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{host_part}/{db}{query}")
}

fn backend_var(backend: &str) -> &'static str {
    if backend == "postgresql" {
        PG_VAR
    } else {
        MY_VAR
    }
}

/// Runs `scripts/load_samples.sh BACKEND` once per backend in this process
/// (it is idempotent and takes its own lock against other processes).
fn ensure_loaded(backend: &str) {
    static LOADED: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut loaded = LOADED.lock().unwrap_or_else(|p| p.into_inner());
    if loaded.iter().any(|b| b == backend) {
        return;
    }
    let out = std::process::Command::new("bash")
        .arg(root().join("scripts/load_samples.sh"))
        .arg(backend)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run scripts/load_samples.sh: {e}"));
    assert!(
        out.status.success(),
        "scripts/load_samples.sh {backend} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    loaded.push(backend.to_string());
}

fn engine(url: &str) -> Engine {
    let parsed = Url::parse(url).unwrap_or_else(|e| panic!("bad URL {url}: {}", e.message));
    Engine::create(&parsed, EngineOptions::default(), Events::null()).unwrap_or_else(|e| panic!("create_engine {url}: {}", e.message))
}

/// Reflect and automap `url` as `--reflect` does; also the time reflection took.
fn automap_url(url: &str) -> (Registry, std::time::Duration) {
    let e = engine(url);
    let conn = e.connect().unwrap_or_else(|err| panic!("connect {url}: {}", err.message));
    let start = Instant::now();
    let tables = ormsh::engine::reflect::reflect_all(&conn, e.backend()).unwrap_or_else(|err| panic!("reflect {url}: {}", err.full_message()));
    let took = start.elapsed();
    let _ = conn.rollback();
    let _ = conn.close();
    (ormsh::orm::automap::automap(Registry::default(), &tables).unwrap_or_else(|err| panic!("automap {url}: {}", err.message)).registry, took)
}

fn assert_listing(got: &str, listing: &str) {
    let expected = std::fs::read_to_string(root().join("tests/reflect").join(listing)).expect("listing file");
    if got != expected {
        for (i, (g, e)) in got.lines().zip(expected.lines()).enumerate() {
            assert_eq!(g, e, "{listing} line {}", i + 1);
        }
        assert_eq!(got, expected, "{listing}");
    }
}

/// The sample `db` on `backend` maps exactly as SQLAlchemy's automap mapped it.
fn sample_maps_as_automap(backend: &str, db: &str, listing: &str, test: &str) {
    let Some(url) = server(backend_var(backend), test) else { return };
    ensure_loaded(backend);
    let (reg, took) = automap_url(&with_database(&url, db));
    let rels: usize = reg.mappers.iter().map(|m| m.relationships.len()).sum();
    // measured figures, shown with --nocapture
    println!("{backend}/{db}: reflected in {} ms, {} classes, {rels} relationships", took.as_millis(), reg.mappers.len());
    assert_listing(&dump(&reg), listing);
}

#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL: cargo test -- --include-ignored"]
fn chinook_postgresql_maps_as_sqlalchemy_automap() {
    sample_maps_as_automap("postgresql", "chinook", "chinook_pg.automap", "chinook_postgresql_maps_as_sqlalchemy_automap");
}

/// Partitions are tables to SQLAlchemy: payment_p2022_01 … 07 are classes,
/// and the partitioned parent `payment` too (it has no foreign keys of its own).
#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL: cargo test -- --include-ignored"]
fn pagila_postgresql_maps_as_sqlalchemy_automap() {
    sample_maps_as_automap("postgresql", "pagila", "pagila_pg.automap", "pagila_postgresql_maps_as_sqlalchemy_automap");
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL: cargo test -- --include-ignored"]
fn chinook_mysql_maps_as_sqlalchemy_automap() {
    sample_maps_as_automap("mysql", "Chinook", "chinook_mysql.automap", "chinook_mysql_maps_as_sqlalchemy_automap");
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL: cargo test -- --include-ignored"]
fn sakila_mysql_maps_as_sqlalchemy_automap() {
    sample_maps_as_automap("mysql", "sakila", "sakila_mysql.automap", "sakila_mysql_maps_as_sqlalchemy_automap");
}

/// `scripts/*.py` whose first line is `# reflect: BACKEND/DB`, with DB.
fn walks(backend: &str) -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = std::fs::read_dir(root().join("scripts"))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let header = text.lines().next()?.strip_prefix("# reflect:")?.trim().to_string();
            let db = header.strip_prefix(backend)?.strip_prefix('/')?.to_string();
            Some((p, db))
        })
        .collect();
    out.sort();
    out
}

fn run_walks(backend: &str, test: &str) {
    let Some(url) = server(backend_var(backend), test) else { return };
    ensure_loaded(backend);
    let scripts = walks(backend);
    assert!(scripts.len() >= 2, "expected two {backend} walks in scripts/, found {scripts:?}");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0");
    let mut failures = Vec::new();
    for (script, db) in scripts {
        let name = script.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(&script).expect("script");
        let db_url = with_database(&url, &db);
        let r = common::ormsh_merged(&["--reflect", "--no-create", "--format", "plain", "--no-color", &db_url], &text, &[]);
        if r.status != 0 || !r.stderr.is_empty() {
            failures.push(format!("{name}: exit {}\n--- stderr\n{}--- stdout\n{}", r.status, r.stderr, r.stdout));
            continue;
        }
        let golden = root().join("tests/golden/scripts").join(format!("{name}.out"));
        if update {
            std::fs::write(&golden, &r.stdout).expect("write golden");
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(expected) if expected == r.stdout => {}
            Ok(expected) => {
                let line = expected.lines().zip(r.stdout.lines()).position(|(a, b)| a != b).map(|i| i + 1);
                failures.push(format!("{name} differs from {} (first at line {line:?})\n--- actual\n{}", golden.display(), r.stdout));
            }
            Err(_) => failures.push(format!("{name}: no {} (UPDATE_GOLDEN=1 writes it)\n--- actual\n{}", golden.display(), r.stdout)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL: cargo test -- --include-ignored"]
fn postgresql_walk_scripts_match_their_transcripts() {
    run_walks("postgresql", "postgresql_walk_scripts_match_their_transcripts");
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL: cargo test -- --include-ignored"]
fn mysql_walk_scripts_match_their_transcripts() {
    run_walks("mysql", "mysql_walk_scripts_match_their_transcripts");
}

/// Runs `sql` with the server's own client (psql, mariadb/mysql) on `db` of
/// the server `url` names: `CREATE DATABASE` cannot run inside the
/// transaction a driver connection opens.
pub(crate) fn client(backend: &str, url: &str, db: &str, sql: &str) {
    use std::io::Write;
    let u = Url::parse(url).unwrap_or_else(|e| panic!("bad URL {url}: {}", e.message));
    let host = u.host().unwrap_or("127.0.0.1").to_string();
    let mut cmd = if backend == "postgresql" {
        let mut c = std::process::Command::new("psql");
        c.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", &host, "-p", &u.port().unwrap_or(5432).to_string()]);
        c.args(["-U", u.username().unwrap_or("postgres"), "-d", db]);
        if let Some(pw) = u.password() {
            c.env("PGPASSWORD", pw);
        }
        c
    } else {
        let found = ["mariadb", "mysql"].into_iter().find(|b| std::process::Command::new(b).arg("--version").output().is_ok());
        let mut c = std::process::Command::new(found.unwrap_or("mysql"));
        c.args(["-h", &host, "-P", &u.port().unwrap_or(3306).to_string(), "-u", u.username().unwrap_or("root")]);
        if !db.is_empty() {
            c.args(["-D", db]);
        }
        if let Some(pw) = u.password() {
            c.env("MYSQL_PWD", pw);
        }
        c
    };
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run the {backend} client: {e}"));
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(sql.as_bytes());
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{backend} client: {e}"));
    assert!(out.status.success(), "{backend} client on {db} failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

/// A fresh `ormsh_reflect_edge` database holding `tests/reflect/edge_<kind>.sql`;
/// its URL.
fn edge_database(backend: &str, kind: &str, url: &str) -> String {
    if backend == "postgresql" {
        client(backend, url, "postgres", &format!("DROP DATABASE IF EXISTS {EDGE_DB} WITH (FORCE);\nCREATE DATABASE {EDGE_DB};\n"));
    } else {
        client(backend, url, "", &format!("DROP DATABASE IF EXISTS {EDGE_DB};\nCREATE DATABASE {EDGE_DB};\n"));
    }
    let fixture = std::fs::read_to_string(root().join(format!("tests/reflect/edge_{kind}.sql"))).expect("fixture");
    client(backend, url, EDGE_DB, &fixture);
    with_database(url, EDGE_DB)
}

/// The edge-case database maps as SQLAlchemy mapped it, and
/// `tests/reflect/edge_<kind>.py` prints its transcript
/// (`tests/reflect/edge_<kind>.py.out`; `UPDATE_GOLDEN=1` rewrites it): quoted
/// mixed-case and reserved names, qualified RETURNING of serial, identity,
/// AUTO_INCREMENT and generated columns, arrays, composite keys, and the
/// warning for a type SQLAlchemy does not know either.
fn edge_cases(backend: &str, kind: &str, test: &str) {
    let Some(url) = server(backend_var(backend), test) else { return };
    let db_url = edge_database(backend, kind, &url);
    let (reg, _) = automap_url(&db_url);
    assert_listing(&dump(&reg), &format!("edge_{kind}.automap"));
    let script = root().join(format!("tests/reflect/edge_{kind}.py"));
    let text = std::fs::read_to_string(&script).expect("script");
    let r = common::ormsh_merged(&["--reflect", "--no-create", "--format", "plain", "--no-color", &db_url], &text, &[]);
    assert!(r.status == 0 && r.stderr.is_empty(), "exit {}\n--- stderr\n{}--- stdout\n{}", r.status, r.stderr, r.stdout);
    let golden = root().join(format!("tests/reflect/edge_{kind}.py.out"));
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::write(&golden, &r.stdout).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    if expected != r.stdout {
        for (i, (e, g)) in expected.lines().zip(r.stdout.lines()).enumerate() {
            assert_eq!(g, e, "{} line {}", golden.display(), i + 1);
        }
        assert_eq!(r.stdout, expected, "{}", golden.display());
    }
    // `.schema` names the types the generic ones lose as the database names
    // them (an enum, a domain, an array, tsvector; MySQL's ENUM and SET)
    let schema = common::ormsh(&["--reflect", "--no-create", "--no-color", &db_url, "-c", ".schema"], "", &[]);
    let wanted: &[(&str, &str)] = if kind == "pg" {
        &[("Mood", "mood"), ("Year", "posint"), ("tags", "text[]"), ("fts", "tsvector"), ("Length", "interval")]
    } else {
        &[("Mood", "enum('sad','ok','happy')"), ("Flags", "set('a','b','c')")]
    };
    for (column, ty) in wanted {
        let line = schema.stdout.lines().find(|l| l.split_whitespace().next() == Some(column));
        assert!(line.is_some_and(|l| l.split_whitespace().nth(1) == Some(ty)), "{column} not shown as {ty}:\n{}", schema.stdout);
    }
}

#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL: cargo test -- --include-ignored"]
fn postgresql_edge_cases_reflect_and_run() {
    edge_cases("postgresql", "pg", "postgresql_edge_cases_reflect_and_run");
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL: cargo test -- --include-ignored"]
fn mysql_edge_cases_reflect_and_run() {
    edge_cases("mysql", "mysql", "mysql_edge_cases_reflect_and_run");
}

#[test]
fn with_database_replaces_only_the_database() {
    assert_eq!(with_database("postgresql://postgres@127.0.0.1:5432/test", "pagila"), "postgresql://postgres@127.0.0.1:5432/pagila");
    assert_eq!(with_database("mysql://root:pw@h/test?charset=utf8mb4", "sakila"), "mysql://root:pw@h/sakila?charset=utf8mb4");
    assert_eq!(with_database("mysql://root@h", "Chinook"), "mysql://root@h/Chinook");
}
