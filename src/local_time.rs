//! Unix times as local date and time (`2026-12-03 17:20`), in the system's
//! time zone (`TZ`, else /etc/localtime; UTC when neither is known).

/// `YYYY-MM-DD HH:MM` in local time.
pub fn date_time(secs: u64) -> String {
    let Ok(ts) = jiff::Timestamp::from_second(secs.min(i64::MAX as u64) as i64) else {
        return "-".to_string();
    };
    ts.to_zoned_datetime(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_a_time() {
        let s = super::date_time(1_767_225_600);
        assert_eq!(s.len(), 16, "{s}");
        assert!(
            s.starts_with("2026-01-01") || s.starts_with("2025-12-31"),
            "{s}"
        );
    }
}
