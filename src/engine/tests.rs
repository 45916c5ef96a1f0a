use std::sync::Arc;

use super::*;
use crate::flow::{Place, Source, parse};

/// A flow with a branch that rejoins, a nested question, a conditional step,
/// conditional items, and one material asked for in two steps.
///
/// ```text
/// intro → lost ─┬─ lost ────→ report → age ─┬─ adult ─→ bring → done
///               └─ damaged ─────────────────┘  minor ─↗
/// ```
const FLOW: &str = r#"Flow(
    id: "t", title: (zh: "测试", en: "Test"), summary: (zh: "s", en: "s"),
    category: Card, sources: ["test"], reviewed: "2026-01-01",
    region_note: (zh: "r", en: "r"),
    steps: [
        (id: "intro", title: (zh: "开始", en: "Start")),
        (id: "lost", title: (zh: "丢了还是坏了", en: "Lost or damaged"), kind: Question(options: [
            (id: "lost", label: (zh: "丢了", en: "Lost"), next: "report"),
            (id: "damaged", label: (zh: "坏了", en: "Damaged"), next: "age"),
        ])),
        (id: "report", title: (zh: "挂失", en: "Report"), kind: Checklist(items: [
            (id: "id-card", label: (zh: "身份证", en: "ID card"), material: (originals: 1, at: SocialSecurity)),
            (id: "call", label: (zh: "打电话挂失", en: "Call to report")),
        ])),
        (id: "age", title: (zh: "年龄", en: "Age"), kind: Question(options: [
            (id: "adult", label: (zh: "成年", en: "Adult")),
            (id: "minor", label: (zh: "未成年", en: "Minor")),
        ])),
        (id: "guardian", title: (zh: "监护人", en: "Guardian"), when: Answer("age", "minor")),
        (id: "bring", title: (zh: "带齐材料", en: "Bring"), kind: Checklist(items: [
            (id: "id-card", label: (zh: "身份证", en: "ID card"), material: (originals: 1, copies: 1, at: Bank)),
            (id: "old-card", label: (zh: "旧卡", en: "Old card"), when: Answer("lost", "damaged"), material: (originals: 1, at: Bank)),
            (id: "hukou", label: (zh: "户口本", en: "Household register"), when: Answer("age", "minor"), material: (originals: 1, copies: 2, at: Bank)),
            (id: "photo", label: (zh: "照片", en: "Photo"), required: false, material: (copies: 1, at: Bank)),
        ])),
        (id: "done", title: (zh: "完成", en: "Done")),
    ],
)"#;

fn flow() -> Arc<Flow> {
    Arc::new(
        parse(&Source {
            path: "t.ron".into(),
            text: FLOW.into(),
        })
        .expect("test flow parses"),
    )
}

/// A session walked to the summary: the card is damaged, the holder an adult.
fn finished_damaged_adult() -> Session {
    let mut s = Session::new(flow());
    s.advance().unwrap();
    s.choose("damaged").unwrap();
    s.choose("adult").unwrap();
    s.advance().unwrap();
    s.advance().unwrap();
    assert!(s.is_finished());
    s
}

fn day() -> crate::date::Date {
    crate::date::Date::parse("2026-12-03").unwrap()
}

fn ids(s: &Session) -> Vec<String> {
    s.route().into_iter().map(|r| r.id).collect()
}

fn cur(s: &Session) -> Option<&str> {
    s.current().map(|st| st.id.as_str())
}

