//! Database reflection: reads an existing database's tables, columns, primary
//! keys, foreign keys and indexes into plain [`ReflectedTable`] records.
//! Mirrors SQLAlchemy's `Inspector` (`sqlalchemy/engine/reflection.py`) and
//! each dialect's `get_table_names / get_columns / get_pk_constraint /
//! get_foreign_keys / get_indexes`, so that `orm::automap` names classes and
//! relationships from the same facts SQLAlchemy's automap sees.
//!
//! Called at start-up by `interp::sa::setup` when `--reflect` is given; the
//! records are turned into mapped classes by `orm::automap`. Every query goes
//! through [`Connection::exec_driver_sql`] and only reads the catalog. One
//! [`Reflector`] per backend, each in its own file:
//! - `sqlite`: `sqlite_master` and the `PRAGMA`s, with SQLite's type affinity;
//! - `postgres`: `pg_catalog` (tables of the search path as SQLAlchemy's
//!   default schema, partitions included, views left out), four queries for the
//!   whole database;
//! - `mysql`: `information_schema` of the connection's database (MySQL and
//!   MariaDB), four queries for the whole database.
//!
//! Types a backend has that ormsh has no type for (enums, arrays, `tsvector`,
//! `SET`, geometry …) are reflected as text columns: values pass through as the
//! driver decodes them, and one odd column never fails the whole reflection.

mod mysql;
mod postgres;
mod sqlite;

pub use mysql::{mysql_type, MysqlReflector};
pub use postgres::{pg_type, PostgresReflector};
pub use sqlite::{sqlite_type_affinity, SqliteReflector};

use crate::engine::{Backend, Connection};
use crate::exc::Result;
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
    /// Server default as SQL text (`DEFAULT 3` gives `3`; a PostgreSQL serial
    /// gives `nextval('t_id_seq'::regclass)`). A generated (computed) column
    /// has its expression here too: like a default, it is left out of INSERTs.
    pub default: Option<String>,
    /// The `autoincrement` key of `get_columns`: `Some(true)` for a serial,
    /// identity or `AUTO_INCREMENT` column, `Some(false)` where the dialect
    /// says it is not one, `None` where it says nothing ("auto").
    pub autoincrement: Option<bool>,
    /// False when SQLAlchemy's dialect does not know the type either (it
    /// warns "Did not recognize type 'point' of column 'spot'" and reflects
    /// `NullType`); ormsh gives the same warning at start.
    pub recognized: bool,
    /// The database's own name for a type the generic one does not name
    /// (PostgreSQL `mpaa_rating` (an enum), `text[]`, `tsvector`, a domain; MySQL
    /// `enum('G','PG')`, `year`): what `.schema` and `help()` show, as SQLAlchemy's
    /// reflection gives `ENUM(name='mpaa_rating')`, `ARRAY(TEXT)`, `TSVECTOR`.
    pub native_type: Option<String>,
}

impl ReflectedColumn {
    /// SQLAlchemy's warning for a column of a type it does not recognize.
    pub fn warning(&self) -> Option<String> {
        (!self.recognized).then(|| format!("Did not recognize type '{}' of column '{}'", self.declared_type, self.name))
    }
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
    /// In SQLAlchemy's `get_foreign_keys` order: declaration order on SQLite,
    /// constraint-name order on PostgreSQL and MySQL/MariaDB.
    pub foreign_keys: Vec<ReflectedForeignKey>,
    pub indexes: Vec<ReflectedIndex>,
}

impl ReflectedTable {
    pub fn column(&self, name: &str) -> Option<&ReflectedColumn> {
        self.columns.iter().find(|c| c.name == name)
    }

    fn new(name: &str) -> ReflectedTable {
        ReflectedTable { name: name.to_string(), columns: Vec::new(), primary_key: Vec::new(), foreign_keys: Vec::new(), indexes: Vec::new() }
    }
}

/// Reads one backend's catalog. Implementations only run queries through the
/// connection they are given and never change the database.
pub trait Reflector {
    /// Base tables (no views, no internal tables), sorted by name (SQLAlchemy's
    /// order on SQLite and MySQL; PostgreSQL's catalog gives no order).
    fn table_names(&self, conn: &Connection) -> Result<Vec<String>>;
    /// One table; `NoSuchTableError` when it does not exist.
    fn reflect_table(&self, conn: &Connection, name: &str) -> Result<ReflectedTable>;
    /// Every base table, in `table_names` order. The server reflectors read
    /// the whole catalog in a few queries instead of a few per table.
    fn reflect_all(&self, conn: &Connection) -> Result<Vec<ReflectedTable>> {
        let mut out = Vec::new();
        for name in self.table_names(conn)? {
            out.push(self.reflect_table(conn, &name)?);
        }
        Ok(out)
    }
}

