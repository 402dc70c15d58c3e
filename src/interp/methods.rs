//! Methods and attributes of the builtin types (`str`, `bytes`, `list`,
//! `dict`, `set`, `tuple`, numbers, dates, exceptions, modules), plus
//! attribute access in general (`Interp::get_attr`/`set_attr`/`del_attr`),
//! which hands natives to `Native::get_attr` and friends.

use super::common::{as_int, class_has_method, exc_module, is_class, is_same, type_name, type_of, value_methods};
use super::natives::{DictView, OrigError, ViewKind};
use super::value::{Args, HashKey, Value};
use super::Interp;
use crate::exc::{attribute_error, type_error, Error, ErrorKind, Result};
use chrono::{Datelike, Timelike};
use std::cell::RefCell;
use std::rc::Rc;

#[path = "methods_str.rs"]
mod strings;

fn str_val(s: &str) -> Value {
    Value::Str(Rc::from(s))
}

fn want_str<'a>(v: Option<&'a Value>, what: &str) -> Result<Option<&'a str>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s)),
        Some(other) => Err(type_error(format!("{} must be str or None, not {}", what, type_name(other)))),
    }
}

fn count_args(method: &str, args: &Args, min: usize, max: usize) -> Result<()> {
    let n = args.positional.len();
    if n < min || n > max {
        let msg = if min == max {
            if min == 1 {
                format!("{}() takes exactly one argument ({} given)", method, n)
            } else {
                format!("{}() takes exactly {} arguments ({} given)", method, min, n)
            }
        } else if n < min {
            format!("{} expected at least {} argument{}, got {}", method, min, if min == 1 { "" } else { "s" }, n)
        } else {
            format!("{} expected at most {} argument{}, got {}", method, max, if max == 1 { "" } else { "s" }, n)
        };
        return Err(type_error(msg));
    }
    Ok(())
}

fn int_arg(v: Option<&Value>, default: i64) -> Result<i64> {
    match v {
        None | Some(Value::None) => Ok(default),
        Some(v) => as_int(v),
    }
}

fn set_value(items: indexmap::IndexMap<HashKey, ()>) -> Value {
    Value::Set(Rc::new(RefCell::new(items)))
}

impl Interp {
    /// `recv.name(args)` for builtin values; `None` when the type has no such method.
    pub(crate) fn call_builtin_method(&mut self, recv: &Value, name: &str, args: Args) -> Option<Result<Value>> {
        if !value_methods(recv).contains(&name) {
            return None;
        }
        Some(match recv {
            Value::Str(s) => self.str_method(s, name, args),
            Value::Bytes(b) => self.bytes_method(b, name, args),
            Value::List(l) => self.list_method(l, name, args),
            Value::Dict(d) => self.dict_method(d, name, args),
            Value::Set(s) => self.set_method(s, name, args),
            Value::Tuple(t) => self.seq_search(&t.to_vec(), "tuple", name, &args),
            Value::Int(_) | Value::Bool(_) => {
                let i = as_int(recv).unwrap_or(0);
                Ok(match name {
                    "bit_length" => Value::Int(64 - i.unsigned_abs().leading_zeros() as i64),
                    _ => Value::Int(i),
                })
            }
            Value::Float(f) => Ok(match name {
                "is_integer" => Value::Bool(f.is_finite() && f.fract() == 0.0),
                _ => Value::Float(*f),
            }),
            Value::Decimal(d) => self.decimal_method(*d, name, args),
            Value::Date(_) | Value::DateTime(_) | Value::Time(_) => self.date_method(recv, name, args),
            _ => return None,
        })
    }

