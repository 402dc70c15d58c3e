//! Scalar values as they travel between the ORM, the SQL compiler and the
//! drivers: bind parameters, result cells and column attribute values.
//!
//! Python-facing conversions (repr, `Decimal('9.99')`, `datetime.date(…)`) live
//! here too, because the shell and the trace both need exactly Python's text.

use rust_decimal::Decimal;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// One database-level value. `Null` is Python's `None`.
#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Decimal(Decimal),
    Str(String),
    Bytes(Vec<u8>),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Time(NaiveTime),
    /// A JSON document (column type `json`), kept as parsed JSON. Boxed: a
    /// `serde_json::Value` is 72 bytes and would make every value (every
    /// attribute of every loaded object, every key, every parameter) that big;
    /// boxed, `Value` is 32 bytes.
    Json(Box<serde_json::Value>),
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Python's `repr()` of the value.
    pub fn py_repr(&self) -> String {
        match self {
            Value::Null => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => float_repr(*f),
            Value::Decimal(d) => format!("Decimal('{}')", d),
            Value::Str(s) => str_repr(s),
            Value::Bytes(b) => bytes_repr(b),
            Value::Date(d) => format!("datetime.date({}, {}, {})", d.format("%Y"), d.format("%-m"), d.format("%-d")),
            Value::DateTime(dt) => datetime_repr(dt),
            Value::Time(t) => time_repr(t),
            Value::Json(j) => json_py_repr(j),
        }
    }

    /// Python's `str()` of the value.
    pub fn py_str(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Decimal(d) => d.to_string(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::DateTime(dt) => {
                if dt.and_utc().timestamp_subsec_micros() == 0 {
                    dt.format("%Y-%m-%d %H:%M:%S").to_string()
                } else {
                    dt.format("%Y-%m-%d %H:%M:%S%.6f").to_string()
                }
            }
            Value::Time(t) => {
                use chrono::Timelike;
                if t.nanosecond() == 0 { t.format("%H:%M:%S").to_string() } else { t.format("%H:%M:%S%.6f").to_string() }
            }
            other => other.py_repr(),
        }
    }

    /// Python equality (`1 == 1.0 == True`, `Decimal('1.0') == 1`).
    pub fn py_eq(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Null, Null) => true,
            (Str(a), Str(b)) => a == b,
            (Bytes(a), Bytes(b)) => a == b,
            (Date(a), Date(b)) => a == b,
            (DateTime(a), DateTime(b)) => a == b,
            (Time(a), Time(b)) => a == b,
            (Json(a), Json(b)) => a == b,
            (a, b) => match (a.as_number(), b.as_number()) {
                (Some(x), Some(y)) => x.eq(&y),
                _ => false,
            },
        }
    }

    /// Python ordering where Python defines one; `None` where it would raise TypeError.
    pub fn py_cmp(&self, other: &Value) -> Option<Ordering> {
        use Value::*;
        match (self, other) {
            (Str(a), Str(b)) => Some(a.cmp(b)),
            (Bytes(a), Bytes(b)) => Some(a.cmp(b)),
            (Date(a), Date(b)) => Some(a.cmp(b)),
            (DateTime(a), DateTime(b)) => Some(a.cmp(b)),
            (Time(a), Time(b)) => Some(a.cmp(b)),
            (a, b) => match (a.as_number(), b.as_number()) {
                (Some(x), Some(y)) => x.partial_cmp(&y),
                _ => None,
            },
        }
    }

    fn as_number(&self) -> Option<Num> {
        match self {
            Value::Bool(b) => Some(Num::I(*b as i64)),
            Value::Int(i) => Some(Num::I(*i)),
            Value::Float(f) => Some(Num::F(*f)),
            Value::Decimal(d) => Some(Num::D(*d)),
            _ => None,
        }
    }

    /// The Python type name (`int`, `str`, `Decimal`, `datetime`).
    pub fn py_type_name(&self) -> &'static str {
        match self {
            Value::Null => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Decimal(_) => "Decimal",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::Date(_) => "date",
            Value::DateTime(_) => "datetime",
            Value::Time(_) => "time",
            Value::Json(_) => "dict",
        }
    }
}

#[derive(Clone, Copy)]
enum Num {
    I(i64),
    F(f64),
    D(Decimal),
}

