//! Small helpers shared by the SQLAlchemy surface to read call arguments the
//! way SQLAlchemy's signatures take them, with Python's TypeError texts.

use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::interp::sa::instance::{ClassObj, InstanceObj};
use crate::interp::value::{Args, Value};
use crate::interp::Interp;
use crate::orm::mapping::MapperId;
use crate::orm::state::InstanceId;

/// The instance behind a mapped object, or UnmappedInstanceError as SQLAlchemy says it.
pub fn instance_id(v: &Value) -> Result<InstanceId> {
    match v.downcast::<InstanceObj>() {
        Some(i) => Ok(i.id),
        None => Err(Error::new(
            ErrorKind::UnmappedInstanceError,
            format!("Class '{}' is not mapped", qualified_type(v)),
        )),
    }
}

/// The instance behind `v` as `attributes.instance_state(v)` finds it: SQLAlchemy's
/// `make_transient` / `make_transient_to_detached` read `v._sa_instance_state`
/// unguarded, so an unmapped value is Python's AttributeError there, not
/// UnmappedInstanceError as in the Session's methods.
pub fn instance_state_id(v: &Value) -> Result<InstanceId> {
    match v.downcast::<InstanceObj>() {
        Some(i) => Ok(i.id),
        None => Err(Error::new(
            ErrorKind::AttributeError,
            format!("'{}' object has no attribute '_sa_instance_state'", crate::interp::common::type_name(v)),
        )),
    }
}

/// `builtins.int`, as SQLAlchemy names an unmapped class.
pub fn qualified_type(v: &Value) -> String {
    let t = crate::interp::common::type_name(v);
    match v {
        Value::Native(n) if n.as_any().downcast_ref::<crate::interp::natives::PlainObject>().is_none() => t,
        _ => format!("builtins.{}", t),
    }
}

/// The mapper of a mapped class argument (`session.get(User, 1)`).
pub fn mapper_arg(v: &Value) -> Result<MapperId> {
    match v.downcast::<ClassObj>() {
        Some(c) => Ok(c.mapper),
        None => Err(Error::new(
            ErrorKind::ArgumentError,
            format!("Expected mapped class or mapper, got: {}", short_repr(v)),
        )),
    }
}

/// `bind_arguments={"mapper": User}` of `Session.execute()` / `connection()`:
/// the mapper `get_bind()` resolves the bind from. Other keys are refused.
pub fn bind_arguments_mapper(v: Option<Value>, func: &str) -> Result<Option<MapperId>> {
    let d = match v {
        None | Some(Value::None) => return Ok(None),
        Some(Value::Dict(d)) => d,
        Some(other) => return Err(crate::exc::type_error(format!("bind_arguments must be a dict, not {}", crate::interp::common::type_name(&other)))),
    };
    let mut mapper = None;
    for (k, v) in d.borrow().iter() {
        match &k.0 {
            Value::Str(s) if &**s == "mapper" => mapper = Some(mapper_arg(v)?),
            other => {
                return Err(Error::new(
                    ErrorKind::NotImplementedError,
                    format!("ormsh does not implement the bind_arguments key {} of {}() (only 'mapper')", short_repr(other), func),
                ))
            }
        }
    }
    Ok(mapper)
}

fn short_repr(v: &Value) -> String {
    match v {
        Value::Str(s) => crate::sql::value::str_repr(s),
        Value::Int(i) => i.to_string(),
        _ => format!("<{}>", crate::interp::common::type_name(v)),
    }
}

/// Positional-or-keyword argument `i`/`name`, removed from `args`.
pub fn arg(args: &mut Args, i: usize, name: &str) -> Option<Value> {
    if let Some(v) = args.take_kw(name) {
        return Some(v);
    }
    if i < args.positional.len() {
        Some(std::mem::replace(&mut args.positional[i], Value::None))
    } else {
        None
    }
}

/// Like `arg` but required: TypeError naming the method and the parameter.
pub fn required(args: &mut Args, i: usize, name: &str, func: &str) -> Result<Value> {
    arg(args, i, name).ok_or_else(|| type_error(format!("{}() missing 1 required positional argument: '{}'", func, name)))
}

/// Refuse positional arguments beyond `max` and unknown keywords.
pub fn check_no_extra(args: &Args, max: usize, func: &str) -> Result<()> {
    if args.positional.len() > max {
        return Err(type_error(format!(
            "{}() takes {} positional argument{} but {} were given",
            func,
            max + 1,
            if max == 0 { "" } else { "s" },
            args.positional.len() + 1
        )));
    }
    if let Some((k, _)) = args.keywords.first() {
        return Err(type_error(format!("{}() got an unexpected keyword argument '{}'", func, k)));
    }
    Ok(())
}

/// True for a keyword value that asks for nothing: None, False, an empty
/// dict / list / tuple / string.
pub fn is_default_value(v: &Value) -> bool {
    match v {
        Value::None | Value::Bool(false) => true,
        Value::Dict(d) => d.borrow().is_empty(),
        Value::List(l) => l.borrow().is_empty(),
        Value::Tuple(t) => t.is_empty(),
        Value::Str(s) => s.is_empty(),
        _ => false,
    }
}

/// A keyword SQLAlchemy takes that ormsh does not implement: removed from
/// `args`; with a value that asks for something, NotImplementedError naming it
/// (never accepted and ignored).
pub fn unsupported_kw(args: &mut Args, name: &str, func: &str) -> Result<()> {
    match args.take_kw(name) {
        Some(v) if !is_default_value(&v) => Err(Error::new(
            ErrorKind::NotImplementedError,
            format!("ormsh does not implement the {}={} keyword of {}()", name, crate::interp::common::type_name(&v), func),
        )),
        _ => Ok(()),
    }
}

/// Python truthiness of an optional flag argument.
pub fn flag(cx: &mut Interp, v: Option<Value>, default: bool) -> Result<bool> {
    match v {
        None => Ok(default),
        Some(v) => cx.truthy(&v),
    }
}

/// A list of attribute names (`["name", "fullname"]`).
pub fn name_list(cx: &mut Interp, v: Option<Value>) -> Result<Option<Vec<String>>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let items = cx.iterate(&v)?;
            let mut out = Vec::new();
            for i in items {
                match i {
                    Value::Str(s) => out.push(s.to_string()),
                    other => return Err(type_error(format!("attribute names must be strings, not {}", crate::interp::common::type_name(&other)))),
                }
            }
            Ok(Some(out))
        }
    }
}

/// A float argument (seconds).
pub fn float_arg(v: &Value, what: &str) -> Result<f64> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        Value::Bool(b) => Ok(*b as i64 as f64),
        _ => Err(type_error(format!("{} must be a number", what))),
    }
}
