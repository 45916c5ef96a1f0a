//! Calendar dates (`YYYY-MM-DD`): flows carry a `reviewed` date, printouts
//! carry the date printed, date questions carry the day a person typed, and
//! deadlines are worked out from it ("date + 6 months").
//!
//! "Today" is the local date (the `TZ` variable, else the system's zone),
//! through `jiff`. For tests only, `BANSHI_NOW` sets the clock: an instant
//! (`2026-12-02T23:30:00Z`) or a local time (`2026-12-03T07:30`).

use std::fmt;

use crate::flow::Lang;

/// The variable that sets the clock, for tests.
pub const NOW_VAR: &str = "BANSHI_NOW";

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses exactly `YYYY-MM-DD` and rejects impossible days (`2025-02-30`).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (year, month, day) = (num(0..4)? as i32, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Today in the local time zone (see the module doc for `BANSHI_NOW`).
    pub fn today() -> Date {
        let zone = jiff::tz::TimeZone::system();
        let now = std::env::var(NOW_VAR)
            .ok()
            .and_then(|v| clock_override(&v, &zone))
            .unwrap_or_else(|| jiff::Timestamp::now().to_zoned_datetime(zone));
        let d = now.date();
        Date {
            year: i32::from(d.year()),
            month: d.month() as u32,
            day: d.day() as u32,
        }
    }

    /// A day as a person types it: `2026-12-03`, `2026/12/3`, `2026.12.3`,
    /// `2026年12月3日`, `12月3日` (this year), `12-3`, `今天`, `昨天`, `前天`,
    /// `today`, `yesterday`. Impossible days are refused.
    pub fn parse_typed(input: &str, today: Date) -> Option<Date> {
        let s = input.trim();
        match s.to_lowercase().as_str() {
            "今天" | "今日" | "today" => return Some(today),
            "昨天" | "昨日" | "yesterday" => return Some(today.plus_days(-1)),
            "前天" => return Some(today.plus_days(-2)),
            _ => {}
        }
        let cleaned: String = s
            .chars()
            .map(|c| match c {
                '年' | '月' | '/' | '.' | '-' | '／' | '－' | '．' => '-',
                '日' | '号' => ' ',
                c => c,
            })
            .collect();
        let parts: Vec<&str> = cleaned.trim().split('-').map(str::trim).collect();
        let num = |p: &str| -> Option<u32> {
            (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())?
        };
        let (year, month, day) = match parts.as_slice() {
            [y, m, d] if y.len() == 4 => (num(y)? as i32, num(m)?, num(d)?),
            [m, d] => (today.year, num(m)?, num(d)?),
            _ => return None,
        };
        Date::new(year, month, day)
    }

    /// A valid date, or `None` (`2025-02-29`).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (the inverse of [`Date::from_days`]).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn plus_days(self, days: i64) -> Date {
        Date::from_days(self.days() + days)
    }

    /// The same day `months` later; the end of the month when it has no
    /// such day (31 August + 6 months = 28 or 29 February).
    pub fn plus_months(self, months: i32) -> Date {
        let total = self.year * 12 + self.month as i32 - 1 + months;
        let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// The date after a period.
    pub fn plus(self, p: Period) -> Date {
        self.plus_months(p.months).plus_days(i64::from(p.days))
    }

    /// As people write it: `2027年6月3日` or `3 June 2027`.
    pub fn spoken(self, lang: Lang) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match lang {
            Lang::ZhCn => format!("{}年{}月{}日", self.year, self.month, self.day),
            Lang::En => format!(
                "{} {} {}",
                self.day,
                MONTHS[(self.month - 1) as usize],
                self.year
            ),
        }
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's civil_from_days).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The same day a number of whole years later (29 February becomes 28 February).
    pub fn plus_years(self, years: i32) -> Date {
        let year = self.year + years;
        let day = self.day.min(days_in_month(year, self.month));
        Date { year, day, ..self }
    }
}

/// `BANSHI_NOW` as a time in `zone`: an instant with an offset or `Z`, or a
/// local date and time.
fn clock_override(value: &str, zone: &jiff::tz::TimeZone) -> Option<jiff::ZonedDateTime> {
    let v = value.trim();
    if let Ok(ts) = v.parse::<jiff::Timestamp>() {
        return Some(ts.to_zoned_datetime(zone.clone()));
    }
    v.parse::<jiff::civil::DateTime>()
        .ok()
        .and_then(|dt| dt.to_zoned_datetime(zone.clone()).ok())
}

