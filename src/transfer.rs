//! Reading sessions from an import file: backwalk's own JSON or CSV
//! export, or a spreadsheet's minimal CSV. Every bad record is named;
//! one bad record rejects the whole file.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::cli::Format;
use crate::clock::Clock;
use crate::model::{self, NewSession, Surface, WalkDuration};
use crate::parse::{self, When};
use crate::render::csv::restore;

/// The flag, else the file's extension, else a look at the content.
pub fn detect_format(explicit: Option<Format>, path: &Path, bytes: &[u8]) -> Format {
    explicit
        .or_else(
            || match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
                "csv" => Some(Format::Csv),
                "json" => Some(Format::Json),
                _ => None,
            },
        )
        .unwrap_or_else(|| match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[' | b'{') => Format::Json,
            _ => Format::Csv,
        })
}

/// Why a file cannot be imported.
#[derive(Debug, PartialEq)]
pub enum Rejection {
    /// Nothing but white space.
    Empty,
    /// The file as a whole is not in the format: empty, no usable CSV
    /// header, not a JSON array.
    File(String),
    /// One message per bad record, naming its line and field.
    Records(Vec<String>),
}

/// The sessions in the file, or why it cannot be imported.
pub fn read_sessions(bytes: &[u8], format: Format, clock: &Clock) -> Result<Vec<NewSession>, Rejection> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Rejection::Empty);
    }
    match format {
        Format::Json => read_json(bytes, clock),
        Format::Csv => read_csv(bytes, clock),
    }
}

fn collected(sessions: Vec<NewSession>, errors: Vec<String>) -> Result<Vec<NewSession>, Rejection> {
    if errors.is_empty() {
        Ok(sessions)
    } else {
        Err(Rejection::Records(errors))
    }
}

/// The fields a JSON record may carry; others (`id`, `end`, …) are ignored.
#[derive(Deserialize)]
struct JsonRecord {
    start: String,
    duration_seconds: Option<u64>,
    minutes: Option<f64>,
    steps: Option<u32>,
    surface: Option<String>,
    incline_percent: Option<f64>,
    note: Option<String>,
}

#[derive(Deserialize)]
struct StoreShape<'a> {
    #[serde(borrow)]
    sessions: Vec<&'a RawValue>,
}

fn read_json(bytes: &[u8], clock: &Clock) -> Result<Vec<NewSession>, Rejection> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Rejection::File(format!("it is not UTF-8 text (byte {})", e.valid_up_to())))?;
    let records: Vec<&RawValue> = if text.trim_start().starts_with('{') {
        serde_json::from_str::<StoreShape>(text)
            .map(|s| s.sessions)
            .map_err(|e| {
                Rejection::File(format!(
                    "a JSON object here must be a backwalk store with \"sessions\": {e}"
                ))
            })?
    } else {
        serde_json::from_str(text).map_err(|e| {
            Rejection::File(format!(
                "it is not a JSON array of sessions (as `backwalk export` writes): {e}"
            ))
        })?
    };
    let mut sessions = Vec::with_capacity(records.len());
    let mut errors = Vec::new();
    let (mut offset, mut line) = (0, 1);
    for (index, raw) in records.iter().enumerate() {
        let at = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        line += text.as_bytes()[offset..at]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        offset = at;
        let parsed = serde_json::from_str::<JsonRecord>(raw.get())
            .map_err(|e| strip_position(&e.to_string()))
            .and_then(|r| json_session(r, clock));
        match parsed {
            Ok(session) => sessions.push(session),
            Err(e) => errors.push(format!("record {} (line {line}): {e}", index + 1)),
        }
    }
    collected(sessions, errors)
}

/// serde's " at line 1 column 40" is relative to the record: drop it.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

