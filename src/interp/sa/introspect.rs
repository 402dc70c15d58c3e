//! `help(x)`, `dir(x)` and the attribute lists of Tab completion: what a value
//! offers and, for mapped classes and instances, what the Session knows of it
//! (IPython's `x?` and `inspect()` in one view).
//!
//! Nothing here loads: an instance's attributes are described from the
//! identity map's bookkeeping (`inspect(obj).unloaded`, `.expired_attributes`,
//! attribute history), never by touching the database, so asking for help
//! cannot change what it describes.

use crate::events::{Event, LifecycleState as L};
use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::interp::sa::instance::{ClassObj, InstanceObj};
use crate::interp::value::Value;
use crate::interp::Interp;
use crate::orm::mapping::Mapper;
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, RelSlot, Slot};

/// The public methods and attributes ormsh implements, by Python class name
/// (SQLAlchemy's names; the objects answer `AttributeError` to others).
pub const API_METHODS: &[(&str, &[&str])] = &[
    (
        "Session",
        &[
            "add", "add_all", "autoflush", "begin", "begin_nested", "bind", "close", "commit", "connection", "delete",
            "deleted", "dirty", "execute", "expire", "expire_all", "expire_on_commit", "expunge", "expunge_all",
            "flush", "get", "get_bind", "get_nested_transaction", "get_one", "get_transaction", "identity_map",
            "in_nested_transaction", "in_transaction", "invalidate", "is_active", "is_modified", "merge", "new",
            "no_autoflush", "prepare", "query", "refresh", "reset", "rollback", "scalar", "scalars",
        ],
    ),
    (
        "Select",
        &[
            "add_columns", "alias", "correlate", "distinct", "execution_options", "exists", "filter", "filter_by",
            "group_by", "having", "join", "label", "limit", "offset", "options", "order_by", "outerjoin", "params",
            "scalar_subquery", "select_from", "subquery", "where", "with_for_update", "with_only_columns",
        ],
    ),
    (
        "Query",
        &[
            "all", "count", "delete", "distinct", "filter", "filter_by", "first", "get", "group_by", "having",
            "join", "limit", "offset", "one", "one_or_none", "options", "order_by", "outerjoin",
            "populate_existing", "scalar", "statement", "subquery", "update",
        ],
    ),
    (
        "CursorResult",
        &[
            "all", "close", "closed", "columns", "fetchall", "fetchmany", "fetchone", "first", "freeze",
            "inserted_primary_key", "keys", "lastrowid", "mappings", "one", "one_or_none", "partitions",
            "returns_rows", "rowcount", "scalar", "scalar_one", "scalar_one_or_none", "scalars", "tuples", "unique",
        ],
    ),
    ("ScalarResult", &["all", "fetchall", "fetchmany", "first", "one", "one_or_none", "partitions", "unique"]),
    ("MappingResult", &["all", "fetchall", "fetchmany", "first", "one", "one_or_none", "partitions", "unique"]),
    ("Engine", &["begin", "connect", "dialect", "dispose", "driver", "echo", "execution_options", "name", "pool", "url"]),
    (
        "Connection",
        &[
            "begin", "begin_nested", "close", "closed", "commit", "dialect", "engine", "exec_driver_sql", "execute",
            "execution_options", "get_transaction", "in_nested_transaction", "in_transaction", "invalidate",
            "invalidated", "rollback", "scalar",
        ],
    ),
];

/// What one line of help says about each SQLAlchemy class ormsh offers.
const API_SUMMARIES: &[(&str, &str)] = &[
    ("Session", "the unit of work: holds objects in its identity map, flushes their changes, owns the transaction"),
    ("Select", "a SELECT statement under construction: run it with session.execute() or session.scalars()"),
    ("Query", "the legacy 1.x query API (session.query(...)): runs when iterated or on .all(), .first(), .one()"),
    ("CursorResult", "the result of session.execute(): rows, fetched as you ask (.all(), .first(), .scalars())"),
    ("ScalarResult", "the first column of each row (session.scalars() or result.scalars())"),
    ("MappingResult", "rows as dictionaries (result.mappings())"),
    ("Engine", "the database: a URL, a dialect and a pool of connections"),
    ("Connection", "one DBAPI connection checked out of the engine's pool, with its transaction"),
];

