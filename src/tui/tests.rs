//! Views rendered into ratatui's `TestBackend` (insta snapshots, both
//! languages, 60x16 and 120x40) and every key driven through `update`.
//! The flows are the small test flows in `tests/fixtures/wizard/`, so content
//! changes elsewhere do not churn the snapshots.

use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use tempfile::TempDir;

use super::app::{Action, App, Overlay, Screen, update};
use super::keys::action_for;
use super::theme::Theme;
use super::view::draw;
use crate::date::Date;
use crate::flow::{Flow, Lang, Source, parse};
use crate::store::Store;

const CARD: &str = include_str!("../../tests/fixtures/wizard/test-card.ron");
const REMOTE: &str = include_str!("../../tests/fixtures/wizard/test-remote.ron");

fn flows() -> Vec<Arc<Flow>> {
    [("test-card.ron", CARD), ("test-remote.ron", REMOTE)]
        .iter()
        .map(|(p, t)| {
            Arc::new(
                parse(&Source {
                    path: (*p).into(),
                    text: (*t).into(),
                })
                .unwrap(),
            )
        })
        .collect()
}

fn today() -> Date {
    Date::parse("2026-03-01").unwrap()
}

struct Fixture {
    dir: TempDir,
    app: App,
}

fn fixture(lang: Lang) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(Some(dir.path())).map_err(|e| e.to_string());
    let app = App::new(flows(), store, "王芳", lang, today(), Theme { color: true });
    Fixture { dir, app }
}

fn act(app: &mut App, actions: &[Action]) {
    for a in actions {
        update(app, a.clone());
    }
}

fn typed(app: &mut App, s: &str) {
    update(app, Action::Type(s.into()));
}

