//! cargo-fuzz target `url`: database URLs: parse, render, parse back.
//! The body, with the properties it checks, is `ormsh::fuzzing::url`
//! (src/fuzzing/), which tests/fuzz_targets.rs also runs on every `cargo test`
//! (the seeds, the kept crash inputs and a bounded mutation run).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ormsh::fuzzing::url(data));
