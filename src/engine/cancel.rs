//! Cancelling the statement that is running, from another thread (Ctrl-C at
//! the prompt). The DBAPI counterparts: pysqlite's `connection.interrupt()`
//! (`sqlite3_interrupt`), psycopg2's `connection.cancel()` (libpq's cancel
//! request on a second socket) and, as the `mysql` client does (PyMySQL has no
//! cancel), `KILL QUERY <id>` sent on a second connection. The statement then
//! fails with the driver's own error, which SQLAlchemy wraps as
//! `OperationalError`: `(sqlite3.OperationalError) interrupted`,
//! `(psycopg2.errors.QueryCanceled) canceling statement due to user request`,
//! `(pymysql.err.OperationalError) (1317, 'Query execution was interrupted')`.
//!
//! Each driver registers its canceller for the time of a statement
//! ([`running`]); the shell's Ctrl-C watcher calls [`cancel_running`]. One
//! statement runs at a time in the process (the shell is single-threaded), so
//! the innermost registered statement is the one cancelled.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::ThreadId;

/// Stops the statement that runs on one connection (a no-op when none runs).
pub type Canceller = Arc<dyn Fn() + Send + Sync>;

/// The statements running now, innermost last: (registration, thread, canceller).
/// The shell runs one at a time; the unit tests run several threads at once.
static RUNNING: Mutex<Vec<(u64, ThreadId, Canceller)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);

fn slot() -> MutexGuard<'static, Vec<(u64, ThreadId, Canceller)>> {
    RUNNING.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// While alive, `cancel_running` stops the statement through its canceller.
#[must_use = "the canceller is registered only while the guard lives"]
pub struct Running {
    id: u64,
}

impl Drop for Running {
    fn drop(&mut self) {
        slot().retain(|(id, _, _)| *id != self.id);
    }
}

/// Register `canceller` for the statement about to run on this thread.
pub fn running(canceller: &Canceller) -> Running {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    slot().push((id, std::thread::current().id(), canceller.clone()));
    Running { id }
}

/// Cancel the running statement (the innermost one), if there is one; true
/// when there was. The list stays locked while the canceller works, so a
/// statement that ends in the meantime cannot hand its place to the next one
/// before the cancel went out (a cancel that arrives after its statement
/// finished is ignored by every server).
pub fn cancel_running() -> bool {
    cancel_where(|_| true)
}

/// `cancel_running` for the statements of one thread.
pub fn cancel_running_on(thread: ThreadId) -> bool {
    cancel_where(|t| t == thread)
}

fn cancel_where(on: impl Fn(ThreadId) -> bool) -> bool {
    let list = slot();
    match list.iter().rev().find(|(_, t, _)| on(*t)) {
        Some((_, _, cancel)) => {
            cancel();
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn registered_only_while_the_statement_runs_and_nesting_restores() {
        let hits = Arc::new(AtomicUsize::new(0));
        let outer_hits = hits.clone();
        let outer: Canceller = Arc::new(move || {
            outer_hits.fetch_add(1, Ordering::SeqCst);
        });
        let inner: Canceller = Arc::new(|| {});
        let me = std::thread::current().id();
        assert!(!cancel_running_on(me), "nothing runs");
        {
            let _outer = running(&outer);
            {
                let _inner = running(&inner);
                assert!(cancel_running_on(me));
                assert_eq!(hits.load(Ordering::SeqCst), 0, "the inner canceller ran");
            }
            assert!(cancel_running_on(me));
            assert_eq!(hits.load(Ordering::SeqCst), 1);
        }
        assert!(!cancel_running_on(me));
    }
}
