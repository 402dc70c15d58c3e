//! Start-up (SPEC §1): load the schema, create the engine, create missing
//! tables (checkfirst), and bind `engine`, `Session`, `session`, the mapped
//! classes and the SQL/ORM helpers. Any failure is a `StartupError` (exit 2)
//! and nothing is left half-made in the database.

use crate::engine::{Engine, EngineOptions, Url};
use crate::events::Event;
use crate::exc::Result;
use crate::interp::sa::functions::{self, CORE_NAMES, ORM_NAMES};
use crate::interp::sa::instance::ClassObj;
use crate::interp::sa::session::SessionMakerObj;
use crate::interp::sa::{SetupOptions, StartupError};
use crate::interp::value::Value;
use crate::interp::Interp;
use crate::orm::mapping::{MapperId, Registry};
use crate::orm::session::{Orm, SessionOptions};
use crate::orm::transaction::Bind;
use std::cell::RefCell;
use std::rc::Rc;

fn startup(message: impl Into<String>) -> StartupError {
    StartupError { message: message.into() }
}

/// Load the schema, create the engine and tables, and bind the start-up names.
pub fn setup(cx: &mut Interp, opts: &SetupOptions) -> std::result::Result<(), StartupError> {
    // `.open`/`.reset` in a sandbox: the old sandbox ends (rolled back) first
    leave_sandbox(cx);
    let registry = match &opts.schema {
        Some(path) => crate::orm::schema_file::load_file(path).map_err(|e| startup(e.to_string()))?,
        None => Registry::default(),
    };
    let url_text = if opts.url.is_empty() { "sqlite://" } else { opts.url.as_str() };
    let url = Url::parse(url_text).map_err(|e| startup(format!("bad database URL: {}", e.full_message())))?;
    let engine = Engine::create(&url, EngineOptions::default(), cx.events.clone()).map_err(|e| startup(e.full_message()))?;
    let registry = if opts.reflect {
        reflect_into(cx, &engine, registry).map_err(|e| startup(format!("cannot reflect {}: {}", url.render(true), e.full_message())))?
    } else {
        registry
    };
    // `.open`: the objects and sessions made so far go on under the new
    // engine, so the classes must map as before (checked before any DDL)
    if let Some(old) = &cx.sa.orm {
        if !old.registry_compatible(&registry) {
            return Err(startup(format!(
                "the mapped classes on {} differ from those of the objects already made; .reset starts afresh",
                url.render(true)
            )));
        }
    }
    if opts.create {
        // names the backend would truncate or fold: refused before any DDL (as
        // SQLAlchemy's create_all validates every table name before the first CREATE)
        crate::sql::ddl_check::check_names(&registry.metadata, engine.dialect())
            .map_err(|e| startup(format!("cannot create tables on {}: {}", url.render(true), e)))?;
        create_all(cx, &engine, &registry).map_err(|e| startup(format!("cannot create tables on {}: {}", url.render(true), e.full_message())))?;
    }
    let sandbox = match opts.sandbox {
        true => Some(begin_sandbox(&engine).map_err(|e| startup(format!("cannot begin the sandbox transaction on {}: {}", url.render(true), e.full_message())))?),
        false => None,
    };
    install(cx, opts, Rc::new(registry), engine);
    if let Some(conn) = sandbox {
        bind_to_sandbox(cx, conn);
    }
    Ok(())
}

/// `--sandbox`, as Rails' `console --sandbox`: one connection with an outer
/// transaction that nothing commits. The sessions bind to it with
/// `join_transaction_mode="create_savepoint"` (SQLAlchemy's recipe for
/// "joining a session into an external transaction"): their commit releases a
/// SAVEPOINT, their rollback rolls back to it, and leaving the shell rolls the
/// outer transaction back.
fn begin_sandbox(engine: &Engine) -> Result<crate::engine::Connection> {
    let conn = engine.connect()?;
    conn.begin()?;
    Ok(conn)
}

/// Point `Session` and `session` at the sandbox connection.
fn bind_to_sandbox(cx: &mut Interp, conn: crate::engine::Connection) {
    use crate::orm::transaction::JoinMode;
    let bind = || Some(Bind::Connection(conn.clone()));
    if let Some(v) = cx.get_global("Session") {
        if let Some(maker) = v.downcast::<SessionMakerObj>() {
            let mut o = maker.opts.borrow_mut();
            o.bind = bind();
            o.join_mode = JoinMode::CreateSavepoint;
        }
    }
    if let (Some(sid), Some(orm)) = (cx.sa.default_session, cx.sa.orm.as_mut()) {
        let o = &mut orm.session_mut(sid).opts;
        o.bind = bind();
        o.join_mode = JoinMode::CreateSavepoint;
    }
    cx.events.emit(Event::Notice { text: "sandbox: every change is rolled back when you leave (commit() only releases a SAVEPOINT)".into() });
    cx.sa.sandbox = Some(conn);
}

