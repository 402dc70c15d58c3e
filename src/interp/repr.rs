//! `repr()`, `str()` and type names of interpreter values, exactly as Python
//! 3.11 writes them (`[1, 'a']`, `(1,)`, `set()`, `<class 'int'>`,
//! `Decimal('9.99')`, `[[...]]` for self-references), plus iteration of the
//! builtin iterables. Scalars reuse `sql::value`'s Python reprs.

use super::common::{exc_module, is_class, range_len, type_name};
use super::value::Value;
use super::Interp;
use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::sql::value as sv;
use std::rc::Rc;

/// The module-qualified class name Python prints (`decimal.Decimal`).
pub(crate) fn qualified_class(name: &str) -> String {
    match name {
        "Decimal" => "decimal.Decimal".into(),
        "date" | "datetime" | "time" | "timedelta" => format!("datetime.{}", name),
        other => other.into(),
    }
}

impl Interp {
    /// `repr(v)`.
    pub fn repr(&mut self, v: &Value) -> Result<String> {
        Ok(match v {
            Value::None => "None".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => sv::float_repr(*f),
            Value::Str(s) => sv::str_repr(s),
            Value::Bytes(b) => sv::bytes_repr(b),
            Value::Decimal(d) => format!("Decimal('{}')", d),
            Value::Date(d) => sv::Value::Date(*d).py_repr(),
            Value::DateTime(d) => sv::Value::DateTime(*d).py_repr(),
            Value::Time(t) => sv::Value::Time(*t).py_repr(),
            Value::List(l) => {
                let ptr = Rc::as_ptr(l) as *const u8 as usize;
                if self.repr_stack.contains(&ptr) {
                    return Ok("[...]".into());
                }
                let items = l.borrow().clone();
                self.nested_repr(ptr, |this| Ok(format!("[{}]", this.join_reprs(&items)?)))?
            }
            Value::Tuple(t) => {
                if t.len() == 1 {
                    let one = t[0].clone();
                    self.nested_repr(0, |this| Ok(format!("({},)", this.repr(&one)?)))?
                } else {
                    let items = t.clone();
                    self.nested_repr(0, |this| Ok(format!("({})", this.join_reprs(&items)?)))?
                }
            }
            Value::Dict(d) => {
                let ptr = Rc::as_ptr(d) as *const u8 as usize;
                if self.repr_stack.contains(&ptr) {
                    return Ok("{...}".into());
                }
                let pairs: Vec<(Value, Value)> = d.borrow().iter().map(|(k, v)| (k.0.clone(), v.clone())).collect();
                self.nested_repr(ptr, |this| {
                    let mut parts = Vec::with_capacity(pairs.len());
                    for (k, v) in &pairs {
                        parts.push(format!("{}: {}", this.repr(k)?, this.repr(v)?));
                    }
                    Ok(format!("{{{}}}", parts.join(", ")))
                })?
            }
            Value::Set(s) => {
                let items: Vec<Value> = s.borrow().keys().map(|k| k.0.clone()).collect();
                if items.is_empty() {
                    return Ok("set()".into());
                }
                self.nested_repr(0, |this| Ok(format!("{{{}}}", this.join_reprs(&items)?)))?
            }
            Value::Range(a, b, c) => {
                if *c == 1 {
                    format!("range({}, {})", a, b)
                } else {
                    format!("range({}, {}, {})", a, b, c)
                }
            }
            Value::Slice(s) => {
                let s = s.clone();
                format!("slice({}, {}, {})", self.repr(&s.0)?, self.repr(&s.1)?, self.repr(&s.2)?)
            }
            Value::Exception(e) => exception_repr(e),
            Value::ExcType(k) => format!("<class '{}{}'>", exc_module(*k), k.name()),
            Value::Builtin(b) if b.0 == "Ellipsis" => "Ellipsis".into(),
            Value::Builtin(b) if is_class(b.0) => format!("<class '{}'>", qualified_class(b.0)),
            Value::Builtin(b) => format!("<built-in function {}>", b.0),
            Value::Method(m) => match &m.0 {
                Value::Builtin(b) if is_class(b.0) => format!("<method '{}' of '{}' objects>", m.1, b.0),
                Value::Native(_) => format!("<bound method {}.{}>", type_name(&m.0), m.1),
                recv => format!(
                    "<built-in method {} of {} object at {:#x}>",
                    m.1,
                    type_name(recv),
                    Rc::as_ptr(m) as *const u8 as usize
                ),
            },
            Value::Module(m) => format!("<module '{}'>", m.name),
            Value::Native(n) => {
                let n = n.clone();
                self.nested_repr(0, |this| n.repr(this))?
            }
        })
    }

