//! Command-line behaviour that needs the interpreter (`Interp::run_source`) and
//! the real start-up (`interp::sa::setup`): these fail until the interp branch
//! lands, and then must pass unchanged. Runs the built binary.
mod common;
use common::{ormsh, temp_dir};

#[test]
fn dash_c_runs_python() {
    let r = ormsh(&["-c", "print(1 + 1)"], "", &[]);
    assert_eq!((r.status, r.stdout.as_str()), (0, "2\n"), "{}", r.stderr);
}

#[test]
fn dash_c_runs_semicolon_separated_statements() {
    let r = ormsh(&["-c", "x = 2; print(x * 3)"], "", &[]);
    assert_eq!(r.stdout, "6\n");
}

#[test]
fn dash_f_dash_reads_stdin() {
    let r = ormsh(&["-f", "-"], "x = 20\nprint(x + 1)\n", &[]);
    assert_eq!((r.status, r.stdout.as_str()), (0, "21\n"), "{}", r.stderr);
}

#[test]
fn piped_stdin_is_a_script() {
    let r = ormsh(&[], "print('a')\n.echo off\nprint('b')\n", &[]);
    assert_eq!((r.status, r.stdout.as_str()), (0, "a\nb\n"), "{}", r.stderr);
}

#[test]
fn files_run_in_order_then_commands() {
    let dir = temp_dir("order");
    let a = dir.join("a.py");
    let b = dir.join("b.py");
    let _ = std::fs::write(&a, "print('a')\n");
    let _ = std::fs::write(&b, "print('b')\n");
    let (a, b) = (a.to_string_lossy().into_owned(), b.to_string_lossy().into_owned());
    let r = ormsh(&["-c", "print('c')", "-f", &b, "-f", &a], "", &[]);
    assert_eq!(r.stdout, "b\na\nc\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_raising_statement_exits_1_and_the_script_goes_on() {
    let r = common::ormsh_merged(&["-f", "-"], "print('a')\n1 / 0\nprint('b')\n", &[]);
    assert_eq!(r.status, 1);
    assert_eq!(r.stdout, "a\n<stdin>:2:1: ZeroDivisionError: division by zero\n  2 | 1 / 0\n    | ^\nb\n");
    let r = ormsh(&["--bail", "-f", "-"], "print('a')\n1 / 0\nprint('b')\n", &[]);
    assert_eq!(r.status, 1);
    assert_eq!(r.stdout, "a\n");
    assert_eq!(r.stderr, "<stdin>:2:1: ZeroDivisionError: division by zero\n  2 | 1 / 0\n    | ^\n");
}

#[test]
fn jsonl_trace_of_a_script() {
    let r = ormsh(&["--format", "jsonl", "-f", "-"], "x = 1\nx + 1\nprint('hé')\n", &[]);
    assert_eq!(
        r.stdout,
        "{\"ev\":\"stmt\",\"line\":1}\n{\"ev\":\"stmt\",\"line\":2}\n{\"ev\":\"value\",\"repr\":\"2\"}\n\
         {\"ev\":\"stmt\",\"line\":3}\n{\"ev\":\"print\",\"text\":\"hé\"}\n"
    );
}

#[test]
fn dot_commands_inside_scripts() {
    let r = ormsh(&["--format", "jsonl", "-f", "-"], ".mode plain\nprint(1)\n", &[]);
    assert_eq!(r.stdout, "{\"ev\":\"stmt\",\"line\":1}\n1\n");
}

#[test]
fn bad_url_exits_2() {
    let r = ormsh(&["-c", "pass", "nosuchdb://x"], "", &[]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.starts_with("ormsh: "), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn database_url_from_the_environment() {
    let r = ormsh(&["-c", "pass"], "", &[("DATABASE_URL", "nosuchdb://x")]);
    assert_eq!(r.status, 2, "{}", r.stderr);
}

#[test]
fn bad_schema_exits_2() {
    let dir = temp_dir("badschema");
    let missing = dir.join("missing.json").to_string_lossy().into_owned();
    let r = ormsh(&["-s", &missing, "-c", "pass"], "", &[]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.starts_with("ormsh: "), "{}", r.stderr);
    let bad = dir.join("bad.json");
    let _ = std::fs::write(&bad, r#"{"classes": {"User": {"table": "users", "columns": {"id": {"type": "int", "primary_key": true}}}}}"#);
    let r = ormsh(&["-s", &bad.to_string_lossy(), "-c", "pass"], "", &[]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("classes.User.columns.id.type"), "{}", r.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}
