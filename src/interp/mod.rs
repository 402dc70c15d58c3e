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
pub mod value;
pub mod sa;

use crate::events::Events;
use value::Value;

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

/// The interpreter: global namespace, the event sink, and the SQLAlchemy world.
pub struct Interp {
    pub events: Events,
    /// Stop at the first error of a run (`--bail`).
    pub bail: bool,
    /// Called for `.command` lines; taken out while it runs.
    pub dot_hook: Option<DotHook>,
    /// Everything behind the SQLAlchemy surface (engines, sessions, instances).
    pub sa: sa::SaState,
    pub(crate) globals: indexmap::IndexMap<std::rc::Rc<str>, Value>,
}

// stub until the interp branch lands: the constructor and `run_source` the shell
// calls, with the contract's signatures and no behaviour.
impl Interp {
    pub fn new(events: Events) -> Interp {
        Interp { events, bail: false, dot_hook: None, sa: sa::SaState::default(), globals: Default::default() }
    }
    pub fn run_source(&mut self, _src: &str, _first_line: u32) -> RunOutcome {
        RunOutcome::default()
    }
    pub fn interrupt_flag(&self) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false))
    }
}
