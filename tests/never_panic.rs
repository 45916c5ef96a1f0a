//! The loader, validator and engine never panic, whatever they are fed.

use std::sync::Arc;

use banshi::date::Date;
use banshi::engine::Session;
use banshi::flow::{
    Catalog, Category, Choice, Cond, Flow, Item, Material, Place, Source, Step, StepKind, Text,
    shipped_sources, validate_flow,
};
use proptest::prelude::*;

fn today() -> Date {
    Date::parse("2026-11-23").unwrap()
}

fn load(text: String) -> Catalog {
    Catalog::from_sources(
        &[Source {
            path: "fuzz.ron".into(),
            text,
        }],
        today(),
    )
}

/// A few ids, so that references sometimes resolve and sometimes do not.
fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => Just("a".to_string()),
        6 => Just("b".to_string()),
        6 => Just("c".to_string()),
        6 => Just("d".to_string()),
        4 => Just("end".to_string()),
        1 => Just("Bad Id".to_string()),
        1 => "[a-z]{1,3}",
    ]
}

fn text() -> impl Strategy<Value = Text> {
    (
        prop_oneof![1 => Just(String::new()), 30 => "[\\PC]{1,8}"],
        prop_oneof![1 => Just(String::new()), 30 => "[a-z][ -~]{0,7}"],
    )
        .prop_map(|(zh, en)| Text { zh, en })
}

fn cond() -> impl Strategy<Value = Cond> {
    let leaf = (id(), id()).prop_map(|(q, o)| Cond::Answer(q, o));
    leaf.prop_recursive(3, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Cond::All),
            prop::collection::vec(inner.clone(), 0..3).prop_map(Cond::Any),
            inner.prop_map(|c| Cond::Not(Box::new(c))),
        ]
    })
}

fn step() -> impl Strategy<Value = Step> {
    let choice =
        (id(), text(), prop::option::weighted(0.3, id())).prop_map(|(id, label, next)| Choice {
            id,
            label,
            hint: None,
            profile: Vec::new(),
            next,
        });
    let item = (
        id(),
        text(),
        prop::option::weighted(0.2, cond()),
        any::<bool>(),
        0u32..3,
        0u32..3,
    )
        .prop_map(|(id, label, when, required, originals, copies)| Item {
            id,
            label,
            note: None,
            when,
            required,
            material: (originals + copies > 0).then_some(Material {
                originals,
                copies,
                at: Place::Bank,
                how: Default::default(),
                office: None,
            }),
        });
    let kind = prop_oneof![
        2 => Just(StepKind::Info),
        1 => prop::collection::vec(choice, 1..4).prop_map(|options| StepKind::Question { options }),
        1 => prop::collection::vec(item, 1..4).prop_map(|items| StepKind::Checklist { items }),
    ];
    (
        id(),
        text(),
        prop::option::weighted(0.2, cond()),
        kind,
        prop::option::weighted(0.3, id()),
    )
        .prop_map(|(id, title, when, kind, next)| Step {
            id,
            title,
            when,
            body: vec![],
            tips: vec![],
            warnings: vec![],
            deadlines: vec![],
            kind,
            bind: None,
            local: Vec::new(),
            next,
            facts: vec![],
            place: None,
            office: None,
            action: None,
        })
}

fn flow() -> impl Strategy<Value = Flow> {
    (
        id(),
        text(),
        prop::collection::vec(step(), 0..6),
        prop::option::of(id()),
        prop_oneof![9 => Just("2026-01-01".to_string()), 1 => Just("bad".to_string())],
        prop::bool::weighted(0.8),
    )
        .prop_map(|(id, title, mut steps, start, reviewed, tidy)| {
            if tidy {
                // Unique ids by construction, so that many flows are valid.
                for (i, s) in steps.iter_mut().enumerate() {
                    s.id = ["a", "b", "c", "d", "e", "f"][i].to_string();
                    if let StepKind::Question { options } = &mut s.kind {
                        for (j, o) in options.iter_mut().enumerate() {
                            o.id = format!("o{j}");
                        }
                    }
                    if let StepKind::Checklist { items } = &mut s.kind {
                        for (j, it) in items.iter_mut().enumerate() {
                            it.id = format!("i{j}");
                        }
                    }
                }
            }
            (id, title, steps, if tidy { None } else { start }, reviewed)
        })
        .prop_map(|(id, title, steps, start, reviewed)| Flow {
            id,
            title: title.clone(),
            summary: title.clone(),
            category: Category::Card,
            aliases: vec!["x".into()],
            keywords: vec![],
            pinyin: vec![],
            sources: vec!["s".into()],
            reviewed,
            region_note: title,
            start,
            steps,
            related: vec![],
            hotlines: vec![],
            links: Default::default(),
        })
}

