//! The bodies of Python's builtin functions (`print`, `len`, `sorted`,
//! `isinstance`, `getattr` …) and of the `Decimal`/`date`/`datetime`/`time`
//! constructors, one method each; `builtins.rs` tables them by name
//! (`BUILTINS`) and holds the argument helpers they share.

use super::*;

impl Interp {
    /// `print(...)`.
    pub(super) fn builtin_print(&mut self, _name: &'static str, mut args: Args) -> Result<Value> {
        let sep = match args.take_kw("sep") {
            None | Some(Value::None) => " ".to_string(),
            Some(Value::Str(s)) => s.to_string(),
            Some(v) => return Err(type_error(format!("sep must be None or a string, not {}", type_name(&v)))),
        };
        let end = match args.take_kw("end") {
            None | Some(Value::None) => "\n".to_string(),
            Some(Value::Str(s)) => s.to_string(),
            Some(v) => return Err(type_error(format!("end must be None or a string, not {}", type_name(&v)))),
        };
        if let Some(f) = args.take_kw("file") {
            if !f.is_none() {
                return Err(Error::new(ErrorKind::NotImplementedError, "ormsh's print() writes to standard output only (file= is not supported)"));
            }
        }
        // flush= only makes Python flush its buffer: nothing to do here
        args.take_kw("flush");
        leftover_keyword("print", &args)?;
        let mut parts = Vec::with_capacity(args.positional.len());
        for a in &args.positional {
            parts.push(self.str_of(a)?);
        }
        self.events.emit(Event::Print { text: parts.join(&sep), end });
        Ok(Value::None)
    }

    /// `len(...)`.
    pub(super) fn builtin_len(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let v = one_arg("len", &args)?;
        Ok(Value::Int(self.len_of(&v)? as i64))
    }

    /// `repr(...)`.
    pub(super) fn builtin_repr(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let v = one_arg("repr", &args)?;
        Ok(Value::Str(Rc::from(self.repr(&v)?)))
    }

    /// `str(...)`.
    pub(super) fn builtin_str(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        no_keywords("str", &args)?;
        match args.positional.as_slice() {
            [] => Ok(Value::str("")),
            [v] => Ok(Value::Str(Rc::from(self.str_of(v)?))),
            [Value::Bytes(b), Value::Str(_), ..] => Ok(Value::Str(Rc::from(String::from_utf8_lossy(b).as_ref()))),
            [_, other, ..] => Err(type_error(format!(
                "str() argument 'encoding' must be str, not {}",
                type_name(other)
            ))),
        }
    }

    /// `range(...)`.
    pub(super) fn builtin_range(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("range", &args, 1, 3)?;
        let ints: Vec<i64> = p.iter().map(as_int).collect::<Result<_>>()?;
        let (start, stop, step) = match ints.as_slice() {
            [stop] => (0, *stop, 1),
            [start, stop] => (*start, *stop, 1),
            [start, stop, step] => (*start, *stop, *step),
            _ => (0, 0, 1),
        };
        if step == 0 {
            return Err(Error::new(ErrorKind::ValueError, "range() arg 3 must not be zero"));
        }
        Ok(Value::Range(start, stop, step))
    }

    /// `float(...)`.
    pub(super) fn builtin_float(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("float", &args, 0, 1)?;
        Ok(Value::Float(match p.first() {
            None => 0.0,
            Some(Value::Float(f)) => *f,
            Some(Value::Int(i)) => *i as f64,
            Some(Value::Bool(b)) => *b as i64 as f64,
            Some(Value::Decimal(d)) => d.to_f64().unwrap_or(0.0),
            Some(Value::Str(s)) => parse_float(s).ok_or_else(|| {
                Error::new(
                    ErrorKind::ValueError,
                    format!("could not convert string to float: {}", crate::sql::value::str_repr(s)),
                )
            })?,
            Some(v) => {
                return Err(type_error(format!(
                    "float() argument must be a string or a real number, not '{}'",
                    type_name(v)
                )))
            }
        }))
    }

