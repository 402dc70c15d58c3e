//! Dot-commands that look into the ORM (`.schema .tables .states .identity
//! .explain .history .sql .open .reset`) and the prompt's transaction marker.
//! Each emits its output as events (a table, or `Info` text); the shell owns
//! the command table and calls these.

use crate::events::{Event, Table};
use crate::exc::{Error, ErrorKind, Result};
use crate::interp::sa::instance::InstanceObj;
use crate::interp::sa::session::SessionObj;
use crate::interp::value::Value;
use crate::interp::Interp;
use crate::orm::state::{InstanceId, SessionId, Slot};
use crate::orm::transaction::TxState;

fn info(cx: &mut Interp, text: String) {
    cx.events.emit(Event::Info { text });
}

/// Say so and stop when no database was set up (a bare interpreter).
fn no_database(cx: &mut Interp) -> bool {
    if cx.sa.orm.is_none() {
        info(cx, "no database is open".into());
        return true;
    }
    false
}

fn table(cx: &mut Interp, columns: &[&str], rows: Vec<Vec<String>>) {
    let t = Table { columns: columns.iter().map(|s| s.to_string()).collect(), rows };
    cx.events.emit(Event::Value { repr: String::new(), table: Some(t) });
}

/// The session the dot-commands look at: the one bound to `session`.
pub fn current_session(cx: &Interp) -> Option<SessionId> {
    match cx.get_global("session") {
        Some(v) => v.downcast::<SessionObj>().map(|s| s.sid).or(cx.sa.default_session),
        None => cx.sa.default_session,
    }
}

/// Names bound to each instance in the global namespace.
fn bound_names(cx: &Interp) -> Vec<(String, InstanceId)> {
    let mut out: Vec<(String, InstanceId)> = cx
        .globals_iter()
        .filter_map(|(k, v)| v.downcast::<InstanceObj>().map(|i| (k.to_string(), i.id)))
        .collect();
    out.sort();
    out
}

pub fn schema(cx: &mut Interp, arg: &str) -> Result<()> {
    if no_database(cx) {
        return Ok(());
    }
    let orm = cx.sa.orm()?;
    let reg = orm.registry.clone();
    let want = arg.trim();
    let mut text = String::new();
    let mut shown = 0;
    for m in &reg.mappers {
        // a class or its table (`.schema User`, `.schema users`, as sqlite3's `.schema users`)
        if !want.is_empty() && m.class_name != want && reg.metadata.table(m.table).name != want {
            continue;
        }
        shown += 1;
        let t = reg.metadata.table(m.table);
        text.push_str(&format!("class {}  (table {})\n", m.class_name, t.name));
        // A reflected name that is not an identifier: say how a script reaches it.
        if let Some(alias) = crate::orm::automap::python_alias(&m.class_name) {
            text.push_str(&format!("    (not a Python name: reach the class as {alias})\n"));
        }
        // the types as the database's dialect writes them in CREATE TABLE
        let dialect = cx.sa.default_engine.as_ref().map(|e| e.dialect()).unwrap_or(&crate::sql::dialect::SQLITE);
        let types: Vec<String> = t.columns.iter().map(|c| crate::interp::sa::introspect::column_type_text(c, dialect)).collect();
        let kinds: Vec<String> = m
            .relationships
            .iter()
            .map(|r| {
                let target = &reg.mapper(r.target).class_name;
                if r.uselist { format!("list[{}]", target) } else { target.clone() }
            })
            .collect();
        // columns as wide as the longest name and type (reflected names can be long)
        let names = t.columns.iter().map(|c| c.name.as_str()).chain(m.relationships.iter().map(|r| r.name.as_str()));
        let w1 = names.map(|n| n.chars().count()).max().unwrap_or(0).max(14);
        let w2 = types.iter().chain(&kinds).map(|k| k.chars().count()).max().unwrap_or(0).max(14);
        for (c, ty) in t.columns.iter().zip(&types) {
            let flags = crate::interp::sa::introspect::column_flags(c);
            let line = format!("    {:<w1$} {:<w2$} {}", c.name, ty, flags.join(", "));
            text.push_str(line.trim_end());
            text.push('\n');
        }
        for (r, kind) in m.relationships.iter().zip(&kinds) {
            text.push_str(&format!("    {:<w1$} {:<w2$} {} cascade=\"{}\"", r.name, kind, r.direction.words(), r.cascade.names().join(", ")));
            if crate::orm::automap::python_alias(&r.name).is_some() {
                text.push_str(&format!("  (getattr(obj, \"{}\"))", r.name));
            }
            text.push('\n');
        }
    }
    if shown == 0 {
        if want.is_empty() {
            text = "no mapped classes (start ormsh with -s SCHEMA.json)".into();
        } else {
            return Err(Error::new(ErrorKind::NameError, format!("no mapped class or table named '{}'", want)));
        }
    }
    info(cx, text.trim_end().to_string());
    Ok(())
}

