//! The SQL expression language as plain data: column references, bind
//! parameters, operators, functions, and the `Select`/`Insert`/`Update`/`Delete`
//! statements built from them. The ORM and the interpreter build these trees;
//! `sql::compiler` renders them. Mirrors `sqlalchemy/sql/elements.py`,
//! `selectable.py`, `dml.py` and the construction-time rules of
//! `default_comparator.py` (`x == None` → `IS NULL`, `not_(x == 1)` → `x != 1`,
//! `and_(true(), x)` → `x` …), which are applied here, when a node is built,
//! exactly as SQLAlchemy applies them.

use crate::sql::schema::TableId;
use crate::sql::types::SqlType;
use crate::sql::value::Value;
use indexmap::IndexMap;
use std::rc::Rc;

/// A column of a table, or of an alias of it. An alias name starting with `%`
/// is anonymous (`aliased(User)`): the compiler renders it `users_1`, `users_2`
/// … numbered in order of first appearance; the text after `%` only tells
/// anonymous aliases apart.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnRef {
    pub table: TableId,
    pub alias: Option<Rc<str>>,
    pub column: usize,
}

/// A bound value; its type, when unknown, is taken from the expression it is
/// compared with (as SQLAlchemy's `_bind_param` does) when compiled.
#[derive(Clone, Debug, PartialEq)]
pub struct Bind {
    pub value: Value,
    pub ty: Option<SqlType>,
}

/// Binary operators that render `left OP right`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    /// Python's `/` (true division: SQLAlchemy adds `+ 0.0` / `CAST … AS NUMERIC` for integers).
    Div,
    Mod,
    /// `||` (`concat()` on MySQL).
    Concat,
    Is,
    IsNot,
    BitAnd,
    BitOr,
    /// `expr COLLATE name`; the right side is the collation's name as a text
    /// clause, quoted by the dialect as an identifier.
    Collate,
}

impl BinOp {
    pub fn sql(self) -> &'static str {
        match self {
            BinOp::Eq => "=",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Concat => "||",
            BinOp::Is => "IS",
            BinOp::IsNot => "IS NOT",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::Collate => "COLLATE",
        }
    }
    /// SQLAlchemy's `operators.negate` pairs (`not_(a < b)` is `a >= b`).
    fn negated(self) -> Option<BinOp> {
        Some(match self {
            BinOp::Eq => BinOp::Ne,
            BinOp::Ne => BinOp::Eq,
            BinOp::Lt => BinOp::Ge,
            BinOp::Ge => BinOp::Lt,
            BinOp::Gt => BinOp::Le,
            BinOp::Le => BinOp::Gt,
            BinOp::Is => BinOp::IsNot,
            BinOp::IsNot => BinOp::Is,
            _ => return None,
        })
    }
    pub fn is_comparison(self) -> bool {
        matches!(self, BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Is | BinOp::IsNot)
    }
}

/// What a LIKE tests: the pattern as given, or `.contains/.startswith/.endswith`
/// (which wrap the operand in `'%'`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LikeKind {
    Plain,
    Contains,
    StartsWith,
    EndsWith,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

/// Postfix/prefix modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Desc,
    Asc,
    NullsFirst,
    NullsLast,
    /// `DISTINCT x` (`distinct(expr)`, inside `count(DISTINCT x)`).
    Distinct,
}

/// `text("… :name …")`: SQL text with named bind values.
#[derive(Clone, Debug, PartialEq)]
pub struct TextClause {
    pub sql: Rc<str>,
    pub binds: IndexMap<String, Value>,
}

impl TextClause {
    pub fn new(sql: &str) -> TextClause {
        TextClause { sql: sql.into(), binds: IndexMap::new() }
    }
    pub fn bind(mut self, name: &str, v: Value) -> TextClause {
        self.binds.insert(name.to_string(), v);
        self
    }
}

