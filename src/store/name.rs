//! User names and the file names they are saved under.
//!
//! A name is what staff type after `--user`: `王芳`, `Mary Ann`, `li.wei`. It
//! is checked ([`check`]) and then mapped to a file stem ([`encode`]) that is
//! safe on every file system:
//!
//! - `a-z`, `0-9`, `_`, `-` and CJK ideographs are kept as they are, so a
//!   folder listing still shows `王芳.ron`;
//! - everything else (upper-case letters, spaces, dots, other scripts) is
//!   percent-encoded as UTF-8 bytes with upper-case hex: `Mary Ann` →
//!   `%4Dary%20%41nn`.
//!
//! Encoding upper-case ASCII and every cased non-ASCII letter keeps two names
//! that differ only in case apart on case-insensitive file systems (macOS,
//! Windows). CJK ideographs have no case and no canonical decomposition, so a
//! file system that normalises names (HFS+) cannot change them either.
//! [`decode`] reverses the mapping and accepts only canonical stems, so a
//! listing never shows a name that would open a different file.

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use crate::flow::Lang;
use crate::locale::Locale;

/// The longest name, in characters.
pub const MAX_CHARS: usize = 64;

/// The longest file stem, in bytes: leaves room for `.ron.corrupt-<time>-<n>`
/// under the usual 255-byte file-name limit.
pub const MAX_STEM_BYTES: usize = 220;

/// Why a user name was refused. The message says what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the user name is empty; give a name with --user NAME")]
    Empty,
    #[error("the user name is {0} characters long; use at most 64")]
    TooLong(usize),
    #[error(
        "the user name is too long to be a file name ({0} bytes once encoded); use a shorter name"
    )]
    TooLongForFile(usize),
    #[error("the user name contains a path separator (/ or \\); use a name without one")]
    Separator,
    #[error("the user name contains \"..\"; use a name without it")]
    DotDot,
    #[error("the user name starts with a dot; use a name that starts with a letter or digit")]
    LeadingDot,
    #[error(
        "the user name contains a control or invisible character (U+{0:04X}); type the name again"
    )]
    Invisible(u32),
    #[error("the user name starts or ends with a space; remove the space")]
    Padded,
    #[error(
        "the user name contains an unusual space or line separator (U+{0:04X}); use an ordinary space"
    )]
    Space(u32),
    #[error(
        "the user name starts with a combining mark (U+{0:04X}); type the letter it belongs to first"
    )]
    LoneMark(u32),
}

impl NameError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let l = Locale::get(lang);
        let u = |c: &u32| format!("U+{c:04X}");
        match self {
            NameError::Empty => l.t("name.empty").to_string(),
            NameError::TooLong(n) => l.fmt("name.too_long", &[("n", n), ("max", &MAX_CHARS)]),
            NameError::TooLongForFile(n) => l.fmt("name.too_long_file", &[("n", n)]),
            NameError::Separator => l.t("name.separator").to_string(),
            NameError::DotDot => l.t("name.dotdot").to_string(),
            NameError::LeadingDot => l.t("name.leading_dot").to_string(),
            NameError::Invisible(c) => l.fmt("name.invisible", &[("char", &u(c))]),
            NameError::Padded => l.t("name.padded").to_string(),
            NameError::Space(c) => l.fmt("name.space", &[("char", &u(c))]),
            NameError::LoneMark(c) => l.fmt("name.lone_mark", &[("char", &u(c))]),
        }
    }
}

/// The name in Unicode NFC: `e` + U+0301 becomes `é`, so one person is one
/// file however the name was typed.
pub fn normalize(name: &str) -> String {
    name.nfc().collect()
}

/// Checks a user name; `Ok` means it can be stored.
pub fn check(name: &str) -> Result<(), NameError> {
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    let chars = name.chars().count();
    if chars > MAX_CHARS {
        return Err(NameError::TooLong(chars));
    }
    if let Some(c) = name.chars().find(|&c| c.is_control() || is_invisible(c)) {
        return Err(NameError::Invisible(c as u32));
    }
    if let Some(c) = name.chars().find(|&c| is_odd_space(c)) {
        return Err(NameError::Space(c as u32));
    }
    if let Some(c) = name.chars().next().filter(|&c| is_combining_mark(c)) {
        return Err(NameError::LoneMark(c as u32));
    }
    if name.contains(['/', '\\']) {
        return Err(NameError::Separator);
    }
    if name.contains("..") {
        return Err(NameError::DotDot);
    }
    if name.starts_with('.') {
        return Err(NameError::LeadingDot);
    }
    if name.starts_with(char::is_whitespace) || name.ends_with(char::is_whitespace) {
        return Err(NameError::Padded);
    }
    let len = encode(name).len();
    if len > MAX_STEM_BYTES {
        return Err(NameError::TooLongForFile(len));
    }
    Ok(())
}

/// Zero-width and bidirectional formatting characters: they make two
/// different names look the same, or a name look like something else.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2800}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Spaces other than U+0020 and the line and paragraph separators: a name
/// with a no-break or ideographic space looks like one with an ordinary
/// space but is another file.
fn is_odd_space(c: char) -> bool {
    c != ' ' && (c.is_whitespace() || matches!(c, '\u{2028}' | '\u{2029}'))
}

/// Characters kept as they are in file names.
fn is_plain(c: char) -> bool {
    matches!(c,
        'a'..='z' | '0'..='9' | '_' | '-'
        // CJK Unified Ideographs, Extension A, Extensions B–F and G–H
        // (not the compatibility ideographs, which decompose).
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{20000}'..='\u{2EBEF}' | '\u{30000}'..='\u{323AF}')
}

/// The file stem for a name (without `.ron`). Injective, and stays injective
/// when the file system ignores case.
pub fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if is_plain(c) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The name a file stem stands for, if the stem is the canonical encoding of
/// an acceptable name (so `decode` then `encode` gives the stem back).
pub fn decode(stem: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(stem.len());
    let mut rest = stem;
    while let Some(c) = rest.chars().next() {
        if c == '%' {
            let hex = rest.get(1..3)?;
            if !hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
            {
                return None;
            }
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &rest[3..];
        } else {
            let mut buf = [0; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            rest = &rest[c.len_utf8()..];
        }
    }
    let name = String::from_utf8(bytes).ok()?;
    (encode(&name) == stem && check(&name).is_ok() && normalize(&name) == name).then_some(name)
}

/// The login name from `$USER`, `$LOGNAME` or `$USERNAME` (the first that is
/// set and acceptable), else `default`.
pub fn default_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .into_iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| check(v).is_ok())
        .unwrap_or_else(|| DEFAULT_USER.to_string())
}

/// The name used when the login name is unknown.
pub const DEFAULT_USER: &str = "default";
