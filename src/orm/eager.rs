//! Eager loading and the shape of an ORM SELECT: which columns each entity
//! contributes (loader options `defer`/`load_only`), which relationships are
//! joined into the same statement (`joinedload`, `contains_eager`, `lazy="joined"`),
//! how a row becomes a tree of instances, and the "selectin" loader that runs
//! after the rows (`SELECT … WHERE key IN (…)` per level), for one-to-many,
//! many-to-one and many-to-many relationships. Mirrors `orm/strategies.py`
//! (`JoinedLoader`, `SelectInLoader`) and `loading._setup_entity_query`.
//!
//! Column order follows SQLAlchemy's: an entity's relationships are set up
//! before its columns (the mapper lists declared relationships first), so
//! `contains_eager` columns precede the entity's own, while joined-eager
//! columns go to the "secondary" list after every primary column. Eager loads
//! that come from the mapping (not from an option) stop where the path already
//! holds the target class, as SQLAlchemy's cycle check does.

use crate::exc::Result;
use crate::orm::loading::{RowPlan, RowValues};
use crate::orm::mapping::{Direction, Lazy, MapperId};
use crate::orm::session::Orm;
use crate::orm::state::{InstanceId, RelSlot, SessionId};
use crate::orm::strategy_options::{Options, RelStrategy};
use crate::sql::expr::{Expr, FromItem, JoinSpec, Select};
use crate::sql::schema::TableId;
use crate::sql::value::Value;
use std::collections::HashMap;
use std::rc::Rc;

/// Relationships from a query entity down to an entity being loaded.
pub type Path = Vec<(MapperId, usize)>;

/// One selected thing of a query, as the loaders see it.
pub enum QueryItem {
    Entity { mapper: MapperId, alias: Option<Rc<str>> },
    Column(Expr),
}

/// One entity of a row: a query entity, or one reached by a joined eager load.
pub struct LoadNode {
    pub mapper: MapperId,
    pub path: Path,
    /// The node it hangs from and the relationship (of that node's mapper).
    pub parent: Option<(usize, usize)>,
    /// Where its columns start in the row.
    pub offset: usize,
    pub plan: RowPlan,
    /// Primary key positions in the row (all NULL: no object on this row).
    pk_pos: Vec<usize>,
}

/// What the row reader needs for each query item.
pub enum ItemLoad {
    /// Index into `QueryLoad::nodes`.
    Entity(usize),
    /// Row position of a plain column.
    Column(usize),
}

/// The objects each node of a result produced, each once, in row order
/// (what the post loads run on).
pub struct LoadedPerNode {
    pub ids: Vec<Vec<InstanceId>>,
    seen: Vec<std::collections::HashSet<InstanceId>>,
}

impl LoadedPerNode {
    pub fn new(nodes: usize) -> LoadedPerNode {
        LoadedPerNode { ids: vec![Vec::new(); nodes], seen: vec![Default::default(); nodes] }
    }
    /// Note the objects of one row (`load_row`'s `ids`).
    pub fn note(&mut self, row: &[Option<InstanceId>]) {
        for (n, id) in row.iter().enumerate() {
            if let Some(id) = id {
                if self.seen[n].insert(*id) {
                    self.ids[n].push(*id);
                }
            }
        }
    }
}

/// The loading plan of one ORM SELECT.
pub struct QueryLoad {
    pub items: Vec<ItemLoad>,
    /// Pre-order: a node's parent comes before it.
    pub nodes: Vec<LoadNode>,
    /// A collection is loaded from joined rows: one object spans several rows.
    pub joins_collection: bool,
}

enum Pos {
    Primary(usize),
    Secondary(usize),
}

struct NodeProto {
    mapper: MapperId,
    path: Path,
    parent: Option<(usize, usize)>,
    pos: Pos,
    cols: Vec<usize>,
    loaders: crate::orm::strategy_options::LoaderFlags,
}

