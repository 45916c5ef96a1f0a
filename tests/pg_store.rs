//! The PostgreSQL team store against a real server (`BANSHI_TEST_PG`): the
//! same promises as the progress folder, migrations, the server going away
//! and coming back, passwords never shown, and `progress copy` between the
//! stores through the real binary.

mod pg_support;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use banshi::date::Date;
use banshi::engine::Session;
use banshi::flow::{Catalog, Flow, Lang, StepKind, Text};
use banshi::store::backend::{self, FlowRecord, Imported, ProgressStore, UserProgress};
use banshi::store::postgres::{PgStore, SCHEMA};
use banshi::store::{Notice, Store, StoreError};
use pg_support::{Schema, server};

const FLOW: &str = "card-replace-activate";

fn flow() -> Arc<Flow> {
    let catalog = Catalog::load(None, Date::today());
    Arc::new(catalog.get(FLOW).expect("shipped flow").clone())
}

fn other_flow() -> Arc<Flow> {
    let mut f = (*flow()).clone();
    f.id = "second-flow".into();
    Arc::new(f)
}

/// Answers "bank" and ticks the ID card.
fn worked(user: &mut dyn UserProgress, flow: Arc<Flow>) -> Session {
    let mut s = user.resume(flow);
    s.advance().unwrap();
    s.choose("bank").unwrap();
    s.toggle("bank", "id-card").unwrap();
    s
}

fn open(url: &str) -> PgStore {
    let local = tempfile::tempdir().unwrap().keep();
    PgStore::open(url, local).unwrap()
}

macro_rules! need_server {
    ($name:expr) => {
        match server($name) {
            Some(url) => url,
            None => return,
        }
    };
}

#[test]
fn opening_creates_the_tables_once_and_refuses_a_newer_schema() {
    let admin = need_server!("opening_creates_the_tables_once_and_refuses_a_newer_schema");
    let schema = Schema::new(&admin, "migrate");
    let store = open(&schema.url);
    assert_eq!(store.schema_version().unwrap(), SCHEMA);
    // Opening again (twenty counters starting at once) changes nothing.
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let url = schema.url.clone();
            std::thread::spawn(move || open(&url).schema_version().unwrap())
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), SCHEMA);
    }
    let mut user = store.open_person("王芳").unwrap();
    let s = worked(&mut user, flow());
    UserProgress::save(&mut user, &s).unwrap();

    // A newer banshi migrated the tables: refused, nothing touched.
    let mut c = schema.client();
    c.execute("UPDATE banshi_schema SET version = 99", &[])
        .unwrap();
    let err = PgStore::open(&schema.url, tempfile::tempdir().unwrap().keep()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("schema 99"), "{msg}");
    assert!(msg.contains("update banshi"), "{msg}");
    assert!(msg.contains("database postgres"), "{msg}");
    let rows: i64 = c
        .query_one("SELECT count(*) FROM banshi_progress", &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 1);
    let v: i32 = c
        .query_one("SELECT version FROM banshi_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(v, 99);
}

#[test]
fn a_save_replaces_only_its_procedure_and_stores_ids_only() {
    let admin = need_server!("a_save_replaces_only_its_procedure_and_stores_ids_only");
    let schema = Schema::new(&admin, "perflow");
    let store = open(&schema.url);
    let mut a = store.open_user("王芳").unwrap();
    let mut b = store.open_user("王芳").unwrap();
    let sa = worked(a.as_mut(), flow());
    a.save(&sa).unwrap();
    let sb = worked(b.as_mut(), other_flow());
    b.save(&sb).unwrap();
    assert!(a.take_notices().is_empty() && b.take_notices().is_empty());

    let fresh = store.open_user("王芳").unwrap();
    let flows: Vec<_> = fresh.in_progress().into_iter().map(|f| f.flow_id).collect();
    assert_eq!(flows.len(), 2, "{flows:?}");
    let mut again = store.open_user("王芳").unwrap();
    assert_eq!(again.resume(flow()).state(), sa.state());
    assert_eq!(again.resume(other_flow()).state(), sb.state());

    // Names are kept apart exactly as in the folder store.
    assert!(!store.open_user("wang").unwrap().has_progress());
    assert!(matches!(
        store.open_user("../etc").unwrap_err(),
        StoreError::Name { .. }
    ));

    // Only ids, counters and times.
    let mut c = schema.client();
    let row = c
        .query_one(
            "SELECT person, flow_id, answers::text, ticks::text, current_step, revision
             FROM banshi_progress WHERE flow_id = $1",
            &[&FLOW],
        )
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "王芳");
    assert_eq!(row.get::<_, String>(2), r#"{"function": "bank"}"#);
    assert_eq!(row.get::<_, String>(3), r#"{"bank": ["id-card"]}"#);
    assert_eq!(row.get::<_, Option<String>>(4).as_deref(), Some("bank"));
    assert_eq!(row.get::<_, i64>(5), 1);

    // progress list reads everyone; reset removes one procedure, then all.
    let users = store.users().unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].flows.len(), 2);
    assert!(again.reset(Some("second-flow")).unwrap());
    assert_eq!(store.open_user("王芳").unwrap().in_progress().len(), 1);
    assert!(again.reset(None).unwrap());
    assert!(store.users().unwrap().is_empty());
}

