//! Running an ORM SELECT: compile it for the connection's dialect, execute,
//! turn each row into instances (joined eager loads attached), then run the
//! post loads (selectin, noload) on the objects each entity produced. The one
//! path for `session.execute(select(User))`, `get()` with eager relationships,
//! lazy loads through the eager loader and the selectin loader's own SELECTs.
//! Mirrors `loading.instances()` and the ORM half of `Session.execute`
//! (`ORMCompileState.orm_execute_statement`); what the statement selects is
//! `eager.rs`'s `plan_query` / `Builder`.

use crate::engine::{Connection, Cursor};
use crate::exc::Result;
use crate::orm::eager::{ItemLoad, LoadedPerNode, QueryLoad};
use crate::orm::session::Orm;
use crate::orm::state::{IdHashSet, InstanceId, SessionId};
use crate::orm::strategy_options::Options;
use crate::sql::compiler::{compile, CompileOptions};
use crate::sql::expr::{Expr, Select, Statement};
use crate::sql::value::Value;
use std::collections::HashMap;

/// The rows of an ORM SELECT, flat (no allocation per row): row `r`'s object
/// of node `n` is `ids[r * nodes + n]`, its plain column items are
/// `columns[r * ncolumns ..][..ncolumns]` (in item order, through the
/// dialect's result processors), its first `key_cols` columns `keys[r * key_cols ..]`.
pub struct OrmRows {
    pub len: usize,
    pub nodes: usize,
    pub ids: Vec<Option<InstanceId>>,
    pub ncolumns: usize,
    pub columns: Vec<Value>,
    pub key_cols: usize,
    pub keys: Vec<Value>,
}

impl OrmRows {
    /// Each node's object on row `r` (None: its key was all NULL there).
    pub fn ids(&self, r: usize) -> &[Option<InstanceId>] {
        &self.ids[r * self.nodes..(r + 1) * self.nodes]
    }
    /// The first `key_cols` columns of row `r`, as the driver gave them.
    pub fn key(&self, r: usize) -> &[Value] {
        &self.keys[r * self.key_cols..(r + 1) * self.key_cols]
    }
    /// Take the value of row `r`'s `k`-th plain column item.
    pub fn take_column(&mut self, r: usize, k: usize) -> Value {
        std::mem::replace(&mut self.columns[r * self.ncolumns + k], Value::Null)
    }
}

/// An ORM SELECT under way: the driver's cursor and what loading its rows
/// needs between fetches (`yield_per` fetches a chunk at a time).
pub struct OrmCursor {
    pub cursor: Cursor,
    dialect: &'static dyn crate::sql::dialect::Dialect,
    column_items: Vec<usize>,
    column_types: Vec<Option<crate::sql::types::SqlType>>,
    key_cols: usize,
    move_values: bool,
    populate_existing: bool,
    populated: Option<IdHashSet>,
    seen: HashMap<(InstanceId, usize), bool>,
}

impl Orm {
    /// Run `sel` (its columns set by `plan_query` or the eager `Builder` into
    /// `q`) on `conn` and load every row, then the post loads. `key_cols`: how
    /// many leading columns to hand back as they are (the selectin loader's
    /// parent key); `populate_existing`: objects already in the identity map
    /// are overwritten, each once. `source`: `from_statement()`'s statement,
    /// run in place of `sel`, its result columns matched to `sel`'s by name.
    pub fn execute_orm_select(
        &mut self,
        sid: SessionId,
        conn: &Connection,
        opts: &Options,
        q: &QueryLoad,
        sel: Select,
        key_cols: usize,
        populate_existing: bool,
        source: Option<&Statement>,
    ) -> Result<OrmRows> {
        let mut cur = self.open_orm_select(conn, q, sel, key_cols, populate_existing, source, false)?;
        self.fetch_orm_rows(sid, opts, q, &mut cur, usize::MAX)
    }

