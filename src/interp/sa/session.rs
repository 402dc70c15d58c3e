//! `Session`, `sessionmaker`, session transactions and the session's
//! collections (`new`, `dirty`, `deleted`, `identity_map`) as Python objects.
//! Each method reads its arguments as SQLAlchemy's signature does and calls
//! the ORM (`orm::session`); query execution lives in `sa::query`.

use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::interp::sa::args::{self, arg, check_no_extra, instance_id, mapper_arg, required};
use crate::interp::sa::{engine as saengine, query};
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::orm::session::SessionOptions;
use crate::orm::state::SessionId;
use crate::orm::transaction::{Bind, JoinMode};
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// A `Session`.
pub struct SessionObj {
    pub sid: SessionId,
}


/// Read `bind=`, `binds=`, `autoflush=`, `expire_on_commit=`, `twophase=`,
/// `join_transaction_mode=` into options.
pub fn read_session_options(cx: &mut Interp, args: &mut Args, opts: &mut SessionOptions) -> Result<()> {
    if let Some(b) = args.take_kw("bind") {
        opts.bind = Some(saengine::bind_arg(&b)?);
    }
    if let Some(v) = args.take_kw("autobegin") {
        opts.autobegin = cx.truthy(&v)?;
    }
    if let Some(b) = args.take_kw("binds") {
        let mut binds = Vec::new();
        if let Value::Dict(d) = &b {
            for (k, v) in d.borrow().iter() {
                let m = mapper_arg(&k.0)?;
                binds.push((m, saengine::bind_arg(v)?));
            }
        } else {
            return Err(type_error("binds must be a dict of mapped classes to engines"));
        }
        opts.binds = binds;
    }
    if let Some(v) = args.take_kw("autoflush") {
        opts.autoflush = cx.truthy(&v)?;
    }
    if let Some(v) = args.take_kw("expire_on_commit") {
        opts.expire_on_commit = cx.truthy(&v)?;
    }
    if let Some(v) = args.take_kw("twophase") {
        opts.twophase = cx.truthy(&v)?;
    }
    if let Some(v) = args.take_kw("join_transaction_mode") {
        if !cx.truthy(&v)? {
            return Err(Error::new(ErrorKind::NotImplementedError, "join_transaction_mode=None is not supported by ormsh"));
        }
        let text = cx.str_of(&v)?;
        opts.join_mode = match (&v, JoinMode::parse(&text)) {
            (Value::Str(_), Some(m)) => m,
            _ => {
                return Err(Error::new(
                    ErrorKind::ArgumentError,
                    format!("invalid selection for join_transaction_mode: \"{text}\""),
                ))
            }
        };
    }
    for k in ["class_", "query_cls"] {
        args::unsupported_kw(args, k, "Session")?;
    }
    Ok(())
}

/// `info=` of `Session()` / `sessionmaker()`: a dict (copied), or None.
pub fn take_info(cx: &mut Interp, args: &mut Args) -> Result<Option<Value>> {
    match args.take_kw("info") {
        None | Some(Value::None) => Ok(None),
        Some(d @ Value::Dict(_)) => Ok(Some(cx.call_method(&d, "copy", Args::default())?)),
        Some(other) => Err(type_error(format!("'{}' object is not a mapping", crate::interp::common::type_name(&other)))),
    }
}

/// A new session's `info`: the factory's dict updated with the call's
/// (`sessionmaker.__call__`), kept when not empty.
pub fn set_info(cx: &mut Interp, sid: SessionId, factory: Option<Value>, local: Option<Value>) -> Result<()> {
    let merged = match (factory, local) {
        (Some(f), Some(l)) => {
            let d = cx.call_method(&f, "copy", Args::default())?;
            cx.call_method(&d, "update", Args { positional: vec![l], ..Args::default() })?;
            Some(d)
        }
        (Some(f), None) => Some(cx.call_method(&f, "copy", Args::default())?),
        (None, l) => l,
    };
    if let Some(d) = merged {
        cx.sa.session_info.insert(sid, d);
    }
    Ok(())
}

/// `sessionmaker(bind=engine, ...)`: a factory with `.configure()` and `.begin()`.
pub struct SessionMakerObj {
    pub opts: RefCell<SessionOptions>,
    /// `info=`: copied into each session it makes.
    pub info: RefCell<Option<Value>>,
}

