//! Hostile files, processes and signals (#17), against the real binary: a
//! FIFO, a link, a folder or a device where a file should be; kill -9 in the
//! middle of saves; several processes saving one person; signals to the TUI
//! in a pseudo-terminal; control characters in flows; look-alike names.
//! Every run has a deadline, so a hang fails the test instead of blocking
//! the suite. Unix only (FIFOs, signals, modes).
#![cfg(unix)]

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_banshi");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/wizard");
mod pipe_support;
use pipe_support::DEADLINE;

/// Search, open the test flow, read on, answer "at a counter", tick the ID
/// card: one save per step.
const TICK_ID_CARD: &str = "ceshi\n1\n\n1\n1\n";

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

impl Out {
    fn both(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

fn command(data: &Path, args: &[&str]) -> Command {
    let mut c = pipe_support::banshi(data);
    c.args(args);
    c
}

/// Runs banshi with `input` on stdin and a deadline.
fn run(data: &Path, args: &[&str], input: &str) -> Out {
    let start = Instant::now();
    let o = pipe_support::run(&mut command(data, args), input);
    Out {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        took: start.elapsed(),
    }
}

/// `banshi --plain` on the test flows as `user`, in English.
fn plain(data: &Path, user: &str, input: &str) -> Out {
    run(
        data,
        &[
            "--flows", FIXTURES, "--user", user, "--lang", "en", "--plain",
        ],
        input,
    )
}

fn mode(p: &Path) -> u32 {
    fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo").arg(p).status().unwrap().success();
    assert!(ok, "mkfifo {}", p.display());
}

/// An outside file that must never be chmod-ed, renamed or echoed.
fn outside_file(dir: &Path) -> PathBuf {
    let secret = dir.join("secret.txt");
    fs::write(&secret, "rootsecretword and more\n").unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o644)).unwrap();
    secret
}

// ---- 1 and 3: FIFO, link, folder, device in place of a progress file ----

#[test]
fn a_fifo_link_folder_or_device_in_place_of_a_progress_file_is_named_never_read() {
    let tmp = tempfile::tempdir().unwrap();
    let secret = outside_file(tmp.path());
    type Make = Box<dyn Fn(&Path)>;
    let secret_for_link = secret.clone();
    let cases: Vec<(&str, &str, Make)> = vec![
        ("fifo", "named pipe", Box::new(mkfifo)),
        (
            "link to /dev/zero",
            "symbolic link",
            Box::new(|p: &Path| std::os::unix::fs::symlink("/dev/zero", p).unwrap()),
        ),
        (
            "link to a file outside",
            "symbolic link",
            Box::new(move |p: &Path| std::os::unix::fs::symlink(&secret_for_link, p).unwrap()),
        ),
        (
            "folder",
            "folder",
            Box::new(|p: &Path| fs::create_dir(p).unwrap()),
        ),
    ];
    for (what, kind, make) in cases {
        let data = tmp.path().join(what.replace(' ', "-"));
        fs::create_dir_all(data.join("progress")).unwrap();
        make(&data.join("progress/zed.ron"));
        // Someone else's progress is still listed.
        assert_eq!(plain(&data, "amy", TICK_ID_CARD).code, Some(0));

        let list = run(&data, &["--lang", "en", "progress", "list"], "");
        assert_eq!(list.code, Some(0), "{what}: {}", list.both());
        assert!(
            list.stdout.contains("amy\ttest-card"),
            "{what}: {}",
            list.both()
        );
        assert!(
            list.stderr.contains("zed.ron") && list.stderr.contains(kind),
            "{what}: {}",
            list.stderr
        );
        for args in [
            &["progress", "show", "zed"][..],
            &["progress", "export", "zed"],
            &["--flows", FIXTURES, "--user", "zed", "print", "test-card"],
        ] {
            let mut a = vec!["--lang", "en"];
            a.extend_from_slice(args);
            let o = run(&data, &a, "");
            assert_eq!(o.code, Some(1), "{what} {args:?}: {}", o.both());
            assert!(o.stderr.contains(kind), "{what} {args:?}: {}", o.stderr);
            assert!(!o.both().contains("rootsecretword"), "{what}: echoed");
        }
        // The wizard for zed runs, says progress cannot be saved, and does
        // not claim it was.
        let w = plain(&data, "zed", "q\n");
        assert_eq!(w.code, Some(1), "{what}: {}", w.both());
        assert!(w.stdout.contains(kind), "{what}: {}", w.stdout);
        assert!(!w.stdout.contains("Progress saved"), "{what}");
        // Nothing was moved aside, chmod-ed or replaced.
        let left = names_in(&data.join("progress"));
        assert!(
            left.iter().all(|n| !n.contains("corrupt")),
            "{what}: {left:?}"
        );
        assert!(
            fs::symlink_metadata(data.join("progress/zed.ron")).is_ok(),
            "{what}: still there"
        );
    }
    assert_eq!(mode(&secret), 0o644, "the outside file was not chmod-ed");
    assert_eq!(
        fs::read_to_string(&secret).unwrap(),
        "rootsecretword and more\n"
    );
}

