//! Events flow from the core (engine, ORM, interpreter) to one sink that renders
//! them (table, plain or JSON lines). The core never prints.
//!
//! The event kinds are the trace of SPEC §5; the renderers live in `shell::render`.

use crate::sql::value::Value;
use std::cell::RefCell;
use std::rc::Rc;

/// The five instance states of SQLAlchemy's session lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LifecycleState {
    Transient,
    Pending,
    Persistent,
    Deleted,
    Detached,
}

impl LifecycleState {
    pub fn name(self) -> &'static str {
        match self {
            LifecycleState::Transient => "transient",
            LifecycleState::Pending => "pending",
            LifecycleState::Persistent => "persistent",
            LifecycleState::Deleted => "deleted",
            LifecycleState::Detached => "detached",
        }
    }
}

/// Transaction control on a connection (the `tx` event's `op`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxOp {
    Begin,
    Commit,
    Rollback,
    Savepoint,
    Release,
    RollbackTo,
    BeginTwophase,
    Prepare,
    CommitPrepared,
    RollbackPrepared,
}

impl TxOp {
    pub fn name(self) -> &'static str {
        match self {
            TxOp::Begin => "begin",
            TxOp::Commit => "commit",
            TxOp::Rollback => "rollback",
            TxOp::Savepoint => "savepoint",
            TxOp::Release => "release",
            TxOp::RollbackTo => "rollback_to",
            TxOp::BeginTwophase => "begin_twophase",
            TxOp::Prepare => "prepare",
            TxOp::CommitPrepared => "commit_prepared",
            TxOp::RollbackPrepared => "rollback_prepared",
        }
    }
}

/// One statement of an "insertmanyvalues" run (SQLAlchemy's
/// `_deliver_insertmanyvalues_batches`): batch `n` of `of`, and whether the
/// returned rows are matched to the parameter rows in order (`ordered`). Echoed
/// as SQLAlchemy's log does: `[insertmanyvalues 1/3 (ordered)]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Batch {
    pub n: usize,
    pub of: usize,
    pub ordered: bool,
}

/// The parameters of a statement, borrowed (what a [`Tap`] is shown when
/// nobody else watches SQL: no `Event` is built, nothing copied).
#[derive(Clone, Copy, Debug)]
pub enum ParamsRef<'a> {
    One(&'a [Value]),
    Many(&'a [Vec<Value>]),
}

impl ParamsRef<'_> {
    fn to_owned(self) -> Params {
        match self {
            ParamsRef::One(v) => Params::One(v.to_vec()),
            ParamsRef::Many(rows) => Params::Many(rows.to_vec()),
        }
    }
}

impl Params {
    pub fn as_ref(&self) -> ParamsRef<'_> {
        match self {
            Params::One(v) => ParamsRef::One(v),
            Params::Many(rows) => ParamsRef::Many(rows),
        }
    }
}

/// Who watches the SQL statements sent (see [`Events::sql_watch`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqlWatch {
    /// Nobody: build no `Sql` event.
    Nobody,
    /// Only the tap: hand it the statement by reference
    /// ([`Events::observe_sql`], [`Events::observe_sql_done`]).
    TapOnly,
    /// The sink or the mirror shows it (or the sink is busy and cannot be
    /// asked): emit `Sql` and `SqlDone` events.
    Events,
}

/// Parameters of one `sql` event.
#[derive(Clone, Debug)]
pub enum Params {
    /// One execution.
    One(Vec<Value>),
    /// executemany: one row of parameters per execution.
    Many(Vec<Vec<Value>>),
}

/// A label of a mapped instance: `User#3`, plus the arena id so the renderer can
/// find names bound to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjLabel {
    pub class: Rc<str>,
    pub n: u32,
    /// Arena id of the instance (`orm::InstanceId` as a number).
    pub id: u32,
}

impl std::fmt::Display for ObjLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.class, self.n)
    }
}

