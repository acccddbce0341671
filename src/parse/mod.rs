//! What people type, turned into checked values: durations, times, session
//! ids, targets, weeks, notes. Pure functions; the clock is passed in.
//!
//! Every refusal is one line that starts with the quoted input, says what
//! is wrong, suggests the nearest accepted text when one is really close,
//! and lists what is accepted.

use std::fmt;
use std::fmt::Write as _;

use chrono::{
    DateTime, Datelike, Days, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike,
    Weekday,
};

use crate::clock::Clock;
use crate::model::{
    MAX_INCLINE_PERCENT, MAX_STEPS, MINUTES_BOUNDS, Range, STEPS_BOUNDS, WalkDuration, check_note,
    edit_distance, is_bidi_override,
};

// ---- shared pieces ----

/// The input as a message shows it, in quotes: characters that would act
/// on the terminal or hide (controls, bidirectional overrides, zero-width
/// and odd spaces) are escaped, and a long input is cut.
fn quote(input: &str) -> String {
    const SHOWN: usize = 40;
    let mut text = String::from("'");
    for (i, c) in input.chars().enumerate() {
        if i == SHOWN {
            text.push('…');
            break;
        }
        if c.is_control() || is_bidi_override(c) || is_invisible(c) || (c.is_whitespace() && c != ' ') {
            text.extend(c.escape_unicode());
        } else {
            text.push(c);
        }
    }
    text.push('\'');
    text
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{FEFF}')
}

/// `'input' is not a duration: reason; did you mean 'x'? accepted: …`
fn refusal(
    input: &str,
    headline: &str,
    reason: Option<&str>,
    suggestion: Option<&str>,
    forms: &str,
) -> String {
    let mut text = format!("{} {headline}", quote(input));
    if let Some(reason) = reason {
        text.push_str(": ");
        text.push_str(reason);
    }
    text.push_str("; ");
    if let Some(suggestion) = suggestion {
        let _ = write!(text, "did you mean {}? ", quote(suggestion));
    }
    text.push_str(forms);
    text
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// A plain non-negative decimal: digits, optionally a point and more
/// digits. Refuses signs, exponents, `nan` and `inf`, which
/// `f64::from_str` would take; very long digit strings read as huge (or
/// infinite) values, which the range checks then refuse.
fn decimal(text: &str) -> Option<f64> {
    let (whole_part, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    if !is_digits(whole_part) || fraction.is_some_and(|f| !is_digits(f)) {
        return None;
    }
    text.parse().ok()
}

/// ASCII digits only; `None` beyond `u64`.
fn whole(text: &str) -> Option<u64> {
    if !is_digits(text) {
        return None;
    }
    text.parse().ok()
}

/// `whole` for a field a range check follows: beyond `u32` is `u32::MAX`,
/// out of any range.
fn whole_u32(text: &str) -> Option<u32> {
    whole(text).map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// The known words nearest to `word` when they are really close: one
/// edit away for a word of two to four letters, two for a longer one. One
/// word per meaning (the first listed), so `mn` gives only `min` of `min`
/// and `m`, while `hs` gives both `h` and `s`.
fn nearest_all<'a, M: PartialEq + Copy>(word: &str, known: &[(&'a str, M)]) -> Vec<&'a str> {
    let most = match word.chars().count() {
        2..=4 => 1,
        5..=24 => 2,
        _ => return Vec::new(),
    };
    let mut closest = most + 1;
    let mut best: Vec<(&'a str, M)> = Vec::new();
    for &(name, meaning) in known {
        let d = edit_distance(word, name);
        if d == 0 || d > most || d > closest {
            continue;
        }
        if d < closest {
            closest = d;
            best.clear();
        }
        if !best.iter().any(|(_, m)| *m == meaning) {
            best.push((name, meaning));
        }
    }
    best.into_iter().map(|(name, _)| name).collect()
}

/// The one known word nearest to `word`, when no other meaning is as near.
fn nearest<'a, M: PartialEq + Copy>(word: &str, known: &[(&'a str, M)]) -> Option<&'a str> {
    match nearest_all(word, known).as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// `word` written as `typed` was: capitalised when it was.
fn like(typed: &str, word: &str) -> String {
    let mut chars = word.chars();
    match (typed.chars().next(), chars.next()) {
        (Some(t), Some(first)) if t.is_uppercase() => first.to_uppercase().chain(chars).collect(),
        _ => word.to_string(),
    }
}

// ---- durations ----

const DURATION_FORMS: &str = "accepted: 8 or 7.5 (minutes), 7m30s, 7m30, 8m, 8 min, 90s, 90 seconds, \
     1h05m, 1.5h, 2 hours, 7:30 (minutes:seconds), 1:05:00 (h:mm:ss); from 1 second to 24 hours";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Hours,
    Minutes,
    Seconds,
}

impl Unit {
    fn seconds(self) -> f64 {
        match self {
            Unit::Hours => 3600.0,
            Unit::Minutes => 60.0,
            Unit::Seconds => 1.0,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Unit::Hours => "hours",
            Unit::Minutes => "minutes",
            Unit::Seconds => "seconds",
        }
    }
}

/// Longer names first: a typo as close to `min` as to `m` suggests `min`.
const UNITS: [(&str, Unit); 15] = [
    ("hours", Unit::Hours),
    ("hour", Unit::Hours),
    ("hrs", Unit::Hours),
    ("hr", Unit::Hours),
    ("h", Unit::Hours),
    ("minutes", Unit::Minutes),
    ("minute", Unit::Minutes),
    ("mins", Unit::Minutes),
    ("min", Unit::Minutes),
    ("m", Unit::Minutes),
    ("seconds", Unit::Seconds),
    ("second", Unit::Seconds),
    ("secs", Unit::Seconds),
    ("sec", Unit::Seconds),
    ("s", Unit::Seconds),
];

fn unit_named(word: &str) -> Option<Unit> {
    UNITS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, unit)| *unit)
}

/// Why a text is refused, when there is more to say than "not a duration".
type Why = Option<String>;

/// A bare number is minutes (`8`, `7.5`); else amounts with units in the
/// order h, m, s (`7m30s`, `1h 5m`, `90 seconds`, `7m30`), or `m:ss` and
/// `h:mm:ss`. Case-insensitive; spaces around and between parts allowed.
pub fn duration(input: &str) -> Result<WalkDuration, String> {
    let text = input.trim().to_ascii_lowercase();
    let seconds = read_duration(&text).map_err(|why| {
        let suggestion = suggest_duration(&text);
        refusal(
            input,
            "is not a duration",
            why.as_deref(),
            suggestion.as_deref(),
            DURATION_FORMS,
        )
    })?;
    let rounded = seconds.round();
    if rounded < 1.0 {
        return Err(format!(
            "{} is too short: a walk lasts at least 1 second",
            quote(input)
        ));
    }
    if rounded > f64::from(WalkDuration::MAX_SECONDS) {
        return Err(format!(
            "{} is too long: a walk lasts at most 24 hours",
            quote(input)
        ));
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked above: 1 to 86 400"
    )]
    let rounded = rounded as u64;
    WalkDuration::from_seconds(rounded).map_err(|e| format!("{} is not a duration: {e}", quote(input)))
}

