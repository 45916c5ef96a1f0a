//! Citizens never see authoring notes: no source file name (`*.txt`,
//! `000_dedf…`, `facts-outside-seeds.md`) and no note about the sources
//! ("资料说", "有资料", "其中一篇", "one source says", "资料来源", …) in
//! anything a shipped flow shows: its texts, the shared snippets, the source
//! titles, every printout of every route in every format and language, and
//! `banshi show`.
//!
//! The words looked for are [`banshi::flow::AUTHORING_NOTES`]; file names
//! are [`banshi::flow::looks_like_file_name`].

use std::process::Command;
use std::sync::Arc;

use banshi::date::Date;
use banshi::engine::Session;
use banshi::flow::{Catalog, Flow, Lang, Text, leaks};
use banshi::locale::Locale;
use banshi::render::{self, Format, Summary};

/// Shipped flows written before issue #19 that still carry authoring notes;
/// the `writing` branch rewrites them. The test fails when a flow not
/// listed here leaks, and when a listed flow no longer does (then take it
/// off the list): the list only ever shrinks, to empty.
const PENDING_REWRITE: &[&str] = &[];

const PRINTED: Date = Date {
    year: 2026,
    month: 12,
    day: 1,
};

/// Every text of a loaded flow a citizen can see, with where it is.
fn texts(flow: &Flow) -> Vec<(String, &Text)> {
    let mut out: Vec<(String, &Text)> = vec![
        ("title".into(), &flow.title),
        ("summary".into(), &flow.summary),
        ("region_note".into(), &flow.region_note),
    ];
    for s in &flow.steps {
        let at = |what: &str| format!("step \"{}\" {what}", s.id);
        out.push((at("title"), &s.title));
        for (what, list) in [
            ("body (with its facts)", &s.body),
            ("tips", &s.tips),
            ("warnings", &s.warnings),
            ("deadlines", &s.deadlines),
        ] {
            out.extend(list.iter().map(|t| (at(what), t)));
        }
        if let Some(a) = &s.action {
            out.push((at("action"), a));
        }
        for o in s.options() {
            out.push((at(&format!("option \"{}\"", o.id)), &o.label));
            if let Some(h) = &o.hint {
                out.push((at(&format!("option \"{}\" hint", o.id)), h));
            }
        }
        // A date question's deadlines, as written (the day worked out goes
        // in `{date}`) and the note that follows a disputed period.
        for (n, d) in s.derived().iter().enumerate() {
            out.push((
                at(&format!("deadline {} (after {})", n + 1, d.after)),
                &d.text,
            ));
            if let Some(note) = &d.note {
                out.push((at(&format!("deadline {} note", n + 1)), note));
            }
        }
        for i in s.items() {
            out.push((at(&format!("item \"{}\"", i.id)), &i.label));
            if let Some(n) = &i.note {
                out.push((at(&format!("item \"{}\" note", i.id)), n));
            }
        }
    }
    let l = &flow.links;
    out.extend(l.hotlines.iter().map(|t| ("hotlines".to_string(), t)));
    out.extend(
        l.hotline_note
            .iter()
            .map(|t| ("hotline note".to_string(), t)),
    );
    out.extend(l.sources.iter().map(|t| ("source title".to_string(), t)));
    out.extend(l.related.iter().map(|(_, t)| ("related".to_string(), t)));
    out
}

/// What leaks in one flow: `"where: [lang] found … in …"` lines.
fn flow_leaks(flow: &Arc<Flow>) -> Vec<String> {
    let mut found = Vec::new();
    // Line by line, so a printout names the line that leaks.
    let mut check = |where_: &str, text: &str| {
        for line in text.lines() {
            let bad = leaks(line);
            if !bad.is_empty() {
                let short: String = line.trim().chars().take(70).collect();
                found.push(format!("{where_}: {} in \"{short}\"", bad.join(", ")));
            }
        }
    };
    for (where_, t) in texts(flow) {
        check(&format!("{where_} (zh)"), &t.zh);
        check(&format!("{where_} (en)"), &t.en);
    }
    // Every route (the largest shipped flow has 81).
    for mut session in Session::new(Arc::clone(flow)).routes(512) {
        // Every date question answered, so the deadlines worked out from it
        // are printed too.
        for step in flow.steps.iter().filter(|s| s.is_date()) {
            session.set_date(&step.id, "2026-12-03", PRINTED).unwrap();
        }
        let summary = Summary::new(&session, Some("王芳"), PRINTED);
        for lang in Lang::ALL {
            for format in Format::ALL {
                let out = render::render(format, &summary, Locale::get(lang));
                check(
                    &format!("printout ({}, {})", lang.tag(), format.extension()),
                    &out,
                );
            }
        }
    }
    for lang in Lang::ALL {
        let out = Command::new(env!("CARGO_BIN_EXE_banshi"))
            .args(["--lang", lang.tag(), "show", &flow.id])
            .env_remove("BANSHI_LANG")
            .output()
            .unwrap();
        assert!(out.status.success());
        check(
            &format!("banshi show ({})", lang.tag()),
            &String::from_utf8_lossy(&out.stdout),
        );
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn shipped_flows_show_no_file_names_or_authoring_notes() {
    let catalog = Catalog::load(None, Date::today());
    assert!(catalog.errors().next().is_none());
    let mut leaking = Vec::new();
    let mut cleaned = Vec::new();
    for flow in catalog.flows() {
        let found = flow_leaks(&Arc::new(flow.clone()));
        let pending = PENDING_REWRITE.contains(&flow.id.as_str());
        if !found.is_empty() && !pending {
            leaking.push(format!("flows/{}.ron:\n  {}", flow.id, found.join("\n  ")));
        }
        if found.is_empty() && pending {
            cleaned.push(flow.id.clone());
        }
    }
    assert!(
        leaking.is_empty(),
        "citizens would see these (write them in plain words; keep provenance in `sources`):\n{}",
        leaking.join("\n")
    );
    assert!(
        cleaned.is_empty(),
        "these flows are clean now: take them off PENDING_REWRITE in tests/citizen_text.rs: {cleaned:?}"
    );
    for id in PENDING_REWRITE {
        assert!(catalog.get(id).is_some(), "{id} is not a shipped flow");
    }
}

#[test]
fn the_snippets_and_source_titles_are_clean() {
    let catalog = Catalog::load(None, Date::today());
    let lib = catalog.library();
    for (id, t) in &lib.snippets {
        for s in [&t.zh, &t.en] {
            assert!(leaks(s).is_empty(), "snippet {id}: {:?} in {s}", leaks(s));
        }
    }
    for t in lib.titles() {
        for s in [&t.zh, &t.en] {
            assert!(leaks(s).is_empty(), "source title: {:?} in {s}", leaks(s));
        }
    }
}

#[test]
fn the_check_finds_what_it_should() {
    for bad in [
        "资料来源：000_dedf4d4433344739.txt",
        "其中一篇讲的是福建泉州的政策",
        "有资料说要等 3 个月",
        "One source says it takes a month.",
        "see facts-outside-seeds.md#12393",
        "According to the sources, cover starts next month.",
    ] {
        assert!(!leaks(bad).is_empty(), "{bad}");
    }
    for good in [
        "各地规定不同：有的地方次月生效，有的要等 3–6 个月。以参保地医保部门的答复为准，可拨打 12393。",
        "带好身份证原件和复印件 2 份。",
        "Call 010-12393 to reach the office in Beijing.",
    ] {
        assert!(leaks(good).is_empty(), "{good}: {:?}", leaks(good));
    }
}
