//! The one owner of the store file's text layout: the head on its own
//! lines, then one line per goals entry, undo and redo entry, and per
//! session, so the file reads, diffs and merges well and a new session's
//! line can be spliced in without rewriting the others:
//!
//! ```text
//! {
//!   "format": "backwalk",
//!   "version": 3,
//!   "next_id": 3,
//!   "goals": [
//!     {"from":null,"minutes":{"min":5,"max":10},"steps":{"min":200,"max":400},"days_per_week":7,"weight_kg":null}
//!   ],
//!   "timer": null,
//!   "undo": [],
//!   "redo": [],
//!   "sessions": [
//!     {"id":1,"start":"2026-11-20T07:30:00+01:00",...},
//!     {"id":2,"start":"2026-11-21T07:30:00+01:00",...}
//!   ]
//! }
//! ```
//!
//! The next-morning records, when there are any, stand on lines of their
//! own after the goals (`"mornings": [...]`).
//!
//! Decoding also reads version 2 (no rhythm and no mornings: every day a
//! walk day) and version 1 (settings instead of a goals history, undo
//! entries as changes) and migrates them; the next write is version 3.

use std::fmt;
use std::io::Write;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use serde_json::Value;

use crate::model::Morning;
use crate::model::{self, Document, Extra, GoalEntry, Goals, Op, Range, Session, Timer, UndoEntry};

/// How the session lines open and close.
pub const SESSIONS_OPEN: &[u8] = b"  \"sessions\": [\n";
pub const SESSIONS_CLOSE: &[u8] = b"  ]\n}\n";
const INDENT: &[u8] = b"    ";
/// How a session line ends: every one but the last with a comma.
pub const LINE_CONTINUES: &[u8] = b",\n";
pub const LAST_LINE_END: &[u8] = b"\n";
/// The byte that ends every line.
pub const LINE_BREAK: u8 = b'\n';

/// A document's bytes and where its session lines lie in them.
pub struct Encoded {
    pub bytes: Vec<u8>,
    /// The byte offset of the first session line (the head's length).
    pub first_offset: u64,
    /// The byte length of each session's line, in order.
    pub line_lens: Vec<u64>,
}

/// The whole document as the store file holds it.
pub fn encode(document: &Document) -> Encoded {
    let mut bytes = Vec::with_capacity(1024 + document.sessions.len() * 190);
    encode_head(document, &mut bytes);
    let first_offset = bytes.len() as u64;
    let mut line_lens = Vec::with_capacity(document.sessions.len());
    let count = document.sessions.len();
    for (index, session) in document.sessions.iter().enumerate() {
        let start = bytes.len();
        write_session_line(&mut bytes, session, index + 1 == count);
        line_lens.push((bytes.len() - start) as u64);
    }
    bytes.extend_from_slice(SESSIONS_CLOSE);
    Encoded {
        bytes,
        first_offset,
        line_lens,
    }
}

/// Everything before the first session line, `"sessions": [` included.
pub fn encode_head(document: &Document, out: &mut Vec<u8>) {
    let _ = writeln!(out, "{{");
    let _ = writeln!(out, "  \"format\": \"{}\",", model::FORMAT);
    let _ = writeln!(out, "  \"version\": {},", model::VERSION);
    let _ = writeln!(out, "  \"next_id\": {},", document.next_id);
    write_list(out, "goals", document.goals.entries());
    let _ = writeln!(out, "  \"timer\": {},", json(&document.timer));
    write_list(out, "undo", &document.undo);
    write_list(out, "redo", &document.redo);
    // Only when there are any, so a store without them keeps its bytes.
    if !document.mornings.is_empty() {
        write_list(out, "mornings", &document.mornings);
    }
    for (key, value) in &document.extra {
        let _ = writeln!(out, "  {}: {},", json(key), json(value));
    }
    out.extend_from_slice(SESSIONS_OPEN);
}

