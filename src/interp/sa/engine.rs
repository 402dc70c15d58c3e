//! `create_engine()`, `Engine`, `Connection`, their transactions and the pool
//! as Python objects. Mirrors the public surface of `sqlalchemy.engine` and
//! `sqlalchemy.pool`; the behaviour is in `crate::engine`.

use crate::sql::dialect::Dbapi;
use crate::engine::{Connection, Engine, EngineOptions, Url};
use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::interp::sa::args::{arg, float_arg, required};
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::orm::transaction::Bind;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// An `Engine`.
pub struct EngineObj {
    pub engine: Engine,
}

/// A `Connection`.
pub struct ConnectionObj {
    pub conn: Connection,
}

/// The Python value of an engine (one object per engine).
pub fn engine_value(cx: &mut Interp, e: &Engine) -> Value {
    for w in &cx.sa.engine_handles {
        if let Some(v) = w.upgrade() {
            if v.engine.ptr_eq(e) {
                return Value::Native(v);
            }
        }
    }
    let rc = Rc::new(EngineObj { engine: e.clone() });
    cx.sa.engine_handles.retain(|w| w.strong_count() > 0);
    cx.sa.engine_handles.push(Rc::downgrade(&rc));
    Value::Native(rc)
}

/// The Python value of a connection (one object per connection).
pub fn connection_value(cx: &mut Interp, c: &Connection) -> Value {
    for w in &cx.sa.connection_handles {
        if let Some(v) = w.upgrade() {
            if v.conn.ptr_eq(c) {
                return Value::Native(v);
            }
        }
    }
    let rc = Rc::new(ConnectionObj { conn: c.clone() });
    cx.sa.connection_handles.retain(|w| w.strong_count() > 0);
    cx.sa.connection_handles.push(Rc::downgrade(&rc));
    Value::Native(rc)
}

/// `bind=` argument: an Engine or a Connection.
pub fn bind_arg(v: &Value) -> Result<Bind> {
    if let Some(e) = v.downcast::<EngineObj>() {
        return Ok(Bind::Engine(e.engine.clone()));
    }
    if let Some(c) = v.downcast::<ConnectionObj>() {
        return Ok(Bind::Connection(c.conn.clone()));
    }
    Err(Error::new(ErrorKind::ArgumentError, "bind must be an Engine or a Connection"))
}

pub fn bind_value(cx: &mut Interp, b: &Bind) -> Value {
    match b {
        Bind::Engine(e) => engine_value(cx, e),
        Bind::Connection(c) => connection_value(cx, c),
    }
}

/// `create_engine(url, echo=, pool_size=, …)`.
pub fn create_engine(cx: &mut Interp, args: &mut Args) -> Result<Value> {
    let url = required(args, 0, "url", "create_engine")?;
    let url = match &url {
        Value::Str(s) => Url::parse(s)?,
        v => match v.downcast::<UrlObj>() {
            Some(u) => u.url.clone(),
            None => return Err(Error::new(ErrorKind::ArgumentError, format!("Expected string or URL object, got {}", cx.repr(v)?))),
        },
    };
    let mut opts = EngineOptions::default();
    for (k, v) in std::mem::take(&mut args.keywords) {
        match &*k {
            "echo" => opts.echo = cx.truthy(&v)?,
            "pool_size" => opts.pool_size = Some(int_arg(&v, "pool_size")?),
            "max_overflow" => opts.max_overflow = Some(int_arg(&v, "max_overflow")?),
            "pool_timeout" => opts.pool_timeout = Some(float_arg(&v, "pool_timeout")?),
            "pool_recycle" => opts.pool_recycle = Some(float_arg(&v, "pool_recycle")?),
            "pool_pre_ping" => opts.pool_pre_ping = Some(cx.truthy(&v)?),
            "isolation_level" => {
                opts.isolation_level = match v {
                    Value::Str(s) => Some(s.to_string()),
                    _ => return Err(Error::new(ErrorKind::ArgumentError, "isolation_level must be a string")),
                }
            }
            "future" => {
                if !cx.truthy(&v)? {
                    return Err(Error::new(ErrorKind::ArgumentError, "The 'future' parameter passed to create_engine() may only be set to True."));
                }
            }
            "echo_pool" | "hide_parameters" | "connect_args" | "poolclass" | "pool_reset_on_return" | "execution_options" | "json_serializer" | "json_deserializer" | "pool_use_lifo" | "insertmanyvalues_page_size" => {
                let mut one = Args { positional: Vec::new(), keywords: vec![(k.clone(), v)] };
                crate::interp::sa::args::unsupported_kw(&mut one, &k, "create_engine")?;
            }
            other => {
                return Err(Error::new(
                    ErrorKind::ArgumentError,
                    format!("Invalid argument(s) '{}' sent to create_engine(), using configuration SQLiteDialect_pysqlite/QueuePool/Engine.  Please check that the keyword arguments are appropriate for this combination of components.", other),
                ))
            }
        }
    }
    let events = cx.events.clone();
    let e = Engine::create(&url, opts, events)?;
    Ok(engine_value(cx, &e))
}

