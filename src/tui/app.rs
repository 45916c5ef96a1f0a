//! The whole state of the app in one place, the actions that change it, and
//! `update`, the only function that changes it. Rendering reads `App` only.

use std::path::PathBuf;
use std::sync::Arc;

use crate::date::Date;
use crate::engine::{Dropped, Progress, Session};
use crate::flow::{Category, Flow, Lang};
use crate::locale::Locale;
// The store interface: the folder or the team store, whichever was chosen.
use crate::store::backend::{AnyStore as Store, AnyUser as UserStore};

use super::find::{Finder, Found};
use super::input::Input;
use super::theme::Theme;

/// Everything the user can ask for; keys are turned into these by
/// [`super::keys::action_for`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    /// Enter: open, choose, tick, continue, change (depends on the row).
    Select,
    /// Space: tick (or choose).
    Toggle,
    /// → : continue when the step allows it.
    Next,
    /// Esc / Backspace / ← outside text: the previous step or screen.
    Back,
    /// Text typed or pasted (an IME commits whole strings).
    Type(String),
    /// Backspace while typing.
    DeleteBack,
    CursorLeft,
    CursorRight,
    /// Esc while typing: stop typing (keys become commands again).
    StopTyping,
    /// `/`: go to the search box.
    FocusSearch,
    Summary,
    Print,
    Restart,
    Confirm(bool),
    ToggleLang,
    Users,
    Help,
    Route,
    /// `q` (not typing).
    Quit,
    /// Ctrl-C.
    ForceQuit,
    /// The terminal was resized (everything is redrawn).
    Resize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Home,
    Flow,
    Summary,
    Users,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Route,
    ConfirmRestart,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub level: Level,
    pub text: String,
}

