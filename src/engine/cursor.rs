//! `Cursor`: the rows of one statement, read as they are fetched
//! ([`Connection::open_cursor`]). On SQLite the driver steps the prepared
//! statement on each fetch, as pysqlite's cursor does, so no result set is
//! materialised. PostgreSQL and MySQL/MariaDB read the reply whole (as
//! psycopg2's and PyMySQL's default client-side cursors do) and the cursor
//! hands out that one buffer, moving each row out; for a statement with
//! `stream_results` (`yield_per`) they read from a server-side cursor instead
//! (`postgres.rs` `DECLARE … CURSOR` / `FETCH FORWARD n`, `mysql.rs` an
//! unbuffered result), as psycopg2's named cursor and PyMySQL's `SSCursor` do.
//!
//! SQLAlchemy's `CursorResult` fetch strategies (`engine/cursor.py`); the ORM's
//! `yield_per` fetches from one in chunks (`orm/orm_select.rs`).

use crate::engine::Connection;
use crate::exc;
use crate::sql::value::Value;
use std::collections::VecDeque;

/// Where a cursor's rows come from.
pub enum Source {
    /// A cursor the driver keeps open (SQLite's statement; a server-side cursor).
    Driver { id: u64, columns: Vec<String> },
    /// The whole reply, read by `execute` (column names, rows).
    Buffered(Vec<String>, VecDeque<Vec<Value>>),
}

/// An open cursor over one statement's rows.
pub struct Cursor {
    conn: Connection,
    source: Source,
    /// The DBAPI connection the driver cursor lives on, held as pysqlite's
    /// cursor holds its connection: after a commit or `close()` returned it to
    /// the pool, the statement still steps (SQLite lets a read go on across
    /// COMMIT and the pool's reset ROLLBACK), as SQLAlchemy's `yield_per`
    /// loop on SQLite goes on.
    dbapi: Option<crate::engine::pool::DbapiHandle>,
    started: std::time::Instant,
    /// `SqlDone` not yet emitted (it follows the first fetch).
    first: bool,
    exhausted: bool,
}

impl Cursor {
    pub(crate) fn new(
        conn: Connection,
        source: Source,
        dbapi: Option<crate::engine::pool::DbapiHandle>,
        started: std::time::Instant,
    ) -> Cursor {
        Cursor { conn, source, dbapi, started, first: true, exhausted: false }
    }

    /// A cursor over rows already read (its statement's events were emitted).
    pub fn from_rows(conn: Connection, columns: Vec<String>, rows: Vec<Vec<Value>>) -> Cursor {
        let mut c = Cursor::new(conn, Source::Buffered(columns, rows.into()), None, std::time::Instant::now());
        c.first = false;
        c
    }

    /// The cursor's `description` names.
    pub fn columns(&self) -> &[String] {
        match &self.source {
            Source::Driver { columns, .. } => columns,
            Source::Buffered(columns, _) => columns,
        }
    }

    /// True once every row was fetched (or the cursor was closed).
    pub fn exhausted(&self) -> bool {
        self.exhausted
    }

    /// Hand up to `n` more rows to `each` (`usize::MAX`: all that are left),
    /// stopping at the first error `each` returns; the number of rows read.
    pub fn fetch(&mut self, n: usize, each: &mut dyn FnMut(Vec<Value>) -> exc::Result<()>) -> exc::Result<usize> {
        if self.exhausted || n == 0 {
            return Ok(0);
        }
        let mut failed = None;
        let given = match &mut self.source {
            Source::Buffered(_, rows) => {
                let mut given = 0;
                while given < n {
                    let Some(row) = rows.pop_front() else { break };
                    given += 1;
                    if let Err(e) = each(row) {
                        failed = Some(e);
                        break;
                    }
                }
                given
            }
            Source::Driver { id, .. } => {
                let id = *id;
                // a DBAPI connection busy with a call under way cannot step this cursor now
                let outcome = self.dbapi.as_ref().and_then(|h| h.try_borrow_mut().ok()).map(|mut d| {
                    d.fetch_cursor(id, n, &mut |row| match each(row) {
                        Ok(()) => true,
                        Err(e) => {
                            failed = Some(e);
                            false
                        }
                    })
                });
                match outcome {
                    Some(Ok(given)) => given,
                    Some(Err(e)) => {
                        self.exhausted = true;
                        return Err(self.conn.fetch_error(e));
                    }
                    None => {
                        self.exhausted = true;
                        return Err(exc::Error::new(exc::ErrorKind::ResourceClosedError, "This result object is closed."));
                    }
                }
            }
        };
        if self.first {
            self.first = false;
            self.conn.emit_sql_done(self.started.elapsed().as_micros() as u64, given);
        }
        if let Some(e) = failed {
            self.close();
            return Err(e);
        }
        if given < n {
            self.close();
        }
        Ok(given)
    }

    /// Close the cursor; later fetches read nothing.
    pub fn close(&mut self) {
        if self.exhausted {
            return;
        }
        self.exhausted = true;
        match &mut self.source {
            Source::Driver { id, .. } => {
                let id = *id;
                if let Some(mut d) = self.dbapi.as_ref().and_then(|h| h.try_borrow_mut().ok()) {
                    d.close_cursor(id);
                }
            }
            Source::Buffered(_, rows) => *rows = VecDeque::new(),
        }
    }
}

impl Drop for Cursor {
    fn drop(&mut self) {
        // a DBAPI connection in a call under way is left alone (`close`): its
        // driver frees the cursor when it closes
        self.close();
    }
}
