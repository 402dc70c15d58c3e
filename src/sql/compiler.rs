//! Renders a [`Statement`] to SQL text and positional parameters exactly as
//! SQLAlchemy 2.1's `SQLCompiler` does for the dialect (its spacing and
//! newlines, parenthesisation, FROM inference, labels, anonymous names,
//! LIMIT/OFFSET forms, expanded IN). Mirrors `sqlalchemy/sql/compiler.py`.
//!
//! Called by the ORM for the statements it builds as trees (loads, eager and
//! lazy loads) and by the interpreter for what a script builds (execution, and
//! `str(stmt)` with [`CompileOptions::named_binds`]); the engine only runs text.
//! The flush's INSERT, UPDATE, DELETE and SELECT by primary key are compiled
//! here too (`orm/dml.rs` builds their trees): one producer of SQL text.
//! Expression rendering is in `sql::compile_expr`, INSERT/UPDATE/DELETE in
//! `sql::compile_dml`; this file holds SELECT, FROM lists and labels.

use crate::exc::{self, ErrorKind};
use crate::sql::dialect::Dialect;
use crate::sql::expr::*;
use crate::sql::schema::{MetaData, TableId};
use crate::sql::types::SqlType;
use crate::sql::value::Value;
use std::collections::HashMap;
use std::rc::Rc;

/// Options of one compilation.
#[derive(Clone, Debug, Default)]
pub struct CompileOptions {
    /// Render binds as SQLAlchemy's `str(stmt)` does (`:id_1`, `:name`,
    /// `IN (__[POSTCOMPILE_name_1])`) instead of the dialect's placeholders.
    pub named_binds: bool,
}

/// One column of the result: the SELECT list or RETURNING.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultColumn {
    /// The name the cursor reports (the label, or the column's own name).
    pub name: String,
    /// The SQL type, for the dialect's result processor (`None`: leave the value as is).
    pub ty: Option<SqlType>,
}

/// A compiled statement, ready for the driver.
#[derive(Clone, Debug, PartialEq)]
pub struct Compiled {
    pub sql: String,
    /// Positional parameters, already through the dialect's bind processors.
    pub params: Vec<Value>,
    pub columns: Vec<ResultColumn>,
}

/// Compile `stmt` for `dialect`.
pub fn compile(stmt: &Statement, md: &MetaData, dialect: &dyn Dialect, opts: &CompileOptions) -> exc::Result<Compiled> {
    let mut c = Compiler::new(md, dialect, opts);
    let sql = c.statement(stmt)?;
    if c.ctes.is_empty() {
        return Ok(Compiled { sql, params: c.params, columns: c.result_columns });
    }
    crate::sql::compile_cte::with_ctes(stmt, std::mem::take(&mut c.ctes), Compiler::new(md, dialect, opts))
}

/// A FROM element's identity, for correlation and de-duplication.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FromKey {
    Table(TableId, Option<Rc<str>>),
    Sub(*const Subquery),
}

/// Where a SELECT is being rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SelectKind {
    Top,
    /// FROM subquery: every column labelled.
    Subquery,
    /// Scalar subquery or IN (subquery).
    Scalar,
    /// Inside EXISTS: no labels.
    Exists,
}

pub(crate) struct SelectCtx {
    pub kind: SelectKind,
    /// FROM elements of the enclosing statements (auto-correlation).
    pub enclosing: Vec<FromKey>,
    /// For a FROM subquery: the names its columns are labelled with.
    pub sub_names: Option<Vec<String>>,
}

impl SelectCtx {
    fn top() -> SelectCtx {
        SelectCtx { kind: SelectKind::Top, enclosing: vec![], sub_names: None }
    }
}

pub(crate) struct Compiler<'a> {
    pub md: &'a MetaData,
    pub d: &'a dyn Dialect,
    pub opts: &'a CompileOptions,
    pub params: Vec<Value>,
    /// Result columns of the outermost SELECT or of RETURNING.
    pub result_columns: Vec<ResultColumn>,
    /// Counters of anonymous names (`anon`, `count`, `users` …).
    anon_counters: HashMap<String, u32>,
    /// Counters of `str()` bind names (`id_1`, `param_1`).
    pub bind_counters: HashMap<String, u32>,
    alias_names: HashMap<Rc<str>, String>,
    subquery_names: Vec<(*const Subquery, String)>,
    subquery_columns: Vec<(*const Subquery, Vec<String>)>,
    /// The FROM keys of the statements being rendered, innermost last.
    pub from_stack: Vec<Vec<FromKey>>,
    /// Common table expressions met so far, each after those its body uses.
    pub(crate) ctes: Vec<Rc<Subquery>>,
    /// True in the final pass, once the `WITH` clause is written: a CTE
    /// then renders as its name only.
    pub(crate) ctes_written: bool,
    /// False while a compound select's ORDER BY renders (`include_table=False`:
    /// `ORDER BY name`, not `users.name`).
    pub(crate) include_table: bool,
}

