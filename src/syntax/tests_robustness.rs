//! Robustness tests of the front end: Python 3.11's SyntaxError messages and
//! positions, the REPL's completeness rules, deep nesting (an error, never a
//! stack overflow), a deterministic no-panic sweep over truncated, mutated and
//! generated input, and linear-time parsing of a large script.

use super::ast::*;
use super::tests::{err, parse};
use super::{check_complete, parse_module, Completeness};
use crate::exc::ErrorKind;

#[test]
fn error_messages_and_positions() {
    let table: &[(&str, &str, u32, u32)] = &[
        ("x = (1, 2", "'(' was never closed", 1, 5),
        (")", "unmatched ')'", 1, 1),
        ("(]", "closing parenthesis ']' does not match opening parenthesis '('", 1, 2),
        ("(\n]", "closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2, 1),
        ("if x\n  pass", "expected ':'", 1, 5),
        ("if x:\npass", "expected an indented block after 'if' statement on line 1", 2, 1),
        ("x = 1\nif a:\n    b\nelif c:\nd", "expected an indented block after 'elif' statement on line 4", 5, 1),
        ("for x in y:\nz", "expected an indented block after 'for' statement on line 1", 2, 1),
        ("while x:\nz", "expected an indented block after 'while' statement on line 1", 2, 1),
        ("with x:\nz", "expected an indented block after 'with' statement on line 1", 2, 1),
        ("try:\nz", "expected an indented block after 'try' statement on line 1", 2, 1),
        ("try:\n  x\nexcept E:\nz", "expected an indented block after 'except' statement on line 3", 4, 1),
        ("try:\n  x\nfinally:\nz", "expected an indented block after 'finally' statement on line 3", 4, 1),
        ("if x:\n  y\nelse:\nz", "expected an indented block after 'else' statement on line 3", 4, 1),
        ("if x:\n    y\n  z", "unindent does not match any outer indentation level", 3, 3),
        ("  x = 1", "unexpected indent", 1, 3),
        ("x = 1\n    y = 2", "unexpected indent", 2, 5),
        ("x = 'abc", "unterminated string literal (detected at line 1)", 1, 5),
        ("x = '''abc\n\n", "unterminated triple-quoted string literal (detected at line 2)", 1, 5),
        ("x = '''abc\n\nd", "unterminated triple-quoted string literal (detected at line 3)", 1, 5),
        ("0o8", "invalid digit '8' in octal literal", 1, 3),
        ("x = 1 = 2", "cannot assign to literal", 1, 5),
        ("1ifx else 2", "invalid syntax", 1, 2),
        ("1abc", "invalid decimal literal", 1, 1),
        ("0x", "invalid hexadecimal literal", 1, 2),
        ("0b2", "invalid digit '2' in binary literal", 1, 3),
        ("1__0", "invalid decimal literal", 1, 1),
        ("012", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 1),
        ("1j", "imaginary number literal is not supported in ormsh scripts", 1, 1),
        ("x = 1 +", "invalid syntax", 1, 8),
        ("x = ", "invalid syntax", 1, 5),
        ("x = 1 2", "invalid syntax", 1, 7),
        ("1 = x", "cannot assign to literal here. Maybe you meant '==' instead of '='?", 1, 1),
        ("f() = 1", "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1),
        ("a + b = 1", "cannot assign to expression here. Maybe you meant '==' instead of '='?", 1, 1),
        ("True = 1", "cannot assign to True", 1, 1),
        ("a < b = 1", "cannot assign to comparison", 1, 1),
        ("a if b else c = 1", "cannot assign to conditional expression", 1, 1),
        ("(x for x in y) = 1", "cannot assign to generator expression", 1, 1),
        ("[x for x in y] = 1", "cannot assign to list comprehension here. Maybe you meant '==' instead of '='?", 1, 1),
        ("for 1 in x: pass", "cannot assign to literal", 1, 5),
        ("del 1", "cannot delete literal", 1, 5),
        ("del f()", "cannot delete function call", 1, 5),
        ("f() += 1", "'function call' is an illegal expression for augmented assignment", 1, 1),
        ("a, b += 1", "'tuple' is an illegal expression for augmented assignment", 1, 1),
        ("*a = x", "starred assignment target must be in a list or tuple", 1, 1),
        ("a, *b, *c = x", "multiple starred expressions in assignment", 1, 1),
        ("*a", "can't use starred expression here", 1, 1),
        ("a, b: int", "only single target (not tuple) can be annotated", 1, 1),
        ("f(a=1, 2)", "positional argument follows keyword argument", 1, 8),
        ("f(**k, *a)", "iterable argument unpacking follows keyword argument unpacking", 1, 8),
        ("f(**k, a)", "positional argument follows keyword argument unpacking", 1, 8),
        ("f(a=1, a=2)", "keyword argument repeated: a", 1, 8),
        ("f(x for x in y, 1)", "Generator expression must be parenthesized", 1, 3),
        ("f(a b)", "invalid syntax. Perhaps you forgot a comma?", 1, 3),
        ("[a b]", "invalid syntax. Perhaps you forgot a comma?", 1, 2),
        ("f(a.b=1)", "expression cannot contain assignment, perhaps you meant \"==\"?", 1, 3),
        ("f(True=1)", "cannot assign to True", 1, 3),
        ("break", "'break' outside loop", 1, 1),
        ("continue", "'continue' not properly in loop", 1, 1),
        ("return 1", "'return' outside function", 1, 1),
        ("try:\n  x\ny", "expected 'except' or 'finally' block", 3, 1),
        ("try:\n  x\nexcept:\n  y\nexcept E:\n  z\n", "default 'except:' must be last", 3, 1),
        ("try:\n  x\nexcept A, B:\n  y", "multiple exception types must be parenthesized", 3, 8),
        ("a if b", "expected 'else' after 'if' expression", 1, 1),
        ("x = $", "invalid syntax", 1, 5),
        ("x = €", "invalid character '€' (U+20AC)", 1, 5),
        ("\\", "unexpected EOF while parsing", 1, 2),
        ("x = 1 \\ 2", "unexpected character after line continuation character", 1, 8),
        ("from a import b,", "trailing comma not allowed without surrounding parentheses", 1, 17),
        ("'a' b'c'", "cannot mix bytes and nonbytes literals", 1, 5),
        ("b'é'", "bytes can only contain ASCII literal characters", 1, 1),
        ("f'{}'", "f-string: empty expression not allowed", 1, 4),
        ("f'{x!z}'", "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 6),
        ("f'}'", "f-string: single '}' is not allowed", 1, 3),
        ("f'{x'", "f-string: expecting '}'", 1, 5),
        ("f'{\\n}'", "f-string expression part cannot include a backslash", 1, 4),
        ("f'{#}'", "f-string expression part cannot include '#'", 1, 4),
        ("f'{a b}'", "f-string: invalid syntax", 1, 6),
        ("a[]", "invalid syntax", 1, 3),
        ("'\\x4'", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape", 1, 1),
        ("x[1:2:3:4]", "invalid syntax", 1, 8),
        ("print 'x'", "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1),
        ("x = 1; ; y", "invalid syntax", 1, 8),
        ("import a.", "invalid syntax", 1, 10),
        ("if x: for y in z: pass", "invalid syntax", 1, 7),
        ("not", "invalid syntax", 1, 4),
        ("{**a, b}", "':' expected after dictionary key", 1, 8),
        ("def f(): pass", "'def' is not supported in ormsh scripts", 1, 1),
        ("class A: pass", "'class' is not supported in ormsh scripts", 1, 1),
        ("f = lambda *a: 1", "'*', '**' and '/' in lambda parameters is not supported in ormsh scripts", 1, 12),
        ("f = lambda a, a: 1", "duplicate argument 'a' in function definition", 1, 15),
        ("f = lambda a=1, b: 1", "parameter without a default follows parameter with a default", 1, 17),
        ("x = yield 1", "'yield' is not supported in ormsh scripts", 1, 5),
        ("yield", "'yield' is not supported in ormsh scripts", 1, 1),
        ("async with x: pass", "'async' is not supported in ormsh scripts", 1, 1),
        ("await x", "'await' is not supported in ormsh scripts", 1, 1),
        ("global x", "'global' is not supported in ormsh scripts", 1, 1),
        ("nonlocal x", "'nonlocal' is not supported in ormsh scripts", 1, 1),
        ("match x:\n    case 1: pass", "the 'match' statement is not supported in ormsh scripts", 1, 1),
        ("if (n := 10) > 5: pass", "the ':=' operator is not supported in ormsh scripts", 1, 7),
        ("@dec\ndef f(): pass", "decorators are not supported in ormsh scripts", 1, 1),
        ("from . import x", "relative imports are not supported in ormsh scripts", 1, 6),
        ("from .a import x", "relative imports are not supported in ormsh scripts", 1, 6),
        ("try:\n  x\nexcept* E:\n  y", "'except*' is not supported in ormsh scripts", 3, 7),
        ("x = '\\N{DASH}'", "the \\N{...} escape is not supported in ormsh scripts", 1, 5),
        (&"(".repeat(201), "too many nested parentheses", 1, 201),
    ];
    let mut failures = Vec::new();
    for &(src, msg, line, col) in table {
        let got = err(src);
        if got != (msg.to_string(), line, col) {
            failures.push(format!("{src:?}: got {got:?}, want ({msg:?}, {line}, {col})"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn check_complete_follows_the_python_repl() {
    use Completeness::*;
    let cases = [
        ("x = 1", Complete),
        ("x = 1\n", Complete),
        ("", Complete),
        (".schema User", Complete),
        ("if x:", Incomplete),
        ("if x:\n", Incomplete),
        ("if x:\n    y", Incomplete),
        ("if x:\n    y\n", Incomplete),
        ("if x:\n    y\n\n", Complete),
        ("if x:\n    y\n    \n", Complete),
        ("if x:\n\n", Invalid),
        ("for a in b:\n    if a:\n        c\n", Incomplete),
        ("for a in b:\n    if a:", Incomplete),
        ("for a in b:\n    if a:\n", Incomplete),
        ("for a in b:\n    if a:\n\n", Invalid),
        ("try:\n    x\n", Incomplete),
        ("try:\n    x\nexcept E:\n    y\n", Incomplete),
        ("try:\n    x\nexcept E:\n    y\n\n", Complete),
        ("try:\n    x\n\n", Invalid),
        ("(1,", Incomplete),
        ("f(a,\n  b", Incomplete),
        ("x = [\n", Incomplete),
        (")", Invalid),
        ("x = (]", Invalid),
        ("\"\"\"abc", Incomplete),
        ("x = '''abc\n\ndef", Incomplete),
        ("'abc", Invalid),
        ("x = \\", Incomplete),
        ("x = 1 +", Invalid),
        ("x = = 1", Invalid),
        ("if x:\n    y = = 1", Invalid),
        ("def f(): pass", Invalid),
        ("if x: y", Complete),
        ("with a as b:\n    c\n\n", Complete),
        ("while x:\n    .states\n", Incomplete),
    ];
    for (src, want) in cases {
        assert_eq!(check_complete(src), want, "{src:?}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "(".repeat(10_000);
    assert_eq!(err(&deep).0, "too many nested parentheses");
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    assert_eq!(err(&deep).0, "too many nested parentheses");
    // 200 levels are allowed, as in Python.
    let ok = format!("x = {}1{}", "(".repeat(199), ")".repeat(199));
    assert_eq!(parse(&ok).len(), 1);
    let ok = format!("x = {}1{}", "[f(".repeat(66), ")]".repeat(66));
    assert_eq!(parse(&ok).len(), 1);
    for src in [
        "-".repeat(100_000) + "x",
        "not ".repeat(50_000) + "x",
        "x".to_string() + &" ** x".repeat(50_000),
        "x".to_string() + &" if y else x".repeat(50_000),
        "x".to_string() + &" + x".repeat(100_000),
        "x".to_string() + &".a".repeat(100_000),
        "x".to_string() + &"(1)".repeat(50_000),
    ] {
        // Either parses or reports a SyntaxError; never overflows the stack.
        if let Err(e) = parse_module(&src) {
            assert_eq!(e.kind, ErrorKind::SyntaxError);
        }
    }
    let mut nested_blocks = String::new();
    for depth in 0..150 {
        nested_blocks.push_str(&" ".repeat(depth));
        nested_blocks.push_str("if x:\n");
    }
    nested_blocks.push_str(&" ".repeat(150));
    nested_blocks.push_str("pass\n");
    assert_eq!(err(&nested_blocks).0, "too many levels of indentation");
}

/// A small deterministic generator (xorshift) so the sweep is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SAMPLE: &str = r#"from sqlalchemy import select, func
import sqlalchemy.orm as orm
.schema User
with Session(engine) as s, s.begin():
    u = User(name="ed", fullname=f"Ed {n!r:>{w}}", ids=[1, 2, *rest], d={'a': 1, **kw})
    s.add(u); s.flush()
    for i, (a, *b) in enumerate(s.scalars(select(User).where(User.id > 1 and not x)).all()):
        if i % 2 == 0 and a is not None:
            print(i, a[1:2, ::3], -2 ** 2, b'\x00', r'\d', 0x_ff, 1_000.5e-3)
        elif a not in b: continue
        else:
            break
    else:
        pass
try:
    s.commit()
except (IntegrityError, KeyError) as e:
    raise RuntimeError("x") from e
finally:
    del u, v[0]
assert {x for x in y if x} == {k: v for k, v in z}, "msg"
total = sum(x * 2 for x in range(10)) if ok else (None, ...)
x += 1; y //= 2
"#;

#[test]
fn no_panic_on_mutated_and_generated_input() {
    assert!(parse_module(SAMPLE).is_ok(), "{:?}", parse_module(SAMPLE).err());
    let chars: Vec<char> = SAMPLE.chars().collect();
    let pieces = [
        "(", ")", "[", "]", "{", "}", ":", ",", ";", ".", "=", "*", "**", "\n", "    ", "\t", "\\", "'", "\"", "\"\"\"",
        "f'{", "}", "if", "else", "for", "in", "not", "x", "1", "0x", "1e", ".5", "lambda", "#", "!", "@", "->",
        ":=", "b'", "r'", "\\N{", "€", "\r", "try", "except", "with", "as", "import", "from", ".cmd",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let run = |src: &str| {
        if let Err(e) = parse_module(src) {
            assert_eq!(e.kind, ErrorKind::SyntaxError);
            assert!(e.position.is_some(), "{src:?}: {e:?}");
        }
        let _ = check_complete(src);
    };
    for cut in 0..chars.len() {
        run(&chars[..cut].iter().collect::<String>());
    }
    for _ in 0..3000 {
        let mut mutated = chars.clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(mutated.len());
            match rng.below(3) {
                0 => {
                    mutated.remove(at);
                }
                1 => mutated.insert(at, *b"()[]{}:'\"\\\n .=,#f*".get(rng.below(19)).unwrap_or(&b'x') as char),
                _ => {
                    let other = rng.below(mutated.len());
                    mutated.swap(at, other)
                }
            }
        }
        run(&mutated.iter().collect::<String>());
    }
    for _ in 0..3000 {
        let soup: String = (0..1 + rng.below(30)).map(|_| pieces[rng.below(pieces.len())]).collect::<Vec<_>>().join(" ");
        run(&soup);
        let tight: String = (0..1 + rng.below(30)).map(|_| pieces[rng.below(pieces.len())]).collect();
        run(&tight);
    }
}

#[test]
fn large_scripts_parse_in_linear_time() {
    let mut src = String::new();
    for i in 0..100_000 {
        match i % 4 {
            0 => src.push_str(&format!("x{i} = f(a, b={i}, *c)[1:2].d + 'text'\n")),
            1 => src.push_str("if x:\n"),
            2 => src.push_str(&format!("    y = [v for v in range({i}) if v % 2]\n")),
            _ => src.push_str("print(f'{x!r:>10}', y)\n"),
        }
    }
    let started = std::time::Instant::now();
    let module = parse_module(&src).map_err(|e| format!("{e}")).unwrap_or(Module { body: vec![] });
    let elapsed = started.elapsed();
    eprintln!("parsed 100,000 lines in {elapsed:?}");
    assert_eq!(module.body.len(), 75_000);
    // Generous bound for an unoptimised build on a busy machine; release is far faster.
    assert!(elapsed.as_secs() < 20, "took {elapsed:?}");
}
