//! Statement execution and expression evaluation over `syntax::ast`: the
//! control flow of the Python subset (loops, try/except/finally, with, raise),
//! assignment and unpacking, calls, attribute access and comprehensions.
//! Operators live in `ops`, builtin functions in `builtins`, methods of builtin
//! types in `methods`. Called by `Interp::run_source` (interp/mod.rs).

use super::common::{overflow, recursion_error, type_name};
use super::value::{Args, Dict, HashKey, Value};
use super::{Interp, MAX_DEPTH};
use crate::exc::{type_error, Error, ErrorKind, Result};
use crate::syntax::ast::{
    Arg, BoolOp, Comprehension, Const, ExceptHandler, Expr, ExprKind, Stmt, StmtKind, UnaryOp, WithItem,
};
use std::cell::RefCell;
use std::rc::Rc;

/// How a block finished, when not by raising.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    Normal,
    Break,
    Continue,
}

fn syntax_error(msg: &str) -> Error {
    Error::new(ErrorKind::SyntaxError, msg)
}

impl Interp {
    /// Run one top-level (non-expression) statement.
    pub(crate) fn exec_top(&mut self, s: &Stmt) -> Result<()> {
        self.exec_stmt(s).map(|_| ())
    }

    pub(crate) fn exec_block(&mut self, body: &[Stmt]) -> Result<Flow> {
        for s in body {
            match self.exec_stmt(s)? {
                Flow::Normal => {}
                f => return Ok(f),
            }
        }
        Ok(Flow::Normal)
    }

    fn exec_stmt(&mut self, s: &Stmt) -> Result<Flow> {
        let was = self.events.enter_line(s.pos.line + self.line_offset);
        self.depth += 1;
        let r = if self.depth > MAX_DEPTH { Err(recursion_error()) } else { self.exec_stmt_inner(s) };
        self.depth -= 1;
        self.events.leave_line(was);
        if r.is_err() && self.error_line.is_none() {
            self.error_line = Some(s.pos.line + self.line_offset);
        }
        r
    }

