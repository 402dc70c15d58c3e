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

/// `u.addresses` / `a.user` on an instance.
pub fn get_relationship(cx: &mut Interp, id: InstanceId, ri: usize) -> Result<Value> {
    let slot = cx.sa.orm_mut()?.get_relationship(id, ri)?;
    Ok(match slot {
        RelSlot::Absent | RelSlot::Scalar(None) => Value::None,
        RelSlot::Scalar(Some(x)) => cx.sa.instance_value(x),
        RelSlot::Collection(ids) => Value::list(ids.into_iter().map(|x| cx.sa.instance_value(x)).collect()),
    })
}

/// `u.addresses = [...]` / `a.user = u`.
pub fn set_relationship(_cx: &mut Interp, _id: InstanceId, _ri: usize, _value: Value) -> Result<()> {
    Err(Error::new(ErrorKind::NotImplementedError, "assigning relationship attributes is not supported yet"))
}

/// `inspect(obj).attrs.rel.history`.
pub fn relationship_history(_cx: &mut Interp, _id: InstanceId, _name: &str) -> Result<Value> {
    Err(Error::new(ErrorKind::NotImplementedError, "relationship history is not supported yet"))
}

/// Eager loaders of a query's options (and the mapping's `lazy=`), run after the rows.
pub fn apply_loader_options(_cx: &mut Interp, _sid: SessionId, _s: &SelectObj, _loaded: &[InstanceId]) -> Result<()> {
    Ok(())
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
