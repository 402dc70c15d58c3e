//! Expression rendering for `sql::compiler`: operators with SQLAlchemy's
//! precedence-based parenthesisation (`operators._PRECEDENCE` and
//! `is_precedent`), bind parameters through the dialect, LIKE forms, IN
//! expansion, functions, CASE/CAST, subqueries, `text()` and type inference
//! for untyped binds. Mirrors the `visit_*` methods of `sql/compiler.py`.

use crate::exc::{self, ErrorKind};
use crate::sql::compiler::{Compiler, SelectCtx, SelectKind};
use crate::sql::expr::*;
use crate::sql::types::SqlType;
use crate::sql::value::Value;
use std::collections::HashMap;

/// An operator's precedence and identity (`operators._PRECEDENCE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpPrec {
    prec: i8,
    id: u8,
    /// Natural self-precedent (associative): `a + b + c` needs no parentheses.
    assoc: bool,
}

impl OpPrec {
    const fn new(prec: i8, id: u8, assoc: bool) -> OpPrec {
        OpPrec { prec, id, assoc }
    }
    pub const AND: OpPrec = OpPrec::new(3, 1, true);
    pub const OR: OpPrec = OpPrec::new(2, 2, true);
    const NOT: OpPrec = OpPrec::new(5, 3, false);
    const NEG: OpPrec = OpPrec::new(8, 4, false);
    const ORDER: OpPrec = OpPrec::new(3, 5, false);
    const DISTINCT: OpPrec = OpPrec::new(5, 6, false);
    const LIKE: OpPrec = OpPrec::new(5, 7, false);
    /// `contains/startswith/endswith` operators have no precedence entry (`_smallest`).
    const LIKE_WRAPPED: OpPrec = OpPrec::new(-100, 8, false);
    const IN: OpPrec = OpPrec::new(5, 9, false);
    const BETWEEN: OpPrec = OpPrec::new(5, 10, false);
    const EXISTS: OpPrec = OpPrec::new(0, 11, false);

    fn of_binary(op: BinOp) -> OpPrec {
        let id = 20 + op as u8;
        match op {
            BinOp::Mul => OpPrec::new(8, id, true),
            BinOp::Div | BinOp::Mod => OpPrec::new(8, id, false),
            BinOp::Add | BinOp::BitAnd | BinOp::BitOr => OpPrec::new(7, id, true),
            BinOp::Sub => OpPrec::new(7, id, false),
            BinOp::Concat => OpPrec::new(5, id, true),
            // below comparisons: `(name COLLATE x) = ?`
            BinOp::Collate => OpPrec::new(4, id, false),
            _ => OpPrec::new(5, id, false),
        }
    }
}

/// What an expression is rendered inside of (SQLAlchemy's `self_group(against=…)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Against {
    /// Never parenthesise (SELECT list, ORDER BY, function arguments).
    Never,
    /// `self_group()` with no operator: any operator expression is parenthesised.
    None,
    /// A lone WHERE criterion (`operators._asbool`).
    AsBool,
    Op(OpPrec),
}

fn is_precedent(child: OpPrec, against: Against) -> bool {
    match against {
        Against::Never => false,
        Against::None => true,
        Against::AsBool => child.prec <= -10,
        Against::Op(a) => !(child.id == a.id && child.assoc) && child.prec <= a.prec,
    }
}

/// The operator an expression node is built on, if any.
fn op_of(e: &Expr) -> Option<OpPrec> {
    Some(match e {
        Expr::Binary { op, .. } => OpPrec::of_binary(*op),
        Expr::Bool { op: BoolOp::And, items } if !items.is_empty() => OpPrec::AND,
        Expr::Bool { op: BoolOp::Or, items } if !items.is_empty() => OpPrec::OR,
        Expr::Unary { op, .. } => match op {
            UnaryOp::Not => OpPrec::NOT,
            UnaryOp::Neg => OpPrec::NEG,
            UnaryOp::Distinct => OpPrec::DISTINCT,
            _ => OpPrec::ORDER,
        },
        Expr::Like { kind: LikeKind::Plain, .. } => OpPrec::LIKE,
        Expr::Like { .. } => OpPrec::LIKE_WRAPPED,
        Expr::InList { .. } | Expr::InSelect { .. } => OpPrec::IN,
        Expr::Between { .. } => OpPrec::BETWEEN,
        Expr::Exists(_) => OpPrec::EXISTS,
        _ => return None,
    })
}

