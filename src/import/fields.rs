//! The rules for one field that the JSON and the CSV reader share: when a
//! walk began, its incline, its pain score.

use chrono::{DateTime, FixedOffset};

use crate::clock::Clock;
use crate::model;
use crate::parse::{self, When};

/// What a pain score may be, as an error says it.
pub(super) const PAIN_SCORES: &str = "use a whole number from 0 (none) to 10 (worst)";

/// RFC 3339, or any form `--at` takes (a bare date is 12:00 that day).
pub(super) fn start_of(text: &str, clock: &Clock) -> Result<DateTime<FixedOffset>, String> {
    if let Ok(start) = DateTime::parse_from_rfc3339(text.trim()) {
        if start > clock.now() {
            return Err(format!("{text} is in the future"));
        }
        return Ok(start);
    }
    let when = match parse::when(text, clock)? {
        When::Day { date, .. } => When::Day { date, today: false },
        moment @ When::Moment(_) => moment,
    };
    Ok(parse::start_at(when, clock)?.unwrap_or_else(|| clock.now()))
}

/// An incline as export writes it (any decimal `f64` prints) or as typed.
pub(super) fn incline(text: &str) -> Result<f64, String> {
    let value = text
        .parse::<f64>()
        .map_err(|_| format!("'{text}' is not an incline; use a percentage from 0 to 40"))?;
    // `-0` reads as 0, not as a negative zero that JSON would print as `-0.0`.
    model::check_incline(value).map(|percent| percent + 0.0)
}

/// How the body felt after the walk: a whole number from 0 to 10.
pub(super) fn pain_score(text: &str) -> Result<u8, String> {
    Some(text.trim())
        .filter(|t| (1..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|t| t.parse::<u8>().ok())
        .filter(|pain| *pain <= 10)
        .ok_or_else(|| format!("'{text}' is not a pain score; {PAIN_SCORES}"))
}
