//! The human-readable rendering shared by the `plain` and `table` formats:
//! SQL echoed the way SQLAlchemy's `echo=True` shows it (`BEGIN (implicit)`,
//! the statement, its parameters as a Python tuple, `COMMIT`), lifecycle
//! transitions (`User#1  transient → pending`), expirations, values, `print()`
//! output and errors. The two formats differ only in a [`Palette`] (ANSI colors
//! or none) and in how tables are drawn.

use super::fit;
use super::group::Held;
use super::{Settings, Shared, Stream, Volume};
use crate::shell::escape::{escape_controls, escape_line};
use crate::events::{Event, ObjLabel, Params, Table, TxOp};

/// Escape sequences around each kind of text; all empty for plain text.
pub struct Palette {
    pub sql: &'static str,
    pub params: &'static str,
    pub tx: &'static str,
    pub obj: &'static str,
    pub state: &'static str,
    pub error: &'static str,
    pub reset: &'static str,
}

pub const NO_COLOR: Palette = Palette { sql: "", params: "", tx: "", obj: "", state: "", error: "", reset: "" };

pub const ANSI: Palette = Palette {
    sql: "\x1b[36m",
    params: "\x1b[2;36m",
    tx: "\x1b[2;35m",
    obj: "\x1b[1m",
    state: "\x1b[33m",
    error: "\x1b[1;31m",
    reset: "\x1b[0m",
};

/// How result tables are drawn (the table part of each text format).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TableStyle {
    Aligned,
    Boxed,
    /// `.mode line`: one block per row.
    Line,
    Csv,
    Json,
    Markdown,
}

/// A text renderer over the shared output; the plain and table sinks wrap one.
pub struct TextRenderer {
    pub shared: Shared,
    pub table_style: TableStyle,
    /// Colors are used only when this is set and the settings allow color.
    pub colored: bool,
    /// The text of the event being rendered, reused from event to event: a load
    /// of 100 000 objects renders 100 000 transitions (no allocation per line).
    buf: String,
    /// Lifecycle lines held back under `.events summary`.
    held: Held,
}

impl TextRenderer {
    pub fn new(shared: Shared, table_style: TableStyle, colored: bool) -> TextRenderer {
        TextRenderer { shared, table_style, colored, buf: String::with_capacity(256), held: Held::default() }
    }

    pub fn emit(&mut self, ev: Event) {
        match &ev {
            // markers for insight: nothing to show, and held lines stay held
            Event::CauseEnd | Event::SqlDone { .. } | Event::IdentityHit { .. } | Event::RowMatched { .. } => return,
            Event::Cause(c) if !c.shown() => return,
            Event::Stmt { .. } => {
                self.flush_held();
                self.shared.begin_statement();
                return;
            }
            Event::State { .. } | Event::Expire { .. } => {
                let volume = self.shared.settings.borrow().events;
                match volume {
                    Volume::Off => return,
                    Volume::Summary => {
                        let not_lifecycle = self.held.push(ev);
                        debug_assert!(not_lifecycle.is_none());
                        return;
                    }
                    Volume::All => {}
                }
            }
            _ => self.flush_held(),
        }
        self.buf.clear();
        let stream = match &ev {
            Event::Value { .. } | Event::Print { .. } | Event::Info { .. } => Stream::Out,
            Event::Report(r) if !r.err => Stream::Out,
            _ => Stream::Err,
        };
        let shown = {
            let settings = self.shared.settings.borrow();
            let palette = if self.colored && settings.color { &ANSI } else { &NO_COLOR };
            match &ev {
                Event::Value { table: Some(t), .. } => {
                    let on_terminal = self.shared.results_on_terminal();
                    let size = if on_terminal { super::pager::terminal_size() } else { None };
                    let width = settings.width.or(size.map(|(w, _)| w));
                    self.buf.push_str(&render_table(t, self.table_style, width));
                    true
                }
                _ => render_event_into(&ev, &settings, palette, self.table_style, &mut self.buf),
            }
        };
        if shown && matches!(ev, Event::Info { .. } | Event::Report(_)) && self.shared.results_on_terminal() {
            // prose for a person at a terminal: wrapped at words, not cut mid-word by the terminal
            let width = self.shared.settings.borrow().width.or(super::pager::terminal_size().map(|(w, _)| w));
            if let Some(w) = width.filter(|&w| self.buf.lines().any(|l| l.chars().count() > w)) {
                self.buf = super::wrap::wrap_lines(&self.buf, w);
            }
        }
        if shown {
            if stream == Stream::Out && matches!(ev, Event::Value { table: Some(_), .. }) && self.page() {
                return;
            }
            self.shared.write_to(stream, &self.buf);
        }
        if self.buf.capacity() > 1 << 16 {
            self.buf = String::with_capacity(256); // a big table: do not keep its buffer
        }
    }

