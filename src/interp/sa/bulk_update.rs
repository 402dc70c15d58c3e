//! ORM bulk UPDATE by primary key: `session.execute(update(User), [{"id": 1,
//! "name": "x"}, …])`, a list of parameter sets against an ORM-enabled
//! `update()`. Each set names a row by its primary key and the columns to set;
//! the statement is `UPDATE users SET name=? WHERE users.id = ?` (the user's own
//! WHERE criteria first), sent as one executemany per run of sets with the same
//! keys. Without user criteria the matched row count is checked (StaleDataError);
//! objects of the identity map then take the new values of the attributes they
//! had not changed, and expire those they had ("evaluate", what "auto" means here).
//!
//! Mirrors SQLAlchemy 2.1's `bulk_persistence.py` (`BulkORMUpdate` with the
//! "bulk" strategy, `_bulk_update`, `_do_post_synchronize_bulk_evaluate`) and
//! `persistence.py` (`_collect_update_commands(bulk=True)`, `_emit_update_statements`).

use crate::exc::{Error, ErrorKind, Result};
use crate::interp::sa::result::ResultObj;
use crate::interp::sa::select::DmlObj;
use crate::interp::value::Value;
use crate::interp::Interp;
use crate::orm::state::{SessionId, Slot};
use crate::sql::compiler::{compile, CompileOptions};
use crate::sql::expr::{Expr, Statement, Update};
use crate::sql::value::Value as SqlValue;

/// One parameter set, as `_collect_update_commands` reads it: the columns to set
/// (table column index, value) and the primary key values.
struct Record {
    set: Vec<(usize, SqlValue)>,
    pk: Vec<SqlValue>,
}

/// Is this execution SQLAlchemy's "bulk" strategy? An ORM-enabled `update()`
/// given a list of parameter dictionaries (a dict alone is the "orm" strategy).
pub fn applies(d: &DmlObj, params_is_list: bool) -> bool {
    params_is_list && d.mapper.is_some() && d.kind == crate::interp::sa::select::DmlKind::Update
}

/// Run the bulk UPDATE in session `sid`; `rows` are the parameter sets.
pub fn execute(cx: &mut Interp, sid: SessionId, d: &DmlObj, rows: Vec<Vec<(String, Value)>>) -> Result<ResultObj> {
    let sync = d.synchronize.as_deref().unwrap_or("auto");
    if sync == "fetch" {
        return Err(Error::new(
            ErrorKind::InvalidRequestError,
            "The 'fetch' synchronization strategy is not available for 'bulk' ORM updates (i.e. multiple parameter sets)",
        ));
    }
    let evaluate = matches!(sync, "auto" | "evaluate");
    cx.sa.orm_mut()?.autoflush(sid)?;
    if !d.where_.is_empty() && evaluate {
        return Err(Error::new(
            ErrorKind::InvalidRequestError,
            "bulk synchronize of persistent objects not supported when using bulk update with additional WHERE criteria right now.  add synchronize_session=None execution option to bypass synchronize of persistent objects.",
        ));
    }
    let mapper = d.mapper.expect("applies() checked the mapper");
    let conn = cx.sa.orm_mut()?.connection_for(sid, Some(mapper))?;
    let table = cx.sa.orm()?.registry.metadata.table(d.table).clone();
    let attr_names: Vec<String> = cx.sa.orm()?.registry.mapper(mapper).columns.clone();
    let column_of = |key: &str| attr_names.iter().position(|a| a == key);

    // _collect_update_commands(bulk=True): unknown keys are ignored, a set with
    // nothing to update is skipped, a missing primary key value is an error
    let mut records = Vec::new();
    for row in &rows {
        let mut set = Vec::new();
        let mut pk = vec![SqlValue::Null; table.primary_key.len()];
        for (k, v) in row {
            let Some(c) = column_of(k) else { continue };
            let sv = to_sql(v)?;
            match table.primary_key.iter().position(|&p| p == c) {
                Some(i) => pk[i] = sv,
                None => set.push((c, sv)),
            }
        }
        set.sort_by_key(|(c, _)| *c);
        if set.is_empty() && d.values.first().is_none_or(|v| v.is_empty()) {
            continue;
        }
        if pk.iter().any(|v| matches!(v, SqlValue::Null)) {
            let missing: Vec<String> = table
                .primary_key
                .iter()
                .zip(&pk)
                .filter(|(_, v)| matches!(v, SqlValue::Null))
                .map(|(&c, _)| format!("{}.{}", table.name, table.columns[c].name))
                .collect();
            return Err(Error::new(
                ErrorKind::InvalidRequestError,
                format!(
                    "No primary key value supplied for column(s) {}; per-row ORM Bulk UPDATE by Primary Key requires that records contain primary key values",
                    missing.join(", ")
                ),
            ));
        }
        records.push(Record { set, pk });
    }

    // _emit_update_statements: one statement per run of records with the same keys
    let dialect = cx.sa.dialect_for(&conn);
    let md = cx.sa.metadata()?;
    let value_params = d.values.first().cloned().unwrap_or_default();
    let mut matched = 0i64;
    let mut start = 0;
    while start < records.len() {
        let keys: Vec<usize> = records[start].set.iter().map(|(c, _)| *c).collect();
        let mut end = start + 1;
        while end < records.len() && records[end].set.iter().map(|(c, _)| *c).eq(keys.iter().copied()) {
            end += 1;
        }
        let mut sql = String::new();
        let mut all = Vec::new();
        for rec in &records[start..end] {
            let mut u = Update::new(d.table);
            let mut set: Vec<(usize, Expr)> = value_params.clone();
            for (c, v) in &rec.set {
                set.retain(|(vc, _)| vc != c);
                set.push((*c, bind(&table, *c, v.clone())));
            }
            set.sort_by_key(|(c, _)| *c);
            for (c, e) in set {
                u = u.set(c, e);
            }
            for w in &d.where_ {
                u = u.where_(w.clone());
            }
            for (i, &c) in table.primary_key.iter().enumerate() {
                u = u.where_(Expr::col(d.table, c).eq(bind(&table, c, rec.pk[i].clone())));
            }
            let compiled = compile(&Statement::Update(u), &md.metadata, &*dialect, &CompileOptions::default())?;
            sql = compiled.sql;
            all.push(compiled.params);
        }
        if value_params.is_empty() && all.len() > 1 {
            matched += conn.execute_many(&sql, &all)?;
        } else {
            for p in &all {
                matched += conn.execute(&sql, p)?.rowcount;
            }
        }
        start = end;
    }
    if d.where_.is_empty() && matched != records.len() as i64 {
        return Err(Error::new(
            ErrorKind::StaleDataError,
            format!("UPDATE statement on table '{}' expected to update {} row(s); {} were matched.", table.name, records.len(), matched),
        ));
    }

    if evaluate {
        synchronize(cx, sid, mapper, &table.primary_key, &attr_names, &rows)?;
    }
    let mut r = ResultObj::new(Vec::new(), Vec::new());
    r.iterator_class = Some("IteratorResult");
    Ok(r)
}

