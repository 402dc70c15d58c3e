//! Methods of `str` and `bytes` (`split`, `join`, `format`, `encode` …) with
//! Python's exact results and errors, and their text helpers; `methods.rs`
//! dispatches to them.

use super::*;

impl Interp {
    pub(super) fn str_method(&mut self, s: &Rc<str>, name: &str, mut args: Args) -> Result<Value> {
        if name == "format" {
            return Ok(str_val(&self.str_format(s, &args)?));
        }
        let mut maxsplit_kw = None;
        let mut sep_kw = None;
        if matches!(name, "split" | "rsplit") {
            maxsplit_kw = args.take_kw("maxsplit");
            sep_kw = args.take_kw("sep");
        }
        let keepends = if name == "splitlines" { args.take_kw("keepends") } else { None };
        if let Some((k, _)) = args.keywords.first() {
            return Err(type_error(format!("{}() got an unexpected keyword argument '{}'", name, k)));
        }
        let a = &args.positional;
        let s: &str = s;
        Ok(match name {
            "upper" => str_val(&s.to_uppercase()),
            "lower" | "casefold" => str_val(&s.to_lowercase()),
            "swapcase" => str_val(
                &s.chars()
                    .flat_map(|c| if c.is_uppercase() { c.to_lowercase().collect::<Vec<_>>() } else { c.to_uppercase().collect() })
                    .collect::<String>(),
            ),
            "strip" | "lstrip" | "rstrip" => {
                count_args(name, &args, 0, 1)?;
                let chars = want_str(a.first(), "strip arg")?;
                let pred = |c: char| match chars {
                    Some(cs) => cs.contains(c),
                    None => c.is_whitespace(),
                };
                str_val(match name {
                    "strip" => s.trim_matches(pred),
                    "lstrip" => s.trim_start_matches(pred),
                    _ => s.trim_end_matches(pred),
                })
            }
            "split" | "rsplit" => {
                let sep = sep_kw.or_else(|| a.first().cloned());
                let maxsplit = int_arg(maxsplit_kw.as_ref().or(a.get(1)), -1)?;
                match want_str(sep.as_ref(), "must be str or None")? {
                    None => Value::list(if name == "split" {
                        split_whitespace_n(s, maxsplit)
                    } else {
                        rsplit_whitespace_n(s, maxsplit)
                    }),
                    Some("") => return Err(Error::new(ErrorKind::ValueError, "empty separator")),
                    Some(sep) => {
                        let parts: Vec<Value> = if maxsplit < 0 {
                            s.split(sep).map(str_val).collect()
                        } else if name == "split" {
                            s.splitn(maxsplit as usize + 1, sep).map(str_val).collect()
                        } else {
                            let mut v: Vec<Value> = s.rsplitn(maxsplit as usize + 1, sep).map(str_val).collect();
                            v.reverse();
                            v
                        };
                        Value::list(parts)
                    }
                }
            }
            "join" => {
                count_args("str.join", &args, 1, 1)?;
                let items = self.iterate(&a[0])?;
                let mut out = String::new();
                for (i, x) in items.iter().enumerate() {
                    match x {
                        Value::Str(p) => {
                            if i > 0 {
                                out.push_str(s);
                            }
                            out.push_str(p);
                        }
                        other => {
                            return Err(type_error(format!(
                                "sequence item {}: expected str instance, {} found",
                                i,
                                type_name(other)
                            )))
                        }
                    }
                }
                str_val(&out)
            }
            "replace" => {
                count_args("replace", &args, 2, 3)?;
                let (Value::Str(old), Value::Str(new)) = (&a[0], &a[1]) else {
                    return Err(type_error("replace() argument must be str"));
                };
                let count = int_arg(a.get(2), -1)?;
                if count < 0 {
                    str_val(&s.replace(&**old, new))
                } else {
                    str_val(&s.replacen(&**old, new, count as usize))
                }
            }
            "startswith" | "endswith" => {
                count_args(name, &args, 1, 3)?;
                let start = int_arg(a.get(1), 0)?;
                let chars: Vec<char> = s.chars().collect();
                let len = chars.len() as i64;
                let from = if start < 0 { (start + len).max(0) } else { start.min(len) } as usize;
                let end = int_arg(a.get(2), len)?;
                let to = if end < 0 { (end + len).max(0) } else { end.min(len) } as usize;
                let hay: String = chars.get(from..to.max(from)).map(|c| c.iter().collect()).unwrap_or_default();
                let test = |p: &str| if name == "startswith" { hay.starts_with(p) } else { hay.ends_with(p) };
                match &a[0] {
                    Value::Str(p) => Value::Bool(test(p)),
                    Value::Tuple(ps) => {
                        let mut hit = false;
                        for p in ps.iter() {
                            match p {
                                Value::Str(p) => hit |= test(p),
                                other => {
                                    return Err(type_error(format!(
                                        "tuple for {} must only contain str, not {}",
                                        name,
                                        type_name(other)
                                    )))
                                }
                            }
                        }
                        Value::Bool(hit)
                    }
                    other => {
                        return Err(type_error(format!(
                            "{} first arg must be str or a tuple of str, not {}",
                            name,
                            type_name(other)
                        )))
                    }
                }
            }
            "find" | "rfind" | "index" | "rindex" | "count" => {
                count_args(name, &args, 1, 3)?;
                let Value::Str(sub) = &a[0] else {
                    return Err(type_error(format!("must be str, not {}", type_name(&a[0]))));
                };
                if name == "count" {
                    let n = if sub.is_empty() { s.chars().count() + 1 } else { s.matches(&**sub).count() };
                    return Ok(Value::Int(n as i64));
                }
                let pos = if name.starts_with('r') { s.rfind(&**sub) } else { s.find(&**sub) };
                match pos {
                    Some(b) => Value::Int(char_index(s, b)),
                    None if name.ends_with("find") => Value::Int(-1),
                    None => return Err(Error::new(ErrorKind::ValueError, "substring not found")),
                }
            }
            "title" => str_val(&title_case(s)),
            "capitalize" => {
                let mut cs = s.chars();
                let out = match cs.next() {
                    Some(f) => f.to_uppercase().chain(cs.flat_map(|c| c.to_lowercase())).collect(),
                    None => String::new(),
                };
                str_val(&out)
            }
            "isdigit" | "isnumeric" | "isdecimal" => {
                Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_numeric()))
            }
            "isalpha" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphabetic)),
            "isalnum" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphanumeric)),
            "isspace" => Value::Bool(!s.is_empty() && s.chars().all(char::is_whitespace)),
            "isupper" => Value::Bool(s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase)),
            "islower" => Value::Bool(s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase)),
            "zfill" => {
                count_args("zfill", &args, 1, 1)?;
                let width = crate::interp::common::as_int(&a[0])?;
                let len = s.chars().count() as i64;
                if width <= len {
                    str_val(s)
                } else {
                    let zeros = "0".repeat((width - len) as usize);
                    match s.chars().next() {
                        Some(c @ ('+' | '-')) => str_val(&format!("{}{}{}", c, zeros, &s[1..])),
                        _ => str_val(&format!("{}{}", zeros, s)),
                    }
                }
            }
            "ljust" | "rjust" | "center" => {
                count_args(name, &args, 1, 2)?;
                let width = crate::interp::common::as_int(&a[0])?;
                let fill = fill_char(a.get(1))?;
                let how = match name {
                    "ljust" => '<',
                    "rjust" => '>',
                    _ => '^',
                };
                str_val(&pad(s, width, fill, how))
            }
            "splitlines" => {
                let keep = match keepends.or_else(|| a.first().cloned()) {
                    Some(v) => self.truthy(&v)?,
                    None => false,
                };
                let mut out = Vec::new();
                let mut cur = String::new();
                let mut chars = s.chars().peekable();
                while let Some(c) = chars.next() {
                    if matches!(c, '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}') {
                        let mut end = c.to_string();
                        if c == '\r' && chars.peek() == Some(&'\n') {
                            chars.next();
                            end.push('\n');
                        }
                        if keep {
                            cur.push_str(&end);
                        }
                        out.push(str_val(&cur));
                        cur.clear();
                    } else {
                        cur.push(c);
                    }
                }
                if !cur.is_empty() {
                    out.push(str_val(&cur));
                }
                Value::list(out)
            }
            "encode" => Value::Bytes(Rc::from(s.as_bytes())),
            "partition" | "rpartition" => {
                count_args(name, &args, 1, 1)?;
                let Value::Str(sep) = &a[0] else { return Err(type_error("must be str")) };
                if sep.is_empty() {
                    return Err(Error::new(ErrorKind::ValueError, "empty separator"));
                }
                let found = if name == "partition" { s.find(&**sep) } else { s.rfind(&**sep) };
                let parts = match found {
                    Some(i) => vec![str_val(&s[..i]), str_val(sep), str_val(&s[i + sep.len()..])],
                    None if name == "partition" => vec![str_val(s), str_val(""), str_val("")],
                    None => vec![str_val(""), str_val(""), str_val(s)],
                };
                Value::tuple(parts)
            }
            "removeprefix" | "removesuffix" => {
                count_args(name, &args, 1, 1)?;
                let Value::Str(p) = &a[0] else { return Err(type_error("must be str")) };
                let out = if name == "removeprefix" { s.strip_prefix(&**p) } else { s.strip_suffix(&**p) };
                str_val(out.unwrap_or(s))
            }
            _ => return Err(attribute_error(format!("'str' object has no attribute '{}'", name))),
        })
    }

    pub(super) fn bytes_method(&mut self, b: &Rc<[u8]>, name: &str, args: Args) -> Result<Value> {
        let a = &args.positional;
        Ok(match name {
            "decode" => match std::str::from_utf8(b) {
                Ok(s) => str_val(s),
                Err(e) => {
                    let pos = e.valid_up_to();
                    return Err(Error::new(
                        ErrorKind::ValueError,
                        format!(
                            "'utf-8' codec can't decode byte {:#04x} in position {}: invalid start byte",
                            b.get(pos).copied().unwrap_or(0),
                            pos
                        ),
                    ));
                }
            },
            "hex" => str_val(&b.iter().map(|x| format!("{:02x}", x)).collect::<String>()),
            "upper" => Value::Bytes(b.to_ascii_uppercase().into()),
            "lower" => Value::Bytes(b.to_ascii_lowercase().into()),
            "strip" => {
                let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
                let end = b.iter().rposition(|c| !c.is_ascii_whitespace()).map(|i| i + 1).unwrap_or(start);
                Value::Bytes(Rc::from(&b[start..end.max(start)]))
            }
            "startswith" | "endswith" | "count" | "find" => {
                count_args(name, &args, 1, 1)?;
                let Value::Bytes(p) = &a[0] else {
                    return Err(type_error(format!("a bytes-like object is required, not '{}'", type_name(&a[0]))));
                };
                match name {
                    "startswith" => Value::Bool(b.starts_with(p)),
                    "endswith" => Value::Bool(b.ends_with(p)),
                    "count" => Value::Int(if p.is_empty() {
                        b.len() as i64 + 1
                    } else {
                        let mut n = 0;
                        let mut i = 0;
                        while i + p.len() <= b.len() {
                            if &b[i..i + p.len()] == &p[..] {
                                n += 1;
                                i += p.len();
                            } else {
                                i += 1;
                            }
                        }
                        n
                    }),
                    _ => Value::Int(
                        (0..=b.len().saturating_sub(p.len()))
                            .find(|&i| b.get(i..i + p.len()) == Some(&p[..]))
                            .map(|i| i as i64)
                            .unwrap_or(-1),
                    ),
                }
            }
            _ => return Err(attribute_error(format!("'bytes' object has no attribute '{}'", name))),
        })
    }
}

