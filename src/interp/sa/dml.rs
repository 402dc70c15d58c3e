//! `insert()`, `update()` and `delete()` being built, as Python objects with
//! SQLAlchemy's generative methods (`values`, `where`, `returning`,
//! `execution_options`): `sql/dml.py`'s `Insert`, `Update`, `Delete`. A list
//! given to `insert().values([...])` is a multi-VALUES INSERT
//! (`crud._extend_values_for_multiparams`): every row on the first one's
//! columns, a missing value taken from the column's default. Running them is
//! `interp/sa/query.rs`'s.

use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::interp::sa::args::required;
use crate::interp::sa::expr::{to_expr, ExprObj, TableObj};
use crate::interp::sa::instance::ClassObj;
use crate::interp::sa::select::{sel_items, SelItem, SelectObj};
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::orm::mapping::MapperId;
use crate::sql::expr::{Delete, Expr, Insert, Select, Update};
use crate::sql::schema::TableId;
use std::any::Any;
use std::rc::Rc;

/// The mapped class or table a DML construct targets.
fn dml_target(cx: &mut Interp, v: &Value) -> Result<(TableId, Option<MapperId>)> {
    if let Some(c) = v.downcast::<ClassObj>() {
        return Ok((cx.sa.orm()?.registry.mapper(c.mapper).table, Some(c.mapper)));
    }
    if let Some(t) = v.downcast::<TableObj>() {
        return Ok((t.table, None));
    }
    Err(Error::new(ErrorKind::ArgumentError, format!("DML target must be a mapped class or a table, got {}", cx.repr(v)?)))
}

/// `insert()`, `update()` or `delete()` being built.
#[derive(Clone)]
pub struct DmlObj {
    pub kind: DmlKind,
    pub table: TableId,
    pub mapper: Option<MapperId>,
    /// `.values(...)` as (column, expression); for insert several rows possible.
    pub values: Vec<Vec<(usize, Expr)>>,
    pub where_: Vec<Expr>,
    pub returning: Vec<SelItem>,
    /// `execution_options(synchronize_session=...)`
    pub synchronize: Option<Rc<str>>,
    /// `insert().values([...])`: a multi-VALUES INSERT, each row on the first one's columns.
    pub multi: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DmlKind {
    Insert,
    Update,
    Delete,
}

impl DmlObj {
    pub fn build(cx: &mut Interp, kind: DmlKind, args: &mut Args) -> Result<Value> {
        let t = required(args, 0, "table", "insert")?;
        let (table, mapper) = dml_target(cx, &t)?;
        Ok(Value::native(DmlObj { kind, table, mapper, values: Vec::new(), where_: Vec::new(), returning: Vec::new(), synchronize: None, multi: false }))
    }

    /// A `{name: value}` row as (column, expression) pairs in table order.
    pub fn row_from(&self, cx: &mut Interp, pairs: Vec<(String, Value)>) -> Result<Vec<(usize, Expr)>> {
        let o = cx.sa.orm()?;
        let t = o.registry.metadata.table(self.table).clone();
        let mut row = Vec::new();
        for (k, v) in pairs {
            let c = t.column_index(&k).ok_or_else(|| Error::new(ErrorKind::CompileError, format!("Unconsumed column names: {}", k)))?;
            let mut e = to_expr(cx, &v)?;
            if let Expr::Bind(b) = &mut e {
                b.ty = Some(t.columns[c].ty.clone());
            }
            row.push((c, e));
        }
        row.sort_by_key(|(c, _)| *c);
        Ok(row)
    }

