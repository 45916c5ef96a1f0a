//! The team store: every counter of a service hall saves progress in one
//! PostgreSQL database, behind the same interface as the progress folder
//! ([`super::backend`]).
//!
//! # Tables
//! In the connection's current schema (the role's own schema, see the
//! README's "Team store"):
//!
//! - `banshi_schema (version)`: one row, the schema version;
//! - `banshi_progress`: one row per person and procedure: `person`,
//!   `flow_id`, `flow_revision` (the flow's fingerprint), `steps` (its step
//!   ids then), `updated` (Unix seconds), `revision` (the compare-and-set
//!   counter), `answers` and `ticks` (jsonb of ids), `current_step`,
//!   `seen` (the steps gone through);
//! - `banshi_person`: what a helpdesk remembers of a person: `lang`
//!   (`zh-CN`/`en`), `at_flow` (the procedure open last), `closed`, and
//!   the person's profile (schema 3): `region` (a place id of
//!   `flows/regions/places.ron`, or `unsure`), `insurance` and `for_whom`
//!   (each one of a fixed set, checked by the table).
//!
//! Ids, counters, times and flags only: no free text. A profile value this
//! build does not know is dropped when read and never written (see
//! [`crate::engine::profile::Profile::known`]).
//!
//! Opening the store runs the embedded [`MIGRATIONS`] in one transaction
//! (under an advisory lock, so twenty counters starting at once migrate
//! once); a schema newer than this build is refused and left untouched.
//!
//! # Two counters, one person
//! A save is a compare-and-set on `revision`: `UPDATE … WHERE revision = the
//! one this session last saw`. When another counter changed the procedure
//! in between, the row is locked, replaced (the later change wins) and this
//! counter is told ([`Notice::ChangedElsewhere`]). Nothing is locked while a
//! person sits at a counter.
//!
//! # When the server is away
//! A save that cannot reach the server is kept on this machine
//! (`<data dir>/pending/<name>.ron`, 0600) and the save reports
//! [`PgError::Away`] ("not saving"); a background thread retries every
//! [`RETRY`] and saves it once the server answers, as does the next save.
//! A person opened while the server is away resumes from what was kept.
//!
//! # Connection strings
//! `postgres://user[:password]@host[:port]/db?sslmode=…` or libpq
//! `host=… dbname=… user=…`. The password comes from the string,
//! `PGPASSWORD` or `~/.pgpass` (`PGPASSFILE`), as with libpq. `sslmode`
//! `disable`, `prefer` (default), `require` (encrypted, certificate not
//! checked), `verify-ca` and `verify-full` (checked against `sslrootcert`,
//! else `~/.postgresql/root.crt`, else the system's CAs). No message ever
//! holds the password: errors name host, port, database and user.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use postgres::types::{Json, ToSql};
use postgres::{Client, Row, Statement};
use serde::{Deserialize, Serialize};

use super::backend::{AnyUser, FlowRecord, Imported, ProgressStore, UserProgress, import_decision};
use super::file;
use super::{Notice, Person, SavedFlow, StoreError, UserSummary, name};
use crate::engine::Session;
use crate::engine::profile::Profile;
use crate::flow::Flow;

/// The schema this build writes, and the newest it reads.
pub const SCHEMA: i32 = 3;

/// Migration `n` (1-based) brings the tables from schema `n - 1` to `n`.
pub const MIGRATIONS: &[&str] = &[
    // 1: progress per person and procedure.
    "CREATE TABLE banshi_progress (
        person        text   NOT NULL,
        flow_id       text   NOT NULL,
        flow_revision text,
        steps         text[] NOT NULL DEFAULT '{}',
        updated       bigint NOT NULL,
        revision      bigint NOT NULL,
        answers       jsonb  NOT NULL DEFAULT '{}',
        ticks         jsonb  NOT NULL DEFAULT '{}',
        current_step  text,
        PRIMARY KEY (person, flow_id)
    )",
    // 2: the steps gone through, and what a helpdesk remembers of a person.
    "ALTER TABLE banshi_progress ADD COLUMN seen text[] NOT NULL DEFAULT '{}';
     CREATE TABLE banshi_person (
        person   text    PRIMARY KEY,
        lang     text,
        at_flow  text,
        closed   boolean NOT NULL DEFAULT false
    )",
    // 3: the person's profile (ids only; NULL: not asked yet). The sets are
    // `Fact::values()` (a test keeps them equal); a place id is checked by
    // form only, as the list of places grows with the content.
    "ALTER TABLE banshi_person
        ADD COLUMN region    text CHECK (region ~ '^[a-z0-9-]{1,64}$'),
        ADD COLUMN insurance text
            CHECK (insurance IN ('employee', 'resident', 'flexible', 'unsure')),
        ADD COLUMN for_whom  text CHECK (for_whom IN ('self', 'child', 'elder', 'other'))",
];

/// How often the background thread tries to reach an away server.
pub const RETRY: Duration = Duration::from_secs(2);

/// How long to wait for the server to answer a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// Why the team store could not do something. Messages name host, port,
/// database and user (never the password) and say what to do.
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error("the --store connection string cannot be used: {0}")]
    Spec(String),
    #[error("{}", away_message(at, reason, kept.as_deref()))]
    Away {
        at: String,
        reason: String,
        kept: Option<PathBuf>,
    },
    #[error("the team store ({at}) refused: {reason}")]
    Server { at: String, reason: String },
    #[error(
        "the team store ({at}) has schema {found}; this banshi reads up to {SCHEMA}. Nothing was changed: update banshi on this machine"
    )]
    NewerSchema { at: String, found: i32 },
    #[error("TLS for the team store ({at}): {reason}")]
    Tls { at: String, reason: String },
    #[error("could not keep the unsaved session in {}: {reason}", path.display())]
    Local { path: PathBuf, reason: String },
}

impl PgError {
    /// The message in `lang` (the `Display` text is English, for logs). The
    /// server's own words (`reason`) are passed on as they came.
    pub fn message(&self, lang: crate::flow::Lang) -> String {
        let l = crate::locale::Locale::get(lang);
        match self {
            PgError::Spec(reason) => l.fmt("store.err.spec", &[("reason", reason)]),
            PgError::Away {
                at,
                reason,
                kept: Some(p),
            } => l.fmt(
                "pg.err.away_kept",
                &[
                    ("at", at),
                    ("reason", reason),
                    ("path", &p.display().to_string()),
                    ("secs", &RETRY.as_secs().to_string()),
                ],
            ),
            PgError::Away {
                at,
                reason,
                kept: None,
            } => l.fmt("pg.err.away", &[("at", at), ("reason", reason)]),
            PgError::Server { at, reason } => {
                l.fmt("pg.err.server", &[("at", at), ("reason", reason)])
            }
            PgError::NewerSchema { at, found } => l.fmt(
                "pg.err.newer",
                &[
                    ("at", at),
                    ("found", &found.to_string()),
                    ("schema", &SCHEMA.to_string()),
                ],
            ),
            PgError::Tls { at, reason } => l.fmt("pg.err.tls", &[("at", at), ("reason", reason)]),
            PgError::Local { path, reason } => l.fmt(
                "pg.err.local",
                &[("path", &path.display().to_string()), ("reason", reason)],
            ),
        }
    }
}

