//! The interactive prompt: a thin rustyline adapter over [`Shell::run_entry`].
//! It reads lines, gathers multi-line blocks (asking `syntax::check_complete`),
//! shows the transaction indicator in the prompt, keeps a private history file,
//! asks before leaving with a transaction open, and routes Ctrl-C during a
//! running statement to the interpreter's interrupt flag. Every decision worth testing
//! is a plain function here ([`entry_state`], [`prompt`], [`confirms`]).
//! Tab completes from a snapshot of the session taken before each prompt
//! (`complete.rs`).

use super::complete::{self, ShellHelper};
use super::dot::Flow;
use super::history;
use super::run::{is_dot_command, Shell};
use crate::interp::sa;
use crate::syntax::{check_complete, Completeness};
use rustyline::error::ReadlineError;

pub const CONTINUATION_PROMPT: &str = "   ...> ";

/// The line editor, completing from the session ([`complete`]).
type Editor = rustyline::Editor<ShellHelper, rustyline::history::DefaultHistory>;

/// The prompt: `ormsh> `, with the session's transaction indicator (`ormsh*> `)
/// and, under `--sandbox`, the reminder that nothing will stay (`ormsh(sandbox)*> `).
pub fn prompt(tx_indicator: &str, sandbox: bool) -> String {
    format!("ormsh{}{}> ", if sandbox { "(sandbox)" } else { "" }, tx_indicator)
}

/// The question to ask before running `entry` with a transaction open, for
/// the dot-commands that end the session's work (`.open`, `.reset`; `.quit`
/// asks on its own).
pub fn discards_transaction(entry: &str) -> Option<&'static str> {
    let word = entry.trim().split_whitespace().next()?;
    match word {
        ".open" => Some("A transaction is open; roll back and open the new database? [y/N] "),
        ".reset" => Some("A transaction is open; roll back and reset? [y/N] "),
        _ => None,
    }
}

/// What to do with the input gathered so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryState {
    /// Run it.
    Ready,
    /// Read another line (continuation prompt).
    NeedMore,
}

/// Decide whether `buffer` (lines typed so far, the last one just read) is a
/// finished entry. A dot line is always finished. As in Python's REPL, an open
/// bracket or string reads on until closed, and a block opened by a `:` line
/// ends with a blank line; input the parser calls invalid runs at once, so its
/// SyntaxError shows.
pub fn entry_state(buffer: &str, completeness: Completeness) -> EntryState {
    if is_dot_command(buffer) && !buffer.contains('\n') {
        return EntryState::Ready;
    }
    let last_blank = buffer.rsplit('\n').next().map(|l| l.trim().is_empty()).unwrap_or(true);
    match completeness {
        Completeness::Invalid => EntryState::Ready,
        Completeness::Incomplete => {
            if last_blank && buffer.contains('\n') { EntryState::Ready } else { EntryState::NeedMore }
        }
        Completeness::Complete => {
            if opens_block(buffer) && !last_blank { EntryState::NeedMore } else { EntryState::Ready }
        }
    }
}

/// The state of what Enter submitted as the first line of an entry. A block
/// recalled from history (Up) comes back as one buffer holding newlines, without
/// the blank line that closed it when it was typed: when it parses whole, Enter
/// runs it (one Enter, as IPython), rather than opening a continuation line.
pub fn first_line_state(line: &str) -> EntryState {
    // closed by the blank line it had when typed, does it parse whole?
    if line.contains('\n') && check_complete(&format!("{line}\n\n")) == Completeness::Complete {
        return EntryState::Ready;
    }
    entry_state(line, check_complete(line))
}

/// True when the entry's first line opens an indented block (`if x:`, `with …:`).
fn opens_block(buffer: &str) -> bool {
    let first = buffer.lines().next().unwrap_or("");
    let code = first.split('#').next().unwrap_or("").trim_end();
    code.ends_with(':')
}

/// Columns of indentation one block level adds (PEP 8, and what IPython types).
const INDENT: usize = 4;

