//! `parse_when` and `parse_iso_week`: never panic, nor do the commands'
//! readings of a parsed time (`--at`, `--since`, `--until`, `--date`); an
//! ISO week is a Monday and its `YYYY-Www` name reads back to it.
#![no_main]

use backwalk::{
    Clock, parse_day, parse_iso_week, parse_since, parse_start_at, parse_until, parse_when,
};
use chrono::{DateTime, Datelike, Utc, Weekday};
use libfuzzer_sys::fuzz_target;

fn clock() -> Clock {
    let now = DateTime::parse_from_rfc3339("2026-11-21T18:30:00+01:00").expect("a fixed now");
    Clock::new(now.with_timezone(&Utc), "Europe/Berlin".parse().expect("a zone"))
}

fuzz_target!(|text: &str| {
    let clock = clock();
    if let Ok(when) = parse_when(text, &clock) {
        let _ = parse_start_at(when, &clock);
        let (since, until) = (parse_since(when, &clock), parse_until(when, &clock));
        assert!(
            since < until,
            "{text:?}: since {since} is not before until {until}"
        );
        let _ = parse_day(when, &clock);
    }
    if let Ok(monday) = parse_iso_week(text) {
        assert_eq!(monday.weekday(), Weekday::Mon, "{text:?}");
        let week = monday.iso_week();
        let name = format!("{}-W{:02}", week.year(), week.week());
        assert_eq!(parse_iso_week(&name), Ok(monday), "{text:?} → {name:?}");
    }
});