/// `_do_post_synchronize_bulk_evaluate`: an object of the identity map named by a
/// parameter set takes the new values of its loaded, unmodified attributes (as
/// if loaded so); its loaded attributes with pending changes are expired.
fn synchronize(
    cx: &mut Interp,
    sid: SessionId,
    mapper: crate::orm::mapping::MapperId,
    pk_columns: &[usize],
    attr_names: &[String],
    rows: &[Vec<(String, Value)>],
) -> Result<()> {
    let orm = cx.sa.orm_mut()?;
    for row in rows {
        let mut pk = Vec::with_capacity(pk_columns.len());
        for &c in pk_columns {
            match row.iter().find(|(k, _)| *k == attr_names[c]) {
                Some((_, v)) => pk.push(to_sql(v)?),
                None => return Err(Error::new(ErrorKind::KeyError, format!("'{}'", attr_names[c]))),
            }
        }
        let key = orm.identity_key(mapper, pk);
        let Some(id) = orm.session(sid).identity_map.get(&key) else { continue };
        let mut expire = Vec::new();
        for (k, v) in row {
            let Some(c) = attr_names.iter().position(|a| a == k) else { continue };
            if pk_columns.contains(&c) {
                continue;
            }
            let st = orm.instances.get_mut(id);
            let loaded = matches!(st.dict[c], Slot::Val(_));
            let modified = st.committed.iter().any(|(kc, _)| *kc as usize == c);
            match (loaded, modified) {
                (true, false) => st.dict[c] = Slot::Val(to_sql(v)?),
                (true, true) => expire.push(attr_names[c].clone()),
                _ => {}
            }
        }
        if !expire.is_empty() {
            orm.expire_attributes(id, &expire)?;
        }
    }
    Ok(())
}

fn to_sql(v: &Value) -> Result<SqlValue> {
    Interp::to_sql_value(v).ok_or_else(|| {
        Error::new(ErrorKind::TypeError, format!("cannot bind a value of type {}", crate::interp::repr::type_name(v)))
    })
}

fn bind(table: &crate::sql::schema::Table, c: usize, v: SqlValue) -> Expr {
    Expr::typed_bind(v, table.columns[c].ty.clone())
}
