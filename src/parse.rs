//! What people type, turned into checked values: durations, times,
//! targets, weeks. Pure functions; the clock is passed in.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::clock::Clock;
use crate::model::{self, Range, WalkDuration};

const DURATION_FORMS: &str =
    "use minutes (8, 7.5), 7m30s, 8m, 90s, 1h5m or 7:30 (minutes:seconds), from 1 second to 24 hours";

/// `8`, `7.5` (minutes), `7m30s`, `90s`, `1h5m`, `1.5h`, `7:30`, `1:05:00`.
pub fn duration(input: &str) -> Result<WalkDuration, String> {
    let text = input.trim().to_ascii_lowercase();
    let seconds = if text.contains(':') {
        clock_form(&text)
    } else if text.ends_with(['h', 'm', 's']) {
        unit_form(&text)
    } else {
        decimal(&text).map(|minutes| minutes * 60.0)
    };
    let seconds = seconds.ok_or_else(|| format!("'{input}' is not a duration; {DURATION_FORMS}"))?;
    let rounded = seconds.round();
    if rounded < 1.0 {
        return Err(format!("'{input}' is too short: a walk lasts at least 1 second"));
    }
    if rounded > f64::from(WalkDuration::MAX_SECONDS) {
        return Err(format!("'{input}' is too long: a walk lasts at most 24 hours"));
    }
    WalkDuration::from_seconds(rounded as u64)
}

/// A plain non-negative decimal: digits with at most one point. Refuses
/// signs, exponents, `nan` and `inf`, which `f64::from_str` would take.
fn decimal(text: &str) -> Option<f64> {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let points = text.chars().filter(|c| *c == '.').count();
    if digits == 0 || digits + points != text.len() || points > 1 || text.len() > 12 {
        return None;
    }
    text.parse().ok()
}

fn whole(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `m:ss` or `h:mm:ss`; the parts after the first are below 60.
fn clock_form(text: &str) -> Option<f64> {
    let parts: Vec<u64> = text.split(':').map(whole).collect::<Option<_>>()?;
    let (first, rest) = parts.split_first()?;
    if rest.is_empty() || rest.len() > 2 || rest.iter().any(|p| *p >= 60) {
        return None;
    }
    let seconds = rest.iter().fold(*first, |total, part| total * 60 + part);
    Some(seconds as f64)
}

/// `1h5m`, `7m30s`, `90s`: units in the order h, m, s, each at most once.
fn unit_form(text: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut rest = text;
    let mut allowed = ['h', 'm', 's'].as_slice();
    while !rest.is_empty() {
        let end = rest.find(|c: char| c.is_ascii_alphabetic())?;
        let unit = rest[end..].chars().next()?;
        let position = allowed.iter().position(|u| *u == unit)?;
        let value = decimal(&rest[..end])?;
        total += value
            * match unit {
                'h' => 3600.0,
                'm' => 60.0,
                _ => 1.0,
            };
        allowed = &allowed[position + 1..];
        rest = &rest[end + 1..];
    }
    Some(total)
}

/// `8m`, `7m30s`, `1h5m`, `45s`: the short form `duration` reads back.
pub fn format_duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut text = String::new();
    if h > 0 {
        text.push_str(&format!("{h}h"));
    }
    if m > 0 {
        text.push_str(&format!("{m}m"));
    }
    if s > 0 || text.is_empty() {
        text.push_str(&format!("{s}s"));
    }
    text
}

/// A time or day as typed, before a command decides what a bare day means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// A calendar day; `today` remembers the word, which `--at` reads as now.
    Day {
        date: NaiveDate,
        today: bool,
    },
    Moment(DateTime<FixedOffset>),
}

const WHEN_FORMS: &str = "use today, yesterday, YYYY-MM-DD, 'YYYY-MM-DD HH:MM', \
                          YYYY-MM-DDTHH:MM[:SS][+HH:MM] or HH:MM (today)";

