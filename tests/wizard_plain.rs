//! Plain mode driven through standard input: the real binary, piped (so it
//! chooses plain mode by itself), with its data in a temporary folder.

use std::path::Path;
use std::process::Command;

mod pipe_support;

fn run(data: &Path, lang: &str, input: &str) -> (String, bool) {
    run_with(data, lang, input, &[])
}

/// `banshi` on the test flows as 张三 in `lang`.
fn banshi(data: &Path, flows: &str, lang: &str) -> Command {
    let mut cmd = pipe_support::banshi(data);
    cmd.arg("--flows")
        .arg(pipe_support::fixtures(flows))
        .args(["--user", "张三", "--lang", lang]);
    cmd
}

/// [`run`] with environment variables set (`BANSHI_COUNTER`…).
fn run_with(data: &Path, lang: &str, input: &str, env: &[(&str, &str)]) -> (String, bool) {
    let out = pipe_support::run(
        banshi(data, "wizard", lang).envs(env.iter().copied()),
        input,
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !stdout.contains('\u{1b}'),
        "no escape sequences in plain mode"
    );
    (stdout, out.status.success())
}

#[test]
fn plain_mode_runs_a_flow_saves_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    // Search by pinyin, open, read, choose online + app, tick the ID card,
    // finish, print, quit.
    let (out, ok) = run(dir.path(), "zh-CN", "ceshi\n1\n\n2\n1\n1\n\np\nq\n");
    assert!(ok, "{out}");
    assert!(out.contains("1. 测试办卡"), "{out}");
    assert!(out.contains("办理前须知"));
    assert!(out.contains("注意: 发现卡丢了要马上挂失。"));
    assert!(out.contains("时限: 领卡后 6 个月内激活。"));
    assert!(out.contains("  2. 网上办理"));
    assert!(out.contains("1. [x] 本人身份证"), "{out}");
    assert!(out.contains("原件 ×1, 复印件 ×2"), "{out}");
    let printed = out
        .lines()
        .find_map(|l| l.split_once("清单已保存到 "))
        .map(|(_, p)| p.trim().to_string())
        .expect("the printout path is shown");
    let text = std::fs::read_to_string(&printed).unwrap();
    assert!(
        text.contains("本人身份证") && text.contains("张三"),
        "{text}"
    );

    // Relaunch as the same user: the finished flow is listed; open it (the
    // summary), go back to the checklist: the tick is still there.
    let (out, ok) = run(dir.path(), "zh-CN", "1\nb\nq\n");
    assert!(ok);
    assert!(out.contains("1. 已完成: 测试办卡"), "{out}");
    assert!(out.contains("1. [x] 本人身份证"), "{out}");

    // Change the first answer from the summary: the platform question no
    // longer applies, it is said, and the summary comes back.
    let (out, ok) = run(dir.path(), "zh-CN", "1\ns\n1\n1\n");
    assert!(ok);
    assert!(out.contains("「用哪个平台？」的回答"), "{out}");
    let after = out.rsplit("你的回答").next().unwrap();
    assert!(after.contains("到窗口办理"), "{out}");
    // End of input quits cleanly, everything saved.
    assert!(out.trim_end().ends_with("进度已保存。再见。"), "{out}");
}

#[test]
fn plain_mode_in_english_explains_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let (out, ok) = run(dir.path(), "en", "test card\n99\n1\n7\n\n7\n");
    assert!(ok);
    assert!(out.contains("1. Test card procedure"), "{out}");
    assert!(out.contains("Type a number from 1 to"), "{out}");
    assert!(out.contains("Before you start"));
    assert!(
        out.contains("> This step has no options. Press Enter to continue"),
        "{out}"
    );
    assert!(out.contains("Type a number from 1 to 2."), "{out}");
}

/// Ctrl-C while plain mode waits for a line: it says the progress is saved
/// (it is: every change is saved as it is made) and exits 130.
#[test]
fn ctrl_c_in_plain_mode_says_the_progress_is_saved() {
    use std::io::{Read, Write};
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let mut child = banshi(dir.path(), "wizard", "zh-CN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Open the flow and read on to the question; keep the input open.
    stdin.write_all("ceshi\n1\n\n".as_bytes()).unwrap();
    stdin.flush().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        let _ = stdout.read_to_string(&mut all);
        all
    });
    let progress = dir.path().join("progress");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    // Wait until the step change is saved (the wizard then waits for a line).
    while !std::fs::read_dir(&progress)
        .map(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".ron"))
        })
        .unwrap_or(false)
    {
        assert!(std::time::Instant::now() < deadline, "never saved");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    // Never hang the test run: a handler that cannot finish is a failure.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("banshi did not exit within 20 s of Ctrl-C");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    drop(stdin);
    let out = reader.join().unwrap();
    assert_eq!(status.code(), Some(130), "{out}");
    assert!(out.trim_end().ends_with("已中断。进度已保存。"), "{out}");
    let saved = std::fs::read_dir(&progress).unwrap().flatten().count();
    assert!(saved >= 1);
}

/// Issue 17 item 5: a `--flows` folder with an edited flow of the same id
/// (no online branch, no papers step) is opened; nothing saved is deleted,
/// and without the override everything is as it was.
#[test]
fn opening_an_edited_override_deletes_no_saved_progress() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let file = data.join("progress").join("张三.ron");
    // Online, the app, tick the ID card, finish.
    let (out, ok) = run(data, "zh-CN", "ceshi\n1\n\n2\n1\n1\n\nq\n");
    assert!(ok, "{out}");
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(
        saved.contains("\"online-how\": \"app\"") && saved.contains("\"id-card\""),
        "{saved}"
    );

    // Open the edited flow and go through it.
    let out = pipe_support::run(&mut banshi(data, "override", "zh-CN"), "ceshi\n1\nb\n\nq\n");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("测试办卡"), "{shown}");
    let after = std::fs::read_to_string(&file).unwrap();
    for kept in [
        "\"way\": \"online\"",
        "\"online-how\": \"app\"",
        "\"papers\"",
        "\"id-card\"",
    ] {
        assert!(
            after.contains(kept),
            "{kept} deleted by opening the override:\n{after}"
        );
    }

    // Without the override: the answers and the tick are back in use
    // (Enter keeps each answer and goes on to the checklist).
    let (out, ok) = run(data, "zh-CN", "1\n\n\nq\n");
    assert!(ok);
    assert!(out.contains("2. 网上办理 (当前回答)"), "{out}");
    assert!(out.contains("1. [x] 本人身份证"), "{out}");
}

/// At a helpdesk (a counter configured) `p` on the summary saves the
/// 一次性告知单, the name masked and the counter in its footer, as in the TUI.
#[test]
fn at_a_helpdesk_p_saves_the_notice_in_plain_mode_too() {
    let dir = tempfile::tempdir().unwrap();
    let (stdout, ok) = run_with(
        dir.path(),
        "zh-CN",
        "ceshi\n1\ns\np\nq\n",
        &[("BANSHI_COUNTER", "3号窗口 工号 0412")],
    );
    assert!(ok, "{stdout}");
    let saved = stdout
        .lines()
        .find_map(|l| l.split_once("一次性告知单已保存到 "))
        .map(|(_, p)| p.trim().to_string())
        .expect("the notice's path is shown");
    assert!(saved.ends_with(".notice.txt"), "{saved}");
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("一次性告知单"), "{text}");
    assert!(text.contains("3号窗口 工号 0412"), "{text}");
    assert!(text.contains("张*") && !text.contains("张三"), "{text}");
}
