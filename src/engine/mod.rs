//! Engines, pools, connections, transactions and drivers. Mirrors
//! `sqlalchemy/engine` and `sqlalchemy/pool`. Every statement goes through
//! `Connection::execute`, which emits the `sql`/`tx` events.
//!
//! Layout: `url` (URL parsing and masking), `cancel` (stopping the running statement from another thread), `driver` (the DBAPI trait, error
//! wrapping, the dialect of a backend), `ddl` (`create_all`, `has_table`), `sqlite` (the rusqlite driver), `postgres`
//! (+ `pg_values`, `pg_errors`, `pg_cursor`) and `mysql` (+ `mysql_stream`) (the server drivers), `pool`
//! (QueuePool / SingletonThreadPool), `connection` (transactions), `engine`
//! (`create_engine`), `tls` (TLS for the server drivers, on rustls).

pub mod cancel;
pub mod connection;
pub mod cursor;
pub mod ddl;
pub mod driver;
#[allow(clippy::module_inception)]
pub mod engine;
pub mod eqp;
pub mod explain;
pub mod mysql;
mod pg_errors;
mod pg_text;
mod pg_values;
pub mod passwords;
pub mod pool;
pub mod postgres;
pub mod reflect;
pub mod sqlite;
pub mod tls;
pub mod url;
pub mod url_options;

#[cfg(test)]
mod tests;

pub use connection::Connection;
pub use cursor::Cursor;
pub use driver::{DbapiConnection, DriverError, ResultSet};
pub use engine::{Engine, EngineOptions};
pub use pool::{Pool, PoolKind};
pub use url::{Backend, Url};
