//! Tests of `sql::compiler` and `sql::ddl`: every expected string was printed
//! by SQLAlchemy 2.1.9 (`stmt.compile(dialect=…)`) for the same statement over
//! the conformance schemas (PostgreSQL's `$n::TYPE` casts dropped: ormsh sends
//! plain `$n` through the `postgres` crate; MySQL shown with `?` placeholders).

use crate::sql::compiler::{compile, CompileOptions, Compiled};
use crate::sql::ddl::{create_index_sql, create_table_sql, sorted_tables};
use crate::sql::dialect::{Dialect, MysqlDialect, PostgresDialect, SqliteDialect};
use crate::sql::expr::*;
use crate::sql::schema::{Autoincrement, Column, ForeignKey, MetaData, Table, TableId};
use crate::sql::types::SqlType;
use crate::sql::value::Value;

fn col(name: &str, ty: SqlType) -> Column {
    Column::new(name, ty)
}
fn pk(mut c: Column) -> Column {
    c.primary_key = true;
    c.nullable = false;
    c
}
fn not_null(mut c: Column) -> Column {
    c.nullable = false;
    c
}
fn unique(mut c: Column) -> Column {
    c.unique = true;
    c
}
fn fk(mut c: Column, target: &str) -> Column {
    let (t, cname) = target.split_once('.').unwrap_or((target, "id"));
    c.foreign_key = Some(ForeignKey { table: t.into(), column: cname.into(), ondelete: None });
    c
}
fn table(name: &str, columns: Vec<Column>) -> Table {
    let primary_key = columns.iter().enumerate().filter(|(_, c)| c.primary_key).map(|(i, _)| i).collect();
    Table { name: name.into(), columns, primary_key }
}
fn s(n: u32) -> SqlType {
    SqlType::String(Some(n))
}

const POST_TAGS: TableId = TableId(0);
const USERS: TableId = TableId(1);
const ADDRESSES: TableId = TableId(2);
const POSTS: TableId = TableId(3);
const TAGS: TableId = TableId(4);

/// The blog schema, in the order `oracle.build_models` creates the tables.
fn blog() -> MetaData {
    let mut md = MetaData::default();
    md.add(table("post_tags", vec![pk(fk(col("post_id", SqlType::Integer), "posts.id")), pk(fk(col("tag_id", SqlType::Integer), "tags.id"))]));
    md.add(table("users", vec![pk(col("id", SqlType::Integer)), unique(not_null(col("name", s(50)))), col("fullname", s(100))]));
    md.add(table("addresses", vec![pk(col("id", SqlType::Integer)), not_null(col("email", s(100))), fk(col("user_id", SqlType::Integer), "users.id")]));
    md.add(table(
        "posts",
        vec![pk(col("id", SqlType::Integer)), not_null(col("title", s(200))), col("body", SqlType::Text), fk(col("user_id", SqlType::Integer), "users.id")],
    ));
    md.add(table("tags", vec![pk(col("id", SqlType::Integer)), unique(not_null(col("name", s(30))))]));
    md
}

fn types_schema() -> MetaData {
    let mut md = MetaData::default();
    let mut status = col("status", s(10));
    status.server_default = Some("'draft'".into());
    let mut created = col("created", SqlType::DateTime);
    created.server_default = Some("'2024-01-01 09:30:00'".into());
    md.add(table(
        "products",
        vec![
            pk(col("id", SqlType::Integer)),
            not_null(col("name", s(50))),
            col("price", SqlType::Numeric(Some(10), Some(2))),
            not_null(col("in_stock", SqlType::Boolean)),
            not_null(col("qty", SqlType::Integer)),
            col("weight", SqlType::Float),
            status,
            created,
            col("released", SqlType::Date),
            col("notes", SqlType::Text),
        ],
    ));
    md.add(table("counters", vec![pk(col("id", SqlType::Integer)), unique(not_null(col("name", s(20)))), not_null(col("value", SqlType::Integer))]));
    md
}

fn natural() -> MetaData {
    let mut md = MetaData::default();
    md.add(table("accounts", vec![pk(col("username", s(30))), col("fullname", s(100))]));
    md.add(table("emails", vec![pk(col("address", s(100))), fk(col("username", s(30)), "accounts.username")]));
    md.add(table("cities", vec![pk(col("country", s(2))), pk(col("name", s(50))), col("population", SqlType::Integer)]));
    md
}

fn c(t: TableId, i: usize) -> Expr {
    Expr::col(t, i)
}
fn int(i: i64) -> Expr {
    Expr::bind(Value::Int(i))
}
fn st(x: &str) -> Expr {
    Expr::bind(Value::Str(x.into()))
}
fn user_cols() -> Vec<Expr> {
    vec![c(USERS, 0), c(USERS, 1), c(USERS, 2)]
}

const SQLITE: SqliteDialect = SqliteDialect;
const PG: PostgresDialect = PostgresDialect;
const MYSQL: MysqlDialect = MysqlDialect { mariadb: false };

fn comp(stmt: Statement, md: &MetaData, d: &dyn Dialect) -> Compiled {
    match compile(&stmt, md, d, &CompileOptions::default()) {
        Ok(c) => c,
        Err(e) => Compiled { sql: format!("ERROR {e}"), params: vec![], columns: vec![] },
    }
}

/// Assert SQL text and parameters.
fn check(stmt: Statement, md: &MetaData, d: &dyn Dialect, sql: &str, params: Vec<Value>) {
    let got = comp(stmt, md, d);
    assert_eq!(got.sql, sql, "[{}]", d.name());
    assert_eq!(got.params, params, "[{}] params of {sql}", d.name());
}

fn sel(s: Select) -> Statement {
    Statement::Select(s)
}
fn ints(v: &[i64]) -> Vec<Value> {
    v.iter().map(|i| Value::Int(*i)).collect()
}
fn strs(v: &[&str]) -> Vec<Value> {
    v.iter().map(|i| Value::Str(i.to_string())).collect()
}

#[test]
fn where_eq_all_dialects() {
    let md = blog();
    let q = || sel(Select::new(user_cols()).where_(c(USERS, 0).eq(int(5))));
    check(q(), &md, &SQLITE, "SELECT users.id, users.name, users.fullname \nFROM users \nWHERE users.id = ?", ints(&[5]));
    check(q(), &md, &PG, "SELECT users.id, users.name, users.fullname \nFROM users \nWHERE users.id = $1", ints(&[5]));
    check(q(), &md, &MYSQL, "SELECT users.id, users.name, users.fullname \nFROM users \nWHERE users.id = ?", ints(&[5]));
}