/// Seconds, before rounding and the range check. `text` is trimmed and
/// lower case.
fn read_duration(text: &str) -> Result<f64, Why> {
    if text.is_empty() {
        return Err(Some("it is empty".into()));
    }
    if text.starts_with('-') && text[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return Err(Some("a walk cannot last a negative time".into()));
    }
    if text.starts_with('+') {
        return Err(Some("write it without a sign".into()));
    }
    if text.contains(':') {
        return clock_duration(text);
    }
    let pieces = duration_pieces(text)?;
    let mut total = 0.0;
    let mut last: Option<(Unit, bool)> = None;
    let mut at = 0;
    while at < pieces.len() {
        let amount = match pieces[at] {
            Piece::Number(amount) => amount,
            Piece::Word(..) if pieces.len() == 1 => return Err(None),
            Piece::Word(word, ..) => return Err(Some(format!("'{word}' needs a number before it"))),
        };
        let value = decimal(amount).ok_or_else(|| Some(format!("'{amount}' is not a number")))?;
        at += 1;
        let unit = match pieces.get(at) {
            Some(Piece::Word(word, ..)) => {
                at += 1;
                unit_named(word).ok_or_else(|| Some(format!("'{word}' is not a unit (h, m or s)")))?
            }
            Some(Piece::Number(_)) => return Err(Some("two numbers need a unit between them".into())),
            None => match last {
                None => Unit::Minutes,
                Some((Unit::Minutes, _)) => Unit::Seconds,
                Some((Unit::Hours, _)) => {
                    return Err(Some(format!(
                        "'{amount}' after the hours needs its unit (m or s)"
                    )));
                }
                Some((Unit::Seconds, _)) => return Err(Some("nothing may follow the seconds".into())),
            },
        };
        let fractional = amount.contains('.');
        if let Some((previous, previous_fractional)) = last {
            if unit == previous {
                return Err(Some(format!("the {} are given twice", unit.name())));
            }
            if unit < previous {
                return Err(Some(
                    "units go from hours to minutes to seconds (5m30s, not 30s5m)".into(),
                ));
            }
            if fractional || previous_fractional {
                return Err(Some(
                    "only a lone amount may have a decimal point (1.5h, 7.5m or 7m30s)".into(),
                ));
            }
            if value >= 60.0 {
                return Err(Some(format!(
                    "{} after {} go 0 to 59",
                    unit.name(),
                    previous.name()
                )));
            }
        }
        total += value * unit.seconds();
        last = Some((unit, fractional));
    }
    Ok(total)
}

#[derive(Clone, Copy, Debug)]
enum Piece<'a> {
    Number(&'a str),
    /// A word and where it lies in the text.
    Word(&'a str, usize, usize),
}

/// Numbers (digits and points) and words (ASCII letters); spaces between
/// them are dropped, anything else is refused.
fn duration_pieces(text: &str) -> Result<Vec<Piece<'_>>, Why> {
    let mut pieces = Vec::new();
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let run_end = |keep: fn(char) -> bool| text[at..].find(|c| !keep(c)).map_or(text.len(), |n| at + n);
        if c.is_whitespace() {
            at += c.len_utf8();
        } else if c.is_ascii_digit() || c == '.' {
            let end = run_end(|c| c.is_ascii_digit() || c == '.');
            pieces.push(Piece::Number(&text[at..end]));
            at = end;
        } else if c.is_ascii_alphabetic() {
            let end = run_end(|c| c.is_ascii_alphabetic());
            pieces.push(Piece::Word(&text[at..end], at, end));
            at = end;
        } else {
            return Err(Some(format!(
                "{} is neither a digit 0-9 nor a unit letter",
                quote(&c.to_string())
            )));
        }
    }
    Ok(pieces)
}

/// `m:ss` or `h:mm:ss`: the parts after the first are two digits below 60.
fn clock_duration(text: &str) -> Result<f64, Why> {
    let parts: Vec<&str> = text.split(':').collect();
    let names: &[&str] = match parts.len() {
        2 => &["seconds"],
        3 => &["minutes", "seconds"],
        _ => return Err(Some("use m:ss or h:mm:ss, with at most two ':'".into())),
    };
    if !is_digits(parts[0]) {
        return Err(None);
    }
    let mut total: f64 = parts[0].parse().unwrap_or(f64::INFINITY);
    for (part, name) in parts[1..].iter().zip(names) {
        if part.len() != 2 || !is_digits(part) {
            return Err(Some(format!("write the {name} as two digits, 00 to 59")));
        }
        let value: f64 = part.parse().unwrap_or(f64::INFINITY);
        if value >= 60.0 {
            return Err(Some(format!("the {name} go 00 to 59")));
        }
        total = total * 60.0 + value;
    }
    Ok(total)
}

/// The nearest duration to a refused one: unit typos corrected (`8
/// mintues` → `8 minutes`), or a missing `m` after hours (`1h30`).
fn suggest_duration(text: &str) -> Option<String> {
    if text.len() > 100 {
        return None;
    }
    let pieces = duration_pieces(text).ok()?;
    let mut fixed = text.to_string();
    for piece in pieces.iter().rev() {
        if let Piece::Word(word, start, end) = *piece
            && unit_named(word).is_none()
            && let Some(near) = nearest(word, &UNITS)
        {
            fixed.replace_range(start..end, near);
        }
    }
    let missing_minutes = format!("{fixed}m");
    [fixed, missing_minutes]
        .into_iter()
        .find(|candidate| candidate != text && read_duration(candidate).is_ok())
}

/// How human text writes a duration, the one way everywhere: `45s`, `8m`,
/// `7m30s`, `9m05s`, `1h05m`, `1h05m30s`, and `0m` for nothing. Seconds
/// after minutes and minutes after hours have two digits. `duration` reads
/// every output back to the same seconds.
pub fn format_duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match (h, m, s) {
        (0, 0, 0) => "0m".into(),
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m}m"),
        (0, m, s) => format!("{m}m{s:02}s"),
        (h, m, 0) => format!("{h}h{m:02}m"),
        (h, m, s) => format!("{h}h{m:02}m{s:02}s"),
    }
}

/// An elapsed time as a running timer shows it: as `format_duration`,
/// but `0s` at the start, so it counts on in one unit (`0s`, `1s`, …).
pub fn format_elapsed(seconds: u64) -> String {
    if seconds == 0 {
        "0s".into()
    } else {
        format_duration(seconds)
    }
}

// ---- times and days ----

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

macro_rules! when_forms {
    () => {
        "today, yesterday, 3 days ago, monday/mon, YYYY-MM-DD (2026-11-09), 9 Nov, Nov 9 2026, \
         a time HH:MM (07:30, 19:05:30, 7am, 7:30pm) alone or after a date, 2026-11-09T07:30+01:00"
    };
}

const WHEN_FORMS: &str = concat!("accepted: ", when_forms!());
const SINCE_FORMS: &str = concat!(
    "accepted: 7d or 2w (the last 7 days or 2 weeks, today included), ",
    when_forms!()
);

/// The words of dates and times, and what each means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    Today,
    Yesterday,
    Day,
    Ago,
    Am,
    Pm,
    Weekday(Weekday),
    Month(u32),
}

