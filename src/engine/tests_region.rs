//! The profile and regional overlays, on a small test flow
//! (`tests/fixtures/localized`): binding, inheritance, "not needed here",
//! and nothing lost when the region or the profile changes.

use std::sync::Arc;

use super::Session;
use super::profile::{Profile, learn};
use super::region::Regions;
use crate::flow::{Catalog, Fact, Flow, Source};

fn source(path: &str, text: &str) -> Source {
    Source {
        path: path.into(),
        text: text.into(),
    }
}

/// The test flow and its overlays (江苏 and 南京), loaded as `--flows` would.
fn loaded() -> (Arc<Flow>, Regions) {
    let sources = [
        source(
            "localized/test-filing.ron",
            include_str!("../../tests/fixtures/localized/test-filing.ron"),
        ),
        source(
            "localized/regions/jiangsu.ron",
            include_str!("../../tests/fixtures/localized/regions/jiangsu.ron"),
        ),
        source(
            "localized/regions/nanjing.ron",
            include_str!("../../tests/fixtures/localized/regions/nanjing.ron"),
        ),
    ];
    let catalog = Catalog::from_sources(&sources, crate::date::Date::parse("2026-12-03").unwrap());
    let errors: Vec<String> = catalog.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let flow = Arc::new(catalog.get("test-filing").unwrap().clone());
    (flow, catalog.regions())
}

fn profile(region: Option<&str>, for_whom: Option<&str>) -> Profile {
    Profile {
        region: region.map(Into::into),
        for_whom: for_whom.map(Into::into),
        ..Profile::default()
    }
}

fn cur(s: &Session) -> Option<&str> {
    s.current().map(|c| c.id.as_str())
}

#[test]
fn a_bound_question_is_answered_from_the_profile_and_not_asked_again() {
    let (flow, _) = loaded();
    let mut s = Session::new(Arc::clone(&flow));
    assert_eq!(cur(&s), Some("who"));
    s.use_profile(&profile(None, Some("elder")));
    assert_eq!(s.answer_of("who"), Some("family"));
    assert!(s.is_from_profile("who", &profile(None, Some("elder"))));
    // Passed by: the person stands on the next question.
    assert_eq!(cur(&s), Some("scope"));
    // An empty profile answers nothing.
    let mut fresh = Session::new(flow);
    fresh.use_profile(&Profile::default());
    assert_eq!(cur(&fresh), Some("who"));
    assert_eq!(fresh.answer_of("who"), None);
}

#[test]
fn answering_a_bound_question_teaches_the_profile() {
    let (flow, _) = loaded();
    let who = flow.step("who").unwrap();
    let empty = Profile::default();
    // One value: learned.
    assert_eq!(
        learn(who, "self", &empty),
        Some((Fact::ForWhom, Some("self".into())))
    );
    // Several values: the profile cannot tell which, so it does not say.
    assert_eq!(learn(who, "family", &empty), None);
    assert_eq!(
        learn(who, "family", &profile(None, Some("self"))),
        Some((Fact::ForWhom, None))
    );
    // Already agrees: nothing to learn.
    assert_eq!(learn(who, "family", &profile(None, Some("child"))), None);
    // Not bound: nothing.
    assert_eq!(learn(flow.step("scope").unwrap(), "cross", &empty), None);
}

#[test]
fn changing_the_profile_changes_the_answer_and_loses_nothing() {
    let (flow, _) = loaded();
    let mut s = Session::new(flow);
    s.use_profile(&profile(None, Some("self")));
    s.choose("cross").unwrap();
    s.toggle("file", "form").unwrap();
    let change = s.use_profile(&profile(None, Some("other")));
    assert_eq!(s.answer_of("who"), Some("someone"));
    assert!(change.set_aside.is_empty(), "{change:?}");
    assert!(s.is_ticked("file", "form"));
    assert_eq!(s.answer_of("scope"), Some("cross"));
}

