//! Column elements with a rendering of their own, as SQLAlchemy's compiler
//! visits them: `tuple_()` (`visit_tuple`, the elements typed after what they
//! are compared with), window functions (`visit_over`: `f() OVER (PARTITION BY
//! … ORDER BY …)`) and `extract()` (`visit_extract`; SQLite's
//! `CAST(STRFTIME('%Y', x) AS INTEGER)`, MySQL's `millisecond`).

use crate::exc::{self, ErrorKind};
use crate::sql::compile_expr::Against;
use crate::sql::compiler::Compiler;
use crate::sql::expr::Expr;

/// SQLite's `extract_map` (dialects/sqlite/base.py).
const SQLITE_EXTRACT: &[(&str, &str)] = &[
    ("month", "%m"),
    ("day", "%d"),
    ("year", "%Y"),
    ("second", "%S"),
    ("hour", "%H"),
    ("doy", "%j"),
    ("minute", "%M"),
    ("epoch", "%s"),
    ("dow", "%w"),
    ("week", "%W"),
];

impl Compiler<'_> {
    /// `(a, b)`; a bind element takes the type of the element of `against` at
    /// its position (the other side of a comparison or of `IN`).
    pub(crate) fn tuple(&mut self, items: &[Expr], against: &[Expr]) -> exc::Result<String> {
        let mut parts = Vec::with_capacity(items.len());
        for (i, it) in items.iter().enumerate() {
            let hint = match against.get(i) {
                Some(o) => self.type_of(o)?,
                None => None,
            };
            parts.push(self.expr_hinted(it, Against::Never, hint)?);
        }
        Ok(format!("({})", parts.join(", ")))
    }

    pub(crate) fn over(&mut self, func: &Expr, partition_by: &[Expr], order_by: &[Expr]) -> exc::Result<String> {
        let f = self.expr(func, Against::Never)?;
        let mut clauses = Vec::new();
        for (word, items) in [("PARTITION", partition_by), ("ORDER", order_by)] {
            if items.is_empty() {
                continue;
            }
            let mut parts = Vec::with_capacity(items.len());
            for it in items {
                parts.push(self.expr(it, Against::Never)?);
            }
            clauses.push(format!("{word} BY {}", parts.join(", ")));
        }
        Ok(format!("{f} OVER ({})", clauses.join(" ")))
    }

    pub(crate) fn extract(&mut self, field: &str, expr: &Expr) -> exc::Result<String> {
        let inner = self.expr(expr, Against::Never)?;
        // `str()` compiles with the default dialect (StrSQLCompiler): EXTRACT
        if self.d.extract_by_strftime() && !self.opts.named_binds {
            let f = SQLITE_EXTRACT.iter().find(|(k, _)| *k == field).map(|(_, v)| *v).ok_or_else(|| {
                exc::Error::new(ErrorKind::CompileError, format!("{field} is not a valid extract argument."))
            })?;
            return Ok(format!("CAST(STRFTIME('{f}', {inner}) AS INTEGER)"));
        }
        let f = if self.opts.named_binds { field } else { self.d.extract_field(field) };
        Ok(format!("EXTRACT({f} FROM {inner})"))
    }
}
