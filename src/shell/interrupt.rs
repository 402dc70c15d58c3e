//! Ctrl-C while a statement runs: a SIGINT handler that sets the interpreter's
//! interrupt flag, so the statement stops with KeyboardInterrupt and the shell
//! stays up. (While the line editor reads, Ctrl-C is a key, not a signal.)
//! Installed by the REPL only; scripts keep the default (Ctrl-C ends them).
//!
//! A database statement does not look at the flag while the server works, so
//! a watcher thread does: when the flag is set while a statement runs, it
//! takes the flag and cancels the statement through its driver
//! (`engine::cancel`), which then fails with the driver's error as
//! SQLAlchemy shows it (`OperationalError ... interrupted` and the like).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();

#[cfg(unix)]
extern "C" fn on_sigint(_signal: libc::c_int) {
    // Only an atomic load and store: async-signal-safe.
    if let Some(flag) = FLAG.get() {
        flag.store(true, Ordering::Relaxed);
    }
}

/// Route SIGINT to `flag` for the rest of the process. False when a flag was
/// already installed or signals are not available.
pub fn install(flag: Arc<AtomicBool>) -> bool {
    if FLAG.set(flag).is_err() {
        return false;
    }
    #[cfg(unix)]
    {
        let handler = on_sigint as extern "C" fn(libc::c_int);
        // SAFETY: the handler only touches an atomic through a OnceLock that is
        // set before the handler is installed and never changed afterwards.
        let previous = unsafe { libc::signal(libc::SIGINT, handler as libc::sighandler_t) };
        previous != libc::SIG_ERR
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// How often the watcher looks at the flag: well under what a person notices.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_millis(25);

/// Start the thread that turns a Ctrl-C during a database statement into a
/// cancel of that statement (the REPL calls it after [`install`]).
pub fn watch(flag: Arc<AtomicBool>) {
    let _ = std::thread::Builder::new().name("ormsh-ctrl-c".into()).spawn(move || loop {
        std::thread::sleep(WATCH_EVERY);
        if flag.load(Ordering::Relaxed) {
            cancel_if_running(&flag);
        }
    });
}

/// Cancel the running statement for a Ctrl-C: the flag is taken first (the
/// statement's error says what happened; no KeyboardInterrupt follows it), and
/// given back when no statement ran.
fn cancel_if_running(flag: &AtomicBool) -> bool {
    flag.store(false, Ordering::Relaxed);
    let cancelled = crate::engine::cancel::cancel_running();
    if !cancelled {
        flag.store(true, Ordering::Relaxed);
    }
    cancelled
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn sigint_sets_the_flag_instead_of_killing_us() {
        let flag = Arc::new(AtomicBool::new(false));
        assert!(install(flag.clone()));
        assert!(!install(Arc::new(AtomicBool::new(false))), "installed once");
        // SAFETY: raising SIGINT in our own process; the handler above is installed.
        unsafe {
            libc::raise(libc::SIGINT);
        }
        assert!(flag.load(Ordering::Relaxed));
    }
}
