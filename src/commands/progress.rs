//! `banshi progress list|show|reset|export`: look at, export or delete saved
//! progress (see `crate::store`).

use std::fmt::Write as _;
use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::sync::Arc;

use super::flows::emit;
use super::{Context, Failure, Outcome};
use crate::cli::ProgressCommand;
use crate::date::Date;
use crate::engine::Session;
use crate::flow::Catalog;
use crate::store::backend::{self, AnyUser, ProgressStore};
use crate::store::{FileKind, StoreError};

pub fn progress(ctx: &Context, cmd: &ProgressCommand) -> Outcome {
    if let ProgressCommand::Copy { from, to } = cmd {
        return super::copy::copy(ctx, from, to);
    }
    let store = backend::open(ctx.global.store.as_deref(), ctx.global.data_dir.as_deref())
        .map_err(|e| store_failure(ctx, e))?;
    match cmd {
        ProgressCommand::List => list(ctx, &*store),
        ProgressCommand::Show { name } => show(ctx, &*store, name),
        ProgressCommand::Reset { name, flow, yes } => {
            reset(ctx, &*store, name, flow.as_deref(), *yes)
        }
        ProgressCommand::Export { name } => {
            let user = open_existing(ctx, &*store, name)?;
            emit(&user.export());
            Ok(ExitCode::SUCCESS)
        }
        ProgressCommand::Copy { .. } => unreachable!("handled above"),
    }
}

/// A store error in the user's language: a bad name is misuse (exit 2).
pub(super) fn store_failure(ctx: &Context, e: StoreError) -> Failure {
    match e {
        StoreError::Name { .. } => Failure::misuse(e.message(ctx.lang)),
        _ => Failure::failed(e.message(ctx.lang)),
    }
}

/// A date for a Unix time.
fn date(secs: u64) -> Date {
    Date::from_days((secs / 86_400) as i64)
}

/// `USER<TAB>FLOW<TAB>DONE/TOTAL<TAB>LAST-ACTIVITY`, one line per saved flow.
fn list(ctx: &Context, store: &dyn ProgressStore) -> Outcome {
    let users = store.users().map_err(|e| store_failure(ctx, e))?;
    if users.is_empty() {
        eprintln!(
            "{}",
            ctx.locale()
                .fmt("progress.none", &[("dir", &store.location())])
        );
        return Ok(ExitCode::SUCCESS);
    }
    let catalog = ctx.catalog();
    let mut out = String::new();
    for user in &users {
        if let Some(reason) = &user.problem {
            eprintln!("banshi: {}", unreadable(ctx, store, &user.name, reason));
            continue;
        }
        for saved in &user.flows {
            let done = match flow_of(&catalog, &saved.flow_id) {
                Some(flow) => {
                    let p = saved.progress(flow);
                    format!("{}/{}", p.done, p.total)
                }
                None => "-".to_string(),
            };
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}",
                user.name,
                saved.flow_id,
                done,
                crate::local_time::date_time(saved.last_activity)
            );
        }
    }
    emit(&out);
    Ok(ExitCode::SUCCESS)
}

/// Why a user's file cannot be listed, in the user's language: what stands
/// there when it is not a regular file, else the reader's reason.
fn unreadable(ctx: &Context, store: &dyn ProgressStore, name: &str, reason: &str) -> String {
    let l = ctx.locale();
    // The folder store's location is its folder; the team store's is no
    // path, so its reason is given as it is.
    let path = std::path::Path::new(&store.location())
        .join(format!("{}.ron", crate::store::name::encode(name)));
    let reason = match std::fs::symlink_metadata(&path) {
        Ok(m) if !m.is_file() => {
            let e = StoreError::NotRegular {
                path,
                kind: FileKind::of(m.file_type()),
            };
            return e.message(ctx.lang);
        }
        _ => reason,
    };
    l.fmt(
        "progress.unreadable",
        &[("name", &name), ("reason", &reason)],
    )
}

fn flow_of(catalog: &Catalog, id: &str) -> Option<Arc<crate::flow::Flow>> {
    catalog.get(id).map(|f| Arc::new(f.clone()))
}

/// Opens a user who has saved progress; notices go to stderr. Unknown user:
/// exit 2.
fn open_existing(ctx: &Context, store: &dyn ProgressStore, name: &str) -> Result<AnyUser, Failure> {
    let mut user = store.open_user(name).map_err(|e| store_failure(ctx, e))?;
    for n in user.take_notices() {
        eprintln!("banshi: {}", n.message(ctx.lang));
    }
    if !user.has_progress() {
        return Err(Failure::misuse(
            ctx.locale()
                .fmt("progress.unknown_user", &[("name", &name)]),
        ));
    }
    Ok(user)
}