/// A flow the current user has started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Continuing {
    pub flow: usize,
    pub progress: Progress,
    pub finished: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeRow {
    Continue(usize),
    Heading(Category),
    Flow(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowRow {
    /// An option of the question, by index.
    Choice(usize),
    /// A visible checklist item, by index among the visible items.
    Item(usize),
    Continue,
}

#[derive(Debug, Default)]
pub struct HomeState {
    pub query: Input,
    pub typing: bool,
    /// Index among the selectable rows.
    pub selected: usize,
    /// Search results, best first.
    pub results: Vec<Found>,
}

#[derive(Debug, Default)]
pub struct FlowState {
    pub cursor: usize,
    /// Lines the text above the list is scrolled by (PgUp/PgDn).
    pub scroll: u16,
    /// Came here with "change" from the summary: go back there after answering.
    pub returning: bool,
}

#[derive(Debug, Default)]
pub struct SummaryState {
    pub cursor: usize,
    pub scroll: u16,
}

#[derive(Debug, Default)]
pub struct UsersState {
    /// Saved users (names), and the row "new user" first.
    pub names: Vec<String>,
    pub selected: usize,
    pub new_name: Input,
    pub typing: bool,
}

/// The app.
pub struct App {
    pub lang: Lang,
    pub today: Date,
    pub theme: Theme,
    pub flows: Vec<Arc<Flow>>,
    finder: Finder,
    pub store: Option<Store>,
    pub user: Option<UserStore>,
    pub user_name: String,
    /// Why progress is not being saved (no data folder, unreadable file).
    pub store_problem: Option<String>,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub session: Option<Session>,
    pub continuing: Vec<Continuing>,
    pub home: HomeState,
    pub flow: FlowState,
    pub summary: SummaryState,
    pub users: UsersState,
    /// Shown until the next key.
    pub messages: Vec<Message>,
    pub quit: bool,
}

impl App {
    /// An app on `flows` for `user_name`. `store` is `Err` with the reason
    /// when progress cannot be saved (the app still runs and says so).
    pub fn new(
        flows: Vec<Arc<Flow>>,
        store: Result<impl Into<Store>, String>,
        user_name: &str,
        lang: Lang,
        today: Date,
        theme: Theme,
    ) -> App {
        let finder = Finder::new(&flows);
        let (store, store_problem) = match store {
            Ok(s) => (Some(s.into()), None),
            Err(e) => (None, Some(e)),
        };
        let mut app = App {
            lang,
            today,
            theme,
            flows,
            finder,
            store,
            user: None,
            user_name: String::new(),
            store_problem,
            screen: Screen::Home,
            overlay: None,
            session: None,
            continuing: Vec::new(),
            home: HomeState {
                typing: true,
                ..HomeState::default()
            },
            flow: FlowState::default(),
            summary: SummaryState::default(),
            users: UsersState::default(),
            messages: Vec::new(),
            quit: false,
        };
        app.switch_user(user_name);
        app
    }

    pub fn locale(&self) -> &'static Locale {
        Locale::get(self.lang)
    }

    pub fn t(&self, key: &'static str) -> &'static str {
        self.locale().t(key)
    }

    pub fn flow_index(&self, id: &str) -> Option<usize> {
        self.flows.iter().position(|f| f.id == id)
    }

    /// True when keys are going into a text box.
    pub fn typing(&self) -> bool {
        self.overlay.is_none()
            && match self.screen {
                Screen::Home => self.home.typing,
                Screen::Users => self.users.typing,
                _ => false,
            }
    }

    fn say(&mut self, level: Level, text: impl Into<String>) {
        self.messages.push(Message {
            level,
            text: text.into(),
        });
    }

    // ---- users and saving ----

    /// Opens `name`'s saved progress (or a new user) and goes home.
    pub fn switch_user(&mut self, name: &str) {
        self.session = None;
        self.user = None;
        self.user_name = name.to_string();
        if let Some(store) = &self.store {
            match store.open_user(name) {
                Ok(u) => {
                    self.user = Some(u);
                    self.store_problem = None;
                }
                Err(e) => self.store_problem = Some(e.to_string()),
            }
        }
        self.take_notices();
        // A new person starts with an empty search box.
        self.home.query.clear();
        self.home.results.clear();
        self.home.typing = true;
        self.go_home();
    }

    fn take_notices(&mut self) {
        let notices = self.user.as_mut().map(|u| u.take_notices());
        for n in notices.unwrap_or_default() {
            let text = n.message(self.lang);
            self.say(Level::Warn, text);
        }
    }

    fn save(&mut self) {
        let (Some(user), Some(session)) = (self.user.as_mut(), self.session.as_ref()) else {
            return;
        };
        if let Err(e) = user.save(session) {
            let text = e.to_string();
            self.say(Level::Error, text);
        }
        self.take_notices();
    }

    fn refresh_continuing(&mut self) {
        let saved = self
            .user
            .as_ref()
            .map(|u| u.in_progress())
            .unwrap_or_default();
        self.continuing = saved
            .into_iter()
            .filter_map(|s| {
                let flow = self.flow_index(&s.flow_id)?;
                let (session, _) = Session::resume(Arc::clone(&self.flows[flow]), s.state);
                Some(Continuing {
                    flow,
                    progress: session.progress(),
                    finished: session.is_finished(),
                })
            })
            .collect();
    }

    // ---- screens ----

    pub fn go_home(&mut self) {
        self.refresh_continuing();
        self.screen = Screen::Home;
        self.home.selected = 0;
        self.flow.returning = false;
    }

    /// Opens a flow where the user left it (or from the start).
    pub fn open_flow(&mut self, index: usize) {
        let flow = Arc::clone(&self.flows[index]);
        let session = match self.user.as_mut() {
            Some(u) => u.resume(flow),
            None => Session::new(flow),
        };
        self.take_notices();
        let finished = session.is_finished();
        self.session = Some(session);
        self.flow.returning = false;
        if finished {
            self.screen = Screen::Summary;
            self.summary = SummaryState::default();
        } else {
            self.screen = Screen::Flow;
            self.enter_step();
        }
        self.save();
    }

    /// Puts the cursor on the current step's answer (or the first row).
    fn enter_step(&mut self) {
        self.flow.scroll = 0;
        self.flow.cursor = 0;
        let Some(s) = &self.session else { return };
        if let Some(step) = s.current()
            && let Some(answer) = s.answer_of(&step.id)
        {
            self.flow.cursor = step
                .options()
                .iter()
                .position(|o| o.id == answer)
                .unwrap_or(0);
        }
    }

    fn show_summary(&mut self) {
        self.screen = Screen::Summary;
        self.summary = SummaryState::default();
        self.flow.returning = false;
    }

    // ---- rows ----

    pub fn home_rows(&self) -> Vec<HomeRow> {
        if !self.home.query.as_str().trim().is_empty() {
            return self
                .home
                .results
                .iter()
                .map(|f| HomeRow::Flow(f.flow))
                .collect();
        }
        let mut rows: Vec<HomeRow> = (0..self.continuing.len()).map(HomeRow::Continue).collect();
        for c in Category::ALL {
            let mut in_cat = self
                .flows
                .iter()
                .enumerate()
                .filter(|(_, f)| f.category == c)
                .peekable();
            if in_cat.peek().is_some() {
                rows.push(HomeRow::Heading(c));
                rows.extend(in_cat.map(|(i, _)| HomeRow::Flow(i)));
            }
        }
        rows
    }

    pub fn home_selectable(&self) -> Vec<HomeRow> {
        self.home_rows()
            .into_iter()
            .filter(|r| !matches!(r, HomeRow::Heading(_)))
            .collect()
    }

    pub fn flow_rows(&self) -> Vec<FlowRow> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        let Some(step) = s.current() else {
            return Vec::new();
        };
        if step.is_question() {
            return (0..step.options().len()).map(FlowRow::Choice).collect();
        }
        let mut rows: Vec<FlowRow> = (0..s.visible_items(step).len())
            .map(FlowRow::Item)
            .collect();
        rows.push(FlowRow::Continue);
        rows
    }

    /// The questions the summary lists, in route order (each can be
    /// changed); open ones show the first option as assumed.
    pub fn summary_questions(&self) -> Vec<String> {
        super::summary::model(self)
            .map(|s| s.answers.into_iter().map(|a| a.question_id).collect())
            .unwrap_or_default()
    }

    // ---- search ----

    fn search_changed(&mut self) {
        self.home.results = self.finder.find(self.home.query.as_str());
        self.home.selected = 0;
    }

    // ---- the dropped-answers message ----

    fn report_dropped(&mut self, dropped: &Dropped) {
        if dropped.is_empty() {
            return;
        }
        let Some(s) = &self.session else { return };
        let flow = s.shared_flow();
        let l = self.locale();
        let mut parts = Vec::new();
        for (q, _) in &dropped.answers {
            let title = flow.step(q).map_or(q.as_str(), |s| s.title.get(self.lang));
            parts.push(l.fmt("tui.dropped_answer", &[("step", &title)]));
        }
        if !dropped.ticks.is_empty() {
            parts.push(l.fmt("tui.dropped_ticks", &[("n", &dropped.ticks.len())]));
        }
        let text = l.fmt("tui.dropped", &[("what", &parts.join(l.t("tui.list_sep")))]);
        self.say(Level::Info, text);
    }
}

/// Applies one action. The only place state changes.
pub fn update(app: &mut App, action: Action) {
    if action == Action::Resize {
        return;
    }
    app.messages.clear();
    if action == Action::ForceQuit {
        app.quit = true;
        return;
    }
    if let Some(overlay) = app.overlay {
        match (overlay, &action) {
            (Overlay::ConfirmRestart, Action::Confirm(true)) => {
                app.overlay = None;
                if let Some(s) = app.session.as_mut() {
                    s.restart();
                }
                app.flow.returning = false;
                app.screen = Screen::Flow;
                app.enter_step();
                app.save();
                let text = app.t("tui.restarted");
                app.say(Level::Info, text);
            }
            (Overlay::ConfirmRestart, Action::Quit) => app.quit = true,
            (Overlay::ConfirmRestart, Action::Confirm(false) | Action::Back) => app.overlay = None,
            (Overlay::ConfirmRestart, _) => {}
            (_, Action::Quit) => app.quit = true,
            _ => app.overlay = None,
        }
        return;
    }
    // Keys that mean the same everywhere (outside text boxes: see keys.rs).
    match action {
        Action::Quit => {
            app.quit = true;
            return;
        }
        Action::Help => {
            app.overlay = Some(Overlay::Help);
            return;
        }
        Action::ToggleLang => {
            app.lang = app.lang.other();
            return;
        }
        Action::Users => {
            open_users(app);
            return;
        }
        Action::FocusSearch => {
            app.go_home();
            app.home.typing = true;
            return;
        }
        _ => {}
    }
    let before = app.session.as_ref().map(|s| s.state().clone());
    match app.screen {
        Screen::Home => update_home(app, action),
        Screen::Flow => update_flow(app, action),
        Screen::Summary => update_summary(app, action),
        Screen::Users => update_users(app, action),
    }
    let after = app.session.as_ref().map(|s| s.state().clone());
    if before.is_some() && before == after {
        return;
    }
    if after.is_some() && app.screen != Screen::Home {
        app.save();
    }
}

fn step_list(selected: &mut usize, len: usize, action: &Action) -> bool {
    if len == 0 {
        *selected = 0;
        return matches!(
            action,
            Action::Up | Action::Down | Action::First | Action::Last
        );
    }
    let last = len - 1;
    *selected = match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (*selected + 1).min(last),
        Action::PageUp => selected.saturating_sub(5),
        Action::PageDown => (*selected + 5).min(last),
        Action::First => 0,
        Action::Last => last,
        _ => return false,
    };
    true
}

