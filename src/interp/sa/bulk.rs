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