impl<'a> Compiler<'a> {
    pub(crate) fn statement(&mut self, stmt: &Statement) -> exc::Result<String> {
        match stmt {
            Statement::Select(s) => self.select(s, &SelectCtx::top()),
            Statement::Insert(i) => self.insert(i),
            Statement::Update(u) => self.update(u),
            Statement::Delete(d) => self.delete(d),
            Statement::Text(t) => self.text(t),
        }
    }

    pub(crate) fn new(md: &'a MetaData, d: &'a dyn Dialect, opts: &'a CompileOptions) -> Compiler<'a> {
        Compiler {
            md,
            d,
            opts,
            params: vec![],
            result_columns: vec![],
            anon_counters: HashMap::new(),
            bind_counters: HashMap::new(),
            alias_names: HashMap::new(),
            subquery_names: vec![],
            subquery_columns: vec![],
            from_stack: vec![],
            ctes: vec![],
            ctes_written: false,
            include_table: true,
        }
    }

    /// Next anonymous name for `base` (`anon_1`, `count_2`).
    pub fn anon(&mut self, base: &str) -> String {
        let n = self.anon_counters.entry(base.to_string()).or_insert(0);
        *n += 1;
        format!("{base}_{n}")
    }

    pub fn table_name(&self, t: TableId) -> exc::Result<&'a str> {
        self.md
            .tables
            .get(t.0 as usize)
            .map(|t| t.name.as_str())
            .ok_or_else(|| exc::Error::new(ErrorKind::CompileError, format!("unknown table #{}", t.0)))
    }

