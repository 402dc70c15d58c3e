//! Values between ormsh and the PostgreSQL wire format, for `engine::postgres`.
//!
//! [`PgValue`] decodes any result column into a [`Value`] as psycopg2 would hand
//! it to SQLAlchemy (int, float, `Decimal` for NUMERIC, bool, str, bytes, date
//! and time objects, decoded JSON, lists for arrays). [`PgParam`] encodes a
//! [`Value`] as the type the server inferred for its `$n` (an `int8` into an
//! `int4` column, a string into a `date` …), doing the conversions the server
//! would have done to psycopg2's literal. [`value_type`] gives the type a value
//! is prepared with, mirroring how the server types psycopg2's literals.

use crate::engine::pg_text;
use crate::sql::dialect::{parse_date, parse_datetime, parse_time, py_json_dumps};
use crate::sql::value::{float_repr, Value};
use bytes::{BufMut, BytesMut};
use postgres::types::{Format, FromSql, IsNull, Kind, ToSql, Type};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use std::error::Error;
use std::fmt;

type BoxError = Box<dyn Error + Sync + Send>;

/// A value the server's parameter type cannot take (the text mirrors the
/// server's own complaint about such a literal).
#[derive(Debug)]
pub struct BindError(pub String);

impl fmt::Display for BindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for BindError {}

fn refuse(ty: &Type, v: &Value) -> BoxError {
    let shown = match v {
        Value::Str(s) => s.clone(),
        other => other.py_str(),
    };
    Box::new(BindError(format!("invalid input syntax for type {}: \"{}\"", type_label(ty), shown)))
}

/// The server's name for a type in messages (`integer`, `bigint` …).
fn type_label(ty: &Type) -> &str {
    match ty.name() {
        "int2" => "smallint",
        "int4" => "integer",
        "int8" => "bigint",
        "float4" => "real",
        "float8" => "double precision",
        "bool" => "boolean",
        "timestamp" => "timestamp",
        other => other,
    }
}

/// The type a parameter is prepared with, as the server types psycopg2's literal
/// for the value: numbers, booleans, dates and bytes are typed; strings, JSON
/// text and NULL are untyped literals that take the type their context asks for.
pub fn value_type(v: &Value) -> Type {
    match v {
        Value::Int(_) => Type::INT8,
        Value::Float(_) => Type::FLOAT8,
        Value::Decimal(_) => Type::NUMERIC,
        Value::Bool(_) => Type::BOOL,
        Value::Bytes(_) => Type::BYTEA,
        Value::Date(_) => Type::DATE,
        Value::DateTime(_) => Type::TIMESTAMP,
        Value::Time(_) => Type::TIME,
        Value::Null | Value::Str(_) | Value::Json(_) => Type::UNKNOWN,
    }
}

/// A parameter value, encoded for whatever type the server settled on.
#[derive(Debug)]
pub struct PgParam<'a>(pub &'a Value);

impl ToSql for PgParam<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        encode(self.0, ty, out)
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    /// Binary for the types [`encode`] writes in binary; text for the others
    /// (arrays, `tsvector`, `interval`, `inet` …), whose binary forms it does
    /// not know: the server parses the text as it parses psycopg2's literal.
    fn encode_format(&self, ty: &Type) -> Format {
        if binary_encoded(ty) {
            Format::Binary
        } else {
            Format::Text
        }
    }

    postgres::types::to_sql_checked!();
}

/// Whether [`encode`] writes values of `ty` in the binary format.
fn binary_encoded(ty: &Type) -> bool {
    let base = base_type(ty);
    matches!(base.kind(), Kind::Enum(_))
        || matches!(
            base.name(),
            "bool" | "int2" | "int4" | "int8" | "oid" | "float4" | "float8" | "numeric" | "bytea" | "date" | "timestamp"
                | "timestamptz" | "time" | "json" | "jsonb" | "uuid" | "text" | "varchar" | "bpchar" | "name" | "unknown"
        )
}

