//! ORM bulk UPDATE by primary key from the interpreter's side: parameter
//! dicts to (column, value) pairs for `Orm::bulk_update_by_pk`.

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
                let sv = Interp::to_sql_value(&v).ok_or_else(|| type_error(format!("cannot bind a value of type {}", crate::interp::repr::type_name(&v))))?;
                r.push((c, sv));
            }
            out.push(r);
        }
    }
    let sync = !matches!(d.synchronize.as_deref(), Some("false"));
    let n = cx.sa.orm_mut()?.bulk_update_by_pk(sid, m, conn, out, sync)?;
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

/// Bulk UPDATE by primary key through the user's statement: its WHERE criteria
/// come before the primary key's (`existing_stmt.where(pk)`), its `.values()`
/// join each row's SET and make every row its own execution; with criteria the
/// matched count is not checked (`enable_check_rowcount = not where`), without
/// them it is, and the identity map is synchronized as `bulk_update_by_pk` does.
pub fn bulk_update_with_statement(cx: &mut Interp, sid: SessionId, conn: &Connection, d: &DmlObj, rows: Vec<Vec<(String, Value)>>) -> Result<ResultObj> {
    use crate::sql::compiler::{compile, CompileOptions};
    use crate::sql::expr::{Expr, Statement, Update};
    let m = d.mapper.ok_or_else(|| Error::new(ErrorKind::InvalidRequestError, "bulk UPDATE by primary key needs a mapped class"))?;
    let table = cx.sa.orm()?.registry.metadata.table(d.table).clone();
    let typed = |c: usize, v: crate::sql::value::Value| Expr::typed_bind(v, table.columns[c].ty.clone());
    let mut records = Vec::new();
    for row in rows {
        let (mut set, mut pk) = (Vec::new(), vec![None; table.primary_key.len()]);
        for (k, v) in row {
            let Some(c) = table.column_index(&k) else { continue };
            let sv = Interp::to_sql_value(&v).ok_or_else(|| type_error(format!("cannot bind a value of type {}", crate::interp::repr::type_name(&v))))?;
            match table.primary_key.iter().position(|&p| p == c) {
                Some(i) => pk[i] = Some(sv).filter(|v| !v.is_null()),
                None => set.push((c, sv)),
            }
        }
        if set.is_empty() && d.values.iter().all(|v| v.is_empty()) {
            continue;
        }
        if pk.iter().any(Option::is_none) {
            let missing: Vec<String> = table.primary_key.iter().zip(&pk).filter(|(_, v)| v.is_none()).map(|(&c, _)| format!("{}.{}", table.name, table.columns[c].name)).collect();
            return Err(Error::new(
                ErrorKind::InvalidRequestError,
                format!("No primary key value supplied for column(s) {}; per-row ORM Bulk UPDATE by Primary Key requires that records contain primary key values", missing.join(", ")),
            ));
        }
        set.sort_by_key(|(c, _)| *c);
        records.push((set, pk.into_iter().flatten().collect::<Vec<_>>()));
    }
    let dialect = cx.sa.dialect_for(conn);
    let md = cx.sa.metadata()?;
    let value_params = d.values.first().cloned().unwrap_or_default();
    let (mut matched, mut i) = (0i64, 0);
    while i < records.len() {
        let keys: Vec<usize> = records[i].0.iter().map(|(c, _)| *c).collect();
        let mut j = i + 1;
        while value_params.is_empty() && j < records.len() && records[j].0.iter().map(|(c, _)| *c).eq(keys.iter().copied()) {
            j += 1;
        }
        let (mut sql, mut all) = (String::new(), Vec::new());
        for (set, pk) in &records[i..j] {
            let mut cols = value_params.clone();
            for (c, v) in set {
                cols.retain(|(vc, _)| vc != c);
                cols.push((*c, typed(*c, v.clone())));
            }
            cols.sort_by_key(|(c, _)| *c);
            let mut u = Update::new(d.table);
            for (c, e) in cols {
                u = u.set(c, e);
            }
            for w in &d.where_ {
                u = u.where_(w.clone());
            }
            for (k, &c) in table.primary_key.iter().enumerate() {
                u = u.where_(Expr::col(d.table, c).eq(typed(c, pk[k].clone())));
            }
            let compiled = compile(&Statement::Update(u), &md.metadata, &*dialect, &CompileOptions::default())?;
            sql = compiled.sql;
            all.push(compiled.params);
        }
        matched += if all.len() == 1 { conn.execute(&sql, &all[0])?.rowcount } else { conn.execute_many(&sql, &all)? };
        i = j;
    }
    if d.where_.is_empty() && matched >= 0 && matched != records.len() as i64 {
        return Err(Error::new(
            ErrorKind::StaleDataError,
            format!("UPDATE statement on table '{}' expected to update {} row(s); {} were matched.", table.name, records.len(), matched),
        ));
    }
    if !matches!(d.synchronize.as_deref(), Some("false")) {
        cx.sa.orm_mut()?.bulk_update_synchronize(sid, m, records)?;
    }
    Ok(ResultObj::new(Vec::new(), Vec::new()))
}
