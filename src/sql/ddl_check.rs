//! Names checked against the backend before any DDL runs, so that a schema
//! the database would silently change is refused whole (`create_all` then
//! touches nothing): SQLAlchemy's `dialect.validate_identifier` of
//! `SchemaGenerator._can_create_table` (`IdentifierError`, `engine/default.py`),
//! extended to what the servers would truncate or fold:
//!
//! - PostgreSQL truncates identifiers to 63 *bytes* (`NAMEDATALEN - 1`); MySQL
//!   refuses more than 64 characters. Table and column names are checked.
//! - SQLite compares table and column names case-insensitively (ASCII), and
//!   MySQL column names always and table names on case-insensitive file
//!   systems: two names that differ only in case would collapse into one.
//!
//! - SQLite reserves table names starting with `sqlite_` (found by the
//!   `quoting` fuzz target: `create_all` failed midway).
//!
//! Control characters are refused earlier, by the schema loader.

use crate::sql::dialect::Dialect;
use crate::sql::schema::MetaData;

/// The first name `dialect`'s backend would truncate or fold into another, as
/// the error's text (asked of the dialect: `max_identifier_length`,
/// `identifier_limit_in_bytes`, `folds_identifier_case`, `reserved_table_prefix`).
pub fn check_names(metadata: &MetaData, dialect: &dyn Dialect) -> Result<(), String> {
    let backend = dialect.name();
    let too_long = |name: &str| -> Option<String> {
        let limit = dialect.max_identifier_length()?;
        if name.chars().count() > limit {
            // SQLAlchemy's `DefaultDialect.validate_identifier`, word for word
            return Some(format!("IdentifierError: Identifier '{name}' exceeds maximum length of {limit} characters"));
        }
        // PostgreSQL's limit is in bytes (NAMEDATALEN - 1): a shorter name of
        // multi-byte characters would still be truncated
        (dialect.identifier_limit_in_bytes() && name.len() > limit)
            .then(|| format!("IdentifierError: Identifier '{name}' exceeds PostgreSQL's maximum length of {limit} bytes ({} bytes in UTF-8)", name.len()))
    };
    let folds = dialect.folds_identifier_case();
    let mut seen_tables: Vec<(String, &str)> = Vec::new();
    for t in &metadata.tables {
        if let Some(e) = too_long(&t.name) {
            return Err(e);
        }
        // SQLite refuses these (`object name reserved for internal use`), any case
        if let Some(p) = dialect.reserved_table_prefix().filter(|p| t.name.len() >= p.len() && t.name.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())) {
            return Err(format!("table name '{}': SQLite reserves names that start with '{p}'", t.name));
        }
        if folds {
            let key = t.name.to_lowercase();
            if let Some((_, other)) = seen_tables.iter().find(|(k, _)| *k == key) {
                return Err(format!(
                    "tables '{other}' and '{}' differ only in case: {backend} would treat them as one table",
                    t.name
                ));
            }
            seen_tables.push((key, &t.name));
        }
        let mut seen_cols: Vec<(String, &str)> = Vec::new();
        for c in &t.columns {
            if let Some(e) = too_long(&c.name) {
                return Err(e);
            }
            if folds {
                let key = c.name.to_lowercase();
                if let Some((_, other)) = seen_cols.iter().find(|(k, _)| *k == key) {
                    return Err(format!(
                        "columns '{other}' and '{}' of table '{}' differ only in case: {backend} would treat them as one column",
                        c.name, t.name
                    ));
                }
                seen_cols.push((key, &c.name));
            }
        }
    }
    Ok(())
}
