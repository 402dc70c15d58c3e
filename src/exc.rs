//! The error type of every layer, with variants named like SQLAlchemy's and
//! Python's exception classes so the interpreter can raise them as such and
//! `try/except` can match them by class or base class.
//!
//! Mirrors `sqlalchemy/exc.py` and `sqlalchemy/orm/exc.py` (the hierarchy in
//! [`ErrorKind::parent`]) plus the Python builtins a script can meet.

use std::fmt;

/// One exception class. The set is closed: scripts cannot define classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    // Python builtins
    BaseException,
    Exception,
    ArithmeticError,
    ZeroDivisionError,
    OverflowError,
    AssertionError,
    AttributeError,
    ImportError,
    ModuleNotFoundError,
    LookupError,
    IndexError,
    KeyError,
    NameError,
    UnboundLocalError,
    NotImplementedError,
    RuntimeError,
    SystemError,
    RecursionError,
    StopIteration,
    SyntaxError,
    TypeError,
    ValueError,
    KeyboardInterrupt,
    /// `exit()`, `quit()`, `sys.exit()`, `raise SystemExit`: ends the run
    /// (a `BaseException`, so `except Exception` lets it through).
    SystemExit,
    OSError,
    ConnectionError,
    /// Python's builtin `TimeoutError` (an `OSError`); SQLAlchemy's pool timeout
    /// is [`ErrorKind::TimeoutError`], reached through `sqlalchemy.exc`.
    BuiltinTimeoutError,
    // sqlalchemy.exc
    SQLAlchemyError,
    ArgumentError,
    NoSuchModuleError,
    ObjectNotExecutableError,
    /// `join()` without an ON clause between tables with no foreign key between them.
    NoForeignKeysError,
    /// `join()` without an ON clause between tables with several foreign keys between them.
    AmbiguousForeignKeysError,
    /// `filter_by(key=…)` where several FROM entities have `key` (2.1).
    AmbiguousColumnError,
    CompileError,
    UnsupportedCompilationError,
    InvalidRequestError,
    UnboundExecutionError,
    NoInspectionAvailable,
    PendingRollbackError,
    ResourceClosedError,
    NoSuchColumnError,
    NoResultFound,
    MultipleResultsFound,
    NoReferenceError,
    NoReferencedTableError,
    NoReferencedColumnError,
    TimeoutError,
    DisconnectionError,
    InvalidatePoolError,
    StatementError,
    DBAPIError,
    InterfaceError,
    DatabaseError,
    DataError,
    OperationalError,
    IntegrityError,
    InternalError,
    ProgrammingError,
    NotSupportedError,
    /// A cycle between objects the unit of work cannot order (`topological.sort_as_subsets`).
    CircularDependencyError,
    // sqlalchemy.orm.exc
    StaleDataError,
    FlushError,
    UnmappedError,
    UnmappedInstanceError,
    UnmappedClassError,
    ObjectDereferencedError,
    DetachedInstanceError,
    ObjectDeletedError,
    LoaderStrategyException,
}

impl ErrorKind {
    /// The base class, as in Python's MRO (single inheritance is enough here).
    pub fn parent(self) -> Option<ErrorKind> {
        use ErrorKind::*;
        Some(match self {
            BaseException => return None,
            Exception | KeyboardInterrupt | SystemExit => BaseException,
            ArithmeticError | AssertionError | AttributeError | ImportError | LookupError
            | NameError | RuntimeError | SystemError | StopIteration | SyntaxError | TypeError | ValueError
            | OSError => {
                Exception
            }
            ZeroDivisionError | OverflowError => ArithmeticError,
            ModuleNotFoundError => ImportError,
            ConnectionError | BuiltinTimeoutError => OSError,
            IndexError | KeyError => LookupError,
            UnboundLocalError => NameError,
            NotImplementedError | RecursionError => RuntimeError,
            SQLAlchemyError => Exception,
            ArgumentError | CompileError | InvalidRequestError | TimeoutError
            | DisconnectionError | StatementError | StaleDataError | FlushError
            | DetachedInstanceError | CircularDependencyError => SQLAlchemyError,
            NoSuchModuleError | ObjectNotExecutableError | NoForeignKeysError | AmbiguousForeignKeysError => ArgumentError,
            UnsupportedCompilationError => CompileError,
            UnboundExecutionError | NoInspectionAvailable | PendingRollbackError | ResourceClosedError
            | NoSuchColumnError | NoResultFound | MultipleResultsFound | ObjectDeletedError
            | LoaderStrategyException | NoReferenceError | UnmappedError | AmbiguousColumnError => InvalidRequestError,
            NoReferencedTableError | NoReferencedColumnError => NoReferenceError,
            InvalidatePoolError => DisconnectionError,
            DBAPIError => StatementError,
            InterfaceError | DatabaseError => DBAPIError,
            DataError | OperationalError | IntegrityError | InternalError | ProgrammingError
            | NotSupportedError => DatabaseError,
            UnmappedInstanceError | UnmappedClassError => UnmappedError,
            ObjectDereferencedError => SQLAlchemyError,
        })
    }

