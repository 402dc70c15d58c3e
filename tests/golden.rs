//! Golden transcripts: each `tests/golden/*.py` runs as
//! `ormsh --format plain --no-color [-s <schema file>] -f <file>` and its
//! output (stdout and stderr in one pipe, as `2>&1`) must equal `<file>.out` (e.g. `x.py.out`). The schema comes from a
//! `# schema: NAME` comment on the first line: `tests/golden/schemas/NAME.json`
//! (schemas made for one test) if it exists, else the bundled `schemas/NAME.json`;
//! without the comment, no schema is given.
//! `UPDATE_GOLDEN=1 cargo test --test it golden::` rewrites the `.out` files; a missing
//! `.out` fails and shows the actual output.
use crate::common;
use std::path::{Path, PathBuf};

pub(crate) fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("golden")
}

/// `blog` from a first line `# schema: blog`.
pub(crate) fn schema_of(script: &str) -> Option<String> {
    let first = script.lines().next()?.trim();
    let rest = first.strip_prefix('#')?.trim().strip_prefix("schema:")?;
    Some(rest.trim().to_string()).filter(|s| !s.is_empty())
}

/// Run one golden script; Err(description) when it does not match.
fn check(script: &Path, update: bool) -> Result<(), String> {
    let text = std::fs::read_to_string(script).map_err(|e| format!("{}: {}", script.display(), e))?;
    let rel = script.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(script).to_string_lossy().trim_start_matches('/').to_string();
    let schema = schema_of(&text).map(|s| {
        let own = format!("tests/golden/schemas/{}.json", s);
        if Path::new(env!("CARGO_MANIFEST_DIR")).join(&own).exists() {
            own
        } else {
            format!("schemas/{}.json", s)
        }
    });
    let mut args = vec!["--format", "plain", "--no-color"];
    if let Some(s) = &schema {
        args.extend_from_slice(&["-s", s]);
    }
    args.extend_from_slice(&["-f", &rel]);
    let run = common::ormsh_merged(&args, "", &[]);
    let expected_path = PathBuf::from(format!("{}.out", script.display()));
    if update {
        return std::fs::write(&expected_path, &run.stdout).map_err(|e| format!("{}: {}", expected_path.display(), e));
    }
    match std::fs::read_to_string(&expected_path) {
        Ok(expected) if expected == run.stdout => Ok(()),
        Ok(expected) => Err(format!(
            "{} differs from {}\n--- expected\n{}--- actual\n{}--- stderr\n{}",
            rel,
            expected_path.display(),
            expected,
            run.stdout,
            run.stderr
        )),
        Err(_) => Err(format!(
            "{}: no {} (UPDATE_GOLDEN=1 writes it)\n--- actual\n{}--- stderr\n{}",
            rel,
            expected_path.display(),
            run.stdout,
            run.stderr
        )),
    }
}

/// One `#[test]` per transcript, so one can be run alone
/// (`cargo test --test it golden::cascade_delete`). A new `tests/golden/X.py`
/// needs its line here: `every_golden_script_has_its_test` fails until then.
macro_rules! golden {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0");
                let script = golden_dir().join(concat!(stringify!($name), ".py"));
                if let Err(failure) = check(&script, update) {
                    panic!("{}", failure);
                }
            }
        )*
        /// The transcripts that have a test above.
        const LISTED: &[&str] = &[$(stringify!($name)),*];
    };
}

golden! {
    cascade_default_nulling,
    cascade_delete,
    cascade_delete_orphan,
    cascade_expunge,
    cascade_merge,
    cascade_refresh_expire,
    cascade_save_update,
    dot_commands,
    errors_go_on,
    events_summary,
    expire_refresh,
    explain_every_state,
    failed_flush,
    help_and_dir,
    identity_map,
    insight_diagram,
    insight_eqp,
    insight_expect,
    insight_ledger_nplusone,
    insight_plan,
    insight_plan_sql,
    insight_timeline,
    insight_whatif,
    insight_why,
    json_none,
    legacy_query,
    loader_options,
    loading_eager,
    order_by_label,
    print_end_sep,
    print_sum,
    rel_many_to_many,
    rel_many_to_one,
    rel_one_to_many,
    rel_one_to_one,
    rel_self_referential,
    rollback_after_failed_flush,
    rollback_memory,
    server_defaults,
    sql_expression_update,
    states_five,
    text_queries,
    tx_bound_connection,
    tx_core_connection,
    tx_failure_paths,
    tx_savepoint_edges,
    why_at_the_terminal,
}

#[test]
fn every_golden_script_has_its_test() {
    let mut scripts: Vec<String> = std::fs::read_dir(golden_dir())
        .map(|entries| entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect())
        .unwrap_or_default();
    scripts.retain(|n| n.ends_with(".py"));
    let missing: Vec<&String> = scripts.iter().filter(|n| !LISTED.contains(&n.trim_end_matches(".py"))).collect();
    assert!(!scripts.is_empty(), "no golden scripts in {}", golden_dir().display());
    assert!(missing.is_empty(), "golden scripts without a line in the golden! list of tests/golden.rs: {missing:?}");
    let gone: Vec<&&str> = LISTED.iter().filter(|n| !scripts.contains(&format!("{n}.py"))).collect();
    assert!(gone.is_empty(), "listed in tests/golden.rs but not in tests/golden/: {gone:?}");
}

#[test]
fn schema_comment_is_read_from_the_first_line_only() {
    assert_eq!(schema_of("# schema: blog\nprint(1)\n").as_deref(), Some("blog"));
    assert_eq!(schema_of("#schema:shop").as_deref(), Some("shop"));
    assert_eq!(schema_of("print(1)\n# schema: blog\n"), None);
    assert_eq!(schema_of("# setup: rows\n"), None);
}
