//! MySQL/MariaDB reflection from `information_schema`, giving what
//! `MySQLDialect.get_columns / get_pk_constraint / get_foreign_keys /
//! get_indexes` (`sqlalchemy/dialects/mysql/base.py`, which parses `SHOW
//! CREATE TABLE`) report:
//! - base tables (and MariaDB's system-versioned ones) of the connection's
//!   database, no views;
//! - columns in ordinal order, typed as SQLAlchemy's `ischema_names` type
//!   them (`TINYINT(1)` stays an integer, `ENUM`/`SET` are strings, MariaDB's
//!   `JSON` is the `LONGTEXT` it is stored as, `DOUBLE` is read as a decimal,
//!   `BIT` as an integer; others ormsh has no type for are text); the default as `SHOW CREATE TABLE` spells it (MySQL quotes
//!   literals there, MariaDB's catalog already does), with its `ON UPDATE`
//!   clause; `autoincrement` true for `AUTO_INCREMENT`, false for other
//!   integer columns;
//! - foreign keys ordered by constraint name (bytewise), the order `SHOW
//!   CREATE TABLE` lists them in; `ON DELETE` only when it is not the
//!   default `RESTRICT`/`NO ACTION`, as `SHOW CREATE TABLE` leaves it out.
//!
//! Four queries for the whole database.

use super::{field, int, no_such_table, text, truthy, ByTable, ReflectedColumn, ReflectedForeignKey, ReflectedIndex, ReflectedTable, Reflector};
use crate::engine::Connection;
use crate::exc::Result;
use crate::sql::types::SqlType;
use crate::sql::value::Value;

/// MySQL and MariaDB via `information_schema`.
pub struct MysqlReflector;

const TABLES: &str = "SELECT TABLE_NAME FROM information_schema.TABLES \
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')";

const COLUMNS: &str = "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, \
    CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, GENERATION_EXPRESSION \
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION";

const KEYS: &str = "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE \
    FROM information_schema.KEY_COLUMN_USAGE k \
    LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA \
      AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
    WHERE k.TABLE_SCHEMA = DATABASE() \
      AND (k.CONSTRAINT_NAME = 'PRIMARY' OR k.REFERENCED_TABLE_SCHEMA = DATABASE()) \
    ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

const INDEXES: &str = "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SEQ_IN_INDEX \
    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY' \
    ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

