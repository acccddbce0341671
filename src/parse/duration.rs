//! Durations: how long a walk lasted, as typed (`7m30s`, `1.5h`,
//! `1:05:00`) and as every screen writes it (`7m30s`, `1h05m`).

use super::suggest::nearest_word;
use super::{Why, decimal, forms, is_digits, quote, refusal};
use crate::model::WalkDuration;

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

/// The unit a lower-case word names.
fn unit_named(word: &str) -> Option<Unit> {
    UNITS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, unit)| *unit)
}

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
            &forms::accepted(forms::DURATION),
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
    refuse_empty_or_signed(text)?;
    if text.contains(':') {
        return clock_duration(text);
    }
    let pieces = duration_pieces(text)?;
    let mut total = 0.0;
    let mut last: Option<Amount> = None;
    let mut at = 0;
    while at < pieces.len() {
        let (amount, next) = amount_at(&pieces, at, last)?;
        if let Some(previous) = last {
            amount.may_follow(previous)?;
        }
        total += amount.value * amount.unit.seconds();
        last = Some(amount);
        at = next;
    }
    Ok(total)
}

/// An empty text, or one with a sign, said before anything is read.
fn refuse_empty_or_signed(text: &str) -> Result<(), Why> {
    if text.is_empty() {
        return Err(Some("it is empty".into()));
    }
    if text.starts_with('-') && text[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return Err(Some("a walk cannot last a negative time".into()));
    }
    if text.starts_with('+') {
        return Err(Some("write it without a sign".into()));
    }
    Ok(())
}

/// One amount of a duration and its unit.
#[derive(Clone, Copy, Debug)]
struct Amount {
    value: f64,
    unit: Unit,
    /// Written with a decimal point.
    fractional: bool,
}

impl Amount {
    /// An amount after `previous`: a smaller unit, neither with a decimal
    /// point, and below 60.
    fn may_follow(self, previous: Amount) -> Result<(), Why> {
        if self.unit == previous.unit {
            return Err(Some(format!("the {} are given twice", self.unit.name())));
        }
        if self.unit < previous.unit {
            return Err(Some(
                "units go from hours to minutes to seconds (5m30s, not 30s5m)".into(),
            ));
        }
        if self.fractional || previous.fractional {
            return Err(Some(
                "only a lone amount may have a decimal point (1.5h, 7.5m or 7m30s)".into(),
            ));
        }
        if self.value >= 60.0 {
            return Err(Some(format!(
                "{} after {} go 0 to 59",
                self.unit.name(),
                previous.unit.name()
            )));
        }
        Ok(())
    }
}

/// The amount at `pieces[at]` with its unit, named or implied by the
/// amount before (`last`), and where the next amount starts.
fn amount_at(pieces: &[Piece<'_>], at: usize, last: Option<Amount>) -> Result<(Amount, usize), Why> {
    let amount = match pieces[at] {
        Piece::Number(amount) => amount,
        Piece::Word(..) if pieces.len() == 1 => return Err(None),
        Piece::Word(word, ..) => return Err(Some(format!("'{word}' needs a number before it"))),
    };
    let value = decimal(amount).ok_or_else(|| Some(format!("'{amount}' is not a number")))?;
    let (unit, next) = match pieces.get(at + 1) {
        Some(Piece::Word(word, ..)) => {
            let unit = unit_named(word).ok_or_else(|| Some(format!("'{word}' is not a unit (h, m or s)")))?;
            (unit, at + 2)
        }
        Some(Piece::Number(_)) => return Err(Some("two numbers need a unit between them".into())),
        None => (implied_unit(amount, last)?, at + 1),
    };
    let fractional = amount.contains('.');
    Ok((
        Amount {
            value,
            unit,
            fractional,
        },
        next,
    ))
}

/// The unit of an amount written without one: minutes first, seconds
/// after minutes; after hours or seconds it must be said.
fn implied_unit(amount: &str, last: Option<Amount>) -> Result<Unit, Why> {
    match last.map(|amount| amount.unit) {
        None => Ok(Unit::Minutes),
        Some(Unit::Minutes) => Ok(Unit::Seconds),
        Some(Unit::Hours) => Err(Some(format!(
            "'{amount}' after the hours needs its unit (m or s)"
        ))),
        Some(Unit::Seconds) => Err(Some("nothing may follow the seconds".into())),
    }
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
            && let Some(near) = nearest_word(word, &UNITS)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::tests::{assert_refusal, proptest_config};
    use proptest::prelude::*;

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

    proptest! {
        #![proptest_config(proptest_config())]

        #[test]
        fn formatted_durations_read_back(seconds in 1u64..=86_400) {
            let text = format_duration(seconds);
            prop_assert_eq!(duration(&text).map(|d| u64::from(d.seconds())), Ok(seconds), "{}", text);
        }
    }
}
