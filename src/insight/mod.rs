//! Insight: what the Session did, from the causes the core already reports.
//!
//! The [`Recorder`] is the shell's [`Tap`] on the one event stream: it sees
//! every event before the sink renders it and keeps, for each SQL statement,
//! its cause (query, autoflush, flush, commit, lazy or selectin load of a
//! relationship, refresh, expired or deferred load), the top-level entry and
//! the source line that ran it, its duration and rows, and for a lazy load the
//! statement that loaded the parent object. From that record it derives the
//! per-entry ledger line (`.ledger`), the `.queries` groups, the `.stats`
//! totals and the N+1 reports (`nplusone`), which it hands back as events, so
//! the renderers stay the only place that prints. It never queries anything
//! itself (no observer effect) and never changes an existing trace event.
pub mod nplusone;
pub mod report;
pub mod timeline;

use crate::events::{Cause, Event, LifecycleState, ParamsRef, Position, Tap, TxOp};
use std::cell::RefCell;
use crate::fxhash::FxBuild;
use std::collections::HashMap;
use std::rc::Rc;

/// Why a statement ran, as the ledger counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// The statement itself: a query, `get()`, `execute()`, `.sql`.
    Query,
    Autoflush,
    Flush,
    Commit,
    Lazy,
    Selectin,
    Refresh,
    Expired,
    Deferred,
}

impl Kind {
    pub const ALL: [Kind; 9] =
        [Kind::Query, Kind::Autoflush, Kind::Flush, Kind::Commit, Kind::Lazy, Kind::Selectin, Kind::Refresh, Kind::Expired, Kind::Deferred];
    pub fn name(self) -> &'static str {
        match self {
            Kind::Query => "query",
            Kind::Autoflush => "autoflush",
            Kind::Flush => "flush",
            Kind::Commit => "commit",
            Kind::Lazy => "lazy",
            Kind::Selectin => "selectin",
            Kind::Refresh => "refresh",
            Kind::Expired => "expired",
            Kind::Deferred => "deferred",
        }
    }
}

/// One SQL statement and what caused it.
#[derive(Clone, Debug)]
pub struct Record {
    /// 1-based number in the session (`SQL #n`).
    pub n: usize,
    pub sql: Rc<str>,
    /// A digest of the parameters: two statements with equal SQL and equal
    /// digests are duplicates. (Text was kept before; formatting the rows of
    /// an executemany cost more than running it: bench W1.)
    pub params: u64,
    pub kind: Kind,
    /// The relationship (`User.addresses`) or object (`User#1`) the cause names.
    pub what: Option<Rc<str>>,
    /// A lazy load: the collection (true) or many-to-one (false).
    pub collection: bool,
    /// A lazy load: the parent instance's arena id and the statement that loaded it.
    pub parent_obj: Option<u32>,
    pub parent_stmt: Option<usize>,
    /// The line of the top-level statement (the entry), and of the statement inside it that ran this.
    pub entry: u32,
    pub line: u32,
    /// Which run of the line (see `events::Position`): a loop body runs anew each time.
    pub run: u64,
    pub elapsed_us: u64,
    pub rows: usize,
}

/// `--nplusone` / `.nplusone`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum NPlusOneMode {
    Off,
    Warn,
    /// Warn, and make the exit status 1.
    Error,
}

impl NPlusOneMode {
    pub fn name(self) -> &'static str {
        match self {
            NPlusOneMode::Off => "off",
            NPlusOneMode::Warn => "warn",
            NPlusOneMode::Error => "error",
        }
    }
    pub fn from_name(s: &str) -> Option<NPlusOneMode> {
        [NPlusOneMode::Off, NPlusOneMode::Warn, NPlusOneMode::Error].into_iter().find(|m| m.name() == s)
    }
}

/// Session totals for `.stats`.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    pub entries: usize,
    pub flushes: usize,
    pub autoflushes: usize,
    pub loaded: usize,
    /// Rows that resolved to an instance the identity map already had.
    pub matched: usize,
    pub identity_hits: usize,
    pub begun: usize,
    pub committed: usize,
    pub rolled_back: usize,
    pub savepoints: usize,
    pub nplusone: usize,
    /// Reports made while `.nplusone error` was on (they fail the run).
    pub nplusone_errors: usize,
    /// `.expect` budgets that did not hold (they fail the run).
    pub expect_failures: usize,
}

