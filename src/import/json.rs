//! Reading backwalk's JSON: an export's array of sessions, or a store
//! document's `sessions`; every fault of every record named at its line.

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::fields::{PAIN_SCORES, start_of};
use super::quote::{QUOTED_CHARS, cut, fault, printable};
use super::{Lines, Placed, Rejection, collected};
use crate::clock::Clock;
use crate::model::{self, NewSession, Surface, WalkDuration};
use crate::spreadsheet::column::{
    DURATION_SECONDS, INCLINE_PERCENT, MINUTES, NOTE, PAIN, START, STEPS, SURFACE,
};

#[derive(Deserialize)]
struct StoreShape<'a> {
    #[serde(borrow)]
    sessions: Vec<&'a RawValue>,
}

pub(super) fn read_json(bytes: &[u8], clock: &Clock) -> Result<Placed, Rejection> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = Lines::new(bytes).line_at(e.valid_up_to());
        Rejection::File(format!("it is not UTF-8 text (line {line})"))
    })?;
    let records = records_of(text)?;
    let mut sessions = Vec::with_capacity(records.len());
    let mut places = Vec::with_capacity(records.len());
    let mut errors = Vec::new();
    let mut lines = Lines::new(text.as_bytes());
    for (index, raw) in records.iter().enumerate() {
        let at = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let place = format!("record {} (line {})", index + 1, lines.line_at(at));
        match json_session(raw.get(), clock) {
            Ok(session) => {
                sessions.push(session);
                places.push(place);
            }
            Err(faults) => errors.push(format!("{place}: {}", faults.join("; "))),
        }
    }
    collected((sessions, places), errors)
}

/// The records of the file, each still as written: the array itself, or
/// the `sessions` of a store document.
fn records_of(text: &str) -> Result<Vec<&RawValue>, Rejection> {
    let bytes = text.as_bytes();
    if text.trim_start().starts_with('{') {
        serde_json::from_str::<StoreShape>(text)
            .map(|s| s.sessions)
            .map_err(|e| {
                Rejection::File(printable(format!(
                    "a JSON object here must be a backwalk store with \"sessions\": {}",
                    json_fault(&e, bytes)
                )))
            })
    } else {
        serde_json::from_str(text).map_err(|e| {
            Rejection::File(printable(format!(
                "it is not a JSON array of sessions (as `backwalk export` writes): {}",
                json_fault(&e, bytes)
            )))
        })
    }
}

/// The `id` each record gives, in file order; `None` where it gives none.
pub(super) fn read_ids(bytes: &[u8]) -> Vec<Option<u64>> {
    let records = match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Array(records)) => records,
        Ok(Value::Object(mut store)) => match store.remove("sessions") {
            Some(Value::Array(records)) => records,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    records
        .iter()
        .map(|r| r.get("id").and_then(Value::as_u64))
        .collect()
}

/// serde's message with its place given in physical lines: serde counts
/// only `\n` as a line end, and columns in bytes.
fn json_fault(error: &serde_json::Error, bytes: &[u8]) -> String {
    let message = strip_position(&error.to_string());
    if error.line() == 0 {
        return message;
    }
    // serde's column is the byte after the fault, on its line.
    let line_start = match error.line() {
        1 => 0,
        line => bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map_or(bytes.len(), |(at, _)| at + 1),
    };
    let at = (line_start + error.column()).saturating_sub(1).min(bytes.len());
    let physical_start = bytes[..at]
        .iter()
        .rposition(|b| matches!(b, b'\r' | b'\n'))
        .map_or(0, |i| i + 1);
    let column = 1 + bytes[physical_start..at]
        .iter()
        .filter(|b| (**b & 0xC0) != 0x80)
        .count();
    format!(
        "{message} at line {} column {column}",
        Lines::new(bytes).line_at(at)
    )
}

/// serde's " at line 1 column 40" is relative to the record: drop it.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// A JSON value as an error quotes it: as JSON, cut when long.
fn json_text(value: &Value) -> String {
    cut(&value.to_string(), QUOTED_CHARS).into_owned()
}

/// The faults of one JSON record, in the order of its fields.
struct Faults(Vec<String>);

impl Faults {
    /// The parsed value, or `None` with the fault kept under `name`;
    /// `quoted` is the text the message may quote.
    fn check<T>(&mut self, name: &str, quoted: &str, result: Result<T, String>) -> Option<T> {
        result.map_err(|e| self.0.push(fault(name, quoted, &e))).ok()
    }

    /// The walk's length from `duration_seconds`, else from `minutes`.
    fn duration(&mut self, seconds: Option<&Value>, minutes: Option<&Value>) -> Option<WalkDuration> {
        match (seconds, minutes) {
            (Some(seconds), _) => self.check(DURATION_SECONDS, "", seconds_of(seconds)),
            (None, Some(minutes)) => self.check(MINUTES, "", minutes_of(minutes)),
            (None, None) => {
                self.0.push(format!("needs {DURATION_SECONDS} or {MINUTES}"));
                None
            }
        }
    }
}

