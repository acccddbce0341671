//! A derived, disposable index beside the store (`<store>.idx`): every
//! day's totals, the settings and the timer, and where each day's session
//! lines sit in the store file, so `today`, `status`, `week` and `plan`
//! need not parse decades of history. It is never trusted over the store:
//! it names the exact version of the file it was built from (device, inode,
//! size, modification and change times), the zone whose days it counts and
//! the backwalk version that wrote it; on any mismatch the store is read in
//! full and the index rebuilt. Deleting it is always safe.
//!
//! The format is binary and little-endian: a magic line, the identity, the
//! zone, a JSON header (settings, timer, last surface), then a fixed-size
//! record per day.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::model::{Document, Settings, Surface, Timer};
use crate::plan::{Days, Totals};

const MAGIC: &[u8] = concat!("backwalk-index ", env!("CARGO_PKG_VERSION"), "\n").as_bytes();
const DAY_RECORD: usize = 4 + 4 + 8 + 8 + 8 + 8 + 8;

/// Which version of the store file an index describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Identity {
    pub device: u64,
    pub inode: u64,
    pub size: u64,
    pub modified: (i64, i64),
    pub changed: (i64, i64),
}

impl Identity {
    pub fn of(metadata: &std::fs::Metadata) -> Identity {
        use std::os::unix::fs::MetadataExt;
        Identity {
            device: metadata.dev(),
            inode: metadata.ino(),
            size: metadata.size(),
            modified: (metadata.mtime(), metadata.mtime_nsec()),
            changed: (metadata.ctime(), metadata.ctime_nsec()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Header {
    settings: Settings,
    timer: Option<Timer>,
    last_surface: Option<Surface>,
}

/// One day: its totals and the byte span of its session lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DaySpan {
    pub date: NaiveDate,
    pub totals: Totals,
    pub offset: u64,
    pub len: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Index {
    pub identity: Identity,
    pub zone: String,
    header: Header,
    pub days: Vec<DaySpan>,
}

impl Index {
    /// The index of `document`, whose sessions are stored one per line at
    /// `lines` (byte offset and length, in the document's order). `None`
    /// when a day's lines are not contiguous: a zone that moves its clocks
    /// back across midnight; such a store is simply always read in full.
    pub fn build(
        document: &Document,
        lines: &[(u64, u64)],
        clock: &Clock,
        identity: Identity,
    ) -> Option<Index> {
        if lines.len() != document.sessions.len() {
            return None;
        }
        let mut days: Vec<DaySpan> = Vec::new();
        for (session, (offset, len)) in document.sessions.iter().zip(lines) {
            let date = clock.date_of(&session.start);
            match days.last_mut() {
                Some(day) if day.date == date && day.offset + day.len == *offset => {
                    day.totals.add(session);
                    day.len += len;
                }
                Some(day) if day.date >= date => return None,
                _ => {
                    let mut totals = Totals::default();
                    totals.add(session);
                    days.push(DaySpan {
                        date,
                        totals,
                        offset: *offset,
                        len: *len,
                    });
                }
            }
        }
        Some(Index {
            identity,
            zone: clock.zone().name().to_string(),
            header: Header {
                settings: document.settings.clone(),
                timer: document.timer.clone(),
                last_surface: document.last_surface(),
            },
            days,
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.header.settings
    }

    pub fn timer(&self) -> Option<&Timer> {
        self.header.timer.as_ref()
    }

    pub fn last_surface(&self) -> Option<Surface> {
        self.header.last_surface
    }

    pub fn day_totals(&self) -> Days {
        Days::from_sorted(self.days.iter().map(|d| (d.date, d.totals)).collect())
    }

    /// The byte span holding the sessions of days `first..=last`, and how
    /// many sessions it holds.
    pub fn span(&self, first: NaiveDate, last: NaiveDate) -> (u64, u64, u32) {
        let low = self.days.partition_point(|d| d.date < first);
        let high = self.days.partition_point(|d| d.date <= last).max(low);
        let days = &self.days[low..high];
        match (days.first(), days.last()) {
            (Some(a), Some(b)) => (
                a.offset,
                b.offset + b.len - a.offset,
                days.iter().map(|d| d.totals.sessions).sum(),
            ),
            _ => (0, 0, 0),
        }
    }

    pub fn encode(&self) -> Vec<u8> {
        let header = serde_json::to_vec(&self.header).unwrap_or_default();
        let mut out = Vec::with_capacity(MAGIC.len() + 128 + header.len() + self.days.len() * DAY_RECORD);
        out.extend_from_slice(MAGIC);
        let id = &self.identity;
        for n in [id.device, id.inode, id.size] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        for n in [id.modified.0, id.modified.1, id.changed.0, id.changed.1] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        for blob in [self.zone.as_bytes(), &header] {
            out.extend_from_slice(&(blob.len() as u64).to_le_bytes());
            out.extend_from_slice(blob);
        }
        out.extend_from_slice(&(self.days.len() as u64).to_le_bytes());
        for day in &self.days {
            out.extend_from_slice(&day.date.num_days_from_ce().to_le_bytes());
            out.extend_from_slice(&day.totals.sessions.to_le_bytes());
            let t = &day.totals;
            for n in [t.seconds, t.steps, t.uphill_seconds, day.offset, day.len] {
                out.extend_from_slice(&n.to_le_bytes());
            }
        }
        out
    }

    /// The index in `bytes`, or `None` for anything malformed or written
    /// by another version.
    pub fn decode(bytes: &[u8]) -> Option<Index> {
        let mut input = Reader {
            bytes: bytes.strip_prefix(MAGIC)?,
        };
        let identity = Identity {
            device: input.u64()?,
            inode: input.u64()?,
            size: input.u64()?,
            modified: (input.i64()?, input.i64()?),
            changed: (input.i64()?, input.i64()?),
        };
        let zone = String::from_utf8(input.blob()?.to_vec()).ok()?;
        let header: Header = serde_json::from_slice(input.blob()?).ok()?;
        let count = usize::try_from(input.u64()?).ok()?;
        if input.bytes.len() != count.checked_mul(DAY_RECORD)? {
            return None;
        }
        let mut days = Vec::with_capacity(count);
        for _ in 0..count {
            let date = NaiveDate::from_num_days_from_ce_opt(input.i32()?)?;
            let sessions = input.u32()?;
            let totals = Totals {
                sessions,
                seconds: input.u64()?,
                steps: input.u64()?,
                uphill_seconds: input.u64()?,
            };
            days.push(DaySpan {
                date,
                totals,
                offset: input.u64()?,
                len: input.u64()?,
            });
        }
        if !days.is_sorted_by_key(|d| d.date) {
            return None;
        }
        Some(Index {
            identity,
            zone,
            header,
            days,
        })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.bytes.split_first_chunk::<N>()?;
        self.bytes = rest;
        Some(*head)
    }

    fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }

    fn i64(&mut self) -> Option<i64> {
        self.take().map(i64::from_le_bytes)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }

    fn i32(&mut self) -> Option<i32> {
        self.take().map(i32::from_le_bytes)
    }

    fn blob(&mut self) -> Option<&'a [u8]> {
        let len = usize::try_from(self.u64()?).ok()?;
        if len > self.bytes.len() {
            return None;
        }
        let (blob, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Some(blob)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NewSession, WalkDuration};
    use chrono::{DateTime, Utc};

    fn clock(zone: &str) -> Clock {
        let now = DateTime::parse_from_rfc3339("2026-11-21T18:30:00+01:00").unwrap();
        Clock::new(now.with_timezone(&Utc), zone.parse().unwrap())
    }

    fn document(starts: &[&str]) -> Document {
        let mut document = Document::default();
        for (i, start) in starts.iter().enumerate() {
            document.add(NewSession {
                start: DateTime::parse_from_rfc3339(start).unwrap(),
                duration: WalkDuration::from_seconds(300 + i as u64).unwrap(),
                steps: Some(200),
                surface: Surface::Grass,
                incline_percent: (i == 1).then_some(6.0),
                note: None,
            });
        }
        document.timer = Some(Timer {
            start: DateTime::parse_from_rfc3339("2026-11-21T18:00:00+01:00").unwrap(),
            surface: Surface::Sand,
            note: Some("timed".into()),
        });
        document
    }

    /// Lines of 10 bytes each, back to back from byte 100.
    fn lines(n: usize) -> Vec<(u64, u64)> {
        (0..n as u64).map(|i| (100 + 10 * i, 10)).collect()
    }

    const IDENTITY: Identity = Identity {
        device: 1,
        inode: 2,
        size: 3,
        modified: (4, 5),
        changed: (6, -7),
    };

    #[test]
    fn an_index_round_trips_and_finds_the_lines_of_a_range_of_days() {
        let doc = document(&[
            "2026-11-19T07:00:00+01:00",
            "2026-11-20T07:00:00+01:00",
            "2026-11-20T19:00:00+01:00",
            "2026-11-21T07:00:00+01:00",
        ]);
        let c = clock("Europe/Berlin");
        let index = Index::build(&doc, &lines(4), &c, IDENTITY).unwrap();
        assert_eq!(Index::decode(&index.encode()), Some(index.clone()));
        assert_eq!(index.zone, "Europe/Berlin");
        assert_eq!(index.timer(), doc.timer.as_ref());
        assert_eq!(index.last_surface(), Some(Surface::Grass));
        assert_eq!(index.day_totals(), Days::from_sessions(&doc.sessions, &c));
        let nov = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert_eq!(index.span(nov(20), nov(20)), (110, 20, 2));
        assert_eq!(index.span(nov(19), nov(21)), (100, 40, 4));
        assert_eq!(index.span(nov(22), nov(28)), (0, 0, 0));
        assert_eq!(index.days[1].totals.uphill_seconds, 301);
    }

    #[test]
    fn malformed_or_foreign_bytes_are_no_index() {
        let doc = document(&["2026-11-20T07:00:00+01:00"]);
        let bytes = Index::build(&doc, &lines(1), &clock("UTC"), IDENTITY)
            .unwrap()
            .encode();
        for cut in [0, 5, MAGIC.len(), bytes.len() - 1] {
            assert_eq!(Index::decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(Index::decode(&longer), None);
        let mut other_version = bytes.clone();
        other_version[MAGIC.len() - 2] ^= 1;
        assert_eq!(Index::decode(&other_version), None);
    }

    #[test]
    fn days_whose_lines_are_not_contiguous_get_no_index() {
        // Sorted by instant, but the local dates run backwards: no index.
        let mut doc = document(&["2026-11-20T07:00:00+01:00", "2026-11-21T07:00:00+01:00"]);
        doc.sessions.swap(0, 1);
        assert_eq!(Index::build(&doc, &lines(2), &clock("UTC"), IDENTITY), None);
        // Line spans must match the sessions one to one.
        assert_eq!(Index::build(&doc, &lines(1), &clock("UTC"), IDENTITY), None);
    }
}
