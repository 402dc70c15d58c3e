//! Reading and writing mapped attributes with SQLAlchemy's bookkeeping:
//! original values kept on first change (`committed_state`), the session's
//! modified set, loading of expired columns on access, and attribute history.
//! Mirrors `sqlalchemy/orm/attributes.py` (`ScalarAttributeImpl`, `History`).

use crate::exc::{Error, ErrorKind, Result};
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, InstanceState, RelSlot, Slot};
use crate::sql::value::Value;
use std::rc::Rc;

/// `History(added, unchanged, deleted)` of one attribute.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub added: Vec<Value>,
    pub unchanged: Vec<Value>,
    pub deleted: Vec<Value>,
}

impl History {
    pub fn has_changes(&self) -> bool {
        !self.added.is_empty() || !self.deleted.is_empty()
    }
}

/// What reading a column attribute gives.
#[derive(Clone, Debug)]
pub enum AttrRead {
    Value(Value),
    /// A SQL expression assigned and not yet flushed.
    Sql(Rc<crate::sql::expr::Expr>),
}

/// Loaded values set on an instance without history (`set_committed_value`,
/// `state._commit`): what loaders write, kept here beside the writes that do
/// record history.
impl InstanceState {
    /// Column `c` loaded as `v` (`set_committed_value`): not expired, no original kept.
    #[inline]
    pub(in crate::orm) fn set_committed_value(&mut self, c: usize, v: Value) {
        self.dict[c] = Slot::Val(v);
        self.expired_attrs.remove(c);
        self.committed.retain(|(k, _)| *k as usize != c);
    }
    /// Relationship `ri` loaded as `slot` (a loader's populator): not expired.
    #[inline]
    pub(in crate::orm) fn set_committed_rel(&mut self, ri: usize, slot: RelSlot) {
        self.rels[ri] = slot;
        self.expired_rels.remove(ri);
    }
}

impl Orm {
    /// Read column attribute `col` of `id`, loading expired columns first.
    pub fn get_column(&mut self, id: InstanceId, col: usize) -> Result<AttrRead> {
        match &self.instances.get(id).dict[col] {
            Slot::Val(v) => return Ok(AttrRead::Value(v.clone())),
            Slot::Sql(e) => return Ok(AttrRead::Sql(e.clone())),
            Slot::Absent => {}
        }
        let st = self.instances.get(id);
        if st.key().is_none() {
            // expired on an object that has left the session (a rolled-back INSERT):
            // `_load_expired` cannot load without a session
            if st.expired_attrs.contains(col) && st.session().is_none() {
                return Err(self.detached_error(id, "attribute refresh"));
            }
            // never set on a transient/pending object: None, not loaded
            return Ok(AttrRead::Value(Value::Null));
        }
        if st.expired_attrs.contains(col) {
            self.load_expired(id)?;
        } else if st.loaders.as_ref().is_some_and(|l| l.now.deferred.contains(col)) {
            self.load_deferred(id, col)?;
        }
        match &self.instances.get(id).dict[col] {
            Slot::Val(v) => Ok(AttrRead::Value(v.clone())),
            Slot::Sql(e) => Ok(AttrRead::Sql(e.clone())),
            Slot::Absent => Ok(AttrRead::Value(Value::Null)),
        }
    }

    /// The error for touching an unloaded attribute of a detached object.
    pub(crate) fn detached_error(&self, id: InstanceId, what: &str) -> Error {
        Error::new(
            ErrorKind::DetachedInstanceError,
            format!(
                "Instance {} is not bound to a Session; {} operation cannot proceed (Background on this error at: https://sqlalche.me/e/21/bhk3)",
                self.instances.state_str(id),
                what
            ),
        )
    }

    /// Set column attribute `col` (`obj.name = value`), recording the original.
    pub fn set_column(&mut self, id: InstanceId, col: usize, value: Slot) -> Result<()> {
        self.load_active_history(id, col)?;
        let st = self.instances.get_mut(id);
        st.record_original(col);
        // an expired attribute that is set stays in expired_attributes (as in
        // SQLAlchemy); the next load skips it because it is modified
        st.dict[col] = value;
        if let Some(sid) = st.session() {
            if st.key().is_some() {
                self.note_modified(sid, id);
            }
        }
        Ok(())
    }

