//! Eager loading of relationships for many parents at once: the "selectin"
//! loader (`SELECT child.fk, child.* … WHERE child.fk IN (…)`) and the row
//! side of the "joined" loader (populating a relationship from columns that
//! the query selected through `LEFT OUTER JOIN`). Mirrors
//! `orm/strategies.py` (`SelectInLoader`, `JoinedLoader`).
//!
//! Called by the interpreter's query runner after a query's rows became
//! instances (`interp::sa::relationships::apply_loader_options`).

use crate::exc::Result;
use crate::orm::mapping::{Direction, MapperId};
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, RelSlot, SessionId};
use crate::sql::compiler::{compile, CompileOptions};
use crate::sql::expr::{Expr, Select, Statement};
use crate::sql::value::Value;

impl Orm {
    /// `selectinload`: load relationship `ri` of every parent that has it
    /// unloaded with one SELECT … IN; returns the objects loaded.
    pub fn selectin_load(&mut self, sid: SessionId, mapper: MapperId, ri: usize, parents: &[InstanceId]) -> Result<Vec<InstanceId>> {
        let rel = self.relationship_of(mapper, ri);
        let todo: Vec<InstanceId> = parents
            .iter()
            .copied()
            .filter(|p| self.instances.get(*p).mapper == mapper && self.instances.get(*p).rels[ri] == RelSlot::Absent)
            .fold(Vec::new(), |mut v, p| {
                if !v.contains(&p) {
                    v.push(p)
                }
                v
            });
        if todo.is_empty() {
            return Ok(Vec::new());
        }
        let single_column = rel.local_remote_pairs.len() == 1 && rel.secondary.is_none();
        if !single_column {
            // composite joins and many-to-many: one lazy load per parent
            let mut out = Vec::new();
            for p in todo {
                if let RelSlot::Collection(v) = self.get_relationship(p, ri)? {
                    out.extend(v);
                } else if let RelSlot::Scalar(Some(x)) = self.instances.get(p).rels[ri] {
                    out.push(x);
                }
            }
            return Ok(out);
        }
        let (lc, rc) = rel.local_remote_pairs[0];
        let target = rel.target;
        let target_table = self.registry.mapper(target).table;
        let ncols = self.registry.mapper(target).columns.len();
        let mut keys: Vec<Value> = Vec::new();
        for &p in &todo {
            if let Some(v) = self.instances.get(p).dict[lc].value() {
                if !v.is_null() && !keys.contains(v) {
                    keys.push(v.clone());
                }
            }
        }
        let mut loaded = Vec::new();
        if rel.direction == Direction::ManyToOne {
            // parents whose target is already in the identity map need no SQL
            let tpk = self.pk_columns(target);
            if tpk != vec![rc] {
                for p in todo {
                    self.get_relationship(p, ri)?;
                }
                return Ok(loaded);
            }
            let missing: Vec<Value> =
                keys.iter().filter(|k| self.session(sid).identity_map.get(&self.identity_key(target, vec![(*k).clone()])).is_none()).cloned().collect();
            if !missing.is_empty() {
                let cols: Vec<usize> = (0..ncols).collect();
                let sel = Select::new(cols.iter().map(|&c| Expr::col(target_table, c)).collect())
                    .where_(Expr::col(target_table, rc).in_(missing.into_iter().map(Expr::bind).collect()));
                let conn = self.connection_for(sid, Some(target))?;
                let d = self.dialect_for(&conn);
                let c = compile(&Statement::Select(sel), &self.registry.metadata, &*d, &CompileOptions::default())?;
                let rs = conn.execute(&c.sql, &c.params)?;
                loaded = self.instances_from_rows(sid, target, &cols, &rs, 0)?;
            }
            for p in todo {
                let v = self.instances.get(p).dict[lc].value().cloned();
                let obj = match v {
                    Some(v) if !v.is_null() => self.session(sid).identity_map.get(&self.identity_key(target, vec![v])),
                    _ => None,
                };
                let st = self.instances.get_mut(p);
                if st.rels[ri] == RelSlot::Absent {
                    st.rels[ri] = RelSlot::Scalar(obj);
                    st.expired_rels.remove(ri);
                }
            }
            return Ok(loaded);
        }
        // one-to-many: the foreign key column first, then the entity's other columns
        let mut cols = vec![rc];
        cols.extend((0..ncols).filter(|c| *c != rc));
        if !keys.is_empty() {
            let mut sel = Select::new(cols.iter().map(|&c| Expr::col(target_table, c)).collect())
                .where_(Expr::col(target_table, rc).in_(keys.iter().cloned().map(Expr::bind).collect()));
            for ob in &rel.order_by {
                let e = Expr::col(target_table, ob.column);
                sel = sel.order_by(if ob.descending { e.desc() } else { e });
            }
            let conn = self.connection_for(sid, Some(target))?;
            let d = self.dialect_for(&conn);
            let c = compile(&Statement::Select(sel), &self.registry.metadata, &*d, &CompileOptions::default())?;
            let what = format!("{}.{}", self.registry.mapper(mapper).class_name, rel.name);
            self.events.emit(crate::events::Event::Cause(crate::events::Cause::EagerLoad(what)));
            let rs = conn.execute(&c.sql, &c.params)?;
            loaded = self.instances_from_rows(sid, target, &cols, &rs, 0)?;
        }
        for p in todo {
            let key = self.instances.get(p).dict[lc].value().cloned();
            let children: Vec<InstanceId> = match key {
                Some(k) if !k.is_null() => loaded
                    .iter()
                    .copied()
                    .filter(|c| self.instances.get(*c).dict[rc].value() == Some(&k))
                    .fold(Vec::new(), |mut v, c| {
                        if !v.contains(&c) {
                            v.push(c)
                        }
                        v
                    }),
                _ => Vec::new(),
            };
            let slot = if rel.uselist { RelSlot::Collection(children) } else { RelSlot::Scalar(children.into_iter().next()) };
            let st = self.instances.get_mut(p);
            if st.rels[ri] == RelSlot::Absent {
                st.rels[ri] = slot;
                st.expired_rels.remove(ri);
                self.apply_pending_mutations(p, ri);
            }
        }
        Ok(loaded)
    }

    /// The joined loader's row step: `child` (or no row: `None`) was read from
    /// the joined columns of a row that produced `parent`; `first` is the first
    /// such row of this parent in the result (the relationship is set), later
    /// rows add to the collection.
    pub fn joined_populate(&mut self, parent: InstanceId, ri: usize, child: Option<InstanceId>, first: bool) {
        let mapper = self.instances.get(parent).mapper;
        let uselist = self.registry.mapper(mapper).relationships[ri].uselist;
        let st = self.instances.get_mut(parent);
        if first {
            st.rels[ri] = if uselist { RelSlot::Collection(child.into_iter().collect()) } else { RelSlot::Scalar(child) };
            st.expired_rels.remove(ri);
        } else if let RelSlot::Collection(v) = &mut st.rels[ri] {
            if let Some(c) = child {
                if !v.contains(&c) {
                    v.push(c);
                }
            }
        }
    }
}
