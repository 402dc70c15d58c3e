//! Relationship attributes as Python objects: `User.addresses` on the class
//! (joins, `.any()`, `.has()`, loader options) and on instances (lazy-loaded
//! collections and references), plus `aliased()` and subqueries.

use crate::exc::{Error, ErrorKind, Result};
use crate::interp::sa::expr::{to_expr, ExprObj};
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::orm::mapping::{Direction, MapperId};
use crate::orm::state::{InstanceId, RelSlot};
use crate::sql::expr::{Expr, FromItem, Select, Subquery};
use std::any::Any;
use std::rc::Rc;

/// `User.addresses` on the class.
pub struct RelAttrObj {
    pub mapper: MapperId,
    pub ri: usize,
    /// Alias of the parent side (`aliased(User).addresses`).
    pub alias: Option<Rc<str>>,
    /// Alias of the target side (`User.addresses.of_type(aliased(Address))`).
    pub of_type: Option<Rc<str>>,
}

pub fn relationship_attr(cx: &mut Interp, mapper: MapperId, ri: usize) -> Value {
    let alias = cx.sa.current_alias.clone();
    Value::native(RelAttrObj { mapper, ri, alias, of_type: None })
}

impl RelAttrObj {
    pub fn describe(&self, cx: &mut Interp) -> String {
        match cx.sa.orm() {
            Ok(o) => {
                let m = o.registry.mapper(self.mapper);
                format!("{}.{}", m.class_name, m.relationships[self.ri].name)
            }
            Err(_) => "relationship".into(),
        }
    }

    fn col(&self, t: crate::sql::schema::TableId, alias: &Option<Rc<str>>, c: usize) -> Expr {
        match alias {
            Some(a) => Expr::aliased_col(t, a.clone(), c),
            None => Expr::col(t, c),
        }
    }

    /// The FROM items and ON clauses that join from the parent to the target
    /// (two for many-to-many), and the target entity.
    pub fn join_froms(&self, cx: &mut Interp) -> Result<(Vec<(FromItem, Expr)>, (MapperId, Option<Rc<str>>))> {
        let o = cx.sa.orm()?;
        let m = o.registry.mapper(self.mapper);
        let rel = &m.relationships[self.ri];
        let pt = m.table;
        let tt = o.registry.mapper(rel.target).table;
        let target_alias: Option<Rc<str>> = match &self.of_type {
            Some(a) => Some(a.clone()),
            None if rel.target == self.mapper => Some(Rc::from("%rel")),
            None => None,
        };
        let mut out = Vec::new();
        let sa: Option<Rc<str>> = Some(Rc::from("%sec"));
        let on = rel.join_clauses(
            &|c| self.col(pt, &self.alias, c),
            &|c| self.col(tt, &target_alias, c),
            &|c| rel.secondary.as_ref().map(|sec| self.col(sec.table, &sa, c)).unwrap_or(Expr::Null),
        );
        if let Some(sec) = &rel.secondary {
            out.push((FromItem::Table { table: sec.table, alias: sa.clone() }, Expr::and(on.primary)));
            out.push((FromItem::Table { table: tt, alias: target_alias.clone() }, Expr::and(on.secondary)));
        } else {
            out.push((FromItem::Table { table: tt, alias: target_alias.clone() }, Expr::and(on.primary)));
        }
        Ok((out, (rel.target, target_alias)))
    }

