//! Text formatting: the format-spec mini-language (`format(x, '>10.2f')`, the
//! part after `:` in f-strings and `str.format`) for int, float, str and
//! Decimal; `%`-formatting of strings; `str.format` templates; f-strings.
//! Mirrors Python's `Objects/stringlib/formatter.h` closely enough that the
//! common specs give the same text.

use super::common::{as_int, float_to_int, overflow, type_name};
use super::value::{Args, Value};
use super::Interp;
use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::syntax::ast::FStringPart;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::rc::Rc;

/// Append the decimal text of `i` (what `str(i)` gives) without the
/// `fmt` machinery: f-strings in a script loop format an int per iteration.
pub(crate) fn push_int(out: &mut String, i: i64) {
    let mut digits = [0u8; 20];
    let mut pos = digits.len();
    let mut n = i.unsigned_abs();
    loop {
        pos -= 1;
        digits[pos] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        out.push('-');
    }
    for &d in &digits[pos..] {
        out.push(d as char);
    }
}

fn value_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::ValueError, msg)
}

/// A parsed format spec: `[[fill]align][sign][#][0][width][grouping][.precision][type]`.
#[derive(Clone, Debug, Default)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(spec: &str, tn: &str) -> Result<Spec> {
    let cs: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut s = Spec::default();
    let is_align = |c: char| matches!(c, '<' | '>' | '=' | '^');
    if cs.len() >= 2 && is_align(cs[1]) {
        s.fill = Some(cs[0]);
        s.align = Some(cs[1]);
        i = 2;
    } else if !cs.is_empty() && is_align(cs[0]) {
        s.align = Some(cs[0]);
        i = 1;
    }
    if let Some(&c) = cs.get(i) {
        if matches!(c, '+' | '-' | ' ') {
            s.sign = Some(c);
            i += 1;
        }
    }
    if cs.get(i) == Some(&'z') {
        i += 1;
    }
    if cs.get(i) == Some(&'#') {
        s.alt = true;
        i += 1;
    }
    if cs.get(i) == Some(&'0') {
        s.zero = true;
        i += 1;
    }
    let start = i;
    while cs.get(i).is_some_and(|c| c.is_ascii_digit()) {
        i += 1;
    }
    if i > start {
        let w: String = cs[start..i].iter().collect();
        s.width = w.parse().map_err(|_| value_error("Too many decimal digits in format string"))?;
    }
    if let Some(&c) = cs.get(i) {
        if c == ',' || c == '_' {
            s.grouping = Some(c);
            i += 1;
        }
    }
    if cs.get(i) == Some(&'.') {
        i += 1;
        let start = i;
        while cs.get(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        if i == start {
            return Err(value_error("Format specifier missing precision"));
        }
        let p: String = cs[start..i].iter().collect();
        s.precision = Some(p.parse().map_err(|_| value_error("Too many decimal digits in format string"))?);
    }
    if let Some(&c) = cs.get(i) {
        s.ty = Some(c);
        i += 1;
    }
    if i < cs.len() {
        return Err(value_error(format!("Invalid format specifier '{}' for object of type '{}'", spec, tn)));
    }
    Ok(s)
}

fn unknown_code(c: char, tn: &str) -> Error {
    value_error(format!("Unknown format code '{}' for object of type '{}'", c, tn))
}

/// Insert a grouping separator every `every` digits of an integer digit string.
fn group(digits: &str, sep: char, every: usize) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / every);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i) % every == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Lay out a number: sign, digits (already grouped), padding per spec.
fn pad_number(spec: &Spec, negative: bool, prefix: &str, body: &str) -> String {
    let sign = if negative {
        "-"
    } else {
        match spec.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    };
    let (fill, align) = if spec.zero && spec.align.is_none() {
        (spec.fill.unwrap_or('0'), '=')
    } else {
        (spec.fill.unwrap_or(' '), spec.align.unwrap_or('>'))
    };
    let len = sign.chars().count() + prefix.chars().count() + body.chars().count();
    if len >= spec.width {
        return format!("{}{}{}", sign, prefix, body);
    }
    let padn = spec.width - len;
    let fills = |n: usize| std::iter::repeat(fill).take(n).collect::<String>();
    match align {
        '<' => format!("{}{}{}{}", sign, prefix, body, fills(padn)),
        '^' => format!("{}{}{}{}{}", fills(padn / 2), sign, prefix, body, fills(padn - padn / 2)),
        '=' => format!("{}{}{}{}", sign, prefix, fills(padn), body),
        _ => format!("{}{}{}{}", fills(padn), sign, prefix, body),
    }
}

