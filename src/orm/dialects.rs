//! Which SQL dialect serves a connection or a session's bind, cached per
//! backend, and compiling expression fragments (an UPDATE's `SET x=(x + ?)`).

use crate::engine::Connection;
use crate::exc::Result;
use crate::orm::mapping::MapperId;
use crate::orm::session::Orm;
use crate::orm::state::SessionId;
use crate::sql::dialect::{dialect_for, Dialect, SqliteDialect};
use crate::sql::expr::Expr;
use crate::sql::value::Value;
use std::rc::Rc;

/// The dialect of a backend name (`sqlite`, `postgresql`, `mysql`, `mariadb`).
pub fn dialect_named(name: &str) -> Rc<dyn Dialect> {
    thread_local! {
        static CACHE: std::cell::RefCell<Vec<(String, Rc<dyn Dialect>)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    CACHE.with(|c| {
        if let Some((_, d)) = c.borrow().iter().find(|(n, _)| n == name) {
            return d.clone();
        }
        let d: Rc<dyn Dialect> = match dialect_for(name) {
            Some(b) => Rc::from(b),
            None => Rc::new(SqliteDialect),
        };
        c.borrow_mut().push((name.to_string(), d.clone()));
        d
    })
}

impl Orm {
    pub fn dialect_for(&self, conn: &Connection) -> Rc<dyn Dialect> {
        dialect_named(conn.engine().dialect_name())
    }

    /// The dialect of the bind a session would use for `mapper`.
    pub fn session_dialect(&self, sid: SessionId, mapper: MapperId) -> Rc<dyn Dialect> {
        match self.get_bind(sid, Some(mapper)) {
            Ok(b) => dialect_named(b.engine().dialect_name()),
            Err(_) => dialect_named("sqlite"),
        }
    }

    /// Compile an expression on its own, placeholders numbered after `n0`
    /// (for the SET clause of an UPDATE). Returns the text and its parameters.
    pub fn compile_fragment(&self, e: &Expr, table: crate::sql::schema::TableId, column: usize, d: &dyn Dialect, n0: usize) -> Result<(String, Vec<Value>)> {
        crate::sql::compiler::compile_dml_value(e, table, column, &self.registry.metadata, d, n0, true)
    }

    /// Compile an expression given as an INSERT value (`persistence.value_params`):
    /// nothing to correlate to, so a subquery keeps its own FROM.
    pub fn compile_insert_value(&self, e: &Expr, table: crate::sql::schema::TableId, column: usize, d: &dyn Dialect, n0: usize) -> Result<(String, Vec<Value>)> {
        crate::sql::compiler::compile_dml_value(e, table, column, &self.registry.metadata, d, n0, false)
    }
}