#[test]
fn a_device_node_in_place_of_a_progress_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    fs::create_dir_all(data.join("progress")).unwrap();
    // mknod needs privileges; a link to a device stands in otherwise (the
    // link test above covers links).
    let made = Command::new("mknod")
        .arg(data.join("progress/dev.ron"))
        .args(["c", "1", "5"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("mknod not permitted; skipped");
        return;
    }
    let o = run(data, &["--lang", "en", "progress", "show", "dev"], "");
    assert_eq!(o.code, Some(1), "{}", o.both());
    assert!(o.stderr.contains("a device"), "{}", o.stderr);
}

#[test]
fn links_are_never_followed_for_the_lock_or_the_progress_and_exports_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let secret = outside_file(tmp.path());

    // A dangling .lock: nothing is created where it points.
    let data = tmp.path().join("dangling");
    fs::create_dir_all(data.join("progress")).unwrap();
    let target = tmp.path().join("created-outside");
    std::os::unix::fs::symlink(&target, data.join("progress/.lock")).unwrap();
    let o = plain(&data, "amy", TICK_ID_CARD);
    assert_eq!(o.code, Some(1), "{}", o.both());
    assert!(
        o.stdout.contains(".lock is a symbolic link"),
        "{}",
        o.stdout
    );
    assert!(!target.exists(), "created outside the data dir");

    // A live .lock link: its target is not chmod-ed.
    let data = tmp.path().join("live");
    fs::create_dir_all(data.join("progress")).unwrap();
    std::os::unix::fs::symlink(&secret, data.join("progress/.lock")).unwrap();
    assert_eq!(plain(&data, "amy", TICK_ID_CARD).code, Some(1));
    assert_eq!(mode(&secret), 0o644);

    // progress/ and exports/ as links to an outside folder: the folder is
    // neither chmod-ed nor written.
    for sub in ["progress", "exports"] {
        let data = tmp.path().join(format!("{sub}-link"));
        fs::create_dir_all(&data).unwrap();
        let outside = tmp.path().join(format!("{sub}-outside"));
        fs::create_dir(&outside).unwrap();
        fs::set_permissions(&outside, fs::Permissions::from_mode(0o755)).unwrap();
        std::os::unix::fs::symlink(&outside, data.join(sub)).unwrap();
        // Tick, finish (the summary), print with p, quit.
        let o = plain(&data, "amy", &format!("{TICK_ID_CARD}\np\nq\n"));
        assert_eq!(o.code, Some(if sub == "progress" { 1 } else { 0 }));
        assert!(
            o.stdout
                .contains(&format!("{sub} is a symbolic link, not a folder")),
            "{sub}: {}",
            o.stdout
        );
        assert_eq!(mode(&outside), 0o755, "{sub}: chmod-ed through the link");
        assert!(
            names_in(&outside).is_empty(),
            "{sub}: written through the link"
        );
    }
}

#[test]
fn print_o_refuses_to_overwrite_without_force_and_never_writes_through_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let secret = outside_file(tmp.path());
    let print = |out: &Path, force: bool| {
        let mut args = vec!["--lang", "en", "--flows", FIXTURES, "print", "test-card"];
        args.extend(["-o", out.to_str().unwrap()]);
        if force {
            args.push("--force");
        }
        run(&data, &args, "")
    };
    let existing = tmp.path().join("mine.txt");
    fs::write(&existing, "keep me").unwrap();
    let o = print(&existing, false);
    assert_eq!(o.code, Some(1), "{}", o.both());
    assert!(o.stderr.contains("already exists") && o.stderr.contains("--force"));
    assert_eq!(fs::read_to_string(&existing).unwrap(), "keep me");

    let o = print(&existing, true);
    assert_eq!(o.code, Some(0), "{}", o.both());
    assert!(
        fs::read_to_string(&existing)
            .unwrap()
            .contains("Test card procedure")
    );

    let new = tmp.path().join("new.txt");
    assert_eq!(print(&new, false).code, Some(0));
    assert_eq!(mode(&new), 0o600, "a printout may carry a name");

    for force in [false, true] {
        let live = tmp.path().join(format!("live-{force}"));
        std::os::unix::fs::symlink(&secret, &live).unwrap();
        let o = print(&live, force);
        assert_eq!(o.code, Some(1), "{}", o.both());
        assert!(o.stderr.contains("symbolic link"), "{}", o.stderr);
        let dangling = tmp.path().join(format!("dangling-{force}"));
        let nowhere = tmp.path().join(format!("nowhere-{force}"));
        std::os::unix::fs::symlink(&nowhere, &dangling).unwrap();
        assert_eq!(print(&dangling, force).code, Some(1));
        assert!(!nowhere.exists(), "written through a dangling link");
    }
    assert_eq!(
        fs::read_to_string(&secret).unwrap(),
        "rootsecretword and more\n"
    );
    assert_eq!(mode(&secret), 0o644);

    let fifo = tmp.path().join("fifo");
    mkfifo(&fifo);
    let o = print(&fifo, true);
    assert_eq!(o.code, Some(1), "{}", o.both());
    assert!(o.stderr.contains("named pipe"), "{}", o.stderr);
}

