//! Per-database differences the compiler, the DDL generator and the engine
//! need: identifier quoting, placeholders, RETURNING support, type names, and
//! the value conversions SQLAlchemy's type processors do on the way to the
//! driver (`bind_value`) and back (`result_value`).
//!
//! Mirrors `sqlalchemy/engine/default.py` (`DefaultDialect`),
//! `sql/compiler.py` (`IdentifierPreparer`) and the `sqlite`, `postgresql`,
//! `mysql` dialect packages. Called by `sql::compiler`, `sql::ddl` and the engine.

use crate::exc::{self, ErrorKind};
use crate::sql::reserved;
use crate::sql::types::SqlType;
use crate::sql::value::{float_repr, Value};
/// (The text forms of dates, times and JSON live in `sql::value`; these paths stay.)
pub use crate::sql::value::{parse_date, parse_datetime, parse_time, py_json_dumps};
use rust_decimal::Decimal;

/// How LIMIT/OFFSET are spelled (see `compiler::limit_clause`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitStyle {
    /// `\n LIMIT ? OFFSET ?`; OFFSET 0 added after a bare LIMIT, LIMIT -1 before a bare OFFSET.
    Sqlite,
    /// ` \n LIMIT $1 OFFSET $2`; `LIMIT ALL` before a bare OFFSET.
    Postgres,
    /// ` \n LIMIT ?, ?` (offset first); `LIMIT ?, 18446744073709551615` for a bare OFFSET.
    Mysql,
}

