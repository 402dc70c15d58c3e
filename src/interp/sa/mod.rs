//! The SQLAlchemy-named surface: `Session`, `select`, mapped classes and
//! instances, `inspect`, engines and connections, as `Native` objects; the
//! start-up binding of SPEC §1 (`engine`, `Session`, `session`, classes,
//! helpers); and the ORM-facing dot-commands (`sa::dot`).
//!
//! Everything here translates between Python values and the layers below; the
//! behaviour itself lives in `orm`, `engine` and `sql`.

pub mod args;
pub mod bulk;
pub mod collection;
pub mod compound;
pub mod dml;
pub mod dot;
pub mod elements;
pub mod engine;
pub mod expr;
pub mod functions;
pub mod identity_map;
pub mod inspect;
pub mod introspect;
pub mod instance;
pub mod loader_options;
pub mod query;
pub mod relationships;
pub mod result;
pub mod schema_objs;
pub mod select;
pub mod select_more;
pub mod session;
pub mod setup;
pub mod sync;

use crate::engine::Connection;
use crate::events::Table;
use crate::exc::{Error, ErrorKind, Result};
use crate::interp::value::Value;
use crate::interp::Interp;
use crate::orm::mapping::{MapperId, Registry};
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, SessionId};
use crate::sql::dialect::Dialect;
use instance::InstanceObj;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::{Rc, Weak};

pub use setup::setup;

/// The state behind the surface.
#[derive(Default)]
pub struct SaState {
    /// The ORM world; `None` until `setup` ran.
    pub orm: Option<Orm>,
    /// One Python object per live instance, by instance id.
    handles: Vec<Weak<InstanceObj>>,
    /// Mapped classes as Python values, by mapper id.
    pub classes: Vec<Value>,
    /// Plain Python attributes set on mapped instances (`u.note = 1`).
    pub extra_attrs: HashMap<(InstanceId, String), Value>,
    pub engine_handles: Vec<Weak<engine::EngineObj>>,
    pub connection_handles: Vec<Weak<engine::ConnectionObj>>,
    /// While reading attributes through `aliased(User)`: the alias name.
    pub current_alias: Option<Rc<str>>,
    pub alias_counter: u32,
    /// What the shell was started with (for `.open` and `.reset`).
    pub opts: SetupOptions,
    /// `--sandbox`: the connection whose outer transaction every session joins.
    pub sandbox: Option<Connection>,
    /// The session bound to `session` at start.
    pub default_session: Option<SessionId>,
    /// The engine bound to `engine` at start.
    pub default_engine: Option<crate::engine::Engine>,
    /// One Python object per session, by session id (`session.connection() is …`).
    session_handles: Vec<Weak<session::SessionObj>>,
    /// One Python object per session transaction, by its serial
    /// (`session.get_transaction() is session.get_transaction()`).
    pub tx_handles: Vec<(u64, Weak<session::SessionTransactionObj>)>,
    /// Global names bound to each instance (by instance id), for the view.
    pub names: BoundNames,
    /// The label number (`User#n`) of the instance each named id holds: an
    /// arena slot is reused once its object is freed (`Orm::collect_instances`),
    /// and a held event of the old object must not take the new one's names.
    pub named_labels: Rc<std::cell::RefCell<HashMap<u32, u32, crate::fxhash::FxBuild>>>,
    /// `Session.info` dictionaries, made on first use (`Session(info=…)`).
    pub session_info: HashMap<SessionId, Value>,
    /// One `Mapper` object per mapper, made on first `inspect(Class)`
    /// (`inspect(User) is inspect(User)`), by mapper id.
    pub mapper_objs: Vec<Option<Value>>,
}

/// Names bound to instances, shared with the renderer (`User#1 (u)`).
pub type BoundNames = Rc<std::cell::RefCell<HashMap<u32, Vec<Rc<str>>, crate::fxhash::FxBuild>>>;

impl SaState {
    pub fn orm(&self) -> Result<&Orm> {
        self.orm.as_ref().ok_or_else(not_ready)
    }
    pub fn orm_mut(&mut self) -> Result<&mut Orm> {
        self.orm.as_mut().ok_or_else(not_ready)
    }
    pub fn metadata(&self) -> Result<Rc<Registry>> {
        Ok(self.orm()?.registry.clone())
    }

    /// Forget the Python objects of a previous ORM world (`.reset`): its
    /// instance and session ids mean nothing in the next one.
    pub fn forget_handles(&mut self) {
        self.handles.clear();
        self.session_handles.clear();
        self.session_info.clear();
        self.extra_attrs.clear();
        self.names.borrow_mut().clear();
    }

