//! The query options of a database URL, as the DBAPI drivers SQLAlchemy hands
//! them to take them: `create_connect_args` of the psycopg2, PyMySQL and
//! pysqlite dialects (`dialects/postgresql/psycopg2.py`, `mysql/pymysql.py`,
//! `sqlite/pysqlite.py`) pass `url.query` on as keyword arguments, so an
//! option means what libpq / PyMySQL / sqlite3 make of it.
//!
//! Every option is either honoured by the drivers here or refused when the
//! engine is created (before any connection): never ignored. TLS options
//! (`sslmode`, `sslrootcert`, `ssl_ca` …) are honoured by `engine::tls`.

use crate::engine::tls::{is_false, is_true, PgSslMode};
use crate::engine::url::{Backend, Url};
use crate::exc::{self, Error, ErrorKind};

/// libpq keywords honoured for PostgreSQL.
const PG_OPTIONS: &[&str] = &[
    "host",
    "port",
    "user",
    "password",
    "dbname",
    "connect_timeout",
    "application_name",
    "options",
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "client_encoding",
    "keepalives",
    "keepalives_idle",
    "target_session_attrs",
];

/// PyMySQL keywords honoured for MySQL/MariaDB.
/// (`ssl_*` as SQLAlchemy's mysqldb/pymysql dialects pass them; `ssl_mode` is mysqlclient's.)
const MYSQL_OPTIONS: &[&str] = &[
    "host",
    "port",
    "user",
    "password",
    "database",
    "db",
    "charset",
    "connect_timeout",
    "init_command",
    "local_infile",
    "ssl_ca",
    "ssl_cert",
    "ssl_key",
    "ssl_check_hostname",
    "ssl_disabled",
    "ssl_mode",
];

/// sqlite3.connect keywords honoured (and `uri`, which passes the rest to SQLite).
const SQLITE_OPTIONS: &[&str] = &["timeout", "uri", "check_same_thread", "cached_statements"];

fn refuse(message: String) -> Error {
    Error::new(ErrorKind::ArgumentError, message)
}

/// Check every query option of `url` before anything connects.
pub fn check(url: &Url) -> exc::Result<()> {
    let backend = url.backend();
    let (known, driver): (&[&str], &str) = match backend {
        Backend::Postgresql => (PG_OPTIONS, "psycopg2"),
        Backend::Mysql | Backend::Mariadb => (MYSQL_OPTIONS, "pymysql"),
        Backend::Sqlite => {
            // with uri=true the other options are SQLite's own URI parameters
            if url.query_value("uri") == Some("true") {
                return sqlite_timeout(url).map(|_| ());
            }
            (SQLITE_OPTIONS, "sqlite3")
        }
    };
    for (k, _) in url.query() {
        if !known.contains(&k.as_str()) {
            return Err(refuse(format!(
                "ormsh cannot honour the {driver} connection option '{k}' of the URL (options it honours: {})",
                known.join(", ")
            )));
        }
    }
    match backend {
        Backend::Postgresql => {
            if let Some(mode) = url.query_value("sslmode") {
                if PgSslMode::parse(mode).is_none() {
                    return Err(refuse(format!("invalid sslmode value: \"{mode}\"")));
                }
                if url.query_value("sslrootcert") == Some("system") && mode != "verify-full" {
                    return Err(refuse(format!(
                        "weak sslmode \"{mode}\" may not be used with sslrootcert=system (use \"verify-full\")"
                    )));
                }
            }
            if let Some(enc) = url.query_value("client_encoding") {
                if !matches!(enc.to_ascii_uppercase().replace('-', "").as_str(), "UTF8" | "UNICODE") {
                    return Err(refuse(format!("client_encoding={enc}: ormsh speaks UTF8 only")));
                }
            }
            if let Some(t) = url.query_value("target_session_attrs") {
                if !matches!(t, "any" | "read-write") {
                    return Err(refuse(format!("target_session_attrs={t}: ormsh honours 'any' and 'read-write' only")));
                }
            }
            if let Some(k) = url.query_value("keepalives") {
                if k.parse::<u32>().is_err() {
                    return Err(refuse(format!("invalid integer value \"{k}\" for connection option \"keepalives\"")));
                }
            }
            if let Some(k) = url.query_value("keepalives_idle") {
                if k.parse::<u64>().is_err() {
                    return Err(refuse(format!("invalid integer value \"{k}\" for connection option \"keepalives_idle\"")));
                }
            }
            check_host_port(url)?;
        }
        Backend::Mysql | Backend::Mariadb => {
            if let Some(cs) = url.query_value("charset") {
                if !matches!(cs.to_ascii_lowercase().as_str(), "utf8mb4" | "utf8" | "utf8mb3") {
                    return Err(refuse(format!("charset={cs}: ormsh speaks utf8mb4 (utf8) only")));
                }
            }
            check_mysql_tls(url)?;
            if let Some(v) = url.query_value("local_infile") {
                if !matches!(v, "0" | "false" | "False") {
                    return Err(refuse(format!("local_infile={v}: ormsh does not load local files")));
                }
            }
            check_host_port(url)?;
        }
        Backend::Sqlite => {
            sqlite_timeout(url)?;
            if let Some(v) = url.query_value("cached_statements") {
                if v.parse::<usize>().is_err() {
                    return Err(refuse(format!("invalid literal for int() with base 10: '{v}'")));
                }
            }
        }
    }
    Ok(())
}

