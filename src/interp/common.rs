//! The small helpers the evaluator's files share: Python's type names and
//! classes of values (`type_name`, `type(v)`, which builtin names are classes,
//! where an exception class lives), the method names each builtin type
//! answers, integer conversions, `is`, a range's length, and the two errors
//! any operation can raise (overflow of ormsh's 64-bit ints, recursion).
//!
//! They were defined in `builtins`, `methods`, `eval`, `ops` and `repr`, which
//! called each other's (builtins ↔ methods, eval ↔ ops ↔ repr). Here they
//! depend on `value` and `natives` only, and every file of `interp` may use
//! them: the dependency runs one way.

use super::natives::NativeType;
use super::value::{Builtin, Value};
use crate::exc::{type_error, Error, ErrorKind, Result};
use std::rc::Rc;

// ----- errors every operation can raise -------------------------------------

/// ormsh has 64-bit ints only: a result that does not fit is this error, never a wrong value.
pub(crate) fn overflow() -> Error {
    Error::new(ErrorKind::OverflowError, "integer overflow (ints are 64-bit in ormsh)")
}

pub(crate) fn recursion_error() -> Error {
    Error::new(ErrorKind::RecursionError, "maximum recursion depth exceeded")
}

// ----- type names and classes ----------------------------------------------

/// Builtin names that are classes (their repr is `<class '…'>`, `type()` of their instances).
const CLASSES: &[&str] = &[
    "int", "float", "str", "bool", "list", "dict", "tuple", "set", "frozenset", "bytes", "range", "slice", "type",
    "object", "NoneType", "Decimal", "date", "datetime", "time", "timedelta", "enumerate", "zip", "reversed",
    "builtin_function_or_method", "module", "ellipsis",
];

pub(crate) fn is_class(name: &str) -> bool {
    CLASSES.contains(&name)
}

/// Where an exception class lives, for `<class 'sqlalchemy.exc.IntegrityError'>`.
pub(crate) fn exc_module(kind: ErrorKind) -> &'static str {
    use ErrorKind::*;
    match kind {
        StaleDataError | FlushError | UnmappedError | UnmappedInstanceError | UnmappedClassError
        | ObjectDereferencedError | DetachedInstanceError | ObjectDeletedError | LoaderStrategyException => {
            "sqlalchemy.orm.exc."
        }
        k if k.is_sqlalchemy() => "sqlalchemy.exc.",
        _ => "",
    }
}

/// The class name Python uses in error messages (`'int'`, `'NoneType'`, `'decimal.Decimal'`).
pub fn type_name(v: &Value) -> String {
    match v {
        Value::None => "NoneType".into(),
        Value::Bool(_) => "bool".into(),
        Value::Int(_) => "int".into(),
        Value::Float(_) => "float".into(),
        Value::Str(_) => "str".into(),
        Value::Bytes(_) => "bytes".into(),
        Value::Decimal(_) => "decimal.Decimal".into(),
        Value::Date(_) => "datetime.date".into(),
        Value::DateTime(_) => "datetime.datetime".into(),
        Value::Time(_) => "datetime.time".into(),
        Value::List(_) => "list".into(),
        Value::Tuple(_) => "tuple".into(),
        Value::Dict(_) => "dict".into(),
        Value::Set(_) => "set".into(),
        Value::Range(..) => "range".into(),
        Value::Slice(_) => "slice".into(),
        Value::Exception(e) => e.kind.name().into(),
        Value::ExcType(_) => "type".into(),
        Value::Builtin(b) if is_class(b.0) => "type".into(),
        Value::Builtin(b) if b.0 == "Ellipsis" => "ellipsis".into(),
        Value::Builtin(_) | Value::Method(_) => "builtin_function_or_method".into(),
        Value::Module(_) => "module".into(),
        Value::Native(n) => n.type_name(),
    }
}

/// `type(v)`.
pub(crate) fn type_of(v: &Value) -> Value {
    let name: &'static str = match v {
        Value::None => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::Bytes(_) => "bytes",
        Value::Decimal(_) => "Decimal",
        Value::Date(_) => "date",
        Value::DateTime(_) => "datetime",
        Value::Time(_) => "time",
        Value::List(_) => "list",
        Value::Tuple(_) => "tuple",
        Value::Dict(_) => "dict",
        Value::Set(_) => "set",
        Value::Range(..) => "range",
        Value::Slice(_) => "slice",
        Value::Exception(e) => return Value::ExcType(e.kind),
        Value::ExcType(_) => "type",
        Value::Builtin(b) if is_class(b.0) => "type",
        Value::Builtin(b) if b.0 == "Ellipsis" => "ellipsis",
        Value::Builtin(_) | Value::Method(_) => "builtin_function_or_method",
        Value::Module(_) => "module",
        Value::Native(n) => return Value::native(NativeType { name: n.type_name() }),
    };
    Value::Builtin(Builtin(name))
}

// ----- the methods of the builtin types ------------------------------------

const STR_METHODS: &[&str] = &[
    "upper", "lower", "strip", "lstrip", "rstrip", "split", "rsplit", "join", "replace", "startswith", "endswith",
    "find", "rfind", "index", "rindex", "count", "format", "title", "capitalize", "isdigit", "isalpha", "isalnum",
    "isspace", "isupper", "islower", "isnumeric", "isdecimal", "zfill", "ljust", "rjust", "center", "splitlines",
    "encode", "casefold", "swapcase", "partition", "rpartition", "removeprefix", "removesuffix",
];
const BYTES_METHODS: &[&str] = &["decode", "hex", "startswith", "endswith", "count", "find", "upper", "lower", "strip"];
const LIST_METHODS: &[&str] =
    &["append", "extend", "insert", "pop", "remove", "clear", "index", "count", "sort", "reverse", "copy"];