/// A subquery in FROM (`stmt.subquery()`); compared by pointer identity, named
/// `anon_N` by the compiler when `name` is `None`.
#[derive(Debug, PartialEq)]
pub struct Subquery {
    pub select: Select,
    pub name: Option<Rc<str>>,
    /// A common table expression (`stmt.cte()`): rendered once in the
    /// outermost statement's `WITH`, named wherever it is used.
    pub cte: bool,
}

/// One expression node.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Column(ColumnRef),
    /// Column `index` of a FROM subquery (`subq.c.name`).
    SubqueryColumn(Rc<Subquery>, usize),
    Bind(Bind),
    Null,
    True,
    False,
    /// `*` (as in `SELECT *` inside `exists()`).
    Star,
    /// Raw SQL (`literal_column`, `text()` inside an expression) with named binds.
    Text(TextClause),
    Binary { op: BinOp, left: Box<Expr>, right: Box<Expr> },
    Bool { op: BoolOp, items: Vec<Expr> },
    Unary { op: UnaryOp, expr: Box<Expr> },
    Like { expr: Box<Expr>, pattern: Box<Expr>, kind: LikeKind, negate: bool, ilike: bool, escape: Option<char> },
    /// `x IN (…)`; an empty list renders SQLAlchemy's empty-set expression.
    InList { expr: Box<Expr>, items: Vec<Expr>, negate: bool },
    InSelect { expr: Box<Expr>, select: Box<Select>, negate: bool },
    Between { expr: Box<Expr>, low: Box<Expr>, high: Box<Expr>, negate: bool },
    Func { name: Rc<str>, args: Vec<Expr> },
    /// `value`: the `CASE value WHEN …` form (`case({...}, value=col)`).
    Case { value: Option<Box<Expr>>, whens: Vec<(Expr, Expr)>, else_: Option<Box<Expr>> },
    Cast { expr: Box<Expr>, ty: SqlType },
    Exists(Box<Select>),
    ScalarSelect(Box<Select>),
    Label { name: Rc<str>, expr: Box<Expr> },
    /// Explicit parentheses (what SQLAlchemy's constructors add for
    /// `NOT IN`); renders `(inner)`.
    Grouping(Box<Expr>),
    /// `tuple_(a, b)`: `(a, b)`; compared or `IN`-tested element by element.
    Tuple(Vec<Expr>),
    /// `func.f(...).over(partition_by=..., order_by=...)`: a window function.
    Over { func: Box<Expr>, partition_by: Vec<Expr>, order_by: Vec<Expr> },
    /// `extract(field, expr)`: `EXTRACT(field FROM expr)` (SQLite: `STRFTIME`).
    Extract { field: Rc<str>, expr: Box<Expr> },
    /// `type_coerce(expr, T)`: rendered as `expr`, typed `T` for binds and results.
    TypeCoerce { expr: Box<Expr>, ty: SqlType },
}

fn b(e: Expr) -> Box<Expr> {
    Box::new(e)
}

