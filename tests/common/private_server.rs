//! Private, throwaway database servers for fault tests that must stop and
//! restart the server itself, which the shared servers on 5432/3306 must never
//! undergo (other work and CI conformance use them).
//!
//! Each [`PrivateServer`] owns a fresh data directory under the temp dir and a
//! free loopback port, and can be stopped (fast shutdown), crashed (immediate
//! stop / SIGKILL) and started again on the same data directory, so committed
//! data survives a restart exactly as on a real server. Dropping it kills the
//! server and removes the directory (also when the test panicked).
//!
//! - PostgreSQL: `initdb` (about 0.7 s here) and `pg_ctl` from the newest
//!   `/usr/lib/postgresql/<v>/bin` (Debian keeps them off PATH) or PATH. initdb
//!   and the server refuse to run as root, so as root they run as the
//!   `postgres` OS user through `runuser`, in a directory that user owns.
//! - MariaDB: `mariadbd` on an empty data directory with
//!   `--skip-grant-tables`: no `mariadb-install-db` (its bootstrap SQL took
//!   1 to 4 s on this machine under load; the server starts on an empty
//!   directory in about 0.3 s, without the privilege tables it would not use).
//!
//! When a binary is missing the caller gets `None` after `skipped: …` is
//! printed; in CI (`CI=true`, or an `ORMSH_TEST_*` server URL set) a missing
//! binary is a failure instead, so these tests cannot silently stop running.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Which server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Postgresql,
    Mariadb,
}

/// How long a start may take before the test fails (the server log is shown).
const START_TIMEOUT: Duration = Duration::from_secs(30);

pub struct PrivateServer {
    flavor: Flavor,
    /// Owns `data/`, the log, the socket and the pid file.
    dir: PathBuf,
    port: u16,
    /// PostgreSQL's bin directory, or the `mariadbd` executable.
    bin: PathBuf,
    /// The OS user the server runs as when we are root.
    os_user: Option<&'static str>,
    /// The running `mariadbd` (PostgreSQL's postmaster is daemonized by pg_ctl).
    child: Option<Child>,
    running: bool,
    /// MariaDB: options added to every start (`use_tls`).
    extra_args: Vec<String>,
}

/// A fresh private PostgreSQL server, started; `None` (after `skipped:`) when
/// the binaries are not installed outside CI.
pub fn postgresql(test: &str) -> Option<PrivateServer> {
    let Some(bin) = pg_bindir() else {
        return unavailable(test, "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or PATH");
    };
    let mut server = PrivateServer::new(Flavor::Postgresql, test, bin, "postgres");
    server.init_postgresql();
    server.start();
    Some(server)
}

/// A fresh private MariaDB server, started, with an empty `test` database;
/// `None` (after `skipped:`) when `mariadbd` is not installed outside CI.
pub fn mariadb(test: &str) -> Option<PrivateServer> {
    let Some(bin) = find_exe("mariadbd", &["/usr/sbin", "/usr/libexec", "/usr/local/sbin"]) else {
        return unavailable(test, "MariaDB server binary (mariadbd) not found in /usr/sbin or PATH");
    };
    let mut server = PrivateServer::new(Flavor::Mariadb, test, bin, "mysql");
    for sub in ["data", "data/test"] {
        std::fs::create_dir_all(server.dir.join(sub)).unwrap_or_else(|e| panic!("mkdir: {e}"));
    }
    server.give_to_os_user();
    server.start();
    Some(server)
}

/// True in CI, where every server test must run.
pub fn required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
        || ["ORMSH_TEST_POSTGRESQL_URL", "ORMSH_TEST_MYSQL_URL"]
            .iter()
            .any(|v| std::env::var(v).is_ok_and(|s| !s.is_empty()))
}

fn unavailable(test: &str, why: &str) -> Option<PrivateServer> {
    if required() {
        panic!("{why} ({test}): private-server tests are required in CI (CI=true or ORMSH_TEST_* set)");
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {why} ({test})");
    None
}

fn find_exe(name: &str, dirs: &[&str]) -> Option<PathBuf> {
    let path_dirs: Vec<PathBuf> = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    dirs.iter().map(PathBuf::from).chain(path_dirs).map(|d| d.join(name)).find(|p| p.is_file())
}

/// The newest `/usr/lib/postgresql/<v>/bin` holding initdb and pg_ctl, else PATH's.
fn pg_bindir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse::<u32>().ok()?, e.path().join("bin"))))
        .filter(|(_, bin)| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    let initdb = find_exe("initdb", &[])?;
    let dir = initdb.parent()?.to_path_buf();
    dir.join("pg_ctl").is_file().then_some(dir)
}

