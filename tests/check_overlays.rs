//! `banshi check` on regional overlays: each mistake a maintainer can make
//! in `flows/regions/*.ron` is reported at its file:line:col, in the
//! reader's language, and the overlay with errors is left out.

use std::path::Path;
use std::process::Command;

const FLOW: &str = include_str!("fixtures/localized/test-filing.ron");
const NANJING: &str = include_str!("fixtures/localized/regions/nanjing.ron");

/// A folder with the test flow and `overlay` as `regions/nanjing.ron`.
fn folder(overlay: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("test-filing.ron"), FLOW).unwrap();
    std::fs::create_dir(dir.path().join("regions")).unwrap();
    std::fs::write(dir.path().join("regions/nanjing.ron"), overlay).unwrap();
    dir
}

/// Writes the test flow and `overlay` as `regions/nanjing.ron` into a
/// folder and runs `banshi check` on it.
fn check(overlay: &str, lang: &str) -> (i32, Vec<String>) {
    check_dir(folder(overlay).path(), lang)
}

/// `banshi check DIR`: its exit code and its lines, with `DIR/` taken off.
fn check_dir(dir: &Path, lang: &str) -> (i32, Vec<String>) {
    let out = Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(["--lang", lang, "check"])
        .arg(dir)
        .env("BANSHI_DATA_DIR", dir.join("data"))
        .output()
        .unwrap();
    let prefix = format!("{}/", dir.display());
    let lines = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.replace(&prefix, ""))
        .collect();
    (out.status.code().unwrap_or(-1), lines)
}

/// `NANJING` with `from` replaced by `to` (once).
fn broken(from: &str, to: &str) -> String {
    assert!(NANJING.contains(from), "test bug: {from:?}");
    NANJING.replacen(from, to, 1)
}

