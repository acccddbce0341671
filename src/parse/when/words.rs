//! The words of dates and times (`yesterday`, `mon`, `Nov`, `pm`) and
//! what each means.

use chrono::Weekday;

/// The words of dates and times, and what each means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Word {
    Today,
    Yesterday,
    Day,
    Ago,
    Am,
    Pm,
    Weekday(Weekday),
    Month(u32),
}

/// Each word and its meaning; a meaning's first word is the one a typo is
/// offered.
pub(super) const WORDS: &[(&str, Word)] = &[
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

/// The months' names, as refusals write them.
pub(super) const MONTHS: [&str; 12] = [
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

/// The meaning of a lower-case word.
pub(super) fn word(text: &str) -> Option<Word> {
    WORDS
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, word)| *word)
}
