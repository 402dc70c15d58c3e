//! Compound selects (`union`, `union_all`, `intersect`, `except_` and their
//! `_all` forms) as SQLAlchemy's `SQLCompiler.visit_compound_select` renders
//! them: the SELECTs joined by the keyword, a SELECT with its own ORDER BY or
//! LIMIT and a nested compound in parentheses (`Select.self_group` against a
//! compound), then the compound's ORDER BY without table names
//! (`include_table=False`) and its LIMIT/OFFSET. Also the row-limiting clause
//! both kinds of SELECT end with (`limit_clause` of each dialect).

use crate::exc;
use crate::sql::compiler::{Compiler, SelectCtx, SelectKind};
use crate::sql::dialect::LimitStyle;
use crate::sql::expr::{Compound, Select};
use crate::sql::types::SqlType;
use crate::sql::value::Value;

impl Compiler<'_> {
    pub(crate) fn compound_select(&mut self, s: &Select, c: &Compound, ctx: &SelectCtx) -> exc::Result<String> {
        let mut parts = Vec::with_capacity(c.selects.len());
        let mut first_columns = None;
        for (i, inner) in c.selects.iter().enumerate() {
            // the result (and a subquery's column names) come from the first SELECT
            let sub_names = if i == 0 { ctx.sub_names.clone() } else { None };
            let ictx = SelectCtx { kind: ctx.kind, enclosing: ctx.enclosing.clone(), sub_names };
            let body = self.select(inner, &ictx)?;
            if i == 0 {
                first_columns = Some(self.result_columns.clone());
            }
            let grouped = inner.compound.is_some() || !inner.order_by.is_empty() || inner.limit.is_some() || inner.offset.is_some();
            parts.push(if grouped { format!("({body})") } else { body });
        }
        if let Some(cols) = first_columns {
            if ctx.kind == SelectKind::Top {
                self.result_columns = cols;
            }
        }
        let mut sql = parts.join(&format!(" {} ", c.op.sql()));
        if !s.order_by.is_empty() {
            let saved = std::mem::replace(&mut self.include_table, false);
            let mut items = Vec::new();
            for o in &s.order_by {
                match self.order_item(o) {
                    Ok(t) => items.push(t),
                    Err(e) => {
                        self.include_table = saved;
                        return Err(e);
                    }
                }
            }
            self.include_table = saved;
            sql.push_str(" ORDER BY ");
            sql.push_str(&items.join(", "));
        }
        sql.push_str(&self.limit_clause(s)?);
        Ok(sql)
    }

    pub(crate) fn limit_clause(&mut self, s: &Select) -> exc::Result<String> {
        let int = Some(SqlType::Integer);
        let mut out = String::new();
        // `str()`: the default compiler's form (no OFFSET after a bare LIMIT, `LIMIT -1` before a bare OFFSET)
        if self.opts.named_binds {
            if let Some(l) = &s.limit {
                out.push_str(&format!("\n LIMIT {}", self.expr_typed(l, int.clone())?));
            }
            if let Some(o) = &s.offset {
                if s.limit.is_none() {
                    out.push_str("\n LIMIT -1");
                }
                out.push_str(&format!(" OFFSET {}", self.expr_typed(o, int.clone())?));
            }
            return Ok(out);
        }
        match self.d.limit_style() {
            LimitStyle::Sqlite => {
                if let Some(l) = &s.limit {
                    out.push_str(&format!("\n LIMIT {}", self.expr_typed(l, int.clone())?));
                    let off = match &s.offset {
                        Some(o) => self.expr_typed(o, int.clone())?,
                        None => self.bind_param(&Value::Int(0), int.clone(), "param")?,
                    };
                    out.push_str(&format!(" OFFSET {off}"));
                } else if let Some(o) = &s.offset {
                    let l = self.bind_param(&Value::Int(-1), int.clone(), "param")?;
                    out.push_str(&format!("\n LIMIT {l} OFFSET {}", self.expr_typed(o, int.clone())?));
                }
            }
            LimitStyle::Postgres => match (&s.limit, &s.offset) {
                (Some(l), o) => {
                    out.push_str(&format!(" \n LIMIT {}", self.expr_typed(l, int.clone())?));
                    if let Some(o) = o {
                        out.push_str(&format!(" OFFSET {}", self.expr_typed(o, int.clone())?));
                    }
                }
                (None, Some(o)) => out.push_str(&format!("\n LIMIT ALL OFFSET {}", self.expr_typed(o, int.clone())?)),
                (None, None) => {}
            },
            LimitStyle::Mysql => match (&s.limit, &s.offset) {
                (Some(l), Some(o)) => {
                    let o = self.expr_typed(o, int.clone())?;
                    let l = self.expr_typed(l, int.clone())?;
                    out.push_str(&format!(" \n LIMIT {o}, {l}"));
                }
                (Some(l), None) => out.push_str(&format!(" \n LIMIT {}", self.expr_typed(l, int.clone())?)),
                (None, Some(o)) => {
                    out.push_str(&format!(" \n LIMIT {}, 18446744073709551615", self.expr_typed(o, int.clone())?))
                }
                (None, None) => {}
            },
        }
        Ok(out)
    }

}
