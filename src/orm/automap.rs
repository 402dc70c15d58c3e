//! Automap: turns reflected tables into mapped classes and relationships,
//! named exactly as `sqlalchemy.ext.automap` names them with its default
//! hooks (`classname_for_table`, `name_for_scalar_relationship`,
//! `name_for_collection_relationship`, `generate_relationship`), and with
//! the same choices in `AutomapBase.prepare`, `_is_many_to_many`,
//! `_relationships_for_fks` and `_m2m_relationship`.
//!
//! Called at start-up by `interp::sa::setup` with the tables
//! `engine::reflect` read and the schema file's registry (empty without
//! `-s`): tables the schema already names keep the schema's mapping; the
//! others are added and mapped here.
//!
//! Rules (each checked against SQLAlchemy 2.1.9 on the sample databases):
//! - class name = table name, verbatim (`Order Details` included); a table
//!   without a primary key is not mapped; a class name already taken is
//!   skipped with SQLAlchemy's "Ignoring duplicate class name" warning.
//! - a table with exactly two foreign-key constraints whose columns are all
//!   of its columns is an association table: no class, and a many-to-many
//!   `<other>_collection` on each side (`secondary`).
//! - each other foreign-key constraint gives a many-to-one named after the
//!   referred class lower-cased (`Album.artist`, self-reference included:
//!   `Employee.employee`) and a one-to-many `<class>_collection` on the
//!   referred class, linked by `back_populates`. The one-to-many cascades
//!   `"all, delete-orphan"` when every foreign-key column is NOT NULL, and is
//!   `passive_deletes` for `ON DELETE CASCADE` (NOT NULL) or `SET NULL`.
//! - a relationship whose name is a column of its class is SQLAlchemy's
//!   `ArgumentError`; so is a backref whose name is already a property.
//! - two constraints between the same pair of tables give the same names;
//!   SQLAlchemy then builds the many-to-one over the first constraint it
//!   meets and the one-to-many over the second, linked by `back_populates`
//!   (`film.language` over `language_id`, `language.film_collection` over
//!   `original_language_id`). Which one it meets first depends on Python's set
//!   order (it differs between runs); ormsh takes them in reflection order
//!   (declaration order on SQLite, constraint names on the servers), which is
//!   one of SQLAlchemy's outcomes.

use crate::engine::reflect::{ReflectedForeignKey, ReflectedTable};
use crate::exc::{self, Result};
use crate::orm::mapping::{Cascade, Direction, Lazy, Mapper, MapperId, Registry, Relationship, Secondary};
use crate::sql::schema::{Autoincrement, Column, ForeignKey, Table, TableId};

/// The mapped registry and the warnings SQLAlchemy would have given.
#[derive(Debug)]
pub struct Automapped {
    pub registry: Registry,
    pub warnings: Vec<String>,
}

/// A reflected table added to the metadata, with its usable constraints.
struct Added {
    table: TableId,
    /// Constraints whose referred table and columns exist.
    foreign_keys: Vec<ResolvedFk>,
    many_to_many: bool,
}

/// A foreign-key constraint by column index: (local column, referred column) pairs.
#[derive(Clone)]
struct ResolvedFk {
    referred: TableId,
    pairs: Vec<(usize, usize)>,
    ondelete: Option<String>,
}

