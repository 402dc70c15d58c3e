//! ormsh's REPL on a pseudo-terminal: what a user at a terminal sees, typed
//! one line at a time, so a test can act on the world (restart a server)
//! between two statements of one running session. Piped standard input would
//! not do: ormsh reads it whole, as a script, before running anything.
//!
//! Standard input, output and error of the child are the terminal's slave
//! side (`TERM=dumb`: rustyline prints the prompt and reads plain lines), and
//! a thread copies everything the terminal shows into the transcript. The
//! terminal echoes typed lines, as it would for a person.
//!
//! [`Repl::terminal`] is a real terminal instead (`TERM=xterm`): rustyline
//! edits in raw mode (Tab, bracketed paste, its own echo), the pty is the
//! child's controlling terminal (Ctrl-C during a statement is SIGINT, as at a
//! real one), and the cursor-position queries are answered as xterm does.
#![allow(dead_code)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long one entry may take before the test fails (a connect to a dead
/// server is bounded by the URL's `connect_timeout`).
const ENTRY_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Repl {
    child: Child,
    master: File,
    screen: Arc<Mutex<Vec<u8>>>,
    reader: Option<std::thread::JoinHandle<()>>,
    /// Prompts seen so far (each one ends an entry).
    prompts: usize,
}

/// Drop terminal escape sequences (CSI `ESC [ … letter`, OSC, and the
/// two-byte ones) and carriage returns: what remains is the text a user reads.
pub fn strip_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => match chars.next() {
                Some('[') => {
                    while let Some(n) = chars.next() {
                        if ('@'..='~').contains(&n) {
                            break;
                        }
                    }
                }
                Some(']') => {
                    while let Some(n) = chars.next() {
                        if n == '\x07' {
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A new pseudo-terminal: (master, slave).
fn open_pty() -> (File, File) {
    // SAFETY: plain libc calls on descriptors this function owns; every result is checked.
    unsafe {
        let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
        assert!(master >= 0, "posix_openpt: {}", std::io::Error::last_os_error());
        let master_file = File::from_raw_fd(master);
        assert!(libc::grantpt(master) == 0 && libc::unlockpt(master) == 0, "grantpt/unlockpt: {}", std::io::Error::last_os_error());
        let mut name = [0 as libc::c_char; 128];
        assert!(libc::ptsname_r(master, name.as_mut_ptr(), name.len()) == 0, "ptsname_r failed");
        let slave = libc::open(name.as_ptr(), libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
        assert!(slave >= 0, "open pty slave: {}", std::io::Error::last_os_error());
        (master_file, File::from_raw_fd(slave))
    }
}

/// Number of prompts (`ormsh> `, `ormsh*> `, `ormsh!> `, `ormsh*2> `) in `text`.
fn count_prompts(text: &str) -> usize {
    let mut n = 0;
    let mut rest = text;
    while let Some(i) = rest.find("ormsh") {
        let tail = &rest[i + 5..];
        let tail_after_sandbox = tail.strip_prefix("(sandbox)").unwrap_or(tail);
        let skipped = tail.len() - tail_after_sandbox.len();
        let tail = &tail[skipped..];
        let marks = tail.bytes().take_while(|b| matches!(b, b'*' | b'!' | b'0'..=b'9')).count();
        if tail[marks..].starts_with("> ") {
            n += 1;
        }
        rest = tail;
    }
    n
}

impl Repl {
    /// Start `ormsh ARGS` on a terminal and wait for its first prompt.
    pub fn spawn(args: &[&str], history: &std::path::Path) -> Repl {
        Repl::spawn_with(args, history, None, &[("NO_COLOR", Some("1"))])
    }

    /// [`Repl::spawn`] on a terminal of `size` (columns, rows) when given, with
    /// environment variables set (`Some`) or removed (`None`).
    pub fn spawn_with(args: &[&str], history: &std::path::Path, size: Option<(u16, u16)>, env: &[(&str, Option<&str>)]) -> Repl {
        Repl::start(args, history, false, size, env)
    }

    /// Start `ormsh ARGS` on a terminal as a person's (see the module doc)
    /// and wait for its first prompt.
    pub fn terminal(args: &[&str], history: &std::path::Path) -> Repl {
        Repl::start(args, history, true, None, &[("NO_COLOR", Some("1")), ("PAGER", Some(""))])
    }

    /// [`Repl::terminal`] with environment variables of the test's own
    /// (colour stays on unless `NO_COLOR` is given).
    pub fn terminal_with(args: &[&str], history: &std::path::Path, env: &[(&str, Option<&str>)]) -> Repl {
        Repl::start(args, history, true, None, env)
    }

    fn start(args: &[&str], history: &std::path::Path, terminal: bool, size: Option<(u16, u16)>, env: &[(&str, Option<&str>)]) -> Repl {
        let (master, slave) = open_pty();
        if let Some((cols, rows)) = size {
            let ws = libc::winsize { ws_row: rows, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0 };
            // SAFETY: TIOCSWINSZ reads the winsize we pass on a descriptor we own.
            let ok = unsafe { libc::ioctl(std::os::fd::AsRawFd::as_raw_fd(&master), libc::TIOCSWINSZ, &ws) } == 0;
            assert!(ok, "TIOCSWINSZ: {}", std::io::Error::last_os_error());
        }
        let io = |f: &File| Stdio::from(OwnedFd::from(f.try_clone().unwrap_or_else(|e| panic!("dup: {e}"))));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ormsh"));
        cmd.args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("TERM", if terminal { "xterm" } else { "dumb" })
            .env("ORMSH_HISTORY", history)
            .env_remove("DATABASE_URL")
            .env_remove("NO_COLOR")
            .env_remove("PAGER")
            .stdin(io(&slave))
            .stdout(io(&slave))
            .stderr(io(&slave));
        for (k, v) in env {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        if terminal {
            use std::os::unix::process::CommandExt;
            // SAFETY: only async-signal-safe calls between fork and exec.
            unsafe {
                cmd.pre_exec(|| {
                    if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        }
        let child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start ormsh: {e}"));
        // Only the child holds the slave now: reads end (EIO) when it exits.
        drop(slave);
        let screen = Arc::new(Mutex::new(Vec::new()));
        let mut source = master.try_clone().unwrap_or_else(|e| panic!("dup: {e}"));
        let mut answer = master.try_clone().unwrap_or_else(|e| panic!("dup: {e}"));
        let sink = screen.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = source.read(&mut buf) {
                if n == 0 {
                    break;
                }
                // xterm answers "where is the cursor?" (rustyline asks before each prompt)
                if terminal && buf[..n].windows(4).any(|w| w == b"\x1b[6n") {
                    let _ = answer.write_all(b"\x1b[1;1R");
                }
                sink.lock().unwrap_or_else(|p| p.into_inner()).extend_from_slice(&buf[..n]);
            }
        });
        let mut repl = Repl { child, master, screen, reader: Some(reader), prompts: 0 };
        repl.wait_for_prompt("");
        repl
    }

    /// Everything the terminal showed so far (carriage returns dropped).
    pub fn transcript(&self) -> String {
        let bytes = self.screen.lock().unwrap_or_else(|p| p.into_inner()).clone();
        String::from_utf8_lossy(&bytes).replace('\r', "")
    }

    fn wait_for_prompt(&mut self, entry: &str) {
        let start = Instant::now();
        loop {
            let seen = count_prompts(&self.transcript());
            if seen > self.prompts {
                self.prompts = seen;
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("ormsh exited ({status}) during {entry:?}:\n{}", self.transcript());
            }
            if start.elapsed() > ENTRY_TIMEOUT {
                panic!("no prompt {ENTRY_TIMEOUT:?} after {entry:?}:\n{}", self.transcript());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Type `line`, wait until ormsh prompts again, and return what the entry
    /// showed (between the echoed line and the next prompt).
    pub fn enter(&mut self, line: &str) -> String {
        let before = self.transcript().len();
        self.master
            .write_all(format!("{line}\n").as_bytes())
            .unwrap_or_else(|e| panic!("typing {line:?}: {e}"));
        self.wait_for_prompt(line);
        let text = self.transcript();
        let shown = &text[before.min(text.len())..];
        let shown = shown.strip_prefix(&format!("{line}\n")).unwrap_or(shown);
        match shown.rfind("ormsh") {
            Some(i) => shown[..i].to_string(),
            None => shown.to_string(),
        }
    }

    /// Send bytes as typed (or pasted) on the keyboard, all at once.
    pub fn send(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).unwrap_or_else(|e| panic!("typing {bytes:?}: {e}"));
    }

    /// Wait until the transcript (escapes stripped) satisfies `done`; the
    /// transcript then, or a panic with it after `timeout`.
    pub fn wait_until(&mut self, what: &str, timeout: Duration, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let text = strip_escapes(&self.transcript());
            if done(&text) {
                self.prompts = count_prompts(&self.transcript());
                return text;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("ormsh exited ({status}) waiting for {what}:\n{text}");
            }
            if start.elapsed() > timeout {
                panic!("no {what} after {timeout:?}:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Leave with `.quit`; returns the exit status and the whole transcript.
    pub fn quit(mut self) -> (i32, String) {
        let _ = self.master.write_all(b".quit\n");
        let start = Instant::now();
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(s)) => break s.code().unwrap_or(-1),
                _ if start.elapsed() > ENTRY_TIMEOUT => panic!("ormsh did not quit:\n{}", self.transcript()),
                _ => std::thread::sleep(Duration::from_millis(5)),
            }
        };
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        (status, self.transcript())
    }
}

impl Drop for Repl {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