fn json_session(record: JsonRecord, clock: &Clock) -> Result<NewSession, String> {
    let duration = match (record.duration_seconds, record.minutes) {
        (Some(seconds), _) => {
            WalkDuration::from_seconds(seconds).map_err(|e| format!("duration_seconds: {e}"))?
        }
        (None, Some(minutes)) if minutes.is_finite() && minutes > 0.0 => {
            WalkDuration::from_seconds((minutes * 60.0).round() as u64)
                .map_err(|e| format!("minutes: {e}"))?
        }
        (None, Some(minutes)) => {
            return Err(format!(
                "minutes: {minutes} is not a duration; use a number of minutes above 0, up to 1440"
            ));
        }
        (None, None) => return Err("needs duration_seconds or minutes".into()),
    };
    let surface = match record.surface {
        Some(name) => name.parse().map_err(|e| format!("surface: {e}"))?,
        None => Surface::Other,
    };
    if let Some(steps) = record.steps {
        model::check_steps(steps).map_err(|e| format!("steps: {e}"))?;
    }
    if let Some(incline) = record.incline_percent {
        model::check_incline(incline).map_err(|e| format!("incline_percent: {e}"))?;
    }
    if let Some(note) = &record.note {
        model::check_note(note).map_err(|e| format!("note: {e}"))?;
    }
    Ok(NewSession {
        start: start_of(&record.start, clock).map_err(|e| format!("start: {e}"))?,
        duration,
        steps: record.steps,
        surface,
        // `-0` is stored as 0, as the CSV reader does.
        incline_percent: record.incline_percent.map(|percent| percent + 0.0),
        note: record.note,
    })
}

/// RFC 3339, or any form `--at` takes (a bare date is 12:00 that day).
fn start_of(text: &str, clock: &Clock) -> Result<DateTime<FixedOffset>, String> {
    if let Ok(start) = DateTime::parse_from_rfc3339(text.trim()) {
        if start > clock.now() {
            return Err(format!("{text} is in the future"));
        }
        return Ok(start);
    }
    let when = match parse::when(text, clock)? {
        When::Day { date, .. } => When::Day { date, today: false },
        moment => moment,
    };
    Ok(parse::start_at(when, clock)?.unwrap_or_else(|| clock.now()))
}

/// Where each field sits in a CSV header, and the names the header gives
/// the required ones (a bad cell is reported under its column's name).
struct Columns {
    start: usize,
    time: Option<usize>,
    duration: (usize, DurationColumn),
    steps: Option<usize>,
    surface: Option<usize>,
    incline: Option<usize>,
    note: Option<usize>,
    names: Vec<String>,
}

#[derive(Clone, Copy)]
enum DurationColumn {
    Seconds,
    Minutes,
}

impl Columns {
    fn find(header: &csv::StringRecord) -> Result<Columns, String> {
        let names: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
        let at = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
        let start = at(&["start", "date"]);
        let duration = at(&["duration_seconds"])
            .map(|i| (i, DurationColumn::Seconds))
            .or_else(|| at(&["minutes", "duration"]).map(|i| (i, DurationColumn::Minutes)));
        let (Some(start), Some(duration)) = (start, duration) else {
            return Err(format!(
                "line 1: the CSV header needs a start or date column and a minutes or duration_seconds column \
                 (steps, surface, incline_percent and note are optional); found: {}",
                names.join(",")
            ));
        };
        Ok(Columns {
            start,
            time: at(&["time"]),
            duration,
            steps: at(&["steps"]),
            surface: at(&["surface"]),
            incline: at(&["incline_percent", "incline"]),
            note: at(&["note", "notes"]),
            names,
        })
    }

    /// The name the header gives a column.
    fn name(&self, index: usize) -> &str {
        &self.names[index]
    }
}

/// What is wrong with a CSV line, in words (the `csv` crate's own messages
/// carry byte offsets and an "error:" of their own).
fn csv_problem(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            let cells = if *len == 1 { "cell" } else { "cells" };
            format!("has {len} {cells} where the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { err, .. } => format!("cell {} is not UTF-8 text", err.field() + 1),
        csv::ErrorKind::Io(e) => format!("cannot be read ({e})"),
        _ => "cannot be read as CSV".into(),
    }
}

fn read_csv(bytes: &[u8], clock: &Clock) -> Result<Vec<NewSession>, Rejection> {
    // Only the header is trimmed: a note keeps its spaces, so a round trip
    // is exact; the other cells are trimmed one by one.
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::Headers)
        .from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| Rejection::File(format!("line 1 (the header): {}", csv_problem(&e))))?
        .clone();
    let columns = Columns::find(&header).map_err(Rejection::File)?;
    let mut sessions = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(format!("line {line}: {}", csv_problem(&e)));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        match csv_session(&record, &columns, clock) {
            Ok(session) => sessions.push(session),
            Err(e) => errors.push(format!("line {line}: {e}")),
        }
    }
    collected(sessions, errors)
}

