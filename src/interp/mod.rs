//! The interpreter of ormsh's Python subset, and the SQLAlchemy-named surface
//! (`interp::sa`) that binds Python calls to the ORM, the engine and SQL
//! expressions. Knows no terminal: everything it shows goes out as
//! `events::Event`s.
//!
//! Public API used by the shell:
//! - [`Interp::new`]: a bare interpreter (builtins only) writing to an event sink;
//! - [`Interp::run_source`]: parse and run a chunk of source (a script or one REPL
//!   entry), emitting `Stmt`, `Value`, `Print` and `Error` events;
//! - `Interp::dot_hook`: how the shell receives dot-command lines met in scripts.
//!
//! The evaluator itself is split by concern: `eval` (statements and
//! expressions), `ops` (operators), `builtins`, `methods` (methods of builtin
//! types), `format` (format specs, `%`, `str.format`), `repr`, `natives`
//! (iterators, dict views, type objects) and `imports` (modules); the helpers
//! they share (type names, the method tables, int conversions, the overflow
//! and recursion errors) are `common`, which uses none of them.
pub mod value;
pub mod sa;
mod builtins;
mod common;
mod eval;
mod names;
mod format;
pub mod hints;
use crate::fxhash;
mod imports;
mod methods;
mod natives;
mod ops;
mod repr;
mod timedelta;
#[cfg(test)]
mod tests;

use crate::events::{Event, Events};
use crate::exc::{Error, ErrorKind, Result};
use crate::syntax::ast::StmtKind;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
pub use value::{Args, Module, Value};

/// What a run of source did, for exit statuses and `--bail`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunOutcome {
    /// Top-level statements run.
    pub statements: usize,
    /// Top-level statements that raised (or a SyntaxError for the chunk).
    pub errors: usize,
    /// True when the run stopped early (`--bail` and an error, or `.quit`).
    pub stopped: bool,
}

/// A dot-command handler installed by the shell: receives the interpreter and
/// the command text after the dot; returns Ok(true) to stop the run (`.quit`).
pub type DotHook = Box<dyn FnMut(&mut Interp, &str) -> crate::exc::Result<bool>>;

/// How deep expressions and statements may nest before RecursionError: keeps
/// the Rust stack safe whatever the input.
const MAX_DEPTH: usize = 180;

/// A generation of some interpreter's globals never used before (0 is none).
fn next_globals_gen() -> u32 {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    // wrapping past u32::MAX would take four billion removals; 0 is skipped
    loop {
        let g = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if g != 0 {
            return g;
        }
    }
}

/// The interpreter: global namespace, the event sink, and the SQLAlchemy world.
pub struct Interp {
    pub events: Events,
    /// Stop at the first error of a run (`--bail`).
    pub bail: bool,
    /// Called for `.command` lines; taken out while it runs.
    pub dot_hook: Option<DotHook>,
    /// Everything behind the SQLAlchemy surface (engines, sessions, instances).
    pub sa: sa::SaState,
    pub(crate) globals: indexmap::IndexMap<Rc<str>, Value, fxhash::FxBuild>,
    /// The generation of `globals`' layout: a name's index in it stays valid
    /// until a name is removed (or the table replaced), which takes a new
    /// generation ([`Interp::globals_moved`]). Names in the syntax tree cache
    /// (generation, index) (`ast::NameSlot`); generations are unique in the
    /// process, so a tree run by another interpreter never hits a stale slot.
    pub(crate) globals_gen: u32,
    /// `len`, `print`, `ValueError` …: looked up after the globals.
    pub(crate) builtins: HashMap<Rc<str>, Value, fxhash::FxBuild>,
    /// Modules by dotted name, for `import`.
    pub(crate) modules: HashMap<String, Rc<Module>>,
    /// Set by the shell on Ctrl-C; loops and calls raise KeyboardInterrupt.
    pub(crate) interrupt: Arc<AtomicBool>,
    /// Current nesting of evaluation (see `MAX_DEPTH`).
    pub(crate) depth: usize,
    /// Comprehension scopes, innermost last (Python 3 keeps their variables local).
    pub(crate) scopes: Vec<Vec<(Rc<str>, Value)>>,
    /// Exceptions being handled (innermost last), for a bare `raise`.
    pub(crate) handling: Vec<Rc<Error>>,
    /// Containers being repr'd, to print `[...]` for self-references.
    pub(crate) repr_stack: Vec<usize>,
    /// Line (as reported) of the innermost statement that raised, for the error event.
    pub(crate) error_line: Option<u32>,
    /// (line, column) of the innermost expression that raised, for the caret.
    pub(crate) error_pos: Option<(u32, u32)>,
    /// The "no schema loaded" hint was given (it is given once).
    pub(crate) schema_hint_shown: bool,
    /// The last missing attribute: (the error's message, the name, what the
    /// object offered), for the AttributeError's "Did you mean".
    pub(crate) attr_miss: Option<(String, String, Vec<String>)>,
    /// Added to AST lines to get reported lines (`first_line - 1`).
    pub(crate) line_offset: u32,
    /// Reused text buffer of f-strings (see `format::fstring_value`).
    pub(crate) fstring_buf: String,
    /// The `SystemExit` that ended the run (`exit()`, `sys.exit(3)` …): the
    /// shell stops and takes the exit status from it.
    pub exit: Option<Error>,
}

