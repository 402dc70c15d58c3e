//! `.eqp on` (sqlite3's `.eqp`; SQLAlchemy has no counterpart: its nearest is
//! `echo=True`, which shows the statement and not the database's plan): after
//! each statement a connection sends successfully, the database's estimated plan
//! of it, joined to the cause the statement ran for (`lazy load of
//! User.addresses → SCAN addresses (no index on addresses.user_id)`), emitted as
//! an `eqp` report.
//!
//! Unseen by the session: the EXPLAIN (and the catalog query that tells
//! whether a scanned column has an index) go on the DBAPI connection
//! (`Connection::execute_dbapi`): no `sql` event, no echo, nothing counted, no
//! transaction begun (the statement itself was just sent in the connection's
//! transaction). Estimated only, so nothing runs twice. A failed statement is
//! not explained (on PostgreSQL its transaction is aborted), and on PostgreSQL
//! the EXPLAIN runs inside a savepoint rolled back on failure, so a plan that
//! cannot be had never aborts the session's transaction; it is reported as
//! unavailable instead.
use super::connection::Connection;
use super::explain::explain_as;
use super::url::Backend;
use crate::events::{Event, Report};
use crate::exc;
use crate::sql::value::Value;

/// Statements with a plan worth showing: reads, and writes that find rows.
/// A plain `INSERT … VALUES` has no access path and is left out.
pub fn explainable(sql: &str) -> bool {
    let head: String = sql.trim_start().chars().take_while(|c| c.is_ascii_alphabetic()).collect::<String>().to_ascii_uppercase();
    match head.as_str() {
        "SELECT" | "WITH" | "UPDATE" | "DELETE" => true,
        // INSERT … SELECT from tables; not the VALUES of an "insertmanyvalues" batch
        "INSERT" | "REPLACE" => {
            let w = words(sql);
            w.iter().any(|w| w.eq_ignore_ascii_case("SELECT")) && !w.iter().any(|w| w.eq_ignore_ascii_case("VALUES"))
        }
        _ => false,
    }
}

/// Follow the statement `sql` that just ran on `conn` with its plan (an `eqp` report).
pub fn follow(conn: &Connection, sql: &str, params: &[Value]) {
    if !explainable(sql) {
        return;
    }
    let engine = conn.engine();
    let (events, backend) = (engine.events(), engine.backend());
    let cause = events.cause().map_or_else(|| "query".to_string(), |c| c.text());
    let outcome = guarded(conn, backend, || {
        let plan = explain_as(conn, backend, sql, params, false, true)?;
        let notes = scan_notes(conn, backend, sql, &plan);
        Ok((plan, notes))
    });
    let report = match outcome {
        Ok((plan, _)) if plan.is_empty() => return,
        Ok((plan, notes)) => {
            let lines: Vec<String> = plan
                .iter()
                .enumerate()
                .map(|(i, l)| match notes.iter().find(|(at, _)| *at == i) {
                    Some((_, n)) => format!("{} ({})", l, n),
                    None => l.clone(),
                })
                .collect();
            let text = match lines.as_slice() {
                [one] => format!("plan · {} → {}", cause, one.trim()),
                _ => format!("plan · {} →\n{}", cause, lines.iter().map(|l| format!("    {}", l)).collect::<Vec<_>>().join("\n")),
            };
            Report::new("eqp", text, true)
                .text_field("cause", &cause)
                .text_field("sql", sql)
                .field("plan", json_list(&plan))
                .field("notes", json_list(&notes.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>()))
        }
        Err(e) => Report::new("eqp", format!("plan · {} → unavailable: {}", cause, e.message), true)
            .text_field("cause", &cause)
            .text_field("sql", sql)
            .text_field("error", &e.message),
    };
    events.emit(Event::Report(report));
}

fn json_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|l| serde_json::Value::String(l.clone()).to_string()).collect::<Vec<_>>().join(","))
}

/// On PostgreSQL, run `f` inside a savepoint rolled back when it fails: a
/// failed EXPLAIN must not abort the session's transaction. Where there is no
/// transaction block (AUTOCOMMIT) the SAVEPOINT fails and `f` runs alone.
fn guarded<T>(conn: &Connection, backend: Backend, f: impl FnOnce() -> exc::Result<T>) -> exc::Result<T> {
    if backend != Backend::Postgresql {
        return f();
    }
    let saved = conn.execute_dbapi("SAVEPOINT ormsh_eqp", &[]).is_ok();
    let out = f();
    if saved {
        if out.is_err() {
            let _ = conn.execute_dbapi("ROLLBACK TO SAVEPOINT ormsh_eqp", &[]);
        }
        let _ = conn.execute_dbapi("RELEASE SAVEPOINT ormsh_eqp", &[]);
    }
    out
}

