//! The safety net under every entry: a bug in ormsh (a Rust panic) must not
//! end the shell and the user's work with it. Each REPL entry, script and `-c`
//! command runs under [`guarded`] (`catch_unwind`); a panic becomes a short
//! bug report (the entry, ormsh's version, where it panicked, the backtrace
//! when `RUST_BACKTRACE` asks for one) and the session goes on.
//!
//! Used by the interpreter (each top-level statement of a script or entry)
//! and by the shell (each entry and dot-command as a whole); the renderers
//! escape the report's text like any other.
//!
//! No SQLAlchemy counterpart: Python turns its own internal errors into
//! `SystemError` and the interactive interpreter survives them; so does ormsh.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};

/// What a panic left behind, recorded by the hook.
#[derive(Clone, Debug, Default)]
pub struct Panic {
    /// The panic's message (`index out of bounds: …`).
    pub message: String,
    /// `src/orm/state.rs:327:21`.
    pub location: String,
    /// The backtrace, when `RUST_BACKTRACE` asked for one.
    pub backtrace: Option<String>,
}

thread_local! {
    static LAST: RefCell<Option<Panic>> = const { RefCell::new(None) };
}

/// Install the hook that records panics instead of printing Rust's message
/// (once per process; later calls do nothing). Panics on other threads, or
/// outside [`guarded`], still get Rust's default report.
pub fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDING.with(|g| *g.borrow()) {
                default(info);
                return;
            }
            let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
                s.to_string()
            } else if let Some(s) = info.payload().downcast_ref::<String>() {
                s.clone()
            } else {
                "(no message)".to_string()
            };
            let location = info.location().map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column())).unwrap_or_default();
            let bt = std::backtrace::Backtrace::capture();
            let backtrace = match bt.status() {
                std::backtrace::BacktraceStatus::Captured => Some(bt.to_string()),
                _ => None,
            };
            LAST.with(|l| *l.borrow_mut() = Some(Panic { message, location, backtrace }));
        }));
    });
}

thread_local! {
    static GUARDING: RefCell<bool> = const { RefCell::new(false) };
}

/// Run `f`; a panic inside it is caught and returned as [`Panic`].
pub fn guarded<R>(f: impl FnOnce() -> R) -> Result<R, Panic> {
    let outer = GUARDING.with(|g| std::mem::replace(&mut *g.borrow_mut(), true));
    let r = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDING.with(|g| *g.borrow_mut() = outer);
    r.map_err(|payload| {
        LAST.with(|l| l.borrow_mut().take()).unwrap_or_else(|| Panic {
            message: payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".into()),
            ..Default::default()
        })
    })
}

/// The bug report's one-paragraph text (the `SystemError` the user sees).
pub fn report(p: &Panic, entry: &str) -> String {
    let mut first = entry.trim().lines().next().unwrap_or("").to_string();
    if first.chars().count() > 80 {
        first = first.chars().take(77).collect::<String>() + "...";
    }
    let more = if entry.trim().lines().count() > 1 { " ..." } else { "" };
    let at = if p.location.is_empty() { String::new() } else { format!(" at {}", p.location) };
    let hint = if p.backtrace.is_some() { "backtrace on standard error" } else { "RUST_BACKTRACE=1 shows a backtrace" };
    format!(
        "internal error in ormsh {} (a bug, please report it): {}{} while running `{}{}`; the session goes on ({})",
        env!("CARGO_PKG_VERSION"),
        p.message,
        at,
        first,
        more,
        hint
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_and_reported_with_its_entry() {
        install_hook();
        let r: Result<(), Panic> = guarded(|| {
            let v: Vec<u8> = Vec::new();
            let i = v.len();
            let _ = v[i];
        });
        let p = r.unwrap_err();
        assert!(p.message.contains("index out of bounds"), "{:?}", p);
        assert!(p.location.contains("guard.rs"), "{:?}", p);
        let text = report(&p, "print(u)\nx = 1");
        assert!(text.starts_with("internal error in ormsh "), "{}", text);
        assert!(text.contains("while running `print(u) ...`"), "{}", text);
        assert!(guarded(|| 5).unwrap() == 5);
    }
}
