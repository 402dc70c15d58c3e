//! `ormsh check FILE.md`: replay a transcript and show where it now differs.
//!
//! The header gives the schema, the URL and the settings; each run is run again
//! as it was (a script with its statements at their lines, a `-c` command, the
//! prompt's entries with their numbers) on a fresh session that records a new
//! transcript. The document with the new outputs in place of the recorded ones
//! is compared with the file: equal, exit status 0; different, a unified diff
//! (as cram and trycmd show) and exit status 1; a file that cannot be read or
//! replayed, 2. `--update` writes the new outputs into the file instead.
use super::doc::{Doc, Header, RunKind};
use crate::interp::sa;
use crate::shell::cli::Cli;
use crate::shell::render::{Settings, Shared};
use crate::shell::run::{Shell, EXIT_OK, EXIT_STATEMENT_ERROR, EXIT_USAGE};
use clap::Parser;
use std::path::{Path, PathBuf};

/// `ormsh check`: replay transcripts written by `--transcript`.
#[derive(Parser, Debug)]
#[command(name = "ormsh check", about = "Replay Markdown transcripts written by --transcript and show where SQL, states or values now differ")]
pub struct CheckCli {
    /// Transcripts (Markdown) to replay
    #[arg(value_name = "FILE.md", required = true)]
    pub files: Vec<PathBuf>,
    /// Replay on this database instead of the transcript's URL
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Write the new outputs into the file instead of failing
    #[arg(long)]
    pub update: bool,
}

/// The header a transcript of this run gets: what a replay needs to set up
/// the same session and show the same things.
pub fn header_of(cli: &Cli, ledger: bool) -> Header {
    let mut h = Header::default();
    if let Some(schema) = &cli.schema {
        h.set("schema", schema.display().to_string());
    }
    h.set("url", crate::shell::cli::mask_url(&cli.url));
    h.set("echo", if cli.echo() { "on" } else { "off" });
    h.set("events", cli.events.name());
    h.set("ledger", if ledger { "on" } else { "off" });
    h.set("nplusone", cli.nplusone.name());
    for (flag, on) in [("reflect", cli.reflect), ("sandbox", cli.sandbox), ("create", !cli.no_create), ("bail", cli.bail)] {
        h.set(flag, if on { "on" } else { "off" });
    }
    h
}

/// The command line the header stands for (`url` replaces the recorded one).
fn cli_of(h: &Header, base: &Path, url: Option<&str>) -> Result<Cli, String> {
    let mut args: Vec<String> = vec!["ormsh".into()];
    if let Some(schema) = h.get("schema") {
        // relative to the working directory, else to the transcript's
        let p = PathBuf::from(schema);
        let p = if p.is_relative() && !p.exists() && base.join(&p).exists() { base.join(&p) } else { p };
        args.extend(["-s".to_string(), p.display().to_string()]);
    }
    let on = |k: &str, default: &str| h.get(k).unwrap_or(default) == "on";
    if !on("echo", "on") {
        args.push("--no-echo".into());
    }
    args.extend(["--events".into(), h.get("events").unwrap_or("summary").into()]);
    args.extend(["--nplusone".into(), h.get("nplusone").unwrap_or("warn").into()]);
    args.extend(["--ledger".into(), h.get("ledger").unwrap_or("off").into()]);
    for (flag, arg) in [("reflect", "--reflect"), ("sandbox", "--sandbox"), ("bail", "--bail")] {
        if on(flag, "off") {
            args.push(arg.into());
        }
    }
    if !on("create", "on") {
        args.push("--no-create".into());
    }
    let url = url.or(h.get("url")).unwrap_or("sqlite://");
    if url.contains(":***@") {
        return Err("the transcript's URL has a masked password: give the URL with --url".into());
    }
    args.push(url.into());
    Cli::try_parse_from(args).map_err(|e| e.to_string())
}

