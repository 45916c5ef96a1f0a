//! `p` at a helpdesk: with a counter configured (`BANSHI_COUNTER` or
//! `--counter`) or `--idle` on, the wizard's `p` (on the summary, and in
//! "done with this person?") saves the printout as a 一次性告知单, the
//! person's name masked, the counter in the footer, 0600, in
//! `<data dir>/exports/`; elsewhere it saves the ordinary checklist. The
//! real binary in a pseudo-terminal, with the harness of `helpdesk_pty.rs`;
//! waits poll the screen, no sleep is an assertion.

use std::path::Path;

mod pty_support;
use pty_support::Tui as App;

const ROWS: u16 = 30;
const COLS: u16 = 100;

/// `banshi` (the test flows, in Chinese) plus `extra`, with `env`.
fn start(data: &Path, extra: &[&str], env: &[(&str, &str)]) -> App {
    let mut cmd = pty_support::banshi(data);
    cmd.args(["--lang", "zh-CN"]);
    cmd.args(extra);
    for (k, v) in env {
        cmd.env(k, v);
    }
    App::spawn(cmd, ROWS, COLS)
}

const COUNTER: &str = "3号窗口 工号 0412";

/// Opens the test flow as 王芳 and goes to its summary.
fn open_summary(app: &mut App) {
    app.wait_for("用户: 王芳");
    app.send("ceshi");
    app.wait_for("> 测试办卡");
    app.send("\r");
    app.wait_for("办理前须知");
    app.send("s");
    app.wait_for("总结: 测试办卡");
}

/// The one file in `<data>/exports/`, its name and text; checks it is 0600.
fn the_export(data: &Path) -> (String, String) {
    let files: Vec<_> = std::fs::read_dir(data.join("exports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let path = &files[0];
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", path.display());
    }
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    (name, std::fs::read_to_string(path).unwrap())
}

#[test]
fn with_a_counter_p_on_the_summary_saves_the_notice() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = start(
        dir.path(),
        &["--user", "王芳"],
        &[("BANSHI_COUNTER", COUNTER)],
    );
    open_summary(&mut app);
    app.send("G"); // the hint is the summary's last line
    app.wait_for("按 p 保存一次性告知单");
    app.send("p");
    app.wait_for("一次性告知单已保存到");
    let screen = app.screen();
    app.quit();
    let (name, text) = the_export(dir.path());
    assert!(name.ends_with(".notice.txt"), "{name}");
    assert!(
        screen.contains(&name),
        "the status line names the file:\n{screen}"
    );
    assert!(text.contains("一次性告知单"), "{text}");
    assert!(text.contains("测试办卡"), "{text}");
    // The footer: the counter, after the last section.
    let footer = text.rfind("受理窗口 / 工号").expect("a footer");
    assert!(text[footer..].contains(COUNTER), "{text}");
    // The name masked as in lists.
    assert!(text.contains("王*"), "{text}");
    assert!(!text.contains("王芳"), "{text}");
}

#[test]
fn without_a_counter_or_idle_p_saves_the_checklist_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = start(dir.path(), &["--user", "王芳"], &[]);
    open_summary(&mut app);
    app.send("G");
    app.wait_for("按 p 保存可打印的清单");
    app.send("p");
    app.wait_for("清单已保存到");
    let screen = app.screen();
    assert!(!screen.contains("一次性告知单"), "{screen}");
    app.quit();
    let (name, text) = the_export(dir.path());
    assert!(!name.contains("notice"), "{name}");
    assert!(!text.contains("一次性告知单"), "{text}");
    assert!(!text.contains("受理窗口"), "{text}");
    assert!(
        text.contains("王芳"),
        "the checklist is the person's own:\n{text}"
    );
}

#[test]
fn with_idle_on_done_with_this_person_saves_the_notice_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = start(dir.path(), &["--user", "王芳", "--idle", "10m"], &[]);
    open_summary(&mut app);
    app.send("x");
    app.wait_for("p 先保存一次性告知单");
    app.send("p");
    app.wait_for("一次性告知单已保存到");
    app.send("y");
    app.wait_for("当前没有办事人");
    app.quit();
    let (name, text) = the_export(dir.path());
    assert!(name.ends_with(".notice.txt"), "{name}");
    assert!(
        text.contains("一次性告知单") && text.contains("王*"),
        "{text}"
    );
    assert!(!text.contains("王芳"), "{text}");
    // No counter configured: blanks to fill in by hand.
    let footer = text.rfind("受理窗口 / 工号").expect("a footer");
    assert!(text[footer..].contains("____"), "{text}");
}

/// `--counter` is global (the wizard reads it); `print` still wants
/// `--notice` with it, and a machine's BANSHI_COUNTER does not stop a plain
/// `print`.
#[test]
fn the_counter_option_is_global_and_print_still_wants_notice_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let banshi = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_banshi"));
        c.args([
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--lang",
            "zh-CN",
        ])
        .args(args)
        .env_remove("BANSHI_COUNTER");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let o = banshi(
        &[
            "--counter",
            COUNTER,
            "print",
            "card-lost-replace",
            "--notice",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains(COUNTER));
    let o = banshi(&["print", "card-lost-replace", "--counter", COUNTER], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--notice"));
    let o = banshi(
        &["print", "card-lost-replace"],
        &[("BANSHI_COUNTER", COUNTER)],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("一次性告知单"));
}
