//! The recorder driven by hand-made event streams: causes nest, N+1 rules
//! fire on siblings and loops and never on single-row or created parents.
use super::*;
use crate::events::{ObjLabel, Params};
use crate::sql::value::Value;

fn obj(class: &str, n: u32) -> ObjLabel {
    ObjLabel { class: class.into(), n, id: n + if class == "User" { 0 } else { 1000 } }
}

struct Run {
    rec: Rc<RefCell<Recorder>>,
    tap: RecorderTap,
    out: Vec<Event>,
    run: u64,
}

impl Run {
    fn new() -> Run {
        let rec = Recorder::shared();
        rec.borrow_mut().times = false;
        Run { tap: RecorderTap(rec.clone()), rec, out: Vec::new(), run: 0 }
    }
    fn ev(&mut self, ev: Event, line: u32) {
        // each event a new run of its line (as a loop body)
        self.run += 1;
        let out = self.tap.observe(&ev, crate::events::Position { line, run: self.run });
        self.out.extend(out);
    }
    fn stmt(&mut self, line: u32) {
        self.ev(Event::Stmt { line }, line);
    }
    fn sql(&mut self, sql: &str, p: i64, line: u32) {
        self.ev(Event::Sql { sql: sql.into(), params: Params::One(vec![Value::Int(p)]), many: false, elapsed_us: None, batch: None }, line);
        self.ev(Event::SqlDone { elapsed_us: 10, rows: 1 }, line);
    }
    /// A multi-row SELECT of users 1..=k.
    fn load_users(&mut self, k: u32, line: u32) {
        self.sql("SELECT users.id FROM users", 0, line);
        for n in 1..=k {
            self.ev(Event::State { obj: obj("User", n), from: None, to: LifecycleState::Persistent }, line);
        }
    }
    fn lazy(&mut self, n: u32, line: u32) {
        self.ev(Event::Cause(Cause::LazyLoad("User.addresses".into(), Some(obj("User", n)), true)), line);
        self.sql("SELECT addresses.id FROM addresses WHERE ? = addresses.user_id", n as i64, line);
        self.ev(Event::CauseEnd, line);
    }
    fn close(&mut self) {
        let out = self.tap.close();
        self.out.extend(out);
    }
    fn reports(&self) -> Vec<&crate::events::NPlusOne> {
        self.out.iter().filter_map(|e| if let Event::NPlusOne(n) = e { Some(n) } else { None }).collect()
    }
    fn ledgers(&self) -> Vec<&str> {
        self.out.iter().filter_map(|e| if let Event::Ledger { text } = e { Some(text.as_str()) } else { None }).collect()
    }
}

#[test]
fn lazy_loads_on_siblings_are_one_report_with_parent_trigger_and_fix() {
    let mut r = Run::new();
    r.rec.borrow_mut().ledger = true;
    r.stmt(1);
    r.load_users(3, 1);
    r.stmt(2);
    for n in 1..=3 {
        r.lazy(n, 3);
    }
    r.close();
    let reports = r.reports();
    assert_eq!(reports.len(), 1, "{:?}", r.out);
    let n = reports[0];
    assert_eq!((n.kind, n.what.as_str(), n.statements, n.trigger_line), ("relationship", "User.addresses", 3, 3));
    assert_eq!(n.parent, Some((1, 1, 3)));
    assert_eq!(n.fix, ".options(selectinload(User.addresses))");
    assert_eq!(r.ledgers(), vec!["1 SQL: 1 query", "3 SQL: 3 lazy (User.addresses ×3, similar)"]);
    // the same pattern again from the same line is not reported twice
    r.stmt(2);
    for n in 1..=3 {
        r.lazy(n, 3);
    }
    r.close();
    assert_eq!(r.reports().len(), 1);
    assert_eq!(r.rec.borrow().totals.nplusone, 1);
}

#[test]
fn single_row_parents_and_created_objects_are_never_reported() {
    let mut r = Run::new();
    r.stmt(1);
    r.load_users(1, 1); // User#1 alone (get(), one())
    r.stmt(2);
    r.lazy(1, 2);
    r.lazy(7, 2); // User#7 was created in the session: no loading statement
    r.lazy(8, 2);
    r.close();
    assert!(r.reports().is_empty(), "{:?}", r.out);
}

