//! SQL expression objects as Python values: column attributes (`User.name`),
//! expressions built from them with Python operators and SQLAlchemy's methods
//! (`.like() .in_() .desc() …`), `func.*`, `text()`, `literal()`, `case()`,
//! `cast()`, `and_/or_/not_`, and tables. Mirrors `sqlalchemy.sql.operators`
//! and `ColumnOperators`; the tree itself is `sql::expr`.

use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::interp::sa::args::{arg, required};
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::orm::mapping::MapperId;
use crate::sql::expr::{BinOp as SBin, Expr, TextClause};
use crate::sql::schema::TableId;
use crate::sql::types::SqlType;
use crate::syntax::ast::{BinOp, CmpOp, UnaryOp};
use std::any::Any;
use std::rc::Rc;

/// Any SQL expression; `attr` is set for a mapped column attribute (`User.name`).
pub struct ExprObj {
    pub expr: Expr,
    pub attr: Option<(MapperId, usize)>,
    /// Python-facing name (`User.name` → "name"; a label → its name).
    pub key: Option<Rc<str>>,
    /// What `~` gives when it is not `NOT (expr)` (SQLAlchemy's
    /// `negation_clause`: a many-to-many `contains()` negates to NOT EXISTS).
    pub negation: Option<Rc<Expr>>,
}

impl ExprObj {
    pub fn new(e: Rc<Expr>) -> ExprObj {
        ExprObj { expr: (*e).clone(), attr: None, key: None, negation: None }
    }
    pub fn value(e: Expr) -> Value {
        Value::native(ExprObj { expr: e, attr: None, key: None, negation: None })
    }
}

/// `User.name`: the column expression of a mapped attribute.
pub struct ColumnAttr;

impl ColumnAttr {
    #[allow(clippy::new_ret_no_self)]
    pub fn new(cx: &mut Interp, mapper: MapperId, col: usize) -> ExprObj {
        let (table, name) = match cx.sa.orm() {
            Ok(o) => {
                let m = o.registry.mapper(mapper);
                (m.table, m.columns[col].clone())
            }
            Err(_) => (TableId(0), String::new()),
        };
        let alias = cx.sa.current_alias.clone();
        let expr = match alias {
            Some(a) => Expr::aliased_col(table, a, col),
            None => Expr::col(table, col),
        };
        ExprObj { expr, attr: Some((mapper, col)), key: Some(Rc::from(name.as_str())), negation: None }
    }
}

/// The SQL expression a Python value stands for, when it is one.
pub fn as_sql_expr(_cx: &mut Interp, v: &Value) -> Option<Rc<Expr>> {
    if let Some(e) = v.downcast::<ExprObj>() {
        return Some(Rc::new(e.expr.clone()));
    }
    if let Some(s) = v.downcast::<crate::interp::sa::select::SelectObj>() {
        return s.scalar_subquery().ok().map(Rc::new);
    }
    if let Some(t) = v.downcast::<TextObj>() {
        return Some(Rc::new(Expr::Text(t.clause.clone())));
    }
    if let Some(x) = v.downcast::<crate::interp::sa::select::ExistsObj>() {
        return Some(Rc::new(Expr::exists(x.inner.clone())));
    }
    None
}

/// SQLAlchemy's `util.ellipses_string`: the first 25 characters and `...`.
pub fn ellipses_string(s: &str) -> String {
    if s.chars().count() > 25 {
        format!("{}...", s.chars().take(25).collect::<String>())
    } else {
        s.to_string()
    }
}

/// `coercions._no_text_coercion`: a plain string where SQL is expected.
pub fn no_text_coercion(s: &str) -> Error {
    let r = crate::sql::value::str_repr(&ellipses_string(s));
    Error::new(ErrorKind::ArgumentError, format!("Textual SQL expression {} should be explicitly declared as text({})", r, r))
}