impl MysqlReflector {
    fn load(&self, conn: &Connection, only: Option<&str>) -> Result<Vec<ReflectedTable>> {
        let mut names = self.table_names(conn)?;
        if let Some(name) = only {
            names.retain(|n| n == name);
        }
        let mariadb = conn.engine().dialect().catalog_defaults_quoted();
        let mut tables = ByTable::new(&names);
        let rs = conn.exec_driver_sql(COLUMNS, &[])?;
        for row in &rs.rows {
            let f = |name: &str| field(&rs.columns, row, name);
            let Some(t) = text(f("TABLE_NAME")).and_then(|n| tables.get(&n)) else { continue };
            let facts = ColumnFacts {
                data_type: text(f("DATA_TYPE")).unwrap_or_default(),
                column_type: text(f("COLUMN_TYPE")).unwrap_or_default(),
                default: text(f("COLUMN_DEFAULT")),
                extra: text(f("EXTRA")).unwrap_or_default(),
                length: nonzero(f("CHARACTER_MAXIMUM_LENGTH")),
                precision: nonzero(f("NUMERIC_PRECISION")),
                scale: f("NUMERIC_SCALE").filter(|v| !v.is_null()).map(|v| int(Some(v)) as u32),
                generation: text(f("GENERATION_EXPRESSION")).filter(|g| !g.is_empty()),
            };
            t.columns.push(facts.column(text(f("COLUMN_NAME")).unwrap_or_default(), truthy(f("IS_NULLABLE")), mariadb));
        }
        // (table, constraint) → columns; rows arrive in key order.
        let rs = conn.exec_driver_sql(KEYS, &[])?;
        let mut fks: Vec<(String, ReflectedForeignKey)> = Vec::new();
        for row in &rs.rows {
            let f = |name: &str| field(&rs.columns, row, name);
            let (Some(table), Some(constraint), Some(col)) = (text(f("TABLE_NAME")), text(f("CONSTRAINT_NAME")), text(f("COLUMN_NAME"))) else {
                continue;
            };
            if constraint == "PRIMARY" && text(f("REFERENCED_TABLE_NAME")).is_none() {
                if let Some(t) = tables.get(&table) {
                    t.primary_key.push(col);
                }
                continue;
            }
            let Some(referred) = text(f("REFERENCED_TABLE_NAME")) else { continue };
            let ondelete = text(f("DELETE_RULE")).filter(|r| r != "RESTRICT" && r != "NO ACTION");
            let referred_col = text(f("REFERENCED_COLUMN_NAME")).unwrap_or_default();
            match fks.iter_mut().find(|(t, fk)| *t == table && fk.name.as_deref() == Some(constraint.as_str())) {
                Some((_, fk)) => {
                    fk.columns.push(col);
                    fk.referred_columns.push(referred_col);
                }
                None => fks.push((
                    table,
                    ReflectedForeignKey {
                        name: Some(constraint),
                        columns: vec![col],
                        referred_table: referred,
                        referred_columns: vec![referred_col],
                        ondelete,
                    },
                )),
            }
        }
        // SHOW CREATE TABLE lists constraints by name, compared bytewise
        fks.sort_by(|(ta, a), (tb, b)| ta.cmp(tb).then_with(|| a.name.cmp(&b.name)));
        for (table, fk) in fks {
            if let Some(t) = tables.get(&table) {
                t.foreign_keys.push(fk);
            }
        }
        let rs = conn.exec_driver_sql(INDEXES, &[])?;
        for row in &rs.rows {
            let f = |name: &str| field(&rs.columns, row, name);
            let (Some(table), Some(name)) = (text(f("TABLE_NAME")), text(f("INDEX_NAME"))) else { continue };
            let Some(t) = tables.get(&table) else { continue };
            let col = text(f("COLUMN_NAME")).unwrap_or_default();
            let unique = int(f("NON_UNIQUE")) == 0;
            match t.indexes.last_mut() {
                Some(ix) if ix.name == name => ix.columns.push(col),
                _ => t.indexes.push(ReflectedIndex { name, columns: vec![col], unique, from_constraint: unique }),
            }
        }
        Ok(tables.tables)
    }
}

fn nonzero(v: Option<&Value>) -> Option<u32> {
    match v {
        None | Some(Value::Null) => None,
        some => u32::try_from(int(some)).ok(),
    }
}

/// One row of `information_schema.COLUMNS`.
struct ColumnFacts {
    data_type: String,
    column_type: String,
    default: Option<String>,
    extra: String,
    length: Option<u32>,
    precision: Option<u32>,
    scale: Option<u32>,
    generation: Option<String>,
}

impl ColumnFacts {
    fn column(&self, name: String, nullable: bool, mariadb: bool) -> ReflectedColumn {
        let ty = match self.data_type.to_lowercase().as_str() {
            // DOUBLE and REAL are `asdecimal` in SQLAlchemy's MySQL dialect: numerics
            // with the scale written in the type (`DOUBLE(10,2)`), if any
            "double" | "real" => {
                let (_, args) = super::split_declared(&self.column_type);
                let nums = args.map(super::numbers).unwrap_or_default();
                SqlType::Numeric(nums.first().copied(), nums.get(1).copied())
            }
            dt => mysql_type(dt, self.length, self.precision, self.scale),
        };
        let extra = self.extra.to_lowercase();
        let default = match &self.generation {
            Some(expr) if extra.contains("generated") && !extra.contains("default_generated") => Some(expr.clone()),
            _ => self.default_text(mariadb),
        };
        let autoincrement = if extra.contains("auto_increment") {
            Some(true)
        } else if ty.is_integer() {
            Some(false)
        } else {
            None
        };
        let recognized = mysql_type_known(&self.data_type);
        // SQLAlchemy names an unknown type as SHOW CREATE TABLE spells it (`point`)
        let declared_type = if recognized { self.column_type.to_uppercase() } else { self.data_type.clone() };
        let native_type = mysql_native_type(&self.data_type, &self.column_type, &ty);
        ReflectedColumn { name, declared_type, ty, nullable, default, autoincrement, recognized, native_type }
    }

