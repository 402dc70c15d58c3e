//! Runtime values of the Python subset, and the [`Native`] trait through which
//! every SQLAlchemy-named object (Session, Select, a mapped instance …) takes
//! part in Python semantics without the evaluator knowing about it.
//!
//! The evaluator (`interp::eval`) handles the builtin types itself and asks the
//! `Native` methods for everything else; a method that returns `None` means
//! "not supported", and the evaluator raises the TypeError/AttributeError that
//! Python would.

use crate::exc::{Error, Result};
use crate::syntax::ast::{BinOp, CmpOp, UnaryOp};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use super::Interp;

/// A Python value.
#[derive(Clone)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    Decimal(Decimal),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Time(NaiveTime),
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<[Value]>),
    Dict(Rc<RefCell<Dict>>),
    Set(Rc<RefCell<IndexMap<HashKey, ()>>>),
    /// `range(start, stop, step)`
    Range(i64, i64, i64),
    /// `slice(start, stop, step)` (only built by subscripts)
    Slice(Rc<(Value, Value, Value)>),
    /// An exception instance.
    Exception(Rc<Error>),
    /// An exception class (`ValueError`, `IntegrityError`), callable to make one.
    ExcType(crate::exc::ErrorKind),
    /// A builtin function or type (`len`, `int`, `print`).
    Builtin(Builtin),
    /// A bound method of a builtin value (`lst.append`).
    Method(Rc<(Value, Rc<str>)>),
    /// A module from `import sqlalchemy` (attribute access into a namespace).
    Module(Rc<Module>),
    /// Anything implemented outside the evaluator: SQLAlchemy objects.
    Native(Rc<dyn Native>),
}

/// An ordered dict with Python-hashable keys.
pub type Dict = IndexMap<HashKey, Value>;

/// A `Value` usable as a dict key or set member: hashing and equality with
/// Python's rules (`1 == 1.0 == True`); Natives hash by identity unless they
/// override `hash_key`. Building one from an unhashable value (list, dict) is a
/// TypeError, raised by `HashKey::new`.
#[derive(Clone)]
pub struct HashKey(pub Value, pub u64);

/// A builtin callable, identified by name; dispatch lives in `interp::builtins`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Builtin(pub &'static str);

/// A module namespace (`sqlalchemy`, `sqlalchemy.orm`, `sqlalchemy.exc`).
pub struct Module {
    pub name: String,
    pub attrs: IndexMap<String, Value>,
}

/// Call arguments after evaluation.
#[derive(Clone, Default)]
pub struct Args {
    pub positional: Vec<Value>,
    pub keywords: Vec<(Rc<str>, Value)>,
}

impl Args {
    pub fn new(positional: Vec<Value>) -> Args {
        Args { positional, keywords: Vec::new() }
    }
    /// The keyword argument `name`, removed from the list.
    pub fn take_kw(&mut self, name: &str) -> Option<Value> {
        let i = self.keywords.iter().position(|(k, _)| &**k == name)?;
        Some(self.keywords.remove(i).1)
    }
}

