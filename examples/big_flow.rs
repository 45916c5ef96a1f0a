//! Writes one valid flow of N steps to FILE (for `scripts/print-big.sh`):
//! `cargo run --release --example big_flow -- N FILE`.

#[path = "../tests/support/big_flow.rs"]
mod big_flow;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(file)) = (args.first().and_then(|n| n.parse().ok()), args.get(1)) else {
        eprintln!("usage: big_flow N FILE");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::write(file, big_flow::big_flow(n)) {
        eprintln!("big_flow: cannot write {file}: {e}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
