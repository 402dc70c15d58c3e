//! The insight dot-commands (`.ledger`, `.queries`, `.stats`, `.nplusone`,
//! `.timeline`, `.durations`): settings of the shell's `insight::Recorder` and views of what it
//! recorded. They read the record only; nothing here runs SQL.
use super::dot::{find, info, on_off, on_off_text, usage, Ctx, Flow};
use crate::exc::{Error, ErrorKind, Result};
use crate::insight::{report, NPlusOneMode};
use crate::interp::Interp;

pub fn ledger(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    match on_off("ledger", arg)? {
        Some(on) => ctx.insight.borrow_mut().ledger = on,
        None => info(interp, format!("ledger is {}", on_off_text(ctx.insight.borrow().ledger))),
    }
    Ok(Flow::Continue)
}

pub fn durations(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    match on_off("durations", arg)? {
        Some(true) if ctx.transcript.get() => {
            return Err(Error::new(ErrorKind::ValueError, "durations stay off while --transcript writes a transcript (they change from run to run)"))
        }
        Some(on) => ctx.insight.borrow_mut().times = on,
        None => info(interp, format!("durations is {}", on_off_text(ctx.insight.borrow().times))),
    }
    Ok(Flow::Continue)
}

pub fn nplusone(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    if arg.is_empty() {
        info(interp, format!("nplusone is {}", ctx.insight.borrow().nplusone.name()));
        return Ok(Flow::Continue);
    }
    let Some(mode) = NPlusOneMode::from_name(arg) else {
        return Err(find("nplusone").map_or_else(|| Error::new(ErrorKind::ValueError, "unknown mode"), usage));
    };
    ctx.insight.borrow_mut().nplusone = mode;
    Ok(Flow::Continue)
}

pub fn queries(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    let text = {
        let rec = ctx.insight.borrow();
        match arg {
            "" => match &rec.last_entry {
                Some((line, range)) => {
                    report::queries_text(&format!("line {}", line), &rec.records[range.clone()], rec.times)
                }
                None => "no SQL yet\n".to_string(),
            },
            "all" if rec.records.is_empty() => "no SQL yet\n".to_string(),
            "all" => report::queries_text("session", &rec.records, rec.times),
            _ => return Err(find("queries").map_or_else(|| Error::new(ErrorKind::ValueError, "usage"), usage)),
        }
    };
    info(interp, text);
    Ok(Flow::Continue)
}

pub fn stats(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    match arg {
        "" => {
            let text = report::stats_text(&ctx.insight.borrow());
            info(interp, text);
        }
        "reset" => ctx.insight.borrow_mut().reset(),
        _ => return Err(find("stats").map_or_else(|| Error::new(ErrorKind::ValueError, "usage"), usage)),
    }
    Ok(Flow::Continue)
}

pub fn timeline(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    let name = arg.trim();
    let text = if name.is_empty() {
        let mut named: Vec<(u32, String)> =
            interp.sa.names.borrow().iter().filter(|(_, v)| !v.is_empty()).map(|(id, v)| (*id, v.join(", "))).collect();
        named.sort();
        let rec = ctx.insight.borrow();
        let labelled: Vec<(u32, String)> = named
            .into_iter()
            .map(|(id, n)| {
                let label = rec.timelines.name(id).unwrap_or_default();
                (id, if label.is_empty() { n } else { format!("{} ({})", n, label) })
            })
            .collect();
        rec.timelines.lanes(&labelled)
    } else {
        let id = crate::interp::sa::dot::named_instance(interp, name)?.0;
        let rec = ctx.insight.borrow();
        let title = match rec.timelines.name(id) {
            Some(label) => format!("{} ({})", name, label),
            None => name.to_string(),
        };
        rec.timelines.text(id, &title)
    };
    info(interp, text);
    Ok(Flow::Continue)
}