pub fn tables(cx: &mut Interp, _arg: &str) -> Result<()> {
    if no_database(cx) {
        return Ok(());
    }
    let orm = cx.sa.orm()?;
    let reg = orm.registry.clone();
    let mut rows = Vec::new();
    for (i, t) in reg.metadata.tables.iter().enumerate() {
        let class = reg.mapper_for_table(crate::sql::schema::TableId(i as u32)).map(|m| reg.mapper(m).class_name.clone()).unwrap_or_default();
        rows.push(vec![t.name.clone(), class, t.columns.len().to_string()]);
    }
    table(cx, &["table", "class", "columns"], rows);
    Ok(())
}

/// Relationships of `id` with net changes (`inspect(obj).attrs.rel.history`
/// has added or deleted items), without loading anything.
fn relationship_changes(orm: &crate::interp::sa::Orm, id: InstanceId) -> Vec<(String, crate::orm::collections::RelHistory)> {
    let st = orm.instances.get(id);
    let m = orm.registry.mapper(st.mapper());
    (0..m.relationships.len())
        .filter_map(|ri| {
            let h = orm.rel_history(id, ri);
            (!h.added.is_empty() || !h.deleted.is_empty()).then(|| (m.relationships[ri].name.clone(), h))
        })
        .collect()
}

/// `[Address#1, Address#2]`
fn labels(orm: &crate::interp::sa::Orm, ids: &[InstanceId]) -> String {
    format!("[{}]", ids.iter().map(|i| orm.instances.label(*i).to_string()).collect::<Vec<_>>().join(", "))
}

fn describe_row(cx: &Interp, id: InstanceId, names: &[(String, InstanceId)]) -> Vec<String> {
    let orm = match cx.sa.orm() {
        Ok(o) => o,
        Err(_) => return vec![],
    };
    let st = orm.instances.get(id);
    let m = orm.registry.mapper(st.mapper());
    let bound: Vec<&str> = names.iter().filter(|(_, i)| *i == id).map(|(n, _)| n.as_str()).collect();
    let mut modified: Vec<String> = st.committed_state().iter().map(|(c, _)| m.columns[*c as usize].clone()).collect();
    modified.extend(relationship_changes(orm, id).into_iter().map(|(name, _)| name));
    let expired = orm.expired_attribute_names(id);
    vec![
        orm.instances.label(id).to_string(),
        bound.join(", "),
        st.lifecycle().name().to_string(),
        st.key().map(|k| k.identity_repr()).unwrap_or_default(),
        modified.join(", "),
        if !expired.is_empty() && expired.len() == m.columns.len() { "all".into() } else { expired.join(", ") },
    ]
}

pub fn states(cx: &mut Interp, _arg: &str) -> Result<()> {
    if no_database(cx) {
        return Ok(());
    }
    let names = bound_names(cx);
    let sid = current_session(cx);
    let mut ids: Vec<InstanceId> = Vec::new();
    if let (Some(sid), Ok(orm)) = (sid, cx.sa.orm()) {
        let s = orm.session(sid);
        ids.extend(s.new.iter().copied());
        ids.extend(s.identity_map.states());
        ids.extend(s.deleted.iter().copied());
        if let Some(t) = s.transactions.first() {
            ids.extend(t.deleted.iter().copied());
        }
    }
    for (_, id) in &names {
        ids.push(*id);
    }
    let mut seen = std::collections::HashSet::new();
    ids.retain(|i| seen.insert(*i));
    ids.sort();
    let rows: Vec<Vec<String>> = ids.iter().map(|id| describe_row(cx, *id, &names)).collect();
    if rows.is_empty() {
        info(cx, "no instances".into());
        return Ok(());
    }
    table(cx, &["object", "names", "state", "identity", "modified", "expired"], rows);
    Ok(())
}

