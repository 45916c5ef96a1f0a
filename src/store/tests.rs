use std::fs;

use super::file::Fault;
use super::*;
use crate::date::Date;
use crate::flow::{Catalog, Choice, Step, StepKind};

const FLOW: &str = "card-replace-activate";

fn flow() -> Arc<Flow> {
    let catalog = Catalog::load(None, Date::today());
    Arc::new(catalog.get(FLOW).expect("shipped flow").clone())
}

/// The shipped flow under another id: a second flow for the same user.
fn other_flow() -> Arc<Flow> {
    let mut f = (*flow()).clone();
    f.id = "second-flow".into();
    Arc::new(f)
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(Some(tmp.path())).unwrap();
    (tmp, store)
}

/// Answers "bank" and ticks the id card: a session with something in it.
fn worked_session(user: &mut UserStore, flow: Arc<Flow>) -> Session {
    let mut s = user.resume(flow);
    s.advance().unwrap();
    s.choose("bank").unwrap();
    s.toggle("bank", "id-card").unwrap();
    s
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

// ---- names ----

#[test]
fn names_map_to_safe_file_names_and_back() {
    for (name, stem) in [
        ("wangfang", "wangfang"),
        ("王芳", "王芳"),
        ("Mary Ann", "%4Dary%20%41nn"),
        ("li.wei", "li%2Ewei"),
        ("阿卜杜·热合曼", "阿卜杜%C2%B7热合曼"),
        ("Émile", "%C3%89mile"),
        ("a%b", "a%25b"),
        ("x_y-z9", "x_y-z9"),
    ] {
        assert_eq!(name::encode(name), stem, "{name}");
        assert_eq!(name::decode(stem).as_deref(), Some(name), "{stem}");
        assert!(name::check(name).is_ok(), "{name}");
    }
    // Names differing only in case get file names that differ even when
    // the file system ignores case.
    assert_ne!(
        name::encode("Alice").to_lowercase(),
        name::encode("alice").to_lowercase()
    );
    // Non-canonical stems (hand-made files) are not users.
    for stem in ["Alice", "li.wei", "a%2eb", "%", "%ZZ", "%2E%2E", "%2Fetc"] {
        assert_eq!(name::decode(stem), None, "{stem}");
    }
    // 64 Chinese characters fit; 65 do not.
    let long = "王".repeat(64);
    assert!(name::check(&long).is_ok());
    assert_eq!(name::check(&"王".repeat(65)), Err(NameError::TooLong(65)));
}

#[test]
fn hostile_names_are_refused_and_create_nothing() {
    let (tmp, store) = temp_store();
    for (bad, expect) in [
        ("", NameError::Empty),
        ("../etc/passwd", NameError::Separator),
        ("a/b", NameError::Separator),
        ("a\\b", NameError::Separator),
        ("..", NameError::DotDot),
        ("x..y", NameError::DotDot),
        (".hidden", NameError::LeadingDot),
        (".", NameError::LeadingDot),
        ("a\nb", NameError::Invisible(0x0A)),
        ("a\u{0}b", NameError::Invisible(0)),
        ("tab\there", NameError::Invisible(0x09)),
        ("王\u{202E}芳", NameError::Invisible(0x202E)),
        ("zero\u{200B}width", NameError::Invisible(0x200B)),
        (" 王芳", NameError::Padded),
        ("王芳 ", NameError::Padded),
    ] {
        match store.open_user(bad) {
            Err(StoreError::Name { source, .. }) => assert_eq!(source, expect, "{bad:?}"),
            other => panic!("{bad:?} was not refused: {other:?}"),
        }
    }
    let too_long = "a".repeat(65);
    let e = store.open_user(&too_long).unwrap_err();
    assert!(e.to_string().contains("at most 64"), "{e}");
    // Too many bytes once encoded (each character takes 9): refused, not truncated.
    let wide = "（".repeat(30);
    assert!(matches!(
        store.open_user(&wide),
        Err(StoreError::Name {
            source: NameError::TooLongForFile(_),
            ..
        })
    ));
    assert!(files_in(tmp.path()).is_empty());
}

#[test]
fn users_lists_decoded_names_and_skips_other_files() {
    let (_tmp, store) = temp_store();
    for n in ["王芳", "Mary Ann", "li.wei"] {
        let mut u = store.open_user(n).unwrap();
        let s = worked_session(&mut u, flow());
        u.save(&s).unwrap();
    }
    fs::write(store.dir().join("Stray.ron"), "(schema: 2)").unwrap();
    fs::write(store.dir().join("notes.txt"), "x").unwrap();
    let users = store.users().unwrap();
    let names: Vec<&str> = users.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["Mary Ann", "li.wei", "王芳"]);
    for u in &users {
        assert_eq!(u.flows.len(), 1);
        assert_eq!(u.flows[0].flow_id, FLOW);
        assert!(u.problem.is_none());
        assert!(u.last_activity.is_some());
    }
}

