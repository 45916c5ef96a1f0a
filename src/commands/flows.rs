//! `banshi list`, `banshi show ID`, `banshi check [PATH...]`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{Context, Failure, Outcome};
use crate::flow::{Catalog, Cond, Flow, Severity, Step, StepKind, read_sources, shipped_sources};
use crate::locale::Locale;

/// Writes to stdout, ignoring a closed pipe (`banshi list | head`), with
/// control characters stripped ([`Clean`]).
pub(crate) fn emit(text: &str) {
    let mut out = Clean::new(std::io::stdout().lock());
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// A writer that drops control characters (C0 but line feed and tab, DEL,
/// and C1) on their way to the terminal: text from a flow file never moves
/// the cursor, rings the bell or sends an escape sequence. `check` refuses
/// such flows; this holds whatever gets through.
pub(crate) struct Clean<W> {
    inner: W,
    /// The last byte was 0xC2, the lead byte of U+0080..U+00FF (C1 if the
    /// next byte is 0x80..=0x9F).
    lead: bool,
}

impl<W: std::io::Write> Clean<W> {
    pub(crate) fn new(inner: W) -> Clean<W> {
        Clean { inner, lead: false }
    }
}

impl<W: std::io::Write> std::io::Write for Clean<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len() + 1);
        for &b in buf {
            if std::mem::take(&mut self.lead) {
                if (0x80..=0x9f).contains(&b) {
                    continue;
                }
                out.push(0xc2);
            }
            match b {
                b'\n' | b'\t' => out.push(b),
                0x00..=0x1f | 0x7f => {}
                0xc2 => self.lead = true,
                _ => out.push(b),
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

pub fn list(ctx: &Context) -> Outcome {
    let catalog = ctx.catalog();
    let mut out = String::new();
    for flow in catalog.flows() {
        let _ = writeln!(out, "{}\t{}", flow.id, flow.title.get(ctx.lang));
    }
    emit(&out);
    Ok(ExitCode::SUCCESS)
}

pub fn show(ctx: &Context, id: &str, region: Option<&str>) -> Outcome {
    let region = region.map(|r| ctx.region(r)).transpose()?;
    let catalog = ctx.catalog();
    let flow = catalog
        .get(id)
        .ok_or_else(|| Failure::misuse(ctx.locale().fmt("error.unknown_flow", &[("id", &id)])))?;
    let flow = catalog
        .regions()
        .localize(&std::sync::Arc::new(flow.clone()), region);
    emit(&describe(&flow, ctx.locale()));
    Ok(ExitCode::SUCCESS)
}

/// `banshi regions`: each place with local rules, the procedures they
/// change, how many local items (rules and local names), and the oldest
/// review date, as `ID<TAB>NAME<TAB>ITEMS<TAB>OLDEST<TAB>FLOWS`.
pub fn regions(ctx: &Context) -> Outcome {
    let catalog = ctx.catalog();
    let places = crate::flow::places::Places::shipped();
    let mut out = String::new();
    for c in catalog.regions().coverage() {
        let name = places
            .get(&c.region)
            .map_or_else(|| c.region.clone(), |p| p.full_name(ctx.lang));
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            c.region,
            name,
            c.items,
            c.oldest.as_deref().unwrap_or("-"),
            c.flows.join(",")
        );
    }
    if out.is_empty() {
        eprintln!("banshi: {}", ctx.locale().t("regions.none"));
    } else {
        eprintln!("{}", ctx.locale().t("regions.header"));
    }
    emit(&out);
    Ok(ExitCode::SUCCESS)
}

/// A flow as plain text: metadata, then every step and every branch.
pub fn describe(flow: &Flow, l: &Locale) -> String {
    let lang = l.lang;
    let t = |x: &crate::flow::Text| x.get(lang).to_string();
    let mut o = String::new();
    let _ = writeln!(o, "{}  [{}]", t(&flow.title), flow.id);
    let _ = writeln!(o, "{}: {}", l.t("show.summary"), t(&flow.summary));
    let _ = writeln!(
        o,
        "{}: {}",
        l.t("show.category"),
        l.t(flow.category.locale_key())
    );
    if !flow.aliases.is_empty() {
        let _ = writeln!(o, "{}: {}", l.t("show.aliases"), flow.aliases.join(", "));
    }
    if !flow.keywords.is_empty() {
        let _ = writeln!(o, "{}: {}", l.t("show.keywords"), flow.keywords.join(", "));
    }
    let sources: Vec<String> = flow.links.sources.iter().map(t).collect();
    let _ = writeln!(
        o,
        "{}: {}",
        l.t("show.based_on"),
        sources.join(l.t("tui.list_sep"))
    );
    let _ = writeln!(o, "{}: {}", l.t("show.reviewed"), flow.reviewed);
    let _ = writeln!(o, "{}: {}", l.t("show.region"), t(&flow.region_note));
    let local = flow.links.local.as_ref();
    if let Some((heading, body)) = local.map(|info| crate::render::local_rules(info, l)) {
        let _ = writeln!(o, "{heading}: {body}");
    }
    if !flow.links.hotlines.is_empty() {
        let _ = writeln!(o, "{}:", l.t("show.hotlines"));
        for h in &flow.links.hotlines {
            let _ = writeln!(o, "- {}", t(h));
        }
        if let Some(n) = &flow.links.hotline_note {
            let _ = writeln!(o, "  {}", t(n));
        }
    }
    if !flow.links.related.is_empty() {
        let _ = writeln!(o, "{}:", l.t("show.related"));
        for (id, title) in &flow.links.related {
            let _ = writeln!(o, "- {} [{id}]", t(title));
        }
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "{}:", l.t("show.steps"));
    for (n, step) in flow.steps.iter().enumerate() {
        describe_step(&mut o, flow, step, n + 1, l);
    }
    o
}

fn describe_step(o: &mut String, flow: &Flow, step: &Step, n: usize, l: &Locale) {
    let lang = l.lang;
    let kind = match step.kind {
        StepKind::Info => l.t("show.kind.info"),
        StepKind::Question { .. } => l.t("show.kind.question"),
        StepKind::Checklist { .. } => l.t("show.kind.checklist"),
        StepKind::Date { .. } => l.t("show.kind.date"),
    };
    let _ = writeln!(o);
    let _ = writeln!(o, "{n}. {} ({kind}) [{}]", step.title.get(lang), step.id);
    if let Some(c) = &step.when {
        let _ = writeln!(o, "   {}: {}", l.t("show.when"), cond_text(c, flow, l));
    }
    for p in &step.body {
        let _ = writeln!(o, "   {}", p.get(lang));
    }
    if let Some(place) = step.place {
        let mut name = l.t(place.locale_key()).to_string();
        if let Some(office) = step.office {
            name = l.fmt(
                "render.place_office",
                &[("place", &name), ("office", &l.t(office.locale_key()))],
            );
        }
        let _ = writeln!(o, "   {}: {name}", l.t("show.place"));
    }
    if let Some(action) = &step.action {
        let _ = writeln!(o, "   {}: {}", l.t("show.action"), action.get(lang));
    }
    for (key, list) in [
        ("show.tips", &step.tips),
        ("show.warnings", &step.warnings),
        ("show.deadlines", &step.deadlines),
    ] {
        if !list.is_empty() {
            let _ = writeln!(o, "   {}:", l.t(key));
            for x in list {
                let _ = writeln!(o, "   - {}", x.get(lang));
            }
        }
    }
    let target =
        |next: Option<&str>| next.map_or_else(|| l.t("show.end").to_string(), str::to_string);
    match &step.kind {
        StepKind::Info => {}
        StepKind::Date { derived } => {
            for d in derived {
                let when = l.fmt("show.date_after", &[("after", &d.after)]);
                let _ = writeln!(o, "   - {}", d.text.get(lang).replace("{date}", &when));
                if let Some(n) = &d.note {
                    let _ = writeln!(o, "     {}", n.get(lang));
                }
            }
        }
        StepKind::Question { options } => {
            let _ = writeln!(o, "   {}:", l.t("show.options"));
            for opt in options {
                let _ = writeln!(
                    o,
                    "   ( ) {} [{}] -> {}",
                    opt.label.get(lang),
                    opt.id,
                    target(flow.successor(step, Some(opt)))
                );
                if let Some(h) = &opt.hint {
                    let _ = writeln!(o, "       {}", h.get(lang));
                }
            }
        }
        StepKind::Checklist { items } => {
            let _ = writeln!(o, "   {}:", l.t("show.items"));
            for item in items {
                let mut facts = vec![
                    l.t(if item.required {
                        "show.required"
                    } else {
                        "show.optional"
                    })
                    .to_string(),
                ];
                if let Some(m) = &item.material {
                    let counts = match m.how.locale_key() {
                        Some(key) => l.t(key).to_string(),
                        None => l.material_counts(m.originals, m.copies, ", "),
                    };
                    if !counts.is_empty() {
                        facts.push(counts);
                    }
                    facts.extend(l.used_at(&[m.at]));
                    if let Some(office) = m.office {
                        facts.push(l.t(office.locale_key()).to_string());
                    }
                }
                let _ = writeln!(
                    o,
                    "   [ ] {} [{}] ({})",
                    item.label.get(lang),
                    item.id,
                    facts.join(", ")
                );
                if let Some(n) = &item.note {
                    let _ = writeln!(o, "       {}", n.get(lang));
                }
                if let Some(c) = &item.when {
                    let _ = writeln!(o, "       {}: {}", l.t("show.when"), cond_text(c, flow, l));
                }
            }
        }
    }
    if !step.is_question() {
        let _ = writeln!(
            o,
            "   {} -> {}",
            l.t("show.next"),
            target(flow.successor(step, None))
        );
    }
}

/// A condition in words: `Which function? = Banking`.
fn cond_text(c: &Cond, flow: &Flow, l: &Locale) -> String {
    let join = |cs: &[Cond], sep: &str| {
        cs.iter()
            .map(|c| cond_text(c, flow, l))
            .collect::<Vec<_>>()
            .join(l.t(sep))
    };
    match c {
        Cond::Answer(q, opt) => {
            let step = flow.step(q);
            let qt = step.map_or(q.as_str(), |s| s.title.get(l.lang));
            let ot = step
                .and_then(|s| s.option(opt))
                .map_or(opt.as_str(), |o| o.label.get(l.lang));
            format!("{qt} = {ot}")
        }
        Cond::All(cs) => format!("({})", join(cs, "show.and")),
        Cond::Any(cs) => format!("({})", join(cs, "show.or")),
        Cond::Not(c) => format!("{}{}", l.t("show.not"), cond_text(c, flow, l)),
    }
}

pub fn check(ctx: &Context, paths: &[PathBuf]) -> Outcome {
    let (sources, mut diagnostics) = if paths.is_empty() {
        let mut all = shipped_sources();
        all.extend(crate::flow::shipped_overlays());
        (all, Vec::new())
    } else {
        read_sources(paths)
    };
    let catalog = Catalog::from_sources(&sources, ctx.today);
    diagnostics.extend(catalog.diagnostics);
    let mut out = String::new();
    for d in &diagnostics {
        let _ = writeln!(out, "{}", d.render(ctx.lang));
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let l = ctx.locale();
    if diagnostics.is_empty() {
        eprintln!("{}", l.fmt("check.ok", &[("n", &sources.len())]));
    } else {
        eprintln!(
            "{}",
            l.fmt(
                "check.summary",
                &[("errors", &errors), ("warnings", &warnings)]
            )
        );
    }
    emit(&out);
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod clean_tests {
    use std::io::Write as _;

    #[test]
    fn control_characters_are_dropped_and_text_kept() {
        let mut out = super::Clean::new(Vec::new());
        let text = "a\u{1b}[31mred\u{7}\r\n\t医保\u{9b}2J é\u{85}x\u{7f}";
        for chunk in text.as_bytes().chunks(3) {
            out.write_all(chunk).unwrap();
        }
        assert_eq!(
            String::from_utf8(out.inner).unwrap(),
            "a[31mred\n\t医保2J éx"
        );
    }
}
