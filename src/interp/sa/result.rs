//! `Result`, `Row`, `ScalarResult` and `RowMapping` as Python objects, with
//! SQLAlchemy's methods (`all first one one_or_none scalar scalar_one scalars
//! fetchall fetchone fetchmany mappings keys unique`) and errors
//! (`NoResultFound`, `MultipleResultsFound`, `ResourceClosedError`).

use crate::exc::{Error, ErrorKind, Result};
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// A result row: a tuple with attribute access by name.
pub struct RowObj {
    pub keys: Rc<[Rc<str>]>,
    pub values: Vec<Value>,
}

impl Native for RowObj {
    fn type_name(&self) -> String {
        "Row".into()
    }
    fn repr(&self, cx: &mut Interp) -> Result<String> {
        let mut parts = Vec::new();
        for v in &self.values {
            parts.push(cx.repr(v)?);
        }
        if parts.len() == 1 {
            Ok(format!("({},)", parts[0]))
        } else {
            Ok(format!("({})", parts.join(", ")))
        }
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        if let Some(i) = self.keys.iter().position(|k| &**k == name) {
            return Ok(Some(self.values[i].clone()));
        }
        if name == "_mapping" {
            return Ok(Some(Value::native(MappingObj { keys: self.keys.clone(), values: self.values.clone() })));
        }
        if name == "_fields" {
            return Ok(Some(Value::tuple(self.keys.iter().map(|k| Value::Str(k.clone())).collect())));
        }
        if name == "_t" {
            return Ok(Some(Value::tuple(self.values.clone())));
        }
        // `Row.__getattr__`: the KeyError of the missing key becomes AttributeError(key)
        if !name.starts_with('_') && !matches!(name, "count" | "index") {
            return Err(Error::new(ErrorKind::AttributeError, name));
        }
        Ok(None)
    }
    fn call_method(self: Rc<Self>, _cx: &mut Interp, name: &str, _args: &mut Args) -> Option<Result<Value>> {
        match name {
            "_asdict" => Some(Ok(mapping_dict(&self.keys, &self.values))),
            "_tuple" => Some(Ok(Value::tuple(self.values.clone()))),
            _ => None,
        }
    }
    fn len(&self, _cx: &mut Interp) -> Option<Result<usize>> {
        Some(Ok(self.values.len()))
    }
    fn iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some(Ok(self.values.clone()))
    }
    fn getitem(self: Rc<Self>, cx: &mut Interp, key: &Value) -> Option<Result<Value>> {
        let t = Value::tuple(self.values.clone());
        Some(cx.getitem(&t, key))
    }
    fn contains(self: Rc<Self>, cx: &mut Interp, item: &Value) -> Option<Result<bool>> {
        let t = Value::tuple(self.values.clone());
        Some(cx.contains(&t, item))
    }
    fn compare(self: Rc<Self>, cx: &mut Interp, op: crate::syntax::ast::CmpOp, other: &Value, _reflected: bool) -> Option<Result<Value>> {
        use crate::syntax::ast::CmpOp;
        let other_vals = match other {
            Value::Tuple(t) => t.to_vec(),
            v => match v.downcast::<RowObj>() {
                Some(r) => r.values.clone(),
                None => return None,
            },
        };
        match op {
            CmpOp::Eq | CmpOp::NotEq => {
                let a = Value::tuple(self.values.clone());
                let b = Value::tuple(other_vals);
                Some(cx.py_eq(&a, &b).map(|e| Value::Bool(if op == CmpOp::Eq { e } else { !e })))
            }
            _ => None,
        }
    }
    fn hash_key(&self) -> Option<u64> {
        crate::interp::value::HashKey::new(&Value::tuple(self.values.clone())).ok().map(|k| k.1)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn mapping_dict(keys: &[Rc<str>], values: &[Value]) -> Value {
    let mut d = indexmap::IndexMap::new();
    for (k, v) in keys.iter().zip(values) {
        if let Ok(hk) = crate::interp::value::HashKey::new(&Value::Str(k.clone())) {
            d.insert(hk, v.clone());
        }
    }
    Value::Dict(Rc::new(RefCell::new(d)))
}

/// `RowMapping`: a read-only dict view of a row.
pub struct MappingObj {
    keys: Rc<[Rc<str>]>,
    values: Vec<Value>,
}
impl Native for MappingObj {
    fn type_name(&self) -> String {
        "RowMapping".into()
    }
    fn repr(&self, cx: &mut Interp) -> Result<String> {
        let mut parts = Vec::new();
        for (k, v) in self.keys.iter().zip(&self.values) {
            parts.push(format!("{}: {}", crate::sql::value::str_repr(k), cx.repr(v)?));
        }
        Ok(format!("{{{}}}", parts.join(", ")))
    }
    fn getitem(self: Rc<Self>, cx: &mut Interp, key: &Value) -> Option<Result<Value>> {
        let name = match key {
            Value::Str(s) => s.clone(),
            other => match other.downcast::<crate::interp::sa::expr::ExprObj>().and_then(|e| e.key.clone()) {
                Some(k) => k,
                None => return Some(Err(Error::new(ErrorKind::KeyError, cx.repr(key).unwrap_or_default()))),
            },
        };
        Some(match self.keys.iter().position(|k| *k == name) {
            Some(i) => Ok(self.values[i].clone()),
            None => Err(Error::new(ErrorKind::KeyError, crate::sql::value::str_repr(&name))),
        })
    }
    fn len(&self, _cx: &mut Interp) -> Option<Result<usize>> {
        Some(Ok(self.keys.len()))
    }
    fn iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some(Ok(self.keys.iter().map(|k| Value::Str(k.clone())).collect()))
    }
    fn contains(self: Rc<Self>, _cx: &mut Interp, item: &Value) -> Option<Result<bool>> {
        Some(Ok(matches!(item, Value::Str(s) if self.keys.iter().any(|k| k == s))))
    }
    fn call_method(self: Rc<Self>, _cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        match name {
            "keys" => Some(Ok(Value::list(self.keys.iter().map(|k| Value::Str(k.clone())).collect()))),
            "values" => Some(Ok(Value::list(self.values.clone()))),
            "items" => Some(Ok(Value::list(
                self.keys.iter().zip(&self.values).map(|(k, v)| Value::tuple(vec![Value::Str(k.clone()), v.clone()])).collect(),
            ))),
            "get" => {
                let k = args.positional.first().cloned().unwrap_or(Value::None);
                let d = args.positional.get(1).cloned().unwrap_or(Value::None);
                Some(Ok(match k {
                    Value::Str(s) => self.keys.iter().position(|x| *x == s).map(|i| self.values[i].clone()).unwrap_or(d),
                    _ => d,
                }))
            }
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// How a result hands out rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Rows,
    Scalars,
    Mappings,
}

/// A `Result` (also `ScalarResult` and `MappingResult`, by `shape`).
pub struct ResultObj {
    pub keys: Rc<[Rc<str>]>,
    /// The buffered rows, shared with the results derived from this one
    /// (`scalars()`, `mappings()` …), which fetch from the same cursor.
    pub rows: Rc<RefCell<std::collections::VecDeque<Vec<Value>>>>,
    pub shape: Shape,
    /// False for DML without RETURNING: fetching raises ResourceClosedError.
    pub returns_rows: bool,
    pub rowcount: i64,
    pub lastrowid: Option<i64>,
    pub inserted_primary_key: Option<Vec<Value>>,
    /// Hard-closed (`close()`, or `first()`/`one()`/`scalar()` …, which close the
    /// result as SQLAlchemy's `_only_one_row` does): shared with derived results.
    pub closed: Rc<std::cell::Cell<bool>>,
    /// Rows of joined eager loads against collections: fetching needs
    /// `unique()` first (SQLAlchemy's `require_unique` filter).
    pub require_unique: bool,
    /// An `IteratorResult` (ORM bulk INSERT / UPDATE by primary key with a
    /// list of parameter dicts): no cursor attributes (`rowcount`, ...).
    pub iterator: bool,
    /// The rows not yet read of an ORM `yield_per` result, shared with the
    /// results derived from this one; `None` inside once exhausted or closed.
    pub stream: Option<Rc<RefCell<Option<Stream>>>>,
    /// `yield_per=N` of the statement (the default size of `partitions()`).
    pub yield_per: Option<usize>,
    /// `unique()` on a `yield_per` result: every fetch raises (loading.py
    /// `_create_unique_filters`).
    pub unique_refused: bool,
    /// An ORM result (`ChunkedIteratorResult`): `fetchmany()` without a size
    /// reads all the rows (or yield_per's), not the DBAPI cursor's arraysize.
    pub orm: bool,
}

/// An ORM SELECT whose rows are loaded `chunk` at a time as the result is read
/// (SQLAlchemy's `yield_per`: `cursor.fetchmany(yield_per)` per chunk in
/// `loading.instances()`), its post loads run per chunk. Without `yield_per`
/// the chunk is every row: the rows become objects at the first fetch, all at
/// once (`loading.instances()` runs when the result is first read, not at
/// `execute()`).
pub struct Stream {
    pub sid: crate::orm::state::SessionId,
    pub cursor: crate::orm::orm_select::OrmCursor,
    pub q: crate::orm::eager::QueryLoad,
    pub opts: crate::orm::strategy_options::Options,
    pub chunk: usize,
    /// A server-side cursor (PostgreSQL, MySQL/MariaDB with `stream_results`):
    /// `fetchmany(n)` and `partitions(n)` load chunks of n rows
    /// (`ChunkedIteratorResult.dynamic_yield_per`); SQLite keeps yield_per's.
    pub dynamic: bool,
}

impl ResultObj {
    pub fn new(keys: Vec<Rc<str>>, rows: Vec<Vec<Value>>) -> ResultObj {
        ResultObj {
            keys: Rc::from(keys),
            rows: Rc::new(RefCell::new(rows.into())),
            shape: Shape::Rows,
            returns_rows: true,
            rowcount: -1,
            lastrowid: None,
            inserted_primary_key: None,
            closed: Rc::new(std::cell::Cell::new(false)),
            require_unique: false,
            iterator: false,
            stream: None,
            yield_per: None,
            unique_refused: false,
            orm: false,
        }
    }
    pub fn no_rows(rowcount: i64, lastrowid: Option<i64>) -> ResultObj {
        let mut r = ResultObj::new(Vec::new(), Vec::new());
        r.returns_rows = false;
        r.rowcount = rowcount;
        r.lastrowid = lastrowid;
        r
    }
    fn derived(&self, shape: Shape) -> ResultObj {
        ResultObj {
            keys: self.keys.clone(),
            rows: self.rows.clone(),
            shape,
            returns_rows: self.returns_rows,
            rowcount: self.rowcount,
            lastrowid: self.lastrowid,
            inserted_primary_key: self.inserted_primary_key.clone(),
            closed: self.closed.clone(),
            require_unique: self.require_unique,
            iterator: self.iterator,
            stream: self.stream.clone(),
            yield_per: self.yield_per,
            unique_refused: self.unique_refused,
            orm: self.orm,
        }
    }
    /// The result with its own copy of the remaining rows (`unique()`, `columns()`).
    fn detached(&self, shape: Shape) -> ResultObj {
        let mut r = self.derived(shape);
        let rows: std::collections::VecDeque<Vec<Value>> = self.rows.borrow_mut().drain(..).collect();
        r.rows = Rc::new(RefCell::new(rows));
        r
    }
    /// `_only_one_row` and `close()`: no more fetching.
    fn hard_close(&self) {
        self.closed.set(true);
        self.rows.borrow_mut().clear();
        self.end_stream();
    }
    /// Close the cursor of a `yield_per` result.
    fn end_stream(&self) {
        if let Some(cell) = &self.stream {
            let st = cell.borrow_mut().take();
            drop(st);
        }
    }
    /// Load chunks of a `yield_per` result until `want` rows are buffered
    /// (or the rows run out).
    pub fn fill(&self, cx: &mut Interp, want: usize) -> Result<()> {
        let Some(cell) = &self.stream else { return Ok(()) };
        while self.rows.borrow().len() < want {
            let Some(mut st) = cell.borrow_mut().take() else { break };
            let found = cx.sa.orm_mut()?.fetch_orm_rows(st.sid, &st.opts, &st.q, &mut st.cursor, st.chunk);
            let mut found = found?;
            let rows = crate::interp::sa::query::orm_rows_values(cx, &st.q, &mut found);
            let done = found.len < st.chunk || st.cursor.cursor.exhausted();
            self.rows.borrow_mut().extend(rows);
            if !done {
                *cell.borrow_mut() = Some(st);
            }
            cx.sa.collect_instances();
        }
        Ok(())
    }
    /// `fetchmany(n)` / `partitions(n)` on a server-side cursor: chunks of n from now on.
    fn rechunk(&self, n: usize) {
        if let Some(cell) = &self.stream {
            if let Some(st) = cell.borrow_mut().as_mut() {
                if st.dynamic && n > 0 {
                    st.chunk = n;
                }
            }
        }
    }
    /// Before a fetch: `unique()` on a `yield_per` result raises here.
    /// The rows are read first: `_allrows` fetches, then asks for the unique strategy.
    fn before_fetch(&self, cx: &mut Interp, want: usize) -> Result<()> {
        if !self.closed.get() && self.returns_rows {
            self.fill(cx, want)?;
        }
        if self.unique_refused {
            return Err(Error::new(ErrorKind::InvalidRequestError, "Can't use the ORM yield_per feature in conjunction with unique()"));
        }
        Ok(())
    }
    fn check_rows(&self) -> Result<()> {
        if self.closed.get() && self.returns_rows {
            return Err(Error::new(ErrorKind::ResourceClosedError, "This result object is closed."));
        }
        if !self.returns_rows {
            return Err(Error::new(ErrorKind::ResourceClosedError, "This result object does not return rows. It has been closed automatically."));
        }
        Ok(())
    }
    /// SQLAlchemy's `require_unique` filter (orm/loading.py): it raises when a
    /// row goes through the unique filter, so only for a fetch that meets a row
    /// (`first()` and `scalar()` do not filter: `_only_one_row` without
    /// `raise_for_second_row`).
    fn check_unique(&self) -> Result<()> {
        if self.require_unique && !self.rows.borrow().is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidRequestError,
                "The unique() method must be invoked on this Result, as it contains results that include joined eager loads against collections",
            ));
        }
        Ok(())
    }

    /// `unique()`: rows (or scalars) kept once each, in order. An ORM result
    /// not read yet loads its rows here (ormsh's unique() filters the rows it
    /// has; SQLAlchemy's filters them as they are fetched, which loads them
    /// at the same point for a `unique().all()` on one line).
    pub fn uniquified(&self, cx: &mut Interp) -> Result<ResultObj> {
        if self.stream.is_some() && self.yield_per.is_none() && !self.closed.get() {
            self.fill(cx, usize::MAX)?;
        }
        if self.stream.is_some() && self.yield_per.is_some() {
            let mut r = self.derived(self.shape);
            r.unique_refused = true;
            return Ok(r);
        }
        let mut r = self.detached(self.shape);
        r.require_unique = false;
        let scalars = matches!(self.shape, Shape::Scalars);
        let mut seen = std::collections::HashSet::new();
        let mut kept = std::collections::VecDeque::new();
        for row in r.rows.borrow_mut().drain(..) {
            let key = if scalars { row.first().cloned().unwrap_or(Value::None) } else { Value::tuple(row.clone()) };
            if seen.insert(crate::interp::value::HashKey::new(&key)?) {
                kept.push_back(row);
            }
        }
        *r.rows.borrow_mut() = kept;
        Ok(r)
    }
    /// `fetchmany()` without a size: the DBAPI cursor's arraysize (1) for a
    /// `CursorResult`; an ORM result's iterator hands out yield_per's rows, or
    /// all of them (`IteratorResult._fetchmany_impl`: `islice(it, 0, None)`).
    fn default_many(&self) -> usize {
        match (self.orm || self.stream.is_some(), self.yield_per) {
            (true, Some(n)) => n,
            (true, None) => usize::MAX,
            (false, _) => 1,
        }
    }
    /// One row as the shape hands it out.
    fn shaped(&self, row: Vec<Value>) -> Value {
        match self.shape {
            Shape::Scalars => row.into_iter().next().unwrap_or(Value::None),
            Shape::Rows => Value::native(RowObj { keys: self.keys.clone(), values: row }),
            Shape::Mappings => Value::native(MappingObj { keys: self.keys.clone(), values: row }),
        }
    }
    fn take_all(&self) -> Result<Vec<Value>> {
        self.check_rows()?;
        self.check_unique()?;
        // one pass over the buffered rows, no intermediate vector of rows
        let rows = std::mem::take(&mut *self.rows.borrow_mut());
        Ok(rows.into_iter().map(|r| self.shaped(r)).collect())
    }
    fn take_one(&self) -> Result<Option<Value>> {
        self.check_unique()?;
        self.take_first()
    }
    /// The next row without the unique filter (`first()`).
    fn take_first(&self) -> Result<Option<Value>> {
        self.check_rows()?;
        let r = self.rows.borrow_mut().pop_front();
        Ok(r.map(|r| self.shaped(r)))
    }
    /// `one()` / `one_or_none()`.
    fn exactly_one(&self, allow_none: bool) -> Result<Value> {
        self.check_rows()?;
        self.check_unique()?;
        let mut rows = self.rows.borrow_mut();
        let out = match rows.len() {
            0 if allow_none => Ok(Value::None),
            0 => Err(Error::new(ErrorKind::NoResultFound, "No row was found when one was required")),
            1 => {
                let r = rows.pop_front().unwrap_or_default();
                Ok(self.shaped(r))
            }
            _ if allow_none => Err(Error::new(ErrorKind::MultipleResultsFound, "Multiple rows were found when one or none was required")),
            _ => Err(Error::new(ErrorKind::MultipleResultsFound, "Multiple rows were found when exactly one was required")),
        };
        drop(rows);
        self.hard_close();
        out
    }
}