#[test]
fn test_flow_is_valid() {
    let f = flow();
    let found = crate::flow::validate_flow(&f, crate::date::Date::parse("2026-06-01").unwrap());
    let errors: Vec<_> = found
        .iter()
        .filter(|f| f.severity == crate::flow::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn starts_at_the_first_step_and_predicts_the_route_with_first_options() {
    let s = Session::new(flow());
    assert_eq!(cur(&s), Some("intro"));
    // Unanswered questions assume their first option: lost → report → age(adult).
    assert_eq!(ids(&s), ["intro", "lost", "report", "age", "bring", "done"]);
    let route = s.route();
    assert_eq!(route[0].status, Status::Current);
    assert!(!route[1].assumed, "the open question itself is certain");
    assert!(route[2].assumed && route[5].assumed);
    // Items: report has 2; bring shows id-card and photo for the assumed
    // answers (old-card needs "damaged", hukou needs "minor").
    assert_eq!(
        s.progress(),
        Progress {
            done: 0,
            total: 6,
            ticked: 0,
            items: 4
        }
    );
}

#[test]
fn branching_follows_the_chosen_option() {
    let mut s = Session::new(flow());
    s.advance().unwrap();
    assert!(s.choose("damaged").unwrap().is_empty());
    assert_eq!(cur(&s), Some("age"));
    s.choose("minor").unwrap();
    assert_eq!(
        cur(&s),
        Some("guardian"),
        "the conditional step shows for minors"
    );
    assert_eq!(
        ids(&s),
        ["intro", "lost", "age", "guardian", "bring", "done"]
    );
    s.advance().unwrap();
    s.advance().unwrap();
    assert_eq!(cur(&s), Some("done"));
    s.advance().unwrap();
    assert!(s.is_finished());
    assert_eq!(s.progress().done, s.progress().total);
}

#[test]
fn conditional_step_is_skipped_when_its_condition_fails() {
    let mut s = Session::new(flow());
    s.advance().unwrap();
    s.choose("damaged").unwrap();
    s.choose("adult").unwrap();
    assert_eq!(cur(&s), Some("bring"));
    assert!(!ids(&s).contains(&"guardian".to_string()));
}

#[test]
fn an_unanswered_question_blocks_advancing_but_never_going_back() {
    let mut s = Session::new(flow());
    s.advance().unwrap();
    assert_eq!(s.advance(), Err(EngineError::Unanswered("lost".into())));
    assert_eq!(s.back(), Back::Step);
    assert_eq!(cur(&s), Some("intro"));
    assert_eq!(s.back(), Back::Start, "nothing before the first step");
}

#[test]
fn back_keeps_every_answer_and_tick() {
    let mut s = Session::new(flow());
    s.advance().unwrap();
    s.choose("lost").unwrap();
    s.toggle("report", "call").unwrap();
    s.advance().unwrap();
    s.choose("minor").unwrap();
    assert_eq!(cur(&s), Some("guardian"));
    assert_eq!(s.back(), Back::Step);
    assert_eq!(cur(&s), Some("age"));
    assert_eq!(s.back(), Back::Step);
    assert_eq!(s.back(), Back::Step);
    assert_eq!(cur(&s), Some("lost"));
    assert_eq!(s.answer_of("lost"), Some("lost"));
    assert_eq!(s.answer_of("age"), Some("minor"));
    assert!(s.is_ticked("report", "call"));
    // Re-answering the same way keeps everything downstream.
    assert!(s.choose("lost").unwrap().is_empty());
    assert_eq!(s.answer_of("age"), Some("minor"));
}

#[test]
fn changing_an_answer_sets_aside_only_what_no_longer_applies_and_brings_it_back() {
    let mut s = Session::new(flow());
    s.advance().unwrap();
    s.choose("lost").unwrap();
    s.toggle("report", "id-card").unwrap();
    s.advance().unwrap();
    s.choose("minor").unwrap();
    s.advance().unwrap();
    s.toggle("bring", "hukou").unwrap();
    s.toggle("bring", "id-card").unwrap();

    s.goto("lost").unwrap();
    let change = s.answer("lost", "damaged").unwrap();
    // The report step is off the route now; the age answer still applies.
    assert_eq!(
        change.set_aside.ticks,
        vec![("report".to_string(), "id-card".to_string())]
    );
    assert!(change.set_aside.answers.is_empty() && change.restored.is_empty());
    assert_eq!(s.answer_of("age"), Some("minor"));
    assert!(s.is_ticked("bring", "hukou"));
    assert!(s.is_ticked("report", "id-card"), "kept, dormant");

    // Make the hukou item's condition false: its tick is set aside too.
    s.goto("age").unwrap();
    let change = s.answer("age", "adult").unwrap();
    assert_eq!(
        change.set_aside.ticks,
        vec![("bring".to_string(), "hukou".to_string())]
    );
    assert!(s.is_ticked("bring", "id-card"));

    // Change both back: everything comes back, and the engine says so.
    let change = s.answer("age", "minor").unwrap();
    assert_eq!(
        change.restored.ticks,
        vec![("bring".to_string(), "hukou".to_string())]
    );
    s.goto("lost").unwrap();
    let change = s.answer("lost", "lost").unwrap();
    assert_eq!(
        change.restored.ticks,
        vec![("report".to_string(), "id-card".to_string())]
    );
    let l = crate::locale::Locale::get(crate::flow::Lang::ZhCn);
    assert_eq!(
        change.messages(&s, l).len(),
        1,
        "{:?}",
        change.messages(&s, l)
    );
    assert_eq!(s.progress().ticked, 3);
}

#[test]
fn answers_beyond_a_newly_opened_question_are_kept_while_still_reachable() {
    // Two questions in a row; changing the first to a branch with a new
    // question before the second must not drop the second answer.
    let text = r#"Flow(id: "u", title: (zh: "a", en: "a"), summary: (zh: "a", en: "a"), category: Card,
        sources: ["x"], reviewed: "2026-01-01", region_note: (zh: "a", en: "a"), steps: [
        (id: "q1", title: (zh: "a", en: "a"), kind: Question(options: [
            (id: "a", label: (zh: "a", en: "a"), next: "q2"),
            (id: "b", label: (zh: "b", en: "b"), next: "q3"),
        ])),
        (id: "q2", title: (zh: "a", en: "a"), kind: Question(options: [
            (id: "x", label: (zh: "x", en: "x")), (id: "y", label: (zh: "y", en: "y")),
        ])),
        (id: "q3", title: (zh: "a", en: "a"), kind: Question(options: [
            (id: "x", label: (zh: "x", en: "x")), (id: "y", label: (zh: "y", en: "y")),
        ])),
    ])"#;
    let f = Arc::new(
        parse(&Source {
            path: "u".into(),
            text: text.into(),
        })
        .unwrap(),
    );
    let mut s = Session::new(f);
    s.choose("b").unwrap();
    s.choose("y").unwrap();
    assert!(s.is_finished());
    let change = s.answer("q1", "a").unwrap();
    assert!(change.is_empty(), "q3 may still come after q2: {change:?}");
    assert_eq!(
        cur(&s),
        Some("q2"),
        "a finished flow goes to the newly opened question"
    );
    assert_eq!(s.answer_of("q3"), Some("y"));
}

#[test]
fn answers_are_validated_against_the_flow_and_route() {
    let mut s = Session::new(flow());
    assert!(matches!(
        s.answer("nope", "x"),
        Err(EngineError::UnknownStep { .. })
    ));
    assert_eq!(
        s.answer("intro", "x"),
        Err(EngineError::NotAQuestion("intro".into()))
    );
    match s.answer("lost", "stolen") {
        Err(EngineError::UnknownOption { valid, .. }) => assert_eq!(valid, "lost, damaged"),
        other => panic!("{other:?}"),
    }
    // "age" is not reached until "lost" is answered.
    assert_eq!(
        s.answer("age", "adult"),
        Err(EngineError::NotOnRoute("age".into()))
    );
    assert!(matches!(
        s.toggle("report", "nope"),
        Err(EngineError::UnknownItem { .. })
    ));
    assert_eq!(
        s.toggle("intro", "x"),
        Err(EngineError::NotAChecklist("intro".into()))
    );
    assert_eq!(
        s.goto("report"),
        Err(EngineError::NotOnRoute("report".into())),
        "a step that depends on an open question cannot be jumped to"
    );
    assert_eq!(s.goto("lost"), Ok(()));
}

#[test]
fn toggling_twice_unticks() {
    let mut s = Session::new(flow());
    assert_eq!(s.toggle("report", "call"), Ok(true));
    assert_eq!(s.toggle("report", "call"), Ok(false));
    assert!(s.state().ticks.is_empty(), "no empty sets are kept");
}

#[test]
fn materials_merge_across_steps_and_follow_conditions() {
    let mut s = Session::new(flow());
    s.advance().unwrap();
    s.choose("lost").unwrap();
    s.advance().unwrap();
    s.choose("minor").unwrap();
    let m = s.materials();
    let names: Vec<&str> = m.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        names,
        ["id-card", "hukou", "photo"],
        "old-card only when damaged"
    );
    let id = &m[0];
    assert_eq!(
        (id.originals, id.copies),
        (1, 1),
        "one original serves both visits; copies add up"
    );
    assert_eq!(id.places, vec![Place::SocialSecurity, Place::Bank]);
    assert_eq!(id.steps, vec!["report".to_string(), "bring".to_string()]);
    assert!(id.required);
    assert!(!m[2].required, "the photo is optional");

    s.toggle("report", "id-card").unwrap();
    assert!(
        s.materials()[0].ticked,
        "ticked at one of its two steps is ticked"
    );
    assert_eq!(
        s.materials()[0]
            .uses
            .iter()
            .map(|u| (u.step.as_str(), u.ticked))
            .collect::<Vec<_>>(),
        [("report", true), ("bring", false)],
        "each use keeps its own tick"
    );
}