/// A loopback port nobody listens on right now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    listener.local_addr().map(|a| a.port()).unwrap_or_else(|e| panic!("local_addr: {e}"))
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// uid and gid of an OS user, from `id`.
fn ids_of(user: &str) -> Option<(u32, u32)> {
    let id = |flag: &str| -> Option<u32> {
        let out = Command::new("id").args([flag, user]).output().ok()?;
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    };
    Some((id("-u")?, id("-g")?))
}

impl PrivateServer {
    fn new(flavor: Flavor, test: &str, bin: PathBuf, os_user: &'static str) -> PrivateServer {
        let dir = std::env::temp_dir().join(format!("ormsh-priv-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
        let os_user = (is_root() && ids_of(os_user).is_some()).then_some(os_user);
        PrivateServer { flavor, dir, port: free_port(), bin, os_user, child: None, running: false, extra_args: Vec::new() }
    }

    pub fn flavor(&self) -> Flavor {
        self.flavor
    }
    pub fn port(&self) -> u16 {
        self.port
    }
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// The SQLAlchemy-style URL of the server's database (`connect_timeout`
    /// keeps a connect to a dead server from hanging).
    pub fn url(&self) -> String {
        match self.flavor {
            Flavor::Postgresql => format!("postgresql://postgres@127.0.0.1:{}/postgres?connect_timeout=5", self.port),
            Flavor::Mariadb => format!("mysql://root@127.0.0.1:{}/test?connect_timeout=5", self.port),
        }
    }

    /// The server's own log (shown when something fails).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }

    fn give_to_os_user(&self) {
        let Some(user) = self.os_user else { return };
        let Some((uid, gid)) = ids_of(user) else { return };
        let mut stack = vec![self.dir.clone()];
        while let Some(p) = stack.pop() {
            let _ = std::os::unix::fs::chown(&p, Some(uid), Some(gid));
            if p.is_dir() {
                stack.extend(std::fs::read_dir(&p).into_iter().flatten().flatten().map(|e| e.path()));
            }
        }
    }

    /// A command run as the server's OS user (through runuser when we are root).
    fn as_user(&self, program: &Path) -> Command {
        match self.os_user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(program);
                c
            }
            None => Command::new(program),
        }
    }

    fn run_checked(&self, mut cmd: Command, what: &str) {
        let out = cmd.stdin(Stdio::null()).output().unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
        if !out.status.success() {
            panic!(
                "{what} failed ({}):\n{}{}\n--- server log:\n{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr),
                self.log()
            );
        }
    }

