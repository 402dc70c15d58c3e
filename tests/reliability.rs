//! Reliability (issue 13): no input ends the shell, objects outlive `.open`,
//! output goes where it should or the run ends cleanly. Each test failed
//! before its fix.
mod common;
use common::ormsh;

fn run(stdin: &str) -> common::Run {
    ormsh(&["--format", "plain", "--no-color", "--no-echo", "-s", "schemas/blog.json"], stdin, &[])
}

#[test]
fn an_object_made_before_open_lives_on() {
    // was: index out of bounds in orm/state.rs, the shell died (status 101)
    let r = run("u = User(name='ed')\n.open sqlite://\nprint(u)\nsession.add(u)\nsession.commit()\nprint(u.id)\n");
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(r.status, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("User(name='ed')\n"), "{}", r.stdout);
    assert!(r.stdout.ends_with("\n1\n"), "{}", r.stdout);
}

#[test]
fn a_session_made_before_open_keeps_its_engine() {
    // was: index out of bounds at orm/session.rs:120
    let r = run("s = Session()\n.open sqlite://\ns.add(User(name='x'))\ns.commit()\n\
                 print(len(s.scalars(select(User)).all()), len(session.scalars(select(User)).all()))\n");
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(r.status, 0, "{}{}", r.stdout, r.stderr);
    // as in Python: `s` is bound to the first engine, `session` to the new one
    assert!(r.stdout.ends_with("1 0\n"), "{}", r.stdout);
}

#[test]
fn reset_forgets_attributes_of_old_objects() {
    let r = run("u = User(name='a')\nu.note = 5\n.reset\nx = User(name='b')\nprint(hasattr(x, 'note'))\n");
    assert_eq!(r.status, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.ends_with("False\n"), "{}", r.stdout);
}
