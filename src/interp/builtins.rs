//! Python's builtin functions and types as callables (`len`, `print`, `int`,
//! `sorted`, `isinstance` …), exception classes as constructors, and the
//! `Decimal`/`date`/`datetime`/`time` constructors the `decimal` and `datetime`
//! modules export. `install` binds the builtin names; `Interp::call` dispatches.

use super::common::{as_int, class_has_method, float_to_int, is_class, overflow, range_len, type_name, type_of};
use super::natives::IterObj;
use super::value::{Args, Builtin, Dict, HashKey, Value};
use super::Interp;
use crate::events::Event;
use crate::exc::{type_error, Error, ErrorKind, ExitCode, Result};
use crate::syntax::ast::CmpOp;
use chrono::{NaiveDate, NaiveTime};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::rc::Rc;

const FUNCTIONS: &[&str] = &[
    "print", "len", "range", "str", "int", "float", "bool", "repr", "list", "dict", "tuple", "set", "frozenset",
    "sorted", "sum", "min", "max", "abs", "isinstance", "issubclass", "enumerate", "zip", "type", "hasattr",
    "getattr", "setattr", "delattr", "vars", "any", "all", "reversed", "round", "divmod", "id", "hash", "iter", "next",
    "chr", "ord", "format", "callable", "bytes", "slice", "object", "pow", "hex", "bin", "oct", "map", "filter", "help", "dir",
];

/// A builtin's implementation: the interpreter, the name it was called by, its arguments.
type BuiltinFn = fn(&mut Interp, &'static str, Args) -> Result<Value>;

/// Every builtin callable by name, as `shell/dot.rs` tables its commands: the
/// functions of [`FUNCTIONS`] and the `decimal`/`datetime` constructors. Their
/// bodies are in `builtin_functions.rs`.
static BUILTINS: &[(&str, BuiltinFn)] = &[
    ("print", Interp::builtin_print),
    ("len", Interp::builtin_len),
    ("repr", Interp::builtin_repr),
    ("str", Interp::builtin_str),
    ("range", Interp::builtin_range),
    ("int", |it, _, args| it.builtin_int(args)),
    ("float", Interp::builtin_float),
    ("bool", Interp::builtin_bool),
    ("list", Interp::builtin_collection),
    ("tuple", Interp::builtin_collection),
    ("set", Interp::builtin_collection),
    ("frozenset", Interp::builtin_collection),
    ("dict", Interp::builtin_dict),
    ("sorted", Interp::builtin_sorted),
    ("sum", Interp::builtin_sum),
    ("min", |it, name, args| it.builtin_min_max(name, args)),
    ("max", |it, name, args| it.builtin_min_max(name, args)),
    ("abs", Interp::builtin_abs),
    ("isinstance", Interp::builtin_isinstance),
    ("issubclass", Interp::builtin_issubclass),
    ("enumerate", Interp::builtin_enumerate),
    ("zip", Interp::builtin_zip),
    ("map", Interp::builtin_map_filter),
    ("filter", Interp::builtin_map_filter),
    ("reversed", Interp::builtin_reversed),
    ("iter", Interp::builtin_iter),
    ("next", Interp::builtin_next),
    ("type", Interp::builtin_type),
    ("hasattr", Interp::builtin_hasattr),
    ("getattr", Interp::builtin_getattr),
    ("vars", Interp::builtin_vars),
    ("setattr", Interp::builtin_setattr),
    ("delattr", Interp::builtin_delattr),
    ("any", Interp::builtin_any_all),
    ("all", Interp::builtin_any_all),
    ("round", |it, _, args| it.builtin_round(args)),
    ("divmod", Interp::builtin_divmod),
    ("pow", Interp::builtin_pow),
    ("id", Interp::builtin_id),
    ("hash", Interp::builtin_hash),
    ("chr", Interp::builtin_chr),
    ("ord", Interp::builtin_ord),
    ("hex", Interp::builtin_hex_bin_oct),
    ("bin", Interp::builtin_hex_bin_oct),
    ("oct", Interp::builtin_hex_bin_oct),
    ("format", Interp::builtin_format),
    ("help", Interp::builtin_help_dir),
    ("dir", Interp::builtin_help_dir),
    // `sys.exit` (the `sys` module of `imports.rs`; `exit`/`quit` are `natives::Quitter`)
    ("exit", |it, _, args| it.system_exit(args)),
    ("callable", Interp::builtin_callable),
    ("bytes", Interp::builtin_bytes),
    ("slice", Interp::builtin_slice),
    ("object", Interp::builtin_object),
    ("Decimal", Interp::builtin_decimal),
    ("date", Interp::builtin_date),
    ("datetime", Interp::builtin_datetime),
    ("time", Interp::builtin_time),
    ("timedelta", |_, _, mut args| super::timedelta::construct(&mut args)),
];

#[path = "builtin_functions.rs"]
mod functions;

/// Bind the builtin names (functions, types, Python exception classes).
pub(crate) fn install(it: &mut Interp) {
    for name in FUNCTIONS {
        it.builtins.insert(Rc::from(*name), Value::Builtin(Builtin(name)));
    }
    for (kind, name) in ErrorKind::all() {
        if !kind.is_sqlalchemy() {
            it.builtins.insert(Rc::from(name), Value::ExcType(kind));
        }
    }
    it.builtins.insert(Rc::from("Ellipsis"), Value::Builtin(Builtin("Ellipsis")));
    for name in ["exit", "quit"] {
        it.builtins.insert(Rc::from(name), Value::native(super::natives::Quitter { name }));
    }
}

pub(crate) fn arg_count_error(name: &str, args: &Args) -> Error {
    type_error(format!("{}() takes exactly one argument ({} given)", name, args.positional.len()))
}

fn no_keywords(name: &str, args: &Args) -> Result<()> {
    if args.keywords.is_empty() {
        Ok(())
    } else {
        Err(type_error(format!("{}() takes no keyword arguments", name)))
    }
}

fn one_arg(name: &str, args: &Args) -> Result<Value> {
    no_keywords(name, args)?;
    match args.positional.as_slice() {
        [v] => Ok(v.clone()),
        _ => Err(arg_count_error(name, args)),
    }
}

/// Arguments `min..=max` positional, no keywords.
fn positional<'a>(name: &str, args: &'a Args, min: usize, max: usize) -> Result<&'a [Value]> {
    no_keywords(name, args)?;
    let n = args.positional.len();
    if n < min {
        return Err(type_error(format!(
            "{} expected at least {} argument{}, got {}",
            name,
            min,
            if min == 1 { "" } else { "s" },
            n
        )));
    }
    if n > max {
        return Err(type_error(format!(
            "{} expected at most {} argument{}, got {}",
            name,
            max,
            if max == 1 { "" } else { "s" },
            n
        )));
    }
    Ok(&args.positional)
}

