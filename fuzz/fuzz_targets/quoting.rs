//! cargo-fuzz target `quoting`: identifier quoting of every dialect, and names on SQLite for real.
//! The body, with the properties it checks, is `ormsh::fuzzing::quoting`
//! (src/fuzzing/), which tests/fuzz_targets.rs also runs on every `cargo test`
//! (the seeds, the kept crash inputs and a bounded mutation run).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ormsh::fuzzing::quoting(data));
