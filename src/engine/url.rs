//! Database URLs in SQLAlchemy's form (`postgresql+psycopg2://scott:tiger@host:5432/db?x=1`).
//!
//! Mirrors `sqlalchemy/engine/url.py`: `_parse_url` (the same grammar, including its
//! odd corners such as an `@` inside a user name), `URL.render_as_string` (percent
//! quoting, sorted query keys, the password shown as `***`) and the plugin lookup
//! that turns an unknown backend or driver into `NoSuchModuleError`.
//!
//! Called by `Engine::create`, by the command line (`URL` argument, `$DATABASE_URL`)
//! and by the interpreter's `create_engine(...)` / `engine.url`.
//! A password never appears in `Display` or `Debug` output; only
//! `render(false)` shows it.

use crate::exc::{self, Error, ErrorKind};
use std::fmt;

/// The database kinds ormsh can talk to (the part of the URL scheme before `+`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    Sqlite,
    Postgresql,
    Mysql,
    Mariadb,
}

impl Backend {
    /// SQLAlchemy's dialect name (`engine.dialect.name`).
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgresql => "postgresql",
            Backend::Mysql => "mysql",
            Backend::Mariadb => "mariadb",
        }
    }

    fn from_name(name: &str) -> Option<Backend> {
        Some(match name {
            "sqlite" => Backend::Sqlite,
            "postgresql" => Backend::Postgresql,
            "mysql" => Backend::Mysql,
            "mariadb" => Backend::Mariadb,
            _ => return None,
        })
    }

    /// The driver SQLAlchemy picks when the URL names none (`get_driver_name()`).
    pub fn default_driver(self) -> &'static str {
        match self {
            Backend::Sqlite => "pysqlite",
            Backend::Postgresql => "psycopg",
            Backend::Mysql | Backend::Mariadb => "mysqldb",
        }
    }

    /// Driver suffixes SQLAlchemy ships for this backend; any of them is accepted
    /// (and ignored: ormsh has one native driver per backend).
    fn known_drivers(self) -> &'static [&'static str] {
        match self {
            Backend::Sqlite => &["pysqlite", "aiosqlite", "pysqlcipher"],
            Backend::Postgresql => {
                &["psycopg2", "psycopg", "psycopg_async", "psycopg2cffi", "asyncpg", "pg8000"]
            }
            Backend::Mysql | Backend::Mariadb => &[
                "mysqldb",
                "pymysql",
                "mysqlconnector",
                "mariadbconnector",
                "asyncmy",
                "aiomysql",
                "cymysql",
                "pyodbc",
            ],
        }
    }
}

/// A parsed database URL. Fields are private so the password cannot leak through
/// a derived `Debug`; use the accessors.
#[derive(Clone, PartialEq, Eq)]
pub struct Url {
    /// The scheme as written (`postgresql+psycopg2`).
    drivername: String,
    backend: Backend,
    driver: Option<String>,
    username: Option<String>,
    password: Option<String>,
    host: Option<String>,
    port: Option<u16>,
    database: Option<String>,
    /// Query options in the order given; a key may repeat (`x=1&x=2`).
    query: Vec<(String, String)>,
}

impl Url {
    /// Parse a URL string as `sqlalchemy.engine.make_url` does, then check that the
    /// backend (and driver, if named) is one SQLAlchemy would load.
    pub fn parse(text: &str) -> exc::Result<Url> {
        let raw = parse_components(text).ok_or_else(|| {
            exc::argument_error("Could not parse SQLAlchemy URL from given URL string")
        })?;
        let port = match raw.port {
            Some(p) if !p.is_empty() => Some(parse_port(p)?),
            _ => None,
        };
        let (backend_name, driver) = match raw.name.split_once('+') {
            Some((b, d)) => (b, Some(d)),
            None => (raw.name, None),
        };
        let plugin = match driver {
            Some(d) => format!("{backend_name}.{d}"),
            None => backend_name.to_string(),
        };
        let no_plugin =
            || Error::new(ErrorKind::NoSuchModuleError, format!("Can't load plugin: sqlalchemy.dialects:{plugin}"));
        let backend = Backend::from_name(backend_name).ok_or_else(no_plugin)?;
        if let Some(d) = driver {
            if !backend.known_drivers().contains(&d) {
                return Err(no_plugin());
            }
        }
        Ok(Url {
            drivername: raw.name.to_string(),
            backend,
            driver: driver.map(str::to_string),
            username: raw.username.map(percent_decode),
            password: raw.password.map(percent_decode),
            host: raw.host.map(str::to_string),
            port,
            database: raw.database.map(percent_decode),
            query: raw.query.map(parse_qsl).unwrap_or_default(),
        })
    }