#[test]
fn order_by_desc_limit_offset_per_dialect() {
    let md = blog();
    let q = || sel(Select::new(vec![c(USERS, 1)]).where_(c(USERS, 0).gt(int(1))).order_by(c(USERS, 0).desc()).limit(1));
    check(q(), &md, &SQLITE, "SELECT users.name \nFROM users \nWHERE users.id > ? ORDER BY users.id DESC\n LIMIT ? OFFSET ?", ints(&[1, 1, 0]));
    check(q(), &md, &PG, "SELECT users.name \nFROM users \nWHERE users.id > $1 ORDER BY users.id DESC \n LIMIT $2", ints(&[1, 1]));
    check(q(), &md, &MYSQL, "SELECT users.name \nFROM users \nWHERE users.id > ? ORDER BY users.id DESC \n LIMIT ?", ints(&[1, 1]));

    let off = || sel(Select::new(vec![c(USERS, 1)]).offset(1));
    check(off(), &md, &SQLITE, "SELECT users.name \nFROM users\n LIMIT ? OFFSET ?", ints(&[-1, 1]));
    check(off(), &md, &PG, "SELECT users.name \nFROM users\n LIMIT ALL OFFSET $1", ints(&[1]));
    check(off(), &md, &MYSQL, "SELECT users.name \nFROM users \n LIMIT ?, 18446744073709551615", ints(&[1]));

    let both = || sel(Select::new(vec![c(USERS, 1)]).order_by(c(USERS, 0)).offset(1).limit(5));
    check(both(), &md, &SQLITE, "SELECT users.name \nFROM users ORDER BY users.id\n LIMIT ? OFFSET ?", ints(&[5, 1]));
    check(both(), &md, &PG, "SELECT users.name \nFROM users ORDER BY users.id \n LIMIT $1 OFFSET $2", ints(&[5, 1]));
    check(both(), &md, &MYSQL, "SELECT users.name \nFROM users ORDER BY users.id \n LIMIT ?, ?", ints(&[1, 5]));
}

#[test]
fn in_and_not_in_and_empty() {
    let md = blog();
    let q = || sel(Select::new(vec![c(USERS, 0), c(USERS, 1)]).where_(c(USERS, 1).in_(vec![st("ed"), st("mary")])));
    check(q(), &md, &SQLITE, "SELECT users.id, users.name \nFROM users \nWHERE users.name IN (?, ?)", strs(&["ed", "mary"]));
    check(q(), &md, &PG, "SELECT users.id, users.name \nFROM users \nWHERE users.name IN ($1, $2)", strs(&["ed", "mary"]));
    let empty = |neg: bool| {
        let e = if neg { c(USERS, 1).not_in(vec![]) } else { c(USERS, 1).in_(vec![]) };
        sel(Select::new(vec![c(USERS, 0)]).where_(e))
    };
    check(empty(false), &md, &SQLITE, "SELECT users.id \nFROM users \nWHERE users.name IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1)", vec![]);
    check(empty(false), &md, &PG, "SELECT users.id \nFROM users \nWHERE users.name IN (NULL) AND (1 != 1)", vec![]);
    check(empty(true), &md, &SQLITE, "SELECT users.id \nFROM users \nWHERE (users.name NOT IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1))", vec![]);
    check(empty(true), &md, &MYSQL, "SELECT users.id \nFROM users \nWHERE (users.name NOT IN (NULL) OR (1 = 1))", vec![]);
    let notin = sel(Select::new(vec![c(USERS, 0)]).where_(c(USERS, 1).not_in(vec![st("a")])).where_(c(USERS, 0).eq(int(1))));
    check(notin, &md, &SQLITE, "SELECT users.id \nFROM users \nWHERE (users.name NOT IN (?)) AND users.id = ?", vec![Value::Str("a".into()), Value::Int(1)]);
}

#[test]
fn like_family() {
    let md = blog();
    let w = |e: Expr| sel(Select::new(vec![c(USERS, 1)]).where_(e));
    check(w(c(USERS, 2).like(st("%Jones"), None)), &md, &SQLITE, "SELECT users.name \nFROM users \nWHERE users.fullname LIKE ?", strs(&["%Jones"]));
    let sw = || w(Expr::or(vec![c(USERS, 0).eq(int(1)), c(USERS, 1).startswith(st("m"))]));
    let p = vec![Value::Int(1), Value::Str("m".into())];
    check(sw(), &md, &SQLITE, "SELECT users.name \nFROM users \nWHERE users.id = ? OR (users.name LIKE ? || '%')", p.clone());
    check(sw(), &md, &PG, "SELECT users.name \nFROM users \nWHERE users.id = $1 OR (users.name LIKE $2 || '%')", p.clone());
    check(sw(), &md, &MYSQL, "SELECT users.name \nFROM users \nWHERE users.id = ? OR (users.name LIKE concat(?, '%'))", p);
    let m = strs(&["m"]);
    check(w(c(USERS, 1).contains(st("m"))), &md, &SQLITE, "SELECT users.name \nFROM users \nWHERE (users.name LIKE '%' || ? || '%')", m.clone());
    check(w(c(USERS, 1).contains(st("m"))), &md, &MYSQL, "SELECT users.name \nFROM users \nWHERE (users.name LIKE concat('%', ?, '%'))", m.clone());
    check(w(c(USERS, 1).endswith(st("m"))), &md, &PG, "SELECT users.name \nFROM users \nWHERE (users.name LIKE '%' || $1)", m.clone());
    check(w(c(USERS, 1).ilike(st("m"), None)), &md, &SQLITE, "SELECT users.name \nFROM users \nWHERE lower(users.name) LIKE lower(?)", m.clone());
    check(w(c(USERS, 1).ilike(st("m"), None)), &md, &PG, "SELECT users.name \nFROM users \nWHERE users.name ILIKE $1", m.clone());
    check(w(c(USERS, 1).not_ilike(st("m"), None)), &md, &SQLITE, "SELECT users.name \nFROM users \nWHERE lower(users.name) NOT LIKE lower(?)", m.clone());
    check(w(c(USERS, 1).startswith(st("m")).not()), &md, &SQLITE, "SELECT users.name \nFROM users \nWHERE (users.name NOT LIKE ? || '%')", m.clone());
    check(w(c(USERS, 1).like(st("a/%"), Some('/'))), &md, &SQLITE, "SELECT users.name \nFROM users \nWHERE users.name LIKE ? ESCAPE '/'", strs(&["a/%"]));
    // in the SELECT list the wrapped LIKE is not parenthesised
    check(sel(Select::new(vec![c(USERS, 1).startswith(st("a"))])), &md, &SQLITE, "SELECT users.name LIKE ? || '%' AS anon_1 \nFROM users", strs(&["a"]));
}