/// After a native call or method succeeded: a keyword argument it did not
/// read is an error, never dropped in silence. Every native reads the keywords
/// it supports with `Args::take_kw` (or drains them); what is left was not
/// understood, and Python says so with this TypeError.
pub(crate) fn unread_keywords(r: Result<Value>, args: &Args, func: impl FnOnce() -> String) -> Result<Value> {
    match (r, args.keywords.first()) {
        (Ok(_), Some((k, _))) => Err(type_error(format!("{}() got an unexpected keyword argument '{}'", func(), k))),
        (r, _) => r,
    }
}

fn leftover_keyword(name: &str, args: &Args) -> Result<()> {
    match args.keywords.first() {
        Some((k, _)) => Err(type_error(format!("{}() got an unexpected keyword argument '{}'", name, k))),
        None => Ok(()),
    }
}

/// `isinstance(v, class)` for one class (not a tuple).
fn instance_of(v: &Value, class: &Value) -> Result<bool> {
    Ok(match class {
        Value::ExcType(k) => matches!(v, Value::Exception(e) if e.kind.is_a(*k)),
        Value::Builtin(b) if is_class(b.0) => match b.0 {
            "int" => matches!(v, Value::Int(_) | Value::Bool(_)),
            "date" => matches!(v, Value::Date(_) | Value::DateTime(_)),
            "timedelta" => v.downcast::<super::timedelta::Timedelta>().is_some(),
            "object" => true,
            "type" => matches!(v, Value::ExcType(_)) || matches!(v, Value::Builtin(c) if is_class(c.0)),
            name => match type_of(v) {
                Value::Builtin(t) => t.0 == name,
                _ => false,
            },
        },
        Value::Native(c) => match v {
            Value::Native(n) => n.is_instance_of(&**c),
            _ => false,
        },
        _ => return Err(type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")),
    })
}

/// Parse `int(s, base)` text as Python does (whitespace, sign, underscores,
/// prefixes): `Err(())` for invalid text, `Ok(None)` for a number past 64 bits.
fn parse_int(text: &str, base: u32) -> std::result::Result<Option<i64>, ()> {
    let t = text.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = body.to_ascii_lowercase();
    let (base, digits) = match (base, lower.get(..2)) {
        (16 | 0, Some("0x")) => (16, &lower[2..]),
        (8 | 0, Some("0o")) => (8, &lower[2..]),
        (2 | 0, Some("0b")) => (2, &lower[2..]),
        (0, _) => (10, lower.as_str()),
        (b, _) => (b, lower.as_str()),
    };
    let digits = digits.strip_prefix('_').filter(|_| base != 10 && body.len() > 2).unwrap_or(digits);
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return Err(());
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(base)) {
        return Err(());
    }
    match i128::from_str_radix(&clean, base) {
        Ok(n) => Ok(i64::try_from(if neg { -n } else { n }).ok()),
        Err(_) => Ok(None),
    }
}

