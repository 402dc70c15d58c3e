//! SQLite reflection: `SQLiteDialect.get_columns / get_pk_constraint /
//! get_foreign_keys / get_indexes` (`sqlalchemy/dialects/sqlite/base.py`)
//! through `sqlite_master` and the `table_info`, `foreign_key_list`,
//! `index_list` and `index_info` pragmas, with SQLAlchemy's type-affinity
//! rules for declared types.

use super::{field, int, no_such_table, numbers, split_declared, text, ReflectedColumn, ReflectedForeignKey, ReflectedIndex, ReflectedTable, Reflector};
use crate::engine::Connection;
use crate::exc::Result;
use crate::sql::types::SqlType;

/// SQLite via `sqlite_master` and the pragmas.
pub struct SqliteReflector;

/// `"name"` with inner quotes doubled, for pragma arguments.
fn sqlite_quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
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
            return Err(no_such_table(name));
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
                autoincrement: None,
                // SQLite's affinity rules type every declaration
                recognized: true,
                // the declared type is shown as the generic type's DDL already
                native_type: None,
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
}
