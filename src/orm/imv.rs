//! "insertmanyvalues": the flush's INSERT of many rows as multi-row `INSERT …
//! VALUES (…), (…) [RETURNING …]` batches, as SQLAlchemy 2.x sends them on
//! PostgreSQL and MariaDB. Mirrors `persistence._emit_insert_statements` (which
//! groups decide on a batched execution), `compiler._deliver_insertmanyvalues_batches`
//! (batch size: `insertmanyvalues_page_size` 1000 rows, shrunk so that a batch
//! has at most `insertmanyvalues_max_parameters` 32700 parameters) and
//! `DefaultExecutionContext._exec_insertmany_context` (the returned rows sorted
//! by the sentinel column, so that the k-th row goes to the k-th object).
//!
//! Two cases are batched, the others keep one statement per row:
//! - the new autoincrement key (and server defaults) must come back: RETURNING
//!   the key plus the key again as the sentinel (`id AS id__1`); PostgreSQL
//!   uses its orderable `INSERT … SELECT … ORDER BY sen_counter` form, MariaDB
//!   a plain VALUES list (an autoincrement key grows in row order). Echoed
//!   `[insertmanyvalues 1/3 (ordered)]`.
//! - every key is given and nothing comes back, on PostgreSQL (psycopg2's
//!   `use_insertmanyvalues_wo_returning`): `(unordered)`. MySQL/MariaDB use the
//!   driver's executemany there, as pymysql does.

use crate::engine::Connection;
use crate::events::Batch;
use crate::exc::{Error, ErrorKind, Result};
use crate::orm::flush::InsertRecord;
use crate::orm::session::Orm;
use crate::sql::dialect::Dialect;
use crate::sql::schema::{Table, TableId};
use crate::sql::value::Value;

/// How an "insertmanyvalues" batch is rendered (SQLAlchemy's compiler,
/// `visit_insert` with `use_insertmanyvalues`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManyValuesForm {
    /// `INSERT INTO t (a, b) VALUES (…), (…)[ RETURNING …]`.
    Values,
    /// PostgreSQL's orderable form for a server-generated sentinel
    /// (`USE_INSERT_FROM_SELECT` with `RENDER_SELECT_COL_CASTS`):
    /// `INSERT INTO t (a, b) SELECT p0::T, p1::T FROM (VALUES (…, 0), (…, 1))
    /// AS imp_sen(p0, p1, sen_counter) ORDER BY sen_counter RETURNING …`.
    SelectSentinel,
}

/// `DefaultDialect.insertmanyvalues_page_size`.
pub const PAGE_SIZE: usize = 1000;
/// `DefaultDialect.insertmanyvalues_max_parameters`.
pub const MAX_PARAMETERS: usize = 32700;

/// How one group of INSERT rows (same columns) is sent in batches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Columns fetched back per row (the new key first, then server defaults).
    pub returning: Vec<usize>,
    /// The server-generated sentinel column (the autoincrement key) whose
    /// values order the returned rows; `None` when nothing comes back.
    pub sentinel: Option<usize>,
    pub form: ManyValuesForm,
}

/// Rows per batch for `ncols` parameters per row.
pub fn batch_size(ncols: usize) -> usize {
    if ncols == 0 {
        PAGE_SIZE
    } else {
        PAGE_SIZE.min(MAX_PARAMETERS / ncols).max(1)
    }
}

/// Whether (and how) a group of `rows` rows inserting the columns `cols` is
/// batched; `fetch` are the server-default columns not given.
pub fn plan(d: &dyn Dialect, t: &Table, cols: &[usize], rows: usize, fetch: &[usize]) -> Option<Plan> {
    if !d.use_insertmanyvalues() || rows < 2 || cols.is_empty() {
        return None;
    }
    let has_all_pks = t.primary_key.iter().all(|pk| cols.contains(pk));
    if has_all_pks {
        return (fetch.is_empty() && d.use_insertmanyvalues_wo_returning())
            .then(|| Plan { returning: Vec::new(), sentinel: None, form: ManyValuesForm::Values });
    }
    // the key must come back: only an autoincrement key orders the rows
    let a = t.autoincrement_column()?;
    if cols.contains(&a) || !d.insert_returning() {
        return None;
    }
    let mut returning = vec![a];
    returning.extend(fetch.iter().copied().filter(|&c| c != a));
    let form = if d.insertmanyvalues_from_select() { ManyValuesForm::SelectSentinel } else { ManyValuesForm::Values };
    Some(Plan { returning, sentinel: Some(a), form })
}

