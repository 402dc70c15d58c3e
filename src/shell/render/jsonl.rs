//! The JSON-lines trace of SPEC §5 (`--format jsonl`): one object per line, in
//! the order things happen, encoded exactly as the conformance oracle
//! (`shared/conformance/oracle.py`, `out()` and `_jsonable`) encodes them:
//! keys in the SPEC's order, non-ASCII text as is, floats with Python's repr
//! digits, `Decimal` as a string, dates in ISO form, bytes as hex.
//!
//! The trace is the trace: SQL and transaction events are written whatever
//! `.echo` says; DDL, `Info` and dot-command output are never written.

use super::Shared;
use crate::events::{Event, EventSink, Params};
use crate::sql::value::{float_repr, Value};

/// Writes events as JSON lines.
pub struct JsonlSink {
    shared: Shared,
}

impl JsonlSink {
    pub fn new(shared: Shared) -> JsonlSink {
        JsonlSink { shared }
    }
}

impl EventSink for JsonlSink {
    fn emit(&mut self, ev: Event) {
        if let Event::Stmt { .. } = ev {
            self.shared.begin_statement();
        }
        let in_dot = self.shared.settings.borrow().in_dot_command;
        if in_dot && matches!(ev, Event::Value { .. }) {
            return;
        }
        if let Some(line) = encode_event(&ev) {
            self.shared.write(&(line + "\n"));
        }
    }
    fn closed(&self) -> bool {
        self.shared.failure().is_some()
    }
}

/// One event as a JSON line (no newline), or None for events not in the trace.
pub fn encode_event(ev: &Event) -> Option<String> {
    let fields: Vec<(&str, String)> = match ev {
        Event::Stmt { line } => vec![("line", line.to_string())],
        Event::Sql { sql, params, many, .. } => {
            if is_transaction_control(sql) {
                return None;
            }
            let params = match params {
                Params::One(row) => encode_row(row),
                Params::Many(rows) => format!("[{}]", rows.iter().map(|r| encode_row(r)).collect::<Vec<_>>().join(",")),
            };
            vec![("sql", json_str(&collapse_whitespace(sql))), ("params", params), ("many", many.to_string())]
        }
        Event::Tx { op, .. } => vec![("op", json_str(op.name()))],
        Event::State { obj, from, to } => vec![
            ("obj", json_str(&obj.to_string())),
            ("from", from.map(|s| json_str(s.name())).unwrap_or_else(|| "null".into())),
            ("to", json_str(to.name())),
        ],
        Event::Expire { obj, attrs } => {
            let attrs = match attrs {
                Some(names) => {
                    let mut names = names.clone();
                    names.sort();
                    format!("[{}]", names.iter().map(|n| json_str(n)).collect::<Vec<_>>().join(","))
                }
                None => "null".into(),
            };
            vec![("obj", json_str(&obj.to_string())), ("attrs", attrs)]
        }
        Event::Value { repr, .. } => vec![("repr", json_str(repr))],
        Event::Print { text, .. } => vec![("text", json_str(text))],
        Event::Error { kind, message, .. } => {
            vec![("type", json_str(kind)), ("message", json_str(message.split('\n').next().unwrap_or("")))]
        }
        Event::NPlusOne(n) => {
            let (psql, pline, prows) = match n.parent {
                Some((s, l, r)) => (s.to_string(), l.to_string(), r.to_string()),
                None => ("null".into(), "null".into(), "null".into()),
            };
            vec![
                ("kind", json_str(n.kind)),
                ("what", json_str(&n.what)),
                ("statements", n.statements.to_string()),
                ("parent_sql", psql),
                ("parent_line", pline),
                ("parent_rows", prows),
                ("line", n.trigger_line.to_string()),
                ("fix", json_str(&n.fix)),
            ]
        }
        Event::Report(r) => r.fields.iter().map(|(k, v)| (*k, v.clone())).collect(),
        Event::Ddl { .. }
        | Event::Info { .. }
        | Event::Cause(_)
        | Event::CauseEnd
        | Event::SqlDone { .. }
        | Event::IdentityHit { .. }
        | Event::RowMatched { .. }
        | Event::Ledger { .. }
        | Event::Notice { .. } => return None,
    };
    let mut line = format!("{{\"ev\":{}", json_str(event_name(ev)));
    for (key, value) in fields {
        line.push_str(&format!(",{}:{}", json_str(key), value));
    }
    line.push('}');
    Some(line)
}

