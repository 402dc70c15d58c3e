//! Relationship configuration for the schema file: parses a relationship's
//! keys, then infers its direction and join columns from foreign keys exactly
//! as SQLAlchemy's `JoinCondition` does (`sqlalchemy/orm/relationships.py`,
//! with `Join._join_condition` from `sqlalchemy/sql/selectable.py`), and
//! checks cascades and `back_populates` as `RelationshipProperty` does at
//! mapper configuration.
//!
//! Called by [`crate::orm::schema_file`] once every table and mapper exists.
//!
//! Consequences of mirroring SQLAlchemy that a schema author meets (all
//! verified against SQLAlchemy 2.1.9 with the reference's `build_models`):
//! every column `foreign_key` is its own constraint, so two foreign keys from
//! one table to another (including a "composite" pair) are ambiguous unless
//! `foreign_keys` names exactly one of them; `foreign_keys` lists columns of
//! *this* class, so it can only select a many-to-one (or a self-referential)
//! path; and a self-referential relationship without `remote_side` (which the
//! file cannot express) is always one-to-many.

use crate::orm::mapping::{Cascade, Direction, Lazy, MapperId, OrderBy, Registry, Relationship, Secondary};
use crate::orm::schema_file::{child, describe, Loader, SchemaError};
use crate::sql::schema::{MetaData, TableId};
use serde_json::{Map, Value as Json};

/// A relationship as written in the file, checked for key and value types.
#[derive(Clone, Debug)]
pub struct RelationshipSpec {
    pub name: String,
    /// JSON path of the relationship object.
    pub path: String,
    pub target: String,
    pub back_populates: Option<String>,
    pub cascade: Cascade,
    pub secondary: Option<String>,
    pub uselist: Option<bool>,
    /// Target column name and whether it is descending (`-name`).
    pub order_by: Option<(String, bool)>,
    pub lazy: Lazy,
    pub passive_deletes: bool,
    pub viewonly: bool,
    pub single_parent: bool,
    /// Column names of this class (`foreign_keys=[User.x]`); empty = not given.
    pub foreign_keys: Vec<String>,
}

/// Every cascade name SQLAlchemy accepts (`orm.util.all_cascades`).
const ALL_CASCADES: &[&str] = &["delete", "delete-orphan", "save-update", "refresh-expire", "merge", "expunge", "all", "none"];

impl Cascade {
    /// `CascadeOptions.from_string`: split on commas (with the whitespace
    /// around them), refuse unknown names with SQLAlchemy's message, expand
    /// `all`, and let `none` clear everything.
    pub fn parse(text: &str) -> Result<Cascade, String> {
        let names: Vec<&str> = split_on_commas(text).into_iter().filter(|s| !s.is_empty()).collect();
        let mut invalid: Vec<&str> = names.iter().copied().filter(|n| !ALL_CASCADES.contains(n)).collect();
        if !invalid.is_empty() {
            invalid.sort_unstable();
            invalid.dedup();
            let quoted: Vec<String> = invalid.iter().map(|n| format!("'{n}'")).collect();
            return Err(format!("Invalid cascade option(s): {}", quoted.join(", ")));
        }
        if names.contains(&"none") {
            return Ok(Cascade::default());
        }
        let all = names.contains(&"all");
        let has = |n: &str| all || names.contains(&n);
        Ok(Cascade {
            save_update: has("save-update"),
            merge: has("merge"),
            expunge: has("expunge"),
            delete: has("delete"),
            delete_orphan: names.contains(&"delete-orphan"),
            refresh_expire: has("refresh-expire"),
        })
    }

    /// The default of `relationship()`: `"save-update, merge"`.
    pub fn default_for_relationship() -> Cascade {
        Cascade { save_update: true, merge: true, ..Cascade::default() }
    }

    /// What SQLAlchemy keeps of a cascade on a `viewonly=True` relationship
    /// (`CascadeOptions._viewonly_cascades`).
    pub fn for_viewonly(self) -> Cascade {
        Cascade { merge: self.merge, expunge: self.expunge, refresh_expire: self.refresh_expire, ..Cascade::default() }
    }

