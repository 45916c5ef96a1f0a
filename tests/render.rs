//! The printable checklist: golden files of every format for two flows in
//! both languages, the 80-column rule, and the HTML's structure.
//!
//! The printed date is pinned; one flow is defined here so the goldens do not
//! change when shipped content changes.

use std::sync::Arc;

use banshi::date::Date;
use banshi::engine::Session;
use banshi::flow::{Catalog, Flow, How, Lang, Office, Place, Source, Text, shipped_sources};
use banshi::locale::Locale;
use banshi::render::{self, Format, Summary, TEXT_WIDTH, display_width};
use unicode_width::UnicodeWidthStr;

const PRINTED: Date = Date {
    year: 2026,
    month: 12,
    day: 1,
};

/// A flow with every feature a printout shows: a material used at two
/// places, copies, an optional item, a note, a to-do, deadlines, warnings,
/// conditional steps and items, and text that needs escaping.
const TEST_FLOW: &str = r#"
Flow(
    id: "test-print",
    title: (zh: "测试：异地就医备案", en: "Test: filing for care in another city"),
    summary: (zh: "测试用流程", en: "A flow for tests"),
    category: Remote,
    keywords: ["test"],
    sources: ["test-source.txt", "000_dedf4d4433344739.txt", "通知 <第 3 号> & \"说明\""],
    reviewed: "2026-01-15",
    related: ["card-lost-replace", "card-replace-activate"],
    hotlines: [Medical, Card],
    region_note: (
        zh: "备案的有效期和所需材料各地不同，出发前请拨打 12333 或咨询参保地医保经办机构。",
        en: "How long a filing lasts and what it needs differ by region; call 12333 or ask the medical-insurance office where you are insured.",
    ),
    steps: [
        (
            id: "intro",
            title: (zh: "先了解备案", en: "About filing"),
            warnings: [(zh: "未备案直接就医，可能无法直接结算。", en: "Without filing first, bills may not be settled directly.")],
            deadlines: [(zh: "备案后 3 个工作日内生效。", en: "A filing takes effect within 3 working days.")],
        ),
        (
            id: "who",
            title: (zh: "谁去办理？", en: "Who goes?"),
            kind: Question(options: [
                (id: "self", label: (zh: "本人", en: "Myself"), next: "self-docs"),
                (id: "agent", label: (zh: "家属代办", en: "A relative, on my behalf"), next: "agent-docs"),
            ]),
        ),
        (
            id: "self-docs",
            title: (zh: "本人办理要带的", en: "What to bring yourself"),
            kind: Checklist(items: [
                (id: "id-card", label: (zh: "本人身份证", en: "Your ID card"), material: (originals: 1, at: MedicalInsurance)),
                (id: "photo", label: (zh: "一寸照片", en: "Passport photos"), required: false, material: (copies: 2, at: SocialSecurity)),
                (id: "fill-form", label: (zh: "填写《异地就医备案表》", en: "Fill in the filing form")),
            ]),
            next: "where",
        ),
        (
            id: "agent-docs",
            title: (zh: "代办要带的", en: "What a relative brings"),
            place: MedicalInsurance,
            office: Insured,
            action: (zh: "代办人在窗口递交委托书和双方身份证", en: "The relative hands in the letter of authority and both ID cards at the counter"),
            kind: Checklist(items: [
                (id: "id-card", label: (zh: "本人身份证", en: "Your ID card"), material: (originals: 1, at: MedicalInsurance)),
                (id: "agent-id", label: (zh: "代办人身份证", en: "The relative's ID card"), material: (originals: 1, at: MedicalInsurance)),
                (
                    id: "letter",
                    label: (zh: "委托书 <签字> & 手印", en: "A signed letter of authority <with fingerprint> & date"),
                    note: (zh: "写明代办事项和日期。", en: "State what is to be done and the date."),
                    material: (originals: 1, copies: 1, at: MedicalInsurance),
                ),
                (id: "letter-photo", label: (zh: "委托书照片", en: "A photo of the letter"), material: (how: Upload, at: Online)),
            ]),
            next: "where",
        ),
        (
            id: "where",
            title: (zh: "在哪里办？", en: "Where do you file?"),
            kind: Question(options: [
                (id: "counter", label: (zh: "窗口办理", en: "At the counter")),
                (id: "online", label: (zh: "线上办理", en: "Online")),
            ]),
        ),
        (
            id: "counter",
            title: (zh: "到就医医院登记", en: "Register at the hospital"),
            when: Answer("where", "counter"),
            place: Hospital,
            action: (zh: "入院后到医院医保窗口登记", en: "Register at the hospital's insurance desk after admission"),
            deadlines: [(zh: "入院后 5 日内到医保窗口登记。", en: "Register at the hospital's insurance desk within 5 days of admission.")],
            kind: Checklist(items: [
                (id: "id-card", label: (zh: "本人身份证", en: "Your ID card"), material: (originals: 1, copies: 1, at: Hospital)),
                (id: "e-voucher", label: (zh: "医保电子凭证", en: "The medical-insurance e-voucher"), material: (how: Show, at: Hospital)),
                (
                    id: "proof",
                    label: (zh: "居住证明", en: "Proof of residence"),
                    when: Answer("who", "agent"),
                    material: (copies: 1, at: Hospital),
                ),
            ]),
        ),
        (
            id: "online",
            title: (zh: "在 App 上提交", en: "Submit in the app"),
            when: Answer("where", "online"),
            kind: Checklist(items: [
                (id: "phone", label: (zh: "装有国家医保服务平台 App 的手机", en: "A phone with the national medical-insurance app"), material: (originals: 1, at: Online)),
            ]),
        ),
        (
            id: "done",
            title: (zh: "办完以后", en: "Afterwards"),
            place: MedicalInsurance,
            office: Treatment,
            action: (zh: "有疑问到就医地医保部门咨询", en: "Ask the medical-insurance office where you are treated if in doubt"),
            facts: ["regions-differ"],
            warnings: [(zh: "备案信息有变化要及时变更。", en: "Update the filing when your details change.")],
        ),
    ],
)
"#;

