//! The command line of SPEC §1, parsed with clap's derive API, and the choices
//! that depend on the environment (output format and color by terminal,
//! `$NO_COLOR`, `$DATABASE_URL`). Called by `main.rs`; the runner gets a
//! [`Cli`] and asks it for the resolved settings.

use super::render::{Format, Volume};
use clap::Parser;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  ormsh -s blog.json                         interactive session on an in-memory SQLite database
  ormsh -s blog.json sqlite:///blog.db       ... on a SQLite file
  ormsh -s blog.json -f demo.py              run a script, then exit
  ormsh -s blog.json -c 'session.add(User(name=\"ed\")); session.flush()'
  ormsh -s blog.json --format jsonl -f demo.py > trace.jsonl
  cat demo.py | ormsh -s blog.json           standard input that is not a terminal is run as a script
  DATABASE_URL=postgresql://scott@localhost/test ormsh --reflect
  ormsh -s blog.json -f lesson.py --transcript lesson.md --transcript lesson.html
  ormsh check lesson.md                      replay a transcript: a diff and status 1 where it differs

Exit status: 0 when every statement succeeded, 1 when any statement raised,
2 for a bad command line, URL or schema file.
Inside the shell, .help lists the dot-commands.";

/// ormsh: an interactive ORM session shell that shows the SQL SQLAlchemy's
/// Session emits and every instance's state.
#[derive(Parser, Debug, Clone)]
#[command(name = "ormsh", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    /// Database URL in SQLAlchemy form (sqlite://, sqlite:///file.db, postgresql://…, mysql://…)
    #[arg(value_name = "URL", env = "DATABASE_URL", hide_env_values = true, default_value = "sqlite://")]
    pub url: String,

    /// Schema description (JSON)
    #[arg(short = 's', long, value_name = "FILE")]
    pub schema: Option<PathBuf>,

    /// Map existing tables that the schema does not name, as sqlalchemy.ext.automap would
    #[arg(long)]
    pub reflect: bool,

    /// Run a script, then exit ('-' is standard input); may be given more than once
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub files: Vec<String>,

    /// Run one statement (or several, ';'-separated), then exit; may be given more than once
    #[arg(short = 'c', long = "command", value_name = "STMT")]
    pub commands: Vec<String>,

    /// After -f/-c, stay in the shell
    #[arg(short = 'i', long)]
    pub interactive: bool,

    /// How results and events are shown [default: table on a terminal, plain otherwise]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Show emitted SQL (the default)
    #[arg(long, overrides_with = "no_echo")]
    pub echo: bool,

    /// Do not show emitted SQL (the jsonl trace still has it)
    #[arg(long = "no-echo", overrides_with = "echo")]
    pub no_echo: bool,

    /// Stop at the first error (non-interactive runs)
    #[arg(long)]
    pub bail: bool,

    /// Do not create missing tables at start
    #[arg(long = "no-create")]
    pub no_create: bool,

    /// Lifecycle lines: one per object (all), many of a kind in a statement as one line (summary), or none
    #[arg(long, value_enum, value_name = "VOLUME", default_value = "summary")]
    pub events: Volume,

    /// Potential N+1 patterns: not looked for (off), reported on stderr and in the trace (warn), or reported and the exit status 1 (error)
    #[arg(long, value_enum, value_name = "MODE", default_value = "warn")]
    pub nplusone: crate::insight::NPlusOneMode,

    /// One line after each entry that ran SQL, counting its statements by cause (default: on at an interactive terminal)
    #[arg(long, value_name = "on|off", value_parser = ["on", "off"])]
    pub ledger: Option<String>,

    /// Plain text without color (also when $NO_COLOR is set or output is not a terminal)
    #[arg(long = "no-color")]
    pub no_color: bool,

    /// Ask for the database password at start, without echo (also read: PGPASSWORD, ~/.pgpass, MYSQL_PWD)
    #[arg(short = 'W', long)]
    pub password: bool,

    /// Write the session to FILE as it runs: Markdown (each statement, then its SQL, states and values;
    /// no durations), or HTML with the states coloured when FILE ends in .html; may be given more
    /// than once. `ormsh check FILE.md` replays a Markdown transcript and shows what now differs
    #[arg(long = "transcript", value_name = "FILE")]
    pub transcripts: Vec<PathBuf>,

    /// Work inside one transaction that is rolled back on exit (Rails' console --sandbox):
    /// commit() releases a SAVEPOINT, nothing reaches the database for good
    #[arg(long)]
    pub sandbox: bool,
}