/// Maps every reflected table that `schema` does not already name.
pub fn automap(schema: Registry, reflected: &[ReflectedTable]) -> Result<Automapped> {
    let mut registry = schema;
    let mut warnings = Vec::new();
    let new_tables: Vec<&ReflectedTable> = reflected.iter().filter(|t| registry.metadata.lookup(&t.name).is_none()).collect();
    let mut ids = Vec::new();
    for t in &new_tables {
        ids.push(registry.metadata.add(table_of(t)));
    }
    // Foreign keys are resolved once every table exists (SQLAlchemy reflects referred tables too).
    let mut added = Vec::new();
    for (t, id) in new_tables.iter().zip(&ids) {
        let foreign_keys: Vec<ResolvedFk> = t.foreign_keys.iter().filter_map(|fk| resolve(&registry, t, fk)).collect();
        set_column_foreign_keys(&mut registry, *id, &foreign_keys);
        let many_to_many = is_many_to_many(registry.metadata.table(*id), &foreign_keys);
        added.push(Added { table: *id, foreign_keys, many_to_many });
    }
    // Classes, in table-name order.
    let mut new_mappers = Vec::new();
    for a in &added {
        let table = registry.metadata.table(a.table);
        if a.many_to_many || table.primary_key.is_empty() {
            continue;
        }
        let class_name = table.name.clone();
        if registry.lookup(&class_name).is_some() {
            warnings.push(format!(
                "Ignoring duplicate class name '{class_name}' received in automap base for table {class_name} without \
                 ``__module__`` being set; consider using the ``modulename_for_table`` hook"
            ));
            continue;
        }
        let id = MapperId(registry.mappers.len() as u32);
        let columns = table.columns.iter().map(|c| c.name.clone()).collect();
        registry.mappers.push(Mapper { id, class_name: class_name.clone(), table: a.table, columns, relationships: Vec::new() });
        registry.by_name.insert(class_name, id);
        new_mappers.push((id, a));
    }
    let mut backrefs = Vec::new();
    for (local, a) in &new_mappers {
        for fk in &a.foreign_keys {
            relationships_for_fk(&mut registry, *local, fk, &mut backrefs)?;
        }
    }
    for a in added.iter().filter(|a| a.many_to_many) {
        m2m_relationship(&mut registry, a)?;
    }
    for (id, _) in &new_mappers {
        check_column_conflicts(&registry, *id)?;
    }
    Ok(Automapped { registry, warnings })
}

fn table_of(t: &ReflectedTable) -> Table {
    let mut table = Table { name: t.name.clone(), columns: Vec::new(), primary_key: Vec::new() };
    for c in &t.columns {
        let single_index = |unique: bool| t.indexes.iter().any(|ix| ix.unique == unique && ix.columns.len() == 1 && ix.columns[0] == c.name);
        table.columns.push(Column {
            name: c.name.clone(),
            ty: c.ty.clone(),
            primary_key: t.primary_key.contains(&c.name),
            nullable: c.nullable,
            unique: single_index(true),
            index: single_index(false),
            default: None,
            server_default: c.default.clone(),
            foreign_key: None,
            autoincrement: match c.autoincrement {
                Some(true) => Autoincrement::Yes,
                Some(false) => Autoincrement::No,
                None => Autoincrement::Auto,
            },
            native_type: c.native_type.clone(),
        });
    }
    table.primary_key = t.primary_key.iter().filter_map(|n| table.column_index(n)).collect();
    table
}

/// The constraint by column index, or None when it refers to a table or
/// column that is not there (such a constraint cannot join anything).
fn resolve(registry: &Registry, t: &ReflectedTable, fk: &ReflectedForeignKey) -> Option<ResolvedFk> {
    let md = &registry.metadata;
    let local = md.lookup(&t.name)?;
    let referred = md.lookup(&fk.referred_table)?;
    if fk.columns.is_empty() || fk.columns.len() != fk.referred_columns.len() {
        return None;
    }
    let mut pairs = Vec::new();
    for (from, to) in fk.columns.iter().zip(&fk.referred_columns) {
        pairs.push((md.table(local).column_index(from)?, md.table(referred).column_index(to)?));
    }
    Some(ResolvedFk { referred, pairs, ondelete: fk.ondelete.clone() })
}

/// Records each constraint on its columns (the first constraint wins for a
/// column in two of them: `Column.foreign_key` holds one).
fn set_column_foreign_keys(registry: &mut Registry, id: TableId, fks: &[ResolvedFk]) {
    let targets: Vec<(usize, ForeignKey)> = fks
        .iter()
        .flat_map(|fk| {
            let referred = registry.metadata.table(fk.referred);
            fk.pairs.iter().filter_map(move |(local, remote)| {
                referred.columns.get(*remote).map(|c| {
                    (*local, ForeignKey { table: referred.name.clone(), column: c.name.clone(), ondelete: fk.ondelete.clone() })
                })
            })
        })
        .collect();
    let Some(table) = registry.metadata.tables.get_mut(id.0 as usize) else { return };
    for (local, fk) in targets {
        if let Some(column) = table.columns.get_mut(local) {
            if column.foreign_key.is_none() {
                column.foreign_key = Some(fk);
            }
        }
    }
}

/// `_is_many_to_many`: exactly two constraints, and their columns are all the table's columns.
fn is_many_to_many(table: &Table, fks: &[ResolvedFk]) -> bool {
    if fks.len() != 2 {
        return false;
    }
    (0..table.columns.len()).all(|i| fks.iter().any(|fk| fk.pairs.iter().any(|(local, _)| *local == i)))
}

