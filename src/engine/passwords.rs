//! Where a server password comes from when the URL gives none, so that it
//! never has to be written in argv (visible to `ps`), a script or the history:
//!
//! - PostgreSQL as libpq (under psycopg2) finds it: `PGPASSWORD`, else the
//!   password file (`PGPASSFILE`, else `~/.pgpass`), whose lines are
//!   `host:port:database:user:password` (`*` matches anything, `\` escapes
//!   `:` and `\`, `#` starts a comment; the first matching line wins). As
//!   libpq, a file that others may read (mode beyond 0600) is not used.
//! - MySQL/MariaDB: `MYSQL_PWD`, as the MySQL client library reads it
//!   (PyMySQL reads none: docs/divergences.md).
//! - `ormsh --password` asks once at start ([`set_prompted`]); that answer
//!   comes before the environment and the file, as psql's `-W` does.
//!
//! The URL's own password (or `?password=`) always wins. Nothing here prints.

use std::sync::OnceLock;

static PROMPTED: OnceLock<String> = OnceLock::new();

/// The password typed at `--password`'s prompt, for every connection whose
/// URL has none. Set once, at start.
pub fn set_prompted(password: String) {
    let _ = PROMPTED.set(password);
}

fn prompted() -> Option<String> {
    PROMPTED.get().cloned()
}

fn env_nonempty(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|v| !v.is_empty())
}

/// PostgreSQL's password when the URL has none: the prompt, `PGPASSWORD`,
/// then the password file's first line for this host, port, database and user.
pub fn postgresql(host: &str, port: u16, database: &str, user: &str) -> Option<String> {
    prompted().or_else(|| env_nonempty("PGPASSWORD")).or_else(|| {
        let file = env_nonempty("PGPASSFILE")
            .map(std::path::PathBuf::from)
            .or_else(|| env_nonempty("HOME").map(|h| std::path::Path::new(&h).join(".pgpass")))?;
        if !private_file(&file) {
            return None;
        }
        let text = std::fs::read_to_string(&file).ok()?;
        // libpq matches a Unix-socket connection as "localhost"
        let host = if host.is_empty() || host.starts_with('/') { "localhost" } else { host };
        pgpass_lookup(&text, host, &port.to_string(), database, user)
    })
}

/// MySQL/MariaDB's password when the URL has none: the prompt, then `MYSQL_PWD`.
pub fn mysql() -> Option<String> {
    prompted().or_else(|| env_nonempty("MYSQL_PWD"))
}

/// libpq's check of the password file: a plain file, no access for group or others.
fn private_file(path: &std::path::Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else { return false };
    if !meta.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return false;
        }
    }
    true
}

/// The password of the first line of a `.pgpass` text matching the four
/// fields (libpq's `passwordFromFile`).
pub fn pgpass_lookup(text: &str, host: &str, port: &str, database: &str, user: &str) -> Option<String> {
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let fields = split_fields(line);
        if fields.len() < 5 {
            continue;
        }
        let matches = |field: &str, value: &str| field == "*" || field == value;
        if matches(&fields[0], host) && matches(&fields[1], port) && matches(&fields[2], database) && matches(&fields[3], user) {
            // libpq's de-escaping of the password stops at an unescaped colon
            return Some(fields[4].clone());
        }
    }
    None
}

/// `a\:b:c` → [`a:b`, `c`]: fields split at unescaped colons, escapes removed.
fn split_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    fields.last_mut().map(|f| f.push(n));
                }
            }
            ':' => fields.push(String::new()),
            c => {
                fields.last_mut().map(|f| f.push(c));
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgpass_lines_match_as_libpq_matches_them() {
        let text = "# comment\n\
                    db.example:5432:*:alice:first\n\
                    127.0.0.1:5432:test:postgres:s\\:e\\\\cret:tail\n\
                    *:*:*:postgres:fallback\n";
        assert_eq!(pgpass_lookup(text, "db.example", "5432", "x", "alice").as_deref(), Some("first"));
        // escapes removed; the password ends at an unescaped colon
        assert_eq!(pgpass_lookup(text, "127.0.0.1", "5432", "test", "postgres").as_deref(), Some("s:e\\cret"));
        assert_eq!(pgpass_lookup(text, "127.0.0.1", "5433", "test", "postgres").as_deref(), Some("fallback"));
        assert_eq!(pgpass_lookup(text, "127.0.0.1", "5432", "test", "bob"), None);
        assert_eq!(pgpass_lookup("short:line\n", "h", "1", "d", "u"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_password_file_others_can_read_is_not_used() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("ormsh-pgpass-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let f = dir.join("pgpass");
        std::fs::write(&f, "*:*:*:*:pw\n").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(!private_file(&f));
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(private_file(&f));
        assert!(!private_file(&dir));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