impl Interp {
    /// A bare interpreter (builtins and the `datetime`, `decimal`, `sqlalchemy.exc`
    /// modules) writing its events to `events`.
    pub fn new(events: Events) -> Interp {
        let mut it = Interp {
            events,
            bail: false,
            dot_hook: None,
            sa: sa::SaState::default(),
            globals: indexmap::IndexMap::default(),
            globals_gen: next_globals_gen(),
            builtins: HashMap::default(),
            modules: HashMap::new(),
            interrupt: Arc::new(AtomicBool::new(false)),
            depth: 0,
            scopes: Vec::new(),
            handling: Vec::new(),
            repr_stack: Vec::new(),
            error_line: None,
            error_pos: None,
            schema_hint_shown: false,
            attr_miss: None,
            line_offset: 0,
            fstring_buf: String::new(),
            exit: None,
        };
        builtins::install(&mut it);
        imports::install(&mut it);
        it
    }

    /// Parse and run `src`, whose first line is line `first_line` of the whole input.
    ///
    /// A long script is parsed and run one top-level statement at a time
    /// (`syntax::top_level_chunks`), so memory follows the largest statement,
    /// not the file. As CPython, a SyntaxError anywhere stops the run before
    /// anything runs: every piece is parsed once first, its tree dropped. When a
    /// piece does not parse, the whole text is parsed as one module, so the
    /// error (or, should the split be wrong, the run) is exactly the old one.
    pub fn run_source(&mut self, src: &str, first_line: u32) -> RunOutcome {
        let mut outcome = RunOutcome::default();
        let offset = first_line.saturating_sub(1);
        let mut pieces = crate::syntax::top_level_chunks(src);
        let one_piece = pieces.next().is_none_or(|(p, _)| p.len() == src.len());
        if one_piece || !crate::syntax::top_level_chunks(src).all(|(p, _)| crate::syntax::parse_module(p).is_ok()) {
            let module = match crate::syntax::parse_module(src) {
                Ok(m) => m,
                Err(e) => {
                    let line = e.position.map(|(l, _)| l + offset);
                    let col = e.position.map(|(_, c)| c);
                    let hint = None;
                    self.events.emit(Event::Error { kind: e.kind.name().to_string(), message: e.full_message(), line, col, hint });
                    outcome.errors = 1;
                    outcome.stopped = self.bail;
                    return outcome;
                }
            };
            self.interrupt.store(false, Ordering::Relaxed);
            self.run_module(&module, src, offset, &mut outcome);
            return outcome;
        }
        self.interrupt.store(false, Ordering::Relaxed);
        for (piece, line) in crate::syntax::top_level_chunks(src) {
            // parsed once already: a second parse of the same text cannot fail
            let Ok(module) = crate::syntax::parse_module(piece) else { continue };
            if self.run_module(&module, piece, offset + line - 1, &mut outcome) {
                break;
            }
        }
        outcome
    }

