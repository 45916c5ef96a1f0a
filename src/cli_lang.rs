//! clap's usage errors in the user's language. The language is read from
//! the command line itself (`--lang`), else `BANSHI_LANG`, `LC_ALL`, `LANG`,
//! as for everything else. English keeps clap's own wording; in Chinese the
//! common kinds (unknown option or command, bad value, missing or
//! conflicting argument) are said in Chinese, and the rest fall back to
//! clap's text. Exit code 2 either way.

use clap::Parser;
use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

use crate::cli::Cli;
use crate::flow::Lang;
use crate::locale::{Locale, detect_lang};

/// Parses the command line; on a usage error prints it in the user's
/// language and exits 2 (help and version print as usual).
pub fn parse() -> Cli {
    match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let args: Vec<String> = std::env::args().collect();
            let lang = lang_of(&args);
            match render(&e, lang) {
                Some(text) if e.use_stderr() => {
                    eprintln!("{text}");
                    std::process::exit(2);
                }
                _ => e.exit(),
            }
        }
    }
}

/// The language asked for on the command line or in the environment.
pub fn lang_of(args: &[String]) -> Lang {
    let mut explicit = None;
    for (i, a) in args.iter().enumerate() {
        let v = match a.strip_prefix("--lang=") {
            Some(v) => Some(v),
            None if a == "--lang" => args.get(i + 1).map(String::as_str),
            None => None,
        };
        if let Some(l) = v.and_then(Lang::parse) {
            explicit = Some(l);
        }
    }
    let env = |k| std::env::var(k).ok();
    let explicit = explicit.or_else(|| env("BANSHI_LANG").as_deref().and_then(Lang::parse));
    detect_lang(explicit, env("LC_ALL").as_deref(), env("LANG").as_deref())
}

fn value(e: &Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The error in `lang`; `None` to let clap print it (English, or a kind
/// without a translation).
pub fn render(e: &Error, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let l = Locale::get(lang);
    let arg = value(e, ContextKind::InvalidArg).unwrap_or_default();
    let mut text = match e.kind() {
        ErrorKind::UnknownArgument => l.fmt("clap.unknown_argument", &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => {
            let sub = value(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            l.fmt("clap.unknown_command", &[("command", &sub)])
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let v = value(e, ContextKind::InvalidValue).unwrap_or_default();
            let mut t = l.fmt("clap.invalid_value", &[("value", &v), ("arg", &arg)]);
            if let Some(valid) = value(e, ContextKind::ValidValue) {
                t.push_str(&l.fmt("clap.valid_values", &[("values", &valid)]));
            } else if arg.starts_with("--lang") {
                t.push_str(l.t("clap.lang_hint"));
            } else if arg.starts_with("--idle") {
                t.push_str(l.t("clap.idle_hint"));
            }
            t
        }
        ErrorKind::MissingRequiredArgument => l.fmt("clap.missing_argument", &[("arg", &arg)]),
        ErrorKind::ArgumentConflict => {
            let prior = value(e, ContextKind::PriorArg).unwrap_or_default();
            l.fmt("clap.conflict", &[("arg", &arg), ("other", &prior)])
        }
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => l.fmt("clap.bad_values", &[("arg", &arg)]),
        _ => return None,
    };
    let suggested =
        value(e, ContextKind::SuggestedArg).or_else(|| value(e, ContextKind::SuggestedSubcommand));
    if let Some(s) = suggested {
        text.push_str(&l.fmt("clap.did_you_mean", &[("suggestion", &s)]));
    }
    Some(format!("banshi: {text}\n{}", l.t("clap.see_help")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(args: &[&str]) -> String {
        let e = Cli::try_parse_from(args).unwrap_err();
        render(&e, Lang::ZhCn).unwrap_or_else(|| panic!("no Chinese for {:?}", e.kind()))
    }

    #[test]
    fn usage_errors_are_said_in_chinese() {
        let t = zh(&["banshi", "--bogus"]);
        assert!(t.contains("未知的选项") && t.contains("--bogus"), "{t}");
        let t = zh(&["banshi", "lisst"]);
        assert!(
            t.contains("未知的命令") && t.contains("lisst") && t.contains("list"),
            "{t}"
        );
        let t = zh(&["banshi", "--lang", "fr"]);
        assert!(t.contains("fr") && t.contains("--lang"), "{t}");
        let t = zh(&["banshi", "print", "x", "--format", "pdf"]);
        assert!(t.contains("pdf") && t.contains("text"), "{t}");
        let t = zh(&["banshi", "show"]);
        assert!(t.contains("缺少"), "{t}");
        let t = zh(&["banshi", "--idle", "5x"]);
        assert!(t.contains("5x"), "{t}");
        let e = Cli::try_parse_from(["banshi", "--bogus"]).unwrap_err();
        assert_eq!(render(&e, Lang::En), None, "English keeps clap's text");
    }

    #[test]
    fn the_language_comes_from_the_command_line_first() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            lang_of(&args(&["banshi", "--lang", "en", "--bogus"])),
            Lang::En
        );
        assert_eq!(lang_of(&args(&["banshi", "--lang=zh-CN"])), Lang::ZhCn);
    }
}
