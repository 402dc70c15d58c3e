//! The module-level SQLAlchemy functions bound at start (`select`, `text`,
//! `func`, `and_`, `inspect`, `create_engine`, `sessionmaker`, `aliased`,
//! loader options …), as one callable Native dispatching by name, and the
//! `sqlalchemy` / `sqlalchemy.orm` modules for `import`.

use crate::exc::{Error, ErrorKind, Result};
use crate::interp::sa::args::{arg, instance_id, instance_state_id, required};
use crate::interp::sa::engine::bind_arg;
use crate::interp::sa::expr::{helper, FuncNamespace};
use crate::interp::sa::select::{DmlKind, DmlObj, SelectObj};
use crate::interp::sa::session::{read_session_options, SessionMakerObj, SessionObj};
use crate::interp::value::{Args, Module, Native, Value};
use crate::interp::Interp;
use crate::orm::session::SessionOptions;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// The helper names of SPEC §1, in `sqlalchemy` and `sqlalchemy.orm`.
pub const CORE_NAMES: &[&str] = &[
    "select", "text", "func", "and_", "or_", "not_", "desc", "asc", "insert", "update", "delete", "literal", "null", "true",
    "false", "exists", "case", "cast", "inspect", "create_engine",
];
pub const ORM_NAMES: &[&str] = &[
    "sessionmaker", "make_transient", "make_transient_to_detached", "object_session", "aliased", "joinedload", "selectinload",
    "lazyload", "raiseload", "noload", "defer", "undefer", "load_only", "contains_eager", "with_parent", "scoped_session",
];

/// A SQLAlchemy function, called by name.
pub struct SaFunction {
    pub name: &'static str,
}

impl Native for SaFunction {
    fn type_name(&self) -> String {
        if class_path(self.name).is_some() { "type" } else { "function" }.into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(match class_path(self.name) {
            Some(path) => format!("<class '{path}'>"),
            None => format!("<function {} at 0x7fc0>", self.name),
        })
    }
    fn call(self: Rc<Self>, cx: &mut Interp, args: &mut Args) -> Option<Result<Value>> {
        Some(call(cx, self.name, args))
    }
    /// The classmethods of `Session` (`Session.object_session(obj)`, `Session.identity_key(...)`, `Session.close_all()`).
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        if self.name != "Session" {
            return None;
        }
        session_classmethod(cx, name, args)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `Session.object_session`, `Session.identity_key`, `Session.close_all`: classmethods
/// of `Session`, proxied by `scoped_session` too.
fn session_classmethod(cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
    match name {
        "object_session" => Some(call(cx, "object_session", args)),
        "identity_key" => Some(crate::interp::sa::identity_map::identity_key(cx, args)),
        "close_all" => Some(close_all_sessions(cx)),
        _ => None,
    }
}

/// `close_all_sessions()`: `close()` on every session, in the order they were made.
pub fn close_all_sessions(cx: &mut Interp) -> Result<Value> {
    let ids = cx.sa.orm()?.session_ids();
    for sid in ids {
        cx.sa.orm_mut()?.close(sid)?;
    }
    Ok(Value::None)
}

/// Where SQLAlchemy defines the names that are classes, not functions.
fn class_path(name: &str) -> Option<&'static str> {
    match name {
        "Session" => Some("sqlalchemy.orm.session.Session"),
        "sessionmaker" => Some("sqlalchemy.orm.session.sessionmaker"),
        "scoped_session" => Some("sqlalchemy.orm.scoping.scoped_session"),
        _ => None,
    }
}

/// The value bound to `name` at start.
pub fn value_of(name: &'static str) -> Value {
    if name == "func" {
        return Value::native(FuncNamespace);
    }
    Value::native(SaFunction { name })
}

/// A `sqlalchemy` function by name (`select`, `insert` …), for methods that are its shorthand.
pub fn call_named(cx: &mut Interp, name: &str, args: &mut Args) -> Result<Value> {
    call(cx, name, args)
}

