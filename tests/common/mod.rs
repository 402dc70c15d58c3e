//! Helpers shared by the integration tests: run the built `ormsh` binary with
//! arguments, standard input and environment, and collect what it did.
#![allow(dead_code)]

#[cfg(unix)]
pub mod private_server;
#[cfg(unix)]
pub mod pty;
pub mod automap_dump;

use std::io::Write;
use std::process::{Command, Stdio};

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run ormsh as [`ormsh`] does, with standard error sent to the same pipe as
/// standard output (`2>&1`): `stdout` holds both, in the order they were
/// written (ormsh flushes one stream before writing to the other), as a
/// transcript read at a terminal would; `stderr` is empty.
pub fn ormsh_merged(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Run {
    let (mut reader, writer) = match std::io::pipe() {
        Ok(p) => p,
        Err(e) => panic!("pipe: {}", e),
    };
    let writer2 = match writer.try_clone() {
        Ok(w) => w,
        Err(e) => panic!("pipe: {}", e),
    };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ormsh"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("DATABASE_URL")
        .env_remove("ORMSH_HISTORY")
        .stdin(Stdio::piped())
        .stdout(writer)
        .stderr(writer2);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => panic!("cannot start ormsh: {}", e),
    };
    drop(cmd); // our copies of the pipe's write end: EOF comes when the child exits
    let input = stdin.to_string();
    let feeder = child.stdin.take().map(|mut w| std::thread::spawn(move || { let _ = w.write_all(input.as_bytes()); }));
    let mut out = Vec::new();
    let _ = std::io::Read::read_to_end(&mut reader, &mut out);
    if let Some(f) = feeder {
        let _ = f.join();
    }
    let status = match child.wait() {
        Ok(s) => s,
        Err(e) => panic!("ormsh did not finish: {}", e),
    };
    Run { status: status.code().unwrap_or(-1), stdout: String::from_utf8_lossy(&out).into_owned(), stderr: String::new() }
}

/// Run ormsh in the crate directory with `args`, feeding `stdin` (never a
/// terminal), with `$NO_COLOR`, `$DATABASE_URL` and `$ORMSH_HISTORY` cleared
/// unless `env` sets them.
pub fn ormsh(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ormsh"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("DATABASE_URL")
        .env_remove("ORMSH_HISTORY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => panic!("cannot start ormsh: {}", e),
    };
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    let out = match child.wait_with_output() {
        Ok(o) => o,
        Err(e) => panic!("ormsh did not finish: {}", e),
    };
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh temporary directory for one test.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ormsh-it-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    dir
}
