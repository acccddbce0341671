//! The values backwalk keeps: sessions, surfaces, targets and their
//! history, the timer, the undo and redo history, and the store document
//! that holds them. Every rule of the product contract that a value must
//! obey lives beside its type.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::morning::Morning;

/// The store document's format marker and current version.
pub const FORMAT: &str = "backwalk";
/// Version 3 added the weekly rhythm (`days_per_week` in a goals entry)
/// and the next-morning records: a backwalk that reads only version 2
/// would drop them on its next write, so it must refuse the file instead.
pub const VERSION: u32 = 3;
/// How many changes `undo` can revert (and `redo` re-apply).
pub const UNDO_DEPTH: usize = 20;

pub const MAX_STEPS: u32 = 100_000;
pub const MAX_INCLINE_PERCENT: f64 = 40.0;
pub const MAX_NOTE_CHARS: usize = 500;
pub const MAX_PAIN: u8 = 10;
/// The bounds of the targets a person may set.
pub const MINUTES_BOUNDS: Range = Range { min: 1, max: 240 };
pub const STEPS_BOUNDS: Range = Range { min: 1, max: 100_000 };
pub const WEIGHT_KG_BOUNDS: (f64, f64) = (20.0, 400.0);

/// Fields a newer backwalk (or a person) added that this one does not
/// know: kept as they are.
pub type Extra = serde_json::Map<String, serde_json::Value>;

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

    pub fn names() -> String {
        Surface::ALL.map(Surface::name).join(", ")
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
        let nearest = nearest(&wanted, Surface::ALL.map(Surface::name))
            .map(|name| format!(" (did you mean '{name}'?)"))
            .unwrap_or_default();
        Err(format!(
            "unknown surface '{input}'{nearest}; accepted: {}",
            Surface::names()
        ))
    }
}

