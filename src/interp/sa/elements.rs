//! `tuple_()`, `extract()`, `type_coerce()` and window functions (`over()`,
//! `FunctionElement.over(...)`) as Python values: SQLAlchemy's `Tuple`,
//! `Extract`, `TypeCoerce` and `Over` of `sql/elements.py`. The tree nodes are
//! `sql::expr::Expr::{Tuple, Extract, TypeCoerce, Over}`; `sql/compile_elements.rs`
//! renders them.

use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::interp::sa::args::{arg, required, unsupported_kw};
use crate::interp::sa::expr::{to_expr, type_arg, ExprObj};
use crate::interp::value::{Args, Value};
use crate::interp::Interp;
use crate::sql::expr::Expr;

/// The functions of this module by name (`sqlalchemy.tuple_` …).
pub const NAMES: &[&str] = &["tuple_", "extract", "type_coerce", "over"];

pub fn call(cx: &mut Interp, name: &str, args: &mut Args) -> Result<Value> {
    match name {
        "tuple_" => {
            let mut items = Vec::new();
            for v in std::mem::take(&mut args.positional) {
                items.push(to_expr(cx, &v)?);
            }
            args.take_kw("types");
            Ok(ExprObj::value(Expr::Tuple(items)))
        }
        "extract" => {
            let field = required(args, 0, "field", name)?;
            let e = required(args, 1, "expr", name)?;
            let Value::Str(field) = field else {
                return Err(type_error("extract() field must be a string"));
            };
            Ok(ExprObj::value(Expr::Extract { field, expr: Box::new(to_expr(cx, &e)?) }))
        }
        "type_coerce" => {
            let e = required(args, 0, "expression", name)?;
            let t = required(args, 1, "type_", name)?;
            let ty = type_arg(cx, &t)?;
            let key = e.downcast::<ExprObj>().and_then(|x| x.key.clone());
            let inner = to_expr(cx, &e)?;
            let inner = match inner {
                Expr::Bind(mut b) => {
                    b.ty = Some(ty.clone());
                    Expr::Bind(b)
                }
                other => other,
            };
            Ok(crate::interp::value::Value::native(ExprObj { expr: Expr::TypeCoerce { expr: Box::new(inner), ty }, attr: None, key, negation: None }))
        }
        "over" => {
            let e = required(args, 0, "element", name)?;
            let e = to_expr(cx, &e)?;
            over(cx, e, args)
        }
        _ => Err(Error::new(ErrorKind::NameError, format!("name '{name}' is not defined"))),
    }
}

/// `element.over(partition_by=None, order_by=None)`; `rows=`, `range_=` and
/// `groups=` (frame clauses) are refused.
pub fn over(cx: &mut Interp, func: Expr, args: &mut Args) -> Result<Value> {
    for k in ["rows", "range_", "groups"] {
        unsupported_kw(args, k, "over")?;
    }
    let partition_by = clause_list(cx, arg(args, 0, "partition_by"))?;
    let order_by = clause_list(cx, arg(args, 1, "order_by"))?;
    Ok(ExprObj::value(Expr::Over { func: Box::new(func), partition_by, order_by }))
}

/// A `partition_by=` / `order_by=` value: one expression or a list of them.
fn clause_list(cx: &mut Interp, v: Option<Value>) -> Result<Vec<Expr>> {
    let one = |cx: &mut Interp, v: &Value| match v {
        Value::Str(s) => Ok(Expr::text(s)),
        _ => to_expr(cx, v),
    };
    match v {
        None | Some(Value::None) => Ok(Vec::new()),
        Some(v @ (Value::List(_) | Value::Tuple(_))) => {
            let mut out = Vec::new();
            for i in cx.iterate(&v)? {
                out.push(one(cx, &i)?);
            }
            Ok(out)
        }
        Some(v) => Ok(vec![one(cx, &v)?]),
    }
}

/// The right side of a comparison with a tuple: a Python tuple is a tuple of
/// binds (`tuple_(a, b) == (1, "x")`, `tuple_(a, b).in_([(1, "x")])`).
pub fn tuple_operand(cx: &mut Interp, left: &Expr, v: &Value) -> Result<Expr> {
    match (left, v) {
        (Expr::Tuple(_), Value::Tuple(t)) => {
            let mut items = Vec::new();
            for i in t.iter() {
                items.push(to_expr(cx, i)?);
            }
            Ok(Expr::Tuple(items))
        }
        _ => to_expr(cx, v),
    }
}