    /// The default as `SHOW CREATE TABLE` spells it: MariaDB's catalog has
    /// literals quoted already (and `NULL` for none); MySQL's has them bare,
    /// with `DEFAULT_GENERATED` marking an expression.
    fn default_text(&self, mariadb: bool) -> Option<String> {
        let raw = self.default.as_deref()?;
        let extra = self.extra.to_lowercase();
        let mut out = if mariadb {
            if raw == "NULL" {
                return None;
            }
            raw.to_string()
        } else if extra.contains("default_generated") {
            raw.to_string()
        } else {
            format!("'{}'", raw.replace('\'', "''"))
        };
        if let Some(at) = extra.find("on update ") {
            let expr = &self.extra[at + "on update ".len()..];
            out.push_str(" ON UPDATE ");
            out.push_str(expr.trim());
        }
        Some(out)
    }
}

/// The generic type of a `DATA_TYPE`, as SQLAlchemy's MySQL `ischema_names`
/// resolve it; a type ormsh has none for (`BIT`, geometry …) is text.
pub fn mysql_type(data_type: &str, length: Option<u32>, precision: Option<u32>, scale: Option<u32>) -> SqlType {
    match data_type.to_lowercase().as_str() {
        "tinyint" | "smallint" => SqlType::SmallInteger,
        "mediumint" | "int" | "integer" | "year" => SqlType::Integer,
        "bigint" => SqlType::BigInteger,
        "varchar" | "char" => SqlType::String(length),
        "enum" | "set" => SqlType::String(None),
        "tinytext" | "text" | "mediumtext" | "longtext" => SqlType::Text,
        "decimal" | "numeric" => SqlType::Numeric(precision, precision.and(scale)),
        "float" => SqlType::Float,
        // read as Decimal by SQLAlchemy (`asdecimal`); the scale is in COLUMN_TYPE (see ColumnFacts::column)
        "double" | "real" => SqlType::Numeric(None, None),
        "bit" => SqlType::Integer,
        "date" => SqlType::Date,
        "datetime" | "timestamp" => SqlType::DateTime,
        "time" => SqlType::Time,
        "tinyblob" | "blob" | "mediumblob" | "longblob" | "binary" | "varbinary" => SqlType::Binary,
        "json" => SqlType::Json,
        "boolean" | "bool" => SqlType::Boolean,
        _ => SqlType::Text,
    }
}

/// The column's type as the server writes it, when the generic type does not
/// name it: `enum(…)`, `set(…)`, `year`, `bit(1)`, and types read as text
/// (`inet6`, geometry).
fn mysql_native_type(data_type: &str, column_type: &str, ty: &SqlType) -> Option<String> {
    let dt = data_type.to_lowercase();
    let text_family = matches!(dt.as_str(), "tinytext" | "text" | "mediumtext" | "longtext");
    let lossy = matches!(dt.as_str(), "enum" | "set" | "year" | "bit") || (matches!(ty, SqlType::Text) && !text_family);
    lossy.then(|| column_type.to_string())
}

/// Whether SQLAlchemy's MySQL `ischema_names` has the type (geometry types
/// and MariaDB's `INET6` are not there).
pub fn mysql_type_known(data_type: &str) -> bool {
    const KNOWN: &[&str] = &[
        "bigint", "binary", "bit", "blob", "bool", "boolean", "char", "date", "datetime", "decimal", "double", "enum", "fixed", "float",
        "int", "integer", "json", "longblob", "longtext", "mediumblob", "mediumint", "mediumtext", "nchar", "numeric", "nvarchar",
        "real", "set", "smallint", "text", "time", "timestamp", "tinyblob", "tinyint", "tinytext", "uuid", "varbinary", "varchar",
        "year",
    ];
    KNOWN.contains(&data_type.to_lowercase().as_str())
}

impl Reflector for MysqlReflector {
    fn table_names(&self, conn: &Connection) -> Result<Vec<String>> {
        let rs = conn.exec_driver_sql(TABLES, &[])?;
        let mut names: Vec<String> = rs.rows.iter().filter_map(|r| text(r.first())).collect();
        names.sort();
        Ok(names)
    }

    fn reflect_table(&self, conn: &Connection, name: &str) -> Result<ReflectedTable> {
        self.load(conn, Some(name))?.pop().ok_or_else(|| no_such_table(name))
    }