    /// Run `sel` (see [`Self::execute_orm_select`]) and leave its rows in
    /// the driver's cursor, to be loaded by [`Self::fetch_orm_rows`].
    /// `stream`: `stream_results` (`yield_per`): a server-side cursor on the servers.
    pub fn open_orm_select(
        &mut self,
        conn: &Connection,
        q: &QueryLoad,
        sel: Select,
        key_cols: usize,
        populate_existing: bool,
        source: Option<&Statement>,
        stream: bool,
    ) -> Result<OrmCursor> {
        let d = self.dialect_for(conn);
        // the names the ORM reads the columns by (a table column's own name)
        let wanted: Vec<Option<String>> = sel
            .columns
            .iter()
            .map(|e| match e {
                Expr::Column(c) => self.registry.metadata.tables.get(c.table.0 as usize).and_then(|t| t.columns.get(c.column)).map(|c| c.name.clone()),
                _ => None,
            })
            .collect();
        let c = compile(&Statement::Select(sel), &self.registry.metadata, d, &CompileOptions::default())?;
        let cursor = match source {
            None => conn.open_cursor(&c.sql, &c.params, stream)?,
            Some(st) => {
                let wanted: Vec<String> = wanted.into_iter().zip(&c.columns).map(|(w, k)| w.unwrap_or_else(|| k.name.clone())).collect();
                let rs = self.from_statement_rows(conn, st, wanted)?;
                Cursor::from_rows(conn.clone(), rs.columns, rs.rows)
            }
        };
        let column_items: Vec<usize> = q.items.iter().filter_map(|it| if let ItemLoad::Column(p) = it { Some(*p) } else { None }).collect();
        let column_types = column_items.iter().map(|&p| c.columns.get(p).and_then(|k| k.ty.clone())).collect();
        let entities = q.items.iter().filter(|it| matches!(it, ItemLoad::Entity(_))).count().max(usize::from(q.items.is_empty()));
        Ok(OrmCursor {
            cursor,
            dialect: d,
            column_items,
            column_types,
            key_cols,
            // values move into the instances when no two nodes read one row (no joined eager load)
            move_values: q.nodes.len() == entities,
            populate_existing,
            populated: populate_existing.then(IdHashSet::default),
            seen: HashMap::new(),
        })
    }

    /// Load up to `n` more rows of `cur` into instances (`usize::MAX`: all),
    /// then run the post loads (selectin, noload) for the objects of these
    /// rows: SQLAlchemy's `instances()` chunk, one per `yield_per` rows.
    pub fn fetch_orm_rows(&mut self, sid: SessionId, opts: &Options, q: &QueryLoad, cur: &mut OrmCursor, n: usize) -> Result<OrmRows> {
        let cap = n.min(1024);
        let key_cols = cur.key_cols;
        let mut out = OrmRows {
            len: 0,
            nodes: q.nodes.len(),
            ids: Vec::with_capacity(cap * q.nodes.len()),
            ncolumns: cur.column_items.len(),
            columns: Vec::with_capacity(cap * cur.column_items.len()),
            key_cols,
            keys: Vec::with_capacity(cap * key_cols),
        };
        let mut loaded = LoadedPerNode::new(q.nodes.len());
        let mut ids = Vec::with_capacity(q.nodes.len());
        let OrmCursor { cursor, dialect: d, column_items, column_types, move_values, populate_existing, populated, seen, .. } = cur;
        let (d, move_values, populate_existing) = (*d, *move_values, *populate_existing);
        // each row goes from the driver into instances, then is freed
        cursor.fetch(n, &mut |mut row| {
            out.keys.extend(row.iter().take(key_cols).cloned());
            let r = if populate_existing {
                let saved = std::mem::replace(&mut self.populate_existing, populated.take());
                let r = self.load_row(sid, q, &mut row, move_values, &mut ids, seen);
                *populated = std::mem::replace(&mut self.populate_existing, saved);
                r
            } else {
                self.load_row(sid, q, &mut row, move_values, &mut ids, seen)
            };
            r?;
            loaded.note(&ids);
            out.ids.extend_from_slice(&ids);
            for (&p, ty) in column_items.iter().zip(column_types.iter()) {
                // plain columns never overlap an entity's: still in the row
                let raw = row.get_mut(p).map(|v| std::mem::replace(v, Value::Null)).unwrap_or(Value::Null);
                out.columns.push(match ty {
                    Some(ty) => d.result_value(ty, raw)?,
                    None => raw,
                });
            }
            out.len += 1;
            Ok(())
        })?;
        self.post_load(sid, opts, &q.nodes, &loaded.ids)?;
        Ok(out)
    }