/// The ANSI functions SQLAlchemy renders without parentheses.
const ANSI_FUNCTIONS: &[&str] =
    &["current_date", "current_time", "current_timestamp", "current_user", "localtime", "localtimestamp", "session_user", "user"];

/// The SQL type a bare Python value binds as.
pub fn type_of_value(v: &Value) -> Option<SqlType> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(_) => SqlType::Boolean,
        Value::Int(_) => SqlType::Integer,
        Value::Float(_) => SqlType::Float,
        Value::Decimal(_) => SqlType::Numeric(None, None),
        Value::Str(_) => SqlType::String(None),
        Value::Bytes(_) => SqlType::Binary,
        Value::Date(_) => SqlType::Date,
        Value::DateTime(_) => SqlType::DateTime,
        Value::Time(_) => SqlType::Time,
        Value::Json(_) => SqlType::Json,
    })
}

impl<'a> Compiler<'a> {
    pub fn expr(&mut self, e: &Expr, against: Against) -> exc::Result<String> {
        self.expr_hinted(e, against, None)
    }

    pub fn expr_typed(&mut self, e: &Expr, ty: Option<SqlType>) -> exc::Result<String> {
        self.expr_hinted(e, Against::Never, ty)
    }

    /// Render `e` inside `against`; an untyped bind takes `hint` as its type.
    pub fn expr_hinted(&mut self, e: &Expr, against: Against, hint: Option<SqlType>) -> exc::Result<String> {
        self.render(e, against, hint, "param")
    }

    fn render(&mut self, e: &Expr, against: Against, hint: Option<SqlType>, name: &str) -> exc::Result<String> {
        let body = self.render_bare(e, against, hint, name)?;
        Ok(match op_of(e) {
            Some(op) if is_precedent(op, against) => format!("({body})"),
            _ => body,
        })
    }

    /// A bind parameter: the dialect's placeholder, the value through its bind processor.
    pub fn bind_param(&mut self, v: &Value, ty: Option<SqlType>, name: &str) -> exc::Result<String> {
        if self.opts.named_binds {
            let n = self.bind_counters.entry(name.to_string()).or_insert(0);
            *n += 1;
            let label = format!(":{name}_{n}");
            self.params.push(v.clone());
            return Ok(label);
        }
        let ty = ty.or_else(|| type_of_value(v));
        self.params.push(self.d.bind_value(ty.as_ref(), v));
        Ok(self.d.placeholder(self.params.len()))
    }

    /// The bind-name base SQLAlchemy derives from the other operand (`id_1`).
    fn name_base(&mut self, other: &Expr) -> exc::Result<String> {
        Ok(match other {
            Expr::Column(c) => self.column_info(c.table, c.column)?.name.clone(),
            Expr::SubqueryColumn(sq, i) => self.subquery_column_names(sq)?.get(*i).cloned().unwrap_or("param".into()),
            // `Function._bind_param`: the function's name (`count(x) > :count_1`)
            Expr::Func { name, .. } => name.to_string(),
            _ => "param".into(),
        })
    }

    fn column_sql(&mut self, c: &ColumnRef) -> exc::Result<String> {
        let col = self.column_info(c.table, c.column)?;
        if !self.include_table {
            return Ok(self.d.quote(&col.name));
        }
        let table = self.from_name(c.table, &c.alias)?;
        Ok(format!("{table}.{}", self.d.quote(&col.name)))
    }

    fn keyword(&self, value: bool, against: Against) -> String {
        let boolean_context = matches!(against, Against::AsBool | Against::Op(OpPrec::AND) | Against::Op(OpPrec::OR));
        // `str()` (StrSQLCompiler's dialect) renders true/false as keywords
        match (self.d.supports_native_boolean() || self.opts.named_binds, value, boolean_context) {
            (true, v, _) => v.to_string(),
            (false, true, true) => "1 = 1".into(),
            (false, false, true) => "0 = 1".into(),
            (false, v, false) => (v as i32).to_string(),
        }
    }

