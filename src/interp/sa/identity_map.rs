//! `Session.identity_map` (SQLAlchemy's `WeakInstanceDict`: `len`, `in`,
//! `[key]`, `get`, `keys`/`values`/`items`) and `Session.identity_key()`,
//! the classmethod `Session`, `sessionmaker` sessions and `scoped_session` share.

use crate::exc::{Error, ErrorKind, Result};
use crate::interp::sa::args::{self, arg, instance_id, mapper_arg};
use crate::interp::sa::query;
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::orm::state::SessionId;
use std::any::Any;
use std::rc::Rc;

/// `Session.identity_key(class_=None, ident=None, *, instance=None, row=None, identity_token=None)`.
pub fn identity_key(cx: &mut Interp, args: &mut Args) -> Result<Value> {
            args::unsupported_kw(args, "row", "identity_key")?;
            args::unsupported_kw(args, "identity_token", "identity_key")?;
            let instance = args.take_kw("instance").filter(|v| !v.is_none());
            let class = arg(args, 0, "class_").filter(|v| !v.is_none());
            let ident = arg(args, 1, "ident").filter(|v| !v.is_none());
            let (mapper, pk) = match (instance, class, ident) {
                (Some(obj), _, _) => {
                    let id = instance_id(&obj)?;
                    let o = cx.sa.orm_mut()?;
                    let mapper = o.instances.get(id).mapper();
                    let mut pk = Vec::new();
                    for c in o.pk_columns(mapper) {
                        pk.push(match o.get_column(id, c)? {
                            crate::orm::attributes::AttrRead::Value(v) => v,
                            crate::orm::attributes::AttrRead::Sql(_) => crate::sql::value::Value::Null,
                        });
                    }
                    (mapper, pk)
                }
                (None, Some(c), Some(ident)) => {
                    let mapper = mapper_arg(&c)?;
                    (mapper, query::pk_identity(cx, mapper, &ident)?)
                }
                _ => return Err(Error::new(ErrorKind::ArgumentError, "class or instance is required")),
            };
            let key = cx.sa.orm()?.identity_key(mapper, pk);
            crate::interp::sa::inspect::key_value(cx, &key)
}

/// `session.identity_map`: len, `key in`, `keys()`, `values()`, `[key]`.
pub struct IdentityMapObj {
    pub sid: SessionId,
}

impl Native for IdentityMapObj {
    fn type_name(&self) -> String {
        "WeakInstanceDict".into()
    }
    fn len(&self, cx: &mut Interp) -> Option<Result<usize>> {
        Some(cx.sa.orm().map(|o| o.session(self.sid).identity_map.len()))
    }
    fn contains(self: Rc<Self>, cx: &mut Interp, item: &Value) -> Option<Result<bool>> {
        Some((|| {
            let key = match crate::interp::sa::inspect::key_from_value(cx, item)? {
                Some(k) => k,
                None => return Ok(false),
            };
            Ok(cx.sa.orm()?.session(self.sid).identity_map.contains_key(&key))
        })())
    }
    fn getitem(self: Rc<Self>, cx: &mut Interp, key: &Value) -> Option<Result<Value>> {
        Some((|| {
            let k = crate::interp::sa::inspect::key_from_value(cx, key)?;
            let id = k.and_then(|k| cx.sa.orm().ok().and_then(|o| o.session(self.sid).identity_map.get(&k)));
            match id {
                Some(id) => Ok(cx.sa.instance_value(id)),
                None => Err(Error::new(ErrorKind::KeyError, cx.repr(key)?)),
            }
        })())
    }
    fn iter(self: Rc<Self>, cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some((|| {
            let all = cx.sa.orm()?.session(self.sid).identity_map.all();
            let mut out = Vec::new();
            for (k, _) in all {
                out.push(crate::interp::sa::inspect::key_value(cx, &k)?);
            }
            Ok(out)
        })())
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        if name == "get" {
            // `identity_map.get(key, default=None)`: `WeakInstanceDict.get`
            return Some((|| {
                let key = args::required(args, 0, "key", "get")?;
                let default = args::arg(args, 1, "default").unwrap_or(Value::None);
                let k = crate::interp::sa::inspect::key_from_value(cx, &key)?;
                let id = k.and_then(|k| cx.sa.orm().ok().and_then(|o| o.session(self.sid).identity_map.get(&k)));
                Ok(id.map(|id| cx.sa.instance_value(id)).unwrap_or(default))
            })());
        }
        let r = (|| {
            let all = cx.sa.orm()?.session(self.sid).identity_map.all();
            let mut out = Vec::new();
            for (k, id) in all {
                out.push(match name {
                    "keys" => crate::interp::sa::inspect::key_value(cx, &k)?,
                    "values" | "all_states" => cx.sa.instance_value(id),
                    _ => {
                        let kv = crate::interp::sa::inspect::key_value(cx, &k)?;
                        Value::tuple(vec![kv, cx.sa.instance_value(id)])
                    }
                });
            }
            Ok(Value::list(out))
        })();
        match name {
            "keys" | "values" | "items" => Some(r),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
