//! `Engine`: a URL, a pool and the event sink; the factory of `Connection`s.
//!
//! Mirrors `sqlalchemy/engine/create.py` (`create_engine`: argument checks, the
//! pool class SQLAlchemy 2.x picks — `SingletonThreadPool` for SQLite `:memory:`,
//! `QueuePool` otherwise, as `sqlite/pysqlite.py` `get_pool_class` says) and
//! `engine/base.py` `Engine` (`connect`, `dispose`, `repr`).
//!
//! Called by the interpreter's `create_engine(...)`, by the shell at start-up and
//! by the ORM's Session to get connections.

use crate::engine::connection::Connection;
use crate::engine::driver::{self, check_isolation_level, ConnectOptions};
use crate::engine::pool::{Creator, Pool, PoolConfig, PoolKind};
use crate::engine::url::{Backend, Url};
use crate::events::Events;
use crate::exc;
use crate::sql::dialect::Dialect;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// `create_engine` keyword arguments ormsh understands. `None` means "not given"
/// (SQLAlchemy refuses some arguments for some pools only when they are given).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EngineOptions {
    pub echo: bool,
    pub pool_size: Option<i64>,
    pub max_overflow: Option<i64>,
    pub pool_timeout: Option<f64>,
    pub pool_recycle: Option<f64>,
    pub pool_pre_ping: Option<bool>,
    pub isolation_level: Option<String>,
    /// SQLite `PRAGMA foreign_keys` on every connection (ormsh extension; default off
    /// like pysqlite).
    pub sqlite_foreign_keys: Option<bool>,
}

struct EngineInner {
    url: Url,
    options: EngineOptions,
    events: Events,
    pool: RefCell<Pool>,
    echo: RefCell<bool>,
    /// The dialect the server asked for, learned at the first connect (the
    /// URL's until then).
    dialect: RefCell<Rc<Cell<Option<&'static dyn Dialect>>>>,
}

/// An engine handle (cheap to clone; clones are the same engine).
#[derive(Clone)]
pub struct Engine(Rc<EngineInner>);

impl Engine {
    /// `create_engine(url, **opts)`. Nothing is connected yet (connections open
    /// lazily at the first checkout), as in SQLAlchemy.
    pub fn create(url: &Url, opts: EngineOptions, events: Events) -> exc::Result<Engine> {
        let backend = url.backend();
        // every query option is honoured or refused here, before any connection
        crate::engine::url_options::check(url)?;
        let isolation_level = match &opts.isolation_level {
            Some(level) => Some(check_isolation_level(backend, level)?),
            None => None,
        };
        let singleton = url.is_sqlite_memory();
        if singleton {
            let refused: Vec<&str> = [
                ("max_overflow", opts.max_overflow.is_some()),
                ("pool_timeout", opts.pool_timeout.is_some()),
            ]
            .iter()
            .filter(|(_, given)| *given)
            .map(|(name, _)| *name)
            .collect();
            if !refused.is_empty() {
                return Err(exc::type_error(format!(
                    "Invalid argument(s) {} sent to create_engine(), using configuration {}/SingletonThreadPool/Engine.  Please check that the keyword arguments are appropriate for this combination of components.",
                    refused.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(","),
                    dialect_class(backend)
                )));
            }
        }
        let kind = if singleton {
            PoolKind::SingletonThread { pool_size: opts.pool_size.unwrap_or(5) }
        } else {
            PoolKind::Queue {
                pool_size: opts.pool_size.unwrap_or(5),
                max_overflow: opts.max_overflow.unwrap_or(10),
                timeout: opts.pool_timeout.unwrap_or(30.0),
            }
        };
        let config = PoolConfig {
            kind,
            recycle: opts.pool_recycle.unwrap_or(-1.0),
            pre_ping: opts.pool_pre_ping.unwrap_or(false),
        };
        let connect_opts = ConnectOptions { isolation_level, sqlite_foreign_keys: opts.sqlite_foreign_keys };
        let creator_url = url.clone();
        let dialect: Rc<Cell<Option<&'static dyn Dialect>>> = Rc::default();
        let seen = dialect.clone();
        let creator: Creator = Rc::new(move || {
            let conn = driver::connect(&creator_url, &connect_opts)?;
            seen.set(Some(conn.dialect()));
            Ok(conn)
        });
        let engine = Engine::assemble(url, opts, events, config, creator);
        *engine.0.dialect.borrow_mut() = dialect;
        Ok(engine)
    }

    /// An engine whose pool opens connections with `creator` instead of the URL's
    /// driver (fault-injection tests, proxies). Pool settings come from `opts`
    /// exactly as in [`Engine::create`].
    pub fn create_with_creator(
        url: &Url,
        opts: EngineOptions,
        events: Events,
        creator: Creator,
    ) -> exc::Result<Engine> {
        let probe = Engine::create(url, opts.clone(), Events::null())?;
        let config = probe.pool().config();
        Ok(Engine::assemble(url, opts, events, config, creator))
    }

    fn assemble(url: &Url, opts: EngineOptions, events: Events, config: PoolConfig, creator: Creator) -> Engine {
        Engine(Rc::new(EngineInner {
            url: url.clone(),
            echo: RefCell::new(opts.echo),
            options: opts,
            events,
            pool: RefCell::new(Pool::new(config, creator)),
            dialect: RefCell::default(),
        }))
    }

    pub fn ptr_eq(&self, other: &Engine) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
    pub fn url(&self) -> &Url {
        &self.0.url
    }
    pub fn backend(&self) -> Backend {
        self.0.url.backend()
    }
    /// `engine.name` (the dialect name).
    pub fn name(&self) -> &'static str {
        self.0.url.backend_name()
    }
    /// The engine's dialect: the one its connections speak (MariaDB's once a
    /// `mysql://` engine has met a MariaDB server), the URL backend's before.
    pub fn dialect(&self) -> &'static dyn Dialect {
        self.0.dialect.borrow().get().unwrap_or_else(|| driver::backend_dialect(self.backend()))
    }
    /// `engine.driver`.
    pub fn driver(&self) -> &str {
        self.0.url.driver_name()
    }
    pub fn options(&self) -> &EngineOptions {
        &self.0.options
    }
    pub fn events(&self) -> Events {
        self.0.events.clone()
    }
    /// `engine.echo`.
    pub fn echo(&self) -> bool {
        *self.0.echo.borrow()
    }
    pub fn set_echo(&self, on: bool) {
        *self.0.echo.borrow_mut() = on;
    }
    /// `engine.pool`: the current pool (a new one after `dispose()`).
    pub fn pool(&self) -> Pool {
        self.0.pool.borrow().clone()
    }
    /// `repr(engine)`: `Engine(postgresql://scott:***@localhost/test)`.
    pub fn repr(&self) -> String {
        format!("Engine({})", self.0.url)
    }

    /// `engine.connect()`: a new Connection with a DBAPI connection checked out.
    pub fn connect(&self) -> exc::Result<Connection> {
        Connection::open(self)
    }

    /// `engine.dispose()`: close the pool's checked-in connections and install a
    /// fresh pool. Checked-out connections go back to the old pool when closed.
    pub fn dispose(&self) {
        let old = self.pool();
        old.dispose();
        *self.0.pool.borrow_mut() = old.recreate();
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.repr())
    }
}

/// The dialect class name SQLAlchemy shows in `create_engine` argument errors.
fn dialect_class(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SQLiteDialect_pysqlite",
        Backend::Postgresql => "PGDialect_psycopg",
        Backend::Mysql => "MySQLDialect_mysqldb",
        Backend::Mariadb => "MariaDBDialect_mysqldb",
    }
}