#[test]
fn the_later_change_to_one_procedure_wins_and_that_counter_is_told() {
    let admin = need_server!("the_later_change_to_one_procedure_wins_and_that_counter_is_told");
    let schema = Schema::new(&admin, "cas");
    let store = open(&schema.url);
    let mut counter3 = store.open_user("王芳").unwrap();
    let mut counter5 = store.open_user("王芳").unwrap();
    let mut s3 = counter3.resume(flow());
    let mut s5 = counter5.resume(flow());

    s3.advance().unwrap();
    s3.choose("bank").unwrap();
    counter3.save(&s3).unwrap();
    assert!(counter3.take_notices().is_empty());

    // Counter 5 had not seen that: its change wins, and it is told.
    s5.advance().unwrap();
    s5.choose("both").unwrap();
    counter5.save(&s5).unwrap();
    let told = counter5.take_notices();
    assert!(
        matches!(told.as_slice(), [Notice::ChangedElsewhere { flow_id, .. }] if flow_id == FLOW),
        "{told:?}"
    );
    assert!(told[0].message(Lang::En).contains("another terminal"));
    let mut check = store.open_user("王芳").unwrap();
    assert_eq!(check.resume(flow()).answer_of("function"), Some("both"));

    // Counter 5 goes on without a notice; counter 3 is told on its next save.
    s5.toggle("bank", "id-card").ok();
    counter5.save(&s5).unwrap();
    assert!(counter5.take_notices().is_empty());
    s3.toggle("bank", "id-card").unwrap();
    counter3.save(&s3).unwrap();
    assert_eq!(counter3.take_notices().len(), 1);
    let mut check = store.open_user("王芳").unwrap();
    assert_eq!(check.resume(flow()).answer_of("function"), Some("bank"));
}

#[test]
fn an_edited_flow_is_told_once() {
    let admin = need_server!("an_edited_flow_is_told_once");
    let schema = Schema::new(&admin, "revision");
    let store = open(&schema.url);
    let mut user = store.open_user("王芳").unwrap();
    let session = worked(user.as_mut(), flow());
    user.save(&session).unwrap();

    let mut edited = (*flow()).clone();
    let at = edited.step_index("trouble").unwrap();
    let mut added = edited.steps[0].clone();
    added.id = "appointment".into();
    added.title = Text::new("预约", "Book an appointment");
    added.kind = StepKind::Info;
    added.next = None;
    edited.steps.insert(at, added);
    let edited = Arc::new(edited);

    let mut user = store.open_user("王芳").unwrap();
    let resumed = user.resume(Arc::clone(&edited));
    assert_eq!(resumed.state(), session.state());
    let notices = user.take_notices();
    assert!(
        matches!(notices.as_slice(), [Notice::FlowChanged { added, .. }] if added == &[Text::new("预约", "Book an appointment")]),
        "{notices:?}"
    );
    assert!(notices[0].message(Lang::ZhCn).contains("新增了一步：预约"));
    // Once: neither this session nor another counter is told again.
    user.resume(Arc::clone(&edited));
    assert!(user.take_notices().is_empty());
    let mut other = store.open_user("王芳").unwrap();
    other.resume(Arc::clone(&edited));
    assert!(other.take_notices().is_empty());
}

