//! Writing a splice: the new head, the stored lines copied around the
//! new walk's line in the kernel, then the next index from the old one's
//! records, the blocks the walk does not touch copied as they stand.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

use anyhow::{Result, anyhow};
use chrono::NaiveDate;

use super::{Splice, Unproved};
use crate::days::Day;
use crate::model::Morning;
use crate::model::Session;
use crate::store::index::{Head, Identity, Reader, Record, Writer};
use crate::store::{Store, file, layout};

impl Splice {
    /// Writes the new version: the new head, the stored lines copied with
    /// the new line among them, then the index to match.
    pub fn commit(mut self, store: &Store) -> Result<()> {
        #[cfg(test)]
        crate::store::tests::SPLICES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
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
                old.key,
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
