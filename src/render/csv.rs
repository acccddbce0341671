//! CSV output (RFC 4180 through the `csv` crate), safe to open in a
//! spreadsheet: a cell that would run as a formula gets a leading `'`.

use anyhow::Result;

use super::json::{ReportView, SessionView};
use crate::model::Session;
use crate::spreadsheet::{SESSION_COLUMNS, guarded};

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
    write_row(&mut writer, &SESSION_COLUMNS)?;
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