// ---- 4: kill -9 during saves; temp files ----

/// A tiny deterministic generator for kill delays.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn temps(dir: &Path) -> Vec<String> {
    names_in(dir)
        .into_iter()
        .filter(|n| n.starts_with(".banshi-tmp-") || n.starts_with(".tmp"))
        .collect()
}

fn age(p: &Path, secs: u64) {
    let f = fs::File::options().write(true).open(p).unwrap();
    f.set_modified(std::time::SystemTime::now() - Duration::from_secs(secs))
        .unwrap();
}

#[test]
fn kill_9_during_saves_never_corrupts_and_temp_files_do_not_outlive_a_minute_or_a_reset() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    let dir = data.join("progress");
    // One complete session first, so there is a file to check and reset.
    assert_eq!(plain(data, "kim", TICK_ID_CARD).code, Some(0));
    let mut rng = Lcg(17);
    let start = Instant::now();
    let (mut kills, mut left_temps) = (0, 0);
    let mut seen: Vec<String> = Vec::new();
    // Bounded: a few seconds of kills.
    while start.elapsed() < Duration::from_secs(3) {
        let mut child = command(
            data,
            &[
                "--flows", FIXTURES, "--user", "kim", "--lang", "en", "--plain",
            ],
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        // Every "1" ticks or unticks the ID card: one save each.
        let mut input = TICK_ID_CARD.to_string();
        input.push_str(&"1\n".repeat(2000));
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        std::thread::sleep(Duration::from_millis(5 + rng.below(60)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let _ = writer.join();
        kills += 1;
        let now = temps(&dir);
        if now.iter().any(|t| !seen.contains(t)) {
            left_temps += 1;
        }
        seen = now;
        if dir.join("kim.ron").exists() {
            let o = run(data, &["progress", "export", "kim"], "");
            assert_eq!(o.code, Some(0), "after kill {kills}: {}", o.both());
            assert!(o.stdout.contains("test-card"), "after kill {kills}");
        }
        assert!(
            names_in(&dir).iter().all(|n| !n.contains("corrupt")),
            "after kill {kills}: {:?}",
            names_in(&dir)
        );
    }
    eprintln!("{kills} kills; {left_temps} of them left a temp file behind");
    assert!(kills >= 10, "only {kills} kills in the time");

    // Stale temp files (ours, and an older build's .tmpXXXXXX) are removed at
    // start once over a minute old; a fresh one (a save in progress) is not.
    let stale = dir.join(".banshi-tmp-kim.ron.AAAAAA");
    let legacy = dir.join(".tmpAbC123");
    let fresh = dir.join(".banshi-tmp-other.ron.BBBBBB");
    for p in [&stale, &legacy, &fresh] {
        fs::write(p, "(schema: 2, flows: {\"x\": ...})").unwrap();
    }
    for t in temps(&dir) {
        if dir.join(&t) != fresh {
            age(&dir.join(t), 120);
        }
    }
    let o = run(data, &["progress", "list"], "");
    assert_eq!(o.code, Some(0));
    assert_eq!(temps(&dir), vec![".banshi-tmp-other.ron.BBBBBB"]);

    // A reset removes all of that person's temp files, however fresh, and
    // leaves other people's.
    let kims = [
        dir.join(".banshi-tmp-kim.ron.CCCCCC"),
        dir.join(".banshi-tmp-kim.ron.DDDDDD"),
    ];
    for p in &kims {
        fs::write(p, "kim's answers").unwrap();
    }
    fs::write(dir.join(".banshi-tmp-kimberly.ron.EEEEEE"), "x").unwrap();
    let o = run(data, &["progress", "reset", "kim", "--yes"], "");
    assert_eq!(o.code, Some(0), "{}", o.both());
    assert_eq!(
        temps(&dir),
        vec![
            ".banshi-tmp-kimberly.ron.EEEEEE",
            ".banshi-tmp-other.ron.BBBBBB"
        ]
    );
}

// ---- several processes saving one person ----

#[test]
fn several_processes_saving_one_person_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let flows = tmp.path().join("flows");
    fs::create_dir(&flows).unwrap();
    let card = test_card();
    // Keywords nothing else matches, even fuzzily.
    let words = [
        "zqxj", "zqxk", "zqxv", "zqxw", "zqxm", "zqxn", "zqxp", "zqxr",
    ];
    for w in words {
        let text = card
            .replace("\"test-card\"", &format!("\"flow-{w}\""))
            .replace(
                "keywords: [\"测试\", \"补办\"]",
                &format!("keywords: [\"{w}\"]"),
            )
            .replace("测试办卡", &format!("测试办卡{w}"))
            .replace("Test card procedure", &format!("Test {w}"))
            .replace("aliases: [\"测试卡丢了\", \"test lost card\"],", "");
        fs::write(flows.join(format!("{w}.ron")), text).unwrap();
    }
    let data = tmp.path().join("data");
    let toggles = 41; // odd: the ID card ends ticked
    // Eight processes at once on one person, one flow each (two on one flow
    // would each start from the other's ticks: the later one wins by design).
    let children: Vec<_> = words
        .iter()
        .map(|w| {
            let mut input = format!("{w}\n1\n\n1\n");
            input.push_str(&"1\n".repeat(toggles));
            input.push_str("q\n");
            let data = data.clone();
            let flows = flows.clone();
            std::thread::spawn(move || {
                run(
                    &data,
                    &[
                        "--flows",
                        flows.to_str().unwrap(),
                        "--user",
                        "pat",
                        "--lang",
                        "en",
                        "--plain",
                    ],
                    &input,
                )
            })
        })
        .collect();
    for c in children {
        let o = c.join().unwrap();
        assert_eq!(o.code, Some(0), "{}", o.both());
    }
    let o = run(&data, &["progress", "export", "pat"], "");
    assert_eq!(o.code, Some(0), "{}", o.both());
    for w in words {
        let flow = o
            .stdout
            .split(&format!("\"flow-{w}\": ("))
            .nth(1)
            .unwrap_or_else(|| panic!("flow-{w} lost: {}", o.stdout));
        let record = flow.split("\n        ),").next().unwrap();
        assert!(record.contains("\"id-card\""), "flow-{w}: {record}");
        assert!(
            record.contains("\"way\": \"counter\""),
            "flow-{w}: {record}"
        );
    }
}

// ---- 2: signals to the TUI ----

#[cfg(target_os = "linux")]
mod pty_support;

#[cfg(target_os = "linux")]
mod pty {
    use super::*;
    use portable_pty::CommandBuilder;
    pub use pty_support::Tui as Term;

    /// `sh -c 'banshi ...; echo EXIT:$?; stty -a'` in a 100x30 pty: the
    /// shell reports banshi's exit code and the terminal's modes after it.
    pub fn start(data: &Path) -> Term {
        let script = format!(
            "'{BIN}' --data-dir '{}' --flows '{FIXTURES}' --user sig --lang en; echo EXIT:$?; stty -a; echo END",
            data.display()
        );
        let mut cmd = CommandBuilder::new("sh");
        cmd.args(["-c", &script]);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("BANSHI_DATA_DIR");
        Term::spawn(cmd, 30, 100)
    }

    /// banshi's pid: the process whose parent is the shell.
    pub fn banshi_pid(t: &Term) -> i32 {
        let sh = t.process_id().unwrap().to_string();
        let start = Instant::now();
        loop {
            for e in fs::read_dir("/proc").unwrap().flatten() {
                let Ok(stat) = fs::read_to_string(e.path().join("stat")) else {
                    continue;
                };
                // pid (comm) state ppid ...
                let Some((_, rest)) = stat.rsplit_once(") ") else {
                    continue;
                };
                if rest.split(' ').nth(1) == Some(sh.as_str()) {
                    return e.file_name().to_str().unwrap().parse().unwrap();
                }
            }
            assert!(start.elapsed() < DEADLINE, "banshi did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn signals_to_the_tui_save_restore_the_terminal_and_exit_128_plus_the_signal() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, sig) in [("TERM", 15), ("HUP", 1), ("INT", 2), ("QUIT", 3)] {
        let data = tmp.path().join(name);
        let mut t = pty::start(&data);
        t.wait_for("Search:");
        t.send("ceshi");
        t.wait_for("> Test card procedure");
        t.send("\r");
        t.wait_for("Before you start");
        t.send("\r");
        t.wait_for("How do you want to apply?");
        t.send("\r");
        t.wait_for("Gather the papers");
        t.send(" ");
        t.wait_for("[x] Your ID card");
        let pid = pty::banshi_pid(&t);
        let before = t.len();
        let killed = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .unwrap();
        assert!(killed.success());
        t.wait_output(before, "END");
        let after = t.raw()[before..].to_string();
        assert!(
            after.contains(&format!("EXIT:{}", 128 + sig)),
            "SIG{name}: {after:?}"
        );
        let restored = &after[..after.find("EXIT:").unwrap()];
        assert!(
            restored.contains("\u{1b}[?1049l"),
            "SIG{name}: alternate screen left"
        );
        assert!(restored.contains("\u{1b}[?25h"), "SIG{name}: cursor shown");
        let stty = &after[after.find("EXIT:").unwrap()..];
        for off in ["-icanon", "-echo ", "-isig", "-icrnl", "-opost"] {
            assert!(
                !stty.contains(off),
                "SIG{name}: raw mode left on ({off}): {stty}"
            );
        }
        assert!(
            stty.contains(" icanon") && stty.contains(" echo "),
            "{stty}"
        );
        let _ = t.wait_exit();
        // The tick made just before the signal is saved.
        let o = run(&data, &["progress", "export", "sig"], "");
        assert!(o.stdout.contains("\"id-card\""), "SIG{name}: {}", o.both());
    }
}

// ---- 7: plain mode tells the truth ----

#[test]
fn plain_mode_never_says_saved_when_saving_failed() {
    let tmp = tempfile::tempdir().unwrap();
    // The data dir is a file.
    let file = tmp.path().join("data-is-a-file");
    fs::write(&file, "").unwrap();
    let o = plain(&file, "amy", TICK_ID_CARD);
    assert_eq!(o.code, Some(1), "{}", o.both());
    assert!(!o.stdout.contains("Progress saved"), "{}", o.stdout);
    assert!(o.stdout.contains("could not be saved"), "{}", o.stdout);
    assert!(o.stderr.contains("is a file, not a folder"), "{}", o.stderr);

    // A read-only progress folder (0500): reported, and left as it is.
    let data = tmp.path().join("ro");
    fs::create_dir_all(data.join("progress")).unwrap();
    fs::set_permissions(data.join("progress"), fs::Permissions::from_mode(0o500)).unwrap();
    let o = plain(&data, "amy", TICK_ID_CARD);
    assert_eq!(o.code, Some(1), "{}", o.both());
    assert!(!o.stdout.contains("Progress saved"), "{}", o.stdout);
    assert!(o.stdout.contains("mode 0500"), "{}", o.stdout);
    assert_eq!(mode(&data.join("progress")), 0o500, "not silently reset");
    fs::set_permissions(data.join("progress"), fs::Permissions::from_mode(0o700)).unwrap();

    // In Chinese too.
    let o = run(
        &file,
        &[
            "--flows", FIXTURES, "--user", "amy", "--lang", "zh-CN", "--plain",
        ],
        TICK_ID_CARD,
    );
    assert_eq!(o.code, Some(1));
    assert!(!o.stdout.contains("进度已保存"), "{}", o.stdout);
    assert!(o.stdout.contains("没能保存"), "{}", o.stdout);
}

// ---- 8: control characters ----

#[test]
fn control_characters_in_flows_fail_check_with_positions_and_never_reach_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let flows = tmp.path().join("flows");
    fs::create_dir(&flows).unwrap();
    let card = test_card();
    let bad = card
        .replace("\"test-card\"", "\"bad-card\"")
        .replace(
            "title: (zh: \"测试办卡\", en: \"Test card procedure\")",
            "title: (zh: \"测试\u{1b}[2J办卡\", en: \"Test\u{7} card \\u{1b}]0;owned\\x07 procedure\")",
        )
        .replace("本人身份证", "本人\u{9b}31m身份证");
    fs::write(flows.join("bad.ron"), bad).unwrap();
    let data = tmp.path().join("data");

    let o = run(
        &data,
        &["--lang", "en", "check", flows.to_str().unwrap()],
        "",
    );
    assert_eq!(o.code, Some(1));
    let path = flows.join("bad.ron").display().to_string();
    for at in [
        ":4:20: error: control character U+001B (ESC)",
        ":4:38: error: control character U+0007 (BEL)",
        ":4:45: error: control character U+001B (ESC) written as an escape",
        ":4:59: error: control character U+0007 (BEL) written as an escape",
    ] {
        assert!(
            o.stdout.contains(&format!("{path}{at}")),
            "{at}: {}",
            o.stdout
        );
    }
    assert!(
        o.stdout
            .contains(":46:48: error: control character U+009B (CSI)"),
        "the C1 CSI in an item: {}",
        o.stdout
    );
    assert!(!o.both().contains('\u{1b}') && !o.both().contains('\u{7}'));

    let flows_arg = flows.to_str().unwrap();
    for args in [
        &["--flows", flows_arg, "list"][..],
        &["--flows", flows_arg, "search", "ceshi"],
        &["--flows", flows_arg, "show", "bad-card"],
    ] {
        let o = run(&data, args, "");
        for c in ['\u{1b}', '\u{7}', '\u{9b}'] {
            assert!(!o.both().contains(c), "{args:?}: {:?}", o.both());
        }
    }
    let o = run(
        &data,
        &[
            "--flows", flows_arg, "--user", "amy", "--lang", "en", "--plain",
        ],
        "ceshi\n1\nq\n",
    );
    assert!(!o.both().contains('\u{1b}'), "{:?}", o.both());
    assert!(o.stderr.contains("bad.ron"), "the skipped file is named");
}

/// A link in a flows folder (or named on the command line) is reported at
/// its path and never followed: what it points to is not read.
#[test]
fn a_link_in_place_of_a_flow_file_is_named_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let flows = tmp.path().join("flows");
    fs::create_dir(&flows).unwrap();
    // A valid flow outside the folder, linked in: it must not load.
    let outside = tmp.path().join("outside.ron");
    fs::write(
        &outside,
        test_card().replace("\"test-card\"", "\"linked-card\""),
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, flows.join("linked.ron")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", flows.join("passwd.ron")).unwrap();
    let data = tmp.path().join("data");
    let o = run(
        &data,
        &["--lang", "en", "check", flows.to_str().unwrap()],
        "",
    );
    assert_eq!(o.code, Some(1), "{}", o.both());
    for name in ["linked.ron", "passwd.ron"] {
        let at = format!("{}:1:1: error: a symbolic link", flows.join(name).display());
        assert!(o.stdout.contains(&at), "{at}: {}", o.stdout);
    }
    assert!(!o.both().contains("root:"), "the link's target was read");
    let named = flows.join("linked.ron");
    let o = run(
        &data,
        &["--lang", "en", "check", named.to_str().unwrap()],
        "",
    );
    assert_eq!(o.code, Some(1));
    assert!(o.stdout.contains("a symbolic link"), "{}", o.stdout);
    let o = run(&data, &["--flows", flows.to_str().unwrap(), "list"], "");
    assert!(!o.stdout.contains("linked-card"), "{}", o.stdout);
    assert!(o.stderr.contains("linked.ron"), "the skipped file is named");
}

// ---- 9: look-alike and invisible names ----

#[test]
fn look_alike_names_are_one_person_and_invisible_names_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    assert_eq!(plain(data, "Ren\u{e9}", TICK_ID_CARD).code, Some(0));
    // The same name typed with a combining accent is the same person.
    let o = run(data, &["progress", "show", "Rene\u{301}"], "");
    assert_eq!(o.code, Some(0), "{}", o.both());
    assert!(o.stdout.contains("test-card"));
    assert_eq!(plain(data, "Rene\u{301}", "1\nq\n").code, Some(0));
    let list = run(data, &["progress", "list"], "");
    assert_eq!(list.stdout.lines().count(), 1, "{}", list.stdout);
    assert_eq!(
        names_in(&data.join("progress")).len(),
        2,
        "one file and .lock"
    );

    for bad in [
        "a\u{2028}b",
        "\u{2029}",
        "\u{2800}",
        "\u{301}",
        "\u{301}amy",
        "a\u{a0}b",
        "\u{a0}",
        "\u{3000}",
        "\u{200b}",
    ] {
        let o = plain(data, bad, "q\n");
        assert_eq!(o.code, Some(2), "{bad:?} accepted: {}", o.both());
        let o = run(data, &["--lang", "zh-CN", "progress", "show", bad], "");
        assert_eq!(o.code, Some(2), "{bad:?}: {}", o.both());
        assert!(o.stderr.contains("用户名"), "{bad:?}: {}", o.stderr);
    }
    assert_eq!(names_in(&data.join("progress")).len(), 2, "nothing created");
}

// ---- 10: smaller problems ----

#[test]
fn the_data_dir_and_cache_are_private() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("fresh");
    assert_eq!(plain(&data, "amy", TICK_ID_CARD).code, Some(0));
    let o = run(&data, &["--flows", FIXTURES, "search", "ceshi"], "");
    assert_eq!(o.code, Some(0));
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("cache")), 0o700);
    assert_eq!(mode(&data.join("progress")), 0o700);
    assert_eq!(mode(&data.join("progress/amy.ron")), 0o600);
    // A data dir made 0755 by hand is tightened on the next save.
    fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(plain(&data, "amy", "1\nq\n").code, Some(0));
    assert_eq!(mode(&data), 0o700);
}

