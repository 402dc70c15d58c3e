//! The texts of insight: the ledger line, `.queries` groups, `.stats` totals
//! and the N+1 warning. Pure functions of the records (the renderers and the
//! dot-commands call them), so they are tested without a database.
//!
//! Vocabulary as in Django Debug Toolbar: statements with the same SQL are
//! *similar*; with the same SQL and the same parameters, *duplicates*.
use super::{Kind, Recorder, Record};
use crate::events::NPlusOne;
use std::collections::HashSet;

/// `0.42 ms`, `2.1 ms`.
pub fn ms(us: u64) -> String {
    let ms = us as f64 / 1000.0;
    if ms < 1.0 { format!("{:.2} ms", ms) } else { format!("{:.1} ms", ms) }
}

/// `4 SQL: 1 autoflush, 3 lazy (User.addresses ×3, similar) · 2.1 ms`
pub fn ledger_line(records: &[Record], times: bool) -> String {
    let mut parts = Vec::new();
    // in the order the causes first came
    let mut kinds: Vec<Kind> = Vec::new();
    for r in records {
        if !kinds.contains(&r.kind) {
            kinds.push(r.kind);
        }
    }
    for kind in kinds {
        let of: Vec<&Record> = records.iter().filter(|r| r.kind == kind).collect();
        if of.is_empty() {
            continue;
        }
        let mut part = format!("{} {}", of.len(), kind.name());
        let mut details: Vec<String> = Vec::new();
        if matches!(kind, Kind::Lazy | Kind::Selectin) {
            let mut whats: Vec<(&str, usize)> = Vec::new();
            for r in &of {
                let w = r.what.as_deref().unwrap_or("?");
                match whats.iter_mut().find(|(x, _)| *x == w) {
                    Some(e) => e.1 += 1,
                    None => whats.push((w, 1)),
                }
            }
            details.extend(whats.iter().map(|(w, k)| if *k > 1 { format!("{} ×{}", w, k) } else { w.to_string() }));
        }
        if let Some(s) = similarity(&of) {
            details.push(s);
        }
        if !details.is_empty() {
            part.push_str(&format!(" ({})", details.join(", ")));
        }
        parts.push(part);
    }
    let mut line = format!("{} SQL: {}", records.len(), parts.join(", "));
    if times {
        line.push_str(&format!(" · {}", ms(records.iter().map(|r| r.elapsed_us).sum())));
    }
    line
}

/// `similar` when two or more statements share one SQL text; `duplicate`
/// when their parameters are equal too; None otherwise.
fn similarity(rs: &[&Record]) -> Option<String> {
    if rs.len() < 2 || rs.iter().any(|r| r.sql != rs[0].sql) {
        return None;
    }
    let params: HashSet<u64> = rs.iter().map(|r| r.params).collect();
    Some(if params.len() == 1 { "duplicate".into() } else { "similar".into() })
}

