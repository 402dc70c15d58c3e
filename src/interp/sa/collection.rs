//! The instrumented collection: `u.addresses` on an instance is a live,
//! list-like object bound to (instance, relationship). Reads go to the ORM's
//! current collection (lazy-loading it); every mutation goes through
//! `orm::collections`, which records history and fires backrefs and cascades.
//! Mirrors `sqlalchemy/orm/collections.py` (`InstrumentedList`).
//!
//! List methods other than `append`/`remove`/`extend` run Python's own list
//! method on a copy and hand the resulting list to the ORM as a replacement,
//! so indexing, slicing and error messages are exactly Python's.

use crate::exc::{Error, ErrorKind, Result};
use crate::interp::sa::instance::InstanceObj;
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::orm::collections::Op;
use crate::orm::state::InstanceId;
use crate::syntax::ast::CmpOp;
use std::any::Any;
use std::rc::Rc;

/// `u.addresses`.
pub struct CollectionObj {
    pub id: InstanceId,
    pub ri: usize,
    /// The owner's Python object: its arena slot stays while the list lives.
    pub _owner: Value,
}

impl CollectionObj {
    /// The members, a `None` appended to the collection included.
    fn ids(&self, cx: &mut Interp) -> Result<Vec<Option<InstanceId>>> {
        cx.sa.orm_mut()?.collection_members(self.id, self.ri)
    }

    fn values(&self, cx: &mut Interp) -> Result<Vec<Value>> {
        let ids = self.ids(cx)?;
        Ok(ids.into_iter().map(|x| x.map(|x| cx.sa.instance_value(x)).unwrap_or(Value::None)).collect())
    }

    /// A plain Python list with the current members.
    fn as_list(&self, cx: &mut Interp) -> Result<Value> {
        Ok(Value::list(self.values(cx)?))
    }

    /// Run a builtin list method on a copy, then make the copy the collection.
    fn via_list(&self, cx: &mut Interp, name: &str, args: Args) -> Result<Value> {
        let list = self.as_list(cx)?;
        let r = cx.call_builtin_method(&list, name, args).unwrap_or_else(|| Err(Error::new(ErrorKind::AttributeError, format!("'list' object has no attribute '{}'", name))))?;
        self.replace_from(cx, &list)?;
        Ok(r)
    }

    /// `append` of each item (all checked first, as `extend` reads its argument before appending).
    fn append_members(&self, cx: &mut Interp, items: &[Value]) -> Result<()> {
        for x in members(cx, self.id, self.ri, items)? {
            match x {
                Some(x) => cx.sa.orm_mut()?.collection_append(self.id, self.ri, x)?,
                None => cx.sa.orm_mut()?.collection_append_none(self.id, self.ri)?,
            }
        }
        Ok(())
    }

    fn replace_from(&self, cx: &mut Interp, list: &Value) -> Result<()> {
        let items = cx.iterate(list)?;
        let ids = members(cx, self.id, self.ri, &items)?;
        cx.sa.orm_mut()?.collection_replace_members(self.id, self.ri, ids, Op::Append)
    }
}

/// [`member_ids`], with `None` kept: SQLAlchemy's collections accept it (and the flush refuses it).
pub fn members(cx: &mut Interp, id: InstanceId, ri: usize, items: &[Value]) -> Result<Vec<Option<InstanceId>>> {
    let mut out = Vec::with_capacity(items.len());
    for v in items {
        match v {
            Value::None => out.push(None),
            v => out.extend(member_ids(cx, id, ri, std::slice::from_ref(v))?.into_iter().map(Some)),
        }
    }
    Ok(out)
}

/// The instances of `items`, checked to be of the relationship's target class.
pub fn member_ids(cx: &mut Interp, id: InstanceId, ri: usize, items: &[Value]) -> Result<Vec<InstanceId>> {
    let o = cx.sa.orm()?;
    let mapper = o.instances.get(id).mapper();
    let rel = &o.registry.mapper(mapper).relationships[ri];
    let target = rel.target;
    let label = format!("{}.{}", o.registry.mapper(mapper).class_name, rel.name);
    let target_name = o.registry.mapper(target).class_name.clone();
    let mut out = Vec::with_capacity(items.len());
    for v in items {
        match v.downcast::<InstanceObj>() {
            Some(i) if i.mapper == target => out.push(i.id),
            Some(i) => {
                return Err(Error::new(
                    ErrorKind::FlushError,
                    format!(
                        "Attempting to flush an item of type <class '__main__.{}'> as a member of collection \"{}\". Expected an object of type <class '__main__.{}'> or a polymorphic subclass of this type.",
                        i.class, label, target_name
                    ),
                ))
            }
            None => {
                return Err(Error::new(
                    ErrorKind::AttributeError,
                    format!("'{}' object has no attribute '_sa_instance_state'", crate::interp::common::type_name(v)),
                ))
            }
        }
    }
    Ok(out)
}