/// How `Dialect::has_table_sql`'s statements answer "does the table exist".
#[derive(Clone, Debug, PartialEq)]
pub enum CheckAnswer {
    /// The table exists when any statement returns a row (run them in order, stop at the first row).
    AnyRow,
    /// Run the statement: a row means it exists; a driver error with one of
    /// these codes means it does not (MySQL's `DESCRIBE`).
    RowOrErrorCodes(&'static [u16]),
}

/// The checkfirst query of `metadata.create_all`, as SQLAlchemy sends it.
#[derive(Clone, Debug, PartialEq)]
pub struct HasTableQuery {
    pub statements: Vec<(String, Vec<Value>)>,
    pub answer: CheckAnswer,
}

/// The error SQLAlchemy's bind processors raise for a value of the wrong Python
/// type, before any SQL is sent (`StatementError` wrapping it): `Boolean`'s
/// strict check on every backend; on SQLite (no native decimal, dates stored
/// as text) Float/Numeric's `float()` and the date types' `isinstance` checks.
pub fn bind_type_error(dialect: &dyn Dialect, ty: &SqlType, v: &Value) -> Option<crate::exc::Error> {
    let checks = dialect.bind_processors_check_types();
    let msg = match (ty, v) {
        (SqlType::Boolean, Value::Bool(_) | Value::Null) => return None,
        (SqlType::Boolean, Value::Int(0 | 1)) => return None,
        (SqlType::Boolean, v) => format!("(builtins.TypeError) Not a boolean value: {}", v.py_repr()),
        (SqlType::Float | SqlType::Numeric(..), Value::Str(s)) if checks && s.trim().parse::<f64>().is_err() => {
            format!("(builtins.ValueError) could not convert string to float: {}", v.py_repr())
        }
        (SqlType::Date, Value::Str(_) | Value::Int(_) | Value::Float(_)) if checks => {
            "(builtins.TypeError) SQLite Date type only accepts Python date objects as input.".to_string()
        }
        (SqlType::DateTime, Value::Str(_) | Value::Int(_) | Value::Float(_)) if checks => {
            "(builtins.TypeError) SQLite DateTime type only accepts Python datetime and date objects as input.".to_string()
        }
        (SqlType::Time, Value::Str(_) | Value::Int(_) | Value::Float(_)) if checks => {
            "(builtins.TypeError) SQLite Time type only accepts Python time objects as input.".to_string()
        }
        _ => return None,
    };
    Some(crate::exc::Error::new(crate::exc::ErrorKind::StatementError, msg))
}

/// One database dialect. The defaults are SQLAlchemy's `DefaultDialect` behaviour.
/// Code outside this file asks these capabilities, never `name()`.
pub trait Dialect {
    /// `sqlite`, `postgresql`, `mysql`, `mariadb`.
    fn name(&self) -> &'static str;
    /// Sorted reserved words of the identifier preparer.
    fn reserved_words(&self) -> &'static [&'static str];
    fn quote_char(&self) -> char {
        '"'
    }
    /// The `n`-th (1-based) positional placeholder.
    fn placeholder(&self, _n: usize) -> String {
        "?".to_string()
    }
    /// True when a placeholder number can be reused for a repeated text() name (`$1`).
    fn numbered_placeholders(&self) -> bool {
        false
    }
    /// The cast a string bind gets where nothing in the statement types it
    /// (a function's argument: `count($1::VARCHAR)`). The PostgreSQL driver
    /// binds on the server, as SQLAlchemy's psycopg dialect does, so an untyped
    /// `$1` there is "could not determine data type"; SQLAlchemy's psycopg
    /// dialect renders the same cast (`render_bind_cast` of String).
    fn string_bind_cast(&self) -> Option<&'static str> {
        None
    }
    fn supports_native_boolean(&self) -> bool {
        true
    }
    fn insert_returning(&self) -> bool {
        true
    }
    /// `Dialect.postfetch_lastrowid`: a single-row INSERT learns its new primary
    /// key from `cursor.lastrowid` rather than RETURNING (SQLite, MySQL/MariaDB);
    /// PostgreSQL has no lastrowid, so it always uses RETURNING.
    fn postfetch_lastrowid(&self) -> bool {
        true
    }
    /// What the DBAPI cursor's `lastrowid` says when the driver gave no row
    /// id: psycopg2 reports the OID, 0 for every table without OIDs; the
    /// others None (`CursorResult.lastrowid`).
    fn cursor_lastrowid_default(&self) -> Option<i64> {
        None
    }
    /// `UPDATE … RETURNING` is rendered (SQLAlchemy's MariaDB compiler renders
    /// it although the ORM does not count on it: the server answers).
    fn compiles_update_returning(&self) -> bool {
        self.update_returning()
    }
    fn update_returning(&self) -> bool {
        true
    }
    fn delete_returning(&self) -> bool {
        true
    }
    /// `use_insertmanyvalues` as the ORM's flush uses it here: several rows of one
    /// INSERT that need their new keys back go as multi-row `INSERT … VALUES …
    /// RETURNING` batches (PostgreSQL, MariaDB). SQLite keeps its one prepared
    /// statement per row (`last_insert_rowid`, docs/divergences.md).
    fn use_insertmanyvalues(&self) -> bool {
        false
    }
    /// `use_insertmanyvalues_wo_returning`: rows needing nothing back are batched
    /// too (psycopg2), instead of a driver `executemany` (pymysql).
    fn use_insertmanyvalues_wo_returning(&self) -> bool {
        false
    }
    /// `InsertmanyvaluesSentinelOpts.USE_INSERT_FROM_SELECT`: the orderable
    /// `INSERT … SELECT … FROM (VALUES …) AS imp_sen(…) ORDER BY sen_counter` form.
    fn insertmanyvalues_from_select(&self) -> bool {
        false
    }
    /// SQLite renders `RETURNING id`; the others `RETURNING users.id`.
    fn qualify_returning(&self) -> bool {
        true
    }
    fn native_ilike(&self) -> bool {
        false
    }
    /// MySQL renders `||` and LIKE wrappers as `concat(…)`.
    fn concat_function(&self) -> bool {
        false
    }
    fn limit_style(&self) -> LimitStyle;
    /// `func.now()`.
    fn now_function(&self) -> &'static str {
        "now()"
    }
    /// The empty IN expression after expansion (`IN (…)`, `NOT IN (…)`).
    fn empty_in(&self, negate: bool) -> &'static str {
        if negate {
            "NOT IN (NULL) OR (1 = 1)"
        } else {
            "IN (NULL) AND (1 != 1)"
        }
    }
    /// Type name in `CREATE TABLE`. `serial` is true for the autoincrement primary key.
    fn type_ddl(&self, ty: &SqlType, serial: bool) -> String {
        let _ = serial;
        generic_type_name(ty)
    }
    /// Type name in `CAST(x AS …)`; `None` when the dialect renders no CAST.
    fn cast_type(&self, ty: &SqlType) -> Option<String> {
        Some(self.type_ddl(ty, false))
    }
    /// Right operand of an integer true division (`x / (? + 0.0)` on SQLite).
    fn truediv_right(&self, right: String) -> String {
        right
    }
    /// Quote an identifier when SQLAlchemy's `IdentifierPreparer` would:
    /// reserved words, illegal characters or initial, or any uppercase letter.
    fn quote(&self, name: &str) -> String {
        if requires_quotes(name, self.reserved_words()) {
            self.quote_always(name)
        } else {
            name.to_string()
        }
    }
    fn quote_always(&self, name: &str) -> String {
        let q = self.quote_char();
        let doubled: String = name.chars().flat_map(|c| if c == q { vec![c, c] } else { vec![c] }).collect();
        format!("{q}{doubled}{q}")
    }
    /// What SQLAlchemy's bind processors hand the driver for a value of `ty`.
    fn bind_value(&self, ty: Option<&SqlType>, v: &Value) -> Value {
        default_bind(ty, v)
    }
    /// What SQLAlchemy's result processors make of a driver value for a column of `ty`.
    fn result_value(&self, ty: &SqlType, raw: Value) -> exc::Result<Value> {
        common_result(ty, raw)
    }
    /// The checkfirst query for `table` (`schema`: the current database name on MySQL).
    fn has_table_sql(&self, table: &str, schema: Option<&str>) -> HasTableQuery;
    /// On SQLite, when RETURNING would fetch nothing but the integer autoincrement
    /// key, a plain INSERT + `lastrowid` serves even several rows: RETURNING makes
    /// SQLite build an ephemeral b-tree per row (docs/performance.md).
    fn lastrowid_over_returning(&self) -> bool {
        false
    }
    /// The tail of an INSERT that names no column (`DEFAULT VALUES`).
    fn insert_no_columns(&self) -> &'static str {
        "DEFAULT VALUES"
    }
    /// Transaction-control statements (`do_begin`, `do_commit`, `do_savepoint` …),
    /// sent by the engine and the drivers, never spelled by them.
    fn begin_sql(&self) -> &'static str {
        "BEGIN"
    }
    fn commit_sql(&self) -> &'static str {
        "COMMIT"
    }
    fn rollback_sql(&self) -> &'static str {
        "ROLLBACK"
    }
    fn savepoint_sql(&self, name: &str) -> String {
        format!("SAVEPOINT {name}")
    }
    fn release_savepoint_sql(&self, name: &str) -> String {
        format!("RELEASE SAVEPOINT {name}")
    }
    fn rollback_to_savepoint_sql(&self, name: &str) -> String {
        format!("ROLLBACK TO SAVEPOINT {name}")
    }
    /// Two-phase statements (`do_begin_twophase`, `do_prepare_twophase` …), in the
    /// order they are sent, for one step; empty when the backend has none (SQLite).
    fn twophase_sql(&self, step: TwoPhaseStep, xid: &str) -> Vec<String> {
        let _ = (step, xid);
        Vec::new()
    }
    /// The bind processors check a value's Python type before the driver sees
    /// it (SQLite's string-stored DATE/DATETIME/TIME, its `float()` of
    /// Float/Numeric): a wrong one is a `StatementError` ([`bind_type_error`]).
    fn bind_processors_check_types(&self) -> bool {
        false
    }
    /// `default_metavalue_token`: the value an executemany INSERT of no values
    /// gives its first column (`DEFAULT`; SQLite's `NULL`).
    fn default_metavalue_token(&self) -> &'static str {
        "DEFAULT"
    }
    /// `SELECT … FOR UPDATE` is rendered (SQLite's compiler renders nothing).
    fn for_update_clause(&self) -> bool {
        true
    }
    /// The column keyword of an autoincrement primary key in `CREATE TABLE`
    /// (MySQL's `AUTO_INCREMENT`; the others say it with the type).
    fn autoincrement_keyword(&self) -> Option<&'static str> {
        None
    }
    /// `extract()` as SQLite's compiler spells it: `CAST(STRFTIME('%…', x) AS INTEGER)`.
    fn extract_by_strftime(&self) -> bool {
        false
    }
    /// `extract()`'s field as the dialect names it (MySQL's `millisecond`).
    fn extract_field<'a>(&self, field: &'a str) -> &'a str {
        field
    }
    /// Reflected column defaults come quoted from the catalog (MariaDB's
    /// `information_schema`, SQLAlchemy's `is_mariadb` branch).
    fn catalog_defaults_quoted(&self) -> bool {
        false
    }
    /// The DBAPI module whose raw cursor (`connection.connection.cursor()`) is imitated.
    fn dbapi(&self) -> Dbapi {
        Dbapi::Sqlite3
    }
    /// `max_identifier_length`, where a longer name would be refused or
    /// truncated (PostgreSQL 63, MySQL 64); None: nothing to check (SQLite).
    fn max_identifier_length(&self) -> Option<usize> {
        None
    }
    /// The identifier limit counts UTF-8 bytes as well (PostgreSQL's `NAMEDATALEN`).
    fn identifier_limit_in_bytes(&self) -> bool {
        false
    }
    /// Two table or column names differing only in case are one (SQLite; MySQL's
    /// columns always, its tables on case-insensitive file systems).
    fn folds_identifier_case(&self) -> bool {
        false
    }
    /// A table-name prefix the database keeps for itself (SQLite's `sqlite_`).
    fn reserved_table_prefix(&self) -> Option<&'static str> {
        None
    }
}

