//! `banshi progress copy FROM TO`: every person's progress from one store to
//! another (`file:DIR` ↔ `postgres://…`). Idempotent, and never overwrites a
//! newer record: each procedure is copied, skipped (the same progress is
//! already there) or refused (the target's record is newer).

use std::fmt::Write as _;
use std::process::ExitCode;

use super::flows::emit;
use super::progress::store_failure;
use super::{Context, Outcome};
use crate::store::backend::{self, Imported};

/// Prints `copied|skipped|refused<TAB>NAME<TAB>PROCEDURE` per record, then a
/// count on stderr. Exit 1 when a person could not be read.
pub fn copy(ctx: &Context, from: &str, to: &str) -> Outcome {
    let l = ctx.locale();
    let data_dir = ctx.global.data_dir.as_deref();
    let source = backend::open(Some(from), data_dir).map_err(|e| store_failure(ctx, e))?;
    let target = backend::open(Some(to), data_dir).map_err(|e| store_failure(ctx, e))?;
    if source.location() == target.location() {
        eprintln!("{}", l.fmt("copy.same", &[("store", &source.location())]));
        return Ok(ExitCode::SUCCESS);
    }
    let (mut copied, mut skipped, mut refused, mut failed) = (0, 0, 0, false);
    let mut out = String::new();
    for person in source.users().map_err(|e| store_failure(ctx, e))? {
        if let Some(reason) = &person.problem {
            eprintln!(
                "banshi: {}",
                l.fmt(
                    "copy.unreadable",
                    &[("name", &person.name), ("reason", reason)]
                )
            );
            failed = true;
            continue;
        }
        let records = source
            .open_user(&person.name)
            .map_err(|e| store_failure(ctx, e))?
            .records();
        let mut into = target
            .open_user(&person.name)
            .map_err(|e| store_failure(ctx, e))?;
        for record in &records {
            let what = match into.import(record).map_err(|e| store_failure(ctx, e))? {
                Imported::Copied => {
                    copied += 1;
                    "copied"
                }
                Imported::Skipped => {
                    skipped += 1;
                    "skipped"
                }
                Imported::Refused => {
                    refused += 1;
                    "refused"
                }
            };
            let _ = writeln!(out, "{what}\t{}\t{}", person.name, record.flow_id);
        }
    }
    emit(&out);
    eprintln!(
        "{}",
        l.fmt(
            "copy.done",
            &[
                ("copied", &copied),
                ("skipped", &skipped),
                ("refused", &refused),
                ("from", &source.location()),
                ("to", &target.location()),
            ]
        )
    );
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
