//! End to end: the real binary in a pseudo-terminal. Type a pinyin query,
//! open the flow, answer, tick, Ctrl-C; relaunch as the same user and see
//! the progress. The output is fed through a tiny screen model (cursor moves
//! and characters, which is all ratatui sends) so assertions read the screen
//! as a person would, however the redraws were split. Waits poll the screen
//! with a generous timeout; no sleep is an assertion.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

mod pty_support;
use pty_support::Screen;

const ROWS: u16 = 30;
const COLS: u16 = 100;
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
                rows: ROWS,
                cols: COLS,
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
            let _master = pair.master; // keep the pty open while reading
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

    fn screen(&self) -> String {
        let raw = self.raw.lock().unwrap();
        let mut s = Screen::new(ROWS, COLS);
        s.feed(&String::from_utf8_lossy(&raw));
        s.text()
    }

    fn wait_for(&self, needle: &str) {
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
                panic!("the app did not exit; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Everything written to the terminal, escapes included.
    fn raw(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }
}

#[test]
fn search_answer_tick_quit_and_resume_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::start(dir.path());
    app.wait_for("搜索:");
    app.wait_for("用户: 测试员");

    app.send("ceshi");
    app.wait_for("> 测试办卡");
    app.send("\r");
    app.wait_for("办理前须知");
    app.wait_for("注意: 发现卡丢了要马上挂失。");
    app.send("\r");
    app.wait_for("你想怎么办理？");
    app.send("\r"); // 到窗口办理
    app.wait_for("备齐材料");
    app.wait_for("[ ] 本人身份证");
    app.send(" ");
    app.wait_for("[x] 本人身份证");
    app.wait_for("已勾选 1/3");

    app.send("\u{3}"); // Ctrl-C
    let status = app.wait_exit();
    assert!(status.success(), "{status:?}");
    // Give the reader a moment to collect the last bytes, then check the
    // terminal was restored (alternate screen left).
    let start = Instant::now();
    while !app.raw().contains("\u{1b}[?1049l") && start.elapsed() < TIMEOUT {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(app.raw().contains("\u{1b}[?1049l"), "alternate screen left");

    // Same user again: the progress is there, and so is the tick.
    let mut again = App::start(dir.path());
    again.wait_for("继续: 测试办卡 2/3");
    again.send("\r");
    again.wait_for("[x] 本人身份证");
    again.send("q");
    assert!(again.wait_exit().success());
}
