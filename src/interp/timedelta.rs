//! `datetime.timedelta`, for the date arithmetic scripts do on loaded values
//! (`p.released + timedelta(days=30)`, `d2 - d1`) before they assign or
//! compare them. Kept as whole microseconds, shown as Python shows it.

use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::interp::value::{Args, Native, Value};
use crate::interp::Interp;
use crate::syntax::ast::{BinOp, CmpOp, UnaryOp};
use std::any::Any;
use std::rc::Rc;

const MICROS_PER_DAY: i128 = 86_400_000_000;

/// A duration in microseconds (Python's `timedelta`, whose range is wider than
/// any a script reaches; out of `i64` range is an OverflowError).
pub struct Timedelta(pub i64);

impl Timedelta {
    pub fn value(micros: i128) -> Result<Value> {
        i64::try_from(micros)
            .map(|m| Value::native(Timedelta(m)))
            .map_err(|_| Error::new(ErrorKind::OverflowError, "date value out of range"))
    }
    /// (days, seconds, microseconds), normalised as Python does: only days negative.
    fn parts(&self) -> (i64, i64, i64) {
        let m = self.0 as i128;
        let days = m.div_euclid(MICROS_PER_DAY);
        let rest = m.rem_euclid(MICROS_PER_DAY);
        (days as i64, (rest / 1_000_000) as i64, (rest % 1_000_000) as i64)
    }
}

/// `timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)`.
pub fn construct(args: &mut Args) -> Result<Value> {
    const NAMES: [(&str, f64); 7] = [
        ("days", 86_400e6),
        ("seconds", 1e6),
        ("microseconds", 1.0),
        ("milliseconds", 1e3),
        ("minutes", 60e6),
        ("hours", 3_600e6),
        ("weeks", 604_800e6),
    ];
    let mut total: f64 = 0.0;
    let mut exact: i128 = 0;
    let positional = std::mem::take(&mut args.positional);
    if positional.len() > NAMES.len() {
        return Err(type_error(format!("timedelta() takes at most 7 arguments ({} given)", positional.len())));
    }
    let mut given: Vec<(&str, Value)> = positional.into_iter().enumerate().map(|(i, v)| (NAMES[i].0, v)).collect();
    for (k, v) in std::mem::take(&mut args.keywords) {
        match NAMES.iter().find(|(n, _)| **n == *k) {
            Some((n, _)) if given.iter().any(|(g, _)| g == n) => {
                return Err(type_error(format!("argument for timedelta() given by name ('{}') and position", n)))
            }
            Some((n, _)) => given.push((n, v)),
            None => return Err(type_error(format!("'{}' is an invalid keyword argument for __new__()", k))),
        }
    }
    for (name, v) in given {
        let scale = NAMES.iter().find(|(n, _)| *n == name).map_or(1.0, |(_, s)| *s);
        match v {
            Value::Int(i) => exact += i as i128 * scale as i128,
            Value::Bool(b) => exact += b as i128 * scale as i128,
            Value::Float(f) => total += f * scale,
            other => {
                return Err(type_error(format!(
                    "unsupported type for timedelta {} component: {}",
                    name,
                    crate::interp::common::type_name(&other)
                )))
            }
        }
    }
    Timedelta::value(exact + total.round() as i128)
}

