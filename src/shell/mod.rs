//! The shell: CLI options, REPL (rustyline), dot-commands and rendering of
//! events (table, plain, JSON lines). Never builds SQL.
//!
//! `main.rs` parses [`cli::Cli`] and hands it to [`run::main`], which returns the
//! exit status. Everything the user sees goes through one `events::EventSink`
//! chosen in [`render`]; the dot-commands live in one table in [`dot`].
pub mod askpass;
pub mod cli;
pub mod complete;
pub mod diagram;
pub mod dot;
pub mod escape;
pub mod expect;
pub mod highlight;
pub mod history;
pub mod insight;
pub mod interrupt;
pub mod plan;
pub mod plansql;
pub mod read;
pub mod why;
pub mod render;
pub mod repl;
pub mod svg;
pub mod transcript;
pub mod whatif;
pub mod run;
