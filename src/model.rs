//! The values backwalk keeps: sessions, surfaces, targets, the timer, the
//! undo history, and the store document that holds them. Every rule of the
//! product contract that a value must obey lives beside its type.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The store document's format marker and current version.
pub const FORMAT: &str = "backwalk";
pub const VERSION: u32 = 1;
/// How many changes `undo` can revert.
pub const UNDO_DEPTH: usize = 20;

pub const MAX_STEPS: u32 = 100_000;
pub const MAX_INCLINE_PERCENT: f64 = 40.0;
pub const MAX_NOTE_CHARS: usize = 500;

/// Where a walk took place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Surface {
    Treadmill,
    Track,
    Grass,
    Sand,
    Trail,
    Pavement,
    Indoor,
    Other,
}

impl Surface {
    pub const ALL: [Surface; 8] = [
        Surface::Treadmill,
        Surface::Track,
        Surface::Grass,
        Surface::Sand,
        Surface::Trail,
        Surface::Pavement,
        Surface::Indoor,
        Surface::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Surface::Treadmill => "treadmill",
            Surface::Track => "track",
            Surface::Grass => "grass",
            Surface::Sand => "sand",
            Surface::Trail => "trail",
            Surface::Pavement => "pavement",
            Surface::Indoor => "indoor",
            Surface::Other => "other",
        }
    }
}

impl fmt::Display for Surface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Surface {
    type Err = String;

    /// Case-insensitive; a wrong name gets the list and the nearest name.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let wanted = input.trim().to_ascii_lowercase();
        if let Some(surface) = Surface::ALL.into_iter().find(|s| s.name() == wanted) {
            return Ok(surface);
        }
        let names: Vec<&str> = Surface::ALL.iter().map(|s| s.name()).collect();
        let nearest = Surface::ALL
            .iter()
            .map(|s| (edit_distance(&wanted, s.name()), s.name()))
            .min()
            .filter(|(distance, _)| *distance <= 3)
            .map(|(_, name)| format!(" (did you mean '{name}'?)"))
            .unwrap_or_default();
        Err(format!(
            "unknown surface '{input}'{nearest}; accepted: {}",
            names.join(", ")
        ))
    }
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The length of a walk: 1 second to 24 hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct WalkDuration(u32);

impl WalkDuration {
    pub const MAX_SECONDS: u32 = 24 * 60 * 60;

    pub fn from_seconds(seconds: u64) -> Result<Self, String> {
        match u32::try_from(seconds) {
            Ok(s) if (1..=Self::MAX_SECONDS).contains(&s) => Ok(WalkDuration(s)),
            _ if seconds == 0 => Err("a walk lasts at least 1 second".into()),
            _ => Err("a walk lasts at most 24 hours".into()),
        }
    }

    pub fn seconds(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for WalkDuration {
    type Error = String;
    fn try_from(seconds: u32) -> Result<Self, String> {
        WalkDuration::from_seconds(seconds.into())
    }
}

impl From<WalkDuration> for u32 {
    fn from(duration: WalkDuration) -> u32 {
        duration.0
    }
}

pub fn check_steps(steps: u32) -> Result<u32, String> {
    if steps <= MAX_STEPS {
        Ok(steps)
    } else {
        Err(format!("steps must be 0 to {MAX_STEPS}, not {steps}"))
    }
}

pub fn check_incline(percent: f64) -> Result<f64, String> {
    if percent.is_finite() && (0.0..=MAX_INCLINE_PERCENT).contains(&percent) {
        Ok(percent)
    } else {
        Err(format!(
            "incline must be a percentage from 0 to {MAX_INCLINE_PERCENT}, not {percent}"
        ))
    }
}

pub fn check_note(note: &str) -> Result<(), String> {
    let chars = note.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(format!(
            "a note holds at most {MAX_NOTE_CHARS} characters; this one has {chars}"
        ));
    }
    if let Some(c) = note.chars().find(|c| c.is_control()) {
        return Err(format!(
            "a note may not contain control characters (found U+{:04X}); use one line of plain text",
            c as u32
        ));
    }
    Ok(())
}

/// One walk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: u64,
    #[serde(with = "rfc3339")]
    pub start: DateTime<FixedOffset>,
    pub duration_seconds: WalkDuration,
    pub steps: Option<u32>,
    pub surface: Surface,
    pub incline_percent: Option<f64>,
    pub note: Option<String>,
}

