//! Turning rows into instances through the identity map, loading by primary
//! key (`Session.get`), and loading expired columns on access. Mirrors
//! `sqlalchemy/orm/loading.py` (`instances`, `load_on_pk_identity`,
//! `load_scalar_attributes`, `get_from_identity`).

use crate::engine::ResultSet;
use crate::exc::{invalid, Error, ErrorKind, Result};
use crate::orm::identity::IdentityKey;
use crate::orm::mapping::MapperId;
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, SessionId, Slot};
use crate::orm::strategy_options::{InstanceLoaders, LoaderFlags};
use crate::sql::value::Value;

impl Orm {
    /// The identity key of a mapper for primary key values (`identity_key`).
    pub fn identity_key(&self, mapper: MapperId, pk: Vec<Value>) -> IdentityKey {
        IdentityKey { mapper, pk: pk.into() }
    }

    /// Primary key column indexes of a mapper's table.
    pub fn pk_columns(&self, mapper: MapperId) -> Vec<usize> {
        let m = self.registry.mapper(mapper);
        self.registry.metadata.table(m.table).primary_key.clone()
    }

    /// `Session.get(Cls, pk)`: identity map first (loading an expired hit),
    /// else autoflush and SELECT by primary key.
    pub fn get(&mut self, sid: SessionId, mapper: MapperId, pk: Vec<Value>) -> Result<Option<InstanceId>> {
        self.get_with(sid, mapper, pk, &GetOptions::default())
    }

    /// `Session.get()` with its keywords: `populate_existing` and
    /// `with_for_update` always SELECT (the first overwriting the object in the
    /// identity map), `options` apply to a load from the database.
    pub fn get_with(&mut self, sid: SessionId, mapper: MapperId, pk: Vec<Value>, go: &GetOptions) -> Result<Option<InstanceId>> {
        self.check_active(sid)?;
        let pkcols = self.pk_columns(mapper);
        if pk.len() != pkcols.len() {
            let t = self.registry.metadata.table(self.registry.mapper(mapper).table);
            let names: Vec<String> = pkcols.iter().map(|&c| format!("'{}.{}'", t.name, t.columns[c].name)).collect();
            return Err(invalid(format!(
                "Incorrect number of values in identifier to formulate primary key for session.get(); primary key columns are {}",
                names.join(",")
            )));
        }
        let key = self.identity_key(mapper, pk.clone());
        let lookup = !go.populate_existing && !go.for_update;
        if let Some(id) = self.session(sid).identity_map.get(&key).filter(|_| lookup) {
            if self.fully_expired(id) {
                // `get_from_identity`: a vanished row makes the object deleted and
                // `_get_impl` goes on to SELECT the key from the database
                match self.load_expired(id) {
                    Ok(()) => return Ok(Some(id)),
                    Err(e) if e.kind == ErrorKind::ObjectDeletedError => self.remove_newly_deleted(sid, &[id]),
                    Err(e) => return Err(e),
                }
            } else {
                self.events.emit(crate::events::Event::IdentityHit { obj: self.instances.label(id) });
                return Ok(Some(id));
            }
        }
        if pk.iter().any(|v| v.is_null()) {
            return Ok(None);
        }
        self.autoflush(sid)?;
        let mid = mapper;
        let m = self.registry.mapper(mid);
        let table = self.registry.metadata.table(m.table).clone();
        let all: Vec<usize> = (0..table.columns.len()).collect();
        if self.has_mapping_eager(mid) || go.populate_existing || go.for_update || !go.options.links.is_empty() {
            // the mapping's joined / selectin relationships (and the options'
            // loaders) load with it
            let mut sel = crate::sql::expr::Select::default();
            for (&c, v) in pkcols.iter().zip(pk.iter()) {
                sel = sel.where_(crate::sql::expr::Expr::col(m.table, c).eq(crate::sql::expr::Expr::bind(v.clone())));
            }
            sel.for_update = go.for_update;
            let saved = std::mem::replace(&mut self.populate_existing, go.populate_existing.then(Default::default));
            let ids = self.eager_entity_load(sid, mid, Vec::new(), sel, &go.options);
            self.populate_existing = saved;
            return Ok(ids?.into_iter().next());
        }
        let conn = self.connection_for(sid, Some(mid))?;
        let d = self.dialect_for(&conn);
        let sql = crate::orm::dml::select_by_pk(&self.registry.metadata, self.registry.mapper(mid).table, &all, &pkcols, d)?;
        let params: Vec<Value> = pkcols.iter().zip(pk.iter()).map(|(&c, v)| d.bind_value(Some(&table.columns[c].ty), v)).collect();
        let rs = conn.execute(&sql, &params)?;
        let ids = self.instances_from_rows(sid, mid, &all, &rs, 0)?;
        Ok(ids.into_iter().next())
    }

