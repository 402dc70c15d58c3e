//! The transcript document: a list of [`Segment`]s that is written as
//! Markdown and read back losslessly, so `ormsh check` can put a replay's
//! outputs in place of the recorded ones and diff the two texts.
//!
//! The Markdown, in order:
//! - a header comment `<!-- ormsh transcript … -->` with one `key: value` line
//!   for each setting the replay needs (schema, url, echo, events, ledger, …);
//! - the start-up output (CREATE TABLE …) in a fence `` ```output setup ``;
//! - for each run a comment `<!-- run: script NAME -->`, `<!-- run: command -->`
//!   or `<!-- run: entry line=N -->`, then for each top-level statement the
//!   comments before it as prose, its code in `` ```python line=N `` and,
//!   when it showed anything, its output in `` ```output ``.
//!
//! Fences are longer than any run of backticks inside them (CommonMark).

/// What started a run, as the runner tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunKind {
    /// A script file (`-f`, piped standard input as `<stdin>`).
    Script(String),
    /// A `-c` command.
    Command,
    /// An entry at the prompt, numbered from `line`.
    Entry { line: u32 },
}

impl RunKind {
    fn marker(&self) -> String {
        match self {
            RunKind::Script(name) => format!("<!-- run: script {} -->", name),
            RunKind::Command => "<!-- run: command -->".to_string(),
            RunKind::Entry { line } => format!("<!-- run: entry line={} -->", line),
        }
    }

    fn from_marker(line: &str) -> Option<RunKind> {
        let inner = line.trim().strip_prefix("<!-- run: ")?.strip_suffix(" -->")?;
        if inner == "command" {
            return Some(RunKind::Command);
        }
        if let Some(name) = inner.strip_prefix("script ") {
            return Some(RunKind::Script(name.to_string()));
        }
        let n = inner.strip_prefix("entry line=")?.parse().ok()?;
        Some(RunKind::Entry { line: n })
    }
}

/// The settings a replay needs, in the order they are written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub fields: Vec<(String, String)>,
}

impl Header {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.fields.push((key.to_string(), value.into()));
    }
}

const HEADER_OPEN: &str = "<!-- ormsh transcript: `ormsh check FILE` replays it";