/// The reflector for a backend.
pub fn reflector_for(backend: Backend) -> Box<dyn Reflector> {
    match backend {
        Backend::Sqlite => Box::new(SqliteReflector),
        Backend::Postgresql => Box::new(PostgresReflector),
        Backend::Mysql | Backend::Mariadb => Box::new(MysqlReflector),
    }
}

/// `MetaData.reflect(engine)`: every base table of the database.
pub fn reflect_all(conn: &Connection, backend: Backend) -> Result<Vec<ReflectedTable>> {
    reflector_for(backend).reflect_all(conn)
}

/// `NoSuchTableError` (an `InvalidRequestError`) for `name`.
fn no_such_table(name: &str) -> crate::exc::Error {
    crate::exc::Error::new(crate::exc::ErrorKind::InvalidRequestError, format!("no such table: {name}"))
}

/// A catalog value as text (names may come back as bytes from MySQL's
/// `information_schema` under a binary collation).
fn text(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::Str(s)) => Some(s.clone()),
        Some(Value::Bytes(b)) => Some(String::from_utf8_lossy(b).into_owned()),
        Some(Value::Int(i)) => Some(i.to_string()),
        Some(Value::Float(f)) => Some(f.to_string()),
        Some(Value::Decimal(d)) => Some(d.to_string()),
        _ => None,
    }
}

fn int(v: Option<&Value>) -> i64 {
    match v {
        Some(Value::Int(i)) => *i,
        Some(Value::Bool(b)) => *b as i64,
        Some(Value::Str(s)) => s.trim().parse().unwrap_or(0),
        Some(Value::Decimal(d)) => d.to_string().parse().unwrap_or(0),
        _ => 0,
    }
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::Str(s)) => matches!(s.as_str(), "t" | "true" | "1" | "YES"),
        other => int(other) != 0,
    }
}

/// A text-array catalog value (PostgreSQL `name[]`/`text[]`, decoded as a JSON list).
fn names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Json(j)) if j.is_array() => {
            j.as_array().into_iter().flatten().map(|i| i.as_str().map(str::to_string).unwrap_or_else(|| i.to_string())).collect()
        }
        _ => Vec::new(),
    }
}

/// The value of column `name` in `row` of a result set.
fn field<'r>(columns: &[String], row: &'r [Value], name: &str) -> Option<&'r Value> {
    columns.iter().position(|c| c == name).and_then(|i| row.get(i))
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

/// Groups rows that arrive sorted by table into the tables of `order`, which
/// fixes the result's order; rows of tables not in it (views) are skipped.
struct ByTable {
    tables: Vec<ReflectedTable>,
}

impl ByTable {
    fn new(names: &[String]) -> ByTable {
        ByTable { tables: names.iter().map(|n| ReflectedTable::new(n)).collect() }
    }

    fn get(&mut self, name: &str) -> Option<&mut ReflectedTable> {
        // binary search: `names` are sorted (bytewise) by the readers
        let i = self.tables.binary_search_by(|t| t.name.as_str().cmp(name)).ok()?;
        self.tables.get_mut(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_takes_the_first_group() {
        assert_eq!(split_declared("VARCHAR(10) NOT NULL"), ("VARCHAR".to_string(), Some("(10)")));
        assert_eq!(split_declared("TEXT"), ("TEXT".to_string(), None));
    }

    #[test]
    fn catalog_values_read_leniently() {
        assert_eq!(text(Some(&Value::Bytes(b"Album".to_vec()))), Some("Album".into()));
        assert_eq!(text(Some(&Value::Null)), None);
        assert!(truthy(Some(&Value::Str("YES".into()))) && !truthy(Some(&Value::Str("NO".into()))));
        assert!(truthy(Some(&Value::Bool(true))) && truthy(Some(&Value::Int(1))));
        let arr = Value::Json(Box::new(serde_json::json!(["a", "B c"])));
        assert_eq!(names(Some(&arr)), vec!["a".to_string(), "B c".to_string()]);
        assert!(names(Some(&Value::Null)).is_empty());
    }

    #[test]
    fn by_table_skips_unknown_names() {
        let mut t = ByTable::new(&["Album".to_string(), "Artist".to_string(), "b".to_string()]);
        assert!(t.get("Artist").is_some());
        assert!(t.get("album_view").is_none());
    }
}
