//! Store and name errors in the user's language. `Display` (from thiserror)
//! stays English for logs and tests; everything shown to a person goes
//! through `message(lang)`, which uses `locales/*.ron`.

use std::io;

use crate::flow::Lang;
use crate::locale::Locale;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NameError, StoreError};
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
            NameError::Space(0x00A0),
            NameError::LoneMark(0x0301),
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
            StoreError::NotRegular {
                path: p(),
                kind: crate::store::FileKind::Fifo,
            },
            StoreError::NotDir {
                path: p(),
                kind: crate::store::FileKind::Link,
            },
            StoreError::DirMode {
                path: p(),
                mode: 0o500,
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