/// Line and column (1-based) of the first `needle` in `text`.
fn at(text: &str, needle: &str) -> (usize, usize) {
    let i = text.find(needle).unwrap();
    let line = text[..i].matches('\n').count() + 1;
    let col = text[..i].rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

#[test]
fn a_good_overlay_passes() {
    let (code, lines) = check(NANJING, "en");
    assert_eq!(code, 0, "{lines:?}");
    assert!(lines.is_empty(), "{lines:?}");
}

#[test]
fn an_unknown_step_is_reported_where_the_rule_names_it() {
    let text = broken("step: \"pay\"", "step: \"paye\"");
    let (code, lines) = check(&text, "en");
    assert_eq!(code, 1);
    let (l, c) = at(&text, "step: \"paye\"");
    assert_eq!(
        lines,
        [format!(
            "regions/nanjing.ron:{l}:{c}: error: flow \"test-filing\" has no step \"paye\"; steps are: who, scope, file, pay, after"
        )]
    );
}

#[test]
fn an_unknown_place_and_flow_are_named() {
    let text = broken("region: \"nanjing\"", "region: \"gotham\"");
    let (code, lines) = check(&text, "zh-CN");
    assert_eq!(code, 1);
    let (l, c) = at(&text, "region:");
    assert!(
        lines[0].starts_with(&format!(
            "regions/nanjing.ron:{l}:{c}: error: 未知地区“gotham”"
        )),
        "{lines:?}"
    );
    let text = broken("flow: \"test-filing\"", "flow: \"no-such-flow\"");
    let (code, lines) = check(&text, "en");
    assert_eq!(code, 1);
    let (l, c) = at(&text, "flow: \"no-such");
    assert!(
        lines[0].starts_with(&format!(
            "regions/nanjing.ron:{l}:{c}: error: unknown flow \"no-such-flow\""
        )),
        "{lines:?}"
    );
}

#[test]
fn an_item_must_go_into_a_checklist_under_a_new_id() {
    // Into an information step.
    let text = broken(
        "step: \"file\",\n                    source: \"001_789a9454e5187436.txt\",\n                    reviewed: \"2026-12-01\",\n                    change: Item(",
        "step: \"after\",\n                    source: \"001_789a9454e5187436.txt\",\n                    reviewed: \"2026-12-01\",\n                    change: Item(",
    );
    let (code, lines) = check(&text, "en");
    assert_eq!(code, 1);
    let (l, c) = at(&text, "change: Item(");
    assert_eq!(
        lines,
        [format!(
            "regions/nanjing.ron:{l}:{c}: error: step \"after\" is not a checklist: an Item can only be added to a checklist; add a Note or a Step instead"
        )]
    );
    // An id the step already has.
    let text = broken("id: \"nj-photo\"", "id: \"form\"");
    let (_, lines) = check(&text, "en");
    assert!(
        lines[0].contains("item \"form\" is already in step \"file\""),
        "{lines:?}"
    );
}

#[test]
fn a_step_cannot_follow_a_question_nor_reuse_an_id() {
    let text = NANJING.replace(
        "step: \"pay\",\n                    source: \"001_789a9454e5187436.txt\",\n                    reviewed: \"2026-12-01\",\n                    change: Step(",
        "step: \"scope\",\n                    source: \"001_789a9454e5187436.txt\",\n                    reviewed: \"2026-12-01\",\n                    change: Step(",
    );
    assert_ne!(text, NANJING);
    let (code, lines) = check(&text, "en");
    assert_eq!(code, 1);
    assert!(
        lines[0].contains("step \"scope\" is a question: a Step cannot follow it"),
        "{lines:?}"
    );
    let text = broken("id: \"nj-extra\"", "id: \"after\"");
    let (_, lines) = check(&text, "en");
    assert!(
        lines[0].contains("step id \"after\" is already used"),
        "{lines:?}"
    );
}

#[test]
fn not_needed_on_a_question_and_a_when_on_an_unknown_option_are_errors() {
    let bad = NANJING.replace(
        "change: Channel((zh: \"在「我的南京」里办。\", en: \"Do it in 我的南京.\")),",
        "change: NotNeeded(reason: (zh: \"不用\", en: \"Not needed\"), when: Answer(\"scope\", \"moon\")),",
    );
    let (code, lines) = check(&bad, "en");
    assert_eq!(code, 1);
    let (l, c) = at(&bad, "flow: \"test-filing\"");
    assert!(
        lines.iter().any(|x| x.starts_with(&format!("regions/nanjing.ron:{l}:{c}: error: applied to flow \"test-filing\", this overlay makes it invalid")) && x.contains("\"moon\"")),
        "{lines:?}"
    );
    let bad = NANJING.replacen("step: \"file\"", "step: \"scope\"", 2).replacen(
        "change: Item((id: \"nj-photo\", label: (zh: \"照片\", en: \"Photo\"), material: (at: Online, how: Upload))),",
        "change: NotNeeded(reason: (zh: \"不用\", en: \"Not needed\")),",
        1,
    );
    let (_, lines) = check(&bad, "en");
    let said = |lines: &[String]| {
        lines
            .iter()
            .any(|x| x.contains("step \"scope\": NotNeeded does not fit it"))
    };
    assert!(said(&lines), "{lines:?}");
    // On a question: with the place's answer it fits; with an answer that
    // is no option, or a `when` beside it, it does not.
    let on_scope = |change: &str| {
        NANJING.replacen("step: \"file\"", "step: \"scope\"", 2).replacen(
            "change: Item((id: \"nj-photo\", label: (zh: \"照片\", en: \"Photo\"), material: (at: Online, how: Upload))),",
            change,
            1,
        )
    };
    let good = on_scope(
        "change: NotNeeded(reason: (zh: \"省内\", en: \"In the province\"), answer: \"in-province\"),",
    );
    let (_, lines) = check(&good, "en");
    assert!(!said(&lines), "{lines:?}");
    for bad in [
        "change: NotNeeded(reason: (zh: \"省内\", en: \"In the province\"), answer: \"moon\"),",
        "change: NotNeeded(reason: (zh: \"省内\", en: \"In the province\"), answer: \"cross\", when: Answer(\"who\", \"self\")),",
    ] {
        let (code, lines) = check(&on_scope(bad), "en");
        assert_eq!(code, 1);
        assert!(said(&lines), "{bad}: {lines:?}");
    }
}

#[test]
fn texts_sources_and_review_dates_are_checked() {
    let (_, lines) = check(
        &broken("(zh: \"照片\", en: \"Photo\")", "(zh: \"照片\", en: \"\")"),
        "en",
    );
    assert!(
        lines
            .iter()
            .any(|x| x.contains("Item in step \"file\" has an empty zh or en text")),
        "{lines:?}"
    );
    let text = broken(
        "change: Replace([(zh: \"南京的说明。\"",
        "change: Replace([(zh: \"有资料说南京的说明。\"",
    );
    let (_, lines) = check(&text, "en");
    assert!(lines.iter().any(|x| x.contains("资料说")), "{lines:?}");
    let text = broken(
        "source: \"001_789a9454e5187436.txt\"",
        "source: \"notes.txt\"",
    );
    let (code, lines) = check(&text, "en");
    assert_eq!(code, 1);
    let (l, c) = at(&text, "source: \"notes.txt\"");
    assert!(
        lines[0].starts_with(&format!(
            "regions/nanjing.ron:{l}:{c}: error: source \"notes.txt\" has no title"
        )),
        "{lines:?}"
    );
    let text = broken("reviewed: \"2026-12-01\"", "reviewed: \"2024-01-01\"");
    let (code, lines) = check(&text, "en");
    assert_eq!(code, 0, "a review due is a warning");
    let (l, c) = at(&text, "reviewed: \"2024");
    assert!(
        lines[0].starts_with(&format!(
            "regions/nanjing.ron:{l}:{c}: warning: due for review"
        )),
        "{lines:?}"
    );
}

#[test]
fn a_syntax_error_is_located_and_the_rest_still_loads() {
    let text = broken("change: Channel(", "change: Chanel(");
    let (code, lines) = check(&text, "en");
    assert_eq!(code, 1);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("regions/nanjing.ron:"), "{lines:?}");
    // The base flow still loads (the overlay alone is left out).
    let dir = folder(&text);
    let out = Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(["--lang", "en", "--flows"])
        .arg(dir.path())
        .arg("list")
        .env("BANSHI_DATA_DIR", dir.path().join("data"))
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        listed.lines().any(|l| l.starts_with("test-filing\t")),
        "{listed}"
    );
}

