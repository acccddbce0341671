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
//! checked against the store's own bytes (`splice/`): it only says
//! where to look.
//!
//! The format, byte by byte (numbers are little-endian `u64` unless
//! said; "varint" is LEB128, seven bits a byte, low bits first), so that
//! a test can forge one:
//!
//! ```text
//! header   "BWIDX\0\0\x06"                            8 bytes
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
//! Every checksum is SipHash-2-4 keyed with the key in `<store>.key`
//! (`Hasher` below): the format is public, the key is not, so an index
//! that someone without the key wrote or changed is never believed, however
//! well formed. Whoever can read the key can read and rewrite the store
//! itself; for them the index is no more a boundary than the store is,
//! and even then a write believes nothing of it unproved (`splice/`).

mod read;
mod write;

#[cfg(test)]
mod forge;
#[cfg(test)]
mod tests;

use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;

use serde::{Deserialize, Serialize};

use crate::days::{Day, Span};
use crate::model::{Document, Goals, Surface, Timer};

#[cfg(test)]
pub use forge::forge_table;
pub use read::Reader;
pub use write::Writer;

const MAGIC: &[u8; 8] = b"BWIDX\0\0\x06";
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

/// The key that seals an index: kept in its own file beside the store
/// (`file::read_key`), readable by its owner only, never synced, never
/// exported. An index sealed with another key, or none, is not one.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Key([u8; 16]);

impl Key {
    pub const fn new(bytes: [u8; 16]) -> Key {
        Key(bytes)
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(..)")
    }
}

/// The seal of the header, head and table, and each block's records:
/// SipHash-2-4 under the key. It catches an index torn or damaged on
/// disk, and one written by anyone who does not hold the key: the
/// format above is public, the key is not.
struct Hasher(siphasher::sip::SipHasher24);

impl Hasher {
    fn new(key: &Key) -> Hasher {
        Hasher(siphasher::sip::SipHasher24::new_with_key(&key.0))
    }

    fn update(&mut self, bytes: &[u8]) {
        std::hash::Hasher::write(&mut self.0, bytes);
    }

    fn finish(self) -> u64 {
        std::hash::Hasher::finish(&self.0)
    }
}
