//! Twenty counters at once on one person, through the real binary (plain
//! mode on pipes) and a real PostgreSQL server (`BANSHI_TEST_PG`): 20
//! processes × 200 saves. On different procedures nothing is lost; on the
//! same procedure the later change wins and the counter that overwrote
//! another's change is told.

mod pg_support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use pg_support::{Schema, server};

const PROCESSES: usize = 20;
/// Toggles per process: with opening, the intro and the answer, 200 saves.
const TOGGLES: usize = 197;
const SAVES: i64 = 200;

/// Twenty copies of the test flow: `conc-00` … `conc-19`, each found by
/// its own alias `zzconcNN`.
fn flows(dir: &Path) {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wizard/test-card.ron"),
    )
    .unwrap();
    for k in 0..PROCESSES {
        let t = text
            .replace("id: \"test-card\"", &format!("id: \"conc-{k:02}\""))
            .replace("测试办卡", &format!("并发测试 {k:02}"))
            .replace("Test card procedure", &format!("Concurrency {k:02}"))
            .replace(
                "aliases: [\"测试卡丢了\", \"test lost card\"]",
                &format!("aliases: [\"zzconc{k:02}\"]"),
            )
            // On its own here: without the link to the fixtures' other flow.
            .replace("    related: [\"test-remote\"],\n", "");
        std::fs::write(dir.join(format!("conc-{k:02}.ron")), t).unwrap();
    }
}

/// Opens `flow` (by alias), reads the intro, answers "at a counter", then
/// ticks item `item` of the checklist TOGGLES times (odd: ends ticked).
/// `restart`: the flow opens where another counter left it, so start over
/// first (`r`, `y`: one more save) to make this counter's route its own.
fn script(alias: &str, item: usize, restart: bool) -> String {
    let mut s = format!("{alias}\n1\n");
    if restart {
        s.push_str("r\ny\n");
    }
    s.push_str("\n1\n");
    for _ in 0..TOGGLES {
        s.push_str(&format!("{item}\n"));
    }
    s.push_str("q\n");
    s
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run_all(url: &str, flows_dir: &Path, scripts: Vec<String>) -> Vec<Run> {
    let data = tempfile::tempdir().unwrap();
    let children: Vec<_> = scripts
        .into_iter()
        .map(|input| {
            let mut child = Command::new(env!("CARGO_BIN_EXE_banshi"))
                .args(["--plain", "--lang", "en", "--user", "王芳", "--store", url])
                .arg("--flows")
                .arg(flows_dir)
                .arg("--data-dir")
                .arg(data.path())
                .env_remove("BANSHI_STORE")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut stdin = child.stdin.take().unwrap();
            std::thread::spawn(move || {
                let _ = stdin.write_all(input.as_bytes());
            });
            child
        })
        .collect();
    children
        .into_iter()
        .map(|c| {
            let o = c.wait_with_output().unwrap();
            Run {
                code: o.status.code(),
                stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            }
        })
        .collect()
}

const TOLD: &str = "was also changed in another terminal";

fn check_clean(runs: &[Run]) {
    for (k, r) in runs.iter().enumerate() {
        assert_eq!(r.code, Some(0), "process {k}: {}\n{}", r.stderr, r.stdout);
        // The messages are sentences ("Not saving: …"): compare in lower case.
        let said = r.stdout.to_lowercase();
        for bad in ["not saving", "cannot be reached", "refused", "could not"] {
            assert!(!said.contains(bad), "process {k}: {bad}\n{}", r.stdout);
        }
    }
}

#[test]
fn twenty_counters_on_different_procedures_lose_nothing() {
    let Some(admin) = server("twenty_counters_on_different_procedures_lose_nothing") else {
        return;
    };
    let schema = Schema::new(&admin, "conc_diff");
    let dir = tempfile::tempdir().unwrap();
    flows(dir.path());
    let scripts = (0..PROCESSES)
        .map(|k| script(&format!("zzconc{k:02}"), 1, false))
        .collect();
    let runs = run_all(&schema.url, dir.path(), scripts);
    check_clean(&runs);
    for (k, r) in runs.iter().enumerate() {
        assert!(!r.stdout.contains(TOLD), "process {k} was told of a clash");
    }
    let mut c = schema.client();
    let rows = c
        .query(
            "SELECT flow_id, revision, answers::text, ticks::text, current_step
             FROM banshi_progress WHERE person = '王芳' ORDER BY flow_id",
            &[],
        )
        .unwrap();
    assert_eq!(rows.len(), PROCESSES);
    for (k, row) in rows.iter().enumerate() {
        assert_eq!(row.get::<_, String>(0), format!("conc-{k:02}"));
        // Every one of the 200 saves of every process is there.
        assert_eq!(row.get::<_, i64>(1), SAVES, "conc-{k:02}");
        assert_eq!(row.get::<_, String>(2), r#"{"way": "counter"}"#);
        assert_eq!(row.get::<_, String>(3), r#"{"papers": ["id-card"]}"#);
        assert_eq!(row.get::<_, Option<String>>(4).as_deref(), Some("papers"));
    }
}

#[test]
fn twenty_counters_on_one_procedure_the_later_change_wins_and_is_told() {
    let Some(admin) = server("twenty_counters_on_one_procedure_the_later_change_wins_and_is_told")
    else {
        return;
    };
    let schema = Schema::new(&admin, "conc_same");
    let dir = tempfile::tempdir().unwrap();
    flows(dir.path());
    // Even processes tick the ID card, odd ones the photo: two end states.
    let scripts = (0..PROCESSES)
        .map(|k| script("zzconc00", 1 + k % 2, true))
        .collect();
    let runs = run_all(&schema.url, dir.path(), scripts);
    check_clean(&runs);
    let told: usize = runs.iter().map(|r| r.stdout.matches(TOLD).count()).sum();
    let mut c = schema.client();
    let rows = c
        .query(
            "SELECT revision, ticks::text, answers::text FROM banshi_progress WHERE person = '王芳'",
            &[],
        )
        .unwrap();
    assert_eq!(rows.len(), 1);
    let revision: i64 = rows[0].get(0);
    let ticks: String = rows[0].get(1);
    eprintln!(
        "same procedure: {PROCESSES} processes x {SAVES} saves: final revision {revision}, {told} saves told of another counter's change, final ticks {ticks}"
    );
    // Interleaved: other counters' changes were overwritten, and told.
    assert!(told > 0, "no counter was told");
    assert!(revision > SAVES, "revision {revision}");
    assert!(revision <= (SAVES + 1) * PROCESSES as i64);
    // The row is one counter's whole change, never a mix of two.
    assert_eq!(rows[0].get::<_, String>(2), r#"{"way": "counter"}"#);
    // Every counter's last change ends ticked: the row holds one of them.
    assert!(
        [r#"{"papers": ["id-card"]}"#, r#"{"papers": ["photo"]}"#].contains(&ticks.as_str()),
        "{ticks}"
    );
}
