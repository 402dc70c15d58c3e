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
/// traced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cause {
    /// A query or `get()` flushed pending changes first.
    Autoflush,
    /// Lazy load of a relationship (`User.addresses`).
    LazyLoad(String),
    /// Eager (selectin) load of a relationship.
    EagerLoad(String),
    /// Load of an object's expired attributes (`User#1`).
    Expired(String),
    /// `session.refresh(User#1)`.
    Refresh(String),
    /// Load of a column a loader option deferred (`User#1`, `fullname`).
    Deferred(String, String),
}

impl Cause {
    pub fn text(&self) -> String {
        match self {
            Cause::Autoflush => "autoflush".into(),
            Cause::LazyLoad(r) => format!("lazy load of {}", r),
            Cause::EagerLoad(r) => format!("selectin load of {}", r),
            Cause::Expired(o) => format!("load of {}'s expired attributes", o),
            Cause::Refresh(o) => format!("refresh of {}", o),
            Cause::Deferred(o, a) => format!("load of {}'s deferred attribute {}", o, a),
        }
    }
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
    /// Why the next statements run (lazy load, autoflush …), never traced.
    Cause(Cause),
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
}

impl Events {
    pub fn new(sink: Box<dyn EventSink>) -> Events {
        Events(Rc::new(Inner { sink: RefCell::new(sink), waiting: RefCell::new(Default::default()) }))
    }
    /// A handle that drops everything (for tests and `--no-echo` internals).
    pub fn null() -> Events {
        Events::new(Box::new(NullSink))
    }
    pub fn emit(&self, ev: Event) {
        match self.0.sink.try_borrow_mut() {
            Ok(mut s) => {
                s.emit(ev);
                drop(s);
                self.deliver_waiting();
            }
            Err(_) => self.0.waiting.borrow_mut().push_back(ev),
        }
    }
    /// Hand the queued events to the sink, if it is free.
    fn deliver_waiting(&self) {
        loop {
            if self.0.waiting.borrow().is_empty() {
                return;
            }
            let Ok(mut s) = self.0.sink.try_borrow_mut() else { return };
            let Some(ev) = self.0.waiting.borrow_mut().pop_front() else { return };
            s.emit(ev);
        }
    }
    pub fn wants_sql(&self) -> bool {
        // busy sink: build the event anyway (it waits in the queue)
        self.0.sink.try_borrow().map(|s| s.wants_sql()).unwrap_or(true)
    }
    /// True once the sink's output is gone (see [`EventSink::closed`]).
    pub fn closed(&self) -> bool {
        self.0.sink.try_borrow().map(|s| s.closed()).unwrap_or(false)
    }
    /// Show what the sink held back (see [`EventSink::flush`]).
    pub fn flush(&self) {
        self.deliver_waiting();
        if let Ok(mut s) = self.0.sink.try_borrow_mut() {
            s.flush();
        }
    }
    /// Swap the sink (`.mode`), returning the old one; queued events go to the new one.
    pub fn replace(&self, sink: Box<dyn EventSink>) -> Box<dyn EventSink> {
        let old = std::mem::replace(&mut *self.0.sink.borrow_mut(), sink);
        self.deliver_waiting();
        old
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
