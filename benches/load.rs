//! Load benchmark (std::time, no harness): parse and validate 1,000
//! generated flows and the shipped flows; peak RSS from /proc/self/status.
//!
//! `cargo bench --bench load`. Goals: 1,000 flows in ≤ 150 ms, peak RSS
//! ≤ 30 MB, shipped flows in ≤ 5 ms.

#[path = "support/synth.rs"]
mod synth;

use std::time::{Duration, Instant};

use banshi::date::Date;
use banshi::flow::{Catalog, Source, shipped_sources};

fn vm_hwm_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let today = Date::today();
    let shipped = shipped_sources();
    let shipped_times: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            let c = Catalog::from_sources(&shipped, today);
            let e = t.elapsed();
            assert_eq!(c.errors().count(), 0);
            e
        })
        .collect();
    println!(
        "shipped flows: {} loaded in {:.2} ms (median of 20)",
        shipped.len(),
        median(shipped_times).as_secs_f64() * 1e3
    );

    // 1,000 generated flows, written to a temporary directory and loaded the
    // way `--flows DIR` loads them (read, parse, validate).
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bytes = 0;
    for i in 0..1000 {
        let f = synth::flow(i);
        let text = synth::ron_text(&f);
        bytes += text.len();
        std::fs::write(dir.path().join(format!("{}.ron", f.id)), text).expect("write");
    }
    drop(shipped);
    let before = vm_hwm_kb();
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let (sources, problems): (Vec<Source>, _) =
            banshi::flow::read_sources(&[dir.path().to_path_buf()]);
        let c = Catalog::from_sources(&sources, today);
        times.push(t.elapsed());
        assert!(problems.is_empty());
        assert_eq!(c.len(), 1000);
        assert_eq!(c.errors().count(), 0);
    }
    println!(
        "1000 generated flows ({:.1} MB of RON): read+parse+validate {:.1} ms (median of 5)",
        bytes as f64 / 1e6,
        median(times).as_secs_f64() * 1e3
    );
    match (before, vm_hwm_kb()) {
        (Some(b), Some(a)) => println!(
            "peak RSS (VmHWM): {:.1} MB (before loading: {:.1} MB)",
            a as f64 / 1024.0,
            b as f64 / 1024.0
        ),
        _ => println!("peak RSS: /proc/self/status not available"),
    }
}
