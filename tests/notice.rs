//! The 一次性告知单 (`banshi print --notice`): goldens in both languages and
//! every format, the 80-column rule on every route of every shipped flow, the
//! QR code decoded back to its text (rqrr, from a bitmap drawn from the text
//! printout's half-blocks and from the HTML page's SVG), the documented
//! shortening, and the command line.

use std::process::{Command, Output};
use std::sync::Arc;

use banshi::date::Date;
use banshi::engine::Session;
use banshi::flow::{Catalog, Flow, Lang, Source, shipped_sources};
use banshi::locale::Locale;
use banshi::render::notice::{self, Detail, Options};
use banshi::render::{Format, Summary, TEXT_WIDTH, display_width};
use unicode_width::UnicodeWidthStr;

const PRINTED: Date = Date {
    year: 2026,
    month: 12,
    day: 1,
};

const COUNTER: &str = "3号窗口 工号 0412";

fn catalog(sources: &[Source]) -> Catalog {
    let c = Catalog::from_sources(sources, PRINTED);
    let errors: Vec<String> = c.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    c
}

fn shipped() -> Catalog {
    catalog(&shipped_sources())
}

/// The frozen copy of a real flow (tests/fixtures/render/), so content edits
/// to the shipped flows do not churn the goldens.
fn fixture_flow() -> Arc<Flow> {
    let c = catalog(&[Source {
        path: "tests/fixtures/render/card-replace-activate.ron".into(),
        text: include_str!("fixtures/render/card-replace-activate.ron").into(),
    }]);
    Arc::new(c.get("card-replace-activate").unwrap().clone())
}

fn session(flow: Arc<Flow>, answers: &[(&str, &str)]) -> Session {
    let mut s = Session::new(flow);
    for (q, o) in answers {
        s.answer(q, o).expect("valid answer");
    }
    s
}

/// Every route of a flow (the largest shipped flow has 81).
fn all_routes(flow: &Flow) -> Vec<Session> {
    Session::new(Arc::new(flow.clone())).routes(512)
}

fn options() -> Options {
    Options::new(Some(COUNTER), false)
}

// ---- decoding ----

/// Decodes the QR codes in a bitmap (true = dark), drawn 4 pixels a module
/// with 4 light modules round it, as a camera would see a clean print.
fn decode(bitmap: &[Vec<bool>]) -> Vec<String> {
    const SCALE: usize = 4;
    const MARGIN: usize = 4;
    let h = bitmap.len();
    let w = bitmap.iter().map(Vec::len).max().unwrap_or(0);
    let (pw, ph) = ((w + 2 * MARGIN) * SCALE, (h + 2 * MARGIN) * SCALE);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(pw, ph, |x, y| {
        let (mx, my) = (x / SCALE, y / SCALE);
        let dark = mx >= MARGIN
            && my >= MARGIN
            && bitmap
                .get(my - MARGIN)
                .and_then(|r| r.get(mx - MARGIN))
                .copied()
                .unwrap_or(false);
        if dark { 0 } else { 255 }
    });
    img.detect_grids()
        .into_iter()
        .map(|g| g.decode().expect("the code decodes").1)
        .collect()
}

fn is_block_line(line: &str) -> bool {
    !line.trim().is_empty() && line.chars().all(|c| matches!(c, ' ' | '▀' | '▄' | '█'))
}

/// The half-block code in a text printout as a bitmap: each character is a
/// module wide and two high.
fn text_bitmap(text: &str) -> Vec<Vec<bool>> {
    let lines: Vec<&str> = text.lines().filter(|l| is_block_line(l)).collect();
    let mut rows = Vec::new();
    for l in lines {
        let top: Vec<bool> = l.chars().map(|c| matches!(c, '▀' | '█')).collect();
        let bottom: Vec<bool> = l.chars().map(|c| matches!(c, '▄' | '█')).collect();
        rows.push(top);
        rows.push(bottom);
    }
    rows
}

