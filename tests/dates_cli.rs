//! Dates through the real binary: today is the local date (a test at 07:30
//! in Shanghai, when UTC is still on the day before), a date question's
//! deadlines are worked out on paper, and `check` refuses bad date
//! expressions. `BANSHI_NOW` sets the clock (for tests only).

use std::process::{Command, Output};

mod pipe_support;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/dates");

fn banshi(args: &[&str], tz: &str, now: &str) -> Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(args)
        .env("BANSHI_DATA_DIR", data.path())
        .env_remove("BANSHI_LANG")
        .env("LC_ALL", "zh_CN.UTF-8")
        .env("TZ", tz)
        .env("BANSHI_NOW", now)
        .output()
        .expect("banshi runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn at_0730_in_shanghai_the_printout_carries_the_local_date() {
    // 2026-12-02T23:30Z is 07:30 on 3 December in Shanghai.
    for now in ["2026-12-02T23:30:00Z", "2026-12-03T07:30"] {
        let o = banshi(
            &[
                "--flows",
                FIXTURES,
                "print",
                "test-activate",
                "--answer",
                "got-card=今天",
            ],
            "Asia/Shanghai",
            now,
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let out = stdout(&o);
        assert!(out.contains("2026-12-03"), "{now}: {out}");
        assert!(!out.contains("2026-12-02"), "{now}: {out}");
        // The day given is "today": the deadline is worked out from it.
        assert!(out.contains("请在 2027年6月3日 前激活"), "{out}");
    }
    // The same instant in UTC is still the day before.
    let o = banshi(
        &["--flows", FIXTURES, "print", "test-activate"],
        "UTC",
        "2026-12-02T23:30:00Z",
    );
    assert!(stdout(&o).contains("2026-12-02"), "{}", stdout(&o));
}

#[test]
fn a_disputed_period_prints_a_range_and_says_so() {
    let o = banshi(
        &[
            "--flows",
            FIXTURES,
            "print",
            "test-activate",
            "--answer",
            "got-card=2026/12/3",
            "--format",
            "markdown",
        ],
        "Asia/Shanghai",
        "2026-12-03T10:00",
    );
    let out = stdout(&o);
    assert!(
        out.contains("2027年3月3日 至 2027年6月3日") && out.contains("各地期限不同"),
        "{out}"
    );
    let o = banshi(
        &[
            "--flows",
            FIXTURES,
            "print",
            "test-activate",
            "--answer",
            "got-card=明年",
            "--lang",
            "en",
        ],
        "Asia/Shanghai",
        "2026-12-03T10:00",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a date"));
}

#[test]
fn check_refuses_bad_date_expressions_with_their_position() {
    let bad = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/dates-bad");
    let o = banshi(&["--lang", "en", "check", bad], "UTC", "2026-12-03T10:00");
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("bad-dates.ron:16:25: error: date expression \"6 months\""),
        "{out}"
    );
    assert!(
        out.contains(":17:25: error: date range \"3m..6m\""),
        "{out}"
    );
    assert!(out.contains("has no {date}"), "{out}");
    let o = banshi(&["check", FIXTURES], "UTC", "2026-12-03T10:00");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// `banshi print FLOW --answer A... EXTRA...` of a shipped flow (no
/// `--flows`), in Shanghai at 07:30.
fn print_shipped(flow: &str, answers: &[&str], extra: &[&str]) -> String {
    let mut args = vec!["print", flow];
    for a in answers {
        args.extend(["--answer", a]);
    }
    args.extend_from_slice(extra);
    let o = banshi(&args, "Asia/Shanghai", "2026-12-03T07:30");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout(&o)
}

#[test]
fn shipped_flows_work_the_deadline_out_from_the_day_given() {
    // A replacement card collected today: the 6-month limit some regions set.
    let out = print_shipped("card-replace-activate", &["why=今天", "function=both"], &[]);
    assert!(out.contains("你哪天领到新卡？ 2026年12月3日"), "{out}");
    assert!(
        out.contains("有 6 个月期限的地区，请在 2027年6月3日 前激活新卡"),
        "{out}"
    );
    assert!(out.contains("12333"), "{out}");
    // In English, and from a day typed as people write it (31 August + 6
    // months is the end of February).
    let out = print_shipped(
        "card-replace-activate",
        &["why=2026/8/31", "function=medical"],
        &["--lang", "en"],
    );
    assert!(
        out.contains("activate the new card by 28 February 2027"),
        "{out}"
    );

    // A referral filing that went through on 1 December: the common 6
    // months, and who decides.
    let out = print_shipped(
        "remote-filing",
        &[
            "scope=other-province",
            "type=referral",
            "channel=app",
            "result=yes",
            "referral-until=12月1日",
        ],
        &[],
    );
    assert!(out.contains("这次转诊备案到 2027年6月1日 为止"), "{out}");
    assert!(out.contains("以参保地的规定为准"), "{out}");

    // The last benefit check: the articles count it two ways, so a range,
    // said to differ, with whom to ask.
    let out = print_shipped(
        "benefit-certification",
        &["when=know", "last=2026-08-01"],
        &[],
    );
    assert!(
        out.contains("截止日在 2027年7月1日 至 2027年8月1日 之间"),
        "{out}"
    );
    assert!(
        out.contains("各地算法不同") && out.contains("12393"),
        "{out}"
    );
}

#[test]
fn the_six_month_advice_is_for_those_within_it_and_the_late_get_their_own() {
    // Within the 6 months: the day worked out, and the advice.
    let out = print_shipped(
        "medical-account-activate",
        &["timing=recent", "collected=昨天"],
        &[],
    );
    assert!(out.contains("最好在 2027年6月2日 前激活"), "{out}");
    assert!(out.contains("最好在领卡后 6 个月内激活"), "{out}");
    assert!(!out.contains("已过了建议的领卡后 6 个月"), "{out}");
    // Past them: no "within 6 months" advice, no date question; what to do
    // now instead.
    let out = print_shipped("medical-account-activate", &["timing=overdue"], &[]);
    assert!(!out.contains("6 个月内"), "{out}");
    assert!(!out.contains("你哪天领到的卡"), "{out}");
    assert!(out.contains("已过了建议的领卡后 6 个月"), "{out}");
    assert!(out.contains("发卡银行或社保部门"), "{out}");
    // A day given for the question the route now skips is kept aside, not
    // printed: no deadline from it.
    let out = print_shipped(
        "medical-account-activate",
        &["timing=overdue", "collected=今天"],
        &[],
    );
    assert!(!out.contains("2027年6月3日"), "{out}");
    assert!(out.contains("已过了建议的领卡后 6 个月"), "{out}");
}

/// Plain mode (piped) on the shipped flows, in Shanghai on 3 December 2026.
fn plain(lang: &str, input: &str) -> String {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = pipe_support::banshi(data.path());
    cmd.args(["--user", "王芳", "--lang", lang])
        .env("TZ", "Asia/Shanghai")
        .env("BANSHI_NOW", "2026-12-03T10:00");
    let out = pipe_support::run(&mut cmd, input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The number plain mode gives `title` among the results for `query`.
fn number_of(lang: &str, query: &str, title: &str) -> String {
    let out = plain(lang, &format!("{query}\nq\n"));
    out.lines()
        .find_map(|l| {
            let (n, t) = l.trim().split_once(". ")?;
            (t == title).then(|| n.to_string())
        })
        .unwrap_or_else(|| panic!("{title} is found: {out}"))
}

#[test]
fn plain_mode_shows_the_deadline_as_soon_as_the_day_is_typed() {
    let query = "换卡后激活新医保卡";
    let n = number_of("zh-CN", query, query);
    // A day eight months ago: the deadline is printed at once, before the
    // next step, and said to have passed; the summary says so too.
    let out = plain("zh-CN", &format!("{query}\n{n}\n2026-01-05\ns\nq\n"));
    let line = "按你填的日期算: 有 6 个月期限的地区，请在 2026年7月5日（已过） 前激活新卡";
    let at = out.find(line).unwrap_or_else(|| panic!("{out}"));
    let next = out.find("你要启用哪种功能？").expect("the next step");
    assert!(at < next, "printed before moving on: {out}");
    let summary = out.split("你的回答").nth(1).expect("the summary");
    assert!(
        summary.contains("! 有 6 个月期限的地区，请在 2026年7月5日（已过） 前激活新卡"),
        "{out}"
    );

    // A recent day, in English: the deadline at once, nothing passed.
    let n = number_of(
        "en",
        "activate new card",
        "Activate your new card after a replacement",
    );
    let out = plain("en", &format!("activate new card\n{n}\nyesterday\nq\n"));
    assert!(
        out.contains(
            "From the day you gave: Where the 6-month limit applies, activate the new card by 2 June 2027"
        ),
        "{out}"
    );
    assert!(!out.contains("already passed"), "{out}");
}

#[test]
fn a_deadline_already_past_says_so_on_paper_and_on_the_notice() {
    for format in ["text", "markdown", "html"] {
        let out = print_shipped(
            "card-replace-activate",
            &["why=2026-01-05", "function=both"],
            &["--format", format],
        );
        assert!(
            out.contains("请在 2026年7月5日（已过） 前激活新卡"),
            "{format}: {out}"
        );
    }
    let out = print_shipped(
        "card-replace-activate",
        &["why=2026-01-05", "function=both"],
        &["--notice", "--lang", "en"],
    );
    // (The notice wraps at 80 columns.)
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("by 5 July 2026 (already passed)"), "{out}");
    // A range whose first day is past and last day is not: the first day
    // is marked, where it stands.
    let out = print_shipped(
        "benefit-certification",
        &["when=know", "last=2025-12-15"],
        &[],
    );
    assert!(
        out.contains("截止日在 2026年11月15日（已过） 至 2026年12月15日 之间"),
        "{out}"
    );
    // Today itself has not passed.
    let out = print_shipped(
        "card-replace-activate",
        &["why=2026-06-03", "function=both"],
        &[],
    );
    assert!(out.contains("请在 2026年12月3日 前激活新卡"), "{out}");
    assert!(!out.contains("已过"), "{out}");
}