/// An object implemented in Rust (the SQLAlchemy surface). Every method has a
/// default meaning "not supported" so an implementation overrides what it has.
pub trait Native: Any {
    /// The Python class name (`Session`, `Select`, `User`).
    fn type_name(&self) -> String;
    /// `repr(x)`; the default is `<Type object>` like Python's.
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("<{} object>", self.type_name()))
    }
    /// `str(x)`; the default is `repr`.
    fn str(&self, cx: &mut Interp) -> Result<String> {
        self.repr(cx)
    }
    /// `x.name`. `Ok(None)` means no such attribute (the evaluator raises AttributeError).
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, _name: &str) -> Result<Option<Value>> {
        Ok(None)
    }
    /// The AttributeError's message for a missing `x.name`: Python's words for
    /// an instance, unless the native says it otherwise (a class: `type object 'User' …`).
    fn no_attribute(&self, name: &str) -> String {
        format!("'{}' object has no attribute '{}'", self.type_name(), name)
    }
    /// `x.name = value`. `Ok(false)` means not settable (AttributeError).
    fn set_attr(self: Rc<Self>, _cx: &mut Interp, _name: &str, _value: Value) -> Result<bool> {
        Ok(false)
    }
    /// `del x.name`.
    fn del_attr(self: Rc<Self>, _cx: &mut Interp, _name: &str) -> Result<bool> {
        Ok(false)
    }
    /// `x.name(args)` without building a bound method first. `None`: not a method
    /// here (the evaluator then tries `get_attr` and calls the result).
    fn call_method(self: Rc<Self>, _cx: &mut Interp, _name: &str, _args: &mut Args) -> Option<Result<Value>> {
        None
    }
    /// `x(args)`. `None`: not callable.
    fn call(self: Rc<Self>, _cx: &mut Interp, _args: &mut Args) -> Option<Result<Value>> {
        None
    }
    /// `x op other` (or `other op x` when `reflected`). `None`: NotImplemented.
    fn binop(self: Rc<Self>, _cx: &mut Interp, _op: BinOp, _other: &Value, _reflected: bool) -> Option<Result<Value>> {
        None
    }
    /// `x op other` for comparisons (SQL expressions build clauses here).
    /// `reflected` means the native was on the right (`5 < User.id`); the op is
    /// already swapped as Python does (`User.id > 5`). `None`: use identity/default rules.
    fn compare(self: Rc<Self>, _cx: &mut Interp, _op: CmpOp, _other: &Value, _reflected: bool) -> Option<Result<Value>> {
        None
    }
    /// `-x`, `~x`, `not x` is handled via `truthy`.
    fn unary(self: Rc<Self>, _cx: &mut Interp, _op: UnaryOp) -> Option<Result<Value>> {
        None
    }
    /// `bool(x)`; SQL clauses raise TypeError here as SQLAlchemy does.
    fn truthy(&self, _cx: &mut Interp) -> Result<bool> {
        Ok(true)
    }
    /// `len(x)`. `None`: TypeError "object of type 'X' has no len()".
    fn len(&self, _cx: &mut Interp) -> Option<Result<usize>> {
        None
    }
    /// `iter(x)`, evaluated eagerly. `None`: not iterable.
    fn iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        None
    }
    /// `for item in x` reading `x` as the loop goes (a `yield_per` result):
    /// the object whose [`Native::next_batch`] gives the items. `None`: `iter` is used.
    fn lazy_iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Value>> {
        None
    }
    /// The next items of a lazy iteration; an empty vector ends it.
    fn next_batch(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        None
    }
    /// `x[key]`. `None`: not subscriptable.
    fn getitem(self: Rc<Self>, _cx: &mut Interp, _key: &Value) -> Option<Result<Value>> {
        None
    }
    /// `x[key] = value`.
    fn setitem(self: Rc<Self>, _cx: &mut Interp, _key: &Value, _value: Value) -> Option<Result<()>> {
        None
    }
    /// `del x[key]`.
    fn delitem(self: Rc<Self>, _cx: &mut Interp, _key: &Value) -> Option<Result<()>> {
        None
    }
    /// `item in x`. `None`: fall back to iterating.
    fn contains(self: Rc<Self>, _cx: &mut Interp, _item: &Value) -> Option<Result<bool>> {
        None
    }
    /// `with x [as y]:` entry; returns the `as` value. `None`: not a context manager.
    fn enter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Value>> {
        None
    }
    /// `with` exit; `exc` is the exception raised in the block. Returns true to suppress it.
    fn exit(self: Rc<Self>, _cx: &mut Interp, _exc: Option<&Error>) -> Result<bool> {
        Ok(false)
    }
    /// Hash for dict keys/sets; `None` hashes by identity.
    fn hash_key(&self) -> Option<u64> {
        None
    }
    /// `==` used for dict lookups / `in` on lists when `compare` gave nothing.
    /// Default: identity.
    fn py_eq(&self, other: &dyn Native) -> bool {
        std::ptr::addr_eq(self as *const Self as *const u8, other as *const dyn Native as *const u8)
    }
    /// `isinstance(x, T)` where T is a Native class object: is `self` an instance of `class`?
    fn is_instance_of(&self, _class: &dyn Native) -> bool {
        false
    }
    fn as_any(&self) -> &dyn Any;
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::from(items))
    }
    pub fn native<T: Native>(n: T) -> Value {
        Value::Native(Rc::new(n))
    }
    /// The Native behind this value, downcast to `T`.
    pub fn downcast<T: Native>(&self) -> Option<&T> {
        match self {
            Value::Native(n) => n.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }
}

