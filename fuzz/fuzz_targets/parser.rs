//! cargo-fuzz target `parser`: the Python-subset parser and the REPL's completeness check.
//! The body, with the properties it checks, is `ormsh::fuzzing::parser`
//! (src/fuzzing/), which tests/fuzz_targets.rs also runs on every `cargo test`
//! (the seeds, the kept crash inputs and a bounded mutation run).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ormsh::fuzzing::parser(data));