/// What caused the SQL that follows, when not the statement itself: shown
/// before it in the text formats (`-- lazy load of User.addresses`), never
/// traced. Each `Cause` is closed by an [`Event::CauseEnd`] when the operation
/// it labels is over (also when it failed), so causes nest: an autoflush inside
/// a lazy load, a flush inside a commit. `Flush` and `Commit` are not shown
/// (the statement itself says it); they are there for `insight`'s ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cause {
    /// A query or `get()` flushed pending changes first.
    Autoflush,
    /// Lazy load of a relationship (`User.addresses`) of one instance (the
    /// parent, whose loading statement `insight` links the load to); true for
    /// a collection, false for a many-to-one (the fix differs).
    LazyLoad(String, Option<ObjLabel>, bool),
    /// Eager (selectin) load of a relationship.
    EagerLoad(String),
    /// Load of an object's expired attributes (`User#1`).
    Expired(String),
    /// `session.refresh(User#1)`.
    Refresh(String),
    /// Load of a column a loader option deferred (`User#1`, `fullname`).
    Deferred(String, String),
    /// `session.flush()` (not shown).
    Flush,
    /// `session.commit()`: its flush (not shown).
    Commit,
}

impl Cause {
    pub fn text(&self) -> String {
        match self {
            Cause::Autoflush => "autoflush".into(),
            Cause::LazyLoad(r, _, _) => format!("lazy load of {}", r),
            Cause::EagerLoad(r) => format!("selectin load of {}", r),
            Cause::Expired(o) => format!("load of {}'s expired attributes", o),
            Cause::Refresh(o) => format!("refresh of {}", o),
            Cause::Deferred(o, a) => format!("load of {}'s deferred attribute {}", o, a),
            Cause::Flush => "flush".into(),
            Cause::Commit => "commit".into(),
        }
    }
    /// Shown before the SQL in the text formats (flush and commit are not).
    pub fn shown(&self) -> bool {
        !matches!(self, Cause::Flush | Cause::Commit)
    }
}

/// A potential N+1 pattern found by `insight` from the causes of one top-level
/// statement's SQL (traced as `{"ev":"nplusone",…}`).
#[derive(Clone, Debug, PartialEq)]
pub struct NPlusOne {
    /// `relationship` (lazy loads of one relationship on siblings), `loop`
    /// (one statement run again and again from one line), `count` (collections
    /// loaded only to count them).
    pub kind: &'static str,
    /// `User.addresses`, or the SQL for `loop`.
    pub what: String,
    /// How many statements the pattern ran, and their time.
    pub statements: usize,
    pub elapsed_us: u64,
    /// The statement that loaded the parents: its number, input line, rows.
    pub parent: Option<(usize, u32, usize)>,
    /// The line whose code triggered the statements, and its text.
    pub trigger_line: u32,
    pub trigger_text: Option<String>,
    pub parent_text: Option<String>,
    /// What to write instead.
    pub fix: String,
}

/// One thing that happened, in order.
#[derive(Clone, Debug)]
pub enum Event {
    /// A top-level statement starts at this 1-based line.
    Stmt { line: u32 },
    /// A statement sent to the database (DDL and transaction control excepted).
    Sql { sql: String, params: Params, many: bool, elapsed_us: Option<u64>, batch: Option<Batch> },
    /// DDL (CREATE TABLE at start): echoed, not traced.
    Ddl { sql: String },
    /// Transaction control on a connection.
    Tx {
        op: TxOp,
        /// The savepoint's name (`sa_savepoint_1`) for `Savepoint`, `Release`, `RollbackTo`.
        name: Option<String>,
    },
    /// A lifecycle transition; `from` is `None` when loaded from a row.
    State { obj: ObjLabel, from: Option<LifecycleState>, to: LifecycleState },
    /// Attributes expired (`None`: all of them).
    Expire { obj: ObjLabel, attrs: Option<Vec<String>> },
    /// An expression statement's value (not None).
    Value { repr: String, table: Option<Table> },
    /// `print()` output: `text` (the arguments joined by `sep`), then `end`
    /// (`"\n"` by default). The JSON-lines trace carries `text` only, as the
    /// reference does.
    Print { text: String, end: String },
    /// A statement raised. `col` (1-based) and `hint` ("Did you mean: …",
    /// what to do next) are for people and never traced.
    Error { kind: String, message: String, line: Option<u32>, col: Option<u32>, hint: Option<String> },
    /// A notice from the shell itself (dot-commands), never traced.
    Info { text: String },
    /// Narration for the person (standard error in text formats): what the
    /// shell set up or tore down around the statements (`--sandbox`); never traced.
    Notice { text: String },
    /// Why the next statements run (lazy load, autoflush …), never traced.
    Cause(Cause),
    /// The operation the last open `Cause` labels is over; never traced.
    CauseEnd,
    /// The last `Sql` event's statement returned: its duration and row count
    /// (for insight; never traced or shown).
    SqlDone { elapsed_us: u64, rows: usize },
    /// `get()` answered from the identity map, without SQL (for insight;
    /// never traced or shown).
    IdentityHit { obj: ObjLabel },
    /// A row of the last statement is an instance already in the identity map
    /// (for insight: the statement returned it; never traced or shown).
    RowMatched { obj: ObjLabel },
    /// An entry's one-line SQL summary (`.ledger`), text formats only.
    Ledger { text: String },
    /// A potential N+1 (`--nplusone warn|error`).
    NPlusOne(NPlusOne),
    /// What an insight command or check found (`.plan`, `.why`, `.expect`,
    /// `.diagram`, the flush-plan check): text for the text formats, fields for the trace.
    Report(Report),
}