/// The indentation a person at the prompt most likely wants for the next
/// line of `buffer` (IPython's auto-indent): the last line's, one level more
/// after a line ending in `:`, one less after a line that leaves its block
/// (`return`, `pass`, `break`, `continue`, `raise`).
pub fn next_indent(buffer: &str) -> usize {
    let Some(last) = buffer.lines().rev().find(|l| !l.trim().is_empty()) else { return 0 };
    let indent = last.chars().take_while(|c| *c == ' ').count() + 8 * last.chars().take_while(|c| *c == '\t').count();
    let code = last.split('#').next().unwrap_or("").trim();
    let first_word = code.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
    if code.ends_with(':') {
        indent + INDENT
    } else if matches!(first_word, "return" | "pass" | "break" | "continue" | "raise") {
        indent.saturating_sub(INDENT)
    } else {
        indent
    }
}

/// True when more input is already waiting on standard input (typed ahead or
/// pasted): the next line carries its own indentation, so none is offered.
fn input_waiting() -> bool {
    #[cfg(unix)]
    {
        let mut fds = libc::pollfd { fd: 0, events: libc::POLLIN, revents: 0 };
        // SAFETY: one valid pollfd, a zero timeout.
        let n = unsafe { libc::poll(&mut fds, 1, 0) };
        n > 0 && fds.revents & libc::POLLIN != 0
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// A line that came back sooner than a person types one was typed ahead or
/// pasted (the line editor may already hold the rest of it in its buffer).
const TYPED_AHEAD: std::time::Duration = std::time::Duration::from_millis(40);

/// The answer to a y/N question: only `y`/`yes` (any case) says yes.
pub fn confirms(answer: &str) -> bool {
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

/// Run the prompt until `.quit`, Ctrl-D, or a stop.
pub fn run(shell: &mut Shell, url: &str) {
    let config = rustyline::Config::builder()
        .max_history_size(history::MAX_ENTRIES)
        .map(|b| b.auto_add_history(false).completion_type(rustyline::CompletionType::List).build())
        .unwrap_or_default();
    let mut editor = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("ormsh: cannot start the line editor: {}", e);
            return;
        }
    };
    let color = shell.ctx.shared.settings.borrow().color;
    editor.set_helper(Some(ShellHelper { color, ..ShellHelper::default() }));
    if super::interrupt::install(shell.interp.interrupt_flag()) {
        super::interrupt::watch(shell.interp.interrupt_flag());
    }
    let history_file = history::history_path().filter(|p| history::ensure_private_file(p).is_ok());
    if let Some(path) = &history_file {
        let _ = editor.load_history(path);
    }
    let sandbox = if shell.interp.sa.sandbox.is_some() { " in a sandbox: every change is rolled back on exit" } else { "" };
    eprintln!("ormsh {} on {}{}. Type .help for help, Ctrl-D to leave.", env!("CARGO_PKG_VERSION"), url, sandbox);
    let mut buffer = String::new();
    // whether the last line came in faster than typing (type-ahead: offer no indentation)
    let mut fast = false;
    loop {
        let sandbox = shell.interp.sa.sandbox.is_some();
        let text = if buffer.is_empty() { prompt(&sa::dot::tx_indicator(&shell.interp), sandbox) } else { CONTINUATION_PROMPT.to_string() };
        if let Some(helper) = editor.helper_mut() {
            helper.snapshot = complete::snapshot(&shell.interp);
        }
        // An empty line, or one holding only the indentation offered, ends the
        // entry at any depth (IPython and the Python prompt: `entry_state`).
        let offered = if buffer.is_empty() || fast || input_waiting() { 0 } else { next_indent(&buffer) };
        let asked = std::time::Instant::now();
        let read = editor.readline_with_initial(&text, (&" ".repeat(offered), ""));
        fast = asked.elapsed() < TYPED_AHEAD;
        match read {
            Ok(line) => {
                if buffer.is_empty() && line.trim().is_empty() {
                    continue;
                }
                let first = buffer.is_empty();
                if !first {
                    buffer.push('\n');
                }
                buffer.push_str(&line);
                let state = if first { first_line_state(&buffer) } else { entry_state(&buffer, check_complete(&buffer)) };
                if state == EntryState::NeedMore {
                    continue;
                }
                let entry = std::mem::take(&mut buffer);
                let entry = entry.trim_end();
                let _ = editor.add_history_entry(history::mask_passwords(entry));
                if let Some(path) = &history_file {
                    let _ = editor.append_history(path);
                    let _ = history::restrict(path);
                }
                if let Some(question) = discards_transaction(entry).filter(|_| sa::dot::transaction_open(&shell.interp)) {
                    if !matches!(editor.readline(question), Ok(answer) if confirms(&answer)) {
                        continue;
                    }
                }
                if shell.run_entry(entry) == Flow::Stop {
                    if shell.quit_requested() && !may_leave(shell, &mut editor) {
                        shell.ctx.quit.set(false);
                        continue;
                    }
                    if shell.quit_requested() || shell.exit_requested() {
                        break;
                    }
                }
            }
            Err(ReadlineError::Interrupted) => {
                // Ctrl-C: drop the input being typed, stay in the shell.
                buffer.clear();
            }
            Err(ReadlineError::Eof) => {
                if buffer.is_empty() && may_leave(shell, &mut editor) {
                    break;
                }
                buffer.clear();
            }
            Err(e) => {
                eprintln!("ormsh: {}", e);
                break;
            }
        }
    }
}

/// Ask before leaving with a transaction open.
fn may_leave(shell: &Shell, editor: &mut Editor) -> bool {
    if !sa::dot::transaction_open(&shell.interp) {
        return true;
    }
    match editor.readline("A transaction is open; roll back and quit? [y/N] ") {
        Ok(answer) => confirms(&answer),
        Err(ReadlineError::Eof) => true,
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Completeness::*;

    #[test]
    fn prompts() {
        assert_eq!(prompt("", false), "ormsh> ");
        assert_eq!(prompt("*", false), "ormsh*> ");
        assert_eq!(prompt("*", true), "ormsh(sandbox)*> ");
        assert_eq!(CONTINUATION_PROMPT.len(), prompt("", false).len() + 1);
    }

    #[test]
    fn open_and_reset_ask_first() {
        assert!(discards_transaction(".open sqlite://").is_some());
        assert!(discards_transaction(" .reset").is_some());
        assert!(discards_transaction(".opener").is_none());
        assert!(discards_transaction("x = 1").is_none());
    }

    #[test]
    fn single_lines_and_dot_commands_run_at_once() {
        assert_eq!(entry_state("x = 1", Complete), EntryState::Ready);
        assert_eq!(entry_state(".help", Incomplete), EntryState::Ready);
        assert_eq!(entry_state("x = (", Invalid), EntryState::Ready);
    }

    #[test]
    fn open_brackets_read_on_until_closed() {
        assert_eq!(entry_state("x = [1,", Incomplete), EntryState::NeedMore);
        assert_eq!(entry_state("x = [1,\n2]", Complete), EntryState::Ready);
    }

    #[test]
    fn blocks_end_with_a_blank_line() {
        assert_eq!(entry_state("for u in users:", Incomplete), EntryState::NeedMore);
        assert_eq!(entry_state("for u in users:\n    print(u)", Complete), EntryState::NeedMore);
        // the same block recalled whole from history runs on one Enter; a recalled
        // block that does not parse whole reads on as typed input does
        assert_eq!(first_line_state("for u in users:\n    print(u)"), EntryState::Ready);
        assert_eq!(first_line_state("if x:\n    for u in users:\n        print(u)"), EntryState::Ready);
        assert_eq!(first_line_state("for u in users:"), EntryState::NeedMore);
        assert_eq!(first_line_state("if x:\n    for u in users:"), EntryState::NeedMore);
        assert_eq!(first_line_state("x = [1,\n2,"), EntryState::NeedMore);
        assert_eq!(first_line_state("x = 1"), EntryState::Ready);
        assert_eq!(entry_state("for u in users:  # loop\n    print(u)\n", Complete), EntryState::Ready);
        assert_eq!(entry_state("if x:\n", Incomplete), EntryState::Ready);
    }

    #[test]
    fn indentation_follows_blocks() {
        assert_eq!(next_indent("for u in users:"), 4);
        assert_eq!(next_indent("for u in users:\n    print(u)"), 4);
        assert_eq!(next_indent("for u in users:\n    if u.id:  # odd\n"), 8);
        assert_eq!(next_indent("while True:\n    if x:\n        break"), 4);
    }


    #[test]
    fn only_yes_confirms() {
        assert!(confirms("y"));
        assert!(confirms(" YES "));
        assert!(!confirms(""));
        assert!(!confirms("n"));
    }
}