impl Expr {
    /// A copy with every node for which `f` answers replaced (SQLAlchemy's
    /// `ClauseAdapter`): used to re-point an eager join's ON clause and the
    /// ORDER BY at a wrapped subquery. Subselects are left as they are.
    pub fn replace(&self, f: &dyn Fn(&Expr) -> Option<Expr>) -> Expr {
        if let Some(e) = f(self) {
            return e;
        }
        let r = |e: &Expr| Box::new(e.replace(f));
        match self {
            Expr::Binary { op, left, right } => Expr::Binary { op: *op, left: r(left), right: r(right) },
            Expr::Bool { op, items } => Expr::Bool { op: *op, items: items.iter().map(|i| i.replace(f)).collect() },
            Expr::Unary { op, expr } => Expr::Unary { op: *op, expr: r(expr) },
            Expr::Like { expr, pattern, kind, negate, ilike, escape } => {
                Expr::Like { expr: r(expr), pattern: r(pattern), kind: *kind, negate: *negate, ilike: *ilike, escape: *escape }
            }
            Expr::InList { expr, items, negate } => Expr::InList { expr: r(expr), items: items.iter().map(|i| i.replace(f)).collect(), negate: *negate },
            Expr::Between { expr, low, high, negate } => Expr::Between { expr: r(expr), low: r(low), high: r(high), negate: *negate },
            Expr::Func { name, args } => Expr::Func { name: name.clone(), args: args.iter().map(|a| a.replace(f)).collect() },
            Expr::Case { value, whens, else_ } => Expr::Case {
                value: value.as_ref().map(|e| r(e)),
                whens: whens.iter().map(|(w, t)| (w.replace(f), t.replace(f))).collect(),
                else_: else_.as_ref().map(|e| r(e)),
            },
            Expr::Cast { expr, ty } => Expr::Cast { expr: r(expr), ty: ty.clone() },
            Expr::Label { name, expr } => Expr::Label { name: name.clone(), expr: r(expr) },
            Expr::Grouping(e) => Expr::Grouping(r(e)),
            Expr::Tuple(items) => Expr::Tuple(items.iter().map(|i| i.replace(f)).collect()),
            Expr::Over { func, partition_by, order_by } => Expr::Over {
                func: r(func),
                partition_by: partition_by.iter().map(|i| i.replace(f)).collect(),
                order_by: order_by.iter().map(|i| i.replace(f)).collect(),
            },
            Expr::Extract { field, expr } => Expr::Extract { field: field.clone(), expr: r(expr) },
            Expr::TypeCoerce { expr, ty } => Expr::TypeCoerce { expr: r(expr), ty: ty.clone() },
            other => other.clone(),
        }
    }

    pub fn col(table: TableId, column: usize) -> Expr {
        Expr::Column(ColumnRef { table, alias: None, column })
    }
    pub fn aliased_col(table: TableId, alias: Rc<str>, column: usize) -> Expr {
        Expr::Column(ColumnRef { table, alias: Some(alias), column })
    }
    pub fn bind(v: Value) -> Expr {
        Expr::Bind(Bind { value: v, ty: None })
    }
    pub fn typed_bind(v: Value, ty: SqlType) -> Expr {
        Expr::Bind(Bind { value: v, ty: Some(ty) })
    }
    /// `literal(v)`: like `bind`, but `None`/`True`/`False` stay values.
    pub fn literal(v: Value) -> Expr {
        Expr::bind(v)
    }
    pub fn text(sql: &str) -> Expr {
        Expr::Text(TextClause::new(sql))
    }
    pub fn func(name: &str, args: Vec<Expr>) -> Expr {
        Expr::Func { name: name.into(), args }
    }
    /// `func.count()` with no argument renders `count(*)`.
    pub fn count_star() -> Expr {
        Expr::func("count", vec![])
    }

    /// A Python operand on the right of a comparison: `None` becomes NULL and
    /// `True/False` the SQL keywords, as SQLAlchemy coerces them.
    fn compared(other: Expr) -> Expr {
        match other {
            Expr::Bind(Bind { value: Value::Null, .. }) => Expr::Null,
            Expr::Bind(Bind { value: Value::Bool(true), .. }) => Expr::True,
            Expr::Bind(Bind { value: Value::Bool(false), .. }) => Expr::False,
            o => o,
        }
    }

