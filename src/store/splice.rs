//! Adding a walk without rewriting the history: when the index describes
//! the store file, a change that only adds one walk (and changes the head:
//! the ids, goals, timer, undo history) writes the new head, copies the
//! stored lines file to file (the kernel copies; they are never parsed nor
//! held in memory), and puts the new line exactly where a full rewrite
//! would: byte for byte the same file (a property test holds them equal).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

use anyhow::{Result, anyhow};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

use super::index::{Head, Identity, Reader, Record, Writer};
use super::{Store, days_around, file, layout, read_span};
use crate::days::Day;
use crate::model::{Document, Session, Surface, WalkDuration};
use crate::morning::Morning;

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

    /// Writes the new version: the new head, the stored lines copied with
    /// the new line among them, then the index to match.
    pub fn commit(mut self, store: &Store) -> Result<()> {
        #[cfg(test)]
        super::tests::SPLICES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.check_change()?;
        let old_index = self.index.take();
        let mut new_head = Vec::with_capacity(usize::try_from(self.first_offset).unwrap_or(0) + 256);
        layout::encode_head(&self.head, &mut new_head);
        let insertion = self.insertion();
        file::save_then(
            &store.paths,
            |out| self.write_spliced(out, &new_head, insertion.as_ref()),
            true,
            // Once the new store is in place, before the folder's sync
            // that makes both durable.
            || self.rewrite_index(store, old_index, new_head.len() as u64, insertion.as_ref()),
        )
    }

    /// The checks a full save makes, of what a splice changes: the head,
    /// and the walk added.
    fn check_change(&self) -> Result<()> {
        // The head has no sessions: the check has nothing to sort.
        self.head
            .clone()
            .check()
            .map_err(|e| anyhow!("the change would make the store invalid ({e}); nothing was written"))?;
        if let Some(added) = &self.added {
            added
                .check()
                .map_err(|e| anyhow!("the walk cannot be stored ({e}); nothing was written"))?;
        }
        Ok(())
    }

    /// The added walk's line, where `sessions_around` proved it goes.
    fn insertion(&self) -> Option<Insertion> {
        self.added.as_ref().map(|added| {
            let mut line = Vec::with_capacity(256);
            layout::write_session_line(&mut line, added, self.at == self.region_len);
            Insertion {
                at: self.at,
                line,
                appended: self.at == self.region_len && self.region_len > 0,
            }
        })
    }

    /// The new store's bytes: the new head, the stored lines copied
    /// around the new line, the close.
    fn write_spliced(
        &self,
        out: &mut File,
        new_head: &[u8],
        insertion: Option<&Insertion>,
    ) -> io::Result<()> {
        let (start, len) = (self.first_offset, self.region_len);
        out.write_all(new_head)?;
        match insertion {
            Some(Insertion {
                line, appended: true, ..
            }) => {
                // The old last line takes the separator it now needs; the
                // rest goes in one write.
                copy(&self.file, start, len - layout::LAST_LINE_END.len() as u64, out)?;
                out.write_all(&[layout::LINE_CONTINUES, line, layout::SESSIONS_CLOSE].concat())
            }
            Some(Insertion { at, line, .. }) => {
                copy(&self.file, start, *at, out)?;
                out.write_all(line)?;
                copy(&self.file, start + at, len - at, out)?;
                out.write_all(layout::SESSIONS_CLOSE)
            }
            None => {
                copy(&self.file, start, len, out)?;
                out.write_all(layout::SESSIONS_CLOSE)
            }
        }
    }

    /// The index of the new store, from the old one's records with the
    /// new walk's day changed or added (best effort: see
    /// `file::write_index`).
    fn rewrite_index(
        &self,
        store: &Store,
        old_reader: Option<Reader>,
        new_first: u64,
        insertion: Option<&Insertion>,
    ) {
        let Ok(metadata) = std::fs::metadata(&store.paths.file) else {
            return;
        };
        let new = Identity::of(&metadata);
        let index_head = self.index_head(old_reader.as_ref());
        let added = self
            .added
            .as_ref()
            .zip(insertion)
            .map(|(session, insertion)| Added {
                session,
                date: store.clock.date_of(&session.start),
                line_len: insertion.line.len() as u64,
                appended: insertion.appended,
            });
        let last_line = match &added {
            Some(added) => Some(new_first + self.at + if added.appended { COMMA_GROWTH } else { 0 }),
            None => self
                .last_line
                .and_then(|at| at.checked_sub(self.first_offset))
                .and_then(|at| at.checked_add(new_first)),
        };
        store.indexed.set(Some(new));
        file::write_index(&store.paths, |out| {
            let old = old_reader.ok_or_else(|| io::Error::other("the index changed"))?;
            let writer = Writer::new(
                out,
                &new,
                store.clock.zone().fingerprint(),
                new_first,
                last_line,
                &index_head,
            )?;
            let mornings = Mornings {
                now: &self.head.mornings,
                changed: self.head.mornings != self.opened_mornings,
            };
            copy_records(old, writer, added, &mornings)
        });
    }

    /// What the new index says of the head.
    fn index_head(&self, old_reader: Option<&Reader>) -> Head {
        Head {
            next_id: self.head.next_id,
            goals: self.head.goals.clone(),
            timer: self.head.timer.clone(),
            // For readers only: a write proves it (`last_surface`).
            last_surface: match self.last_surface() {
                Ok(surface) => surface,
                Err(Unproved) => old_reader.and_then(|reader| reader.head.last_surface),
            },
        }
    }
}

