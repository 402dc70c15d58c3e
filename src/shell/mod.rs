//! The shell: CLI options, REPL (rustyline), dot-commands and rendering of
//! events (table, plain, JSON lines). Never builds SQL.
