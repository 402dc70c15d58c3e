//! Tab completion at the prompt: Python's `rlcompleter` (names in scope, then
//! `obj.attr` after a dot) made aware of the session, as IPython's is, plus
//! the dot-commands and file names after `.read` / `.open`.
//!
//! Nothing is evaluated and nothing touches the database: before each prompt
//! the REPL takes a [`Snapshot`] of the names in scope and, for each one, the
//! attributes it offers. A mapped instance lists its columns and relationships
//! with their load state as `inspect()` reports it (`loaded`, `expired`,
//! `unloaded`), read from the identity map's bookkeeping, never by loading.

use crate::interp::sa::introspect;
use crate::interp::Interp;
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::Context;
use std::collections::BTreeMap;

/// Python's keywords offered with the names in scope.
const KEYWORDS: &[&str] = &[
    "and", "as", "assert", "break", "class", "continue", "def", "del", "elif", "else", "except", "False", "finally",
    "for", "from", "if", "import", "in", "is", "lambda", "None", "not", "or", "pass", "raise", "return", "True",
    "try", "while", "with", "yield",
];

/// How many dots deep a name is completed (`a.user.name.` is three).
const CHAIN_DEPTH: usize = 3;
/// At most this many attribute lists per snapshot: a prompt with thousands of
/// objects in scope stays quick (globals are walked in order, first come first served).
const CHAIN_BUDGET: usize = 5000;

/// What can be completed, taken before a prompt.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// Names in scope: globals, builtins, keywords (sorted, unique).
    pub names: Vec<String>,
    /// For each dotted name that has attributes to offer (`u`, `u.name`,
    /// `User.addresses`): (attribute, note shown in the list).
    pub attrs: BTreeMap<String, Vec<(String, String)>>,
    /// The dot-commands (with their aliases).
    pub commands: Vec<String>,
    /// The mapped classes' names (coloured as they are typed).
    pub classes: Vec<String>,
}

/// Take a snapshot of what `interp` has in scope. Reads only.
pub fn snapshot(interp: &Interp) -> Snapshot {
    let mut names: Vec<String> = interp.globals_iter().map(|(n, _)| n.to_string()).collect();
    names.extend(interp.builtins.keys().map(|k| k.to_string()));
    names.extend(KEYWORDS.iter().map(|k| k.to_string()));
    names.sort();
    names.dedup();
    let mut attrs = BTreeMap::new();
    let mut budget = CHAIN_BUDGET;
    for (name, value) in interp.globals_iter() {
        introspect::attribute_chains(interp, name, value, CHAIN_DEPTH, &mut budget, &mut attrs);
    }
    let commands = super::dot::COMMANDS
        .iter()
        .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
        .map(|n| if n.starts_with('.') { n.to_string() } else { format!(".{n}") })
        .collect();
    let classes = interp.sa.orm().map(|o| o.registry.mappers.iter().map(|m| m.class_name.clone()).collect()).unwrap_or_default();
    Snapshot { names, attrs, commands, classes }
}

/// Is `c` part of a Python identifier?
fn ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Candidates for the text before `pos` in `line`: where the replaced word
/// starts, and (replacement, what the list shows).
pub fn complete(snap: &Snapshot, line: &str, pos: usize) -> (usize, Vec<(String, String)>) {
    let pos = pos.min(line.len());
    let before = line.get(..pos).unwrap_or("");
    let trimmed = before.trim_start();
    if !before.is_empty() && trimmed.is_empty() {
        // Tab in the indentation of a block line indents one level more (IPython)
        return (pos, vec![("    ".to_string(), "    ".to_string())]);
    }
    if trimmed.starts_with('.') {
        return complete_dot(snap, before);
    }
    // the dotted name that ends at the cursor: `u.na`, `session.ex`, `pri`
    let start = before.rfind(|c: char| !(ident_char(c) || c == '.')).map(|i| i + before[i..].chars().next().map_or(1, char::len_utf8)).unwrap_or(0);
    let word = &before[start..];
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return (pos, Vec::new());
    }
    match word.rsplit_once('.') {
        Some((base, prefix)) => {
            let offered = snap.attrs.get(base).map(Vec::as_slice).unwrap_or(&[]);
            let list = offered
                .iter()
                .filter(|(a, _)| a.starts_with(prefix) && (!a.starts_with('_') || prefix.starts_with('_')))
                .map(|(a, note)| (a.clone(), if note.is_empty() { a.clone() } else { format!("{a} ({note})") }))
                .collect();
            (pos - prefix.len(), list)
        }
        None => {
            let list = snap
                .names
                .iter()
                .filter(|n| n.starts_with(word) && (!n.starts_with('_') || word.starts_with('_')))
                .map(|n| (n.clone(), n.clone()))
                .collect();
            (start, list)
        }
    }
}

