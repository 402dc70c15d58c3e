//! Parser for the Python subset.
use super::ast::Module;
use crate::exc::Result;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completeness { Complete, Incomplete, Invalid }

pub fn parse_module(_src: &str) -> Result<Module> { Ok(Module { body: vec![] }) }
pub fn check_complete(_src: &str) -> Completeness { Completeness::Complete }
