//! Adding a walk without rewriting the history: when the index describes
//! the store file, a change that only adds one walk (and changes the head:
//! the ids, goals, timer, undo history) writes the new head, copies the
//! stored lines file to file (the kernel copies; they are never parsed nor
//! held in memory), and puts the new line exactly where a full rewrite
//! would: byte for byte the same file (a property test holds them equal).
//! Here: finding and proving the place; `write.rs`: the write.

mod write;

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use anyhow::Result;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

use super::index::{Identity, Reader};
use super::{Store, days_around, layout, read_span};
use crate::model::Morning;
use crate::model::{Document, Session, Surface, WalkDuration};

/// The store file open under the lock, its head parsed from its own
/// bytes; and the walk added so far, with where its line goes.
///
/// The index only says where to look: every place it gives is proved
/// from the store's bytes (a boundary between whole session lines, the
/// lines around it parsed, in time order, reaching far enough) before a
/// write uses it, and whatever cannot be proved sends the change down the
/// plain path, as if there were no index.
pub struct Splice {
    file: File,
    identity: Identity,
    /// The index that describes `file`, opened once (under the lock no
    /// one else replaces it); taken by the commit to write the next.
    index: Option<Reader>,
    pub head: Document,
    /// The next-morning records as the store held them: while they stand,
    /// the index's records of other days are copied as they are.
    opened_mornings: Vec<Morning>,
    first_offset: u64,
    region_len: u64,
    /// Where the index says the line of the walk with the highest id is.
    last_line: Option<u64>,
    pub added: Option<Session>,
    /// Where the added walk's line goes, as an offset into the lines.
    at: u64,
}

/// What the index said could not be proved from the store's bytes.
#[derive(Debug)]
pub struct Unproved;

/// A session line read from the store, and its length.
struct Line {
    len: u64,
    session: Session,
}

/// How far a scan for a line's end reads at a time.
const SCAN: u64 = 4096;

impl Splice {
    /// The store file ready for a splice, or the file back when the index
    /// does not describe it or it is not laid out as backwalk writes it.
    pub fn open(store: &Store, file: File, identity: Identity) -> Result<Splice, File> {
        let Some((index, head, first_offset, region_len, last_line)) = Splice::check(store, &file, identity)
        else {
            return Err(file);
        };
        Ok(Splice {
            file,
            identity,
            index: Some(index),
            opened_mornings: head.mornings.clone(),
            head,
            first_offset,
            region_len,
            last_line,
            added: None,
            at: 0,
        })
    }

    /// The head parsed from the store's bytes up to the first session
    /// line, and the lines closed as backwalk closes them.
    fn check(
        store: &Store,
        file: &File,
        identity: Identity,
    ) -> Option<(Reader, Document, u64, u64, Option<u64>)> {
        let reader = store.index_for(&identity)?;
        let first_offset = reader.first_offset;
        let close = layout::SESSIONS_CLOSE;
        let end = identity.size().checked_sub(close.len() as u64)?;
        if first_offset > end || read_span(file, end, identity.size(), identity.size())? != close {
            return None;
        }
        let head = layout::decode_head(&read_span(file, 0, first_offset, identity.size())?)?;
        let last_line = reader.last_line;
        Some((reader, head, first_offset, end - first_offset, last_line))
    }

    /// The surface of the walk with the highest id (`None`: there are no
    /// walks), when it is proved: the line the index points at is a whole
    /// session line and holds the id just below `next_id`, so no walk has
    /// a higher one. Else the caller loads the store.
    pub fn last_surface(&self) -> Result<Option<Surface>, Unproved> {
        if let Some(added) = &self.added {
            return Ok(Some(added.surface));
        }
        if self.region_len == 0 {
            return Ok(None);
        }
        let line = self.last_line.and_then(|at| self.line_from(at)).ok_or(Unproved)?;
        if line.session.id.checked_add(1) == Some(self.head.next_id) {
            Ok(Some(line.session.surface))
        } else {
            Err(Unproved)
        }
    }

    /// Where the lines of the days `first..=last` are, as the index says:
    /// absolute offsets `[from, until)`, empty where the days have none.
    fn locate(&mut self, first: NaiveDate, last: NaiveDate) -> Option<(u64, u64)> {
        let reader = self.index.as_mut()?;
        reader.rewind();
        let mut offset = self.first_offset;
        let mut span: Option<(u64, u64)> = None;
        let mut before = None;
        while let Some(block) = reader.next_block() {
            if block.span.last < first {
                offset = offset.checked_add(block.lines_len)?;
                continue;
            }
            if block.span.first > last {
                before.get_or_insert(offset);
                break;
            }
            for record in reader.records(&block).ok()? {
                let date = record.day.date;
                if date >= first {
                    before.get_or_insert(offset);
                }
                let next = offset.checked_add(record.len)?;
                if (first..=last).contains(&date) {
                    span = Some((span.map_or(offset, |(from, _)| from), next));
                }
                offset = next;
            }
        }
        span.or_else(|| {
            let at = before.unwrap_or(offset);
            Some((at, at))
        })
    }

    fn lines_end(&self) -> u64 {
        self.first_offset + self.region_len
    }