impl Session {
    pub fn end(&self) -> DateTime<FixedOffset> {
        self.start + chrono::Duration::seconds(self.duration_seconds.seconds().into())
    }

    pub fn seconds(&self) -> u64 {
        self.duration_seconds.seconds().into()
    }

    /// The rules a stored or imported session must obey beyond its types.
    pub fn check(&self) -> Result<(), String> {
        if let Some(steps) = self.steps {
            check_steps(steps)?;
        }
        if let Some(incline) = self.incline_percent {
            check_incline(incline)?;
        }
        if let Some(note) = &self.note {
            check_note(note)?;
        }
        Ok(())
    }
}

/// A low–high target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub min: u32,
    pub max: u32,
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", self.min, self.max)
    }
}

/// The person's targets, kept in the store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub minutes: Range,
    pub steps: Range,
    pub weight_kg: Option<f64>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            minutes: Range { min: 5, max: 10 },
            steps: Range { min: 200, max: 400 },
            weight_kg: None,
        }
    }
}

/// A walk being timed by `start`, finished by `stop`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timer {
    #[serde(with = "rfc3339")]
    pub start: DateTime<FixedOffset>,
    pub surface: Surface,
    pub note: Option<String>,
}

/// What `undo` must do to revert one change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "revert", rename_all = "snake_case")]
pub enum Change {
    /// Sessions were added (log, import): remove them.
    Added { ids: Vec<u64> },
    /// Sessions were removed (rm): put them back.
    Removed { sessions: Vec<Session> },
    /// A session was edited: restore it.
    Edited { before: Session },
    /// A timer was stopped into a session: remove it, run the timer again.
    Stopped { id: u64, timer: Timer },
    /// The targets changed: restore them.
    Goals { before: Settings },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UndoEntry {
    /// What the change was, in words: "log #12", "rm #3 #4".
    pub what: String,
    pub change: Change,
}

/// The whole store file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub format: String,
    pub version: u32,
    pub next_id: u64,
    pub settings: Settings,
    pub timer: Option<Timer>,
    #[serde(default)]
    pub undo: Vec<UndoEntry>,
    /// Kept in time order (start, then id).
    pub sessions: Vec<Session>,
}

impl Default for Document {
    fn default() -> Self {
        Document {
            format: FORMAT.into(),
            version: VERSION,
            next_id: 1,
            settings: Settings::default(),
            timer: None,
            undo: Vec::new(),
            sessions: Vec::new(),
        }
    }
}

/// The ids met so far: a bit per possible id when ids are dense, as they
/// are in any store backwalk wrote, else a hash set.
enum SeenIds {
    Bits(Vec<u64>),
    Set(std::collections::HashSet<u64>),
}

impl SeenIds {
    fn new(next_id: u64, count: usize) -> SeenIds {
        match usize::try_from(next_id) {
            Ok(ids) if ids / 64 <= count + 1 => SeenIds::Bits(vec![0; ids / 64 + 1]),
            _ => SeenIds::Set(std::collections::HashSet::with_capacity(count)),
        }
    }

    /// False when `id` was met before.
    fn insert(&mut self, id: u64) -> bool {
        match self {
            SeenIds::Bits(words) => {
                let Some(word) = usize::try_from(id / 64).ok().and_then(|i| words.get_mut(i)) else {
                    return true; // beyond next_id: the caller rejects it
                };
                let bit = 1 << (id % 64);
                let new = *word & bit == 0;
                *word |= bit;
                new
            }
            SeenIds::Set(set) => set.insert(id),
        }
    }
}

/// A session before the store gives it an id.
#[derive(Clone, Debug, PartialEq)]
pub struct NewSession {
    pub start: DateTime<FixedOffset>,
    pub duration: WalkDuration,
    pub steps: Option<u32>,
    pub surface: Surface,
    pub incline_percent: Option<f64>,
    pub note: Option<String>,
}

impl Document {
    /// Checks what serde cannot: unique ids below `next_id`, value ranges.
    /// Sorts the sessions if a hand edit left them out of order.
    pub fn check(&mut self) -> Result<(), String> {
        let mut seen = SeenIds::new(self.next_id, self.sessions.len());
        for session in &self.sessions {
            if !seen.insert(session.id) {
                return Err(format!("session id {} appears twice", session.id));
            }
            if session.id >= self.next_id {
                return Err(format!(
                    "session id {} is not below next_id {}",
                    session.id, self.next_id
                ));
            }
            session
                .check()
                .map_err(|e| format!("session id {}: {e}", session.id))?;
        }
        if !self.sessions.is_sorted_by_key(|s| (s.start, s.id)) {
            self.sessions.sort_by_key(|s| (s.start, s.id));
        }
        Ok(())
    }

