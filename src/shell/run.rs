//! The runner: builds the interpreter with its sink and dot-command hook, runs
//! `-f` files (in order), then `-c` commands, then the REPL or standard input,
//! and turns what happened into the exit status of SPEC §1 (0 all good, 1 a
//! statement raised, 2 bad command line, URL or schema). A `SystemExit`
//! (`exit()`, `sys.exit(n)`) ends the run there, as it ends a Python script.
//!
//! [`Shell`] is the piece the REPL and the tests drive; [`main`] is the whole
//! program after clap.

use super::cli::{mask_url, Cli, Environment};
use super::dot::{self, Ctx, Flow, ShellCtx};
use crate::guard;
use super::render::{self, Settings, Shared};
use super::transcript::doc::RunKind;
use crate::events::{Event, Events};
use crate::interp::{sa, Interp, RunOutcome};
use std::io::Read;

/// Exit statuses.
pub const EXIT_OK: i32 = 0;
pub const EXIT_STATEMENT_ERROR: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// An interpreter wired to the shell: sink, settings, dot-commands, counters.
pub struct Shell {
    pub interp: Interp,
    pub ctx: Ctx,
    /// Statements that raised, over the whole run.
    errors: usize,
    /// The next line number for REPL entries (entries are numbered as one script).
    next_line: u32,
    /// `--transcript`: what the transcript's mirror sink recorded.
    pub transcript: Option<super::transcript::SharedBook>,
}

impl Shell {
    /// A shell writing to `shared`'s output in `shared`'s format.
    pub fn new(shared: Shared, bail: bool) -> Shell {
        let format = shared.settings.borrow().format;
        let mut interp = Interp::new(Events::new(render::sink_for(format, shared.clone())));
        interp.bail = bail;
        *shared.stop_flag.borrow_mut() = Some(interp.interrupt_flag());
        let ctx = ShellCtx::new(shared);
        interp.events.set_tap(Box::new(crate::insight::RecorderTap(ctx.insight.clone())));
        interp.dot_hook = Some(dot::make_hook(ctx.clone()));
        // transitions show the names bound to an instance: `User#1 (u)`
        let names = interp.sa.names.clone();
        let labels = interp.sa.named_labels.clone();
        ctx.shared.settings.borrow_mut().namer = Some(std::rc::Rc::new(move |label: &crate::events::ObjLabel| {
            // an event of an object freed since, whose arena slot another object took
            if labels.borrow().get(&label.id).is_some_and(|&n| n != label.n) {
                return None;
            }
            names.borrow().get(&label.id).filter(|v| !v.is_empty()).map(|v| v.join(", "))
        }));
        Shell { interp, ctx, errors: 0, next_line: 1, transcript: None }
    }

    /// Record a transcript from now on (`--transcript`, `ormsh check`): a
    /// mirror sink renders every event as plain text, and durations stay off
    /// so that the transcript is the same on every run.
    pub fn record_transcript(&mut self) -> super::transcript::SharedBook {
        let book = super::transcript::SharedBook::default();
        let main = self.ctx.shared.settings.clone();
        self.interp.events.set_mirror(Box::new(super::transcript::Recorder::new(main, book.clone())));
        self.ctx.insight.borrow_mut().times = false;
        self.ctx.transcript.set(true);
        self.transcript = Some(book.clone());
        book
    }

    /// Number the next prompt entry from `line` (a replayed transcript).
    pub fn set_next_line(&mut self, line: u32) {
        self.next_line = line;
    }

    /// Load schema and engine and bind the start-up names.
    pub fn setup(&mut self, opts: &sa::SetupOptions) -> Result<(), sa::StartupError> {
        sa::setup(&mut self.interp, opts)
    }

    /// Run a whole script (a file, stdin, or `.read`), lines numbered from 1.
    pub fn run_script(&mut self, src: &str) -> Flow {
        self.run_named_script(None, src)
    }

    /// Run a script whose errors name `name` (`demo.py:4:5: NameError: …`).
    pub fn run_named_script(&mut self, name: Option<&str>, src: &str) -> Flow {
        // a UTF-8 byte order mark starts many files written on Windows: Python skips it
        let src = src.strip_prefix('\u{feff}').unwrap_or(src);
        let kind = RunKind::Script(name.unwrap_or("<script>").to_string());
        self.set_source(kind, name, src, 1);
        self.ctx.shared.settings.borrow_mut().error_lines = true;
        let outcome = self.run_source_guarded(src, 1);
        self.finish(outcome)
    }