    fn reflect_all(&self, conn: &Connection) -> Result<Vec<ReflectedTable>> {
        self.load(conn, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(data_type: &str, default: Option<&str>, extra: &str) -> ColumnFacts {
        ColumnFacts {
            data_type: data_type.into(),
            column_type: data_type.into(),
            default: default.map(str::to_string),
            extra: extra.into(),
            length: None,
            precision: None,
            scale: None,
            generation: None,
        }
    }

    #[test]
    fn types_as_sqlalchemy_resolves_them() {
        assert_eq!(mysql_type("int", None, Some(10), Some(0)), SqlType::Integer);
        assert_eq!(mysql_type("tinyint", None, Some(3), Some(0)), SqlType::SmallInteger);
        assert_eq!(mysql_type("bigint", None, Some(20), Some(0)), SqlType::BigInteger);
        assert_eq!(mysql_type("varchar", Some(45), None, None), SqlType::String(Some(45)));
        assert_eq!(mysql_type("decimal", None, Some(10), Some(2)), SqlType::Numeric(Some(10), Some(2)));
        assert_eq!(mysql_type("DATETIME", None, None, None), SqlType::DateTime);
        assert_eq!(mysql_type("timestamp", None, None, None), SqlType::DateTime);
        assert_eq!(mysql_type("longblob", None, None, None), SqlType::Binary);
        assert_eq!(mysql_type("year", None, None, None), SqlType::Integer);
        assert_eq!(mysql_type("enum", Some(5), None, None), SqlType::String(None));
        assert_eq!(mysql_type("json", None, None, None), SqlType::Json);
        // MariaDB's JSON is a LONGTEXT in the catalog, and SQLAlchemy reflects it so
        assert_eq!(mysql_type("longtext", None, None, None), SqlType::Text);
        assert_eq!(mysql_type("double", None, Some(22), None), SqlType::Numeric(None, None));
        assert_eq!(mysql_type("float", None, Some(12), None), SqlType::Float);
        assert_eq!(mysql_type("bit", None, Some(8), None), SqlType::Integer);
        for unknown in ["geometry", "point", "inet6", "uuid", ""] {
            assert_eq!(mysql_type(unknown, None, None, None), SqlType::Text, "{unknown}");
        }
        assert!(mysql_type_known("VARCHAR") && mysql_type_known("set") && mysql_type_known("uuid"));
        assert!(!mysql_type_known("point") && !mysql_type_known("geometry") && !mysql_type_known("inet6"));
        let spot = facts("point", None, "").column("spot".into(), true, true);
        assert_eq!(spot.warning().as_deref(), Some("Did not recognize type 'point' of column 'spot'"));
        assert_eq!(facts("int", None, "").column("n".into(), true, true).warning(), None);
    }

    #[test]
    fn defaults_as_show_create_table_spells_them() {
        // MariaDB: quoted literals, NULL for none, the ON UPDATE clause appended
        assert_eq!(facts("enum", Some("'G'"), "").default_text(true).as_deref(), Some("'G'"));
        assert_eq!(facts("tinyint", Some("3"), "").default_text(true).as_deref(), Some("3"));
        assert_eq!(facts("varchar", Some("NULL"), "").default_text(true), None);
        assert_eq!(
            facts("timestamp", Some("current_timestamp()"), "on update current_timestamp()").default_text(true).as_deref(),
            Some("current_timestamp() ON UPDATE current_timestamp()")
        );
        // MySQL 8: bare literals, expressions marked DEFAULT_GENERATED
        assert_eq!(facts("varchar", Some("it's"), "").default_text(false).as_deref(), Some("'it''s'"));
        assert_eq!(
            facts("timestamp", Some("CURRENT_TIMESTAMP"), "DEFAULT_GENERATED on update CURRENT_TIMESTAMP").default_text(false).as_deref(),
            Some("CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP")
        );
        assert_eq!(facts("int", None, "").default_text(false), None);
    }

    #[test]
    fn autoincrement_and_generated_columns() {
        let c = facts("smallint", None, "auto_increment").column("id".into(), false, true);
        assert_eq!(c.autoincrement, Some(true));
        assert_eq!(facts("int", None, "").column("n".into(), true, true).autoincrement, Some(false));
        assert_eq!(facts("varchar", None, "").column("s".into(), true, true).autoincrement, None);
        let mut d = facts("double", None, "");
        assert_eq!(d.column("r".into(), true, true).ty, SqlType::Numeric(None, None));
        d.column_type = "double(10,2)".into();
        assert_eq!(d.column("r".into(), true, true).ty, SqlType::Numeric(Some(10), Some(2)));
        let mut g = facts("int", None, "STORED GENERATED");
        g.generation = Some("`a` + 1".into());
        assert_eq!(g.column("g".into(), true, false).default.as_deref(), Some("`a` + 1"));
    }
}
