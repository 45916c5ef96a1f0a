//! The route: steps done, skipped (never shown), the current one, and those
//! ahead given the answers so far (steps ahead that depend on an unanswered
//! question are marked "?"). The marks follow the engine's [`Status`], so
//! the `[x]` count is the progress every screen shows.

use ratatui::style::Style;
use ratatui::text::Line;

use super::app::App;
use super::view::para;
use crate::engine::Status;

pub fn lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let Some(s) = &app.session else {
        return Vec::new();
    };
    let th = app.theme;
    let flow = s.flow();
    let mut out = Vec::new();
    for r in s.route() {
        let Some(step) = flow.step(&r.id) else {
            continue;
        };
        let (mark, style) = match (r.status, r.assumed) {
            (Status::Done, _) => ("[x] ", th.good()),
            (Status::Skipped, _) => ("[-] ", th.muted()),
            (Status::Current, _) => ("==> ", th.title()),
            (Status::Ahead, false) => ("[ ] ", Style::new()),
            (Status::Ahead, true) => ("[?] ", th.muted()),
        };
        let mut title = step.title.get(app.lang).to_string();
        if r.status == Status::Skipped {
            title.push(' ');
            title.push_str(app.t("wizard.skipped"));
        }
        out.extend(para(&title, w, mark, style));
        if let Some(o) = s.answer_of(&step.id).and_then(|o| step.option(o)) {
            out.extend(para(o.label.get(app.lang), w, "    = ", th.muted()));
        }
        if let Some(d) = s.date_of(&step.id) {
            out.extend(para(&d.spoken(app.lang), w, "    = ", th.muted()));
        }
    }
    let (mark, style) = if s.is_finished() {
        ("==> ", th.title())
    } else {
        ("[ ] ", Style::new())
    };
    out.extend(para(app.t("tui.summary_title"), w, mark, style));
    out
}
