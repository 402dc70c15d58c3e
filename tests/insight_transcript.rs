//! Transcripts (`--transcript`, `ormsh check`): a session written as Markdown
//! matches its golden copy and replays clean; a changed transcript fails with
//! exit status 1 and a unified diff of what now differs; the lessons in
//! `scripts/lessons/` are the transcripts of `scripts/*.py` and pass `ormsh check`.
//! `UPDATE_GOLDEN=1` rewrites the golden transcripts. The ignored test
//! `transcript_html_renders_in_headless_chromium` (needs `/usr/bin/chromium`)
//! keeps a screenshot of the tour's HTML page in `docs/transcript_page.png`.
use crate::common;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn update() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {}", p.display(), e))
}

/// Record `script` (with `extra` arguments) as a transcript in `dir`; compare it
/// with the golden file `golden` (relative to the crate).
fn record_and_compare(script: &str, extra: &[&str], dir: &Path, golden: &str) -> String {
    let md = dir.join("t.md");
    let html = dir.join("t.html");
    let (md_s, html_s) = (md.display().to_string(), html.display().to_string());
    let mut args = vec!["-s", "schemas/blog.json", "-f", script, "--transcript", &md_s, "--transcript", &html_s];
    args.extend_from_slice(extra);
    let run = common::ormsh(&args, "", &[]);
    assert!(run.status == 0 || run.status == 1, "{}", run.stderr);
    let text = read(&md);
    let want = root().join(golden);
    if update() {
        std::fs::write(&want, &text).unwrap_or_else(|e| panic!("{}", e));
    }
    assert_eq!(text, read(&want), "{} is not {}'s transcript (UPDATE_GOLDEN=1 rewrites it)", golden, script);
    text
}

#[test]
fn a_transcript_matches_its_golden_copy_and_checks_clean() {
    let dir = common::temp_dir("transcript-tour");
    let text = record_and_compare("tests/transcripts/tour.py", &["-c", "print(u.name)"], &dir, "tests/transcripts/tour.md");
    // what a replay needs, and nothing that changes from run to run
    assert!(text.starts_with("<!-- ormsh transcript: `ormsh check FILE` replays it\nschema: schemas/blog.json\nurl: sqlite://\n"), "{}", text);
    assert!(!text.contains(" ms"), "a duration in the transcript:\n{}", text);
    assert!(text.contains("```python line=4\nsession.add(u); session.flush()\n```\n\n```output\nUser#1 (u)  transient → pending\nBEGIN (implicit)\n"), "{}", text);
    assert!(text.contains("<!-- run: command -->\n\n```python line=1\nprint(u.name)\n```\n\n```output\ned\n```\n"), "{}", text);
    let md = dir.join("t.md").display().to_string();
    let check = common::ormsh(&["check", &md], "", &[]);
    assert_eq!((check.status, check.stdout.as_str()), (0, format!("ok: {} (9 statements)\n", md).as_str()), "{}", check.stderr);
    // the HTML page: the same statements, the states coloured
    let html = read(&dir.join("t.html"));
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"), "{}", html);
    assert!(html.contains("<b class=\"st-transient\">transient</b> → <b class=\"st-pending\">pending</b>"), "{}", html);
    assert!(html.contains("<pre class=\"in\" data-line=\"line 15\">session.get(User, 1).nope</pre>"), "{}", html);
    assert!(html.contains("<span class=\"err\">tests/transcripts/tour.py:15:1: AttributeError"), "{}", html);
}