impl Native for CollectionObj {
    fn type_name(&self) -> String {
        "InstrumentedList".into()
    }
    fn repr(&self, cx: &mut Interp) -> Result<String> {
        let l = self.as_list(cx)?;
        cx.repr(&l)
    }
    fn truthy(&self, cx: &mut Interp) -> Result<bool> {
        Ok(!self.ids(cx)?.is_empty())
    }
    fn len(&self, cx: &mut Interp) -> Option<Result<usize>> {
        Some(self.ids(cx).map(|v| v.len()))
    }
    fn iter(self: Rc<Self>, cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some(self.values(cx))
    }
    fn getitem(self: Rc<Self>, cx: &mut Interp, key: &Value) -> Option<Result<Value>> {
        Some((|| {
            let l = self.as_list(cx)?;
            cx.getitem(&l, key)
        })())
    }
    fn setitem(self: Rc<Self>, cx: &mut Interp, key: &Value, value: Value) -> Option<Result<()>> {
        Some((|| {
            let l = self.as_list(cx)?;
            cx.setitem(&l, key, value)?;
            self.replace_from(cx, &l)
        })())
    }
    fn delitem(self: Rc<Self>, cx: &mut Interp, key: &Value) -> Option<Result<()>> {
        Some((|| {
            let l = self.as_list(cx)?;
            cx.delitem(&l, key)?;
            self.replace_from(cx, &l)
        })())
    }
    fn contains(self: Rc<Self>, cx: &mut Interp, item: &Value) -> Option<Result<bool>> {
        Some((|| {
            let l = self.as_list(cx)?;
            cx.contains(&l, item)
        })())
    }
    fn compare(self: Rc<Self>, cx: &mut Interp, op: CmpOp, other: &Value, reflected: bool) -> Option<Result<Value>> {
        Some((|| {
            let l = self.as_list(cx)?;
            let other = match other.downcast::<CollectionObj>() {
                Some(c) => c.as_list(cx)?,
                None => other.clone(),
            };
            if reflected {
                cx.compare(op, &other, &l)
            } else {
                cx.compare(op, &l, &other)
            }
        })())
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        let args = std::mem::take(args);
        Some(match name {
            "append" => (|| {
                let [v] = one_arg(args, "append")?;
                self.append_members(cx, std::slice::from_ref(&v))?;
                Ok(Value::None)
            })(),
            "remove" => (|| {
                let [v] = one_arg(args, "remove")?;
                let found = match v.downcast::<InstanceObj>() {
                    Some(i) => cx.sa.orm_mut()?.collection_remove(self.id, self.ri, i.id)?,
                    None if matches!(v, Value::None) => cx.sa.orm_mut()?.collection_remove_none(self.id, self.ri)?,
                    None => false,
                };
                if !found {
                    return Err(Error::new(ErrorKind::ValueError, "list.remove(x): x not in list"));
                }
                Ok(Value::None)
            })(),
            "extend" => (|| {
                let [v] = one_arg(args, "extend")?;
                let items = cx.iterate(&v)?;
                self.append_members(cx, &items)?;
                Ok(Value::None)
            })(),
            "insert" | "pop" | "clear" | "sort" | "reverse" => self.via_list(cx, name, args),
            "index" | "count" | "copy" => (|| {
                let l = self.as_list(cx)?;
                cx.call_builtin_method(&l, name, args).unwrap_or_else(|| Err(Error::new(ErrorKind::AttributeError, name.to_string())))
            })(),
            _ => return None,
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn one_arg(args: Args, name: &str) -> Result<[Value; 1]> {
    if !args.keywords.is_empty() {
        return Err(Error::new(ErrorKind::TypeError, format!("list.{}() takes no keyword arguments", name)));
    }
    let n = args.positional.len();
    match <[Value; 1]>::try_from(args.positional) {
        Ok(a) => Ok(a),
        Err(_) => Err(Error::new(ErrorKind::TypeError, format!("list.{}() takes exactly one argument ({} given)", name, n))),
    }
}