    /// The SQL statement.
    pub fn to_statement(&self, cx: &mut Interp) -> Result<crate::sql::expr::Statement> {
        use crate::sql::expr::Statement;
        let returning: Vec<Expr> = {
            let s = SelectObj::from_parts(self.returning.clone(), Select::default());
            s.column_exprs(cx)?
        };
        Ok(match self.kind {
            DmlKind::Insert => {
                // a column's Python-side scalar default goes in as a parameter where a row
                // leaves the column out (crud.py `_append_param_insert_hasdefault`), in
                // table order
                let o = cx.sa.orm()?;
                let cols = &o.registry.metadata.table(self.table).columns;
                let defaults: Vec<(usize, Expr)> =
                    cols.iter().enumerate().filter_map(|(c, col)| col.default.as_ref().map(|v| (c, Expr::typed_bind(v.clone(), col.ty.clone())))).collect();
                let mut i = Insert::new(self.table);
                i.multi_values = self.multi;
                let rows: Vec<Vec<(usize, Expr)>> = if self.values.is_empty() && !defaults.is_empty() { vec![Vec::new()] } else { self.values.clone() };
                for mut r in rows {
                    let missing: Vec<(usize, Expr)> = defaults.iter().filter(|(c, _)| !r.iter().any(|(rc, _)| rc == c)).cloned().collect();
                    if !missing.is_empty() {
                        r.extend(missing);
                        r.sort_by_key(|(c, _)| *c);
                    }
                    i = i.values(r);
                }
                Statement::Insert(i.returning(returning))
            }
            DmlKind::Update => {
                let mut u = Update::new(self.table);
                for (c, e) in self.values.first().cloned().unwrap_or_default() {
                    u = u.set(c, e);
                }
                for w in &self.where_ {
                    u = u.where_(w.clone());
                }
                Statement::Update(u.returning(returning))
            }
            DmlKind::Delete => {
                let mut d = Delete::new(self.table);
                for w in &self.where_ {
                    d = d.where_(w.clone());
                }
                Statement::Delete(d.returning(returning))
            }
        })
    }
}

impl Native for DmlObj {
    fn type_name(&self) -> String {
        match self.kind {
            DmlKind::Insert => "Insert",
            DmlKind::Update => "Update",
            DmlKind::Delete => "Delete",
        }
        .into()
    }
    fn str(&self, cx: &mut Interp) -> Result<String> {
        // no values(): every column as a bind named after it (crud.py renders
        // all the table's columns when no parameters are known)
        if self.values.is_empty() && self.kind != DmlKind::Delete {
            let n = cx.sa.orm()?.registry.metadata.table(self.table).columns.len();
            let mut d = self.clone();
            d.values = vec![(0..n).map(|c| (c, Expr::bind(crate::sql::value::Value::Null))).collect()];
            let st = d.to_statement(cx)?;
            return cx.sa.compile_str(&st);
        }
        let st = self.to_statement(cx)?;
        cx.sa.compile_str(&st)
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        let r = (|| -> Result<Option<DmlObj>> {
            let mut d = (*self).clone();
            match name {
                "values" if d.kind == DmlKind::Insert && args.keywords.is_empty() && matches!(args.positional.as_slice(), [Value::List(_)]) => {
                    let rows = std::mem::take(&mut args.positional);
                    multi_values(cx, &mut d, &rows[0])?;
                }
                "values" => {
                    if d.multi {
                        return Err(Error::new(ErrorKind::InvalidRequestError, "Can't mix single and multiple VALUES formats in one INSERT statement; one style appends to a list while the other replaces values, so the intent is ambiguous."));
                    }
                    let mut pairs: Vec<(String, Value)> = Vec::new();
                    for a in std::mem::take(&mut args.positional) {
                        if let Value::Dict(dict) = &a {
                            for (k, v) in dict.borrow().iter() {
                                match &k.0 {
                                    Value::Str(s) => pairs.push((s.to_string(), v.clone())),
                                    other => {
                                        if let Some(e) = other.downcast::<ExprObj>() {
                                            if let Some(key) = &e.key {
                                                pairs.push((key.to_string(), v.clone()));
                                                continue;
                                            }
                                        }
                                        return Err(type_error("values() keys must be column names"));
                                    }
                                }
                            }
                        } else {
                            return Err(type_error("values() takes keyword arguments or a dict"));
                        }
                    }
                    for (k, v) in std::mem::take(&mut args.keywords) {
                        pairs.push((k.to_string(), v));
                    }
                    let row = d.row_from(cx, pairs)?;
                    if d.values.is_empty() {
                        d.values.push(row);
                    } else {
                        d.values[0].extend(row);
                        d.values[0].sort_by_key(|(c, _)| *c);
                    }
                }
                "where" | "filter" => {
                    for a in std::mem::take(&mut args.positional) {
                        d.where_.push(crate::interp::sa::expr::where_expr(cx, &a)?);
                    }
                }
                "filter_by" => {
                    let t = cx.sa.orm()?.registry.metadata.table(d.table).clone();
                    for (k, v) in std::mem::take(&mut args.keywords) {
                        let c = t.column_index(&k).ok_or_else(|| Error::new(ErrorKind::InvalidRequestError, format!("Entity namespace for \"{}\" has no property \"{}\"", t.name, k)))?;
                        d.where_.push(Expr::col(d.table, c).eq(to_expr(cx, &v)?));
                    }
                }
                "returning" => {
                    // rows come back in the order of the parameters already (one
                    // statement per row, or insertmanyvalues batches sorted by sentinel)
                    if let Some(v) = args.take_kw("sort_by_parameter_order") {
                        let _ = cx.truthy(&v)?;
                    }
                    for a in std::mem::take(&mut args.positional) {
                        d.returning.extend(sel_items(cx, &a)?);
                    }
                }
                "execution_options" => {
                    let kw = std::mem::take(&mut args.keywords);
                    let eo = crate::interp::sa::query::ExecOpts::from_pairs(cx, kw, "execution_options")?;
                    if let Some(s) = eo.synchronize_session {
                        d.synchronize = Some(s);
                    }
                    if eo.autoflush.is_some() || eo.populate_existing || eo.yield_per.is_some() {
                        return Err(Error::new(ErrorKind::NotImplementedError, "ormsh does not implement execution_options(autoflush=, populate_existing=, yield_per=) on insert()/update()/delete(); give them to Session.execute()"));
                    }
                }
                _ => return Ok(None),
            }
            Ok(Some(d))
        })();
        match r {
            Ok(Some(d)) => Some(Ok(Value::native(d))),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}


/// `insert().values([row, row, …])`: rows as dicts (or tuples in table column
/// order), each on the columns of the statement's first row.
pub fn multi_values(cx: &mut Interp, d: &mut DmlObj, list: &Value) -> Result<()> {
    if !d.values.is_empty() && !d.multi {
        return Err(Error::new(ErrorKind::InvalidRequestError, "Can't mix single and multiple VALUES formats in one INSERT statement; one style appends to a list while the other replaces values, so the intent is ambiguous."));
    }
    let table = cx.sa.orm()?.registry.metadata.table(d.table).clone();
    for item in cx.iterate(list)? {
        let pairs: Vec<(String, Value)> = match &item {
            Value::Dict(dict) => {
                let mut out = Vec::new();
                for (k, v) in dict.borrow().iter() {
                    match &k.0 {
                        Value::Str(s) => out.push((s.to_string(), v.clone())),
                        other => match other.downcast::<ExprObj>().and_then(|e| e.key.clone()) {
                            Some(key) => out.push((key.to_string(), v.clone())),
                            None => return Err(type_error("values() keys must be column names")),
                        },
                    }
                }
                out
            }
            Value::Tuple(_) | Value::List(_) => {
                let vals = cx.iterate(&item)?;
                if vals.len() > table.columns.len() {
                    return Err(Error::new(ErrorKind::ArgumentError, "Too many values in the VALUES tuple"));
                }
                table.columns.iter().zip(vals).map(|(c, v)| (c.name.clone(), v)).collect()
            }
            other => return Err(type_error(format!("values() rows must be dicts or tuples, not {}", crate::interp::common::type_name(other)))),
        };
        let row = d.row_from(cx, pairs)?;
        let Some(first) = d.values.first() else {
            d.values.push(row);
            continue;
        };
        let mut out = Vec::with_capacity(first.len());
        for (c, _) in first {
            match row.iter().find(|(rc, _)| rc == c) {
                Some((_, e)) => out.push((*c, e.clone())),
                None => match &table.columns[*c].default {
                    Some(v) => out.push((*c, Expr::typed_bind(v.clone(), table.columns[*c].ty.clone()))),
                    None => {
                        return Err(Error::new(
                            ErrorKind::CompileError,
                            format!("INSERT value for column {}.{} is explicitly rendered as a boundparameter in the VALUES clause; a Python-side value or SQL expression is required", table.name, table.columns[*c].name),
                        ))
                    }
                },
            }
        }
        d.values.push(out);
    }
    d.multi = true;
    Ok(())
}
