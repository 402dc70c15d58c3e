//! Ctrl-C while a statement runs: a SIGINT handler that sets the interpreter's
//! interrupt flag, so the statement stops with KeyboardInterrupt and the shell
//! stays up. (While the line editor reads, Ctrl-C is a key, not a signal.)
//! Installed by the REPL only; scripts keep the default (Ctrl-C ends them).

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
