//! The day index, `<store>.idx`: a disposable cache that lets the day,
//! week, plan, calendar and report commands fold decades of history
//! without parsing the store, and lets `log` find where a new line goes.
//!
//! It holds the identity of the one store file it describes, the zone
//! whose days it counts, what the readers need of the store's head, and a
//! record per day (its totals and the byte length of its session lines).
//! The records come in blocks of consecutive days; a table after them
//! gives each block's summary (`days::Span`), where its records are and
//! how long its session lines are, so a reader takes a block whole from
//! its summary, or decodes its records, or passes it by. A checksum
//! closes the header, the head and the table; each block's records have
//! their own, checked whenever they are decoded. Memory holds the table
//! (some tens of kilobytes at a million walks) and one stretch of records
//! at a time, and the index is never believed over the store: see
//! `Identity::describes`. A write believes nothing of it that it has not
//! checked against the store's own bytes (`splice.rs`): it only says
//! where to look.
//!
//! The format, byte by byte (numbers are little-endian `u64` unless
//! said; "varint" is LEB128, seven bits a byte, low bits first), so that
//! a test can forge one:
//!
//! ```text
//! header   "BWIDX\0\0\x05"                            8 bytes
//!          dev, ino, size, mtime s, mtime ns, ctime s, ctime ns
//!                                  the store file's identity (7 × u64)
//!          zone                    the zone's fingerprint
//!          first offset            where the first session line starts
//!          last line               where the line of the walk with the
//!                                  highest id starts (u64::MAX: none)
//!          head length             of the head that follows
//! head     JSON: {"next_id", "goals", "timer", "last_surface"}
//! records  per block, per day: 8 varints: days since the day before
//!          (0 for a block's first), sessions, seconds, steps + 1 (0:
//!          none), uphill seconds, highest pain + 1 (0: none), the
//!          next-morning pain + 1 (0: none), the byte length of the
//!          day's session lines
//! table    per block: 10 varints: days, records' byte length, lines'
//!          byte length, first day (days from 0000-12-31), last − first,
//!          first run, last run, longest run, most seconds, most seconds
//!          in pain; then the records' checksum (u64)
//! trailer  table length (u64), checksum of header, head, table and
//!          table length (u64)
//! ```
//!
//! The checksum is `Hasher` below (not a secret: anyone may recompute it).

use std::fs::{File, Metadata};
use std::io::{self, Write};
use std::os::unix::fs::{FileExt, MetadataExt};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::days::{Day, Span};
use crate::model::{Document, Goals, Surface, Timer};

const MAGIC: &[u8; 8] = b"BWIDX\0\0\x05";
/// magic, identity (7 numbers), zone, first offset, last line, head length.
const HEADER_LEN: usize = 8 + 7 * 8 + 8 + 8 + 8 + 8;
/// The last line's number when there is none.
const NO_LINE: u64 = u64::MAX;
/// The table's length and the checksum.
const TRAILER_LEN: usize = 16;
/// The most bytes one record takes: eight numbers of at most 10 bytes.
const MAX_RECORD: usize = 80;
/// Days per block: a year's calendar decodes two blocks or three, the
/// table of a million walks is some tens of kilobytes. Tests use tiny
/// blocks so that every history spans many.
const BLOCK_DAYS: u32 = if cfg!(test) { 3 } else { 512 };
/// How much of the records a read fetches at once.
const CHUNK: u64 = 64 * 1024;

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

impl Head {
    /// The checks the loader makes of these values in a store.
    pub fn check(&self) -> Result<(), String> {
        Document {
            next_id: self.next_id,
            goals: self.goals.clone(),
            timer: self.timer.clone(),
            ..Document::default()
        }
        .check()
    }
}

/// One day of the index: its totals and where its lines are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record {
    pub day: Day,
    /// The byte length of the day's session lines in the store.
    pub len: u64,
}

/// A block of consecutive days of the index, as its table gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub span: Span,
    /// The byte length of its days' session lines in the store.
    pub lines_len: u64,
    /// Where its records are in the index, and their checksum.
    at: u64,
    len: u64,
    hash: u64,
}

/// An index being written, one record at a time.
pub struct Writer<W: Write> {
    out: W,
    /// Of the header, the head and the table.
    hash: Hasher,
    /// Bytes written so far.
    written: u64,
    table: Vec<u8>,
    block: Option<(Block, Hasher)>,
}