pub(crate) fn parse_float(text: &str) -> Option<f64> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let body = lower.trim_start_matches(['-', '+']);
    if matches!(body, "inf" | "infinity" | "nan") {
        let neg = lower.starts_with('-');
        let v = if body == "nan" { f64::NAN } else { f64::INFINITY };
        return Some(if neg { -v } else { v });
    }
    if t.contains("__") || t.starts_with('_') || t.ends_with('_') {
        return None;
    }
    let clean: String = t.chars().filter(|c| *c != '_').collect();
    if clean.is_empty() || !clean.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')) {
        return None;
    }
    clean.parse::<f64>().ok()
}

fn decimal_from(v: &Value) -> Result<Decimal> {
    match v {
        Value::Decimal(d) => Ok(*d),
        Value::Int(i) => Ok(Decimal::from(*i)),
        Value::Bool(b) => Ok(Decimal::from(*b as i64)),
        Value::Float(f) => Decimal::from_f64_retain(*f)
            .or_else(|| Decimal::from_f64(*f))
            .ok_or_else(|| Error::new(ErrorKind::ValueError, "cannot convert float to Decimal")),
        Value::Str(s) => {
            let t = s.trim().replace('_', "");
            t.parse::<Decimal>()
                .or_else(|_| Decimal::from_scientific(&t))
                .map_err(|_| Error::new(ErrorKind::ValueError, "[<class 'decimal.ConversionSyntax'>]"))
        }
        _ => Err(type_error(format!("conversion from {} to Decimal is not supported", type_name(v)))),
    }
}

fn date_arg(args: &Args, i: usize, name: &str, default: Option<i64>) -> Result<i64> {
    match args.positional.get(i) {
        Some(v) => as_int(v),
        None => match args.keywords.iter().find(|(k, _)| &**k == name) {
            Some((_, v)) => as_int(v),
            None => default.ok_or_else(|| {
                type_error(format!("function missing required argument '{}' (pos {})", name, i + 1))
            }),
        },
    }
}

fn make_date(y: i64, m: i64, d: i64) -> Result<NaiveDate> {
    if !(1..=9999).contains(&y) {
        return Err(Error::new(ErrorKind::ValueError, format!("year {} is out of range", y)));
    }
    if !(1..=12).contains(&m) {
        return Err(Error::new(ErrorKind::ValueError, "month must be in 1..12"));
    }
    NaiveDate::from_ymd_opt(y as i32, m as u32, d.clamp(0, 99) as u32)
        .ok_or_else(|| Error::new(ErrorKind::ValueError, "day is out of range for month"))
}

fn make_time(h: i64, mi: i64, s: i64, us: i64) -> Result<NaiveTime> {
    let check = |v: i64, hi: i64, what: &str| {
        if (0..=hi).contains(&v) {
            Ok(v as u32)
        } else {
            Err(Error::new(ErrorKind::ValueError, format!("{} must be in 0..{}", what, hi)))
        }
    };
    let (h, mi, s, us) = (check(h, 23, "hour")?, check(mi, 59, "minute")?, check(s, 59, "second")?, check(us, 999_999, "microsecond")?);
    NaiveTime::from_hms_micro_opt(h, mi, s, us).ok_or_else(|| Error::new(ErrorKind::ValueError, "invalid time"))
}

