//! PostgreSQL reflection from `pg_catalog`, as `PGDialect.get_multi_columns /
//! get_multi_pk_constraint / get_multi_foreign_keys / get_multi_indexes`
//! (`sqlalchemy/dialects/postgresql/base.py`) read them:
//! - tables: relkind `r` and `p` (plain and partitioned; partitions are plain
//!   tables and are reflected, as SQLAlchemy does), visible on the search
//!   path, outside `pg_catalog`. Views, materialized views and foreign tables
//!   are left out (automap maps none of them);
//! - columns in `attnum` order, typed from `format_type` (a domain by its base
//!   type, an enum as a string, arrays and other types ormsh has no type for
//!   as text), the default as `pg_get_expr` gives it, `autoincrement` true for
//!   a `nextval(…)` default on an integer column or an identity column;
//! - primary key in key order; foreign keys ordered by constraint name, as
//!   SQLAlchemy's query orders them (automap's tie-breaks depend on it).
//!
//! The four queries cover the whole database at once.

use super::{field, names, no_such_table, numbers, split_declared, text, truthy, ByTable, ReflectedColumn, ReflectedForeignKey, ReflectedIndex, ReflectedTable, Reflector};
use crate::engine::Connection;
use crate::exc::Result;
use crate::sql::types::SqlType;

/// PostgreSQL via `pg_catalog`.
pub struct PostgresReflector;

/// The tables SQLAlchemy's `get_table_names()` lists (default schema).
const TABLES: &str = "SELECT c.oid, c.relname FROM pg_catalog.pg_class c \
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
    WHERE c.relkind IN ('r', 'p') AND pg_catalog.pg_table_is_visible(c.oid) AND n.nspname <> 'pg_catalog'";

fn columns_sql() -> String {
    format!(
        "WITH t AS ({TABLES}) \
         SELECT t.relname AS table_name, a.attname AS name, \
           pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null, \
           pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default_expr, \
           a.attidentity <> '' AS is_identity, a.attgenerated <> '' AS is_generated, \
           ty.typtype = 'e' AS is_enum, \
           CASE WHEN ty.typtype = 'd' THEN pg_catalog.format_type(ty.typbasetype, ty.typtypmod) END AS domain_base \
         FROM pg_catalog.pg_attribute a JOIN t ON t.oid = a.attrelid \
         JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid \
         LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef \
         WHERE a.attnum > 0 AND NOT a.attisdropped \
         ORDER BY t.relname, a.attnum"
    )
}

/// Column names of `rel`'s key positions `keys`, in key order.
fn key_names(keys: &str, rel: &str) -> String {
    format!(
        "ARRAY(SELECT a.attname::text FROM unnest({keys}) WITH ORDINALITY AS k(num, ord) \
         JOIN pg_catalog.pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.num ORDER BY k.ord)"
    )
}

fn constraints_sql() -> String {
    format!(
        "WITH t AS ({TABLES}) \
         SELECT t.relname AS table_name, con.conname AS name, con.contype = 'p' AS is_pk, \
           {cols} AS cols, rt.relname AS referred, {rcols} AS referred_cols, \
           CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' \
             WHEN 'r' THEN 'RESTRICT' END AS ondelete \
         FROM pg_catalog.pg_constraint con JOIN t ON t.oid = con.conrelid \
         LEFT JOIN pg_catalog.pg_class rt ON rt.oid = con.confrelid \
         WHERE con.contype IN ('p', 'f') \
         ORDER BY t.relname, con.conname",
        cols = key_names("con.conkey", "con.conrelid"),
        rcols = key_names("con.confkey", "con.confrelid"),
    )
}

fn indexes_sql() -> String {
    format!(
        "WITH t AS ({TABLES}) \
         SELECT t.relname AS table_name, ic.relname AS name, ix.indisunique AS is_unique, \
           EXISTS (SELECT 1 FROM pg_catalog.pg_constraint uc WHERE uc.conindid = ix.indexrelid AND uc.contype = 'u') \
             AS from_constraint, \
           ix.indexprs IS NOT NULL AS has_expressions, \
           {cols} AS cols \
         FROM pg_catalog.pg_index ix JOIN t ON t.oid = ix.indrelid \
         JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid \
         WHERE NOT ix.indisprimary \
         ORDER BY t.relname, ic.relname",
        cols = key_names("(ix.indkey::int2[])[0:ix.indnkeyatts - 1]", "ix.indrelid"),
    )
}