#[test]
fn errors_name_host_and_database_never_the_password() {
    // No server needed: nothing listens on port 1.
    for spec in [
        "postgres://staff:Hunter2-secret@127.0.0.1:1/hall?connect_timeout=2",
        "host=127.0.0.1 port=1 dbname=hall user=staff password='Hunter2-secret' connect_timeout=2",
    ] {
        let err = backend::open(Some(spec), Some(tempfile::tempdir().unwrap().path())).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("host 127.0.0.1 port 1"), "{msg}");
        assert!(msg.contains("database hall"), "{msg}");
        assert!(!msg.contains("Hunter2"), "{msg}");
        assert!(!format!("{err:?}").contains("Hunter2"), "{err:?}");
    }
    // Through the binary too, with the password in PGPASSWORD.
    let out = Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args([
            "--store",
            "postgres://staff:Hunter2-secret@127.0.0.1:1/hall",
            "progress",
            "list",
        ])
        .env("PGPASSWORD", "Other-Hunter3")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("database hall"), "{stderr}");
    assert!(!stderr.contains("Hunter"), "{stderr}");
    // A wrong password: the server's refusal, without the password.
    if let Some(admin) = std::env::var("BANSHI_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty())
    {
        let bad = admin.replacen("postgres://", "postgres://nosuchrole:Hunter2-secret@", 1);
        let bad = bad.replacen("postgres@", "", 1);
        if let Err(e) = PgStore::open(&bad, tempfile::tempdir().unwrap().keep()) {
            let msg = e.to_string();
            assert!(!msg.contains("Hunter2"), "{msg}");
        }
    }
}

/// A TCP relay to the real server that can be switched off and on: the
/// server "goes away" without stopping the shared test cluster.
struct Relay {
    port: u16,
    up: Arc<AtomicBool>,
    conns: Arc<Mutex<Vec<TcpStream>>>,
}

impl Relay {
    fn new(target: u16) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let conns = Arc::new(Mutex::new(Vec::new()));
        let (up2, conns2) = (Arc::clone(&up), Arc::clone(&conns));
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if !up2.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                    continue;
                };
                let mut list = conns2.lock().unwrap();
                list.push(client.try_clone().unwrap());
                list.push(server.try_clone().unwrap());
                for (mut from, mut to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    std::thread::spawn(move || {
                        let mut buf = [0u8; 16384];
                        while let Ok(n) = from.read(&mut buf) {
                            if n == 0 || to.write_all(&buf[..n]).is_err() {
                                break;
                            }
                        }
                        let _ = to.shutdown(Shutdown::Both);
                    });
                }
            }
        });
        Relay { port, up, conns }
    }

    fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        for c in self.conns.lock().unwrap().drain(..) {
            let _ = c.shutdown(Shutdown::Both);
        }
    }

    fn back(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

fn port_of(url: &str) -> u16 {
    let after = url.split('@').nth(1).unwrap();
    let hostport = after.split('/').next().unwrap();
    hostport.rsplit(':').next().unwrap().parse().unwrap()
}

#[test]
fn while_the_server_is_away_nothing_is_lost_and_it_saves_when_back() {
    let admin = need_server!("while_the_server_is_away_nothing_is_lost_and_it_saves_when_back");
    let schema = Schema::new(&admin, "away");
    let relay = Relay::new(port_of(&admin));
    let url = schema.url.replacen(
        &format!(":{}/", port_of(&admin)),
        &format!(":{}/", relay.port),
        1,
    );
    let data = tempfile::tempdir().unwrap();
    let store = backend::open_for_wizard(Some(&url), Some(data.path())).unwrap();
    let mut user = store.open_user("王芳").unwrap();
    let mut s = user.resume(flow());
    s.advance().unwrap();
    user.save(&s).unwrap();

    relay.down();
    s.choose("bank").unwrap();
    let err = user.save(&s).unwrap_err().to_string();
    assert!(err.starts_with("not saving"), "{err}");
    assert!(err.contains("database postgres"), "{err}");
    let pending = data.path().join("pending/王芳.ron");
    assert!(pending.is_file(), "{err}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pending).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    s.toggle("bank", "id-card").unwrap();
    assert!(user.save(&s).is_err());

    // A new start while the server is still away resumes from this machine.
    let away = backend::open_for_wizard(Some(&url), Some(data.path())).unwrap();
    let mut again = away.open_user("王芳").unwrap();
    assert_eq!(again.resume(flow()).state(), s.state());
    drop(again);
    drop(away);

    // The server comes back: the background retry saves without a keypress.
    relay.back();
    let start = Instant::now();
    while pending.exists() && start.elapsed() < Duration::from_secs(15) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!pending.exists(), "still not saved after 15 s");
    let direct = open(&schema.url);
    let mut check = direct.open_user("王芳").unwrap();
    assert_eq!(check.resume(flow()).state(), s.state());
    // And the session goes on saving normally.
    s.toggle("bank", "id-card").unwrap();
    user.save(&s).unwrap();
}

// ---- progress copy, through the binary ----

fn banshi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(args)
        .env_remove("BANSHI_DATA_DIR")
        .env_remove("BANSHI_STORE")
        .env("BANSHI_LANG", "en")
        .stdin(Stdio::null())
        .output()
        .expect("run banshi")
}