    /// `self <op> other` with SQLAlchemy's coercions (`== None` → `IS NULL`).
    pub fn binary(self, op: BinOp, other: Expr) -> Expr {
        let other = if op.is_comparison() { Expr::compared(other) } else { other };
        let op = match (op, &other) {
            (BinOp::Eq, Expr::Null) => BinOp::Is,
            (BinOp::Ne, Expr::Null) => BinOp::IsNot,
            _ => op,
        };
        Expr::Binary { op, left: b(self), right: b(other) }
    }
    pub fn eq(self, o: Expr) -> Expr {
        self.binary(BinOp::Eq, o)
    }
    pub fn ne(self, o: Expr) -> Expr {
        self.binary(BinOp::Ne, o)
    }
    pub fn lt(self, o: Expr) -> Expr {
        self.binary(BinOp::Lt, o)
    }
    pub fn le(self, o: Expr) -> Expr {
        self.binary(BinOp::Le, o)
    }
    pub fn gt(self, o: Expr) -> Expr {
        self.binary(BinOp::Gt, o)
    }
    pub fn ge(self, o: Expr) -> Expr {
        self.binary(BinOp::Ge, o)
    }
    pub fn add(self, o: Expr) -> Expr {
        self.binary(BinOp::Add, o)
    }
    pub fn sub(self, o: Expr) -> Expr {
        self.binary(BinOp::Sub, o)
    }
    pub fn mul(self, o: Expr) -> Expr {
        self.binary(BinOp::Mul, o)
    }
    pub fn div(self, o: Expr) -> Expr {
        self.binary(BinOp::Div, o)
    }
    pub fn modulo(self, o: Expr) -> Expr {
        self.binary(BinOp::Mod, o)
    }
    pub fn concat(self, o: Expr) -> Expr {
        self.binary(BinOp::Concat, o)
    }
    /// `.is_(x)`: `IS NULL`, `IS 1` …
    pub fn is_(self, o: Expr) -> Expr {
        self.binary(BinOp::Is, o)
    }
    pub fn is_not(self, o: Expr) -> Expr {
        self.binary(BinOp::IsNot, o)
    }
    fn like_op(self, pattern: Expr, kind: LikeKind, ilike: bool, escape: Option<char>) -> Expr {
        Expr::Like { expr: b(self), pattern: b(pattern), kind, negate: false, ilike, escape }
    }
    pub fn like(self, pattern: Expr, escape: Option<char>) -> Expr {
        self.like_op(pattern, LikeKind::Plain, false, escape)
    }
    pub fn not_like(self, pattern: Expr, escape: Option<char>) -> Expr {
        self.like(pattern, escape).not()
    }
    pub fn ilike(self, pattern: Expr, escape: Option<char>) -> Expr {
        self.like_op(pattern, LikeKind::Plain, true, escape)
    }
    pub fn not_ilike(self, pattern: Expr, escape: Option<char>) -> Expr {
        self.ilike(pattern, escape).not()
    }
    pub fn contains(self, other: Expr) -> Expr {
        self.like_op(other, LikeKind::Contains, false, None)
    }
    pub fn startswith(self, other: Expr) -> Expr {
        self.like_op(other, LikeKind::StartsWith, false, None)
    }
    pub fn endswith(self, other: Expr) -> Expr {
        self.like_op(other, LikeKind::EndsWith, false, None)
    }
    pub fn in_(self, items: Vec<Expr>) -> Expr {
        Expr::InList { expr: b(self), items, negate: false }
    }
    pub fn not_in(self, items: Vec<Expr>) -> Expr {
        self.in_(items).not()
    }
    pub fn in_select(self, select: Select) -> Expr {
        Expr::InSelect { expr: b(self), select: Box::new(select), negate: false }
    }
    pub fn between(self, low: Expr, high: Expr) -> Expr {
        Expr::Between { expr: b(self), low: b(low), high: b(high), negate: false }
    }
    pub fn desc(self) -> Expr {
        Expr::Unary { op: UnaryOp::Desc, expr: b(self) }
    }
    pub fn asc(self) -> Expr {
        Expr::Unary { op: UnaryOp::Asc, expr: b(self) }
    }
    pub fn nulls_first(self) -> Expr {
        Expr::Unary { op: UnaryOp::NullsFirst, expr: b(self) }
    }
    pub fn nulls_last(self) -> Expr {
        Expr::Unary { op: UnaryOp::NullsLast, expr: b(self) }
    }
    pub fn distinct(self) -> Expr {
        Expr::Unary { op: UnaryOp::Distinct, expr: b(self) }
    }
    pub fn neg(self) -> Expr {
        Expr::Unary { op: UnaryOp::Neg, expr: b(self) }
    }
    pub fn label(self, name: &str) -> Expr {
        Expr::Label { name: name.into(), expr: b(self) }
    }
    pub fn cast(self, ty: SqlType) -> Expr {
        Expr::Cast { expr: b(self), ty }
    }
    pub fn case(whens: Vec<(Expr, Expr)>, else_: Option<Expr>) -> Expr {
        Expr::Case { value: None, whens, else_: else_.map(b) }
    }
    /// `CASE value WHEN k THEN v … END`.
    pub fn case_value(value: Expr, whens: Vec<(Expr, Expr)>, else_: Option<Expr>) -> Expr {
        Expr::Case { value: Some(b(value)), whens, else_: else_.map(b) }
    }
    pub fn exists(select: Select) -> Expr {
        Expr::Exists(Box::new(select))
    }
    pub fn scalar_subquery(select: Select) -> Expr {
        Expr::ScalarSelect(Box::new(select))
    }

