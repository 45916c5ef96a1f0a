//! End to end: the real binary in a pseudo-terminal. Type a pinyin query,
//! open the flow, answer, tick, Ctrl-C; relaunch as the same user and see
//! the progress. The output is fed through a tiny screen model (cursor moves
//! and characters, which is all ratatui sends) so assertions read the screen
//! as a person would, however the redraws were split. Waits poll the screen
//! with a generous timeout; no sleep is an assertion.

use std::path::Path;

mod pty_support;
use pty_support::Tui as App;

const ROWS: u16 = 30;
const COLS: u16 = 100;

/// `banshi` as 测试员 on the test flows, in Chinese.
fn start(data: &Path) -> App {
    let mut cmd = pty_support::banshi(data);
    cmd.args(["--user", "测试员", "--lang", "zh-CN"]);
    App::spawn(cmd, ROWS, COLS)
}

#[test]
fn search_answer_tick_quit_and_resume_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = start(dir.path());
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
    app.wait_output(0, "\u{1b}[?1049l"); // alternate screen left

    // Same user again: the progress is there, and so is the tick.
    let mut again = start(dir.path());
    again.wait_for("继续: 测试办卡 2/3");
    again.send("\r");
    again.wait_for("[x] 本人身份证");
    again.send("q");
    assert!(again.wait_exit().success());
}