#[test]
fn restart_forgets_everything() {
    let mut s = Session::new(flow());
    s.advance().unwrap();
    s.choose("lost").unwrap();
    s.toggle("report", "call").unwrap();
    s.restart();
    assert_eq!(cur(&s), Some("intro"));
    assert!(s.state().answers.is_empty() && s.state().ticks.is_empty());
}

#[test]
fn back_from_the_summary_returns_to_the_last_step() {
    let mut s = finished_damaged_adult();
    assert_eq!(s.back(), Back::Step);
    assert_eq!(cur(&s), Some("done"));
}

#[test]
fn state_round_trips_through_ron_and_resumes() {
    let mut s = Session::new(flow());
    s.advance().unwrap();
    s.choose("lost").unwrap();
    s.toggle("report", "call").unwrap();
    let text = ron::to_string(s.state()).unwrap();
    let state: State = ron::from_str(&text).unwrap();
    assert_eq!(&state, s.state());
    let (resumed, dropped) = Session::resume(flow(), state);
    assert!(dropped.is_empty());
    assert_eq!(cur(&resumed), Some("report"));
    assert!(resumed.is_ticked("report", "call"));
}

#[test]
fn resume_keeps_what_an_edited_flow_no_longer_has() {
    let mut state = State {
        flow_id: "t".into(),
        current: Some("removed-step".into()),
        ..State::default()
    };
    state.answers.insert("lost".into(), "stolen".into()); // option removed since
    state.answers.insert("gone".into(), "x".into()); // question removed since
    state
        .ticks
        .entry("report".into())
        .or_default()
        .insert("old-item".into());
    state
        .ticks
        .entry("intro".into())
        .or_default()
        .insert("x".into());
    let saved = state.clone();
    let (s, unknown) = Session::resume(flow(), state);
    assert_eq!(unknown.answers.len(), 2);
    assert_eq!(unknown.ticks.len(), 2);
    assert_eq!(s.state().answers, saved.answers, "nothing deleted");
    assert_eq!(s.state().ticks, saved.ticks, "nothing deleted");
    assert_eq!(
        cur(&s),
        Some("lost"),
        "resumes at the furthest determined step"
    );
    // The option comes back in a later edit: so does the answer.
    let mut text = FLOW.replace(
        r#"(id: "damaged", label: (zh: "坏了", en: "Damaged"), next: "age"),"#,
        r#"(id: "damaged", label: (zh: "坏了", en: "Damaged"), next: "age"),
            (id: "stolen", label: (zh: "被偷了", en: "Stolen"), next: "report"),"#,
    );
    text = text.replace(
        r#"(id: "call", label: (zh: "打电话挂失", en: "Call to report")),"#,
        r#"(id: "call", label: (zh: "打电话挂失", en: "Call to report")),
            (id: "old-item", label: (zh: "旧", en: "Old")),"#,
    );
    let edited = Arc::new(
        parse(&Source {
            path: "t.ron".into(),
            text,
        })
        .unwrap(),
    );
    let (s, unknown) = Session::resume(edited, s.state().clone());
    assert_eq!(unknown.answers.len(), 1, "only `gone` is still unknown");
    assert_eq!(s.answered()[0].1, "stolen");
    assert!(s.route().iter().any(|r| r.id == "report"));
    assert_eq!(s.progress().ticked, 1, "the old item's tick counts again");
}