impl<W: Write> Writer<W> {
    pub fn new(
        mut out: W,
        identity: &Identity,
        zone: u64,
        first_offset: u64,
        last_line: Option<u64>,
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
            last_line.unwrap_or(NO_LINE),
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
            written: header.len() as u64,
            table: Vec::new(),
            block: None,
        })
    }

    /// The next day; days come in date order, each once.
    pub fn record(&mut self, record: &Record) -> io::Result<()> {
        let day = &record.day;
        // A day's number from the common era; a day before 0000-12-31 (a
        // zone a day behind the earliest walk) has none the reader takes:
        // no index then, rather than one read as damaged.
        if day.date.num_days_from_ce() < 0 {
            return Err(io::Error::other("a day before 0000-12-31"));
        }
        let delta = match &mut self.block {
            Some((block, _)) if block.span.days < BLOCK_DAYS => {
                debug_assert!(day.date > block.span.last);
                let delta = (day.date - block.span.last).num_days().cast_unsigned();
                block.span.add(day);
                delta
            }
            _ => {
                self.close_block();
                let block = Block {
                    span: Span::of(day),
                    lines_len: 0,
                    at: self.written,
                    len: 0,
                    hash: 0,
                };
                self.block = Some((block, Hasher::default()));
                0
            }
        };
        let (block, hash) = self.block.as_mut().expect("a block is open");
        let mut bytes = [0u8; MAX_RECORD];
        let mut at = 0;
        for value in [
            delta,
            u64::from(day.sessions),
            day.seconds,
            day.steps.map_or(0, |steps| steps + 1),
            day.uphill_seconds,
            day.pain_max.map_or(0, |pain| u64::from(pain) + 1),
            day.morning_pain.map_or(0, |pain| u64::from(pain) + 1),
            record.len,
        ] {
            at += put_varint(&mut bytes[at..], value);
        }
        block.lines_len += record.len;
        block.len += at as u64;
        hash.update(&bytes[..at]);
        self.written += at as u64;
        self.out.write_all(&bytes[..at])
    }

    /// Puts the open block's summary in the table.
    fn close_block(&mut self) {
        let Some((block, hash)) = self.block.take() else {
            return;
        };
        let span = &block.span;
        let first = u64::try_from(span.first.num_days_from_ce()).expect("checked when written");
        let last = u64::try_from(span.last.num_days_from_ce()).expect("checked when written");
        let mut bytes = [0u8; 10 * 10];
        let mut at = 0;
        for value in [
            u64::from(span.days),
            block.len,
            block.lines_len,
            first,
            last - first,
            u64::from(span.first_run),
            u64::from(span.last_run),
            u64::from(span.longest_run),
            span.most_seconds,
            span.most_seconds_in_pain,
        ] {
            at += put_varint(&mut bytes[at..], value);
        }
        self.table.extend_from_slice(&bytes[..at]);
        self.table.extend_from_slice(&hash.finish().to_le_bytes());
    }

    /// Closes the index with its table and checksum; returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.close_block();
        let table_len = (self.table.len() as u64).to_le_bytes();
        self.hash.update(&self.table);
        self.hash.update(&table_len);
        self.out.write_all(&self.table)?;
        self.out.write_all(&table_len)?;
        self.out.write_all(&self.hash.finish().to_le_bytes())?;
        Ok(self.out)
    }
}

/// An index opened for reading, its header, head and table checked.
pub struct Reader {
    pub identity: Identity,
    pub zone: u64,
    pub first_offset: u64,
    /// Where the line of the walk with the highest id is said to start.
    pub last_line: Option<u64>,
    pub head: Head,
    blocks: Vec<Block>,
    /// The next block `next_block` gives.
    next: usize,
    window: Window,
    /// The records of the block last decoded.
    records: Vec<Record>,
}

