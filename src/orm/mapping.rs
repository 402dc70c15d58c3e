//! The mapping registry: which class maps to which table, its column
//! attributes and its relationships with their inferred direction and join
//! condition. Mirrors `sqlalchemy/orm/mapper.py` and `relationships.py`
//! (`RelationshipProperty`, `JoinCondition`).
//!
//! Built once at start from the schema file (`orm::schema_file::load_file`, with
//! direction and join columns inferred by `orm::relationships`); read-only after.

use crate::sql::expr::Expr;
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

/// A relationship's ON clauses as SQLAlchemy's `JoinCondition` holds them:
/// `primaryjoin` (parent ↔ target, or parent ↔ secondary for many-to-many)
/// and `secondaryjoin` (target ↔ secondary), one comparison per column pair.
#[derive(Clone, Debug, PartialEq)]
pub struct JoinClauses {
    pub primary: Vec<Expr>,
    /// Empty unless many-to-many.
    pub secondary: Vec<Expr>,
}

impl Relationship {
    /// The join condition with each side's column rendered by the caller: a
    /// column of the table or of an alias, or a bind of an object's value (the
    /// lazy loader's clause, `with_parent`, the comparators). Oriented as
    /// `Join._join_condition` writes a foreign key's condition, the referred
    /// column first (`users.id = addresses.user_id` from either side), and the
    /// parent's column first against the secondary. Built with `Expr::eq`, so
    /// a bind of None on the right becomes `IS NULL` as SQLAlchemy coerces it.
    pub fn join_clauses(&self, parent: &dyn Fn(usize) -> Expr, target: &dyn Fn(usize) -> Expr, secondary: &dyn Fn(usize) -> Expr) -> JoinClauses {
        let eq = |l: Expr, r: Expr| l.eq(r);
        match &self.secondary {
            Some(sec) => JoinClauses {
                primary: sec.local_pairs.iter().map(|&(pc, sc)| eq(parent(pc), secondary(sc))).collect(),
                secondary: sec.remote_pairs.iter().map(|&(tc, sc)| eq(target(tc), secondary(sc))).collect(),
            },
            None => JoinClauses {
                primary: self
                    .local_remote_pairs
                    .iter()
                    .map(|&(lc, rc)| match self.direction {
                        Direction::ManyToOne => eq(target(rc), parent(lc)),
                        _ => eq(parent(lc), target(rc)),
                    })
                    .collect(),
                secondary: Vec::new(),
            },
        }
    }
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

#[cfg(test)]
mod tests {
    use crate::sql::compiler::{compile_element, CompileOptions};
    use crate::sql::dialect::SQLITE;
    use crate::sql::expr::Expr;
    use crate::sql::value::Value;

    /// The lazy clause of a many-to-one over a unique column that is not the
    /// key reads `teams.code = ?` (SQLAlchemy 2.1.9's echo), the one-to-many's
    /// `? = members.team_code`, a join `teams.code = members.team_code`.
    #[test]
    fn join_clauses_put_the_referred_column_first() {
        let schema = r#"{"classes": {
            "Team": {"table": "teams", "columns": {"id": {"type": "integer", "primary_key": true},
                     "code": {"type": "string", "unique": true}},
                     "relationships": {"members": {"target": "Member", "back_populates": "team"}}},
            "Member": {"table": "members", "columns": {"id": {"type": "integer", "primary_key": true},
                       "team_code": {"type": "string", "foreign_key": "teams.code"}},
                       "relationships": {"team": {"target": "Team", "back_populates": "members"}}}}}"#;
        let reg = crate::orm::schema_file::load_str(schema, "t.json").unwrap();
        let (team, member) = (reg.lookup("Team").unwrap(), reg.lookup("Member").unwrap());
        let (tt, mt) = (reg.mapper(team).table, reg.mapper(member).table);
        let text = |e: Vec<Expr>| compile_element(&Expr::and(e), &reg.metadata, &SQLITE, &CompileOptions::default()).unwrap().sql;
        let bind = |_: usize| Expr::bind(Value::Str("red".into()));
        let none = |_: usize| Expr::Null;
        let m2o = &reg.mapper(member).relationships[0];
        assert_eq!(text(m2o.join_clauses(&bind, &|c| Expr::col(tt, c), &none).primary), "teams.code = ?");
        let o2m = &reg.mapper(team).relationships[0];
        assert_eq!(text(o2m.join_clauses(&bind, &|c| Expr::col(mt, c), &none).primary), "? = members.team_code");
        assert_eq!(text(m2o.join_clauses(&|c| Expr::col(mt, c), &|c| Expr::col(tt, c), &none).primary), "teams.code = members.team_code");
    }
}