const DICT_METHODS: &[&str] =
    &["get", "keys", "values", "items", "pop", "popitem", "setdefault", "update", "copy", "clear"];
const SET_METHODS: &[&str] = &[
    "add", "remove", "discard", "pop", "union", "intersection", "difference", "symmetric_difference", "update",
    "intersection_update", "difference_update", "issubset", "issuperset", "isdisjoint", "copy", "clear",
];
const TUPLE_METHODS: &[&str] = &["index", "count"];
const INT_METHODS: &[&str] = &["bit_length", "conjugate"];
const FLOAT_METHODS: &[&str] = &["is_integer", "conjugate"];
const DECIMAL_METHODS: &[&str] = &["quantize", "normalize", "to_integral_value", "is_zero", "is_signed", "copy_abs"];
const DATE_METHODS: &[&str] =
    &["isoformat", "strftime", "weekday", "isoweekday", "replace", "date", "time", "isocalendar", "timestamp"];

/// The method names a builtin class answers (`str.lower`, `dict.fromkeys`).
pub(crate) fn methods_of_class(class: &str) -> &'static [&'static str] {
    match class {
        "str" => STR_METHODS,
        "bytes" => BYTES_METHODS,
        "list" => LIST_METHODS,
        "dict" => DICT_METHODS,
        "set" | "frozenset" => SET_METHODS,
        "tuple" => TUPLE_METHODS,
        "int" | "bool" => INT_METHODS,
        "float" => FLOAT_METHODS,
        "Decimal" => DECIMAL_METHODS,
        "date" | "datetime" | "time" => DATE_METHODS,
        _ => &[],
    }
}

pub(crate) fn class_has_method(class: &str, name: &str) -> bool {
    methods_of_class(class).contains(&name)
        || matches!(
            (class, name),
            ("date", "today")
                | ("datetime", "now" | "today" | "utcnow")
                | ("date" | "datetime" | "time", "fromisoformat")
                | ("dict", "fromkeys")
        )
}

pub(crate) fn value_methods(v: &Value) -> &'static [&'static str] {
    match v {
        Value::Str(_) => STR_METHODS,
        Value::Bytes(_) => BYTES_METHODS,
        Value::List(_) => LIST_METHODS,
        Value::Dict(_) => DICT_METHODS,
        Value::Set(_) => SET_METHODS,
        Value::Tuple(_) => TUPLE_METHODS,
        Value::Int(_) | Value::Bool(_) => INT_METHODS,
        Value::Float(_) => FLOAT_METHODS,
        Value::Decimal(_) => DECIMAL_METHODS,
        Value::Date(_) | Value::DateTime(_) | Value::Time(_) => DATE_METHODS,
        _ => &[],
    }
}

// ----- values -----------------------------------------------------------------

pub(crate) fn as_int(v: &Value) -> Result<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        _ => Err(type_error(format!("'{}' object cannot be interpreted as an integer", type_name(v)))),
    }
}

pub(crate) fn float_to_int(f: f64) -> Result<i64> {
    if f.is_nan() {
        return Err(Error::new(ErrorKind::ValueError, "cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(Error::new(ErrorKind::OverflowError, "cannot convert float infinity to integer"));
    }
    let t = f.trunc();
    if t >= 9.223372036854775807e18 || t < -9.223372036854775808e18 {
        return Err(overflow());
    }
    Ok(t as i64)
}

/// Number of items in a range value.
pub(crate) fn range_len(v: &Value) -> i64 {
    match v {
        Value::Range(start, stop, step) => {
            let (start, stop, step) = (*start as i128, *stop as i128, *step as i128);
            let n = if step > 0 && start < stop {
                (stop - start + step - 1) / step
            } else if step < 0 && start > stop {
                (start - stop - step - 1) / (-step)
            } else {
                0
            };
            n.min(i64::MAX as i128) as i64
        }
        _ => 0,
    }
}

/// `a is b`: singletons and small values by value, containers and objects by pointer.
pub fn is_same(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (None, None) => true,
        (Bool(x), Bool(y)) => x == y,
        (Int(x), Int(y)) => x == y,
        (Float(x), Float(y)) => x.to_bits() == y.to_bits(),
        (Str(x), Str(y)) => Rc::ptr_eq(x, y) || (x.len() <= 1 && x == y),
        (Bytes(x), Bytes(y)) => Rc::ptr_eq(x, y),
        (List(x), List(y)) => Rc::ptr_eq(x, y),
        (Tuple(x), Tuple(y)) => Rc::ptr_eq(x, y) || (x.is_empty() && y.is_empty()),
        (Dict(x), Dict(y)) => Rc::ptr_eq(x, y),
        (Set(x), Set(y)) => Rc::ptr_eq(x, y),
        (Slice(x), Slice(y)) => Rc::ptr_eq(x, y),
        (Exception(x), Exception(y)) => Rc::ptr_eq(x, y),
        (ExcType(x), ExcType(y)) => x == y,
        (Builtin(x), Builtin(y)) => x == y,
        (Method(x), Method(y)) => Rc::ptr_eq(x, y),
        (Module(x), Module(y)) => Rc::ptr_eq(x, y),
        (Native(x), Native(y)) => std::ptr::addr_eq(Rc::as_ptr(x), Rc::as_ptr(y)),
        _ => false,
    }
}