#[test]
fn default_user_is_a_valid_name() {
    assert!(name::check(&default_user()).is_ok());
    assert!(name::check(name::DEFAULT_USER).is_ok());
}

// ---- round trip and privacy ----

#[test]
fn progress_round_trips_through_the_file() {
    let (_tmp, store) = temp_store();
    let mut user = store.open_user("王芳").unwrap();
    assert!(!user.has_progress());
    let session = worked_session(&mut user, flow());
    user.save(&session).unwrap();
    assert!(user.take_notices().is_empty());

    let mut again = store.open_user("王芳").unwrap();
    assert!(again.has_progress());
    let resumed = again.resume(flow());
    assert_eq!(resumed.state(), session.state());
    assert!(again.take_notices().is_empty());
    let saved = again.in_progress();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].state, *session.state());
    assert_eq!(saved[0].progress(flow()), session.progress());
    assert!(saved[0].last_activity >= file::now() - 60);
    assert_eq!(store.dir().join("王芳.ron"), again.path());
}

#[test]
fn the_file_holds_ids_and_numbers_only() {
    let (_tmp, store) = temp_store();
    let mut user = store.open_user("王芳").unwrap();
    let session = worked_session(&mut user, flow());
    user.save(&session).unwrap();
    let text = fs::read_to_string(user.path()).unwrap();
    assert!(text.contains(&format!("schema: {SCHEMA}")), "{text}");
    let parsed: file::FileV2 = ron::from_str(&text).unwrap();
    let record = &parsed.flows[FLOW];
    assert_eq!(record.answers["function"], "bank");
    // No titles, labels or the user's name in the file.
    let f = flow();
    for step in &f.steps {
        assert!(!text.contains(&step.title.zh), "{}", step.title.zh);
        assert!(!text.contains(&step.title.en), "{}", step.title.en);
    }
    assert!(!text.contains("王芳"));
    // Every string in it is an id of the flow, the fingerprint, or the flow id.
    let mut ids: Vec<String> = vec![FLOW.into(), fingerprint(&f)];
    for s in &f.steps {
        ids.push(s.id.clone());
        ids.extend(s.options().iter().map(|o| o.id.clone()));
        ids.extend(s.items().iter().map(|i| i.id.clone()));
    }
    for quoted in text.split('"').skip(1).step_by(2) {
        assert!(
            ids.iter().any(|i| i == quoted),
            "unexpected string {quoted:?}"
        );
    }
}

#[test]
fn fingerprint_follows_ids_not_wording() {
    let a = flow();
    let mut b = (*a).clone();
    b.steps[0].title.zh = "改了措辞".into();
    assert_eq!(fingerprint(&a), fingerprint(&b));
    let mut c = (*a).clone();
    if let StepKind::Question { options } = &mut c.steps[1].kind {
        options[0].id = "renamed".into();
    }
    assert_ne!(fingerprint(&a), fingerprint(&c));
    assert_eq!(fingerprint(&a).len(), 16);
}

// ---- never lose data ----