impl Reader {
    /// The index in `file` (already opened without following links), or
    /// `None` when it is not one; `limit` bounds the size believed.
    pub fn open(file: File, size: u64, limit: u64) -> Option<Reader> {
        if size < (HEADER_LEN + TRAILER_LEN) as u64 || size > limit {
            return None;
        }
        let mut header = [0u8; HEADER_LEN];
        file.read_exact_at(&mut header, 0).ok()?;
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
        let mut trailer = [0u8; TRAILER_LEN];
        file.read_exact_at(&mut trailer, size - TRAILER_LEN as u64).ok()?;
        let table_len = u64::from_le_bytes(trailer[..8].try_into().expect("8 bytes"));
        let head_len = number(10);
        let room = size - (HEADER_LEN + TRAILER_LEN) as u64;
        if head_len > room || table_len > room - head_len {
            return None;
        }
        let records_start = HEADER_LEN as u64 + head_len;
        let records_end = size - TRAILER_LEN as u64 - table_len;
        let mut head_bytes = vec![0; usize::try_from(head_len).ok()?];
        file.read_exact_at(&mut head_bytes, HEADER_LEN as u64).ok()?;
        let mut table = vec![0; usize::try_from(table_len).ok()?];
        file.read_exact_at(&mut table, records_end).ok()?;
        let mut hash = Hasher::default();
        for part in [&header[..], &head_bytes, &table, &trailer[..8]] {
            hash.update(part);
        }
        if hash.finish().to_le_bytes() != trailer[8..] {
            return None;
        }
        let head: Head = serde_json::from_slice(&head_bytes).ok()?;
        // Checked as the loader checks a store's head: a forged one never
        // reaches a reader (an empty goals history would crash the plan).
        head.check().ok()?;
        let blocks = read_table(&table, records_start, records_end)?;
        Some(Reader {
            identity,
            zone: number(7),
            first_offset: number(8),
            last_line: Some(number(9)).filter(|line| *line != NO_LINE),
            head,
            blocks,
            next: 0,
            window: Window {
                file,
                end: records_end,
                bytes: Vec::new(),
                at: 0,
            },
            records: Vec::new(),
        })
    }

    /// The byte length of all the session lines, from the table.
    pub fn lines_len(&self) -> Option<u64> {
        self.blocks
            .iter()
            .try_fold(0u64, |sum, block| sum.checked_add(block.lines_len))
    }

    /// The next block, in date order; `None` after the last.
    pub fn next_block(&mut self) -> Option<Block> {
        let block = self.blocks.get(self.next).copied();
        self.next += 1;
        block
    }

    /// A block's records, checked against its checksum and its summary.
    pub fn records(&mut self, block: &Block) -> Result<&[Record], Damaged> {
        let bytes = self.window.get(block.at, block.len).map_err(|_| Damaged)?;
        let mut hash = Hasher::default();
        hash.update(bytes);
        if hash.finish() != block.hash {
            return Err(Damaged);
        }
        self.records.clear();
        decode_block(bytes, block, &mut self.records)?;
        Ok(&self.records)
    }
}

/// A stretch of an index's records read from its file.
struct Window {
    file: File,
    /// Where the records end.
    end: u64,
    bytes: Vec<u8>,
    /// Where `bytes` start in the file.
    at: u64,
}

impl Window {
    /// `len` bytes at `at`, read ahead by `CHUNK` so that consecutive
    /// blocks take one read.
    fn get(&mut self, at: u64, len: u64) -> io::Result<&[u8]> {
        if at < self.at || at + len > self.at + self.bytes.len() as u64 {
            let want = len.max(CHUNK).min(self.end - at);
            self.bytes
                .resize(usize::try_from(want).map_err(io::Error::other)?, 0);
            self.file.read_exact_at(&mut self.bytes, at)?;
            self.at = at;
        }
        let from = usize::try_from(at - self.at).map_err(io::Error::other)?;
        let until = from + usize::try_from(len).map_err(io::Error::other)?;
        Ok(&self.bytes[from..until])
    }
}

/// The table's blocks, each where the one before ended, from
/// `records_start` to exactly `records_end`, their days in order.
fn read_table(table: &[u8], records_start: u64, records_end: u64) -> Option<Vec<Block>> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut rest = table;
    let mut at = records_start;
    while !rest.is_empty() {
        let mut values = [0u64; 10];
        for value in &mut values {
            let (decoded, used) = get_varint(rest)?;
            *value = decoded;
            rest = &rest[used..];
        }
        let hash = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
        rest = &rest[8..];
        let [
            days,
            len,
            lines_len,
            first,
            length,
            first_run,
            last_run,
            longest_run,
            most,
            most_in_pain,
        ] = values;
        let days = u32::try_from(days).ok().filter(|days| *days > 0)?;
        let date = |number: u64| NaiveDate::from_num_days_from_ce_opt(i32::try_from(number).ok()?);
        let span = Span {
            first: date(first)?,
            last: date(first.checked_add(length)?)?,
            days,
            first_run: u32::try_from(first_run).ok()?,
            last_run: u32::try_from(last_run).ok()?,
            longest_run: u32::try_from(longest_run).ok()?,
            most_seconds: most,
            most_seconds_in_pain: most_in_pain,
        };
        if blocks.last().is_some_and(|before| before.span.last >= span.first)
            || len > u64::from(days) * MAX_RECORD as u64
        {
            return None;
        }
        blocks.push(Block {
            span,
            lines_len,
            at,
            len,
            hash,
        });
        at = at.checked_add(len)?;
    }
    (at == records_end).then_some(blocks)
}

