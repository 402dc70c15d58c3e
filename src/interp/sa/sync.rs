//! `synchronize_session` for ORM-enabled `update()`/`delete()`: the WHERE
//! clause is evaluated in Python against the objects of that class in the
//! identity map (SQLAlchemy's "evaluate" strategy, which "auto" uses when it
//! can); matched objects get the new values in place (update) or become
//! deleted (delete). Mirrors `orm/bulk_persistence.py` and `orm/evaluator.py`.

use crate::exc::Result;
use crate::interp::sa::select::{DmlKind, DmlObj};
use crate::interp::Interp;
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, SessionId, Slot};
use crate::sql::expr::{BinOp, BoolOp, Expr, UnaryOp};
use crate::sql::schema::TableId;
use crate::sql::value::Value;

/// Result of evaluating a criterion on one object.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tri {
    True,
    False,
    /// SQL NULL / unknown
    Null,
    /// An attribute it needs is not loaded
    Unloaded,
}

/// Apply the DML's effect to the session's objects.
pub fn synchronize(cx: &mut Interp, sid: SessionId, d: &DmlObj) -> Result<()> {
    if matches!(d.synchronize.as_deref(), Some("false")) {
        return Ok(());
    }
    let mapper = match d.mapper {
        Some(m) => m,
        None => return Ok(()),
    };
    let orm = cx.sa.orm_mut()?;
    let candidates: Vec<InstanceId> = orm
        .session(sid)
        .identity_map
        .states()
        .into_iter()
        .filter(|id| orm.instances.get(*id).mapper == mapper && !orm.session(sid).deleted.contains(id))
        .collect();
    let crit = Expr::and(d.where_.clone());
    let mut matched = Vec::new();
    let mut unknown = Vec::new();
    for id in candidates {
        match eval(orm, id, d.table, &crit) {
            Tri::True => matched.push(id),
            Tri::Unloaded => unknown.push(id),
            _ => {}
        }
    }
    match d.kind {
        DmlKind::Update => {
            let values = d.values.first().cloned().unwrap_or_default();
            for id in matched {
                let mut expire = Vec::new();
                for (c, e) in &values {
                    match e {
                        Expr::Bind(b) => {
                            let st = orm.instances.get_mut(id);
                            st.dict[*c] = Slot::Val(b.value.clone());
                            st.committed.retain(|(k, _)| *k as usize != *c);
                            st.expired_attrs.remove(*c);
                        }
                        other => match eval_value(orm, id, d.table, other) {
                            Some(v) => {
                                let st = orm.instances.get_mut(id);
                                st.dict[*c] = Slot::Val(v);
                                st.committed.retain(|(k, _)| *k as usize != *c);
                            }
                            None => expire.push(*c),
                        },
                    }
                }
                if !expire.is_empty() {
                    let names: Vec<String> = {
                        let m = orm.registry.mapper(mapper);
                        expire.iter().map(|&c| m.columns[c].clone()).collect()
                    };
                    orm.expire_attributes(id, &names)?;
                }
                let st = orm.instances.get_mut(id);
                if st.committed.is_empty() && st.rel_committed.is_empty() {
                    st.modified = false;
                    orm.session_mut(sid).modified.shift_remove(&id);
                }
            }
            // objects that could not be evaluated have the updated columns expired
            for id in unknown {
                let names: Vec<String> = {
                    let m = orm.registry.mapper(mapper);
                    values.iter().map(|(c, _)| m.columns[*c].clone()).collect()
                };
                orm.expire_attributes(id, &names)?;
            }
        }
        DmlKind::Delete => {
            orm.remove_newly_deleted(sid, &matched);
        }
        DmlKind::Insert => {}
    }
    Ok(())
}

fn column_value(orm: &Orm, id: InstanceId, table: TableId, e: &Expr) -> Option<Result<Value, ()>> {
    match e {
        Expr::Column(c) if c.table == table && c.alias.is_none() => {
            let st = orm.instances.get(id);
            match &st.dict[c.column] {
                Slot::Val(v) => Some(Ok(v.clone())),
                _ => Some(Err(())),
            }
        }
        Expr::Bind(b) => Some(Ok(b.value.clone())),
        Expr::Null => Some(Ok(Value::Null)),
        Expr::True => Some(Ok(Value::Bool(true))),
        Expr::False => Some(Ok(Value::Bool(false))),
        Expr::Grouping(inner) => column_value(orm, id, table, inner),
        _ => None,
    }
}

