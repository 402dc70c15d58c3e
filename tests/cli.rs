//! The command line as a user meets it (SPEC §1): options, exit statuses,
//! formats, dot-commands from `-c`, and that non-interactive runs leave no
//! history file. Runs the built binary.
use crate::common::{ormsh, temp_dir};

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

/// The 20-row × 8-column Chinook query of the report, on a copy of the sample database.
#[cfg(unix)]
fn chinook_repl(name: &str, size: (u16, u16), env: &[(&str, Option<&str>)]) -> Option<(crate::common::pty::Repl, std::path::PathBuf)> {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/chinook/Chinook_Sqlite.sqlite");
    if !sample.exists() {
        eprintln!("skipped: no {}", sample.display());
        return None;
    }
    let dir = temp_dir(name);
    let db = dir.join("chinook.db");
    std::fs::copy(&sample, &db).expect("copy the sample");
    let url = format!("sqlite:///{}", db.display());
    let repl = crate::common::pty::Repl::spawn_with(&["--reflect", "--no-echo", &url], &dir.join("hist"), Some(size), env);
    Some((repl, dir))
}

#[cfg(unix)]
const TRACKS: &str = "session.execute(select(Track.TrackId, Track.Name, Track.AlbumId, Track.MediaTypeId, Track.GenreId, \
                      Track.Composer, Track.Milliseconds, Track.UnitPrice).limit(20)).all()";

#[cfg(unix)]
#[test]
fn tables_fit_the_terminal_at_160_and_turn_vertical_at_80() {
    let Some((mut repl, dir)) = chinook_repl("fit160", (160, 50), &[("NO_COLOR", Some("1")), ("PAGER", Some(""))]) else { return };
    let shown = repl.enter(TRACKS);
    let table: Vec<&str> = shown.lines().filter(|l| l.starts_with(['│', '┌', '└', '╞'])).collect();
    assert_eq!(table.len(), 24, "{}", shown);
    assert!(table.iter().all(|l| l.chars().count() <= 160), "{}", shown);
    assert!(table.iter().any(|l| l.chars().count() > 150), "uses the width: {}", shown);
    assert!(shown.contains("'Angus Young, Malcolm Young, Brian Jo…"), "long cells cut: {}", shown);
    assert!(shown.contains("(20 rows)"));
    repl.enter("session.rollback()");
    let _ = repl.quit();
    let Some((mut repl, _)) = chinook_repl("fit80", (80, 50), &[("NO_COLOR", Some("1")), ("PAGER", Some(""))]) else { return };
    let shown = repl.enter(TRACKS);
    assert!(shown.contains("-[ RECORD 20 ]"), "{}", shown);
    assert!(shown.contains("\nComposer     | 'U. Dirkschneider, W. Hoffmann, H. Frank, P. Baltes, S. Kaufmann…\n"), "{}", shown);
    assert!(shown.lines().all(|l| l.chars().count() <= 80), "{}", shown);
    repl.enter("session.rollback()");
    let _ = repl.quit();
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn the_pager_shows_tall_results_unless_turned_off() {
    let env = [("NO_COLOR", Some("1")), ("PAGER", Some("sed 's/^/PAGED: /'"))];
    let Some((mut repl, dir)) = chinook_repl("pager", (160, 20), &env) else { return };
    let shown = repl.enter(TRACKS);
    assert!(shown.contains("PAGED: (20 rows)"), "{}", shown);
    assert!(!repl.enter("1 + 1").contains("PAGED"), "short results are not paged");
    repl.enter(".pager off");
    let shown = repl.enter(TRACKS);
    assert!(shown.contains("(20 rows)") && !shown.contains("PAGED"), "{}", shown);
    repl.enter("session.rollback()");
    let _ = repl.quit();
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn colors_on_a_terminal_unless_no_color() {
    let dir = temp_dir("nocolor");
    let mut repl = crate::common::pty::Repl::spawn_with(&[], &dir.join("h"), Some((80, 24)), &[]);
    assert!(repl.enter("nosuch").contains("\x1b[1;31m"), "colored error");
    let _ = repl.quit();
    let mut repl = crate::common::pty::Repl::spawn_with(&[], &dir.join("h"), Some((80, 24)), &[("NO_COLOR", Some("1"))]);
    let shown = repl.enter("nosuch");
    assert!(shown.contains("NameError") && !shown.contains('\x1b'), "{:?}", shown);
    let _ = repl.quit();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn underscore_is_the_last_shown_value() {
    let r = ormsh(&["-c", "6 * 7", "-c", "_ + 1", "-c", "x = 5", "-c", "print(_)", "-c", "_ = 'mine'", "-c", "7", "-c", "_"], "", &[]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "42\n43\n43\n7\n'mine'\n", "a global `_` shadows the displayhook's");
}

#[test]
fn attribute_errors_read_as_python_3_11_with_its_suggestions() {
    // the messages and "Did you mean" of CPython 3.11 (checked with python3.11
    // on a class with the same attributes), and SQLAlchemy's sessionmaker
    let stdin = "User.fulname\nsession.comit()\n[].apend(1)\nSession(engine)\nu = User()\nu.nmae\nhasattr(u, 'nmae')\n\
                 sessionmaker(bind=engine, autoflush=False)\nfrom sqlalchemy.orm import Session as S\nS\n";
    let r = ormsh(&["-s", "schemas/blog.json", "--no-color"], stdin, &[]);
    for line in [
        "<stdin>:1:1: AttributeError: type object 'User' has no attribute 'fulname'. Did you mean: 'fullname'?",
        "<stdin>:2:1: AttributeError: 'Session' object has no attribute 'comit'. Did you mean: 'commit'?",
        "<stdin>:3:1: AttributeError: 'list' object has no attribute 'apend'. Did you mean: 'append'?",
        "<stdin>:4:1: TypeError: sessionmaker.__call__() takes 1 positional argument but 2 were given",
        // too far from 'name' for CPython's rule: no suggestion
        "<stdin>:6:1: AttributeError: 'User' object has no attribute 'nmae'",
    ] {
        assert!(r.stderr.lines().any(|l| l == line), "missing {line:?} in\n{}", r.stderr);
    }
    assert!(r.stderr.contains("hint: Session here is sessionmaker(bind=engine), already bound: Session() opens a session."), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "False\nsessionmaker(class_='Session', bind=Engine(sqlite://), autoflush=False, expire_on_commit=True)\n\
         <class 'sqlalchemy.orm.session.Session'>\n"
    );
}
