//! The real binary through pipes (plain mode and the commands): its
//! standard input written, its output read, under a deadline so that a hang
//! fails the test instead of blocking the suite. The pty tests have
//! `pty_support`.

#![allow(dead_code)]

use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// No run takes more than a second or two; a hang is killed at this.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// `tests/fixtures/NAME`.
pub fn fixtures(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `banshi --data-dir DATA` in a UTF-8 locale, with no data folder,
/// language, store, counter, idle time or colour setting from the
/// environment.
pub fn banshi(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_banshi"));
    c.arg("--data-dir")
        .arg(data)
        .env_remove("BANSHI_DATA_DIR")
        .env_remove("BANSHI_LANG")
        .env_remove("BANSHI_STORE")
        .env_remove("BANSHI_COUNTER")
        .env_remove("BANSHI_IDLE")
        .env_remove("NO_COLOR")
        .env("LANG", "C.UTF-8");
    c
}

/// Runs `cmd` with `input` on its standard input (piped, so banshi chooses
/// plain mode by itself) and waits for it; fails if it runs past
/// [`DEADLINE`], or if the input cannot be written (other than to a
/// process that has already quit).
pub fn run(cmd: &mut Command, input: &str) -> Output {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("banshi runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{cmd:?} hung for {DEADLINE:?}; stderr: {}",
                String::from_utf8_lossy(&err.join().unwrap())
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    if let Err(e) = writer.join().unwrap() {
        assert_eq!(e.kind(), ErrorKind::BrokenPipe, "writing the input: {e}");
    }
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}
