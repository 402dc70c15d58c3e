//! Golden transcripts: each `tests/golden/*.py` runs as
//! `ormsh --format plain --no-color [-s <schema file>] -f <file>` and its
//! stdout must equal `<file>.out` (e.g. `x.py.out`). The schema comes from a
//! `# schema: NAME` comment on the first line: `tests/golden/schemas/NAME.json`
//! (schemas made for one test) if it exists, else the bundled `schemas/NAME.json`;
//! without the comment, no schema is given.
//! `UPDATE_GOLDEN=1 cargo test --test golden` rewrites the `.out` files; a missing
//! `.out` fails and shows the actual output.
mod common;
use std::path::{Path, PathBuf};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("golden")
}

/// `blog` from a first line `# schema: blog`.
fn schema_of(script: &str) -> Option<String> {
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

#[test]
fn golden_transcripts() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0");
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    scripts.retain(|p| p.extension().is_some_and(|e| e == "py"));
    scripts.sort();
    assert!(!scripts.is_empty(), "no golden scripts in {}", golden_dir().display());
    let failures: Vec<String> = scripts.iter().filter_map(|s| check(s, update).err()).collect();
    assert!(failures.is_empty(), "{} of {} golden scripts failed:\n\n{}", failures.len(), scripts.len(), failures.join("\n\n"));
}

#[test]
fn schema_comment_is_read_from_the_first_line_only() {
    assert_eq!(schema_of("# schema: blog\nprint(1)\n").as_deref(), Some("blog"));
    assert_eq!(schema_of("#schema:shop").as_deref(), Some("shop"));
    assert_eq!(schema_of("print(1)\n# schema: blog\n"), None);
    assert_eq!(schema_of("# setup: rows\n"), None);
}