#[test]
fn a_byte_order_mark_is_accepted_in_flows_and_progress_files() {
    let tmp = tempfile::tempdir().unwrap();
    let flows = tmp.path().join("flows");
    fs::create_dir(&flows).unwrap();
    let card = test_card();
    fs::write(flows.join("bom.ron"), format!("\u{feff}{card}")).unwrap();
    let data = tmp.path().join("data");
    let o = run(
        &data,
        &["--lang", "en", "check", flows.to_str().unwrap()],
        "",
    );
    assert_eq!(o.code, Some(0), "{}", o.both());

    assert_eq!(plain(&data, "amy", TICK_ID_CARD).code, Some(0));
    let file = data.join("progress/amy.ron");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, format!("\u{feff}{text}")).unwrap();
    let o = run(&data, &["progress", "show", "amy"], "");
    assert_eq!(o.code, Some(0), "{}", o.both());
    assert!(o.stdout.contains("test-card"));
    assert!(
        names_in(&data.join("progress"))
            .iter()
            .all(|n| !n.contains("corrupt"))
    );
}

#[test]
fn a_duplicate_flow_key_in_a_progress_file_is_reported_and_the_file_moved_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    assert_eq!(plain(data, "amy", TICK_ID_CARD).code, Some(0));
    let file = data.join("progress/amy.ron");
    let text = fs::read_to_string(&file).unwrap();
    let record = text
        .split_once("flows: {\n")
        .unwrap()
        .1
        .rsplit_once("\n    },")
        .unwrap()
        .0;
    let twice = text.replace(record, &format!("{record}\n{record}"));
    fs::write(&file, twice).unwrap();
    let o = run(data, &["--lang", "en", "progress", "show", "amy"], "");
    assert!(
        o.stderr.contains("\"test-card\" appears twice"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("moved to"), "{}", o.stderr);
    assert!(
        names_in(&data.join("progress"))
            .iter()
            .any(|n| n.starts_with("amy.ron.corrupt-"))
    );
}

