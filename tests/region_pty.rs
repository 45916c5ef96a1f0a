//! End to end in a pseudo-terminal: the 参保地 is asked once, the first
//! time a procedure with local rules starts, and reused everywhere after:
//! in a second procedure, and after a restart (saved with the person).
//! A question bound to the profile (who it is for) is not asked again.

use std::path::Path;

mod pty_support;
use pty_support::Tui as App;

const ROWS: u16 = 30;
const COLS: u16 = 110;

/// `banshi` as 测试员 with the regional test flows (`tests/fixtures/localized`).
fn start(data: &Path) -> App {
    let mut cmd = pty_support::banshi_on(data, "localized");
    cmd.args(["--user", "测试员", "--lang", "zh-CN"]);
    App::spawn(cmd, ROWS, COLS)
}

#[test]
fn the_region_is_asked_once_and_reused_in_a_second_flow_and_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = start(dir.path());
    app.wait_for("搜索:");

    // A procedure with local rules: where are you insured?
    app.send("测试备案");
    app.wait_for("> 测试：异地备案");
    app.send("\r");
    app.wait_for("参保地：");
    app.wait_for("不确定：只看全国通用的做法");
    app.send("nj");
    app.wait_for("> 江苏 南京");
    app.send("\r");
    app.wait_for("参保地：江苏 南京。已显示当地规定");
    app.wait_for("来自个人资料：江苏 南京 · 按 a 改");
    app.wait_for("给谁办？");
    app.send("\r"); // 本人: the profile learns it
    app.wait_for("在哪里看病？");
    app.send("j\r"); // 跨省
    app.wait_for("办理备案");
    app.wait_for("【南京】照片");

    // A second procedure, found by its local name: the place is not asked
    // again, and "who" is answered from the profile (本人 → 给自己交).
    app.send("/");
    app.send("\u{15}"); // Ctrl-U: a new query
    app.send("我的南京");
    app.wait_for("缴纳医保费、帮家人代缴");
    app.wait_for("> 测试：异地备案");
    app.send("\u{1b}[B\u{1b}[B"); // Down twice
    app.wait_for("> 缴纳医保费、帮家人代缴");
    app.send("\r");
    app.wait_for("你参加的是哪种医保？");
    app.wait_for("来自个人资料：江苏 南京 · 按 a 改");
    app.wait_for("= 给自己交");
    assert!(
        !app.screen().contains("不确定：只看全国通用的做法"),
        "{}",
        app.screen()
    );
    app.quit();

    // After a restart: the profile answers "who" and the place is kept.
    let mut again = start(dir.path());
    again.wait_for("搜索:");
    again.send("测试备案");
    again.wait_for("> 测试：异地备案");
    again.send("\r");
    again.wait_for("来自个人资料：江苏 南京 · 按 a 改");
    again.wait_for("办理备案");
    let screen = again.screen();
    assert!(!screen.contains("参保地："), "not asked again: {screen}");
    again.quit();
}
