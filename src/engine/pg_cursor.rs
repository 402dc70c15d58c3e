//! PostgreSQL server-side cursors, as psycopg2's named cursor (which
//! SQLAlchemy's psycopg2 dialect uses for `stream_results`, set by
//! `yield_per`): `DECLARE "c_…" CURSOR WITHOUT HOLD FOR <statement>` inside
//! the transaction, then `FETCH FORWARD n FROM "c_…"` per `fetchmany(n)`
//! (`FETCH FORWARD ALL` for `fetchall`), `CLOSE "c_…"` when the result is
//! closed. Other statements on the connection interleave freely; the
//! transaction's end closes the cursor on the server, and psycopg2 then
//! refuses the next fetch itself: `ProgrammingError: named cursor isn't valid
//! anymore` (its `conn->mark` moved on). In autocommit mode psycopg2 refuses
//! the statement: a cursor WITHOUT HOLD lives only inside a transaction.
//!
//! A child of `postgres.rs` (it reads the connection's fields); none of these
//! statements is an event: SQLAlchemy's echo and trace see only the SELECT.

use super::PostgresConnection;
use crate::engine::cancel;
use crate::engine::driver::DriverError;
use crate::engine::pg_values::{PgParam, PgValue};
use crate::exc::ErrorKind;
use crate::sql::value::Value;
use postgres::Statement;

/// One declared cursor of this connection.
pub(super) struct NamedCursor {
    id: u64,
    /// The server's name for it (`c_ormsh_<id>`).
    name: String,
    /// The connection's `mark` when it was declared (see [`PostgresConnection::mark`]).
    mark: u64,
    /// `FETCH FORWARD n FROM …` prepared for the last `n` asked for.
    fetch: Option<(usize, Statement)>,
}

fn programming_error(message: &str) -> DriverError {
    DriverError::new(ErrorKind::ProgrammingError, "psycopg2.ProgrammingError", message)
}

impl PostgresConnection {
    /// `cursor(name).execute(sql, params)`: declare a cursor over `sql`.
    /// Returns its id and the statement's column names.
    pub(super) fn declare_cursor(&mut self, sql: &str, params: &[Value]) -> Result<(u64, Vec<String>), DriverError> {
        if self.autocommit {
            return Err(programming_error("can't use a named cursor outside of transactions"));
        }
        self.send_begin()?;
        // the statement itself first (cached as `execute`'s): its columns, and
        // errors reported against its own text
        let stmt = self.statement(sql, params)?;
        if stmt.params().len() != params.len() {
            return Err(programming_error(&format!("the statement uses {} parameters, {} given", stmt.params().len(), params.len())));
        }
        let columns: Vec<String> = stmt.columns().iter().map(|c| c.name().to_string()).collect();
        self.cursor_seq += 1;
        let id = self.cursor_seq;
        let name = format!("c_ormsh_{id}");
        let declare = format!("DECLARE \"{name}\" CURSOR WITHOUT HOLD FOR {sql}");
        let types: Vec<_> = stmt.params().to_vec();
        let bound: Vec<PgParam<'_>> = params.iter().map(PgParam).collect();
        let _running = cancel::running(&self.cancel);
        let client = self.client()?;
        let outcome = (|| -> Result<u64, postgres::Error> {
            // not cached: each DECLARE names a cursor of its own
            let prepared = client.prepare_typed(&declare, &types)?;
            let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = bound.iter().map(|p| p as _).collect();
            client.execute(&prepared, &refs)
        })();
        outcome.map_err(|e| self.failed(&e, &declare))?;
        self.cursors.push(NamedCursor { id, name, mark: self.mark, fetch: None });
        Ok((id, columns))
    }

    /// `fetchmany(n)` (`usize::MAX`: `fetchall`) of cursor `id`: the rows are
    /// handed to `each` (false stops). Fewer than `n` means the end.
    pub(super) fn fetch_named(&mut self, id: u64, n: usize, each: &mut dyn FnMut(Vec<Value>) -> bool) -> Result<usize, DriverError> {
        let Some(pos) = self.cursors.iter().position(|c| c.id == id) else { return Ok(0) };
        if self.cursors[pos].mark != self.mark {
            self.cursors.remove(pos);
            return Err(programming_error("named cursor isn't valid anymore"));
        }
        let sql = match n {
            usize::MAX => format!("FETCH FORWARD ALL FROM \"{}\"", self.cursors[pos].name),
            n => format!("FETCH FORWARD {n} FROM \"{}\"", self.cursors[pos].name),
        };
        let cached = self.cursors[pos].fetch.as_ref().filter(|(k, _)| *k == n).map(|(_, s)| s.clone());
        let _running = cancel::running(&self.cancel);
        let client = self.client()?;
        let outcome = (|| -> Result<(Statement, Vec<postgres::Row>), postgres::Error> {
            let stmt = match cached {
                Some(s) => s,
                None => client.prepare(&sql)?,
            };
            let rows = client.query(&stmt, &[])?;
            Ok((stmt, rows))
        })();
        let (stmt, rows) = outcome.map_err(|e| self.failed(&e, &sql))?;
        if let Some(c) = self.cursors.get_mut(pos) {
            c.fetch = Some((n, stmt));
        }
        let mut given = 0;
        for row in rows {
            let mut out = Vec::with_capacity(row.len());
            for i in 0..row.len() {
                out.push(row.try_get::<_, PgValue>(i).map_err(|e| self.map_error(&e, &sql))?.0);
            }
            given += 1;
            if !each(out) {
                break;
            }
        }
        Ok(given)
    }

    /// `cursor.close()`: `CLOSE` on the server while the cursor is still
    /// there (its transaction open and not failed); errors are swallowed, as
    /// SQLAlchemy's `_safe_close_cursor` does.
    pub(super) fn close_named(&mut self, id: u64) {
        let Some(pos) = self.cursors.iter().position(|c| c.id == id) else { return };
        let c = self.cursors.remove(pos);
        if c.mark == self.mark && self.in_transaction && !self.aborted && self.client.as_ref().is_some_and(|k| !k.is_closed()) {
            let _ = self.control(&format!("CLOSE \"{}\"", c.name));
        }
    }
}