    fn join_reprs(&mut self, items: &[Value]) -> Result<String> {
        let mut out = String::new();
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&self.repr(x)?);
        }
        Ok(out)
    }

    /// Run a container's repr one level deeper (RecursionError past the limit);
    /// `ptr` (non-zero) marks the container as being shown, for `[...]`.
    fn nested_repr(&mut self, ptr: usize, f: impl FnOnce(&mut Interp) -> Result<String>) -> Result<String> {
        if self.depth > super::MAX_DEPTH {
            return Err(Error::new(
                ErrorKind::RecursionError,
                "maximum recursion depth exceeded while getting the repr of an object",
            ));
        }
        self.depth += 1;
        if ptr != 0 {
            self.repr_stack.push(ptr);
        }
        let r = f(self);
        if ptr != 0 {
            self.repr_stack.pop();
        }
        self.depth -= 1;
        r
    }

    /// `str(v)`.
    pub fn str_of(&mut self, v: &Value) -> Result<String> {
        Ok(match v {
            Value::Str(s) => s.to_string(),
            Value::Decimal(d) => d.to_string(),
            Value::Date(d) => sv::Value::Date(*d).py_str(),
            Value::DateTime(d) => sv::Value::DateTime(*d).py_str(),
            Value::Time(t) => sv::Value::Time(*t).py_str(),
            Value::Exception(e) => e.full_message(),
            Value::Native(n) => {
                let n = n.clone();
                n.str(self)?
            }
            other => self.repr(other)?,
        })
    }

    /// True for values `iterate` accepts (natives are assumed iterable).
    pub(crate) fn is_iterable(&self, v: &Value) -> bool {
        matches!(
            v,
            Value::List(_)
                | Value::Tuple(_)
                | Value::Str(_)
                | Value::Bytes(_)
                | Value::Dict(_)
                | Value::Set(_)
                | Value::Range(..)
                | Value::Native(_)
        )
    }

    /// All items of an iterable, eagerly.
    pub fn iterate(&mut self, v: &Value) -> Result<Vec<Value>> {
        Ok(match v {
            Value::List(l) => l.borrow().clone(),
            Value::Tuple(t) => t.to_vec(),
            Value::Str(s) => s.chars().map(|c| Value::Str(Rc::from(c.to_string()))).collect(),
            Value::Bytes(b) => b.iter().map(|x| Value::Int(*x as i64)).collect(),
            Value::Dict(d) => d.borrow().keys().map(|k| k.0.clone()).collect(),
            Value::Set(s) => s.borrow().keys().map(|k| k.0.clone()).collect(),
            Value::Range(start, _, step) => {
                let n = range_len(v);
                if n > 50_000_000 {
                    return Err(Error::new(ErrorKind::OverflowError, "range too large to build a sequence from"));
                }
                (0..n).map(|k| Value::Int(start + k * step)).collect()
            }
            Value::Native(n) => match n.clone().iter(self) {
                Some(r) => r?,
                None => return Err(type_error(format!("'{}' object is not iterable", type_name(v)))),
            },
            _ => return Err(type_error(format!("'{}' object is not iterable", type_name(v)))),
        })
    }
}

/// `repr(e)` of an exception instance: `ValueError('x')`, `KeyError('k')`.
pub(crate) fn exception_repr(e: &Error) -> String {
    let name = e.kind.name();
    if e.message.is_empty() {
        format!("{}()", name)
    } else if e.kind == ErrorKind::KeyError || (e.kind == ErrorKind::SystemExit && e.exit_code != crate::exc::ExitCode::Other) {
        // a KeyError's message is already the repr of its key; a SystemExit's int (or None) code
        format!("{}({})", name, e.message)
    } else {
        format!("{}({})", name, sv::str_repr(&e.message))
    }
}