fn call(cx: &mut Interp, name: &str, args: &mut Args) -> Result<Value> {
    match name {
        "select" => {
            let items = std::mem::take(&mut args.positional);
            Ok(Value::native(SelectObj::from_args(cx, items)?))
        }
        "insert" => DmlObj::build(cx, DmlKind::Insert, args),
        "update" => DmlObj::build(cx, DmlKind::Update, args),
        "delete" => DmlObj::build(cx, DmlKind::Delete, args),
        "inspect" => crate::interp::sa::inspect::inspect(cx, args),
        "create_engine" => crate::interp::sa::engine::create_engine(cx, args),
        "sessionmaker" | "Session" => {
            let mut opts = SessionOptions::default();
            if let Some(b) = args.positional.first().cloned() {
                args.positional.remove(0);
                opts.bind = Some(bind_arg(&b)?);
            }
            let info = crate::interp::sa::session::take_info(cx, args)?;
            read_session_options(cx, args, &mut opts)?;
            if name == "Session" {
                let sid = cx.sa.orm_mut()?.create_session(opts);
                crate::interp::sa::session::set_info(cx, sid, None, info)?;
                return Ok(cx.sa.session_value(sid));
            }
            Ok(Value::native(SessionMakerObj { opts: RefCell::new(opts), info: RefCell::new(info) }))
        }
        "scoped_session" => {
            let f = required(args, 0, "session_factory", name)?;
            Ok(Value::native(ScopedSession { factory: f, current: RefCell::new(None) }))
        }
        "close_all_sessions" => close_all_sessions(cx),
        "aliased" => crate::interp::sa::relationships::aliased(cx, args),
        n if crate::interp::sa::loader_options::NAMES.contains(&n) => crate::interp::sa::loader_options::option_function(cx, n, args),
        "make_transient" => {
            let o = required(args, 0, "instance", name)?;
            let id = instance_state_id(&o)?;
            cx.sa.orm_mut()?.make_transient(id)?;
            Ok(Value::None)
        }
        "make_transient_to_detached" => {
            let o = required(args, 0, "instance", name)?;
            let id = instance_state_id(&o)?;
            cx.sa.orm_mut()?.make_transient_to_detached(id)?;
            Ok(Value::None)
        }
        "object_session" => {
            let o = required(args, 0, "instance", name)?;
            let id = instance_id(&o)?;
            Ok(match cx.sa.orm()?.instances.get(id).session() {
                Some(s) => cx.sa.session_value(s),
                None => Value::None,
            })
        }
        "with_parent" => crate::interp::sa::relationships::with_parent(cx, args),
        n if crate::sql::expr::CompoundOp::from_name(n).is_some() => crate::interp::sa::compound::compound(cx, n, None, args),
        n if crate::interp::sa::elements::NAMES.contains(&n) => crate::interp::sa::elements::call(cx, n, args),
        // the functional forms of column methods (`between(User.id, 1, 2)` is
        // `User.id.between(1, 2)`; `label("n", expr)` is `expr.label("n")`)
        "between" | "distinct" | "nulls_first" | "nulls_last" | "nullsfirst" | "nullslast" | "label" | "collate" => {
            let (recv, method) = match name {
                "label" => (required(args, 1, "element", name)?, "label"),
                "nullsfirst" => (required(args, 0, "column", name)?, "nulls_first"),
                "nullslast" => (required(args, 0, "column", name)?, "nulls_last"),
                _ => (required(args, 0, "expr", name)?, name),
            };
            let mut rest = Args::default();
            rest.positional = std::mem::take(&mut args.positional);
            if name == "label" {
                rest.positional.truncate(1);
            } else if !rest.positional.is_empty() {
                rest.positional.remove(0);
            }
            rest.keywords = std::mem::take(&mut args.keywords);
            let recv = match recv.downcast::<crate::interp::sa::expr::ExprObj>() {
                Some(_) => recv,
                None => crate::interp::sa::expr::ExprObj::value(crate::interp::sa::expr::to_expr(cx, &recv)?),
            };
            cx.call_method(&recv, method, rest)
        }
        other => helper(cx, other, args),
    }
}

/// What `scoped_session` proxies (SQLAlchemy's `create_proxy_methods` list).
const SCOPED_METHODS: &[&str] = &[
    "add", "add_all", "begin", "begin_nested", "close", "reset", "commit", "connection", "delete", "execute", "expire",
    "expire_all", "expunge", "expunge_all", "flush", "get", "get_one", "get_bind", "is_modified", "merge", "query", "refresh",
    "rollback", "scalar", "scalars", "delete_all", "merge_all", "bulk_save_objects", "bulk_insert_mappings", "bulk_update_mappings",
];
const SCOPED_PROPERTIES: &[&str] = &["bind", "dirty", "deleted", "new", "identity_map", "is_active", "autoflush", "no_autoflush", "info"];

/// `scoped_session(factory)`: one session per script, proxied.
pub struct ScopedSession {
    factory: Value,
    current: RefCell<Option<Value>>,
}

impl ScopedSession {
    fn session(&self, cx: &mut Interp) -> Result<Value> {
        if let Some(s) = self.current.borrow().clone() {
            return Ok(s);
        }
        let s = cx.call(&self.factory, Args::default())?;
        *self.current.borrow_mut() = Some(s.clone());
        Ok(s)
    }
}

