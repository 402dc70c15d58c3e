//! cargo-fuzz target `schema_file`: the schema loader, its name checks and every dialect's DDL.
//! The body, with the properties it checks, is `ormsh::fuzzing::schema_file`
//! (src/fuzzing/), which tests/fuzz_targets.rs also runs on every `cargo test`
//! (the seeds, the kept crash inputs and a bounded mutation run).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ormsh::fuzzing::schema_file(data));