#[test]
fn functions_group_by_having() {
    let md = blog();
    check(sel(Select::new(vec![Expr::func("max", vec![c(USERS, 0)])])), &md, &SQLITE, "SELECT max(users.id) AS max_1 \nFROM users", vec![]);
    check(sel(Select::new(vec![Expr::count_star()]).select_from(FromItem::table(USERS))), &md, &PG, "SELECT count(*) AS count_1 \nFROM users", vec![]);
    let q = || {
        sel(Select::new(vec![c(USERS, 1), Expr::func("count", vec![c(ADDRESSES, 0)])])
            .outerjoin(FromItem::table(ADDRESSES), c(USERS, 0).eq(c(ADDRESSES, 2)))
            .group_by(c(USERS, 1))
            .order_by(c(USERS, 1)))
    };
    check(
        q(),
        &md,
        &SQLITE,
        "SELECT users.name, count(addresses.id) AS count_1 \nFROM users LEFT OUTER JOIN addresses ON users.id = addresses.user_id GROUP BY users.name ORDER BY users.name",
        vec![],
    );
    let h = |d: &dyn Dialect, sql: &str| {
        let q = Select::new(vec![c(USERS, 1)])
            .join(FromItem::table(ADDRESSES), c(USERS, 0).eq(c(ADDRESSES, 2)))
            .group_by(c(USERS, 0))
            .having(Expr::func("count", vec![c(ADDRESSES, 0)]).gt(int(1)));
        check(sel(q), &md, d, sql, ints(&[1]));
    };
    h(&SQLITE, "SELECT users.name \nFROM users JOIN addresses ON users.id = addresses.user_id GROUP BY users.id \nHAVING count(addresses.id) > ?");
    h(&MYSQL, "SELECT users.name \nFROM users INNER JOIN addresses ON users.id = addresses.user_id GROUP BY users.id \nHAVING count(addresses.id) > ?");
    let counts = sel(Select::new(vec![Expr::count_star(), Expr::func("count", vec![c(USERS, 0)]), Expr::func("count", vec![c(ADDRESSES, 0)])]));
    check(counts, &md, &SQLITE, "SELECT count(*) AS count_1, count(users.id) AS count_2, count(addresses.id) AS count_3 \nFROM users, addresses", vec![]);
    let f = sel(Select::new(vec![
        Expr::func("coalesce", vec![c(USERS, 1), st("x")]),
        Expr::func("lower", vec![c(USERS, 1)]),
        Expr::func("now", vec![]),
        Expr::func("length", vec![c(USERS, 1)]).gt(int(2)),
    ]));
    check(
        f,
        &md,
        &SQLITE,
        "SELECT coalesce(users.name, ?) AS coalesce_1, lower(users.name) AS lower_1, CURRENT_TIMESTAMP AS now_1, length(users.name) > ? AS anon_1 \nFROM users",
        vec![Value::Str("x".into()), Value::Int(2)],
    );
    // A string argument nothing types: PostgreSQL binds on the server, where `count($1)`
    // is "could not determine data type of parameter $1"; the cast names it (SQLAlchemy's
    // psycopg dialect renders the same). A typed context (coalesce with a column) needs none
    // on the other dialects, and the value stays a parameter everywhere.
    let star = || sel(Select::new(vec![Expr::func("count", vec![st("*")])]).select_from(FromItem::table(USERS)));
    check(star(), &md, &PG, "SELECT count($1::VARCHAR) AS count_1 \nFROM users", strs(&["*"]));
    check(star(), &md, &SQLITE, "SELECT count(?) AS count_1 \nFROM users", strs(&["*"]));
    check(star(), &md, &MYSQL, "SELECT count(?) AS count_1 \nFROM users", strs(&["*"]));
    let cd = sel(Select::new(vec![Expr::func("count", vec![c(USERS, 1).distinct()])]));
    check(cd, &md, &SQLITE, "SELECT count(DISTINCT users.name) AS count_1 \nFROM users", vec![]);
}

#[test]
fn joins_and_from_inference() {
    let md = blog();
    let mut cols = user_cols();
    cols.extend([c(ADDRESSES, 0), c(ADDRESSES, 1), c(ADDRESSES, 2)]);
    let q = sel(Select::new(cols).join(FromItem::table(ADDRESSES), c(USERS, 0).eq(c(ADDRESSES, 2))).order_by(c(ADDRESSES, 0)));
    check(
        q,
        &md,
        &SQLITE,
        "SELECT users.id, users.name, users.fullname, addresses.id AS id_1, addresses.email, addresses.user_id \nFROM users JOIN addresses ON users.id = addresses.user_id ORDER BY addresses.id",
        vec![],
    );
    let q = sel(Select::new(vec![c(ADDRESSES, 1)]).select_from(FromItem::table(USERS)).join(FromItem::table(ADDRESSES), c(USERS, 0).eq(c(ADDRESSES, 2))));
    check(q, &md, &SQLITE, "SELECT addresses.email \nFROM users JOIN addresses ON users.id = addresses.user_id", vec![]);
    let q = sel(Select::new(vec![c(ADDRESSES, 1), c(USERS, 1)]).join(FromItem::table(POSTS), c(USERS, 0).eq(c(POSTS, 3))));
    check(q, &md, &SQLITE, "SELECT addresses.email, users.name \nFROM users JOIN posts ON users.id = posts.user_id, addresses", vec![]);
    let q = sel(Select::new(vec![c(ADDRESSES, 1)]).where_(c(USERS, 0).eq(int(1))).select_from(FromItem::table(POSTS)));
    check(q, &md, &SQLITE, "SELECT addresses.email \nFROM posts, addresses, users \nWHERE users.id = ?", ints(&[1]));
    let q = sel(Select::new(vec![c(USERS, 1)])
        .join(FromItem::table(ADDRESSES), c(USERS, 0).eq(c(ADDRESSES, 2)))
        .outerjoin(FromItem::table(POSTS), c(POSTS, 3).eq(c(USERS, 0))));
    check(
        q,
        &md,
        &SQLITE,
        "SELECT users.name \nFROM users JOIN addresses ON users.id = addresses.user_id LEFT OUTER JOIN posts ON posts.user_id = users.id",
        vec![],
    );
    // many-to-many through the association table
    let q = sel(Select::new(vec![c(POSTS, 1)])
        .join(FromItem::table(POST_TAGS), c(POSTS, 0).eq(c(POST_TAGS, 0)))
        .join(FromItem::table(TAGS), c(TAGS, 0).eq(c(POST_TAGS, 1)))
        .where_(c(TAGS, 1).eq(st("python")))
        .order_by(c(POSTS, 0)));
    check(
        q,
        &md,
        &SQLITE,
        "SELECT posts.title \nFROM posts JOIN post_tags ON posts.id = post_tags.post_id JOIN tags ON tags.id = post_tags.tag_id \nWHERE tags.name = ? ORDER BY posts.id",
        strs(&["python"]),
    );
    let dup = sel(Select::new(vec![c(USERS, 0), c(USERS, 0), c(USERS, 1), c(ADDRESSES, 0)]));
    check(dup, &md, &SQLITE, "SELECT users.id, users.id AS id__1, users.name, addresses.id AS id_1 \nFROM users, addresses", vec![]);
}

