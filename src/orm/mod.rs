//! The ORM: mapping registry, instance state, identity map, attribute history,
//! session, unit of work, loading and cascades. Mirrors `sqlalchemy/orm`.
//! Never prints: everything observable leaves as `events::Event`s.
pub mod mapping;
pub mod state;
pub mod collect;
pub mod identity;
pub mod transaction;
pub mod rollback;
pub mod session;
pub mod attributes;
pub mod cascade;
pub mod loading;
pub mod flush;
pub mod bulk;
pub mod bulk_sync;
pub mod imv;
pub mod merge;
pub mod relationships;
pub mod schema_file;
#[cfg(test)]
mod schema_file_tests;
pub mod lazyload;
pub mod collections;
pub mod dependency;
pub mod flush_order;
pub mod flush_graph;
pub mod topological;
pub mod flush_plan;
pub mod eager;
pub mod orm_select;
pub mod strategy_options;
pub mod dialects;
pub mod dml;
pub mod automap;