    /// `not_(x)` / `~x` with SQLAlchemy's negation rules: comparisons flip
    /// their operator, LIKE/IN/BETWEEN get their NOT form, `not_(not_(x))` is `x`.
    pub fn not(self) -> Expr {
        match self {
            Expr::Binary { op, left, right } if op.negated().is_some() => {
                Expr::Binary { op: op.negated().unwrap_or(op), left, right }
            }
            Expr::Like { expr, pattern, kind, negate, ilike, escape } => {
                Expr::Like { expr, pattern, kind, negate: !negate, ilike, escape }
            }
            // SQLAlchemy's NOT IN comes out parenthesised.
            Expr::InList { expr, items, negate: false } => Expr::Grouping(b(Expr::InList { expr, items, negate: true })),
            Expr::InSelect { expr, select, negate: false } => {
                Expr::Grouping(b(Expr::InSelect { expr, select, negate: true }))
            }
            Expr::Grouping(inner) if matches!(*inner, Expr::InList { negate: true, .. } | Expr::InSelect { negate: true, .. }) => {
                match *inner {
                    Expr::InList { expr, items, .. } => Expr::InList { expr, items, negate: false },
                    Expr::InSelect { expr, select, .. } => Expr::InSelect { expr, select, negate: false },
                    other => other,
                }
            }
            Expr::Between { expr, low, high, negate } => Expr::Between { expr, low, high, negate: !negate },
            Expr::Unary { op: UnaryOp::Not, expr } => *expr,
            Expr::True => Expr::False,
            Expr::False => Expr::True,
            other => Expr::Unary { op: UnaryOp::Not, expr: b(other) },
        }
    }

    /// `and_(*items)` with SQLAlchemy's simplifications: `true()` items drop
    /// out, a `false()` item makes the whole `false()`, one item is itself,
    /// nested ANDs flatten, and no items is an empty clause (renders nothing).
    pub fn and(items: Vec<Expr>) -> Expr {
        Expr::bool_list(BoolOp::And, items)
    }
    pub fn or(items: Vec<Expr>) -> Expr {
        Expr::bool_list(BoolOp::Or, items)
    }
    fn bool_list(op: BoolOp, items: Vec<Expr>) -> Expr {
        let (skip, short) = match op {
            BoolOp::And => (Expr::True, Expr::False),
            BoolOp::Or => (Expr::False, Expr::True),
        };
        let mut out = Vec::new();
        let mut saw_skip = false;
        for it in items {
            if it == short {
                return short;
            }
            if it == skip {
                saw_skip = true;
                continue;
            }
            match it {
                Expr::Bool { op: o, items: inner } if o == op => out.extend(inner),
                Expr::Bool { items: inner, .. } if inner.is_empty() => {}
                other => out.push(other),
            }
        }
        if out.is_empty() && saw_skip {
            return skip;
        }
        if out.len() == 1 {
            return out.pop().unwrap_or(Expr::Bool { op, items: vec![] });
        }
        Expr::Bool { op, items: out }
    }
    /// True for the empty `and_()`, which renders nothing in WHERE.
    pub fn is_empty_clause(&self) -> bool {
        matches!(self, Expr::Bool { items, .. } if items.is_empty())
    }
}

