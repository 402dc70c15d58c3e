//! Which SQL dialect serves a connection or a session's bind (the engine's),
//! and compiling expression fragments (an UPDATE's `SET x=(x + ?)`).

use crate::engine::Connection;
use crate::exc::Result;
use crate::orm::mapping::MapperId;
use crate::orm::session::Orm;
use crate::orm::state::SessionId;
use crate::sql::dialect::{Dialect, SQLITE};
use crate::sql::expr::Expr;
use crate::sql::value::Value;

impl Orm {
    pub fn dialect_for(&self, conn: &Connection) -> &'static dyn Dialect {
        conn.engine().dialect()
    }

    /// The dialect of the bind a session would use for `mapper` (SQLite's when
    /// it has none: nothing will run then, the statement's error comes first).
    pub fn session_dialect(&self, sid: SessionId, mapper: MapperId) -> &'static dyn Dialect {
        match self.get_bind(sid, Some(mapper)) {
            Ok(b) => b.engine().dialect(),
            Err(_) => &SQLITE,
        }
    }

    /// Compile an expression on its own, placeholders numbered after `n0`
    /// (for the SET clause of an UPDATE). Returns the text and its parameters.
    pub fn compile_fragment(&self, e: &Expr, table: crate::sql::schema::TableId, column: usize, d: &dyn Dialect, n0: usize) -> Result<(String, Vec<Value>)> {
        crate::sql::compile_dml::compile_dml_value(e, table, column, &self.registry.metadata, d, n0, true)
    }

    /// Compile an expression given as an INSERT value (`persistence.value_params`):
    /// nothing to correlate to, so a subquery keeps its own FROM.
    pub fn compile_insert_value(&self, e: &Expr, table: crate::sql::schema::TableId, column: usize, d: &dyn Dialect, n0: usize) -> Result<(String, Vec<Value>)> {
        crate::sql::compile_dml::compile_dml_value(e, table, column, &self.registry.metadata, d, n0, false)
    }
}
