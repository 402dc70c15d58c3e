//! Python's operators over interpreter values: arithmetic with int/float/bool/
//! Decimal mixing and Python's exact error texts, sequence concatenation and
//! repetition, set algebra, comparisons (chained comparisons are driven by
//! `eval`), identity, membership, truthiness, and subscripting with slices.
//! Natives get the first word through `Native::binop`/`compare`/`unary`/…

use super::common::{is_same, overflow, range_len, recursion_error, type_name};
use super::value::{HashKey, Value};
use super::Interp;
use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::syntax::ast::{BinOp, CmpOp, UnaryOp};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::rc::Rc;

#[path = "ops_items.rs"]
mod items;

fn zero_div(msg: &str) -> Error {
    Error::new(ErrorKind::ZeroDivisionError, msg)
}

pub(crate) fn op_symbol(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mult => "*",
        BinOp::Div => "/",
        BinOp::FloorDiv => "//",
        BinOp::Mod => "%",
        BinOp::Pow => "** or pow()",
        BinOp::MatMult => "@",
        BinOp::LShift => "<<",
        BinOp::RShift => ">>",
        BinOp::BitOr => "|",
        BinOp::BitXor => "^",
        BinOp::BitAnd => "&",
    }
}

fn cmp_symbol(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "==",
        CmpOp::NotEq => "!=",
        CmpOp::Lt => "<",
        CmpOp::LtE => "<=",
        CmpOp::Gt => ">",
        CmpOp::GtE => ">=",
        CmpOp::Is => "is",
        CmpOp::IsNot => "is not",
        CmpOp::In => "in",
        CmpOp::NotIn => "not in",
    }
}

/// The comparison Python tries on the right operand (`a < b` → `b > a`).
pub(crate) fn swapped(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::LtE => CmpOp::GtE,
        CmpOp::GtE => CmpOp::LtE,
        other => other,
    }
}

#[derive(Clone, Copy)]
enum Num {
    I(i64),
    F(f64),
    D(Decimal),
}

fn num(v: &Value) -> Option<Num> {
    match v {
        Value::Bool(b) => Some(Num::I(*b as i64)),
        Value::Int(i) => Some(Num::I(*i)),
        Value::Float(f) => Some(Num::F(*f)),
        Value::Decimal(d) => Some(Num::D(*d)),
        _ => None,
    }
}

fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Bool(b) => Some(*b as i64),
        Value::Int(i) => Some(*i),
        _ => None,
    }
}

/// Python's float divmod (`Objects/floatobject.c`), `b != 0`.
pub(crate) fn float_divmod(a: f64, b: f64) -> (f64, f64) {
    let mut m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(a / b)
    };
    (floordiv, m)
}

pub(crate) fn int_floordiv(a: i64, b: i64) -> Result<i64> {
    if b == 0 {
        return Err(zero_div("integer division or modulo by zero"));
    }
    let q = a.checked_div(b).ok_or_else(overflow)?;
    Ok(if a % b != 0 && ((a < 0) != (b < 0)) { q - 1 } else { q })
}

pub(crate) fn int_mod(a: i64, b: i64) -> Result<i64> {
    if b == 0 {
        return Err(zero_div("integer modulo by zero"));
    }
    let r = a.checked_rem(b).unwrap_or(0);
    Ok(if r != 0 && ((r < 0) != (b < 0)) { r + b } else { r })
}

fn int_pow(a: i64, b: i64) -> Result<Value> {
    if b < 0 {
        if a == 0 {
            return Err(zero_div("0.0 cannot be raised to a negative power"));
        }
        return Ok(Value::Float((a as f64).powf(b as f64)));
    }
    if a == 0 || a == 1 {
        return Ok(Value::Int(if b == 0 { 1 } else { a }));
    }
    if a == -1 {
        return Ok(Value::Int(if b % 2 == 0 { 1 } else { -1 }));
    }
    let e = u32::try_from(b).map_err(|_| overflow())?;
    a.checked_pow(e).map(Value::Int).ok_or_else(overflow)
}

fn float_pow(a: f64, b: f64) -> Result<f64> {
    if a == 0.0 && b < 0.0 {
        return Err(zero_div("0.0 cannot be raised to a negative power"));
    }
    if a < 0.0 && b.fract() != 0.0 && b.is_finite() {
        return Err(crate::exc::not_implemented("complex numbers are not supported in ormsh"));
    }
    let r = a.powf(b);
    if r.is_infinite() && a.is_finite() && b.is_finite() {
        return Err(Error::new(ErrorKind::OverflowError, "(34, 'Numerical result out of range')"));
    }
    Ok(r)
}

