//! The unit of work: one flush turns pending, modified and deleted objects
//! into INSERT/UPDATE/DELETE statements in dependency order, then moves the
//! objects to their new states. Mirrors `sqlalchemy/orm/unitofwork.py` and
//! `persistence.py` (`save_obj`, `delete_obj`, `_emit_insert_statements` …).
//!
//! Order: mappers sorted parents first; per mapper, UPDATEs then INSERTs
//! (pending in insertion order); then DELETEs, children first. Rows of one
//! table with the same column set are grouped: "insertmanyvalues" batches
//! (`imv.rs`) or executemany where SQLAlchemy uses them, one prepared
//! statement per row otherwise. A flush is O(n) in the
//! number of objects it touches.

use crate::orm::flush_order::UowTransaction;
use crate::engine::Connection;

use crate::exc::{invalid, Error, ErrorKind, Result};
use crate::orm::flush_plan::Op;
use crate::orm::{dml, imv};
use crate::orm::mapping::MapperId;
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, SessionId, Slot};
use crate::sql::expr::Expr;
use crate::sql::schema::Table;
use crate::sql::types::SqlType;
use crate::sql::value::Value;
use std::rc::Rc;

/// One row to INSERT (`persistence` records are tuples; named here).
pub(crate) struct InsertRecord {
    pub(crate) id: InstanceId,
    /// Columns sent, in table order, with their values.
    pub(crate) cols: Vec<usize>,
    pub(crate) params: Vec<Value>,
    /// Python-side defaults applied (written into the object after the INSERT).
    pub(crate) prefetched: Vec<(usize, Value)>,
    /// SQL expressions given as values (`persistence.value_params`): their
    /// columns are in `cols` but not in `params`; such a row is sent alone,
    /// with the expressions rendered inline.
    pub(crate) exprs: Vec<(usize, Rc<Expr>)>,
}

/// One row to UPDATE.
struct UpdateRecord {
    id: InstanceId,
    set: Vec<(usize, Slot)>,
    /// Primary key values identifying the row (before any key change).
    pk: Vec<Value>,
}

impl Orm {
    /// Autoflush before a query or a `get` miss, unless disabled.
    pub fn autoflush(&mut self, sid: SessionId) -> Result<()> {
        let s = self.session(sid);
        if s.opts.autoflush && s.no_autoflush == 0 && !s.flushing {
            self.autoflushing = true;
            let r = self.flush(sid);
            self.autoflushing = false;
            r?;
        }
        Ok(())
    }

    /// The flush of a commit: its statements' cause is the commit.
    pub(crate) fn flush_for_commit(&mut self, sid: SessionId) -> Result<()> {
        self.events.emit(crate::events::Event::Cause(crate::events::Cause::Commit));
        let r = self.flush_until_clean(sid);
        self.events.emit(crate::events::Event::CauseEnd);
        r
    }