/// The dunder and SQLAlchemy-internal names `dir()` gives for a declarative
/// class of the oracle's Base (SQLAlchemy 2.1.9, Python 3.11), besides its
/// mapped attributes.
const DECLARATIVE_DIR: &[&str] = &[
    "__annotations__", "__class__", "__class_getitem__", "__delattr__", "__dict__", "__dir__", "__doc__", "__eq__",
    "__format__", "__ge__", "__getattribute__", "__getstate__", "__gt__", "__hash__", "__init__",
    "__init_subclass__", "__le__", "__lt__", "__mapper__", "__module__", "__ne__", "__new__", "__orig_bases__",
    "__parameters__", "__reduce__", "__reduce_ex__", "__repr__", "__setattr__", "__sizeof__", "__slots__", "__str__",
    "__subclasshook__", "__table__", "__tablename__", "__weakref__", "_is_protocol", "_sa_class_manager",
    "_sa_registry", "metadata", "registry",
];

/// How an attribute of an instance stands, as `inspect(obj).attrs[name]` would say.
fn load_state(orm: &Orm, id: InstanceId, name: &str) -> &'static str {
    if orm.expired_attribute_names(id).iter().any(|n| n == name) {
        "expired"
    } else if orm.unloaded_attribute_names(id).iter().any(|n| n == name) {
        "unloaded"
    } else {
        "loaded"
    }
}

/// The attributes `value` offers, each with a note for a completion list
/// (`column, loaded`, `relationship, expired`); empty when nothing is known.
pub fn attributes_of(interp: &Interp, value: &Value) -> Vec<(String, String)> {
    let Ok(orm) = interp.sa.orm() else {
        return type_methods(value);
    };
    if let Some(inst) = value.downcast::<InstanceObj>() {
        return instance_attributes(orm, inst.id);
    }
    if let Some(class) = value.downcast::<ClassObj>() {
        return class_attributes(orm.registry.mapper(class.mapper));
    }
    type_methods(value)
}

/// What Tab offers after `value.`: a SQLAlchemy object's API, a module's
/// members, the common methods of a builtin value (`str.upper` …).
fn type_methods(value: &Value) -> Vec<(String, String)> {
    match value {
        Value::Native(_) => api_methods(value),
        Value::Module(m) => {
            let mut names: Vec<(String, String)> = m.attrs.keys().map(|k| (k.clone(), String::new())).collect();
            names.sort();
            names
        }
        other => plain(crate::interp::common::value_methods(other)),
    }
}

/// The methods and attributes ormsh implements of a SQLAlchemy object (`API_METHODS`).
fn api_methods(value: &Value) -> Vec<(String, String)> {
    let Value::Native(n) = value else { return Vec::new() };
    let class = n.type_name();
    plain(API_METHODS.iter().find(|(c, _)| *c == class).map(|(_, ms)| *ms).unwrap_or(&[]))
}

fn plain(names: &[&str]) -> Vec<(String, String)> {
    names.iter().map(|m| (m.to_string(), String::new())).collect()
}

/// What a column attribute of a class offers (`User.name.`): the operators of
/// `ColumnOperators` ormsh implements, and the attribute's own names.
const COLUMN_ATTR_METHODS: &[&str] = &[
    "asc", "between", "cast", "class_", "collate", "contains", "desc", "distinct", "endswith", "expression", "ilike",
    "in_", "is_", "is_not", "key", "label", "like", "not_ilike", "not_in", "not_like", "nulls_first", "nulls_last",
    "over", "property", "startswith",
];
/// What a relationship attribute of a class offers (`User.addresses.`).
const REL_ATTR_METHODS: &[&str] = &["any", "contains", "has", "key", "of_type"];

/// A value met on the way along a dotted name at the prompt (`u.addresses`,
/// `User.name`), found without calling or loading anything.
enum Peek {
    Value(Value),
    Instance(InstanceId),
    Class(crate::orm::mapping::MapperId),
    ColumnAttr,
    RelAttr,
    /// A loaded relationship collection (an `InstrumentedList`).
    Collection,
}

impl Peek {
    fn of(value: &Value) -> Peek {
        if let Some(inst) = value.downcast::<InstanceObj>() {
            return Peek::Instance(inst.id);
        }
        if let Some(class) = value.downcast::<ClassObj>() {
            return Peek::Class(class.mapper);
        }
        Peek::Value(value.clone())
    }
}

