//! The terminal's size and the pager for results taller than the screen
//! (`.pager on|off|auto`): `$PAGER`, else `less` with `LESS=-SRXF` when `$LESS`
//! is unset (pgcli's choice: chop long lines, keep colors, leave the text on
//! the screen, quit at once when it fits). Never when standard output is not
//! a terminal, and under `auto` only when standard input is one too (a piped
//! script never stops for a key).

use super::PagerMode;
use std::io::Write;

/// (columns, rows) of the terminal on standard output, if it is one.
pub fn terminal_size() -> Option<(usize, usize)> {
    #[cfg(unix)]
    {
        // SAFETY: TIOCGWINSZ fills the winsize we pass; the result is checked.
        let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
        let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0;
        if ok && ws.ws_col > 0 {
            return Some((ws.ws_col as usize, ws.ws_row as usize));
        }
    }
    None
}

/// Whether `text` goes through the pager under `mode`, on a screen of `rows`.
pub fn wants_pager(mode: PagerMode, text: &str, rows: usize, stdin_is_terminal: bool) -> bool {
    match mode {
        PagerMode::Off => false,
        PagerMode::On => true,
        PagerMode::Auto => stdin_is_terminal && rows > 0 && text.lines().count() >= rows.saturating_sub(1),
    }
}

/// The pager command: `$PAGER` (empty means none), else `less`.
fn pager_command() -> Option<String> {
    match std::env::var("PAGER") {
        Ok(p) if p.trim().is_empty() => None,
        Ok(p) => Some(p),
        Err(_) => Some("less".into()),
    }
}

/// Show `text` through the pager; false when no pager could run (the caller
/// then writes it as usual).
pub fn page(text: &str) -> bool {
    let Some(command) = pager_command() else { return false };
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c").arg(&command).stdin(std::process::Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        cmd.env("LESS", "-SRXF");
    }
    let Ok(mut child) = cmd.spawn() else { return false };
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(text.as_bytes()); // the user may quit before the end
    }
    let _ = child.wait();
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_pages_only_tall_output_with_a_keyboard() {
        let tall = "x\n".repeat(50);
        assert!(wants_pager(PagerMode::Auto, &tall, 24, true));
        assert!(!wants_pager(PagerMode::Auto, &tall, 24, false));
        assert!(!wants_pager(PagerMode::Auto, "x\n", 24, true));
        assert!(wants_pager(PagerMode::On, "x\n", 24, false));
        assert!(!wants_pager(PagerMode::Off, &tall, 24, true));
    }
}