    /// `index`/`count` shared by lists and tuples.
    fn seq_search(&mut self, items: &[Value], kind: &str, name: &str, args: &Args) -> Result<Value> {
        count_args(name, args, 1, 3)?;
        let x = &args.positional[0];
        if name == "count" {
            let mut n = 0;
            for it in items {
                if is_same(it, x) || self.py_eq(it, x)? {
                    n += 1;
                }
            }
            return Ok(Value::Int(n));
        }
        let len = items.len() as i64;
        let norm = |i: i64| if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
        let start = norm(int_arg(args.positional.get(1), 0)?);
        let stop = norm(int_arg(args.positional.get(2), len)?);
        for (i, it) in items.iter().enumerate().take(stop).skip(start) {
            if is_same(it, x) || self.py_eq(it, x)? {
                return Ok(Value::Int(i as i64));
            }
        }
        if kind == "tuple" {
            return Err(Error::new(ErrorKind::ValueError, "tuple.index(x): x not in tuple"));
        }
        Err(Error::new(ErrorKind::ValueError, format!("{} is not in list", self.repr(x)?)))
    }

    fn list_method(&mut self, l: &Rc<RefCell<Vec<Value>>>, name: &str, mut args: Args) -> Result<Value> {
        if name == "sort" {
            let key = args.take_kw("key").filter(|k| !k.is_none());
            let reverse = match args.take_kw("reverse") {
                Some(v) => self.truthy(&v)?,
                None => false,
            };
            if let Some((k, _)) = args.keywords.first() {
                return Err(type_error(format!("'{}' is an invalid keyword argument for sort()", k)));
            }
            if !args.positional.is_empty() {
                return Err(type_error("sort() takes no positional arguments"));
            }
            let items = l.borrow().clone();
            let sorted = self.sort_values(items, key.as_ref(), reverse)?;
            *l.borrow_mut() = sorted;
            return Ok(Value::None);
        }
        if let Some((k, _)) = args.keywords.first() {
            return Err(type_error(format!("list.{}() takes no keyword arguments ('{}' given)", name, k)));
        }
        let a = &args.positional;
        Ok(match name {
            "append" => {
                count_args("list.append", &args, 1, 1)?;
                l.borrow_mut().push(a[0].clone());
                Value::None
            }
            "extend" => {
                count_args("list.extend", &args, 1, 1)?;
                let items = self.iterate(&a[0])?;
                l.borrow_mut().extend(items);
                Value::None
            }
            "insert" => {
                count_args("insert", &args, 2, 2)?;
                let i = as_int(&a[0])?;
                let mut items = l.borrow_mut();
                let len = items.len() as i64;
                let at = if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
                items.insert(at, a[1].clone());
                Value::None
            }
            "pop" => {
                count_args("pop", &args, 0, 1)?;
                let i = int_arg(a.first(), -1)?;
                let mut items = l.borrow_mut();
                if items.is_empty() {
                    return Err(Error::new(ErrorKind::IndexError, "pop from empty list"));
                }
                let len = items.len() as i64;
                let at = if i < 0 { i + len } else { i };
                if at < 0 || at >= len {
                    return Err(Error::new(ErrorKind::IndexError, "pop index out of range"));
                }
                items.remove(at as usize)
            }
            "remove" => {
                count_args("list.remove", &args, 1, 1)?;
                let items = l.borrow().clone();
                for (i, it) in items.iter().enumerate() {
                    if is_same(it, &a[0]) || self.py_eq(it, &a[0])? {
                        l.borrow_mut().remove(i);
                        return Ok(Value::None);
                    }
                }
                return Err(Error::new(ErrorKind::ValueError, "list.remove(x): x not in list"));
            }
            "clear" => {
                l.borrow_mut().clear();
                Value::None
            }
            "index" | "count" => {
                let items = l.borrow().clone();
                return self.seq_search(&items, "list", name, &args);
            }
            "reverse" => {
                l.borrow_mut().reverse();
                Value::None
            }
            "copy" => Value::list(l.borrow().clone()),
            _ => return Err(attribute_error(format!("'list' object has no attribute '{}'", name))),
        })
    }

