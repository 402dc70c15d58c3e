//! Modules and the `import` statements. The interpreter provides `datetime`
//! (date, datetime, time), `decimal` (Decimal), `sys` (exit), `sqlalchemy.exc` and
//! `sqlalchemy.orm.exc` (the exception classes of `exc::ErrorKind`); the
//! SQLAlchemy surface registers `sqlalchemy` and `sqlalchemy.orm` through
//! `Interp::register_module`. Parent packages of a registered module exist
//! implicitly (`import sqlalchemy.exc` works before `sqlalchemy` is registered).

use super::value::{Builtin, Module, Value};
use super::Interp;
use crate::exc::{Error, ErrorKind, Result};
use crate::syntax::ast::Alias;
use indexmap::IndexMap;
use std::rc::Rc;

fn module(name: &str, attrs: Vec<(&str, Value)>) -> Module {
    Module { name: name.to_string(), attrs: attrs.into_iter().map(|(k, v)| (k.to_string(), v)).collect() }
}

/// Register the modules the evaluator itself provides.
pub(crate) fn install(it: &mut Interp) {
    it.register_module(
        "datetime",
        module(
            "datetime",
            vec![
                ("date", Value::Builtin(Builtin("date"))),
                ("datetime", Value::Builtin(Builtin("datetime"))),
                ("time", Value::Builtin(Builtin("time"))),
                ("timedelta", Value::Builtin(Builtin("timedelta"))),
            ],
        ),
    );
    it.register_module("decimal", module("decimal", vec![("Decimal", Value::Builtin(Builtin("Decimal")))]));
    it.register_module("sys", module("sys", vec![("exit", Value::Builtin(Builtin("exit")))]));
    let mut core = IndexMap::new();
    let mut orm = IndexMap::new();
    for (kind, name) in ErrorKind::all() {
        if !kind.is_sqlalchemy() {
            continue;
        }
        if super::common::exc_module(kind) == "sqlalchemy.orm.exc." {
            orm.insert(name.to_string(), Value::ExcType(kind));
        } else {
            core.insert(name.to_string(), Value::ExcType(kind));
        }
    }
    for k in [ErrorKind::NoResultFound, ErrorKind::MultipleResultsFound] {
        orm.insert(k.name().to_string(), Value::ExcType(k));
    }
    it.register_module("sqlalchemy.exc", Module { name: "sqlalchemy.exc".into(), attrs: core });
    it.register_module("sqlalchemy.orm.exc", Module { name: "sqlalchemy.orm.exc".into(), attrs: orm });
}

fn not_found(name: &str) -> Error {
    Error::new(ErrorKind::ModuleNotFoundError, format!("No module named '{}'", name))
}

impl Interp {
    /// The module `name`, or an implicit package when a submodule of it is registered.
    fn find_module(&mut self, name: &str) -> Result<Rc<Module>> {
        // report the first missing package, as Python does
        let mut prefix = String::new();
        for part in name.split('.') {
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(part);
            if self.modules.contains_key(&prefix) {
                continue;
            }
            let sub = format!("{}.", prefix);
            if self.modules.keys().any(|k| k.starts_with(&sub)) {
                let pkg = Rc::new(Module { name: prefix.clone(), attrs: IndexMap::new() });
                self.modules.insert(prefix.clone(), pkg);
                continue;
            }
            return Err(not_found(&prefix));
        }
        self.modules.get(name).cloned().ok_or_else(|| not_found(name))
    }

    pub(crate) fn exec_import(&mut self, names: &[Alias]) -> Result<()> {
        for alias in names {
            let m = self.find_module(&alias.name)?;
            match &alias.asname {
                Some(as_name) => self.bind_name(as_name, Value::Module(m)),
                None => {
                    let top = alias.name.split('.').next().unwrap_or(&alias.name).to_string();
                    let top_mod = self.find_module(&top)?;
                    self.bind_name(&Rc::from(top.as_str()), Value::Module(top_mod));
                }
            }
        }
        Ok(())
    }

    pub(crate) fn exec_import_from(&mut self, module_name: &str, names: &[Alias]) -> Result<()> {
        let m = self.find_module(module_name)?;
        for alias in names {
            if alias.name == "*" {
                for (k, v) in m.attrs.iter() {
                    self.bind_name(&Rc::from(k.as_str()), v.clone());
                }
                continue;
            }
            let v = match m.attrs.get(&alias.name) {
                Some(v) => v.clone(),
                None => match self.modules.get(&format!("{}.{}", module_name, alias.name)) {
                    Some(sub) => Value::Module(sub.clone()),
                    None => {
                        return Err(Error::new(
                            ErrorKind::ImportError,
                            format!("cannot import name '{}' from '{}' (unknown location)", alias.name, module_name),
                        ))
                    }
                },
            };
            let bind = alias.asname.clone().unwrap_or_else(|| Rc::from(alias.name.as_str()));
            self.bind_name(&bind, v);
        }
        Ok(())
    }
}