const WORDS: &[(&str, Word)] = &[
    ("today", Word::Today),
    ("yesterday", Word::Yesterday),
    ("days", Word::Day),
    ("day", Word::Day),
    ("ago", Word::Ago),
    ("am", Word::Am),
    ("pm", Word::Pm),
    ("monday", Word::Weekday(Weekday::Mon)),
    ("mon", Word::Weekday(Weekday::Mon)),
    ("tuesday", Word::Weekday(Weekday::Tue)),
    ("tue", Word::Weekday(Weekday::Tue)),
    ("wednesday", Word::Weekday(Weekday::Wed)),
    ("wed", Word::Weekday(Weekday::Wed)),
    ("thursday", Word::Weekday(Weekday::Thu)),
    ("thu", Word::Weekday(Weekday::Thu)),
    ("friday", Word::Weekday(Weekday::Fri)),
    ("fri", Word::Weekday(Weekday::Fri)),
    ("saturday", Word::Weekday(Weekday::Sat)),
    ("sat", Word::Weekday(Weekday::Sat)),
    ("sunday", Word::Weekday(Weekday::Sun)),
    ("sun", Word::Weekday(Weekday::Sun)),
    ("january", Word::Month(1)),
    ("jan", Word::Month(1)),
    ("february", Word::Month(2)),
    ("feb", Word::Month(2)),
    ("march", Word::Month(3)),
    ("mar", Word::Month(3)),
    ("april", Word::Month(4)),
    ("apr", Word::Month(4)),
    ("may", Word::Month(5)),
    ("june", Word::Month(6)),
    ("jun", Word::Month(6)),
    ("july", Word::Month(7)),
    ("jul", Word::Month(7)),
    ("august", Word::Month(8)),
    ("aug", Word::Month(8)),
    ("september", Word::Month(9)),
    ("sept", Word::Month(9)),
    ("sep", Word::Month(9)),
    ("october", Word::Month(10)),
    ("oct", Word::Month(10)),
    ("november", Word::Month(11)),
    ("nov", Word::Month(11)),
    ("december", Word::Month(12)),
    ("dec", Word::Month(12)),
];

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

fn word(text: &str) -> Option<Word> {
    WORDS
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, word)| *word)
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

fn when_with(input: &str, clock: &Clock, relative: bool) -> Result<When, String> {
    let forms = if relative { SINCE_FORMS } else { WHEN_FORMS };
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
        if !relative {
            let reason = "the last N days (7d, 2w) work only with --since and --from";
            return Err(refusal(input, "is not a date or time", Some(reason), None, forms));
        }
        return days
            .and_then(|days| days_before(today, days - 1).map_err(|fail| fail.reason.unwrap_or_default()))
            .map(day)
            .map_err(|reason| refusal(input, "is not a range of days", Some(&reason), None, forms));
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
                forms,
            ))
        }
    }
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

/// A time of day given alone, without a date or an offset (`19:08`,
/// `7pm`): `None` for anything else.
pub fn time_alone(input: &str) -> Option<NaiveTime> {
    let lower = input.trim().to_ascii_lowercase();
    let tokens = when_tokens(&lower);
    let words: Vec<&str> = tokens.iter().map(|t| t.text).collect();
    let rules = Rules {
        offset: false,
        t_form: false,
    };
    match read_time(&words, rules) {
        Ok((time, None)) => Some(time),
        _ => None,
    }
}

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

/// The date at the start of `words`: the date (if any), how many words it
/// took, and whether it was `YYYY-MM-DD` (after which a time may carry an
/// offset).
fn read_date(words: &[&str], today: NaiveDate) -> Result<(Option<NaiveDate>, usize, bool), Fail> {
    let Some(&first) = words.first() else {
        return Ok((None, 0, false));
    };
    match word(first) {
        Some(Word::Today) => return Ok((Some(today), 1, false)),
        Some(Word::Yesterday) => return Ok((Some(days_before(today, 1)?), 1, false)),
        Some(Word::Weekday(weekday)) => {
            let back = (7 + today.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
            return Ok((Some(days_before(today, back.into())?), 1, false));
        }
        Some(Word::Month(month)) => {
            let Some(&day) = words.get(1).filter(|w| is_digits(w)) else {
                let short = &MONTHS[month as usize - 1][..3];
                return Err(Fail::because(format!("a month needs a day, as in {short} 9")));
            };
            let (year, used) = year_after(words, 2)?;
            return Ok((Some(calendar(year, month, day, today)?), used, false));
        }
        _ => {}
    }
    if let Some(date) = iso_date(first) {
        return Ok((Some(date?), 1, true));
    }
    if date_like(first) {
        return Err(Fail::because("write the date as YYYY-MM-DD"));
    }
    if is_digits(first) {
        match words.get(1).and_then(|w| word(w)) {
            Some(Word::Day) if words.get(2) == Some(&"ago") => {
                let days = whole(first).ok_or_else(|| Fail::because("it reaches back before the year 1"))?;
                return Ok((Some(days_before(today, days)?), 3, false));
            }
            Some(Word::Day) => {
                return Err(Fail::because(format!("write '{first} days ago'")));
            }
            Some(Word::Month(month)) => {
                let (year, used) = year_after(words, 2)?;
                return Ok((Some(calendar(year, month, first, today)?), used, false));
            }
            _ => {}
        }
    }
    Ok((None, 0, false))
}

/// The year after `9 Nov` or `Nov 9` (four digits, maybe after a comma):
/// the year if any, and where the words after it start.
fn year_after(words: &[&str], at: usize) -> Result<(Option<i32>, usize), Fail> {
    let comma = words.get(at) == Some(&",");
    let at_year = at + usize::from(comma);
    match words.get(at_year) {
        Some(year) if year.len() == 4 && is_digits(year) => {
            let year: i32 = year.parse().unwrap_or(0);
            if year == 0 {
                return Err(Fail::calendar("years go 1 to 9999"));
            }
            Ok((Some(year), at_year + 1))
        }
        _ if comma => Err(Fail::because("a comma goes only before the year (Nov 9, 2026)")),
        _ => Ok((None, at)),
    }
}

/// `2026-11-09`: `None` when the text has another shape, else the date or
/// why it names none (`2026-02-30`).
fn iso_date(text: &str) -> Option<Result<NaiveDate, Fail>> {
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
    let year = text[0..4].parse::<i32>().unwrap_or(0);
    let month = text[5..7].parse::<u32>().unwrap_or(0);
    Some(if year == 0 {
        Err(Fail::calendar("years go 0001 to 9999"))
    } else if !(1..=12).contains(&month) {
        Err(Fail::calendar("months go 01 to 12"))
    } else {
        // The year is given: `today` plays no part.
        calendar(Some(year), month, &text[8..10], NaiveDate::MIN)
    })
}

/// `21-11-2026`, `2026/11/21`, `21.11.2026`: a date in a shape not accepted.
fn date_like(text: &str) -> bool {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    parts.len() == 3 && parts.iter().all(|p| is_digits(p))
}

/// Day `day` of `month`, in `year` or else the latest such day not after
/// `today`.
fn calendar(year: Option<i32>, month: u32, day: &str, today: NaiveDate) -> Result<NaiveDate, Fail> {
    let month_name = MONTHS[month as usize - 1];
    let length = (28..=31)
        .rev()
        .find(|d| NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, *d).is_some())
        .unwrap_or(28);
    let named = match year {
        Some(year) => format!("{month_name} {year}"),
        None => month_name.to_string(),
    };
    let day = match whole_u32(day) {
        Some(0) => return Err(Fail::calendar("days start at 1")),
        Some(day) if day <= length => day,
        _ => return Err(Fail::calendar(format!("{named} has {length} days"))),
    };
    if let Some(year) = year {
        return NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| Fail::calendar("years go 1 to 9999"));
    }
    (today.year().saturating_sub(8).max(1)..=today.year())
        .rev()
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .find(|date| *date <= today)
        .ok_or_else(|| Fail::calendar(format!("no {day} {month_name} in the last eight years")))
}

