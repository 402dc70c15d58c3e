//! Rendering of events: one sink per output format (`table`, `plain`, `jsonl`),
//! all writing to one shared output and reading one shared [`Settings`] so that
//! `.mode`, `.echo` and `.timer` take effect at once.
//!
//! Called by the shell's runner (which builds the first sink and swaps it on
//! `.mode`); the core reaches the sinks only through `events::Events`.
pub mod fit;
pub mod group;
pub mod jsonl;
pub mod pager;
pub mod plain;
pub mod table;
pub mod text;
pub mod wrap;

use crate::events::{EventSink, ObjLabel};
use std::cell::{Cell, RefCell};
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
    /// One `column | value` block per row (psql's expanded display).
    Line,
    /// Results as CSV (RFC 4180); narration as in plain.
    Csv,
    /// Results as a JSON array of objects; narration as in plain.
    Json,
    /// Results as a Markdown table; narration as in plain.
    Markdown,
}

impl Format {
    pub const ALL: [Format; 7] =
        [Format::Table, Format::Plain, Format::Jsonl, Format::Line, Format::Csv, Format::Json, Format::Markdown];
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Plain => "plain",
            Format::Jsonl => "jsonl",
            Format::Line => "line",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Markdown => "markdown",
        }
    }
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// How many lifecycle lines (transitions, expiry) the text formats show:
/// `.events all|summary|off` and `--events`. The jsonl trace always has every one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Volume {
    /// One line per object.
    All,
    /// One line per object for small statements; many of one kind collapse
    /// into one line (`3,291 Track  loaded → persistent`).
    Summary,
    /// None.
    Off,
}

impl Volume {
    pub fn name(self) -> &'static str {
        match self {
            Volume::All => "all",
            Volume::Summary => "summary",
            Volume::Off => "off",
        }
    }
    pub fn from_name(name: &str) -> Option<Volume> {
        [Volume::All, Volume::Summary, Volume::Off].into_iter().find(|v| v.name() == name)
    }
}

/// `.pager on|off|auto`: auto pages results taller than the terminal, only
/// when standard output is a terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PagerMode {
    On,
    Off,
    Auto,
}

impl PagerMode {
    pub fn name(self) -> &'static str {
        match self {
            PagerMode::On => "on",
            PagerMode::Off => "off",
            PagerMode::Auto => "auto",
        }
    }
    pub fn from_name(name: &str) -> Option<PagerMode> {
        [PagerMode::On, PagerMode::Off, PagerMode::Auto].into_iter().find(|v| v.name() == name)
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
    /// How many lifecycle lines to show (`.events`).
    pub events: Volume,
    /// `.pager`.
    pub pager: PagerMode,
    /// Tables fit this many columns (None: never cut). Set from the terminal
    /// when standard output is one; tests set it directly.
    pub width: Option<usize>,
    /// The text being run and its name, for `file:line:col` and the caret of errors.
    pub source: Option<Source>,
}

/// The text being run: a script file (named), standard input (`<stdin>`), a
/// `-c` command or a REPL entry (unnamed).
#[derive(Clone, Debug)]
pub struct Source {
    pub name: Option<String>,
    pub text: Rc<str>,
    /// The reported line number of the text's first line.
    pub first_line: u32,
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
            events: Volume::Summary,
            pager: PagerMode::Auto,
            width: None,
            source: None,
        }
    }
}

/// The two streams: results on standard output; narration (SQL echo,
/// transaction control, lifecycle lines, timings, notices) and errors on
/// standard error. The jsonl trace is data: all of it goes to standard output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// The settings and the output every sink shares; cheap to clone.
#[derive(Clone)]
pub struct Shared {
    pub settings: Rc<RefCell<Settings>>,
    /// Results (standard output, or the file of `.output FILE`).
    pub out: Rc<RefCell<Box<dyn Write>>>,
    /// Narration and errors (standard error). May be the same writer as `out`.
    pub err: Rc<RefCell<Box<dyn Write>>>,
    /// The stream written last: switching streams flushes it first, so that
    /// `2>&1` keeps the order in which things happened.
    last: Rc<Cell<Stream>>,
    /// Output to a pipe or file is buffered and flushed per statement (a write
    /// per line cost a system call per state transition); a terminal is not.
    buffered: bool,
    /// The first write of results that failed: later output is not
    /// attempted, and the run stops before its next statement (see
    /// [`Shared::failure`]).
    failed: Rc<RefCell<Option<std::io::Error>>>,
    /// Raised when a write fails, so a statement still running (a long loop
    /// of `print`) stops at once as on Ctrl-C: the interpreter's interrupt flag.
    pub stop_flag: Rc<RefCell<Option<std::sync::Arc<std::sync::atomic::AtomicBool>>>>,
    /// Standard output is a terminal (tables fit it; the pager may run).
    pub out_is_terminal: Rc<Cell<bool>>,
    /// The `.output FILE` in use, if any.
    pub output_file: Rc<RefCell<Option<String>>>,
    /// Standard output, kept while `.output FILE` replaces it.
    saved_out: Rc<RefCell<Option<Box<dyn Write>>>>,
}

