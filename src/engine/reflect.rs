//! Database reflection: reads an existing database's tables, columns, primary
//! keys, foreign keys and indexes into plain [`ReflectedTable`] records.
//! Mirrors SQLAlchemy's `Inspector` (`sqlalchemy/engine/reflection.py`) and,
//! for SQLite, `SQLiteDialect.get_columns / get_pk_constraint /
//! get_foreign_keys / get_indexes` (`sqlalchemy/dialects/sqlite/base.py`),
//! including its type-affinity rules for declared types.
//!
//! Called at start-up by `interp::sa::setup` when `--reflect` is given; the
//! records are turned into mapped classes by `orm::automap`. Every query goes
//! through [`Connection::exec_driver_sql`]. One [`Reflector`] per backend:
//! SQLite is implemented here; PostgreSQL (`information_schema`/`pg_catalog`)
//! and MySQL (`information_schema`) plug in by implementing the same trait and
//! adding an arm to [`reflector_for`].

use crate::engine::{Backend, Connection};
use crate::exc::{self, Result};
use crate::sql::types::SqlType;
use crate::sql::value::Value;

/// One reflected column, as `Inspector.get_columns` reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReflectedColumn {
    pub name: String,
    /// The type as declared (upper-cased), e.g. `NVARCHAR(120)`; empty when none.
    pub declared_type: String,
    /// The generic type SQLAlchemy resolves it to.
    pub ty: SqlType,
    pub nullable: bool,
    /// Server default as SQL text (`DEFAULT 3` gives `3`).
    pub default: Option<String>,
}

/// One foreign-key constraint (possibly over several columns).
#[derive(Clone, Debug, PartialEq)]
pub struct ReflectedForeignKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub referred_table: String,
    pub referred_columns: Vec<String>,
    /// `ON DELETE` action, upper-case, only when not the default `NO ACTION`.
    pub ondelete: Option<String>,
}

/// One index or unique constraint.
#[derive(Clone, Debug, PartialEq)]
pub struct ReflectedIndex {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
    /// True for the index that backs a `UNIQUE` constraint (not `CREATE INDEX`).
    pub from_constraint: bool,
}

/// Everything reflected about one table.
#[derive(Clone, Debug, PartialEq)]
pub struct ReflectedTable {
    pub name: String,
    pub columns: Vec<ReflectedColumn>,
    /// Primary-key column names in key order (empty: no primary key).
    pub primary_key: Vec<String>,
    /// In SQLAlchemy's `get_foreign_keys` order (declaration order).
    pub foreign_keys: Vec<ReflectedForeignKey>,
    pub indexes: Vec<ReflectedIndex>,
}

impl ReflectedTable {
    pub fn column(&self, name: &str) -> Option<&ReflectedColumn> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Reads one backend's catalog. Implementations only run queries through the
/// connection they are given and never change the database.
pub trait Reflector {
    /// Base tables (no views, no internal tables), in the order SQLAlchemy's
    /// `get_table_names` gives them.
    fn table_names(&self, conn: &Connection) -> Result<Vec<String>>;
    /// One table; `NoSuchTableError` when it does not exist.
    fn reflect_table(&self, conn: &Connection, name: &str) -> Result<ReflectedTable>;
}

/// The reflector for a backend, or `NotImplementedError` for those not yet done.
pub fn reflector_for(backend: Backend) -> Result<Box<dyn Reflector>> {
    match backend {
        Backend::Sqlite => Ok(Box::new(SqliteReflector)),
        other => Err(exc::not_implemented(format!(
            "--reflect is not implemented yet for {} databases (only sqlite)",
            other.name()
        ))),
    }
}

/// `MetaData.reflect(engine)`: every base table of the database.
pub fn reflect_all(conn: &Connection, backend: Backend) -> Result<Vec<ReflectedTable>> {
    let reflector = reflector_for(backend)?;
    let mut out = Vec::new();
    for name in reflector.table_names(conn)? {
        out.push(reflector.reflect_table(conn, &name)?);
    }
    Ok(out)
}

/// SQLite via `sqlite_master` and the `table_info`, `foreign_key_list`,
/// `index_list` and `index_info` pragmas.
pub struct SqliteReflector;

/// `"name"` with inner quotes doubled, for pragma arguments.
fn sqlite_quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn text(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::Str(s)) => Some(s.clone()),
        Some(Value::Int(i)) => Some(i.to_string()),
        Some(Value::Float(f)) => Some(f.to_string()),
        _ => None,
    }
}

