//! SQLAlchemy's `sql.util._repr_params`: bound parameters as a Python repr,
//! long values cut to 300 characters (150 kept at each end), more than 100
//! parameters to 100, more than 10 parameter sets of an executemany to 10.
//! SQLAlchemy uses it for the `[parameters: …]` line of a `DBAPIError` and for
//! the echo of each statement (`Connection._log_parameters`), so both the
//! engine (errors) and the shell (echo) show parameters through here: a 10 MB
//! value never reaches the terminal whole.

use crate::sql::value::Value;

/// SQLAlchemy's `_repr_params` for one execution: a Python tuple repr, long
/// values and long tuples truncated as in a `DBAPIError` message. Empty
/// parameters give "" (SQLAlchemy then leaves out the `[parameters: …]` line).
pub fn repr_params(params: &[Value]) -> String {
    if params.is_empty() {
        return String::new();
    }
    repr_tuple(params)
}

/// `_repr_params` for executemany: a list of tuples, at most 10 shown.
pub fn repr_many_params(rows: &[Vec<Value>]) -> String {
    const BATCHES: usize = 10;
    let list = |rows: &[Vec<Value>]| format!("[{}]", rows.iter().map(|r| repr_tuple(r)).collect::<Vec<_>>().join(", "));
    if rows.len() > BATCHES {
        let head = list(&rows[..BATCHES - 2]);
        let tail = list(&rows[rows.len() - 2..]);
        format!(
            "{} {} {}",
            &head[..head.len() - 1],
            format_args!(" ... displaying {} of {} total bound parameter sets ... ", BATCHES, rows.len()),
            &tail[1..]
        )
    } else {
        list(rows)
    }
}

/// One execution's parameters as a Python tuple, each value through
/// [`truncated_repr`], more than 100 cut to 100: what the echo shows (`()` when
/// there are none; the error line is left out then, see [`repr_params`]).
pub fn repr_tuple(params: &[Value]) -> String {
    const MAX_PARAMS: usize = 100;
    let join = |vals: &[Value]| vals.iter().map(truncated_repr).collect::<Vec<_>>().join(", ");
    if params.len() > MAX_PARAMS {
        let half = MAX_PARAMS / 2;
        format!(
            "({} ... {} parameters truncated ... {})",
            join(&params[..half]),
            params.len() - MAX_PARAMS,
            join(&params[params.len() - half..])
        )
    } else if params.len() == 1 {
        format!("({},)", join(params))
    } else {
        format!("({})", join(params))
    }
}

/// `_repr_base.trunc`: a repr longer than 300 characters keeps 150 at each end.
fn truncated_repr(v: &Value) -> String {
    const MAX_CHARS: usize = 300;
    let rep = v.py_repr();
    let len = rep.chars().count();
    if len <= MAX_CHARS {
        return rep;
    }
    let seg = MAX_CHARS / 2;
    let head_end = rep.char_indices().nth(seg).map_or(rep.len(), |(i, _)| i);
    let tail_start = rep.char_indices().nth(len - seg).map_or(rep.len(), |(i, _)| i);
    format!("{} ... ({} characters truncated) ... {}", &rep[..head_end], len - MAX_CHARS, &rep[tail_start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_repr_like_python() {
        assert_eq!(repr_params(&[Value::Str("ed".into())]), "('ed',)");
        assert_eq!(repr_params(&[Value::Int(1), Value::Null]), "(1, None)");
        assert_eq!(repr_params(&[]), "");
        let rows: Vec<Vec<Value>> = vec![vec![Value::Str("x".into())], vec![Value::Str("ed".into())]];
        assert_eq!(repr_many_params(&rows), "[('x',), ('ed',)]");
        let many: Vec<Vec<Value>> = (0..12).map(|i| vec![Value::Int(i)]).collect();
        assert_eq!(
            repr_many_params(&many),
            "[(0,), (1,), (2,), (3,), (4,), (5,), (6,), (7,)  ... displaying 10 of 12 total bound parameter sets ...  (10,), (11,)]"
        );
        let long = Value::Str("a".repeat(400));
        let r = repr_params(&[long]);
        assert!(r.contains(" ... (102 characters truncated) ... "), "{r}");
    }

    #[test]
    fn echo_truncates_as_sqlalchemy_logs() {
        assert_eq!(repr_tuple(&[]), "()");
        let long = Value::Str("x".repeat(10_000_000));
        let shown = repr_tuple(&[long, Value::Int(1)]);
        // repr is 10,000,002 characters: 150 + the note + 150
        assert_eq!(shown, format!("('{} ... (9999702 characters truncated) ... {}', 1)", "x".repeat(149), "x".repeat(149)));
    }
}
