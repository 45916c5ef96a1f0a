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
    let out = banshi()
        .args(["--lang", "en", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
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
        .args(["--lang", "en", "check"])
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

// ---- links: related flows, snippets, sources; place, action, how ----

fn with(line_after: &str, insert: &str) -> String {
    assert!(
        GOOD.contains(line_after),
        "test bug: {line_after:?} not in GOOD"
    );
    GOOD.replacen(line_after, &format!("{line_after}{insert}"), 1)
}

#[test]
fn related_must_name_other_existing_flows() {
    let text = with(
        "    reviewed: \"2026-06-01\",\n",
        "    related: [\"card-activate\", \"no-such-flow\", \"good\"],\n",
    );
    let found = check_text(&text);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0]
            .starts_with("flows/x.ron:9:32: error: `related` names unknown flow \"no-such-flow\""),
        "{}",
        found[0]
    );
    assert!(
        found[1].starts_with("flows/x.ron:9:48: error: `related` names this flow itself"),
        "{}",
        found[1]
    );
    // A flow of the same set may be named, and so may a shipped one.
    let other = GOOD.replace("id: \"good\"", "id: \"other\"");
    let text = with(
        "    reviewed: \"2026-06-01\",\n",
        "    related: [\"other\", \"card-activate\"],\n",
    );
    let catalog = Catalog::from_sources(
        &[
            Source {
                path: "flows/good.ron".into(),
                text,
            },
            Source {
                path: "flows/other.ron".into(),
                text: other,
            },
        ],
        today(),
    );
    assert!(catalog.diagnostics.is_empty(), "{:#?}", catalog.diagnostics);
    let good = catalog.get("good").unwrap();
    let ids: Vec<&str> = good
        .links
        .related
        .iter()
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(ids, ["other", "card-activate"]);
}

#[test]
fn facts_must_name_snippets_and_are_shown_after_the_body() {
    let text = with(
        "            title: (zh: \"带\", en: \"Bring\"),\n",
        "            facts: [\"cover-start\", \"no-such-fact\"],\n",
    );
    assert_one(
        check_text(&text),
        "flows/x.ron:22:36: error:",
        // The list of snippets grows as writers add shared facts: match up to it.
        "step \"bring\" uses unknown snippet \"no-such-fact\"; add it to flows/snippets.ron or use one of: activation-",
    );
    let text = with(
        "            title: (zh: \"带\", en: \"Bring\"),\n",
        "            body: [(zh: \"先看这个。\", en: \"Read this first.\")],\n            facts: [\"cover-start\"],\n",
    );
    let catalog = Catalog::from_sources(
        &[Source {
            path: "flows/x.ron".into(),
            text,
        }],
        today(),
    );
    assert!(catalog.diagnostics.is_empty(), "{:#?}", catalog.diagnostics);
    let body = &catalog.get("good").unwrap().step("bring").unwrap().body;
    assert_eq!(body.len(), 2);
    assert_eq!(body[0].zh, "先看这个。");
    assert!(body[1].zh.contains("3–6 个月"), "{:?}", body[1]);
}

#[test]
fn a_source_without_a_title_is_a_warning_at_the_entry() {
    assert_one(
        broken(
            "sources: [\"000_dedf4d4433344739.txt\"]",
            "sources: [\"000_dedf4d4433344739.txt\", \"999_notes.txt\"]",
        ),
        "flows/x.ron:7:43: warning:",
        "sources entry \"999_notes.txt\" has no title in flows/sources.ron (printouts leave it out",
    );
    // A heading of facts-outside-seeds.md may be written as text or as a slug.
    assert_eq!(
        broken(
            "sources: [\"000_dedf4d4433344739.txt\"]",
            "sources: [\"facts-outside-seeds.md#12393, the medical-insurance service hotline\"]",
        ),
        Vec::<String>::new()
    );
}

#[test]
fn place_and_action_go_together() {
    assert_one(
        check_text(&with(
            "            title: (zh: \"带\", en: \"Bring\"),\n",
            "            place: Bank,\n",
        )),
        "flows/x.ron:22:13: warning:",
        "has a `place` but no `action`",
    );
    assert_one(
        check_text(&with(
            "            title: (zh: \"带\", en: \"Bring\"),\n",
            "            action: (zh: \"办卡\", en: \"Get the card\"),\n",
        )),
        "flows/x.ron:22:13: warning:",
        "has an `action` but no `place`",
    );
    assert_one(
        check_text(&with(
            "            title: (zh: \"带\", en: \"Bring\"),\n",
            "            place: Bank,\n            action: (zh: \"办卡\", en: \"\"),\n",
        )),
        "flows/x.ron:23:13: error:",
        "action in step \"bring\" has no en text",
    );
    assert_eq!(
        check_text(&with(
            "            title: (zh: \"带\", en: \"Bring\"),\n",
            "            place: MedicalInsurance,\n            office: Insured,\n            action: (zh: \"办卡\", en: \"Get the card\"),\n",
        )),
        Vec::<String>::new()
    );
}

