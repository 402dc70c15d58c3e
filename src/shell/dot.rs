//! Dot-commands (`.help`, `.schema`, `.mode` …): one table, [`COMMANDS`], gives
//! each command's name, arguments, one-line help, long help and handler; it
//! feeds `.help` and the dispatcher alike. Installed as the interpreter's
//! `dot_hook` so dot lines work inside scripts too; the REPL and `-c` call
//! [`dispatch`] directly. The ORM-facing commands are thin calls into
//! `interp::sa::dot`, which emits their output as events.

use super::render::{self, Format, Shared};
use crate::events::Event;
use crate::exc::{Error, ErrorKind, Result};
use crate::interp::{sa, DotHook, Interp};
use std::cell::Cell;
use std::rc::Rc;

/// State the dot-commands share with the runner.
pub struct ShellCtx {
    pub shared: Shared,
    /// Set by `.quit`: the runner stops everything.
    pub quit: Cell<bool>,
    /// Errors in scripts run by `.read` (they count for the exit status).
    pub nested_errors: Cell<usize>,
    /// Depth of nested `.read`s, to stop a script that reads itself.
    pub read_depth: Cell<u32>,
    /// What the session did (`.ledger`, `.queries`, `.stats`, `.nplusone`).
    pub insight: Rc<std::cell::RefCell<crate::insight::Recorder>>,
    /// A transcript is being written (`--transcript`): durations stay off.
    pub transcript: Cell<bool>,
}

pub type Ctx = Rc<ShellCtx>;

impl ShellCtx {
    pub fn new(shared: Shared) -> Ctx {
        Rc::new(ShellCtx {
            shared,
            quit: Cell::new(false),
            nested_errors: Cell::new(0),
            read_depth: Cell::new(0),
            insight: crate::insight::Recorder::shared(),
            transcript: Cell::new(false),
        })
    }
}

/// Whether the run goes on after a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

type Handler = fn(&mut Interp, &Ctx, &str) -> Result<Flow>;

/// One dot-command.
pub struct DotCommand {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// Argument synopsis (`[Class]`, `on|off`).
    pub args: &'static str,
    pub summary: &'static str,
    pub details: &'static str,
    handler: Handler,
    /// The argument is required.
    needs_arg: bool,
}

