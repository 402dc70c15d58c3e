//! `.why` (and `.explain` without a name): the last error of the session in
//! plain words — what happened in this session, which earlier input line set
//! it up (from the insight recorder's errors, statements and object
//! timelines), what to do, and SQLAlchemy's page on it. For the errors
//! learners meet most: DetachedInstanceError, PendingRollbackError,
//! ObjectDeletedError, StaleDataError, IntegrityError in a flush (and in an
//! autoflush), InvalidRequestError of misuse. Reads the record and the ORM's
//! state only; runs nothing.
use super::dot::{Ctx, Flow};
use super::plan::Namer;
use super::render::jsonl::json_str;
use crate::events::{Event, Report};
use crate::exc::Result;
use crate::insight::timeline::What;
use crate::insight::{ErrorRecord, Kind, Recorder};
use crate::interp::Interp;
use crate::orm::state::InstanceId;

/// SQLAlchemy's page for an error: its code's page, else the exceptions reference.
fn link(kind: &str, message: &str) -> String {
    if let Some(i) = message.find("https://sqlalche.me/e/") {
        let rest = &message[i..];
        let end = rest.find(|c: char| c == ')' || c.is_whitespace()).unwrap_or(rest.len());
        return rest[..end].to_string();
    }
    let code = match kind {
        "DetachedInstanceError" => Some("bhk3"),
        "PendingRollbackError" => Some("7s2a"),
        "IntegrityError" => Some("gkpj"),
        "OperationalError" => Some("e3q8"),
        "ProgrammingError" => Some("f405"),
        _ => None,
    };
    match code {
        Some(c) => format!("https://sqlalche.me/e/21/{}", c),
        None if matches!(kind, "ObjectDeletedError" | "StaleDataError" | "FlushError" | "UnmappedInstanceError") => {
            format!("https://docs.sqlalchemy.org/en/21/orm/exceptions.html#sqlalchemy.orm.exc.{}", kind)
        }
        None => format!("https://docs.sqlalchemy.org/en/21/core/exceptions.html#sqlalchemy.exc.{}", kind),
    }
}

