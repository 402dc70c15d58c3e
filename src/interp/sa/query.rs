//! Running statements: `session.execute/scalars/scalar`, `Connection.execute`,
//! the legacy `session.query()`, and turning rows into instances, rows and
//! scalars. ORM-enabled `update()`/`delete()` synchronize the session's objects
//! as SQLAlchemy's `synchronize_session="auto"` does (in-Python evaluation of
//! the WHERE clause).

use crate::engine::Connection;
use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::interp::sa::args::{arg, required};
use crate::interp::sa::expr::TextObj;
use crate::interp::sa::result::ResultObj;
use crate::interp::sa::select::{DmlKind, DmlObj, SelItem, SelectObj};
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::orm::eager::{ItemLoad, QueryItem};
use crate::orm::mapping::MapperId;
use crate::orm::state::SessionId;
use crate::sql::compiler::{compile, CompileOptions};
use crate::sql::expr::{LabelStyle, Statement, TextClause};
use crate::sql::value::Value as SqlValue;
use std::any::Any;
use std::rc::Rc;

/// The primary key values of `get(Cls, ident)`: a scalar, a tuple or a dict.
pub fn pk_identity(cx: &mut Interp, mapper: MapperId, ident: &Value) -> Result<Vec<SqlValue>> {
    let conv = |v: &Value| Interp::to_sql_value(v).ok_or_else(|| type_error("primary key values must be plain values"));
    match ident {
        Value::Tuple(t) => t.iter().map(conv).collect(),
        Value::List(l) => l.borrow().iter().map(conv).collect(),
        Value::Dict(d) => {
            let o = cx.sa.orm()?;
            let m = o.registry.mapper(mapper);
            let t = o.registry.metadata.table(m.table);
            let names: Vec<String> = t.primary_key.iter().map(|&c| m.columns[c].clone()).collect();
            let mut out = Vec::new();
            for n in &names {
                let found = d.borrow().iter().find(|(k, _)| matches!(&k.0, Value::Str(s) if &**s == n)).map(|(_, v)| v.clone());
                match found {
                    Some(v) => out.push(conv(&v)?),
                    None => {
                        return Err(Error::new(
                            ErrorKind::InvalidRequestError,
                            format!(
                                "Incorrect names of values in identifier to formulate primary key for session.get(); primary key attribute names are {} (synonym names are also accepted)",
                                names.iter().map(|n| format!("'{}'", n)).collect::<Vec<_>>().join(",")
                            ),
                        ))
                    }
                }
            }
            Ok(out)
        }
        v => Ok(vec![conv(v)?]),
    }
}

/// Named parameters `{"n": 1}` for a text clause, or rows for executemany.
pub enum Params {
    None,
    One(Vec<(String, Value)>),
    Many(Vec<Vec<(String, Value)>>),
}

pub(crate) fn read_params(cx: &mut Interp, v: Option<Value>) -> Result<Params> {
    let dict_pairs = |d: &Value| -> Result<Vec<(String, Value)>> {
        match d {
            Value::Dict(d) => d
                .borrow()
                .iter()
                .map(|(k, v)| match &k.0 {
                    Value::Str(s) => Ok((s.to_string(), v.clone())),
                    _ => Err(type_error("parameter names must be strings")),
                })
                .collect(),
            _ => Err(Error::new(ErrorKind::ArgumentError, "List argument must consist only of dictionaries")),
        }
    };
    match v {
        None | Some(Value::None) => Ok(Params::None),
        Some(d @ Value::Dict(_)) => Ok(Params::One(dict_pairs(&d)?)),
        Some(v @ (Value::List(_) | Value::Tuple(_))) => {
            let items = cx.iterate(&v)?;
            let rows: Result<Vec<_>> = items.iter().map(dict_pairs).collect();
            let rows = rows?;
            if rows.len() == 1 {
                Ok(Params::One(rows.into_iter().next().unwrap_or_default()))
            } else {
                Ok(Params::Many(rows))
            }
        }
        Some(other) => Err(Error::new(ErrorKind::ArgumentError, format!("parameters must be a dict or a list of dicts, not {}", crate::interp::common::type_name(&other)))),
    }
}

/// `read_params`, also saying whether the parameters were a list (a
/// one-dict list is an executemany of one row for the ORM bulk paths).
fn read_params_list(cx: &mut Interp, v: Option<Value>) -> Result<(Params, bool)> {
    let is_list = matches!(v, Some(Value::List(_) | Value::Tuple(_)));
    Ok((read_params(cx, v)?, is_list))
}

