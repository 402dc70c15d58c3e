//! `select()` and the DML constructs `insert() update() delete()` as Python
//! objects with SQLAlchemy's generative methods. A select keeps its selected
//! *items* (whole mapped entities or single expressions) apart from the SQL so
//! that the ORM can turn result rows back into instances.

use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::interp::sa::args::required;
use crate::interp::sa::expr::{to_expr, ExprObj, TableObj};
use crate::interp::sa::instance::ClassObj;
use crate::interp::sa::relationships::RelAttrObj;
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::orm::mapping::MapperId;
use crate::sql::expr::{Expr, FromItem, LabelStyle, Select};
pub use crate::interp::sa::dml::{DmlKind, DmlObj};
use crate::sql::schema::TableId;
use std::any::Any;
use std::rc::Rc;

/// One selected thing.
#[derive(Clone, Debug)]
pub enum SelItem {
    /// A whole mapped class (all its columns), possibly through an alias.
    Entity { mapper: MapperId, alias: Option<Rc<str>> },
    /// One expression; `key` names it in result rows.
    Column { expr: Expr, key: Rc<str> },
}

/// `select(...)` (and the legacy `Query`'s statement).
#[derive(Clone)]
pub struct SelectObj {
    pub items: Vec<SelItem>,
    pub sel: Select,
    /// Loader options (`.options(joinedload(User.addresses))`), in order.
    pub options: crate::orm::strategy_options::Options,
    /// The entity `filter_by` applies to: the last joined entity, else the first.
    pub filter_by_target: Option<(MapperId, Option<Rc<str>>)>,
    /// Every entity `filter_by` searches (SQLAlchemy 2.1 `_get_filter_by_entities`:
    /// the join targets, the FROMs, the selected entities and the classes of
    /// the selected columns), in the order they came.
    pub filter_by_entities: Vec<(MapperId, Option<Rc<str>>)>,
    /// `execution_options(populate_existing=True)` / `Query.populate_existing()`.
    pub populate_existing: bool,
    /// `execution_options(yield_per=N)` / `Query.yield_per(N)`: rows are
    /// loaded N at a time as the result is read (`interp/sa/result.rs`).
    pub yield_per: Option<usize>,
    /// `execution_options(autoflush=False)`: no autoflush before it runs.
    pub autoflush: Option<bool>,
    /// An error SQLAlchemy raises when the statement compiles, not when it is built
    /// (a join from an entity to itself without an alias, a join whose ON
    /// clause cannot be inferred).
    pub compile_error: Option<Rc<Error>>,
    /// Set for a compound select (`union(...)`; `sel.compound` holds the SELECTs).
    pub compound: Option<crate::sql::expr::CompoundOp>,
    /// `from_statement(stmt)`: the statement run in place of this one, whose
    /// rows load the selected entities (`interp/sa/compound.rs`).
    pub from_statement: Option<Rc<crate::sql::expr::Statement>>,
}

impl SelectObj {
    pub fn from_args(cx: &mut Interp, args: Vec<Value>) -> Result<SelectObj> {
        let mut items = Vec::new();
        for a in args {
            items.extend(sel_items(cx, &a)?);
        }
        // `_filter_by_zero`: without joins or FROMs, the first column's entity
        // (a mapped attribute's class; an entity selected later does not count)
        let first = match items.first() {
            Some(SelItem::Entity { mapper, alias }) => Some((*mapper, alias.clone())),
            Some(SelItem::Column { expr, .. }) => match first_table(expr) {
                Some((t, alias)) => cx.sa.orm()?.registry.mapper_for_table(t).map(|m| (m, alias)),
                None => None,
            },
            None => None,
        };
        let mut s = SelectObj::from_parts(items, Select::default());
        s.filter_by_target = first;
        for it in &s.items {
            let e = match it {
                SelItem::Entity { mapper, alias } => Some((*mapper, alias.clone())),
                SelItem::Column { expr, .. } => match first_table(expr) {
                    Some((t, alias)) => cx.sa.orm()?.registry.mapper_for_table(t).map(|m| (m, alias)),
                    None => None,
                },
            };
            if let Some(e) = e.filter(|e| !s.filter_by_entities.contains(e)) {
                s.filter_by_entities.push(e);
            }
        }
        Ok(s)
    }