    /// The Python object of an instance: the same object while any value holds it.
    pub fn instance_value(&mut self, id: InstanceId) -> Value {
        let i = id.0 as usize;
        if let Some(h) = self.handles.get(i).and_then(|w| w.upgrade()) {
            return Value::Native(h);
        }
        let (mapper, class) = match &self.orm {
            Some(o) => {
                let m = o.instances.get(id).mapper();
                // the arena's shared name: no allocation per object
                (m, o.instances.class_rc(m))
            }
            None => (MapperId(0), Rc::from("object")),
        };
        let rc = Rc::new(InstanceObj { id, mapper, class });
        if self.handles.len() <= i {
            self.handles.resize(i + 1, Weak::new());
        }
        self.handles[i] = Rc::downgrade(&rc);
        Value::Native(rc)
    }

    /// Free the arena slots of instances nothing can reach any more (detached,
    /// no Python object, no reference from another instance or a session):
    /// see `Orm::collect_instances`. Cheap when there is nothing to do.
    pub fn collect_instances(&mut self) {
        let Some(orm) = self.orm.as_mut() else { return };
        let handles = &self.handles;
        let extra: std::collections::HashSet<InstanceId> = self.extra_attrs.keys().map(|(i, _)| *i).collect();
        let freed = orm.collect_instances(&|id: InstanceId| handles.get(id.0 as usize).is_some_and(|w| w.strong_count() > 0) || extra.contains(&id));
        for id in freed {
            if let Some(w) = self.handles.get_mut(id.0 as usize) {
                *w = Weak::new();
            }
        }
    }

    /// The Python object of a session: the same object while any value holds it.
    pub fn session_value(&mut self, sid: SessionId) -> Value {
        let i = sid.0 as usize;
        if let Some(h) = self.session_handles.get(i).and_then(|w| w.upgrade()) {
            return Value::Native(h);
        }
        let rc = Rc::new(session::SessionObj { sid });
        if self.session_handles.len() <= i {
            self.session_handles.resize(i + 1, Weak::new());
        }
        self.session_handles[i] = Rc::downgrade(&rc);
        Value::Native(rc)
    }

    /// Keep `names` current when a global name is rebound or deleted.
    pub fn note_binding(&mut self, name: &Rc<str>, old: Option<&Value>, new: Option<&Value>) {
        let mut names = self.names.borrow_mut();
        if let Some(o) = old.and_then(|v| v.downcast::<InstanceObj>()) {
            if let Some(list) = names.get_mut(&o.id.0) {
                list.retain(|n| n != name);
                if list.is_empty() {
                    names.remove(&o.id.0);
                }
            }
        }
        if let Some(n) = new.and_then(|v| v.downcast::<InstanceObj>()) {
            if let Some(o) = &self.orm {
                if o.instances.is_live(n.id) {
                    self.named_labels.borrow_mut().insert(n.id.0, o.instances.get(n.id).label_number());
                }
            }
            let list = names.entry(n.id.0).or_default();
            if !list.contains(name) {
                list.push(name.clone());
            }
        }
    }

    /// The class object of a mapper.
    pub fn class_value(&self, m: MapperId) -> Value {
        self.classes.get(m.0 as usize).cloned().unwrap_or(Value::None)
    }