    fn render_bare(&mut self, e: &Expr, against: Against, hint: Option<SqlType>, name: &str) -> exc::Result<String> {
        Ok(match e {
            Expr::Column(c) => self.column_sql(c)?,
            Expr::SubqueryColumn(sq, i) => {
                let names = self.subquery_column_names(sq)?;
                let col = names.get(*i).ok_or_else(|| exc::Error::new(ErrorKind::CompileError, "no such subquery column"))?;
                if !self.include_table {
                    return Ok(self.d.quote(col));
                }
                let sqn = self.subquery_name(sq);
                format!("{sqn}.{}", self.d.quote(col))
            }
            Expr::Bind(b) => {
                let ty = b.ty.clone().or(hint);
                self.bind_param(&b.value, ty, name)?
            }
            Expr::Null => "NULL".into(),
            Expr::True => self.keyword(true, against),
            Expr::False => self.keyword(false, against),
            Expr::Star => "*".into(),
            Expr::Text(t) => self.text(t)?,
            Expr::Grouping(inner) => format!("({})", self.render(inner, Against::Never, hint, name)?),
            Expr::Label { expr, .. } => self.render(expr, Against::Never, hint, name)?,
            Expr::Binary { op, left, right } => self.binary(*op, left, right)?,
            Expr::Bool { op, items } => {
                let p = if *op == BoolOp::And { OpPrec::AND } else { OpPrec::OR };
                let mut parts = Vec::new();
                for it in items.iter().filter(|i| !i.is_empty_clause()) {
                    parts.push(self.render(it, Against::Op(p), None, "param")?);
                }
                parts.join(if *op == BoolOp::And { " AND " } else { " OR " })
            }
            Expr::Unary { op, expr } => {
                let p = op_of(e).unwrap_or(OpPrec::NOT);
                // NULLS FIRST/LAST modify an ordering; they never parenthesise it
                let inner_against = match op {
                    UnaryOp::NullsFirst | UnaryOp::NullsLast => Against::Never,
                    _ => Against::Op(p),
                };
                let inner = self.render(expr, inner_against, hint, name)?;
                match op {
                    UnaryOp::Not => format!("NOT {inner}"),
                    UnaryOp::Neg => format!("-{inner}"),
                    UnaryOp::Distinct => format!("DISTINCT {inner}"),
                    UnaryOp::Desc => format!("{inner} DESC"),
                    UnaryOp::Asc => format!("{inner} ASC"),
                    UnaryOp::NullsFirst => format!("{inner} NULLS FIRST"),
                    UnaryOp::NullsLast => format!("{inner} NULLS LAST"),
                }
            }
            Expr::Like { expr, pattern, kind, negate, ilike, escape } => {
                self.like(expr, pattern, *kind, *negate, *ilike, *escape, op_of(e).unwrap_or(OpPrec::LIKE))?
            }
            Expr::InList { expr, items, negate } => {
                let ty = self.type_of(expr)?;
                let base = self.name_base(expr)?;
                let left = self.render(expr, Against::Op(OpPrec::IN), None, "param")?;
                let op = if *negate { "NOT IN" } else { "IN" };
                if self.opts.named_binds {
                    let n = self.bind_counters.entry(base.clone()).or_insert(0);
                    *n += 1;
                    format!("{left} {op} (__[POSTCOMPILE_{base}_{n}])")
                } else if items.is_empty() {
                    format!("{left} {}", self.d.empty_in(*negate))
                } else {
                    let mut parts = Vec::new();
                    for it in items {
                        parts.push(match (&**expr, it) {
                            (Expr::Tuple(ls), Expr::Tuple(rs)) => self.tuple(rs, ls)?,
                            _ => self.render(it, Against::Never, ty.clone(), &base)?,
                        });
                    }
                    format!("{left} {op} ({})", parts.join(", "))
                }
            }
            Expr::InSelect { expr, select, negate } => {
                let left = self.render(expr, Against::Op(OpPrec::IN), None, "param")?;
                let inner = self.subselect(select, SelectKind::Scalar)?;
                format!("{left} {} ({inner})", if *negate { "NOT IN" } else { "IN" })
            }
            Expr::Between { expr, low, high, negate } => {
                let ty = self.type_of(expr)?;
                let base = self.name_base(expr)?;
                let x = self.render(expr, Against::Op(OpPrec::BETWEEN), None, "param")?;
                let lo = self.render(low, Against::Op(OpPrec::AND), ty.clone(), &base)?;
                let hi = self.render(high, Against::Op(OpPrec::AND), ty, &base)?;
                format!("{x} {}BETWEEN {lo} AND {hi}", if *negate { "NOT " } else { "" })
            }
            Expr::Func { name: fname, args } => self.function(fname, args)?,
            Expr::Case { value, whens, else_ } => {
                let mut sql = String::from("CASE");
                let vty = match value {
                    Some(v) => {
                        sql.push_str(&format!(" {}", self.render(v, Against::None, None, "param")?));
                        self.type_of(v)?
                    }
                    None => None,
                };
                for (cond, result) in whens {
                    let c = self.render(cond, Against::None, vty.clone(), "param")?;
                    let r = self.render(result, Against::Never, None, "param")?;
                    sql.push_str(&format!(" WHEN {c} THEN {r}"));
                }
                if let Some(x) = else_ {
                    sql.push_str(&format!(" ELSE {}", self.render(x, Against::Never, None, "param")?));
                }
                sql.push_str(" END");
                sql
            }
            Expr::Cast { expr, ty } => {
                let inner = self.render(expr, Against::Never, Some(ty.clone()), "param")?;
                match self.d.cast_type(ty) {
                    Some(t) => format!("CAST({inner} AS {t})"),
                    None => inner,
                }
            }
            Expr::Exists(s) => format!("EXISTS ({})", self.subselect(s, SelectKind::Exists)?),
            Expr::ScalarSelect(s) => format!("({})", self.subselect(s, SelectKind::Scalar)?),
            Expr::Tuple(items) => self.tuple(items, &[])?,
            Expr::Over { func, partition_by, order_by } => self.over(func, partition_by, order_by)?,
            Expr::Extract { field, expr } => self.extract(field, expr)?,
            Expr::TypeCoerce { expr, ty } => self.render(expr, against, Some(ty.clone()), name)?,
        })
    }