/// The records of `block` from its bytes: exactly its days, the first and
/// last of its summary, and its lines' length.
fn decode_block(bytes: &[u8], block: &Block, out: &mut Vec<Record>) -> Result<(), Damaged> {
    let mut rest = bytes;
    let mut previous = block.span.first;
    let mut number = i64::from(previous.num_days_from_ce());
    let mut lines_len = 0u64;
    for n in 0..block.span.days {
        let mut values = [0u64; 8];
        for value in &mut values {
            let (decoded, used) = get_varint(rest).ok_or(Damaged)?;
            *value = decoded;
            rest = &rest[used..];
        }
        let [delta, sessions, seconds, steps, uphill, pain, morning, len] = values;
        if (delta == 0) != (n == 0) {
            return Err(Damaged);
        }
        let date = if delta == 0 {
            Some(previous)
        } else {
            number = number
                .checked_add(i64::try_from(delta).map_err(|_| Damaged)?)
                .ok_or(Damaged)?;
            // Consecutive days by a step, not a calendar conversion.
            if delta == 1 {
                previous.succ_opt()
            } else {
                i32::try_from(number)
                    .ok()
                    .and_then(NaiveDate::from_num_days_from_ce_opt)
            }
        }
        .ok_or(Damaged)?;
        previous = date;
        lines_len = lines_len.checked_add(len).ok_or(Damaged)?;
        let pain_of = |value: u64| match value {
            0 => Ok(None),
            p => u8::try_from(p - 1).map(Some).map_err(|_| Damaged),
        };
        let (pain_max, morning_pain) = (pain_of(pain)?, pain_of(morning)?);
        out.push(Record {
            day: Day {
                date,
                sessions: u32::try_from(sessions).map_err(|_| Damaged)?,
                seconds,
                steps: steps.checked_sub(1),
                uphill_seconds: uphill,
                pain_max,
                morning_pain,
            },
            len,
        });
    }
    if !rest.is_empty() || previous != block.span.last || lines_len != block.lines_len {
        return Err(Damaged);
    }
    Ok(())
}

/// `bytes` with block `n`'s table entry changed by `forge` and the
/// checksum made to match, as someone forging the file would (tests).
#[cfg(test)]
pub fn forge_table(bytes: &[u8], n: usize, forge: impl Fn(&mut [u64; 10])) -> Option<Vec<u8>> {
    let size = bytes.len();
    let table_len = usize::try_from(u64::from_le_bytes(
        bytes.get(size - 16..size - 8)?.try_into().ok()?,
    ))
    .ok()?;
    let table_at = size - TRAILER_LEN - table_len;
    let mut rest = &bytes[table_at..size - TRAILER_LEN];
    let mut values = [0u64; 10];
    for _ in 0..n {
        for _ in 0..10 {
            rest = &rest[get_varint(rest)?.1..];
        }
        rest = rest.get(8..)?;
    }
    let entry_at = size - TRAILER_LEN - rest.len();
    for value in &mut values {
        let (decoded, used) = get_varint(rest)?;
        *value = decoded;
        rest = &rest[used..];
    }
    forge(&mut values);
    let mut forged = bytes[..entry_at].to_vec();
    let mut entry = [0u8; 100];
    let mut at = 0;
    for value in values {
        at += put_varint(&mut entry[at..], value);
    }
    forged.extend_from_slice(&entry[..at]);
    forged.extend_from_slice(rest);
    let table_len = (forged.len() - table_at) as u64;
    forged.extend_from_slice(&table_len.to_le_bytes());
    forged.extend_from_slice(&[0; 8]);
    Some(reseal(forged))
}

