//! Dates through the real binary: today is the local date (a test at 07:30
//! in Shanghai, when UTC is still on the day before), a date question's
//! deadlines are worked out on paper, and `check` refuses bad date
//! expressions. `BANSHI_NOW` sets the clock (for tests only).

use std::process::{Command, Output};

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
    let o = banshi(&["check", bad], "UTC", "2026-12-03T10:00");
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
