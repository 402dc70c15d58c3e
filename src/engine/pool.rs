//! Connection pools with SQLAlchemy 2.x semantics: `QueuePool` (the default) and
//! `SingletonThreadPool` (SQLite `:memory:`, where every checkout must share the one
//! DBAPI connection or each would see a different, empty database).
//!
//! Mirrors `sqlalchemy/pool/impl.py` (`QueuePool._do_get/_do_return_conn/status`,
//! `SingletonThreadPool`) and `pool/base.py` (`_ConnectionRecord.get_connection`:
//! lazy connect, `pool_recycle`, pool-wide invalidation by timestamp;
//! `_ConnectionFairy._checkout`: pre-ping; reset-on-return = rollback).
//!
//! ormsh's interpreter is single-threaded, so no other thread can return a
//! connection while a checkout waits: a checkout that would wait sleeps for the
//! pool timeout (the user sees the wait, as with SQLAlchemy) and then raises
//! SQLAlchemy's `TimeoutError`.
//!
//! Used by `Engine` (which owns the current pool and replaces it on `dispose()`)
//! and `Connection` (which holds one [`PooledConnection`] at a time).

use crate::engine::driver::{DbapiConnection, DriverError};
use crate::exc::{self, Error, ErrorKind};
use std::cell::{RefCell, RefMut};
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Opens a new DBAPI connection (SQLAlchemy's pool "creator").
pub type Creator = Rc<dyn Fn() -> exc::Result<Box<dyn DbapiConnection>>>;

/// A DBAPI connection shared by the record and the checkouts that use it.
pub type DbapiHandle = Rc<RefCell<Box<dyn DbapiConnection>>>;

/// Which pool class, and its settings.
#[derive(Clone, Debug, PartialEq)]
pub enum PoolKind {
    /// `QueuePool(pool_size, max_overflow, timeout)`.
    Queue { pool_size: i64, max_overflow: i64, timeout: f64 },
    /// `SingletonThreadPool(pool_size)`.
    SingletonThread { pool_size: i64 },
}

/// Settings common to every pool class (`Pool.__init__`).
#[derive(Clone, Debug, PartialEq)]
pub struct PoolConfig {
    pub kind: PoolKind,
    /// Seconds after which a connection is replaced at checkout; -1 disables.
    pub recycle: f64,
    /// Test each reused connection with `SELECT 1` at checkout.
    pub pre_ping: bool,
}

/// `_ConnectionRecord`: one slot, holding a DBAPI connection or none (after an
/// invalidation; it reconnects at its next checkout).
#[derive(Clone)]
struct Record {
    dbapi: Option<DbapiHandle>,
    starttime: Instant,
    /// Just connected: pre-ping skips it once.
    fresh: bool,
    /// Serial of the DBAPI connection (tests and `.explain` can see replacements).
    serial: u64,
}

struct QueueState {
    pool_size: i64,
    max_overflow: i64,
    timeout: f64,
    overflow: i64,
    queue: VecDeque<Record>,
}

impl QueueState {
    /// `Queue.maxsize`: 0 or less means unbounded, as in Python's queue.
    fn is_full(&self) -> bool {
        self.pool_size > 0 && self.queue.len() as i64 >= self.pool_size
    }
    fn checkedin(&self) -> i64 {
        self.queue.len() as i64
    }
    fn overflow(&self) -> i64 {
        if self.pool_size != 0 { self.overflow } else { 0 }
    }
    fn checkedout(&self) -> i64 {
        self.pool_size - self.queue.len() as i64 + self.overflow
    }
}

struct SingletonState {
    pool_size: i64,
    /// The thread's one record (`_conn.current`), created at first checkout.
    current: Option<Record>,
    /// How many checkouts share the current fairy (`_ConnectionFairy._counter`).
    fairy_counter: u32,
    /// Bumped when the shared fairy is checked in early (invalidation), so stale
    /// holders do not decrement the next fairy's counter.
    fairy_generation: u64,
}

enum Strategy {
    Queue(QueueState),
    Singleton(SingletonState),
}

struct PoolInner {
    strategy: Strategy,
    recycle: f64,
    pre_ping: bool,
    creator: Creator,
    /// `Pool._invalidate_time`: connections older than this are replaced at checkout.
    invalidate_time: Option<Instant>,
    next_serial: u64,
    connects: u64,
}

/// A pool handle (cheap to clone; clones are the same pool).
#[derive(Clone)]
pub struct Pool(Rc<RefCell<PoolInner>>);

impl Pool {
    pub fn new(config: PoolConfig, creator: Creator) -> Pool {
        let strategy = match config.kind {
            PoolKind::Queue { pool_size, max_overflow, timeout } => Strategy::Queue(QueueState {
                pool_size,
                max_overflow: if pool_size == 0 { -1 } else { max_overflow },
                timeout,
                overflow: -pool_size,
                queue: VecDeque::new(),
            }),
            PoolKind::SingletonThread { pool_size } => Strategy::Singleton(SingletonState {
                pool_size,
                current: None,
                fairy_counter: 0,
                fairy_generation: 0,
            }),
        };
        Pool(Rc::new(RefCell::new(PoolInner {
            strategy,
            recycle: config.recycle,
            pre_ping: config.pre_ping,
            creator,
            invalidate_time: None,
            next_serial: 0,
            connects: 0,
        })))
    }

    /// `Pool.recreate()`: a new, empty pool with the same settings (what
    /// `Engine.dispose()` installs).
    pub fn recreate(&self) -> Pool {
        let inner = self.0.borrow();
        Pool::new(self.config_of(&inner), inner.creator.clone())
    }

    fn config_of(&self, inner: &PoolInner) -> PoolConfig {
        let kind = match &inner.strategy {
            Strategy::Queue(q) => {
                PoolKind::Queue { pool_size: q.pool_size, max_overflow: q.max_overflow, timeout: q.timeout }
            }
            Strategy::Singleton(s) => PoolKind::SingletonThread { pool_size: s.pool_size },
        };
        PoolConfig { kind, recycle: inner.recycle, pre_ping: inner.pre_ping }
    }

    pub fn config(&self) -> PoolConfig {
        self.config_of(&self.0.borrow())
    }

    pub fn ptr_eq(&self, other: &Pool) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// The class name (`QueuePool`, `SingletonThreadPool`), for repr and messages.
    pub fn class_name(&self) -> &'static str {
        match self.0.borrow().strategy {
            Strategy::Queue(_) => "QueuePool",
            Strategy::Singleton(_) => "SingletonThreadPool",
        }
    }

    /// A stable number standing in for Python's `id(pool)`.
    pub fn id(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }

    /// `Pool.status()`, text exactly as SQLAlchemy's.
    pub fn status(&self) -> String {
        match &self.0.borrow().strategy {
            Strategy::Queue(q) => format!(
                "Pool size: {}  Connections in pool: {} Current Overflow: {} Current Checked out connections: {}",
                q.pool_size,
                q.checkedin(),
                q.overflow(),
                q.checkedout()
            ),
            Strategy::Singleton(s) => {
                format!("SingletonThreadPool id:{} size: {}", self.id(), s.current.is_some() as u8)
            }
        }
    }

    fn queue_stat(&self, name: &str, f: impl Fn(&QueueState) -> i64) -> exc::Result<i64> {
        match &self.0.borrow().strategy {
            Strategy::Queue(q) => Ok(f(q)),
            Strategy::Singleton(_) => Err(exc::attribute_error(format!(
                "'SingletonThreadPool' object has no attribute '{name}'"
            ))),
        }
    }

    /// `QueuePool.size()`. On `SingletonThreadPool`, `size` is an int attribute,
    /// so calling it is Python's TypeError; see [`Pool::size_attribute`].
    pub fn size(&self) -> exc::Result<i64> {
        match &self.0.borrow().strategy {
            Strategy::Queue(q) => Ok(q.pool_size),
            Strategy::Singleton(_) => Err(exc::type_error("'int' object is not callable")),
        }
    }
    /// `SingletonThreadPool.size` read as an attribute (its pool_size).
    pub fn size_attribute(&self) -> Option<i64> {
        match &self.0.borrow().strategy {
            Strategy::Singleton(s) => Some(s.pool_size),
            Strategy::Queue(_) => None,
        }
    }
    pub fn checkedin(&self) -> exc::Result<i64> {
        self.queue_stat("checkedin", QueueState::checkedin)
    }
    pub fn checkedout(&self) -> exc::Result<i64> {
        self.queue_stat("checkedout", QueueState::checkedout)
    }
    pub fn overflow(&self) -> exc::Result<i64> {
        self.queue_stat("overflow", QueueState::overflow)
    }
    pub fn timeout(&self) -> exc::Result<f64> {
        match &self.0.borrow().strategy {
            Strategy::Queue(q) => Ok(q.timeout),
            Strategy::Singleton(_) => Err(exc::attribute_error("'SingletonThreadPool' object has no attribute 'timeout'")),
        }
    }
    /// DBAPI connections opened so far by this pool (diagnostics and tests).
    pub fn connects(&self) -> u64 {
        self.0.borrow().connects
    }

    /// `Pool.dispose()`: close the checked-in connections. Checked-out ones are left
    /// alone and come back normally.
    pub fn dispose(&self) {
        let closing: Vec<Record> = {
            let mut inner = self.0.borrow_mut();
            match &mut inner.strategy {
                Strategy::Queue(q) => {
                    let recs = q.queue.drain(..).collect();
                    q.overflow = -q.pool_size;
                    recs
                }
                Strategy::Singleton(s) => s.current.take().into_iter().collect(),
            }
        };
        for rec in closing {
            close_record(&rec);
        }
    }

    /// `Pool._invalidate`: every connection made before now is replaced at its next
    /// checkout (a disconnect was seen on one of them).
    pub fn invalidate_all_before_now(&self) {
        self.0.borrow_mut().invalidate_time = Some(Instant::now());
    }

    /// Check a connection out (`Pool.connect()`): reuse, create, recycle, ping or
    /// time out as SQLAlchemy does.
    pub fn connect(&self) -> exc::Result<PooledConnection> {
        let (record, generation) = match self.take_record()? {
            Taken::Shared(fairy) => return Ok(fairy),
            Taken::Record(rec, generation) => (rec, generation),
        };
        let record = match self.prepare(record) {
            Ok(r) => r,
            Err((rec, e)) => {
                self.return_record(rec, generation);
                return Err(e);
            }
        };
        let record = match self.pre_ping(record) {
            Ok(r) => r,
            Err((rec, e)) => {
                self.return_record(rec, generation);
                return Err(e);
            }
        };
        let handle = match &record.dbapi {
            Some(h) => h.clone(),
            None => return Err(exc::invalid("This connection is closed")),
        };
        let serial = record.serial;
        let mut inner = self.0.borrow_mut();
        let kept = match &mut inner.strategy {
            Strategy::Queue(_) => Some(Record { fresh: false, ..record }),
            Strategy::Singleton(s) => {
                s.current = Some(Record { fresh: false, ..record });
                None
            }
        };
        Ok(PooledConnection { pool: self.clone(), record: kept, handle, serial, generation, returned: false })
    }

    fn take_record(&self) -> exc::Result<Taken> {
        enum Next {
            Have(Record),
            Create,
            Wait(f64, i64, i64),
        }
        let next = {
            let mut inner = self.0.borrow_mut();
            match &mut inner.strategy {
                Strategy::Singleton(s) => {
                    if s.fairy_counter > 0 {
                        if let Some(rec) = &s.current {
                            if let Some(h) = &rec.dbapi {
                                s.fairy_counter += 1;
                                return Ok(Taken::Shared(PooledConnection {
                                    pool: self.clone(),
                                    record: None,
                                    handle: h.clone(),
                                    serial: rec.serial,
                                    generation: s.fairy_generation,
                                    returned: false,
                                }));
                            }
                        }
                    }
                    s.fairy_counter = 1;
                    match s.current.take() {
                        Some(rec) => Next::Have(rec),
                        None => Next::Create,
                    }
                }
                Strategy::Queue(q) => {
                    if let Some(rec) = q.queue.pop_front() {
                        Next::Have(rec)
                    } else if q.max_overflow > -1 && q.overflow >= q.max_overflow {
                        Next::Wait(q.timeout, q.pool_size, q.overflow())
                    } else {
                        q.overflow += 1;
                        Next::Create
                    }
                }
            }
        };
        let generation = self.generation();
        match next {
            Next::Have(rec) => Ok(Taken::Record(rec, generation)),
            Next::Create => match self.open_record() {
                Ok(rec) => Ok(Taken::Record(rec, generation)),
                Err(e) => {
                    self.undo_create();
                    Err(e)
                }
            },
            Next::Wait(timeout, size, overflow) => {
                if timeout > 0.0 && timeout.is_finite() {
                    std::thread::sleep(Duration::from_secs_f64(timeout));
                }
                Err(Error::new(
                    ErrorKind::TimeoutError,
                    format!(
                        "QueuePool limit of size {size} overflow {overflow} reached, connection timed out, timeout {timeout:.2} (Background on this error at: https://sqlalche.me/e/21/3o7r)"
                    ),
                ))
            }
        }
    }

    fn generation(&self) -> u64 {
        match &self.0.borrow().strategy {
            Strategy::Singleton(s) => s.fairy_generation,
            Strategy::Queue(_) => 0,
        }
    }

    /// A failed create gives its overflow slot back (`_dec_overflow`).
    fn undo_create(&self) {
        match &mut self.0.borrow_mut().strategy {
            Strategy::Queue(q) => q.overflow -= 1,
            Strategy::Singleton(s) => s.fairy_counter = 0,
        }
    }

    fn open_record(&self) -> exc::Result<Record> {
        let creator = self.0.borrow().creator.clone();
        let conn = creator()?;
        let mut inner = self.0.borrow_mut();
        inner.next_serial += 1;
        inner.connects += 1;
        Ok(Record {
            dbapi: Some(Rc::new(RefCell::new(conn))),
            starttime: Instant::now(),
            fresh: true,
            serial: inner.next_serial,
        })
    }

    /// `_ConnectionRecord.get_connection`: connect a record left empty by an
    /// invalidation; replace one past `pool_recycle` or older than the pool's
    /// invalidation time.
    fn prepare(&self, rec: Record) -> Result<Record, (Record, Error)> {
        let (recycle, invalidate_time) = {
            let inner = self.0.borrow();
            (inner.recycle, inner.invalidate_time)
        };
        let stale = rec.dbapi.is_some()
            && ((recycle > -1.0 && rec.starttime.elapsed().as_secs_f64() > recycle)
                || invalidate_time.is_some_and(|t| t > rec.starttime));
        if rec.dbapi.is_some() && !stale {
            return Ok(rec);
        }
        if stale {
            close_record(&rec);
        }
        match self.open_record() {
            Ok(new) => Ok(new),
            Err(e) => Err((Record { dbapi: None, ..rec }, e)),
        }
    }

    /// The pre-ping of `_ConnectionFairy._checkout`: a reused connection that fails
    /// `SELECT 1` with a disconnect invalidates the pool and is replaced.
    fn pre_ping(&self, rec: Record) -> Result<Record, (Record, Error)> {
        if !self.0.borrow().pre_ping || rec.fresh {
            return Ok(rec);
        }
        let Some(handle) = rec.dbapi.clone() else { return Ok(rec) };
        let outcome = handle.borrow_mut().ping();
        match outcome {
            Ok(true) => Ok(rec),
            Ok(false) => {
                self.invalidate_all_before_now();
                close_record(&rec);
                match self.open_record() {
                    Ok(new) => Ok(new),
                    Err(e) => Err((Record { dbapi: None, ..rec }, e)),
                }
            }
            Err(e) => {
                close_record(&rec);
                Err((Record { dbapi: None, ..rec }, wrap_connect_error(e)))
            }
        }
    }

    /// Put a record back (`_do_return_conn`): a full queue closes it instead.
    fn return_record(&self, rec: Record, generation: u64) {
        let mut closing = None;
        {
            let mut inner = self.0.borrow_mut();
            match &mut inner.strategy {
                Strategy::Queue(q) => {
                    if q.is_full() {
                        closing = Some(rec);
                        q.overflow -= 1;
                    } else {
                        q.queue.push_back(rec);
                    }
                }
                Strategy::Singleton(s) => {
                    if generation == s.fairy_generation {
                        s.current = Some(rec);
                        s.fairy_counter = 0;
                    }
                }
            }
        }
        if let Some(rec) = closing {
            close_record(&rec);
        }
    }
}