/// An index's bytes with the closing checksum made to match whatever
/// the header, head and table now say (tests forge indexes with it).
#[cfg(test)]
pub fn reseal(mut bytes: Vec<u8>) -> Vec<u8> {
    let size = bytes.len();
    let table_len = usize::try_from(u64::from_le_bytes(
        bytes[size - 16..size - 8].try_into().expect("8 bytes"),
    ))
    .expect("a small index");
    let head_len = usize::try_from(u64::from_le_bytes(
        bytes[HEADER_LEN - 8..HEADER_LEN].try_into().expect("8 bytes"),
    ))
    .expect("a small index");
    let mut hash = Hasher::default();
    hash.update(&bytes[..HEADER_LEN + head_len]);
    hash.update(&bytes[size - TRAILER_LEN - table_len..size - 8]);
    bytes[size - 8..].copy_from_slice(&hash.finish().to_le_bytes());
    bytes
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
            morning_pain: seconds
                .is_multiple_of(3)
                .then_some(u8::try_from(seconds % 11).unwrap()),
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
        let mut writer = Writer::new(Vec::new(), &identity(), 42, 300, Some(400), &head()).unwrap();
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
        while let Some(block) = reader.next_block() {
            records.extend_from_slice(reader.records(&block).ok()?);
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
        // Blocks of consecutive days, each summed up in the table.
        let spans: Vec<Span> = reader.blocks.iter().map(|block| block.span).collect();
        let expected: Vec<Span> = records
            .chunks(BLOCK_DAYS as usize)
            .map(|days| {
                let mut span = Span::of(&days[0].day);
                days[1..].iter().for_each(|record| span.add(&record.day));
                span
            })
            .collect();
        assert_eq!(spans, expected);
        assert_eq!(reader.lines_len(), Some(records.iter().map(|r| r.len).sum()));
    }

    #[test]
    fn a_first_day_before_0000_12_31_is_refused_rather_than_written_as_damage() {
        // 0000-12-31 is day 0, the earliest the reader takes: written and read back.
        let records = [Record {
            day: day("0000-12-31", 1, 300),
            len: 100,
        }];
        let (_, read) = read_all(&written(&records)).unwrap();
        assert_eq!(read, records);
        // A day before it (a zone a day behind the earliest walk) once
        // wrapped to a huge number the reader calls damage.
        let mut writer = Writer::new(Vec::new(), &identity(), 42, 300, Some(400), &head()).unwrap();
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
        assert_eq!(reader.blocks.len(), records.len().div_ceil(BLOCK_DAYS as usize));
    }

    #[test]
    fn every_damage_is_caught_and_nothing_panics_or_allocates_without_bound() {
        let bytes = written(&sample());
        for cut in 0..bytes.len() {
            assert!(read_all(&bytes[..cut]).is_none(), "a cut at {cut} was believed");
        }
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x10;
            assert!(read_all(&damaged).is_none(), "a flip at {at} was believed");
        }
        // A forged head length or huge values never allocate without bound.
        let mut forged = bytes.clone();
        forged[HEADER_LEN - 8..HEADER_LEN].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(read_all(&forged).is_none());
        let (file, size) = file_of(&bytes);
        assert!(Reader::open(file, size, 10).is_none(), "the size limit holds");
    }

    fn with_forged_table(bytes: &[u8], forge: impl Fn(&mut [u64; 10])) -> Vec<u8> {
        forge_table(bytes, 0, forge).unwrap()
    }

    #[test]
    fn a_forged_table_never_panics_nor_allocates_without_bound() {
        let records: Vec<Record> = (1..=7)
            .map(|day| Record {
                day: day_of(day),
                len: 120,
            })
            .collect();
        let bytes = written(&records);
        assert_eq!(read_all(&with_forged_table(&bytes, |_| {})).unwrap().1, records);
        for field in 0..10 {
            for value in [0, 1, u64::from(u32::MAX), u64::from(u32::MAX) + 1, u64::MAX] {
                let forged = with_forged_table(&bytes, |values| values[field] = value);
                let (file, size) = file_of(&forged);
                let Some(mut reader) = Reader::open(file, size, u64::MAX) else {
                    continue;
                };
                let _ = reader.lines_len();
                // What is decoded matches the summary it was checked against.
                while let Some(block) = reader.next_block() {
                    if let Ok(read) = reader.records(&block) {
                        let span = block.span;
                        assert_eq!(read.len(), span.days as usize, "field {field} = {value}");
                        assert_eq!(
                            (read[0].day.date, read[read.len() - 1].day.date),
                            (span.first, span.last)
                        );
                        assert_eq!(read.iter().map(|r| r.len).sum::<u64>(), block.lines_len);
                    }
                }
            }
        }
    }

    fn day_of(n: u32) -> Day {
        day(&format!("2026-11-{n:02}"), n, 300 * u64::from(n))
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
