//! Tests of every construct of SPEC §3 through `parse_module`: expressions and
//! their precedence, literals, strings and f-strings, displays and
//! comprehensions, all statements, layout (comments, continuations,
//! indentation, dot-commands) and statement positions. Expressions are compared
//! through a compact S-expression rendering so each case fits on one line.
//! Errors and robustness live in `tests_robustness`.

use super::ast::*;
use super::parse_module;
use crate::exc::ErrorKind;

/// S-expression rendering of an expression.
fn show(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Name(n, _) => n.to_string(),
        ExprKind::Const(c) => match c {
            Const::None => "None".into(),
            Const::True => "True".into(),
            Const::False => "False".into(),
            Const::Int(v) => v.to_string(),
            Const::BigInt(d) => format!("big:{d}"),
            Const::Float(f) => format!("{f:?}"),
            Const::Str(s) => format!("{s:?}"),
            Const::Bytes(b) => format!("b{:?}", String::from_utf8_lossy(b)),
            Const::Ellipsis => "...".into(),
        },
        ExprKind::FString(parts) => format!("(f {})", show_parts(parts)),
        ExprKind::List(v) => format!("(list{})", list(v)),
        ExprKind::Tuple(v) => format!("(tuple{})", list(v)),
        ExprKind::Set(v) => format!("(set{})", list(v)),
        ExprKind::Dict(items) => {
            let inner: Vec<String> = items
                .iter()
                .map(|(k, v)| match k {
                    Some(k) => format!(" {}:{}", show(k), show(v)),
                    None => format!(" **{}", show(v)),
                })
                .collect();
            format!("(dict{})", inner.concat())
        }
        ExprKind::Attribute { value, attr } => format!("(. {} {attr})", show(value)),
        ExprKind::Subscript { value, index } => format!("([] {} {})", show(value), show(index)),
        ExprKind::Slice { lower, upper, step } => {
            let o = |x: &Option<Box<Expr>>| x.as_ref().map(|e| show(e)).unwrap_or("_".into());
            format!("(slice {} {} {})", o(lower), o(upper), o(step))
        }
        ExprKind::Call { func, args } => {
            let inner: Vec<String> = args
                .iter()
                .map(|a| match a {
                    Arg::Positional(e) => format!(" {}", show(e)),
                    Arg::Keyword(n, e) => format!(" {n}={}", show(e)),
                    Arg::Star(e) => format!(" *{}", show(e)),
                    Arg::StarStar(e) => format!(" **{}", show(e)),
                })
                .collect();
            format!("(call {}{})", show(func), inner.concat())
        }
        ExprKind::BinOp { left, op, right } => {
            let sym = match op {
                BinOp::Add => "+",
                BinOp::Sub => "-",
                BinOp::Mult => "*",
                BinOp::Div => "/",
                BinOp::FloorDiv => "//",
                BinOp::Mod => "%",
                BinOp::Pow => "**",
                BinOp::MatMult => "@",
                BinOp::LShift => "<<",
                BinOp::RShift => ">>",
                BinOp::BitOr => "|",
                BinOp::BitXor => "^",
                BinOp::BitAnd => "&",
            };
            format!("({sym} {} {})", show(left), show(right))
        }
        ExprKind::UnaryOp { op, operand } => {
            let sym = match op {
                UnaryOp::Not => "not",
                UnaryOp::Neg => "neg",
                UnaryOp::Pos => "pos",
                UnaryOp::Invert => "inv",
            };
            format!("({sym} {})", show(operand))
        }
        ExprKind::BoolOp { op, values } => {
            format!("({}{})", if *op == BoolOp::And { "and" } else { "or" }, list(values))
        }
        ExprKind::Compare { left, ops } => {
            let inner: Vec<String> = ops
                .iter()
                .map(|(op, e)| {
                    let sym = match op {
                        CmpOp::Eq => "==",
                        CmpOp::NotEq => "!=",
                        CmpOp::Lt => "<",
                        CmpOp::LtE => "<=",
                        CmpOp::Gt => ">",
                        CmpOp::GtE => ">=",
                        CmpOp::Is => "is",
                        CmpOp::IsNot => "is-not",
                        CmpOp::In => "in",
                        CmpOp::NotIn => "not-in",
                    };
                    format!(" {sym} {}", show(e))
                })
                .collect();
            format!("(cmp {}{})", show(left), inner.concat())
        }
        ExprKind::IfExp { test, body, orelse } => format!("(if {} {} {})", show(test), show(body), show(orelse)),
        ExprKind::ListComp { elt, generators } => format!("(listcomp {}{})", show(elt), gens(generators)),
        ExprKind::SetComp { elt, generators } => format!("(setcomp {}{})", show(elt), gens(generators)),
        ExprKind::GeneratorExp { elt, generators } => format!("(genexp {}{})", show(elt), gens(generators)),
        ExprKind::DictComp { key, value, generators } => {
            format!("(dictcomp {}:{}{})", show(key), show(value), gens(generators))
        }
        ExprKind::Starred(e) => format!("*{}", show(e)),
        ExprKind::Lambda { params, body } => {
            let ps: Vec<String> = params
                .iter()
                .map(|(n, d)| match d {
                    Some(d) => format!("{}={}", n, show(d)),
                    None => n.to_string(),
                })
                .collect();
            format!("(lambda [{}] {})", ps.join(" "), show(body))
        }
    }
}