#[test]
fn unreadable_files_are_moved_aside_with_a_notice() {
    let good = {
        let (_tmp, store) = temp_store();
        let mut u = store.open_user("x").unwrap();
        let s = worked_session(&mut u, flow());
        u.save(&s).unwrap();
        fs::read(u.path()).unwrap()
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", good[..good.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("garbage", b"\x00\x01PK\x03\x04 not ron at all {{{".to_vec()),
        ("not utf-8", vec![0xff, 0xfe, 0x28, 0x73]),
        ("no schema", b"(flows: {})".to_vec()),
        (
            "schema wrong type",
            b"(schema: \"two\", flows: {})".to_vec(),
        ),
        ("flows wrong type", b"(schema: 2, flows: 5)".to_vec()),
        (
            "answer wrong type",
            b"(schema: 2, flows: {\"a\": (updated: 1, answers: {\"q\": 3})})".to_vec(),
        ),
        (
            "unknown field",
            b"(schema: 2, flows: {}, name: \"x\")".to_vec(),
        ),
        ("schema zero", b"(schema: 0)".to_vec()),
        (
            "v1 wrong type",
            b"(schema: 1, saved: \"soon\", states: [])".to_vec(),
        ),
    ];
    for (what, bytes) in cases {
        let (tmp, store) = temp_store();
        fs::create_dir_all(store.dir()).unwrap();
        let path = store.dir().join("王芳.ron");
        fs::write(&path, &bytes).unwrap();
        let mut user = store.open_user("王芳").unwrap();
        assert!(!user.has_progress(), "{what}");
        let notices = user.take_notices();
        let [Notice::MovedAside { moved_to, .. }] = notices.as_slice() else {
            panic!("{what}: {notices:?}");
        };
        assert!(!path.exists(), "{what}: the bad file is still in place");
        assert_eq!(
            fs::read(moved_to).unwrap(),
            bytes,
            "{what}: content changed"
        );
        let file_name = moved_to.file_name().unwrap().to_string_lossy().into_owned();
        assert!(file_name.starts_with("王芳.ron.corrupt-"), "{file_name}");
        let msg = notices[0].message(Lang::En);
        assert!(msg.contains(&moved_to.display().to_string()), "{msg}");
        assert!(msg.contains("starting fresh"), "{msg}");
        assert!(notices[0].message(Lang::ZhCn).contains("重新开始"));
        // A fresh start saves normally and the moved file stays.
        let s = worked_session(&mut user, flow());
        user.save(&s).unwrap();
        assert!(path.exists() && moved_to.exists(), "{what}");
        // The listing does not show moved-aside files as users.
        assert_eq!(store.users().unwrap().len(), 1, "{what}");
        drop(tmp);
    }
}

#[test]
fn a_second_bad_file_does_not_replace_the_first_one_moved_aside() {
    let (_tmp, store) = temp_store();
    fs::create_dir_all(store.dir()).unwrap();
    let path = store.dir().join("li.ron");
    fs::write(&path, "first").unwrap();
    let mut a = store.open_user("li").unwrap();
    fs::write(&path, "second").unwrap();
    let mut b = store.open_user("li").unwrap();
    let moved: Vec<PathBuf> = a
        .take_notices()
        .into_iter()
        .chain(b.take_notices())
        .map(|n| match n {
            Notice::MovedAside { moved_to, .. } => moved_to,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(moved.len(), 2);
    assert_ne!(moved[0], moved[1]);
    assert_eq!(fs::read_to_string(&moved[0]).unwrap(), "first");
    assert_eq!(fs::read_to_string(&moved[1]).unwrap(), "second");
}

#[test]
fn a_file_from_a_newer_banshi_is_refused_and_left_untouched() {
    let (_tmp, store) = temp_store();
    fs::create_dir_all(store.dir()).unwrap();
    let path = store.dir().join("王芳.ron");
    let future = format!(
        "(schema: {}, flows: {{}}, shiny_new_field: [1, 2, 3])",
        SCHEMA + 1
    );
    fs::write(&path, &future).unwrap();
    let err = store.open_user("王芳").unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found, .. } if found == SCHEMA + 1),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("newer banshi") && msg.contains("王芳.ron"),
        "{msg}"
    );
    assert!(msg.contains("left untouched"), "{msg}");
    assert_eq!(fs::read(&path).unwrap(), future.as_bytes());
    assert_eq!(files_in(store.dir()), ["王芳.ron"]);
    let users = store.users().unwrap();
    assert!(users[0].problem.as_deref().unwrap().contains("newer"));

    // A session opened before a newer banshi saved refuses to overwrite it.
    fs::remove_file(&path).unwrap();
    let mut user = store.open_user("王芳").unwrap();
    let s = worked_session(&mut user, flow());
    fs::write(&path, &future).unwrap();
    assert!(matches!(user.save(&s), Err(StoreError::NewerSchema { .. })));
    assert_eq!(fs::read(&path).unwrap(), future.as_bytes());
}

#[test]
fn a_failure_between_write_and_rename_leaves_the_old_file() {
    let (_tmp, store) = temp_store();
    let mut user = store.open_user("王芳").unwrap();
    let mut session = worked_session(&mut user, flow());
    user.save(&session).unwrap();
    let before = fs::read(user.path()).unwrap();

    session.toggle("bank", "new-card").unwrap();
    user.fault = Fault::BeforeRename;
    let err = user.save(&session).unwrap_err();
    assert!(matches!(err, StoreError::Write { .. }), "{err:?}");
    assert!(err.to_string().contains("王芳.ron"), "{err}");
    assert_eq!(fs::read(user.path()).unwrap(), before);
    // No temporary file left behind, and the old progress still loads.
    assert_eq!(files_in(store.dir()), [".lock", "王芳.ron"]);
    let mut again = store.open_user("王芳").unwrap();
    assert!(!again.resume(flow()).is_ticked("bank", "new-card"));

    // The next save works.
    user.fault = Fault::None;
    user.save(&session).unwrap();
    let mut again = store.open_user("王芳").unwrap();
    assert!(again.resume(flow()).is_ticked("bank", "new-card"));
}

// ---- two sessions on one user ----

#[test]
fn two_sessions_on_different_flows_keep_both() {
    let (_tmp, store) = temp_store();
    let mut a = store.open_user("王芳").unwrap();
    let mut b = store.open_user("王芳").unwrap();
    let sa = worked_session(&mut a, flow());
    let mut sb = b.resume(other_flow());
    sb.advance().unwrap();
    sb.choose("medical").unwrap();
    a.save(&sa).unwrap();
    b.save(&sb).unwrap(); // b never saw a's save
    a.save(&sa).unwrap(); // and a saves again after b
    assert!(a.take_notices().is_empty());
    assert!(b.take_notices().is_empty());

    let mut c = store.open_user("王芳").unwrap();
    assert_eq!(c.in_progress().len(), 2);
    assert_eq!(c.resume(flow()).answer_of("function"), Some("bank"));
    assert_eq!(
        c.resume(other_flow()).answer_of("function"),
        Some("medical")
    );
    // Each handle sees the other's flow after its own save or resume.
    assert_eq!(a.in_progress().len(), 2);
}

#[test]
fn two_sessions_on_the_same_flow_the_later_change_wins_and_says_so() {
    let (_tmp, store) = temp_store();
    let mut a = store.open_user("王芳").unwrap();
    let mut b = store.open_user("王芳").unwrap();
    let sa = worked_session(&mut a, flow());
    let mut sb = b.resume(flow());
    a.save(&sa).unwrap();
    sb.advance().unwrap();
    sb.choose("medical").unwrap();
    b.save(&sb).unwrap();
    let notices = b.take_notices();
    assert!(
        matches!(notices.as_slice(), [Notice::ChangedElsewhere { flow_id, .. }] if flow_id == FLOW),
        "{notices:?}"
    );
    assert!(notices[0].message(Lang::En).contains("another terminal"));
    // b saving again is not a conflict: it has seen its own save.
    sb.toggle("medical", "new-card").unwrap();
    b.save(&sb).unwrap();
    assert!(b.take_notices().is_empty());
    // a resumes and sees b's progress (no notice: resuming is not a conflict).
    let resumed = a.resume(flow());
    assert_eq!(resumed.answer_of("function"), Some("medical"));
    assert!(resumed.is_ticked("medical", "new-card"));
    assert!(a.take_notices().is_empty());
}

#[test]
fn a_reset_in_one_session_is_seen_by_the_other() {
    let (_tmp, store) = temp_store();
    let mut a = store.open_user("王芳").unwrap();
    let sa = worked_session(&mut a, flow());
    a.save(&sa).unwrap();
    let sb_flow = other_flow();
    let mut sb = a.resume(Arc::clone(&sb_flow));
    sb.advance().unwrap();
    a.save(&sb).unwrap();

    let mut b = store.open_user("王芳").unwrap();
    assert!(b.reset(Some(FLOW)).unwrap());
    assert!(!b.reset(Some(FLOW)).unwrap());
    // a resumes the reset flow: a fresh start.
    let fresh = a.resume(flow());
    assert_eq!(fresh.answer_of("function"), None);
    assert_eq!(a.in_progress().len(), 1);
    // Resetting everything removes the file.
    assert!(b.reset(None).unwrap());
    assert!(!b.path().exists());
    assert!(!b.has_progress());
    assert!(store.users().unwrap().is_empty());
}

#[test]
fn a_held_lock_makes_others_wait_then_give_up_with_a_clear_message() {
    let (_tmp, store) = temp_store();
    fs::create_dir_all(store.dir()).unwrap();
    let path = store.dir().join(".lock");
    let held = file::Lock::acquire(&path).unwrap();
    let err = file::Lock::acquire_within(&path, std::time::Duration::from_millis(30)).unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err:?}");
    assert!(err.to_string().contains(".lock"), "{err}");
    drop(held);
    file::Lock::acquire_within(&path, std::time::Duration::from_millis(30)).unwrap();
}

// ---- permissions ----

#[cfg(unix)]
#[test]
fn folders_are_private_and_files_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let (_tmp, store) = temp_store();
    fs::create_dir_all(store.dir()).unwrap();
    fs::set_permissions(store.dir(), fs::Permissions::from_mode(0o755)).unwrap();
    let mut user = store.open_user("王芳").unwrap();
    let s = worked_session(&mut user, flow());
    user.save(&s).unwrap();
    assert_eq!(mode(store.dir()), 0o700);
    assert_eq!(mode(user.path()), 0o600);
    assert_eq!(mode(&store.dir().join(".lock")), 0o600);
    let exports = store.exports_dir().unwrap();
    assert_eq!(mode(&exports), 0o700);
    assert!(exports.ends_with("exports"));

    // A moved-aside file is owner-only too.
    let bad = store.dir().join("li.ron");
    fs::write(&bad, "garbage").unwrap();
    fs::set_permissions(&bad, fs::Permissions::from_mode(0o644)).unwrap();
    let mut li = store.open_user("li").unwrap();
    let Some(Notice::MovedAside { moved_to, .. }) = li.take_notices().pop() else {
        panic!("not moved aside");
    };
    assert_eq!(mode(&moved_to), 0o600);
}

