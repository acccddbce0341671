//! A derived, disposable index beside the store (`<store>.idx`): every
//! day's totals, the settings and the timer, and where each day's session
//! lines sit in the store file, so `today`, `status`, `week` and `plan`
//! need not parse decades of history. It is never trusted over the store:
//! it names the exact version of the file it was built from (device, inode,
//! size, modification and change times), the zone whose days it counts and
//! the backwalk version that wrote it; on any mismatch the store is read in
//! full and the index rebuilt. Deleting it is always safe.
//!
//! The format is binary: a magic line, the identity (little-endian), the
//! zone and a JSON header (settings, timer, last surface), then per day six
//! LEB128 numbers (days since the previous day, sessions, seconds, steps,
//! uphill seconds, bytes of its lines); a day's lines follow the previous
//! day's, from the first session's offset. Small, so it reads in a blink.
//! A checksum of all that ends the file: it is written in place, so a
//! reader may catch it half written, and must then ignore it.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::model::{Document, Session, Settings, Surface, Timer};
use crate::plan::{Days, Totals};

const MAGIC: &[u8] = concat!("backwalk-index ", env!("CARGO_PKG_VERSION"), "\n").as_bytes();

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
pub(crate) struct Header {
    pub(crate) settings: Settings,
    pub(crate) timer: Option<Timer>,
    pub(crate) last_surface: Option<Surface>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Index {
    pub identity: Identity,
    pub zone: String,
    pub(crate) header: Header,
    pub(crate) days: Days,
    /// Where the first day's lines start, and each day's lines' length.
    pub(crate) first_offset: u64,
    pub(crate) lengths: Vec<u64>,
}

impl Index {
    /// The index of `document`, whose sessions are stored one per line at
    /// `lines` (byte offset and length, in the document's order). `None`
    /// when the days' lines do not follow one another in date order (a
    /// zone that moves its clocks back across midnight): such a store is
    /// simply always read in full.
    pub fn build(
        document: &Document,
        lines: &[(u64, u64)],
        clock: &Clock,
        identity: Identity,
    ) -> Option<Index> {
        if lines.len() != document.sessions.len() {
            return None;
        }
        let mut days: Vec<(NaiveDate, Totals)> = Vec::new();
        let mut lengths: Vec<u64> = Vec::new();
        let first_offset = lines.first().map_or(0, |(offset, _)| *offset);
        let mut next_offset = first_offset;
        for (session, (offset, len)) in document.sessions.iter().zip(lines) {
            if *offset != next_offset {
                return None;
            }
            next_offset = offset + len;
            let date = clock.date_of(&session.start);
            match days.last_mut() {
                Some((last, totals)) if *last == date => {
                    totals.add(session);
                    *lengths.last_mut()? += len;
                }
                Some((last, _)) if *last > date => return None,
                _ => {
                    let mut totals = Totals::default();
                    totals.add(session);
                    days.push((date, totals));
                    lengths.push(*len);
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
            days: Days::from_sorted(days),
            first_offset,
            lengths,
        })
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = IndexWriter::new(
            &self.identity,
            &self.zone,
            &self.header,
            self.first_offset,
            self.lengths.len(),
        );
        for ((date, totals), len) in self.days.all().iter().zip(&self.lengths) {
            writer.day(*date, totals, *len);
        }
        writer.finish()
    }

    /// The index in `bytes`, whole, or `None` for anything malformed or
    /// written by another version. The commands read it record by record
    /// (`open`); this is for checking the format.
    #[cfg(test)]
    pub fn decode(bytes: &[u8]) -> Option<Index> {
        let (head, mut records) = open(bytes)?;
        let mut days = Vec::with_capacity(records.left);
        let mut lengths = Vec::with_capacity(records.left);
        for record in records.by_ref() {
            days.push((record.date, record.totals));
            lengths.push(record.len);
        }
        records.complete().then_some(())?;
        Some(Index {
            identity: head.identity,
            zone: head.zone,
            header: head.header,
            days: Days::from_sorted(days),
            first_offset: head.first_offset,
            lengths,
        })
    }
}

/// Everything in an index but its day records.
pub struct Head {
    pub identity: Identity,
    pub zone: String,
    pub(crate) header: Header,
    pub first_offset: u64,
}

impl Head {
    pub fn settings(&self) -> &Settings {
        &self.header.settings
    }

    pub fn timer(&self) -> Option<&Timer> {
        self.header.timer.as_ref()
    }

