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
        .or_else(|| match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        })
        .unwrap_or_else(|| match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[' | b'{') => Format::Json,
            _ => Format::Csv,
        })
}

/// The sessions in the file, or one message per bad record.
pub fn read_sessions(bytes: &[u8], format: Format, clock: &Clock) -> Result<Vec<NewSession>, Vec<String>> {
    match format {
        Format::Json => read_json(bytes, clock),
        Format::Csv => read_csv(bytes, clock),
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

fn read_json(bytes: &[u8], clock: &Clock) -> Result<Vec<NewSession>, Vec<String>> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| vec![format!("the file is not UTF-8 text (byte {})", e.valid_up_to())])?;
    let records: Vec<&RawValue> = if text.trim_start().starts_with('{') {
        serde_json::from_str::<StoreShape>(text).map(|s| s.sessions)
    } else {
        serde_json::from_str(text)
    }
    .map_err(|e| vec![format!("not a JSON array of sessions: {e}")])?;
    let mut sessions = Vec::with_capacity(records.len());
    let mut errors = Vec::new();
    let (mut offset, mut line) = (0, 1);
    for (index, raw) in records.iter().enumerate() {
        let at = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        line += text.as_bytes()[offset..at].iter().filter(|b| **b == b'\n').count();
        offset = at;
        let parsed = serde_json::from_str::<JsonRecord>(raw.get())
            .map_err(|e| strip_position(&e.to_string()))
            .and_then(|r| json_session(r, clock));
        match parsed {
            Ok(session) => sessions.push(session),
            Err(e) => errors.push(format!("record {} (line {line}): {e}", index + 1)),
        }
    }
    if errors.is_empty() { Ok(sessions) } else { Err(errors) }
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
        (Some(seconds), _) => WalkDuration::from_seconds(seconds).map_err(|e| format!("duration_seconds: {e}"))?,
        (None, Some(minutes)) if minutes.is_finite() && minutes > 0.0 => {
            WalkDuration::from_seconds((minutes * 60.0).round() as u64).map_err(|e| format!("minutes: {e}"))?
        }
        (None, Some(minutes)) => return Err(format!("minutes: {minutes} is not a duration")),
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
        incline_percent: record.incline_percent,
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

/// Where each field sits in a CSV header.
struct Columns {
    start: usize,
    time: Option<usize>,
    duration: (usize, DurationColumn),
    steps: Option<usize>,
    surface: Option<usize>,
    incline: Option<usize>,
    note: Option<usize>,
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
        })
    }
}

fn read_csv(bytes: &[u8], clock: &Clock) -> Result<Vec<NewSession>, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(bytes);
    let header = reader.headers().map_err(|e| vec![format!("line 1: {e}")])?.clone();
    let columns = Columns::find(&header).map_err(|e| vec![e])?;
    let mut sessions = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(format!("line {line}: {}", strip_position(&e.to_string())));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        match csv_session(&record, &columns, clock) {
            Ok(session) => sessions.push(session),
            Err(e) => errors.push(format!("line {line}: {e}")),
        }
    }
    if errors.is_empty() { Ok(sessions) } else { Err(errors) }
}

fn csv_session(record: &csv::StringRecord, columns: &Columns, clock: &Clock) -> Result<NewSession, String> {
    let cell = |index: Option<usize>| index.and_then(|i| record.get(i)).filter(|c| !c.is_empty());
    let mut start_text = cell(Some(columns.start)).ok_or("start: empty")?.to_string();
    if let Some(time) = cell(columns.time) {
        start_text = format!("{start_text} {time}");
    }
    let start = start_of(&start_text, clock).map_err(|e| format!("start: {e}"))?;
    let duration_text = cell(Some(columns.duration.0)).ok_or("duration: empty")?;
    let duration = match columns.duration.1 {
        DurationColumn::Seconds => duration_text
            .parse::<u64>()
            .map_err(|_| format!("'{duration_text}' is not a whole number of seconds"))
            .and_then(WalkDuration::from_seconds)
            .map_err(|e| format!("duration_seconds: {e}"))?,
        DurationColumn::Minutes => parse::duration(duration_text).map_err(|e| format!("minutes: {e}"))?,
    };
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
        .map(parse::incline)
        .transpose()
        .map_err(|e| format!("incline_percent: {e}"))?;
    let note = cell(columns.note)
        .map(|n| parse::note(&restore(n)))
        .transpose()
        .map_err(|e| format!("note: {e}"))?;
    Ok(NewSession { start, duration, steps, surface, incline_percent, note })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn clock() -> Clock {
        let now = DateTime::parse_from_rfc3339("2026-11-21T18:30:00+01:00").unwrap();
        Clock::new(now.with_timezone(&Utc), "Europe/Berlin".parse().unwrap())
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
        let errors = read_sessions(text, Format::Json, &clock()).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("record 2 (line 3): minutes"), "{errors:?}");
        assert!(errors[1].starts_with("record 3 (line 4): "), "{errors:?}");
        assert!(errors[2].contains("record 4 (line 5)") && errors[2].contains("start"), "{errors:?}");
        let broken = read_sessions(b"[{", Format::Json, &clock()).unwrap_err();
        assert!(broken[0].contains("line 1"), "{broken:?}");
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
        let errors = read_sessions(text.as_bytes(), Format::Csv, &clock()).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("line 3: start"), "{errors:?}");
        assert!(errors[1].starts_with("line 4: minutes"), "{errors:?}");
        assert!(errors[2].starts_with("line 5: steps"), "{errors:?}");
        let missing = read_sessions(b"when,how long\n", Format::Csv, &clock()).unwrap_err();
        assert!(missing[0].contains("needs a start or date column"));
    }
}