pub fn when(input: &str, clock: &Clock) -> Result<When, String> {
    let text = input.trim();
    let bad = || format!("'{input}' is not a time; {WHEN_FORMS}");
    let today = clock.today();
    match text.to_ascii_lowercase().as_str() {
        "today" => {
            return Ok(When::Day {
                date: today,
                today: true,
            });
        }
        "yesterday" => {
            let date = today.pred_opt().ok_or_else(bad)?;
            return Ok(When::Day { date, today: false });
        }
        _ => {}
    }
    if let Some(date) = date_only(text) {
        let date = date.map_err(|e| format!("'{input}' {e}; {WHEN_FORMS}"))?;
        return Ok(When::Day {
            date,
            today: date == today,
        });
    }
    if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
        return Ok(When::Moment(moment));
    }
    let with_offset = text
        .strip_suffix(['Z', 'z'])
        .map(|t| format!("{t}+00:00"))
        .unwrap_or_else(|| text.to_string());
    for form in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%d %H:%M%:z",
    ] {
        if let Ok(moment) = DateTime::parse_from_str(&with_offset, form) {
            return Ok(When::Moment(moment));
        }
    }
    let local = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|form| NaiveDateTime::parse_from_str(text, form).ok())
    .or_else(|| {
        ["%H:%M", "%H:%M:%S"]
            .iter()
            .find_map(|form| NaiveTime::parse_from_str(text, form).ok())
            .map(|time| today.and_time(time))
    });
    if let Some(local) = local {
        return clock
            .resolve(local)
            .map(When::Moment)
            .ok_or_else(|| format!("'{input}' does not exist in {}: the clocks skip it", clock.zone()));
    }
    if text.get(..10).and_then(date_only).is_some_and(|d| d.is_err()) {
        return Err(format!("'{input}' is not a calendar date; {WHEN_FORMS}"));
    }
    Err(bad())
}

/// `YYYY-MM-DD` alone: `None` when the text has another shape, an error
/// when it has this shape but names no calendar day (`2026-02-30`).
fn date_only(text: &str) -> Option<Result<NaiveDate, String>> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return None;
    }
    Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| "is not a calendar date".into()))
}

fn not_future(moment: DateTime<FixedOffset>, clock: &Clock, what: &str) -> Result<(), String> {
    if moment > clock.now() {
        Err(format!(
            "{what} {} is in the future (now is {})",
            clock.local(&moment).format("%Y-%m-%d %H:%M"),
            clock.now().format("%Y-%m-%d %H:%M")
        ))
    } else {
        Ok(())
    }
}

/// `--at`: the start of the walk; a bare day is 12:00 that day, `today` is
/// `None` (the walk ended now). Never in the future.
pub fn start_at(when: When, clock: &Clock) -> Result<Option<DateTime<FixedOffset>>, String> {
    let start = match when {
        When::Day { today: true, .. } => return Ok(None),
        When::Day { date, .. } => clock.start_of_day(date) + noon_offset(date, clock),
        When::Moment(moment) => moment,
    };
    not_future(start, clock, "the start")?;
    Ok(Some(start))
}

/// 12:00 local, even on a day whose midnight was moved.
fn noon_offset(date: NaiveDate, clock: &Clock) -> Duration {
    let noon = date.and_hms_opt(12, 0, 0).expect("noon exists");
    clock
        .resolve(noon)
        .map(|t| t - clock.start_of_day(date))
        .unwrap_or(Duration::hours(12))
}

/// `--since`/`--from`: a bare day starts at its midnight.
pub fn since(when: When, clock: &Clock) -> DateTime<FixedOffset> {
    match when {
        When::Day { date, .. } => clock.start_of_day(date),
        When::Moment(moment) => moment,
    }
}

/// `--until`/`--to`, as an exclusive bound: a bare day includes all of it.
pub fn until(when: When, clock: &Clock) -> DateTime<FixedOffset> {
    match when {
        When::Day { date, .. } => clock.start_of_day(date.succ_opt().unwrap_or(date)),
        When::Moment(moment) => moment + Duration::seconds(1),
    }
}

/// `--date`: the local day, not in the future.
pub fn day(when: When, clock: &Clock) -> Result<NaiveDate, String> {
    let date = match when {
        When::Day { date, .. } => date,
        When::Moment(moment) => clock.date_of(&moment),
    };
    if date > clock.today() {
        return Err(format!("{date} is in the future (today is {})", clock.today()));
    }
    Ok(date)
}

/// `2026-W47`: the Monday of that ISO week.
pub fn iso_week(input: &str) -> Result<NaiveDate, String> {
    let bad = || format!("'{input}' is not an ISO week; use YYYY-Www, e.g. 2026-W47");
    let (year, week) = input.trim().split_once(['-']).ok_or_else(bad)?;
    let week = week.strip_prefix(['W', 'w']).ok_or_else(bad)?;
    let year: i32 = whole(year).ok_or_else(bad)?.try_into().map_err(|_| bad())?;
    let week: u32 = whole(week).ok_or_else(bad)?.try_into().map_err(|_| bad())?;
    NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon).ok_or_else(|| {
        let weeks = NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |d| d.iso_week().week());
        format!("{year} has ISO weeks 1 to {weeks}; '{input}' is not one of them")
    })
}

