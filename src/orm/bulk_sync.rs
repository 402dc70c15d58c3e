//! `synchronize_session` for ORM-enabled `update()`/`delete()` with WHERE
//! criteria (and the legacy `Query.update()`/`Query.delete()`): SQLAlchemy's
//! `orm/bulk_persistence.py` (`_do_pre_synchronize_auto/evaluate/fetch`,
//! `_do_post_synchronize_evaluate/fetch`) and `orm/evaluator.py`.
//!
//! - "evaluate": the WHERE clause is compiled for Python first (refused with
//!   `InvalidRequestError` when it cannot be), then run against the objects of
//!   the class in the identity map; matched objects get the new values in
//!   place (update) or become deleted (delete).
//! - "fetch": the primary keys of the rows hit come back by `RETURNING`
//!   where the dialect has it for that statement (`can_use_returning`:
//!   UPDATE…RETURNING is not MariaDB's, DELETE…RETURNING is), otherwise by a
//!   SELECT of the keys with the same WHERE sent before the statement; the
//!   objects with those keys are then synchronized.
//! - "auto": "evaluate" when the criteria can be evaluated, else "fetch".

use crate::engine::Connection;
use crate::exc::{Error, ErrorKind, Result};
use crate::orm::mapping::MapperId;
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, SessionId, Slot};
use crate::sql::compiler::{compile, CompileOptions};
use crate::sql::expr::{BinOp, BoolOp, Expr, LikeKind, Select, Statement, UnaryOp};
use crate::sql::schema::TableId;
use crate::sql::value::Value;

/// Which statement is synchronized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BulkKind {
    Update,
    Delete,
}

/// The `synchronize_session` strategies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncStrategy {
    Auto,
    Evaluate,
    Fetch,
    Off,
}

impl SyncStrategy {
    /// The option's value as given (`None`: the default, "auto"); anything
    /// else is SQLAlchemy's `ArgumentError`.
    pub fn parse(s: Option<&str>) -> Result<SyncStrategy> {
        Ok(match s {
            None | Some("auto") => SyncStrategy::Auto,
            Some("evaluate") => SyncStrategy::Evaluate,
            Some("fetch") => SyncStrategy::Fetch,
            Some("false") => SyncStrategy::Off,
            Some(_) => {
                return Err(Error::new(
                    ErrorKind::ArgumentError,
                    "Valid strategies for session synchronization are 'auto', 'evaluate', 'fetch', False",
                ))
            }
        })
    }
}

/// One ORM-enabled UPDATE or DELETE, as the synchronization needs it.
pub struct BulkDml<'a> {
    pub kind: BulkKind,
    pub mapper: MapperId,
    pub table: TableId,
    /// The SET list of an UPDATE.
    pub values: &'a [(usize, Expr)],
    pub where_: &'a [Expr],
}

/// Result of evaluating a criterion on one object.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tri {
    True,
    False,
    /// SQL NULL / unknown
    Null,
    /// An attribute it needs is not loaded (`_EXPIRED_OBJECT`)
    Unloaded,
    /// A form ormsh does not evaluate although SQLAlchemy could
    Unsupported,
}