impl Num {
    fn eq(&self, o: &Num) -> bool {
        self.partial_cmp(o) == Some(Ordering::Equal)
    }
    fn partial_cmp(&self, o: &Num) -> Option<Ordering> {
        use rust_decimal::prelude::*;
        match (*self, *o) {
            (Num::I(a), Num::I(b)) => Some(a.cmp(&b)),
            (Num::D(a), Num::D(b)) => Some(a.cmp(&b)),
            (Num::D(a), Num::I(b)) => Some(a.cmp(&Decimal::from(b))),
            (Num::I(a), Num::D(b)) => Some(Decimal::from(a).cmp(&b)),
            // exact, as Python compares a Decimal with a float: Decimal('0.20') != 0.2
            (Num::D(a), Num::F(b)) => match Decimal::from_f64_retain(b) {
                Some(x) => Some(a.cmp(&x)),
                None => a.to_f64().and_then(|x| x.partial_cmp(&b)),
            },
            (Num::F(a), Num::D(b)) => match Decimal::from_f64_retain(a) {
                Some(x) => Some(x.cmp(&b)),
                None => b.to_f64().and_then(|x| a.partial_cmp(&x)),
            },
            (Num::I(a), Num::F(b)) => (a as f64).partial_cmp(&b),
            (Num::F(a), Num::I(b)) => a.partial_cmp(&(b as f64)),
            (Num::F(a), Num::F(b)) => a.partial_cmp(&b),
        }
    }
}

/// Equality and hashing with Python's rules, for identity keys and dict keys.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.py_eq(other)
    }
}
impl Eq for Value {}

impl Hash for Value {
    fn hash<H: Hasher>(&self, h: &mut H) {
        use rust_decimal::prelude::*;
        match self {
            Value::Null => 0u8.hash(h),
            // numbers equal in Python hash equal: hash integral values as i64
            Value::Bool(b) => (*b as i64).hash(h),
            Value::Int(i) => i.hash(h),
            Value::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9.2e18 { (*f as i64).hash(h) } else { f.to_bits().hash(h) }
            }
            Value::Decimal(d) => {
                if d.fract().is_zero() {
                    d.to_i64().unwrap_or(0).hash(h)
                } else {
                    d.to_f64().unwrap_or(0.0).to_bits().hash(h)
                }
            }
            Value::Str(s) => s.hash(h),
            Value::Bytes(b) => b.hash(h),
            Value::Date(d) => d.hash(h),
            Value::DateTime(d) => d.hash(h),
            Value::Time(t) => t.hash(h),
            Value::Json(j) => j.to_string().hash(h),
        }
    }
}

/// Python's `repr(float)`: shortest round-trip text, `1.0` not `1`, `inf`, `nan`, exponent form.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    let abs = f.abs();
    if (1e-4..1e16).contains(&abs) {
        let s = format!("{}", f);
        if s.contains('.') { s } else { format!("{}.0", s) }
    } else {
        // exponent form like Python: 1e+16, 1.5e-05
        let s = format!("{:e}", f);
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        format!("{}e{}{:02}", mant, if exp < 0 { "-" } else { "+" }, exp.abs())
    }
}