    /// `state.expired`: every column attribute expired (a full expire, not yet loaded).
    pub(crate) fn fully_expired(&self, id: InstanceId) -> bool {
        let st = self.instances.get(id);
        let n = st.dict.len();
        n > 0 && (0..n).all(|i| st.expired_attrs.contains(i))
    }

    /// `_remove_newly_deleted` for a row found gone: the object becomes deleted.
    pub(crate) fn remove_newly_deleted(&mut self, sid: SessionId, ids: &[InstanceId]) {
        if ids.is_empty() {
            return;
        }
        let gone: std::collections::HashSet<InstanceId> = ids.iter().copied().collect();
        self.session_mut(sid).deleted.retain(|x| !gone.contains(x));
        for &id in ids {
            if let Some(t) = self.session_mut(sid).transactions.last_mut() {
                t.deleted.insert(id);
            }
            if let Some(k) = self.instances.get(id).key().cloned() {
                self.session_mut(sid).identity_map.discard(&k, id);
            }
            self.mark_deleted(id);
        }
        // one pass keeping the order of the rest: a shift_remove per object was O(n^2)
        let s = self.session_mut(sid);
        if !ids.is_empty() {
            let gone: std::collections::HashSet<InstanceId> = ids.iter().copied().collect();
            s.deleted.retain(|id| !gone.contains(id));
        }
    }

    /// Rows of `rs` (columns `cols` of the mapper's table starting at `offset`)
    /// as instances: existing identity-map objects are reused (their unloaded
    /// attributes filled), new ones created persistent (`loaded_as_persistent`).
    pub fn instances_from_rows(&mut self, sid: SessionId, mapper: MapperId, cols: &[usize], rs: &ResultSet, offset: usize) -> Result<Vec<InstanceId>> {
        let plan = self.row_plan(sid, mapper, cols)?;
        let mut out = Vec::with_capacity(rs.rows.len());
        for row in &rs.rows {
            out.push(self.instance_from_row_with(&plan, sid, RowValues::Borrowed(row), offset)?);
        }
        Ok(out)
    }

    /// One row → one instance (see `instances_from_rows`). For many rows of the
    /// same shape, build a [`RowPlan`] once and call `instance_from_row_with`.
    pub fn instance_from_row(&mut self, sid: SessionId, mapper: MapperId, cols: &[usize], row: &[Value], offset: usize) -> Result<InstanceId> {
        let plan = self.row_plan(sid, mapper, cols)?;
        self.instance_from_row_with(&plan, sid, RowValues::Borrowed(row), offset)
    }

    /// What every row of one result set shares: column types, the dialect's
    /// result processing and where the primary key sits (`_instance_processor`).
    pub fn row_plan(&self, sid: SessionId, mapper: MapperId, cols: &[usize]) -> Result<RowPlan> {
        let m = self.registry.mapper(mapper);
        let table = self.registry.metadata.table(m.table);
        let mut pk_pos = Vec::with_capacity(table.primary_key.len());
        for &c in &table.primary_key {
            match cols.iter().position(|&x| x == c) {
                Some(p) => pk_pos.push(p),
                None => return Err(invalid("a query for an entity must select its primary key columns")),
            }
        }
        Ok(RowPlan {
            mapper,
            cols: cols.to_vec(),
            pk_pos,
            types: cols.iter().map(|&c| table.columns[c].ty.clone()).collect(),
            dialect: self.session_dialect(sid, mapper),
            loaders: None,
        })
    }

