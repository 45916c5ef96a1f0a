//! The command line: one contract for every command (see the README).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::flow::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "banshi",
    version,
    about = "办事向导 banshi: a guided wizard for medical-insurance card procedures",
    long_about = "办事向导 banshi: a guided wizard for Chinese medical-insurance (医保) card procedures.\n\n\
                  Run without a command to open the interactive wizard. Find a procedure by \
                  typing Chinese, pinyin (buban, ybk) or English, answer a few questions, tick \
                  the checklist and leave knowing exactly what to bring.",
    after_help = "Examples:\n  banshi                         open the wizard\n  banshi search buban            find procedures by pinyin\n  banshi --user 王芳 print card-lost-replace --format html -o checklist.html"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Args, Clone)]
pub struct Global {
    /// Whose progress to use (default: your login name).
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,

    /// Language of the text: zh-CN or en (default: BANSHI_LANG, else LC_ALL/LANG).
    #[arg(long, global = true, env = "BANSHI_LANG", value_name = "zh-CN|en", value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// Also load flows from DIR; a flow there replaces a shipped flow with the same id.
    #[arg(long, global = true, value_name = "DIR")]
    pub flows: Option<PathBuf>,

    /// Where progress is saved (default: the platform data directory).
    #[arg(long, global = true, env = "BANSHI_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Line-by-line prompts instead of the full-screen interface (for screen readers and pipes).
    #[arg(long, global = true)]
    pub plain: bool,

    /// Helpdesk: after this long without a key (90s, 5m, 1h), save and clear the screen so it names nobody (default: off).
    #[arg(long, global = true, env = "BANSHI_IDLE", value_name = "DURATION", value_parser = crate::tui::idle::parse)]
    pub idle: Option<std::time::Duration>,
    /// Where progress is saved: file:DIR (the default: files under the data dir) or a
    /// PostgreSQL team store, postgres://USER@HOST:PORT/DB?sslmode=verify-full or
    /// "host=… dbname=… user=…". The password comes from PGPASSWORD or ~/.pgpass.
    #[arg(
        long,
        global = true,
        env = "BANSHI_STORE",
        value_name = "URL",
        hide_env_values = true
    )]
    pub store: Option<String>,

    /// Helpdesk: the counter and staff number for the 一次性告知单's footer ("3号窗口 工号 0412"),
    /// else BANSHI_COUNTER. With `print` it needs --notice; in the wizard a counter (or --idle)
    /// makes `p` save the printout as a 一次性告知单.
    #[arg(long, global = true, value_name = "TEXT")]
    pub counter: Option<String>,
}

impl Global {
    /// The counter for the notice: `--counter`, else a non-blank `BANSHI_COUNTER`.
    pub fn counter_text(&self) -> Option<String> {
        self.counter
            .clone()
            .or_else(|| std::env::var("BANSHI_COUNTER").ok())
            .filter(|c| !c.trim().is_empty())
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language \"{s}\": use zh-CN or en"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every procedure as ID<TAB>TITLE.
    #[command(after_help = "Example:\n  banshi list --lang en")]
    List,

    /// Find procedures by Chinese, pinyin, initials or English; best first.
    #[command(
        after_help = "Examples:\n  banshi search 卡丢了\n  banshi search buban\n  banshi search 医保 buban --limit 3\n  banshi search lost card --lang en"
    )]
    Search {
        /// Words or a whole question to look for; topics matching more of them rank first.
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// Show at most N results.
        #[arg(long, default_value_t = 10, value_name = "N")]
        limit: usize,
    },

    /// Print a whole procedure, every step and every branch, as text.
    #[command(
        after_help = "Examples:\n  banshi show card-replace-activate --lang en\n  banshi show contribution-pay --region 南京"
    )]
    Show {
        /// The procedure's id (see `banshi list`).
        id: String,
        /// With the local rules of a place (南京, nanjing, nj; see `banshi regions`).
        #[arg(long, value_name = "REGION")]
        region: Option<String>,
    },

    /// Places with local rules: which procedures, how many rules, the oldest review.
    #[command(after_help = "Example:\n  banshi regions")]
    Regions,

    /// Check flow files and report problems as PATH:LINE:COL: error: MESSAGE.
    #[command(
        after_help = "Examples:\n  banshi check                  check the shipped flows\n  banshi check flows/           check the files in a folder\n  banshi check my-flow.ron\n\nExits 1 when any error is found; warnings (such as a flow due for review) do not fail."
    )]
    Check {
        /// Flow files or folders (default: the shipped flows).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },

    /// Print the checklist of what to bring, for a person's answers.
    #[command(
        after_help = "Examples:\n  banshi print card-lost-replace\n  banshi --user 王芳 print card-lost-replace --format html -o 王芳.html\n  banshi print card-replace-activate --answer function=bank --format markdown\n  banshi print contribution-pay --region 南京\n  banshi --user 王芳 print card-lost-replace --notice --counter \"3号窗口 工号 0412\" --format html -o 告知单.html"
    )]
    Print(PrintArgs),

    /// Look at, export or reset saved progress.
    #[command(subcommand)]
    Progress(ProgressCommand),
}

#[derive(Debug, Args)]
pub struct PrintArgs {
    /// The procedure's id (see `banshi list`).
    pub id: String,
    /// Use these answers instead of saved progress (repeatable).
    #[arg(long = "answer", value_name = "STEP=OPTION", conflicts_with = "user")]
    pub answers: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With -o: replace FILE if it exists (never through a symbolic link).
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Lay it out as a 一次性告知单 (one-time notice) to hand over at a counter.
    #[arg(long)]
    pub notice: bool,
    /// Print the person's full name on the notice (masked by default: 王*, 张*伟).
    #[arg(long, requires = "notice")]
    pub full_name: bool,
    /// With the local rules of a place (南京, nanjing, nj); with --user, the
    /// person's 参保地 is used when this is not given.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Html,
}

#[derive(Debug, Subcommand)]
pub enum ProgressCommand {
    /// Every saved user, their procedures with done/total, and last activity.
    #[command(after_help = "Example:\n  banshi progress list")]
    List,
    /// One user's saved progress in detail.
    #[command(after_help = "Example:\n  banshi progress show 王芳")]
    Show {
        /// The user's name.
        name: String,
    },
    /// Delete a user's progress (all of it, or one procedure); asks first.
    #[command(
        after_help = "Examples:\n  banshi progress reset 王芳\n  banshi progress reset 王芳 card-lost-replace --yes"
    )]
    Reset {
        /// The user's name.
        name: String,
        /// Only this procedure.
        flow: Option<String>,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Write a user's saved progress as RON to standard output.
    #[command(after_help = "Example:\n  banshi progress export 王芳 > 王芳.ron")]
    Export {
        /// The user's name.
        name: String,
    },
    /// Copy every person's progress from one store to another (never over a newer record).
    #[command(
        after_help = "Examples:\n  banshi progress copy file:/srv/banshi postgres://banshi@db.example/banshi?sslmode=verify-full\n  banshi progress copy postgres://banshi@db.example/banshi file:/tmp/backup\n\nPrints one line per procedure (copied, skipped: already there, refused: the target's is newer)\nand a count. Running it again copies nothing new. Exits 1 when a person could not be read."
    )]
    Copy {
        /// The store to copy from: file:DIR or a PostgreSQL URL.
        from: String,
        /// The store to copy to: file:DIR or a PostgreSQL URL.
        to: String,
    },
}