    fn set_source(&mut self, kind: RunKind, name: Option<&str>, src: &str, first_line: u32) {
        // one copy of the text for all (a script can be hundreds of megabytes)
        let text: std::rc::Rc<str> = src.into();
        if let Some(book) = &self.transcript {
            book.borrow_mut().begin_run(kind, text.clone(), first_line);
        }
        self.ctx.insight.borrow_mut().add_source(first_line, text.clone());
        self.ctx.shared.settings.borrow_mut().source = Some(render::Source { name: name.map(str::to_string), text, first_line });
    }

    /// Run one `-c` argument: a dot-command, or Python statements.
    pub fn run_command(&mut self, src: &str) -> Flow {
        self.set_source(RunKind::Command, None, src, 1);
        self.ctx.shared.settings.borrow_mut().error_lines = false;
        if is_dot_command(src) {
            return self.run_dot(src, 1);
        }
        let outcome = self.run_source_guarded(src, 1);
        self.finish(outcome)
    }

    /// Run one REPL entry; entries are numbered on as if they were one script.
    pub fn run_entry(&mut self, src: &str) -> Flow {
        self.ctx.shared.settings.borrow_mut().error_lines = false;
        let first_line = self.next_line;
        self.next_line = self.next_line.saturating_add(src.lines().count().max(1) as u32);
        self.set_source(RunKind::Entry { line: first_line }, None, src, first_line);
        if is_dot_command(src) {
            return self.run_dot(src, first_line);
        }
        // `exit`, `quit()` …: leave as `.quit` does (asking first with a transaction open), as IPython does
        if exit_request(src).is_some_and(|name| self.interp.get_global(name).is_none()) {
            return self.run_dot(".quit", first_line);
        }
        let rewritten = help_request(src);
        let outcome = self.run_source_guarded(rewritten.as_deref().unwrap_or(src), first_line);
        self.finish(outcome)
    }

    /// A dot line outside a script: a statement of its own (the trace gets a
    /// `stmt` event, as the reference runner gives one to a dot line).
    fn run_dot(&mut self, line: &str, line_no: u32) -> Flow {
        self.interp.events.emit(Event::Stmt { line: line_no });
        let ctx = self.ctx.clone();
        let interp = &mut self.interp;
        let result = match guard::guarded(|| dot::dispatch(interp, &ctx, line)) {
            Ok(r) => r,
            Err(p) => {
                self.report_panic(&p, line, line_no);
                return self.finish(RunOutcome { statements: 1, errors: 1, stopped: false });
            }
        };
        let mut outcome = RunOutcome { statements: 1, errors: 0, stopped: false };
        match result {
            Ok(flow) => outcome.stopped = flow == Flow::Stop,
            Err(e) => {
                outcome.errors = 1;
                self.interp.events.emit(Event::Error {
                    kind: e.kind.name().to_string(),
                    message: e.full_message(),
                    line: Some(line_no),
                    col: None,
                    hint: None,
                });
            }
        }
        self.finish(outcome)
    }

    /// `Interp::run_source` under the safety net: a panic (a bug in ormsh)
    /// ends the entry with a bug report, counted as a statement that raised,
    /// and the session goes on.
    fn run_source_guarded(&mut self, src: &str, first_line: u32) -> RunOutcome {
        let interp = &mut self.interp;
        match guard::guarded(|| interp.run_source(src, first_line)) {
            Ok(outcome) => outcome,
            Err(p) => {
                self.report_panic(&p, src, first_line);
                RunOutcome { statements: 1, errors: 1, stopped: false }
            }
        }
    }

    /// The bug report of a caught panic: a `SystemError` event (what Python
    /// raises for its own internal errors), the backtrace on standard error
    /// when `RUST_BACKTRACE` asked for one.
    fn report_panic(&mut self, p: &guard::Panic, entry: &str, line: u32) {
        if let Some(bt) = &p.backtrace {
            eprintln!("ormsh: backtrace of the internal error:\n{}", bt);
        }
        self.interp.events.emit(Event::Error { kind: "SystemError".into(), message: guard::report(p, entry), line: Some(line), col: None, hint: None });
    }

    fn finish(&mut self, outcome: RunOutcome) -> Flow {
        self.interp.events.flush();
        self.ctx.shared.end_statement();
        self.ctx.shared.flush();
        self.errors += outcome.errors;
        let stop = self.ctx.quit.get() || outcome.stopped || self.exit_requested() || (self.interp.bail && self.total_errors() > 0);
        if stop { Flow::Stop } else { Flow::Continue }
    }

    /// True once a statement raised `SystemExit` (`exit()`, `sys.exit(n)` …):
    /// the run ends there, as Python's does.
    pub fn exit_requested(&self) -> bool {
        self.interp.exit.is_some()
    }