fn pad_text(spec: &Spec, text: &str) -> String {
    let fill = spec.fill.unwrap_or(' ');
    let len = text.chars().count();
    if len >= spec.width {
        return text.to_string();
    }
    let padn = spec.width - len;
    let fills = |n: usize| std::iter::repeat(fill).take(n).collect::<String>();
    match spec.align.unwrap_or('<') {
        '>' => format!("{}{}", fills(padn), text),
        '^' => format!("{}{}{}", fills(padn / 2), text, fills(padn - padn / 2)),
        _ => format!("{}{}", text, fills(padn)),
    }
}

/// Python's exponent notation from Rust's (`1.5e3` → `1.5e+03`).
fn python_exp(rust: &str, upper: bool) -> String {
    let (mant, exp) = rust.split_once('e').unwrap_or((rust, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    format!("{}{}{}{:02}", mant, if upper { 'E' } else { 'e' }, if exp < 0 { '-' } else { '+' }, exp.abs())
}

fn strip_zeros(s: &str) -> String {
    if let Some((mant, exp)) = s.split_once(['e', 'E']) {
        let e = &s[mant.len()..mant.len() + 1];
        let m = if mant.contains('.') { mant.trim_end_matches('0').trim_end_matches('.') } else { mant };
        return format!("{}{}{}", m, e, exp);
    }
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// `x` (non-negative, finite) in `g` style with `p` significant digits.
fn general(x: f64, p: usize, upper: bool, alt: bool, at_least_one_decimal: bool) -> String {
    let p = p.max(1);
    let exp = if x == 0.0 {
        0
    } else {
        let e = format!("{:.*e}", p - 1, x);
        e.split_once('e').and_then(|(_, e)| e.parse::<i32>().ok()).unwrap_or(0)
    };
    if exp >= -4 && exp < p as i32 {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let s = format!("{:.*}", decimals, x);
        let mut s = if alt { s } else { strip_zeros(&s) };
        if at_least_one_decimal && !s.contains('.') {
            s.push_str(".0");
        }
        s
    } else {
        let s = python_exp(&format!("{:.*e}", p - 1, x), upper);
        if alt {
            s
        } else {
            strip_zeros(&s)
        }
    }
}

fn format_float(f: f64, spec: &Spec, tn: &str) -> Result<String> {
    let ty = spec.ty;
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    let negative = f.is_sign_negative() && !(f == 0.0 && ty.is_none() && false);
    let x = f.abs();
    let body = if f.is_nan() {
        if upper { "NAN" } else { "nan" }.to_string()
    } else if f.is_infinite() {
        if upper { "INF" } else { "inf" }.to_string()
    } else {
        match ty {
            Some('f' | 'F') => format!("{:.*}", spec.precision.unwrap_or(6), x),
            Some('e' | 'E') => python_exp(&format!("{:.*e}", spec.precision.unwrap_or(6), x), upper),
            Some('g' | 'G') => general(x, spec.precision.unwrap_or(6), upper, spec.alt, false),
            Some('n') => general(x, spec.precision.unwrap_or(6), false, spec.alt, false),
            Some('%') => format!("{:.*}%", spec.precision.unwrap_or(6), x * 100.0),
            None => match spec.precision {
                None => crate::sql::value::float_repr(x),
                Some(p) => general(x, p, false, spec.alt, true),
            },
            Some(c) => return Err(unknown_code(c, tn)),
        }
    };
    let negative = negative && !f.is_nan();
    Ok(pad_number(spec, negative, "", &group_body(&body, spec)))
}

/// Apply the grouping option to the integer part of a decimal body.
fn group_body(body: &str, spec: &Spec) -> String {
    let Some(sep) = spec.grouping else { return body.to_string() };
    let int_end = body.find(|c: char| !c.is_ascii_digit()).unwrap_or(body.len());
    format!("{}{}", group(&body[..int_end], sep, 3), &body[int_end..])
}

fn format_int(i: i64, spec: &Spec) -> Result<String> {
    if spec.precision.is_some() && !matches!(spec.ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) {
        return Err(value_error("Precision not allowed in integer format specifier"));
    }
    let mag = i.unsigned_abs();
    let (prefix, digits, every) = match spec.ty {
        None | Some('d') | Some('n') => ("", mag.to_string(), 3),
        Some('b') => ("0b", format!("{:b}", mag), 4),
        Some('o') => ("0o", format!("{:o}", mag), 4),
        Some('x') => ("0x", format!("{:x}", mag), 4),
        Some('X') => ("0X", format!("{:X}", mag), 4),
        Some('c') => {
            let c = u32::try_from(i).ok().and_then(char::from_u32).ok_or_else(|| {
                Error::new(ErrorKind::OverflowError, "%c arg not in range(0x110000)")
            })?;
            return Ok(pad_text(&Spec { align: Some(spec.align.unwrap_or('>')), ..spec.clone() }, &c.to_string()));
        }
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => return format_float(i as f64, spec, "int"),
        Some(c) => return Err(unknown_code(c, "int")),
    };
    let digits = match spec.grouping {
        Some(sep) => group(&digits, sep, every),
        None => digits,
    };
    Ok(pad_number(spec, i < 0, if spec.alt { prefix } else { "" }, &digits))
}

fn format_decimal(d: Decimal, spec: &Spec) -> Result<String> {
    let negative = d.is_sign_negative() && !d.is_zero();
    let x = d.abs();
    let body = match spec.ty {
        Some('f' | 'F') => match spec.precision {
            Some(p) => {
                let mut r = x.round_dp_with_strategy(p.min(28) as u32, rust_decimal::RoundingStrategy::MidpointNearestEven);
                r.rescale(p.min(28) as u32);
                r.to_string()
            }
            None => x.to_string(),
        },
        Some('%') => {
            let h = x * Decimal::from(100);
            match spec.precision {
                Some(p) => {
                    let mut r = h.round_dp_with_strategy(p.min(28) as u32, rust_decimal::RoundingStrategy::MidpointNearestEven);
                    r.rescale(p.min(28) as u32);
                    format!("{}%", r)
                }
                None => format!("{}%", h),
            }
        }
        None if spec.precision.is_none() => x.to_string(),
        Some('e' | 'E' | 'g' | 'G' | 'n') | None => {
            return format_float(if negative { -x.to_f64().unwrap_or(0.0) } else { x.to_f64().unwrap_or(0.0) }, spec, "decimal.Decimal")
        }
        Some(c) => return Err(unknown_code(c, "decimal.Decimal")),
    };
    Ok(pad_number(spec, negative, "", &group_body(&body, spec)))
}

impl Interp {
    /// `format(v, spec)`.
    pub fn format_value(&mut self, v: &Value, spec: &str) -> Result<String> {
        if spec.is_empty() {
            return self.str_of(v);
        }
        match v {
            Value::Str(s) => {
                let sp = parse_spec(spec, "str")?;
                if let Some(c) = sp.ty.filter(|c| *c != 's') {
                    return Err(unknown_code(c, "str"));
                }
                if sp.sign.is_some() {
                    return Err(value_error("Sign not allowed in string format specifier"));
                }
                if sp.align == Some('=') {
                    return Err(value_error("'=' alignment not allowed in string format specifier"));
                }
                let text: String = match sp.precision {
                    Some(p) => s.chars().take(p).collect(),
                    None => s.to_string(),
                };
                Ok(pad_text(&sp, &text))
            }
            Value::Int(i) => format_int(*i, &parse_spec(spec, "int")?),
            Value::Bool(b) => format_int(*b as i64, &parse_spec(spec, "bool")?),
            Value::Float(f) => {
                let sp = parse_spec(spec, "float")?;
                format_float(*f, &sp, "float")
            }
            Value::Decimal(d) => format_decimal(*d, &parse_spec(spec, "decimal.Decimal")?),
            Value::Date(d) => Ok(d.format(spec).to_string()),
            Value::DateTime(d) => Ok(d.format(spec).to_string()),
            Value::Time(t) => Ok(t.format(spec).to_string()),
            Value::None => Err(type_error("unsupported format string passed to NoneType.__format__")),
            other => Err(type_error(format!("unsupported format string passed to {}.__format__", type_name(other)))),
        }
    }

    /// An f-string's text.
    pub(crate) fn fstring(&mut self, parts: &[FStringPart]) -> Result<String> {
        let mut out = String::new();
        self.fstring_into(parts, &mut out)?;
        Ok(out)
    }

    /// An f-string's value as a Python `str`. The text is built in a buffer kept
    /// between calls: a loop making `f"name {i}"` 100 000 times allocates only
    /// the results (nested f-strings, which find the buffer taken, use their own).
    pub(crate) fn fstring_value(&mut self, parts: &[FStringPart]) -> Result<Rc<str>> {
        let mut buf = std::mem::take(&mut self.fstring_buf);
        buf.clear();
        let r = self.fstring_into(parts, &mut buf).map(|()| Rc::from(buf.as_str()));
        if buf.capacity() <= 4096 {
            self.fstring_buf = buf;
        }
        r
    }

    fn fstring_into(&mut self, parts: &[FStringPart], out: &mut String) -> Result<()> {
        for p in parts {
            match p {
                FStringPart::Literal(s) => out.push_str(s),
                FStringPart::Field { value, conversion, format_spec, debug_text } => {
                    let v = self.eval(value)?;
                    // `{x}` of a str or int: format(x, "") is the text itself, no spec to parse
                    if format_spec.is_empty() && conversion.is_none() && debug_text.is_none() {
                        match &v {
                            Value::Str(s) => {
                                out.push_str(s);
                                continue;
                            }
                            Value::Int(i) => {
                                push_int(out, *i);
                                continue;
                            }
                            _ => {}
                        }
                    }
                    let spec = self.fstring(format_spec)?;
                    if let Some(d) = debug_text {
                        out.push_str(d);
                    }
                    let conversion = match (conversion, debug_text) {
                        (None, Some(_)) if spec.is_empty() => Some('r'),
                        (c, _) => *c,
                    };
                    let v = self.convert(v, conversion)?;
                    out.push_str(&self.format_value(&v, &spec)?);
                }
            }
        }
        Ok(())
    }

    fn convert(&mut self, v: Value, conversion: Option<char>) -> Result<Value> {
        Ok(match conversion {
            None => v,
            Some('r') | Some('a') => Value::Str(Rc::from(self.repr(&v)?)),
            Some('s') => Value::Str(Rc::from(self.str_of(&v)?)),
            Some(c) => return Err(value_error(format!("Unknown conversion specifier {}", c))),
        })
    }

    /// `template.format(*args, **kwargs)`.
    pub(crate) fn str_format(&mut self, template: &str, args: &Args) -> Result<String> {
        let cs: Vec<char> = template.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        let mut auto = 0usize;
        let mut manual = false;
        while i < cs.len() {
            let c = cs[i];
            if c == '}' {
                if cs.get(i + 1) == Some(&'}') {
                    out.push('}');
                    i += 2;
                    continue;
                }
                return Err(value_error("Single '}' encountered in format string"));
            }
            if c != '{' {
                out.push(c);
                i += 1;
                continue;
            }
            if cs.get(i + 1) == Some(&'{') {
                out.push('{');
                i += 2;
                continue;
            }
            // find the matching close brace (nested braces in the spec allowed)
            let mut depth = 1;
            let mut j = i + 1;
            while j < cs.len() && depth > 0 {
                match cs[j] {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth > 0 {
                    j += 1;
                }
            }
            if depth > 0 {
                return Err(value_error("Single '{' encountered in format string"));
            }
            let field: String = cs[i + 1..j].iter().collect();
            i = j + 1;
            // split field_name ! conversion : spec (the spec may contain '!' and ':')
            let (head, spec) = match field.find(':') {
                Some(k) => (field[..k].to_string(), field[k + 1..].to_string()),
                None => (field.clone(), String::new()),
            };
            let (name, conversion) = match head.find('!') {
                Some(k) => {
                    let conv = head[k + 1..].chars().next();
                    if head[k + 1..].chars().count() != 1 {
                        return Err(value_error("expected ':' after conversion specifier"));
                    }
                    (head[..k].to_string(), conv)
                }
                None => (head, None),
            };
            // the first part of the name picks the argument
            let end = name.find(['.', '[']).unwrap_or(name.len());
            let (first, mut rest) = (&name[..end], &name[end..]);
            let mut v = if first.is_empty() {
                if manual {
                    return Err(value_error("cannot switch from manual field specification to automatic field numbering"));
                }
                let k = auto;
                auto += 1;
                args.positional.get(k).cloned().ok_or_else(|| {
                    Error::new(ErrorKind::IndexError, format!("Replacement index {} out of range for positional args tuple", k))
                })?
            } else if let Ok(k) = first.parse::<usize>() {
                if auto > 0 {
                    return Err(value_error("cannot switch from automatic field numbering to manual field specification"));
                }
                manual = true;
                args.positional.get(k).cloned().ok_or_else(|| {
                    Error::new(ErrorKind::IndexError, format!("Replacement index {} out of range for positional args tuple", k))
                })?
            } else {
                match args.keywords.iter().find(|(n, _)| &**n == first) {
                    Some((_, v)) => v.clone(),
                    None => return Err(Error::new(ErrorKind::KeyError, crate::sql::value::str_repr(first))),
                }
            };
            while !rest.is_empty() {
                if let Some(r) = rest.strip_prefix('.') {
                    let end = r.find(['.', '[']).unwrap_or(r.len());
                    v = self.get_attr(&v, &r[..end])?;
                    rest = &r[end..];
                } else if let Some(r) = rest.strip_prefix('[') {
                    let Some(close) = r.find(']') else { return Err(value_error("Missing ']' in format string")) };
                    let key = &r[..close];
                    let idx = match key.parse::<i64>() {
                        Ok(n) => Value::Int(n),
                        Err(_) => Value::str(key),
                    };
                    v = self.getitem(&v, &idx)?;
                    rest = &r[close + 1..];
                } else {
                    return Err(value_error("Only '.' or '[' may follow ']' in format field specifier"));
                }
            }
            let spec = if spec.contains('{') {
                // nested fields inside the spec share the argument numbering
                let mut sub = Args { positional: args.positional.clone(), keywords: args.keywords.clone() };
                if !manual && spec.contains("{}") {
                    sub.positional = args.positional.get(auto..).map(|s| s.to_vec()).unwrap_or_default();
                    auto += spec.matches("{}").count();
                }
                self.str_format(&spec, &sub)?
            } else {
                spec
            };
            let v = self.convert(v, conversion)?;
            out.push_str(&self.format_value(&v, &spec)?);
        }
        Ok(out)
    }

    /// `fmt % args`.
    pub(crate) fn percent_format(&mut self, fmt: &str, args: &Value) -> Result<String> {
        let (items, mapping): (Vec<Value>, Option<Value>) = match args {
            Value::Tuple(t) => (t.to_vec(), None),
            Value::Dict(_) => (vec![args.clone()], Some(args.clone())),
            other => (vec![other.clone()], None),
        };
        let cs: Vec<char> = fmt.chars().collect();
        let mut out = String::new();
        let mut next = 0usize;
        let mut i = 0;
        let mut used_mapping = false;
        while i < cs.len() {
            if cs[i] != '%' {
                out.push(cs[i]);
                i += 1;
                continue;
            }
            i += 1;
            let mut key = None;
            if cs.get(i) == Some(&'(') {
                let close = cs[i..].iter().position(|c| *c == ')').map(|p| p + i);
                let Some(close) = close else { return Err(value_error("incomplete format key")) };
                key = Some(cs[i + 1..close].iter().collect::<String>());
                i = close + 1;
            }
            let mut spec = Spec::default();
            let mut left = false;
            while let Some(&c) = cs.get(i) {
                match c {
                    '-' => left = true,
                    '+' => spec.sign = Some('+'),
                    ' ' => {
                        if spec.sign.is_none() {
                            spec.sign = Some(' ')
                        }
                    }
                    '0' => spec.zero = true,
                    '#' => spec.alt = true,
                    _ => break,
                }
                i += 1;
            }
            let take_arg = |next: &mut usize| -> Result<Value> {
                let v = items.get(*next).cloned().ok_or_else(|| type_error("not enough arguments for format string"))?;
                *next += 1;
                Ok(v)
            };
            if cs.get(i) == Some(&'*') {
                spec.width = as_int(&take_arg(&mut next)?)?.max(0) as usize;
                i += 1;
            } else {
                while let Some(d) = cs.get(i).and_then(|c| c.to_digit(10)) {
                    spec.width = spec.width * 10 + d as usize;
                    i += 1;
                }
            }
            if cs.get(i) == Some(&'.') {
                i += 1;
                let mut p = 0;
                while let Some(d) = cs.get(i).and_then(|c| c.to_digit(10)) {
                    p = p * 10 + d as usize;
                    i += 1;
                }
                spec.precision = Some(p);
            }
            let Some(&ty) = cs.get(i) else { return Err(value_error("incomplete format")) };
            i += 1;
            if ty == '%' {
                out.push('%');
                continue;
            }
            let v = match &key {
                Some(k) => {
                    used_mapping = true;
                    let Some(m) = &mapping else { return Err(type_error("format requires a mapping")) };
                    self.getitem(m, &Value::str(k))?
                }
                None => take_arg(&mut next)?,
            };
            if left {
                spec.align = Some('<');
                spec.zero = false;
            } else if !spec.zero {
                spec.align = Some('>');
            }
            let text = match ty {
                's' | 'r' | 'a' => {
                    let s = if ty == 's' { self.str_of(&v)? } else { self.repr(&v)? };
                    let s: String = match spec.precision {
                        Some(p) => s.chars().take(p).collect(),
                        None => s,
                    };
                    let sp = Spec { align: Some(if left { '<' } else { '>' }), zero: false, ..spec.clone() };
                    pad_text(&sp, &s)
                }
                'd' | 'i' | 'u' => {
                    let n = match &v {
                        Value::Int(n) => *n,
                        Value::Bool(b) => *b as i64,
                        Value::Float(f) => float_to_int(*f)?,
                        Value::Decimal(d) => d.trunc().to_i64().ok_or_else(overflow)?,
                        other => {
                            return Err(type_error(format!(
                                "%{} format: a real number is required, not {}",
                                ty,
                                type_name(other)
                            )))
                        }
                    };
                    format_int(n, &Spec { precision: None, ty: Some('d'), ..spec.clone() })?
                }
                'x' | 'X' | 'o' => {
                    let n = match &v {
                        Value::Int(n) => *n,
                        Value::Bool(b) => *b as i64,
                        other => {
                            return Err(type_error(format!(
                                "%{} format: an integer is required, not {}",
                                ty,
                                type_name(other)
                            )))
                        }
                    };
                    format_int(n, &Spec { precision: None, ty: Some(ty), ..spec.clone() })?
                }
                'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                    let f = match &v {
                        Value::Int(n) => *n as f64,
                        Value::Bool(b) => *b as i64 as f64,
                        Value::Float(f) => *f,
                        Value::Decimal(d) => d.to_f64().unwrap_or(0.0),
                        other => return Err(type_error(format!("must be real number, not {}", type_name(other)))),
                    };
                    let sp = Spec { precision: Some(spec.precision.unwrap_or(6)), ty: Some(ty), ..spec.clone() };
                    format_float(f, &sp, "float")?
                }
                'c' => match &v {
                    Value::Str(s) if s.chars().count() == 1 => s.to_string(),
                    Value::Int(n) => format_int(*n, &Spec { ty: Some('c'), ..spec.clone() })?,
                    _ => return Err(type_error("%c requires int or char")),
                },
                other => {
                    return Err(value_error(format!(
                        "unsupported format character '{}' ({:#x}) at index {}",
                        other,
                        other as u32,
                        i - 1
                    )))
                }
            };
            out.push_str(&text);
        }
        if mapping.is_none() && next < items.len() {
            return Err(type_error("not all arguments converted during string formatting"));
        }
        let _ = used_mapping;
        Ok(out)
    }
}