    /// Send the result in `buf` through the pager if it is tall; true when it was.
    fn page(&self) -> bool {
        use std::io::IsTerminal;
        if !self.shared.results_on_terminal() {
            return false;
        }
        let mode = self.shared.settings.borrow().pager;
        let rows = super::pager::terminal_size().map(|(_, r)| r).unwrap_or(0);
        if !super::pager::wants_pager(mode, &self.buf, rows, std::io::stdin().is_terminal()) {
            return false;
        }
        self.shared.flush();
        super::pager::page(&self.buf)
    }

    /// Show the lifecycle lines held back (summarised when many).
    pub fn flush_held(&mut self) {
        if self.held.is_empty() {
            return;
        }
        let mut text = String::new();
        {
            let settings = self.shared.settings.borrow();
            let palette = if self.colored && settings.color { &ANSI } else { &NO_COLOR };
            self.held.drain_into(&settings, palette, &mut text);
        }
        self.shared.write_to(Stream::Err, &text);
    }

    pub fn wants_sql(&self) -> bool {
        self.shared.settings.borrow().echo
    }
}

/// A result table in `style`, fitted to `width` columns when given.
pub fn render_table(t: &Table, style: TableStyle, width: Option<usize>) -> String {
    match style {
        TableStyle::Aligned => fit::draw(t, fit::Drawing::Aligned, width),
        TableStyle::Boxed => fit::draw(t, fit::Drawing::Boxed, width),
        TableStyle::Line => fit::draw(t, fit::Drawing::Vertical, width),
        TableStyle::Csv => fit::csv(t),
        TableStyle::Json => fit::json(t),
        TableStyle::Markdown => fit::markdown(t),
    }
}

/// The text shown for one event (each line ending in `\n`), or None when
/// nothing is shown (echo off, statement markers).
pub fn render_event(ev: &Event, settings: &Settings, p: &Palette, tables: TableStyle) -> Option<String> {
    let mut out = String::new();
    render_event_into(ev, settings, p, tables, &mut out).then_some(out)
}

