//! Plain accessible mode: the same flows, engine, store and summary as line
//! prompts (numbered options, typed answers; no cursor movement, no box
//! drawing), for screen readers and pipes. End of input quits; every change
//! is already saved. Like the TUI, it only turns lines into engine actions
//! ([`Session::choose`], [`Session::advance`], [`Session::back`],
//! [`Session::change`], [`Session::toggle_many`]) and prints what the engine
//! says; it holds no rule of the wizard.
//!
//! Ctrl-C (and SIGTERM/SIGHUP) while it waits for a line: [`interrupt_handler`]
//! waits for any save under way, says "进度已保存" and exits 130.

use std::io::{self, BufRead, Write};
use std::sync::{Arc, Mutex};

use crate::date::Date;
use crate::engine::region::Standing;
use crate::engine::{Back, EngineError, Session};
use crate::flow::{Category, Flow, Lang, Place};
use crate::locale::Locale;
use crate::render::{self, Summary};
// The store interface: the folder or the team store, whichever was chosen.
use crate::store::backend::{AnyStore as Store, AnyUser as UserStore};
use crate::tui::find::Finder;

/// Held while saving; holds whether the last save failed. The interrupt
/// handler takes it, so it never cuts a save short and knows what to say.
pub type SaveLock = Arc<Mutex<bool>>;

struct Plain<'a, R, W> {
    flows: Vec<Arc<Flow>>,
    finder: Finder,
    store: Option<Store>,
    user: Option<UserStore>,
    name: String,
    lang: Lang,
    today: Date,
    input: R,
    out: &'a mut W,
    saving: SaveLock,
    /// Helpdesk use: `p` saves the 一次性告知单 with these options.
    notice: Option<crate::render::notice::Options>,
    /// Why some progress was not saved (the last reason), if any was not:
    /// then the goodbye says so and the run ends in an error (exit 1).
    unsaved: Option<String>,
    regions: crate::engine::region::Regions,
    /// The person's profile (参保地, insurance, for whom), saved with them.
    profile: crate::engine::Profile,
}

enum Next {
    Home,
    Flow(Session),
    Summary(Session),
    Quit,
}

/// What one line typed on a step asks for.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    /// Several numbers (`1 3`), each 1-based and in range.
    Numbers(Vec<usize>),
    Empty,
    /// Why the line is not understood (said once).
    Wrong(String),
}

/// Reads `1 3`, `1,3` or `1、3` as numbers from 1 to `n`.
fn numbers(line: &str, n: usize, l: &Locale) -> Entry {
    let parts: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、'))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Entry::Empty;
    }
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for p in parts {
        match p.parse::<usize>() {
            Ok(k) if (1..=n).contains(&k) => {
                if !out.contains(&(k - 1)) {
                    out.push(k - 1);
                }
            }
            _ => bad.push(p),
        }
    }
    if bad.is_empty() {
        Entry::Numbers(out)
    } else {
        Entry::Wrong(l.fmt("plain.bad_numbers", &[("bad", &bad.join(" ")), ("n", &n)]))
    }
}

/// What to say when interrupted: saved, or why not.
pub fn interrupted_message(saving: &SaveLock, lang: Lang) -> String {
    let failed = *saving.lock().unwrap_or_else(|e| e.into_inner());
    let l = Locale::get(lang);
    if failed {
        l.fmt(
            "tui.not_saved",
            &[("reason", &l.t("plain.interrupted_unsaved"))],
        )
    } else {
        l.t("plain.interrupted").to_string()
    }
}

/// Ctrl-C, SIGTERM and SIGHUP while plain mode runs: wait for a save under
/// way (every change is saved as it is made), say so on standard output and
/// exit 130. Best effort: without a handler, the default (dying) stays.
pub fn interrupt_handler(saving: SaveLock, lang: Lang) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let text = interrupted_message(&saving, lang);
            // Keep the lock: no save starts after this.
            let _held = saving.lock();
            let mut out = io::stdout().lock();
            let _ = writeln!(out, "\n{text}");
            let _ = out.flush();
            std::process::exit(130);
        }
    });
}

