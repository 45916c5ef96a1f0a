//! A long paste into the TUI's search box: the real binary in a
//! pseudo-terminal gets 10,000 characters as one bracketed paste, then
//! more typing, and must stay responsive and restore the terminal on quit.
//! (How fast is measured by `cargo bench --bench search`, not here.)

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

mod pty_support;
use pty_support::Screen;

const TIMEOUT: Duration = Duration::from_secs(60);

struct App {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    raw: Arc<Mutex<Vec<u8>>>,
}

impl App {
    fn start(data: &Path) -> App {
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/wizard");
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_banshi"));
        cmd.args(["--data-dir", data.to_str().unwrap(), "--flows", fixtures]);
        cmd.args(["--user", "测试员", "--lang", "zh-CN"]);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let raw = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&raw);
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        App { child, writer, raw }
    }

    /// Everything written since `from` (a byte offset), escapes included.
    fn raw_since(&self, from: usize) -> String {
        let raw = self.raw.lock().unwrap();
        String::from_utf8_lossy(&raw[from.min(raw.len())..]).into_owned()
    }

    fn len(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    /// Waits until the screen shows `needle` (`_from`: the output before
    /// the key that should bring it, for the reader).
    fn wait_for(&self, _from: usize, needle: &str) {
        let start = Instant::now();
        loop {
            let mut screen = Screen::new(30, 100);
            screen.feed(&self.raw_since(0));
            let text = screen.text();
            if text.contains(needle) {
                return;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "waited {TIMEOUT:?} for {needle:?}; the screen:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("the app did not exit");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn a_ten_thousand_character_paste_then_typing_stays_responsive() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::start(dir.path());
    app.wait_for(0, "搜索");
    // Chinese, English, digits and symbols, as pasted from a chat app.
    let unit = "医保卡丢了怎么办？lost my card, 123 补办流程 #@! ";
    let paste: String = unit.chars().cycle().take(10_000).collect();
    assert_eq!(paste.chars().count(), 10_000);
    let mark = app.len();
    app.send(&format!("\u{1b}[200~{paste}\u{1b}[201~"));
    // The results line answers the paste.
    app.wait_for(mark, "找到");
    // More typing after the paste is read (the end of a long query
    // counts): a word that only the fixture's flow has.
    let mark = app.len();
    app.send(" ceshi");
    app.wait_for(mark, "测试办卡");
    app.send("\u{3}"); // Ctrl-C
    assert!(app.wait_exit().success());
    let start = Instant::now();
    while !app.raw_since(0).contains("\u{1b}[?1049l") && start.elapsed() < TIMEOUT {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        app.raw_since(0).contains("\u{1b}[?1049l"),
        "alternate screen left"
    );
}
