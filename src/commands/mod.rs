//! What each command does, given parsed arguments. `main.rs` only dispatches here.

mod flows;

pub use flows::{check, list, show};

use std::process::ExitCode;

use crate::cli::Global;
use crate::date::Date;
use crate::flow::{Catalog, Lang};
use crate::locale::{Locale, detect_lang};

/// A command that could not do its job: the message goes to stderr.
#[derive(Debug)]
pub struct Failure {
    /// 1: a check failed or the work failed; 2: the command was misused
    /// (unknown id, bad argument).
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn misuse(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }

    pub fn failed(message: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: message.into(),
        }
    }
}

pub type Outcome = Result<ExitCode, Failure>;

/// Settings shared by every command.
#[derive(Debug, Clone)]
pub struct Context {
    pub global: Global,
    pub lang: Lang,
    pub today: Date,
}

impl Context {
    pub fn new(global: Global) -> Context {
        let env = |k| std::env::var(k).ok();
        let lang = detect_lang(global.lang, env("LC_ALL").as_deref(), env("LANG").as_deref());
        Context {
            global,
            lang,
            today: Date::today(),
        }
    }

    pub fn locale(&self) -> &'static Locale {
        Locale::get(self.lang)
    }

    /// The shipped flows plus `--flows DIR`. Files that fail to load are
    /// named on stderr and skipped; the rest load.
    pub fn catalog(&self) -> Catalog {
        let catalog = Catalog::load(self.global.flows.as_deref(), self.today);
        let errors: Vec<_> = catalog.errors().collect();
        if !errors.is_empty() {
            eprintln!("banshi: {}", self.locale().t("error.skipped_file"));
            for d in errors {
                eprintln!("  {d}");
            }
        }
        catalog
    }
}

// ---- commands whose modules are still being built (see the open issues) ----

fn not_built(what: &str) -> Outcome {
    Err(Failure::failed(format!("{what} is not built yet")))
}

pub fn wizard(_ctx: &Context) -> Outcome {
    not_built("the interactive wizard")
}

pub fn search(_ctx: &Context, _query: &[String], _limit: usize) -> Outcome {
    not_built("search")
}

pub fn print(_ctx: &Context, _args: &crate::cli::PrintArgs) -> Outcome {
    not_built("print")
}

pub fn progress(_ctx: &Context, _cmd: &crate::cli::ProgressCommand) -> Outcome {
    not_built("progress")
}