fn dec(d: Option<Decimal>) -> Result<Value> {
    d.map(Value::Decimal).ok_or_else(|| Error::new(ErrorKind::OverflowError, "decimal overflow"))
}

fn decimal_pow(a: Decimal, b: i64) -> Result<Value> {
    let mut acc = Decimal::ONE;
    for _ in 0..b.unsigned_abs().min(10_000) {
        acc = acc.checked_mul(a).ok_or_else(|| Error::new(ErrorKind::OverflowError, "decimal overflow"))?;
    }
    if b < 0 {
        if acc.is_zero() {
            return Err(zero_div("[<class 'decimal.DivisionByZero'>]"));
        }
        return dec(Decimal::ONE.checked_div(acc));
    }
    Ok(Value::Decimal(acc))
}

/// Decimal division with Python's context (28 significant digits) and, for an
/// exact quotient, its ideal exponent (`Decimal('1.00') / 2 == Decimal('0.50')`).
fn decimal_div(x: Decimal, y: Decimal) -> Result<Decimal> {
    let q = x.checked_div(y).ok_or_else(|| Error::new(ErrorKind::OverflowError, "decimal overflow"))?;
    let exact = q.checked_mul(y) == Some(x);
    if exact {
        let mut n = q.normalize();
        let ideal = x.scale().saturating_sub(y.scale());
        if n.scale() < ideal {
            n.rescale(ideal);
        }
        return Ok(n);
    }
    let int_digits = q.abs().trunc().to_string().trim_start_matches('0').len() as u32;
    Ok(q.round_dp_with_strategy(28u32.saturating_sub(int_digits), rust_decimal::RoundingStrategy::MidpointNearestEven))
}

fn numeric_binop(op: BinOp, a: Num, b: Num, both_bool: bool) -> Result<Option<Value>> {
    use BinOp::*;
    Ok(Some(match (a, b) {
        (Num::I(x), Num::I(y)) => match op {
            Add => Value::Int(x.checked_add(y).ok_or_else(overflow)?),
            Sub => Value::Int(x.checked_sub(y).ok_or_else(overflow)?),
            Mult => Value::Int(x.checked_mul(y).ok_or_else(overflow)?),
            Div => {
                if y == 0 {
                    return Err(zero_div("division by zero"));
                }
                Value::Float(x as f64 / y as f64)
            }
            FloorDiv => Value::Int(int_floordiv(x, y)?),
            Mod => Value::Int(int_mod(x, y)?),
            Pow => int_pow(x, y)?,
            LShift => {
                if y < 0 {
                    return Err(Error::new(ErrorKind::ValueError, "negative shift count"));
                }
                if x == 0 {
                    Value::Int(0)
                } else if y >= 63 {
                    return Err(overflow());
                } else {
                    let r = x << y;
                    if r >> y != x {
                        return Err(overflow());
                    }
                    Value::Int(r)
                }
            }
            RShift => {
                if y < 0 {
                    return Err(Error::new(ErrorKind::ValueError, "negative shift count"));
                }
                Value::Int(if y >= 64 { if x < 0 { -1 } else { 0 } } else { x >> y })
            }
            BitOr if both_bool => Value::Bool((x | y) != 0),
            BitAnd if both_bool => Value::Bool((x & y) != 0),
            BitXor if both_bool => Value::Bool((x ^ y) != 0),
            BitOr => Value::Int(x | y),
            BitAnd => Value::Int(x & y),
            BitXor => Value::Int(x ^ y),
            MatMult => return Ok(None),
        },
        (Num::D(_), Num::F(_)) | (Num::F(_), Num::D(_)) => return Ok(None),
        (Num::D(_), _) | (_, Num::D(_)) => {
            let to_d = |n: Num| match n {
                Num::I(i) => Decimal::from(i),
                Num::D(d) => d,
                Num::F(_) => Decimal::ZERO,
            };
            let (x, y) = (to_d(a), to_d(b));
            match op {
                Add => dec(x.checked_add(y))?,
                Sub => dec(x.checked_sub(y))?,
                Mult => dec(x.checked_mul(y))?,
                Div | FloorDiv | Mod if y.is_zero() => {
                    return Err(zero_div(if op == Mod {
                        "[<class 'decimal.InvalidOperation'>]"
                    } else {
                        "[<class 'decimal.DivisionByZero'>]"
                    }))
                }
                Div => Value::Decimal(decimal_div(x, y)?),
                FloorDiv => dec(x.checked_div(y).map(|q| q.trunc()))?,
                Mod => dec(x.checked_rem(y))?,
                Pow => match b {
                    Num::I(e) => decimal_pow(x, e)?,
                    _ => return Err(crate::exc::not_implemented("Decimal ** Decimal is not supported in ormsh")),
                },
                _ => return Ok(None),
            }
        }
        _ => {
            let f = |n: Num| match n {
                Num::I(i) => i as f64,
                Num::F(f) => f,
                Num::D(d) => d.to_f64().unwrap_or(0.0),
            };
            let (x, y) = (f(a), f(b));
            match op {
                Add => Value::Float(x + y),
                Sub => Value::Float(x - y),
                Mult => Value::Float(x * y),
                Div => {
                    if y == 0.0 {
                        return Err(zero_div("float division by zero"));
                    }
                    Value::Float(x / y)
                }
                FloorDiv => {
                    if y == 0.0 {
                        return Err(zero_div("float floor division by zero"));
                    }
                    Value::Float(float_divmod(x, y).0)
                }
                Mod => {
                    if y == 0.0 {
                        return Err(zero_div("float modulo"));
                    }
                    Value::Float(float_divmod(x, y).1)
                }
                Pow => Value::Float(float_pow(x, y)?),
                _ => return Ok(None),
            }
        }
    }))
}