    /// True when `self` is `other` or derives from it (`except other:` catches it).
    pub fn is_a(self, other: ErrorKind) -> bool {
        let mut k = Some(self);
        while let Some(c) = k {
            if c == other {
                return true;
            }
            k = c.parent();
        }
        false
    }

    /// The class name as Python shows it (`IntegrityError`).
    pub fn name(self) -> &'static str {
        if self == ErrorKind::BuiltinTimeoutError {
            return "TimeoutError";
        }
        ALL.iter().find(|(k, _)| *k == self).map(|(_, n)| *n).unwrap_or("Exception")
    }

    /// Look a class up by its Python name (for `except Name:` and `import`).
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ALL.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
    }

    /// True for the classes that live in `sqlalchemy.exc` / `sqlalchemy.orm.exc`.
    pub fn is_sqlalchemy(self) -> bool {
        self.is_a(ErrorKind::SQLAlchemyError)
    }

    pub fn all() -> impl Iterator<Item = (ErrorKind, &'static str)> {
        ALL.iter().copied().chain([(ErrorKind::BuiltinTimeoutError, "TimeoutError")])
    }
}

macro_rules! kinds {
    ($($k:ident),* $(,)?) => { const ALL: &[(ErrorKind, &str)] = &[$((ErrorKind::$k, stringify!($k))),*]; };
}
kinds!(
    BaseException, Exception, ArithmeticError, ZeroDivisionError, OverflowError, AssertionError,
    AttributeError, ImportError, ModuleNotFoundError, LookupError, IndexError, KeyError, NameError,
    UnboundLocalError, NotImplementedError, RuntimeError, SystemError, RecursionError, StopIteration,
    SyntaxError, TypeError, ValueError, KeyboardInterrupt, SystemExit, OSError, ConnectionError, SQLAlchemyError, ArgumentError,
    NoSuchModuleError, ObjectNotExecutableError, NoForeignKeysError, AmbiguousForeignKeysError, AmbiguousColumnError, CompileError, UnsupportedCompilationError, InvalidRequestError, UnboundExecutionError,
    NoInspectionAvailable, PendingRollbackError, ResourceClosedError, NoSuchColumnError,
    NoResultFound, MultipleResultsFound, NoReferenceError, NoReferencedTableError,
    NoReferencedColumnError, TimeoutError, DisconnectionError, InvalidatePoolError,
    StatementError, DBAPIError, InterfaceError, DatabaseError, DataError, OperationalError,
    IntegrityError, InternalError, ProgrammingError, NotSupportedError, CircularDependencyError, StaleDataError,
    FlushError, UnmappedError, UnmappedInstanceError, UnmappedClassError,
    ObjectDereferencedError, DetachedInstanceError, ObjectDeletedError, LoaderStrategyException,
);

/// Extra facts a DBAPI error carries, as SQLAlchemy's `DBAPIError` does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatementInfo {
    /// The SQL text as sent.
    pub statement: String,
    /// The parameters, rendered as Python would (`('ed',)`).
    pub params: String,
    /// `connection_invalidated` of SQLAlchemy's `DBAPIError`.
    pub connection_invalidated: bool,
    /// The driver's own error class name (`sqlite3.IntegrityError` → `IntegrityError`).
    pub orig: String,
}

/// An error raised anywhere in ormsh; the interpreter turns it into a Python exception.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The message as `str(e)` shows it (first line is what the trace compares).
    pub message: String,
    /// Set for DBAPI errors (`IntegrityError` …).
    pub statement: Option<Box<StatementInfo>>,
    /// Where in the script (1-based line, column), for SyntaxError.
    pub position: Option<(u32, u32)>,
    /// For SystemExit: what its `code` is (`message` holds its text).
    pub exit_code: ExitCode,
}