impl Orm {
    /// Send `group` (rows of one table with the same columns) as the batches of `plan`,
    /// writing the returned keys and defaults into the objects.
    pub(crate) fn emit_insert_batches(
        &mut self,
        conn: &Connection,
        d: &dyn Dialect,
        tid: TableId,
        plan: &Plan,
        group: &mut [InsertRecord],
    ) -> Result<()> {
        let cols = group[0].cols.clone();
        let size = batch_size(cols.len());
        let of = group.len().div_ceil(size);
        let ordered = plan.sentinel.is_some();
        let full_rows = size.min(group.len());
        let from_select = plan.form == ManyValuesForm::SelectSentinel;
        let batch_sql = |rows: usize| crate::orm::dml::insert_many(&self.registry.metadata, tid, &cols, &plan.returning, plan.sentinel, from_select, rows, d);
        // compiled once per batch size: the full batches share one text, the last may be shorter
        let full_sql = batch_sql(full_rows)?;
        let last_rows = group.len() % size;
        let last_sql = if last_rows > 0 && last_rows != full_rows { batch_sql(last_rows)? } else { String::new() };
        let mut fetched: Vec<(usize, Value)> = Vec::new();
        for (k, chunk) in group.chunks_mut(size).enumerate() {
            let sql = if chunk.len() == full_rows { full_sql.as_str() } else { last_sql.as_str() };
            let mut params = Vec::with_capacity(chunk.len() * cols.len());
            for r in chunk.iter_mut() {
                params.append(&mut r.params);
            }
            let batch = Batch { n: k + 1, of, ordered };
            let rs = conn.execute_batch(&sql, &params, Some(batch))?;
            if plan.sentinel.is_none() {
                for r in chunk.iter() {
                    self.after_insert(r, &[], &[]);
                }
                continue;
            }
            let mut rows = rs.rows;
            if rows.len() != chunk.len() {
                return Err(Error::new(
                    ErrorKind::InvalidRequestError,
                    format!(
                        "Can't match sentinel values in result set to parameter sets; expected {} rows, got {}",
                        chunk.len(),
                        rows.len()
                    ),
                ));
            }
            // the sentinel is the last column: sort as SQLAlchemy sorts by it
            let s = plan.returning.len();
            rows.sort_by(|a, b| a.get(s).and_then(|x| b.get(s).and_then(|y| x.py_cmp(y))).unwrap_or(std::cmp::Ordering::Equal));
            for (r, row) in chunk.iter().zip(rows) {
                fetched.clear();
                for (&c, raw) in plan.returning.iter().zip(row) {
                    fetched.push((c, d.result_value(&self.registry.metadata.table(tid).columns[c].ty, raw)?));
                }
                self.after_insert(r, &fetched, &[]);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::dialect::{MysqlDialect, PostgresDialect, SqliteDialect};
    use crate::sql::schema::{Column, Table};
    use crate::sql::types::SqlType;

    fn col(name: &str, ty: SqlType, primary_key: bool) -> Column {
        Column { primary_key, nullable: !primary_key, ..Column::new(name, ty) }
    }

    fn customer() -> Table {
        Table {
            name: "customer".into(),
            columns: vec![col("id", SqlType::Integer, true), col("name", SqlType::String(Some(255)), false), col("n", SqlType::Integer, false)],
            primary_key: vec![0],
        }
    }

    #[test]
    fn batch_size_is_sqlalchemys() {
        assert_eq!(batch_size(2), 1000);
        assert_eq!(batch_size(40), 817);
        assert_eq!(batch_size(32701), 1);
    }

    #[test]
    fn which_groups_are_batched() {
        let t = customer();
        let pg = PostgresDialect;
        let maria = MysqlDialect { mariadb: true };
        let mysql = MysqlDialect { mariadb: false };
        let auto = plan(&pg, &t, &[1, 2], 2, &[]).unwrap();
        assert_eq!(auto, Plan { returning: vec![0], sentinel: Some(0), form: ManyValuesForm::SelectSentinel });
        assert_eq!(plan(&maria, &t, &[1, 2], 2, &[]).unwrap().form, ManyValuesForm::Values);
        // one row, MySQL (no RETURNING), SQLite: not batched
        assert_eq!(plan(&pg, &t, &[1, 2], 1, &[]), None);
        assert_eq!(plan(&mysql, &t, &[1, 2], 5, &[]), None);
        assert_eq!(plan(&SqliteDialect, &t, &[1, 2], 5, &[]), None);
        // keys given: PostgreSQL batches without RETURNING, MariaDB uses executemany
        assert_eq!(plan(&pg, &t, &[0, 1, 2], 3, &[]).unwrap().sentinel, None);
        assert_eq!(plan(&maria, &t, &[0, 1, 2], 3, &[]), None);
        // a server default fetched back with a given key: row by row
        assert_eq!(plan(&pg, &t, &[0, 1], 3, &[2]), None);
        // a server default fetched back with a generated key: RETURNING id, n
        assert_eq!(plan(&pg, &t, &[1], 3, &[2]).unwrap().returning, vec![0, 2]);
    }

    #[test]
    fn statements_read_like_sqlalchemys() {
        let mut md = crate::sql::schema::MetaData::default();
        let t = md.add(customer());
        let many = crate::orm::dml::insert_many;
        let pg = many(&md, t, &[1, 2], &[0], Some(0), true, 2, &PostgresDialect).unwrap();
        assert_eq!(
            pg,
            "INSERT INTO customer (name, n) SELECT p0::VARCHAR, p1::INTEGER FROM (VALUES ($1, $2, 0), ($3, $4, 1)) \
             AS imp_sen(p0, p1, sen_counter) ORDER BY sen_counter RETURNING customer.id, customer.id AS id__1"
        );
        let maria = many(&md, t, &[1], &[0], Some(0), false, 3, &MysqlDialect { mariadb: true }).unwrap();
        assert_eq!(maria, "INSERT INTO customer (name) VALUES (?), (?), (?) RETURNING customer.id, customer.id AS id__1");
        let plain = many(&md, t, &[0, 1], &[], None, false, 2, &PostgresDialect).unwrap();
        assert_eq!(plain, "INSERT INTO customer (id, name) VALUES ($1, $2), ($3, $4)");
    }
}