#[test]
fn a_huge_progress_file_is_refused_fast_and_moved_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    fs::create_dir_all(data.join("progress")).unwrap();
    // 8 million tick ids (40 MB): this took 2.8 GB to open.
    let mut text = String::from("(schema: 2, flows: {\"f\": (updated: 1, ticks: {\"s\": [");
    text.push_str(&"\"t\",".repeat(8_000_000));
    text.push_str("]})})");
    fs::write(data.join("progress/big.ron"), text).unwrap();
    let o = run(data, &["--lang", "en", "progress", "list"], "");
    assert!(o.stderr.contains("over the limit"), "{}", o.stderr);
    let o = run(data, &["--lang", "en", "progress", "show", "big"], "");
    eprintln!("opening 8M tick ids took {:?}", o.took);
    assert!(o.took < Duration::from_secs(2), "{:?}", o.took);
    assert!(
        o.stderr.contains("over the limit of 1048576"),
        "{}",
        o.stderr
    );
    assert!(
        names_in(&data.join("progress"))
            .iter()
            .any(|n| n.starts_with("big.ron.corrupt-"))
    );

    // Under the byte limit but over the id limit (150,000 ids: 30,000
    // steps of 4 ticks).
    let mut text = String::from("(schema: 2, flows: {\"f\": (updated: 1, ticks: {");
    for i in 0..30_000 {
        text.push_str(&format!("\"{i:x}\":[\"a\",\"b\",\"c\",\"d\"],"));
    }
    text.push_str("})})");
    assert!(text.len() < 1 << 20);
    fs::write(data.join("progress/many.ron"), text).unwrap();
    let o = run(data, &["--lang", "en", "progress", "show", "many"], "");
    assert!(
        o.stderr.contains("ids, over the limit of 100000"),
        "{}",
        o.stderr
    );
}

