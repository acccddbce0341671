//! Reading CSV: backwalk's own export or a spreadsheet's, its columns in
//! any order under their names or a spreadsheet's aliases, delimited by
//! `,` `;` or tab; every fault of every row named at its physical line.

use std::borrow::Cow;

use super::fields::{incline, pain_score, start_of};
use super::quote::{cut, fault, printable};
use super::{Lines, Placed, Rejection, collected};
use crate::clock::Clock;
use crate::model::{self, NewSession, Surface, WalkDuration};
use crate::parse;
use crate::spreadsheet::column::{
    DURATION_SECONDS, ID, INCLINE_PERCENT, MINUTES, NOTE, PAIN, START, STEPS, SURFACE,
};
use crate::spreadsheet::restored;

/// The delimiters a CSV file may use, the first winning a tie.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// Reads one line of CSV as the `csv` crate does, from a record's first
/// byte: counts the cells each of `delimiters` ends outside quotes, and
/// says whether the text ends inside quotes (a quote never closed).
fn scan_line<const N: usize>(bytes: &[u8], delimiters: &[u8; N]) -> ([usize; N], bool) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        /// A `"` inside quotes: the end of them, or the first of `""`.
        QuoteInQuoted,
    }
    let mut counts = [0; N];
    let mut state = State::FieldStart;
    for &byte in bytes {
        state = match (state, byte) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) | (State::FieldStart | State::QuoteInQuoted, b'"') => State::Quoted,
            (_, b'\r' | b'\n') => return (counts, false),
            (_, byte) => match delimiters.iter().position(|d| *d == byte) {
                Some(i) => {
                    counts[i] += 1;
                    State::FieldStart
                }
                None => State::Unquoted,
            },
        };
    }
    (counts, state == State::Quoted)
}

/// The delimiter of a CSV text: the one of `,` `;` tab that splits its
/// header line into the most cells outside quotes, `,` on a tie.
pub(super) fn delimiter_of(bytes: &[u8]) -> u8 {
    let first = bytes.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
    let (counts, _) = scan_line(&bytes[first..], &DELIMITERS);
    let mut best = 0;
    for i in 1..DELIMITERS.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    DELIMITERS[best]
}

/// A reader of `bytes` by `delimiter`. Flexible: rows of another length
/// than the header's are reported by the importer, after rows of nothing
/// but spaces are skipped as blank.
fn reader_of(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes)
}

/// A row of nothing but spaces, skipped as a blank line.
fn is_blank(record: &csv::ByteRecord) -> bool {
    record.iter().all(|cell| cell.trim_ascii().is_empty())
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
    pain: Option<usize>,
    note: Option<usize>,
    names: Vec<String>,
}

#[derive(Clone, Copy)]
enum DurationColumn {
    Seconds,
    Minutes,
}

impl Columns {
    /// `names`: the header's cells, trimmed and in lower case.
    fn find(names: Vec<String>) -> Result<Columns, String> {
        let at = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
        let start = at(&[START, "date"]);
        let duration = at(&[DURATION_SECONDS])
            .map(|i| (i, DurationColumn::Seconds))
            .or_else(|| at(&[MINUTES, "duration"]).map(|i| (i, DurationColumn::Minutes)));
        let (Some(start), Some(duration)) = (start, duration) else {
            return Err(format!(
                "the CSV header needs a {START} or date column and a {MINUTES} or {DURATION_SECONDS} column \
                 ({STEPS}, {SURFACE}, {INCLINE_PERCENT}, {PAIN} and {NOTE} are optional); found: {}",
                cut(&names.join(","), 200)
            ));
        };
        Ok(Columns {
            start,
            time: at(&["time"]),
            duration,
            steps: at(&[STEPS]),
            surface: at(&[SURFACE]),
            incline: at(&[INCLINE_PERCENT, "incline"]),
            pain: at(&[PAIN]),
            note: at(&[NOTE, "notes"]),
            names,
        })
    }

    /// The name the header gives a column.
    fn name(&self, index: usize) -> &str {
        &self.names[index]
    }
}

