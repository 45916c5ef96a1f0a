//! What the latency benchmarks share.

use std::time::Duration;

/// The `p` percentile (0 to 1) of `sorted` (ascending, not empty): the
/// element at the rounded position, so p99 of 339 keystrokes is the 4th
/// slowest.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}