#[test]
fn progress_list_says_what_show_really_does() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    fs::create_dir_all(data.join("progress")).unwrap();
    let newer = data.join("progress/new.ron");
    fs::write(&newer, "(schema: 99, flows: {})").unwrap();
    let o = run(data, &["--lang", "en", "progress", "list"], "");
    assert!(!o.stderr.contains("moves it aside"), "{}", o.stderr);
    assert!(o.stderr.contains("says what to do"), "{}", o.stderr);
    // show leaves a newer file untouched and says so.
    let o = run(data, &["--lang", "en", "progress", "show", "new"], "");
    assert_eq!(o.code, Some(1));
    assert!(o.stderr.contains("left untouched"), "{}", o.stderr);
    assert!(newer.exists());
}

// ---- 6: flow size ----

/// The fixture flow on its own: without its `related` line (which names a
/// flow these tests do not copy), so positions are those of the file as it
/// was before that line.
fn test_card() -> String {
    fs::read_to_string(Path::new(FIXTURES).join("test-card.ron"))
        .unwrap()
        .replace("    related: [\"test-remote\"],\n", "")
}

fn big_flow(steps: usize) -> String {
    let mut s = String::from(
        "Flow(\n    id: \"big\",\n    title: (zh: \"大流程\", en: \"Big flow\"),\n    summary: (zh: \"很多步骤\", en: \"Many steps\"),\n    category: Card,\n    keywords: [\"big\"],\n    sources: [\"test\"],\n    reviewed: \"2026-11-15\",\n    region_note: (zh: \"请拨打 12333 确认。\", en: \"Call 12333 to confirm.\"),\n    steps: [\n",
    );
    for i in 0..steps {
        if i % 10 == 5 {
            s.push_str(&format!("        (id: \"s{i}\", title: (zh: \"清单{i}\", en: \"List {i}\"), kind: Checklist(items: [(id: \"a\", label: (zh: \"身份证\", en: \"ID card\"), material: (originals: 1, at: Bank))])),\n"));
        } else {
            s.push_str(&format!("        (id: \"s{i}\", title: (zh: \"步骤{i}\", en: \"Step {i}\"), body: [(zh: \"说明{i}\", en: \"Text {i}\")]),\n"));
        }
    }
    s.push_str("    ],\n)\n");
    s
}

