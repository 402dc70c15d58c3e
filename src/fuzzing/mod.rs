//! The bodies of the fuzz targets (issue 13): one function per target, taking
//! the fuzzer's bytes and panicking when a property fails. Two drivers call
//! them: the cargo-fuzz targets of `fuzz/` (libFuzzer, coverage-guided, a
//! release build with instrumentation, run by hand) and the bounded mutation
//! run of `tests/fuzz_targets.rs` (the committed seeds and kept crash inputs,
//! then a seeded random mutation loop, in every `cargo test`). SQLAlchemy has
//! no counterpart: these check ormsh's own front ends (the Python-subset
//! parser, the schema loader, `make_url`'s parser, the `IdentifierPreparer`'s
//! quoting) never panic and keep their round-trip properties.
//!
//! Input that is not UTF-8 is skipped by every target (ormsh reads text).

mod quoting;

use crate::engine::url::Url;
use crate::engine::url_options;
use crate::sql::{ddl, ddl_check, dialect};

/// The Python-subset front end (src/syntax): lexer, parser, f-strings and the
/// REPL's completeness check. Any input gives a tree or a SyntaxError, never a
/// panic, a stack overflow or a hang; a module that parses is never `Invalid`
/// at the prompt.
pub fn parser(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let parsed = crate::syntax::parse_module(src);
    let complete = crate::syntax::check_complete(src);
    if parsed.is_ok() {
        assert!(
            !matches!(complete, crate::syntax::Completeness::Invalid),
            "parse_module accepts what check_complete calls invalid: {src:?}"
        );
    }
}

/// The schema loader (orm/schema_file.rs): any text is a Registry or a
/// SchemaError, never a panic; a loaded schema goes through the per-backend
/// name checks and renders its DDL for every dialect without a panic.
pub fn schema_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(reg) = crate::orm::schema_file::load_str(text, "fuzz.json") else { return };
    for backend in ["sqlite", "postgresql", "mysql", "mariadb"] {
        let d = dialect::dialect_for(backend).expect("known backend");
        if ddl_check::check_names(&reg.metadata, d).is_err() {
            continue;
        }
        for id in ddl::sorted_tables(&reg.metadata) {
            let t = reg.metadata.table(id);
            let _ = ddl::create_table_sql(t, d);
            let _ = ddl::create_index_sql(t, d);
            let _ = ddl::drop_table_sql(t, d);
        }
    }
}

/// Database URLs (engine/url.rs) and their query options
/// (engine/url_options.rs): any string is a URL or an
/// ArgumentError/NoSuchModuleError, never a panic; a parsed URL renders to a
/// string that parses back to the same URL (`make_url(url.render_as_string(False))
/// == url`, as SQLAlchemy), and the masked rendering never shows a password.
pub fn url(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(url) = Url::parse(text) else { return };
    let shown = url.render(false);
    let again = Url::parse(&shown).unwrap_or_else(|e| panic!("{text:?} renders as {shown:?}, which does not parse: {e}"));
    // the same URL: SQLAlchemy's query is a dict (rendered with sorted keys), so compare it sorted
    let sorted = |u: &Url| {
        let mut q = u.query().to_vec();
        q.sort();
        q
    };
    // SQLAlchemy 2.1.9 brackets a rendered host only when it has a `:`, so a
    // host that starts with `[` and has none reads back as an IPv6 literal:
    // `postgresql://[[ ]]` has host `[ ]`, renders as `postgresql://[ ]`,
    // whose host is ` ` (its make_url does the same; found by the bounded run)
    let sa_does_not_round_trip = url.host().is_some_and(|h| h.starts_with('[') && !h.contains(':'));
    if !sa_does_not_round_trip {
        let same = again.drivername() == url.drivername()
            && again.username() == url.username()
            && again.password() == url.password()
            && again.host() == url.host()
            && again.port() == url.port()
            && again.database() == url.database()
            && sorted(&again) == sorted(&url);
        assert!(same, "{text:?} renders as {shown:?}, which parses to another URL");
        assert_eq!(again.render(false), shown, "rendering is not stable");
    }
    if let Some(pw) = url.password() {
        if pw.len() >= 4 && !url.render(true).contains("***") {
            panic!("{text:?}: the masked form shows no *** although there is a password");
        }
    }
    let _ = format!("{url} {url:?}");
    if url_options::check(&url).is_ok() {
        let _ = url_options::host(&url);
        let _ = url_options::port(&url, 5432);
        let _ = url_options::user(&url);
        let _ = url_options::password(&url);
        let _ = url_options::database(&url);
        let _ = url_options::sqlite_timeout(&url);
    }
}

/// The SQL compiler's identifier quoting (sql/dialect.rs `quote`, used by
/// sql/compiler.rs and sql/ddl.rs), SQLAlchemy's `IdentifierPreparer`; see
/// `quoting.rs`. Input: `table\ncolumn`.
pub fn quoting(data: &[u8]) {
    quoting::check(data)
}