    /// The set names in SQLAlchemy's sorted order (as `sorted(rel.cascade)`).
    pub fn names(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for (on, name) in [
            (self.delete, "delete"),
            (self.delete_orphan, "delete-orphan"),
            (self.expunge, "expunge"),
            (self.merge, "merge"),
            (self.refresh_expire, "refresh-expire"),
            (self.save_update, "save-update"),
        ] {
            if on {
                out.push(name);
            }
        }
        out
    }
}

/// `re.split(r"\s*,\s*", text)`: whitespace next to a comma goes, other whitespace stays.
fn split_on_commas(text: &str) -> Vec<&str> {
    let parts: Vec<&str> = text.split(',').collect();
    let last = parts.len().saturating_sub(1);
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let part = if i > 0 { part.trim_start() } else { part };
            if i < last {
                part.trim_end()
            } else {
                part
            }
        })
        .collect()
}

impl Lazy {
    /// The `lazy=` strings ormsh supports.
    pub const FILE_NAMES: &'static [&'static str] = &["select", "joined", "selectin", "raise", "raise_on_sql", "noload"];

    /// The `lazy=` string, as SQLAlchemy reports it (`rel.lazy`).
    pub fn sa_name(self) -> &'static str {
        match self {
            Lazy::Select => "select",
            Lazy::Joined => "joined",
            Lazy::Selectin => "selectin",
            Lazy::Raise => "raise",
            Lazy::RaiseOnSql => "raise_on_sql",
            Lazy::Noload => "noload",
        }
    }

    pub fn parse(name: &str) -> Result<Lazy, String> {
        Ok(match name {
            "select" => Lazy::Select,
            "joined" => Lazy::Joined,
            "selectin" => Lazy::Selectin,
            "raise" => Lazy::Raise,
            "raise_on_sql" => Lazy::RaiseOnSql,
            "noload" => Lazy::Noload,
            "dynamic" | "write_only" | "subquery" | "immediate" => {
                return Err(format!(
                    "lazy \"{name}\" is not supported by ormsh; use one of {}",
                    Lazy::FILE_NAMES.join(", ")
                ))
            }
            other => {
                return Err(format!("unknown lazy \"{other}\"; expected one of {}", Lazy::FILE_NAMES.join(", ")))
            }
        })
    }
}

impl Direction {
    /// SQLAlchemy's spelling (`RelationshipDirection.ONETOMANY.name`).
    pub fn sa_name(self) -> &'static str {
        match self {
            Direction::OneToMany => "ONETOMANY",
            Direction::ManyToOne => "MANYTOONE",
            Direction::ManyToMany => "MANYTOMANY",
        }
    }
    /// In words, as the help texts write it (`many-to-one`).
    pub fn words(self) -> &'static str {
        match self {
            Direction::OneToMany => "one-to-many",
            Direction::ManyToOne => "many-to-one",
            Direction::ManyToMany => "many-to-many",
        }
    }
    fn sa_repr(self) -> &'static str {
        match self {
            Direction::OneToMany => "<RelationshipDirection.ONETOMANY: 1>",
            Direction::ManyToOne => "<RelationshipDirection.MANYTOONE: 2>",
            Direction::ManyToMany => "<RelationshipDirection.MANYTOMANY: 3>",
        }
    }
}