fn update_home(app: &mut App, action: Action) {
    let len = app.home_selectable().len();
    if step_list(&mut app.home.selected, len, &action) {
        return;
    }
    match action {
        Action::Type(s) => {
            app.home.typing = true;
            app.home.query.insert(&s);
            app.search_changed();
        }
        Action::DeleteBack if app.home.query.backspace() => app.search_changed(),
        Action::CursorLeft => app.home.query.left(),
        Action::CursorRight => app.home.query.right(),
        Action::StopTyping => app.home.typing = false,
        Action::Back if !app.home.query.is_empty() => {
            app.home.query.clear();
            app.search_changed();
        }
        Action::Select | Action::Next | Action::Toggle => {
            match app.home_selectable().get(app.home.selected) {
                Some(HomeRow::Continue(i)) => {
                    let flow = app.continuing[*i].flow;
                    app.open_flow(flow);
                }
                Some(HomeRow::Flow(i)) => app.open_flow(*i),
                _ => {
                    if !app.home.query.is_empty() {
                        let text = app.t("tui.no_results");
                        app.say(Level::Info, text);
                    }
                }
            }
        }
        _ => {}
    }
}

fn update_flow(app: &mut App, action: Action) {
    let rows = app.flow_rows();
    if matches!(action, Action::PageUp | Action::PageDown) {
        app.flow.scroll = match action {
            Action::PageUp => app.flow.scroll.saturating_sub(5),
            _ => app.flow.scroll.saturating_add(5),
        };
        return;
    }
    if step_list(&mut app.flow.cursor, rows.len(), &action) {
        return;
    }
    let Some(session) = app.session.as_mut() else {
        app.go_home();
        return;
    };
    let Some(step) = session.current().cloned() else {
        app.show_summary();
        return;
    };
    match action {
        Action::Select | Action::Toggle => match rows.get(app.flow.cursor) {
            Some(FlowRow::Choice(i)) => {
                let option = step.options()[*i].id.clone();
                choose(app, &step.id, &option);
            }
            Some(FlowRow::Item(i)) => {
                let items = session.visible_items(&step);
                let item = items[*i].id.clone();
                // Ticking moves on to the next row, so Enter Enter Enter works down the list.
                if session.toggle(&step.id, &item) == Ok(true) {
                    app.flow.cursor = (app.flow.cursor + 1).min(rows.len() - 1);
                }
            }
            Some(FlowRow::Continue) => advance(app),
            None => {}
        },
        Action::Next => {
            if step.is_question() && session.answer_of(&step.id).is_none() {
                let text = app.t("tui.choose_first");
                app.say(Level::Info, text);
            } else if app.flow.returning && step.is_question() {
                let option = session.answer_of(&step.id).unwrap_or_default().to_string();
                choose(app, &step.id, &option);
            } else {
                advance(app);
            }
        }
        Action::Back => {
            if app.flow.returning {
                app.flow.returning = false;
                if session.return_to_summary() {
                    app.show_summary();
                    return;
                }
            }
            if session.back() {
                app.enter_step();
            } else {
                app.go_home();
            }
        }
        Action::Summary => app.show_summary(),
        Action::Restart => app.overlay = Some(Overlay::ConfirmRestart),
        Action::Route => app.overlay = Some(Overlay::Route),
        _ => {}
    }
}

