//! Membership and subscripting: `in`, `v[i]`, `v[i] = x`, `del v[i]`, with
//! Python's index and slice rules (negative indices, steps, extended slice
//! assignment) and its exact errors; `ops.rs` holds the operators.

use super::*;

impl Interp {
    /// `item in container`.
    pub fn contains(&mut self, container: &Value, item: &Value) -> Result<bool> {
        match container {
            Value::Native(n) => {
                if let Some(r) = n.clone().contains(self, item) {
                    return r;
                }
                if !self.is_iterable(container) {
                    return Err(type_error(format!("argument of type '{}' is not iterable", type_name(container))));
                }
                for x in self.iterate(container)? {
                    if is_same(&x, item) || self.py_eq(&x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Str(s) => match item {
                Value::Str(i) => Ok(s.contains(&**i)),
                _ => Err(type_error(format!("'in <string>' requires string as left operand, not {}", type_name(item)))),
            },
            Value::Bytes(bs) => match item {
                Value::Bytes(i) => Ok(i.is_empty() || bs.windows(i.len()).any(|w| w == &**i)),
                Value::Int(i) => Ok(bs.iter().any(|b| *b as i64 == *i)),
                _ => Err(type_error(format!("a bytes-like object is required, not '{}'", type_name(item)))),
            },
            Value::List(_) | Value::Tuple(_) => {
                let items = self.iterate(container)?;
                for x in &items {
                    if is_same(x, item) || self.py_eq(x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Dict(d) => {
                let k = HashKey::new(item)?;
                Ok(d.borrow().contains_key(&k))
            }
            Value::Set(s) => {
                let k = HashKey::new(item)?;
                Ok(s.borrow().contains_key(&k))
            }
            Value::Range(start, stop, step) => {
                let i = match item {
                    Value::Int(i) => *i,
                    Value::Bool(b) => *b as i64,
                    Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => *f as i64,
                    _ => return Ok(false),
                };
                let inside = if *step > 0 { i >= *start && i < *stop } else { i <= *start && i > *stop };
                Ok(inside && (i as i128 - *start as i128) % (*step as i128) == 0)
            }
            _ => Err(type_error(format!("argument of type '{}' is not iterable", type_name(container)))),
        }
    }

    /// `v[idx]`.
    pub fn getitem(&mut self, v: &Value, idx: &Value) -> Result<Value> {
        match v {
            Value::Native(n) => match n.clone().getitem(self, idx) {
                Some(r) => r,
                None => Err(type_error(format!("'{}' object is not subscriptable", type_name(v)))),
            },
            Value::List(l) => {
                if let Value::Slice(s) = idx {
                    let items = l.borrow();
                    let picked = slice_pick(&items, s)?;
                    return Ok(Value::list(picked));
                }
                let i = seq_index(idx, "list")?;
                let items = l.borrow();
                let at = norm_index(i, items.len()).ok_or_else(|| index_error("list index out of range"))?;
                Ok(items[at].clone())
            }
            Value::Tuple(t) => {
                if let Value::Slice(s) = idx {
                    return Ok(Value::tuple(slice_pick(t, s)?));
                }
                let i = seq_index(idx, "tuple")?;
                let at = norm_index(i, t.len()).ok_or_else(|| index_error("tuple index out of range"))?;
                Ok(t[at].clone())
            }
            Value::Str(s) => {
                if let Value::Slice(sl) = idx {
                    let chars: Vec<char> = s.chars().collect();
                    let picked = slice_pick(&chars, sl)?;
                    return Ok(Value::Str(Rc::from(picked.into_iter().collect::<String>())));
                }
                let i = match idx {
                    Value::Int(i) => *i,
                    Value::Bool(b) => *b as i64,
                    _ => return Err(type_error(format!("string indices must be integers, not '{}'", type_name(idx)))),
                };
                let c = if s.is_ascii() {
                    norm_index(i, s.len()).map(|at| (s.as_bytes()[at] as char).to_string())
                } else {
                    let n = s.chars().count();
                    norm_index(i, n).and_then(|at| s.chars().nth(at)).map(|c| c.to_string())
                };
                c.map(|c| Value::Str(Rc::from(c))).ok_or_else(|| index_error("string index out of range"))
            }
            Value::Bytes(bs) => {
                if let Value::Slice(sl) = idx {
                    return Ok(Value::Bytes(Rc::from(slice_pick(bs, sl)?)));
                }
                let i = seq_index(idx, "byte")?;
                let at = norm_index(i, bs.len()).ok_or_else(|| index_error("index out of range"))?;
                Ok(Value::Int(bs[at] as i64))
            }
            Value::Range(start, _, step) => {
                let len = range_len(v);
                if let Value::Slice(sl) = idx {
                    let (lo, hi, st) = slice_indices(sl, len)?;
                    let at = |k: i64| start.saturating_add(k.saturating_mul(*step));
                    return Ok(Value::Range(at(lo), at(hi), step.saturating_mul(st)));
                }
                let i = seq_index(idx, "range")?;
                let at = norm_index(i, len as usize).ok_or_else(|| index_error("range object index out of range"))?;
                Ok(Value::Int(start + at as i64 * step))
            }
            Value::Dict(d) => {
                let k = HashKey::new(idx)?;
                let found = d.borrow().get(&k).cloned();
                match found {
                    Some(x) => Ok(x),
                    None => Err(Error::new(ErrorKind::KeyError, self.repr(idx)?)),
                }
            }
            _ => Err(type_error(format!("'{}' object is not subscriptable", type_name(v)))),
        }
    }

    /// `v[idx] = x`.
    pub fn setitem(&mut self, v: &Value, idx: &Value, x: Value) -> Result<()> {
        match v {
            Value::Native(n) => match n.clone().setitem(self, idx, x) {
                Some(r) => r,
                None => Err(type_error(format!("'{}' object does not support item assignment", type_name(v)))),
            },
            Value::List(l) => {
                if let Value::Slice(s) = idx {
                    if !self.is_iterable(&x) {
                        return Err(type_error("can only assign an iterable"));
                    }
                    let new = self.iterate(&x)?;
                    let len = l.borrow().len();
                    let (lo, hi, st) = slice_indices(s, len as i64)?;
                    let mut items = l.borrow_mut();
                    if st == 1 {
                        let hi = hi.max(lo);
                        items.splice(lo as usize..hi as usize, new);
                    } else {
                        let picks = slice_positions(lo, hi, st);
                        if picks.len() != new.len() {
                            return Err(Error::new(
                                ErrorKind::ValueError,
                                format!(
                                    "attempt to assign sequence of size {} to extended slice of size {}",
                                    new.len(),
                                    picks.len()
                                ),
                            ));
                        }
                        for (p, item) in picks.into_iter().zip(new) {
                            items[p] = item;
                        }
                    }
                    return Ok(());
                }
                let i = seq_index(idx, "list")?;
                let mut items = l.borrow_mut();
                let at = norm_index(i, items.len()).ok_or_else(|| index_error("list assignment index out of range"))?;
                items[at] = x;
                Ok(())
            }
            Value::Dict(d) => {
                let k = HashKey::new(idx)?;
                d.borrow_mut().insert(k, x);
                Ok(())
            }
            _ => Err(type_error(format!("'{}' object does not support item assignment", type_name(v)))),
        }
    }

    /// `del v[idx]`.
    pub fn delitem(&mut self, v: &Value, idx: &Value) -> Result<()> {
        match v {
            Value::Native(n) => match n.clone().delitem(self, idx) {
                Some(r) => r,
                None => Err(type_error(format!("'{}' object does not support item deletion", type_name(v)))),
            },
            Value::List(l) => {
                let len = l.borrow().len();
                if let Value::Slice(s) = idx {
                    let (lo, hi, st) = slice_indices(s, len as i64)?;
                    let mut picks = slice_positions(lo, hi, st);
                    picks.sort_unstable();
                    let mut items = l.borrow_mut();
                    for p in picks.into_iter().rev() {
                        items.remove(p);
                    }
                    return Ok(());
                }
                let i = seq_index(idx, "list")?;
                let at = norm_index(i, len).ok_or_else(|| index_error("list assignment index out of range"))?;
                l.borrow_mut().remove(at);
                Ok(())
            }
            Value::Dict(d) => {
                let k = HashKey::new(idx)?;
                let removed = d.borrow_mut().shift_remove(&k);
                match removed {
                    Some(_) => Ok(()),
                    None => Err(Error::new(ErrorKind::KeyError, self.repr(idx)?)),
                }
            }
            _ => Err(type_error(format!("'{}' object doesn't support item deletion", type_name(v)))),
        }
    }
}

pub(super) fn index_error(msg: &str) -> Error {
    Error::new(ErrorKind::IndexError, msg)
}

pub(super) fn seq_index(idx: &Value, what: &str) -> Result<i64> {
    match idx {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        _ => Err(type_error(format!("{} indices must be integers or slices, not {}", what, type_name(idx)))),
    }
}

pub(super) fn norm_index(i: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let j = if i < 0 { i + len } else { i };
    if j < 0 || j >= len {
        None
    } else {
        Some(j as usize)
    }
}

/// `slice.indices(len)`: start, stop, step clamped as Python does.
pub(crate) fn slice_indices(s: &(Value, Value, Value), len: i64) -> Result<(i64, i64, i64)> {
    let part = |v: &Value| -> Result<Option<i64>> {
        match v {
            Value::None => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            Value::Bool(b) => Ok(Some(*b as i64)),
            _ => Err(type_error("slice indices must be integers or None or have an __index__ method")),
        }
    };
    let step = part(&s.2)?.unwrap_or(1);
    if step == 0 {
        return Err(Error::new(ErrorKind::ValueError, "slice step cannot be zero"));
    }
    let clamp = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(mut i) => {
                if i < 0 {
                    i = i.saturating_add(len);
                    if i < 0 {
                        i = if step < 0 { -1 } else { 0 };
                    }
                } else if i >= len {
                    i = if step < 0 { len - 1 } else { len };
                }
                i
            }
        }
    };
    let (ds, de) = if step < 0 { (len - 1, -1) } else { (0, len) };
    Ok((clamp(part(&s.0)?, ds), clamp(part(&s.1)?, de), step))
}

pub(super) fn slice_positions(lo: i64, hi: i64, step: i64) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = lo;
    while (step > 0 && i < hi) || (step < 0 && i > hi) {
        out.push(i as usize);
        i += step;
    }
    out
}

pub(super) fn slice_pick<T: Clone>(items: &[T], s: &(Value, Value, Value)) -> Result<Vec<T>> {
    let (lo, hi, st) = slice_indices(s, items.len() as i64)?;
    Ok(slice_positions(lo, hi, st).into_iter().filter_map(|p| items.get(p).cloned()).collect())
}
