//! Rendering of events: one sink per output format (`table`, `plain`, `jsonl`),
//! all writing to one shared output and reading one shared [`Settings`] so that
//! `.mode`, `.echo` and `.timer` take effect at once.
//!
//! Called by the shell's runner (which builds the first sink and swaps it on
//! `.mode`); the core reaches the sinks only through `events::Events`.
pub mod jsonl;
pub mod plain;
pub mod table;
pub mod text;

use crate::events::{EventSink, ObjLabel};
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;
use std::time::Instant;

/// The output formats of `--format` and `.mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Colored text with boxed tables (the default on a terminal).
    Table,
    /// Plain text: no color, no boxes (the default when piped; golden tests).
    Plain,
    /// The JSON-lines trace of SPEC §5.
    Jsonl,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Plain => "plain",
            Format::Jsonl => "jsonl",
        }
    }
    pub fn from_name(name: &str) -> Option<Format> {
        [Format::Table, Format::Plain, Format::Jsonl].into_iter().find(|f| f.name() == name)
    }
}

/// Finds the name bound to an instance (`u` for `User#1`), when the shell knows one.
pub type Namer = Rc<dyn Fn(&ObjLabel) -> Option<String>>;

/// Display settings shared by every sink and changed by dot-commands.
pub struct Settings {
    pub format: Format,
    /// Show SQL and transaction control (table/plain only; jsonl always traces).
    pub echo: bool,
    /// ANSI colors in `table` format.
    pub color: bool,
    /// Show the elapsed time of each statement (`.timer on`).
    pub timer: bool,
    /// Add `(line N)` to errors: true for scripts, false at the prompt.
    pub error_lines: bool,
    /// True while a dot-command runs: its tables are not part of the jsonl trace.
    pub in_dot_command: bool,
    /// Hook for the bound names of instances (none yet: labels only).
    pub namer: Option<Namer>,
    /// When the current statement started (for `.timer`).
    pub statement_started: Option<Instant>,
}

impl Settings {
    pub fn new(format: Format, echo: bool, color: bool) -> Settings {
        Settings {
            format,
            echo,
            color,
            timer: false,
            error_lines: true,
            in_dot_command: false,
            namer: None,
            statement_started: None,
        }
    }
}

/// The settings and the output every sink shares; cheap to clone.
#[derive(Clone)]
pub struct Shared {
    pub settings: Rc<RefCell<Settings>>,
    pub out: Rc<RefCell<Box<dyn Write>>>,
    /// Output to a pipe or file is buffered and flushed per statement (a write
    /// per line cost a system call per state transition); a terminal is not.
    buffered: bool,
    /// The first write that failed: later output is not attempted, and the
    /// run stops before its next statement (see [`Shared::failure`]).
    failed: Rc<RefCell<Option<std::io::Error>>>,
    /// Raised when a write fails, so a statement still running (a long loop
    /// of `print`) stops at once as on Ctrl-C: the interpreter's interrupt flag.
    pub stop_flag: Rc<RefCell<Option<std::sync::Arc<std::sync::atomic::AtomicBool>>>>,
}

impl Shared {
    pub fn new(settings: Settings, out: Box<dyn Write>) -> Shared {
        Shared {
            settings: Rc::new(RefCell::new(settings)),
            out: Rc::new(RefCell::new(out)),
            buffered: false,
            failed: Rc::new(RefCell::new(None)),
            stop_flag: Rc::new(RefCell::new(None)),
        }
    }

    /// The write error that closed the output, if any (a closed pipe: `ormsh … | head -1`).
    pub fn failure(&self) -> Option<(std::io::ErrorKind, String)> {
        self.failed.borrow().as_ref().map(|e| (e.kind(), crate::shell::run::io_reason(e)))
    }

    fn record(&self, r: std::io::Result<()>) {
        if let Err(e) = r {
            let mut f = self.failed.borrow_mut();
            if f.is_none() {
                *f = Some(e);
                if let Some(flag) = &*self.stop_flag.borrow() {
                    flag.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
        }
    }

    /// Shared settings writing to stdout.
    pub fn stdout(settings: Settings) -> Shared {
        use std::io::IsTerminal;
        if std::io::stdout().is_terminal() {
            return Shared::new(settings, Box::new(std::io::stdout()));
        }
        let mut shared = Shared::new(settings, Box::new(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout())));
        shared.buffered = true;
        shared
    }

    /// Push buffered output out (each statement start, and before waiting for input).
    pub fn flush(&self) {
        if self.failed.borrow().is_some() {
            return;
        }
        let r = self.out.borrow_mut().flush();
        self.record(r);
    }

    /// Write text (lines end with `\n` already) and flush, so output interleaves
    /// correctly with prompts and pipes. A failed write (a closed pipe, a full
    /// disk) is recorded, never ignored: nothing more is written and the run
    /// ends before its next statement (`Shared::failure`).
    pub fn write(&self, text: &str) {
        if self.failed.borrow().is_some() {
            return;
        }
        let r = {
            let mut out = self.out.borrow_mut();
            out.write_all(text.as_bytes()).and_then(|_| if self.buffered { Ok(()) } else { out.flush() })
        };
        self.record(r);
    }

    /// Close the running statement for `.timer`: print its elapsed time (text
    /// formats only) and forget the start. Called on each `stmt` event and by the
    /// runner when a run ends.
    pub fn end_statement(&self) {
        let (started, show) = {
            let mut s = self.settings.borrow_mut();
            let started = s.statement_started.take();
            (started, s.timer && s.format != Format::Jsonl)
        };
        if let (Some(t), true) = (started, show) {
            self.write(&format!("Time: {:.3} ms\n", t.elapsed().as_secs_f64() * 1000.0));
        }
    }

    /// Mark the start of a statement (for `.timer`), closing the previous one.
    pub fn begin_statement(&self) {
        self.end_statement();
        if self.buffered {
            self.flush();
        }
        self.settings.borrow_mut().statement_started = Some(Instant::now());
    }
}

/// The sink for `format`.
pub fn sink_for(format: Format, shared: Shared) -> Box<dyn EventSink> {
    match format {
        Format::Table => Box::new(table::TableSink::new(shared)),
        Format::Plain => Box::new(plain::PlainSink::new(shared)),
        Format::Jsonl => Box::new(jsonl::JsonlSink::new(shared)),
    }
}

/// An in-memory output for tests: what was written, as text.
#[derive(Clone, Default)]
pub struct Capture(pub Rc<RefCell<Vec<u8>>>);

impl Capture {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