/// Checks one relationship object's values (keys were checked by the caller).
pub(crate) fn parse_spec(
    loader: &Loader<'_>,
    name: &str,
    spec: &Map<String, Json>,
    path: &str,
) -> Result<RelationshipSpec, SchemaError> {
    let target = loader
        .str_at(spec, "target", path)?
        .ok_or_else(|| loader.err(path, "missing key \"target\" (the related class)"))?
        .to_string();
    let viewonly = loader.bool_at(spec, "viewonly", path)?.unwrap_or(false);
    let cascade = match loader.str_at(spec, "cascade", path)? {
        Some(text) => Cascade::parse(text).map_err(|m| loader.err(&child(path, "cascade"), m))?,
        None if viewonly => Cascade { merge: true, ..Cascade::default() },
        None => Cascade::default_for_relationship(),
    };
    let cascade = if viewonly { cascade.for_viewonly() } else { cascade };
    let lazy = match loader.str_at(spec, "lazy", path)? {
        Some(text) => Lazy::parse(text).map_err(|m| loader.err(&child(path, "lazy"), m))?,
        None => Lazy::Select,
    };
    let passive_deletes = match spec.get("passive_deletes") {
        None => false,
        Some(Json::Bool(b)) => *b,
        Some(Json::String(s)) if s == "all" => {
            return Err(loader.err(&child(path, "passive_deletes"), "passive_deletes \"all\" is not supported by ormsh; use true"))
        }
        Some(other) => {
            return Err(loader.err(&child(path, "passive_deletes"), format!("expected true or false, got {}", describe(other))))
        }
    };
    let order_by = match loader.str_at(spec, "order_by", path)? {
        None => None,
        Some(text) => {
            let (column, descending) = match text.strip_prefix('-') {
                Some(rest) => (rest, true),
                None => (text, false),
            };
            if column.is_empty() || column.starts_with('-') {
                return Err(loader.err(
                    &child(path, "order_by"),
                    format!("expected a column name of the target, or \"-name\" for descending; got \"{text}\""),
                ));
            }
            Some((column.to_string(), descending))
        }
    };
    let foreign_keys = match spec.get("foreign_keys") {
        None => Vec::new(),
        Some(Json::Array(items)) => {
            let mut names = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item {
                    Json::String(s) => names.push(s.clone()),
                    other => {
                        return Err(loader.err(
                            &child(&child(path, "foreign_keys"), &i.to_string()),
                            format!("expected a column name, got {}", describe(other)),
                        ))
                    }
                }
            }
            names
        }
        Some(other) => {
            return Err(loader.err(
                &child(path, "foreign_keys"),
                format!("expected a list of column names, got {}", describe(other)),
            ))
        }
    };
    Ok(RelationshipSpec {
        name: name.to_string(),
        path: path.to_string(),
        target,
        back_populates: loader.str_at(spec, "back_populates", path)?.map(str::to_string),
        cascade,
        secondary: loader.str_at(spec, "secondary", path)?.map(str::to_string),
        uselist: loader.bool_at(spec, "uselist", path)?,
        order_by,
        lazy,
        passive_deletes,
        viewonly,
        single_parent: loader.bool_at(spec, "single_parent", path)?.unwrap_or(false),
        foreign_keys,
    })
}

/// A column of some table.
type ColRef = (TableId, usize);

enum JoinError {
    NoForeignKeys,
    Ambiguous,
}

/// `Join._join_condition(a, b, consider_as_foreign_keys=…)`: the (referenced
/// column, foreign-key column) pairs of the one foreign-key constraint that
/// links `a` and `b`. Each column's `foreign_key` is its own constraint.
fn join_condition(md: &MetaData, a: TableId, b: TableId, consider: &[ColRef]) -> Result<Vec<(ColRef, ColRef)>, JoinError> {
    let considered = |c: ColRef| consider.is_empty() || consider.contains(&c);
    // (constraint = its foreign-key column, pairs)
    let mut constraints: Vec<(ColRef, Vec<(ColRef, ColRef)>)> = Vec::new();
    let scan = |from: TableId, to: TableId, constraints: &mut Vec<(ColRef, Vec<(ColRef, ColRef)>)>| {
        let (from_table, to_table) = (md.table(from), md.table(to));
        for (i, column) in from_table.columns.iter().enumerate() {
            let Some(fk) = &column.foreign_key else { continue };
            if !considered((from, i)) || fk.table != to_table.name {
                continue;
            }
            if let Some(j) = to_table.column_index(&fk.column) {
                constraints.push(((from, i), vec![((to, j), (from, i))]));
            }
        }
    };
    scan(b, a, &mut constraints);
    if a != b {
        scan(a, b, &mut constraints);
    }
    if constraints.len() > 1 {
        // _joincond_trim_constraints
        if !consider.is_empty() {
            let mut wanted: Vec<ColRef> = consider.to_vec();
            wanted.sort();
            wanted.dedup();
            constraints.retain(|(parent, _)| wanted.as_slice() == [*parent]);
        }
        if constraints.len() > 1 && constraints.iter().all(|(_, crit)| *crit == constraints[0].1) {
            constraints.truncate(1);
        }
        if constraints.len() != 1 {
            return Err(JoinError::Ambiguous);
        }
    }
    match constraints.into_iter().next() {
        Some((_, pairs)) => Ok(pairs),
        None => Err(JoinError::NoForeignKeys),
    }
}