/// Every dot-command, in the order `.help` lists them.
pub static COMMANDS: &[DotCommand] = &[
    DotCommand {
        name: "help",
        aliases: &[],
        args: "[COMMAND]",
        summary: "list the dot-commands, or explain one",
        details: "Without an argument, lists every dot-command with a one-line summary.\n\
                  With one (.help schema or .help .schema), shows that command's details.",
        handler: help,
        needs_arg: false,
    },
    DotCommand {
        name: "quit",
        aliases: &["exit"],
        args: "",
        summary: "leave ormsh (.exit too)",
        details: "Leaves the shell; in a script, stops the run. At the prompt, asks first\n\
                  when a transaction is open (leaving rolls it back).",
        handler: quit,
        needs_arg: false,
    },
    DotCommand {
        name: "schema",
        aliases: &[],
        args: "[Class]",
        summary: "show the mapped classes, or one class",
        details: "Shows each mapped class: its table, columns (type, primary key, nullable,\n\
                  defaults, foreign keys) and relationships (direction, cascade, lazy).",
        handler: schema,
        needs_arg: false,
    },
    DotCommand {
        name: "tables",
        aliases: &[],
        args: "",
        summary: "list the tables",
        details: "Lists the tables of the metadata and the classes mapped to them.",
        handler: tables,
        needs_arg: false,
    },
    DotCommand {
        name: "states",
        aliases: &[],
        args: "",
        summary: "every instance the session knows, with its state",
        details: "Every instance the session knows and those bound to names: label,\n\
                  state, identity, modified and expired attributes.",
        handler: states,
        needs_arg: false,
    },
    DotCommand {
        name: "identity",
        aliases: &[],
        args: "",
        summary: "show the session's identity map",
        details: "The identity map: identity key → instance, as session.identity_map holds it.",
        handler: identity,
        needs_arg: false,
    },
    DotCommand {
        name: "explain",
        aliases: &[],
        args: "[NAME]",
        summary: "why an instance is in its state, and what comes next (no NAME: .why)",
        details: "An instance's state, why it is in it, its pending changes, and what the\n\
                  next flush, commit or rollback would do to it. NAME is a variable.\n\
                  Without NAME: the last error explained, as .why.",
        handler: explain,
        needs_arg: false,
    },
    DotCommand {
        name: "history",
        aliases: &[],
        args: "NAME",
        summary: "attribute history of an instance",
        details: "For each attribute of the instance bound to NAME: added, unchanged and\n\
                  deleted values, as inspect(obj).attrs.<name>.history gives them.",
        handler: history,
        needs_arg: true,
    },
    DotCommand {
        name: "echo",
        aliases: &[],
        args: "on|off",
        summary: "show emitted SQL or not",
        details: "Turns the echo of SQL and transaction control on or off in the table and\n\
                  plain formats. The jsonl trace always has them. Without an argument, shows the setting.",
        handler: echo,
        needs_arg: false,
    },
    DotCommand {
        name: "mode",
        aliases: &[],
        args: "table|plain|line|csv|json|markdown|jsonl",
        summary: "switch the output format",
        details: "table: colored text and boxed tables; plain: text without color or boxes;\n\
                  line: one block per row (column | value); csv, json, markdown: results in\n\
                  that form, narration as in plain; jsonl: the JSON-lines trace.\n\
                  On a terminal, tables fit its width (long cells cut with …) and turn\n\
                  vertical when a row cannot fit. Without an argument, shows the current format.",
        handler: mode,
        needs_arg: false,
    },
    DotCommand {
        name: "events",
        aliases: &[],
        args: "all|summary|off",
        summary: "how many lifecycle lines to show",
        details: "all: a line per transition and expiry; summary (the default): many of one\n\
                  kind in one statement collapse into one line (3,291 Track  loaded → persistent);\n\
                  off: none. .states lists every instance; the jsonl trace keeps every event.\n\
                  Without an argument, shows the setting.",
        handler: events,
        needs_arg: false,
    },
    DotCommand {
        name: "pager",
        aliases: &[],
        args: "on|off|auto",
        summary: "page results taller than the screen",
        details: "auto (the default): results taller than the terminal go through $PAGER (less -SRXF\n\
                  when $PAGER is unset), only when output and input are a terminal; on: always when\n\
                  output is a terminal; off: never. Without an argument, shows the setting.",
        handler: pager,
        needs_arg: false,
    },
    DotCommand {
        name: "output",
        aliases: &[],
        args: "[FILE]",
        summary: "send results to FILE (no FILE: back to the screen)",
        details: "Results (values, tables, print output, dot-command listings) go to FILE, in the\n\
                  current mode, not cut to any width; SQL echo, lifecycle lines and errors stay on\n\
                  the screen (standard error). .output alone goes back to standard output.",
        handler: output,
        needs_arg: false,
    },
    DotCommand {
        name: "timer",
        aliases: &[],
        args: "on|off",
        summary: "show the time each statement takes",
        details: "With the timer on, a 'Time: … ms' line follows each statement (table and plain formats).",
        handler: timer,
        needs_arg: false,
    },
    DotCommand {
        name: "show",
        aliases: &[],
        args: "",
        summary: "the current settings",
        details: "Every setting in one list (as sqlite3's .show): the database URL (password\n\
                  masked) and schema file, the session's autoflush and expire_on_commit, and\n\
                  the shell's mode, echo, events, timer, pager, output, ledger, nplusone and eqp.",
        handler: show,
        needs_arg: false,
    },
    DotCommand {
        name: "ledger",
        aliases: &[],
        args: "on|off",
        summary: "one line of SQL counts by cause after each entry",
        details: "After each entry that ran SQL, one line on stderr such as\n\
                  4 SQL: 1 autoflush, 3 lazy (User.addresses ×3, similar) · 2.1 ms\n\
                  Causes: query (the statement itself), autoflush, flush, commit, lazy,\n\
                  selectin, refresh, expired, deferred. On by default at an interactive\n\
                  terminal; never in the jsonl trace.",
        handler: super::insight::ledger,
        needs_arg: false,
    },
    DotCommand {
        name: "queries",
        aliases: &[],
        args: "[all]",
        summary: "the last entry's SQL (or the session's) grouped: similar, duplicate",
        details: "Groups statements with the same SQL (similar) and, among them, those with\n\
                  the same parameters too (duplicate), most repeated first, with their\n\
                  causes, input lines, statement numbers (#n) and times. Without an\n\
                  argument: the last entry that ran SQL; .queries all: the whole session.",
        handler: super::insight::queries,
        needs_arg: false,
    },
    DotCommand {
        name: "stats",
        aliases: &[],
        args: "[reset]",
        summary: "session totals: SQL by cause, flushes, loads, transactions",
        details: "Statements by cause, flushes (and autoflushes), objects loaded from rows,\n\
                  identity-map hits of get(), transactions begun/committed/rolled back,\n\
                  repeated SQL and potential N+1 reports. .stats reset starts counting again.",
        handler: super::insight::stats,
        needs_arg: false,
    },
    DotCommand {
        name: "nplusone",
        aliases: &[],
        args: "off|warn|error",
        summary: "report potential N+1 query patterns (error: exit status 1)",
        details: "Looks at each entry's SQL and its causes when the entry ends. Reports lazy\n\
                  loads of one relationship on two or more objects one statement loaded\n\
                  together (count: when the line only takes len() of the collection), and\n\
                  one statement run again with new parameters from one line (a loop),\n\
                  once per pattern, with the parent statement, the line and the\n\
                  fix. Never for objects loaded alone or created in the session.\n\
                  warn (the default) reports; error also makes the exit status 1.",
        handler: super::insight::nplusone,
        needs_arg: false,
    },
    DotCommand {
        name: "timeline",
        aliases: &[],
        args: "[NAME]",
        summary: "an object's life: each transition, expiry and load, with its line and SQL",
        details: "With a name (.timeline u): every state change, expiry, reload, refresh and\n\
                  lazy load of that object, in order, with the input line, the cause it ran\n\
                  under (flush, commit, autoflush …) and the SQL statement number (#n of\n\
                  .queries). Without: one lane per named object (state@line ─ …).\n\
                  Recorded as the events passed: nothing is loaded to show it.",
        handler: super::insight::timeline,
        needs_arg: false,
    },
    DotCommand {
        name: "durations",
        aliases: &[],
        args: "on|off",
        summary: "show durations in .ledger, .queries and .stats",
        details: "off leaves every duration out, for transcripts that must not change\n\
                  from run to run (golden files, lessons checked in CI).",
        handler: super::insight::durations,
        needs_arg: false,
    },
    DotCommand {
        name: "whatif",
        aliases: &[],
        args: "[N]",
        summary: "replay the code of the last (or Nth) N+1 report with its fix, rolled back",
        details: "Runs the lines from the parents' query to the trigger in a fresh, rolled-back Session,\n\
                  as written and with the fix, and counts the SQL of each (read-only code only).",
        handler: super::whatif::whatif,
        needs_arg: false,
    },
    DotCommand {
        name: "plan-sql",
        aliases: &[],
        args: "[analyze] STMT",
        summary: "the database's plan of a select(…) (EXPLAIN), estimated unless analyze",
        details: "EXPLAIN QUERY PLAN (SQLite), EXPLAIN [ANALYZE] (PostgreSQL), EXPLAIN / ANALYZE (MariaDB)",
        handler: super::plansql::plan_sql,
        needs_arg: true,
    },
    DotCommand {
        name: "eqp",
        aliases: &[],
        args: "on|off",
        summary: "follow each statement with the database's plan, joined to its cause",
        details: "As sqlite3's .eqp: after each SELECT, UPDATE or DELETE, the estimated plan\n\
                  (EXPLAIN QUERY PLAN, EXPLAIN (COSTS OFF), MariaDB's EXPLAIN) on stderr:\n\
                  plan · lazy load of User.addresses → SCAN addresses (no index on addresses.user_id)\n\
                  Never ANALYZE; not echoed, counted or begun as a transaction.",
        handler: super::plansql::eqp,
        needs_arg: false,
    },
    DotCommand {
        name: "plan",
        aliases: &[],
        args: "",
        summary: "what the next flush will do, in order, and why",
        details: "Each INSERT, UPDATE, DELETE and association row the next flush of the\n\
                  session would send, in the unit of work's order, with why (new; parent\n\
                  of a1; changed: name; cascade delete-orphan …) and markers for\n\
                  self-referential ordering and cycles between classes. Runs nothing and\n\
                  loads nothing: what the flush must load first is listed with '?'.",
        handler: super::plan::plan,
        needs_arg: false,
    },
    DotCommand {
        name: "why",
        aliases: &[],
        args: "",
        summary: "the last error in plain words: what happened, which line set it up, what to do",
        details: "For the last error of the session (DetachedInstanceError, PendingRollbackError,\n\
                  ObjectDeletedError, StaleDataError, IntegrityError in a flush or autoflush,\n\
                  InvalidRequestError …): what happened in this session, the earlier input\n\
                  lines that set it up (from the recorded statements and object timelines),\n\
                  what to do, and SQLAlchemy's page. .explain without a name does the same.",
        handler: super::why::why,
        needs_arg: false,
    },
    DotCommand {
        name: "expect",
        aliases: &[],
        args: "sql OP N | lazy Class.rel OP N | no-nplusone | reset",
        summary: "a query budget: counts since the last .expect reset; broken: exit status 1",
        details: "OP is <=, <, ==, !=, >= or >. sql counts every statement, lazy the lazy\n\
                  loads of one relationship, no-nplusone the potential N+1 reports, all\n\
                  since the last .expect reset (or the start). A broken budget shows those\n\
                  statements grouped as .queries does and makes the exit status 1.",
        handler: super::expect::expect,
        needs_arg: true,
    },
    DotCommand {
        name: "diagram",
        aliases: &[],
        args: "states|objects|schema [mermaid|dot|svg|html] [FILE]",
        summary: "a picture: state transitions taken, the identity map as a graph, the schema",
        details: "states: the five states with the transitions this session took (counts);\n\
                  objects: the identity map and named objects, their states and loaded\n\
                  relationships (nothing is loaded); schema: tables and foreign keys.\n\
                  mermaid (default) and dot are text for slides; svg and html are\n\
                  self-contained files laid out by ormsh (no Graphviz). FILE: write there.",
        handler: super::diagram::diagram,
        needs_arg: true,
    },
    DotCommand {
        name: "sql",
        aliases: &[],
        args: "STATEMENT",
        summary: "run raw SQL through the session",
        details: "Runs STATEMENT as session.execute(text(STATEMENT)) would, in the session's\n\
                  transaction, and shows the rows it returns.",
        handler: sql,
        needs_arg: true,
    },
    DotCommand {
        name: "open",
        aliases: &[],
        args: "URL",
        summary: "new engine and session on URL, same schema",
        details: "Disposes of the current engine and session and opens URL with the same\n\
                  schema (creating missing tables unless --no-create was given).",
        handler: open,
        needs_arg: true,
    },
    DotCommand {
        name: "read",
        aliases: &[],
        args: "FILE",
        summary: "run a script",
        details: "Runs FILE as if its statements were typed here; line numbers in errors are\n\
                  relative to FILE. Dot-commands inside it work too.",
        handler: super::read::read,
        needs_arg: true,
    },
    DotCommand {
        name: "reset",
        aliases: &[],
        args: "",
        summary: "new engine and session, names cleared",
        details: "Starts over: a new engine and session on the same URL, and the start-up\n\
                  names only (every variable you bound is gone).",
        handler: reset,
        needs_arg: false,
    },
];

