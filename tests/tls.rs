//! TLS on the server drivers (issue 13): the URL options of libpq (`sslmode`,
//! `sslrootcert`, `sslcert`, `sslkey`) and of PyMySQL through SQLAlchemy
//! (`ssl_ca`, `ssl_cert`, `ssl_key`, `ssl_check_hostname`, `ssl_disabled`,
//! mysqlclient's `ssl_mode`), against private servers serving certificates
//! a test CA signed for `localhost` (`common::private_server::TestCerts`).
//! Whether a connection is encrypted is asked of the server itself:
//! PostgreSQL's `pg_stat_ssl` row of the backend, MariaDB's `Ssl_cipher`.

use crate::common::private_server::{self, TestCerts};
use crate::common::{ormsh, temp_dir};

/// Run one statement on `url` with HOME in an empty directory (no
/// `~/.postgresql/root.crt` or client certificate of the machine's user).
fn run(url: &str, stmt: &str, home: &std::path::Path) -> (i32, String, String) {
    let r = ormsh(&["--format", "plain", "--no-echo", url, "-c", stmt], "", &[("HOME", &home.display().to_string())]);
    (r.status, r.stdout, r.stderr)
}

const PG_SSL: &str = "print(session.execute(text('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).scalar())";
const MY_SSL: &str = "print(session.execute(text(\"SHOW SESSION STATUS LIKE 'Ssl_cipher'\")).one()[1] != '')";

/// The connection works and the server says whether it is encrypted.
fn encrypted(url: &str, stmt: &str, home: &std::path::Path) -> bool {
    let (status, out, err) = run(url, stmt, home);
    assert_eq!(status, 0, "{url}: {out}{err}");
    match out.trim() {
        "True" => true,
        "False" => false,
        other => panic!("{url}: {other:?} {err}"),
    }
}

/// The connection fails with an error containing `needle`.
fn refused(url: &str, stmt: &str, home: &std::path::Path, needle: &str) -> String {
    let (status, out, err) = run(url, stmt, home);
    assert_ne!(status, 0, "{url} connected: {out}");
    assert!(err.contains(needle), "{url}: expected {needle:?} in:\n{err}");
    err
}

#[test]
#[ignore = "starts a private database server: cargo test -- --include-ignored"]
fn postgresql_tls_as_libpq() {
    let Some(mut pg) = private_server::postgresql("tls_pg") else { return };
    let home = temp_dir("tls_pg_home");
    let certs = TestCerts::new("tls_pg");
    let port = pg.port();
    let at = |host: &str, q: &str| format!("postgresql://postgres@{host}:{port}/postgres?connect_timeout=5{q}");
    // a server without TLS: prefer (the default) and allow connect in the clear; require fails
    assert!(!encrypted(&at("127.0.0.1", ""), PG_SSL, &home));
    assert!(!encrypted(&at("127.0.0.1", "&sslmode=allow"), PG_SSL, &home));
    refused(&at("127.0.0.1", "&sslmode=require"), PG_SSL, &home, "server does not support SSL, but SSL was required");

    pg.use_tls(&certs);
    let ca = format!("&sslrootcert={}", certs.ca().display());
    let other_ca = format!("&sslrootcert={}", certs.other_ca().display());
    // libpq's default, prefer: encrypted when the server offers it; disable and allow: not
    assert!(encrypted(&at("127.0.0.1", ""), PG_SSL, &home));
    assert!(!encrypted(&at("127.0.0.1", "&sslmode=disable"), PG_SSL, &home));
    assert!(!encrypted(&at("127.0.0.1", "&sslmode=allow"), PG_SSL, &home));
    // require: encrypted, any certificate (no root file)
    assert!(encrypted(&at("127.0.0.1", "&sslmode=require"), PG_SSL, &home));
    // verify-ca: the chain only (127.0.0.1 is not the certificate's name, and need not be)
    assert!(encrypted(&at("127.0.0.1", &format!("&sslmode=verify-ca{ca}")), PG_SSL, &home));
    // verify-full: the chain and the host name
    assert!(encrypted(&at("localhost", &format!("&sslmode=verify-full{ca}")), PG_SSL, &home));
    let err = refused(&at("127.0.0.1", &format!("&sslmode=verify-full{ca}")), PG_SSL, &home, "does not match host name");
    assert!(
        err.contains(&format!(
            "connection to server at \"127.0.0.1\", port {} failed: server certificate for \"localhost\" does not match host name \"127.0.0.1\"",
            port
        )),
        "{err}"
    );
    // a CA that did not sign the server's certificate: refused, also by require (a root file makes it check)
    refused(&at("localhost", &format!("&sslmode=verify-full{other_ca}")), PG_SSL, &home, "SSL error: certificate verify failed");
    refused(&at("127.0.0.1", &format!("&sslmode=verify-ca{other_ca}")), PG_SSL, &home, "SSL error: certificate verify failed");
    refused(&at("127.0.0.1", &format!("&sslmode=require{other_ca}")), PG_SSL, &home, "SSL error: certificate verify failed");
    // prefer falls back to a plain connection when the handshake fails, as libpq
    assert!(!encrypted(&at("127.0.0.1", &format!("&sslmode=prefer{other_ca}")), PG_SSL, &home));
    // verify-ca without a root file: libpq's error, before any connection is tried
    refused(&at("127.0.0.1", "&sslmode=verify-ca"), PG_SSL, &home, "root.crt\" does not exist");
    // ~/.postgresql/root.crt is the default root file
    std::fs::create_dir_all(home.join(".postgresql")).unwrap();
    std::fs::copy(certs.ca(), home.join(".postgresql/root.crt")).unwrap();
    assert!(encrypted(&at("localhost", "&sslmode=verify-full"), PG_SSL, &home));
    std::fs::remove_file(home.join(".postgresql/root.crt")).unwrap();

    // client certificates: the server now wants TLS and a certificate the CA signed for the user
    pg.require_client_cert();
    let client = format!("&sslcert={}&sslkey={}", certs.client_cert().display(), certs.client_key().display());
    refused(&at("127.0.0.1", &format!("&sslmode=require{ca}")), PG_SSL, &home, "FATAL");
    assert!(encrypted(&at("localhost", &format!("&sslmode=verify-full{ca}{client}")), PG_SSL, &home));
    // allow: the plain start is refused (hostssl), so again with TLS
    assert!(encrypted(&at("127.0.0.1", &format!("&sslmode=allow{client}")), PG_SSL, &home));
    // a private key others may read is refused, as libpq refuses it
    let loose = home.join("loose.key");
    std::fs::copy(certs.client_key(), &loose).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o644)).unwrap();
    let loose_client = format!("&sslcert={}&sslkey={}", certs.client_cert().display(), loose.display());
    refused(&at("127.0.0.1", &format!("&sslmode=require{loose_client}")), PG_SSL, &home, "has group or world access");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