/// The instance a message names as `<User at 0x7f…>` (ormsh's fixed fake addresses).
fn instance_in(message: &str, interp: &Interp) -> Option<InstanceId> {
    let i = message.find(" at 0x7f")?;
    let hex: String = message[i + 8..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    let addr = u32::from_str_radix(&hex, 16).ok()?;
    let n = addr.checked_sub(0x1000_0000)?;
    let orm = interp.sa.orm.as_ref()?;
    (n % 0x50 == 0 && orm.instances.is_live(InstanceId(n / 0x50))).then_some(InstanceId(n / 0x50))
}

/// `line 12: session.close()`
fn at(rec: &Recorder, line: u32) -> String {
    match rec.line_text(line) {
        Some(t) => format!("line {}: {}", line, t),
        None => format!("line {}", line),
    }
}

/// The last step of an object's life that matches.
fn last_step(rec: &Recorder, id: InstanceId, pick: impl Fn(&What) -> bool) -> Option<u32> {
    rec.timelines.steps_of(id.0).into_iter().rev().find(|s| pick(&s.what)).map(|s| s.line)
}

struct Why {
    what: String,
    setup: Vec<String>,
    todo: String,
}

fn explain(e: &ErrorRecord, rec: &Recorder, interp: &Interp) -> Why {
    let orm = interp.sa.orm.as_ref();
    let obj = instance_in(&e.message, interp);
    let name = match (obj, orm) {
        (Some(id), Some(orm)) => Namer::new(interp, orm).name(id),
        _ => "the object".to_string(),
    };
    let quoted = |m: &str| m.split('\'').nth(1).map(str::to_string);
    let mut setup = Vec::new();
    let autoflush = e.last_kind == Some(Kind::Autoflush);
    match e.kind.as_str() {
        "DetachedInstanceError" => {
            let attr = quoted(&e.message).unwrap_or_else(|| "the attribute".into());
            if let Some(l) = obj.and_then(|id| last_step(rec, id, |w| matches!(w, What::Transition(_, crate::events::LifecycleState::Detached)))) {
                setup.push(format!("{} made {} detached (no session any more)", at(rec, l), name));
            }
            if let Some(l) = obj.and_then(|id| last_step(rec, id, |w| matches!(w, What::Text(t) if t.starts_with("expired:")))) {
                setup.push(format!("{} expired its attributes, so they must be loaded again", at(rec, l)));
            }
            Why {
                what: format!("{} is detached: reading '{}' needs the database, and a detached object has no session to load through.", name, attr),
                setup,
                todo: format!(
                    "use {n} while its session is open; load what you need first (.options(selectinload(...)) in the query, or touch {n}.{a} before closing); \
                     session.add({n}) or session.merge({n}) attaches it again; Session(expire_on_commit=False) keeps loaded values after commit.",
                    n = name,
                    a = attr
                ),
            }
        }
        "PendingRollbackError" => {
            let original = e.message.split("Original exception was: ").nth(1).unwrap_or("").trim();
            let first = rec.errors.iter().rev().skip(1).find(|x| x.kind != "PendingRollbackError" && !original.is_empty() && original.starts_with(x.message.lines().next().unwrap_or("\u{0}").trim_end_matches('.')));
            let first = first.or_else(|| rec.errors.iter().rev().skip(1).find(|x| x.kind != "PendingRollbackError"));
            if let Some(f) = first {
                setup.push(format!("{} failed in a flush: {}: {}", at(rec, f.line), f.kind, f.message.lines().next().unwrap_or("")));
            }
            Why {
                what: "an earlier flush failed, so the database rolled its transaction back; the session refuses to go on until you acknowledge it.".into(),
                setup,
                todo: "session.rollback() (objects added in that transaction become transient again, the rest are expired), fix the cause, then redo the work; \
                       `with session.begin():` blocks roll back for you."
                    .into(),
            }
        }
        "ObjectDeletedError" => {
            if let Some(l) = obj.and_then(|id| last_step(rec, id, |w| matches!(w, What::Text(t) if t.starts_with("expired:")))) {
                setup.push(format!("{} expired {}, so reading it runs a SELECT", at(rec, l), name));
            }
            let table = obj.and_then(|id| orm.map(|o| o.registry.metadata.table(o.registry.mapper(o.instances.get(id).mapper()).table).name.clone()));
            if let Some(t) = table {
                let del = rec.records.iter().rev().find(|r| r.n <= e.statements && r.sql.to_uppercase().starts_with(&format!("DELETE FROM {}", t.to_uppercase())));
                if let Some(d) = del {
                    setup.push(format!("{} deleted rows of {} without the session knowing which objects (SQL #{})", at(rec, d.line), t, d.n));
                }
            }
            Why {
                what: format!("{}'s row is gone: it was deleted outside this object's session (raw SQL, another session or transaction), and reloading its expired attributes found nothing.", name),
                setup,
                todo: format!("treat {n} as deleted: session.expunge({n}); delete through the session (session.delete({n})) so it knows; or session.get() to check whether the row still exists.", n = name),
            }
        }
        "StaleDataError" => {
            let t = e.message.split("table '").nth(1).and_then(|r| r.split('\'').next()).unwrap_or("the table").to_string();
            let changed = rec.records.iter().rev().find(|r| r.n < e.statements && r.kind == Kind::Query && {
                let u = r.sql.to_uppercase();
                (u.starts_with("DELETE") || u.starts_with("UPDATE")) && u.contains(&t.to_uppercase())
            });
            if let Some(d) = changed {
                setup.push(format!("{} changed {} behind the session's back (SQL #{})", at(rec, d.line), t, d.n));
            }
            Why {
                what: format!("the flush's UPDATE or DELETE on {} matched fewer rows than objects: the rows changed or disappeared since the session loaded them.", t),
                setup,
                todo: "session.rollback(), then load the objects again; change rows through the session's objects (or expire them after raw SQL: session.expire_all())."
                    .into(),
            }
        }
        "IntegrityError" => {
            let constraint = e.message.split(") ").nth(1).unwrap_or(&e.message).lines().next().unwrap_or("").to_string();
            let sql = e.message.split("[SQL: ").nth(1).and_then(|r| r.split(']').next()).unwrap_or("").to_string();
            let stmt = rec.records.iter().rev().find(|r| r.n <= e.statements && *r.sql == *sql);
            let in_flush = matches!(e.last_kind, Some(Kind::Flush | Kind::Autoflush | Kind::Commit));
            if let (Some(s), Some(orm)) = (stmt, orm) {
                if in_flush {
                    let table = s.sql.split_whitespace().nth(2).unwrap_or("").to_string();
                    let namer = Namer::new(interp, orm);
                    let added: Vec<(u32, String)> = orm
                        .registry
                        .mappers
                        .iter()
                        .filter(|m| orm.registry.metadata.table(m.table).name == table)
                        .flat_map(|m| {
                            (0..orm.instances.len() as u32).map(InstanceId).filter(move |id| orm.instances.is_live(*id) && orm.instances.get(*id).mapper() == m.id)
                        })
                        .filter(|id| {
                            // still pending, or made transient by this failed flush's rollback
                            use crate::events::LifecycleState as L;
                            let steps = rec.timelines.steps_of(id.0);
                            let mut tr = steps.into_iter().rev().filter(|s| matches!(s.what, What::Transition(..)));
                            let fits = match (tr.next(), tr.next()) {
                                (Some(a), _) if matches!(a.what, What::Transition(_, L::Pending)) => true,
                                (Some(a), Some(b)) => a.line == e.line && matches!(a.what, What::Transition(_, L::Transient)) && matches!(b.what, What::Transition(_, L::Pending)),
                                _ => false,
                            };
                            orm.instances.get(*id).key().is_none() && fits
                        })
                        .filter_map(|id| last_step(rec, id, |w| matches!(w, What::Transition(_, crate::events::LifecycleState::Pending))).map(|l| (l, namer.name(id))))
                        .collect();
                    for (l, n) in added.iter().rev().take(3).rev() {
                        setup.push(format!("{} added {} (pending): the flush INSERTs it", at(rec, *l), n));
                    }
                }
            }
            let what = if autoflush {
                format!("the database refused a row ({}), in an autoflush: the INSERT/UPDATE did not run at the line that made the change but at this one, whose query flushed pending changes first.", constraint)
            } else if in_flush {
                format!("the database refused a row of the flush ({}).", constraint)
            } else {
                format!("the database refused the statement ({}).", constraint)
            };
            let mut todo = String::from("session.rollback() (the flush's transaction is gone), fix the value, add it again");
            if autoflush {
                todo.push_str("; to query before the data is ready, wrap the query in `with session.no_autoflush:`, or session.flush() right after the change to see errors where they start");
            }
            todo.push('.');
            Why { what, setup, todo }
        }
        "InvalidRequestError" => {
            let m = e.message.as_str();
            let (what, todo) = if m.contains("is already attached to session") {
                (format!("{} belongs to another session: an object lives in one session at a time.", name), format!("expunge it from the other session first, or session.merge({}) to copy its state into this one.", name))
            } else if m.contains("is not persisted") || m.contains("is not present in this Session") {
                (format!("{} is not in this session's identity map, so this operation (refresh, expire, expunge) has nothing to act on.", name), "session.add() it (and flush) first, or use session.get() to load the row.".into())
            } else if m.contains("already flushing") {
                ("a flush was asked for while one was running (from inside an event or a default).".into(), "do not call flush() from code the flush runs.".into())
            } else if m.contains("transaction is already begun") || m.contains("already begun") {
                ("session.begin() was called while the session already had a transaction (it begins one by itself at the first statement: autobegin).".into(), "commit() or rollback() first, or use `with session.begin():` only on a fresh session.".into())
            } else if m.contains("inactive") || m.contains("closed") {
                ("the transaction or connection was ended and then used again.".into(), "session.rollback() or start a new transaction.".into())
            } else {
                ("SQLAlchemy refused an operation that does not fit the session's or the object's state.".into(), ".explain NAME says an object's state and what each operation would do to it.".into())
            };
            if let Some(l) = obj.and_then(|id| rec.timelines.steps_of(id.0).last().map(|s| s.line)) {
                setup.push(format!("{} is where {} last changed", at(rec, l), name));
            }
            Why { what, setup, todo }
        }
        _ if e.message.contains("cannot start a transaction within a transaction") => {
            let memory = interp.sa.default_engine.as_ref().is_some_and(|en| en.url().is_sqlite_memory());
            if memory {
                Why {
                    what: "every Session of an in-memory SQLite database (sqlite://) shares its one connection (SingletonThreadPool), \
                           and another session already holds a transaction on it: this session's BEGIN was refused."
                        .into(),
                    setup,
                    todo: "finish the other session's transaction first (session.commit() or session.rollback()), or work in one session at a time; \
                           on a database file (sqlite:///file.db) each Session gets a connection of its own."
                        .into(),
                }
            } else {
                Why {
                    what: "a BEGIN was sent on a connection that already had a transaction open.".into(),
                    setup,
                    todo: "let the session begin its transactions (it does at the first statement), rather than sending BEGIN yourself; commit() or rollback() first.".into(),
                }
            }
        }
        _ if e.message.contains("current transaction is aborted") => {
            if let Some(f) = rec.errors.iter().rev().skip(1).find(|x| !x.message.contains("current transaction is aborted")) {
                setup.push(format!("{} failed: {}: {}", at(rec, f.line), f.kind, f.message.lines().next().unwrap_or("")));
            }
            Why {
                what: "a statement failed earlier in this transaction, and PostgreSQL refuses every statement after that until the transaction is rolled back.".into(),
                setup,
                todo: "session.rollback() (or with a Connection, conn.rollback()), then run the statements again; \
                       `with session.begin_nested():` around a statement that may fail keeps the rest of the transaction."
                    .into(),
            }
        }
        _ if missing_object(&e.message).is_some() => {
            let (what_kind, name) = missing_object(&e.message).unwrap_or_default();
            let known: Vec<String> = match (orm, what_kind) {
                (Some(o), "table") => o.registry.metadata.tables.iter().map(|t| t.name.clone()).collect(),
                (Some(o), _) => o.registry.metadata.tables.iter().flat_map(|t| t.columns.iter().map(|c| c.name.clone())).collect(),
                _ => Vec::new(),
            };
            let bare = name.rsplit('.').next().unwrap_or(&name).to_string();
            let same_but_case = known.iter().find(|t| **t != bare && t.eq_ignore_ascii_case(&bare)).filter(|_| what_kind == "table");
            let near = crate::interp::hints::suggest(&bare, known.iter().map(String::as_str));
            let todo = match (what_kind, same_but_case) {
                ("table", Some(t)) => format!(
                    "the table is called {t}: in raw SQL write the name as the database has it (PostgreSQL folds unquoted names to lower case; quote it as \"{t}\"); \
                     select(...) on the mapped class names it for you."
                ),
                ("table", None) => "check the name (.tables lists the tables this session maps); a table that is not in the schema file or the database must be created first.".into(),
                _ => "check the name (.schema CLASS lists the columns as the database has them).".into(),
            };
            let what = match near.filter(|_| same_but_case.is_none()) {
                Some(n) => format!("the database has no {what_kind} named {name} (did you mean {n}?)."),
                None => format!("the database has no {what_kind} named {name}."),
            };
            Why { what, setup, todo }
        }
        _ => Why {
            what: format!("{}: no plain-words explanation for this error yet.", e.kind),
            setup,
            todo: ".explain NAME shows an object's state; .timeline NAME its life.".into(),
        },
    }
}

/// What a "no such table/column" error of SQLite, PostgreSQL or MySQL names:
/// ("table" or "column", the name as the message gives it).
fn missing_object(message: &str) -> Option<(&'static str, String)> {
    let first = message.lines().next().unwrap_or("");
    let after = |marker: &str| first.find(marker).map(|i| first[i + marker.len()..].trim().to_string());
    let in_quotes = |r: String| r.split('\'').nth(1).map(str::to_string);
    if let Some(n) = after("no such table: ") {
        return Some(("table", n));
    }
    if let Some(n) = after("no such column: ") {
        return Some(("column", n));
    }
    if first.contains(") relation \"") && first.ends_with("does not exist") {
        return after(") relation ").and_then(|r| r.split('"').nth(1).map(|n| ("table", n.to_string())));
    }
    if first.contains(") column ") && first.ends_with("does not exist") {
        return after(") column ").and_then(|r| r.strip_suffix("does not exist").map(|n| ("column", n.trim().trim_matches('"').to_string())));
    }
    if first.contains("doesn't exist") && first.contains("Table '") {
        return after("Table ").and_then(in_quotes).map(|n| ("table", n));
    }
    if first.contains("Unknown column '") {
        return after("Unknown column ").and_then(in_quotes).map(|n| ("column", n));
    }
    None
}

/// `.why`: the last error explained.
pub fn why(interp: &mut Interp, ctx: &Ctx, _arg: &str) -> Result<Flow> {
    let report = {
        let rec = ctx.insight.borrow();
        // the errors of dot-commands themselves (.why's own usage errors) are not the subject
        match rec.errors.iter().rev().find(|e| !e.message.starts_with("usage: .")) {
            None => Report::new("why", "no error yet in this session\n".into(), false).field("error", "null".into()),
            Some(e) => {
                let w = explain(e, &rec, interp);
                let url = link(&e.kind, &e.message);
                let mut text = format!("{} at {}\n", e.kind, at(&rec, e.line));
                text.push_str(&format!("  what happened: {}\n", w.what));
                for s in &w.setup {
                    text.push_str(&format!("  set up by: {}\n", s));
                }
                text.push_str(&format!("  what to do: {}\n", w.todo));
                text.push_str(&format!("  more: {}\n", url));
                Report::new("why", text, false)
                    .field("error", json_str(&e.kind))
                    .field("line", e.line.to_string())
                    .field("what", json_str(&w.what))
                    .field("setup", format!("[{}]", w.setup.iter().map(|s| json_str(s)).collect::<Vec<_>>().join(",")))
                    .field("todo", json_str(&w.todo))
                    .field("link", json_str(&url))
            }
        }
    };
    interp.events.emit(Event::Report(report));
    Ok(Flow::Continue)
}

#[cfg(test)]
mod tests {
    use super::missing_object;

    #[test]
    fn missing_tables_and_columns_in_each_drivers_words() {
        // the first lines of SQLAlchemy 2.1.9's messages with pysqlite, psycopg2 and PyMySQL
        let cases = [
            ("(sqlite3.OperationalError) no such table: nosuch", Some(("table", "nosuch"))),
            ("(sqlite3.OperationalError) no such column: users.nmae", Some(("column", "users.nmae"))),
            ("(psycopg2.errors.UndefinedTable) relation \"nosuch\" does not exist\nLINE 1: …", Some(("table", "nosuch"))),
            ("(psycopg2.errors.UndefinedColumn) column \"nosuchcol\" does not exist", Some(("column", "nosuchcol"))),
            ("(psycopg2.errors.UndefinedColumn) column album.foo does not exist", Some(("column", "album.foo"))),
            ("(pymysql.err.ProgrammingError) (1146, \"Table 'sakila.nosuch' doesn't exist\")", Some(("table", "sakila.nosuch"))),
            ("(pymysql.err.OperationalError) (1054, \"Unknown column 'x' in 'field list'\")", Some(("column", "x"))),
            ("(sqlite3.IntegrityError) UNIQUE constraint failed: users.name", None),
        ];
        for (message, want) in cases {
            let got = missing_object(message);
            assert_eq!(got.as_ref().map(|(k, n)| (*k, n.as_str())), want, "{message}");
        }
    }
}