/// The candidate closest to `input` by edit distance, when it is close
/// enough to be what was meant; else the one `input` abbreviates (`grs`
/// for `grass`), when only one does.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let limit = (input.chars().count() / 3).clamp(1, 3);
    let closest = candidates
        .iter()
        .map(|c| (edit_distance(input, c), *c))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, c)| c);
    closest.or_else(|| {
        let mut abbreviated = candidates.iter().filter(|c| abbreviates(input, c));
        match (abbreviated.next(), abbreviated.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
}

/// Whether `short` (three letters or more) keeps the first letter of
/// `word` and the order of its letters.
fn abbreviates(short: &str, word: &str) -> bool {
    let mut letters = word.chars();
    short.chars().count() >= 3
        && short.chars().next() == word.chars().next()
        && short.chars().all(|c| letters.any(|w| w == c))
}

/// Optimal string alignment distance: Levenshtein, with a swap of two
/// neighbouring letters counting as one edit (`nvo` is 1 from `nov`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
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

pub fn check_pain(pain: u8) -> Result<u8, String> {
    if pain <= MAX_PAIN {
        Ok(pain)
    } else {
        Err(format!(
            "pain must be a whole number from 0 (none) to {MAX_PAIN} (worst), not {pain}"
        ))
    }
}

/// Characters that reorder the text around them on screen (U+202A–U+202E,
/// U+2066–U+2069): a note holding one could make a line read as something
/// it is not.
pub fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A note as given on input: a stored note's rules, and no
/// bidirectional overrides.
pub fn check_note(note: &str) -> Result<(), String> {
    check_stored_note(note)?;
    if let Some(c) = note.chars().find(|c| is_bidi_override(*c)) {
        return Err(format!(
            "a note may not contain bidirectional-override characters (found U+{:04X}): \
             they reorder the text on screen; use plain text",
            c as u32
        ));
    }
    Ok(())
}

/// A note as stored: older versions accepted bidirectional overrides, so
/// a store holding one still loads (screens show them escaped).
fn check_stored_note(note: &str) -> Result<(), String> {
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

/// A time in the years RFC 3339 can write (1 to 9999), as written.
fn check_year(t: &DateTime<FixedOffset>, what: &str) -> Result<(), String> {
    if crate::clock::YEARS.contains(&t.year()) {
        Ok(())
    } else {
        Err(format!("{what} {} is outside the years 1-9999", t.to_rfc3339()))
    }
}

/// One walk.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub id: u64,
    pub start: DateTime<FixedOffset>,
    pub duration_seconds: WalkDuration,
    pub steps: Option<u32>,
    pub surface: Surface,
    pub incline_percent: Option<f64>,
    /// How the body felt after the walk: 0 (none) to 10 (worst).
    pub pain: Option<u8>,
    pub note: Option<String>,
    /// Which walk this is across devices, whatever its id becomes: made
    /// from the id, start and length it was logged with, then kept.
    pub uid: u64,
    pub extra: Extra,
}

/// A walk's lasting identity, from what it was logged with (so the same
/// version-1 store gets the same identities on every device).
pub fn uid_of(id: u64, start: &DateTime<FixedOffset>, duration: WalkDuration) -> u64 {
    // splitmix64 over the three: stable across versions and platforms.
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    [
        id,
        // The bits as they are: a time before 1970 hashes as well as any.
        start.timestamp().cast_unsigned(),
        u64::from(start.timestamp_subsec_nanos()),
        u64::from(duration.seconds()),
    ]
    .iter()
    .fold(0x9e37_79b9_7f4a_7c15, |hash, part| {
        mix(hash ^ part).wrapping_add(0x9e37_79b9_7f4a_7c15)
    })
}

impl Session {
    pub fn from_new(id: u64, new: NewSession) -> Session {
        Session {
            uid: uid_of(id, &new.start, new.duration),
            id,
            start: new.start,
            duration_seconds: new.duration,
            steps: new.steps,
            surface: new.surface,
            incline_percent: new.incline_percent,
            pain: new.pain,
            // An empty note is no note: CSV cannot tell the two apart.
            note: new.note.filter(|note| !note.is_empty()),
            extra: Extra::new(),
        }
    }

    pub fn end(&self) -> DateTime<FixedOffset> {
        self.start + chrono::Duration::seconds(self.duration_seconds.seconds().into())
    }

    pub fn seconds(&self) -> u64 {
        self.duration_seconds.seconds().into()
    }

    /// The walk as new, without its id (what an import compares).
    pub fn as_new(&self) -> NewSession {
        NewSession {
            start: self.start,
            duration: self.duration_seconds,
            steps: self.steps,
            surface: self.surface,
            incline_percent: self.incline_percent,
            pain: self.pain,
            note: self.note.clone(),
        }
    }

    /// The rules a stored or imported session must obey beyond its types.
    pub fn check(&self) -> Result<(), String> {
        check_year(&self.start, "start")?;
        check_year(&self.end(), "end")?;
        if let Some(steps) = self.steps {
            check_steps(steps)?;
        }
        if let Some(incline) = self.incline_percent {
            check_incline(incline)?;
        }
        if let Some(pain) = self.pain {
            check_pain(pain)?;
        }
        if let Some(note) = &self.note {
            check_stored_note(note)?;
        }
        Ok(())
    }

    /// True when the half-open spans `[start, end)` share a moment.
    pub fn overlaps(&self, start: DateTime<FixedOffset>, end: DateTime<FixedOffset>) -> bool {
        self.start < end && start < self.end()
    }
}

impl Serialize for Session {
    /// The store's form: a field without a value is left out, and so is
    /// the lasting identity while it is the one the walk was logged with,
    /// so a decade of walks stays a small file to copy on every save.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("start", &rfc3339::format(&self.start))?;
        map.serialize_entry("duration_seconds", &self.duration_seconds)?;
        if let Some(steps) = self.steps {
            map.serialize_entry("steps", &steps)?;
        }
        map.serialize_entry("surface", &self.surface)?;
        if let Some(incline) = self.incline_percent {
            map.serialize_entry("incline_percent", &incline)?;
        }
        if let Some(pain) = self.pain {
            map.serialize_entry("pain", &pain)?;
        }
        if let Some(note) = &self.note {
            map.serialize_entry("note", note)?;
        }
        if self.uid != uid_of(self.id, &self.start, self.duration_seconds) {
            map.serialize_entry("uid", &format!("{:016x}", self.uid))?;
        }
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Session {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Session, D::Error> {
        d.deserialize_map(SessionVisitor)
    }
}

struct SessionVisitor;

impl<'de> Visitor<'de> for SessionVisitor {
    type Value = Session;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a session object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Session, A::Error> {
        fn once<T, E: de::Error>(slot: &mut Option<T>, value: T, key: &'static str) -> Result<(), E> {
            if slot.replace(value).is_some() {
                return Err(E::duplicate_field(key));
            }
            Ok(())
        }
        let mut id = None;
        let mut start = None;
        let mut duration = None;
        let (mut steps, mut surface, mut incline, mut pain, mut note) = (None, None, None, None, None);
        let mut uid: Option<u64> = None;
        let mut extra = Extra::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "id" => once(&mut id, map.next_value::<u64>()?, "id")?,
                "start" => once(&mut start, map.next_value::<rfc3339::Parsed>()?.0, "start")?,
                "duration_seconds" => once(
                    &mut duration,
                    map.next_value::<WalkDuration>()?,
                    "duration_seconds",
                )?,
                "steps" => once(&mut steps, map.next_value::<Option<u32>>()?, "steps")?,
                "surface" => once(&mut surface, map.next_value::<Surface>()?, "surface")?,
                "incline_percent" => once(&mut incline, map.next_value::<Option<f64>>()?, "incline_percent")?,
                "pain" => once(&mut pain, map.next_value::<Option<u8>>()?, "pain")?,
                "note" => once(&mut note, map.next_value::<Option<String>>()?, "note")?,
                "uid" => {
                    let text = map.next_value::<std::borrow::Cow<'de, str>>()?;
                    let value = u64::from_str_radix(&text, 16)
                        .ok()
                        .filter(|_| text.len() == 16)
                        .ok_or_else(|| {
                            de::Error::custom(format!("uid '{text}' is not 16 hexadecimal digits"))
                        })?;
                    once(&mut uid, value, "uid")?;
                }
                other => {
                    let value = map.next_value::<serde_json::Value>()?;
                    if extra.insert(other.to_string(), value).is_some() {
                        return Err(de::Error::custom(format!("duplicate field `{other}`")));
                    }
                }
            }
        }
        let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        let start = start.ok_or_else(|| de::Error::missing_field("start"))?;
        let duration = duration.ok_or_else(|| de::Error::missing_field("duration_seconds"))?;
        Ok(Session {
            id,
            start,
            duration_seconds: duration,
            // A session written before identities were kept gets the one
            // it would have been given.
            uid: uid.unwrap_or_else(|| uid_of(id, &start, duration)),
            steps: steps.flatten(),
            surface: surface.ok_or_else(|| de::Error::missing_field("surface"))?,
            incline_percent: incline.flatten(),
            pain: pain.flatten(),
            note: note.flatten(),
            extra,
        })
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
    pub pain: Option<u8>,
    pub note: Option<String>,
}

impl NewSession {
    pub fn end(&self) -> DateTime<FixedOffset> {
        self.start + chrono::Duration::seconds(self.duration.seconds().into())
    }
}

/// A low–high target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub min: u32,
    pub max: u32,
}

impl Range {
    fn check(self, bounds: Range, what: &str) -> Result<(), String> {
        if self.min > self.max || self.min < bounds.min || self.max > bounds.max {
            return Err(format!(
                "{what} range {}-{} is not within {}-{} with low ≤ high",
                self.min, self.max, bounds.min, bounds.max
            ));
        }
        Ok(())
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", self.min, self.max)
    }
}

/// The targets from one day on (from the beginning for the first).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalEntry {
    /// The first day these targets apply; `None` for the first entry,
    /// which applies from the beginning of the history.
    pub from: Option<NaiveDate>,
    pub minutes: Range,
    /// `None` when the steps goal is off.
    pub steps: Option<Range>,
    /// The weekly rhythm: walk days a week (7: every day). Stores from
    /// before it was known have every day.
    #[serde(default = "every_day")]
    pub days_per_week: u8,
    pub weight_kg: Option<f64>,
    /// Fields this version does not know, kept as they are.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The weekly rhythm's bounds and default: walk days a week.
pub const DAYS_PER_WEEK_BOUNDS: (u8, u8) = (1, 7);

fn every_day() -> u8 {
    DAYS_PER_WEEK_BOUNDS.1
}

impl Default for GoalEntry {
    fn default() -> Self {
        GoalEntry {
            from: None,
            minutes: Range { min: 5, max: 10 },
            steps: Some(Range { min: 200, max: 400 }),
            days_per_week: every_day(),
            weight_kg: None,
            extra: Extra::new(),
        }
    }
}

impl GoalEntry {
    fn check(&self) -> Result<(), String> {
        self.minutes.check(MINUTES_BOUNDS, "minutes")?;
        if let Some(steps) = self.steps {
            steps.check(STEPS_BOUNDS, "steps")?;
        }
        let (fewest, most) = DAYS_PER_WEEK_BOUNDS;
        if !(fewest..=most).contains(&self.days_per_week) {
            return Err(format!(
                "days_per_week {} is not within {fewest}-{most}",
                self.days_per_week
            ));
        }
        if let Some(kg) = self.weight_kg {
            let (low, high) = WEIGHT_KG_BOUNDS;
            if !(low..=high).contains(&kg) {
                return Err(format!("weight_kg {kg} is not within {low}-{high}"));
            }
        }
        Ok(())
    }

    /// The longest walk that is not unusual on a day with these targets:
    /// 3 × the high end of the minutes range.
    pub fn plausible_seconds(&self) -> u64 {
        u64::from(self.minutes.max) * 3 * 60
    }
}

/// Every change of the targets, in date order: each applies from its day
/// until the next, so a change never rewrites the days before it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Goals(Vec<GoalEntry>);

impl Default for Goals {
    fn default() -> Self {
        Goals(vec![GoalEntry::default()])
    }
}

impl Goals {
    /// From entries as stored; `check` says whether they are well formed.
    pub fn from_entries(entries: Vec<GoalEntry>) -> Goals {
        Goals(entries)
    }

    pub fn entries(&self) -> &[GoalEntry] {
        &self.0
    }

    /// The targets in force on `date`.
    pub fn in_force(&self, date: NaiveDate) -> &GoalEntry {
        let after = self.0.partition_point(|e| e.from.is_none_or(|from| from <= date));
        &self.0[after.saturating_sub(1)]
    }

    /// Sets the targets from `date` on: a change made the same day
    /// replaces that day's entry; later entries (set with the clock moved
    /// back) are kept.
    pub fn set(&mut self, date: NaiveDate, mut entry: GoalEntry) {
        entry.from = Some(date);
        let at = self.0.partition_point(|e| e.from.is_none_or(|from| from < date));
        match self.0.get_mut(at) {
            Some(same) if same.from == Some(date) => *same = entry,
            _ => self.0.insert(at, entry),
        }
    }

    pub fn check(&self) -> Result<(), String> {
        let Some(first) = self.0.first() else {
            return Err("goals: at least one entry is needed".into());
        };
        if first.from.is_some() {
            return Err(
                "goals: the first entry must have \"from\": null (the targets from the beginning)".into(),
            );
        }
        for (index, entry) in self.0.iter().enumerate() {
            entry.check().map_err(|e| format!("goals[{index}]: {e}"))?;
            if index > 0 {
                let previous = self.0[index - 1].from;
                if entry.from.is_none() || entry.from <= previous {
                    return Err(format!(
                        "goals[{index}]: \"from\" must be a date after the entry before it"
                    ));
                }
                if let Some(from) = entry.from
                    && !crate::clock::YEARS.contains(&from.year())
                {
                    return Err(format!("goals[{index}]: {from} is outside the years 1-9999"));
                }
            }
        }
        Ok(())
    }
}

/// A walk being timed by `start`, finished by `stop`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timer {
    #[serde(with = "rfc3339")]
    pub start: DateTime<FixedOffset>,
    pub surface: Surface,
    pub note: Option<String>,
    /// Fields this version does not know, kept as they are.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Timer {
    fn check(&self) -> Result<(), String> {
        check_year(&self.start, "timer start")?;
        if let Some(note) = &self.note {
            check_stored_note(note).map_err(|e| format!("timer: {e}"))?;
        }
        Ok(())
    }
}

