//! Hints shown under an error for people (never traced): Python's "Did you
//! mean: 'session'?" for a NameError (CPython 3.12's
//! `traceback._compute_suggestion_error` and its Levenshtein costs), and, once,
//! "no schema loaded" when a capitalised name is missing and no class is mapped.
//!
//! Python adds these suggestions when it prints a traceback, not to `str(e)`,
//! so the error message (and the jsonl trace) stays SQLAlchemy's and Python's.

use super::Interp;
use crate::exc::{Error, ErrorKind};

const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;
/// CPython's `_MAX_CANDIDATE_ITEMS`.
const MAX_CANDIDATES: usize = 750;
/// CPython's `_MAX_STRING_SIZE`.
const MAX_STRING: usize = 40;

/// CPython's `_substitution_cost`: a case change costs less than a new letter.
fn substitution_cost(a: char, b: char) -> usize {
    if a == b {
        0
    } else if a.to_lowercase().eq(b.to_lowercase()) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// CPython's `_levenshtein_distance` (None when above `max_cost`).
fn levenshtein(a: &str, b: &str, max_cost: usize) -> Option<usize> {
    if a == b {
        return Some(0);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > MAX_STRING || b.len() > MAX_STRING {
        return None;
    }
    if a.len().abs_diff(b.len()) * MOVE_COST > max_cost {
        return None;
    }
    let mut row: Vec<usize> = (1..=b.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (ai, &ac) in a.iter().enumerate() {
        let mut distance = ai * MOVE_COST;
        result = distance;
        let mut min_row = usize::MAX;
        for (bi, &bc) in b.iter().enumerate() {
            let substitute = distance + substitution_cost(ac, bc);
            distance = row[bi];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            row[bi] = result;
            min_row = min_row.min(result);
        }
        if b.is_empty() {
            result = (ai + 1) * MOVE_COST;
            min_row = result;
        }
        if min_row > max_cost {
            return None;
        }
    }
    if a.is_empty() {
        result = b.len() * MOVE_COST;
    }
    (result <= max_cost).then_some(result)
}

/// CPython's `_compute_suggestion_error` over `candidates`: the nearest name,
/// if near enough.
pub fn suggest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    let wrong_len = wrong.chars().count();
    for c in candidates.into_iter().take(MAX_CANDIDATES) {
        if c == wrong {
            continue;
        }
        let max_distance = (c.chars().count() + wrong_len + 3) * MOVE_COST / 6;
        let limit = match best {
            Some((d, _)) => max_distance.min(d.saturating_sub(1)),
            None => max_distance,
        };
        if let Some(d) = levenshtein(wrong, c, limit) {
            if best.map_or(true, |(bd, _)| d < bd) {
                best = Some((d, c));
            }
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// The quoted name in `name 'x' is not defined` / `… has no attribute 'x'`.
fn quoted_name(message: &str, after: &str) -> Option<String> {
    let rest = &message[message.find(after)? + after.len()..];
    let rest = rest.strip_prefix('\'')?;
    Some(rest[..rest.find('\'')?].to_string())
}

impl Interp {
    /// The hint for an error raised at the top level, if any.
    pub(crate) fn error_hint(&mut self, e: &Error) -> Option<String> {
        match e.kind {
            ErrorKind::NameError => {
                let name = quoted_name(&e.message, "name ")?;
                let mut names: Vec<&str> = self.globals.keys().map(|k| &**k).collect();
                let mut builtins: Vec<&str> = self.builtins.keys().map(|k| &**k).collect();
                builtins.sort_unstable();
                names.extend(builtins);
                if let Some(s) = suggest(&name, names) {
                    return Some(format!("Did you mean: '{}'?", s));
                }
                let capitalised = name.chars().next().is_some_and(char::is_uppercase);
                if capitalised && self.sa.classes.is_empty() && !self.schema_hint_shown {
                    self.schema_hint_shown = true;
                    return Some(
                        "no schema loaded, so no mapped classes: start ormsh with -s SCHEMA.json (e.g. -s schemas/blog.json), \
                         or --reflect to map the database's tables"
                            .into(),
                    );
                }
                None
            }
            // Python 3.11 suggests for attributes too: `u.nmae` → Did you mean: 'name'?
            ErrorKind::AttributeError => {
                let (message, name, offered) = self.attr_miss.take()?;
                if message != e.message {
                    return None;
                }
                suggest(&name, offered.iter().map(String::as_str)).map(|s| format!("Did you mean: '{}'?", s))
            }
            // a second Session on sqlite:// while the first holds the one shared connection's transaction
            ErrorKind::OperationalError
                if e.message.contains("cannot start a transaction within a transaction")
                    && self.sa.default_engine.as_ref().is_some_and(|en| en.url().is_sqlite_memory()) =>
            {
                Some("every Session of sqlite:// shares its one connection, and another session's transaction is open on it (.why says more)".into())
            }
            // the tutorial's `Session(engine)`, where `Session` is ormsh's bound sessionmaker
            ErrorKind::TypeError if e.message.starts_with("sessionmaker.__call__() takes 1 positional argument") => Some(
                "Session here is sessionmaker(bind=engine), already bound: Session() opens a session. \
                 (The tutorial's Session(engine) is the class: from sqlalchemy.orm import Session)"
                    .into(),
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_as_python_3_12_makes_them() {
        // checked with python3.12: NameError / AttributeError "Did you mean"
        assert_eq!(suggest("sesion", ["session", "select", "Session"]).as_deref(), Some("session"));
        assert_eq!(suggest("usr", ["user", "u"]).as_deref(), Some("user"));
        assert_eq!(suggest("user", ["User"]).as_deref(), Some("User"));
        assert_eq!(suggest("xyz", ["session", "select"]), None);
        assert_eq!(suggest("ad", ["add", "all"]).as_deref(), Some("add"));
        assert_eq!(suggest("flsh", ["flush", "expunge"]).as_deref(), Some("flush"));
        assert_eq!(suggest("a", ["b"]), None);
    }

    #[test]
    fn quoted_names_are_found() {
        assert_eq!(quoted_name("name 'sesion' is not defined", "name ").as_deref(), Some("sesion"));
        assert_eq!(quoted_name("'User' object has no attribute 'nme'", "has no attribute ").as_deref(), Some("nme"));
        assert_eq!(quoted_name("weird", "name "), None);
    }
}
