//! MySQL/MariaDB unbuffered results, as PyMySQL's `SSCursor` (which
//! SQLAlchemy's MySQL dialects use for `stream_results`, set by `yield_per`):
//! the statement is sent and its rows are read off the socket as they are
//! fetched. The connection can do nothing else meanwhile: PyMySQL's next
//! command on it (another query, COMMIT, ROLLBACK, ping) first reads the rest
//! of the result and drops it (`_finish_unbuffered_query`, with a "Previous
//! unbuffered result was left incomplete" warning), and the cursor's next
//! fetch then finds no rows: a `yield_per` loop whose body sends a statement
//! ends quietly. So here: while a stream is open the `Conn` lives in it, and
//! [`MysqlConnection::conn`] ends the stream (reading the rest) before any
//! other use.
//!
//! The crate's `QueryResult` borrows the `Conn` it reads from; the stream keeps
//! both, the `Conn` boxed behind a raw pointer that only the result uses until
//! the result is dropped.

use super::{collect_row, MysqlConnection};
use crate::engine::cancel;
use crate::engine::driver::DriverError;
use crate::sql::value::Value;
use mysql::prelude::Queryable;
use mysql::{Binary, Column, Conn, QueryResult, Text};
use std::ptr::NonNull;

/// The crate's result over the text or the binary protocol.
enum Rows {
    Text(QueryResult<'static, 'static, 'static, Text>),
    Binary(QueryResult<'static, 'static, 'static, Binary>),
}

impl Rows {
    fn next(&mut self) -> Option<mysql::Result<mysql::Row>> {
        match self {
            Rows::Text(r) => r.next(),
            Rows::Binary(r) => r.next(),
        }
    }
}

/// One open unbuffered result and the connection it reads from.
pub(super) struct Stream {
    id: u64,
    columns: Vec<Column>,
    /// Dropped before `conn` is freed (the crate's drop reads the rest).
    rows: Option<Rows>,
    /// `Box::into_raw` of the connection; `rows` holds the only reference.
    conn: Option<NonNull<Conn>>,
    pub(super) conn_id: u32,
}

impl Stream {
    /// Read and drop what is left, and hand the connection back.
    fn finish(mut self) -> Option<Conn> {
        drop(self.rows.take());
        // SAFETY: `conn` came from `Box::into_raw` and the result borrowing it is dropped.
        self.conn.take().map(|p| *unsafe { Box::from_raw(p.as_ptr()) })
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        drop(self.rows.take());
        if let Some(p) = self.conn.take() {
            // SAFETY: as in `finish`.
            drop(unsafe { Box::from_raw(p.as_ptr()) });
        }
    }
}

impl MysqlConnection {
    /// `SSCursor.execute`: send `sql` and read its column definitions; the
    /// rows stay on the socket. Returns the cursor's id and column names.
    pub(super) fn start_stream(&mut self, sql: &str, params: &[Value]) -> Result<(u64, Vec<String>), DriverError> {
        self.send_begin()?;
        let conn = self.conn()?;
        let conn_id = conn.connection_id();
        let Some(conn) = self.conn.take() else { return Err(super::lost_connection(2006, "MySQL server has gone away")) };
        let ptr = NonNull::from(Box::leak(Box::new(conn)));
        let _running = cancel::running(&self.cancel);
        // SAFETY: the box stays allocated until `Stream` frees it, after the result is dropped;
        // nothing else touches the connection while the result lives.
        let conn: &'static mut Conn = unsafe { &mut *ptr.as_ptr() };
        let started = if params.is_empty() {
            conn.query_iter(sql).map(Rows::Text)
        } else {
            let bound: Vec<mysql::Value> = params.iter().map(super::to_mysql).collect();
            conn.exec_iter(sql, mysql::Params::Positional(bound)).map(Rows::Binary)
        };
        let columns: Vec<Column> = match &started {
            Ok(Rows::Text(r)) => r.columns().as_ref().to_vec(),
            Ok(Rows::Binary(r)) => r.columns().as_ref().to_vec(),
            Err(_) => Vec::new(),
        };
        self.cursor_seq += 1;
        let id = self.cursor_seq;
        let names = columns.iter().map(|c| c.name_str().into_owned()).collect();
        let stream = Stream { id, columns, rows: None, conn: Some(ptr), conn_id };
        match started {
            Ok(rows) => {
                let mut stream = stream;
                stream.rows = Some(rows);
                self.stream = Some(stream);
                Ok((id, names))
            }
            Err(e) => {
                self.conn = stream.finish();
                Err(self.fail(e))
            }
        }
    }

    /// `SSCursor.fetchmany(n)`: up to `n` rows off the socket, each handed to
    /// `each` (false stops). None when the stream was ended by another command.
    pub(super) fn fetch_stream(&mut self, id: u64, n: usize, each: &mut dyn FnMut(Vec<Value>) -> bool) -> Result<usize, DriverError> {
        if !self.stream.as_ref().is_some_and(|s| s.id == id) {
            return Ok(0);
        }
        let _running = cancel::running(&self.cancel);
        let mut given = 0;
        let mut failed = None;
        let mut ended = false;
        if let Some(s) = self.stream.as_mut() {
            while given < n {
                let Some(rows) = s.rows.as_mut() else { break };
                match rows.next() {
                    Some(Ok(row)) => {
                        given += 1;
                        if !each(collect_row(row, &s.columns)) {
                            break;
                        }
                    }
                    Some(Err(e)) => {
                        failed = Some(e);
                        break;
                    }
                    None => {
                        ended = true;
                        break;
                    }
                }
            }
        }
        if ended || failed.is_some() {
            self.end_stream();
        }
        match failed {
            Some(e) => Err(self.fail(e)),
            None => Ok(given),
        }
    }

    /// `SSCursor.close()`: read the rest of cursor `id`'s rows, if it is the open stream.
    pub(super) fn close_stream(&mut self, id: u64) {
        if self.stream.as_ref().is_some_and(|s| s.id == id) {
            self.end_stream();
        }
    }

    /// End the open stream (reading what is left) and take its connection back.
    pub(super) fn end_stream(&mut self) {
        if let Some(s) = self.stream.take() {
            let _running = cancel::running(&self.cancel);
            if let Some(conn) = s.finish() {
                self.conn = Some(conn);
            }
        }
    }
}