pub fn identity(cx: &mut Interp, _arg: &str) -> Result<()> {
    if no_database(cx) {
        return Ok(());
    }
    let sid = current_session(cx).ok_or_else(|| Error::new(ErrorKind::RuntimeError, "no session"))?;
    let names = bound_names(cx);
    let orm = cx.sa.orm()?;
    let mut rows = Vec::new();
    for (k, id) in orm.session(sid).identity_map.all() {
        let class = &orm.registry.mapper(k.mapper).class_name;
        let bound: Vec<&str> = names.iter().filter(|(_, i)| *i == id).map(|(n, _)| n.as_str()).collect();
        rows.push(vec![format!("({}, {})", class, k.identity_repr()), orm.instances.label(id).to_string(), bound.join(", ")]);
    }
    if rows.is_empty() {
        info(cx, "the identity map is empty".into());
        return Ok(());
    }
    table(cx, &["key", "object", "names"], rows);
    Ok(())
}

pub fn named_instance(cx: &mut Interp, arg: &str) -> Result<InstanceId> {
    let name = arg.trim();
    match cx.get_global(name) {
        Some(v) => match v.downcast::<InstanceObj>() {
            Some(i) => Ok(i.id),
            None => Err(Error::new(ErrorKind::TypeError, format!("'{}' is not a mapped instance", name))),
        },
        None => Err(Error::new(ErrorKind::NameError, format!("name '{}' is not defined", name))),
    }
}

pub fn explain(cx: &mut Interp, arg: &str) -> Result<()> {
    use crate::events::LifecycleState as L;
    let id = named_instance(cx, arg)?;
    let orm = cx.sa.orm()?;
    let st = orm.instances.get(id);
    let m = orm.registry.mapper(st.mapper());
    let label = orm.instances.label(id);
    let mut lines = vec![format!("{} ({}) is {}", arg.trim(), label, st.lifecycle().name())];
    let session = st.session().map(|s| orm.session(s));
    // inserted in the session's current transaction: a rollback makes it transient again
    let new_in_tx = session.is_some_and(|s| s.transactions.first().is_some_and(|t| t.new.contains(&id)));
    let marked_for_delete = session.is_some_and(|s| s.deleted.contains(&id));
    let why = match st.lifecycle() {
        L::Transient => "it has no identity and belongs to no session: session.add() makes it pending".to_string(),
        L::Pending => "it was added to a session but not flushed yet: the next flush INSERTs it".to_string(),
        L::Persistent if marked_for_delete => {
            "it has a row and session.delete() marked it: the next flush DELETEs it (then it is deleted)".to_string()
        }
        L::Persistent => {
            format!("it has a row (identity {}) and is in a session's identity map", st.key().map(|k| k.identity_repr()).unwrap_or_default())
        }
        L::Deleted => format!(
            "its DELETE was flushed in the session's transaction; commit makes it detached, rollback makes it {}",
            if new_in_tx { "transient (its INSERT is rolled back too)" } else { "persistent again" }
        ),
        L::Detached => "it has an identity but no session (closed, expunged, or deleted and committed)".to_string(),
    };
    lines.push(format!("  why: {}", why));
    let changed: Vec<String> = st
        .committed_state()
        .iter()
        .map(|(c, old)| {
            let c = *c as usize;
            let new = match &st.dict()[c] {
                Slot::Val(v) => v.py_repr(),
                Slot::Sql(_) => "<SQL expression>".into(),
                Slot::Absent => "(deleted)".into(),
            };
            format!("{}: {} → {}", m.columns[c], old.as_ref().map(|v| v.py_repr()).unwrap_or_else(|| "(not loaded)".into()), new)
        })
        .chain(relationship_changes(orm, id).into_iter().map(|(name, h)| {
            let mut parts = Vec::new();
            if !h.added.is_empty() {
                parts.push(format!("added {}", labels(orm, &h.added)));
            }
            if !h.deleted.is_empty() {
                parts.push(format!("removed {}", labels(orm, &h.deleted)));
            }
            format!("{}: {}", name, parts.join(", "))
        }))
        .collect();
    if !changed.is_empty() {
        lines.push(format!("  pending changes: {}", changed.join("; ")));
        if st.lifecycle() == L::Persistent && !marked_for_delete {
            let columns = !st.committed_state().is_empty();
            let relationships = changed.len() > st.committed_state().len();
            lines.push(
                match (columns, relationships) {
                    (true, false) => "  next flush: UPDATE of the changed columns",
                    (false, _) => "  next flush: writes the changed relationships (foreign keys, association rows, orphans)",
                    (true, true) => "  next flush: UPDATE of the changed columns, and writes the changed relationships",
                }
                .into(),
            );
        }
    }
    let expired = orm.expired_attribute_names(id);
    if !expired.is_empty() {
        let what = if st.lifecycle() == L::Detached {
            "not loaded: accessing them raises DetachedInstanceError until session.add() or merge() attaches it"
        } else {
            "the next access loads them with a SELECT"
        };
        lines.push(format!("  expired: {} ({})", expired.join(", "), what));
    }
    let expire_on_commit = session.map(|s| s.opts.expire_on_commit).unwrap_or(true);
    let on_rollback = if new_in_tx {
        "it goes back to transient (inserted in this transaction)"
    } else {
        "every attribute expires"
    };
    match st.lifecycle() {
        L::Pending => lines.push("  on commit: INSERTed by the flush, then persistent; on rollback: back to transient".into()),
        L::Persistent if marked_for_delete => lines.push(format!(
            "  on commit: DELETEd by the flush, then detached; on rollback: stays persistent and {}",
            if new_in_tx { "goes back to transient (inserted in this transaction)" } else { "every attribute expires" }
        )),
        L::Persistent => lines.push(format!(
            "  on commit: {}; on rollback: {}",
            if expire_on_commit { "every attribute expires (expire_on_commit)" } else { "attributes stay loaded" },
            on_rollback
        )),
        L::Deleted => lines.push(format!(
            "  on commit: detached; on rollback: {}",
            if new_in_tx { "transient" } else { "persistent again, every attribute expired" }
        )),
        _ => {}
    }
    info(cx, lines.join("\n"));
    Ok(())
}