/// The kind of a `SystemExit`'s `code`, whose text is the error's message:
/// None (exit status 0), an int (that status), anything else (printed on
/// standard error, status 1), as Python's `handle_system_exit` does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExitCode {
    #[default]
    None,
    Int,
    Other,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: message.into(), statement: None, position: None, exit_code: ExitCode::None }
    }
    pub fn at(mut self, line: u32, col: u32) -> Error {
        self.position = Some((line, col));
        self
    }
    /// The exit status a SystemExit ends the program with, and the text
    /// Python prints on standard error first (a code that is not an int).
    pub fn exit_status(&self) -> (i32, Option<&str>) {
        match self.exit_code {
            ExitCode::None => (0, None),
            // Unix keeps the low byte: sys.exit(256) is 0, sys.exit(-1) is 255
            ExitCode::Int => match self.message.as_str() {
                "True" => (1, None),
                "False" => (0, None),
                m => (m.parse::<i128>().map_or(1, |n| (n & 0xff) as i32), None),
            },
            ExitCode::Other => (1, Some(&self.message)),
        }
    }
    pub fn with_statement(mut self, info: StatementInfo) -> Error {
        self.statement = Some(Box::new(info));
        self
    }
    /// The message SQLAlchemy's `str(e)` gives a DBAPI error: the driver's message, then
    /// `[SQL: …]` and `[parameters: …]` lines.
    pub fn full_message(&self) -> String {
        match &self.statement {
            Some(s) if self.kind.is_a(ErrorKind::DBAPIError) => {
                let mut m = format!("({}) {}", s.orig_qualified(), self.message);
                if !s.statement.is_empty() {
                    m.push_str(&format!("\n[SQL: {}]", s.statement));
                    if !s.params.is_empty() {
                        m.push_str(&format!("\n[parameters: {}]", s.params));
                    }
                }
                if let Some(code) = self.kind.background_code() {
                    m.push_str(&format!("\n(Background on this error at: https://sqlalche.me/e/21/{})", code));
                }
                m
            }
            _ => self.message.clone(),
        }
    }
}

impl ErrorKind {
    /// The code of SQLAlchemy's "Background on this error" link for DBAPI errors.
    pub fn background_code(self) -> Option<&'static str> {
        use ErrorKind::*;
        Some(match self {
            IntegrityError => "gkpj",
            OperationalError => "e3q8",
            ProgrammingError => "f405",
            DataError => "9h9h",
            InternalError => "2j85",
            NotSupportedError => "tw8g",
            InterfaceError => "rvf5",
            DatabaseError => "4xp6",
            DBAPIError => "dbapi",
            _ => return None,
        })
    }
}

impl StatementInfo {
    fn orig_qualified(&self) -> String {
        if self.orig.contains('.') { self.orig.clone() } else { format!("sqlite3.{}", self.orig) }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.full_message())
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Shorthand constructors: `exc::invalid("…")`.
pub fn err<T>(kind: ErrorKind, message: impl Into<String>) -> Result<T> {
    Err(Error::new(kind, message))
}
pub fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidRequestError, message)
}
pub fn type_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::TypeError, message)
}
pub fn attribute_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::AttributeError, message)
}
pub fn argument_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::ArgumentError, message)
}
pub fn not_implemented(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::NotImplementedError, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn hierarchy_matches_sqlalchemy() {
        assert!(ErrorKind::IntegrityError.is_a(ErrorKind::DBAPIError));
        assert!(ErrorKind::IntegrityError.is_a(ErrorKind::SQLAlchemyError));
        assert!(ErrorKind::IntegrityError.is_a(ErrorKind::Exception));
        assert!(!ErrorKind::IntegrityError.is_a(ErrorKind::InvalidRequestError));
        assert!(ErrorKind::NoResultFound.is_a(ErrorKind::InvalidRequestError));
        assert!(ErrorKind::KeyError.is_a(ErrorKind::LookupError));
        assert_eq!(ErrorKind::from_name("ObjectDeletedError"), Some(ErrorKind::ObjectDeletedError));
        assert_eq!(ErrorKind::PendingRollbackError.name(), "PendingRollbackError");
    }
}
