//! The mapping and the schema as objects a script can look at, as SQLAlchemy's
//! inspection API shows them: `inspect(User)` is a `Mapper` (`.columns`,
//! `.column_attrs`, `.relationships`, `.attrs`, `.primary_key`,
//! `.local_table`), each relationship a `RelationshipProperty` (`.direction`,
//! `.mapper`, `.secondary`, `.uselist` …), and a plain column (`User.__table__.c.name`,
//! or `User.name` through its comparator) answers `.type`, `.table`,
//! `.primary_key`, `.nullable` …. Teachers show a class this way before they
//! show its rows; the values are read from the registry, nothing is copied.

use crate::exc::{attribute_error, Error, ErrorKind, Result};
use crate::interp::sa::expr::{ExprObj, TableObj, TypeObj};
use crate::interp::sa::instance::ClassObj;
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::orm::mapping::{Direction, Lazy, MapperId};
use crate::sql::expr::Expr;
use crate::sql::schema::TableId;
use crate::sql::types::SqlType;
use std::any::Any;
use std::rc::Rc;

/// `inspect(User)`: the mapper.
pub struct MapperObj {
    pub class: Value,
}

impl MapperObj {
    fn id(&self) -> Result<MapperId> {
        self.class.downcast::<ClassObj>().map(|c| c.mapper).ok_or_else(|| attribute_error("mapper"))
    }
}

/// A plain column of `table` as an expression object (`Column` in SQLAlchemy).
fn column(table: TableId, i: usize, name: &str) -> Value {
    Value::native(ExprObj { expr: Expr::col(table, i), attr: None, key: Some(Rc::from(name)), negation: None })
}

/// The one `Mapper` object of mapper `m` (made again when its class was, by `.reset`).
pub fn mapper_value(cx: &mut Interp, m: MapperId) -> Value {
    let class = cx.sa.class_value(m);
    let i = m.0 as usize;
    if let Some(Some(v)) = cx.sa.mapper_objs.get(i) {
        if v.downcast::<MapperObj>().is_some_and(|o| crate::interp::common::is_same(&o.class, &class)) {
            return v.clone();
        }
    }
    let v = Value::native(MapperObj { class });
    if cx.sa.mapper_objs.len() <= i {
        cx.sa.mapper_objs.resize(i + 1, None);
    }
    cx.sa.mapper_objs[i] = Some(v.clone());
    v
}

