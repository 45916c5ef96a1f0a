//! `--idle DURATION`: after that long without a key, progress is saved and
//! the screen clears to the neutral switcher that names nobody (see
//! [`super::person::idle`]). Off by default.

use std::time::{Duration, Instant};

use super::app::App;

/// The longest idle time accepted (a day).
const MAX: Duration = Duration::from_secs(24 * 3600);

/// `90`, `90s`, `5m`, `1h`, `2m30s`; `0` or `off` turns it off (zero).
pub fn parse(s: &str) -> Result<Duration, String> {
    let t = s.trim().to_ascii_lowercase();
    if t == "off" || t == "0" {
        return Ok(Duration::ZERO);
    }
    let bad = || format!("\"{s}\" is not a duration: use e.g. 90s, 5m or 1h (0 or off: never)");
    let mut total = 0u64;
    let mut num = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            if num.len() > 6 {
                return Err(bad());
            }
            continue;
        }
        let n: u64 = num.parse().map_err(|_| bad())?;
        num.clear();
        total += n * match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            _ => return Err(bad()),
        };
    }
    if !num.is_empty() {
        total += num.parse::<u64>().map_err(|_| bad())?;
    }
    let d = Duration::from_secs(total);
    if d > MAX {
        return Err(format!("\"{s}\" is longer than a day; use at most 24h"));
    }
    Ok(d)
}

/// Clears to the neutral screen after `after` without a key (`None`: never).
pub fn set(app: &mut App, after: Option<Duration>) {
    app.users.idle = after;
}

/// Whether the idle time has passed since `last_key` (never when off).
pub fn due(app: &App, last_key: Instant) -> bool {
    app.users.idle.is_some_and(|d| last_key.elapsed() >= d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse() {
        let s = |n| Ok(Duration::from_secs(n));
        assert_eq!(parse("90"), s(90));
        assert_eq!(parse("90s"), s(90));
        assert_eq!(parse("5m"), s(300));
        assert_eq!(parse("1h"), s(3600));
        assert_eq!(parse("2m30s"), s(150));
        assert_eq!(parse("0"), Ok(Duration::ZERO));
        assert_eq!(parse("off"), Ok(Duration::ZERO));
        assert!(parse("5x").is_err());
        assert!(parse("m").is_err());
        assert!(parse("48h").is_err());
        assert!(parse("99999999999").is_err());
    }
}
