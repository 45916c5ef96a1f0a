//! The route: steps done, the current one, and those ahead given the answers
//! so far (steps ahead that depend on an unanswered question are marked "?").

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
            (Status::Current, _) => ("==> ", th.title()),
            (Status::Ahead, false) => ("[ ] ", Style::new()),
            (Status::Ahead, true) => ("[?] ", th.muted()),
        };
        out.extend(para(step.title.get(app.lang), w, mark, style));
        if let Some(o) = s.answer_of(&step.id).and_then(|o| step.option(o)) {
            out.extend(para(o.label.get(app.lang), w, "    = ", th.muted()));
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