impl Native for MapperObj {
    fn type_name(&self) -> String {
        "Mapper".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        let (c, m) = self.class.downcast::<ClassObj>().map(|c| (c.name.clone(), c.mapper.0)).unwrap_or_default();
        Ok(format!("<Mapper at 0x7f20{:08x}; {}>", m, c))
    }
    fn str(&self, _cx: &mut Interp) -> Result<String> {
        let c = self.class.downcast::<ClassObj>().map(|c| c.name.clone()).unwrap_or_default();
        Ok(format!("Mapper[{}({})]", c, self.table_name(_cx)))
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        let id = self.id()?;
        let orm = cx.sa.orm()?;
        let m = orm.registry.mapper(id);
        let table = m.table;
        let columns: Vec<(Rc<str>, Value)> =
            m.columns.iter().enumerate().map(|(i, c)| (Rc::from(c.as_str()), column(table, i, c))).collect();
        let column_props: Vec<(Rc<str>, Value)> = m
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (Rc::from(c.as_str()), Value::native(ColumnPropObj { mapper: id, column: i, name: Rc::from(c.as_str()) })))
            .collect();
        let rels: Vec<(Rc<str>, Value)> = m
            .relationships
            .iter()
            .enumerate()
            .map(|(i, r)| (Rc::from(r.name.as_str()), Value::native(RelPropObj { mapper: id, rel: i })))
            .collect();
        let pk: Vec<usize> = orm.registry.metadata.table(table).primary_key.clone();
        Ok(Some(match name {
            "class_" | "entity" => self.class.clone(),
            "columns" | "c" => PropsObj::value("OrderedProperties", columns),
            "column_attrs" => PropsObj::value("ReadOnlyProperties", column_props),
            "relationships" => PropsObj::value("ReadOnlyProperties", rels),
            // relationships first, as declarative configures them before the table's columns
            "attrs" => PropsObj::value("ReadOnlyProperties", rels.into_iter().chain(column_props).collect()),
            "primary_key" => Value::tuple(pk.iter().map(|&i| columns[i].1.clone()).collect()),
            "local_table" | "persist_selectable" | "mapped_table" | "selectable" => {
                Value::native(TableObj::new(cx, table, None))
            }
            "tables" => Value::list(vec![Value::native(TableObj::new(cx, table, None))]),
            "is_mapper" => Value::Bool(true),
            _ => return Ok(None),
        }))
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        match name {
            "get_property" | "has_property" => Some((|| {
                let key = match crate::interp::sa::args::required(args, 0, "key", name)? {
                    Value::Str(s) => s,
                    _ => return Err(Error::new(ErrorKind::TypeError, "get_property() needs an attribute name")),
                };
                let attrs = Rc::clone(&self).get_attr(cx, "attrs")?.unwrap_or(Value::None);
                let found = attrs.downcast::<PropsObj>().and_then(|p| p.get(&key));
                match (name, found) {
                    ("has_property", f) => Ok(Value::Bool(f.is_some())),
                    (_, Some(v)) => Ok(v),
                    (_, None) => Err(Error::new(
                        ErrorKind::InvalidRequestError,
                        format!("Mapper '{}' has no property '{}'.  If this property was indicated from other mappers or configure events, ensure registry.configure() has been called.", self.str(cx)?, key),
                    )),
                }
            })()),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl MapperObj {
    fn table_name(&self, cx: &mut Interp) -> String {
        match (self.id(), cx.sa.orm()) {
            (Ok(id), Ok(orm)) => orm.registry.metadata.table(orm.registry.mapper(id).table).name.clone(),
            _ => String::new(),
        }
    }
}

/// `mapper.columns`, `.relationships`, `.attrs`: properties by key, in mapping
/// order; iterating gives the values (SQLAlchemy's `ReadOnlyProperties`).
pub struct PropsObj {
    kind: &'static str,
    items: Vec<(Rc<str>, Value)>,
}

impl PropsObj {
    fn value(kind: &'static str, items: Vec<(Rc<str>, Value)>) -> Value {
        Value::native(PropsObj { kind, items })
    }
    fn get(&self, key: &str) -> Option<Value> {
        self.items.iter().find(|(k, _)| &**k == key).map(|(_, v)| v.clone())
    }
}

impl Native for PropsObj {
    fn type_name(&self) -> String {
        self.kind.into()
    }
    fn repr(&self, cx: &mut Interp) -> Result<String> {
        let mut parts = Vec::new();
        for (k, v) in &self.items {
            parts.push(format!("'{}': {}", k, cx.repr(v)?));
        }
        Ok(format!("<{}({{{}}})>", self.kind, parts.join(", ")))
    }
    /// A key by attribute (`relationships.addresses`), except the mapping's own
    /// methods: `attrs.items` is the method in SQLAlchemy, never a property named so.
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        if matches!(name, "keys" | "values" | "items" | "get") {
            return Ok(None);
        }
        Ok(self.get(name))
    }
    fn call_method(self: Rc<Self>, _cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        let keys = || self.items.iter().map(|(k, _)| Value::Str(k.clone())).collect::<Vec<_>>();
        Some(Ok(match name {
            "keys" => Value::list(keys()),
            "values" => Value::list(self.items.iter().map(|(_, v)| v.clone()).collect()),
            "items" => Value::list(self.items.iter().map(|(k, v)| Value::tuple(vec![Value::Str(k.clone()), v.clone()])).collect()),
            "get" => {
                let key = match args.positional.first() {
                    Some(Value::Str(s)) => s.clone(),
                    _ => return Some(Err(Error::new(ErrorKind::TypeError, "get() needs a key"))),
                };
                let default = args.positional.get(1).cloned().unwrap_or(Value::None);
                args.positional.clear();
                self.get(&key).unwrap_or(default)
            }
            _ => return None,
        }))
    }
    fn len(&self, _cx: &mut Interp) -> Option<Result<usize>> {
        Some(Ok(self.items.len()))
    }
    fn iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some(Ok(self.items.iter().map(|(_, v)| v.clone()).collect()))
    }
    fn getitem(self: Rc<Self>, _cx: &mut Interp, key: &Value) -> Option<Result<Value>> {
        Some(match key {
            Value::Str(s) => self.get(s).ok_or_else(|| Error::new(ErrorKind::KeyError, crate::sql::value::str_repr(s))),
            Value::Int(i) => {
                let n = self.items.len() as i64;
                let at = if *i < 0 { i + n } else { *i };
                match self.items.get(at as usize).filter(|_| at >= 0) {
                    Some((_, v)) => Ok(v.clone()),
                    None => Err(Error::new(ErrorKind::IndexError, "tuple index out of range")),
                }
            }
            _ => Err(Error::new(ErrorKind::TypeError, "properties are looked up by name")),
        })
    }
    fn contains(self: Rc<Self>, _cx: &mut Interp, item: &Value) -> Option<Result<bool>> {
        match item {
            Value::Str(s) => Some(Ok(self.get(s).is_some())),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `mapper.column_attrs["name"]`: a `ColumnProperty`.
pub struct ColumnPropObj {
    mapper: MapperId,
    column: usize,
    name: Rc<str>,
}

impl Native for ColumnPropObj {
    fn type_name(&self) -> String {
        "ColumnProperty".into()
    }
    fn repr(&self, cx: &mut Interp) -> Result<String> {
        Ok(format!("<ColumnProperty at 0x7f50{:04x}{:04x}; {}>", self.mapper.0, self.column, self.str(cx)?))
    }
    fn str(&self, cx: &mut Interp) -> Result<String> {
        let class = cx.sa.orm()?.registry.mapper(self.mapper).class_name.clone();
        Ok(format!("{}.{}", class, self.name))
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        let table = cx.sa.orm()?.registry.mapper(self.mapper).table;
        Ok(Some(match name {
            "key" => Value::Str(self.name.clone()),
            "columns" => Value::list(vec![column(table, self.column, &self.name)]),
            "expression" => column(table, self.column, &self.name),
            "parent" => mapper_value(cx, self.mapper),
            "class_attribute" => {
                let class = cx.sa.class_value(self.mapper);
                return cx.get_attr(&class, &self.name).map(Some);
            }
            _ => return Ok(None),
        }))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `mapper.relationships["addresses"]`: a `RelationshipProperty`.
pub struct RelPropObj {
    mapper: MapperId,
    rel: usize,
}

impl Native for RelPropObj {
    fn type_name(&self) -> String {
        "RelationshipProperty".into()
    }
    fn repr(&self, cx: &mut Interp) -> Result<String> {
        Ok(format!("<_RelationshipDeclared at 0x7f60{:04x}{:04x}; {}>", self.mapper.0, self.rel, self.rel_name(cx)?))
    }
    fn str(&self, cx: &mut Interp) -> Result<String> {
        let class = cx.sa.orm()?.registry.mapper(self.mapper).class_name.clone();
        Ok(format!("{}.{}", class, self.rel_name(cx)?))
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        let orm = cx.sa.orm()?;
        let r = orm.registry.mapper(self.mapper).relationships[self.rel].clone();
        let target_table = orm.registry.mapper(r.target).table;
        Ok(Some(match name {
            "key" => Value::str(&r.name),
            "direction" => Value::native(SymbolObj(match r.direction {
                Direction::OneToMany => "ONETOMANY",
                Direction::ManyToOne => "MANYTOONE",
                Direction::ManyToMany => "MANYTOMANY",
            })),
            "mapper" => mapper_value(cx, r.target),
            "entity" | "argument" => cx.sa.class_value(r.target),
            "parent" => mapper_value(cx, self.mapper),
            "target" => Value::native(TableObj::new(cx, target_table, None)),
            "secondary" => match &r.secondary {
                Some(s) => Value::native(TableObj::new(cx, s.table, None)),
                None => Value::None,
            },
            "uselist" => Value::Bool(r.uselist),
            "viewonly" => Value::Bool(r.viewonly),
            "back_populates" => r.back_populates.as_deref().map_or(Value::None, Value::str),
            "lazy" => Value::str(match r.lazy {
                Lazy::Select => "select",
                Lazy::Joined => "joined",
                Lazy::Selectin => "selectin",
                Lazy::Raise => "raise",
                Lazy::RaiseOnSql => "raise_on_sql",
                Lazy::Noload => "noload",
            }),
            "passive_deletes" => Value::Bool(r.passive_deletes),
            "single_parent" => Value::Bool(r.single_parent),
            "class_attribute" => {
                let class = cx.sa.class_value(self.mapper);
                return cx.get_attr(&class, &r.name).map(Some);
            }
            _ => return Ok(None),
        }))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl RelPropObj {
    fn rel_name(&self, cx: &mut Interp) -> Result<String> {
        Ok(cx.sa.orm()?.registry.mapper(self.mapper).relationships[self.rel].name.clone())
    }
}

/// A `symbol` of SQLAlchemy's (`ONETOMANY`): `.name`, `repr` `symbol('ONETOMANY')`.
pub struct SymbolObj(&'static str);

impl Native for SymbolObj {
    fn type_name(&self) -> String {
        "RelationshipDirection".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("<RelationshipDirection.{}: {}>", self.0, symbol_value(self.0)))
    }
    fn str(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("RelationshipDirection.{}", self.0))
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(match name {
            "name" => Some(Value::str(self.0)),
            "value" => Some(Value::Int(symbol_value(self.0))),
            _ => None,
        })
    }
    fn compare(self: Rc<Self>, _cx: &mut Interp, op: crate::syntax::ast::CmpOp, other: &Value, _r: bool) -> Option<Result<Value>> {
        use crate::syntax::ast::CmpOp;
        let same = other.downcast::<SymbolObj>().is_some_and(|o| o.0 == self.0);
        match op {
            CmpOp::Eq | CmpOp::Is => Some(Ok(Value::Bool(same))),
            CmpOp::NotEq | CmpOp::IsNot => Some(Ok(Value::Bool(!same))),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `RelationshipDirection`'s values in SQLAlchemy 2.x (`orm/base.py`).
fn symbol_value(name: &str) -> i64 {
    match name {
        "ONETOMANY" => 1,
        "MANYTOONE" => 2,
        _ => 3,
    }
}

/// The type class of a column's type, as `Column.type` shows it.
fn type_class(ty: &SqlType) -> &'static str {
    match ty {
        SqlType::Integer => "Integer",
        SqlType::BigInteger => "BigInteger",
        SqlType::SmallInteger => "SmallInteger",
        SqlType::String(_) => "String",
        SqlType::Text => "Text",
        SqlType::Boolean => "Boolean",
        SqlType::Float => "Float",
        SqlType::Numeric(..) => "Numeric",
        SqlType::Date => "Date",
        SqlType::DateTime => "DateTime",
        SqlType::Time => "Time",
        SqlType::Binary => "LargeBinary",
        SqlType::Json => "JSON",
    }
}

/// The attributes of a plain table column (`Column.type`, `.table`, …), for
/// `User.__table__.c.name` and, through the attribute's comparator, `User.name`.
pub fn column_attr(cx: &mut Interp, expr: &Expr, name: &str) -> Result<Option<Value>> {
    let Expr::Column(c) = expr else { return Ok(None) };
    if c.alias.is_some() && name != "type" {
        return Ok(None);
    }
    let orm = cx.sa.orm()?;
    let t = orm.registry.metadata.table(c.table);
    let col = &t.columns[c.column];
    Ok(Some(match name {
        "type" => Value::native(TypeObj { name: type_class(&col.ty), ty: col.ty.clone(), instance: true }),
        "primary_key" => Value::Bool(col.primary_key),
        "nullable" => Value::Bool(col.nullable),
        "unique" => if col.unique { Value::Bool(true) } else { Value::None },
        "index" => if col.index { Value::Bool(true) } else { Value::None },
        "autoincrement" => match col.autoincrement {
            crate::sql::schema::Autoincrement::Auto => Value::str("auto"),
            crate::sql::schema::Autoincrement::Yes => Value::Bool(true),
            crate::sql::schema::Autoincrement::No => Value::Bool(false),
        },
        "name" | "key" => Value::str(&col.name),
        "table" => Value::native(TableObj::new(cx, c.table, None)),
        "foreign_keys" => foreign_keys(cx, c.table, Some(c.column))?,
        _ => return Ok(None),
    }))
}

/// `Table.foreign_keys` (`column` None) or `Column.foreign_keys`: a set of `ForeignKey`.
pub fn foreign_keys(cx: &mut Interp, table: TableId, column: Option<usize>) -> Result<Value> {
    let t = cx.sa.orm()?.registry.metadata.table(table);
    let mut set = indexmap::IndexMap::new();
    for (i, c) in t.columns.iter().enumerate() {
        if column.is_some_and(|only| only != i) {
            continue;
        }
        if let Some(fk) = &c.foreign_key {
            let v = Value::native(ForeignKeyObj { table, column: i, target: format!("{}.{}", fk.table, fk.column) });
            set.insert(crate::interp::value::HashKey::new(&v)?, ());
        }
    }
    Ok(Value::Set(Rc::new(std::cell::RefCell::new(set))))
}

/// A column's `ForeignKey('users.id')`.
pub struct ForeignKeyObj {
    table: TableId,
    column: usize,
    target: String,
}

impl Native for ForeignKeyObj {
    fn type_name(&self) -> String {
        "ForeignKey".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("ForeignKey('{}')", self.target))
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        let md = &cx.sa.orm()?.registry.metadata;
        let parent_name = md.table(self.table).columns[self.column].name.clone();
        let (tname, cname) = self.target.rsplit_once('.').unwrap_or((&self.target, ""));
        let referred = md.lookup(tname).and_then(|t| md.table(t).column_index(cname).map(|i| (t, i)));
        Ok(Some(match name {
            "target_fullname" => Value::str(&self.target),
            "parent" => column(self.table, self.column, &parent_name),
            "column" => match referred {
                Some((t, i)) => column(t, i, cname),
                None => return Err(Error::new(ErrorKind::NoReferencedTableError, format!("Foreign key associated with column '{}' could not find table '{}'", parent_name, tname))),
            },
            "ondelete" => {
                let od = md.table(self.table).columns[self.column].foreign_key.as_ref().and_then(|f| f.ondelete.clone());
                od.map_or(Value::None, |o| Value::str(&o))
            }
            _ => return Ok(None),
        }))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `repr(users.c.id)`: `Column('id', Integer(), table=<users>, primary_key=True,
/// nullable=False)`, as `Column.__repr__` builds it (a server default's repr holds
/// an address in SQLAlchemy, so it is left out here).
pub fn column_repr(cx: &mut Interp, expr: &Expr) -> Result<Option<String>> {
    let Expr::Column(c) = expr else { return Ok(None) };
    if c.alias.is_some() {
        return Ok(None);
    }
    let (col, table) = {
        let t = cx.sa.orm()?.registry.metadata.table(c.table);
        (t.columns[c.column].clone(), t.name.clone())
    };
    let ty = Value::native(TypeObj { name: type_class(&col.ty), ty: col.ty.clone(), instance: true });
    let mut parts = vec![crate::sql::value::str_repr(&col.name), cx.repr(&ty)?];
    if let Some(fk) = &col.foreign_key {
        parts.push(format!("ForeignKey('{}.{}')", fk.table, fk.column));
    }
    parts.push(format!("table=<{}>", table));
    if col.primary_key {
        parts.push("primary_key=True".into());
    }
    if !col.nullable {
        parts.push("nullable=False".into());
    }
    if let Some(d) = &col.default {
        let v = crate::interp::Interp::from_sql_value(d.clone());
        parts.push(format!("default=ScalarElementColumnDefault({})", cx.repr(&v)?));
    }
    Ok(Some(format!("Column({})", parts.join(", "))))
}