/// Rows of an ORM bulk INSERT: None values are left out (`render_nulls=False`).
pub(crate) fn bulk_insert_params(rows: Vec<Vec<(String, Value)>>) -> Params {
    let mut rows = rows;
    for r in rows.iter_mut() {
        r.retain(|(_, v)| !matches!(v, Value::None));
    }
    if rows.len() == 1 {
        Params::One(rows.pop().unwrap_or_default())
    } else {
        Params::Many(rows)
    }
}

fn text_with(clause: &TextClause, pairs: &[(String, Value)]) -> Result<TextClause> {
    let mut c = clause.clone();
    for (k, v) in pairs {
        let sv = Interp::to_sql_value(v).ok_or_else(|| type_error(format!("cannot bind a value of type {}", crate::interp::common::type_name(v))))?;
        c = c.bind(k, sv);
    }
    Ok(c)
}

/// The execution options ormsh understands (`execution_options={...}`,
/// `stmt.execution_options(...)`); any other is NotImplementedError.
#[derive(Default)]
pub struct ExecOpts {
    pub populate_existing: bool,
    pub synchronize_session: Option<Rc<str>>,
    /// `yield_per=N`: an ORM result loads N rows at a time as it is read.
    pub yield_per: Option<usize>,
    /// `autoflush=False`: the ORM SELECT does not autoflush first
    /// (`ORMCompileState` load option `_autoflush`).
    pub autoflush: Option<bool>,
}

impl ExecOpts {
    pub fn read(cx: &mut Interp, v: Option<Value>, func: &str) -> Result<ExecOpts> {
        let pairs = match v {
            None | Some(Value::None) => Vec::new(),
            Some(Value::Dict(d)) => {
                let mut out = Vec::new();
                for (k, v) in d.borrow().iter() {
                    match &k.0 {
                        Value::Str(s) => out.push((s.clone(), v.clone())),
                        other => return Err(type_error(format!("execution option names must be strings, not {}", crate::interp::common::type_name(other)))),
                    }
                }
                out
            }
            Some(other) => return Err(type_error(format!("execution_options must be a dict, not {}", crate::interp::common::type_name(&other)))),
        };
        Self::from_pairs(cx, pairs, func)
    }

    pub fn from_pairs(cx: &mut Interp, pairs: Vec<(Rc<str>, Value)>, func: &str) -> Result<ExecOpts> {
        let mut o = ExecOpts::default();
        for (k, v) in pairs {
            match &*k {
                "populate_existing" => o.populate_existing = cx.truthy(&v)?,
                "yield_per" => o.yield_per = Some(yield_per_value(&v)?),
                "autoflush" => o.autoflush = Some(cx.truthy(&v)?),
                // SQLAlchemy's yield_per sets it; every ormsh driver reads rows as asked
                "stream_results" => {
                    cx.truthy(&v)?;
                }
                "synchronize_session" => {
                    o.synchronize_session = Some(match v {
                        Value::Str(s) => s,
                        Value::Bool(false) | Value::None => Rc::from("false"),
                        _ => Rc::from("auto"),
                    })
                }
                _ => {
                    return Err(Error::new(ErrorKind::NotImplementedError, format!("ormsh does not implement the execution option '{}' (in {}())", k, func)));
                }
            }
        }
        Ok(o)
    }
}

/// A `yield_per` count: a positive int (SQLAlchemy's `fetchmany` takes it as is).
pub(crate) fn yield_per_value(v: &Value) -> Result<usize> {
    match v {
        Value::Int(n) if *n > 0 => Ok(*n as usize),
        Value::Int(_) | Value::Bool(_) => Err(Error::new(ErrorKind::NotImplementedError, "ormsh's yield_per must be a positive int")),
        other => Err(type_error(format!("'{}' object cannot be interpreted as an integer", crate::interp::common::type_name(other)))),
    }
}

/// `session.execute(stmt, params)`.
pub fn session_execute(cx: &mut Interp, sid: SessionId, args: &mut Args) -> Result<Value> {
    let stmt = required(args, 0, "statement", "execute")?;
    let (params, is_list) = read_params_list(cx, arg(args, 1, "params"))?;
    let exec_opts = args.take_kw("execution_options");
    let bind_mapper = crate::interp::sa::args::bind_arguments_mapper(args.take_kw("bind_arguments"), "Session.execute")?;
    let exec_opts = ExecOpts::read(cx, exec_opts, "Session.execute")?;
    let r = execute_in_session(cx, sid, &stmt, params, is_list, bind_mapper, exec_opts)?;
    Ok(Value::native(r))
}