/// The base type of a domain, the type itself otherwise.
fn base_type(ty: &Type) -> &Type {
    match ty.kind() {
        Kind::Domain(base) => base_type(base),
        _ => ty,
    }
}

fn as_i64(v: &Value, ty: &Type) -> Result<i64, BoxError> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        // PostgreSQL rounds a numeric assigned to an integer half away from zero.
        Value::Float(f) if f.is_finite() => Ok(f.round() as i64),
        Value::Decimal(d) => d.round().to_i64().ok_or_else(|| out_of_range(ty)),
        Value::Str(s) => s.trim().parse::<i64>().map_err(|_| refuse(ty, v)),
        _ => Err(refuse(ty, v)),
    }
}

fn as_f64(v: &Value, ty: &Type) -> Result<f64, BoxError> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        Value::Decimal(d) => d.to_f64().ok_or_else(|| refuse(ty, v)),
        Value::Str(s) => s.trim().parse::<f64>().map_err(|_| refuse(ty, v)),
        _ => Err(refuse(ty, v)),
    }
}

fn out_of_range(ty: &Type) -> BoxError {
    Box::new(BindError(format!("{} out of range", if ty.name() == "int2" { "smallint" } else if ty.name() == "int8" { "bigint" } else { "integer" })))
}

/// The text form of a value where the server wants text (`py_str`, as the
/// server would cast psycopg2's literal; booleans as PostgreSQL spells them).
fn as_text(v: &Value) -> String {
    match v {
        Value::Str(s) => s.clone(),
        Value::Bool(b) => if *b { "true" } else { "false" }.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::Json(j) => py_json_dumps(j),
        other => other.py_str(),
    }
}

fn encode(v: &Value, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    if matches!(v, Value::Null) {
        return Ok(IsNull::Yes);
    }
    let base = base_type(ty);
    if let Kind::Enum(_) = base.kind() {
        out.put_slice(as_text(v).as_bytes());
        return Ok(IsNull::No);
    }
    match base.name() {
        "bool" => {
            let b = match v {
                Value::Bool(b) => *b,
                Value::Int(i) => *i != 0,
                Value::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                    "t" | "true" | "yes" | "y" | "on" | "1" => true,
                    "f" | "false" | "no" | "n" | "off" | "0" => false,
                    _ => return Err(refuse(ty, v)),
                },
                _ => return Err(refuse(ty, v)),
            };
            b.to_sql(base, out)
        }
        "int2" => i16::try_from(as_i64(v, base)?).map_err(|_| out_of_range(base))?.to_sql(base, out),
        "int4" => i32::try_from(as_i64(v, base)?).map_err(|_| out_of_range(base))?.to_sql(base, out),
        "int8" => as_i64(v, base)?.to_sql(base, out),
        "oid" => u32::try_from(as_i64(v, base)?).map_err(|_| out_of_range(base))?.to_sql(base, out),
        "float4" => (as_f64(v, base)? as f32).to_sql(base, out),
        "float8" => as_f64(v, base)?.to_sql(base, out),
        "numeric" => {
            let d = match v {
                Value::Decimal(d) => *d,
                Value::Int(i) => Decimal::from(*i),
                Value::Float(f) => float_repr(*f).parse::<Decimal>().or_else(|_| Decimal::from_f64(*f).ok_or(()))
                    .map_err(|_| refuse(base, v))?,
                Value::Str(s) => s.trim().parse::<Decimal>().map_err(|_| refuse(base, v))?,
                Value::Bool(_) => return Err(refuse(base, v)),
                _ => return Err(refuse(base, v)),
            };
            d.to_sql(base, out)
        }
        "bytea" => {
            match v {
                Value::Bytes(b) => out.put_slice(b),
                Value::Str(s) => out.put_slice(s.as_bytes()),
                _ => return Err(refuse(base, v)),
            }
            Ok(IsNull::No)
        }
        "date" => {
            let d = match v {
                Value::Date(d) => *d,
                Value::DateTime(dt) => dt.date(),
                Value::Str(s) => parse_date(s).or_else(|_| parse_datetime(s).map(|dt| dt.date())).map_err(|_| refuse(base, v))?,
                _ => return Err(refuse(base, v)),
            };
            d.to_sql(base, out)
        }
        "timestamp" | "timestamptz" => {
            let dt = match v {
                Value::DateTime(dt) => *dt,
                Value::Date(d) => d.and_time(chrono::NaiveTime::MIN),
                Value::Str(s) => parse_datetime(s).map_err(|_| refuse(base, v))?,
                _ => return Err(refuse(base, v)),
            };
            if base.name() == "timestamptz" {
                dt.and_utc().to_sql(base, out)
            } else {
                dt.to_sql(base, out)
            }
        }
        "time" => {
            let t = match v {
                Value::Time(t) => *t,
                Value::DateTime(dt) => dt.time(),
                Value::Str(s) => parse_time(s).map_err(|_| refuse(base, v))?,
                _ => return Err(refuse(base, v)),
            };
            t.to_sql(base, out)
        }
        "json" | "jsonb" => {
            if base.name() == "jsonb" {
                out.put_u8(1);
            }
            out.put_slice(as_text(v).as_bytes());
            Ok(IsNull::No)
        }
        "uuid" => {
            let text = as_text(v);
            let hex: String = text.chars().filter(|c| *c != '-').collect();
            if hex.len() != 32 {
                return Err(refuse(base, v));
            }
            for i in 0..16 {
                let byte = hex.get(2 * i..2 * i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).ok_or_else(|| refuse(base, v))?;
                out.put_u8(byte);
            }
            Ok(IsNull::No)
        }
        // text-like types, and in the text format (see `encode_format`) every
        // other type: arrays from a list as psycopg2 adapts one, else the text.
        _ if matches!(base.kind(), Kind::Array(_)) => {
            let text = match v {
                Value::Json(j) if matches!(**j, serde_json::Value::Array(_)) => pg_array_literal(j),
                other => as_text(other),
            };
            out.put_slice(text.as_bytes());
            Ok(IsNull::No)
        }
        _ => {
            out.put_slice(as_text(v).as_bytes());
            Ok(IsNull::No)
        }
    }
}