pub(super) fn read_csv(bytes: &[u8], clock: &Clock) -> Result<Placed, Rejection> {
    let delimiter = delimiter_of(bytes);
    let mut reader = reader_of(bytes, delimiter);
    let mut lines = Lines::new(bytes);
    let (columns, width) = header_of(&mut reader, &mut lines)?;
    // A German spreadsheet writes 7,5 minutes in a file that `;` delimits.
    let decimal_comma = delimiter != b',';
    let mut sessions = Vec::new();
    let mut places = Vec::new();
    let mut errors = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = lines.line_at(lines.record_start(e.position()));
                errors.push(format!("line {line}: cannot be read as CSV ({e})"));
                break;
            }
        }
        if is_blank(&record) {
            continue;
        }
        let start = lines.record_start(record.position());
        let mut faults = if record.len() == width {
            match csv_session(&record, &columns, clock, decimal_comma) {
                Ok(session) => {
                    sessions.push(session);
                    places.push(format!("line {}", lines.line_at(start)));
                    continue;
                }
                Err(faults) => faults,
            }
        } else {
            let (len, expected) = (record.len(), width);
            let cells = if len == 1 { "cell" } else { "cells" };
            vec![format!("has {len} {cells} where the header has {expected}")]
        };
        if runs_to_the_end(&reader, &bytes[start..], delimiter) {
            faults.push(
                "a quoted cell opened in this row is never closed, so the row runs to the end of the file"
                    .into(),
            );
        }
        errors.push(format!("line {}: {}", lines.line_at(start), faults.join("; ")));
    }
    collected((sessions, places), errors)
}

/// The columns the header names, and how many cells it has.
fn header_of(reader: &mut csv::Reader<&[u8]>, lines: &mut Lines) -> Result<(Columns, usize), Rejection> {
    let header = match reader.byte_headers() {
        Ok(header) => header.clone(),
        Err(e) => {
            return Err(Rejection::File(format!(
                "line 1 (the header) cannot be read: {e}"
            )));
        }
    };
    let header_line = lines.line_at(lines.record_start(header.position()));
    let mut names = Vec::with_capacity(header.len());
    for (index, cell) in header.iter().enumerate() {
        let name = std::str::from_utf8(cell).map_err(|_| {
            Rejection::File(format!(
                "line {header_line} (the header): cell {} is not UTF-8 text",
                index + 1
            ))
        })?;
        names.push(name.trim().to_ascii_lowercase());
    }
    let columns =
        Columns::find(names).map_err(|e| Rejection::File(printable(format!("line {header_line}: {e}"))))?;
    Ok((columns, header.len()))
}

/// Whether the row that starts `row` opened a quote never closed, which
/// ran to the end of the file: said at the row that opened it.
fn runs_to_the_end(reader: &csv::Reader<&[u8]>, row: &[u8], delimiter: u8) -> bool {
    let at_end = usize::try_from(reader.position().byte()).is_ok_and(|end| end >= reader.get_ref().len());
    at_end && scan_line(row, &[delimiter]).1
}

/// The `id` each row gives, in file order; `None` where it gives none.
pub(super) fn read_ids(bytes: &[u8]) -> Vec<Option<u64>> {
    let mut reader = reader_of(bytes, delimiter_of(bytes));
    let column = reader.byte_headers().ok().and_then(|header| {
        header
            .iter()
            .position(|cell| cell.trim_ascii().eq_ignore_ascii_case(ID.as_bytes()))
    });
    let mut ids = Vec::new();
    for record in reader.byte_records() {
        let Ok(record) = record else { break };
        if is_blank(&record) {
            continue;
        }
        let id = column
            .and_then(|c| record.get(c))
            .and_then(|cell| std::str::from_utf8(cell).ok())
            .and_then(|cell| cell.trim().trim_start_matches('#').parse().ok());
        ids.push(id);
    }
    ids
}

/// One CSV row being read: its cells, and the faults found so far with
/// the column each is in.
struct Row<'r> {
    record: &'r csv::ByteRecord,
    faults: Vec<(usize, String)>,
}

