//! `banshi print ID [--answer STEP=OPTION ...] [--format text|markdown|html] [-o FILE]`:
//! the checklist of what to bring, for given answers, a user's saved
//! progress, or the flow's default path (first options assumed).

use std::process::ExitCode;
use std::sync::Arc;

use super::flows::emit;
use super::{Context, Failure, Outcome};
use crate::cli::{Format as CliFormat, PrintArgs};
use crate::engine::Session;
use crate::flow::{Catalog, Flow, Step};
use crate::render::{self, Format, Summary};
use crate::store::StoreError;

/// At most this many flow ids are named when an id is unknown.
const MAX_NAMED: usize = 30;

pub fn print(ctx: &Context, args: &PrintArgs) -> Outcome {
    let catalog = ctx.catalog();
    let flow = catalog
        .get(&args.id)
        .ok_or_else(|| unknown_flow(ctx, &catalog, &args.id))?;
    let flow = Arc::new(flow.clone());

    let (session, assumed) = match &ctx.global.user {
        Some(user) if !args.answers.is_empty() => {
            return Err(Failure::misuse(format!(
                "give either --user {user} (their saved answers) or --answer STEP=OPTION, not both"
            )));
        }
        Some(user) => (saved_session(ctx, user, flow)?, Vec::new()),
        None => {
            let pairs = parse_answers(&args.answers)?;
            apply_answers(flow, &pairs).map_err(Failure::misuse)?
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
                format!(
                    "{}={} (options: {})",
                    a.question_id,
                    a.option_id,
                    options.join(", ")
                )
            })
            .collect();
        eprintln!(
            "banshi: not answered, first option assumed: {}; choose with --answer STEP=OPTION",
            list.join("; ")
        );
    }

    let format = match args.format {
        CliFormat::Text => Format::Text,
        CliFormat::Markdown => Format::Markdown,
        CliFormat::Html => Format::Html,
    };
    let body = render::render(format, &summary, ctx.locale());
    match &args.output {
        Some(path) => {
            std::fs::write(path, body)
                .map_err(|e| Failure::failed(format!("cannot write {}: {e}", path.display())))?;
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

/// The user's saved progress in `flow`, read only (printing changes nothing).
/// A user with no progress, or none in this flow, is misuse (exit 2).
fn saved_session(ctx: &Context, name: &str, flow: Arc<Flow>) -> Result<Session, Failure> {
    let l = ctx.locale();
    let store_failure = |e: StoreError| match e {
        StoreError::Name { .. } => Failure::misuse(e.to_string()),
        _ => Failure::failed(e.to_string()),
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
            "banshi: the procedure was updated since {name} saved; {} answers and {} ticks \
             that no longer apply are left out of this printout",
            dropped.answers.len(),
            dropped.ticks.len()
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
fn parse_answers(raw: &[String]) -> Result<Vec<(String, String)>, Failure> {
    raw.iter()
        .map(|a| match a.split_once('=') {
            Some((q, o)) if !q.trim().is_empty() && !o.trim().is_empty() => {
                Ok((q.trim().to_string(), o.trim().to_string()))
            }
            _ => Err(Failure::misuse(format!(
                "--answer \"{a}\" is not STEP=OPTION (for example --answer function=bank)"
            ))),
        })
        .collect()
}

fn question_ids<'a>(steps: impl IntoIterator<Item = &'a Step>) -> String {
    steps
        .into_iter()
        .filter(|s| s.is_question())
        .map(|s| s.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Applies `STEP=OPTION` answers in route order (answer, then the next open
/// question), whatever order they were given in. When a later question is
/// given but an earlier one on the way is not, the earlier one gets its first
/// option; those questions are returned as assumed.
///
/// Errors name the valid choices: the flow's questions for an unknown step,
/// the options for an unknown option, the route's questions for an answer
/// the route never reaches.
pub fn apply_answers(
    flow: Arc<Flow>,
    answers: &[(String, String)],
) -> Result<(Session, Vec<String>), String> {
    for (i, (q, o)) in answers.iter().enumerate() {
        let Some(step) = flow.step(q) else {
            return Err(format!(
                "--answer {q}={o}: \"{}\" has no step \"{q}\"; its questions are: {}",
                flow.id,
                question_ids(&flow.steps)
            ));
        };
        if !step.is_question() {
            return Err(format!(
                "--answer {q}={o}: step \"{q}\" is not a question; the questions are: {}",
                question_ids(&flow.steps)
            ));
        }
        if step.option(o).is_none() {
            return Err(format!(
                "--answer {q}={o}: \"{q}\" has no option \"{o}\"; its options are: {}",
                step.options()
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if answers[..i].iter().any(|(p, _)| p == q) {
            return Err(format!(
                "--answer {q}=...: \"{q}\" is answered more than once"
            ));
        }
    }

    let mut session = Session::new(flow);
    let mut pending: Vec<(String, String)> = answers.to_vec();
    let mut assumed = Vec::new();
    while !pending.is_empty() {
        let Some(open) = session.open_question().map(|s| s.id.clone()) else {
            break;
        };
        let option = match pending.iter().position(|(q, _)| *q == open) {
            Some(i) => pending.remove(i).1,
            None => {
                let ahead: Vec<String> =
                    session.route_steps().iter().map(|s| s.id.clone()).collect();
                if !pending.iter().any(|(q, _)| ahead.contains(q)) {
                    break;
                }
                let first = session
                    .open_question()
                    .and_then(|s| s.options().first())
                    .map(|c| c.id.clone())
                    .ok_or_else(|| format!("question \"{open}\" has no options"))?;
                assumed.push(open.clone());
                first
            }
        };
        session.answer(&open, &option).map_err(|e| e.to_string())?;
    }
    if let Some((q, o)) = pending.first() {
        return Err(format!(
            "--answer {q}={o}: the route these answers take does not reach \"{q}\"; \
             the questions on it are: {}",
            question_ids(session.route_steps())
        ));
    }
    Ok((session, assumed))
}
