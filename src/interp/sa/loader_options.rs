//! Loader option values: `joinedload(User.addresses)`, `defer(Post.body)`,
//! `load_only(User.name)`, `raiseload("*")`, `contains_eager(...)` and their
//! chains (`selectinload(Tag.posts).joinedload(Post.author)`), as the Python
//! objects a script builds and hands to `.options()`. What they mean to the
//! loaders lives in `orm::strategy_options`.

use crate::exc::{Error, ErrorKind, Result};
use crate::interp::sa::expr::ExprObj;
use crate::interp::sa::relationships::{AliasObj, RelAttrObj};
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::orm::mapping::MapperId;
use crate::orm::strategy_options::{wrong_kind, ColStrategy, LoaderOption, RelStrategy, Strategy, Target};
use std::any::Any;
use std::rc::Rc;

/// The option functions and chain methods this module answers.
pub const NAMES: &[&str] = &[
    "joinedload", "selectinload", "subqueryload", "immediateload", "lazyload", "raiseload", "noload", "defaultload",
    "defer", "undefer", "load_only", "contains_eager",
];

/// A loader option (SQLAlchemy's `_AbstractLoad`): its links so far and the
/// end of its relationship path, where a chained call continues.
#[derive(Clone)]
pub struct LoaderOptionObj {
    pub links: Vec<LoaderOption>,
    /// A mistake SQLAlchemy reports when the statement compiles, not here.
    pub error: Option<(ErrorKind, String)>,
    /// Relationships walked so far, and the entity at their end.
    tail: Vec<(MapperId, usize)>,
    tail_mapper: Option<MapperId>,
}