fn lines(o: &Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

fn file_store(dir: &Path) -> Store {
    Store::open(Some(dir)).unwrap()
}

#[test]
fn copy_moves_files_to_the_team_store_and_back_never_over_a_newer_record() {
    let admin =
        need_server!("copy_moves_files_to_the_team_store_and_back_never_over_a_newer_record");
    let schema = Schema::new(&admin, "copy");
    let files = tempfile::tempdir().unwrap();
    let fs = file_store(files.path());
    for name in ["王芳", "Mary Ann"] {
        let mut u = ProgressStore::open_user(&fs, name).unwrap();
        let s = worked(u.as_mut(), flow());
        u.save(&s).unwrap();
    }
    let mut u = ProgressStore::open_user(&fs, "王芳").unwrap();
    let s = worked(u.as_mut(), other_flow());
    u.save(&s).unwrap();
    let from = format!("file:{}", files.path().display());

    let first = banshi(&["progress", "copy", &from, &schema.url]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let mut got = lines(&first);
    got.sort();
    assert_eq!(
        got,
        [
            format!("copied\tMary Ann\t{FLOW}"),
            format!("copied\t王芳\t{FLOW}"),
            "copied\t王芳\tsecond-flow".to_string(),
        ]
    );
    assert!(String::from_utf8_lossy(&first.stderr).contains("3 copied, 0 skipped"));

    // Idempotent.
    let second = banshi(&["progress", "copy", &from, &schema.url]);
    assert!(
        lines(&second).iter().all(|l| l.starts_with("skipped\t")),
        "{:?}",
        lines(&second)
    );
    assert_eq!(lines(&second).len(), 3);

    // A counter changes 王芳 in the team store: the older file is refused.
    std::thread::sleep(Duration::from_millis(1100));
    let team = open(&schema.url);
    let mut w = team.open_user("王芳").unwrap();
    let mut s = w.resume(flow());
    s.toggle("bank", "id-card").unwrap();
    w.save(&s).unwrap();
    let third = banshi(&["progress", "copy", &from, &schema.url]);
    assert!(
        lines(&third).contains(&format!("refused\t王芳\t{FLOW}")),
        "{:?}",
        lines(&third)
    );
    let mut check = team.open_user("王芳").unwrap();
    assert_eq!(check.resume(flow()).state(), s.state());

    // And back to files: the newer team record replaces the file's.
    let back = banshi(&["progress", "copy", &schema.url, &from]);
    assert!(
        lines(&back).contains(&format!("copied\t王芳\t{FLOW}")),
        "{:?}",
        lines(&back)
    );
    let mut f = ProgressStore::open_user(&file_store(files.path()), "王芳").unwrap();
    assert_eq!(f.resume(flow()).state(), s.state());

    // To a fresh folder: the same records, ids and times.
    let out_dir = tempfile::tempdir().unwrap();
    let to = format!("file:{}", out_dir.path().display());
    let last = banshi(&["progress", "copy", &schema.url, &to]);
    assert_eq!(lines(&last).len(), 3);
    let strip = |r: Vec<FlowRecord>| {
        let mut r: Vec<_> = r
            .into_iter()
            .map(|r| FlowRecord { saves: 0, ..r })
            .collect();
        r.sort_by(|a, b| a.flow_id.cmp(&b.flow_id));
        r
    };
    for name in ["王芳", "Mary Ann"] {
        let a = team.open_user(name).unwrap().records();
        let b = ProgressStore::open_user(&file_store(out_dir.path()), name)
            .unwrap()
            .records();
        assert_eq!(strip(a), strip(b), "{name}");
    }

    // list, show and export work on the team store as on files.
    let list = banshi(&["--store", &schema.url, "progress", "list"]);
    assert_eq!(lines(&list).len(), 3, "{:?}", lines(&list));
    let show = banshi(&["--store", &schema.url, "progress", "show", "Mary Ann"]);
    assert!(String::from_utf8_lossy(&show.stdout).contains(FLOW));
    let export = banshi(&["--store", &schema.url, "progress", "export", "王芳"]);
    assert!(
        String::from_utf8_lossy(&export.stdout)
            .contains(&format!("schema: {}", banshi::store::SCHEMA))
    );
    let reset = banshi(&[
        "--store",
        &schema.url,
        "progress",
        "reset",
        "Mary Ann",
        "--yes",
    ]);
    assert!(reset.status.success());
    assert_eq!(
        lines(&banshi(&["--store", &schema.url, "progress", "list"])).len(),
        2
    );
}

#[test]
fn import_decisions() {
    let base = FlowRecord {
        flow_id: FLOW.into(),
        updated: 100,
        ..FlowRecord::default()
    };
    let mut newer = base.clone();
    newer.updated = 200;
    newer.current = Some("bank".into());
    assert_eq!(backend::import_decision(None, &base), Imported::Copied);
    assert_eq!(
        backend::import_decision(Some(&base), &base),
        Imported::Skipped
    );
    assert_eq!(
        backend::import_decision(Some(&base), &newer),
        Imported::Copied
    );
    assert_eq!(
        backend::import_decision(Some(&newer), &base),
        Imported::Refused
    );
}

// ---- TLS ----

/// Whether the store's connection (found by its application_name) is
/// encrypted, as the server sees it.
fn encrypted(admin: &str, app: &str) -> bool {
    let mut c = postgres::Client::connect(admin, postgres::NoTls).unwrap();
    c.query_one(
        "SELECT coalesce(bool_or(s.ssl), false) FROM pg_stat_activity a
         JOIN pg_stat_ssl s USING (pid) WHERE a.application_name = $1",
        &[&app],
    )
    .unwrap()
    .get(0)
}

#[test]
fn tls_require_and_verify_full() {
    let admin = need_server!("tls_require_and_verify_full");
    let Some(ca) = std::env::var("BANSHI_TEST_PG_CA")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        // The server has no certificate (scripts/pg-cluster.sh makes one
        // when openssl is there); CI has it.
        assert!(
            std::env::var("BANSHI_REQUIRE_PG").is_err(),
            "BANSHI_TEST_PG_CA is not set: the TLS test cannot run"
        );
        return;
    };
    let schema = Schema::new(&admin, "tls");
    let port = port_of(&admin);
    let search = format!("options=-csearch_path%3D{}", schema.name);
    let local = || tempfile::tempdir().unwrap().keep();

    let app = format!("banshi_tls_req_{}", std::process::id());
    let require = format!(
        "postgres://postgres@127.0.0.1:{port}/postgres?sslmode=require&application_name={app}&{search}"
    );
    let store = PgStore::open(&require, local()).unwrap();
    assert!(encrypted(&admin, &app), "sslmode=require did not encrypt");
    drop(store);

    let app = format!("banshi_tls_full_{}", std::process::id());
    let full = format!(
        "host=localhost hostaddr=127.0.0.1 port={port} user=postgres dbname=postgres sslmode=verify-full sslrootcert={ca} application_name={app} options=-csearch_path={}",
        schema.name
    );
    let store = PgStore::open(&full, local()).unwrap();
    let mut user = store.open_person("王芳").unwrap();
    let s = worked(&mut user, flow());
    UserProgress::save(&mut user, &s).unwrap();
    assert!(
        encrypted(&admin, &app),
        "sslmode=verify-full did not encrypt"
    );
    drop(user);
    drop(store);

    // The certificate is for "localhost": verify-full to 127.0.0.1 fails,
    // verify-ca (chain only) passes; an unknown CA fails both.
    let by_ip = format!(
        "postgres://postgres@127.0.0.1:{port}/postgres?sslmode=verify-full&sslrootcert={ca}&{search}"
    );
    let err = PgStore::open(&by_ip, local()).unwrap_err().to_string();
    assert!(err.contains("host 127.0.0.1"), "{err}");
    assert!(err.to_lowercase().contains("certificate"), "{err}");
    let ca_only = by_ip.replace("verify-full", "verify-ca");
    PgStore::open(&ca_only, local()).unwrap();
    let system =
        format!("postgres://postgres@localhost:{port}/postgres?sslmode=verify-full&{search}");
    assert!(PgStore::open(&system, local()).is_err());
}

/// The helpdesk on the team store: a person's language and position are
/// remembered, a closed person is kept but marked closed, a deleted person
/// is gone with their progress, and the steps gone through survive a save.
#[test]
fn the_helpdesk_remembers_closes_and_deletes_people_on_the_team_store() {
    let admin = need_server!("the_helpdesk_remembers_closes_and_deletes_people_on_the_team_store");
    let schema = Schema::new(&admin, "people");
    let store = open(&schema.url);
    let mut wang = store.open_user("王芳").unwrap();
    let s = worked(&mut *wang, flow());
    wang.save(&s).unwrap();
    assert!(wang.is_stored());
    wang.set_person(|p| {
        p.lang = Some("en".into());
        p.at = Some(FLOW.into());
    })
    .unwrap();
    // Someone only switched to (nothing saved yet) is stored once remembered.
    let mut li = store.open_user("李四").unwrap();
    assert!(!li.is_stored());
    li.set_person(|p| p.closed = true).unwrap();

    // Another counter sees all of it.
    let other = open(&schema.url);
    let again = other.open_user("王芳").unwrap();
    assert_eq!(again.person().lang.as_deref(), Some("en"));
    assert_eq!(again.person().at.as_deref(), Some(FLOW));
    let seen = &again.records()[0].seen;
    assert!(!seen.is_empty(), "the steps gone through are kept");
    let users = other.users().unwrap();
    let names: Vec<_> = users.iter().map(|u| (u.name.as_str(), u.closed)).collect();
    assert_eq!(names, vec![("李四", true), ("王芳", false)]);

    // Deleting removes the person and their progress, nobody else's.
    other.delete_user("王芳").unwrap();
    let users = store.users().unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].name, "李四");
    let rows: i64 = schema
        .client()
        .query_one(
            "SELECT count(*) FROM banshi_progress WHERE person = '王芳'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(rows, 0);
}

