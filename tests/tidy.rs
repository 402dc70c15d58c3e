//! Tidy checks over the source tree, as rust-analyzer's `tidy.rs`: the rules of
//! ARCHITECTURE.md that the compiler does not enforce, kept true by a test.
//!
//! - Layers point one way: `shell → interp → orm → engine → sql`, with `syntax`
//!   beside them (used by `interp` and `shell`), and `exc`, `events`, `fxhash`
//!   usable everywhere. A `crate::X` path in a layer may name only the layers
//!   below it.
//! - Every source file opens with a `//!` paragraph saying what it is and why.
//! - `interp/common.rs`, the helpers the evaluator's files share, uses none of
//!   them (only `value` and `natives`), so the dependency runs one way.
//! - Files stay readable in one sitting: at most 800 lines. A file over it may
//!   be listed in `OVERSIZE` with its size, to only shrink (issue 14 split the
//!   four that were; the list is empty).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 800;

/// Files over `MAX_LINES` at the time the check was introduced, with the size they may not exceed.
const OVERSIZE: &[(&str, usize)] = &[];

/// Modules usable from every layer.
const SHARED: &[&str] = &["exc", "events", "fxhash", "guard"];

/// For each layer (top-level module), the layers its files may name with `crate::`.
fn allowed(layer: &str) -> Option<&'static [&'static str]> {
    Some(match layer {
        "sql" => &["sql"],
        "engine" => &["engine", "sql"],
        "orm" => &["orm", "engine", "sql"],
        "syntax" => &["syntax"],
        "interp" => &["interp", "orm", "engine", "sql", "syntax"],
        "shell" => &["shell", "insight", "interp", "orm", "engine", "sql", "syntax"],
        // what the session did, from events only (whose parameters are `sql` values)
        "insight" => &["insight", "sql"],
        // the fuzz targets' bodies (fuzz/ and tests/fuzz_targets.rs drive them)
        "fuzzing" => &["fuzzing", "orm", "engine", "sql", "syntax"],
        _ => return None,
    })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("read src").flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(&p).expect("read source"))
        })
        .collect()
}

/// The top-level modules named by `crate::X` paths in `text` (comments included:
/// a doc link to an upper layer is a dependency of the reader too).
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let ok_prefix = at == 0 || !rest[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
            if ok_prefix && !name.is_empty() {
                found.push((n + 1, name));
            }
            rest = after;
        }
    }
    found
}

#[test]
fn layers_point_one_way() {
    let mut wrong = Vec::new();
    for (path, text) in sources() {
        let Some(layer) = path.strip_prefix("src/").and_then(|p| p.split_once('/')).map(|(l, _)| l.to_string()) else {
            continue; // src/lib.rs, main.rs, events.rs …: the crate's roots and shared modules
        };
        let Some(ok) = allowed(&layer) else {
            wrong.push(format!("{path}: layer `{layer}` is not in ARCHITECTURE.md's map (add it to tests/tidy.rs)"));
            continue;
        };
        for (line, name) in crate_paths(&text) {
            if !ok.contains(&name.as_str()) && !SHARED.contains(&name.as_str()) {
                wrong.push(format!("{path}:{line}: `{layer}` names `crate::{name}`, a layer above it"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layer order:\n{}", wrong.join("\n"));
}

/// `interp/common.rs` names no other file of `interp` than `value` and `natives`:
/// the helpers shared by `builtins`, `methods`, `eval`, `ops`, `repr`, `format`
/// live there so that none of those calls another's free functions.
#[test]
fn interp_common_uses_no_evaluator_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("src/interp/common.rs")).expect("read interp/common.rs");
    let mut wrong = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for prefix in ["super::", "crate::interp::"] {
            let mut rest = line;
            while let Some(at) = rest.find(prefix) {
                let after = &rest[at + prefix.len()..];
                let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !["value", "natives"].contains(&name.as_str()) {
                    wrong.push(format!("src/interp/common.rs:{}: names `{prefix}{name}`", n + 1));
                }
                rest = after;
            }
        }
    }
    assert!(wrong.is_empty(), "interp/common.rs must use only value and natives:\n{}", wrong.join("\n"));
}

#[test]
fn every_file_opens_with_a_doc_paragraph() {
    let missing: Vec<String> =
        sources().into_iter().filter(|(_, text)| !text.trim_start().starts_with("//!")).map(|(p, _)| p).collect();
    assert!(missing.is_empty(), "files without a `//!` paragraph at the top: {missing:?}");
}

#[test]
fn files_stay_readable_in_one_sitting() {
    let oversize: BTreeMap<&str, usize> = OVERSIZE.iter().copied().collect();
    let mut wrong = Vec::new();
    for (path, text) in sources() {
        let lines = text.lines().count();
        match oversize.get(path.as_str()) {
            Some(&cap) if lines > cap => {
                wrong.push(format!("{path}: {lines} lines, over its recorded {cap} (split it, don't grow it)"))
            }
            Some(_) if lines <= MAX_LINES => {
                wrong.push(format!("{path}: now {lines} lines: take it out of OVERSIZE in tests/tidy.rs"))
            }
            Some(_) => {}
            None if lines > MAX_LINES => wrong.push(format!("{path}: {lines} lines, over {MAX_LINES}: split it")),
            None => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_checker_sees_crate_paths() {
    let found = crate_paths("use crate::orm::Session; // see crate::shell\nlet x = mycrate::shell;");
    assert_eq!(found, vec![(1, "orm".to_string()), (1, "shell".to_string())]);
}
