//! The whole state of the app in one place, the actions that change it, and
//! `update`, the only function that changes it. Rendering reads `App` only.

use std::sync::Arc;

use crate::date::Date;
use crate::engine::region::Standing;
use crate::engine::{Back, Change, Progress, Session};
use crate::flow::{Category, Flow, Lang};
use crate::locale::Locale;
// The store interface: the folder or the team store, whichever was chosen.
use crate::store::backend::{AnyStore as Store, AnyUser as UserStore};

use super::find::{DeadEnd, Finder, Found};
use super::input::Input;
use super::switcher::{self, Switcher};
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
    /// `o`: to the related procedures (on the summary).
    Related,
    /// `q` (not typing).
    Quit,
    /// Ctrl-C.
    ForceQuit,
    /// The terminal was resized (everything is redrawn).
    Resize,
    /// Ctrl-U in a text field: clear the line.
    ClearLine,
    /// Ctrl-W in a text field: delete the word before the cursor.
    DeleteWord,
    /// Done with this person (printout first, then a neutral screen).
    Done,
    /// In the switcher: show every name in full.
    Reveal,
    /// In the switcher: close the picked person (kept, out of the list).
    ClosePerson,
    /// In the switcher: delete the picked person.
    DeletePerson,
    /// No key for the `--idle` time.
    Idle,
    /// `a`: the person's 参保地 (where local rules come from).
    Region,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Home,
    Flow,
    /// The 参保地 picker.
    Region,
    Summary,
    Users,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Route,
    ConfirmRestart,
    /// Create, close or delete a person (see [`super::switcher::Pending`]).
    ConfirmPerson,
    /// Done with this person? (printout first).
    Done,
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
    /// Nothing matched: `results` are the closest flows (see `Finder::find`).
    pub dead_end: Option<DeadEnd>,
}

#[derive(Debug, Default)]
pub struct FlowState {
    pub cursor: usize,
    /// Lines the text above the list is scrolled by (PgUp/PgDn).
    pub scroll: u16,
    /// The day being typed at a date question.
    pub date: Input,
    /// Keys go into `date` (a date question starts so; Esc stops).
    pub date_typing: bool,
}

