//! INSERT, UPDATE and DELETE as SQLAlchemy's `SQLCompiler` renders them
//! (`visit_insert`, `visit_update`, `visit_delete`, `returning_clause`, and the
//! "insertmanyvalues" forms of `_deliver_insertmanyvalues_batches`). Both the
//! statements a script builds and the ORM's flush (`orm/dml.rs`: INSERT, UPDATE
//! and DELETE by primary key) are compiled here: one producer of DML text.

use crate::exc::{self, ErrorKind};
use crate::sql::compiler::{Against, CompileOptions, Compiler, FromKey, ResultColumn};
use crate::sql::dialect::Dialect;
use crate::sql::expr::*;
use crate::sql::schema::{MetaData, TableId};
use crate::sql::types::SqlType;
use crate::sql::value::Value;

impl<'a> Compiler<'a> {
    /// ` RETURNING a, b AS c`: columns qualified where the dialect qualifies
    /// them (PostgreSQL, MySQL/MariaDB), bare on SQLite; a label keeps its name
    /// (`id AS id__1`, the insertmanyvalues sentinel).
    fn returning(&mut self, cols: &[Expr], supported: bool) -> exc::Result<String> {
        if cols.is_empty() {
            return Ok(String::new());
        }
        if !supported {
            return Err(exc::Error::new(
                ErrorKind::CompileError,
                format!("{} dialect does not support RETURNING", self.d.name()),
            ));
        }
        let mut parts = Vec::new();
        let mut result = Vec::new();
        for c in cols {
            let text = match c {
                Expr::Label { name, expr } => format!("{} AS {}", self.returning_column(expr)?, self.d.quote(name)),
                other => self.returning_column(other)?,
            };
            parts.push(text);
            result.push(ResultColumn { name: self.natural_name(c)?.unwrap_or_default(), ty: self.type_of(c)? });
        }
        self.result_columns = result;
        Ok(format!(" RETURNING {}", parts.join(", ")))
    }

    fn returning_column(&mut self, c: &Expr) -> exc::Result<String> {
        match c {
            // `str()`'s default compiler qualifies them (SQLite's own does not)
            Expr::Column(cr) if !self.d.qualify_returning() && !self.opts.named_binds => Ok(self.d.quote(&self.column_info(cr.table, cr.column)?.name)),
            other => self.expr(other, Against::Never),
        }
    }

    pub(crate) fn insert(&mut self, i: &Insert) -> exc::Result<String> {
        let table = self.d.quote(self.table_name(i.table)?);
        let mut sql = format!("INSERT INTO {table} ");
        if i.columns.is_empty() {
            sql.push_str(self.d.insert_no_columns());
        } else {
            let mut names = Vec::new();
            let mut types = Vec::new();
            for c in &i.columns {
                let col = self.column_info(i.table, *c)?;
                names.push(self.d.quote(&col.name));
                types.push((col.ty.clone(), col.name.clone()));
            }
            sql.push_str(&format!("({})", names.join(", ")));
            // SQLAlchemy's INSERT offers no FROM to correlate to: a subquery in
            // VALUES keeps its own FROM (`visit_insert` pushes empty correlate_froms)
            self.from_stack.push(vec![]);
            let mut rows = Vec::with_capacity(i.rows.len());
            for (r, row) in i.rows.iter().enumerate() {
                if row.len() != types.len() {
                    return Err(exc::argument_error("INSERT value list does not match the column list"));
                }
                let mut vals = Vec::with_capacity(row.len() + 1);
                for (v, (ty, name)) in row.iter().zip(&types) {
                    // `values([...])`: str() names the parameters name_m0, name_m1 …
                    let name = if i.multi_values { format!("{name}_m{r}") } else { name.clone() };
                    vals.push(self.set_value(v, ty, &name)?);
                }
                if i.many_values_from_select {
                    vals.push(r.to_string());
                }
                rows.push(format!("({})", vals.join(", ")));
            }
            self.from_stack.pop();
            if i.many_values_from_select {
                sql.push_str(&self.select_sentinel_rows(&i.columns, &types, &rows));
            } else {
                sql.push_str(" VALUES ");
                sql.push_str(&rows.join(", "));
            }
        }
        sql.push_str(&self.returning(&i.returning, self.d.insert_returning())?);
        Ok(sql)
    }