    /// One row → one instance with a prepared plan. With `RowValues::Owned`
    /// the row's values are moved into the new instance, not cloned.
    pub fn instance_from_row_with(&mut self, plan: &RowPlan, sid: SessionId, mut row: RowValues<'_>, offset: usize) -> Result<InstanceId> {
        let pk: Vec<Value> = plan.pk_pos.iter().map(|&p| row.get(offset + p)).collect();
        let key = IdentityKey { mapper: plan.mapper, pk: pk.into() };
        if let Some(id) = self.session(sid).identity_map.get(&key) {
            self.events.emit(crate::events::Event::RowMatched { obj: self.instances.label(id) });
            if self.populate_existing.as_mut().is_some_and(|done| done.insert(id)) {
                self.overwrite_from_row(sid, id, plan, &mut row, offset)?;
                return Ok(id);
            }
            // populate only what is not loaded (expired or never loaded)
            for (p, &c) in plan.cols.iter().enumerate() {
                let st = self.instances.get(id);
                if st.dict[c].is_absent() && st.committed_value(c).is_none() {
                    let v = plan.dialect.result_value(&plan.types[p], row.take(offset + p))?;
                    // no original kept (`committed_value` is None): `set_committed_value`
                    self.instances.get_mut(id).set_committed_value(c, v);
                }
            }
            return Ok(id);
        }
        let id = self.new_instance(plan.mapper);
        {
            let st = self.instances.get_mut(id);
            for (p, &c) in plan.cols.iter().enumerate() {
                // an error leaves a transient, unreferenced instance behind: harmless
                st.dict[c] = Slot::Val(plan.dialect.result_value(&plan.types[p], row.take(offset + p))?);
            }
            st.loaders = plan.loaders.clone();
        }
        self.register_loaded(sid, id, key.clone());
        self.session_mut(sid).identity_map.replace(key, id);
        Ok(id)
    }

    /// `populate_existing`: the row's values replace the object's, pending
    /// changes to them are dropped, and loaded relationships are reset to
    /// load again (`_populate_full` with `populate_existing`).
    fn overwrite_from_row(&mut self, sid: SessionId, id: InstanceId, plan: &RowPlan, row: &mut RowValues<'_>, offset: usize) -> Result<()> {
        for (p, &c) in plan.cols.iter().enumerate() {
            let v = plan.dialect.result_value(&plan.types[p], row.take(offset + p))?;
            self.instances.get_mut(id).set_committed_value(c, v);
        }
        let st = self.instances.get_mut(id);
        for r in st.rels.iter_mut() {
            *r = crate::orm::state::RelSlot::Absent;
        }
        // every relationship loader's populator takes its name out of
        // `expired_attributes` (the lazy loader's `_reset`, the others set the value)
        st.expired_rels.clear();
        st.rel_committed.clear();
        st.pending.clear();
        st.forget_nones(None);
        if st.committed.is_empty() {
            st.modified = false;
            self.session_mut(sid).modified.shift_remove(&id);
        }
        Ok(())
    }

    /// Load the expired (and unmodified) columns of `id` with one SELECT
    /// (`load_scalar_attributes`). Raises DetachedInstanceError without a
    /// session and ObjectDeletedError when the row is gone.
    pub fn load_expired(&mut self, id: InstanceId) -> Result<()> {
        self.load_expired_for(id, false)
    }

    /// `load_expired`, its SQL labelled as a `refresh()` when `refresh`.
    /// Would [`Self::load_expired_for`] load any column of `id`?
    fn has_columns_to_load(&self, id: InstanceId) -> bool {
        let st = self.instances.get(id);
        let deferred = |i: usize| st.loaders.as_ref().is_some_and(|l| l.now.deferred.contains(i));
        (0..st.dict.len()).any(|i| (st.expired_attrs.contains(i) || st.dict[i].is_absent()) && !deferred(i) && st.committed_value(i).is_none())
    }