    /// Errors so far, including those in scripts run by `.read`.
    pub fn total_errors(&self) -> usize {
        self.errors + self.ctx.nested_errors.get()
    }

    /// True once `.quit` was run.
    pub fn quit_requested(&self) -> bool {
        self.ctx.quit.get()
    }

    /// The status of SPEC §1; a `SystemExit` with a non-zero code gives that
    /// code (`sys.exit(3)` is 3, `sys.exit("why")` is 1), one with code 0 or
    /// None leaves the status the statements before it made.
    pub fn exit_status(&self) -> i32 {
        if let Some(status) = self.interp.exit.as_ref().map(|e| e.exit_status().0).filter(|s| *s != 0) {
            return status;
        }
        let totals = &self.ctx.insight.borrow().totals;
        let nplusone = totals.nplusone_errors + totals.expect_failures;
        if self.total_errors() > 0 || nplusone > 0 { EXIT_STATEMENT_ERROR } else { EXIT_OK }
    }
}

/// A line that is a shell command rather than Python.
pub fn is_dot_command(src: &str) -> bool {
    src.trim_start().starts_with('.')
}

/// An I/O error's reason without Rust's "(os error 2)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// A script named on the command line, read before anything starts.
enum Script {
    File { name: String, text: String },
    Stdin,
}

/// The program after argument parsing: returns the exit status.
pub fn main(cli: Cli) -> i32 {
    guard::install_hook();
    let env = Environment::detect();
    let format = cli.format(&env);
    let scripts = match prepare(&cli) {
        Ok(scripts) => scripts,
        Err(e) => {
            eprintln!("ormsh: {e:#}");
            return EXIT_USAGE;
        }
    };
    let mut settings = Settings::new(format, cli.echo(), cli.color(&env));
    settings.events = cli.events;
    let shared = Shared::stdout(settings);
    let mut shell = Shell::new(shared, cli.bail);
    {
        let mut rec = shell.ctx.insight.borrow_mut();
        rec.nplusone = cli.nplusone;
        // the ledger is for people at the prompt; scripts ask for it
        let at_prompt = env.stdin_is_terminal && (cli.interactive || cli.no_scripts());
        rec.ledger = cli.ledger.as_deref().map_or(at_prompt, |v| v == "on");
    }
    // the transcript's header names the settings the run started with
    let ledger = shell.ctx.insight.borrow().ledger;
    if !cli.transcripts.is_empty() {
        shell.record_transcript();
    }
    let opts = sa::SetupOptions { url: cli.url.clone(), schema: cli.schema.clone(), create: !cli.no_create, reflect: cli.reflect, sandbox: cli.sandbox };
    if let Err(e) = shell.setup(&opts) {
        eprintln!("ormsh: {}", super::escape::escape_controls(&e.to_string()));
        return EXIT_USAGE;
    }
    let mut flow = Flow::Continue;
    for script in &scripts {
        flow = match script {
            Script::File { name, text } => shell.run_named_script(Some(name), text),
            Script::Stdin => shell.run_named_script(Some("<stdin>"), &read_stdin()),
        };
        if flow == Flow::Stop {
            break;
        }
    }
    if flow == Flow::Continue {
        for command in &cli.commands {
            flow = shell.run_command(command);
            if flow == Flow::Stop {
                break;
            }
        }
    }
    let stopped = flow == Flow::Stop;
    let wants_prompt = cli.interactive || cli.no_scripts();
    if !stopped && wants_prompt {
        if env.stdin_is_terminal {
            super::repl::run(&mut shell, &mask_url(&cli.url));
        } else if !cli.files.iter().any(|f| f == "-") {
            // Standard input that is not a terminal is a script: no prompt, no line editor.
            let text = read_stdin();
            shell.run_named_script(Some("<stdin>"), &text);
        }
    }
    if sa::setup::leave_sandbox(&mut shell.interp) {
        shell.interp.events.flush();
    }
    shell.ctx.shared.flush();
    // `sys.exit("why")`: Python prints a code that is not an int on standard error
    if let Some(text) = shell.interp.exit.as_ref().and_then(|e| e.exit_status().1) {
        eprintln!("{}", super::escape::escape_controls(text));
    }
    if let Some(book) = &shell.transcript {
        let header = super::transcript::check::header_of(&cli, ledger);
        if let Err(e) = super::transcript::write(&book.borrow(), header, &cli.transcripts) {
            eprintln!("ormsh: {e:#}");
            return EXIT_STATEMENT_ERROR;
        }
    }
    output_status(shell.exit_status(), shell.ctx.shared.failure())
}