/// Find a command by name or alias (with or without its dot).
pub fn find(name: &str) -> Option<&'static DotCommand> {
    let name = name.trim().trim_start_matches('.');
    COMMANDS.iter().find(|c| c.name == name || c.aliases.contains(&name))
}

/// Run one dot-command line (`.mode plain` or `mode plain`).
pub fn dispatch(interp: &mut Interp, ctx: &Ctx, line: &str) -> Result<Flow> {
    let line = line.trim();
    let line = line.strip_prefix('.').unwrap_or(line);
    let (name, arg) = match line.split_once(char::is_whitespace) {
        Some((n, a)) => (n, a.trim()),
        None => (line, ""),
    };
    let Some(cmd) = find(name) else { return Err(unknown_command(name)) };
    if cmd.needs_arg && arg.is_empty() {
        return Err(usage(cmd));
    }
    let was_in_dot = std::mem::replace(&mut ctx.shared.settings.borrow_mut().in_dot_command, true);
    let result = (cmd.handler)(interp, ctx, arg);
    ctx.shared.settings.borrow_mut().in_dot_command = was_in_dot;
    result
}

/// The hook the interpreter calls for dot lines met in scripts.
pub fn make_hook(ctx: Ctx) -> DotHook {
    Box::new(move |interp: &mut Interp, text: &str| dispatch(interp, &ctx, text).map(|flow| flow == Flow::Stop))
}