fn repeat<T: Clone>(items: &[T], n: i64) -> Result<Vec<T>> {
    let n = n.max(0) as usize;
    if items.len().saturating_mul(n) > 50_000_000 {
        return Err(Error::new(ErrorKind::OverflowError, "repeated sequence is too long"));
    }
    let mut out = Vec::with_capacity(items.len() * n);
    for _ in 0..n {
        out.extend_from_slice(items);
    }
    Ok(out)
}

fn is_seq(v: &Value) -> bool {
    matches!(v, Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_))
}

fn set_of(items: indexmap::IndexMap<HashKey, ()>) -> Value {
    Value::Set(Rc::new(RefCell::new(items)))
}

impl Interp {
    /// `a op b` with Python's rules (natives first, then the builtin types).
    pub fn binop(&mut self, op: BinOp, a: &Value, b: &Value) -> Result<Value> {
        if let Value::Native(n) = a {
            if let Some(r) = n.clone().binop(self, op, b, false) {
                return r;
            }
        }
        if let Value::Native(n) = b {
            if let Some(r) = n.clone().binop(self, op, a, true) {
                return r;
            }
        }
        if let (Some(x), Some(y)) = (num(a), num(b)) {
            let both_bool = matches!((a, b), (Value::Bool(_), Value::Bool(_)));
            if let Some(v) = numeric_binop(op, x, y, both_bool)? {
                return Ok(v);
            }
            return Err(self.unsupported(op, a, b));
        }
        if let Some(v) = self.sequence_binop(op, a, b)? {
            return Ok(v);
        }
        if op == BinOp::Sub {
            if let Some(r) = super::timedelta::difference(a, b) {
                return r;
            }
        }
        Err(self.unsupported(op, a, b))
    }