/// [`render_event`] appending to `out`; false when nothing is shown. The
/// per-object events (transitions, expiry) are written piece by piece, without
/// `format!`: they are most of the output of a bulk load or flush.
pub fn render_event_into(ev: &Event, settings: &Settings, p: &Palette, tables: TableStyle, out: &mut String) -> bool {
    let echo = settings.echo;
    match ev {
        Event::State { obj, from, to } => {
            out.push_str(p.obj);
            push_label_with_name(out, obj, settings);
            out.push_str(p.reset);
            out.push_str("  ");
            out.push_str(p.state);
            out.push_str(from.map(|s| s.name()).unwrap_or("loaded"));
            out.push_str(" → ");
            out.push_str(to.name());
            out.push_str(p.reset);
            out.push('\n');
            return true;
        }
        Event::Expire { obj, attrs: None } => {
            out.push_str("expired ");
            out.push_str(p.obj);
            push_label_with_name(out, obj, settings);
            out.push_str(p.reset);
            out.push_str(": all attributes\n");
            return true;
        }
        _ => {}
    }
    let text = match ev {
        Event::Stmt { .. } => return false,
        Event::Sql { sql, params, batch, .. } => {
            if !echo {
                return false;
            }
            let batch = match batch {
                Some(b) => format!("[insertmanyvalues {}/{} ({})] ", b.n, b.of, if b.ordered { "ordered" } else { "unordered" }),
                None => String::new(),
            };
            format!("{}{}{}\n{}{}{}{}\n", p.sql, escape_controls(&trim_lines(sql)), p.reset, p.params, batch, escape_controls(&params_repr(params)), p.reset)
        }
        Event::Ddl { sql } => {
            if !echo {
                return false;
            }
            format!("{}{}{}\n", p.sql, escape_controls(&trim_lines(sql)), p.reset)
        }
        Event::Cause(cause) => {
            if !echo || !cause.shown() {
                return false;
            }
            format!("{}-- {}{}\n", p.tx, escape_line(&cause.text()), p.reset)
        }
        Event::Tx { op, name } => {
            if !echo {
                return false;
            }
            match name {
                // SQLAlchemy echoes the savepoint statement with its name
                Some(n) => format!("{}{} {}{}\n", p.tx, tx_text(*op), n, p.reset),
                None => format!("{}{}{}\n", p.tx, tx_text(*op), p.reset),
            }
        }
        Event::State { obj, from, to } => format!(
            "{}{}{}  {}{} → {}{}\n",
            p.obj,
            label_with_name(obj, settings),
            p.reset,
            p.state,
            from.map(|s| s.name()).unwrap_or("loaded"),
            to.name(),
            p.reset
        ),
        Event::Expire { obj, attrs } => {
            let what = match attrs {
                Some(names) => {
                    let mut names = names.clone();
                    names.sort();
                    escape_line(&names.join(", ")).into_owned()
                }
                None => "all attributes".into(),
            };
            format!("expired {}{}{}: {}\n", p.obj, label_with_name(obj, settings), p.reset, what)
        }
        Event::Value { repr, table } => match table {
            // table cells are escaped by `fit`
            Some(t) => render_table(t, tables, settings.width),
            None => format!("{}\n", escape_controls(repr)),
        },
        Event::Print { text, end } => format!("{}{}", escape_controls(text), escape_controls(end)),
        Event::Error { kind, message, line, col, hint } => error_text(
            &escape_line(kind),
            &escape_controls(message),
            *line,
            *col,
            hint.as_deref().map(escape_controls).as_deref(),
            settings,
            p,
        ),
        Event::CauseEnd | Event::SqlDone { .. } | Event::IdentityHit { .. } | Event::RowMatched { .. } => return false,
        Event::Ledger { text } | Event::Notice { text } => format!("{}{}{}\n", p.tx, escape_controls(text), p.reset),
        Event::NPlusOne(n) => crate::insight::report::nplusone_text(n, p.error, p.reset),
        Event::Report(r) if r.err => {
            // a plan (`.eqp`) is narration, like the SQL it follows; the rest are warnings
            let colour = if r.kind == "eqp" { p.params } else { p.error };
            let mut t = format!("{}{}{}", colour, escape_controls(&r.text), p.reset);
            if !t.ends_with('\n') {
                t.push('\n');
            }
            t
        }
        Event::Info { text } | Event::Report(crate::events::Report { text, .. }) => {
            let mut t = escape_controls(text).into_owned();
            if !t.ends_with('\n') {
                t.push('\n');
            }
            t
        }
    };
    out.push_str(&text);
    true
}

/// `User#1`, or `User#1 (u)` when a name is bound to the instance.
fn label_with_name(obj: &ObjLabel, settings: &Settings) -> String {
    let mut s = String::new();
    push_label_with_name(&mut s, obj, settings);
    s
}

/// [`label_with_name`] appended to `out`.
fn push_label_with_name(out: &mut String, obj: &ObjLabel, settings: &Settings) {
    out.push_str(&escape_line(&obj.class));
    out.push('#');
    push_u32(out, obj.n);
    if let Some(name) = settings.namer.as_ref().and_then(|namer| namer(obj)) {
        out.push_str(" (");
        out.push_str(&name);
        out.push(')');
    }
}

/// Decimal digits of `n` (what `{}` prints), without the formatting machinery.
fn push_u32(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(d as char);
    }
}

