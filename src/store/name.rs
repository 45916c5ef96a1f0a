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
        | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{E0000}'..='\u{E0FFF}')
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
    (encode(&name) == stem && check(&name).is_ok()).then_some(name)
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