// ---- schema migration ----

const V1: &str = include_str!("../../tests/fixtures/progress-v1.ron");

#[test]
fn a_schema_1_file_loads_through_the_migration() {
    let (_tmp, store) = temp_store();
    fs::create_dir_all(store.dir()).unwrap();
    let path = store.dir().join("王芳.ron");
    fs::write(&path, V1).unwrap();
    let mut user = store.open_user("王芳").unwrap();
    assert!(user.take_notices().is_empty());
    let saved = user.in_progress();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].flow_id, FLOW);
    assert_eq!(saved[0].last_activity, 1_767_225_600);
    assert_eq!(
        Date::from_days(1_767_225_600 / 86_400).to_string(),
        "2026-01-01"
    );

    let session = user.resume(flow());
    assert_eq!(session.answer_of("function"), Some("both"));
    assert!(session.is_ticked("medical", "new-card"));
    assert_eq!(session.current().map(|s| s.id.as_str()), Some("bank"));
    // Everything in the old file still applies: nothing to tell.
    assert!(user.take_notices().is_empty(), "{:?}", user.take_notices());
    // Resuming recorded the flow's revision in the current schema, keeping
    // the old activity time.
    let text = fs::read_to_string(&path).unwrap();
    let Loaded::Ok(v2) = file::parse(text.as_bytes()) else {
        panic!("{text}");
    };
    assert_eq!(v2.schema, SCHEMA);
    let record = &v2.flows[FLOW];
    assert_eq!(
        record.revision.as_deref(),
        Some(fingerprint(&flow()).as_str())
    );
    assert_eq!(record.updated, 1_767_225_600);
    assert_eq!(record.answers["function"], "both");
}