    /// A nested SELECT, auto-correlated to every enclosing FROM.
    fn subselect(&mut self, s: &Select, kind: SelectKind) -> exc::Result<String> {
        let enclosing = self.from_stack.iter().flatten().cloned().collect();
        let saved = std::mem::take(&mut self.result_columns);
        let out = self.select(s, &SelectCtx { kind, enclosing, sub_names: None });
        self.result_columns = saved;
        out
    }

    fn binary(&mut self, op: BinOp, left: &Expr, right: &Expr) -> exc::Result<String> {
        let p = Against::Op(OpPrec::of_binary(op));
        let lt = self.type_of(left)?;
        let rt = self.type_of(right)?;
        let lname = self.name_base(right)?;
        let rname = self.name_base(left)?;
        if op == BinOp::Concat && self.d.concat_function() {
            let l = self.render(left, Against::Never, rt, &lname)?;
            let r = self.render(right, Against::Never, lt, &rname)?;
            return Ok(format!("concat({l}, {r})"));
        }
        if let (BinOp::Collate, Expr::Text(t)) = (op, right) {
            let l = self.render(left, p, None, &lname)?;
            return Ok(format!("{l} COLLATE {}", self.d.quote(&t.sql)));
        }
        if let (Expr::Tuple(ls), Expr::Tuple(rs)) = (left, right) {
            let l = self.tuple(ls, rs)?;
            let r = self.tuple(rs, ls)?;
            return Ok(format!("{l} {} {r}", op.sql()));
        }
        let l = self.render(left, p, rt.clone(), &lname)?;
        let mut r = self.render(right, p, lt.clone(), &rname)?;
        let int = |t: &Option<SqlType>| t.as_ref().is_some_and(|t| t.is_integer());
        if op == BinOp::Div && int(&lt) && (int(&rt) || rt.is_none()) {
            r = self.d.truediv_right(r);
        }
        Ok(format!("{l} {} {r}", op.sql()))
    }

