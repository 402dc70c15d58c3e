//! Common table expressions (`stmt.cte()`), as SQLAlchemy's `SQLCompiler`
//! renders them: every CTE a statement uses, however deep, is written once in
//! a `WITH` at the top of the outermost statement and named where it is used.
//! A statement with CTEs is compiled twice: the first pass meets them (a CTE
//! after those its own body uses), the second writes the `WITH` clause first,
//! so the parameters come in text order (positional and `$n` placeholders).

use crate::exc;
use crate::sql::compiler::{Compiled, Compiler, SelectCtx, SelectKind};
use crate::sql::expr::{Statement, Subquery};
use std::rc::Rc;

/// The second pass: `WITH a AS \n(...), \nb AS \n(...)\n <statement>`.
pub(crate) fn with_ctes(stmt: &Statement, ctes: Vec<Rc<Subquery>>, mut c: Compiler<'_>) -> exc::Result<Compiled> {
    let mut parts = Vec::new();
    c.ctes_written = true;
    for sq in &ctes {
        let name = c.subquery_name(sq);
        let names = c.subquery_column_names(sq)?;
        let ctx = SelectCtx { kind: SelectKind::Subquery, enclosing: vec![], sub_names: Some(names) };
        let body = c.select(&sq.select, &ctx)?;
        parts.push(format!("{name} AS \n({body})"));
    }
    c.ctes = ctes;
    let main = c.statement(stmt)?;
    Ok(Compiled { sql: format!("WITH {}\n {}", parts.join(", \n"), main), params: c.params, columns: c.result_columns })
}

impl Compiler<'_> {
    /// A CTE in a FROM list: its name. In the first pass its body is rendered
    /// (and thrown away) only to meet the CTEs it uses in turn.
    pub(crate) fn cte_reference(&mut self, sq: &Rc<Subquery>) -> exc::Result<String> {
        let name = self.subquery_name(sq);
        if !self.ctes_written && !self.ctes.iter().any(|c| Rc::ptr_eq(c, sq)) {
            let names = self.subquery_column_names(sq)?;
            let ctx = SelectCtx { kind: SelectKind::Subquery, enclosing: vec![], sub_names: Some(names) };
            let saved = (std::mem::take(&mut self.result_columns), self.params.len());
            self.select(&sq.select, &ctx)?;
            self.result_columns = saved.0;
            self.params.truncate(saved.1);
            if !self.ctes.iter().any(|c| Rc::ptr_eq(c, sq)) {
                self.ctes.push(sq.clone());
            }
        }
        Ok(name)
    }
}