// ---- flows that changed under saved progress ----

fn step(id: &str, zh: &str, en: &str) -> Step {
    Step {
        id: id.into(),
        title: Text::new(zh, en),
        when: None,
        body: Vec::new(),
        tips: Vec::new(),
        warnings: Vec::new(),
        deadlines: Vec::new(),
        kind: StepKind::Info,
        bind: None,
        local: Vec::new(),
        next: None,
        facts: Vec::new(),
        place: None,
        office: None,
        action: None,
    }
}

#[test]
fn an_added_step_is_told_once_in_the_users_language() {
    let (_tmp, store) = temp_store();
    let mut user = store.open_user("王芳").unwrap();
    let session = worked_session(&mut user, flow());
    user.save(&session).unwrap();

    // The editor adds an appointment step before "trouble", and one the
    // user will never see (after the end).
    let mut edited = (*flow()).clone();
    let at = edited.step_index("trouble").unwrap();
    edited
        .steps
        .insert(at, step("appointment", "预约", "Book an appointment"));
    edited
        .steps
        .push(step("unreached", "不会到达", "Unreached"));
    let edited = Arc::new(edited);

    let mut user = store.open_user("王芳").unwrap();
    let resumed = user.resume(Arc::clone(&edited));
    assert_eq!(resumed.state(), session.state());
    let notices = user.take_notices();
    let [Notice::FlowChanged { added, removed, .. }] = notices.as_slice() else {
        panic!("{notices:?}");
    };
    assert_eq!(added, &[Text::new("预约", "Book an appointment")]);
    assert!(removed.is_empty());
    let zh = notices[0].message(Lang::ZhCn);
    assert!(zh.contains("新增了一步：预约"), "{zh}");
    assert!(!zh.contains("不会到达"), "{zh}");
    assert!(
        notices[0]
            .message(Lang::En)
            .contains("a step was added: Book an appointment")
    );

    // Told once: the next resume, in this or another session, says nothing.
    user.resume(Arc::clone(&edited));
    assert!(user.take_notices().is_empty());
    let mut other = store.open_user("王芳").unwrap();
    other.resume(Arc::clone(&edited));
    assert!(other.take_notices().is_empty());
}