fn show(ctx: &Context, store: &dyn ProgressStore, name: &str) -> Outcome {
    let user = open_existing(ctx, store, name)?;
    let l = ctx.locale();
    let lang = ctx.lang;
    let catalog = ctx.catalog();
    let mut o = String::new();
    let _ = writeln!(o, "{}", user.name());
    let _ = writeln!(o, "{}: {}", l.t("progress.saved_in"), user.location());
    for saved in user.in_progress() {
        let _ = writeln!(o);
        let Some(flow) = flow_of(&catalog, &saved.flow_id) else {
            let _ = writeln!(o, "{}  {}", saved.flow_id, l.t("progress.flow_gone"));
            let _ = writeln!(
                o,
                "  {}: {}",
                l.t("progress.last"),
                date(saved.last_activity)
            );
            continue;
        };
        // Reconcile in memory only: showing must not change the file.
        let (session, _) = Session::resume(Arc::clone(&flow), saved.state.clone());
        let p = session.progress();
        let _ = writeln!(
            o,
            "{}  {}  {}/{}",
            saved.flow_id,
            flow.title.get(lang),
            p.done,
            p.total
        );
        let current = match session.current() {
            Some(step) => step.title.get(lang).to_string(),
            None => l.t("progress.finished").to_string(),
        };
        let _ = writeln!(o, "  {}: {}", l.t("progress.current"), current);
        let answered = session.answered();
        if !answered.is_empty() {
            let _ = writeln!(o, "  {}:", l.t("progress.answers"));
            for (step, option) in answered {
                let label = step.option(option).map_or(option, |c| c.label.get(lang));
                let _ = writeln!(o, "    {}: {}", step.title.get(lang), label);
            }
        }
        if p.items > 0 {
            let _ = writeln!(o, "  {}: {}/{}", l.t("progress.ticked"), p.ticked, p.items);
        }
        let _ = writeln!(
            o,
            "  {}: {}",
            l.t("progress.last"),
            date(saved.last_activity)
        );
    }
    emit(&o);
    Ok(ExitCode::SUCCESS)
}

fn reset(
    ctx: &Context,
    store: &dyn ProgressStore,
    name: &str,
    flow: Option<&str>,
    yes: bool,
) -> Outcome {
    let l = ctx.locale();
    let mut user = open_existing(ctx, store, name)?;
    if let Some(f) = flow
        && !user.in_progress().iter().any(|s| s.flow_id == f)
    {
        let flows: Vec<String> = user.in_progress().into_iter().map(|s| s.flow_id).collect();
        return Err(Failure::misuse(l.fmt(
            "progress.unknown_flow",
            &[("name", &name), ("flow", &f), ("flows", &flows.join(", "))],
        )));
    }
    if !yes {
        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            return Err(Failure::misuse(l.t("progress.no_terminal")));
        }
        let question = match flow {
            None => l.fmt("progress.confirm_all", &[("name", &name)]),
            Some(f) => l.fmt("progress.confirm_flow", &[("name", &name), ("flow", &f)]),
        };
        eprint!("{question}");
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        // Bounded: an answer is a word, not a stream.
        let _ = std::io::Read::take(stdin.lock(), 1024).read_line(&mut answer);
        if !confirmed(&answer) {
            eprintln!("{}", l.t("progress.kept"));
            return Ok(ExitCode::SUCCESS);
        }
    }
    user.reset(flow).map_err(|e| store_failure(ctx, e))?;
    let done = match flow {
        None => l.fmt("progress.deleted_all", &[("name", &name)]),
        Some(f) => l.fmt("progress.deleted_flow", &[("name", &name), ("flow", &f)]),
    };
    eprintln!("{done}");
    Ok(ExitCode::SUCCESS)
}

/// `y`, `yes`, `是` or `好` (any case, surrounding spaces ignored).
fn confirmed(answer: &str) -> bool {
    matches!(
        answer.trim().to_lowercase().as_str(),
        "y" | "yes" | "是" | "好" | "确定"
    )
}

#[cfg(test)]
mod tests {
    use super::confirmed;

    #[test]
    fn only_an_explicit_yes_confirms() {
        for yes in ["y", "Y\n", " yes ", "是\n", "确定"] {
            assert!(confirmed(yes), "{yes:?}");
        }
        for no in ["", "\n", "n", "no", "yess", "否", "x"] {
            assert!(!confirmed(no), "{no:?}");
        }
    }
}