fn join_error(err: JoinError, rel: &str, secondary: Option<&str>) -> String {
    match (err, secondary) {
        (JoinError::NoForeignKeys, Some(sec)) => format!(
            "Could not determine join condition between parent/child tables on relationship {rel} - there are no \
             foreign keys linking these tables via secondary table '{sec}'.  Ensure that referencing columns are \
             associated with a ForeignKey or ForeignKeyConstraint, or specify 'primaryjoin' and 'secondaryjoin' \
             expressions."
        ),
        (JoinError::NoForeignKeys, None) => format!(
            "Could not determine join condition between parent/child tables on relationship {rel} - there are no \
             foreign keys linking these tables.  Ensure that referencing columns are associated with a ForeignKey \
             or ForeignKeyConstraint, or specify a 'primaryjoin' expression."
        ),
        (JoinError::Ambiguous, Some(sec)) => format!(
            "Could not determine join condition between parent/child tables on relationship {rel} - there are \
             multiple foreign key paths linking the tables via secondary table '{sec}'.  Specify the 'foreign_keys' \
             argument, providing a list of those columns which should be counted as containing a foreign key \
             reference from the secondary table to each of the parent and child tables."
        ),
        (JoinError::Ambiguous, None) => format!(
            "Could not determine join condition between parent/child tables on relationship {rel} - there are \
             multiple foreign key paths linking the tables.  Specify the 'foreign_keys' argument, providing a list \
             of those columns which should be counted as containing a foreign key reference to the parent table."
        ),
    }
}

/// Pairs of a join to the secondary table, as (column of `own`, column of the secondary).
fn oriented(pairs: Vec<(ColRef, ColRef)>, own: TableId) -> Vec<(usize, usize)> {
    pairs
        .into_iter()
        .map(|(referent, parent)| if parent.0 == own && referent.0 != own { (parent.1, referent.1) } else { (referent.1, parent.1) })
        .collect()
}

/// The join, direction and `local_remote_pairs` of one relationship.
struct Inferred {
    direction: Direction,
    local_remote_pairs: Vec<(usize, usize)>,
    secondary: Option<Secondary>,
}

fn infer(
    md: &MetaData,
    this: TableId,
    target: TableId,
    secondary: Option<TableId>,
    consider: &[ColRef],
    rel: &str,
) -> Result<Inferred, String> {
    if let Some(sec) = secondary {
        let sec_name = md.table(sec).name.as_str();
        // SQLAlchemy determines the secondary join (child side) first.
        let remote = join_condition(md, target, sec, consider).map_err(|e| join_error(e, rel, Some(sec_name)))?;
        let local = join_condition(md, this, sec, consider).map_err(|e| join_error(e, rel, Some(sec_name)))?;
        return Ok(Inferred {
            direction: Direction::ManyToMany,
            local_remote_pairs: Vec::new(),
            secondary: Some(Secondary { table: sec, local_pairs: oriented(local, this), remote_pairs: oriented(remote, target) }),
        });
    }
    let pairs = join_condition(md, this, target, consider).map_err(|e| join_error(e, rel, None))?;
    if this == target {
        // Self-referential without remote_side: the foreign column is remote, so one-to-many.
        // A referenced column that is also listed in foreign_keys becomes remote too, leaving no local side.
        if pairs.iter().any(|(referent, _)| consider.contains(referent)) {
            return Err(format!(
                "Relationship {rel} could not determine any unambiguous local/remote column pairs based on join \
                 condition and remote_side arguments.  Consider using the remote() annotation to accurately mark \
                 those elements of the join condition that are on the remote side of the relationship."
            ));
        }
        let local_remote_pairs = pairs.into_iter().map(|(referent, parent)| (referent.1, parent.1)).collect();
        return Ok(Inferred { direction: Direction::OneToMany, local_remote_pairs, secondary: None });
    }
    let many_to_one = pairs.iter().all(|(_, parent)| parent.0 == this);
    let (direction, local_remote_pairs) = if many_to_one {
        (Direction::ManyToOne, pairs.into_iter().map(|(referent, parent)| (parent.1, referent.1)).collect())
    } else {
        (Direction::OneToMany, pairs.into_iter().map(|(referent, parent)| (referent.1, parent.1)).collect())
    };
    Ok(Inferred { direction, local_remote_pairs, secondary: None })
}