#[test]
fn flow_files_are_bounded_in_size_and_steps_with_a_position() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let dir = tmp.path().join("ok");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("big.ron"), big_flow(10_000)).unwrap();
    let o = run(&data, &["--lang", "en", "check", dir.to_str().unwrap()], "");
    assert_eq!(
        o.code,
        Some(0),
        "a 10,000-step flow is accepted: {}",
        o.both()
    );

    let dir = tmp.path().join("too-many");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("big.ron"), big_flow(20_001)).unwrap();
    let o = run(&data, &["--lang", "en", "check", dir.to_str().unwrap()], "");
    assert_eq!(o.code, Some(1));
    assert!(
        o.stdout
            .contains("big.ron:10:5: error: the flow has 20001 steps, over the limit of 20000"),
        "{}",
        o.stdout
    );

    let dir = tmp.path().join("too-big");
    fs::create_dir(&dir).unwrap();
    let mut huge = big_flow(1);
    huge.push_str(&"// padding\n".repeat(800_000));
    fs::write(dir.join("huge.ron"), huge).unwrap();
    mkfifo(&dir.join("fifo.ron"));
    let o = run(&data, &["--lang", "en", "check", dir.to_str().unwrap()], "");
    assert_eq!(o.code, Some(1));
    assert!(
        o.stdout.contains("huge.ron:1:1: error: the file is"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("over the limit"), "{}", o.stdout);
    assert!(
        o.stdout.contains("fifo.ron:1:1: error: not a regular file"),
        "{}",
        o.stdout
    );
}

