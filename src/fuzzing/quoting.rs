//! The quoting fuzz target's body (SQLAlchemy's `IdentifierPreparer`:
//! `quote`, `_requires_quotes`), for sql/dialect.rs `quote` as sql/compiler.rs
//! and sql/ddl.rs use it:
//! - every dialect: a name left bare is a plain lower-case identifier that is
//!   no reserved word; a quoted one unquotes to exactly the name;
//! - SQLite, for real: a table and a column with these names are created from
//!   the DDL ormsh renders, a row goes in through the compiled INSERT and comes
//!   back through the compiled SELECT … WHERE, and the catalogue shows the
//!   names unchanged (a hostile name cannot end the identifier and inject SQL).
//!
//! Input: `table\ncolumn` (no newline: the table is `t`). Names with control
//! characters are skipped (the schema loader refuses them before the compiler
//! sees them).

use crate::sql::compiler::{compile, CompileOptions};
use crate::sql::dialect::{dialect_for, Dialect};
use crate::sql::expr::{Expr, FromItem, Insert, Select, Statement};
use crate::sql::schema::{Column, MetaData, Table, TableId};
use crate::sql::types::SqlType;
use crate::sql::value::Value;
use crate::sql::{ddl, ddl_check};

pub(super) fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (table, col) = text.split_once('\n').unwrap_or(("t", text));
    if [table, col].iter().any(|n| n.is_empty() || n.chars().any(char::is_control)) {
        return;
    }
    for backend in ["sqlite", "postgresql", "mysql", "mariadb"] {
        let d = dialect_for(backend).expect("known backend");
        check_quote(d, table);
        check_quote(d, col);
    }
    on_sqlite(table, col);
}

fn check_quote(d: &dyn Dialect, name: &str) {
    let q = d.quote(name);
    let qc = d.quote_char();
    if q == name {
        let first = name.chars().next().expect("an empty name is quoted");
        assert!(first.is_ascii_lowercase() || first == '_', "[{}] bare {name:?}", d.name());
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$'),
            "[{}] bare {name:?}",
            d.name()
        );
        assert!(d.reserved_words().binary_search(&name).is_err(), "[{}] reserved word left bare: {name:?}", d.name());
        return;
    }
    let inner = q
        .strip_prefix(qc)
        .and_then(|s| s.strip_suffix(qc))
        .unwrap_or_else(|| panic!("[{}] {name:?} quoted as {q:?}", d.name()));
    // inside, the quote character only ever appears doubled
    let mut out = String::new();
    let mut it = inner.chars().peekable();
    while let Some(c) = it.next() {
        if c == qc {
            assert_eq!(it.next(), Some(qc), "[{}] a lone quote character ends {q:?} early", d.name());
        }
        out.push(c);
    }
    assert_eq!(out, name, "[{}] {q:?} does not unquote to the name", d.name());
}

fn column(name: &str, ty: SqlType, pk: bool) -> Column {
    Column { primary_key: pk, nullable: !pk, index: !pk, ..Column::new(name, ty) }
}

fn on_sqlite(table: &str, col: &str) {
    let mut md = MetaData::default();
    md.add(Table {
        name: table.into(),
        columns: vec![column("id", SqlType::Integer, true), column(col, SqlType::Text, false)],
        primary_key: vec![0],
    });
    // SQLite reserves table names starting with `sqlite_` (any case): the
    // first crash this target found; ddl_check refuses them before any DDL now
    let reserved = table.len() >= 7 && table.as_bytes()[..7].eq_ignore_ascii_case(b"sqlite_");
    let d = dialect_for("sqlite").expect("sqlite");
    if reserved || ddl_check::check_names(&md, d).is_err() || col.eq_ignore_ascii_case("id") {
        return;
    }
    let db = rusqlite::Connection::open_in_memory().expect("in-memory database");
    let t = md.table(TableId(0));
    if let Err(e) = db.execute_batch(&ddl::create_table_sql(t, d)) {
        // SQLAlchemy 2.1.9's SQLite reserved words predate some of SQLite's
        // keywords (`returning`: its CREATE TABLE fails the same way); only a
        // name left bare may fail, never a quoted one. The failing name is
        // the one SQLite shows: `near "returning"` (a quoted table with a bare
        // `returning` column fails too; the bounded run found that one)
        let e = e.to_string();
        let at_bare = |n: &str| d.quote(n) == n && e.contains(&format!("near \"{n}\": syntax error"));
        assert!(at_bare(table) || at_bare(col), "CREATE TABLE for {table:?}.{col:?}: {e}");
        return;
    }
    for ix in ddl::create_index_sql(t, d) {
        db.execute_batch(&ix).unwrap_or_else(|e| panic!("{ix}: {e}"));
    }
    let opts = CompileOptions::default();
    let ins = Statement::Insert(Insert::new(TableId(0)).values(vec![(1, Expr::bind(Value::Str("v".into())))]));
    let ins = compile(&ins, &md, d, &opts).expect("INSERT compiles");
    db.execute(&ins.sql, ["v"]).unwrap_or_else(|e| panic!("{}: {e}", ins.sql));
    let sel = Statement::Select(
        Select::new(vec![Expr::col(TableId(0), 0), Expr::col(TableId(0), 1)])
            .select_from(FromItem::table(TableId(0)))
            .where_(Expr::col(TableId(0), 1).eq(Expr::bind(Value::Str("v".into())))),
    );
    let sel = compile(&sel, &md, d, &opts).expect("SELECT compiles");
    let n: i64 = db
        .query_row(&format!("SELECT count(*) FROM ({})", sel.sql), ["v"], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{}: {e}", sel.sql));
    assert_eq!(n, 1, "{}", sel.sql);
    let names: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("catalogue");
    assert_eq!(names, vec![table.to_string()]);
    let cols: Vec<String> = db
        .prepare("SELECT name FROM pragma_table_info(?1)")
        .and_then(|mut s| s.query_map([table], |r| r.get(0))?.collect())
        .expect("columns");
    assert_eq!(cols, vec!["id".to_string(), col.to_string()]);
}