/// End the sandbox, if any: ROLLBACK of the outer transaction, connection
/// closed. True when there was one.
pub fn leave_sandbox(cx: &mut Interp) -> bool {
    let Some(conn) = cx.sa.sandbox.take() else { return false };
    let rolled_back = conn.in_transaction() && conn.rollback().is_ok();
    let _ = conn.close();
    let text = if rolled_back { "sandbox: rolled back; the database is as it was" } else { "sandbox: the connection was lost; its transaction was not committed" };
    cx.events.emit(Event::Notice { text: text.into() });
    true
}

/// Bind the start-up names for a registry and engine (also `.open`/`.reset`).
pub fn install(cx: &mut Interp, opts: &SetupOptions, registry: Rc<Registry>, engine: Engine) {
    match cx.sa.orm.as_mut() {
        // `.open`: objects and sessions made before stay valid (checked in `setup`)
        Some(old) if old.registry_compatible(&registry) => old.adopt_registry(registry.clone()),
        _ => {
            cx.sa.forget_handles();
            cx.sa.orm = Some(Orm::new(registry.clone(), cx.events.clone()));
        }
    }
    cx.sa.opts = opts.clone();
    cx.sa.classes.clear();
    for (i, m) in registry.mappers.iter().enumerate() {
        let v = Value::native(ClassObj { mapper: MapperId(i as u32), name: m.class_name.clone() });
        cx.sa.classes.push(v.clone());
        // A reflected table name that is not an identifier is also bound as one (`Order_Details`).
        if let Some(alias) = crate::orm::automap::python_alias(&m.class_name) {
            if registry.lookup(&alias).is_none() {
                cx.set_global(&alias, v.clone());
            }
        }
        cx.set_global(&m.class_name, v);
    }
    let engine_v = crate::interp::sa::engine::engine_value(cx, &engine);
    cx.set_global("engine", engine_v);
    let maker = Value::native(SessionMakerObj {
        opts: RefCell::new(SessionOptions { bind: Some(Bind::Engine(engine.clone())), ..Default::default() }),
        info: RefCell::new(None),
    });
    cx.set_global("Session", maker);
    let sid = cx.sa.orm.as_mut().map(|o| o.create_session(SessionOptions { bind: Some(Bind::Engine(engine.clone())), ..Default::default() }));
    if let Some(sid) = sid {
        let v = cx.sa.session_value(sid);
        cx.set_global("session", v);
        cx.sa.default_session = Some(sid);
    }
    cx.sa.default_engine = Some(engine);
    for n in CORE_NAMES.iter().chain(ORM_NAMES.iter()) {
        cx.set_global(n, functions::value_of(n));
    }
    functions::register_modules(cx, functions::value_of("Session"));
}

/// `--reflect`: read the database's tables (quietly, as `create_all`'s checks)
/// and map those the schema does not name, as `automap_base().prepare()`.
/// SQLAlchemy's warnings (types it does not recognize, duplicate class
/// names) are shown as notices.
pub fn reflect_into(cx: &mut Interp, engine: &Engine, schema: Registry) -> Result<Registry> {
    let events = cx.events.clone();
    let saved = events.silence(Box::new(Quiet));
    let r = (|| -> Result<Vec<crate::engine::reflect::ReflectedTable>> {
        let conn = engine.connect()?;
        let tables = crate::engine::reflect::reflect_all(&conn, engine.backend());
        if conn.in_transaction() {
            conn.rollback()?;
        }
        conn.close()?;
        tables
    })();
    events.restore(saved);
    let tables = r?;
    let type_warnings = tables.iter().flat_map(|t| t.columns.iter().filter_map(|c| c.warning()));
    let type_warnings: Vec<String> = type_warnings.collect();
    let mapped = crate::orm::automap::automap(schema, &tables)?;
    for w in type_warnings.into_iter().chain(mapped.warnings) {
        events.emit(Event::Info { text: format!("SAWarning: {w}") });
    }
    Ok(mapped.registry)
}

/// `metadata.create_all(engine)` with checkfirst (`engine::ddl::create_all`).
/// The checks are not shown; the DDL is shown as `Ddl` events (echoed, never
/// traced), one line per statement.
pub fn create_all(cx: &mut Interp, engine: &Engine, registry: &Registry) -> Result<()> {
    if registry.metadata.tables.is_empty() {
        return Ok(());
    }
    let events = cx.events.clone();
    let saved = events.silence(Box::new(Quiet));
    let r = crate::engine::ddl::create_all(engine, &registry.metadata);
    events.restore(saved);
    for s in r? {
        events.emit(Event::Ddl { sql: crate::sql::ddl::one_line(&s) });
    }
    Ok(())
}

struct Quiet;
impl crate::events::EventSink for Quiet {
    fn emit(&mut self, _ev: Event) {}
    fn wants_sql(&self) -> bool {
        false
    }
}
