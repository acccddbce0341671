use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

use super::*;
use crate::parse::tests::{assert_refusal, clock, date, proptest_config};

#[allow(clippy::unnecessary_wraps, reason = "compared with what `when` returns")]
fn at(text: &str) -> Result<When, String> {
    Ok(When::Moment(DateTime::parse_from_rfc3339(text).unwrap()))
}

#[allow(clippy::unnecessary_wraps, reason = "compared with what `when` returns")]
fn on(text: &str) -> Result<When, String> {
    Ok(When::Day {
        date: date(text),
        today: false,
    })
}

#[test]
fn days_by_name() {
    let c = clock();
    let now = Ok(When::Day {
        date: date("2026-11-21"),
        today: true,
    });
    assert_eq!(when("today", &c), now);
    assert_eq!(when("Today", &c), now);
    assert_eq!(when("Yesterday", &c), on("2026-11-20"));
    assert_eq!(when("0 days ago", &c), on("2026-11-21"));
    assert_eq!(when("1 day ago", &c), on("2026-11-20"));
    assert_eq!(when("3 days ago", &c), on("2026-11-18"));
    assert_eq!(when("  3   DAYS  ago ", &c), on("2026-11-18"));
    assert_eq!(when("400 days ago", &c), on("2025-10-17"));
    // 21 November 2026 is a Saturday.
    assert_eq!(when("sat", &c), on("2026-11-21"));
    assert_eq!(when("saturday", &c), on("2026-11-21"));
    assert_eq!(when("fri", &c), on("2026-11-20"));
    assert_eq!(when("Monday", &c), on("2026-11-16"));
    assert_eq!(when("MON", &c), on("2026-11-16"));
    assert_eq!(when("sun", &c), on("2026-11-15"));
    assert_eq!(when("sunday", &c), on("2026-11-15"));
    assert_eq!(when("tue", &c), on("2026-11-17"));
    assert_eq!(when("wednesday", &c), on("2026-11-18"));
    assert_eq!(when("thu", &c), on("2026-11-19"));
    assert_eq!(
        when("today", &c),
        Ok(When::Day {
            date: date("2026-11-21"),
            today: true
        })
    );
    assert_eq!(
        when("yesterday", &c),
        Ok(When::Day {
            date: date("2026-11-20"),
            today: false
        })
    );
}

#[test]
fn calendar_dates() {
    let c = clock();
    for input in [
        "2026-11-09",
        "9 Nov",
        "Nov 9",
        "9 November",
        "November 9",
        "9 nov 2026",
        "Nov 9 2026",
        "Nov 9, 2026",
        "Nov 9,2026",
        "09 Nov",
        "9 NOVEMBER 2026",
    ] {
        assert_eq!(when(input, &c), on("2026-11-09"), "{input}");
    }
    // Without a year: the latest such day not after today.
    assert_eq!(when("21 Nov", &c), on("2026-11-21"));
    assert_eq!(when("22 Nov", &c), on("2025-11-22"));
    assert_eq!(when("25 Dec", &c), on("2025-12-25"));
    assert_eq!(when("Jan 1", &c), on("2026-01-01"));
    assert_eq!(when("29 Feb", &c), on("2024-02-29"));
    assert_eq!(when("Sept 30", &c), on("2026-09-30"));
    assert_eq!(when("25 Dec 2030", &c), on("2030-12-25"));
    assert_eq!(when("0001-01-01", &c), on("0001-01-01"));
    assert_eq!(when("9999-12-31", &c), on("9999-12-31"));
}

