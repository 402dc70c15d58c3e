//! Loader options as SQLAlchemy's `orm/strategy_options.py` models them:
//! `joinedload selectinload lazyload raiseload noload defer undefer load_only
//! contains_eager`, chained along relationship paths
//! (`selectinload(Tag.posts).joinedload(Post.author)`), and the two questions
//! the loaders ask of them: *how is relationship `ri` of the entity at this
//! path loaded?* ([`Options::rel_strategy`]) and *which columns of it does the
//! SELECT fetch, and which are left deferred on the new instances?*
//! ([`Options::column_plan`]).
//!
//! A chained option is stored flat: one [`LoaderOption`] per link, each with
//! the full relationship path from the query's entity to the entity it acts
//! on. As in SQLAlchemy, an option naming an attribute beats a wildcard
//! (`raiseload("*")`, the "every other column" of `load_only`) whatever their
//! order, and among options naming the same attribute the last one wins.

use crate::exc::{Error, ErrorKind, Result};
use crate::orm::mapping::{MapperId, Registry};
use crate::orm::state::AttrSet;

/// How a relationship is loaded (`lazy=` of a relationship, or an option).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelStrategy {
    /// `joinedload`: `LEFT OUTER JOIN` in the same statement.
    Joined,
    /// `selectinload` (also `subqueryload`, `immediateload`): one `SELECT … IN` per level.
    Selectin,
    /// `lazyload`: a SELECT on first access.
    Lazy,
    /// `noload`: always empty.
    Noload,
    /// `raiseload`: access raises; with `sql_only` only when it would emit SQL.
    Raise { sql_only: bool },
    /// `contains_eager`: read from columns the statement already joins.
    ContainsEager,
}

impl RelStrategy {
    /// SQLAlchemy's name of the loader, for `LoaderStrategyException` messages.
    fn loader_name(self) -> &'static str {
        match self {
            RelStrategy::Joined | RelStrategy::ContainsEager => "joined loader",
            RelStrategy::Selectin => "selectin loader",
            RelStrategy::Lazy | RelStrategy::Raise { .. } => "lazy loader",
            RelStrategy::Noload => "no loader",
        }
    }
}

/// How a column is loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColStrategy {
    /// Not selected; loaded on first access (or raising, with `raiseload=True`).
    Defer { raiseload: bool },
    /// Selected with the entity (the default).
    Undefer,
}

/// What one option link acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Rel(usize),
    Col(usize),
    /// `"*"` for a relationship strategy: every relationship at this level.
    AllRels,
    /// `"*"` for a column strategy, and `load_only`'s "every other column".
    AllCols,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    Rel(RelStrategy),
    Col(ColStrategy),
}

/// One link of a loader option.
#[derive(Clone, Debug, PartialEq)]
pub struct LoaderOption {
    /// Relationships from a query entity to the entity this link acts on.
    pub path: Vec<(MapperId, usize)>,
    /// The entity it acts on; `None` for a wildcard at the root (every entity).
    pub mapper: Option<MapperId>,
    pub target: Target,
    pub strategy: Strategy,
    /// `contains_eager(..., alias=a)`: the aliased table the statement joins.
    pub alias: Option<std::rc::Rc<str>>,
    /// `joinedload(..., innerjoin=True)`: `JOIN` instead of `LEFT OUTER JOIN`.
    pub innerjoin: bool,
}

/// The loader options of one statement, in the order given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    pub links: Vec<LoaderOption>,
    /// A mistake found while the options were built (a strategy on the wrong
    /// kind of attribute, a chain that does not link): raised when the
    /// statement runs, as SQLAlchemy raises it when it compiles.
    pub error: Option<(ErrorKind, String)>,
}

/// Loader flags a query's options leave on the objects it creates
/// (SQLAlchemy keeps these as per-state callables): columns not loaded that
/// load one by one on access, or raise; relationships whose access raises or
/// lazy-loads whatever the mapping says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoaderFlags {
    /// Columns deferred by an option (`LoadDeferredColumns`).
    pub deferred: AttrSet,
    /// Deferred columns that raise on access (`defer(..., raiseload=True)`).
    pub raise_cols: AttrSet,
    /// Relationships that raise on access (`raiseload`).
    pub rel_raise: AttrSet,
    /// … only when the load would emit SQL (`raiseload(sql_only=True)`).
    pub rel_raise_sql: AttrSet,
    /// Relationships lazy-loaded whatever their `lazy=` (`lazyload`).
    pub rel_lazy: AttrSet,
}