    fn load_expired_for(&mut self, id: InstanceId, refresh: bool) -> Result<()> {
        let st = self.instances.get(id);
        let sid = match st.session() {
            Some(s) => s,
            None => return Err(self.detached_error(id, "attribute refresh")),
        };
        let key = match st.key() {
            Some(k) => k.clone(),
            None => return Ok(()),
        };
        let ncols = st.dict.len();
        let deferred = |i: usize| st.loaders.as_ref().is_some_and(|l| l.now.deferred.contains(i));
        let toload: Vec<usize> = (0..ncols)
            .filter(|&i| (st.expired_attrs.contains(i) || st.dict[i].is_absent()) && !deferred(i) && st.committed_value(i).is_none())
            .collect();
        if toload.is_empty() {
            let st = self.instances.get_mut(id);
            st.expired_attrs.clear();
            Self::clear_expired_rels(st, refresh);
            return Ok(());
        }
        self.check_active(sid)?;
        self.autoflush(sid)?;
        let label = self.instances.label(id).to_string();
        let cause = if refresh { crate::events::Cause::Refresh(label) } else { crate::events::Cause::Expired(label) };
        self.events.emit(crate::events::Event::Cause(cause));
        let eager: Vec<usize> = {
            let st = self.instances.get(id);
            st.expired_rels.iter(st.rels.len()).filter(|&ri| st.rels[ri] == crate::orm::state::RelSlot::Absent).collect()
        };
        let r = self.load_columns(sid, id, &key, &toload);
        let r = r.and_then(|()| self.reload_eager(id, &eager));
        self.events.emit(crate::events::Event::CauseEnd);
        r?;
        let st = self.instances.get_mut(id);
        // expired relationships get back the loaders of the options the object was loaded with
        if let Some(l) = st.loaders.as_deref_mut() {
            for ri in st.expired_rels.iter(st.rels.len()) {
                l.now.copy_relationship(&l.options, ri);
            }
        }
        st.expired_attrs.clear();
        Self::clear_expired_rels(st, refresh);
        Ok(())
    }

    /// After expired columns are loaded: an attribute access (`state._load_expired`)
    /// clears every expired name; `refresh()` loads through `load_on_ident` and
    /// `_commit_all`, which forgets only what is now in the dict, so a lazy
    /// relationship it did not load stays in `expired_attributes`.
    fn clear_expired_rels(st: &mut crate::orm::state::InstanceState, refresh: bool) {
        if !refresh {
            st.expired_rels.clear();
            return;
        }
        for ri in 0..st.rels.len() {
            if st.rels[ri] != crate::orm::state::RelSlot::Absent {
                st.expired_rels.remove(ri);
            }
        }
    }

    /// Load one column a loader option deferred (`LoadDeferredColumns`):
    /// `SELECT users.fullname FROM users WHERE users.id = ?`, or raise for
    /// `defer(..., raiseload=True)` and on a detached object.
    pub fn load_deferred(&mut self, id: InstanceId, col: usize) -> Result<()> {
        let st = self.instances.get(id);
        let mapper = st.mapper;
        let (cls, attr) = {
            let m = self.registry.mapper(mapper);
            (m.class_name.clone(), m.columns[col].clone())
        };
        if st.loaders.as_ref().is_some_and(|l| l.now.raise_cols.contains(col)) {
            return Err(invalid(format!("'{}.{}' is not available due to raiseload=True", cls, attr)));
        }
        let Some(key) = st.key().cloned() else { return Ok(()) };
        let Some(sid) = st.session() else {
            return Err(Error::new(
                ErrorKind::DetachedInstanceError,
                format!(
                    "Parent instance {} is not bound to a Session; deferred load operation of attribute '{}' cannot proceed (Background on this error at: https://sqlalche.me/e/21/bhk3)",
                    self.instances.state_str(id),
                    attr
                ),
            ));
        };
        self.check_active(sid)?;
        self.autoflush(sid)?;
        self.events.emit(crate::events::Event::Cause(crate::events::Cause::Deferred(self.instances.label(id).to_string(), attr)));
        let r = self.load_columns(sid, id, &key, &[col]);
        self.events.emit(crate::events::Event::CauseEnd);
        r?;
        if let Some(l) = self.instances.get_mut(id).loaders.as_mut() {
            l.now.forget_column(col);
        }
        Ok(())
    }