    #[allow(clippy::too_many_arguments)]
    fn like(
        &mut self,
        expr: &Expr,
        pattern: &Expr,
        kind: LikeKind,
        negate: bool,
        ilike: bool,
        escape: Option<char>,
        p: OpPrec,
    ) -> exc::Result<String> {
        let ty = self.type_of(expr)?.or(Some(SqlType::String(None)));
        let base = self.name_base(expr)?;
        let left = self.render(expr, Against::Op(p), None, "param")?;
        let concat_fn = self.d.concat_function();
        let pat = match kind {
            LikeKind::Plain => self.render(pattern, Against::Op(p), ty, &base)?,
            _ => {
                let inner = self.render(pattern, Against::Op(OpPrec::of_binary(BinOp::Concat)), ty, &base)?;
                match (kind, concat_fn) {
                    (LikeKind::Contains, false) => format!("'%' || {inner} || '%'"),
                    (LikeKind::Contains, true) => format!("concat('%', {inner}, '%')"),
                    (LikeKind::StartsWith, false) => format!("{inner} || '%'"),
                    (LikeKind::StartsWith, true) => format!("concat({inner}, '%')"),
                    (_, false) => format!("'%' || {inner}"),
                    (_, true) => format!("concat('%', {inner})"),
                }
            }
        };
        let not = if negate { "NOT " } else { "" };
        let mut sql = if ilike && !self.d.native_ilike() {
            format!("lower({left}) {not}LIKE lower({pat})")
        } else if ilike {
            format!("{left} {not}ILIKE {pat}")
        } else {
            format!("{left} {not}LIKE {pat}")
        };
        if let Some(c) = escape {
            let esc = if c == '\'' { "''".to_string() } else { c.to_string() };
            sql.push_str(&format!(" ESCAPE '{esc}'"));
        }
        Ok(sql)
    }

    fn function(&mut self, name: &str, args: &[Expr]) -> exc::Result<String> {
        let lower = name.to_ascii_lowercase();
        if args.is_empty() {
            if lower == "count" {
                return Ok("count(*)".into());
            }
            if lower == "now" {
                // `str()` compiles with the default dialect, which has no visit_now_func
                return Ok(if self.opts.named_binds { "now()" } else { self.d.now_function() }.into());
            }
            if ANSI_FUNCTIONS.contains(&lower.as_str()) {
                return Ok(lower.to_ascii_uppercase());
            }
        }
        let mut parts = Vec::new();
        for a in args {
            let mut sql = self.render(a, Against::Never, None, "param")?;
            if let (Expr::Bind(b), Some(cast)) = (a, self.d.string_bind_cast()) {
                if b.ty.is_none() && matches!(b.value, Value::Str(_)) && !self.opts.named_binds {
                    sql = format!("{sql}::{cast}");
                }
            }
            parts.push(sql);
        }
        Ok(format!("{name}({})", parts.join(", ")))
    }

    /// `text()`: `:name` becomes the dialect's placeholder, in order of appearance
    /// (SQLAlchemy's `BIND_PARAMS` regex; `\:` is a literal colon).
    pub(crate) fn text(&mut self, t: &TextClause) -> exc::Result<String> {
        let chars: Vec<char> = t.sql.chars().collect();
        let mut out = String::new();
        let mut numbered: HashMap<String, String> = HashMap::new();
        let mut i = 0;
        let word = |c: char| c.is_alphanumeric() || c == '_';
        while i < chars.len() {
            let c = chars[i];
            if c == '\\' && chars.get(i + 1) == Some(&':') {
                out.push(':');
                i += 2;
                continue;
            }
            let prev_ok = i == 0 || !(word(chars[i - 1]) || chars[i - 1] == ':' || chars[i - 1] == '\\');
            if c == ':' && prev_ok && chars.get(i + 1).is_some_and(|n| word(*n)) {
                let mut j = i + 1;
                while j < chars.len() && word(chars[j]) {
                    j += 1;
                }
                if chars.get(j) != Some(&':') {
                    let name: String = chars[i + 1..j].iter().collect();
                    let value = t
                        .binds
                        .get(&name)
                        .cloned()
                        .ok_or_else(|| {
                            exc::Error::new(ErrorKind::StatementError, format!("(sqlalchemy.exc.InvalidRequestError) A value is required for bind parameter '{name}'"))
                        })?;
                    if self.opts.named_binds {
                        self.params.push(value);
                        out.push(':');
                        out.push_str(&name);
                    } else if let Some(ph) = numbered.get(&name).filter(|_| self.d.numbered_placeholders()) {
                        out.push_str(ph);
                    } else {
                        let ph = self.bind_param(&value, None, &name)?;
                        numbered.insert(name, ph.clone());
                        out.push_str(&ph);
                    }
                    i = j;
                    continue;
                }
                let s: String = chars[i..j].iter().collect();
                out.push_str(&s);
                i = j;
                continue;
            }
            out.push(c);
            i += 1;
        }
        Ok(out)
    }