impl Interp {
    /// Call any callable value.
    pub fn call(&mut self, f: &Value, mut args: Args) -> Result<Value> {
        self.check_interrupt()?;
        match f {
            Value::Builtin(b) => self.call_builtin(b.0, args),
            Value::ExcType(k) => self.make_exception(*k, args),
            Value::Method(m) => {
                let (recv, name) = (&m.0, &m.1);
                match recv {
                    Value::Native(n) => match n.clone().call_method(self, name, &mut args) {
                        Some(r) => unread_keywords(r, &args, || format!("{}.{}", n.type_name(), name)),
                        None => Err(crate::exc::attribute_error(format!(
                            "'{}' object has no attribute '{}'",
                            n.type_name(),
                            name
                        ))),
                    },
                    Value::Builtin(b) if is_class(b.0) => self.call_class_method(b.0, name, args),
                    _ => match self.call_builtin_method(recv, name, args) {
                        Some(r) => r,
                        None => Err(crate::exc::attribute_error(format!(
                            "'{}' object has no attribute '{}'",
                            type_name(recv),
                            name
                        ))),
                    },
                }
            }
            Value::Native(n) => match n.clone().call(self, &mut args) {
                Some(r) => unread_keywords(r, &args, || n.type_name()),
                None => Err(type_error(format!("'{}' object is not callable", n.type_name()))),
            },
            other => Err(type_error(format!("'{}' object is not callable", type_name(other)))),
        }
    }

    /// `recv.name(args)`: natives via `call_method` (then attribute + call),
    /// builtin values via their method tables.
    pub fn call_method(&mut self, recv: &Value, name: &str, mut args: Args) -> Result<Value> {
        match recv {
            Value::Native(n) => {
                if let Some(r) = n.clone().call_method(self, name, &mut args) {
                    return unread_keywords(r, &args, || format!("{}.{}", n.type_name(), name));
                }
            }
            Value::Module(_) | Value::Exception(_) | Value::ExcType(_) => {}
            Value::Builtin(b) if is_class(b.0) => {
                if class_has_method(b.0, name) {
                    return self.call_class_method(b.0, name, args);
                }
            }
            _ => {
                if let Some(r) = self.call_builtin_method(recv, name, args.clone()) {
                    return r;
                }
            }
        }
        let f = self.get_attr(recv, name)?;
        self.call(&f, args)
    }

    /// `str.lower(x)`, `dict.fromkeys(…)`, `date.today()`: a method looked up on a builtin class.
    fn call_class_method(&mut self, class: &str, name: &str, mut args: Args) -> Result<Value> {
        if let Some(r) = self.class_constructor_method(class, name, &mut args) {
            return r;
        }
        if args.positional.is_empty() {
            return Err(type_error(format!("unbound method {}.{}() needs an argument", class, name)));
        }
        let recv = args.positional.remove(0);
        match self.call_builtin_method(&recv, name, args) {
            Some(r) => r,
            None => Err(crate::exc::attribute_error(format!("type object '{}' has no attribute '{}'", class, name))),
        }
    }