impl LoaderFlags {
    pub fn is_empty(&self) -> bool {
        self.deferred.is_empty() && self.rel_raise.is_empty() && self.rel_raise_sql.is_empty() && self.rel_lazy.is_empty()
    }
    /// Expiring an attribute drops its instance-level loader (`InstanceState._expire`).
    pub fn forget_column(&mut self, c: usize) {
        self.deferred.remove(c);
        self.raise_cols.remove(c);
    }
    pub fn forget_relationship(&mut self, ri: usize) {
        self.rel_raise.remove(ri);
        self.rel_raise_sql.remove(ri);
        self.rel_lazy.remove(ri);
    }
    /// Take relationship `ri`'s flags from `other`.
    pub fn copy_relationship(&mut self, other: &LoaderFlags, ri: usize) {
        self.forget_relationship(ri);
        for (mine, theirs) in [(&mut self.rel_raise, &other.rel_raise), (&mut self.rel_raise_sql, &other.rel_raise_sql), (&mut self.rel_lazy, &other.rel_lazy)] {
            if theirs.contains(ri) {
                mine.insert(ri);
            }
        }
    }
}

/// An object's loaders: those in force now, and those of the options it was
/// loaded with (`state.load_options`), which a `refresh()` and the reload of
/// expired relationships put back.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InstanceLoaders {
    pub now: LoaderFlags,
    pub options: LoaderFlags,
    /// The options of the query that loaded the object and the path it was
    /// loaded at (`state.load_options`, `state.load_path`): its lazy loads go
    /// on along that path (`defaultload(User.orders).load_only(Order.id)`).
    pub origin: Option<std::rc::Rc<(Options, Vec<(MapperId, usize)>)>>,
}

/// The columns a SELECT fetches for one entity, and the loaders its new instances get.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ColumnPlan {
    /// Column indexes in mapper order.
    pub cols: Vec<usize>,
    pub loaders: LoaderFlags,
}

