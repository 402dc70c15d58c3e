//! `.diagram … svg|html FILE`: the files ormsh lays out itself are
//! well-formed and self-contained (no external reference), and, in the
//! ignored test `diagram_html_renders_in_headless_chromium` (needs
//! `/usr/bin/chromium`; `cargo test --test it -- --ignored insight_diagram::`),
//! they render in headless Chromium, whose screenshots are kept in `docs/`
//! (`docs/diagram_objects.png`, `docs/diagram_states.png`).
use crate::common;
use std::path::{Path, PathBuf};

const SESSION: &str = "u = User(name='ed', addresses=[Address(email='ed@x'), Address(email='ed@y')])\n\
p = Post(title='hello', author=u, tags=[Tag(name='news')])\nsession.add(u)\nsession.commit()\nu.addresses, p.tags\n\
session.delete(u.addresses[1])\nw = User(name='wendy')\nsession.add(w)\ngone = User(name='gone')\n";

fn write_diagrams(dir: &Path) -> Vec<PathBuf> {
    let mut script = SESSION.to_string();
    let mut files = Vec::new();
    for (what, fmt) in [("objects", "html"), ("states", "html"), ("schema", "svg"), ("objects", "svg")] {
        let f = dir.join(format!("{}.{}", what, fmt));
        script.push_str(&format!(".diagram {} {} {}\n", what, fmt, f.display()));
        files.push(f);
    }
    let r = common::ormsh(&["-s", "schemas/blog.json", "--no-echo", "--events", "off"], &script, &[]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("(objects html, 7 nodes, 3 edges)"), "{}", r.stdout);
    files
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ormsh-diagram-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

#[test]
fn svg_and_html_are_self_contained() {
    let dir = tmp("files");
    for f in write_diagrams(&dir) {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        assert!(text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{}", f.display());
        assert_eq!(text.matches("<svg").count(), text.matches("</svg>").count(), "{}", f.display());
        assert!(!text.contains("src=") && !text.contains("href=\"http") && !text.contains("<script"), "{}", f.display());
    }
    let objects = std::fs::read_to_string(dir.join("objects.svg")).unwrap_or_default();
    assert!(objects.contains(">u: User#1</text>") && objects.contains(">pending</text>") && objects.contains(">addresses</text>"), "{}", objects);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[ignore = "needs /usr/bin/chromium (apt-get install -y chromium); writes docs/diagram_*.png"]
fn diagram_html_renders_in_headless_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    assert!(chromium.exists(), "/usr/bin/chromium is missing: apt-get install -y chromium");
    let dir = tmp("chromium");
    write_diagrams(&dir);
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    for what in ["objects", "states"] {
        let profile = tmp(&format!("profile-{}", what));
        let png = docs.join(format!("diagram_{}.png", what));
        let _ = std::fs::remove_file(&png);
        let out = std::process::Command::new(chromium)
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"])
            .args(["--disable-component-update", "--disable-sync", "--window-size=1000,520"])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--screenshot={}", png.display()))
            .arg(format!("file://{}", dir.join(format!("{}.html", what)).display()))
            .output()
            .expect("chromium runs");
        let bytes = std::fs::read(&png).unwrap_or_default();
        assert!(bytes.starts_with(b"\x89PNG"), "no screenshot {}: {}", png.display(), String::from_utf8_lossy(&out.stderr));
        // a blank page compresses to a few KB; boxes, text and colours do not
        assert!(bytes.len() > 15_000, "{} looks blank ({} bytes)", png.display(), bytes.len());
        let _ = std::fs::remove_dir_all(&profile);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
