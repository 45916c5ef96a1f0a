//! The PostgreSQL server for the team-store tests: `BANSHI_TEST_PG`
//! (`.ci/run` and `scripts/pg-test.sh` start a throwaway cluster and set it).
//! Each test gets its own schema, so tests run in parallel and leave the
//! server as they found it (the schema is dropped at the end).
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};

/// Without a server: fails in CI (`BANSHI_REQUIRE_PG` or `CI`), else says
/// how to run the test and skips it.
pub fn server(test: &str) -> Option<String> {
    if let Ok(url) = std::env::var("BANSHI_TEST_PG")
        && !url.is_empty()
    {
        return Some(url);
    }
    let required = ["BANSHI_REQUIRE_PG", "CI"]
        .iter()
        .any(|k| std::env::var(k).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false"));
    assert!(
        !required,
        "{test}: BANSHI_TEST_PG is not set, and CI must run the PostgreSQL tests (.ci/run starts a server)"
    );
    // Straight to stderr, past the test harness's capture, so a passing
    // run still shows it (once per test file).
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "\nSKIPPED the PostgreSQL tests (first: {test}): no server. Run scripts/pg-test.sh (starts a throwaway cluster and runs cargo test), or set BANSHI_TEST_PG=postgres://USER@HOST:PORT/DB\n"
        );
    });
    None
}

/// A schema of its own on the test server; dropped when this is dropped.
pub struct Schema {
    pub admin: String,
    pub name: String,
    /// A connection string whose tables live in this schema.
    pub url: String,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl Schema {
    pub fn new(admin: &str, tag: &str) -> Schema {
        let name = format!(
            "t_{tag}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut c =
            postgres::Client::connect(admin, postgres::NoTls).expect("connect to BANSHI_TEST_PG");
        c.batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"
        ))
        .unwrap();
        let sep = if admin.contains('?') { '&' } else { '?' };
        let url = format!("{admin}{sep}options=-csearch_path%3D{name}");
        Schema {
            admin: admin.to_string(),
            name,
            url,
        }
    }

    pub fn client(&self) -> postgres::Client {
        let mut c = postgres::Client::connect(&self.admin, postgres::NoTls).unwrap();
        c.batch_execute(&format!("SET search_path = {}", self.name))
            .unwrap();
        c
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}