    /// Adds a session with the next id, keeping time order.
    pub fn add(&mut self, new: NewSession) -> Session {
        let session = Session {
            id: self.next_id,
            start: new.start,
            duration_seconds: new.duration,
            steps: new.steps,
            surface: new.surface,
            incline_percent: new.incline_percent,
            // An empty note is no note: CSV cannot tell the two apart.
            note: new.note.filter(|note| !note.is_empty()),
        };
        self.next_id += 1;
        self.insert(session.clone());
        session
    }

    fn insert(&mut self, session: Session) {
        let key = (session.start, session.id);
        let at = self.sessions.partition_point(|s| (s.start, s.id) < key);
        self.sessions.insert(at, session);
    }

    pub fn get(&self, id: u64) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }

    /// Replaces the session with the same id, keeping time order.
    pub fn replace(&mut self, session: Session) -> Option<Session> {
        let index = self.sessions.iter().position(|s| s.id == session.id)?;
        let before = self.sessions.remove(index);
        self.insert(session);
        Some(before)
    }

    /// Removes every listed id, or none when one is unknown.
    pub fn remove(&mut self, ids: &[u64]) -> Result<Vec<Session>, u64> {
        if let Some(missing) = ids.iter().find(|id| self.get(**id).is_none()) {
            return Err(*missing);
        }
        let (removed, kept) = std::mem::take(&mut self.sessions)
            .into_iter()
            .partition(|s| ids.contains(&s.id));
        self.sessions = kept;
        Ok(removed)
    }

    /// The surface of the most recently logged session still kept.
    pub fn last_surface(&self) -> Option<Surface> {
        self.sessions.iter().max_by_key(|s| s.id).map(|s| s.surface)
    }

    /// Remembers a change so `undo` can revert it; keeps the last 20.
    pub fn record(&mut self, what: String, change: Change) {
        self.undo.push(UndoEntry { what, change });
        if self.undo.len() > UNDO_DEPTH {
            let excess = self.undo.len() - UNDO_DEPTH;
            self.undo.drain(..excess);
        }
    }

    /// Reverts the latest recorded change; returns what it was.
    pub fn undo_latest(&mut self) -> Option<String> {
        let entry = self.undo.pop()?;
        match entry.change {
            Change::Added { ids } => {
                self.sessions.retain(|s| !ids.contains(&s.id));
            }
            Change::Removed { sessions } => {
                for session in sessions {
                    self.insert(session);
                }
            }
            Change::Edited { before } => {
                self.replace(before);
            }
            Change::Stopped { id, timer } => {
                self.sessions.retain(|s| s.id != id);
                self.timer = Some(timer);
            }
            Change::Goals { before } => self.settings = before,
        }
        Some(entry.what)
    }
}

/// RFC 3339 with the offset, whole seconds unless the value has a fraction.
pub mod rfc3339 {
    use chrono::{DateTime, Datelike, FixedOffset, SecondsFormat, Timelike};
    use serde::{Deserializer, Serializer};

    /// An offset with seconds (a zone's old local mean time, Berlin's
    /// +00:53:28 before 1893) is written in the nearest whole minute, the
    /// most RFC 3339 holds, with the time moved to match: the instant stays.
    pub fn format(t: &DateTime<FixedOffset>) -> String {
        let mut text = Vec::with_capacity(25);
        write(&mut text, t).expect("writing to memory");
        String::from_utf8(text).expect("ASCII")
    }