/// DBAPI modules, for their cursors' habits (see [`Dialect::dbapi`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dbapi {
    Sqlite3,
    Psycopg2,
    Pymysql,
}

/// The steps of a two-phase (XA) transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TwoPhaseStep {
    Begin,
    Prepare,
    CommitPrepared,
    RollbackPrepared,
    Recover,
}

/// An xid as a SQL string literal.
fn quoted_xid(xid: &str) -> String {
    format!("'{}'", xid.replace('\'', "''"))
}

fn requires_quotes(name: &str, reserved: &[&str]) -> bool {
    let Some(first) = name.chars().next() else { return true };
    let lower = name.to_lowercase();
    reserved.binary_search(&lower.as_str()).is_ok()
        || first.is_ascii_digit()
        || first == '$'
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        || lower != name
}

fn generic_type_name(ty: &SqlType) -> String {
    match ty {
        SqlType::Integer => "INTEGER".into(),
        SqlType::BigInteger => "BIGINT".into(),
        SqlType::SmallInteger => "SMALLINT".into(),
        SqlType::String(Some(n)) => format!("VARCHAR({n})"),
        SqlType::String(None) => "VARCHAR".into(),
        SqlType::Text => "TEXT".into(),
        SqlType::Boolean => "BOOLEAN".into(),
        SqlType::Float => "FLOAT".into(),
        SqlType::Numeric(None, _) => "NUMERIC".into(),
        SqlType::Numeric(Some(p), None) => format!("NUMERIC({p})"),
        SqlType::Numeric(Some(p), Some(s)) => format!("NUMERIC({p}, {s})"),
        SqlType::Date => "DATE".into(),
        SqlType::DateTime => "DATETIME".into(),
        SqlType::Time => "TIME".into(),
        SqlType::Binary => "BLOB".into(),
        SqlType::Json => "JSON".into(),
    }
}