#[derive(Debug, Default)]
pub struct SummaryState {
    pub cursor: usize,
    pub scroll: u16,
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
    pub users: Switcher,
    /// Lines the help is scrolled by.
    pub help_scroll: usize,
    /// Shown until the next key.
    pub messages: Vec<Message>,
    pub quit: bool,
    /// Helpdesk use (see [`super::person::set_helpdesk`]): `p` saves the
    /// printout as a 一次性告知单 with these options. `None`: the checklist.
    pub notice: Option<crate::render::notice::Options>,
    /// The regional overlays (none unless [`App::set_regions`]).
    pub regions: crate::engine::region::Regions,
    /// The person's profile (参保地, insurance, for whom), saved with them.
    pub profile: crate::engine::Profile,
    pub picker: super::region::Picker,
    /// The new 参保地's name, until the procedure re-opened for it has
    /// said what changed (as the effect of the move, not of an edit).
    region_changed: Option<String>,
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
            users: Switcher::new(lang),
            help_scroll: 0,
            messages: Vec::new(),
            quit: false,
            notice: None,
            regions: Default::default(),
            profile: Default::default(),
            picker: Default::default(),
            region_changed: None,
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
                Screen::Users | Screen::Region => true,
                Screen::Flow => self.flow.date_typing,
                _ => false,
            }
    }

    pub(super) fn say(&mut self, level: Level, text: impl Into<String>) {
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
                Err(e) => self.store_problem = Some(e.message(self.lang)),
            }
        }
        self.profile = self.load_profile();
        self.take_notices();
        // A new person starts with an empty search box.
        self.home.query.clear();
        self.home.results.clear();
        self.home.typing = true;
        self.go_home();
    }

    fn take_notices(&mut self) {
        let notices = self.user.as_mut().map(|u| u.take_notices());
        let region = self.region_changed.take();
        for n in notices.unwrap_or_default() {
            let text = match &region {
                Some(r) => n.message_after_region(self.lang, r),
                None => n.message(self.lang),
            };
            self.say(Level::Warn, text);
        }
    }

    pub(crate) fn save(&mut self) {
        let (Some(user), Some(session)) = (self.user.as_mut(), self.session.as_ref()) else {
            return;
        };
        if let Err(e) = user.save(session) {
            let text = e.message(self.lang);
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
        self.home.typing = true;
    }

    /// Opens a flow where the user left it (or from the start). The first
    /// time a flow with local rules starts and the profile does not say
    /// where the person is insured, asks that first.
    pub fn open_flow(&mut self, index: usize) {
        self.open_flow_in(index, false);
    }

    /// Opens a flow as it stands in the person's 参保地; `asked`: do not
    /// ask for the 参保地 (the person just answered or declined).
    pub fn open_flow_in(&mut self, index: usize, asked: bool) {
        let base = Arc::clone(&self.flows[index]);
        if !asked && self.profile.asks_region(&self.regions, &base.id) {
            super::region::open(self, Some(index));
            return;
        }
        let flow = self.regions.localize(&base, self.profile.place());
        let mut session = match self.user.as_mut() {
            Some(u) => u.resume(flow),
            None => Session::new(flow),
        };
        let change = session.use_profile(&self.profile);
        self.take_notices();
        self.report_change(&change);
        let finished = session.is_finished();
        self.session = Some(session);
        if finished {
            self.screen = Screen::Summary;
            self.summary = SummaryState::default();
        } else {
            self.screen = Screen::Flow;
            self.enter_step();
        }
        self.save();
    }

    /// The person's profile as saved (empty without a store).
    fn load_profile(&self) -> crate::engine::Profile {
        self.user
            .as_ref()
            .map(|u| u.person().profile.clone().known())
            .unwrap_or_default()
    }

    /// Saves the profile with the person (ids only).
    fn save_profile(&mut self) {
        let profile = self.profile.clone();
        if let Some(u) = self.user.as_mut()
            && let Err(e) = u.set_person(|p| p.profile = profile)
        {
            let text = e.message(self.lang);
            self.say(Level::Error, text);
        }
    }

    /// Uses the regional overlays (`banshi` passes the catalog's).
    pub fn set_regions(&mut self, regions: crate::engine::region::Regions) {
        self.regions = regions;
    }

    /// "江苏 南京": the person's 参保地, when given.
    pub fn region_name(&self) -> Option<String> {
        let id = self.profile.place()?;
        crate::flow::places::Places::shipped()
            .get(id)
            .map(|p| p.full_name(self.lang))
    }

    /// Sets the person's 参保地 (saved with them), then opens `then`, or
    /// shows the open procedure as it stands there: what changed for the
    /// person is said, as after a flow edit, and nothing they did is lost.
    pub fn set_region(&mut self, region: &str, then: Option<usize>) {
        let changed = self.profile.region.as_deref() != Some(region);
        self.profile.region = Some(region.to_string());
        self.save_profile();
        let back = self.picker.back.unwrap_or(Screen::Home);
        let flow = match then {
            Some(i) => self.flows.get(i).map(|f| f.id.clone()),
            None => self.session.as_ref().map(|s| s.flow().id.clone()),
        };
        let text = match self.regions.standing(&self.profile, flow.as_deref()) {
            Standing::Local(p) => self
                .locale()
                .fmt("tui.region_set", &[("region", &p.full_name(self.lang))]),
            Standing::National(p) => self.locale().fmt(
                "tui.region_set_none",
                &[("region", &p.full_name(self.lang))],
            ),
            Standing::NotGiven => self.t("tui.region_unsure_set").to_string(),
        };
        if changed {
            self.say(Level::Info, text);
        }
        if let Some(i) = then {
            self.open_flow_in(i, true);
            return;
        }
        self.screen = back;
        let open = self.session.as_ref().map(|s| s.flow().id.clone());
        if let Some(id) = open
            && let Some(i) = self.flow_index(&id)
            && changed
        {
            self.save();
            self.region_changed = Some(
                self.region_name()
                    .unwrap_or_else(|| self.t("tui.region_national").to_string()),
            );
            let on_summary = back == Screen::Summary;
            self.open_flow_in(i, true);
            if on_summary && self.session.as_ref().is_some_and(Session::is_finished) {
                self.show_summary();
            }
        } else if back == Screen::Home {
            self.go_home();
        }
    }

    /// After the person answered: a question bound to the profile teaches
    /// it (who the procedure is for, which insurance), saved at once.
    fn learn_profile(&mut self) {
        if let Some(s) = &self.session
            && s.teach(&mut self.profile)
        {
            self.save_profile();
        }
    }

    /// Puts the cursor on the current step's answer (or the first row).
    fn enter_step(&mut self) {
        self.flow.scroll = 0;
        self.flow.cursor = 0;
        self.flow.date.clear();
        self.flow.date_typing = false;
        let Some(s) = &self.session else { return };
        if let Some(step) = s.current()
            && step.is_date()
        {
            self.flow.date_typing = true;
            if let Some(d) = s.date_of(&step.id) {
                self.flow.date.insert(&d.to_string());
            }
        }
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
    }

    /// After the engine moved: the summary once finished, else the step.
    fn show_where_session_is(&mut self) {
        if self.session.as_ref().is_some_and(Session::is_finished) {
            self.show_summary();
        } else {
            self.screen = Screen::Flow;
            self.enter_step();
        }
    }

    // ---- rows ----

    pub fn home_rows(&self) -> Vec<HomeRow> {
        let mut rows: Vec<HomeRow> = if self.home.query.as_str().trim().is_empty() {
            (0..self.continuing.len()).map(HomeRow::Continue).collect()
        } else {
            let found = self.home.results.iter().map(|f| HomeRow::Flow(f.flow));
            // A dead end lists the closest flows, then every category.
            match self.home.dead_end {
                Some(DeadEnd { closest: true, .. }) => found.collect(),
                _ => return found.collect(),
            }
        };
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
        self.session
            .as_ref()
            .map(|s| {
                let c = s.checklist(self.today);
                c.answers.into_iter().map(|a| a.question_id).collect()
            })
            .unwrap_or_default()
    }

    // ---- search ----

    fn search_changed(&mut self) {
        self.home.results = self.finder.find(self.home.query.as_str());
        self.home.dead_end = self.finder.dead_end().cloned();
        self.home.selected = 0;
    }

    // ---- what an answer change did ----

    fn report_change(&mut self, change: &Change) {
        let Some(s) = &self.session else { return };
        for text in change.messages(s, self.locale()) {
            self.say(Level::Info, text);
        }
    }
}