fn has_property(registry: &Registry, mapper: MapperId, name: &str) -> bool {
    registry.mapper(mapper).relationship(name).is_some()
}

fn push(registry: &mut Registry, mapper: MapperId, rel: Relationship) {
    if let Some(m) = registry.mappers.get_mut(mapper.0 as usize) {
        m.relationships.push(rel);
    }
}

fn relationship(name: String, target: MapperId, direction: Direction, back_populates: String) -> Relationship {
    Relationship {
        name,
        target,
        direction,
        local_remote_pairs: Vec::new(),
        secondary: None,
        back_populates: Some(back_populates),
        cascade: Cascade::default_for_relationship(),
        uselist: direction != Direction::ManyToOne,
        order_by: Vec::new(),
        lazy: Lazy::Select,
        passive_deletes: false,
        viewonly: false,
        single_parent: false,
    }
}

fn backref_error(backref: &str, owner_label: &str, registry: &Registry, on: MapperId) -> exc::Error {
    let m = registry.mapper(on);
    let table = &registry.metadata.table(m.table).name;
    exc::argument_error(format!(
        "Error creating backref '{backref}' on relationship '{owner_label}': property of that name exists on mapper \
         'Mapper[{}({table})]'",
        m.class_name
    ))
}

/// `_relationships_for_fks` for one constraint of `local`'s table.
///
/// The first constraint from `local` to a table gives the many-to-one and,
/// as its backref, the one-to-many. A second constraint between the same
/// tables gives the same two names: SQLAlchemy then skips the many-to-one
/// (the name is taken) but still creates the one-to-many over the second
/// constraint, because a backref is not yet a property of the referred class
/// when it looks; the explicit one-to-many replaces the backref, and the two
/// are linked by `back_populates`. `backrefs` lists the one-to-manys made as
/// backrefs so far (mapper, name).
fn relationships_for_fk(registry: &mut Registry, local: MapperId, fk: &ResolvedFk, backrefs: &mut Vec<(MapperId, String)>) -> Result<()> {
    let Some(referred) = registry.mapper_for_table(fk.referred) else { return Ok(()) };
    let local_name = registry.mapper(local).class_name.clone();
    let referred_name = registry.mapper(referred).class_name.clone();
    let scalar = referred_name.to_lowercase();
    let collection = format!("{}_collection", local_name.to_lowercase());
    let is_backref = |b: &Vec<(MapperId, String)>| b.iter().any(|(m, n)| *m == referred && *n == collection);
    // `create_backref = backref_name not in referred_cfg.properties`: backrefs are not properties
    let create_backref = !has_property(registry, referred, &collection) || is_backref(backrefs);
    let m2o_exists = has_property(registry, local, &scalar);
    if m2o_exists && !create_backref {
        return Ok(());
    }
    if create_backref && registry.mapper(referred).column_index(&collection).is_some() {
        return Err(backref_error(&collection, &format!("{}.{scalar}", table_name(registry, local)), registry, referred));
    }
    let local_table = registry.metadata.table(registry.mapper(local).table);
    let not_null = fk.pairs.iter().all(|(c, _)| local_table.columns.get(*c).map(|c| !c.nullable).unwrap_or(false));
    let ondelete = fk.ondelete.as_deref().map(str::to_lowercase);
    let mut one_to_many = relationship(collection.clone(), local, Direction::OneToMany, scalar.clone());
    one_to_many.local_remote_pairs = fk.pairs.iter().map(|(l, r)| (*r, *l)).collect();
    if not_null {
        one_to_many.cascade = Cascade { save_update: true, merge: true, expunge: true, delete: true, delete_orphan: true, refresh_expire: true };
        one_to_many.passive_deletes = ondelete.as_deref() == Some("cascade");
    } else {
        one_to_many.passive_deletes = ondelete.as_deref() == Some("set null");
    }
    if m2o_exists {
        // the explicit one-to-many over this constraint replaces the first one's backref
        if let Some(m) = registry.mappers.get_mut(referred.0 as usize) {
            m.relationships.retain(|r| r.name != collection);
        }
        backrefs.retain(|(m, n)| !(*m == referred && *n == collection));
        push(registry, referred, one_to_many);
        if let Some(m2o) = registry.mappers.get_mut(local.0 as usize).and_then(|m| m.relationships.iter_mut().find(|r| r.name == scalar)) {
            m2o.back_populates = Some(collection);
        }
        return Ok(());
    }
    let mut many_to_one = relationship(scalar.clone(), referred, Direction::ManyToOne, collection.clone());
    many_to_one.local_remote_pairs = fk.pairs.clone();
    push(registry, local, many_to_one);
    if create_backref {
        push(registry, referred, one_to_many);
        backrefs.push((referred, collection));
    } else if let Some(o2m) = registry.mappers.get_mut(referred.0 as usize).and_then(|m| m.relationships.iter_mut().find(|r| r.name == collection)) {
        o2m.back_populates = Some(scalar);
    }
    Ok(())
}