/// One top-level statement: the comments before it, its code, its output.
#[derive(Clone, Debug, Default)]
pub struct Block {
    pub line: u32,
    /// The source lines before the statement (comments and blank lines).
    pub prose: Vec<String>,
    pub code: String,
    pub output: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Text kept as it is (header, prose, run markers).
    Text(String),
    Setup(String),
    Input { line: u32, code: String },
    Output(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Doc {
    pub segments: Vec<Segment>,
}

/// Backticks enough to fence `text`.
fn fence(text: &str) -> String {
    let longest = text.lines().map(|l| l.trim_start().chars().take_while(|c| *c == '`').count()).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// Comment lines as Markdown prose: `# ` taken off, blank lines kept as one.
fn prose_text(lines: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        let t = l.trim_start();
        let t = t.strip_prefix('#').map(|r| r.strip_prefix(' ').unwrap_or(r)).unwrap_or(t).trim_end();
        if t.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        // text that would read as a fence or a marker is escaped
        let t = if t.starts_with("```") || t.starts_with("<!--") { format!("\\{}", t) } else { t.to_string() };
        out.push(t);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

impl Doc {
    /// A document with its header and the start-up output.
    pub fn new(header: Header, setup: String) -> Doc {
        let mut text = format!("{}\n", HEADER_OPEN);
        for (k, v) in &header.fields {
            text.push_str(&format!("{}: {}\n", k, v));
        }
        text.push_str("-->\n");
        Doc { segments: vec![Segment::Text(text), Segment::Setup(setup)] }
    }

    pub fn push_run(&mut self, kind: RunKind, blocks: Vec<Block>) {
        // a run without statements (only comments) shows nothing and replays as nothing
        if blocks.is_empty() {
            return;
        }
        self.segments.push(Segment::Text(format!("\n{}\n", kind.marker())));
        for b in blocks {
            let prose = prose_text(&b.prose);
            let mut text = String::new();
            if !prose.is_empty() {
                text.push('\n');
                text.push_str(&prose);
                text.push('\n');
            }
            text.push('\n');
            self.segments.push(Segment::Text(text));
            self.segments.push(Segment::Input { line: b.line, code: b.code });
            if !b.output.is_empty() {
                self.segments.push(Segment::Output(b.output));
            }
        }
    }

    pub fn header(&self) -> Header {
        let mut h = Header::default();
        if let Some(Segment::Text(t)) = self.segments.first() {
            if let Some(rest) = t.strip_prefix(HEADER_OPEN) {
                for line in rest.lines().take_while(|l| l.trim() != "-->") {
                    if let Some((k, v)) = line.split_once(": ") {
                        h.set(k.trim(), v.trim());
                    }
                }
            }
        }
        h
    }

    /// The runs to replay: each with its statements' lines and code.
    pub fn runs(&self) -> Vec<(RunKind, Vec<(u32, String)>)> {
        let mut runs: Vec<(RunKind, Vec<(u32, String)>)> = Vec::new();
        for s in &self.segments {
            match s {
                Segment::Text(t) => runs.extend(t.lines().filter_map(RunKind::from_marker).map(|k| (k, Vec::new()))),
                Segment::Input { line, code } => {
                    if let Some(run) = runs.last_mut() {
                        run.1.push((*line, code.clone()));
                    }
                }
                _ => {}
            }
        }
        runs
    }

    /// Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for s in &self.segments {
            match s {
                Segment::Text(t) => out.push_str(t),
                Segment::Setup(o) => fenced(&mut out, "output setup", o, true),
                Segment::Input { line, code } => fenced(&mut out, &format!("python line={}", line), code, false),
                Segment::Output(o) => fenced(&mut out, "output", o, true),
            }
        }
        out
    }

    /// Read Markdown written by [`Doc::to_markdown`] (and edited by hand).
    pub fn parse(text: &str) -> Doc {
        let mut segments = Vec::new();
        let mut plain = String::new();
        let mut lines = text.split_inclusive('\n').peekable();
        while let Some(line) = lines.next() {
            let ticks = line.chars().take_while(|c| *c == '`').count();
            let info = line[ticks..].trim();
            let kind = if ticks < 3 {
                None
            } else if info == "output" || info == "output setup" {
                Some(info)
            } else if let Some(n) = info.strip_prefix("python line=").and_then(|n| n.parse::<u32>().ok()) {
                let _ = n;
                Some(info)
            } else {
                None
            };
            let Some(info) = kind else {
                plain.push_str(line);
                continue;
            };
            let mut body = String::new();
            for l in lines.by_ref() {
                let t = l.trim_end();
                if t.len() >= ticks && t.chars().all(|c| c == '`') {
                    break;
                }
                body.push_str(l);
            }
            let is_output = info.starts_with("output");
            // an output's fence is written after a blank line of its own
            if is_output && plain.ends_with("\n\n") {
                plain.pop();
            } else if is_output && plain == "\n" {
                plain.clear();
            }
            if !plain.is_empty() {
                segments.push(Segment::Text(std::mem::take(&mut plain)));
            }
            segments.push(match info {
                "output setup" => Segment::Setup(body),
                "output" => Segment::Output(body),
                _ => {
                    let line = info.trim_start_matches("python line=").parse().unwrap_or(0);
                    Segment::Input { line, code: body.strip_suffix('\n').unwrap_or(&body).to_string() }
                }
            });
        }
        if !plain.is_empty() {
            segments.push(Segment::Text(plain));
        }
        Doc { segments }
    }

    /// The same document with the outputs of `replay` (the document a replay
    /// recorded) in place of its own: setup output, then each run's outputs by
    /// statement line. A statement the replay did not reach has no output.
    pub fn with_outputs_of(&self, replay: &Doc) -> Doc {
        let mut setup = String::new();
        let mut outputs: Vec<Vec<(u32, String)>> = Vec::new();
        let mut last_line = 0;
        for s in &replay.segments {
            match s {
                Segment::Setup(o) => setup = o.clone(),
                Segment::Text(t) => outputs.extend(t.lines().filter_map(RunKind::from_marker).map(|_| Vec::new())),
                Segment::Input { line, .. } => {
                    last_line = *line;
                    if let Some(run) = outputs.last_mut() {
                        run.push((*line, String::new()));
                    }
                }
                Segment::Output(o) => {
                    if let Some(slot) = outputs.last_mut().and_then(|r| r.iter_mut().rev().find(|(l, _)| *l == last_line)) {
                        slot.1 = o.clone();
                    }
                }
            }
        }
        let mut segments = Vec::new();
        let mut run: Option<usize> = None;
        for s in &self.segments {
            match s {
                Segment::Text(t) => {
                    let markers = t.lines().filter(|l| RunKind::from_marker(l).is_some()).count();
                    if markers > 0 {
                        run = Some(run.map_or(markers - 1, |r| r + markers));
                    }
                    segments.push(s.clone());
                }
                Segment::Setup(_) => segments.push(Segment::Setup(setup.clone())),
                Segment::Output(_) => {}
                Segment::Input { line, .. } => {
                    segments.push(s.clone());
                    let out = run
                        .and_then(|r| outputs.get(r))
                        .and_then(|o| o.iter().find(|(l, _)| l == line))
                        .map(|(_, o)| o.clone())
                        .unwrap_or_default();
                    if !out.is_empty() {
                        segments.push(Segment::Output(out));
                    }
                }
            }
        }
        Doc { segments }
    }
}

fn fenced(out: &mut String, info: &str, body: &str, blank_before: bool) {
    let f = fence(body);
    if blank_before {
        out.push('\n');
    }
    out.push_str(&f);
    out.push_str(info);
    out.push('\n');
    out.push_str(body);
    if !body.is_empty() && !body.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&f);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Doc {
        let mut h = Header::default();
        h.set("schema", "schemas/blog.json");
        h.set("url", "sqlite://");
        let mut d = Doc::new(h, "CREATE TABLE t (id INTEGER)\n".into());
        d.push_run(
            RunKind::Script("a.py".into()),
            vec![
                Block { line: 3, prose: vec!["# schema: blog".into(), "".into(), "# Hello.".into()], code: "x = 1".into(), output: String::new() },
                Block { line: 4, prose: vec![], code: "print(x)\nprint('```')".into(), output: "1\n```\n".into() },
            ],
        );
        d.push_run(RunKind::Entry { line: 7 }, vec![Block { line: 7, prose: vec![], code: ".stats".into(), output: "no SQL".into() }]);
        d
    }

    #[test]
    fn markdown_reads_back_as_written() {
        let d = sample();
        let md = d.to_markdown();
        assert!(md.contains("\nschema: blog\n\nHello.\n\n```python line=3\nx = 1\n```\n"), "{}", md);
        assert!(md.contains("```python line=4\nprint(x)\nprint('```')\n```\n\n````output\n1\n```\n````\n"), "{}", md);
        let back = Doc::parse(&md);
        assert_eq!(back.to_markdown(), md);
        assert_eq!(back.header().get("url"), Some("sqlite://"));
        let runs = back.runs();
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].0, RunKind::Script("a.py".into()));
        assert_eq!(runs[0].1, vec![(3, "x = 1".to_string()), (4, "print(x)\nprint('```')".to_string())]);
        assert_eq!(runs[1].0, RunKind::Entry { line: 7 });
    }

    #[test]
    fn outputs_are_replaced_by_the_replays() {
        let d = Doc::parse(&sample().to_markdown());
        assert_eq!(d.with_outputs_of(&d).to_markdown(), d.to_markdown());
        let mut other = sample();
        if let Some(Segment::Output(o)) = other.segments.iter_mut().find(|s| matches!(s, Segment::Output(_))) {
            *o = "2\n".into();
        }
        let md = d.with_outputs_of(&other).to_markdown();
        assert!(md.contains("```output\n2\n```\n"), "{}", md);
        assert!(!md.contains("\n1\n"), "{}", md);
    }
}
