//! The ORM's own statements as trees compiled by `sql::compiler` (one SQL
//! producer): the flush's INSERT (one row, or an "insertmanyvalues" batch),
//! UPDATE and DELETE by primary key, and the SELECT of columns by primary key
//! that `get()` and the load of expired attributes send. Mirrors what
//! SQLAlchemy's `persistence.py` (`_emit_insert_statements`,
//! `_emit_update_statements`, `_emit_delete_statements`) and `loading.py`
//! (`load_on_pk_identity`) build before handing them to the compiler.
//!
//! The flush groups rows of one shape (same table and columns) as
//! `persistence.py` does and compiles once per group, so 100,000 inserts
//! compile one statement, not 100,000. The trees carry placeholder binds
//! only: each row's parameters are the flush's own, already through the
//! dialect's bind processors, sent with the execution.

use crate::exc::Result;
use crate::sql::compiler::{compile, CompileOptions};
use crate::sql::dialect::Dialect;
use crate::sql::expr::{BinOp, Delete, Expr, Insert, Select, Statement, Update};
use crate::sql::schema::{MetaData, TableId};
use crate::sql::value::Value;

fn text(md: &MetaData, stmt: &Statement, d: &dyn Dialect) -> Result<String> {
    Ok(compile(stmt, md, d, &CompileOptions::default())?.sql)
}

/// A placeholder for column `c`, typed as the column (`bindparam(col.key, type_=col.type)`).
fn placeholder(md: &MetaData, table: TableId, c: usize) -> Expr {
    Expr::typed_bind(Value::Null, md.table(table).columns[c].ty.clone())
}

/// `t.a = ? AND t.b = ?`: built as `persistence.py` builds it, a comparison
/// with a bind whatever the row's value (no `IS NULL`, no `= true`).
fn key_criteria(md: &MetaData, table: TableId, cols: &[usize]) -> Vec<Expr> {
    cols.iter().map(|&c| Expr::Binary { op: BinOp::Eq, left: Box::new(Expr::col(table, c)), right: Box::new(placeholder(md, table, c)) }).collect()
}

/// `INSERT INTO t (a, b) VALUES (?, ?)[ RETURNING …]`; a column of `exprs`
/// takes that SQL expression as its value instead of a placeholder
/// (`persistence.value_params`). With no column, the dialect's empty
/// INSERT (`DEFAULT VALUES`, `() VALUES ()` on MySQL/MariaDB).
pub fn insert(md: &MetaData, table: TableId, cols: &[usize], exprs: &[(usize, &Expr)], returning: &[usize], d: &dyn Dialect) -> Result<String> {
    let mut ins = Insert::new(table);
    if !cols.is_empty() {
        let row = cols
            .iter()
            .map(|&c| match exprs.iter().find(|(ec, _)| *ec == c) {
                Some((_, e)) => (c, (*e).clone()),
                None => (c, placeholder(md, table, c)),
            })
            .collect();
        ins = ins.values(row);
    }
    ins = ins.returning(returning.iter().map(|&c| Expr::col(table, c)).collect());
    text(md, &Statement::Insert(ins), d)
}

/// One "insertmanyvalues" batch of `rows` rows: placeholders numbered across
/// the rows, `RETURNING` the columns of `returning` and, with a `sentinel`,
/// that column again as `<name>__1` (the sentinel SQLAlchemy sorts the
/// returned rows by); `from_select`: PostgreSQL's orderable `INSERT …
/// SELECT … ORDER BY sen_counter` form.
pub fn insert_many(
    md: &MetaData,
    table: TableId,
    cols: &[usize],
    returning: &[usize],
    sentinel: Option<usize>,
    from_select: bool,
    rows: usize,
    d: &dyn Dialect,
) -> Result<String> {
    let row: Vec<Expr> = cols.iter().map(|&c| placeholder(md, table, c)).collect();
    let mut ins = Insert::new(table);
    ins.columns = cols.to_vec();
    ins.rows = vec![row; rows];
    ins.many_values_from_select = from_select;
    let mut ret: Vec<Expr> = returning.iter().map(|&c| Expr::col(table, c)).collect();
    if let Some(c) = sentinel {
        let name = format!("{}__1", md.table(table).columns[c].name);
        ret.push(Expr::col(table, c).label(&name));
    }
    ins = ins.returning(ret);
    text(md, &Statement::Insert(ins), d)
}

/// `UPDATE t SET a=?, b=(t.b + ?) WHERE t.id = ?`: each SET entry a
/// placeholder, or the SQL expression assigned to the attribute.
pub fn update(md: &MetaData, table: TableId, set: &[(usize, Option<&Expr>)], pk: &[usize], d: &dyn Dialect) -> Result<String> {
    let mut upd = Update::new(table);
    for &(c, e) in set {
        upd = upd.set(c, e.cloned().unwrap_or_else(|| placeholder(md, table, c)));
    }
    upd.where_ = key_criteria(md, table, pk);
    text(md, &Statement::Update(upd), d)
}

/// `DELETE FROM t WHERE t.a = ? AND t.b = ?` (the flush's DELETE by
/// primary key, and of association rows by all their columns).
pub fn delete(md: &MetaData, table: TableId, cols: &[usize], d: &dyn Dialect) -> Result<String> {
    let mut del = Delete::new(table);
    del.where_ = key_criteria(md, table, cols);
    text(md, &Statement::Delete(del), d)
}

