//! Days and times as typed (`yesterday 7am`, `9 Nov`, `2026-11-09T07:30Z`,
//! `7d`), read against the clock, and what each flag makes of a bare day.

mod date;
mod flags;
mod suggestion;
mod time;
mod words;

use chrono::{
    DateTime, Datelike, Days, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike,
};

use super::{Why, forms, is_digits, quote, refusal, whole};
use crate::clock::Clock;
use date::{iso_date, read_date};
use suggestion::suggest_when;
use time::{Rules, read_time};

pub use date::iso_week;
pub use flags::{day, since, start_at, until};
pub use time::time_alone;

/// A time or day as typed, before a command decides what a bare day means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// A calendar day without a time; `today` is true when it is today's
    /// date (`--at` reads that as "the walk ended now").
    Day {
        date: NaiveDate,
        today: bool,
    },
    Moment(DateTime<FixedOffset>),
}

/// What a text names, before the local zone turns wall times into moments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Parsed {
    Day(NaiveDate),
    Local(NaiveDateTime),
    Fixed(DateTime<FixedOffset>),
}

/// Why a text names no time: the headline, and more when there is more.
#[derive(Debug)]
struct Fail {
    headline: &'static str,
    reason: Why,
}

impl Fail {
    fn shape() -> Fail {
        Fail {
            headline: "is not a date or time",
            reason: None,
        }
    }

    fn because(reason: impl Into<String>) -> Fail {
        Fail {
            headline: "is not a date or time",
            reason: Some(reason.into()),
        }
    }

    fn calendar(reason: impl Into<String>) -> Fail {
        Fail {
            headline: "is not a calendar date",
            reason: Some(reason.into()),
        }
    }

    fn clock(reason: impl Into<String>) -> Fail {
        Fail {
            headline: "is not a time of day",
            reason: Some(reason.into()),
        }
    }
}

/// `today`, `yesterday`, `3 days ago`, `monday`/`mon`, `2026-11-09`, `9
/// Nov`, `Nov 9 2026`, `Nov 9, 2026`, each alone or followed by a time
/// (`07:30`, `7:30`, `7am`, `7 pm`, `19:05:30`); a time alone (today);
/// `2026-11-09T07:30[:SS][offset]`. A date without a year is the latest
/// such date not after today. Wall times are read in the local zone (the
/// earlier when the clocks repeat them; refused when they skip them).
pub fn when(input: &str, clock: &Clock) -> Result<When, String> {
    when_with(input, clock, false)
}

/// `--since`/`--from`: what `when` reads, plus `7d` or `2w` (also `7 days`,
/// `2 weeks`): the last N days (or weeks) with today included, as the day
/// they start on.
pub fn since_when(input: &str, clock: &Clock) -> Result<When, String> {
    when_with(input, clock, true)
}

/// `when`, and `since_when` when `relative`: the last days (`7d`) too.
fn when_with(input: &str, clock: &Clock, relative: bool) -> Result<When, String> {
    let text = input.trim();
    let lower = text.to_ascii_lowercase();
    let today = clock.today();
    // Only the word `today` means "now" to --at: a weekday or a date that
    // happens to be today means 12:00 that day, as on any other day.
    let day = |date: NaiveDate| When::Day {
        date,
        today: lower == "today",
    };
    if let Some(days) = read_relative(&lower) {
        return first_of_last_days(input, days, today, relative).map(day);
    }
    match read_when(&lower, today) {
        Ok(Parsed::Day(date)) => Ok(day(date)),
        Ok(Parsed::Fixed(moment)) => Ok(When::Moment(moment)),
        Ok(Parsed::Local(local)) => clock
            .resolve(local)
            .map(When::Moment)
            .ok_or_else(|| skipped(input, local, clock)),
        Err(fail) => {
            let suggestion = suggest_when(text, today);
            Err(refusal(
                input,
                fail.headline,
                fail.reason.as_deref(),
                suggestion.as_deref(),
                &accepted(relative),
            ))
        }
    }
}

/// What a refusal lists: with the last days for `--since` (`relative`).
fn accepted(relative: bool) -> String {
    if relative {
        forms::accepted(&forms::since_forms())
    } else {
        forms::accepted(forms::WHEN)
    }
}

/// The day the last `days` (as `read_relative` read them) start on,
/// which only `--since` and `--from` (`relative`) take.
fn first_of_last_days(
    input: &str,
    days: Result<u64, String>,
    today: NaiveDate,
    relative: bool,
) -> Result<NaiveDate, String> {
    if !relative {
        let reason = "the last N days (7d, 2w) work only with --since and --from";
        return Err(refusal(
            input,
            "is not a date or time",
            Some(reason),
            None,
            &accepted(relative),
        ));
    }
    days.and_then(|days| days_before(today, days - 1).map_err(|fail| fail.reason.unwrap_or_default()))
        .map_err(|reason| {
            refusal(
                input,
                "is not a range of days",
                Some(&reason),
                None,
                &accepted(relative),
            )
        })
}