/// The inline SVG code in an HTML page as a bitmap (our path: `M x y h w v1
/// h-w z` per run of dark modules).
fn svg_bitmap(html: &str) -> Vec<Vec<bool>> {
    let vb = html.split("viewBox=\"0 0 ").nth(1).expect("an SVG code");
    let n: usize = vb.split(' ').next().unwrap().parse().unwrap();
    let d = html
        .split("<path fill=\"#000\" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let mut bitmap = vec![vec![false; n]; n];
    for run in d.split('M').filter(|r| !r.is_empty()) {
        let (xy, rest) = run.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let w: usize = rest.split('v').next().unwrap().parse().unwrap();
        for cell in &mut bitmap[y][x..x + w] {
            *cell = true;
        }
    }
    bitmap
}

// ---- goldens ----

#[test]
fn goldens_in_both_languages_and_every_format() {
    let s = Summary::new(
        &session(fixture_flow(), &[("function", "both")]),
        Some("张小伟"),
        PRINTED,
    );
    for lang in Lang::ALL {
        let l = Locale::get(lang);
        for format in Format::ALL {
            let out = notice::notice(format, &s, l, &options());
            insta::assert_snapshot!(format!("notice-{}-{}", lang.tag(), format.extension()), out);
        }
    }
}

#[test]
fn the_header_masks_the_name_unless_staff_choose_the_full_name() {
    let s = Summary::new(
        &session(fixture_flow(), &[("function", "both")]),
        Some("张小伟"),
        PRINTED,
    );
    let l = Locale::get(Lang::ZhCn);
    for format in Format::ALL {
        let masked = notice::notice(format, &s, l, &options());
        let shown = if format == Format::Markdown {
            "张\\*伟"
        } else {
            "张*伟"
        };
        assert!(
            masked.contains(shown) && !masked.contains("张小伟"),
            "{format:?}"
        );
        let full = notice::notice(format, &s, l, &Options::new(Some(COUNTER), true));
        assert!(full.contains("张小伟"), "{format:?}");
        // The QR text never carries the name.
        assert!(!notice::qr_text(&s, l, Detail::Full).contains('张'));
    }
    let en = Summary::new(
        &session(fixture_flow(), &[("function", "both")]),
        Some("Li Lei"),
        PRINTED,
    );
    let t = notice::notice(Format::Text, &en, Locale::get(Lang::En), &options());
    assert!(t.contains("L** L**") && !t.contains("Li Lei"), "{t}");
}

#[test]
fn sections_come_in_the_order_of_the_rule_and_the_footer_has_the_counter() {
    let s = Summary::new(
        &session(fixture_flow(), &[("function", "both")]),
        None,
        PRINTED,
    );
    for lang in Lang::ALL {
        let l = Locale::get(lang);
        for format in Format::ALL {
            let out = notice::notice(format, &s, l, &options());
            let mut at = 0;
            for key in [
                "notice.s_matter",
                "notice.s_conditions",
                "notice.s_steps",
                "notice.s_materials",
                "notice.s_places",
                "notice.s_limits",
                "notice.s_contact",
                "notice.counter",
            ] {
                let pos = out[at..]
                    .find(l.t(key))
                    .unwrap_or_else(|| panic!("{key} after {at} in {format:?} {lang:?}"));
                at += pos;
            }
            assert!(out[at..].contains(COUNTER), "{format:?}");
            assert!(out[at..].contains("2026-11-23"), "reviewed date");
            assert!(out.contains("12393"), "the 医保 hotline");
            assert!(out.contains(l.t("notice.fees_local")), "fees");
            // Source file names never reach the citizen.
            assert!(!out.contains(".txt"), "{format:?}");
        }
    }
}

#[test]
fn without_a_counter_the_footer_has_a_blank_to_fill_in() {
    let s = Summary::new(&session(fixture_flow(), &[]), None, PRINTED);
    let l = Locale::get(Lang::ZhCn);
    let t = notice::notice(Format::Text, &s, l, &Options::default());
    assert!(
        t.contains(&format!("受理窗口 / 工号：{}", l.t("notice.blank"))),
        "{t}"
    );
    let h = notice::notice(Format::Html, &s, l, &Options::default());
    assert!(h.contains("<span class=\"blank\"></span>"));
}

// ---- 80 columns ----

#[test]
fn every_route_of_every_shipped_flow_fits_80_columns() {
    let c = shipped();
    let mut checked = 0;
    for flow in c.flows() {
        for s in all_routes(flow) {
            let sum = Summary::new(&s, Some("欧阳小明"), PRINTED);
            for lang in Lang::ALL {
                let text = notice::text(&sum, Locale::get(lang), &options());
                for line in text.lines() {
                    // The code's block characters are one column in a
                    // terminal; the rest is counted as printed (CJK and
                    // ambiguous characters two).
                    let w = if is_block_line(line) {
                        UnicodeWidthStr::width(line)
                    } else {
                        display_width(line)
                    };
                    assert!(
                        w <= TEXT_WIDTH,
                        "{} ({lang:?}): {w} columns: {line}",
                        flow.id
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 32, "{checked}");
}

// ---- the QR code ----

#[test]
fn the_text_and_html_codes_decode_to_the_checklist_for_every_shipped_flow() {
    let c = shipped();
    for flow in c.flows() {
        let routes = all_routes(flow);
        // The default route and the one with the most materials.
        let most = routes
            .iter()
            .max_by_key(|s| Summary::new(s, None, PRINTED).materials().count())
            .unwrap()
            .clone();
        for s in [Session::new(Arc::new(flow.clone())), most] {
            let sum = Summary::new(&s, Some("王芳"), PRINTED);
            for lang in Lang::ALL {
                let l = Locale::get(lang);
                let text = notice::text(&sum, l, &options());
                let want = notice::text_code(&sum, l).expect("a code fits 80 columns");
                assert_eq!(
                    decode(&text_bitmap(&text)),
                    vec![want.text.clone()],
                    "{} text {lang:?}",
                    flow.id
                );
                for m in sum.materials() {
                    assert!(want.text.contains(m.label.get(lang)), "{}", flow.id);
                }

                let html = notice::html(&sum, l, &options());
                let want = notice::html_code(&sum, l).expect("a code fits the page");
                assert_eq!(
                    decode(&svg_bitmap(&html)),
                    vec![want.text],
                    "{} html {lang:?}",
                    flow.id
                );
            }
        }
    }
}

#[test]
fn the_code_carries_title_materials_by_place_deadlines_and_hotline() {
    let s = Summary::new(
        &session(fixture_flow(), &[("function", "both")]),
        None,
        PRINTED,
    );
    let l = Locale::get(Lang::ZhCn);
    let html = notice::html(&s, l, &options());
    let decoded = decode(&svg_bitmap(&html)).remove(0);
    println!("decoded:\n{decoded}");
    assert!(decoded.starts_with(&s.title.zh));
    for g in &s.places {
        assert!(decoded.contains(l.t(g.place.locale_key())));
        for m in &g.materials {
            assert!(decoded.contains(&m.label.zh));
        }
    }
    assert!(decoded.contains("12393"));
    for d in &s.deadlines {
        assert!(decoded.contains(&d.zh), "{d:?}");
    }
    assert!(!decoded.contains("http"));
}

/// A flow with `materials` long materials, each with a long note, and long
/// deadlines: too much for one code at full detail.
fn long_flow(materials: usize) -> Arc<Flow> {
    let items: String = (0..materials)
        .map(|i| {
            format!(
                "(id: \"m{i}\", label: (zh: \"第{i}号证明材料（原件和复印件）\", en: \"Certificate number {i} (original and copy)\"), \
                 note: (zh: \"{note}\", en: \"{note_en}\"), material: (originals: 1, copies: 2, at: {place})),",
                note = "这是一段很长的备注，说明这份材料在哪里开具、要盖什么章、有效期多久。".repeat(2),
                note_en = "A long note on where to get this, which stamp it needs and how long it is valid. ".repeat(2),
                place = ["Bank", "SocialSecurity", "MedicalInsurance", "Hospital"][i % 4],
            )
        })
        .collect();
    let deadline =
        "材料准备齐全后，一般在二十个工作日内办结；遇到节假日顺延，具体以当地规定为准。".repeat(3);
    let text = format!(
        r#"Flow(
    id: "long-notice",
    title: (zh: "很长的告知单", en: "A long notice"),
    summary: (zh: "测试", en: "Test"),
    category: Remote,
    sources: ["test.txt"],
    reviewed: "2026-11-01",
    region_note: (zh: "各地不同。", en: "Rules differ by region."),
    steps: [
        (id: "docs", title: (zh: "准备材料", en: "Materials"),
         deadlines: [(zh: "{deadline}", en: "Within twenty working days.")],
         kind: Checklist(items: [{items}])),
    ],
)"#
    );
    let c = catalog(&[Source {
        path: "long.ron".into(),
        text,
    }]);
    Arc::new(c.get("long-notice").unwrap().clone())
}

#[test]
fn a_long_checklist_is_shortened_in_the_documented_order_keeping_every_material() {
    let s = Summary::new(&session(long_flow(3), &[]), None, PRINTED);
    let l = Locale::get(Lang::ZhCn);
    let full = notice::qr_text(&s, l, Detail::Full);
    let fitted = notice::text_code(&s, l).expect("shortened, not failed");
    assert!(fitted.detail > Detail::Full, "{:?}", fitted.detail);
    assert!(fitted.text.len() < full.len());
    assert_eq!(fitted.text, notice::qr_text(&s, l, fitted.detail));
    for m in s.materials() {
        assert!(fitted.text.contains(&m.label.zh), "{}", m.label.zh);
    }
    assert!(!fitted.text.contains("很长的备注"), "notes go first");
    // The printout says what the code leaves out, and still decodes.
    let text = notice::text(&s, l, &options());
    assert!(text.contains("码里的清单略去了"), "{text}");
    assert_eq!(decode(&text_bitmap(&text)), vec![fitted.text]);
    // Each level is shorter than the one before.
    let lens: Vec<usize> = Detail::LADDER
        .iter()
        .map(|d| notice::qr_text(&s, l, *d).len())
        .collect();
    assert!(lens.windows(2).all(|w| w[0] > w[1]), "{lens:?}");
}

#[test]
fn a_checklist_too_long_for_any_code_prints_without_one_and_says_so() {
    let s = Summary::new(&session(long_flow(200), &[]), None, PRINTED);
    for lang in Lang::ALL {
        let l = Locale::get(lang);
        assert!(notice::text_code(&s, l).is_none());
        let text = notice::text(&s, l, &options());
        assert!(text.contains(l.t("notice.qr_none")));
        assert!(!text.lines().any(is_block_line));
        let html = notice::html(&s, l, &options());
        assert!(html.contains(l.t("notice.qr_none")) && !html.contains("<svg"));
    }
}

// ---- the command line ----

fn banshi(args: &[&str], env: &[(&str, &str)]) -> Output {
    let data = tempfile::tempdir().unwrap();
    let mut c = Command::new(env!("CARGO_BIN_EXE_banshi"));
    c.args(args)
        .env("BANSHI_DATA_DIR", data.path())
        .env_remove("BANSHI_LANG")
        .env_remove("BANSHI_COUNTER")
        .env("LC_ALL", "en_US.UTF-8");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("banshi runs")
}

#[test]
fn print_notice_takes_the_counter_from_the_option_or_the_environment() {
    let o = banshi(
        &[
            "--lang",
            "zh-CN",
            "print",
            "card-lost-replace",
            "--notice",
            "--counter",
            COUNTER,
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("一次性告知单") && out.contains(COUNTER),
        "{out}"
    );

    let o = banshi(
        &["print", "card-lost-replace", "--notice", "--format", "html"],
        &[("BANSHI_COUNTER", "Counter 7, staff 0031")],
    );
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("Counter 7, staff 0031") && out.contains("<svg"),
        "{out}"
    );

    // --counter belongs to the notice.
    let o = banshi(&["print", "card-lost-replace", "--counter", "x"], &[]);
    assert_eq!(o.status.code(), Some(2));
}