    /// A primary key column has active history (`_ColumnLoader.init_class_attribute`):
    /// setting or deleting it first loads the old value when it is expired
    /// (`ScalarAttributeImpl.set` gets it with `PASSIVE_RETURN_NO_VALUE`), so
    /// the UPDATE finds the row by its old key.
    fn load_active_history(&mut self, id: InstanceId, col: usize) -> Result<()> {
        let st = self.instances.get(id);
        if !st.dict[col].is_absent() || st.key().is_none() || st.committed_value(col).is_some() || !st.expired_attrs.contains(col) {
            return Ok(());
        }
        if !self.pk_columns(st.mapper).contains(&col) {
            return Ok(());
        }
        self.load_expired(id)
    }

    /// A persistent object of session `sid` became modified. As
    /// `InstanceState._modified_event`: the first modified object of an
    /// identity map autobegins the session's transaction (ticket 6360), so that
    /// a change made after commit() is undone (expired) by rollback().
    pub(crate) fn note_modified(&mut self, sid: crate::orm::state::SessionId, id: InstanceId) {
        // an object a flush deleted has left the identity map (`_manage_removed_state`): its
        // changes make it neither dirty nor part of the next flush, until it comes back
        // (`update_impl`/`delete_impl` re-add it when modified, `_manage_incoming_state`)
        if self.instances.get(id).deleted() && !self.contains(sid, id) {
            return;
        }
        let s = self.session_mut(sid);
        let had_modified = !s.modified.is_empty();
        s.modified.insert(id);
        if !had_modified && s.transactions.is_empty() && s.opts.autobegin {
            s.transactions.push(crate::orm::transaction::SessionTransaction::new(crate::orm::transaction::TxOrigin::Autobegin));
        }
    }

    /// `del obj.name`.
    pub fn del_column(&mut self, id: InstanceId, col: usize) -> Result<()> {
        let st = self.instances.get(id);
        if st.dict[col].is_absent() && st.key().is_none() {
            let name = self.registry.mapper(st.mapper).columns[col].clone();
            return Err(Error::new(ErrorKind::AttributeError, name));
        }
        self.set_column(id, col, Slot::Absent)
    }

    /// History of column attribute `col` (`inspect(obj).attrs.name.history`).
    pub fn column_history(&self, id: InstanceId, col: usize) -> History {
        let st = self.instances.get(id);
        let current = st.dict[col].value().cloned();
        let absent = st.dict[col].is_absent();
        match st.committed_value(col) {
            None => match current {
                Some(v) if !absent => History { unchanged: vec![v], ..Default::default() },
                _ => History::default(),
            },
            Some(original) => {
                if let (Some(c), Some(o)) = (&current, original) {
                    // `is_equal` is the type's `compare_values`: Python's == (0.75 == Decimal('0.75'))
                    if c == o || (c.is_null() && o.is_null()) {
                        return History { unchanged: vec![c.clone()], ..Default::default() };
                    }
                }
                let deleted = match original {
                    Some(o) => vec![o.clone()],
                    None => Vec::new(),
                };
                if absent {
                    History { deleted, ..Default::default() }
                } else {
                    let added = match &st.dict[col] {
                        Slot::Val(v) => vec![v.clone()],
                        _ => vec![Value::Null],
                    };
                    History { added, deleted, ..Default::default() }
                }
            }
        }
    }

    /// `column_history(id, col).has_changes()` without building the history (no
    /// value copied): asked for every changed column of every object a flush updates.
    pub fn column_changed(&self, id: InstanceId, col: usize) -> bool {
        let st = self.instances.get(id);
        let Some(original) = st.committed_value(col) else { return false };
        let slot = &st.dict[col];
        if let (Some(c), Some(o)) = (slot.value(), original) {
            if c == o || (c.is_null() && o.is_null()) {
                return false;
            }
        }
        if slot.is_absent() {
            original.is_some()
        } else {
            true
        }
    }