fn csv_session(record: &csv::StringRecord, columns: &Columns, clock: &Clock) -> Result<NewSession, String> {
    let cell = |index: Option<usize>| {
        index
            .and_then(|i| record.get(i))
            .map(str::trim)
            .filter(|c| !c.is_empty())
    };
    let (start_column, (duration_column, duration_kind)) = (columns.start, columns.duration);
    let start_name = columns.name(start_column);
    let mut start_text = cell(Some(start_column))
        .ok_or_else(|| format!("{start_name}: empty"))?
        .to_string();
    if let Some(time) = cell(columns.time) {
        start_text = format!("{start_text} {time}");
    }
    let start = start_of(&start_text, clock).map_err(|e| format!("{start_name}: {e}"))?;
    let duration_name = columns.name(duration_column);
    let duration_text = cell(Some(duration_column)).ok_or_else(|| format!("{duration_name}: empty"))?;
    let duration = match duration_kind {
        DurationColumn::Seconds => duration_text
            .parse::<u64>()
            .map_err(|_| format!("'{duration_text}' is not a whole number of seconds"))
            .and_then(WalkDuration::from_seconds),
        DurationColumn::Minutes => parse::duration(duration_text),
    }
    .map_err(|e| format!("{duration_name}: {e}"))?;
    let steps = cell(columns.steps)
        .map(parse::steps)
        .transpose()
        .map_err(|e| format!("steps: {e}"))?;
    let surface = cell(columns.surface)
        .map(str::parse::<Surface>)
        .transpose()
        .map_err(|e| format!("surface: {e}"))?
        .unwrap_or(Surface::Other);
    let incline_percent = cell(columns.incline)
        .map(incline)
        .transpose()
        .map_err(|e| format!("incline_percent: {e}"))?;
    // The note as written, spaces and all; only an empty cell is no note.
    let note = columns
        .note
        .and_then(|i| record.get(i))
        .filter(|n| !n.is_empty())
        .map(|n| parse::note(&restore(n)))
        .transpose()
        .map_err(|e| format!("note: {e}"))?;
    Ok(NewSession {
        start,
        duration,
        steps,
        surface,
        incline_percent,
        note,
    })
}