    /// `EXISTS (SELECT 1 FROM target WHERE <join> AND <criterion>)` for `.any()`/`.has()`.
    fn exists(&self, cx: &mut Interp, args: &mut Args) -> Result<Value> {
        let (joins, (target, target_alias)) = self.join_froms(cx)?;
        let mut sel = Select::new(vec![Expr::text("1")]);
        let (rel, pt, tt) = self.relationship(cx)?;
        match &rel.secondary {
            // `_criterion_exists`: FROM the target, the secondary itself (not
            // an alias, as a join has) named by the two join conditions
            Some(sec) => {
                sel = sel.select_from(FromItem::Table { table: tt, alias: target_alias.clone() });
                let on = rel.join_clauses(&|c| self.col(pt, &self.alias, c), &|c| self.col(tt, &target_alias, c), &|c| Expr::col(sec.table, c));
                for e in on.primary.into_iter().chain(on.secondary) {
                    sel = sel.where_(e);
                }
            }
            None => {
                for (f, on) in joins {
                    sel = sel.select_from(f).where_(on);
                }
            }
        }
        for a in std::mem::take(&mut args.positional) {
            sel = sel.where_(to_expr(cx, &a)?);
        }
        for (k, v) in std::mem::take(&mut args.keywords) {
            let o = cx.sa.orm()?;
            let tm = o.registry.mapper(target);
            let c = tm.column_index(&k).ok_or_else(|| Error::new(ErrorKind::InvalidRequestError, format!("Entity namespace has no property \"{}\"", k)))?;
            let t = tm.table;
            sel = sel.where_(Expr::col(t, c).eq(to_expr(cx, &v)?));
        }
        Ok(ExprObj::value(Expr::exists(sel)))
    }
}

