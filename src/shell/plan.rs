//! `.plan`: the next flush's statements, in order, with the reason for each,
//! as `orm::flush_plan` computes them from the session without running or
//! loading anything. Here only the words: names bound to objects (`u1`), the
//! reasons, the markers for self-referential ordering and mapper cycles, and
//! the trace's `{"ev":"plan",…}` fields. SQLAlchemy shows no such plan.
use super::dot::{Ctx, Flow};
use super::render::jsonl::json_str;
use crate::events::{Event, Report};
use crate::exc::Result;
use crate::interp::Interp;
use crate::orm::flush_plan::{FlushPreview, Op, Why};
use crate::orm::session::Orm;
use crate::orm::state::InstanceId;

/// How objects are called in the plan: the first name bound to them, else `User#1`.
pub struct Namer<'a> {
    pub orm: &'a Orm,
    pub names: std::collections::HashMap<u32, String>,
}

impl Namer<'_> {
    pub fn new<'a>(interp: &Interp, orm: &'a Orm) -> Namer<'a> {
        let names = interp
            .sa
            .names
            .borrow()
            .iter()
            .filter_map(|(id, v)| v.iter().min().map(|n| (*id, n.to_string())))
            .collect();
        Namer { orm, names }
    }
    pub fn name(&self, id: InstanceId) -> String {
        match self.names.get(&id.0) {
            Some(n) => n.clone(),
            None => self.orm.instances.label(id).to_string(),
        }
    }
    pub fn bound(&self, id: InstanceId) -> Option<&str> {
        self.names.get(&id.0).map(|s| s.as_str())
    }
}

fn why_text(w: &Why, n: &Namer) -> String {
    match w {
        Why::New => "new".into(),
        Why::ParentOf(c, rel) => format!("parent of {} ({})", n.name(*c), rel),
        Why::ChildOf(p, rel) => format!("foreign key from {} ({})", n.name(*p), rel),
        Why::Changed(cols) => format!("changed: {}", cols.join(", ")),
        Why::Deleted => "session.delete()".into(),
        Why::CascadeDelete(p, rel) => format!("cascade delete from {} ({})", n.name(*p), rel),
        Why::Orphan(Some(p), rel) => format!("cascade delete-orphan: removed from {}.{}", n.name(*p), rel.split_once('.').map_or(rel.as_str(), |x| x.1)),
        Why::Orphan(None, _) => "cascade delete-orphan: it has no parent".into(),
        Why::Nulled(p, rel) => format!("foreign key set to NULL: {} ({}) let it go", n.name(*p), rel),
        Why::RowSwitch(old) => format!("takes the row of deleted {} (row switch)", n.name(*old)),
        Why::Link(rel) => format!("association row of {}", rel),
        Why::Undeleted(_) => "deleted, then added to a saved parent's collection: saved instead".into(),
    }
}

/// The text and trace event of a plan.
pub fn plan_report(p: &FlushPreview, n: &Namer) -> Report {
    let mut text = String::new();
    let mut steps = Vec::new();
    if p.steps.is_empty() && p.error.is_none() && p.unknown.is_empty() {
        text.push_str("nothing to flush\n");
    } else if let Some(e) = &p.error {
        text.push_str(&format!("the next flush fails before any statement: {}\n", e));
    } else {
        let count = p.steps.len();
        text.push_str(&format!("next flush: {} row{}, in this order\n", count, if count == 1 { "" } else { "s" }));
    }
    let width = p.steps.len().to_string().len();
    for (i, s) in p.steps.iter().enumerate() {
        let what = match s.other {
            Some(o) => format!("{} {} ({} ↔ {})", s.op.name(), s.table, n.name(s.obj), n.name(o)),
            None => format!("{} {} ({})", s.op.name(), s.table, n.name(s.obj)),
        };
        let mut why: Vec<String> = s.why.iter().map(|w| why_text(w, n)).collect();
        if s.self_ref && matches!(s.op, Op::Insert | Op::Delete) {
            why.push(if s.op == Op::Insert { "self-referential: parents first".into() } else { "self-referential: children first".into() });
        }
        if s.cycle {
            why.push("cycle between classes: run in name order".into());
        }
        text.push_str(&format!("  {:>w$}  {} — {}\n", i + 1, what, why.join("; "), w = width));
        let obj = |id: InstanceId| -> String {
            format!(
                "{{\"obj\":{},\"name\":{}}}",
                json_str(&n.orm.instances.label(id).to_string()),
                n.bound(id).map(json_str).unwrap_or_else(|| "null".into())
            )
        };
        steps.push(format!(
            "{{\"n\":{},\"op\":{},\"table\":{},\"row\":{},\"other\":{},\"why\":[{}],\"self_ref\":{},\"cycle\":{}}}",
            i + 1,
            json_str(s.op.name()),
            json_str(&s.table),
            obj(s.obj),
            s.other.map(obj).unwrap_or_else(|| "null".into()),
            why.iter().map(|w| json_str(w)).collect::<Vec<_>>().join(","),
            s.self_ref,
            s.cycle
        ));
    }
    for u in &p.unknown {
        text.push_str(&format!("  ?  {}.{}: {}\n", n.name(u.obj), u.rel.split_once('.').map_or(u.rel.as_str(), |x| x.1), u.what));
    }
    if p.list_only > 0 {
        text.push_str(&format!("  (and {} object(s) whose foreign key follows a changed key, committed without a statement)\n", p.list_only));
    }
    let unknown: Vec<String> = p
        .unknown
        .iter()
        .map(|u| format!("{{\"obj\":{},\"rel\":{},\"what\":{}}}", json_str(&n.orm.instances.label(u.obj).to_string()), json_str(&u.rel), json_str(u.what)))
        .collect();
    Report::new("plan", text, false)
        .field("steps", format!("[{}]", steps.join(",")))
        .field("unknown", format!("[{}]", unknown.join(",")))
        .field("error", p.error.as_deref().map(json_str).unwrap_or_else(|| "null".into()))
}

/// `.plan`
pub fn plan(interp: &mut Interp, _ctx: &Ctx, _arg: &str) -> Result<Flow> {
    let Some(sid) = crate::interp::sa::dot::current_session(interp) else {
        interp.events.emit(Event::Info { text: "no session".into() });
        return Ok(Flow::Continue);
    };
    let report = {
        let orm = interp.sa.orm()?;
        let preview = orm.flush_preview(sid);
        plan_report(&preview, &Namer::new(interp, orm))
    };
    interp.events.emit(Event::Report(report));
    Ok(Flow::Continue)
}
