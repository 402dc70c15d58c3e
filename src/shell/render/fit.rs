//! Result tables as text, fitted to the terminal: aligned columns (plain),
//! comfy-table boxes (table), one block per row (`.mode line`, psql's
//! expanded display, chosen automatically when a row cannot fit the width,
//! like psql's `\x auto`), CSV, JSON and Markdown.
//!
//! With a width (standard output is a terminal), long cells are cut with `…`
//! so every row stays on one screen line; without one (pipes, files) nothing
//! is cut. Control characters in cells are escaped (`\n`, `\x1b`) in the
//! formats a terminal shows, so a cell cannot move the cursor or end a line.
//! SQLAlchemy has no counterpart: this is the shell's own display, after
//! sqlite3's `.mode` and psql's `\pset`.

use crate::events::Table;

/// A column is cut to no less than this many characters (or its natural
/// width, when smaller) before the table turns vertical.
pub const MIN_COLUMN: usize = 10;

/// The characters a cell shows on one terminal line: control characters as
/// Python's escapes (`\n`, `\t`, `\x1b`), everything else as is.
pub fn escape_controls(cell: &str) -> std::borrow::Cow<'_, str> {
    // one notation everywhere: `shell::escape`
    crate::shell::escape::escape_line(cell)
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// `s` cut to `w` characters, the last one `…` when something was cut.
pub fn truncate(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(w - 1).collect();
    out.push('…');
    out
}

/// Column widths that fit `avail` characters given `overhead` characters of
/// separators: the widest columns shrink first (water filling), none below
/// `min(natural, MIN_COLUMN)`. None when even that does not fit.
pub fn fit_widths(natural: &[usize], avail: usize, overhead: usize) -> Option<Vec<usize>> {
    let budget = avail.checked_sub(overhead)?;
    let total: usize = natural.iter().sum();
    if total <= budget {
        return Some(natural.to_vec());
    }
    let floors: Vec<usize> = natural.iter().map(|&n| n.min(MIN_COLUMN)).collect();
    if floors.iter().sum::<usize>() > budget {
        return None;
    }
    let widths_at = |cap: usize| -> Vec<usize> { natural.iter().zip(&floors).map(|(&n, &f)| n.min(cap.max(f))).collect() };
    // the largest cap whose widths fit
    let (mut lo, mut hi) = (0usize, natural.iter().copied().max().unwrap_or(0));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if widths_at(mid).iter().sum::<usize>() <= budget {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut widths = widths_at(lo);
    // hand the characters left over to the columns that were cut, left to right
    let mut spare = budget - widths.iter().sum::<usize>();
    for (w, &n) in widths.iter_mut().zip(natural) {
        if spare == 0 {
            break;
        }
        if *w < n {
            *w += 1;
            spare -= 1;
        }
    }
    Some(widths)
}

/// The cells of `t` escaped for a terminal, and each column's natural width.
fn escaped(t: &Table) -> (Vec<String>, Vec<Vec<String>>, Vec<usize>) {
    let columns: Vec<String> = t.columns.iter().map(|c| escape_controls(c).into_owned()).collect();
    let rows: Vec<Vec<String>> =
        t.rows.iter().map(|r| r.iter().map(|c| escape_controls(c).into_owned()).collect()).collect();
    let mut widths: Vec<usize> = columns.iter().map(|c| width(c)).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            match widths.get_mut(i) {
                Some(w) => *w = (*w).max(width(cell)),
                None => widths.push(width(cell)),
            }
        }
    }
    (columns, rows, widths)
}

pub fn row_count(n: usize) -> String {
    if n == 1 { "(1 row)\n".into() } else { format!("({} rows)\n", n) }
}

/// How a table is drawn in the text formats.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Drawing {
    Aligned,
    Boxed,
    Vertical,
}

/// The table drawn as `drawing` within `avail` columns (None: no limit); the
/// aligned and boxed drawings turn vertical when a row cannot fit.
pub fn draw(t: &Table, drawing: Drawing, avail: Option<usize>) -> String {
    let (columns, rows, natural) = escaped(t);
    let overhead = match drawing {
        Drawing::Aligned => 2 * natural.len().saturating_sub(1),
        Drawing::Boxed => 3 * natural.len() + 1,
        Drawing::Vertical => return vertical(&columns, &rows, avail),
    };
    let widths = match avail {
        None => natural,
        Some(avail) => match fit_widths(&natural, avail, overhead) {
            Some(w) => w,
            None => return vertical(&columns, &rows, Some(avail)),
        },
    };
    let cut = |cells: &[String]| -> Vec<String> {
        cells.iter().enumerate().map(|(i, c)| truncate(c, widths.get(i).copied().unwrap_or(usize::MAX))).collect()
    };
    let columns = cut(&columns);
    let rows: Vec<Vec<String>> = rows.iter().map(|r| cut(r)).collect();
    let body = match drawing {
        Drawing::Boxed => boxed(&columns, &rows),
        _ => aligned(&columns, &rows, &widths),
    };
    format!("{}{}", body, row_count(t.rows.len()))
}

