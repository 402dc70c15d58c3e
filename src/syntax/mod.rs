//! The Python subset's front end: lexer, parser and AST. Knows nothing of
//! SQLAlchemy. The REPL asks [`parser::check_complete`] whether typed input is a
//! finished statement before running it.
pub mod ast;
mod chunks;
mod error;
mod expr;
mod fstring;
pub mod lexer;
pub mod parser;
mod strings;
mod targets;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_robustness;

pub use chunks::top_level_chunks;
pub use parser::{check_complete, parse_module, Completeness};
