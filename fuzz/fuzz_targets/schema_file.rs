//! The schema loader (orm/schema_file.rs): any text is a Registry or a
//! SchemaError, never a panic; a loaded schema goes through the per-backend
//! name checks and renders its DDL for every dialect without a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ormsh::sql::{ddl, ddl_check, dialect};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(reg) = ormsh::orm::schema_file::load_str(text, "fuzz.json") else { return };
    for backend in ["sqlite", "postgresql", "mysql", "mariadb"] {
        if ddl_check::check_names(&reg.metadata, backend).is_err() {
            continue;
        }
        let d = dialect::dialect_for(backend).expect("known backend");
        for id in ddl::sorted_tables(&reg.metadata) {
            let t = reg.metadata.table(id);
            let _ = ddl::create_table_sql(t, d.as_ref());
            let _ = ddl::create_index_sql(t, d.as_ref());
            let _ = ddl::drop_table_sql(t, d.as_ref());
        }
    }
});