/// SQLite: `pysqlite` plus SQLAlchemy's string-based date/time storage.
#[derive(Clone, Copy, Debug, Default)]
pub struct SqliteDialect;

/// PostgreSQL through the Rust `postgres` crate (`$1` placeholders).
#[derive(Clone, Copy, Debug, Default)]
pub struct PostgresDialect;

/// MySQL or MariaDB through the Rust `mysql` crate (`?` placeholders).
#[derive(Clone, Copy, Debug, Default)]
pub struct MysqlDialect {
    pub mariadb: bool,
}

impl Dialect for SqliteDialect {
    fn name(&self) -> &'static str {
        "sqlite"
    }
    fn bind_processors_check_types(&self) -> bool {
        true
    }
    fn default_metavalue_token(&self) -> &'static str {
        "NULL"
    }
    fn for_update_clause(&self) -> bool {
        false
    }
    fn extract_by_strftime(&self) -> bool {
        true
    }
    fn folds_identifier_case(&self) -> bool {
        true
    }
    fn reserved_table_prefix(&self) -> Option<&'static str> {
        Some("sqlite_")
    }
    fn lastrowid_over_returning(&self) -> bool {
        true
    }
    fn reserved_words(&self) -> &'static [&'static str] {
        reserved::SQLITE
    }
    fn supports_native_boolean(&self) -> bool {
        false
    }
    fn qualify_returning(&self) -> bool {
        false
    }
    fn limit_style(&self) -> LimitStyle {
        LimitStyle::Sqlite
    }
    fn now_function(&self) -> &'static str {
        "CURRENT_TIMESTAMP"
    }
    fn empty_in(&self, negate: bool) -> &'static str {
        if negate {
            "NOT IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1)"
        } else {
            "IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1)"
        }
    }
    fn truediv_right(&self, right: String) -> String {
        format!("({right} + 0.0)")
    }
    fn bind_value(&self, ty: Option<&SqlType>, v: &Value) -> Value {
        match (ty, v) {
            (_, Value::Null) if ty != Some(&SqlType::Json) => Value::Null,
            (Some(SqlType::Json), _) | (_, Value::Json(_)) => default_bind(ty, v),
            (_, Value::Bool(b)) => Value::Int(*b as i64),
            (_, Value::Decimal(d)) => Value::Float(decimal_to_f64(d)),
            (Some(SqlType::Float), Value::Int(i)) => Value::Float(*i as f64),
            (Some(SqlType::Numeric(..)), Value::Int(i)) => Value::Float(*i as f64),
            // `processors.to_float` (no native decimal): '1.5' goes as 1.5
            (Some(SqlType::Float | SqlType::Numeric(..)), Value::Str(st)) => st.trim().parse::<f64>().map(Value::Float).unwrap_or_else(|_| v.clone()),
            (_, Value::DateTime(dt)) => Value::Str(dt.format("%Y-%m-%d %H:%M:%S%.6f").to_string()),
            (_, Value::Date(d)) => Value::Str(d.format("%Y-%m-%d").to_string()),
            (_, Value::Time(t)) => Value::Str(t.format("%H:%M:%S%.6f").to_string()),
            (_, v) => v.clone(),
        }
    }
    fn result_value(&self, ty: &SqlType, raw: Value) -> exc::Result<Value> {
        match (ty, raw) {
            (_, Value::Null) => Ok(Value::Null),
            // SQLAlchemy's sqlite Numeric: Decimal('%.<scale>f' % value), scale 10 when unset.
            (SqlType::Numeric(_, scale), raw) => {
                let f = match raw {
                    Value::Int(i) => i as f64,
                    Value::Float(f) => f,
                    Value::Decimal(d) => return Ok(Value::Decimal(d)),
                    Value::Str(s) => s.trim().parse::<f64>().map_err(|_| {
                        exc::type_error(format!("must be real number, not str ({s:?})"))
                    })?,
                    other => return Ok(other),
                };
                decimal_from_f64(f, scale.unwrap_or(10))
            }
            (ty, raw) => common_result(ty, raw),
        }
    }
    fn has_table_sql(&self, table: &str, _schema: Option<&str>) -> HasTableQuery {
        let q = self.quote_always(table);
        HasTableQuery {
            statements: vec![
                (format!("PRAGMA main.table_info({q})"), vec![]),
                (format!("PRAGMA temp.table_info({q})"), vec![]),
            ],
            answer: CheckAnswer::AnyRow,
        }
    }
}