fn int(v: Option<&Value>) -> i64 {
    match v {
        Some(Value::Int(i)) => *i,
        Some(Value::Bool(b)) => *b as i64,
        Some(Value::Str(s)) => s.trim().parse().unwrap_or(0),
        _ => 0,
    }
}

/// The value of column `name` in `row` of a result set.
fn field<'r>(columns: &[String], row: &'r [Value], name: &str) -> Option<&'r Value> {
    columns.iter().position(|c| c == name).and_then(|i| row.get(i))
}

impl Reflector for SqliteReflector {
    fn table_names(&self, conn: &Connection) -> Result<Vec<String>> {
        let rs = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY name",
            &[],
        )?;
        Ok(rs.rows.iter().filter_map(|r| text(r.first())).collect())
    }

    fn reflect_table(&self, conn: &Connection, name: &str) -> Result<ReflectedTable> {
        let q = sqlite_quote(name);
        let info = conn.exec_driver_sql(&format!("PRAGMA main.table_info({q})"), &[])?;
        if info.rows.is_empty() {
            return Err(exc::Error::new(exc::ErrorKind::InvalidRequestError, format!("no such table: {name}")));
        }
        let mut columns = Vec::new();
        let mut pk: Vec<(i64, String)> = Vec::new();
        for row in &info.rows {
            let col_name = text(field(&info.columns, row, "name")).unwrap_or_default();
            let declared = text(field(&info.columns, row, "type")).unwrap_or_default().to_uppercase();
            let pk_pos = int(field(&info.columns, row, "pk"));
            if pk_pos > 0 {
                pk.push((pk_pos, col_name.clone()));
            }
            columns.push(ReflectedColumn {
                name: col_name,
                ty: sqlite_type_affinity(&declared),
                declared_type: declared,
                nullable: int(field(&info.columns, row, "notnull")) == 0,
                default: text(field(&info.columns, row, "dflt_value")),
            });
        }
        pk.sort_by_key(|(pos, _)| *pos);
        let foreign_keys = self.foreign_keys(conn, &q)?;
        let indexes = self.indexes(conn, &q)?;
        Ok(ReflectedTable {
            name: name.to_string(),
            columns,
            primary_key: pk.into_iter().map(|(_, n)| n).collect(),
            foreign_keys,
            indexes,
        })
    }
}

impl SqliteReflector {
    /// `PRAGMA foreign_key_list` rows grouped by constraint id. SQLite lists
    /// constraints last-declared first; SQLAlchemy reports them in declaration
    /// order, so the ids are walked from the highest down.
    fn foreign_keys(&self, conn: &Connection, quoted: &str) -> Result<Vec<ReflectedForeignKey>> {
        let rs = conn.exec_driver_sql(&format!("PRAGMA main.foreign_key_list({quoted})"), &[])?;
        let mut by_id: Vec<(i64, ReflectedForeignKey)> = Vec::new();
        for row in &rs.rows {
            let id = int(field(&rs.columns, row, "id"));
            let from = text(field(&rs.columns, row, "from")).unwrap_or_default();
            let referred_table = text(field(&rs.columns, row, "table")).unwrap_or_default();
            // `to` is NULL when the REFERENCES clause names no column: the referred primary key.
            let to = text(field(&rs.columns, row, "to"));
            let on_delete = text(field(&rs.columns, row, "on_delete")).unwrap_or_default().to_uppercase();
            let entry = match by_id.iter_mut().find(|(i, _)| *i == id) {
                Some((_, fk)) => fk,
                None => {
                    by_id.push((
                        id,
                        ReflectedForeignKey {
                            name: None,
                            columns: Vec::new(),
                            referred_table: referred_table.clone(),
                            referred_columns: Vec::new(),
                            ondelete: (!on_delete.is_empty() && on_delete != "NO ACTION").then_some(on_delete),
                        },
                    ));
                    match by_id.last_mut() {
                        Some((_, fk)) => fk,
                        None => continue,
                    }
                }
            };
            entry.columns.push(from);
            entry.referred_columns.push(to.unwrap_or_default());
        }
        // Fill in referred columns left empty (REFERENCES t without a column list).
        for (_, fk) in by_id.iter_mut() {
            if fk.referred_columns.iter().any(|c| c.is_empty()) {
                let pk = self.primary_key_of(conn, &fk.referred_table)?;
                if pk.len() == fk.columns.len() {
                    fk.referred_columns = pk;
                }
            }
        }
        by_id.sort_by_key(|(id, _)| std::cmp::Reverse(*id));
        Ok(by_id.into_iter().map(|(_, fk)| fk).collect())
    }