#[test]
fn exists_and_scalar_subqueries_correlate() {
    let md = blog();
    let ex = || Expr::exists(Select::new(vec![]).where_(c(ADDRESSES, 2).eq(c(USERS, 0))).where_(c(ADDRESSES, 1).like(st("w%"), None)));
    check(
        sel(Select::new(vec![c(USERS, 1)]).where_(ex())),
        &md,
        &SQLITE,
        "SELECT users.name \nFROM users \nWHERE EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id AND addresses.email LIKE ?)",
        strs(&["w%"]),
    );
    check(
        sel(Select::new(vec![c(USERS, 0)]).where_(ex()).where_(c(USERS, 0).eq(int(1)))),
        &md,
        &SQLITE,
        "SELECT users.id \nFROM users \nWHERE (EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id AND addresses.email LIKE ?)) AND users.id = ?",
        vec![Value::Str("w%".into()), Value::Int(1)],
    );
    check(
        sel(Select::new(vec![c(USERS, 0)]).where_(ex().not())),
        &md,
        &SQLITE,
        "SELECT users.id \nFROM users \nWHERE NOT (EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = users.id AND addresses.email LIKE ?))",
        strs(&["w%"]),
    );
    let scalar = Expr::scalar_subquery(Select::new(vec![Expr::func("count", vec![c(ADDRESSES, 0)])]).where_(c(ADDRESSES, 2).eq(c(USERS, 0))));
    check(
        sel(Select::new(vec![c(USERS, 1), scalar])),
        &md,
        &SQLITE,
        "SELECT users.name, (SELECT count(addresses.id) AS count_1 \nFROM addresses \nWHERE addresses.user_id = users.id) AS anon_1 \nFROM users",
        vec![],
    );
    let ins = c(USERS, 0).in_select(Select::new(vec![c(ADDRESSES, 2)]).where_(c(ADDRESSES, 1).like(st("a%"), None)));
    check(
        sel(Select::new(vec![c(USERS, 0)]).where_(ins)),
        &md,
        &SQLITE,
        "SELECT users.id \nFROM users \nWHERE users.id IN (SELECT addresses.user_id \nFROM addresses \nWHERE addresses.email LIKE ?)",
        strs(&["a%"]),
    );
    let top_exists = sel(Select::new(vec![Expr::exists(Select::new(vec![]).where_(c(ADDRESSES, 2).eq(int(1))))]));
    check(top_exists, &md, &SQLITE, "SELECT EXISTS (SELECT * \nFROM addresses \nWHERE addresses.user_id = ?) AS anon_1", ints(&[1]));
}

#[test]
fn subqueries_and_aliases() {
    let md = blog();
    let sq = Select::new(vec![c(USERS, 0), c(USERS, 1)]).where_(c(USERS, 0).gt(int(1))).subquery(None);
    let q = sel(Select::new(vec![Expr::SubqueryColumn(sq.clone(), 1)])
        .where_(Expr::SubqueryColumn(sq.clone(), 0).eq(int(3)))
        .order_by(Expr::SubqueryColumn(sq, 0)));
    check(
        q,
        &md,
        &SQLITE,
        "SELECT anon_1.name \nFROM (SELECT users.id AS id, users.name AS name \nFROM users \nWHERE users.id > ?) AS anon_1 \nWHERE anon_1.id = ? ORDER BY anon_1.id",
        ints(&[1, 3]),
    );
    let sq = Select::new(vec![c(USERS, 0)]).where_(c(USERS, 0).gt(int(1))).subquery(None);
    let q = sel(Select::new(vec![Expr::count_star()]).select_from(FromItem::Subquery(sq)));
    check(q, &md, &SQLITE, "SELECT count(*) AS count_1 \nFROM (SELECT users.id AS id \nFROM users \nWHERE users.id > ?) AS anon_1", ints(&[1]));
    let a: std::rc::Rc<str> = "%a".into();
    let b: std::rc::Rc<str> = "%b".into();
    let q = sel(Select::new(vec![Expr::aliased_col(USERS, a.clone(), 0), Expr::aliased_col(USERS, a, 1)])
        .where_(Expr::aliased_col(USERS, b, 0).eq(int(1))));
    check(q, &md, &SQLITE, "SELECT users_1.id, users_1.name \nFROM users AS users_1, users AS users_2 \nWHERE users_2.id = ?", ints(&[1]));
}

#[test]
fn label_styles() {
    let md = blog();
    let q = sel(Select::new(user_cols()).where_(c(USERS, 0).eq(int(5))).label_style(LabelStyle::TablenamePlusCol));
    let got = comp(q, &md, &SQLITE);
    assert_eq!(
        got.sql,
        "SELECT users.id AS users_id, users.name AS users_name, users.fullname AS users_fullname \nFROM users \nWHERE users.id = ?"
    );
    let names: Vec<&str> = got.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["users_id", "users_name", "users_fullname"]);
    let q = sel(Select::new(vec![c(USERS, 1).label("n")]).order_by(c(USERS, 1).label("n")));
    check(q, &md, &SQLITE, "SELECT users.name AS n \nFROM users ORDER BY n", vec![]);
}

