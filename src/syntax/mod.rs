//! The Python subset's front end: lexer, parser and AST. Knows nothing of
//! SQLAlchemy. The REPL asks [`parser::check_complete`] whether typed input is a
//! finished statement before running it.
pub mod ast;
pub mod lexer;
pub mod parser;

pub use parser::{parse_module, check_complete, Completeness};
