//! CSV output (RFC 4180 through the `csv` crate), safe to open in a
//! spreadsheet: a cell that would run as a formula gets a leading `'`.

use std::borrow::Cow;

use anyhow::Result;

use super::json::{ReportView, SessionView};
use crate::model::Session;

pub const SESSION_HEADER: [&str; 10] = [
    "id",
    "start",
    "end",
    "duration_seconds",
    "minutes",
    "steps",
    "surface",
    "incline_percent",
    "pain",
    "note",
];

/// What a spreadsheet runs as a formula when a cell starts with it (after
/// any spaces): the ASCII signs, a tab, a carriage return, and the
/// full-width signs that some spreadsheets read as the ASCII ones.
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// Whether a spreadsheet would run `text` as a formula.
fn risky(text: &str) -> bool {
    text.trim_start_matches(' ').starts_with(FORMULA_STARTS)
}

/// Whether `neutralise` puts a `'` before `text`: when it is risky, or
/// when it is risky once its leading `'`s are gone (so that `restore`,
/// which takes one `'` off such a text, is its exact inverse).
fn gets_prefix(text: &str) -> bool {
    risky(text.trim_start_matches('\''))
}

/// `text` as written to a CSV cell: see `neutralise`. Borrowed when
/// nothing changes, as for almost every cell.
pub fn guarded(text: &str) -> Cow<'_, str> {
    if gets_prefix(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `=SUM(A1)` → `'=SUM(A1)`, ` +1` → `' +1`; a text that already starts
/// with `'`s before a formula character gets one more `'`, so `restore`
/// is its exact inverse for every string.
pub fn neutralise(text: &str) -> String {
    guarded(text).into_owned()
}

/// `text` as read from a CSV cell: the inverse of `guarded`, without a
/// copy.
pub fn restored(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if gets_prefix(rest) => rest,
        _ => text,
    }
}

/// The inverse of `neutralise`: `restore(&neutralise(s)) == s` for all `s`.
pub fn restore(text: &str) -> String {
    restored(text).to_string()
}

fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// One row, every cell guarded.
fn write_row<S: AsRef<str>>(writer: &mut csv::Writer<Vec<u8>>, cells: &[S]) -> csv::Result<()> {
    for cell in cells {
        writer.write_field(guarded(cell.as_ref()).as_bytes())?;
    }
    writer.write_record(None::<&[u8]>)
}

/// Sessions, each with the weight in force on its day (for the estimate
/// JSON carries; the CSV columns are fixed).
pub fn sessions<'a>(sessions: impl IntoIterator<Item = (&'a Session, Option<f64>)>) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    write_row(&mut writer, &SESSION_HEADER)?;
    for (session, weight_kg) in sessions {
        let view = SessionView::new(session, weight_kg);
        write_row(
            &mut writer,
            &[
                view.id.to_string(),
                view.start,
                view.end,
                view.duration_seconds.to_string(),
                view.minutes.to_string(),
                optional(view.steps),
                view.surface.to_string(),
                optional(view.incline_percent),
                optional(session.pain),
                view.note.map(str::to_string).unwrap_or_default(),
            ],
        )?;
    }
    Ok(writer.into_inner()?)
}

pub fn report(report: &ReportView) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    write_row(
        &mut writer,
        &[
            "period",
            "from",
            "to",
            "sessions",
            "minutes",
            "steps",
            "days_on_target",
            "pain_avg",
        ],
    )?;
    for p in &report.periods {
        write_row(
            &mut writer,
            &[
                p.period.clone(),
                p.from.to_string(),
                p.to.to_string(),
                p.sessions.to_string(),
                p.minutes.to_string(),
                optional(p.steps),
                p.days_on_target.to_string(),
                optional(p.pain_avg),
            ],
        )?;
    }
    Ok(writer.into_inner()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Surface, WalkDuration};
    use proptest::prelude::*;

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

    fn session(pain: Option<u8>, note: Option<&str>, incline: Option<f64>) -> Session {
        Session {
            id: 7,
            start: chrono::DateTime::parse_from_rfc3339("2026-11-20T07:30:00+01:00").unwrap(),
            duration_seconds: WalkDuration::from_seconds(450).unwrap(),
            steps: Some(320),
            surface: Surface::Grass,
            incline_percent: incline,
            pain,
            note: note.map(str::to_string),
            uid: 7,
            extra: crate::model::Extra::new(),
        }
    }

    #[test]
    fn sessions_are_written_with_pain_before_the_note_and_every_cell_guarded() {
        let walks = [
            session(Some(3), Some("=1+1"), Some(2.5)),
            session(None, None, None),
            session(Some(10), Some(" -x, \"y\""), Some(-0.0)),
        ];
        let written = sessions(walks.iter().map(|s| (s, None))).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            "id,start,end,duration_seconds,minutes,steps,surface,incline_percent,pain,note\n\
             7,2026-11-20T07:30:00+01:00,2026-11-20T07:37:30+01:00,450,7.5,320,grass,2.5,3,'=1+1\n\
             7,2026-11-20T07:30:00+01:00,2026-11-20T07:37:30+01:00,450,7.5,320,grass,,,\n\
             7,2026-11-20T07:30:00+01:00,2026-11-20T07:37:30+01:00,450,7.5,320,grass,'-0,10,\"' -x, \"\"y\"\"\"\n"
        );
    }
}
