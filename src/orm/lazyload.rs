//! Loading relationships: the lazy loader (`SELECT … WHERE ? = child.fk`,
//! a `get()` for simple many-to-ones), and the column/relationship plumbing
//! the ORM needs around it. Mirrors `orm/strategies.py` (`LazyLoader`).

use crate::exc::{Error, ErrorKind, Result};
use crate::orm::mapping::{Direction, Lazy, MapperId};
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, RelSlot, Slot};
use crate::sql::compiler::{compile, CompileOptions};
use crate::sql::expr::{Expr, FromItem, Select, Statement};
use crate::sql::value::Value;

impl Orm {
    /// The value of relationship `ri` of `id`, lazy-loading it if needed.
    pub fn get_relationship(&mut self, id: InstanceId, ri: usize) -> Result<RelSlot> {
        let slot = self.instances.get(id).rels[ri].clone();
        if slot != RelSlot::Absent {
            return Ok(slot);
        }
        if self.instances.get(id).key().is_none() {
            // `LazyLoader._load_for_state`: an object without identity loads nothing
            // (ATTR_EMPTY), and the attribute's default (None, an empty collection) is
            // not stored (`_default_value`, `_empty_collections`): read after the
            // object's INSERT, the relationship loads
            let uselist = self.relationship_of(self.instances.get(id).mapper, ri).uselist;
            return Ok(if uselist { RelSlot::Collection(Vec::new()) } else { RelSlot::Scalar(None) });
        }
        let loaded = self.lazy_load(id, ri)?;
        let st = self.instances.get_mut(id);
        st.set_committed_rel(ri, loaded);
        st.forget_nones(Some(ri));
        self.apply_pending_mutations(id, ri);
        Ok(self.instances.get(id).rels[ri].clone())
    }

    /// Run the lazy loader for relationship `ri` of `id` (`LazyLoader._load_for_state`).
    /// Does reference `ri` of `mapper` defer its old value's load to its history
    /// (`LazyLoader.init_class_attribute`: `_deferred_history` for every scalar
    /// reference that is not a many-to-one able to use `get()`)?
    pub(crate) fn has_deferred_history(&self, mapper: MapperId, ri: usize) -> bool {
        let rel = self.relationship_of(mapper, ri);
        let uses_get = rel.direction == Direction::ManyToOne
            && rel.secondary.is_none()
            && rel.local_remote_pairs.iter().map(|p| p.1).collect::<Vec<_>>() == self.pk_columns(rel.target);
        !rel.uselist && !uses_get
    }

    /// Before a flush reads the history of `ids`: the old value of each deferred
    /// reference set without being loaded is loaded now, from the database as it
    /// was (autoflush is off inside the flush), as `get_history` does with
    /// `DEFERRED_HISTORY_LOAD`. The current value stays as set.
    pub fn load_deferred_history(&mut self, ids: &[InstanceId]) -> Result<()> {
        for &id in ids {
            let st = self.instances.get(id);
            if st.key().is_none() || st.session().is_none() {
                continue;
            }
            let mapper = st.mapper;
            let todo: Vec<usize> = st
                .rel_committed
                .iter()
                .filter(|(_, orig)| *orig == RelSlot::Absent)
                .map(|(k, _)| *k as usize)
                .filter(|&ri| self.has_deferred_history(mapper, ri))
                .collect();
            for ri in todo {
                self.load_deferred_original(id, ri)?;
            }
        }
        Ok(())
    }

    /// The old value of deferred reference `ri` of `id`, loaded now if it was set
    /// without being loaded (a deleted object's history read by `presort_deletes`).
    pub(crate) fn load_deferred_original(&mut self, id: InstanceId, ri: usize) -> Result<()> {
        let st = self.instances.get(id);
        let Some(sid) = st.session() else { return Ok(()) };
        if st.key().is_none()
            || !self.has_deferred_history(st.mapper, ri)
            || !st.rel_committed.iter().any(|(k, o)| *k as usize == ri && *o == RelSlot::Absent)
        {
            return Ok(());
        }
        // NO_AUTOFLUSH, as the history load of SQLAlchemy
        self.session_mut(sid).no_autoflush += 1;
        let loaded = self.lazy_load(id, ri);
        let s = self.session_mut(sid);
        s.no_autoflush = s.no_autoflush.saturating_sub(1);
        let loaded = loaded?;
        if let Some((_, orig)) = self.instances.get_mut(id).rel_committed.iter_mut().find(|(k, _)| *k as usize == ri) {
            *orig = loaded;
        }
        Ok(())
    }

