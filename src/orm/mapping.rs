//! The mapping registry: which class maps to which table, its column
//! attributes and its relationships with their inferred direction and join
//! condition. Mirrors `sqlalchemy/orm/mapper.py` and `relationships.py`
//! (`RelationshipProperty`, `JoinCondition`).
//!
//! Built once at start from the schema file (`orm::schema_file::load_file`, with
//! direction and join columns inferred by `orm::relationships`); read-only after.

use crate::sql::schema::{MetaData, TableId};
use indexmap::IndexMap;

/// Index of a mapper in [`Registry::mappers`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MapperId(pub u32);

/// Direction of a relationship, as SQLAlchemy's `interfaces.ONETOMANY` etc.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    OneToMany,
    ManyToOne,
    ManyToMany,
}

/// Parsed cascade string (`CascadeOptions` in SQLAlchemy).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Cascade {
    pub save_update: bool,
    pub merge: bool,
    pub expunge: bool,
    pub delete: bool,
    pub delete_orphan: bool,
    pub refresh_expire: bool,
}

/// The `lazy=` loader strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lazy {
    Select,
    Joined,
    Selectin,
    Raise,
    RaiseOnSql,
    Noload,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OrderBy {
    /// Column index in the target's table.
    pub column: usize,
    pub descending: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Relationship {
    pub name: String,
    pub target: MapperId,
    pub direction: Direction,
    /// Column pairs of the join: (parent-side column index in parent table,
    /// child-side column index in child table) for one-to-many / many-to-one,
    /// where "parent" is this mapper. For ManyToOne the FK is on this side.
    /// (SQLAlchemy's `synchronize_pairs` are these, oriented source → dest.)
    pub local_remote_pairs: Vec<(usize, usize)>,
    /// For many-to-many: the association table and the pairs
    /// (this table's column, secondary column) and (target column, secondary column).
    pub secondary: Option<Secondary>,
    pub back_populates: Option<String>,
    pub cascade: Cascade,
    pub uselist: bool,
    pub order_by: Vec<OrderBy>,
    pub lazy: Lazy,
    pub passive_deletes: bool,
    pub viewonly: bool,
    pub single_parent: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Secondary {
    pub table: TableId,
    /// (column in this mapper's table, column in secondary)
    pub local_pairs: Vec<(usize, usize)>,
    /// (column in target's table, column in secondary)
    pub remote_pairs: Vec<(usize, usize)>,
}

/// One mapped class.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapper {
    pub id: MapperId,
    pub class_name: String,
    pub table: TableId,
    /// Column attribute names, in table column order (attribute i is column i).
    pub columns: Vec<String>,
    pub relationships: Vec<Relationship>,
}

impl Mapper {
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
    pub fn relationship(&self, name: &str) -> Option<(usize, &Relationship)> {
        self.relationships.iter().enumerate().find(|(_, r)| r.name == name)
    }
}

/// Every mapper and the metadata they map.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub metadata: MetaData,
    pub mappers: Vec<Mapper>,
    pub by_name: IndexMap<String, MapperId>,
}

impl Registry {
    pub fn mapper(&self, id: MapperId) -> &Mapper {
        &self.mappers[id.0 as usize]
    }
    pub fn lookup(&self, class_name: &str) -> Option<MapperId> {
        self.by_name.get(class_name).copied()
    }
    /// The mapper whose table is `table`, if any.
    pub fn mapper_for_table(&self, table: TableId) -> Option<MapperId> {
        self.mappers.iter().find(|m| m.table == table).map(|m| m.id)
    }
}
