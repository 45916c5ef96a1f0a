use std::sync::Arc;

use super::*;
use crate::engine::Session;
use crate::flow::{Lang, Source, parse};

const FLOW: &str = r#"
Flow(
    id: "unit",
    title: (zh: "单元", en: "Unit"),
    summary: (zh: "测试", en: "Test"),
    category: Card,
    sources: ["x"],
    reviewed: "2026-01-01",
    region_note: (zh: "各地不同。", en: "Differs."),
    steps: [
        (
            id: "q",
            title: (zh: "选哪个", en: "Which one"),
            deadlines: [(zh: "三天内。", en: "Within 3 days.")],
            kind: Question(options: [
                (id: "a", label: (zh: "甲", en: "A")),
                (id: "b", label: (zh: "乙", en: "B")),
            ]),
        ),
        (
            id: "docs",
            title: (zh: "材料", en: "Documents"),
            deadlines: [(zh: "三天内。", en: "Within 3 days.")],
            kind: Checklist(items: [
                (id: "card", label: (zh: "卡", en: "Card"), material: (originals: 1, at: Bank)),
                (id: "copy", label: (zh: "复印件", en: "Copy"), required: false, when: Answer("q", "b"), material: (copies: 2, at: Bank)),
                (id: "sign", label: (zh: "签字", en: "Sign")),
            ]),
        ),
    ],
)
"#;

fn session() -> Session {
    let flow = parse(&Source {
        path: "unit.ron".into(),
        text: FLOW.into(),
    })
    .expect("parses");
    Session::new(Arc::new(flow))
}

const DAY: Date = Date {
    year: 2026,
    month: 12,
    day: 1,
};

#[test]
fn an_open_question_is_assumed_and_its_first_option_decides_the_materials() {
    let s = Summary::new(&session(), Some("  "), DAY);
    assert_eq!(s.person, None, "a blank name is no name");
    assert_eq!(s.answers.len(), 1);
    assert!(s.answers[0].assumed && s.answers[0].option_id == "a");
    let ids: Vec<&str> = s.materials().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["card"]);
    // Questions are not steps to do; to-dos stay with their step.
    assert_eq!(s.steps.len(), 1);
    assert_eq!(s.steps[0].todos, [Text::new("签字", "Sign")]);
    // The same deadline on two steps is printed once.
    assert_eq!(s.deadlines.len(), 1);
}

#[test]
fn a_given_answer_is_not_assumed_and_can_be_marked_assumed() {
    let mut session = session();
    session.answer("q", "b").unwrap();
    let mut s = Summary::new(&session, Some(" 王芳 "), DAY);
    assert_eq!(s.person.as_deref(), Some("王芳"));
    assert!(!s.has_assumptions());
    let copy = s.materials().find(|m| m.id == "copy").unwrap();
    assert_eq!((copy.copies, copy.required), (2, false));
    s.mark_assumed(&["q".into()]);
    assert!(s.has_assumptions());
}

#[test]
fn html_and_markdown_escape_what_would_change_their_meaning() {
    assert_eq!(
        html::escape("<b> & \"x\" 'y'\u{7}"),
        "&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39;"
    );
    assert_eq!(
        markdown::escape("*a* [b](c) <d> # _e_\nf"),
        r"\*a\* \[b\](c) \<d\> \# \_e\_ f"
    );
}

#[test]
fn facts_and_question_lines_read_naturally_in_both_languages() {
    let mut session = session();
    session.answer("q", "b").unwrap();
    let s = Summary::new(&session, None, DAY);
    let copy = s.materials().find(|m| m.id == "copy").unwrap();
    assert_eq!(facts(copy, Locale::get(Lang::En)), "copies: 2, optional");
    assert_eq!(facts(copy, Locale::get(Lang::ZhCn)), "复印件 2 份，可选");
    let zh = Locale::get(Lang::ZhCn);
    assert_eq!(question_answer("谁去？", "本人", zh).0, "谁去？ ");
    assert_eq!(question_answer("用途", "看病", zh).0, "用途：");
}

#[test]
fn file_names_keep_letters_of_any_script_and_nothing_else() {
    assert_eq!(safe_name("王芳/../x y"), "王芳____x_y");
    assert_eq!(safe_name(""), "_");
    assert_eq!(safe_name(&"长".repeat(100)).chars().count(), 60);
}
