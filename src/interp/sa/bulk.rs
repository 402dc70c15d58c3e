//! ORM bulk UPDATE by primary key from the interpreter's side: parameter
//! dicts to (column, value) pairs for `Orm::bulk_update_by_pk`; ORM bulk
//! INSERT with RETURNING (`_emit_insert_statements` with
//! `use_orm_insert_stmt`), whose returned entities are loaded as persistent
//! objects of the identity map.

use crate::engine::Connection;
use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::interp::sa::result::ResultObj;
use crate::interp::sa::select::DmlObj;
use crate::interp::value::Value;
use crate::interp::Interp;
use crate::orm::state::SessionId;

/// `session.execute(update(User), [{...}, ...])`.
pub fn bulk_update_by_pk(cx: &mut Interp, sid: SessionId, conn: &Connection, d: &DmlObj, rows: Vec<Vec<(String, Value)>>) -> Result<ResultObj> {
    let Some(m) = d.mapper else {
        return Err(Error::new(ErrorKind::InvalidRequestError, "bulk UPDATE by primary key needs a mapped class"));
    };
    let mut out = Vec::with_capacity(rows.len());
    {
        let o = cx.sa.orm()?;
        let t = o.registry.metadata.table(d.table);
        for row in rows {
            let mut r = Vec::with_capacity(row.len());
            for (k, v) in row {
                let c = t.column_index(&k).ok_or_else(|| Error::new(ErrorKind::CompileError, format!("Unconsumed column names: {}", k)))?;
                let sv = Interp::to_sql_value(&v).ok_or_else(|| type_error(format!("cannot bind a value of type {}", crate::interp::common::type_name(&v))))?;
                r.push((c, sv));
            }
            out.push(r);
        }
    }
    let sync = !matches!(d.synchronize.as_deref(), Some("false"));
    let values = d.values.first().cloned().unwrap_or_default();
    let n = cx.sa.orm_mut()?.bulk_update_by_pk(sid, m, conn, out, sync, &d.where_, &values)?;
    // an empty IteratorResult: all() is [] (the bulk INSERT's raises ResourceClosedError)
    let mut r = ResultObj::new(Vec::new(), Vec::new());
    r.rowcount = n;
    Ok(r)
}

/// What `BulkORMUpdate` refuses before running: `synchronize_session='fetch'` with
/// parameter sets (checked before the autoflush, `orm_pre_session_exec`), and
/// the statement's own WHERE criteria with "evaluate" synchronization, which
/// "auto" is here (checked after it, `orm_execute_statement`).
pub fn check_bulk_update(d: &DmlObj, after_autoflush: bool) -> Result<()> {
    let sync = d.synchronize.as_deref().unwrap_or("auto");
    if !after_autoflush && sync == "fetch" {
        return Err(Error::new(
            ErrorKind::InvalidRequestError,
            "The 'fetch' synchronization strategy is not available for 'bulk' ORM updates (i.e. multiple parameter sets)",
        ));
    }
    if after_autoflush && !d.where_.is_empty() && matches!(sync, "auto" | "evaluate") {
        return Err(Error::new(
            ErrorKind::InvalidRequestError,
            "bulk synchronize of persistent objects not supported when using bulk update with additional WHERE criteria right now.  add synchronize_session=None execution option to bypass synchronize of persistent objects.",
        ));
    }
    Ok(())
}

/// `session.execute(insert(User).returning(...), [{...}, ...])`: each parameter
/// set is sent with the statement's RETURNING; an entity among the returned
/// items becomes an object of the identity map (persistent), columns stay values.
/// Statements are per row: the trace compares the rows, not their batching.
pub fn bulk_insert_returning(cx: &mut Interp, sid: SessionId, conn: &Connection, d: &DmlObj, rows: Vec<Vec<(String, Value)>>) -> Result<ResultObj> {
    use crate::interp::sa::select::SelItem;
    let dialect = cx.sa.dialect_for(conn);
    let md = cx.sa.metadata()?;
    let mut keys: Vec<std::rc::Rc<str>> = Vec::new();
    for it in &d.returning {
        keys.push(match it {
            SelItem::Entity { mapper, .. } => std::rc::Rc::from(cx.sa.orm()?.registry.mapper(*mapper).class_name.as_str()),
            SelItem::Column { key, .. } => key.clone(),
        });
    }
    let mut out = Vec::new();
    for mut p in rows {
        p.retain(|(_, v)| !matches!(v, Value::None));
        let mut dd = d.clone();
        let row = dd.row_from(cx, p)?;
        dd.values = vec![crate::interp::sa::query::merge_row(dd.values.first().cloned().unwrap_or_default(), row)];
        let c = crate::sql::compiler::compile(&dd.to_statement(cx)?, &md.metadata, &*dialect, &crate::sql::compiler::CompileOptions::default())?;
        let rs = conn.execute(&c.sql, &c.params)?;
        for raw in rs.rows {
            let mut vals = Vec::with_capacity(d.returning.len());
            let mut at = 0;
            for it in &d.returning {
                match it {
                    SelItem::Entity { mapper, .. } => {
                        let n = cx.sa.orm()?.registry.mapper(*mapper).columns.len();
                        let cols: Vec<usize> = (0..n).collect();
                        let id = cx.sa.orm_mut()?.instance_from_row(sid, *mapper, &cols, &raw, at)?;
                        vals.push(cx.sa.instance_value(id));
                        at += n;
                    }
                    SelItem::Column { .. } => {
                        let v = raw.get(at).cloned().unwrap_or(crate::sql::value::Value::Null);
                        let v = match c.columns.get(at).and_then(|k| k.ty.clone()) {
                            Some(ty) => dialect.result_value(&ty, v)?,
                            None => v,
                        };
                        vals.push(Interp::from_sql_value(v));
                        at += 1;
                    }
                }
            }
            out.push(vals);
        }
    }
    Ok(ResultObj::new(keys, out))
}