    /// `Session.is_modified(obj)`: any column (or relationship) with net changes.
    pub fn is_modified(&self, id: InstanceId, include_collections: bool) -> bool {
        let st = self.instances.get(id);
        for (c, _) in &st.committed {
            let c = *c as usize;
            if matches!(st.dict[c], Slot::Sql(_)) || self.column_changed(id, c) {
                return true;
            }
        }
        // `Session.is_modified`: any attribute whose history has added or
        // deleted items (net changes: an append then remove of one child is no
        // change, a reference set to the value it had is none); collections
        // only with include_collections; viewonly relationships record none
        let m = self.registry.mapper(st.mapper);
        for &(ri, _) in &st.rel_committed {
            let ri = ri as usize;
            let rel = &m.relationships[ri];
            if rel.viewonly || (rel.uselist && !include_collections) {
                continue;
            }
            if self.rel_history(id, ri).has_changes() {
                return true;
            }
        }
        false
    }

    /// Column attribute names that are expired (`inspect(obj).expired_attributes`).
    pub fn expired_attribute_names(&self, id: InstanceId) -> Vec<String> {
        let st = self.instances.get(id);
        let m = self.registry.mapper(st.mapper);
        let mut out: Vec<String> = st.expired_attrs.iter(m.columns.len()).map(|i| m.columns[i].clone()).collect();
        out.extend(st.expired_rels.iter(m.relationships.len()).map(|i| m.relationships[i].name.clone()));
        out
    }

    /// Attribute names with no pending change (`inspect(obj).unmodified`: the
    /// mapper's attributes less those in `committed_state`).
    pub fn unmodified_attribute_names(&self, id: InstanceId) -> Vec<String> {
        let st = self.instances.get(id);
        let m = self.registry.mapper(st.mapper);
        let mut out: Vec<String> = (0..m.columns.len()).filter(|&i| st.committed_value(i).is_none()).map(|i| m.columns[i].clone()).collect();
        out.extend(
            (0..m.relationships.len()).filter(|&i| !st.rel_committed.iter().any(|(k, _)| *k as usize == i)).map(|i| m.relationships[i].name.clone()),
        );
        out
    }

    /// Attribute names not loaded (`inspect(obj).unloaded`): columns absent from
    /// the dict and relationships not loaded.
    pub fn unloaded_attribute_names(&self, id: InstanceId) -> Vec<String> {
        let st = self.instances.get(id);
        let m = self.registry.mapper(st.mapper);
        let mut out: Vec<String> = Vec::new();
        for (i, c) in m.columns.iter().enumerate() {
            if st.dict[i].is_absent() {
                out.push(c.clone());
            }
        }
        for (i, r) in m.relationships.iter().enumerate() {
            if matches!(st.rels[i], crate::orm::state::RelSlot::Absent) {
                out.push(r.name.clone());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::events::Events;
    use crate::orm::session::Orm;
    use crate::orm::state::Slot;
    use crate::sql::value::Value;
    use std::rc::Rc;

    /// `column_changed` answers exactly what `column_history(..).has_changes()` does.
    #[test]
    fn column_changed_agrees_with_the_history() {
        let schema = r#"{"classes": {"T": {"table": "t", "columns": {
            "id": {"type": "integer", "primary_key": true}, "s": {"type": "string"}, "f": {"type": "float"}}}}}"#;
        let reg = crate::orm::schema_file::load_str(schema, "t.json").unwrap();
        let mut orm = Orm::new(Rc::new(reg), Events::null());
        let m = crate::orm::mapping::MapperId(0);
        let values = [None, Some(Value::Null), Some(Value::Str("a".into())), Some(Value::Str("b".into())), Some(Value::Int(1)), Some(Value::Float(1.0))];
        let mut cases = 0;
        for original in values.iter() {
            for current in values.iter().chain([None].iter()) {
                for recorded in [false, true] {
                    let id = orm.new_instance(m);
                    let st = orm.instances.get_mut(id);
                    st.dict[1] = original.clone().map(Slot::Val).unwrap_or(Slot::Absent);
                    if recorded {
                        st.record_original(1);
                    }
                    st.dict[1] = current.clone().map(Slot::Val).unwrap_or(Slot::Absent);
                    assert_eq!(orm.column_changed(id, 1), orm.column_history(id, 1).has_changes(), "{original:?} -> {current:?} ({recorded})");
                    cases += 1;
                }
            }
        }
        assert_eq!(cases, 6 * 7 * 2);
    }
}