/// How relationship `ri` of `mapper` at `path` loads: the options, else the
/// mapping's `lazy=` unless that would revisit a class already on the path.
/// `local_start`: where the current statement's part of `path` begins.
fn rel_strategy(orm: &Orm, opts: &Options, path: &[(MapperId, usize)], mapper: MapperId, ri: usize, local_start: usize) -> Option<RelStrategy> {
    if let Some(s) = opts.rel_strategy(path, mapper, ri) {
        return Some(s);
    }
    let rel = &orm.registry.mapper(mapper).relationships[ri];
    let by_mapping = match rel.lazy {
        Lazy::Joined => RelStrategy::Joined,
        Lazy::Selectin => RelStrategy::Selectin,
        _ => return None,
    };
    // SQLAlchemy's cycle check (`path.contains_mapper`): a joined load looks
    // at the classes of this statement's path, a selectin load at the whole path
    let from = if by_mapping == RelStrategy::Joined { local_start.min(path.len()) } else { 0 };
    let revisits = rel.target == mapper || path[from..].iter().any(|(m, _)| *m == rel.target);
    (!revisits).then_some(by_mapping)
}

/// Builds the column list, eager joins and load nodes of one SELECT.
struct Builder<'a> {
    orm: &'a Orm,
    opts: &'a Options,
    primary: Vec<Expr>,
    secondary: Vec<Expr>,
    joins: Vec<JoinSpec>,
    order_by: Vec<Expr>,
    nodes: Vec<NodeProto>,
    aliases: u32,
    /// A collection is joined eagerly: with LIMIT/OFFSET/DISTINCT/GROUP BY the
    /// statement must be wrapped in a subquery (`_compound_eager_statement`).
    eager_collection: bool,
    /// Where this statement's own part of the paths starts: joined loads
    /// from the mapping check for cycles within the statement only.
    local_start: usize,
}