impl Native for Timedelta {
    fn type_name(&self) -> String {
        "timedelta".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        let (d, s, us) = self.parts();
        let mut parts = Vec::new();
        if d != 0 {
            parts.push(format!("days={}", d));
        }
        if s != 0 {
            parts.push(format!("seconds={}", s));
        }
        if us != 0 {
            parts.push(format!("microseconds={}", us));
        }
        if parts.is_empty() {
            parts.push("0".into());
        }
        Ok(format!("datetime.timedelta({})", parts.join(", ")))
    }
    fn str(&self, _cx: &mut Interp) -> Result<String> {
        let (d, s, us) = self.parts();
        let mut out = String::new();
        if d != 0 {
            out = format!("{} day{}, ", d, if d.abs() == 1 { "" } else { "s" });
        }
        out.push_str(&format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60));
        if us != 0 {
            out.push_str(&format!(".{:06}", us));
        }
        Ok(out)
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        let (d, s, us) = self.parts();
        Ok(match name {
            "days" => Some(Value::Int(d)),
            "seconds" => Some(Value::Int(s)),
            "microseconds" => Some(Value::Int(us)),
            _ => None,
        })
    }
    fn call_method(self: Rc<Self>, _cx: &mut Interp, name: &str, _args: &mut Args) -> Option<Result<Value>> {
        match name {
            "total_seconds" => Some(Ok(Value::Float(self.0 as f64 / 1e6))),
            _ => None,
        }
    }
    fn binop(self: Rc<Self>, _cx: &mut Interp, op: BinOp, other: &Value, reflected: bool) -> Option<Result<Value>> {
        let me = self.0 as i128;
        let other_td = other.downcast::<Timedelta>().map(|t| t.0 as i128);
        let shift = |micros: i128| chrono::Duration::microseconds(micros as i64);
        Some(match (op, other, other_td) {
            (BinOp::Add, _, Some(o)) => Timedelta::value(me + o),
            (BinOp::Sub, _, Some(o)) => Timedelta::value(if reflected { o - me } else { me - o }),
            (BinOp::Div | BinOp::FloorDiv, _, Some(o)) if o != 0 && !reflected => Ok(if op == BinOp::Div {
                Value::Float(me as f64 / o as f64)
            } else {
                Value::Int(me.div_euclid(o) as i64)
            }),
            (BinOp::Mult, Value::Int(n), None) => Timedelta::value(me * *n as i128),
            (BinOp::Mult, Value::Float(f), None) => Timedelta::value((me as f64 * f).round() as i128),
            (BinOp::Div | BinOp::FloorDiv, Value::Int(n), None) if *n != 0 && !reflected => {
                Timedelta::value(if op == BinOp::Div { (me as f64 / *n as f64).round() as i128 } else { me.div_euclid(*n as i128) })
            }
            // date ± timedelta uses the whole days only, as Python's date does
            (BinOp::Add, Value::Date(d), None) => date_shift(*d, self.parts().0),
            (BinOp::Sub, Value::Date(d), None) if reflected => date_shift(*d, -self.parts().0),
            (BinOp::Add, Value::DateTime(d), None) => {
                d.checked_add_signed(shift(me)).map(Value::DateTime).ok_or_else(overflow)
            }
            (BinOp::Sub, Value::DateTime(d), None) if reflected => {
                d.checked_sub_signed(shift(me)).map(Value::DateTime).ok_or_else(overflow)
            }
            _ => return None,
        })
    }
    fn compare(self: Rc<Self>, _cx: &mut Interp, op: CmpOp, other: &Value, _reflected: bool) -> Option<Result<Value>> {
        let o = match other.downcast::<Timedelta>() {
            Some(t) => t.0,
            None => {
                return match op {
                    CmpOp::Eq => Some(Ok(Value::Bool(false))),
                    CmpOp::NotEq => Some(Ok(Value::Bool(true))),
                    _ => None,
                }
            }
        };
        let me = self.0;
        Some(Ok(Value::Bool(match op {
            CmpOp::Eq => me == o,
            CmpOp::NotEq => me != o,
            CmpOp::Lt => me < o,
            CmpOp::LtE => me <= o,
            CmpOp::Gt => me > o,
            CmpOp::GtE => me >= o,
            _ => return None,
        })))
    }
    fn unary(self: Rc<Self>, _cx: &mut Interp, op: UnaryOp) -> Option<Result<Value>> {
        match op {
            UnaryOp::Neg => Some(Timedelta::value(-(self.0 as i128))),
            UnaryOp::Pos => Some(Ok(Value::Native(self))),
            _ => None,
        }
    }
    fn truthy(&self, _cx: &mut Interp) -> Result<bool> {
        Ok(self.0 != 0)
    }
    fn hash_key(&self) -> Option<u64> {
        Some(self.0 as u64)
    }
    fn py_eq(&self, other: &dyn Native) -> bool {
        other.as_any().downcast_ref::<Timedelta>().is_some_and(|o| o.0 == self.0)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn overflow() -> Error {
    Error::new(ErrorKind::OverflowError, "date value out of range")
}

fn date_shift(d: chrono::NaiveDate, days: i64) -> Result<Value> {
    d.checked_add_signed(chrono::Duration::days(days)).map(Value::Date).ok_or_else(overflow)
}

/// `date - date` and `datetime - datetime`: the timedelta between them.
pub fn difference(a: &Value, b: &Value) -> Option<Result<Value>> {
    let micros = match (a, b) {
        (Value::Date(x), Value::Date(y)) => (*x - *y).num_days() as i128 * MICROS_PER_DAY,
        (Value::DateTime(x), Value::DateTime(y)) => (*x - *y).num_microseconds()? as i128,
        _ => return None,
    };
    Some(Timedelta::value(micros))
}