/// Value of a simple SET expression (`Counter.value + 1`) in Python, if possible.
pub(crate) fn eval_value(orm: &Orm, id: InstanceId, table: TableId, e: &Expr) -> Option<Value> {
    if let Some(Ok(v)) = column_value(orm, id, table, e) {
        return Some(v);
    }
    if let Expr::Binary { op, left, right } = e {
        let l = eval_value(orm, id, table, left)?;
        let r = eval_value(orm, id, table, right)?;
        return match (op, l, r) {
            (BinOp::Add, Value::Int(a), Value::Int(b)) => a.checked_add(b).map(Value::Int),
            (BinOp::Sub, Value::Int(a), Value::Int(b)) => a.checked_sub(b).map(Value::Int),
            (BinOp::Mul, Value::Int(a), Value::Int(b)) => a.checked_mul(b).map(Value::Int),
            (BinOp::Concat, Value::Str(a), Value::Str(b)) => Some(Value::Str(a + &b)),
            _ => None,
        };
    }
    None
}

fn eval(orm: &Orm, id: InstanceId, table: TableId, e: &Expr) -> Tri {
    match e {
        Expr::Bool { op, items } => {
            if items.is_empty() {
                return Tri::True;
            }
            let mut saw_null = false;
            for it in items {
                match (op, eval(orm, id, table, it)) {
                    (_, Tri::Unloaded) => return Tri::Unloaded,
                    (BoolOp::And, Tri::False) => return Tri::False,
                    (BoolOp::Or, Tri::True) => return Tri::True,
                    (_, Tri::Null) => saw_null = true,
                    _ => {}
                }
            }
            if saw_null {
                Tri::Null
            } else if *op == BoolOp::And {
                Tri::True
            } else {
                Tri::False
            }
        }
        Expr::Unary { op: UnaryOp::Not, expr } => match eval(orm, id, table, expr) {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            t => t,
        },
        Expr::Grouping(inner) => eval(orm, id, table, inner),
        Expr::True => Tri::True,
        Expr::False => Tri::False,
        Expr::Binary { op, left, right } => {
            let (l, r) = match (column_value(orm, id, table, left), column_value(orm, id, table, right)) {
                (Some(Ok(l)), Some(Ok(r))) => (l, r),
                (Some(Err(())), _) | (_, Some(Err(()))) => return Tri::Unloaded,
                _ => return Tri::Unloaded,
            };
            match op {
                BinOp::Is => return if l.is_null() == r.is_null() && (l.is_null() || l == r) { Tri::True } else { Tri::False },
                BinOp::IsNot => return if l.is_null() == r.is_null() && (l.is_null() || l == r) { Tri::False } else { Tri::True },
                _ => {}
            }
            if l.is_null() || r.is_null() {
                return Tri::Null;
            }
            let ord = l.py_cmp(&r);
            let b = match op {
                BinOp::Eq => l == r,
                BinOp::Ne => l != r,
                BinOp::Lt => ord == Some(std::cmp::Ordering::Less),
                BinOp::Le => matches!(ord, Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)),
                BinOp::Gt => ord == Some(std::cmp::Ordering::Greater),
                BinOp::Ge => matches!(ord, Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)),
                _ => return Tri::Unloaded,
            };
            if b { Tri::True } else { Tri::False }
        }
        Expr::InList { expr, items, negate } => {
            let v = match column_value(orm, id, table, expr) {
                Some(Ok(v)) => v,
                _ => return Tri::Unloaded,
            };
            if v.is_null() {
                return Tri::Null;
            }
            let mut found = false;
            for it in items {
                match column_value(orm, id, table, it) {
                    Some(Ok(x)) => {
                        if x == v {
                            found = true;
                        }
                    }
                    _ => return Tri::Unloaded,
                }
            }
            if found != *negate { Tri::True } else { Tri::False }
        }
        _ => Tri::Unloaded,
    }
}