#[test]
fn a_removed_option_or_step_is_reconciled_not_fatal() {
    let (_tmp, store) = temp_store();
    let mut user = store.open_user("王芳").unwrap();
    let session = worked_session(&mut user, flow());
    user.save(&session).unwrap();

    // The "bank" option and the "bank" step are gone; a new option exists.
    let mut edited = (*flow()).clone();
    let q = edited.step_index("function").unwrap();
    if let StepKind::Question { options } = &mut edited.steps[q].kind {
        options.retain(|o| o.id != "bank");
        options.push(Choice {
            id: "online".into(),
            label: Text::new("线上", "Online"),
            hint: None,
            profile: Vec::new(),
            next: None,
        });
    }
    edited.steps.retain(|s| s.id != "bank");
    let edited = Arc::new(edited);

    let mut user = store.open_user("王芳").unwrap();
    let resumed = user.resume(Arc::clone(&edited));
    assert!(resumed.answered().is_empty(), "the answer no longer counts");
    assert_eq!(
        resumed.answer_of("function"),
        Some("bank"),
        "but it is kept, dormant (issue 17 item 5)"
    );
    assert_eq!(resumed.current().map(|s| s.id.as_str()), Some("function"));
    let notices = user.take_notices();
    let [
        Notice::FlowChanged {
            removed,
            dropped_answers,
            ..
        },
    ] = notices.as_slice()
    else {
        panic!("{notices:?}");
    };
    assert_eq!(removed, &["bank".to_string()]);
    assert_eq!(dropped_answers.len(), 1);
    assert_eq!(dropped_answers[0].zh, "你要启用哪种功能？");
    let en = notices[0].message(Lang::En);
    assert!(en.contains("a step was removed: bank"), "{en}");
    assert!(en.contains("no longer applies"), "{en}");
    // Told once: the file now records the edited flow's revision.
    let mut again = store.open_user("王芳").unwrap();
    again.resume(edited);
    assert!(again.take_notices().is_empty());
    // Without the edit (the override gone), everything is as it was.
    let mut back = store.open_user("王芳").unwrap();
    let original = back.resume(flow());
    assert_eq!(original.state().answers, session.state().answers);
    assert_eq!(original.state().ticks, session.state().ticks);
}

// ---- hostile files (#17) ----

