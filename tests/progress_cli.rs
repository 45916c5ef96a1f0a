//! `banshi progress list|show|reset|export`, running the real binary against
//! a temporary `--data-dir`.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use banshi::date::Date;
use banshi::engine::Session;
use banshi::flow::{Catalog, Flow};
use banshi::store::Store;

const FLOW: &str = "card-replace-activate";

fn flow() -> Arc<Flow> {
    let catalog = Catalog::load(None, Date::today());
    Arc::new(catalog.get(FLOW).expect("shipped flow").clone())
}

fn banshi(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_banshi"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("BANSHI_DATA_DIR")
        .env_remove("BANSHI_LANG")
        .stdin(Stdio::null())
        .output()
        .expect("run banshi")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Saves progress for `name`: the "bank" route with the ID card ticked.
/// A second flow id (`copy`) gets a fresh start when asked.
fn save(data: &Path, name: &str, with_copy: bool) -> Session {
    let store = Store::open(Some(data)).unwrap();
    let mut user = store.open_user(name).unwrap();
    let mut s = user.resume(flow());
    s.advance().unwrap();
    s.choose("bank").unwrap();
    s.toggle("bank", "id-card").unwrap();
    user.save(&s).unwrap();
    if with_copy {
        let mut copy = (*flow()).clone();
        copy.id = "copy".into();
        let c = user.resume(Arc::new(copy));
        user.save(&c).unwrap();
    }
    s
}

#[test]
fn list_shows_users_flows_done_total_and_last_activity() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = banshi(tmp.path(), &["--lang", "en", "progress", "list"]);
    assert_eq!(empty.status.code(), Some(0), "{}", err(&empty));
    assert_eq!(out(&empty), "");
    assert!(
        err(&empty).contains("No saved progress yet"),
        "{}",
        err(&empty)
    );

    let s = save(tmp.path(), "王芳", true);
    save(tmp.path(), "Mary Ann", false);
    let p = s.progress();
    let o = banshi(tmp.path(), &["progress", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let store = Store::open(Some(tmp.path())).unwrap();
    let day = |name: &str, flow: &str| {
        let secs = store
            .open_user(name)
            .unwrap()
            .in_progress()
            .into_iter()
            .find(|f| f.flow_id == flow)
            .unwrap()
            .last_activity;
        // Local date and time, as the command prints it.
        banshi::local_time::date_time(secs)
    };
    let done = format!("{}/{}", p.done, p.total);
    let expected = [
        format!("Mary Ann\t{FLOW}\t{done}\t{}", day("Mary Ann", FLOW)),
        // Most recent first; "copy" is not a known flow, so no done/total.
        format!("王芳\tcopy\t-\t{}", day("王芳", "copy")),
        format!("王芳\t{FLOW}\t{done}\t{}", day("王芳", FLOW)),
    ];
    let listed = out(&o);
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 3, "{}", out(&o));
    assert_eq!(lines[0], expected[0]);
    // The two flows of 王芳 may share a timestamp; both lines are there.
    assert!(lines[1..].contains(&expected[1].as_str()), "{}", out(&o));
    assert!(lines[1..].contains(&expected[2].as_str()), "{}", out(&o));
}

#[test]
fn show_describes_a_users_progress_in_their_language() {
    let tmp = tempfile::tempdir().unwrap();
    save(tmp.path(), "王芳", false);
    let o = banshi(tmp.path(), &["--lang", "en", "progress", "show", "王芳"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    assert!(text.starts_with("王芳\n"), "{text}");
    assert!(text.contains("王芳.ron"), "{text}");
    assert!(
        text.contains("Current step: Activate the banking function at the bank"),
        "{text}"
    );
    assert!(
        text.contains("Which function do you want to switch on?: "),
        "{text}"
    );
    assert!(text.contains("Ticked: 1/"), "{text}");

    let zh = banshi(tmp.path(), &["--lang", "zh-CN", "progress", "show", "王芳"]);
    assert!(
        out(&zh).contains("当前步骤: 到银行激活金融功能"),
        "{}",
        out(&zh)
    );
}

#[test]
fn unknown_users_and_bad_names_are_misuse() {
    let tmp = tempfile::tempdir().unwrap();
    save(tmp.path(), "王芳", false);
    for args in [
        &["--lang", "en", "progress", "show", "李雷"][..],
        &["--lang", "en", "progress", "export", "nobody"],
        &["--lang", "en", "progress", "reset", "nobody", "--yes"],
    ] {
        let o = banshi(tmp.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(err(&o).contains("no saved progress for"), "{}", err(&o));
        assert!(err(&o).contains("banshi progress list"), "{}", err(&o));
    }
    for bad in ["../王芳", ".hidden", ""] {
        // Store messages follow the chosen language now.
        let o = banshi(tmp.path(), &["--lang", "en", "progress", "show", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        assert!(err(&o).contains("cannot be used"), "{}", err(&o));
    }
}

#[test]
fn export_writes_the_progress_as_ron() {
    let tmp = tempfile::tempdir().unwrap();
    save(tmp.path(), "王芳", false);
    let o = banshi(tmp.path(), &["progress", "export", "王芳"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    let value: ron::Value = ron::from_str(&text).expect("export is RON");
    let ron::Value::Map(map) = value else {
        panic!("{text}")
    };
    assert!(
        map.iter()
            .any(|(k, v)| *k == ron::Value::String("schema".into())
                && *v == ron::Value::Number((banshi::store::SCHEMA as u8).into())),
        "{text}"
    );
    assert!(text.contains("\"function\": \"bank\""), "{text}");
    assert!(text.contains("\"id-card\""), "{text}");
}

#[test]
fn reset_asks_refuses_without_a_terminal_and_deletes_with_yes() {
    let tmp = tempfile::tempdir().unwrap();
    save(tmp.path(), "王芳", true);
    let file = tmp.path().join("progress").join("王芳.ron");

    let o = banshi(tmp.path(), &["--lang", "en", "progress", "reset", "王芳"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("add --yes"), "{}", err(&o));
    assert!(file.exists());

    let o = banshi(
        tmp.path(),
        &[
            "--lang",
            "en",
            "progress",
            "reset",
            "王芳",
            "no-such-flow",
            "--yes",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("no progress in \"no-such-flow\""),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains(FLOW), "{}", err(&o));

    let o = banshi(tmp.path(), &["progress", "reset", "王芳", "copy", "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let listed = out(&banshi(tmp.path(), &["progress", "list"]));
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.starts_with(&format!("王芳\t{FLOW}\t")), "{listed}");

    let o = banshi(
        tmp.path(),
        &["--lang", "en", "progress", "reset", "王芳", "--yes"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        err(&o).contains("Deleted all saved progress"),
        "{}",
        err(&o)
    );
    assert!(!file.exists());
    assert_eq!(out(&banshi(tmp.path(), &["progress", "list"])), "");
}

#[test]
fn an_unreadable_file_is_named_and_moved_aside_not_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    save(tmp.path(), "王芳", false);
    let dir = tmp.path().join("progress");
    std::fs::write(dir.join("王芳.ron"), "(schema: 2, flows: {\"x\": (").unwrap();

    let o = banshi(tmp.path(), &["--lang", "en", "progress", "list"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        err(&o).contains("王芳: the progress file cannot be read"),
        "{}",
        err(&o)
    );
    assert!(dir.join("王芳.ron").exists(), "listing must not move files");

    let o = banshi(tmp.path(), &["--lang", "en", "progress", "show", "王芳"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("moved to"), "{}", err(&o));
    let moved: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("王芳.ron.corrupt-"))
        .collect();
    assert_eq!(moved.len(), 1);
    assert!(err(&o).contains(&moved[0]), "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(dir.join(&moved[0])).unwrap(),
        "(schema: 2, flows: {\"x\": ("
    );
}

/// Runs `banshi ARGS` in a pseudo-terminal, types `input`, and returns the
/// exit code and everything it printed.
#[cfg(unix)]
fn banshi_in_terminal(data: &Path, args: &[&str], input: &str) -> (u32, String) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_banshi"));
    cmd.arg("--data-dir");
    cmd.arg(data);
    for a in args {
        cmd.arg(a);
    }
    cmd.env_remove("BANSHI_DATA_DIR");
    cmd.env_remove("BANSHI_LANG");
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let collected = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 1024];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&all).into_owned()
    });
    let mut writer = pair.master.take_writer().unwrap();
    writer.write_all(input.as_bytes()).unwrap();
    writer.flush().unwrap();
    let status = child.wait().unwrap();
    drop(writer);
    drop(pair.master);
    (status.exit_code(), collected.join().unwrap())
}

#[cfg(unix)]
#[test]
fn reset_in_a_terminal_deletes_only_after_yes() {
    let tmp = tempfile::tempdir().unwrap();
    save(tmp.path(), "王芳", false);
    let file = tmp.path().join("progress").join("王芳.ron");

    let (code, text) = banshi_in_terminal(
        tmp.path(),
        &["--lang", "en", "progress", "reset", "王芳"],
        "n\r",
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("Delete all saved progress of \"王芳\"? [y/N]"),
        "{text}"
    );
    assert!(text.contains("Nothing was deleted."), "{text}");
    assert!(file.exists());

    let (code, text) = banshi_in_terminal(
        tmp.path(),
        &["--lang", "en", "progress", "reset", "王芳"],
        "y\r",
    );
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Deleted all saved progress"), "{text}");
    assert!(!file.exists());
}