    /// Writes `t` as `format` does, without allocating in the usual case
    /// (whole seconds, a year of four digits): it runs for every session
    /// of an export.
    pub fn write(out: &mut impl std::io::Write, t: &DateTime<FixedOffset>) -> std::io::Result<()> {
        let seconds = t.offset().local_minus_utc();
        let minutes = (seconds + 30 * seconds.signum()) / 60;
        let t = match FixedOffset::east_opt(minutes * 60) {
            Some(whole) if seconds % 60 != 0 => t.with_timezone(&whole),
            _ => *t,
        };
        let local = t.naive_local();
        if t.nanosecond() != 0 || !(0..=9999).contains(&local.year()) {
            return out.write_all(t.to_rfc3339_opts(SecondsFormat::AutoSi, false).as_bytes());
        }
        let offset = t.offset().local_minus_utc() / 60;
        let mut text = *b"0000-00-00T00:00:00+00:00";
        let mut put = |at: usize, width: usize, mut value: u32| {
            for i in (at..at + width).rev() {
                text[i] = b'0' + (value % 10) as u8;
                value /= 10;
            }
        };
        put(0, 4, local.year() as u32);
        put(5, 2, local.month());
        put(8, 2, local.day());
        put(11, 2, local.hour());
        put(14, 2, local.minute());
        put(17, 2, local.second());
        put(20, 2, offset.unsigned_abs() / 60);
        put(23, 2, offset.unsigned_abs() % 60);
        if offset < 0 {
            text[19] = b'-';
        }
        out.write_all(&text)
    }