/// `_m2m_relationship` for one association table.
fn m2m_relationship(registry: &mut Registry, a: &Added) -> Result<()> {
    let [first, second] = a.foreign_keys.as_slice() else { return Ok(()) };
    let (Some(left), Some(right)) = (registry.mapper_for_table(first.referred), registry.mapper_for_table(second.referred)) else {
        return Ok(());
    };
    let left_name = format!("{}_collection", registry.mapper(right).class_name.to_lowercase());
    let right_name = format!("{}_collection", registry.mapper(left).class_name.to_lowercase());
    if has_property(registry, left, &left_name) {
        return Ok(());
    }
    let label = format!("{}.{left_name}", table_name(registry, left));
    if left == right && left_name == right_name {
        return Err(backref_error(&right_name, &label, registry, right));
    }
    if has_property(registry, right, &right_name) || registry.mapper(right).column_index(&right_name).is_some() {
        return Err(backref_error(&right_name, &label, registry, right));
    }
    // pairs are (secondary column, referred column); Secondary wants (referred column, secondary column)
    let flip = |fk: &ResolvedFk| fk.pairs.iter().map(|(sec, own)| (*own, *sec)).collect::<Vec<_>>();
    let mut forward = relationship(left_name.clone(), right, Direction::ManyToMany, right_name.clone());
    forward.secondary = Some(Secondary { table: a.table, local_pairs: flip(first), remote_pairs: flip(second) });
    let mut backward = relationship(right_name, left, Direction::ManyToMany, left_name);
    backward.secondary = Some(Secondary { table: a.table, local_pairs: flip(second), remote_pairs: flip(first) });
    push(registry, left, forward);
    push(registry, right, backward);
    Ok(())
}

fn table_name(registry: &Registry, m: MapperId) -> String {
    registry.metadata.table(registry.mapper(m).table).name.clone()
}

/// `Mapper._property_from_column`: a relationship may not take a column's name.
fn check_column_conflicts(registry: &Registry, id: MapperId) -> Result<()> {
    let m = registry.mapper(id);
    let table = &registry.metadata.table(m.table).name;
    for r in &m.relationships {
        if m.column_index(&r.name).is_some() {
            return Err(exc::argument_error(format!(
                "WARNING: when configuring property '{name}' on Mapper[{class}({table})], column '{name}' conflicts \
                 with property '<_RelationshipDeclared; {name}>'. To resolve this, map the column to the class under \
                 a different name in the 'properties' dictionary.  Or, to remove all awareness of the column \
                 entirely (including its availability as a foreign key), use the 'include_properties' or \
                 'exclude_properties' mapper arguments to control specifically which table columns get mapped.",
                name = r.name,
                class = m.class_name,
            )));
        }
    }
    Ok(())
}

/// The Python identifier a class is also bound under when its name is not one
/// (`Order Details` → `Order_Details`); None when the name is fine as is.
pub fn python_alias(name: &str) -> Option<String> {
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ];
    let valid_start = name.chars().next().map(|c| c == '_' || c.is_alphabetic()).unwrap_or(false);
    let valid = valid_start && name.chars().all(|c| c == '_' || c.is_alphanumeric()) && !KEYWORDS.contains(&name);
    if valid {
        return None;
    }
    let mut out: String = name.chars().map(|c| if c == '_' || c.is_alphanumeric() { c } else { '_' }).collect();
    if !out.chars().next().map(|c| c == '_' || c.is_alphabetic()).unwrap_or(false) {
        out.insert(0, '_');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    Some(out)
}

#[cfg(test)]
#[path = "automap_tests.rs"]
mod tests;
