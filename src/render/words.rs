//! Words for people: thousands, plurals, articles, and stored text
//! shown safely.

use std::fmt::Write as _;

/// Shows a stored note safely: characters that would reorder or control
/// the terminal (from a file written before they were refused) appear
/// escaped, as `\u{202E}`.
pub fn safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || crate::model::is_bidi_override(c) {
            let _ = write!(out, "\\u{{{:04X}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// `safe` line by line: the line breaks stay.
pub fn safe_lines(text: &str) -> String {
    text.split('\n').map(safe).collect::<Vec<_>>().join("\n")
}

/// A figure as the JSON gives it: to two decimals, without a needless
/// `.0` (the HTML report and the SVG calendar write theirs so).
pub fn number(value: f64) -> String {
    format!("{}", crate::summary::round2(value))
}

/// `1,234` style thousands for step counts.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 session`, `2 sessions`.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", count(n))
    }
}

/// `a 5-minute walk`, `an 8-minute walk`, `an 11-minute walk`.
pub fn article(number: u64) -> &'static str {
    let spoken = number.to_string();
    let an = spoken.starts_with('8')
        || (spoken.starts_with("11") && spoken.len() % 3 == 2)
        || (spoken.starts_with("18") && spoken.len() % 3 == 2);
    if an { "an" } else { "a" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_for_people() {
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(plural(1, "session", "sessions"), "1 session");
        assert_eq!(plural(2, "session", "sessions"), "2 sessions");
        assert_eq!(article(8), "an");
        assert_eq!(article(5), "a");
        assert_eq!(article(11), "an");
        assert_eq!(article(18), "an");
        assert_eq!(article(1), "a");
        assert_eq!(article(80), "an");
        assert_eq!(article(110), "a");
        assert_eq!(safe("a\u{202E}b\u{1b}"), "a\\u{202E}b\\u{001B}");
    }
}
