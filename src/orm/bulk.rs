//! ORM bulk UPDATE by primary key: `session.execute(update(User), [{"id": 1,
//! "name": "x"}, ...])`. Each row's primary key goes into the WHERE, its other
//! keys into SET; consecutive rows with the same keys are one executemany.
//! Objects of those identities in the identity map get the new values of
//! their unmodified loaded attributes; modified ones are expired.
//! The user's own statement may add WHERE criteria (put before the key's, and
//! then the matched count is not checked) and `.values()` (joined to each row's
//! SET, each row its own execution), as `_emit_update_statements` does.
//! Mirrors `orm/bulk_persistence.py` (`_bulk_update`,
//! `_do_post_synchronize_bulk_evaluate`) and `persistence._collect_update_commands`.

use crate::engine::Connection;
use crate::exc::{invalid, Error, ErrorKind, Result};
use crate::orm::mapping::MapperId;
use crate::orm::session::Orm;
use crate::orm::state::{SessionId, Slot};
use crate::sql::compiler::{compile, CompileOptions};
use crate::sql::expr::{Expr, Statement, Update};
use crate::sql::value::Value;

impl Orm {
    /// Send the UPDATEs of `rows` ((column, value) pairs, any order) with the
    /// statement's `criteria` and `values`, and synchronize the identity map
    /// unless `synchronize` is false. Returns the number of rows matched.
    #[allow(clippy::too_many_arguments)]
    pub fn bulk_update_by_pk(
        &mut self,
        sid: SessionId,
        m: MapperId,
        conn: &Connection,
        rows: Vec<Vec<(usize, Value)>>,
        synchronize: bool,
        criteria: &[Expr],
        values: &[(usize, Expr)],
    ) -> Result<i64> {
        let table_id = self.registry.mapper(m).table;
        let table = self.registry.metadata.table(table_id).clone();
        let pkcols = table.primary_key.clone();
        // (set, pk) per row; rows without anything to set are skipped
        let mut records: Vec<(Vec<(usize, Value)>, Vec<Value>)> = Vec::new();
        for row in rows {
            let mut pk = Vec::with_capacity(pkcols.len());
            let mut missing = Vec::new();
            for &pc in &pkcols {
                match row.iter().find(|(c, _)| *c == pc) {
                    Some((_, v)) if !v.is_null() => pk.push(v.clone()),
                    _ => missing.push(format!("{}.{}", table.name, table.columns[pc].name)),
                }
            }
            if !missing.is_empty() {
                return Err(invalid(format!(
                    "No primary key value supplied for column(s) {}; per-row ORM Bulk UPDATE by Primary Key requires that records contain primary key values",
                    missing.join(", ")
                )));
            }
            let mut set: Vec<(usize, Value)> = row.into_iter().filter(|(c, _)| !pkcols.contains(c)).collect();
            set.sort_by_key(|(c, _)| *c);
            if !set.is_empty() || !values.is_empty() {
                records.push((set, pk));
            }
        }
        let d = self.dialect_for(conn);
        let mut total = 0i64;
        let mut i = 0;
        while i < records.len() {
            let keys: Vec<usize> = records[i].0.iter().map(|(c, _)| *c).collect();
            let mut j = i + 1;
            // with `.values()` every row is its own execution
            while values.is_empty() && j < records.len() && records[j].0.iter().map(|(c, _)| *c).eq(keys.iter().copied()) {
                j += 1;
            }
            let (sql, params) = if criteria.is_empty() && values.is_empty() {
                let set: Vec<(usize, Option<&Expr>)> = keys.iter().map(|&c| (c, None)).collect();
                let params: Vec<Vec<Value>> = records[i..j]
                    .iter()
                    .map(|(set, pk)| {
                        let mut ps: Vec<Value> = set.iter().map(|(c, v)| d.bind_value(Some(&table.columns[*c].ty), v)).collect();
                        ps.extend(pkcols.iter().zip(pk).map(|(&c, v)| d.bind_value(Some(&table.columns[c].ty), v)));
                        ps
                    })
                    .collect();
                (crate::orm::dml::update(&self.registry.metadata, table_id, &set, &pkcols, d)?, params)
            } else {
                // the user's statement `.where(pk = ?)`, compiled as SQLAlchemy does
                let typed = |c: usize, v: &Value| Expr::typed_bind(v.clone(), table.columns[c].ty.clone());
                let (mut sql, mut params) = (String::new(), Vec::new());
                for (set, pk) in &records[i..j] {
                    let mut cols = values.to_vec();
                    for (c, v) in set {
                        cols.retain(|(vc, _)| vc != c);
                        cols.push((*c, typed(*c, v)));
                    }
                    cols.sort_by_key(|(c, _)| *c);
                    let mut u = Update::new(table_id);
                    for (c, e) in cols {
                        u = u.set(c, e);
                    }
                    for w in criteria {
                        u = u.where_(w.clone());
                    }
                    for (&c, v) in pkcols.iter().zip(pk) {
                        u = u.where_(Expr::col(table_id, c).eq(typed(c, v)));
                    }
                    let compiled = compile(&Statement::Update(u), &self.registry.metadata, &*d, &CompileOptions::default())?;
                    sql = compiled.sql;
                    params.push(compiled.params);
                }
                (sql, params)
            };
            let n = if params.len() == 1 { conn.execute(&sql, &params[0])?.rowcount } else { conn.execute_many(&sql, &params)? };
            if criteria.is_empty() && n >= 0 && n as usize != j - i {
                return Err(Error::new(
                    ErrorKind::StaleDataError,
                    format!("UPDATE statement on table '{}' expected to update {} row(s); {} were matched.", table.name, j - i, n),
                ));
            }
            total += n.max(0);
            i = j;
        }
        if synchronize {
            self.bulk_update_synchronize(sid, m, records)?;
        }
        Ok(total)
    }

    /// `_do_post_synchronize_bulk_evaluate`: the objects of the identity map that
    /// `records` ((set, primary key) pairs) name take the new values of their
    /// loaded, unmodified attributes; loaded attributes with changes are expired.
    fn bulk_update_synchronize(&mut self, sid: SessionId, m: MapperId, records: Vec<(Vec<(usize, Value)>, Vec<Value>)>) -> Result<()> {
        for (set, pk) in records {
            let key = self.identity_key(m, pk);
            let Some(id) = self.session(sid).identity_map.get(&key) else { continue };
            let mut expire = Vec::new();
            for (c, v) in set {
                let st = self.instances.get_mut(id);
                if st.committed.iter().any(|(k, _)| *k as usize == c) {
                    if !st.dict[c].is_absent() {
                        expire.push(self.registry.mapper(m).columns[c].clone());
                    }
                } else if !st.dict[c].is_absent() {
                    st.dict[c] = Slot::Val(v);
                }
            }
            if !expire.is_empty() {
                self.expire_attributes(id, &expire)?;
            }
        }
        Ok(())
    }
}