#[test]
fn a_statement_repeated_from_one_line_with_new_parameters_is_a_loop() {
    let mut r = Run::new();
    r.stmt(1);
    for p in 1..=3 {
        r.sql("SELECT users.id FROM users WHERE users.id = ?", p, 2);
    }
    // the same parameters twice is a duplicate, not a loop over keys
    r.stmt(4);
    for _ in 1..=2 {
        r.sql("SELECT count(*) FROM users WHERE users.id = ?", 1, 5);
    }
    r.close();
    let reports = r.reports();
    assert_eq!(reports.len(), 1, "{:?}", r.out);
    assert_eq!((reports[0].kind, reports[0].statements, reports[0].trigger_line), ("loop", 3, 2));
    let rec = r.rec.borrow();
    let text = report::queries_text("line 4", &rec.records[3..], false);
    assert!(text.contains("2× query · line 5 · SQL #4, #5 · duplicate"), "{}", text);
}

#[test]
fn causes_nest_and_flush_inside_commit_counts_as_commit() {
    let mut r = Run::new();
    r.stmt(1);
    r.ev(Event::Cause(Cause::Commit), 1);
    r.ev(Event::Cause(Cause::Flush), 1);
    r.sql("INSERT INTO users (name) VALUES (?)", 1, 1);
    r.ev(Event::CauseEnd, 1);
    r.ev(Event::CauseEnd, 1);
    r.ev(Event::Cause(Cause::LazyLoad("User.addresses".into(), None, true)), 2);
    r.ev(Event::Cause(Cause::Autoflush), 2);
    r.sql("UPDATE users SET name=? WHERE users.id = ?", 1, 2);
    r.ev(Event::CauseEnd, 2);
    r.sql("SELECT addresses.id FROM addresses WHERE ? = addresses.user_id", 1, 2);
    r.ev(Event::CauseEnd, 2);
    r.sql("SELECT 1", 1, 2);
    r.close();
    let kinds: Vec<Kind> = r.rec.borrow().records.iter().map(|x| x.kind).collect();
    assert_eq!(kinds, vec![Kind::Commit, Kind::Autoflush, Kind::Lazy, Kind::Query]);
    let t = r.rec.borrow().totals.clone();
    assert_eq!((t.flushes, t.autoflushes), (2, 1));
}

#[test]
fn nothing_before_the_first_statement_and_no_ledger_without_sql() {
    let mut r = Run::new();
    r.rec.borrow_mut().ledger = true;
    r.sql("SELECT name FROM sqlite_master", 1, 0);
    r.stmt(1);
    r.close();
    assert!(r.out.is_empty());
    assert_eq!(r.rec.borrow().statements, 0);
}

#[test]
fn line_texts_come_from_the_sources_run() {
    let mut rec = Recorder::default();
    rec.add_source(1, "a = 1\nfor u in users:\n    u.addresses\n");
    rec.add_source(4, "x = 2");
    assert_eq!(rec.line_text(3).as_deref(), Some("u.addresses"));
    assert_eq!(rec.line_text(4).as_deref(), Some("x = 2"));
    assert_eq!(rec.line_text(9), None);
}

#[test]
fn durations_read_in_milliseconds() {
    assert_eq!(report::ms(420), "0.42 ms");
    assert_eq!(report::ms(2100), "2.1 ms");
}

#[test]
fn one_line_doing_several_loads_once_is_not_a_loop() {
    let mut r = Run::new();
    r.stmt(1);
    let at = crate::events::Position { line: 1, run: 42 };
    for p in 1..=3 {
        let sql = Event::Sql {
            sql: "SELECT docs.id FROM docs WHERE docs.id = ?".into(),
            params: Params::One(vec![Value::Int(p)]),
            many: false,
            elapsed_us: None,
            batch: None,
        };
        r.tap.observe(&Event::Cause(Cause::Expired(format!("Doc#{}", p))), at);
        r.tap.observe(&sql, at);
        r.tap.observe(&Event::CauseEnd, at);
    }
    r.close();
    assert!(r.reports().is_empty(), "{:?}", r.out);
}

#[test]
fn len_of_the_collection_on_the_trigger_line_makes_it_a_count() {
    let mut r = Run::new();
    r.rec.borrow_mut().add_source(1, "users = session.scalars(select(User)).all()\nfor u in users:\n    print(len(u.addresses))\n");
    r.stmt(1);
    r.load_users(2, 1);
    r.stmt(2);
    for n in 1..=2 {
        r.lazy(n, 3);
        r.ev(Event::State { obj: obj("Address", n), from: None, to: LifecycleState::Persistent }, 3);
    }
    r.close();
    let reports = r.reports();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].kind, "count");
    assert!(reports[0].fix.starts_with("count in SQL: select(User, func.count(Address.id)).outerjoin(User.addresses)"), "{}", reports[0].fix);
}

