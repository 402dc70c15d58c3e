//! No keyword argument is accepted and dropped in silence. Each call surface
//! of the SQLAlchemy API (and the builtins with keywords) is called with a
//! keyword nobody defines: it must raise TypeError. The keywords SQLAlchemy
//! takes that ormsh does not implement must raise NotImplementedError naming
//! them (docs/divergences.md lists them). A native that reads only some
//! keywords and forgets the rest fails the first half: the evaluator raises
//! for any keyword a native call left unread (`builtins::unread_keywords`).
use crate::common;

/// One statement per line, each a call with an undefined keyword `zz_bogus`.
const SURFACES: &[&str] = &[
    "session.add(User(name='a'), zz_bogus=1)",
    "session.add_all([], zz_bogus=1)",
    "session.get(User, 1, zz_bogus=1)",
    "session.flush(zz_bogus=1)",
    "session.commit(zz_bogus=1)",
    "session.get_one(User, 1, zz_bogus=1)",
    "session.rollback(zz_bogus=1)",
    "session.expire_all(zz_bogus=1)",
    "session.expunge_all(zz_bogus=1)",
    "session.execute(select(User), zz_bogus=1)",
    "session.scalars(select(User), zz_bogus=1)",
    "session.scalar(select(User), zz_bogus=1)",
    "session.query(User, zz_bogus=1)",
    "session.query(User).filter(User.id == 1, zz_bogus=1)",
    "session.query(User).all(zz_bogus=1)",
    "session.connection(zz_bogus=1)",
    "session.begin_nested(zz_bogus=1)",
    "session.in_transaction(zz_bogus=1)",
    "Session(zz_bogus=1)",
    "Session.configure(zz_bogus=1)",
    "sessionmaker(zz_bogus=1)",
    "create_engine('sqlite://', zz_bogus=1)",
    "engine.connect(zz_bogus=1)",
    "select(User.id, zz_bogus=1)",
    "select(User).where(User.id == 1, zz_bogus=1)",
    "select(User).join(Address, zz_bogus=1)",
    "select(User).order_by(User.id, zz_bogus=1)",
    "select(User).limit(1, zz_bogus=1)",
    "select(User).options(joinedload(User.addresses), zz_bogus=1)",
    "select(User).subquery(zz_bogus=1)",
    "select(User.id).scalar_subquery(zz_bogus=1)",
    "insert(User).values(name='x').returning(User.id, zz_bogus=1)",
    "update(User).where(User.id == 1, zz_bogus=1)",
    "delete(User).where(User.id == 1, zz_bogus=1)",
    "text('select 1').columns(zz_bogus=1)",
    "User.name.like('a%', zz_bogus=1)",
    "User.id.in_([1], zz_bogus=1)",
    "func.count(User.id, zz_bogus=1)",
    "and_(User.id == 1, zz_bogus=1)",
    "cast(User.id, 'string', zz_bogus=1)",
    "joinedload(User.addresses, zz_bogus=1)",
    "aliased(User, zz_bogus=1)",
    "inspect(User, zz_bogus=1)",
    "session.execute(select(User.id)).all(zz_bogus=1)",
    "session.execute(select(User.id)).scalars(zz_bogus=1)",
    "print('x', zz_bogus=1)",
];

/// Keywords SQLAlchemy takes and ormsh does not implement.
const UNSUPPORTED: &[&str] = &[
    "session.flush(objects=[User(name='q')])",
    "session.connection(execution_options={'isolation_level': 'SERIALIZABLE'})",
    "session.execute(select(User), bind_arguments={'bind': engine})",
    "session.execute(select(User), execution_options={'max_row_buffer': 10})",
    "select(User).execution_options(max_row_buffer=10)",
    "select(User).with_for_update(nowait=True)",
    "create_engine('sqlite://', connect_args={'timeout': 5})",
    "create_engine('sqlite://', poolclass=5)",
    "session.merge(User(name='q'), options=[joinedload(User.addresses)])",
    "print('x', file=1)",
];

fn errors(lines: &[&str]) -> Vec<(String, String, String)> {
    let script = lines.join("\n") + "\n";
    let run = common::ormsh(&["-s", "schemas/blog.json", "--format", "jsonl"], &script, &[]);
    let mut out = Vec::new();
    let mut line = 0usize;
    let mut seen = false;
    for l in run.stdout.lines() {
        if l.contains("\"ev\":\"stmt\"") {
            if line > 0 && !seen {
                out.push((lines[line - 1].to_string(), "no error".to_string(), String::new()));
            }
            line = l.split("\"line\":").nth(1).and_then(|s| s.trim_end_matches('}').parse().ok()).unwrap_or(0);
            seen = false;
        } else if l.contains("\"ev\":\"error\"") {
            let kind = l.split("\"type\":\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("").to_string();
            out.push((lines[line - 1].to_string(), kind, l.to_string()));
            seen = true;
        }
    }
    if line > 0 && !seen {
        out.push((lines[line - 1].to_string(), "no error".to_string(), String::new()));
    }
    out
}

#[test]
fn an_undefined_keyword_is_a_type_error_everywhere() {
    let got = errors(SURFACES);
    assert_eq!(got.len(), SURFACES.len(), "one outcome per statement: {:#?}", got);
    // create_engine() refuses unknown keywords with SQLAlchemy's own ArgumentError
    let bad: Vec<_> = got.iter().filter(|(s, k, _)| k != "TypeError" && !(s.starts_with("create_engine") && k == "ArgumentError")).collect();
    assert!(bad.is_empty(), "keywords taken and dropped (expected TypeError):\n{:#?}", bad);
}

#[test]
fn keywords_ormsh_does_not_implement_say_so() {
    let got = errors(UNSUPPORTED);
    assert_eq!(got.len(), UNSUPPORTED.len(), "one outcome per statement: {:#?}", got);
    let bad: Vec<_> = got.iter().filter(|(_, k, _)| k != "NotImplementedError").collect();
    assert!(bad.is_empty(), "expected NotImplementedError:\n{:#?}", bad);
}
