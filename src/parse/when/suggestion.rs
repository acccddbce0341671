//! Did you mean, for a refused date or time: typos mended, words put in
//! order, a date rewritten as `YYYY-MM-DD`; only a text `when` reads.

use chrono::NaiveDate;

use super::date::date_like;
use super::words::{WORDS, word};
use super::{Token, read_when, when_tokens};
use crate::parse::suggest::{like, nearest_words};
use crate::parse::{is_digits, whole};

/// The nearest accepted text to a refused time: word typos corrected
/// (`yesteday`, `tuseday`, `Nvo 9`), `9th` as `9`, commas dropped, the
/// time moved after the date (`7am yesterday`), or `YYYY-MM-DD` for a
/// date in another shape. Only a text `when` accepts is suggested.
pub(super) fn suggest_when(text: &str, today: NaiveDate) -> Option<String> {
    if text.len() > 100 {
        return None;
    }
    let tokens = when_tokens(text);
    let reads = |candidate: &String| {
        let lower = candidate.to_ascii_lowercase();
        lower != text.to_ascii_lowercase() && read_when(&lower, today).is_ok()
    };
    // A guess is made only when exactly one way of mending the words reads.
    let mut readable = mended(text, &tokens).into_iter().filter(reads);
    match (readable.next(), readable.next()) {
        (Some(one), None) => return Some(one),
        (Some(_), Some(_)) => return None,
        _ => {}
    }
    reshaped(text, &tokens).into_iter().find(reads)
}

/// `text` with each word typo replaced by each of its nearest words, and
/// `9th` by `9`: every way of mending it (at most 64).
fn mended(text: &str, tokens: &[Token<'_>]) -> Vec<String> {
    let mut mended = vec![text.to_string()];
    for token in tokens.iter().rev() {
        let replacements = replacements(token.text);
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
    mended
}

/// What a word may have been meant as: the nearest date words to an
/// unknown word (written as it was, `Yesteday` as `Yesterday`), or the
/// number of an ordinal (`9th`).
fn replacements(typed: &str) -> Vec<String> {
    let lower = typed.to_ascii_lowercase();
    if lower.bytes().all(|b| b.is_ascii_alphabetic()) && word(&lower).is_none() {
        nearest_words(&lower, WORDS)
            .iter()
            .map(|near| like(typed, near))
            .collect()
    } else {
        ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|suffix| lower.strip_suffix(suffix))
            .filter(|digits| is_digits(digits) && digits.len() <= 2)
            .map(str::to_string)
            .into_iter()
            .collect()
    }
}

/// `text` reshaped: without its commas, with its words turned about each
/// place (`7am yesterday` as `yesterday 7am`), with a date in another
/// shape as `YYYY-MM-DD`.
fn reshaped(text: &str, tokens: &[Token<'_>]) -> Vec<String> {
    let join = |tokens: &[Token<'_>]| tokens.iter().map(|t| t.text).collect::<Vec<_>>().join(" ");
    let mut candidates = Vec::new();
    let no_commas: Vec<Token<'_>> = tokens.iter().filter(|t| t.text != ",").copied().collect();
    candidates.push(join(&no_commas));
    for split in 1..tokens.len() {
        candidates.push(format!("{} {}", join(&tokens[split..]), join(&tokens[..split])));
    }
    for token in tokens {
        if let Some(date) = as_iso(token.text) {
            candidates.push(format!("{}{date}{}", &text[..token.start], &text[token.end..]));
        }
    }
    candidates
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