/// `_EvaluatorCompiler.process`: can `e` be evaluated in Python against objects
/// of `table`'s class? The error is `UnevaluatableError`'s text.
pub fn check_evaluable(e: &Expr, table: TableId) -> std::result::Result<(), String> {
    let op_name = |op: BinOp| match op {
        BinOp::BitAnd => "<built-in function and_>",
        BinOp::BitOr => "<built-in function or_>",
        _ => "<function op>",
    };
    match e {
        Expr::Bool { items, .. } => items.iter().try_for_each(|i| check_evaluable(i, table)),
        Expr::Unary { op: UnaryOp::Not, expr } => check_evaluable(expr, table),
        Expr::Unary { .. } => Err("Cannot evaluate UnaryExpression".into()),
        Expr::Grouping(inner) => check_evaluable(inner, table),
        Expr::True | Expr::False | Expr::Null | Expr::Bind(_) => Ok(()),
        Expr::Column(c) if c.table == table && c.alias.is_none() => Ok(()),
        Expr::Column(_) => Err("Can't evaluate criteria against alternate class".into()),
        Expr::SubqueryColumn(..) => Err("Cannot evaluate column".into()),
        Expr::Binary { op, left, right } => {
            check_evaluable(left, table)?;
            check_evaluable(right, table)?;
            match op {
                BinOp::BitAnd | BinOp::BitOr => Err(format!("Cannot evaluate BinaryExpression with operator {}", op_name(*op))),
                _ => Ok(()),
            }
        }
        Expr::InList { expr, items, .. } => {
            check_evaluable(expr, table)?;
            items.iter().try_for_each(|i| check_evaluable(i, table))
        }
        Expr::Like { expr, pattern, kind, negate, ilike, .. } => {
            check_evaluable(expr, table)?;
            check_evaluable(pattern, table)?;
            match (kind, negate, ilike) {
                (LikeKind::StartsWith | LikeKind::EndsWith, false, false) => Ok(()),
                (k, n, i) => {
                    let name = match (k, i) {
                        (LikeKind::StartsWith, _) => "startswith_op",
                        (LikeKind::EndsWith, _) => "endswith_op",
                        (LikeKind::Contains, _) => "contains_op",
                        (LikeKind::Plain, true) => "ilike_op",
                        (LikeKind::Plain, false) => "like_op",
                    };
                    let name = if *n { format!("not_{name}") } else { name.to_string() };
                    Err(format!("Cannot evaluate BinaryExpression with operator <function {name} at 0x7f40>"))
                }
            }
        }
        Expr::Between { .. } => Err("Cannot evaluate BinaryExpression with operator <function between_op at 0x7f40>".into()),
        Expr::InSelect { .. } | Expr::Exists(_) => Err("Cannot evaluate Select".into()),
        Expr::ScalarSelect(_) => Err("Cannot evaluate Select".into()),
        Expr::Func { name, .. } => {
            let generic = ["count", "max", "min", "sum", "coalesce", "now", "char_length", "concat", "random", "current_timestamp"];
            let lname = name.to_ascii_lowercase();
            Err(format!("Cannot evaluate {}", if generic.contains(&lname.as_str()) { lname.as_str() } else { "Function" }))
        }
        Expr::Case { .. } => Err("Cannot evaluate Case".into()),
        Expr::Cast { .. } => Err("Cannot evaluate Cast".into()),
        Expr::Label { .. } => Err("Cannot evaluate Label".into()),
        Expr::Text(_) => Err("Cannot evaluate TextClause".into()),
        Expr::Star => Err("Cannot evaluate ColumnClause".into()),
        // SQLAlchemy evaluates a tuple element by element; ormsh's evaluator does not
        Expr::Tuple(_) => Err("Cannot evaluate Tuple".into()),
        Expr::Over { .. } => Err("Cannot evaluate Over".into()),
        Expr::Extract { .. } => Err("Cannot evaluate Extract".into()),
        Expr::TypeCoerce { .. } => Err("Cannot evaluate TypeCoerce".into()),
    }
}

impl Orm {
    /// `_do_pre_synchronize_auto/evaluate`: the strategy the statement runs
    /// with, after the autoflush and before any SQL of its own.
    pub fn resolve_sync(&self, dml: &BulkDml, strategy: SyncStrategy) -> Result<SyncStrategy> {
        let crit = Expr::and(dml.where_.to_vec());
        Ok(match strategy {
            SyncStrategy::Auto => match check_evaluable(&crit, dml.table) {
                Ok(()) => SyncStrategy::Evaluate,
                Err(_) => SyncStrategy::Fetch,
            },
            SyncStrategy::Evaluate => match check_evaluable(&crit, dml.table) {
                Ok(()) => SyncStrategy::Evaluate,
                Err(msg) => {
                    return Err(Error::new(
                        ErrorKind::InvalidRequestError,
                        format!("Could not evaluate current criteria in Python: \"{msg}\". Specify 'fetch' or False for the synchronize_session execution option."),
                    ))
                }
            },
            s => s,
        })
    }