    fn exec_stmt_inner(&mut self, s: &Stmt) -> Result<Flow> {
        match &s.kind {
            StmtKind::Expr(e) => {
                self.eval(e)?;
            }
            StmtKind::Assign { targets, value } => {
                let v = self.eval(value)?;
                match targets.as_slice() {
                    [single] => self.assign(single, v)?,
                    many => {
                        for t in many {
                            self.assign(t, v.clone())?;
                        }
                    }
                }
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value)?,
            StmtKind::If { test, body, orelse } => {
                let t = self.eval(test)?;
                return if self.truthy(&t)? { self.exec_block(body) } else { self.exec_block(orelse) };
            }
            StmtKind::For { target, iter, body, orelse } => {
                let it = self.eval(iter)?;
                let mut broke = false;
                self.for_each(&it, &mut |this, item| {
                    this.assign(target, item)?;
                    match this.exec_block(body)? {
                        Flow::Break => {
                            broke = true;
                            Ok(false)
                        }
                        _ => Ok(true),
                    }
                })?;
                if !broke {
                    return self.exec_block(orelse);
                }
            }
            StmtKind::While { test, body, orelse } => loop {
                self.check_interrupt()?;
                let t = self.eval(test)?;
                if !self.truthy(&t)? {
                    return self.exec_block(orelse);
                }
                if self.exec_block(body)? == Flow::Break {
                    break;
                }
            },
            StmtKind::Break => return Ok(Flow::Break),
            StmtKind::Continue => return Ok(Flow::Continue),
            StmtKind::Pass => {}
            StmtKind::With { items, body } => return self.exec_with(items, body),
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                return self.exec_try(body, handlers, orelse, finalbody)
            }
            StmtKind::Raise { exc, cause } => return Err(self.raise(exc.as_ref(), cause.as_ref())?),
            StmtKind::Assert { test, msg } => {
                let t = self.eval(test)?;
                if !self.truthy(&t)? {
                    let message = match msg {
                        Some(m) => {
                            let v = self.eval(m)?;
                            self.str_of(&v)?
                        }
                        None => String::new(),
                    };
                    return Err(Error::new(ErrorKind::AssertionError, message));
                }
            }
            StmtKind::Del { targets } => {
                for t in targets {
                    self.delete(t)?;
                }
            }
            StmtKind::Import { names } => self.exec_import(names)?,
            StmtKind::ImportFrom { module, names } => self.exec_import_from(module, names)?,
            StmtKind::DotCommand(text) => {
                if let Some(mut hook) = self.dot_hook.take() {
                    let r = hook(self, text);
                    if self.dot_hook.is_none() {
                        self.dot_hook = Some(hook);
                    }
                    r?;
                }
            }
        }
        Ok(Flow::Normal)
    }

    /// The error a `raise` statement raises (an `Err` from here is an error while evaluating it).
    fn raise(&mut self, exc: Option<&Expr>, cause: Option<&Expr>) -> Result<Error> {
        let Some(exc) = exc else {
            return match self.handling.last() {
                Some(e) => Ok((**e).clone()),
                None => Ok(Error::new(ErrorKind::RuntimeError, "No active exception to reraise")),
            };
        };
        let v = self.eval(exc)?;
        if let Some(c) = cause {
            let c = self.eval(c)?;
            if !matches!(c, Value::None | Value::Exception(_) | Value::ExcType(_)) {
                return Ok(type_error("exception causes must derive from BaseException"));
            }
        }
        Ok(match v {
            Value::Exception(e) => (*e).clone(),
            Value::ExcType(k) => Error::new(k, ""),
            _ => type_error("exceptions must derive from BaseException"),
        })
    }

    fn exec_try(&mut self, body: &[Stmt], handlers: &[ExceptHandler], orelse: &[Stmt], finalbody: &[Stmt]) -> Result<Flow> {
        let mut result = self.exec_block(body);
        match result {
            Err(err) => {
                result = match self.find_handler(handlers, &err) {
                    Ok(Some(h)) => {
                        self.error_line = None;
                        self.error_pos = None;
                        self.run_handler(h, err)
                    }
                    Ok(None) => Err(err),
                    Err(e) => Err(e),
                };
            }
            Ok(Flow::Normal) => result = self.exec_block(orelse),
            Ok(_) => {}
        }
        if !finalbody.is_empty() {
            let saved_line = self.error_line.take();
            let saved_pos = self.error_pos.take();
            match self.exec_block(finalbody) {
                Ok(Flow::Normal) => {
                    self.error_line = saved_line;
                    self.error_pos = saved_pos;
                }
                other => return other,
            }
        }
        result
    }

    fn find_handler<'a>(&mut self, handlers: &'a [ExceptHandler], err: &Error) -> Result<Option<&'a ExceptHandler>> {
        for h in handlers {
            let Some(t) = &h.type_ else { return Ok(Some(h)) };
            let class = self.eval(t)?;
            if self.exception_matches(err, &class)? {
                return Ok(Some(h));
            }
        }
        Ok(None)
    }

    fn exception_matches(&mut self, err: &Error, class: &Value) -> Result<bool> {
        match class {
            Value::ExcType(k) => Ok(err.kind.is_a(*k)),
            Value::Tuple(items) => {
                // every entry must be a class, even past the one that matches
                if items.iter().any(|c| !matches!(c, Value::ExcType(_) | Value::Tuple(_))) {
                    return Err(type_error("catching classes that do not inherit from BaseException is not allowed"));
                }
                for c in items.iter() {
                    if self.exception_matches(err, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(type_error("catching classes that do not inherit from BaseException is not allowed")),
        }
    }

    fn run_handler(&mut self, h: &ExceptHandler, err: Error) -> Result<Flow> {
        let rc = Rc::new(err);
        if let Some(name) = &h.name {
            self.bind_name(name, Value::Exception(rc.clone()));
        }
        self.handling.push(rc);
        let r = self.exec_block(&h.body);
        self.handling.pop();
        if let Some(name) = &h.name {
            if self.globals.shift_remove(&**name).is_some() {
                self.globals_moved();
            }
        }
        r
    }

    fn exec_with(&mut self, items: &[WithItem], body: &[Stmt]) -> Result<Flow> {
        let Some((first, rest)) = items.split_first() else { return self.exec_block(body) };
        let cm = self.eval(&first.context)?;
        let not_cm = || type_error(format!("'{}' object does not support the context manager protocol", type_name(&cm)));
        let Value::Native(n) = &cm else { return Err(not_cm()) };
        let entered = match n.clone().enter(self) {
            Some(r) => r?,
            None => return Err(not_cm()),
        };
        let r = match &first.target {
            Some(t) => self.assign(t, entered).and_then(|_| self.exec_with(rest, body)),
            None => self.exec_with(rest, body),
        };
        match r {
            Ok(flow) => {
                n.clone().exit(self, None)?;
                Ok(flow)
            }
            Err(e) => {
                if n.clone().exit(self, Some(&e))? {
                    self.error_line = None;
                    self.error_pos = None;
                    Ok(Flow::Normal)
                } else {
                    Err(e)
                }
            }
        }
    }

    /// Call `f` with each item of `it` until it returns false. Ranges are walked
    /// lazily and lists by index (so appending while iterating behaves as in Python).
    pub(crate) fn for_each(&mut self, it: &Value, f: &mut dyn FnMut(&mut Interp, Value) -> Result<bool>) -> Result<()> {
        match it {
            Value::Range(start, stop, step) => {
                let (mut i, stop, step) = (*start, *stop, *step);
                while (step > 0 && i < stop) || (step < 0 && i > stop) {
                    self.check_interrupt()?;
                    if !f(self, Value::Int(i))? {
                        break;
                    }
                    match i.checked_add(step) {
                        Some(n) => i = n,
                        None => break,
                    }
                }
            }
            Value::List(l) => {
                let mut idx = 0;
                loop {
                    self.check_interrupt()?;
                    let item = match l.borrow().get(idx) {
                        Some(v) => v.clone(),
                        None => break,
                    };
                    idx += 1;
                    if !f(self, item)? {
                        break;
                    }
                }
            }
            _ => {
                // read as the loop goes: a yield_per result fetches a chunk per batch
                if let Some(src) = if let Value::Native(n) = it { n.clone().lazy_iter(self) } else { None } {
                    return self.for_each_lazy(src?, f);
                }
                for item in self.iterate(it)? {
                    self.check_interrupt()?;
                    if !f(self, item)? {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// Assign `v` to an assignment target (name, attribute, subscript, tuple/list with one star).
    pub(crate) fn assign(&mut self, target: &Expr, v: Value) -> Result<()> {
        match &target.kind {
            ExprKind::Name(n, slot) => {
                self.bind_name_at(n, slot, v);
                Ok(())
            }
            ExprKind::Attribute { value, attr } => {
                let obj = self.eval(value)?;
                self.set_attr(&obj, attr, v)
            }
            ExprKind::Subscript { value, index } => {
                let obj = self.eval(value)?;
                let idx = self.eval(index)?;
                self.setitem(&obj, &idx, v)
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => self.unpack(items, v),
            ExprKind::Starred(_) => Err(syntax_error("starred assignment target must be in a list or tuple")),
            _ => Err(syntax_error("cannot assign to expression")),
        }
    }

    fn unpack(&mut self, targets: &[Expr], v: Value) -> Result<()> {
        let values = match &v {
            Value::Tuple(t) => t.to_vec(),
            Value::List(l) => l.borrow().clone(),
            _ => {
                if !self.is_iterable(&v) {
                    return Err(type_error(format!("cannot unpack non-iterable {} object", type_name(&v))));
                }
                self.iterate(&v)?
            }
        };
        let star = targets.iter().position(|t| matches!(t.kind, ExprKind::Starred(_)));
        match star {
            None => {
                if values.len() > targets.len() {
                    return Err(Error::new(
                        ErrorKind::ValueError,
                        format!("too many values to unpack (expected {})", targets.len()),
                    ));
                }
                if values.len() < targets.len() {
                    return Err(Error::new(
                        ErrorKind::ValueError,
                        format!("not enough values to unpack (expected {}, got {})", targets.len(), values.len()),
                    ));
                }
                for (t, x) in targets.iter().zip(values) {
                    self.assign(t, x)?;
                }
            }
            Some(si) => {
                let fixed = targets.len() - 1;
                if values.len() < fixed {
                    return Err(Error::new(
                        ErrorKind::ValueError,
                        format!("not enough values to unpack (expected at least {}, got {})", fixed, values.len()),
                    ));
                }
                let after = targets.len() - si - 1;
                let mut values = values;
                let tail = values.split_off(values.len() - after);
                let middle = values.split_off(si);
                for (t, x) in targets[..si].iter().zip(values) {
                    self.assign(t, x)?;
                }
                if let Some(ExprKind::Starred(inner)) = targets.get(si).map(|t| &t.kind) {
                    self.assign(inner, Value::list(middle))?;
                }
                for (t, x) in targets[si + 1..].iter().zip(tail) {
                    self.assign(t, x)?;
                }
            }
        }
        Ok(())
    }

    fn aug_assign(&mut self, target: &Expr, op: crate::syntax::ast::BinOp, value: &Expr) -> Result<()> {
        match &target.kind {
            ExprKind::Name(n, slot) => {
                let cur = self.lookup_at(n, slot)?;
                let rhs = self.eval(value)?;
                let new = self.inplace_op(op, cur, &rhs)?;
                self.bind_name(n, new);
                Ok(())
            }
            ExprKind::Attribute { value: obj, attr } => {
                let o = self.eval(obj)?;
                let cur = self.get_attr(&o, attr)?;
                let rhs = self.eval(value)?;
                let new = self.inplace_op(op, cur, &rhs)?;
                self.set_attr(&o, attr, new)
            }
            ExprKind::Subscript { value: obj, index } => {
                let o = self.eval(obj)?;
                let idx = self.eval(index)?;
                let cur = self.getitem(&o, &idx)?;
                let rhs = self.eval(value)?;
                let new = self.inplace_op(op, cur, &rhs)?;
                self.setitem(&o, &idx, new)
            }
            _ => Err(syntax_error("'expression' is an illegal expression for augmented assignment")),
        }
    }

    fn delete(&mut self, target: &Expr) -> Result<()> {
        match &target.kind {
            ExprKind::Name(n, _) => {
                if let Some(scope) = self.scopes.last_mut() {
                    if let Some(i) = scope.iter().rposition(|(k, _)| k == n) {
                        scope.remove(i);
                        return Ok(());
                    }
                }
                match self.globals.shift_remove(&**n) {
                    Some(old) => {
                        self.globals_moved();
                        self.sa.note_binding(n, Some(&old), None);
                        Ok(())
                    }
                    None => Err(Error::new(ErrorKind::NameError, format!("name '{}' is not defined", n))),
                }
            }
            ExprKind::Attribute { value, attr } => {
                let o = self.eval(value)?;
                self.del_attr(&o, attr)
            }
            ExprKind::Subscript { value, index } => {
                let o = self.eval(value)?;
                let idx = self.eval(index)?;
                self.delitem(&o, &idx)
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for t in items {
                    self.delete(t)?;
                }
                Ok(())
            }
            _ => Err(syntax_error("cannot delete expression")),
        }
    }

    /// Evaluate an expression.
    pub fn eval(&mut self, e: &Expr) -> Result<Value> {
        match &e.kind {
            ExprKind::Name(n, slot) => {
                let r = self.lookup_at(n, slot);
                if r.is_err() {
                    self.note_error_pos(e);
                }
                return r;
            }
            ExprKind::Const(Const::Int(i)) => return Ok(Value::Int(*i)),
            _ => {}
        }
        self.depth += 1;
        let r = if self.depth > MAX_DEPTH { Err(recursion_error()) } else { self.eval_inner(e) };
        self.depth -= 1;
        if r.is_err() {
            self.note_error_pos(e);
        }
        r
    }

    /// Remember where the innermost expression that raised starts (for the caret).
    #[cold]
    fn note_error_pos(&mut self, e: &Expr) {
        if self.error_pos.is_none() {
            self.error_pos = Some((e.pos.line + self.line_offset, e.pos.col));
        }
    }

    fn eval_inner(&mut self, e: &Expr) -> Result<Value> {
        match &e.kind {
            ExprKind::Name(n, slot) => self.lookup_at(n, slot),
            ExprKind::Const(c) => const_value(c),
            ExprKind::FString(parts) => Ok(Value::Str(self.fstring_value(parts)?)),
            ExprKind::List(items) => Ok(Value::list(self.eval_items(items)?)),
            ExprKind::Tuple(items) => Ok(Value::tuple(self.eval_items(items)?)),
            ExprKind::Set(items) => {
                let vals = self.eval_items(items)?;
                let mut set = indexmap::IndexMap::new();
                for v in vals {
                    set.insert(HashKey::new(&v)?, ());
                }
                Ok(Value::Set(Rc::new(RefCell::new(set))))
            }
            ExprKind::Dict(pairs) => {
                let mut d = Dict::new();
                for (k, v) in pairs {
                    match k {
                        Some(k) => {
                            let k = self.eval(k)?;
                            let v = self.eval(v)?;
                            d.insert(HashKey::new(&k)?, v);
                        }
                        None => {
                            let spread = self.eval(v)?;
                            match &spread {
                                Value::Dict(other) => {
                                    for (k, v) in other.borrow().iter() {
                                        d.insert(k.clone(), v.clone());
                                    }
                                }
                                _ => {
                                    return Err(type_error(format!(
                                        "'{}' object is not a mapping",
                                        type_name(&spread)
                                    )))
                                }
                            }
                        }
                    }
                }
                Ok(Value::Dict(Rc::new(RefCell::new(d))))
            }
            ExprKind::Attribute { value, attr } => {
                let v = self.eval(value)?;
                self.get_attr(&v, attr)
            }
            ExprKind::Subscript { value, index } => {
                let v = self.eval(value)?;
                let idx = self.eval(index)?;
                self.getitem(&v, &idx)
            }
            ExprKind::Slice { lower, upper, step } => {
                let mut part = |p: &Option<Box<Expr>>| -> Result<Value> {
                    match p {
                        Some(x) => self.eval(x),
                        None => Ok(Value::None),
                    }
                };
                let (a, b, c) = (part(lower)?, part(upper)?, part(step)?);
                Ok(Value::Slice(Rc::new((a, b, c))))
            }
            ExprKind::Call { func, args } => {
                if let ExprKind::Attribute { value, attr } = &func.kind {
                    let recv = self.eval(value)?;
                    let args = self.eval_args(args)?;
                    return self.call_method(&recv, attr, args);
                }
                let f = self.eval(func)?;
                let args = self.eval_args(args)?;
                self.call(&f, args)
            }
            ExprKind::BinOp { left, op, right } => {
                let l = self.eval(left)?;
                let r = self.eval(right)?;
                self.binop(*op, &l, &r)
            }
            ExprKind::UnaryOp { op, operand } => {
                let v = self.eval(operand)?;
                match op {
                    UnaryOp::Not => Ok(Value::Bool(!self.truthy(&v)?)),
                    _ => self.unary(*op, &v),
                }
            }
            ExprKind::BoolOp { op, values } => {
                let mut last = Value::None;
                for (i, x) in values.iter().enumerate() {
                    last = self.eval(x)?;
                    if i + 1 == values.len() {
                        break;
                    }
                    let t = self.truthy(&last)?;
                    if (*op == BoolOp::And && !t) || (*op == BoolOp::Or && t) {
                        break;
                    }
                }
                Ok(last)
            }
            ExprKind::Compare { left, ops } => {
                let mut l = self.eval(left)?;
                let mut result = Value::Bool(true);
                for (i, (op, right)) in ops.iter().enumerate() {
                    let r = self.eval(right)?;
                    result = self.compare(*op, &l, &r)?;
                    if i + 1 < ops.len() && !self.truthy(&result)? {
                        return Ok(result);
                    }
                    l = r;
                }
                Ok(result)
            }
            ExprKind::IfExp { test, body, orelse } => {
                let t = self.eval(test)?;
                if self.truthy(&t)? {
                    self.eval(body)
                } else {
                    self.eval(orelse)
                }
            }
            ExprKind::ListComp { elt, generators } | ExprKind::GeneratorExp { elt, generators } => {
                let mut out = Vec::new();
                self.comprehension(generators, &mut |this| {
                    out.push(this.eval(elt)?);
                    Ok(())
                })?;
                Ok(Value::list(out))
            }
            ExprKind::SetComp { elt, generators } => {
                let mut out = indexmap::IndexMap::new();
                self.comprehension(generators, &mut |this| {
                    let v = this.eval(elt)?;
                    out.insert(HashKey::new(&v)?, ());
                    Ok(())
                })?;
                Ok(Value::Set(Rc::new(RefCell::new(out))))
            }
            ExprKind::DictComp { key, value, generators } => {
                let mut out = Dict::new();
                self.comprehension(generators, &mut |this| {
                    let k = this.eval(key)?;
                    let v = this.eval(value)?;
                    out.insert(HashKey::new(&k)?, v);
                    Ok(())
                })?;
                Ok(Value::Dict(Rc::new(RefCell::new(out))))
            }
            ExprKind::Starred(_) => Err(syntax_error("can't use starred expression here")),
            ExprKind::Lambda { params, body } => {
                let mut ps = Vec::with_capacity(params.len());
                for (name, default) in params {
                    ps.push((name.clone(), default.as_ref().map(|d| self.eval(d)).transpose()?));
                }
                Ok(Value::native(super::natives::Lambda { params: ps, body: body.clone() }))
            }
        }
    }

    /// Items of a display (`[a, *b]`), spreading starred ones.
    fn eval_items(&mut self, items: &[Expr]) -> Result<Vec<Value>> {
        let mut out = Vec::with_capacity(items.len());
        for x in items {
            match &x.kind {
                ExprKind::Starred(inner) => {
                    let v = self.eval(inner)?;
                    out.extend(self.iterate(&v)?);
                }
                _ => out.push(self.eval(x)?),
            }
        }
        Ok(out)
    }

    fn eval_args(&mut self, args: &[Arg]) -> Result<Args> {
        // sized once (growing from empty reallocated on every call)
        let keywords = args.iter().filter(|a| matches!(a, Arg::Keyword(..))).count();
        let mut out =
            Args { positional: Vec::with_capacity(args.len() - keywords), keywords: Vec::with_capacity(keywords) };
        for a in args {
            match a {
                Arg::Positional(e) => out.positional.push(self.eval(e)?),
                Arg::Keyword(k, e) => {
                    let v = self.eval(e)?;
                    if out.keywords.iter().any(|(n, _)| n == k) {
                        return Err(Error::new(ErrorKind::SyntaxError, format!("keyword argument repeated: {}", k)));
                    }
                    out.keywords.push((k.clone(), v));
                }
                Arg::Star(e) => {
                    let v = self.eval(e)?;
                    out.positional.extend(self.iterate(&v)?);
                }
                Arg::StarStar(e) => {
                    let v = self.eval(e)?;
                    let Value::Dict(d) = &v else {
                        return Err(type_error(format!(
                            "argument after ** must be a mapping, not {}",
                            type_name(&v)
                        )));
                    };
                    for (k, x) in d.borrow().iter() {
                        match &k.0 {
                            Value::Str(s) => out.keywords.push((s.clone(), x.clone())),
                            _ => return Err(type_error("keywords must be strings")),
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// Run a comprehension's loops in a fresh local scope, calling `body` for each binding.
    fn comprehension(&mut self, gens: &[Comprehension], body: &mut dyn FnMut(&mut Interp) -> Result<()>) -> Result<()> {
        // The first iterable is evaluated in the enclosing scope, as Python does.
        let Some(first) = gens.first() else { return body(self) };
        let it = self.eval(&first.iter)?;
        self.scopes.push(Vec::new());
        let r = self.comp_level(gens, 0, Some(it), body);
        self.scopes.pop();
        r
    }

    fn comp_level(
        &mut self,
        gens: &[Comprehension],
        level: usize,
        it: Option<Value>,
        body: &mut dyn FnMut(&mut Interp) -> Result<()>,
    ) -> Result<()> {
        let Some(g) = gens.get(level) else { return body(self) };
        let it = match it {
            Some(v) => v,
            None => self.eval(&g.iter)?,
        };
        self.for_each(&it, &mut |this, item| {
            this.assign(&g.target, item)?;
            for cond in &g.ifs {
                let c = this.eval(cond)?;
                if !this.truthy(&c)? {
                    return Ok(true);
                }
            }
            this.comp_level(gens, level + 1, None, body)?;
            Ok(true)
        })
    }
}

fn const_value(c: &Const) -> Result<Value> {
    Ok(match c {
        Const::None => Value::None,
        Const::True => Value::Bool(true),
        Const::False => Value::Bool(false),
        Const::Int(i) => Value::Int(*i),
        Const::BigInt(_) => return Err(overflow()),
        Const::Float(f) => Value::Float(*f),
        Const::Str(s) => Value::Str(Rc::from(s.as_str())),
        Const::Bytes(b) => Value::Bytes(Rc::from(b.as_slice())),
        Const::Ellipsis => Value::Builtin(super::value::Builtin("Ellipsis")),
    })
}