    /// `inspect(obj).attrs.rel.history` of a reference whose old value is deferred:
    /// loaded for this answer only (SQLAlchemy does not keep it: the flush loads it again).
    pub fn rel_history_loading(&mut self, id: InstanceId, ri: usize) -> Result<crate::orm::collections::RelHistory> {
        let deferred = {
            let st = self.instances.get(id);
            st.key().is_some()
                && st.session().is_some()
                && self.has_deferred_history(st.mapper, ri)
                && st.rel_committed.iter().any(|(k, o)| *k as usize == ri && *o == RelSlot::Absent)
        };
        if !deferred {
            return Ok(self.rel_history(id, ri));
        }
        self.load_deferred_history(&[id])?;
        let h = self.rel_history(id, ri);
        if let Some((_, orig)) = self.instances.get_mut(id).rel_committed.iter_mut().find(|(k, _)| *k as usize == ri) {
            *orig = RelSlot::Absent;
        }
        Ok(h)
    }

    /// The removed members `OneToManyDP.presort_saves` looks at for orphans: the
    /// history read with INCLUDE_PENDING_MUTATIONS, so an unloaded collection's
    /// backref removals (`_pending_mutations`) count. `None`: no history at all.
    pub(crate) fn removed_for_orphans(&self, id: InstanceId, ri: usize) -> Option<Vec<InstanceId>> {
        let st = self.instances.get(id);
        if st.rel_committed.iter().any(|(k, _)| *k as usize == ri) {
            return Some(self.rel_history(id, ri).deleted);
        }
        let one_to_many = self.registry.mapper(st.mapper).relationships[ri].direction == Direction::OneToMany;
        let pending = st.pending.iter().find(|(k, _, _)| *k as usize == ri).filter(|_| one_to_many && matches!(st.rels[ri], RelSlot::Absent));
        pending.map(|(_, _, removed)| removed.clone())
    }

    pub fn lazy_load(&mut self, id: InstanceId, ri: usize) -> Result<RelSlot> {
        let st = self.instances.get(id);
        let mapper = st.mapper;
        let rel = self.registry.mapper(mapper).relationships[ri].clone();
        let empty = if rel.uselist { RelSlot::Collection(Vec::new()) } else { RelSlot::Scalar(None) };
        let sid = match st.session() {
            Some(s) => s,
            None => {
                if st.key().is_none() {
                    return Ok(empty);
                }
                return Err(Error::new(
                    ErrorKind::DetachedInstanceError,
                    format!(
                        "Parent instance {} is not bound to a Session; lazy load operation of attribute '{}' cannot proceed (Background on this error at: https://sqlalche.me/e/21/bhk3)",
                        self.instances.state_str(id),
                        rel.name
                    ),
                ));
            }
        };
        if st.key().is_none() {
            return Ok(empty);
        }
        // the query's options on this object first (per-state loaders), then the mapping
        let lazy = match st.loaders.as_deref().map(|l| &l.now) {
            Some(l) if l.rel_raise.contains(ri) => Lazy::Raise,
            Some(l) if l.rel_raise_sql.contains(ri) => Lazy::RaiseOnSql,
            Some(l) if l.rel_lazy.contains(ri) => Lazy::Select,
            _ => rel.lazy,
        };
        // the flush reads histories with NO_RAISE (`UOWTransaction.get_attribute_history`)
        let lazy = match lazy {
            Lazy::Raise | Lazy::RaiseOnSql if self.session(sid).flushing => Lazy::Select,
            other => other,
        };
        // `User.addresses`: in the raise message and the lazy load's label
        let what = format!("{}.{}", self.registry.mapper(mapper).class_name, rel.name);
        let raise = |how: &str| Err(Error::new(ErrorKind::InvalidRequestError, format!("'{}' is not available due to lazy='{}'", what, how)));
        match lazy {
            Lazy::Noload => return Ok(empty),
            Lazy::Raise => return raise("raise"),
            _ => {}
        }
        let parent_table = self.registry.mapper(mapper).table;
        let target = rel.target;
        let target_table = self.registry.mapper(target).table;
        // parent-side values of the join columns
        let local_cols: Vec<usize> = match (&rel.secondary, rel.direction) {
            (Some(sec), _) => sec.local_pairs.iter().map(|p| p.0).collect(),
            (None, _) => rel.local_remote_pairs.iter().map(|p| p.0).collect(),
        };
        let was_absent = self.instances.get(id).rels[ri] == RelSlot::Absent;
        let mut vals = Vec::new();
        for &c in &local_cols {
            let v = match &self.instances.get(id).dict[c] {
                Slot::Val(v) => v.clone(),
                _ => match self.get_column(id, c)? {
                    crate::orm::attributes::AttrRead::Value(v) => v,
                    crate::orm::attributes::AttrRead::Sql(_) => Value::Null,
                },
            };
            vals.push(v);
        }
        // reading an expired key reloaded the object with its load options, which may
        // have loaded this relationship (a selectinload under refresh_state): no lazy load
        if was_absent && self.instances.get(id).rels[ri] != RelSlot::Absent {
            return Ok(self.instances.get(id).rels[ri].clone());
        }
        if vals.iter().any(|v| v.is_null()) {
            return Ok(empty);
        }
        // many-to-one to the target's primary key: identity map first (`get`)
        if rel.direction == Direction::ManyToOne && rel.secondary.is_none() {
            let tpk = self.pk_columns(target);
            let remote: Vec<usize> = rel.local_remote_pairs.iter().map(|p| p.1).collect();
            if remote == tpk {
                let hit = self.session(sid).identity_map.get(&self.identity_key(target, vals.clone()));
                match (hit, lazy) {
                    (Some(hit), Lazy::RaiseOnSql) => return Ok(RelSlot::Scalar(Some(hit))),
                    (None, Lazy::RaiseOnSql) => return raise("raise_on_sql"),
                    // label the SELECT when the identity map cannot answer
                    (None, _) => {
                        let parent = Some(self.instances.label(id));
                        self.events.emit(crate::events::Event::Cause(crate::events::Cause::LazyLoad(what.clone(), parent, false)));
                        let got = self.get(sid, target, vals);
                        self.events.emit(crate::events::Event::CauseEnd);
                        return Ok(RelSlot::Scalar(got?));
                    }
                    _ => {}
                }
                let got = self.get(sid, target, vals)?;
                return Ok(RelSlot::Scalar(got));
            }
        }
        if lazy == Lazy::RaiseOnSql {
            return raise("raise_on_sql");
        }
        self.check_active(sid)?;
        self.autoflush(sid)?;
        let ncols = self.registry.mapper(target).columns.len();
        let cols: Vec<Expr> = (0..ncols).map(|c| Expr::col(target_table, c)).collect();
        let mut sel = Select::new(cols);
        // the lazy clause: the join condition with the parent's columns as binds of its values
        if let Some(sec) = &rel.secondary {
            sel = sel.select_from(FromItem::table(target_table)).select_from(FromItem::table(sec.table));
        }
        let on = rel.join_clauses(
            &|c| Expr::bind(local_cols.iter().position(|lc| *lc == c).map(|i| vals[i].clone()).unwrap_or(Value::Null)),
            &|c| Expr::col(target_table, c),
            &|c| rel.secondary.as_ref().map(|sec| Expr::col(sec.table, c)).unwrap_or(Expr::Null),
        );
        for e in on.primary.into_iter().chain(on.secondary) {
            sel = sel.where_(e);
        }
        let _ = parent_table;
        for ob in &rel.order_by {
            let e = Expr::col(target_table, ob.column);
            sel = sel.order_by(if ob.descending { e.desc() } else { e });
        }
        let parent = Some(self.instances.label(id));
        self.events.emit(crate::events::Event::Cause(crate::events::Cause::LazyLoad(what, parent, rel.uselist)));
        let r = self.lazy_select(sid, id, mapper, ri, target, ncols, sel, rel.uselist);
        self.events.emit(crate::events::Event::CauseEnd);
        r
    }