/// A team store made by the first release (schema 1) is brought up to date
/// in place: its progress stays readable.
#[test]
fn a_schema_one_store_is_migrated_keeping_its_progress() {
    let admin = need_server!("a_schema_one_store_is_migrated_keeping_its_progress");
    let schema = Schema::new(&admin, "schema_one");
    let mut c = schema.client();
    c.batch_execute(banshi::store::postgres::MIGRATIONS[0])
        .unwrap();
    c.batch_execute(
        "CREATE TABLE banshi_schema (version integer NOT NULL);
         INSERT INTO banshi_schema VALUES (1);
         INSERT INTO banshi_progress (person, flow_id, updated, revision, answers, ticks)
         VALUES ('王芳', 'card-replace-activate', 1764720000, 3,
                 '{\"function\": \"bank\"}', '{\"bank\": [\"id-card\"]}')",
    )
    .unwrap();
    let store = open(&schema.url);
    assert_eq!(store.schema_version().unwrap(), SCHEMA);
    let mut user = store.open_user("王芳").unwrap();
    let s = user.resume(flow());
    assert_eq!(
        s.state().answers.get("function").map(String::as_str),
        Some("bank")
    );
    assert!(s.state().ticks["bank"].contains("id-card"));
}

/// The profile on the team store: saved as ids in three checked columns,
/// seen by another counter, a value the table does not allow refused by the
/// server itself, an unknown one (a newer banshi's place) dropped when read,
/// and the whole of it gone when the person's progress is reset.
#[test]
fn the_profile_is_kept_as_ids_on_the_team_store_and_goes_with_the_person() {
    let admin =
        need_server!("the_profile_is_kept_as_ids_on_the_team_store_and_goes_with_the_person");
    let schema = Schema::new(&admin, "profile");
    let store = open(&schema.url);
    let mut wang = store.open_user("王芳").unwrap();
    wang.set_person(|p| {
        p.profile.region = Some("nanjing".into());
        p.profile.insurance = Some("resident".into());
        p.profile.for_whom = Some("child".into());
    })
    .unwrap();
    let other = open(&schema.url);
    let again = other.open_user("王芳").unwrap();
    let p = &again.person().profile;
    assert_eq!(p.region.as_deref(), Some("nanjing"));
    assert_eq!(p.insurance.as_deref(), Some("resident"));
    assert_eq!(p.for_whom.as_deref(), Some("child"));

    let mut c = schema.client();
    let row = c
        .query_one(
            "SELECT region, insurance, for_whom FROM banshi_person WHERE person = '王芳'",
            &[],
        )
        .unwrap();
    let cols: (String, String, String) = (row.get(0), row.get(1), row.get(2));
    assert_eq!(cols, ("nanjing".into(), "resident".into(), "child".into()));
    // Free text never fits: the table refuses it.
    assert!(
        c.execute(
            "UPDATE banshi_person SET insurance = '职工, note' WHERE person = '王芳'",
            &[]
        )
        .is_err()
    );
    assert!(
        c.execute(
            "UPDATE banshi_person SET region = '南京 鼓楼区' WHERE person = '王芳'",
            &[]
        )
        .is_err()
    );
    // A place this build does not know is dropped, never misread.
    c.execute(
        "UPDATE banshi_person SET region = 'atlantis' WHERE person = '王芳'",
        &[],
    )
    .unwrap();
    let third = open(&schema.url);
    let p = third.open_user("王芳").unwrap().person().profile.clone();
    assert_eq!(p.region, None);
    assert_eq!(p.insurance.as_deref(), Some("resident"));

    // Resetting every procedure forgets the person, profile and all.
    let mut wang = third.open_user("王芳").unwrap();
    wang.reset(None).unwrap();
    let n: i64 = c
        .query_one(
            "SELECT count(*) FROM banshi_person WHERE person = '王芳'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
    assert!(
        open(&schema.url)
            .open_user("王芳")
            .unwrap()
            .person()
            .is_empty()
    );
}

/// Opening a procedure saves it unchanged: as in the folder store, that
/// writes nothing, so another counter's next change is not said to have
/// overwritten anything.
#[test]
fn an_unchanged_save_writes_nothing_and_tells_no_other_counter() {
    let admin = need_server!("an_unchanged_save_writes_nothing_and_tells_no_other_counter");
    let schema = Schema::new(&admin, "unchanged");
    let store = open(&schema.url);
    let mut counter3 = store.open_user("王芳").unwrap();
    let mut s3 = worked(counter3.as_mut(), flow());
    counter3.save(&s3).unwrap();

    // Counter 5 opens the procedure and saves it as it found it.
    let mut counter5 = store.open_user("王芳").unwrap();
    let s5 = counter5.resume(flow());
    counter5.save(&s5).unwrap();
    let revision = |c: &mut postgres::Client| -> i64 {
        c.query_one("SELECT revision FROM banshi_progress", &[])
            .unwrap()
            .get(0)
    };
    let mut c = schema.client();
    assert_eq!(revision(&mut c), 1);

    // Counter 3 goes on: nobody else changed anything.
    s3.toggle("bank", "id-card").unwrap();
    counter3.save(&s3).unwrap();
    assert!(counter3.take_notices().is_empty());
    assert!(counter5.take_notices().is_empty());
    assert_eq!(revision(&mut c), 2);
}
