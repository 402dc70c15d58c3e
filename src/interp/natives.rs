//! Small `Native` objects the evaluator itself needs: iterators (`iter()`,
//! `enumerate`, `zip`, `reversed`), dict views (`d.keys()` …), the type
//! object of a native (`type(session)`) and the driver exception behind a
//! DBAPI error (`e.orig`), and `exit`/`quit` (Python's `site.Quitter`).
//! Built by `builtins` and `methods`.

use super::value::{Args, Dict, HashKey, Native, Value};
use super::Interp;
use crate::exc::Result;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A one-shot iterator over items computed up front (`iter(x)`, `enumerate(x)` …).
pub(crate) struct IterObj {
    pub kind: &'static str,
    pub items: RefCell<Vec<Value>>,
    pub pos: Cell<usize>,
}

impl IterObj {
    pub(crate) fn new(kind: &'static str, items: Vec<Value>) -> Value {
        Value::native(IterObj { kind, items: RefCell::new(items), pos: Cell::new(0) })
    }
    /// `next(it)`: the next item, or None when exhausted.
    pub(crate) fn next(&self) -> Option<Value> {
        let i = self.pos.get();
        let v = self.items.borrow().get(i).cloned();
        if v.is_some() {
            self.pos.set(i + 1);
        }
        v
    }
}

impl Native for IterObj {
    fn type_name(&self) -> String {
        self.kind.to_string()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("<{} object at {:#x}>", self.kind, self as *const Self as usize))
    }
    fn iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        let i = self.pos.get();
        let items = self.items.borrow();
        let rest = items.get(i..).map(|s| s.to_vec()).unwrap_or_default();
        self.pos.set(items.len());
        Some(Ok(rest))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ViewKind {
    Keys,
    Values,
    Items,
}

/// `d.keys()`, `d.values()`, `d.items()`: live views of a dict.
pub(crate) struct DictView {
    pub kind: ViewKind,
    pub dict: Rc<RefCell<Dict>>,
}

impl DictView {
    fn items(&self) -> Vec<Value> {
        let d = self.dict.borrow();
        match self.kind {
            ViewKind::Keys => d.keys().map(|k| k.0.clone()).collect(),
            ViewKind::Values => d.values().cloned().collect(),
            ViewKind::Items => d.iter().map(|(k, v)| Value::tuple(vec![k.0.clone(), v.clone()])).collect(),
        }
    }
}