/// Drives a session with a sequence of arbitrary actions.
fn drive(flow: Flow, actions: &[(u8, usize)]) {
    let flow = Arc::new(flow);
    let mut s = Session::new(Arc::clone(&flow));
    for &(kind, n) in actions {
        let step_id = flow
            .steps
            .get(n % flow.steps.len().max(1))
            .map(|s| s.id.clone());
        match kind % 7 {
            0 => {
                let _ = s.advance();
            }
            1 => {
                s.back();
            }
            2 => {
                if let Some(cur) = s.current() {
                    let opt = cur.options().get(n % 3).map(|o| o.id.clone());
                    if let Some(o) = opt {
                        let _ = s.choose(&o);
                    }
                }
            }
            3 => {
                if let Some(sid) = &step_id {
                    let item = flow
                        .step(sid)
                        .and_then(|st| st.items().first())
                        .map(|i| i.id.clone());
                    let _ = s.toggle(sid, item.as_deref().unwrap_or("x"));
                }
            }
            4 => {
                if let Some(sid) = &step_id {
                    let _ = s.goto(sid);
                }
            }
            5 => s.restart(),
            _ => {
                let (s2, _) = Session::resume(Arc::clone(&flow), s.state().clone());
                s = s2;
            }
        }
        let _ = (s.route(), s.progress(), s.materials(), s.answered());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let catalog = load(String::from_utf8_lossy(&bytes).into_owned());
        for d in &catalog.diagnostics {
            prop_assert!(d.line >= 1 && d.col >= 1);
        }
    }

    #[test]
    fn mutated_real_files_never_panic(cut in 0usize..20_000, len in 0usize..40, insert in "[\\PC]{0,3}") {
        let src = &shipped_sources()[0].text;
        let mut at = cut % src.len();
        while !src.is_char_boundary(at) { at -= 1; }
        let mut end = (at + len).min(src.len());
        while !src.is_char_boundary(end) { end -= 1; }
        let text = format!("{}{}{}", &src[..at], insert, &src[end..]);
        let catalog = load(text.clone());
        let lines = text.lines().count().max(1);
        for d in &catalog.diagnostics {
            prop_assert!(d.line >= 1 && d.line <= lines + 1, "{d}");
        }
    }

    #[test]
    fn well_typed_flows_never_panic_and_valid_ones_always_finish(
        flow in flow(),
        actions in prop::collection::vec((any::<u8>(), any::<usize>()), 0..30),
    ) {
        let findings = validate_flow(&flow, today());
        let text = ron::ser::to_string_pretty(&flow, Default::default()).unwrap();
        let catalog = load(text);
        let valid = !findings.iter().any(|f| f.severity == banshi::flow::Severity::Error);
        prop_assert_eq!(catalog.len(), usize::from(valid));
        if valid {
            // Choosing the first option everywhere reaches the end in at most
            // one move per step: no loops survive validation.
            let mut s = Session::new(Arc::new(flow.clone()));
            let mut moves = 0;
            while !s.is_finished() {
                let first = s.current().and_then(|c| c.options().first()).map(|o| o.id.clone());
                match first {
                    Some(o) => s.choose(&o).unwrap_or_default(),
                    None => { s.advance().unwrap(); Default::default() }
                };
                moves += 1;
                prop_assert!(moves <= flow.steps.len(), "did not finish");
            }
            drive(flow, &actions);
        }
    }
}

/// The generator must actually produce valid flows, or the engine half of the
/// property above would be vacuous.
#[test]
fn the_generator_produces_valid_flows_often_enough() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = flow();
    let valid = (0..500)
        .filter(|_| {
            let f = strategy.new_tree(&mut runner).unwrap().current();
            !f.steps.is_empty()
                && !validate_flow(&f, today())
                    .iter()
                    .any(|x| x.severity == banshi::flow::Severity::Error)
        })
        .count();
    assert!(
        valid >= 25,
        "only {valid} of 500 generated flows were valid"
    );
}