    /// Run a parsed module's statements (`offset`: the lines before `src`'s
    /// first). True when the run must stop (closed output, `.quit`, `--bail`).
    fn run_module(&mut self, module: &crate::syntax::ast::Module, src: &str, offset: u32, outcome: &mut RunOutcome) -> bool {
        self.line_offset = offset;
        for stmt in &module.body {
            // the output is gone (a closed pipe): stop rather than work unseen
            if self.events.closed() {
                outcome.stopped = true;
                return true;
            }
            let line = stmt.pos.line + offset;
            self.events.emit(Event::Stmt { line });
            self.events.enter_line(line);
            outcome.statements += 1;
            self.error_line = None;
            self.error_pos = None;
            self.depth = 0;
            self.scopes.clear();
            self.handling.clear();
            self.repr_stack.clear();
            let result = match &stmt.kind {
                StmtKind::DotCommand(text) => match self.dot_hook.take() {
                    Some(mut hook) => {
                        let r = hook(self, text);
                        if self.dot_hook.is_none() {
                            self.dot_hook = Some(hook);
                        }
                        match r {
                            Ok(true) => {
                                outcome.stopped = true;
                                return true;
                            }
                            Ok(false) => Ok(()),
                            Err(e) => Err(e),
                        }
                    }
                    None => Ok(()),
                },
                // the safety net: a bug in ormsh ends this statement, not the session
                _ => match crate::guard::guarded(|| match &stmt.kind {
                    StmtKind::Expr(expr) => self.eval(expr).and_then(|v| self.show_value(&v)),
                    _ => self.exec_top(stmt),
                }) {
                    Ok(r) => r,
                    Err(p) => {
                        let text = src.lines().nth(stmt.pos.line.saturating_sub(1) as usize).unwrap_or("");
                        Err(Error::new(ErrorKind::SystemError, crate::guard::report(&p, text)))
                    }
                },
            };
            if let Err(e) = result {
                // as Python: SystemExit ends the program, no traceback, nothing after it runs
                // (a transaction open stays uncommitted: the connection goes back rolled back)
                if e.kind == ErrorKind::SystemExit {
                    self.exit = Some(e);
                    outcome.stopped = true;
                    return true;
                }
                // the innermost expression that raised, else the innermost statement
                let (line, col) = match self.error_pos {
                    Some((l, c)) => (l, Some(c)),
                    None => (self.error_line.unwrap_or(line), None),
                };
                let hint = self.error_hint(&e);
                let line = Some(line);
                self.events.emit(Event::Error { kind: e.kind.name().to_string(), message: e.full_message(), line, col, hint });
                outcome.errors += 1;
                if self.bail {
                    outcome.stopped = true;
                    return true;
                }
            }
        }
        false
    }

    /// Emit a top-level expression statement's value (nothing for None) and
    /// keep it as `_`, as Python's `sys.displayhook` does (in builtins: a
    /// global `_` shadows it).
    fn show_value(&mut self, v: &Value) -> Result<()> {
        if v.is_none() {
            return Ok(());
        }
        self.builtins.insert(Rc::from("_"), v.clone());
        let repr = self.repr(v)?;
        let table = sa::tabulate(self, v);
        self.events.emit(Event::Value { repr, table });
        Ok(())
    }

    /// Bind a global name.
    pub fn set_global(&mut self, name: &str, v: Value) {
        let name: Rc<str> = Rc::from(name);
        let old = self.globals.get(&*name).cloned();
        self.sa.note_binding(&name, old.as_ref(), Some(&v));
        self.globals.insert(name, v);
    }

    /// Names were removed from `globals` or it was replaced: the indexes
    /// cached in the syntax tree no longer hold.
    pub(crate) fn globals_moved(&mut self) {
        self.globals_gen = next_globals_gen();
    }

    /// A global name's value (builtins not included).
    pub fn get_global(&self, name: &str) -> Option<Value> {
        self.globals.get(name).cloned()
    }