/// JSON to its text; everything else as is (the drivers take native values).
fn default_bind(ty: Option<&SqlType>, v: &Value) -> Value {
    match (ty, v) {
        (Some(SqlType::Json), Value::Null) => Value::Str("null".into()),
        (Some(SqlType::Json), v) => Value::Str(py_json_dumps(&value_to_json(v))),
        (_, Value::Json(j)) => Value::Str(py_json_dumps(j)),
        (_, v) => v.clone(),
    }
}

impl Dialect for PostgresDialect {
    fn name(&self) -> &'static str {
        "postgresql"
    }
    fn dbapi(&self) -> Dbapi {
        Dbapi::Psycopg2
    }
    fn max_identifier_length(&self) -> Option<usize> {
        Some(63)
    }
    fn identifier_limit_in_bytes(&self) -> bool {
        true
    }
    fn twophase_sql(&self, step: TwoPhaseStep, xid: &str) -> Vec<String> {
        let xid = quoted_xid(xid);
        vec![match step {
            TwoPhaseStep::Begin => "BEGIN".into(),
            TwoPhaseStep::Prepare => format!("PREPARE TRANSACTION {xid}"),
            TwoPhaseStep::CommitPrepared => format!("COMMIT PREPARED {xid}"),
            TwoPhaseStep::RollbackPrepared => format!("ROLLBACK PREPARED {xid}"),
            TwoPhaseStep::Recover => "SELECT gid FROM pg_prepared_xacts".into(),
        }]
    }
    fn reserved_words(&self) -> &'static [&'static str] {
        reserved::POSTGRESQL
    }
    fn placeholder(&self, n: usize) -> String {
        format!("${n}")
    }
    fn numbered_placeholders(&self) -> bool {
        true
    }
    fn string_bind_cast(&self) -> Option<&'static str> {
        Some("VARCHAR")
    }
    fn native_ilike(&self) -> bool {
        true
    }
    fn limit_style(&self) -> LimitStyle {
        LimitStyle::Postgres
    }
    fn type_ddl(&self, ty: &SqlType, serial: bool) -> String {
        match (ty, serial) {
            (SqlType::Integer, true) => "SERIAL".into(),
            (SqlType::BigInteger, true) => "BIGSERIAL".into(),
            (SqlType::SmallInteger, true) => "SMALLSERIAL".into(),
            (SqlType::DateTime, _) => "TIMESTAMP WITHOUT TIME ZONE".into(),
            (SqlType::Time, _) => "TIME WITHOUT TIME ZONE".into(),
            (SqlType::Binary, _) => "BYTEA".into(),
            (ty, _) => generic_type_name(ty),
        }
    }
    fn truediv_right(&self, right: String) -> String {
        format!("CAST({right} AS NUMERIC)")
    }
    fn postfetch_lastrowid(&self) -> bool {
        false
    }
    fn cursor_lastrowid_default(&self) -> Option<i64> {
        Some(0)
    }
    fn use_insertmanyvalues(&self) -> bool {
        true
    }
    fn use_insertmanyvalues_wo_returning(&self) -> bool {
        true
    }
    fn insertmanyvalues_from_select(&self) -> bool {
        true
    }
    /// A list for a column that is not JSON (a reflected array column) goes to
    /// the driver as the list, which sends it as an array literal (psycopg2
    /// adapts a list to `ARRAY[...]`); JSON columns take the JSON text.
    fn bind_value(&self, ty: Option<&SqlType>, v: &Value) -> Value {
        match (ty, v) {
            (Some(t), Value::Json(j)) if matches!(**j, serde_json::Value::Array(_)) && *t != SqlType::Json => v.clone(),
            // Boolean's processor coerces with bool() on a native-boolean backend: 1 goes as True
            (Some(SqlType::Boolean), Value::Int(i)) => Value::Bool(*i != 0),
            _ => default_bind(ty, v),
        }
    }
    /// psycopg2 hands back native values (bool, Decimal, date/time objects,
    /// decoded JSON); only JSON `null` needs SQLAlchemy's processor (None).
    fn result_value(&self, ty: &SqlType, raw: Value) -> exc::Result<Value> {
        match (ty, raw) {
            (SqlType::Json, Value::Json(j)) if j.is_null() => Ok(Value::Null),
            (SqlType::Json, Value::Json(j)) => Ok(Value::Json(j)),
            (ty, raw) => common_result(ty, raw),
        }
    }
    fn has_table_sql(&self, table: &str, _schema: Option<&str>) -> HasTableQuery {
        let sql = "SELECT pg_catalog.pg_class.relname \nFROM pg_catalog.pg_class JOIN pg_catalog.pg_namespace \
                   ON pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace \nWHERE \
                   pg_catalog.pg_class.relname IN ($1::VARCHAR) AND pg_catalog.pg_class.relkind = ANY \
                   (ARRAY[$2::VARCHAR, $3::VARCHAR, $4::VARCHAR, $5::VARCHAR, $6::VARCHAR]) AND \
                   pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND \
                   pg_catalog.pg_namespace.nspname != $7::VARCHAR";
        let params = [table, "r", "p", "f", "v", "m", "pg_catalog"].iter().map(|s| Value::Str(s.to_string())).collect();
        HasTableQuery { statements: vec![(sql.to_string(), params)], answer: CheckAnswer::AnyRow }
    }
}