fn list(v: &[Expr]) -> String {
    v.iter().map(|e| format!(" {}", show(e))).collect()
}

fn gens(g: &[Comprehension]) -> String {
    g.iter()
        .map(|c| {
            let ifs: String = c.ifs.iter().map(|e| format!(" (if {})", show(e))).collect();
            format!(" (for {} {}{})", show(&c.target), show(&c.iter), ifs)
        })
        .collect()
}

fn show_parts(parts: &[FStringPart]) -> String {
    let shown: Vec<String> = parts
        .iter()
        .map(|p| match p {
            FStringPart::Literal(s) => format!("{s:?}"),
            FStringPart::Field { value, conversion, format_spec, debug_text } => {
                let mut out = format!("{{{}", show(value));
                if let Some(d) = debug_text {
                    out.push_str(&format!(" ={d:?}"));
                }
                if let Some(c) = conversion {
                    out.push_str(&format!("!{c}"));
                }
                if !format_spec.is_empty() {
                    out.push_str(&format!(":{}", show_parts(format_spec)));
                }
                out.push('}');
                out
            }
        })
        .collect();
    shown.join(" ")
}

pub(super) fn parse(src: &str) -> Vec<Stmt> {
    match parse_module(src) {
        Ok(m) => m.body,
        Err(e) => panic!("{src:?} failed: {e} at {:?}", e.position),
    }
}

/// The single expression statement of `src`, rendered.
fn ex(src: &str) -> String {
    let body = parse(src);
    match body.as_slice() {
        [Stmt { kind: StmtKind::Expr(e), .. }] => show(e),
        other => panic!("{src:?} is not one expression statement: {other:?}"),
    }
}

/// (message, line, col) of the SyntaxError `src` raises.
pub(super) fn err(src: &str) -> (String, u32, u32) {
    match parse_module(src) {
        Ok(m) => panic!("{src:?} parsed: {m:?}"),
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::SyntaxError, "{src:?}");
            let (line, col) = e.position.unwrap_or((0, 0));
            (e.message, line, col)
        }
    }
}

#[test]
fn precedence() {
    let cases = [
        ("-2**2", "(neg (** 2 2))"),
        ("2**-1", "(** 2 (neg 1))"),
        ("2**3**2", "(** 2 (** 3 2))"),
        ("1 + 2 * 3 - 4", "(- (+ 1 (* 2 3)) 4)"),
        ("a | b ^ c & d << e + f", "(| a (^ b (& c (<< d (+ e f)))))"),
        ("a // b % c @ d / e", "(/ (@ (% (// a b) c) d) e)"),
        ("not a and b or c", "(or (and (not a) b) c)"),
        ("not not a", "(not (not a))"),
        ("a or b or c", "(or a b c)"),
        ("a < b <= c != d", "(cmp a < b <= c != d)"),
        ("a not in b is not c in d is e", "(cmp a not-in b is-not c in d is e)"),
        ("a if b else c if d else e", "(if b a (if d c e))"),
        ("x + 1 if y or z else -w", "(if (or y z) (+ x 1) (neg w))"),
        ("lambda: 1", "(lambda [] 1)"),
        ("lambda a, b=2: a if b else c", "(lambda [a b=2] (if b a c))"),
        ("sorted(x, key=lambda r: r.n)", "(call sorted x key=(lambda [r] (. r n)))"),
        ("~a.b[c](d)", "(inv (call ([] (. a b) c) d))"),
        ("-a ** -b", "(neg (** a (neg b)))"),
        ("a == b + 1", "(cmp a == (+ b 1))"),
        ("not a == b", "(not (cmp a == b))"),
        ("(a + b) * c", "(* (+ a b) c)"),
        ("a >> b << c", "(<< (>> a b) c)"),
        ("+a - -b", "(- (pos a) (neg b))"),
        ("1if x else 2", "(if x 1 2)"),
        ("[1for x in y]", "(listcomp 1 (for x y))"),
    ];
    for (src, want) in cases {
        assert_eq!(ex(src), want, "{src}");
    }
}