/// Answers the current question; moves on (or back to the summary when the
/// answer was changed from there).
fn choose(app: &mut App, question: &str, option: &str) {
    let Some(session) = app.session.as_mut() else {
        return;
    };
    let dropped = match session.answer(question, option) {
        Ok(d) => d,
        Err(e) => {
            app.say(Level::Error, e.to_string());
            return;
        }
    };
    if app.flow.returning {
        if session.return_to_summary() {
            app.show_summary();
        } else {
            app.enter_step();
        }
    } else {
        let _ = session.advance();
        if session.is_finished() {
            app.show_summary();
        } else {
            app.enter_step();
        }
    }
    app.report_dropped(&dropped);
}

fn advance(app: &mut App) {
    let Some(session) = app.session.as_mut() else {
        return;
    };
    if let Err(e) = session.advance() {
        app.say(Level::Error, e.to_string());
        return;
    }
    if session.is_finished() {
        app.show_summary();
    } else {
        app.enter_step();
    }
}

fn update_summary(app: &mut App, action: Action) {
    let questions = app.summary_questions();
    match action {
        Action::PageUp => app.summary.scroll = app.summary.scroll.saturating_sub(5),
        Action::PageDown => app.summary.scroll = app.summary.scroll.saturating_add(5),
        Action::Up | Action::Down | Action::First | Action::Last => {
            app.summary.scroll = 0;
            step_list(&mut app.summary.cursor, questions.len(), &action);
        }
        Action::Select => {
            let Some(q) = questions.get(app.summary.cursor) else {
                return;
            };
            let Some(session) = app.session.as_mut() else {
                return;
            };
            // A question after an open one is not reachable yet: go to the open one.
            let open = session.open_question().map(|s| s.id.clone());
            let ok = session.goto(q).is_ok() || open.is_some_and(|o| session.goto(&o).is_ok());
            if ok {
                app.screen = Screen::Flow;
                app.enter_step();
                app.flow.returning = true;
            }
        }
        Action::Back => {
            let Some(session) = app.session.as_mut() else {
                app.go_home();
                return;
            };
            if session.is_finished() {
                session.back();
            }
            app.screen = Screen::Flow;
            app.enter_step();
        }
        Action::Print => match print(app) {
            Ok(path) => {
                let text = app
                    .locale()
                    .fmt("tui.printed", &[("path", &path.display())]);
                app.say(Level::Info, text);
            }
            Err(e) => {
                let text = app.locale().fmt("tui.print_failed", &[("reason", &e)]);
                app.say(Level::Error, text);
            }
        },
        Action::Restart => app.overlay = Some(Overlay::ConfirmRestart),
        Action::Route => app.overlay = Some(Overlay::Route),
        Action::Summary => {}
        _ => {}
    }
}

