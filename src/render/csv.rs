//! CSV output (RFC 4180 through the `csv` crate), safe to open in a
//! spreadsheet: a cell that would run as a formula gets a leading `'`.

use anyhow::Result;

use super::views::{ReportView, SessionView};
use crate::model::Session;

pub const SESSION_HEADER: [&str; 9] = [
    "id",
    "start",
    "end",
    "duration_seconds",
    "minutes",
    "steps",
    "surface",
    "incline_percent",
    "note",
];

const FORMULA_STARTS: [char; 4] = ['=', '+', '-', '@'];

/// `=SUM(A1)` → `'=SUM(A1)`; a text that already starts with `'` and a
/// formula character gets one more `'`, so `restore` is its exact inverse.
pub fn neutralise(text: &str) -> String {
    let risky = text.starts_with(FORMULA_STARTS)
        || text
            .strip_prefix('\'')
            .is_some_and(|rest| rest.trim_start_matches('\'').starts_with(FORMULA_STARTS));
    if risky {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

pub fn restore(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_STARTS) => rest.to_string(),
        _ => text.to_string(),
    }
}

fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub fn sessions<'a>(
    sessions: impl IntoIterator<Item = &'a Session>,
    weight_kg: Option<f64>,
) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(SESSION_HEADER)?;
    for session in sessions {
        let view = SessionView::new(session, weight_kg);
        writer.write_record([
            view.id.to_string(),
            view.start,
            view.end,
            view.duration_seconds.to_string(),
            view.minutes.to_string(),
            optional(view.steps),
            view.surface.to_string(),
            optional(view.incline_percent),
            view.note.map(neutralise).unwrap_or_default(),
        ])?;
    }
    Ok(writer.into_inner()?)
}

pub fn report(report: &ReportView) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "period",
        "from",
        "to",
        "sessions",
        "minutes",
        "steps",
        "days_on_target",
    ])?;
    for p in &report.periods {
        writer.write_record([
            p.period.clone(),
            p.from.to_string(),
            p.to.to_string(),
            p.sessions.to_string(),
            p.minutes.to_string(),
            p.steps.to_string(),
            p.days_on_target.to_string(),
        ])?;
    }
    Ok(writer.into_inner()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_restored_exactly() {
        for text in [
            "=SUM(A1)", "+1", "-x", "@cmd", "'=x", "''+y", "'plain", "plain", "", "a=b",
        ] {
            assert_eq!(restore(&neutralise(text)), text, "{text}");
        }
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("plain"), "plain");
        assert_eq!(neutralise("'quoted"), "'quoted");
    }
}
