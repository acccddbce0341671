//! Adding a walk without rewriting the history: when the index describes
//! the store file, a change that only adds one walk (and changes the head:
//! the ids, goals, timer, undo history) writes the new head, copies the
//! stored lines file to file (the kernel copies; they are never parsed nor
//! held in memory), and puts the new line exactly where a full rewrite
//! would: byte for byte the same file (a property test holds them equal).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

use anyhow::{Result, anyhow};
use chrono::{DateTime, FixedOffset, NaiveDate};

use super::index::{Head, Identity, Record, Writer};
use super::{Store, days_around, file, layout, read_span};
use crate::days::Day;
use crate::model::{Document, Session, Surface};

/// The store file open under the lock, its head parsed, its index
/// believed; and the walk added so far.
pub struct Stored {
    file: File,
    identity: Identity,
    pub head: Document,
    index_head: Head,
    first_offset: u64,
    region_len: u64,
    pub added: Option<Session>,
    /// Where the lines of the added walk's day are, found with its
    /// neighbours: the splice then needs no second pass over the index.
    added_day: Option<(NaiveDate, Located)>,
}

/// Where a span of days lies in the store.
#[derive(Clone, Copy)]
struct Located {
    /// The days' lines, when any of the days has walks.
    span: Option<(u64, u64)>,
    /// Where lines of the first day would start: after every earlier day.
    before: u64,
}

impl Stored {
    /// The store file ready for a splice, or the file back when the index
    /// does not describe it or it is not laid out as backwalk writes it.
    pub fn open(store: &Store, file: File, identity: Identity) -> Result<Stored, File> {
        let Some(stored) = Stored::check(store, &file, identity) else {
            return Err(file);
        };
        let (head, index_head, first_offset, region_len) = stored;
        Ok(Stored {
            file,
            identity,
            head,
            index_head,
            first_offset,
            region_len,
            added: None,
            added_day: None,
        })
    }

    fn check(store: &Store, file: &File, identity: Identity) -> Option<(Document, Head, u64, u64)> {
        let reader = store.index_for(&identity)?;
        let region_len = reader.lines_len()?;
        let (first_offset, index_head) = (reader.first_offset, reader.head);
        let end = first_offset.checked_add(region_len)?;
        let close = layout::SESSIONS_CLOSE;
        if end.checked_add(close.len() as u64)? != identity.size() {
            return None;
        }
        if read_span(file, end, identity.size(), identity.size())? != close {
            return None;
        }
        let head = layout::decode_head(&read_span(file, 0, first_offset, identity.size())?)?;
        Some((head, index_head, first_offset, region_len))
    }

    pub fn last_surface(&self) -> Option<Surface> {
        self.added
            .as_ref()
            .map(|s| s.surface)
            .or(self.index_head.last_surface)
    }

    /// Where the lines of each span of days `first..=last` are, in one
    /// pass over the index.
    fn locate<const N: usize>(
        &self,
        store: &Store,
        spans: [(NaiveDate, NaiveDate); N],
    ) -> Result<[Located; N]> {
        let damaged = || {
            anyhow!(
                "the index of store {} changed under the lock",
                store.path().display()
            )
        };
        let mut reader = store.index_for(&self.identity).ok_or_else(damaged)?;
        let mut offset = self.first_offset;
        let mut located = [Located {
            span: None,
            before: self.first_offset + self.region_len,
        }; N];
        while let Some(block) = reader.next_block() {
            let (start, end) = (block.span.first, block.span.last);
            for (&(first, _), located) in spans.iter().zip(&mut located) {
                if start >= first && located.before > offset {
                    located.before = offset;
                }
            }
            if !spans.iter().any(|&(first, last)| first <= end && start <= last) {
                offset += block.lines_len;
                continue;
            }
            for record in reader.records(&block).map_err(|_| damaged())? {
                let date = record.day.date;
                for (&(first, last), located) in spans.iter().zip(&mut located) {
                    if date >= first && located.span.is_none() && located.before > offset {
                        located.before = offset;
                    }
                    if (first..=last).contains(&date) {
                        let from = located.span.map_or(offset, |(from, _)| from);
                        located.span = Some((from, offset + record.len));
                    }
                }
                offset += record.len;
            }
        }
        Ok(located)
    }

    fn lines(&self, from: u64, until: u64) -> Result<Vec<u8>> {
        read_span(&self.file, from, until, self.identity.size())
            .ok_or_else(|| anyhow!("cannot read the store's lines"))
    }

    /// The stored sessions that may overlap a walk `[start, end)` about to
    /// be added.
    pub fn sessions_around(
        &mut self,
        store: &Store,
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
    ) -> Result<Vec<Session>> {
        let (first, last) = days_around(store.clock, start, end);
        let day = store.clock.date_of(&start);
        let [around, own_day] = self.locate(store, [(first, last), (day, day)])?;
        self.added_day = Some((day, own_day));
        let Some((from, until)) = around.span else {
            return Ok(Vec::new());
        };
        layout::parse_session_lines(&self.lines(from, until)?)
            .ok_or_else(|| store.damaged("has an unreadable session line"))
    }

    /// The whole document, with the head as changed and the walk added.
    pub fn load(&self, store: &Store) -> Result<Document> {
        let mut bytes = Vec::new();
        (&self.file).seek(SeekFrom::Start(0))?;
        (&self.file).read_to_end(&mut bytes)?;
        let stored = store.decode(&bytes)?;
        let mut document = Document {
            sessions: stored.sessions,
            ..self.head.clone()
        };
        if let Some(added) = &self.added {
            document.insert_many(vec![added.clone()]);
        }
        Ok(document)
    }