impl Native for LoaderOptionObj {
    fn type_name(&self) -> String {
        "_AbstractLoad".into()
    }
    fn repr(&self, cx: &mut Interp) -> Result<String> {
        let o = cx.sa.orm()?;
        let path: Vec<String> = self
            .tail
            .iter()
            .map(|(m, r)| {
                let mp = o.registry.mapper(*m);
                format!("{}.{}", mp.class_name, mp.relationships[*r].name)
            })
            .collect();
        Ok(format!("<_AbstractLoad path=[{}]>", path.join(", ")))
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        if name == "options" {
            return Some(self.sub_options(cx, args));
        }
        if !NAMES.contains(&name) {
            return None;
        }
        let mut next = (*self).clone();
        Some(next.add_or_defer(cx, name, args).map(|()| Value::native(next)))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `joinedload(User.addresses)` and friends, called as module functions.
pub fn option_function(cx: &mut Interp, name: &str, args: &mut Args) -> Result<Value> {
    let mut o = LoaderOptionObj { links: Vec::new(), error: None, tail: Vec::new(), tail_mapper: None };
    o.add_or_defer(cx, name, args)?;
    Ok(Value::native(o))
}

/// One attribute argument of an option.
enum Attr {
    /// A relationship, with the target alias of `.of_type(alias)`.
    Rel(MapperId, usize, Option<Rc<str>>),
    Col(MapperId, usize),
    Wildcard,
}

fn attr_of(cx: &mut Interp, name: &str, v: &Value) -> Result<Attr> {
    if let Some(r) = v.downcast::<RelAttrObj>() {
        return Ok(Attr::Rel(r.mapper, r.ri, r.of_type.clone()));
    }
    if let Some(e) = v.downcast::<ExprObj>() {
        if let Some((m, c)) = e.attr {
            return Ok(Attr::Col(m, c));
        }
    }
    match v {
        Value::Str(s) if &**s == "*" => Ok(Attr::Wildcard),
        Value::Str(_) => Err(Error::new(
            ErrorKind::ArgumentError,
            "Strings are not accepted for attribute names in loader options; please use class-bound attributes directly.",
        )),
        _ => Err(Error::new(ErrorKind::ArgumentError, format!("expected a mapped attribute for {}(), got {}", name, cx.repr(v)?))),
    }
}

fn bool_kw(cx: &mut Interp, args: &mut Args, key: &str) -> Result<bool> {
    match args.take_kw(key) {
        Some(v) => cx.truthy(&v),
        None => Ok(false),
    }
}

impl LoaderOptionObj {
    /// `add`, keeping the errors SQLAlchemy raises at compile time for later.
    fn add_or_defer(&mut self, cx: &mut Interp, name: &str, args: &mut Args) -> Result<()> {
        match self.add(cx, name, args) {
            Err(e) if e.kind == ErrorKind::LoaderStrategyException || e_links(&e) => {
                if self.error.is_none() {
                    self.error = Some((e.kind, e.message.clone()));
                }
                Ok(())
            }
            other => other,
        }
    }

    /// Add the links of one call (`name(*attrs, **kw)`) at the end of the chain.
    fn add(&mut self, cx: &mut Interp, name: &str, args: &mut Args) -> Result<()> {
        let strategy = match name {
            "joinedload" => Some(Strategy::Rel(RelStrategy::Joined)),
            "selectinload" | "subqueryload" | "immediateload" => Some(Strategy::Rel(RelStrategy::Selectin)),
            "lazyload" => Some(Strategy::Rel(RelStrategy::Lazy)),
            "noload" => Some(Strategy::Rel(RelStrategy::Noload)),
            "raiseload" => Some(Strategy::Rel(RelStrategy::Raise { sql_only: bool_kw(cx, args, "sql_only")? })),
            "contains_eager" => Some(Strategy::Rel(RelStrategy::ContainsEager)),
            "defer" => Some(Strategy::Col(ColStrategy::Defer { raiseload: bool_kw(cx, args, "raiseload")? })),
            "undefer" => Some(Strategy::Col(ColStrategy::Undefer)),
            "load_only" => None,
            _ => None, // defaultload: walk the path only
        };
        let load_only_raise = if name == "load_only" { bool_kw(cx, args, "raiseload")? } else { false };
        let alias = match args.take_kw("alias") {
            Some(v) => match v.downcast::<AliasObj>() {
                Some(a) => Some(a.name.clone()),
                None => return Err(Error::new(ErrorKind::ArgumentError, format!("alias= expects an aliased() entity, got {}", cx.repr(&v)?))),
            },
            None => None,
        };
        let innerjoin = match args.take_kw("innerjoin") {
            Some(v) if name == "joinedload" => cx.truthy(&v)?,
            Some(_) => return Err(Error::new(ErrorKind::TypeError, format!("_AbstractLoad.{name}() got an unexpected keyword argument 'innerjoin'"))),
            None => false,
        };
        // selectin's chunk size and recursion depth change nothing ormsh renders differently
        for k in ["recursion_depth", "chunksize"] {
            args.take_kw(k);
        }
        if let Some((k, _)) = args.keywords.first() {
            return Err(Error::new(ErrorKind::TypeError, format!("_AbstractLoad.{name}() got an unexpected keyword argument '{k}'")));
        }
        let attrs: Vec<Value> = std::mem::take(&mut args.positional);
        if attrs.is_empty() {
            // what SQLAlchemy's option functions raise for no attribute at all
            return Err(if name == "load_only" {
                Error::new(ErrorKind::IndexError, "tuple index out of range")
            } else {
                Error::new(ErrorKind::AssertionError, "")
            });
        }
        if name == "load_only" {
            return self.load_only(cx, &attrs, load_only_raise);
        }
        let n = attrs.len();
        for (k, a) in attrs.iter().enumerate() {
            let last = k + 1 == n;
            let attr = attr_of(cx, name, a)?;
            match attr {
                Attr::Wildcard => {
                    if !last {
                        return Err(Error::new(ErrorKind::ArgumentError, "Wildcard token cannot be followed by another entity"));
                    }
                    let target = match strategy {
                        Some(Strategy::Col(_)) => Target::AllCols,
                        _ => Target::AllRels,
                    };
                    if let Some(s) = strategy {
                        self.links.push(LoaderOption { path: self.tail.clone(), mapper: self.tail_mapper, target, strategy: s, alias: None, innerjoin: false });
                    }
                }
                Attr::Rel(m, ri, of_type) => {
                    self.check_links(cx, m, Target::Rel(ri))?;
                    let s = if last { strategy } else { None };
                    if let Some(s @ Strategy::Col(_)) = s {
                        let (cls, attr) = names(cx, m, Target::Rel(ri))?;
                        return Err(wrong_kind(&cls, &attr, s, true));
                    }
                    if let Some(s) = s {
                        let alias = if last { alias.clone().or(of_type) } else { None };
                        self.links.push(LoaderOption { path: self.tail.clone(), mapper: Some(m), target: Target::Rel(ri), strategy: s, alias, innerjoin });
                    }
                    let target = cx.sa.orm()?.registry.mapper(m).relationships[ri].target;
                    self.tail.push((m, ri));
                    self.tail_mapper = Some(target);
                }
                Attr::Col(m, c) => {
                    self.check_links(cx, m, Target::Col(c))?;
                    match strategy {
                        Some(s @ Strategy::Col(_)) if last => {
                            self.links.push(LoaderOption { path: self.tail.clone(), mapper: Some(m), target: Target::Col(c), strategy: s, alias: None, innerjoin: false })
                        }
                        Some(s) => {
                            let (cls, attr) = names(cx, m, Target::Col(c))?;
                            return Err(wrong_kind(&cls, &attr, s, false));
                        }
                        None => {
                            let (cls, attr) = names(cx, m, Target::Col(c))?;
                            return Err(wrong_kind(&cls, &attr, Strategy::Rel(RelStrategy::Lazy), false));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// `load_only(A.x, A.y)`: the named columns, every other column deferred.
    fn load_only(&mut self, cx: &mut Interp, attrs: &[Value], raiseload: bool) -> Result<()> {
        let mut mapper = None;
        let mut cols = Vec::new();
        for a in attrs {
            match attr_of(cx, "load_only", a)? {
                Attr::Col(m, c) => {
                    self.check_links(cx, m, Target::Col(c))?;
                    mapper = Some(m);
                    cols.push(c);
                }
                Attr::Rel(m, ri, _) => {
                    let (cls, attr) = names(cx, m, Target::Rel(ri))?;
                    return Err(wrong_kind(&cls, &attr, Strategy::Col(ColStrategy::Undefer), true));
                }
                Attr::Wildcard => return Err(Error::new(ErrorKind::ArgumentError, "load_only() does not accept the wildcard '*'")),
            }
        }
        let mapper = mapper.or(self.tail_mapper);
        for c in cols {
            self.links.push(LoaderOption { path: self.tail.clone(), mapper, target: Target::Col(c), strategy: Strategy::Col(ColStrategy::Undefer), alias: None, innerjoin: false });
        }
        self.links.push(LoaderOption {
            path: self.tail.clone(),
            mapper,
            target: Target::AllCols,
            strategy: Strategy::Col(ColStrategy::Defer { raiseload }),
            alias: None,
            innerjoin: false,
        });
        Ok(())
    }

    /// A chained attribute must belong to the entity the chain has reached.
    fn check_links(&self, cx: &mut Interp, m: MapperId, t: Target) -> Result<()> {
        match (self.tail.last(), self.tail_mapper) {
            (Some(&(pm, pri)), Some(tm)) if tm != m => {
                let (cls, attr) = names(cx, m, t)?;
                let o = cx.sa.orm()?;
                let pmp = o.registry.mapper(pm);
                Err(Error::new(
                    ErrorKind::ArgumentError,
                    format!(
                        "ORM mapped entity or attribute \"{}.{}\" does not link from relationship \"{}.{}\".",
                        cls,
                        attr,
                        pmp.class_name,
                        pmp.relationships[pri].name
                    ),
                ))
            }
            _ => Ok(()),
        }
    }

    /// `defaultload(User.addresses).options(load_only(Address.email), ...)`:
    /// each sub-option continues this option's path.
    fn sub_options(&self, cx: &mut Interp, args: &mut Args) -> Result<Value> {
        let mut next = self.clone();
        for a in std::mem::take(&mut args.positional) {
            let Some(sub) = a.downcast::<LoaderOptionObj>() else {
                return Err(Error::new(ErrorKind::ArgumentError, format!("{} is not a loader option", cx.repr(&a)?)));
            };
            for l in &sub.links {
                if let (Some(tm), Some(m)) = (self.tail_mapper, l.path.first().map(|p| p.0).or(l.mapper)) {
                    if tm != m {
                        let o = cx.sa.orm()?;
                        let (pm, pri) = self.tail.last().copied().unwrap_or((tm, 0));
                        let pmp = o.registry.mapper(pm);
                        let mm = o.registry.mapper(m);
                        let table = o.registry.metadata.table(mm.table).name.clone();
                        return Err(Error::new(
                            ErrorKind::ArgumentError,
                            format!(
                                "ORM mapped entity or attribute \"Mapper[{}({})]\" does not link from relationship \"{}.{}\".",
                                mm.class_name, table, pmp.class_name, pmp.relationships[pri].name
                            ),
                        ));
                    }
                }
                let mut path = self.tail.clone();
                path.extend(l.path.iter().copied());
                next.links.push(LoaderOption { path, ..l.clone() });
            }
        }
        Ok(Value::native(next))
    }
}

/// Class and attribute names for messages.
fn names(cx: &mut Interp, m: MapperId, t: Target) -> Result<(String, String)> {
    let o = cx.sa.orm()?;
    let mp = o.registry.mapper(m);
    let attr = match t {
        Target::Rel(r) => mp.relationships[r].name.to_string(),
        Target::Col(c) => mp.columns[c].to_string(),
        _ => "*".into(),
    };
    Ok((mp.class_name.to_string(), attr))
}

/// "does not link from relationship": found at compile time in SQLAlchemy.
fn e_links(e: &Error) -> bool {
    e.kind == ErrorKind::ArgumentError && e.message.contains("does not link from relationship")
}
