//! The rules a walk's single values obey (length, steps, incline, pain,
//! note, year), shared by the parsers, the import and the store's check.

use chrono::{DateTime, Datelike, FixedOffset};
use serde::{Deserialize, Serialize};

pub const MAX_STEPS: u32 = 100_000;
pub const MAX_INCLINE_PERCENT: f64 = 40.0;
pub const MAX_NOTE_CHARS: usize = 500;
pub const MAX_PAIN: u8 = 10;

/// The length of a walk: 1 second to 24 hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct WalkDuration(u32);

impl WalkDuration {
    pub const MAX_SECONDS: u32 = 24 * 60 * 60;

    pub fn from_seconds(seconds: u64) -> Result<Self, String> {
        match u32::try_from(seconds) {
            Ok(s) if (1..=Self::MAX_SECONDS).contains(&s) => Ok(WalkDuration(s)),
            _ if seconds == 0 => Err("a walk lasts at least 1 second".into()),
            _ => Err("a walk lasts at most 24 hours".into()),
        }
    }

    pub fn seconds(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for WalkDuration {
    type Error = String;
    fn try_from(seconds: u32) -> Result<Self, String> {
        WalkDuration::from_seconds(seconds.into())
    }
}

impl From<WalkDuration> for u32 {
    fn from(duration: WalkDuration) -> u32 {
        duration.0
    }
}

pub fn check_steps(steps: u32) -> Result<u32, String> {
    if steps <= MAX_STEPS {
        Ok(steps)
    } else {
        Err(format!("steps must be 0 to {MAX_STEPS}, not {steps}"))
    }
}

pub fn check_incline(percent: f64) -> Result<f64, String> {
    if percent.is_finite() && (0.0..=MAX_INCLINE_PERCENT).contains(&percent) {
        Ok(percent)
    } else {
        Err(format!(
            "incline must be a percentage from 0 to {MAX_INCLINE_PERCENT}, not {percent}"
        ))
    }
}

pub fn check_pain(pain: u8) -> Result<u8, String> {
    if pain <= MAX_PAIN {
        Ok(pain)
    } else {
        Err(format!(
            "pain must be a whole number from 0 (none) to {MAX_PAIN} (worst), not {pain}"
        ))
    }
}

/// Characters that reorder the text around them on screen (U+202A–U+202E,
/// U+2066–U+2069): a note holding one could make a line read as something
/// it is not.
pub fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A note as given on input: a stored note's rules, and no
/// bidirectional overrides.
pub fn check_note(note: &str) -> Result<(), String> {
    check_stored_note(note)?;
    if let Some(c) = note.chars().find(|c| is_bidi_override(*c)) {
        return Err(format!(
            "a note may not contain bidirectional-override characters (found U+{:04X}): \
             they reorder the text on screen; use plain text",
            c as u32
        ));
    }
    Ok(())
}

/// A note as stored: older versions accepted bidirectional overrides, so
/// a store holding one still loads (screens show them escaped).
pub(super) fn check_stored_note(note: &str) -> Result<(), String> {
    let chars = note.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(format!(
            "a note holds at most {MAX_NOTE_CHARS} characters; this one has {chars}"
        ));
    }
    if let Some(c) = note.chars().find(|c| c.is_control()) {
        return Err(format!(
            "a note may not contain control characters (found U+{:04X}); use one line of plain text",
            c as u32
        ));
    }
    Ok(())
}

/// A time in the years RFC 3339 can write (1 to 9999), as written.
pub(super) fn check_year(t: &DateTime<FixedOffset>, what: &str) -> Result<(), String> {
    if crate::clock::YEARS.contains(&t.year()) {
        Ok(())
    } else {
        Err(format!("{what} {} is outside the years 1-9999", t.to_rfc3339()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_hold_one_second_to_a_day() {
        assert!(WalkDuration::from_seconds(0).is_err());
        assert_eq!(WalkDuration::from_seconds(1).unwrap().seconds(), 1);
        assert_eq!(WalkDuration::from_seconds(86_400).unwrap().seconds(), 86_400);
        assert!(WalkDuration::from_seconds(86_401).is_err());
        assert!(WalkDuration::from_seconds(u64::MAX).is_err());
        assert!(serde_json::from_str::<WalkDuration>("0").is_err());
    }

    #[test]
    fn value_rules() {
        assert!(check_steps(100_000).is_ok());
        assert!(check_steps(100_001).is_err());
        assert!(check_incline(40.0).is_ok());
        assert!(check_incline(40.5).is_err());
        assert!(check_incline(-1.0).is_err());
        assert!(check_incline(f64::NAN).is_err());
        assert!(check_pain(10).is_ok());
        assert!(check_pain(11).is_err());
        assert!(check_note(&"é".repeat(500)).is_ok());
        assert!(check_note(&"a".repeat(501)).is_err());
        assert!(check_note("two\nlines").is_err());
        assert!(check_note("tab\there").is_err());
        assert!(check_note("esc\u{1b}[31m").is_err());
        let bidi = check_note("abc\u{202E}def").unwrap_err();
        assert!(bidi.contains("U+202E"), "{bidi}");
        assert!(check_note("x\u{2066}y").is_err());
    }
}
