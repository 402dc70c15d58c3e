//! Text of the statements the ORM itself emits (INSERT/UPDATE of a
//! flush, SELECT by primary key, load of expired columns), built directly from
//! table metadata in SQLAlchemy's exact form. The flush groups rows of one
//! shape (same table and columns) as `persistence.py` does and asks for the
//! text once per group, so 100,000 inserts build one statement, not 100,000
//! (there is no cache across flushes: building a text costs less than a lookup).
//!
//! Mirrors what `persistence.py` asks the compiler for; arbitrary user
//! statements go through `sql::compiler` instead, and so do the flush's
//! DELETEs (`Orm::delete_sql` compiles a `Delete` tree). Issue 14 wants one
//! SQL producer: INSERT, UPDATE and the SELECT by key are still here.

use crate::sql::dialect::Dialect;
use crate::sql::schema::Table;

/// Positional placeholder text for the `n`-th (1-based) parameter.
pub fn placeholder(d: &dyn Dialect, n: usize) -> String {
    d.placeholder(n)
}

fn q(d: &dyn Dialect, name: &str) -> String {
    d.quote(name)
}

/// `table.col` as SQLAlchemy qualifies columns in WHERE/SELECT.
fn qual(d: &dyn Dialect, t: &Table, c: usize) -> String {
    format!("{}.{}", q(d, &t.name), q(d, &t.columns[c].name))
}

/// `INSERT INTO t (a, b) VALUES (?, ?)[ RETURNING id]`; the RETURNING
/// columns are qualified (`RETURNING t.id`) where SQLAlchemy's dialect
/// qualifies them (PostgreSQL, MySQL/MariaDB).
pub fn insert(d: &dyn Dialect, t: &Table, cols: &[usize], returning: &[usize]) -> String {
    let ph: Vec<String> = (1..=cols.len()).map(|n| placeholder(d, n)).collect();
    insert_values(d, t, cols, &ph, returning)
}

/// `INSERT INTO t (a, b) VALUES (<values>)[ RETURNING id]` with each value's
/// text given: a placeholder, or an expression rendered inline.
pub fn insert_values(d: &dyn Dialect, t: &Table, cols: &[usize], ph: &[String], returning: &[usize]) -> String {
    let names: Vec<String> = cols.iter().map(|&c| q(d, &t.columns[c].name)).collect();
    let mut s = if cols.is_empty() {
        format!("INSERT INTO {} DEFAULT VALUES", q(d, &t.name))
    } else {
        format!("INSERT INTO {} ({}) VALUES ({})", q(d, &t.name), names.join(", "), ph.join(", "))
    };
    if !returning.is_empty() {
        let r: Vec<String> =
            returning.iter().map(|&c| if d.qualify_returning() { qual(d, t, c) } else { q(d, &t.columns[c].name) }).collect();
        s.push_str(" RETURNING ");
        s.push_str(&r.join(", "));
    }
    s
}

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

/// The text of one insertmanyvalues batch of `rows` rows: the columns `cols`,
/// placeholders numbered across the rows, then `RETURNING` the columns of
/// `returning` and, when `sentinel` is given, that column again as
/// `<name>__1` (the sentinel SQLAlchemy sorts the returned rows by).
pub fn insert_many_values(
    d: &dyn Dialect,
    t: &Table,
    cols: &[usize],
    returning: &[usize],
    sentinel: Option<usize>,
    form: ManyValuesForm,
    rows: usize,
) -> String {
    use std::fmt::Write;
    let names: Vec<String> = cols.iter().map(|&c| q(d, &t.columns[c].name)).collect();
    let mut s = String::with_capacity(64 + rows * cols.len() * 6);
    let _ = write!(s, "INSERT INTO {} ({})", q(d, &t.name), names.join(", "));
    if form == ManyValuesForm::SelectSentinel {
        s.push_str(" SELECT ");
        for (i, &c) in cols.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            // PostgreSQL's render_bind_cast: VARCHAR without its length
            let ty = match &t.columns[c].ty {
                crate::sql::types::SqlType::String(Some(_)) => crate::sql::types::SqlType::String(None),
                ty => ty.clone(),
            };
            let _ = write!(s, "p{}::{}", i, d.type_ddl(&ty, false));
        }
        s.push_str(" FROM (VALUES ");
    } else {
        s.push_str(" VALUES ");
    }
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for i in 0..cols.len() {
            if i > 0 {
                s.push_str(", ");
            }
            n += 1;
            s.push_str(&d.placeholder(n));
        }
        if form == ManyValuesForm::SelectSentinel {
            let _ = write!(s, ", {r}");
        }
        s.push(')');
    }
    if form == ManyValuesForm::SelectSentinel {
        s.push_str(") AS imp_sen(");
        for i in 0..cols.len() {
            let _ = write!(s, "p{i}, ");
        }
        s.push_str("sen_counter) ORDER BY sen_counter");
    }
    if !returning.is_empty() || sentinel.is_some() {
        let mut r: Vec<String> =
            returning.iter().map(|&c| if d.qualify_returning() { qual(d, t, c) } else { q(d, &t.columns[c].name) }).collect();
        if let Some(c) = sentinel {
            let col = if d.qualify_returning() { qual(d, t, c) } else { q(d, &t.columns[c].name) };
            r.push(format!("{} AS {}", col, q(d, &format!("{}__1", t.columns[c].name))));
        }
        s.push_str(" RETURNING ");
        s.push_str(&r.join(", "));
    }
    s
}

