//! Engines, pools, connections, transactions and drivers. Mirrors
//! `sqlalchemy/engine` and `sqlalchemy/pool`. Every statement goes through
//! `Connection::execute`, which emits the `sql`/`tx` events.
//!
//! Layout: `url` (URL parsing and masking), `driver` (the DBAPI trait, error
//! wrapping, transaction SQL per backend), `sqlite` (the rusqlite driver), `pool`
//! (QueuePool / SingletonThreadPool), `connection` (transactions), `engine`
//! (`create_engine`).

pub mod connection;
pub mod driver;
#[allow(clippy::module_inception)]
pub mod engine;
pub mod pool;
pub mod reflect;
pub mod sqlite;
pub mod url;

#[cfg(test)]
mod tests;

pub use connection::Connection;
pub use driver::{DbapiConnection, DriverError, ResultSet};
pub use engine::{Engine, EngineOptions};
pub use pool::{Pool, PoolKind};
pub use url::{Backend, Url};