/// Char index of a byte offset in `s`.
pub(super) fn char_index(s: &str, byte: usize) -> i64 {
    if s.is_ascii() {
        byte as i64
    } else {
        s[..byte].chars().count() as i64
    }
}

pub(super) fn split_whitespace_n(s: &str, maxsplit: i64) -> Vec<Value> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        if maxsplit >= 0 && out.len() as i64 >= maxsplit {
            out.push(str_val(rest));
            break;
        }
        match rest.find(char::is_whitespace) {
            Some(i) => {
                out.push(str_val(&rest[..i]));
                rest = rest[i..].trim_start();
            }
            None => {
                out.push(str_val(rest));
                break;
            }
        }
    }
    out
}

pub(super) fn rsplit_whitespace_n(s: &str, maxsplit: i64) -> Vec<Value> {
    let mut out = Vec::new();
    let mut rest = s.trim_end();
    while !rest.is_empty() {
        if maxsplit >= 0 && out.len() as i64 >= maxsplit {
            out.push(str_val(rest));
            break;
        }
        match rest.rfind(char::is_whitespace) {
            Some(i) => {
                let w = rest[i..].chars().next().map(|c| c.len_utf8()).unwrap_or(1);
                out.push(str_val(&rest[i + w..]));
                rest = rest[..i].trim_end();
            }
            None => {
                out.push(str_val(rest));
                break;
            }
        }
    }
    out.reverse();
    out
}

pub(super) fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for c in s.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = c.is_alphabetic();
    }
    out
}

pub(super) fn pad(s: &str, width: i64, fill: char, how: char) -> String {
    let len = s.chars().count() as i64;
    if width <= len {
        return s.to_string();
    }
    let marg = (width - len) as usize;
    let left = match how {
        '<' => 0,
        '>' => marg,
        _ => marg / 2 + (marg & (width as usize) & 1),
    };
    let mut out = String::new();
    out.extend(std::iter::repeat(fill).take(left));
    out.push_str(s);
    out.extend(std::iter::repeat(fill).take(marg - left));
    out
}

pub(super) fn fill_char(v: Option<&Value>) -> Result<char> {
    match v {
        None => Ok(' '),
        Some(Value::Str(s)) if s.chars().count() == 1 => Ok(s.chars().next().unwrap_or(' ')),
        Some(_) => Err(type_error("The fill character must be exactly one character long")),
    }
}