impl<'r> Row<'r> {
    /// The cell as written; a cell that is not UTF-8 is a fault (`Err`).
    fn text(&mut self, column: usize) -> Result<&'r str, ()> {
        let bytes = self.record.get(column).unwrap_or_default();
        std::str::from_utf8(bytes).map_err(|_| {
            self.faults
                .push((column, format!("cell {} is not UTF-8 text", column + 1)));
        })
    }

    /// A cell's value: trimmed, its formula guard taken off; `None` when
    /// there is no such column or the cell is empty.
    fn value(&mut self, column: Option<usize>) -> Result<Option<&'r str>, ()> {
        let Some(column) = column else {
            return Ok(None);
        };
        let text = restored(self.text(column)?.trim());
        Ok(Some(text).filter(|t| !t.is_empty()))
    }

    /// The parsed value, or `None` with the fault kept under `name`.
    fn check<T>(&mut self, column: usize, name: &str, text: &str, result: Result<T, String>) -> Option<T> {
        result
            .map_err(|e| self.faults.push((column, fault(name, text, &e))))
            .ok()
    }

    /// An optional field: absent when its column or its cell is.
    fn optional<T>(
        &mut self,
        column: Option<usize>,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Option<T>, ()> {
        match self.value(column)? {
            Some(text) => {
                let parsed = parse(text);
                self.check(column.unwrap_or_default(), name, text, parsed)
                    .map(Some)
                    .ok_or(())
            }
            None => Ok(None),
        }
    }

    /// When the walk began: the start (or date) cell, and the time cell
    /// after it where there is one.
    fn start(&mut self, columns: &Columns, clock: &Clock) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let column = columns.start;
        let name = columns.name(column);
        let time = self.value(columns.time).ok().flatten();
        match self.value(Some(column)) {
            Ok(Some(date)) => {
                let text = match time {
                    Some(time) => Cow::Owned(format!("{date} {time}")),
                    None => Cow::Borrowed(date),
                };
                let start = start_of(&text, clock);
                self.check(column, name, &text, start)
            }
            Ok(None) => self.check(column, name, "", Err("empty".into())),
            Err(()) => None,
        }
    }

    /// How long the walk lasted: whole seconds, or minutes in any form
    /// `log` takes.
    fn duration(&mut self, columns: &Columns, decimal_comma: bool) -> Option<WalkDuration> {
        let (column, kind) = columns.duration;
        let name = columns.name(column);
        match self.value(Some(column)) {
            Ok(Some(text)) => {
                let duration = match kind {
                    DurationColumn::Seconds => text
                        .parse::<u64>()
                        .map_err(|_| format!("'{text}' is not a whole number of seconds"))
                        .and_then(WalkDuration::from_seconds),
                    DurationColumn::Minutes => parse::duration(&decimal_point(text, decimal_comma)),
                };
                self.check(column, name, text, duration)
            }
            Ok(None) => self.check(column, name, "", Err("empty".into())),
            Err(()) => None,
        }
    }

    /// The note as written, spaces and all; only an empty cell is no note.
    fn note(&mut self, column: Option<usize>) -> Result<Option<String>, ()> {
        match column.map(|column| (column, self.text(column))) {
            Some((column, Ok(text))) if !text.is_empty() => {
                let note = restored(text);
                let note = model::check_note(note).map(|()| note.to_string());
                self.check(column, NOTE, text, note).map(Some).ok_or(())
            }
            Some((_, Err(()))) => Err(()),
            _ => Ok(None),
        }
    }
}

/// `7,5` as `7.5` where a comma is the decimal point.
fn decimal_point(text: &str, comma: bool) -> Cow<'_, str> {
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    match text.split_once(',') {
        Some((whole, fraction)) if comma && digits(whole) && digits(fraction) => {
            Cow::Owned(format!("{whole}.{fraction}"))
        }
        _ => Cow::Borrowed(text),
    }
}

fn csv_session(
    record: &csv::ByteRecord,
    columns: &Columns,
    clock: &Clock,
    decimal_comma: bool,
) -> Result<NewSession, Vec<String>> {
    let mut row = Row {
        record,
        faults: Vec::new(),
    };
    let start = row.start(columns, clock);
    let duration = row.duration(columns, decimal_comma);
    let steps = row.optional(columns.steps, STEPS, parse::steps);
    let surface = row.optional(columns.surface, SURFACE, str::parse::<Surface>);
    let incline_percent = row.optional(columns.incline, INCLINE_PERCENT, |text| {
        incline(&decimal_point(text, decimal_comma))
    });
    let pain = row.optional(columns.pain, PAIN, pain_score);
    let note = row.note(columns.note);

    match (start, duration, steps, surface, incline_percent, pain, note) {
        (Some(start), Some(duration), Ok(steps), Ok(surface), Ok(incline_percent), Ok(pain), Ok(note))
            if row.faults.is_empty() =>
        {
            Ok(NewSession {
                start,
                duration,
                steps,
                surface: surface.unwrap_or(Surface::Other),
                incline_percent,
                pain,
                note,
            })
        }
        _ => {
            // Left to right, as the row reads.
            row.faults.sort_by_key(|(column, _)| *column);
            Err(row.faults.into_iter().map(|(_, fault)| fault).collect())
        }
    }
}
