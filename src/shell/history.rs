//! The REPL's history file: `~/.ormsh_history` (or `$ORMSH_HISTORY`), private
//! to its owner (mode 0600) because typed statements can hold data and URLs.
//! Only the interactive REPL calls this; scripts and piped input never touch it.
//! It keeps [`MAX_ENTRIES`] entries, and the password of any URL in an entry
//! is masked (`***`, as SQLAlchemy's `URL.render_as_string()` hides it) before
//! the entry is kept or written.

use std::io;
use std::path::{Path, PathBuf};

/// Entries kept in the history (rustyline's default is 100).
pub const MAX_ENTRIES: usize = 10_000;

/// `entry` with the password of every `scheme://user:password@host` URL
/// replaced by `***`. The password runs to the last `@` before the host part
/// ends (a space, a quote, `/`, `?`), so an `@` inside it is masked too.
pub fn mask_passwords(entry: &str) -> String {
    let mut out = String::with_capacity(entry.len());
    let mut rest = entry;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        // the authority: up to a character that cannot be in it
        let end = tail.find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '/' | '?' | '#' | ')' | ',')).unwrap_or(tail.len());
        let authority = &tail[..end];
        match (authority.rfind('@'), authority.find(':')) {
            (Some(at), Some(colon)) if colon < at => {
                out.push_str(&authority[..=colon]);
                out.push_str("***");
                out.push_str(&authority[at..]);
            }
            _ => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Where the history lives: `$ORMSH_HISTORY`, else `~/.ormsh_history`, else none.
pub fn history_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ORMSH_HISTORY").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(|h| PathBuf::from(h).join(".ormsh_history"))
}

/// Create the file if missing, and make sure only its owner can read it.
pub fn ensure_private_file(path: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?;
    restrict(path)
}

/// Set mode 0600 (after the line editor rewrote the file, too).
pub fn restrict(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_path(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("ormsh-test-{}-{}", std::process::id(), name))
    }

    #[cfg(unix)]
    #[test]
    fn created_with_mode_0600_and_tightened_if_loose() {
        use std::os::unix::fs::PermissionsExt;
        let path = temp_path("hist");
        let _ = std::fs::remove_file(&path);
        assert!(ensure_private_file(&path).is_ok());
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777).unwrap_or(0);
        assert_eq!(mode, 0o600);
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644));
        let _ = std::fs::write(&path, "x = 1\n");
        assert!(ensure_private_file(&path).is_ok());
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777).unwrap_or(0);
        assert_eq!(mode, 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), "x = 1\n", "existing history is kept");
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn passwords_in_urls_are_masked() {
        assert_eq!(
            mask_passwords(".open postgresql://scott:tiger@db:5432/test"),
            ".open postgresql://scott:***@db:5432/test"
        );
        assert_eq!(
            mask_passwords("e = create_engine('mysql://root:p@ss@h/x?charset=utf8'); f('sqlite:///a.db')"),
            "e = create_engine('mysql://root:***@h/x?charset=utf8'); f('sqlite:///a.db')"
        );
        assert_eq!(mask_passwords("postgresql://u@h/db and http://h:80/x"), "postgresql://u@h/db and http://h:80/x");
        assert_eq!(mask_passwords("x = 1  # no url: here"), "x = 1  # no url: here");
        assert_eq!(mask_passwords("a://:pw@h b://x:y@z"), "a://:***@h b://x:***@z");
        assert_eq!(mask_passwords("://"), "://");
    }

    #[test]
    fn missing_directory_is_an_error_not_a_panic() {
        assert!(ensure_private_file(Path::new("/nonexistent-dir-ormsh/h")).is_err());
    }
}