/// How much longer the old last line grows when a line is appended
/// after it (it takes the separator).
const COMMA_GROWTH: u64 = (layout::LINE_CONTINUES.len() - layout::LAST_LINE_END.len()) as u64;

/// The new walk's line and where it goes (an offset into the lines).
struct Insertion {
    at: u64,
    line: Vec<u8>,
    /// After the old last line, which then takes the separator.
    appended: bool,
}

/// The head's next-morning records, and whether the change made them
/// differ from the store's.
struct Mornings<'a> {
    now: &'a [Morning],
    changed: bool,
}

/// The new walk as the index records it.
struct Added<'a> {
    session: &'a Session,
    date: NaiveDate,
    line_len: u64,
    appended: bool,
}

/// The old index's records into `writer`, with the added walk's day
/// changed or put in its place and the last record grown when the new
/// line went after it; every day with the head's next-morning records
/// when they changed. The blocks nothing of that touches are copied as
/// they stand, undecoded.
fn copy_records<W: io::Write>(
    mut old: Reader,
    mut writer: Writer<W>,
    added: Option<Added>,
    mornings: &Mornings,
) -> io::Result<()> {
    old.rewind();
    let appended = added.as_ref().is_some_and(|added| added.appended);
    let mut pending = added;
    let new_record = |added: &Added| {
        let mut day = Day::empty(added.date);
        day.add(added.session);
        day.set_morning(mornings.now);
        Record {
            day,
            len: added.line_len,
        }
    };
    // One record is held back: the last one may take the comma.
    let mut held_back: Option<Record> = None;
    while let Some(block) = old.next_block() {
        let touched = mornings.changed
            || pending
                .as_ref()
                .is_some_and(|added| added.date <= block.span.last)
            || (appended && old.was_last());
        if !touched {
            if let Some(previous) = held_back.take() {
                writer.record(&previous)?;
            }
            writer.copy_block(&block, old.raw_records(&block)?)?;
            continue;
        }
        let records = old
            .records(&block)
            .map_err(|_| io::Error::other("damaged index"))?;
        for &(mut record) in records {
            if mornings.changed {
                record.day.set_morning(mornings.now);
            }
            if let Some(added) = &pending {
                if added.date < record.day.date {
                    let new = new_record(added);
                    if let Some(previous) = held_back.replace(new) {
                        writer.record(&previous)?;
                    }
                    pending = None;
                } else if added.date == record.day.date {
                    record.day.add(added.session);
                    record.len += added.line_len;
                    pending = None;
                }
            }
            if let Some(previous) = held_back.replace(record) {
                writer.record(&previous)?;
            }
        }
    }
    if let Some(mut last) = held_back {
        if appended {
            last.len += COMMA_GROWTH;
        }
        writer.record(&last)?;
    }
    if let Some(added) = &pending {
        writer.record(&new_record(added))?;
    }
    writer.finish().map(drop)
}

/// Copies `len` bytes of `from` at `offset` to `out` at its position:
/// in the kernel where it can (`copy_file_range`, one call each way, no
/// seek nor stat), else through memory.
fn copy(from: &File, offset: u64, len: u64, out: &mut File) -> io::Result<()> {
    let ended_early = || io::Error::new(io::ErrorKind::UnexpectedEof, "the store ended early");
    let copied = copy_in_kernel(from, offset, len, out)?;
    if copied < len {
        let mut source = from;
        source.seek(SeekFrom::Start(offset + copied))?;
        if io::copy(&mut source.take(len - copied), out)? != len - copied {
            return Err(ended_early());
        }
    }
    Ok(())
}

/// How much of the copy `copy_file_range` did: all of it, or nothing
/// where the kernel or the file system cannot.
#[cfg(target_os = "linux")]
fn copy_in_kernel(from: &File, offset: u64, len: u64, out: &File) -> io::Result<u64> {
    use std::os::fd::AsRawFd;
    let mut copied = 0;
    while copied < len {
        let mut at = libc::loff_t::try_from(offset + copied).map_err(io::Error::other)?;
        let want = usize::try_from(len - copied).unwrap_or(usize::MAX).min(1 << 30);
        // SAFETY: two descriptors this function borrows; the source's
        // offset is the local `at`, the destination's its own position.
        let done = unsafe {
            libc::copy_file_range(
                from.as_raw_fd(),
                &raw mut at,
                out.as_raw_fd(),
                std::ptr::null_mut(),
                want,
                0,
            )
        };
        match done {
            0 => {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the store ended early",
                ));
            }
            1.. => copied += done.cast_unsigned() as u64,
            _ => {
                let error = io::Error::last_os_error();
                let unsupported = matches!(
                    error.raw_os_error(),
                    Some(libc::ENOSYS | libc::EXDEV | libc::EINVAL | libc::EOPNOTSUPP | libc::EPERM)
                );
                match error.kind() {
                    io::ErrorKind::Interrupted => {}
                    _ if unsupported && copied == 0 => return Ok(0),
                    _ => return Err(error),
                }
            }
        }
    }
    Ok(copied)
}

#[cfg(not(target_os = "linux"))]
fn copy_in_kernel(_: &File, _: u64, _: u64, _: &File) -> io::Result<u64> {
    Ok(0)
}