/// What the run needs before the database is touched: every named script,
/// read whole (an unreadable file is a bad command line), and the password
/// when `--password` asks for it. Errors carry what was being done as context
/// (`cannot read x.py: No such file or directory`).
fn prepare(cli: &Cli) -> anyhow::Result<Vec<Script>> {
    use anyhow::Context;
    let reason = |e: std::io::Error| anyhow::anyhow!(io_reason(&e));
    let mut scripts = Vec::new();
    for f in &cli.files {
        if f == "-" {
            scripts.push(Script::Stdin);
            continue;
        }
        let text = std::fs::read_to_string(f).map_err(reason).with_context(|| format!("cannot read {f}"))?;
        scripts.push(Script::File { name: f.clone(), text });
    }
    if cli.password {
        let password = super::askpass::ask("Password: ").map_err(reason).context("cannot read the password")?;
        crate::engine::passwords::set_prompted(password);
    }
    Ok(scripts)
}

/// The exit status once the output failed: a closed pipe (`ormsh … | head -1`)
/// ends the run quietly with its status so far (a statement it cut short
/// counts as failed); any other write error is reported and is an error.
fn output_status(status: i32, failure: Option<(std::io::ErrorKind, String)>) -> i32 {
    match failure {
        None => status,
        Some((std::io::ErrorKind::BrokenPipe, _)) => status,
        Some((_, reason)) => {
            eprintln!("ormsh: cannot write the output: {}", reason);
            EXIT_STATEMENT_ERROR
        }
    }
}

fn read_stdin() -> String {
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("ormsh: cannot read standard input: {}", io_reason(&e));
    }
    text
}

/// IPython's `x?` / `?x` (and `x??`) at the prompt: `help(x)`. Only a single
/// line whose text around the question marks is a complete expression, so a
/// `?` inside a string or a real syntax error are left alone.
pub fn help_request(entry: &str) -> Option<String> {
    let line = entry.trim();
    if line.contains('\n') || line.starts_with('#') {
        return None;
    }
    let inner = line.trim_start_matches('?').trim_end_matches('?').trim();
    if inner.is_empty() || inner.len() == line.len() || inner.contains('?') {
        return None;
    }
    let expr = format!("help({inner})");
    (crate::syntax::check_complete(&expr) == crate::syntax::Completeness::Complete).then_some(expr)
}