pub fn history(cx: &mut Interp, arg: &str) -> Result<()> {
    let id = named_instance(cx, arg)?;
    let orm = cx.sa.orm()?;
    let m = orm.registry.mapper(orm.instances.get(id).mapper()).clone();
    let show = |v: Vec<crate::sql::value::Value>| format!("[{}]", v.iter().map(|x| x.py_repr()).collect::<Vec<_>>().join(", "));
    let mut rows = Vec::new();
    for (i, c) in m.columns.iter().enumerate() {
        let h = orm.column_history(id, i);
        rows.push(vec![c.clone(), show(h.added), show(h.unchanged), show(h.deleted)]);
    }
    for (ri, r) in m.relationships.iter().enumerate() {
        let h = orm.rel_history(id, ri);
        rows.push(vec![r.name.clone(), labels(orm, &h.added), labels(orm, &h.unchanged), labels(orm, &h.deleted)]);
    }
    table(cx, &["attribute", "added", "unchanged", "deleted"], rows);
    Ok(())
}

/// `.sql STATEMENT`: raw SQL through the current session.
pub fn sql(cx: &mut Interp, arg: &str) -> Result<()> {
    let sid = current_session(cx).ok_or_else(|| Error::new(ErrorKind::RuntimeError, "no session"))?;
    let text = Value::native(crate::interp::sa::expr::TextObj { clause: crate::sql::expr::TextClause::new(arg.trim()) });
    let mut args = crate::interp::value::Args::new(vec![text]);
    let r = crate::interp::sa::query::session_execute(cx, sid, &mut args)?;
    if let Some(res) = r.downcast::<crate::interp::sa::result::ResultObj>() {
        if res.returns_rows {
            let keys: Vec<String> = res.keys.iter().map(|k| k.to_string()).collect();
            let rows: Vec<Vec<Value>> = res.rows.borrow_mut().drain(..).collect();
            let mut out = Vec::new();
            for r in rows {
                let mut cells = Vec::new();
                for v in r {
                    cells.push(cx.repr(&v)?);
                }
                out.push(cells);
            }
            let cols: Vec<&str> = keys.iter().map(|s| s.as_str()).collect();
            table(cx, &cols, out);
        } else {
            info(cx, format!("{} row(s) affected", res.rowcount));
        }
    }
    Ok(())
}

