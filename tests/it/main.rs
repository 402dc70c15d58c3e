//! The one integration-test binary (Cargo's `autotests` are off): each
//! `tests/X.rs` is a module here, so the library and its dependencies are
//! linked once for all of them instead of once per file (linking dominated the
//! build of `cargo test`). Run one file's tests with `cargo test --test it X::`,
//! one test with `cargo test --test it X::name`.
//!
//! Tests that need a database server (`ORMSH_TEST_POSTGRESQL_URL`,
//! `ORMSH_TEST_MYSQL_URL`) or start private servers are `#[ignore]`d, so a plain
//! `cargo test` reports them as ignored, never as passed; CI sets the URLs and
//! runs `cargo test -- --include-ignored`.
//!
//! A new test file `tests/X.rs` needs its `#[path] mod` line below:
//! `every_test_file_is_a_module` fails until it has one.

#[path = "../common/mod.rs"]
mod common;

#[path = "../cli.rs"]
mod cli;
#[path = "../cli_exit.rs"]
mod cli_exit;
#[path = "../cli_pending.rs"]
mod cli_pending;
#[path = "../cli_scripts.rs"]
mod cli_scripts;
#[path = "../faults.rs"]
mod faults;
#[path = "../fuzz_targets.rs"]
mod fuzz_targets;
#[path = "../golden.rs"]
mod golden;
#[path = "../golden_servers.rs"]
mod golden_servers;
#[path = "../load.rs"]
mod load;
#[path = "../insight.rs"]
mod insight;
#[path = "../insight_diagram.rs"]
mod insight_diagram;
#[path = "../insight_plan.rs"]
mod insight_plan;
#[path = "../insight_plan_sql.rs"]
mod insight_plan_sql;
#[path = "../insight_transcript.rs"]
mod insight_transcript;
#[path = "../insight_whatif.rs"]
mod insight_whatif;
#[path = "../keywords.rs"]
mod keywords;
#[path = "../reflect.rs"]
mod reflect;
#[path = "../reflect_servers.rs"]
mod reflect_servers;
#[path = "../reliability.rs"]
mod reliability;
#[path = "../robustness.rs"]
mod robustness;
#[path = "../server_restart.rs"]
mod server_restart;
#[path = "../server_cursors.rs"]
mod server_cursors;
#[path = "../servers.rs"]
mod servers;
#[path = "../tls.rs"]
mod tls;
#[path = "../tidy.rs"]
mod tidy;
#[cfg(unix)]
#[path = "../shell_input.rs"]
mod shell_input;

#[test]
fn every_test_file_is_a_module() {
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let this = std::fs::read_to_string(tests.join("it").join("main.rs")).unwrap_or_default();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&tests).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".rs") && !this.contains(&format!("#[path = \"../{name}\"]")) {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "tests/{missing:?} not compiled: add `#[path = \"../X.rs\"] mod X;` to tests/it/main.rs");
}
