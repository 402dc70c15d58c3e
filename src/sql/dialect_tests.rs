//! Unit tests of `sql::dialect`: quoting, type names, bind and result values,
//! transaction and two-phase SQL, each checked against what SQLAlchemy 2.1.9 does.

use super::*;
use chrono::NaiveDate;

#[test]
fn quoting_matches_identifier_preparer() {
    let s = SqliteDialect;
    let p = PostgresDialect;
    let m = MysqlDialect { mariadb: false };
    assert_eq!(s.quote("order"), "\"order\"");
    assert_eq!(s.quote("User"), "\"User\"");
    assert_eq!(s.quote("a b"), "\"a b\"");
    assert_eq!(s.quote("_x"), "_x");
    assert_eq!(s.quote("1a"), "\"1a\"");
    assert_eq!(s.quote("key"), "\"key\"");
    assert_eq!(p.quote("key"), "key");
    assert_eq!(s.quote("value"), "value");
    assert_eq!(m.quote("key"), "`key`");
    assert_eq!(m.quote("order"), "`order`");
    assert_eq!(m.quote("status"), "status");
}

#[test]
fn sqlite_bind_processors() {
    let s = SqliteDialect;
    let dt = NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.and_hms_opt(9, 30, 0)).map(Value::DateTime);
    assert_eq!(s.bind_value(Some(&SqlType::DateTime), &dt.unwrap_or(Value::Null)), Value::Str("2024-01-01 09:30:00.000000".into()));
    assert_eq!(s.bind_value(Some(&SqlType::Boolean), &Value::Bool(true)), Value::Int(1));
    let d: Decimal = "9.99".parse().unwrap_or_default();
    assert!(matches!(s.bind_value(Some(&SqlType::Numeric(Some(10), Some(2))), &Value::Decimal(d)), Value::Float(f) if f == 9.99));
    let j: serde_json::Value = serde_json::from_str(r#"{"a": [1, 2], "é": null}"#).unwrap_or_default();
    assert_eq!(s.bind_value(Some(&SqlType::Json), &Value::Json(Box::new(j))), Value::Str(r#"{"a": [1, 2], "\u00e9": null}"#.into()));
}

#[test]
fn mysql_result_processors() {
    let m = MysqlDialect { mariadb: true };
    let double = SqlType::Numeric(None, None);
    assert_eq!(m.result_value(&double, Value::Float(0.1)).map(|v| v.py_repr()).ok(), Some("Decimal('0.1000000000')".into()));
    assert_eq!(m.result_value(&SqlType::Numeric(Some(10), Some(2)), Value::Float(2.5)).map(|v| v.py_repr()).ok(), Some("Decimal('2.50')".into()));
    assert_eq!(m.result_value(&SqlType::Integer, Value::Bytes(vec![1, 5])).ok(), Some(Value::Int(261)));
    assert_eq!(m.result_value(&SqlType::Binary, Value::Bytes(vec![1])).ok(), Some(Value::Bytes(vec![1])));
    assert_eq!(m.result_value(&SqlType::Float, Value::Float(0.1)).ok(), Some(Value::Float(0.1)));
}

#[test]
fn postgresql_sends_lists_to_array_columns_as_lists() {
    let p = PostgresDialect;
    let list = Value::Json(Box::new(serde_json::json!(["a", "b"])));
    assert_eq!(p.bind_value(Some(&SqlType::Text), &list), list);
    assert_eq!(p.bind_value(Some(&SqlType::Json), &list), Value::Str(r#"["a", "b"]"#.into()));
}

#[test]
fn sqlite_result_processors() {
    let s = SqliteDialect;
    let num = SqlType::Numeric(Some(10), Some(2));
    assert_eq!(s.result_value(&num, Value::Float(19.5)).map(|v| v.py_repr()).ok(), Some("Decimal('19.50')".into()));
    assert_eq!(s.result_value(&num, Value::Float(9.99)).map(|v| v.py_repr()).ok(), Some("Decimal('9.99')".into()));
    assert_eq!(
        s.result_value(&SqlType::Numeric(None, None), Value::Float(1.5)).map(|v| v.py_repr()).ok(),
        Some("Decimal('1.5000000000')".into())
    );
    assert_eq!(s.result_value(&SqlType::Boolean, Value::Int(1)).ok(), Some(Value::Bool(true)));
    assert_eq!(
        s.result_value(&SqlType::DateTime, Value::Str("2024-01-01 09:30:00".into())).map(|v| v.py_repr()).ok(),
        Some("datetime.datetime(2024, 1, 1, 9, 30)".into())
    );
    assert_eq!(
        s.result_value(&SqlType::DateTime, Value::Str("2024-01-01 09:30:00.123000".into())).map(|v| v.py_repr()).ok(),
        Some("datetime.datetime(2024, 1, 1, 9, 30, 0, 123000)".into())
    );
    assert_eq!(s.result_value(&SqlType::Date, Value::Str("2024-01-02".into())).map(|v| v.py_repr()).ok(), Some("datetime.date(2024, 1, 2)".into()));
    assert_eq!(s.result_value(&SqlType::Time, Value::Str("09:30:00.000000".into())).map(|v| v.py_repr()).ok(), Some("datetime.time(9, 30)".into()));
    assert_eq!(s.result_value(&SqlType::Json, Value::Str("{\"a\": [1, 2]}".into())).map(|v| v.py_repr()).ok(), Some("{'a': [1, 2]}".into()));
    assert!(s.result_value(&SqlType::DateTime, Value::Str("garbage".into())).is_err());
}

#[test]
fn type_names_per_dialect() {
    let (s, p, m) = (SqliteDialect, PostgresDialect, MysqlDialect { mariadb: false });
    assert_eq!(s.type_ddl(&SqlType::DateTime, false), "DATETIME");
    assert_eq!(p.type_ddl(&SqlType::DateTime, false), "TIMESTAMP WITHOUT TIME ZONE");
    assert_eq!(p.type_ddl(&SqlType::Integer, true), "SERIAL");
    assert_eq!(m.type_ddl(&SqlType::String(None), false), "VARCHAR(255)");
    assert_eq!(m.type_ddl(&SqlType::Boolean, false), "BOOL");
    assert_eq!(p.type_ddl(&SqlType::Binary, false), "BYTEA");
    assert_eq!(s.type_ddl(&SqlType::Numeric(Some(10), Some(2)), false), "NUMERIC(10, 2)");
    assert_eq!(m.cast_type(&SqlType::String(None)), Some("CHAR".into()));
}

#[test]
fn has_table_queries() {
    let q = SqliteDialect.has_table_sql("users", None);
    assert_eq!(q.statements[0].0, "PRAGMA main.table_info(\"users\")");
    assert_eq!(q.statements[1].0, "PRAGMA temp.table_info(\"users\")");
    let q = MysqlDialect { mariadb: true }.has_table_sql("users", Some("test"));
    assert_eq!(q.statements[0].0, "DESCRIBE test.users");
}

#[test]
fn transaction_sql_and_capabilities() {
    for d in [&SQLITE as &dyn Dialect, &POSTGRESQL, &MYSQL, &MARIADB] {
        assert_eq!((d.begin_sql(), d.commit_sql(), d.rollback_sql()), ("BEGIN", "COMMIT", "ROLLBACK"));
        assert_eq!(d.savepoint_sql("sa_savepoint_1"), "SAVEPOINT sa_savepoint_1");
        assert_eq!(d.release_savepoint_sql("s"), "RELEASE SAVEPOINT s");
        assert_eq!(d.rollback_to_savepoint_sql("s"), "ROLLBACK TO SAVEPOINT s");
        assert_eq!(d.lastrowid_over_returning(), d.name() == "sqlite");
    }
    assert_eq!(SQLITE.insert_no_columns(), "DEFAULT VALUES");
    assert_eq!(POSTGRESQL.insert_no_columns(), "DEFAULT VALUES");
    assert_eq!(MARIADB.insert_no_columns(), "() VALUES ()");
    assert_eq!(POSTGRESQL.twophase_sql(TwoPhaseStep::Recover, "x"), vec!["SELECT gid FROM pg_prepared_xacts"]);
    assert_eq!(MYSQL.twophase_sql(TwoPhaseStep::Begin, "x"), vec!["XA BEGIN 'x'"]);
    assert!(dialect_for("oracle").is_none());
}

/// The capabilities code outside this file asks instead of a dialect's name,
/// with SQLAlchemy's answers per dialect.
#[test]
fn capabilities_are_sqlalchemys() {
    let all: [&dyn Dialect; 4] = [&SQLITE, &POSTGRESQL, &MYSQL, &MARIADB];
    let row = |d: &dyn Dialect| {
        (d.bind_processors_check_types(), d.default_metavalue_token(), d.for_update_clause(), d.autoincrement_keyword(), d.extract_by_strftime(), d.extract_field("milliseconds"), d.catalog_defaults_quoted(), d.dbapi())
    };
    let got: Vec<_> = all.iter().map(|d| row(*d)).collect();
    assert_eq!(got[0], (true, "NULL", false, None, true, "milliseconds", false, Dbapi::Sqlite3));
    assert_eq!(got[1], (false, "DEFAULT", true, None, false, "milliseconds", false, Dbapi::Psycopg2));
    assert_eq!(got[2], (false, "DEFAULT", true, Some(" AUTO_INCREMENT"), false, "millisecond", false, Dbapi::Pymysql));
    assert_eq!(got[3], (false, "DEFAULT", true, Some(" AUTO_INCREMENT"), false, "millisecond", true, Dbapi::Pymysql));
    // SQLite's processors refuse a date string before the driver; PostgreSQL's server judges it
    let v = Value::Str("2024-01-01".into());
    assert!(bind_type_error(&SQLITE, &SqlType::Date, &v).is_some());
    assert!(bind_type_error(&POSTGRESQL, &SqlType::Date, &v).is_none());
    assert!(bind_type_error(&POSTGRESQL, &SqlType::Boolean, &Value::Int(2)).is_some());
}