/// An incline as export writes it (any decimal `f64` prints) or as typed.
fn incline(text: &str) -> Result<f64, String> {
    let value = text
        .parse::<f64>()
        .map_err(|_| format!("'{text}' is not an incline; use a percentage from 0 to 40"))?;
    // `-0` reads as 0, not as a negative zero that JSON would print as `-0.0`.
    model::check_incline(value).map(|percent| percent + 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn clock() -> Clock {
        let now = DateTime::parse_from_rfc3339("2026-11-21T18:30:00+01:00").unwrap();
        Clock::new(now.with_timezone(&Utc), "Europe/Berlin".parse().unwrap())
    }

    fn bad_records(result: Result<Vec<NewSession>, Rejection>) -> Vec<String> {
        match result {
            Err(Rejection::Records(errors)) => errors,
            other => panic!("expected bad records, got {other:?}"),
        }
    }

    fn whole_file(result: Result<Vec<NewSession>, Rejection>) -> String {
        match result {
            Err(Rejection::File(message)) => message,
            other => panic!("expected a whole-file rejection, got {other:?}"),
        }
    }

    #[test]
    fn formats_are_detected_by_flag_extension_then_content() {
        let p = Path::new;
        assert_eq!(detect_format(Some(Format::Csv), p("a.json"), b"[]"), Format::Csv);
        assert_eq!(detect_format(None, p("a.CSV"), b"[]"), Format::Csv);
        assert_eq!(detect_format(None, p("a.txt"), b"  [ ]"), Format::Json);
        assert_eq!(detect_format(None, p("-"), b"date,minutes"), Format::Csv);
    }

    #[test]
    fn json_records_are_read_with_their_fields() {
        let text = br#"[
          {"id": 9, "start": "2026-11-20T07:30:00+01:00", "end": "x", "duration_seconds": 450,
           "minutes": 7.5, "steps": 320, "surface": "grass", "incline_percent": 2.5, "note": "ok"},
          {"start": "2026-11-19", "minutes": 8}
        ]"#;
        let sessions = read_sessions(text, Format::Json, &clock()).unwrap();
        assert_eq!(sessions[0].duration.seconds(), 450);
        assert_eq!(sessions[0].surface, Surface::Grass);
        assert_eq!(sessions[0].incline_percent, Some(2.5));
        assert_eq!(sessions[1].start.to_rfc3339(), "2026-11-19T12:00:00+01:00");
        assert_eq!(sessions[1].surface, Surface::Other);
    }

    #[test]
    fn every_bad_json_record_is_named_with_its_line() {
        let text = b"[\n{\"start\": \"2026-11-20T07:30:00Z\", \"minutes\": 8},\n{\"start\": \"2026-11-20T07:30:00Z\", \"minutes\": 0},\n{\"start\": \"2099-01-01\", \"minutes\": 5, \"surface\": \"gras\"},\n{\"minutes\": 5}\n]";
        let errors = bad_records(read_sessions(text, Format::Json, &clock()));
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("record 2 (line 3): minutes"), "{errors:?}");
        assert!(errors[1].starts_with("record 3 (line 4): "), "{errors:?}");
        assert!(
            errors[2].contains("record 4 (line 5)") && errors[2].contains("start"),
            "{errors:?}"
        );
        let broken = whole_file(read_sessions(b"[{", Format::Json, &clock()));
        assert!(broken.contains("line 1"), "{broken}");
        let object = whole_file(read_sessions(b"{\"a\": 1}", Format::Json, &clock()));
        assert!(object.contains("sessions"), "{object}");
        assert_eq!(
            read_sessions(b" \n", Format::Json, &clock()),
            Err(Rejection::Empty)
        );
    }

    #[test]
    fn spreadsheet_csv_in_any_column_order() {
        let text = "Minutes,Date,Note,Steps\n7:30,2026-11-20,'=1+1,300\n8,2026-11-19 07:15,,\n\n";
        let sessions = read_sessions(text.as_bytes(), Format::Csv, &clock()).unwrap();
        assert_eq!(sessions.len(), 2);
        assert_eq!(sessions[0].duration.seconds(), 450);
        assert_eq!(sessions[0].note.as_deref(), Some("=1+1"));
        assert_eq!(sessions[1].start.to_rfc3339(), "2026-11-19T07:15:00+01:00");
        assert_eq!(sessions[1].steps, None);
    }

    #[test]
    fn every_bad_csv_row_is_named_by_line_and_field() {
        let text = "date,minutes,steps,surface\n2026-11-20,8,300,grass\n2026-02-30,8,,\n2026-11-19,abc,,\n2026-11-18,8,-4,moon\n";
        let errors = bad_records(read_sessions(text.as_bytes(), Format::Csv, &clock()));
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("line 3: date"), "{errors:?}");
        assert!(errors[1].starts_with("line 4: minutes"), "{errors:?}");
        assert!(errors[2].starts_with("line 5: steps"), "{errors:?}");
        let missing = whole_file(read_sessions(b"when,how long\n", Format::Csv, &clock()));
        assert!(missing.contains("needs a start or date column"));
        let ragged = bad_records(read_sessions(
            b"date,minutes\n2026-11-20,8,9\n",
            Format::Csv,
            &clock(),
        ));
        assert_eq!(ragged, ["line 2: has 3 cells where the header has 2"]);
        let binary = whole_file(read_sessions(b"\xff\xfe,x\n", Format::Csv, &clock()));
        assert!(binary.contains("not UTF-8"), "{binary}");
    }

    #[test]
    fn csv_notes_keep_their_spaces_and_inclines_any_decimal() {
        let text = "start,duration_seconds,incline_percent,note\n2026-11-20T07:30:00+01:00, 450 ,0.00000000000001,  two  spaces \n";
        let sessions = read_sessions(text.as_bytes(), Format::Csv, &clock()).unwrap();
        assert_eq!(sessions[0].note.as_deref(), Some("  two  spaces "));
        assert_eq!(sessions[0].incline_percent, Some(1e-14));
        assert_eq!(sessions[0].duration.seconds(), 450);
        for bad in ["-1", "41", "nan", "inf"] {
            let text = format!("date,minutes,incline\n2026-11-20,8,{bad}\n");
            let errors = bad_records(read_sessions(text.as_bytes(), Format::Csv, &clock()));
            assert!(errors[0].starts_with("line 2: incline_percent"), "{errors:?}");
        }
    }
}