/// `.open URL`: a new engine and session on URL with the same schema.
pub fn open(cx: &mut Interp, arg: &str) -> Result<()> {
    let mut opts = cx.sa.opts.clone();
    opts.url = arg.trim().to_string();
    crate::interp::sa::setup(cx, &opts).map_err(|e| Error::new(ErrorKind::ArgumentError, e.message))?;
    info(cx, format!("opened {}", crate::engine::Url::parse(&opts.url).map(|u| u.render(true)).unwrap_or(opts.url.clone())));
    Ok(())
}

/// `.reset`: new engine and session, every name cleared.
pub fn reset(cx: &mut Interp, _arg: &str) -> Result<()> {
    let opts = cx.sa.opts.clone();
    if let (Some(sid), Ok(orm)) = (cx.sa.default_session, cx.sa.orm_mut()) {
        let _ = orm.close(sid);
    }
    cx.clear_globals_except_builtins();
    // a new ORM world: nothing made before survives the reset
    cx.sa.orm = None;
    cx.sa.forget_handles();
    crate::interp::sa::setup(cx, &opts).map_err(|e| Error::new(ErrorKind::RuntimeError, e.message))?;
    info(cx, "reset: new engine and session; names cleared".into());
    Ok(())
}

/// The database and session settings `.show` lists: URL (password masked),
/// schema file, backend, and the default session's options.
pub fn session_settings(cx: &Interp) -> Vec<(String, String)> {
    let opts = &cx.sa.opts;
    let url = crate::engine::Url::parse(&opts.url).map(|u| u.render(true)).unwrap_or_else(|_| opts.url.clone());
    let mut rows = vec![
        ("url".to_string(), url),
        ("schema".to_string(), opts.schema.as_ref().map_or_else(|| "(none)".to_string(), |p| p.display().to_string())),
    ];
    if let (Some(sid), Ok(orm)) = (current_session(cx), cx.sa.orm()) {
        let s = orm.session(sid);
        let yes_no = |b: bool| if b { "True" } else { "False" }.to_string();
        rows.push(("autoflush".into(), yes_no(s.opts.autoflush)));
        rows.push(("expire_on_commit".into(), yes_no(s.opts.expire_on_commit)));
        rows.push(("transaction".into(), if s.transactions.is_empty() { "none".into() } else { format!("open ({} level{})", s.transactions.len(), if s.transactions.len() == 1 { "" } else { "s" }) }));
    }
    rows
}

/// Text for the prompt: `""` no transaction, `*` active, `*2` nested depth 2, `!` failed.
pub fn tx_indicator(cx: &Interp) -> String {
    let sid = match current_session(cx) {
        Some(s) => s,
        None => return String::new(),
    };
    let orm = match cx.sa.orm() {
        Ok(o) => o,
        Err(_) => return String::new(),
    };
    let s = orm.session(sid);
    if s.transactions.iter().any(|t| t.state() == TxState::Deactive) {
        return "!".into();
    }
    match s.transactions.len() {
        0 => String::new(),
        1 => "*".into(),
        n => format!("*{}", n),
    }
}

/// True when the default session has a transaction open (ask before quitting).
pub fn transaction_open(cx: &Interp) -> bool {
    match (current_session(cx), cx.sa.orm()) {
        (Some(sid), Ok(orm)) => orm.session(sid).transactions.first().map(|t| !t.connections.is_empty()).unwrap_or(false),
        _ => false,
    }
}

/// Roll the default session back (leaving the shell with a transaction open).
pub fn rollback_current(cx: &mut Interp) -> Result<()> {
    if let Some(sid) = current_session(cx) {
        cx.sa.orm_mut()?.rollback(sid)?;
    }
    Ok(())
}