#[test]
fn a_city_inherits_its_province_and_the_province_not_the_city() {
    let (flow, regions) = loaded();
    let nj = regions.localize(&flow, Some("nanjing"));
    let js = regions.localize(&flow, Some("jiangsu"));
    let sh = regions.localize(&flow, Some("shanghai"));
    // Nanjing: both the province's and the city's rules.
    assert!(nj.step("file-not-needed").is_some());
    assert!(nj.step("nj-extra").is_some());
    assert!(
        nj.step("file")
            .unwrap()
            .items()
            .iter()
            .any(|i| i.id == "nj-photo")
    );
    let pay = nj.step("pay").unwrap();
    assert_eq!(pay.body[0].zh, "【南京】南京的说明。");
    assert_eq!(pay.deadlines[0].zh, "【江苏】省里的期限。");
    assert_eq!(pay.deadlines[0].en, "[Jiangsu] The province's deadline.");
    let local = nj.links.local.as_ref().unwrap();
    let names: Vec<&str> = local.places.iter().map(|p| p.zh.as_str()).collect();
    assert_eq!(names, ["江苏", "南京"]);
    assert_eq!(local.rules, 6);
    assert!(nj.aliases.contains(&"我的南京".to_string()));
    // Jiangsu elsewhere: the province's only.
    assert!(js.step("file-not-needed").is_some());
    assert!(js.step("nj-extra").is_none());
    // (Local names are search data: the catalog gives every place's to the
    // base flow, so that 我的南京 finds it from anywhere.)
    // A place without rules: the national flow, said to be national.
    assert!(sh.step("file-not-needed").is_none());
    assert_eq!(sh.links.local.as_ref().unwrap().rules, 0);
    assert_eq!(sh.steps.len(), flow.steps.len());
    // No place: the national flow itself.
    assert!(Arc::ptr_eq(&regions.localize(&flow, None), &flow));
}

#[test]
fn a_step_not_needed_here_is_passed_by_only_when_its_condition_holds() {
    let (flow, regions) = loaded();
    let js = regions.localize(&flow, Some("jiangsu"));
    let route = |scope: &str| {
        let mut s = Session::new(Arc::clone(&js));
        s.choose("self").unwrap();
        s.choose(scope).unwrap();
        s.route_steps()
            .iter()
            .map(|s| s.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        route("in-province"),
        ["who", "scope", "file-not-needed", "pay", "after"]
    );
    assert_eq!(route("cross"), ["who", "scope", "file", "pay", "after"]);
    // The materials of a step not needed are not asked for.
    let mut s = Session::new(Arc::clone(&js));
    s.choose("self").unwrap();
    s.choose("in-province").unwrap();
    assert!(s.materials().iter().all(|m| m.id != "id-card"));
}

#[test]
fn a_region_change_mid_flow_keeps_every_answer_and_tick() {
    let (flow, regions) = loaded();
    let nj = regions.localize(&flow, Some("nanjing"));
    let mut s = Session::new(Arc::clone(&nj));
    s.choose("self").unwrap();
    s.choose("cross").unwrap();
    s.toggle("file", "nj-photo").unwrap();
    s.toggle("file", "form").unwrap();
    let saved = s.state().clone();
    // Moved to Shanghai: the Nanjing item is gone from the flow, its tick kept.
    let sh = regions.localize(&flow, Some("shanghai"));
    let (moved, dropped) = Session::resume(sh, saved);
    assert_eq!(
        dropped.ticks,
        [("file".to_string(), "nj-photo".to_string())]
    );
    assert!(moved.is_ticked("file", "form"));
    assert_eq!(moved.answer_of("scope"), Some("cross"));
    // And back: the tick counts again.
    let (back, dropped) = Session::resume(nj, moved.state().clone());
    assert!(dropped.is_empty());
    assert!(back.is_ticked("file", "nj-photo"));
}

#[test]
fn an_added_steps_action_and_items_are_marked_as_local() {
    // A local checklist step reaches the printout's "where to go" part by
    // its action and items, away from its title: they carry the mark too.
    let overlay = r#"Overlay(
    region: "nanjing",
    flows: [
        (
            flow: "test-filing",
            changes: [
                (
                    step: "pay",
                    source: "001_789a9454e5187436.txt",
                    reviewed: "2026-12-01",
                    change: Step((
                        id: "nj-online",
                        title: (zh: "网上办", en: "Online"),
                        place: Online,
                        action: (zh: "在APP里交", en: "Pay in the app"),
                        kind: Checklist(items: [(id: "nj-id", label: (zh: "身份证", en: "ID card"))]),
                    )),
                ),
            ],
        ),
    ],
)"#;
    let sources = [
        source(
            "localized/test-filing.ron",
            include_str!("../../tests/fixtures/localized/test-filing.ron"),
        ),
        source("localized/regions/nanjing.ron", overlay),
    ];
    let catalog = Catalog::from_sources(&sources, crate::date::Date::parse("2026-12-03").unwrap());
    let errors: Vec<String> = catalog.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let flow = Arc::new(catalog.get("test-filing").unwrap().clone());
    let nj = catalog.regions().localize(&flow, Some("nanjing"));
    let step = nj.step("nj-online").unwrap();
    assert_eq!(step.title.zh, "【南京】网上办");
    assert_eq!(step.action.as_ref().unwrap().zh, "【南京】在APP里交");
    assert_eq!(step.action.as_ref().unwrap().en, "[Nanjing] Pay in the app");
    assert_eq!(step.items()[0].label.zh, "【南京】身份证");
}