/// `"key": [` and one item a line, then `],`.
fn write_list<T: serde::Serialize>(out: &mut Vec<u8>, key: &str, items: &[T]) {
    if items.is_empty() {
        let _ = writeln!(out, "  \"{key}\": [],");
        return;
    }
    let _ = writeln!(out, "  \"{key}\": [");
    for (index, item) in items.iter().enumerate() {
        out.extend_from_slice(INDENT);
        serde_json::to_writer(&mut *out, item).expect("a store value serialises");
        out.extend_from_slice(if index + 1 < items.len() { b",\n" } else { b"\n" });
    }
    let _ = writeln!(out, "  ],");
}

/// One session's line: every line but the last ends with a comma.
pub fn write_session_line(out: &mut Vec<u8>, session: &Session, last: bool) {
    out.extend_from_slice(INDENT);
    serde_json::to_writer(&mut *out, session).expect("a session serialises");
    out.extend_from_slice(if last { LAST_LINE_END } else { LINE_CONTINUES });
}

/// Sessions from lines as `encode` writes them (trailing commas and all).
pub fn parse_session_lines(bytes: &[u8]) -> Option<Vec<Session>> {
    std::str::from_utf8(bytes)
        .ok()?
        .lines()
        .map(|line| line.trim().trim_end_matches(','))
        .filter(|line| !line.is_empty())
        .map(|line| {
            serde_json::from_str::<Session>(line)
                .ok()
                .filter(|s| s.check().is_ok())
        })
        .collect()
}

/// A head value on one line.
fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("a store value serialises")
}

/// A store file's bytes as a checked document, or what is wrong with
/// them, saying where ("is empty", "ends early at line 3 column 5", …).
pub fn decode(bytes: &[u8]) -> Result<Document, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("is empty (truncated?)".into());
    }
    // One UTF-8 check of the whole file costs far less than serde_json's
    // check of every string; a file that is not UTF-8 takes the slice
    // path, whose error says where.
    let parsed: Result<AnyVersion, _> = match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    };
    let stored = match parsed {
        Ok(stored) => stored,
        Err(e) => {
            return Err(newer_version(bytes).unwrap_or_else(|| {
                if e.is_eof() {
                    format!(
                        "ends early (truncated?) at line {} column {}",
                        e.line(),
                        e.column()
                    )
                } else {
                    format!("is not a valid backwalk store: {e}")
                }
            }));
        }
    };
    let mut document = stored.into_document()?;
    document.check().map_err(|e| format!("is not valid: {e}"))?;
    Ok(document)
}

/// The head alone: the bytes up to the first session line, closed into
/// a document without sessions.
pub fn decode_head(head: &[u8]) -> Option<Document> {
    if !head.ends_with(SESSIONS_OPEN) {
        return None;
    }
    let mut closed = head.to_vec();
    closed.extend_from_slice(b"]}");
    let stored: AnyVersion = serde_json::from_slice(&closed).ok()?;
    if stored.version != Some(model::VERSION) {
        return None;
    }
    let mut document = stored.into_document().ok()?;
    document.check().ok()?;
    Some(document)
}

/// When the bytes are JSON with a `version` above ours, says so.
fn newer_version(bytes: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Version {
        version: u64,
    }
    let found: Version = serde_json::from_slice(bytes).ok()?;
    (found.version > u64::from(model::VERSION)).then(|| newer(found.version))
}

fn newer(version: u64) -> String {
    format!(
        "was written by a newer backwalk (store version {version}; this one reads up to {}): upgrade backwalk",
        model::VERSION
    )
}

/// The store file's fields as read, in any version this one knows, before
/// migration makes them a `Document`.
#[derive(Default)]
struct AnyVersion {
    format: Option<String>,
    version: Option<u32>,
    next_id: Option<u64>,
    goals: Option<Vec<GoalEntry>>,
    settings: Option<SettingsV1>,
    timer: Option<Timer>,
    undo: Vec<Value>,
    redo: Vec<Value>,
    sessions: Option<Vec<Session>>,
    mornings: Vec<Morning>,
    extra: Extra,
}