/// `exit`, `exit()`, `quit`, `quit()` typed as a whole entry: the name, for
/// IPython's way of leaving (Python's own REPL only prints how to leave when
/// the bare name is typed). A script never gets here: its `exit()` is a call.
pub fn exit_request(entry: &str) -> Option<&'static str> {
    let line = entry.trim();
    let name = line.strip_suffix("()").unwrap_or(line).trim_end();
    ["exit", "quit"].into_iter().find(|n| *n == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use render::{Capture, Format};

    fn shell(format: Format, bail: bool) -> (Shell, Capture) {
        let cap = Capture::default();
        let shared = Shared::new(Settings::new(format, true, false), Box::new(cap.clone()));
        (Shell::new(shared, bail), cap)
    }

    #[test]
    fn dot_entries_are_statements_with_line_numbers() {
        let (mut sh, cap) = shell(Format::Jsonl, false);
        assert_eq!(sh.run_entry(".echo off"), Flow::Continue);
        assert_eq!(sh.run_entry(".bogus"), Flow::Continue);
        assert_eq!(
            cap.text(),
            "{\"ev\":\"stmt\",\"line\":1}\n{\"ev\":\"stmt\",\"line\":2}\n\
             {\"ev\":\"error\",\"type\":\"NameError\",\"message\":\"unknown command .bogus; .help lists the commands\"}\n"
        );
        assert_eq!(sh.exit_status(), EXIT_STATEMENT_ERROR);
    }

    #[test]
    fn multi_line_entries_advance_the_line_counter() {
        let (mut sh, cap) = shell(Format::Jsonl, false);
        sh.run_entry("x = [\n1,\n2]");
        sh.run_entry(".tables");
        assert!(cap.text().ends_with("{\"ev\":\"stmt\",\"line\":4}\n"), "{}", cap.text());
    }

    #[test]
    fn bail_stops_after_an_error_and_quit_stops_cleanly() {
        let (mut sh, _) = shell(Format::Plain, true);
        assert_eq!(sh.run_command(".nope"), Flow::Stop);
        let (mut sh, _) = shell(Format::Plain, false);
        assert_eq!(sh.run_command(".nope"), Flow::Continue);
        assert_eq!(sh.run_command(".quit"), Flow::Stop);
        assert!(sh.quit_requested());
        assert_eq!(sh.exit_status(), EXIT_STATEMENT_ERROR);
    }

    #[test]
    fn errors_outside_scripts_have_no_line_context() {
        let (mut sh, cap) = shell(Format::Plain, false);
        sh.run_command(".mode xml");
        assert_eq!(cap.text(), "ValueError: usage: .mode table|plain|line|csv|json|markdown|jsonl\n");
        assert_eq!(sh.exit_status(), EXIT_STATEMENT_ERROR);
        let (mut sh, _) = shell(Format::Plain, false);
        sh.run_command(".help");
        assert_eq!(sh.exit_status(), EXIT_OK);
    }

    #[test]
    fn timer_prints_after_each_statement_in_text_formats() {
        let (mut sh, cap) = shell(Format::Plain, false);
        sh.run_entry(".timer on");
        sh.run_entry(".echo on");
        assert!(cap.text().starts_with("Time: ") && cap.text().ends_with(" ms\n"), "{}", cap.text());
    }

    /// A native whose repr panics: stands for a bug anywhere below the shell.
    struct Bug;
    impl crate::interp::value::Native for Bug {
        fn type_name(&self) -> String {
            "Bug".into()
        }
        fn repr(&self, _cx: &mut Interp) -> crate::exc::Result<String> {
            let v: Vec<u8> = Vec::new();
            Ok(v[v.len()].to_string())
        }
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    }

    #[test]
    fn a_panic_ends_the_statement_not_the_session() {
        guard::install_hook();
        let (mut sh, cap) = shell(Format::Plain, false);
        sh.interp.set_global("bug", crate::interp::value::Value::native(Bug));
        assert_eq!(sh.run_script("x = 1\nbug\nprint(x + 1)\n"), Flow::Continue);
        let text = cap.text();
        assert!(text.starts_with("line 2: SystemError: internal error in ormsh "), "{}", text);
        assert!(text.contains("index out of bounds"), "{}", text);
        assert!(text.contains("while running `bug`"), "{}", text);
        assert!(text.ends_with("the session goes on (backtrace on standard error)\n2\n"), "{}", text);
        assert_eq!(sh.exit_status(), EXIT_STATEMENT_ERROR);
        // a panic in a dot-command (outside any statement) is caught by the entry's net
        sh.interp.dot_hook = Some(Box::new(|_, _| panic!("dot bug")));
        assert_eq!(sh.run_script(".anything\n"), Flow::Continue);
        assert!(cap.text().contains("dot bug"), "{}", cap.text());
        assert_eq!(sh.run_entry("print(40 + 2)"), Flow::Continue);
        assert!(cap.text().ends_with("42\n"), "{}", cap.text());
    }

    #[test]
    fn io_reasons_read_like_python() {
        let e = std::io::Error::from_raw_os_error(2);
        assert_eq!(io_reason(&e), "No such file or directory");
    }

    #[test]
    fn question_marks_ask_for_help_at_the_prompt() {
        assert_eq!(help_request("u?").as_deref(), Some("help(u)"));
        assert_eq!(help_request("?u").as_deref(), Some("help(u)"));
        assert_eq!(help_request(" session.get?? ").as_deref(), Some("help(session.get)"));
        assert_eq!(help_request("print('?')"), None, "a ? inside a string is not a help request");
        assert_eq!(help_request("u"), None);
        assert_eq!(help_request("?"), None);
        assert_eq!(help_request("a ? b"), None);
        assert_eq!(help_request("for x in y:?"), None, "not an expression: the SyntaxError stays");
        let (mut sh, cap) = shell(Format::Plain, false);
        sh.run_entry("x = 3");
        sh.run_entry("x?");
        assert_eq!(cap.text(), "a value of type int\n");
    }

    #[test]
    fn exit_and_quit_leave_as_in_ipython() {
        for entry in ["exit", "quit", " exit() ", "quit()", "exit ()"] {
            assert!(exit_request(entry).is_some(), "{entry}");
        }
        for entry in ["exit(1)", "exits", "print(exit)", "x = exit", "exit\nquit"] {
            assert_eq!(exit_request(entry), None, "{entry}");
        }
        let (mut sh, _) = shell(Format::Plain, false);
        assert_eq!(sh.run_entry("quit()"), Flow::Stop);
        let (mut sh, cap) = shell(Format::Plain, false);
        sh.run_entry("exit = 7");
        assert_eq!(sh.run_entry("exit"), Flow::Continue, "a name the user bound is only a name");
        assert_eq!(cap.text(), "7\n");
    }
}
