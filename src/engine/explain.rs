//! The database's plan of one statement, for `.plan-sql`: `EXPLAIN QUERY PLAN`
//! on SQLite, `EXPLAIN [ANALYZE]` on PostgreSQL, `EXPLAIN` / `ANALYZE` on
//! MariaDB and MySQL, sent on the DBAPI connection (nothing echoed or traced,
//! no transaction begun) and returned as lines of text. ANALYZE runs the
//! statement: only a SELECT is analyzed, inside a SAVEPOINT that is rolled
//! back when the connection is in a transaction.
use super::connection::Connection;
use super::url::Backend;
use crate::exc::{self, Error, ErrorKind};
use crate::sql::value::Value;

fn cell(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Str(s) => s.clone(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        other => other.py_repr(),
    }
}

/// The plan of `sql` with `params`; `analyze` asks for actual rows and times.
pub fn explain(conn: &Connection, backend: Backend, sql: &str, params: &[Value], analyze: bool) -> exc::Result<Vec<String>> {
    explain_as(conn, backend, sql, params, analyze, false)
}

/// [`explain`]; `brief` (`.eqp`) leaves out the estimates that change with the
/// table statistics: PostgreSQL's costs (`COSTS OFF`), MariaDB's `rows`.
pub fn explain_as(conn: &Connection, backend: Backend, sql: &str, params: &[Value], analyze: bool, brief: bool) -> exc::Result<Vec<String>> {
    if analyze && !sql.trim_start().to_ascii_uppercase().starts_with("SELECT") {
        return Err(Error::new(ErrorKind::ValueError, "only a SELECT is analyzed (ANALYZE runs the statement)"));
    }
    match backend {
        Backend::Sqlite => {
            if analyze {
                return Err(Error::new(ErrorKind::ValueError, "SQLite has no EXPLAIN ANALYZE: its plan is estimated only"));
            }
            let rs = conn.execute_dbapi(&format!("EXPLAIN QUERY PLAN {}", sql), params)?;
            // (id, parent, notused, detail): indent each row under its parent
            let mut depth: Vec<(i64, usize)> = Vec::new();
            let mut out = Vec::new();
            for row in &rs.rows {
                let id = if let Some(Value::Int(i)) = row.first() { *i } else { 0 };
                let parent = if let Some(Value::Int(i)) = row.get(1) { *i } else { 0 };
                let d = depth.iter().find(|(i, _)| *i == parent).map_or(0, |(_, d)| d + 1);
                depth.push((id, d));
                out.push(format!("{}{}", "  ".repeat(d), row.get(3).map(cell).unwrap_or_default()));
            }
            Ok(out)
        }
        Backend::Postgresql => {
            let text = match (analyze, brief) {
                (false, true) => format!("EXPLAIN (COSTS OFF) {}", sql),
                _ => format!("EXPLAIN {}{}", if analyze { "ANALYZE " } else { "" }, sql),
            };
            let rs = guarded(conn, analyze, || conn.execute_dbapi(&text, params))?;
            Ok(rs.rows.iter().map(|r| r.first().map(cell).unwrap_or_default()).collect())
        }
        Backend::Mysql | Backend::Mariadb => {
            let text = format!("{} {}", if analyze { "ANALYZE" } else { "EXPLAIN" }, sql);
            let rs = guarded(conn, analyze, || conn.execute_dbapi(&text, params))?;
            let col = |name: &str| rs.columns.iter().position(|c| c.eq_ignore_ascii_case(name));
            let (table, ty, key, rows, r_rows, extra) = (col("table"), col("type"), col("key"), col("rows"), col("r_rows"), col("Extra"));
            let get = |r: &Vec<Value>, i: Option<usize>| i.and_then(|i| r.get(i)).map(cell).unwrap_or_else(|| "NULL".into());
            Ok(rs
                .rows
                .iter()
                .map(|r| {
                    let mut line = format!("{}: type={} key={}", get(r, table), get(r, ty), get(r, key));
                    if !brief {
                        line.push_str(&format!(" rows={}", get(r, rows)));
                    }
                    if r_rows.is_some() {
                        line.push_str(&format!(" r_rows={}", get(r, r_rows)));
                    }
                    let e = get(r, extra);
                    if e != "NULL" && !e.is_empty() {
                        line.push_str(&format!(" ({})", e));
                    }
                    line
                })
                .collect())
        }
    }
}

/// Run `f` inside a SAVEPOINT rolled back afterwards when `analyze` and the
/// connection is in a transaction.
fn guarded<T>(conn: &Connection, analyze: bool, f: impl FnOnce() -> exc::Result<T>) -> exc::Result<T> {
    if !(analyze && conn.in_transaction()) {
        return f();
    }
    conn.execute_dbapi("SAVEPOINT ormsh_plan", &[])?;
    let r = f();
    let undo = conn.execute_dbapi("ROLLBACK TO SAVEPOINT ormsh_plan", &[]).and_then(|_| conn.execute_dbapi("RELEASE SAVEPOINT ormsh_plan", &[]));
    let out = r?;
    undo?;
    Ok(out)
}