#[test]
fn boolean_rules_and_precedence() {
    let md = blog();
    let w = |e: Expr| sel(Select::new(vec![c(USERS, 0)]).where_(e));
    let pre = "SELECT users.id \nFROM users \nWHERE ";
    check(w(c(USERS, 0).eq(int(1)).not()), &md, &SQLITE, &format!("{pre}users.id != ?"), ints(&[1]));
    check(
        w(Expr::and(vec![
            c(USERS, 0).lt(int(1)).not(),
            c(USERS, 0).gt(int(1)).not(),
            c(USERS, 1).in_(vec![st("a")]).not(),
            c(USERS, 0).between(int(1), int(2)).not(),
            c(USERS, 1).eq(Expr::bind(Value::Null)).not(),
        ])),
        &md,
        &SQLITE,
        &format!("{pre}users.id >= ? AND users.id <= ? AND (users.name NOT IN (?)) AND users.id NOT BETWEEN ? AND ? AND users.name IS NOT NULL"),
        vec![Value::Int(1), Value::Int(1), Value::Str("a".into()), Value::Int(1), Value::Int(2)],
    );
    check(
        w(Expr::and(vec![c(USERS, 0).eq(int(1)), c(USERS, 1).eq(st("x"))]).not()),
        &md,
        &SQLITE,
        &format!("{pre}NOT (users.id = ? AND users.name = ?)"),
        vec![Value::Int(1), Value::Str("x".into())],
    );
    check(
        w(Expr::and(vec![Expr::or(vec![c(USERS, 0).eq(int(1)), c(USERS, 0).eq(int(2))]), c(USERS, 1).eq(st("x"))])),
        &md,
        &SQLITE,
        &format!("{pre}(users.id = ? OR users.id = ?) AND users.name = ?"),
        vec![Value::Int(1), Value::Int(2), Value::Str("x".into())],
    );
    check(
        w(Expr::or(vec![Expr::and(vec![c(USERS, 0).eq(int(1)), c(USERS, 1).eq(st("a"))]), c(USERS, 0).eq(int(2))])),
        &md,
        &SQLITE,
        &format!("{pre}users.id = ? AND users.name = ? OR users.id = ?"),
        vec![Value::Int(1), Value::Str("a".into()), Value::Int(2)],
    );
    check(w(Expr::and(vec![])), &md, &SQLITE, "SELECT users.id \nFROM users", vec![]);
    check(w(Expr::True), &md, &SQLITE, &format!("{pre}1 = 1"), vec![]);
    check(w(Expr::True), &md, &PG, &format!("{pre}true"), vec![]);
    check(w(Expr::and(vec![c(USERS, 0).eq(int(1)), Expr::False])), &md, &SQLITE, &format!("{pre}0 = 1"), vec![]);
    check(w(Expr::and(vec![Expr::True, c(USERS, 0).eq(int(1))])), &md, &PG, &format!("{pre}users.id = $1"), ints(&[1]));
    check(w(c(USERS, 0).eq(Expr::bind(Value::Bool(true)))), &md, &SQLITE, &format!("{pre}users.id = 1"), vec![]);
    check(w(c(USERS, 0).eq(Expr::bind(Value::Bool(false)))), &md, &PG, &format!("{pre}users.id = false"), vec![]);
    check(w(c(USERS, 1).eq(Expr::bind(Value::Null))), &md, &SQLITE, &format!("{pre}users.name IS NULL"), vec![]);
    check(w(c(USERS, 0).between(int(1), int(3))), &md, &SQLITE, &format!("{pre}users.id BETWEEN ? AND ?"), ints(&[1, 3]));
    let arith = sel(Select::new(vec![
        c(USERS, 0).add(int(1)).mul(int(2)),
        c(USERS, 0).sub(c(USERS, 0).sub(int(1))),
        c(USERS, 0).div(int(2)),
        c(USERS, 0).modulo(int(3)),
    ]));
    let p = ints(&[1, 2, 1, 2, 3]);
    check(
        arith.clone(),
        &md,
        &SQLITE,
        "SELECT (users.id + ?) * ? AS anon_1, users.id - (users.id - ?) AS anon_2, users.id / (? + 0.0) AS anon_3, users.id % ? AS anon_4 \nFROM users",
        p.clone(),
    );
    check(
        arith,
        &md,
        &PG,
        "SELECT (users.id + $1) * $2 AS anon_1, users.id - (users.id - $3) AS anon_2, users.id / CAST($4 AS NUMERIC) AS anon_3, users.id % $5 AS anon_4 \nFROM users",
        p,
    );
    let chains = sel(Select::new(vec![
        c(USERS, 0).sub(int(1)).sub(int(2)),
        c(USERS, 0).add(int(1)).add(int(2)),
        c(USERS, 0).neg(),
        c(USERS, 0).eq(c(USERS, 0).add(int(1))),
    ]));
    check(
        chains,
        &md,
        &SQLITE,
        "SELECT (users.id - ?) - ? AS anon_1, users.id + ? + ? AS anon_2, -users.id, users.id = users.id + ? AS anon_3 \nFROM users",
        ints(&[1, 2, 1, 2, 1]),
    );
    let concat = sel(Select::new(vec![c(USERS, 1).concat(c(USERS, 2))]));
    check(concat.clone(), &md, &SQLITE, "SELECT users.name || users.fullname AS anon_1 \nFROM users", vec![]);
    check(concat, &md, &MYSQL, "SELECT concat(users.name, users.fullname) AS anon_1 \nFROM users", vec![]);
}

#[test]
fn case_cast_distinct_nulls() {
    let md = blog();
    let case = Expr::case(vec![(c(USERS, 0).eq(int(1)), st("one")), (c(USERS, 0).eq(int(2)), st("two"))], Some(st("many")));
    check(
        sel(Select::new(vec![case])),
        &md,
        &SQLITE,
        "SELECT CASE WHEN (users.id = ?) THEN ? WHEN (users.id = ?) THEN ? ELSE ? END AS anon_1 \nFROM users",
        vec![Value::Int(1), Value::Str("one".into()), Value::Int(2), Value::Str("two".into()), Value::Str("many".into())],
    );
    let cast = || sel(Select::new(vec![c(USERS, 0).cast(SqlType::String(None))]));
    check(cast(), &md, &SQLITE, "SELECT CAST(users.id AS VARCHAR) AS id \nFROM users", vec![]);
    check(cast(), &md, &MYSQL, "SELECT CAST(users.id AS CHAR) AS id \nFROM users", vec![]);
    check(sel(Select::new(vec![c(USERS, 1)]).distinct().order_by(c(USERS, 1)).limit(3)), &md, &SQLITE, "SELECT DISTINCT users.name \nFROM users ORDER BY users.name\n LIMIT ? OFFSET ?", ints(&[3, 0]));
    check(sel(Select::new(vec![c(USERS, 0)]).order_by(c(USERS, 1).desc().nulls_last())), &md, &SQLITE, "SELECT users.id \nFROM users ORDER BY users.name DESC NULLS LAST", vec![]);
    check(
        sel(Select::new(vec![c(USERS, 1)]).order_by(c(USERS, 1)).order_by(c(USERS, 0).desc()).order_by(c(USERS, 2).asc())),
        &md,
        &SQLITE,
        "SELECT users.name \nFROM users ORDER BY users.name, users.id DESC, users.fullname ASC",
        vec![],
    );
    check(sel(Select::new(vec![Expr::literal(Value::Int(1)), Expr::literal(Value::Str("a".into()))])), &md, &SQLITE, "SELECT ? AS anon_1, ? AS anon_2", vec![Value::Int(1), Value::Str("a".into())]);
}

