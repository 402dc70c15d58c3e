//! Names: binding and looking up a name in the innermost scope (a
//! comprehension's, else the globals, then the builtins), and the cached
//! slot a name of the syntax tree keeps in the globals table
//! (`ast::NameSlot`, see `Interp::globals_gen`). Called by `eval`.

use super::value::Value;
use super::Interp;
use crate::exc::{Error, ErrorKind, Result};
use crate::syntax::ast::NameSlot;
use std::rc::Rc;

impl Interp {
    /// Bind a name in the innermost scope (a comprehension's, else the globals).
    pub(crate) fn bind_name(&mut self, name: &Rc<str>, v: Value) {
        if let Some(scope) = self.scopes.last_mut() {
            match scope.iter_mut().rev().find(|(k, _)| k == name) {
                Some(slot) => slot.1 = v,
                None => scope.push((name.clone(), v)),
            }
            return;
        }
        let native = matches!(v, Value::Native(_));
        match self.globals.get_mut(&**name) {
            Some(slot) => {
                if native || matches!(slot, Value::Native(_)) {
                    self.sa.note_binding(name, Some(slot), Some(&v));
                }
                *slot = v
            }
            None => {
                if native {
                    self.sa.note_binding(name, None, Some(&v));
                }
                self.globals.insert(name.clone(), v);
            }
        }
    }

    /// [`Interp::lookup`] of a name of the syntax tree: a global found once
    /// is read by its index after (no hashing), while the table keeps its layout.
    #[inline]
    pub(crate) fn lookup_at(&self, name: &str, slot: &NameSlot) -> Result<Value> {
        if self.scopes.is_empty() {
            let (gen, i) = slot.0.get();
            if gen == self.globals_gen {
                if let Some((_, v)) = self.globals.get_index(i as usize) {
                    return Ok(v.clone());
                }
            }
            if let Some((i, _, v)) = self.globals.get_full(name) {
                if let Ok(i) = u32::try_from(i) {
                    slot.0.set((self.globals_gen, i));
                }
                return Ok(v.clone());
            }
        }
        self.lookup(name)
    }

    /// [`Interp::bind_name`] of a name of the syntax tree, by its cached
    /// index when it has one (see [`Interp::lookup_at`]).
    pub(crate) fn bind_name_at(&mut self, name: &Rc<str>, slot: &NameSlot, v: Value) {
        if self.scopes.is_empty() {
            let (gen, i) = slot.0.get();
            if gen == self.globals_gen {
                if let Some((_, cur)) = self.globals.get_index_mut(i as usize) {
                    if !matches!(v, Value::Native(_)) && !matches!(cur, Value::Native(_)) {
                        *cur = v;
                        return;
                    }
                }
            }
        }
        self.bind_name(name, v);
        if self.scopes.is_empty() {
            if let Some(i) = self.globals.get_index_of(&**name).and_then(|i| u32::try_from(i).ok()) {
                slot.0.set((self.globals_gen, i));
            }
        }
    }

    pub(crate) fn lookup(&self, name: &str) -> Result<Value> {
        for scope in self.scopes.iter().rev() {
            if let Some((_, v)) = scope.iter().rev().find(|(k, _)| &**k == name) {
                return Ok(v.clone());
            }
        }
        if let Some(v) = self.globals.get(name) {
            return Ok(v.clone());
        }
        if let Some(v) = self.builtins.get(name) {
            return Ok(v.clone());
        }
        Err(Error::new(ErrorKind::NameError, format!("name '{}' is not defined", name)))
    }
}