/// `--steps`: a whole number from 0 to 100 000.
pub fn steps(input: &str) -> Result<u32, String> {
    let value = whole(input.trim())
        .ok_or_else(|| format!("'{input}' is not a step count; use a whole number from 0 to 100000"))?;
    model::check_steps(u32::try_from(value).unwrap_or(u32::MAX))
}

/// `--incline`: a percentage from 0 to 40.
pub fn incline(input: &str) -> Result<f64, String> {
    let value = decimal(input.trim())
        .ok_or_else(|| format!("'{input}' is not an incline; use a percentage from 0 to 40"))?;
    model::check_incline(value)
}

/// `--note`: up to 500 characters of one line.
pub fn note(input: &str) -> Result<String, String> {
    model::check_note(input)?;
    Ok(input.to_string())
}

/// `--limit`: how many sessions, from 1.
pub fn limit(input: &str) -> Result<usize, String> {
    whole(input.trim())
        .filter(|n| *n >= 1)
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| format!("'{input}' is not a count; use a whole number from 1"))
}

/// A session id: a whole number from 1.
pub fn id(input: &str) -> Result<u64, String> {
    let text = input.trim().trim_start_matches('#');
    whole(text).filter(|id| *id >= 1).ok_or_else(|| {
        format!("'{input}' is not a session id; ids are whole numbers from 1 (see `backwalk list`)")
    })
}

/// `5-10`: a low–high target within `bounds`.
pub fn target_range(input: &str, bounds: Range, unit: &str) -> Result<Range, String> {
    let forms = format!(
        "use LOW-HIGH {unit} with {} ≤ LOW ≤ HIGH ≤ {}",
        bounds.min, bounds.max
    );
    let (low, high) = input
        .trim()
        .split_once(['-', '–'])
        .ok_or_else(|| format!("'{input}' is not a range; {forms}"))?;
    let number = |t: &str| whole(t.trim()).and_then(|n| u32::try_from(n).ok());
    let (Some(min), Some(max)) = (number(low), number(high)) else {
        return Err(format!("'{input}' is not a range; {forms}"));
    };
    if min > max {
        return Err(format!("'{input}' has LOW above HIGH; {forms}"));
    }
    if min < bounds.min || max > bounds.max {
        return Err(format!("'{input}' is out of bounds; {forms}"));
    }
    Ok(Range { min, max })
}