fn catalog(extra: &[(&str, &str)]) -> Catalog {
    let mut sources = shipped_sources();
    for (path, text) in extra {
        sources.push(Source {
            path: (*path).into(),
            text: (*text).into(),
        });
    }
    let c = Catalog::from_sources(&sources, PRINTED);
    let errors: Vec<String> = c.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    c
}

fn flow(id: &str, extra: &[(&str, &str)]) -> Arc<Flow> {
    Arc::new(catalog(extra).get(id).expect("flow loads").clone())
}

fn session(flow: Arc<Flow>, answers: &[(&str, &str)]) -> Session {
    let mut s = Session::new(flow);
    for (q, o) in answers {
        s.answer(q, o).expect("valid answer");
        s.advance().expect("answered");
    }
    s
}

/// A real flow, frozen as a fixture (tests/fixtures/render/) so that
/// content edits to the shipped copy do not churn the goldens.
fn real_flow() -> Arc<Flow> {
    let c = Catalog::from_sources(
        &[Source {
            path: "tests/fixtures/render/card-replace-activate.ron".into(),
            text: include_str!("fixtures/render/card-replace-activate.ron").into(),
        }],
        PRINTED,
    );
    assert_eq!(c.errors().count(), 0, "{:#?}", c.diagnostics);
    Arc::new(
        c.get("card-replace-activate")
            .expect("fixture loads")
            .clone(),
    )
}

/// The real flow, both functions; no name.
fn shipped_summary() -> Summary {
    let f = real_flow();
    Summary::new(&session(f, &[("function", "both")]), None, PRINTED)
}

/// The test flow: a relative files at the counter; `where` left open (assumed).
fn test_summary() -> Summary {
    let f = flow("test-print", &[("tests/test-print.ron", TEST_FLOW)]);
    Summary::new(
        &session(f, &[("who", "agent")]),
        Some("王芳 <Wang Fang>"),
        PRINTED,
    )
}

#[test]
fn goldens_for_every_format_flow_and_language() {
    for (name, summary) in [("shipped", shipped_summary()), ("test", test_summary())] {
        for lang in Lang::ALL {
            let l = Locale::get(lang);
            for format in Format::ALL {
                let snap = format!("{name}-{}-{}", lang.tag(), format.extension());
                insta::assert_snapshot!(snap, render::render(format, &summary, l));
            }
        }
    }
}