/// One SET entry of an UPDATE: a parameter, or SQL text (with its own params)
/// for an expression assigned to the attribute.
pub enum SetItem {
    Param(usize),
    Sql(usize, String, usize),
}

/// `UPDATE t SET a=?, b=(t.b + ?) WHERE t.id = ?`. `Sql` items carry their
/// compiled fragment whose placeholders were numbered from the running count.
pub fn update(d: &dyn Dialect, t: &Table, set: &[SetItem], pk: &[usize], n0: usize) -> String {
    let mut n = n0;
    let mut parts = Vec::new();
    for item in set {
        match item {
            SetItem::Param(c) => {
                n += 1;
                parts.push(format!("{}={}", q(d, &t.columns[*c].name), placeholder(d, n)));
            }
            SetItem::Sql(c, text, nparams) => {
                n += nparams;
                parts.push(format!("{}={}", q(d, &t.columns[*c].name), text));
            }
        }
    }
    let mut s = format!("UPDATE {} SET {}", q(d, &t.name), parts.join(", "));
    s.push_str(" WHERE ");
    s.push_str(&where_pk(d, t, pk, n));
    s
}

/// `t.a = ? AND t.b = ?` with placeholders numbered after `n0`.
pub fn where_pk(d: &dyn Dialect, t: &Table, pk: &[usize], n0: usize) -> String {
    pk.iter().enumerate().map(|(i, &c)| format!("{} = {}", qual(d, t, c), placeholder(d, n0 + i + 1))).collect::<Vec<_>>().join(" AND ")
}

/// `SELECT t.a, t.b \nFROM t \nWHERE t.id = ?`.
pub fn select_by_pk(d: &dyn Dialect, t: &Table, cols: &[usize], pk: &[usize]) -> String {
    let names: Vec<String> = cols.iter().map(|&c| qual(d, t, c)).collect();
    format!("SELECT {} \nFROM {} \nWHERE {}", names.join(", "), q(d, &t.name), where_pk(d, t, pk, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::dialect::dialect_for;
    use crate::sql::schema::{Autoincrement, Column};
    use crate::sql::types::SqlType;

    fn column(name: &str) -> Column {
        Column {
            name: name.into(),
            ty: SqlType::Integer,
            primary_key: false,
            nullable: true,
            unique: false,
            index: false,
            default: None,
            server_default: None,
            foreign_key: None,
            autoincrement: Autoincrement::Auto,
        }
    }

    /// SQLAlchemy 2.1.9: `RETURNING id` on SQLite, `RETURNING "Artist"."ArtistId"`
    /// on PostgreSQL and `` RETURNING `Artist`.`ArtistId` `` on MariaDB.
    #[test]
    fn insert_returning_is_qualified_on_the_servers() {
        let t = Table { name: "Artist".into(), columns: vec![column("ArtistId"), column("Name"), column("Mood")], primary_key: vec![0] };
        let sql = |d: &str| dialect_for(d).map(|d| insert(d, &t, &[1], &[0, 2])).unwrap_or_default();
        assert_eq!(sql("sqlite"), r#"INSERT INTO "Artist" ("Name") VALUES (?) RETURNING "ArtistId", "Mood""#);
        assert_eq!(sql("postgresql"), r#"INSERT INTO "Artist" ("Name") VALUES ($1) RETURNING "Artist"."ArtistId", "Artist"."Mood""#);
        assert_eq!(sql("mariadb"), "INSERT INTO `Artist` (`Name`) VALUES (?) RETURNING `Artist`.`ArtistId`, `Artist`.`Mood`");
    }
}