/// One step of reverting (or re-applying) a change. Applying an operation
/// gives the operation that takes it back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Take these sessions out.
    Remove { ids: Vec<u64> },
    /// Put these sessions in.
    Insert { sessions: Vec<Session> },
    /// Put these versions of sessions in place of the stored ones.
    Replace { sessions: Vec<Session> },
    /// Set the timer (or none).
    Timer { timer: Option<Timer> },
    /// Set the goals history.
    Goals { goals: Goals },
    /// Set the next-morning records.
    Mornings { mornings: Vec<Morning> },
}

/// A change that `undo` can revert (or `redo` re-apply).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UndoEntry {
    /// What the change was, in words: "log #12", "rm #3 #4".
    pub what: String,
    /// What to apply, in order, to revert it.
    pub ops: Vec<Op>,
}

/// The whole store.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub next_id: u64,
    pub goals: Goals,
    pub timer: Option<Timer>,
    pub undo: Vec<UndoEntry>,
    pub redo: Vec<UndoEntry>,
    /// Kept in time order (start, then id).
    pub sessions: Vec<Session>,
    /// The next-morning pain of walk days, in date order.
    pub mornings: Vec<Morning>,
    /// Top-level fields this version does not know, kept as they are.
    pub extra: Extra,
}

impl Default for Document {
    fn default() -> Self {
        Document {
            next_id: 1,
            goals: Goals::default(),
            timer: None,
            undo: Vec::new(),
            redo: Vec::new(),
            sessions: Vec::new(),
            mornings: Vec::new(),
            extra: Extra::new(),
        }
    }
}