/// The longest line kept from standard input (a pasted question is cut to
/// far less by search; anything longer is read and dropped, never held).
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// One line of `input` without its newline, at most [`MAX_LINE_BYTES`]
/// (the rest of a longer line is skipped), bytes that are not UTF-8
/// replaced; `None` at the end of input.
fn read_bounded_line<R: BufRead>(input: &mut R) -> io::Result<Option<String>> {
    let mut kept = Vec::new();
    let mut any = false;
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (part, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], i + 1),
            None => (buf, buf.len()),
        };
        let room = MAX_LINE_BYTES.saturating_sub(kept.len());
        kept.extend_from_slice(&part[..part.len().min(room)]);
        let ended = done > part.len();
        input.consume(done);
        if ended {
            break;
        }
    }
    Ok(any.then(|| String::from_utf8_lossy(&kept).into_owned()))
}

/// Runs the plain wizard until `q` or the end of `input`.
#[allow(clippy::too_many_arguments)]
pub fn run<R: BufRead, W: Write>(
    flows: Vec<Arc<Flow>>,
    store: Result<impl Into<Store>, String>,
    user_name: &str,
    lang: Lang,
    today: Date,
    input: R,
    out: &mut W,
    saving: SaveLock,
    notice: Option<crate::render::notice::Options>,
    regions: crate::engine::region::Regions,
) -> io::Result<()> {
    let finder = Finder::new(&flows);
    let mut p = Plain {
        flows,
        finder,
        store: None,
        user: None,
        name: user_name.to_string(),
        lang,
        today,
        input,
        out,
        saving,
        notice,
        unsaved: None,
        regions,
        profile: Default::default(),
    };
    match store.map(Into::into) {
        Ok(s) => {
            match s.open_user(user_name) {
                Ok(u) => p.user = Some(u),
                Err(e) => p.say_not_saved(&e.message(lang))?,
            }
            p.store = Some(s);
        }
        Err(e) => p.say_not_saved(&e)?,
    }
    p.profile = p
        .user
        .as_ref()
        .map(|u| u.person().profile.clone().known())
        .unwrap_or_default();
    let header = p.l().fmt("plain.header", &[("name", &p.name)]);
    writeln!(p.out, "{header}")?;
    p.notices()?;
    let mut next = Next::Home;
    loop {
        next = match next {
            Next::Home => p.home()?,
            Next::Flow(s) => p.flow(s)?,
            Next::Summary(s) => p.summary(s)?,
            Next::Quit => break,
        };
    }
    if let Some(reason) = p.unsaved.take() {
        let text = p.l().fmt("plain.bye_unsaved", &[("reason", &reason)]);
        writeln!(p.out, "{text}")?;
        return Err(io::Error::other(text));
    }
    let bye = p.l().t("plain.bye");
    writeln!(p.out, "{bye}")?;
    Ok(())
}