    fn dict_method(&mut self, d: &Rc<RefCell<super::value::Dict>>, name: &str, mut args: Args) -> Result<Value> {
        if name == "update" {
            count_args("update", &args, 0, 1)?;
            if let Some(src) = args.positional.first().cloned() {
                let mut copy = d.borrow().clone();
                self.dict_update(&mut copy, &src)?;
                *d.borrow_mut() = copy;
            }
            for (k, v) in args.keywords.drain(..) {
                d.borrow_mut().insert(HashKey::new(&Value::Str(k))?, v);
            }
            return Ok(Value::None);
        }
        if let Some((k, _)) = args.keywords.first() {
            return Err(type_error(format!("dict.{}() takes no keyword arguments ('{}' given)", name, k)));
        }
        let a = &args.positional;
        Ok(match name {
            "get" => {
                count_args("get", &args, 1, 2)?;
                let k = HashKey::new(&a[0])?;
                let found = d.borrow().get(&k).cloned();
                found.unwrap_or_else(|| a.get(1).cloned().unwrap_or(Value::None))
            }
            "keys" | "values" | "items" => {
                count_args(&format!("dict.{}", name), &args, 0, 0)?;
                let kind = match name {
                    "keys" => ViewKind::Keys,
                    "values" => ViewKind::Values,
                    _ => ViewKind::Items,
                };
                Value::native(DictView { kind, dict: d.clone() })
            }
            "pop" => {
                count_args("pop", &args, 1, 2)?;
                let k = HashKey::new(&a[0])?;
                let removed = d.borrow_mut().shift_remove(&k);
                match (removed, a.get(1)) {
                    (Some(v), _) => v,
                    (None, Some(default)) => default.clone(),
                    (None, None) => return Err(Error::new(ErrorKind::KeyError, self.repr(&a[0])?)),
                }
            }
            "popitem" => {
                let last = d.borrow_mut().pop();
                match last {
                    Some((k, v)) => Value::tuple(vec![k.0, v]),
                    None => return Err(Error::new(ErrorKind::KeyError, "'popitem(): dictionary is empty'")),
                }
            }
            "setdefault" => {
                count_args("setdefault", &args, 1, 2)?;
                let k = HashKey::new(&a[0])?;
                let default = a.get(1).cloned().unwrap_or(Value::None);
                d.borrow_mut().entry(k).or_insert(default).clone()
            }
            "copy" => Value::Dict(Rc::new(RefCell::new(d.borrow().clone()))),
            "clear" => {
                d.borrow_mut().clear();
                Value::None
            }
            _ => return Err(attribute_error(format!("'dict' object has no attribute '{}'", name))),
        })
    }