    /// A select of these items over `sel` (its columns are the items').
    pub fn from_parts(items: Vec<SelItem>, sel: Select) -> SelectObj {
        SelectObj { items, sel, options: Default::default(), filter_by_target: None, filter_by_entities: Vec::new(), populate_existing: false, yield_per: None, autoflush: None, compile_error: None, compound: None, from_statement: None }
    }

    /// The plain SQL select, entities expanded into their columns.
    /// The error the statement raises when it compiles, if any.
    pub fn check_compile(&self) -> Result<()> {
        match &self.compile_error {
            Some(e) => Err((**e).clone()),
            None => Ok(()),
        }
    }

    pub fn to_sql_select(&self, cx: &mut Interp) -> Result<Select> {
        self.check_compile()?;
        let mut s = self.sel.clone();
        s.columns = self.column_exprs(cx)?;
        Ok(s)
    }

    pub fn column_exprs(&self, cx: &mut Interp) -> Result<Vec<Expr>> {
        let mut cols = Vec::new();
        for it in &self.items {
            match it {
                SelItem::Entity { mapper, alias } => {
                    let o = cx.sa.orm()?;
                    let m = o.registry.mapper(*mapper);
                    for c in 0..m.columns.len() {
                        cols.push(match alias {
                            Some(a) => Expr::aliased_col(m.table, a.clone(), c),
                            None => Expr::col(m.table, c),
                        });
                    }
                }
                SelItem::Column { expr, .. } => cols.push(expr.clone()),
            }
        }
        Ok(cols)
    }

    /// The SELECT an ORM statement compiles to, as its execution does (the
    /// loader options and the mapping's eager loads: joined eager JOINs,
    /// `load_only`/`defer` columns, `contains_eager` columns): `str()` of an
    /// ORM select compiles it through the ORM plugin too. None for a select
    /// without entities (or no session to plan with).
    pub fn orm_planned(&self, cx: &mut Interp) -> Result<Option<Select>> {
        if self.compound.is_some() || !self.items.iter().any(|i| matches!(i, SelItem::Entity { .. })) {
            return Ok(None);
        }
        let Some(sid) = cx.sa.default_session else { return Ok(None) };
        self.check_compile()?;
        let mut roots = Vec::new();
        let items: Vec<crate::orm::eager::QueryItem> = self
            .items
            .iter()
            .map(|it| match it {
                SelItem::Entity { mapper, alias } => {
                    roots.push(*mapper);
                    crate::orm::eager::QueryItem::Entity { mapper: *mapper, alias: alias.clone() }
                }
                SelItem::Column { expr, .. } => crate::orm::eager::QueryItem::Column(expr.clone()),
            })
            .collect();
        let mut sel = self.sel.clone();
        let o = cx.sa.orm()?;
        self.options.validate(&o.registry, &roots)?;
        o.plan_query(sid, &self.options, &items, &mut sel)?;
        Ok(Some(sel))
    }

    /// The keys of the selected columns, entities expanded (a subquery's `.c`).
    pub fn column_keys(&self, cx: &mut Interp) -> Result<Vec<Rc<str>>> {
        let mut keys = Vec::new();
        for it in &self.items {
            match it {
                SelItem::Entity { mapper, .. } => {
                    let o = cx.sa.orm()?;
                    keys.extend(o.registry.mapper(*mapper).columns.iter().map(|c| Rc::from(c.as_str())));
                }
                SelItem::Column { key, .. } => keys.push(key.clone()),
            }
        }
        Ok(keys)
    }

    pub fn scalar_subquery(&self) -> Result<Expr> {
        // entities cannot be expanded without the interpreter: only expression selects here
        let mut s = self.sel.clone();
        for it in &self.items {
            match it {
                SelItem::Column { expr, .. } => s.columns.push(expr.clone()),
                SelItem::Entity { .. } => return Err(Error::new(ErrorKind::ArgumentError, "a scalar subquery must select a single column")),
            }
        }
        Ok(Expr::scalar_subquery(s))
    }