    fn primary_key_of(&self, conn: &Connection, table: &str) -> Result<Vec<String>> {
        let info = conn.exec_driver_sql(&format!("PRAGMA main.table_info({})", sqlite_quote(table)), &[])?;
        let mut pk: Vec<(i64, String)> = info
            .rows
            .iter()
            .filter_map(|row| {
                let pos = int(field(&info.columns, row, "pk"));
                (pos > 0).then(|| (pos, text(field(&info.columns, row, "name")).unwrap_or_default()))
            })
            .collect();
        pk.sort_by_key(|(pos, _)| *pos);
        Ok(pk.into_iter().map(|(_, n)| n).collect())
    }

    /// `index_list` + `index_info`; the automatic primary-key index is left out
    /// (SQLAlchemy reports it as the primary key, not an index).
    fn indexes(&self, conn: &Connection, quoted: &str) -> Result<Vec<ReflectedIndex>> {
        let rs = conn.exec_driver_sql(&format!("PRAGMA main.index_list({quoted})"), &[])?;
        let mut out = Vec::new();
        for row in &rs.rows {
            let name = text(field(&rs.columns, row, "name")).unwrap_or_default();
            let origin = text(field(&rs.columns, row, "origin")).unwrap_or_default();
            if origin == "pk" {
                continue;
            }
            let info = conn.exec_driver_sql(&format!("PRAGMA main.index_info({})", sqlite_quote(&name)), &[])?;
            let mut cols: Vec<(i64, String)> = info
                .rows
                .iter()
                .map(|r| (int(field(&info.columns, r, "seqno")), text(field(&info.columns, r, "name")).unwrap_or_default()))
                .collect();
            cols.sort_by_key(|(seq, _)| *seq);
            out.push(ReflectedIndex {
                name,
                columns: cols.into_iter().map(|(_, c)| c).collect(),
                unique: int(field(&rs.columns, row, "unique")) != 0,
                from_constraint: origin == "u",
            });
        }
        // index_list lists the newest first; keep creation order.
        out.reverse();
        Ok(out)
    }
}