/// A WHERE / HAVING criterion (`WhereHavingRole`): SQL expressions, `text()`,
/// Python booleans and None; a plain string or another value is refused as
/// SQLAlchemy refuses it.
pub fn where_expr(cx: &mut Interp, v: &Value) -> Result<Expr> {
    match v {
        Value::Str(s) => Err(no_text_coercion(s)),
        Value::Bool(true) => Ok(Expr::True),
        Value::Bool(false) => Ok(Expr::False),
        Value::None => Ok(Expr::Null),
        _ => match as_sql_expr(cx, v) {
            Some(e) => Ok((*e).clone()),
            None => {
                if let Some(r) = v.downcast::<crate::interp::sa::relationships::RelAttrObj>() {
                    return Err(Error::new(ErrorKind::ArgumentError, format!("SQL expression for WHERE/HAVING role expected, got {}.", r.describe(cx))));
                }
                Err(Error::new(ErrorKind::ArgumentError, format!("SQL expression for WHERE/HAVING role expected, got {}.", cx.repr(v)?)))
            }
        },
    }
}

/// A Python value as a SQL operand: expressions as they are, scalars as binds.
pub fn to_expr(cx: &mut Interp, v: &Value) -> Result<Expr> {
    if let Some(e) = as_sql_expr(cx, v) {
        return Ok((*e).clone());
    }
    if let Some(r) = v.downcast::<crate::interp::sa::relationships::RelAttrObj>() {
        return Err(Error::new(ErrorKind::ArgumentError, format!("SQL expression element expected, got relationship attribute {}", r.describe(cx))));
    }
    match Interp::to_sql_value(v) {
        Some(sv) => Ok(Expr::bind(sv)),
        None => Err(Error::new(
            ErrorKind::ArgumentError,
            format!("SQL expression element or literal value expected, got {}.", cx.repr(v).unwrap_or_default()),
        )),
    }
}

/// The type classes of `sqlalchemy` (`Integer`, `String(50)` …), for `cast()`
/// and `literal(…, type_)`. `instance` is false for the class itself.
pub struct TypeObj {
    pub name: &'static str,
    pub ty: SqlType,
    pub instance: bool,
}

/// The type names `from sqlalchemy import …` offers.
pub const TYPE_NAMES: &[&str] =
    &["Integer", "BigInteger", "SmallInteger", "String", "Text", "Unicode", "UnicodeText", "Boolean", "Float", "Numeric", "Date", "DateTime", "Time", "LargeBinary", "JSON"];

impl TypeObj {
    pub fn class(name: &'static str) -> Option<TypeObj> {
        let ty = match name {
            "Integer" => SqlType::Integer,
            "BigInteger" => SqlType::BigInteger,
            "SmallInteger" => SqlType::SmallInteger,
            "String" | "Unicode" => SqlType::String(None),
            "Text" | "UnicodeText" => SqlType::Text,
            "Boolean" => SqlType::Boolean,
            "Float" => SqlType::Float,
            "Numeric" => SqlType::Numeric(None, None),
            "Date" => SqlType::Date,
            "DateTime" => SqlType::DateTime,
            "Time" => SqlType::Time,
            "LargeBinary" => SqlType::Binary,
            "JSON" => SqlType::Json,
            _ => return None,
        };
        Some(TypeObj { name, ty, instance: false })
    }
}