/// A FROM element.
#[derive(Clone, Debug, PartialEq)]
pub enum FromItem {
    /// A table, or an alias of it (`users AS users_1`; `%…` names are anonymous).
    Table { table: TableId, alias: Option<Rc<str>> },
    Subquery(Rc<Subquery>),
    /// `full`: `FULL OUTER JOIN` (`join(..., full=True)`), with `outer` also set.
    Join { left: Box<FromItem>, right: Box<FromItem>, on: Expr, outer: bool, full: bool },
}

impl FromItem {
    pub fn table(t: TableId) -> FromItem {
        FromItem::Table { table: t, alias: None }
    }
    pub fn alias(t: TableId, name: Rc<str>) -> FromItem {
        FromItem::Table { table: t, alias: Some(name) }
    }
}

/// How SELECT columns are labelled (`Select.set_label_style`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LabelStyle {
    /// 2.0 `select()`: labels only to tell duplicate names apart (`id_1`).
    #[default]
    DisambiguateOnly,
    /// `users.id AS users_id` (`session.get`, legacy `Query`).
    TablenamePlusCol,
    /// No labels at all (`LABEL_STYLE_NONE`).
    None,
}

/// A join added by `.join()` / `.outerjoin()`.
#[derive(Clone, Debug, PartialEq)]
pub struct JoinSpec {
    pub target: FromItem,
    pub on: Expr,
    pub outer: bool,
    /// `FULL OUTER JOIN` (`join(..., full=True)`).
    pub full: bool,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Select {
    pub columns: Vec<Expr>,
    /// `select_from()` elements, in order.
    pub froms: Vec<FromItem>,
    pub joins: Vec<JoinSpec>,
    pub where_: Vec<Expr>,
    pub group_by: Vec<Expr>,
    pub having: Vec<Expr>,
    pub order_by: Vec<Expr>,
    pub limit: Option<Expr>,
    pub offset: Option<Expr>,
    pub distinct: bool,
    pub label_style: LabelStyle,
    /// `FOR UPDATE` (`with_for_update()`).
    pub for_update: bool,
    /// A compound select (`union(a, b)`): the SELECTs joined by the keyword;
    /// `columns` are then the first SELECT's (what `.c` and the result
    /// columns name), and only `order_by`/`limit`/`offset` apply besides.
    pub compound: Option<Box<Compound>>,
}

/// `UNION`, `UNION ALL`, `INTERSECT` … (SQLAlchemy's `_CompoundSelectKeyword`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompoundOp {
    Union,
    UnionAll,
    Intersect,
    IntersectAll,
    Except,
    ExceptAll,
}

impl CompoundOp {
    pub fn sql(self) -> &'static str {
        match self {
            CompoundOp::Union => "UNION",
            CompoundOp::UnionAll => "UNION ALL",
            CompoundOp::Intersect => "INTERSECT",
            CompoundOp::IntersectAll => "INTERSECT ALL",
            CompoundOp::Except => "EXCEPT",
            CompoundOp::ExceptAll => "EXCEPT ALL",
        }
    }
    /// The function / method name (`union_all`, `except_`).
    pub fn from_name(name: &str) -> Option<CompoundOp> {
        Some(match name {
            "union" => CompoundOp::Union,
            "union_all" => CompoundOp::UnionAll,
            "intersect" => CompoundOp::Intersect,
            "intersect_all" => CompoundOp::IntersectAll,
            "except_" => CompoundOp::Except,
            "except_all" => CompoundOp::ExceptAll,
            _ => return None,
        })
    }
}