#[test]
fn literals() {
    let cases = [
        ("0x1F", "31"),
        ("0o17", "15"),
        ("0b1010", "10"),
        ("1_000_000", "1000000"),
        ("9223372036854775807", "9223372036854775807"),
        ("9223372036854775808", "big:9223372036854775808"),
        ("0xFFFFFFFFFFFFFFFFFF", "big:4722366482869645213695"),
        ("x(...)", "(call x ...)"),
        ("1e3", "1000.0"),
        ("x(.5)", "(call x 0.5)"),
        ("1_000.0", "1000.0"),
        ("1.5e-3", "0.0015"),
        ("None", "None"),
        ("True", "True"),
        ("False", "False"),
        ("x(...)", "(call x ...)"),
        ("()", "(tuple)"),
        ("(x,)", "(tuple x)"),
        ("(x)", "x"),
        ("[]", "(list)"),
        ("[1, *a, 2,]", "(list 1 *a 2)"),
        ("{}", "(dict)"),
        ("{1: 2, **d, 'k': v}", "(dict 1:2 **d \"k\":v)"),
        ("{**d}", "(dict **d)"),
        ("{1, *s}", "(set 1 *s)"),
        ("(1, *a)", "(tuple 1 *a)"),
    ];
    for (src, want) in cases {
        assert_eq!(ex(src), want, "{src}");
    }
}

