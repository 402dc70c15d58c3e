//! `.whatif [N]`: verify the fix of an N+1 report by running the code again.
//!
//! The code from the entry that loaded the parents to the end of the entry
//! that triggered the loads is run twice in a fresh `Session` bound to a
//! transaction that is rolled back (a SAVEPOINT when the session's own
//! transaction is open, so that transaction is untouched): once as written,
//! once with the report's loader option added to the parents' `select(…)`.
//! Each run is counted by a sink that sees only its events; the shell's sink,
//! the transcript, the insight recorder and the names in scope are put back
//! as they were, and so are the object label counters, so the session is left
//! exactly as it was. Only code that is read-only is replayed: the command
//! refuses, and says why, when the original entries flushed or wrote, call a
//! method that changes a session, or use an object of this session.
use super::dot::{Ctx, Flow};
use crate::events::{Cause, Event, EventSink, NPlusOne, Report};
use crate::exc::{Error, ErrorKind, Result};
use crate::insight::Kind;
use crate::interp::Interp;
use std::cell::RefCell;
use std::rc::Rc;

/// Statements counted in a replay, by cause.
#[derive(Default)]
struct Count {
    total: usize,
    lazy: usize,
    eager: usize,
    error: Option<String>,
    stack: Vec<bool>,
}

struct Counter(Rc<RefCell<Count>>);

impl EventSink for Counter {
    fn emit(&mut self, ev: Event) {
        let mut c = self.0.borrow_mut();
        match ev {
            Event::Cause(cause) => {
                let lazy = matches!(cause, Cause::LazyLoad(..));
                let eager = matches!(cause, Cause::EagerLoad(..));
                c.stack.push(lazy);
                if eager {
                    c.eager += 1;
                }
            }
            Event::CauseEnd => {
                c.stack.pop();
            }
            Event::Sql { .. } => {
                c.total += 1;
                if c.stack.last() == Some(&true) {
                    c.lazy += 1;
                }
            }
            Event::Error { kind, message, .. } if c.error.is_none() => c.error = Some(format!("{}: {}", kind, message)),
            _ => {}
        }
    }
}

fn refuse(why: String) -> Error {
    Error::new(ErrorKind::ValueError, format!(".whatif cannot replay it: {}", why))
}

/// The loader option a report suggests (`.options(selectinload(User.addresses))`).
fn option_of(fix: &str) -> Option<&str> {
    let i = fix.find(".options(")?;
    Some(fix[i..].trim_end())
}