#[test]
fn changing_an_answer_from_the_summary_returns_there_or_shows_what_is_new() {
    let mut s = finished_damaged_adult();

    // Change "age" to minor: the guardian step is new, so it is shown
    // first, then the summary.
    s.change("age").unwrap();
    assert!(s.is_returning());
    s.choose("minor").unwrap();
    assert_eq!(cur(&s), Some("guardian"));
    s.advance().unwrap();
    assert!(s.is_finished() && !s.is_returning());

    // Change "lost": the report step was never seen, so it comes first.
    s.change("lost").unwrap();
    s.choose("lost").unwrap();
    assert_eq!(cur(&s), Some("report"));
    assert_eq!(
        s.answer_of("age"),
        Some("minor"),
        "still applies on the new branch"
    );
    s.advance().unwrap();
    assert!(s.is_finished());

    // Change back to damaged: everything on that route was seen: straight back.
    s.change("lost").unwrap();
    s.choose("damaged").unwrap();
    assert!(s.is_finished());

    // Back while changing returns to the summary.
    s.change("age").unwrap();
    assert_eq!(s.back(), Back::Summary);
    assert!(s.is_finished());
}

// ---- the issue's cases, on the shipped flows ----

fn shipped(id: &str) -> Arc<Flow> {
    let catalog = crate::flow::Catalog::from_sources(
        &crate::flow::shipped_sources(),
        crate::date::Date::parse("2026-06-01").unwrap(),
    );
    Arc::new(catalog.get(id).expect("shipped flow").clone())
}