#[cfg(unix)]
#[test]
fn a_link_fifo_or_folder_in_place_of_the_file_is_named_never_read_or_moved() {
    let (tmp, store) = temp_store();
    fs::create_dir_all(store.dir()).unwrap();
    let secret = tmp.path().join("secret");
    fs::write(&secret, "outside").unwrap();
    std::os::unix::fs::symlink(&secret, store.dir().join("eve.ron")).unwrap();
    fs::create_dir(store.dir().join("dan.ron")).unwrap();
    let fifo = store.dir().join("zed.ron");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (name, kind) in [
        ("eve", FileKind::Link),
        ("dan", FileKind::Dir),
        ("zed", FileKind::Fifo),
    ] {
        match store.open_user(name) {
            Err(StoreError::NotRegular { kind: k, .. }) => assert_eq!(k, kind, "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
    let users = store.users().unwrap();
    assert_eq!(users.len(), 3);
    assert!(users.iter().all(|u| u.problem.is_some()));
    assert_eq!(fs::read_to_string(&secret).unwrap(), "outside");
    assert_eq!(files_in(store.dir()), ["dan.ron", "eve.ron", "zed.ron"]);
}

#[test]
fn names_are_one_person_in_nfc_and_odd_spaces_are_refused() {
    let (_tmp, store) = temp_store();
    let mut a = store.open_user("Ren\u{e9}").unwrap();
    let s = worked_session(&mut a, flow());
    a.save(&s).unwrap();
    let b = store.open_user("Rene\u{301}").unwrap();
    assert_eq!(b.name(), "Ren\u{e9}");
    assert!(b.has_progress());
    for bad in ["a\u{a0}b", "\u{3000}", "a\u{2028}", "\u{2800}", "\u{301}x"] {
        assert!(
            matches!(store.open_user(bad), Err(StoreError::Name { .. })),
            "{bad:?}"
        );
    }
}

#[test]
fn saves_leave_no_temp_file_and_stale_ones_are_cleaned() {
    let (_tmp, store) = temp_store();
    let mut user = store.open_user("kim").unwrap();
    let mut s = worked_session(&mut user, flow());
    user.save(&s).unwrap();
    // A failure between write and rename: the temp file is ours by name.
    user.fault = Fault::BeforeRename;
    s.toggle("bank", "id-card").unwrap();
    assert!(user.save(&s).is_err());
    user.fault = Fault::None;
    assert_eq!(files_in(store.dir()), [".lock", "kim.ron"]);
    // Fresh temp files stay (a save may be running); a reset removes kim's.
    fs::write(store.dir().join(".banshi-tmp-kim.ron.AAAAAA"), "x").unwrap();
    fs::write(store.dir().join(".banshi-tmp-li.ron.BBBBBB"), "x").unwrap();
    let again = Store::open(Some(store.dir().parent().unwrap())).unwrap();
    assert_eq!(files_in(again.dir()).len(), 4);
    user.reset(None).unwrap();
    assert_eq!(
        files_in(store.dir()),
        [".banshi-tmp-li.ron.BBBBBB", ".lock"]
    );
}

// ---- the person's profile (schema 4) ----

use crate::engine::profile::Profile;

fn nanjing_resident_child() -> Profile {
    Profile {
        region: Some("nanjing".into()),
        insurance: Some("resident".into()),
        for_whom: Some("child".into()),
    }
}

#[test]
fn the_profile_is_saved_with_the_person_as_ids_and_read_back() {
    let (_tmp, store) = temp_store();
    let mut user = store.open_user("王芳").unwrap();
    let s = worked_session(&mut user, flow());
    user.save(&s).unwrap();
    user.set_person(|p| {
        p.lang = Some("en".into());
        p.profile = nanjing_resident_child();
    })
    .unwrap();
    assert!(!user.person().is_empty());

    // Another terminal (a fresh open) reads it back, progress untouched.
    let again = store.open_user("王芳").unwrap();
    assert_eq!(again.person().profile, nanjing_resident_child());
    assert_eq!(again.person().lang.as_deref(), Some("en"));
    assert_eq!(again.in_progress()[0].state, *s.state());
    let text = fs::read_to_string(again.path()).unwrap();
    assert!(text.contains(&format!("schema: {SCHEMA}")), "{text}");
    assert!(text.contains("region: Some(\"nanjing\")"), "{text}");
    // Ids only: no place or option names, in either language.
    for words in ["南京", "Nanjing", "居民", "子女", "王芳"] {
        assert!(!text.contains(words), "{words} in {text}");
    }
    // The export carries the profile (it is the file's schema).
    assert_eq!(again.export(), text);

    // Unsure where one is insured is a value of its own.
    let mut user = store.open_user("王芳").unwrap();
    user.set_person(|p| p.profile.region = Some(crate::engine::profile::REGION_UNSURE.into()))
        .unwrap();
    let again = store.open_user("王芳").unwrap();
    assert_eq!(again.person().profile.region.as_deref(), Some("unsure"));
    assert_eq!(again.person().profile.place(), None);

    // A person only switched to, with a profile and no progress, is stored.
    let mut li = store.open_user("李四").unwrap();
    li.set_person(|p| p.profile.for_whom = Some("elder".into()))
        .unwrap();
    let li = store.open_user("李四").unwrap();
    assert_eq!(li.person().profile.for_whom.as_deref(), Some("elder"));
    assert!(!li.has_progress());
}

#[test]
fn unknown_profile_values_are_dropped_never_misread_nor_written() {
    let (_tmp, store) = temp_store();
    fs::create_dir_all(store.dir()).unwrap();
    let path = store.dir().join("王芳.ron");
    // A newer banshi's place and values, or a hand edit.
    let text = format!(
        "(schema: {SCHEMA}, flows: {{}}, person: (lang: Some(\"zh-CN\"), profile: (\
         region: Some(\"atlantis\"), insurance: Some(\"gold\"), for_whom: Some(\"self\"))))"
    );
    fs::write(&path, &text).unwrap();
    let mut user = store.open_user("王芳").unwrap();
    assert!(user.take_notices().is_empty(), "read, not moved aside");
    let p = user.person().profile.clone();
    assert_eq!(p.region, None);
    assert_eq!(p.insurance, None);
    assert_eq!(p.for_whom.as_deref(), Some("self"));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        text,
        "reading changes nothing"
    );

    // Saving never writes an unknown value either.
    user.set_person(|p| {
        p.lang = Some("en".into());
        p.profile.region = Some("../../etc".into());
        p.profile.insurance = Some("职工 with a free-text note".into());
    })
    .unwrap();
    assert_eq!(user.person().profile.region, None);
    assert_eq!(user.person().profile.insurance, None);
    let written = fs::read_to_string(&path).unwrap();
    for bad in ["atlantis", "gold", "etc", "职工", "note"] {
        assert!(!written.contains(bad), "{bad} in {written}");
    }
    let again = store.open_user("王芳").unwrap();
    assert_eq!(again.person().profile.for_whom.as_deref(), Some("self"));
    assert_eq!(again.person().lang.as_deref(), Some("en"));
}

/// A schema-3 file, as the last release wrote it (a record with `seen`, a
/// remembered language and position), by hand.
const V3: &str = r#"(
    schema: 3,
    flows: {
        "card-replace-activate": (
            revision: None,
            steps: [],
            updated: 1767225600,
            saves: 2,
            answers: {"function": "bank"},
            ticks: {"bank": ["id-card"]},
            current: Some("bank"),
            seen: ["why", "function", "bank"],
        ),
    },
    person: (
        lang: Some("en"),
        at: Some("card-replace-activate"),
    ),
)
"#;

#[test]
fn a_schema_3_file_loads_with_an_empty_profile_and_is_saved_as_4() {
    let (_tmp, store) = temp_store();
    fs::create_dir_all(store.dir()).unwrap();
    let path = store.dir().join("王芳.ron");
    fs::write(&path, V3).unwrap();
    let mut user = store.open_user("王芳").unwrap();
    assert!(user.take_notices().is_empty());
    assert_eq!(user.person().lang.as_deref(), Some("en"));
    assert_eq!(user.person().at.as_deref(), Some(FLOW));
    assert!(user.person().profile.is_empty());
    let saved = user.in_progress();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].state.answers["function"], "bank");
    assert!(saved[0].state.seen.contains("function"));
    // Opening and listing change nothing on disk.
    assert_eq!(store.users().unwrap()[0].problem, None);
    assert_eq!(fs::read_to_string(&path).unwrap(), V3);

    // The next save writes schema 4, keeping everything the file held.
    user.set_person(|p| p.profile = nanjing_resident_child())
        .unwrap();
    let text = fs::read_to_string(&path).unwrap();
    let Loaded::Ok(v4) = file::parse(text.as_bytes()) else {
        panic!("{text}");
    };
    assert_eq!(v4.schema, 4);
    assert_eq!(v4.person.profile, nanjing_resident_child());
    assert_eq!(v4.person.lang.as_deref(), Some("en"));
    assert_eq!(v4.flows[FLOW].saves, 2);
    assert_eq!(v4.flows[FLOW].answers["function"], "bank");
    assert!(v4.flows[FLOW].seen.contains("bank"));
    let session = store.open_user("王芳").unwrap().resume(flow());
    assert_eq!(session.answer_of("function"), Some("bank"));

    // A schema-3 file saved by a progress save (not a person change) is
    // written as 4 too.
    fs::write(&path, V3).unwrap();
    let mut user = store.open_user("王芳").unwrap();
    let mut s = user.resume(flow());
    s.toggle("bank", "id-card").unwrap();
    user.save(&s).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("schema: 4"), "{text}");
    assert!(text.contains("lang: Some(\"en\")"), "{text}");
}