    /// `URL.render_as_string(hide_password)`.
    pub fn render(&self, hide_password: bool) -> String {
        let mut s = format!("{}://", self.drivername);
        if let Some(user) = &self.username {
            s.push_str(&quote(user, " +"));
            if let Some(pw) = &self.password {
                s.push(':');
                if hide_password {
                    s.push_str("***");
                } else {
                    s.push_str(&quote(pw, " +"));
                }
            }
            s.push('@');
        }
        if let Some(host) = &self.host {
            if host.contains(':') {
                s.push_str(&format!("[{host}]"));
            } else {
                s.push_str(host);
            }
        }
        if let Some(port) = self.port {
            s.push_str(&format!(":{port}"));
        }
        if let Some(db) = &self.database {
            s.push('/');
            s.push_str(&quote(db, " +/"));
        }
        if !self.query.is_empty() {
            // SQLAlchemy sorts the keys; values of one key keep their order
            // (a stable sort by key: n log n where a scan per key was n²)
            let mut pairs: Vec<&(String, String)> = self.query.iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            let parts: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", quote_plus(k), quote_plus(v))).collect();
            s.push('?');
            s.push_str(&parts.join("&"));
        }
        s
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }
    /// `get_backend_name()`: "sqlite", "postgresql", "mysql" or "mariadb".
    pub fn backend_name(&self) -> &'static str {
        self.backend.name()
    }
    /// `drivername`: the scheme as written (`postgresql+psycopg2`).
    pub fn drivername(&self) -> &str {
        &self.drivername
    }
    /// `get_driver_name()`: the named driver or the backend's default.
    pub fn driver_name(&self) -> &str {
        self.driver.as_deref().unwrap_or(self.backend.default_driver())
    }
    pub fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }
    /// The password, for drivers that must log in. Never print it.
    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }
    pub fn host(&self) -> Option<&str> {
        self.host.as_deref()
    }
    pub fn port(&self) -> Option<u16> {
        self.port
    }
    pub fn database(&self) -> Option<&str> {
        self.database.as_deref()
    }
    /// Query options in the order given (a key may repeat).
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }
    /// The last value given for a query option.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// True for an in-memory SQLite database (`sqlite://`, `sqlite:///:memory:`,
    /// `?mode=memory`), which pysqlite's `_is_url_file_db` treats as not a file.
    pub fn is_sqlite_memory(&self) -> bool {
        self.backend == Backend::Sqlite
            && (matches!(self.database.as_deref(), None | Some("") | Some(":memory:"))
                || self.query_value("mode") == Some("memory"))
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(true))
    }
}

impl fmt::Debug for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Url({})", self.render(true))
    }
}

impl std::str::FromStr for Url {
    type Err = Error;
    fn from_str(s: &str) -> exc::Result<Url> {
        Url::parse(s)
    }
}

/// The groups of SQLAlchemy's URL regular expression, before unquoting.
struct RawUrl<'a> {
    name: &'a str,
    username: Option<&'a str>,
    password: Option<&'a str>,
    host: Option<&'a str>,
    port: Option<&'a str>,
    database: Option<&'a str>,
    query: Option<&'a str>,
}

