//! `inspect(obj)`: the instance state as SQLAlchemy's `InstanceState` shows it
//! (`transient pending persistent deleted detached expired_attributes unloaded
//! identity key session modified was_deleted attrs.<name>.history`), and
//! identity keys as Python values.

use crate::exc::{Error, ErrorKind, Result};
use crate::interp::sa::instance::{ClassObj, InstanceObj};
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::orm::identity::IdentityKey;
use crate::orm::state::InstanceId;
pub use crate::interp::sa::schema_objs::MapperObj;

use std::any::Any;
use std::rc::Rc;

/// `inspect(x)`.
pub fn inspect(cx: &mut Interp, args: &mut Args) -> Result<Value> {
    let v = crate::interp::sa::args::required(args, 0, "subject", "inspect")?;
    if let Some(i) = v.downcast::<InstanceObj>() {
        return Ok(Value::native(InstanceStateObj { id: i.id, obj: v.clone() }));
    }
    if v.downcast::<ClassObj>().is_some() {
        let m = v.downcast::<ClassObj>().map(|c| c.mapper);
        return Ok(m.map(|m| crate::interp::sa::schema_objs::mapper_value(cx, m)).unwrap_or(Value::None));
    }
    let _ = cx;
    Err(Error::new(
        ErrorKind::NoInspectionAvailable,
        format!("No inspection system is available for object of type {}", crate::interp::common::type_name(&v)),
    ))
}

/// `(<class 'User'>, (1,), None)` as a Python value.
pub fn key_value(cx: &mut Interp, key: &IdentityKey) -> Result<Value> {
    let class = cx.sa.class_value(key.mapper);
    let pk: Vec<Value> = key.pk.iter().cloned().map(Interp::from_sql_value).collect();
    Ok(Value::tuple(vec![class, Value::tuple(pk), Value::None]))
}

/// The identity key a Python tuple names, if it has that shape.
pub fn key_from_value(_cx: &mut Interp, v: &Value) -> Result<Option<IdentityKey>> {
    let items = match v {
        Value::Tuple(t) => t.clone(),
        _ => return Ok(None),
    };
    if items.len() < 2 {
        return Ok(None);
    }
    let mapper = match items[0].downcast::<ClassObj>() {
        Some(c) => c.mapper,
        None => return Ok(None),
    };
    let pk = match &items[1] {
        Value::Tuple(t) => t.iter().map(|x| Interp::to_sql_value(x)).collect::<Option<Vec<_>>>(),
        _ => None,
    };
    Ok(pk.map(|pk| IdentityKey { mapper, pk: pk.into() }))
}

/// `inspect(obj)`.
pub struct InstanceStateObj {
    pub id: InstanceId,
    pub obj: Value,
}