/// Configures every relationship of every mapper, in class then declaration
/// order (SQLAlchemy's `configure_mappers` order, so the first error it would
/// raise is the one reported).
pub(crate) fn configure(
    loader: &Loader<'_>,
    registry: &mut Registry,
    classes: &[(MapperId, &[RelationshipSpec])],
) -> Result<(), SchemaError> {
    let class_names: Vec<String> = registry.by_name.keys().cloned().collect();
    let spec_of = |mapper: MapperId, name: &str| -> Option<&RelationshipSpec> {
        classes.iter().find(|(id, _)| *id == mapper).and_then(|(_, specs)| specs.iter().find(|s| s.name == name))
    };
    for (mapper_id, specs) in classes {
        let mapper_id = *mapper_id;
        for spec in specs.iter() {
            let this_mapper = registry.mapper(mapper_id);
            let class_name = this_mapper.class_name.clone();
            let this_table = this_mapper.table;
            let rel_label = format!("{class_name}.{}", spec.name);
            let path = spec.path.as_str();
            let target_id = registry.lookup(&spec.target).ok_or_else(|| {
                loader.err(
                    &child(path, "target"),
                    format!("target \"{}\" is not a mapped class; classes: {}", spec.target, class_names.join(", ")),
                )
            })?;
            let target = registry.mapper(target_id);
            let target_table = target.table;
            let md = &registry.metadata;
            let secondary = match &spec.secondary {
                None => None,
                Some(name) => Some(md.lookup(name).ok_or_else(|| {
                    let names: Vec<&str> = md.tables.iter().map(|t| t.name.as_str()).collect();
                    loader.err(&child(path, "secondary"), format!("secondary \"{name}\" is not a table; tables: {}", names.join(", ")))
                })?),
            };
            let this_columns = &md.table(this_table).columns;
            let mut consider = Vec::new();
            for (i, name) in spec.foreign_keys.iter().enumerate() {
                let index = md.table(this_table).column_index(name).ok_or_else(|| {
                    let names: Vec<&str> = this_columns.iter().map(|c| c.name.as_str()).collect();
                    loader.err(
                        &child(&child(path, "foreign_keys"), &i.to_string()),
                        format!("\"{name}\" is not a column of {class_name}; columns: {}", names.join(", ")),
                    )
                })?;
                consider.push((this_table, index));
            }
            let order_by = match &spec.order_by {
                None => Vec::new(),
                Some((column, descending)) => {
                    let index = target.column_index(column).ok_or_else(|| {
                        loader.err(
                            &child(path, "order_by"),
                            format!(
                                "{} has no column \"{column}\"; columns: {}",
                                target.class_name,
                                target.columns.join(", ")
                            ),
                        )
                    })?;
                    vec![OrderBy { column: index, descending: *descending }]
                }
            };
            let inferred = infer(md, this_table, target_table, secondary, &consider, &rel_label)
                .map_err(|m| loader.err(path, m))?;
            if spec.cascade.delete_orphan && !spec.single_parent && inferred.direction != Direction::OneToMany {
                let direction = if inferred.direction == Direction::ManyToOne { "many-to-one" } else { "many-to-many" };
                return Err(loader.err(
                    &child(path, "cascade"),
                    format!(
                        "For {direction} relationship {rel_label}, delete-orphan cascade is normally configured only \
                         on the \"one\" side of a one-to-many relationship, and not on the \"many\" side of a \
                         many-to-one or many-to-many relationship.  To force this relationship to allow a particular \
                         \"{}\" object to be referenced by only a single \"{class_name}\" object at a time via the \
                         {rel_label} relationship, which would allow delete-orphan cascade to take place in this \
                         direction, set the single_parent=True flag. (Background on this error at: \
                         https://sqlalche.me/e/21/bbf0)",
                        target.class_name
                    ),
                ));
            }
            if let Some(back) = &spec.back_populates {
                check_back_populates(loader, registry, spec, back, mapper_id, target_id, inferred.direction, &spec_of)?;
            }
            let relationship = Relationship {
                name: spec.name.clone(),
                target: target_id,
                direction: inferred.direction,
                local_remote_pairs: inferred.local_remote_pairs,
                secondary: inferred.secondary,
                back_populates: spec.back_populates.clone(),
                cascade: spec.cascade,
                uselist: spec.uselist.unwrap_or(inferred.direction != Direction::ManyToOne),
                order_by,
                lazy: spec.lazy,
                passive_deletes: spec.passive_deletes,
                viewonly: spec.viewonly,
                single_parent: spec.single_parent,
            };
            if let Some(mapper) = registry.mappers.get_mut(mapper_id.0 as usize) {
                mapper.relationships.push(relationship);
            }
        }
    }
    Ok(())
}