/// Walks to `step`, choosing options on the way by `pick(question)`.
fn walk_to(s: &mut Session, step: &str, pick: &dyn Fn(&Step) -> usize) {
    for _ in 0..50 {
        let Some(cur) = s.current().cloned() else {
            panic!("finished before {step}")
        };
        if cur.id == step {
            return;
        }
        if cur.is_question() {
            let o = cur.options()[pick(&cur)].id.clone();
            s.choose(&o).unwrap();
        } else {
            s.advance().unwrap();
        }
    }
    panic!("never reached {step}");
}

#[test]
fn ticks_on_a_branch_left_and_taken_again_come_back() {
    // The issue's case in card-lost-replace: tick both phone-report items,
    // go back, choose to report online, go back, choose the phone again.
    let mut s = Session::new(shipped("card-lost-replace"));
    walk_to(&mut s, "reported", &|_| 0);
    s.choose("not-yet").unwrap();
    s.choose("phone").unwrap();
    assert_eq!(cur(&s), Some("report-phone"));
    s.toggle("report-phone", "call").unwrap();
    s.toggle("report-phone", "keep-record").unwrap();
    let before = s.progress();
    assert_eq!(s.back(), Back::Step);
    let change = s.choose("online").unwrap();
    assert_eq!(change.set_aside.ticks.len(), 2, "{change:?}");
    assert_eq!(cur(&s), Some("report-online"));
    assert!(
        !s.is_ticked("report-online", "keep-record"),
        "another step's item"
    );
    assert_eq!(s.back(), Back::Step);
    let change = s.choose("phone").unwrap();
    assert_eq!(change.restored.ticks.len(), 2, "{change:?}");
    assert_eq!(s.progress().ticked, before.ticked, "every tick is back");
    assert_eq!(before.ticked, 2);
    assert!(s.is_ticked("report-phone", "call") && s.is_ticked("report-phone", "keep-record"));
}

#[test]
fn a_material_used_at_two_steps_is_required_and_ticked_if_either_says_so() {
    // card-replace-activate, "both": the ID card is optional at the
    // hospital step and required at the bank step.
    let mut s = Session::new(shipped("card-replace-activate"));
    walk_to(&mut s, "function", &|_| 0);
    s.choose("both").unwrap();
    assert_eq!(cur(&s), Some("medical"));
    s.advance().unwrap();
    assert_eq!(cur(&s), Some("bank"));
    s.toggle("bank", "id-card").unwrap();
    let c = s.checklist(day());
    let id = c.materials().find(|m| m.id == "id-card").unwrap();
    assert!(id.required, "the bank needs it");
    assert!(id.ticked, "ticked at the bank step");
    assert_eq!(id.places, [Place::Bank], "one place, listed once");
    assert_eq!(id.uses.len(), 2);
    let sum =
        crate::render::Summary::new(&s, None, crate::date::Date::parse("2026-06-01").unwrap());
    let line = sum.materials().find(|m| m.id == "id-card").unwrap();
    assert!(line.required && line.ticked);
}