    fn init_postgresql(&mut self) {
        self.give_to_os_user();
        let data = self.dir.join("data");
        let mut cmd = self.as_user(&self.bin.join("initdb"));
        cmd.arg("-D").arg(&data).args(["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
        self.run_checked(cmd, "initdb");
        // Settings live in the file, so a plain `pg_ctl start` brings the same server back.
        let conf = format!(
            "\nport = {}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
             fsync = off\nshared_buffers = 16MB\nmax_connections = 30\nmax_prepared_transactions = 5\n",
            self.port,
            self.dir.display()
        );
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(data.join("postgresql.conf"))
            .unwrap_or_else(|e| panic!("postgresql.conf: {e}"));
        f.write_all(conf.as_bytes()).unwrap_or_else(|e| panic!("postgresql.conf: {e}"));
    }

    /// PostgreSQL: from now on TCP logins need `password` (scram-sha-256;
    /// the Unix socket stays `trust`, for this helper). The server keeps running.
    pub fn require_password(&mut self, password: &str) {
        assert_eq!(self.flavor, Flavor::Postgresql, "require_password: PostgreSQL only");
        assert!(self.running, "require_password: start the server first");
        let mut psql = self.as_user(&self.bin.join("psql"));
        psql.arg("-h").arg(&self.dir).args(["-p", &self.port.to_string(), "-U", "postgres", "-d", "postgres", "-X", "-q", "-c"]);
        psql.arg(format!("ALTER USER postgres PASSWORD '{}'", password.replace('\'', "''")));
        self.run_checked(psql, "psql ALTER USER");
        let hba = "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n";
        std::fs::write(self.dir.join("data").join("pg_hba.conf"), hba).unwrap_or_else(|e| panic!("pg_hba.conf: {e}"));
        self.give_to_os_user();
        let mut reload = self.as_user(&self.bin.join("pg_ctl"));
        reload.arg("-D").arg(self.dir.join("data")).arg("reload");
        self.run_checked(reload, "pg_ctl reload");
        // reload is a signal: wait until the new rules are read
        std::thread::sleep(Duration::from_millis(500));
    }

    /// Serve TLS with the test certificates (the server's certificate and key,
    /// and the CA for client certificates), then restart: PostgreSQL `ssl = on`
    /// in postgresql.conf, MariaDB `--ssl-cert`/`--ssl-key`/`--ssl-ca`.
    pub fn use_tls(&mut self, certs: &TestCerts) {
        let tls = self.dir.join("tls");
        std::fs::create_dir_all(&tls).unwrap_or_else(|e| panic!("mkdir: {e}"));
        for (from, to) in [(certs.server_cert(), "server.crt"), (certs.server_key(), "server.key"), (certs.ca(), "ca.crt")] {
            std::fs::copy(&from, tls.join(to)).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
        }
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(tls.join("server.key"), std::fs::Permissions::from_mode(0o600));
        self.give_to_os_user();
        let (crt, key, ca) = (tls.join("server.crt"), tls.join("server.key"), tls.join("ca.crt"));
        match self.flavor {
            Flavor::Postgresql => {
                use std::io::Write;
                let conf = format!(
                    "\nssl = on\nssl_cert_file = '{}'\nssl_key_file = '{}'\nssl_ca_file = '{}'\n",
                    crt.display(),
                    key.display(),
                    ca.display()
                );
                let mut f = std::fs::OpenOptions::new()
                    .append(true)
                    .open(self.dir.join("data").join("postgresql.conf"))
                    .unwrap_or_else(|e| panic!("postgresql.conf: {e}"));
                f.write_all(conf.as_bytes()).unwrap_or_else(|e| panic!("postgresql.conf: {e}"));
            }
            Flavor::Mariadb => {
                self.extra_args = vec![
                    format!("--ssl-cert={}", crt.display()),
                    format!("--ssl-key={}", key.display()),
                    format!("--ssl-ca={}", ca.display()),
                ];
            }
        }
        self.restart();
    }

    /// PostgreSQL with `use_tls`: from now on TCP logins need TLS and a client
    /// certificate the test CA signed for the user (`hostssl … cert`).
    pub fn require_client_cert(&mut self) {
        assert_eq!(self.flavor, Flavor::Postgresql, "require_client_cert: PostgreSQL only");
        let hba = "local all all trust\nhostssl all all 127.0.0.1/32 cert\n";
        std::fs::write(self.dir.join("data").join("pg_hba.conf"), hba).unwrap_or_else(|e| panic!("pg_hba.conf: {e}"));
        self.give_to_os_user();
        let mut reload = self.as_user(&self.bin.join("pg_ctl"));
        reload.arg("-D").arg(self.dir.join("data")).arg("reload");
        self.run_checked(reload, "pg_ctl reload");
        std::thread::sleep(Duration::from_millis(500));
    }

    /// Start the server on its data directory and wait until it accepts connections.
    pub fn start(&mut self) {
        assert!(!self.running, "start: the server is already running");
        let started = Instant::now();
        match self.flavor {
            Flavor::Postgresql => {
                let mut cmd = self.as_user(&self.bin.join("pg_ctl"));
                cmd.arg("-D").arg(self.dir.join("data")).arg("-l").arg(self.dir.join("server.log"));
                cmd.args(["-w", "-t", &START_TIMEOUT.as_secs().to_string(), "start"]);
                self.run_checked(cmd, "pg_ctl start");
            }
            Flavor::Mariadb => {
                let mut cmd = Command::new(&self.bin);
                cmd.arg("--no-defaults")
                    .arg(format!("--datadir={}", self.dir.join("data").display()))
                    .arg(format!("--socket={}", self.dir.join("mysqld.sock").display()))
                    .arg(format!("--pid-file={}", self.dir.join("mysqld.pid").display()))
                    .arg(format!("--log-error={}", self.dir.join("server.log").display()))
                    .arg(format!("--port={}", self.port))
                    .args([
                        "--bind-address=127.0.0.1",
                        "--skip-grant-tables",
                        "--skip-log-bin",
                        "--innodb-log-file-size=4M",
                        "--innodb-buffer-pool-size=16M",
                        "--innodb-flush-method=nosync",
                    ]);
                if let Some(user) = self.os_user {
                    cmd.arg(format!("--user={user}"));
                }
                cmd.args(&self.extra_args);
                let child = cmd
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap_or_else(|e| panic!("mariadbd: {e}"));
                self.child = Some(child);
                while !self.accepts() {
                    if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
                        panic!("mariadbd exited at start ({status}):\n{}", self.log());
                    }
                    if started.elapsed() > START_TIMEOUT {
                        panic!("mariadbd did not accept connections within {START_TIMEOUT:?}:\n{}", self.log());
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
        }
        self.running = true;
    }

    fn accepts(&self) -> bool {
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], self.port));
        std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
    }

    /// Fast shutdown (PostgreSQL `-m fast`, MariaDB SIGTERM): sessions are
    /// terminated, open transactions rolled back, committed data kept.
    pub fn stop(&mut self) {
        self.halt(false).unwrap_or_else(|e| panic!("{e}"));
    }

    /// A crash (PostgreSQL `-m immediate`, MariaDB SIGKILL): no shutdown work;
    /// recovery runs at the next start.
    pub fn kill(&mut self) {
        self.halt(true).unwrap_or_else(|e| panic!("{e}"));
    }

    /// Stop (fast) and start again on the same data directory and port.
    pub fn restart(&mut self) {
        self.stop();
        self.start();
    }

    /// Never panics (Drop uses it while a failed test unwinds).
    fn halt(&mut self, crash: bool) -> Result<(), String> {
        if !self.running {
            return Ok(());
        }
        match self.flavor {
            Flavor::Postgresql => {
                let mut cmd = self.as_user(&self.bin.join("pg_ctl"));
                cmd.arg("-D").arg(self.dir.join("data"));
                cmd.args(["-m", if crash { "immediate" } else { "fast" }, "-w", "-t", "30", "stop"]);
                let out = cmd.stdin(Stdio::null()).output().map_err(|e| format!("pg_ctl stop: {e}"))?;
                if !out.status.success() {
                    return Err(format!(
                        "pg_ctl stop failed ({}): {}{}",
                        out.status,
                        String::from_utf8_lossy(&out.stdout),
                        String::from_utf8_lossy(&out.stderr)
                    ));
                }
            }
            Flavor::Mariadb => {
                if let Some(mut child) = self.child.take() {
                    let signal = if crash { libc::SIGKILL } else { libc::SIGTERM };
                    // SAFETY: kill(2) on the pid of our own child process.
                    unsafe { libc::kill(child.id() as libc::pid_t, signal) };
                    let deadline = Instant::now() + Duration::from_secs(30);
                    loop {
                        match child.try_wait() {
                            Ok(Some(_)) => break,
                            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
                            _ => {
                                let _ = child.kill();
                                let _ = child.wait();
                                break;
                            }
                        }
                    }
                }
            }
        }
        self.running = false;
        Ok(())
    }
}

/// Certificates for TLS tests, made with the `openssl` command in a
/// directory of their own: a test CA; a server certificate it signs, valid
/// for the name `localhost` only (no IP address, so `127.0.0.1` is a wrong
/// host name for it); a client certificate it signs; and a second CA that
/// signs none of them.
pub struct TestCerts {
    dir: PathBuf,
}

impl TestCerts {
    pub fn new(test: &str) -> TestCerts {
        let dir = std::env::temp_dir().join(format!("ormsh-certs-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
        let openssl = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .current_dir(&dir)
                .stdin(Stdio::null())
                .output()
                .unwrap_or_else(|e| panic!("openssl (needed to make test certificates): {e}"));
            assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        };
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
        for ca in ["ca", "other-ca"] {
            let key = format!("{ca}.key");
            let crt = format!("{ca}.crt");
            let subj = format!("/CN=ormsh test {ca}");
            let mut args = vec!["req", "-x509"];
            args.extend(ec);
            args.extend(["-keyout", &key, "-out", &crt, "-days", "3", "-subj", &subj]);
            args.extend(["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
            openssl(&args);
        }
        std::fs::write(dir.join("server.ext"), "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost\n").unwrap();
        std::fs::write(dir.join("client.ext"), "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n").unwrap();
        for (name, cn) in [("server", "localhost"), ("client", "postgres")] {
            let (key, csr, crt, ext) = (format!("{name}.key"), format!("{name}.csr"), format!("{name}.crt"), format!("{name}.ext"));
            let subj = format!("/CN={cn}");
            let mut args = vec!["req"];
            args.extend(ec);
            args.extend(["-keyout", &key, "-out", &csr, "-subj", &subj]);
            openssl(&args);
            openssl(&["x509", "-req", "-in", &csr, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", &crt, "-days", "3", "-extfile", &ext]);
        }
        use std::os::unix::fs::PermissionsExt;
        for key in ["server.key", "client.key"] {
            std::fs::set_permissions(dir.join(key), std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        TestCerts { dir }
    }
    pub fn ca(&self) -> PathBuf {
        self.dir.join("ca.crt")
    }
    pub fn other_ca(&self) -> PathBuf {
        self.dir.join("other-ca.crt")
    }
    pub fn server_cert(&self) -> PathBuf {
        self.dir.join("server.crt")
    }
    pub fn server_key(&self) -> PathBuf {
        self.dir.join("server.key")
    }
    pub fn client_cert(&self) -> PathBuf {
        self.dir.join("client.crt")
    }
    pub fn client_key(&self) -> PathBuf {
        self.dir.join("client.key")
    }
}

impl Drop for TestCerts {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for PrivateServer {
    fn drop(&mut self) {
        // A failed stop leaves the directory (and its log) for inspection.
        if self.halt(true).is_ok() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
