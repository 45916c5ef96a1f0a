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
    // In the box every printable key types; Ctrl/F-keys act.
    for c in ['u', 'l', 'q', 'j', 'k', ' ', 'x', 'p', 'G'] {
        assert_eq!(action_for(app, ch(c)), Some(Action::Type(c.to_string())));
    }
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    assert_eq!(action_for(app, ctrl('u')), Some(Action::ClearLine));
    assert_eq!(action_for(app, ctrl('w')), Some(Action::DeleteWord));
    assert_eq!(action_for(app, key(KeyCode::F(2))), Some(Action::Users));
    assert_eq!(
        action_for(app, key(KeyCode::F(3))),
        Some(Action::ToggleLang)
    );
    assert_eq!(action_for(app, key(KeyCode::F(4))), Some(Action::Done));
    assert_eq!(action_for(app, ctrl('x')), None);

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
        (ch('x'), Action::Done),
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
    for _ in 0.."lost card".len() {
        update(app, Action::DeleteBack);
    }
    typed(app, "zzzzqqq");
    assert!(app.home.results.is_empty());
    // No dead end: the screen says so and lists every category instead.
    assert!(app.home.dead_end.as_ref().is_some_and(|d| d.closest));
    assert!(
        app.home_rows()
            .iter()
            .any(|r| matches!(r, super::app::HomeRow::Heading(_))),
        "lists the categories"
    );
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
fn changing_an_answer_says_what_was_set_aside() {
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
    assert_eq!(s.answer_of("online-how"), Some("app"), "kept, dormant");
    let msg = &app.messages[0].text;
    assert!(
        msg.contains("Which platform?") && msg.contains("come back"),
        "{msg}"
    );
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
    assert!(app.session.as_ref().unwrap().is_returning());
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
fn the_summary_offers_the_related_procedures_with_o() {
    let mut f = fixture(Lang::En);
    let app = &mut f.app;
    open_card(app);
    act(
        app,
        &[Action::Next, Action::Select, Action::Last, Action::Select],
    );
    assert_eq!(app.screen, Screen::Summary);
    let s = text(app, 120, 40);
    assert!(
        s.contains("Related procedures (o jumps here, Enter opens one)"),
        "{s}"
    );
    assert_eq!(super::summary::related(app).len(), 1);
    let o = action_for(app, KeyEvent::new(KeyCode::Char('o'), KeyModifiers::NONE));
    assert_eq!(o, Some(Action::Related));
    update(app, Action::Related);
    let s = text(app, 120, 40);
    assert!(s.contains("> Test remote filing"), "{s}");
    update(app, Action::Select);
    assert_eq!(app.screen, Screen::Flow);
    assert_eq!(app.session.as_ref().unwrap().flow().id, "test-remote");
    // The first procedure was saved as it was: reopening it shows its summary.
    let card = app.flow_index("test-card").unwrap();
    app.open_flow(card);
    assert_eq!(app.screen, Screen::Summary);
    // Down past the last answer reaches the related row too.
    for _ in 0..10 {
        update(app, Action::Down);
    }
    update(app, Action::Select);
    assert_eq!(app.session.as_ref().unwrap().flow().id, "test-remote");
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
    use super::switcher::Row;
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    open_card(app);
    update(app, Action::Next); // saved for 王芳
    update(app, Action::Users);
    assert_eq!(app.screen, Screen::Users);
    assert!(app.typing(), "the switcher's field has focus");
    let names: Vec<&str> = app.users.people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["王芳"]);
    // A name nobody has: Enter asks, then creates it (spaces are fine).
    typed(app, "Li Lei");
    assert_eq!(app.users.rows, vec![Row::New("Li Lei".into())]);
    update(app, Action::Select);
    assert_eq!(app.overlay, Some(Overlay::ConfirmPerson));
    assert!(text(app, 100, 30).contains("新建：Li Lei"));
    update(app, Action::Confirm(true));
    assert_eq!(app.user_name, "Li Lei");
    assert_eq!(app.screen, Screen::Home);
    assert!(
        app.home.query.is_empty(),
        "a new person starts with an empty search"
    );
    assert!(app.typing());
    assert!(app.continuing.is_empty());
    // Back to 王芳 by her initials: where she was, in her language.
    update(app, Action::Users);
    typed(app, "wf");
    assert!(matches!(
        app.users.rows[0],
        Row::Person { revealed: true, .. }
    ));
    update(app, Action::Select);
    assert_eq!(app.user_name, "王芳");
    assert_eq!(app.screen, Screen::Flow);
    assert_eq!(app.continuing.len(), 1);
    // A bad name is refused with a message.
    update(app, Action::Users);
    typed(app, "a/b");
    update(app, Action::Select);
    assert_eq!(app.user_name, "王芳");
    assert_eq!(app.screen, Screen::Users);
    assert!(!app.messages.is_empty());
    // Esc: back exactly where we were.
    update(app, Action::StopTyping);
    assert_eq!(app.screen, Screen::Flow);
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
    assert_eq!(app.overlay, Some(Overlay::Help), "arrows scroll the help");
    update(app, Action::Back);
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

// ---- counts, "more below", dates ----

const DATED: &str = include_str!("../../tests/fixtures/dates/test-activate.ron");

/// Like [`snap_all`], on the dated flow alone (so the other snapshots keep
/// their home screen).
fn snap_dated(name: &str, setup: impl Fn(&mut App)) {
    for lang in Lang::ALL {
        let (mut app, _dir) = dated_app(lang);
        setup(&mut app);
        app.lang = lang;
        for (w, h) in [(60, 16), (120, 40)] {
            let s = text(&app, w, h);
            insta::assert_snapshot!(format!("{name}-{}-{w}x{h}", lang.tag()), s);
        }
    }
}

fn open_dated(app: &mut App) {
    update(app, Action::StopTyping);
    update(app, Action::Select);
    assert_eq!(app.screen, Screen::Flow);
    assert!(app.typing(), "a date question takes keys at once");
}

#[test]
fn snapshot_date_question_and_its_deadlines() {
    snap_dated("flow-date", |app| {
        open_dated(app);
        typed(app, "12月1日");
        act(app, &[Action::Select, Action::Back]);
        assert_eq!(
            app.session.as_ref().unwrap().current().unwrap().id,
            "got-card"
        );
    });
    snap_dated("summary-date", |app| {
        open_dated(app);
        typed(app, "2026/3/1");
        act(app, &[Action::Select, Action::Select, Action::Select]);
        assert_eq!(app.screen, Screen::Flow);
        act(app, &[Action::Last, Action::Select]);
        assert_eq!(app.screen, Screen::Summary);
    });
}

#[test]
fn snapshot_an_old_day_shows_its_deadline_at_once_and_that_it_passed() {
    // Today is 2026-03-01: collected on 2025-06-01, the card was due on
    // 2025-12-01. Enter moves on and says so on the next screen.
    snap_dated("flow-date-passed", |app| {
        open_dated(app);
        typed(app, "2025-06-01");
        update(app, Action::Select);
        assert_eq!(app.session.as_ref().unwrap().current().unwrap().id, "bring");
        let said: Vec<&str> = app.messages.iter().map(|m| m.text.as_str()).collect();
        let want = match app.lang {
            Lang::ZhCn => "按你填的日期算: 请在 2025年12月1日（已过） 前激活",
            Lang::En => "From the day you gave: Activate it by 1 December 2025 (already passed)",
        };
        assert_eq!(said.first().copied(), Some(want), "{said:?}");
    });
    // The step and the summary say it too.
    let (mut app, _dir) = dated_app(Lang::ZhCn);
    open_dated(&mut app);
    typed(&mut app, "2025-06-01");
    act(&mut app, &[Action::Select, Action::Back]);
    let step = text(&app, 100, 30);
    assert!(
        step.contains("时限: 请在 2025年12月1日（已过） 前激活"),
        "{step}"
    );
    act(&mut app, &[Action::Summary]);
    assert_eq!(app.screen, Screen::Summary);
    let summary = text(&app, 100, 30);
    assert!(
        summary.contains("请在 2025年12月1日（已过） 前激活"),
        "{summary}"
    );
    // A day whose deadline is still ahead is told at once, unmarked.
    let (mut app, _dir) = dated_app(Lang::ZhCn);
    open_dated(&mut app);
    typed(&mut app, "今天");
    update(&mut app, Action::Select);
    let shown = text(&app, 100, 30);
    assert!(
        shown.contains("按你填的日期算: 请在 2026年9月1日 前激活"),
        "{shown}"
    );
    assert!(!shown.contains("已过"), "{shown}");
}

/// An app on the dated flow alone, with its data folder (kept alive).
fn dated_app(lang: Lang) -> (App, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(Some(dir.path())).map_err(|e| e.to_string());
    let flow = Arc::new(
        parse(&Source {
            path: "test-activate.ron".into(),
            text: DATED.into(),
        })
        .unwrap(),
    );
    let app = App::new(
        vec![flow],
        store,
        "王芳",
        lang,
        today(),
        Theme { color: true },
    );
    (app, dir)
}

#[test]
fn a_bad_date_says_why_and_stays() {
    let (mut app, _dir) = dated_app(Lang::ZhCn);
    open_dated(&mut app);
    typed(&mut app, "明年");
    update(&mut app, Action::Select);
    assert!(
        app.messages[0].text.contains("看不懂“明年”"),
        "{:?}",
        app.messages
    );
    assert_eq!(
        app.session.as_ref().unwrap().current().unwrap().id,
        "got-card"
    );
    // Enter on an empty box goes on without a date.
    for _ in 0..2 {
        update(&mut app, Action::DeleteBack);
    }
    update(&mut app, Action::Select);
    assert_eq!(app.session.as_ref().unwrap().current().unwrap().id, "bring");
}

#[test]
fn snapshot_summary_end_and_route_counts() {
    // End / G: the end of the summary, where the hotline is.
    snap_all("summary-end", |app| {
        open_card(app);
        act(
            app,
            &[
                Action::Next,
                Action::Select,
                Action::Select,
                Action::Last,
                Action::Select,
                Action::Last,
            ],
        );
        assert_eq!(app.screen, Screen::Summary);
    });
    // Finished, then back twice: the steps after the current one stay done,
    // and the gauge counts them (3 of 3 done on the route).
    snap_all("route-back", |app| {
        open_card(app);
        act(
            app,
            &[
                Action::Next,
                Action::Select,
                Action::Select,
                Action::Last,
                Action::Select,
                Action::Back,
                Action::Back,
                Action::Route,
            ],
        );
    });
}

#[test]
fn home_and_gauge_show_the_same_progress() {
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    open_card(app);
    act(app, &[Action::Next, Action::Select]);
    let gauge = text(app, 120, 40);
    assert!(gauge.contains("已完成 2/3 步"), "{gauge}");
    act(app, &[Action::FocusSearch, Action::Back]);
    let home = text(app, 120, 40);
    assert!(home.contains("测试办卡 2/3"), "{home}");
}

// ---- helpdesk ----

#[test]
fn done_offers_the_printout_then_names_nobody() {
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    open_card(app);
    update(app, Action::Next);
    update(app, Action::Done);
    assert_eq!(app.overlay, Some(Overlay::Done));
    assert!(text(app, 100, 30).contains("王芳 办完了吗"));
    update(app, Action::Print);
    assert!(
        app.messages.iter().any(|m| m.text.contains("exports")),
        "{:?}",
        app.messages
    );
    assert_eq!(
        app.overlay,
        Some(Overlay::Done),
        "still asking after printing"
    );
    let screen = text(app, 100, 30);
    assert!(screen.contains("exports"), "the path is shown:\n{screen}");
    update(app, Action::Confirm(true));
    assert_eq!(app.screen, Screen::Users);
    assert!(app.user_name.is_empty() && app.session.is_none());
    let screen = text(app, 100, 30);
    assert!(!screen.contains("王芳"), "{screen}");
    assert!(screen.contains("王*"), "{screen}");
    // Esc on the neutral screen stays there: there is nowhere to go back to.
    update(app, Action::StopTyping);
    assert_eq!(app.screen, Screen::Users);
    // Done with nobody does nothing.
    update(app, Action::Done);
    assert_eq!(app.overlay, None);
}

#[test]
fn language_and_position_are_remembered_per_person() {
    use super::switcher::Row;
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    open_card(app);
    update(app, Action::Next);
    update(app, Action::ToggleLang); // 王芳 is served in English
    update(app, Action::Users);
    typed(app, "李四");
    update(app, Action::Select);
    update(app, Action::Confirm(true));
    assert_eq!(app.user_name, "李四");
    assert_eq!(
        app.lang,
        Lang::ZhCn,
        "a new person starts in the staff's language"
    );
    assert_eq!(app.screen, Screen::Home);
    update(app, Action::Users);
    typed(app, "wangfang");
    assert!(matches!(
        app.users.rows[0],
        Row::Person { revealed: true, .. }
    ));
    update(app, Action::Select);
    assert_eq!(app.user_name, "王芳");
    assert_eq!(app.lang, Lang::En);
    assert_eq!(app.screen, Screen::Flow);
    let s = app.session.as_ref().unwrap();
    assert_eq!(s.current().unwrap().id, "way", "at the step she reached");
}

#[test]
fn a_person_can_be_closed_or_deleted_after_asking() {
    use super::switcher::Row;
    let mut f = fixture(Lang::ZhCn);
    let app = &mut f.app;
    open_card(app);
    update(app, Action::Next);
    for name in ["李四", "张小伟"] {
        update(app, Action::Users);
        typed(app, name);
        update(app, Action::Select);
        update(app, Action::Confirm(true));
    }
    update(app, Action::Users);
    let names = |app: &App| -> Vec<String> {
        app.users
            .rows
            .iter()
            .filter_map(|r| match r {
                Row::Person { index, .. } => Some(app.users.people[*index].name.clone()),
                Row::New(_) => None,
            })
            .collect()
    };
    assert_eq!(names(app).len(), 3);
    // Close 李四: asks (masked name), then keeps her out of the list.
    typed(app, "ls");
    update(app, Action::ClosePerson);
    assert_eq!(app.overlay, Some(Overlay::ConfirmPerson));
    assert!(text(app, 100, 30).contains("关闭 李四"));
    update(app, Action::Confirm(false));
    assert_eq!(app.overlay, None);
    update(app, Action::ClosePerson);
    update(app, Action::Confirm(true));
    assert!(!names(app).contains(&"李四".to_string()));
    // Her full name brings her back, marked closed; her file is kept.
    typed(app, "李四");
    assert_eq!(names(app), vec!["李四".to_string()]);
    assert!(text(app, 100, 30).contains("已关闭"));
    update(app, Action::ClearLine);
    // Delete 王芳 (not current): asks, then she is gone with her progress.
    typed(app, "wf");
    update(app, Action::DeletePerson);
    update(app, Action::Confirm(true));
    assert!(!names(app).contains(&"王芳".to_string()));
    let store = app.store.as_ref().unwrap();
    assert!(store.users().unwrap().iter().all(|u| u.name != "王芳"));
    // Deleting the current person leaves nobody served.
    update(app, Action::ClearLine);
    typed(app, "zxw");
    update(app, Action::DeletePerson);
    update(app, Action::Confirm(true));
    assert!(app.user_name.is_empty());
    assert!(!text(app, 100, 30).contains("张小伟"));
}

#[test]
fn helpdesk_use_is_a_counter_or_idle_and_then_p_saves_the_notice() {
    use super::person::set_helpdesk;
    let mut f = fixture(Lang::En);
    let app = &mut f.app;
    set_helpdesk(app, Some("  "), false);
    assert_eq!(app.notice, None, "a blank counter is no counter");
    set_helpdesk(app, None, true);
    assert!(app.notice.as_ref().is_some_and(|o| o.counter.is_none()));
    set_helpdesk(app, Some("Counter 7, staff 0031"), false);
    assert!(app.notice.as_ref().is_some_and(|o| !o.full_name));
    open_card(app);
    act(app, &[Action::Summary, Action::Print]);
    let msg = app.messages[0].text.clone();
    let path = msg.split_once("saved to ").unwrap().1.trim().to_string();
    assert!(path.ends_with(".notice.txt"), "{path}");
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written.contains("One-time notice (一次性告知单)"),
        "{written}"
    );
    assert!(written.contains("Counter 7, staff 0031"), "{written}");
    assert!(
        written.contains("王*") && !written.contains("王芳"),
        "{written}"
    );
}