    /// `bool(...)`.
    pub(super) fn builtin_bool(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("bool", &args, 0, 1)?;
        match p.first() {
            None => Ok(Value::Bool(false)),
            Some(v) => {
                let v = v.clone();
                Ok(Value::Bool(self.truthy(&v)?))
            }
        }
    }

    /// `list(...)`, `tuple(...)`, `set(...)`, `frozenset(...)`.
    pub(super) fn builtin_collection(&mut self, name: &'static str, args: Args) -> Result<Value> {
        let p = positional(name, &args, 0, 1)?;
        let items = match p.first() {
            None => Vec::new(),
            Some(v) => {
                let v = v.clone();
                self.iterate(&v)?
            }
        };
        Ok(match name {
            "list" => Value::list(items),
            "tuple" => Value::tuple(items),
            _ => {
                let mut s = indexmap::IndexMap::new();
                for x in items {
                    s.insert(HashKey::new(&x)?, ());
                }
                Value::Set(Rc::new(RefCell::new(s)))
            }
        })
    }

    /// `dict(...)`.
    pub(super) fn builtin_dict(&mut self, _name: &'static str, mut args: Args) -> Result<Value> {
        let mut d = Dict::new();
        if args.positional.len() > 1 {
            return Err(type_error(format!("dict expected at most 1 argument, got {}", args.positional.len())));
        }
        if let Some(src) = args.positional.first().cloned() {
            self.dict_update(&mut d, &src)?;
        }
        for (k, v) in args.keywords.drain(..) {
            d.insert(HashKey::new(&Value::Str(k))?, v);
        }
        Ok(Value::Dict(Rc::new(RefCell::new(d))))
    }

    /// `sorted(...)`.
    pub(super) fn builtin_sorted(&mut self, _name: &'static str, mut args: Args) -> Result<Value> {
        let key = args.take_kw("key").filter(|k| !k.is_none());
        let reverse = match args.take_kw("reverse") {
            Some(v) => self.truthy(&v)?,
            None => false,
        };
        leftover_keyword("sort", &args)?;
        if args.positional.len() != 1 {
            return Err(type_error(format!(
                "sorted expected 1 argument, got {}",
                args.positional.len()
            )));
        }
        let items = self.iterate(&args.positional[0])?;
        Ok(Value::list(self.sort_values(items, key.as_ref(), reverse)?))
    }

    /// `sum(...)`.
    pub(super) fn builtin_sum(&mut self, _name: &'static str, mut args: Args) -> Result<Value> {
        let mut start = args.take_kw("start");
        leftover_keyword("sum", &args)?;
        let p = positional("sum", &args, 1, 2)?;
        if start.is_none() {
            start = p.get(1).cloned();
        }
        let mut acc = start.unwrap_or(Value::Int(0));
        if matches!(acc, Value::Str(_)) {
            return Err(type_error("sum() can't sum strings [use ''.join(seq) instead]"));
        }
        let items = self.iterate(&p[0].clone())?;
        for x in items {
            acc = self.binop(crate::syntax::ast::BinOp::Add, &acc, &x)?;
        }
        Ok(acc)
    }

    /// `abs(...)`.
    pub(super) fn builtin_abs(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let v = one_arg("abs", &args)?;
        match v {
            Value::Bool(b) => Ok(Value::Int(b as i64)),
            Value::Int(i) => i.checked_abs().map(Value::Int).ok_or_else(crate::interp::common::overflow),
            Value::Float(f) => Ok(Value::Float(f.abs())),
            Value::Decimal(d) => Ok(Value::Decimal(d.abs())),
            other => Err(type_error(format!("bad operand type for abs(): '{}'", type_name(&other)))),
        }
    }

    /// `isinstance(...)`.
    pub(super) fn builtin_isinstance(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        no_keywords("isinstance", &args)?;
        let [v, class] = args.positional.as_slice() else {
            return Err(type_error(format!("isinstance expected 2 arguments, got {}", args.positional.len())));
        };
        match class {
            Value::Tuple(classes) => {
                for c in classes.iter() {
                    if instance_of(v, c)? {
                        return Ok(Value::Bool(true));
                    }
                }
                Ok(Value::Bool(false))
            }
            c => Ok(Value::Bool(instance_of(v, c)?)),
        }
    }