fn away_message(at: &str, reason: &str, kept: Option<&Path>) -> String {
    match kept {
        Some(p) => format!(
            "not saving: the team store ({at}) cannot be reached ({reason}). This session is kept on this machine in {} and is saved when the server is back (retrying every {} s).",
            p.display(),
            RETRY.as_secs()
        ),
        None => format!(
            "the team store ({at}) cannot be reached: {reason}; check that the server runs and this machine may connect to it"
        ),
    }
}

// ---- connection strings ----

/// A parsed connection string: libpq keys and values, in order.
#[derive(Clone, Default, PartialEq, Eq)]
struct Params(Vec<(String, String)>);

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: Vec<_> = self
            .0
            .iter()
            .map(|(k, v)| (k.as_str(), if k == "password" { "***" } else { v.as_str() }))
            .collect();
        f.debug_tuple("Params").field(&shown).finish()
    }
}

impl Params {
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn set(&mut self, key: &str, value: String) {
        self.0.retain(|(k, _)| k != key);
        self.0.push((key.to_string(), value));
    }

    fn remove(&mut self, key: &str) -> Option<String> {
        let v = self.get(key).map(str::to_string);
        self.0.retain(|(k, _)| k != key);
        v
    }

    fn parse(s: &str) -> Result<Params, String> {
        let s = s.trim();
        if let Some(rest) = s
            .strip_prefix("postgres://")
            .or_else(|| s.strip_prefix("postgresql://"))
        {
            Params::parse_url(rest)
        } else {
            Params::parse_pairs(s)
        }
    }

    fn parse_url(rest: &str) -> Result<Params, String> {
        let mut p = Params::default();
        let (main, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = main.split_once('/').unwrap_or((main, ""));
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        if let Some(u) = userinfo {
            let (user, password) = match u.split_once(':') {
                Some((u, pw)) => (u, Some(pw)),
                None => (u, None),
            };
            if !user.is_empty() {
                p.set("user", decode(user)?);
            }
            if let Some(pw) = password {
                p.set("password", decode(pw)?);
            }
        }
        if !hostport.is_empty() {
            let (mut hosts, mut ports) = (Vec::new(), Vec::new());
            for hp in hostport.split(',') {
                let (host, port) = if let Some(end) = hp.strip_prefix('[') {
                    let (h, rest) = end.split_once(']').ok_or("an IPv6 host lacks its ]")?;
                    (
                        h.to_string(),
                        rest.strip_prefix(':').unwrap_or("").to_string(),
                    )
                } else {
                    match hp.rsplit_once(':') {
                        Some((h, port)) => (decode(h)?, port.to_string()),
                        None => (decode(hp)?, String::new()),
                    }
                };
                if !port.is_empty() && port.parse::<u16>().is_err() {
                    return Err(format!("the port {port:?} is not a number"));
                }
                hosts.push(host);
                ports.push(port);
            }
            if hosts.iter().any(|h| !h.is_empty()) {
                p.set("host", hosts.join(","));
            }
            if ports.iter().any(|x| !x.is_empty()) {
                p.set("port", ports.join(","));
            }
        }
        if !path.is_empty() {
            p.set("dbname", decode(path)?);
        }
        for kv in query.split('&').filter(|s| !s.is_empty()) {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            p.set(&decode(k)?, decode(v)?);
        }
        Ok(p)
    }

    fn parse_pairs(s: &str) -> Result<Params, String> {
        let mut p = Params::default();
        let mut chars = s.chars().peekable();
        loop {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            if chars.peek().is_none() {
                return Ok(p);
            }
            let mut key = String::new();
            while let Some(&c) = chars.peek() {
                if c == '=' || c.is_whitespace() {
                    break;
                }
                key.push(c);
                chars.next();
            }
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            if chars.next() != Some('=') {
                return Err(format!("{key:?} has no value (write key=value)"));
            }
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            let mut value = String::new();
            if chars.peek() == Some(&'\'') {
                chars.next();
                loop {
                    match chars.next() {
                        Some('\\') => value.push(chars.next().ok_or("a quoted value ends in \\")?),
                        Some('\'') => break,
                        Some(c) => value.push(c),
                        None => {
                            return Err(format!("the value of {key:?} lacks its closing quote"));
                        }
                    }
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    chars.next();
                    if c == '\\' {
                        value.push(chars.next().ok_or("a value ends in \\")?);
                    } else {
                        value.push(c);
                    }
                }
            }
            p.set(&key, value);
        }
    }

    /// As a libpq key=value string (every value quoted).
    fn to_pairs(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}='{}'", v.replace('\\', "\\\\").replace('\'', "\\'")))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn decode(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3).ok_or("a % escape is cut short")?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| "a % escape is not hex")?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "a % escape is not UTF-8".to_string())
}

/// The connection string with any password replaced by `***`, for
/// messages about a string that could not be parsed.
pub fn redact_spec(s: &str) -> String {
    if let Ok(p) = Params::parse(s)
        && let Some(pw) = p.get("password").filter(|pw| !pw.is_empty())
    {
        return redact(s, pw);
    }
    // Unparsable: hide anything that looks like a password.
    let mut out = s.to_string();
    if let Some(rest) = s.split_once("://").map(|(_, r)| r)
        && let Some((userinfo, _)) = rest.split('/').next().unwrap_or("").rsplit_once('@')
        && let Some((_, pw)) = userinfo.split_once(':')
        && !pw.is_empty()
    {
        out = out.replace(pw, "***");
    }
    if let Some(i) = out.find("password") {
        let end = out[i..].find(' ').map_or(out.len(), |e| i + e);
        out.replace_range(i..end, "password=***");
    }
    out
}

/// `text` with every occurrence of `password` (raw and percent-encoded)
/// replaced by `***`.
fn redact(text: &str, password: &str) -> String {
    if password.is_empty() {
        return text.to_string();
    }
    let encoded: String = password
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    text.replace(password, "***").replace(&encoded, "***")
}

/// `~/.pgpass` lookup, as libpq does: `host:port:db:user:password`, `*`
/// matches anything, `\:` and `\\` are escapes; a file readable by others
/// is ignored.
fn pgpass(path: &Path, host: &str, port: &str, db: &str, user: &str) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            return None;
        }
    }
    let text = std::fs::read_to_string(path).ok()?;
    let host = if host.starts_with('/') {
        "localhost"
    } else {
        host
    };
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => cur.extend(chars.next()),
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut cur)),
                c => cur.push(c),
            }
        }
        fields.push(cur);
        if fields.len() != 5 {
            continue;
        }
        let ok = |pat: &str, v: &str| pat == "*" || pat == v;
        if ok(&fields[0], host)
            && ok(&fields[1], port)
            && ok(&fields[2], db)
            && ok(&fields[3], user)
        {
            return Some(fields[4].clone());
        }
    }
    None
}

/// TLS as asked by `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tls {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// Everything needed to connect, resolved once at open.
struct Conn {
    config: postgres::Config,
    tls: tokio_postgres_rustls::MakeRustlsConnect,
    /// `host H port P, database D, user U`, for messages.
    at: String,
    /// `postgres://U@H:P/D`, for listings.
    location: String,
    password: Option<String>,
}

