//! The screen model of the pty tests: what a ratatui app writes to the
//! terminal (cursor moves, clears, wide characters), kept as a grid of
//! cells to read the screen back as text.

use unicode_width::UnicodeWidthChar;

/// A screen fed with the bytes a ratatui app writes.
pub struct Screen {
    cells: Vec<Vec<String>>,
    row: usize,
    col: usize,
}

impl Screen {
    pub fn new(rows: u16, cols: u16) -> Screen {
        Screen {
            cells: vec![vec![" ".to_string(); cols as usize]; rows as usize],
            row: 0,
            col: 0,
        }
    }

    pub fn feed(&mut self, text: &str) {
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\u{1b}' => match chars.next() {
                    Some('[') => {
                        let mut params = String::new();
                        let mut fin = ' ';
                        for p in chars.by_ref() {
                            if ('\u{40}'..='\u{7e}').contains(&p) {
                                fin = p;
                                break;
                            }
                            params.push(p);
                        }
                        match (fin, params.as_str()) {
                            ('H', p) => {
                                let mut it = p.split(';').map(|n| n.parse::<usize>().unwrap_or(1));
                                self.row = it.next().unwrap_or(1).saturating_sub(1);
                                self.col = it.next().unwrap_or(1).saturating_sub(1);
                            }
                            ('J', "2") => {
                                for r in &mut self.cells {
                                    r.fill(" ".to_string());
                                }
                            }
                            _ => {}
                        }
                    }
                    Some(']') => {
                        for p in chars.by_ref() {
                            if p == '\u{7}' || p == '\u{9c}' {
                                break;
                            }
                        }
                    }
                    _ => {}
                },
                '\r' => self.col = 0,
                '\n' => self.row += 1,
                c if c.is_control() => {}
                c => {
                    let w = c.width().unwrap_or(0);
                    if self.row < self.cells.len() && self.col + w <= self.cells[0].len() {
                        self.cells[self.row][self.col] = c.to_string();
                        if w == 2 {
                            self.cells[self.row][self.col + 1] = String::new();
                        }
                    }
                    self.col += w;
                }
            }
        }
    }

    pub fn text(&self) -> String {
        self.cells
            .iter()
            .map(|r| r.concat().trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// How long any wait lasts before the test fails with the screen.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// `banshi --data-dir DATA --flows tests/fixtures/wizard` in a UTF-8
/// xterm, with no language or idle time from the environment.
#[allow(dead_code)]
pub fn banshi(data: &Path) -> CommandBuilder {
    banshi_on(data, "wizard")
}

/// `banshi --data-dir DATA --flows tests/fixtures/FIXTURES` in a UTF-8
/// xterm, with no language, idle time, counter or store from the
/// environment.
#[allow(dead_code)]
pub fn banshi_on(data: &Path, fixtures: &str) -> CommandBuilder {
    let flows = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixtures);
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_banshi"));
    cmd.args(["--data-dir", data.to_str().unwrap()]);
    cmd.arg("--flows");
    cmd.arg(flows);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    cmd.env_remove("BANSHI_IDLE");
    cmd.env_remove("BANSHI_LANG");
    cmd.env_remove("BANSHI_COUNTER");
    cmd.env_remove("BANSHI_STORE");
    cmd
}

/// The real binary in a pseudo-terminal, and everything it wrote.
pub struct Tui {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    raw: Arc<Mutex<Vec<u8>>>,
    rows: u16,
    cols: u16,
}

impl Tui {
    pub fn spawn(cmd: CommandBuilder, rows: u16, cols: u16) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let raw = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&raw);
        std::thread::spawn(move || {
            let _master = pair.master; // keep the pty open while reading
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Tui {
            child,
            writer,
            raw,
            rows,
            cols,
        }
    }

    /// The screen as a person sees it now.
    pub fn screen(&self) -> String {
        let mut s = Screen::new(self.rows, self.cols);
        s.feed(&self.raw());
        s.text()
    }

    /// Everything written to the terminal, escapes included.
    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// How many bytes were written so far.
    #[allow(dead_code)]
    pub fn len(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    /// Everything written since `from` (a byte offset), escapes included.
    #[allow(dead_code)]
    pub fn raw_since(&self, from: usize) -> String {
        let raw = self.raw.lock().unwrap();
        String::from_utf8_lossy(&raw[from.min(raw.len())..]).into_owned()
    }

    /// Waits until what was written from byte `from` on contains `needle`
    /// (escapes included); fails after [`TIMEOUT`].
    #[allow(dead_code)]
    pub fn wait_output(&self, from: usize, needle: &str) {
        let start = Instant::now();
        loop {
            let since = self.raw_since(from);
            if since.contains(needle) {
                return;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "waited {TIMEOUT:?} for {needle:?}; the output: {:?}",
                since.get(since.len().saturating_sub(2000)..)
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The process id of what was spawned.
    #[allow(dead_code)]
    pub fn process_id(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Waits until the screen shows `needle`; fails with the screen after
    /// [`TIMEOUT`].
    pub fn wait_for(&self, needle: &str) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "waited {TIMEOUT:?} for {needle:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until `needle` is gone from the screen; fails with the screen
    /// after [`TIMEOUT`].
    #[allow(dead_code)]
    pub fn wait_gone(&self, needle: &str) {
        let start = Instant::now();
        while self.screen().contains(needle) {
            assert!(
                start.elapsed() < TIMEOUT,
                "waited {TIMEOUT:?} for {needle:?} to go; the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Ctrl-C; asserts the app exits cleanly.
    #[allow(dead_code)]
    pub fn quit(mut self) {
        self.send("\u{3}");
        assert!(self.wait_exit().success());
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("the app did not exit; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
