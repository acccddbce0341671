//! The numbers and texts a walk carries or a command takes: steps,
//! incline, pain, note, a count, a target range, body weight.

use std::str::FromStr;

use super::suggest::nearest;
use super::{decimal, is_digits, quote, whole, whole_u32};
use crate::model::{
    MAX_INCLINE_PERCENT, MAX_STEPS, MINUTES_BOUNDS, Range, STEPS_BOUNDS, Surface, check_note,
};

/// `--surface` and an import's surface column. Written here rather than
/// beside `Surface` so that the model imports nothing of the parser.
impl FromStr for Surface {
    type Err = String;

    /// Case-insensitive; a wrong name gets the list and the nearest name.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let wanted = input.trim().to_ascii_lowercase();
        if let Some(surface) = Surface::ALL.into_iter().find(|s| s.name() == wanted) {
            return Ok(surface);
        }
        let nearest = nearest(&wanted, Surface::ALL.map(Surface::name))
            .map(|name| format!(" (did you mean '{name}'?)"))
            .unwrap_or_default();
        Err(format!(
            "unknown surface '{input}'{nearest}; accepted: {}",
            Surface::LIST
        ))
    }
}

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
fn target_range(input: &str, bounds: Range, unit: &str) -> Result<Range, String> {
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
    use crate::parse::tests::assert_refusal;

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
}