    pub fn column_info(&self, t: TableId, i: usize) -> exc::Result<&'a crate::sql::schema::Column> {
        let table = self.md.tables.get(t.0 as usize);
        table
            .and_then(|tb| tb.columns.get(i))
            .ok_or_else(|| exc::Error::new(ErrorKind::CompileError, format!("unknown column #{i} of table #{}", t.0)))
    }

    /// The rendered name of a table or alias (`users`, `users_1`).
    pub fn from_name(&mut self, t: TableId, alias: &Option<Rc<str>>) -> exc::Result<String> {
        let table = self.table_name(t)?;
        Ok(match alias {
            None => self.d.quote(table),
            Some(a) if a.starts_with('%') => {
                if let Some(n) = self.alias_names.get(a) {
                    n.clone()
                } else {
                    let n = self.anon(table);
                    self.alias_names.insert(a.clone(), n.clone());
                    n
                }
            }
            Some(a) => self.d.quote(a),
        })
    }

    pub fn subquery_name(&mut self, sq: &Rc<Subquery>) -> String {
        let p = Rc::as_ptr(sq);
        if let Some((_, n)) = self.subquery_names.iter().find(|(q, _)| *q == p) {
            return n.clone();
        }
        let n = match &sq.name {
            Some(n) => self.d.quote(n),
            None => self.anon("anon"),
        };
        self.subquery_names.push((p, n.clone()));
        n
    }

    /// The names a FROM subquery gives its columns (computed once per subquery).
    pub fn subquery_column_names(&mut self, sq: &Rc<Subquery>) -> exc::Result<Vec<String>> {
        let p = Rc::as_ptr(sq);
        if let Some((_, names)) = self.subquery_columns.iter().find(|(q, _)| *q == p) {
            return Ok(names.clone());
        }
        let mut used = Vec::new();
        let mut names = Vec::new();
        let style = match sq.select.label_style {
            LabelStyle::TablenamePlusCol => LabelStyle::TablenamePlusCol,
            _ => LabelStyle::DisambiguateOnly,
        };
        for col in &sq.select.columns {
            let (_, name) = self.column_label(col, SelectKind::Subquery, style, &mut used)?;
            names.push(name);
        }
        self.subquery_columns.push((p, names.clone()));
        Ok(names)
    }

    // ---- labels -------------------------------------------------------------

    /// The label a SELECT column gets (`None`: rendered bare) and its result name.
    /// `used` holds the names taken so far, with the column each came from.
    fn column_label(
        &mut self,
        e: &Expr,
        kind: SelectKind,
        style: LabelStyle,
        used: &mut Vec<(String, Option<Expr>)>,
    ) -> exc::Result<(Option<String>, String)> {
        if kind == SelectKind::Exists {
            return Ok((None, String::new()));
        }
        let natural = self.natural_name(e)?;
        if let Expr::Label { name, .. } = e {
            used.push((name.to_string(), None));
            return Ok((Some(name.to_string()), name.to_string()));
        }
        if style == LabelStyle::None {
            let n = natural.unwrap_or_default();
            return Ok((None, n));
        }
        let identity = match e {
            Expr::Column(_) | Expr::SubqueryColumn(..) => Some(e.clone()),
            _ => None,
        };
        if style == LabelStyle::TablenamePlusCol {
            if let Some(label) = self.tablename_plus_col(e)? {
                let label = dedupe(&label, &identity, used);
                return Ok((Some(label.clone()), label));
            }
        }
        match natural {
            Some(name) if !matches!(e, Expr::Func { .. }) => {
                let label = dedupe(&name, &identity, used);
                let bare = label == name && kind != SelectKind::Subquery && !matches!(e, Expr::Cast { .. } | Expr::TypeCoerce { .. });
                Ok((if bare { None } else { Some(label.clone()) }, label))
            }
            _ => match e {
                Expr::Func { name, .. } => {
                    let l = self.anon(name);
                    used.push((l.clone(), None));
                    Ok((Some(l.clone()), l))
                }
                Expr::Unary { op: UnaryOp::Neg | UnaryOp::Desc | UnaryOp::Asc | UnaryOp::NullsFirst | UnaryOp::NullsLast, .. } => {
                    Ok((None, String::new()))
                }
                Expr::Star => Ok((None, "*".into())),
                _ => {
                    let l = self.anon("anon");
                    used.push((l.clone(), None));
                    Ok((Some(l.clone()), l))
                }
            },
        }
    }

    /// The name a column expression carries by itself (`users.id` → `id`).
    pub(crate) fn natural_name(&mut self, e: &Expr) -> exc::Result<Option<String>> {
        Ok(match e {
            Expr::Column(c) => Some(self.column_info(c.table, c.column)?.name.clone()),
            Expr::SubqueryColumn(sq, i) => self.subquery_column_names(sq)?.get(*i).cloned(),
            Expr::Label { name, .. } => Some(name.to_string()),
            Expr::Cast { expr, .. } | Expr::TypeCoerce { expr, .. } => match **expr {
                Expr::Column(_) | Expr::SubqueryColumn(..) => self.natural_name(expr)?,
                _ => None,
            },
            Expr::Func { name, .. } => Some(name.to_string()),
            _ => None,
        })
    }

    fn tablename_plus_col(&mut self, e: &Expr) -> exc::Result<Option<String>> {
        Ok(match e {
            Expr::Column(c) => {
                let table = match &c.alias {
                    None => self.table_name(c.table)?.to_string(),
                    Some(_) => self.from_name(c.table, &c.alias)?,
                };
                Some(format!("{}_{}", table.trim_matches(['"', '`']), self.column_info(c.table, c.column)?.name))
            }
            Expr::SubqueryColumn(sq, i) => {
                let names = self.subquery_column_names(sq)?;
                let sqn = self.subquery_name(sq);
                names.get(*i).map(|n| format!("{}_{}", sqn.trim_matches(['"', '`']), n))
            }
            _ => None,
        })
    }

    // ---- FROM ---------------------------------------------------------------

    pub fn from_keys_of(&self, f: &FromItem, out: &mut Vec<FromKey>) {
        match f {
            FromItem::Table { table, alias } => out.push(FromKey::Table(*table, alias.clone())),
            FromItem::Subquery(sq) => out.push(FromKey::Sub(Rc::as_ptr(sq))),
            FromItem::Join { left, right, .. } => {
                self.from_keys_of(left, out);
                self.from_keys_of(right, out);
            }
        }
    }

    /// FROM elements an expression uses, in order of appearance (subqueries excluded).
    pub fn collect_froms(e: &Expr, out: &mut Vec<FromItem>) {
        let mut push = |f: FromItem| {
            if !out.contains(&f) {
                out.push(f)
            }
        };
        match e {
            Expr::Column(c) => push(FromItem::Table { table: c.table, alias: c.alias.clone() }),
            Expr::SubqueryColumn(sq, _) => push(FromItem::Subquery(sq.clone())),
            Expr::Binary { left, right, .. } => {
                Self::collect_froms(left, out);
                Self::collect_froms(right, out);
            }
            Expr::Bool { items, .. } => items.iter().for_each(|i| Self::collect_froms(i, out)),
            Expr::Unary { expr, .. }
            | Expr::Cast { expr, .. }
            | Expr::Label { expr, .. }
            | Expr::Grouping(expr)
            | Expr::Extract { expr, .. }
            | Expr::TypeCoerce { expr, .. } => Self::collect_froms(expr, out),
            Expr::Tuple(items) => items.iter().for_each(|i| Self::collect_froms(i, out)),
            Expr::Over { func, partition_by, order_by } => {
                Self::collect_froms(func, out);
                partition_by.iter().chain(order_by).for_each(|i| Self::collect_froms(i, out));
            }
            Expr::Like { expr, pattern, .. } => {
                Self::collect_froms(expr, out);
                Self::collect_froms(pattern, out);
            }
            Expr::InList { expr, items, .. } => {
                Self::collect_froms(expr, out);
                items.iter().for_each(|i| Self::collect_froms(i, out));
            }
            Expr::InSelect { expr, .. } => Self::collect_froms(expr, out),
            Expr::Between { expr, low, high, .. } => {
                for x in [expr, low, high] {
                    Self::collect_froms(x, out);
                }
            }
            Expr::Func { args, .. } => args.iter().for_each(|a| Self::collect_froms(a, out)),
            Expr::Case { value, whens, else_ } => {
                if let Some(v) = value {
                    Self::collect_froms(v, out);
                }
                for (w, t) in whens {
                    Self::collect_froms(w, out);
                    Self::collect_froms(t, out);
                }
                if let Some(e) = else_ {
                    Self::collect_froms(e, out);
                }
            }
            _ => {}
        }
    }

    /// The FROM list of a SELECT: explicit `select_from` elements and joins
    /// first, then tables the columns and WHERE use that no join covers, minus
    /// those correlated to an enclosing statement.
    fn select_froms(&self, s: &Select, enclosing: &[FromKey]) -> exc::Result<Vec<FromItem>> {
        let mut implicit = Vec::new();
        for e in s.columns.iter().chain(s.where_.iter()) {
            Self::collect_froms(e, &mut implicit);
        }
        let mut froms: Vec<FromItem> = s.froms.clone();
        for j in &s.joins {
            let mut on_froms = Vec::new();
            Self::collect_froms(&j.on, &mut on_froms);
            on_froms.retain(|f| f != &j.target);
            let mut target_keys = Vec::new();
            self.from_keys_of(&j.target, &mut target_keys);
            let refers = |c: &Compiler, f: &FromItem| {
                let mut keys = Vec::new();
                c.from_keys_of(f, &mut keys);
                on_froms.iter().any(|o| {
                    let mut ok = Vec::new();
                    c.from_keys_of(o, &mut ok);
                    ok.iter().any(|k| keys.contains(k))
                })
            };
            let pos = froms.iter().position(|f| refers(self, f)).or(if froms.is_empty() { None } else { Some(0) });
            let left = match pos {
                Some(p) => froms.remove(p),
                None => {
                    let cand = implicit
                        .iter()
                        .find(|f| refers(self, f) && !target_keys.iter().any(|k| self.keys(f).contains(k)))
                        .or_else(|| implicit.iter().find(|f| !target_keys.iter().any(|k| self.keys(f).contains(k))))
                        .cloned()
                        .ok_or_else(|| exc::invalid("Don't know how to join; please use an ON clause that refers to the left side"))?;
                    cand
                }
            };
            let joined = FromItem::Join { left: Box::new(left), right: Box::new(j.target.clone()), on: j.on.clone(), outer: j.outer, full: j.full };
            froms.insert(pos.unwrap_or(froms.len()), joined);
        }
        let mut covered = Vec::new();
        for f in &froms {
            self.from_keys_of(f, &mut covered);
        }
        for f in implicit {
            let keys = self.keys(&f);
            if keys.iter().all(|k| !covered.contains(k)) {
                covered.extend(keys);
                froms.push(f);
            }
        }
        if !enclosing.is_empty() {
            let before = froms.len();
            let kept: Vec<FromItem> = froms
                .iter()
                .filter(|f| match f {
                    FromItem::Join { .. } => true,
                    other => !self.keys(other).iter().any(|k| enclosing.contains(k)),
                })
                .cloned()
                .collect();
            if kept.is_empty() && before > 0 {
                return Err(exc::invalid(
                    "Select statement returned no FROM clauses due to auto-correlation; specify correlate(<tables>) to control correlation manually.",
                ));
            }
            froms = kept;
        }
        Ok(froms)
    }

    fn keys(&self, f: &FromItem) -> Vec<FromKey> {
        let mut k = Vec::new();
        self.from_keys_of(f, &mut k);
        k
    }

    pub fn from_item(&mut self, f: &FromItem) -> exc::Result<String> {
        Ok(match f {
            FromItem::Table { table, alias: None } => self.from_name(*table, &None)?,
            FromItem::Table { table, alias } => {
                let base = self.d.quote(self.table_name(*table)?);
                format!("{base} AS {}", self.from_name(*table, alias)?)
            }
            FromItem::Subquery(sq) if sq.cte => self.cte_reference(sq)?,
            FromItem::Subquery(sq) => {
                let name = self.subquery_name(sq);
                let names = self.subquery_column_names(sq)?;
                let ctx = SelectCtx { kind: SelectKind::Subquery, enclosing: vec![], sub_names: Some(names) };
                let inner = self.select(&sq.select, &ctx)?;
                format!("({inner}) AS {name}")
            }
            FromItem::Join { left, right, on, outer, full } => {
                let l = self.from_item(left)?;
                let r = self.from_item(right)?;
                // a join on the right is nested: `a LEFT OUTER JOIN (b JOIN c ON …) ON …`
                let r = if matches!(**right, FromItem::Join { .. }) { format!("({r})") } else { r };
                let on = self.expr(on, Against::AsBool)?;
                let kw = if *full { "FULL OUTER JOIN" } else if *outer { "LEFT OUTER JOIN" } else if self.d.name().starts_with("m") { "INNER JOIN" } else { "JOIN" };
                format!("{l} {kw} {r} ON {on}")
            }
        })
    }

    // ---- statements ---------------------------------------------------------

    pub(crate) fn select(&mut self, s: &Select, ctx: &SelectCtx) -> exc::Result<String> {
        if let Some(c) = &s.compound {
            return self.compound_select(s, c, ctx);
        }
        let froms = self.select_froms(s, &ctx.enclosing)?;
        let mut keys: Vec<FromKey> = ctx.enclosing.clone();
        for f in &froms {
            self.from_keys_of(f, &mut keys);
        }
        self.from_stack.push(keys);
        let out = self.select_body(s, ctx, &froms);
        self.from_stack.pop();
        out
    }

    fn select_body(&mut self, s: &Select, ctx: &SelectCtx, froms: &[FromItem]) -> exc::Result<String> {
        let mut sql = String::from("SELECT ");
        if s.distinct {
            sql.push_str("DISTINCT ");
        }
        let mut used = Vec::new();
        let mut cols = Vec::new();
        let mut result = Vec::new();
        for (i, col) in s.columns.iter().enumerate() {
            let (label, name) = if let Some(names) = &ctx.sub_names {
                let name = names.get(i).cloned().unwrap_or_default();
                (if matches!(col, Expr::Star) { None } else { Some(name.clone()) }, name)
            } else {
                self.column_label(col, ctx.kind, s.label_style, &mut used)?
            };
            let body = self.expr(col, Against::Never)?;
            cols.push(match &label {
                Some(l) => format!("{body} AS {}", self.d.quote(l)),
                None => body,
            });
            result.push(ResultColumn { name, ty: self.type_of(col)? });
        }
        if cols.is_empty() {
            cols.push("*".into());
        }
        sql.push_str(&cols.join(", "));
        if ctx.kind == SelectKind::Top {
            self.result_columns = result;
        }
        if !froms.is_empty() {
            let mut parts = Vec::new();
            for f in froms {
                parts.push(self.from_item(f)?);
            }
            sql.push_str(" \nFROM ");
            sql.push_str(&parts.join(", "));
        } else if !s.where_.is_empty() && self.d.name().starts_with('m') {
            // MySQLCompiler.default_from: a WHERE needs a FROM
            sql.push_str(" FROM DUAL");
        }
        if let Some(w) = self.where_clause(&s.where_)? {
            sql.push_str(" \nWHERE ");
            sql.push_str(&w);
        }
        if !s.group_by.is_empty() {
            let mut parts = Vec::new();
            for g in &s.group_by {
                parts.push(self.expr(g, Against::Never)?);
            }
            sql.push_str(" GROUP BY ");
            sql.push_str(&parts.join(", "));
        }
        if let Some(h) = self.where_clause(&s.having)? {
            sql.push_str(" \nHAVING ");
            sql.push_str(&h);
        }
        if !s.order_by.is_empty() {
            let mut parts = Vec::new();
            for o in &s.order_by {
                parts.push(self.order_item(o)?);
            }
            sql.push_str(" ORDER BY ");
            sql.push_str(&parts.join(", "));
        }
        sql.push_str(&self.limit_clause(s)?);
        if s.for_update && self.d.for_update_clause() {
            sql.push_str(" FOR UPDATE");
        }
        Ok(sql)
    }

    /// ORDER BY / GROUP BY item; a label of the SELECT list renders as its name.
    pub(crate) fn order_item(&mut self, o: &Expr) -> exc::Result<String> {
        match o {
            Expr::Label { name, .. } => Ok(self.d.quote(name)),
            Expr::Unary { op: op @ (UnaryOp::Desc | UnaryOp::Asc), expr } if matches!(**expr, Expr::Label { .. }) => {
                let inner = self.order_item(expr)?;
                Ok(format!("{inner} {}", if *op == UnaryOp::Desc { "DESC" } else { "ASC" }))
            }
            other => self.expr(other, Against::Never),
        }
    }

    /// WHERE/HAVING criteria joined with AND; `None` when there are none.
    pub fn where_clause(&mut self, items: &[Expr]) -> exc::Result<Option<String>> {
        let items: Vec<&Expr> = items.iter().filter(|e| !e.is_empty_clause()).collect();
        match items.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(self.expr(one, Against::AsBool)?)),
            many => {
                let mut parts = Vec::new();
                for e in many {
                    parts.push(self.expr(e, Against::Op(OpPrec::AND))?);
                }
                Ok(Some(parts.join(" AND ")))
            }
        }
    }
}

