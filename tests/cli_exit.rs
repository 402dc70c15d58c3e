//! Exit statuses of SPEC §1 end to end: 0 when every statement succeeded, 1 when
//! any raised, 2 for a bad command line, URL or schema file — and for a bad
//! schema, the message names the file and the JSON path, and the database is
//! not touched (not even created). Runs the built binary.
use crate::common::{ormsh, temp_dir};

#[test]
fn zero_when_every_statement_succeeds() {
    let r = ormsh(&["-s", "schemas/blog.json", "--no-echo", "--events", "off", "-f", "-"], "session.add(User(name='ed'))\nsession.commit()\n", &[]);
    assert_eq!(r.status, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.is_empty(), "no echo, no lifecycle lines, no errors: {}", r.stderr);
}

#[test]
fn one_when_a_statement_raises_and_the_rest_still_runs() {
    let script = "session.add(User(name='ed'))\nsession.commit()\nsession.add(User(name='ed'))\nsession.commit()\nprint('after')\n";
    let r = ormsh(&["-s", "schemas/blog.json", "--no-echo", "-f", "-"], script, &[]);
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("IntegrityError: (sqlite3.IntegrityError) UNIQUE constraint failed: users.name"), "{}", r.stderr);
    assert_eq!(r.stdout, "after\n", "results only on stdout");
}

#[test]
fn two_for_a_bad_flag() {
    let r = ormsh(&["--schema"], "", &[]);
    assert_eq!(r.status, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("--schema"), "{}", r.stderr);
}

#[test]
fn two_for_a_bad_url_whatever_the_script() {
    for url in ["nosuchdb://x", "sqlite+nosuchdriver://", "not a url"] {
        let r = ormsh(&["-s", "schemas/blog.json", "-c", "print('ran')", url], "", &[]);
        assert_eq!(r.status, 2, "{}: {}", url, r.stderr);
        assert!(r.stdout.is_empty(), "{}: the script must not run: {}", url, r.stdout);
        assert!(r.stderr.starts_with("ormsh: "), "{}: {}", url, r.stderr);
    }
}

fn bad_schema_case(name: &str, schema: &str, path_in_message: &str) {
    let dir = temp_dir(name);
    let file = dir.join("schema.json");
    let _ = std::fs::write(&file, schema);
    let db = dir.join("app.db");
    let url = format!("sqlite:///{}", db.display());
    let file_s = file.to_string_lossy().into_owned();
    let r = ormsh(&["-s", &file_s, "-c", "print('ran')", &url], "", &[]);
    assert_eq!(r.status, 2, "{}: {}", name, r.stderr);
    assert!(r.stdout.is_empty(), "{}: nothing runs: {}", name, r.stdout);
    assert!(r.stderr.contains(&file_s), "{}: the message names the file: {}", name, r.stderr);
    assert!(r.stderr.contains(path_in_message), "{}: the message names {}: {}", name, path_in_message, r.stderr);
    assert!(!db.exists(), "{}: the database was touched", name);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_for_a_bad_schema_with_file_and_json_path_and_nothing_touched() {
    bad_schema_case(
        "badtype",
        r#"{"classes": {"User": {"table": "users", "columns": {"id": {"type": "int", "primary_key": true}}}}}"#,
        "classes.User.columns.id.type",
    );
    // the first class is valid: still no table may be created
    bad_schema_case(
        "badtarget",
        r#"{"classes": {
            "User": {"table": "users", "columns": {"id": {"type": "integer", "primary_key": true}}},
            "Post": {"table": "posts", "columns": {"id": {"type": "integer", "primary_key": true}},
                     "relationships": {"author": {"target": "Nobody"}}}}}"#,
        "classes.Post.relationships.author",
    );
    bad_schema_case(
        "badkey",
        r#"{"classes": {"User": {"table": "users", "columns": {"id": {"type": "integer", "primary_key": true, "nullabel": true}}}}}"#,
        "classes.User.columns.id",
    );
}

#[test]
fn two_for_a_schema_that_is_not_json_or_not_there() {
    let dir = temp_dir("notjson");
    let file = dir.join("schema.json");
    let _ = std::fs::write(&file, "{\"classes\": {");
    let r = ormsh(&["-s", &file.to_string_lossy(), "-c", "print('ran')"], "", &[]);
    assert_eq!(r.status, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("schema.json"), "{}", r.stderr);
    let r = ormsh(&["-s", "/nonexistent/schema.json", "-c", "print('ran')"], "", &[]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("/nonexistent/schema.json"), "{}", r.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_good_schema_on_a_file_database_creates_its_tables_once() {
    let dir = temp_dir("createonce");
    let url = format!("sqlite:///{}", dir.join("app.db").display());
    let r = ormsh(&["-s", "schemas/blog.json", "-c", "pass", &url], "", &[]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stderr.contains("CREATE TABLE users"), "{}", r.stderr);
    let r = ormsh(&["-s", "schemas/blog.json", "-c", "pass", &url], "", &[]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("CREATE TABLE"), "checkfirst: {}", r.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn system_exit_ends_the_run_with_its_code_and_commits_nothing() {
    let dir = temp_dir("sysexit");
    let url = format!("sqlite:///{}", dir.join("app.db").display());
    // sys.exit(3): status 3, nothing after it runs (no later -f/-c either), the flush is not committed
    let script = "import sys\nsession.add(User(name='zed'))\nsession.flush()\nprint('before')\nsys.exit(3)\nprint('after')\nsession.commit()\n";
    let r = ormsh(&["-s", "schemas/blog.json", "--no-echo", "-f", "-", "-c", "print('command')", &url], script, &[]);
    assert_eq!(r.status, 3, "{}", r.stderr);
    assert_eq!(r.stdout, "before\n");
    assert!(!r.stderr.contains("SystemExit"), "no traceback for SystemExit: {}", r.stderr);
    let r = ormsh(&["-s", "schemas/blog.json", "--no-echo", "-c", "print(session.scalar(select(func.count(User.id))))", &url], "", &[]);
    assert_eq!((r.status, r.stdout.as_str()), (0, "0\n"), "{}", r.stderr);
    // a code that is not an int goes to standard error, status 1; Python keeps the low byte of an int
    for (script, status, stderr) in [
        ("raise SystemExit('bye')\nprint('x')\n", 1, "bye\n"),
        ("import sys\nsys.exit(256)\n", 0, ""),
        ("import sys\nsys.exit(-1)\n", 255, ""),
        ("quit(True)\n", 1, ""),
        ("exit()\nprint('x')\n", 0, ""),
        ("raise SystemExit\n", 0, ""),
    ] {
        let r = ormsh(&["--no-echo", "-f", "-"], script, &[]);
        assert_eq!((r.status, r.stdout.as_str(), r.stderr.as_str()), (status, "", stderr), "{script}");
    }
    // exit code 0 after a statement raised: the run's status stays 1 (SPEC §1)
    let r = ormsh(&["--no-echo", "-f", "-"], "1/0\nexit(0)\nprint('x')\n", &[]);
    assert_eq!((r.status, r.stdout.as_str()), (1, ""), "{}", r.stderr);
    // caught, it is only an exception; `except Exception` does not catch it
    let r = ormsh(&["--no-echo", "-f", "-"], "try:\n    exit(2)\nexcept SystemExit as e:\n    print(e.code)\ntry:\n    exit(4)\nexcept Exception:\n    print('no')\n", &[]);
    assert_eq!((r.status, r.stdout.as_str()), (4, "2\n"), "{}", r.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}