#[test]
fn a_schema_5_file_is_refused_and_left_untouched() {
    let (_tmp, store) = temp_store();
    fs::create_dir_all(store.dir()).unwrap();
    let path = store.dir().join("王芳.ron");
    let future = V3.replace("schema: 3", "schema: 5");
    fs::write(&path, &future).unwrap();
    assert!(matches!(
        store.open_user("王芳"),
        Err(StoreError::NewerSchema { found: 5, .. })
    ));
    assert!(store.delete_user("王芳").is_err());
    assert_eq!(fs::read_to_string(&path).unwrap(), future);
}

#[test]
fn deleting_a_person_or_all_their_progress_deletes_the_profile() {
    let (_tmp, store) = temp_store();
    // The helpdesk's delete (F8).
    let mut user = store.open_user("王芳").unwrap();
    let s = worked_session(&mut user, flow());
    user.save(&s).unwrap();
    user.set_person(|p| p.profile = nanjing_resident_child())
        .unwrap();
    store.delete_user("王芳").unwrap();
    assert!(!user.path().exists());
    let next = store.open_user("王芳").unwrap();
    assert!(next.person().is_empty());
    assert!(!next.has_progress());

    // `progress reset NAME` (every procedure).
    let mut user = store.open_user("李四").unwrap();
    let s = worked_session(&mut user, flow());
    user.save(&s).unwrap();
    user.set_person(|p| p.profile = nanjing_resident_child())
        .unwrap();
    assert!(user.reset(None).unwrap());
    assert!(user.person().is_empty());
    assert!(store.open_user("李四").unwrap().person().is_empty());
    assert_eq!(files_in(store.dir()), [".lock"]);
}
