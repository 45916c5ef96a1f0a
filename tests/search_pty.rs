//! A long paste into the TUI's search box: the real binary in a
//! pseudo-terminal gets 10,000 characters as one bracketed paste, then
//! more typing, and must stay responsive and restore the terminal on quit.
//! (How fast is measured by `cargo bench --bench search`, not here.)

use std::path::Path;
use std::time::{Duration, Instant};

mod pty_support;
use pty_support::Tui as App;

const TIMEOUT: Duration = Duration::from_secs(60);

/// `banshi` as 测试员 on the test flows, in Chinese.
fn start(data: &Path) -> App {
    let mut cmd = pty_support::banshi(data);
    cmd.args(["--user", "测试员", "--lang", "zh-CN"]);
    App::spawn(cmd, 30, 100)
}

#[test]
fn a_ten_thousand_character_paste_then_typing_stays_responsive() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = start(dir.path());
    app.wait_for("搜索");
    // Chinese, English, digits and symbols, as pasted from a chat app.
    let unit = "医保卡丢了怎么办？lost my card, 123 补办流程 #@! ";
    let paste: String = unit.chars().cycle().take(10_000).collect();
    assert_eq!(paste.chars().count(), 10_000);
    let _mark = app.len();
    app.send(&format!("\u{1b}[200~{paste}\u{1b}[201~"));
    // The results line answers the paste.
    app.wait_for("找到");
    // More typing after the paste is read (the end of a long query
    // counts): a word that only the fixture's flow has.
    let _mark = app.len();
    app.send(" ceshi");
    app.wait_for("测试办卡");
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