impl<'a> Builder<'a> {
    fn new(orm: &'a Orm, opts: &'a Options) -> Builder<'a> {
        Builder { orm, opts, primary: Vec::new(), secondary: Vec::new(), joins: Vec::new(), order_by: Vec::new(), nodes: Vec::new(), aliases: 0, local_start: 0, eager_collection: false }
    }

    fn anon(&mut self) -> Rc<str> {
        self.aliases += 1;
        Rc::from(format!("%eager{}", self.aliases).as_str())
    }

    fn strategy(&self, path: &[(MapperId, usize)], mapper: MapperId, ri: usize) -> Option<RelStrategy> {
        rel_strategy(self.orm, self.opts, path, mapper, ri, self.local_start)
    }

    /// Set up `mapper` (read from `from`, an aliased table or its own) at
    /// `path`: its joined relationships, then its columns. `share_key`: a
    /// column already selected at primary position 0 (the selectin key).
    fn entity(
        &mut self,
        sid: SessionId,
        mapper: MapperId,
        from: (TableId, Option<Rc<str>>),
        path: Path,
        parent: Option<(usize, usize)>,
        secondary: bool,
        share_key: Option<usize>,
    ) -> Result<usize> {
        let idx = self.nodes.len();
        let plan = self.opts.column_plan(&self.orm.registry, &path, mapper);
        self.nodes.push(NodeProto { mapper, path: path.clone(), parent, pos: Pos::Primary(0), cols: Vec::new(), loaders: plan.loaders });
        let nrels = self.orm.registry.mapper(mapper).relationships.len();
        for ri in 0..nrels {
            let strategy = self.strategy(&path, mapper, ri);
            let (joined, contains) = match strategy {
                Some(RelStrategy::Joined) => (true, false),
                Some(RelStrategy::ContainsEager) => (false, true),
                _ => continue,
            };
            let rel = self.orm.registry.mapper(mapper).relationships[ri].clone();
            let tt = self.orm.registry.mapper(rel.target).table;
            let mut child_path = path.clone();
            child_path.push((mapper, ri));
            let pcol = |c: usize| match &from.1 {
                Some(a) => Expr::aliased_col(from.0, a.clone(), c),
                None => Expr::col(from.0, c),
            };
            if contains {
                let alias = self.opts.links.iter().rev().find(|o| o.path == path && o.target == crate::orm::strategy_options::Target::Rel(ri)).and_then(|o| o.alias.clone());
                self.entity(sid, rel.target, (tt, alias), child_path, Some((idx, ri)), secondary, None)?;
                continue;
            }
            debug_assert!(joined);
            let outer = !self.opts.links.iter().rev().any(|o| o.path == path && o.target == crate::orm::strategy_options::Target::Rel(ri) && o.innerjoin);
            let ta = self.anon();
            let tcol = |c: usize| Expr::aliased_col(tt, ta.clone(), c);
            let sa = rel.secondary.as_ref().map(|sec| (sec.table, self.anon()));
            let scol = |c: usize| sa.as_ref().map(|(st, a)| Expr::aliased_col(*st, a.clone(), c)).unwrap_or(Expr::Null);
            let on = rel.join_clauses(&pcol, &tcol, &scol);
            match &sa {
                // parent JOIN (secondary JOIN target ON secondaryjoin) ON primaryjoin
                Some((st, a)) => {
                    let inner = FromItem::Join {
                        left: Box::new(FromItem::alias(*st, a.clone())),
                        right: Box::new(FromItem::alias(tt, ta.clone())),
                        on: Expr::and(on.secondary),
                        outer: false,
                        full: false,
                    };
                    self.joins.push(JoinSpec { target: inner, on: Expr::and(on.primary), outer, full: false });
                }
                None => self.joins.push(JoinSpec { target: FromItem::alias(tt, ta.clone()), on: Expr::and(on.primary), outer, full: false }),
            }
            if rel.uselist {
                self.eager_collection = true;
                for ob in &rel.order_by {
                    let e = tcol(ob.column);
                    self.order_by.push(if ob.descending { e.desc() } else { e });
                }
            }
            self.entity(sid, rel.target, (tt, Some(ta)), child_path, Some((idx, ri)), true, None)?;
        }
        let mut cols = plan.cols;
        if let Some(k) = share_key {
            if let Some(p) = cols.iter().position(|c| *c == k) {
                cols.remove(p);
                cols.insert(0, k);
            }
        }
        let list = if secondary { &mut self.secondary } else { &mut self.primary };
        let start = if share_key.is_some_and(|k| cols.first() == Some(&k)) { 0 } else { list.len() };
        for &c in &cols {
            if share_key == Some(c) && start == 0 {
                continue; // already selected as the key
            }
            list.push(match &from.1 {
                Some(a) => Expr::aliased_col(from.0, a.clone(), c),
                None => Expr::col(from.0, c),
            });
        }
        let node = &mut self.nodes[idx];
        node.pos = if secondary { Pos::Secondary(start) } else { Pos::Primary(start) };
        node.cols = cols;
        Ok(idx)
    }

    /// Columns, joins and ordering into `sel`; the nodes with their row offsets
    /// (`items` empty: `plan_query` fills them).
    fn finish(self, sid: SessionId, sel: &mut Select) -> Result<QueryLoad> {
        let np = self.primary.len();
        let wrap = self.eager_collection && (sel.limit.is_some() || sel.offset.is_some() || sel.distinct || !sel.group_by.is_empty());
        if wrap {
            // SELECT anon_1.*, eager columns FROM (the statement) AS anon_1 LEFT OUTER JOIN …:
            // the LIMIT counts entities, not joined rows
            let mut inner = std::mem::take(sel);
            inner.columns = self.primary.clone();
            let outer_order: Vec<Expr> = std::mem::take(&mut inner.order_by);
            inner.order_by = outer_order.clone();
            let label_style = inner.label_style;
            let sq = inner.subquery(None);
            let primary = self.primary;
            let adapt = |e: &Expr| primary.iter().position(|p| p == e).map(|i| Expr::SubqueryColumn(sq.clone(), i));
            let mut outer = Select::new((0..np).map(|i| Expr::SubqueryColumn(sq.clone(), i)).collect()).select_from(FromItem::Subquery(sq.clone()));
            outer.columns.extend(self.secondary);
            for j in self.joins {
                outer.joins.push(JoinSpec { target: j.target, on: j.on.replace(&adapt), outer: j.outer, full: j.full });
            }
            outer.order_by = outer_order.iter().map(|e| e.replace(&adapt)).collect();
            outer.order_by.extend(self.order_by);
            outer.label_style = label_style;
            *sel = outer;
        } else {
            sel.columns = self.primary;
            sel.columns.extend(self.secondary);
            sel.joins.extend(self.joins);
            sel.order_by.extend(self.order_by);
        }
        let mut nodes = Vec::with_capacity(self.nodes.len());
        for n in self.nodes {
            let offset = match n.pos {
                Pos::Primary(p) => p,
                Pos::Secondary(p) => np + p,
            };
            let pk = self.orm.pk_columns(n.mapper);
            let mut pk_pos = Vec::with_capacity(pk.len());
            for c in pk {
                if let Some(p) = n.cols.iter().position(|x| *x == c) {
                    pk_pos.push(offset + p);
                }
            }
            // objects remember the options and where they were loaded, for their lazy loads
            let origin = (!self.opts.is_empty()).then(|| Rc::new((self.opts.clone(), n.path.clone())));
            let plan = self.orm.row_plan(sid, n.mapper, &n.cols)?.with_loaders(n.loaders, origin);
            nodes.push(LoadNode { mapper: n.mapper, path: n.path, parent: n.parent, offset, plan, pk_pos });
        }
        let registry = &self.orm.registry;
        let joins_collection = nodes.iter().any(|n| n.parent.is_some_and(|(p, ri)| registry.mapper(nodes[p].mapper).relationships[ri].uselist));
        Ok(QueryLoad { items: Vec::new(), nodes, joins_collection })
    }
}

