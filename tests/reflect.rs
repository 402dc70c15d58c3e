//! `--reflect` end to end: reflection of SQLite files (`engine::reflect`),
//! automap naming (`orm::automap`) compared with what SQLAlchemy 2.1.9's
//! automap produced for the same databases (the `tests/reflect/*.automap`
//! files, written by `scripts/tools/automap_dump.py`), and the
//! command line on copies of small databases this test creates.
//!
//! The sample databases in `shared/data` are only read through copies in a
//! temporary directory; the tests that need them are skipped with a note when
//! they are not there.
use crate::common::automap_dump::dump;
use crate::common::{ormsh, temp_dir};
use ormsh::engine::{Engine, EngineOptions, Url};
use ormsh::events::Events;
use ormsh::orm::mapping::Registry;
use std::path::{Path, PathBuf};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reflect")
}

/// Runs SQL statements (`;`-separated) into a new SQLite file.
fn create_db(path: &Path, sql: &str) {
    let url = Url::parse(&format!("sqlite:///{}", path.display())).expect("url");
    let engine = Engine::create(&url, EngineOptions::default(), Events::null()).expect("engine");
    let conn = engine.connect().expect("connect");
    for stmt in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        conn.exec_driver_sql(stmt, &[]).expect(stmt);
    }
    if conn.in_transaction() {
        conn.commit().expect("commit");
    }
    conn.close().expect("close");
}

fn automap_file(path: &Path) -> Registry {
    let url = Url::parse(&format!("sqlite:///{}", path.display())).expect("url");
    let engine = Engine::create(&url, EngineOptions::default(), Events::null()).expect("engine");
    let conn = engine.connect().expect("connect");
    let tables = ormsh::engine::reflect::reflect_all(&conn, engine.backend()).expect("reflect");
    conn.close().expect("close");
    ormsh::orm::automap::automap(Registry::default(), &tables).expect("automap").registry
}

fn assert_matches_golden(reg: &Registry, golden: &str) {
    let expected = std::fs::read_to_string(golden_dir().join(golden)).expect("golden file");
    let got = dump(reg);
    if got != expected {
        for (i, (g, e)) in got.lines().zip(expected.lines()).enumerate() {
            assert_eq!(g, e, "{golden} line {}", i + 1);
        }
        assert_eq!(got, expected, "{golden}");
    }
}

#[test]
fn tiny_database_maps_as_sqlalchemy_automap() {
    let dir = temp_dir("reflect-tiny");
    let db = dir.join("tiny.db");
    create_db(&db, &std::fs::read_to_string(golden_dir().join("tiny.sql")).expect("tiny.sql"));
    let reg = automap_file(&db);
    assert_matches_golden(&reg, "tiny.automap");
    // the table without a primary key and the association table are reflected but not mapped
    assert!(reg.metadata.lookup("nopk").is_some() && reg.lookup("nopk").is_none());
    assert!(reg.metadata.lookup("parent_tag").is_some() && reg.lookup("parent_tag").is_none());
    let qty = reg.metadata.table(reg.metadata.lookup("line item").expect("line item"));
    assert_eq!(qty.columns[2].ty, ormsh::sql::types::SqlType::Numeric(Some(10), Some(2)));
}

/// The sample database `rel` under shared/data copied into a temp dir, or None when absent.
fn sample_copy(rel: &str, test: &str) -> Option<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data").join(rel);
    let src = if src.exists() { src } else { Path::new("/work/shared/data").join(rel) };
    if !src.exists() {
        eprintln!("skipped: {rel} is not there");
        return None;
    }
    let dir = temp_dir(test);
    let dst = dir.join(src.file_name()?);
    std::fs::copy(&src, &dst).expect("copy sample db");
    Some(dst)
}

#[test]
fn chinook_maps_as_sqlalchemy_automap() {
    if let Some(db) = sample_copy("chinook/Chinook_Sqlite.sqlite", "reflect-chinook") {
        assert_matches_golden(&automap_file(&db), "chinook.automap");
    }
}

#[test]
fn northwind_maps_as_sqlalchemy_automap() {
    if let Some(db) = sample_copy("northwind/northwind.db", "reflect-northwind") {
        assert_matches_golden(&automap_file(&db), "northwind.automap");
    }
}

/// film has two foreign keys to language: film.language goes over the first
/// declared (language_id), language.film_collection over the second
/// (original_language_id), as SQLAlchemy pairs them when it meets them in that
/// order (see scripts/tools/automap_dump.py).
#[test]
fn sakila_maps_as_sqlalchemy_automap() {
    if let Some(db) = sample_copy("sakila/sqlite-sakila.db", "reflect-sakila") {
        assert_matches_golden(&automap_file(&db), "sakila.automap");
    }
}

fn tiny_copy(test: &str) -> (PathBuf, String) {
    let dir = temp_dir(test);
    let db = dir.join("tiny.db");
    create_db(&db, &std::fs::read_to_string(golden_dir().join("tiny.sql")).expect("tiny.sql"));
    create_db(
        &db,
        "INSERT INTO parent (id, name) VALUES (1, 'p1'); INSERT INTO child (id, parent_id, note) VALUES (10, 1, 'a');
         INSERT INTO child (id, parent_id, note) VALUES (11, 1, 'b'); INSERT INTO tag (id, label) VALUES (5, 'red');
         INSERT INTO parent_tag (parent_id, tag_id) VALUES (1, 5); INSERT INTO node (id, parent_id) VALUES (1, NULL);
         INSERT INTO node (id, parent_id) VALUES (2, 1); INSERT INTO \"line item\" (id, parent_id, qty) VALUES (7, 1, 2.5)",
    );
    let url = format!("sqlite:///{}", db.display());
    (db, url)
}