/// `SELECT t.a, t.b \nFROM t \nWHERE t.id = ?` (`get()` of a class with
/// no eager loader, and the load of expired or deferred columns).
pub fn select_by_pk(md: &MetaData, table: TableId, cols: &[usize], pk: &[usize], d: &dyn Dialect) -> Result<String> {
    select_by_pk_for(md, table, cols, pk, d, false)
}

/// [`select_by_pk`], with `FOR UPDATE` where the dialect renders it (`refresh(with_for_update=True)`).
pub fn select_by_pk_for(md: &MetaData, table: TableId, cols: &[usize], pk: &[usize], d: &dyn Dialect, for_update: bool) -> Result<String> {
    let sel = Select {
        columns: cols.iter().map(|&c| Expr::col(table, c)).collect(),
        where_: key_criteria(md, table, pk),
        for_update,
        ..Select::default()
    };
    text(md, &Statement::Select(sel), d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::dialect::{MARIADB, POSTGRESQL, SQLITE};
    use crate::sql::schema::{Column, Table};
    use crate::sql::types::SqlType;

    fn column(name: &str, ty: SqlType) -> Column {
        Column::new(name, ty)
    }

    fn artist() -> (MetaData, TableId) {
        let mut md = MetaData::default();
        let cols = vec![column("ArtistId", SqlType::Integer), column("Name", SqlType::String(None)), column("Mood", SqlType::Boolean)];
        let t = md.add(Table { name: "Artist".into(), columns: cols, primary_key: vec![0] });
        (md, t)
    }

    /// SQLAlchemy 2.1.9: `RETURNING id` on SQLite, `RETURNING "Artist"."ArtistId"`
    /// on PostgreSQL and `` RETURNING `Artist`.`ArtistId` `` on MariaDB.
    #[test]
    fn insert_returning_is_qualified_on_the_servers() {
        let (md, t) = artist();
        assert_eq!(insert(&md, t, &[1], &[], &[0, 2], &SQLITE).unwrap(), r#"INSERT INTO "Artist" ("Name") VALUES (?) RETURNING "ArtistId", "Mood""#);
        assert_eq!(
            insert(&md, t, &[1], &[], &[0, 2], &POSTGRESQL).unwrap(),
            r#"INSERT INTO "Artist" ("Name") VALUES ($1) RETURNING "Artist"."ArtistId", "Artist"."Mood""#
        );
        assert_eq!(
            insert(&md, t, &[1], &[], &[0, 2], &MARIADB).unwrap(),
            "INSERT INTO `Artist` (`Name`) VALUES (?) RETURNING `Artist`.`ArtistId`, `Artist`.`Mood`"
        );
    }

    /// A row with no value to send: `DEFAULT VALUES`, and `() VALUES ()` on
    /// MySQL/MariaDB, whose dialect has `supports_default_values = False`
    /// (SQLAlchemy 2.1.9's echo on MariaDB: `INSERT INTO t () VALUES ()`).
    #[test]
    fn insert_of_no_column() {
        let (md, t) = artist();
        assert_eq!(insert(&md, t, &[], &[], &[], &SQLITE).unwrap(), r#"INSERT INTO "Artist" DEFAULT VALUES"#);
        assert_eq!(insert(&md, t, &[], &[], &[0], &POSTGRESQL).unwrap(), r#"INSERT INTO "Artist" DEFAULT VALUES RETURNING "Artist"."ArtistId""#);
        assert_eq!(insert(&md, t, &[], &[], &[], &MARIADB).unwrap(), "INSERT INTO `Artist` () VALUES ()");
    }

    /// The key is compared with a bind whatever its type: a Boolean column in
    /// an association row's DELETE stays `= ?`, never `= true`.
    #[test]
    fn update_delete_and_select_by_key() {
        let (md, t) = artist();
        assert_eq!(update(&md, t, &[(1, None), (2, None)], &[0], &SQLITE).unwrap(), r#"UPDATE "Artist" SET "Name"=?, "Mood"=? WHERE "Artist"."ArtistId" = ?"#);
        let plus = Expr::col(t, 0).binary(BinOp::Add, Expr::typed_bind(Value::Int(1), SqlType::Integer));
        assert_eq!(
            update(&md, t, &[(0, Some(&plus)), (1, None)], &[0], &POSTGRESQL).unwrap(),
            r#"UPDATE "Artist" SET "ArtistId"=("Artist"."ArtistId" + $1), "Name"=$2 WHERE "Artist"."ArtistId" = $3"#
        );
        assert_eq!(delete(&md, t, &[0, 2], &MARIADB).unwrap(), "DELETE FROM `Artist` WHERE `Artist`.`ArtistId` = ? AND `Artist`.`Mood` = ?");
        assert_eq!(
            select_by_pk(&md, t, &[0, 1], &[0], &POSTGRESQL).unwrap(),
            "SELECT \"Artist\".\"ArtistId\", \"Artist\".\"Name\" \nFROM \"Artist\" \nWHERE \"Artist\".\"ArtistId\" = $1"
        );
    }
}