#[test]
fn timelines_keep_each_objects_steps_with_line_cause_and_sql() {
    let mut r = Run::new();
    r.stmt(1);
    r.ev(Event::State { obj: obj("User", 1), from: Some(LifecycleState::Transient), to: LifecycleState::Pending }, 1);
    r.stmt(2);
    r.ev(Event::Cause(Cause::Commit), 2);
    r.ev(Event::Cause(Cause::Flush), 2);
    r.sql("INSERT INTO users (name) VALUES (?)", 1, 2);
    r.ev(Event::State { obj: obj("User", 1), from: Some(LifecycleState::Pending), to: LifecycleState::Persistent }, 2);
    r.ev(Event::CauseEnd, 2);
    r.ev(Event::CauseEnd, 2);
    for _ in 0..2 {
        r.ev(Event::Expire { obj: obj("User", 1), attrs: None }, 2);
    }
    r.close();
    let rec = r.rec.borrow();
    let text = rec.timelines.text(1, "u (User#1)");
    assert_eq!(
        text,
        "u (User#1):\n  line 1    transient → pending\n  line 2    pending → persistent  (commit, SQL #1)\n  line 2    expired: all attributes\n"
    );
    assert_eq!(rec.timelines.lanes(&[(1, "u".into())]), "u  transient ─ pending@1 ─ persistent@2\n");
}

#[test]
fn a_load_of_many_rows_is_one_timeline_entry_and_each_object_keeps_its_life() {
    use super::timeline::{Step, What};
    let mut t = super::timeline::Timelines::default();
    let loaded = |line| Step { line, what: What::Transition(None, LifecycleState::Persistent), cause: None, sql: Some(1) };
    for id in 0..1000u32 {
        t.know(&ObjLabel { class: "User".into(), n: id + 1, id });
        t.push(id, loaded(3));
    }
    assert_eq!(t.all_steps().count(), 1, "one entry for the load");
    assert_eq!(t.all_steps().next().map(|(_, n)| n), Some(1000));
    // a later step of one object in the middle, then the same step again (kept once)
    let expired = Step { line: 4, what: "expired: all attributes".into(), cause: None, sql: None };
    t.push(500, expired.clone());
    t.push(500, expired.clone());
    assert_eq!(t.steps_of(500), vec![&loaded(3), &expired]);
    assert_eq!(t.steps_of(499), vec![&loaded(3)]);
    assert_eq!(t.steps_of(1000), Vec::<&Step>::new());
    assert_eq!(t.name(500).as_deref(), Some("User#501"));
    assert_eq!(t.id_of("User#501"), Some(500));
    assert_eq!(t.id_of("User#5001"), None);
    assert_eq!(t.id_of("Address#1"), None);
}

#[test]
fn an_object_in_a_reused_arena_slot_starts_a_timeline_of_its_own() {
    use super::timeline::{Step, What};
    let mut t = super::timeline::Timelines::default();
    let step = |line, to| Step { line, what: What::Transition(None, to), cause: None, sql: None };
    for id in 0..3u32 {
        t.know(&ObjLabel { class: "User".into(), n: id + 1, id });
        t.push(id, step(1, LifecycleState::Persistent));
    }
    t.push(1, step(2, LifecycleState::Detached));
    assert_eq!(t.id_of("User#2"), Some(1));
    // User#2 was freed; slot 1 now holds Address#1, loaded at line 3 beside User#3's step
    t.know(&ObjLabel { class: "Address".into(), n: 1, id: 1 });
    t.push(2, step(3, LifecycleState::Detached));
    t.push(1, step(3, LifecycleState::Persistent));
    t.know(&ObjLabel { class: "Address".into(), n: 1, id: 1 });
    t.push(1, step(4, LifecycleState::Detached));
    assert_eq!(t.steps_of(1), vec![&step(3, LifecycleState::Persistent), &step(4, LifecycleState::Detached)]);
    assert_eq!(t.name(1).as_deref(), Some("Address#1"));
    assert_eq!(t.id_of("Address#1"), Some(1));
    assert_eq!(t.id_of("User#2"), None, "the freed object's label names nothing now");
    assert_eq!(t.steps_of(2), vec![&step(1, LifecycleState::Persistent), &step(3, LifecycleState::Detached)]);
}