    /// The SQL type of an expression, as SQLAlchemy derives it (for bind and
    /// result processing).
    pub fn type_of(&mut self, e: &Expr) -> exc::Result<Option<SqlType>> {
        Ok(match e {
            Expr::Column(c) => Some(self.column_info(c.table, c.column)?.ty.clone()),
            Expr::SubqueryColumn(sq, i) => match sq.select.columns.get(*i) {
                Some(inner) => self.type_of(inner)?,
                None => None,
            },
            Expr::Bind(b) => b.ty.clone().or_else(|| type_of_value(&b.value)),
            Expr::Null | Expr::Star | Expr::Text(_) => None,
            Expr::True | Expr::False => Some(SqlType::Boolean),
            Expr::Label { expr, .. } | Expr::Grouping(expr) => self.type_of(expr)?,
            Expr::Cast { ty, .. } => Some(ty.clone()),
            Expr::Binary { op, left, right } => {
                if op.is_comparison() {
                    Some(SqlType::Boolean)
                } else if *op == BinOp::Concat {
                    Some(SqlType::String(None))
                } else {
                    let lt = self.type_of(left)?;
                    let rt = self.type_of(right)?;
                    let int = |t: &Option<SqlType>| t.as_ref().is_some_and(|t| t.is_integer());
                    if *op == BinOp::Div && int(&lt) && (int(&rt) || rt.is_none()) {
                        Some(SqlType::Numeric(None, None))
                    } else {
                        lt.or(rt)
                    }
                }
            }
            Expr::Bool { .. } | Expr::Like { .. } | Expr::InList { .. } | Expr::InSelect { .. } | Expr::Between { .. } | Expr::Exists(_) => {
                Some(SqlType::Boolean)
            }
            Expr::Unary { op: UnaryOp::Not, .. } => Some(SqlType::Boolean),
            Expr::Unary { expr, .. } => self.type_of(expr)?,
            Expr::Func { name, args } => match name.to_ascii_lowercase().as_str() {
                "count" | "length" | "char_length" | "character_length" => Some(SqlType::Integer),
                "now" | "current_timestamp" | "localtimestamp" => Some(SqlType::DateTime),
                "current_date" => Some(SqlType::Date),
                "current_time" => Some(SqlType::Time),
                "lower" | "upper" | "concat" | "trim" | "substr" | "substring" | "replace" => Some(SqlType::String(None)),
                "max" | "min" | "sum" | "coalesce" | "abs" | "round" => match args.first() {
                    Some(a) => self.type_of(a)?,
                    None => None,
                },
                _ => None,
            },
            Expr::Case { whens, else_, .. } => match whens.first() {
                Some((_, r)) => self.type_of(r)?,
                None => match else_ {
                    Some(x) => self.type_of(x)?,
                    None => None,
                },
            },
            Expr::Tuple(_) => None,
            Expr::Over { func, .. } => self.type_of(func)?,
            Expr::Extract { .. } => Some(SqlType::Integer),
            Expr::TypeCoerce { ty, .. } => Some(ty.clone()),
            Expr::ScalarSelect(s) => match s.columns.first() {
                Some(c) => self.type_of(c)?,
                None => None,
            },
        })
    }
}