fn event_name(ev: &Event) -> &'static str {
    match ev {
        Event::Stmt { .. } => "stmt",
        Event::Sql { .. } => "sql",
        Event::Ddl { .. } => "ddl",
        Event::Tx { .. } => "tx",
        Event::State { .. } => "state",
        Event::Expire { .. } => "expire",
        Event::Value { .. } => "value",
        Event::Print { .. } => "print",
        Event::Error { .. } => "error",
        Event::Info { .. } => "info",
        Event::Cause(_) => "cause",
        Event::CauseEnd => "cause_end",
        Event::SqlDone { .. } => "sql_done",
        Event::IdentityHit { .. } => "identity_hit",
        Event::RowMatched { .. } => "row_matched",
        Event::Ledger { .. } => "ledger",
        Event::Notice { .. } => "notice",
        Event::NPlusOne(_) => "nplusone",
        Event::Report(r) => r.kind,
    }
}

/// The oracle leaves statements that are transaction control out of `sql`
/// events (they are `tx` events); raw SQL such as `.sql BEGIN` is left out the same way.
fn is_transaction_control(sql: &str) -> bool {
    let head = sql.trim_start().to_uppercase();
    ["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "XA ", "PREPARE TRANSACTION"]
        .iter()
        .any(|k| head.starts_with(k))
}

/// Python's `" ".join(sql.split())`.
pub fn collapse_whitespace(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn encode_row(row: &[Value]) -> String {
    format!("[{}]", row.iter().map(encode_value).collect::<Vec<_>>().join(","))
}

/// One parameter as `json.dumps(v, default=_jsonable, ensure_ascii=False)` writes it.
pub fn encode_value(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => json_float(*f),
        Value::Decimal(_) | Value::Date(_) | Value::DateTime(_) | Value::Time(_) => json_str(&v.py_str()),
        Value::Str(s) => json_str(s),
        Value::Bytes(b) => json_str(&b.iter().map(|c| format!("{:02x}", c)).collect::<String>()),
        // A JSON column's parameter is the document serialized by SQLAlchemy's
        // default serializer, `json.dumps` with its default separators.
        Value::Json(j) => json_str(&crate::sql::dialect::py_json_dumps(j)),
    }
}

/// Python's `json` float: its repr, and `NaN`/`Infinity` for the specials.
fn json_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity".into() } else { "-Infinity".into() }
    } else {
        float_repr(f)
    }
}

