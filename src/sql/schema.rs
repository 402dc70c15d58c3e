//! Table metadata: what `CREATE TABLE` needs and what the compiler and ORM read.
//! Mirrors `sqlalchemy/sql/schema.py` (`MetaData`, `Table`, `Column`, `ForeignKey`).
//!
//! Built from the schema file by `sql::schema_file` (tables) and `orm::mapping`
//! (classes); reflected from a database by `engine::reflect`.

use crate::sql::types::SqlType;
use crate::sql::value::Value;
use indexmap::IndexMap;

/// Index of a table in [`MetaData::tables`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableId(pub u32);

/// `autoincrement=` of a column: SQLAlchemy's `"auto"` unless the schema says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Autoincrement {
    Auto,
    Yes,
    No,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ForeignKey {
    /// Referenced table and column names (`"users.id"` in the file).
    pub table: String,
    pub column: String,
    pub ondelete: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    pub ty: SqlType,
    pub primary_key: bool,
    pub nullable: bool,
    pub unique: bool,
    pub index: bool,
    /// Python-side literal default, sent in INSERT when the attribute was not set.
    pub default: Option<Value>,
    /// SQL text of the server default (`DEFAULT 'draft'`).
    pub server_default: Option<String>,
    pub foreign_key: Option<ForeignKey>,
    pub autoincrement: Autoincrement,
    /// A reflected column's type as the database names it, where `ty` does not
    /// (`mpaa_rating`, `text[]`; see `ReflectedColumn::native_type`); shown by
    /// `.schema` and `help()`, never used to write SQL.
    pub native_type: Option<String>,
}

impl Column {
    /// A nullable column of `ty` with nothing else declared (no key, index,
    /// default or foreign key): what a schema file's `{"type": …}` alone gives.
    pub fn new(name: impl Into<String>, ty: SqlType) -> Column {
        Column {
            name: name.into(),
            ty,
            primary_key: false,
            nullable: true,
            unique: false,
            index: false,
            default: None,
            server_default: None,
            foreign_key: None,
            autoincrement: Autoincrement::Auto,
            native_type: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    /// Indexes into `columns` of the primary key, in column order.
    pub primary_key: Vec<usize>,
}

impl Table {
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
    /// The column SQLAlchemy treats as autoincrement: a single integer primary
    /// key whose `autoincrement` is not false and that has no foreign key
    /// (unless autoincrement is explicitly true).
    pub fn autoincrement_column(&self) -> Option<usize> {
        if self.primary_key.len() != 1 {
            return None;
        }
        let i = self.primary_key[0];
        let c = &self.columns[i];
        match c.autoincrement {
            Autoincrement::No => None,
            Autoincrement::Yes => c.ty.is_integer().then_some(i),
            Autoincrement::Auto => (c.ty.is_integer() && c.foreign_key.is_none() && c.default.is_none()).then_some(i),
        }
    }
}

/// All tables, in schema order (the order of `CREATE TABLE` before sorting by
/// foreign-key dependency).
#[derive(Clone, Debug, Default)]
pub struct MetaData {
    pub tables: Vec<Table>,
    pub by_name: IndexMap<String, TableId>,
}

impl MetaData {
    pub fn add(&mut self, table: Table) -> TableId {
        let id = TableId(self.tables.len() as u32);
        self.by_name.insert(table.name.clone(), id);
        self.tables.push(table);
        id
    }
    pub fn table(&self, id: TableId) -> &Table {
        &self.tables[id.0 as usize]
    }
    pub fn lookup(&self, name: &str) -> Option<TableId> {
        self.by_name.get(name).copied()
    }
}