/// `.he` → `.help`; `.read sc` → file names.
fn complete_dot(snap: &Snapshot, before: &str) -> (usize, Vec<(String, String)>) {
    let lead = before.len() - before.trim_start().len();
    let text = &before[lead..];
    match text.split_once(char::is_whitespace) {
        None => {
            let list = snap.commands.iter().filter(|c| c.starts_with(text)).map(|c| (c.clone(), c.clone())).collect();
            (lead, list)
        }
        Some((cmd, _)) if matches!(cmd, ".read" | ".open") => {
            let arg_start = before.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(before.len());
            (arg_start, file_names(&before[arg_start..]))
        }
        Some(_) => (before.len(), Vec::new()),
    }
}

/// Entries of the directory `partial` points into whose names start with its
/// last part; directories end with `/`.
fn file_names(partial: &str) -> Vec<(String, String)> {
    let (dir, prefix) = match partial.rfind('/') {
        Some(i) => (&partial[..=i], &partial[i + 1..]),
        None => ("", partial),
    };
    let read_from = if dir.is_empty() { "." } else { dir };
    let mut out: Vec<(String, String)> = std::fs::read_dir(read_from)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let name = e.file_name().into_string().ok()?;
                    if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                        return None;
                    }
                    let slash = if e.file_type().is_ok_and(|t| t.is_dir()) { "/" } else { "" };
                    Some((format!("{dir}{name}{slash}"), format!("{name}{slash}")))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The REPL's rustyline helper: completion from the latest snapshot, and
/// input highlighting when colour is on.
#[derive(Default)]
pub struct ShellHelper {
    pub snapshot: Snapshot,
    pub color: bool,
}

impl Completer for ShellHelper {
    type Candidate = Pair;
    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, list) = complete(&self.snapshot, line, pos);
        Ok((start, list.into_iter().map(|(replacement, display)| Pair { display, replacement }).collect()))
    }
}

impl Hinter for ShellHelper {
    type Hint = String;
}
impl Highlighter for ShellHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> std::borrow::Cow<'l, str> {
        if self.color {
            super::highlight::highlight(line, &self.snapshot.classes)
        } else {
            std::borrow::Cow::Borrowed(line)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _forced: bool) -> bool {
        self.color
    }
}
impl Validator for ShellHelper {}
impl rustyline::Helper for ShellHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap() -> Snapshot {
        let mut attrs = BTreeMap::new();
        attrs.insert(
            "u".to_string(),
            vec![("name".to_string(), "column, loaded".to_string()), ("addresses".to_string(), "relationship, unloaded".to_string())],
        );
        attrs.insert("session".to_string(), vec![("execute".to_string(), String::new()), ("expire".to_string(), String::new())]);
        Snapshot {
            names: vec!["print".into(), "property".into(), "session".into(), "u".into(), "_private".into()],
            attrs,
            commands: vec![".help".into(), ".history".into(), ".read".into(), ".open".into()],
            classes: vec!["User".into()],
        }
    }

    #[test]
    fn tab_in_the_indentation_indents() {
        assert_eq!(complete(&snap(), "    ", 4), (4, vec![("    ".to_string(), "    ".to_string())]));
        assert_ne!(complete(&snap(), "    pri", 7).1, vec![("    ".to_string(), "    ".to_string())]);
    }

    #[test]
    fn names_in_scope() {
        let (start, list) = complete(&snap(), "x = pri", 7);
        assert_eq!(start, 4);
        assert_eq!(list, vec![("print".to_string(), "print".to_string())]);
        let (_, list) = complete(&snap(), "", 0);
        assert!(!list.iter().any(|(n, _)| n == "_private"), "private names only after `_`");
    }

    #[test]
    fn attributes_with_their_load_state() {
        let (start, list) = complete(&snap(), "print(u.", 8);
        assert_eq!(start, 8);
        assert_eq!(
            list,
            vec![
                ("name".to_string(), "name (column, loaded)".to_string()),
                ("addresses".to_string(), "addresses (relationship, unloaded)".to_string())
            ]
        );
        let (start, list) = complete(&snap(), "session.exp", 11);
        assert_eq!((start, list.len()), (8, 1));
        assert!(complete(&snap(), "nothing.x", 9).1.is_empty());
    }

    #[test]
    fn dot_commands_and_their_file_arguments() {
        let (start, list) = complete(&snap(), ".h", 2);
        assert_eq!(start, 0);
        assert_eq!(list.len(), 2);
        let (start, list) = complete(&snap(), ".read Carg", 10);
        assert_eq!(start, 6);
        assert!(list.iter().any(|(r, _)| r == "Cargo.toml"), "{list:?}");
        let (start, list) = complete(&snap(), ".read src/l", 11);
        assert_eq!(start, 6);
        assert!(list.iter().any(|(r, d)| r == "src/lib.rs" && d == "lib.rs"), "{list:?}");
    }

    #[test]
    fn odd_input_never_panics() {
        for (line, pos) in [("é.", 3), ("", 5), ("1.", 2), ("a..b", 4), (". ", 2), ("é", 1)] {
            let _ = complete(&snap(), line, pos);
        }
    }
}
