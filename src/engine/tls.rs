//! TLS for the server drivers (issue 13), on rustls with ring as its crypto
//! provider (no system library): what libpq makes of `sslmode`, `sslrootcert`,
//! `sslcert` and `sslkey`, and what PyMySQL makes of the `ssl_*` options
//! SQLAlchemy's mysqldb/pymysql dialects hand it (`ssl_ca`, `ssl_cert`,
//! `ssl_key`, `ssl_check_hostname`), plus `ssl_disabled` and mysqlclient's
//! `ssl_mode`. The options are checked in `url_options`; this module turns them
//! into a rustls configuration (PostgreSQL) or the `mysql` crate's `SslOpts`.
//!
//! libpq's rules kept here: the default sslmode is `prefer`; a root
//! certificate file (`sslrootcert`, else `~/.postgresql/root.crt`) that exists
//! makes every TLS connection check the server's chain (so `require` then acts
//! as `verify-ca`); `verify-ca`/`verify-full` without one is an error; only
//! `verify-full` checks the host name; `sslrootcert=system` means the public
//! roots (here webpki-roots, Mozilla's list) and `verify-full`; a client
//! certificate (`sslcert`, else `~/.postgresql/postgresql.crt`) is sent when
//! the file exists, its key must exist and be private (0600, or 0640 owned by root).

use crate::engine::url::Url;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// libpq's sslmode values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PgSslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl PgSslMode {
    pub fn parse(s: &str) -> Option<PgSslMode> {
        Some(match s {
            "disable" => PgSslMode::Disable,
            "allow" => PgSslMode::Allow,
            "prefer" => PgSslMode::Prefer,
            "require" => PgSslMode::Require,
            "verify-ca" => PgSslMode::VerifyCa,
            "verify-full" => PgSslMode::VerifyFull,
            _ => return None,
        })
    }
}

/// The sslmode a PostgreSQL URL asks for: its `sslmode`, else `verify-full`
/// with `sslrootcert=system`, else libpq's default `prefer`. The values were
/// checked by `url_options::check`.
pub fn pg_sslmode(url: &Url) -> PgSslMode {
    match url.query_value("sslmode").and_then(PgSslMode::parse) {
        Some(m) => m,
        None if url.query_value("sslrootcert") == Some("system") => PgSslMode::VerifyFull,
        None => PgSslMode::Prefer,
    }
}

/// The rustls configuration for a PostgreSQL connection in `mode` (not
/// `Disable`); the error is libpq's text (after "connection to server … failed: ").
pub fn pg_client_config(url: &Url, mode: PgSslMode) -> Result<ClientConfig, String> {
    let dir = home_dir().map(|h| h.join(".postgresql"));
    let in_dir = |name: &str| dir.as_ref().map(|d| d.join(name)).unwrap_or_else(|| PathBuf::from(name));
    let roots = match url.query_value("sslrootcert") {
        Some("system") => {
            let mut store = RootCertStore::empty();
            store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            Some(store)
        }
        given => {
            let path = given.map(PathBuf::from).unwrap_or_else(|| in_dir("root.crt"));
            if path.exists() {
                Some(load_roots(&path).map_err(|e| format!("could not read root certificate file \"{}\": {e}", path.display()))?)
            } else if matches!(mode, PgSslMode::VerifyCa | PgSslMode::VerifyFull) {
                return Err(format!(
                    "root certificate file \"{}\" does not exist\nEither provide the file, use the system's trusted roots with sslrootcert=system, or change sslmode to disable server certificate verification.",
                    path.display()
                ));
            } else {
                None
            }
        }
    };
    let verifier = Verifier::new(roots, mode == PgSslMode::VerifyFull)?;
    let builder = ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("SSL error: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier));
    let cert = url.query_value("sslcert").map(PathBuf::from).unwrap_or_else(|| in_dir("postgresql.crt"));
    if !cert.exists() {
        return Ok(builder.with_no_client_auth());
    }
    let key = url.query_value("sslkey").map(PathBuf::from).unwrap_or_else(|| in_dir("postgresql.key"));
    if !key.exists() {
        return Err(format!("certificate present, but not private key file \"{}\"", key.display()));
    }
    check_key_permissions(&key)?;
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&cert)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("could not load certificate file \"{}\": {e}", cert.display()))?;
    let private = PrivateKeyDer::from_pem_file(&key).map_err(|e| format!("could not load private key file \"{}\": {e}", key.display()))?;
    builder.with_client_auth_cert(chain, private).map_err(|e| format!("certificate does not match private key file \"{}\": {e}", key.display()))
}