/// An error a statement raised, where, and what ran up to it (`.why`).
#[derive(Clone, Debug)]
pub struct ErrorRecord {
    pub kind: String,
    pub message: String,
    pub line: u32,
    /// The number of statements run when it was raised, and the cause of the last one.
    pub statements: usize,
    pub last_kind: Option<Kind>,
}

/// Keep at most this many statements in detail (the totals go on counting).
const MAX_RECORDS: usize = 200_000;

/// What the recorder keeps; shared between the tap and the dot-commands.
pub struct Recorder {
    pub records: Vec<Record>,
    /// Statements run (also those past `MAX_RECORDS`).
    pub statements: usize,
    pub elapsed_us: u64,
    pub by_kind: HashMap<Kind, usize, FxBuild>,
    pub totals: Totals,
    /// Open causes, innermost last.
    stack: Vec<Cause>,
    /// The entry running: its line and the index of its first record.
    entry: Option<u32>,
    scope_start: usize,
    /// The records of the last entry that ran SQL (`.queries`).
    pub last_entry: Option<(u32, std::ops::Range<usize>)>,
    /// By instance arena id (ids are dense): the statement (`n`, from 1) that
    /// last returned it, 0 for none. Four bytes an object, no hashing per row.
    loaded_by: Vec<u32>,
    /// (statement, class) → how many instances it loaded.
    pub siblings: HashMap<(usize, Rc<str>), usize, FxBuild>,
    /// The run of `siblings` being counted (statement, class, count): the
    /// rows of one load add up here, and go into the map when the run ends
    /// or the map is read (no hashing per row).
    sibling_run: Option<(usize, Rc<str>, usize)>,
    /// Patterns already reported (kind, what, trigger line).
    reported: std::collections::HashSet<(&'static str, String, u32)>,
    /// The source texts run, by first line, to quote the lines of reports.
    sources: Vec<(u32, Rc<str>)>,
    /// Each object's life (`.timeline`).
    pub timelines: timeline::Timelines,
    /// Where `.expect` budgets start counting: the statement count, the
    /// N+1 reports and the input line at the last `.expect reset`.
    pub expect_mark: (usize, usize, u32),
    /// The errors of the session, last ones kept (`.why`).
    pub errors: Vec<ErrorRecord>,
    /// Each N+1 report with the entry that triggered it (`.whatif`).
    pub reports: Vec<(crate::events::NPlusOne, u32)>,
    /// Settings.
    pub ledger: bool,
    pub nplusone: NPlusOneMode,
    pub times: bool,
}

impl Default for Recorder {
    fn default() -> Recorder {
        Recorder {
            records: Vec::new(),
            statements: 0,
            elapsed_us: 0,
            by_kind: HashMap::default(),
            totals: Totals::default(),
            stack: Vec::new(),
            entry: None,
            scope_start: 0,
            last_entry: None,
            loaded_by: Vec::new(),
            siblings: HashMap::default(),
            sibling_run: None,
            reported: Default::default(),
            sources: Vec::new(),
            timelines: Default::default(),
            errors: Vec::new(),
            expect_mark: (0, 0, 0),
            reports: Vec::new(),
            ledger: false,
            nplusone: NPlusOneMode::Warn,
            times: true,
        }
    }
}

impl Recorder {
    /// A recorder shared between the tap (installed in the event stream) and the shell.
    pub fn shared() -> Rc<RefCell<Recorder>> {
        Rc::new(RefCell::new(Recorder::default()))
    }

    /// Remember a text about to run, whose first line is `first_line`.
    pub fn add_source(&mut self, first_line: u32, text: impl Into<Rc<str>>) {
        self.sources.retain(|(l, _)| *l != first_line);
        self.sources.push((first_line, text.into()));
    }

    /// The text of input line `line`, trimmed, when known.
    pub fn line_text(&self, line: u32) -> Option<String> {
        let (first, text) = self.sources.iter().rev().find(|(first, text)| {
            line >= *first && ((line - first) as usize) < text.lines().count().max(1)
        })?;
        text.lines().nth((line - first) as usize).map(|l| l.trim().to_string()).filter(|l| !l.is_empty())
    }

    /// The source text that holds input line `line`, with its first line.
    pub fn source_at(&self, line: u32) -> Option<(u32, Rc<str>)> {
        self.sources
            .iter()
            .rev()
            .find(|(first, text)| line >= *first && ((line - first) as usize) < text.lines().count().max(1))
            .map(|(f, t)| (*f, t.clone()))
    }