/// What `peek` offers after a dot, with notes (load states of an instance's attributes).
fn peek_attributes(interp: &Interp, peek: &Peek) -> Vec<(String, String)> {
    match peek {
        Peek::Value(v) => attributes_of(interp, v),
        Peek::Instance(id) => match interp.sa.orm() {
            Ok(orm) => instance_attributes(orm, *id),
            _ => Vec::new(),
        },
        Peek::Class(m) => match interp.sa.orm() {
            Ok(orm) => class_attributes(orm.registry.mapper(*m)),
            Err(_) => Vec::new(),
        },
        Peek::ColumnAttr => plain(COLUMN_ATTR_METHODS),
        Peek::RelAttr => plain(REL_ATTR_METHODS),
        Peek::Collection => plain(crate::interp::common::methods_of_class("list")),
    }
}

/// `peek.name` when it can be known without running anything: a loaded column's
/// value, a loaded reference or collection, a class's attributes, a module's members.
fn peek_attribute(interp: &Interp, peek: &Peek, name: &str) -> Option<Peek> {
    match peek {
        Peek::Value(Value::Module(m)) => m.attrs.get(name).map(Peek::of),
        Peek::Value(_) | Peek::ColumnAttr | Peek::RelAttr | Peek::Collection => None,
        Peek::Class(m) => {
            let mapper = interp.sa.orm().ok()?.registry.mapper(*m);
            if mapper.column_index(name).is_some() {
                Some(Peek::ColumnAttr)
            } else if mapper.relationship(name).is_some() {
                Some(Peek::RelAttr)
            } else {
                None
            }
        }
        Peek::Instance(id) => {
            let orm = interp.sa.orm().ok()?;
            let st = orm.instances.get(*id);
            let m = orm.registry.mapper(st.mapper());
            if let Some(c) = m.column_index(name) {
                return match &st.dict()[c] {
                    Slot::Val(v) => Some(Peek::Value(Interp::from_sql_value(v.clone()))),
                    _ => None,
                };
            }
            let (ri, _) = m.relationship(name)?;
            match &st.rels()[ri] {
                RelSlot::Scalar(Some(target)) => Some(Peek::Instance(*target)),
                RelSlot::Collection(_) => Some(Peek::Collection),
                RelSlot::Scalar(None) => Some(Peek::Value(Value::None)),
                RelSlot::Absent => None,
            }
        }
    }
}

fn instance_attributes(orm: &Orm, id: InstanceId) -> Vec<(String, String)> {
    let m = orm.registry.mapper(orm.instances.get(id).mapper());
    let mut out: Vec<(String, String)> =
        m.columns.iter().map(|c| (c.clone(), format!("column, {}", load_state(orm, id, c)))).collect();
    out.extend(m.relationships.iter().map(|r| (r.name.clone(), format!("relationship, {}", load_state(orm, id, &r.name)))));
    out
}

fn class_attributes(m: &Mapper) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = m.columns.iter().map(|c| (c.clone(), "column".to_string())).collect();
    out.extend(m.relationships.iter().map(|r| (r.name.clone(), "relationship".to_string())));
    out.extend(["__name__", "__table__", "__tablename__"].iter().map(|n| (n.to_string(), String::new())));
    out
}

/// The attribute lists of Tab completion for the dotted names reachable from
/// `name` (bound to `value`) in at most `depth` steps, keyed by the dotted name
/// (`u`, `u.name`, `u.addresses`, `a.user.name`); at most `budget` lists in all,
/// so a prompt stays quick with many objects in scope. Nothing is loaded or called.
pub fn attribute_chains(
    interp: &Interp,
    name: &str,
    value: &Value,
    depth: usize,
    budget: &mut usize,
    out: &mut std::collections::BTreeMap<String, Vec<(String, String)>>,
) {
    fn walk(
        interp: &Interp,
        path: String,
        peek: Peek,
        depth: usize,
        budget: &mut usize,
        out: &mut std::collections::BTreeMap<String, Vec<(String, String)>>,
    ) {
        if *budget == 0 {
            return;
        }
        let offered = peek_attributes(interp, &peek);
        if offered.is_empty() {
            return;
        }
        *budget -= 1;
        if depth > 1 && !matches!(peek, Peek::Value(Value::Module(_))) {
            for (attr, _) in &offered {
                if let Some(next) = peek_attribute(interp, &peek, attr) {
                    walk(interp, format!("{path}.{attr}"), next, depth - 1, budget, out);
                }
            }
        }
        out.insert(path, offered);
    }
    walk(interp, name.to_string(), Peek::of(value), depth, budget, out);
}