impl PostgresReflector {
    /// Every table, or only `only`.
    fn load(&self, conn: &Connection, only: Option<&str>) -> Result<Vec<ReflectedTable>> {
        let mut wanted: Vec<String> = self.table_names(conn)?;
        if let Some(name) = only {
            wanted.retain(|n| n == name);
        }
        let mut tables = ByTable::new(&wanted);
        let rs = conn.exec_driver_sql(&columns_sql(), &[])?;
        for row in &rs.rows {
            let f = |name: &str| field(&rs.columns, row, name);
            let Some(t) = text(f("table_name")).and_then(|n| tables.get(&n)) else { continue };
            t.columns.push(column(
                text(f("name")).unwrap_or_default(),
                text(f("type")).unwrap_or_default(),
                text(f("domain_base")),
                truthy(f("is_enum")),
                !truthy(f("not_null")),
                text(f("default_expr")),
                truthy(f("is_identity")),
                truthy(f("is_generated")),
            ));
        }
        let rs = conn.exec_driver_sql(&constraints_sql(), &[])?;
        for row in &rs.rows {
            let f = |name: &str| field(&rs.columns, row, name);
            let Some(t) = text(f("table_name")).and_then(|n| tables.get(&n)) else { continue };
            let cols = names(f("cols"));
            if truthy(f("is_pk")) {
                t.primary_key = cols;
                continue;
            }
            let Some(referred_table) = text(f("referred")) else { continue };
            t.foreign_keys.push(ReflectedForeignKey {
                name: text(f("name")),
                columns: cols,
                referred_table,
                referred_columns: names(f("referred_cols")),
                ondelete: text(f("ondelete")),
            });
        }
        let rs = conn.exec_driver_sql(&indexes_sql(), &[])?;
        for row in &rs.rows {
            let f = |name: &str| field(&rs.columns, row, name);
            let Some(t) = text(f("table_name")).and_then(|n| tables.get(&n)) else { continue };
            if truthy(f("has_expressions")) {
                continue; // an index on expressions names no column of its own
            }
            t.indexes.push(ReflectedIndex {
                name: text(f("name")).unwrap_or_default(),
                columns: names(f("cols")),
                unique: truthy(f("is_unique")),
                from_constraint: truthy(f("from_constraint")),
            });
        }
        Ok(tables.tables)
    }
}

/// One column from its catalog facts.
#[allow(clippy::too_many_arguments)]
fn column(
    name: String,
    formatted: String,
    domain_base: Option<String>,
    is_enum: bool,
    nullable: bool,
    default: Option<String>,
    identity: bool,
    generated: bool,
) -> ReflectedColumn {
    let ty = if is_enum {
        SqlType::String(None)
    } else {
        pg_type(domain_base.as_deref().unwrap_or(&formatted))
    };
    // SQLAlchemy: autoincrement when the default is nextval('…') on an integer
    // column, or for an identity column; otherwise False.
    let serial = default.as_deref().is_some_and(|d| d.contains("nextval(")) && ty.is_integer();
    // a domain is known when its base type is; an enum always
    let recognized = is_enum || pg_type_known(domain_base.as_deref().unwrap_or(&formatted));
    // the database's name where the generic type loses it: an enum, an array, a
    // domain, a type read as text (`tsvector`, `uuid`, `interval`, `inet` …)
    let base = split_declared(domain_base.as_deref().unwrap_or(&formatted)).0.trim().to_string();
    let lossy = is_enum
        || domain_base.is_some()
        || formatted.ends_with("[]")
        || (matches!(ty, SqlType::Text) && !matches!(base.as_str(), "text" | "citext" | "name"));
    let native_type = lossy.then(|| formatted.clone());
    ReflectedColumn {
        name,
        native_type,
        declared_type: formatted,
        ty,
        nullable,
        default,
        autoincrement: Some((serial || identity) && !generated),
        recognized,
    }
}

/// Whether SQLAlchemy's PostgreSQL `ischema_names` has the type of a
/// `format_type` text (arrays by their element type, arguments left out).
pub fn pg_type_known(formatted: &str) -> bool {
    const KNOWN: &[&str] = &[
        "\"char\"", "bigint", "bit", "bit varying", "boolean", "bytea", "character", "character varying", "cidr", "citext", "date",
        "datemultirange", "daterange", "double precision", "float", "hstore", "inet", "int4multirange", "int4range",
        "int8multirange", "int8range", "integer", "interval", "json", "jsonb", "macaddr", "macaddr8", "money", "name", "numeric",
        "nummultirange", "numrange", "oid", "real", "regclass", "regconfig", "smallint", "text", "time", "time with time zone",
        "time without time zone", "timestamp", "timestamp with time zone", "timestamp without time zone", "tsmultirange",
        "tsquery", "tsrange", "tstzmultirange", "tstzrange", "tsvector", "uuid",
    ];
    let mut t = formatted.trim();
    while let Some(inner) = t.strip_suffix("[]") {
        t = inner.trim_end();
    }
    // `timestamp(3) with time zone` → `timestamp with time zone`
    let mut plain = String::new();
    let mut depth = 0;
    for c in t.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    KNOWN.contains(&plain.as_str()) || plain.starts_with("interval ")
}