    /// A record by its number, when still kept.
    pub fn record(&self, n: usize) -> Option<&Record> {
        self.records.get(n.checked_sub(1)?)
    }

    /// The kind of [`Recorder::kind_of_stack`] alone (nothing copied).
    fn stack_kind(&self) -> Kind {
        let mut it = self.stack.iter().rev();
        match it.next() {
            None => Kind::Query,
            Some(Cause::Autoflush) => Kind::Autoflush,
            Some(Cause::Flush) if matches!(it.next(), Some(Cause::Commit)) => Kind::Commit,
            Some(Cause::Flush) => Kind::Flush,
            Some(Cause::Commit) => Kind::Commit,
            Some(Cause::LazyLoad(..)) => Kind::Lazy,
            Some(Cause::EagerLoad(_)) => Kind::Selectin,
            Some(Cause::Refresh(_)) => Kind::Refresh,
            Some(Cause::Expired(_)) => Kind::Expired,
            Some(Cause::Deferred(..)) => Kind::Deferred,
        }
    }

    fn kind_of_stack(&self) -> (Kind, Option<Rc<str>>, Option<u32>, bool) {
        let mut it = self.stack.iter().rev();
        let Some(top) = it.next() else { return (Kind::Query, None, None, false) };
        match top {
            Cause::Autoflush => (Kind::Autoflush, None, None, false),
            Cause::Flush => {
                let kind = if matches!(it.next(), Some(Cause::Commit)) { Kind::Commit } else { Kind::Flush };
                (kind, None, None, false)
            }
            Cause::Commit => (Kind::Commit, None, None, false),
            Cause::LazyLoad(r, obj, coll) => (Kind::Lazy, Some(r.as_str().into()), obj.as_ref().map(|o| o.id), *coll),
            Cause::EagerLoad(r) => (Kind::Selectin, Some(r.as_str().into()), None, false),
            Cause::Refresh(o) => (Kind::Refresh, Some(o.as_str().into()), None, false),
            Cause::Expired(o) => (Kind::Expired, Some(o.as_str().into()), None, false),
            Cause::Deferred(o, a) => (Kind::Deferred, Some(format!("{}.{}", o, a).into()), None, false),
        }
    }

    fn on_sql(&mut self, sql: &str, params: ParamsRef<'_>, at: Position) {
        let line = at.line;
        if is_transaction_control(sql) {
            return;
        }
        self.statements += 1;
        let (kind, what, parent_obj, collection) = self.kind_of_stack();
        *self.by_kind.entry(kind).or_insert(0) += 1;
        if self.records.len() >= MAX_RECORDS {
            return;
        }
        let parent_stmt = parent_obj.and_then(|id| self.loaded_by.get(id as usize).copied()).filter(|&n| n > 0).map(|n| n as usize);
        // the same text interned: a loop of one statement keeps one copy
        let sql: Rc<str> = match self.records.iter().rev().take(64).find(|r| &*r.sql == sql) {
            Some(r) => r.sql.clone(),
            None => sql.into(),
        };
        let params = params_digest(params);
        let entry = self.entry.unwrap_or(line);
        let owner = match (kind, parent_obj, &what) {
            (Kind::Lazy, Some(id), Some(w)) => Some((id, format!("lazy load of {}", w).into())),
            (Kind::Expired, _, Some(w)) => self.timelines.id_of(w).map(|id| (id, "expired attributes reloaded".into())),
            (Kind::Refresh, _, Some(w)) => self.timelines.id_of(w).map(|id| (id, "refreshed".into())),
            (Kind::Deferred, _, Some(w)) => w
                .split_once('.')
                .and_then(|(o, a)| self.timelines.id_of(o).map(|id| (id, format!("deferred {} loaded", a).into()))),
            _ => None,
        };
        if let Some((id, what)) = owner {
            let step = timeline::Step { line: if line == 0 { entry } else { line }, what, cause: None, sql: Some(self.statements) };
            self.timelines.push(id, step);
        }
        self.records.push(Record {
            n: self.statements,
            sql,
            params,
            kind,
            what,
            collection,
            parent_obj,
            parent_stmt,
            entry,
            line: if line == 0 { entry } else { line },
            run: at.run,
            elapsed_us: 0,
            rows: 0,
        });
    }

