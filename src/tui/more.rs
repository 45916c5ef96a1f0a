//! Scrolled views say what they hide: when lines are cut off below, the
//! last visible line becomes "↓ N more lines (PgDn, End)".

use ratatui::text::Line;

use super::app::App;
use super::text::truncate;

/// The lines of `lines` to show from `off` in `height` rows, the last one
/// replaced by the "more below" sign when some are hidden below it.
pub fn visible(
    app: &App,
    lines: Vec<Line<'static>>,
    off: usize,
    height: usize,
    w: usize,
) -> Vec<Line<'static>> {
    let total = lines.len();
    let mut out: Vec<Line<'static>> = lines.into_iter().skip(off).take(height).collect();
    if off + height < total && height >= 2 {
        // The sign takes the last row, so that row's line is hidden too.
        let hidden = total - (off + height) + 1;
        let sign = app.locale().fmt("wizard.more_below", &[("n", &hidden)]);
        if let Some(last) = out.last_mut() {
            *last = Line::styled(truncate(&sign, w), app.theme.muted());
        }
    }
    out
}
