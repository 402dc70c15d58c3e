//! The front end's internal syntax error: a message, a 1-based position and
//! whether it was found at the very end of the input. The end-of-input flag is
//! what lets [`super::parser::check_complete`] tell "keep reading" (an open
//! bracket, an empty block at EOF) from "this can never become valid". Public
//! entry points convert it into an `exc::Error` of kind `SyntaxError`.

use crate::exc::{Error, ErrorKind};

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SynErr {
    pub message: String,
    pub line: u32,
    pub col: u32,
    /// True when more input could still make the source valid.
    pub at_eof: bool,
}

impl SynErr {
    pub fn new(message: impl Into<String>, line: u32, col: u32) -> SynErr {
        SynErr { message: message.into(), line, col, at_eof: false }
    }
    pub fn eof(message: impl Into<String>, line: u32, col: u32) -> SynErr {
        SynErr { message: message.into(), line, col, at_eof: true }
    }
    pub fn into_error(self) -> Error {
        Error::new(ErrorKind::SyntaxError, self.message).at(self.line, self.col)
    }
}

pub(crate) type SynResult<T> = Result<T, SynErr>;

/// The message for a construct Python has but ormsh scripts do not.
pub(crate) fn unsupported(what: &str) -> String {
    format!("{what} is not supported in ormsh scripts")
}