#[test]
fn times_alone_and_after_dates() {
    let c = clock();
    let cases = [
        ("07:30", "2026-11-21T07:30:00+01:00"),
        ("7:30", "2026-11-21T07:30:00+01:00"),
        ("7am", "2026-11-21T07:00:00+01:00"),
        ("7 am", "2026-11-21T07:00:00+01:00"),
        ("7AM", "2026-11-21T07:00:00+01:00"),
        ("7:30pm", "2026-11-21T19:30:00+01:00"),
        ("7:30 PM", "2026-11-21T19:30:00+01:00"),
        ("19:05", "2026-11-21T19:05:00+01:00"),
        ("19:05:30", "2026-11-21T19:05:30+01:00"),
        ("00:00", "2026-11-21T00:00:00+01:00"),
        ("12am", "2026-11-21T00:00:00+01:00"),
        ("12:30am", "2026-11-21T00:30:00+01:00"),
        ("12pm", "2026-11-21T12:00:00+01:00"),
        ("12:45pm", "2026-11-21T12:45:00+01:00"),
        ("yesterday 7am", "2026-11-20T07:00:00+01:00"),
        ("today 07:05", "2026-11-21T07:05:00+01:00"),
        ("mon 18:00", "2026-11-16T18:00:00+01:00"),
        ("9 Nov 7:30pm", "2026-11-09T19:30:00+01:00"),
        ("Nov 9 2026 7:30pm", "2026-11-09T19:30:00+01:00"),
        ("Nov 9, 2026 7pm", "2026-11-09T19:00:00+01:00"),
        ("3 days ago 07:30", "2026-11-18T07:30:00+01:00"),
        ("2026-11-09 7pm", "2026-11-09T19:00:00+01:00"),
        ("2026-11-09 07:30", "2026-11-09T07:30:00+01:00"),
        ("2026-11-01 07:15", "2026-11-01T07:15:00+01:00"),
        ("2026-07-01 7:15", "2026-07-01T07:15:00+02:00"),
        ("2026-07-01T07:15", "2026-07-01T07:15:00+02:00"),
        ("2026-07-01T07:15:30", "2026-07-01T07:15:30+02:00"),
        ("2026-07-01t07:15z", "2026-07-01T07:15:00+00:00"),
        ("2026-07-01T07:15Z", "2026-07-01T07:15:00+00:00"),
        ("2026-07-01T07:15-05:00", "2026-07-01T07:15:00-05:00"),
        ("2026-07-01T07:15:00+0530", "2026-07-01T07:15:00+05:30"),
        ("2026-07-01T07:15:00+01:00", "2026-07-01T07:15:00+01:00"),
        ("2026-07-01T07:15:00.5Z", "2026-07-01T07:15:00.5Z"),
        ("2026-07-01T07:15:00.123456789Z", "2026-07-01T07:15:00.123456789Z"),
        ("2026-07-01 07:15+01:00", "2026-07-01T07:15:00+01:00"),
    ];
    for (input, moment) in cases {
        assert_eq!(when(input, &c), at(moment), "{input}");
    }
    // The offset is kept as written.
    let Ok(When::Moment(t)) = when("2026-07-01T07:15-05:00", &c) else {
        panic!()
    };
    assert_eq!(t.offset().local_minus_utc(), -5 * 3600);
}

#[test]
fn rejected_times_say_why() {
    let c = clock();
    let cases = [
        ("", "it is empty"),
        ("now", "YYYY-MM-DD"),
        ("tomorrow", "accepted: today, yesterday"),
        ("2026-02-30", "not a calendar date: February 2026 has 28 days"),
        ("2028-02-30", "February 2028 has 29 days"),
        ("2026-13-01", "not a calendar date: months go 01 to 12"),
        ("2026-00-10", "months go 01 to 12"),
        ("2026-11-00", "days start at 1"),
        ("0000-01-01", "years go 0001 to 9999"),
        ("31 Nov", "not a calendar date: November has 30 days"),
        ("Nov 31", "November has 30 days"),
        ("30 Feb", "February has 29 days"),
        ("29 Feb 2026", "February 2026 has 28 days"),
        ("0 Nov", "days start at 1"),
        ("9 Nov 0000", "years go 1 to 9999"),
        ("2026-11-21 25:00", "hours go 00 to 23"),
        ("25:00", "HH:MM"),
        ("24:00", "hours go 00 to 23"),
        ("7:60", "minutes go 00 to 59"),
        ("7:5", "two digits"),
        ("19:05:60", "seconds go 00 to 59"),
        ("13pm", "the hour goes 1 to 12"),
        ("0am", "the hour goes 1 to 12"),
        ("00:30am", "the hour goes 1 to 12"),
        ("7", "a bare number is not a time; write 7:00, 7am or 7pm"),
        ("19", "write 19:00"),
        ("2026/11/21", "YYYY-MM-DD"),
        ("21-11-2026", "write the date as YYYY-MM-DD"),
        ("21.11.2026", "write the date as YYYY-MM-DD"),
        ("2026-11-21T", "a time must follow the T"),
        ("2026-11-21T7:30", "YYYY-MM-DD"),
        ("2026-11-21T07:30pm", "YYYY-MM-DD"),
        (
            "2026-11-21T07:30+25:00",
            "an offset looks like Z, +01:00 or +0100",
        ),
        ("2026-11-21T07:30+1", "an offset looks like"),
        ("07:30Z", "YYYY-MM-DD"),
        ("9 Nov 07:30+01:00", "YYYY-MM-DD"),
        ("07:30:00.5", "YYYY-MM-DD"),
        ("2026-11-21T07:30:00.1234567891Z", "1 to 9 digits"),
        ("9 Foo", "YYYY-MM-DD"),
        ("Nov", "a month needs a day, as in Nov 9"),
        ("Nov 9, 7pm", "a comma goes only before the year"),
        (
            "3 days",
            "the last N days (7d, 2w) work only with --since and --from",
        ),
        ("7d", "work only with --since"),
        ("3 days ago ago", "YYYY-MM-DD"),
        ("3 day", "--since"),
        ("99999999999999999999 days ago", "before the year 1"),
        ("3000000 days ago", "before the year 1"),
        ("7am yesterday", "YYYY-MM-DD"),
        ("yesterday 7", "a bare number is not a time"),
        ("yesterday today", "YYYY-MM-DD"),
        ("last monday", "YYYY-MM-DD"),
        ("9th Nov", "YYYY-MM-DD"),
        ("+2026-11-21T07:30Z", "YYYY-MM-DD"),
        ("٣:٠٠", "YYYY-MM-DD"),
    ];
    for (input, says) in cases {
        let message = when(input, &c).unwrap_err();
        assert!(message.contains(says), "{input:?}: {message}");
        assert_refusal(&message, input);
    }
}