impl Native for RelAttrObj {
    fn type_name(&self) -> String {
        "InstrumentedAttribute".into()
    }
    fn repr(&self, cx: &mut Interp) -> Result<String> {
        Ok(format!("<sqlalchemy.orm.attributes.InstrumentedAttribute object at 0x7f90> ({})", self.describe(cx)))
    }
    fn str(&self, cx: &mut Interp) -> Result<String> {
        Ok(self.describe(cx))
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(match name {
            "key" => {
                let o = cx.sa.orm()?;
                Some(Value::str(&o.registry.mapper(self.mapper).relationships[self.ri].name))
            }
            _ => None,
        })
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        match name {
            "any" | "has" => Some(self.exists(cx, args)),
            "contains" => Some(crate::interp::sa::args::required(args, 0, "other", "contains").and_then(|other| self.contains_expr(cx, &other))),
            "is_" | "is_not" | "isnot" => Some(Err(Error::new(
                ErrorKind::NotImplementedError,
                format!("{}() is not implemented for relationship attributes; compare with == None / != None", name),
            ))),
            "of_type" => Some((|| {
                let v = crate::interp::sa::args::required(args, 0, "class_", "of_type")?;
                let target = cx.sa.orm()?.registry.mapper(self.mapper).relationships[self.ri].target;
                let alias = match v.downcast::<AliasObj>() {
                    Some(a) if a.mapper == target => Some(a.name.clone()),
                    _ => match v.downcast::<crate::interp::sa::instance::ClassObj>() {
                        Some(c) if c.mapper == target => None,
                        _ => {
                            let cls = cx.sa.orm()?.registry.mapper(target).class_name.clone();
                            return Err(Error::new(ErrorKind::ArgumentError, format!("of_type() expects {} or an alias of it, got {}", cls, cx.repr(&v)?)));
                        }
                    },
                };
                Ok(Value::native(RelAttrObj { mapper: self.mapper, ri: self.ri, alias: self.alias.clone(), of_type: alias }))
            })()),
            _ => None,
        }
    }
    /// `Address.user == u`, `!= u`, `== None`, `!= None`: SQLAlchemy's
    /// `RelationshipProperty.Comparator.__eq__` / `__ne__`.
    fn compare(self: Rc<Self>, cx: &mut Interp, op: crate::syntax::ast::CmpOp, other: &Value, _reflected: bool) -> Option<Result<Value>> {
        use crate::syntax::ast::CmpOp;
        match op {
            CmpOp::Eq | CmpOp::NotEq => Some(self.equals(cx, other, op == CmpOp::NotEq)),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The value of column `c` of instance `id` for a comparison's bind, as
/// SQLAlchemy's `_get_state_attr_by_column` finds it. SQLAlchemy reads it
/// when the statement runs (after the autoflush); ormsh reads it when the
/// expression is built, which is the same value unless the object is pending
/// with no value yet: that case is refused rather than answered wrongly
/// (docs/divergences.md).
fn instance_column(cx: &mut Interp, id: InstanceId, c: usize) -> Result<crate::sql::value::Value> {
    let (unset, in_session, column, label) = {
        let o = cx.sa.orm()?;
        let st = o.instances.get(id);
        let m = o.registry.mapper(st.mapper());
        let table = o.registry.metadata.table(m.table);
        let column = format!("{}.{}", table.name, table.columns[c].name);
        (st.key().is_none() && st.dict()[c].is_absent(), st.session().is_some(), column, m.class_name.clone())
    };
    if unset && in_session {
        return Err(Error::new(
            ErrorKind::NotImplementedError,
            format!("comparing with a pending {} whose {} is not known before the flush: session.flush() first", label, column),
        ));
    }
    if unset {
        return Err(Error::new(
            ErrorKind::StatementError,
            format!("(sqlalchemy.exc.InvalidRequestError) Can't resolve value for column {} on object <{}>; no value has been set for this column", column, label),
        ));
    }
    Ok(match cx.sa.orm_mut()?.get_column(id, c)? {
        crate::orm::attributes::AttrRead::Value(v) => v,
        crate::orm::attributes::AttrRead::Sql(_) => crate::sql::value::Value::Null,
    })
}

impl RelAttrObj {
    fn relationship(&self, cx: &mut Interp) -> Result<(crate::orm::mapping::Relationship, crate::sql::schema::TableId, crate::sql::schema::TableId)> {
        let o = cx.sa.orm()?;
        let m = o.registry.mapper(self.mapper);
        let rel = m.relationships[self.ri].clone();
        let tt = o.registry.mapper(rel.target).table;
        Ok((rel, m.table, tt))
    }

    /// The instance `other` names, checked to be of the relationship's target.
    fn target_instance(&self, cx: &mut Interp, other: &Value, target: MapperId) -> Result<InstanceId> {
        let Some(i) = other.downcast::<crate::interp::sa::instance::InstanceObj>() else {
            return Err(Error::new(ErrorKind::ArgumentError, format!("Mapped instance expected for relationship comparison to object.   Classes, queries and other SQL elements are not accepted in this context; for comparison with a subquery, use {}.has(**criteria).", self.describe(cx))));
        };
        let m = cx.sa.orm()?.instances.get(i.id).mapper();
        if m != target {
            let o = cx.sa.orm()?;
            return Err(Error::new(ErrorKind::ArgumentError, format!("Mapped instance of {} expected, got {}", o.registry.mapper(target).class_name, o.registry.mapper(m).class_name)));
        }
        Ok(i.id)
    }

    fn equals(&self, cx: &mut Interp, other: &Value, negate: bool) -> Result<Value> {
        let (rel, pt, _tt) = self.relationship(cx)?;
        if rel.uselist {
            if !other.is_none() {
                return Err(Error::new(ErrorKind::InvalidRequestError, "Can't compare a collection to an object or collection; use contains() to test for membership."));
            }
            // `User.addresses == None`: NOT EXISTS (...); `!= None`: EXISTS (...)
            let ex = self.exists(cx, &mut Args::default())?;
            let e = crate::interp::sa::expr::to_expr(cx, &ex)?;
            return Ok(ExprObj::value(if negate { e } else { Expr::Unary { op: crate::sql::expr::UnaryOp::Not, expr: Box::new(e) } }));
        }
        let locals: Vec<(usize, usize)> = match (&rel.secondary, rel.direction) {
            (None, Direction::ManyToOne) => rel.local_remote_pairs.clone(),
            _ => {
                return Err(Error::new(
                    ErrorKind::NotImplementedError,
                    format!("comparison of the one-to-one {} with an object (SQLAlchemy: EXISTS on the reverse side)", self.describe(cx)),
                ))
            }
        };
        let parts: Vec<Expr> = if other.is_none() {
            locals
                .iter()
                .map(|(lc, _)| {
                    let col = self.col(pt, &self.alias, *lc);
                    let op = if negate { crate::sql::expr::BinOp::IsNot } else { crate::sql::expr::BinOp::Is };
                    Expr::Binary { op, left: Box::new(col), right: Box::new(Expr::Null) }
                })
                .collect()
        } else {
            let id = self.target_instance(cx, other, rel.target)?;
            let mut parts = Vec::new();
            for (lc, rc) in &locals {
                let v = instance_column(cx, id, *rc)?;
                let col = self.col(pt, &self.alias, *lc);
                parts.push(if negate {
                    // `_negated_contains_or_equals`: x != ? OR x IS NULL
                    Expr::or(vec![col.clone().ne(Expr::bind(v)), Expr::Binary { op: crate::sql::expr::BinOp::Is, left: Box::new(col), right: Box::new(Expr::Null) }])
                } else {
                    Expr::Binary { op: crate::sql::expr::BinOp::Eq, left: Box::new(Expr::bind(v)), right: Box::new(col) }
                });
            }
            parts
        };
        Ok(ExprObj::value(if parts.len() == 1 { parts.into_iter().next().unwrap_or(Expr::True) } else { Expr::and(parts) }))
    }

    /// `User.addresses.contains(a)`: one-to-many `users.id = ?` (the child's
    /// foreign key value); many-to-many `posts.id = post_tags_1.post_id AND
    /// ? = post_tags_1.tag_id` through an anonymous alias of the secondary.
    fn contains_expr(&self, cx: &mut Interp, other: &Value) -> Result<Value> {
        let (rel, pt, _tt) = self.relationship(cx)?;
        if !rel.uselist {
            return Err(Error::new(ErrorKind::InvalidRequestError, "'contains' not implemented for scalar attributes.  Use =="));
        }
        let id = self.target_instance(cx, other, rel.target)?;
        let mut negation = None;
        let mut sa: Option<Rc<str>> = None;
        match &rel.secondary {
            Some(_) => {
                // `~contains()`: NOT EXISTS over the target's primary key (`__negated_contains_or_equals`)
                let mut crit = Args::default();
                let pk: Vec<usize> = cx.sa.orm()?.registry.metadata.table(_tt).primary_key.clone();
                let mut pk_parts = Vec::new();
                for c in pk {
                    let v = instance_column(cx, id, c)?;
                    pk_parts.push(Expr::col(_tt, c).eq(Expr::bind(v)));
                }
                crit.positional.push(ExprObj::value(Expr::and(pk_parts)));
                let ex = self.exists(cx, &mut crit)?;
                negation = Some(Rc::new(to_expr(cx, &ex)?.not()));
                cx.sa.alias_counter += 1;
                sa = Some(Rc::from(format!("%{}", cx.sa.alias_counter).as_str()));
            }
            None => {}
        }
        // the child's values of the join columns (its side binds)
        let target_cols: Vec<usize> = match &rel.secondary {
            Some(sec) => sec.remote_pairs.iter().map(|p| p.0).collect(),
            None => rel.local_remote_pairs.iter().map(|p| p.1).collect(),
        };
        let mut vals = Vec::with_capacity(target_cols.len());
        for c in target_cols {
            vals.push((c, instance_column(cx, id, c)?));
        }
        let on = rel.join_clauses(
            &|c| self.col(pt, &self.alias, c),
            &|c| Expr::bind(vals.iter().find(|(vc, _)| *vc == c).map(|(_, v)| v.clone()).unwrap_or(crate::sql::value::Value::Null)),
            &|c| rel.secondary.as_ref().map(|sec| self.col(sec.table, &sa, c)).unwrap_or(Expr::Null),
        );
        let parts: Vec<Expr> = on.primary.into_iter().chain(on.secondary).collect();
        let expr = if parts.len() == 1 { parts.into_iter().next().unwrap_or(Expr::True) } else { Expr::and(parts) };
        Ok(Value::native(ExprObj { expr, attr: None, key: None, negation }))
    }
}

/// `u.addresses` / `a.user` on an instance: a live collection object, or the
/// referenced instance (lazy-loading it).
pub fn get_relationship(cx: &mut Interp, id: InstanceId, ri: usize) -> Result<Value> {
    let uselist = {
        let o = cx.sa.orm()?;
        o.registry.mapper(o.instances.get(id).mapper()).relationships[ri].uselist
    };
    let slot = cx.sa.orm_mut()?.get_relationship(id, ri)?;
    Ok(match slot {
        _ if uselist => {
            let owner = cx.sa.instance_value(id);
            Value::native(crate::interp::sa::collection::CollectionObj { id, ri, _owner: owner })
        }
        RelSlot::Absent | RelSlot::Scalar(None) => Value::None,
        RelSlot::Scalar(Some(x)) => cx.sa.instance_value(x),
        RelSlot::Collection(ids) => match ids.first() {
            Some(x) => cx.sa.instance_value(*x),
            None => Value::None,
        },
    })
}

/// `u.addresses = [...]` / `a.user = u`.
pub fn set_relationship(cx: &mut Interp, id: InstanceId, ri: usize, value: Value) -> Result<()> {
    let uselist = {
        let o = cx.sa.orm()?;
        o.registry.mapper(o.instances.get(id).mapper()).relationships[ri].uselist
    };
    if uselist {
        // `p.tags = p.tags`: the same collection object, nothing happens (`CollectionAttributeImpl.set`:
        // `old is orig_iterable`)
        if value.downcast::<crate::interp::sa::collection::CollectionObj>().is_some_and(|c| c.id == id && c.ri == ri) {
            return Ok(());
        }
        let items = cx.iterate(&value)?;
        let ids = crate::interp::sa::collection::members(cx, id, ri, &items)?;
        return cx.sa.orm_mut()?.collection_replace_members(id, ri, ids, crate::orm::collections::Op::BulkReplace);
    }
    let target = match &value {
        Value::None => None,
        v => crate::interp::sa::collection::member_ids(cx, id, ri, std::slice::from_ref(v))?.into_iter().next(),
    };
    cx.sa.orm_mut()?.scalar_assign(id, ri, target)
}

/// `inspect(obj).attrs.rel.history`: collections as lists; a reference's empty
/// parts as `()` as SQLAlchemy shows them.
pub fn relationship_history(cx: &mut Interp, id: InstanceId, name: &str) -> Result<Value> {
    let (ri, uselist, loaded) = {
        let o = cx.sa.orm()?;
        let st = o.instances.get(id);
        let m = o.registry.mapper(st.mapper());
        let (ri, rel) = m.relationship(name).ok_or_else(|| Error::new(ErrorKind::AttributeError, name.to_string()))?;
        (ri, rel.uselist, st.rels()[ri] != RelSlot::Absent)
    };
    // a reference with deferred history loads its old value now (`get_history`)
    let h = cx.sa.orm_mut()?.rel_history_loading(id, ri)?;
    let conv = |cx: &mut Interp, v: Vec<InstanceId>, list: bool| -> Value {
        if v.is_empty() && !list {
            Value::tuple(Vec::new())
        } else {
            Value::list(v.into_iter().map(|x| cx.sa.instance_value(x)).collect())
        }
    };
    let list = uselist && loaded;
    if list && h.nones != [0, 0, 0] {
        // Nones in a collection: in their places among the members (`History.from_collection`)
        let cur = cx.sa.orm_mut()?.collection_members(id, ri)?;
        let val = |cx: &mut Interp, x: Option<InstanceId>| x.map(|x| cx.sa.instance_value(x)).unwrap_or(Value::None);
        let (mut added, mut unchanged) = (Vec::new(), Vec::new());
        for x in cur {
            let is_added = match x {
                Some(x) => h.added.contains(&x),
                None => h.nones[0] > 0,
            };
            let v = val(cx, x);
            if is_added { added.push(v) } else { unchanged.push(v) }
        }
        let mut deleted: Vec<Value> = h.deleted.iter().map(|&x| cx.sa.instance_value(x)).collect();
        deleted.extend((0..h.nones[2]).map(|_| Value::None));
        let (added, unchanged, deleted) = (Value::list(added), Value::list(unchanged), Value::list(deleted));
        return Ok(Value::native(crate::interp::sa::inspect::HistoryObj { added, unchanged, deleted }));
    }
    let none_list = || Value::list(vec![Value::None]);
    let added = if h.added_none && !uselist { none_list() } else { conv(cx, h.added, list) };
    let unchanged = if h.unchanged_none && !uselist { none_list() } else { conv(cx, h.unchanged, list) };
    let deleted = conv(cx, h.deleted, list);
    Ok(Value::native(crate::interp::sa::inspect::HistoryObj { added, unchanged, deleted }))
}

/// `with_parent(instance, User.addresses)`: the lazy loader's criterion for
/// that instance (`? = addresses.user_id`), to use in `where()`.
pub fn with_parent(cx: &mut Interp, args: &mut Args) -> Result<Value> {
    let inst = crate::interp::sa::args::required(args, 0, "instance", "with_parent")?;
    let prop = crate::interp::sa::args::required(args, 1, "prop", "with_parent")?;
    let Some(r) = prop.downcast::<RelAttrObj>() else {
        return Err(Error::new(ErrorKind::ArgumentError, format!("Expected relationship property for with_parent(), got {}", cx.repr(&prop)?)));
    };
    let Some(i) = inst.downcast::<crate::interp::sa::instance::InstanceObj>() else {
        return Err(Error::new(ErrorKind::ArgumentError, format!("Expected a mapped instance for with_parent(), got {}", cx.repr(&inst)?)));
    };
    let (mapper, ri, id) = (r.mapper, r.ri, i.id);
    let (rel, tt) = {
        let o = cx.sa.orm()?;
        let rel = o.registry.mapper(mapper).relationships[ri].clone();
        let tt = o.registry.mapper(rel.target).table;
        (rel, tt)
    };
    let mut value_of = |c: usize| -> Result<crate::sql::value::Value> {
        match cx.sa.orm_mut()?.get_column(id, c)? {
            crate::orm::attributes::AttrRead::Value(v) => Ok(v),
            crate::orm::attributes::AttrRead::Sql(_) => Ok(crate::sql::value::Value::Null),
        }
    };
    // the instance's values of the join columns (its side binds)
    let parent_cols: Vec<usize> = match &rel.secondary {
        Some(sec) => sec.local_pairs.iter().map(|p| p.0).collect(),
        None => rel.local_remote_pairs.iter().map(|p| p.0).collect(),
    };
    let mut vals = Vec::with_capacity(parent_cols.len());
    for c in parent_cols {
        vals.push((c, value_of(c)?));
    }
    let on = rel.join_clauses(
        &|c| Expr::bind(vals.iter().find(|(vc, _)| *vc == c).map(|(_, v)| v.clone()).unwrap_or(crate::sql::value::Value::Null)),
        &|c| Expr::col(tt, c),
        &|c| rel.secondary.as_ref().map(|sec| Expr::col(sec.table, c)).unwrap_or(Expr::Null),
    );
    let mut parts: Vec<Expr> = on.primary.into_iter().chain(on.secondary).collect();
    Ok(ExprObj::value(if parts.len() == 1 { parts.remove(0) } else { Expr::and(parts) }))
}

/// `aliased(User)`: an alias of a mapped class.
pub struct AliasObj {
    pub mapper: MapperId,
    pub name: Rc<str>,
}
impl Native for AliasObj {
    fn type_name(&self) -> String {
        "AliasedClass".into()
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        let class = cx.sa.class_value(self.mapper);
        let prev = cx.sa.current_alias.replace(self.name.clone());
        let r = match &class {
            Value::Native(n) => n.clone().get_attr(cx, name),
            _ => Ok(None),
        };
        cx.sa.current_alias = prev;
        r
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `aliased(User, name="u2")`.
pub fn aliased(cx: &mut Interp, args: &mut Args) -> Result<Value> {
    let v = crate::interp::sa::args::required(args, 0, "element", "aliased")?;
    let name = match crate::interp::sa::args::arg(args, 1, "name") {
        Some(Value::Str(s)) => s,
        Some(Value::None) | None => {
            cx.sa.alias_counter += 1;
            Rc::from(format!("%{}", cx.sa.alias_counter).as_str())
        }
        Some(_) => return Err(Error::new(ErrorKind::NotImplementedError, "ormsh does not implement aliased() of an entity over a subquery or other selectable")),
    };
    let mapper = crate::interp::sa::args::mapper_arg(&v)?;
    Ok(Value::native(AliasObj { mapper, name }))
}

/// `stmt.subquery()`: usable in `select()`, `select_from()`, joins, and `.c.col`.
pub struct SubqueryObj {
    pub sq: Rc<Subquery>,
    /// The `.c` keys of its columns, in order (SQLAlchemy's column keys).
    pub keys: Vec<Rc<str>>,
}
impl SubqueryObj {
    pub fn new(_cx: &mut Interp, sel: Select, name: Option<&str>, keys: Vec<Rc<str>>) -> SubqueryObj {
        SubqueryObj { sq: sel.subquery(name), keys }
    }
    /// `stmt.cte(name=None, recursive=False)`: a common table expression,
    /// used as a subquery is; the compiler writes it in the WITH clause.
    pub fn cte(cx: &mut Interp, sel: Select, keys: Vec<Rc<str>>, args: &mut Args) -> Result<Value> {
        if crate::interp::sa::args::arg(args, 1, "recursive").is_some_and(|v| cx.truthy(&v).unwrap_or(true)) {
            return Err(Error::new(ErrorKind::NotImplementedError, "cte(recursive=True) is not supported by ormsh"));
        }
        let name = match crate::interp::sa::args::arg(args, 0, "name") {
            Some(Value::Str(s)) => Some(s),
            _ => None,
        };
        Ok(Value::native(SubqueryObj { sq: sel.cte(name.as_deref()), keys }))
    }
    /// Column `i` as an expression object keyed by its name.
    pub fn column(&self, i: usize) -> Value {
        Value::native(crate::interp::sa::expr::ExprObj { expr: Expr::SubqueryColumn(self.sq.clone(), i), attr: None, key: self.keys.get(i).cloned(), negation: None })
    }
}

/// `subq.c`: the subquery's columns by key.
pub struct SubqueryColumnsObj(Rc<SubqueryObj>);
impl Native for SubqueryColumnsObj {
    fn type_name(&self) -> String {
        "ReadOnlyColumnCollection".into()
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(self.0.keys.iter().position(|k| &**k == name).map(|i| self.0.column(i)))
    }
    fn getitem(self: Rc<Self>, cx: &mut Interp, key: &Value) -> Option<Result<Value>> {
        Some(match key {
            Value::Str(s) => match self.0.keys.iter().position(|k| **k == **s) {
                Some(i) => Ok(self.0.column(i)),
                None => Err(Error::new(ErrorKind::KeyError, cx.repr(key).unwrap_or_default())),
            },
            Value::Int(n) if *n >= 0 && (*n as usize) < self.0.keys.len() => Ok(self.0.column(*n as usize)),
            _ => Err(Error::new(ErrorKind::IndexError, "tuple index out of range")),
        })
    }
    fn call_method(self: Rc<Self>, _cx: &mut Interp, name: &str, _args: &mut Args) -> Option<Result<Value>> {
        let keys = || self.0.keys.iter().map(|k| Value::Str(k.clone())).collect::<Vec<_>>();
        match name {
            "keys" => Some(Ok(Value::list(keys()))),
            "values" => Some(Ok(Value::list((0..self.0.keys.len()).map(|i| self.0.column(i)).collect()))),
            "items" => Some(Ok(Value::list(keys().into_iter().enumerate().map(|(i, k)| Value::tuple(vec![k, self.0.column(i)])).collect()))),
            _ => None,
        }
    }
    fn len(&self, _cx: &mut Interp) -> Option<Result<usize>> {
        Some(Ok(self.0.keys.len()))
    }
    fn iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some(Ok((0..self.0.keys.len()).map(|i| self.0.column(i)).collect()))
    }
    fn contains(self: Rc<Self>, _cx: &mut Interp, item: &Value) -> Option<Result<bool>> {
        Some(Ok(matches!(item, Value::Str(s) if self.0.keys.iter().any(|k| k == s))))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Native for SubqueryObj {
    fn type_name(&self) -> String {
        if self.sq.cte { "CTE" } else { "Subquery" }.into()
    }
    /// `str(subq)`: the SELECT inside (`Subquery` compiles as its element when alone).
    fn str(&self, cx: &mut Interp) -> Result<String> {
        cx.sa.compile_str(&crate::sql::expr::Statement::Select(self.sq.select.clone()))
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(match name {
            "c" | "columns" => Some(Value::native(SubqueryColumnsObj(self.clone()))),
            _ => None,
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}