/// The screen as text, one line per row. Cells covered by a wide character
/// are skipped; a covered cell that holds anything but a blank is an
/// overlap bug and fails the test.
fn screen(buf: &Buffer) -> String {
    let w = buf.area.width as usize;
    let mut out = String::new();
    if w == 0 {
        return out;
    }
    for (y, row) in buf.content.chunks(w).enumerate() {
        let mut skip = 0;
        let mut line = String::new();
        for (x, c) in row.iter().enumerate() {
            if skip > 0 {
                assert!(
                    c.symbol().trim().is_empty(),
                    "row {y} col {x}: {:?} hidden under a wide character",
                    c.symbol()
                );
                skip -= 1;
                continue;
            }
            line.push_str(c.symbol());
            skip = unicode_width::UnicodeWidthStr::width(c.symbol()).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn render(app: &App, w: u16, h: u16) -> (String, Buffer) {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let frame = term.draw(|f| draw(app, f)).unwrap();
    let buf = frame.buffer.clone();
    (screen(&buf), buf)
}

fn text(app: &App, w: u16, h: u16) -> String {
    render(app, w, h).0
}

/// Every screen in one state, checked at both sizes and in both languages.
fn snap_all(name: &str, setup: impl Fn(&mut App)) {
    for lang in Lang::ALL {
        let mut f = fixture(lang);
        setup(&mut f.app);
        f.app.lang = lang;
        for (w, h) in [(60, 16), (120, 40)] {
            let s = text(&f.app, w, h);
            insta::assert_snapshot!(format!("{name}-{}-{w}x{h}", lang.tag()), s);
        }
    }
}

fn open_card(app: &mut App) {
    typed(app, "ceshi");
    update(app, Action::Select);
    assert_eq!(app.screen, Screen::Flow);
}

// ---- snapshots ----

#[test]
fn snapshot_home() {
    snap_all("home", |_| {});
}

#[test]
fn snapshot_search_results() {
    snap_all("search", |app| typed(app, "ceshi"));
}

#[test]
fn snapshot_flow_info() {
    snap_all("flow-info", open_card);
}

#[test]
fn snapshot_flow_question() {
    snap_all("flow-question", |app| {
        open_card(app);
        act(app, &[Action::Next, Action::Down]);
    });
}

#[test]
fn snapshot_flow_checklist() {
    snap_all("flow-checklist", |app| {
        open_card(app);
        act(app, &[Action::Next, Action::Select, Action::Select]);
    });
}

#[test]
fn snapshot_summary() {
    snap_all("summary", |app| {
        open_card(app);
        act(
            app,
            &[
                Action::Next,
                Action::Select,
                Action::Select,
                Action::Last,
                Action::Select,
            ],
        );
        assert_eq!(app.screen, Screen::Summary);
    });
}

#[test]
fn snapshot_help() {
    snap_all("help", |app| {
        update(app, Action::StopTyping);
        update(app, Action::Help);
    });
}

#[test]
fn snapshot_users() {
    snap_all("users", |app| {
        update(app, Action::Users);
    });
}

#[test]
fn snapshot_route_overlay() {
    snap_all("route", |app| {
        open_card(app);
        act(app, &[Action::Next, Action::Route]);
    });
}

#[test]
fn snapshot_in_progress_and_confirm() {
    snap_all("in-progress", |app| {
        open_card(app);
        act(app, &[Action::Next, Action::Back, Action::Back]);
        assert_eq!(app.screen, Screen::Home);
    });
    snap_all("confirm-restart", |app| {
        open_card(app);
        act(app, &[Action::Restart]);
    });
}

#[test]
fn too_small_says_so_and_never_panics() {
    let f = fixture(Lang::ZhCn);
    let s = text(&f.app, 59, 16);
    assert!(s.contains("窗口太小"), "{s}");
    let s = text(&f.app, 60, 15);
    assert!(s.contains("窗口太小"), "{s}");
    for (w, h) in [(1, 1), (10, 3), (30, 8), (0, 0)] {
        let _ = render(&f.app, w, h);
    }
    let mut f = fixture(Lang::En);
    open_card(&mut f.app);
    for w in 55..70 {
        for h in 10..20 {
            let _ = render(&f.app, w, h);
        }
    }
}

#[test]
fn no_color_uses_no_colours_and_colour_mode_marks_warnings() {
    let mut f = fixture(Lang::ZhCn);
    open_card(&mut f.app);
    let (_, buf) = render(&f.app, 120, 40);
    assert!(
        buf.content.iter().any(|c| c.fg == Color::Red),
        "warnings in red"
    );
    f.app.theme = Theme { color: false };
    let (s, buf) = render(&f.app, 120, 40);
    assert!(
        buf.content
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
    assert!(s.contains("注意: 发现卡丢了要马上挂失。"), "{s}");
    assert!(s.contains("时限: 领卡后 6 个月内激活。"), "{s}");
}

#[test]
fn the_user_and_flow_title_are_always_visible() {
    for lang in Lang::ALL {
        let mut f = fixture(lang);
        open_card(&mut f.app);
        for actions in [
            vec![],
            vec![Action::Next],
            vec![Action::Select],
            vec![Action::Summary],
        ] {
            act(&mut f.app, &actions);
            let s = text(&f.app, 60, 16);
            assert!(s.contains("王芳"), "{s}");
            assert!(s.contains(f.app.flows[0].title.get(lang)), "{s}");
        }
    }
}

// ---- keys ----

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn keys_map_to_actions_by_context() {
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    assert!(app.typing(), "the search box has focus at start");
    let ch = |c| key(KeyCode::Char(c));
    assert_eq!(action_for(app, ch('q')), Some(Action::Type("q".into())));
    assert_eq!(action_for(app, ch('?')), Some(Action::Type("?".into())));
    assert_eq!(action_for(app, key(KeyCode::Esc)), Some(Action::StopTyping));
    assert_eq!(
        action_for(app, key(KeyCode::Backspace)),
        Some(Action::DeleteBack)
    );
    assert_eq!(
        action_for(app, key(KeyCode::Left)),
        Some(Action::CursorLeft)
    );
    assert_eq!(action_for(app, key(KeyCode::F(1))), Some(Action::Help));
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(action_for(app, ctrl_c), Some(Action::ForceQuit));
    assert_eq!(action_for(app, key(KeyCode::Down)), Some(Action::Down));
    assert_eq!(action_for(app, key(KeyCode::Enter)), Some(Action::Select));

    update(app, Action::StopTyping);
    assert!(!app.typing());
    let expect = [
        (ch('q'), Action::Quit),
        (ch('?'), Action::Help),
        (ch('/'), Action::FocusSearch),
        (ch('j'), Action::Down),
        (ch('k'), Action::Up),
        (ch(' '), Action::Toggle),
        (ch('s'), Action::Summary),
        (ch('p'), Action::Print),
        (ch('r'), Action::Restart),
        (ch('l'), Action::ToggleLang),
        (ch('u'), Action::Users),
        (ch('t'), Action::Route),
        (ch('n'), Action::Next),
        (ch('医'), Action::Type("医".into())),
        (key(KeyCode::Up), Action::Up),
        (key(KeyCode::Esc), Action::Back),
        (key(KeyCode::Backspace), Action::Back),
        (key(KeyCode::Left), Action::Back),
        (key(KeyCode::Right), Action::Next),
        (key(KeyCode::PageDown), Action::PageDown),
        (key(KeyCode::Home), Action::First),
        (key(KeyCode::End), Action::Last),
        (ctrl_c, Action::ForceQuit),
    ];
    for (k, a) in expect {
        assert_eq!(action_for(app, k), Some(a), "{k:?}");
    }

    update(app, Action::Help);
    assert_eq!(action_for(app, ch('x')), Some(Action::Back));
    assert_eq!(action_for(app, ch('q')), Some(Action::Quit));
    update(app, Action::Back);
    assert_eq!(app.overlay, None);

    open_card(app);
    update(app, Action::Restart);
    assert_eq!(action_for(app, ch('y')), Some(Action::Confirm(true)));
    assert_eq!(action_for(app, ch('n')), Some(Action::Confirm(false)));
    assert_eq!(
        action_for(app, key(KeyCode::Esc)),
        Some(Action::Confirm(false))
    );
}

// ---- state ----

#[test]
fn typing_filters_by_pinyin_chinese_and_english() {
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    typed(app, "yidi");
    let ids: Vec<&str> = app
        .home
        .results
        .iter()
        .map(|r| app.flows[r.flow].id.as_str())
        .collect();
    assert_eq!(ids.first(), Some(&"test-remote"), "{ids:?}");
    update(app, Action::Back); // Esc while typing only stops typing...
    for _ in 0..4 {
        update(app, Action::DeleteBack);
    }
    typed(app, "补办");
    assert_eq!(app.flows[app.home.results[0].flow].id, "test-card");
    for _ in 0..2 {
        update(app, Action::DeleteBack);
    }
    typed(app, "lost card");
    assert_eq!(app.flows[app.home.results[0].flow].id, "test-card");
    typed(app, "zzzzqqq");
    assert!(app.home.results.is_empty());
    update(app, Action::Select);
    assert_eq!(app.screen, Screen::Home);
    assert!(!app.messages.is_empty(), "says nothing was found");
}

#[test]
fn q_quits_when_not_typing_and_ctrl_c_always() {
    let mut f = fixture(Lang::En);
    typed(&mut f.app, "q");
    assert!(!f.app.quit);
    assert_eq!(f.app.home.query.as_str(), "q");
    update(&mut f.app, Action::ForceQuit);
    assert!(f.app.quit);
    let mut f = fixture(Lang::En);
    open_card(&mut f.app);
    update(&mut f.app, Action::Quit);
    assert!(f.app.quit);
}

#[test]
fn back_keeps_answers_and_never_traps() {
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    open_card(app);
    act(app, &[Action::Next, Action::Down, Action::Select]); // online
    assert_eq!(
        app.session.as_ref().unwrap().current().unwrap().id,
        "online-how"
    );
    update(app, Action::Back);
    let s = app.session.as_ref().unwrap();
    assert_eq!(s.current().unwrap().id, "way");
    assert_eq!(s.answer_of("way"), Some("online"));
    assert_eq!(app.flow.cursor, 1, "the cursor is on the kept answer");
    update(app, Action::Back);
    update(app, Action::Back);
    assert_eq!(
        app.screen,
        Screen::Home,
        "back from the first step goes home"
    );
    assert_eq!(app.continuing.len(), 1);
}

#[test]
fn changing_an_answer_says_what_was_dropped() {
    let mut f = fixture(Lang::En);
    let app = &mut f.app;
    open_card(app);
    act(
        app,
        &[Action::Next, Action::Down, Action::Select, Action::Select],
    ); // online, app
    assert_eq!(
        app.session.as_ref().unwrap().current().unwrap().id,
        "papers"
    );
    act(
        app,
        &[Action::Back, Action::Back, Action::Up, Action::Select],
    ); // counter
    let s = app.session.as_ref().unwrap();
    assert_eq!(s.answer_of("way"), Some("counter"));
    assert_eq!(s.answer_of("online-how"), None);
    let msg = &app.messages[0].text;
    assert!(msg.contains("Which platform?"), "{msg}");
}

#[test]
fn ticks_save_at_once_and_resume_after_relaunch() {
    let mut f = fixture(Lang::ZhCn);
    open_card(&mut f.app);
    act(&mut f.app, &[Action::Next, Action::Select, Action::Toggle]);
    assert_eq!(f.app.flow.cursor, 1, "ticking moves to the next row");
    // A fresh app on the same data folder, as after Ctrl-C.
    let store = Store::open(Some(f.dir.path())).map_err(|e| e.to_string());
    let mut again = App::new(
        flows(),
        store,
        "王芳",
        Lang::ZhCn,
        today(),
        Theme { color: true },
    );
    assert_eq!(again.continuing.len(), 1);
    let s = text(&again, 60, 16);
    assert!(s.contains("继续: 测试办卡 2/3"), "{s}");
    update(&mut again, Action::Select);
    let session = again.session.as_ref().unwrap();
    assert_eq!(session.current().unwrap().id, "papers");
    assert!(session.is_ticked("papers", "id-card"));
}

#[test]
fn restart_asks_first() {
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    open_card(app);
    act(app, &[Action::Next, Action::Select, Action::Restart]);
    assert_eq!(app.overlay, Some(Overlay::ConfirmRestart));
    update(app, Action::Confirm(false));
    assert_eq!(
        app.session.as_ref().unwrap().answer_of("way"),
        Some("counter")
    );
    act(app, &[Action::Restart, Action::Confirm(true)]);
    let s = app.session.as_ref().unwrap();
    assert_eq!(s.answer_of("way"), None);
    assert_eq!(s.current().unwrap().id, "intro");
}

#[test]
fn change_from_summary_returns_to_summary() {
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    open_card(app);
    act(
        app,
        &[Action::Next, Action::Select, Action::Last, Action::Select],
    );
    assert_eq!(app.screen, Screen::Summary);
    // Change "way" to online: a new question opens, then back to the summary.
    act(app, &[Action::First, Action::Select]);
    assert_eq!(app.screen, Screen::Flow);
    assert!(app.flow.returning);
    act(app, &[Action::Down, Action::Select]);
    assert_eq!(app.screen, Screen::Flow);
    assert_eq!(
        app.session.as_ref().unwrap().current().unwrap().id,
        "online-how"
    );
    update(app, Action::Select);
    assert_eq!(app.screen, Screen::Summary);
    assert!(app.session.as_ref().unwrap().is_finished());
    // Change without changing anything: Esc goes straight back.
    act(app, &[Action::Select, Action::Back]);
    assert_eq!(app.screen, Screen::Summary);
}

#[test]
fn summary_on_demand_and_back() {
    let mut f = fixture(Lang::En);
    let app = &mut f.app;
    open_card(app);
    update(app, Action::Summary);
    assert_eq!(app.screen, Screen::Summary);
    let s = text(app, 120, 40);
    assert!(s.contains("Not finished yet"), "{s}");
    assert!(s.contains("original ×1"), "{s}");
    update(app, Action::Back);
    assert_eq!(app.screen, Screen::Flow);
    assert_eq!(app.session.as_ref().unwrap().current().unwrap().id, "intro");
}

#[test]
fn print_writes_the_checklist_and_shows_the_path() {
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    open_card(app);
    act(app, &[Action::Summary, Action::Print]);
    let msg = app.messages[0].text.clone();
    let path = msg.split_once("保存到 ").unwrap().1.trim().to_string();
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("本人身份证"), "{written}");
    assert!(path.starts_with(f.dir.path().to_str().unwrap()));
}

#[test]
fn language_toggles_live() {
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    open_card(app);
    assert!(text(app, 60, 16).contains("办理前须知"));
    update(app, Action::ToggleLang);
    assert_eq!(app.lang, Lang::En);
    assert!(text(app, 60, 16).contains("Before you start"));
}

#[test]
fn user_switcher_lists_users_and_starts_a_new_one() {
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    open_card(app);
    update(app, Action::Next); // saved for 王芳
    update(app, Action::Users);
    assert_eq!(app.screen, Screen::Users);
    assert_eq!(app.users.names, vec!["王芳".to_string()]);
    typed(app, "李四");
    update(app, Action::Select);
    assert_eq!(app.user_name, "李四");
    assert_eq!(app.screen, Screen::Home);
    assert!(
        app.home.query.is_empty(),
        "a new person starts with an empty search"
    );
    assert!(app.typing());
    assert!(app.continuing.is_empty());
    assert!(text(app, 60, 16).contains("李四"));
    // Back to 王芳: her progress is there.
    update(app, Action::Users);
    let i = app.users.names.iter().position(|n| n == "王芳").unwrap();
    app.users.selected = i + 1;
    update(app, Action::Select);
    assert_eq!(app.user_name, "王芳");
    assert_eq!(app.continuing.len(), 1);
    // A bad name is refused with a message.
    update(app, Action::Users);
    typed(app, "a/b");
    update(app, Action::Select);
    assert_eq!(app.user_name, "王芳");
    assert_eq!(app.screen, Screen::Users);
    assert!(!app.messages.is_empty());
    update(app, Action::StopTyping);
    update(app, Action::Back);
    assert_eq!(app.screen, Screen::Home);
}

#[test]
fn next_on_an_unanswered_question_explains_instead_of_moving() {
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    open_card(app);
    act(app, &[Action::Next, Action::Next]);
    assert_eq!(app.session.as_ref().unwrap().current().unwrap().id, "way");
    assert!(!app.messages.is_empty());
}

#[test]
fn search_key_goes_home_focused_and_help_opens_anywhere() {
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    open_card(app);
    update(app, Action::Help);
    assert_eq!(app.overlay, Some(Overlay::Help));
    update(app, Action::Down);
    assert_eq!(app.overlay, None);
    update(app, Action::FocusSearch);
    assert_eq!(app.screen, Screen::Home);
    assert!(app.typing());
    assert_eq!(app.home.query.as_str(), "ceshi", "the query is kept");
    for _ in 0..5 {
        update(app, Action::DeleteBack);
    }
    // With the box empty, the flow in progress is listed first.
    assert!(text(app, 60, 16).contains("继续: 测试办卡"));
}

#[test]
fn unsaveable_store_still_runs_and_says_so() {
    let app = App::new(
        flows(),
        Err::<Store, _>("no data folder".into()),
        "王芳",
        Lang::ZhCn,
        today(),
        Theme { color: false },
    );
    let s = text(&app, 60, 16);
    assert!(s.contains("进度无法保存"), "{s}");
}

#[test]
fn an_unreadable_progress_folder_is_reported_and_the_app_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let store = Store::open(Some(&file)).map_err(|e| e.to_string());
    let mut app = App::new(
        flows(),
        store,
        "王芳",
        Lang::En,
        today(),
        Theme { color: false },
    );
    let problem = app.store_problem.clone().unwrap();
    assert!(problem.contains("not-a-dir"), "{problem}");
    open_card(&mut app);
    act(&mut app, &[Action::Next, Action::Select]);
    let s = text(&app, 120, 40);
    assert!(s.contains("Progress cannot be saved"), "{s}");
}

#[test]
fn a_corrupt_progress_file_is_moved_aside_and_the_user_is_told() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("progress")).unwrap();
    std::fs::write(dir.path().join("progress/王芳.ron"), "not ron at all {").unwrap();
    let store = Store::open(Some(dir.path())).map_err(|e| e.to_string());
    let app = App::new(
        flows(),
        store,
        "王芳",
        Lang::En,
        today(),
        Theme { color: false },
    );
    let msg = app
        .messages
        .iter()
        .map(|m| m.text.as_str())
        .collect::<String>();
    assert!(msg.contains("corrupt"), "{msg}");
    let s = text(&app, 120, 40);
    assert!(s.contains("starting fresh"), "{s}");
}