#[derive(Clone, Copy)]
struct Rules {
    /// After `YYYY-MM-DD`: an offset (`Z`, `+01:00`, `+0100`) and a
    /// fraction of a second may follow the time.
    offset: bool,
    /// After the `T` of `YYYY-MM-DDTHH:MM`: two-digit hours, no am/pm.
    t_form: bool,
}

/// A time of day: `07:30`, `7:30`, `19:05:30`, `7am`, `7 am`, `7:30pm`.
fn read_time(words: &[&str], rules: Rules) -> Result<(NaiveTime, Option<FixedOffset>), Fail> {
    let (core, pm) = match words {
        [one] => match (one.strip_suffix("am"), one.strip_suffix("pm")) {
            (Some(core), _) if !core.is_empty() => (core, Some(false)),
            (_, Some(core)) if !core.is_empty() => (core, Some(true)),
            _ => (*one, None),
        },
        [one, half] => match word(half) {
            Some(Word::Am) => (*one, Some(false)),
            Some(Word::Pm) => (*one, Some(true)),
            _ => return Err(Fail::shape()),
        },
        _ => return Err(Fail::shape()),
    };
    if let Some(pm) = pm {
        if rules.t_form {
            return Err(Fail::shape());
        }
        let parts: Vec<&str> = core.split(':').collect();
        if parts.len() > 3 || !is_digits(parts[0]) || parts[0].len() > 2 {
            return Err(Fail::shape());
        }
        let hour = whole_u32(parts[0]).unwrap_or(0);
        if !(1..=12).contains(&hour) {
            return Err(Fail::clock(
                "on a 12-hour clock the hour goes 1 to 12 (12am is midnight, 12pm noon)",
            ));
        }
        let (minute, second, nano) = minutes_seconds(&parts[1..], false)?;
        let hour = hour % 12 + if pm { 12 } else { 0 };
        let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nano).ok_or_else(Fail::shape)?;
        return Ok((time, None));
    }
    let (clock_text, offset) = if rules.offset {
        split_offset(core)?
    } else {
        (core, None)
    };
    let parts: Vec<&str> = clock_text.split(':').collect();
    if parts.len() == 1 {
        return Err(match whole(core) {
            Some(hour) if hour <= 12 => Fail::because(format!(
                "a bare number is not a time; write {hour}:00, {hour}am or {hour}pm"
            )),
            Some(hour) if hour <= 23 => {
                Fail::because(format!("a bare number is not a time; write {hour}:00"))
            }
            Some(_) => Fail::because("a bare number is not a time"),
            None => Fail::shape(),
        });
    }
    let hour_text = parts[0];
    if parts.len() > 3
        || !is_digits(hour_text)
        || hour_text.len() > 2
        || (rules.t_form && hour_text.len() != 2)
    {
        return Err(Fail::shape());
    }
    let hour = whole_u32(hour_text).unwrap_or(0);
    if hour > 23 {
        return Err(Fail::clock("hours go 00 to 23 (midnight is 00:00)"));
    }
    let (minute, second, nano) = minutes_seconds(&parts[1..], rules.offset)?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nano).ok_or_else(Fail::shape)?;
    Ok((time, offset))
}

/// `MM` and maybe `:SS` (with `.fff` when `fraction`): minute, second,
/// nanosecond. No parts is the full hour (`7am`).
fn minutes_seconds(parts: &[&str], fraction: bool) -> Result<(u32, u32, u32), Fail> {
    let two_digits = |text: &str, name: &str| -> Result<u32, Fail> {
        if text.len() != 2 || !is_digits(text) {
            return Err(Fail::clock(format!("write the {name} as two digits, 00 to 59")));
        }
        let value = whole_u32(text).unwrap_or(0);
        if value > 59 {
            return Err(Fail::clock(format!("{name} go 00 to 59")));
        }
        Ok(value)
    };
    let minute = match parts.first() {
        Some(text) => two_digits(text, "minutes")?,
        None => 0,
    };
    let (second, nano) = match parts.get(1) {
        None => (0, 0),
        Some(text) => match text.split_once('.') {
            Some((seconds, digits)) if fraction => {
                if digits.len() > 9 || !is_digits(digits) {
                    return Err(Fail::clock("a fraction of a second has 1 to 9 digits"));
                }
                let nano = format!("{digits:0<9}").parse().unwrap_or(0);
                (two_digits(seconds, "seconds")?, nano)
            }
            _ => (two_digits(text, "seconds")?, 0),
        },
    };
    Ok((minute, second, nano))
}

/// `07:30Z`, `07:30+01:00`, `07:30+0100`: the clock time and the offset.
fn split_offset(text: &str) -> Result<(&str, Option<FixedOffset>), Fail> {
    let bad = || Fail::because("an offset looks like Z, +01:00 or +0100");
    if let Some(time) = text.strip_suffix('z') {
        return Ok((time, FixedOffset::east_opt(0)));
    }
    let Some(at) = text.find(['+', '-']) else {
        return Ok((text, None));
    };
    let sign = if text[at..].starts_with('-') { -1 } else { 1 };
    let offset = &text[at + 1..];
    let (hours, minutes) = match offset.as_bytes() {
        [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => ([*h1, *h2], [*m1, *m2]),
        _ => return Err(bad()),
    };
    let number = |pair: [u8; 2]| -> Option<i32> {
        pair.iter()
            .all(u8::is_ascii_digit)
            .then(|| i32::from(pair[0] - b'0') * 10 + i32::from(pair[1] - b'0'))
    };
    let (Some(hours), Some(minutes)) = (number(hours), number(minutes)) else {
        return Err(bad());
    };
    if hours > 23 || minutes > 59 {
        return Err(bad());
    }
    let offset = FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).ok_or_else(bad)?;
    Ok((&text[..at], Some(offset)))
}

