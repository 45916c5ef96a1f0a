//! Search benchmark (std::time, no harness): index build time and
//! per-keystroke latency at 1k, 10k and 100k synthetic topics.
//!
//! `cargo bench --bench search` (add `-- 1000 10000` to choose sizes).
//! The keystrokes run the TUI's own path: one `Searcher` for the whole
//! session (as the TUI's `Finder` keeps), each query typed letter by letter
//! after the box is cleared, each keystroke one `Searcher::answer` with the
//! TUI's limits (50 results, 5 closest). p50/p99 are over every keystroke
//! of every query, a 10,000-character paste (one keystroke: a bracketed
//! paste) and what is typed after it included. A one-shot `Index::search`
//! of each prefix (what `banshi search` runs) is reported alongside, and so
//! is reading the index back from its bytes (what `banshi search --flows
//! DIR` does from its cache instead of building).

#[path = "support/synth.rs"]
mod synth;
#[path = "support/timing.rs"]
mod timing;

use std::time::{Duration, Instant};

use banshi::flow::Flow;
use banshi::search::{Index, Searcher};
use timing::percentile;

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
    "bubna",
    "医保卡换卡后需要重新激活吗",
    "how do I activate my card",
];

/// A 10,000-character paste: Chinese, English, digits and symbols.
fn paste() -> String {
    "医保卡丢了怎么办？lost my card, 123 补办流程 #@! "
        .chars()
        .cycle()
        .take(10_000)
        .collect()
}

/// TUI limits (`src/tui/find.rs`).
const LIMIT: usize = 50;
const CLOSEST: usize = 5;

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
        "topics", "build ms", "read back ms", "keystroke p50", "keystroke p99", "one-shot p99"
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
        // As the TUI's build thread does, before the first keystroke.
        index.prepare();
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
        let pasted = paste();
        let mut typed: Vec<String> = Vec::new();
        for q in QUERIES {
            let chars: Vec<char> = q.chars().collect();
            typed.extend((1..=chars.len()).map(|k| chars[..k].iter().collect()));
            typed.push(String::new()); // the box cleared
        }
        typed.push(pasted.clone());
        typed.extend([" ", " y", " yi", " yid", " yidi"].map(|t| format!("{pasted}{t}")));
        for _ in 0..3 {
            let mut searcher = Searcher::new(&index);
            for prefix in &typed {
                let t = Instant::now();
                let answer = searcher.answer(prefix, LIMIT, CLOSEST);
                let e = t.elapsed();
                if slow.is_some_and(|ms| e.as_secs_f64() * 1e3 >= ms) {
                    let shown: String = prefix.chars().take(30).collect();
                    eprintln!(
                        "slow: {shown:?} {:.1} ms, {} hits",
                        ms(e),
                        answer.hits.len()
                    );
                }
                if prefix.is_empty() {
                    continue;
                }
                keystrokes.push(e);
                std::hint::black_box(answer);
                let t = Instant::now();
                std::hint::black_box(index.search(prefix, 20));
                fresh.push(t.elapsed());
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
