//! The Python-subset front end (src/syntax): lexer, parser, f-strings and the
//! REPL's completeness check. Any input must give a tree or a SyntaxError,
//! never a panic, a stack overflow or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let parsed = ormsh::syntax::parse_module(src);
    let complete = ormsh::syntax::check_complete(src);
    // a module that parses is never reported as a syntax error by the REPL's check
    if parsed.is_ok() {
        assert!(
            !matches!(complete, ormsh::syntax::Completeness::Invalid),
            "parse_module accepts what check_complete calls invalid: {src:?}"
        );
    }
});