impl Native for ResultObj {
    fn type_name(&self) -> String {
        match self.shape {
            Shape::Rows if self.iterator => "IteratorResult",
            Shape::Rows if self.orm => "ChunkedIteratorResult",
            Shape::Rows => "CursorResult",
            Shape::Scalars => "ScalarResult",
            Shape::Mappings => "MappingResult",
        }
        .into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        let module = if self.type_name() == "CursorResult" { "cursor" } else { "result" };
        Ok(format!("<sqlalchemy.engine.{module}.{} object at 0x7f70>", self.type_name()))
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        if self.iterator && matches!(name, "rowcount" | "lastrowid" | "returns_rows" | "inserted_primary_key") {
            return Ok(None);
        }
        Ok(Some(match name {
            "rowcount" => Value::Int(self.rowcount),
            "lastrowid" => self.lastrowid.map(Value::Int).unwrap_or(Value::None),
            "returns_rows" => Value::Bool(self.returns_rows),
            "inserted_primary_key" => match &self.inserted_primary_key {
                Some(pk) => Value::tuple(pk.clone()),
                None => Value::None,
            },
            "closed" => Value::Bool(self.closed.get()),
            _ => return Ok(None),
        }))
    }
    fn call_method(self: Rc<Self>, _cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        // a yield_per result reads the rows a fetch needs first
        let want = match name {
            "all" | "fetchall" | "columns" => usize::MAX,
            "scalars" if matches!(args.positional.first(), Some(Value::Int(i)) if *i > 0) => usize::MAX,
            "first" | "fetchone" | "scalar" => 1,
            "one" | "one_or_none" | "scalar_one" | "scalar_one_or_none" => 2,
            "fetchmany" => match args.positional.first().or(args.keywords.iter().find(|(k, _)| &**k == "size").map(|(_, v)| v)) {
                Some(Value::Int(n)) => (*n).max(0) as usize,
                _ => self.default_many(),
            },
            _ => 0,
        };
        if name == "fetchmany" {
            self.rechunk(want);
        }
        if want > 0 || (self.unique_refused && name == "partitions") {
            if let Err(e) = self.before_fetch(_cx, want) {
                return Some(Err(e));
            }
        }
        let r = match name {
            "all" | "fetchall" => self.take_all().map(Value::list),
            "first" => (|| {
                let v = self.take_first()?;
                self.hard_close();
                Ok(v.unwrap_or(Value::None))
            })(),
            "fetchone" => self.take_one().map(|v| v.unwrap_or(Value::None)),
            "fetchmany" => (|| {
                let n = match args.positional.first().or(args.keywords.iter().find(|(k, _)| &**k == "size").map(|(_, v)| v)) {
                    Some(Value::Int(n)) => (*n).max(0) as usize,
                    _ => self.default_many(),
                };
                args.keywords.retain(|(k, _)| &**k != "size");
                let mut out = Vec::new();
                for _ in 0..n {
                    match self.take_one()? {
                        Some(v) => out.push(v),
                        None => break,
                    }
                }
                Ok(Value::list(out))
            })(),
            "one" => self.exactly_one(false),
            "one_or_none" => self.exactly_one(true),
            "scalar" => (|| {
                self.check_rows()?;
                let r = self.rows.borrow_mut().pop_front();
                self.hard_close();
                Ok(match self.shape {
                    Shape::Scalars | Shape::Rows => r.and_then(|r| r.into_iter().next()).unwrap_or(Value::None),
                    Shape::Mappings => r.map(|r| self.shaped(r)).unwrap_or(Value::None),
                })
            })(),
            "scalar_one" | "scalar_one_or_none" => (|| {
                let s = self.derived(Shape::Scalars);
                s.exactly_one(name == "scalar_one_or_none")
            })(),
            "scalars" => (|| {
                self.check_rows()?;
                let idx = match args.positional.first() {
                    Some(Value::Int(i)) => *i as usize,
                    _ => 0,
                };
                let s = if idx > 0 { self.detached(Shape::Scalars) } else { self.derived(Shape::Scalars) };
                if idx > 0 {
                    let rows: std::collections::VecDeque<Vec<Value>> =
                        s.rows.borrow_mut().drain(..).map(|r| r.into_iter().skip(idx).take(1).collect()).collect();
                    *s.rows.borrow_mut() = rows;
                }
                Ok(Value::native(s))
            })(),
            "mappings" => self.check_rows().map(|_| Value::native(self.derived(Shape::Mappings))),
            "keys" => Ok(Value::native(KeyView { keys: self.keys.clone() })),
            "unique" => self.uniquified(_cx).map(Value::native),
            "close" => {
                self.hard_close();
                Ok(Value::None)
            }
            // `partitions(size)`: the rows in lists of `size` (one each without a
            // size: the DBAPI cursor's arraysize); a list stands for the generator
            // `partitions(size)`: a generator of lists of `size` rows (without a
            // size: yield_per's, else one row each, the DBAPI cursor's arraysize)
            "partitions" => (|| {
                self.check_rows()?;
                let n = match args.positional.first().or(args.keywords.iter().find(|(k, _)| &**k == "size").map(|(_, v)| v)) {
                    Some(Value::Int(n)) if *n > 0 => *n as usize,
                    _ => self.yield_per.unwrap_or(1),
                };
                Ok(Value::native(Partitions { result: self.derived(self.shape), size: n }))
            })(),
            "columns" => (|| {
                self.check_rows()?;
                let mut idx = Vec::new();
                for a in args.positional.iter() {
                    let i = match a {
                        Value::Int(i) if *i >= 0 && (*i as usize) < self.keys.len() => Some(*i as usize),
                        Value::Str(s) => self.keys.iter().position(|k| k == s),
                        other => other
                            .downcast::<crate::interp::sa::expr::ExprObj>()
                            .and_then(|e| e.key.clone())
                            .and_then(|k| self.keys.iter().position(|x| *x == k)),
                    };
                    match i {
                        Some(i) => idx.push(i),
                        None => return Err(Error::new(ErrorKind::NoSuchColumnError, format!("Could not locate column in row for column '{}'", _cx.str_of(a)?))),
                    }
                }
                let mut r = self.detached(Shape::Rows);
                r.keys = Rc::from(idx.iter().map(|&i| self.keys[i].clone()).collect::<Vec<_>>());
                let rows: std::collections::VecDeque<Vec<Value>> =
                    r.rows.borrow_mut().drain(..).map(|row| idx.iter().map(|&i| row.get(i).cloned().unwrap_or(Value::None)).collect()).collect();
                *r.rows.borrow_mut() = rows;
                Ok(Value::native(r))
            })(),
            "tuples" | "freeze" => Ok(Value::native(self.derived(self.shape))),
            _ => return None,
        };
        Some(r)
    }
    fn iter(self: Rc<Self>, cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some(self.before_fetch(cx, usize::MAX).and_then(|_| self.take_all()))
    }
    /// A `yield_per` result is read a chunk at a time as a loop goes.
    fn lazy_iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Value>> {
        self.stream.as_ref()?;
        Some(Ok(Value::Native(self)))
    }
    fn next_batch(self: Rc<Self>, cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some((|| {
            self.check_rows()?;
            self.before_fetch(cx, 1)?;
            self.check_unique()?;
            let rows = std::mem::take(&mut *self.rows.borrow_mut());
            Ok(rows.into_iter().map(|r| self.shaped(r)).collect())
        })())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `Result.partitions(size)`: a generator of lists of at most `size` rows,
/// read as it is iterated (a `yield_per` result loads its chunks then).
pub struct Partitions {
    result: ResultObj,
    size: usize,
}

impl Partitions {
    fn next_part(&self, cx: &mut Interp) -> Result<Option<Value>> {
        self.result.check_rows()?;
        self.result.rechunk(self.size);
        self.result.before_fetch(cx, self.size)?;
        self.result.check_unique()?;
        let mut rows = self.result.rows.borrow_mut();
        if rows.is_empty() {
            return Ok(None);
        }
        let k = self.size.min(rows.len());
        let part: Vec<Vec<Value>> = rows.drain(..k).collect();
        drop(rows);
        Ok(Some(Value::list(part.into_iter().map(|r| self.result.shaped(r)).collect())))
    }
}

impl Native for Partitions {
    fn type_name(&self) -> String {
        "generator".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        let owner = match self.result.shape {
            Shape::Rows => "Result",
            Shape::Scalars => "ScalarResult",
            Shape::Mappings => "MappingResult",
        };
        Ok(format!("<generator object {owner}.partitions at 0x7f90>"))
    }
    fn iter(self: Rc<Self>, cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some((|| {
            let mut out = Vec::new();
            while let Some(p) = self.next_part(cx)? {
                out.push(p);
            }
            Ok(out)
        })())
    }
    fn lazy_iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Value>> {
        Some(Ok(Value::Native(self)))
    }
    fn next_batch(self: Rc<Self>, cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some(self.next_part(cx).map(|p| p.into_iter().collect()))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `result.keys()`: SQLAlchemy's `RMKeyView`, a list-like view of the column names.
pub struct KeyView {
    keys: Rc<[Rc<str>]>,
}

impl KeyView {
    fn as_list(&self) -> Value {
        Value::list(self.keys.iter().map(|k| Value::Str(k.clone())).collect())
    }
}

impl Native for KeyView {
    fn type_name(&self) -> String {
        "RMKeyView".into()
    }
    fn repr(&self, cx: &mut Interp) -> Result<String> {
        Ok(format!("RMKeyView({})", cx.repr(&self.as_list())?))
    }
    fn len(&self, _cx: &mut Interp) -> Option<Result<usize>> {
        Some(Ok(self.keys.len()))
    }
    fn iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some(Ok(self.keys.iter().map(|k| Value::Str(k.clone())).collect()))
    }
    fn contains(self: Rc<Self>, _cx: &mut Interp, item: &Value) -> Option<Result<bool>> {
        Some(Ok(matches!(item, Value::Str(s) if self.keys.iter().any(|k| k == s))))
    }
    fn getitem(self: Rc<Self>, cx: &mut Interp, key: &Value) -> Option<Result<Value>> {
        Some(cx.getitem(&self.as_list(), key))
    }
    fn compare(self: Rc<Self>, cx: &mut Interp, op: crate::syntax::ast::CmpOp, other: &Value, _reflected: bool) -> Option<Result<Value>> {
        use crate::syntax::ast::CmpOp;
        match op {
            CmpOp::Eq | CmpOp::NotEq => {
                let l = self.as_list();
                Some(cx.py_eq(&l, other).map(|e| Value::Bool(e == (op == CmpOp::Eq))))
            }
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
