//! `.plan-sql [analyze] STMT`: the database's plan of the statement a Python
//! expression builds (a `select(…)`), compiled for the session's database and
//! asked of it through the engine (`engine::explain`); estimated by default,
//! actual with `analyze` (a SELECT, in a savepoint rolled back). Nothing is
//! echoed, traced as SQL, or counted by insight. `.eqp on|off`: the same plan
//! after every statement, from the engine (`engine::eqp`).
use super::dot::{info, on_off, on_off_text, Ctx, Flow};
use crate::events::{Event, Report};
use crate::exc::{Error, ErrorKind, Result};
use crate::interp::sa::select::SelectObj;
use crate::interp::Interp;

pub fn plan_sql(interp: &mut Interp, _ctx: &Ctx, arg: &str) -> Result<Flow> {
    let (analyze, text) = match arg.trim().strip_prefix("analyze ") {
        Some(rest) => (true, rest.trim()),
        None => (false, arg.trim()),
    };
    let module = crate::syntax::parse_module(text)?;
    let expr = match module.body.first().map(|s| &s.kind) {
        Some(crate::syntax::ast::StmtKind::Expr(e)) if module.body.len() == 1 => e.clone(),
        _ => return Err(Error::new(ErrorKind::ValueError, "usage: .plan-sql [analyze] STMT, where STMT is an expression such as select(User)")),
    };
    let value = interp.eval(&expr)?;
    let Some(sel) = value.downcast::<SelectObj>() else {
        return Err(Error::new(ErrorKind::TypeError, ".plan-sql needs a select(…) statement".to_string()));
    };
    let select = sel.to_sql_select(interp)?;
    let engine = interp.sa.default_engine.clone().ok_or_else(|| Error::new(ErrorKind::RuntimeError, "no engine"))?;
    let registry = interp.sa.metadata()?;
    let dialect = engine.dialect();
    let compiled = crate::sql::compiler::compile(&crate::sql::expr::Statement::Select(select), &registry.metadata, dialect, &Default::default())?;
    let conn = engine.connect()?;
    let plan = crate::engine::explain::explain(&conn, engine.backend(), &compiled.sql, &compiled.params, analyze);
    let notes = match &plan {
        Ok(plan) => crate::engine::eqp::scan_notes(&conn, engine.backend(), &compiled.sql, plan),
        Err(_) => Vec::new(),
    };
    conn.close()?;
    let plan = plan?;
    let mut out = format!("{} plan of {}\n", if analyze { "actual" } else { "estimated" }, compiled.sql.replace(" \n", " ").replace('\n', " "));
    for (i, line) in plan.iter().enumerate() {
        match notes.iter().find(|(at, _)| *at == i) {
            Some((_, note)) => out.push_str(&format!("  {} ({})\n", line, note)),
            None => out.push_str(&format!("  {}\n", line)),
        }
    }
    let list = |items: Vec<&String>| format!("[{}]", items.into_iter().map(|l| serde_json::Value::String(l.clone()).to_string()).collect::<Vec<_>>().join(","));
    let report = Report::new("plan_sql", out, false)
        .text_field("sql", &compiled.sql)
        .field("analyze", analyze.to_string())
        .field("plan", list(plan.iter().collect()))
        .field("notes", list(notes.iter().map(|(_, n)| n).collect()));
    interp.events.emit(Event::Report(report));
    Ok(Flow::Continue)
}

pub fn eqp(interp: &mut Interp, _ctx: &Ctx, arg: &str) -> Result<Flow> {
    match on_off("eqp", arg)? {
        Some(on) => interp.events.set_eqp(on),
        None => info(interp, format!("eqp is {}", on_off_text(interp.events.eqp()))),
    }
    Ok(Flow::Continue)
}
