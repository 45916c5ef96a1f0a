//! Store and name errors in the user's language. `Display` (from thiserror)
//! stays English for logs and tests; everything shown to a person goes
//! through `message(lang)`, which uses `locales/*.ron`.

use std::io;

use super::{NameError, SCHEMA, StoreError};
use crate::flow::Lang;
use crate::locale::Locale;

impl NameError {
    /// Why the name was refused, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let l = Locale::get(lang);
        match self {
            NameError::Empty => l.t("name.empty").to_string(),
            NameError::TooLong(n) => l.fmt("name.too_long", &[("n", n)]),
            NameError::TooLongForFile(n) => l.fmt("name.too_long_for_file", &[("n", n)]),
            NameError::Separator => l.t("name.separator").to_string(),
            NameError::DotDot => l.t("name.dot_dot").to_string(),
            NameError::LeadingDot => l.t("name.leading_dot").to_string(),
            NameError::Invisible(c) => l.fmt("name.invisible", &[("code", &format!("U+{c:04X}"))]),
            NameError::Padded => l.t("name.padded").to_string(),
        }
    }
}

/// An I/O error's reason in `lang` (the common kinds; the system's text
/// otherwise).
pub fn io_reason(e: &io::Error, lang: Lang) -> String {
    let l = Locale::get(lang);
    let key = match e.kind() {
        io::ErrorKind::PermissionDenied => "io.permission_denied",
        io::ErrorKind::NotFound => "io.not_found",
        io::ErrorKind::AlreadyExists => "io.already_exists",
        io::ErrorKind::StorageFull => "io.storage_full",
        io::ErrorKind::ReadOnlyFilesystem => "io.read_only",
        io::ErrorKind::IsADirectory => "io.is_a_directory",
        io::ErrorKind::NotADirectory => "io.not_a_directory",
        _ => return l.fmt("io.other", &[("text", e)]),
    };
    l.t(key).to_string()
}

impl StoreError {
    /// The error in `lang`: what went wrong, where, and what to do.
    pub fn message(&self, lang: Lang) -> String {
        let l = Locale::get(lang);
        let io = |e: &io::Error| io_reason(e, lang);
        match self {
            StoreError::NoDataDir => l.t("store.err.no_data_dir").to_string(),
            StoreError::Name { name, source } => l.fmt(
                "store.err.name",
                &[("name", name), ("reason", &source.message(lang))],
            ),
            StoreError::Read { path, source } => l.fmt(
                "store.err.read",
                &[("path", &path.display()), ("reason", &io(source))],
            ),
            StoreError::Write { path, source } => l.fmt(
                "store.err.write",
                &[("path", &path.display()), ("reason", &io(source))],
            ),
            StoreError::Dir { path, source } => l.fmt(
                "store.err.dir",
                &[("path", &path.display()), ("reason", &io(source))],
            ),
            StoreError::Lock { path, source } => l.fmt(
                "store.err.lock",
                &[("path", &path.display()), ("reason", &io(source))],
            ),
            StoreError::Busy { path } => l.fmt("store.err.busy", &[("path", &path.display())]),
            StoreError::MoveAside { path, source } => l.fmt(
                "store.err.move_aside",
                &[("path", &path.display()), ("reason", &io(source))],
            ),
            StoreError::NewerSchema { path, found } => l.fmt(
                "store.err.newer",
                &[
                    ("path", &path.display()),
                    ("found", found),
                    ("schema", &SCHEMA),
                ],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn every_name_error() -> Vec<NameError> {
        vec![
            NameError::Empty,
            NameError::TooLong(70),
            NameError::TooLongForFile(300),
            NameError::Separator,
            NameError::DotDot,
            NameError::LeadingDot,
            NameError::Invisible(0x200B),
            NameError::Padded,
        ]
    }

    fn every_store_error() -> Vec<StoreError> {
        let p = || PathBuf::from("/data/progress/王芳.ron");
        let e = || io::Error::from(io::ErrorKind::PermissionDenied);
        vec![
            StoreError::NoDataDir,
            StoreError::Name {
                name: "../x".into(),
                source: NameError::DotDot,
            },
            StoreError::Read {
                path: p(),
                source: e(),
            },
            StoreError::Write {
                path: p(),
                source: e(),
            },
            StoreError::Dir {
                path: p(),
                source: e(),
            },
            StoreError::Lock {
                path: p(),
                source: e(),
            },
            StoreError::Busy { path: p() },
            StoreError::MoveAside {
                path: p(),
                source: e(),
            },
            StoreError::NewerSchema {
                path: p(),
                found: 9,
            },
        ]
    }

    fn has_chinese(s: &str) -> bool {
        s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
    }

    fn assert_rendered(zh: &str, en: &str) {
        for s in [zh, en] {
            assert!(!s.contains('{'), "placeholder left: {s}");
            assert!(
                !s.contains("store.err.") && !s.contains("name."),
                "missing key: {s}"
            );
        }
        assert!(has_chinese(zh), "not Chinese: {zh}");
        assert!(
            !en.chars()
                .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) && !"王芳".contains(c)),
            "not English: {en}"
        );
        assert_ne!(zh, en);
    }

    #[test]
    fn every_error_kind_renders_in_both_languages() {
        for e in every_name_error() {
            assert_rendered(&e.message(Lang::ZhCn), &e.message(Lang::En));
        }
        for e in every_store_error() {
            let (zh, en) = (e.message(Lang::ZhCn), e.message(Lang::En));
            assert_rendered(&zh, &en);
        }
        let zh = StoreError::NewerSchema {
            path: "/p".into(),
            found: 9,
        }
        .message(Lang::ZhCn);
        assert!(zh.contains('9') && zh.contains("/p"), "{zh}");
        for kind in [
            io::ErrorKind::NotFound,
            io::ErrorKind::AlreadyExists,
            io::ErrorKind::StorageFull,
            io::ErrorKind::ReadOnlyFilesystem,
        ] {
            let e = io::Error::from(kind);
            assert!(has_chinese(&io_reason(&e, Lang::ZhCn)));
        }
    }
}