/// The ids met so far: a bit per possible id when ids are dense, as they
/// are in any store backwalk wrote, else a hash set.
enum SeenIds {
    Bits(Vec<u64>),
    Set(HashSet<u64>),
}

impl SeenIds {
    fn new(next_id: u64, count: usize) -> SeenIds {
        match usize::try_from(next_id) {
            Ok(ids) if ids / 64 <= count + 1 => SeenIds::Bits(vec![0; ids / 64 + 1]),
            _ => SeenIds::Set(HashSet::with_capacity(count)),
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

/// Why a walk cannot be stored: it overlaps another or the running timer.
#[derive(Clone, Debug, PartialEq)]
pub enum Overlap {
    Session(Session),
    Timer(Timer),
    /// Another walk of the same import.
    Incoming(NewSession),
}

/// The first stored session (in time order, `sessions` sorted by start)
/// whose span shares a moment with `[start, end)`, other than `except`.
pub fn overlapping(
    sessions: &[Session],
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    except: Option<u64>,
) -> Option<&Session> {
    // No walk lasts more than a day, so only those that started in the
    // day before `start` can reach into it.
    let earliest = start - chrono::Duration::seconds(WalkDuration::MAX_SECONDS.into());
    let from = sessions.partition_point(|s| s.start <= earliest);
    sessions[from..]
        .iter()
        .take_while(|s| s.start < end)
        .find(|s| Some(s.id) != except && s.overlaps(start, end))
}

/// Refuses a walk spanning `[start, end)` that overlaps a stored walk
/// (other than `except`) or the running timer, from its start to `now`.
pub fn check_overlap(
    sessions: &[Session],
    timer: Option<&Timer>,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    except: Option<u64>,
) -> Result<(), Overlap> {
    if let Some(other) = overlapping(sessions, start, end, except) {
        return Err(Overlap::Session(other.clone()));
    }
    match timer {
        Some(timer) if start < now && timer.start < end => Err(Overlap::Timer(timer.clone())),
        _ => Ok(()),
    }
}

impl Document {
    /// Checks what serde cannot: unique ids below `next_id`, value ranges,
    /// goals, the timer and the undo history. Sorts the sessions if a
    /// hand edit left them out of order.
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
        self.goals.check()?;
        crate::morning::check(&self.mornings)?;
        if let Some(timer) = &self.timer {
            timer.check()?;
        }
        for (list, entries) in [("undo", &self.undo), ("redo", &self.redo)] {
            if entries.len() > UNDO_DEPTH {
                return Err(format!("{list} holds more than {UNDO_DEPTH} entries"));
            }
            for entry in entries {
                entry
                    .check()
                    .map_err(|e| format!("{list} entry '{}': {e}", entry.what))?;
            }
        }
        if !self.sessions.is_sorted_by_key(|s| (s.start, s.id)) {
            self.sessions.sort_by_key(|s| (s.start, s.id));
        }
        Ok(())
    }

    /// The next id, or an error when every id has been used.
    pub fn take_id(&mut self) -> Result<u64, String> {
        let id = self.next_id;
        self.next_id = id
            .checked_add(1)
            .ok_or("every session id has been used; no more walks can be stored")?;
        Ok(id)
    }

    /// Adds a walk with the next id, keeping time order, unless it
    /// overlaps a stored walk or the running timer (up to `now`).
    pub fn add(&mut self, new: NewSession, now: DateTime<FixedOffset>) -> Result<Session, AddError> {
        check_overlap(
            &self.sessions,
            self.timer.as_ref(),
            new.start,
            new.end(),
            now,
            None,
        )
        .map_err(AddError::Overlap)?;
        let id = self.take_id().map_err(AddError::Full)?;
        let session = Session::from_new(id, new);
        self.insert(session.clone());
        Ok(session)
    }

    fn insert(&mut self, session: Session) {
        let key = (session.start, session.id);
        let at = self.sessions.partition_point(|s| (s.start, s.id) < key);
        self.sessions.insert(at, session);
    }

    /// Adds many sessions, keeping time order: one sort and one merge,
    /// not an insertion each.
    pub fn insert_many(&mut self, mut sessions: Vec<Session>) {
        if sessions.len() < 8 {
            for s in sessions {
                self.insert(s);
            }
            return;
        }
        sessions.sort_by_key(|s| (s.start, s.id));
        let old = std::mem::take(&mut self.sessions);
        let mut merged = Vec::with_capacity(old.len() + sessions.len());
        let (mut a, mut b) = (old.into_iter().peekable(), sessions.into_iter().peekable());
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => (x.start, x.id) <= (y.start, y.id),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            merged.extend(if take_a { a.next() } else { b.next() });
        }
        self.sessions = merged;
    }

    pub fn get(&self, id: u64) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }

    /// The session that started most recently.
    pub fn latest(&self) -> Option<&Session> {
        self.sessions.last()
    }

    /// Replaces the sessions with the same ids, keeping time order;
    /// returns the versions replaced, or the first unknown id.
    pub fn replace(&mut self, sessions: Vec<Session>) -> Result<Vec<Session>, u64> {
        let positions: HashMap<u64, usize> =
            self.sessions.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        if let Some(missing) = sessions.iter().find(|s| !positions.contains_key(&s.id)) {
            return Err(missing.id);
        }
        let mut before = Vec::with_capacity(sessions.len());
        for session in sessions {
            let slot = &mut self.sessions[positions[&session.id]];
            before.push(std::mem::replace(slot, session));
        }
        if !self.sessions.is_sorted_by_key(|s| (s.start, s.id)) {
            self.sessions.sort_by_key(|s| (s.start, s.id));
        }
        Ok(before)
    }

    /// Removes every listed id, or none when one is unknown.
    pub fn remove(&mut self, ids: &[u64]) -> Result<Vec<Session>, u64> {
        let wanted: HashSet<u64> = ids.iter().copied().collect();
        let present: HashSet<u64> = self
            .sessions
            .iter()
            .filter(|s| wanted.contains(&s.id))
            .map(|s| s.id)
            .collect();
        if let Some(missing) = ids.iter().find(|id| !present.contains(id)) {
            return Err(*missing);
        }
        let (removed, kept) = std::mem::take(&mut self.sessions)
            .into_iter()
            .partition(|s| wanted.contains(&s.id));
        self.sessions = kept;
        Ok(removed)
    }

    /// The surface of the most recently logged session still kept.
    pub fn last_surface(&self) -> Option<Surface> {
        self.sessions.iter().max_by_key(|s| s.id).map(|s| s.surface)
    }

    /// Applies one operation; returns the one that takes it back.
    pub fn apply(&mut self, op: Op) -> Result<Op, String> {
        let no_session = |id: u64| format!("session #{id} is no longer in the store");
        Ok(match op {
            Op::Remove { ids } => {
                let removed = self.remove(&ids).map_err(no_session)?;
                Op::Insert { sessions: removed }
            }
            Op::Insert { sessions } => {
                let ids = sessions.iter().map(|s| s.id).collect();
                self.insert_many(sessions);
                Op::Remove { ids }
            }
            Op::Replace { sessions } => {
                let before = self.replace(sessions).map_err(no_session)?;
                Op::Replace { sessions: before }
            }
            Op::Timer { timer } => {
                if let (Some(running), Some(wanted)) = (&self.timer, &timer)
                    && running != wanted
                {
                    return Err(format!(
                        "it would restart a timer, but another one is running since {}; \
                         `backwalk stop` or `backwalk cancel` it first",
                        rfc3339::format(&running.start)
                    ));
                }
                Op::Timer {
                    timer: std::mem::replace(&mut self.timer, timer),
                }
            }
            Op::Goals { goals } => Op::Goals {
                goals: std::mem::replace(&mut self.goals, goals),
            },
            Op::Mornings { mornings } => Op::Mornings {
                mornings: std::mem::replace(&mut self.mornings, mornings),
            },
        })
    }

    /// Remembers a change so `undo` can revert it (keeping the last 20);
    /// a new change ends what `redo` could re-apply.
    pub fn record(&mut self, what: String, ops: Vec<Op>) {
        push_bounded(&mut self.undo, UndoEntry { what, ops });
        self.redo.clear();
    }

    /// Reverts the latest recorded change; returns what it was.
    pub fn undo(&mut self) -> Result<Option<String>, String> {
        self.step(true)
    }

    /// Re-applies the change the latest `undo` reverted.
    pub fn redo(&mut self) -> Result<Option<String>, String> {
        self.step(false)
    }