#[test]
fn a_changed_transcript_fails_with_a_diff() {
    let dir = common::temp_dir("transcript-changed");
    let good = read(&root().join("tests/transcripts/tour.md"));
    // a value, a state and a SQL line that the replay will not show
    let bad = good.replace("wendy 1\n", "wendy 2\n").replace("User#1 (u)  pending → persistent\n", "User#1 (u)  pending → detached\n").replacen(
        "INSERT INTO users (name, fullname) VALUES (?, ?)\n('mary', None)\n",
        "INSERT INTO users (fullname, name) VALUES (?, ?)\n(None, 'mary')\n",
        1,
    );
    assert_ne!(bad, good);
    let file = dir.join("bad.md");
    std::fs::write(&file, &bad).unwrap_or_else(|e| panic!("{}", e));
    let name = file.display().to_string();
    let r = common::ormsh(&["check", &name], "", &[]);
    assert_eq!(r.status, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with(&format!("--- {0}\n+++ {0} (replayed)\n@@ -", name)), "{}", r.stdout);
    for line in ["-wendy 2\n+wendy 1\n", "-User#1 (u)  pending → detached\n+User#1 (u)  pending → persistent\n", "-(None, 'mary')\n", "+('mary', None)\n"] {
        assert!(r.stdout.contains(line), "no {:?} in\n{}", line, r.stdout);
    }
    assert!(r.stdout.ends_with(&format!("FAILED: {} differs from its replay\n", name)), "{}", r.stdout);
    // --update writes the replay's outputs back: then it checks clean
    let r = common::ormsh(&["check", "--update", &name], "", &[]);
    assert_eq!((r.status, r.stdout), (0, format!("updated: {}\n", name)));
    assert_eq!(read(&file), good);
}

#[test]
fn the_lessons_are_transcripts_that_check() {
    let dir = common::temp_dir("transcript-lessons");
    let mut files = Vec::new();
    for lesson in ["07_nplusone", "08_flush_order", "09_query_budgets", "10_missing_index"] {
        record_and_compare(&format!("scripts/{}.py", lesson), &[], &dir, &format!("scripts/lessons/{}.md", lesson));
        files.push(format!("scripts/lessons/{}.md", lesson));
    }
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let r = common::ormsh(&args, "", &[]);
    assert_eq!(r.status, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout.lines().filter(|l| l.starts_with("ok: scripts/lessons/")).count(), 4, "{}", r.stdout);
}

#[test]
fn check_refuses_what_it_cannot_replay() {
    let r = common::ormsh(&["check", "no/such.md"], "", &[]);
    assert_eq!((r.status, r.stderr.as_str()), (2, "ormsh check: cannot read no/such.md: No such file or directory\n"));
    let r = common::ormsh(&["check", "README.md"], "", &[]);
    assert_eq!((r.status, r.stderr.as_str()), (2, "ormsh check: README.md: not an ormsh transcript (no `<!-- ormsh transcript` header)\n"));
    let r = common::ormsh(&["check"], "", &[]);
    assert_eq!(r.status, 2, "{}", r.stderr);
    let r = common::ormsh(&["check", "--help"], "", &[]);
    assert!(r.stdout.contains("Usage: ormsh check [OPTIONS] <FILE.md>..."), "{}", r.stdout);
}

#[test]
#[ignore = "needs /usr/bin/chromium (apt-get install -y chromium); writes docs/transcript_page.png"]
fn transcript_html_renders_in_headless_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    assert!(chromium.exists(), "/usr/bin/chromium is missing: apt-get install -y chromium");
    let dir = common::temp_dir("transcript-chromium");
    let html = dir.join("tour.html");
    let html_s = html.display().to_string();
    let r = common::ormsh(&["-s", "schemas/blog.json", "-f", "tests/transcripts/tour.py", "--transcript", &html_s], "", &[]);
    assert_eq!(r.status, 1, "the tour ends with an error on purpose: {}", r.stderr);
    let png = root().join("docs").join("transcript_page.png");
    let _ = std::fs::remove_file(&png);
    let profile = dir.join("profile");
    let out = std::process::Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"])
        .args(["--disable-component-update", "--disable-sync", "--window-size=1000,1400"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    let bytes = std::fs::read(&png).unwrap_or_default();
    assert!(bytes.starts_with(b"\x89PNG"), "no screenshot {}: {}", png.display(), String::from_utf8_lossy(&out.stderr));
    // a blank page compresses to a few KB; code, output and coloured states do not
    assert!(bytes.len() > 30_000, "{} looks blank ({} bytes)", png.display(), bytes.len());
    let _ = std::fs::remove_dir_all(&dir);
}