impl fmt::Debug for Conn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Conn")
            .field("at", &self.at)
            .finish_non_exhaustive()
    }
}

fn env(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.is_empty())
}

impl Conn {
    fn new(spec: &str) -> Result<Conn, PgError> {
        let mut p = Params::parse(spec).map_err(PgError::Spec)?;
        let user = p
            .get("user")
            .map(str::to_string)
            .or_else(|| env("PGUSER"))
            .unwrap_or_else(name::default_user);
        p.set("user", user.clone());
        if p.get("host").is_none() {
            p.set("host", env("PGHOST").unwrap_or_else(|| "localhost".into()));
        }
        if p.get("port").is_none() {
            p.set("port", env("PGPORT").unwrap_or_else(|| "5432".into()));
        }
        if p.get("dbname").is_none() {
            p.set("dbname", env("PGDATABASE").unwrap_or_else(|| user.clone()));
        }
        let host = p.get("host").unwrap_or_default().to_string();
        let port = p.get("port").unwrap_or_default().to_string();
        let db = p.get("dbname").unwrap_or_default().to_string();
        let at = format!("host {host} port {port}, database {db}, user {user}");
        let location = format!("postgres://{user}@{host}:{port}/{db}");
        let passfile = p.remove("passfile").or_else(|| env("PGPASSFILE"));
        if p.get("password").is_none() {
            let from_file = || {
                let path = passfile.clone().map(PathBuf::from).or_else(|| {
                    directories::BaseDirs::new().map(|b| b.home_dir().join(".pgpass"))
                })?;
                pgpass(&path, &host, &port, &db, &user)
            };
            if let Some(pw) = env("PGPASSWORD").or_else(from_file) {
                p.set("password", pw);
            }
        }
        let password = p.get("password").map(str::to_string);
        let mode = p.remove("sslmode").or_else(|| env("PGSSLMODE"));
        let tls = match mode.as_deref().unwrap_or("prefer") {
            "disable" | "allow" => Tls::Disable,
            "prefer" => Tls::Prefer,
            "require" => Tls::Require,
            "verify-ca" => Tls::VerifyCa,
            "verify-full" => Tls::VerifyFull,
            other => {
                return Err(PgError::Spec(format!(
                    "sslmode {other:?} is unknown: use disable, prefer, require, verify-ca or verify-full"
                )));
            }
        };
        p.set(
            "sslmode",
            match tls {
                Tls::Disable => "disable",
                Tls::Prefer => "prefer",
                _ => "require",
            }
            .into(),
        );
        let rootcert = p.remove("sslrootcert").or_else(|| env("PGSSLROOTCERT"));
        for unsupported in ["sslcert", "sslkey", "sslcrl", "sslpassword"] {
            if p.remove(unsupported).is_some() {
                return Err(PgError::Spec(format!(
                    "{unsupported} is not supported (client certificates): log in with a password"
                )));
            }
        }
        if p.get("connect_timeout").is_none() {
            p.set("connect_timeout", CONNECT_TIMEOUT.as_secs().to_string());
        }
        if p.get("application_name").is_none() {
            p.set("application_name", "banshi".into());
        }
        let config: postgres::Config = p.to_pairs().parse().map_err(|e: postgres::Error| {
            PgError::Spec(redact(&e.to_string(), password.as_deref().unwrap_or("")))
        })?;
        let tls = tls_config(tls, rootcert.as_deref()).map_err(|reason| PgError::Tls {
            at: at.clone(),
            reason,
        })?;
        Ok(Conn {
            config,
            tls,
            at,
            location,
            password,
        })
    }

    fn connect(&self) -> Result<Client, PgError> {
        self.config
            .connect(self.tls.clone())
            .map_err(|e| self.away(&e, None))
    }

    /// A message that never holds the password.
    fn clean(&self, text: &str) -> String {
        redact(text, self.password.as_deref().unwrap_or(""))
    }

    fn reason(&self, e: &postgres::Error) -> String {
        let text = match e.as_db_error() {
            Some(db) => db.message().to_string(),
            None => {
                let mut s = e.to_string();
                let mut src = std::error::Error::source(e);
                while let Some(inner) = src {
                    s = format!("{s}: {inner}");
                    src = inner.source();
                }
                s
            }
        };
        self.clean(&text)
    }

    fn away(&self, e: &postgres::Error, kept: Option<PathBuf>) -> PgError {
        PgError::Away {
            at: self.at.clone(),
            reason: self.reason(e),
            kept,
        }
    }

    /// A server error (the query failed) or the connection went away.
    fn error(&self, e: &postgres::Error) -> PgError {
        if e.as_db_error().is_some() {
            PgError::Server {
                at: self.at.clone(),
                reason: self.reason(e),
            }
        } else {
            self.away(e, None)
        }
    }
}

fn tls_config(
    mode: Tls,
    rootcert: Option<&str>,
) -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    use rustls::client::danger::ServerCertVerifier;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let verifier: Arc<dyn ServerCertVerifier> = match mode {
        Tls::Disable | Tls::Prefer | Tls::Require => Arc::new(NoCheck(Arc::clone(&provider))),
        Tls::VerifyCa | Tls::VerifyFull => {
            let roots = Arc::new(root_store(rootcert)?);
            let webpki =
                rustls::client::WebPkiServerVerifier::builder_with_provider(roots, provider)
                    .build()
                    .map_err(|e| e.to_string())?;
            if mode == Tls::VerifyFull {
                webpki
            } else {
                Arc::new(AnyName(webpki))
            }
        }
    };
    let config = builder
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// `sslrootcert`, else `~/.postgresql/root.crt`, else the system's CAs.
fn root_store(rootcert: Option<&str>) -> Result<rustls::RootCertStore, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    let default = directories::BaseDirs::new()
        .map(|b| b.home_dir().join(".postgresql/root.crt"))
        .filter(|p| p.is_file());
    let file = rootcert.map(PathBuf::from).or(default);
    match file {
        Some(path) if rootcert != Some("system") => {
            for cert in CertificateDer::pem_file_iter(&path)
                .map_err(|e| format!("cannot read sslrootcert {}: {e}", path.display()))?
            {
                let cert = cert.map_err(|e| format!("sslrootcert {}: {e}", path.display()))?;
                roots.add(cert).map_err(|e| e.to_string())?;
            }
        }
        _ => {
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(cert);
            }
        }
    }
    if roots.is_empty() {
        return Err("no CA certificates to check the server against: set sslrootcert=FILE".into());
    }
    Ok(roots)
}

/// `sslmode=require`: encrypted, but the certificate is not checked (as
/// libpq without a root certificate). Signatures are still verified.
#[derive(Debug)]
struct NoCheck(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for NoCheck {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `sslmode=verify-ca`: the chain is checked, the host name is not.
#[derive(Debug)]
struct AnyName(Arc<rustls::client::WebPkiServerVerifier>);

impl rustls::client::danger::ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        use rustls::{CertificateError, Error};
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(rustls::client::danger::ServerCertVerified::assertion()),
            other => other,
        }
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

// ---- the store ----

/// Shared by a store and every person opened from it: one connection.
struct Shared {
    conn: Conn,
    client: Mutex<Option<Connection>>,
    /// `<data dir>` on this machine: exports and unsaved sessions.
    local: PathBuf,
    /// People with unsaved sessions, for the retry thread.
    waiting: Mutex<Vec<Weak<Mutex<UserState>>>>,
    retrying: Mutex<bool>,
    /// The server did not answer the last attempt: saves go straight to
    /// this machine until the retry thread reaches it.
    away: AtomicBool,
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("conn", &self.conn)
            .field("local", &self.local)
            .finish_non_exhaustive()
    }
}