/// Applies one action. The only place state changes.
pub fn update(app: &mut App, action: Action) {
    if action == Action::Resize || (action == Action::Idle && !super::person::idle_due(app)) {
        return;
    }
    app.messages.clear();
    if action == Action::ForceQuit {
        app.quit = true;
        return;
    }
    update_screens(app, action);
    super::person::remember(app);
}

fn update_screens(app: &mut App, action: Action) {
    if action == Action::Idle {
        super::person::idle(app);
        return;
    }
    if let Some(overlay) = app.overlay {
        match (overlay, &action) {
            (Overlay::ConfirmPerson, Action::Confirm(yes)) => switcher::confirm(app, *yes),
            (Overlay::Done, _) => super::person::answer(app, action),
            (Overlay::ConfirmPerson, _) => {}
            (Overlay::Help, Action::Up | Action::PageUp) => {
                let by = if action == Action::Up { 1 } else { 5 };
                app.help_scroll = app.help_scroll.saturating_sub(by);
            }
            (Overlay::Help, Action::Down | Action::PageDown) => {
                app.help_scroll += if action == Action::Down { 1 } else { 5 };
            }
            (Overlay::ConfirmRestart, Action::Confirm(true)) => {
                app.overlay = None;
                if let Some(s) = app.session.as_mut() {
                    s.restart();
                }
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
            app.help_scroll = 0;
            return;
        }
        Action::Done => {
            super::person::done(app);
            return;
        }
        Action::ToggleLang => {
            app.lang = app.lang.other();
            return;
        }
        Action::Users => {
            switcher::open(app);
            return;
        }
        Action::Region if app.screen != Screen::Users => {
            super::region::open(app, None);
            return;
        }
        Action::FocusSearch => {
            app.go_home();
            app.home.typing = true;
            return;
        }
        _ => {}
    }
    // The engine gives every change of state a new revision number, so
    // comparing two numbers tells whether there is anything to save.
    let before = app.session.as_ref().map(Session::revision);
    match app.screen {
        Screen::Home => update_home(app, action),
        Screen::Flow => update_flow(app, action),
        Screen::Summary => update_summary(app, action),
        Screen::Users => switcher::update(app, action),
        Screen::Region => super::region::update(app, action),
    }
    let after = app.session.as_ref().map(Session::revision);
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
        Action::ClearLine => {
            app.home.query.clear();
            app.search_changed();
        }
        Action::DeleteWord if app.home.query.delete_word() => app.search_changed(),
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
    if step.is_date() {
        match action {
            Action::Type(s) => {
                app.flow.date_typing = true;
                app.flow.date.insert(&s);
                return;
            }
            Action::DeleteBack => {
                app.flow.date.backspace();
                return;
            }
            Action::CursorLeft => return app.flow.date.left(),
            Action::CursorRight => return app.flow.date.right(),
            Action::StopTyping => {
                app.flow.date_typing = false;
                return;
            }
            Action::Select | Action::Next => return submit_date(app),
            _ => {}
        }
    }
    match action {
        Action::Select | Action::Toggle => match rows.get(app.flow.cursor) {
            Some(FlowRow::Choice(i)) => {
                let option = step.options()[*i].id.clone();
                choose(app, &option);
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
        Action::Next => advance(app),
        Action::Back => match session.back() {
            Back::Step => app.enter_step(),
            Back::Summary => app.show_summary(),
            Back::Start => app.go_home(),
        },
        Action::Summary => app.show_summary(),
        Action::Restart => app.overlay = Some(Overlay::ConfirmRestart),
        Action::Route => app.overlay = Some(Overlay::Route),
        _ => {}
    }
}

/// Answers the current question and continues (the engine decides where:
/// the next step, a step the change brought, or back to the summary).
fn choose(app: &mut App, option: &str) {
    let Some(session) = app.session.as_mut() else {
        return;
    };
    match session.choose(option) {
        Ok(change) => {
            app.learn_profile();
            app.show_where_session_is();
            app.report_change(&change);
        }
        Err(e) => {
            let text = e.message(app.lang);
            app.say(Level::Error, text)
        }
    }
}

/// Takes the typed day and continues (the engine reads it and decides
/// where); an empty box continues without a day. The deadlines the day
/// works out to are shown at once, as the engine words them.
fn submit_date(app: &mut App) {
    let typed = app.flow.date.as_str().trim().to_string();
    let Some(session) = app.session.as_mut() else {
        return;
    };
    match session.enter_date(&typed, app.today) {
        Ok(change) => {
            app.show_where_session_is();
            app.report_change(&change);
        }
        Err(e) => {
            let text = e.message(app.lang);
            app.say(Level::Error, text);
            // A day it cannot read: the box stays open to type it again.
            if matches!(e, crate::engine::EngineError::BadDate { .. }) {
                app.flow.date_typing = true;
            }
        }
    }
}

/// Continues from the current step.
fn advance(app: &mut App) {
    let Some(session) = app.session.as_mut() else {
        return;
    };
    match session.advance() {
        Ok(()) => app.show_where_session_is(),
        Err(crate::engine::EngineError::Unanswered(_)) => {
            let text = app.t("tui.choose_first");
            app.say(Level::Info, text);
        }
        Err(e) => {
            let text = e.message(app.lang);
            app.say(Level::Error, text)
        }
    }
}

fn update_summary(app: &mut App, action: Action) {
    let questions = app.summary_questions();
    let rows = questions.len() + super::summary::related(app).len();
    match action {
        Action::PageUp => app.summary.scroll = app.summary.scroll.saturating_sub(5),
        Action::PageDown => app.summary.scroll = app.summary.scroll.saturating_add(5),
        // End / G: the end of the summary (the draw clamps the scroll).
        Action::Last => app.summary.scroll = u16::MAX,
        Action::Up | Action::Down | Action::First => {
            app.summary.scroll = 0;
            step_list(&mut app.summary.cursor, rows, &action);
        }
        Action::Related => super::summary::to_related(app, questions.len()),
        Action::Select if app.summary.cursor >= questions.len() => {
            super::summary::open_related(app, questions.len());
        }
        Action::Select => {
            let Some(q) = questions.get(app.summary.cursor) else {
                return;
            };
            let Some(session) = app.session.as_mut() else {
                return;
            };
            if session.change(q).is_ok() {
                app.screen = Screen::Flow;
                app.enter_step();
            }
        }
        Action::Back => {
            let Some(session) = app.session.as_mut() else {
                app.go_home();
                return;
            };
            session.leave_summary();
            app.screen = Screen::Flow;
            app.enter_step();
        }
        Action::Print => print_message(app),
        Action::Restart => app.overlay = Some(Overlay::ConfirmRestart),
        Action::Route => app.overlay = Some(Overlay::Route),
        Action::Summary => {}
        _ => {}
    }
}

/// Writes the printable checklist of the open flow (in helpdesk use, the
/// 一次性告知单, see [`crate::render::save_printout`]) and says where.
pub(super) fn print_message(app: &mut App) {
    let summary = match app.session.as_ref() {
        Some(s) => Ok(crate::render::Summary::new(
            s,
            Some(&app.user_name),
            app.today,
        )),
        None => Err(app.t("tui.no_flow").to_string()),
    };
    let dir = match app.store.as_ref() {
        Some(store) => store.exports_dir().map_err(|e| e.message(app.lang)),
        None => Err(app.store_problem.clone().unwrap_or_default()),
    };
    let notice = app.notice.as_ref();
    match crate::render::save_printout(
        summary.as_ref().map_err(Clone::clone),
        app.locale(),
        notice,
        dir,
    ) {
        Ok(text) => app.say(Level::Info, text),
        Err(text) => app.say(Level::Error, text),
    }
}