/// Python's `repr(str)`: single quotes unless the text has a single quote and no double quote.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c)
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr(bytes)`.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { '"' } else { '\'' };
    let mut out = String::from("b");
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char)
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{:02x}", c)),
        }
    }
    out.push(quote);
    out
}

fn datetime_repr(dt: &NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    let mut parts = vec![dt.year().to_string(), dt.month().to_string(), dt.day().to_string(), dt.hour().to_string(), dt.minute().to_string()];
    let us = dt.nanosecond() / 1000;
    if dt.second() != 0 || us != 0 {
        parts.push(dt.second().to_string());
    }
    if us != 0 {
        parts.push(us.to_string());
    }
    format!("datetime.datetime({})", parts.join(", "))
}

fn time_repr(t: &NaiveTime) -> String {
    use chrono::Timelike;
    let mut parts = vec![t.hour().to_string(), t.minute().to_string()];
    let us = t.nanosecond() / 1000;
    if t.second() != 0 || us != 0 {
        parts.push(t.second().to_string());
    }
    if us != 0 {
        parts.push(us.to_string());
    }
    format!("datetime.time({})", parts.join(", "))
}

/// A JSON document shown as the Python value `json.loads` would give.
pub fn json_py_repr(j: &serde_json::Value) -> String {
    use serde_json::Value as J;
    match j {
        J::Null => "None".into(),
        J::Bool(b) => if *b { "True".into() } else { "False".into() },
        J::Number(n) => {
            if let Some(i) = n.as_i64() { i.to_string() } else { float_repr(n.as_f64().unwrap_or(0.0)) }
        }
        J::String(s) => str_repr(s),
        J::Array(a) => format!("[{}]", a.iter().map(json_py_repr).collect::<Vec<_>>().join(", ")),
        J::Object(o) => format!(
            "{{{}}}",
            o.iter().map(|(k, v)| format!("{}: {}", str_repr(k), json_py_repr(v))).collect::<Vec<_>>().join(", ")
        ),
    }
}

// ----- text forms: SQLAlchemy's SQLite date/time strings, Python's json.dumps -----

fn bad_datetime(kind: &str, s: &str) -> crate::exc::Error {
    crate::exc::Error::new(crate::exc::ErrorKind::ValueError, format!("Couldn't parse {kind} string: '{s}'"))
}

fn split_fraction(s: &str) -> (&str, u32) {
    match s.split_once('.') {
        Some((main, frac)) => {
            let digits: String = frac.chars().take(6).collect();
            let padded = format!("{digits:0<6}");
            (main, padded.parse().unwrap_or(0))
        }
        None => (s, 0),
    }
}

/// SQLAlchemy's sqlite DATETIME regex: `YYYY-MM-DD[ HH:MM[:SS[.ffffff]]]` (`T` accepted).
pub fn parse_datetime(s: &str) -> crate::exc::Result<NaiveDateTime> {
    let t = s.trim();
    let (date, time) = match t.split_once([' ', 'T']) {
        Some((d, tm)) => (d, Some(tm)),
        None => (t, None),
    };
    let d = parse_date(date).map_err(|_| bad_datetime("datetime", s))?;
    let tm = match time {
        Some(tm) => parse_time(tm).map_err(|_| bad_datetime("datetime", s))?,
        None => NaiveTime::MIN,
    };
    Ok(d.and_time(tm))
}

pub fn parse_date(s: &str) -> crate::exc::Result<NaiveDate> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let nums: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    match nums.as_slice() {
        [y, m, d] if parts.len() == 3 => NaiveDate::from_ymd_opt(*y as i32, *m, *d).ok_or_else(|| bad_datetime("date", s)),
        _ => Err(bad_datetime("date", s)),
    }
}

pub fn parse_time(s: &str) -> crate::exc::Result<NaiveTime> {
    let (main, micros) = split_fraction(s.trim());
    let nums: Vec<u32> = main.split(':').filter_map(|p| p.parse().ok()).collect();
    let (h, m, sec) = match nums.as_slice() {
        [h, m] => (*h, *m, 0),
        [h, m, sec] => (*h, *m, *sec),
        _ => return Err(bad_datetime("time", s)),
    };
    NaiveTime::from_hms_micro_opt(h, m, sec, micros).ok_or_else(|| bad_datetime("time", s))
}

/// Python's `json.dumps(v)`: `", "` and `": "` separators, non-ASCII escaped.
pub fn py_json_dumps(j: &serde_json::Value) -> String {
    use serde_json::Value as J;
    match j {
        J::Null => "null".into(),
        J::Bool(b) => b.to_string(),
        J::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => match n.as_u64() {
                Some(u) => u.to_string(),
                None => {
                    let f = n.as_f64().unwrap_or(0.0);
                    if f.is_finite() {
                        float_repr(f)
                    } else if f.is_nan() {
                        "NaN".into()
                    } else if f > 0.0 {
                        "Infinity".into()
                    } else {
                        "-Infinity".into()
                    }
                }
            },
        },
        J::String(s) => json_str(s),
        J::Array(a) => format!("[{}]", a.iter().map(py_json_dumps).collect::<Vec<_>>().join(", ")),
        J::Object(o) => {
            format!("{{{}}}", o.iter().map(|(k, v)| format!("{}: {}", json_str(k), py_json_dumps(v))).collect::<Vec<_>>().join(", "))
        }
    }
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{:04x}", unit));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn reprs_match_python() {
        assert_eq!(float_repr(19.5), "19.5");
        assert_eq!(float_repr(1.0), "1.0");
        assert_eq!(float_repr(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1.5e-5), "1.5e-05");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(Value::Decimal("9.99".parse().unwrap()).py_repr(), "Decimal('9.99')");
        let d = NaiveDate::from_ymd_opt(2023, 5, 2).unwrap();
        assert_eq!(Value::Date(d).py_repr(), "datetime.date(2023, 5, 2)");
        let dt = d.and_hms_opt(12, 0, 0).unwrap();
        assert_eq!(Value::DateTime(dt).py_repr(), "datetime.datetime(2023, 5, 2, 12, 0)");
        assert_eq!(Value::DateTime(dt).py_str(), "2023-05-02 12:00:00");
    }
    #[test]
    fn python_numeric_equality() {
        assert_eq!(Value::Int(1), Value::Float(1.0));
        assert_eq!(Value::Bool(true), Value::Int(1));
        assert_eq!(Value::Decimal("2.0".parse().unwrap()), Value::Int(2));
        assert_ne!(Value::Str("1".into()), Value::Int(1));
    }
}
