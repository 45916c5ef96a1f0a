//! Search benchmark (std::time, no harness): index build time and
//! per-keystroke latency at 1k, 10k and 100k synthetic topics.
//!
//! `cargo bench --bench search` (add `-- 1000 10000` to choose sizes).
//! Each query is typed letter by letter through one `Searcher` (what the
//! TUI does); p50/p99 are over every keystroke of every query. A fresh,
//! non-incremental `Index::search` of each prefix is reported alongside, and
//! so is reading the index back from its bytes (what `banshi search --flows
//! DIR` does from its cache instead of building).

#[path = "support/synth.rs"]
mod synth;

use std::time::{Duration, Instant};

use banshi::flow::Flow;
use banshi::search::{Index, Searcher};

const QUERIES: &[&str] = &[
    "yibaoka",
    "buban",
    "卡丢了",
    "南京医保卡",
    "activate card",
    "ybkjh",
    "shebaoka guashi",
    "住院报销",
    "beijing",
    "医保 buban",
    "transfer",
    "lqjt",
];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000, 100_000]
    } else {
        sizes
    };
    // SEARCH_BENCH_SLOW=MS prints every keystroke that took MS or more
    // (20 when set without a number).
    let slow: Option<f64> = std::env::var("SEARCH_BENCH_SLOW")
        .ok()
        .map(|v| v.parse().unwrap_or(20.0));
    println!(
        "{:>7}  {:>9}  {:>13}  {:>14}  {:>14}  {:>14}",
        "topics", "build ms", "read back ms", "keystroke p50", "keystroke p99", "fresh p99"
    );
    for n in sizes {
        // Step bodies, tips and notes are not indexed; dropping them keeps
        // 100k flows in memory without changing what the index reads.
        let flows: Vec<Flow> = (0..n)
            .map(|i| {
                let mut f = synth::flow(i);
                for s in &mut f.steps {
                    s.body.clear();
                    s.tips.clear();
                }
                f
            })
            .collect();
        let mut builds = Vec::new();
        let mut index = Index::default();
        for _ in 0..3 {
            let t = Instant::now();
            index = Index::build(&flows);
            builds.push(t.elapsed());
        }
        builds.sort();
        let bytes = index.to_bytes();
        let mut reads = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            let back = Index::from_bytes(&bytes).expect("reads back");
            reads.push(t.elapsed());
            assert_eq!(back.len(), index.len());
        }
        reads.sort();
        let mut keystrokes = Vec::new();
        let mut fresh = Vec::new();
        for _ in 0..3 {
            for q in QUERIES {
                let chars: Vec<char> = q.chars().collect();
                let mut searcher = Searcher::new(&index);
                for k in 1..=chars.len() {
                    let prefix: String = chars[..k].iter().collect();
                    let t = Instant::now();
                    let hits = searcher.search(&prefix, 20);
                    let e = t.elapsed();
                    if slow.is_some_and(|ms| e.as_secs_f64() * 1e3 >= ms) {
                        eprintln!("slow: {prefix:?} {:.1} ms, {} hits", ms(e), hits.len());
                    }
                    keystrokes.push(e);
                    std::hint::black_box(hits);
                    let t = Instant::now();
                    std::hint::black_box(index.search(&prefix, 20));
                    fresh.push(t.elapsed());
                }
            }
        }
        keystrokes.sort();
        fresh.sort();
        println!(
            "{n:>7}  {:>9.1}  {:>13.1}  {:>11.3} ms  {:>11.3} ms  {:>11.3} ms",
            ms(builds[1]),
            ms(reads[1]),
            ms(percentile(&keystrokes, 0.5)),
            ms(percentile(&keystrokes, 0.99)),
            ms(percentile(&fresh, 0.99)),
        );
    }
}