/// A period after a date: months and days (`6m`, `1y`, `30d`, `2w`, `1m15d`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    pub months: i32,
    pub days: i32,
}

impl Period {
    /// Parses `6m`, `1y`, `30d`, `2w` or a sum such as `1m15d`; at most ten
    /// years. `None` for anything else.
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let mut p = Period { months: 0, days: 0 };
        let mut digits = String::new();
        let mut any = false;
        for c in s.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                if digits.len() > 4 {
                    return None;
                }
                continue;
            }
            let n: i32 = digits.parse().ok()?;
            digits.clear();
            match c {
                'y' => p.months += 12 * n,
                'm' => p.months += n,
                'w' => p.days += 7 * n,
                'd' => p.days += n,
                _ => return None,
            }
            any = true;
        }
        (any && digits.is_empty() && p.months * 31 + p.days <= 3660).then_some(p)
    }
}

/// When a deadline falls: one period, or a range where the sources (or the
/// regions) disagree: `6m` or `3m..6m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct After {
    pub from: Period,
    /// The latest, when the period is disputed.
    pub to: Option<Period>,
}

impl After {
    /// Parses `6m` or `3m..6m` (the first no later than the second).
    pub fn parse(s: &str) -> Option<After> {
        match s.split_once("..") {
            None => Some(After {
                from: Period::parse(s)?,
                to: None,
            }),
            Some((a, b)) => {
                let (from, to) = (Period::parse(a)?, Period::parse(b)?);
                let probe = Date {
                    year: 2001,
                    month: 1,
                    day: 31,
                };
                (probe.plus(from) < probe.plus(to)).then_some(After { from, to: Some(to) })
            }
        }
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_and_rejects_impossible_dates() {
        assert_eq!(
            Date::parse("2026-11-23"),
            Some(Date {
                year: 2026,
                month: 11,
                day: 23
            })
        );
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Some(29));
        for bad in [
            "2025-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-11-23",
            "2026/11/23",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_since_epoch_round_trip_through_display() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_415).to_string(), "2025-11-23");
        assert_eq!(Date::from_days(-1).to_string(), "1969-12-31");
    }

    #[test]
    fn typed_dates_in_the_ways_people_write_them() {
        let today = Date::parse("2026-12-03").unwrap();
        let want = Some(today);
        for typed in [
            "2026-12-03",
            "2026/12/3",
            "2026.12.3",
            "2026年12月3日",
            "12月3日",
            "12月3号",
            "12-3",
            " 今天 ",
            "today",
            "Today",
        ] {
            assert_eq!(Date::parse_typed(typed, today), want, "{typed}");
        }
        let yesterday = Date::parse("2026-12-02");
        assert_eq!(Date::parse_typed("昨天", today), yesterday);
        assert_eq!(Date::parse_typed("yesterday", today), yesterday);
        for bad in [
            "2026-02-30",
            "13月1日",
            "明年",
            "2026",
            "",
            "1/2/3/4",
            "99999-1-1",
        ] {
            assert_eq!(Date::parse_typed(bad, today), None, "{bad}");
        }
    }

    #[test]
    fn periods_and_ranges() {
        let d = Date::parse("2026-12-03").unwrap();
        let six = Period::parse("6m").unwrap();
        assert_eq!(d.plus(six).to_string(), "2027-06-03");
        assert_eq!(
            d.plus(Period::parse("1y").unwrap()).to_string(),
            "2027-12-03"
        );
        assert_eq!(
            d.plus(Period::parse("30d").unwrap()).to_string(),
            "2027-01-02"
        );
        assert_eq!(
            Date::parse("2026-08-31").unwrap().plus(six).to_string(),
            "2027-02-28"
        );
        assert_eq!(d.plus(six).spoken(Lang::ZhCn), "2027年6月3日");
        assert_eq!(d.plus(six).spoken(Lang::En), "3 June 2027");
        assert!(After::parse("3m..6m").unwrap().to.is_some());
        for bad in ["", "6", "m", "6x", "6m..3m", "6m..", "-6m", "99999d", "6m6"] {
            assert!(After::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn days_round_trip() {
        for n in [-800_000, -1, 0, 1, 20_415, 60_000] {
            assert_eq!(Date::from_days(n).days(), n);
        }
    }

    #[test]
    fn plus_years_clamps_leap_day() {
        let d = Date::parse("2024-02-29").unwrap();
        assert_eq!(d.plus_years(1).to_string(), "2025-02-28");
    }
}