/// `SQLiteDialect._resolve_type_affinity`: the declared type (upper-cased) is
/// looked up among SQLAlchemy's SQLite type names; otherwise SQLite's affinity
/// rules decide (INT → integer; CHAR, CLOB, TEXT → text; BLOB or nothing →
/// untyped, kept as text here since values then pass through unchanged;
/// REAL, FLOA, DOUB → float; anything else → numeric).
pub fn sqlite_type_affinity(declared: &str) -> SqlType {
    let (base, args) = split_declared(declared);
    let nums: Vec<u32> = args.map(numbers).unwrap_or_default();
    let first = nums.first().copied();
    let second = nums.get(1).copied();
    match base.as_str() {
        "INT" | "INTEGER" => SqlType::Integer,
        "BIGINT" => SqlType::BigInteger,
        "SMALLINT" => SqlType::SmallInteger,
        "VARCHAR" | "NVARCHAR" | "CHAR" | "NCHAR" => SqlType::String(first),
        "TEXT" => SqlType::Text,
        "BOOL" | "BOOLEAN" => SqlType::Boolean,
        "FLOAT" | "REAL" | "DOUBLE" => SqlType::Float,
        "NUMERIC" | "DECIMAL" => SqlType::Numeric(first, first.and(second)),
        "DATE" | "DATE_CHAR" => SqlType::Date,
        "DATETIME" | "DATETIME_CHAR" | "TIMESTAMP" => SqlType::DateTime,
        "TIME" | "TIME_CHAR" => SqlType::Time,
        "BLOB" => SqlType::Binary,
        "JSON" | "JSONB" => SqlType::Json,
        b if b.contains("INT") => SqlType::Integer,
        b if b.contains("CHAR") || b.contains("CLOB") || b.contains("TEXT") => SqlType::Text,
        b if b.contains("BLOB") || b.is_empty() => SqlType::Text,
        b if b.contains("REAL") || b.contains("FLOA") || b.contains("DOUB") => SqlType::Float,
        _ => SqlType::Numeric(first, first.and(second)),
    }
}

/// `re.match(r"([\w ]+)(\(.*?\))?", type_)`: the leading word characters and
/// spaces, and the first parenthesised group right after them.
fn split_declared(declared: &str) -> (String, Option<&str>) {
    let end = declared.char_indices().find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == ' ')).map(|(i, _)| i).unwrap_or(declared.len());
    let base = declared[..end].to_string();
    let rest = &declared[end..];
    let args = if rest.starts_with('(') { rest.find(')').map(|close| &rest[..=close]) } else { None };
    (base, args)
}

fn numbers(args: &str) -> Vec<u32> {
    args.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affinity_follows_sqlalchemy() {
        assert_eq!(sqlite_type_affinity("NVARCHAR(120)"), SqlType::String(Some(120)));
        assert_eq!(sqlite_type_affinity("INTEGER"), SqlType::Integer);
        assert_eq!(sqlite_type_affinity("NUMERIC(10,2)"), SqlType::Numeric(Some(10), Some(2)));
        assert_eq!(sqlite_type_affinity("DECIMAL(8, 3)"), SqlType::Numeric(Some(8), Some(3)));
        assert_eq!(sqlite_type_affinity("DATETIME"), SqlType::DateTime);
        assert_eq!(sqlite_type_affinity("TIMESTAMP"), SqlType::DateTime);
        assert_eq!(sqlite_type_affinity("TINYINT"), SqlType::Integer);
        assert_eq!(sqlite_type_affinity("BIGINT UNSIGNED"), SqlType::Integer);
        assert_eq!(sqlite_type_affinity("BLOB SUB_TYPE TEXT"), SqlType::Text);
        assert_eq!(sqlite_type_affinity("NATIVE CHARACTER(70)"), SqlType::Text);
        assert_eq!(sqlite_type_affinity("DOUBLE PRECISION"), SqlType::Float);
        assert_eq!(sqlite_type_affinity("DATETIME2"), SqlType::Numeric(None, None));
        assert_eq!(sqlite_type_affinity("WEIRDTYPE"), SqlType::Numeric(None, None));
        assert_eq!(sqlite_type_affinity("BLOB"), SqlType::Binary);
        assert_eq!(sqlite_type_affinity(""), SqlType::Text);
        assert_eq!(sqlite_type_affinity("BOOLEAN"), SqlType::Boolean);
        assert_eq!(sqlite_type_affinity("CHAR(1)"), SqlType::String(Some(1)));
    }

    #[test]
    fn split_takes_the_first_group() {
        assert_eq!(split_declared("VARCHAR(10) NOT NULL"), ("VARCHAR".to_string(), Some("(10)")));
        assert_eq!(split_declared("TEXT"), ("TEXT".to_string(), None));
    }
}