#[test]
fn progress_is_steps_done_on_the_route_and_never_shown_steps_are_skipped() {
    let mut s = finished_damaged_adult();
    let p = s.progress();
    assert_eq!((p.done, p.total), (5, 5));
    // Change "lost" from the summary, then leave at once: the report step
    // is on the route but was never shown.
    s.change("lost").unwrap();
    s.answer("lost", "lost").unwrap();
    assert_eq!(s.back(), Back::Summary);
    let route = s.route();
    let report = route.iter().find(|r| r.id == "report").unwrap();
    assert_eq!(report.status, Status::Skipped);
    let p = s.progress();
    assert_eq!(p.total, 6);
    assert_eq!(p.done, 5, "everything but the report step");
    let done = route.iter().filter(|r| r.status == Status::Done).count();
    assert_eq!(done, p.done, "the route's [x] are the progress");
    // Going back from the summary to it shows it, and then it is done.
    assert_eq!(s.back(), Back::Step);
    s.goto("report").unwrap();
    s.advance().unwrap();
    assert_eq!(s.progress().done, 6);
}

#[test]
fn apply_answers_follows_the_route_and_assumes_on_the_way() {
    let (s, assumed) = apply_answers(flow(), &[("age".into(), "minor".into())], day()).unwrap();
    assert_eq!(assumed, ["lost"]);
    assert_eq!(s.answer_of("age"), Some("minor"));
    assert!(matches!(
        apply_answers(flow(), &[("age".into(), "old".into())], day()),
        Err(AnswerError::NoOption { .. })
    ));
    assert!(matches!(
        apply_answers(
            flow(),
            &[
                ("lost".into(), "lost".into()),
                ("lost".into(), "damaged".into())
            ],
            day()
        ),
        Err(AnswerError::Twice { .. })
    ));
    assert!(matches!(
        apply_answers(flow(), &[("intro".into(), "x".into())], day()),
        Err(AnswerError::NotAQuestion { .. })
    ));
}

#[test]
fn toggle_many_ticks_all_or_unticks_all() {
    let mut s = Session::new(flow());
    s.toggle("report", "call").unwrap();
    assert_eq!(s.toggle_many("report", &["call", "id-card"]), Ok(true));
    assert!(s.is_ticked("report", "call") && s.is_ticked("report", "id-card"));
    assert_eq!(s.toggle_many("report", &["call", "id-card"]), Ok(false));
    assert!(s.state().ticks.is_empty());
}

#[test]
fn the_revision_moves_with_every_change_and_only_then() {
    let mut s = Session::new(flow());
    let r = s.revision();
    let _ = s.route();
    let _ = s.checklist(day());
    assert_eq!(s.revision(), r, "reading changes nothing");
    s.advance().unwrap();
    assert_ne!(s.revision(), r);
    assert_ne!(
        Session::new(flow()).revision(),
        s.revision(),
        "unique across sessions"
    );
}

// ---- nothing done is ever lost: random actions ----

mod random {
    use proptest::prelude::*;

    use super::*;

    #[derive(Debug, Clone)]
    enum Act {
        Advance,
        Choose(usize),
        Toggle(usize, usize),
        Back,
        Change(usize),
        LeaveSummary,
        Goto(usize),
    }