impl Native for ScopedSession {
    fn type_name(&self) -> String {
        "scoped_session".into()
    }
    /// `scoped_session.__call__(**kw)`: arguments configure the session created
    /// now, and are refused once one exists.
    fn call(self: Rc<Self>, cx: &mut Interp, args: &mut Args) -> Option<Result<Value>> {
        if args.keywords.is_empty() && args.positional.is_empty() {
            return Some(self.session(cx));
        }
        Some((|| {
            if self.current.borrow().is_some() {
                return Err(Error::new(ErrorKind::InvalidRequestError, "Scoped session is already present; no new arguments may be specified."));
            }
            let s = cx.call(&self.factory, std::mem::take(args))?;
            *self.current.borrow_mut() = Some(s.clone());
            Ok(s)
        })())
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        if name == "remove" {
            let cur = self.current.borrow_mut().take();
            if let Some(Value::Native(n)) = cur {
                if let Some(s) = n.as_any().downcast_ref::<SessionObj>() {
                    let sid = s.sid;
                    return Some(cx.sa.orm_mut().and_then(|o| o.close(sid)).map(|_| Value::None));
                }
            }
            return Some(Ok(Value::None));
        }
        if let Some(r) = session_classmethod(cx, name, args) {
            return Some(r);
        }
        if name == "configure" {
            // the factory's configure(); sessions already made keep their settings
            return Some(match &self.factory {
                Value::Native(f) => f.clone().call_method(cx, "configure", args).unwrap_or(Ok(Value::None)),
                _ => Ok(Value::None),
            });
        }
        if !SCOPED_METHODS.contains(&name) {
            return None;
        }
        let s = match self.session(cx) {
            Ok(s) => s,
            Err(e) => return Some(Err(e)),
        };
        match s {
            Value::Native(n) => n.call_method(cx, name, args),
            _ => None,
        }
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        if name == "registry" {
            return Ok(Some(Value::native(ScopedRegistry { scoped: self.clone() })));
        }
        if name == "session_factory" {
            return Ok(Some(self.factory.clone()));
        }
        if !SCOPED_PROPERTIES.contains(&name) {
            return Ok(None);
        }
        let s = self.session(cx)?;
        match s {
            Value::Native(n) => n.get_attr(cx, name),
            _ => Ok(None),
        }
    }
    fn contains(self: Rc<Self>, cx: &mut Interp, item: &Value) -> Option<Result<bool>> {
        let s = match self.session(cx) {
            Ok(s) => s,
            Err(e) => return Some(Err(e)),
        };
        match s {
            Value::Native(n) => n.contains(cx, item),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `scoped_session.registry` (a `ScopedRegistry`): `registry()` is the session,
/// `has()`, `set(session)`, `clear()` (forgets it without closing it).
struct ScopedRegistry {
    scoped: Rc<ScopedSession>,
}

impl Native for ScopedRegistry {
    fn type_name(&self) -> String {
        "ScopedRegistry".into()
    }
    fn call(self: Rc<Self>, cx: &mut Interp, _args: &mut Args) -> Option<Result<Value>> {
        Some(self.scoped.session(cx))
    }
    fn call_method(self: Rc<Self>, _cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        Some(match name {
            "has" => Ok(Value::Bool(self.scoped.current.borrow().is_some())),
            "clear" => {
                *self.scoped.current.borrow_mut() = None;
                Ok(Value::None)
            }
            "set" => required(args, 0, "obj", "set").map(|v| {
                *self.scoped.current.borrow_mut() = Some(v);
                Value::None
            }),
            _ => return None,
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Register `sqlalchemy`, `sqlalchemy.orm` (and the exception modules are the
/// evaluator's) so `from sqlalchemy import select` resolves to the same values.
pub fn register_modules(cx: &mut Interp, session_class: Value) {
    let mut core = indexmap::IndexMap::new();
    for n in CORE_NAMES {
        core.insert(n.to_string(), value_of(n));
    }
    let mut orm = indexmap::IndexMap::new();
    for n in ORM_NAMES {
        orm.insert(n.to_string(), value_of(n));
    }
    orm.insert("Session".into(), session_class);
    // importable, not bound at start (SPEC §1 lists the bound names)
    for n in ["select", "inspect", "aliased", "defaultload", "subqueryload", "immediateload", "close_all_sessions"] {
        orm.insert(n.into(), value_of(n));
    }
    // importable, not bound at start
    for n in ["union", "union_all", "intersect", "intersect_all", "except_", "except_all", "tuple_", "extract", "type_coerce", "over"] {
        core.insert(n.into(), value_of(n));
    }
    for n in ["literal_column", "bindparam", "between", "distinct", "nulls_first", "nulls_last", "nullsfirst", "nullslast", "label", "collate"] {
        core.insert(n.into(), value_of(n));
    }
    for n in crate::interp::sa::expr::TYPE_NAMES {
        if let Some(t) = crate::interp::sa::expr::TypeObj::class(n) {
            core.insert(n.to_string(), Value::native(t));
        }
    }
    cx.register_module("sqlalchemy", Module { name: "sqlalchemy".into(), attrs: core });
    cx.register_module("sqlalchemy.orm", Module { name: "sqlalchemy.orm".into(), attrs: orm });
    let _ = arg;
}
