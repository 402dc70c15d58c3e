//! The input half of the shell at a real terminal (rustyline in raw mode on a
//! pseudo-terminal, `common::pty::Repl::terminal`): nothing typed ahead or
//! pasted is lost, a pasted block of several statements runs in order, and
//! Ctrl-C cancels the running database statement on each backend, which then
//! fails with the error SQLAlchemy shows for it (the texts were printed by
//! SQLAlchemy 2.1.9 with pysqlite, psycopg2 and PyMySQL cancelling the same
//! statements), and the shell goes on.
use crate::common::pty::Repl;
use crate::common::temp_dir;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

/// The lines of `text` equal to `line` (trimmed), counted.
fn lines_equal(text: &str, line: &str) -> usize {
    text.lines().filter(|l| l.trim() == line).count()
}

/// Where `line` first stands alone on a line of `text`.
fn line_index(text: &str, line: &str) -> Option<usize> {
    text.lines().position(|l| l.trim() == line)
}

#[test]
fn typed_ahead_lines_all_run_in_order() {
    let dir = temp_dir("typeahead");
    let mut repl = Repl::terminal(&["--no-color"], &dir.join("history"));
    // Three lines sent in one write, before the first one has run.
    repl.send(b"print(101)\rprint(102)\rprint(103)\r");
    let text = repl.wait_until("the three outputs", WAIT, |t| lines_equal(t, "103") == 1);
    let order: Vec<Option<usize>> = ["101", "102", "103"].iter().map(|l| line_index(&text, l)).collect();
    assert!(order.iter().all(Option::is_some) && order.windows(2).all(|w| w[0] < w[1]), "{order:?}\n{text}");
    let (status, _) = repl.quit();
    assert_eq!(status, 0);
}

#[test]
fn pasted_block_without_bracketed_paste_runs_whole() {
    let dir = temp_dir("paste-plain");
    let mut repl = Repl::terminal(&["--no-color"], &dir.join("history"));
    // What a terminal without bracketed paste sends: the lines, as if typed very fast.
    repl.send(b"for i in range(3):\r    print(i * 10 + 7)\r\rprint('after the loop')\r");
    let text = repl.wait_until("the loop and the line after it", WAIT, |t| lines_equal(t, "after the loop") == 1);
    let order: Vec<Option<usize>> = ["7", "17", "27", "after the loop"].iter().map(|l| line_index(&text, l)).collect();
    assert!(order.iter().all(Option::is_some) && order.windows(2).all(|w| w[0] < w[1]), "{order:?}\n{text}");
    repl.quit();
}

#[test]
fn bracketed_paste_of_several_statements_runs_them_in_order() {
    let dir = temp_dir("paste-bracketed");
    let mut repl = Repl::terminal(&["--no-color"], &dir.join("history"));
    // A bracketed paste: the editor holds the block until Enter.
    repl.send(b"\x1b[200~x = 5\ry = x * 2\rprint(x + 1000)\rprint(y + 2000)\x1b[201~");
    repl.send(b"\r");
    let text = repl.wait_until("both prints", WAIT, |t| lines_equal(t, "2010") == 1);
    let (a, b) = (line_index(&text, "1005"), line_index(&text, "2010"));
    assert!(a.is_some() && a < b, "{text}");
    repl.quit();
}

/// Start `long_sql` with `.sql`, press Ctrl-C after a moment, and expect the
/// driver's cancel error, then a working shell.
fn ctrl_c_cancels(url: &str, long_sql: &str, expected: &str, test: &str) {
    let dir = temp_dir(test);
    let mut repl = Repl::terminal(&["--no-color", url], &dir.join("history"));
    repl.send(format!(".sql {long_sql}\r").as_bytes());
    std::thread::sleep(Duration::from_millis(1500));
    let started = std::time::Instant::now();
    repl.send(b"\x03");
    let text = repl.wait_until("the cancel error", Duration::from_secs(10), |t| t.contains(expected));
    assert!(started.elapsed() < Duration::from_secs(5), "the cancel took {:?}", started.elapsed());
    assert!(!text.contains("KeyboardInterrupt"), "the statement's error alone:\n{text}");
    // The session goes on (PostgreSQL's transaction is aborted until rolled back, as with psycopg2).
    repl.send(b"session.rollback()\r");
    repl.send(b"print(6 * 7 + 1000)\r");
    repl.wait_until("the next entry", WAIT, |t| lines_equal(t, "1042") == 1);
    let (status, transcript) = repl.quit();
    assert_eq!(status, 1, "the cancelled statement is an error of the session:\n{transcript}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ctrl_c_cancels_a_sqlite_statement() {
    ctrl_c_cancels(
        "sqlite://",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
        "(sqlite3.OperationalError) interrupted",
        "cancel-sqlite",
    );
}

fn server(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|u| !u.is_empty()).or_else(|| {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "skipped: {var} not set");
        None
    })
}

