//! `synchronize_session='fetch'` for ORM-enabled `update()`/`delete()`:
//! SQLAlchemy's `orm/bulk_persistence.py` (`_do_pre_synchronize_fetch`,
//! `_BulkORMUpdate._do_post_synchronize_fetch`,
//! `_apply_update_set_values_to_objects`, `_BulkORMDelete._do_post_synchronize_fetch`).
//!
//! The rows the statement matched are learned from the database, not by
//! evaluating the WHERE clause in Python: with `UPDATE/DELETE … RETURNING <primary
//! key>` where the dialect has it (`update_returning` / `delete_returning`:
//! SQLite and PostgreSQL both, MariaDB DELETE only), else with a
//! `SELECT <primary key> FROM table WHERE <criteria>` sent before the statement.
//! Only the objects of the identity map those keys name are synchronized.

use crate::engine::Connection;
use crate::exc::Result;
use crate::interp::sa::result::ResultObj;
use crate::interp::sa::select::{DmlKind, DmlObj};
use crate::interp::Interp;
use crate::orm::state::{InstanceId, SessionId, Slot};
use crate::sql::compiler::{compile, CompileOptions};
use crate::sql::expr::{Expr, FromItem, Select, Statement};
use crate::sql::value::Value;

/// Runs `d` (its parameters already merged) and synchronizes the session's
/// objects from the primary keys it matched. The result returns no rows, as
/// SQLAlchemy's does (its RETURNING is `return_defaults()`, kept from the caller).
pub fn execute_fetch(cx: &mut Interp, sid: SessionId, conn: &Connection, d: &DmlObj) -> Result<ResultObj> {
    let Some(mapper) = d.mapper else {
        return crate::interp::sa::query::run_dml(cx, conn, d, crate::interp::sa::query::Params::None);
    };
    let dialect = cx.sa.dialect_for(conn);
    let md = cx.sa.metadata()?;
    let use_returning = match d.kind {
        DmlKind::Update => dialect.update_returning(),
        DmlKind::Delete => dialect.delete_returning(),
        DmlKind::Insert => false,
    };
    let (pk_cols, pk_types) = {
        let o = cx.sa.orm()?;
        let cols = o.pk_columns(mapper);
        let t = o.registry.metadata.table(d.table);
        let types: Vec<_> = cols.iter().map(|&c| t.columns[c].ty.clone()).collect();
        (cols, types)
    };
    let pk_exprs: Vec<Expr> = pk_cols.iter().map(|&c| Expr::col(d.table, c)).collect();
    let convert = |rows: Vec<Vec<Value>>| -> Result<Vec<Vec<Value>>> {
        rows.into_iter()
            .map(|r| r.into_iter().zip(&pk_types).map(|(v, ty)| dialect.result_value(ty, v)).collect())
            .collect()
    };
    let stmt = d.to_statement(cx)?;
    let (result, matched) = if use_returning {
        let stmt = match stmt {
            Statement::Update(u) => Statement::Update(u.returning(pk_exprs)),
            Statement::Delete(x) => Statement::Delete(x.returning(pk_exprs)),
            other => other,
        };
        let c = compile(&stmt, &md.metadata, &*dialect, &CompileOptions::default())?;
        let rs = conn.execute(&c.sql, &c.params)?;
        (ResultObj::no_rows(rs.rowcount, None), convert(rs.rows)?)
    } else {
        let mut sel = Select::new(pk_exprs).select_from(FromItem::table(d.table));
        sel.where_ = d.where_.clone();
        let c = compile(&Statement::Select(sel), &md.metadata, &*dialect, &CompileOptions::default())?;
        let rows = conn.execute(&c.sql, &c.params)?.rows;
        let matched = convert(rows)?;
        let c = compile(&stmt, &md.metadata, &*dialect, &CompileOptions::default())?;
        let rs = conn.execute(&c.sql, &c.params)?;
        (ResultObj::no_rows(rs.rowcount, rs.lastrowid), matched)
    };
    let orm = cx.sa.orm_mut()?;
    let ids: Vec<InstanceId> = matched
        .into_iter()
        .filter_map(|pk| {
            let key = orm.identity_key(mapper, pk);
            orm.session(sid).identity_map.get(&key)
        })
        .collect();
    match d.kind {
        DmlKind::Delete => orm.remove_newly_deleted(sid, &ids),
        DmlKind::Update => {
            let values = d.values.first().cloned().unwrap_or_default();
            for id in ids {
                // `_apply_update_set_values_to_objects`: loaded, unmodified attributes take
                // the value evaluated in Python; loaded ones that were modified, or whose
                // value cannot be evaluated, are expired; unloaded ones stay unloaded
                let mut expire = Vec::new();
                for (c, e) in &values {
                    let v = match e {
                        Expr::Bind(b) => Some(b.value.clone()),
                        other => crate::interp::sa::sync::eval_value(orm, id, d.table, other),
                    };
                    let st = orm.instances.get_mut(id);
                    if st.dict[*c].is_absent() {
                        continue;
                    }
                    let modified = st.committed.iter().any(|(k, _)| *k as usize == *c);
                    match v {
                        Some(v) if !modified => st.dict[*c] = Slot::Val(v),
                        _ => expire.push(orm.registry.mapper(mapper).columns[*c].clone()),
                    }
                }
                if !expire.is_empty() {
                    orm.expire_attributes(id, &expire)?;
                }
            }
        }
        DmlKind::Insert => {}
    }
    Ok(result)
}