/// `dir(value)`, sorted as Python sorts it; `None` when ormsh does not know
/// the value's attributes (the caller says so rather than list nothing).
pub fn dir_of(interp: &Interp, value: &Value) -> Option<Vec<String>> {
    let mapper = match (value.downcast::<InstanceObj>(), value.downcast::<ClassObj>()) {
        (Some(i), _) => Some((i.mapper, true)),
        (_, Some(c)) => Some((c.mapper, false)),
        _ => None,
    };
    if let (Some((mapper, instance)), Ok(orm)) = (mapper, interp.sa.orm()) {
        let m = orm.registry.mapper(mapper);
        let mut names: Vec<String> = DECLARATIVE_DIR.iter().map(|s| s.to_string()).collect();
        if instance {
            names.push("_sa_instance_state".into());
        }
        names.extend(m.columns.iter().cloned());
        names.extend(m.relationships.iter().map(|r| r.name.clone()));
        names.sort();
        names.dedup();
        return Some(names);
    }
    // a builtin value's list is only the common methods, not Python's whole dir()
    let listed = api_methods(value);
    if listed.is_empty() {
        return None;
    }
    let mut names: Vec<String> = listed.into_iter().map(|(n, _)| n).collect();
    names.sort();
    Some(names)
}

/// `help(value)`: a description for a person at the prompt.
pub fn help_text(interp: &Interp, value: &Value) -> String {
    if let Ok(orm) = interp.sa.orm() {
        if let Some(inst) = value.downcast::<InstanceObj>() {
            return instance_help(orm, inst.id, interp.sa.default_session);
        }
        if let Some(class) = value.downcast::<ClassObj>() {
            let dialect = interp.sa.default_engine.as_ref().map(|e| e.dialect()).unwrap_or(&crate::sql::dialect::SQLITE);
            return class_help(orm, orm.registry.mapper(class.mapper), dialect);
        }
    }
    if let Value::Native(n) = value {
        let class = n.type_name();
        let mut text = match API_SUMMARIES.iter().find(|(c, _)| *c == class) {
            Some((_, what)) => format!("{class}: {what}"),
            None => format!("{class} (a SQLAlchemy object)"),
        };
        if let Some((_, methods)) = API_METHODS.iter().find(|(c, _)| *c == class) {
            text.push_str(&format!("\n  methods and attributes: {}", methods.join(", ")));
        }
        return text;
    }
    match value {
        Value::Builtin(b) => format!("{}: a Python builtin", b.0),
        Value::ExcType(k) => format!("{}: an exception class", k.name()),
        other => format!("a value of type {}", crate::interp::common::type_name(other)),
    }
}

/// A column's constraints and defaults in words (`primary key`, `not null`,
/// `→ users.id`, `default 0`), for `help(Class)` and `.schema`.
pub fn column_flags(c: &crate::sql::schema::Column) -> Vec<String> {
    let mut flags = Vec::new();
    if c.primary_key {
        flags.push("primary key".to_string());
    }
    if !c.nullable && !c.primary_key {
        flags.push("not null".into());
    }
    if c.unique {
        flags.push("unique".into());
    }
    if let Some(fk) = &c.foreign_key {
        flags.push(format!("→ {}.{}", fk.table, fk.column));
    }
    if let Some(d) = &c.default {
        flags.push(format!("default {}", d.py_repr()));
    }
    if let Some(d) = &c.server_default {
        flags.push(format!("server default {}", d));
    }
    flags
}

fn lazy_words(lazy: crate::orm::mapping::Lazy) -> &'static str {
    use crate::orm::mapping::Lazy;
    match lazy {
        Lazy::Select => "loaded by a SELECT on first access",
        Lazy::Joined => "loaded with its parent by a LEFT OUTER JOIN",
        Lazy::Selectin => "loaded for all parents at once by a second SELECT … IN",
        Lazy::Raise => "never loaded implicitly: access raises unless loaded by an option",
        Lazy::RaiseOnSql => "raises when loading it would need SQL",
        Lazy::Noload => "never loaded",
    }
}