/// Version 1's targets: one set, from the beginning.
#[derive(Deserialize)]
struct SettingsV1 {
    minutes: Range,
    steps: Range,
    weight_kg: Option<f64>,
    /// Kept in the goals entry that migration makes.
    #[serde(flatten)]
    extra: Extra,
}

impl SettingsV1 {
    fn goals(self) -> Goals {
        Goals::from_entries(vec![GoalEntry {
            from: None,
            minutes: self.minutes,
            steps: Some(self.steps),
            weight_kg: self.weight_kg,
            extra: self.extra,
            ..GoalEntry::default()
        }])
    }
}

/// Version 1's undo entries: what to revert, as one change.
#[derive(Deserialize)]
#[serde(tag = "revert", rename_all = "snake_case")]
enum ChangeV1 {
    Added { ids: Vec<u64> },
    Removed { sessions: Vec<Session> },
    Edited { before: Session },
    Stopped { id: u64, timer: Timer },
    Goals { before: SettingsV1 },
}

impl ChangeV1 {
    fn ops(self) -> Vec<Op> {
        match self {
            ChangeV1::Added { ids } => vec![Op::Remove { ids }],
            ChangeV1::Removed { sessions } => vec![Op::Insert { sessions }],
            ChangeV1::Edited { before } => vec![Op::Replace {
                sessions: vec![before],
            }],
            ChangeV1::Stopped { id, timer } => {
                vec![Op::Remove { ids: vec![id] }, Op::Timer { timer: Some(timer) }]
            }
            ChangeV1::Goals { before } => vec![Op::Goals {
                goals: before.goals(),
            }],
        }
    }
}

impl AnyVersion {
    fn into_document(self) -> Result<Document, String> {
        if self.format.as_deref() != Some(model::FORMAT) {
            return Err(match self.format {
                Some(format) => format!("is not a backwalk store (format is '{format}')"),
                None => "is not a valid backwalk store: \"format\": \"backwalk\" is missing".into(),
            });
        }
        let version = self
            .version
            .ok_or("is not a valid backwalk store: \"version\" is missing")?;
        if version > model::VERSION {
            return Err(newer(version.into()));
        }
        let missing = |key: &str| format!("is not a valid backwalk store: \"{key}\" is missing");
        let goals = match (version, self.goals, self.settings) {
            (1, _, Some(settings)) => settings.goals(),
            (1, _, None) => return Err(missing("settings")),
            (_, Some(entries), _) => Goals::from_entries(entries),
            (_, None, _) => return Err(missing("goals")),
        };
        let entries = |values: Vec<Value>, list: &str| -> Result<Vec<UndoEntry>, String> {
            values
                .into_iter()
                .enumerate()
                .map(|(index, value)| {
                    undo_entry(value, version).map_err(|e| format!("is not valid: {list}[{index}]: {e}"))
                })
                .collect()
        };
        Ok(Document {
            next_id: self.next_id.ok_or_else(|| missing("next_id"))?,
            goals,
            timer: self.timer,
            undo: entries(self.undo, "undo")?,
            redo: entries(self.redo, "redo")?,
            sessions: self.sessions.ok_or_else(|| missing("sessions"))?,
            mornings: self.mornings,
            extra: self.extra,
        })
    }
}

fn undo_entry(value: Value, version: u32) -> Result<UndoEntry, String> {
    #[derive(Deserialize)]
    struct EntryV1 {
        what: String,
        change: ChangeV1,
    }
    if version >= 2 {
        return serde_json::from_value(value).map_err(|e| e.to_string());
    }
    let entry: EntryV1 = serde_json::from_value(value).map_err(|e| e.to_string())?;
    Ok(UndoEntry {
        what: entry.what,
        ops: entry.change.ops(),
    })
}

impl<'de> Deserialize<'de> for AnyVersion {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<AnyVersion, D::Error> {
        d.deserialize_map(AnyVersionVisitor)
    }
}

struct AnyVersionVisitor;