    /// Writes the new version: the new head, the stored lines copied with
    /// the new line among them, then the index to match.
    #[allow(
        clippy::too_many_lines,
        reason = "one durable write, its steps in the order they run"
    )]
    pub fn commit(self, store: &Store) -> Result<()> {
        #[cfg(test)]
        super::tests::SPLICES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let mut head = self.head.clone();
        head.check()
            .map_err(|e| anyhow!("the change would make the store invalid ({e}); nothing was written"))?;
        if let Some(added) = &self.added {
            added
                .check()
                .map_err(|e| anyhow!("the walk cannot be stored ({e}); nothing was written"))?;
        }
        let mut new_head = Vec::with_capacity(usize::try_from(self.first_offset).unwrap_or(0) + 256);
        layout::encode_head(&head, &mut new_head);
        let insertion = match &self.added {
            Some(added) => Some(self.insertion(store, added)?),
            None => None,
        };
        let (start, len) = (self.first_offset, self.region_len);
        file::save(
            &store.paths,
            |out| {
                out.write_all(&new_head)?;
                match &insertion {
                    Some((at, line)) if *at == len && len > 0 => {
                        // The old last line gets the comma it now needs.
                        copy(&self.file, start, len - 1, out)?;
                        out.write_all(b",\n")?;
                        out.write_all(line)?;
                    }
                    Some((at, line)) => {
                        copy(&self.file, start, *at, out)?;
                        out.write_all(line)?;
                        copy(&self.file, start + at, len - at, out)?;
                    }
                    None => copy(&self.file, start, len, out)?,
                }
                out.write_all(layout::SESSIONS_CLOSE)
            },
            true,
        )?;
        let Ok(metadata) = std::fs::metadata(&store.paths.file) else {
            return Ok(());
        };
        let new = Identity::of(&metadata);
        let index_head = Head {
            next_id: head.next_id,
            goals: head.goals.clone(),
            timer: head.timer.clone(),
            last_surface: self.last_surface(),
        };
        // The new walk's day, its line's length, and whether the line went
        // at the very end (the old last line then took a comma).
        let added = self
            .added
            .as_ref()
            .zip(insertion.as_ref())
            .map(|(session, (at, line))| {
                let date = store.clock.date_of(&session.start);
                (session, date, line.len() as u64, *at == len && len > 0)
            });
        let old_reader = store.index_for(&self.identity);
        store.indexed.set(Some(new));
        file::write_index(&store.paths, |out| {
            let mut old = old_reader.ok_or_else(|| io::Error::other("the index changed"))?;
            let mut writer = Writer::new(
                out,
                &new,
                store.clock.zone().fingerprint(),
                new_head.len() as u64,
                &index_head,
            )?;
            let mut pending = added.map(|(session, date, line_len, _)| (session, date, line_len));
            let new_record = |session: &Session, date: NaiveDate, len: u64| {
                let mut day = Day::empty(date);
                day.add(session);
                day.set_morning(&head.mornings);
                Record { day, len }
            };
            // One record is held back: the last one may take the comma.
            let mut held_back: Option<Record> = None;
            let mut push = |writer: &mut Writer<_>, record: Record| match held_back.replace(record) {
                Some(previous) => writer.record(&previous),
                None => Ok(()),
            };
            while let Some(block) = old.next_block() {
                let records = old
                    .records(&block)
                    .map_err(|_| io::Error::other("damaged index"))?;
                for &(mut record) in records {
                    // The head's next-morning records may have changed.
                    record.day.set_morning(&head.mornings);
                    if let Some((session, date, line_len)) = pending {
                        if date < record.day.date {
                            push(&mut writer, new_record(session, date, line_len))?;
                            pending = None;
                        } else if date == record.day.date {
                            record.day.add(session);
                            record.len += line_len;
                            pending = None;
                        }
                    }
                    push(&mut writer, record)?;
                }
            }
            if let Some(mut last) = held_back {
                if added.is_some_and(|(_, _, _, comma)| comma) {
                    last.len += 1;
                }
                writer.record(&last)?;
            }
            if let Some((session, date, line_len)) = pending {
                writer.record(&new_record(session, date, line_len))?;
            }
            writer.finish().map(drop)
        });
        Ok(())
    }

    /// Where `session`'s line goes, as an offset into the session lines,
    /// and the line: after every stored line that starts no later (it has
    /// the highest id), among the lines of its own day.
    fn insertion(&self, store: &Store, session: &Session) -> Result<(u64, Vec<u8>)> {
        let date = store.clock.date_of(&session.start);
        let located = match self.added_day {
            Some((day, located)) if day == date => located,
            _ => {
                let [located] = self.locate(store, [(date, date)])?;
                located
            }
        };
        let at = match located.span {
            None => located.before,
            Some((from, until)) => {
                let lines = self.lines(from, until)?;
                let mut at = from;
                for line in lines.split_inclusive(|b| *b == b'\n') {
                    let stored = layout::parse_session_lines(line)
                        .and_then(|mut s| s.pop())
                        .ok_or_else(|| store.damaged("has an unreadable session line"))?;
                    if stored.start > session.start {
                        break;
                    }
                    at += line.len() as u64;
                }
                at
            }
        };
        let at = at - self.first_offset;
        let mut line = Vec::with_capacity(256);
        layout::write_session_line(&mut line, session, at == self.region_len);
        Ok((at, line))
    }
}

/// Copies `len` bytes of `from` at `offset` to `out`, in the kernel where
/// it can (std's `io::copy` uses `copy_file_range` between files).
fn copy(from: &File, offset: u64, len: u64, out: &mut File) -> io::Result<()> {
    let mut source = from;
    source.seek(SeekFrom::Start(offset))?;
    let copied = io::copy(&mut source.take(len), out)?;
    if copied != len {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the store ended early",
        ));
    }
    Ok(())
}