/// The nearest accepted text to a refused time: word typos corrected
/// (`yesteday`, `tuseday`, `Nvo 9`), `9th` as `9`, commas dropped, the
/// time moved after the date (`7am yesterday`), or `YYYY-MM-DD` for a
/// date in another shape. Only a text `when` accepts is suggested.
fn suggest_when(text: &str, today: NaiveDate) -> Option<String> {
    if text.len() > 100 {
        return None;
    }
    let tokens = when_tokens(text);
    let join = |tokens: &[Token<'_>]| tokens.iter().map(|t| t.text).collect::<Vec<_>>().join(" ");

    // Each word typo by each of its nearest words; a guess is made only
    // when exactly one way of mending them reads.
    let mut mended = vec![text.to_string()];
    for token in tokens.iter().rev() {
        let lower = token.text.to_ascii_lowercase();
        let replacements: Vec<String> =
            if lower.bytes().all(|b| b.is_ascii_alphabetic()) && word(&lower).is_none() {
                nearest_all(&lower, WORDS)
                    .iter()
                    .map(|near| like(token.text, near))
                    .collect()
            } else {
                ["st", "nd", "rd", "th"]
                    .iter()
                    .find_map(|suffix| lower.strip_suffix(suffix))
                    .filter(|digits| is_digits(digits) && digits.len() <= 2)
                    .map(str::to_string)
                    .into_iter()
                    .collect()
            };
        if replacements.is_empty() || mended.len() * replacements.len() > 64 {
            continue;
        }
        mended = mended
            .iter()
            .flat_map(|text| {
                replacements.iter().map(move |replacement| {
                    let mut text = text.clone();
                    text.replace_range(token.start..token.end, replacement);
                    text
                })
            })
            .collect();
    }
    let reads = |candidate: &String| {
        let lower = candidate.to_ascii_lowercase();
        lower != text.to_ascii_lowercase() && read_when(&lower, today).is_ok()
    };
    let mut readable = mended.into_iter().filter(reads);
    match (readable.next(), readable.next()) {
        (Some(one), None) => return Some(one),
        (Some(_), Some(_)) => return None,
        _ => {}
    }

    let mut candidates = Vec::new();
    let no_commas: Vec<Token<'_>> = tokens.iter().filter(|t| t.text != ",").copied().collect();
    candidates.push(join(&no_commas));
    for split in 1..tokens.len() {
        candidates.push(format!("{} {}", join(&tokens[split..]), join(&tokens[..split])));
    }
    for token in &tokens {
        if let Some(date) = as_iso(token.text) {
            candidates.push(format!("{}{date}{}", &text[..token.start], &text[token.end..]));
        }
    }
    candidates.into_iter().find(reads)
}

/// `2026/11/21`, `2026-1-5`, `21-11-2026`, `21.11.2026` as `YYYY-MM-DD`,
/// when that reading is the only one (`05-06-2026` could be May or June).
fn as_iso(text: &str) -> Option<String> {
    if !date_like(text) {
        return None;
    }
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let number = |p: &str| whole(p).filter(|_| p.len() <= 4);
    let (a, b, c) = (number(parts[0])?, number(parts[1])?, number(parts[2])?);
    let (year, month, day) = match (parts[0].len(), parts[2].len()) {
        (4, 1..=2) if parts[1].len() <= 2 => (a, b, c),
        (1..=2, 4) if parts[1].len() <= 2 && a > 12 => (c, b, a),
        _ => return None,
    };
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

fn not_future(moment: DateTime<FixedOffset>, clock: &Clock, what: &str) -> Result<(), String> {
    if moment > clock.now() {
        Err(format!(
            "{what} {} is in the future (now is {})",
            moment.format("%Y-%m-%d %H:%M"),
            clock.now().format("%Y-%m-%d %H:%M")
        ))
    } else {
        Ok(())
    }
}

/// `--at`: the start of the walk; a day without a time is 12:00 that day
/// (`yesterday`, `mon`, `9 Nov`), while today's date is `None` (the walk
/// ended now). Never in the future.
pub fn start_at(when: When, clock: &Clock) -> Result<Option<DateTime<FixedOffset>>, String> {
    let start = match when {
        When::Day { today: true, .. } => return Ok(None),
        When::Day { date, .. } => noon(date, clock),
        When::Moment(moment) => moment,
    };
    not_future(start, clock, "the start")?;
    Ok(Some(start))
}

/// 12:00 local, in the offset of that hour (twelve hours after the day
/// starts in the rare zone that skips noon).
fn noon(date: NaiveDate, clock: &Clock) -> DateTime<FixedOffset> {
    date.and_hms_opt(12, 0, 0)
        .and_then(|noon| clock.resolve(noon))
        .unwrap_or_else(|| clock.start_of_day(date) + Duration::hours(12))
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
        When::Day { date, .. } => match date.succ_opt() {
            Some(next) => clock.start_of_day(next),
            None => clock.start_of_day(date) + Duration::days(1),
        },
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
    const FORMS: &str = "use YYYY-Www, e.g. 2026-W47";
    let bad = || format!("{} is not an ISO week; {FORMS}", quote(input));
    let (year, week) = input.trim().split_once('-').ok_or_else(bad)?;
    let week = week.strip_prefix(['W', 'w']).ok_or_else(bad)?;
    let year = whole_u32(year)
        .filter(|y| (1..=9999).contains(y) && year.len() == 4)
        .and_then(|y| i32::try_from(y).ok())
        .ok_or_else(bad)?;
    let week = whole_u32(week).filter(|w| *w <= 99).ok_or_else(bad)?;
    NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(|| {
        let weeks = NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |d| d.iso_week().week());
        format!(
            "{} is not an ISO week: {year} has ISO weeks 1 to {weeks}; {FORMS}",
            quote(input)
        )
    })
}

// ---- session ids ----

/// Which session `show`, `edit` and `rm` mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SessionId {
    Number(u64),
    /// `last`: the command decides which session that is.
    Last,
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionId::Number(n) => write!(f, "#{n}"),
            SessionId::Last => f.write_str("last"),
        }
    }
}

/// `12`, `#12` or `last` (any case).
pub fn id(input: &str) -> Result<SessionId, String> {
    const FORMS: &str = "ids are whole numbers from 1 (12 or #12), or last; `backwalk list` shows them";
    let text = input.trim();
    if text.eq_ignore_ascii_case("last") {
        return Ok(SessionId::Last);
    }
    let number = text.strip_prefix('#').unwrap_or(text);
    let reason = match whole(number) {
        Some(n) if n >= 1 => return Ok(SessionId::Number(n)),
        Some(_) => Some("there is no session 0; ids start at 1"),
        None if is_digits(number) => Some("no id is that large"),
        None if text == "#" => Some("a number must follow the #"),
        None => None,
    };
    let lower = text.to_ascii_lowercase();
    let suggestion = lower
        .bytes()
        .all(|b| b.is_ascii_alphabetic())
        .then(|| nearest(&lower, &[("last", ())]))
        .flatten();
    Err(refusal(input, "is not a session id", reason, suggestion, FORMS))
}

// ---- values ----

/// `--steps`: a whole number from 0 to 100 000.
pub fn steps(input: &str) -> Result<u32, String> {
    const FORMS: &str = "use a whole number from 0 to 100000";
    let text = input.trim();
    match whole_u32(text) {
        Some(n) if n <= MAX_STEPS => Ok(n),
        _ if is_digits(text) => Err(format!("{} is too many steps; {FORMS}", quote(input))),
        _ => {
            let reason = if text.starts_with('-') {
                ": it cannot be negative"
            } else if decimal(text).is_some() {
                ": steps are counted whole"
            } else {
                ""
            };
            Err(format!("{} is not a step count{reason}; {FORMS}", quote(input)))
        }
    }
}

/// `--incline`: a percentage from 0 to 40.
pub fn incline(input: &str) -> Result<f64, String> {
    const FORMS: &str = "use a percentage from 0 to 40";
    let text = input.trim();
    match decimal(text) {
        Some(p) if (0.0..=MAX_INCLINE_PERCENT).contains(&p) => Ok(p),
        Some(_) => Err(format!("{} is too steep; {FORMS}", quote(input))),
        None if text.starts_with('-') => Err(format!(
            "{} is not an incline: it cannot be negative; {FORMS}",
            quote(input)
        )),
        None => Err(format!("{} is not an incline; {FORMS}", quote(input))),
    }
}