/// A JSON string as Python's `json.dumps(..., ensure_ascii=False)` writes it:
/// only `"`, `\` and control characters are escaped (`\n` style where JSON has one).
pub fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{LifecycleState, ObjLabel, Table, TxOp};
    use chrono::NaiveDate;

    fn user(n: u32) -> ObjLabel {
        ObjLabel { class: "User".into(), n, id: n }
    }

    fn enc(ev: Event) -> String {
        encode_event(&ev).unwrap_or_else(|| "<none>".into())
    }

    #[test]
    fn every_event_kind_in_spec_key_order() {
        assert_eq!(enc(Event::Stmt { line: 1 }), r#"{"ev":"stmt","line":1}"#);
        assert_eq!(
            enc(Event::Sql {
                sql: "INSERT INTO users (name)\n  VALUES (?)".into(),
                params: Params::One(vec![Value::Str("ed".into())]),
                many: false,
                elapsed_us: Some(3),
                batch: None,
            }),
            r#"{"ev":"sql","sql":"INSERT INTO users (name) VALUES (?)","params":["ed"],"many":false}"#
        );
        assert_eq!(
            enc(Event::Sql {
                sql: "UPDATE users SET name=? WHERE users.id = ?".into(),
                params: Params::Many(vec![
                    vec![Value::Str("a".into()), Value::Int(1)],
                    vec![Value::Str("b".into()), Value::Int(2)]
                ]),
                many: true,
                elapsed_us: None,
                batch: None,
            }),
            r#"{"ev":"sql","sql":"UPDATE users SET name=? WHERE users.id = ?","params":[["a",1],["b",2]],"many":true}"#
        );
        assert_eq!(enc(Event::Tx { op: TxOp::Begin, name: None }), r#"{"ev":"tx","op":"begin"}"#);
        assert_eq!(enc(Event::Tx { op: TxOp::RollbackTo, name: Some("sa_savepoint_1".into()) }), r#"{"ev":"tx","op":"rollback_to"}"#);
        assert_eq!(
            enc(Event::State { obj: user(1), from: Some(LifecycleState::Transient), to: LifecycleState::Pending }),
            r#"{"ev":"state","obj":"User#1","from":"transient","to":"pending"}"#
        );
        assert_eq!(
            enc(Event::State { obj: user(2), from: None, to: LifecycleState::Persistent }),
            r#"{"ev":"state","obj":"User#2","from":null,"to":"persistent"}"#
        );
        assert_eq!(
            enc(Event::Expire { obj: user(1), attrs: Some(vec!["name".into(), "fullname".into()]) }),
            r#"{"ev":"expire","obj":"User#1","attrs":["fullname","name"]}"#
        );
        assert_eq!(enc(Event::Expire { obj: user(1), attrs: None }), r#"{"ev":"expire","obj":"User#1","attrs":null}"#);
        let table = Table { columns: vec!["id".into()], rows: vec![vec!["1".into()]] };
        assert_eq!(
            enc(Event::Value { repr: "[User(id=1, name='ed')]".into(), table: Some(table) }),
            r#"{"ev":"value","repr":"[User(id=1, name='ed')]"}"#
        );
        assert_eq!(enc(Event::Print { text: "héllo \"x\"\n".into(), end: "\n".into() }), r#"{"ev":"print","text":"héllo \"x\"\n"}"#);
        assert_eq!(
            enc(Event::Error {
                kind: "IntegrityError".into(),
                message: "(sqlite3.IntegrityError) UNIQUE constraint failed: users.name\n[SQL: INSERT …]".into(),
                line: Some(3),
                col: Some(2),
                hint: Some("Did you mean: 'x'?".into()),
            }),
            r#"{"ev":"error","type":"IntegrityError","message":"(sqlite3.IntegrityError) UNIQUE constraint failed: users.name"}"#
        );
    }

    #[test]
    fn ddl_info_and_transaction_control_sql_are_not_traced() {
        assert_eq!(encode_event(&Event::Ddl { sql: "CREATE TABLE t (id INTEGER)".into() }), None);
        assert_eq!(encode_event(&Event::Info { text: "hello".into() }), None);
        let begin = Event::Sql { sql: "  begin".into(), params: Params::One(vec![]), many: false, elapsed_us: None, batch: None };
        assert_eq!(encode_event(&begin), None);
    }

    #[test]
    fn parameters_encode_like_pythons_json_with_jsonable() {
        let d = NaiveDate::from_ymd_opt(2023, 5, 2).unwrap_or_default();
        let dt = d.and_hms_micro_opt(12, 0, 0, 5).unwrap_or_default();
        let row = vec![
            Value::Null,
            Value::Bool(true),
            Value::Int(-7),
            Value::Float(1.0),
            Value::Float(0.1 + 0.2),
            Value::Float(1e16),
            Value::Float(f64::NAN),
            Value::Float(f64::NEG_INFINITY),
            Value::Decimal("9.99".parse().unwrap_or_default()),
            Value::Date(d),
            Value::DateTime(d.and_hms_opt(12, 0, 0).unwrap_or_default()),
            Value::DateTime(dt),
            Value::Time(dt.time()),
            Value::Bytes(vec![0, 0xab, 0x10]),
            Value::Str("ünï\u{1}".into()),
            Value::Json(Box::new(serde_json::json!({"a": [1, 2.5], "b": "é"}))),
        ];
        assert_eq!(
            encode_row(&row),
            concat!(
                r#"[null,true,-7,1.0,0.30000000000000004,1e+16,NaN,-Infinity,"9.99","2023-05-02","#,
                r#""2023-05-02 12:00:00","2023-05-02 12:00:00.000005","12:00:00.000005","00ab10","ünï\u0001","#,
                r#""{\"a\": [1, 2.5], \"b\": \"\\u00e9\"}"]"#
            )
        );
    }

    #[test]
    fn jsonl_sink_writes_trace_even_with_echo_off_and_hides_dot_command_tables() {
        use super::super::{Capture, Format, Settings, Shared};
        let cap = Capture::default();
        let shared = Shared::new(Settings::new(Format::Jsonl, false, false), Box::new(cap.clone()));
        let mut sink = JsonlSink::new(shared.clone());
        assert!(sink.wants_sql());
        sink.emit(Event::Tx { op: TxOp::Commit, name: None });
        shared.settings.borrow_mut().in_dot_command = true;
        sink.emit(Event::Value { repr: "x".into(), table: None });
        shared.settings.borrow_mut().in_dot_command = false;
        sink.emit(Event::Value { repr: "2".into(), table: None });
        assert_eq!(cap.text(), "{\"ev\":\"tx\",\"op\":\"commit\"}\n{\"ev\":\"value\",\"repr\":\"2\"}\n");
    }
}
