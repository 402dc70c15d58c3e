//! `.plan` against what the flush runs: with `ORMSH_CHECK_PLAN=1` every flush
//! computes its plan first (`orm/flush_plan.rs`) and reports a difference with
//! what it wrote as a `plan_mismatch` event. Every golden transcript and
//! every lesson script must flush exactly as planned; `.plan` itself runs no
//! SQL and loads nothing, and is traced as a `plan` event.
use crate::common;
use std::path::Path;

fn schema_args(script: &str) -> Vec<String> {
    let first = script.lines().next().unwrap_or("");
    match first.trim().strip_prefix('#').and_then(|r| r.trim().strip_prefix("schema:")).map(str::trim) {
        Some(s) if !s.is_empty() => {
            let own = format!("tests/golden/schemas/{}.json", s);
            let path = if Path::new(env!("CARGO_MANIFEST_DIR")).join(&own).exists() { own } else { format!("schemas/{}.json", s) };
            vec!["-s".into(), path]
        }
        _ => Vec::new(),
    }
}

#[test]
fn every_golden_flush_runs_as_planned() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir).map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
    entries.sort();
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "py")) {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let mut args = schema_args(&text);
        args.extend(["--format".into(), "plain".into(), "--no-color".into(), "-f".into(), path.display().to_string()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = common::ormsh(&args, "", &[("ORMSH_CHECK_PLAN", "1")]);
        assert!(!r.stderr.contains("flush plan differed"), "{}: {}", path.display(), r.stderr);
        checked += 1;
    }
    assert!(checked > 30, "only {} golden scripts found", checked);
}

#[test]
fn a_known_plan_is_checked_and_traced() {
    // the check is live: a flush whose plan is known is compared (here equal)
    let script = "u = User(name='ed', addresses=[Address(email='a')])\nsession.add(u)\n.plan\nsession.flush()\n";
    let r = common::ormsh(&["-s", "schemas/blog.json", "--format", "jsonl"], script, &[("ORMSH_CHECK_PLAN", "1")]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("plan_mismatch"), "{}", r.stdout);
    let plan = r.stdout.lines().find(|l| l.starts_with("{\"ev\":\"plan\"")).unwrap_or_default();
    assert!(plan.contains("\"op\":\"INSERT\",\"table\":\"users\",\"row\":{\"obj\":\"User#1\",\"name\":\"u\"}"), "{}", plan);
    assert!(plan.contains("\"why\":[\"new\",\"parent of Address#1 (User.addresses)\"]"), "{}", plan);
}

#[test]
fn plan_runs_no_sql_and_loads_nothing() {
    // u.posts is not loaded and the flush must load it: .plan only says so;
    // the run with .plan equals the run without it, but for the plan's text
    let script = "session.add(User(name='ed', addresses=[Address(email='a')], posts=[Post(title='t')]))\nsession.commit()\n\
                  u = session.get(User, 1)\nsession.delete(u)\n.plan\nsession.flush()\n";
    let args = ["-s", "schemas/blog.json", "--format", "plain", "--no-color"];
    let with = common::ormsh_merged(&args, script, &[]);
    let without = common::ormsh_merged(&args, &script.replace(".plan\n", ""), &[]);
    assert_eq!(with.status, 0, "{}", with.stdout);
    let plan = with.stdout.split("next flush:").nth(1).and_then(|t| t.split("UPDATE posts").next()).unwrap_or_default();
    assert!(plan.contains("DELETE users (u) — session.delete()"), "{}", with.stdout);
    assert!(plan.contains("?  u.posts: not loaded"), "{}", with.stdout);
    let plan_lines: Vec<&str> = with.stdout.lines().filter(|l| l.starts_with("next flush:") || l.starts_with("  ")).collect();
    let rest: Vec<&str> = with.stdout.lines().filter(|l| !plan_lines.contains(l)).collect();
    let rest_without: Vec<&str> = without.stdout.lines().filter(|l| !l.starts_with("  ")).collect();
    assert_eq!(rest, rest_without);
}

#[test]
fn why_explains_the_last_error_and_is_traced() {
    let script = "u = User(name='ed')\nsession.add(u)\nsession.commit()\nsession.close()\nu.addresses\n.why\n";
    let r = common::ormsh(&["-s", "schemas/blog.json", "--format", "jsonl"], script, &[]);
    let why = r.stdout.lines().find(|l| l.starts_with("{\"ev\":\"why\"")).unwrap_or_default();
    assert!(why.contains("\"error\":\"DetachedInstanceError\",\"line\":5"), "{}", r.stdout);
    assert!(why.contains("line 4: session.close() made u detached"), "{}", why);
    assert!(why.contains("\"link\":\"https://sqlalche.me/e/21/bhk3\""), "{}", why);
    let none = common::ormsh(&["-s", "schemas/blog.json", "--format", "jsonl"], ".explain\n", &[]);
    assert!(none.stdout.contains("{\"ev\":\"why\",\"error\":null}"), "{}", none.stdout);
}

#[test]
fn a_broken_budget_fails_the_run_and_a_kept_one_does_not() {
    let setup = "session.add_all([User(name=n, addresses=[Address(email=n)]) for n in ['a', 'b']])\nsession.commit()\n.expect reset\n\
                 for u in session.scalars(select(User)).all():\n    u.addresses\n\n";
    let args = ["-s", "schemas/blog.json", "--no-echo"];
    let broken = common::ormsh(&args, &format!("{}.expect lazy User.addresses == 0\n", setup), &[]);
    assert_eq!(broken.status, 1, "{}", broken.stderr);
    assert!(broken.stderr.contains("✗ expect lazy User.addresses == 0 failed: 2 lazy loads since line 3"), "{}", broken.stderr);
    let kept = common::ormsh(&args, &format!("{}.expect sql <= 3\n", setup), &[]);
    assert_eq!(kept.status, 0, "{}", kept.stderr);
    assert!(kept.stdout.contains("✓ expect sql <= 3: 3 SQL since line 3"), "{}", kept.stdout);
    let traced = common::ormsh(&["-s", "schemas/blog.json", "--format", "jsonl"], &format!("{}.expect sql <= 1\n", setup), &[]);
    assert!(traced.stdout.contains("{\"ev\":\"expect\",\"check\":\"sql <= 1\",\"ok\":false,\"actual\":3,\"since_line\":3,\"line\":7}"), "{}", traced.stdout);
}