/// A hand-written matcher equivalent to `_parse_url`'s regex (with `re.match`, so
/// trailing text the pattern does not cover is ignored, as in SQLAlchemy).
fn parse_components(text: &str) -> Option<RawUrl<'_>> {
    // (?P<name>[\w\+]+)://
    let name_len = text
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '+'))
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    if name_len == 0 || !text[name_len..].starts_with("://") {
        return None;
    }
    let name = &text[..name_len];
    let rest = &text[name_len + 3..];

    // (?:(?P<username>[^:/]*)(?::(?P<password>[^@]*))?@)?  — username is greedy and may
    // hold '@'; the regex backtracks to the last '@' it can end on.
    let user_end = rest.find([':', '/']).unwrap_or(rest.len());
    let mut username = None;
    let mut password = None;
    let mut pos = 0;
    let with_password = rest[user_end..]
        .strip_prefix(':')
        .and_then(|after| after.find('@').map(|at| (&after[..at], user_end + 1 + at + 1)));
    if let Some((pw, next)) = with_password {
        username = Some(&rest[..user_end]);
        password = Some(pw);
        pos = next;
    } else if let Some(at) = rest[..user_end].rfind('@') {
        username = Some(&rest[..at]);
        pos = at + 1;
    }
    let rest = &rest[pos..];

    // host: \[(?P<ipv6host>[^/\?]+)\] | (?P<ipv4host>[^/:\?]+)   (optional)
    let segment_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let mut host = None;
    let mut pos = 0;
    if let Some(inner) = rest[..segment_end].strip_prefix('[') {
        if let Some(close) = inner.rfind(']').filter(|&c| c > 0) {
            host = Some(&inner[..close]);
            pos = 1 + close + 1;
        }
    }
    if host.is_none() {
        let end = rest.find(['/', ':', '?']).unwrap_or(rest.len());
        if end > 0 {
            host = Some(&rest[..end]);
            pos = end;
        }
    }
    let rest = &rest[pos..];

    // (?::(?P<port>[^/\?]*))?
    let mut port = None;
    let mut rest = rest;
    if let Some(after) = rest.strip_prefix(':') {
        let end = after.find(['/', '?']).unwrap_or(after.len());
        port = Some(&after[..end]);
        rest = &after[end..];
    }
    // (?:/(?P<database>[^\?]*))?
    let mut database = None;
    if let Some(after) = rest.strip_prefix('/') {
        let end = after.find('?').unwrap_or(after.len());
        database = Some(&after[..end]);
        rest = &after[end..];
    }
    // (?:\?(?P<query>.*))?
    let query = rest.strip_prefix('?');
    Some(RawUrl { name, username, password, host, port, database, query })
}

/// `int(port)` as Python does it (surrounding blanks allowed), with Python's error.
fn parse_port(text: &str) -> exc::Result<u16> {
    let trimmed = text.trim();
    let digits = trimmed.strip_prefix('+').unwrap_or(trimmed).replace('_', "");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || trimmed.starts_with('_') {
        return exc::err(
            ErrorKind::ValueError,
            format!("invalid literal for int() with base 10: {}", crate::sql::value::str_repr(text)),
        );
    }
    digits.parse::<u16>().map_err(|_| {
        Error::new(ErrorKind::ValueError, format!("port must be 0-65535, not {}", digits.trim_start_matches('0')))
    })
}

/// `urllib.parse.parse_qsl(query)`: `&`-separated pairs, blank values dropped,
/// `+` read as a space, percent escapes decoded.
fn parse_qsl(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            if v.is_empty() {
                return None;
            }
            Some((percent_decode(&k.replace('+', " ")), percent_decode(&v.replace('+', " "))))
        })
        .collect()
}

