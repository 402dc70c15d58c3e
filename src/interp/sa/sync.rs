//! `synchronize_session` for ORM-enabled `update()`/`delete()` from the
//! interpreter's side: the statement object as `orm::bulk_sync` takes it.
//! The strategies themselves (SQLAlchemy's `orm/bulk_persistence.py`) are in
//! `orm/bulk_sync.rs`. Also the legacy `Query.update()` / `Query.delete()`,
//! which run such a statement.

use crate::engine::Connection;
use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::interp::sa::args::{arg, required};
use crate::interp::sa::select::SelectObj;
use crate::interp::value::{Args, Native, Value};
use crate::interp::sa::result::ResultObj;
use crate::interp::sa::select::{DmlKind, DmlObj};
use crate::interp::Interp;
use crate::orm::bulk_sync::{BulkDml, BulkKind, SyncStrategy};
use crate::orm::state::SessionId;

fn bulk_dml<'a>(d: &'a DmlObj, values: &'a [(usize, crate::sql::expr::Expr)]) -> Option<BulkDml<'a>> {
    let kind = match d.kind {
        DmlKind::Update => BulkKind::Update,
        DmlKind::Delete => BulkKind::Delete,
        DmlKind::Insert => return None,
    };
    Some(BulkDml { kind, mapper: d.mapper?, table: d.table, values, where_: &d.where_ })
}

/// The strategy of an ORM UPDATE/DELETE, checked before the autoflush
/// (`orm_pre_session_exec`): an unknown one is `ArgumentError`.
pub fn strategy(d: &DmlObj) -> Result<SyncStrategy> {
    SyncStrategy::parse(d.synchronize.as_deref())
}

/// Run an ORM-enabled UPDATE/DELETE (one parameter set) with its session
/// synchronization, after the autoflush.
pub fn run_synchronized(cx: &mut Interp, sid: SessionId, conn: &Connection, d: &DmlObj, params: crate::interp::sa::query::Params) -> Result<ResultObj> {
    let values = d.values.first().cloned().unwrap_or_default();
    let Some(dml) = bulk_dml(d, &values) else {
        return crate::interp::sa::query::run_dml(cx, conn, d, params);
    };
    let strategy = cx.sa.orm()?.resolve_sync(&dml, strategy(d)?)?;
    // "fetch" with parameters or the statement's own RETURNING: keys by a SELECT first
    let plain = matches!(params, crate::interp::sa::query::Params::None) && d.returning.is_empty();
    if strategy == SyncStrategy::Fetch && plain {
        let stmt = d.to_statement(cx)?;
        let (n, keys) = cx.sa.orm_mut()?.execute_fetching_keys(conn, &dml, stmt)?;
        cx.sa.orm_mut()?.synchronize_fetched(sid, &dml, keys)?;
        return Ok(ResultObj::no_rows(n, None));
    }
    let r = crate::interp::sa::query::run_dml(cx, conn, d, params)?;
    match strategy {
        SyncStrategy::Evaluate | SyncStrategy::Fetch => cx.sa.orm_mut()?.synchronize_evaluated(sid, &dml)?,
        _ => {}
    }
    Ok(r)
}

/// The "evaluate" synchronization alone (a DELETE with several parameter sets).
pub fn synchronize(cx: &mut Interp, sid: SessionId, d: &DmlObj) -> Result<()> {
    let values = d.values.first().cloned().unwrap_or_default();
    let Some(dml) = bulk_dml(d, &values) else { return Ok(()) };
    if strategy(d)? == SyncStrategy::Off {
        return Ok(());
    }
    cx.sa.orm_mut()?.synchronize_evaluated(sid, &dml)
}

/// `Query.update(values, synchronize_session="auto", update_args=None)` and
/// `Query.delete(synchronize_session="auto", delete_args=None)`: an ORM-enabled
/// `update(Entity).where(*criteria)` / `delete(...)` run in the session with
/// that synchronization; the value is the rowcount.
pub(crate) fn query_dml(cx: &mut Interp, sid: SessionId, sel: &SelectObj, name: &str, args: &mut Args) -> Result<Value> {
    let is_update = name == "update";
    let values = if is_update { Some(required(args, 0, "values", "update")?) } else { None };
    let pos_sync = if is_update { arg(args, 1, "synchronize_session") } else { arg(args, 0, "synchronize_session") };
    let sync = pos_sync.or_else(|| args.take_kw("synchronize_session"));
    for extra in ["update_args", "delete_args"] {
        if let Some(v) = args.take_kw(extra) {
            if !matches!(v, Value::None) {
                return Err(Error::new(ErrorKind::NotImplementedError, format!("ormsh does not implement Query.{name}({extra}=...)")));
            }
        }
    }
    crate::interp::sa::args::check_no_extra(args, if is_update { 2 } else { 1 }, name)?;
    let mapper = sel.primary_mapper().ok_or_else(|| Error::new(ErrorKind::InvalidRequestError, format!("Query.{name}() needs a mapped entity")))?;
    let table = cx.sa.orm()?.registry.mapper(mapper).table;
    let kind = if is_update { DmlKind::Update } else { DmlKind::Delete };
    let synchronize = match sync {
        None => Some(std::rc::Rc::from("auto")),
        Some(Value::Str(s)) => Some(s),
        Some(Value::Bool(false)) | Some(Value::None) => Some(std::rc::Rc::from("false")),
        Some(_) => Some(std::rc::Rc::from("<invalid>")),
    };
    let mut d = DmlObj { kind, table, mapper: Some(mapper), values: Vec::new(), where_: sel.sel.where_.clone(), returning: Vec::new(), synchronize, multi: false };
    if let Some(v) = values {
        let with = std::rc::Rc::new(d.clone()).call_method(cx, "values", &mut Args { positional: vec![v], ..Args::default() });
        let with = with.unwrap_or_else(|| Err(type_error("values")))?;
        d.values = with.downcast::<DmlObj>().map(|x| x.values.clone()).unwrap_or_default();
    }
    let r = crate::interp::sa::query::execute_in_session(cx, sid, &Value::native(d), crate::interp::sa::query::Params::None, false, None, crate::interp::sa::query::ExecOpts::default())?;
    Ok(Value::Int(r.rowcount))
}