/// A disambiguated name: `id`, then `id_1` for another column named `id`,
/// `id__1` for the same column again (SQLAlchemy's dedupe labels).
fn dedupe(name: &str, identity: &Option<Expr>, used: &mut Vec<(String, Option<Expr>)>) -> String {
    let taken = |n: &str, used: &Vec<(String, Option<Expr>)>| used.iter().any(|(u, _)| u == n);
    if !taken(name, used) {
        used.push((name.to_string(), identity.clone()));
        return name.to_string();
    }
    let same = identity.is_some() && used.iter().any(|(u, id)| u == name && id == identity);
    let sep = if same { "__" } else { "_" };
    let mut k = 1;
    loop {
        let cand = format!("{name}{sep}{k}");
        if !taken(&cand, used) {
            used.push((cand.clone(), identity.clone()));
            return cand;
        }
        k += 1;
    }
}

pub(crate) use crate::sql::compile_expr::{Against, OpPrec};

/// `str(element)` of a column expression alone (`users.id = :id_1`), as
/// SQLAlchemy's `ClauseElement.__str__` compiles it: no SELECT around it, no
/// FROM, and a label shows the element it names.
pub fn compile_element(e: &Expr, md: &MetaData, dialect: &dyn Dialect, opts: &CompileOptions) -> exc::Result<Compiled> {
    let mut c = Compiler::new(md, dialect, opts);
    c.from_stack.push(vec![]);
    let inner = match e {
        Expr::Label { expr, .. } => &**expr,
        e => e,
    };
    let sql = c.expr(inner, Against::Never)?;
    Ok(Compiled { sql, params: c.params, columns: vec![] })
}
