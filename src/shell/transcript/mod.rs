//! `--transcript FILE`: the session written down as a document that checks
//! itself. A [`Recorder`] is installed as the event stream's mirror sink: it
//! renders every event a second time as `plain` text without color or
//! durations (so the transcript is the same at a terminal, in a pipe and in
//! CI) and notes where each top-level statement's output starts. The runner
//! tells it when a run begins (a script, a `-c` command, a prompt entry) and
//! with which source; at the end [`Recorder::document`] pairs each statement's
//! source lines with its output ([`doc::Doc`]), written as Markdown or HTML
//! (`html`). `ormsh check` (`check`) replays such a document.
pub mod check;
pub mod doc;
pub mod html;

use super::render::{plain::PlainSink, Capture, Settings, Shared};
use crate::events::{Event, EventSink};
use doc::{Block, Doc, Header, RunKind};
use std::cell::RefCell;
use std::rc::Rc;

/// One run: its kind, its source and where its statements' outputs start.
struct Run {
    kind: RunKind,
    text: Rc<str>,
    first_line: u32,
    /// (statement line, byte offset of its output in the capture)
    marks: Vec<(u32, usize)>,
}

/// What the mirror sink saw, shared with the runner.
#[derive(Default)]
pub struct Book {
    runs: Vec<Run>,
    capture: Capture,
}

pub type SharedBook = Rc<RefCell<Book>>;

impl Book {
    /// A run starts (before its first statement).
    pub fn begin_run(&mut self, kind: RunKind, text: Rc<str>, first_line: u32) {
        self.runs.push(Run { kind, text, first_line, marks: Vec::new() });
    }

    fn len(&self) -> usize {
        self.capture.0.borrow().len()
    }

    fn slice(&self, from: usize, to: usize) -> String {
        String::from_utf8_lossy(&self.capture.0.borrow()[from..to]).into_owned()
    }

    /// The document: the header, what start-up showed, then each run's
    /// statements with their outputs and the comments around them as prose.
    pub fn document(&self, header: Header) -> Doc {
        let end = self.len();
        let first_mark = self.runs.iter().flat_map(|r| r.marks.first()).map(|m| m.1).next().unwrap_or(end);
        let mut doc = Doc::new(header, self.slice(0, first_mark));
        // every mark in order, to find where each output ends
        let all: Vec<usize> = self.runs.iter().flat_map(|r| r.marks.iter().map(|m| m.1)).collect();
        let mut k = 0;
        for run in &self.runs {
            let lines: Vec<&str> = run.text.lines().collect();
            let line_text = |n: u32| lines.get((n.saturating_sub(run.first_line)) as usize).copied();
            let first = run.marks.first().map_or(run.first_line, |m| m.0);
            // comments and blank lines before a statement are its prose
            let mut prose: Vec<String> = (run.first_line..first).filter_map(line_text).map(str::to_string).collect();
            let mut blocks: Vec<Block> = Vec::new();
            let mut i = 0;
            while i < run.marks.len() {
                let (line, start) = run.marks[i];
                // statements sharing a line (`a = 1; print(a)`) are one block
                let mut j = i;
                while j + 1 < run.marks.len() && run.marks[j + 1].0 == line {
                    j += 1;
                }
                let stop = all.get(k + (j - i) + 1).copied().unwrap_or(end);
                let next_line = run.marks.get(j + 1).map_or(run.first_line + lines.len() as u32, |m| m.0);
                let mut code: Vec<&str> = (line..next_line.max(line + 1)).filter_map(line_text).collect();
                let mut tail = Vec::new();
                while code.len() > 1 && code.last().is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
                    tail.push(code.pop().unwrap_or_default().to_string());
                }
                tail.reverse();
                blocks.push(Block { line, prose: std::mem::replace(&mut prose, tail), code: code.join("\n"), output: self.slice(start, stop) });
                k += j - i + 1;
                i = j + 1;
            }
            doc.push_run(run.kind.clone(), blocks);
        }
        doc
    }
}

/// The mirror sink: plain text into the book's capture, with the shell's
/// settings that change what is shown (echo, lifecycle volume, names,
/// the source for error carets) copied at each statement.
pub struct Recorder {
    main: Rc<RefCell<Settings>>,
    shared: Shared,
    sink: PlainSink,
    book: SharedBook,
}