#[test]
fn dml_statements() {
    let md = blog();
    let upd = || Statement::Update(Update::new(USERS).set(1, c(USERS, 1).concat(st("x"))).where_(c(USERS, 0).eq(int(1))));
    let p = vec![Value::Str("x".into()), Value::Int(1)];
    check(upd(), &md, &SQLITE, "UPDATE users SET name=(users.name || ?) WHERE users.id = ?", p.clone());
    check(upd(), &md, &PG, "UPDATE users SET name=(users.name || $1) WHERE users.id = $2", p.clone());
    check(upd(), &md, &MYSQL, "UPDATE users SET name=(concat(users.name, ?)) WHERE users.id = ?", p);
    let upd2 = Statement::Update(Update::new(USERS).set(1, st("a")).set(2, Expr::bind(Value::Null)).where_(c(USERS, 0).eq(int(1))));
    check(upd2, &md, &SQLITE, "UPDATE users SET name=?, fullname=? WHERE users.id = ?", vec![Value::Str("a".into()), Value::Null, Value::Int(1)]);
    let upd3 = Statement::Update(Update::new(USERS).set(1, Expr::func("lower", vec![c(USERS, 1)])).set(2, st("x")));
    check(upd3, &md, &SQLITE, "UPDATE users SET name=lower(users.name), fullname=?", strs(&["x"]));
    let ret = || Statement::Update(Update::new(USERS).set(1, st("a")).where_(c(USERS, 0).eq(int(1))).returning(vec![c(USERS, 0), c(USERS, 1)]));
    check(ret(), &md, &SQLITE, "UPDATE users SET name=? WHERE users.id = ? RETURNING id, name", vec![Value::Str("a".into()), Value::Int(1)]);
    check(ret(), &md, &PG, "UPDATE users SET name=$1 WHERE users.id = $2 RETURNING users.id, users.name", vec![Value::Str("a".into()), Value::Int(1)]);
    assert!(comp(ret(), &md, &MYSQL).sql.starts_with("ERROR CompileError"));

    let del = Statement::Delete(Delete::new(ADDRESSES).where_(c(ADDRESSES, 2).eq(int(2))));
    check(del, &md, &PG, "DELETE FROM addresses WHERE addresses.user_id = $1", ints(&[2]));
    check(Statement::Delete(Delete::new(USERS)), &md, &SQLITE, "DELETE FROM users", vec![]);
    let delr = Statement::Delete(Delete::new(USERS).where_(c(USERS, 0).eq(int(1))).returning(vec![c(USERS, 0)]));
    check(delr, &md, &SQLITE, "DELETE FROM users WHERE users.id = ? RETURNING id", ints(&[1]));

    let ins = || Statement::Insert(Insert::new(TAGS).values(vec![(1, st("core"))]));
    check(ins(), &md, &SQLITE, "INSERT INTO tags (name) VALUES (?)", strs(&["core"]));
    check(ins(), &md, &PG, "INSERT INTO tags (name) VALUES ($1)", strs(&["core"]));
    let multi = Statement::Insert(Insert::new(TAGS).values(vec![(1, st("a"))]).values(vec![(1, st("b"))]));
    check(multi, &md, &PG, "INSERT INTO tags (name) VALUES ($1), ($2)", strs(&["a", "b"]));
    let insr = || Statement::Insert(Insert::new(USERS).values(vec![(1, st("a"))]).returning(vec![c(USERS, 0), c(USERS, 1)]));
    check(insr(), &md, &SQLITE, "INSERT INTO users (name) VALUES (?) RETURNING id, name", strs(&["a"]));
    check(insr(), &md, &PG, "INSERT INTO users (name) VALUES ($1) RETURNING users.id, users.name", strs(&["a"]));
    check(insr(), &md, &MysqlDialect { mariadb: true }, "INSERT INTO users (name) VALUES (?) RETURNING users.id, users.name", strs(&["a"]));
    let got = comp(insr(), &md, &SQLITE);
    assert_eq!(got.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["id", "name"]);
    check(Statement::Insert(Insert::new(TAGS)), &md, &SQLITE, "INSERT INTO tags DEFAULT VALUES", vec![]);
    check(Statement::Insert(Insert::new(TAGS)), &md, &MYSQL, "INSERT INTO tags () VALUES ()", vec![]);
    let fi = Statement::Insert(Insert::new(USERS).values(vec![(1, Expr::func("lower", vec![st("X")]))]));
    check(fi, &md, &SQLITE, "INSERT INTO users (name) VALUES (lower(?))", strs(&["X"]));
}

#[test]
fn sql_expression_update_counter() {
    let md = types_schema();
    let counters = TableId(1);
    let q = Statement::Update(Update::new(counters).set(2, c(counters, 2).add(int(1))).where_(c(counters, 0).eq(int(1))));
    check(q, &md, &SQLITE, "UPDATE counters SET value=(counters.value + ?) WHERE counters.id = ?", ints(&[1, 1]));
}

#[test]
fn bind_types_from_columns() {
    let md = types_schema();
    let products = TableId(0);
    // `Product.in_stock == True` renders the keyword, not a bind
    let q = sel(Select::new(vec![c(products, 1)]).where_(c(products, 3).eq(Expr::bind(Value::Bool(true)))).order_by(c(products, 0)));
    check(q, &md, &SQLITE, "SELECT products.name \nFROM products \nWHERE products.in_stock = 1 ORDER BY products.id", vec![]);
    // a Numeric value goes to sqlite as float, a date as text
    let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).map(Value::Date).unwrap_or(Value::Null);
    let u = Statement::Update(Update::new(products).set(2, Expr::bind(Value::Decimal("19.50".parse().unwrap_or_default()))).set(8, Expr::bind(d)));
    check(u, &md, &SQLITE, "UPDATE products SET price=?, released=?", vec![Value::Float(19.5), Value::Str("2024-01-02".into())]);
    let i = Statement::Insert(Insert::new(products).values(vec![(1, st("gizmo")), (3, Expr::bind(Value::Bool(true)))]));
    check(i, &md, &SQLITE, "INSERT INTO products (name, in_stock) VALUES (?, ?)", vec![Value::Str("gizmo".into()), Value::Int(1)]);
    let got = comp(sel(Select::new(vec![c(products, 2), c(products, 3)])), &md, &SQLITE);
    assert_eq!(got.columns[1].ty, Some(SqlType::Boolean));
    assert_eq!(got.columns[0].ty, Some(SqlType::Numeric(Some(10), Some(2))));
}