    fn set_method(&mut self, s: &Rc<RefCell<indexmap::IndexMap<HashKey, ()>>>, name: &str, args: Args) -> Result<Value> {
        let a = &args.positional;
        let mut others = Vec::new();
        if matches!(
            name,
            "union" | "intersection" | "difference" | "symmetric_difference" | "update" | "intersection_update"
                | "difference_update" | "issubset" | "issuperset" | "isdisjoint"
        ) {
            for o in a {
                let mut set = indexmap::IndexMap::new();
                for x in self.iterate(o)? {
                    set.insert(HashKey::new(&x)?, ());
                }
                others.push(set);
            }
        }
        let cur = s.borrow().clone();
        Ok(match name {
            "add" => {
                count_args("set.add", &args, 1, 1)?;
                s.borrow_mut().insert(HashKey::new(&a[0])?, ());
                Value::None
            }
            "remove" | "discard" => {
                count_args(&format!("set.{}", name), &args, 1, 1)?;
                let k = HashKey::new(&a[0])?;
                let removed = s.borrow_mut().shift_remove(&k);
                if removed.is_none() && name == "remove" {
                    return Err(Error::new(ErrorKind::KeyError, self.repr(&a[0])?));
                }
                Value::None
            }
            "pop" => {
                let first = s.borrow_mut().shift_remove_index(0);
                match first {
                    Some((k, _)) => k.0,
                    None => return Err(Error::new(ErrorKind::KeyError, "'pop from an empty set'")),
                }
            }
            "union" | "update" => {
                let mut out = cur;
                for o in others {
                    out.extend(o);
                }
                if name == "update" {
                    *s.borrow_mut() = out;
                    Value::None
                } else {
                    set_value(out)
                }
            }
            "intersection" | "intersection_update" => {
                let mut out = cur;
                for o in &others {
                    out.retain(|k, _| o.contains_key(k));
                }
                if name == "intersection_update" {
                    *s.borrow_mut() = out;
                    Value::None
                } else {
                    set_value(out)
                }
            }
            "difference" | "difference_update" => {
                let mut out = cur;
                for o in &others {
                    out.retain(|k, _| !o.contains_key(k));
                }
                if name == "difference_update" {
                    *s.borrow_mut() = out;
                    Value::None
                } else {
                    set_value(out)
                }
            }
            "symmetric_difference" => {
                count_args("symmetric_difference", &args, 1, 1)?;
                let o = &others[0];
                let mut out: indexmap::IndexMap<HashKey, ()> =
                    cur.keys().filter(|k| !o.contains_key(*k)).map(|k| (k.clone(), ())).collect();
                out.extend(o.keys().filter(|k| !cur.contains_key(*k)).map(|k| (k.clone(), ())));
                set_value(out)
            }
            "issubset" | "issuperset" | "isdisjoint" => {
                count_args(name, &args, 1, 1)?;
                let o = &others[0];
                Value::Bool(match name {
                    "issubset" => cur.keys().all(|k| o.contains_key(k)),
                    "issuperset" => o.keys().all(|k| cur.contains_key(k)),
                    _ => !cur.keys().any(|k| o.contains_key(k)),
                })
            }
            "copy" => set_value(cur),
            "clear" => {
                s.borrow_mut().clear();
                Value::None
            }
            _ => return Err(attribute_error(format!("'set' object has no attribute '{}'", name))),
        })
    }

