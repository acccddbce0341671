//! The day index, `<store>.idx`: a disposable cache that lets the day,
//! week, plan, calendar and report commands fold decades of history
//! without parsing the store, and lets `log` find where a new line goes.
//!
//! It holds the identity of the one store file it describes, the zone
//! whose days it counts, what the readers need of the store's head, and a
//! record per day (its totals and the byte length of its session lines),
//! closed by a checksum. It is read as a stream, one record at a time, so
//! memory stays flat whatever the size of the history, and it is never
//! believed over the store: see `Identity::describes`.

use std::fs::{File, Metadata};
use std::io::{self, Read, Write};
use std::os::unix::fs::MetadataExt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::days::Day;
use crate::model::{Goals, Surface, Timer};

const MAGIC: &[u8; 8] = b"BWIDX\0\0\x02";
/// magic, identity (7 numbers), zone, first offset, head length.
const HEADER_LEN: usize = 8 + 7 * 8 + 8 + 8 + 8;
const CHECKSUM_LEN: usize = 8;
/// The most bytes one record takes: seven numbers of at most 10 bytes.
const MAX_RECORD: usize = 70;
const CHUNK: usize = 64 * 1024;

/// Which file, exactly, an index describes: a later version of the store
/// is a new file (a new inode), and a change in place changes its size or
/// times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Identity {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Identity {
    pub fn of(metadata: &Metadata) -> Identity {
        Identity {
            dev: metadata.dev(),
            ino: metadata.ino(),
            size: metadata.size(),
            mtime: (metadata.mtime(), metadata.mtime_nsec()),
            ctime: (metadata.ctime(), metadata.ctime_nsec()),
        }
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether an index that recorded `self` describes the store file now
    /// open (`current`), given the index file's own `written` metadata.
    ///
    /// Git's "racy" rule: on a file system whose times have a coarse
    /// resolution (one second on ext4 with small inodes and on many
    /// network file systems), a change in place within the same tick as
    /// the index was written keeps the file's identity. So the store must
    /// also be strictly older than the index; when it is not, the index is
    /// not believed (a later rebuild, a tick on, will be).
    pub fn describes(&self, current: &Identity, written: &Metadata) -> bool {
        let index_time = (written.mtime(), written.mtime_nsec());
        self == current && current.mtime < index_time && current.ctime < index_time
    }
}

/// What readers need of the store's head, kept in the index so that they
/// never parse it (an undo entry can hold a whole import).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub next_id: u64,
    pub goals: Goals,
    pub timer: Option<Timer>,
    /// The surface of the most recently logged walk.
    pub last_surface: Option<Surface>,
}

/// One day of the index: its totals and where its lines are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record {
    pub day: Day,
    /// The byte length of the day's session lines in the store.
    pub len: u64,
}

/// An index being written, one record at a time.
pub struct Writer<W: Write> {
    out: W,
    hash: Hasher,
    previous: Option<NaiveDate>,
}

impl<W: Write> Writer<W> {
    pub fn new(
        mut out: W,
        identity: &Identity,
        zone: u64,
        first_offset: u64,
        head: &Head,
    ) -> io::Result<Writer<W>> {
        let head = serde_json::to_vec(head)?;
        let mut header = Vec::with_capacity(HEADER_LEN + head.len());
        header.extend_from_slice(MAGIC);
        for number in [
            identity.dev,
            identity.ino,
            identity.size,
            // Times are stored as their bits: one before 1970 reads back.
            identity.mtime.0.cast_unsigned(),
            identity.mtime.1.cast_unsigned(),
            identity.ctime.0.cast_unsigned(),
            identity.ctime.1.cast_unsigned(),
            zone,
            first_offset,
            head.len() as u64,
        ] {
            header.extend_from_slice(&number.to_le_bytes());
        }
        header.extend_from_slice(&head);
        let mut hash = Hasher::default();
        hash.update(&header);
        out.write_all(&header)?;
        Ok(Writer {
            out,
            hash,
            previous: None,
        })
    }