/// One result value, decoded from its column's type.
#[derive(Debug)]
pub struct PgValue(pub Value);

impl<'a> FromSql<'a> for PgValue {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<PgValue, BoxError> {
        decode(ty, raw).map(PgValue)
    }

    fn from_sql_null(_ty: &Type) -> Result<PgValue, BoxError> {
        Ok(PgValue(Value::Null))
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }
}

fn decode(ty: &Type, raw: &[u8]) -> Result<Value, BoxError> {
    match ty.kind() {
        Kind::Domain(base) => return decode(base, raw),
        Kind::Enum(_) => return Ok(Value::Str(String::from_utf8_lossy(raw).into_owned())),
        Kind::Array(_) => {
            let items = Vec::<PgValue>::from_sql(ty, raw)?;
            let json = items.into_iter().map(|v| value_json(v.0)).collect();
            return Ok(Value::Json(Box::new(serde_json::Value::Array(json))));
        }
        _ => {}
    }
    Ok(match ty.name() {
        "bool" => Value::Bool(bool::from_sql(ty, raw)?),
        "int2" => Value::Int(i16::from_sql(ty, raw)? as i64),
        "int4" => Value::Int(i32::from_sql(ty, raw)? as i64),
        "int8" => Value::Int(i64::from_sql(ty, raw)?),
        "oid" => Value::Int(u32::from_sql(ty, raw)? as i64),
        // psycopg2 parses the server's shortest text ("0.1"), not the widened f32
        "float4" => {
            let f = f32::from_sql(ty, raw)?;
            Value::Float(f.to_string().parse().unwrap_or(f as f64))
        }
        "float8" => Value::Float(f64::from_sql(ty, raw)?),
        "numeric" => Value::Decimal(Decimal::from_sql(ty, raw)?),
        "bytea" => Value::Bytes(raw.to_vec()),
        "date" => Value::Date(chrono::NaiveDate::from_sql(ty, raw)?),
        "timestamp" => Value::DateTime(chrono::NaiveDateTime::from_sql(ty, raw)?),
        "timestamptz" => Value::DateTime(chrono::DateTime::<chrono::Utc>::from_sql(ty, raw)?.naive_utc()),
        "time" => Value::Time(chrono::NaiveTime::from_sql(ty, raw)?),
        "json" => json_value(serde_json::from_slice(raw)?),
        "jsonb" => json_value(serde_json::from_slice(raw.get(1..).unwrap_or_default())?),
        "uuid" if raw.len() == 16 => {
            let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
            Value::Str(format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32]))
        }
        "char" => Value::Str(String::from_utf8_lossy(raw).into_owned()),
        "tsvector" => Value::Str(tsvector_text(raw).ok_or("malformed tsvector")?),
        "interval" => Value::Str(interval_text(raw).ok_or("malformed interval")?),
        "text" | "varchar" | "bpchar" | "name" | "citext" | "unknown" | "xml" => Value::Str(String::from_utf8_lossy(raw).into_owned()),
        name @ ("inet" | "cidr" | "macaddr" | "macaddr8" | "money" | "point" | "lseg" | "box" | "line" | "circle" | "path"
        | "polygon" | "bit" | "varbit") => Value::Str(pg_text::text_of(name, raw).ok_or_else(|| format!("malformed {name}"))?),
        // A type whose binary form is not known here: text when it reads as
        // text (extension types sent as their text), else the bytes.
        _ => match std::str::from_utf8(raw) {
            Ok(s) if !s.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) => Value::Str(s.to_string()),
            _ => Value::Bytes(raw.to_vec()),
        },
    })
}