/// One JSON record: the fields backwalk writes (others, such as `id` and
/// `end`, are ignored; `null` is an absent field), or every fault in it,
/// in the order of its fields.
fn json_session(raw: &str, clock: &Clock) -> Result<NewSession, Vec<String>> {
    let fields = object_of(raw)?;
    let field = |name: &str| fields.get(name).filter(|v| !v.is_null());
    let mut faults = Faults(Vec::new());
    let (quoted, start) = start_field(field(START), clock);
    let start = faults.check(START, quoted, start);
    let duration = faults.duration(field(DURATION_SECONDS), field(MINUTES));
    let steps = field(STEPS).and_then(|v| faults.check(STEPS, "", steps_of(v)));
    let (quoted, surface) = surface_field(field(SURFACE));
    let surface = faults.check(SURFACE, quoted, surface);
    let incline_percent =
        field(INCLINE_PERCENT).and_then(|v| faults.check(INCLINE_PERCENT, "", incline_of(v)));
    let pain = field(PAIN).and_then(|v| faults.check(PAIN, "", pain_of(v)));
    let note = faults.check(NOTE, "", note_field(field(NOTE)));
    match (start, duration, steps, surface, incline_percent, pain, note) {
        (Some(start), Some(duration), steps, Some(surface), incline_percent, pain, Some(note))
            if faults.0.is_empty() =>
        {
            Ok(NewSession {
                start,
                duration,
                steps,
                surface,
                incline_percent,
                pain,
                note,
            })
        }
        _ => Err(faults.0),
    }
}

/// The record's fields, or why it is not a session at all.
fn object_of(raw: &str) -> Result<Map<String, Value>, Vec<String>> {
    let value: Value =
        serde_json::from_str(raw).map_err(|e| vec![printable(strip_position(&e.to_string()))])?;
    match value {
        Value::Object(fields) => Ok(fields),
        value => Err(vec![printable(format!(
            "{} is not a session; a session is an object such as {{\"start\": \"2026-11-20T07:30:00+01:00\", \"minutes\": 8}}",
            json_text(&value)
        ))]),
    }
}

/// When the walk began, with the text a fault may quote.
fn start_field<'v>(
    value: Option<&'v Value>,
    clock: &Clock,
) -> (&'v str, Result<DateTime<FixedOffset>, String>) {
    match value {
        Some(Value::String(text)) => (text, start_of(text, clock)),
        Some(other) => (
            "",
            Err(format!(
                "{} is not a time; use RFC 3339 (2026-11-20T07:30:00+01:00) or a date",
                json_text(other)
            )),
        ),
        None => (
            "",
            Err(
                "missing; give when the walk began, in RFC 3339 (2026-11-20T07:30:00+01:00) or as a date"
                    .into(),
            ),
        ),
    }
}

fn seconds_of(value: &Value) -> Result<WalkDuration, String> {
    value
        .as_u64()
        .ok_or_else(|| {
            format!(
                "{} is not a whole number of seconds; use 1 to 86400",
                json_text(value)
            )
        })
        .and_then(WalkDuration::from_seconds)
}

fn minutes_of(value: &Value) -> Result<WalkDuration, String> {
    match value.as_f64() {
        Some(m) if m.is_finite() && m > 0.0 => {
            // Clamped first: anything past 24 hours is refused alike.
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "clamped to 0 to u32::MAX"
            )]
            let seconds = (m * 60.0).round().min(f64::from(u32::MAX)) as u64;
            WalkDuration::from_seconds(seconds)
        }
        _ => Err(format!(
            "{} is not a duration; use a number of minutes above 0, up to 1440",
            json_text(value)
        )),
    }
}

fn steps_of(value: &Value) -> Result<u32, String> {
    value
        .as_u64()
        .map(|s| u32::try_from(s).unwrap_or(u32::MAX))
        .ok_or_else(|| {
            format!(
                "{} is not a step count; use a whole number from 0 to {}",
                json_text(value),
                model::MAX_STEPS
            )
        })
        .and_then(model::check_steps)
}

/// The surface, with the text a fault may quote; none is `other`.
fn surface_field(value: Option<&Value>) -> (&str, Result<Surface, String>) {
    match value {
        Some(Value::String(name)) => (name, name.parse()),
        Some(other) => ("", json_text(other).parse()),
        None => ("", Ok(Surface::Other)),
    }
}

fn incline_of(value: &Value) -> Result<f64, String> {
    value
        .as_f64()
        .ok_or_else(|| {
            format!(
                "{} is not an incline; use a percentage from 0 to 40",
                json_text(value)
            )
        })
        .and_then(model::check_incline)
        // `-0` is stored as 0, as the CSV reader does.
        .map(|percent| percent + 0.0)
}

fn pain_of(value: &Value) -> Result<u8, String> {
    value
        .as_u64()
        .and_then(|p| u8::try_from(p).ok())
        .filter(|p| *p <= 10)
        .ok_or_else(|| format!("{} is not a pain score; {PAIN_SCORES}", json_text(value)))
}

fn note_field(value: Option<&Value>) -> Result<Option<String>, String> {
    match value {
        Some(Value::String(note)) => model::check_note(note).map(|()| Some(note.clone())),
        Some(other) => Err(format!("{} is not text; a note is a string", json_text(other))),
        None => Ok(None),
    }
}