#[test]
fn cli_reflect_walks_a_tiny_database() {
    let (_db, url) = tiny_copy("reflect-cli");
    let script = "p = session.get(parent, 1)\n\
                  print(sorted(c.note for c in p.child_collection))\n\
                  print(p.child_collection[0].parent is p)\n\
                  print([t.label for t in p.tag_collection], [x.name for x in session.get(tag, 5).parent_collection])\n\
                  print(session.get(node, 2).node.id, [n.id for n in session.get(node, 1).node_collection])\n\
                  li = getattr(p, 'line item_collection')[0]\n\
                  print(li.qty, li.parent is p, session.get(line_item, 7) is li)\n";
    let r = ormsh(&["--reflect", "--no-create", "--no-echo", &url], script, &[]);
    assert_eq!(r.status, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    for line in ["['a', 'b']", "True", "['red'] ['p1']", "1 [2]", "2.50 True True"] {
        assert!(r.stdout.lines().any(|l| l == line), "missing {line:?} in\n{}", r.stdout);
    }
}

#[test]
fn cli_schema_shows_reflected_classes_and_how_to_reach_them() {
    let (_db, url) = tiny_copy("reflect-schema");
    let r = ormsh(&["--reflect", "--no-create", &url, "-c", ".schema"], "", &[]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    for needle in [
        "class parent  (table parent)",
        "class line item  (table line item)",
        "reach the class as line_item",
        "getattr(obj, \"line item_collection\")",
        "tag_collection",
        "many-to-many",
    ] {
        assert!(r.stdout.contains(needle), "missing {needle:?} in\n{}", r.stdout);
    }
    assert!(!r.stdout.contains("class nopk"), "{}", r.stdout);
    assert!(!r.stdout.contains("class parent_tag"), "{}", r.stdout);
}

#[test]
fn cli_schema_file_and_reflect_together() {
    let (_db, url) = tiny_copy("reflect-both");
    let dir = temp_dir("reflect-both-schema");
    let schema = dir.join("s.json");
    std::fs::write(
        &schema,
        r#"{"classes": {"Parent": {"table": "parent", "columns": {"id": {"type": "integer", "primary_key": true}, "name": {"type": "string"}}}}}"#,
    )
    .expect("write schema");
    let r = ormsh(
        &["--reflect", "--no-echo", "-s", &schema.display().to_string(), &url],
        "p = session.get(Parent, 1)\nprint(p.name, len(p.child_collection), session.get(child, 10).parent is p)\n",
        &[],
    );
    assert_eq!(r.status, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.lines().any(|l| l == "p1 2 True"), "{}", r.stdout);
}

#[test]
fn cli_reflect_conflict_is_a_startup_error() {
    let dir = temp_dir("reflect-conflict");
    let db = dir.join("c.db");
    create_db(&db, "CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id))");
    let r = ormsh(&["--reflect", "--no-create", &format!("sqlite:///{}", db.display()), "-c", "1"], "", &[]);
    assert_eq!(r.status, 2, "{}", r.stdout);
    assert!(r.stderr.contains("column 'parent' conflicts with property"), "{}", r.stderr);
}

#[test]
fn cli_reflect_runs_the_walk_scripts() {
    for (rel, script) in [
        ("chinook/Chinook_Sqlite.sqlite", "scripts/walk_chinook.py"),
        ("northwind/northwind.db", "scripts/walk_northwind.py"),
        ("sakila/sqlite-sakila.db", "scripts/walk_sakila.py"),
    ] {
        let Some(db) = sample_copy(rel, &format!("walk-{}", rel.replace('/', "-"))) else { continue };
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(script)).expect("script");
        let r = ormsh(&["--reflect", "--no-create", "--no-echo", &format!("sqlite:///{}", db.display())], &text, &[]);
        assert_eq!(r.status, 0, "{script}: {}\n{}", r.stdout, r.stderr);
        assert!(!r.stdout.contains("Error"), "{script}: {}", r.stdout);
    }
}

#[test]
fn cli_schema_keeps_long_reflected_names_in_columns() {
    // pagila's film has original_language_id and film_actor_collection: names
    // longer than the old fixed 14 columns pushed their type out of line
    let dir = temp_dir("reflect-long-names");
    let db = dir.join("long.db");
    create_db(
        &db,
        "CREATE TABLE language (id INTEGER PRIMARY KEY);
         CREATE TABLE film (id INTEGER PRIMARY KEY, original_language_id INTEGER REFERENCES language (id), t TEXT)",
    );
    let url = format!("sqlite:///{}", db.display());
    let r = ormsh(&["--reflect", "--no-create", &url, "-c", ".schema film"], "", &[]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("    ")).collect();
    let type_column: Vec<usize> = lines
        .iter()
        .map(|l| {
            let name_end = 4 + l[4..].find(' ').expect("a name then a type");
            name_end + l[name_end..].find(|c: char| c != ' ').expect("a type")
        })
        .collect();
    assert!(type_column.windows(2).all(|w| w[0] == w[1]), "types not in one column:\n{}", r.stdout);
    assert!(r.stdout.lines().all(|l| l == l.trim_end()), "trailing blanks:\n{}", r.stdout);
}