/// A connection and the statements prepared on it. A statement given as
/// text is prepared again on every call (a round trip of its own before it
/// runs); the save path's are prepared once per connection, so a save is
/// one round trip.
struct Connection {
    client: Client,
    prepared: HashMap<&'static str, Statement>,
}

impl Connection {
    /// `sql` prepared on this connection (the first time: now).
    fn prepared(&mut self, sql: &'static str) -> Result<Statement, postgres::Error> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        self.prepared.insert(sql, s.clone());
        Ok(s)
    }
}

impl std::ops::Deref for Connection {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl std::ops::DerefMut for Connection {
    fn deref_mut(&mut self) -> &mut Client {
        &mut self.client
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Shared {
    /// Runs `f` on the connection (connecting first if needed). A broken
    /// connection is dropped so the next call reconnects.
    fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, postgres::Error>,
    ) -> Result<T, PgError> {
        let mut guard = lock(&self.client);
        if guard.as_ref().is_some_and(|c| c.client.is_closed()) {
            *guard = None;
        }
        if guard.is_none() {
            // Known away: do not keep the person waiting on another
            // connection attempt (up to the connect timeout on every key);
            // the retry thread reconnects.
            if self.away.load(Ordering::SeqCst) {
                return Err(PgError::Away {
                    at: self.conn.at.clone(),
                    reason: "it did not answer a moment ago".into(),
                    kept: None,
                });
            }
            match self.conn.connect() {
                Ok(client) => {
                    *guard = Some(Connection {
                        client,
                        prepared: HashMap::new(),
                    })
                }
                Err(e) => {
                    self.away.store(true, Ordering::SeqCst);
                    return Err(e);
                }
            }
        }
        let client = guard.as_mut().expect("connected above");
        match f(client) {
            Ok(v) => Ok(v),
            Err(e) => {
                if e.as_db_error().is_none() {
                    *guard = None;
                    self.away.store(true, Ordering::SeqCst);
                }
                Err(self.conn.error(&e))
            }
        }
    }

    fn pending_dir(&self) -> PathBuf {
        self.local.join("pending")
    }

    /// Starts the retry thread once; it stops when nobody is waiting.
    fn retry_in_background(self: &Arc<Self>, user: &Arc<Mutex<UserState>>) {
        {
            let me = Arc::downgrade(user);
            let mut waiting = lock(&self.waiting);
            if !waiting.iter().any(|w| Weak::ptr_eq(w, &me)) {
                waiting.push(me);
            }
        }
        let mut running = lock(&self.retrying);
        if *running {
            return;
        }
        *running = true;
        let shared = Arc::downgrade(self);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(RETRY);
                let Some(shared) = shared.upgrade() else {
                    return;
                };
                // Lock order everywhere: a person's state, then `waiting`,
                // then `retrying`; so never hold `waiting` while locking a
                // person (a save holds its person while it calls here).
                let listed: Vec<_> = lock(&shared.waiting).clone();
                let mut done = Vec::new();
                for w in &listed {
                    let Some(u) = w.upgrade() else {
                        done.push(w.clone());
                        continue;
                    };
                    let mut state = lock(&u);
                    // Try the server again (a save meanwhile skips it).
                    shared.away.store(false, Ordering::SeqCst);
                    let _ = state.flush(&shared);
                    if state.pending.is_empty() {
                        done.push(w.clone());
                    }
                }
                let mut waiting = lock(&shared.waiting);
                waiting.retain(|w| !done.iter().any(|d| Weak::ptr_eq(d, w)));
                if waiting.is_empty() {
                    *lock(&shared.retrying) = false;
                    return;
                }
            }
        });
    }
}

/// The team store.
#[derive(Debug, Clone)]
pub struct PgStore {
    shared: Arc<Shared>,
}

/// The columns of `banshi_progress`, as [`record_of`] reads them and the
/// statements below write them.
macro_rules! columns {
    () => {
        "person, flow_id, flow_revision, steps, updated, revision, answers, ticks, current_step, seen"
    };
}
const COLUMNS: &str = columns!();

fn record_of(row: &Row) -> FlowRecord {
    let Json(answers): Json<BTreeMap<String, String>> = row.get("answers");
    let Json(ticks): Json<BTreeMap<String, BTreeSet<String>>> = row.get("ticks");
    FlowRecord {
        flow_id: row.get("flow_id"),
        flow_revision: row.get("flow_revision"),
        steps: row.get("steps"),
        updated: u64::try_from(row.get::<_, i64>("updated")).unwrap_or(0),
        saves: u64::try_from(row.get::<_, i64>("revision")).unwrap_or(0),
        answers,
        ticks,
        current: row.get("current_step"),
        seen: row.get::<_, Vec<String>>("seen").into_iter().collect(),
    }
}

/// The statements that write a record. Each takes the record as
/// [`Columns`]: `$1` person, `$2` flow_id, `$3` flow_revision, `$4` steps,
/// `$5` updated, `$6` answers, `$7` ticks, `$8` current_step, `$9` seen,
/// and `$10` a revision.
///
/// A new row at revision `$10`, unless there is one already.
const INSERT_NEW: &str = concat!(
    "INSERT INTO banshi_progress (",
    columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $10, $6, $7, $8, $9)
     ON CONFLICT (person, flow_id) DO NOTHING RETURNING revision"
);
/// The row replaced, one revision on, if it is at revision `$10` (the
/// compare-and-set; `$10` NULL: whatever its revision) and holds other
/// progress (as [`FlowRecord::same_progress`]): like the folder store, a
/// save that changes nothing writes nothing, so no other counter is told
/// of a change.
const UPDATE_AT: &str = "UPDATE banshi_progress SET flow_revision = $3, steps = $4, updated = $5,
        revision = revision + 1, answers = $6, ticks = $7, current_step = $8, seen = $9
     WHERE person = $1 AND flow_id = $2 AND revision = coalesce($10, revision)
        AND (flow_revision, answers, ticks, current_step, seen)
            IS DISTINCT FROM ($3, $6, $7, $8, $9)
     RETURNING revision";
/// The row written at revision `$10`, new or over the one there (`progress copy`).
const UPSERT: &str = concat!(
    "INSERT INTO banshi_progress (",
    columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $10, $6, $7, $8, $9)
     ON CONFLICT (person, flow_id) DO UPDATE SET
        flow_revision = EXCLUDED.flow_revision, steps = EXCLUDED.steps,
        updated = EXCLUDED.updated, revision = EXCLUDED.revision,
        answers = EXCLUDED.answers, ticks = EXCLUDED.ticks,
        current_step = EXCLUDED.current_step, seen = EXCLUDED.seen"
);
/// One person's rows (read on every resume: prepared once, see
/// [`Connection`]).
const SELECT_PERSON: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM banshi_progress WHERE person = $1"
);
/// One row, locked until the transaction ends.
const SELECT_FOR_UPDATE: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM banshi_progress WHERE person = $1 AND flow_id = $2 FOR UPDATE"
);

