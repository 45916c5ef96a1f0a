//! The person switcher (helpdesk): one text field with the saved people
//! below it. Typing filters them by name, pinyin or initials; Up/Down picks;
//! Enter opens the picked person, or, when the text names nobody saved,
//! asks to create "新建：Li Lei". Esc returns exactly where you were.
//!
//! Privacy: every name but the current person's is masked (`王*`) unless
//! staff typed enough of it to pick it or pressed the reveal key. When no one
//! is being served (after "done with this person" or the idle timeout) the
//! switcher is the neutral screen: it names nobody.

use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::app::{Action, App, Level, Overlay, Screen};
use super::input::Input;
use super::names::NameKey;
use super::text::{pad, width};
use super::view::FieldList;
use crate::engine::Session;
use crate::flow::Lang;
use crate::store::mask::mask;

/// A saved person, as a row.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    key: NameKey,
    pub closed: bool,
    /// Their procedures, most recent first.
    pub flows: Vec<PersonFlow>,
    pub last: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct PersonFlow {
    pub flow: usize,
    /// The current step's id (`None`: finished).
    pub step: Option<String>,
    pub done: usize,
    pub total: usize,
}

/// A row of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A person (index into `people`); `revealed`: typed enough to pick it.
    Person { index: usize, revealed: bool },
    /// "新建：NAME".
    New(String),
}

/// What a yes/no question is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Create(String),
    Close(String),
    Delete(String),
}

#[derive(Debug)]
pub struct Switcher {
    pub input: Input,
    pub people: Vec<Person>,
    pub rows: Vec<Row>,
    pub selected: usize,
    /// F5: show every name in full.
    pub reveal: bool,
    pub pending: Option<Pending>,
    /// The screen to go back to on Esc (`None`: nobody is being served).
    pub back: Option<Screen>,
    /// The language the app started in: the neutral screen's and a new person's.
    pub staff_lang: Lang,
    /// `--idle`: clear to the neutral screen after this long without a key.
    pub idle: Option<std::time::Duration>,
}

impl Switcher {
    pub fn new(staff_lang: Lang) -> Switcher {
        Switcher {
            input: Input::default(),
            people: Vec::new(),
            rows: Vec::new(),
            selected: 0,
            reveal: false,
            pending: None,
            back: None,
            staff_lang,
            idle: None,
        }
    }
}

/// True when someone is being served.
pub fn serving(app: &App) -> bool {
    !app.user_name.is_empty()
}

/// Opens the switcher over the current screen (Esc comes back to it).
pub fn open(app: &mut App) {
    let back = if app.screen == Screen::Users {
        app.users.back
    } else if serving(app) {
        Some(app.screen)
    } else {
        None
    };
    open_with(app, back);
}

fn open_with(app: &mut App, back: Option<Screen>) {
    app.users.back = back;
    app.users.input.clear();
    app.users.reveal = false;
    app.users.pending = None;
    load(app);
    filter(app);
    app.screen = Screen::Users;
}

/// Reads every saved person (with their procedures and steps).
fn load(app: &mut App) {
    let users = app
        .store
        .as_ref()
        .and_then(|s| s.users().ok())
        .unwrap_or_default();
    let mut people: Vec<Person> = users
        .into_iter()
        .map(|u| {
            let flows = u
                .flows
                .iter()
                .filter_map(|saved| {
                    let flow = app.flow_index(&saved.flow_id)?;
                    let (session, _) =
                        Session::resume(Arc::clone(&app.flows[flow]), saved.state.clone());
                    let p = session.progress();
                    Some(PersonFlow {
                        flow,
                        step: session.current().map(|s| s.id.clone()),
                        done: p.done,
                        total: p.total,
                    })
                })
                .collect();
            Person {
                key: NameKey::new(&u.name),
                name: u.name,
                closed: u.closed,
                flows,
                last: u.last_activity,
            }
        })
        .collect();
    if serving(app) && !people.iter().any(|p| p.name == app.user_name) {
        people.push(Person {
            key: NameKey::new(&app.user_name),
            name: app.user_name.clone(),
            closed: false,
            flows: Vec::new(),
            last: None,
        });
    }
    // The current person first, then the most recent.
    people.sort_by(|a, b| {
        (b.name == app.user_name)
            .cmp(&(a.name == app.user_name))
            .then(b.last.cmp(&a.last))
            .then(a.name.cmp(&b.name))
    });
    app.users.people = people;
}

