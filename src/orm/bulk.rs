//! ORM bulk UPDATE by primary key: `session.execute(update(User), [{"id": 1,
//! "name": "x"}, ...])`. Each row's primary key goes into the WHERE, its other
//! keys into SET; consecutive rows with the same keys are one executemany.
//! Objects of those identities in the identity map get the new values of
//! their unmodified loaded attributes; modified ones are expired.
//! Mirrors `orm/bulk_persistence.py` (`_bulk_update`,
//! `_do_post_synchronize_bulk_evaluate`) and `persistence._collect_update_commands`.

use crate::engine::Connection;
use crate::exc::{invalid, Error, ErrorKind, Result};
use crate::orm::mapping::MapperId;
use crate::orm::session::Orm;
use crate::orm::sqlgen::{self, SetItem};
use crate::orm::state::{SessionId, Slot};
use crate::sql::value::Value;

impl Orm {
    /// Send the UPDATEs of `rows` ((column, value) pairs, any order) and
    /// synchronize the identity map unless `synchronize` is false. Returns the
    /// number of rows matched.
    pub fn bulk_update_by_pk(&mut self, sid: SessionId, m: MapperId, conn: &Connection, rows: Vec<Vec<(usize, Value)>>, synchronize: bool) -> Result<i64> {
        let table = self.registry.metadata.table(self.registry.mapper(m).table).clone();
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
            if !set.is_empty() {
                records.push((set, pk));
            }
        }
        let d = self.dialect_for(conn);
        let mut total = 0i64;
        let mut i = 0;
        while i < records.len() {
            let keys: Vec<usize> = records[i].0.iter().map(|(c, _)| *c).collect();
            let mut j = i + 1;
            while j < records.len() && records[j].0.iter().map(|(c, _)| *c).eq(keys.iter().copied()) {
                j += 1;
            }
            let its: Vec<SetItem> = keys.iter().map(|&c| SetItem::Param(c)).collect();
            let sql = sqlgen::update(&*d, &table, &its, &pkcols, 0);
            let params: Vec<Vec<Value>> = records[i..j]
                .iter()
                .map(|(set, pk)| {
                    let mut ps: Vec<Value> = set.iter().map(|(c, v)| d.bind_value(Some(&table.columns[*c].ty), v)).collect();
                    ps.extend(pkcols.iter().zip(pk).map(|(&c, v)| d.bind_value(Some(&table.columns[c].ty), v)));
                    ps
                })
                .collect();
            let n = if params.len() == 1 { conn.execute(&sql, &params[0])?.rowcount } else { conn.execute_many(&sql, &params)? };
            if n >= 0 && n as usize != j - i {
                return Err(Error::new(
                    ErrorKind::StaleDataError,
                    format!("UPDATE statement on table '{}' expected to update {} row(s); {} were matched.", table.name, j - i, n),
                ));
            }
            total += n.max(0);
            i = j;
        }
        if synchronize {
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
        }
        Ok(total)
    }
}