/// `tsvectorsend`'s binary form as `tsvectorout` writes it: `'lexeme':1,5A`
/// (psycopg2 hands the text to Python).
fn tsvector_text(raw: &[u8]) -> Option<String> {
    let count = u32::from_be_bytes(raw.get(0..4)?.try_into().ok()?);
    let mut at = 4;
    let mut words = Vec::new();
    for _ in 0..count {
        let rest = raw.get(at..)?;
        let end = rest.iter().position(|b| *b == 0)?;
        let lexeme = String::from_utf8_lossy(&rest[..end]).replace('\\', "\\\\").replace('\'', "''");
        at += end + 1;
        let npos = u16::from_be_bytes(raw.get(at..at + 2)?.try_into().ok()?);
        at += 2;
        let mut word = format!("'{lexeme}'");
        for i in 0..npos {
            let p = u16::from_be_bytes(raw.get(at..at + 2)?.try_into().ok()?);
            at += 2;
            word.push(if i == 0 { ':' } else { ',' });
            word.push_str(&(p & 0x3fff).to_string());
            match p >> 14 {
                3 => word.push('A'),
                2 => word.push('B'),
                1 => word.push('C'),
                _ => {}
            }
        }
        words.push(word);
    }
    Some(words.join(" "))
}

/// An interval (microseconds, days, months) as psycopg2's `timedelta` prints:
/// a month is 30 days and a year 365, as psycopg2 counts them.
fn interval_text(raw: &[u8]) -> Option<String> {
    let micros = i64::from_be_bytes(raw.get(0..8)?.try_into().ok()?);
    let days = i32::from_be_bytes(raw.get(8..12)?.try_into().ok()?) as i64;
    let months = i32::from_be_bytes(raw.get(12..16)?.try_into().ok()?) as i64;
    let total_days = days + months / 12 * 365 + months % 12 * 30;
    // Python normalises to 0 <= seconds < 86400 and 0 <= microseconds < 10**6
    let total = (total_days as i128) * 86_400_000_000 + micros as i128;
    let day_us: i128 = 86_400_000_000;
    let d = total.div_euclid(day_us);
    let rem = total.rem_euclid(day_us);
    let (secs, us) = (rem / 1_000_000, rem % 1_000_000);
    let clock = format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    let clock = if us != 0 { format!("{clock}.{us:06}") } else { clock };
    Some(match d {
        0 => clock,
        1 | -1 => format!("{d} day, {clock}"),
        _ => format!("{d} days, {clock}"),
    })
}