impl Native for TypeObj {
    fn type_name(&self) -> String {
        if self.instance {
            self.name.into()
        } else {
            "type".into()
        }
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        if !self.instance {
            return Ok(format!("<class 'sqlalchemy.sql.sqltypes.{}'>", self.name));
        }
        Ok(match &self.ty {
            SqlType::String(Some(n)) => format!("{}(length={})", self.name, n),
            SqlType::Numeric(Some(p), Some(sc)) => format!("{}(precision={}, scale={})", self.name, p, sc),
            SqlType::Numeric(Some(p), None) => format!("{}(precision={})", self.name, p),
            _ => format!("{}()", self.name),
        })
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        if !self.instance {
            return Ok(None);
        }
        let n = |x: Option<u32>| x.map_or(Value::None, |v| Value::Int(v as i64));
        Ok(match (&self.ty, name) {
            (SqlType::String(l), "length") => Some(n(*l)),
            (SqlType::Text, "length") => Some(Value::None),
            (SqlType::Numeric(p, _), "precision") => Some(n(*p)),
            (SqlType::Numeric(_, sc), "scale") => Some(n(*sc)),
            (SqlType::Numeric(..), "asdecimal") => Some(Value::Bool(true)),
            (SqlType::Float, "asdecimal") => Some(Value::Bool(false)),
            (SqlType::Float, "precision") => Some(Value::None),
            _ => None,
        })
    }
    /// `str(String(30))`: the type compiled by the default dialect.
    fn str(&self, cx: &mut Interp) -> Result<String> {
        if !self.instance {
            return self.repr(cx);
        }
        Ok(match &self.ty {
            SqlType::Integer => "INTEGER".into(),
            SqlType::BigInteger => "BIGINT".into(),
            SqlType::SmallInteger => "SMALLINT".into(),
            SqlType::String(Some(n)) => format!("VARCHAR({})", n),
            SqlType::String(None) => "VARCHAR".into(),
            SqlType::Text => "TEXT".into(),
            SqlType::Boolean => "BOOLEAN".into(),
            SqlType::Float => "FLOAT".into(),
            SqlType::Numeric(Some(p), Some(sc)) => format!("NUMERIC({}, {})", p, sc),
            SqlType::Numeric(Some(p), None) => format!("NUMERIC({})", p),
            SqlType::Numeric(..) => "NUMERIC".into(),
            SqlType::Date => "DATE".into(),
            SqlType::DateTime => "DATETIME".into(),
            SqlType::Time => "TIME".into(),
            SqlType::Binary => "BLOB".into(),
            SqlType::Json => "JSON".into(),
        })
    }
    fn call(self: Rc<Self>, cx: &mut Interp, args: &mut Args) -> Option<Result<Value>> {
        if self.instance {
            return None;
        }
        Some((|| {
            let int = |_cx: &mut Interp, v: Option<Value>| -> Result<Option<u32>> {
                match v {
                    None | Some(Value::None) => Ok(None),
                    Some(Value::Int(n)) if n >= 0 => Ok(Some(n as u32)),
                    Some(v) => Err(type_error(format!("'{}' object cannot be interpreted as a length", crate::interp::common::type_name(&v)))),
                }
            };
            let ty = match &self.ty {
                SqlType::String(_) => SqlType::String(int(cx, arg(args, 0, "length"))?),
                SqlType::Numeric(..) => {
                    let p = int(cx, arg(args, 0, "precision"))?;
                    let sc = int(cx, arg(args, 1, "scale"))?;
                    SqlType::Numeric(p, sc)
                }
                t => t.clone(),
            };
            args.positional.clear();
            if let Some((k, _)) = args.keywords.first() {
                return Err(Error::new(ErrorKind::NotImplementedError, format!("ormsh does not implement the {}() keyword argument '{}'", self.name, k)));
            }
            Ok(Value::native(TypeObj { name: self.name, ty, instance: true }))
        })())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A type name argument of `cast()` (`Integer`, `String`, or a string).
pub fn type_arg(cx: &mut Interp, v: &Value) -> Result<SqlType> {
    if let Some(t) = v.downcast::<TypeObj>() {
        return Ok(t.ty.clone());
    }
    let name = match v {
        Value::Str(s) => s.to_string(),
        _ => cx.repr(v)?,
    };
    let t = match name.to_ascii_lowercase().trim_end_matches("()") {
        "integer" | "int" => SqlType::Integer,
        "biginteger" => SqlType::BigInteger,
        "smallinteger" => SqlType::SmallInteger,
        "string" | "varchar" => SqlType::String(None),
        "text" => SqlType::Text,
        "boolean" => SqlType::Boolean,
        "float" => SqlType::Float,
        "numeric" => SqlType::Numeric(None, None),
        "date" => SqlType::Date,
        "datetime" => SqlType::DateTime,
        "time" => SqlType::Time,
        _ => return Err(Error::new(ErrorKind::ArgumentError, format!("unknown type for cast(): {}", name))),
    };
    Ok(t)
}

fn is_stringy(cx: &mut Interp, e: &Expr) -> bool {
    // the expression's type is a String (`+` is then `||`, as the String comparator's concat)
    match e {
        Expr::Cast { ty, .. } | Expr::TypeCoerce { ty, .. } => return matches!(ty, SqlType::String(_) | SqlType::Text),
        Expr::Label { expr, .. } | Expr::Grouping(expr) => return is_stringy(cx, expr),
        Expr::Binary { op: SBin::Concat, .. } => return true,
        Expr::Func { name, .. } => return &**name == "concat",
        _ => {}
    }
    if let Expr::Column(c) = e {
        if let Ok(o) = cx.sa.orm() {
            if let Some(t) = o.registry.metadata.tables.get(c.table.0 as usize) {
                return matches!(t.columns.get(c.column).map(|c| &c.ty), Some(SqlType::String(_)) | Some(SqlType::Text));
            }
        }
    }
    false
}

/// Methods shared by every expression (`ColumnOperators`).
pub fn expr_method(cx: &mut Interp, e: &Expr, name: &str, args: &mut Args) -> Option<Result<Value>> {
    let one = |cx: &mut Interp, args: &mut Args, n: &str| -> Result<Expr> {
        let v = required(args, 0, "other", n)?;
        to_expr(cx, &v)
    };
    let r = match name {
        "like" | "ilike" | "not_like" | "notlike" | "not_ilike" | "notilike" => (|| {
            let p = one(cx, args, name)?;
            let escape = match arg(args, 1, "escape") {
                Some(Value::Str(s)) => s.chars().next(),
                _ => None,
            };
            let e = e.clone();
            Ok(match name {
                "like" => e.like(p, escape),
                "ilike" => e.ilike(p, escape),
                "not_like" | "notlike" => e.not_like(p, escape),
                _ => e.not_ilike(p, escape),
            })
        })(),
        "contains" => one(cx, args, name).map(|p| e.clone().contains(p)),
        "startswith" => one(cx, args, name).map(|p| e.clone().startswith(p)),
        "endswith" => one(cx, args, name).map(|p| e.clone().endswith(p)),
        "in_" | "not_in" | "notin_" => (|| {
            let v = required(args, 0, "other", name)?;
            if let Some(s) = v.downcast::<crate::interp::sa::select::SelectObj>() {
                let sel = s.to_sql_select(cx)?;
                let x = e.clone().in_select(sel);
                return Ok(if name == "in_" { x } else { x.not() });
            }
            let items = cx.iterate(&v)?;
            let mut exprs = Vec::new();
            for i in items {
                exprs.push(crate::interp::sa::elements::tuple_operand(cx, e, &i)?);
            }
            Ok(if name == "in_" { e.clone().in_(exprs) } else { e.clone().not_in(exprs) })
        })(),
        "is_" => one(cx, args, name).map(|o| e.clone().is_(o)),
        "is_not" | "isnot" => one(cx, args, name).map(|o| e.clone().is_not(o)),
        "between" => (|| {
            let lo = required(args, 0, "cleft", name)?;
            let hi = required(args, 1, "cright", name)?;
            Ok(e.clone().between(to_expr(cx, &lo)?, to_expr(cx, &hi)?))
        })(),
        "desc" => Ok(e.clone().desc()),
        "asc" => Ok(e.clone().asc()),
        "nulls_first" | "nullsfirst" => Ok(e.clone().nulls_first()),
        "nulls_last" | "nullslast" => Ok(e.clone().nulls_last()),
        "distinct" => Ok(e.clone().distinct()),
        "collate" => match required(args, 0, "collation", name) {
            Ok(Value::Str(c)) => Ok(Expr::Binary { op: SBin::Collate, left: Box::new(e.clone()), right: Box::new(Expr::text(&c)) }),
            Ok(_) => Err(type_error("collate() needs the collation's name")),
            Err(err) => Err(err),
        },
        "label" => {
            return Some(match required(args, 0, "name", name) {
                Ok(Value::Str(n)) => Ok(Value::native(ExprObj { expr: e.clone().label(&n), attr: None, key: Some(n), negation: None })),
                Ok(_) => Err(type_error("label() needs a string name")),
                Err(err) => Err(err),
            })
        }
        "cast" => (|| {
            let t = required(args, 0, "type_", name)?;
            Ok(e.clone().cast(type_arg(cx, &t)?))
        })(),
        "op" => return Some(Err(Error::new(ErrorKind::NotImplementedError, "custom operators (.op()) are not supported by ormsh"))),
        "over" => return Some(crate::interp::sa::elements::over(cx, e.clone(), args)),
        _ => return None,
    };
    Some(r.map(ExprObj::value))
}

impl Native for ExprObj {
    fn type_name(&self) -> String {
        if self.attr.is_some() { "InstrumentedAttribute".into() } else { "BinaryExpression".into() }
    }
    fn repr(&self, cx: &mut Interp) -> Result<String> {
        if let Some((m, c)) = self.attr {
            let o = cx.sa.orm()?;
            let mm = o.registry.mapper(m);
            return Ok(format!("<sqlalchemy.orm.attributes.InstrumentedAttribute object at 0x7f30{:04x}{:04x}> ({}.{})", m.0, c, mm.class_name, mm.columns[c]));
        }
        if let Some(r) = crate::interp::sa::schema_objs::column_repr(cx, &self.expr)? {
            return Ok(r);
        }
        let s = self.str(cx)?;
        Ok(format!("<sqlalchemy.sql.elements.{} object at 0x7f40>  [{}]", self.type_name(), s))
    }
    fn str(&self, cx: &mut Interp) -> Result<String> {
        if let Some((m, c)) = self.attr {
            let o = cx.sa.orm()?;
            let mm = o.registry.mapper(m);
            return Ok(format!("{}.{}", mm.class_name, mm.columns[c]));
        }
        cx.sa.compile_element_str(&self.expr)
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(match name {
            "key" | "name" => self.key.as_ref().map(|k| Value::Str(k.clone())),
            "expression" => Some(ExprObj::value(self.expr.clone())),
            "property" | "prop" => self.attr.map(|(m, c)| {
                let _ = &cx;
                Value::str(&format!("{}:{}", m.0, c))
            }),
            "class_" => match self.attr {
                Some((m, _)) => Some(cx.sa.class_value(m)),
                None => None,
            },
            _ => return crate::interp::sa::schema_objs::column_attr(cx, &self.expr, name),
        })
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        expr_method(cx, &self.expr, name, args)
    }
    fn compare(self: Rc<Self>, cx: &mut Interp, op: CmpOp, other: &Value, _reflected: bool) -> Option<Result<Value>> {
        let o = match crate::interp::sa::elements::tuple_operand(cx, &self.expr, other) {
            Ok(o) => o,
            Err(e) => return Some(Err(e)),
        };
        let e = self.expr.clone();
        let r = match op {
            CmpOp::Eq => e.eq(o),
            CmpOp::NotEq => e.ne(o),
            CmpOp::Lt => e.lt(o),
            CmpOp::LtE => e.le(o),
            CmpOp::Gt => e.gt(o),
            CmpOp::GtE => e.ge(o),
            _ => return None,
        };
        Some(Ok(ExprObj::value(r)))
    }
    fn binop(self: Rc<Self>, cx: &mut Interp, op: BinOp, other: &Value, reflected: bool) -> Option<Result<Value>> {
        let o = match to_expr(cx, other) {
            Ok(o) => o,
            Err(e) => return Some(Err(e)),
        };
        let (l, r) = if reflected { (o, self.expr.clone()) } else { (self.expr.clone(), o) };
        let sop = match op {
            BinOp::Add => {
                if is_stringy(cx, &l) || is_stringy(cx, &r) { SBin::Concat } else { SBin::Add }
            }
            BinOp::Sub => SBin::Sub,
            BinOp::Mult => SBin::Mul,
            BinOp::Div => SBin::Div,
            BinOp::Mod => SBin::Mod,
            BinOp::BitAnd => return Some(Ok(ExprObj::value(Expr::and(vec![l, r])))),
            BinOp::BitOr => return Some(Ok(ExprObj::value(Expr::or(vec![l, r])))),
            _ => return None,
        };
        Some(Ok(ExprObj::value(l.binary(sop, r))))
    }
    fn unary(self: Rc<Self>, _cx: &mut Interp, op: UnaryOp) -> Option<Result<Value>> {
        match op {
            UnaryOp::Invert => Some(Ok(ExprObj::value(match &self.negation {
                Some(n) => (**n).clone(),
                None => self.expr.clone().not(),
            }))),
            UnaryOp::Neg => Some(Ok(ExprObj::value(self.expr.clone().neg()))),
            UnaryOp::Pos => Some(Ok(Value::Native(self))),
            UnaryOp::Not => None,
        }
    }
    fn truthy(&self, _cx: &mut Interp) -> Result<bool> {
        Err(type_error("Boolean value of this clause is not defined"))
    }
    fn hash_key(&self) -> Option<u64> {
        None
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `func`: attribute access gives a SQL function builder (`func.count`).
pub struct FuncNamespace;
impl Native for FuncNamespace {
    fn type_name(&self) -> String {
        "_FunctionGenerator".into()
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(Some(Value::native(FuncBuilder { name: Rc::from(name) })))
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        Some(call_func(cx, name, args))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `func.name` before it is called.
pub struct FuncBuilder {
    name: Rc<str>,
}
impl Native for FuncBuilder {
    fn type_name(&self) -> String {
        "_FunctionGenerator".into()
    }
    fn call(self: Rc<Self>, cx: &mut Interp, args: &mut Args) -> Option<Result<Value>> {
        Some(call_func(cx, &self.name, args))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn call_func(cx: &mut Interp, name: &str, args: &mut Args) -> Result<Value> {
    let mut exprs = Vec::new();
    for a in std::mem::take(&mut args.positional) {
        if let Some(c) = a.downcast::<crate::interp::sa::instance::ClassObj>() {
            // func.count(User) counts rows: count(users.id) in SQLAlchemy is count(*) over the entity
            let _ = c;
            exprs.push(Expr::Star);
            continue;
        }
        exprs.push(to_expr(cx, &a)?);
    }
    let e = if name == "count" && exprs.is_empty() { Expr::count_star() } else { Expr::func(name, exprs) };
    Ok(Value::native(ExprObj { expr: e, attr: None, key: Some(Rc::from(name)), negation: None }))
}

/// `text("SELECT … :name")`, with `.bindparams(**kw)` and `.columns()`.
pub struct TextObj {
    pub clause: TextClause,
}
impl Native for TextObj {
    fn type_name(&self) -> String {
        "TextClause".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok("<sqlalchemy.sql.elements.TextClause object at 0x7f50>".into())
    }
    fn str(&self, _cx: &mut Interp) -> Result<String> {
        Ok(self.clause.sql.to_string())
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        match name {
            "bindparams" => Some((|| {
                let mut c = self.clause.clone();
                for (k, v) in std::mem::take(&mut args.keywords) {
                    let sv = Interp::to_sql_value(&v).ok_or_else(|| type_error(format!("cannot bind a value of type {}", crate::interp::common::type_name(&v))))?;
                    c = c.bind(&k, sv);
                }
                let _ = &cx;
                Ok(Value::native(TextObj { clause: c }))
            })()),
            "columns" => Some(Ok(Value::Native(self))),
            _ => None,
        }
    }
    fn truthy(&self, _cx: &mut Interp) -> Result<bool> {
        Err(type_error("Boolean value of this clause is not defined"))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A table (`User.__table__`), usable in `select()`, `insert()` and joins.
pub struct TableObj {
    pub table: TableId,
    pub alias: Option<Rc<str>>,
    pub name: String,
}
impl TableObj {
    pub fn new(cx: &mut Interp, table: TableId, alias: Option<Rc<str>>) -> TableObj {
        let name = cx.sa.orm().map(|o| o.registry.metadata.table(table).name.clone()).unwrap_or_default();
        TableObj { table, alias, name }
    }
}
impl Native for TableObj {
    fn type_name(&self) -> String {
        "Table".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("Table('{}', MetaData(), ...)", self.name))
    }
    fn str(&self, _cx: &mut Interp) -> Result<String> {
        Ok(self.name.clone())
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        match name {
            "c" | "columns" => Ok(Some(Value::native(ColumnsObj { table: self.table, alias: self.alias.clone() }))),
            "name" | "fullname" | "key" => Ok(Some(Value::str(&self.name))),
            "schema" => Ok(Some(Value::None)),
            "foreign_keys" => crate::interp::sa::schema_objs::foreign_keys(cx, self.table, None).map(Some),
            "primary_key" => {
                let o = cx.sa.orm()?;
                let t = o.registry.metadata.table(self.table);
                let cols = t.primary_key.iter().map(|&i| (i, t.columns[i].name.clone())).collect::<Vec<_>>();
                let c = ColumnsObj { table: self.table, alias: self.alias.clone() };
                Ok(Some(Value::list(cols.into_iter().map(|(i, n)| c.column(i, &n)).collect())))
            }
            _ => Ok(None),
        }
    }
    /// `users.select()`, `users.insert()` …: the Core statements on this table.
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        if !matches!(name, "select" | "insert" | "update" | "delete") {
            return None;
        }
        if !args.positional.is_empty() || !args.keywords.is_empty() {
            return Some(Err(Error::new(ErrorKind::TypeError, format!("{}() takes no arguments here; use the statement's methods", name))));
        }
        args.positional.push(Value::Native(self));
        Some(crate::interp::sa::functions::call_named(cx, name, args))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `table.c`: columns by name.
pub struct ColumnsObj {
    table: TableId,
    alias: Option<Rc<str>>,
}
impl ColumnsObj {
    /// Column `i` (named `name`) of the table or its alias.
    fn column(&self, i: usize, name: &str) -> Value {
        let expr = match &self.alias {
            Some(a) => Expr::aliased_col(self.table, a.clone(), i),
            None => Expr::col(self.table, i),
        };
        Value::native(ExprObj { expr, attr: None, key: Some(Rc::from(name)), negation: None })
    }
}
impl Native for ColumnsObj {
    fn type_name(&self) -> String {
        "ReadOnlyColumnCollection".into()
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        let o = cx.sa.orm()?;
        let t = o.registry.metadata.table(self.table);
        Ok(t.column_index(name).map(|i| self.column(i, name)))
    }
    fn len(&self, cx: &mut Interp) -> Option<Result<usize>> {
        Some(cx.sa.orm().map(|o| o.registry.metadata.table(self.table).columns.len()))
    }
    fn iter(self: Rc<Self>, cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        let names = match cx.sa.orm() {
            Ok(o) => o.registry.metadata.table(self.table).columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
            Err(e) => return Some(Err(e)),
        };
        Some(Ok(names.iter().enumerate().map(|(i, n)| self.column(i, n)).collect()))
    }
    fn contains(self: Rc<Self>, cx: &mut Interp, item: &Value) -> Option<Result<bool>> {
        match item {
            Value::Str(s) => Some(cx.sa.orm().map(|o| o.registry.metadata.table(self.table).column_index(s).is_some())),
            _ => None,
        }
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, _args: &mut Args) -> Option<Result<Value>> {
        let names = match cx.sa.orm() {
            Ok(o) => o.registry.metadata.table(self.table).columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
            Err(e) => return Some(Err(e)),
        };
        match name {
            "keys" => Some(Ok(Value::list(names.iter().map(|n| Value::str(n)).collect()))),
            "values" => Some(Ok(Value::list(names.iter().enumerate().map(|(i, n)| self.column(i, n)).collect()))),
            _ => None,
        }
    }
    fn getitem(self: Rc<Self>, cx: &mut Interp, key: &Value) -> Option<Result<Value>> {
        match key {
            Value::Str(s) => Some(match self.get_attr(cx, s) {
                Ok(Some(v)) => Ok(v),
                Ok(None) => Err(Error::new(ErrorKind::KeyError, crate::sql::value::str_repr(s))),
                Err(e) => Err(e),
            }),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Module-level SQL helpers bound at start (`and_ or_ not_ desc asc literal
/// null true false case cast text exists func`).
pub fn helper(cx: &mut Interp, name: &str, args: &mut Args) -> Result<Value> {
    let all = |cx: &mut Interp, args: &mut Args| -> Result<Vec<Expr>> {
        let mut out = Vec::new();
        for a in std::mem::take(&mut args.positional) {
            out.push(where_expr(cx, &a)?);
        }
        Ok(out)
    };
    Ok(match name {
        "and_" => ExprObj::value(Expr::and(all(cx, args)?)),
        "or_" => ExprObj::value(Expr::or(all(cx, args)?)),
        "not_" => {
            let v = required(args, 0, "clause", name)?;
            ExprObj::value(to_expr(cx, &v)?.not())
        }
        "desc" | "asc" => {
            let v = required(args, 0, "column", name)?;
            // desc("total"): a label (or column) name, rendered as such (`ORDER BY total
            // DESC`), as order_by("total") is; not a bound string
            let e = match &v {
                Value::Str(t) => Expr::text(t),
                _ => to_expr(cx, &v)?,
            };
            ExprObj::value(if name == "desc" { e.desc() } else { e.asc() })
        }
        "literal" => {
            let v = required(args, 0, "value", name)?;
            let sv = Interp::to_sql_value(&v).ok_or_else(|| type_error("literal() needs a plain value"))?;
            ExprObj::value(Expr::literal(sv))
        }
        "literal_column" => {
            let v = required(args, 0, "text", name)?;
            match v {
                Value::Str(s) => Value::native(ExprObj { expr: Expr::text(&s), attr: None, key: Some(s.clone()), negation: None }),
                _ => return Err(Error::new(ErrorKind::ArgumentError, "literal_column() takes a string")),
            }
        }
        // a named parameter: rendered as a `text()` fragment `:name` whose value
        // comes from `value=`, `.params()` or the execute() parameters
        "bindparam" => {
            let k = required(args, 0, "key", name)?;
            let value = arg(args, 1, "value");
            args.take_kw("type_");
            let k = match k {
                Value::Str(s) => s,
                _ => return Err(type_error("bindparam() key must be a string")),
            };
            let mut t = TextClause::new(&format!(":{}", k));
            if let Some(v) = value {
                let sv = Interp::to_sql_value(&v).ok_or_else(|| type_error("bindparam() value must be a plain value"))?;
                t = t.bind(&k, sv);
            }
            Value::native(ExprObj { expr: Expr::Text(t), attr: None, key: Some(k), negation: None })
        }
        "null" => ExprObj::value(Expr::Null),
        "true" => ExprObj::value(Expr::True),
        "false" => ExprObj::value(Expr::False),
        "text" => {
            let v = required(args, 0, "text", name)?;
            match v {
                Value::Str(s) => Value::native(TextObj { clause: TextClause::new(&s) }),
                _ => return Err(Error::new(ErrorKind::ArgumentError, "text() takes a string")),
            }
        }
        "cast" => {
            let v = required(args, 0, "expression", name)?;
            let t = required(args, 1, "type_", name)?;
            ExprObj::value(to_expr(cx, &v)?.cast(type_arg(cx, &t)?))
        }
        "case" => {
            let else_ = args.take_kw("else_");
            let value = match args.take_kw("value") {
                Some(v) => Some(to_expr(cx, &v)?),
                None => None,
            };
            let mut whens = Vec::new();
            let mut pos = std::mem::take(&mut args.positional);
            // `case({"ed": "E"}, value=User.name)`: the dict's items are the WHEN pairs
            if let [Value::Dict(d)] = pos.as_slice() {
                let items: Vec<(Value, Value)> = d.borrow().iter().map(|(k, v)| (k.0.clone(), v.clone())).collect();
                pos = items.into_iter().map(|(k, v)| Value::Tuple(Rc::from(vec![k, v]))).collect();
            }
            for w in pos {
                let pair = cx.iterate(&w)?;
                if pair.len() != 2 {
                    return Err(Error::new(ErrorKind::ArgumentError, "case() takes (condition, value) pairs"));
                }
                whens.push((to_expr(cx, &pair[0])?, to_expr(cx, &pair[1])?));
            }
            let e = match else_ {
                Some(v) => Some(to_expr(cx, &v)?),
                None => None,
            };
            ExprObj::value(match value {
                Some(v) => Expr::case_value(v, whens, e),
                None => Expr::case(whens, e),
            })
        }
        "exists" => {
            let sel = crate::interp::sa::select::SelectObj::exists_builder(cx, args)?;
            return Ok(sel);
        }
        _ => return Err(Error::new(ErrorKind::NameError, format!("name '{}' is not defined", name))),
    })
}
