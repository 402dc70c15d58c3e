//! The example scripts in `scripts/` pipe cleanly into ormsh: each
//! `scripts/NAME.py` is fed on standard input (not a terminal, so it runs as a
//! script) with the schema its first line names (`# schema: blog`), and must
//! exit 0, write nothing on stderr, and print exactly
//! `tests/golden/scripts/NAME.py.out`. `UPDATE_GOLDEN=1 cargo test --test
//! cli_scripts` rewrites those files; read the diff before committing it.
mod common;
use std::path::{Path, PathBuf};

/// Scripts that do not run cleanly yet, with the reason. Each must still run
/// to the end without crashing (exit 0 or 1, empty stderr); once one runs
/// cleanly the test fails until it is taken off this list and its transcript
/// recorded.
const KNOWN_BROKEN: &[(&str, &str)] = &[];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema_of(script: &str) -> Option<String> {
    let first = script.lines().next()?.trim();
    let name = first.strip_prefix('#')?.trim().strip_prefix("schema:")?.trim();
    Some(format!("schemas/{}.json", name)).filter(|_| !name.is_empty())
}

fn example_scripts() -> Vec<PathBuf> {
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(root().join("scripts"))
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    scripts.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == "py"));
    // `# reflect: DB` scripts walk a sample database with --reflect: tests/reflect.rs runs them
    scripts.retain(|p| !std::fs::read_to_string(p).is_ok_and(|t| t.starts_with("# reflect:")));
    scripts.sort();
    scripts
}

fn check(script: &Path, update: bool) -> Result<(), String> {
    let name = script.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let text = std::fs::read_to_string(script).map_err(|e| format!("{}: {}", name, e))?;
    let schema = schema_of(&text).ok_or_else(|| format!("{}: first line must be `# schema: NAME`", name))?;
    let run = common::ormsh_merged(&["-s", &schema], &text, &[]);
    if let Some((_, why)) = KNOWN_BROKEN.iter().find(|(n, _)| *n == name) {
        if run.status == 0 && run.stderr.is_empty() {
            return Err(format!("{}: runs cleanly now; take it off KNOWN_BROKEN ({}) and record its transcript", name, why));
        }
        if run.status != 1 || !run.stderr.is_empty() {
            return Err(format!("{}: exit {} (known broken, but must not crash)\n--- stderr\n{}", name, run.status, run.stderr));
        }
        return Ok(());
    }
    if run.status != 0 || !run.stderr.is_empty() {
        return Err(format!("{}: exit {}\n--- stderr\n{}--- stdout\n{}", name, run.status, run.stderr, run.stdout));
    }
    let expected_path = root().join("tests").join("golden").join("scripts").join(format!("{}.out", name));
    if update {
        let _ = std::fs::create_dir_all(expected_path.parent().unwrap_or(root()));
        return std::fs::write(&expected_path, &run.stdout).map_err(|e| format!("{}: {}", expected_path.display(), e));
    }
    match std::fs::read_to_string(&expected_path) {
        Ok(expected) if expected == run.stdout => Ok(()),
        Ok(expected) => Err(format!("{} differs\n--- expected\n{}--- actual\n{}", name, expected, run.stdout)),
        Err(_) => Err(format!("{}: no {} (UPDATE_GOLDEN=1 writes it)\n--- actual\n{}", name, expected_path.display(), run.stdout)),
    }
}

#[test]
fn every_example_script_pipes_cleanly_and_matches_its_transcript() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0");
    let scripts = example_scripts();
    assert!(scripts.len() >= 5, "expected the example scripts in scripts/, found {:?}", scripts);
    let failures: Vec<String> = scripts.iter().filter_map(|s| check(s, update).err()).collect();
    assert!(failures.is_empty(), "{} of {} scripts failed:\n\n{}", failures.len(), scripts.len(), failures.join("\n\n"));
}

#[test]
fn the_same_script_through_dash_f_gives_the_same_output() {
    let script = root().join("scripts").join("01_states_tour.py");
    let text = std::fs::read_to_string(&script).unwrap_or_default();
    let piped = common::ormsh_merged(&["-s", "schemas/blog.json"], &text, &[]);
    let filed = common::ormsh_merged(&["-s", "schemas/blog.json", "-f", "scripts/01_states_tour.py"], "", &[]);
    assert_eq!(piped.status, 0, "{}", piped.stderr);
    assert!(!piped.stdout.is_empty());
    assert_eq!(piped.stdout, filed.stdout);
}