/// A list as a PostgreSQL array literal (`{"a","b c",NULL}`), as psycopg2's
/// `ARRAY[...]` would give the server.
fn pg_array_literal(j: &serde_json::Value) -> String {
    use serde_json::Value as J;
    match j {
        J::Array(items) => format!("{{{}}}", items.iter().map(pg_array_literal).collect::<Vec<_>>().join(",")),
        J::Null => "NULL".to_string(),
        J::Bool(b) => if *b { "t" } else { "f" }.to_string(),
        J::Number(n) => n.to_string(),
        J::String(s) => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
        J::Object(_) => format!("\"{}\"", py_json_dumps(j).replace('\\', "\\\\").replace('"', "\\\"")),
    }
}

/// psycopg2 decodes json columns itself: a JSON document becomes its Python value
/// (`Value::Json`; the dialect's JSON result processor turns `null` into None).
fn json_value(j: serde_json::Value) -> Value {
    Value::Json(Box::new(j))
}

/// An array element as a JSON item (arrays come back as Python lists).
fn value_json(v: Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(b),
        Value::Int(i) => J::from(i),
        Value::Float(f) => serde_json::Number::from_f64(f).map(J::Number).unwrap_or(J::Null),
        Value::Json(j) => *j,
        Value::Str(s) => J::String(s),
        other => J::String(other.py_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(v: &Value, ty: &Type) -> Result<Vec<u8>, String> {
        let mut out = BytesMut::new();
        encode(v, ty, &mut out).map(|_| out.to_vec()).map_err(|e| e.to_string())
    }

    #[test]
    fn integers_fit_the_server_type() {
        assert_eq!(enc(&Value::Int(7), &Type::INT4), Ok(vec![0, 0, 0, 7]));
        assert_eq!(enc(&Value::Str(" 7".into()), &Type::INT2), Ok(vec![0, 7]));
        assert_eq!(enc(&Value::Int(1 << 40), &Type::INT4), Err("integer out of range".into()));
        assert_eq!(enc(&Value::Str("abc".into()), &Type::INT4), Err("invalid input syntax for type integer: \"abc\"".into()));
        assert_eq!(enc(&Value::Float(2.5), &Type::INT8), Ok(vec![0, 0, 0, 0, 0, 0, 0, 3]));
    }

    #[test]
    fn text_and_json_and_dates() {
        assert_eq!(enc(&Value::Str("é".into()), &Type::VARCHAR), Ok("é".as_bytes().to_vec()));
        assert_eq!(enc(&Value::Int(5), &Type::TEXT), Ok(b"5".to_vec()));
        assert_eq!(enc(&Value::Str("{\"a\": 1}".into()), &Type::JSONB), Ok(b"\x01{\"a\": 1}".to_vec()));
        let d = enc(&Value::Str("2024-01-02".into()), &Type::DATE).unwrap_or_default();
        let back = chrono::NaiveDate::from_sql(&Type::DATE, &d).ok();
        assert_eq!(back, chrono::NaiveDate::from_ymd_opt(2024, 1, 2));
        assert!(enc(&Value::Str("garbage".into()), &Type::TIMESTAMP).is_err());
    }

    #[test]
    fn decode_round_trips() {
        let mut out = BytesMut::new();
        let d: Decimal = "19.50".parse().unwrap_or_default();
        let _ = d.to_sql(&Type::NUMERIC, &mut out);
        assert_eq!(decode(&Type::NUMERIC, &out).map(|v| v.py_repr()).ok(), Some("Decimal('19.50')".into()));
        assert_eq!(decode(&Type::BOOL, &[1]).ok(), Some(Value::Bool(true)));
        assert_eq!(decode(&Type::INT2, &[0, 9]).ok(), Some(Value::Int(9)));
        assert_eq!(decode(&Type::JSONB, b"\x01[1, null]").map(|v| v.py_repr()).ok(), Some("[1, None]".into()));
    }

    #[test]
    fn float4_reads_as_its_shortest_text() {
        assert_eq!(decode(&Type::FLOAT4, &0.1f32.to_be_bytes()).ok(), Some(Value::Float(0.1)));
        assert_eq!(decode(&Type::FLOAT4, &2.5f32.to_be_bytes()).ok(), Some(Value::Float(2.5)));
    }

    #[test]
    fn tsvector_and_interval_read_as_psycopg2_prints_them() {
        // to_tsvector('english', 'let there be rock'), and a weighted, quoted lexeme
        let mut raw = vec![0, 0, 0, 3];
        raw.extend(b"let\0\0\x01\0\x01rock\0\0\x02\0\x04\xc0\x05it's\0\0\0");
        assert_eq!(decode(&Type::TS_VECTOR, &raw).ok(), Some(Value::Str("'let':1 'rock':4,5A 'it''s'".into())));
        let interval = |us: i64, days: i32, months: i32| {
            let mut raw = us.to_be_bytes().to_vec();
            raw.extend(days.to_be_bytes());
            raw.extend(months.to_be_bytes());
            decode(&Type::INTERVAL, &raw).ok()
        };
        assert_eq!(interval(41 * 60_000_000, 0, 0), Some(Value::Str("0:41:00".into())));
        assert_eq!(interval(1_500_000, 2, 1), Some(Value::Str("32 days, 0:00:01.500000".into())));
        assert_eq!(interval(-1_000_000, 0, 0), Some(Value::Str("-1 day, 23:59:59".into())));
        assert_eq!(interval(0, 1, 12), Some(Value::Str("366 days, 0:00:00".into())));
        assert!(decode(&Type::INTERVAL, &[0, 1]).is_err());
    }

    #[test]
    fn unknown_binary_types_degrade_to_text_or_bytes() {
        assert_eq!(decode(&Type::INET, &[2, 32, 0, 4, 127, 0, 0, 1]).ok(), Some(Value::Str("127.0.0.1".into())));
        assert!(decode(&Type::INET, &[2, 32, 0, 4, 127]).is_err(), "a truncated inet is an error, not bytes");
        assert_eq!(decode(&Type::TID, &[0, 0, 0, 0, 0, 1]).ok(), Some(Value::Bytes(vec![0, 0, 0, 0, 0, 1])));
        assert_eq!(decode(&Type::XML, b"<a/>").ok(), Some(Value::Str("<a/>".into())));
    }

    #[test]
    fn arrays_and_unknown_types_are_sent_as_text() {
        let list = Value::Json(Box::new(serde_json::json!(["a", "b \"c\"", null, 1])));
        assert_eq!(enc(&list, &Type::TEXT_ARRAY), Ok(br#"{"a","b \"c\"",NULL,1}"#.to_vec()));
        let p = Value::Str("1 day".into());
        assert!(matches!(PgParam(&p).encode_format(&Type::INTERVAL), Format::Text));
        assert!(matches!(PgParam(&p).encode_format(&Type::TEXT_ARRAY), Format::Text));
        assert!(matches!(PgParam(&p).encode_format(&Type::INT4), Format::Binary));
        assert_eq!(enc(&p, &Type::INTERVAL), Ok(b"1 day".to_vec()));
    }

    #[test]
    fn literal_typing() {
        assert_eq!(value_type(&Value::Int(1)), Type::INT8);
        assert_eq!(value_type(&Value::Str("x".into())), Type::UNKNOWN);
        assert_eq!(value_type(&Value::Null), Type::UNKNOWN);
    }
}