impl Dialect for MysqlDialect {
    fn insert_no_columns(&self) -> &'static str {
        "() VALUES ()"
    }
    fn autoincrement_keyword(&self) -> Option<&'static str> {
        Some(" AUTO_INCREMENT")
    }
    fn extract_field<'a>(&self, field: &'a str) -> &'a str {
        if field == "milliseconds" {
            "millisecond"
        } else {
            field
        }
    }
    fn catalog_defaults_quoted(&self) -> bool {
        self.mariadb
    }
    fn dbapi(&self) -> Dbapi {
        Dbapi::Pymysql
    }
    fn max_identifier_length(&self) -> Option<usize> {
        Some(64)
    }
    fn folds_identifier_case(&self) -> bool {
        true
    }
    fn twophase_sql(&self, step: TwoPhaseStep, xid: &str) -> Vec<String> {
        let xid = quoted_xid(xid);
        match step {
            TwoPhaseStep::Begin => vec![format!("XA BEGIN {xid}")],
            TwoPhaseStep::Prepare => vec![format!("XA END {xid}"), format!("XA PREPARE {xid}")],
            TwoPhaseStep::CommitPrepared => vec![format!("XA COMMIT {xid}")],
            TwoPhaseStep::RollbackPrepared => vec![format!("XA ROLLBACK {xid}")],
            TwoPhaseStep::Recover => vec!["XA RECOVER".into()],
        }
    }
    fn name(&self) -> &'static str {
        if self.mariadb {
            "mariadb"
        } else {
            "mysql"
        }
    }
    fn reserved_words(&self) -> &'static [&'static str] {
        if self.mariadb {
            reserved::MARIADB
        } else {
            reserved::MYSQL
        }
    }
    fn quote_char(&self) -> char {
        '`'
    }
    fn supports_native_boolean(&self) -> bool {
        false
    }
    /// MariaDB ≥ 10.5 has INSERT/DELETE … RETURNING (SQLAlchemy's
    /// `is_mariadb` dialect enables them); MySQL has none; neither has UPDATE … RETURNING.
    fn insert_returning(&self) -> bool {
        self.mariadb
    }
    /// Batches need RETURNING; MySQL has none, so its rows go one by one (lastrowid).
    fn use_insertmanyvalues(&self) -> bool {
        self.mariadb
    }
    fn update_returning(&self) -> bool {
        false
    }
    fn compiles_update_returning(&self) -> bool {
        self.mariadb
    }
    fn delete_returning(&self) -> bool {
        self.mariadb
    }
    fn concat_function(&self) -> bool {
        true
    }
    fn limit_style(&self) -> LimitStyle {
        LimitStyle::Mysql
    }
    fn type_ddl(&self, ty: &SqlType, _serial: bool) -> String {
        match ty {
            SqlType::String(None) => "VARCHAR(255)".into(),
            SqlType::Boolean => "BOOL".into(),
            ty => generic_type_name(ty),
        }
    }
    fn cast_type(&self, ty: &SqlType) -> Option<String> {
        Some(match ty {
            SqlType::String(Some(n)) => format!("CHAR({n})"),
            SqlType::String(None) | SqlType::Text => "CHAR".into(),
            SqlType::Integer | SqlType::BigInteger | SqlType::SmallInteger => "SIGNED INTEGER".into(),
            SqlType::Numeric(Some(p), Some(s)) => format!("DECIMAL({p}, {s})"),
            SqlType::Numeric(Some(p), None) => format!("DECIMAL({p})"),
            SqlType::Numeric(None, _) => "DECIMAL".into(),
            SqlType::Binary => "BINARY".into(),
            SqlType::Float | SqlType::Boolean => return None,
            ty => generic_type_name(ty),
        })
    }
    fn bind_value(&self, ty: Option<&SqlType>, v: &Value) -> Value {
        match v {
            Value::Bool(b) => Value::Int(*b as i64),
            v => default_bind(ty, v),
        }
    }
    /// SQLAlchemy's MySQL types: a numeric the driver hands back as a float
    /// (a reflected `DOUBLE`, which SQLAlchemy reads `asdecimal`) becomes
    /// `Decimal('%.<scale>f')`, scale 10 when unset; `BIT` bytes (a reflected
    /// `BIT` is an integer column here) become the integer they spell.
    fn result_value(&self, ty: &SqlType, raw: Value) -> exc::Result<Value> {
        match (ty, raw) {
            (SqlType::Numeric(_, scale), Value::Float(f)) => decimal_from_f64(f, scale.unwrap_or(10)),
            (ty, Value::Bytes(b)) if ty.is_integer() && b.len() <= 8 => {
                Ok(Value::Int(b.iter().fold(0i64, |acc, byte| (acc << 8) | i64::from(*byte))))
            }
            (ty, raw) => common_result(ty, raw),
        }
    }
    fn has_table_sql(&self, table: &str, schema: Option<&str>) -> HasTableQuery {
        let name = match schema {
            Some(s) => format!("{}.{}", self.quote(s), self.quote(table)),
            None => self.quote(table),
        };
        HasTableQuery { statements: vec![(format!("DESCRIBE {name}"), vec![])], answer: CheckAnswer::RowOrErrorCodes(&[1146, 1049, 1051]) }
    }
}

