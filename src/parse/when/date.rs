//! Calendar dates: `yesterday`, `3 days ago`, `mon`, `9 Nov 2026`,
//! `2026-11-09`, and ISO weeks (`2026-W47`).

use chrono::{Datelike, NaiveDate, Weekday};

use super::words::{MONTHS, Word, word};
use super::{Fail, days_before};
use crate::parse::{is_digits, quote, whole, whole_u32};

/// The date at the start of `words`: the date (if any), how many words it
/// took, and whether it was `YYYY-MM-DD` (after which a time may carry an
/// offset).
pub(super) fn read_date(words: &[&str], today: NaiveDate) -> Result<(Option<NaiveDate>, usize, bool), Fail> {
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
pub(super) fn iso_date(text: &str) -> Option<Result<NaiveDate, Fail>> {
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
pub(super) fn date_like(text: &str) -> bool {
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