#[test]
fn uploads_and_things_shown_need_no_counts() {
    assert_eq!(
        broken(
            "material: (originals: 1, at: Bank)",
            "material: (how: Upload, at: Online)"
        ),
        Vec::<String>::new()
    );
    assert_one(
        broken(
            "material: (originals: 1, at: Bank)",
            "material: (how: Show, originals: 1, at: Hospital, office: Treatment)",
        ),
        "flows/x.ron:23:",
        "material \"id-card\" is Show, so its `originals`/`copies` mean nothing",
    );
    assert_one(
        broken("material: (originals: 1, at: Bank)", "material: (at: Bank)"),
        "flows/x.ron:23:",
        "asks for 0 originals and 0 copies",
    );
}

#[test]
fn a_snippets_file_in_the_set_is_checked_and_replaces_the_shipped_one() {
    let snippets = "{\n    \"local-fact\": (zh: \"本地的说明。\", en: \"\"),\n    \"Bad_Id\": (zh: \"x\", en: \"x\"),\n}\n";
    let flow = with(
        "            title: (zh: \"带\", en: \"Bring\"),\n",
        "            facts: [\"local-fact\", \"cover-start\"],\n",
    );
    let catalog = Catalog::from_sources(
        &[
            Source {
                path: "flows/snippets.ron".into(),
                text: snippets.into(),
            },
            Source {
                path: "flows/x.ron".into(),
                text: flow,
            },
        ],
        today(),
    );
    let found: Vec<String> = catalog
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    let expect = [
        "flows/snippets.ron:2:5: error: \"local-fact\" has no en text",
        "flows/snippets.ron:3:5: error: snippet id \"Bad_Id\" is not valid",
        "flows/snippets.ron:1:1: error: snippet \"hotline-medical\" is missing",
        "flows/snippets.ron:1:1: error: snippet \"hotline-card\" is missing",
        "flows/snippets.ron:1:1: error: snippet \"hotline-area-code\" is missing",
        "flows/x.ron:22:35: error: step \"bring\" uses unknown snippet \"cover-start\"",
    ];
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for (f, e) in found.iter().zip(expect) {
        assert!(f.starts_with(e), "{f}\n  should start with\n{e}");
    }
    let broken = Catalog::from_sources(
        &[Source {
            path: "flows/snippets.ron".into(),
            text: "{\n  \"a\": (zh: \"x\" en: \"y\"),\n}".into(),
        }],
        today(),
    );
    let found: Vec<String> = broken.diagnostics.iter().map(ToString::to_string).collect();
    assert!(found[0].starts_with("flows/snippets.ron:2:"), "{found:#?}");
}

#[test]
fn check_reads_the_snippets_beside_the_flows() {
    let dir = tempfile::tempdir().unwrap();
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("flows/snippets.ron"))
            .unwrap();
    let flow = with(
        "            title: (zh: \"带\", en: \"Bring\"),\n",
        "            facts: [\"local-fact\"],\n",
    );
    write(dir.path(), "good.ron", &flow);
    write(dir.path(), "snippets.ron", &shipped);
    let out = banshi()
        .args(["--lang", "en", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(&format!(
            "{}:22:21: error: step \"bring\" uses unknown snippet \"local-fact\"",
            dir.path().join("good.ron").display()
        )),
        "{stdout}"
    );
    write(
        dir.path(),
        "snippets.ron",
        &shipped.replacen(
            "{\n",
            "{\n    \"local-fact\": (zh: \"本地才有的说明。\", en: \"Only said here.\"),\n",
            1,
        ),
    );
    let out = banshi().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_flows_dir_adds_snippets_and_source_titles_to_the_shipped_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "snippets.ron",
        "{ \"local-fact\": (zh: \"本地才有的说明。\", en: \"Only said here.\") }",
    );
    write(
        dir.path(),
        "sources.ron",
        "{ \"local-notice.pdf\": (zh: \"本市医保局通知\", en: \"The city's notice\") }",
    );
    let flow = with(
        "            title: (zh: \"带\", en: \"Bring\"),\n",
        "            facts: [\"local-fact\", \"cover-start\"],\n",
    )
    .replace(
        "sources: [\"000_dedf4d4433344739.txt\"]",
        "sources: [\"000_dedf4d4433344739.txt\", \"local-notice.pdf\"],\n    related: [\"card-activate\"]",
    );
    write(dir.path(), "good.ron", &flow);
    let out = banshi()
        .args(["--lang", "en", "--flows"])
        .arg(dir.path())
        .args(["show", "good"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for needle in [
        "   Only said here.\n",
        "When your cover starts differs by region",
        "Based on: “医保卡换卡后需要重新激活吗” (Does a replacement medical-insurance card need activating again?), The city's notice",
        "Related procedures:\n- ",
        "[card-activate]",
        "12393",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in\n{stdout}");
    }
    assert!(
        !stdout.contains(".txt") && !stdout.contains(".pdf"),
        "{stdout}"
    );
}

#[test]
fn an_id_defined_twice_in_snippets_ron_is_an_error_at_the_second() {
    let text = "{\n    // \"twice\" in a comment is not a key\n    \"twice\": (zh: \"一\", en: \"one\"),\n    \"twice\": (zh: \"二\", en: \"two\"),\n}\n";
    let catalog = Catalog::from_sources(
        &[Source {
            path: "flows/snippets.ron".into(),
            text: text.into(),
        }],
        today(),
    );
    let found: Vec<String> = catalog
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        found[0].starts_with("flows/snippets.ron:4:5: error: \"twice\" is defined twice"),
        "{found:#?}"
    );
}