/// Recomputes the rows for the text typed.
fn filter(app: &mut App) {
    let s = &mut app.users;
    let query = s.input.as_str().trim().to_string();
    s.rows.clear();
    if query.is_empty() {
        for (index, p) in s.people.iter().enumerate() {
            if !p.closed {
                s.rows.push(Row::Person {
                    index,
                    revealed: false,
                });
            }
        }
    } else {
        let mut hits = Vec::new();
        for (index, p) in s.people.iter().enumerate() {
            let exact = p.name.to_lowercase() == query.to_lowercase();
            if p.closed && !exact {
                continue;
            }
            if let Some(hit) = p.key.find(&query) {
                hits.push((!hit.from_start, index, hit.whole || exact));
            }
        }
        // Matches from the start of the name first; the list order otherwise.
        hits.sort_by_key(|&(later, index, _)| (later, index));
        s.rows.extend(
            hits.into_iter()
                .map(|(_, index, revealed)| Row::Person { index, revealed }),
        );
        if !s.people.iter().any(|p| p.name == query) {
            s.rows.push(Row::New(query));
        }
    }
    s.selected = 0;
}

/// The name a row shows: in full for the current person, when revealed
/// (F5) or typed in full; masked otherwise.
pub fn shown_name(app: &App, p: &Person, revealed: bool) -> String {
    if p.name == app.user_name || revealed || app.users.reveal {
        p.name.clone()
    } else {
        mask(&p.name)
    }
}

/// The name a yes/no question names: masked unless shown in full on screen.
fn named(app: &App, name: &str) -> String {
    let on_screen = app.users.rows.iter().any(|r| match r {
        Row::Person { index, revealed } => {
            let p = &app.users.people[*index];
            p.name == name && shown_name(app, p, *revealed) == p.name
        }
        Row::New(n) => n == name,
    });
    if on_screen {
        name.to_string()
    } else {
        mask(name)
    }
}

pub fn update(app: &mut App, action: Action) {
    let len = app.users.rows.len();
    match action {
        Action::Up => app.users.selected = app.users.selected.saturating_sub(1),
        Action::Down => app.users.selected = (app.users.selected + 1).min(len.saturating_sub(1)),
        Action::PageUp => app.users.selected = app.users.selected.saturating_sub(5),
        Action::PageDown => {
            app.users.selected = (app.users.selected + 5).min(len.saturating_sub(1))
        }
        Action::First => app.users.selected = 0,
        Action::Last => app.users.selected = len.saturating_sub(1),
        Action::Type(s) => {
            let room = super::names::MAX_QUERY.saturating_sub(app.users.input.as_str().len());
            let s: String = s.chars().take(room).collect();
            app.users.input.insert(&s);
            filter(app);
        }
        Action::DeleteBack if app.users.input.backspace() => filter(app),
        Action::ClearLine => {
            app.users.input.clear();
            filter(app);
        }
        Action::DeleteWord => {
            app.users.input.delete_word();
            filter(app);
        }
        Action::CursorLeft => app.users.input.left(),
        Action::CursorRight => app.users.input.right(),
        Action::StopTyping | Action::Back => back(app),
        Action::Reveal => app.users.reveal = !app.users.reveal,
        Action::Select | Action::Next | Action::Toggle => select(app),
        Action::ClosePerson | Action::DeletePerson => {
            let Some(Row::Person { index, .. }) = app.users.rows.get(app.users.selected) else {
                return;
            };
            let name = app.users.people[*index].name.clone();
            app.users.pending = Some(if action == Action::ClosePerson {
                Pending::Close(name)
            } else {
                Pending::Delete(name)
            });
            app.overlay = Some(Overlay::ConfirmPerson);
        }
        _ => {}
    }
}

/// Esc: back exactly where staff were; on the neutral screen, clear the text.
fn back(app: &mut App) {
    match app.users.back {
        Some(screen) if serving(app) => {
            app.screen = screen;
            app.users.input.clear();
        }
        _ => {
            app.users.input.clear();
            filter(app);
        }
    }
}

fn select(app: &mut App) {
    match app.users.rows.get(app.users.selected).cloned() {
        Some(Row::Person { index, .. }) => {
            let name = app.users.people[index].name.clone();
            if name == app.user_name && app.users.back.is_some() {
                back(app);
                return;
            }
            switch_to(app, &name);
        }
        Some(Row::New(name)) => {
            if let Err(e) = crate::store::name::check(&name) {
                let text = app.locale().fmt(
                    "tui.bad_name",
                    &[("name", &name), ("reason", &e.message(app.lang))],
                );
                app.say(Level::Error, text);
                return;
            }
            app.users.pending = Some(Pending::Create(name));
            app.overlay = Some(Overlay::ConfirmPerson);
        }
        None => {}
    }
}