#[test]
fn typos_get_the_nearest_accepted_text() {
    let c = clock();
    let cases = [
        ("yesteday", Some("yesterday")),
        ("Yesteday", Some("Yesterday")),
        ("tuseday", Some("tuesday")),
        ("Nvo 9", Some("Nov 9")),
        ("9 Nvo", Some("9 Nov")),
        ("tday", Some("today")),
        ("yesterday 7 pn", Some("yesterday 7 pm")),
        ("3 dyas ago", Some("3 days ago")),
        ("9th Nov", Some("9 Nov")),
        ("Nov 1st 2026", Some("Nov 1 2026")),
        ("Nov 9, 7pm", Some("Nov 9 7pm")),
        ("7am yesterday", Some("yesterday 7am")),
        ("2026/11/21", Some("2026-11-21")),
        ("2026-1-5", Some("2026-01-05")),
        ("21-11-2026", Some("2026-11-21")),
        ("21.11.2026 7am", Some("2026-11-21 7am")),
        // Could be May or June: no guess.
        ("05-06-2026", None),
        // As near `mar` as `may`: no guess.
        ("9 maz", None),
        ("now", None),
        ("tomorrow", None),
        ("9 Foo", None),
        ("2026-02-30", None),
    ];
    for (input, suggestion) in cases {
        let message = when(input, &c).unwrap_err();
        match suggestion {
            Some(s) => assert!(
                message.contains(&format!("; did you mean '{s}'? accepted:")),
                "{input}: {message}"
            ),
            None => assert!(!message.contains("did you mean"), "{input}: {message}"),
        }
    }
}

#[test]
fn daylight_saving_changes() {
    let c = clock();
    // Berlin skips 02:00-03:00 on 2026-03-29.
    for input in ["2026-03-29 02:30", "2026-03-29T02:30", "Mar 29 2026 2:30am"] {
        let message = when(input, &c).unwrap_err();
        assert!(message.contains("does not exist in Europe/Berlin"), "{message}");
        assert!(message.contains("the clocks skip it"), "{message}");
        assert!(message.contains("from 02:00 to 03:00"), "{message}");
        assert_refusal(&message, input);
    }
    assert_eq!(when("2026-03-29 03:00", &c), at("2026-03-29T03:00:00+02:00"));
    // 02:30 happens twice on 2026-10-25: the earlier is read.
    assert_eq!(when("2026-10-25 02:30", &c), at("2026-10-25T02:30:00+02:00"));
    assert_eq!(when("25 Oct 2:30am", &c), at("2026-10-25T02:30:00+02:00"));
    // With an offset, a wall time the clocks skip is a fine instant.
    assert_eq!(
        when("2026-03-29T02:30+01:00", &c),
        at("2026-03-29T02:30:00+01:00")
    );
}

#[test]
fn since_reads_the_last_days() {
    let c = clock();
    assert_eq!(since_when("7d", &c), on("2026-11-15"));
    assert_eq!(since_when("7D", &c), on("2026-11-15"));
    assert_eq!(since_when("7 days", &c), on("2026-11-15"));
    assert_eq!(since_when("1d", &c), on("2026-11-21"));
    assert_eq!(since_when("1 day", &c), on("2026-11-21"));
    assert_eq!(since_when("2w", &c), on("2026-11-08"));
    assert_eq!(since_when("2 weeks", &c), on("2026-11-08"));
    assert_eq!(since_when("1 week", &c), on("2026-11-15"));
    // Everything `when` reads, too.
    assert_eq!(since_when("yesterday", &c), on("2026-11-20"));
    assert_eq!(since_when("3 days ago", &c), on("2026-11-18"));
    assert_eq!(since_when("07:30", &c), at("2026-11-21T07:30:00+01:00"));
    let d = since_when("7d", &c).unwrap();
    assert_eq!(since(d, &c).to_rfc3339(), "2026-11-15T00:00:00+01:00");
    for (input, says) in [
        ("0d", "it covers no days"),
        ("0w", "it covers no days"),
        ("99999999999999999999d", "before the year 1"),
        ("3000000w", "before the year 1"),
        ("7x", "7d or 2w"),
        ("d", "7d or 2w"),
        ("yesteday", "did you mean 'yesterday'"),
    ] {
        let message = since_when(input, &c).unwrap_err();
        assert!(message.contains(says), "{input:?}: {message}");
        assert_refusal(&message, input);
    }
}

