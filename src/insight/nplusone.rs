//! N+1 detection from known causes (research/debugging.md §c), not guesses.
//!
//! Run over one entry's statements (a top-level statement with its loop
//! bodies) when it ends:
//! - **relationship**: two or more lazy loads that ran SQL for one relationship
//!   on distinct parents that one earlier statement loaded together (two or
//!   more siblings of the parent's class). A parent loaded alone (`get()`,
//!   `one()`) or created in this session has no siblings: never reported.
//! - **loop**: one statement (same SQL) of the entry's own queries, or of
//!   expired/deferred attribute loads, run two or more times with different
//!   parameters from one source line that itself ran more than once (a loop
//!   body, a function called again): one line doing two loads
//!   (`print(a.x, b.x)`) is not a loop, and neither, for want of a position
//!   finer than the line, is a comprehension.
//!
//! - **count**: a *relationship* pattern whose trigger line applies `len()`
//!   to the collection (`len(u.addresses)`): the rows were loaded to be
//!   counted, so the fix also names the count in SQL.
//!
//! Each report carries the cost (statements), the parent statement, the line
//! that triggered the loads and the fix to write.
use super::{Kind, Recorder, Record};
use crate::events::NPlusOne;
use std::collections::{BTreeMap, HashSet};

/// The patterns in the records from index `start` on (one entry).
pub fn detect(rec: &Recorder, start: usize) -> Vec<NPlusOne> {
    let scope = &rec.records[start..];
    let mut out = relationship(rec, scope);
    out.extend(loops(scope));
    out
}

fn relationship(rec: &Recorder, scope: &[Record]) -> Vec<NPlusOne> {
    // (relationship, parent statement) → the lazy loads
    let mut groups: BTreeMap<(&str, usize), Vec<&Record>> = BTreeMap::new();
    for r in scope {
        if let (Kind::Lazy, Some(what), Some(p)) = (r.kind, &r.what, r.parent_stmt) {
            groups.entry((what, p)).or_default().push(r);
        }
    }
    let mut out = Vec::new();
    for ((what, parent), loads) in groups {
        let parents: HashSet<u32> = loads.iter().filter_map(|r| r.parent_obj).collect();
        let class: &str = what.split('.').next().unwrap_or(what);
        let siblings = rec.siblings.iter().filter(|((n, c), _)| *n == parent && &**c == class).map(|(_, k)| *k).sum::<usize>();
        if parents.len() < 2 || siblings < 2 {
            continue;
        }
        let collection = loads[0].collection;
        let fix = if collection {
            format!(".options(selectinload({}))", what)
        } else {
            format!(".options(joinedload({}))", what)
        };
        let parent_line = rec.record(parent).map(|p| p.entry).unwrap_or(0);
        out.push(NPlusOne {
            kind: "relationship",
            what: what.to_string(),
            statements: loads.len(),
            elapsed_us: loads.iter().map(|r| r.elapsed_us).sum(),
            parent: Some((parent, parent_line, siblings)),
            trigger_line: loads[0].line,
            trigger_text: None,
            parent_text: None,
            fix,
        });
    }
    out
}

fn loops(scope: &[Record]) -> Vec<NPlusOne> {
    let mut groups: BTreeMap<(Kind, &str, u32), Vec<&Record>> = BTreeMap::new();
    for r in scope {
        if matches!(r.kind, Kind::Query | Kind::Expired | Kind::Deferred) && r.sql.trim_start().len() >= 6 {
            groups.entry((r.kind, &r.sql, r.line)).or_default().push(r);
        }
    }
    let mut out = Vec::new();
    for ((kind, sql, line), runs) in groups {
        let params: HashSet<u64> = runs.iter().map(|r| r.params).collect();
        // the line itself ran more than once (`print(a.x, b.x)` is one run)
        let times: HashSet<u64> = runs.iter().map(|r| r.run).collect();
        if runs.len() < 2 || params.len() < 2 || times.len() < 2 {
            continue;
        }
        let fix = match kind {
            Kind::Expired => {
                "reload them with one query before the loop (it refreshes the expired objects it returns), or Session(expire_on_commit=False)"
            }
            Kind::Deferred => "undefer() the column in the query that loads the objects",
            _ => "fetch all the keys in one statement before the loop (… WHERE key IN (…))",
        }
        .to_string();
        let what = match kind {
            Kind::Query => sql.split_whitespace().collect::<Vec<_>>().join(" "),
            _ => format!("{} loads: {}", kind.name(), sql.split_whitespace().collect::<Vec<_>>().join(" ")),
        };
        out.push(NPlusOne {
            kind: "loop",
            what,
            statements: runs.len(),
            elapsed_us: runs.iter().map(|r| r.elapsed_us).sum(),
            parent: None,
            trigger_line: line,
            trigger_text: None,
            parent_text: None,
            fix,
        });
    }
    out
}

/// A relationship report whose trigger line is `len(….rel)`: a count. Needs
/// the line's text; the target class comes from the rows the loads returned.
pub fn counting(found: &mut NPlusOne, rec: &Recorder, start: usize) {
    let (Some(text), "relationship") = (&found.trigger_text, found.kind) else { return };
    let Some((parent, attr)) = found.what.split_once('.') else { return };
    let counted = text.match_indices("len(").any(|(i, _)| {
        let inner = &text[i + 4..];
        inner.split(')').next().is_some_and(|arg| arg.trim().ends_with(&format!(".{}", attr)))
    });
    if !counted {
        return;
    }
    let target = rec.records[start..]
        .iter()
        .filter(|r| r.kind == Kind::Lazy && r.what.as_deref() == Some(found.what.as_str()))
        .find_map(|r| rec.siblings.keys().find(|(n, _)| *n == r.n).map(|(_, c)| c.clone()));
    found.kind = "count";
    found.fix = match target {
        Some(t) => format!(
            "count in SQL: select({p}, func.count({t}.id)).outerjoin({p}.{a}).group_by({p}.id), or {f}",
            p = parent,
            t = t,
            a = attr,
            f = found.fix
        ),
        None => format!("count in SQL (func.count() grouped by {}.id), or {}", parent, found.fix),
    };
}