impl Native for DictView {
    fn type_name(&self) -> String {
        match self.kind {
            ViewKind::Keys => "dict_keys",
            ViewKind::Values => "dict_values",
            ViewKind::Items => "dict_items",
        }
        .to_string()
    }
    fn repr(&self, cx: &mut Interp) -> Result<String> {
        let list = Value::list(self.items());
        Ok(format!("{}({})", self.type_name(), cx.repr(&list)?))
    }
    fn len(&self, _cx: &mut Interp) -> Option<Result<usize>> {
        Some(Ok(self.dict.borrow().len()))
    }
    fn iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some(Ok(self.items()))
    }
    fn contains(self: Rc<Self>, cx: &mut Interp, item: &Value) -> Option<Result<bool>> {
        match self.kind {
            ViewKind::Keys => Some(HashKey::new(item).map(|k| self.dict.borrow().contains_key(&k))),
            _ => {
                let items = self.items();
                for x in &items {
                    match cx.py_eq(x, item) {
                        Ok(true) => return Some(Ok(true)),
                        Ok(false) => {}
                        Err(e) => return Some(Err(e)),
                    }
                }
                Some(Ok(false))
            }
        }
    }
    fn compare(self: Rc<Self>, cx: &mut Interp, op: crate::syntax::ast::CmpOp, other: &Value, _reflected: bool) -> Option<Result<Value>> {
        use crate::syntax::ast::CmpOp;
        let Some(o) = other.downcast::<DictView>() else { return None };
        if !matches!(op, CmpOp::Eq | CmpOp::NotEq) {
            return None;
        }
        let (a, b) = (Value::list(self.items()), Value::list(o.items()));
        let eq = match self.kind {
            ViewKind::Values => Ok(false),
            _ => cx.py_eq(&a, &b),
        };
        Some(eq.map(|e| Value::Bool(if op == CmpOp::Eq { e } else { !e })))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `type(x)` of a native object: shows as `<class 'Session'>`, has `__name__`.
pub(crate) struct NativeType {
    pub name: String,
}

impl Native for NativeType {
    fn type_name(&self) -> String {
        "type".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("<class '{}'>", self.name))
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(match name {
            "__name__" | "__qualname__" => Some(Value::str(&self.name)),
            _ => None,
        })
    }
    fn hash_key(&self) -> Option<u64> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.name.hash(&mut h);
        Some(h.finish())
    }
    fn py_eq(&self, other: &dyn Native) -> bool {
        other.as_any().downcast_ref::<NativeType>().is_some_and(|o| o.name == self.name)
    }
    fn compare(self: Rc<Self>, _cx: &mut Interp, op: crate::syntax::ast::CmpOp, other: &Value, _r: bool) -> Option<Result<Value>> {
        use crate::syntax::ast::CmpOp;
        let same = other.downcast::<NativeType>().is_some_and(|o| o.name == self.name);
        match op {
            CmpOp::Eq => Some(Ok(Value::Bool(same))),
            CmpOp::NotEq => Some(Ok(Value::Bool(!same))),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The driver's exception behind a DBAPI error (`e.orig`): `IntegrityError('UNIQUE …')`.
pub(crate) struct OrigError {
    pub class: String,
    pub message: String,
}

impl Native for OrigError {
    fn type_name(&self) -> String {
        self.class.rsplit('.').next().unwrap_or(&self.class).to_string()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("{}({})", self.type_name(), crate::sql::value::str_repr(&self.message)))
    }
    fn str(&self, _cx: &mut Interp) -> Result<String> {
        Ok(self.message.clone())
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(match name {
            "args" => Some(Value::tuple(vec![Value::str(&self.message)])),
            _ => None,
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Interp {
    /// The items of a mapping for `dict(x)` / `dict.update(x)`: a dict's, or, for
    /// an object with `keys()` (`RowMapping`), `keys()` then `x[key]` as CPython
    /// does. `None`: not a mapping (an iterable of pairs then).
    pub(crate) fn mapping_items(&mut self, src: &Value) -> Result<Option<Vec<(HashKey, Value)>>> {
        if let Value::Dict(o) = src {
            return Ok(Some(o.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect()));
        }
        let Value::Native(n) = src else { return Ok(None) };
        let Some(keys) = n.clone().call_method(self, "keys", &mut Args::default()) else { return Ok(None) };
        let mut out = Vec::new();
        for k in self.iterate(&keys?)? {
            let v = self.getitem(src, &k)?;
            out.push((HashKey::new(&k)?, v));
        }
        Ok(Some(out))
    }
}

/// A bare `object()`: no attributes, equal only to itself, hashed by identity;
/// `<object object at 0x…>` with a fixed fake address per object.
pub(crate) struct PlainObject {
    pub n: u32,
}

thread_local! {
    static PLAIN_OBJECTS: Cell<u32> = const { Cell::new(0) };
}

impl PlainObject {
    pub(crate) fn new_value() -> Value {
        let n = PLAIN_OBJECTS.with(|c| {
            let n = c.get().wrapping_add(1);
            c.set(n);
            n
        });
        Value::native(PlainObject { n })
    }
}

impl Native for PlainObject {
    fn type_name(&self) -> String {
        "object".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("<object object at 0x7f{:08x}>", 0x2000_0000u32.wrapping_add(self.n.wrapping_mul(0x10))))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Interp {
    /// `for_each` over a native read as the loop goes ([`Native::lazy_iter`]).
    pub(crate) fn for_each_lazy(&mut self, src: Value, f: &mut dyn FnMut(&mut Interp, Value) -> Result<bool>) -> Result<()> {
        let Value::Native(src) = src else { return self.for_each(&src, f) };
        loop {
            let batch = match src.clone().next_batch(self) {
                Some(b) => b?,
                None => return Ok(()),
            };
            if batch.is_empty() {
                return Ok(());
            }
            for item in batch {
                self.check_interrupt()?;
                if !f(self, item)? {
                    return Ok(());
                }
            }
        }
    }
}

/// `exit` and `quit` (Python's `_sitebuiltins.Quitter`): calling one raises
/// `SystemExit` with its argument as the code; its repr says how to leave.
pub(crate) struct Quitter {
    pub name: &'static str,
}

impl Native for Quitter {
    fn type_name(&self) -> String {
        "Quitter".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("Use {}() or Ctrl-D (i.e. EOF) to exit", self.name))
    }
    fn call(self: Rc<Self>, cx: &mut Interp, args: &mut Args) -> Option<Result<Value>> {
        Some(cx.system_exit(std::mem::take(args)))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A `lambda`: its parameters (defaults evaluated where the lambda was made,
/// as Python does) and its body. Called, it binds the parameters in a scope of
/// its own; other names are looked up when it runs (at module level, where
/// ormsh's scripts live, that is what Python's closures see too).
pub(crate) struct Lambda {
    pub(crate) params: Vec<(crate::syntax::ast::Name, Option<Value>)>,
    pub(crate) body: Rc<crate::syntax::ast::Expr>,
}

impl Native for Lambda {
    fn type_name(&self) -> String {
        "function".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok("<function <lambda> at 0x7f70>".into())
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(match name {
            "__name__" | "__qualname__" => Some(Value::str("<lambda>")),
            _ => None,
        })
    }
    fn call(self: Rc<Self>, cx: &mut Interp, args: &mut Args) -> Option<Result<Value>> {
        Some(cx.call_lambda(&self, args))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Interp {
    /// Call a lambda: bind its parameters in a new innermost scope, evaluate the body.
    pub(crate) fn call_lambda(&mut self, f: &Lambda, args: &mut Args) -> Result<Value> {
        use crate::exc::type_error;
        let positional = std::mem::take(&mut args.positional);
        let keywords = std::mem::take(&mut args.keywords);
        if positional.len() > f.params.len() {
            let n = f.params.len();
            let required = f.params.iter().filter(|(_, d)| d.is_none()).count();
            let takes = if required < n { format!("from {} to {}", required, n) } else { n.to_string() };
            return Err(type_error(format!(
                "<lambda>() takes {} positional argument{} but {} {} given",
                takes,
                if n == 1 { "" } else { "s" },
                positional.len(),
                if positional.len() == 1 { "was" } else { "were" }
            )));
        }
        let mut bound: Vec<Option<Value>> = positional.into_iter().map(Some).collect();
        bound.resize(f.params.len(), None);
        for (k, v) in keywords {
            match f.params.iter().position(|(p, _)| *p == k) {
                Some(i) if bound[i].is_some() => {
                    return Err(type_error(format!("<lambda>() got multiple values for argument '{}'", k)))
                }
                Some(i) => bound[i] = Some(v),
                None => return Err(type_error(format!("<lambda>() got an unexpected keyword argument '{}'", k))),
            }
        }
        let mut scope = Vec::with_capacity(f.params.len());
        for ((name, default), v) in f.params.iter().zip(bound) {
            match v.or_else(|| default.clone()) {
                Some(v) => scope.push((name.clone(), v)),
                None => {
                    return Err(type_error(format!("<lambda>() missing 1 required positional argument: '{}'", name)))
                }
            }
        }
        self.scopes.push(scope);
        let r = self.eval(&f.body);
        self.scopes.pop();
        r
    }
}
