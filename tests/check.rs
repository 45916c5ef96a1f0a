//! `banshi check` and the loader: every semantic error is reported at the
//! right line and column, and a broken file never hides the others.

use std::path::Path;
use std::process::Command;

use banshi::date::Date;
use banshi::flow::{Catalog, Source};

/// A small valid flow; the tests break it one way at a time.
const GOOD: &str = r#"Flow(
    id: "good",
    title: (zh: "好", en: "Good"),
    summary: (zh: "简介", en: "Summary"),
    category: Card,
    aliases: ["好流程"],
    sources: ["000_dedf4d4433344739.txt"],
    reviewed: "2026-06-01",
    region_note: (zh: "各地不同", en: "Varies"),
    steps: [
        (
            id: "ask",
            title: (zh: "问", en: "Ask"),
            kind: Question(options: [
                (id: "a", label: (zh: "甲", en: "A"), next: "bring"),
                (id: "b", label: (zh: "乙", en: "B"), next: "end"),
            ]),
        ),
        (
            id: "bring",
            title: (zh: "带", en: "Bring"),
            kind: Checklist(items: [
                (id: "id-card", label: (zh: "身份证", en: "ID card"), when: Answer("ask", "a"), material: (originals: 1, at: Bank)),
            ]),
        ),
    ],
)
"#;

fn today() -> Date {
    Date::parse("2026-11-23").unwrap()
}

/// The diagnostics for one file, formatted as `check` prints them.
fn check_text(text: &str) -> Vec<String> {
    let src = Source {
        path: "flows/x.ron".into(),
        text: text.into(),
    };
    Catalog::from_sources(&[src], today())
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn broken(from: &str, to: &str) -> Vec<String> {
    assert!(GOOD.contains(from), "test bug: {from:?} not in GOOD");
    check_text(&GOOD.replacen(from, to, 1))
}

fn assert_one(found: Vec<String>, prefix: &str, words: &str) {
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with(prefix),
        "{} should start with {prefix}",
        found[0]
    );
    assert!(
        found[0].contains(words),
        "{} should mention {words}",
        found[0]
    );
}

#[test]
fn the_good_flow_has_no_findings() {
    assert_eq!(check_text(GOOD), Vec::<String>::new());
}

#[test]
fn a_syntax_error_names_line_and_column() {
    // Line 4 loses its trailing comma.
    let found = broken(
        "(zh: \"简介\", en: \"Summary\"),",
        "(zh: \"简介\", en: \"Summary\")",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("flows/x.ron:5:5: error:"),
        "{}",
        found[0]
    );
}

#[test]
fn a_misspelt_field_is_an_error_at_its_line() {
    let found = broken("aliases:", "aliasses:");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("flows/x.ron:6:"), "{}", found[0]);
    assert!(found[0].contains("aliasses"), "{}", found[0]);
}

#[test]
fn a_missing_language_is_reported_where_the_empty_text_is() {
    assert_one(
        broken("(zh: \"带\", en: \"Bring\")", "(zh: \"带\", en: \"\")"),
        "flows/x.ron:21:30: error:",
        "no en text",
    );
}

#[test]
fn an_unknown_next_step_is_reported_at_the_reference() {
    assert_one(
        broken("next: \"bring\"", "next: \"brnig\""),
        "flows/x.ron:15:54: error:",
        "unknown step \"brnig\"",
    );
}

#[test]
fn an_unreachable_step_is_reported_at_its_id() {
    assert_one(
        broken("next: \"bring\"", "next: \"end\""),
        "flows/x.ron:20:13: error:",
        "never reached",
    );
}

#[test]
fn a_loop_is_a_path_that_never_ends() {
    let found = check_text(&GOOD.replacen(
        "            ]),\n        ),\n    ],",
        "            ]),\n            next: \"ask\",\n        ),\n    ],",
        1,
    ));
    assert_one(found, "flows/x.ron:25:13: error:", "loops forever");
}

#[test]
fn conditions_must_name_real_questions_and_options() {
    assert_one(
        broken("Answer(\"ask\", \"a\")", "Answer(\"ask\", \"c\")"),
        "flows/x.ron:23:",
        "unknown option \"c\" of question \"ask\"; options are: a, b",
    );
    assert_one(
        broken("Answer(\"ask\", \"a\")", "Answer(\"asks\", \"a\")"),
        "flows/x.ron:23:",
        "unknown question \"asks\"",
    );
    assert_one(
        broken("Answer(\"ask\", \"a\")", "Answer(\"bring\", \"a\")"),
        "flows/x.ron:23:",
        "not a question",
    );
}

#[test]
fn duplicate_ids_are_errors() {
    assert_one(
        broken("(id: \"b\", label", "(id: \"a\", label"),
        // At the duplicate (line 16), not the first "a" (line 15).
        "flows/x.ron:16:",
        "duplicate option id \"a\"",
    );
    let two = [
        Source {
            path: "flows/one.ron".into(),
            text: GOOD.into(),
        },
        Source {
            path: "flows/two.ron".into(),
            text: GOOD.into(),
        },
    ];
    let catalog = Catalog::from_sources(&two, today());
    let found: Vec<String> = catalog
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with(
        "flows/two.ron:2:5: error: duplicate flow id \"good\": flows/one.ron already uses it"
    ));
    assert_eq!(catalog.len(), 1, "the first one still loads");
}