/// `session.scalars(stmt, params)`.
pub fn session_scalars(cx: &mut Interp, sid: SessionId, args: &mut Args) -> Result<Value> {
    let stmt = required(args, 0, "statement", "scalars")?;
    let (params, is_list) = read_params_list(cx, arg(args, 1, "params"))?;
    let exec_opts = ExecOpts::read(cx, args.take_kw("execution_options"), "Session.scalars")?;
    let bind_mapper = crate::interp::sa::args::bind_arguments_mapper(args.take_kw("bind_arguments"), "Session.scalars")?;
    let mut r = execute_in_session(cx, sid, &stmt, params, is_list, bind_mapper, exec_opts)?;
    r.shape = crate::interp::sa::result::Shape::Scalars;
    Ok(Value::native(r))
}

/// `session.scalar(stmt, params)`.
pub fn session_scalar(cx: &mut Interp, sid: SessionId, args: &mut Args) -> Result<Value> {
    let stmt = required(args, 0, "statement", "scalar")?;
    let (params, is_list) = read_params_list(cx, arg(args, 1, "params"))?;
    let exec_opts = ExecOpts::read(cx, args.take_kw("execution_options"), "Session.scalar")?;
    let bind_mapper = crate::interp::sa::args::bind_arguments_mapper(args.take_kw("bind_arguments"), "Session.scalar")?;
    let r = execute_in_session(cx, sid, &stmt, params, is_list, bind_mapper, exec_opts)?;
    r.fill(cx, 1)?;
    let first = r.rows.borrow_mut().pop_front();
    Ok(first.and_then(|row| row.into_iter().next()).unwrap_or(Value::None))
}

pub(crate) fn execute_in_session(
    cx: &mut Interp,
    sid: SessionId,
    stmt: &Value,
    params: Params,
    is_list: bool,
    bind_mapper: Option<MapperId>,
    exec_opts: ExecOpts,
) -> Result<ResultObj> {
    cx.sa.orm()?.check_active(sid)?;
    let autoflush = exec_opts.autoflush != Some(false);
    if let Some(s) = stmt.downcast::<SelectObj>() {
        let mut s = s.clone();
        s.populate_existing |= exec_opts.populate_existing;
        s.yield_per = exec_opts.yield_per.or(s.yield_per);
        s.autoflush = exec_opts.autoflush.or(s.autoflush);
        if let Params::One(p) = &params {
            let pairs = crate::interp::sa::select::sql_pairs(p)?;
            s.sel = s.sel.with_text_binds(&pairs);
            s.from_statement = match s.from_statement.as_deref() {
                Some(Statement::Text(t)) => Some(Rc::new(Statement::Text(text_with(t, p)?))),
                Some(Statement::Select(inner)) => Some(Rc::new(Statement::Select(inner.with_text_binds(&pairs)))),
                other => other.cloned().map(Rc::new),
            };
        }
        return run_orm_select(cx, sid, &s);
    }
    if let Some(t) = stmt.downcast::<TextObj>() {
        let clause = t.clause.clone();
        if autoflush {
            cx.sa.orm_mut()?.autoflush(sid)?;
        }
        let conn = cx.sa.orm_mut()?.connection_for(sid, bind_mapper)?;
        return run_text(cx, &conn, &clause, params);
    }
    if let Some(d) = stmt.downcast::<DmlObj>() {
        let mut d = d.clone();
        if let Some(s) = exec_opts.synchronize_session {
            d.synchronize = Some(s);
        }
        if d.mapper.is_some() && d.kind != DmlKind::Insert {
            crate::interp::sa::sync::strategy(&d)?;
        }
        let bulk_update = is_list && d.mapper.is_some() && d.returning.is_empty() && d.kind == DmlKind::Update;
        if bulk_update {
            crate::interp::sa::bulk::check_bulk_update(&d, false)?;
        }
        if autoflush {
            cx.sa.orm_mut()?.autoflush(sid)?;
        }
        if bulk_update {
            crate::interp::sa::bulk::check_bulk_update(&d, true)?;
        }
        let conn = cx.sa.orm_mut()?.connection_for(sid, bind_mapper.or(d.mapper))?;
        // ORM bulk INSERT with RETURNING: returned entities become persistent objects
        if is_list && d.mapper.is_some() && d.kind == DmlKind::Insert && !d.returning.is_empty() {
            let rows = match params {
                Params::None => Vec::new(),
                Params::One(p) => vec![p],
                Params::Many(rows) => rows,
            };
            return crate::interp::sa::bulk::bulk_insert_returning(cx, sid, &conn, &d, rows);
        }
        // a list of parameter dicts: ORM bulk INSERT / UPDATE by primary key
        // (`bulk_persistence.py`), whose result is an IteratorResult
        if is_list && d.mapper.is_some() && d.returning.is_empty() {
            let rows = match params {
                Params::None => Vec::new(),
                Params::One(p) => vec![p],
                Params::Many(rows) => rows,
            };
            let mut r = match d.kind {
                DmlKind::Insert => run_dml(cx, &conn, &d, bulk_insert_params(rows))?,
                DmlKind::Update => crate::interp::sa::bulk::bulk_update_by_pk(cx, sid, &conn, &d, rows)?,
                _ => {
                    let r = run_dml(cx, &conn, &d, Params::Many(rows))?;
                    if d.kind != DmlKind::Insert {
                        crate::interp::sa::sync::synchronize(cx, sid, &d)?;
                    }
                    return Ok(r);
                }
            };
            r.iterator = true;
            return Ok(r);
        }
        // one parameter set: merged into the statement's SET list
        let (d, params) = match params {
            Params::One(p) if d.mapper.is_some() && d.kind != DmlKind::Insert => {
                let mut dd = d.clone();
                let row = dd.row_from(cx, p)?;
                if dd.kind == DmlKind::Update {
                    dd.values = vec![merge_row(dd.values.first().cloned().unwrap_or_default(), row)];
                }
                (dd, Params::None)
            }
            params => (d, params),
        };
        if d.mapper.is_some() && d.kind != DmlKind::Insert {
            return crate::interp::sa::sync::run_synchronized(cx, sid, &conn, &d, params);
        }
        return run_dml(cx, &conn, &d, params);
    }
    if let Some(q) = stmt.downcast::<QueryObj>() {
        let s = q.sel.clone();
        return run_orm_select(cx, sid, &s);
    }
    if let Value::Str(s) = stmt {
        return Err(crate::interp::sa::expr::no_text_coercion(s));
    }
    Err(Error::new(ErrorKind::ArgumentError, format!("Executable SQL or text() construct expected, got {}.", cx.repr(stmt)?)))
}

