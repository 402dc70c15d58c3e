//! ORM bulk UPDATE by primary key from the interpreter's side: parameter
//! dicts to (column, value) pairs for `Orm::bulk_update_by_pk`; ORM bulk
//! INSERT with RETURNING (`_emit_insert_statements` with
//! `use_orm_insert_stmt`), whose returned entities are loaded as persistent
//! objects of the identity map. The legacy `Session.bulk_save_objects`,
//! `bulk_insert_mappings` and `bulk_update_mappings` on the same paths.

use crate::engine::Connection;
use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::interp::sa::result::ResultObj;
use crate::interp::sa::select::{DmlKind, DmlObj};
use crate::interp::value::Args;
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

/// The legacy bulk methods (`Session._bulk_save_mappings`): no autoflush, the
/// session's transaction autobegun, rows grouped by (mapper, insert or update) in
/// order; an INSERT leaves None values out (`render_nulls=False`), an UPDATE is by
/// primary key and does not touch objects of the identity map. Objects given to
/// `bulk_save_objects` stay as they are (not added to the session).
pub fn legacy_bulk(cx: &mut Interp, sid: SessionId, name: &str, args: &mut Args) -> Result<Value> {
    use crate::interp::sa::args::{arg, flag, instance_id, mapper_arg, required};
    let refuse = |cx: &mut Interp, args: &mut Args, kw: &str| -> Result<()> {
        let v = args.take_kw(kw);
        if flag(cx, v, false)? {
            return Err(Error::new(ErrorKind::NotImplementedError, format!("ormsh's Session.{name}() does not support {kw}=True")));
        }
        Ok(())
    };
    // (class value, is update, rows)
    let mut groups: Vec<(Value, bool, Vec<Vec<(String, Value)>>)> = Vec::new();
    if name == "bulk_save_objects" {
        let objs = required(args, 0, "objects", name)?;
        refuse(cx, args, "return_defaults")?;
        let changed_only = arg(args, 2, "update_changed_only");
        let changed_only = flag(cx, changed_only, true)?;
        let preserve = arg(args, 3, "preserve_order");
        let preserve = flag(cx, preserve, true)?;
        let mut items: Vec<(crate::orm::mapping::MapperId, bool, crate::orm::state::InstanceId)> = Vec::new();
        for o in cx.iterate(&objs)? {
            let id = instance_id(&o)?;
            let st = cx.sa.orm()?.instances.get(id);
            items.push((st.mapper(), st.key().is_some(), id));
        }
        if !preserve {
            items.sort_by_key(|(m, upd, _)| (m.0, *upd));
        }
        for (mapper, upd, id) in items {
            let (names, pk): (Vec<String>, Vec<usize>) = {
                let o = cx.sa.orm()?;
                let st = o.instances.get(id);
                let m = o.registry.mapper(mapper);
                let pk = o.pk_columns(mapper);
                let names = (0..m.columns.len())
                    .filter(|&c| !st.dict()[c].is_absent())
                    .filter(|&c| !upd || !changed_only || pk.contains(&c) || st.committed_value(c).is_some())
                    .map(|c| m.columns[c].clone())
                    .collect();
                (names, pk)
            };
            let _ = pk;
            let mut row = Vec::new();
            for n in names {
                if let Some(v) = crate::interp::sa::instance::get_instance_attr(cx, id, &n)? {
                    row.push((n, v));
                }
            }
            let class = cx.sa.class_value(mapper);
            match groups.last_mut() {
                Some((c, u, rows)) if *u == upd && mapper_arg(c)? == mapper => rows.push(row),
                _ => groups.push((class, upd, vec![row])),
            }
        }
    } else {
        let class = required(args, 0, "mapper", name)?;
        let maps = required(args, 1, "mappings", name)?;
        if name == "bulk_insert_mappings" {
            refuse(cx, args, "return_defaults")?;
            refuse(cx, args, "render_nulls")?;
        }
        let maps = Value::list(cx.iterate(&maps)?);
        let rows = match crate::interp::sa::query::read_params(cx, Some(maps))? {
            crate::interp::sa::query::Params::None => Vec::new(),
            crate::interp::sa::query::Params::One(r) => vec![r],
            crate::interp::sa::query::Params::Many(rows) => rows,
        };
        groups.push((class, name == "bulk_update_mappings", rows));
    }
    crate::interp::sa::args::check_no_extra(args, 4, name)?;
    for (class, upd, rows) in groups {
        if rows.is_empty() {
            continue;
        }
        let mapper = mapper_arg(&class)?;
        let kind = if upd { DmlKind::Update } else { DmlKind::Insert };
        let d = DmlObj::build(cx, kind, &mut Args { positional: vec![class], ..Args::default() })?;
        let mut d = d.downcast::<DmlObj>().ok_or_else(|| type_error("not a DML statement"))?.clone();
        cx.sa.orm()?.check_active(sid)?;
        let conn = cx.sa.orm_mut()?.connection_for(sid, Some(mapper))?;
        if upd {
            d.synchronize = Some("false".into());
            bulk_update_by_pk(cx, sid, &conn, &d, rows)?;
        } else {
            crate::interp::sa::query::run_dml(cx, &conn, &d, crate::interp::sa::query::bulk_insert_params(rows))?;
        }
    }
    Ok(Value::None)
}