impl Options {
    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }

    fn at<'a>(&'a self, path: &'a [(MapperId, usize)], mapper: MapperId) -> impl Iterator<Item = &'a LoaderOption> + 'a {
        self.links.iter().filter(move |o| o.path.as_slice() == path && o.mapper.is_none_or(|m| m == mapper))
    }

    /// True when some option acts on the entity at `path` or below it.
    pub fn reaches(&self, path: &[(MapperId, usize)]) -> bool {
        self.links.iter().any(|o| o.path.len() >= path.len() && o.path.starts_with(path))
    }

    /// The strategy options give relationship `ri` of the entity `mapper`
    /// reached through `path`; `None` when no option names it (the mapping's `lazy=` applies).
    pub fn rel_strategy(&self, path: &[(MapperId, usize)], mapper: MapperId, ri: usize) -> Option<RelStrategy> {
        let mut specific = None;
        let mut wildcard = None;
        for o in self.at(path, mapper) {
            if let Strategy::Rel(s) = o.strategy {
                match o.target {
                    Target::Rel(r) if r == ri => specific = Some(s),
                    Target::AllRels => wildcard = Some(s),
                    _ => {}
                }
            }
        }
        // a chained option implies its intermediate links are loaded (default strategy) — nothing to add
        specific.or(wildcard)
    }

    /// Which columns of `mapper` (reached through `path`) to select: primary
    /// key columns always; the others unless deferred by an option.
    pub fn column_plan(&self, registry: &Registry, path: &[(MapperId, usize)], mapper: MapperId) -> ColumnPlan {
        let m = registry.mapper(mapper);
        let ncols = m.columns.len();
        let pk = &registry.metadata.table(m.table).primary_key;
        let mut plan = ColumnPlan::default();
        let mut any = false;
        let mut specific: Vec<Option<ColStrategy>> = vec![None; ncols];
        let mut wildcard = None;
        for o in self.at(path, mapper) {
            if let Strategy::Col(s) = o.strategy {
                any = true;
                match o.target {
                    Target::Col(c) if c < ncols => specific[c] = Some(s),
                    Target::AllCols => wildcard = Some(s),
                    _ => {}
                }
            }
        }
        for c in 0..ncols {
            let s = if any { specific[c].or(wildcard).unwrap_or(ColStrategy::Undefer) } else { ColStrategy::Undefer };
            match s {
                ColStrategy::Defer { raiseload } if !pk.contains(&c) => {
                    plan.loaders.deferred.insert(c);
                    if raiseload {
                        plan.loaders.raise_cols.insert(c);
                    }
                }
                _ => plan.cols.push(c),
            }
        }
        for (ri, _) in m.relationships.iter().enumerate() {
            match self.rel_strategy(path, mapper, ri) {
                Some(RelStrategy::Raise { sql_only: false }) => plan.loaders.rel_raise.insert(ri),
                Some(RelStrategy::Raise { sql_only: true }) => plan.loaders.rel_raise_sql.insert(ri),
                Some(RelStrategy::Lazy) => plan.loaders.rel_lazy.insert(ri),
                _ => {}
            }
        }
        plan
    }

    /// Check every link against the statement's entities as SQLAlchemy does
    /// when it compiles: the path must start at one of them, and a strategy
    /// must suit the attribute (`LoaderStrategyException`).
    pub fn validate(&self, registry: &Registry, roots: &[MapperId]) -> Result<()> {
        if let Some((kind, message)) = &self.error {
            return Err(Error::new(*kind, message.clone()));
        }
        if roots.is_empty() {
            if let Some(o) = self.links.iter().find(|o| o.mapper.is_some() || !o.path.is_empty()) {
                return Err(Error::new(
                    ErrorKind::ArgumentError,
                    format!("Query has only expression-based entities; attribute loader option {} can't be applied here.", describe(registry, o)),
                ));
            }
        }
        for o in &self.links {
            let start = o.path.first().map(|p| p.0).or(o.mapper);
            if let Some(start) = start {
                if !roots.contains(&start) {
                    let cls = &registry.mapper(start).class_name;
                    let root = roots.first().map(|r| registry.mapper(*r).class_name.clone()).unwrap_or_default();
                    return Err(Error::new(
                        ErrorKind::ArgumentError,
                        format!(
                            "Mapped class {cls} referenced in option {} does not apply to any of the root entities in this query, e.g. {root}. Please specify the full path from one of the root entities to the target attribute. ",
                            describe(registry, o)
                        ),
                    ));
                }
            }
        }
        // one attribute, two different strategies: SQLAlchemy refuses to pick
        for (i, later) in self.links.iter().enumerate() {
            if matches!(later.target, Target::AllCols | Target::AllRels) {
                continue;
            }
            if let Some(earlier) = self.links[..i].iter().find(|e| e.path == later.path && e.mapper == later.mapper && e.target == later.target && e.strategy != later.strategy) {
                return Err(Error::new(
                    ErrorKind::InvalidRequestError,
                    format!(
                        "Loader strategy replacement {} is in conflict with existing strategy {}",
                        describe(registry, later),
                        describe(registry, earlier)
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// `joinedload(User.addresses)`, for messages.
fn describe(registry: &Registry, o: &LoaderOption) -> String {
    let name = match o.strategy {
        Strategy::Rel(RelStrategy::Joined) => "joinedload",
        Strategy::Rel(RelStrategy::Selectin) => "selectinload",
        Strategy::Rel(RelStrategy::Lazy) => "lazyload",
        Strategy::Rel(RelStrategy::Noload) => "noload",
        Strategy::Rel(RelStrategy::Raise { .. }) => "raiseload",
        Strategy::Rel(RelStrategy::ContainsEager) => "contains_eager",
        Strategy::Col(ColStrategy::Defer { .. }) => "defer",
        Strategy::Col(ColStrategy::Undefer) => "undefer",
    };
    let attr = match (o.mapper, o.target) {
        (Some(m), Target::Rel(r)) => {
            let mp = registry.mapper(m);
            format!("{}.{}", mp.class_name, mp.relationships[r].name)
        }
        (Some(m), Target::Col(c)) => {
            let mp = registry.mapper(m);
            format!("{}.{}", mp.class_name, mp.columns[c])
        }
        _ => "'*'".to_string(),
    };
    format!("{name}({attr})")
}

/// `LoaderStrategyException` for a strategy applied to the wrong kind of attribute.
pub fn wrong_kind(class: &str, attr: &str, strategy: Strategy, attr_is_relationship: bool) -> Error {
    let (loader, wanted) = match strategy {
        Strategy::Rel(s) => (s.loader_name(), "relationship property"),
        Strategy::Col(ColStrategy::Defer { .. }) => ("deferred column loader", "column property"),
        Strategy::Col(ColStrategy::Undefer) => ("column loader", "column property"),
    };
    let is = if attr_is_relationship { "relationship" } else { "column property" };
    Error::new(
        ErrorKind::LoaderStrategyException,
        format!("Can't apply \"{loader}\" strategy to property \"{class}.{attr}\", which is a \"{is}\"; this loader strategy is intended to be used with a \"{wanted}\"."),
    )
}