    pub fn serialize<S: Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format(t))
    }

    /// Parses the text where it lies: a `Cow<str>` would copy every time
    /// of the store into a new `String` first.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        d.deserialize_str(Rfc3339Visitor)
    }

    struct Rfc3339Visitor;

    impl serde::de::Visitor<'_> for Rfc3339Visitor {
        type Value = DateTime<FixedOffset>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an RFC 3339 time string")
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
            DateTime::parse_from_rfc3339(text)
                .map_err(|e| E::custom(format!("'{text}' is not an RFC 3339 time: {e}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn offsets_with_seconds_are_written_in_whole_minutes_at_the_same_instant() {
        for (offset, written) in [
            (3208, "1880-06-01T11:59:32+00:53"),
            (-2670, "1880-06-01T11:59:30-00:45"),
            (-17_065, "1880-06-01T12:00:25-04:44"),
        ] {
            let zone = FixedOffset::east_opt(offset).unwrap();
            let local = chrono::NaiveDate::from_ymd_opt(1880, 6, 1)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap();
            let start = local.and_local_timezone(zone).unwrap();
            let text = rfc3339::format(&start);
            assert_eq!(text, written);
            assert_eq!(at(&text), start);
        }
        assert_eq!(
            rfc3339::format(&at("2026-11-21T18:30:00.5+05:45")),
            "2026-11-21T18:30:00.500+05:45"
        );
    }

    fn walk(start: &str, minutes: u64) -> NewSession {
        NewSession {
            start: at(start),
            duration: WalkDuration::from_seconds(minutes * 60).unwrap(),
            steps: Some(300),
            surface: Surface::Grass,
            incline_percent: None,
            note: None,
        }
    }

    #[test]
    fn surface_names_are_case_insensitive_and_wrong_ones_suggest_the_nearest() {
        assert_eq!("GRASS".parse::<Surface>(), Ok(Surface::Grass));
        assert_eq!(" Treadmill ".parse::<Surface>(), Ok(Surface::Treadmill));
        let err = "gras".parse::<Surface>().unwrap_err();
        assert!(err.contains("did you mean 'grass'"), "{err}");
        assert!(err.contains("treadmill, track, grass, sand, trail, pavement, indoor, other"));
        let err = "zzzzzzzzzz".parse::<Surface>().unwrap_err();
        assert!(!err.contains("did you mean"), "{err}");
    }

    #[test]
    fn durations_hold_one_second_to_a_day() {
        assert!(WalkDuration::from_seconds(0).is_err());
        assert_eq!(WalkDuration::from_seconds(1).unwrap().seconds(), 1);
        assert_eq!(WalkDuration::from_seconds(86_400).unwrap().seconds(), 86_400);
        assert!(WalkDuration::from_seconds(86_401).is_err());
        assert!(WalkDuration::from_seconds(u64::MAX).is_err());
        assert!(serde_json::from_str::<WalkDuration>("0").is_err());
    }

    #[test]
    fn value_rules() {
        assert!(check_steps(100_000).is_ok());
        assert!(check_steps(100_001).is_err());
        assert!(check_incline(40.0).is_ok());
        assert!(check_incline(40.5).is_err());
        assert!(check_incline(-1.0).is_err());
        assert!(check_incline(f64::NAN).is_err());
        assert!(check_note(&"é".repeat(500)).is_ok());
        assert!(check_note(&"a".repeat(501)).is_err());
        assert!(check_note("two\nlines").is_err());
        assert!(check_note("tab\there").is_err());
    }

    #[test]
    fn ids_increase_and_are_never_reused() {
        let mut doc = Document::default();
        let first = doc.add(walk("2026-11-20T08:00:00+01:00", 8));
        let second = doc.add(walk("2026-11-19T08:00:00+01:00", 6));
        assert_eq!((first.id, second.id), (1, 2));
        // time order, not id order
        assert_eq!(doc.sessions[0].id, 2);
        doc.remove(&[2]).unwrap();
        assert_eq!(doc.add(walk("2026-11-21T08:00:00+01:00", 5)).id, 3);
    }

    #[test]
    fn remove_is_all_or_nothing() {
        let mut doc = Document::default();
        doc.add(walk("2026-11-20T08:00:00+01:00", 8));
        doc.add(walk("2026-11-21T08:00:00+01:00", 8));
        assert_eq!(doc.remove(&[1, 9]), Err(9));
        assert_eq!(doc.sessions.len(), 2);
        assert_eq!(doc.remove(&[1, 2]).unwrap().len(), 2);
        assert!(doc.sessions.is_empty());
    }

    #[test]
    fn undo_reverts_each_kind_of_change_and_keeps_twenty() {
        let mut doc = Document::default();
        let s = doc.add(walk("2026-11-20T08:00:00+01:00", 8));
        doc.record("log #1".into(), Change::Added { ids: vec![s.id] });
        let mut edited = s.clone();
        edited.steps = None;
        let before = doc.replace(edited).unwrap();
        doc.record("edit #1".into(), Change::Edited { before });
        let removed = doc.remove(&[1]).unwrap();
        doc.record("rm #1".into(), Change::Removed { sessions: removed });
        assert!(doc.sessions.is_empty());

        assert_eq!(doc.undo_latest().as_deref(), Some("rm #1"));
        assert_eq!(doc.sessions[0].steps, None);
        assert_eq!(doc.undo_latest().as_deref(), Some("edit #1"));
        assert_eq!(doc.sessions[0].steps, Some(300));
        assert_eq!(doc.undo_latest().as_deref(), Some("log #1"));
        assert!(doc.sessions.is_empty());
        assert_eq!(doc.undo_latest(), None);
        assert_eq!(doc.next_id, 2, "an undone log does not give its id back");

        for n in 0..25 {
            doc.record(
                format!("goals {n}"),
                Change::Goals {
                    before: Settings::default(),
                },
            );
        }
        assert_eq!(doc.undo.len(), UNDO_DEPTH);
        assert_eq!(doc.undo[0].what, "goals 5");
    }

    #[test]
    fn check_rejects_duplicate_ids_and_sorts() {
        let mut doc = Document::default();
        doc.add(walk("2026-11-20T08:00:00+01:00", 8));
        doc.add(walk("2026-11-21T08:00:00+01:00", 8));
        doc.sessions.reverse();
        doc.check().unwrap();
        assert_eq!(doc.sessions[0].id, 1);
        doc.sessions[1].id = 1;
        assert!(doc.check().unwrap_err().contains("twice"));
    }

    #[test]
    fn times_are_written_as_chrono_writes_them() {
        use chrono::{SecondsFormat, TimeZone};
        for (offset, seconds) in [
            (0, 0),
            (3600, 1_700_000_000),
            (-18_000, 86_399),
            (19_800, -2_000_000_000),
            (-3600 * 9 - 1800, 253_402_300_799),
        ] {
            let zone = FixedOffset::east_opt(offset).unwrap();
            let t = zone.timestamp_opt(seconds, 0).unwrap();
            assert_eq!(
                rfc3339::format(&t),
                t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
            );
        }
        let fraction = DateTime::parse_from_rfc3339("2026-11-21T08:00:00.25+01:00").unwrap();
        assert_eq!(rfc3339::format(&fraction), "2026-11-21T08:00:00.250+01:00");
        let early = DateTime::parse_from_rfc3339("0999-01-02T03:04:05-00:30").unwrap();
        assert_eq!(rfc3339::format(&early), "0999-01-02T03:04:05-00:30");
    }

    #[test]
    fn duplicate_ids_are_found_whether_ids_are_dense_or_sparse() {
        for next_id in [10, u64::MAX] {
            let mut seen = SeenIds::new(next_id, 3);
            assert!(seen.insert(1) && seen.insert(9) && seen.insert(0));
            assert!(!seen.insert(9));
        }
    }
}