    pub fn dialect_for(&self, conn: &Connection) -> &'static dyn Dialect {
        conn.engine().dialect()
    }

    /// The dialect `str()` compiles for: the URL backend's of the default engine
    /// (not a server's MariaDB), SQLite's without one.
    fn str_dialect(&self) -> &'static dyn Dialect {
        self.default_engine.as_ref().map(|e| crate::engine::driver::backend_dialect(e.backend())).unwrap_or(&crate::sql::dialect::SQLITE)
    }

    /// `str(stmt)`: SQLAlchemy's default string form with `:name` binds.
    pub fn compile_str(&self, stmt: &crate::sql::expr::Statement) -> Result<String> {
        let reg = self.metadata()?;
        let d = self.str_dialect();
        let opts = crate::sql::compiler::CompileOptions { named_binds: true };
        Ok(crate::sql::compiler::compile(stmt, &reg.metadata, &*d, &opts)?.sql)
    }

    /// `str(query)` of a legacy `Query`: compiled for its session's bind
    /// (`Query.__str__`: `statement.compile(bind)`), so the bind parameters are
    /// the driver's paramstyle: `?` for pysqlite, `%(name)s` for psycopg2 and
    /// PyMySQL; IN lists stay `(__[POSTCOMPILE_name_1])` as in any `str()`.
    pub fn compile_str_paramstyle(&self, stmt: &crate::sql::expr::Statement, d: &'static dyn Dialect) -> Result<String> {
        let named = self.compile_str(stmt)?;
        let qmark = d.name() == "sqlite";
        let chars: Vec<char> = named.chars().collect();
        let word = |c: char| c.is_alphanumeric() || c == '_';
        let (mut out, mut i, mut quote) = (String::with_capacity(named.len()), 0, None::<char>);
        while i < chars.len() {
            let c = chars[i];
            match quote {
                Some(q) => {
                    if c == q {
                        quote = None;
                    }
                }
                None if c == '\'' || c == '"' => quote = Some(c),
                None if c == ':' && (i == 0 || !(word(chars[i - 1]) || chars[i - 1] == ':')) && chars.get(i + 1).is_some_and(|n| word(*n)) => {
                    let mut j = i + 1;
                    while j < chars.len() && word(chars[j]) {
                        j += 1;
                    }
                    if chars.get(j) != Some(&':') {
                        let name: String = chars[i + 1..j].iter().collect();
                        out.push_str(&if qmark { "?".to_string() } else { format!("%({name})s") });
                        i = j;
                        continue;
                    }
                }
                None => {}
            }
            out.push(c);
            i += 1;
        }
        Ok(out)
    }

    /// `str(expr)` of a column expression: the element alone, `:name` binds.
    pub fn compile_element_str(&self, e: &crate::sql::expr::Expr) -> Result<String> {
        let reg = self.metadata()?;
        let d = self.str_dialect();
        let opts = crate::sql::compiler::CompileOptions { named_binds: true };
        Ok(crate::sql::compiler::compile_element(e, &reg.metadata, &*d, &opts)?.sql)
    }
}

fn not_ready() -> Error {
    Error::new(ErrorKind::RuntimeError, "no database is open (ormsh was not set up with a URL)")
}

/// What `ormsh` was started with (SPEC §1), as far as the surface needs it.
#[derive(Clone, Debug, Default)]
pub struct SetupOptions {
    /// Database URL; `sqlite://` when none was given.
    pub url: String,
    pub schema: Option<PathBuf>,
    /// Create missing tables at start (false with `--no-create`).
    pub create: bool,
    /// `--reflect`
    pub reflect: bool,
    /// `--sandbox`: the sessions work inside one outer transaction, rolled back on exit.
    pub sandbox: bool,
}

/// Why start-up failed: exit status 2, message printed as is.
#[derive(Clone, Debug, PartialEq)]
pub struct StartupError {
    pub message: String,
}

impl std::fmt::Display for StartupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A value worth showing as a table (a list of instances or rows), else None.
pub fn tabulate(cx: &mut Interp, value: &Value) -> Option<Table> {
    let items: Vec<Value> = match value {
        Value::List(l) => l.borrow().clone(),
        _ => return None,
    };
    if items.is_empty() {
        return None;
    }
    if let Some(first) = items[0].downcast::<InstanceObj>() {
        let mapper = first.mapper;
        if !items.iter().all(|v| v.downcast::<InstanceObj>().map(|i| i.mapper == mapper).unwrap_or(false)) {
            return None;
        }
        let orm = cx.sa.orm().ok()?;
        let m = orm.registry.mapper(mapper);
        let mut columns = vec!["".to_string()];
        columns.extend(m.columns.iter().cloned());
        let mut rows = Vec::new();
        for v in &items {
            let id = v.downcast::<InstanceObj>()?.id;
            let st = orm.instances.get(id);
            let mut row = vec![orm.instances.label(id).to_string()];
            for (i, _) in m.columns.iter().enumerate() {
                row.push(match &st.dict()[i] {
                    crate::orm::state::Slot::Val(v) => v.py_repr(),
                    crate::orm::state::Slot::Sql(_) => "<expression>".into(),
                    crate::orm::state::Slot::Absent => {
                        if st.is_expired(i) { "(expired)".into() } else { "".into() }
                    }
                });
            }
            rows.push(row);
        }
        return Some(Table { columns, rows });
    }
    if let Some(first) = items[0].downcast::<result::RowObj>() {
        let keys = first.keys.clone();
        let mut rows = Vec::new();
        for v in &items {
            let r = v.downcast::<result::RowObj>()?;
            if r.keys.len() != keys.len() {
                return None;
            }
            let vals = r.values.clone();
            let mut row = Vec::new();
            for x in &vals {
                row.push(cx.repr(x).ok()?);
            }
            rows.push(row);
        }
        return Some(Table { columns: keys.iter().map(|k| k.to_string()).collect(), rows });
    }
    None
}