impl Orm {
    /// Fill `sel`'s columns (and eager joins) for `items`; the plan to read its rows.
    pub fn plan_query(&self, sid: SessionId, opts: &Options, items: &[QueryItem], sel: &mut Select) -> Result<QueryLoad> {
        let mut b = Builder::new(self, opts);
        let mut protos = Vec::with_capacity(items.len());
        for it in items {
            match it {
                QueryItem::Entity { mapper, alias } => {
                    let t = self.registry.mapper(*mapper).table;
                    protos.push(Err(b.entity(sid, *mapper, (t, alias.clone()), Vec::new(), None, false, None)?));
                }
                QueryItem::Column(e) => {
                    protos.push(Ok(b.primary.len()));
                    b.primary.push(e.clone());
                }
            }
        }
        let mut q = b.finish(sid, sel)?;
        q.items = protos
            .into_iter()
            .map(|p| match p {
                Ok(pos) => ItemLoad::Column(pos),
                Err(node) => ItemLoad::Entity(node),
            })
            .collect();
        Ok(q)
    }

    /// True when loading `mapper` brings relationships with it (`lazy="joined"`
    /// or `"selectin"`): `get()` and lazy loads then go through the eager loader.
    /// The relationships of `rels` that the reload of expired `id` loads at
    /// once: SQLAlchemy's `load_on_ident` for an expired object (an attribute
    /// access, `get()`, `refresh()`) runs with `state.load_options` (the
    /// query's options, at the path the object was loaded at) and the
    /// mapping's `lazy=`; under `refresh_state` a selectin loader acts as the
    /// immediate loader (`_immediateload_create_row_processor`): a lazy load
    /// after the row. Joined ones would be a JOIN in the reload's SELECT: not
    /// done (docs/divergences.md).
    pub(crate) fn reload_eager(&mut self, id: InstanceId, rels: &[usize]) -> Result<()> {
        let mapper = self.instances.get(id).mapper;
        let origin = self.instances.get(id).loaders.as_ref().and_then(|l| l.origin.clone());
        let empty = std::rc::Rc::new((Options::default(), Vec::new()));
        let origin = origin.unwrap_or(empty);
        for &ri in rels {
            if self.instances.get(id).rels[ri] != RelSlot::Absent {
                continue;
            }
            if rel_strategy(self, &origin.0, &origin.1, mapper, ri, 0) == Some(RelStrategy::Selectin) {
                self.get_relationship(id, ri)?;
            }
        }
        Ok(())
    }

