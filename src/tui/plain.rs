//! Plain accessible mode: the same flows, engine, store and summary as line
//! prompts (numbered options, typed answers; no cursor movement, no box
//! drawing), for screen readers and pipes. End of input quits; every change
//! is already saved.

use std::io::{self, BufRead, Write};
use std::sync::Arc;

use crate::date::Date;
use crate::engine::Session;
use crate::flow::{Category, Flow, Lang, Place};
use crate::locale::Locale;
use crate::render::{self, Summary};
// The store interface: the folder or the team store, whichever was chosen.
use crate::store::backend::{AnyStore as Store, AnyUser as UserStore};

use super::find::Finder;

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
}

enum Next {
    Home,
    Flow(Session),
    Summary(Session),
    Quit,
}

/// Runs the plain wizard until `q` or the end of `input`.
pub fn run<R: BufRead, W: Write>(
    flows: Vec<Arc<Flow>>,
    store: Result<impl Into<Store>, String>,
    user_name: &str,
    lang: Lang,
    today: Date,
    input: R,
    out: &mut W,
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
    };
    match store.map(Into::into) {
        Ok(s) => {
            match s.open_user(user_name) {
                Ok(u) => p.user = Some(u),
                Err(e) => p.say_not_saved(&e.to_string())?,
            }
            p.store = Some(s);
        }
        Err(e) => p.say_not_saved(&e)?,
    }
    let header = p.l().fmt("plain.header", &[("name", &p.name)]);
    writeln!(p.out, "{header}")?;
    p.notices()?;
    let mut next = Next::Home;
    loop {
        next = match next {
            Next::Home => p.home()?,
            Next::Flow(s) => p.flow(s, false)?,
            Next::Summary(s) => p.summary(s)?,
            Next::Quit => break,
        };
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
        if let Some(u) = self.user.as_mut()
            && let Err(e) = u.save(s)
        {
            writeln!(self.out, "{e}")?;
        }
        self.notices()
    }

    /// Prints `prompt` and reads one trimmed line; `None` at end of input.
    fn ask(&mut self, prompt: &str) -> io::Result<Option<String>> {
        writeln!(self.out)?;
        write!(self.out, "{prompt} > ")?;
        self.out.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            writeln!(self.out)?;
            return Ok(None);
        }
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

    fn open(&mut self, i: usize) -> Next {
        let flow = Arc::clone(&self.flows[i]);
        let session = match self.user.as_mut() {
            Some(u) => u.resume(flow),
            None => Session::new(flow),
        };
        if session.is_finished() {
            Next::Summary(session)
        } else {
            Next::Flow(session)
        }
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
                    Some(&i) => return Ok(self.open(i)),
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
            if found.is_empty() {
                writeln!(self.out, "{}", l.t("tui.no_results"))?;
                continue;
            }
            writeln!(
                self.out,
                "{}",
                l.fmt("plain.results", &[("n", &found.len())])
            )?;
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

    /// One step after another. `returning`: came from the summary to change
    /// an answer; go back there when nothing new is open.
    fn flow(&mut self, mut s: Session, mut returning: bool) -> io::Result<Next> {
        self.save(&s)?;
        loop {
            let Some(step) = s.current().cloned() else {
                return Ok(Next::Summary(s));
            };
            let l = self.l();
            let lang = self.lang;
            let p = s.progress();
            writeln!(self.out)?;
            writeln!(
                self.out,
                "== {} | {} ==",
                s.flow().title.get(lang),
                l.fmt(
                    "tui.step_of",
                    &[("n", &(p.done + 1).min(p.total.max(1))), ("m", &p.total)]
                )
            )?;
            writeln!(self.out, "{}", step.title.get(lang))?;
            for t in &step.body {
                writeln!(self.out, "{}", t.get(lang))?;
            }
            for t in &step.warnings {
                writeln!(self.out, "{} {}", l.t("tui.warning"), t.get(lang))?;
            }
            for t in &step.deadlines {
                writeln!(self.out, "{} {}", l.t("tui.deadline"), t.get(lang))?;
            }
            for t in &step.tips {
                writeln!(self.out, "{} {}", l.t("tui.tip"), t.get(lang))?;
            }
            let items = s.visible_items(&step);
            let prompt = if step.is_question() {
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
                l.t("plain.choose_prompt")
            } else if !items.is_empty() {
                for (k, it) in items.iter().enumerate() {
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
                l.t("plain.check_prompt")
            } else {
                l.t("plain.info_prompt")
            };
            let Some(answer) = self.ask(prompt)? else {
                return Ok(Next::Quit);
            };
            if self.common(&answer)? {
                continue;
            }
            match answer.as_str() {
                "q" => return Ok(Next::Quit),
                "s" => return Ok(Next::Summary(s)),
                "b" => {
                    if returning {
                        returning = false;
                        if s.return_to_summary() {
                            self.save(&s)?;
                            return Ok(Next::Summary(s));
                        }
                    }
                    if !s.back() {
                        return Ok(Next::Home);
                    }
                    self.save(&s)?;
                    continue;
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
            let number = answer.parse::<usize>().ok().and_then(|n| n.checked_sub(1));
            if step.is_question() {
                let option = match (number.and_then(|k| step.options().get(k)), answer.as_str()) {
                    (Some(o), _) => o.id.clone(),
                    (None, "") if s.answer_of(&step.id).is_some() => {
                        s.answer_of(&step.id).unwrap_or_default().to_string()
                    }
                    _ => {
                        let n = step.options().len();
                        writeln!(self.out, "{}", l.fmt("plain.bad_number", &[("n", &n)]))?;
                        continue;
                    }
                };
                let dropped = match s.answer(&step.id, &option) {
                    Ok(d) => d,
                    Err(e) => {
                        writeln!(self.out, "{e}")?;
                        continue;
                    }
                };
                if !dropped.is_empty() {
                    let flow = s.shared_flow();
                    for (q, _) in &dropped.answers {
                        let t = flow.step(q).map_or(q.as_str(), |st| st.title.get(lang));
                        writeln!(self.out, "{}", l.fmt("tui.dropped_answer", &[("step", &t)]))?;
                    }
                    if !dropped.ticks.is_empty() {
                        writeln!(
                            self.out,
                            "{}",
                            l.fmt("tui.dropped_ticks", &[("n", &dropped.ticks.len())])
                        )?;
                    }
                }
                if returning {
                    if s.return_to_summary() {
                        self.save(&s)?;
                        return Ok(Next::Summary(s));
                    }
                } else {
                    let _ = s.advance();
                }
                self.save(&s)?;
            } else if answer.is_empty() {
                let _ = s.advance();
                self.save(&s)?;
            } else if items.is_empty() {
                writeln!(self.out, "{}", l.t("plain.info_prompt"))?;
            } else if let Some(it) = number.and_then(|k| items.get(k)) {
                let _ = s.toggle(&step.id, &it.id);
                self.save(&s)?;
            } else {
                writeln!(
                    self.out,
                    "{}",
                    l.fmt("plain.bad_number", &[("n", &items.len())])
                )?;
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
                    if s.is_finished() {
                        s.back();
                        self.save(&s)?;
                    }
                    return Ok(Next::Flow(s));
                }
                "p" => {
                    let result = match &self.store {
                        Some(store) => {
                            store
                                .exports_dir()
                                .map_err(|e| e.to_string())
                                .and_then(|dir| {
                                    render::write(render::Format::Text, &summary, l, &dir)
                                        .map_err(|e| e.to_string())
                                })
                        }
                        None => Err(l.t("plain.no_store").to_string()),
                    };
                    match result {
                        Ok(path) => writeln!(
                            self.out,
                            "{}",
                            l.fmt("tui.printed", &[("path", &path.display())])
                        )?,
                        Err(e) => {
                            writeln!(self.out, "{}", l.fmt("tui.print_failed", &[("reason", &e)]))?
                        }
                    }
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
                    let open = s.open_question().map(|q| q.id.clone());
                    let ok =
                        s.goto(&a.question_id).is_ok() || open.is_some_and(|o| s.goto(&o).is_ok());
                    if ok {
                        return self.flow(s, true);
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
