//! `.read FILE`: run a script file inside the session, its statements shown
//! and traced with the file's line numbers, its errors counted for the exit
//! status. Nested `.read`s are limited in depth.
use super::dot::{make_hook, Ctx, Flow};
use super::render;
use crate::exc::{Error, ErrorKind, Result};
use crate::interp::Interp;

/// Deepest `.read` nesting before we call it runaway recursion.
const MAX_READ_DEPTH: u32 = 16;

pub fn read(interp: &mut Interp, ctx: &Ctx, arg: &str) -> Result<Flow> {
    let text = std::fs::read_to_string(arg).map_err(|e| {
        Error::new(ErrorKind::RuntimeError, format!("cannot read {}: {}", arg, super::run::io_reason(&e)))
    })?;
    if ctx.read_depth.get() >= MAX_READ_DEPTH {
        return Err(Error::new(ErrorKind::RecursionError, format!(".read nested more than {} deep", MAX_READ_DEPTH)));
    }
    ctx.read_depth.set(ctx.read_depth.get() + 1);
    // The interpreter took our hook out while it runs us; the nested run needs one.
    let outer_hook = interp.dot_hook.replace(make_hook(ctx.clone()));
    // The script's statements are traced and shown with their line numbers.
    let shared_text: std::rc::Rc<str> = text.as_str().into();
    let source = render::Source { name: Some(arg.to_string()), text: shared_text.clone(), first_line: 1 };
    let (was_in_dot, had_lines, outer_source) = {
        let mut s = ctx.shared.settings.borrow_mut();
        (
            std::mem::replace(&mut s.in_dot_command, false),
            std::mem::replace(&mut s.error_lines, true),
            std::mem::replace(&mut s.source, Some(source)),
        )
    };
    ctx.insight.borrow_mut().add_source(1, shared_text);
    let outcome = interp.run_source(&text, 1);
    interp.events.flush();
    {
        let mut s = ctx.shared.settings.borrow_mut();
        s.in_dot_command = was_in_dot;
        s.error_lines = had_lines;
        s.source = outer_source;
    }
    interp.dot_hook = outer_hook;
    ctx.read_depth.set(ctx.read_depth.get() - 1);
    ctx.nested_errors.set(ctx.nested_errors.get() + outcome.errors);
    let stop = ctx.quit.get() || (interp.bail && outcome.errors > 0) || outcome.stopped;
    Ok(if stop { Flow::Stop } else { Flow::Continue })
}
