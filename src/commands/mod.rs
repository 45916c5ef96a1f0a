//! What each command does, given parsed arguments. `main.rs` only dispatches here.

mod copy;
mod flows;
mod print;
mod progress;
mod search;
mod wizard;

pub use flows::{check, list, regions, show};
pub use print::print;
pub use progress::progress;
pub use search::search;
pub use wizard::wizard;

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
        let lang = detect_lang(
            global.lang,
            env("LC_ALL").as_deref(),
            env("LANG").as_deref(),
        );
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
        self.report_skipped(catalog.errors().map(|d| d.render(self.lang)));
        catalog
    }

    /// The place a `--region` names (an id, 南京, nanjing, nj), or misuse
    /// naming the closest places.
    pub fn region(&self, arg: &str) -> Result<&'static str, Failure> {
        // An id, a name that says where, or the only place found; else at
        // most five to choose from.
        let found = match crate::search::places::resolve(arg, 5) {
            Ok(place) => return Ok(place.id),
            Err(found) => found,
        };
        let l = self.locale();
        let names: Vec<String> = found.iter().map(|p| p.full_name(self.lang)).collect();
        Err(Failure::misuse(if names.is_empty() {
            l.fmt("error.unknown_region", &[("region", &arg)])
        } else {
            l.fmt(
                "error.which_region",
                &[
                    ("region", &arg),
                    ("places", &names.join(l.t("tui.list_sep"))),
                ],
            )
        }))
    }

    /// Names the flow files that failed to load on stderr.
    pub fn report_skipped<D: std::fmt::Display>(&self, errors: impl IntoIterator<Item = D>) {
        let mut errors = errors.into_iter().peekable();
        if errors.peek().is_some() {
            eprintln!("banshi: {}", self.locale().t("error.skipped_file"));
            for d in errors {
                let d: String = d
                    .to_string()
                    .chars()
                    .filter(|&c| !crate::flow::is_forbidden_control(c))
                    .collect();
                eprintln!("  {d}");
            }
        }
    }

    /// Where caches go: `<data dir>/cache` when a data dir is given, else
    /// the platform cache directory.
    /// The data dir and the cache are made private (0700) here, before the
    /// cache writes into them; no cache (it is optional) when that fails.
    pub fn cache_dir(&self) -> Option<std::path::PathBuf> {
        match &self.global.data_dir {
            Some(d) => {
                let _ = crate::store::private_dir(d, true);
                let cache = d.join("cache");
                // No cache rather than one through a link.
                crate::store::private_dir(&cache, false).ok()?;
                Some(cache)
            }
            None => {
                let cache = directories::ProjectDirs::from("", "", "banshi")?
                    .cache_dir()
                    .to_path_buf();
                crate::store::private_dir(&cache, true).ok()?;
                Some(cache)
            }
        }
    }
}