/// `--pain`: 0 (none) to 10 (the worst).
pub fn pain(input: &str) -> Result<u8, String> {
    const FORMS: &str = "use a whole number from 0 (no pain) to 10 (the worst)";
    match whole(input.trim()).map(u8::try_from) {
        Some(Ok(n)) if n <= 10 => Ok(n),
        Some(_) => Err(format!("{} is out of range; {FORMS}", quote(input))),
        None => Err(format!("{} is not a pain score; {FORMS}", quote(input))),
    }
}

/// `--note`: text as `check_note` allows it.
pub fn note(input: &str) -> Result<String, String> {
    check_note(input).map_err(|e| format!("{} cannot be a note: {e}", quote(input)))?;
    Ok(input.to_string())
}

/// `--limit`: how many sessions, from 1 (a huge count means all).
pub fn limit(input: &str) -> Result<usize, String> {
    let text = input.trim();
    let refuse = |reason: &str| {
        format!(
            "{} is not a count{reason}; use a whole number from 1",
            quote(input)
        )
    };
    if !is_digits(text) {
        return Err(refuse(""));
    }
    match whole(text) {
        Some(0) => Err(refuse(": it starts at 1")),
        Some(n) => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
        None => Ok(usize::MAX),
    }
}

/// `5-10` (or `5–10`): a low–high target within `bounds`.
pub fn target_range(input: &str, bounds: Range, unit: &str) -> Result<Range, String> {
    range_within(input, bounds, unit, "")
}

/// `--minutes`: LOW-HIGH within 1-240.
pub fn minutes_goal(input: &str) -> Result<Range, String> {
    target_range(input, MINUTES_BOUNDS, "minutes")
}

/// `--steps` of `goals`: LOW-HIGH within 1-100000, or `off` (no goal).
pub fn steps_goal(input: &str) -> Result<Option<Range>, String> {
    if input.trim().eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    range_within(input, STEPS_BOUNDS, "steps", ", or off").map(Some)
}

fn range_within(input: &str, bounds: Range, unit: &str, or: &str) -> Result<Range, String> {
    let forms = format!(
        "use LOW-HIGH {unit} with {} ≤ LOW ≤ HIGH ≤ {}{or}",
        bounds.min, bounds.max
    );
    let not_range = || format!("{} is not a range; {forms}", quote(input));
    let (low, high) = input.trim().split_once(['-', '–']).ok_or_else(not_range)?;
    let number = |t: &str| whole(t.trim()).map(|n| u32::try_from(n).unwrap_or(u32::MAX));
    let (Some(min), Some(max)) = (number(low), number(high)) else {
        return Err(not_range());
    };
    if min > max {
        return Err(format!("{} has LOW above HIGH; {forms}", quote(input)));
    }
    if min < bounds.min || max > bounds.max {
        return Err(format!("{} is out of bounds; {forms}", quote(input)));
    }
    Ok(Range { min, max })
}

