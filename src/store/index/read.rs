//! Reading an index: its header, head and table checked at once, a
//! block's records decoded (and checked) only when asked for.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

use chrono::{Datelike, NaiveDate};

use super::{
    Block, CHUNK, Damaged, HEADER_LEN, Hasher, Head, Identity, Key, MAGIC, MAX_RECORD, NO_LINE, Record,
    TRAILER_LEN, get_varint,
};
use crate::days::{Day, Span};

/// An index opened for reading, its header, head and table checked.
pub struct Reader {
    pub identity: Identity,
    pub zone: u64,
    pub first_offset: u64,
    /// Where the line of the walk with the highest id is said to start.
    pub last_line: Option<u64>,
    pub head: Head,
    pub(super) blocks: Vec<Block>,
    /// The key it was sealed with, which seals the next index too.
    pub key: Key,
    /// The next block `next_block` gives.
    next: usize,
    window: Window,
    /// The records of the block last decoded, and that block.
    records: Vec<Record>,
    decoded: Option<Block>,
}

impl Reader {
    /// The index in `file` (already opened without following links), or
    /// `None` when it is not one, or not sealed with `key`; `limit`
    /// bounds the size believed.
    pub fn open(file: File, size: u64, limit: u64, key: Key) -> Option<Reader> {
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
        let mut hash = Hasher::new(&key);
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
            key,
            next: 0,
            window: Window {
                file,
                end: records_end,
                bytes: Vec::new(),
                at: 0,
            },
            records: Vec::new(),
            decoded: None,
        })
    }

    /// The byte length of all the session lines, from the table.
    pub fn lines_len(&self) -> Option<u64> {
        self.blocks
            .iter()
            .try_fold(0u64, |sum, block| sum.checked_add(block.lines_len))
    }

    /// Back to the first block.
    pub fn rewind(&mut self) {
        self.next = 0;
    }

    /// The next block, in date order; `None` after the last.
    pub fn next_block(&mut self) -> Option<Block> {
        let block = self.blocks.get(self.next).copied();
        self.next += 1;
        block
    }

    /// Whether the block `next_block` gave last was the last one.
    pub fn was_last(&self) -> bool {
        self.next >= self.blocks.len()
    }

    /// A block's records as they stand in the file, unchecked (to be
    /// copied whole into the next index, `Writer::copy_block`).
    pub fn raw_records(&mut self, block: &Block) -> io::Result<&[u8]> {
        self.window.get(block.at, block.len)
    }

    /// A block's records, checked against its checksum and its summary.
    pub fn records(&mut self, block: &Block) -> Result<&[Record], Damaged> {
        // A write asks for the same block twice (to find its place, then
        // to write the next index): decoded once.
        if self.decoded == Some(*block) {
            return Ok(&self.records);
        }
        self.decoded = None;
        let bytes = self.window.get(block.at, block.len).map_err(|_| Damaged)?;
        let mut hash = Hasher::new(&self.key);
        hash.update(bytes);
        if hash.finish() != block.hash {
            return Err(Damaged);
        }
        self.records.clear();
        decode_block(bytes, block, &mut self.records)?;
        self.decoded = Some(*block);
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
