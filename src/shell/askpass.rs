//! `ormsh --password` (`-W`): the database password asked once at start, as
//! psql's `-W` does (`simple_prompt`): on the terminal (`/dev/tty`) with its
//! echo off, else, when there is no terminal, one line of standard input
//! (the prompt on standard error). So a password never has to be given in
//! argv, where `ps` shows it. The answer goes to `engine::passwords`.

use std::io::{BufRead, Write};

/// Print `prompt` and read one line without echo; the line ending is dropped.
pub fn ask(prompt: &str) -> std::io::Result<String> {
    #[cfg(unix)]
    if let Ok(tty) = std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty") {
        return ask_on_terminal(tty, prompt);
    }
    let mut err = std::io::stderr();
    let _ = write!(err, "{prompt}");
    let _ = err.flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(without_newline(line))
}

fn without_newline(mut line: String) -> String {
    if line.ends_with('\n') {
        line.pop();
        if line.ends_with('\r') {
            line.pop();
        }
    }
    line
}

#[cfg(unix)]
fn ask_on_terminal(tty: std::fs::File, prompt: &str) -> std::io::Result<String> {
    use std::os::fd::AsRawFd;
    let fd = tty.as_raw_fd();
    // SAFETY: termios calls on a descriptor we own; the struct is plain data.
    let saved = unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(fd, &mut t) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        let saved = t;
        t.c_lflag &= !libc::ECHO;
        t.c_lflag |= libc::ECHONL;
        if libc::tcsetattr(fd, libc::TCSAFLUSH, &t) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        saved
    };
    let mut out = &tty;
    let _ = write!(out, "{prompt}");
    let _ = out.flush();
    let mut line = String::new();
    let read = std::io::BufReader::new(&tty).read_line(&mut line);
    // SAFETY: as above; the saved settings come back whatever the read did.
    unsafe {
        libc::tcsetattr(fd, libc::TCSAFLUSH, &saved);
    }
    read?;
    Ok(without_newline(line))
}