    /// Run `stmt` (the UPDATE or DELETE) with "fetch" synchronization: the
    /// keys of the rows it hits by RETURNING, or by a SELECT sent first.
    /// Returns the rowcount and the keys.
    pub fn execute_fetching_keys(&mut self, conn: &Connection, dml: &BulkDml, mut stmt: Statement) -> Result<(i64, Vec<Vec<Value>>)> {
        let d = self.dialect_for(conn);
        let table = self.registry.metadata.table(dml.table).clone();
        let pk_exprs: Vec<Expr> = table.primary_key.iter().map(|&c| Expr::col(dml.table, c)).collect();
        let returning = match dml.kind {
            BulkKind::Update => d.update_returning(),
            BulkKind::Delete => d.delete_returning(),
        };
        let md = &self.registry.metadata;
        let typed = |row: Vec<Value>| -> Result<Vec<Value>> {
            row.into_iter().zip(&table.primary_key).map(|(v, &c)| d.result_value(&table.columns[c].ty, v)).collect()
        };
        if returning {
            match &mut stmt {
                Statement::Update(u) => u.returning = pk_exprs,
                Statement::Delete(x) => x.returning = pk_exprs,
                _ => {}
            }
            let c = compile(&stmt, md, &*d, &CompileOptions::default())?;
            let rs = conn.execute(&c.sql, &c.params)?;
            let n = rs.rowcount.max(rs.rows.len() as i64);
            let keys = rs.rows.into_iter().map(typed).collect::<Result<Vec<_>>>()?;
            return Ok((n, keys));
        }
        let mut sel = Select::new(pk_exprs);
        for w in dml.where_ {
            sel = sel.where_(w.clone());
        }
        let c = compile(&Statement::Select(sel), md, &*d, &CompileOptions::default())?;
        let rs = conn.execute(&c.sql, &c.params)?;
        let keys = rs.rows.into_iter().map(typed).collect::<Result<Vec<_>>>()?;
        let c = compile(&stmt, md, &*d, &CompileOptions::default())?;
        let rs = conn.execute(&c.sql, &c.params)?;
        Ok((rs.rowcount, keys))
    }

    /// `_do_post_synchronize_fetch`: the objects with these keys in the
    /// identity map take the statement's effect.
    pub fn synchronize_fetched(&mut self, sid: SessionId, dml: &BulkDml, keys: Vec<Vec<Value>>) -> Result<()> {
        let mut matched = Vec::new();
        for pk in keys {
            let key = self.identity_key(dml.mapper, pk);
            if let Some(id) = self.session(sid).identity_map.get(&key) {
                if !matched.contains(&id) {
                    matched.push(id);
                }
            }
        }
        self.apply_synchronized(sid, dml, matched, Vec::new())
    }

    /// `_do_post_synchronize_evaluate`: the criteria run against the
    /// identity map's objects of the class.
    pub fn synchronize_evaluated(&mut self, sid: SessionId, dml: &BulkDml) -> Result<()> {
        let candidates: Vec<InstanceId> = self
            .session(sid)
            .identity_map
            .states()
            .into_iter()
            .filter(|id| self.instances.get(*id).mapper == dml.mapper && !self.session(sid).deleted.contains(id))
            .collect();
        let crit = Expr::and(dml.where_.to_vec());
        let ncols = self.registry.mapper(dml.mapper).columns.len();
        let mut matched = Vec::new();
        let mut unknown = Vec::new();
        for id in candidates {
            // a wholly expired object is left alone (`not state.expired`)
            if (0..ncols).all(|c| self.instances.get(id).expired_attrs.contains(c)) {
                continue;
            }
            match eval(self, id, dml.table, &crit) {
                Tri::True => matched.push(id),
                // partially expired: an update applies what it can, a delete expires it
                Tri::Unloaded if dml.kind == BulkKind::Update => matched.push(id),
                Tri::Unloaded => self.expire_state_all(id),
                Tri::Unsupported => unknown.push(id),
                _ => {}
            }
        }
        self.apply_synchronized(sid, dml, matched, unknown)
    }

