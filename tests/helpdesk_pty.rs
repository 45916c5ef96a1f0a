//! End to end at a helpdesk: the real binary in a pseudo-terminal, serving
//! person after person. Switching to a new person whose name has a space,
//! finding a saved person by pinyin initials, Esc going back exactly where
//! staff were, masked names, the idle return to a screen that names nobody,
//! and typing `lost card` into the search box. The screen model (fed with what ratatui
//! writes) is shared with the other pty tests (`pty_support`); waits
//! poll the screen, no sleep is an assertion.

use std::path::Path;

mod pty_support;
use pty_support::Tui as App;

const ROWS: u16 = 30;
const COLS: u16 = 100;

/// `banshi` at a helpdesk (the test flows, in Chinese) plus `extra`.
fn start(data: &Path, extra: &[&str]) -> App {
    let mut cmd = pty_support::banshi(data);
    cmd.args(["--lang", "zh-CN"]);
    cmd.args(extra);
    App::spawn(cmd, ROWS, COLS)
}

const F2: &str = "\u{1b}OQ";
const F5: &str = "\u{1b}[15~";
const ESC: &str = "\u{1b}";
const CTRL_U: &str = "\u{15}";

/// Saved people, as earlier citizens of the day.
fn people(data: &Path, names: &[&str]) {
    let store = banshi::store::Store::open(Some(data)).unwrap();
    for n in names {
        store
            .open_user(n)
            .unwrap()
            .set_person(|p| p.lang = Some("zh-CN".into()))
            .unwrap();
    }
}

#[test]
fn switching_to_a_new_person_whose_name_has_a_space() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = start(dir.path(), &["--user", "王芳"]);
    app.wait_for("用户: 王芳");
    app.send("ceshi");
    app.wait_for("> 测试办卡");
    app.send("\r");
    app.wait_for("办理前须知");
    app.send("u");
    app.wait_for("办事人:");
    app.send("Li Lei");
    app.wait_for("> 新建：Li Lei");
    app.send("\r");
    app.wait_for("确定新建这个人吗");
    app.send("\r");
    app.wait_for("用户: Li Lei");
    app.wait_for("搜索:");
    assert!(!app.screen().contains("办理前须知"), "{}", app.screen());
    app.quit();
    let store = banshi::store::Store::open(Some(dir.path())).unwrap();
    let names: Vec<String> = store.users().unwrap().into_iter().map(|u| u.name).collect();
    assert!(names.contains(&"Li Lei".to_string()), "{names:?}");
}

#[test]
fn pinyin_initials_find_a_saved_person() {
    let dir = tempfile::tempdir().unwrap();
    people(dir.path(), &["王芳", "张小伟"]);
    let mut app = start(dir.path(), &["--user", "测试员"]);
    app.wait_for("用户: 测试员");
    app.send(F2); // the search box has focus: F2, not u
    app.wait_for("张*伟");
    app.send("wf");
    app.wait_for("> 王芳");
    let screen = app.screen();
    assert!(!screen.contains("张"), "only 王芳 matches wf:\n{screen}");
    app.send("\r");
    app.wait_for("用户: 王芳");
    app.quit();
}

#[test]
fn esc_goes_back_exactly_where_you_were() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = start(dir.path(), &["--user", "王芳"]);
    app.wait_for("搜索:");
    app.send("ceshi");
    app.wait_for("> 测试办卡");
    app.send("\r");
    app.wait_for("办理前须知");
    app.send("\r");
    app.wait_for("你想怎么办理？");
    app.send("j"); // the second option
    app.wait_for("> ( ) 网上办理");
    app.send("u");
    app.wait_for("办事人:");
    app.send("zh");
    app.wait_for("办事人: zh");
    app.send(ESC);
    app.wait_for("> ( ) 网上办理");
    assert!(app.screen().contains("用户: 王芳"));
    // And the same from the home screen, with a query typed.
    app.send("/");
    app.wait_for("搜索: ceshi");
    app.send(F2);
    app.wait_for("办事人:");
    app.send(ESC);
    app.wait_for("搜索: ceshi");
    app.quit();
}

#[test]
fn other_peoples_names_are_masked() {
    let dir = tempfile::tempdir().unwrap();
    people(dir.path(), &["王芳", "张小伟", "Li Lei"]);
    let mut app = start(dir.path(), &["--user", "测试员"]);
    app.wait_for("用户: 测试员");
    app.send(F2);
    app.wait_for("王*");
    app.wait_for("张*伟");
    app.wait_for("L** L**");
    let screen = app.screen();
    for full in ["王芳", "张小伟", "Li Lei"] {
        assert!(!screen.contains(full), "{full} shown in full:\n{screen}");
    }
    assert!(screen.contains("测试员 (当前)"), "{screen}");
    // Typing part of a name does not reveal it; F5 does.
    app.send("l");
    app.wait_for("办事人: l");
    assert!(!app.screen().contains("Li Lei"), "{}", app.screen());
    app.send(F5);
    app.wait_for("Li Lei");
    app.send(CTRL_U);
    app.wait_for("张小伟");
    app.send(F5);
    app.wait_gone("张小伟");
    app.quit();
}

#[test]
fn idle_returns_to_a_screen_that_names_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = start(dir.path(), &["--user", "王芳", "--idle", "1s"]);
    app.wait_for("用户: 王芳");
    app.send("ceshi");
    app.wait_for("> 测试办卡");
    app.send("\r");
    app.wait_for("办理前须知");
    app.send("\r");
    app.wait_for("你想怎么办理？");
    app.wait_for("当前没有办事人");
    app.wait_for("长时间无操作，已清屏。进度已保存。");
    let screen = app.screen();
    assert!(!screen.contains("王芳"), "{screen}");
    assert!(!screen.contains("办事向导 | 测试办卡"), "{screen}");
    app.wait_for("王*");
    // Back to her: where she was, saved.
    app.send("wangfang");
    app.wait_for("> 王芳");
    app.send("\r");
    app.wait_for("你想怎么办理？");
    app.quit();
}

#[test]
fn typing_lost_card_into_the_search_box_types_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = start(dir.path(), &["--user", "王芳"]);
    app.wait_for("搜索:");
    app.send("lost card");
    app.wait_for("搜索: lost card");
    app.wait_for("测试办卡");
    let screen = app.screen();
    assert!(
        screen.contains("[zh-CN]"),
        "l did not switch the language:\n{screen}"
    );
    assert!(
        !screen.contains("办理前须知"),
        "Space did not open a flow:\n{screen}"
    );
    // Ctrl-W deletes a word, Ctrl-U the line.
    app.send("\u{17}");
    app.wait_for("搜索: lost");
    app.send(CTRL_U);
    app.wait_for("按分类浏览");
    app.quit();
}