    /// The first mapped entity selected (for binds and `filter_by`).
    pub fn primary_mapper(&self) -> Option<MapperId> {
        self.items.iter().find_map(|i| match i {
            SelItem::Entity { mapper, .. } => Some(*mapper),
            _ => None,
        })
    }

    /// `exists()` / `exists(select)`, then `.where(...)`.
    pub fn exists_builder(cx: &mut Interp, args: &mut Args) -> Result<Value> {
        let inner = match args.positional.first().cloned() {
            Some(v) => match v.downcast::<SelectObj>() {
                Some(s) => s.to_sql_select(cx)?,
                None => Select::new(vec![to_expr(cx, &v)?]),
            },
            None => Select::new(vec![Expr::text("*")]),
        };
        Ok(Value::native(ExistsObj { inner }))
    }
}

/// `exists()` being built: `.where()` adds criteria; used as an expression.
pub struct ExistsObj {
    pub inner: Select,
}
impl Native for ExistsObj {
    fn type_name(&self) -> String {
        "Exists".into()
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        match name {
            "where" | "filter" => Some((|| {
                let mut s = self.inner.clone();
                for a in std::mem::take(&mut args.positional) {
                    s = s.where_(to_expr(cx, &a)?);
                }
                Ok(Value::native(ExistsObj { inner: s }))
            })()),
            _ => None,
        }
    }
    fn unary(self: Rc<Self>, _cx: &mut Interp, op: crate::syntax::ast::UnaryOp) -> Option<Result<Value>> {
        match op {
            crate::syntax::ast::UnaryOp::Invert => Some(Ok(ExprObj::value(Expr::exists(self.inner.clone()).not()))),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Parameter values for `text()` fragments and `bindparam()`s.
pub fn sql_pairs(pairs: &[(String, Value)]) -> Result<Vec<(String, crate::sql::value::Value)>> {
    pairs
        .iter()
        .map(|(k, v)| match Interp::to_sql_value(v) {
            Some(sv) => Ok((k.clone(), sv)),
            None => Err(type_error(format!("cannot bind a value of type {}", crate::interp::common::type_name(v)))),
        })
        .collect()
}

/// What a `select()` argument contributes.
pub(crate) fn sel_items(cx: &mut Interp, v: &Value) -> Result<Vec<SelItem>> {
    if let Some(c) = v.downcast::<ClassObj>() {
        return Ok(vec![SelItem::Entity { mapper: c.mapper, alias: None }]);
    }
    if let Some(a) = v.downcast::<crate::interp::sa::relationships::AliasObj>() {
        return Ok(vec![SelItem::Entity { mapper: a.mapper, alias: Some(a.name.clone()) }]);
    }
    if let Some(e) = v.downcast::<ExprObj>() {
        let key = e.key.clone().unwrap_or_else(|| Rc::from(anon_key(&e.expr).as_str()));
        return Ok(vec![SelItem::Column { expr: e.expr.clone(), key }]);
    }
    if let Some(sq) = v.downcast::<crate::interp::sa::relationships::SubqueryObj>() {
        return Ok((0..sq.keys.len()).map(|i| SelItem::Column { expr: Expr::SubqueryColumn(sq.sq.clone(), i), key: sq.keys[i].clone() }).collect());
    }
    if let Some(t) = v.downcast::<TableObj>() {
        let o = cx.sa.orm()?;
        let tb = o.registry.metadata.table(t.table);
        return Ok((0..tb.columns.len())
            .map(|i| SelItem::Column {
                expr: match &t.alias {
                    Some(a) => Expr::aliased_col(t.table, a.clone(), i),
                    None => Expr::col(t.table, i),
                },
                key: Rc::from(tb.columns[i].name.as_str()),
            })
            .collect());
    }
    if let Some(e) = crate::interp::sa::expr::as_sql_expr(cx, v) {
        return Ok(vec![SelItem::Column { expr: (*e).clone(), key: Rc::from("anon_1") }]);
    }
    if v.downcast::<RelAttrObj>().is_some() {
        return Err(Error::new(ErrorKind::ArgumentError, "select() of a relationship attribute is not supported; select the target class"));
    }
    match v {
        Value::Str(s) => Ok(vec![SelItem::Column { expr: Expr::text(s), key: s.clone() }]),
        // `ColumnsClauseImpl._literal_coercion` (`_coerce_numerics`): a number is
        // a literal column, `SELECT 1` without a bound parameter, keyed "1"
        Value::Int(_) | Value::Float(_) => {
            let t: Rc<str> = Rc::from(cx.str_of(v)?.as_str());
            Ok(vec![SelItem::Column { expr: Expr::text(&t), key: t }])
        }
        _ => {
            let e = to_expr(cx, v)?;
            Ok(vec![SelItem::Column { expr: e, key: Rc::from("anon_1") }])
        }
    }
}

/// The row key SQLAlchemy gives an unlabelled expression (`count` for `count(x)`).
fn anon_key(e: &Expr) -> String {
    match e {
        Expr::Func { name, .. } => name.to_string(),
        Expr::Label { name, .. } => name.to_string(),
        _ => "anon_1".into(),
    }
}

/// The FROM item of a `select_from()` / join argument (see `join_target`).
pub(crate) fn join_target_of(cx: &mut Interp, v: &Value) -> Result<(FromItem, Option<(MapperId, Option<Rc<str>>)>, Option<TableId>)> {
    join_target(cx, v)
}

/// The FROM item and mapper of a join target argument.
fn join_target(cx: &mut Interp, v: &Value) -> Result<(FromItem, Option<(MapperId, Option<Rc<str>>)>, Option<TableId>)> {
    if let Some(sq) = v.downcast::<crate::interp::sa::relationships::SubqueryObj>() {
        return Ok((FromItem::Subquery(sq.sq.clone()), None, None));
    }
    if let Some(c) = v.downcast::<ClassObj>() {
        let t = cx.sa.orm()?.registry.mapper(c.mapper).table;
        return Ok((FromItem::table(t), Some((c.mapper, None)), Some(t)));
    }
    if let Some(a) = v.downcast::<crate::interp::sa::relationships::AliasObj>() {
        let t = cx.sa.orm()?.registry.mapper(a.mapper).table;
        return Ok((FromItem::alias(t, a.name.clone()), Some((a.mapper, Some(a.name.clone()))), Some(t)));
    }
    if let Some(t) = v.downcast::<TableObj>() {
        let f = match &t.alias {
            Some(a) => FromItem::alias(t.table, a.clone()),
            None => FromItem::table(t.table),
        };
        return Ok((f, None, Some(t.table)));
    }
    Err(Error::new(ErrorKind::ArgumentError, format!("Join target, typically a FROM expression, or ORM relationship attribute expected, got {}.", cx.repr(v)?)))
}

type Side = crate::sql::join_condition::Side;
use crate::sql::join_condition::Left as JoinLeft;

/// The tables and aliases an expression's columns belong to, in order.
fn collect_sides(e: &Expr, out: &mut Vec<Side>) {
    let found = std::cell::RefCell::new(Vec::new());
    e.replace(&|x| {
        if let Expr::Column(c) = x {
            found.borrow_mut().push((c.table, c.alias.clone()));
        }
        None
    });
    for s in found.into_inner() {
        if !out.contains(&s) {
            out.push(s);
        }
    }
}

/// The first table an expression's columns name (`_from_objects[0]`).
fn first_table(e: &Expr) -> Option<Side> {
    let mut v = Vec::new();
    collect_sides(e, &mut v);
    v.into_iter().next()
}

impl SelectObj {
    pub(crate) fn join_on(&self, cx: &mut Interp, args: &mut Args, outer: bool) -> Result<SelectObj> {
        let mut s = self.clone();
        let outer = outer || args.take_kw("isouter").map(|v| cx.truthy(&v)).transpose()?.unwrap_or(false);
        let full = args.take_kw("full").map(|v| cx.truthy(&v)).transpose()?.unwrap_or(false);
        let add = |sel: crate::sql::expr::Select, f: FromItem, on: Expr| {
            if full {
                sel.fulljoin(f, on)
            } else if outer {
                sel.outerjoin(f, on)
            } else {
                sel.join(f, on)
            }
        };
        let target = required(args, 0, "target", "join")?;
        let onclause = crate::interp::sa::args::arg(args, 1, "onclause");
        // relationship attribute: join along it
        if let Some(r) = target.downcast::<RelAttrObj>() {
            // `_join_left_to_right`: an unaliased entity joined to itself along a relationship
            let same = {
                let o = cx.sa.orm()?;
                let m = o.registry.mapper(r.mapper);
                (r.alias.is_none() && r.of_type.is_none() && m.relationships[r.ri].target == r.mapper).then(|| {
                    let t = &o.registry.metadata.table(m.table).name;
                    format!("Can't construct a join from Mapper[{c}({t})] to Mapper[{c}({t})], they are the same entity", c = m.class_name)
                })
            };
            if let Some(msg) = same {
                s.compile_error.get_or_insert(Rc::new(Error::new(ErrorKind::InvalidRequestError, msg)));
            }
            let (joins, target_entity) = r.join_froms(cx)?;
            for (f, on) in joins {
                s.sel = add(s.sel, f, on);
            }
            if !s.filter_by_entities.contains(&target_entity) {
                s.filter_by_entities.push(target_entity.clone());
            }
            s.filter_by_target = Some(target_entity);
            return Ok(s);
        }
        let (from, entity, table) = join_target(cx, &target)?;
        let alias = match &from {
            FromItem::Table { alias, .. } => alias.clone(),
            _ => None,
        };
        let on = match onclause {
            Some(Value::None) | None => {
                let table = table.ok_or_else(|| {
                    Error::new(ErrorKind::NotImplementedError, "ormsh does not infer the ON clause of a join to a subquery; give the ON clause")
                })?;
                // SQLAlchemy resolves the join when the statement compiles: building it never raises
                match self.implicit_onclause(cx, (table, alias.clone()), entity.as_ref()) {
                    Ok(on) => on,
                    Err(e) => {
                        s.compile_error.get_or_insert(Rc::new(e));
                        Expr::True
                    }
                }
            }
            Some(v) => {
                if let Some(r) = v.downcast::<RelAttrObj>() {
                    let (joins, _) = r.join_froms(cx)?;
                    match joins.into_iter().last() {
                        // `join(alias, User.addresses)`: the ON clause is adapted to the alias
                        // (SQLAlchemy's `_join_left_to_right` with an aliased right side)
                        Some((FromItem::Table { table: rt, alias: None }, on)) => match (&alias, table) {
                            (Some(a), Some(t)) if t == rt => on.replace(&|e| match e {
                                Expr::Column(c) if c.table == t && c.alias.is_none() => Some(Expr::aliased_col(t, a.clone(), c.column)),
                                _ => None,
                            }),
                            _ => on,
                        },
                        Some((_, on)) => on,
                        None => return Err(type_error("bad relationship join")),
                    }
                } else {
                    to_expr(cx, &v)?
                }
            }
        };
        s.sel = add(s.sel, from, on);
        if let Some(e) = entity.clone().filter(|e| !s.filter_by_entities.contains(e)) {
            s.filter_by_entities.push(e);
        }
        if entity.is_some() {
            s.filter_by_target = entity;
        }
        Ok(s)
    }

    /// The ON clause of `join(target)` without one, as SQLAlchemy's ORM finds
    /// it: the left side is the one FROM (`_join_determine_implicit_left_side`:
    /// the FROMs so far, a chain of joins being one, else the selected
    /// entities other than the target) that a foreign key links to the target,
    /// then `Join._join_condition` between them (`sql::join_condition`).
    fn implicit_onclause(&self, cx: &mut Interp, right: Side, entity: Option<&(MapperId, Option<Rc<str>>)>) -> Result<Expr> {
        let froms = self.from_clauses();
        let candidates = if !froms.is_empty() {
            froms
        } else {
            let mut seen: Vec<Side> = Vec::new();
            for it in &self.items {
                let side = match it {
                    SelItem::Entity { mapper, alias } => Some((cx.sa.orm()?.registry.mapper(*mapper).table, alias.clone())),
                    SelItem::Column { expr, .. } => first_table(expr),
                };
                // the target itself is no left side (`ent_info is r_info`)
                if let Some(side) = side.filter(|s| *s != right && !seen.contains(s)) {
                    seen.push(side);
                }
            }
            if seen.is_empty() && self.items.is_empty() {
                return Err(Error::new(
                    ErrorKind::InvalidRequestError,
                    "No entities to join from; please use select_from() to establish the left entity/selectable of this join",
                ));
            }
            seen.into_iter().map(JoinLeft::one).collect()
        };
        let o = cx.sa.orm()?;
        let md = &o.registry.metadata;
        let mut able = candidates.iter().filter(|l| crate::sql::join_condition::can_join(md, l, &right));
        let (first, second) = (able.next(), able.next());
        let left = match (first, second) {
            (Some(l), None) => l,
            (Some(_), Some(_)) => return Err(Error::new(
                ErrorKind::InvalidRequestError,
                "Can't determine which FROM clause to join from, there are multiple FROMS which can join to this entity. Please use the .select_from() method to establish an explicit left side, as well as providing an explicit ON clause if not present already to help resolve the ambiguity.",
            )),
            (None, _) => {
                let what = match entity {
                    Some((m, None)) => format!("<Mapper at 0x7f20{:08x}; {}>", m.0, o.registry.mapper(*m).class_name),
                    Some((m, Some(_))) => format!("<AliasedClass at 0x7f21{:08x}; {}>", m.0, o.registry.mapper(*m).class_name),
                    None => md.table(right.0).name.clone(),
                };
                return Err(Error::new(
                    ErrorKind::InvalidRequestError,
                    format!("Don't know how to join to {}. Please use the .select_from() method to establish an explicit left side, as well as providing an explicit ON clause if not present already to help resolve the ambiguity.", what),
                ));
            }
        };
        crate::sql::join_condition::join_condition(md, left, &right)
    }

    /// SQLAlchemy's `from_clauses` of the statement so far: each
    /// `select_from()` table, with the joins made from it; without any, the
    /// chain the first join started from the entity its ON clause names.
    fn from_clauses(&self) -> Vec<JoinLeft> {
        let mut groups: Vec<JoinLeft> = Vec::new();
        for f in &self.sel.froms {
            match f {
                FromItem::Table { table, alias } => groups.push(JoinLeft::one((*table, alias.clone()))),
                // a subquery or another FROM: a FROM no foreign key reaches
                _ => groups.push(JoinLeft { tables: Vec::new(), joined: false }),
            }
        }
        for j in &self.sel.joins {
            let FromItem::Table { table, alias } = &j.target else { continue };
            let target: Side = (*table, alias.clone());
            let mut named: Vec<Side> = Vec::new();
            collect_sides(&j.on, &mut named);
            named.retain(|s| *s != target);
            match groups.iter().position(|g| g.tables.iter().any(|t| named.contains(t))) {
                Some(i) => {
                    groups[i].tables.push(target);
                    groups[i].joined = true;
                }
                None if groups.is_empty() => {
                    let mut tables: Vec<Side> = named.into_iter().take(1).collect();
                    tables.push(target);
                    groups.push(JoinLeft { tables, joined: true });
                }
                None => {
                    groups[0].tables.push(target);
                    groups[0].joined = true;
                }
            }
        }
        groups
    }

    /// The generative methods shared by `select()` and the legacy `Query`.
    pub fn method(&self, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<SelectObj>> {
        let r = match name {
            "where" | "filter" => (|| {
                let mut s = self.clone();
                for a in std::mem::take(&mut args.positional) {
                    let e = crate::interp::sa::expr::where_expr(cx, &a)?;
                    if !e.is_empty_clause() {
                        s.sel = s.sel.where_(e);
                    }
                }
                Ok(s)
            })(),
            "filter_by" => crate::interp::sa::select_more::filter_by(self, cx, args),
            "join" => self.join_on(cx, args, false),
            "outerjoin" => self.join_on(cx, args, true),
            "join_from" => crate::interp::sa::select_more::join_from(self, cx, args),
            "order_by" | "group_by" | "having" => (|| {
                let mut s = self.clone();
                for a in std::mem::take(&mut args.positional) {
                    if a.is_none() && name == "order_by" {
                        s.sel.order_by.clear();
                        continue;
                    }
                    let e = match &a {
                        Value::Str(t) if name != "having" => Expr::text(t),
                        _ if name == "having" => crate::interp::sa::expr::where_expr(cx, &a)?,
                        _ => to_expr(cx, &a)?,
                    };
                    s.sel = match name {
                        "order_by" => s.sel.order_by(e),
                        "group_by" => s.sel.group_by(e),
                        _ => s.sel.having(e),
                    };
                }
                Ok(s)
            })(),
            "limit" | "offset" => (|| {
                let mut s = self.clone();
                let n = optional_int(required(args, 0, name, name)?, name)?;
                let mut sel = std::mem::take(&mut s.sel);
                (sel.limit, sel.offset) = if name == "limit" { (None, sel.offset) } else { (sel.limit, None) };
                s.sel = match n {
                    Some(n) if name == "limit" => sel.limit(n),
                    Some(n) => sel.offset(n),
                    None => sel,
                };
                Ok(s)
            })(),
            "slice" => (|| {
                let start = optional_int(required(args, 0, "start", "slice")?, "slice")?;
                let stop = optional_int(required(args, 1, "stop", "slice")?, "slice")?;
                let mut s = self.clone();
                s.sel = s.sel.slice(start, stop).ok_or_else(|| Error::new(ErrorKind::NotImplementedError, "slice() of a statement whose OFFSET is a SQL expression"))?;
                Ok(s)
            })(),
            "distinct" => {
                let mut s = self.clone();
                s.sel = s.sel.distinct();
                Ok(s)
            }
            "select_from" => (|| {
                let mut s = self.clone();
                for a in std::mem::take(&mut args.positional) {
                    let (f, entity, _) = join_target(cx, &a)?;
                    // `_filter_by_zero`: the first FROM, unless a join came before
                    if let Some(e) = entity.clone().filter(|e| !s.filter_by_entities.contains(e)) {
                        s.filter_by_entities.push(e);
                    }
                    if s.sel.froms.is_empty() && s.sel.joins.is_empty() && entity.is_some() {
                        s.filter_by_target = entity;
                    }
                    s.sel = s.sel.select_from(f);
                }
                Ok(s)
            })(),
            "options" => (|| {
                let mut s = self.clone();
                for a in std::mem::take(&mut args.positional) {
                    match a.downcast::<crate::interp::sa::loader_options::LoaderOptionObj>() {
                        Some(o) => {
                            s.options.links.extend(o.links.iter().cloned());
                            if s.options.error.is_none() {
                                s.options.error = o.error.clone();
                            }
                        }
                        None => return Err(Error::new(ErrorKind::ArgumentError, format!("ExecutionOption Core or ORM object expected, got {}.", cx.repr(&a)?))),
                    }
                }
                Ok(s)
            })(),
            "add_columns" => (|| {
                let mut s = self.clone();
                for a in std::mem::take(&mut args.positional) {
                    s.items.extend(sel_items(cx, &a)?);
                }
                Ok(s)
            })(),
            "with_only_columns" => (|| {
                let mut s = self.clone();
                s.items.clear();
                for a in std::mem::take(&mut args.positional) {
                    s.items.extend(sel_items(cx, &a)?);
                }
                Ok(s)
            })(),
            "with_for_update" => (|| {
                for k in ["nowait", "read", "of", "skip_locked", "key_share"] {
                    crate::interp::sa::args::unsupported_kw(args, k, "with_for_update")?;
                }
                let mut s = self.clone();
                s.sel.for_update = true;
                Ok(s)
            })(),
            "set_label_style" => {
                let mut s = self.clone();
                s.sel = s.sel.label_style(LabelStyle::TablenamePlusCol);
                args.positional.clear();
                Ok(s)
            }
            "populate_existing" => {
                let mut s = self.clone();
                s.populate_existing = true;
                Ok(s)
            }
            "execution_options" => (|| {
                let mut s = self.clone();
                let kw = std::mem::take(&mut args.keywords);
                let eo = crate::interp::sa::query::ExecOpts::from_pairs(cx, kw, "execution_options")?;
                s.populate_existing |= eo.populate_existing;
                s.yield_per = eo.yield_per.or(s.yield_per);
                s.autoflush = eo.autoflush.or(s.autoflush);
                Ok(s)
            })(),
            "enable_eagerloads" => (|| {
                let v = required(args, 0, "value", name)?;
                if !cx.truthy(&v)? {
                    return Err(Error::new(ErrorKind::NotImplementedError, "ormsh does not implement enable_eagerloads(False)"));
                }
                Ok(self.clone())
            })(),
            "params" => (|| {
                let mut pairs = Vec::new();
                for a in std::mem::take(&mut args.positional) {
                    match &a {
                        Value::Dict(d) => {
                            for (k, v) in d.borrow().iter() {
                                if let Value::Str(k) = &k.0 {
                                    pairs.push((k.to_string(), v.clone()));
                                }
                            }
                        }
                        _ => return Err(type_error("params() takes a dict or keyword arguments")),
                    }
                }
                for (k, v) in std::mem::take(&mut args.keywords) {
                    pairs.push((k.to_string(), v));
                }
                let mut s = self.clone();
                s.sel = s.sel.with_text_binds(&sql_pairs(&pairs)?);
                Ok(s)
            })(),
            "correlate" => Err(Error::new(ErrorKind::NotImplementedError, format!("ormsh does not implement {}()", name))),
            _ => return None,
        };
        Some(r)
    }
}

impl Native for SelectObj {
    fn type_name(&self) -> String {
        if self.compound.is_some() { "CompoundSelect" } else { "Select" }.into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("<sqlalchemy.sql.selectable.{} object at 0x7f60>", self.type_name()))
    }
    fn str(&self, cx: &mut Interp) -> Result<String> {
        if let Some(st) = &self.from_statement {
            return cx.sa.compile_str(st);
        }
        let s = match self.orm_planned(cx)? {
            Some(s) => s,
            None => self.to_sql_select(cx)?,
        };
        cx.sa.compile_str(&crate::sql::expr::Statement::Select(s))
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        match name {
            "selected_columns" => crate::interp::sa::select_more::selected_columns(&self, cx).map(Some),
            _ => Ok(None),
        }
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        if let Some(r) = self.compound_method(cx, name, args) {
            return Some(r);
        }
        if let Some(r) = self.method(cx, name, args) {
            return Some(r.map(Value::native));
        }
        match name {
            "subquery" | "alias" => Some((|| {
                let sel = self.to_sql_select(cx)?;
                let n = match crate::interp::sa::args::arg(args, 0, "name") {
                    Some(Value::Str(s)) => Some(s.to_string()),
                    _ => None,
                };
                let keys = self.column_keys(cx)?;
                Ok(Value::native(crate::interp::sa::relationships::SubqueryObj::new(cx, sel, n.as_deref(), keys)))
            })()),
            "cte" => Some(self.to_sql_select(cx).and_then(|sel| Ok((sel, self.column_keys(cx)?))).and_then(|(sel, keys)| crate::interp::sa::relationships::SubqueryObj::cte(cx, sel, keys, args))),
            "scalar_subquery" | "as_scalar" => Some((|| {
                let sel = self.to_sql_select(cx)?;
                Ok(ExprObj::value(Expr::scalar_subquery(sel)))
            })()),
            "exists" => Some((|| {
                let sel = self.to_sql_select(cx)?;
                Ok(ExprObj::value(Expr::exists(sel)))
            })()),
            "label" => Some((|| {
                let n = required(args, 0, "name", "label")?;
                let sel = self.to_sql_select(cx)?;
                match n {
                    Value::Str(s) => Ok(Value::native(ExprObj { expr: Expr::scalar_subquery(sel).label(&s), attr: None, key: Some(s), negation: None })),
                    _ => Err(type_error("label() needs a string")),
                }
            })()),
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

/// An integer argument that may be None (`limit(None)`, `slice(2, None)`).
fn optional_int(v: Value, method: &str) -> Result<Option<i64>> {
    match v {
        Value::Int(n) => Ok(Some(n)),
        Value::None => Ok(None),
        _ => Err(type_error(format!("{}() takes an integer", method))),
    }
}