#[test]
fn text_binds_in_order() {
    let md = blog();
    let t = || {
        Statement::Text(
            TextClause::new("SELECT id, name FROM users WHERE id > :lo AND name = :n OR id = :lo")
                .bind("lo", Value::Int(1))
                .bind("n", Value::Str("x".into())),
        )
    };
    check(t(), &md, &SQLITE, "SELECT id, name FROM users WHERE id > ? AND name = ? OR id = ?", vec![Value::Int(1), Value::Str("x".into()), Value::Int(1)]);
    check(t(), &md, &PG, "SELECT id, name FROM users WHERE id > $1 AND name = $2 OR id = $1", vec![Value::Int(1), Value::Str("x".into())]);
    let colon = Statement::Text(TextClause::new("SELECT '10:30', x::int, '\\:a' FROM t WHERE a = :a").bind("a", Value::Int(1)));
    check(colon, &md, &SQLITE, "SELECT '10:30', x::int, ':a' FROM t WHERE a = ?", ints(&[1]));
    let missing = Statement::Text(TextClause::new("SELECT :nope"));
    assert!(comp(missing, &md, &SQLITE).sql.contains("A value is required for bind parameter 'nope'"));
}

#[test]
fn named_binds_like_str() {
    let md = blog();
    let o = CompileOptions { named_binds: true };
    let q = Statement::Select(Select::new(vec![c(USERS, 0)]).where_(c(USERS, 0).add(int(1)).eq(int(1))).where_(c(USERS, 1).in_(vec![st("a"), st("b")])));
    let got = compile(&q, &md, &SQLITE, &o).map(|c| c.sql).unwrap_or_default();
    assert_eq!(got, "SELECT users.id \nFROM users \nWHERE users.id + :id_1 = :param_1 AND users.name IN (__[POSTCOMPILE_name_1])");
    let u = Statement::Update(Update::new(USERS).set(1, st("x")).where_(c(USERS, 0).eq(int(1))));
    let got = compile(&u, &md, &SQLITE, &o).map(|c| c.sql).unwrap_or_default();
    assert_eq!(got, "UPDATE users SET name=:name WHERE users.id = :id_1");
}

#[test]
fn quoting_in_statements() {
    let mut md = MetaData::default();
    md.add(table("t", vec![pk(col("id", SqlType::Integer)), col("order", s(10)), col("User", SqlType::String(None)), col("key", SqlType::Integer)]));
    let q = || sel(Select::new(vec![c(TableId(0), 0), c(TableId(0), 1), c(TableId(0), 2), c(TableId(0), 3)]).where_(c(TableId(0), 1).eq(st("x"))));
    check(q(), &md, &SQLITE, "SELECT t.id, t.\"order\", t.\"User\", t.\"key\" \nFROM t \nWHERE t.\"order\" = ?", strs(&["x"]));
    check(q(), &md, &PG, "SELECT t.id, t.\"order\", t.\"User\", t.key \nFROM t \nWHERE t.\"order\" = $1", strs(&["x"]));
    check(q(), &md, &MYSQL, "SELECT t.id, t.`order`, t.`User`, t.`key` \nFROM t \nWHERE t.`order` = ?", strs(&["x"]));
    check(Statement::Update(Update::new(TableId(0)).set(1, st("x"))), &md, &MYSQL, "UPDATE t SET `order`=?", strs(&["x"]));
}

/// The `quoting` fuzz target's inputs (docs/reliability.md): hostile names
/// quoted with the quote character doubled; and `returning` (its second
/// crash) left bare on SQLite exactly as SQLAlchemy 2.1.9, whose SQLite
/// reserved words predate SQLite's RETURNING: its `create_all` fails on such
/// a column the same way (`near "returning": syntax error`).
#[test]
fn quoting_of_fuzzed_names() {
    assert_eq!(SQLITE.quote("returning"), "returning");
    assert_eq!(PG.quote("returning"), "\"returning\"");
    assert_eq!(MYSQL.quote("returning"), "returning"); // MySQL has no RETURNING: not reserved there (SQLAlchemy: the same)
    assert_eq!(SQLITE.quote("a\"); DROP TABLE x; --"), "\"a\"\"); DROP TABLE x; --\"");
    assert_eq!(MYSQL.quote("co`l"), "`co``l`");
    assert_eq!(PG.quote("sqlite_sequenc"), "sqlite_sequenc");
}

// ---- DDL ----------------------------------------------------------------------

#[test]
fn ddl_blog_sorted_and_per_dialect() {
    let md = blog();
    let order: Vec<&str> = sorted_tables(&md).into_iter().map(|t| md.table(t).name.as_str()).collect();
    assert_eq!(order, ["tags", "users", "addresses", "posts", "post_tags"]);
    assert_eq!(
        create_table_sql(md.table(USERS), &SQLITE),
        "\nCREATE TABLE users (\n\tid INTEGER NOT NULL, \n\tname VARCHAR(50) NOT NULL, \n\tfullname VARCHAR(100), \n\tPRIMARY KEY (id), \n\tUNIQUE (name)\n)\n\n"
    );
    assert_eq!(
        create_table_sql(md.table(USERS), &PG),
        "\nCREATE TABLE users (\n\tid SERIAL NOT NULL, \n\tname VARCHAR(50) NOT NULL, \n\tfullname VARCHAR(100), \n\tPRIMARY KEY (id), \n\tUNIQUE (name)\n)\n\n"
    );
    assert_eq!(
        create_table_sql(md.table(TAGS), &MYSQL),
        "\nCREATE TABLE tags (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\tname VARCHAR(30) NOT NULL, \n\tPRIMARY KEY (id), \n\tUNIQUE (name)\n)\n\n"
    );
    assert_eq!(
        create_table_sql(md.table(POSTS), &SQLITE),
        "\nCREATE TABLE posts (\n\tid INTEGER NOT NULL, \n\ttitle VARCHAR(200) NOT NULL, \n\tbody TEXT, \n\tuser_id INTEGER, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(user_id) REFERENCES users (id)\n)\n\n"
    );
    assert_eq!(
        create_table_sql(md.table(POST_TAGS), &PG),
        "\nCREATE TABLE post_tags (\n\tpost_id INTEGER NOT NULL, \n\ttag_id INTEGER NOT NULL, \n\tPRIMARY KEY (post_id, tag_id), \n\tFOREIGN KEY(post_id) REFERENCES posts (id), \n\tFOREIGN KEY(tag_id) REFERENCES tags (id)\n)\n\n"
    );
}