/// The TLS options of a MySQL URL: values SQLAlchemy and PyMySQL would
/// accept, and no contradiction (PyMySQL would let `ssl_disabled` win silently).
fn check_mysql_tls(url: &Url) -> exc::Result<()> {
    if let Some(v) = url.query_value("ssl_check_hostname") {
        if !is_true(v) && !is_false(v) {
            return Err(refuse(format!("String is not true/false: '{v}'")));
        }
    }
    let others = ["ssl_ca", "ssl_cert", "ssl_key", "ssl_check_hostname", "ssl_mode"]
        .into_iter()
        .filter(|k| url.query_value(k).is_some() && !(*k == "ssl_mode" && url.query_value(k).is_some_and(|m| m.eq_ignore_ascii_case("DISABLED"))))
        .collect::<Vec<_>>();
    if let Some(v) = url.query_value("ssl_disabled") {
        if is_false(v) {
            return Err(refuse(format!(
                "ssl_disabled={v}: PyMySQL reads any non-empty value as true (TLS off); leave the option out to keep TLS"
            )));
        }
        if !is_true(v) {
            return Err(refuse(format!("String is not true/false: '{v}'")));
        }
        if let Some(k) = others.first() {
            return Err(refuse(format!("ssl_disabled={v} contradicts {k}: give one or the other")));
        }
    }
    if let Some(m) = url.query_value("ssl_mode") {
        let m = m.to_ascii_uppercase();
        if !matches!(m.as_str(), "DISABLED" | "PREFERRED" | "REQUIRED" | "VERIFY_CA" | "VERIFY_IDENTITY") {
            return Err(refuse(format!("Unknown ssl_mode value: {m} (DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY)")));
        }
        if m == "DISABLED" && others.len() > 0 {
            return Err(refuse(format!("ssl_mode=DISABLED contradicts {}: give one or the other", others[0])));
        }
        if m.starts_with("VERIFY") && url.query_value("ssl_ca").is_none() {
            return Err(refuse(format!("ssl_mode={m} needs ssl_ca (the certificate authority to check the server against)")));
        }
    }
    if url.query_value("ssl_key").is_some() && url.query_value("ssl_cert").is_none() {
        return Err(refuse("ssl_key without ssl_cert: give the client certificate too".into()));
    }
    Ok(())
}

/// `?host=` and `?port=` fill what the URL's authority leaves out (libpq's
/// and PyMySQL's keywords); given twice they contradict each other.
fn check_host_port(url: &Url) -> exc::Result<()> {
    if url.host().is_some_and(|h| !h.is_empty()) && url.query_value("host").is_some() {
        return Err(refuse("the URL names a host twice (authority and ?host=)".into()));
    }
    if url.port().is_some() && url.query_value("port").is_some() {
        return Err(refuse("the URL names a port twice (authority and ?port=)".into()));
    }
    if let Some(p) = url.query_value("port") {
        if p.parse::<u16>().is_err() {
            return Err(refuse(format!("invalid port number: \"{p}\"")));
        }
    }
    Ok(())
}

/// The server host: the URL's, else `?host=`, else `localhost`.
pub fn host(url: &Url) -> String {
    url.host().filter(|h| !h.is_empty()).or(url.query_value("host")).unwrap_or("localhost").to_string()
}

/// The server port: the URL's, else `?port=`, else `default`.
pub fn port(url: &Url, default: u16) -> u16 {
    url.port().or_else(|| url.query_value("port").and_then(|p| p.parse().ok())).unwrap_or(default)
}

/// The user: the URL's, else `?user=`.
pub fn user(url: &Url) -> Option<String> {
    url.username().filter(|u| !u.is_empty()).or(url.query_value("user")).map(str::to_string)
}

