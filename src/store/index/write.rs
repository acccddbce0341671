//! Writing an index, one day's record at a time, in blocks.

use std::io::{self, Write};

use chrono::Datelike;

use super::{
    BLOCK_DAYS, Block, HEADER_LEN, Hasher, Head, Identity, Key, MAGIC, MAX_RECORD, NO_LINE, Record,
    put_varint,
};
use crate::days::Span;

/// An index being written, one record at a time.
pub struct Writer<W: Write> {
    out: W,
    /// Of the header, the head and the table.
    hash: Hasher,
    /// Bytes written so far.
    written: u64,
    table: Vec<u8>,
    block: Option<(Block, Hasher)>,
    key: Key,
}

impl<W: Write> Writer<W> {
    /// An index sealed with `key` (`Reader::open` checks it).
    pub fn new(
        mut out: W,
        key: Key,
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
        let mut hash = Hasher::new(&key);
        hash.update(&header);
        out.write_all(&header)?;
        Ok(Writer {
            out,
            hash,
            written: header.len() as u64,
            table: Vec::new(),
            block: None,
            key,
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
                self.block = Some((block, Hasher::new(&self.key)));
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
        self.table_entry(&block, hash.finish());
    }

    /// Another index's block as it stands: its records' bytes (`records`,
    /// as `Reader::raw_records` gives them) and its summary, unchanged.
    /// A block copied from a damaged or forged index stays so: a reader
    /// checks every block it decodes, and a write proves what it uses.
    /// The writer's key must be the one `records` were sealed with.
    pub fn copy_block(&mut self, block: &Block, records: &[u8]) -> io::Result<()> {
        self.close_block();
        let copied = Block {
            at: self.written,
            ..*block
        };
        self.written += records.len() as u64;
        self.table_entry(&copied, block.hash);
        self.out.write_all(records)
    }

    /// A block's summary and its records' checksum, in the table.
    fn table_entry(&mut self, block: &Block, hash: u64) {
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
        self.table.extend_from_slice(&hash.to_le_bytes());
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
