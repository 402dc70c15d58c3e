//! No input makes ormsh panic: thousands of mutated scripts (lines dropped,
//! duplicated, swapped, tokens replaced, text truncated) run through the whole
//! shell (parser, evaluator, SQLAlchemy surface, ORM, engine) on an in-memory
//! database. Errors are expected and fine; a panic fails the test.
//! Any crash found this way gets its own regression script in `EDGE_CASES`.

use ormsh::interp::sa::SetupOptions;
use ormsh::shell::render::{Capture, Format, Settings, Shared};
use ormsh::shell::run::Shell;
use std::path::PathBuf;

const CORPUS: &str = r#"
u = User(name="ed", fullname="Ed Jones")
session.add(u)
session.flush()
print(u.id, inspect(u).persistent)
session.commit()
u.fullname = "Edward"
print(session.is_modified(u), session.dirty)
session.expire(u, ["fullname"])
print(sorted(inspect(u).expired_attributes))
session.refresh(u)
w = session.get(User, 1)
print(w is u, session.get(User, (1,)), session.get(User, {"id": 1}))
session.execute(update(User).where(User.id == 1).values(fullname="bulk"))
session.execute(delete(User).where(User.name.like("z%")))
rows = session.execute(select(User.id, User.name).order_by(User.id.desc()).limit(2).offset(0)).all()
print(rows, rows[0].name)
print(session.scalars(select(User).where(or_(User.id > 0, User.name.in_(["a", "b"])))).first())
print(session.scalar(select(func.count(User.id))))
q = session.query(User).filter_by(name="ed")
print(q.count(), q.first(), q.all())
print(session.execute(text("SELECT id, name FROM users WHERE id = :id"), {"id": 1}).mappings().all())
a = Address(email="a@example.com", user_id=u.id)
session.add(a)
session.delete(a)
session.flush()
session.rollback()
print(inspect(a).transient, inspect(u).key)
session.expunge(u)
session.add(u)
m = session.merge(User(id=5, name="five"))
session.commit()
with session.begin():
    session.add(User(name="blocked"))
nested = session.begin_nested()
session.add(User(name="inner"))
nested.rollback()
try:
    session.add(User(name="ed"))
    session.flush()
except IntegrityError as e:
    print("dup", type(e).__name__)
    session.rollback()
c = engine.connect()
t = c.begin()
c.execute(text("SELECT 1"))
t.rollback()
c.close()
s2 = Session()
s2.get(User, 1)
s2.close()
make_transient(u)
print(repr(u), str(select(User)), engine.pool.status())
x = [i * 2 for i in range(5) if i % 2]
d = {"k": x, "n": None}
print(f"{x!r} {d['k'][1:]} {len(d):>3}")
assert x, "empty"
del x
session.close()
"#;

/// Scripts at the edges of the API (empty keys, wrong types, degenerate
/// statements); crashes found by the mutation test are added here.
const EDGE_CASES: &[&str] = &[
    "session.get(User, ())",
    "session.get(User, [])",
    "User.id == User",
    "select(User).join(User)",
    "session.execute(select())",
    "session.scalars(select(func.count())).all()",
    "inspect(1)",
    "session.refresh(User())",
    "session.merge(1)",
    "text(1)",
    "select(User).limit(-1).offset(-5)",
    "x = select(User.id).subquery()\nselect(x)",
    "session.execute(insert(User), [])",
    "session.execute(insert(User), [{}])",
    "session.execute(update(User))",
    "User(name=[1, 2])",
    "u = User(id=1, name='a'); session.add(u); session.add(User(id=1, name='b')); session.flush()",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

const VOCAB: &[&str] = &[
    "None", "1", "-1", "0", "'x'", "User", "Address", "session", "engine", "u", "[]", "()", "{}", "True", "User.name",
    "select(User)", "text('SELECT 1')", "session.get(User, 1)", "Session()", "inspect(u)", "func.count()", "1.5", "b'x'",
];

fn mutate(rng: &mut Rng, src: &str) -> String {
    let mut lines: Vec<String> = src.lines().map(String::from).collect();
    for _ in 0..1 + rng.below(3) {
        if lines.is_empty() {
            break;
        }
        let i = rng.below(lines.len());
        match rng.below(5) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            3 => {
                let words: Vec<&str> = lines[i].split(|c: char| !c.is_alphanumeric() && c != '_' && c != '.').filter(|w| !w.is_empty()).collect();
                if !words.is_empty() {
                    let w = words[rng.below(words.len())].to_string();
                    let r = VOCAB[rng.below(VOCAB.len())];
                    lines[i] = lines[i].replacen(&w, r, 1);
                }
            }
            _ => {
                let l = &lines[i];
                let cut = rng.below(l.len() + 1);
                let cut = (0..=cut).rev().find(|c| l.is_char_boundary(*c)).unwrap_or(0);
                lines[i] = l[..cut].to_string();
            }
        }
    }
    lines.join("\n")
}

fn run(script: &str) {
    let cap = Capture(Default::default());
    let shared = Shared::new(Settings::new(Format::Plain, true, false), Box::new(cap));
    let mut shell = Shell::new(shared, false);
    let schema = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas/blog.json");
    let opts = SetupOptions { url: "sqlite://".into(), schema: Some(schema), create: true, reflect: false, sandbox: false };
    shell.setup(&opts).expect("the bundled schema loads");
    shell.run_script(script);
}

#[test]
fn the_corpus_itself_runs() {
    run(CORPUS);
}

#[test]
fn edge_cases_raise_instead_of_crashing() {
    for c in EDGE_CASES {
        run(c);
    }
}

#[test]
fn mutated_scripts_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..2000 {
        let m = mutate(&mut rng, CORPUS);
        let r = std::panic::catch_unwind(|| run(&m));
        assert!(r.is_ok(), "ormsh panicked on this script:\n{}", m);
    }
}