/// A record as the parameters `$1`…`$9` of [`INSERT_NEW`], [`UPDATE_AT`]
/// and [`UPSERT`].
struct Columns<'a> {
    person: &'a str,
    record: &'a FlowRecord,
    updated: i64,
    answers: Json<&'a BTreeMap<String, String>>,
    ticks: Json<&'a BTreeMap<String, BTreeSet<String>>>,
    seen: Vec<&'a String>,
}

impl<'a> Columns<'a> {
    fn new(person: &'a str, record: &'a FlowRecord) -> Columns<'a> {
        Columns {
            person,
            record,
            updated: i64::try_from(record.updated).unwrap_or(i64::MAX),
            answers: Json(&record.answers),
            ticks: Json(&record.ticks),
            seen: record.seen.iter().collect(),
        }
    }

    /// `$1`…`$9`, then `revision` as `$10`.
    fn and<'b>(&'b self, revision: &'b (dyn ToSql + Sync)) -> [&'b (dyn ToSql + Sync); 10] {
        [
            &self.person,
            &self.record.flow_id,
            &self.record.flow_revision,
            &self.record.steps,
            &self.updated,
            &self.answers,
            &self.ticks,
            &self.record.current,
            &self.seen,
            revision,
        ]
    }
}

/// The columns of `banshi_person` read by [`person_of`].
const PERSON_COLUMNS: &str = "person, lang, at_flow, closed, region, insurance, for_whom";

fn person_of(row: &Row) -> Person {
    Person {
        lang: row.get("lang"),
        at: row.get("at_flow"),
        closed: row.get("closed"),
        profile: Profile {
            region: row.get("region"),
            insurance: row.get("insurance"),
            for_whom: row.get("for_whom"),
        },
    }
    .known()
}

fn saved_flows(records: &BTreeMap<String, FlowRecord>) -> Vec<SavedFlow> {
    super::recent_first(
        records
            .values()
            .map(|r| SavedFlow {
                flow_id: r.flow_id.clone(),
                state: r.to_file().state(&r.flow_id),
                last_activity: r.updated,
            })
            .collect(),
    )
}

impl PgStore {
    /// Connects and brings the tables to [`SCHEMA`] (in one transaction).
    /// `local` is the data dir on this machine (exports, unsaved sessions).
    pub fn open(spec: &str, local: PathBuf) -> Result<PgStore, PgError> {
        let store = PgStore::away(spec, local)?;
        store.migrate()?;
        Ok(store)
    }

    /// Like [`PgStore::open`], but a server that cannot be reached now is
    /// not an error: the store opens "away" and connects on the next use.
    pub fn open_or_away(spec: &str, local: PathBuf) -> Result<PgStore, PgError> {
        let store = PgStore::away(spec, local)?;
        match store.migrate() {
            Ok(()) | Err(PgError::Away { .. }) => Ok(store),
            Err(e) => Err(e),
        }
    }

    fn away(spec: &str, local: PathBuf) -> Result<PgStore, PgError> {
        Ok(PgStore {
            shared: Arc::new(Shared {
                conn: Conn::new(spec)?,
                client: Mutex::new(None),
                local,
                waiting: Mutex::new(Vec::new()),
                retrying: Mutex::new(false),
                away: AtomicBool::new(false),
            }),
        })
    }

    /// `host H port P, database D, user U` (never the password).
    pub fn at(&self) -> &str {
        &self.shared.conn.at
    }

    /// The schema version in the database (0: no tables yet).
    pub fn schema_version(&self) -> Result<i32, PgError> {
        self.shared.with(|c| {
            let exists: bool = c
                .query_one("SELECT to_regclass('banshi_schema') IS NOT NULL", &[])?
                .get(0);
            if !exists {
                return Ok(0);
            }
            Ok(c.query_opt("SELECT version FROM banshi_schema", &[])?
                .map_or(0, |r| r.get(0)))
        })
    }

    fn migrate(&self) -> Result<(), PgError> {
        let found = self.schema_version()?;
        let at = || self.shared.conn.at.clone();
        if found == SCHEMA {
            return Ok(());
        }
        if found > SCHEMA {
            return Err(PgError::NewerSchema { at: at(), found });
        }
        let newer = self.shared.with(|c| {
            let mut tx = c.transaction()?;
            // One migrator at a time ('banshi' as a number).
            tx.execute("SELECT pg_advisory_xact_lock(7089065812068264297)", &[])?;
            tx.batch_execute(
                "CREATE TABLE IF NOT EXISTS banshi_schema (version integer NOT NULL)",
            )?;
            let version: i32 = match tx.query_opt("SELECT version FROM banshi_schema", &[])? {
                Some(r) => r.get(0),
                None => {
                    tx.execute("INSERT INTO banshi_schema (version) VALUES (0)", &[])?;
                    0
                }
            };
            if version > SCHEMA {
                return Ok(Some(version));
            }
            for sql in &MIGRATIONS[version as usize..] {
                tx.batch_execute(sql)?;
            }
            tx.execute("UPDATE banshi_schema SET version = $1", &[&SCHEMA])?;
            tx.commit()?;
            Ok(None)
        })?;
        match newer {
            Some(found) => Err(PgError::NewerSchema { at: at(), found }),
            None => Ok(()),
        }
    }

    fn read_person(&self, name: &str) -> Result<BTreeMap<String, FlowRecord>, PgError> {
        let rows = self.shared.with(|c| {
            let select = c.prepared(SELECT_PERSON)?;
            c.query(&select, &[&name])
        })?;
        Ok(rows
            .iter()
            .map(record_of)
            .map(|r| (r.flow_id.clone(), r))
            .collect())
    }

    /// What is remembered of one person (`None`: nothing).
    fn read_remembered(&self, name: &str) -> Result<Option<Person>, PgError> {
        let row = self.shared.with(|c| {
            c.query_opt(
                &format!("SELECT {PERSON_COLUMNS} FROM banshi_person WHERE person = $1"),
                &[&name],
            )
        })?;
        Ok(row.map(|r| person_of(&r)))
    }

    /// Opens one person; while the server is away the person opens from
    /// what this machine kept (and saves once it is back).
    pub fn open_person(&self, name: &str) -> Result<PgUser, StoreError> {
        let name = &super::person_name(name)?;
        let pending_path = self
            .shared
            .pending_dir()
            .join(format!("{}.ron", name::encode(name)));
        let pending = read_pending(&pending_path, &self.shared.conn.location);
        let (records, online) = match self.read_person(name) {
            Ok(r) => (r, true),
            Err(PgError::Away { .. }) => (BTreeMap::new(), false),
            Err(e) => return Err(e.into()),
        };
        let (person, person_row) = if online {
            match self.read_remembered(name)? {
                Some(p) => (p, true),
                None => (Person::default(), false),
            }
        } else {
            (Person::default(), false)
        };
        let seen = records.iter().map(|(k, r)| (k.clone(), r.saves)).collect();
        let records = with_pending(records, &pending);
        let state = Arc::new(Mutex::new(UserState {
            name: name.to_string(),
            records,
            seen,
            notices: Vec::new(),
            pending,
            pending_path,
            titles: BTreeMap::new(),
            person,
            person_row,
        }));
        let user = PgUser {
            shared: Arc::clone(&self.shared),
            name: name.to_string(),
            state,
        };
        let has_pending = !lock(&user.state).pending.is_empty();
        if has_pending {
            let flushed = online && lock(&user.state).flush(&self.shared).is_ok();
            if !flushed {
                self.shared.retry_in_background(&user.state);
            }
        }
        Ok(user)
    }
}