impl Recorder {
    pub fn new(main: Rc<RefCell<Settings>>, book: SharedBook) -> Recorder {
        let capture = book.borrow().capture.clone();
        let settings = Settings::new(super::render::Format::Plain, true, false);
        let shared = Shared::new(settings, Box::new(capture));
        let mut r = Recorder { main, sink: PlainSink::new(shared.clone()), shared, book };
        r.sync();
        r
    }

    fn sync(&mut self) {
        let main = self.main.borrow();
        let mut s = self.shared.settings.borrow_mut();
        s.echo = main.echo;
        s.events = main.events;
        s.namer = main.namer.clone();
        s.source = main.source.clone();
        s.error_lines = main.error_lines;
        s.in_dot_command = main.in_dot_command;
    }
}

impl EventSink for Recorder {
    fn emit(&mut self, ev: Event) {
        match ev {
            Event::Stmt { line } => {
                self.sync();
                self.sink.emit(ev);
                let mut book = self.book.borrow_mut();
                let at = book.len();
                if let Some(run) = book.runs.last_mut() {
                    // a `.read` script's statements count in the statement that read it
                    if run.marks.last().is_none_or(|m| m.0 <= line) {
                        run.marks.push((line, at));
                    }
                }
            }
            ev => self.sink.emit(ev),
        }
    }
    fn wants_sql(&self) -> bool {
        self.main.borrow().echo
    }
    fn flush(&mut self) {
        self.sink.flush()
    }
}

/// Write the transcript to each of `files`: HTML when the name ends in
/// `.html` or `.htm`, Markdown otherwise.
pub fn write(book: &Book, header: Header, files: &[std::path::PathBuf]) -> anyhow::Result<()> {
    use anyhow::Context;
    let doc = book.document(header);
    for file in files {
        let html = file.extension().is_some_and(|e| e == "html" || e == "htm");
        let text = if html {
            let title = book.runs.iter().find_map(|r| match &r.kind {
                RunKind::Script(name) => Some(format!("ormsh transcript: {}", name)),
                _ => None,
            });
            html::page(&doc, title.as_deref().unwrap_or("ormsh transcript"))
        } else {
            doc.to_markdown()
        };
        std::fs::write(file, text)
            .map_err(|e| anyhow::anyhow!(super::run::io_reason(&e)))
            .with_context(|| format!("cannot write the transcript {}", file.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::render::Format;
    use crate::shell::run::Shell;

    fn shell() -> (Shell, SharedBook) {
        let shared = Shared::new(Settings::new(Format::Table, true, true), Box::new(std::io::sink()));
        let mut sh = Shell::new(shared, false);
        let book = sh.record_transcript();
        (sh, book)
    }

    fn header() -> Header {
        let mut h = Header::default();
        h.set("url", "sqlite://");
        h.set("echo", "on");
        h
    }

    #[test]
    fn prompt_entries_are_recorded_in_plain_text_and_replay_the_same() {
        let (mut sh, book) = shell();
        sh.run_entry("x = [\n1,\n2]");
        sh.run_entry("# only a comment");
        sh.run_entry("x");
        sh.run_entry(".durations on");
        sh.run_entry("print(len(x)); y");
        let doc = book.borrow().document(header());
        let md = doc.to_markdown();
        assert!(md.contains("<!-- run: entry line=5 -->\n\n```python line=5\nx\n```\n\n```output\n[1, 2]\n```\n"), "{}", md);
        assert!(!md.contains("line=4"), "a comment alone is no run: {}", md);
        assert!(md.contains("ValueError: durations stay off while --transcript writes a transcript"), "{}", md);
        // the table format at the prompt, plain text in the transcript
        assert!(md.contains("```python line=7\nprint(len(x)); y\n```\n\n```output\n2\nNameError: name 'y' is not defined\n```\n"), "{}", md);
        let replayed = check::replay(&Doc::parse(&md), std::path::Path::new("."), None).map_err(|e| e.to_string());
        let replayed = replayed.unwrap_or_else(|e| panic!("{}", e));
        assert_eq!(Doc::parse(&md).with_outputs_of(&replayed).to_markdown(), md);
    }
}