enum Taken {
    Record(Record, u64),
    Shared(PooledConnection),
}

fn close_record(rec: &Record) {
    if let Some(h) = &rec.dbapi {
        if let Ok(mut c) = h.try_borrow_mut() {
            c.close();
        }
    }
}

/// A driver error raised while connecting or pinging, as SQLAlchemy's
/// `_handle_dbapi_exception_noconnection` wraps it (no statement).
pub fn wrap_connect_error(e: DriverError) -> Error {
    e.wrap("", "", false)
}

/// A checked-out connection (`_ConnectionFairy`). Return it with [`checkin`] or
/// [`invalidate`]; dropping it without either returns it with a reset.
///
/// [`checkin`]: PooledConnection::checkin
/// [`invalidate`]: PooledConnection::invalidate
pub struct PooledConnection {
    pool: Pool,
    /// The record, for QueuePool (SingletonThreadPool keeps its record itself).
    record: Option<Record>,
    handle: DbapiHandle,
    serial: u64,
    generation: u64,
    returned: bool,
}

impl PooledConnection {
    /// The DBAPI connection. Borrowed only for the length of one call.
    pub fn dbapi(&self) -> RefMut<'_, Box<dyn DbapiConnection>> {
        self.handle.borrow_mut()
    }
    /// The DBAPI connection itself, for a cursor that outlives this checkout
    /// (pysqlite's cursor keeps its connection: rows are still read after the
    /// connection went back to the pool, e.g. a `yield_per` loop that commits).
    pub fn handle(&self) -> DbapiHandle {
        self.handle.clone()
    }
    /// Which DBAPI connection this is (changes when one is replaced).
    pub fn serial(&self) -> u64 {
        self.serial
    }
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Return to the pool with reset-on-return (`rollback()`); for
    /// SingletonThreadPool only when the last sharer returns it.
    pub fn checkin(mut self) {
        self.do_checkin();
    }

    fn do_checkin(&mut self) {
        if self.returned {
            return;
        }
        self.returned = true;
        match self.record.take() {
            Some(rec) => {
                let _ = self.handle.borrow_mut().rollback();
                self.pool.return_record(rec, self.generation);
            }
            None => {
                let mut last = false;
                {
                    let mut inner = self.pool.0.borrow_mut();
                    if let Strategy::Singleton(s) = &mut inner.strategy {
                        if s.fairy_generation == self.generation && s.fairy_counter > 0 {
                            s.fairy_counter -= 1;
                            last = s.fairy_counter == 0;
                        }
                    }
                }
                if last {
                    let _ = self.handle.borrow_mut().rollback();
                }
            }
        }
    }

    /// `_ConnectionFairy.invalidate`: close the DBAPI connection for real and return
    /// the (now empty) record, which reconnects at its next checkout. No reset.
    pub fn invalidate(mut self) {
        self.returned = true;
        if let Ok(mut c) = self.handle.try_borrow_mut() {
            c.close();
        }
        match self.record.take() {
            Some(rec) => self.pool.return_record(Record { dbapi: None, ..rec }, self.generation),
            None => {
                let mut inner = self.pool.0.borrow_mut();
                if let Strategy::Singleton(s) = &mut inner.strategy {
                    if let Some(rec) = &mut s.current {
                        if rec.serial == self.serial {
                            rec.dbapi = None;
                        }
                    }
                    if s.fairy_generation == self.generation {
                        s.fairy_generation += 1;
                        s.fairy_counter = 0;
                    }
                }
            }
        }
    }
}

impl Drop for PooledConnection {
    fn drop(&mut self) {
        self.do_checkin();
    }
}