    fn class_constructor_method(&mut self, class: &str, name: &str, args: &mut Args) -> Option<Result<Value>> {
        let now = chrono::Local::now().naive_local();
        Some(match (class, name) {
            ("date", "today") => Ok(Value::Date(now.date())),
            ("datetime", "now") | ("datetime", "today") => Ok(Value::DateTime(now)),
            ("datetime", "utcnow") => Ok(Value::DateTime(chrono::Utc::now().naive_utc())),
            ("date" | "datetime" | "time", "fromisoformat") => {
                let text = match args.positional.first() {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => return Some(Err(type_error("fromisoformat: argument must be str"))),
                };
                let bad = || Error::new(ErrorKind::ValueError, format!("Invalid isoformat string: {}", crate::sql::value::str_repr(&text)));
                match class {
                    "date" => NaiveDate::parse_from_str(&text, "%Y-%m-%d").map(Value::Date).map_err(|_| bad()),
                    "time" => NaiveTime::parse_from_str(&text, "%H:%M:%S%.f")
                        .or_else(|_| NaiveTime::parse_from_str(&text, "%H:%M"))
                        .map(Value::Time)
                        .map_err(|_| bad()),
                    _ => chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S%.f")
                        .or_else(|_| chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S%.f"))
                        .or_else(|_| chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M"))
                        .or_else(|_| chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M"))
                        .or_else(|_| NaiveDate::parse_from_str(&text, "%Y-%m-%d").map(|d| d.and_time(NaiveTime::MIN)))
                        .map(Value::DateTime)
                        .map_err(|_| bad()),
                }
            }
            ("dict", "fromkeys") => {
                let keys = match args.positional.first() {
                    Some(k) => k.clone(),
                    None => return Some(Err(type_error("fromkeys expected at least 1 argument, got 0"))),
                };
                let value = args.positional.get(1).cloned().unwrap_or(Value::None);
                let r = self.iterate(&keys).and_then(|ks| {
                    let mut d = Dict::new();
                    for k in ks {
                        d.insert(HashKey::new(&k)?, value.clone());
                    }
                    Ok(Value::Dict(Rc::new(RefCell::new(d))))
                });
                r
            }
            _ => return None,
        })
    }

    /// Build an exception instance: `ValueError("x")`.
    pub(crate) fn make_exception(&mut self, kind: ErrorKind, args: Args) -> Result<Value> {
        if !args.keywords.is_empty() {
            return Err(type_error(format!("{}() takes no keyword arguments", kind.name())));
        }
        let message = match args.positional.as_slice() {
            [] => String::new(),
            [one] if kind == ErrorKind::KeyError => self.repr(one)?,
            [one] => self.str_of(one)?,
            many => self.repr(&Value::tuple(many.to_vec()))?,
        };
        let mut e = Error::new(kind, message);
        if kind == ErrorKind::SystemExit {
            e.exit_code = match args.positional.as_slice() {
                [] | [Value::None] => ExitCode::None,
                [Value::Int(_) | Value::Bool(_)] => ExitCode::Int,
                _ => ExitCode::Other,
            };
        }
        Ok(Value::Exception(Rc::new(e)))
    }

    /// `sys.exit(code)`, `exit(code)`, `quit(code)`: raise `SystemExit(code)`.
    pub(crate) fn system_exit(&mut self, args: Args) -> Result<Value> {
        if !args.keywords.is_empty() || args.positional.len() > 1 {
            return Err(type_error(format!("exit expected at most 1 argument, got {}", args.positional.len() + args.keywords.len())));
        }
        match self.make_exception(ErrorKind::SystemExit, args)? {
            Value::Exception(e) => Err((*e).clone()),
            _ => Err(Error::new(ErrorKind::SystemExit, "")),
        }
    }

    fn call_builtin(&mut self, name: &'static str, args: Args) -> Result<Value> {
        match BUILTINS.iter().find(|(n, _)| *n == name) {
            Some((_, f)) => f(self, name, args),
            None => Err(type_error(format!("cannot create '{}' instances", name))),
        }
    }

    /// `len(v)`.
    pub(crate) fn len_of(&mut self, v: &Value) -> Result<usize> {
        Ok(match v {
            Value::Str(s) => {
                if s.is_ascii() {
                    s.len()
                } else {
                    s.chars().count()
                }
            }
            Value::Bytes(b) => b.len(),
            Value::List(l) => l.borrow().len(),
            Value::Tuple(t) => t.len(),
            Value::Dict(d) => d.borrow().len(),
            Value::Set(s) => s.borrow().len(),
            Value::Range(..) => range_len(v) as usize,
            Value::Native(n) => match n.len(self) {
                Some(r) => r?,
                None => return Err(type_error(format!("object of type '{}' has no len()", n.type_name()))),
            },
            other => return Err(type_error(format!("object of type '{}' has no len()", type_name(other)))),
        })
    }

    /// Merge `src` (a dict or an iterable of pairs) into `d`.
    pub(crate) fn dict_update(&mut self, d: &mut Dict, src: &Value) -> Result<()> {
        if let Some(items) = self.mapping_items(src)? {
            d.extend(items);
            return Ok(());
        }
        for (i, item) in self.iterate(src)?.into_iter().enumerate() {
            if !self.is_iterable(&item) {
                return Err(type_error(format!(
                    "cannot convert dictionary update sequence element #{} to a sequence",
                    i
                )));
            }
            let pair = self.iterate(&item)?;
            let [k, v] = pair.as_slice() else {
                return Err(Error::new(
                    ErrorKind::ValueError,
                    format!("dictionary update sequence element #{} has length {}; 2 is required", i, pair.len()),
                ));
            };
            d.insert(HashKey::new(k)?, v.clone());
        }
        Ok(())
    }

    fn builtin_int(&mut self, mut args: Args) -> Result<Value> {
        let base_kw = args.take_kw("base");
        let p = positional("int", &args, 0, 2)?.to_vec();
        let base = match (p.get(1), base_kw) {
            (Some(b), _) => Some(as_int(b)?),
            (None, Some(b)) => Some(as_int(&b)?),
            _ => None,
        };
        let Some(v) = p.first() else { return Ok(Value::Int(0)) };
        if let Some(b) = base {
            if b != 0 && !(2..=36).contains(&b) {
                return Err(Error::new(ErrorKind::ValueError, "int() base must be >= 2 and <= 36, or 0"));
            }
            if !matches!(v, Value::Str(_)) {
                return Err(type_error("int() can't convert non-string with explicit base"));
            }
        }
        match v {
            Value::Int(i) => Ok(Value::Int(*i)),
            Value::Bool(b) => Ok(Value::Int(*b as i64)),
            Value::Float(f) => Ok(Value::Int(float_to_int(*f)?)),
            Value::Decimal(d) => d.trunc().to_i64().map(Value::Int).ok_or_else(overflow),
            Value::Str(s) => {
                let base = base.unwrap_or(10) as u32;
                match parse_int(s, base) {
                    Ok(Some(i)) => Ok(Value::Int(i)),
                    Ok(None) => Err(overflow()),
                    Err(()) => Err(Error::new(
                        ErrorKind::ValueError,
                        format!(
                            "invalid literal for int() with base {}: {}",
                            base,
                            crate::sql::value::str_repr(s)
                        ),
                    )),
                }
            }
            other => Err(type_error(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                type_name(other)
            ))),
        }
    }

    fn builtin_min_max(&mut self, name: &str, mut args: Args) -> Result<Value> {
        let key = args.take_kw("key").filter(|k| !k.is_none());
        let default = args.take_kw("default");
        leftover_keyword(name, &args)?;
        let items = match args.positional.len() {
            0 => return Err(type_error(format!("{} expected at least 1 argument, got 0", name))),
            1 => self.iterate(&args.positional[0])?,
            _ => args.positional.clone(),
        };
        let mut best: Option<(Value, Value)> = None;
        for x in items {
            let k = match &key {
                Some(f) => self.call(f, Args::new(vec![x.clone()]))?,
                None => x.clone(),
            };
            best = Some(match best {
                None => (x, k),
                Some((bx, bk)) => {
                    let op = if name == "max" { CmpOp::Gt } else { CmpOp::Lt };
                    let r = self.compare(op, &k, &bk)?;
                    if self.truthy(&r)? {
                        (x, k)
                    } else {
                        (bx, bk)
                    }
                }
            });
        }
        match (best, default) {
            (Some((x, _)), _) => Ok(x),
            (None, Some(d)) => Ok(d),
            (None, None) => Err(Error::new(ErrorKind::ValueError, format!("{}() arg is an empty sequence", name))),
        }
    }

    fn builtin_round(&mut self, mut args: Args) -> Result<Value> {
        let nd_kw = args.take_kw("ndigits");
        let p = positional("round", &args, 1, 2)?.to_vec();
        let nd = match (p.get(1), nd_kw) {
            (Some(Value::None), _) | (None, None) | (None, Some(Value::None)) => None,
            (Some(v), _) => Some(as_int(v)?),
            (None, Some(v)) => Some(as_int(&v)?),
        };
        match (&p[0], nd) {
            (Value::Int(i), None) => Ok(Value::Int(*i)),
            (Value::Bool(b), None) => Ok(Value::Int(*b as i64)),
            (Value::Int(_) | Value::Bool(_), Some(n)) if n >= 0 => Ok(Value::Int(as_int(&p[0])?)),
            (Value::Bool(b), Some(_)) => Ok(Value::Int(*b as i64)),
            (Value::Int(i), Some(n)) => {
                let pow = 10i64.checked_pow((-n) as u32).unwrap_or(i64::MAX);
                let q = super::ops::int_floordiv(*i, pow)?;
                let r = i - q * pow;
                let twice = r.saturating_mul(2);
                let q = if twice > pow || (twice == pow && q % 2 != 0) { q + 1 } else { q };
                Ok(Value::Int(q.checked_mul(pow).ok_or_else(overflow)?))
            }
            (Value::Float(f), None) => Ok(Value::Int(float_to_int(f.round_ties_even())?)),
            (Value::Float(f), Some(n)) => {
                if !f.is_finite() {
                    return Ok(Value::Float(*f));
                }
                if n >= 0 {
                    let n = n.min(300) as usize;
                    Ok(Value::Float(format!("{:.*}", n, f).parse().unwrap_or(*f)))
                } else {
                    let scale = 10f64.powi((-n).min(308) as i32);
                    Ok(Value::Float((f / scale).round_ties_even() * scale))
                }
            }
            (Value::Decimal(d), None) => d
                .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointNearestEven)
                .to_i64()
                .map(Value::Int)
                .ok_or_else(overflow),
            (Value::Decimal(d), Some(n)) => {
                if n >= 0 {
                    let mut r = d.round_dp_with_strategy(n.min(28) as u32, rust_decimal::RoundingStrategy::MidpointNearestEven);
                    r.rescale(n.min(28) as u32);
                    Ok(Value::Decimal(r))
                } else {
                    Err(crate::exc::not_implemented("round(Decimal, negative) is not supported in ormsh"))
                }
            }
            (other, _) => Err(type_error(format!("type {} doesn't define __round__ method", type_name(other)))),
        }
    }

    /// Stable sort with an optional key function and `reverse`, as `sorted()`.
    pub(crate) fn sort_values(&mut self, items: Vec<Value>, key: Option<&Value>, reverse: bool) -> Result<Vec<Value>> {
        let keys: Vec<Value> = match key {
            Some(f) => {
                let mut ks = Vec::with_capacity(items.len());
                for x in &items {
                    ks.push(self.call(f, Args::new(vec![x.clone()]))?);
                }
                ks
            }
            None => items.clone(),
        };
        let mut order: Vec<usize> = (0..items.len()).collect();
        self.merge_sort(&mut order, &keys, reverse)?;
        Ok(order.into_iter().map(|i| items[i].clone()).collect())
    }

    fn merge_sort(&mut self, idx: &mut [usize], keys: &[Value], reverse: bool) -> Result<()> {
        if idx.len() <= 1 {
            return Ok(());
        }
        let mid = idx.len() / 2;
        self.merge_sort(&mut idx[..mid], keys, reverse)?;
        self.merge_sort(&mut idx[mid..], keys, reverse)?;
        let (left, right) = (idx[..mid].to_vec(), idx[mid..].to_vec());
        let (mut i, mut j, mut k) = (0, 0, 0);
        while i < left.len() && j < right.len() {
            // take from the right only when it must come strictly before the left
            let right_first = if reverse {
                self.less_than(&keys[left[i]], &keys[right[j]])?
            } else {
                self.less_than(&keys[right[j]], &keys[left[i]])?
            };
            if right_first {
                idx[k] = right[j];
                j += 1;
            } else {
                idx[k] = left[i];
                i += 1;
            }
            k += 1;
        }
        for &x in &left[i..] {
            idx[k] = x;
            k += 1;
        }
        for &x in &right[j..] {
            idx[k] = x;
            k += 1;
        }
        Ok(())
    }
}

/// `id(v)`: the address for objects, a value-derived number for immutable scalars.
fn identity_number(v: &Value) -> i64 {
    let addr = match v {
        Value::List(l) => Rc::as_ptr(l) as *const u8 as usize,
        Value::Dict(d) => Rc::as_ptr(d) as *const u8 as usize,
        Value::Set(s) => Rc::as_ptr(s) as *const u8 as usize,
        Value::Tuple(t) => Rc::as_ptr(t) as *const u8 as usize,
        Value::Str(s) => Rc::as_ptr(s) as *const u8 as usize,
        Value::Native(n) => Rc::as_ptr(n) as *const u8 as usize,
        Value::Exception(e) => Rc::as_ptr(e) as *const u8 as usize,
        other => return HashKey::new(other).map(|k| (k.1 >> 2) as i64).unwrap_or(0),
    };
    addr as i64
}