#[ignore = "starts a private database server: cargo test -- --include-ignored"]
fn mariadb_tls_as_pymysql() {
    let Some(mut my) = private_server::mariadb("tls_my") else { return };
    let home = temp_dir("tls_my_home");
    let certs = TestCerts::new("tls_my");
    let port = my.port();
    let at = |host: &str, q: &str| format!("mysql+pymysql://root@{host}:{port}/test?connect_timeout=5{q}");
    // a server without TLS: PyMySQL's default is plain; asking for TLS fails (PyMySQL would
    // go on unencrypted), except mysqlclient's ssl_mode=PREFERRED
    assert!(!encrypted(&at("127.0.0.1", ""), MY_SSL, &home));
    refused(&at("127.0.0.1", "&ssl_mode=REQUIRED"), MY_SSL, &home, "(2026, \"SSL connection error: SSL is required but the server doesn't support it\")");
    assert!(!encrypted(&at("127.0.0.1", "&ssl_mode=PREFERRED"), MY_SSL, &home));

    my.use_tls(&certs);
    let ca = format!("&ssl_ca={}", certs.ca().display());
    let other_ca = format!("&ssl_ca={}", certs.other_ca().display());
    assert!(!encrypted(&at("127.0.0.1", ""), MY_SSL, &home));
    assert!(encrypted(&at("127.0.0.1", "&ssl_mode=PREFERRED"), MY_SSL, &home));
    assert!(encrypted(&at("127.0.0.1", "&ssl_mode=REQUIRED"), MY_SSL, &home));
    assert!(!encrypted(&at("127.0.0.1", "&ssl_disabled=true"), MY_SSL, &home));
    // ssl_ca: the chain and the host name (SQLAlchemy's ssl dict: PyMySQL's CERT_REQUIRED, check_hostname)
    assert!(encrypted(&at("localhost", &ca), MY_SSL, &home));
    let err = refused(&at("127.0.0.1", &ca), MY_SSL, &home, "(2003, \"Can't connect to MySQL server on '127.0.0.1'");
    assert!(err.contains("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for '127.0.0.1'."), "{err}");
    assert!(encrypted(&at("127.0.0.1", &format!("{ca}&ssl_check_hostname=false")), MY_SSL, &home));
    assert!(encrypted(&at("127.0.0.1", &format!("{ca}&ssl_mode=VERIFY_CA")), MY_SSL, &home));
    refused(&at("127.0.0.1", &format!("{ca}&ssl_mode=VERIFY_IDENTITY")), MY_SSL, &home, "Hostname mismatch");
    refused(&at("localhost", &other_ca), MY_SSL, &home, "certificate verify failed: unable to get local issuer certificate");
    // a client certificate is presented (the server's CA signed it)
    let client = format!("&ssl_cert={}&ssl_key={}", certs.client_cert().display(), certs.client_key().display());
    assert!(encrypted(&at("localhost", &format!("{ca}{client}")), MY_SSL, &home));
    let _ = std::fs::remove_dir_all(&home);
}