    /// The next day; days come in date order, each once.
    pub fn record(&mut self, record: &Record) -> io::Result<()> {
        let day = &record.day;
        let mut bytes = [0u8; MAX_RECORD];
        let mut at = 0;
        let date = i64::from(day.date.num_days_from_ce());
        let delta = match self.previous {
            Some(previous) => date - i64::from(previous.num_days_from_ce()),
            None => date,
        };
        debug_assert!(delta > 0 || self.previous.is_none());
        // The first day is its number from the common era; a day before
        // 0000-12-31 (a zone a day behind the earliest walk) has none the
        // reader takes: no index then, rather than one read as damaged.
        let delta = u64::try_from(delta).map_err(|_| io::Error::other("a day before 0000-12-31"))?;
        for value in [
            delta,
            u64::from(day.sessions),
            day.seconds,
            day.steps.map_or(0, |steps| steps + 1),
            day.uphill_seconds,
            day.pain_max.map_or(0, |pain| u64::from(pain) + 1),
            record.len,
        ] {
            at += put_varint(&mut bytes[at..], value);
        }
        self.previous = Some(day.date);
        self.hash.update(&bytes[..at]);
        self.out.write_all(&bytes[..at])
    }

    /// Closes the index with its checksum; returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(&self.hash.finish().to_le_bytes())?;
        Ok(self.out)
    }
}

/// An index opened for reading, its header checked.
pub struct Reader {
    file: File,
    /// Bytes before the checksum.
    body_len: u64,
    pub identity: Identity,
    pub zone: u64,
    pub first_offset: u64,
    pub head: Head,
    buffer: Vec<u8>,
    /// `buffer[at..]` is still to be decoded.
    at: usize,
    /// Bytes of the body read from the file so far.
    read: u64,
    hash: Hasher,
    /// The day number (from the common era) of the last record, and its
    /// date: the next day is found by a step, not a calendar conversion.
    previous: i64,
    previous_date: Option<NaiveDate>,
}

impl Reader {
    /// The index in `file` (already opened without following links), or
    /// `None` when it is not one; `limit` bounds the size believed.
    pub fn open(mut file: File, size: u64, limit: u64) -> Option<Reader> {
        if size < (HEADER_LEN + CHECKSUM_LEN) as u64 || size > limit {
            return None;
        }
        let mut header = [0u8; HEADER_LEN];
        file.read_exact(&mut header).ok()?;
        if &header[..8] != MAGIC {
            return None;
        }
        let number =
            |i: usize| u64::from_le_bytes(header[8 + i * 8..16 + i * 8].try_into().expect("8 bytes"));
        let identity = Identity {
            dev: number(0),
            ino: number(1),
            size: number(2),
            mtime: (number(3).cast_signed(), number(4).cast_signed()),
            ctime: (number(5).cast_signed(), number(6).cast_signed()),
        };
        let head_len = number(9);
        let body_len = size - CHECKSUM_LEN as u64;
        if head_len > body_len - HEADER_LEN as u64 {
            return None;
        }
        let mut head_bytes = vec![0; usize::try_from(head_len).ok()?];
        file.read_exact(&mut head_bytes).ok()?;
        let head: Head = serde_json::from_slice(&head_bytes).ok()?;
        let mut hash = Hasher::default();
        hash.update(&header);
        hash.update(&head_bytes);
        Some(Reader {
            file,
            body_len,
            identity,
            zone: number(7),
            first_offset: number(8),
            head,
            buffer: Vec::new(),
            at: 0,
            read: HEADER_LEN as u64 + head_len,
            hash,
            previous: 0,
            previous_date: None,
        })
    }

    /// The next day, `Ok(None)` after the last; an error when the records
    /// are damaged. `verify` must then be called before believing any.
    pub fn next_record(&mut self) -> Result<Option<Record>, Damaged> {
        if self.buffer.len() - self.at < MAX_RECORD && self.read < self.body_len {
            self.refill().map_err(|_| Damaged)?;
        }
        if self.at == self.buffer.len() {
            return Ok(None);
        }
        let mut values = [0u64; 7];
        let mut rest = &self.buffer[self.at..];
        for value in &mut values {
            let (decoded, used) = get_varint(rest).ok_or(Damaged)?;
            *value = decoded;
            rest = &rest[used..];
        }
        self.at = self.buffer.len() - rest.len();
        let [delta, sessions, seconds, steps, uphill, pain, len] = values;
        let days = i64::try_from(delta).map_err(|_| Damaged)?;
        if days <= 0 && self.previous != 0 {
            return Err(Damaged);
        }
        self.previous = self.previous.checked_add(days).ok_or(Damaged)?;
        let date = match (self.previous_date, days) {
            (Some(previous), 1) => previous.succ_opt(),
            _ => i32::try_from(self.previous)
                .ok()
                .and_then(NaiveDate::from_num_days_from_ce_opt),
        }
        .ok_or(Damaged)?;
        self.previous_date = Some(date);
        let pain_max = match pain {
            0 => None,
            p => Some(u8::try_from(p - 1).map_err(|_| Damaged)?),
        };
        Ok(Some(Record {
            day: Day {
                date,
                sessions: u32::try_from(sessions).map_err(|_| Damaged)?,
                seconds,
                steps: steps.checked_sub(1),
                uphill_seconds: uphill,
                pain_max,
            },
            len,
        }))
    }

