//! Writes N synthetic, valid flows into DIR (for benchmarks and the
//! search-vs-fzf comparison): `cargo run --release --example gen_flows -- N DIR [LINES]`.
//! With LINES, also writes one line per topic (id, titles, aliases,
//! keywords) for `fzf --filter` over the same topics.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: gen_flows N DIR   (writes N flows as DIR/ID.ron)");
        return ExitCode::from(2);
    };
    let dir = PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("gen_flows: cannot create {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    let mut lines = String::new();
    for i in 0..n {
        let flow = synth::flow(i);
        if args.len() > 2 {
            lines.push_str(&format!(
                "{}\t{} {} {} {}\n",
                flow.id,
                flow.title.zh,
                flow.title.en,
                flow.aliases.join(" "),
                flow.keywords.join(" ")
            ));
        }
        let path = dir.join(format!("{}.ron", flow.id));
        if let Err(e) = std::fs::write(&path, synth::ron_text(&flow)) {
            eprintln!("gen_flows: cannot write {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    if let Some(path) = args.get(2)
        && let Err(e) = std::fs::write(path, lines)
    {
        eprintln!("gen_flows: cannot write {path}: {e}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