fn aligned(columns: &[String], rows: &[Vec<String>], widths: &[usize]) -> String {
    let line = |cells: &mut dyn Iterator<Item = &str>| -> String {
        let mut s = String::new();
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(cell);
            let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(width(cell));
            s.push_str(&" ".repeat(pad));
        }
        format!("{}\n", s.trim_end())
    };
    let mut out = line(&mut columns.iter().map(String::as_str));
    let dashes: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&line(&mut dashes.iter().map(String::as_str)));
    for row in rows {
        out.push_str(&line(&mut row.iter().map(String::as_str)));
    }
    out
}

fn boxed(columns: &[String], rows: &[Vec<String>]) -> String {
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    table.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
    table.set_header(columns.to_vec());
    for row in rows {
        table.add_row(row.clone());
    }
    format!("{}\n", table)
}

/// One block per row, psql's expanded display:
/// ```text
/// -[ RECORD 1 ]--------
/// TrackId | 1
/// Name    | 'Balls to the Wall'
/// ```
fn vertical(columns: &[String], rows: &[Vec<String>], avail: Option<usize>) -> String {
    let name_w = columns.iter().map(|c| width(c)).max().unwrap_or(0);
    let value_w = avail.map(|a| a.saturating_sub(name_w + 3).max(MIN_COLUMN));
    let mut out = String::new();
    for (n, row) in rows.iter().enumerate() {
        let head = format!("-[ RECORD {} ]", n + 1);
        let rule = avail.map(|a| a.min(name_w + 3 + 40)).unwrap_or(name_w + 3 + 20);
        out.push_str(&head);
        out.push_str(&"-".repeat(rule.saturating_sub(width(&head))));
        out.push('\n');
        for (i, name) in columns.iter().enumerate() {
            let cell = row.get(i).map(String::as_str).unwrap_or("");
            let cell = match value_w {
                Some(w) => truncate(cell, w),
                None => cell.to_string(),
            };
            out.push_str(&format!("{}{} | {}", name, " ".repeat(name_w - width(name)), cell).trim_end().to_string());
            out.push('\n');
        }
    }
    out.push_str(&row_count(rows.len()));
    out
}

/// A cell's text (a Python repr) as data: None, a number, a bool, or a string
/// (a quoted str repr loses its quotes; anything else keeps its repr).
enum Datum {
    Null,
    Number(String),
    Bool(bool),
    Text(String),
}

fn datum(cell: &str) -> Datum {
    match cell {
        "None" => return Datum::Null,
        "True" => return Datum::Bool(true),
        "False" => return Datum::Bool(false),
        _ => {}
    }
    if !cell.is_empty() && cell.parse::<f64>().is_ok() && cell.chars().all(|c| c.is_ascii_digit() || "-+.eE".contains(c)) {
        return Datum::Number(cell.to_string());
    }
    Datum::Text(unquote(cell).unwrap_or_else(|| cell.to_string()))
}

