//! ormsh: an interactive ORM session shell that makes SQLAlchemy's Session visible.
//!
//! Layers, each depending only on those below it:
//! `shell → interp → orm → engine → sql`, with `interp → syntax`, and `exc`/`events`
//! shared by all. See ARCHITECTURE.md.
pub mod events;
pub mod fxhash;
pub mod guard;
pub mod exc;
pub mod sql;
pub mod engine;
pub mod orm;
pub mod syntax;
pub mod interp;
pub mod insight;
pub mod shell;
pub mod fuzzing;
