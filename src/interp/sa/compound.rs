//! Compound selects and ORM entities from a statement: `union()`,
//! `union_all()`, `intersect()`, `intersect_all()`, `except_()`,
//! `except_all()` (functions of `sqlalchemy`, and the `Select.union(...)`
//! methods), SQLAlchemy's `CompoundSelect` of `sql/selectable.py`; and
//! `select(User).from_statement(stmt)` (`orm/context.py` `FromStatement`):
//! the rows of a textual or compound statement loaded as entities, their
//! columns matched by name.
//!
//! A compound is a `SelectObj` whose items are the first SELECT's columns: run
//! in a session it gives rows, not entities, as in SQLAlchemy; `.subquery()`,
//! `.cte()`, `.order_by()`, `.limit()` … work as for a select.

use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::interp::sa::expr::TextObj;
use crate::interp::sa::select::{SelItem, SelectObj};
use crate::interp::value::{Args, Value};
use crate::interp::Interp;
use crate::sql::expr::{CompoundOp, Select, Statement};
use std::rc::Rc;

/// The methods a `CompoundSelect` lacks (it is no `Select`): AttributeError.
const NOT_ON_COMPOUND: &[&str] = &[
    "where", "filter", "filter_by", "join", "outerjoin", "having", "select_from", "add_columns", "with_only_columns", "distinct",
    "correlate", "union", "union_all", "intersect", "intersect_all", "except_", "except_all", "from_statement", "join_from",
];

/// `union(a, b, …)` and its siblings; `first` is the select a method is called on.
pub fn compound(cx: &mut Interp, name: &str, first: Option<&SelectObj>, args: &mut Args) -> Result<Value> {
    let op = CompoundOp::from_name(name).ok_or_else(|| type_error(format!("unknown compound {name}")))?;
    let mut parts: Vec<SelectObj> = first.into_iter().cloned().collect();
    for a in std::mem::take(&mut args.positional) {
        match a.downcast::<SelectObj>() {
            Some(s) => parts.push((*s).clone()),
            None => {
                return Err(Error::new(
                    ErrorKind::ArgumentError,
                    format!("SELECT construct for inclusion in a UNION or other set construct expected, got {}.", cx.repr(&a)?),
                ))
            }
        }
    }
    if let Some((k, _)) = args.keywords.first() {
        return Err(type_error(format!("{name}() got an unexpected keyword argument '{k}'")));
    }
    let Some(head) = parts.first() else {
        return Err(type_error(format!("{name}() missing 1 required positional argument: 'selects'")));
    };
    let exprs = head.column_exprs(cx)?;
    let keys = head.column_keys(cx)?;
    let mut sels = Vec::with_capacity(parts.len());
    for p in &parts {
        let s = p.to_sql_select(cx)?;
        if s.columns.len() != exprs.len() {
            return Err(Error::new(
                ErrorKind::ArgumentError,
                format!(
                    "All selectables passed to CompoundSelect must have identical numbers of columns; select #1 has {} columns, select #{} has {}",
                    exprs.len(),
                    sels.len() + 1,
                    s.columns.len()
                ),
            ));
        }
        sels.push(s);
    }
    let items = exprs.into_iter().zip(keys).map(|(expr, key)| SelItem::Column { expr, key }).collect();
    let mut out = SelectObj::from_parts(items, Select::compound(op, sels));
    out.compound = Some(op);
    Ok(Value::native(out))
}

impl SelectObj {
    /// The `Select` methods that build compounds or entities from a statement;
    /// on a compound, the methods a `CompoundSelect` does not have.
    pub fn compound_method(&self, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        if self.compound.is_some() && NOT_ON_COMPOUND.contains(&name) {
            return Some(Err(Error::new(ErrorKind::AttributeError, format!("'CompoundSelect' object has no attribute '{name}'"))));
        }
        if self.compound.is_some() && name == "group_by" {
            return Some(Err(Error::new(ErrorKind::NotImplementedError, "ormsh does not implement group_by() of a compound select")));
        }
        match name {
            n if CompoundOp::from_name(n).is_some() => Some(compound(cx, n, Some(self), args)),
            "from_statement" => Some(self.from_statement(cx, args)),
            _ => None,
        }
    }

    fn from_statement(&self, cx: &mut Interp, args: &mut Args) -> Result<Value> {
        let v = crate::interp::sa::args::required(args, 0, "statement", "from_statement")?;
        let stmt = if let Some(t) = v.downcast::<TextObj>() {
            Statement::Text(t.clause.clone())
        } else if let Some(s) = v.downcast::<SelectObj>() {
            Statement::Select(s.to_sql_select(cx)?)
        } else {
            return Err(Error::new(ErrorKind::ArgumentError, format!("Executable SQL or text() construct expected, got {}.", cx.repr(&v)?)));
        };
        let mut s = self.clone();
        s.from_statement = Some(Rc::new(stmt));
        Ok(Value::native(s))
    }
}
