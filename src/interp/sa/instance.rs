//! Mapped classes and their instances as Python objects: `User(name="ed")`,
//! `u.name`, `u.name = "x"`, the repr `User(id=1, name='ed')`, and class
//! attributes (`User.name`) that build SQL expressions.
//!
//! Attribute reads and writes go to the ORM (`orm::attributes`), which loads
//! expired columns and records history; this module only converts values.

use crate::exc::{attribute_error, type_error, Error, ErrorKind, Result};
use crate::interp::sa::expr::ColumnAttr;
use crate::interp::sa::relationships;
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::orm::attributes::AttrRead;
use crate::orm::mapping::MapperId;
use crate::orm::state::{InstanceId, Slot};
use std::any::Any;
use std::rc::Rc;

/// A mapped class (`User`): callable to construct, with column attributes.
pub struct ClassObj {
    pub mapper: MapperId,
    pub name: String,
}

impl Native for ClassObj {
    fn type_name(&self) -> String {
        "DeclarativeMeta".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("<class '__main__.{}'>", self.name))
    }
    fn no_attribute(&self, name: &str) -> String {
        format!("type object '{}' has no attribute '{}'", self.name, name)
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        let orm = cx.sa.orm()?;
        let m = orm.registry.mapper(self.mapper);
        if let Some(i) = m.column_index(name) {
            return Ok(Some(Value::native(ColumnAttr::new(cx, self.mapper, i))));
        }
        if let Some((ri, _)) = m.relationship(name) {
            return Ok(Some(relationships::relationship_attr(cx, self.mapper, ri)));
        }
        match name {
            "__name__" => Ok(Some(Value::str(&self.name))),
            "__tablename__" => {
                let t = orm.registry.metadata.table(m.table).name.clone();
                Ok(Some(Value::str(&t)))
            }
            "__table__" => Ok(Some(Value::native(crate::interp::sa::expr::TableObj::new(cx, m.table, None)))),
            _ => Ok(None),
        }
    }
    fn call(self: Rc<Self>, cx: &mut Interp, args: &mut Args) -> Option<Result<Value>> {
        Some(construct(cx, self.mapper, &self.name, args))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `User(**kwargs)`: a transient instance with the keyword attributes set
/// (SQLAlchemy's default declarative constructor).
fn construct(cx: &mut Interp, mapper: MapperId, class: &str, args: &mut Args) -> Result<Value> {
    if !args.positional.is_empty() {
        return Err(type_error(format!(
            "{}.__init__() takes 1 positional argument but {} were given",
            "_declarative_constructor",
            args.positional.len() + 1
        )));
    }
    let id = cx.sa.orm_mut()?.new_instance(mapper);
    let v = cx.sa.instance_value(id);
    let kws = std::mem::take(&mut args.keywords);
    for (k, val) in kws {
        let orm = cx.sa.orm()?;
        let m = orm.registry.mapper(mapper);
        // a column is looked up once and set directly (the common case of a constructor)
        if let Some(c) = m.column_index(&k) {
            set_column_attr(cx, id, c, val)?;
            continue;
        }
        if m.relationship(&k).is_none() {
            return Err(type_error(format!("'{}' is an invalid keyword argument for {}", k, class)));
        }
        set_instance_attr(cx, id, &k, val)?;
    }
    Ok(v)
}

/// A mapped instance as a Python object. Identity: one `InstanceObj` per
/// `InstanceId` while any Python value holds it (see `SaState::instance_value`).
pub struct InstanceObj {
    pub id: InstanceId,
    pub mapper: MapperId,
    pub class: Rc<str>,
}

impl Native for InstanceObj {
    fn type_name(&self) -> String {
        self.class.to_string()
    }
    fn repr(&self, cx: &mut Interp) -> Result<String> {
        instance_repr(cx, self.id)
    }
    fn get_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        get_instance_attr(cx, self.id, name)
    }
    fn set_attr(self: Rc<Self>, cx: &mut Interp, name: &str, value: Value) -> Result<bool> {
        set_instance_attr(cx, self.id, name, value)?;
        Ok(true)
    }
    fn del_attr(self: Rc<Self>, cx: &mut Interp, name: &str) -> Result<bool> {
        let orm = cx.sa.orm_mut()?;
        let m = orm.instances.get(self.id).mapper();
        if let Some(i) = orm.registry.mapper(m).column_index(name) {
            orm.del_column(self.id, i)?;
            return Ok(true);
        }
        match orm.registry.mapper(m).relationship(name).map(|(i, _)| i) {
            Some(ri) => {
                orm.del_relationship(self.id, ri)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }
    fn is_instance_of(&self, class: &dyn Native) -> bool {
        match class.as_any().downcast_ref::<ClassObj>() {
            Some(c) => c.mapper == self.mapper,
            None => false,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `User(id=1, name='ed')`: class name and loaded column attributes in schema order.
pub fn instance_repr(cx: &mut Interp, id: InstanceId) -> Result<String> {
    let orm = cx.sa.orm()?;
    let st = orm.instances.get(id);
    let m = orm.registry.mapper(st.mapper());
    let mut parts = Vec::new();
    for (i, c) in m.columns.iter().enumerate() {
        match &st.dict()[i] {
            Slot::Val(v) => parts.push(format!("{}={}", c, v.py_repr())),
            Slot::Sql(_) => parts.push(format!("{}=<BinaryExpression>", c)),
            Slot::Absent => {}
        }
    }
    Ok(format!("{}({})", m.class_name, parts.join(", ")))
}

/// `obj.name`.
pub fn get_instance_attr(cx: &mut Interp, id: InstanceId, name: &str) -> Result<Option<Value>> {
    let (mapper, col, rel) = {
        let orm = cx.sa.orm()?;
        let mapper = orm.instances.get(id).mapper();
        let m = orm.registry.mapper(mapper);
        (mapper, m.column_index(name), m.relationship(name).map(|(i, _)| i))
    };
    if let Some(c) = col {
        let r = cx.sa.orm_mut()?.get_column(id, c)?;
        return Ok(Some(match r {
            AttrRead::Value(v) => Interp::from_sql_value(v),
            AttrRead::Sql(e) => Value::native(crate::interp::sa::expr::ExprObj::new(e)),
        }));
    }
    if let Some(ri) = rel {
        return relationships::get_relationship(cx, id, ri).map(Some);
    }
    if let Some(v) = cx.sa.extra_attrs.get(&(id, name.to_string())) {
        return Ok(Some(v.clone()));
    }
    match name {
        "__dict__" => crate::interp::sa::inspect::instance_dict(cx, id).map(Some),
        "__class__" => {
            let orm = cx.sa.orm()?;
            let cname = orm.registry.mapper(mapper).class_name.clone();
            Ok(cx.get_global(&cname))
        }
        "__tablename__" => {
            let orm = cx.sa.orm()?;
            let t = orm.registry.metadata.table(orm.registry.mapper(mapper).table).name.clone();
            Ok(Some(Value::str(&t)))
        }
        _ => {
            let orm = cx.sa.orm()?;
            Err(attribute_error(format!("'{}' object has no attribute '{}'", orm.registry.mapper(mapper).class_name, name)))
        }
    }
}

/// `obj.<column c> = value`: a SQL expression is kept as one, anything else
/// must be a database value.
fn set_column_attr(cx: &mut Interp, id: InstanceId, c: usize, value: Value) -> Result<()> {
    // scalars first: only a native object can be a SQL expression
    let slot = match (&value, Interp::to_sql_value(&value)) {
        (Value::Native(_), _) | (_, None) => match crate::interp::sa::expr::as_sql_expr(cx, &value) {
            Some(e) => Slot::Sql(e),
            None => match Interp::to_sql_value(&value) {
                Some(v) => Slot::Val(v),
                None => {
                    return Err(Error::new(
                        ErrorKind::TypeError,
                        format!("ormsh cannot store a value of type '{}' in a column attribute", crate::interp::common::type_name(&value)),
                    ))
                }
            },
        },
        (_, Some(v)) => Slot::Val(v),
    };
    cx.sa.orm_mut()?.set_column(id, c, slot)
}

/// `obj.name = value`.
pub fn set_instance_attr(cx: &mut Interp, id: InstanceId, name: &str, value: Value) -> Result<()> {
    let (col, rel) = {
        let orm = cx.sa.orm()?;
        let m = orm.registry.mapper(orm.instances.get(id).mapper());
        (m.column_index(name), m.relationship(name).map(|(i, _)| i))
    };
    if let Some(c) = col {
        return set_column_attr(cx, id, c, value);
    }
    if let Some(ri) = rel {
        return relationships::set_relationship(cx, id, ri, value);
    }
    cx.sa.extra_attrs.insert((id, name.to_string()), value);
    Ok(())
}