impl HashKey {
    /// Hash `v` with Python's rules; unhashable values (list, dict, set) are a TypeError.
    pub fn new(v: &Value) -> Result<HashKey> {
        Ok(HashKey(v.clone(), hash_value(v)?))
    }
}

fn hash_value(v: &Value) -> Result<u64> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    match v {
        Value::None => 0u8.hash(&mut h),
        Value::Bool(b) => (*b as i64).hash(&mut h),
        Value::Int(i) => i.hash(&mut h),
        Value::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.2e18 {
                (*f as i64).hash(&mut h)
            } else {
                f.to_bits().hash(&mut h)
            }
        }
        Value::Decimal(d) => {
            use rust_decimal::prelude::ToPrimitive;
            if d.fract().is_zero() {
                d.to_i64().unwrap_or(0).hash(&mut h)
            } else {
                d.to_f64().unwrap_or(0.0).to_bits().hash(&mut h)
            }
        }
        Value::Str(s) => s.hash(&mut h),
        Value::Bytes(b) => b.hash(&mut h),
        Value::Date(d) => d.hash(&mut h),
        Value::DateTime(d) => d.hash(&mut h),
        Value::Time(t) => t.hash(&mut h),
        Value::Tuple(items) => {
            7u8.hash(&mut h);
            for i in items.iter() {
                hash_value(i)?.hash(&mut h);
            }
        }
        Value::Range(a, b, c) => (a, b, c).hash(&mut h),
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Slice(_) => {
            let name = match v {
                Value::List(_) => "list",
                Value::Dict(_) => "dict",
                Value::Set(_) => "set",
                _ => "slice",
            };
            return Err(Error::new(crate::exc::ErrorKind::TypeError, format!("unhashable type: '{}'", name)));
        }
        Value::Exception(e) => (Rc::as_ptr(e) as usize).hash(&mut h),
        Value::ExcType(k) => k.hash(&mut h),
        Value::Builtin(b) => b.0.hash(&mut h),
        Value::Method(m) => (Rc::as_ptr(m) as usize).hash(&mut h),
        Value::Module(m) => (Rc::as_ptr(m) as usize).hash(&mut h),
        Value::Native(n) => match n.hash_key() {
            Some(k) => k.hash(&mut h),
            None => (Rc::as_ptr(n) as *const u8 as usize).hash(&mut h),
        },
    }
    Ok(h.finish())
}

/// Equality of hashable values as Python's dict sees it (no user code runs).
pub fn key_eq(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (None, None) => true,
        (Str(x), Str(y)) => x == y,
        (Bytes(x), Bytes(y)) => x == y,
        (Date(x), Date(y)) => x == y,
        (DateTime(x), DateTime(y)) => x == y,
        (Time(x), Time(y)) => x == y,
        (Tuple(x), Tuple(y)) => x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| key_eq(p, q)),
        (Range(a1, b1, c1), Range(a2, b2, c2)) => (a1, b1, c1) == (a2, b2, c2),
        (Exception(x), Exception(y)) => Rc::ptr_eq(x, y),
        (ExcType(x), ExcType(y)) => x == y,
        (Builtin(x), Builtin(y)) => x == y,
        (Method(x), Method(y)) => Rc::ptr_eq(x, y),
        (Module(x), Module(y)) => Rc::ptr_eq(x, y),
        (Native(x), Native(y)) => x.py_eq(&**y),
        _ => match (num_of(a), num_of(b)) {
            (Some(x), Some(y)) => x.py_eq(&y),
            _ => false,
        },
    }
}

/// The scalar db value of a number, to reuse `sql::value`'s mixed-type numeric rules.
fn num_of(v: &Value) -> Option<crate::sql::value::Value> {
    use crate::sql::value::Value as S;
    Some(match v {
        Value::Bool(b) => S::Bool(*b),
        Value::Int(i) => S::Int(*i),
        Value::Float(f) => S::Float(*f),
        Value::Decimal(d) => S::Decimal(*d),
        _ => return None,
    })
}

impl PartialEq for HashKey {
    fn eq(&self, other: &HashKey) -> bool {
        self.1 == other.1 && key_eq(&self.0, &other.0)
    }
}
impl Eq for HashKey {}
impl std::hash::Hash for HashKey {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        h.write_u64(self.1)
    }
}