/// `7d`, `2w`, `7 days`, `2 weeks`: `None` for another shape, else how
/// many days, from 1.
fn read_relative(lower: &str) -> Option<Result<u64, String>> {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let (number, unit) = match words.as_slice() {
        [one] => {
            let at = one.find(|c: char| !c.is_ascii_digit())?;
            (&one[..at], &one[at..])
        }
        [number, unit] => (*number, *unit),
        _ => return None,
    };
    if !is_digits(number) {
        return None;
    }
    let per = match unit {
        "d" | "day" | "days" => 1,
        "w" | "week" | "weeks" => 7,
        _ => return None,
    };
    Some(match whole(number).and_then(|n| n.checked_mul(per)) {
        Some(0) => Err("it covers no days; 1d is today alone".into()),
        Some(days) => Ok(days),
        None => Err("it reaches back before the year 1".into()),
    })
}

/// The day `days` before `today`, from the year 1.
fn days_before(today: NaiveDate, days: u64) -> Result<NaiveDate, Fail> {
    today
        .checked_sub_days(Days::new(days))
        .filter(|date| date.year() >= 1)
        .ok_or_else(|| Fail::because("it reaches back before the year 1"))
}

/// The refusal of a wall time the clocks skip, naming the gap.
fn skipped(input: &str, local: NaiveDateTime, clock: &Clock) -> String {
    let minute = Duration::minutes(1);
    let exists = |t: NaiveDateTime| clock.resolve(t).is_some();
    let mut from = local
        .date()
        .and_hms_opt(local.hour(), local.minute(), 0)
        .unwrap_or(local);
    let mut to = from;
    for _ in 0..24 * 60 {
        match from.checked_sub_signed(minute) {
            Some(earlier) if !exists(earlier) => from = earlier,
            _ => break,
        }
    }
    for _ in 0..24 * 60 {
        if exists(to) {
            break;
        }
        match to.checked_add_signed(minute) {
            Some(later) => to = later,
            None => break,
        }
    }
    format!(
        "{} does not exist in {}: the clocks skip it, jumping from {} to {} on {}; \
         use a time before {} or from {} on",
        quote(input),
        clock.zone(),
        from.format("%H:%M"),
        to.format("%H:%M"),
        from.format("%Y-%m-%d"),
        from.format("%H:%M"),
        to.format("%H:%M"),
    )
}

/// A token of a date or time and where it lies in the text. Words are
/// split at spaces; each comma is a token of its own.
#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// The tokens of `text`, in order.
fn when_tokens(text: &str) -> Vec<Token<'_>> {
    let token = |start: usize, end: usize| Token {
        text: &text[start..end],
        start,
        end,
    };
    let mut tokens = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() || c == ',' {
            if let Some(from) = start.take() {
                tokens.push(token(from, at));
            }
            if c == ',' {
                tokens.push(token(at, at + 1));
            }
        } else if start.is_none() {
            start = Some(at);
        }
    }
    if let Some(from) = start {
        tokens.push(token(from, text.len()));
    }
    tokens
}

/// Reads a trimmed, lower-case text against `today`.
fn read_when(lower: &str, today: NaiveDate) -> Result<Parsed, Fail> {
    let tokens = when_tokens(lower);
    let words: Vec<&str> = tokens.iter().map(|t| t.text).collect();
    let Some(first) = words.first() else {
        return Err(Fail::because("it is empty"));
    };
    // 2026-11-09T07:30[:SS[.f]][offset]: date and time in one word.
    if first.as_bytes().get(10) == Some(&b't')
        && let Some(date) = iso_date(&first[..10])
    {
        let date = date?;
        if words.len() > 1 {
            return Err(Fail::shape());
        }
        if first.len() == 11 {
            return Err(Fail::because("a time must follow the T (2026-11-09T07:30)"));
        }
        let rules = Rules {
            offset: true,
            t_form: true,
        };
        let (time, offset) = read_time(&[&first[11..]], rules)?;
        return moment(date, time, offset);
    }
    let (date, used, iso) = read_date(&words, today)?;
    let rest = &words[used..];
    match date {
        Some(date) if rest.is_empty() => Ok(Parsed::Day(date)),
        date => {
            let rules = Rules {
                offset: iso,
                t_form: false,
            };
            let (time, offset) = read_time(rest, rules)?;
            moment(date.unwrap_or(today), time, offset)
        }
    }
}

/// `time` on `date`: a wall time, or a fixed moment when an offset was
/// given with it.
fn moment(date: NaiveDate, time: NaiveTime, offset: Option<FixedOffset>) -> Result<Parsed, Fail> {
    let local = date.and_time(time);
    match offset {
        None => Ok(Parsed::Local(local)),
        Some(offset) => offset
            .from_local_datetime(&local)
            .single()
            .map(Parsed::Fixed)
            .ok_or_else(Fail::shape),
    }
}

#[cfg(test)]
mod tests;