/// The value of a Python str repr (`'a\'b'`, `"it's"`), or None if `s` is not one.
fn unquote(s: &str) -> Option<String> {
    let q = s.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    if s.len() < 2 || !s.ends_with(q) {
        return None;
    }
    let inner = &s[1..s.len() - 1];
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == q {
            return None; // an unescaped quote: two strings, or not a repr
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            'U' => {
                let hex: String = chars.by_ref().take(8).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// RFC 4180 CSV: a header line, then a line per row; strings without their
/// Python quotes, None as an empty field.
pub fn csv(t: &Table) -> String {
    fn field(s: &str) -> String {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    }
    let mut out = t.columns.iter().map(|c| field(c)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match datum(c) {
                Datum::Null => String::new(),
                Datum::Number(n) => n,
                Datum::Bool(b) => if b { "True".into() } else { "False".into() },
                Datum::Text(s) => field(&s),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A JSON array with one object per row (keys in column order).
pub fn json(t: &Table) -> String {
    let rows: Vec<serde_json::Value> = t
        .rows
        .iter()
        .map(|row| {
            let mut obj = serde_json::Map::new();
            for (i, c) in t.columns.iter().enumerate() {
                let cell = row.get(i).map(String::as_str).unwrap_or("None");
                let v = match datum(cell) {
                    Datum::Null => serde_json::Value::Null,
                    Datum::Bool(b) => serde_json::Value::Bool(b),
                    Datum::Number(n) => serde_json::from_str(&n).unwrap_or(serde_json::Value::String(n)),
                    Datum::Text(s) => serde_json::Value::String(s),
                };
                obj.insert(c.clone(), v);
            }
            serde_json::Value::Object(obj)
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&serde_json::Value::Array(rows)).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

/// A GitHub-flavoured Markdown table (`|` in cells escaped).
pub fn markdown(t: &Table) -> String {
    let cell = |s: &str| escape_controls(s).replace('|', "\\|");
    let mut out = format!("| {} |\n", t.columns.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "));
    out.push_str(&format!("|{}\n", t.columns.iter().map(|_| " --- |").collect::<String>()));
    for row in &t.rows {
        out.push_str(&format!("| {} |\n", row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(columns: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            columns: columns.iter().map(|s| s.to_string()).collect(),
            rows: rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect(),
        }
    }

    #[test]
    fn widths_shrink_the_widest_first_and_give_up_below_the_floor() {
        assert_eq!(fit_widths(&[5, 50, 30], 100, 0), Some(vec![5, 50, 30]));
        let w = fit_widths(&[5, 50, 30], 60, 0).unwrap_or_default();
        assert_eq!(w.iter().sum::<usize>(), 60);
        assert_eq!(w[0], 5);
        assert!(w[1] >= w[2] && w[1] - w[2] <= 1, "{:?}", w);
        assert_eq!(fit_widths(&[30, 30, 30], 29, 0), None);
        assert_eq!(fit_widths(&[30, 30, 30], 30, 0), Some(vec![10, 10, 10]));
        assert_eq!(fit_widths(&[3], 2, 5), None);
    }

    #[test]
    fn long_cells_are_cut_with_an_ellipsis() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(truncate("abc", 0), "");
        let t = table(&["id", "text"], &[&["1", &"x".repeat(100)]]);
        let out = draw(&t, Drawing::Aligned, Some(40));
        assert!(out.lines().all(|l| l.chars().count() <= 40), "{}", out);
        assert!(out.contains('…'));
        let out = draw(&t, Drawing::Boxed, Some(40));
        assert!(out.lines().all(|l| l.chars().count() <= 40), "{}", out);
        assert_eq!(draw(&t, Drawing::Aligned, None).lines().nth(2).map(|l| l.len()), Some(104));
    }

    #[test]
    fn rows_too_wide_turn_vertical() {
        let t = table(&["a", "b", "c"], &[&[&"x".repeat(30), &"y".repeat(30), &"z".repeat(30)]]);
        let out = draw(&t, Drawing::Boxed, Some(30));
        assert!(out.starts_with("-[ RECORD 1 ]"), "{}", out);
        assert!(out.contains("\na | xxxxxxxxxxxxxxxxxxxxxxxxx…\n"), "{}", out);
        assert!(out.ends_with("(1 row)\n"));
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("a\nb\x1b[31m\t"), "a\\nb\\x1b[31m\\t");
        assert_eq!(escape_controls("plain"), "plain");
        let t = table(&["s"], &[&["'a\x1b[2Jb'"]]);
        assert!(!draw(&t, Drawing::Boxed, None).contains('\x1b'));
    }

    #[test]
    fn csv_json_and_markdown() {
        let t = table(&["id", "name", "note"], &[&["1", "'ed'", "None"], &["2", "\"it's, \\\"x\\\"\"", "True"]]);
        assert_eq!(csv(&t), "id,name,note\r\n1,ed,\r\n2,\"it's, \"\"x\"\"\",True\r\n");
        assert_eq!(
            json(&t),
            "[\n  {\n    \"id\": 1,\n    \"name\": \"ed\",\n    \"note\": null\n  },\n  {\n    \"id\": 2,\n    \"name\": \"it's, \\\"x\\\"\",\n    \"note\": true\n  }\n]\n"
        );
        assert_eq!(markdown(&table(&["a", "b"], &[&["x|y", "1"]])), "| a | b |\n| --- | --- |\n| x\\|y | 1 |\n");
        assert_eq!(unquote("'a\\'b'").as_deref(), Some("a'b"));
        assert_eq!(unquote("'a' 'b'"), None);
        assert!(matches!(datum("Decimal('0.99')"), Datum::Text(s) if s == "Decimal('0.99')"));
    }
}
