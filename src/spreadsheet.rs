//! The CSV file of walks as `export` writes it and `import` reads it back:
//! its columns, and the guard that keeps a spreadsheet from running a cell
//! as a formula. One home, so the writer and the reader cannot drift apart.

use std::borrow::Cow;

/// The name of each session column, as the CSV header and the JSON export
/// give it; the importer reads the same names (and a spreadsheet's
/// aliases beside them).
pub mod column {
    pub const ID: &str = "id";
    pub const START: &str = "start";
    pub const END: &str = "end";
    pub const DURATION_SECONDS: &str = "duration_seconds";
    pub const MINUTES: &str = "minutes";
    pub const STEPS: &str = "steps";
    pub const SURFACE: &str = "surface";
    pub const INCLINE_PERCENT: &str = "incline_percent";
    pub const PAIN: &str = "pain";
    pub const NOTE: &str = "note";
}

/// The session columns in the order export writes them.
pub const SESSION_COLUMNS: [&str; 10] = [
    column::ID,
    column::START,
    column::END,
    column::DURATION_SECONDS,
    column::MINUTES,
    column::STEPS,
    column::SURFACE,
    column::INCLINE_PERCENT,
    column::PAIN,
    column::NOTE,
];

/// What a spreadsheet runs as a formula when a cell starts with it (after
/// any spaces): the ASCII signs, a tab, a carriage return, and the
/// full-width signs that some spreadsheets read as the ASCII ones.
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// Whether a spreadsheet would run `text` as a formula.
fn risky(text: &str) -> bool {
    text.trim_start_matches(' ').starts_with(FORMULA_STARTS)
}

/// Whether `guarded` puts a `'` before `text`: when it is risky, or
/// when it is risky once its leading `'`s are gone (so that `restored`,
/// which takes one `'` off such a text, is its exact inverse).
fn gets_prefix(text: &str) -> bool {
    risky(text.trim_start_matches('\''))
}

/// `text` as written to a CSV cell: `=SUM(A1)` → `'=SUM(A1)`, ` +1` →
/// `' +1`; a text that already starts with `'`s before a formula
/// character gets one more `'`, so `restored` is its exact inverse for
/// every string. Borrowed when nothing changes, as for almost every cell.
pub fn guarded(text: &str) -> Cow<'_, str> {
    if gets_prefix(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` as read from a CSV cell: the inverse of `guarded`, without a
/// copy.
pub fn restored(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if gets_prefix(rest) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn neutralise(text: &str) -> String {
        guarded(text).into_owned()
    }

    /// The inverse of `neutralise`: `restore(&neutralise(s)) == s` for all `s`.
    fn restore(text: &str) -> String {
        restored(text).to_string()
    }

    #[test]
    fn formulas_are_neutralised_and_restored_exactly() {
        for text in [
            "=SUM(A1)", "+1", "-x", "@cmd", "'=x", "''+y", "'plain", "plain", "", "a=b", " =x", "' =x",
            " '=x", "\tx", "\rx", "＝1", "'＠x", "'", "''", "   ", "' ",
        ] {
            assert_eq!(restore(&neutralise(text)), text, "{text:?}");
            assert!(!risky(&neutralise(text)), "{text:?}");
        }
        for (text, written) in [
            ("=1+1", "'=1+1"),
            ("=", "'="),
            ("+1", "'+1"),
            ("-3 °C", "'-3 °C"),
            ("@home", "'@home"),
            ("  =x", "'  =x"),
            ("\tx", "'\tx"),
            ("\r", "'\r"),
            ("＝SUM(A1)", "'＝SUM(A1)"),
            ("＋1", "'＋1"),
            ("－1", "'－1"),
            ("＠x", "'＠x"),
            ("'=x", "''=x"),
            ("''+y", "'''+y"),
            ("' -y", "'' -y"),
        ] {
            assert_eq!(neutralise(text), written, "{text:?}");
            assert_eq!(restore(written), text, "{written:?}");
        }
        // Nothing a spreadsheet would run: written as it is.
        for safe in [
            "plain",
            "'quoted",
            "a=b",
            " 'x",
            "",
            "   ",
            "'",
            "x-y",
            "\u{3000}=x",
            "\n=x",
        ] {
            assert_eq!(neutralise(safe), safe, "{safe:?}");
            assert_eq!(restore(safe), safe, "{safe:?}");
        }
        // What a spreadsheet user typed keeps its `'` when nothing risky follows.
        assert_eq!(restore("'5"), "'5");
        assert_eq!(restored("'-4"), "-4");
        assert!(matches!(guarded("plain"), Cow::Borrowed("plain")));
    }

    fn risky_text() -> impl Strategy<Value = String> {
        let character = prop_oneof![
            3 => proptest::sample::select(vec![
                ' ', '\'', '=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠', '"', ',', '\n', 'a',
            ]),
            1 => any::<char>(),
        ];
        proptest::collection::vec(character, 0..8).prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// For every string: the round trip is exact, and what is written
        /// never starts, after spaces, with a formula character.
        #[test]
        fn every_string_round_trips_and_none_runs_as_a_formula(
            text in prop_oneof![risky_text(), any::<String>()]
        ) {
            let written = neutralise(&text);
            prop_assert_eq!(restore(&written), text.clone());
            prop_assert_eq!(restored(&written), text.as_str());
            prop_assert!(!written.trim_start_matches(' ').starts_with(FORMULA_STARTS), "{:?}", written);
            // Only a `'` is ever added, and only in front.
            prop_assert!(written == text || written == format!("'{text}"), "{:?}", written);
        }
    }
}
