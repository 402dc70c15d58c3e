//! The SQLAlchemy-named surface: `Session`, `select`, mapped classes and
//! instances, `inspect`, engines and connections, as `Native` objects; plus the
//! start-up binding of SPEC §1 (`engine`, `Session`, `session`, classes, helpers)
//! and the ORM-facing dot-commands.
//!
//! (Being built by the lead; the signatures below are the contract the shell and
//! the evaluator call.)

use crate::events::Table;
use crate::exc::Result;
use crate::interp::value::Value;
use crate::interp::Interp;
use std::path::PathBuf;

/// The state behind the surface (engines, sessions, instance arena, registry).
#[derive(Default)]
pub struct SaState {}

/// What `ormsh` was started with (SPEC §1), as far as the surface needs it.
#[derive(Clone, Debug, Default)]
pub struct SetupOptions {
    /// Database URL; `sqlite://` when none was given.
    pub url: String,
    pub schema: Option<PathBuf>,
    /// Create missing tables at start (false with `--no-create`).
    pub create: bool,
    /// `--reflect`
    pub reflect: bool,
}

/// Why start-up failed: exit status 2, message printed as is.
#[derive(Clone, Debug, PartialEq)]
pub struct StartupError {
    pub message: String,
}

impl std::fmt::Display for StartupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Load the schema, create the engine and tables, and bind the start-up names.
pub fn setup(_interp: &mut Interp, _opts: &SetupOptions) -> std::result::Result<(), StartupError> {
    Ok(())
}

/// A value worth showing as a table (a list of instances or rows), else None.
pub fn tabulate(_interp: &mut Interp, _value: &Value) -> Option<Table> {
    None
}

/// Dot-commands that look into the ORM. Each emits its output as events
/// (`Event::Value` with a table, or `Event::Info`). `arg` is the rest of the line.
pub mod dot {
    use super::*;
    pub fn schema(_interp: &mut Interp, _arg: &str) -> Result<()> { Ok(()) }
    pub fn tables(_interp: &mut Interp, _arg: &str) -> Result<()> { Ok(()) }
    pub fn states(_interp: &mut Interp, _arg: &str) -> Result<()> { Ok(()) }
    pub fn identity(_interp: &mut Interp, _arg: &str) -> Result<()> { Ok(()) }
    pub fn explain(_interp: &mut Interp, _arg: &str) -> Result<()> { Ok(()) }
    pub fn history(_interp: &mut Interp, _arg: &str) -> Result<()> { Ok(()) }
    /// `.sql STATEMENT`: raw SQL through the session.
    pub fn sql(_interp: &mut Interp, _arg: &str) -> Result<()> { Ok(()) }
    /// `.open URL`: new engine and session on URL, same schema.
    pub fn open(_interp: &mut Interp, _arg: &str) -> Result<()> { Ok(()) }
    /// `.reset`: new engine and session, names cleared.
    pub fn reset(_interp: &mut Interp, _arg: &str) -> Result<()> { Ok(()) }
    /// Text for the prompt: the session's transaction state (`""`, `*`, `*2`, `!`).
    pub fn tx_indicator(_interp: &Interp) -> String { String::new() }
    /// True when the default session has a transaction open (ask before quitting).
    pub fn transaction_open(_interp: &Interp) -> bool { false }
}