    fn act() -> impl Strategy<Value = Act> {
        prop_oneof![
            3 => Just(Act::Advance),
            3 => (0..3usize).prop_map(Act::Choose),
            3 => (0..8usize, 0..5usize).prop_map(|(s, i)| Act::Toggle(s, i)),
            2 => Just(Act::Back),
            1 => (0..4usize).prop_map(Act::Change),
            1 => Just(Act::LeaveSummary),
            1 => (0..8usize).prop_map(Act::Goto),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Whatever the person does, every answer they gave last and every
        /// tick they made and did not undo is still in the state; the
        /// current step is on the route; progress and the route agree.
        #[test]
        fn nothing_done_is_ever_lost(acts in prop::collection::vec(act(), 1..60)) {
            let f = flow();
            let mut s = Session::new(Arc::clone(&f));
            let mut answers: BTreeMap<String, String> = BTreeMap::new();
            let mut ticks: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for a in acts {
                match a {
                    Act::Advance => { let _ = s.advance(); }
                    Act::Choose(k) => {
                        if let Some(step) = s.current().cloned()
                            && let Some(o) = step.options().get(k)
                            && s.choose(&o.id).is_ok()
                        {
                            answers.insert(step.id.clone(), o.id.clone());
                        }
                    }
                    Act::Toggle(si, ii) => {
                        let step = &f.steps[si % f.steps.len()];
                        if let Some(item) = step.items().get(ii)
                            && let Ok(now) = s.toggle(&step.id, &item.id)
                        {
                            let set = ticks.entry(step.id.clone()).or_default();
                            if now { set.insert(item.id.clone()); } else { set.remove(&item.id); }
                            if set.is_empty() { ticks.remove(&step.id); }
                        }
                    }
                    Act::Back => { let _ = s.back(); }
                    Act::Change(k) => {
                        let qs: Vec<String> = s.checklist(day()).answers.into_iter().map(|a| a.question_id).collect();
                        if let Some(q) = qs.get(k) { let _ = s.change(q); }
                    }
                    Act::LeaveSummary => s.leave_summary(),
                    Act::Goto(k) => { let _ = s.goto(&f.steps[k % f.steps.len()].id); }
                }
                prop_assert_eq!(&s.state().answers, &answers);
                prop_assert_eq!(&s.state().ticks, &ticks);
                if let Some(c) = &s.state().current {
                    prop_assert!(s.route().iter().any(|r| r.id == *c), "current {} off the route", c);
                }
                let p = s.progress();
                prop_assert!(p.done <= p.total && p.ticked <= p.items);
                // A tick counts exactly when its item is shown on the route.
                let shown: usize = s.route_steps().iter().map(|st| {
                    s.visible_items(st).iter().filter(|i| s.is_ticked(&st.id, &i.id)).count()
                }).sum();
                prop_assert_eq!(p.ticked, shown);
            }
        }
    }
}

// ---- dates ----

fn dated() -> Arc<Flow> {
    Arc::new(
        parse(&Source {
            path: "test-activate.ron".into(),
            text: include_str!("../../tests/fixtures/dates/test-activate.ron").into(),
        })
        .unwrap(),
    )
}

#[test]
fn a_date_question_takes_the_day_and_works_out_the_deadlines() {
    let mut s = Session::new(dated());
    assert_eq!(cur(&s), Some("got-card"));
    assert!(
        s.checklist(day()).deadlines.is_empty(),
        "nothing to work out yet"
    );
    assert!(matches!(
        s.set_date("got-card", "明年", day()),
        Err(EngineError::BadDate { .. })
    ));
    assert!(matches!(
        s.set_date("bring", "今天", day()),
        Err(EngineError::NotADate(_))
    ));
    assert_eq!(
        s.set_date("got-card", "昨天", day()).unwrap().to_string(),
        "2026-12-02"
    );
    assert_eq!(s.set_date("got-card", "12月3日", day()).unwrap(), day());
    let step = s.current().unwrap().clone();
    let d = s.deadlines_of(&step, day());
    assert_eq!(d[0].zh, "请在 2027年6月3日 前激活");
    assert_eq!(d[0].en, "Activate it by 3 June 2027");
    assert!(
        d[1].zh.contains("2027年3月3日 至 2027年6月3日") && d[1].zh.contains("各地期限不同"),
        "a disputed period is a range with a plain statement: {}",
        d[1].zh
    );
    assert_eq!(
        s.checklist(day()).deadlines[0],
        d[0],
        "on the summary and paper too"
    );
    // A date step never blocks; the date is saved with the answers.
    s.advance().unwrap();
    assert_eq!(cur(&s), Some("bring"));
    let (resumed, unknown) = Session::resume(dated(), s.state().clone());
    assert!(unknown.is_empty(), "a saved date is known: {unknown:?}");
    assert_eq!(resumed.date_of("got-card"), Some(day()));
}

fn on(s: &str) -> crate::date::Date {
    crate::date::Date::parse(s).unwrap()
}

#[test]
fn a_day_before_today_has_passed_today_and_later_have_not() {
    let (yesterday, today, tomorrow) = (on("2026-12-02"), on("2026-12-03"), on("2026-12-04"));
    assert_eq!(Passed::of(yesterday, None, today), Passed::All);
    assert_eq!(
        Passed::of(today, None, today),
        Passed::No,
        "today is still in time"
    );
    assert_eq!(Passed::of(tomorrow, None, today), Passed::No);
    // A range: past once its first day is, wholly once its last day is.
    assert_eq!(
        Passed::of(tomorrow, Some(on("2027-01-01")), today),
        Passed::No
    );
    assert_eq!(Passed::of(today, Some(on("2027-01-01")), today), Passed::No);
    assert_eq!(Passed::of(yesterday, Some(today), today), Passed::Start);
    assert_eq!(
        Passed::of(on("2026-11-01"), Some(yesterday), today),
        Passed::All
    );
}

#[test]
fn a_worked_out_day_before_today_says_it_has_passed() {
    let mut s = Session::new(dated());
    let step = s.current().unwrap().clone();
    // Got the card on 2026-06-03: 6 months later is today, not passed; the
    // range 3m..6m (2026-09-03 to today) has begun but not ended.
    s.set_date("got-card", "2026-06-03", day()).unwrap();
    let d = s.deadlines_of(&step, day());
    assert_eq!(d[0].zh, "请在 2026年12月3日 前激活", "today has not passed");
    assert_eq!(d[0].en, "Activate it by 3 December 2026");
    assert!(
        d[1].zh
            .contains("2026年9月3日（已过） 至 2026年12月3日 之间"),
        "the start of a range, passed: {}",
        d[1].zh
    );
    assert!(
        d[1].en
            .contains("between 3 September 2026 (already passed) and 3 December 2026"),
        "{}",
        d[1].en
    );
    // One day earlier: the deadline is yesterday, and the whole range is past.
    s.set_date("got-card", "2026-06-02", day()).unwrap();
    let d = s.deadlines_of(&step, day());
    assert_eq!(d[0].zh, "请在 2026年12月2日（已过） 前激活");
    assert_eq!(d[0].en, "Activate it by 2 December 2026 (already passed)");
    assert!(
        d[1].zh
            .contains("2026年9月2日 至 2026年12月2日（已过） 之间")
            && d[1].zh.contains("各地期限不同"),
        "a whole range past is marked once, after it: {}",
        d[1].zh
    );
    assert!(
        d[1].en
            .contains("between 2 September 2026 and 2 December 2026 (already passed)"),
        "{}",
        d[1].en
    );
    // The summary and paper say the same; a later "today" is what counts.
    assert_eq!(s.checklist(day()).deadlines[0], d[0]);
    assert_eq!(
        s.checklist(on("2026-12-01")).deadlines[0].zh,
        "请在 2026年12月2日 前激活"
    );
    // A day in the future is never marked.
    s.set_date("got-card", "今天", day()).unwrap();
    let d = s.deadlines_of(&step, day());
    assert!(
        d.iter()
            .all(|t| !t.zh.contains("已过") && !t.en.contains("passed")),
        "{d:?}"
    );
}

#[test]
fn entering_a_day_moves_on_and_words_its_deadlines_at_once() {
    let l = crate::locale::Locale::get(crate::flow::Lang::ZhCn);
    let mut s = Session::new(dated());
    // A day that cannot be read: nothing moves, nothing is saved.
    assert!(matches!(
        s.enter_date("明年", day()),
        Err(EngineError::BadDate { .. })
    ));
    assert_eq!(cur(&s), Some("got-card"));
    assert_eq!(s.date_of("got-card"), None);
    // An old day: the deadlines come with the change, passed ones marked.
    let change = s.enter_date("2026-01-05", day()).unwrap();
    assert_eq!(cur(&s), Some("bring"));
    let msgs = change.messages(&s, l);
    assert_eq!(msgs[0], "按你填的日期算: 请在 2026年7月5日（已过） 前激活");
    assert!(
        msgs[1].contains("（已过）") && msgs[1].contains("各地期限不同"),
        "{msgs:?}"
    );
    let en = change.messages(&s, crate::locale::Locale::get(crate::flow::Lang::En));
    assert_eq!(
        en[0],
        "From the day you gave: Activate it by 5 July 2026 (already passed)"
    );
    // Not a date question any more.
    assert!(matches!(
        s.enter_date("今天", day()),
        Err(EngineError::NotADate(_))
    ));
    // Back, and Enter with nothing typed: on without a new day, nothing to say.
    s.back();
    let change = s.enter_date("  ", day()).unwrap();
    assert!(change.is_empty(), "{change:?}");
    assert_eq!(cur(&s), Some("bring"));
    assert_eq!(
        s.date_of("got-card"),
        Some(on("2026-01-05")),
        "the day is kept"
    );
}

#[test]
fn routes_are_every_complete_set_of_answers_capped() {
    let all = Session::new(flow()).routes(1000);
    assert!(all.len() > 1);
    for s in &all {
        assert!(s.open_question().is_none(), "a route is complete");
    }
    let mut answers: Vec<_> = all.iter().map(|s| s.state().answers.clone()).collect();
    answers.sort();
    answers.dedup();
    assert_eq!(answers.len(), all.len(), "each set of answers once");
    assert_eq!(Session::new(flow()).routes(1).len(), 1);
}