    /// `issubclass(...)`.
    pub(super) fn builtin_issubclass(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("issubclass", &args, 2, 2)?;
        match (&p[0], &p[1]) {
            (Value::ExcType(a), Value::ExcType(b)) => Ok(Value::Bool(a.is_a(*b))),
            (Value::Builtin(a), Value::Builtin(b)) => {
                Ok(Value::Bool(a == b || (a.0 == "bool" && b.0 == "int") || b.0 == "object"))
            }
            _ => Err(type_error("issubclass() arg 1 must be a class")),
        }
    }

    /// `enumerate(...)`.
    pub(super) fn builtin_enumerate(&mut self, _name: &'static str, mut args: Args) -> Result<Value> {
        let start = match args.take_kw("start") {
            Some(v) => Some(v),
            None => args.positional.get(1).cloned(),
        };
        let start = match start {
            Some(v) => as_int(&v)?,
            None => 0,
        };
        let Some(src) = args.positional.first().cloned() else {
            return Err(type_error("enumerate() missing required argument 'iterable' (pos 1)"));
        };
        let items = self.iterate(&src)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, x) in items.into_iter().enumerate() {
            let n = start.checked_add(i as i64).ok_or_else(crate::interp::common::overflow)?;
            out.push(Value::tuple(vec![Value::Int(n), x]));
        }
        Ok(IterObj::new("enumerate", out))
    }

    /// `zip(...)`.
    pub(super) fn builtin_zip(&mut self, _name: &'static str, mut args: Args) -> Result<Value> {
        let strict = match args.take_kw("strict") {
            Some(v) => self.truthy(&v)?,
            None => false,
        };
        leftover_keyword("zip", &args)?;
        let mut lists = Vec::new();
        for a in &args.positional {
            lists.push(self.iterate(a)?);
        }
        let n = lists.iter().map(|l| l.len()).min().unwrap_or(0);
        if strict && lists.iter().any(|l| l.len() != n) {
            return Err(Error::new(ErrorKind::ValueError, "zip() arguments have different lengths"));
        }
        let out = (0..n).map(|i| Value::tuple(lists.iter().map(|l| l[i].clone()).collect())).collect();
        Ok(IterObj::new("zip", out))
    }

    /// `map(...)`, `filter(...)`.
    pub(super) fn builtin_map_filter(&mut self, name: &'static str, args: Args) -> Result<Value> {
        let p = positional(name, &args, 2, 2)?.to_vec();
        let items = self.iterate(&p[1])?;
        let mut out = Vec::new();
        for x in items {
            if name == "map" {
                out.push(self.call(&p[0], Args::new(vec![x]))?);
            } else {
                let keep = if p[0].is_none() { x.clone() } else { self.call(&p[0], Args::new(vec![x.clone()]))? };
                if self.truthy(&keep)? {
                    out.push(x);
                }
            }
        }
        Ok(IterObj::new(name, out))
    }

    /// `reversed(...)`.
    pub(super) fn builtin_reversed(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let v = one_arg("reversed", &args)?;
        let kind = match &v {
            Value::List(_) => "list_reverseiterator",
            Value::Range(..) => "range_iterator",
            Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) | Value::Native(_) => "reversed",
            Value::Dict(_) => "dict_reversekeyiterator",
            other => return Err(type_error(format!("'{}' object is not reversible", type_name(other)))),
        };
        let mut items = self.iterate(&v)?;
        items.reverse();
        Ok(IterObj::new(kind, items))
    }

    /// `iter(...)`.
    pub(super) fn builtin_iter(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let v = one_arg("iter", &args)?;
        if v.downcast::<IterObj>().is_some() {
            return Ok(v);
        }
        let kind = match &v {
            Value::List(_) => "list_iterator",
            Value::Tuple(_) => "tuple_iterator",
            Value::Str(_) => "str_ascii_iterator",
            Value::Range(..) => "range_iterator",
            Value::Dict(_) => "dict_keyiterator",
            Value::Set(_) => "set_iterator",
            Value::Bytes(_) => "bytes_iterator",
            _ => "iterator",
        };
        let items = self.iterate(&v)?;
        Ok(IterObj::new(kind, items))
    }

    /// `next(...)`.
    pub(super) fn builtin_next(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("next", &args, 1, 2)?;
        let Some(it) = p[0].downcast::<IterObj>() else {
            return Err(type_error(format!("'{}' object is not an iterator", type_name(&p[0]))));
        };
        match it.next() {
            Some(v) => Ok(v),
            None => match p.get(1) {
                Some(d) => Ok(d.clone()),
                None => Err(Error::new(ErrorKind::StopIteration, "")),
            },
        }
    }

    /// `type(...)`.
    pub(super) fn builtin_type(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        if args.positional.len() != 1 {
            return Err(type_error("type() takes 1 or 3 arguments"));
        }
        let v = one_arg("type", &args)?;
        Ok(type_of(&v))
    }

    /// `hasattr(...)`.
    pub(super) fn builtin_hasattr(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("hasattr", &args, 2, 2)?.to_vec();
        let Value::Str(attr) = &p[1] else {
            return Err(type_error(format!("attribute name must be string, not '{}'", type_name(&p[1]))));
        };
        match self.get_attr(&p[0], attr) {
            Ok(_) => Ok(Value::Bool(true)),
            Err(e) if e.kind == ErrorKind::AttributeError => Ok(Value::Bool(false)),
            Err(e) => Err(e),
        }
    }

    /// `vars(obj)`: the object's `__dict__` (a mapped instance's is its state's dict).
    pub(super) fn builtin_vars(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let v = one_arg("vars", &args)?;
        match self.get_attr(&v, "__dict__") {
            Err(e) if e.kind == ErrorKind::AttributeError => Err(type_error("vars() argument must have __dict__ attribute")),
            r => r,
        }
    }

    /// `getattr(...)`.
    pub(super) fn builtin_getattr(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("getattr", &args, 2, 3)?.to_vec();
        let Value::Str(attr) = &p[1] else {
            return Err(type_error(format!("attribute name must be string, not '{}'", type_name(&p[1]))));
        };
        match self.get_attr(&p[0], attr) {
            Err(e) if e.kind == ErrorKind::AttributeError && p.len() == 3 => Ok(p[2].clone()),
            r => r,
        }
    }

    /// `setattr(...)`.
    pub(super) fn builtin_setattr(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("setattr", &args, 3, 3)?.to_vec();
        let Value::Str(attr) = &p[1] else {
            return Err(type_error(format!("attribute name must be string, not '{}'", type_name(&p[1]))));
        };
        self.set_attr(&p[0], attr, p[2].clone())?;
        Ok(Value::None)
    }

    /// `delattr(...)`.
    pub(super) fn builtin_delattr(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("delattr", &args, 2, 2)?.to_vec();
        let Value::Str(attr) = &p[1] else {
            return Err(type_error(format!("attribute name must be string, not '{}'", type_name(&p[1]))));
        };
        self.del_attr(&p[0], attr)?;
        Ok(Value::None)
    }

    /// `any(...)`, `all(...)`.
    pub(super) fn builtin_any_all(&mut self, name: &'static str, args: Args) -> Result<Value> {
        let v = one_arg(name, &args)?;
        let items = self.iterate(&v)?;
        for x in items {
            let t = self.truthy(&x)?;
            if name == "any" && t {
                return Ok(Value::Bool(true));
            }
            if name == "all" && !t {
                return Ok(Value::Bool(false));
            }
        }
        Ok(Value::Bool(name == "all"))
    }

    /// `divmod(...)`.
    pub(super) fn builtin_divmod(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("divmod", &args, 2, 2)?.to_vec();
        let has_float = matches!(p[0], Value::Float(_)) || matches!(p[1], Value::Float(_));
        let float_zero = has_float && matches!(p[1], Value::Float(z) if z == 0.0)
            || has_float && matches!(p[1], Value::Int(0) | Value::Bool(false));
        if float_zero {
            return Err(Error::new(ErrorKind::ZeroDivisionError, "float divmod()"));
        }
        let q = self.binop(crate::syntax::ast::BinOp::FloorDiv, &p[0], &p[1])?;
        let r = self.binop(crate::syntax::ast::BinOp::Mod, &p[0], &p[1])?;
        Ok(Value::tuple(vec![q, r]))
    }

    /// `pow(...)`.
    pub(super) fn builtin_pow(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("pow", &args, 2, 3)?.to_vec();
        let r = self.binop(crate::syntax::ast::BinOp::Pow, &p[0], &p[1])?;
        match p.get(2) {
            Some(m) => self.binop(crate::syntax::ast::BinOp::Mod, &r, m),
            None => Ok(r),
        }
    }

    /// `id(...)`.
    pub(super) fn builtin_id(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let v = one_arg("id", &args)?;
        Ok(Value::Int(identity_number(&v)))
    }

    /// `hash(...)`.
    pub(super) fn builtin_hash(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let v = one_arg("hash", &args)?;
        let k = HashKey::new(&v)?;
        // numbers equal in Python hash equal: integral ones hash to themselves
        Ok(Value::Int(match v {
            Value::Int(i) => i,
            Value::Bool(b) => b as i64,
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => f as i64,
            Value::Decimal(d) if d.fract().is_zero() => d.to_i64().unwrap_or((k.1 >> 2) as i64),
            _ => (k.1 >> 2) as i64,
        }))
    }

    /// `chr(...)`.
    pub(super) fn builtin_chr(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let v = one_arg("chr", &args)?;
        let i = as_int(&v)?;
        u32::try_from(i)
            .ok()
            .and_then(char::from_u32)
            .map(|c| Value::Str(Rc::from(c.to_string())))
            .ok_or_else(|| Error::new(ErrorKind::ValueError, "chr() arg not in range(0x110000)"))
    }

    /// `ord(...)`.
    pub(super) fn builtin_ord(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let v = one_arg("ord", &args)?;
        match &v {
            Value::Str(s) => {
                let mut cs = s.chars();
                match (cs.next(), cs.next()) {
                    (Some(c), None) => Ok(Value::Int(c as i64)),
                    _ => Err(type_error(format!(
                        "ord() expected a character, but string of length {} found",
                        s.chars().count()
                    ))),
                }
            }
            Value::Bytes(b) if b.len() == 1 => Ok(Value::Int(b[0] as i64)),
            other => Err(type_error(format!(
                "ord() expected string of length 1, but {} found",
                type_name(other)
            ))),
        }
    }

    /// `hex(...)`, `bin(...)`, `oct(...)`.
    pub(super) fn builtin_hex_bin_oct(&mut self, name: &'static str, args: Args) -> Result<Value> {
        let v = one_arg(name, &args)?;
        let i = as_int(&v)?;
        let (sign, mag) = if i < 0 { ("-", i.unsigned_abs()) } else { ("", i as u64) };
        Ok(Value::Str(Rc::from(match name {
            "hex" => format!("{}0x{:x}", sign, mag),
            "bin" => format!("{}0b{:b}", sign, mag),
            _ => format!("{}0o{:o}", sign, mag),
        })))
    }

    /// `format(...)`.
    pub(super) fn builtin_format(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("format", &args, 1, 2)?.to_vec();
        let spec = match p.get(1) {
            Some(Value::Str(s)) => s.to_string(),
            Some(other) => {
                return Err(type_error(format!(
                    "format() argument 2 must be str, not {}",
                    type_name(other)
                )))
            }
            None => String::new(),
        };
        Ok(Value::Str(Rc::from(self.format_value(&p[0], &spec)?)))
    }

    /// `help(...)`, `dir(...)`.
    pub(super) fn builtin_help_dir(&mut self, name: &'static str, args: Args) -> Result<Value> {
        crate::interp::sa::introspect::call_builtin(self, name, &args)
    }

    /// `callable(...)`.
    pub(super) fn builtin_callable(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let v = one_arg("callable", &args)?;
        Ok(Value::Bool(match &v {
            Value::Builtin(b) => b.0 != "Ellipsis",
            Value::ExcType(_) | Value::Method(_) => true,
            Value::Native(n) => {
                // a Native is callable when it answers `call`; probing would run it,
                // so ask its type: classes and factories are natives with `call`.
                let _ = n;
                true
            }
            _ => false,
        }))
    }

    /// `bytes(...)`.
    pub(super) fn builtin_bytes(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("bytes", &args, 0, 3)?.to_vec();
        match p.as_slice() {
            [] => Ok(Value::Bytes(Rc::from(Vec::new()))),
            [Value::Int(n)] => {
                if *n < 0 {
                    return Err(Error::new(ErrorKind::ValueError, "negative count"));
                }
                if *n > 50_000_000 {
                    return Err(Error::new(ErrorKind::OverflowError, "byte string is too long"));
                }
                Ok(Value::Bytes(Rc::from(vec![0u8; *n as usize])))
            }
            [Value::Str(s), ..] => {
                if p.len() < 2 {
                    return Err(type_error("string argument without an encoding"));
                }
                Ok(Value::Bytes(Rc::from(s.as_bytes())))
            }
            [Value::Bytes(b)] => Ok(Value::Bytes(b.clone())),
            [other] => {
                let items = self.iterate(other)?;
                let mut out = Vec::with_capacity(items.len());
                for x in items {
                    let i = as_int(&x)?;
                    out.push(u8::try_from(i).map_err(|_| {
                        Error::new(ErrorKind::ValueError, "bytes must be in range(0, 256)")
                    })?);
                }
                Ok(Value::Bytes(Rc::from(out)))
            }
            _ => Err(type_error("bytes() arguments not understood")),
        }
    }

    /// `slice(...)`.
    pub(super) fn builtin_slice(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("slice", &args, 1, 3)?.to_vec();
        Ok(Value::Slice(Rc::new(match p.as_slice() {
            [stop] => (Value::None, stop.clone(), Value::None),
            [a, b] => (a.clone(), b.clone(), Value::None),
            [a, b, c] => (a.clone(), b.clone(), c.clone()),
            _ => (Value::None, Value::None, Value::None),
        })))
    }

    /// `object(...)`.
    pub(super) fn builtin_object(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        positional("object", &args, 0, 0).map(|_| crate::interp::natives::PlainObject::new_value())
    }

    /// `Decimal(...)`.
    pub(super) fn builtin_decimal(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let p = positional("Decimal", &args, 0, 2)?;
        match p.first() {
            None => Ok(Value::Decimal(Decimal::ZERO)),
            Some(v) => Ok(Value::Decimal(decimal_from(v)?)),
        }
    }

    /// `date(...)`.
    pub(super) fn builtin_date(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let (y, m, d) = (date_arg(&args, 0, "year", None)?, date_arg(&args, 1, "month", None)?, date_arg(&args, 2, "day", None)?);
        Ok(Value::Date(make_date(y, m, d)?))
    }

    /// `datetime(...)`.
    pub(super) fn builtin_datetime(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        let date = make_date(date_arg(&args, 0, "year", None)?, date_arg(&args, 1, "month", None)?, date_arg(&args, 2, "day", None)?)?;
        let time = make_time(
            date_arg(&args, 3, "hour", Some(0))?,
            date_arg(&args, 4, "minute", Some(0))?,
            date_arg(&args, 5, "second", Some(0))?,
            date_arg(&args, 6, "microsecond", Some(0))?,
        )?;
        Ok(Value::DateTime(date.and_time(time)))
    }

    /// `time(...)`.
    pub(super) fn builtin_time(&mut self, _name: &'static str, args: Args) -> Result<Value> {
        Ok(Value::Time(make_time(
            date_arg(&args, 0, "hour", Some(0))?,
            date_arg(&args, 1, "minute", Some(0))?,
            date_arg(&args, 2, "second", Some(0))?,
            date_arg(&args, 3, "microsecond", Some(0))?,
        )?))
    }
}