/// The generic type of a `format_type` text, as SQLAlchemy's `ischema_names`
/// resolve it; a type ormsh has none for (arrays, `tsvector`, `interval`,
/// `uuid`, geometric, network …) is text.
pub fn pg_type(formatted: &str) -> SqlType {
    if formatted.ends_with("[]") {
        return SqlType::Text;
    }
    let (base, args) = split_declared(formatted);
    let nums = args.map(numbers).unwrap_or_default();
    let first = nums.first().copied();
    match base.trim() {
        "smallint" => SqlType::SmallInteger,
        "integer" => SqlType::Integer,
        "bigint" => SqlType::BigInteger,
        "character varying" => SqlType::String(first),
        "character" => SqlType::String(first.or(Some(1))),
        "text" | "citext" | "name" => SqlType::Text,
        "boolean" => SqlType::Boolean,
        "real" | "double precision" => SqlType::Float,
        "numeric" => SqlType::Numeric(first, first.and(nums.get(1).copied())),
        "date" => SqlType::Date,
        b if b.starts_with("timestamp") => SqlType::DateTime,
        b if b.starts_with("time") => SqlType::Time,
        "bytea" => SqlType::Binary,
        "json" | "jsonb" => SqlType::Json,
        _ => SqlType::Text,
    }
}

impl Reflector for PostgresReflector {
    fn table_names(&self, conn: &Connection) -> Result<Vec<String>> {
        let rs = conn.exec_driver_sql(TABLES, &[])?;
        let mut names: Vec<String> = rs.rows.iter().filter_map(|r| text(r.get(1))).collect();
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

    #[test]
    fn types_as_sqlalchemy_resolves_them() {
        assert_eq!(pg_type("integer"), SqlType::Integer);
        assert_eq!(pg_type("smallint"), SqlType::SmallInteger);
        assert_eq!(pg_type("bigint"), SqlType::BigInteger);
        assert_eq!(pg_type("character varying(160)"), SqlType::String(Some(160)));
        assert_eq!(pg_type("character varying"), SqlType::String(None));
        assert_eq!(pg_type("character(20)"), SqlType::String(Some(20)));
        assert_eq!(pg_type("numeric(10,2)"), SqlType::Numeric(Some(10), Some(2)));
        assert_eq!(pg_type("numeric"), SqlType::Numeric(None, None));
        assert_eq!(pg_type("timestamp without time zone"), SqlType::DateTime);
        assert_eq!(pg_type("timestamp(3) with time zone"), SqlType::DateTime);
        assert_eq!(pg_type("time without time zone"), SqlType::Time);
        assert_eq!(pg_type("date"), SqlType::Date);
        assert_eq!(pg_type("boolean"), SqlType::Boolean);
        assert_eq!(pg_type("double precision"), SqlType::Float);
        assert_eq!(pg_type("bytea"), SqlType::Binary);
        assert_eq!(pg_type("jsonb"), SqlType::Json);
        assert_eq!(pg_type("text"), SqlType::Text);
    }

    #[test]
    fn unknown_types_degrade_to_text() {
        for t in ["text[]", "integer[]", "tsvector", "interval", "uuid", "point", "\"bıgınt\"", "public.mpaa_rating", ""] {
            assert_eq!(pg_type(t), SqlType::Text, "{t}");
        }
    }

    #[test]
    fn types_sqlalchemy_does_not_know_warn() {
        for known in ["integer", "text[]", "character varying(20)", "timestamp(3) with time zone", "interval day to second", "tsvector", "uuid"] {
            assert!(pg_type_known(known), "{known}");
        }
        for unknown in ["point", "polygon", "ltree", "public.thing"] {
            assert!(!pg_type_known(unknown), "{unknown}");
        }
        let c = column("p".into(), "point".into(), None, false, true, None, false, false);
        assert_eq!(c.warning().as_deref(), Some("Did not recognize type 'point' of column 'p'"));
        let c = column("rating".into(), "mpaa_rating".into(), None, true, true, None, false, false);
        assert_eq!(c.warning(), None);
    }

    #[test]
    fn serial_identity_and_domains() {
        let c = column("id".into(), "integer".into(), None, false, false, Some("nextval('t_id_seq'::regclass)".into()), false, false);
        assert_eq!(c.autoincrement, Some(true));
        let c = column("id".into(), "integer".into(), None, false, false, None, true, false);
        assert_eq!(c.autoincrement, Some(true));
        let c = column("id".into(), "integer".into(), None, false, false, None, false, false);
        assert_eq!(c.autoincrement, Some(false));
        // a text column whose default is a sequence is no autoincrement column
        let c = column("code".into(), "text".into(), None, false, true, Some("nextval('s'::regclass)::text".into()), false, false);
        assert_eq!(c.autoincrement, Some(false));
        let c = column("release_year".into(), "year".into(), Some("integer".into()), false, true, None, false, false);
        assert_eq!(c.ty, SqlType::Integer);
        let c = column("rating".into(), "mpaa_rating".into(), None, true, true, Some("'G'::mpaa_rating".into()), false, false);
        assert_eq!(c.ty, SqlType::String(None));
    }
}