impl Native for SessionMakerObj {
    fn type_name(&self) -> String {
        "sessionmaker".into()
    }
    /// SQLAlchemy's `sessionmaker.__repr__`: its keywords, the extra ones first.
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        let o = self.opts.borrow();
        let py_bool = |b: bool| if b { "True" } else { "False" };
        let mut kw = Vec::new();
        if o.twophase {
            kw.push("twophase=True".to_string());
        }
        if !o.autobegin {
            kw.push("autobegin=False".to_string());
        }
        let bind = match &o.bind {
            None => "None".to_string(),
            Some(Bind::Engine(e)) => e.repr(),
            Some(Bind::Connection(_)) => "<sqlalchemy.engine.base.Connection object at 0x7fb0>".to_string(),
        };
        kw.push(format!("bind={bind}"));
        kw.push(format!("autoflush={}", py_bool(o.autoflush)));
        kw.push(format!("expire_on_commit={}", py_bool(o.expire_on_commit)));
        Ok(format!("sessionmaker(class_='Session', {})", kw.join(", ")))
    }
    fn call(self: Rc<Self>, cx: &mut Interp, args: &mut Args) -> Option<Result<Value>> {
        Some((|| {
            // `sessionmaker.__call__(self, **local_kw)`: keywords only
            if !args.positional.is_empty() {
                return Err(type_error(format!(
                    "sessionmaker.__call__() takes 1 positional argument but {} were given",
                    args.positional.len() + 1
                )));
            }
            let mut opts = self.opts.borrow().clone();
            let info = take_info(cx, args)?;
            read_session_options(cx, args, &mut opts)?;
            check_no_extra(args, 0, "Session")?;
            let sid = cx.sa.orm_mut()?.create_session(opts);
            let factory = self.info.borrow().clone();
            set_info(cx, sid, factory, info)?;
            Ok(cx.sa.session_value(sid))
        })())
    }
    /// `Session.kw` (the keywords each session gets: the extra ones first, then
    /// bind, autoflush, expire_on_commit, info) and `Session.class_`.
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        match name {
            "class_" => Ok(Some(crate::interp::sa::functions::value_of("Session"))),
            "kw" => {
                let o = self.opts.borrow().clone();
                let mut items: Vec<(&str, Value)> = Vec::new();
                if o.twophase {
                    items.push(("twophase", Value::Bool(true)));
                }
                if !o.autobegin {
                    items.push(("autobegin", Value::Bool(false)));
                }
                let bind = match &o.bind {
                    Some(b) => saengine::bind_value(cx, b),
                    None => Value::None,
                };
                items.push(("bind", bind));
                items.push(("autoflush", Value::Bool(o.autoflush)));
                items.push(("expire_on_commit", Value::Bool(o.expire_on_commit)));
                if let Some(i) = self.info.borrow().clone() {
                    items.push(("info", i));
                }
                let mut d = indexmap::IndexMap::new();
                for (k, v) in items {
                    d.insert(crate::interp::value::HashKey::new(&Value::str(k))?, v);
                }
                Ok(Some(Value::Dict(Rc::new(RefCell::new(d)))))
            }
            _ => Ok(None),
        }
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        match name {
            "configure" => Some((|| {
                let mut opts = self.opts.borrow().clone();
                let info = take_info(cx, args)?;
                read_session_options(cx, args, &mut opts)?;
                *self.opts.borrow_mut() = opts;
                if info.is_some() {
                    *self.info.borrow_mut() = info;
                }
                Ok(Value::None)
            })()),
            "begin" => Some((|| {
                let opts = self.opts.borrow().clone();
                let sid = cx.sa.orm_mut()?.create_session(opts);
                let factory = self.info.borrow().clone();
                set_info(cx, sid, factory, None)?;
                Ok(Value::native(BeginOnEnter { sid }))
            })()),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `with Session.begin() as s:` — a new session whose transaction commits at the end.
struct BeginOnEnter {
    sid: SessionId,
}
impl Native for BeginOnEnter {
    fn type_name(&self) -> String {
        "_SessionBeginCtx".into()
    }
    fn enter(self: Rc<Self>, cx: &mut Interp) -> Option<Result<Value>> {
        Some(cx.sa.orm_mut().and_then(|o| o.begin(self.sid)).map(|_| cx.sa.session_value(self.sid)))
    }
    fn exit(self: Rc<Self>, cx: &mut Interp, exc: Option<&Error>) -> Result<bool> {
        let orm = cx.sa.orm_mut()?;
        let r = if exc.is_some() { orm.rollback(self.sid) } else { orm.commit(self.sid) };
        // `with session.begin():` inside: a commit that raised is rolled back
        // (TransactionalContext.__exit__'s safe_reraise), then the session closes
        if r.is_err() && exc.is_none() {
            let _ = orm.rollback(self.sid);
        }
        let c = orm.close(self.sid);
        r.and(c).map(|_| false)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Native for SessionObj {
    fn type_name(&self) -> String {
        "Session".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("<sqlalchemy.orm.session.Session object at 0x7f00000{:04x}>", self.sid.0))
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        let sid = self.sid;
        match name {
            "new" => return Ok(Some(identity_set(orm_list(cx, |o| o.new_objects(sid))?))),
            "dirty" => return Ok(Some(identity_set(orm_list(cx, |o| o.dirty_objects(sid))?))),
            "deleted" => return Ok(Some(identity_set(orm_list(cx, |o| o.deleted_objects(sid))?))),
            _ => {}
        }
        let orm = cx.sa.orm()?;
        Ok(Some(match name {
            "identity_map" => Value::native(crate::interp::sa::identity_map::IdentityMapObj { sid }),
            "info" => {
                if let Some(d) = cx.sa.session_info.get(&sid) {
                    return Ok(Some(d.clone()));
                }
                let d = Value::Dict(Rc::new(RefCell::new(Default::default())));
                cx.sa.session_info.insert(sid, d.clone());
                d
            }
            "is_active" => Value::Bool(orm.session(sid).is_active()),
            "no_autoflush" => Value::native(NoAutoflush { sid }),
            "autoflush" => Value::Bool(orm.session(sid).opts.autoflush),
            "expire_on_commit" => Value::Bool(orm.session(sid).opts.expire_on_commit),
            "autobegin" => Value::Bool(orm.session(sid).opts.autobegin),
            "twophase" => Value::Bool(orm.session(sid).opts.twophase),
            "bind" => match orm.session(sid).opts.bind.clone() {
                Some(b) => saengine::bind_value(cx, &b),
                None => Value::None,
            },
            // `session.add` without a call: a bound method
            _ if SESSION_METHODS.contains(&name) => Value::Method(Rc::new((Value::Native(self.clone()), Rc::from(name)))),
            _ => return Ok(None),
        }))
    }
    fn set_attr(self: Rc<Self>, cx: &mut Interp, name: &str, value: Value) -> Result<bool> {
        match name {
            "autoflush" => {
                let b = cx.truthy(&value)?;
                cx.sa.orm_mut()?.session_mut(self.sid).opts.autoflush = b;
                Ok(true)
            }
            "expire_on_commit" => {
                let b = cx.truthy(&value)?;
                cx.sa.orm_mut()?.session_mut(self.sid).opts.expire_on_commit = b;
                Ok(true)
            }
            _ => Ok(false),
        }
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        let sid = self.sid;
        Some(session_method(cx, sid, name, args)?)
    }
    /// `for obj in session`: `Session.__iter__`, the pending objects then the identity map's.
    fn iter(self: Rc<Self>, cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some((|| {
            let sid = self.sid;
            let mut out = orm_list(cx, |o| o.new_objects(sid))?;
            let ids: Vec<_> = cx.sa.orm()?.session(sid).identity_map.all().into_iter().map(|(_, id)| id).collect();
            for id in ids {
                out.push(cx.sa.instance_value(id));
            }
            Ok(out)
        })())
    }
    fn contains(self: Rc<Self>, cx: &mut Interp, item: &Value) -> Option<Result<bool>> {
        Some((|| {
            let id = instance_id(item)?;
            Ok(cx.sa.orm()?.contains(self.sid, id))
        })())
    }
    fn enter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Value>> {
        Some(Ok(Value::Native(self)))
    }
    fn exit(self: Rc<Self>, cx: &mut Interp, _exc: Option<&Error>) -> Result<bool> {
        cx.sa.orm_mut()?.close(self.sid)?;
        Ok(false)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn orm_list(cx: &mut Interp, f: impl FnOnce(&crate::orm::session::Orm) -> Vec<crate::orm::state::InstanceId>) -> Result<Vec<Value>> {
    let ids = f(cx.sa.orm()?);
    Ok(ids.into_iter().map(|id| cx.sa.instance_value(id)).collect())
}

/// The methods of `Session` (None: no such method, the evaluator tries attributes).
/// The methods `session_method` answers (for `getattr(session, name)`).
const SESSION_METHODS: &[&str] = &["add", "add_all", "delete", "delete_all", "bulk_save_objects", "bulk_insert_mappings", "bulk_update_mappings", "get", "get_one", "flush", "commit", "rollback", "close", "reset", "begin", "begin_nested", "expunge", "expunge_all", "expire", "expire_all", "refresh", "merge", "merge_all", "is_modified", "in_transaction", "in_nested_transaction", "get_transaction", "get_nested_transaction", "get_bind", "identity_key", "connection", "execute", "scalars", "scalar", "query", "invalidate", "prepare", "close_all"];

pub fn session_method(cx: &mut Interp, sid: SessionId, name: &str, args: &mut Args) -> Option<Result<Value>> {
    let r = match name {
        "add" => (|| {
            let obj = required(args, 0, "instance", "add")?;
            args.take_kw("_warn");
            check_no_extra(args, 1, "add")?;
            let id = instance_id(&obj)?;
            cx.sa.orm_mut()?.add(sid, id)?;
            Ok(Value::None)
        })(),
        "add_all" => (|| {
            let objs = required(args, 0, "instances", "add_all")?;
            for o in cx.iterate(&objs)? {
                let id = instance_id(&o)?;
                cx.sa.orm_mut()?.add(sid, id)?;
            }
            Ok(Value::None)
        })(),
        "delete" => (|| {
            let obj = required(args, 0, "instance", "delete")?;
            let id = instance_id(&obj)?;
            cx.sa.orm_mut()?.delete(sid, id)?;
            Ok(Value::None)
        })(),
        "delete_all" => (|| {
            let objs = required(args, 0, "instances", "delete_all")?;
            for o in cx.iterate(&objs)? {
                let id = instance_id(&o)?;
                cx.sa.orm_mut()?.delete(sid, id)?;
            }
            Ok(Value::None)
        })(),
        "bulk_save_objects" | "bulk_insert_mappings" | "bulk_update_mappings" => crate::interp::sa::bulk::legacy_bulk(cx, sid, name, args),
        "get" | "get_one" => (|| {
            let entity = required(args, 0, "entity", name)?;
            let ident = required(args, 1, "ident", name)?;
            let mut go = crate::orm::loading::GetOptions::default();
            if let Some(v) = args.take_kw("populate_existing") {
                go.populate_existing = cx.truthy(&v)?;
            }
            if let Some(v) = args.take_kw("with_for_update") {
                if !matches!(v, Value::None | Value::Bool(_)) {
                    return Err(Error::new(ErrorKind::NotImplementedError, "ormsh's get(with_for_update=) takes True or False only (no read/nowait/of options)"));
                }
                go.for_update = cx.truthy(&v)?;
            }
            if let Some(v) = args.take_kw("options") {
                if !v.is_none() {
                    for o in cx.iterate(&v)? {
                        match o.downcast::<crate::interp::sa::loader_options::LoaderOptionObj>() {
                            Some(o) => go.options.links.extend(o.links.iter().cloned()),
                            None => return Err(Error::new(ErrorKind::ArgumentError, format!("ExecutionOption Core or ORM object expected, got {}.", cx.repr(&o)?))),
                        }
                    }
                }
            }
            if let Some(v) = args.take_kw("execution_options") {
                let eo = query::ExecOpts::read(cx, Some(v), "Session.get")?;
                go.populate_existing |= eo.populate_existing;
            }
            args::unsupported_kw(args, "identity_token", "Session.get")?;
            args::unsupported_kw(args, "bind_arguments", "Session.get")?;
            check_no_extra(args, 2, name)?;
            let mapper = mapper_arg(&entity)?;
            let pk = query::pk_identity(cx, mapper, &ident)?;
            let got = cx.sa.orm_mut()?.get_with(sid, mapper, pk, &go)?;
            match got {
                Some(id) => Ok(cx.sa.instance_value(id)),
                None if name == "get_one" => Err(Error::new(ErrorKind::NoResultFound, "No row was found when one was required")),
                None => Ok(Value::None),
            }
        })(),
        "flush" => (|| {
            crate::interp::sa::args::unsupported_kw(args, "objects", "Session.flush")?;
            cx.sa.orm_mut()?.flush(sid)?;
            Ok(Value::None)
        })(),
        "commit" => cx.sa.orm_mut().and_then(|o| o.commit(sid)).map(|_| Value::None),
        "rollback" => cx.sa.orm_mut().and_then(|o| o.rollback(sid)).map(|_| Value::None),
        "close" | "reset" => cx.sa.orm_mut().and_then(|o| o.close(sid)).map(|_| Value::None),
        "begin" => (|| {
            check_no_extra(args, 0, "begin")?;
            cx.sa.orm_mut()?.begin(sid)?;
            Ok(SessionTransactionObj::value(cx, sid, 0))
        })(),
        "begin_nested" => (|| {
            let level = cx.sa.orm_mut()?.begin_nested(sid)?;
            Ok(SessionTransactionObj::value(cx, sid, level))
        })(),
        "expunge" => (|| {
            let obj = required(args, 0, "instance", "expunge")?;
            let id = instance_id(&obj)?;
            cx.sa.orm_mut()?.expunge(sid, id)?;
            Ok(Value::None)
        })(),
        "expunge_all" => cx.sa.orm_mut().map(|o| o.expunge_all(sid)).map(|_| Value::None),
        "expire" => (|| {
            let obj = required(args, 0, "instance", "expire")?;
            let names = args::name_list(cx, arg(args, 1, "attribute_names"))?;
            let id = instance_id(&obj)?;
            cx.sa.orm_mut()?.expire(sid, id, names.as_deref())?;
            Ok(Value::None)
        })(),
        "expire_all" => cx.sa.orm_mut().map(|o| o.expire_all(sid)).map(|_| Value::None),
        "refresh" => (|| {
            let obj = required(args, 0, "instance", "refresh")?;
            let names = args::name_list(cx, arg(args, 1, "attribute_names"))?;
            let for_update = match args.take_kw("with_for_update") {
                None | Some(Value::None) => false,
                Some(Value::Bool(b)) => b,
                Some(_) => return Err(Error::new(ErrorKind::NotImplementedError, "ormsh's refresh(with_for_update=) takes True or False only (no read/nowait/of options)")),
            };
            let id = instance_id(&obj)?;
            let o = cx.sa.orm_mut()?;
            o.load_for_update = for_update;
            let r = o.refresh(sid, id, names.as_deref());
            o.load_for_update = false;
            r.map(|_| Value::None)
        })(),
        "merge" => (|| {
            let obj = required(args, 0, "instance", "merge")?;
            let load = args.take_kw("load");
            let load = args::flag(cx, load, true)?;
            args::unsupported_kw(args, "options", "Session.merge")?;
            // `Session.merge` autoflushes (when loading) before it checks the object is mapped
            let id = match instance_id(&obj) {
                Ok(id) => id,
                Err(e) => {
                    if load {
                        cx.sa.orm_mut()?.autoflush(sid)?;
                    }
                    return Err(e);
                }
            };
            let m = cx.sa.orm_mut()?.merge(sid, id, load)?;
            Ok(cx.sa.instance_value(m))
        })(),
        "merge_all" => (|| {
            let objs = required(args, 0, "instances", "merge_all")?;
            let load = args.take_kw("load");
            let load = args::flag(cx, load, true)?;
            args::unsupported_kw(args, "options", "Session.merge_all")?;
            let items = cx.iterate(&objs)?;
            let ids: Vec<_> = items.iter().map(instance_id).collect::<Result<_>>()?;
            let merged = cx.sa.orm_mut()?.merge_all(sid, &ids, load)?;
            Ok(Value::list(merged.into_iter().map(|m| cx.sa.instance_value(m)).collect()))
        })(),
        "is_modified" => (|| {
            let obj = required(args, 0, "instance", "is_modified")?;
            let inc = args.take_kw("include_collections");
            let inc = args::flag(cx, inc, true)?;
            let id = instance_id(&obj)?;
            Ok(Value::Bool(cx.sa.orm()?.is_modified(id, inc)))
        })(),
        "identity_key" => crate::interp::sa::identity_map::identity_key(cx, args),
        "in_transaction" => cx.sa.orm().map(|o| Value::Bool(o.session(sid).in_transaction())),
        "in_nested_transaction" => cx.sa.orm().map(|o| Value::Bool(o.session(sid).in_nested_transaction())),
        "get_transaction" => (|| {
            let has = cx.sa.orm()?.session(sid).in_transaction();
            Ok(if has { SessionTransactionObj::value(cx, sid, 0) } else { Value::None })
        })(),
        "get_nested_transaction" => (|| {
            let n = cx.sa.orm()?.session(sid).transactions.len();
            Ok(if n > 1 { SessionTransactionObj::value(cx, sid, n - 1) } else { Value::None })
        })(),
        "get_bind" => (|| {
            let m = match arg(args, 0, "mapper") {
                Some(Value::None) | None => None,
                Some(v) => Some(mapper_arg(&v)?),
            };
            args.take_kw("clause");
            let b = cx.sa.orm()?.get_bind(sid, m)?;
            Ok(match b {
                Bind::Engine(e) => saengine::engine_value(cx, &e),
                Bind::Connection(c) => saengine::connection_value(cx, &c),
            })
        })(),
        "connection" => (|| {
            args::unsupported_kw(args, "execution_options", "Session.connection")?;
            let m = args::bind_arguments_mapper(args.take_kw("bind_arguments"), "Session.connection")?;
            let c = cx.sa.orm_mut()?.connection_for(sid, m)?;
            Ok(saengine::connection_value(cx, &c))
        })(),
        "execute" => query::session_execute(cx, sid, args),
        "scalars" => query::session_scalars(cx, sid, args),
        "scalar" => query::session_scalar(cx, sid, args),
        "query" => query::session_query(cx, sid, args),
        "invalidate" => (|| {
            let orm = cx.sa.orm_mut()?;
            let conns: Vec<_> = orm.session(sid).transactions.first().map(|t| t.connections.clone()).unwrap_or_default();
            for c in conns {
                c.conn.invalidate()?;
            }
            orm.close(sid)?;
            Ok(Value::None)
        })(),
        "prepare" => cx.sa.orm_mut().and_then(|o| o.prepare(sid)).map(|_| Value::None),
        "close_all" => crate::interp::sa::functions::close_all_sessions(cx),
        _ => return None,
    };
    Some(r)
}

/// `session.begin()` / `begin_nested()` result: `.commit() .rollback() .is_active`,
/// and a context manager committing on success, rolling back on error.
pub struct SessionTransactionObj {
    pub sid: SessionId,
    pub level: usize,
    /// Number of transactions at this level ever started (detects stale handles).
    pub serial: u64,
}

impl SessionTransactionObj {
    /// The Python object of the transaction at `level`: the same object while
    /// any value holds it, as SQLAlchemy returns its one `SessionTransaction`.
    pub fn value(cx: &mut Interp, sid: SessionId, level: usize) -> Value {
        let serial = cx.sa.orm().map(|o| o.tx_serial(sid, level)).unwrap_or(0);
        let handles = &mut cx.sa.tx_handles;
        handles.retain(|(_, w)| w.strong_count() > 0);
        if serial != 0 {
            if let Some(h) = handles.iter().find(|(s, _)| *s == serial).and_then(|(_, w)| w.upgrade()) {
                return Value::Native(h);
            }
        }
        let rc = Rc::new(SessionTransactionObj { sid, level, serial });
        if serial != 0 {
            handles.push((serial, Rc::downgrade(&rc)));
        }
        Value::Native(rc)
    }
    fn alive(&self, cx: &Interp) -> bool {
        cx.sa.orm().map(|o| o.session(self.sid).transactions.len() > self.level && o.tx_serial(self.sid, self.level) == self.serial).unwrap_or(false)
    }
}

impl Native for SessionTransactionObj {
    fn type_name(&self) -> String {
        "SessionTransaction".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("<SessionTransaction at 0x7f10{:04x}{:02x}>", self.sid.0, self.level))
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        let alive = self.alive(cx);
        Ok(Some(match name {
            "is_active" => Value::Bool(alive && cx.sa.orm()?.session(self.sid).transactions[self.level].state() == crate::orm::transaction::TxState::Active),
            "nested" => Value::Bool(self.level > 0),
            "parent" => {
                if self.level > 0 && alive { SessionTransactionObj::value(cx, self.sid, self.level - 1) } else { Value::None }
            }
            "session" => cx.sa.session_value(self.sid),
            _ => return Ok(None),
        }))
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, _args: &mut Args) -> Option<Result<Value>> {
        let r = match name {
            "commit" => self.finish(cx, true),
            "rollback" => self.finish(cx, false),
            // close() of a closed transaction does nothing (any state may close)
            "close" if !self.alive(cx) => Ok(()),
            "close" => self.finish(cx, false),
            _ => return None,
        };
        Some(r.map(|_| Value::None))
    }
    fn enter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Value>> {
        Some(Ok(Value::Native(self)))
    }
    fn exit(self: Rc<Self>, cx: &mut Interp, exc: Option<&Error>) -> Result<bool> {
        if exc.is_some() {
            if self.alive(cx) {
                self.finish(cx, false)?;
            }
            return Ok(false);
        }
        if !self.alive(cx) {
            return Ok(false);
        }
        match self.finish(cx, true) {
            Ok(()) => Ok(false),
            Err(e) => {
                if self.alive(cx) {
                    let _ = self.finish(cx, false);
                }
                Err(e)
            }
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl SessionTransactionObj {
    fn finish(&self, cx: &mut Interp, commit: bool) -> Result<()> {
        if !self.alive(cx) {
            return Err(Error::new(ErrorKind::ResourceClosedError, "This transaction is closed"));
        }
        let orm = cx.sa.orm_mut()?;
        if commit {
            orm.commit_level(self.sid, self.level)
        } else {
            orm.rollback_level(self.sid, self.level)
        }
    }
}

/// `with session.no_autoflush:`
pub struct NoAutoflush {
    sid: SessionId,
}
impl Native for NoAutoflush {
    fn type_name(&self) -> String {
        "_NoAutoflush".into()
    }
    fn enter(self: Rc<Self>, cx: &mut Interp) -> Option<Result<Value>> {
        Some(cx.sa.orm_mut().map(|o| o.session_mut(self.sid).no_autoflush += 1).map(|_| cx.sa.session_value(self.sid)))
    }
    fn exit(self: Rc<Self>, cx: &mut Interp, _exc: Option<&Error>) -> Result<bool> {
        let s = cx.sa.orm_mut()?.session_mut(self.sid);
        s.no_autoflush = s.no_autoflush.saturating_sub(1);
        Ok(false)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `IdentitySet` of `session.new/dirty/deleted`: len, `in` (by identity), iteration.
pub struct IdentitySetObj {
    pub items: Vec<Value>,
}

fn identity_set(items: Vec<Value>) -> Value {
    Value::native(IdentitySetObj { items })
}

impl Native for IdentitySetObj {
    fn type_name(&self) -> String {
        "IdentitySet".into()
    }
    fn repr(&self, cx: &mut Interp) -> Result<String> {
        let mut parts = Vec::new();
        for v in &self.items {
            parts.push(cx.repr(v)?);
        }
        Ok(format!("IdentitySet([{}])", parts.join(", ")))
    }
    fn len(&self, _cx: &mut Interp) -> Option<Result<usize>> {
        Some(Ok(self.items.len()))
    }
    fn truthy(&self, _cx: &mut Interp) -> Result<bool> {
        Ok(!self.items.is_empty())
    }
    fn iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some(Ok(self.items.clone()))
    }
    fn contains(self: Rc<Self>, _cx: &mut Interp, item: &Value) -> Option<Result<bool>> {
        Some(Ok(self.items.iter().any(|v| crate::interp::common::is_same(v, item))))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