    /// Run `from_statement()`'s statement and put its columns where the ORM's
    /// planned SELECT has them (`wanted`: its column names, in order); a
    /// column the statement does not return is refused (SQLAlchemy leaves
    /// that attribute unloaded: docs/divergences.md).
    fn from_statement_rows(&self, conn: &Connection, st: &Statement, wanted: Vec<String>) -> Result<crate::engine::ResultSet> {
        let d = self.dialect_for(conn);
        let c = compile(st, &self.registry.metadata, d, &CompileOptions::default())?;
        let mut rs = conn.execute(&c.sql, &c.params)?;
        let names: Vec<String> = if c.columns.is_empty() { rs.columns.clone() } else { c.columns.iter().map(|k| k.name.clone()).collect() };
        let mut pos = Vec::with_capacity(wanted.len());
        for w in &wanted {
            let p = names.iter().position(|n| n == w).or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(w))).ok_or_else(|| {
                crate::exc::Error::new(
                    crate::exc::ErrorKind::NotImplementedError,
                    format!("ormsh's from_statement() needs every column of the entity in the statement's result; '{w}' is missing"),
                )
            })?;
            pos.push(p);
        }
        for row in rs.rows.iter_mut() {
            *row = pos.iter().map(|&p| row.get(p).cloned().unwrap_or(Value::Null)).collect();
        }
        rs.columns = wanted;
        Ok(rs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Engine, EngineOptions, Url};
    use crate::events::Events;
    use crate::orm::eager::QueryItem;
    use crate::orm::session::SessionOptions;
    use crate::orm::state::RelSlot;
    use crate::orm::transaction::Bind;
    use crate::sql::expr::Expr;
    use std::rc::Rc;

    /// `select(User, User.name)` and a joined eager load, run by the ORM alone:
    /// rows become instances (the identity map keeps one per row key), the
    /// plain column comes back typed, the joined collection is populated.
    #[test]
    fn an_orm_select_runs_without_the_interpreter() {
        let schema = r#"{"classes": {
            "User": {"table": "users", "columns": {"id": {"type": "integer", "primary_key": true}, "name": {"type": "string"}},
                     "relationships": {"addresses": {"target": "Address", "lazy": "joined", "order_by": "id"}}},
            "Address": {"table": "addresses", "columns": {"id": {"type": "integer", "primary_key": true},
                        "user_id": {"type": "integer", "foreign_key": "users.id"}, "email": {"type": "string"}}}}}"#;
        let reg = crate::orm::schema_file::load_str(schema, "t.json").unwrap();
        let engine = Engine::create(&Url::parse("sqlite://").unwrap(), EngineOptions::default(), Events::null()).unwrap();
        crate::engine::ddl::create_all(&engine, &reg.metadata).unwrap();
        let conn = engine.connect().unwrap();
        conn.execute("INSERT INTO users (id, name) VALUES (1, 'ed'), (2, 'wendy')", &[]).unwrap();
        conn.execute("INSERT INTO addresses (id, user_id, email) VALUES (1, 1, 'a'), (2, 1, 'b')", &[]).unwrap();
        conn.commit().unwrap();
        let mut orm = Orm::new(Rc::new(reg), Events::null());
        let sid = orm.create_session(SessionOptions { bind: Some(Bind::Engine(engine)), ..Default::default() });
        let user = orm.registry.lookup("User").unwrap();
        let t = orm.registry.mapper(user).table;
        let items = [QueryItem::Entity { mapper: user, alias: None }, QueryItem::Column(Expr::col(t, 1))];
        let opts = Options::default();
        let mut sel = Select::default().order_by(Expr::col(t, 0));
        let q = orm.plan_query(sid, &opts, &items, &mut sel).unwrap();
        assert_eq!(q.nodes.len(), 2, "User and its joined addresses");
        let conn = orm.connection_for(sid, Some(user)).unwrap();
        let mut rows = orm.execute_orm_select(sid, &conn, &opts, &q, sel, 0, false, None).unwrap();
        assert_eq!(rows.len, 3, "ed twice (two addresses), wendy once");
        let ed = rows.ids(0)[0].unwrap();
        assert_eq!(rows.ids(1)[0], Some(ed));
        assert_eq!(orm.instances.get(ed).dict[1].value(), Some(&Value::Str("ed".into())));
        assert!(matches!(&orm.instances.get(ed).rels[0], RelSlot::Collection(c) if c.len() == 2));
        assert_eq!(rows.take_column(2, 0), Value::Str("wendy".into()));
        assert_eq!(rows.ids(2)[1], None, "wendy has no address");
    }
}