/// An insight report: shown as `text` (stderr when `err`), traced as
/// `{"ev":KIND, …fields}` (field values are JSON already).
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub kind: &'static str,
    pub text: String,
    pub err: bool,
    pub fields: Vec<(&'static str, String)>,
}

impl Report {
    pub fn new(kind: &'static str, text: String, err: bool) -> Report {
        Report { kind, text, err, fields: Vec::new() }
    }
    /// Add a text field (escaped here as a JSON string).
    pub fn text_field(self, key: &'static str, text: &str) -> Report {
        let mut j = String::from("\"");
        for ch in text.chars() {
            match ch {
                '"' => j.push_str("\\\""),
                '\\' => j.push_str("\\\\"),
                '\n' => j.push_str("\\n"),
                c if (c as u32) < 0x20 => j.push_str(&format!("\\u{:04x}", c as u32)),
                c => j.push(c),
            }
        }
        j.push('"');
        self.field(key, j)
    }
    /// Add a field whose value is JSON text.
    pub fn field(mut self, key: &'static str, json: String) -> Report {
        self.fields.push((key, json));
        self
    }
}

/// A value that reads best as a table: column names and rows of cell texts.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Where events go. Implemented by the shell's renderers and by test collectors.
pub trait EventSink {
    fn emit(&mut self, ev: Event);
    /// False when SQL echo is off: the engine then skips building `Sql` events.
    fn wants_sql(&self) -> bool {
        true
    }
    /// True once the output is gone (a closed pipe, a failed write): the run
    /// then stops before its next statement rather than work unseen.
    fn closed(&self) -> bool {
        false
    }
    /// The entry is over: show anything held back (summarised lifecycle lines).
    fn flush(&mut self) {}
}

/// Where the interpreter is: the source line of the statement running, and
/// which run of a statement it is (a loop body's statement gets a new `run`
/// each time round, so a line that ran twice can be told from a line that
/// does two things).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub run: u64,
}

/// Something that watches every event before the sink renders it (the shell's
/// `insight` recorder) and may add events of its own ahead of it (an entry's
/// ledger line before the next entry's `stmt`). `line` is the source line of
/// the statement running (see [`Events::enter_line`]).
pub trait Tap {
    fn observe(&mut self, ev: &Event, at: Position) -> Vec<Event>;
    /// An `Sql` event nobody but the tap watches, by reference (no event is
    /// built: bench W1's flush sends one statement per row). A tap that adds
    /// events of its own ahead of `Sql` events must override both this and
    /// [`Tap::observe_sql_done`]; the default builds the event and drops what
    /// `observe` returns.
    fn observe_sql(&mut self, sql: &str, params: ParamsRef<'_>, at: Position) {
        let ev = Event::Sql { sql: sql.to_string(), params: params.to_owned(), many: false, elapsed_us: None, batch: None };
        let _ = self.observe(&ev, at);
    }
    /// The `SqlDone` that follows [`Tap::observe_sql`].
    fn observe_sql_done(&mut self, elapsed_us: u64, rows: usize, at: Position) {
        let _ = self.observe(&Event::SqlDone { elapsed_us, rows }, at);
    }
    /// The run is over: events to show now.
    fn close(&mut self) -> Vec<Event> {
        Vec::new()
    }
}