/// libpq refuses a private key others may read.
fn check_key_permissions(key: &Path) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(key).map_err(|e| format!("could not open private key file \"{}\": {e}", key.display()))?;
    let mode = meta.mode();
    let ok = if meta.uid() == 0 { mode & 0o037 == 0 } else { mode & 0o077 == 0 };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "private key file \"{}\" has group or world access; file must have permissions u=rw (0600) or less if owned by the current user, or permissions u=rw,g=r (0640) or less if owned by root",
            key.display()
        ))
    }
}

fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

fn load_roots(path: &Path) -> Result<RootCertStore, String> {
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(path).and_then(|it| it.collect::<Result<Vec<_>, _>>()).map_err(|e| e.to_string())?;
    if certs.is_empty() {
        return Err("no certificate in the file".into());
    }
    let mut store = RootCertStore::empty();
    for c in certs {
        store.add(c).map_err(|e| e.to_string())?;
    }
    Ok(store)
}

/// The server certificate check: the chain against the roots when there are
/// roots (and the host name only when asked), nothing when there are none
/// (libpq's `require`/`prefer` without a root file); the handshake signatures
/// are always verified.
#[derive(Debug)]
struct Verifier {
    webpki: Option<Arc<WebPkiServerVerifier>>,
    check_name: bool,
    schemes: rustls::crypto::WebPkiSupportedAlgorithms,
}

impl Verifier {
    fn new(roots: Option<RootCertStore>, check_name: bool) -> Result<Verifier, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let schemes = provider.signature_verification_algorithms;
        let webpki = match roots {
            Some(r) => Some(
                WebPkiServerVerifier::builder_with_provider(Arc::new(r), provider)
                    .build()
                    .map_err(|e| format!("SSL error: {e}"))?,
            ),
            None => None,
        };
        Ok(Verifier { webpki, check_name, schemes })
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(webpki) = &self.webpki else { return Ok(ServerCertVerified::assertion()) };
        match webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. }))
                if !self.check_name =>
            {
                Ok(ServerCertVerified::assertion())
            }
            other => other,
        }
    }

    fn verify_tls12_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.schemes)
    }

    fn verify_tls13_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.schemes)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes.supported_schemes()
    }
}

/// The rustls error somewhere in an error's chain (rustls errors reach the
/// drivers wrapped in `io::Error`s).
pub fn rustls_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(r) = err.downcast_ref::<rustls::Error>() {
            return Some(r);
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if let Some(inner) = io.get_ref() {
                if let Some(r) = rustls_error(inner) {
                    return Some(r);
                }
            }
        }
        cur = err.source();
    }
    None
}

/// libpq's text for a failed TLS handshake.
pub fn pg_tls_message(e: &rustls::Error, host: &str) -> String {
    match e {
        rustls::Error::InvalidCertificate(CertificateError::NotValidForNameContext { presented, .. }) => {
            let others = presented.len().saturating_sub(1);
            let first = presented.first().map(|n| bare_name(n)).unwrap_or_default();
            match others {
                0 => format!("server certificate for \"{first}\" does not match host name \"{host}\""),
                1 => format!("server certificate for \"{first}\" (and 1 other name) does not match host name \"{host}\""),
                n => format!("server certificate for \"{first}\" (and {n} other names) does not match host name \"{host}\""),
            }
        }
        rustls::Error::InvalidCertificate(CertificateError::NotValidForName) => {
            format!("server certificate does not match host name \"{host}\"")
        }
        rustls::Error::InvalidCertificate(_) => "SSL error: certificate verify failed".to_string(),
        other => format!("SSL error: {other}"),
    }
}

/// A name as rustls-webpki presents it (`DnsName("db.example")`,
/// `IpAddress(127.0.0.1)`), bare as libpq shows it.
fn bare_name(n: &str) -> String {
    let inner = match (n.find('('), n.ends_with(')')) {
        (Some(i), true) => &n[i + 1..n.len() - 1],
        _ => n,
    };
    inner.trim_matches('"').to_string()
}

/// Python's ssl module's text for a failed TLS handshake (PyMySQL puts it in
/// its 2003 "Can't connect" error).
pub fn mysql_tls_message(e: &rustls::Error, host: &str) -> String {
    let why = match e {
        rustls::Error::InvalidCertificate(CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. }) => {
            format!("Hostname mismatch, certificate is not valid for '{host}'.")
        }
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => "unable to get local issuer certificate".to_string(),
        rustls::Error::InvalidCertificate(CertificateError::Expired | CertificateError::ExpiredContext { .. }) => {
            "certificate has expired".to_string()
        }
        rustls::Error::InvalidCertificate(other) => format!("{other:?}"),
        other => return format!("[SSL] {other}"),
    };
    format!("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {why}")
}