impl<'de> Visitor<'de> for AnyVersionVisitor {
    type Value = AnyVersion;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a backwalk store (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyVersion, A::Error> {
        let mut stored = AnyVersion::default();
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom(format!("duplicate field `{key}`")));
            }
            match key.as_str() {
                "format" => stored.format = Some(map.next_value()?),
                "version" => stored.version = Some(map.next_value()?),
                "next_id" => stored.next_id = Some(map.next_value()?),
                "goals" => stored.goals = Some(map.next_value()?),
                "settings" => stored.settings = Some(map.next_value()?),
                "timer" => stored.timer = map.next_value()?,
                "undo" => stored.undo = map.next_value()?,
                "redo" => stored.redo = map.next_value()?,
                "sessions" => stored.sessions = Some(map.next_value()?),
                "mornings" => stored.mornings = map.next_value()?,
                _ => {
                    let value: Value = map.next_value()?;
                    stored.extra.insert(key, value);
                }
            }
        }
        Ok(stored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NewSession, Surface, WalkDuration};
    use chrono::DateTime;

    fn document(starts: &[&str]) -> Document {
        let mut doc = Document::default();
        let now = DateTime::parse_from_rfc3339("2026-11-21T18:30:00+01:00").unwrap();
        for start in starts {
            doc.add(
                NewSession {
                    start: DateTime::parse_from_rfc3339(start).unwrap(),
                    duration: WalkDuration::from_seconds(450).unwrap(),
                    steps: Some(300),
                    surface: Surface::Grass,
                    incline_percent: Some(2.5),
                    pain: Some(3),
                    note: Some("felt \"steady\" ☀".into()),
                },
                now,
            )
            .unwrap();
        }
        doc
    }

    #[test]
    fn encode_then_decode_is_the_identity_and_lines_are_where_it_says() {
        for starts in [
            &[][..],
            &["2026-11-20T07:30:00+01:00"],
            &["2026-11-19T07:30:00+01:00", "2026-11-20T07:30:00+01:00"],
        ] {
            let mut doc = document(starts);
            doc.extra
                .insert("x-later".into(), serde_json::json!({"kept": [1, 2]}));
            doc.record("log #1".into(), vec![Op::Remove { ids: vec![1] }]);
            let encoded = encode(&doc);
            assert_eq!(decode(&encoded.bytes).unwrap(), doc);
            let size = |n: u64| usize::try_from(n).expect("a small document");
            let mut at = size(encoded.first_offset);
            for (session, len) in doc.sessions.iter().zip(&encoded.line_lens) {
                let line = &encoded.bytes[at..at + size(*len)];
                assert_eq!(parse_session_lines(line).unwrap(), vec![session.clone()]);
                at += size(*len);
            }
            assert_eq!(&encoded.bytes[at..], SESSIONS_CLOSE);
            let head = decode_head(&encoded.bytes[..size(encoded.first_offset)]).unwrap();
            assert_eq!(head.undo, doc.undo);
            assert!(head.sessions.is_empty());
        }
    }

    #[test]
    fn the_layout_is_one_item_a_line() {
        let encoded = encode(&document(&[
            "2026-11-20T07:30:00+01:00",
            "2026-11-21T07:30:00+01:00",
        ]));
        let text = String::from_utf8(encoded.bytes).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "{");
        assert_eq!(lines[1], "  \"format\": \"backwalk\",");
        assert_eq!(lines[2], "  \"version\": 3,");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("    {\"from\":null,\"minutes\""))
        );
        let sessions: Vec<&&str> = lines.iter().filter(|l| l.starts_with("    {\"id\":")).collect();
        assert_eq!(sessions.len(), 2);
        assert!(sessions[0].ends_with("},") && sessions[1].ends_with('}'));
        assert!(text.ends_with("  ]\n}\n"));
    }

    #[test]
    fn version_1_is_read_and_migrated() {
        let v1 = r#"{
  "format": "backwalk",
  "version": 1,
  "next_id": 3,
  "settings": {"minutes":{"min":6,"max":12},"steps":{"min":250,"max":500},"weight_kg":72.0},
  "timer": null,
  "undo": [
    {"what":"log #2","change":{"revert":"added","ids":[2]}},
    {"what":"goals","change":{"revert":"goals","before":{"minutes":{"min":5,"max":10},"steps":{"min":200,"max":400},"weight_kg":null}}}
  ],
  "sessions": [
    {"id":1,"start":"2026-11-20T07:30:00+01:00","duration_seconds":450,"steps":300,"surface":"grass","incline_percent":null,"note":null},
    {"id":2,"start":"2026-11-21T07:30:00+01:00","duration_seconds":480,"steps":null,"surface":"track","incline_percent":4.5,"note":"ok"}
  ]
}
"#;
        let doc = decode(v1.as_bytes()).unwrap();
        assert_eq!(doc.goals.entries().len(), 1);
        let goals = &doc.goals.entries()[0];
        assert_eq!(
            (goals.from, goals.minutes.min, goals.steps.unwrap().max),
            (None, 6, 500)
        );
        assert_eq!(goals.weight_kg, Some(72.0));
        assert_eq!(doc.undo[0].ops, vec![Op::Remove { ids: vec![2] }]);
        assert!(matches!(&doc.undo[1].ops[0], Op::Goals { goals } if goals.entries()[0].minutes.max == 10));
        assert_eq!(doc.sessions.len(), 2);
        assert!(doc.redo.is_empty());
        // The next write is version 3, and reads back the same.
        let encoded = encode(&doc);
        assert!(String::from_utf8_lossy(&encoded.bytes).contains("\"version\": 3,"));
        assert_eq!(decode(&encoded.bytes).unwrap(), doc);
    }

    #[test]
    fn version_2_is_read_with_every_day_a_walk_day_and_written_as_version_3() {
        let v2 = r#"{
  "format": "backwalk",
  "version": 2,
  "next_id": 2,
  "goals": [
    {"from":null,"minutes":{"min":5,"max":10},"steps":{"min":200,"max":400},"weight_kg":null}
  ],
  "timer": null,
  "undo": [],
  "redo": [],
  "sessions": [
    {"id":1,"start":"2026-11-20T07:30:00+01:00","duration_seconds":420,"surface":"grass"}
  ]
}
"#;
        let doc = decode(v2.as_bytes()).unwrap();
        assert_eq!(doc.goals.entries()[0].days_per_week, 7);
        assert!(doc.mornings.is_empty());
        // Its head alone is not this version's: a splice never writes it.
        let first = v2.find("    {\"id\"").unwrap();
        assert!(decode_head(&v2.as_bytes()[..first]).is_none());
        let encoded = encode(&doc);
        assert!(String::from_utf8_lossy(&encoded.bytes).contains("\"version\": 3,"));
        assert_eq!(decode(&encoded.bytes).unwrap(), doc);
    }

    #[test]
    fn faults_say_where() {
        let cases: [(&[u8], &str); 8] = [
            (b"", "is empty"),
            (b"{\n  \"format\": \"backwalk\",\n  \"version\": 2,\n", "ends early"),
            (b"{\"format\": \"backwalk\", oops}", "line 1 column 24"),
            (b"{\"format\": \"backwalk\", \"version\": 9, \"shape\": \"new\"}", "newer backwalk"),
            (b"[1, 2]", "not a valid backwalk store"),
            (b"{\"format\": \"other\", \"version\": 1}", "format is 'other'"),
            (
                b"{\"format\":\"backwalk\",\"version\":2,\"next_id\":1,\"goals\":[{\"from\":null,\"minutes\":{\"min\":0,\"max\":0},\"steps\":null,\"weight_kg\":null}],\"timer\":null,\"sessions\":[]}",
                "goals[0]: minutes range 0-0",
            ),
            (
                b"{\"format\":\"backwalk\",\"version\":2,\"next_id\":1,\"goals\":[{\"from\":null,\"minutes\":{\"min\":5,\"max\":10},\"steps\":null,\"weight_kg\":-70}],\"timer\":null,\"sessions\":[]}",
                "weight_kg -70",
            ),
        ];
        for (bytes, expected) in cases {
            let message = decode(bytes).unwrap_err();
            assert!(message.contains(expected), "{message}");
        }
    }
}
