//! The ON clause of a join given without one, from the foreign keys between
//! its two sides: SQLAlchemy's `Join._join_condition`, `_can_join` and
//! `_joincond_scan_left_right` (sql/selectable.py). The right side's foreign
//! keys to the left are looked at first, then the left's to the right; a join
//! on the left (`a JOIN b`) is tried by its last right side (`a_subset`)
//! before all of it. Each foreign key is its own constraint (the schema file
//! has column-level keys), shared by an alias of its table; two constraints
//! are ambiguous (`AmbiguousForeignKeysError`), none is `NoForeignKeysError`.

use super::expr::Expr;
use super::schema::{MetaData, TableId};
use crate::exc::{Error, ErrorKind, Result};
use std::rc::Rc;

/// One side of a join: a table, or an alias of it.
pub type Side = (TableId, Option<Rc<str>>);

/// A FROM to join from: its tables in join order; `joined` when it is a join
/// (its last table is then the right side of its last join).
#[derive(Clone, Debug, PartialEq)]
pub struct Left {
    pub tables: Vec<Side>,
    pub joined: bool,
}

impl Left {
    pub fn one(side: Side) -> Left {
        Left { tables: vec![side], joined: false }
    }
}

/// The (column of the left, column of the right) pairs of one constraint,
/// keyed by the table and column that hold the foreign key.
struct Constraint {
    key: (TableId, usize),
    pairs: Vec<(Expr, Expr)>,
}

fn col(side: &Side, column: usize) -> Expr {
    match &side.1 {
        Some(a) => Expr::aliased_col(side.0, a.clone(), column),
        None => Expr::col(side.0, column),
    }
}

fn push(out: &mut Vec<Constraint>, key: (TableId, usize), pair: (Expr, Expr)) {
    match out.iter_mut().find(|c| c.key == key) {
        Some(c) => c.pairs.push(pair),
        None => out.push(Constraint { key, pairs: vec![pair] }),
    }
}

/// `fk.get_referent(left)`: the side of `left` that is the table named,
/// the table itself before an alias of it (`corresponding_column`).
fn referent<'a>(md: &MetaData, left: &'a [Side], table: &str) -> Option<&'a Side> {
    let named = |s: &&Side| md.table(s.0).name == table;
    left.iter().filter(named).find(|s| s.1.is_none()).or_else(|| left.iter().find(named))
}

fn scan_one(md: &MetaData, left: &[Side], b: &Side, out: &mut Vec<Constraint>) {
    let bt = md.table(b.0);
    for (ci, c) in bt.columns.iter().enumerate() {
        let Some(fk) = &c.foreign_key else { continue };
        if let Some(l) = referent(md, left, &fk.table) {
            if let Some(pi) = md.table(l.0).column_index(&fk.column) {
                push(out, (b.0, ci), (col(l, pi), col(b, ci)));
            }
        }
    }
    if left.len() == 1 && left[0] == *b {
        return;
    }
    for l in left {
        for (ci, c) in md.table(l.0).columns.iter().enumerate() {
            let Some(fk) = &c.foreign_key else { continue };
            if fk.table == bt.name {
                if let Some(pi) = bt.column_index(&fk.column) {
                    push(out, (l.0, ci), (col(b, pi), col(l, ci)));
                }
            }
        }
    }
}

fn scan(md: &MetaData, left: &Left, b: &Side) -> Vec<Constraint> {
    let mut out = Vec::new();
    if left.joined {
        if let Some(last) = left.tables.last() {
            scan_one(md, std::slice::from_ref(last), b, &mut out);
            if !out.is_empty() {
                return out;
            }
        }
    }
    scan_one(md, &left.tables, b, &mut out);
    out
}

/// `Selectable._can_join`: some foreign key links the two sides.
pub fn can_join(md: &MetaData, left: &Left, b: &Side) -> bool {
    !scan(md, left, b).is_empty()
}

/// `FromClause.description` of a side, or of a join (SQLAlchemy names a join
/// by its two sides and their ids).
fn describe(md: &MetaData, left: &Left) -> String {
    let one = |s: &Side| s.1.as_deref().map(str::to_string).unwrap_or_else(|| md.table(s.0).name.clone());
    match left.tables.as_slice() {
        [s] => one(s),
        [.., a, b] => format!("Join object on {}({}) and {}({})", one(a), 139_776_000_000_000u64 + a.0 .0 as u64, one(b), 139_776_000_000_512u64 + b.0 .0 as u64),
        [] => String::new(),
    }
}

/// `Join._join_condition(left, b, a_subset=…)`.
pub fn join_condition(md: &MetaData, left: &Left, b: &Side) -> Result<Expr> {
    let mut found = scan(md, left, b);
    // `_joincond_trim_constraints`: several constraints that give the same pairs are one
    if found.len() > 1 && found.iter().all(|c| c.pairs == found[0].pairs) {
        found.truncate(1);
    }
    let right = describe(md, &Left::one(b.clone()));
    match found.len() {
        0 => Err(Error::new(
            ErrorKind::NoForeignKeysError,
            format!("Can't find any foreign key relationships between '{}' and '{}'.", describe(md, left), right),
        )),
        1 => {
            let mut crit: Vec<Expr> = found.remove(0).pairs.into_iter().map(|(x, y)| x.eq(y)).collect();
            Ok(if crit.len() == 1 { crit.remove(0) } else { Expr::and(crit) })
        }
        _ => Err(Error::new(
            ErrorKind::AmbiguousForeignKeysError,
            format!(
                "Can't determine join between '{}' and '{}'; tables have more than one foreign key constraint relationship between them. Please specify the 'onclause' of this join explicitly.",
                describe(md, left),
                right
            ),
        )),
    }
}