    fn decimal_method(&mut self, d: rust_decimal::Decimal, name: &str, args: Args) -> Result<Value> {
        Ok(match name {
            "quantize" => {
                count_args("quantize", &args, 1, 2)?;
                let Value::Decimal(q) = &args.positional[0] else {
                    return Err(type_error("conversion from argument to Decimal is not supported"));
                };
                let mut r = d.round_dp_with_strategy(q.scale(), rust_decimal::RoundingStrategy::MidpointNearestEven);
                r.rescale(q.scale());
                Value::Decimal(r)
            }
            "normalize" => Value::Decimal(d.normalize()),
            "to_integral_value" => {
                Value::Decimal(d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointNearestEven))
            }
            "is_zero" => Value::Bool(d.is_zero()),
            "is_signed" => Value::Bool(d.is_sign_negative()),
            _ => Value::Decimal(d.abs()),
        })
    }

    fn date_method(&mut self, v: &Value, name: &str, mut args: Args) -> Result<Value> {
        let fmt_dt = |dt: &chrono::NaiveDateTime, sep: &str| {
            let us = dt.nanosecond() / 1000;
            let base = dt.format(&format!("%Y-%m-%d{}%H:%M:%S", sep)).to_string();
            if us == 0 {
                base
            } else {
                format!("{}.{:06}", base, us)
            }
        };
        let date = match v {
            Value::Date(d) => Some(*d),
            Value::DateTime(dt) => Some(dt.date()),
            _ => None,
        };
        Ok(match (name, v) {
            ("isoformat", Value::Date(d)) => str_val(&d.format("%Y-%m-%d").to_string()),
            ("isoformat", Value::DateTime(dt)) => {
                let sep = match args.positional.first().or(args.keywords.first().map(|(_, v)| v)) {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => "T".to_string(),
                };
                str_val(&fmt_dt(dt, &sep))
            }
            ("isoformat", Value::Time(_)) => str_val(&self.str_of(v)?),
            ("strftime", _) => {
                count_args("strftime", &args, 1, 1)?;
                let Value::Str(f) = &args.positional[0] else { return Err(type_error("strftime() argument 1 must be str")) };
                let text = match v {
                    Value::Date(d) => d.format(f).to_string(),
                    Value::DateTime(dt) => dt.format(f).to_string(),
                    Value::Time(t) => t.format(f).to_string(),
                    _ => String::new(),
                };
                str_val(&text)
            }
            ("weekday", _) if date.is_some() => Value::Int(date.map(|d| d.weekday().num_days_from_monday() as i64).unwrap_or(0)),
            ("isoweekday", _) if date.is_some() => Value::Int(date.map(|d| d.weekday().number_from_monday() as i64).unwrap_or(0)),
            ("date", Value::DateTime(dt)) => Value::Date(dt.date()),
            ("time", Value::DateTime(dt)) => Value::Time(dt.time()),
            ("replace", _) => {
                let mut parts: Vec<(&str, i64)> = match v {
                    Value::Date(d) => vec![("year", d.year() as i64), ("month", d.month() as i64), ("day", d.day() as i64)],
                    Value::DateTime(dt) => vec![
                        ("year", dt.year() as i64),
                        ("month", dt.month() as i64),
                        ("day", dt.day() as i64),
                        ("hour", dt.hour() as i64),
                        ("minute", dt.minute() as i64),
                        ("second", dt.second() as i64),
                        ("microsecond", (dt.nanosecond() / 1000) as i64),
                    ],
                    Value::Time(t) => vec![
                        ("hour", t.hour() as i64),
                        ("minute", t.minute() as i64),
                        ("second", t.second() as i64),
                        ("microsecond", (t.nanosecond() / 1000) as i64),
                    ],
                    _ => vec![],
                };
                for (i, p) in args.positional.iter().enumerate() {
                    if let Some(slot) = parts.get_mut(i) {
                        slot.1 = as_int(p)?;
                    }
                }
                for (k, x) in args.keywords.drain(..) {
                    match parts.iter_mut().find(|(n, _)| *n == &*k) {
                        Some(slot) => slot.1 = as_int(&x)?,
                        None => return Err(type_error(format!("'{}' is an invalid keyword argument for replace()", k))),
                    }
                }
                let class = match v {
                    Value::Date(_) => "date",
                    Value::DateTime(_) => "datetime",
                    _ => "time",
                };
                let new_args = Args::new(parts.into_iter().map(|(_, x)| Value::Int(x)).collect());
                self.call(&Value::Builtin(super::value::Builtin(class)), new_args)?
            }
            _ => return Err(attribute_error(format!("'{}' object has no attribute '{}'", type_name(v), name))),
        })
    }

    /// `v.name`. A missing attribute leaves what `v` offers for the error's
    /// "Did you mean" (`hints.rs`).
    pub fn get_attr(&mut self, v: &Value, name: &str) -> Result<Value> {
        let r = self.get_attr_of(v, name);
        if let Err(e) = &r {
            if e.kind == ErrorKind::AttributeError && e.message.ends_with(&format!("has no attribute '{name}'")) {
                let offered: Vec<String> = match v {
                    Value::Native(_) => super::sa::introspect::attributes_of(self, v).into_iter().map(|(n, _)| n).collect(),
                    Value::Module(m) => m.attrs.keys().cloned().collect(),
                    _ => value_methods(v).iter().map(|m| m.to_string()).collect(),
                };
                self.attr_miss = Some((e.message.clone(), name.to_string(), offered));
            }
        }
        r
    }

    fn get_attr_of(&mut self, v: &Value, name: &str) -> Result<Value> {
        let missing = |v: &Value| attribute_error(format!("'{}' object has no attribute '{}'", type_name(v), name));
        if name == "__class__" {
            return Ok(type_of(v));
        }
        match v {
            Value::Native(n) => match n.clone().get_attr(self, name)? {
                Some(x) => Ok(x),
                None => Err(attribute_error(n.no_attribute(name))),
            },
            Value::Module(m) => {
                if let Some(x) = m.attrs.get(name) {
                    return Ok(x.clone());
                }
                if let Some(sub) = self.modules.get(&format!("{}.{}", m.name, name)) {
                    return Ok(Value::Module(sub.clone()));
                }
                Err(attribute_error(format!("module '{}' has no attribute '{}'", m.name, name)))
            }
            Value::Exception(e) => Ok(match name {
                "args" => {
                    if e.message.is_empty() {
                        Value::tuple(vec![])
                    } else if e.kind == ErrorKind::KeyError {
                        // a KeyError's message is the repr of its key: give back a plain string key
                        Value::tuple(vec![unrepr_simple(&e.message)])
                    } else {
                        Value::tuple(vec![str_val(&e.message)])
                    }
                }
                "__cause__" | "__context__" | "__traceback__" => Value::None,
                "code" if e.kind == ErrorKind::SystemExit => match e.exit_code {
                    crate::exc::ExitCode::None if e.message.is_empty() || e.message == "None" => Value::None,
                    crate::exc::ExitCode::Int => match e.message.as_str() {
                        "True" => Value::Bool(true),
                        "False" => Value::Bool(false),
                        m => m.parse().map(Value::Int).unwrap_or_else(|_| str_val(m)),
                    },
                    _ => str_val(&e.message),
                },
                "orig" | "statement" | "params" | "connection_invalidated" if e.kind.is_a(ErrorKind::StatementError) => {
                    match (&e.statement, name) {
                        (None, "connection_invalidated") => Value::Bool(false),
                        (None, _) => Value::None,
                        (Some(s), "orig") => Value::native(OrigError { class: s.orig.clone(), message: e.message.clone() }),
                        (Some(s), "statement") => str_val(&s.statement),
                        (Some(s), "params") => str_val(&s.params),
                        (Some(s), _) => Value::Bool(s.connection_invalidated),
                    }
                }
                _ => return Err(missing(v)),
            }),
            Value::ExcType(k) => match name {
                "__name__" | "__qualname__" => Ok(str_val(k.name())),
                "__module__" => Ok(str_val(exc_module(*k).trim_end_matches('.').trim().to_string().as_str()).clone())
                    .map(|m| if matches!(&m, Value::Str(s) if s.is_empty()) { str_val("builtins") } else { m }),
                _ => Err(attribute_error(format!("type object '{}' has no attribute '{}'", k.name(), name))),
            },
            Value::Builtin(b) if is_class(b.0) => match name {
                "__name__" | "__qualname__" => Ok(str_val(b.0)),
                _ if class_has_method(b.0, name) => Ok(Value::Method(Rc::new((v.clone(), Rc::from(name))))),
                _ => Err(attribute_error(format!("type object '{}' has no attribute '{}'", b.0, name))),
            },
            Value::Builtin(b) => match name {
                "__name__" | "__qualname__" => Ok(str_val(b.0)),
                _ => Err(missing(v)),
            },
            // a bound method: `session.delete.__name__` is 'delete', `__self__` its object
            Value::Method(m) => match name {
                "__name__" => Ok(str_val(&m.1)),
                "__qualname__" => Ok(str_val(&format!("{}.{}", type_name(&m.0), m.1))),
                "__self__" => Ok(m.0.clone()),
                _ => Err(missing(v)),
            },
            _ => {
                if let Some(x) = data_attr(v, name) {
                    return Ok(x);
                }
                if value_methods(v).contains(&name) {
                    return Ok(Value::Method(Rc::new((v.clone(), Rc::from(name)))));
                }
                Err(missing(v))
            }
        }
    }

    /// `v.name = x`.
    pub fn set_attr(&mut self, v: &Value, name: &str, x: Value) -> Result<()> {
        match v {
            Value::Native(n) => {
                if n.clone().set_attr(self, name, x)? {
                    Ok(())
                } else {
                    Err(attribute_error(format!("'{}' object has no attribute '{}'", n.type_name(), name)))
                }
            }
            Value::Builtin(b) if is_class(b.0) => Err(type_error(format!(
                "cannot set '{}' attribute of immutable type '{}'",
                name, b.0
            ))),
            Value::ExcType(k) => Err(type_error(format!(
                "cannot set '{}' attribute of immutable type '{}'",
                name,
                k.name()
            ))),
            Value::Module(m) => Err(attribute_error(format!("module '{}' attributes are read-only in ormsh", m.name))),
            _ => Err(attribute_error(format!("'{}' object has no attribute '{}'", type_name(v), name))),
        }
    }

    /// `del v.name`.
    pub fn del_attr(&mut self, v: &Value, name: &str) -> Result<()> {
        match v {
            Value::Native(n) => {
                if n.clone().del_attr(self, name)? {
                    Ok(())
                } else {
                    Err(attribute_error(format!("'{}' object has no attribute '{}'", n.type_name(), name)))
                }
            }
            _ => Err(attribute_error(format!("'{}' object has no attribute '{}'", type_name(v), name))),
        }
    }
}

