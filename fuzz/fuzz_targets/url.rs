//! Database URLs (engine/url.rs) and their query options (engine/url_options.rs):
//! any string is a URL or an ArgumentError/NoSuchModuleError, never a panic;
//! a parsed URL renders to a string that parses back to the same URL
//! (`make_url(url.render_as_string(False)) == url`, as SQLAlchemy), and the
//! masked rendering never shows a password.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ormsh::engine::url::Url;
use ormsh::engine::url_options;

fuzz_target!(|data: &[u8]| {
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
    let same = again.drivername() == url.drivername()
        && again.username() == url.username()
        && again.password() == url.password()
        && again.host() == url.host()
        && again.port() == url.port()
        && again.database() == url.database()
        && sorted(&again) == sorted(&url);
    assert!(same, "{text:?} renders as {shown:?}, which parses to another URL");
    assert_eq!(again.render(false), shown, "rendering is not stable");
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
});