/// The `.queries` text for some records: grouped by SQL, most repeated first.
pub fn queries_text(title: &str, records: &[Record], times: bool) -> String {
    let mut groups: Vec<Vec<&Record>> = Vec::new();
    for r in records {
        match groups.iter_mut().find(|g| g[0].sql == r.sql) {
            Some(g) => g.push(r),
            None => groups.push(vec![r]),
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
    let total: u64 = records.iter().map(|r| r.elapsed_us).sum();
    let mut out = format!("{}: {} SQL in {} group{}", title, records.len(), groups.len(), plural(groups.len()));
    if times {
        out.push_str(&format!(" · {}", ms(total)));
    }
    out.push('\n');
    for g in groups {
        let mut causes: Vec<(String, usize)> = Vec::new();
        for r in &g {
            let c = match &r.what {
                Some(w) => format!("{} {}", r.kind.name(), w),
                None => r.kind.name().to_string(),
            };
            match causes.iter_mut().find(|(x, _)| *x == c) {
                Some(e) => e.1 += 1,
                None => causes.push((c, 1)),
            }
        }
        let causes: Vec<String> =
            causes.into_iter().map(|(c, k)| if k > 1 && k < g.len() { format!("{} ×{}", c, k) } else { c }).collect();
        let mut lines: Vec<u32> = g.iter().map(|r| r.line).collect();
        lines.dedup();
        lines.sort_unstable();
        lines.dedup();
        let lines = lines.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", ");
        let nums: Vec<String> = g.iter().take(4).map(|r| format!("#{}", r.n)).collect();
        let nums = if g.len() > 4 { format!("{}, …", nums.join(", ")) } else { nums.join(", ") };
        out.push_str(&format!("  {}× {} · line {} · SQL {}", g.len(), causes.join(", "), lines, nums));
        if g.len() > 1 {
            let params: HashSet<u64> = g.iter().map(|r| r.params).collect();
            let dups = g.len() - params.len();
            if params.len() == 1 {
                out.push_str(" · duplicate");
            } else {
                out.push_str(&format!(" · similar, {} parameter sets", params.len()));
                if dups > 0 {
                    out.push_str(&format!(", {} duplicate{}", dups, plural(dups)));
                }
            }
        }
        if times {
            let us: Vec<u64> = g.iter().map(|r| r.elapsed_us).collect();
            let sum: u64 = us.iter().sum();
            if g.len() > 1 {
                let (min, max) = (us.iter().min().copied().unwrap_or(0), us.iter().max().copied().unwrap_or(0));
                out.push_str(&format!(" · {} (min {}, max {})", ms(sum), ms(min), ms(max)));
            } else {
                out.push_str(&format!(" · {}", ms(sum)));
            }
        }
        out.push_str(&format!("\n      {}\n", collapse(&g[0].sql)));
    }
    out
}

/// The `.stats` text: session totals.
pub fn stats_text(rec: &Recorder) -> String {
    let t = &rec.totals;
    let mut out = format!("{} SQL in {} entr{}", rec.statements, t.entries, if t.entries == 1 { "y" } else { "ies" });
    if rec.times {
        out.push_str(&format!(" · {}", ms(rec.elapsed_us)));
    }
    out.push('\n');
    let by: Vec<String> =
        Kind::ALL.iter().filter_map(|k| rec.by_kind.get(k).filter(|n| **n > 0).map(|n| format!("{} {}", n, k.name()))).collect();
    if !by.is_empty() {
        out.push_str(&format!("  by cause: {}\n", by.join(", ")));
    }
    out.push_str(&format!("  flushes: {} ({} autoflush)\n", t.flushes, t.autoflushes));
    out.push_str(&format!(
        "  objects: {} loaded from rows, {} rows matched objects already in the identity map\n  identity-map hits (get() and many-to-one loads without SQL): {}\n",
        t.loaded, t.matched, t.identity_hits
    ));
    out.push_str(&format!(
        "  transactions: {} begun, {} committed, {} rolled back · savepoints: {}\n",
        t.begun, t.committed, t.rolled_back, t.savepoints
    ));
    let mut seen: Vec<(&str, HashSet<u64>, usize)> = Vec::new();
    for r in &rec.records {
        match seen.iter_mut().find(|(s, _, _)| *s == &*r.sql) {
            Some(e) => {
                e.1.insert(r.params);
                e.2 += 1;
            }
            None => seen.push((&r.sql, [r.params].into_iter().collect(), 1)),
        }
    }
    let repeated: Vec<&(&str, HashSet<u64>, usize)> = seen.iter().filter(|e| e.2 > 1).collect();
    let dups: usize = seen.iter().map(|e| e.2 - e.1.len()).sum();
    out.push_str(&format!(
        "  repeated SQL: {} statement{} in {} similar group{}, {} duplicate{}\n",
        repeated.iter().map(|e| e.2).sum::<usize>(),
        plural(repeated.iter().map(|e| e.2).sum::<usize>()),
        repeated.len(),
        plural(repeated.len()),
        dups,
        plural(dups)
    ));
    out.push_str(&format!("  potential N+1: {} (.nplusone {})\n", t.nplusone, rec.nplusone.name()));
    out
}

/// The warning for one N+1 pattern (several lines, each ending in `\n`).
pub fn nplusone_text(n: &NPlusOne, on: &str, off: &str) -> String {
    let quote = |line: u32, text: &Option<String>| match text {
        Some(t) => format!("line {}: {}", line, t),
        None => format!("line {}", line),
    };
    let mut out = match n.kind {
        "count" => format!(
            "{}⚠ potential N+1: {} loaded to be counted — {} lazy loads, {} SQL{}\n",
            on, n.what, n.statements, n.statements, off
        ),
        "relationship" => format!("{}⚠ potential N+1: {} — {} lazy loads, {} SQL{}\n", on, n.what, n.statements, n.statements, off),
        _ => format!("{}⚠ potential N+1: the same statement {} times from one line{}\n      {}\n", on, n.statements, off, n.what),
    };
    if let Some((stmt, line, rows)) = n.parent {
        let class = n.what.split('.').next().unwrap_or("");
        out.push_str(&format!("  parents: {} {} objects from SQL #{}, {}\n", rows, class, stmt, quote(line, &n.parent_text)));
    }
    out.push_str(&format!("  trigger: {}\n", quote(n.trigger_line, &n.trigger_text)));
    out.push_str(&format!("  fix: {}\n", n.fix));
    out
}

fn collapse(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