/// What a MySQL URL asks for, as SQLAlchemy's dialect and PyMySQL read it:
/// `None` for no TLS (PyMySQL's default), else the `mysql` crate's options and
/// whether a server without TLS may be used unencrypted (mysqlclient's
/// `ssl_mode=PREFERRED`).
pub fn mysql_ssl_opts(url: &Url) -> Option<(mysql::SslOpts, bool)> {
    let mode = url.query_value("ssl_mode").map(str::to_ascii_uppercase);
    if mode.as_deref() == Some("DISABLED") || url.query_value("ssl_disabled").is_some_and(is_true) {
        return None;
    }
    let ca = url.query_value("ssl_ca");
    let cert = url.query_value("ssl_cert");
    let key = url.query_value("ssl_key");
    let asks = ca.is_some() || cert.is_some() || key.is_some() || url.query_value("ssl_check_hostname").is_some();
    if mode.is_none() && !asks {
        return None;
    }
    let mut opts = mysql::SslOpts::default();
    if let Some(ca) = ca {
        opts = opts.with_root_cert_path(Some(PathBuf::from(ca)));
    }
    if let Some(cert) = cert {
        // PyMySQL's load_cert_chain: the key in the certificate file when ssl_key is absent
        let key = key.unwrap_or(cert);
        opts = opts.with_client_identity(Some(mysql::ClientIdentity::new(PathBuf::from(cert), PathBuf::from(key))));
    }
    // PyMySQL: no CA, no check at all; a CA: the chain, and the host name unless ssl_check_hostname is false
    let (verify_chain, verify_name) = match mode.as_deref() {
        Some("VERIFY_IDENTITY") => (true, true),
        Some("VERIFY_CA") => (true, false),
        Some("REQUIRED") | Some("PREFERRED") => (ca.is_some(), false),
        _ => (ca.is_some(), ca.is_some() && !url.query_value("ssl_check_hostname").is_some_and(is_false)),
    };
    opts = opts.with_danger_accept_invalid_certs(!verify_chain).with_danger_skip_domain_validation(!verify_name);
    Some((opts, mode.as_deref() == Some("PREFERRED")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_names_are_shown_bare() {
        assert_eq!(bare_name("DnsName(\"localhost\")"), "localhost");
        assert_eq!(bare_name("IpAddress(127.0.0.1)"), "127.0.0.1");
        assert_eq!(bare_name("db.example"), "db.example");
        let e = rustls::Error::InvalidCertificate(CertificateError::NotValidForNameContext {
            expected: ServerName::try_from("127.0.0.1").unwrap(),
            presented: vec!["DnsName(\"localhost\")".into(), "DnsName(\"db\")".into()],
        });
        assert_eq!(pg_tls_message(&e, "127.0.0.1"), "server certificate for \"localhost\" (and 1 other name) does not match host name \"127.0.0.1\"");
    }

    #[test]
    fn mysql_options_as_pymysql_reads_them() {
        let opts = |u: &str| mysql_ssl_opts(&Url::parse(u).unwrap());
        assert!(opts("mysql://u@h/d").is_none());
        assert!(opts("mysql://u@h/d?ssl_disabled=true").is_none());
        assert!(opts("mysql://u@h/d?ssl_mode=DISABLED").is_none());
        // a CA: chain and host name checked; ssl_check_hostname=false: the chain only
        let (o, prefer) = opts("mysql://u@h/d?ssl_ca=/ca.pem").unwrap();
        assert!(!prefer && !o.accept_invalid_certs() && !o.skip_domain_validation());
        let (o, _) = opts("mysql://u@h/d?ssl_ca=/ca.pem&ssl_check_hostname=false").unwrap();
        assert!(!o.accept_invalid_certs() && o.skip_domain_validation());
        // no CA: encrypted, nothing checked (PyMySQL's CERT_NONE)
        let (o, _) = opts("mysql://u@h/d?ssl_cert=/c.pem&ssl_key=/k.pem").unwrap();
        assert!(o.accept_invalid_certs() && o.client_identity().is_some());
        let (o, prefer) = opts("mysql://u@h/d?ssl_mode=preferred").unwrap();
        assert!(prefer && o.accept_invalid_certs());
        let (o, _) = opts("mysql://u@h/d?ssl_mode=VERIFY_IDENTITY&ssl_ca=/ca.pem").unwrap();
        assert!(!o.accept_invalid_certs() && !o.skip_domain_validation());
    }

    #[test]
    fn pg_sslmode_defaults_as_libpq() {
        let mode = |u: &str| pg_sslmode(&Url::parse(u).unwrap());
        assert_eq!(mode("postgresql://u@h/d"), PgSslMode::Prefer);
        assert_eq!(mode("postgresql://u@h/d?sslrootcert=system"), PgSslMode::VerifyFull);
        assert_eq!(mode("postgresql://u@h/d?sslmode=allow"), PgSslMode::Allow);
    }
}

/// SQLAlchemy's `asbool` spellings.
pub fn is_true(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "yes" | "on" | "y" | "t" | "1")
}

pub fn is_false(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "false" | "no" | "off" | "n" | "f" | "0")
}