#[test]
fn strings_and_escapes() {
    let cases = [
        (r#"'a' "b" '''c''' """d""""#, "\"abcd\""),
        (r#"'\n\t\r\\\'\"\0'"#, "\"\\n\\t\\r\\\\'\\\"\\0\""),
        (r"'\x41\u00e9\U0001F600\101'", "\"Aé😀A\""),
        (r"'\q\d'", "\"\\\\q\\\\d\""),
        (r"r'\n' R'\d'", "\"\\\\n\\\\d\""),
        (r"u'x' U'y'", "\"xy\""),
        (r"b'a\x00' B'\n' rb'\n' Br'\x'", "b\"a\\0\\n\\\\n\\\\x\""),
        ("'''a\nb'''", "\"a\\nb\""),
        ("'a\\\nb'", "\"ab\""),
    ];
    for (src, want) in cases {
        assert_eq!(ex(src), want, "{src}");
    }
}

#[test]
fn fstrings() {
    let cases = [
        ("f'a{x}b'", "(f \"a\" {x} \"b\")"),
        ("f'{x!r}'", "(f {x!r})"),
        ("f'{x:>10}'", "(f {x:\">10\"})"),
        ("f'{x:{w}.{p}f}'", "(f {x:{w} \".\" {p} \"f\"})"),
        ("f'{{}}{x}'", "(f \"{}\" {x})"),
        ("f'{x=}'", "(f {x =\"x=\"!r})"),
        ("f'{x = :>4}'", "(f {x =\"x = \":\">4\"})"),
        ("f'{x=!s}'", "(f {x =\"x=\"!s})"),
        ("f'{a + b * 2}'", "(f {(+ a (* b 2))})"),
        ("f'{d[\"k\"]}'", "(f {([] d \"k\")})"),
        ("f'{a, b}'", "(f {(tuple a b)})"),
        ("f'{x != y}'", "(f {(cmp x != y)})"),
        ("'a' f'{x}' 'b'", "(f \"a\" {x} \"b\")"),
        ("f'x' 'y'", "(f \"xy\")"),
        ("f'\\n{x}\\t'", "(f \"\\n\" {x} \"\\t\")"),
        ("rf'\\n{x}'", "(f \"\\\\n\" {x})"),
        ("F'{x}' Rf'{y}'", "(f {x} {y})"),
        ("f'''{\nx\n}'''", "(f {x})"),
        ("f'{f\"{x}\"}'", "(f {(f {x})})"),
        ("f'{x:{{w}}}'", "(f {x:{(set w)}})"),
        ("f''", "(f )"),
    ];
    for (src, want) in cases {
        assert_eq!(ex(src), want, "{src}");
    }
}

#[test]
fn primaries_calls_and_slices() {
    let cases = [
        ("f(1, x, k=2, *a, **kw,)", "(call f 1 x k=2 *a **kw)"),
        ("f(*a, *b, k=1, **c, d=2)", "(call f *a *b k=1 **c d=2)"),
        ("sum(x for x in y)", "(call sum (genexp x (for x y)))"),
        ("f((x for x in y), 1)", "(call f (genexp x (for x y)) 1)"),
        ("a.b.c(d)[e]", "([] (call (. (. a b) c) d) e)"),
        ("a[1:2]", "([] a (slice 1 2 _))"),
        ("a[::2]", "([] a (slice _ _ 2))"),
        ("a[:]", "([] a (slice _ _ _))"),
        ("a[1:]", "([] a (slice 1 _ _))"),
        ("a[:-1]", "([] a (slice _ (neg 1) _))"),
        ("a[1:2, 3]", "([] a (tuple (slice 1 2 _) 3))"),
        ("a[1,]", "([] a (tuple 1))"),
        ("a[x, y]", "([] a (tuple x y))"),
        ("session.get(User, (1, 2))", "(call (. session get) User (tuple 1 2))"),
        ("f()()", "(call (call f))"),
    ];
    for (src, want) in cases {
        assert_eq!(ex(src), want, "{src}");
    }
}

#[test]
fn comprehensions() {
    let cases = [
        ("[x for x in y]", "(listcomp x (for x y))"),
        ("[x * y for x in a if x if x > 1 for y in b]", "(listcomp (* x y) (for x a (if x) (if (cmp x > 1))) (for y b))"),
        ("[(k, v) for k, v in d.items()]", "(listcomp (tuple k v) (for (tuple k v) (call (. d items))))"),
        ("{x for x in y}", "(setcomp x (for x y))"),
        ("{k: v for k, v in y}", "(dictcomp k:v (for (tuple k v) y))"),
        ("(x for x in y if x)", "(genexp x (for x y (if x)))"),
        ("[a for a, *b in c]", "(listcomp a (for (tuple a *b) c))"),
        ("[x for x in a or b]", "(listcomp x (for x (or a b)))"),
        ("[x if x else y for x in z]", "(listcomp (if x x y) (for x z))"),
    ];
    for (src, want) in cases {
        assert_eq!(ex(src), want, "{src}");
    }
}

fn only(src: &str) -> StmtKind {
    let mut body = parse(src);
    assert_eq!(body.len(), 1, "{src}: {body:?}");
    body.remove(0).kind
}

fn assign(src: &str) -> (Vec<String>, String) {
    match only(src) {
        StmtKind::Assign { targets, value } => (targets.iter().map(show).collect(), show(&value)),
        other => panic!("{src}: {other:?}"),
    }
}

#[test]
fn assignments() {
    assert_eq!(assign("a = b = 1"), (vec!["a".into(), "b".into()], "1".into()));
    assert_eq!(assign("a.b = c[0] = 1"), (vec!["(. a b)".into(), "([] c 0)".into()], "1".into()));
    assert_eq!(assign("a, *b = x"), (vec!["(tuple a *b)".into()], "x".into()));
    assert_eq!(assign("a, b = b, a"), (vec!["(tuple a b)".into()], "(tuple b a)".into()));
    assert_eq!(assign("[a, (b, c)] = x"), (vec!["(list a (tuple b c))".into()], "x".into()));
    assert_eq!(assign("(a) = 1"), (vec!["a".into()], "1".into()));
    assert_eq!(assign("x = *a, *b"), (vec!["x".into()], "(tuple *a *b)".into()));
    assert_eq!(assign("x: int = 1"), (vec!["x".into()], "1".into()));
    assert_eq!(assign("x.y: 'List[int]' = [1]"), (vec!["(. x y)".into()], "(list 1)".into()));
    assert_eq!(only("x: int"), StmtKind::Pass);
    let ops = [
        ("+=", BinOp::Add),
        ("-=", BinOp::Sub),
        ("*=", BinOp::Mult),
        ("/=", BinOp::Div),
        ("//=", BinOp::FloorDiv),
        ("%=", BinOp::Mod),
        ("**=", BinOp::Pow),
        ("@=", BinOp::MatMult),
        ("<<=", BinOp::LShift),
        (">>=", BinOp::RShift),
        ("|=", BinOp::BitOr),
        ("^=", BinOp::BitXor),
        ("&=", BinOp::BitAnd),
    ];
    for (spelling, op) in ops {
        match only(&format!("a.b {spelling} 2")) {
            StmtKind::AugAssign { target, op: got, value } => {
                assert_eq!((show(&target), got, show(&value)), ("(. a b)".into(), op, "2".into()))
            }
            other => panic!("{spelling}: {other:?}"),
        }
    }
}

#[test]
fn compound_statements() {
    let src = "if a:\n    x\nelif b:\n    y\nelif c: z\nelse:\n    w\n";
    match only(src) {
        StmtKind::If { test, body, orelse } => {
            assert_eq!(show(&test), "a");
            assert_eq!(body.len(), 1);
            match &orelse[..] {
                [Stmt { kind: StmtKind::If { test, orelse, .. }, pos }] => {
                    assert_eq!(show(test), "b");
                    assert_eq!(pos.line, 3);
                    match &orelse[..] {
                        [Stmt { kind: StmtKind::If { test, orelse, .. }, pos }] => {
                            assert_eq!(show(test), "c");
                            assert_eq!(pos.line, 5);
                            assert_eq!(orelse.len(), 1);
                        }
                        other => panic!("{other:?}"),
                    }
                }
                other => panic!("{other:?}"),
            }
        }
        other => panic!("{other:?}"),
    }
    match only("for k, v in d.items():\n    if k: break\n    continue\nelse:\n    pass\n") {
        StmtKind::For { target, iter, body, orelse } => {
            assert_eq!(show(&target), "(tuple k v)");
            assert_eq!(show(&iter), "(call (. d items))");
            assert_eq!(body.len(), 2);
            assert_eq!(orelse, vec![Stmt { pos: Pos { line: 5, col: 5 }, kind: StmtKind::Pass }]);
        }
        other => panic!("{other:?}"),
    }
    match only("while x < 3:\n    x += 1\nelse:\n    y = 2") {
        StmtKind::While { test, body, orelse } => {
            assert_eq!(show(&test), "(cmp x < 3)");
            assert_eq!((body.len(), orelse.len()), (1, 1));
        }
        other => panic!("{other:?}"),
    }
    for src in [
        "with Session(engine) as s, s.begin():\n    pass",
        "with (Session(engine) as s, s.begin(),):\n    pass",
        "with (Session(engine) as s,\n      s.begin()):\n    pass",
    ] {
        match only(src) {
            StmtKind::With { items, body } => {
                assert_eq!(items.len(), 2, "{src}");
                assert_eq!(show(&items[0].context), "(call Session engine)");
                assert_eq!(items[0].target.as_ref().map(show), Some("s".into()));
                assert_eq!(show(&items[1].context), "(call (. s begin))");
                assert_eq!(items[1].target, None);
                assert_eq!(body.len(), 1);
            }
            other => panic!("{other:?}"),
        }
    }
    match only("with (a, b) as c: pass") {
        StmtKind::With { items, .. } => {
            assert_eq!(items.len(), 1);
            assert_eq!(show(&items[0].context), "(tuple a b)");
        }
        other => panic!("{other:?}"),
    }
    match only("with (a) as (b, c): pass") {
        StmtKind::With { items, .. } => assert_eq!(items[0].target.as_ref().map(show), Some("(tuple b c)".into())),
        other => panic!("{other:?}"),
    }
    let src = "try:\n    x\nexcept KeyError:\n    a\nexcept (IntegrityError, sa.exc.DBAPIError) as e:\n    b\nexcept:\n    c\nelse:\n    d\nfinally:\n    f\n";
    match only(src) {
        StmtKind::Try { body, handlers, orelse, finalbody } => {
            assert_eq!(body.len(), 1);
            assert_eq!(handlers.len(), 3);
            assert_eq!(handlers[0].type_.as_ref().map(show), Some("KeyError".into()));
            assert_eq!(handlers[0].pos, Pos { line: 3, col: 1 });
            assert_eq!(
                handlers[1].type_.as_ref().map(show),
                Some("(tuple IntegrityError (. (. sa exc) DBAPIError))".into())
            );
            assert_eq!(handlers[1].name.as_deref(), Some("e"));
            assert_eq!(handlers[2].type_, None);
            assert_eq!((orelse.len(), finalbody.len()), (1, 1));
        }
        other => panic!("{other:?}"),
    }
    match only("try:\n    x\nfinally:\n    y") {
        StmtKind::Try { handlers, finalbody, .. } => assert_eq!((handlers.len(), finalbody.len()), (0, 1)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn simple_statements() {
    assert_eq!(only("raise"), StmtKind::Raise { exc: None, cause: None });
    match only("raise ValueError('x') from e") {
        StmtKind::Raise { exc, cause } => {
            assert_eq!(exc.as_ref().map(show), Some("(call ValueError \"x\")".into()));
            assert_eq!(cause.as_ref().map(show), Some("e".into()));
        }
        other => panic!("{other:?}"),
    }
    match only("assert x == 1, 'msg'") {
        StmtKind::Assert { test, msg } => {
            assert_eq!(show(&test), "(cmp x == 1)");
            assert_eq!(msg.as_ref().map(show), Some("\"msg\"".into()));
        }
        other => panic!("{other:?}"),
    }
    match only("del a, b[0], c.d, (e, [f])") {
        StmtKind::Del { targets } => {
            let shown: Vec<String> = targets.iter().map(show).collect();
            assert_eq!(shown, ["a", "([] b 0)", "(. c d)", "e", "f"]);
        }
        other => panic!("{other:?}"),
    }
    let alias = |name: &str, asname: Option<&str>| Alias { name: name.into(), asname: asname.map(Name::from) };
    assert_eq!(
        only("import a.b as c, d"),
        StmtKind::Import { names: vec![alias("a.b", Some("c")), alias("d", None)] }
    );
    assert_eq!(
        only("from a.b import (c as d,\n    e,)"),
        StmtKind::ImportFrom { module: "a.b".into(), names: vec![alias("c", Some("d")), alias("e", None)] }
    );
    assert_eq!(
        only("from sqlalchemy.orm import Session, sessionmaker as sm"),
        StmtKind::ImportFrom {
            module: "sqlalchemy.orm".into(),
            names: vec![alias("Session", None), alias("sessionmaker", Some("sm"))]
        }
    );
    assert_eq!(only("from x import *"), StmtKind::ImportFrom { module: "x".into(), names: vec![alias("*", None)] });
    let body = parse("a = 1; b = 2;\nif a: b; c\npass\n");
    assert_eq!(body.len(), 4);
    match &body[2].kind {
        StmtKind::If { body, .. } => assert_eq!(body.len(), 2),
        other => panic!("{other:?}"),
    }
    assert_eq!(body[3].kind, StmtKind::Pass);
    // `match` is still an ordinary name.
    assert_eq!(assign("match = 1").0, vec!["match".to_string()]);
    assert_eq!(ex("match(x)"), "(call match x)");
}

#[test]
fn layout_comments_continuations_and_dot_commands() {
    let src = "# header\n\nx = (1,\n     2)  # trailing\ny = 1 + \\\n    2\nif x:\n\tif y:\n\t\tz = [\n  3]\n\n\tw\n.schema User\nfor i in x:\n    .states\n    \n   # odd comment\n    pass\n";
    let body = parse(src);
    let lines: Vec<u32> = body.iter().map(|s| s.pos.line).collect();
    assert_eq!(lines, vec![3, 5, 7, 13, 14]);
    assert_eq!(body[3].kind, StmtKind::DotCommand("schema User".into()));
    match &body[4].kind {
        StmtKind::For { body, .. } => {
            assert_eq!(body[0].kind, StmtKind::DotCommand("states".into()));
            assert_eq!(body[0].pos, Pos { line: 15, col: 5 });
            assert_eq!(body[1].pos.line, 18);
        }
        other => panic!("{other:?}"),
    }
    match &body[2].kind {
        StmtKind::If { body, .. } => {
            assert_eq!(body.len(), 2);
            assert_eq!(body[1].pos, Pos { line: 12, col: 2 });
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(only(".5").clone(), StmtKind::DotCommand("5".into()));
    assert_eq!(only("   \n.quit  \n"), StmtKind::DotCommand("quit".into()));
    assert_eq!(parse("").len(), 0);
    assert_eq!(parse("\n\n# only a comment").len(), 0);
    assert_eq!(parse("x = 1\r\ny = 2\r\n").len(), 2);
}

#[test]
fn statement_positions() {
    let body = parse("a = 1\n\n  # c\nb(\n  2)\nc; d\n");
    let at: Vec<(u32, u32)> = body.iter().map(|s| (s.pos.line, s.pos.col)).collect();
    assert_eq!(at, vec![(1, 1), (4, 1), (6, 1), (6, 4)]);
}