    fn on_sql_done(&mut self, elapsed_us: u64, rows: usize) {
        self.elapsed_us += elapsed_us;
        if let Some(last) = self.records.last_mut() {
            last.elapsed_us = elapsed_us;
            last.rows = rows;
        }
    }

    /// A step of `obj`'s life, under the cause running, after the SQL of
    /// this entry (if any) that came last.
    fn step(&mut self, obj: &crate::events::ObjLabel, what: timeline::What, at: Position, with_sql: bool) {
        self.timelines.know(obj);
        let cause = (!self.stack.is_empty()).then(|| self.stack_kind());
        let sql = self.records.get(self.scope_start..).and_then(|r| r.last()).map(|r| r.n).filter(|_| with_sql);
        let line = if at.line == 0 { self.entry.unwrap_or(0) } else { at.line };
        self.timelines.push(obj.id, timeline::Step { line, what, cause, sql });
    }

    /// The last statement returned `obj` (a new instance or one the identity
    /// map had): it is now the statement that loaded it, among its siblings.
    fn returned(&mut self, obj: &crate::events::ObjLabel) {
        let Some(n) = self.records.last().map(|l| l.n) else { return };
        let i = obj.id as usize;
        if self.loaded_by.get(i).is_some_and(|&p| p as usize == n) {
            return; // a joined row repeats its parent
        }
        if self.loaded_by.len() <= i {
            self.loaded_by.resize(i + 1, 0);
        }
        self.loaded_by[i] = n as u32;
        match &mut self.sibling_run {
            Some((rn, class, count)) if *rn == n && Rc::ptr_eq(class, &obj.class) => *count += 1,
            _ => {
                self.settle_siblings();
                self.sibling_run = Some((n, obj.class.clone(), 1));
            }
        }
    }

    /// Count the run of siblings in [`Recorder::siblings`] (before reading it).
    fn settle_siblings(&mut self) {
        if let Some((n, class, count)) = self.sibling_run.take() {
            *self.siblings.entry((n, class)).or_insert(0) += count;
        }
    }

    /// The entry is over: its ledger line and N+1 reports.
    fn close_entry(&mut self) -> Vec<Event> {
        self.settle_siblings();
        let start = self.scope_start.min(self.records.len());
        self.scope_start = self.records.len();
        let Some(entry) = self.entry.take() else { return Vec::new() };
        self.stack.clear();
        if start == self.records.len() {
            return Vec::new();
        }
        self.totals.entries += 1;
        self.last_entry = Some((entry, start..self.records.len()));
        let mut out = Vec::new();
        if self.ledger {
            out.push(Event::Ledger { text: report::ledger_line(&self.records[start..], self.times) });
        }
        if self.nplusone != NPlusOneMode::Off {
            for mut found in nplusone::detect(self, start) {
                let key = (found.kind, found.what.clone(), found.trigger_line);
                if !self.reported.insert(key) {
                    continue;
                }
                found.trigger_text = self.line_text(found.trigger_line);
                found.parent_text = found.parent.and_then(|(_, l, _)| self.line_text(l));
                nplusone::counting(&mut found, self, start);
                self.totals.nplusone += 1;
                if self.nplusone == NPlusOneMode::Error {
                    self.totals.nplusone_errors += 1;
                }
                if self.reports.len() < 100 {
                    self.reports.push((found.clone(), entry));
                }
                out.push(Event::NPlusOne(found));
            }
        }
        out
    }

    /// End the running entry now (a dot-command that looks at it, `.expect`):
    /// its ledger line and N+1 reports, to be shown before the command's output.
    pub fn settle(&mut self) -> Vec<Event> {
        self.close_entry()
    }

