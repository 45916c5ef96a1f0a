//! The command-line contract: list, show, languages, help, exit codes.

use std::process::{Command, Output};

fn banshi(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_banshi"));
    cmd.env_remove("BANSHI_LANG")
        .env_remove("LC_ALL")
        .env_remove("LANG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(args).output().expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn list_prints_id_tab_title_in_the_chosen_language() {
    let zh = banshi(&["list", "--lang", "zh-CN"], &[]);
    assert!(zh.status.success());
    assert!(
        stdout(&zh)
            .lines()
            .any(|l| l == "card-replace-activate\t换卡后激活新医保卡")
    );
    let en = banshi(&["--lang", "en", "list"], &[]);
    assert!(
        stdout(&en)
            .lines()
            .any(|l| l == "card-replace-activate\tActivate your new card after a replacement")
    );
    for line in stdout(&en).lines() {
        let (id, title) = line.split_once('\t').expect("ID<TAB>TITLE");
        assert!(!id.is_empty() && !title.is_empty() && !title.contains('\t'));
    }
}

#[test]
fn language_comes_from_the_flag_then_banshi_lang_then_the_locale() {
    let title = |o: &Output| {
        stdout(o)
            .lines()
            .find(|l| l.starts_with("card-replace-activate\t"))
            .map(|l| l.split('\t').nth(1).unwrap().to_string())
            .unwrap()
    };
    let en = "Activate your new card after a replacement";
    let zh = "换卡后激活新医保卡";
    assert_eq!(title(&banshi(&["list"], &[("BANSHI_LANG", "en")])), en);
    assert_eq!(title(&banshi(&["list"], &[("LANG", "en_US.UTF-8")])), en);
    assert_eq!(
        title(&banshi(
            &["list"],
            &[("LC_ALL", "en_GB.UTF-8"), ("LANG", "zh_CN.UTF-8")]
        )),
        en
    );
    assert_eq!(title(&banshi(&["list"], &[("LANG", "zh_CN.UTF-8")])), zh);
    assert_eq!(title(&banshi(&["list"], &[])), zh);
    assert_eq!(
        title(&banshi(
            &["list", "--lang", "zh-CN"],
            &[("BANSHI_LANG", "en")]
        )),
        zh
    );
}

#[test]
fn show_prints_every_step_and_every_branch() {
    let o = banshi(&["show", "card-replace-activate", "--lang", "en"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for needle in [
        "Activate your new card after a replacement  [card-replace-activate]",
        "Based on: “医保卡换卡后需要重新激活吗” (Does a replacement medical-insurance card need activating again?)",
        "Reviewed: 2026-11-23",
        "( ) Banking (the bank account) [bank] -> bank",
        "( ) Both [both] -> medical",
        "[ ] Your own ID card [id-card] (required, original ×1, used at: Cooperating bank branch)",
        "Only when: (Which function do you want to switch on? = Banking (the bank account) or",
        "Deadlines:",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    let zh = stdout(&banshi(
        &["show", "card-replace-activate", "--lang", "zh-CN"],
        &[],
    ));
    assert!(
        zh.contains("依据的文章: 《医保卡换卡后需要重新激活吗》"),
        "{zh}"
    );
    assert!(
        !zh.contains(".txt") && !text.contains(".txt"),
        "no file names"
    );
    assert!(zh.contains("原件 ×1"), "{zh}");
}

#[test]
fn an_unknown_id_is_misuse_with_a_clear_message() {
    let o = banshi(&["show", "no-such-flow", "--lang", "en"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(
        stderr(&o).trim(),
        "banshi: There is no procedure with id \"no-such-flow\". Run `banshi list` to see them all."
    );
}

#[test]
fn bad_arguments_are_misuse() {
    let o = banshi(&["list", "--lang", "fr"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown language \"fr\": use zh-CN or en"),
        "{}",
        stderr(&o)
    );
    assert_eq!(banshi(&["frobnicate"], &[]).status.code(), Some(2));
}

#[test]
fn help_and_version() {
    let v = banshi(&["--version"], &[]);
    assert_eq!(
        stdout(&v).trim(),
        format!("banshi {}", env!("CARGO_PKG_VERSION"))
    );
    let h = stdout(&banshi(&["--help"], &[]));
    for cmd in ["list", "search", "show", "check", "print", "progress"] {
        assert!(h.contains(&format!("  {cmd}")), "--help lists {cmd}");
    }
    for cmd in [
        &["list"][..],
        &["search"],
        &["show"],
        &["check"],
        &["print"],
        &["progress", "list"],
        &["progress", "reset"],
    ] {
        let mut args = cmd.to_vec();
        args.push("--help");
        let text = stdout(&banshi(&args, &[]));
        assert!(
            text.contains("Example"),
            "{cmd:?} --help has an example:\n{text}"
        );
    }
}

#[test]
fn search_over_a_flows_dir_answers_from_its_cache_until_a_file_changes() {
    let flows = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string("flows/card-lost-replace.ron").unwrap();
    let mine = original.replace("id: \"card-lost-replace\"", "id: \"my-card-lost-replace\"");
    assert_ne!(mine, original);
    let file = flows.path().join("mine.ron");
    std::fs::write(&file, &mine).unwrap();
    std::fs::write(flows.path().join("broken.ron"), "(id: \"x\",").unwrap();
    // The cache relies only on files left alone for a moment.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let dir = flows.path().to_str().unwrap();
    let env = [("BANSHI_DATA_DIR", data.path().to_str().unwrap())];
    let run = || {
        banshi(
            &["--lang", "en", "--flows", dir, "search", "lost", "card"],
            &env,
        )
    };

    let first = run();
    assert!(first.status.success());
    assert!(stdout(&first).contains("my-card-lost-replace\t"));
    assert!(
        stderr(&first).contains("broken.ron:1:"),
        "{}",
        stderr(&first)
    );
    let cache: Vec<_> = std::fs::read_dir(data.path().join("cache"))
        .expect("a cache was written")
        .collect();
    assert_eq!(cache.len(), 1);

    // From the cache: the same answer, the same warning about the broken file.
    let second = run();
    assert_eq!(stdout(&second), stdout(&first));
    assert_eq!(stderr(&second), stderr(&first));

    // An edit shows at once.
    std::fs::write(
        &file,
        mine.replace("my-card-lost-replace", "edited-card-lost"),
    )
    .unwrap();
    let third = run();
    assert!(
        stdout(&third).contains("edited-card-lost\t"),
        "{}",
        stdout(&third)
    );
    assert!(!stdout(&third).contains("my-card-lost-replace"));
}