/// The SELECTs of a compound select, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Compound {
    pub op: CompoundOp,
    pub selects: Vec<Select>,
}

impl Select {
    /// A copy whose `text()` fragments (and `bindparam()`s, which are such
    /// fragments) take these values for their named parameters: `.params()` and
    /// the parameters given to `execute()`. Subselects are left as they are.
    pub fn with_text_binds(&self, binds: &[(String, Value)]) -> Select {
        let f = |e: &Expr| match e {
            Expr::Text(t) => {
                let mut t = t.clone();
                for (k, v) in binds {
                    t.binds.insert(k.clone(), v.clone());
                }
                Some(Expr::Text(t))
            }
            _ => None,
        };
        let all = |v: &[Expr]| v.iter().map(|e| e.replace(&f)).collect::<Vec<_>>();
        let mut s = self.clone();
        s.columns = all(&self.columns);
        s.where_ = all(&self.where_);
        s.group_by = all(&self.group_by);
        s.having = all(&self.having);
        s.order_by = all(&self.order_by);
        for j in s.joins.iter_mut() {
            j.on = j.on.replace(&f);
        }
        s
    }
    pub fn new(columns: Vec<Expr>) -> Select {
        Select { columns, ..Default::default() }
    }
    /// `union(a, b, …)` and the other compounds: the first SELECT's columns.
    pub fn compound(op: CompoundOp, selects: Vec<Select>) -> Select {
        let columns = selects.first().map(|s| s.columns.clone()).unwrap_or_default();
        Select { columns, compound: Some(Box::new(Compound { op, selects })), ..Default::default() }
    }
    pub fn where_(mut self, e: Expr) -> Select {
        self.where_.push(e);
        self
    }
    pub fn select_from(mut self, f: FromItem) -> Select {
        self.froms.push(f);
        self
    }
    pub fn join(mut self, target: FromItem, on: Expr) -> Select {
        self.joins.push(JoinSpec { target, on, outer: false, full: false });
        self
    }
    pub fn outerjoin(mut self, target: FromItem, on: Expr) -> Select {
        self.joins.push(JoinSpec { target, on, outer: true, full: false });
        self
    }
    pub fn fulljoin(mut self, target: FromItem, on: Expr) -> Select {
        self.joins.push(JoinSpec { target, on, outer: true, full: true });
        self
    }
    pub fn group_by(mut self, e: Expr) -> Select {
        self.group_by.push(e);
        self
    }
    pub fn having(mut self, e: Expr) -> Select {
        self.having.push(e);
        self
    }
    pub fn order_by(mut self, e: Expr) -> Select {
        self.order_by.push(e);
        self
    }
    pub fn limit(mut self, n: i64) -> Select {
        self.limit = Some(Expr::typed_bind(Value::Int(n), SqlType::Integer));
        self
    }
    pub fn offset(mut self, n: i64) -> Select {
        self.offset = Some(Expr::typed_bind(Value::Int(n), SqlType::Integer));
        self
    }
    /// `slice(start, stop)`, as `_make_slice` of sql/util.py: LIMIT stop -
    /// start, OFFSET the current one plus start (none when that is 0). None
    /// when start is given and the current OFFSET is not a plain integer.
    pub fn slice(mut self, start: Option<i64>, stop: Option<i64>) -> Option<Select> {
        if let Some(start) = start {
            let current = match &self.offset {
                None => 0,
                Some(Expr::Bind(Bind { value: Value::Int(n), .. })) => *n,
                Some(_) => return None,
            };
            self.offset = None;
            if current + start != 0 {
                self = self.offset(current + start);
            }
        }
        match (start, stop) {
            (Some(start), Some(stop)) => Some(self.limit(stop - start)),
            (None, Some(stop)) => Some(self.limit(stop)),
            _ => Some(self),
        }
    }
    pub fn distinct(mut self) -> Select {
        self.distinct = true;
        self
    }
    pub fn label_style(mut self, s: LabelStyle) -> Select {
        self.label_style = s;
        self
    }
    /// `stmt.subquery()` (anonymous: `anon_1`).
    pub fn subquery(self, name: Option<&str>) -> Rc<Subquery> {
        Rc::new(Subquery { select: self, name: name.map(Into::into), cte: false })
    }
    /// `stmt.cte()` (anonymous: `anon_1`), not recursive.
    pub fn cte(self, name: Option<&str>) -> Rc<Subquery> {
        Rc::new(Subquery { select: self, name: name.map(Into::into), cte: true })
    }
}

