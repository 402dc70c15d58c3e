//! The command line as a user meets it (SPEC §1): options, exit statuses,
//! formats, dot-commands from `-c`, and that non-interactive runs leave no
//! history file. Runs the built binary.
mod common;
use common::{ormsh, temp_dir};

#[test]
fn version_and_help() {
    let r = ormsh(&["--version"], "", &[]);
    assert_eq!(r.status, 0);
    assert_eq!(r.stdout, format!("ormsh {}\n", env!("CARGO_PKG_VERSION")));
    let r = ormsh(&["--help"], "", &[]);
    assert_eq!(r.status, 0);
    for opt in [
        "--schema", "--reflect", "--file", "--command", "--interactive", "--format", "--echo", "--no-echo", "--bail",
        "--no-create", "--no-color", "DATABASE_URL", "Examples:", "Exit status",
    ] {
        assert!(r.stdout.contains(opt), "--help lacks {}:\n{}", opt, r.stdout);
    }
}

#[test]
fn database_url_value_is_not_shown_in_help() {
    let r = ormsh(&["--help"], "", &[("DATABASE_URL", "postgresql://scott:tiger@db/test")]);
    assert!(!r.stdout.contains("tiger"), "{}", r.stdout);
}

#[test]
fn bad_command_lines_exit_2() {
    for args in [&["--frobnicate"][..], &["--format", "xml"], &["-f"], &["a", "b"]] {
        let r = ormsh(args, "", &[]);
        assert_eq!(r.status, 2, "{:?}: {}", args, r.stderr);
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn unreadable_script_exits_2_before_starting() {
    let r = ormsh(&["-f", "/nonexistent/script.py"], "", &[]);
    assert_eq!(r.status, 2);
    assert_eq!(r.stderr, "ormsh: cannot read /nonexistent/script.py: No such file or directory\n");
    assert!(r.stdout.is_empty());
}

#[test]
fn help_from_dash_c_lists_every_command() {
    let r = ormsh(&["-c", ".help"], "", &[]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    for cmd in [
        ".help", ".quit", ".schema", ".tables", ".states", ".identity", ".explain", ".history", ".echo", ".mode",
        ".timer", ".sql", ".open", ".read", ".reset",
    ] {
        assert!(r.stdout.contains(&format!("  {}", cmd)), "{} missing:\n{}", cmd, r.stdout);
    }
    assert!(r.stderr.is_empty());
}

#[test]
fn failed_dot_command_exits_1_with_the_error_on_stderr() {
    let r = ormsh(&["-c", ".hepl"], "", &[]);
    assert_eq!(r.status, 1);
    assert_eq!(r.stderr, "NameError: unknown command .hepl; did you mean .help?\n");
    assert!(r.stdout.is_empty(), "stdout has results only: {}", r.stdout);
}

#[test]
fn results_on_stdout_narration_and_errors_on_stderr() {
    let r = ormsh(&["-s", "schemas/blog.json", "-c", "session.add(User(name='ed')); session.flush(); print('hi'); 1 + 1; nosuch"], "", &[]);
    assert_eq!(r.status, 1);
    assert_eq!(r.stdout, "hi\n2\n", "{}", r.stdout);
    assert!(r.stderr.contains("\nUser#1  transient → pending\nBEGIN (implicit)\nINSERT INTO users"), "{}", r.stderr);
    assert!(r.stderr.ends_with("NameError: name 'nosuch' is not defined\n"), "{}", r.stderr);
    // jsonl is data: all of it on stdout
    let r = ormsh(&["--format", "jsonl", "-c", "nosuch"], "", &[]);
    assert!(r.stdout.contains("\"ev\":\"error\""), "{}", r.stdout);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn script_errors_name_the_file_line_and_column_with_a_caret() {
    let dir = temp_dir("errloc");
    let a = dir.join("a.py");
    let b = dir.join("b.py");
    let _ = std::fs::write(&a, "x = 1\n");
    let _ = std::fs::write(&b, "y = 2\nprint(y)\nz = [y,\n     sesion]\n");
    let (a, b) = (a.to_string_lossy().into_owned(), b.to_string_lossy().into_owned());
    let r = ormsh(&["-f", &a, "-f", &b], "", &[]);
    assert_eq!(r.status, 1);
    assert_eq!(
        r.stderr,
        format!("{}:4:6: NameError: name 'sesion' is not defined. Did you mean: 'session'?\n  4 | sesion]\n    | ^\n", b)
    );
    let _ = std::fs::write(&a, "if True:\n    x = (1 +\n");
    let r = ormsh(&["-f", &a], "", &[]);
    assert!(r.stderr.starts_with(&format!("{}:2:", a)), "{}", r.stderr);
    assert!(r.stderr.contains("SyntaxError"), "{}", r.stderr);
    assert!(r.stderr.contains("  2 | x = (1 +\n"), "{}", r.stderr);
}

#[test]
fn no_schema_hint_is_given_once() {
    let r = ormsh(&[], "u = User(name='ed')\nsession.add(u)\nAddress()\n", &[]);
    assert_eq!(r.status, 1);
    assert_eq!(r.stderr.matches("no schema loaded").count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("-s schemas/blog.json"), "{}", r.stderr);
}

#[test]
fn bail_stops_at_the_first_error() {
    let r = ormsh(&["--bail", "-c", ".nope", "-c", ".help"], "", &[]);
    assert_eq!(r.status, 1);
    assert!(!r.stdout.contains("Dot-commands"), "{}", r.stdout);
    let r = ormsh(&["-c", ".nope", "-c", ".help"], "", &[]);
    assert_eq!(r.status, 1);
    assert!(r.stdout.contains("Dot-commands"), "without --bail the run goes on");
}

#[test]
fn quit_ends_the_run() {
    let r = ormsh(&["-c", ".quit", "-c", ".nope"], "", &[]);
    assert_eq!(r.status, 0);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
}

#[test]
fn jsonl_gives_a_stmt_event_per_dot_command() {
    let r = ormsh(&["--format", "jsonl", "-c", ".echo off", "-c", ".hepl"], "", &[]);
    assert_eq!(
        r.stdout,
        "{\"ev\":\"stmt\",\"line\":1}\n{\"ev\":\"stmt\",\"line\":1}\n\
         {\"ev\":\"error\",\"type\":\"NameError\",\"message\":\"unknown command .hepl; did you mean .help?\"}\n"
    );
    assert_eq!(r.status, 1);
}

#[test]
fn mode_switches_format_mid_run() {
    let r = ormsh(&["--format", "plain", "-c", ".mode jsonl", "-c", ".nope"], "", &[]);
    assert!(r.stdout.starts_with("{\"ev\":\"stmt\",\"line\":1}\n{\"ev\":\"error\""), "{}", r.stdout);
}

#[test]
fn no_color_when_not_a_terminal_even_in_table_format() {
    let r = ormsh(&["--format", "table", "-c", ".nope"], "", &[]);
    assert!(!r.stderr.contains('\x1b'), "{:?}", r.stderr);
    assert!(r.stderr.starts_with("NameError: "));
}

#[test]
fn piped_runs_never_write_history() {
    let dir = temp_dir("nohist");
    let hist = dir.join("hist");
    let home = dir.to_string_lossy().into_owned();
    let hist_s = hist.to_string_lossy().into_owned();
    let r = ormsh(&[], ".help\n", &[("HOME", &home), ("ORMSH_HISTORY", &hist_s)]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let r = ormsh(&["-i", "-c", ".help"], "", &[("HOME", &home)]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(!hist.exists());
    assert!(!dir.join(".ormsh_history").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn piped_stdin_gets_no_prompt_or_banner() {
    let r = ormsh(&[], "", &[]);
    assert_eq!(r.status, 0);
    assert!(r.stdout.is_empty(), "{:?}", r.stdout);
    assert!(r.stderr.is_empty(), "{:?}", r.stderr);
}