    /// The lazy load's SELECT (or its eager-loaded form), under its cause.
    #[allow(clippy::too_many_arguments)]
    fn lazy_select(
        &mut self,
        sid: crate::orm::state::SessionId,
        id: InstanceId,
        mapper: MapperId,
        ri: usize,
        target: MapperId,
        ncols: usize,
        sel: Select,
        uselist: bool,
    ) -> Result<RelSlot> {
        // the options the parent was loaded with go on along this relationship
        let origin = self.instances.get(id).loaders.as_ref().and_then(|l| l.origin.clone());
        let (opts, mut path) = match &origin {
            Some(o) => (o.0.clone(), o.1.clone()),
            None => (Default::default(), Vec::new()),
        };
        path.push((mapper, ri));
        if self.has_mapping_eager(target) || opts.reaches(&path) {
            let ids = self.eager_entity_load(sid, target, path, sel, &opts)?;
            return Ok(if uselist { RelSlot::Collection(ids) } else { RelSlot::Scalar(ids.into_iter().next()) });
        }
        let conn = self.connection_for(sid, Some(target))?;
        let d = self.dialect_for(&conn);
        let c = compile(&Statement::Select(sel), &self.registry.metadata, &*d, &CompileOptions::default())?;
        let rs = conn.execute(&c.sql, &c.params)?;
        let all: Vec<usize> = (0..ncols).collect();
        let ids = self.instances_from_rows(sid, target, &all, &rs, 0)?;
        Ok(if uselist { RelSlot::Collection(ids) } else { RelSlot::Scalar(ids.into_iter().next()) })
    }

    /// The mapper a relationship points to.
    pub fn rel_target(&self, mapper: MapperId, ri: usize) -> MapperId {
        self.registry.mapper(mapper).relationships[ri].target
    }

}