/// For each full scan in `plan` of a table the statement filters or joins on
/// by a column no index starts with: (plan line, "no index on
/// addresses.user_id"), asking the catalog which columns lead an index. A scan
/// despite an index is the planner's choice (a small table, a hash join) and
/// gets no note. `.plan-sql` adds them too.
pub fn scan_notes(conn: &Connection, backend: Backend, sql: &str, plan: &[String]) -> Vec<(usize, String)> {
    let tokens = words(sql);
    let mut out = Vec::new();
    for (at, name) in scans(backend, plan) {
        let table = table_of(&tokens, &name);
        let columns = predicate_columns(&tokens, &name);
        if columns.is_empty() {
            continue;
        }
        let Ok(indexes) = leading_columns(conn, backend, &table) else { continue };
        let notes: Vec<String> = columns
            .iter()
            .filter(|c| !indexes.iter().any(|(_, col)| col == *c))
            .map(|c| format!("no index on {}.{}", table, c))
            .collect();
        if !notes.is_empty() {
            out.push((at, notes.join("; ")));
        }
    }
    out
}

/// The plan lines that read a whole table, with the name the plan gives it
/// (the alias when the statement has one).
fn scans(backend: Backend, plan: &[String]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in plan.iter().enumerate() {
        let t = line.trim();
        let name = match backend {
            // `SCAN addresses`; not `SCAN CONSTANT ROW`, not `SCAN t USING INDEX …`
            Backend::Sqlite => t.strip_prefix("SCAN ").filter(|r| !r.contains(' ')).map(str::to_string),
            // `Seq Scan on addresses [alias]`
            Backend::Postgresql => t.find("Seq Scan on ").and_then(|p| {
                let mut rest = t[p + "Seq Scan on ".len()..].split_whitespace();
                let table = rest.next()?;
                // the alias, unless the next word is the costs: `(cost=…)`
                Some(rest.next().filter(|a| !a.starts_with('(')).unwrap_or(table).to_string())
            }),
            // `addresses: type=ALL …`
            Backend::Mysql | Backend::Mariadb => t.split_once(": type=ALL ").map(|(n, _)| n.to_string()),
        };
        if let Some(n) = name {
            out.push((i, n.trim_matches('"').to_string()));
        }
    }
    out
}

/// The statement's words: identifiers unquoted, punctuation one character each,
/// string literals left out.
fn words(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '`' => {
                let mut w = String::new();
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                    w.push(d);
                }
                out.push(w);
            }
            '\'' => {
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                }
            }
            c if c.is_alphanumeric() || c == '_' || c == '$' => {
                let mut w = String::from(c);
                while let Some(&d) = chars.peek() {
                    if !(d.is_alphanumeric() || d == '_' || d == '$') {
                        break;
                    }
                    w.push(d);
                    chars.next();
                }
                out.push(w);
            }
            c if c.is_whitespace() => {}
            c => out.push(c.to_string()),
        }
    }
    out
}

/// The table behind `name`: the table of `table AS name`, else `name` itself.
fn table_of(tokens: &[String], name: &str) -> String {
    tokens
        .windows(3)
        .find(|w| w[1].eq_ignore_ascii_case("AS") && w[2] == name)
        .map_or_else(|| name.to_string(), |w| w[0].clone())
}

/// The columns of `name` the statement compares in its FROM (joins) and WHERE
/// clauses: `name.col` after the first FROM (WHERE for an UPDATE), before the
/// last ORDER BY / GROUP BY.
fn predicate_columns(tokens: &[String], name: &str) -> Vec<String> {
    let is = |t: &String, k: &str| t.eq_ignore_ascii_case(k);
    let update = tokens.first().is_some_and(|t| is(t, "UPDATE"));
    let start = tokens.iter().position(|t| is(t, if update { "WHERE" } else { "FROM" })).unwrap_or(tokens.len());
    let end = tokens.iter().rposition(|t| is(t, "ORDER") || is(t, "GROUP")).filter(|e| *e > start).unwrap_or(tokens.len());
    let mut out: Vec<String> = Vec::new();
    for w in tokens[start..end].windows(3) {
        if w[0] == name && w[1] == "." && !out.contains(&w[2]) {
            out.push(w[2].clone());
        }
    }
    out
}