    /// Keeps the undecoded tail and reads the next chunk of the body.
    fn refill(&mut self) -> io::Result<()> {
        self.buffer.drain(..self.at);
        self.at = 0;
        let want = usize::try_from(self.body_len - self.read).map_or(CHUNK, |left| left.min(CHUNK));
        let start = self.buffer.len();
        self.buffer.resize(start + want, 0);
        self.file.read_exact(&mut self.buffer[start..])?;
        self.hash.update(&self.buffer[start..]);
        self.read += want as u64;
        Ok(())
    }

    /// After the last record: whether the checksum holds, so that the
    /// records read are the ones written.
    pub fn verify(mut self) -> bool {
        if self.at != self.buffer.len() || self.read != self.body_len {
            return false;
        }
        let mut stored = [0u8; CHECKSUM_LEN];
        self.file.read_exact(&mut stored).is_ok() && u64::from_le_bytes(stored) == self.hash.finish()
    }
}

/// The index's records cannot be believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damaged;

fn put_varint(out: &mut [u8], mut value: u64) -> usize {
    let mut at = 0;
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out[at] = byte;
            return at + 1;
        }
        out[at] = byte | 0x80;
        at += 1;
    }
}

fn get_varint(bytes: &[u8]) -> Option<(u64, usize)> {
    if let Some(&first) = bytes.first()
        && first < 0x80
    {
        return Some((u64::from(first), 1));
    }
    let mut value = 0u64;
    for (i, byte) in bytes.iter().take(10).enumerate() {
        let part = u64::from(byte & 0x7f);
        if i == 9 && part > 1 {
            return None;
        }
        value |= part << (7 * i);
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// A fast checksum, eight bytes at a time: it only has to catch an index
/// torn or damaged on disk, not an adversary (the index is the user's
/// own file, not a security boundary).
#[derive(Default)]
struct Hasher {
    state: u64,
    /// Bytes of an unfinished word, carried to the next update.
    pending: Vec<u8>,
    length: u64,
}

impl Hasher {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    fn word(&mut self, word: u64) {
        self.state = (self.state.rotate_left(23) ^ word).wrapping_mul(Self::K);
    }

    fn update(&mut self, mut bytes: &[u8]) {
        self.length += bytes.len() as u64;
        if !self.pending.is_empty() {
            let need = 8 - self.pending.len();
            let take = need.min(bytes.len());
            self.pending.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.pending.len() < 8 {
                return;
            }
            let word = u64::from_le_bytes(self.pending[..].try_into().expect("8 bytes"));
            self.pending.clear();
            self.word(word);
        }
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            self.word(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        self.pending.extend_from_slice(words.remainder());
    }

    fn finish(mut self) -> u64 {
        let mut last = [0u8; 8];
        last[..self.pending.len()].copy_from_slice(&self.pending);
        self.word(u64::from_le_bytes(last));
        self.word(self.length);
        self.state ^ (self.state >> 29)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Seek, SeekFrom};

    fn day(date: &str, sessions: u32, seconds: u64) -> Day {
        Day {
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            sessions,
            seconds,
            steps: (sessions > 1).then_some(u64::from(sessions) * 300),
            uphill_seconds: seconds / 3,
            pain_max: (seconds > 500).then_some(7),
        }
    }

    fn identity() -> Identity {
        Identity {
            dev: 1,
            ino: 2,
            size: 3,
            mtime: (4, 5),
            ctime: (6, 7),
        }
    }

    fn head() -> Head {
        Head {
            next_id: 9,
            goals: Goals::default(),
            timer: None,
            last_surface: Some(Surface::Sand),
        }
    }

    fn written(records: &[Record]) -> Vec<u8> {
        let mut writer = Writer::new(Vec::new(), &identity(), 42, 300, &head()).unwrap();
        for r in records {
            writer.record(r).unwrap();
        }
        writer.finish().unwrap()
    }

    fn file_of(bytes: &[u8]) -> (File, u64) {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(bytes).unwrap();
        file.seek(SeekFrom::Start(0)).unwrap();
        (file, bytes.len() as u64)
    }

    fn read_all(bytes: &[u8]) -> Option<(Reader, Vec<Record>)> {
        let (file, size) = file_of(bytes);
        let mut reader = Reader::open(file, size, u64::MAX)?;
        let mut records = Vec::new();
        while let Some(record) = reader.next_record().ok()? {
            records.push(record);
        }
        Some((reader, records))
    }

    fn sample() -> Vec<Record> {
        [
            ("0001-01-01", 1, 60),
            ("1999-12-31", 2, 600),
            ("2026-11-21", 3, 86_400 * 3),
            ("9999-12-31", 1, 1),
        ]
        .iter()
        .enumerate()
        .map(|(i, (date, n, s))| Record {
            day: day(date, *n, *s),
            len: 150 * (i as u64 + 1),
        })
        .collect()
    }

    #[test]
    fn records_read_back_as_written() {
        let records = sample();
        let bytes = written(&records);
        let (reader, read) = read_all(&bytes).unwrap();
        assert_eq!(reader.head, head());
        assert_eq!(
            (reader.zone, reader.first_offset, reader.identity),
            (42, 300, identity())
        );
        assert_eq!(read, records);
        assert!(reader.verify());
    }

    #[test]
    fn a_first_day_before_0000_12_31_is_refused_rather_than_written_as_damage() {
        // 0000-12-31 is day 0, the earliest the reader takes: written and read back.
        let records = [Record {
            day: day("0000-12-31", 1, 300),
            len: 100,
        }];
        let (reader, read) = read_all(&written(&records)).unwrap();
        assert_eq!(read, records);
        assert!(reader.verify());
        // A day before it (a zone a day behind the earliest walk) once
        // wrapped to a huge number the reader calls damage.
        let mut writer = Writer::new(Vec::new(), &identity(), 42, 300, &head()).unwrap();
        let early = Record {
            day: day("0000-12-30", 1, 300),
            len: 100,
        };
        assert!(writer.record(&early).is_err());
    }

    #[test]
    fn many_records_stream_through_chunks() {
        let start = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap();
        let records: Vec<Record> = (0..100_000u32)
            .map(|n| Record {
                day: Day {
                    date: start + chrono::Duration::days(i64::from(n) * 2),
                    ..day("2000-01-01", 1 + n % 3, 300 + u64::from(n))
                },
                len: 100 + u64::from(n) % 70,
            })
            .collect();
        let bytes = written(&records);
        let (reader, read) = read_all(&bytes).unwrap();
        assert_eq!(read, records);
        assert!(reader.verify());
    }

    #[test]
    fn every_damage_is_caught_and_nothing_panics_or_allocates_without_bound() {
        let bytes = written(&sample());
        for cut in 0..bytes.len() {
            if let Some((reader, _)) = read_all(&bytes[..cut]) {
                assert!(!reader.verify(), "a cut at {cut} was believed");
            }
        }
        for at in HEADER_LEN..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x10;
            let believed = read_all(&damaged).is_some_and(|(reader, _)| reader.verify());
            assert!(!believed, "a flip at {at} was believed");
        }
        // A forged head length or huge values never allocate without bound.
        let mut forged = bytes.clone();
        forged[HEADER_LEN - 8..HEADER_LEN].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(read_all(&forged).is_none());
        let (file, size) = file_of(&bytes);
        assert!(Reader::open(file, size, 10).is_none(), "the size limit holds");
    }

    #[test]
    fn varints_round_trip_and_refuse_overlong_input() {
        for value in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut bytes = [0u8; 10];
            let used = put_varint(&mut bytes, value);
            assert_eq!(get_varint(&bytes[..used]), Some((value, used)));
        }
        assert_eq!(get_varint(&[0xff; 11]), None);
        assert_eq!(get_varint(&[0x80]), None);
    }

    #[test]
    fn the_racy_rule_distrusts_a_store_as_new_as_its_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("s");
        let index = dir.path().join("i");
        std::fs::write(&store, b"x").unwrap();
        std::fs::write(&index, b"y").unwrap();
        let set = |path: &std::path::Path, seconds: u64| {
            let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds);
            File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(time)
                .unwrap();
        };
        // Coarse times: the store changed in the second the index was written.
        set(&store, 1_000_000);
        set(&index, 1_000_000);
        let current = Identity::of(&std::fs::metadata(&store).unwrap());
        let recorded = Identity {
            ctime: (0, 0),
            ..current
        };
        let coarse = Identity { ..current };
        assert!(!coarse.describes(&current, &std::fs::metadata(&index).unwrap()));
        // A second later the same identity is believed (ctime aside).
        set(&index, 1_000_001);
        let older_ctime = Identity {
            ctime: (999_999, 0),
            ..current
        };
        assert!(older_ctime.describes(&older_ctime, &std::fs::metadata(&index).unwrap()));
        assert!(!recorded.describes(&current, &std::fs::metadata(&index).unwrap()));
    }
}
