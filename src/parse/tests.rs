//! What every parser promises: no input breaks one, and each refusal is
//! one line that starts with the quoted input. And the helpers the tests
//! of each part share.

use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;

use super::*;
use crate::clock::Clock;

/// Saturday 21 November 2026, 18:30 in Berlin.
pub(super) fn clock() -> Clock {
    let now = DateTime::parse_from_rfc3339("2026-11-21T18:30:00+01:00").unwrap();
    Clock::new(now.with_timezone(&Utc), "Europe/Berlin".parse().unwrap())
}

pub(super) fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// One line, starting with the quoted input, naming what is accepted.
pub(super) fn assert_refusal(message: &str, input: &str) {
    assert!(!message.contains('\n') && !message.contains('\r'), "{message:?}");
    assert!(message.starts_with(&quote(input)), "{input:?}: {message}");
    assert!(
        !message.chars().any(|c| c.is_control() || is_bidi_override(c)),
        "{message:?}"
    );
}

pub(super) fn proptest_config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Texts that have broken parsers elsewhere.
fn hostile() -> Vec<String> {
    let mut inputs: Vec<String> = [
        "",
        " ",
        "\t",
        "\n",
        "\0",
        "#",
        "-",
        "+",
        ":",
        "::",
        ".",
        ",",
        ",,",
        "T",
        "t",
        "Z",
        "am",
        "pm",
        "12",
        "-0",
        "+0",
        "0x10",
        "1_000",
        "1,5",
        "٣",
        "١٢:٣٠",
        "🚶",
        "🚶‍♀️ 7m",
        "\u{202E}7m",
        "7m\u{202E}",
        "\u{FEFF}8",
        "８",
        "7m30s\u{0}",
        "ⅷ",
        "7:",
        ":7",
        "7::30",
        "1:2:3:4",
        "2026-11-21T",
        "2026-11-21T99:99",
        "2026-11-21T07:30+99:99",
        "2026-11-21T07:30+",
        "2026-11-21T07:30+0",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "0001-01-01 00:00",
        "9999-12-31 23:59",
        "Nov 9,",
        ", 2026",
        "9 ,",
        "Nov , 2026",
        "days ago",
        "ago",
        "-3 days ago",
        "3 days ago 7",
        "9 Nov 2026 2026",
        "last",
        "LAST",
        "#last",
        "off",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "1e999",
        "0.0000000001",
        "1.",
        ".",
        "..",
        "h",
        "hms",
        "1h2m3s4",
        "é",
        "ÉÉÉ",
        "ß",
        "İ",
        "ﬀ",
        "7ｍ",
        "2026‐11‐21",
        "Ⅻ:00",
        "𝟕am",
        "7 a.m.",
        "12:00:00:00pm",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    inputs.push("9".repeat(100_000));
    inputs.push("7m".repeat(10_000));
    inputs.push("a".repeat(100_000));
    inputs.push("é".repeat(10_000));
    inputs.push(format!("{}-11-21", "9".repeat(50)));
    inputs.push("Nov 9 ".repeat(1000));
    inputs.push("🚶".repeat(1000));
    inputs.push(" ".repeat(10_000));
    inputs
}

#[test]
fn no_input_breaks_a_parser() {
    let c = clock();
    for input in hostile() {
        let checks: Vec<Result<(), String>> = vec![
            duration(&input).map(drop),
            when(&input, &c).map(drop),
            since_when(&input, &c).map(drop),
            id(&input).map(drop),
            pain(&input).map(drop),
            note(&input).map(drop),
            steps(&input).map(drop),
            incline(&input).map(drop),
            weight(&input).map(drop),
            limit(&input).map(drop),
            iso_week(&input).map(drop),
            minutes_goal(&input).map(drop),
            steps_goal(&input).map(drop),
        ];
        for message in checks.into_iter().filter_map(Result::err) {
            assert_refusal(&message, &input);
            assert!(message.len() < 1000, "{}", message.len());
        }
        if let Ok(w) = when(&input, &c) {
            let _ = start_at(w, &c);
            assert!(since(w, &c) < until(w, &c));
            let _ = day(w, &c);
        }
    }
}

/// Text near what the parsers read, or any text at all.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,4}",
        "[-+:.,/ #–Tt]",
        "(h|m|s|min|sec|hours|am|pm|d|w|days|ago|Z|nov|mon|today|yesterday|last|off)",
        "[0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "\\PC",
    ];
    prop_oneof![
        proptest::collection::vec(piece, 0..8).prop_map(|parts| parts.concat()),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn parsers_never_panic_and_refuse_in_one_line(input in text()) {
        let c = clock();
        for message in [
            duration(&input).err(),
            when(&input, &c).err(),
            since_when(&input, &c).err(),
            id(&input).err(),
        ]
        .into_iter()
        .flatten()
        {
            prop_assert!(!message.contains('\n'), "{}", message);
            prop_assert!(message.starts_with(&quote(&input)), "{}", message);
        }
        if let Ok(d) = duration(&input) {
            prop_assert!((1..=86_400).contains(&d.seconds()));
        }
        if let Ok(SessionId::Number(n)) = id(&input) {
            prop_assert!(n >= 1);
        }
    }
}