/// `--weight`: body weight in kg, 20 to 400.
pub fn weight(input: &str) -> Result<f64, String> {
    const FORMS: &str = "use kilograms from 20 to 400";
    match decimal(input.trim()) {
        Some(kg) if (20.0..=400.0).contains(&kg) => Ok(kg),
        Some(_) => Err(format!("{} is out of range; {FORMS}", quote(input))),
        None => Err(format!("{} is not a weight; {FORMS}", quote(input))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    /// Saturday 21 November 2026, 18:30 in Berlin.
    fn clock() -> Clock {
        let now = DateTime::parse_from_rfc3339("2026-11-21T18:30:00+01:00").unwrap();
        Clock::new(now.with_timezone(&Utc), "Europe/Berlin".parse().unwrap())
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

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

    /// One line, starting with the quoted input, naming what is accepted.
    fn assert_refusal(message: &str, input: &str) {
        assert!(!message.contains('\n') && !message.contains('\r'), "{message:?}");
        assert!(message.starts_with(&quote(input)), "{input:?}: {message}");
        assert!(
            !message.chars().any(|c| c.is_control() || is_bidi_override(c)),
            "{message:?}"
        );
    }

    // ---- durations ----

    #[test]
    fn accepted_durations() {
        let cases = [
            ("8", 480),
            ("7.5", 450),
            ("7m30s", 450),
            ("7m30", 450),
            ("8m", 480),
            ("8min", 480),
            ("8 min", 480),
            ("8 mins", 480),
            ("8 minutes", 480),
            ("1 minute", 60),
            ("90s", 90),
            ("90sec", 90),
            ("90secs", 90),
            ("90 seconds", 90),
            ("1 second", 1),
            ("1h5m", 3900),
            ("1h 5m", 3900),
            ("1h05m", 3900),
            ("1h", 3600),
            ("1.5h", 5400),
            ("1 hour", 3600),
            ("2 hours", 7200),
            ("1hr", 3600),
            ("2 hrs", 7200),
            ("1h05m30s", 3930),
            ("9m05s", 545),
            ("7:30", 450),
            ("0:01", 1),
            ("1:05:00", 3900),
            (" 8M ", 480),
            ("7 m 30 s", 450),
            ("1 hour 5 minutes", 3900),
            ("1H05M", 3900),
            ("24h", 86400),
            ("24:00:00", 86400),
            ("1440", 86400),
            ("0.5s", 1),
            ("7m 30", 450),
        ];
        for (input, seconds) in cases {
            assert_eq!(duration(input).map(WalkDuration::seconds), Ok(seconds), "{input}");
        }
    }

    #[test]
    fn rejected_durations_say_why() {
        let cases = [
            ("", "it is empty"),
            ("0", "at least 1 second"),
            ("0s", "at least 1 second"),
            ("0:00", "at least 1 second"),
            ("0.001", "at least 1 second"),
            ("-5", "negative"),
            ("+8", "without a sign"),
            ("abc", "7m30s"),
            ("7:75", "the seconds go 00 to 59"),
            ("7:75", "7:30 (minutes:seconds)"),
            ("1:75:00", "the minutes go 00 to 59"),
            ("7:5", "two digits"),
            ("7:", "two digits"),
            (":30", "7m30s"),
            ("7:30:00:00", "at most two ':'"),
            ("nan", "7m30s"),
            ("inf", "7m30s"),
            ("infinity", "7m30s"),
            ("1e3", "'e' is not a unit"),
            ("24h1s", "at most 24 hours"),
            ("1441", "at most 24 hours"),
            ("25:00:00", "at most 24 hours"),
            (&"9".repeat(400), "at most 24 hours"),
            ("8mm", "'mm' is not a unit"),
            ("30s5m", "from hours to minutes to seconds"),
            ("5m5m", "the minutes are given twice"),
            ("1h 90m", "minutes after hours go 0 to 59"),
            ("7m75", "seconds after minutes go 0 to 59"),
            ("1h30", "after the hours needs its unit"),
            ("30s 5", "nothing may follow the seconds"),
            ("8 30", "two numbers"),
            ("7.5m30s", "decimal point"),
            ("7m30.5s", "decimal point"),
            ("m", "7m30s"),
            ("m5", "needs a number before it"),
            ("1..5", "'1..5' is not a number"),
            (".5", "is not a number"),
            ("٣", "is neither a digit 0-9 nor a unit letter"),
            ("8 ½", "is neither a digit 0-9 nor a unit letter"),
        ];
        for (input, says) in cases {
            let message = duration(input).unwrap_err();
            assert!(message.contains(says), "{input:?}: {message}");
            assert_refusal(&message, input);
        }
        let message = duration("abc").unwrap_err();
        assert!(
            message.contains("7m30s") && message.contains("1:05:00"),
            "{message}"
        );
    }

    #[test]
    fn unit_typos_get_the_nearest_unit() {
        let cases = [
            ("8 mintues", Some("'8 minutes'")),
            ("8 mn", Some("'8 min'")),
            ("8mm", Some("'8m'")),
            ("90 secnods", Some("'90 seconds'")),
            ("2 huors", Some("'2 hours'")),
            ("1h30", Some("'1h30m'")),
            ("1h 30", Some("'1h 30m'")),
            ("8 MINTUES", Some("'8 minutes'")),
            // As near `h` as `s`: no guess.
            ("8 hs", None),
            ("8x", None),
            ("abc", None),
            ("30s5m", None),
        ];
        for (input, suggestion) in cases {
            let message = duration(input).unwrap_err();
            match suggestion {
                Some(s) => assert!(
                    message.contains(&format!("; did you mean {s}? accepted:")),
                    "{input}: {message}"
                ),
                None => assert!(!message.contains("did you mean"), "{input}: {message}"),
            }
        }
    }

    #[test]
    fn durations_are_written_one_way() {
        let cases = [
            (0, "0m"),
            (1, "1s"),
            (45, "45s"),
            (60, "1m"),
            (480, "8m"),
            (450, "7m30s"),
            (545, "9m05s"),
            (3600, "1h00m"),
            (3900, "1h05m"),
            (3930, "1h05m30s"),
            (3605, "1h00m05s"),
            (86_400, "24h00m"),
        ];
        for (seconds, text) in cases {
            assert_eq!(format_duration(seconds), text);
        }
    }

    #[test]
    fn every_formatted_duration_reads_back() {
        for seconds in 1..=86_400u64 {
            let text = format_duration(seconds);
            assert_eq!(
                duration(&text).map(|d| u64::from(d.seconds())),
                Ok(seconds),
                "{text}"
            );
        }
    }

    // ---- times and days ----

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

    // ---- ids and values ----

    #[test]
    fn ids() {
        assert_eq!(id("12"), Ok(SessionId::Number(12)));
        assert_eq!(id("#12"), Ok(SessionId::Number(12)));
        assert_eq!(id(" 7 "), Ok(SessionId::Number(7)));
        assert_eq!(id("last"), Ok(SessionId::Last));
        assert_eq!(id("LAST"), Ok(SessionId::Last));
        assert_eq!(id(" Last "), Ok(SessionId::Last));
        assert_eq!(SessionId::Number(12).to_string(), "#12");
        assert_eq!(SessionId::Last.to_string(), "last");
        for (input, says) in [
            ("0", "there is no session 0"),
            ("#0", "ids start at 1"),
            ("-1", "whole numbers from 1"),
            ("abc", "whole numbers from 1"),
            ("#", "a number must follow the #"),
            ("1.5", "whole numbers from 1"),
            ("", "whole numbers from 1"),
            ("99999999999999999999999", "no id is that large"),
            ("##1", "or last"),
            ("lsat", "did you mean 'last'?"),
        ] {
            let message = id(input).unwrap_err();
            assert!(message.contains(says), "{input:?}: {message}");
            assert_refusal(&message, input);
        }
        assert!(id("lsat").unwrap_err().contains("; did you mean 'last'? ids are"));
        assert!(
            id("latest")
                .unwrap_err()
                .contains("; did you mean 'last'? ids are")
        );
        assert!(id("Lats").unwrap_err().contains("; did you mean 'last'? ids are"));
        assert!(
            !id("first").unwrap_err().contains("did you mean"),
            "{}",
            id("first").unwrap_err()
        );
    }

    #[test]
    fn pain_scores() {
        assert_eq!(pain("0"), Ok(0));
        assert_eq!(pain(" 10 "), Ok(10));
        for input in ["11", "-1", "3.5", "", "ten", "99999999999999999999999"] {
            let message = pain(input).unwrap_err();
            assert!(message.contains("0 (no pain) to 10 (the worst)"), "{message}");
            assert_refusal(&message, input);
        }
    }

    #[test]
    fn notes() {
        assert_eq!(note("grass, slow"), Ok("grass, slow".into()));
        assert_eq!(note(""), Ok(String::new()));
        assert!(note(&"x".repeat(500)).is_ok());
        assert!(note(&"é".repeat(500)).is_ok());
        assert!(note("שלום walking 🚶").is_ok());
        let long = note(&"x".repeat(501)).unwrap_err();
        assert!(
            long.contains("at most 500 characters; this one has 501"),
            "{long}"
        );
        assert!(long.len() < 200, "{long}");
        for (input, says) in [
            ("a\u{7}b", "control characters (found U+0007)"),
            ("line\nbreak", "control characters (found U+000A)"),
            ("\u{1b}[2J", "control characters (found U+001B)"),
            ("del\u{7f}", "control characters (found U+007F)"),
            (
                "evil\u{202E}txt.exe",
                "(found U+202E): they reorder the text on screen",
            ),
            ("\u{202A}x", "found U+202A"),
            ("\u{2066}x", "found U+2066"),
            ("x\u{2069}", "found U+2069"),
        ] {
            let message = note(input).unwrap_err();
            assert!(message.contains(says), "{input:?}: {message}");
            assert_refusal(&message, input);
            assert!(check_note(input).unwrap_err().contains(says));
        }
        assert!(check_note("plain").is_ok());
    }

    #[test]
    fn values() {
        assert_eq!(steps("300"), Ok(300));
        assert_eq!(steps("0"), Ok(0));
        assert_eq!(steps("100000"), Ok(100_000));
        for (input, says) in [
            ("-1", "cannot be negative"),
            ("100001", "too many"),
            ("99999999999", "too many"),
            ("99999999999999999999999", "too many"),
            ("3.5", "counted whole"),
            ("abc", "a whole number from 0 to 100000"),
            ("", "a whole number from 0 to 100000"),
        ] {
            let message = steps(input).unwrap_err();
            assert!(
                message.contains(says) && message.contains("0 to 100000"),
                "{message}"
            );
            assert_refusal(&message, input);
        }
        assert_eq!(incline("4.5"), Ok(4.5));
        assert_eq!(incline("0"), Ok(0.0));
        assert_eq!(incline("40"), Ok(40.0));
        for input in ["41", "40.5", "-2", "nan", "inf", "x", "1e1", ""] {
            let message = incline(input).unwrap_err();
            assert!(message.contains("0 to 40"), "{message}");
            assert_refusal(&message, input);
        }
        assert_eq!(weight("72.5"), Ok(72.5));
        for input in ["19", "401", "abc", "-70", "nan"] {
            let message = weight(input).unwrap_err();
            assert!(message.contains("kilograms from 20 to 400"), "{message}");
            assert_refusal(&message, input);
        }
        assert_eq!(limit("1"), Ok(1));
        assert_eq!(limit("99999999999999999999999"), Ok(usize::MAX));
        for input in ["0", "-1", "x", "", "1.5"] {
            let message = limit(input).unwrap_err();
            assert!(message.contains("whole number from 1"), "{message}");
            assert_refusal(&message, input);
        }
    }

    #[test]
    fn ranges_and_goals() {
        let minutes = MINUTES_BOUNDS;
        assert_eq!(
            target_range("6-12", minutes, "minutes"),
            Ok(Range { min: 6, max: 12 })
        );
        assert_eq!(minutes_goal(" 5 – 10 "), Ok(Range { min: 5, max: 10 }));
        assert_eq!(minutes_goal("10-10"), Ok(Range { min: 10, max: 10 }));
        for (input, says) in [
            ("12-6", "LOW above HIGH"),
            ("0-10", "out of bounds"),
            ("5-241", "out of bounds"),
            ("5", "not a range"),
            ("a-b", "not a range"),
            ("5--10", "not a range"),
            ("-5", "not a range"),
        ] {
            let message = minutes_goal(input).unwrap_err();
            assert!(message.contains(says), "{input}: {message}");
            assert!(message.contains("1 ≤ LOW ≤ HIGH ≤ 240"), "{message}");
            assert_refusal(&message, input);
        }
        assert_eq!(steps_goal("off"), Ok(None));
        assert_eq!(steps_goal(" OFF "), Ok(None));
        assert_eq!(steps_goal("200-400"), Ok(Some(Range { min: 200, max: 400 })));
        for input in ["0-400", "1-100001", "400-200", "of", ""] {
            let message = steps_goal(input).unwrap_err();
            assert!(message.contains("1 ≤ LOW ≤ HIGH ≤ 100000, or off"), "{message}");
            assert_refusal(&message, input);
        }
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("nvo", "nov"), 1);
        assert_eq!(edit_distance("tuseday", "tuesday"), 1);
        assert_eq!(edit_distance("mintues", "minutes"), 1);
        assert_eq!(edit_distance("latest", "last"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(nearest("mn", &UNITS), Some("min"));
        assert_eq!(nearest("hs", &UNITS), None);
        assert_eq!(nearest("x", &UNITS), None);
    }

    /// Texts that have broken parsers elsewhere.
    fn hostile() -> Vec<String> {
        let mut inputs: Vec<String> = [
            "",
            " ",
            "\t",
            "\n",
            "\0",
            "#",
            "-",
            "+",
            ":",
            "::",
            ".",
            ",",
            ",,",
            "T",
            "t",
            "Z",
            "am",
            "pm",
            "12",
            "-0",
            "+0",
            "0x10",
            "1_000",
            "1,5",
            "٣",
            "١٢:٣٠",
            "🚶",
            "🚶‍♀️ 7m",
            "\u{202E}7m",
            "7m\u{202E}",
            "\u{FEFF}8",
            "８",
            "7m30s\u{0}",
            "ⅷ",
            "7:",
            ":7",
            "7::30",
            "1:2:3:4",
            "2026-11-21T",
            "2026-11-21T99:99",
            "2026-11-21T07:30+99:99",
            "2026-11-21T07:30+",
            "2026-11-21T07:30+0",
            "9999-12-31T23:59:59-23:59",
            "0001-01-01T00:00:00+23:59",
            "0001-01-01 00:00",
            "9999-12-31 23:59",
            "Nov 9,",
            ", 2026",
            "9 ,",
            "Nov , 2026",
            "days ago",
            "ago",
            "-3 days ago",
            "3 days ago 7",
            "9 Nov 2026 2026",
            "last",
            "LAST",
            "#last",
            "off",
            "nan",
            "NaN",
            "inf",
            "-inf",
            "1e999",
            "0.0000000001",
            "1.",
            ".",
            "..",
            "h",
            "hms",
            "1h2m3s4",
            "é",
            "ÉÉÉ",
            "ß",
            "İ",
            "ﬀ",
            "7ｍ",
            "2026‐11‐21",
            "Ⅻ:00",
            "𝟕am",
            "7 a.m.",
            "12:00:00:00pm",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        inputs.push("9".repeat(100_000));
        inputs.push("7m".repeat(10_000));
        inputs.push("a".repeat(100_000));
        inputs.push("é".repeat(10_000));
        inputs.push(format!("{}-11-21", "9".repeat(50)));
        inputs.push("Nov 9 ".repeat(1000));
        inputs.push("🚶".repeat(1000));
        inputs.push(" ".repeat(10_000));
        inputs
    }

    #[test]
    fn no_input_breaks_a_parser() {
        let c = clock();
        for input in hostile() {
            let checks: Vec<Result<(), String>> = vec![
                duration(&input).map(drop),
                when(&input, &c).map(drop),
                since_when(&input, &c).map(drop),
                id(&input).map(drop),
                pain(&input).map(drop),
                note(&input).map(drop),
                steps(&input).map(drop),
                incline(&input).map(drop),
                weight(&input).map(drop),
                limit(&input).map(drop),
                iso_week(&input).map(drop),
                minutes_goal(&input).map(drop),
                steps_goal(&input).map(drop),
            ];
            for message in checks.into_iter().filter_map(Result::err) {
                assert_refusal(&message, &input);
                assert!(message.len() < 1000, "{}", message.len());
            }
            if let Ok(w) = when(&input, &c) {
                let _ = start_at(w, &c);
                assert!(since(w, &c) < until(w, &c));
                let _ = day(w, &c);
            }
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn config() -> ProptestConfig {
            ProptestConfig {
                cases: 512,
                failure_persistence: None,
                ..ProptestConfig::default()
            }
        }

        /// Text near what the parsers read, or any text at all.
        fn text() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                "[0-9]{1,4}",
                "[-+:.,/ #–Tt]",
                "(h|m|s|min|sec|hours|am|pm|d|w|days|ago|Z|nov|mon|today|yesterday|last|off)",
                "[0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?",
                "[0-9]{4}-[0-9]{2}-[0-9]{2}",
                "\\PC",
            ];
            prop_oneof![
                proptest::collection::vec(piece, 0..8).prop_map(|parts| parts.concat()),
                any::<String>(),
            ]
        }

        proptest! {
            #![proptest_config(config())]

            #[test]
            fn parsers_never_panic_and_refuse_in_one_line(input in text()) {
                let c = clock();
                for message in [
                    duration(&input).err(),
                    when(&input, &c).err(),
                    since_when(&input, &c).err(),
                    id(&input).err(),
                ]
                .into_iter()
                .flatten()
                {
                    prop_assert!(!message.contains('\n'), "{}", message);
                    prop_assert!(message.starts_with(&quote(&input)), "{}", message);
                }
                if let Ok(d) = duration(&input) {
                    prop_assert!((1..=86_400).contains(&d.seconds()));
                }
                if let Ok(SessionId::Number(n)) = id(&input) {
                    prop_assert!(n >= 1);
                }
            }

            #[test]
            fn formatted_durations_read_back(seconds in 1u64..=86_400) {
                let text = format_duration(seconds);
                prop_assert_eq!(duration(&text).map(|d| u64::from(d.seconds())), Ok(seconds), "{}", text);
            }

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
    }
}
