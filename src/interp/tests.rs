//! Tests of the evaluator: source text through `Interp::run_source`, asserting
//! the emitted events. Most expectations were produced by running the same
//! snippets under CPython 3.11 the way the conformance oracle does (one event
//! list per snippet: `print:`, `value:`, `error:Kind: message`).

use super::value::{Args, Native, Value};
use super::{Interp, RunOutcome};
use crate::events::{Collector, Event, Events};
use crate::exc::{Error, ErrorKind, Result};
use crate::syntax::ast::{BinOp, CmpOp};
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

fn interp() -> (Interp, Collector) {
    let c = Collector::default();
    (Interp::new(Events::new(Box::new(c.clone()))), c)
}

/// Run `src` in a fresh interpreter; events as short strings (Stmt events left out).
fn events_of(it: &mut Interp, c: &Collector, src: &str) -> (Vec<String>, RunOutcome) {
    c.0.borrow_mut().clear();
    let outcome = it.run_source(src, 1);
    let evs = c
        .0
        .borrow()
        .iter()
        .filter_map(|e| match e {
            Event::Print { text, .. } => Some(format!("print:{}", text)),
            Event::Value { repr, .. } => Some(format!("value:{}", repr)),
            Event::Error { kind, message, .. } => {
                Some(format!("error:{}: {}", kind, message.lines().next().unwrap_or("")))
            }
            _ => None,
        })
        .collect();
    (evs, outcome)
}

