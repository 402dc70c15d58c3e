//! DDL text as SQLAlchemy's `CreateTable`/`CreateIndex` render it, and
//! `MetaData.sorted_tables` (foreign-key dependency order). Called by the
//! engine's `create_all` (which runs the dialect's checkfirst query first).
//! Mirrors `sqlalchemy/sql/ddl.py` and `DDLCompiler` in `sql/compiler.py`.

use crate::sql::dialect::Dialect;
use crate::sql::schema::{MetaData, Table, TableId};

/// `CREATE TABLE …` exactly as SQLAlchemy prints it (leading and trailing
/// newlines included): columns in order, then `PRIMARY KEY (…)`, then per
/// column in order its `UNIQUE (…)` and `FOREIGN KEY(…) REFERENCES …`.
pub fn create_table_sql(table: &Table, dialect: &dyn Dialect) -> String {
    let q = |n: &str| dialect.quote(n);
    let auto = table.autoincrement_column();
    let mut lines = Vec::new();
    for (i, c) in table.columns.iter().enumerate() {
        let serial = auto == Some(i);
        let mut line = format!("\t{} {}", q(&c.name), dialect.type_ddl(&c.ty, serial));
        if let Some(d) = &c.server_default {
            line.push_str(&format!(" DEFAULT {d}"));
        }
        if !c.nullable || c.primary_key {
            line.push_str(" NOT NULL");
        }
        if let Some(kw) = dialect.autoincrement_keyword().filter(|_| serial) {
            line.push_str(kw);
        }
        lines.push(line);
    }
    if !table.primary_key.is_empty() {
        let cols: Vec<String> = table.primary_key.iter().filter_map(|i| table.columns.get(*i)).map(|c| q(&c.name)).collect();
        lines.push(format!("\tPRIMARY KEY ({})", cols.join(", ")));
    }
    for c in &table.columns {
        if c.unique && !c.index {
            lines.push(format!("\tUNIQUE ({})", q(&c.name)));
        }
        if let Some(fk) = &c.foreign_key {
            let mut line = format!("\tFOREIGN KEY({}) REFERENCES {} ({})", q(&c.name), q(&fk.table), q(&fk.column));
            if let Some(od) = &fk.ondelete {
                line.push_str(&format!(" ON DELETE {od}"));
            }
            lines.push(line);
        }
    }
    format!("\nCREATE TABLE {} (\n{}\n)\n\n", q(&table.name), lines.join(", \n"))
}

/// `CREATE [UNIQUE] INDEX ix_<table>_<column> ON <table> (<column>)` for each
/// `index: true` column, in column order.
pub fn create_index_sql(table: &Table, dialect: &dyn Dialect) -> Vec<String> {
    table
        .columns
        .iter()
        .filter(|c| c.index)
        .map(|c| {
            let name = format!("ix_{}_{}", table.name, c.name);
            format!(
                "CREATE {}INDEX {} ON {} ({})",
                if c.unique { "UNIQUE " } else { "" },
                dialect.quote(&name),
                dialect.quote(&table.name),
                dialect.quote(&c.name)
            )
        })
        .collect()
}

/// `DROP TABLE <name>`.
pub fn drop_table_sql(table: &Table, dialect: &dyn Dialect) -> String {
    format!("\nDROP TABLE {}", dialect.quote(&table.name))
}

/// `MetaData.sorted_tables`: tables sorted by name, then in rounds, each round
/// taking (in that order) every table whose referenced tables are all placed.
/// Self-references are ignored; a cycle places its tables in name order at the end.
pub fn sorted_tables(md: &MetaData) -> Vec<TableId> {
    let mut todo: Vec<TableId> = (0..md.tables.len() as u32).map(TableId).collect();
    todo.sort_by(|a, b| md.table(*a).name.cmp(&md.table(*b).name));
    let deps = |t: TableId| -> Vec<TableId> {
        md.table(t)
            .columns
            .iter()
            .filter_map(|c| c.foreign_key.as_ref())
            .filter_map(|fk| md.lookup(&fk.table))
            .filter(|d| *d != t)
            .collect()
    };
    let mut out = Vec::new();
    while !todo.is_empty() {
        let ready: Vec<TableId> = todo.iter().copied().filter(|t| deps(*t).iter().all(|d| !todo.contains(d))).collect();
        if ready.is_empty() {
            out.append(&mut todo);
            break;
        }
        todo.retain(|t| !ready.contains(t));
        out.extend(ready);
    }
    out
}

/// A DDL statement on one line, as the start-up shows it (a page of DDL is not
/// what a user wants to read): runs of whitespace become one space, and none
/// is left inside the parentheses.
pub fn one_line(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ").replace("( ", "(").replace(" )", ")")
}


#[cfg(test)]
mod tests {
    #[test]
    fn one_line_joins_whitespace_and_closes_parentheses() {
        let sql = "\nCREATE TABLE t (\n\tid INTEGER NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n";
        assert_eq!(super::one_line(sql), "CREATE TABLE t (id INTEGER NOT NULL, PRIMARY KEY (id))");
    }
}