    /// `SELECT <toload> FROM t WHERE pk = ?` into the instance's dict;
    /// ObjectDeletedError when the row is gone.
    fn load_columns(&mut self, sid: SessionId, id: InstanceId, key: &IdentityKey, toload: &[usize]) -> Result<()> {
        let mapper = self.instances.get(id).mapper;
        let m = self.registry.mapper(mapper);
        let table = self.registry.metadata.table(m.table).clone();
        let pkcols = table.primary_key.clone();
        let conn = self.connection_for(sid, Some(mapper))?;
        let d = self.dialect_for(&conn);
        let sql = crate::orm::dml::select_by_pk_for(&self.registry.metadata, self.registry.mapper(mapper).table, toload, &pkcols, d, self.load_for_update)?;
        let params: Vec<Value> = pkcols.iter().zip(key.pk.iter()).map(|(&c, v)| d.bind_value(Some(&table.columns[c].ty), v)).collect();
        let rs = conn.execute(&sql, &params)?;
        let row = match rs.rows.first() {
            Some(r) => r.clone(),
            None => {
                return Err(Error::new(
                    ErrorKind::ObjectDeletedError,
                    format!("Instance '{}' has been deleted, or its row is otherwise not present.", self.instances.state_str(id)),
                ))
            }
        };
        let mut vals = Vec::with_capacity(toload.len());
        for (p, &c) in toload.iter().enumerate() {
            vals.push(d.result_value(&table.columns[c].ty, row.get(p).cloned().unwrap_or(Value::Null))?);
        }
        let st = self.instances.get_mut(id);
        for (v, &c) in vals.into_iter().zip(toload.iter()) {
            st.dict[c] = Slot::Val(v);
        }
        Ok(())
    }

    /// `refresh(obj, names)` after the names are expired: `_load_on_ident` with
    /// `only_load_props`: one SELECT of the named columns only (other expired
    /// attributes stay expired), with the primary key when a relationship is
    /// named (#8703), then each named relationship loaded at once (the lazy
    /// loader's `_immediateload_create_row_processor` under `_is_user_refresh`),
    /// in the mapper's order.
    fn refresh_named(&mut self, sid: SessionId, id: InstanceId, names: &[String]) -> Result<()> {
        let mapper = self.instances.get(id).mapper;
        let key = self.instances.get(id).key().cloned().ok_or_else(|| invalid("not persistent".to_string()))?;
        let (cols, rels) = {
            let m = self.registry.mapper(mapper);
            let rels: Vec<usize> = (0..m.relationships.len()).filter(|&ri| names.contains(&m.relationships[ri].name)).collect();
            let pk = self.pk_columns(mapper);
            let cols: Vec<usize> =
                (0..m.columns.len()).filter(|&c| names.contains(&m.columns[c]) || (!rels.is_empty() && pk.contains(&c))).collect();
            (cols, rels)
        };
        self.autoflush(sid)?;
        if !cols.is_empty() {
            let label = self.instances.label(id).to_string();
            self.events.emit(crate::events::Event::Cause(crate::events::Cause::Refresh(label)));
            let r = self.load_columns(sid, id, &key, &cols);
            self.events.emit(crate::events::Event::CauseEnd);
            r?;
            let st = self.instances.get_mut(id);
            for &c in &cols {
                st.expired_attrs.remove(c);
                st.committed.retain(|(k, _)| *k as usize != c);
            }
        }
        for ri in rels {
            if self.instances.get(id).rels[ri] != crate::orm::state::RelSlot::Absent {
                continue;
            }
            // the refresh runs with the options the object was loaded with
            // (`state.load_options`): under `noload` the name is set empty, no SQL
            let noload = self.instances.get(id).loaders.as_ref().and_then(|l| l.origin.clone()).is_some_and(|o| {
                o.0.rel_strategy(&o.1, mapper, ri) == Some(crate::orm::strategy_options::RelStrategy::Noload)
            });
            if noload {
                let uselist = self.registry.mapper(mapper).relationships[ri].uselist;
                let st = self.instances.get_mut(id);
                st.set_committed_rel(ri, if uselist { crate::orm::state::RelSlot::Collection(Vec::new()) } else { crate::orm::state::RelSlot::Scalar(None) });
                continue;
            }
            self.get_relationship(id, ri)?;
        }
        Ok(())
    }