fn int_arg(v: &Value, what: &str) -> Result<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        _ => Err(type_error(format!("{} must be an integer", what))),
    }
}

impl Native for EngineObj {
    fn type_name(&self) -> String {
        "Engine".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(self.engine.repr())
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(Some(match name {
            "url" => Value::native(UrlObj { url: self.engine.url().clone() }),
            "pool" => Value::native(PoolObj { engine: self.engine.clone() }),
            "name" => Value::str(self.engine.name()),
            "driver" => Value::str(self.engine.driver()),
            "echo" => Value::Bool(self.engine.echo()),
            "dialect" => Value::native(DialectObj { name: self.engine.name() }),
            _ => return Ok(None),
        }))
    }
    fn set_attr(self: Rc<Self>, cx: &mut Interp, name: &str, value: Value) -> Result<bool> {
        if name == "echo" {
            let b = cx.truthy(&value)?;
            self.engine.set_echo(b);
            return Ok(true);
        }
        Ok(false)
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        let r = match name {
            "connect" => self.engine.connect().map(|c| connection_value(cx, &c)),
            "raw_connection" => self.engine.connect().map(|c| Value::native(RawConnObj { conn: c })),
            "begin" => (|| {
                let c = self.engine.connect()?;
                c.begin()?;
                let conn = connection_value(cx, &c);
                Ok(Value::native(EngineBeginCtx { conn }))
            })(),
            "dispose" => {
                let _ = args;
                self.engine.dispose();
                Ok(Value::None)
            }
            _ => return None,
        };
        Some(r)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `with engine.begin() as conn:` — commit at the end, roll back on error, close.
struct EngineBeginCtx {
    conn: Value,
}
impl Native for EngineBeginCtx {
    fn type_name(&self) -> String {
        "_trans_ctx".into()
    }
    fn enter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Value>> {
        Some(Ok(self.conn.clone()))
    }
    fn exit(self: Rc<Self>, _cx: &mut Interp, exc: Option<&Error>) -> Result<bool> {
        if let Some(c) = self.conn.downcast::<ConnectionObj>() {
            let r = if exc.is_some() { c.conn.rollback() } else if c.conn.in_transaction() { c.conn.commit() } else { Ok(()) };
            let closed = c.conn.close();
            r?;
            closed?;
        }
        Ok(false)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `engine.url`.
pub struct UrlObj {
    pub url: Url,
}
impl Native for UrlObj {
    fn type_name(&self) -> String {
        "URL".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(self.url.render(true))
    }
    fn str(&self, _cx: &mut Interp) -> Result<String> {
        Ok(self.url.render(true))
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        let opt = |s: Option<&str>| s.map(Value::str).unwrap_or(Value::None);
        Ok(Some(match name {
            "drivername" => Value::str(self.url.drivername()),
            "database" => opt(self.url.database()),
            "host" => opt(self.url.host()),
            "username" => opt(self.url.username()),
            // the real password, as SQLAlchemy's `URL.password`; only the string forms mask it
            "password" => self.url.password().map(Value::str).unwrap_or(Value::None),
            "port" => self.url.port().map(|p| Value::Int(p as i64)).unwrap_or(Value::None),
            _ => return Ok(None),
        }))
    }
    fn call_method(self: Rc<Self>, _cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        match name {
            "render_as_string" => {
                let hide = !matches!(args.take_kw("hide_password"), Some(Value::Bool(false)));
                Some(Ok(Value::str(&self.url.render(hide))))
            }
            "get_backend_name" => Some(Ok(Value::str(self.url.backend_name()))),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `engine.dialect` (name only).
struct DialectObj {
    name: &'static str,
}
impl Native for DialectObj {
    fn type_name(&self) -> String {
        "Dialect".into()
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(match name {
            "name" => Some(Value::str(self.name)),
            _ => None,
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `engine.pool`: `status() size() checkedin() checkedout() overflow()`.
pub struct PoolObj {
    engine: Engine,
}
impl Native for PoolObj {
    fn type_name(&self) -> String {
        self.engine.pool().class_name().into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("<sqlalchemy.pool.impl.{} object at 0x7fa0>", self.engine.pool().class_name()))
    }
    fn call_method(self: Rc<Self>, _cx: &mut Interp, name: &str, _args: &mut Args) -> Option<Result<Value>> {
        let p = self.engine.pool();
        let r = match name {
            "status" => Ok(Value::str(&p.status())),
            "size" => p.size().map(Value::Int),
            "checkedin" => p.checkedin().map(Value::Int),
            "checkedout" => p.checkedout().map(Value::Int),
            "overflow" => p.overflow().map(Value::Int),
            "timeout" => p.timeout().map(Value::Float),
            "dispose" => {
                p.dispose();
                Ok(Value::None)
            }
            _ => return None,
        };
        Some(r)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Native for ConnectionObj {
    fn type_name(&self) -> String {
        "Connection".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok("<sqlalchemy.engine.base.Connection object at 0x7fb0>".into())
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(Some(match name {
            "closed" => Value::Bool(self.conn.closed()),
            "invalidated" => Value::Bool(self.conn.invalidated()),
            "engine" => engine_value(cx, &self.conn.engine()),
            _ => return Ok(None),
        }))
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        let c = self.conn.clone();
        let r = match name {
            "execute" => (|| {
                let stmt = required(args, 0, "statement", "execute")?;
                let params = arg(args, 1, "parameters");
                crate::interp::sa::args::unsupported_kw(args, "execution_options", "Connection.execute")?;
                connection_execute(cx, &c, &stmt, params)
            })(),
            "exec_driver_sql" => (|| {
                let sql = match required(args, 0, "statement", "exec_driver_sql")? {
                    Value::Str(s) => s,
                    _ => return Err(type_error("exec_driver_sql() takes a string")),
                };
                let params: Vec<crate::sql::value::Value> = match arg(args, 1, "parameters") {
                    None | Some(Value::None) => Vec::new(),
                    Some(v) => cx.iterate(&v)?.iter().map(|x| Interp::to_sql_value(x).unwrap_or(crate::sql::value::Value::Null)).collect(),
                };
                let rs = c.exec_driver_sql(&sql, &params)?;
                let keys: Vec<Rc<str>> = rs.columns.iter().map(|k| Rc::from(k.as_str())).collect();
                let rows: Vec<Vec<Value>> = rs.rows.into_iter().map(|r| r.into_iter().map(Interp::from_sql_value).collect()).collect();
                let mut res = crate::interp::sa::result::ResultObj::new(keys, rows);
                if res.keys.is_empty() {
                    res = crate::interp::sa::result::ResultObj::no_rows(rs.rowcount, rs.lastrowid);
                }
                Ok(Value::native(res))
            })(),
            "commit" => c.commit().map(|_| Value::None),
            "rollback" => c.rollback().map(|_| Value::None),
            "close" => c.close().map(|_| Value::None),
            "invalidate" => c.invalidate().map(|_| Value::None),
            "in_transaction" => Ok(Value::Bool(c.in_transaction())),
            "in_nested_transaction" => Ok(Value::Bool(c.in_nested_transaction())),
            "begin" => c.begin().map(|_| Value::native(ConnTxObj { conn: c.clone(), savepoint: None })),
            "begin_nested" => c.begin_nested().map(|sp| Value::native(ConnTxObj { conn: c.clone(), savepoint: Some(sp) })),
            "get_transaction" => Ok(if c.in_transaction() { Value::native(ConnTxObj { conn: c.clone(), savepoint: None }) } else { Value::None }),
            "execution_options" => Ok(Value::Native(self.clone())),
            "scalars" => (|| {
                let stmt = required(args, 0, "statement", "scalars")?;
                let params = arg(args, 1, "parameters");
                let r = connection_execute(cx, &c, &stmt, params)?;
                match r {
                    Value::Native(n) => n.call_method(cx, "scalars", &mut Args::default()).unwrap_or(Ok(Value::None)),
                    other => Ok(other),
                }
            })(),
            "scalar" => (|| {
                let stmt = required(args, 0, "statement", "scalar")?;
                let params = arg(args, 1, "parameters");
                let r = connection_execute(cx, &c, &stmt, params)?;
                match r {
                    Value::Native(n) => n.call_method(cx, "scalar", &mut Args::default()).unwrap_or(Ok(Value::None)),
                    other => Ok(other),
                }
            })(),
            _ => return None,
        };
        Some(r)
    }
    fn enter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Value>> {
        Some(Ok(Value::Native(self)))
    }
    fn exit(self: Rc<Self>, _cx: &mut Interp, _exc: Option<&Error>) -> Result<bool> {
        self.conn.close()?;
        Ok(false)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `conn.begin()` / `conn.begin_nested()`: `.commit() .rollback() .is_active`, context manager.
pub struct ConnTxObj {
    conn: Connection,
    savepoint: Option<String>,
}
impl ConnTxObj {
    fn alive(&self) -> bool {
        match &self.savepoint {
            Some(sp) => self.conn.savepoints().iter().any(|s| s == sp),
            None => self.conn.in_transaction(),
        }
    }
    fn finish(&self, commit: bool) -> Result<()> {
        if !self.alive() {
            return Ok(());
        }
        match (&self.savepoint, commit) {
            (Some(sp), true) => self.conn.release_savepoint(sp),
            (Some(sp), false) => self.conn.rollback_to_savepoint(sp),
            (None, true) => self.conn.commit(),
            (None, false) => self.conn.rollback(),
        }
    }
}
impl Native for ConnTxObj {
    fn type_name(&self) -> String {
        if self.savepoint.is_some() { "NestedTransaction".into() } else { "RootTransaction".into() }
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(match name {
            "is_active" => Some(Value::Bool(self.alive())),
            _ => None,
        })
    }
    fn call_method(self: Rc<Self>, _cx: &mut Interp, name: &str, _args: &mut Args) -> Option<Result<Value>> {
        match name {
            "commit" => Some(self.finish(true).map(|_| Value::None)),
            "rollback" | "close" => Some(self.finish(false).map(|_| Value::None)),
            _ => None,
        }
    }
    fn enter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Value>> {
        Some(Ok(Value::Native(self)))
    }
    fn exit(self: Rc<Self>, _cx: &mut Interp, exc: Option<&Error>) -> Result<bool> {
        self.finish(exc.is_none())?;
        Ok(false)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `engine.raw_connection()`: the DBAPI connection (sqlite3, psycopg2, PyMySQL),
/// with `cursor()`, `commit()`, `rollback()`, `close()`. Its statements are not
/// SQLAlchemy's: no transaction events, no echo.
pub struct RawConnObj {
    conn: Connection,
}
impl Native for RawConnObj {
    fn type_name(&self) -> String {
        "_ConnectionFairy".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok("<sqlalchemy.pool.base._ConnectionFairy object at 0x7fb8>".into())
    }
    fn call_method(self: Rc<Self>, _cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        let c = self.conn.clone();
        let _ = args;
        Some(match name {
            "cursor" => Ok(Value::native(RawCursorObj { conn: c, rows: RefCell::new(Default::default()), rowcount: Cell::new(-1), closed: Cell::new(false) })),
            "commit" => c.finish_dbapi(true).map(|_| Value::None),
            "rollback" => c.finish_dbapi(false).map(|_| Value::None),
            "close" => c.close().map(|_| Value::None),
            _ => return None,
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A DBAPI cursor of [`RawConnObj`]: `execute(sql, params)`, `fetchone()`,
/// `fetchmany(n)`, `fetchall()`, `rowcount`, `close()`.
pub struct RawCursorObj {
    conn: Connection,
    rows: RefCell<std::collections::VecDeque<Value>>,
    rowcount: Cell<i64>,
    closed: Cell<bool>,
}
impl RawCursorObj {
    fn take(&self, n: Option<usize>) -> Value {
        let mut rows = self.rows.borrow_mut();
        let n = n.unwrap_or(rows.len()).min(rows.len());
        let out: Vec<Value> = rows.drain(..n).collect();
        // PyMySQL hands rows out as a tuple, sqlite3 and psycopg2 as a list
        if self.conn.engine().dialect().dbapi() == Dbapi::Pymysql {
            Value::tuple(out)
        } else {
            Value::list(out)
        }
    }
}
impl Native for RawCursorObj {
    fn type_name(&self) -> String {
        "Cursor".into()
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(match name {
            "rowcount" => Some(Value::Int(self.rowcount.get())),
            _ => None,
        })
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        if self.closed.get() && name != "close" {
            return Some(Err(Error::new(ErrorKind::ProgrammingError, "Cannot operate on a closed cursor.")));
        }
        Some(match name {
            "execute" => (|| {
                let sql = match required(args, 0, "sql", "execute")? {
                    Value::Str(s) => s,
                    _ => return Err(type_error("execute() argument 1 must be str")),
                };
                let params: Vec<crate::sql::value::Value> = match arg(args, 1, "parameters") {
                    None | Some(Value::None) => Vec::new(),
                    Some(v) => cx.iterate(&v)?.iter().map(|x| Interp::to_sql_value(x).unwrap_or(crate::sql::value::Value::Null)).collect(),
                };
                let rs = self.conn.execute_dbapi(&sql, &params)?;
                self.rowcount.set(rs.rowcount);
                *self.rows.borrow_mut() = rs.rows.into_iter().map(|r| Value::tuple(r.into_iter().map(Interp::from_sql_value).collect())).collect();
                // sqlite3 returns the cursor, psycopg2 None, PyMySQL the row count
                Ok(match self.conn.engine().dialect().dbapi() {
                    Dbapi::Sqlite3 => Value::Native(self.clone()),
                    Dbapi::Pymysql => Value::Int(self.rowcount.get()),
                    Dbapi::Psycopg2 => Value::None,
                })
            })(),
            "fetchall" => Ok(self.take(None)),
            "fetchmany" => match arg(args, 0, "size") {
                Some(Value::Int(n)) if n >= 0 => Ok(self.take(Some(n as usize))),
                _ => Ok(self.take(Some(1))),
            },
            "fetchone" => Ok(self.rows.borrow_mut().pop_front().unwrap_or(Value::None)),
            "close" => {
                self.closed.set(true);
                self.rows.borrow_mut().clear();
                Ok(Value::None)
            }
            _ => return None,
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `Connection.execute(stmt, params)` outside any session.
pub fn connection_execute(cx: &mut Interp, conn: &Connection, stmt: &Value, params: Option<Value>) -> Result<Value> {
    let params = crate::interp::sa::query::read_params(cx, params)?;
    if let Some(t) = stmt.downcast::<crate::interp::sa::expr::TextObj>() {
        let clause = t.clause.clone();
        return Ok(Value::native(crate::interp::sa::query::run_text(cx, conn, &clause, params)?));
    }
    if let Some(d) = stmt.downcast::<crate::interp::sa::dml::DmlObj>() {
        let d = d.clone();
        return Ok(Value::native(crate::interp::sa::query::run_dml(cx, conn, &d, params)?));
    }
    if let Some(s) = stmt.downcast::<crate::interp::sa::select::SelectObj>() {
        let s = s.clone();
        if let Some(st) = &s.from_statement {
            let st = (**st).clone();
            return Ok(Value::native(crate::interp::sa::query::run_compiled(cx, conn, &st, true)?));
        }
        let mut sel = s.to_sql_select(cx)?;
        if let crate::interp::sa::query::Params::One(p) = &params {
            sel = sel.with_text_binds(&crate::interp::sa::select::sql_pairs(p)?);
        }
        let mut r = crate::interp::sa::query::run_compiled(cx, conn, &crate::sql::expr::Statement::Select(sel), false)?;
        // Core rows: entity selects come back as plain columns
        r.shape = crate::interp::sa::result::Shape::Rows;
        return Ok(Value::native(r));
    }
    // Connection.execute() calls the object's _execute_on_connection: anything else is not executable
    Err(Error::new(ErrorKind::ObjectNotExecutableError, format!("Not an executable object: {}", cx.repr(stmt)?)))
}