/// Transaction control as SQLAlchemy's echo words it.
pub fn tx_text(op: TxOp) -> &'static str {
    match op {
        TxOp::Begin => "BEGIN (implicit)",
        TxOp::Commit => "COMMIT",
        TxOp::Rollback => "ROLLBACK",
        TxOp::Savepoint => "SAVEPOINT",
        TxOp::Release => "RELEASE SAVEPOINT",
        TxOp::RollbackTo => "ROLLBACK TO SAVEPOINT",
        TxOp::BeginTwophase => "BEGIN TWOPHASE (implicit)",
        TxOp::Prepare => "PREPARE TRANSACTION",
        TxOp::CommitPrepared => "COMMIT PREPARED",
        TxOp::RollbackPrepared => "ROLLBACK PREPARED",
    }
}

/// The SQL text as sent, without the trailing blanks SQLAlchemy leaves at line ends.
fn trim_lines(sql: &str) -> String {
    sql.trim_end().lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

/// Parameters as SQLAlchemy's echo shows them (`Connection._log_parameters`,
/// `sql.util._repr_params`): a Python tuple, or a list of tuples for
/// executemany (10 sets at most), each value's repr cut to 300 characters.
pub fn params_repr(params: &Params) -> String {
    match params {
        Params::One(row) => crate::sql::repr_params::repr_tuple(row),
        Params::Many(rows) => crate::sql::repr_params::repr_many_params(rows),
    }
}

/// An error as a person reads it: `file:line:col: Kind: message` in scripts
/// (the file named when there is one), Python's "Did you mean" on the same
/// line, the source line with a caret under the column, then the rest of the
/// message (SQL and parameters of DBAPI errors) and any other hint.
fn error_text(kind: &str, message: &str, line: Option<u32>, col: Option<u32>, hint: Option<&str>, settings: &Settings, p: &Palette) -> String {
    let mut lines = message.split('\n');
    let first = lines.next().unwrap_or("");
    let mut head = if first.is_empty() { kind.to_string() } else { format!("{}: {}", kind, first) };
    let (did_you_mean, other_hint) = match hint {
        Some(h) if h.starts_with("Did you mean") => (Some(h), None),
        h => (None, h),
    };
    if let Some(h) = did_you_mean {
        head.push_str(". ");
        head.push_str(h);
    }
    let source = settings.source.as_ref();
    let located = settings.error_lines || source.is_some_and(|s| s.name.is_some());
    let mut text = String::new();
    if let (true, Some(n)) = (located, line) {
        let name = source.and_then(|s| s.name.as_deref()).unwrap_or("line");
        let loc = match (name, col) {
            ("line", _) => format!("line {}", n),
            (name, Some(c)) => format!("{}:{}:{}", name, n, c),
            (name, None) => format!("{}:{}", name, n),
        };
        text.push_str(&format!("{}{}: {}{}\n", p.error, loc, head, p.reset));
    } else {
        text.push_str(&format!("{}{}{}\n", p.error, head, p.reset));
    }
    // the source line and a caret: in scripts, and for SyntaxErrors anywhere
    let wants_caret = located || kind.ends_with("SyntaxError") || kind == "IndentationError" || kind == "TabError";
    if let (true, Some(src), Some(n), Some(c)) = (wants_caret, source, line, col) {
        if let Some(code) = n.checked_sub(src.first_line).and_then(|i| src.text.lines().nth(i as usize)) {
            let shown = fit::escape_controls(code.trim_end());
            let indent = shown.chars().take_while(|c| *c == ' ').count();
            let caret_at = (c as usize).saturating_sub(1).max(indent).min(shown.chars().count());
            let number = n.to_string();
            text.push_str(&format!("  {} | {}\n", number, &shown[shown.char_indices().nth(indent).map_or(shown.len(), |(i, _)| i)..]));
            text.push_str(&format!("  {} | {}^\n", " ".repeat(number.len()), " ".repeat(caret_at - indent)));
        }
    }
    for rest in lines {
        text.push_str(rest.trim_end());
        text.push('\n');
    }
    if let Some(h) = other_hint {
        text.push_str(&format!("hint: {}\n", h));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::Format;
    use super::*;
    use crate::events::LifecycleState;
    use crate::sql::value::Value;
    use std::rc::Rc;

    fn plain(ev: Event) -> String {
        render_event(&ev, &Settings::new(Format::Plain, true, false), &NO_COLOR, TableStyle::Aligned).unwrap_or_default()
    }

    fn user(n: u32) -> ObjLabel {
        ObjLabel { class: "User".into(), n, id: n }
    }

    #[test]
    fn sql_echo_reads_like_sqlalchemy() {
        let ev = Event::Sql {
            sql: "SELECT users.id \nFROM users \nWHERE users.name = ?".into(),
            params: Params::One(vec![Value::Str("ed".into())]),
            many: false,
            elapsed_us: None,
            batch: None,
        };
        assert_eq!(plain(ev), "SELECT users.id\nFROM users\nWHERE users.name = ?\n('ed',)\n");
        let none = Event::Sql { sql: "SELECT 1".into(), params: Params::One(vec![]), many: false, elapsed_us: None, batch: None };
        assert_eq!(plain(none), "SELECT 1\n()\n");
        let many = Event::Sql {
            sql: "INSERT INTO t (a, b) VALUES (?, ?)".into(),
            params: Params::Many(vec![vec![Value::Int(1), Value::Null], vec![Value::Int(2), Value::Bool(true)]]),
            many: true,
            elapsed_us: None,
            batch: None,
        };
        assert_eq!(plain(many), "INSERT INTO t (a, b) VALUES (?, ?)\n[(1, None), (2, True)]\n");
        let imv = Event::Sql {
            sql: "INSERT INTO t (a) VALUES ($1), ($2) RETURNING t.id, t.id AS id__1".into(),
            params: Params::One(vec![Value::Int(1), Value::Int(2)]),
            many: false,
            elapsed_us: None,
            batch: Some(crate::events::Batch { n: 2, of: 3, ordered: true }),
        };
        assert_eq!(plain(imv), "INSERT INTO t (a) VALUES ($1), ($2) RETURNING t.id, t.id AS id__1\n[insertmanyvalues 2/3 (ordered)] (1, 2)\n");
        assert_eq!(plain(Event::Tx { op: TxOp::Begin, name: None }), "BEGIN (implicit)\n");
        assert_eq!(plain(Event::Tx { op: TxOp::Commit, name: None }), "COMMIT\n");
        assert_eq!(plain(Event::Tx { op: TxOp::RollbackTo, name: None }), "ROLLBACK TO SAVEPOINT\n");
        assert_eq!(
            plain(Event::Tx { op: TxOp::Savepoint, name: Some("sa_savepoint_2".into()) }),
            "SAVEPOINT sa_savepoint_2\n"
        );
        assert_eq!(
            plain(Event::Tx { op: TxOp::Release, name: Some("sa_savepoint_1".into()) }),
            "RELEASE SAVEPOINT sa_savepoint_1\n"
        );
        assert_eq!(plain(Event::Ddl { sql: "CREATE TABLE t (\n\tid INTEGER \n)\n\n".into() }), "CREATE TABLE t (\n\tid INTEGER\n)\n");
    }

    #[test]
    fn echo_off_hides_sql_but_not_the_rest() {
        let s = Settings::new(Format::Plain, false, false);
        let r = |ev: Event| render_event(&ev, &s, &NO_COLOR, TableStyle::Aligned);
        assert_eq!(r(Event::Tx { op: TxOp::Begin, name: None }), None);
        assert_eq!(r(Event::Ddl { sql: "CREATE TABLE t (id INTEGER)".into() }), None);
        assert_eq!(r(Event::Print { text: "hi".into(), end: "\n".into() }), Some("hi\n".into()));
    }

    #[test]
    fn transitions_expiry_values_and_prints() {
        assert_eq!(
            plain(Event::State { obj: user(1), from: Some(LifecycleState::Transient), to: LifecycleState::Pending }),
            "User#1  transient → pending\n"
        );
        assert_eq!(plain(Event::State { obj: user(2), from: None, to: LifecycleState::Persistent }), "User#2  loaded → persistent\n");
        assert_eq!(
            plain(Event::Expire { obj: user(1), attrs: Some(vec!["name".into(), "fullname".into()]) }),
            "expired User#1: fullname, name\n"
        );
        assert_eq!(plain(Event::Expire { obj: user(1), attrs: None }), "expired User#1: all attributes\n");
        assert_eq!(plain(Event::Value { repr: "User(id=1, name='ed')".into(), table: None }), "User(id=1, name='ed')\n");
        assert_eq!(plain(Event::Print { text: "2".into(), end: "\n".into() }), "2\n");
        assert_eq!(plain(Event::Info { text: "note".into() }), "note\n");
    }

    #[test]
    fn bound_names_are_shown_when_the_namer_knows_them() {
        let mut s = Settings::new(Format::Plain, true, false);
        s.namer = Some(Rc::new(|obj: &ObjLabel| if obj.n == 1 { Some("u".to_string()) } else { None }));
        let ev = Event::State { obj: user(1), from: Some(LifecycleState::Pending), to: LifecycleState::Persistent };
        assert_eq!(render_event(&ev, &s, &NO_COLOR, TableStyle::Aligned).as_deref(), Some("User#1 (u)  pending → persistent\n"));
    }

    #[test]
    fn tables_as_aligned_columns() {
        let t = Table {
            columns: vec!["id".into(), "name".into()],
            rows: vec![vec!["1".into(), "ed".into()], vec!["10".into(), "wendy".into()]],
        };
        assert_eq!(plain(Event::Value { repr: "[...]".into(), table: Some(t) }), "id  name\n--  -----\n1   ed\n10  wendy\n(2 rows)\n");
    }

    #[test]
    fn errors_show_every_line_and_the_script_line() {
        let ev = Event::Error {
            kind: "IntegrityError".into(),
            message: "(sqlite3.IntegrityError) UNIQUE constraint failed: users.name\n[SQL: INSERT INTO users (name) VALUES (?)]\n[parameters: ('ed',)]".into(),
            line: Some(4),
            col: None,
            hint: None,
        };
        assert_eq!(
            plain(ev.clone()),
            "line 4: IntegrityError: (sqlite3.IntegrityError) UNIQUE constraint failed: users.name\n[SQL: INSERT INTO users (name) VALUES (?)]\n[parameters: ('ed',)]\n"
        );
        let mut s = Settings::new(Format::Plain, true, false);
        s.error_lines = false;
        let text = render_event(&ev, &s, &NO_COLOR, TableStyle::Aligned).unwrap_or_default();
        assert!(text.starts_with("IntegrityError: (sqlite3.IntegrityError) UNIQUE constraint failed: users.name\n"));
        assert_eq!(plain(Event::Error { kind: "AssertionError".into(), message: String::new(), line: None, col: None, hint: None }), "AssertionError\n");
    }

    #[test]
    fn colors_only_from_the_ansi_palette() {
        let s = Settings::new(Format::Table, true, true);
        let ev = Event::Error { kind: "NameError".into(), message: "name 'x' is not defined".into(), line: None, col: None, hint: None };
        let colored = render_event(&ev, &s, &ANSI, TableStyle::Boxed).unwrap_or_default();
        assert!(colored.contains("\x1b[1;31m") && colored.contains("\x1b[0m"));
        let ev = Event::State { obj: user(1234567), from: Some(LifecycleState::Pending), to: LifecycleState::Persistent };
        assert_eq!(
            render_event(&ev, &s, &ANSI, TableStyle::Boxed).as_deref(),
            Some("\x1b[1mUser#1234567\x1b[0m  \x1b[33mpending → persistent\x1b[0m\n")
        );
        let ev = Event::Expire { obj: user(0), attrs: None };
        assert_eq!(render_event(&ev, &s, &ANSI, TableStyle::Boxed).as_deref(), Some("expired \x1b[1mUser#0\x1b[0m: all attributes\n"));
    }
}
