//! One walk, as logged (`NewSession`) and as stored (`Session`, with its id
//! and lasting identity), and the store's compact JSON form of it.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::fields::{check_incline, check_pain, check_steps, check_stored_note, check_year};
use super::{Extra, Surface, WalkDuration, rfc3339};

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
        end_of(self.start, self.duration_seconds)
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
        let mut fields = SessionFields::default();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            fields.read(&key, &mut map)?;
        }
        fields.into_session()
    }
}

/// A session's fields as they are read, each at most once, in any order.
#[derive(Default)]
#[expect(
    clippy::option_option,
    reason = "a field given as null is seen (a second one is a duplicate) and has no value"
)]
struct SessionFields {
    id: Option<u64>,
    start: Option<DateTime<FixedOffset>>,
    duration: Option<WalkDuration>,
    steps: Option<Option<u32>>,
    surface: Option<Surface>,
    incline: Option<Option<f64>>,
    pain: Option<Option<u8>>,
    note: Option<Option<String>>,
    uid: Option<u64>,
    extra: Extra,
}

impl SessionFields {
    /// Reads the value of `key`; a field this version does not know goes
    /// to `extra`.
    fn read<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "id" => once(&mut self.id, map.next_value::<u64>()?, "id"),
            "start" => once(&mut self.start, map.next_value::<rfc3339::Parsed>()?.0, "start"),
            "duration_seconds" => once(
                &mut self.duration,
                map.next_value::<WalkDuration>()?,
                "duration_seconds",
            ),
            "steps" => once(&mut self.steps, map.next_value::<Option<u32>>()?, "steps"),
            "surface" => once(&mut self.surface, map.next_value::<Surface>()?, "surface"),
            "incline_percent" => once(
                &mut self.incline,
                map.next_value::<Option<f64>>()?,
                "incline_percent",
            ),
            "pain" => once(&mut self.pain, map.next_value::<Option<u8>>()?, "pain"),
            "note" => once(&mut self.note, map.next_value::<Option<String>>()?, "note"),
            "uid" => {
                let uid = parse_uid(&map.next_value::<Cow<'de, str>>()?)?;
                once(&mut self.uid, uid, "uid")
            }
            other => {
                let value = map.next_value::<serde_json::Value>()?;
                if self.extra.insert(other.to_string(), value).is_some() {
                    return Err(de::Error::custom(format!("duplicate field `{other}`")));
                }
                Ok(())
            }
        }
    }

    /// The session, once every field it needs was read.
    fn into_session<E: de::Error>(self) -> Result<Session, E> {
        let id = self.id.ok_or_else(|| E::missing_field("id"))?;
        let start = self.start.ok_or_else(|| E::missing_field("start"))?;
        let duration = self
            .duration
            .ok_or_else(|| E::missing_field("duration_seconds"))?;
        Ok(Session {
            id,
            start,
            duration_seconds: duration,
            // A session written before identities were kept gets the one
            // it would have been given.
            uid: self.uid.unwrap_or_else(|| uid_of(id, &start, duration)),
            steps: self.steps.flatten(),
            surface: self.surface.ok_or_else(|| E::missing_field("surface"))?,
            incline_percent: self.incline.flatten(),
            pain: self.pain.flatten(),
            note: self.note.flatten(),
            extra: self.extra,
        })
    }
}

/// Fills `slot` with the value of `key`, which may appear only once.
fn once<T, E: de::Error>(slot: &mut Option<T>, value: T, key: &'static str) -> Result<(), E> {
    if slot.replace(value).is_some() {
        return Err(E::duplicate_field(key));
    }
    Ok(())
}

/// A lasting identity as written: 16 hexadecimal digits.
fn parse_uid<E: de::Error>(text: &str) -> Result<u64, E> {
    u64::from_str_radix(text, 16)
        .ok()
        .filter(|_| text.len() == 16)
        .ok_or_else(|| E::custom(format!("uid '{text}' is not 16 hexadecimal digits")))
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
        end_of(self.start, self.duration)
    }
}

/// When a walk that began at `start` and lasted `duration` ended: a
/// logged walk and one about to be logged end alike.
fn end_of(start: DateTime<FixedOffset>, duration: WalkDuration) -> DateTime<FixedOffset> {
    start + chrono::Duration::seconds(duration.seconds().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;
    use crate::model::tests::{at, walk};

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
}
