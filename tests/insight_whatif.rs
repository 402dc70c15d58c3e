//! `.whatif`: an N+1 report's fix verified by replaying its read-only code in
//! a fresh Session inside a rolled-back transaction. The session is left
//! exactly as it was (the same output before and after, save the whatif
//! line), the trace gains a `whatif` event, and code that is not read-only is
//! refused with the reason.
use crate::common;

const SETUP: &str = "\
session.add_all([User(name=n, addresses=[Address(email=n + '@x'), Address(email=n + '@y')]) for n in ['ed', 'wendy', 'mary']])
session.commit()
users = session.scalars(select(User).order_by(User.id)).all()
for u in users:
    print(u.name, [a.email for a in u.addresses])
";

const AFTER: &str = "\
.states
w = User(name='new')
session.add(w)
session.flush()
.states
.stats
.timeline w
print(len(users), u.name)
";

fn run(script: &str, extra: &[&str]) -> common::Run {
    let mut args = vec!["-s", "schemas/blog.json", "--nplusone", "warn"];
    args.extend_from_slice(extra);
    common::ormsh_merged(&args, script, &[])
}

#[test]
fn whatif_counts_the_fix_and_leaves_the_session_as_it_was() {
    let with = run(&format!(".durations off\n{}.whatif\n{}", SETUP, AFTER), &[]);
    // a comment keeps the later line numbers equal
    let without = run(&format!(".durations off\n{}# no whatif\n{}", SETUP, AFTER), &[]);
    assert_eq!(with.status, 0, "{}", with.stdout);
    let line = "whatif: lines 4-6 in a fresh Session, rolled back: 4 SQL (3 lazy) → 2 SQL (0 lazy) with .options(selectinload(User.addresses))\n";
    assert!(with.stdout.contains(line), "{}", with.stdout);
    // SQL echo on: none of the replay's SQL shows; every later line is the same
    assert_eq!(with.stdout.replacen(line, "", 1), without.stdout);
    // the same while the session's transaction is closed (a connection of its own)
    let closed = format!(".durations off\n{}session.commit()\n", SETUP);
    let with = run(&format!("{}.whatif\n{}", closed, AFTER), &[]);
    let without = run(&format!("{}# no whatif\n{}", closed, AFTER), &[]);
    assert!(with.stdout.contains(line), "{}", with.stdout);
    assert_eq!(with.stdout.replacen(line, "", 1), without.stdout);
}

#[test]
fn whatif_is_a_trace_event() {
    let r = common::ormsh(&["-s", "schemas/blog.json", "--format", "jsonl"], &format!("{}.whatif\n", SETUP), &[]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let ev: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("{\"ev\":\"whatif\"")).collect();
    assert_eq!(
        ev,
        vec!["{\"ev\":\"whatif\",\"what\":\"User.addresses\",\"option\":\".options(selectinload(User.addresses))\",\"from_line\":3,\"to_line\":5,\"before\":4,\"after\":2,\"before_lazy\":3,\"after_lazy\":0}"]
    );
}

#[test]
fn whatif_refuses_what_it_cannot_replay_and_says_why() {
    let r = run(".whatif\n", &["--no-echo"]);
    assert_eq!(r.status, 1);
    assert!(r.stdout.contains("ValueError: .whatif cannot replay it: no N+1 report in this session yet"), "{}", r.stdout);
    // the loop changes what it loads: not read-only
    let writes = SETUP.replace("    print(u.name, [a.email for a in u.addresses])", "    u.fullname = u.name + str(len(u.addresses))\n    session.flush()");
    let r = run(&format!("{}.whatif\n", writes), &["--no-echo"]);
    assert!(r.stdout.contains(".whatif cannot replay it: lines 3-6 are not read-only (SQL #"), "{}", r.stdout);
    // code that uses an object of this session would load through it
    let uses = "session.add_all([User(name=n, addresses=[Address(email=n + '@x')]) for n in ['ed', 'wendy', 'mary', 'jack']])\n\
                session.commit()\n\
                ed = session.get(User, 1)\n\
                for u in session.scalars(select(User).where(User.id != ed.id)).all():\n    print(u.name, len(u.addresses))\n\
                .whatif\n";
    let r = run(uses, &["--no-echo"]);
    assert!(r.stdout.contains(".whatif cannot replay it: lines 4-5 use ed, an object of this session"), "{}", r.stdout);
    let r = run(&format!("{}.whatif 3\n", SETUP), &["--no-echo"]);
    assert!(r.stdout.contains(".whatif cannot replay it: no report 3; there are 1"), "{}", r.stdout);
}
