//! Reading sessions from an import file: backwalk's own JSON or CSV
//! export, or a spreadsheet's minimal CSV. Every bad record is named with
//! every fault it has, at the physical line where it starts; one bad
//! record rejects the whole file. This is the face `import` uses, with
//! the line counting both readers share; the readers (`json`, `csv`), the
//! field rules, the quoting of errors and the twins are behind it.

mod csv;
mod fields;
mod json;
mod quote;
mod store;
mod twins;

use std::fmt::Write as _;
use std::path::Path;

use crate::clock::Clock;
use crate::model::NewSession;

pub use store::is_store_document;
pub use twins::{Changed, Clash, Sorted, match_stored, sort_out};

/// The UTF-8 byte-order mark some editors and spreadsheets put first.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many bad records an error lists before it counts the rest.
pub const SHOWN_RECORDS: usize = 20;

fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

/// How an import file is read. A store document is JSON: its `sessions`
/// are read as an export's records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

/// The format a file's extension names, if it names one.
pub fn format_of_path(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "csv" | "tsv" => Some(Format::Csv),
        "json" => Some(Format::Json),
        _ => None,
    }
}

/// The flag, else the file's extension, else a look at the content.
pub fn detect_format(explicit: Option<Format>, path: &Path, bytes: &[u8]) -> Format {
    explicit.or_else(|| format_of_path(path)).unwrap_or_else(|| {
        match without_bom(bytes).iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[' | b'{') => Format::Json,
            _ => Format::Csv,
        }
    })
}

/// Why a file cannot be imported.
#[derive(Debug, PartialEq)]
pub enum Rejection {
    /// Nothing but white space (and perhaps a byte-order mark).
    Empty,
    /// The file as a whole is not in the format: no usable CSV header,
    /// not a JSON array, not UTF-8.
    File(String),
    /// One message per bad record, naming its line and every bad field,
    /// for every bad record: `describe` lists them as an error does.
    Records(Vec<String>),
}

/// The bad records as an error lists them: the first 20, one a line, each
/// indented by two spaces, then `  and N more` for the rest. No newline at
/// the end.
pub fn describe(errors: &[String]) -> String {
    let mut out = String::new();
    for (index, error) in errors.iter().take(SHOWN_RECORDS).enumerate() {
        if index > 0 {
            out.push('\n');
        }
        out.push_str("  ");
        out.push_str(error);
    }
    if errors.len() > SHOWN_RECORDS {
        let _ = write!(out, "\n  and {} more", errors.len() - SHOWN_RECORDS);
    }
    out
}

/// The sessions in the file, or why it cannot be imported.
pub fn read_sessions(bytes: &[u8], format: Format, clock: &Clock) -> Result<Vec<NewSession>, Rejection> {
    read_placed(bytes, format, clock).map(|(sessions, _)| sessions)
}

/// What an import file holds, in file order: its walks, the id each
/// record gives (a backwalk export's or a history's; `None` where it gives
/// none), and where each record is, as a bad record is named.
#[derive(Debug, Default, PartialEq)]
pub struct Records {
    pub walks: Vec<NewSession>,
    pub ids: Vec<Option<u64>>,
    pub places: Vec<String>,
}

/// The records of the file, or why it cannot be imported.
pub fn read_records(bytes: &[u8], format: Format, clock: &Clock) -> Result<Records, Rejection> {
    let (walks, places) = read_placed(bytes, format, clock)?;
    let mut ids = read_ids(bytes, format);
    ids.resize(walks.len(), None);
    Ok(Records { walks, ids, places })
}

/// The sessions in the file with the place of each, as a bad record is
/// named (`record N (line L)` in JSON, `line L` in CSV).
pub fn read_placed(
    bytes: &[u8],
    format: Format,
    clock: &Clock,
) -> Result<(Vec<NewSession>, Vec<String>), Rejection> {
    let bytes = without_bom(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Rejection::Empty);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Rejection::File(
            "it is UTF-16 text, not UTF-8; save it as UTF-8 (a spreadsheet's \"CSV UTF-8\")".into(),
        ));
    }
    match format {
        Format::Json => json::read_json(bytes, clock),
        Format::Csv => csv::read_csv(bytes, clock),
    }
}

/// The `id` each record of a file that `read_sessions` read gives (a
/// backwalk export's), in the same order; `None` where it gives none.
fn read_ids(bytes: &[u8], format: Format) -> Vec<Option<u64>> {
    let bytes = without_bom(bytes);
    match format {
        Format::Json => json::read_ids(bytes),
        Format::Csv => csv::read_ids(bytes),
    }
}

/// Sessions with their places, or every bad record.
type Placed = (Vec<NewSession>, Vec<String>);

fn collected(placed: Placed, errors: Vec<String>) -> Result<Placed, Rejection> {
    if errors.is_empty() {
        Ok(placed)
    } else {
        Err(Rejection::Records(errors))
    }
}

/// Physical line numbers of byte offsets asked in increasing order, in one
/// pass over the text however many records ask: a line ends at `\n`, at
/// `\r\n` (once) and at a lone `\r`.
struct Lines<'a> {
    bytes: &'a [u8],
    /// Where the count has reached, and the line of that byte.
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Lines<'a> {
        Lines {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line on which byte `at` lies: 1 + the line ends before it.
    fn line_at(&mut self, at: usize) -> usize {
        let at = at.min(self.bytes.len());
        if at < self.offset {
            // Never asked by the readers here; counted again rather than wrong.
            (self.offset, self.line) = (0, 1);
        }
        let bytes = self.bytes;
        for (i, byte) in bytes[self.offset..at].iter().enumerate() {
            let breaks = match byte {
                b'\n' => true,
                // `\r\n` is counted at its `\n`.
                b'\r' => bytes.get(self.offset + i + 1) != Some(&b'\n'),
                _ => false,
            };
            self.line += usize::from(breaks);
        }
        self.offset = at;
        self.line
    }

    /// The first byte of a record the `csv` crate read from `position`:
    /// it gives the byte where it began to read, which is still before the
    /// `\n` of a `\r\n` and before any blank lines.
    fn record_start(&self, position: Option<&::csv::Position>) -> usize {
        let from = position.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let from = from.min(self.bytes.len());
        from + self.bytes[from..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count()
    }
}

#[cfg(test)]
mod tests;