#[test]
fn what_a_bare_day_means_depends_on_the_flag() {
    let c = clock();
    let start = |t| start_at(when(t, &c).unwrap(), &c).map(|s| s.map(|s| s.to_rfc3339()));
    assert_eq!(start("today"), Ok(None));
    // Only the word `today` is "ended now": today's weekday or date is
    // 12:00 that day, as any other day (README, "Everyday use").
    assert_eq!(start("sat"), Ok(Some("2026-11-21T12:00:00+01:00".into())));
    assert_eq!(start("2026-11-21"), Ok(Some("2026-11-21T12:00:00+01:00".into())));
    assert_eq!(start("yesterday"), Ok(Some("2026-11-20T12:00:00+01:00".into())));
    assert_eq!(start("mon"), Ok(Some("2026-11-16T12:00:00+01:00".into())));
    assert_eq!(start("9 Nov"), Ok(Some("2026-11-09T12:00:00+01:00".into())));
    assert_eq!(start("2026-07-01"), Ok(Some("2026-07-01T12:00:00+02:00".into())));
    assert_eq!(start("2026-03-29"), Ok(Some("2026-03-29T12:00:00+02:00".into())));
    assert_eq!(start("7am"), Ok(Some("2026-11-21T07:00:00+01:00".into())));
    assert!(start("2026-11-21 19:00").unwrap_err().contains("future"));
    assert!(start("7pm").unwrap_err().contains("future"));
    assert!(start("25 Dec 2026").unwrap_err().contains("future"));
    assert!(start("2026-11-21 18:30").is_ok());
    let d = when("2026-11-20", &c).unwrap();
    assert_eq!(since(d, &c).to_rfc3339(), "2026-11-20T00:00:00+01:00");
    assert_eq!(until(d, &c).to_rfc3339(), "2026-11-21T00:00:00+01:00");
    assert_eq!(day(d, &c), Ok(date("2026-11-20")));
    assert_eq!(day(when("mon 7am", &c).unwrap(), &c), Ok(date("2026-11-16")));
    assert!(day(when("2026-11-22", &c).unwrap(), &c).is_err());
    let m = when("2026-11-20 07:00", &c).unwrap();
    assert_eq!(until(m, &c).to_rfc3339(), "2026-11-20T07:00:01+01:00");
    let last = when("9999-12-31", &c).unwrap();
    assert!(since(last, &c) < until(last, &c));
}

#[test]
fn iso_weeks() {
    assert_eq!(iso_week("2026-W47"), Ok(date("2026-11-16")));
    assert_eq!(iso_week("2020-w53"), Ok(date("2020-12-28")));
    assert_eq!(iso_week("2026-W01"), Ok(date("2025-12-29")));
    // 2026 starts on a Thursday, so it has 53 ISO weeks; 2025 has 52.
    assert_eq!(iso_week("2026-W53"), Ok(date("2026-12-28")));
    assert!(iso_week("2025-W53").unwrap_err().contains("1 to 52"));
    assert!(iso_week("2026-W60").unwrap_err().contains("ISO weeks 1 to 53"));
    for input in [
        "2026-W60",
        "2026-W0",
        "2026W47",
        "W47",
        "2026-47",
        "2026-Wx",
        "0000-W01",
        "99999-W01",
        "2026-W999999999999",
    ] {
        let message = iso_week(input).unwrap_err();
        assert!(message.contains("YYYY-Www"), "{input}: {message}");
        assert_refusal(&message, input);
    }
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn wall_times_read_back(
        day in 0u64..3000,
        hour in 0u32..24,
        minute in 0u32..60,
    ) {
        let c = clock();
        let date = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + Days::new(day);
        let local = date.and_hms_opt(hour, minute, 0).unwrap();
        let twelve = match hour % 12 { 0 => 12, h => h };
        let half = if hour < 12 { "am" } else { "pm" };
        for text in [
            local.format("%Y-%m-%d %H:%M").to_string(),
            local.format("%Y-%m-%dT%H:%M").to_string(),
            format!("{} {twelve}:{minute:02}{half}", local.format("%Y-%m-%d")),
            format!("{} {} {twelve}:{minute:02} {}", date.day(), local.format("%b %Y"), half.to_uppercase()),
        ] {
            let read = when(&text, &c);
            match c.resolve(local) {
                Some(t) => prop_assert_eq!(read, Ok(When::Moment(t)), "{}", text),
                None => prop_assert!(read.unwrap_err().contains("the clocks skip it"), "{}", text),
            }
        }
    }
}