    pub fn last_surface(&self) -> Option<Surface> {
        self.header.last_surface
    }
}

/// One day of an index: its totals and where its lines lie in the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayRecord {
    pub date: NaiveDate,
    pub totals: Totals,
    pub offset: u64,
    pub len: u64,
}

/// The head of the index in `bytes`, and its day records to read one at
/// a time (so a reader need not hold them all); `None` for anything
/// malformed or written by another version.
pub fn open(bytes: &[u8]) -> Option<(Head, Records<'_>)> {
    let (body, sum) = bytes.split_last_chunk::<8>()?;
    if checksum(body) != u64::from_le_bytes(*sum) {
        return None;
    }
    let mut input = Reader {
        bytes: body.strip_prefix(MAGIC)?,
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
    let first_offset = input.number()?;
    let left = usize::try_from(input.number()?).ok()?;
    // Each day takes at least six bytes: a count beyond that is a lie.
    if left > input.bytes.len() / 6 {
        return None;
    }
    let head = Head {
        identity,
        zone,
        header,
        first_offset,
    };
    let records = Records {
        input,
        left,
        day: 0,
        previous: None,
        offset: first_offset,
        broken: false,
    };
    Some((head, records))
}

/// The day records of an index, in date order.
pub struct Records<'a> {
    input: Reader<'a>,
    left: usize,
    day: i64,
    previous: Option<NaiveDate>,
    offset: u64,
    broken: bool,
}

impl Records<'_> {
    /// How many records are left to read.
    pub fn len(&self) -> usize {
        self.left
    }

    pub fn is_empty(&self) -> bool {
        self.left == 0
    }

    /// Every record read, and nothing after them: only then is what they
    /// said to be trusted.
    pub fn complete(&self) -> bool {
        !self.broken && self.left == 0 && self.input.bytes.is_empty()
    }

    fn read(&mut self) -> Option<DayRecord> {
        let step = self.input.number()?;
        if step == 0 && self.previous.is_some() {
            return None;
        }
        self.day = self.day.checked_add(i64::try_from(step).ok()?)?;
        // Most days follow the day before: the cheap step.
        let date = match self.previous {
            Some(previous) if step == 1 => previous.succ_opt()?,
            _ => NaiveDate::from_num_days_from_ce_opt(i32::try_from(self.day).ok()?)?,
        };
        let totals = Totals {
            sessions: u32::try_from(self.input.number()?).ok()?,
            seconds: self.input.number()?,
            steps: self.input.number()?,
            uphill_seconds: self.input.number()?,
        };
        let len = self.input.number()?;
        let record = DayRecord {
            date,
            totals,
            offset: self.offset,
            len,
        };
        self.offset = self.offset.checked_add(len)?;
        self.previous = Some(date);
        Some(record)
    }
}

impl Iterator for Records<'_> {
    type Item = DayRecord;

    fn next(&mut self) -> Option<DayRecord> {
        if self.left == 0 || self.broken {
            return None;
        }
        match self.read() {
            Some(record) => {
                self.left -= 1;
                Some(record)
            }
            None => {
                self.broken = true;
                None
            }
        }
    }
}

/// An index written a day record at a time.
pub struct IndexWriter {
    out: Vec<u8>,
    previous: i64,
}

impl IndexWriter {
    pub(crate) fn new(
        identity: &Identity,
        zone: &str,
        header: &Header,
        first_offset: u64,
        days: usize,
    ) -> IndexWriter {
        let header = serde_json::to_vec(header).unwrap_or_default();
        let mut out = Vec::with_capacity(MAGIC.len() + 128 + header.len() + days * 10);
        out.extend_from_slice(MAGIC);
        for n in [identity.device, identity.inode, identity.size] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        for n in [
            identity.modified.0,
            identity.modified.1,
            identity.changed.0,
            identity.changed.1,
        ] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        for blob in [zone.as_bytes(), &header] {
            write_number(&mut out, blob.len() as u64);
            out.extend_from_slice(blob);
        }
        write_number(&mut out, first_offset);
        write_number(&mut out, days as u64);
        IndexWriter { out, previous: 0 }
    }

    /// The next day, in date order. Day numbers count from 0001-01-01, so
    /// they are positive for any date a person can have walked on; an
    /// index with earlier ones fails to decode and is rebuilt each time.
    pub fn day(&mut self, date: NaiveDate, totals: &Totals, len: u64) {
        let day = i64::from(date.num_days_from_ce());
        write_number(&mut self.out, (day - self.previous) as u64);
        self.previous = day;
        for n in [
            u64::from(totals.sessions),
            totals.seconds,
            totals.steps,
            totals.uphill_seconds,
            len,
        ] {
            write_number(&mut self.out, n);
        }
    }