#[test]
fn a_10000_step_flow_is_printed_in_under_a_second() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("flows");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("big.ron"), big_flow(10_000)).unwrap();
    let data = tmp.path().join("data");
    let o = run(
        &data,
        &["--flows", dir.to_str().unwrap(), "print", "big"],
        "",
    );
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    eprintln!("printing 10,000 steps took {:?}", o.took);
    assert!(o.took < Duration::from_secs(1), "{:?}", o.took);
}

#[test]
fn duplicate_ids_are_reported_at_the_duplicate() {
    let tmp = tempfile::tempdir().unwrap();
    let flows = tmp.path().join("flows");
    fs::create_dir(&flows).unwrap();
    let card = test_card();
    // Step "papers" (line 43) takes the id of "online-how" (line 34); option
    // "web" (line 38) that of "app" (line 37).
    let dup = card
        .replace("id: \"papers\"", "id: \"online-how\"")
        .replace("(id: \"web\"", "(id: \"app\"");
    fs::write(flows.join("dup.ron"), dup).unwrap();
    let o = run(
        tmp.path(),
        &["--lang", "en", "check", flows.to_str().unwrap()],
        "",
    );
    assert_eq!(o.code, Some(1));
    assert!(
        o.stdout
            .contains("dup.ron:43:13: error: duplicate step id \"online-how\""),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout
            .contains("dup.ron:38:22: error: duplicate option id \"app\""),
        "{}",
        o.stdout
    );
}