impl Shared {
    /// Shared settings writing both streams to `out` (tests, captures).
    pub fn new(settings: Settings, out: Box<dyn Write>) -> Shared {
        let out = Rc::new(RefCell::new(out));
        Shared {
            settings: Rc::new(RefCell::new(settings)),
            err: out.clone(),
            out,
            last: Rc::new(Cell::new(Stream::Out)),
            buffered: false,
            out_is_terminal: Rc::new(Cell::new(false)),
            output_file: Rc::new(RefCell::new(None)),
            saved_out: Rc::new(RefCell::new(None)),
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

    /// Shared settings writing results to stdout and narration to stderr.
    pub fn stdout(settings: Settings) -> Shared {
        use std::io::IsTerminal;
        let terminal = std::io::stdout().is_terminal();
        let out: Box<dyn Write> = if terminal {
            Box::new(std::io::stdout())
        } else {
            Box::new(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()))
        };
        let mut shared = Shared::new(settings, out);
        shared.err = Rc::new(RefCell::new(if std::io::stderr().is_terminal() {
            Box::new(std::io::stderr()) as Box<dyn Write>
        } else {
            Box::new(std::io::BufWriter::with_capacity(1 << 16, std::io::stderr()))
        }));
        shared.buffered = !terminal || !std::io::stderr().is_terminal();
        shared.out_is_terminal.set(terminal);
        shared
    }

    /// Push buffered output out (each entry's end, and before waiting for input).
    pub fn flush(&self) {
        // standard error: nowhere left to report its failure
        if !Rc::ptr_eq(&self.out, &self.err) {
            if let Ok(mut w) = self.err.try_borrow_mut() {
                let _ = w.flush();
            }
        }
        if self.failed.borrow().is_some() {
            return;
        }
        let r = match self.out.try_borrow_mut() {
            Ok(mut w) => w.flush(),
            Err(_) => Ok(()),
        };
        self.record(r);
    }

    /// Write results (lines end with `\n` already); see [`Shared::write_to`].
    pub fn write(&self, text: &str) {
        self.write_to(Stream::Out, text)
    }

    /// Write text to one stream, flushing the other first when the stream
    /// changes; unbuffered outputs are flushed at once. A failed write of
    /// results (a closed pipe, a full disk) is recorded, never ignored: nothing
    /// more is written and the run ends before its next statement
    /// (`Shared::failure`). Standard error's failures have nowhere to go.
    pub fn write_to(&self, stream: Stream, text: &str) {
        if self.failed.borrow().is_some() {
            return;
        }
        let (this, other) = match stream {
            Stream::Out => (&self.out, &self.err),
            Stream::Err => (&self.err, &self.out),
        };
        if self.last.get() != stream {
            if !Rc::ptr_eq(this, other) {
                if let Ok(mut o) = other.try_borrow_mut() {
                    let _ = o.flush();
                }
            }
            self.last.set(stream);
        }
        let r = match this.try_borrow_mut() {
            Ok(mut out) => out.write_all(text.as_bytes()).and_then(|_| if self.buffered { Ok(()) } else { out.flush() }),
            Err(_) => Ok(()),
        };
        if stream == Stream::Out || Rc::ptr_eq(this, other) {
            self.record(r);
        }
    }

    /// The stream narration and errors go to in the current format.
    pub fn narration(&self) -> Stream {
        if self.settings.borrow().format == Format::Jsonl { Stream::Out } else { Stream::Err }
    }

    /// `.output FILE`: results go to `file` (None: back to standard output).
    pub fn redirect(&self, file: Option<(String, Box<dyn Write>)>) {
        self.flush();
        let mut out = self.out.borrow_mut();
        match file {
            Some((name, w)) => {
                let old = std::mem::replace(&mut *out, w);
                let mut saved = self.saved_out.borrow_mut();
                if saved.is_none() {
                    *saved = Some(old);
                }
                *self.output_file.borrow_mut() = Some(name);
            }
            None => {
                if let Some(old) = self.saved_out.borrow_mut().take() {
                    *out = old;
                }
                *self.output_file.borrow_mut() = None;
            }
        }
    }

    /// Results go to a terminal: fit tables to it, maybe page.
    pub fn results_on_terminal(&self) -> bool {
        self.out_is_terminal.get() && self.output_file.borrow().is_none()
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
            self.write_to(Stream::Err, &format!("Time: {:.3} ms\n", t.elapsed().as_secs_f64() * 1000.0));
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
        Format::Line => Box::new(table::TableSink::with_style(shared, text::TableStyle::Line)),
        Format::Csv => Box::new(plain::PlainSink::with_style(shared, text::TableStyle::Csv)),
        Format::Json => Box::new(plain::PlainSink::with_style(shared, text::TableStyle::Json)),
        Format::Markdown => Box::new(plain::PlainSink::with_style(shared, text::TableStyle::Markdown)),
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