    /// The whole line starting at `at` (just after a line's end), parsed
    /// and written exactly as backwalk writes it.
    fn line_from(&self, at: u64) -> Option<Line> {
        let end = self.lines_end();
        if at < self.first_offset || at >= end {
            return None;
        }
        // The byte before is read with the line: a line's end, unless the
        // line is the first (`boundary`).
        let lead = usize::from(at > self.first_offset);
        let mut want = SCAN;
        loop {
            let until = at.saturating_add(want).min(end);
            let read = read_span(&self.file, at - lead as u64, until, self.identity.size())?;
            let (before, bytes) = read.split_at(lead);
            if before.iter().any(|b| *b != layout::LINE_BREAK) {
                return None;
            }
            if let Some(n) = bytes.iter().position(|b| *b == layout::LINE_BREAK) {
                let len = n as u64 + 1;
                return self
                    .parse_line(at, &bytes[..=n])
                    .map(|session| Line { len, session });
            }
            if until == end {
                return None;
            }
            want = want.saturating_mul(2);
        }
    }

    /// The whole line that ends at `at` (a boundary), if any.
    fn line_before(&self, at: u64) -> Result<Option<Line>, Unproved> {
        if at == self.first_offset {
            return Ok(None);
        }
        if at < self.first_offset || self.boundary(at) != Some(true) {
            return Err(Unproved);
        }
        let mut want = SCAN;
        loop {
            let from = at.saturating_sub(want).max(self.first_offset);
            let bytes = read_span(&self.file, from, at - 1, self.identity.size()).ok_or(Unproved)?;
            let start = match bytes.iter().rposition(|b| *b == layout::LINE_BREAK) {
                Some(n) => from + n as u64 + 1,
                None if from == self.first_offset => from,
                None => {
                    want = want.saturating_mul(2);
                    continue;
                }
            };
            return self.line_from(start).map(Some).ok_or(Unproved);
        }
    }

    /// Whether a line starts at `at`: the lines' first byte, or just after
    /// a line's end.
    fn boundary(&self, at: u64) -> Option<bool> {
        if at == self.first_offset {
            return Some(true);
        }
        let byte = read_span(&self.file, at - 1, at, self.identity.size())?;
        Some(byte == [layout::LINE_BREAK])
    }

    /// A session line, only when it is byte for byte what backwalk writes
    /// for that session in that place (the last line has no comma).
    fn parse_line(&self, at: u64, line: &[u8]) -> Option<Session> {
        let last = at + line.len() as u64 == self.lines_end();
        let session = layout::parse_session_lines(line)?.pop()?;
        let mut written = Vec::with_capacity(line.len());
        layout::write_session_line(&mut written, &session, last);
        (written == line).then_some(session)
    }

    /// Where a walk `[start, end)` goes, and the stored walks it may
    /// overlap: found with the index, proved from the store. The lines
    /// read are whole, in time order, and reach from a walk that starts a
    /// day or more before `start` (or the first line) to one that starts
    /// at `end` or later (or the last line), so no walk outside them can
    /// overlap; the new line goes after every one that starts no later
    /// than `start` (it has the highest id). `None` when the index points
    /// anywhere else.
    fn place(
        &mut self,
        store: &Store,
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
    ) -> Option<(Vec<Session>, u64)> {
        let (first, last) = days_around(store.clock, start, end);
        let (from, until) = self.locate(first, last)?;
        let lines_end = self.lines_end();
        if from < self.first_offset || from > until || until > lines_end {
            return None;
        }
        let before = self.line_before(from).ok()?;
        let mut lines = Vec::new();
        let mut at = from;
        while at < until {
            let line = self.line_from(at)?;
            at += line.len;
            lines.push(line);
        }
        if at != until {
            return None;
        }
        let after = if until == lines_end {
            None
        } else {
            Some(self.line_from(until)?)
        };
        let earliest = start - Duration::seconds(WalkDuration::MAX_SECONDS.into());
        let reaches_back = before.as_ref().is_none_or(|line| line.session.start <= earliest);
        let reaches_on = after.as_ref().is_none_or(|line| line.session.start >= end);
        let keys: Vec<_> = before
            .iter()
            .chain(&lines)
            .chain(&after)
            .map(|line| (line.session.start, line.session.id))
            .collect();
        if !(reaches_back && reaches_on && keys.is_sorted() && keys.windows(2).all(|w| w[0] != w[1])) {
            return None;
        }
        let insertion = lines
            .iter()
            .take_while(|line| line.session.start <= start)
            .fold(from, |at, line| at + line.len);
        let sessions = lines.into_iter().map(|line| line.session).collect();
        Some((sessions, insertion - self.first_offset))
    }

    /// The stored walks a new walk `[start, end)` may overlap, with its
    /// place remembered for the commit; `None` sends the change down the
    /// plain path.
    pub fn sessions_around(
        &mut self,
        store: &Store,
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
    ) -> Option<Vec<Session>> {
        let (sessions, at) = self.place(store, start, end)?;
        self.at = at;
        Some(sessions)
    }

    /// The whole document, with the head as changed and the walk added.
    pub fn load(&self, store: &Store) -> Result<Document> {
        let mut bytes = Vec::new();
        (&self.file).seek(SeekFrom::Start(0))?;
        (&self.file).read_to_end(&mut bytes)?;
        let on_disk = store.decode(&bytes)?;
        let mut document = Document {
            sessions: on_disk.sessions,
            ..self.head.clone()
        };
        if let Some(added) = &self.added {
            document.insert_many(vec![added.clone()]);
        }
        Ok(document)
    }
}
