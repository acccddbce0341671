//! What people type, turned into checked values: durations, times, session
//! ids, targets, weeks, notes. Pure functions; the clock is passed in.
//!
//! Every refusal is one line that starts with the quoted input, says what
//! is wrong, suggests the nearest accepted text when one is really close,
//! and lists what is accepted. The forms each input accepts are written
//! once, in `forms`, for the refusals and for `--help` alike.

mod duration;
mod forms;
mod id;
mod suggest;
mod value;
mod when;

use std::fmt::Write as _;

use crate::model::is_bidi_override;

pub use duration::{duration, format_duration, format_elapsed};
pub use forms::input_forms;
pub use id::{SessionId, id};
pub use suggest::nearest;
pub use value::{incline, limit, minutes_goal, note, pain, steps, steps_goal, weight};
pub use when::{When, day, iso_week, since, since_when, start_at, time_alone, until, when};

/// Why a text is refused, when there is more to say than its headline
/// ("is not a duration").
type Why = Option<String>;

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

#[cfg(test)]
mod tests;