/// The password: the URL's, else `?password=`.
pub fn password(url: &Url) -> Option<String> {
    url.password().or(url.query_value("password")).map(str::to_string)
}

/// The database: the URL's, else `?dbname=` / `?database=` / `?db=`.
pub fn database(url: &Url) -> Option<String> {
    url.database()
        .filter(|d| !d.is_empty())
        .or(url.query_value("dbname"))
        .or(url.query_value("database"))
        .or(url.query_value("db"))
        .map(str::to_string)
}

/// pysqlite's `timeout` (seconds, default 5.0): how long a statement waits
/// for a lock another connection holds before `database is locked`.
pub fn sqlite_timeout(url: &Url) -> exc::Result<std::time::Duration> {
    match url.query_value("timeout") {
        None => Ok(std::time::Duration::from_secs(5)),
        Some(t) => match t.parse::<f64>() {
            Ok(s) if s.is_finite() && s >= 0.0 && s < 1e9 => Ok(std::time::Duration::from_secs_f64(s)),
            _ => Err(refuse(format!("could not convert string to float: '{t}'"))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(u: &str) -> Result<(), String> {
        check(&Url::parse(u).unwrap()).map_err(|e| e.message)
    }

    #[test]
    fn options_are_honoured_or_refused() {
        assert!(checked("postgresql://postgres@/postgres?host=127.0.0.1&port=1").is_ok());
        let u = Url::parse("postgresql://postgres@/postgres?host=127.0.0.1&port=1").unwrap();
        assert_eq!((host(&u), port(&u, 5432)), ("127.0.0.1".to_string(), 1));
        let u = Url::parse("postgresql://postgres@h:7/postgres").unwrap();
        assert_eq!((host(&u), port(&u, 5432)), ("h".to_string(), 7));
        assert!(checked("postgresql://u@h/d?sslmode=require").is_ok());
        assert!(checked("postgresql://u@h/d?sslmode=verify-full&sslrootcert=/ca.pem&sslcert=/c.pem&sslkey=/k.pem").is_ok());
        assert!(checked("postgresql://u@h/d?sslmode=required").unwrap_err().contains("invalid sslmode value"));
        assert!(checked("postgresql://u@h/d?sslmode=require&sslrootcert=system").unwrap_err().contains("weak sslmode"));
        assert!(checked("postgresql://u@h/d?sslcrl=/x").unwrap_err().contains("'sslcrl'"));
        assert!(checked("postgresql://u@h/d?sslmode=disable&application_name=x&connect_timeout=3").is_ok());
        assert!(checked("postgresql://u@h/d?frobnicate=1").unwrap_err().contains("'frobnicate'"));
        assert!(checked("postgresql://u@h:5432/d?port=1").unwrap_err().contains("port twice"));
        assert!(checked("mysql+pymysql://u@h/d?charset=utf8mb4").is_ok());
        assert!(checked("mysql+pymysql://u@h/d?charset=latin1").is_err());
        assert!(checked("mysql+pymysql://u@h/d?ssl_ca=/x.pem&ssl_check_hostname=false").is_ok());
        assert!(checked("mysql+pymysql://u@h/d?ssl_check_hostname=maybe").is_err());
        assert!(checked("mysql+pymysql://u@h/d?ssl_disabled=false").unwrap_err().contains("any non-empty value"));
        assert!(checked("mysql+pymysql://u@h/d?ssl_disabled=true&ssl_ca=/x.pem").unwrap_err().contains("contradicts ssl_ca"));
        assert!(checked("mysql+pymysql://u@h/d?ssl_mode=verify_identity").unwrap_err().contains("needs ssl_ca"));
        assert!(checked("mysql+pymysql://u@h/d?ssl_mode=sometimes").is_err());
        assert!(checked("mysql+pymysql://u@h/d?ssl_key=/k.pem").unwrap_err().contains("without ssl_cert"));
        assert!(checked("mysql+pymysql://u@h/d?ssl_capath=/etc/ssl").unwrap_err().contains("'ssl_capath'"));
        assert!(checked("sqlite:///x.db?timeout=0.5").is_ok());
        assert!(checked("sqlite:///x.db?timeout=abc").is_err());
        assert!(checked("sqlite:///x.db?nope=1").is_err());
        assert!(checked("sqlite:///file:x.db?mode=ro&uri=true").is_ok());
        let u = Url::parse("sqlite:///x.db?timeout=0.25").unwrap();
        assert_eq!(sqlite_timeout(&u).unwrap(), std::time::Duration::from_millis(250));
    }
}
