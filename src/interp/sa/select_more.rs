//! The less common parts of `Select`'s surface: `join_from(left, right,
//! onclause)` (`Select.join_from`: a join whose left side is given, which
//! becomes a FROM when it is not one yet) and `selected_columns` (the
//! `ColumnCollection` of what the statement selects, entities expanded into
//! their columns, keyed as result rows are); `filter_by()`'s lookup of its
//! keys in the statement's entities.

use crate::exc::{Error, ErrorKind, Result};
use crate::interp::sa::expr::{to_expr, ExprObj};
use crate::orm::mapping::MapperId;
use crate::interp::sa::select::SelectObj;
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::sql::expr::Expr;
use std::any::Any;
use std::rc::Rc;

/// `stmt.join_from(from_, target, onclause=None, *, isouter=False, full=False)`.
pub fn join_from(s: &SelectObj, cx: &mut Interp, args: &mut Args) -> Result<SelectObj> {
    let from = if args.positional.is_empty() {
        args.take_kw("from_").ok_or_else(|| crate::exc::type_error("Select.join_from() missing 1 required positional argument: 'from_'"))?
    } else {
        args.positional.remove(0)
    };
    let mut s = s.clone();
    let (f, _, _) = crate::interp::sa::select::join_target_of(cx, &from)?;
    if !s.sel.froms.contains(&f) && !s.sel.joins.iter().any(|j| j.target == f) {
        s.sel = s.sel.select_from(f);
    }
    s.join_on(cx, args, false)
}

/// `stmt.selected_columns`.
pub fn selected_columns(s: &SelectObj, cx: &mut Interp) -> Result<Value> {
    let keys = s.column_keys(cx)?;
    let exprs = s.column_exprs(cx)?;
    Ok(Value::native(SelectedColumns { keys, exprs }))
}

/// A read-only column collection: by key (attribute or item), by position, iterated.
pub struct SelectedColumns {
    keys: Vec<Rc<str>>,
    exprs: Vec<Expr>,
}

impl SelectedColumns {
    fn column(&self, i: usize) -> Value {
        Value::native(ExprObj { expr: self.exprs[i].clone(), attr: None, key: self.keys.get(i).cloned(), negation: None })
    }
}

impl Native for SelectedColumns {
    fn type_name(&self) -> String {
        "ReadOnlyColumnCollection".into()
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(self.keys.iter().position(|k| &**k == name).map(|i| self.column(i)))
    }
    fn getitem(self: Rc<Self>, cx: &mut Interp, key: &Value) -> Option<Result<Value>> {
        Some(match key {
            Value::Str(s) => match self.keys.iter().position(|k| **k == **s) {
                Some(i) => Ok(self.column(i)),
                None => Err(Error::new(ErrorKind::KeyError, cx.repr(key).unwrap_or_default())),
            },
            Value::Int(n) if *n >= 0 && (*n as usize) < self.keys.len() => Ok(self.column(*n as usize)),
            _ => Err(Error::new(ErrorKind::IndexError, "tuple index out of range")),
        })
    }
    fn call_method(self: Rc<Self>, _cx: &mut Interp, name: &str, _args: &mut Args) -> Option<Result<Value>> {
        match name {
            "keys" => Some(Ok(Value::list(self.keys.iter().map(|k| Value::Str(k.clone())).collect()))),
            "values" => Some(Ok(Value::list((0..self.keys.len()).map(|i| self.column(i)).collect()))),
            _ => None,
        }
    }
    fn len(&self, _cx: &mut Interp) -> Option<Result<usize>> {
        Some(Ok(self.keys.len()))
    }
    fn iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some(Ok((0..self.keys.len()).map(|i| self.column(i)).collect()))
    }
    fn contains(self: Rc<Self>, _cx: &mut Interp, item: &Value) -> Option<Result<bool>> {
        Some(Ok(matches!(item, Value::Str(s) if self.keys.iter().any(|k| k == s))))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `stmt.filter_by(**kw)`: SQLAlchemy 2.1 looks each key up in every FROM
/// entity (`_get_filter_by_entities`); one must have it.
pub fn filter_by(this: &SelectObj, cx: &mut Interp, args: &mut Args) -> Result<SelectObj> {
                let mut s = this.clone();
                // SQLAlchemy 2.1: the key is looked up in every FROM entity; one must have it
                let mut cands = this.filter_by_entities.clone();
                if let Some(t) = this.filter_by_target.clone().filter(|t| !cands.contains(t)) {
                    cands.push(t);
                }
                if cands.is_empty() {
                    return Err(Error::new(ErrorKind::InvalidRequestError, "filter_by() needs a mapped entity to filter on"));
                }
                for (k, v) in std::mem::take(&mut args.keywords) {
                    let o = cx.sa.orm()?;
                    let desc = |o: &crate::orm::session::Orm| {
                        cands.iter().take(3).map(|(m, _)| {
                            let m = o.registry.mapper(*m);
                            format!("Mapper[{}({})]", m.class_name, o.registry.metadata.table(m.table).name)
                        }).collect::<Vec<_>>().join(", ")
                    };
                    let hits: Vec<&(MapperId, Option<Rc<str>>)> = cands.iter().filter(|(m, _)| o.registry.mapper(*m).column_index(&k).is_some()).collect();
                    let (mapper, alias) = match hits.as_slice() {
                        [one] => (*one).clone(),
                        [] => return Err(Error::new(ErrorKind::InvalidRequestError, format!("None of the FROM clause entities have a property \"{k}\". Searched entities: {}", desc(o)))),
                        _ => return Err(Error::new(ErrorKind::AmbiguousColumnError, format!("Attribute name \"{k}\" is ambiguous; it exists in multiple FROM clause entities ({}). Use filter() with explicit column references instead of filter_by().", desc(o)))),
                    };
                    let m = o.registry.mapper(mapper);
                    let Some(c) = m.column_index(&k) else { continue };
                    let col = match &alias {
                        Some(a) => Expr::aliased_col(m.table, a.clone(), c),
                        None => Expr::col(m.table, c),
                    };
                    let rhs = to_expr(cx, &v)?;
                    s.sel = s.sel.where_(col.eq(rhs));
                }
                Ok(s)
            }