    /// `Session.refresh(obj, [names])`: expire, then load now; a missing row is
    /// InvalidRequestError "Could not refresh instance".
    pub fn refresh(&mut self, sid: SessionId, id: InstanceId, names: Option<&[String]>) -> Result<()> {
        {
            let st = self.instances.get(id);
            if st.session() != Some(sid) || st.key().is_none() {
                return Err(invalid(format!("Instance '{}' is not persistent within this Session", self.instances.state_str(id))));
            }
        }
        // expire first (pending changes are discarded), then autoflush; an inactive
        // transaction is found by the load (`_validate_persistent` comes before it)
        self.expire(sid, id, names)?;
        self.check_active(sid)?;
        if let Some(names) = names.filter(|n| !n.is_empty()) {
            return match self.refresh_named(sid, id, names) {
                Err(e) if e.kind == ErrorKind::ObjectDeletedError => Err(invalid(format!("Could not refresh instance '{}'", self.instances.state_str(id)))),
                r => r,
            };
        }
        if names.is_none_or(|n| n.is_empty()) {
            // the refresh loads with the options the object was loaded with:
            // what they deferred stays deferred (`state.load_options`)
            if let Some(l) = self.instances.get_mut(id).loaders.as_deref_mut() {
                l.now = l.options.clone();
            }
        }
        // the autoflush comes inside the load, after the columns to load are
        // known (`load_on_ident`): a flush that reloads some of them does not
        // make the refresh's SELECT go away
        if !self.has_columns_to_load(id) {
            self.autoflush(sid)?;
        }
        match self.load_expired_for(id, true) {
            Ok(()) => Ok(()),
            Err(e) if e.kind == ErrorKind::ObjectDeletedError => Err(invalid(format!("Could not refresh instance '{}'", self.instances.state_str(id)))),
            Err(e) => Err(e),
        }
    }
}

/// Per-result-set loading plan (see [`Orm::row_plan`]).
pub struct RowPlan {
    pub mapper: MapperId,
    cols: Vec<usize>,
    /// Positions (within `cols`) of the primary key columns.
    pk_pos: Vec<usize>,
    types: Vec<crate::sql::types::SqlType>,
    dialect: &'static dyn crate::sql::dialect::Dialect,
    /// Given to every new instance (deferred columns, raise/lazy flags).
    loaders: Option<Box<InstanceLoaders>>,
}

impl RowPlan {
    /// The plan with the per-instance loaders of a query's options.
    pub fn with_loaders(mut self, flags: LoaderFlags, origin: Option<std::rc::Rc<(crate::orm::strategy_options::Options, Vec<(MapperId, usize)>)>>) -> RowPlan {
        self.loaders = (!flags.is_empty() || origin.is_some()).then(|| Box::new(InstanceLoaders { now: flags.clone(), options: flags, origin }));
        self
    }
}

/// A row handed to the loader: borrowed (values cloned) or owned by the
/// caller and consumed (values moved out, `Null` left behind).
pub enum RowValues<'a> {
    Borrowed(&'a [Value]),
    Owned(&'a mut [Value]),
}

impl RowValues<'_> {
    fn get(&self, i: usize) -> Value {
        match self {
            RowValues::Borrowed(r) => r.get(i).cloned().unwrap_or(Value::Null),
            RowValues::Owned(r) => r.get(i).cloned().unwrap_or(Value::Null),
        }
    }
    fn take(&mut self, i: usize) -> Value {
        match self {
            RowValues::Borrowed(r) => r.get(i).cloned().unwrap_or(Value::Null),
            RowValues::Owned(r) => r.get_mut(i).map(|v| std::mem::replace(v, Value::Null)).unwrap_or(Value::Null),
        }
    }
}

/// The keywords of `Session.get()` that change how it loads.
#[derive(Default)]
pub struct GetOptions {
    pub populate_existing: bool,
    pub for_update: bool,
    pub options: crate::orm::strategy_options::Options,
}