/// (index name, its first column) for every index of `table`, primary key
/// included, from the catalog.
fn leading_columns(conn: &Connection, backend: Backend, table: &str) -> exc::Result<Vec<(String, String)>> {
    // a string literal: quotes doubled; MySQL also reads backslashes as escapes
    let lit = match backend {
        Backend::Mysql | Backend::Mariadb => format!("'{}'", table.replace('\\', "\\\\").replace('\'', "''")),
        _ => format!("'{}'", table.replace('\'', "''")),
    };
    let sql = match backend {
        Backend::Sqlite => format!(
            "SELECT il.name, ii.name FROM pragma_index_list({lit}) AS il, pragma_index_info(il.name) AS ii WHERE ii.seqno = 0 \
             UNION ALL SELECT 'PRIMARY KEY', name FROM pragma_table_info({lit}) WHERE pk = 1"
        ),
        Backend::Postgresql => format!(
            "SELECT ic.relname, a.attname FROM pg_catalog.pg_index ix \
             JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid \
             JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[0] \
             WHERE ix.indrelid = to_regclass(quote_ident({lit}))"
        ),
        Backend::Mysql | Backend::Mariadb => format!(
            "SELECT index_name, column_name FROM information_schema.statistics \
             WHERE table_schema = DATABASE() AND table_name = {lit} AND seq_in_index = 1"
        ),
    };
    let rs = conn.execute_dbapi(&sql, &[])?;
    let text = |v: Option<&Value>| match v {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
        Some(other) => other.py_repr(),
        None => String::new(),
    };
    Ok(rs.rows.iter().map(|r| (text(r.first()), text(r.get(1)))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_statements_are_explained() {
        assert!(explainable("SELECT users.id FROM users"));
        assert!(explainable("  with x as (select 1) select * from x"));
        assert!(explainable("UPDATE users SET name=? WHERE users.id = ?"));
        assert!(explainable("DELETE FROM users WHERE users.id = ?"));
        assert!(!explainable("INSERT INTO users (name) VALUES (?)"));
        assert!(explainable("INSERT INTO users (name) SELECT addresses.email FROM addresses"));
        assert!(!explainable("INSERT INTO users (name) SELECT p0::VARCHAR FROM (VALUES (%(name__0)s, 0)) AS imp_sen(p0, sen_counter) ORDER BY sen_counter"));
        assert!(!explainable("INSERT INTO t (a) VALUES ('SELECT')"));
        assert!(!explainable("CREATE TABLE t (id INTEGER)"));
        assert!(!explainable("PRAGMA foreign_keys"));
    }

    #[test]
    fn scans_per_backend() {
        let plan = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(scans(Backend::Sqlite, &plan(&["SCAN addresses_1", "SEARCH users USING INDEX ix (name=?)", "SCAN CONSTANT ROW"])), vec![(0, "addresses_1".to_string())]);
        assert_eq!(scans(Backend::Sqlite, &plan(&["SCAN users USING COVERING INDEX ix"])), vec![]);
        assert_eq!(scans(Backend::Postgresql, &plan(&["Hash Join", "  ->  Seq Scan on addresses addresses_1", "  ->  Seq Scan on users"])), vec![(1, "addresses_1".to_string()), (2, "users".to_string())]);
        assert_eq!(scans(Backend::Postgresql, &plan(&["Seq Scan on addresses  (cost=0.00..14.00 rows=2 width=226)"])), vec![(0, "addresses".to_string())]);
        assert_eq!(scans(Backend::Mariadb, &plan(&["addresses: type=ALL key=NULL (Using where)", "users: type=eq_ref key=PRIMARY"])), vec![(0, "addresses".to_string())]);
    }

    #[test]
    fn predicate_columns_of_a_table_or_its_alias() {
        let sql = "SELECT addresses.id, addresses.email \nFROM addresses \nWHERE ? = addresses.user_id ORDER BY addresses.id";
        let t = words(sql);
        assert_eq!(predicate_columns(&t, "addresses"), vec!["user_id"]);
        let sql = "SELECT users.id FROM users JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id WHERE addresses_1.email = 'a.b'";
        let t = words(sql);
        assert_eq!(table_of(&t, "addresses_1"), "addresses");
        assert_eq!(predicate_columns(&t, "addresses_1"), vec!["user_id", "email"]);
        assert_eq!(predicate_columns(&t, "users"), vec!["id"]);
        let t = words("UPDATE addresses SET email=? WHERE addresses.user_id = ?");
        assert_eq!(predicate_columns(&t, "addresses"), vec!["user_id"]);
        let t = words("SELECT \"Odd\".\"Col\" FROM \"Odd\" WHERE \"Odd\".\"Key\" = %(k)s");
        assert_eq!(predicate_columns(&t, "Odd"), vec!["Key"]);
        assert!(predicate_columns(&words("SELECT users.id FROM users"), "users").is_empty());
    }
}