pub static SQLITE: SqliteDialect = SqliteDialect;
pub static POSTGRESQL: PostgresDialect = PostgresDialect;
pub static MYSQL: MysqlDialect = MysqlDialect { mariadb: false };
pub static MARIADB: MysqlDialect = MysqlDialect { mariadb: true };

/// The dialect for a URL backend name; `None` for an unknown one.
pub fn dialect_for(backend: &str) -> Option<&'static dyn Dialect> {
    Some(match backend {
        "sqlite" => &SQLITE,
        "postgresql" | "postgres" => &POSTGRESQL,
        "mysql" => &MYSQL,
        "mariadb" => &MARIADB,
        _ => return None,
    })
}

fn decimal_to_f64(d: &Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

/// Python's `Decimal('%.{scale}f' % f)`.
fn decimal_from_f64(f: f64, scale: u32) -> exc::Result<Value> {
    let text = format!("{:.*}", scale as usize, f);
    text.parse::<Decimal>()
        .map(Value::Decimal)
        .map_err(|_| exc::Error::new(ErrorKind::ValueError, format!("cannot convert {} to Decimal", float_repr(f))))
}

/// Result conversions shared by every dialect: booleans from integers, dates
/// from strings, JSON from text, numerics to Decimal.
fn common_result(ty: &SqlType, raw: Value) -> exc::Result<Value> {
    Ok(match (ty, raw) {
        (_, Value::Null) => Value::Null,
        (SqlType::Boolean, Value::Int(i)) => Value::Bool(i != 0),
        (SqlType::Numeric(..), Value::Float(f)) => {
            let text = float_repr(f);
            match text.parse::<Decimal>() {
                Ok(d) => Value::Decimal(d),
                Err(_) => Value::Float(f),
            }
        }
        (SqlType::Numeric(..), Value::Int(i)) => Value::Decimal(Decimal::from(i)),
        (SqlType::Float, Value::Decimal(d)) => Value::Float(decimal_to_f64(&d)),
        (SqlType::DateTime, Value::Str(s)) => Value::DateTime(parse_datetime(&s)?),
        (SqlType::Date, Value::Str(s)) => Value::Date(parse_date(&s)?),
        (SqlType::Time, Value::Str(s)) => Value::Time(parse_time(&s)?),
        (SqlType::Json, Value::Str(s)) => {
            let j: serde_json::Value = serde_json::from_str(&s)
                .map_err(|e| exc::Error::new(ErrorKind::ValueError, format!("JSON decode error: {e}")))?;
            if j.is_null() {
                Value::Null
            } else {
                Value::Json(Box::new(j))
            }
        }
        (SqlType::Json, Value::Bytes(b)) => return common_result(ty, Value::Str(String::from_utf8_lossy(&b).into_owned())),
        (_, raw) => raw,
    })
}

/// A scalar value as the JSON document `json.dumps` would write for it.
fn value_to_json(v: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map(J::Number).unwrap_or(J::Null),
        Value::Decimal(d) => J::String(d.to_string()),
        Value::Str(s) => J::String(s.clone()),
        Value::Json(j) => (**j).clone(),
        other => J::String(other.py_str()),
    }
}

#[cfg(test)]
#[path = "dialect_tests.rs"]
mod tests;