fn unknown_command(name: &str) -> Error {
    let hint = match suggest(name) {
        Some(s) => format!("; did you mean .{}?", s),
        None => "; .help lists the commands".to_string(),
    };
    Error::new(ErrorKind::NameError, format!("unknown command .{}{}", name, hint))
}

pub(super) fn usage(cmd: &DotCommand) -> Error {
    Error::new(ErrorKind::ValueError, format!("usage: .{} {}", cmd.name, cmd.args).trim_end().to_string())
}

/// The closest command name (edit distance at most 2, or a unique prefix).
pub fn suggest(name: &str) -> Option<&'static str> {
    let names = COMMANDS.iter().flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()));
    let best = names.clone().map(|n| (edit_distance(name, n), n)).min_by_key(|(d, _)| *d);
    match best {
        Some((d, n)) if d <= 2 && d < name.chars().count().max(1) => Some(n),
        _ if !name.is_empty() => {
            let mut prefixed = names.filter(|n| n.starts_with(name));
            match (prefixed.next(), prefixed.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        }
        _ => None,
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

pub(super) fn info(interp: &Interp, text: String) {
    interp.events.emit(Event::Info { text });
}

/// `.name ARGS`, as `.help` shows a command.
fn synopsis(c: &DotCommand) -> String {
    if c.args.is_empty() { format!(".{}", c.name) } else { format!(".{} {}", c.name, c.args) }
}

/// The text of `.help` (no argument) for a screen `width` columns wide (None: not a
/// terminal). One line per command when the widest fits; on a narrower terminal each
/// synopsis stands on its own line with its summary wrapped below it, indented, so an
/// 80-column terminal does not cut words across lines.
pub fn help_listing(width: Option<usize>) -> String {
    let column = COMMANDS.iter().map(|c| synopsis(c).chars().count()).max().unwrap_or(0);
    let widest = COMMANDS.iter().map(|c| column + 4 + c.summary.chars().count()).max().unwrap_or(0);
    let narrow = width.filter(|&w| widest > w);
    let mut out = String::from("Dot-commands (.help COMMAND for details):\n");
    for c in COMMANDS {
        let s = synopsis(c);
        match narrow {
            None => out.push_str(&format!("  {}{}  {}\n", s, " ".repeat(column - s.chars().count()), c.summary)),
            Some(w) => {
                out.push_str(&format!("  {}\n", s));
                for line in super::render::wrap::wrap_words(c.summary, w.saturating_sub(7).max(20)) {
                    out.push_str(&format!("      {}\n", line));
                }
            }
        }
    }
    out.push_str("Anything else is Python: session.add(User(name='ed')), select(User), print(...).\n");
    out
}

fn help(interp: &mut Interp, _ctx: &Ctx, arg: &str) -> Result<Flow> {
    if arg.is_empty() {
        info(interp, help_listing(super::render::pager::terminal_size().map(|(columns, _)| columns)));
        return Ok(Flow::Continue);
    }
    let Some(cmd) = find(arg) else { return Err(unknown_command(arg.trim_start_matches('.'))) };
    let aliases: String = cmd.aliases.iter().map(|a| format!(" (also .{})", a)).collect();
    info(interp, format!("{}{}\n  {}\n\n{}\n", synopsis(cmd), aliases, cmd.summary, cmd.details));
    Ok(Flow::Continue)
}

fn quit(_interp: &mut Interp, ctx: &Ctx, _arg: &str) -> Result<Flow> {
    ctx.quit.set(true);
    Ok(Flow::Stop)
}

fn schema(interp: &mut Interp, _ctx: &Ctx, arg: &str) -> Result<Flow> {
    sa::dot::schema(interp, arg).map(|_| Flow::Continue)
}
fn tables(interp: &mut Interp, _ctx: &Ctx, arg: &str) -> Result<Flow> {
    sa::dot::tables(interp, arg).map(|_| Flow::Continue)
}
fn states(interp: &mut Interp, _ctx: &Ctx, arg: &str) -> Result<Flow> {
    sa::dot::states(interp, arg).map(|_| Flow::Continue)
}
fn identity(interp: &mut Interp, _ctx: &Ctx, arg: &str) -> Result<Flow> {
    sa::dot::identity(interp, arg).map(|_| Flow::Continue)
}
fn explain(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    if arg.is_empty() {
        return super::why::why(interp, ctx, arg);
    }
    sa::dot::explain(interp, arg).map(|_| Flow::Continue)
}
fn history(interp: &mut Interp, _ctx: &Ctx, arg: &str) -> Result<Flow> {
    sa::dot::history(interp, arg).map(|_| Flow::Continue)
}
fn sql(interp: &mut Interp, _ctx: &Ctx, arg: &str) -> Result<Flow> {
    sa::dot::sql(interp, arg).map(|_| Flow::Continue)
}
fn open(interp: &mut Interp, _ctx: &Ctx, arg: &str) -> Result<Flow> {
    sa::dot::open(interp, arg).map(|_| Flow::Continue)
}
fn reset(interp: &mut Interp, _ctx: &Ctx, arg: &str) -> Result<Flow> {
    sa::dot::reset(interp, arg).map(|_| Flow::Continue)
}

/// `on`/`off`, or None for no argument; anything else is a usage error.
pub(super) fn on_off(cmd: &str, arg: &str) -> Result<Option<bool>> {
    match arg {
        "" => Ok(None),
        "on" => Ok(Some(true)),
        "off" => Ok(Some(false)),
        _ => find(cmd).map_or_else(|| Err(Error::new(ErrorKind::ValueError, "expected on or off")), |c| Err(usage(c))),
    }
}

pub(super) fn on_off_text(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}

fn echo(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    match on_off("echo", arg)? {
        Some(on) => ctx.shared.settings.borrow_mut().echo = on,
        None => {
            let on = ctx.shared.settings.borrow().echo;
            info(interp, format!("echo is {}", on_off_text(on)));
        }
    }
    Ok(Flow::Continue)
}

fn timer(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    match on_off("timer", arg)? {
        Some(on) => ctx.shared.settings.borrow_mut().timer = on,
        None => {
            let on = ctx.shared.settings.borrow().timer;
            info(interp, format!("timer is {}", on_off_text(on)));
        }
    }
    Ok(Flow::Continue)
}

fn show(interp: &mut Interp, ctx: &Ctx, _arg: &str) -> Result<Flow> {
    let mut rows: Vec<(String, String)> = sa::dot::session_settings(interp);
    {
        let st = ctx.shared.settings.borrow();
        rows.push(("mode".into(), st.format.name().into()));
        rows.push(("echo".into(), on_off_text(st.echo).into()));
        rows.push(("events".into(), st.events.name().into()));
        rows.push(("timer".into(), on_off_text(st.timer).into()));
        rows.push(("pager".into(), st.pager.name().into()));
        rows.push(("color".into(), on_off_text(st.color).into()));
        rows.push(("width".into(), st.width.map_or_else(|| "unlimited".to_string(), |w| w.to_string())));
    }
    rows.push(("output".into(), ctx.shared.output_file.borrow().clone().unwrap_or_else(|| "stdout".into())));
    {
        let insight = ctx.insight.borrow();
        rows.push(("ledger".into(), on_off_text(insight.ledger).into()));
        rows.push(("nplusone".into(), insight.nplusone.name().into()));
    }
    rows.push(("eqp".into(), on_off_text(interp.events.eqp()).into()));
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let text = rows.iter().map(|(k, v)| format!("{k:>width$}: {v}")).collect::<Vec<_>>().join("\n");
    info(interp, text);
    Ok(Flow::Continue)
}

fn mode(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    if arg.is_empty() {
        let current = ctx.shared.settings.borrow().format;
        info(interp, format!("mode is {}", current.name()));
        return Ok(Flow::Continue);
    }
    let Some(format) = Format::from_name(arg) else {
        return Err(find("mode").map_or_else(|| Error::new(ErrorKind::ValueError, "unknown mode"), usage));
    };
    interp.events.flush();
    ctx.shared.settings.borrow_mut().format = format;
    interp.events.replace(render::sink_for(format, ctx.shared.clone()));
    Ok(Flow::Continue)
}

fn events(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    if arg.is_empty() {
        let v = ctx.shared.settings.borrow().events;
        info(interp, format!("events is {}", v.name()));
        return Ok(Flow::Continue);
    }
    let Some(v) = render::Volume::from_name(arg) else {
        return Err(find("events").map_or_else(|| Error::new(ErrorKind::ValueError, "unknown volume"), usage));
    };
    interp.events.flush();
    ctx.shared.settings.borrow_mut().events = v;
    Ok(Flow::Continue)
}

fn pager(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    if arg.is_empty() {
        let v = ctx.shared.settings.borrow().pager;
        info(interp, format!("pager is {}", v.name()));
        return Ok(Flow::Continue);
    }
    let Some(v) = render::PagerMode::from_name(arg) else {
        return Err(find("pager").map_or_else(|| Error::new(ErrorKind::ValueError, "unknown pager mode"), usage));
    };
    ctx.shared.settings.borrow_mut().pager = v;
    Ok(Flow::Continue)
}

fn output(_interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    if arg.is_empty() || arg == "stdout" {
        ctx.shared.redirect(None);
        return Ok(Flow::Continue);
    }
    let file = std::fs::File::create(arg).map_err(|e| {
        Error::new(ErrorKind::RuntimeError, format!("cannot write {}: {}", arg, super::run::io_reason(&e)))
    })?;
    ctx.shared.redirect(Some((arg.to_string(), Box::new(std::io::BufWriter::new(file)))));
    Ok(Flow::Continue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Events;
    use render::{Capture, Settings};

    fn shell(format: Format) -> (Interp, Ctx, Capture) {
        let cap = Capture::default();
        let shared = Shared::new(Settings::new(format, true, false), Box::new(cap.clone()));
        let interp = Interp::new(Events::new(render::sink_for(format, shared.clone())));
        (interp, ShellCtx::new(shared), cap)
    }

    #[test]
    fn help_lists_every_command_from_the_table() {
        let (mut interp, ctx, cap) = shell(Format::Plain);
        assert_eq!(dispatch(&mut interp, &ctx, ".help"), Ok(Flow::Continue));
        let text = cap.text();
        for c in COMMANDS {
            assert!(text.contains(&format!("  .{}", c.name)), "missing .{} in\n{}", c.name, text);
            assert!(text.contains(c.summary));
        }
        for spec in ["help", "quit", "exit", "schema", "tables", "states", "identity", "explain", "history", "echo", "mode", "timer", "sql", "open", "read", "reset"] {
            assert!(find(spec).is_some(), ".{} is in the SPEC", spec);
        }
    }

    #[test]
    fn help_topic_shows_details_with_or_without_dot() {
        let (mut interp, ctx, cap) = shell(Format::Plain);
        assert!(dispatch(&mut interp, &ctx, ".help .mode").is_ok());
        assert!(dispatch(&mut interp, &ctx, "help quit").is_ok());
        let text = cap.text();
        assert!(text.starts_with(".mode table|plain|line|csv|json|markdown|jsonl\n"), "{}", text);
        assert!(text.contains("jsonl: the JSON-lines trace"));
        assert!(text.contains(".quit (also .exit)"));
        let err = dispatch(&mut interp, &ctx, ".help nope").err().map(|e| e.kind);
        assert_eq!(err, Some(ErrorKind::NameError));
    }

    #[test]
    fn unknown_commands_suggest_the_nearest() {
        let (mut interp, ctx, _) = shell(Format::Plain);
        let err = dispatch(&mut interp, &ctx, ".scema User").err();
        assert_eq!(err.map(|e| e.message), Some("unknown command .scema; did you mean .schema?".into()));
        assert_eq!(suggest("timr"), Some("timer"));
        assert_eq!(suggest("ti"), None); // timer, timeline
        assert_eq!(suggest("quti"), Some("quit"));
        assert_eq!(suggest("zzzzzz"), None);
    }

    #[test]
    fn settings_commands_change_the_shared_settings() {
        let (mut interp, ctx, cap) = shell(Format::Plain);
        assert!(dispatch(&mut interp, &ctx, ".echo off").is_ok());
        assert!(!ctx.shared.settings.borrow().echo);
        assert!(dispatch(&mut interp, &ctx, ".timer on").is_ok());
        assert!(ctx.shared.settings.borrow().timer);
        assert!(dispatch(&mut interp, &ctx, ".echo").is_ok());
        assert!(cap.text().contains("echo is off"));
        let err = dispatch(&mut interp, &ctx, ".echo maybe").err().map(|e| e.message);
        assert_eq!(err.as_deref(), Some("usage: .echo on|off"));
        assert!(dispatch(&mut interp, &ctx, ".explain").is_ok(), ".explain alone is .why");
    }

    #[test]
    fn mode_swaps_the_sink() {
        let (mut interp, ctx, cap) = shell(Format::Plain);
        assert!(dispatch(&mut interp, &ctx, ".mode jsonl").is_ok());
        assert_eq!(ctx.shared.settings.borrow().format, Format::Jsonl);
        interp.events.emit(Event::Print { text: "x".into(), end: "\n".into() });
        assert!(dispatch(&mut interp, &ctx, ".mode plain").is_ok());
        interp.events.emit(Event::Print { text: "y".into(), end: "\n".into() });
        assert_eq!(cap.text(), "{\"ev\":\"print\",\"text\":\"x\"}\ny\n");
        assert!(dispatch(&mut interp, &ctx, ".mode xml").is_err());
    }

    #[test]
    fn quit_stops_and_says_so() {
        let (mut interp, ctx, _) = shell(Format::Plain);
        assert_eq!(dispatch(&mut interp, &ctx, ".exit"), Ok(Flow::Stop));
        assert!(ctx.quit.get());
        let mut hook = make_hook(ShellCtx::new(ctx.shared.clone()));
        assert_eq!(hook(&mut interp, "quit"), Ok(true));
        assert_eq!(hook(&mut interp, "tables"), Ok(false));
    }

    #[test]
    fn read_of_a_missing_file_is_an_error() {
        let (mut interp, ctx, _) = shell(Format::Plain);
        let err = dispatch(&mut interp, &ctx, ".read /nonexistent/x.py").err();
        assert_eq!(err.as_ref().map(|e| e.kind), Some(ErrorKind::RuntimeError));
        assert!(err.map(|e| e.message).unwrap_or_default().contains("No such file"));
        assert!(interp.dot_hook.is_none());
    }
}
