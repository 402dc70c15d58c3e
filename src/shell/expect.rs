//! `.expect`: query budgets in scripts, as Django's `assertNumQueries` or
//! bullet's `raise`: `.expect sql <= 2`, `.expect lazy User.addresses == 0`,
//! `.expect no-nplusone`. A budget counts what ran since the last
//! `.expect reset` (or the start of the session): statements, lazy loads of
//! one relationship, N+1 reports. A broken budget prints those statements
//! grouped as `.queries` does and makes the exit status 1. Reads the insight
//! record only.
use super::dot::{find, usage, Ctx, Flow};
use super::render::jsonl::json_str;
use crate::events::{Event, Report};
use crate::exc::{Error, ErrorKind, Result};
use crate::insight::{report, Kind};
use crate::interp::Interp;

fn bad() -> Error {
    find("expect").map_or_else(|| Error::new(ErrorKind::ValueError, "usage"), usage)
}

/// `<= 2` → the comparison and its bound.
fn parse_cmp(op: &str, n: &str) -> Result<(&'static str, usize)> {
    let op = ["<=", ">=", "==", "!=", "<", ">"].into_iter().find(|o| *o == op).ok_or_else(bad)?;
    let n = n.parse::<usize>().map_err(|_| bad())?;
    Ok((op, n))
}

fn holds(op: &str, actual: usize, n: usize) -> bool {
    match op {
        "<=" => actual <= n,
        ">=" => actual >= n,
        "==" => actual == n,
        "!=" => actual != n,
        "<" => actual < n,
        _ => actual > n,
    }
}

pub fn expect(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    let words: Vec<&str> = arg.split_whitespace().collect();
    // the entry before this line is over: its N+1 reports count
    let settled = ctx.insight.borrow_mut().settle();
    for ev in settled {
        interp.events.emit(ev);
    }
    let line = interp.events.position().line;
    let mut rec = ctx.insight.borrow_mut();
    let (mark, nplus_mark, mark_line) = rec.expect_mark;
    let start = rec.records.iter().position(|r| r.n > mark).unwrap_or(rec.records.len());
    let (check, actual, ok, kind_filter): (String, usize, bool, Option<String>) = match words.as_slice() {
        ["reset"] => {
            rec.expect_mark = (rec.statements, rec.totals.nplusone, line);
            return Ok(Flow::Continue);
        }
        ["sql", op, n] => {
            let (op, n) = parse_cmp(op, n)?;
            let actual = rec.statements - mark;
            (format!("sql {} {}", op, n), actual, holds(op, actual, n), None)
        }
        ["lazy", rel, op, n] => {
            let (op, n) = parse_cmp(op, n)?;
            let actual = rec.records[start..].iter().filter(|r| r.kind == Kind::Lazy && r.what.as_deref() == Some(*rel)).count();
            (format!("lazy {} {} {}", rel, op, n), actual, holds(op, actual, n), Some(rel.to_string()))
        }
        ["no-nplusone"] => {
            let actual = rec.totals.nplusone - nplus_mark;
            ("no-nplusone".into(), actual, actual == 0, None)
        }
        _ => return Err(bad()),
    };
    let since = if mark_line == 0 { "the start".to_string() } else { format!("line {}", mark_line) };
    let what = match (words.first(), actual) {
        (Some(&"no-nplusone"), n) => format!("{} potential N+1 report{}", n, if n == 1 { "" } else { "s" }),
        (Some(&"lazy"), n) => format!("{} lazy load{}", n, if n == 1 { "" } else { "s" }),
        (_, n) => format!("{} SQL", n),
    };
    let text = if ok {
        format!("✓ expect {}: {} since {}\n", check, what, since)
    } else {
        rec.totals.expect_failures += 1;
        let records: Vec<_> = rec.records[start..]
            .iter()
            .filter(|r| kind_filter.as_deref().is_none_or(|k| r.kind == Kind::Lazy && r.what.as_deref() == Some(k)))
            .cloned()
            .collect();
        let mut t = format!("✗ expect {} failed: {} since {}\n", check, what, since);
        if !records.is_empty() {
            t.push_str(&report::queries_text(&format!("since {}", since), &records, rec.times));
        }
        t
    };
    let ev = Report::new("expect", text, !ok)
        .field("check", json_str(&check))
        .field("ok", ok.to_string())
        .field("actual", actual.to_string())
        .field("since_line", mark_line.to_string())
        .field("line", line.to_string());
    drop(rec);
    interp.events.emit(Event::Report(ev));
    Ok(Flow::Continue)
}
