//! Which expressions may be assigned to or deleted, with Python 3.11's
//! messages when they may not (`cannot assign to function call here. Maybe you
//! meant '==' instead of '='?`, `cannot delete literal`, `'tuple' is an illegal
//! expression for augmented assignment` ...). Called by the statement parser
//! after it has parsed a target as an ordinary expression.

use super::ast::{Const, Expr, ExprKind, UnaryOp};
use super::error::{SynErr, SynResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TargetCtx {
    /// `target = value`
    Assign,
    /// `a = b = value`
    ChainedAssign,
    /// `for target in ...` (statement or comprehension)
    For,
    /// `with ... as target`
    With,
    /// `del target`
    Del,
}

fn fail(e: &Expr, msg: impl Into<String>) -> SynErr {
    SynErr::new(msg, e.pos.line, e.pos.col)
}

/// How Python names an expression that is not a valid target.
fn describe(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Const(Const::True) => "True",
        ExprKind::Const(Const::False) => "False",
        ExprKind::Const(Const::None) => "None",
        ExprKind::Const(Const::Ellipsis) => "ellipsis",
        ExprKind::Const(_) => "literal",
        ExprKind::FString(_) => "f-string expression",
        ExprKind::Call { .. } => "function call",
        ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } | ExprKind::BoolOp { .. } => "expression",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) => "list",
        ExprKind::Starred(_) => "starred",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Slice { .. } => "slice",
        ExprKind::Name(..) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => "name",
    }
}

/// Python adds "here. Maybe you meant '==' ..." only for simple (bitwise-or level) expressions.
fn suggests_comparison(e: &Expr) -> bool {
    !matches!(
        &e.kind,
        ExprKind::Compare { .. }
            | ExprKind::IfExp { .. }
            | ExprKind::BoolOp { .. }
            | ExprKind::UnaryOp { op: UnaryOp::Not, .. }
            | ExprKind::GeneratorExp { .. }
            | ExprKind::Const(Const::True | Const::False | Const::None)
    )
}

pub(crate) fn check_target(e: &Expr, ctx: TargetCtx) -> SynResult<()> {
    match &e.kind {
        ExprKind::Name(..) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
        ExprKind::Tuple(elts) | ExprKind::List(elts) => {
            if ctx != TargetCtx::Del {
                let stars = elts.iter().filter(|x| matches!(x.kind, ExprKind::Starred(_))).count();
                if stars > 1 {
                    return Err(fail(e, "multiple starred expressions in assignment"));
                }
            }
            for elt in elts {
                match &elt.kind {
                    ExprKind::Starred(inner) if ctx != TargetCtx::Del => check_target(inner, ctx)?,
                    _ => check_target(elt, ctx)?,
                }
            }
            Ok(())
        }
        ExprKind::Starred(_) if ctx != TargetCtx::Del => {
            Err(fail(e, "starred assignment target must be in a list or tuple"))
        }
        _ => {
            let what = describe(e);
            Err(fail(
                e,
                match ctx {
                    TargetCtx::Del => format!("cannot delete {what}"),
                    TargetCtx::Assign if suggests_comparison(e) => {
                        format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?")
                    }
                    _ => format!("cannot assign to {what}"),
                },
            ))
        }
    }
}

pub(crate) fn check_aug_target(e: &Expr) -> SynResult<()> {
    match &e.kind {
        ExprKind::Name(..) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
        _ => Err(fail(e, format!("'{}' is an illegal expression for augmented assignment", describe(e)))),
    }
}