/// Run a textual statement on a connection.
pub fn run_text(cx: &mut Interp, conn: &Connection, clause: &TextClause, params: Params) -> Result<ResultObj> {
    let d = cx.sa.dialect_for(conn);
    let md = cx.sa.metadata()?;
    match params {
        Params::Many(rows) => {
            let mut sql = String::new();
            let mut all = Vec::new();
            for r in rows {
                let c = compile(&Statement::Text(text_with(clause, &r)?), &md.metadata, &*d, &CompileOptions::default())?;
                sql = c.sql;
                all.push(c.params);
            }
            let n = conn.execute_many(&sql, &all)?;
            Ok(ResultObj::no_rows(n, None))
        }
        Params::One(p) => run_compiled(cx, conn, &Statement::Text(text_with(clause, &p)?), true),
        Params::None => run_compiled(cx, conn, &Statement::Text(clause.clone()), true),
    }
}

/// Compile and run a Core statement; rows keep their raw values for text,
/// typed values otherwise.
pub(crate) fn run_compiled(cx: &mut Interp, conn: &Connection, stmt: &Statement, raw: bool) -> Result<ResultObj> {
    let d = cx.sa.dialect_for(conn);
    let md = cx.sa.metadata()?;
    let c = compile(stmt, &md.metadata, &*d, &CompileOptions::default())?;
    let rs = conn.execute(&c.sql, &c.params)?;
    if rs.columns.is_empty() && rs.rows.is_empty() {
        let mut r = ResultObj::no_rows(rs.rowcount, rs.lastrowid.or(d.cursor_lastrowid_default()));
        if matches!(stmt, Statement::Insert(_)) {
            r.inserted_primary_key = rs.lastrowid.map(|i| vec![Value::Int(i)]);
        }
        return Ok(r);
    }
    let keys: Vec<Rc<str>> = if !c.columns.is_empty() { c.columns.iter().map(|k| Rc::from(k.name.as_str())).collect() } else { rs.columns.iter().map(|k| Rc::from(k.as_str())).collect() };
    let mut rows = Vec::with_capacity(rs.rows.len());
    for row in rs.rows {
        let mut out = Vec::with_capacity(row.len());
        for (i, v) in row.into_iter().enumerate() {
            let v = match (raw, c.columns.get(i).and_then(|k| k.ty.clone())) {
                (false, Some(ty)) | (true, Some(ty)) => d.result_value(&ty, v)?,
                _ => v,
            };
            out.push(Interp::from_sql_value(v));
        }
        rows.push(out);
    }
    let mut r = ResultObj::new(keys, rows);
    r.rowcount = rs.rowcount;
    Ok(r)
}

