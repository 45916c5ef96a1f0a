//! Store benchmark (std::time, no harness): the progress folder and the
//! PostgreSQL team store side by side.
//!
//! - save latency (p50/p99) of one person's procedure, through the store
//!   interface the wizard uses, 1,000 saves each;
//! - `banshi progress list` over 10,000 people (one procedure each), the
//!   whole process as a user runs it (median of 5).
//!
//! `BANSHI_TEST_PG=postgres://… cargo bench --bench store [-- PEOPLE]`
//! (`scripts/pg-test.sh` shows how to start a throwaway server); without it
//! only the folder store is measured. Goals: save p99 ≤ 10 ms; list ≤ 200 ms
//! at 10k people.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use banshi::date::Date;
use banshi::flow::{Catalog, Flow};
use banshi::store::backend::{self, AnyStore};

const SAVES: usize = 1000;
const FLOW: &str = "card-replace-activate";

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn save_latency(store: &AnyStore, flow: &Arc<Flow>) -> (Duration, Duration) {
    let mut user = store.open_user("王芳").unwrap();
    let mut s = user.resume(Arc::clone(flow));
    s.advance().unwrap();
    s.choose("bank").unwrap();
    user.save(&s).unwrap();
    let mut times = Vec::with_capacity(SAVES);
    for _ in 0..SAVES {
        s.toggle("bank", "id-card").unwrap();
        let t = Instant::now();
        user.save(&s).unwrap();
        times.push(t.elapsed());
    }
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

/// `banshi --store SPEC progress list`, whole process, median of 5; the
/// number of lines printed.
fn list(spec: &str, data: &Path) -> (Duration, usize) {
    let run = || {
        let t = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_banshi"))
            .args(["--store", spec, "progress", "list"])
            .arg("--data-dir")
            .arg(data)
            .env_remove("BANSHI_STORE")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            t.elapsed(),
            out.stdout.iter().filter(|&&b| b == b'\n').count(),
        )
    };
    run(); // warm the page cache
    let mut runs: Vec<_> = (0..5).map(|_| run()).collect();
    runs.sort();
    runs[2]
}

/// `people` progress files, written directly (one fsync'd save each would
/// take minutes and measure nothing of interest here).
fn fill_files(dir: &Path, people: usize, flow: &Arc<Flow>) {
    let store: AnyStore = backend::open(None, Some(dir)).unwrap();
    let mut user = store.open_user("template").unwrap();
    let mut s = user.resume(Arc::clone(flow));
    s.advance().unwrap();
    s.choose("bank").unwrap();
    user.save(&s).unwrap();
    let text = user.export();
    let progress = dir.join("progress");
    for k in 0..people {
        std::fs::write(progress.join(format!("person-{k:05}.ron")), &text).unwrap();
    }
    std::fs::remove_file(progress.join("template.ron")).unwrap();
}

fn main() {
    let people: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let flow = Arc::new(
        Catalog::load(None, Date::today())
            .get(FLOW)
            .expect("shipped flow")
            .clone(),
    );
    let data = tempfile::tempdir().unwrap();

    // ---- folder ----
    let files = data.path().join("files");
    let spec = format!("file:{}", files.display());
    let store = backend::open(Some(&spec), Some(data.path())).unwrap();
    let (p50, p99) = save_latency(&store, &flow);
    println!(
        "files     save: p50 {}  p99 {}  ({SAVES} saves)",
        ms(p50),
        ms(p99)
    );
    let list_dir = data.path().join("files-list");
    fill_files(&list_dir, people, &flow);
    let (t, n) = list(&format!("file:{}", list_dir.display()), data.path());
    println!(
        "files     progress list: {} for {people} people ({n} lines)",
        ms(t)
    );

    // ---- PostgreSQL ----
    let Some(admin) = std::env::var("BANSHI_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        println!("postgres  skipped: set BANSHI_TEST_PG=postgres://USER@HOST:PORT/DB");
        return;
    };
    let schema = format!("bench_{}", std::process::id());
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
    let sep = if admin.contains('?') { '&' } else { '?' };
    let url = format!("{admin}{sep}options=-csearch_path%3D{schema}");
    let result = std::panic::catch_unwind(|| {
        let store = backend::open(Some(&url), Some(data.path())).unwrap();
        let (p50, p99) = save_latency(&store, &flow);
        println!(
            "postgres  save: p50 {}  p99 {}  ({SAVES} saves)",
            ms(p50),
            ms(p99)
        );
        let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        c.execute(
            "INSERT INTO banshi_progress (person, flow_id, flow_revision, steps, updated,
                revision, answers, ticks, current_step)
             SELECT 'person-' || lpad(k::text, 5, '0'), flow_id, flow_revision, steps,
                updated, 1, answers, ticks, current_step
             FROM banshi_progress, generate_series(0, $1 - 1) AS k WHERE person = '王芳'",
            &[&(people as i32)],
        )
        .unwrap();
        c.execute("DELETE FROM banshi_progress WHERE person = '王芳'", &[])
            .unwrap();
        c.batch_execute("ANALYZE banshi_progress").unwrap();
        let (t, n) = list(&url, data.path());
        println!(
            "postgres  progress list: {} for {people} people ({n} lines)",
            ms(t)
        );
    });
    let _ = c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
