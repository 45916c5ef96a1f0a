use std::process::ExitCode;

use banshi::cli::Command;
use banshi::commands::{self, Context};

fn main() -> ExitCode {
    let cli = banshi::cli_lang::parse();
    let ctx = Context::new(cli.global);
    let outcome = match &cli.command {
        None => commands::wizard(&ctx),
        Some(Command::List) => commands::list(&ctx),
        Some(Command::Show { id, region }) => commands::show(&ctx, id, region.as_deref()),
        Some(Command::Regions) => commands::regions(&ctx),
        Some(Command::Check { paths }) => commands::check(&ctx, paths),
        Some(Command::Search { query, limit }) => commands::search(&ctx, query, *limit),
        Some(Command::Print(args)) => commands::print(&ctx, args),
        Some(Command::Progress(p)) => commands::progress(&ctx, p),
    };
    match outcome {
        Ok(code) => code,
        Err(f) => {
            eprintln!("banshi: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}