/// A cloneable handle to the one sink, passed down to engines and sessions.
///
/// Reentrancy-safe: an event emitted while the sink is busy (from inside a
/// sink's own work, or inside [`Events::with`]) waits in a queue and is
/// delivered, in order, as soon as the sink is free; nothing is dropped.
#[derive(Clone)]
pub struct Events(Rc<Inner>);

struct Inner {
    sink: RefCell<Box<dyn EventSink>>,
    waiting: RefCell<std::collections::VecDeque<Event>>,
    tap: RefCell<Option<Box<dyn Tap>>>,
    /// A second sink that gets a copy of what the sink gets (`--transcript`).
    mirror: RefCell<Option<Box<dyn EventSink>>>,
    /// True while the sink is silenced ([`Events::silence`]): the mirror is too.
    silenced: std::cell::Cell<bool>,
    at: std::cell::Cell<Position>,
    runs: std::cell::Cell<u64>,
    /// `.eqp on`: the engine follows each statement with the database's plan.
    eqp: std::cell::Cell<bool>,
    /// The open `Cause`s (innermost last), for what a plan is joined to.
    causes: RefCell<Vec<Cause>>,
}

/// Hand one event to the sink; SQL is built for the tap even when the sink
/// does not show it.
fn to_sink(s: &mut Box<dyn EventSink>, ev: Event) {
    let for_sink = match ev {
        Event::Sql { .. } | Event::SqlDone { .. } => s.wants_sql(),
        _ => true,
    };
    if for_sink {
        s.emit(ev);
    }
}

