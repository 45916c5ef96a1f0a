//! Plain mode and the 参保地, through pipes: asked once when a procedure
//! with local rules starts, saved with the person, reused after a restart,
//! changed with `a` (the procedure is shown as it stands in the new place,
//! nothing done is lost).

use std::path::Path;

mod pipe_support;

const PROMPT: &str = "你的医保在哪里参保？";

fn run(data: &Path, input: &str) -> String {
    let mut cmd = pipe_support::banshi(data);
    cmd.arg("--flows")
        .arg(pipe_support::fixtures("localized"))
        .args(["--user", "张三", "--lang", "zh-CN"]);
    let out = pipe_support::run(&mut cmd, input);
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_region_is_asked_once_saved_and_changed_with_a() {
    let dir = tempfile::tempdir().unwrap();
    // Open the procedure, say 南京, answer 本人 and 跨省, tick the local item.
    let out = run(dir.path(), "测试备案\n1\n南京\n1\n2\n3\nq\n");
    assert_eq!(out.matches(PROMPT).count(), 1, "{out}");
    assert!(out.contains("参保地：江苏 南京。已显示当地规定"), "{out}");
    assert!(
        out.contains("【南京·办理渠道】在「我的南京」里办。"),
        "{out}"
    );
    assert!(out.contains("3. [x] 【南京】照片"), "{out}");

    // Next time: not asked, shown for Nanjing, the tick kept.
    let out = run(dir.path(), "测试备案\n1\nq\n");
    assert!(!out.contains(PROMPT), "{out}");
    assert!(
        out.contains("来自个人资料：江苏 南京 · 输入 a 可改"),
        "{out}"
    );
    assert!(out.contains("[x] 【南京】照片"), "{out}");

    // Moving to 上海 (no local rules recorded): the national procedure, and
    // the Nanjing tick is set aside, not lost: back in 南京 it is there.
    let out = run(dir.path(), "测试备案\n1\na\n上海\nq\n");
    assert!(
        out.contains("参保地：上海。这件事还没有收录那里的当地规定"),
        "{out}"
    );
    let after = out.rsplit("参保地：上海").next().unwrap();
    assert!(!after.contains("【南京"), "{after}");
    let out = run(dir.path(), "测试备案\n1\na\n南京\nq\n");
    let after = out.rsplit("参保地：江苏 南京").next().unwrap();
    assert!(after.contains("[x] 【南京】照片"), "{after}");
}

#[test]
fn an_empty_answer_is_not_sure_and_a_place_not_found_asks_again() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), "测试备案\n1\n亚特兰蒂斯\n\nq\n");
    assert_eq!(out.matches(PROMPT).count(), 2, "asked again: {out}");
    assert!(out.contains("亚特兰蒂斯"), "{out}");
    assert!(out.contains("未选参保地：显示的是全国通用的做法"), "{out}");
    // "Not sure" is remembered: not asked again.
    let out = run(dir.path(), "测试备案\n1\nq\n");
    assert!(!out.contains(PROMPT), "{out}");
}