fn class_help(orm: &Orm, m: &Mapper, dialect: &dyn crate::sql::dialect::Dialect) -> String {
    let t = orm.registry.metadata.table(m.table);
    let mut lines = vec![format!("class {}: mapped to table {}", m.class_name, t.name), "  columns:".to_string()];
    let types: Vec<String> = t.columns.iter().map(|c| column_type_text(c, dialect)).collect();
    let kinds: Vec<String> = m
        .relationships
        .iter()
        .map(|r| {
            let target = &orm.registry.mapper(r.target).class_name;
            if r.uselist { format!("list[{target}]") } else { target.clone() }
        })
        .collect();
    // as wide as the longest name and type (reflected names can be long)
    let names = t.columns.iter().map(|c| c.name.as_str()).chain(m.relationships.iter().map(|r| r.name.as_str()));
    let w1 = names.map(|n| n.chars().count()).max().unwrap_or(0).max(14);
    let w2 = types.iter().chain(&kinds).map(|k| k.chars().count()).max().unwrap_or(0).max(14);
    for (c, ty) in t.columns.iter().zip(&types) {
        let flags = column_flags(c).join(", ");
        lines.push(format!("    {:<w1$} {:<w2$} {}", c.name, ty, flags).trim_end().to_string());
    }
    if !m.relationships.is_empty() {
        lines.push("  relationships:".into());
    }
    for (r, kind) in m.relationships.iter().zip(kinds) {
        let mut parts = vec![r.direction.words().to_string()];
        if let Some(b) = &r.back_populates {
            parts.push(format!("back_populates=\"{b}\""));
        }
        parts.push(format!("cascade=\"{}\"", r.cascade.names().join(", ")));
        if r.viewonly {
            parts.push("viewonly".into());
        }
        lines.push(format!("    {:<w1$} {:<w2$} {}", r.name, kind, parts.join(", ")));
        lines.push(format!("    {:<w1$} {:<w2$} lazy=\"{}\": {}", "", "", r.lazy.sa_name(), lazy_words(r.lazy)));
    }
    lines.push(format!(
        "  make one: {}(...) (transient); load: session.get({}, pk) or session.scalars(select({}))",
        m.class_name, m.class_name, m.class_name
    ));
    lines.join("\n")
}

fn instance_help(orm: &Orm, id: InstanceId, default_session: Option<crate::orm::state::SessionId>) -> String {
    let st = orm.instances.get(id);
    let m = orm.registry.mapper(st.mapper());
    let state = st.lifecycle();
    let mut head = format!("{}: {}", orm.instances.label(id), state.name());
    if let Some(k) = st.key() {
        head.push_str(&format!(", identity {}", k.identity_repr()));
    }
    if let Some(s) = st.session() {
        head.push_str(if Some(s) == default_session { ", in `session`" } else { ", in another session" });
    }
    if st.deleted() && state == L::Persistent {
        head.push_str(", marked for delete at the next flush");
    }
    let mut lines = vec![head];
    let detached = state == L::Detached;
    // a transient or pending object has no row: what is not set reads as None, no SQL
    let unsaved = st.key().is_none();
    let expired = orm.expired_attribute_names(id);
    for (i, c) in m.columns.iter().enumerate() {
        let value = match &st.dict()[i] {
            Slot::Val(v) => v.py_repr(),
            Slot::Sql(_) => "<SQL expression, evaluated at flush>".into(),
            Slot::Absent => "-".into(),
        };
        // a value in the dict is loaded (or set here), whatever the expiry said
        let mut note = if unsaved {
            if st.dict()[i].is_absent() { "not set (reads as None)".to_string() } else { "set".to_string() }
        } else if !st.dict()[i].is_absent() {
            "loaded".to_string()
        } else if expired.iter().any(|n| n == c) {
            unloaded_note("expired", detached)
        } else {
            unloaded_note("unloaded", detached)
        };
        if let Some((_, old)) = st.committed_state().iter().find(|(col, _)| *col as usize == i && !unsaved) {
            note.push_str(&format!(", modified (was {})", old.as_ref().map(|v| v.py_repr()).unwrap_or_else(|| "not loaded".into())));
        }
        lines.push(format!("  {:<14} {:<24} {}", c, clip(&value, 24), note));
    }
    for (ri, r) in m.relationships.iter().enumerate() {
        let value = match &st.rels()[ri] {
            RelSlot::Absent => "-".to_string(),
            RelSlot::Scalar(None) => "None".to_string(),
            RelSlot::Scalar(Some(t)) => orm.instances.label(*t).to_string(),
            RelSlot::Collection(items) => format!("[{} item{}]", items.len(), if items.len() == 1 { "" } else { "s" }),
        };
        let absent = matches!(st.rels()[ri], RelSlot::Absent);
        let mut note = if unsaved && absent {
            format!("not set (reads as {})", if r.uselist { "an empty list" } else { "None" })
        } else if unsaved {
            "set".to_string()
        } else if absent && expired.iter().any(|n| *n == r.name) {
            unloaded_note("expired", detached)
        } else if absent {
            if detached {
                unloaded_note("unloaded", true)
            } else {
                format!("unloaded (lazy=\"{}\": {})", r.lazy.sa_name(), lazy_words(r.lazy))
            }
        } else {
            "loaded".to_string()
        };
        let h = orm.rel_history(id, ri);
        let names = |ids: &[InstanceId]| ids.iter().map(|i| orm.instances.label(*i).to_string()).collect::<Vec<_>>().join(", ");
        if !h.added.is_empty() {
            note.push_str(&format!(", added {}", names(&h.added)));
        }
        if !h.deleted.is_empty() {
            note.push_str(&format!(", removed {}", names(&h.deleted)));
        }
        lines.push(format!("  {:<14} {:<24} {}", r.name, clip(&value, 24), note));
    }
    lines.push("  (nothing was loaded to show this; .explain NAME says why it is in this state)".into());
    lines.join("\n")
}