/// Writes the printable checklist of the open flow; returns its path.
fn print(app: &App) -> Result<PathBuf, String> {
    let summary = super::summary::model(app).ok_or_else(|| app.t("tui.no_flow").to_string())?;
    let store = app
        .store
        .as_ref()
        .ok_or_else(|| app.store_problem.clone().unwrap_or_default())?;
    let dir = store.exports_dir().map_err(|e| e.to_string())?;
    crate::render::write(crate::render::Format::Text, &summary, app.locale(), &dir)
        .map_err(|e| format!("{}: {e}", dir.display()))
}

fn open_users(app: &mut App) {
    let mut names: Vec<String> = app
        .store
        .as_ref()
        .and_then(|s| s.users().ok())
        .unwrap_or_default()
        .into_iter()
        .map(|u| u.name)
        .collect();
    if !names.contains(&app.user_name) {
        names.push(app.user_name.clone());
        names.sort();
    }
    app.users = UsersState {
        selected: 1 + names.iter().position(|n| *n == app.user_name).unwrap_or(0),
        names,
        ..UsersState::default()
    };
    app.screen = Screen::Users;
}

fn update_users(app: &mut App, action: Action) {
    let len = app.users.names.len() + 1;
    if step_list(&mut app.users.selected, len, &action) {
        app.users.typing = app.users.selected == 0 && app.users.typing;
        return;
    }
    match action {
        Action::Type(s) => {
            app.users.selected = 0;
            app.users.typing = true;
            app.users.new_name.insert(&s);
        }
        Action::DeleteBack => {
            app.users.new_name.backspace();
        }
        Action::CursorLeft => app.users.new_name.left(),
        Action::CursorRight => app.users.new_name.right(),
        Action::StopTyping => app.users.typing = false,
        Action::Back => app.go_home(),
        Action::Select | Action::Next | Action::Toggle => {
            if app.users.selected == 0 {
                let name = app.users.new_name.as_str().trim().to_string();
                if name.is_empty() {
                    app.users.typing = true;
                    return;
                }
                if let Err(e) = crate::store::name::check(&name) {
                    let text = app
                        .locale()
                        .fmt("tui.bad_name", &[("name", &name), ("reason", &e)]);
                    app.say(Level::Error, text);
                    return;
                }
                app.switch_user(&name);
            } else {
                let name = app.users.names[app.users.selected - 1].clone();
                app.switch_user(&name);
            }
            let text = app.locale().fmt("tui.serving", &[("name", &app.user_name)]);
            app.say(Level::Info, text);
        }
        _ => {}
    }
}