/// `--weight`: body weight in kg, 20 to 400.
pub fn weight(input: &str) -> Result<f64, String> {
    decimal(input.trim())
        .filter(|kg| (20.0..=400.0).contains(kg))
        .ok_or_else(|| format!("'{input}' is not a weight; use kilograms from 20 to 400"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn clock() -> Clock {
        let now = DateTime::parse_from_rfc3339("2026-11-21T18:30:00+01:00").unwrap();
        Clock::new(now.with_timezone(&Utc), "Europe/Berlin".parse().unwrap())
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn accepted_durations() {
        let cases = [
            ("8", 480),
            ("7.5", 450),
            ("7m30s", 450),
            ("8m", 480),
            ("90s", 90),
            ("1h5m", 3900),
            ("1.5h", 5400),
            ("7:30", 450),
            ("0:01", 1),
            ("1:05:00", 3900),
            (" 8M ", 480),
            ("24h", 86400),
            ("1440", 86400),
        ];
        for (input, seconds) in cases {
            assert_eq!(duration(input).map(|d| d.seconds()), Ok(seconds), "{input}");
        }
    }

    #[test]
    fn rejected_durations() {
        for input in [
            "",
            "0",
            "0.001",
            "-5",
            "abc",
            "7:75",
            "7:",
            ":30",
            "nan",
            "inf",
            "1e3",
            "24h1s",
            "1441",
            "8mm",
            "30s5m",
            "5m5m",
            "m",
            "1..5",
            "+8",
            "7:30:00:00",
            "8 m",
            "٣",
        ] {
            assert!(duration(input).is_err(), "{input:?} was accepted");
        }
        let message = duration("abc").unwrap_err();
        assert!(message.contains("7m30s"), "{message}");
    }

    #[test]
    fn formatted_durations_read_back() {
        for seconds in [1, 59, 60, 450, 3600, 3661, 86_400] {
            let text = format_duration(seconds);
            assert_eq!(u64::from(duration(&text).unwrap().seconds()), seconds, "{text}");
        }
        assert_eq!(format_duration(450), "7m30s");
        assert_eq!(format_duration(3900), "1h5m");
    }

    #[test]
    fn accepted_times() {
        let c = clock();
        let day = |d: &str, today| Ok(When::Day { date: date(d), today });
        assert_eq!(when("today", &c), day("2026-11-21", true));
        assert_eq!(when("Yesterday", &c), day("2026-11-20", false));
        assert_eq!(when("2026-11-01", &c), day("2026-11-01", false));
        let moment = |t: &str| Ok(When::Moment(DateTime::parse_from_rfc3339(t).unwrap()));
        assert_eq!(when("2026-11-01 07:15", &c), moment("2026-11-01T07:15:00+01:00"));
        assert_eq!(when("2026-07-01T07:15", &c), moment("2026-07-01T07:15:00+02:00"));
        assert_eq!(
            when("2026-07-01T07:15:30", &c),
            moment("2026-07-01T07:15:30+02:00")
        );
        assert_eq!(when("2026-07-01T07:15Z", &c), moment("2026-07-01T07:15:00+00:00"));
        assert_eq!(
            when("2026-07-01T07:15-05:00", &c),
            moment("2026-07-01T07:15:00-05:00")
        );
        assert_eq!(
            when("2026-07-01T07:15:00+0530", &c),
            moment("2026-07-01T07:15:00+05:30")
        );
        assert_eq!(
            when("2026-07-01T07:15:00.5Z", &c),
            moment("2026-07-01T07:15:00.5Z")
        );
        assert_eq!(when("07:05", &c), moment("2026-11-21T07:05:00+01:00"));
    }

    #[test]
    fn rejected_times() {
        let c = clock();
        for input in [
            "",
            "now",
            "2026-02-30",
            "2026-13-01",
            "2026-11-21 25:00",
            "24:00",
            "7",
            "2026/11/21",
            "2026-03-29 02:30",
            "21-11-2026",
            "2026-11-21T",
            "tomorrow",
        ] {
            assert!(when(input, &c).is_err(), "{input:?} was accepted");
        }
        assert!(
            when("2026-02-30", &c)
                .unwrap_err()
                .contains("not a calendar date")
        );
        assert!(when("2026-03-29 02:30", &c).unwrap_err().contains("skip"));
    }

    #[test]
    fn what_a_bare_day_means_depends_on_the_flag() {
        let c = clock();
        let at = |t| start_at(when(t, &c).unwrap(), &c);
        assert_eq!(at("today"), Ok(None));
        assert_eq!(
            at("yesterday").unwrap().unwrap().to_rfc3339(),
            "2026-11-20T12:00:00+01:00"
        );
        assert!(at("2026-11-21 19:00").unwrap_err().contains("future"));
        assert!(at("2026-11-21 18:30").is_ok());
        let d = when("2026-11-20", &c).unwrap();
        assert_eq!(since(d, &c).to_rfc3339(), "2026-11-20T00:00:00+01:00");
        assert_eq!(until(d, &c).to_rfc3339(), "2026-11-21T00:00:00+01:00");
        assert_eq!(day(d, &c), Ok(date("2026-11-20")));
        assert!(day(when("2026-11-22", &c).unwrap(), &c).is_err());
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(iso_week("2026-W47"), Ok(date("2026-11-16")));
        assert_eq!(iso_week("2020-w53"), Ok(date("2020-12-28")));
        assert_eq!(iso_week("2026-W01"), Ok(date("2025-12-29")));
        // 2026 starts on a Thursday, so it has 53 ISO weeks; 2025 has 52.
        assert_eq!(iso_week("2026-W53"), Ok(date("2026-12-28")));
        assert!(iso_week("2025-W53").unwrap_err().contains("1 to 52"));
        for input in ["2026-W60", "2026-W0", "2026W47", "W47", "2026-47", "2026-Wx"] {
            assert!(iso_week(input).is_err(), "{input}");
        }
    }

    #[test]
    fn values() {
        assert_eq!(steps("300"), Ok(300));
        assert_eq!(steps("100000"), Ok(100_000));
        for input in ["-1", "100001", "3.5", "abc", "", "99999999999"] {
            assert!(steps(input).is_err(), "{input}");
        }
        assert_eq!(incline("4.5"), Ok(4.5));
        for input in ["41", "-2", "nan", "inf", "x"] {
            assert!(incline(input).is_err(), "{input}");
        }
        assert_eq!(id("#12"), Ok(12));
        assert!(id("0").is_err());
        assert!(note(&"x".repeat(501)).is_err());
        let minutes = Range { min: 1, max: 240 };
        assert_eq!(
            target_range("6-12", minutes, "minutes"),
            Ok(Range { min: 6, max: 12 })
        );
        for input in ["12-6", "0-10", "5-241", "5", "a-b", "5--10"] {
            assert!(target_range(input, minutes, "minutes").is_err(), "{input}");
        }
        assert_eq!(weight("72.5"), Ok(72.5));
        assert!(weight("19").is_err() && weight("401").is_err());
    }
}