impl Events {
    pub fn new(sink: Box<dyn EventSink>) -> Events {
        Events(Rc::new(Inner {
            sink: RefCell::new(sink),
            waiting: RefCell::new(Default::default()),
            tap: RefCell::new(None),
            mirror: RefCell::new(None),
            silenced: std::cell::Cell::new(false),
            at: std::cell::Cell::new(Position::default()),
            runs: std::cell::Cell::new(0),
            eqp: std::cell::Cell::new(false),
            causes: RefCell::new(Vec::new()),
        }))
    }
    /// Install the tap every event passes through first.
    pub fn set_tap(&self, tap: Box<dyn Tap>) {
        *self.0.tap.borrow_mut() = Some(tap);
    }
    /// Take the tap out (a `.whatif` replay that must not count), to put back with [`Events::set_tap`].
    pub fn take_tap(&self) -> Option<Box<dyn Tap>> {
        self.0.tap.borrow_mut().take()
    }
    /// Install a sink that gets a copy of every event the sink gets, whatever
    /// sink `.mode` puts in place (the shell's transcript).
    pub fn set_mirror(&self, mirror: Box<dyn EventSink>) {
        *self.0.mirror.borrow_mut() = Some(mirror);
    }
    /// The interpreter says which source line runs now (each statement, nested
    /// ones too), so the tap can tie SQL to the line that caused it.
    /// Returns where it was, for [`Events::leave_line`] when the statement ends.
    pub fn enter_line(&self, line: u32) -> Position {
        self.0.runs.set(self.0.runs.get() + 1);
        self.0.at.replace(Position { line, run: self.0.runs.get() })
    }
    /// Where the interpreter is now.
    pub fn position(&self) -> Position {
        self.0.at.get()
    }
    /// Back in the enclosing statement (after a loop body or a function's body).
    pub fn leave_line(&self, was: Position) {
        self.0.at.set(was);
    }
    /// A handle that drops everything (for tests and `--no-echo` internals).
    pub fn null() -> Events {
        Events::new(Box::new(NullSink))
    }
    /// `.eqp on|off`: whether the engine follows each statement with its plan.
    pub fn set_eqp(&self, on: bool) {
        self.0.eqp.set(on);
    }
    pub fn eqp(&self) -> bool {
        self.0.eqp.get()
    }
    /// The innermost open `Cause` (what the statement running now is for).
    pub fn cause(&self) -> Option<Cause> {
        self.0.causes.try_borrow().ok().and_then(|c| c.last().cloned())
    }
    fn track_cause(&self, ev: &Event) {
        let Ok(mut causes) = self.0.causes.try_borrow_mut() else { return };
        match ev {
            Event::Cause(c) => causes.push(c.clone()),
            Event::CauseEnd => {
                causes.pop();
            }
            Event::Stmt { .. } => causes.clear(),
            _ => {}
        }
    }
    pub fn emit(&self, ev: Event) {
        self.track_cause(&ev);
        let before = match self.0.tap.try_borrow_mut() {
            Ok(mut t) => t.as_mut().map(|t| t.observe(&ev, self.0.at.get())).unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        match self.0.sink.try_borrow_mut() {
            Ok(mut s) => {
                for e in before {
                    self.deliver(&mut s, e);
                }
                self.deliver(&mut s, ev);
                drop(s);
                self.deliver_waiting();
            }
            Err(_) => {
                let mut waiting = self.0.waiting.borrow_mut();
                waiting.extend(before);
                waiting.push_back(ev);
            }
        }
    }
    /// One event to the sink, and a copy to the mirror when there is one.
    fn deliver(&self, s: &mut Box<dyn EventSink>, ev: Event) {
        if self.0.silenced.get() {
            return to_sink(s, ev);
        }
        if let Ok(mut m) = self.0.mirror.try_borrow_mut() {
            if let Some(m) = m.as_mut() {
                to_sink(m, ev.clone());
            }
        }
        to_sink(s, ev);
    }
    /// Hand the queued events to the sink, if it is free.
    fn deliver_waiting(&self) {
        loop {
            if self.0.waiting.borrow().is_empty() {
                return;
            }
            let Ok(mut s) = self.0.sink.try_borrow_mut() else { return };
            let Some(ev) = self.0.waiting.borrow_mut().pop_front() else { return };
            self.deliver(&mut s, ev);
        }
    }
    /// Who watches SQL: the sink or mirror (emit `Sql`/`SqlDone` events), only
    /// the tap (hand it the statement by reference: [`Events::observe_sql`]),
    /// or nobody. `.eqp on` counts as the sink watching (its plans follow the
    /// statement's event).
    pub fn sql_watch(&self) -> SqlWatch {
        let shown = self.0.eqp.get()
            || self.0.mirror.try_borrow().map(|m| m.as_ref().is_some_and(|m| m.wants_sql())).unwrap_or(true)
            || self.0.sink.try_borrow().map(|s| s.wants_sql()).unwrap_or(true)
            || !self.0.waiting.try_borrow().map(|w| w.is_empty()).unwrap_or(false);
        if shown {
            return SqlWatch::Events;
        }
        match self.0.tap.try_borrow() {
            Ok(t) if t.is_some() => SqlWatch::TapOnly,
            Ok(_) => SqlWatch::Nobody,
            // the tap is busy (it emitted this): go the general way
            Err(_) => SqlWatch::Events,
        }
    }
    /// A statement about to run, shown to the tap alone (when
    /// [`Events::sql_watch`] is `TapOnly`): what `emit(Event::Sql {..})`
    /// would have done, without building the event.
    pub fn observe_sql(&self, sql: &str, params: ParamsRef<'_>) {
        if let Ok(mut t) = self.0.tap.try_borrow_mut() {
            if let Some(t) = t.as_mut() {
                t.observe_sql(sql, params, self.0.at.get());
            }
        }
    }
    /// The statement of [`Events::observe_sql`] returned.
    pub fn observe_sql_done(&self, elapsed_us: u64, rows: usize) {
        if let Ok(mut t) = self.0.tap.try_borrow_mut() {
            if let Some(t) = t.as_mut() {
                t.observe_sql_done(elapsed_us, rows, self.0.at.get());
            }
        }
    }
    /// Whether to build `Sql` events: the sink shows them (a busy sink: build
    /// the event anyway, it waits in the queue), or a tap watches.
    pub fn wants_sql(&self) -> bool {
        self.0.tap.try_borrow().map(|t| t.is_some()).unwrap_or(false)
            || self.0.mirror.try_borrow().map(|m| m.as_ref().is_some_and(|m| m.wants_sql())).unwrap_or(true)
            || self.0.sink.try_borrow().map(|s| s.wants_sql()).unwrap_or(true)
    }
    /// True once the sink's output is gone (see [`EventSink::closed`]).
    pub fn closed(&self) -> bool {
        self.0.sink.try_borrow().map(|s| s.closed()).unwrap_or(false)
    }
    /// Show what the tap and the sink held back (see [`EventSink::flush`]).
    pub fn flush(&self) {
        let after = match self.0.tap.try_borrow_mut() {
            Ok(mut t) => t.as_mut().map(|t| t.close()).unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        self.0.waiting.borrow_mut().extend(after);
        self.deliver_waiting();
        if let Ok(mut s) = self.0.sink.try_borrow_mut() {
            s.flush();
        }
        if let Ok(mut m) = self.0.mirror.try_borrow_mut() {
            if let Some(m) = m.as_mut() {
                m.flush();
            }
        }
    }
    /// Swap the sink (`.mode`), returning the old one; queued events go to the new one.
    pub fn replace(&self, sink: Box<dyn EventSink>) -> Box<dyn EventSink> {
        let old = std::mem::replace(&mut *self.0.sink.borrow_mut(), sink);
        self.deliver_waiting();
        old
    }
    /// Put `quiet` in place of the sink, and keep the mirror from seeing what
    /// happens until [`Events::restore`] (start-up's checks and reflection).
    pub fn silence(&self, quiet: Box<dyn EventSink>) -> Box<dyn EventSink> {
        let old = self.replace(quiet);
        self.0.silenced.set(true);
        old
    }
    /// Undo [`Events::silence`].
    pub fn restore(&self, sink: Box<dyn EventSink>) {
        self.0.silenced.set(false);
        self.replace(sink);
    }
    /// Run `f` with the sink (e.g. to change its settings); events emitted
    /// meanwhile are delivered after it.
    pub fn with<R>(&self, f: impl FnOnce(&mut dyn EventSink) -> R) -> R {
        let r = f(&mut **self.0.sink.borrow_mut());
        self.deliver_waiting();
        r
    }
}

struct NullSink;
impl EventSink for NullSink {
    fn emit(&mut self, _: Event) {}
    fn wants_sql(&self) -> bool {
        false
    }
}

/// A sink that keeps every event (tests).
#[derive(Clone, Default)]
pub struct Collector(pub Rc<RefCell<Vec<Event>>>);
impl EventSink for Collector {
    fn emit(&mut self, ev: Event) {
        self.0.borrow_mut().push(ev);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that, on its first event, emits another through the same handle.
    struct Reentrant {
        handle: Rc<RefCell<Option<Events>>>,
        seen: Rc<RefCell<Vec<String>>>,
    }
    impl EventSink for Reentrant {
        fn emit(&mut self, ev: Event) {
            if let Event::Print { text, .. } = &ev {
                self.seen.borrow_mut().push(text.clone());
                if text == "first" {
                    let h = self.handle.borrow().clone();
                    if let Some(h) = h {
                        h.emit(Event::Print { text: "from inside".into(), end: "\n".into() });
                    }
                }
            }
        }
    }

    #[test]
    fn events_emitted_while_the_sink_is_busy_are_delivered_in_order() {
        let handle = Rc::new(RefCell::new(None));
        let seen = Rc::new(RefCell::new(Vec::new()));
        let ev = Events::new(Box::new(Reentrant { handle: handle.clone(), seen: seen.clone() }));
        *handle.borrow_mut() = Some(ev.clone());
        ev.emit(Event::Print { text: "first".into(), end: "\n".into() });
        ev.emit(Event::Print { text: "second".into(), end: "\n".into() });
        // inside `with` too
        ev.with(|_| ev.emit(Event::Print { text: "during with".into(), end: "\n".into() }));
        assert_eq!(*seen.borrow(), vec!["first", "from inside", "second", "during with"]);
        *handle.borrow_mut() = None;
    }
}