/// Run an insert/update/delete (Core or ORM-enabled) with optional parameters.
pub fn run_dml(cx: &mut Interp, conn: &Connection, d: &DmlObj, params: Params) -> Result<ResultObj> {
    match params {
        Params::None => {
            let st = d.to_statement(cx)?;
            run_compiled(cx, conn, &st, false)
        }
        Params::One(p) => {
            let mut dd = d.clone();
            let row = dd.row_from(cx, p)?;
            match dd.kind {
                DmlKind::Insert => dd.values = vec![merge_row(dd.values.first().cloned().unwrap_or_default(), row)],
                _ => {
                    let base = dd.values.first().cloned().unwrap_or_default();
                    dd.values = vec![merge_row(base, row)];
                }
            }
            let st = dd.to_statement(cx)?;
            run_compiled(cx, conn, &st, false)
        }
        Params::Many(rows) => {
            let dialect = cx.sa.dialect_for(conn);
            let md = cx.sa.metadata()?;
            // ORM bulk INSERT (`persistence._emit_insert_statements`): consecutive
            // rows with the same keys form one statement each
            let orm_insert = d.mapper.is_some() && d.kind == DmlKind::Insert;
            let mut groups: Vec<(String, Vec<Vec<SqlValue>>, bool)> = Vec::new();
            for p in rows {
                let mut dd = d.clone();
                let row = dd.row_from(cx, p)?;
                dd.values = vec![merge_row(dd.values.first().cloned().unwrap_or_default(), row)];
                let st = dd.to_statement(cx)?;
                let no_columns = matches!(&st, Statement::Insert(i) if i.columns.is_empty());
                let c = compile(&st, &md.metadata, &*dialect, &CompileOptions::default())?;
                match groups.last_mut() {
                    Some((sql, all, _)) if *sql == c.sql => all.push(c.params),
                    Some(_) if !orm_insert => {
                        return Err(Error::new(ErrorKind::InvalidRequestError, "executemany rows must all have the same keys"));
                    }
                    _ => groups.push((c.sql, vec![c.params], no_columns)),
                }
            }
            let mut n = 0;
            for (sql, all, no_columns) in groups {
                let many = all.len() > 1 || !orm_insert;
                // crud.py: an executemany INSERT of no values is `INSERT INTO t (first
                // column) VALUES (DEFAULT)` (SQLite's default_metavalue_token: NULL);
                // psycopg2's insertmanyvalues (without RETURNING) sends it as one
                // `VALUES (DEFAULT), (DEFAULT)` statement
                if many && no_columns && dialect.use_insertmanyvalues_wo_returning() {
                    let i = crate::sql::expr::Insert::new(d.table).values(vec![(0, crate::sql::expr::Expr::text("DEFAULT"))]);
                    let one = compile(&Statement::Insert(i), &md.metadata, &*dialect, &CompileOptions::default())?.sql;
                    let values = one.rfind(" VALUES ").map(|p| p + " VALUES ".len()).unwrap_or(one.len());
                    let sql = format!("{}{}", &one[..values], vec![&one[values..]; all.len()].join(", "));
                    n += conn.execute_values_no_params(&sql)?;
                    continue;
                }
                let sql = if many && no_columns {
                    let token = dialect.default_metavalue_token();
                    let i = crate::sql::expr::Insert::new(d.table).values(vec![(0, crate::sql::expr::Expr::text(token))]);
                    compile(&Statement::Insert(i), &md.metadata, &*dialect, &CompileOptions::default())?.sql
                } else {
                    sql
                };
                n += match all.first() {
                    Some(one) if !many => conn.execute(&sql, one)?.rowcount,
                    _ => conn.execute_many(&sql, &all)?,
                };
            }
            Ok(ResultObj::no_rows(n, None))
        }
    }
}

pub(crate) fn merge_row(mut base: Vec<(usize, crate::sql::expr::Expr)>, extra: Vec<(usize, crate::sql::expr::Expr)>) -> Vec<(usize, crate::sql::expr::Expr)> {
    for (c, e) in extra {
        match base.iter_mut().find(|(bc, _)| *bc == c) {
            Some(slot) => slot.1 = e,
            None => base.push((c, e)),
        }
    }
    base.sort_by_key(|(c, _)| *c);
    base
}