    pub fn has_mapping_eager(&self, mapper: MapperId) -> bool {
        self.registry.mapper(mapper).relationships.iter().any(|r| matches!(r.lazy, Lazy::Joined | Lazy::Selectin))
    }

    /// Load `target` objects with `base` (its WHERE / ORDER BY set) through the
    /// eager loader, as a load at `path` (empty for `get()`, the relationship
    /// for a lazy load): the mapping's joined and selectin loads come along.
    pub(crate) fn eager_entity_load(&mut self, sid: SessionId, target: MapperId, path: Path, mut base: Select, opts: &Options) -> Result<Vec<InstanceId>> {
        let opts = opts.clone();
        let q = {
            let mut b = Builder::new(self, &opts);
            b.local_start = path.len();
            let tt = self.registry.mapper(target).table;
            b.entity(sid, target, (tt, None), path, None, false, None)?;
            b.finish(sid, &mut base)?
        };
        let rows = self.run_eager_select(sid, &opts, &q, base, target, 0)?;
        let mut out: Vec<InstanceId> = Vec::with_capacity(rows.len);
        let mut seen = std::collections::HashSet::new();
        for r in 0..rows.len {
            if let Some(Some(id)) = rows.ids(r).first() {
                if seen.insert(*id) {
                    out.push(*id);
                }
            }
        }
        Ok(out)
    }

    /// Read the nodes of one row into instances: `ids[n]` is node n's object
    /// (None when its primary key is all NULL). Joined children are attached to
    /// their parents; `seen` remembers which (parent, relationship) this result
    /// populates, so a collection spread over rows is built once and one loaded
    /// before is left alone.
    pub fn load_row(
        &mut self,
        sid: SessionId,
        q: &QueryLoad,
        row: &mut [Value],
        move_values: bool,
        ids: &mut Vec<Option<InstanceId>>,
        seen: &mut HashMap<(InstanceId, usize), bool>,
    ) -> Result<()> {
        ids.clear();
        for n in &q.nodes {
            let null = n.pk_pos.iter().all(|&p| row.get(p).is_none_or(|v| v.is_null()));
            let id = if null {
                None
            } else {
                let values = if move_values { RowValues::Owned(&mut *row) } else { RowValues::Borrowed(&*row) };
                Some(self.instance_from_row_with(&n.plan, sid, values, n.offset)?)
            };
            ids.push(id);
            let Some((pn, ri)) = n.parent else { continue };
            let Some(p) = ids[pn] else { continue };
            match seen.get(&(p, ri)) {
                None => {
                    let ours = self.instances.get(p).rels[ri] == RelSlot::Absent;
                    if ours {
                        self.joined_populate(p, ri, id, true);
                    }
                    seen.insert((p, ri), ours);
                }
                Some(true) => self.joined_populate(p, ri, id, false),
                Some(false) => {}
            }
        }
        Ok(())
    }