    pub fn finish(mut self) -> Vec<u8> {
        let sum = checksum(&self.out);
        self.out.extend_from_slice(&sum.to_le_bytes());
        self.out
    }
}

/// The day records once new lines join them, handed to `each` in date
/// order: `lines` holds the date, session and byte length of each new
/// line, in date order, and the old last line, on `comma_day`, has gained
/// a comma.
pub fn merge(
    records: impl IntoIterator<Item = DayRecord>,
    lines: &[(NaiveDate, &Session, u64)],
    comma_day: Option<NaiveDate>,
    mut each: impl FnMut(NaiveDate, Totals, u64),
) {
    let mut pending: Option<(NaiveDate, Totals, u64)> = None;
    let mut push = |date: NaiveDate, totals: Totals, len: u64| match &mut pending {
        Some((last, kept, kept_len)) if *last == date => {
            kept.merge(&totals);
            *kept_len += len;
        }
        _ => {
            if let Some((d, t, l)) = pending.replace((date, totals, len)) {
                each(d, t, l);
            }
        }
    };
    let one = |session: &Session| {
        let mut totals = Totals::default();
        totals.add(session);
        totals
    };
    let mut new = lines.iter().peekable();
    for record in records {
        while let Some((d, session, l)) = new.next_if(|(d, ..)| *d < record.date) {
            push(*d, one(session), *l);
        }
        push(
            record.date,
            record.totals,
            record.len + u64::from(comma_day == Some(record.date)),
        );
    }
    for (d, session, l) in new {
        push(*d, one(session), *l);
    }
    if let Some((d, t, l)) = pending {
        each(d, t, l);
    }
}

/// A fast 64-bit hash (FNV-style, a word at a time): enough to tell a
/// torn or stale write, not meant against tampering.
fn checksum(bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().expect("8 bytes"));
        hash = (hash ^ word).wrapping_mul(PRIME).rotate_left(29);
    }
    for byte in words.remainder() {
        hash = (hash ^ u64::from(*byte)).wrapping_mul(PRIME);
    }
    hash
}

/// LEB128: seven bits a byte, the high bit set on all but the last.
fn write_number(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
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

    #[inline(always)]
    fn number(&mut self) -> Option<u64> {
        let bytes = self.bytes;
        let first = *bytes.first()?;
        // Most numbers fit one byte.
        if first < 0x80 {
            self.bytes = &bytes[1..];
            return Some(u64::from(first));
        }
        let mut n = u64::from(first & 0x7f);
        let mut shift = 7;
        let mut used = 1;
        loop {
            let byte = *bytes.get(used)?;
            if shift >= 64 {
                return None;
            }
            n |= u64::from(byte & 0x7f) << shift;
            used += 1;
            if byte < 0x80 {
                self.bytes = &bytes[used..];
                return Some(n);
            }
            shift += 7;
        }
    }

    fn blob(&mut self) -> Option<&'a [u8]> {
        let len = usize::try_from(self.number()?).ok()?;
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
        let bytes = index.encode();
        assert_eq!(Index::decode(&bytes), Some(index.clone()));
        assert_eq!(index.zone, "Europe/Berlin");
        assert_eq!(index.header.timer.as_ref(), doc.timer.as_ref());
        assert_eq!(index.header.last_surface, Some(Surface::Grass));
        assert_eq!(index.days, Days::from_sessions(&doc.sessions, &c));
        let nov = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let (head, mut records) = open(&bytes).unwrap();
        assert_eq!(head.first_offset, 100);
        let spans: Vec<(NaiveDate, u64, u64, u32)> = records
            .by_ref()
            .map(|r| (r.date, r.offset, r.len, r.totals.sessions))
            .collect();
        assert!(records.complete());
        assert_eq!(
            spans,
            vec![
                (nov(19), 100, 10, 1),
                (nov(20), 110, 20, 2),
                (nov(21), 130, 10, 1)
            ]
        );
        assert_eq!(index.days.get(nov(20)).uphill_seconds, 301);
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
        for at in [
            MAGIC.len() - 2,
            MAGIC.len() + 3,
            bytes.len() / 2,
            bytes.len() - 9,
            bytes.len() - 1,
        ] {
            let mut flipped = bytes.clone();
            flipped[at] ^= 1;
            assert_eq!(Index::decode(&flipped), None, "byte {at} flipped");
        }
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