thread_local! {
    static FAILURES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Compare one snippet's events; mismatches are collected and reported together by `finish`.
fn check(src: &str, expected: &[&str]) {
    let (mut it, c) = interp();
    let (got, _) = events_of(&mut it, &c, src);
    let n = got.len().max(expected.len());
    for i in 0..n {
        let (g, e) = (got.get(i).map(String::as_str), expected.get(i).copied());
        if g != e {
            FAILURES.with(|f| {
                f.borrow_mut().push(format!("source:\n{}\n  event #{}\n  got:      {:?}\n  expected: {:?}", src, i, g, e))
            });
        }
    }
}

fn finish() {
    let failures = FAILURES.with(|f| std::mem::take(&mut *f.borrow_mut()));
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn statements() {
    check("x = 1\ny = x + 2\ny\nx, y = y, x\nprint(x, y)\na = b = [1]\na.append(2)\nb", &["value:3", "print:3 1", "value:[1, 2]"]);
    check("a, *b, c = range(5)\nprint(a, b, c)\n*a, b = [1]\na, b", &["print:0 [1, 2, 3] 4", "value:([], 1)"]);
    check("a, b = [1, 2, 3]", &["error:ValueError: too many values to unpack (expected 2)"]);
    check("a, b, c = [1, 2]", &["error:ValueError: not enough values to unpack (expected 3, got 2)"]);
    check("a, b = 1", &["error:TypeError: cannot unpack non-iterable int object"]);
    check("a, *b, c = [1]", &["error:ValueError: not enough values to unpack (expected at least 2, got 1)"]);
    check("for i in range(3):\n    if i == 1:\n        continue\n    print(i)\nelse:\n    print(\"done\")", &["print:0", "print:2", "print:done"]);
    check("for i in range(10):\n    if i == 2:\n        break\nelse:\n    print(\"no\")\nprint(i)", &["print:2"]);
    check("n = 0\nwhile n < 5:\n    n += 1\n    if n == 3:\n        break\nelse:\n    print(\"else\")\nn", &["value:3"]);
    check("n = 0\nwhile n < 2:\n    n += 1\nelse:\n    print(\"else\", n)", &["print:else 2"]);
    check("x = 5\nif x > 10:\n    print(\"big\")\nelif x > 3:\n    print(\"mid\")\nelse:\n    print(\"small\")", &["print:mid"]);
    check("try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print(\"caught\", e, repr(e), type(e).__name__, e.args)\nfinally:\n    print(\"finally\")\ne", &["print:caught division by zero ZeroDivisionError('division by zero') ZeroDivisionError ('division by zero',)", "print:finally", "error:NameError: name 'e' is not defined"]);
    // Python's builtin TimeoutError is an OSError; sqlalchemy.exc.TimeoutError is another class.
    check("try:\n    raise TimeoutError(\"t\")\nexcept OSError as e:\n    print(type(e).__name__, isinstance(e, ConnectionError))\nfrom sqlalchemy.exc import TimeoutError\nTimeoutError, issubclass(TimeoutError, OSError)", &["print:TimeoutError False", "value:(<class 'sqlalchemy.exc.TimeoutError'>, False)"]);
    check("try:\n    {}[\"k\"]\nexcept (ValueError, LookupError) as err:\n    print(type(err).__name__, str(err), repr(err))\nelse:\n    print(\"else\")", &["print:KeyError 'k' KeyError('k')"]);
    check("try:\n    x = 1\nexcept Exception:\n    print(\"no\")\nelse:\n    print(\"else runs\")\nfinally:\n    print(\"fin\")", &["print:else runs", "print:fin"]);
    check("for i in range(3):\n    try:\n        if i == 1:\n            break\n        print(\"body\", i)\n    finally:\n        print(\"finally\", i)", &["print:body 0", "print:finally 0", "print:finally 1"]);
    check("for i in range(3):\n    try:\n        continue\n    finally:\n        print(\"f\", i)", &["print:f 0", "print:f 1", "print:f 2"]);
    check("try:\n    try:\n        raise ValueError(\"inner\")\n    except ValueError:\n        print(\"handling\")\n        raise\nexcept Exception as e:\n    print(\"outer\", repr(e))", &["print:handling", "print:outer ValueError('inner')"]);
    check("try:\n    raise KeyError(\"k\")\nexcept KeyError as e:\n    print(str(e), repr(e), e.args)", &["print:'k' KeyError('k') ('k',)"]);
    check("try:\n    raise TypeError\nexcept TypeError as e:\n    print(repr(e), str(e) == \"\")", &["print:TypeError() True"]);
    check("try:\n    raise ValueError(\"a\") from None\nexcept ValueError as e:\n    print(e)", &["print:a"]);
    check("raise ValueError(\"top\")\nprint(\"after\")", &["error:ValueError: top", "print:after"]);
    check("raise 5", &["error:TypeError: exceptions must derive from BaseException"]);
    check("raise", &["error:RuntimeError: No active exception to reraise"]);
    check("try:\n    pass\nexcept 5:\n    pass\nprint(\"ok\")\ntry:\n    1/0\nexcept 5:\n    pass", &["print:ok", "error:TypeError: catching classes that do not inherit from BaseException is not allowed"]);
    check("try:\n    undefined_name\nexcept NameError as e:\n    print(e)", &["print:name 'undefined_name' is not defined"]);
    check("try:\n    raise RuntimeError(\"x\")\nexcept:\n    print(\"bare\")", &["print:bare"]);
    check("x = 1\ntry:\n    raise ValueError(\"v\")\nexcept ValueError as x:\n    pass\nx", &["error:NameError: name 'x' is not defined"]);
    check("assert 1 == 1\nassert 1 == 2, \"values differ\"\nassert False\nassert [], f\"empty {1+1}\"", &["error:AssertionError: values differ", "error:AssertionError: ", "error:AssertionError: empty 2"]);
    check("x = 1\ndel x\nx", &["error:NameError: name 'x' is not defined"]);
    check("d = {\"a\": 1, \"b\": 2}\ndel d[\"a\"]\nd\nl = [1, 2, 3, 4]\ndel l[0], l[-1]\nl\ndel l[5]", &["value:{'b': 2}", "value:[2, 3]", "error:IndexError: list assignment index out of range"]);
    check("del d[\"zz\"]", &["error:NameError: name 'd' is not defined"]);
    check("l = list(range(10))\ndel l[::2]\nl\nl[1:3] = [\"a\", \"b\", \"c\"]\nl\nl[::2] = [0, 0, 0]", &["value:[1, 3, 5, 7, 9]", "value:[1, 'a', 'b', 'c', 7, 9]"]);
    check("x = 10\nx -= 3\nx *= 2\nx //= 3\nx **= 2\nx %= 7\nx\ns = \"a\"\ns += \"b\"\ns *= 2\ns\nl = [1]\nm = l\nl += [2]\nm\nl += \"ab\"\nm\nd = {\"k\": 1}\nd[\"k\"] += 5\nd", &["value:2", "value:'abab'", "value:[1, 2]", "value:[1, 2, 'a', 'b']", "value:{'k': 6}"]);
    check("pass", &[]);
    check("import datetime\nfrom datetime import date as D, datetime\nimport decimal\nfrom decimal import Decimal\nD(2023, 5, 2), datetime(2023, 5, 2, 12, 30), datetime.date(2023,1,1) if False else 1\ndecimal.Decimal(\"9.99\")\nDecimal(\"1.10\") * 2", &["value:(datetime.date(2023, 5, 2), datetime.datetime(2023, 5, 2, 12, 30), 1)", "value:Decimal('9.99')", "value:Decimal('2.20')"]);
    check("import nosuch", &["error:ModuleNotFoundError: No module named 'nosuch'"]);
    check("from datetime import nosuch", &["error:ImportError: cannot import name 'nosuch' from 'datetime' (unknown location)"]);
    check("import datetime.nosuch", &["error:ModuleNotFoundError: No module named 'datetime.nosuch'"]);
    check("from sqlalchemy.exc import IntegrityError, SQLAlchemyError\nimport sqlalchemy.exc\nIntegrityError\nissubclass(IntegrityError, SQLAlchemyError)", &["value:<class 'sqlalchemy.exc.IntegrityError'>", "value:True"]);
    check("from sqlalchemy.orm.exc import DetachedInstanceError, NoResultFound\nDetachedInstanceError", &["value:<class 'sqlalchemy.orm.exc.DetachedInstanceError'>"]);
    check("import datetime as dt\ndt.date(2020, 2, 30)", &["error:ValueError: day is out of range for month"]);
    finish();
}

#[test]
fn operators_builtins_methods_formatting() {
    check("1 + 2 * 3 - 4\n7 / 2\n7 // 2\n-7 // 2\n-7 % 2\n7 % -2\n-7.5 // 2\n-7.5 % 2\n2 ** 10\n2 ** -1\n1 / 0\n1.0 / 0\n1 // 0\n1 % 0\n1.0 // 0\n1.0 % 0\n0 ** -1\n9223372036854775807 + 1\n-9223372036854775807 - 2\n3037000500 * 3037000500\n2 ** 63\n1 << 63\n1 << -1\nTrue + True\nTrue & False\nTrue | 0\n5 & 3, 5 | 3, 5 ^ 3, ~5, -True, +True, 1 << 4, 256 >> 4\n10 % 3.5\n2.0 ** 0.5\n1e308 * 10\n0.1 + 0.2\n-0.0\n1e16\n1.5e-5\n123456789.0 * 1000", &["value:3", "value:3.5", "value:3", "value:-4", "value:1", "value:-1", "value:-4.0", "value:0.5", "value:1024", "value:0.5", "error:ZeroDivisionError: division by zero", "error:ZeroDivisionError: float division by zero", "error:ZeroDivisionError: integer division or modulo by zero", "error:ZeroDivisionError: integer modulo by zero", "error:ZeroDivisionError: float floor division by zero", "error:ZeroDivisionError: float modulo", "error:ZeroDivisionError: 0.0 cannot be raised to a negative power", "error:OverflowError: integer overflow (ints are 64-bit in ormsh)", "error:OverflowError: integer overflow (ints are 64-bit in ormsh)", "error:OverflowError: integer overflow (ints are 64-bit in ormsh)", "error:OverflowError: integer overflow (ints are 64-bit in ormsh)", "error:OverflowError: integer overflow (ints are 64-bit in ormsh)", "error:ValueError: negative shift count", "value:2", "value:False", "value:1", "value:(1, 7, 6, -6, -1, 1, 16, 16)", "value:3.0", "value:1.4142135623730951", "value:inf", "value:0.30000000000000004", "value:-0.0", "value:1e+16", "value:1.5e-05", "value:123456789000.0"]);
    check("\"a\" + \"b\"\n\"a\" + 1\n[1] + [2]\n[1] + (2,)\n(1,) + (2,)\n(1,) + 1\n\"ab\" * 3\n3 * [0]\n\"a\" * \"b\"\n[1] * 1.5\n-1 * \"x\"\nb\"a\" + b\"b\"\nb\"a\" + \"b\"\n1 + None\nNone + 1\n\"x\" - 1\n{1, 2} | {3}\n{1, 2} & {2, 3}\n{1, 2} - {2}\n{1, 2} ^ {2, 3}\n{\"a\": 1} | {\"b\": 2}", &["value:'ab'", "error:TypeError: can only concatenate str (not \"int\") to str", "value:[1, 2]", "error:TypeError: can only concatenate list (not \"tuple\") to list", "value:(1, 2)", "error:TypeError: can only concatenate tuple (not \"int\") to tuple", "value:'ababab'", "value:[0, 0, 0]", "error:TypeError: can't multiply sequence by non-int of type 'str'", "error:TypeError: can't multiply sequence by non-int of type 'float'", "value:''", "value:b'ab'", "error:TypeError: can't concat str to bytes", "error:TypeError: unsupported operand type(s) for +: 'int' and 'NoneType'", "error:TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'", "error:TypeError: unsupported operand type(s) for -: 'str' and 'int'", "value:{1, 2, 3}", "value:{2}", "value:{1}", "value:{1, 3}", "value:{'a': 1, 'b': 2}"]);
    check("1 < 2 < 3\n3 > 2 > 2\n1 == 1.0 == True\n1 < \"a\"\n[1] < (1,)\nNone < None\n(1, 2) < (1, 3)\n[1, 2, 3] > [1, 2]\n\"abc\" < \"abd\"\n{1} < {1, 2}\n{1, 2} <= {1, 2}\n1 != 2\nNone == 0\n[1, [2]] == [1, [2]]\n{\"a\": [1]} == {\"a\": [1]}\n(1, 2) != (1, 2)\nfloat(\"nan\") == float(\"nan\")\n1 is 1\nNone is None\n[] is []\nx = []\ny = x\nx is y, x is not y\n3 in [1, 2, 3]\n3 not in (1, 2)\n\"b\" in \"abc\"\n1 in \"abc\"\n\"a\" in 1\n2 in {1: \"x\", 2: \"y\"}\n[1] in {1: 2}\n5 in range(0, 10, 5)\n6 in range(0, 10, 5)\n(1, 2) in {(1, 2)}", &["value:True", "value:False", "value:True", "error:TypeError: '<' not supported between instances of 'int' and 'str'", "error:TypeError: '<' not supported between instances of 'list' and 'tuple'", "error:TypeError: '<' not supported between instances of 'NoneType' and 'NoneType'", "value:True", "value:True", "value:True", "value:True", "value:True", "value:True", "value:False", "value:True", "value:True", "value:False", "value:False", "value:True", "value:True", "value:False", "value:(True, False)", "value:True", "value:True", "value:True", "error:TypeError: 'in <string>' requires string as left operand, not int", "error:TypeError: argument of type 'int' is not iterable", "value:True", "error:TypeError: unhashable type: 'list'", "value:True", "value:False", "value:True"]);
    check("1 and 2\n0 and 2\n0 or \"\"\n\"\" or \"x\"\nnot []\nnot 1\n1 if [] else 2\nx = [0, 1, 2]\nx[0] or x[1] and x[2]\n-\"a\"\n~1.5\n+\"x\"", &["value:2", "value:0", "value:''", "value:'x'", "value:True", "value:False", "value:2", "value:2", "error:TypeError: bad operand type for unary -: 'str'", "error:TypeError: bad operand type for unary ~: 'float'", "error:TypeError: bad operand type for unary +: 'str'"]);
    check("l = [10, 20, 30, 40, 50]\nl[0], l[-1], l[1:3], l[::-1], l[::2], l[-2:], l[:-10], l[10:]\nl[5]\nl[\"a\"]\nl[1:4:0]\n(1, 2)[5]\n(1, 2)[\"a\"]\n\"abc\"[1], \"abc\"[-1], \"abc\"[::-1], \"héllo\"[1], \"héllo\"[1:3]\n\"abc\"[5]\n\"abc\"[\"a\"]\nNone[0]\n5[0]\n{\"a\": 1}[\"a\"]\n{\"a\": 1}[\"b\"]\n{}[(1, \"a\")]\n{[1]: 2}\n{{1}}\nrange(10)[3], range(10)[-1], range(10)[2:8:2], range(0)\nrange(3)[5]\nb\"abc\"[0], b\"abc\"[1:]\nt = (1, 2)\nt[0] = 5\n\"s\"[0] = \"x\"", &["value:(10, 50, [20, 30], [50, 40, 30, 20, 10], [10, 30, 50], [40, 50], [], [])", "error:IndexError: list index out of range", "error:TypeError: list indices must be integers or slices, not str", "error:ValueError: slice step cannot be zero", "error:IndexError: tuple index out of range", "error:TypeError: tuple indices must be integers or slices, not str", "value:('b', 'c', 'cba', 'é', 'él')", "error:IndexError: string index out of range", "error:TypeError: string indices must be integers, not 'str'", "error:TypeError: 'NoneType' object is not subscriptable", "error:TypeError: 'int' object is not subscriptable", "value:1", "error:KeyError: 'b'", "error:KeyError: (1, 'a')", "error:TypeError: unhashable type: 'list'", "error:TypeError: unhashable type: 'set'", "value:(3, 9, range(2, 8, 2), range(0, 0))", "error:IndexError: range object index out of range", "value:(97, b'bc')", "error:TypeError: 'tuple' object does not support item assignment", "error:TypeError: 'str' object does not support item assignment"]);
    check("[x * 2 for x in range(5) if x % 2 == 0]\n[(x, y) for x in range(3) for y in \"ab\" if x != 1]\n{x: x ** 2 for x in range(4)}\n{x % 3 for x in range(10)}\nlist(x + 1 for x in [1, 2])\nx = \"outer\"\n[x for x in range(3)]\nx\n[y for y in range(3)]\ny\n[[i * j for j in range(3)] for i in range(3)]\nsum(x for x in range(101))", &["value:[0, 4, 8]", "value:[(0, 'a'), (0, 'b'), (2, 'a'), (2, 'b')]", "value:{0: 0, 1: 1, 2: 4, 3: 9}", "value:{0, 1, 2}", "value:[2, 3]", "value:[0, 1, 2]", "value:'outer'", "value:[0, 1, 2]", "error:NameError: name 'y' is not defined", "value:[[0, 0, 0], [0, 1, 2], [0, 2, 4]]", "value:5050"]);
    check("print(1, \"a\", None, [1, \"b\"], sep=\"-\")\nprint()\nprint(\"a\", \"b\", sep=\"\")\nprint(\"x\", end=\"\")\nprint(sep=1)\nprint(1.0, 1e20, 1/3, True)", &["print:1-a-None-[1, 'b']", "print:", "print:ab", "print:x", "error:TypeError: sep must be None or a string, not int", "print:1.0 1e+20 0.3333333333333333 True"]);
    check("len([1, 2]), len(\"héllo\"), len({}), len(range(0, 10, 3)), len(b\"ab\")\nlen(5)\nlen()\nlen(1, 2)\nint(\"42\"), int(\" -7 \"), int(\"1_000\"), int(3.9), int(-3.9), int(True), int(\"ff\", 16), int(\"0x10\", 0), int()\nint(\"x\")\nint(\"1.5\")\nint(None)\nint(\"99999999999999999999\")\nfloat(\"1.5\"), float(\" 2 \"), float(\"inf\"), float(\"-inf\"), float(3), float()\nfloat(\"x\")\nfloat(None)\nstr(1), str(1.5), str(\"x\"), str(None), str([1, \"a\"]), str(), str(b\"x\")\nbool(0), bool([]), bool([0]), bool(\"0\"), bool(), bool(None)\nrepr(\"it's\"), repr('a\"b'), repr(\"a'b\\\"c\"), repr(\"\\n\\t\\\\\"), repr(1.0), repr(None)\nlist(\"ab\"), list(range(3)), list({\"a\": 1}), tuple([1]), tuple(), set(), set([1, 1, 2]), dict(a=1, b=2), dict([(\"x\", 1)]), dict({\"a\": 1}, b=2)\ndict(1)\ndict([1])\ndict([(1, 2, 3)])\nsorted([3, 1, 2]), sorted([3, 1, 2], reverse=True), sorted(\"bca\"), sorted([\"b\", \"A\", \"c\"], key=str.lower), sorted([(1, \"b\"), (1, \"a\"), (0, \"z\")])\nsorted([1, \"a\"])\nsorted(1)\nsorted([-3, 1, -2], key=abs)\nsum([1, 2, 3]), sum([1.5, 2]), sum([], 10), sum([[1], [2]], [])\nsum([\"a\"])\nsum([0.1] * 10)\nmin(3, 1, 2), max([1, 5, 3]), min(\"bca\"), max([1, -7, 3], key=abs), min([], default=0)\nmin([])\nmax()\nabs(-3), abs(2.5), abs(-0.0), abs(True)\nabs(\"a\")\nisinstance(1, int), isinstance(True, int), isinstance(1, (str, float)), isinstance(\"a\", str), isinstance(1.0, float), isinstance([], list), isinstance(None, type(None))\nisinstance(1, 1)\nisinstance(ValueError(\"x\"), Exception), isinstance(KeyError(), LookupError), isinstance(1, ValueError)\nlist(enumerate(\"ab\")), list(enumerate(\"ab\", 1)), list(zip([1, 2, 3], \"ab\")), list(reversed([1, 2])), list(reversed(range(3)))\ntype(1), type(\"a\"), type(None), type([]), type(True), type(1.5), type({}), type(ValueError(\"x\")), type(len), type(int)\ntype(1) == int, type(1).__name__, int.__name__\nhasattr([], \"append\"), hasattr([], \"nope\"), getattr(\"abc\", \"upper\")(), getattr(1, \"x\", \"dflt\")\ngetattr(1, \"x\")\nsetattr(1, \"x\", 2)\nany([]), all([]), any([0, 1]), all([1, 0])\nround(2.5), round(3.5), round(-2.5), round(2.675, 2), round(0.125, 2), round(1234, -2), round(1250, -2), round(1.5), round(7), round(2.5, 0)\nround(\"a\")\ndivmod(7, 2), divmod(-7, 2), divmod(7.5, 2)\ndivmod(1, 0)\nchr(65), ord(\"A\"), ord(\"é\")\nchr(-1)\nord(\"ab\")\nhash(1) == hash(1.0) == hash(True), hash(\"a\") == hash(\"a\")\nhash([])\nnext(iter([1, 2])), next(iter([]), \"dflt\")\nnext(iter([]))\nit = iter([1, 2, 3])\nnext(it)\nlist(it)\n5()\n\"abc\"()\nformat(3.14159, \".2f\"), format(42, \"05d\"), format(\"x\", \">3\"), format(1234567, \",\"), format(0.5, \"%\"), format(255, \"x\"), format(255, \"#X\"), format(1.5, \"e\")", &["value:(2, 5, 0, 4, 2)", "error:TypeError: object of type 'int' has no len()", "error:TypeError: len() takes exactly one argument (0 given)", "error:TypeError: len() takes exactly one argument (2 given)", "value:(42, -7, 1000, 3, -3, 1, 255, 16, 0)", "error:ValueError: invalid literal for int() with base 10: 'x'", "error:ValueError: invalid literal for int() with base 10: '1.5'", "error:TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'", "error:OverflowError: integer overflow (ints are 64-bit in ormsh)", "value:(1.5, 2.0, inf, -inf, 3.0, 0.0)", "error:ValueError: could not convert string to float: 'x'", "error:TypeError: float() argument must be a string or a real number, not 'NoneType'", "value:('1', '1.5', 'x', 'None', \"[1, 'a']\", '', \"b'x'\")", "value:(False, False, True, True, False, False)", "value:('\"it\\'s\"', '\\'a\"b\\'', '\\'a\\\\\\'b\"c\\'', \"'\\\\n\\\\t\\\\\\\\'\", '1.0', 'None')", "value:(['a', 'b'], [0, 1, 2], ['a'], (1,), (), set(), {1, 2}, {'a': 1, 'b': 2}, {'x': 1}, {'a': 1, 'b': 2})", "error:TypeError: 'int' object is not iterable", "error:TypeError: cannot convert dictionary update sequence element #0 to a sequence", "error:ValueError: dictionary update sequence element #0 has length 3; 2 is required", "value:([1, 2, 3], [3, 2, 1], ['a', 'b', 'c'], ['A', 'b', 'c'], [(0, 'z'), (1, 'a'), (1, 'b')])", "error:TypeError: '<' not supported between instances of 'str' and 'int'", "error:TypeError: 'int' object is not iterable", "value:[1, -2, -3]", "value:(6, 3.5, 10, [1, 2])", "error:TypeError: unsupported operand type(s) for +: 'int' and 'str'", "value:0.9999999999999999", "value:(1, 5, 'a', -7, 0)", "error:ValueError: min() arg is an empty sequence", "error:TypeError: max expected at least 1 argument, got 0", "value:(3, 2.5, 0.0, 1)", "error:TypeError: bad operand type for abs(): 'str'", "value:(True, True, False, True, True, True, True)", "error:TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union", "value:(True, True, False)", "value:([(0, 'a'), (1, 'b')], [(1, 'a'), (2, 'b')], [(1, 'a'), (2, 'b')], [2, 1], [2, 1, 0])", "value:(<class 'int'>, <class 'str'>, <class 'NoneType'>, <class 'list'>, <class 'bool'>, <class 'float'>, <class 'dict'>, <class 'ValueError'>, <class 'builtin_function_or_method'>, <class 'type'>)", "value:(True, 'int', 'int')", "value:(True, False, 'ABC', 'dflt')", "error:AttributeError: 'int' object has no attribute 'x'", "error:AttributeError: 'int' object has no attribute 'x'", "value:(False, True, True, False)", "value:(2, 4, -2, 2.67, 0.12, 1200, 1200, 2, 7, 2.0)", "error:TypeError: type str doesn't define __round__ method", "value:((3, 1), (-4, 1), (3.0, 1.5))", "error:ZeroDivisionError: integer division or modulo by zero", "value:('A', 65, 233)", "error:ValueError: chr() arg not in range(0x110000)", "error:TypeError: ord() expected a character, but string of length 2 found", "value:(True, True)", "error:TypeError: unhashable type: 'list'", "value:(1, 'dflt')", "error:StopIteration: ", "value:1", "value:[2, 3]", "error:TypeError: 'int' object is not callable", "error:TypeError: 'str' object is not callable", "value:('3.14', '00042', '  x', '1,234,567', '50.000000%', 'ff', '0XFF', '1.500000e+00')"]);
    check("\"Hello World\".upper(), \"Hello\".lower(), \"  x  \".strip(), \"xxaxx\".strip(\"x\"), \"  x\".lstrip(), \"x  \".rstrip()\n\"a,b,,c\".split(\",\"), \" a  b \".split(), \"a b c\".split(None, 1), \"a b c\".rsplit(\" \", 1), \"a-b-c\".split(\"-\", maxsplit=1), \"\".split(), \"\".split(\",\")\n\"a\".split(\"\")\n\"-\".join([\"a\", \"b\"]), \"\".join([])\n\"-\".join([1])\n\"aaa\".replace(\"a\", \"b\"), \"aaa\".replace(\"a\", \"b\", 2)\n\"abc\".startswith(\"a\"), \"abc\".endswith((\"x\", \"c\")), \"abc\".startswith(\"b\", 1)\n\"hello\".find(\"l\"), \"hello\".rfind(\"l\"), \"hello\".find(\"z\"), \"hello\".index(\"e\"), \"hello\".count(\"l\"), \"héllo\".find(\"l\")\n\"hello\".index(\"z\")\n\"hello world\".title(), \"hELLO wORLD\".capitalize(), \"123\".isdigit(), \"12a\".isdigit(), \"abc\".isalpha(), \"\".isalpha()\n\"42\".zfill(5), \"-42\".zfill(5), \"ab\".ljust(5, \"*\"), \"ab\".rjust(5), \"abc\".center(9, \"*\"), \"ab\".center(5)\n\"a\\nb\\r\\nc\\n\".splitlines(), \"a\\nb\".splitlines(True)\n\"abc\".encode(), b\"abc\".decode(), b\"\\x00\\xff\".hex()\n\"{} and {}\".format(1, \"a\"), \"{1}{0}\".format(\"a\", \"b\"), \"{x}!\".format(x=3), \"{:>5}|{:<5}|{:^5}\".format(1, 2, 3), \"{0[1]} {1.real}\".format([1, 2], 3), \"{!r}\".format(\"s\"), \"{{}}\".format(), \"{:{w}}\".format(\"x\", w=4)\n\"{}\".format()\n\"{x}\".format()\n\"{0} {}\".format(1, 2)\n\"%s is %d years\" % (\"Ed\", 42), \"%5.2f|%-5s|%05d|%x|%r|%%\" % (3.14159, \"ab\", 42, 255, \"q\"), \"%(a)s-%(b)s\" % {\"a\": 1, \"b\": 2}, \"%s\" % [1, 2], \"%.3s\" % \"abcdef\", \"%+d\" % 5, \"%e\" % 1234.5, \"%g\" % 0.0001\n\"%d\" % \"a\"\n\"%s %s\" % (1,)\n\"%s\" % (1, 2)\n\"a b\".partition(\" \"), \"abc\".removeprefix(\"a\"), \"abc\".removesuffix(\"c\")\n\"x\".nope\n\"x\".nope()", &["value:('HELLO WORLD', 'hello', 'x', 'a', 'x', 'x')", "value:(['a', 'b', '', 'c'], ['a', 'b'], ['a', 'b c'], ['a b', 'c'], ['a', 'b-c'], [], [''])", "error:ValueError: empty separator", "value:('a-b', '')", "error:TypeError: sequence item 0: expected str instance, int found", "value:('bbb', 'bba')", "value:(True, True, True)", "value:(2, 3, -1, 1, 2, 2)", "error:ValueError: substring not found", "value:('Hello World', 'Hello world', True, False, True, False)", "value:('00042', '-0042', 'ab***', '   ab', '***abc***', '  ab ')", "value:(['a', 'b', 'c'], ['a\\n', 'b'])", "value:(b'abc', 'abc', '00ff')", "value:('1 and a', 'ba', '3!', '    1|2    |  3  ', '2 3', \"'s'\", '{}', 'x   ')", "error:IndexError: Replacement index 0 out of range for positional args tuple", "error:KeyError: 'x'", "error:ValueError: cannot switch from manual field specification to automatic field numbering", "value:('Ed is 42 years', \" 3.14|ab   |00042|ff|'q'|%\", '1-2', '[1, 2]', 'abc', '+5', '1.234500e+03', '0.0001')", "error:TypeError: %d format: a real number is required, not str", "error:TypeError: not enough arguments for format string", "error:TypeError: not all arguments converted during string formatting", "value:(('a', ' ', 'b'), 'bc', 'ab')", "error:AttributeError: 'str' object has no attribute 'nope'", "error:AttributeError: 'str' object has no attribute 'nope'"]);
    check("x = 3\nf\"{x}\", f\"{x!r:>4}\", f\"{'s'!r}\", f\"{x=}\", f\"{x + 1 = }\", f\"{x:03d}\", f\"{3.14159:.2f}\", f\"{1234567:,}\", f\"{1234567.891:,.2f}\", f\"{0.25:.1%}\", f\"{'ab':^6}|\", f\"{x:{x}}|\"\nf\"{1.0:.3}\", f\"{1234567.0:.3}\", f\"{1e20:g}\", f\"{1234.5:e}\", f\"{12:08.3f}\", f\"{-12:=+8}\", f\"{255:#x}\", f\"{1000000:_}\", f\"{True}\", f\"{None}\", f\"{[1]}\", f\"{-0.0}\", f\"{1e-7}\", f\"{100:b}\", f\"{65:c}\"\nf\"{1:q}\"\nf\"{'a':d}\"\nf\"{None:>3}\"\nfrom decimal import Decimal\nf\"{Decimal('3.14159'):.2f}\", f\"{Decimal('1234.5'):,}\", f\"{Decimal('2.5'):.0f}\", f\"{Decimal('1.10')}\", f\"{Decimal('12.3'):>8}\"", &["value:('3', '   3', \"'s'\", 'x=3', 'x + 1 = 4', '003', '3.14', '1,234,567', '1,234,567.89', '25.0%', '  ab  |', '  3|')", "value:('1.0', '1.23e+06', '1e+20', '1.234500e+03', '0012.000', '-     12', '0xff', '1_000_000', 'True', 'None', '[1]', '-0.0', '1e-07', '1100100', 'A')", "error:ValueError: Unknown format code 'q' for object of type 'int'", "error:ValueError: Unknown format code 'd' for object of type 'str'", "error:TypeError: unsupported format string passed to NoneType.__format__", "value:('3.14', '1,234.5', '2', '1.10', '    12.3')"]);
    check("l = [3, 1, 2]\nl.append(4)\nl.extend((5, 6))\nl.insert(0, 0)\nl.insert(100, 9)\nl\nl.pop(), l.pop(0), l\nl.remove(5)\nl\nl.remove(42)\nl.index(2), l.count(1)\nl.index(42)\nl.sort()\nl\nl.sort(reverse=True)\nl\nl.reverse()\nl\nc = l.copy()\nc.clear()\nl, c\n[].pop()\n[1].pop(5)\nl.append()\nl.append(1, 2)", &["value:[0, 3, 1, 2, 4, 5, 6, 9]", "value:(9, 0, [3, 1, 2, 4, 5, 6])", "value:[3, 1, 2, 4, 6]", "error:ValueError: list.remove(x): x not in list", "value:(2, 1)", "error:ValueError: 42 is not in list", "value:[1, 2, 3, 4, 6]", "value:[6, 4, 3, 2, 1]", "value:[1, 2, 3, 4, 6]", "value:([1, 2, 3, 4, 6], [])", "error:IndexError: pop from empty list", "error:IndexError: pop index out of range", "error:TypeError: list.append() takes exactly one argument (0 given)", "error:TypeError: list.append() takes exactly one argument (2 given)"]);
    check("d = {\"a\": 1}\nd.get(\"a\"), d.get(\"b\"), d.get(\"b\", 0)\nd[\"b\"] = 2\nd.keys(), d.values(), d.items(), list(d.items())\n\"a\" in d.keys(), len(d.keys())\nd.pop(\"a\"), d\nd.pop(\"zz\")\nd.pop(\"zz\", None)\nd.setdefault(\"c\", 3), d.setdefault(\"c\", 4), d\nd.update({\"x\": 1}, y=2)\nd\nd.update([(\"z\", 0)])\nd.popitem(), d\ne = d.copy()\ne.clear()\nd, e\n{}.popitem()\ndict.fromkeys(\"ab\", 0)\nfor k, v in {\"a\": 1, \"b\": 2}.items():\n    print(k, v)\n{1: \"a\", 1.0: \"b\", True: \"c\"}", &["value:(1, None, 0)", "value:(dict_keys(['a', 'b']), dict_values([1, 2]), dict_items([('a', 1), ('b', 2)]), [('a', 1), ('b', 2)])", "value:(True, 2)", "value:(1, {'b': 2})", "error:KeyError: 'zz'", "value:(3, 3, {'b': 2, 'c': 3})", "value:{'b': 2, 'c': 3, 'x': 1, 'y': 2}", "value:(('z', 0), {'b': 2, 'c': 3, 'x': 1, 'y': 2})", "value:({'b': 2, 'c': 3, 'x': 1, 'y': 2}, {})", "error:KeyError: 'popitem(): dictionary is empty'", "value:{'a': 0, 'b': 0}", "print:a 1", "print:b 2", "value:{1: 'c'}"]);
    check("s = {1, 2}\ns.add(3)\ns.discard(10)\ns.remove(1)\ns\ns.remove(10)\ns.union([5]), s.intersection({2, 9}), s.difference({2}), s.issubset({2, 3, 4}), s.issuperset({2}), {1}.isdisjoint({2})\ns.update([7, 8])\ns\nset().pop()\n{1, 2}.pop()\n(1, 2, 1).count(1), (1, 2).index(2)\n(1, 2).index(3)", &["value:{2, 3}", "error:KeyError: 10", "value:({2, 3, 5}, {2}, {3}, True, True, True)", "value:{2, 3, 7, 8}", "error:KeyError: 'pop from an empty set'", "value:1", "value:(2, 1)", "error:ValueError: tuple.index(x): x not in tuple"]);
    check("repr([1, \"a\", None, True, 1.5]), repr((1,)), repr(()), repr({\"a\": [1, (2,)]}), repr({1, 2}), repr(set()), repr(range(5)), repr(range(0, 10, 2)), repr(slice(1, 2))\nl = [1]\nl.append(l)\nl\nd = {}\nd[\"d\"] = d\nd\nlen, int, ValueError, print, str.lower\nfrom decimal import Decimal\nimport datetime\nDecimal(\"9.99\"), Decimal(5), Decimal(\"1.50\") + 1, Decimal(\"7\") / 2, Decimal(1) / 3, -Decimal(\"1.5\"), Decimal(\"-7\") // 2, Decimal(\"-7\") % 2\nDecimal(1) + 1.5\nDecimal(1) / 0\nDecimal(\"1.5\") < 2, Decimal(\"2\") == 2, Decimal(\"0.5\") == 0.5\ndatetime.date(2024, 1, 31), datetime.datetime(2024, 1, 31, 8, 5, 3, 120), datetime.time(13, 5)\nstr(datetime.date(2024, 1, 31)), str(datetime.datetime(2024, 1, 31, 8, 5)), str(datetime.time(13, 5, 1))\ndatetime.date(2024, 1, 31).year, datetime.datetime(2024, 1, 31, 8, 5).hour, datetime.date(2024, 1, 2) < datetime.date(2024, 1, 3)\ndatetime.date(2024, 1, 31).isoformat(), datetime.datetime(2024, 1, 31, 8, 5).isoformat(), datetime.date(2024, 3, 1).strftime(\"%d/%m/%Y\")\ndatetime.date(2024, 13, 1)\ntype(datetime.date(2024, 1, 1)), type(Decimal(1))", &["value:(\"[1, 'a', None, True, 1.5]\", '(1,)', '()', \"{'a': [1, (2,)]}\", '{1, 2}', 'set()', 'range(0, 5)', 'range(0, 10, 2)', 'slice(1, 2, None)')", "value:[1, [...]]", "value:{'d': {...}}", "value:(<built-in function len>, <class 'int'>, <class 'ValueError'>, <built-in function print>, <method 'lower' of 'str' objects>)", "value:(Decimal('9.99'), Decimal('5'), Decimal('2.50'), Decimal('3.5'), Decimal('0.3333333333333333333333333333'), Decimal('-1.5'), Decimal('-3'), Decimal('-1'))", "error:TypeError: unsupported operand type(s) for +: 'decimal.Decimal' and 'float'", "error:ZeroDivisionError: [<class 'decimal.DivisionByZero'>]", "value:(True, True, True)", "value:(datetime.date(2024, 1, 31), datetime.datetime(2024, 1, 31, 8, 5, 3, 120), datetime.time(13, 5))", "value:('2024-01-31', '2024-01-31 08:05:00', '13:05:01')", "value:(2024, 8, True)", "value:('2024-01-31', '2024-01-31T08:05:00', '01/03/2024')", "error:ValueError: month must be in 1..12", "value:(<class 'datetime.date'>, <class 'decimal.Decimal'>)"]);
    finish();
}

/// A test object standing in for the SQLAlchemy surface: attributes, methods,
/// operators (answering with a text naming the op, to check dispatch and
/// reflection), container protocol and context manager, logging what happens.
struct Thing {
    n: RefCell<i64>,
    log: Rc<RefCell<Vec<String>>>,
    suppress: bool,
    falsy_error: bool,
}

impl Native for Thing {
    fn type_name(&self) -> String {
        "Thing".into()
    }
    fn repr(&self, _cx: &mut Interp) -> Result<String> {
        Ok(format!("Thing({})", self.n.borrow()))
    }
    fn get_attr(self: Rc<Self>, _cx: &mut Interp, name: &str) -> Result<Option<Value>> {
        Ok(match name {
            "n" => Some(Value::Int(*self.n.borrow())),
            _ => None,
        })
    }
    fn set_attr(self: Rc<Self>, _cx: &mut Interp, name: &str, value: Value) -> Result<bool> {
        match (name, value) {
            ("n", Value::Int(i)) => {
                *self.n.borrow_mut() = i;
                Ok(true)
            }
            ("n", _) => Err(Error::new(ErrorKind::TypeError, "n must be an int")),
            _ => Ok(false),
        }
    }
    fn call_method(self: Rc<Self>, cx: &mut Interp, name: &str, args: &mut Args) -> Option<Result<Value>> {
        match name {
            "bump" => {
                let by = match args.take_kw("by") {
                    Some(Value::Int(i)) => i,
                    _ => 1,
                };
                *self.n.borrow_mut() += by;
                Some(Ok(Value::Int(*self.n.borrow())))
            }
            "interrupt" => {
                cx.interrupt_flag().store(true, std::sync::atomic::Ordering::Relaxed);
                Some(Ok(Value::None))
            }
            "fail" => Some(Err(Error::new(ErrorKind::InvalidRequestError, "it failed"))),
            _ => None,
        }
    }
    fn binop(self: Rc<Self>, _cx: &mut Interp, op: BinOp, _other: &Value, reflected: bool) -> Option<Result<Value>> {
        Some(Ok(Value::str(&format!("binop:{:?}:{}", op, reflected))))
    }
    fn compare(self: Rc<Self>, _cx: &mut Interp, op: CmpOp, other: &Value, reflected: bool) -> Option<Result<Value>> {
        if matches!(other, Value::None) {
            return None;
        }
        Some(Ok(Value::str(&format!("cmp:{:?}:{}", op, reflected))))
    }
    fn truthy(&self, _cx: &mut Interp) -> Result<bool> {
        if self.falsy_error {
            Err(Error::new(ErrorKind::TypeError, "Boolean value of this clause is not defined"))
        } else {
            Ok(true)
        }
    }
    fn iter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Vec<Value>>> {
        Some(Ok((0..*self.n.borrow()).map(Value::Int).collect()))
    }
    fn getitem(self: Rc<Self>, _cx: &mut Interp, key: &Value) -> Option<Result<Value>> {
        Some(Ok(Value::str(&format!("item {}", matches!(key, Value::Int(_))))))
    }
    fn enter(self: Rc<Self>, _cx: &mut Interp) -> Option<Result<Value>> {
        self.log.borrow_mut().push("enter".into());
        Some(Ok(Value::str("entered")))
    }
    fn exit(self: Rc<Self>, _cx: &mut Interp, exc: Option<&Error>) -> Result<bool> {
        self.log.borrow_mut().push(format!("exit {:?}", exc.map(|e| e.kind.name())));
        Ok(self.suppress && exc.is_some_and(|e| e.kind == ErrorKind::ValueError))
    }
    fn is_instance_of(&self, class: &dyn Native) -> bool {
        class.as_any().downcast_ref::<ThingClass>().is_some()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

struct ThingClass;
impl Native for ThingClass {
    fn type_name(&self) -> String {
        "type".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn with_thing(suppress: bool) -> (Interp, Collector, Rc<RefCell<Vec<String>>>) {
    let (mut it, c) = interp();
    let log = Rc::new(RefCell::new(Vec::new()));
    let t = Thing { n: RefCell::new(3), log: log.clone(), suppress, falsy_error: false };
    it.set_global("t", Value::native(t));
    let bad = Thing { n: RefCell::new(0), log: log.clone(), suppress, falsy_error: true };
    it.set_global("bad", Value::native(bad));
    it.set_global("Thing", Value::native(ThingClass));
    (it, c, log)
}

fn run_native(src: &str, suppress: bool) -> (Vec<String>, Vec<String>) {
    let (mut it, c, log) = with_thing(suppress);
    let (evs, _) = events_of(&mut it, &c, src);
    let log = log.borrow().clone();
    (evs, log)
}

#[test]
fn native_attributes_methods_and_operators() {
    let (evs, _) = run_native(
        "t\nt.n\nt.n = 5\nt.n += 1\nt.n\nt.bump()\nt.bump(by=10)\nt.missing\nt.missing()\nt.n = 'x'\nt.other = 1\nt.fail()\n\
         5 < t\nt < 5\nt == 1\n1 == t\nt != 2\nt == None\nt != None\nt is t\n\
         t + 1\n1 + t\nt * t\n-t\n\
         len(t)\nlist(t)\n2 in t\n9 in t\nt[0]\nt['k']\nisinstance(t, Thing)\nisinstance(1, Thing)\n\
         type(t)\ntype(t).__name__\nstr(t)\nf'{t}'\n[t]\n{t: 1}[t]\nsorted([t, t], key=len)",
        false,
    );
    assert_eq!(
        evs,
        vec![
            "value:Thing(3)",
            "value:3",
            "value:6",
            "value:7",
            "value:17",
            "error:AttributeError: 'Thing' object has no attribute 'missing'",
            "error:AttributeError: 'Thing' object has no attribute 'missing'",
            "error:TypeError: n must be an int",
            "error:AttributeError: 'Thing' object has no attribute 'other'",
            "error:InvalidRequestError: it failed",
            "value:'cmp:Gt:true'",
            "value:'cmp:Lt:false'",
            "value:'cmp:Eq:false'",
            "value:'cmp:Eq:true'",
            "value:'cmp:NotEq:false'",
            "value:False",
            "value:True",
            "value:True",
            "value:'binop:Add:false'",
            "value:'binop:Add:true'",
            "value:'binop:Mult:false'",
            "error:TypeError: bad operand type for unary -: 'Thing'",
            "error:TypeError: object of type 'Thing' has no len()",
            "value:[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]",
            "value:True",
            "value:True",
            "value:'item true'",
            "value:'item false'",
            "value:True",
            "value:False",
            "value:<class 'Thing'>",
            "value:'Thing'",
            "value:'Thing(17)'",
            "value:'Thing(17)'",
            "value:[Thing(17)]",
            "value:1",
            "error:TypeError: object of type 'Thing' has no len()",
        ]
    );
}

#[test]
fn native_truthiness_errors_propagate() {
    let (evs, _) = run_native("if bad:\n    print('no')\nnot bad\nbad and 1\nwhile bad:\n    pass\n[x for x in [1] if bad]", false);
    let msg = "error:TypeError: Boolean value of this clause is not defined";
    assert_eq!(evs, vec![msg, msg, msg, msg, msg]);
}

#[test]
fn with_statement_calls_enter_and_exit() {
    let (evs, log) = run_native("with t as x:\n    print(x)\nprint('after')", false);
    assert_eq!(evs, vec!["print:entered", "print:after"]);
    assert_eq!(log, vec!["enter", "exit None"]);

    let (evs, log) = run_native("with t:\n    raise ValueError('boom')\nprint('next')", true);
    assert_eq!(evs, vec!["print:next"], "exit returning true suppresses");
    assert_eq!(log, vec!["enter", "exit Some(\"ValueError\")"]);

    let (evs, log) = run_native("with t:\n    {}['k']\n    print('not reached')", true);
    assert_eq!(evs, vec!["error:KeyError: 'k'"]);
    assert_eq!(log, vec!["enter", "exit Some(\"KeyError\")"]);

    let (evs, log) = run_native("for i in range(3):\n    with t, t as y:\n        if i == 1:\n            break\nprint(i)", false);
    assert_eq!(evs, vec!["print:1"]);
    assert_eq!(log, vec!["enter", "enter", "exit None", "exit None", "enter", "enter", "exit None", "exit None"]);

    let (evs, _) = run_native("with 1:\n    pass", false);
    assert_eq!(evs, vec!["error:TypeError: 'int' object does not support the context manager protocol"]);
}

#[test]
fn statement_and_error_lines_dot_commands_and_bail() {
    let (mut it, c) = interp();
    it.run_source("x = 1\nif x:\n    y = 1 / 0\nprint('go on')", 10);
    let evs = c.0.borrow().clone();
    let lines: Vec<String> = evs
        .iter()
        .filter_map(|e| match e {
            Event::Stmt { line } => Some(format!("stmt {}", line)),
            Event::Error { kind, line, .. } => Some(format!("{} at {:?}", kind, line)),
            Event::Print { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(lines, vec!["stmt 10", "stmt 11", "ZeroDivisionError at Some(12)", "stmt 13", "go on"]);

    // dot-commands go to the hook, which can read globals and stop the run
    let (mut it, c) = interp();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let seen2 = seen.clone();
    it.dot_hook = Some(Box::new(move |it: &mut Interp, text: &str| {
        let x = it.get_global("x").map(|v| it.repr(&v)).transpose()?;
        seen2.borrow_mut().push(format!("{} {:?}", text, x));
        if text == "boom" {
            return Err(Error::new(ErrorKind::ValueError, "bad dot"));
        }
        Ok(text == "quit")
    }));
    let (evs, outcome) = events_of(&mut it, &c, "x = 1\n.schema User\n.boom\n.quit\nprint('not reached')");
    assert_eq!(*seen.borrow(), vec!["schema User Some(\"1\")", "boom Some(\"1\")", "quit Some(\"1\")"]);
    assert_eq!(evs, vec!["error:ValueError: bad dot"]);
    assert!(outcome.stopped);
    assert!(it.dot_hook.is_some(), "the hook is put back");

    let (mut it, c) = interp();
    it.bail = true;
    let (evs, outcome) = events_of(&mut it, &c, "print(1)\n1/0\nprint(2)");
    assert_eq!(evs, vec!["print:1", "error:ZeroDivisionError: division by zero"]);
    assert_eq!(outcome, RunOutcome { statements: 2, errors: 1, stopped: true });

    let (mut it, c) = interp();
    let (evs, outcome) = events_of(&mut it, &c, "x = (1,\nprint(2)");
    assert_eq!(evs.len(), 1);
    assert!(evs[0].starts_with("error:SyntaxError: "), "{:?}", evs);
    assert_eq!(outcome.errors, 1);
}

/// Names of a loop body are read and bound by the index they had the first
/// time (`ast::NameSlot`); removing a name moves the others' indexes, and the
/// slots must not read the neighbour that took the place.
#[test]
fn cached_name_slots_follow_removals() {
    check(
        "a = 10\nb = 20\nc = 30\nout = []\nfor i in range(3):\n    out.append((a, b, c))\n    del a\n    a = i\n    b = b + 1\nout\nb",
        &["value:[(10, 20, 30), (0, 21, 30), (1, 22, 30)]", "value:23"],
    );
    // an except name is removed at the end of its handler; comprehension names shadow globals
    check(
        "x = 1\ny = 2\nfor k in range(2):\n    try:\n        1 / 0\n    except ZeroDivisionError as x:\n        pass\n    x = k\n    print(x, y, [y for y in (7,)], y)",
        &["print:0 2 [7] 2", "print:1 2 [7] 2"],
    );
    // one tree run by two interpreters: each its own table
    let module = crate::syntax::parser::parse_module("v = w + 1").expect("parses");
    let (mut one, _) = interp();
    let (mut two, _) = interp();
    two.set_global("pad", Value::Int(0));
    one.set_global("w", Value::Int(1));
    two.set_global("w", Value::Int(5));
    for s in &module.body {
        one.exec_top(s).expect("runs");
        two.exec_top(s).expect("runs");
        one.exec_top(s).expect("runs");
        two.exec_top(s).expect("runs");
    }
    assert!(matches!(one.get_global("v"), Some(Value::Int(2))));
    assert!(matches!(two.get_global("v"), Some(Value::Int(6))));
    finish();
}

#[test]
fn globals_api_and_modules() {
    let (mut it, c) = interp();
    it.set_global("a", Value::Int(1));
    it.run_source("b = a + 1", 1);
    assert!(matches!(it.get_global("b"), Some(Value::Int(2))));
    let names: Vec<&str> = it.globals_iter().map(|(k, _)| k).collect();
    assert_eq!(names, vec!["a", "b"]);
    it.clear_globals_except_builtins();
    assert!(it.get_global("a").is_none());
    let mut attrs = indexmap::IndexMap::new();
    attrs.insert("select".to_string(), Value::Int(42));
    it.register_module("sqlalchemy", super::value::Module { name: "sqlalchemy".into(), attrs });
    let (evs, _) = events_of(
        &mut it,
        &c,
        "from sqlalchemy import select\nselect\nimport sqlalchemy as sa\nsa.select\nsa.exc.IntegrityError\n\
         from sqlalchemy import nope\nimport sqlalchemy.orm\nlen('still works')",
    );
    assert_eq!(
        evs,
        vec![
            "value:42",
            "value:42",
            "value:<class 'sqlalchemy.exc.IntegrityError'>",
            "error:ImportError: cannot import name 'nope' from 'sqlalchemy' (unknown location)",
            "value:11",
        ]
    );
}

#[test]
fn interrupt_flag_stops_loops() {
    let (mut it, c, _) = with_thing(false);
    let (evs, _) = events_of(&mut it, &c, "n = 0\nfor i in range(10 ** 12):\n    n += 1\n    if n == 5:\n        t.interrupt()\nn\nwhile True:\n    t.interrupt()\nprint('next statement runs')");
    assert_eq!(evs, vec!["error:KeyboardInterrupt: ", "value:5", "error:KeyboardInterrupt: ", "print:next statement runs"]);
}

#[test]
fn runaway_nesting_is_a_recursion_error() {
    let (mut it, c) = interp();
    let (evs, _) = events_of(&mut it, &c, "x = []\nfor i in range(1000):\n    x = [x]\nlen(repr(x)) > 0\ny = [1]\ny.append(y)\ny == y\ny\nz = [y]\nz == [y]");
    assert_eq!(evs[0], "error:RecursionError: maximum recursion depth exceeded while getting the repr of an object");
    assert_eq!(&evs[1..], &["value:True", "value:[1, [...]]", "value:True"]);
}

#[test]
fn odd_inputs_do_not_panic() {
    let snippets = [
        "x = 1\nx[0]", "''.join", "b''.hex()", "[][::-1]", "[1,2,3][-100:100:7]", "range(5)[::-2]", "list(range(5, 0, -2))",
        "'%' % ()", "'%(' % {}", "'%5' % 1", "'{' .format()", "'}'.format()", "'{0!x}'.format(1)", "'{:%}'.format('a')",
        "f'{1:{2}}'", "format(1.5, 'x')", "format(10**18, ',')", "int('')", "int('-')", "int('0x', 16)", "float('')",
        "float('1e400')", "round(1e300, 2)", "round(float('inf'))", "round(float('nan'), 1)", "2 ** 62 * 4", "(-2) ** 63",
        "-(-9223372036854775807 - 1)", "abs(-9223372036854775807 - 1)", "(-9223372036854775807 - 1) // -1",
        "(-9223372036854775807 - 1) % -1", "1 << 62", "-1 >> 100", "'x' * (2 ** 62)", "[0] * (2 ** 40)", "range(2 ** 62)[2 ** 61]",
        "len(range(-2 ** 63, 2 ** 63 - 1))", "list(range(2 ** 40))", "sorted([1, None])", "min(1, 'a')", "{1: 2}[[1]]",
        "set([[1]])", "[1] in {1}", "chr(0x110000)", "bytes([256])", "bytes(-1)", "'abc'.center(-5)", "'a'.zfill(-1)",
        "'a b'.split(None, -5)", "divmod(1.0, 0.0)", "0.0 ** -1", "(-8) ** (1 / 3)", "10.0 ** 400", "1e308 + 1e308",
        "from decimal import Decimal\nDecimal('1e30') * Decimal('1e30')", "from decimal import Decimal\nDecimal('abc')",
        "from decimal import Decimal\nDecimal(2) ** -2", "from decimal import Decimal\nround(Decimal('2.675'), 2)",
        "import datetime\ndatetime.datetime(2020, 1, 1, 25)", "import datetime\ndatetime.date(0, 1, 1)",
        "a, *b, *c = [1, 2]", "del (1)", "x = [1]\nx[1:1] = 5", "x = [1, 2, 3]\nx[::2] = [1]", "next(5)", "iter(5)",
        "zip([1], strict=True)", "dict.fromkeys([[1]])", "getattr(1, 2)", "hasattr([], 'append')", "type(1, 2)", "print(end=5)",
        "'%c' % 'ab'", "'%c' % 1114112", "'%x' % 1.5", "'%d' % None", "'%*d' % (3, 1)", "str(b'a', 'utf-8')",
        "b'\\xff'.decode()", "[].sort(1)", "[].sort(key=len, cmp=1)", "{}.get()", "set().union(1)", "{1}.issubset(1)",
        "ValueError(x=1)", "KeyError(1, 2)", "e = ValueError('a', 1)\ne.args", "raise ValueError from 5", "raise KeyError",
        "try:\n    1/0\nexcept (ZeroDivisionError, 5):\n    print('ok')", "try:\n    1/0\nfinally:\n    print('f')",
        "for x in 5:\n    pass", "while 1/0:\n    pass", "with len:\n    pass", "import", "from . import x",
        "[x for x in range(3) for y in x]", "{**[1]}", "len(*[1, 2])", "print(**{1: 2})", "max([1], key=5)",
        "sorted([3, 1], key=5)", "sum([1], start=1.5)", "int(2.5e30)", "int(float('nan'))", "hash(slice(1))",
        "'a' < None", "{} < {}", "[1] < [None]", "(1, 'a') < (1, 2)", "1 < 2 < None", "...", "Ellipsis",
        "x = 5\nx.y = 1", "del x.y", "int.x = 1", "ValueError.x", "len.__name__", "print.x", "(1).bit_length()",
    ];
    for src in snippets {
        let (mut it, c) = interp();
        let _ = events_of(&mut it, &c, src);
    }
}

#[test]
fn errors_name_the_exception_class_and_str() {
    check(
        "x\n[].foo\nNone.x\ntype(1).foo\nlen.x\n{}.x = 1\n(1).x = 2",
        &[
            "error:NameError: name 'x' is not defined",
            "error:AttributeError: 'list' object has no attribute 'foo'",
            "error:AttributeError: 'NoneType' object has no attribute 'x'",
            "error:AttributeError: type object 'int' has no attribute 'foo'",
            "error:AttributeError: 'builtin_function_or_method' object has no attribute 'x'",
            "error:AttributeError: 'dict' object has no attribute 'x'",
            "error:AttributeError: 'int' object has no attribute 'x'",
        ],
    );
    finish();
}

/// A long loop runs and gives Python's result (its speed is measured by
/// bench/, not here).
#[test]
fn long_loop_gives_pythons_result() {
    let (mut it, c) = interp();
    let (evs, _) = events_of(&mut it, &c, "n = 0\nfor i in range(100000):\n    n += i\nn");
    assert_eq!(evs, vec!["value:4999950000"]);
}

#[test]
fn odd_inputs_match_python() {
    check("x = 1\nx[0]", &["error:TypeError: 'int' object is not subscriptable"]);
    check("b''.hex()", &["value:''"]);
    check("[][::-1]", &["value:[]"]);
    check("[1,2,3][-100:100:7]", &["value:[1]"]);
    check("range(5)[::-2]", &["value:range(4, -1, -2)"]);
    check("list(range(5, 0, -2))", &["value:[5, 3, 1]"]);
    check("'%' % ()", &["error:ValueError: incomplete format"]);
    check("'%(' % {}", &["error:ValueError: incomplete format key"]);
    check("'%5' % 1", &["error:ValueError: incomplete format"]);
    check("'{' .format()", &["error:ValueError: Single '{' encountered in format string"]);
    check("'}'.format()", &["error:ValueError: Single '}' encountered in format string"]);
    check("'{0!x}'.format(1)", &["error:ValueError: Unknown conversion specifier x"]);
    check("'{:%}'.format('a')", &["error:ValueError: Unknown format code '%' for object of type 'str'"]);
    check("f'{1:{2}}'", &["value:' 1'"]);
    check("format(1.5, 'x')", &["error:ValueError: Unknown format code 'x' for object of type 'float'"]);
    check("format(10**18, ',')", &["value:'1,000,000,000,000,000,000'"]);
    check("int('')", &["error:ValueError: invalid literal for int() with base 10: ''"]);
    check("int('-')", &["error:ValueError: invalid literal for int() with base 10: '-'"]);
    check("int('0x', 16)", &["error:ValueError: invalid literal for int() with base 16: '0x'"]);
    check("float('')", &["error:ValueError: could not convert string to float: ''"]);
    check("float('1e400')", &["value:inf"]);
    check("round(1e300, 2)", &["value:1e+300"]);
    check("round(float('inf'))", &["error:OverflowError: cannot convert float infinity to integer"]);
    check("round(float('nan'), 1)", &["value:nan"]);
    check("2 ** 62 * 4", &["error:OverflowError: integer overflow (ints are 64-bit in ormsh)"]);
    check("(-2) ** 63", &["value:-9223372036854775808"]);
    check("-(-9223372036854775807 - 1)", &["error:OverflowError: integer overflow (ints are 64-bit in ormsh)"]);
    check("abs(-9223372036854775807 - 1)", &["error:OverflowError: integer overflow (ints are 64-bit in ormsh)"]);
    check("(-9223372036854775807 - 1) // -1", &["error:OverflowError: integer overflow (ints are 64-bit in ormsh)"]);
    check("(-9223372036854775807 - 1) % -1", &["value:0"]);
    check("1 << 62", &["value:4611686018427387904"]);
    check("-1 >> 100", &["value:-1"]);
    check("range(2 ** 62)[2 ** 61]", &["value:2305843009213693952"]);
    check("len(range(-2 ** 63, 2 ** 63 - 1))", &["error:OverflowError: integer overflow (ints are 64-bit in ormsh)"]);
    check("sorted([1, None])", &["error:TypeError: '<' not supported between instances of 'NoneType' and 'int'"]);
    check("min(1, 'a')", &["error:TypeError: '<' not supported between instances of 'str' and 'int'"]);
    check("{1: 2}[[1]]", &["error:TypeError: unhashable type: 'list'"]);
    check("set([[1]])", &["error:TypeError: unhashable type: 'list'"]);
    check("[1] in {1}", &["error:TypeError: unhashable type: 'list'"]);
    check("chr(0x110000)", &["error:ValueError: chr() arg not in range(0x110000)"]);
    check("bytes([256])", &["error:ValueError: bytes must be in range(0, 256)"]);
    check("bytes(-1)", &["error:ValueError: negative count"]);
    check("'abc'.center(-5)", &["value:'abc'"]);
    check("'a'.zfill(-1)", &["value:'a'"]);
    check("'a b'.split(None, -5)", &["value:['a', 'b']"]);
    check("divmod(1.0, 0.0)", &["error:ZeroDivisionError: float divmod()"]);
    check("0.0 ** -1", &["error:ZeroDivisionError: 0.0 cannot be raised to a negative power"]);
    check("(-8) ** (1 / 3)", &["error:NotImplementedError: complex numbers are not supported in ormsh"]);
    check("1e308 + 1e308", &["value:inf"]);
    check("from decimal import Decimal\nDecimal('1e30') * Decimal('1e30')", &["error:ValueError: [<class 'decimal.ConversionSyntax'>]"]);
    check("from decimal import Decimal\nDecimal('abc')", &["error:ValueError: [<class 'decimal.ConversionSyntax'>]"]);
    check("from decimal import Decimal\nDecimal(2) ** -2", &["value:Decimal('0.25')"]);
    check("from decimal import Decimal\nround(Decimal('2.675'), 2)", &["value:Decimal('2.68')"]);
    check("import datetime\ndatetime.datetime(2020, 1, 1, 25)", &["error:ValueError: hour must be in 0..23"]);
    check("import datetime\ndatetime.date(0, 1, 1)", &["error:ValueError: year 0 is out of range"]);
    check("a, *b, *c = [1, 2]", &["error:SyntaxError: multiple starred expressions in assignment"]);
    check("del (1)", &["error:SyntaxError: cannot delete literal"]);
    check("x = [1]\nx[1:1] = 5", &["error:TypeError: can only assign an iterable"]);
    check("x = [1, 2, 3]\nx[::2] = [1]", &["error:ValueError: attempt to assign sequence of size 1 to extended slice of size 2"]);
    check("next(5)", &["error:TypeError: 'int' object is not an iterator"]);
    check("iter(5)", &["error:TypeError: 'int' object is not iterable"]);
    check("dict.fromkeys([[1]])", &["error:TypeError: unhashable type: 'list'"]);
    check("getattr(1, 2)", &["error:TypeError: attribute name must be string, not 'int'"]);
    check("hasattr([], 'append')", &["value:True"]);
    check("type(1, 2)", &["error:TypeError: type() takes 1 or 3 arguments"]);
    check("print(end=5)", &["error:TypeError: end must be None or a string, not int"]);
    check("'%c' % 'ab'", &["error:TypeError: %c requires int or char"]);
    check("'%c' % 1114112", &["error:OverflowError: %c arg not in range(0x110000)"]);
    check("'%x' % 1.5", &["error:TypeError: %x format: an integer is required, not float"]);
    check("'%d' % None", &["error:TypeError: %d format: a real number is required, not NoneType"]);
    check("'%*d' % (3, 1)", &["value:'  1'"]);
    check("str(b'a', 'utf-8')", &["value:'a'"]);
    check("b'\\xff'.decode()", &["error:ValueError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"]);
    check("[].sort(1)", &["error:TypeError: sort() takes no positional arguments"]);
    check("[].sort(key=len, cmp=1)", &["error:TypeError: 'cmp' is an invalid keyword argument for sort()"]);
    check("{}.get()", &["error:TypeError: get expected at least 1 argument, got 0"]);
    check("set().union(1)", &["error:TypeError: 'int' object is not iterable"]);
    check("{1}.issubset(1)", &["error:TypeError: 'int' object is not iterable"]);
    check("ValueError(x=1)", &["error:TypeError: ValueError() takes no keyword arguments"]);
    check("KeyError(1, 2)", &["value:KeyError((1, 2))"]);
    check("e = ValueError('a', 1)\ne.args", &["value:(\"('a', 1)\",)"]);
    check("raise ValueError from 5", &["error:TypeError: exception causes must derive from BaseException"]);
    check("raise KeyError", &["error:KeyError: "]);
    check("try:\n    1/0\nexcept (ZeroDivisionError, 5):\n    print('ok')", &["error:TypeError: catching classes that do not inherit from BaseException is not allowed"]);
    check("try:\n    1/0\nfinally:\n    print('f')", &["print:f", "error:ZeroDivisionError: division by zero"]);
    check("for x in 5:\n    pass", &["error:TypeError: 'int' object is not iterable"]);
    check("while 1/0:\n    pass", &["error:ZeroDivisionError: division by zero"]);
    check("with len:\n    pass", &["error:TypeError: 'builtin_function_or_method' object does not support the context manager protocol"]);
    check("import", &["error:SyntaxError: invalid syntax"]);
    check("from . import x", &["error:SyntaxError: relative imports are not supported in ormsh scripts"]);
    check("[x for x in range(3) for y in x]", &["error:TypeError: 'int' object is not iterable"]);
    check("{**[1]}", &["error:TypeError: 'list' object is not a mapping"]);
    check("len(*[1, 2])", &["error:TypeError: len() takes exactly one argument (2 given)"]);
    check("print(**{1: 2})", &["error:TypeError: keywords must be strings"]);
    check("max([1], key=5)", &["error:TypeError: 'int' object is not callable"]);
    check("sorted([3, 1], key=5)", &["error:TypeError: 'int' object is not callable"]);
    check("sum([1], start=1.5)", &["value:2.5"]);
    check("int(2.5e30)", &["error:OverflowError: integer overflow (ints are 64-bit in ormsh)"]);
    check("int(float('nan'))", &["error:ValueError: cannot convert float NaN to integer"]);
    check("hash(slice(1))", &["error:TypeError: unhashable type: 'slice'"]);
    check("'a' < None", &["error:TypeError: '<' not supported between instances of 'str' and 'NoneType'"]);
    check("{} < {}", &["error:TypeError: '<' not supported between instances of 'dict' and 'dict'"]);
    check("[1] < [None]", &["error:TypeError: '<' not supported between instances of 'int' and 'NoneType'"]);
    check("(1, 'a') < (1, 2)", &["error:TypeError: '<' not supported between instances of 'str' and 'int'"]);
    check("1 < 2 < None", &["error:TypeError: '<' not supported between instances of 'int' and 'NoneType'"]);
    check("...", &[]); // a line starting with "." is a dot-command
    check("Ellipsis", &["value:Ellipsis"]);
    check("x = 5\nx.y = 1", &["error:AttributeError: 'int' object has no attribute 'y'"]);
    check("del x.y", &["error:NameError: name 'x' is not defined"]);
    check("int.x = 1", &["error:TypeError: cannot set 'x' attribute of immutable type 'int'"]);
    check("ValueError.x", &["error:AttributeError: type object 'ValueError' has no attribute 'x'"]);
    check("len.__name__", &["value:'len'"]);
    check("print.x", &["error:AttributeError: 'builtin_function_or_method' object has no attribute 'x'"]);
    check("(1).bit_length()", &["value:1"]);
    finish();
}

#[test]
fn fstring_fields_of_str_and_int_take_the_fast_path_with_python_text() {
    check(
        "s = 'name'\nn = -42\nf\"customer {s} {n}|{n!r}|{s!r}|{n:5}|{s:>6}|{True}|{7 * 6}\"",
        &["value:\"customer name -42|-42|'name'|  -42|  name|True|42\""],
    );
    // integer text at the edges, nested f-strings (the reused buffer is taken), values kept apart
    check(
        "a = f\"{0}|{-1}|{9223372036854775807}|{-9223372036854775807 - 1}|{10}|{-100}\"\na\nb = [f\"x{i}{f'<{i * 2}>'}\" for i in range(3)]\nb\na",
        &["value:'0|-1|9223372036854775807|-9223372036854775808|10|-100'", "value:['x0<0>', 'x1<2>', 'x2<4>']", "value:'0|-1|9223372036854775807|-9223372036854775808|10|-100'"],
    );
}