/// Run an ORM select in a session: autoflush, execute, rows → instances
/// (the loader options shape the columns and the eager loads: `orm::eager`).
pub fn run_orm_select(cx: &mut Interp, sid: SessionId, s: &SelectObj) -> Result<ResultObj> {
    if s.autoflush != Some(false) {
        cx.sa.orm_mut()?.autoflush(sid)?;
    }
    let mut sel = s.sel.clone();
    let mut items = Vec::with_capacity(s.items.len());
    let mut roots = Vec::new();
    for it in &s.items {
        items.push(match it {
            SelItem::Entity { mapper, alias } => {
                roots.push(*mapper);
                QueryItem::Entity { mapper: *mapper, alias: alias.clone() }
            }
            SelItem::Column { expr, .. } => QueryItem::Column(expr.clone()),
        });
    }
    let mapper = s.primary_mapper().or_else(|| first_column_mapper(cx, s));
    let conn = cx.sa.orm_mut()?.connection_for(sid, mapper)?;
    // options are checked when the statement compiles: after the transaction began
    let q = {
        let o = cx.sa.orm()?;
        s.check_compile()?;
        s.options.validate(&o.registry, &roots)?;
        o.plan_query(sid, &s.options, &items, &mut sel)?
    };
    let mut keys: Vec<Rc<str>> = Vec::new();
    for it in &s.items {
        keys.push(match it {
            SelItem::Entity { mapper, alias } => match alias {
                Some(a) if !a.starts_with('%') => a.clone(),
                _ => Rc::from(cx.sa.orm()?.registry.mapper(*mapper).class_name.as_str()),
            },
            SelItem::Column { key, .. } => key.clone(),
        });
    }
    if let Some(n) = s.yield_per {
        let mut cur = cx.sa.orm_mut()?.open_orm_select(&conn, &q, sel, 0, s.populate_existing, s.from_statement.as_deref(), true)?;
        // loading.instances(): refused once the statement ran, before any row is read
        if q.joins_collection {
            cur.cursor.close();
            return Err(Error::new(
                ErrorKind::InvalidRequestError,
                "Can't use yield_per with eager loaders that require uniquing or row buffering, e.g. joinedload() against collections or subqueryload().  Consider the selectinload() strategy for better flexibility in loading objects.",
            ));
        }
        let dynamic = cx.sa.dialect_for(&conn).name() != "sqlite";
        let mut r = ResultObj::new(keys, Vec::new());
        r.yield_per = Some(n);
        r.orm = true;
        r.stream = Some(Rc::new(std::cell::RefCell::new(Some(crate::interp::sa::result::Stream { sid, cursor: cur, q, opts: s.options.clone(), chunk: n, dynamic }))));
        return Ok(r);
    }
    if !roots.is_empty() {
        // loading.instances() runs at the first fetch: the statement runs now,
        // its rows become objects (all at once, post loads included) when read
        let cur = cx.sa.orm_mut()?.open_orm_select(&conn, &q, sel, 0, s.populate_existing, s.from_statement.as_deref(), false)?;
        let mut r = ResultObj::new(keys, Vec::new());
        r.require_unique = q.joins_collection;
        r.orm = true;
        let stream = crate::interp::sa::result::Stream { sid, cursor: cur, q, opts: s.options.clone(), chunk: usize::MAX, dynamic: false };
        r.stream = Some(Rc::new(std::cell::RefCell::new(Some(stream))));
        return Ok(r);
    }
    let mut found = cx.sa.orm_mut()?.execute_orm_select(sid, &conn, &s.options, &q, sel, 0, s.populate_existing, s.from_statement.as_deref())?;
    let rows = orm_rows_values(cx, &q, &mut found);
    let mut r = ResultObj::new(keys, rows);
    r.require_unique = q.joins_collection;
    r.orm = mentions_mapped_column(cx, s);
    Ok(r)
}

/// Whether a select of columns is ORM-enabled (a column of a mapped class in
/// it: SQLAlchemy's `compile_state_plugin` "orm", run by `loading.instances`,
/// whose result is a `ChunkedIteratorResult`). A column of the class's
/// `__table__` counts too here (SQLAlchemy tells them apart by annotation).
fn mentions_mapped_column(cx: &mut Interp, s: &SelectObj) -> bool {
    let Ok(o) = cx.sa.orm() else { return false };
    let found = std::cell::Cell::new(false);
    for it in &s.items {
        if let SelItem::Column { expr, .. } = it {
            expr.replace(&|e| {
                if let crate::sql::expr::Expr::Column(c) = e {
                    if o.registry.mapper_for_table(c.table).is_some() {
                        found.set(true);
                    }
                }
                None
            });
        }
    }
    found.get()
}