#[test]
fn a_flow_with_no_hotline_is_warned() {
    assert_one(
        check_text(&with(
            "    reviewed: \"2026-06-01\",\n",
            "    hotlines: [],\n",
        )),
        "flows/x.ron:9:5: warning:",
        "`hotlines` is empty",
    );
    assert_eq!(
        check_text(&with(
            "    reviewed: \"2026-06-01\",\n",
            "    hotlines: [Card, Medical],\n"
        )),
        Vec::<String>::new()
    );
}

/// `--lang zh-CN` gives every diagnostic in Chinese, at the same
/// `PATH:LINE:COL: error:` as in English (editors parse the prefix).
#[test]
fn check_speaks_chinese_with_the_same_positions() {
    let dir = tempfile::tempdir().unwrap();
    let flow = |id: &str, from: &str, to: &str| {
        assert!(GOOD.contains(from), "test bug: {from:?}");
        GOOD.replace("id: \"good\"", &format!("id: \"{id}\""))
            .replacen(from, to, 1)
    };
    let d = dir.path();
    write(
        d,
        "a-next.ron",
        &flow("a-next", "next: \"bring\"", "next: \"brnig\""),
    );
    write(
        d,
        "b-unreached.ron",
        &flow("b-unreached", "next: \"bring\"", "next: \"end\""),
    );
    write(
        d,
        "c-lang.ron",
        &flow(
            "c-lang",
            "(zh: \"带\", en: \"Bring\")",
            "(zh: \"带\", en: \"\")",
        ),
    );
    write(
        d,
        "d-control.ron",
        &flow(
            "d-control",
            "(zh: \"好\", en: \"Good\")",
            "(zh: \"好\u{1b}[2J\", en: \"Good\")",
        ),
    );
    write(
        d,
        "e-syntax.ron",
        &flow(
            "e-syntax",
            "(zh: \"简介\", en: \"Summary\"),",
            "(zh: \"简介\", en: \"Summary\")",
        ),
    );
    std::os::unix::fs::symlink(d.join("a-next.ron"), d.join("f-link.ron")).unwrap();
    let out = banshi()
        .args(["--lang", "zh-CN", "check"])
        .arg(d)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let p = |name: &str| d.join(name).display().to_string();
    let expected = [
        format!(
            "{}:15:54: error: 步骤“ask”的下一步“brnig”不存在；请改成 \"end\" 或以下步骤之一：ask, bring",
            p("a-next.ron")
        ),
        format!(
            "{}:20:13: error: 步骤“bring”永远走不到：从起点出发没有路通向它；请让某个 `next` 指向它，或删掉它",
            p("b-unreached.ron")
        ),
        format!(
            "{}:21:30: error: 步骤“bring”的 title 缺少英文文本：中英文都要写",
            p("c-lang.ron")
        ),
        format!(
            "{}:3:19: error: 控制字符 U+001B（ESC）：请删除；流程文本只能包含可打印字符、换行（\\n）和制表符",
            p("d-control.ron")
        ),
        format!(
            "{}:5:5: error: RON 语法错误：Expected comma；请修正这里的语法或字段",
            p("e-syntax.ron")
        ),
        format!(
            "{}:1:1: error: 这是一个符号链接：banshi 不会顺着链接读取流程文件，请把文件本身放到这里",
            p("f-link.ron")
        ),
    ];
    for line in &expected {
        assert!(
            stdout.lines().any(|l| l == line),
            "missing {line}\nin:\n{stdout}"
        );
    }
    assert_eq!(stdout.lines().count(), expected.len(), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("6 个错误，0 个警告。"), "{stderr}");

    // The same files named by `--flows`: the skipped ones, in Chinese.
    let out = banshi()
        .args(["--lang", "zh-CN", "--flows"])
        .arg(d)
        .arg("list")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&format!("  {}", expected[0])), "{stderr}");
    assert!(!stderr.contains("never reached"), "{stderr}");
}