/// Lines `1..` of a run's source, each statement at its line (blank lines between).
fn padded(first_line: u32, blocks: &[(u32, String)]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for (line, code) in blocks {
        let at = line.saturating_sub(first_line) as usize;
        while lines.len() < at {
            lines.push(String::new());
        }
        lines.extend(code.lines().map(str::to_string));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// Replay `doc` and return the transcript the replay recorded.
pub fn replay(doc: &Doc, base: &Path, url: Option<&str>) -> Result<Doc, String> {
    let header = doc.header();
    if header.fields.is_empty() {
        return Err("not an ormsh transcript (no `<!-- ormsh transcript` header)".into());
    }
    let cli = cli_of(&header, base, url)?;
    let settings = {
        let mut s = Settings::new(crate::shell::render::Format::Plain, cli.echo(), false);
        s.events = cli.events;
        s
    };
    // what the shell would show is not wanted: the transcript is
    let shared = Shared::new(settings, Box::new(std::io::sink()));
    let mut shell = Shell::new(shared, cli.bail);
    {
        let mut rec = shell.ctx.insight.borrow_mut();
        rec.nplusone = cli.nplusone;
        rec.ledger = cli.ledger.as_deref() == Some("on");
    }
    let book = shell.record_transcript();
    let opts = sa::SetupOptions { url: cli.url.clone(), schema: cli.schema.clone(), create: !cli.no_create, reflect: cli.reflect, sandbox: cli.sandbox };
    shell.setup(&opts).map_err(|e| e.to_string())?;
    for (kind, blocks) in doc.runs() {
        let flow = match &kind {
            RunKind::Script(name) => shell.run_named_script(Some(name), &padded(1, &blocks)),
            RunKind::Command => shell.run_command(padded(1, &blocks).trim_end_matches('\n')),
            RunKind::Entry { line } => {
                shell.set_next_line(*line);
                shell.run_entry(padded(*line, &blocks).trim_end_matches('\n'))
            }
        };
        if flow == crate::shell::dot::Flow::Stop {
            break;
        }
    }
    if sa::setup::leave_sandbox(&mut shell.interp) {
        shell.interp.events.flush();
    }
    let recorded = book.borrow().document(header);
    Ok(recorded)
}

/// A unified diff of two texts by lines, with three lines of context.
pub fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // longest common subsequence, from the ends
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if a[i] == b[j] { lcs[at(i + 1, j + 1)] + 1 } else { lcs[at(i + 1, j)].max(lcs[at(i, j + 1)]) };
        }
    }
    // the edit script: (' ' | '-' | '+', old index, new index)
    let mut ops: Vec<(char, usize, usize)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push((' ', i, j));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[at(i, j + 1)] > lcs[at(i + 1, j)]) {
            ops.push(('+', i, j));
            j += 1;
        } else {
            ops.push(('-', i, j));
            i += 1;
        }
    }
    let mut out = format!("--- {}\n+++ {}\n", old_name, new_name);
    let changed: Vec<usize> = ops.iter().enumerate().filter(|(_, o)| o.0 != ' ').map(|(k, _)| k).collect();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(3);
        let mut end = changed[k];
        while k < changed.len() && changed[k] <= end + 7 {
            end = changed[k];
            k += 1;
        }
        let end = (end + 4).min(ops.len());
        let hunk = &ops[start..end];
        let old_len = hunk.iter().filter(|o| o.0 != '+').count();
        let new_len = hunk.iter().filter(|o| o.0 != '-').count();
        let (oi, nj) = (hunk[0].1, hunk[0].2);
        out.push_str(&format!("@@ -{},{} +{},{} @@\n", oi + 1, old_len, nj + 1, new_len));
        for (c, i, j) in hunk {
            let text = if *c == '+' { b[*j] } else { a[*i] };
            out.push_str(&format!("{}{}\n", c, text));
        }
    }
    out
}

/// The program `ormsh check …`: the exit status.
pub fn main(args: Vec<String>) -> i32 {
    let cli = match CheckCli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    crate::guard::install_hook();
    let mut status = EXIT_OK;
    for file in &cli.files {
        let name = file.display().to_string();
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("ormsh check: cannot read {}: {}", name, crate::shell::run::io_reason(&e));
                return EXIT_USAGE;
            }
        };
        let doc = Doc::parse(&text);
        let base = file.parent().unwrap_or(Path::new("."));
        let replayed = match replay(&doc, base, cli.url.as_deref()) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("ormsh check: {}: {}", name, e);
                return EXIT_USAGE;
            }
        };
        let new = doc.with_outputs_of(&replayed).to_markdown();
        let blocks = doc.runs().iter().map(|r| r.1.len()).sum::<usize>();
        if new == text {
            say(format_args!("ok: {} ({} statements)\n", name, blocks));
        } else if cli.update {
            if let Err(e) = std::fs::write(file, &new) {
                eprintln!("ormsh check: cannot write {}: {}", name, crate::shell::run::io_reason(&e));
                return EXIT_USAGE;
            }
            say(format_args!("updated: {}\n", name));
        } else {
            say(format_args!("{}", unified_diff(&text, &new, &name, &format!("{} (replayed)", name))));
            say(format_args!("FAILED: {} differs from its replay\n", name));
            status = EXIT_STATEMENT_ERROR;
        }
    }
    status
}

/// Standard output, where a closed pipe (`ormsh check x.md | head`) is no
/// panic: what cannot be written is dropped, the exit status still says.
fn say(args: std::fmt::Arguments) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_fmt(args);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_are_unified_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\n";
        assert_eq!(unified_diff(old, new, "x", "y"), "--- x\n+++ y\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
        assert_eq!(unified_diff(old, old, "x", "y"), "--- x\n+++ y\n");
    }

    #[test]
    fn statements_keep_their_lines() {
        assert_eq!(padded(1, &[(2, "x = 1".into()), (4, "for a in b:\n    f(a)".into())]), "\nx = 1\n\nfor a in b:\n    f(a)\n");
        assert_eq!(padded(7, &[(7, ".stats".into())]), ".stats\n");
    }
}
