//! Terminal safety: control characters in data and identifiers are shown
//! escaped, never sent to the terminal raw (an ESC from a row or a schema file
//! could move the cursor, retitle the window or hide text). Every text
//! rendering (table, plain, the SQL echo, errors, notices, `print`) passes
//! its data through [`escape_controls`]; table cells through [`escape_line`].
//!
//! As psql does (`pg_wcsformat` in `mbprint.c`) every control character is
//! shown as an escape, in the notation of Python's `repr` (the one ormsh's
//! values already use): `\x1b`, `\x07`, `\x85`, and `\r`; newline and tab
//! are kept where text may span lines, escaped (`\n`, `\t`) in table cells.
//! The table renderer (`render::fit`) calls [`escape_line`] for its cells. The JSON-lines trace is
//! not touched: JSON escapes its own control characters.

use std::borrow::Cow;
use std::fmt::Write;

/// True for the characters shown escaped (Unicode category Cc but newline and tab).
fn is_shown_escaped(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_newlines,
        _ => c.is_control(),
    }
}

/// A cheap first look at the bytes: no C0 control (other than newline and
/// tab when kept), no DEL, and no C1 control (UTF-8 `C2 80`..`C2 9F`).
fn all_safe(s: &str, keep_newlines: bool) -> bool {
    let b = s.as_bytes();
    for (i, &x) in b.iter().enumerate() {
        if x < 0x20 {
            if !(keep_newlines && (x == b'\n' || x == b'\t')) {
                return false;
            }
        } else if x == 0x7f || (x == 0xc2 && matches!(b.get(i + 1), Some(0x80..=0x9f))) {
            return false;
        }
    }
    true
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if all_safe(s, keep_newlines) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !is_shown_escaped(c, keep_newlines) {
            out.push(c);
            continue;
        }
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

/// `s` with its control characters escaped as psql shows them; newline and
/// tab kept (multi-line text: SQL, errors, `print`).
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// `s` on one line: as [`escape_controls`], and newline and tab escaped too
/// (`\n`, `\t`: table cells, column names, labels).
pub fn escape_line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// A table with every cell and column name escaped with [`escape_line`];
/// borrowed when nothing needed escaping (the usual case).
pub fn escape_table(t: &crate::events::Table) -> Cow<'_, crate::events::Table> {
    let clean = t.columns.iter().all(|c| all_safe(c, false)) && t.rows.iter().all(|r| r.iter().all(|c| all_safe(c, false)));
    if clean {
        return Cow::Borrowed(t);
    }
    Cow::Owned(crate::events::Table {
        columns: t.columns.iter().map(|c| escape_line(c).into_owned()).collect(),
        rows: t.rows.iter().map(|r| r.iter().map(|c| escape_line(c).into_owned()).collect()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(escape_controls("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(escape_controls("nul\0 bel\x07 del\x7f"), "nul\\x00 bel\\x07 del\\x7f");
        assert_eq!(escape_controls("cr\r\nnext\tcol"), "cr\\r\nnext\tcol");
        assert_eq!(escape_controls("c1\u{9b}31m"), "c1\\x9b31m");
        assert_eq!(escape_line("two\nlines\tand tab"), "two\\nlines\\tand tab");
    }

    #[test]
    fn clean_text_is_borrowed_and_unicode_kept() {
        for s in ["plain", "café → ünïcode ✓", "", "\u{a0}nbsp", "€ sign \u{c2a0}"] {
            assert!(matches!(escape_controls(s), Cow::Borrowed(_)), "{s}");
            assert!(matches!(escape_line(s), Cow::Borrowed(_)), "{s}");
        }
    }

    #[test]
    fn tables_escape_cells_and_headers() {
        let t = crate::events::Table { columns: vec!["n\x1bame".into()], rows: vec![vec!["a\nb".into()], vec!["ok".into()]] };
        let e = escape_table(&t);
        assert_eq!(e.columns, vec!["n\\x1bame".to_string()]);
        assert_eq!(e.rows, vec![vec!["a\\nb".to_string()], vec!["ok".to_string()]]);
        let clean = crate::events::Table { columns: vec!["a".into()], rows: vec![vec!["b".into()]] };
        assert!(matches!(escape_table(&clean), Cow::Borrowed(_)));
    }
}