    /// After the rows: the selectin loads (and `noload`s) of every node's
    /// relationships, for the objects `loaded[n]` each node produced.
    pub fn post_load(&mut self, sid: SessionId, opts: &Options, nodes: &[LoadNode], loaded: &[Vec<InstanceId>]) -> Result<()> {
        for (n, ids) in nodes.iter().zip(loaded) {
            if ids.is_empty() {
                continue;
            }
            let nrels = self.registry.mapper(n.mapper).relationships.len();
            for ri in 0..nrels {
                // selectin's cycle check looks along the whole path: no statement-local start
                let s = rel_strategy(self, opts, &n.path, n.mapper, ri, 0);
                match s {
                    Some(RelStrategy::Selectin) => self.selectin_load(sid, opts, &n.path, n.mapper, ri, ids)?,
                    Some(RelStrategy::Noload) => {
                        let uselist = self.registry.mapper(n.mapper).relationships[ri].uselist;
                        for p in ids {
                            let st = self.instances.get_mut(*p);
                            if st.rels[ri] == RelSlot::Absent {
                                st.rels[ri] = if uselist { RelSlot::Collection(Vec::new()) } else { RelSlot::Scalar(None) };
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// Run `sel` (columns from the `Builder`) on the session's connection for
    /// `target` and load every row (`execute_orm_select`).
    fn run_eager_select(&mut self, sid: SessionId, opts: &Options, q: &QueryLoad, sel: Select, target: MapperId, key_cols: usize) -> Result<crate::orm::orm_select::OrmRows> {
        let conn = self.connection_for(sid, Some(target))?;
        self.execute_orm_select(sid, &conn, opts, q, sel, key_cols, false, None)
    }

    /// `selectinload`: load relationship `ri` of the parents (of `mapper`, at
    /// `path`) with `SELECT … WHERE key IN (…)`, 500 keys a statement. As in
    /// SQLAlchemy, every parent's key goes into the IN list (objects already in
    /// the identity map too) and only relationships not loaded yet are set.
    pub fn selectin_load(&mut self, sid: SessionId, opts: &Options, path: &[(MapperId, usize)], mapper: MapperId, ri: usize, parents: &[InstanceId]) -> Result<()> {
        const CHUNK: usize = 500;
        let rel = self.relationship_of(mapper, ri);
        let mut seen_parent = std::collections::HashSet::new();
        let todo: Vec<InstanceId> = parents.iter().copied().filter(|p| self.instances.get(*p).mapper == mapper && seen_parent.insert(*p)).collect();
        if todo.is_empty() {
            return Ok(());
        }
        let mut child_path: Path = path.to_vec();
        child_path.push((mapper, ri));
        let target = rel.target;
        let tt = self.registry.mapper(target).table;
        let local: Vec<usize> = match &rel.secondary {
            Some(sec) => sec.local_pairs.iter().map(|p| p.0).collect(),
            None => rel.local_remote_pairs.iter().map(|p| p.0).collect(),
        };
        let m2o = rel.direction == Direction::ManyToOne && rel.secondary.is_none();
        let simple_m2o = m2o && self.pk_columns(target) == vec![rel.local_remote_pairs[0].1];
        if local.len() != 1 || (m2o && !simple_m2o) {
            // composite keys: one lazy load per parent (ormsh renders no tuple IN yet)
            for p in todo {
                if self.instances.get(p).rels[ri] == RelSlot::Absent {
                    self.get_relationship(p, ri)?;
                }
            }
            return Ok(());
        }
        let lc = local[0];
        let mut keys: Vec<Value> = Vec::new();
        let mut seen_key = std::collections::HashSet::new();
        let mut parent_key: Vec<(InstanceId, Option<Value>)> = Vec::with_capacity(todo.len());
        for &p in &todo {
            let v = match self.get_column(p, lc)? {
                crate::orm::attributes::AttrRead::Value(v) if !v.is_null() => Some(v),
                _ => None,
            };
            if let Some(v) = &v {
                if seen_key.insert(v.clone()) {
                    keys.push(v.clone());
                }
            }
            parent_key.push((p, v));
        }
        let what = format!("{}.{}", self.registry.mapper(mapper).class_name, rel.name);
        // key (as the driver returns it) -> the objects of that key, in row order
        let mut groups: HashMap<Value, Vec<InstanceId>> = HashMap::new();
        let mut grouped: std::collections::HashSet<(Value, InstanceId)> = std::collections::HashSet::new();
        for chunk in keys.chunks(CHUNK) {
            let mut b = Builder::new(self, opts);
            b.local_start = child_path.len();
            let (key_expr, share, from) = match (&rel.secondary, m2o) {
                (_, true) => (Expr::col(tt, rel.local_remote_pairs[0].1), Some(rel.local_remote_pairs[0].1), None),
                (Some(sec), _) => {
                    let on = Expr::and(sec.remote_pairs.iter().map(|(tc, s)| Expr::col(tt, *tc).eq(Expr::col(sec.table, *s))).collect());
                    let from = FromItem::Join { left: Box::new(FromItem::table(sec.table)), right: Box::new(FromItem::table(tt)), on, outer: false, full: false };
                    (Expr::col(sec.table, sec.local_pairs[0].1), None, Some(from))
                }
                (None, false) => {
                    let rc = rel.local_remote_pairs[0].1;
                    (Expr::col(tt, rc), Some(rc), None)
                }
            };
            b.primary.push(key_expr.clone());
            b.entity(sid, target, (tt, None), child_path.clone(), None, false, share)?;
            let mut sel = Select::default();
            if let Some(f) = from {
                sel = sel.select_from(f);
            }
            sel = sel.where_(key_expr.in_(chunk.iter().cloned().map(Expr::bind).collect()));
            if !m2o {
                for ob in &rel.order_by {
                    let e = Expr::col(tt, ob.column);
                    sel = sel.order_by(if ob.descending { e.desc() } else { e });
                }
            }
            let q = b.finish(sid, &mut sel)?;
            self.events.emit(crate::events::Event::Cause(crate::events::Cause::EagerLoad(what.clone())));
            let loaded = self.run_eager_select(sid, opts, &q, sel, target, 1);
            self.events.emit(crate::events::Event::CauseEnd);
            let loaded = loaded?;
            for r in 0..loaded.len {
                if let (Some(k), Some(Some(child))) = (loaded.key(r).first().cloned(), loaded.ids(r).first()) {
                    // a child repeats only on the rows of a joined collection below it
                    if grouped.insert((k.clone(), *child)) {
                        groups.entry(k).or_default().push(*child);
                    }
                }
            }
        }
        let d = self.session_dialect(sid, target);
        let key_ty = self.registry.metadata.table(self.registry.mapper(mapper).table).columns[lc].ty.clone();
        for (p, v) in parent_key {
            // the key read back from the row went through the driver: compare as the row gave it
            let children = match v {
                Some(v) => {
                    let k = d.bind_value(Some(&key_ty), &v);
                    groups.get(&k).or_else(|| groups.get(&v)).cloned().unwrap_or_default()
                }
                None => Vec::new(),
            };
            let slot = if rel.uselist { RelSlot::Collection(children) } else { RelSlot::Scalar(children.into_iter().next()) };
            let st = self.instances.get_mut(p);
            if st.rels[ri] == RelSlot::Absent {
                st.set_committed_rel(ri, slot);
                self.apply_pending_mutations(p, ri);
            }
        }
        Ok(())
    }

    /// The joined loader's row step: `child` (or no row: `None`) was read from
    /// the joined columns of a row that produced `parent`; `first` is the first
    /// such row of this parent in the result (the relationship is set), later
    /// rows add to the collection.
    pub fn joined_populate(&mut self, parent: InstanceId, ri: usize, child: Option<InstanceId>, first: bool) {
        let mapper = self.instances.get(parent).mapper;
        let uselist = self.registry.mapper(mapper).relationships[ri].uselist;
        let st = self.instances.get_mut(parent);
        if first {
            st.set_committed_rel(ri, if uselist { RelSlot::Collection(child.into_iter().collect()) } else { RelSlot::Scalar(child) });
            st.forget_nones(Some(ri));
        } else if let RelSlot::Collection(v) = &mut st.rels[ri] {
            if let Some(c) = child {
                if !v.contains(&c) {
                    v.push(c);
                }
            }
        }
    }
}
