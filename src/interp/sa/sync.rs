//! `synchronize_session` for ORM-enabled `update()`/`delete()` from the
//! interpreter's side: the statement object as `orm::bulk_sync` takes it.
//! The strategies themselves (SQLAlchemy's `orm/bulk_persistence.py`) are in
//! `orm/bulk_sync.rs`.

use crate::engine::Connection;
use crate::exc::Result;
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