#[test]
fn a_material_used_at_two_places_is_listed_once_under_the_first() {
    let s = test_summary();
    let id_lines: Vec<_> = s.materials().filter(|m| m.id == "id-card").collect();
    assert_eq!(id_lines.len(), 1);
    let m = id_lines[0];
    assert_eq!(m.also_at, [Place::Hospital]);
    assert_eq!((m.originals, m.copies), (1, 1));
    let places: Vec<(Place, Option<Office>)> =
        s.places.iter().map(|g| (g.place, g.office)).collect();
    assert_eq!(
        places,
        [
            (Place::MedicalInsurance, Some(Office::Insured)),
            (Place::Online, None),
            (Place::Hospital, None),
            (Place::MedicalInsurance, Some(Office::Treatment)),
        ]
    );
    // The assumed answer is the open question's first option.
    let where_ = s.answers.iter().find(|a| a.question_id == "where").unwrap();
    assert!(where_.assumed && where_.option_id == "counter");
    assert!(!s.answers[0].assumed);
    // A to-do of a step off the route is not listed; deadlines come from the route.
    assert!(s.steps.iter().all(|st| st.todos.is_empty()));
    assert_eq!(s.deadlines.len(), 2);
}

#[test]
fn places_say_what_to_do_there_and_whose_office_they_are() {
    let s = test_summary();
    let actions: Vec<Vec<&str>> = s
        .places
        .iter()
        .map(|g| g.actions.iter().map(|a| a.en.as_str()).collect())
        .collect();
    assert_eq!(
        actions,
        [
            vec!["The relative hands in the letter of authority and both ID cards at the counter"],
            vec![],
            vec!["Register at the hospital's insurance desk after admission"],
            vec!["Ask the medical-insurance office where you are treated if in doubt"],
        ]
    );
    let zh = render::text(&s, Locale::get(Lang::ZhCn));
    assert!(
        zh.contains("[医保经办机构（参保地）]\n  要做：代办人在窗口递交委托书和双方身份证\n"),
        "{zh}"
    );
    assert!(zh.contains("[医保经办机构（就医地）]"), "{zh}");
    let en = render::text(&s, Locale::get(Lang::En));
    assert!(
        en.contains("[Medical-insurance office (where you are insured)]\n  Do: The relative"),
        "{en}"
    );
}

#[test]
fn items_are_printed_by_how_they_are_handed_over() {
    let s = test_summary();
    let how = |id: &str| s.materials().find(|m| m.id == id).unwrap().how;
    assert_eq!(
        [how("id-card"), how("letter-photo"), how("e-voucher")],
        [How::Bring, How::Upload, How::Show]
    );
    let zh = render::text(&s, Locale::get(Lang::ZhCn));
    assert!(zh.contains("☐ 委托书照片\n     拍照上传，必需\n"), "{zh}");
    assert!(
        zh.contains("☐ 医保电子凭证\n     在手机上出示，必需\n"),
        "{zh}"
    );
    assert!(
        zh.contains("☐ 本人身份证\n     原件 1 份，复印件 1 份，必带\n"),
        "{zh}"
    );
    let md = render::markdown(&s, Locale::get(Lang::En));
    assert!(
        md.contains("- [ ] **A photo of the letter**: upload a photo, required"),
        "{md}"
    );
}

#[test]
fn hotlines_related_and_sources_come_from_the_flow_never_file_names() {
    let s = test_summary();
    assert_eq!(s.hotlines.len(), 2);
    assert!(s.hotlines[0].zh.starts_with("12393"));
    assert!(s.hotlines[1].zh.starts_with("12333"));
    assert!(s.hotline_note.as_ref().unwrap().zh.contains("010-12393"));
    let related: Vec<&str> = s.related.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(related, ["card-lost-replace", "card-replace-activate"]);
    assert_eq!(
        s.sources,
        [
            Text::new(
                "《医保卡换卡后需要重新激活吗》",
                "“医保卡换卡后需要重新激活吗” (Does a replacement medical-insurance card need activating again?)"
            ),
            Text::new("通知 <第 3 号> & \"说明\"", "通知 <第 3 号> & \"说明\""),
        ]
    );
    for lang in Lang::ALL {
        let l = Locale::get(lang);
        for format in Format::ALL {
            let out = render::render(format, &s, l);
            assert!(!out.contains(".txt") && !out.contains("000_"), "{out}");
            assert!(!out.contains("资料来源"), "{out}");
            assert_eq!(out.matches("010-12393").count(), 1, "worded once: {out}");
            assert!(
                out.contains("换卡后激活新医保卡")
                    || out.contains("Activate your new card after a replacement")
            );
        }
    }
    // Only 12333 when the flow says only the card line: no area-code note.
    let card_only = TEST_FLOW.replace("hotlines: [Medical, Card]", "hotlines: [Card]");
    let f = flow("test-print", &[("tests/test-print.ron", &card_only)]);
    let s = Summary::new(&Session::new(f), None, PRINTED);
    assert_eq!(s.hotlines.len(), 1);
    assert!(s.hotlines[0].zh.starts_with("12333") && s.hotline_note.is_none());
    let text = render::text(&s, Locale::get(Lang::ZhCn));
    assert!(!text.contains("12393"), "{text}");
}

