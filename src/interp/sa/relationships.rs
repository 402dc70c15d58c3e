//! Relationship attributes as Python objects: `User.addresses` on the class
//! (joins, `.any()`, `.has()`, loader options) and on instances (lazy-loaded
//! collections and references), plus `aliased()` and subqueries.

use crate::exc::{Error, ErrorKind, Result};
use crate::interp::sa::expr::{to_expr, ExprObj};
use crate::interp::sa::select::{LoaderOption, SelectObj};
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::orm::mapping::{Direction, MapperId};
use crate::orm::state::{InstanceId, RelSlot, SessionId};
use crate::sql::expr::{Expr, FromItem, Select, Subquery};
use std::any::Any;
use std::rc::Rc;

/// `User.addresses` on the class.
pub struct RelAttrObj {
    pub mapper: MapperId,
    pub ri: usize,
    /// Alias of the parent side (`aliased(User).addresses`).
    pub alias: Option<Rc<str>>,
}

pub fn relationship_attr(cx: &mut Interp, mapper: MapperId, ri: usize) -> Value {
    let alias = cx.sa.current_alias.clone();
    Value::native(RelAttrObj { mapper, ri, alias })
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
        let target_alias: Option<Rc<str>> = if rel.target == self.mapper { Some(Rc::from("%rel")) } else { None };
        let mut out = Vec::new();
        match &rel.secondary {
            Some(sec) => {
                let sa: Option<Rc<str>> = Some(Rc::from("%sec"));
                let on1 = Expr::and(sec.local_pairs.iter().map(|(pc, sc)| self.col(pt, &self.alias, *pc).eq(self.col(sec.table, &sa, *sc))).collect());
                out.push((FromItem::Table { table: sec.table, alias: sa.clone() }, on1));
                let on2 = Expr::and(sec.remote_pairs.iter().map(|(tc, sc)| self.col(tt, &target_alias, *tc).eq(self.col(sec.table, &sa, *sc))).collect());
                out.push((FromItem::Table { table: tt, alias: target_alias.clone() }, on2));
            }
            None => {
                let on = Expr::and(
                    rel.local_remote_pairs
                        .iter()
                        .map(|(lc, rc)| match rel.direction {
                            Direction::ManyToOne => self.col(tt, &target_alias, *rc).eq(self.col(pt, &self.alias, *lc)),
                            _ => self.col(pt, &self.alias, *lc).eq(self.col(tt, &target_alias, *rc)),
                        })
                        .collect(),
                );
                out.push((FromItem::Table { table: tt, alias: target_alias.clone() }, on));
            }
        }
        Ok((out, (rel.target, target_alias)))
    }

    /// `EXISTS (SELECT 1 FROM target WHERE <join> AND <criterion>)` for `.any()`/`.has()`.
    fn exists(&self, cx: &mut Interp, args: &mut Args) -> Result<Value> {
        let (joins, (target, _)) = self.join_froms(cx)?;
        let mut sel = Select::new(vec![Expr::text("1")]);
        let o = cx.sa.orm()?;
        let tt = o.registry.mapper(target).table;
        let _ = tt;
        for (f, on) in joins {
            sel = sel.select_from(f).where_(on);
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
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `u.addresses` / `a.user` on an instance: a live collection object, or the
/// referenced instance (lazy-loading it).
pub fn get_relationship(cx: &mut Interp, id: InstanceId, ri: usize) -> Result<Value> {
    let uselist = {
        let o = cx.sa.orm()?;
        o.registry.mapper(o.instances.get(id).mapper).relationships[ri].uselist
    };
    let slot = cx.sa.orm_mut()?.get_relationship(id, ri)?;
    Ok(match slot {
        _ if uselist => Value::native(crate::interp::sa::collection::CollectionObj { id, ri }),
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
        o.registry.mapper(o.instances.get(id).mapper).relationships[ri].uselist
    };
    if uselist {
        let items = cx.iterate(&value)?;
        let ids = crate::interp::sa::collection::member_ids(cx, id, ri, &items)?;
        return cx.sa.orm_mut()?.collection_replace(id, ri, ids, crate::orm::collections::Op::BulkReplace);
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
        let m = o.registry.mapper(st.mapper);
        let (ri, rel) = m.relationship(name).ok_or_else(|| Error::new(ErrorKind::AttributeError, name.to_string()))?;
        (ri, rel.uselist, st.rels[ri] != RelSlot::Absent)
    };
    let h = cx.sa.orm()?.rel_history(id, ri);
    let conv = |cx: &mut Interp, v: Vec<InstanceId>, list: bool| -> Value {
        if v.is_empty() && !list {
            Value::tuple(Vec::new())
        } else {
            Value::list(v.into_iter().map(|x| cx.sa.instance_value(x)).collect())
        }
    };
    let list = uselist && loaded;
    let added = conv(cx, h.added, list);
    let unchanged = conv(cx, h.unchanged, list);
    let deleted = conv(cx, h.deleted, list);
    Ok(Value::native(crate::interp::sa::inspect::HistoryObj { added, unchanged, deleted }))
}

/// The relationships to load eagerly for the entities of a query: the
/// options' `selectinload` and the mapping's `lazy="selectin"` (joined eager
/// loads are part of the statement, see [`joined_eager_plan`]); `noload`
/// leaves collections empty.
pub fn apply_loader_options(cx: &mut Interp, sid: SessionId, s: &SelectObj, loaded: &[InstanceId]) -> Result<()> {
    if loaded.is_empty() {
        return Ok(());
    }
    let mappers: Vec<MapperId> = {
        let o = cx.sa.orm()?;
        let mut v: Vec<MapperId> = Vec::new();
        for id in loaded {
            let m = o.instances.get(*id).mapper;
            if !v.contains(&m) {
                v.push(m);
            }
        }
        v
    };
    // options first, in order, one path element at a time
    for opt in &s.options {
        let mut parents: Vec<InstanceId> = loaded.to_vec();
        for (k, &(m, ri)) in opt.path.iter().enumerate() {
            if ri > u16::MAX as usize {
                break;
            }
            let last = k + 1 == opt.path.len();
            let kind: &str = if last { &opt.kind } else { "selectinload" };
            let these: Vec<InstanceId> = {
                let o = cx.sa.orm()?;
                parents.iter().copied().filter(|p| o.instances.get(*p).mapper == m).collect()
            };
            let children = match kind {
                "selectinload" | "joinedload" | "subqueryload" | "immediateload" => cx.sa.orm_mut()?.selectin_load(sid, m, ri, &these)?,
                "noload" => {
                    let o = cx.sa.orm_mut()?;
                    let uselist = o.registry.mapper(m).relationships[ri].uselist;
                    for p in &these {
                        let st = o.instances.get_mut(*p);
                        if st.rels[ri] == RelSlot::Absent {
                            st.rels[ri] = if uselist { RelSlot::Collection(Vec::new()) } else { RelSlot::Scalar(None) };
                        }
                    }
                    Vec::new()
                }
                _ => Vec::new(),
            };
            parents = children;
        }
    }
    // the mapping's lazy="selectin"
    for m in mappers {
        let rels: Vec<usize> = {
            let o = cx.sa.orm()?;
            o.registry
                .mapper(m)
                .relationships
                .iter()
                .enumerate()
                .filter(|(_, r)| r.lazy == crate::orm::mapping::Lazy::Selectin)
                .map(|(i, _)| i)
                .filter(|i| !s.options.iter().any(|op| op.path.first() == Some(&(m, *i))))
                .collect()
        };
        for ri in rels {
            let these: Vec<InstanceId> = {
                let o = cx.sa.orm()?;
                loaded.iter().copied().filter(|p| o.instances.get(*p).mapper == m).collect()
            };
            cx.sa.orm_mut()?.selectin_load(sid, m, ri, &these)?;
        }
    }
    Ok(())
}

/// One relationship loaded with `LEFT OUTER JOIN` in a query.
pub struct JoinedEager {
    /// Index of the parent entity among the query's items.
    pub item: usize,
    pub mapper: MapperId,
    pub ri: usize,
    pub target: MapperId,
    pub ncols: usize,
}

/// The joined eager loads of a query (`joinedload()` options on a first path
/// element, and the mapping's `lazy="joined"`), added to `sel` as
/// `LEFT OUTER JOIN target AS target_1 ON …` with the target's columns
/// appended; returns what the row reader needs.
pub fn joined_eager_plan(cx: &mut Interp, s: &SelectObj, sel: &mut Select) -> Result<Vec<JoinedEager>> {
    let mut plan = Vec::new();
    for (item, it) in s.items.iter().enumerate() {
        let crate::interp::sa::select::SelItem::Entity { mapper, alias } = it else { continue };
        let m = *mapper;
        let nrels = cx.sa.orm()?.registry.mapper(m).relationships.len();
        for ri in 0..nrels {
            let by_option = s.options.iter().rev().find(|o| o.path.first() == Some(&(m, ri))).map(|o| o.kind.clone());
            let joined = match by_option.as_deref() {
                Some("joinedload") => true,
                Some(_) => false,
                None => cx.sa.orm()?.registry.mapper(m).relationships[ri].lazy == crate::orm::mapping::Lazy::Joined,
            };
            if !joined {
                continue;
            }
            let o = cx.sa.orm()?;
            let rel = o.registry.mapper(m).relationships[ri].clone();
            if rel.secondary.is_some() {
                continue;
            }
            let pt = o.registry.mapper(m).table;
            let tt = o.registry.mapper(rel.target).table;
            let ncols = o.registry.mapper(rel.target).columns.len();
            let ta: Rc<str> = Rc::from(format!("%eager{}_{}", item, ri).as_str());
            let pcol = |c: usize| match alias {
                Some(a) => Expr::aliased_col(pt, a.clone(), c),
                None => Expr::col(pt, c),
            };
            let on = Expr::and(
                rel.local_remote_pairs
                    .iter()
                    .map(|(lc, rc)| match rel.direction {
                        Direction::ManyToOne => Expr::aliased_col(tt, ta.clone(), *rc).eq(pcol(*lc)),
                        _ => pcol(*lc).eq(Expr::aliased_col(tt, ta.clone(), *rc)),
                    })
                    .collect(),
            );
            sel.joins.push(crate::sql::expr::JoinSpec { target: FromItem::alias(tt, ta.clone()), on, outer: true });
            for c in 0..ncols {
                sel.columns.push(Expr::aliased_col(tt, ta.clone(), c));
            }
            if rel.uselist {
                for ob in &rel.order_by {
                    let e = Expr::aliased_col(tt, ta.clone(), ob.column);
                    sel.order_by.push(if ob.descending { e.desc() } else { e });
                }
            }
            plan.push(JoinedEager { item, mapper: m, ri, target: rel.target, ncols });
        }
    }
    Ok(plan)
}

/// Read the joined columns of one row (starting at `offset`) into the
/// relationships of the row's entities. `seen` remembers which (parent,
/// relationship) this result populated, so a collection spread over several
/// rows is built once and a relationship loaded before is left alone.
pub fn populate_joined(
    cx: &mut Interp,
    sid: SessionId,
    plan: &[JoinedEager],
    row: &[crate::sql::value::Value],
    mut offset: usize,
    row_ids: &[Option<InstanceId>],
    seen: &mut std::collections::HashMap<(InstanceId, usize), bool>,
) -> Result<()> {
    for j in plan {
        let parent = row_ids.get(j.item).copied().flatten();
        let pk_null = {
            let o = cx.sa.orm()?;
            let t = o.registry.metadata.table(o.registry.mapper(j.target).table);
            t.primary_key.iter().all(|&p| row.get(offset + p).map(|v| v.is_null()).unwrap_or(true))
        };
        let child = if pk_null {
            None
        } else {
            let cols: Vec<usize> = (0..j.ncols).collect();
            Some(cx.sa.orm_mut()?.instance_from_row(sid, j.target, &cols, row, offset)?)
        };
        offset += j.ncols;
        let Some(p) = parent else { continue };
        let o = cx.sa.orm_mut()?;
        match seen.get(&(p, j.ri)) {
            None => {
                let ours = o.instances.get(p).rels[j.ri] == RelSlot::Absent;
                if ours {
                    o.joined_populate(p, j.ri, child, true);
                }
                seen.insert((p, j.ri), ours);
            }
            Some(true) => o.joined_populate(p, j.ri, child, false),
            Some(false) => {}
        }
    }
    Ok(())
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
    let bind_eq = |v: crate::sql::value::Value, col: Expr| Expr::Binary { op: crate::sql::expr::BinOp::Eq, left: Box::new(Expr::bind(v)), right: Box::new(col) };
    let mut parts = Vec::new();
    match &rel.secondary {
        Some(sec) => {
            for (pc, sc) in &sec.local_pairs {
                parts.push(bind_eq(value_of(*pc)?, Expr::col(sec.table, *sc)));
            }
            for (tc, sc) in &sec.remote_pairs {
                parts.push(Expr::col(tt, *tc).eq(Expr::col(sec.table, *sc)));
            }
        }
        None => {
            for (lc, rc) in &rel.local_remote_pairs {
                let v = value_of(*lc)?;
                parts.push(match rel.direction {
                    Direction::ManyToOne => Expr::col(tt, *rc).eq(Expr::bind(v)),
                    _ => bind_eq(v, Expr::col(tt, *rc)),
                });
            }
        }
    }
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
        _ => {
            cx.sa.alias_counter += 1;
            Rc::from(format!("%{}", cx.sa.alias_counter).as_str())
        }
    };
    let mapper = crate::interp::sa::args::mapper_arg(&v)?;
    Ok(Value::native(AliasObj { mapper, name }))
}

/// `stmt.subquery()`: usable in `select()`, joins, and `.c.col`.
pub struct SubqueryObj {
    pub sq: Rc<Subquery>,
}
impl SubqueryObj {
    pub fn new(_cx: &mut Interp, sel: Select, name: Option<&str>) -> SubqueryObj {
        SubqueryObj { sq: sel.subquery(name) }
    }
}
impl Native for SubqueryObj {
    fn type_name(&self) -> String {
        "Subquery".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A loader option value (`joinedload(User.addresses)`).
pub struct LoaderOptionObj {
    pub opt: LoaderOption,
}
impl Native for LoaderOptionObj {
    fn type_name(&self) -> String {
        "_AbstractLoad".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `joinedload(User.addresses)` and friends.
pub fn loader_option(cx: &mut Interp, kind: &str, args: &mut Args) -> Result<Value> {
    let mut path = Vec::new();
    for a in std::mem::take(&mut args.positional) {
        if let Some(r) = a.downcast::<RelAttrObj>() {
            path.push((r.mapper, r.ri));
        } else if let Some(e) = a.downcast::<ExprObj>() {
            if let Some((m, c)) = e.attr {
                path.push((m, usize::MAX - c));
            }
        } else if let Value::Str(_) = a {
            return Err(Error::new(ErrorKind::ArgumentError, "Strings are not accepted for attribute names in loader options; please use class-bound attributes directly."));
        } else {
            return Err(Error::new(ErrorKind::ArgumentError, format!("expected an attribute for {}(), got {}", kind, cx.repr(&a)?)));
        }
    }
    Ok(Value::native(LoaderOptionObj { opt: LoaderOption { kind: Rc::from(kind), path } }))
}
