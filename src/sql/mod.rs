//! SQL: values, types, table metadata, expressions, dialects and the compiler.
//! No IO. Mirrors `sqlalchemy/sql`.
pub mod value;
pub mod types;
pub mod schema;
