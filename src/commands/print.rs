//! `banshi print ID [--answer STEP=OPTION ...] [--format text|markdown|html] [-o FILE]`:
//! the checklist of what to bring, for given answers, a user's saved
//! progress, or the flow's default path (first options assumed).

use std::fs::OpenOptions;
use std::io::{self, Write as _};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use super::flows::emit;
use super::{Context, Failure, Outcome};
use crate::cli::{Format as CliFormat, PrintArgs};
use crate::engine::{self, Session};
use crate::flow::{Catalog, Flow};
use crate::render::{self, Format, Summary};
use crate::store::{FileKind, StoreError, no_follow};

/// At most this many flow ids are named when an id is unknown.
const MAX_NAMED: usize = 30;

pub fn print(ctx: &Context, args: &PrintArgs) -> Outcome {
    // `--counter` (global, as the wizard reads it too) belongs to the notice
    // here; BANSHI_COUNTER set for the machine does not.
    if ctx.global.counter.is_some() && !args.notice {
        return Err(Failure::misuse(
            ctx.locale().t("print.counter_needs_notice"),
        ));
    }
    let region = args.region.as_deref().map(|r| ctx.region(r)).transpose()?;
    let catalog = ctx.catalog();
    let flow = catalog
        .get(&args.id)
        .ok_or_else(|| unknown_flow(ctx, &catalog, &args.id))?;
    let flow = catalog.regions().localize(&Arc::new(flow.clone()), region);

    let (session, assumed) = match &ctx.global.user {
        Some(user) if !args.answers.is_empty() => {
            return Err(Failure::misuse(
                ctx.locale()
                    .fmt("print.user_and_answers", &[("name", user)]),
            ));
        }
        Some(user) => (saved_session(ctx, user, flow)?, Vec::new()),
        None => {
            let pairs = parse_answers(&args.answers, ctx.lang)?;
            engine::apply_answers(flow, &pairs, ctx.today)
                .map_err(|e| Failure::misuse(e.message(ctx.lang)))?
        }
    };
    let person = ctx.global.user.as_deref();

    let mut summary = Summary::new(&session, person, ctx.today);
    summary.mark_assumed(&assumed);
    if summary.has_assumptions() {
        let flow = session.flow();
        let list: Vec<String> = summary
            .answers
            .iter()
            .filter(|a| a.assumed)
            .map(|a| {
                let options: Vec<&str> = flow
                    .step(&a.question_id)
                    .map(|s| s.options().iter().map(|o| o.id.as_str()).collect())
                    .unwrap_or_default();
                ctx.locale().fmt(
                    "print.assumed_one",
                    &[
                        ("question", &a.question_id),
                        ("option", &a.option_id),
                        ("options", &options.join(", ")),
                    ],
                )
            })
            .collect();
        let list = list.join(ctx.locale().t("tui.flow_sep"));
        eprintln!(
            "banshi: {}",
            ctx.locale().fmt("print.assumed", &[("list", &list)])
        );
    }

    let format = match args.format {
        CliFormat::Text => Format::Text,
        CliFormat::Markdown => Format::Markdown,
        CliFormat::Html => Format::Html,
    };
    let body = if args.notice {
        let options =
            render::notice::Options::new(ctx.global.counter_text().as_deref(), args.full_name);
        render::notice::notice(format, &summary, ctx.locale(), &options)
    } else {
        render::render(format, &summary, ctx.locale())
    };
    match &args.output {
        Some(path) => {
            write_output(ctx, path, &body, args.force)?;
            emit(&format!(
                "{}\n",
                ctx.locale()
                    .fmt("render.saved", &[("path", &path.display())])
            ));
        }
        None => emit(&body),
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `-o FILE`: a new file (0600: it may carry a name), or with
/// `--force` over an existing regular file. Never through a symbolic link,
/// never into a FIFO or a device.
fn write_output(ctx: &Context, path: &Path, body: &str, force: bool) -> Result<(), Failure> {
    let l = ctx.locale();
    let shown = path.display().to_string();
    let cannot = |e: &dyn std::fmt::Display| {
        Failure::failed(l.fmt("print.cannot_write", &[("path", &shown), ("reason", e)]))
    };
    let not_regular = |kind: FileKind| {
        Failure::failed(l.fmt(
            "print.not_regular",
            &[("path", &shown), ("kind", &l.t(kind.locale_key()))],
        ))
    };
    let mut options = OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(false);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = match no_follow(&mut options).open(path) {
        Ok(f) => f,
        Err(e) => {
            return Err(match std::fs::symlink_metadata(path) {
                Ok(m) if !m.is_file() => not_regular(FileKind::of(m.file_type())),
                Ok(_) if e.kind() == io::ErrorKind::AlreadyExists => {
                    Failure::failed(l.fmt("print.exists", &[("path", &shown)]))
                }
                _ => cannot(&e),
            });
        }
    };
    let meta = file.metadata().map_err(|e| cannot(&e))?;
    if !meta.is_file() {
        return Err(not_regular(FileKind::of(meta.file_type())));
    }
    file.set_len(0)
        .and_then(|()| file.write_all(body.as_bytes()))
        .and_then(|()| file.sync_all())
        .map_err(|e| cannot(&e))
}

/// The user's saved progress in `flow`, read only (printing changes nothing).
/// A user with no progress, or none in this flow, is misuse (exit 2).
fn saved_session(ctx: &Context, name: &str, flow: Arc<Flow>) -> Result<Session, Failure> {
    let l = ctx.locale();
    let store_failure = |e: StoreError| match e {
        StoreError::Name { .. } => Failure::misuse(e.message(ctx.lang)),
        _ => Failure::failed(e.message(ctx.lang)),
    };
    let store =
        crate::store::backend::open(ctx.global.store.as_deref(), ctx.global.data_dir.as_deref())
            .map_err(store_failure)?;
    let mut user = store.open_user(name).map_err(store_failure)?;
    for n in user.take_notices() {
        eprintln!("banshi: {}", n.message(ctx.lang));
    }
    let saved = user.in_progress();
    let Some(state) = saved
        .iter()
        .find(|s| s.flow_id == flow.id)
        .map(|s| s.state.clone())
    else {
        if saved.is_empty() {
            return Err(Failure::misuse(
                l.fmt("progress.unknown_user", &[("name", &name)]),
            ));
        }
        let flows: Vec<&str> = saved.iter().map(|s| s.flow_id.as_str()).collect();
        return Err(Failure::misuse(l.fmt(
            "progress.unknown_flow",
            &[
                ("name", &name),
                ("flow", &flow.id),
                ("flows", &flows.join(", ")),
            ],
        )));
    };
    let (session, dropped) = Session::resume(flow, state);
    if !dropped.is_empty() {
        eprintln!(
            "banshi: {}",
            l.fmt(
                "print.dropped",
                &[
                    ("name", &name),
                    ("answers", &dropped.answers.len()),
                    ("ticks", &dropped.ticks.len()),
                ],
            )
        );
    }
    Ok(session)
}

fn unknown_flow(ctx: &Context, catalog: &Catalog, id: &str) -> Failure {
    let ids: Vec<&str> = catalog.flows().map(|f| f.id.as_str()).collect();
    let mut named = ids
        .iter()
        .take(MAX_NAMED)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > MAX_NAMED {
        named.push_str(&format!(" and {} more", ids.len() - MAX_NAMED));
    }
    let l = ctx.locale();
    Failure::misuse(format!(
        "{} {}",
        l.fmt("error.unknown_flow", &[("id", &id)]),
        l.fmt("render.known_flows", &[("ids", &named)])
    ))
}

/// Splits each `STEP=OPTION`.
fn parse_answers(
    raw: &[String],
    lang: crate::flow::Lang,
) -> Result<Vec<(String, String)>, Failure> {
    raw.iter()
        .map(|a| match a.split_once('=') {
            Some((q, o)) if !q.trim().is_empty() && !o.trim().is_empty() => {
                Ok((q.trim().to_string(), o.trim().to_string()))
            }
            _ => Err(Failure::misuse(
                crate::locale::Locale::get(lang).fmt("print.bad_answer", &[("answer", a)]),
            )),
        })
        .collect()
}
