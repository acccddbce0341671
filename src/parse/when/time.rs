//! Times of day: `07:30`, `7:30pm`, `19:05:30`, `07:30+01:00`, alone or
//! after a date.

use chrono::{FixedOffset, NaiveTime};

use super::words::{Word, word};
use super::{Fail, when_tokens};
use crate::parse::{is_digits, whole, whole_u32};

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

/// What may go with a time, by what came before it.
#[derive(Clone, Copy)]
pub(super) struct Rules {
    /// After `YYYY-MM-DD`: an offset (`Z`, `+01:00`, `+0100`) and a
    /// fraction of a second may follow the time.
    pub(super) offset: bool,
    /// After the `T` of `YYYY-MM-DDTHH:MM`: two-digit hours, no am/pm.
    pub(super) t_form: bool,
}

/// A time of day: `07:30`, `7:30`, `19:05:30`, `7am`, `7 am`, `7:30pm`.
pub(super) fn read_time(words: &[&str], rules: Rules) -> Result<(NaiveTime, Option<FixedOffset>), Fail> {
    match half_of_day(words)? {
        (core, Some(pm)) if !rules.t_form => twelve_hour(core, pm).map(|time| (time, None)),
        (_, Some(_)) => Err(Fail::shape()),
        (core, None) => twenty_four_hour(core, rules),
    }
}

/// The clock text and, when `am` or `pm` follows it (`7am`, `7 pm`),
/// whether it is `pm`.
fn half_of_day<'a>(words: &[&'a str]) -> Result<(&'a str, Option<bool>), Fail> {
    match words {
        [one] => Ok(match (one.strip_suffix("am"), one.strip_suffix("pm")) {
            (Some(core), _) if !core.is_empty() => (core, Some(false)),
            (_, Some(core)) if !core.is_empty() => (core, Some(true)),
            _ => (*one, None),
        }),
        [one, half] => match word(half) {
            Some(Word::Am) => Ok((*one, Some(false))),
            Some(Word::Pm) => Ok((*one, Some(true))),
            _ => Err(Fail::shape()),
        },
        _ => Err(Fail::shape()),
    }
}

/// `7`, `7:30`, `12:45:10` before `am` or `pm`.
fn twelve_hour(core: &str, pm: bool) -> Result<NaiveTime, Fail> {
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
    NaiveTime::from_hms_nano_opt(hour, minute, second, nano).ok_or_else(Fail::shape)
}

/// `07:30`, `19:05:30`, with an offset where `rules` allow one.
fn twenty_four_hour(core: &str, rules: Rules) -> Result<(NaiveTime, Option<FixedOffset>), Fail> {
    let (clock_text, offset) = if rules.offset {
        split_offset(core)?
    } else {
        (core, None)
    };
    let parts: Vec<&str> = clock_text.split(':').collect();
    if parts.len() == 1 {
        return Err(bare_number(core));
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

/// Why a time without a `:` is refused, saying how to write the hour
/// when it is one.
fn bare_number(core: &str) -> Fail {
    match whole(core) {
        Some(hour) if hour <= 12 => Fail::because(format!(
            "a bare number is not a time; write {hour}:00, {hour}am or {hour}pm"
        )),
        Some(hour) if hour <= 23 => Fail::because(format!("a bare number is not a time; write {hour}:00")),
        Some(_) => Fail::because("a bare number is not a time"),
        None => Fail::shape(),
    }
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