/// What the terminal and environment say, gathered once so the choices below
/// can be tested without a terminal.
#[derive(Clone, Copy, Debug)]
pub struct Environment {
    pub stdout_is_terminal: bool,
    pub stdin_is_terminal: bool,
    /// `$NO_COLOR` is set to a non-empty value.
    pub no_color_env: bool,
}

impl Environment {
    pub fn detect() -> Environment {
        use std::io::IsTerminal;
        Environment {
            stdout_is_terminal: std::io::stdout().is_terminal(),
            stdin_is_terminal: std::io::stdin().is_terminal(),
            no_color_env: std::env::var_os("NO_COLOR").map(|v| !v.is_empty()).unwrap_or(false),
        }
    }
}

impl Cli {
    /// `--format`, else table on a terminal and plain otherwise.
    pub fn format(&self, env: &Environment) -> Format {
        self.format.unwrap_or(if env.stdout_is_terminal { Format::Table } else { Format::Plain })
    }

    /// Color only on a terminal, without `--no-color` and `$NO_COLOR`.
    pub fn color(&self, env: &Environment) -> bool {
        !self.no_color && !env.no_color_env && env.stdout_is_terminal
    }

    /// SQL echo is on unless the last of `--echo`/`--no-echo` was `--no-echo`.
    pub fn echo(&self) -> bool {
        !self.no_echo
    }

    /// True when nothing but the prompt was asked for (no -f, no -c).
    pub fn no_scripts(&self) -> bool {
        self.files.is_empty() && self.commands.is_empty()
    }
}

/// A URL with its password replaced by `***`, as SQLAlchemy shows URLs.
pub fn mask_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{}://{}:***@{}{}", scheme, user, host, path),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Cli {
        let mut all = vec!["ormsh"];
        all.extend_from_slice(args);
        match Cli::try_parse_from(all) {
            Ok(cli) => cli,
            Err(e) => panic!("{}", e),
        }
    }

    const TTY: Environment = Environment { stdout_is_terminal: true, stdin_is_terminal: true, no_color_env: false };
    const PIPE: Environment = Environment { stdout_is_terminal: false, stdin_is_terminal: false, no_color_env: false };

    #[test]
    fn every_option_of_the_spec() {
        let cli = parse(&[
            "-s", "blog.json", "--reflect", "-f", "a.py", "-f", "-", "-c", "x = 1", "-i", "--format", "jsonl",
            "--no-echo", "--bail", "--no-create", "--no-color", "sqlite:///x.db",
        ]);
        assert_eq!(cli.schema.as_deref(), Some(std::path::Path::new("blog.json")));
        assert!(cli.reflect && cli.interactive && cli.bail && cli.no_create && cli.no_color);
        assert_eq!(cli.files, vec!["a.py", "-"]);
        assert_eq!(cli.commands, vec!["x = 1"]);
        assert_eq!(cli.format, Some(Format::Jsonl));
        assert!(!cli.echo());
        assert_eq!(cli.url, "sqlite:///x.db");
    }

    #[test]
    fn echo_flags_last_one_wins() {
        assert!(parse(&[]).echo());
        assert!(!parse(&["--echo", "--no-echo"]).echo());
        assert!(parse(&["--no-echo", "--echo"]).echo());
    }

    #[test]
    fn format_and_color_follow_the_terminal() {
        let cli = parse(&[]);
        assert_eq!(cli.format(&TTY), Format::Table);
        assert_eq!(cli.format(&PIPE), Format::Plain);
        assert!(cli.color(&TTY));
        assert!(!cli.color(&PIPE));
        assert!(!cli.color(&Environment { no_color_env: true, ..TTY }));
        assert!(!parse(&["--no-color"]).color(&TTY));
        assert_eq!(parse(&["--format", "plain"]).format(&TTY), Format::Plain);
    }

    #[test]
    fn bad_format_is_a_usage_error() {
        let err = Cli::try_parse_from(["ormsh", "--format", "xml"]).map(|_| ()).err();
        assert_eq!(err.map(|e| e.exit_code()), Some(2));
    }

    #[test]
    fn passwords_are_masked() {
        assert_eq!(mask_url("postgresql://scott:tiger@localhost/test"), "postgresql://scott:***@localhost/test");
        assert_eq!(mask_url("mysql+pymysql://u:p@h:3306/db?charset=utf8"), "mysql+pymysql://u:***@h:3306/db?charset=utf8");
        assert_eq!(mask_url("postgresql://scott@localhost/test"), "postgresql://scott@localhost/test");
        assert_eq!(mask_url("sqlite:///a:b@c.db"), "sqlite:///a:b@c.db");
        assert_eq!(mask_url("sqlite://"), "sqlite://");
    }
}