    fn step(&mut self, undo: bool) -> Result<Option<String>, String> {
        let from = if undo { &mut self.undo } else { &mut self.redo };
        let Some(entry) = from.pop() else { return Ok(None) };
        let mut back = Vec::with_capacity(entry.ops.len());
        for op in entry.ops {
            back.push(
                self.apply(op)
                    .map_err(|e| format!("cannot revert {}: {e}", entry.what))?,
            );
        }
        back.reverse();
        let to = if undo { &mut self.redo } else { &mut self.undo };
        push_bounded(
            to,
            UndoEntry {
                what: entry.what.clone(),
                ops: back,
            },
        );
        Ok(Some(entry.what))
    }
}

fn push_bounded(list: &mut Vec<UndoEntry>, entry: UndoEntry) {
    list.push(entry);
    if list.len() > UNDO_DEPTH {
        let excess = list.len() - UNDO_DEPTH;
        list.drain(..excess);
    }
}

impl UndoEntry {
    fn check(&self) -> Result<(), String> {
        for op in &self.ops {
            match op {
                Op::Insert { sessions } | Op::Replace { sessions } => {
                    sessions.iter().try_for_each(Session::check)?;
                }
                Op::Timer { timer: Some(timer) } => timer.check()?,
                Op::Goals { goals } => goals.check()?,
                Op::Mornings { mornings } => crate::morning::check(mornings)?,
                Op::Remove { .. } | Op::Timer { timer: None } => {}
            }
        }
        Ok(())
    }
}

/// Why `Document::add` refused a walk.
#[derive(Clone, Debug, PartialEq)]
pub enum AddError {
    Overlap(Overlap),
    /// Every id has been used.
    Full(String),
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
    /// (whole seconds, a year of four digits).
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
        put(0, 4, local.year().unsigned_abs());
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

    /// A time parsed from its RFC 3339 text, for `next_value`.
    pub struct Parsed(pub DateTime<FixedOffset>);

    impl<'de> serde::Deserialize<'de> for Parsed {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Parsed, D::Error> {
            deserialize(d).map(Parsed)
        }
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
pub(crate) mod tests {
    use super::*;

    pub(crate) fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    const NOW: &str = "2026-11-21T18:30:00+01:00";

    /// A 300-step walk on grass from `start` (RFC 3339).
    pub(crate) fn walk(start: &str, minutes: u64) -> NewSession {
        NewSession {
            start: at(start),
            duration: WalkDuration::from_seconds(minutes * 60).unwrap(),
            steps: Some(300),
            surface: Surface::Grass,
            incline_percent: None,
            pain: None,
            note: None,
        }
    }

    fn add(doc: &mut Document, start: &str, minutes: u64) -> Session {
        doc.add(walk(start, minutes), at(NOW)).unwrap()
    }