    /// Forget everything recorded (`.stats reset`); settings stay.
    pub fn reset(&mut self) {
        let (ledger, nplusone, times, sources) = (self.ledger, self.nplusone, self.times, std::mem::take(&mut self.sources));
        *self = Recorder { ledger, nplusone, times, sources, ..Recorder::default() };
    }
}

/// The tap installed in the event stream: a handle on the shared recorder.
pub struct RecorderTap(pub Rc<RefCell<Recorder>>);

impl Tap for RecorderTap {
    fn observe(&mut self, ev: &Event, at: Position) -> Vec<Event> {
        let Ok(mut r) = self.0.try_borrow_mut() else { return Vec::new() };
        match ev {
            Event::Stmt { line } => {
                let out = r.close_entry();
                r.entry = Some(*line);
                r.scope_start = r.records.len();
                return out;
            }
            // start-up (create_all, reflection) is not the session's doing
            _ if r.entry.is_none() => {}
            Event::Sql { sql, params, .. } => r.on_sql(sql, params.as_ref(), at),
            Event::SqlDone { elapsed_us, rows } => r.on_sql_done(*elapsed_us, *rows),
            Event::Cause(c) => {
                match c {
                    Cause::Autoflush => {
                        r.totals.flushes += 1;
                        r.totals.autoflushes += 1;
                    }
                    Cause::Flush => r.totals.flushes += 1,
                    _ => {}
                }
                r.stack.push(c.clone());
            }
            Event::CauseEnd => {
                r.stack.pop();
            }
            Event::State { obj, from, to } => {
                if from.is_none() && *to == LifecycleState::Persistent {
                    r.totals.loaded += 1;
                    r.returned(obj);
                }
                r.step(obj, timeline::What::Transition(*from, *to), at, true);
            }
            Event::Expire { obj, attrs } => {
                let what: timeline::What = match attrs {
                    Some(a) => format!("expired: {}", a.join(", ")).into(),
                    None => "expired: all attributes".into(),
                };
                // an expiry names no SQL of its own
                r.step(obj, what, at, false);
            }
            Event::Error { kind, message, line, .. } => {
                let last_kind = r.records.get(r.scope_start..).and_then(|v| v.last()).map(|x| x.kind);
                let rec = ErrorRecord { kind: kind.clone(), message: message.clone(), line: line.unwrap_or(at.line), statements: r.statements, last_kind };
                if r.errors.len() >= 50 {
                    r.errors.remove(0);
                }
                r.errors.push(rec);
            }
            Event::RowMatched { obj } => {
                r.totals.matched += 1;
                r.returned(obj);
            }
            Event::IdentityHit { obj } => {
                r.totals.identity_hits += 1;
                r.step(obj, "found in the identity map (no SQL)".into(), at, false);
            }
            Event::Tx { op, .. } => match op {
                TxOp::Begin | TxOp::BeginTwophase => r.totals.begun += 1,
                TxOp::Commit | TxOp::CommitPrepared => r.totals.committed += 1,
                TxOp::Rollback | TxOp::RollbackPrepared => r.totals.rolled_back += 1,
                TxOp::Savepoint => r.totals.savepoints += 1,
                _ => {}
            },
            _ => {}
        }
        Vec::new()
    }

    fn observe_sql(&mut self, sql: &str, params: ParamsRef<'_>, at: Position) {
        let Ok(mut r) = self.0.try_borrow_mut() else { return };
        if r.entry.is_some() {
            r.on_sql(sql, params, at);
        }
    }

    fn observe_sql_done(&mut self, elapsed_us: u64, rows: usize, _at: Position) {
        let Ok(mut r) = self.0.try_borrow_mut() else { return };
        if r.entry.is_some() {
            r.on_sql_done(elapsed_us, rows);
        }
    }

    fn close(&mut self) -> Vec<Event> {
        match self.0.try_borrow_mut() {
            Ok(mut r) => r.close_entry(),
            Err(_) => Vec::new(),
        }
    }
}

/// [`Record::params`]: each value's variant and value, row by row.
fn params_digest(params: ParamsRef<'_>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::fxhash::FxHasher::default();
    let mut row = |values: &[crate::sql::value::Value]| {
        values.len().hash(&mut h);
        for v in values {
            std::mem::discriminant(v).hash(&mut h);
            v.hash(&mut h);
        }
    };
    match params {
        ParamsRef::One(values) => row(values),
        ParamsRef::Many(rows) => rows.iter().for_each(|r| row(r)),
    }
    h.finish()
}

/// Transaction control sent as text (`.sql BEGIN`) is not a statement of the ledger.
fn is_transaction_control(sql: &str) -> bool {
    // compared without upper-casing the whole statement (one allocation per
    // statement, bench W1's flush sends one per row)
    let head = sql.trim_start().as_bytes();
    ["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "XA ", "PREPARE TRANSACTION", "START TRANSACTION"]
        .iter()
        .any(|k| head.len() >= k.len() && head[..k.len()].eq_ignore_ascii_case(k.as_bytes()))
}

#[cfg(test)]
mod tests;