    /// PostgreSQL's orderable insertmanyvalues form (`USE_INSERT_FROM_SELECT`
    /// with `RENDER_SELECT_COL_CASTS`): ` SELECT p0::T, p1::T FROM (VALUES (…,
    /// 0), (…, 1)) AS imp_sen(p0, p1, sen_counter) ORDER BY sen_counter`.
    fn select_sentinel_rows(&self, cols: &[usize], types: &[(SqlType, String)], rows: &[String]) -> String {
        let casts: Vec<String> = types
            .iter()
            .enumerate()
            .map(|(i, (ty, _))| {
                // PostgreSQL's render_bind_cast: VARCHAR without its length
                let ty = match ty {
                    SqlType::String(Some(_)) => SqlType::String(None),
                    ty => ty.clone(),
                };
                format!("p{i}::{}", self.d.type_ddl(&ty, false))
            })
            .collect();
        let names: Vec<String> = (0..cols.len()).map(|i| format!("p{i}, ")).collect();
        format!(
            " SELECT {} FROM (VALUES {}) AS imp_sen({}sen_counter) ORDER BY sen_counter",
            casts.join(", "),
            rows.join(", "),
            names.concat()
        )
    }

    /// A value in INSERT VALUES or UPDATE SET: binds take the column's type and
    /// name; expressions are parenthesised as SQLAlchemy's `self_group()` does.
    fn set_value(&mut self, v: &Expr, ty: &SqlType, name: &str) -> exc::Result<String> {
        match v {
            Expr::Bind(b) => {
                let t = b.ty.clone().or(Some(ty.clone()));
                if self.opts.named_binds {
                    self.params.push(b.value.clone());
                    Ok(format!(":{name}"))
                } else {
                    self.bind_param(&b.value, t, name)
                }
            }
            other => self.expr_hinted(other, Against::None, Some(ty.clone())),
        }
    }

    pub(crate) fn update(&mut self, u: &Update) -> exc::Result<String> {
        let table = self.d.quote(self.table_name(u.table)?);
        self.from_stack.push(vec![FromKey::Table(u.table, None)]);
        let mut sets = Vec::new();
        for (c, v) in &u.values {
            let col = self.column_info(u.table, *c)?;
            let val = self.set_value(v, &col.ty, &col.name)?;
            sets.push(format!("{}={val}", self.d.quote(&col.name)));
        }
        if sets.is_empty() {
            self.from_stack.pop();
            return Err(exc::Error::new(ErrorKind::CompileError, "UPDATE construct has no SET values"));
        }
        let mut sql = format!("UPDATE {table} SET {}", sets.join(", "));
        let w = self.where_clause(&u.where_);
        self.from_stack.pop();
        if let Some(w) = w? {
            sql.push_str(&format!(" WHERE {w}"));
        }
        sql.push_str(&self.returning(&u.returning, self.d.compiles_update_returning())?);
        Ok(sql)
    }

    pub(crate) fn delete(&mut self, d: &Delete) -> exc::Result<String> {
        let table = self.d.quote(self.table_name(d.table)?);
        let mut sql = format!("DELETE FROM {table}");
        self.from_stack.push(vec![FromKey::Table(d.table, None)]);
        let w = self.where_clause(&d.where_);
        self.from_stack.pop();
        if let Some(w) = w? {
            sql.push_str(&format!(" WHERE {w}"));
        }
        sql.push_str(&self.returning(&d.returning, self.d.delete_returning())?);
        Ok(sql)
    }
}

/// Compile one value of an UPDATE's SET (`(counters.value + ?)`) or of an
/// INSERT's VALUES on its own, as the ORM's flush renders a SQL expression
/// given as an attribute value, with placeholders numbered after the `n0`
/// parameters that precede it. An UPDATE correlates to its table; an INSERT
/// (`visit_insert`) offers nothing to correlate to, so a subquery keeps its
/// own FROM. Returns the text and its parameters.
pub fn compile_dml_value(
    e: &Expr,
    table: TableId,
    column: usize,
    md: &MetaData,
    dialect: &dyn Dialect,
    n0: usize,
    update: bool,
) -> exc::Result<(String, Vec<Value>)> {
    let opts = CompileOptions::default();
    let mut c = Compiler::new(md, dialect, &opts);
    c.params = vec![Value::Null; n0];
    c.from_stack.push(if update { vec![FromKey::Table(table, None)] } else { vec![] });
    let col = c.column_info(table, column)?.clone();
    let text = c.set_value(e, &col.ty, &col.name)?;
    let params = c.params.split_off(n0);
    Ok((text, params))
}