#[test]
fn ddl_types_and_natural() {
    let md = types_schema();
    assert_eq!(
        create_table_sql(md.table(TableId(0)), &SQLITE),
        "\nCREATE TABLE products (\n\tid INTEGER NOT NULL, \n\tname VARCHAR(50) NOT NULL, \n\tprice NUMERIC(10, 2), \n\tin_stock BOOLEAN NOT NULL, \n\tqty INTEGER NOT NULL, \n\tweight FLOAT, \n\tstatus VARCHAR(10) DEFAULT 'draft', \n\tcreated DATETIME DEFAULT '2024-01-01 09:30:00', \n\treleased DATE, \n\tnotes TEXT, \n\tPRIMARY KEY (id)\n)\n\n"
    );
    assert_eq!(
        create_table_sql(md.table(TableId(0)), &PG),
        "\nCREATE TABLE products (\n\tid SERIAL NOT NULL, \n\tname VARCHAR(50) NOT NULL, \n\tprice NUMERIC(10, 2), \n\tin_stock BOOLEAN NOT NULL, \n\tqty INTEGER NOT NULL, \n\tweight FLOAT, \n\tstatus VARCHAR(10) DEFAULT 'draft', \n\tcreated TIMESTAMP WITHOUT TIME ZONE DEFAULT '2024-01-01 09:30:00', \n\treleased DATE, \n\tnotes TEXT, \n\tPRIMARY KEY (id)\n)\n\n"
    );
    assert_eq!(
        create_table_sql(md.table(TableId(0)), &MYSQL),
        "\nCREATE TABLE products (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\tname VARCHAR(50) NOT NULL, \n\tprice NUMERIC(10, 2), \n\tin_stock BOOL NOT NULL, \n\tqty INTEGER NOT NULL, \n\tweight FLOAT, \n\tstatus VARCHAR(10) DEFAULT 'draft', \n\tcreated DATETIME DEFAULT '2024-01-01 09:30:00', \n\treleased DATE, \n\tnotes TEXT, \n\tPRIMARY KEY (id)\n)\n\n"
    );
    let order: Vec<&str> = sorted_tables(&md).into_iter().map(|t| md.table(t).name.as_str()).collect();
    assert_eq!(order, ["counters", "products"]);
    let md = natural();
    assert_eq!(
        create_table_sql(md.table(TableId(2)), &SQLITE),
        "\nCREATE TABLE cities (\n\tcountry VARCHAR(2) NOT NULL, \n\tname VARCHAR(50) NOT NULL, \n\tpopulation INTEGER, \n\tPRIMARY KEY (country, name)\n)\n\n"
    );
    assert_eq!(
        create_table_sql(md.table(TableId(1)), &PG),
        "\nCREATE TABLE emails (\n\taddress VARCHAR(100) NOT NULL, \n\tusername VARCHAR(30), \n\tPRIMARY KEY (address), \n\tFOREIGN KEY(username) REFERENCES accounts (username)\n)\n\n"
    );
}

#[test]
fn ddl_indexes_ondelete_and_constraint_order() {
    let mut md = MetaData::default();
    let mut ix = col("ix", s(20));
    ix.index = true;
    let mut ux = unique(col("ux", s(20)));
    ux.index = true;
    let mut fkc = not_null(fk(col("fk", SqlType::Integer), "other.id"));
    if let Some(f) = fkc.foreign_key.as_mut() {
        f.ondelete = Some("CASCADE".into());
    }
    let mut big = pk(col("id", SqlType::BigInteger));
    big.autoincrement = Autoincrement::Auto;
    md.add(table("alltypes", vec![big, ix, ux, fkc]));
    let t = md.table(TableId(0));
    assert_eq!(
        create_table_sql(t, &PG),
        "\nCREATE TABLE alltypes (\n\tid BIGSERIAL NOT NULL, \n\tix VARCHAR(20), \n\tux VARCHAR(20), \n\tfk INTEGER NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(fk) REFERENCES other (id) ON DELETE CASCADE\n)\n\n"
    );
    assert_eq!(create_index_sql(t, &SQLITE), ["CREATE INDEX ix_alltypes_ix ON alltypes (ix)", "CREATE UNIQUE INDEX ix_alltypes_ux ON alltypes (ux)"]);
    let mut md = MetaData::default();
    md.add(table(
        "users",
        vec![pk(col("id", SqlType::Integer)), unique(fk(col("a", SqlType::Integer), "users.id")), unique(col("b", SqlType::Integer)), fk(col("c", SqlType::Integer), "x.id")],
    ));
    assert_eq!(
        create_table_sql(md.table(TableId(0)), &SQLITE),
        "\nCREATE TABLE users (\n\tid INTEGER NOT NULL, \n\ta INTEGER, \n\tb INTEGER, \n\tc INTEGER, \n\tPRIMARY KEY (id), \n\tUNIQUE (a), \n\tFOREIGN KEY(a) REFERENCES users (id), \n\tUNIQUE (b), \n\tFOREIGN KEY(c) REFERENCES x (id)\n)\n\n"
    );
}

#[test]
fn orm_query_shapes() {
    let md = blog();
    // legacy Query.count(): the TablenamePlusCol query wrapped in a subquery
    let inner = Select::new(user_cols()).where_(c(USERS, 0).ge(int(2))).label_style(LabelStyle::TablenamePlusCol);
    let q = sel(Select::new(vec![Expr::count_star()]).select_from(FromItem::Subquery(inner.subquery(None))));
    check(
        q,
        &md,
        &SQLITE,
        "SELECT count(*) AS count_1 \nFROM (SELECT users.id AS users_id, users.name AS users_name, users.fullname AS users_fullname \nFROM users \nWHERE users.id >= ?) AS anon_1",
        ints(&[2]),
    );
    let q = sel(Select::new(user_cols()).order_by(c(USERS, 0)).limit(2).offset(1).label_style(LabelStyle::TablenamePlusCol));
    check(
        q,
        &md,
        &SQLITE,
        "SELECT users.id AS users_id, users.name AS users_name, users.fullname AS users_fullname \nFROM users ORDER BY users.id\n LIMIT ? OFFSET ?",
        ints(&[2, 1]),
    );
    // lazy load of User.addresses: the bind on the left
    let q = sel(Select::new(vec![c(ADDRESSES, 0), c(ADDRESSES, 1), c(ADDRESSES, 2)]).where_(int(1).eq(c(ADDRESSES, 2))).order_by(c(ADDRESSES, 0)));
    check(
        q,
        &md,
        &SQLITE,
        "SELECT addresses.id, addresses.email, addresses.user_id \nFROM addresses \nWHERE ? = addresses.user_id ORDER BY addresses.id",
        ints(&[1]),
    );
    let ins = Statement::Insert(Insert::new(USERS).values(vec![(1, st("x")), (2, Expr::bind(Value::Null))]));
    check(ins, &md, &SQLITE, "INSERT INTO users (name, fullname) VALUES (?, ?)", vec![Value::Str("x".into()), Value::Null]);
}