#[test]
fn the_shipped_flow_only_asks_for_the_bank_things_when_the_bank_is_chosen() {
    let f = real_flow();
    let medical = Summary::new(
        &session(f.clone(), &[("function", "medical")]),
        None,
        PRINTED,
    );
    let ids: Vec<&str> = medical.materials().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["new-card"]);
    let both = shipped_summary();
    let ids: Vec<&str> = both.materials().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["new-card", "id-card"]);
    assert_eq!(both.places[0].place, Place::Hospital);
    assert_eq!(both.places[0].materials[0].also_at, [Place::Bank]);
}

const LONG_FLOW: &str = r#"
Flow(
    id: "long-lines",
    title: (
        zh: "这是一个标题非常非常长的办事流程，用来检查打印的纯文本清单在八十列以内能否正确换行而不会把任何一个汉字拆开",
        en: "A procedure whose title is very long indeed, so that the plain-text checklist must wrap it within eighty columns",
    ),
    summary: (zh: "长行测试", en: "Long lines"),
    category: Card,
    keywords: ["long"],
    sources: ["https://example.invalid/a/very/long/path/that/has/no/spaces/at/all/and/goes/on/and/on/for/more/than/eighty/columns.html"],
    reviewed: "2026-06-01",
    region_note: (
        zh: "各地规定不同（包括材料、地点、时限、是否可以代办、是否可以线上办理等等），请务必在出发前拨打 12333 或者咨询当地医保经办机构，以免白跑一趟。",
        en: "Rules differ by region (materials, places, time limits, whether someone may act for you, whether it can be done online, and so on); call 12333 or ask your local office before you go so that you do not make the trip for nothing.",
    ),
    steps: [
        (
            id: "docs",
            title: (zh: "准备材料：身份证、户口簿、医保卡、银行卡、一寸免冠照片、单位证明、居住证明、委托书等", en: "Prepare the documents: ID card, household register, insurance card, bank card, photos, employer's letter, proof of residence, letter of authority"),
            warnings: [(zh: "注意：Supercalifragilisticexpialidocious-Antidisestablishmentarianism-Pneumonoultramicroscopicsilicovolcanoconiosis 这种超长英文单词没有空格，也必须被拆开。", en: "Take care: Supercalifragilisticexpialidocious-Antidisestablishmentarianism-Pneumonoultramicroscopicsilicovolcanoconiosis has no spaces and must still be split.")],
            kind: Checklist(items: [
                (
                    id: "household",
                    label: (zh: "户口簿（首页和本人页）原件及复印件，复印件需要在每一页的空白处签上本人姓名并注明“与原件一致”以及日期", en: "The household register (the first page and your own page), original and copies; sign each copy in the margin and write 'same as the original' and the date"),
                    note: (zh: "如户口簿不在本人手中，可以用派出所出具的户籍证明代替，户籍证明需要加盖公章并在有效期内，一般为三个月。", en: "If you do not hold the household register, a certificate of household registration from the police station will do; it must carry the official seal and be less than three months old."),
                    material: (originals: 1, copies: 12, at: SocialSecurity),
                ),
                (
                    id: "household-2",
                    label: (zh: "户口簿户口簿户口簿户口簿户口簿户口簿户口簿户口簿户口簿户口簿户口簿户口簿户口簿户口簿户口簿户口簿", en: "x"),
                    material: (copies: 1, at: Community),
                ),
            ]),
        ),
    ],
)
"#;

#[test]
fn no_text_line_is_wider_than_80_columns() {
    let long = flow("long-lines", &[("tests/long.ron", LONG_FLOW)]);
    let summaries = [
        shipped_summary(),
        test_summary(),
        Summary::new(
            &Session::new(long),
            Some(
                "欧阳娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜",
            ),
            PRINTED,
        ),
    ];
    for s in &summaries {
        for lang in Lang::ALL {
            let out = render::text(s, Locale::get(lang));
            for line in out.lines() {
                assert!(
                    display_width(line) <= TEXT_WIDTH && line.width() <= TEXT_WIDTH,
                    "{} columns: {line:?}",
                    display_width(line)
                );
                assert!(!line.contains('\u{FFFD}'), "split character in {line:?}");
            }
            // Nothing lost in the wrapping: the long note is all there.
            let flat: String = out.split_whitespace().collect();
            for m in s.materials() {
                let label: String = m.label.get(lang).split_whitespace().collect();
                assert!(flat.contains(&label), "{label} missing");
            }
        }
    }
}