impl ProgressStore for PgStore {
    fn open_user(&self, name: &str) -> Result<AnyUser, StoreError> {
        Ok(Box::new(self.open_person(name)?))
    }

    fn users(&self) -> Result<Vec<UserSummary>, StoreError> {
        let rows = self.shared.with(|c| {
            c.query(
                &format!("SELECT {COLUMNS} FROM banshi_progress ORDER BY person"),
                &[],
            )
        })?;
        let people = self
            .shared
            .with(|c| c.query(&format!("SELECT {PERSON_COLUMNS} FROM banshi_person"), &[]))?;
        let mut by_person: BTreeMap<String, BTreeMap<String, FlowRecord>> = BTreeMap::new();
        let mut closed = BTreeSet::new();
        for row in &people {
            let name: String = row.get("person");
            if person_of(row).closed {
                closed.insert(name.clone());
            }
            by_person.entry(name).or_default();
        }
        for row in &rows {
            let r = record_of(row);
            by_person
                .entry(row.get("person"))
                .or_default()
                .insert(r.flow_id.clone(), r);
        }
        Ok(by_person
            .into_iter()
            .map(|(name, records)| {
                let flows = saved_flows(&records);
                UserSummary {
                    closed: closed.contains(&name),
                    name,
                    last_activity: flows.iter().map(|f| f.last_activity).max(),
                    flows,
                    problem: None,
                }
            })
            .collect())
    }

    fn exports_dir(&self) -> Result<PathBuf, StoreError> {
        let dir = self.shared.local.join("exports");
        file::ensure_private_dir(&self.shared.local, true)?;
        file::ensure_private_dir(&dir, false)?;
        Ok(dir)
    }

    fn location(&self) -> String {
        self.shared.conn.location.clone()
    }

    fn delete_user(&self, name: &str) -> Result<(), StoreError> {
        // Resetting every procedure deletes what is remembered too.
        let mut user = self.open_person(name)?;
        user.reset(None)?;
        Ok(())
    }
}

/// An unsaved change kept on this machine while the server is away.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Waiting {
    record: FlowRecord,
    /// The revision this session last saw (for compare-and-set).
    base: Option<u64>,
}

/// `<data dir>/pending/<name>.ron`.
#[derive(Debug, Serialize, Deserialize)]
struct PendingFile {
    /// Which team store the changes are for (`postgres://user@host:port/db`).
    store: String,
    flows: BTreeMap<String, Waiting>,
}

/// The unsaved changes kept for this team store. Read like the progress
/// files (bounded, no links followed); a file that cannot be read, or that
/// holds another team store's changes, is moved aside, never overwritten.
fn read_pending(path: &Path, location: &str) -> BTreeMap<String, Waiting> {
    let parsed = match file::read_bytes(path) {
        Ok(file::Bytes::Missing) | Err(_) => return BTreeMap::new(),
        Ok(file::Bytes::TooLarge(_)) => None,
        Ok(file::Bytes::Read(bytes)) => std::str::from_utf8(&bytes)
            .ok()
            .and_then(|t| ron::from_str::<PendingFile>(t).ok()),
    };
    match parsed {
        Some(f) if f.store == location => f.flows,
        _ => {
            // Best effort: if it cannot be moved, the next save reports it.
            let _ = file::move_aside(path);
            BTreeMap::new()
        }
    }
}

/// The rows read, with what this machine kept and has not saved yet over
/// them (the latest view).
fn with_pending(
    mut records: BTreeMap<String, FlowRecord>,
    pending: &BTreeMap<String, Waiting>,
) -> BTreeMap<String, FlowRecord> {
    for (id, w) in pending {
        records.insert(id.clone(), w.record.clone());
    }
    records
}

/// One person's view, shared with the retry thread.
#[derive(Debug)]
struct UserState {
    name: String,
    records: BTreeMap<String, FlowRecord>,
    seen: BTreeMap<String, u64>,
    notices: Vec<Notice>,
    pending: BTreeMap<String, Waiting>,
    pending_path: PathBuf,
    /// Flow titles seen this session, for notices.
    titles: BTreeMap<String, crate::flow::Text>,
    /// What is remembered of the person (language, position, closed).
    person: Person,
    /// A `banshi_person` row exists.
    person_row: bool,
}

/// The outcome of one compare-and-set save.
enum Saved {
    /// Written; the new revision.
    Written(u64),
    /// Another counter had changed it: written over, the new revision.
    Overwrote(u64),
    /// Already the same progress there, at this revision.
    Same(u64),
}

impl UserState {
    /// Writes `record` if the row is still at `base`; else replaces it (the
    /// later change wins) and says so.
    fn put(
        shared: &Shared,
        person: &str,
        record: &FlowRecord,
        base: Option<u64>,
    ) -> Result<Saved, PgError> {
        let cols = Columns::new(person, record);
        shared.with(|c| {
            // Fast path: one round trip when nobody else changed it and
            // this changes something.
            let fast = match base {
                Some(b) => {
                    let update = c.prepared(UPDATE_AT)?;
                    c.query_opt(&update, &cols.and(&(b as i64)))?
                }
                None => {
                    let insert = c.prepared(INSERT_NEW)?;
                    c.query_opt(&insert, &cols.and(&1i64))?
                }
            };
            if let Some(row) = fast {
                return Ok(Saved::Written(row.get::<_, i64>(0) as u64));
            }
            // Someone else changed (or removed) it, or it is the same
            // progress: look under a row lock.
            let (select, insert, update) = (
                c.prepared(SELECT_FOR_UPDATE)?,
                c.prepared(INSERT_NEW)?,
                c.prepared(UPDATE_AT)?,
            );
            loop {
                let mut tx = c.transaction()?;
                let prev = tx.query_opt(&select, &[&person, &record.flow_id])?;
                let Some(prev) = prev.as_ref().map(record_of) else {
                    let inserted = tx.query_opt(&insert, &cols.and(&1i64))?;
                    tx.commit()?;
                    match inserted {
                        Some(_) => return Ok(Saved::Written(1)),
                        None => continue,
                    }
                };
                if prev.same_progress(record) {
                    tx.commit()?;
                    return Ok(Saved::Same(prev.saves));
                }
                // Locked: replaced whatever its revision.
                let row = tx.query_one(&update, &cols.and(&None::<i64>))?;
                tx.commit()?;
                let rev = row.get::<_, i64>(0) as u64;
                return Ok(if base == Some(prev.saves) {
                    Saved::Written(rev)
                } else {
                    Saved::Overwrote(rev)
                });
            }
        })
    }