    /// `SessionTransaction._prepare_impl`: flush until the session is clean, at
    /// most 100 times. A flush can leave work for the next one: a deleted
    /// object re-attached to a saved parent's collection is saved instead
    /// (`cancel_delete`) and stays in `Session.deleted`, so the commit's next
    /// flush DELETEs it.
    fn flush_until_clean(&mut self, sid: SessionId) -> Result<()> {
        self.flush(sid)?;
        for _ in 1..100 {
            let (deleted, new, dirty) = self.flush_working_set(sid);
            if deleted.is_empty() && new.is_empty() && dirty.is_empty() {
                return Ok(());
            }
            self.flush(sid)?;
        }
        let (deleted, new, dirty) = self.flush_working_set(sid);
        if deleted.is_empty() && new.is_empty() && dirty.is_empty() {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::FlushError,
            "Over 100 subsequent flushes have occurred within session.commit() - is an after_flush() hook creating new objects?".to_string(),
        ))
    }

    /// The objects the next flush of `sid` works on: (deleted, new, dirty), as
    /// `UOWTransaction` gathers them. `.plan` (`flush_preview`) uses the same set.
    pub(crate) fn flush_working_set(&self, sid: SessionId) -> (Vec<InstanceId>, Vec<InstanceId>, Vec<InstanceId>) {
        let s = self.session(sid);
        let deleted: Vec<InstanceId> = s.deleted.iter().copied().collect();
        let new: Vec<InstanceId> = s.new.iter().copied().filter(|id| !s.deleted.contains(id)).collect();
        let dirty: Vec<InstanceId> =
            s.modified.iter().copied().filter(|id| !s.deleted.contains(id) && self.instances.get(*id).key().is_some()).collect();
        (deleted, new, dirty)
    }

    /// `Session.flush()`.
    pub fn flush(&mut self, sid: SessionId) -> Result<()> {
        if self.session(sid).flushing {
            return Err(invalid("Session is already flushing"));
        }
        let (deleted, new, dirty) = self.flush_working_set(sid);
        if new.is_empty() && dirty.is_empty() && deleted.is_empty() {
            // `Session.flush`: `_is_clean()` returns before `_flush` asserts an active
            // transaction, so a clean session in a failed transaction flushes quietly
            self.session_mut(sid).modified.clear();
            return Ok(());
        }
        self.check_active(sid)?;
        self.autobegin(sid)?;
        // `_flush`: `_begin()` asserts the transaction active before the flush's try
        self.check_not_prepared(sid)?;
        let cause = if self.autoflushing { crate::events::Cause::Autoflush } else { crate::events::Cause::Flush };
        self.autoflushing = false;
        self.events.emit(crate::events::Event::Cause(cause));
        self.session_mut(sid).flushing = true;
        let plan = Orm::check_plans().then(|| self.flush_preview(sid));
        if plan.is_some() {
            self.flush_ran = Some(Vec::new());
        }
        let r = self.execute_flush(sid, &new, &dirty, &deleted);
        self.session_mut(sid).flushing = false;
        if let (Some(plan), Some(ran), true) = (plan, self.flush_ran.take(), r.is_ok()) {
            if let Some(diff) = self.plan_difference(&plan, &ran).filter(|_| plan.exact()) {
                self.events.emit(crate::events::Event::Report(crate::events::Report::new("plan_mismatch", diff.clone(), true).text_field("message", &diff)));
            }
        }
        self.events.emit(crate::events::Event::CauseEnd);
        match r {
            Ok(uow) => {
                self.finalize_flush(&uow);
                Ok(())
            }
            Err(e) => {
                self.fail_flush(sid, &e);
                Err(e)
            }
        }
    }

    fn table_of(&self, m: MapperId) -> Rc<Table> {
        Rc::new(self.registry.metadata.table(self.registry.mapper(m).table).clone())
    }

    pub(crate) fn emit_inserts(&mut self, m: MapperId, conn: &Connection, ids: &[InstanceId]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        for &id in ids {
            self.ran(Op::Insert, id, None);
        }
        let table = self.table_of(m);
        let tid = self.registry.mapper(m).table;
        let d = self.dialect_for(conn);
        let autoinc = table.autoincrement_column();
        let server_default_cols: Vec<usize> =
            (0..table.columns.len()).filter(|&c| table.columns[c].server_default.is_some()).collect();
        let mut records = Vec::with_capacity(ids.len());
        for &id in ids {
            let st = self.instances.get(id);
            // sized once: pushing into empty vectors grew each twice a row (bench W1)
            let mut cols = Vec::with_capacity(table.columns.len());
            let mut params = Vec::with_capacity(table.columns.len());
            let mut prefetched = Vec::new();
            let mut exprs = Vec::new();
            for (c, col) in table.columns.iter().enumerate() {
                if let Slot::Sql(e) = &st.dict[c] {
                    cols.push(c);
                    exprs.push((c, e.clone()));
                    continue;
                }
                // borrowed: bind_value makes the one copy the statement needs
                let v = match &st.dict[c] {
                    Slot::Val(v) if !v.is_null() => Some(v),
                    // JSON evaluates None (`should_evaluate_none`): a None set on it is JSON `null`
                    Slot::Val(v) if col.ty == SqlType::Json => Some(v),
                    _ => None,
                };
                match v {
                    Some(v) => {
                        if let Some(e) = crate::sql::dialect::bind_type_error(d, &col.ty, v) {
                            return Err(e);
                        }
                        cols.push(c);
                        params.push(d.bind_value(Some(&col.ty), v));
                    }
                    None => {
                        if let Some(def) = &col.default {
                            cols.push(c);
                            params.push(d.bind_value(Some(&col.ty), def));
                            prefetched.push((c, def.clone()));
                        } else if col.primary_key || col.server_default.is_some() {
                            // omitted: generated by the database
                        } else if col.ty == SqlType::Json {
                            // omitted, not NULL: SQLAlchemy's `_insert_cols_as_none` leaves
                            // out columns whose type evaluates None
                        } else {
                            cols.push(c);
                            params.push(Value::Null);
                        }
                    }
                }
            }
            records.push(InsertRecord { id, cols, params, prefetched, exprs });
        }
        // group consecutive records with the same column set
        let mut i = 0;
        while i < records.len() {
            if !records[i].exprs.is_empty() {
                self.emit_insert_with_exprs(conn, &*d, &table, &records[i], &server_default_cols)?;
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < records.len() && records[j].cols == records[i].cols && records[j].exprs.is_empty() {
                j += 1;
            }
            let cols = &records[i].cols;
            let has_all_pks = table.primary_key.iter().all(|pk| cols.contains(pk));
            // server defaults not given are fetched with RETURNING where the dialect has it
            let fetch: Vec<usize> = server_default_cols.iter().copied().filter(|c| !cols.contains(c)).collect();
            // several rows in multi-row batches (PostgreSQL, MariaDB), as SQLAlchemy
            if let Some(plan) = imv::plan(&*d, &table, cols, j - i, &fetch) {
                self.emit_insert_batches(conn, &*d, tid, &plan, &mut records[i..j])?;
                i = j;
                continue;
            }
            let group = &records[i..j];
            let cols = &group[0].cols;
            let need_pk = !has_all_pks;
            if has_all_pks && fetch.is_empty() && group.len() > 1 {
                let sql = dml::insert(&self.registry.metadata, tid, cols, &[], &[], &*d)?;
                let rows: Vec<Vec<Value>> = group.iter().map(|r| r.params.clone()).collect();
                conn.execute_many(&sql, &rows)?;
                for r in group {
                    self.after_insert(r, &[], &[]);
                }
            } else {
                let mut returning: Vec<usize> = Vec::new();
                // when RETURNING would fetch nothing but the integer autoincrement
                // key, SQLite takes a plain INSERT + last_insert_rowid() even for
                // several rows (`Dialect::lastrowid_over_returning`; docs/divergences.md)
                let only_rowid_missing = d.lastrowid_over_returning()
                    && fetch.is_empty()
                    && need_pk
                    && autoinc.is_some_and(|a| table.primary_key.iter().all(|&pk| pk == a || cols.contains(&pk)));
                if d.insert_returning()
                    && !only_rowid_missing
                    && (group.len() > 1 || !fetch.is_empty() || (need_pk && !d.postfetch_lastrowid()))
                {
                    if need_pk {
                        returning.extend(table.primary_key.iter().copied().filter(|c| !cols.contains(c)));
                    }
                    // a server-default key (a PostgreSQL serial) is fetched once
                    for &c in &fetch {
                        if !returning.contains(&c) {
                            returning.push(c);
                        }
                    }
                }
                let sql = dml::insert(&self.registry.metadata, tid, cols, &[], &returning, &*d)?;
                // server defaults not fetched are expired (loaded on access)
                let expire: Vec<usize> = fetch.iter().copied().filter(|c| !returning.contains(c)).collect();
                // one statement per row, prepared once for the group; the generated
                // values reach the objects once every row of the group is in, as
                // SQLAlchemy's executemany with RETURNING postfetches after the whole
                // batch (`_emit_insert_statements`): a row that fails leaves the
                // rows before it in the group without their keys
                let params: Vec<&[Value]> = group.iter().map(|r| r.params.as_slice()).collect();
                let mut got: Vec<Vec<(usize, Value)>> = Vec::with_capacity(group.len());
                conn.execute_each(&sql, &params, |_, rs| {
                    let mut fetched: Vec<(usize, Value)> = Vec::new();
                    generated_values(&*d, &table, &returning, autoinc, need_pk, &rs, &mut fetched)?;
                    got.push(fetched);
                    Ok(())
                })?;
                for (r, fetched) in group.iter().zip(got.iter()) {
                    self.after_insert(r, fetched, &expire);
                }
            }
            i = j;
        }
        Ok(())
    }

    /// One row with SQL expressions among its values, sent alone as
    /// `_emit_insert_statements` sends `statement.values(value_params)`: the
    /// expressions are rendered inline (bind literals stay binds), a key given
    /// as an expression comes back by RETURNING or `lastrowid` as a missing
    /// one does, and the other expression columns are expired (the compiler's
    /// `postfetch`), to be loaded on access.
    fn emit_insert_with_exprs(
        &mut self,
        conn: &Connection,
        d: &dyn crate::sql::dialect::Dialect,
        table: &Table,
        r: &InsertRecord,
        server_default_cols: &[usize],
    ) -> Result<()> {
        let tid = self.registry.mapper(self.instances.get(r.id).mapper).table;
        let is_bind = |e: &Expr| matches!(e, Expr::Bind(_));
        let expr_of = |c: usize| r.exprs.iter().find(|(ec, _)| *ec == c).map(|(_, e)| e);
        let mut params: Vec<Value> = Vec::with_capacity(r.params.len());
        let mut plain = r.params.iter();
        for &c in &r.cols {
            match expr_of(c) {
                Some(e) => {
                    let (_, ps) = self.compile_insert_value(e, tid, c, d, params.len())?;
                    params.extend(ps);
                }
                None => params.push(plain.next().cloned().unwrap_or(Value::Null)),
            }
        }
        // a key column missing, or given as a (non-bind) expression, comes back from the database
        let key_from_db = |c: usize| !r.cols.contains(&c) || expr_of(c).is_some_and(|e| !is_bind(e));
        let need_pk = table.primary_key.iter().any(|&c| key_from_db(c));
        let fetch: Vec<usize> = server_default_cols.iter().copied().filter(|c| !r.cols.contains(c)).collect();
        let autoinc = table.autoincrement_column();
        let only_rowid_missing = d.lastrowid_over_returning()
            && fetch.is_empty()
            && need_pk
            && autoinc.is_some_and(|a| table.primary_key.iter().all(|&pk| pk == a || !key_from_db(pk)));
        let mut returning: Vec<usize> = Vec::new();
        if d.insert_returning() && !only_rowid_missing && (!fetch.is_empty() || (need_pk && !d.postfetch_lastrowid())) {
            returning.extend(table.primary_key.iter().copied().filter(|&c| key_from_db(c)));
            for &c in &fetch {
                if !returning.contains(&c) {
                    returning.push(c);
                }
            }
        }
        let exprs: Vec<(usize, &Expr)> = r.exprs.iter().map(|(c, e)| (*c, &**e)).collect();
        let sql = dml::insert(&self.registry.metadata, tid, &r.cols, &exprs, &returning, d)?;
        let rs = conn.execute(&sql, &params)?;
        let mut fetched: Vec<(usize, Value)> = Vec::new();
        generated_values(d, table, &returning, autoinc, need_pk, &rs, &mut fetched)?;
        // a key given as a bind literal is the value it binds
        for &c in &table.primary_key {
            if let Some(Expr::Bind(b)) = expr_of(c).map(|e| &**e) {
                if !fetched.iter().any(|(fc, _)| *fc == c) {
                    fetched.push((c, b.value.clone()));
                }
            }
        }
        let mut expire: Vec<usize> =
            r.exprs.iter().filter(|(c, e)| !is_bind(e) && !table.primary_key.contains(c)).map(|(c, _)| *c).collect();
        expire.extend(fetch.iter().copied().filter(|c| !returning.contains(c)));
        self.after_insert(r, &fetched, &expire);
        Ok(())
    }

    /// Write generated keys, prefetched defaults and RETURNING values into the object.
    pub(crate) fn after_insert(&mut self, r: &InsertRecord, fetched: &[(usize, Value)], expire: &[usize]) {
        let st = self.instances.get_mut(r.id);
        for (c, v) in &r.prefetched {
            st.dict[*c] = Slot::Val(v.clone());
        }
        for (c, v) in fetched {
            st.dict[*c] = Slot::Val(v.clone());
        }
        if !expire.is_empty() {
            let names: Vec<String> = {
                let m = self.registry.mapper(self.instances.get(r.id).mapper);
                expire.iter().map(|&c| m.columns[c].clone()).collect()
            };
            let _ = self.expire_attributes(r.id, &names);
        }
    }

    /// UPDATEs by primary key of `ids`; with `row_switch`, `ids` are pending
    /// objects taking over a deleted row: every attribute they have is SET.
    pub(crate) fn emit_updates(
        &mut self,
        _sid: SessionId,
        m: MapperId,
        conn: &Connection,
        ids: &[InstanceId],
        row_switch: bool,
    ) -> Result<Vec<InstanceId>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let table = self.table_of(m);
        let d = self.dialect_for(conn);
        let mut records = Vec::new();
        for &id in ids {
            // the WHERE needs the primary key: load it if it was expired (an object
            // with nothing to UPDATE has it loaded by `finalize_flush_changes`, after
            // every statement: `Orm::load_saved_keys`)
            let pk_expired = |o: &Orm| table.primary_key.iter().any(|&c| o.instances.get(id).dict[c].is_absent() && o.instances.get(id).committed_value(c).is_none());
            if pk_expired(self) && (row_switch || self.has_update_values(id)) {
                self.load_expired(id)?;
            }
            let st = self.instances.get(id);
            let mut set = Vec::new();
            if row_switch {
                for c in 0..table.columns.len() {
                    if !table.primary_key.contains(&c) && !st.dict[c].is_absent() {
                        set.push((c, st.dict[c].clone()));
                    }
                }
            }
            for (c, _) in st.committed.iter().filter(|_| !row_switch) {
                let c = *c as usize;
                let changed = matches!(st.dict[c], Slot::Sql(_)) || self.column_changed(id, c);
                if changed && !st.dict[c].is_absent() {
                    set.push((c, st.dict[c].clone()));
                }
            }
            set.sort_by_key(|(c, _)| *c);
            let pk: Vec<Value> = table
                .primary_key
                .iter()
                .map(|&c| match st.committed_value(c) {
                    Some(Some(orig)) => orig.clone(),
                    _ => st.dict[c].value().cloned().unwrap_or(Value::Null),
                })
                .collect();
            if !set.is_empty() {
                records.push(UpdateRecord { id, set, pk });
            }
        }
        for r in &records {
            self.ran(Op::Update, r.id, None);
        }
        let mut i = 0;
        while i < records.len() {
            // the same columns SET, each a value or an expression alike (compared
            // in place: two vectors a row were built for it before, bench W7)
            let same_shape = |a: &UpdateRecord, b: &UpdateRecord| {
                a.set.len() == b.set.len()
                    && a.set.iter().zip(&b.set).all(|((ca, sa), (cb, sb))| {
                        ca == cb && matches!(sa, Slot::Sql(_)) == matches!(sb, Slot::Sql(_))
                    })
            };
            let has_sql = records[i].set.iter().any(|(_, s)| matches!(s, Slot::Sql(_)));
            let mut j = i + 1;
            if !has_sql {
                while j < records.len() && same_shape(&records[j], &records[i]) {
                    j += 1;
                }
            }
            let group = &records[i..j];
            // the SET entries: a placeholder, or the SQL expression assigned
            let set_of = |r: &UpdateRecord| -> Vec<(usize, Option<Rc<Expr>>)> {
                r.set
                    .iter()
                    .filter(|(_, s)| !s.is_absent())
                    .map(|(c, s)| (*c, if let Slot::Sql(e) = s { Some(e.clone()) } else { None }))
                    .collect()
            };
            let update_sql = |md: &Orm, r: &UpdateRecord| -> Result<String> {
                let set = set_of(r);
                let set: Vec<(usize, Option<&Expr>)> = set.iter().map(|(c, e)| (*c, e.as_deref())).collect();
                dml::update(&md.registry.metadata, md.registry.mapper(m).table, &set, &table.primary_key, &*d)
            };
            let params_for = |r: &UpdateRecord, md: &Orm| -> Result<(Vec<Value>, Vec<usize>)> {
                let mut ps = Vec::with_capacity(r.set.len() + r.pk.len());
                let mut expire = Vec::new();
                for (c, s) in &r.set {
                    match s {
                        Slot::Val(v) => {
                            if let Some(e) = crate::sql::dialect::bind_type_error(d, &table.columns[*c].ty, v) {
                                return Err(e);
                            }
                            ps.push(d.bind_value(Some(&table.columns[*c].ty), v));
                        }
                        Slot::Sql(e) => {
                            let (_, eps) = md.compile_fragment(&**e, md.registry.mapper(m).table, *c, &*d, ps.len())?;
                            ps.extend(eps);
                            expire.push(*c);
                        }
                        Slot::Absent => {}
                    }
                }
                for (k, &pc) in table.primary_key.iter().enumerate() {
                    ps.push(d.bind_value(Some(&table.columns[pc].ty), &r.pk[k]));
                }
                Ok((ps, expire))
            };
            if group.len() > 1 {
                let mut rows = Vec::with_capacity(group.len());
                for r in group {
                    rows.push(params_for(r, self)?.0);
                }
                let sql = update_sql(self, &group[0])?;
                let count = conn.execute_many(&sql, &rows)?;
                if count >= 0 && count as usize != group.len() {
                    return Err(stale_update(&table.name, group.len(), count));
                }
            } else {
                let r = &group[0];
                let (ps, expire) = params_for(r, self)?;
                let sql = update_sql(self, r)?;
                let rs = conn.execute(&sql, &ps)?;
                if rs.rowcount >= 0 && rs.rowcount != 1 {
                    return Err(stale_update(&table.name, 1, rs.rowcount));
                }
                if !expire.is_empty() {
                    let names: Vec<String> = {
                        let mm = self.registry.mapper(m);
                        expire.iter().map(|&c| mm.columns[c].clone()).collect()
                    };
                    // the new value is computed by the database: expire it
                    let st = self.instances.get_mut(r.id);
                    for &c in &expire {
                        st.dict[c] = Slot::Absent;
                    }
                    self.expire_attributes(r.id, &names)?;
                }
            }
            i = j;
        }
        Ok(ids.to_vec())
    }

    /// Would `emit_updates` SET anything for `id` (a column changed from its
    /// committed value, or set to a SQL expression)?
    fn has_update_values(&self, id: InstanceId) -> bool {
        let st = self.instances.get(id);
        st.committed.iter().any(|(c, _)| {
            let c = *c as usize;
            (matches!(st.dict[c], Slot::Sql(_)) || self.column_changed(id, c)) && !st.dict[c].is_absent()
        })
    }

    /// `Session._register_persistent` reads each saved object's identity key
    /// (`_identity_key_from_state`, PASSIVE_RETURN_NO_VALUE): a primary key
    /// that is still expired after the statements (an object flushed for a
    /// relationship change only) is loaded now, after every statement.
    pub(crate) fn load_saved_keys(&mut self, saved: &[InstanceId]) -> Result<()> {
        for &id in saved {
            let st = self.instances.get(id);
            if st.key().is_none() || st.session().is_none() {
                continue;
            }
            let pkcols = self.pk_columns(st.mapper);
            let st = self.instances.get(id);
            if pkcols.iter().any(|&c| st.dict[c].is_absent() && st.expired_attrs.contains(c) && st.committed_value(c).is_none()) {
                self.load_expired(id)?;
            }
        }
        Ok(())
    }

    pub(crate) fn emit_deletes(&mut self, m: MapperId, conn: &Connection, ids: &[InstanceId]) -> Result<()> {
        for &id in ids {
            self.ran(Op::Delete, id, None);
        }
        let table = self.table_of(m);
        let d = self.dialect_for(conn);
        let sql = dml::delete(&self.registry.metadata, self.registry.mapper(m).table, &table.primary_key, d)?;
        let rows: Vec<Vec<Value>> = ids
            .iter()
            .map(|id| {
                let st = self.instances.get(*id);
                let key = st.key().map(|k| k.pk.to_vec()).unwrap_or_default();
                table.primary_key.iter().zip(key).map(|(&c, v)| d.bind_value(Some(&table.columns[c].ty), &v)).collect()
            })
            .collect();
        if rows.len() == 1 {
            conn.execute(&sql, &rows[0])?;
        } else {
            conn.execute_many(&sql, &rows)?;
        }
        Ok(())
    }

    /// `finalize_flush_changes`: deleted objects leave the identity map,
    /// inserted ones enter it, everything flushed has its changes committed.
    fn finalize_flush(&mut self, uow: &UowTransaction) {
        let (sid, inserted, updated, deleted) = (uow.sid, &uow.inserted[..], &uow.updated[..], &uow.deleted[..]);
        self.remove_newly_deleted(sid, deleted);
        // primary key columns of the last mapper seen: looked up once per run of objects
        let mut pk_of: Option<(MapperId, Vec<usize>)> = None;
        for &id in inserted {
            let m = self.instances.get(id).mapper;
            if pk_of.as_ref().is_none_or(|(pm, _)| *pm != m) {
                pk_of = Some((m, self.pk_columns(m)));
            }
            let pkcols: &[usize] = pk_of.as_ref().map(|(_, c)| c.as_slice()).unwrap_or(&[]);
            let pk: Vec<Value> = pkcols.iter().map(|&c| self.instances.get(id).dict[c].value().cloned().unwrap_or(Value::Null)).collect();
            let key = self.identity_key(m, pk);
            self.register_persistent(id, key.clone());
            self.instances.get_mut(id).commit_all_keep_expired();
            self.session_mut(sid).identity_map.replace(key, id);
            if let Some(t) = self.session_mut(sid).transactions.last_mut() {
                t.new.insert(id);
            }
        }
        for &id in updated {
            // a primary key change re-keys the identity map
            let m = self.instances.get(id).mapper;
            let pkcols = self.pk_columns(m);
            let pk: Vec<Value> = pkcols.iter().map(|&c| self.instances.get(id).dict[c].value().cloned().unwrap_or(Value::Null)).collect();
            let newkey = self.identity_key(m, pk);
            let old = self.instances.get(id).key().cloned();
            if let Some(old) = old {
                if old != newkey && !newkey.pk.iter().any(|v| v.is_null()) {
                    self.session_mut(sid).identity_map.discard(&old, id);
                    self.switch_key(id, newkey.clone());
                    self.session_mut(sid).identity_map.replace(newkey.clone(), id);
                    if let Some(t) = self.session_mut(sid).transactions.last_mut() {
                        t.key_switches.push((id, old, newkey));
                    }
                }
            }
            self.instances.get_mut(id).commit_all_keep_expired();
            if let Some(t) = self.session_mut(sid).transactions.last_mut() {
                t.dirty.insert(id);
            }
        }
        // one pass, keeping the order of what stays: a shift_remove per object
        // made a flush of n new objects O(n^2) (51 s for 100k, bench W1)
        let s = self.session_mut(sid);
        if !inserted.is_empty() {
            let gone: crate::orm::state::IdHashSet = inserted.iter().copied().collect();
            s.new.retain(|id| !gone.contains(id));
        }
        // everything flushed (updated, inserted and the rest) is no longer modified
        s.modified.clear();
    }
}