#[test]
fn sources_and_review_dates_are_required() {
    assert_one(
        broken("sources: [\"000_dedf4d4433344739.txt\"]", "sources: []"),
        "flows/x.ron:7:5: error:",
        "no sources",
    );
    assert_one(
        broken("reviewed: \"2026-06-01\"", "reviewed: \"June\""),
        "flows/x.ron:8:5: error:",
        "not a date",
    );
    assert_one(
        broken("reviewed: \"2026-06-01\"", "reviewed: \"2025-11-22\""),
        "flows/x.ron:8:5: warning:",
        "due for review",
    );
    assert_eq!(
        broken("reviewed: \"2026-06-01\"", "reviewed: \"2025-11-23\""),
        Vec::<String>::new(),
        "exactly 12 months is still current"
    );
}

#[test]
fn a_condition_on_a_later_question_is_an_error() {
    let text = GOOD.replacen(
        "            title: (zh: \"问\", en: \"Ask\"),\n",
        "            title: (zh: \"问\", en: \"Ask\"),\n            when: Answer(\"ask\", \"a\"),\n",
        1,
    );
    let found = check_text(&text);
    assert!(
        found
            .iter()
            .any(|d| d.contains("never answered before this step")),
        "{found:#?}"
    );
}

#[test]
fn a_flow_with_errors_is_skipped_and_the_others_load() {
    let sources = [
        Source {
            path: "flows/bad.ron".into(),
            text: GOOD
                .replace("id: \"good\"", "id: \"bad\"")
                .replace("next: \"bring\"", "next: \"nowhere\""),
        },
        Source {
            path: "flows/syntax.ron".into(),
            text: "Flow(id: ".into(),
        },
        Source {
            path: "flows/good.ron".into(),
            text: GOOD.into(),
        },
    ];
    let catalog = Catalog::from_sources(&sources, today());
    assert_eq!(
        catalog.flows().map(|f| f.id.as_str()).collect::<Vec<_>>(),
        ["good"]
    );
    assert_eq!(catalog.errors().count(), 2);
}

#[test]
fn the_shipped_flows_all_pass() {
    // Only "due for review" may appear, once time passes: that is a prompt to
    // re-review, not a broken build.
    let catalog = Catalog::from_sources(&banshi::flow::shipped_sources(), Date::today());
    let found: Vec<String> = catalog
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .filter(|d| !d.contains("due for review"))
        .collect();
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(catalog.len(), banshi::flow::shipped_sources().len());
}

// ---- the binary ----

fn banshi() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_banshi"));
    cmd.env_remove("BANSHI_LANG")
        .env_remove("LC_ALL")
        .env("LANG", "C.UTF-8");
    cmd
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn check_exits_1_on_errors_and_prints_path_line_col() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.ron", GOOD);
    write(
        dir.path(),
        "bad.ron",
        &GOOD.replace("id: \"good\"", "id: \"bad\"").replacen(
            "(zh: \"带\", en: \"Bring\")",
            "(zh: \"\", en: \"Bring\")",
            1,
        ),
    );
    let out = banshi().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let expected = format!(
        "{}:21:20: error: title in step \"bring\" has no zh text",
        dir.path().join("bad.ron").display()
    )
    .replace(":21:20:", ":21:21:");
    assert!(stdout.starts_with(&expected), "{stdout}");
    assert_eq!(stdout.lines().count(), 1);
}

#[test]
fn check_exits_0_with_warnings_only() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "old.ron",
        &GOOD.replace("2026-06-01", "2020-01-01"),
    );
    let out = banshi()
        .arg("check")
        .arg(dir.path().join("old.ron"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("warning: due for review"));
}

#[test]
fn check_without_paths_checks_the_shipped_flows() {
    let out = banshi().arg("check").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_broken_file_in_flows_dir_is_named_and_the_rest_still_load() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.ron", GOOD);
    write(
        dir.path(),
        "broken.ron",
        "Flow(\n  id: \"broken\",\n  title: oops\n)",
    );
    let out = banshi()
        .arg("--flows")
        .arg(dir.path())
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.lines().any(|l| l == "good\t好"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("card-replace-activate\t")),
        "shipped flows still there"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{}:3:", dir.path().join("broken.ron").display())),
        "{stderr}"
    );
}

#[test]
fn a_flows_dir_overrides_a_shipped_flow_with_the_same_id() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "mine.ron",
        &GOOD
            .replace("id: \"good\"", "id: \"card-replace-activate\"")
            .replace("en: \"Good\"", "en: \"Local version\""),
    );
    let out = banshi()
        .args(["--lang", "en", "--flows"])
        .arg(dir.path())
        .arg("list")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .lines()
            .any(|l| l == "card-replace-activate\tLocal version"),
        "{stdout}"
    );
    assert_eq!(stdout.matches("card-replace-activate").count(), 1);
}