    /// Saves `record` (the session's flow) now, or keeps it locally.
    fn save(
        &mut self,
        shared: &Arc<Shared>,
        me: &Arc<Mutex<UserState>>,
        record: FlowRecord,
        title: &crate::flow::Text,
    ) -> Result<(), PgError> {
        // Earlier unsaved changes go first (they may be for other flows).
        let _ = self.flush(shared);
        let id = record.flow_id.clone();
        self.titles.insert(id.clone(), title.clone());
        let base = match self.pending.get(&id) {
            Some(w) => w.base,
            None => self.seen.get(&id).copied(),
        };
        match UserState::put(shared, &self.name, &record, base) {
            Ok(outcome) => {
                let rev = match outcome {
                    Saved::Written(r) | Saved::Same(r) => r,
                    Saved::Overwrote(r) => {
                        self.notices.push(Notice::ChangedElsewhere {
                            flow_id: id.clone(),
                            title: title.clone(),
                        });
                        r
                    }
                };
                self.seen.insert(id.clone(), rev);
                self.records.insert(
                    id.clone(),
                    FlowRecord {
                        saves: rev,
                        ..record
                    },
                );
                if self.pending.remove(&id).is_some() {
                    self.write_pending(shared)?;
                }
                Ok(())
            }
            Err(PgError::Away { at, reason, .. }) => {
                self.records.insert(id.clone(), record.clone());
                self.pending.insert(id, Waiting { record, base });
                let kept = self.write_pending(shared)?;
                shared.retry_in_background(me);
                Err(PgError::Away {
                    at,
                    reason,
                    kept: Some(kept),
                })
            }
            Err(e) => Err(e),
        }
    }

    /// Saves what was kept locally; stops at the first failure.
    fn flush(&mut self, shared: &Shared) -> Result<(), PgError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = self.pending.keys().cloned().collect();
        for id in ids {
            let w = self.pending[&id].clone();
            let outcome = UserState::put(shared, &self.name, &w.record, w.base)?;
            let rev = match outcome {
                Saved::Written(r) | Saved::Same(r) => r,
                Saved::Overwrote(r) => {
                    let title = self.titles.get(&id).cloned();
                    self.notices.push(Notice::ChangedElsewhere {
                        flow_id: id.clone(),
                        title: title.unwrap_or_else(|| crate::flow::Text::new(&id, &id)),
                    });
                    r
                }
            };
            self.seen.insert(id.clone(), rev);
            self.records.insert(
                id.clone(),
                FlowRecord {
                    saves: rev,
                    ..w.record
                },
            );
            self.pending.remove(&id);
        }
        self.write_pending(shared)?;
        Ok(())
    }

    /// Writes (or, when empty, removes) the local file of unsaved changes.
    fn write_pending(&self, shared: &Shared) -> Result<PathBuf, PgError> {
        let path = self.pending_path.clone();
        let local = |e: StoreError| PgError::Local {
            path: path.clone(),
            reason: e.to_string(),
        };
        if self.pending.is_empty() {
            file::remove(&path).map_err(local)?;
            return Ok(path);
        }
        file::ensure_private_dir(&shared.local, true).map_err(local)?;
        file::ensure_private_dir(&shared.pending_dir(), false).map_err(local)?;
        let body = PendingFile {
            store: shared.conn.location.clone(),
            flows: self.pending.clone(),
        };
        let text =
            ron::ser::to_string_pretty(&body, ron::ser::PrettyConfig::new()).map_err(|e| {
                PgError::Local {
                    path: path.clone(),
                    reason: e.to_string(),
                }
            })?;
        file::write_atomic(&path, text.as_bytes(), file::Fault::None).map_err(local)?;
        Ok(path)
    }
}

/// One person's progress in the team store.
#[derive(Debug)]
pub struct PgUser {
    shared: Arc<Shared>,
    name: String,
    state: Arc<Mutex<UserState>>,
}

impl PgUser {
    fn store(&self) -> PgStore {
        PgStore {
            shared: Arc::clone(&self.shared),
        }
    }

    fn state(&self) -> MutexGuard<'_, UserState> {
        lock(&self.state)
    }

    /// Flow ids with changes kept on this machine, not yet saved.
    pub fn unsaved(&self) -> Vec<String> {
        self.state().pending.keys().cloned().collect()
    }

    /// Re-reads the person's rows (another counter may have saved); keeps
    /// the local view while the server is away.
    fn refresh(&self) {
        if let Ok(fresh) = self.store().read_person(&self.name) {
            let mut st = self.state();
            st.records = with_pending(fresh, &st.pending);
        }
    }

    fn save_state(&mut self, session: &Session, updated: Option<u64>) -> Result<(), StoreError> {
        let flow = session.flow();
        let rec = file::Record::new(flow, session.state(), updated.unwrap_or_else(file::now), 0);
        let record = FlowRecord::from_file(&flow.id, &rec);
        let me = Arc::clone(&self.state);
        let mut st = lock(&me);
        st.save(&self.shared, &me, record, &flow.title)
            .map_err(StoreError::from)
    }
}

impl UserProgress for PgUser {
    fn name(&self) -> &str {
        &self.name
    }

    fn location(&self) -> String {
        format!("{} (person {})", self.shared.conn.location, self.name)
    }

    fn has_progress(&self) -> bool {
        !self.state().records.is_empty()
    }

    fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.state().notices)
    }

    fn in_progress(&self) -> Vec<SavedFlow> {
        saved_flows(&self.state().records)
    }

    fn export(&self) -> String {
        let flows = self
            .state()
            .records
            .values()
            .map(|r| (r.flow_id.clone(), r.to_file()))
            .collect();
        file::to_ron(&file::FileV2 {
            schema: file::SCHEMA,
            flows,
            person: self.state().person.clone(),
        })
    }

    fn resume(&mut self, flow: Arc<Flow>) -> Session {
        self.refresh();
        let id = flow.id.clone();
        let record = self.state().records.get(&id).cloned();
        let Some(record) = record else {
            self.state().seen.remove(&id);
            return Session::new(flow);
        };
        {
            let mut st = self.state();
            if !st.pending.contains_key(&id) {
                st.seen.insert(id.clone(), record.saves);
            }
        }
        let file_record = record.to_file();
        let (session, revised, notice) = super::backend::reconcile(&flow, &file_record);
        self.state().notices.extend(notice);
        if revised || session.state() != &file_record.state(&id) {
            // Record the new revision so the notice comes once. Best
            // effort: if this fails, the next save reports it.
            let _ = self.save_state(&session, Some(record.updated));
        }
        session
    }

    fn save(&mut self, session: &Session) -> Result<(), StoreError> {
        self.save_state(session, None)
    }

    /// One procedure: its rows. Every procedure (`None`): the person's
    /// rows and what is remembered of them (language, position, profile),
    /// in one transaction, as the folder store deletes the person's file:
    /// the next citizen sees nothing of this one.
    fn reset(&mut self, flow: Option<&str>) -> Result<bool, StoreError> {
        let name = self.name.clone();
        let n = self.shared.with(|c| match flow {
            None => {
                let mut tx = c.transaction()?;
                let n = tx.execute("DELETE FROM banshi_progress WHERE person = $1", &[&name])?
                    + tx.execute("DELETE FROM banshi_person WHERE person = $1", &[&name])?;
                tx.commit()?;
                Ok(n)
            }
            Some(f) => c.execute(
                "DELETE FROM banshi_progress WHERE person = $1 AND flow_id = $2",
                &[&name, &f],
            ),
        })?;
        let mut st = self.state();
        match flow {
            None => {
                st.records.clear();
                st.seen.clear();
                st.pending.clear();
                st.person = Person::default();
                st.person_row = false;
            }
            Some(f) => {
                st.records.remove(f);
                st.seen.remove(f);
                st.pending.remove(f);
            }
        }
        st.write_pending(&self.shared)?;
        Ok(n > 0)
    }

    fn records(&self) -> Vec<FlowRecord> {
        self.state().records.values().cloned().collect()
    }

    fn import(&mut self, record: &FlowRecord) -> Result<Imported, StoreError> {
        let name = self.name.clone();
        let cols = Columns::new(&name, record);
        let (decision, row) = self.shared.with(|c| {
            let mut tx = c.transaction()?;
            // Lock the row, or the gap for a new one, against a racing copy.
            tx.execute(
                "SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))",
                &[&name, &record.flow_id],
            )?;
            let existing = tx
                .query_opt(SELECT_FOR_UPDATE, &[&name, &record.flow_id])?
                .map(|r| record_of(&r));
            let decision = import_decision(existing.as_ref(), record);
            // The row as it stands now: no need to read it back.
            let row = match existing {
                Some(e) if decision != Imported::Copied => e,
                existing => {
                    let rev = existing.map_or(0, |e| e.saves).max(record.saves) + 1;
                    tx.execute(UPSERT, &cols.and(&(rev as i64)))?;
                    FlowRecord {
                        saves: rev,
                        ..record.clone()
                    }
                }
            };
            tx.commit()?;
            Ok((decision, row))
        })?;
        self.state().records.insert(row.flow_id.clone(), row);
        Ok(decision)
    }

    fn person(&self) -> Person {
        self.state().person.clone()
    }

    fn put_person(&mut self, person: Person) -> Result<(), StoreError> {
        let person = person.known();
        {
            let st = self.state();
            if st.person == person && st.person_row {
                return Ok(());
            }
        }
        let name = self.name.clone();
        let p = &person.profile;
        self.shared.with(|c| {
            c.execute(
                "INSERT INTO banshi_person (person, lang, at_flow, closed, region, insurance,
                    for_whom)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (person) DO UPDATE SET
                    lang = EXCLUDED.lang, at_flow = EXCLUDED.at_flow, closed = EXCLUDED.closed,
                    region = EXCLUDED.region, insurance = EXCLUDED.insurance,
                    for_whom = EXCLUDED.for_whom",
                &[
                    &name,
                    &person.lang,
                    &person.at,
                    &person.closed,
                    &p.region,
                    &p.insurance,
                    &p.for_whom,
                ],
            )
        })?;
        let mut st = self.state();
        st.person = person;
        st.person_row = true;
        Ok(())
    }

    fn is_stored(&self) -> bool {
        let st = self.state();
        st.person_row || !st.records.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_or_foreign_pending_files_are_moved_aside_and_links_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let here = "postgres://u@h:5432/db";
        let names = |d: &Path| {
            let mut v: Vec<String> = std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        // Kept changes of this store are read.
        let mine = dir.path().join("mine.ron");
        let body = PendingFile {
            store: here.into(),
            flows: BTreeMap::from([(
                "f".to_string(),
                Waiting {
                    record: FlowRecord {
                        flow_id: "f".into(),
                        ..Default::default()
                    },
                    base: Some(3),
                },
            )]),
        };
        std::fs::write(&mine, ron::to_string(&body).unwrap()).unwrap();
        assert_eq!(read_pending(&mine, here).len(), 1);
        // Another store's, and a damaged one: moved aside, not lost.
        assert!(read_pending(&mine, "postgres://u@other:5432/db").is_empty());
        let bad = dir.path().join("bad.ron");
        std::fs::write(&bad, "not ron").unwrap();
        assert!(read_pending(&bad, here).is_empty());
        let kept = names(dir.path());
        assert_eq!(kept.len(), 2, "{kept:?}");
        assert!(kept.iter().all(|n| n.contains(".corrupt-")), "{kept:?}");
        // A link is not followed (its target is not read nor moved).
        let target = dir.path().join("target.ron");
        std::fs::write(&target, ron::to_string(&body).unwrap()).unwrap();
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(read_pending(&link, here).is_empty());
        assert!(target.exists() && link.symlink_metadata().is_ok());
    }

    #[test]
    fn urls_and_pairs_parse_alike() {
        let u = Params::parse("postgres://staff:s%40cret@db.example:6543/banshi?sslmode=require")
            .unwrap();
        assert_eq!(u.get("user"), Some("staff"));
        assert_eq!(u.get("password"), Some("s@cret"));
        assert_eq!(u.get("host"), Some("db.example"));
        assert_eq!(u.get("port"), Some("6543"));
        assert_eq!(u.get("dbname"), Some("banshi"));
        assert_eq!(u.get("sslmode"), Some("require"));
        let k = Params::parse(
            "host=db.example port=6543 dbname = banshi user=staff password='s@c ret\\'x' sslmode=require",
        )
        .unwrap();
        assert_eq!(k.get("password"), Some("s@c ret'x"));
        assert_eq!(k.get("dbname"), Some("banshi"));
        let v6 = Params::parse("postgresql://[::1]:5433/db").unwrap();
        assert_eq!(v6.get("host"), Some("::1"));
        assert_eq!(v6.get("port"), Some("5433"));
    }

    #[test]
    fn passwords_never_show() {
        for spec in [
            "postgres://staff:Hunter2x@db.example/banshi",
            "postgres://staff:Hunter2x@db.example/banshi?sslmode=bogus",
            "host=db.example password=Hunter2x sslmode=bogus",
            "postgres://staff:Hunter2x@db.example:notaport/banshi",
            "host=db.example password='Hunter2x",
        ] {
            let shown = redact_spec(spec);
            assert!(!shown.contains("Hunter2x"), "{shown}");
            if let Err(e) = Conn::new(spec) {
                let msg = e.to_string();
                assert!(!msg.contains("Hunter2x"), "{msg}");
            }
            let dbg = format!("{:?}", Params::parse(spec));
            assert!(!dbg.contains("Hunter2x"), "{dbg}");
        }
        assert_eq!(redact("x s%40c y s@c", "s@c"), "x *** y ***");
    }

    #[test]
    fn pgpass_matches_like_libpq() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(
            &path,
            "# comment\nother:*:*:*:nope\ndb.example:5432:banshi:staff:pa\\:ss\n*:*:*:*:fallback\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert_eq!(
            pgpass(&path, "db.example", "5432", "banshi", "staff").as_deref(),
            Some("pa:ss")
        );
        assert_eq!(
            pgpass(&path, "elsewhere", "1", "x", "y").as_deref(),
            Some("fallback")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert_eq!(pgpass(&path, "db.example", "5432", "banshi", "staff"), None);
        }
    }
}