    #[test]
    fn offsets_with_seconds_are_written_in_whole_minutes_at_the_same_instant() {
        for (offset, written) in [
            (3208, "1880-06-01T11:59:32+00:53"),
            (-2670, "1880-06-01T11:59:30-00:45"),
            (-17_065, "1880-06-01T12:00:25-04:44"),
        ] {
            let zone = FixedOffset::east_opt(offset).unwrap();
            let local = NaiveDate::from_ymd_opt(1880, 6, 1)
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

    #[test]
    fn surface_names_are_case_insensitive_and_wrong_ones_suggest_the_nearest() {
        assert_eq!("GRASS".parse::<Surface>(), Ok(Surface::Grass));
        assert_eq!(" Treadmill ".parse::<Surface>(), Ok(Surface::Treadmill));
        let err = "gras".parse::<Surface>().unwrap_err();
        assert!(err.contains("did you mean 'grass'"), "{err}");
        assert!(err.contains("treadmill, track, grass, sand, trail, pavement, indoor, other"));
        let err = "zzzzzzzzzz".parse::<Surface>().unwrap_err();
        assert!(!err.contains("did you mean"), "{err}");
        // An abbreviation names the one surface it can stand for.
        let err = "pvmt".parse::<Surface>().unwrap_err();
        assert!(err.contains("did you mean 'pavement'"), "{err}");
        let err = "grs".parse::<Surface>().unwrap_err();
        assert!(err.contains("did you mean 'grass'"), "{err}");
        // `tr` is too short, and `tra` could be track or trail.
        for ambiguous in ["tr", "tra"] {
            let err = ambiguous.parse::<Surface>().unwrap_err();
            assert!(!err.contains("did you mean"), "{ambiguous}: {err}");
        }
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
        assert!(check_pain(10).is_ok());
        assert!(check_pain(11).is_err());
        assert!(check_note(&"é".repeat(500)).is_ok());
        assert!(check_note(&"a".repeat(501)).is_err());
        assert!(check_note("two\nlines").is_err());
        assert!(check_note("tab\there").is_err());
        assert!(check_note("esc\u{1b}[31m").is_err());
        let bidi = check_note("abc\u{202E}def").unwrap_err();
        assert!(bidi.contains("U+202E"), "{bidi}");
        assert!(check_note("x\u{2066}y").is_err());
    }

    #[test]
    fn sessions_keep_fields_they_do_not_know() {
        let line = r#"{"id":3,"start":"2026-11-20T07:30:00+01:00","duration_seconds":450,"steps":null,"surface":"grass","incline_percent":null,"note":"x","mood":{"a":[1,2]},"zz":true}"#;
        let session: Session = serde_json::from_str(line).unwrap();
        assert_eq!(session.pain, None, "a version-1 session has no pain");
        assert_eq!(session.extra["mood"], serde_json::json!({"a": [1, 2]}));
        let written = serde_json::to_string(&session).unwrap();
        assert_eq!(
            written,
            r#"{"id":3,"start":"2026-11-20T07:30:00+01:00","duration_seconds":450,"surface":"grass","note":"x","mood":{"a":[1,2]},"zz":true}"#,
            "empty fields and the identity it was logged with are left out"
        );
        let again: Session = serde_json::from_str(&written).unwrap();
        assert_eq!(again, session);
        // An identity that no longer follows from the walk (it was moved,
        // or renumbered by a merge) is kept.
        let moved = Session {
            start: session.start + chrono::Duration::hours(1),
            ..session.clone()
        };
        let written = serde_json::to_string(&moved).unwrap();
        assert!(
            written.contains(&format!("\"uid\":\"{:016x}\"", session.uid)),
            "{written}"
        );
        assert_eq!(serde_json::from_str::<Session>(&written).unwrap(), moved);
        for bad in [
            r#"{"id":1,"id":2,"start":"2026-11-20T07:30:00+01:00","duration_seconds":4,"surface":"grass"}"#,
            r#"{"id":1,"start":"2026-11-20T07:30:00+01:00","duration_seconds":0,"surface":"grass"}"#,
            r#"{"id":1,"start":"2026-11-20","duration_seconds":4,"surface":"grass"}"#,
            r#"{"id":1,"start":"2026-11-20T07:30:00+01:00","duration_seconds":4}"#,
        ] {
            assert!(serde_json::from_str::<Session>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn times_outside_years_1_to_9999_are_refused() {
        let mut doc = Document::default();
        let late = doc
            .add(
                walk("9999-12-31T23:55:00+00:00", 8),
                at("9999-12-31T23:59:00+00:00"),
            )
            .unwrap();
        assert!(late.check().unwrap_err().contains("end"));
        assert!(doc.check().is_err());
    }

    #[test]
    fn ids_increase_and_are_never_reused() {
        let mut doc = Document::default();
        let first = add(&mut doc, "2026-11-20T08:00:00+01:00", 8);
        let second = add(&mut doc, "2026-11-19T08:00:00+01:00", 6);
        assert_eq!((first.id, second.id), (1, 2));
        assert_eq!(doc.sessions[0].id, 2, "time order, not id order");
        doc.remove(&[2]).unwrap();
        assert_eq!(add(&mut doc, "2026-11-21T08:00:00+01:00", 5).id, 3);
        doc.next_id = u64::MAX;
        let full = doc.add(walk("2026-11-21T09:00:00+01:00", 5), at(NOW));
        assert!(matches!(full, Err(AddError::Full(_))), "{full:?}");
        assert_eq!(doc.next_id, u64::MAX);
    }

    #[test]
    fn overlaps_are_half_open_and_name_the_other_walk() {
        let mut doc = Document::default();
        add(&mut doc, "2026-11-20T07:00:00+01:00", 30);
        // Touching at 07:30 is not overlapping; starting at 07:29 is.
        add(&mut doc, "2026-11-20T07:30:00+01:00", 5);
        let refused = doc.add(walk("2026-11-20T07:29:00+01:00", 1), at(NOW));
        assert!(matches!(&refused, Err(AddError::Overlap(Overlap::Session(s))) if s.id == 1));
        // A walk of the day before that reaches past midnight.
        add(&mut doc, "2026-11-18T23:00:00+01:00", 120);
        let refused = doc.add(walk("2026-11-19T00:30:00+01:00", 5), at(NOW));
        assert!(matches!(&refused, Err(AddError::Overlap(Overlap::Session(s))) if s.id == 3));
        // The running timer, from its start to now.
        doc.timer = Some(Timer {
            start: at("2026-11-21T18:00:00+01:00"),
            surface: Surface::Track,
            note: None,
            extra: Extra::new(),
        });
        let refused = doc.add(walk("2026-11-21T18:22:00+01:00", 8), at(NOW));
        assert!(matches!(refused, Err(AddError::Overlap(Overlap::Timer(_)))));
        add(&mut doc, "2026-11-21T17:52:00+01:00", 8);
        assert_eq!(doc.sessions.len(), 4);
    }

    #[test]
    fn remove_is_all_or_nothing() {
        let mut doc = Document::default();
        add(&mut doc, "2026-11-20T08:00:00+01:00", 8);
        add(&mut doc, "2026-11-21T08:00:00+01:00", 8);
        assert_eq!(doc.remove(&[1, 9]), Err(9));
        assert_eq!(doc.sessions.len(), 2);
        assert_eq!(doc.remove(&[1, 2]).unwrap().len(), 2);
        assert!(doc.sessions.is_empty());
    }

    #[test]
    fn many_sessions_merge_in_time_order() {
        let mut doc = Document::default();
        for day in [2, 9, 16] {
            add(&mut doc, &format!("2026-11-{day:02}T08:00:00+01:00"), 8);
        }
        let incoming: Vec<Session> = (1..=20)
            .rev()
            .map(|day| {
                let id = doc.take_id().unwrap();
                Session::from_new(id, walk(&format!("2026-11-{day:02}T09:00:00+01:00"), 5))
            })
            .collect();
        doc.insert_many(incoming);
        assert_eq!(doc.sessions.len(), 23);
        assert!(doc.sessions.is_sorted_by_key(|s| (s.start, s.id)));
    }

    #[test]
    fn undo_and_redo_walk_the_history_both_ways() {
        let mut doc = Document::default();
        let s = add(&mut doc, "2026-11-20T08:00:00+01:00", 8);
        doc.record("log #1".into(), vec![Op::Remove { ids: vec![s.id] }]);
        let mut edited = s.clone();
        edited.steps = None;
        let before = doc.replace(vec![edited]).unwrap();
        doc.record("edit #1".into(), vec![Op::Replace { sessions: before }]);
        let removed = doc.remove(&[1]).unwrap();
        doc.record("rm #1".into(), vec![Op::Insert { sessions: removed }]);
        let after_rm = doc.clone();

        assert_eq!(doc.undo().unwrap().as_deref(), Some("rm #1"));
        assert_eq!(doc.sessions[0].steps, None);
        assert_eq!(doc.undo().unwrap().as_deref(), Some("edit #1"));
        assert_eq!(doc.sessions[0].steps, Some(300));
        assert_eq!(doc.undo().unwrap().as_deref(), Some("log #1"));
        assert!(doc.sessions.is_empty());
        assert_eq!(doc.undo().unwrap(), None);
        assert_eq!(doc.next_id, 2, "an undone log does not give its id back");

        for what in ["log #1", "edit #1", "rm #1"] {
            assert_eq!(doc.redo().unwrap().as_deref(), Some(what));
        }
        assert_eq!(doc.redo().unwrap(), None);
        assert_eq!(doc.sessions, after_rm.sessions);
        assert_eq!(doc.undo.len(), 3);

        // A new change ends what redo could re-apply.
        doc.undo().unwrap();
        assert_eq!(doc.redo.len(), 1);
        doc.record(
            "goals".into(),
            vec![Op::Goals {
                goals: Goals::default(),
            }],
        );
        assert!(doc.redo.is_empty());

        for n in 0..25 {
            doc.record(
                format!("goals {n}"),
                vec![Op::Goals {
                    goals: Goals::default(),
                }],
            );
        }
        assert_eq!(doc.undo.len(), UNDO_DEPTH);
        assert_eq!(doc.undo[0].what, "goals 5");
    }

    #[test]
    fn undoing_a_stop_never_restarts_over_a_running_timer() {
        let mut doc = Document::default();
        let timer = |start: &str| Timer {
            start: at(start),
            surface: Surface::Grass,
            note: None,
            extra: Extra::new(),
        };
        let s = add(&mut doc, "2026-11-20T08:00:00+01:00", 8);
        doc.record(
            "stop #1".into(),
            vec![
                Op::Remove { ids: vec![s.id] },
                Op::Timer {
                    timer: Some(timer("2026-11-20T08:00:00+01:00")),
                },
            ],
        );
        doc.timer = Some(timer("2026-11-21T09:00:00+01:00"));
        let before = doc.clone();
        assert!(doc.undo().unwrap_err().contains("another one is running"));
        // The caller writes nothing after an error; the document is left
        // for it to drop.
        doc = before;
        doc.timer = None;
        assert_eq!(doc.undo().unwrap().as_deref(), Some("stop #1"));
        assert!(doc.sessions.is_empty() && doc.timer.is_some());
        assert_eq!(doc.redo().unwrap().as_deref(), Some("stop #1"));
        assert!(doc.timer.is_none() && doc.sessions.len() == 1);
    }

    #[test]
    fn goals_apply_from_their_day() {
        let mut goals = Goals::default();
        let wider = GoalEntry {
            minutes: Range { min: 6, max: 12 },
            ..GoalEntry::default()
        };
        goals.set(date("2026-11-10"), wider.clone());
        assert_eq!(goals.in_force(date("2026-11-09")).minutes.max, 10);
        assert_eq!(goals.in_force(date("2026-11-10")).minutes.max, 12);
        assert_eq!(goals.in_force(date("2030-01-01")).minutes.max, 12);
        assert_eq!(goals.in_force(date("0001-01-01")).minutes.max, 10);
        // Twice the same day: the later setting replaces the earlier.
        goals.set(date("2026-11-10"), GoalEntry { steps: None, ..wider });
        assert_eq!(goals.entries().len(), 2);
        assert_eq!(goals.in_force(date("2026-11-11")).steps, None);
        goals.check().unwrap();
        let mut bad = goals.clone();
        bad.0[1].minutes = Range { min: 0, max: 0 };
        assert!(bad.check().unwrap_err().contains("goals[1]"));
        let mut bad = goals.clone();
        bad.0[1].weight_kg = Some(-70.0);
        assert!(bad.check().unwrap_err().contains("weight_kg"));
        let mut bad = goals;
        bad.0.swap(0, 1);
        assert!(bad.check().is_err());
    }

    #[test]
    fn check_rejects_duplicate_ids_and_sorts() {
        let mut doc = Document::default();
        add(&mut doc, "2026-11-20T08:00:00+01:00", 8);
        add(&mut doc, "2026-11-21T08:00:00+01:00", 8);
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
        let early = at("0999-01-02T03:04:05-00:30");
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
