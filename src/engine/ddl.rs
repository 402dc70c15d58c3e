//! `MetaData.create_all(engine)` with checkfirst, and `Inspector.has_table`:
//! the DDL of `sql::ddl` run on a connection of the engine. Mirrors
//! `sqlalchemy/sql/ddl.py` `SchemaGenerator` (checkfirst, dependency order)
//! and the dialects' `has_table`. Called at start-up (`interp/sa/setup.rs`),
//! which shows the statements it returns.

use crate::engine::{Connection, Engine};
use crate::exc::Result;
use crate::sql::dialect::{CheckAnswer, Dialect};
use crate::sql::schema::MetaData;

/// CREATE TABLE (and its indexes) for each table of `metadata` the database
/// lacks, in dependency order, in one transaction; returns the statements run.
/// All or nothing: on an error, where DDL is transactional (PostgreSQL) the
/// rollback undoes it; elsewhere (SQLite's driver, MySQL) the tables this call
/// created are dropped, newest first.
pub fn create_all(engine: &Engine, metadata: &MetaData) -> Result<Vec<String>> {
    let d = engine.dialect();
    let conn = engine.connect()?;
    let mut created = Vec::new();
    let mut ddl = Vec::new();
    let r = (|| -> Result<()> {
        for tid in crate::sql::ddl::sorted_tables(metadata) {
            let t = metadata.table(tid);
            if !has_table(&conn, d, &t.name)? {
                let mut stmts = vec![crate::sql::ddl::create_table_sql(t, d)];
                stmts.extend(crate::sql::ddl::create_index_sql(t, d));
                for (i, s) in stmts.into_iter().enumerate() {
                    conn.exec_driver_sql(&s, &[])?;
                    if i == 0 {
                        created.push(tid);
                    }
                    ddl.push(s);
                }
            }
        }
        if conn.in_transaction() {
            conn.commit()?;
        }
        Ok(())
    })();
    if let Err(e) = r {
        if conn.in_transaction() {
            let _ = conn.rollback();
        }
        for tid in created.iter().rev() {
            let t = metadata.table(*tid);
            if has_table(&conn, d, &t.name).unwrap_or(false) {
                let _ = conn.exec_driver_sql(&crate::sql::ddl::drop_table_sql(t, d), &[]);
            }
        }
        if conn.in_transaction() {
            let _ = conn.commit();
        }
        let _ = conn.close();
        return Err(e);
    }
    conn.close()?;
    Ok(ddl)
}

/// Whether table `name` exists, by the dialect's checkfirst query.
pub fn has_table(conn: &Connection, d: &dyn Dialect, name: &str) -> Result<bool> {
    let q = d.has_table_sql(name, None);
    for (sql, params) in &q.statements {
        match conn.exec_driver_sql(sql, params) {
            Ok(rs) if !rs.rows.is_empty() => return Ok(true),
            Ok(_) => {}
            Err(e) => match &q.answer {
                CheckAnswer::RowOrErrorCodes(_) => return Ok(false),
                _ => return Err(e),
            },
        }
    }
    Ok(false)
}