impl Native for InstanceStateObj {
    fn type_name(&self) -> String {
        "InstanceState".into()
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        use crate::events::LifecycleState as L;
        let orm = cx.sa.orm()?;
        let st = orm.instances.get(self.id);
        let life = st.lifecycle();
        Ok(Some(match name {
            "transient" => Value::Bool(life == L::Transient),
            "pending" => Value::Bool(life == L::Pending),
            "persistent" => Value::Bool(life == L::Persistent),
            "deleted" => Value::Bool(life == L::Deleted),
            "detached" => Value::Bool(life == L::Detached),
            "was_deleted" => Value::Bool(st.was_deleted()),
            "modified" => Value::Bool(st.modified()),
            "has_identity" => Value::Bool(st.key().is_some()),
            "expired" => Value::Bool(st.all_expired()),
            "expired_attributes" => {
                let names = orm.expired_attribute_names(self.id);
                set_of_strings(names)
            }
            "unloaded" => set_of_strings(orm.unloaded_attribute_names(self.id)),
            "identity" => match st.key().cloned() {
                Some(k) => Value::tuple(k.pk.iter().cloned().map(Interp::from_sql_value).collect()),
                None => Value::None,
            },
            "key" | "identity_key" => match st.key().cloned() {
                Some(k) => key_value(cx, &k)?,
                None => Value::None,
            },
            "session" => match st.session() {
                Some(s) => cx.sa.session_value(s),
                None => Value::None,
            },
            "unmodified" => set_of_strings(orm.unmodified_attribute_names(self.id)),
            "is_instance" => Value::Bool(true),
            "identity_token" => Value::None,
            "dict" => return instance_dict(cx, self.id).map(Some),
            "object" | "obj" => self.obj.clone(),
            "attrs" => Value::native(AttrsObj { id: self.id, _obj: self.obj.clone() }),
            "mapper" => {
                let m = st.mapper();
                crate::interp::sa::schema_objs::mapper_value(cx, m)
            }
            "class_" => cx.sa.class_value(st.mapper()),
            _ => return Ok(None),
        }))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `obj.__dict__` (the same dict as `inspect(obj).dict`): `_sa_instance_state`,
/// then the loaded column attributes in the mapper's order, then the loaded
/// relationships and other attributes set on the object.
pub fn instance_dict(cx: &mut Interp, id: InstanceId) -> Result<Value> {
    let obj = cx.sa.instance_value(id);
    let mut items = vec![(Value::str("_sa_instance_state"), Value::native(InstanceStateObj { id, obj }))];
    let (cols, rels) = {
        let orm = cx.sa.orm()?;
        let st = orm.instances.get(id);
        let m = orm.registry.mapper(st.mapper());
        let cols: Vec<String> = (0..m.columns.len()).filter(|&i| !st.dict()[i].is_absent()).map(|i| m.columns[i].clone()).collect();
        let rels: Vec<usize> = (0..m.relationships.len()).filter(|&i| st.rels()[i] != crate::orm::state::RelSlot::Absent).collect();
        (cols, rels)
    };
    for c in cols {
        if let Some(v) = crate::interp::sa::instance::get_instance_attr(cx, id, &c)? {
            items.push((Value::str(&c), v));
        }
    }
    for ri in rels {
        let name = cx.sa.orm()?.registry.mapper(cx.sa.orm()?.instances.get(id).mapper()).relationships[ri].name.clone();
        let v = crate::interp::sa::relationships::get_relationship(cx, id, ri)?;
        items.push((Value::str(&name), v));
    }
    let mut extra: Vec<(String, Value)> = cx.sa.extra_attrs.iter().filter(|((i, _), _)| *i == id).map(|((_, n), v)| (n.clone(), v.clone())).collect();
    extra.sort_by(|a, b| a.0.cmp(&b.0));
    items.extend(extra.into_iter().map(|(n, v)| (Value::str(&n), v)));
    let mut d = indexmap::IndexMap::new();
    for (k, v) in items {
        d.insert(crate::interp::value::HashKey::new(&k)?, v);
    }
    Ok(Value::Dict(Rc::new(std::cell::RefCell::new(d))))
}

fn set_of_strings(mut names: Vec<String>) -> Value {
    names.sort();
    let mut set = indexmap::IndexMap::new();
    for n in names {
        let v = Value::str(&n);
        if let Ok(k) = crate::interp::value::HashKey::new(&v) {
            set.insert(k, ());
        }
    }
    Value::Set(Rc::new(std::cell::RefCell::new(set)))
}

/// `inspect(obj).attrs`: attribute states by name.
pub struct AttrsObj {
    id: InstanceId,
    /// The object's Python value: its arena slot stays while this lives.
    _obj: Value,
}

impl Native for AttrsObj {
    fn type_name(&self) -> String {
        "ReadOnlyProperties".into()
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        let orm = cx.sa.orm()?;
        let m = orm.registry.mapper(orm.instances.get(self.id).mapper());
        if m.column_index(name).is_some() || m.relationship(name).is_some() {
            return Ok(Some(Value::native(AttributeStateObj { id: self.id, name: name.to_string(), _obj: self._obj.clone() })));
        }
        Ok(None)
    }
    fn getitem(self: Rc<Self>, cx: &mut Interp, key: &Value) -> Option<Result<Value>> {
        let name = match key {
            Value::Str(s) => s.to_string(),
            _ => return Some(Err(Error::new(ErrorKind::KeyError, "key"))),
        };
        Some(match self.get_attr(cx, &name) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Err(Error::new(ErrorKind::KeyError, crate::sql::value::str_repr(&name))),
            Err(e) => Err(e),
        })
    }
    fn iter(self: Rc<Self>, cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some((|| {
            let orm = cx.sa.orm()?;
            let m = orm.registry.mapper(orm.instances.get(self.id).mapper());
            let mut names: Vec<String> = m.columns.clone();
            names.extend(m.relationships.iter().map(|r| r.name.clone()));
            Ok(names.into_iter().map(|n| Value::native(AttributeStateObj { id: self.id, name: n, _obj: self._obj.clone() })).collect())
        })())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `inspect(obj).attrs.name`: `.value`, `.loaded_value`, `.history`, `.key`.
pub struct AttributeStateObj {
    id: InstanceId,
    name: String,
    _obj: Value,
}

impl Native for AttributeStateObj {
    fn type_name(&self) -> String {
        "AttributeState".into()
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        match name {
            "key" => Ok(Some(Value::str(&self.name))),
            "state" => Ok(Some(Value::native(InstanceStateObj { id: self.id, obj: self._obj.clone() }))),
            "value" => crate::interp::sa::instance::get_instance_attr(cx, self.id, &self.name),
            "history" => {
                let orm = cx.sa.orm()?;
                let m = orm.registry.mapper(orm.instances.get(self.id).mapper());
                match m.column_index(&self.name) {
                    Some(c) => {
                        let h = orm.column_history(self.id, c);
                        // SQLAlchemy's scalar History uses () for an empty side and a list otherwise
                        let conv = |v: Vec<crate::sql::value::Value>| {
                            if v.is_empty() { Value::tuple(vec![]) } else { Value::list(v.into_iter().map(Interp::from_sql_value).collect()) }
                        };
                        Ok(Some(Value::native(HistoryObj { added: conv(h.added), unchanged: conv(h.unchanged), deleted: conv(h.deleted) })))
                    }
                    None => crate::interp::sa::relationships::relationship_history(cx, self.id, &self.name).map(Some),
                }
            }
            "loaded_value" => {
                let orm = cx.sa.orm()?;
                let st = orm.instances.get(self.id);
                let m = orm.registry.mapper(st.mapper());
                match m.column_index(&self.name).and_then(|c| st.dict()[c].value().cloned()) {
                    Some(v) => Ok(Some(Interp::from_sql_value(v))),
                    None => Ok(Some(Value::native(NoValue))),
                }
            }
            _ => Ok(None),
        }
    }
    /// `load_history()`: the history after loading the attribute when it is not
    /// (`get_history(key, PASSIVE_OFF ^ INIT_OK)`), as an access would.
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, _args: &mut Args) -> Option<Result<Value>> {
        if name != "load_history" {
            return None;
        }
        Some((|| {
            crate::interp::sa::instance::get_instance_attr(cx, self.id, &self.name)?;
            let me = self.clone();
            me.get_attr(cx, "history").map(|v| v.unwrap_or(Value::None))
        })())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `History(added=[...], unchanged=[...], deleted=[...])`, a named tuple.
pub struct HistoryObj {
    pub added: Value,
    pub unchanged: Value,
    pub deleted: Value,
}

impl Native for HistoryObj {
    fn type_name(&self) -> String {
        "History".into()
    }
    fn repr(&self, cx: &mut Interp) -> Result<String> {
        Ok(format!("History(added={}, unchanged={}, deleted={})", cx.repr(&self.added)?, cx.repr(&self.unchanged)?, cx.repr(&self.deleted)?))
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(Some(match name {
            "added" => self.added.clone(),
            "unchanged" => self.unchanged.clone(),
            "deleted" => self.deleted.clone(),
            _ => return Ok(None),
        }))
        .map(|v| {
            let _ = &cx;
            v
        })
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, _args: &mut Args) -> Option<Result<Value>> {
        let nonempty = |cx: &mut Interp, v: &Value| cx.truthy(v);
        match name {
            "has_changes" => Some((|| Ok(Value::Bool(nonempty(cx, &self.added)? || nonempty(cx, &self.deleted)?)))()),
            "empty" => Some((|| {
                Ok(Value::Bool(!(nonempty(cx, &self.added)? || nonempty(cx, &self.deleted)? || nonempty(cx, &self.unchanged)?)))
            })()),
            "sum" => Some((|| {
                let mut all = cx.iterate(&self.added)?;
                all.extend(cx.iterate(&self.unchanged)?);
                all.extend(cx.iterate(&self.deleted)?);
                Ok(Value::list(all))
            })()),
            _ => None,
        }
    }
    fn len(&self, _cx: &mut Interp) -> Option<Result<usize>> {
        Some(Ok(3))
    }
    fn iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some(Ok(vec![self.added.clone(), self.unchanged.clone(), self.deleted.clone()]))
    }
    fn getitem(self: Rc<Self>, _cx: &mut Interp, key: &Value) -> Option<Result<Value>> {
        Some(match key {
            Value::Int(0) => Ok(self.added.clone()),
            Value::Int(1) => Ok(self.unchanged.clone()),
            Value::Int(2) => Ok(self.deleted.clone()),
            _ => Err(Error::new(ErrorKind::IndexError, "tuple index out of range")),
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// SQLAlchemy's `NO_VALUE` symbol.
pub struct NoValue;
impl Native for NoValue {
    fn type_name(&self) -> String {
        "symbol".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok("<LoaderCallableStatus.NO_VALUE: 4>".into())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}


