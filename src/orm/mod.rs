//! The ORM: mapping registry, instance state, identity map, attribute history,
//! session, unit of work, loading and cascades. Mirrors `sqlalchemy/orm`.
//! Never prints: everything observable leaves as `events::Event`s.
pub mod mapping;
pub mod relationships;
pub mod schema_file;
#[cfg(test)]
mod schema_file_tests;