fn unloaded_note(what: &str, detached: bool) -> String {
    if detached {
        format!("{what}: access raises DetachedInstanceError (no session to load it)")
    } else {
        format!("{what}: the next access loads it with a SELECT")
    }
}

/// At most `width` characters, `…` marking a cut.
/// A column's type as `.schema` and `help()` write it: the database's own name
/// for a reflected type the generic one does not name (`mpaa_rating`, `text[]`,
/// MySQL's `enum('G','PG',…)`, clipped), else the DDL in the database's dialect.
pub fn column_type_text(c: &crate::sql::schema::Column, dialect: &dyn crate::sql::dialect::Dialect) -> String {
    match &c.native_type {
        Some(native) => clip(native, 32),
        None => dialect.type_ddl(&c.ty, false),
    }
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The builtins `help([x])` and `dir([x])`.
pub fn call_builtin(cx: &mut Interp, name: &str, args: &crate::interp::value::Args) -> Result<Value> {
    if let Some((k, _)) = args.keywords.first() {
        return Err(type_error(format!("{name}() got an unexpected keyword argument '{k}'")));
    }
    if args.positional.len() > 1 {
        return Err(type_error(format!("{name} expected at most 1 argument, got {}", args.positional.len())));
    }
    let arg = args.positional.first();
    let strings = |names: Vec<String>| Value::list(names.into_iter().map(|n| Value::Str(std::rc::Rc::from(n))).collect());
    match (name, arg) {
        ("help", _) => {
            // Python's help() prints to standard output.
            let text = match arg {
                None => "help(x) describes x: a mapped class (columns, relationships, loading), an instance \
                         (each attribute loaded, expired or unloaded, with its changes; nothing is loaded to \
                         show it), the session or a statement. At the prompt, x? does the same. .help lists \
                         the dot-commands."
                    .to_string(),
                Some(v) => help_text(cx, v),
            };
            cx.events.emit(Event::Print { text, end: "\n".into() });
            Ok(Value::None)
        }
        (_, None) => {
            let mut names: Vec<String> = cx.globals_iter().map(|(n, _)| n.to_string()).collect();
            names.sort();
            Ok(strings(names))
        }
        (_, Some(v)) => match dir_of(cx, v) {
            Some(names) => Ok(strings(names)),
            None => Err(Error::new(
                ErrorKind::NotImplementedError,
                format!(
                    "dir() of an object of type {}: ormsh lists the attributes of mapped classes and instances and of SQLAlchemy objects only",
                    crate::interp::common::type_name(v)
                ),
            )),
        },
    }
}