/// `insert(table)`: `rows` are the VALUES tuples, in `columns` order; more than
/// one row renders a multi-VALUES INSERT; no columns renders `DEFAULT VALUES`
/// (what SQLAlchemy sends for an INSERT with no parameters).
#[derive(Clone, Debug, PartialEq)]
pub struct Insert {
    pub table: TableId,
    /// Indexes into the table's columns.
    pub columns: Vec<usize>,
    pub rows: Vec<Vec<Expr>>,
    pub returning: Vec<Expr>,
    /// The rows as PostgreSQL's orderable "insertmanyvalues" batch (`INSERT
    /// … SELECT p0::T … FROM (VALUES (…, 0), …) AS imp_sen(…) ORDER BY
    /// sen_counter`), which the flush sends when the new keys must come back
    /// in row order; never set by a script's `insert()`.
    pub many_values_from_select: bool,
    /// `values([...])`: the rows were given as a list (`str()` names the
    /// parameters `name_m0`, `name_m1` …).
    pub multi_values: bool,
}

impl Insert {
    pub fn new(table: TableId) -> Insert {
        Insert { table, columns: vec![], rows: vec![], returning: vec![], many_values_from_select: false, multi_values: false }
    }
    /// One row of `(column index, value)` pairs; the first row fixes the column list.
    pub fn values(mut self, row: Vec<(usize, Expr)>) -> Insert {
        if self.rows.is_empty() {
            self.columns = row.iter().map(|(c, _)| *c).collect();
        }
        self.rows.push(row.into_iter().map(|(_, e)| e).collect());
        self
    }
    pub fn returning(mut self, cols: Vec<Expr>) -> Insert {
        self.returning.extend(cols);
        self
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Update {
    pub table: TableId,
    /// SET list: column index and the new value (a bind or any expression).
    pub values: Vec<(usize, Expr)>,
    pub where_: Vec<Expr>,
    pub returning: Vec<Expr>,
}

impl Update {
    pub fn new(table: TableId) -> Update {
        Update { table, values: vec![], where_: vec![], returning: vec![] }
    }
    pub fn set(mut self, column: usize, value: Expr) -> Update {
        self.values.push((column, value));
        self
    }
    pub fn where_(mut self, e: Expr) -> Update {
        self.where_.push(e);
        self
    }
    pub fn returning(mut self, cols: Vec<Expr>) -> Update {
        self.returning.extend(cols);
        self
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Delete {
    pub table: TableId,
    pub where_: Vec<Expr>,
    pub returning: Vec<Expr>,
}

impl Delete {
    pub fn new(table: TableId) -> Delete {
        Delete { table, where_: vec![], returning: vec![] }
    }
    pub fn where_(mut self, e: Expr) -> Delete {
        self.where_.push(e);
        self
    }
    pub fn returning(mut self, cols: Vec<Expr>) -> Delete {
        self.returning.extend(cols);
        self
    }
}

/// Anything `Connection.execute` accepts.
#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    Select(Select),
    Insert(Insert),
    Update(Update),
    Delete(Delete),
    Text(TextClause),
}