/// What the database generated for one INSERT: the RETURNING columns, or the
/// autoincrement key from `lastrowid` when nothing was returned, as
/// (column, value) pairs appended to `out`.
fn generated_values(
    d: &dyn crate::sql::dialect::Dialect,
    table: &Table,
    returning: &[usize],
    autoinc: Option<usize>,
    need_pk: bool,
    rs: &crate::engine::ResultSet,
    out: &mut Vec<(usize, Value)>,
) -> Result<()> {
    if !returning.is_empty() {
        if let Some(row) = rs.rows.first() {
            for (p, &c) in returning.iter().enumerate() {
                let raw = row.get(p).cloned().unwrap_or(Value::Null);
                out.push((c, d.result_value(&table.columns[c].ty, raw)?));
            }
        }
    } else if need_pk {
        if let (Some(c), Some(rowid)) = (autoinc, rs.lastrowid) {
            out.push((c, Value::Int(rowid)));
        }
    }
    Ok(())
}

fn stale_update(table: &str, expected: usize, got: i64) -> Error {
    Error::new(
        ErrorKind::StaleDataError,
        format!("UPDATE statement on table '{}' expected to update {} row(s); {} were matched.", table, expected, got),
    )
}

/// Order primary keys as Python sorts tuples (None first, then by value).
pub(crate) fn cmp_keys(a: Option<&[Value]>, b: Option<&[Value]>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => {
            for (x, y) in a.iter().zip(b.iter()) {
                match x.py_cmp(y) {
                    Some(std::cmp::Ordering::Equal) | None => continue,
                    Some(o) => return o,
                }
            }
            a.len().cmp(&b.len())
        }
        _ => std::cmp::Ordering::Equal,
    }
}
