//! SQL: values, types, table metadata, expressions, dialects and the compiler.
//! No IO. Mirrors `sqlalchemy/sql`.
pub mod value;
pub mod types;
pub mod schema;
pub mod reserved;
pub mod expr;
pub mod dialect;
pub mod compiler;
pub mod compile_expr;
pub mod compile_cte;
pub mod compile_dml;
pub mod compile_compound;
pub mod compile_elements;
pub mod ddl;
pub mod ddl_check;
pub mod repr_params;
pub mod join_condition;
#[cfg(test)]
mod compiler_tests;