/// `RelationshipProperty._add_reverse_property`, plus ormsh's own rule that
/// the named relationship names this one back (SQLAlchemy tolerates a
/// one-sided `back_populates`, which then syncs in one direction only).
#[allow(clippy::too_many_arguments)]
fn check_back_populates<'s>(
    loader: &Loader<'_>,
    registry: &Registry,
    spec: &RelationshipSpec,
    back: &str,
    this_id: MapperId,
    target_id: MapperId,
    direction: Direction,
    spec_of: &dyn Fn(MapperId, &str) -> Option<&'s RelationshipSpec>,
) -> Result<(), SchemaError> {
    let this = registry.mapper(this_id);
    let target = registry.mapper(target_id);
    let rel_label = format!("{}.{}", this.class_name, spec.name);
    let path = child(&spec.path, "back_populates");
    let target_table = &registry.metadata.table(target.table).name;
    let Some(other) = spec_of(target_id, back) else {
        if target.column_index(back).is_some() {
            return Err(loader.err(
                &path,
                format!(
                    "back_populates on relationship '{rel_label}' refers to attribute '{}.{back}' that is not a \
                     relationship.  The back_populates parameter should refer to the name of a relationship on the \
                     target class.",
                    target.class_name
                ),
            ));
        }
        return Err(loader.err(
            &path,
            format!(
                "Mapper 'Mapper[{}({target_table})]' has no property '{back}'.  If this property was indicated from \
                 other mappers or configure events, ensure registry.configure() has been called.",
                target.class_name
            ),
        ));
    };
    let other_label = format!("{}.{back}", target.class_name);
    if registry.lookup(&other.target) != Some(this_id) {
        let this_table = &registry.metadata.table(this.table).name;
        return Err(loader.err(
            &path,
            format!(
                "reverse_property '{back}' on relationship {rel_label} references relationship {other_label}, which \
                 does not reference mapper Mapper[{}({this_table})]",
                this.class_name
            ),
        ));
    }
    // The other side's direction is known only if it was configured earlier, as in SQLAlchemy.
    if let Some((_, configured)) = target.relationship(back) {
        if direction != Direction::ManyToMany && configured.direction == direction {
            return Err(loader.err(
                &path,
                format!(
                    "{other_label} and back-reference {rel_label} are both of the same direction {}.  Did you mean \
                     to set remote_side on the many-to-one side ?",
                    direction.sa_repr()
                ),
            ));
        }
    }
    if other.back_populates.as_deref() != Some(spec.name.as_str()) {
        let has = match &other.back_populates {
            Some(name) => format!("\"back_populates\": \"{name}\""),
            None => "no \"back_populates\"".to_string(),
        };
        return Err(loader.err(
            &path,
            format!(
                "{rel_label} back-populates {other_label}, but {other_label} has {has}; set \"back_populates\": \
                 \"{}\" on {other_label} so that both sides stay in sync",
                spec.name
            ),
        ));
    }
    Ok(())
}