/// `urllib.parse.unquote`: `%XX` escapes decoded as UTF-8 (invalid bytes become
/// U+FFFD), malformed escapes left as they are.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `urllib.parse.quote(text, safe)`: everything except ASCII letters, digits,
/// `_.-~` and the `safe` characters is percent-encoded as UTF-8.
fn quote(text: &str, safe: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~".contains(&b) || (b.is_ascii() && safe.as_bytes().contains(&b)) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `urllib.parse.quote_plus`: like `quote` with no extra safe characters, spaces as `+`.
fn quote_plus(text: &str) -> String {
    quote(text, " ").replace(' ', "+")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(u: &str) -> String {
        Url::parse(u).map(|u| u.to_string()).unwrap_or_else(|e| format!("{}: {}", e.kind.name(), e.message))
    }

    #[test]
    fn sqlite_forms() {
        let m = Url::parse("sqlite://").unwrap();
        assert!(m.is_sqlite_memory());
        assert_eq!(m.database(), None);
        assert_eq!(m.to_string(), "sqlite://");
        let m = Url::parse("sqlite:///:memory:").unwrap();
        assert!(m.is_sqlite_memory());
        assert_eq!(m.database(), Some(":memory:"));
        assert_eq!(m.to_string(), "sqlite:///%3Amemory%3A");
        let r = Url::parse("sqlite:///rel.db").unwrap();
        assert!(!r.is_sqlite_memory());
        assert_eq!(r.database(), Some("rel.db"));
        assert_eq!(r.to_string(), "sqlite:///rel.db");
        let a = Url::parse("sqlite:////abs/p.db").unwrap();
        assert_eq!(a.database(), Some("/abs/p.db"));
        assert_eq!(a.to_string(), "sqlite:////abs/p.db");
        assert_eq!(a.backend(), Backend::Sqlite);
        assert_eq!(a.driver_name(), "pysqlite");
    }

    #[test]
    fn server_urls_and_masking() {
        let u = Url::parse("postgresql+psycopg2://scott:tiger@localhost:5432/test?sslmode=require&x=1&x=2").unwrap();
        assert_eq!(u.backend_name(), "postgresql");
        assert_eq!(u.driver_name(), "psycopg2");
        assert_eq!(u.username(), Some("scott"));
        assert_eq!(u.password(), Some("tiger"));
        assert_eq!(u.host(), Some("localhost"));
        assert_eq!(u.port(), Some(5432));
        assert_eq!(u.database(), Some("test"));
        assert_eq!(u.query_value("sslmode"), Some("require"));
        assert_eq!(u.to_string(), "postgresql+psycopg2://scott:***@localhost:5432/test?sslmode=require&x=1&x=2");
        assert_eq!(
            u.render(false),
            "postgresql+psycopg2://scott:tiger@localhost:5432/test?sslmode=require&x=1&x=2"
        );
        assert!(!format!("{u:?}").contains("tiger"));
        assert!(!format!("{u}").contains("tiger"));
        assert_eq!(shown("mysql+pymysql://u:p@h/db?charset=utf8"), "mysql+pymysql://u:***@h/db?charset=utf8");
        let m = Url::parse("mariadb://h").unwrap();
        assert_eq!(m.backend(), Backend::Mariadb);
        assert_eq!(m.host(), Some("h"));
        let q = Url::parse("postgresql://scott:t%40ger@host/db").unwrap();
        assert_eq!(q.password(), Some("t@ger"));
        assert_eq!(q.render(false), "postgresql://scott:t%40ger@host/db");
        assert_eq!(shown("postgresql://scott@host/db"), "postgresql://scott@host/db");
        let v6 = Url::parse("postgresql://[::1]:5432/db").unwrap();
        assert_eq!(v6.host(), Some("::1"));
        assert_eq!(v6.to_string(), "postgresql://[::1]:5432/db");
        assert_eq!(shown("postgresql:///db"), "postgresql:///db");
        // A password holding '/' and ':' (the regex allows anything but '@').
        let odd = Url::parse("mysql://u:a/b:c@h/d").unwrap();
        assert_eq!(odd.password(), Some("a/b:c"));
        assert_eq!(odd.render(false), "mysql://u:a%2Fb%3Ac@h/d");
        // Query keys are sorted on output, blank values dropped.
        assert_eq!(shown("mysql://h/d?b=2&a=1&c="), "mysql://h/d?a=1&b=2");
    }

    #[test]
    fn errors_as_sqlalchemy() {
        for bad in ["garbage", "", "sqlite:/x", "://x"] {
            assert_eq!(shown(bad), "ArgumentError: Could not parse SQLAlchemy URL from given URL string", "{bad}");
        }
        assert_eq!(shown("foo://x"), "NoSuchModuleError: Can't load plugin: sqlalchemy.dialects:foo");
        assert_eq!(shown("postgres://x"), "NoSuchModuleError: Can't load plugin: sqlalchemy.dialects:postgres");
        assert_eq!(
            shown("mysql+nodriver://x"),
            "NoSuchModuleError: Can't load plugin: sqlalchemy.dialects:mysql.nodriver"
        );
        assert_eq!(
            shown("postgresql://u:p@h:notaport/db"),
            "ValueError: invalid literal for int() with base 10: 'notaport'"
        );
        assert!(Url::parse("postgresql://u:p@h:notaport/db").unwrap_err().kind.is_a(ErrorKind::Exception));
    }
}
