//! Region picker benchmark (std::time, no harness): per-keystroke latency
//! of `find_places` over the shipped place list (34 provinces, 333
//! cities), as the picker will call it.
//!
//! `cargo bench --bench places` (optimised), or `cargo test --bench places`
//! for the same figures from the unoptimised test build. Each query is
//! typed letter by letter; each keystroke is one
//! `find_places(Places::shipped(), prefix, 8)`. The first call, which
//! builds the index once, is reported apart; p50/p99/max are over every
//! other keystroke, a 10,000-character paste included.

#[path = "support/timing.rs"]
mod timing;

use std::time::{Duration, Instant};

use banshi::flow::places::Places;
use banshi::search::places::find_places;
use timing::percentile;

const QUERIES: &[&str] = &[
    "nj",
    "nanjing",
    "南京市",
    "hunan",
    "湖南省",
    "hrb",
    "恩施土家族苗族自治州",
    "Hong Kong",
    "xilinguolemeng",
    "泉洲",
    "Nán",
    "zzzzzz",
    "😀😀",
];

const LIMIT: usize = 8;
const ROUNDS: usize = 200;

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() {
    let places = Places::shipped();
    let start = Instant::now();
    let first = find_places(places, "n", LIMIT).len();
    println!(
        "first call (builds the index once): {:.0} µs ({first} places)",
        us(start.elapsed())
    );

    let paste: String = "南京市nanjing 😀 #@!\u{0}"
        .chars()
        .cycle()
        .take(10_000)
        .collect();
    let mut prefixes: Vec<String> = Vec::new();
    for q in QUERIES {
        let mut typed = String::new();
        for c in q.chars() {
            typed.push(c);
            prefixes.push(typed.clone());
        }
    }
    prefixes.push(paste);

    let mut times = Vec::with_capacity(prefixes.len() * ROUNDS);
    let mut found = 0usize;
    for _ in 0..ROUNDS {
        for q in &prefixes {
            let start = Instant::now();
            found += find_places(places, q, LIMIT).len();
            times.push(start.elapsed());
        }
    }
    times.sort();
    println!(
        "{} keystrokes ({} distinct, {ROUNDS} rounds, {found} results): \
         p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        times.len(),
        prefixes.len(),
        us(percentile(&times, 0.5)),
        us(percentile(&times, 0.99)),
        us(*times.last().unwrap_or(&Duration::ZERO)),
    );
}