/// 浙江 (and so 杭州): the within-the-province question of the shipped
/// remote-filing is not needed; it is passed by as answered "no need", and
/// the person goes on to the no-filing path. Elsewhere it is asked.
#[test]
fn a_question_not_needed_here_goes_on_as_the_place_answers_it() {
    let catalog = Catalog::load(None, crate::date::Date::parse("2026-12-03").unwrap());
    let regions = catalog.regions();
    let base = Arc::new(catalog.get("remote-filing").unwrap().clone());
    for (region, local) in [("hangzhou", true), ("zhejiang", true), ("nanjing", false)] {
        let flow = regions.localize(&base, Some(region));
        let mut s = Session::new(Arc::clone(&flow));
        while cur(&s) != Some("scope") {
            s.advance().unwrap();
        }
        s.choose("same-province").unwrap();
        if local {
            assert_eq!(cur(&s), Some("same-province-not-needed"), "{region}");
            assert!(s.current().unwrap().title.zh.contains("浙江"));
            s.advance().unwrap();
            assert_eq!(cur(&s), Some("no-filing"), "{region}");
            assert_eq!(s.answer_of("same-province"), None);
        } else {
            assert_eq!(cur(&s), Some("same-province"), "{region}");
        }
    }
}

/// What a 参保地 means for a flow, as both front-ends say it: local rules
/// (the city's or its province's), none recorded there, or no place.
#[test]
fn the_standing_of_a_place_for_a_flow() {
    use super::region::Standing;
    let (_, regions) = loaded();
    let at = |r: Option<&str>, flow: Option<&str>| regions.standing(&profile(r, None), flow);
    assert!(
        matches!(at(Some("nanjing"), Some("test-filing")), Standing::Local(p) if p.id == "nanjing")
    );
    assert!(matches!(
        at(Some("suzhou-js"), Some("test-filing")),
        Standing::Local(_)
    ));
    assert!(matches!(
        at(Some("nanjing"), Some("other-flow")),
        Standing::National(_)
    ));
    assert!(matches!(at(Some("shanghai"), None), Standing::National(_)));
    assert!(matches!(at(Some("nanjing"), None), Standing::Local(_)));
    assert!(matches!(at(Some("unsure"), None), Standing::NotGiven));
    assert!(matches!(at(None, Some("test-filing")), Standing::NotGiven));
    assert!(profile(None, None).asks_region(&regions, "test-filing"));
    assert!(!profile(Some("unsure"), None).asks_region(&regions, "test-filing"));
    assert!(!profile(None, None).asks_region(&regions, "other-flow"));
}

/// The person's answers to bound questions teach the profile once.
#[test]
fn answers_teach_the_profile() {
    let (flow, _) = loaded();
    let mut s = Session::new(flow);
    s.choose("family").unwrap();
    let mut p = profile(None, Some("self"));
    assert!(s.teach(&mut p), "family no longer says self");
    assert_eq!(p.for_whom, None, "family stands for two values");
    assert!(!s.teach(&mut p), "nothing more to learn");
}

/// What a step shows as coming from the profile: the place, once the flow
/// stands in one, and the answer the profile gave.
#[test]
fn a_step_says_what_came_from_the_profile() {
    let (base, regions) = loaded();
    let p = profile(Some("nanjing"), Some("self"));
    let mut national = Session::new(Arc::clone(&base));
    national.use_profile(&p);
    let from = national.from_profile("who", &p);
    assert!(from.place.is_none(), "a national flow names no place");
    assert_eq!(from.answer.map(|o| o.id.as_str()), Some("self"));
    let mut local = Session::new(regions.localize(&base, p.place()));
    local.use_profile(&p);
    let from = local.from_profile("scope", &p);
    assert_eq!(from.place.map(|pl| pl.id), Some("nanjing"));
    assert!(from.answer.is_none(), "scope is not bound");
    // Answered otherwise by the person: no longer from the profile.
    local.answer("who", "someone").unwrap();
    assert!(local.from_profile("who", &p).answer.is_none());
}