    /// Every global binding, in the order names were first bound.
    pub fn globals_iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.globals.iter().map(|(k, v)| (&**k, v))
    }

    /// Forget every name the script or start-up bound (builtins stay).
    pub fn clear_globals_except_builtins(&mut self) {
        self.globals.clear();
        self.globals_moved();
        self.sa.names.borrow_mut().clear();
    }

    /// Make `name` importable (`import name`, `from name import x`).
    pub fn register_module(&mut self, name: &str, m: Module) {
        self.modules.insert(name.to_string(), Rc::new(m));
    }

    /// The flag the shell sets on Ctrl-C.
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }

    /// KeyboardInterrupt if Ctrl-C was pressed since the last check.
    pub(crate) fn check_interrupt(&self) -> Result<()> {
        if self.interrupt.load(Ordering::Relaxed) {
            self.interrupt.store(false, Ordering::Relaxed);
            return Err(Error::new(ErrorKind::KeyboardInterrupt, ""));
        }
        Ok(())
    }

    /// Python value of a database scalar.
    pub fn from_sql_value(v: crate::sql::value::Value) -> Value {
        use crate::sql::value::Value as S;
        match v {
            S::Null => Value::None,
            S::Bool(b) => Value::Bool(b),
            S::Int(i) => Value::Int(i),
            S::Float(f) => Value::Float(f),
            S::Decimal(d) => Value::Decimal(d),
            S::Str(s) => Value::Str(Rc::from(s)),
            S::Bytes(b) => Value::Bytes(Rc::from(b)),
            S::Date(d) => Value::Date(d),
            S::DateTime(d) => Value::DateTime(d),
            S::Time(t) => Value::Time(t),
            S::Json(j) => json_to_value(&j),
        }
    }

    /// Database scalar of a Python value; `None` for values a column cannot hold.
    /// Lists and dicts become JSON documents.
    pub fn to_sql_value(v: &Value) -> Option<crate::sql::value::Value> {
        use crate::sql::value::Value as S;
        Some(match v {
            Value::None => S::Null,
            Value::Bool(b) => S::Bool(*b),
            Value::Int(i) => S::Int(*i),
            Value::Float(f) => S::Float(*f),
            Value::Decimal(d) => S::Decimal(*d),
            Value::Str(s) => S::Str(s.to_string()),
            Value::Bytes(b) => S::Bytes(b.to_vec()),
            Value::Date(d) => S::Date(*d),
            Value::DateTime(d) => S::DateTime(*d),
            Value::Time(t) => S::Time(*t),
            Value::List(_) | Value::Dict(_) | Value::Tuple(_) => S::Json(Box::new(value_to_json(v, 0)?)),
            _ => return None,
        })
    }
}

fn json_to_value(j: &serde_json::Value) -> Value {
    use serde_json::Value as J;
    match j {
        J::Null => Value::None,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        J::String(s) => Value::str(s),
        J::Array(a) => Value::list(a.iter().map(json_to_value).collect()),
        J::Object(o) => {
            let mut d = value::Dict::new();
            for (k, v) in o {
                let key = Value::str(k);
                if let Ok(hk) = value::HashKey::new(&key) {
                    d.insert(hk, json_to_value(v));
                }
            }
            Value::Dict(Rc::new(std::cell::RefCell::new(d)))
        }
    }
}

fn value_to_json(v: &Value, depth: usize) -> Option<serde_json::Value> {
    use serde_json::Value as J;
    if depth > 100 {
        return None;
    }
    Some(match v {
        Value::None => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map(J::Number)?,
        Value::Str(s) => J::String(s.to_string()),
        Value::List(l) => J::Array(l.borrow().iter().map(|x| value_to_json(x, depth + 1)).collect::<Option<_>>()?),
        Value::Tuple(t) => J::Array(t.iter().map(|x| value_to_json(x, depth + 1)).collect::<Option<_>>()?),
        Value::Dict(d) => {
            let mut m = serde_json::Map::new();
            for (k, x) in d.borrow().iter() {
                let key = match &k.0 {
                    Value::Str(s) => s.to_string(),
                    Value::Int(i) => i.to_string(),
                    _ => return None,
                };
                m.insert(key, value_to_json(x, depth + 1)?);
            }
            J::Object(m)
        }
        _ => return None,
    })
}