/// `code` with `option` put after the first `select(…)` (or `query(…)`) call.
pub fn with_option(code: &str, option: &str) -> Option<String> {
    let start = ["select(", "query("].iter().find_map(|k| code.find(k).map(|i| i + k.len()))?;
    let mut depth = 1;
    let mut quote: Option<char> = None;
    for (i, ch) in code[start..].char_indices() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(ch),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth == 0 {
                    let at = start + i + 1;
                    return Some(format!("{}{}{}", &code[..at], option, &code[at..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// Calls that change a session or the database: code with them is not replayed.
const WRITES: [&str; 11] =
    [".add(", ".add_all(", ".delete(", ".commit(", ".flush(", ".merge(", ".rollback(", ".expunge", "insert(", "update(", "delete("];

/// The source lines `from..=to` as run (the entries may be several texts).
fn code_between(ctx: &Ctx, from: u32, to_entry: u32) -> Option<(String, u32)> {
    let rec = ctx.insight.borrow();
    let (first, text) = rec.source_at(to_entry)?;
    // the trigger entry ends where the next top-level statement of its text starts
    let module = crate::syntax::parse_module(&text).ok()?;
    let starts: Vec<u32> = module.body.iter().map(|s| s.pos.line + first - 1).collect();
    let end = starts.iter().copied().find(|l| *l > to_entry).map_or(first + text.lines().count() as u32 - 1, |l| l - 1);
    let mut lines = Vec::new();
    for n in from..=end {
        let (f, t) = rec.source_at(n)?;
        lines.push(t.lines().nth((n - f) as usize).unwrap_or("").to_string());
    }
    Some((lines.join("\n") + "\n", end))
}

/// Run `code` in a fresh Session inside a transaction that is rolled back; count it.
fn replay(interp: &mut Interp, code: &str) -> Count {
    let count = Rc::new(RefCell::new(Count::default()));
    let script = "__whatif_joined = session.in_transaction()\n\
         __whatif_conn = session.connection() if __whatif_joined else engine.connect()\n\
         __whatif_tx = __whatif_conn.begin_nested() if __whatif_joined else __whatif_conn.begin()\n\
         session = Session(bind=__whatif_conn)\n";
    let cleanup = "session.close()\n__whatif_tx.rollback()\nif not __whatif_joined:\n    __whatif_conn.close()\n";
    // set up (not counted), the code (counted), clean up (not counted)
    let saved = interp.events.silence(Box::new(Counter(Rc::new(RefCell::new(Count::default())))));
    interp.run_source(script, 1);
    interp.events.replace(Box::new(Counter(count.clone())));
    interp.run_source(code, 1);
    interp.events.replace(Box::new(Counter(Rc::new(RefCell::new(Count::default())))));
    interp.run_source(cleanup, 1);
    interp.events.restore(saved);
    Rc::try_unwrap(count).map(|c| c.into_inner()).unwrap_or_default()
}

/// [`replay`], then put back what it may have changed: the names in scope,
/// the names bound to instances, the label counters.
fn replay_and_restore(interp: &mut Interp, code: &str) -> Count {
    let globals = interp.globals.clone();
    let names = interp.sa.names.borrow().clone();
    let counters = interp.sa.orm.as_ref().map(|o| o.instances.label_counters());
    let count = replay(interp, code);
    if let (Some(orm), Some(c)) = (interp.sa.orm.as_mut(), counters) {
        orm.instances.set_label_counters(c);
    }
    *interp.sa.names.borrow_mut() = names;
    interp.globals = globals;
    interp.globals_moved();
    count
}

pub fn whatif(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    let (report, entry): (NPlusOne, u32) = {
        let rec = ctx.insight.borrow();
        let pick = match arg.trim() {
            "" => rec.reports.last(),
            n => n.parse::<usize>().ok().and_then(|n| rec.reports.get(n.checked_sub(1)?)),
        };
        match pick {
            Some(r) => r.clone(),
            None if rec.reports.is_empty() => return Err(refuse("no N+1 report in this session yet".into())),
            None => return Err(refuse(format!("no report {}; there are {}", arg.trim(), rec.reports.len()))),
        }
    };
    let Some(option) = option_of(&report.fix) else {
        return Err(refuse(format!("the fix of this {} report is not a loader option ({})", report.kind, report.fix)));
    };
    let Some((parent_n, _, _)) = report.parent else { return Err(refuse("the statement that loaded the parents is unknown".into())) };
    let parent_entry = ctx.insight.borrow().record(parent_n).map(|r| r.entry);
    let Some(parent_entry) = parent_entry else { return Err(refuse("the parents' statement is no longer recorded".into())) };
    let Some((code, last)) = code_between(ctx, parent_entry, entry) else { return Err(refuse("the source of those lines is not known".into())) };
    // read-only: the original entries neither flushed nor wrote
    {
        let rec = ctx.insight.borrow();
        let wrote = rec.records.iter().filter(|r| r.entry >= parent_entry && r.entry <= entry).find(|r| {
            matches!(r.kind, Kind::Flush | Kind::Autoflush | Kind::Commit)
                || ["INSERT", "UPDATE", "DELETE"].iter().any(|k| r.sql.trim_start().to_ascii_uppercase().starts_with(k))
        });
        if let Some(r) = wrote {
            let kind = r.kind.name();
            let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
            return Err(refuse(format!("lines {}-{} are not read-only (SQL #{} is {} {} statement)", parent_entry, last, r.n, article, kind)));
        }
    }
    if let Some(w) = WRITES.iter().find(|w| code.contains(*w)) {
        return Err(refuse(format!("lines {}-{} call {}…), which changes a session or the database", parent_entry, last, w)));
    }
    // objects of this session would load through it: not replayed
    let used: Option<String> = interp.sa.names.borrow().values().flatten().find(|n| uses_name(&code, n)).map(|n| n.to_string());
    if let Some(name) = used {
        return Err(refuse(format!("lines {}-{} use {}, an object of this session", parent_entry, last, name)));
    }
    let Some(fixed) = with_option(&code, option) else {
        return Err(refuse(format!("no select(…) or query(…) on line {} to add {} to", parent_entry, option)));
    };
    let tap = interp.events.take_tap();
    let hook = interp.dot_hook.take();
    // the replays' plans would be unseen: no EXPLAIN for them
    let eqp = interp.events.eqp();
    interp.events.set_eqp(false);
    let before = replay_and_restore(interp, &code);
    let after = replay_and_restore(interp, &fixed);
    interp.events.set_eqp(eqp);
    interp.dot_hook = hook;
    if let Some(tap) = tap {
        interp.events.set_tap(tap);
    }
    if let Some(e) = before.error.as_ref().or(after.error.as_ref()) {
        return Err(refuse(format!("the replay raised {}", e)));
    }
    let text = format!(
        "whatif: lines {}-{} in a fresh Session, rolled back: {} SQL ({} lazy) → {} SQL ({} lazy) with {}\n",
        parent_entry, last, before.total, before.lazy, after.total, after.lazy, option
    );
    let report = Report::new("whatif", text, false)
        .text_field("what", &report.what)
        .text_field("option", option)
        .field("from_line", parent_entry.to_string())
        .field("to_line", last.to_string())
        .field("before", before.total.to_string())
        .field("after", after.total.to_string())
        .field("before_lazy", before.lazy.to_string())
        .field("after_lazy", after.lazy.to_string());
    interp.events.emit(Event::Report(report));
    Ok(Flow::Continue)
}

/// `name` as a whole word in `code`, which never assigns it (`name =` at the
/// start of a line, or `for name in`, a comprehension's too).
fn uses_name(code: &str, name: &str) -> bool {
    let word = |i: usize| {
        let before = code[..i].chars().next_back();
        let after = code[i + name.len()..].chars().next();
        let ok = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '_' && c != '.');
        ok(before) && after.is_none_or(|c| !c.is_alphanumeric() && c != '_')
    };
    if !code.match_indices(name).any(|(i, _)| word(i)) {
        return false;
    }
    let assigned = code.contains(&format!("for {} in ", name))
        || code.lines().any(|l| l.trim_start().strip_prefix(name).is_some_and(|r| r.trim_start().starts_with('=') && !r.trim_start().starts_with("==")));
    !assigned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_goes_after_the_select_call() {
        let opt = ".options(selectinload(User.addresses))";
        assert_eq!(
            with_option("users = session.scalars(select(User).order_by(User.id)).all()\n", opt).as_deref(),
            Some("users = session.scalars(select(User).options(selectinload(User.addresses)).order_by(User.id)).all()\n")
        );
        assert_eq!(with_option("x = session.query(User).all()", opt).as_deref(), Some("x = session.query(User).options(selectinload(User.addresses)).all()"));
        assert_eq!(with_option("select(func.f(')'))", ".o()").as_deref(), Some("select(func.f(')')).o()"));
        assert_eq!(with_option("users = f()", opt), None);
        assert_eq!(option_of("count in SQL: x, or .options(selectinload(User.addresses))"), Some(".options(selectinload(User.addresses))"));
    }

    #[test]
    fn names_used_or_assigned() {
        assert!(uses_name("print(u.name)", "u"));
        assert!(!uses_name("for u in users:\n    print(u.name)", "u"));
        assert!(!uses_name("u = 1\nprint(u)", "u"));
        assert!(!uses_name("print(users)", "u"));
        assert!(!uses_name("x.u", "u"));
        assert!(!uses_name("print([a.email for a in u.addresses])", "a"));
    }
}