/// The answer to the yes/no question about a person.
pub fn confirm(app: &mut App, yes: bool) {
    app.overlay = None;
    let Some(pending) = app.users.pending.take() else {
        return;
    };
    if !yes {
        return;
    }
    match pending {
        Pending::Create(name) => {
            switch_to(app, &name);
            if let Some(u) = app.user.as_mut()
                && let Err(e) = u.set_person(|p| p.lang = Some(app.lang.tag().to_string()))
            {
                let text = e.message(app.lang);
                app.say(Level::Error, text);
            }
        }
        Pending::Close(name) => {
            let shown = named(app, &name);
            let result = app.store.as_ref().map(|s| {
                s.open_user(&name)
                    .and_then(|mut u| u.set_person(|p| p.closed = true))
            });
            after_change(app, &name, result, "tui.person_closed", &shown);
        }
        Pending::Delete(name) => {
            let shown = named(app, &name);
            let result = app.store.as_ref().map(|s| s.delete_user(&name));
            after_change(app, &name, result, "tui.person_deleted", &shown);
        }
    }
}

fn after_change(
    app: &mut App,
    name: &str,
    result: Option<Result<(), crate::store::StoreError>>,
    done_key: &'static str,
    shown: &str,
) {
    match result {
        Some(Ok(())) => {
            let mut shown = shown.to_string();
            if name == app.user_name {
                // The screen will name nobody: not even in this message.
                shown = mask(name);
                // The current person is gone from the list: serve nobody.
                app.session = None;
                app.user = None;
                app.user_name.clear();
                app.users.back = None;
            }
            let text = app.locale().fmt(done_key, &[("name", &shown)]);
            let back = app.users.back;
            open_with(app, back);
            app.say(Level::Info, text);
        }
        Some(Err(e)) => {
            let text = e.message(app.lang);
            app.say(Level::Error, text);
        }
        None => {}
    }
}

/// Serves `name`: their language, and where they were.
fn switch_to(app: &mut App, name: &str) {
    super::person::remember(app);
    app.switch_user(name);
    super::person::restore(app);
    if let Some(u) = app.user.as_mut()
        && u.person().closed
    {
        let _ = u.set_person(|p| p.closed = false);
    }
    let text = app.locale().fmt("tui.serving", &[("name", &app.user_name)]);
    app.say(Level::Info, text);
}

/// The question's text (create, close or delete), with the name masked
/// unless it is shown in full on screen.
pub fn question(app: &App) -> String {
    let l = app.locale();
    match &app.users.pending {
        Some(Pending::Create(n)) => l.fmt("tui.confirm_create", &[("name", n)]),
        Some(Pending::Close(n)) => l.fmt("tui.confirm_close", &[("name", &named(app, n))]),
        Some(Pending::Delete(n)) => l.fmt("tui.confirm_delete", &[("name", &named(app, n))]),
        None => String::new(),
    }
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let help = if serving(app) {
        app.t("tui.users_help")
    } else {
        app.t("tui.nobody_help")
    };
    let label = |p: &Person, revealed: bool| {
        let mut name = shown_name(app, p, revealed);
        if p.name == app.user_name {
            name.push_str(&format!(" ({})", app.t("tui.current_user")));
        } else if p.closed {
            name.push_str(&format!(" ({})", app.t("tui.closed_person")));
        }
        name
    };
    let name_w = app
        .users
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Person { index, revealed } => {
                Some(width(&label(&app.users.people[*index], *revealed)))
            }
            Row::New(_) => None,
        })
        .max()
        .unwrap_or(0)
        .clamp(8, 24);
    let rows = app
        .users
        .rows
        .iter()
        .map(|row| match row {
            Row::New(name) => app.locale().fmt("tui.new_person", &[("name", name)]),
            Row::Person { index, revealed } => {
                let p = &app.users.people[*index];
                let name = label(p, *revealed);
                let when = p
                    .last
                    .map(crate::local_time::date_time)
                    .unwrap_or_else(|| " ".repeat(16));
                format!(
                    "{}  {when}  {}",
                    pad(&name, name_w.max(width(&name))),
                    flows_text(app, p)
                )
            }
        })
        .collect();
    FieldList {
        prompt: app.t("tui.person_prompt"),
        input: &app.users.input,
        help: vec![help.to_string()],
        rows,
        selected: app.users.selected,
        empty: app.t("tui.no_people"),
    }
    .draw(app, frame, area);
}

/// `网上申请补办医保卡 3/8 提交补卡申请; 激活新医保卡 done`.
fn flows_text(app: &App, p: &Person) -> String {
    let l = app.locale();
    p.flows
        .iter()
        .map(|f| {
            let flow = &app.flows[f.flow];
            let title = flow.title.get(app.lang);
            match f.step.as_deref().and_then(|s| flow.step(s)) {
                Some(step) => l.fmt(
                    "tui.person_flow",
                    &[
                        ("title", &title),
                        ("done", &f.done),
                        ("total", &f.total),
                        ("step", &step.title.get(app.lang)),
                    ],
                ),
                None => l.fmt("tui.finished_flow", &[("title", &title)]),
            }
        })
        .collect::<Vec<_>>()
        .join(l.t("tui.flow_sep"))
}