/// The rows of an ORM SELECT as Python values: instances and plain columns, in item order.
pub(crate) fn orm_rows_values(cx: &mut Interp, q: &crate::orm::eager::QueryLoad, found: &mut crate::orm::orm_select::OrmRows) -> Vec<Vec<Value>> {
    let mut rows = Vec::with_capacity(found.len);
    for r in 0..found.len {
        let mut out = Vec::with_capacity(q.items.len());
        let mut k = 0;
        for it in &q.items {
            match it {
                ItemLoad::Entity(n) => out.push(match found.ids(r)[*n] {
                    Some(id) => cx.sa.instance_value(id),
                    None => Value::None,
                }),
                ItemLoad::Column(_) => {
                    out.push(Interp::from_sql_value(found.take_column(r, k)));
                    k += 1;
                }
            }
        }
        rows.push(out);
    }
    rows
}

fn first_column_mapper(cx: &mut Interp, s: &SelectObj) -> Option<MapperId> {
    for it in &s.items {
        if let SelItem::Column { expr: crate::sql::expr::Expr::Column(c), .. } = it {
            return cx.sa.orm().ok().and_then(|o| o.registry.mapper_for_table(c.table));
        }
    }
    None
}

/// `session.query(User)`: the legacy Query API.
pub fn session_query(cx: &mut Interp, sid: SessionId, args: &mut Args) -> Result<Value> {
    let items = std::mem::take(&mut args.positional);
    let mut s = SelectObj::from_args(cx, items)?;
    s.sel = s.sel.label_style(LabelStyle::TablenamePlusCol);
    Ok(Value::native(QueryObj { sid, sel: s }))
}

/// A legacy `Query`.
pub struct QueryObj {
    pub sid: SessionId,
    pub sel: SelectObj,
}