#[test]
fn the_html_parses_and_contains_every_material() {
    use scraper::{Html, Selector};
    for s in [shipped_summary(), test_summary()] {
        for lang in Lang::ALL {
            let page = render::html(&s, Locale::get(lang));
            let doc = Html::parse_document(&page);
            let html = doc
                .select(&Selector::parse("html").unwrap())
                .next()
                .unwrap();
            assert_eq!(html.value().attr("lang"), Some(lang.tag()));
            let items: Vec<String> = doc
                .select(&Selector::parse(".items li .label").unwrap())
                .map(|e| e.text().collect())
                .collect();
            let labels: Vec<&str> = s.materials().map(|m| m.label.get(lang)).collect();
            assert_eq!(
                items, labels,
                "every material once, in order, text unescaped"
            );
            let boxes = doc
                .select(&Selector::parse(".items li .box").unwrap())
                .count();
            assert!(boxes >= labels.len());
            // Self-contained and printable.
            for bad in ["script", "link", "img", "iframe", "input"] {
                assert_eq!(
                    doc.select(&Selector::parse(bad).unwrap()).count(),
                    0,
                    "<{bad}>"
                );
            }
            assert!(!page.contains("http://") && !page.contains("https://"));
            assert!(!page.contains("url("));
            assert!(page.contains("@page { size: A4"));
            assert!(page.contains("@media print"));
            assert!(page.contains("break-inside: avoid"));
            if let Some(p) = &s.person {
                let header: String = doc
                    .select(&Selector::parse("header").unwrap())
                    .next()
                    .unwrap()
                    .text()
                    .collect();
                assert!(header.contains(p.as_str()));
            }
        }
    }
}

#[test]
fn markdown_is_a_task_list_with_every_material() {
    let s = test_summary();
    let md = render::markdown(&s, Locale::get(Lang::En));
    let tasks: Vec<&str> = md.lines().filter(|l| l.starts_with("- [ ] ")).collect();
    assert_eq!(tasks.len(), s.materials().count());
    assert!(md.contains(r"A signed letter of authority \<with fingerprint\> \& date"));
}

#[test]
fn write_uses_a_safe_new_file_name_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = test_summary();
    s.person = Some("../王 芳/..".into());
    let l = Locale::get(Lang::ZhCn);
    let a = render::write(Format::Html, &s, l, dir.path()).unwrap();
    let b = render::write(Format::Html, &s, l, dir.path()).unwrap();
    assert_ne!(a, b);
    for p in [&a, &b] {
        assert_eq!(p.parent(), Some(dir.path()));
        assert_eq!(std::fs::read_to_string(p).unwrap(), render::html(&s, l));
    }
    let name = a.file_name().unwrap().to_str().unwrap();
    assert_eq!(name, "test-print-___王_芳___-2026-12-01.zh-CN.html");
    assert!(b.to_str().unwrap().ends_with("-2.html"));
}

#[cfg(unix)]
#[test]
fn written_printouts_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = render::write(
        Format::Text,
        &test_summary(),
        Locale::get(Lang::En),
        dir.path(),
    )
    .unwrap();
    assert_eq!(
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn banshi_print_carries_the_instructions_of_a_flow_with_the_new_fields() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args([
            "--lang",
            "zh-CN",
            "--flows",
            fixtures,
            "print",
            "card-lost-replace",
        ])
        .env_remove("BANSHI_LANG")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "[社保经办机构 / 社保卡服务网点]\n  要做：在窗口提交补办申请，交上证件和挂失记录\n  要做：交补卡工本费（一般和申请一起交）\n  要做：本人带身份证领新卡，当场核对卡面信息\n  ☐ 本人有效身份证件",
        "拿不准就打电话问：\n- 12333 人社服务热线",
        "\n- 12393 全国医保服务热线",
        "相关业务\n--------\n- 换卡后激活新医保卡\n- 网上申请补办医保卡\n",
        "本清单依据：《医保卡补办流程详细步骤》",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    assert!(
        !text.contains(".txt") && !text.contains("人社、医保服务热线"),
        "{text}"
    );
}