/// Data attributes of builtin values (`d.year`, `r.start`, `(1).real`).
fn data_attr(v: &Value, name: &str) -> Option<Value> {
    let int = |i: i64| Some(Value::Int(i));
    match (v, name) {
        (Value::Int(_) | Value::Bool(_), "real" | "numerator") => int(as_int(v).ok()?),
        (Value::Int(_) | Value::Bool(_), "imag") => int(0),
        (Value::Int(_) | Value::Bool(_), "denominator") => int(1),
        (Value::Float(f), "real") => Some(Value::Float(*f)),
        (Value::Float(_), "imag") => Some(Value::Float(0.0)),
        (Value::Date(d), _) => date_part(d, name),
        (Value::DateTime(dt), "hour") => int(dt.hour() as i64),
        (Value::DateTime(dt), "minute") => int(dt.minute() as i64),
        (Value::DateTime(dt), "second") => int(dt.second() as i64),
        (Value::DateTime(dt), "microsecond") => int((dt.nanosecond() / 1000) as i64),
        (Value::DateTime(dt), _) => date_part(&dt.date(), name),
        (Value::Time(t), "hour") => int(t.hour() as i64),
        (Value::Time(t), "minute") => int(t.minute() as i64),
        (Value::Time(t), "second") => int(t.second() as i64),
        (Value::Time(t), "microsecond") => int((t.nanosecond() / 1000) as i64),
        (Value::Range(a, _, _), "start") => int(*a),
        (Value::Range(_, b, _), "stop") => int(*b),
        (Value::Range(_, _, c), "step") => int(*c),
        (Value::Slice(s), "start") => Some(s.0.clone()),
        (Value::Slice(s), "stop") => Some(s.1.clone()),
        (Value::Slice(s), "step") => Some(s.2.clone()),
        _ => None,
    }
}

fn date_part(d: &chrono::NaiveDate, name: &str) -> Option<Value> {
    match name {
        "year" => Some(Value::Int(d.year() as i64)),
        "month" => Some(Value::Int(d.month() as i64)),
        "day" => Some(Value::Int(d.day() as i64)),
        _ => None,
    }
}

/// The value behind a simple repr (`'k'` → the string `k`, `5` → the int 5), else the text.
fn unrepr_simple(text: &str) -> Value {
    if let Ok(i) = text.parse::<i64>() {
        return Value::Int(i);
    }
    let inner = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\''));
    match inner {
        Some(t) if !t.contains(['\\', '\'']) => str_val(t),
        _ => str_val(text),
    }
}