impl Native for QueryObj {
    fn type_name(&self) -> String {
        "Query".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok("<sqlalchemy.orm.query.Query object at 0x7f80>".into())
    }
    fn str(&self, cx: &mut Interp) -> Result<String> {
        let mapper = self.sel.primary_mapper().or_else(|| first_column_mapper(cx, &self.sel));
        let (Some(m), None) = (mapper, &self.sel.from_statement) else { return self.sel.str(cx) };
        let sel = match self.sel.orm_planned(cx)? {
            Some(s) => s,
            None => self.sel.to_sql_select(cx)?,
        };
        let d = cx.sa.orm()?.session_dialect(self.sid, m);
        cx.sa.compile_str_paramstyle(&Statement::Select(sel), d)
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        if name == "yield_per" {
            return Some((|| {
                let n = required(args, 0, "count", "yield_per")?;
                let mut sel = self.sel.clone();
                sel.yield_per = Some(yield_per_value(&n)?);
                Ok(Value::native(QueryObj { sid: self.sid, sel }))
            })());
        }
        if let Some(r) = self.sel.method(cx, name, args) {
            return Some(r.map(|s| Value::native(QueryObj { sid: self.sid, sel: s })));
        }
        let sid = self.sid;
        let single = self.sel.items.len() == 1 && matches!(self.sel.items[0], SelItem::Entity { .. });
        // the legacy Query uniquifies rows of joined eager collection loads itself
        let shape_one = |cx: &mut Interp, r: Result<ResultObj>| -> Result<ResultObj> {
            let mut r = r?;
            if single {
                r.shape = crate::interp::sa::result::Shape::Scalars;
            }
            if r.require_unique {
                return r.uniquified(cx);
            }
            Ok(r)
        };
        let r = match name {
            "all" => (|| {
                let r = { let r = run_orm_select(cx, sid, &self.sel); shape_one(cx, r)? };
                Ok(Value::native(r)).and_then(|v| call0(cx, &v, "all"))
            })(),
            "first" => (|| {
                let mut s = self.sel.clone();
                s.sel = s.sel.limit(1);
                let r = { let r = run_orm_select(cx, sid, &s); shape_one(cx, r)? };
                call0(cx, &Value::native(r), "first")
            })(),
            "one" | "one_or_none" | "scalar" => (|| {
                let r = { let r = run_orm_select(cx, sid, &self.sel); shape_one(cx, r)? };
                let n = if name == "scalar" { "first" } else { name };
                let v = call0(cx, &Value::native(r), n)?;
                if name == "scalar" {
                    if let Some(row) = v.downcast::<crate::interp::sa::result::RowObj>() {
                        return Ok(row.values.first().cloned().unwrap_or(Value::None));
                    }
                }
                Ok(v)
            })(),
            "count" => (|| {
                use crate::sql::expr::{Expr, FromItem, Select};
                let inner = self.sel.to_sql_select(cx)?;
                let sq = inner.subquery(None);
                let sel = Select::new(vec![Expr::count_star()]).select_from(FromItem::Subquery(sq));
                cx.sa.orm_mut()?.autoflush(sid)?;
                let mapper = self.sel.primary_mapper();
                let conn = cx.sa.orm_mut()?.connection_for(sid, mapper)?;
                let r = run_compiled(cx, &conn, &Statement::Select(sel), false)?;
                let first = r.rows.borrow_mut().pop_front();
                Ok(first.and_then(|row| row.into_iter().next()).unwrap_or(Value::Int(0)))
            })(),
            "get" => (|| {
                let ident = required(args, 0, "ident", "get")?;
                let mapper = self.sel.primary_mapper().ok_or_else(|| Error::new(ErrorKind::InvalidRequestError, "query.get() needs a mapped entity"))?;
                let pk = pk_identity(cx, mapper, &ident)?;
                match cx.sa.orm_mut()?.get(sid, mapper, pk)? {
                    Some(id) => Ok(cx.sa.instance_value(id)),
                    None => Ok(Value::None),
                }
            })(),
            "delete" | "update" => crate::interp::sa::sync::query_dml(cx, sid, &self.sel, name, args),
            "statement" | "subquery" => return self.sel.clone().call_method_rc(cx, name, args),
            _ => return None,
        };
        Some(r)
    }
    /// `query[a:b]` and `query[n]`: `orm/util.py _getitem`, a LIMIT/OFFSET
    /// query whose rows come back as a list (a row for an index).
    fn getitem(self: Rc<Self>, cx: &mut Interp, key: &Value) -> Option<Result<Value>> {
        let negative = || Error::new(ErrorKind::IndexError, "negative indexes are not accepted by SQL index / slice operators");
        let int = |v: &Value| match v {
            Value::Int(n) => Ok(Some(*n)),
            Value::None => Ok(None),
            _ => Err(type_error("slice indices must be integers or None")),
        };
        Some((|| match key {
            Value::Slice(sl) => {
                let (start, stop, step) = (int(&sl.0)?, int(&sl.1)?, int(&sl.2)?);
                if let (Some(a), Some(b)) = (start, stop) {
                    if b - a <= 0 {
                        return Ok(Value::list(Vec::new()));
                    }
                }
                if start.is_some_and(|a| a < 0) || stop.is_some_and(|b| b < 0) {
                    return Err(negative());
                }
                let mut slice_args = Args { positional: vec![sl.0.clone(), sl.1.clone()], ..Default::default() };
                let q = self.clone().call_method(cx, "slice", &mut slice_args).unwrap_or_else(|| Err(type_error("slice")))?;
                let all = call0(cx, &q, "all")?;
                match step {
                    None => Ok(all),
                    Some(_) => cx.getitem(&all, &Value::Slice(Rc::new((Value::None, Value::None, sl.2.clone())))),
                }
            }
            Value::Int(-1) => Err(negative()),
            Value::Int(n) => {
                let rows = self.clone().getitem(cx, &Value::Slice(Rc::new((Value::Int(*n), Value::Int(n + 1), Value::None)))).unwrap_or(Ok(Value::None))?;
                cx.getitem(&rows, &Value::Int(0))
            }
            other => Err(type_error(format!("Query indices must be integers or slices, not {}", crate::interp::common::type_name(other)))),
        })())
    }
    /// `for x in query.yield_per(n)`: the rows are read n at a time as the loop goes.
    fn lazy_iter(self: Rc<Self>, cx: &mut Interp) -> Option<Result<Value>> {
        self.sel.yield_per?;
        let single = self.sel.items.len() == 1 && matches!(self.sel.items[0], SelItem::Entity { .. });
        Some(run_orm_select(cx, self.sid, &self.sel).map(|mut r| {
            if single {
                r.shape = crate::interp::sa::result::Shape::Scalars;
            }
            Value::native(r)
        }))
    }
    fn iter(self: Rc<Self>, cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some((|| {
            let v = self.clone().call_method(cx, "all", &mut Args::default()).unwrap_or(Ok(Value::None))?;
            cx.iterate(&v)
        })())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn call0(cx: &mut Interp, v: &Value, name: &str) -> Result<Value> {
    match v {
        Value::Native(n) => n.clone().call_method(cx, name, &mut Args::default()).unwrap_or_else(|| Err(type_error(name.to_string()))),
        _ => Err(type_error(name.to_string())),
    }
}

impl SelectObj {
    fn call_method_rc(self, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        Rc::new(self).call_method(cx, name, args)
    }
}