#[test]
fn a_helpdesk_folder_of_overlays_alone_is_checked_against_the_shipped_flows() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("regions")).unwrap();
    let overlay = r#"Overlay(
    region: "nanjing",
    flows: [(flow: "card-activate", changes: [(
        step: "nowhere",
        source: "001_789a9454e5187436.txt",
        reviewed: "2026-12-01",
        change: Note((zh: "本地", en: "Local")),
    )])],
)"#;
    std::fs::write(dir.path().join("regions/nanjing.ron"), overlay).unwrap();
    let (code, lines) = check_dir(dir.path(), "en");
    let stdout = lines.join("\n");
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains(
            "regions/nanjing.ron:4:9: error: flow \"card-activate\" has no step \"nowhere\""
        ),
        "{stdout}"
    );
}

#[test]
fn profile_bindings_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let bad = FLOW
        .replacen(
            "profile: [\"child\", \"elder\"]",
            "profile: [\"child\", \"grandpa\"]",
            1,
        )
        .replacen("profile: [\"other\"]", "profile: [\"other\", \"child\"]", 1);
    std::fs::write(dir.path().join("test-filing.ron"), &bad).unwrap();
    let (code, lines) = check_dir(dir.path(), "en");
    let stdout = lines.join("\n");
    assert_eq!(code, 1, "{stdout}");
    let (l, c) = at(&bad, "\"grandpa\"");
    assert!(stdout.contains(&format!("test-filing.ron:{l}:{c}: error: \"grandpa\" in step \"who\" is not a value of the bound fact; values are: self, child, elder, other")), "{stdout}");
    assert!(
        stdout.contains(
            "\"child\" is listed under two options of step \"who\" (first under \"family\")"
        ),
        "{stdout}"
    );
}

/// A local name an overlay gives (我的南京) finds its base flow in search,
/// from a helpdesk's folder of overlays as well.
#[test]
fn a_local_name_finds_its_flow() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/localized");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(["--flows", fixtures, "--lang", "zh-CN", "search", "我的南京"])
        .env_remove("BANSHI_DATA_DIR")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().next(),
        Some("test-filing\t测试：异地备案"),
        "{stdout}"
    );
}