impl<R: BufRead, W: Write> Plain<'_, R, W> {
    fn l(&self) -> &'static Locale {
        Locale::get(self.lang)
    }

    fn say_not_saved(&mut self, reason: &str) -> io::Result<()> {
        self.unsaved = Some(reason.to_string());
        let text = self.l().fmt("tui.not_saved", &[("reason", &reason)]);
        writeln!(self.out, "{text}")
    }

    fn notices(&mut self) -> io::Result<()> {
        let notices = self
            .user
            .as_mut()
            .map(|u| u.take_notices())
            .unwrap_or_default();
        for n in notices {
            writeln!(self.out, "{}", n.message(self.lang))?;
        }
        Ok(())
    }

    fn save(&mut self, s: &Session) -> io::Result<()> {
        if let Some(u) = self.user.as_mut() {
            let mut failed = self.saving.lock().unwrap_or_else(|e| e.into_inner());
            let result = u.save(s);
            *failed = result.is_err();
            drop(failed);
            if let Err(e) = result {
                let text = e.message(self.lang);
                writeln!(self.out, "{text}")?;
                self.unsaved = Some(text);
            }
        }
        self.notices()
    }

    /// Prints `prompt` and reads one trimmed line; `None` at end of input.
    fn ask(&mut self, prompt: &str) -> io::Result<Option<String>> {
        writeln!(self.out)?;
        write!(self.out, "{prompt} > ")?;
        self.out.flush()?;
        let Some(line) = read_bounded_line(&mut self.input)? else {
            writeln!(self.out)?;
            return Ok(None);
        };
        let answer = line.trim().to_string();
        Ok(Some(answer))
    }

    /// Shared commands; returns true when `answer` was one of them.
    fn common(&mut self, answer: &str) -> io::Result<bool> {
        match answer {
            "l" => {
                self.lang = self.lang.other();
                Ok(true)
            }
            "?" => {
                let help = self.l().t("plain.help");
                writeln!(self.out, "{help}")?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn title(&self, i: usize) -> String {
        self.flows[i].title.get(self.lang).to_string()
    }

    /// Opens a flow as it stands in the person's 参保地, asking for it the
    /// first time a flow with local rules needs it.
    fn open(&mut self, i: usize) -> io::Result<Next> {
        let base = Arc::clone(&self.flows[i]);
        if self.profile.asks_region(&self.regions, &base.id) {
            self.ask_region(Some(&base.id))?;
        }
        let flow = self.regions.localize(&base, self.profile.place());
        let mut session = match self.user.as_mut() {
            Some(u) => u.resume(flow),
            None => Session::new(flow),
        };
        self.notices()?;
        let change = session.use_profile(&self.profile);
        for text in change.messages(&session, self.l()) {
            writeln!(self.out, "{text}")?;
        }
        Ok(if session.is_finished() {
            Next::Summary(session)
        } else {
            Next::Flow(session)
        })
    }

    /// Asks where the person is insured (a city or province: 南京, nanjing,
    /// nj; a number picks among several; empty: not sure) and saves it
    /// with their profile.
    /// Asks for the 参保地 (for `flow`, when one is open or about to be).
    fn ask_region(&mut self, flow: Option<&str>) -> io::Result<()> {
        let mut listed: Vec<&'static str> = Vec::new();
        loop {
            let l = self.l();
            let Some(answer) = self.ask(l.t("plain.region_prompt"))? else {
                return Ok(());
            };
            let chosen = if answer.is_empty() {
                Some(crate::engine::REGION_UNSURE)
            } else if let Some(&id) = answer
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|k| listed.get(k))
            {
                Some(id)
            } else {
                match crate::search::places::resolve(&answer, 8) {
                    Ok(place) => Some(place.id),
                    Err(many) if many.is_empty() => {
                        writeln!(
                            self.out,
                            "{}",
                            l.fmt("error.unknown_region", &[("region", &answer)])
                        )?;
                        None
                    }
                    Err(many) => {
                        writeln!(self.out, "{}", l.t("plain.region_which"))?;
                        for (k, p) in many.iter().enumerate() {
                            writeln!(self.out, "  {}. {}", k + 1, p.full_name(self.lang))?;
                        }
                        listed = many.iter().map(|p| p.id).collect();
                        None
                    }
                }
            };
            let Some(id) = chosen else {
                continue;
            };
            self.profile.region = Some(id.to_string());
            let profile = self.profile.clone();
            if let Some(u) = self.user.as_mut()
                && let Err(e) = u.set_person(|p| p.profile = profile)
            {
                let text = e.message(self.lang);
                writeln!(self.out, "{text}")?;
            }
            let text = match self.regions.standing(&self.profile, flow) {
                Standing::Local(p) => {
                    l.fmt("tui.region_set", &[("region", &p.full_name(self.lang))])
                }
                Standing::National(p) => l.fmt(
                    "tui.region_set_none",
                    &[("region", &p.full_name(self.lang))],
                ),
                Standing::NotGiven => l.t("plain.region_unsure_set").to_string(),
            };
            writeln!(self.out, "{text}")?;
            return Ok(());
        }
    }

    /// After the person answered: a question bound to the profile teaches it.
    fn learn_profile(&mut self, s: &Session) -> io::Result<()> {
        if !s.teach(&mut self.profile) {
            return Ok(());
        }
        let profile = self.profile.clone();
        if let Some(u) = self.user.as_mut()
            && let Err(e) = u.set_person(|p| p.profile = profile)
        {
            writeln!(self.out, "{}", e.message(self.lang))?;
        }
        Ok(())
    }

    fn home(&mut self) -> io::Result<Next> {
        // The numbered list the next number picks from.
        let mut listed: Vec<usize> = Vec::new();
        let saved = self
            .user
            .as_ref()
            .map(|u| u.in_progress())
            .unwrap_or_default();
        let l = self.l();
        if !saved.is_empty() {
            writeln!(self.out, "{}", l.t("tui.in_progress"))?;
            for s in saved {
                let Some(i) = self.flows.iter().position(|f| f.id == s.flow_id) else {
                    continue;
                };
                let (session, _) = Session::resume(Arc::clone(&self.flows[i]), s.state);
                let p = session.progress();
                listed.push(i);
                let text = if session.is_finished() {
                    l.fmt("tui.finished_flow", &[("title", &self.title(i))])
                } else {
                    l.fmt(
                        "tui.continue",
                        &[
                            ("title", &self.title(i)),
                            ("done", &p.done),
                            ("total", &p.total),
                        ],
                    )
                };
                writeln!(self.out, "  {}. {text}", listed.len())?;
            }
        }
        loop {
            let l = self.l();
            let Some(answer) = self.ask(l.t("plain.home_prompt"))? else {
                return Ok(Next::Quit);
            };
            if self.common(&answer)? {
                continue;
            }
            match answer.as_str() {
                "q" => return Ok(Next::Quit),
                "" => {
                    listed = self.list_all()?;
                    continue;
                }
                _ => {}
            }
            if let Ok(n) = answer.parse::<usize>() {
                match n.checked_sub(1).and_then(|k| listed.get(k)) {
                    Some(&i) => return self.open(i),
                    None => {
                        writeln!(
                            self.out,
                            "{}",
                            l.fmt("plain.bad_number", &[("n", &listed.len())])
                        )?;
                        continue;
                    }
                }
            }
            let found = self.finder.find(&answer);
            if let Some(dead_end) = self.finder.dead_end() {
                if let Some(q) = &dead_end.did_you_mean {
                    let line = l.fmt("search.did_you_mean", &[("query", q)]);
                    writeln!(self.out, "{line}")?;
                }
                if dead_end.closest {
                    writeln!(self.out, "{}", l.t("search.closest_plain"))?;
                }
            }
            if found.is_empty() {
                writeln!(self.out, "{}", l.t("tui.no_results"))?;
                continue;
            }
            if !self.finder.dead_end().is_some_and(|d| d.closest) {
                let line = l.fmt("plain.results", &[("n", &found.len())]);
                writeln!(self.out, "{line}")?;
            }
            listed = found.iter().map(|f| f.flow).collect();
            for (k, &i) in listed.iter().enumerate() {
                let hint = self.flows[i].summary.get(self.lang);
                writeln!(self.out, "  {}. {}\n     {hint}", k + 1, self.title(i))?;
            }
        }
    }

    fn list_all(&mut self) -> io::Result<Vec<usize>> {
        let mut listed = Vec::new();
        let l = self.l();
        for c in Category::ALL {
            let in_cat: Vec<usize> = (0..self.flows.len())
                .filter(|&i| self.flows[i].category == c)
                .collect();
            if in_cat.is_empty() {
                continue;
            }
            writeln!(self.out, "{}", l.t(c.locale_key()))?;
            for i in in_cat {
                listed.push(i);
                writeln!(self.out, "  {}. {}", listed.len(), self.title(i))?;
            }
        }
        Ok(listed)
    }

    /// `原件 ×1, 复印件 ×2, 用于: 定点医院`: commas read well aloud.
    fn materials(&self, originals: u32, copies: u32, at: &[Place]) -> String {
        let l = self.l();
        let mut parts = vec![l.material_counts(originals, copies, ", ")];
        parts.extend(l.used_at(at));
        parts.retain(|p| !p.is_empty());
        parts.join(", ")
    }

    /// Prints the step: progress, title, text, and its options or items.
    fn show_step(&mut self, s: &Session) -> io::Result<()> {
        let Some(step) = s.current() else {
            return Ok(());
        };
        let l = self.l();
        let lang = self.lang;
        let p = s.progress();
        writeln!(self.out)?;
        writeln!(
            self.out,
            "== {} | {} ==",
            s.flow().title.get(lang),
            l.fmt("wizard.done_of", &[("done", &p.done), ("total", &p.total)])
        )?;
        writeln!(self.out, "{}", step.title.get(lang))?;
        if s.is_returning() {
            writeln!(self.out, "{}", l.t("tui.returning"))?;
        }
        let from = s.from_profile(&step.id, &self.profile);
        if let Some(p) = from.place {
            let name = p.full_name(lang);
            writeln!(
                self.out,
                "{}",
                l.fmt("plain.from_profile_region", &[("region", &name)])
            )?;
        }
        if let Some(o) = from.answer {
            let answer = o.label.get(lang);
            writeln!(
                self.out,
                "{}",
                l.fmt("tui.from_profile_answer", &[("answer", &answer)])
            )?;
        }
        for t in &step.body {
            writeln!(self.out, "{}", t.get(lang))?;
        }
        for t in &step.warnings {
            writeln!(self.out, "{} {}", l.t("tui.warning"), t.get(lang))?;
        }
        for t in s
            .deadlines_of(step, self.today)
            .iter()
            .chain(&step.deadlines)
        {
            writeln!(self.out, "{} {}", l.t("tui.deadline"), t.get(lang))?;
        }
        if step.is_date() {
            if let Some(d) = s.date_of(&step.id) {
                let given = l.fmt("wizard.date_given", &[("date", &d.spoken(lang))]);
                writeln!(self.out, "{given}")?;
            }
            writeln!(self.out, "{}", l.t("wizard.date_hint"))?;
        }
        for t in &step.tips {
            writeln!(self.out, "{} {}", l.t("tui.tip"), t.get(lang))?;
        }
        if step.is_question() {
            for (k, o) in step.options().iter().enumerate() {
                let current = if s.answer_of(&step.id) == Some(o.id.as_str()) {
                    format!(" ({})", l.t("plain.current_answer"))
                } else {
                    String::new()
                };
                writeln!(self.out, "  {}. {}{current}", k + 1, o.label.get(lang))?;
                if let Some(h) = &o.hint {
                    writeln!(self.out, "     {}", h.get(lang))?;
                }
            }
        }
        for (k, it) in s.visible_items(step).iter().enumerate() {
            let mark = if s.is_ticked(&step.id, &it.id) {
                "[x]"
            } else {
                "[ ]"
            };
            let optional = if it.required {
                String::new()
            } else {
                format!(" ({})", l.t("show.optional"))
            };
            writeln!(
                self.out,
                "  {}. {mark} {}{optional}",
                k + 1,
                it.label.get(lang)
            )?;
            if let Some(m) = &it.material {
                writeln!(
                    self.out,
                    "     {}",
                    self.materials(m.originals, m.copies, &[m.at])
                )?;
            }
            if let Some(n) = &it.note {
                writeln!(self.out, "     {}", n.get(lang))?;
            }
        }
        Ok(())
    }

    /// One step after another. Each line becomes one engine action; a line
    /// that is not understood says why once, and the step is not printed
    /// again (only `>` asks again).
    fn flow(&mut self, mut s: Session) -> io::Result<Next> {
        self.save(&s)?;
        let mut show = true;
        loop {
            let Some(step) = s.current().cloned() else {
                return Ok(Next::Summary(s));
            };
            let l = self.l();
            let items: Vec<String> = s
                .visible_items(&step)
                .iter()
                .map(|i| i.id.clone())
                .collect();
            let prompt = if !show {
                ""
            } else if step.is_date() {
                l.t("plain.date_prompt")
            } else if step.is_question() {
                l.t("plain.choose_prompt")
            } else if !items.is_empty() {
                l.t("plain.check_prompt")
            } else {
                l.t("plain.info_prompt")
            };
            if show {
                self.show_step(&s)?;
            }
            show = true;
            let Some(answer) = self.ask(prompt)? else {
                return Ok(Next::Quit);
            };
            if self.common(&answer)? {
                continue;
            }
            match answer.as_str() {
                "q" => return Ok(Next::Quit),
                "s" => return Ok(Next::Summary(s)),
                "a" => {
                    // A new 参保地: the flow as it stands there, nothing lost.
                    self.save(&s)?;
                    let id = s.flow().id.clone();
                    self.ask_region(Some(&id))?;
                    let Some(i) = self.flows.iter().position(|f| f.id == s.flow().id) else {
                        continue;
                    };
                    return self.open(i);
                }
                "b" => {
                    let back = s.back();
                    self.save(&s)?;
                    match back {
                        Back::Step => continue,
                        Back::Summary => return Ok(Next::Summary(s)),
                        Back::Start => return Ok(Next::Home),
                    }
                }
                "r" => {
                    let Some(yes) = self.ask(l.t("tui.confirm_restart"))? else {
                        return Ok(Next::Quit);
                    };
                    if yes.eq_ignore_ascii_case("y") {
                        s.restart();
                        self.save(&s)?;
                        writeln!(self.out, "{}", l.t("tui.restarted"))?;
                    }
                    continue;
                }
                _ => {}
            }
            if step.is_date() {
                // The engine reads the day, moves on and words the
                // deadlines it works out to: printed before the next step.
                match s.enter_date(&answer, self.today) {
                    Ok(change) => {
                        for text in change.messages(&s, l) {
                            writeln!(self.out, "{text}")?;
                        }
                        self.save(&s)?;
                    }
                    Err(e) => {
                        writeln!(self.out, "{}", e.message(self.lang))?;
                        // A day it cannot read: why, and the step is not
                        // printed again.
                        if matches!(e, EngineError::BadDate { .. }) {
                            show = false;
                        }
                    }
                }
                continue;
            }
            let n = if step.is_question() {
                step.options().len()
            } else {
                items.len()
            };
            let entry = match numbers(&answer, n, l) {
                _ if n == 0 && !answer.is_empty() => {
                    Entry::Wrong(l.t("plain.info_only").to_string())
                }
                // One option only: no talk of several numbers.
                Entry::Wrong(_) if step.is_question() => {
                    Entry::Wrong(l.fmt("plain.bad_number", &[("n", &n)]))
                }
                e => e,
            };
            match entry {
                Entry::Wrong(why) => {
                    writeln!(self.out, "{why}")?;
                    show = false;
                }
                Entry::Empty => match s.advance() {
                    Ok(()) => self.save(&s)?,
                    Err(EngineError::Unanswered(_)) => {
                        writeln!(self.out, "{}", l.fmt("plain.bad_number", &[("n", &n)]))?;
                        show = false;
                    }
                    Err(e) => writeln!(self.out, "{}", e.message(self.lang))?,
                },
                Entry::Numbers(ks) if step.is_question() => {
                    if ks.len() != 1 {
                        writeln!(self.out, "{}", l.fmt("plain.bad_number", &[("n", &n)]))?;
                        show = false;
                        continue;
                    }
                    let option = step.options()[ks[0]].id.clone();
                    match s.choose(&option) {
                        Ok(change) => {
                            self.learn_profile(&s)?;
                            for text in change.messages(&s, l) {
                                writeln!(self.out, "{text}")?;
                            }
                            self.save(&s)?;
                        }
                        Err(e) => writeln!(self.out, "{}", e.message(self.lang))?,
                    }
                }
                Entry::Numbers(ks) => {
                    let ids: Vec<&str> = ks.iter().map(|&k| items[k].as_str()).collect();
                    if let Err(e) = s.toggle_many(&step.id, &ids) {
                        writeln!(self.out, "{}", e.message(self.lang))?;
                    }
                    self.save(&s)?;
                }
            }
        }
    }

    fn summary(&mut self, mut s: Session) -> io::Result<Next> {
        loop {
            let l = self.l();
            let summary = Summary::new(&s, Some(&self.name), self.today);
            writeln!(self.out)?;
            write!(self.out, "{}", render::text(&summary, l))?;
            writeln!(self.out, "{}", l.t("plain.change_list"))?;
            for (k, a) in summary.answers.iter().enumerate() {
                writeln!(
                    self.out,
                    "  {}. {}: {}",
                    k + 1,
                    a.question.get(self.lang),
                    a.option.get(self.lang)
                )?;
            }
            let Some(answer) = self.ask(l.t("plain.summary_prompt"))? else {
                return Ok(Next::Quit);
            };
            if self.common(&answer)? {
                continue;
            }
            match answer.as_str() {
                "q" => return Ok(Next::Quit),
                "" => return Ok(Next::Home),
                "b" => {
                    s.leave_summary();
                    self.save(&s)?;
                    return Ok(Next::Flow(s));
                }
                "p" => {
                    let dir = match &self.store {
                        Some(store) => store.exports_dir().map_err(|e| e.message(self.lang)),
                        None => Err(l.t("plain.no_store").to_string()),
                    };
                    let text = render::save_printout(Ok(&summary), l, self.notice.as_ref(), dir)
                        .unwrap_or_else(|e| e);
                    writeln!(self.out, "{text}")?;
                    continue;
                }
                _ => {}
            }
            let picked = answer
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|k| summary.answers.get(k));
            match picked {
                Some(a) => {
                    if s.change(&a.question_id).is_ok() {
                        return Ok(Next::Flow(s));
                    }
                }
                None => {
                    let n = summary.answers.len();
                    writeln!(self.out, "{}", l.fmt("plain.bad_number", &[("n", &n)]))?;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::flow::{Source, parse};

    #[test]
    fn input_lines_are_bounded_and_never_fail_on_bad_bytes() {
        let mut long = vec![b'x'; 3 * MAX_LINE_BYTES];
        long.extend_from_slice(b"\nq\n\xff\xfeok\nlast");
        let mut input = io::BufReader::with_capacity(1000, &long[..]);
        let first = read_bounded_line(&mut input).unwrap().unwrap();
        assert_eq!(first.len(), MAX_LINE_BYTES);
        assert_eq!(read_bounded_line(&mut input).unwrap().as_deref(), Some("q"));
        assert_eq!(
            read_bounded_line(&mut input).unwrap().as_deref(),
            Some("\u{fffd}\u{fffd}ok")
        );
        assert_eq!(
            read_bounded_line(&mut input).unwrap().as_deref(),
            Some("last")
        );
        assert_eq!(read_bounded_line(&mut input).unwrap(), None);
    }

    fn fixture(name: &str) -> Arc<Flow> {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        Arc::new(parse(&Source { path, text }).unwrap())
    }

    fn today() -> Date {
        Date::parse("2026-12-03").unwrap()
    }

    /// Runs plain mode on `flows` with `input`; returns what it printed and
    /// the data folder (kept alive).
    fn run_plain(flows: Vec<Arc<Flow>>, input: &str) -> (String, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(Some(dir.path())).map_err(|e| e.to_string());
        let mut out = Vec::new();
        run(
            flows,
            store,
            "张三",
            Lang::ZhCn,
            today(),
            Cursor::new(input.as_bytes().to_vec()),
            &mut out,
            SaveLock::default(),
            None,
            Default::default(),
        )
        .unwrap();
        (String::from_utf8(out).unwrap(), dir)
    }

    #[test]
    fn several_numbers_tick_several_items() {
        // List all, open the card flow, read on, choose the counter, tick 1 and 3.
        let (out, _dir) = run_plain(vec![fixture("wizard/test-card.ron")], "\n1\n\n1\n1 3\nq\n");
        let last = out.rsplit("备齐材料").next().unwrap();
        assert!(last.contains("1. [x] 本人身份证"), "{out}");
        assert!(last.contains("2. [ ] 近期免冠照片"), "{out}");
        assert!(last.contains("3. [x] 挂失记录"), "{out}");
        assert!(
            out.contains("已完成 2/3 步"),
            "one measure of progress: {out}"
        );
    }

    #[test]
    fn a_wrong_entry_says_why_once() {
        let (out, _dir) = run_plain(
            vec![fixture("wizard/test-card.ron")],
            "\n1\nx\n\n1\n1 9\n\nq\n",
        );
        // On the information step: why, once, and the step is not printed
        // again (until the summary, which lists it).
        let steps = out.split("========").next().unwrap();
        assert_eq!(out.matches("这一步没有选项").count(), 1, "{out}");
        assert_eq!(steps.matches("办理前须知").count(), 1, "{out}");
        // On the checklist: which number is wrong, and nothing ticked.
        assert_eq!(out.matches("没有这个编号: 9").count(), 1, "{out}");
        assert_eq!(out.matches("输入编号勾选或取消").count(), 1, "{out}");
        assert!(!out.contains("[x]"), "{out}");
    }

    #[test]
    fn a_date_question_takes_the_day_and_shows_the_deadline() {
        let (out, _dir) = run_plain(
            vec![fixture("dates/test-activate.ron")],
            "\n1\n明年\n12月3日\nb\nq\n",
        );
        assert_eq!(out.matches("看不懂“明年”这个日期").count(), 1, "{out}");
        assert!(out.contains("时限: 请在 2027年6月3日 前激活"), "{out}");
        assert!(out.contains("你填的日期: 2026年12月3日"), "{out}");
        // Said as soon as the day is taken, before the next step.
        let at = out.find("按你填的日期算: 请在 2027年6月3日 前激活");
        let next = out.find("带上这些去银行");
        assert!(at.is_some() && at < next, "{out}");
        assert!(!out.contains("已过"), "{out}");
    }

    #[test]
    fn an_old_day_says_its_deadline_has_passed() {
        let (out, _dir) = run_plain(
            vec![fixture("dates/test-activate.ron")],
            "\n1\n2026年1月5日\nq\n",
        );
        assert!(
            out.contains("按你填的日期算: 请在 2026年7月5日（已过） 前激活"),
            "{out}"
        );
    }

    #[test]
    fn changing_from_the_summary_returns_there() {
        // Finish (counter), then change the answer to "online" from the
        // summary: the new question is asked, then the summary again.
        let (out, _dir) = run_plain(
            vec![fixture("wizard/test-card.ron")],
            "\n1\n\n1\n\n1\n2\n1\nq\n",
        );
        let after = out.rsplit("可以修改的回答").next().unwrap();
        assert!(after.contains("网上办理"), "{out}");
        assert!(out.contains("用哪个平台？"), "{out}");
        assert!(out.matches("可以修改的回答").count() >= 2, "{out}");
    }

    #[test]
    fn an_interrupt_says_the_progress_is_saved_or_why_not() {
        let saving = SaveLock::default();
        assert_eq!(
            interrupted_message(&saving, Lang::ZhCn),
            "已中断。进度已保存。"
        );
        *saving.lock().unwrap() = true;
        let text = interrupted_message(&saving, Lang::ZhCn);
        assert!(text.contains("进度无法保存"), "{text}");
    }

    #[test]
    fn entries_are_read_as_numbers_in_range() {
        let l = Locale::get(Lang::ZhCn);
        assert_eq!(numbers("1 3", 3, l), Entry::Numbers(vec![0, 2]));
        assert_eq!(numbers("1,3、2", 3, l), Entry::Numbers(vec![0, 2, 1]));
        assert_eq!(numbers("  ", 3, l), Entry::Empty);
        assert!(matches!(numbers("1 4 x", 3, l), Entry::Wrong(w) if w.contains("4 x")));
    }
}