#[test]
#[ignore = "needs ORMSH_TEST_POSTGRESQL_URL: cargo test -- --include-ignored"]
fn ctrl_c_cancels_a_postgresql_statement() {
    let Some(url) = server("ORMSH_TEST_POSTGRESQL_URL") else { return };
    let _serial = crate::common::server_tests_one_at_a_time();
    ctrl_c_cancels(
        &url,
        "select pg_sleep(30)",
        "(psycopg2.errors.QueryCanceled) canceling statement due to user request",
        "cancel-pg",
    );
}

#[test]
#[ignore = "needs ORMSH_TEST_MYSQL_URL: cargo test -- --include-ignored"]
fn ctrl_c_cancels_a_mysql_statement() {
    let Some(url) = server("ORMSH_TEST_MYSQL_URL") else { return };
    let _serial = crate::common::server_tests_one_at_a_time();
    ctrl_c_cancels(
        &url,
        "select sleep(30)",
        "(pymysql.err.OperationalError) (1317, 'Query execution was interrupted')",
        "cancel-mysql",
    );
}

#[test]
fn tab_completes_names_attributes_with_load_state_and_dot_commands() {
    let dir = temp_dir("complete");
    let mut repl = Repl::terminal(&["--no-color", "-s", "schemas/blog.json"], &dir.join("history"));
    repl.send(b"my_value = 4\r");
    // a name in scope
    repl.send(b"print(my_va\t + 1000)\r");
    repl.wait_until("the completed name's value", WAIT, |t| lines_equal(t, "1004") == 1);
    // attributes of an instance, listed with their load state, then one completed
    repl.send(b"u = User(name='ed')\r");
    repl.send(b"u.\t\t");
    let text = repl.wait_until("the attribute list", WAIT, |t| t.contains("addresses (relationship, "));
    assert!(text.contains("name (column, loaded)"), "{text}");
    repl.send(b"fulln\t\r");
    repl.send(b"print(repr(u.fullname) + '!')\r");
    repl.wait_until("u.fullname read", WAIT, |t| lines_equal(t, "None!") == 1);
    // a chain of attributes, as far as it is known without loading or calling:
    // the methods of a loaded column's value, the operators of a class's attribute
    repl.send(b"print(u.name.up\t() + '!')\r");
    repl.wait_until("u.name.upper() completed", WAIT, |t| lines_equal(t, "ED!") == 1);
    repl.send(b"User.name.li\t\t");
    repl.wait_until("the column operators", WAIT, |t| t.contains("User.name.like"));
    repl.send(b"\x15");
    // a dot-command
    repl.send(b".hel\t\r");
    repl.wait_until("the help", WAIT, |t| t.contains("Dot-commands"));
    repl.quit();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_sandbox_rolls_everything_back_and_open_or_reset_ask_first() {
    let dir = temp_dir("sandbox");
    let db = dir.join("sandbox.db");
    let url = format!("sqlite:///{}", db.display());
    // a row committed for good before the sandbox
    let before = crate::common::ormsh(&["-s", "schemas/blog.json", &url, "-c", "session.add(User(name='kept')); session.commit()"], "", &[]);
    assert_eq!(before.status, 0, "{}", before.stderr);
    let mut repl = Repl::terminal(&["--no-color", "--sandbox", "-s", "schemas/blog.json", &url], &dir.join("history"));
    assert!(repl.transcript().contains("ormsh(sandbox)> "), "{}", repl.transcript());
    repl.enter("session.add(User(name='gone'))");
    let shown = repl.enter("session.commit()");
    assert!(shown.contains("RELEASE SAVEPOINT"), "commit() only releases a savepoint: {shown}");
    repl.enter("print(sorted(session.scalars(select(User.name))))");
    repl.wait_until("both rows inside the sandbox", WAIT, |t| t.contains("['gone', 'kept']"));
    // .reset with a transaction open asks first; "n" keeps everything
    repl.send(b".reset\r");
    repl.wait_until("the question", WAIT, |t| t.contains("roll back and reset? [y/N]"));
    repl.send(b"n\r");
    repl.enter("print(len(session.scalars(select(User)).all()) * 100)");
    repl.wait_until("the session kept", WAIT, |t| lines_equal(t, "200") == 1);
    repl.send(b"session.rollback()\r");
    let (status, text) = repl.quit();
    assert_eq!(status, 0, "{text}");
    assert!(text.contains("sandbox: rolled back"), "{text}");
    let after = crate::common::ormsh(&["-s", "schemas/blog.json", &url, "-c", "print(sorted(session.scalars(select(User.name))))"], "", &[]);
    assert!(after.stdout.contains("['kept']"), "the sandbox left a row behind: {}", after.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn blocks_indent_themselves_and_an_empty_line_ends_the_entry() {
    let dir = temp_dir("autoindent");
    let mut repl = Repl::terminal(&["--no-color"], &dir.join("history"));
    // typed as a person types, key by key (lines typed ahead or pasted arrive
    // faster than that and carry their own indentation: none is offered to them).
    // As in IPython and the Python prompt, Enter on the empty line (only the offered
    // indentation) runs the whole entry, however deep the block: the next line is
    // a new entry at the top level.
    for line in ["for i in range(2):", "if i:", "print(i + 700)", "", "print(i + 800)"] {
        for key in format!("{line}\r").bytes() {
            repl.send(&[key]);
            std::thread::sleep(Duration::from_millis(12));
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    let text = repl.wait_until("the second entry's output", WAIT, |t| lines_equal(t, "801") == 1);
    let order: Vec<Option<usize>> = ["701", "801"].iter().map(|l| line_index(&text, l)).collect();
    assert!(order.iter().all(Option::is_some) && order.windows(2).all(|w| w[0] < w[1]), "{order:?}\n{text}");
    assert_eq!(lines_equal(&text, "800"), 0, "print(i + 800) ran inside the loop:\n{text}");
    assert!(text.contains("...>         print(i + 700)"), "the second level offered 8 spaces:\n{text}");
    let (status, _) = repl.quit();
    assert_eq!(status, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_block_recalled_from_history_runs_on_one_enter() {
    let dir = temp_dir("recall");
    let mut repl = Repl::terminal(&["--no-color"], &dir.join("history"));
    for line in ["for i in range(2):", "print(i + 900)", ""] {
        for key in format!("{line}\r").bytes() {
            repl.send(&[key]);
            std::thread::sleep(Duration::from_millis(12));
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    repl.wait_until("the block's first run", WAIT, |t| lines_equal(t, "901") == 1);
    // Up recalls the whole block; one Enter runs it again (no continuation line)
    repl.send(b"\x1b[A");
    std::thread::sleep(Duration::from_millis(300));
    repl.send(b"\r");
    repl.wait_until("the block's second run", WAIT, |t| lines_equal(t, "901") == 2);
    let (status, _) = repl.quit();
    assert_eq!(status, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn typed_input_is_highlighted_when_colour_is_on() {
    let dir = temp_dir("highlight");
    let env = [("NO_COLOR", None), ("PAGER", Some(""))];
    let mut repl = Repl::terminal_with(&["-s", "schemas/blog.json"], &dir.join("history"), &env);
    repl.send(b"for u in [User(name='x')]: print(u.name + 'ok')\r\r");
    repl.wait_until("the loop's output", WAIT, |t| lines_equal(t, "xok") == 1);
    let raw = repl.transcript();
    assert!(raw.contains("\x1b[1;35mfor\x1b[0m"), "a keyword in colour: {raw:?}");
    assert!(raw.contains("\x1b[1;33mUser\x1b[0m"), "a mapped class in colour: {raw:?}");
    assert!(raw.contains("\x1b[32m'x'\x1b[0m"), "a string in colour: {raw:?}");
    repl.quit();
    let _ = std::fs::remove_dir_all(&dir);
}