    /// Matched objects get the new values (update) or become deleted; those
    /// whose match could not be told have the updated columns expired.
    fn apply_synchronized(&mut self, sid: SessionId, dml: &BulkDml, matched: Vec<InstanceId>, unknown: Vec<InstanceId>) -> Result<()> {
        let mapper = dml.mapper;
        match dml.kind {
            BulkKind::Update => {
                // `session._register_altered(states)`: a rollback of the current
                // transaction (a savepoint's too) expires the matched objects
                if let Some(t) = self.session_mut(sid).transactions.last_mut() {
                    t.dirty.extend(matched.iter().copied());
                }
                for id in matched {
                    let mut expire = Vec::new();
                    // `_apply_update_set_values_to_objects`: loaded, unmodified attributes
                    // take the value evaluated in Python; loaded ones that were modified,
                    // or whose value cannot be evaluated, are expired; unloaded ones stay so
                    for (c, e) in dml.values {
                        if self.instances.get(id).dict[*c].is_absent() {
                            continue;
                        }
                        let v = match e {
                            Expr::Bind(b) => Some(b.value.clone()),
                            other => eval_value(self, id, dml.table, other),
                        };
                        let st = self.instances.get_mut(id);
                        let modified = st.committed.iter().any(|(k, _)| *k as usize == *c);
                        match v {
                            Some(v) if !modified => st.dict[*c] = Slot::Val(v),
                            _ => expire.push(*c),
                        }
                    }
                    if !expire.is_empty() {
                        let names: Vec<String> = {
                            let m = self.registry.mapper(mapper);
                            expire.iter().map(|&c| m.columns[c].clone()).collect()
                        };
                        self.expire_attributes(id, &names)?;
                    }
                    let st = self.instances.get_mut(id);
                    if st.committed.is_empty() && st.rel_committed.is_empty() {
                        st.modified = false;
                        self.session_mut(sid).modified.shift_remove(&id);
                    }
                }
                for id in unknown {
                    let names: Vec<String> = {
                        let m = self.registry.mapper(mapper);
                        dml.values.iter().map(|(c, _)| m.columns[*c].clone()).collect()
                    };
                    self.expire_attributes(id, &names)?;
                }
            }
            BulkKind::Delete => {
                self.remove_newly_deleted(sid, &matched);
            }
        }
        Ok(())
    }
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
fn eval_value(orm: &Orm, id: InstanceId, table: TableId, e: &Expr) -> Option<Value> {
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
                _ => return Tri::Unsupported,
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
                _ => return Tri::Unsupported,
            };
            if b { Tri::True } else { Tri::False }
        }
        Expr::Like { expr, pattern, kind: kind @ (LikeKind::StartsWith | LikeKind::EndsWith), negate: false, ilike: false, .. } => {
            match (column_value(orm, id, table, expr), column_value(orm, id, table, pattern)) {
                (Some(Ok(Value::Str(s))), Some(Ok(Value::Str(p)))) => {
                    let hit = if *kind == LikeKind::StartsWith { s.starts_with(&*p) } else { s.ends_with(&*p) };
                    if hit { Tri::True } else { Tri::False }
                }
                (Some(Ok(Value::Null)), _) | (_, Some(Ok(Value::Null))) => Tri::Null,
                (Some(Err(())), _) | (_, Some(Err(()))) => Tri::Unloaded,
                _ => Tri::Unsupported,
            }
        }
        Expr::InList { expr, items, negate } => {
            let v = match column_value(orm, id, table, expr) {
                Some(Ok(v)) => v,
                Some(Err(())) => return Tri::Unloaded,
                None => return Tri::Unsupported,
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
                    Some(Err(())) => return Tri::Unloaded,
                    None => return Tri::Unsupported,
                }
            }
            if found != *negate { Tri::True } else { Tri::False }
        }
        _ => Tri::Unsupported,
    }
}