    fn unsupported(&self, op: BinOp, a: &Value, b: &Value) -> Error {
        type_error(format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            op_symbol(op),
            type_name(a),
            type_name(b)
        ))
    }

    fn sequence_binop(&mut self, op: BinOp, a: &Value, b: &Value) -> Result<Option<Value>> {
        use Value::*;
        Ok(Some(match (op, a, b) {
            (BinOp::Add, Str(x), Str(y)) => {
                let mut s = String::with_capacity(x.len() + y.len());
                s.push_str(x);
                s.push_str(y);
                Value::Str(Rc::from(s))
            }
            (BinOp::Add, Str(_), other) => {
                return Err(type_error(format!("can only concatenate str (not \"{}\") to str", type_name(other))))
            }
            (BinOp::Add, List(x), List(y)) => {
                let mut v = x.borrow().clone();
                v.extend(y.borrow().iter().cloned());
                Value::list(v)
            }
            (BinOp::Add, List(_), other) => {
                return Err(type_error(format!("can only concatenate list (not \"{}\") to list", type_name(other))))
            }
            (BinOp::Add, Tuple(x), Tuple(y)) => Value::tuple(x.iter().chain(y.iter()).cloned().collect()),
            (BinOp::Add, Tuple(_), other) => {
                return Err(type_error(format!("can only concatenate tuple (not \"{}\") to tuple", type_name(other))))
            }
            (BinOp::Add, Bytes(x), Bytes(y)) => Value::Bytes(x.iter().chain(y.iter()).copied().collect()),
            (BinOp::Add, Bytes(_), other) => {
                return Err(type_error(format!("can't concat {} to bytes", type_name(other))))
            }
            (BinOp::Mult, _, _) if is_seq(a) || is_seq(b) => {
                let (seq, count) = match (int_of(a), int_of(b)) {
                    (_, Some(n)) if is_seq(a) => (a, n),
                    (Some(n), _) if is_seq(b) => (b, n),
                    _ => {
                        let other = if is_seq(a) { b } else { a };
                        return Err(type_error(format!(
                            "can't multiply sequence by non-int of type '{}'",
                            type_name(other)
                        )));
                    }
                };
                match seq {
                    Str(s) => {
                        if s.len().saturating_mul(count.max(0) as usize) > 50_000_000 {
                            return Err(Error::new(ErrorKind::OverflowError, "repeated string is too long"));
                        }
                        Value::Str(Rc::from(s.repeat(count.max(0) as usize)))
                    }
                    List(l) => Value::list(repeat(&l.borrow(), count)?),
                    Tuple(t) => Value::tuple(repeat(t, count)?),
                    Bytes(bs) => Value::Bytes(Rc::from(repeat(bs, count)?)),
                    _ => return Ok(Option::None),
                }
            }
            (BinOp::Mod, Str(fmt), args) => Value::Str(Rc::from(self.percent_format(fmt, args)?)),
            (BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor, Set(x), Set(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                let out: indexmap::IndexMap<HashKey, ()> = match op {
                    BinOp::BitOr => x.keys().chain(y.keys()).map(|k| (k.clone(), ())).collect(),
                    BinOp::BitAnd => x.keys().filter(|k| y.contains_key(*k)).map(|k| (k.clone(), ())).collect(),
                    BinOp::Sub => x.keys().filter(|k| !y.contains_key(*k)).map(|k| (k.clone(), ())).collect(),
                    _ => x
                        .keys()
                        .filter(|k| !y.contains_key(*k))
                        .chain(y.keys().filter(|k| !x.contains_key(*k)))
                        .map(|k| (k.clone(), ()))
                        .collect(),
                };
                set_of(out)
            }
            (BinOp::BitOr, Dict(x), Dict(y)) => {
                let mut d = x.borrow().clone();
                for (k, v) in y.borrow().iter() {
                    d.insert(k.clone(), v.clone());
                }
                Value::Dict(Rc::new(RefCell::new(d)))
            }
            _ => return Ok(Option::None),
        }))
    }

    /// `a op= b`: lists, sets and dicts change in place as in Python; others rebind.
    pub(crate) fn inplace_op(&mut self, op: BinOp, a: Value, b: &Value) -> Result<Value> {
        match (&a, op, b) {
            (Value::List(l), BinOp::Add, _) if !matches!(b, Value::Native(_)) => {
                let items = if let Value::List(r) = b { r.borrow().clone() } else { self.iterate(b)? };
                l.borrow_mut().extend(items);
                Ok(a)
            }
            (Value::Set(s), BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor, Value::Set(_)) => {
                let new = self.binop(op, &a, b)?;
                if let Value::Set(n) = &new {
                    let items = n.borrow().clone();
                    *s.borrow_mut() = items;
                }
                Ok(a)
            }
            (Value::Dict(d), BinOp::BitOr, Value::Dict(o)) => {
                let items: Vec<_> = o.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                d.borrow_mut().extend(items);
                Ok(a)
            }
            _ => self.binop(op, &a, b),
        }
    }

    /// `-x`, `+x`, `~x` (`not x` is `truthy`).
    pub fn unary(&mut self, op: UnaryOp, v: &Value) -> Result<Value> {
        if let Value::Native(n) = v {
            if let Some(r) = n.clone().unary(self, op) {
                return r;
            }
        }
        let r = match (op, v) {
            (UnaryOp::Not, _) => Some(Value::Bool(!self.truthy(v)?)),
            (UnaryOp::Neg, Value::Bool(b)) => Some(Value::Int(-(*b as i64))),
            (UnaryOp::Neg, Value::Int(i)) => Some(Value::Int(i.checked_neg().ok_or_else(overflow)?)),
            (UnaryOp::Neg, Value::Float(f)) => Some(Value::Float(-f)),
            (UnaryOp::Neg, Value::Decimal(d)) => Some(Value::Decimal(-*d)),
            (UnaryOp::Pos, Value::Bool(b)) => Some(Value::Int(*b as i64)),
            (UnaryOp::Pos, Value::Int(_) | Value::Float(_) | Value::Decimal(_)) => Some(v.clone()),
            (UnaryOp::Invert, Value::Bool(b)) => Some(Value::Int(!(*b as i64))),
            (UnaryOp::Invert, Value::Int(i)) => Some(Value::Int(!i)),
            _ => None,
        };
        r.ok_or_else(|| {
            let sym = match op {
                UnaryOp::Neg => "-",
                UnaryOp::Pos => "+",
                _ => "~",
            };
            type_error(format!("bad operand type for unary {}: '{}'", sym, type_name(v)))
        })
    }

    /// `bool(x)`.
    pub fn truthy(&mut self, v: &Value) -> Result<bool> {
        Ok(match v {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Decimal(d) => !d.is_zero(),
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) => !d.borrow().is_empty(),
            Value::Set(s) => !s.borrow().is_empty(),
            Value::Range(..) => range_len(v) > 0,
            Value::Native(n) => {
                if let Some(r) = n.len(self) {
                    return Ok(r? > 0);
                }
                n.truthy(self)?
            }
            _ => true,
        })
    }

    /// `a op b` for one comparison operator.
    pub fn compare(&mut self, op: CmpOp, a: &Value, b: &Value) -> Result<Value> {
        match op {
            CmpOp::Is => return Ok(Value::Bool(is_same(a, b))),
            CmpOp::IsNot => return Ok(Value::Bool(!is_same(a, b))),
            CmpOp::In => return Ok(Value::Bool(self.contains(b, a)?)),
            CmpOp::NotIn => return Ok(Value::Bool(!self.contains(b, a)?)),
            _ => {}
        }
        if let Value::Native(n) = a {
            if let Some(r) = n.clone().compare(self, op, b, false) {
                return r;
            }
        }
        if let Value::Native(n) = b {
            if let Some(r) = n.clone().compare(self, swapped(op), a, true) {
                return r;
            }
        }
        match op {
            CmpOp::Eq => Ok(Value::Bool(self.eq_builtin(a, b, 0)?)),
            CmpOp::NotEq => Ok(Value::Bool(!self.eq_builtin(a, b, 0)?)),
            _ => Ok(Value::Bool(self.order(op, a, b, 0)?)),
        }
    }

    /// Python `a == b` as a bool (natives' `compare` first, then identity/builtin rules).
    pub fn py_eq(&mut self, a: &Value, b: &Value) -> Result<bool> {
        if is_same(a, b) && !matches!(a, Value::Float(f) if f.is_nan()) {
            return Ok(true);
        }
        self.eq_depth(a, b, 0)
    }

    fn eq_depth(&mut self, a: &Value, b: &Value, depth: usize) -> Result<bool> {
        if matches!(a, Value::Native(_)) || matches!(b, Value::Native(_)) {
            let r = self.compare(CmpOp::Eq, a, b)?;
            return self.truthy(&r);
        }
        self.eq_builtin(a, b, depth)
    }

    fn eq_builtin(&mut self, a: &Value, b: &Value, depth: usize) -> Result<bool> {
        use Value::*;
        if depth > super::MAX_DEPTH {
            return Err(recursion_error());
        }
        let elem_eq = |this: &mut Interp, x: &Value, y: &Value| -> Result<bool> {
            Ok(is_same(x, y) || this.eq_depth(x, y, depth + 1)?)
        };
        Ok(match (a, b) {
            (List(x), List(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (p, q) in x.iter().zip(y.iter()) {
                    if !elem_eq(self, p, q)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Tuple(x), Tuple(y)) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (p, q) in x.iter().zip(y.iter()) {
                    if !elem_eq(self, p, q)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Dict(x), Dict(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (k, v) in x.iter() {
                    match y.get(k) {
                        Some(w) => {
                            if !elem_eq(self, v, w)? {
                                return Ok(false);
                            }
                        }
                        Option::None => return Ok(false),
                    }
                }
                true
            }
            (Set(x), Set(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                x.len() == y.len() && x.keys().all(|k| y.contains_key(k))
            }
            (Range(..), Range(..)) => {
                let (la, lb) = (range_len(a), range_len(b));
                match (a, b) {
                    (Range(s1, _, st1), Range(s2, _, st2)) => la == lb && (la == 0 || (s1 == s2 && (la == 1 || st1 == st2))),
                    _ => false,
                }
            }
            (Slice(x), Slice(y)) => {
                elem_eq(self, &x.0, &y.0)? && elem_eq(self, &x.1, &y.1)? && elem_eq(self, &x.2, &y.2)?
            }
            (Method(x), Method(y)) => is_same(&x.0, &y.0) && x.1 == y.1,
            _ => match (num(a), num(b)) {
                (Some(_), Some(_)) => super::value::key_eq(a, b),
                _ => match (a, b) {
                    (List(_) | Tuple(_) | Dict(_) | Set(_), _) | (_, List(_) | Tuple(_) | Dict(_) | Set(_)) => false,
                    _ => super::value::key_eq(a, b),
                },
            },
        })
    }

    /// Ordering comparison of builtin values (`<`, `<=`, `>`, `>=`).
    fn order(&mut self, op: CmpOp, a: &Value, b: &Value, depth: usize) -> Result<bool> {
        use Value::*;
        if depth > super::MAX_DEPTH {
            return Err(recursion_error());
        }
        let ord = match (a, b) {
            (List(_), List(_)) | (Tuple(_), Tuple(_)) => {
                let x = self.iterate(a)?;
                let y = self.iterate(b)?;
                for (p, q) in x.iter().zip(y.iter()) {
                    if !(is_same(p, q) || self.eq_depth(p, q, depth + 1)?) {
                        let r = match (p, q) {
                            (Native(_), _) | (_, Native(_)) => {
                                let v = self.compare(op, p, q)?;
                                self.truthy(&v)?
                            }
                            _ => self.order(op, p, q, depth + 1)?,
                        };
                        return Ok(r);
                    }
                }
                Some(x.len().cmp(&y.len()))
            }
            (Set(x), Set(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                let sub = x.keys().all(|k| y.contains_key(k));
                let sup = y.keys().all(|k| x.contains_key(k));
                return Ok(match op {
                    CmpOp::Lt => sub && x.len() < y.len(),
                    CmpOp::LtE => sub,
                    CmpOp::Gt => sup && x.len() > y.len(),
                    _ => sup,
                });
            }
            (Str(x), Str(y)) => Some(x.cmp(y)),
            (Bytes(x), Bytes(y)) => Some(x.cmp(y)),
            (Date(x), Date(y)) => Some(x.cmp(y)),
            (DateTime(x), DateTime(y)) => Some(x.cmp(y)),
            (Time(x), Time(y)) => Some(x.cmp(y)),
            _ => match (num(a), num(b)) {
                (Some(x), Some(y)) => num_cmp(x, y),
                _ => {
                    return Err(type_error(format!(
                        "'{}' not supported between instances of '{}' and '{}'",
                        cmp_symbol(op),
                        type_name(a),
                        type_name(b)
                    )))
                }
            },
        };
        Ok(match ord {
            Option::None => false,
            Some(o) => match op {
                CmpOp::Lt => o == Ordering::Less,
                CmpOp::LtE => o != Ordering::Greater,
                CmpOp::Gt => o == Ordering::Greater,
                _ => o != Ordering::Less,
            },
        })
    }

    /// Total order used by `sorted`/`min`/`max`: `a < b`.
    pub(crate) fn less_than(&mut self, a: &Value, b: &Value) -> Result<bool> {
        let r = self.compare(CmpOp::Lt, a, b)?;
        self.truthy(&r)
    }

}

fn num_cmp(a: Num, b: Num) -> Option<Ordering> {
    match (a, b) {
        (Num::I(x), Num::I(y)) => Some(x.cmp(&y)),
        (Num::D(x), Num::D(y)) => Some(x.cmp(&y)),
        (Num::D(x), Num::I(y)) => Some(x.cmp(&Decimal::from(y))),
        (Num::I(x), Num::D(y)) => Some(Decimal::from(x).cmp(&y)),
        (Num::D(x), Num::F(y)) => match Decimal::from_f64(y) {
            Some(yd) if y.is_finite() => Some(x.cmp(&yd)),
            _ => x.to_f64().and_then(|xf| xf.partial_cmp(&y)),
        },
        (Num::F(x), Num::D(y)) => num_cmp(Num::D(y), Num::F(x)).map(Ordering::reverse),
        (Num::I(x), Num::F(y)) => (x as f64).partial_cmp(&y),
        (Num::F(x), Num::I(y)) => x.partial_cmp(&(y as f64)),
        (Num::F(x), Num::F(y)) => x.partial_cmp(&y),
    }
}
