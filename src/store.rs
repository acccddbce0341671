//! The store: the only code that touches the file system. One JSON file,
//! read whole; every change is made under an exclusive lock, written to a
//! temporary file in the same folder, synced, and renamed over the old one,
//! whose last good version is kept as `<file>.bak`. A derived index,
//! `<file>.idx` (see `index.rs`), lets the day and week commands read only
//! the lines they show.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::{DirBuilderExt, FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use serde::Deserialize;

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::index::{Identity, Index, IndexWriter};
use crate::model::{Change, Document, FORMAT, NewSession, Session, Surface, Timer, VERSION};
use crate::plan::{HistoryFold, Snapshot, window};

pub struct Store {
    path: PathBuf,
    /// Whose local days the index counts.
    clock: Clock,
}

impl Store {
    pub fn at(path: PathBuf, clock: Clock) -> Store {
        Store { path, clock }
    }

    /// `sessions.json` in the platform's data folder for backwalk.
    pub fn default_path() -> Result<PathBuf> {
        let dirs = directories::ProjectDirs::from("", "", "backwalk").ok_or_else(|| {
            anyhow!("cannot find a home folder for the store; give one with --store PATH or BACKWALK_STORE")
        })?;
        Ok(dirs.data_dir().join("sessions.json"))
    }

    #[cfg(test)]
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sibling(&self, suffix: &str) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(suffix);
        self.path.with_file_name(name)
    }

    pub fn backup_path(&self) -> PathBuf {
        self.sibling(".bak")
    }

    /// The document, or an empty one when the file does not exist yet.
    pub fn load(&self) -> Result<Document> {
        Ok(self.read()?.0)
    }

    /// The document and the bytes it was read from (none for a new store).
    fn read(&self) -> Result<(Document, Option<Vec<u8>>)> {
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Document::default(), None)),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read store {}", self.path.display()));
            }
        };
        let document = self.decode(&bytes)?;
        Ok((document, Some(bytes)))
    }

    /// The document in `bytes`, or an error naming the file, the fault and
    /// the backup.
    fn decode(&self, bytes: &[u8]) -> Result<Document> {
        decode(bytes).map_err(|what| {
            let backup = self.backup_path();
            let hint = if backup.exists() {
                format!("the previous good version is {}", backup.display())
            } else {
                "no backup exists yet".to_string()
            };
            anyhow!(
                "store {} {what}; it was left as it is ({hint})",
                self.path.display()
            )
        })
    }

    pub fn index_path(&self) -> PathBuf {
        self.sibling(".idx")
    }

    /// What the day, week and plan commands read: the settings, timer and
    /// day totals, and the sessions of the days `shown` (first, last).
    /// Served from the index when it matches the file, else from a full
    /// read, which then rebuilds the index.
    pub fn snapshot(&self, shown: Option<(NaiveDate, NaiveDate)>, as_of: NaiveDate) -> Result<Snapshot> {
        let cannot_read = || format!("cannot read store {}", self.path.display());
        let mut file = match File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Snapshot::of(&Document::default(), &self.clock, shown, as_of));
            }
            Err(e) => return Err(e).with_context(cannot_read),
        };
        // The identity of the open file, so a rename by a writer between
        // here and the reads below cannot mix two versions.
        let identity = file.metadata().ok().map(|m| Identity::of(&m));
        if let Some(snapshot) = identity.and_then(|id| self.snapshot_from_index(&file, id, shown, as_of)) {
            return Ok(snapshot);
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).with_context(cannot_read)?;
        let document = self.decode(&bytes)?;
        if let Some(identity) = identity {
            // The line positions are known only when the file is laid out
            // exactly as backwalk writes it (not after a hand edit).
            let encoded = encode(&document)?;
            if encoded.bytes == bytes {
                self.rebuild_index(&document, &encoded.session_lines, identity);
            }
        }
        Ok(Snapshot::of(&document, &self.clock, shown, as_of))
    }

    /// A reader's rebuild of the index, only while it holds the lock and
    /// the file it read is still the current one: a writer may have saved
    /// since, and an index of an older version must never be written over
    /// the newer one (the identities of versions far apart may coincide on
    /// a file system with coarse times). A busy lock just skips it.
    fn rebuild_index(&self, document: &Document, session_lines: &[(u64, u64)], identity: Identity) {
        let Ok(lock) = self.lock_file() else { return };
        if lock.try_lock().is_err() {
            return;
        }
        if fs::metadata(&self.path).is_ok_and(|m| Identity::of(&m) == identity) {
            self.write_index(document, session_lines, identity);
        }
    }

    /// The snapshot from the index, reading its day records one at a time
    /// and only the store lines of the days shown.
    fn snapshot_from_index(
        &self,
        file: &File,
        identity: Identity,
        shown: Option<(NaiveDate, NaiveDate)>,
        as_of: NaiveDate,
    ) -> Option<Snapshot> {
        let bytes = fs::read(self.index_path()).ok()?;
        let (head, mut records) = crate::index::open(&bytes)?;
        if head.identity != identity || head.zone != self.clock.zone().name() {
            return None;
        }
        let mut fold = HistoryFold::new(head.settings().minutes, as_of, window(shown));
        let mut span: Option<(u64, u64)> = None;
        let mut count = 0;
        for record in records.by_ref() {
            fold.push(record.date, &record.totals);
            if shown.is_some_and(|(first, last)| (first..=last).contains(&record.date)) {
                let start = span.map_or(record.offset, |(start, _)| start);
                span = Some((start, record.offset + record.len));
                count += record.totals.sessions as usize;
            }
        }
        if !records.complete() {
            return None;
        }
        let sessions = match (shown, span) {
            (Some((first, last)), Some((start, end))) => {
                let mut lines = vec![0; usize::try_from(end - start).ok()?];
                file.read_exact_at(&mut lines, start).ok()?;
                let sessions = parse_session_lines(&lines)?;
                let on_shown_days = |s: &Session| (first..=last).contains(&self.clock.date_of(&s.start));
                (sessions.len() == count && sessions.iter().all(on_shown_days)).then_some(sessions)?
            }
            _ => Vec::new(),
        };
        Some(Snapshot::folded(
            head.settings().clone(),
            head.timer().cloned(),
            head.last_surface(),
            fold,
            sessions,
        ))
    }

    /// Best effort: an index that cannot be written is rebuilt next time.
    fn write_index(&self, document: &Document, session_lines: &[(u64, u64)], identity: Identity) {
        let Some(index) = Index::build(document, session_lines, &self.clock, identity) else {
            let _ = fs::remove_file(self.index_path());
            return;
        };
        // In place, not renamed over: replacing the old index would free
        // it, which costs more than writing it. A reader that catches it
        // half written sees a bad checksum and reads the store in full.
        // An index that cannot be refreshed must not stay behind.
        if overwrite(&self.index_path(), &index.encode()).is_err() {
            let _ = fs::remove_file(self.index_path());
        }
    }

    /// Applies a change that only adds sessions (and may touch the ids,
    /// settings, timer and undo history), and returns the snapshot of
    /// today after it, for the command's output.
    ///
    /// When the index matches the file, the history is not parsed: the new
    /// lines are spliced among the stored ones, byte for byte as a full
    /// rewrite would place them, and the index is updated to match. Else
    /// it is an ordinary `update`. Either way the write is as durable.
    pub fn append<T>(&self, change: impl FnOnce(&mut Appending) -> Result<T>) -> Result<(T, Snapshot)> {
        self.prepare_folder()?;
        let _lock = self.lock()?;
        self.remove_stale_temporaries();
        match self.spliceable()? {
            Some(stored) => self.append_spliced(stored, change),
            None => {
                let (mut document, old_bytes) = self.read()?;
                let last_surface = document.last_surface();
                let result = change(&mut Appending {
                    document: &mut document,
                    last_surface,
                })?;
                self.write_whole(&mut document, old_bytes.as_deref())?;
                let today = self.clock.today();
                Ok((
                    result,
                    Snapshot::of(&document, &self.clock, Some((today, today)), today),
                ))
            }
        }
    }

    /// The open store, its index and the document head, when the index
    /// matches the file and the file is laid out as backwalk writes it.
    fn spliceable(&self) -> Result<Option<Spliceable>> {
        let file = match File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("cannot read store {}", self.path.display())),
        };
        let Ok(metadata) = file.metadata() else {
            return Ok(None);
        };
        let Ok(index) = fs::read(self.index_path()) else {
            return Ok(None);
        };
        let Some((head, mut records)) = crate::index::open(&index) else {
            return Ok(None);
        };
        if head.identity != Identity::of(&metadata) || head.zone != self.clock.zone().name() {
            return Ok(None);
        }
        let (mut region_len, mut last_day) = (0, None);
        for record in records.by_ref() {
            region_len += record.len;
            last_day = Some(record.date);
        }
        if !records.complete() || last_day.is_none() {
            return Ok(None);
        }
        let start = head.first_offset;
        let end = start + region_len;
        if end + SESSIONS_CLOSE.len() as u64 != metadata.len() {
            return Ok(None);
        }
        let mut head_bytes = vec![0; usize::try_from(start)?];
        let mut tail = vec![0; SESSIONS_CLOSE.len()];
        let read = file
            .read_exact_at(&mut head_bytes, 0)
            .and_then(|()| file.read_exact_at(&mut tail, end));
        if read.is_err() || !head_bytes.ends_with(SESSIONS_OPEN) || tail != SESSIONS_CLOSE {
            return Ok(None);
        }
        // The head alone, closed into a document without sessions.
        head_bytes.extend_from_slice(b"]}");
        let Ok(document) = decode(&head_bytes) else {
            return Ok(None);
        };
        Ok(Some(Spliceable {
            file,
            index,
            first_offset: start,
            region_len,
            last_day,
            last_surface: head.last_surface(),
            document,
        }))
    }

    fn append_spliced<T>(
        &self,
        stored: Spliceable,
        change: impl FnOnce(&mut Appending) -> Result<T>,
    ) -> Result<(T, Snapshot)> {
        #[cfg(test)]
        tests::SPLICES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let Spliceable {
            file,
            index,
            first_offset,
            region_len,
            last_day,
            last_surface,
            mut document,
        } = stored;
        let result = change(&mut Appending {
            document: &mut document,
            last_surface,
        })?;
        document.version = VERSION;
        let added = std::mem::take(&mut document.sessions);

        // The new file: the new head, then the stored lines (copied file to
        // file, never held in memory) with the new lines among them. Every
        // line but the last ends with a comma, so a line added at the end
        // gives the old last line one and goes without.
        let mut head = Vec::with_capacity(usize::try_from(first_offset)? + 512);
        encode_head(&document, &mut head)?;
        head.extend_from_slice(SESSIONS_OPEN);
        let new_first_offset = head.len() as u64;
        let mut pieces = vec![Piece::New(head)];
        let mut copied = 0;
        let mut comma_on_old_last = false;
        let mut lines: Vec<(NaiveDate, &Session, u64)> = Vec::with_capacity(added.len());
        let mut new_days = std::collections::BTreeSet::new();
        for (i, session) in added.iter().enumerate() {
            let date = self.clock.date_of(&session.start);
            let (day_offset, day_len) = day_span(&index, date)?;
            if day_len == 0 {
                new_days.insert(date);
            }
            let at = self.insertion_point(&file, first_offset, day_offset, day_len, session)?;
            let at_end = at == region_len;
            if at > copied {
                if at_end {
                    pieces.push(Piece::Old(first_offset + copied, at - copied - 1));
                    pieces.push(Piece::New(b",\n".to_vec()));
                    comma_on_old_last = true;
                } else {
                    pieces.push(Piece::Old(first_offset + copied, at - copied));
                }
                copied = at;
            }
            let mut line = b"    ".to_vec();
            serde_json::to_writer(&mut line, session)?;
            line.extend_from_slice(if at_end && i + 1 == added.len() {
                b"\n"
            } else {
                b",\n"
            });
            lines.push((date, session, line.len() as u64));
            pieces.push(Piece::New(line));
        }
        if copied < region_len {
            pieces.push(Piece::Old(first_offset + copied, region_len - copied));
        }
        pieces.push(Piece::New(SESSIONS_CLOSE.to_vec()));
        self.save(
            |out| pieces.iter().try_for_each(|piece| piece.write(&file, out)),
            true,
        )
        .with_context(|| format!("cannot save store {}; it was left as it was", self.path.display()))?;
        drop(pieces);

        // Today for the output: the stored lines of today and the new ones.
        let today = self.clock.today();
        let (offset, len) = day_span(&index, today)?;
        let mut stored_today = vec![0; usize::try_from(len)?];
        file.read_exact_at(&mut stored_today, offset)?;
        let mut sessions = parse_session_lines(&stored_today)
            .ok_or_else(|| anyhow!("store {}: an unreadable session line", self.path.display()))?;
        sessions.extend(
            added
                .iter()
                .filter(|s| self.clock.date_of(&s.start) == today)
                .cloned(),
        );
        sessions.sort_by_key(|s| (s.start, s.id));

        // The index, rewritten record by record as the new lines join the
        // old ones, and the history folded for the output on the way.
        lines.sort_by_key(|(date, ..)| *date);
        let last_surface = added
            .iter()
            .max_by_key(|s| s.id)
            .map(|s| s.surface)
            .or(last_surface);
        let header = crate::index::Header {
            settings: document.settings.clone(),
            timer: document.timer.clone(),
            last_surface,
        };
        let mut fold = HistoryFold::new(document.settings.minutes, today, window(Some((today, today))));
        let (old_head, records) = crate::index::open(&index).ok_or_else(|| anyhow!("the index changed"))?;
        let days = records.len() + new_days.len();
        // Under the lock no one else has replaced the file since.
        let identity = fs::metadata(&self.path).map(|m| Identity::of(&m));
        let zone = old_head.zone;
        let mut writer = identity
            .as_ref()
            .ok()
            .map(|identity| IndexWriter::new(identity, &zone, &header, new_first_offset, days));
        let comma_day = last_day.filter(|_| comma_on_old_last);
        crate::index::merge(records, &lines, comma_day, |date, totals, len| {
            fold.push(date, &totals);
            if let Some(writer) = writer.as_mut() {
                writer.day(date, &totals, len);
            }
        });
        let written = writer.is_some_and(|writer| overwrite(&self.index_path(), &writer.finish()).is_ok());
        if !written {
            let _ = fs::remove_file(self.index_path());
        }
        let snapshot = Snapshot::folded(document.settings, document.timer, last_surface, fold, sessions);
        Ok((result, snapshot))
    }

    /// Where in the stored session lines `session` goes (an offset into
    /// them): after every line that starts no later, since it has the
    /// highest id; found among the lines of its own day.
    fn insertion_point(
        &self,
        file: &File,
        first_offset: u64,
        day_offset: u64,
        day_len: u64,
        session: &Session,
    ) -> Result<u64> {
        let mut lines = vec![0; usize::try_from(day_len)?];
        file.read_exact_at(&mut lines, day_offset)?;
        let mut at = 0;
        for line in lines.split_inclusive(|b| *b == b'\n') {
            let stored = parse_session_lines(line)
                .and_then(|mut s| s.pop())
                .ok_or_else(|| anyhow!("store {}: an unreadable session line", self.path.display()))?;
            if stored.start > session.start {
                break;
            }
            at += line.len() as u64;
        }
        Ok(day_offset - first_offset + at)
    }

    /// Applies `change` to the document under the store's lock and makes
    /// the result durable. An error from `change` writes nothing.
    pub fn update<T>(&self, change: impl FnOnce(&mut Document) -> Result<T>) -> Result<T> {
        self.prepare_folder()?;
        let _lock = self.lock()?;
        self.remove_stale_temporaries();
        let (mut document, old_bytes) = self.read()?;
        let result = change(&mut document)?;
        self.write_whole(&mut document, old_bytes.as_deref())?;
        Ok(result)
    }

    /// Creates the store's folder (private) when it is missing, and
    /// refuses a store path that is a device or a pipe, which a save would
    /// replace with a file.
    fn prepare_folder(&self) -> Result<()> {
        if fs::metadata(&self.path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            bail!(
                "store {} is not a regular file; give a file with --store PATH",
                self.path.display()
            );
        }
        let folder = self.folder();
        if !folder.as_os_str().is_empty() && !folder.exists() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&folder)
                .with_context(|| format!("cannot create the store's folder {}", folder.display()))?;
        }
        Ok(())
    }

    /// Saves the whole document, then its index. Call under the lock.
    fn write_whole(&self, document: &mut Document, old_bytes: Option<&[u8]>) -> Result<()> {
        document.version = VERSION;
        let encoded = encode(document)?;
        self.save(|out| out.write_all(&encoded.bytes), old_bytes.is_some())
            .with_context(|| format!("cannot save store {}; it was left as it was", self.path.display()))?;
        // Under the lock no one else has replaced the file since.
        if let Ok(metadata) = fs::metadata(&self.path) {
            self.write_index(document, &encoded.session_lines, Identity::of(&metadata));
        }
        Ok(())
    }

    fn folder(&self) -> PathBuf {
        self.path.parent().map(Path::to_path_buf).unwrap_or_default()
    }

    /// An exclusive lock on `<file>.lock`, released when dropped. Readers
    /// take none (they only ever see a whole file, old or new), but for a
    /// moment to rebuild the index.
    fn lock(&self) -> Result<File> {
        let path = self.sibling(".lock");
        let file = self
            .lock_file()
            .with_context(|| format!("cannot open the lock file {}", path.display()))?;
        file.lock()
            .with_context(|| format!("cannot lock {}", path.display()))?;
        Ok(file)
    }

    fn lock_file(&self) -> io::Result<File> {
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(self.sibling(".lock"))
    }

    fn temporary_prefix(&self) -> String {
        format!(
            ".{}.tmp-",
            self.path.file_name().unwrap_or_default().to_string_lossy()
        )
    }

    /// Temporary files left by a process that was killed mid-write. Under
    /// the lock every store temporary is stale; an index temporary may be a
    /// reader's work in progress, whose loss only means a rebuild later.
    fn remove_stale_temporaries(&self) {
        let prefix = self.temporary_prefix();
        let folder = self.folder();
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &folder
        };
        let Ok(entries) = fs::read_dir(folder) else { return };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Where the version before the backup waits to be written over.
    fn spare_path(&self) -> PathBuf {
        self.sibling(".spare")
    }

    /// Writes `bytes` as the new store: a synced temporary file renamed
    /// over the old one, which stays behind as the backup.
    ///
    /// Freeing a large file can cost more than writing it (24 ms for 16 MB
    /// on ext4 with `discard`), so nothing is freed here: the backup being
    /// replaced is kept as `<file>.spare`, whose blocks the next write
    /// overwrites in place as its temporary file, and the current file gets
    /// the backup's name as a second link before the rename takes its first.
    fn save(&self, write: impl FnOnce(&mut File) -> io::Result<()>, replaces: bool) -> Result<()> {
        let temporary =
            self.path
                .with_file_name(format!("{}{}", self.temporary_prefix(), std::process::id()));
        let spare = self.spare_path();
        // Overwriting a file that has another name would change that file
        // too: only a spare with one link is recycled. None yet is fine.
        match fs::metadata(&spare) {
            Ok(metadata) if metadata.nlink() == 1 => {
                let _ = fs::rename(&spare, &temporary);
            }
            Ok(_) => {
                let _ = fs::remove_file(&spare);
            }
            Err(_) => {}
        }
        let written = write_synced(&temporary, write).and_then(|()| {
            if replaces {
                self.keep_backup()?;
            }
            fs::rename(&temporary, &self.path)?;
            sync_folder(&self.path)
        });
        if written.is_err() && fs::rename(&temporary, &spare).is_err() {
            let _ = fs::remove_file(&temporary);
        }
        Ok(written?)
    }

    /// Makes the current (good) file the backup: a second link to it when
    /// the file system allows, else a synced copy of the bytes just read.
    /// The backup it replaces becomes the spare.
    fn keep_backup(&self) -> io::Result<()> {
        let backup = self.backup_path();
        match (fs::metadata(&backup), fs::metadata(&self.path)) {
            // A write killed between its link and its rename left the
            // backup as a second name of the current file: it is right.
            (Ok(b), Ok(current)) if (b.dev(), b.ino()) == (current.dev(), current.ino()) => return Ok(()),
            (Ok(_), _) => {
                let _ = fs::rename(&backup, self.spare_path());
            }
            (Err(_), _) => {}
        }
        if fs::hard_link(&self.path, &backup).is_ok() {
            return Ok(());
        }
        let staging = self.sibling(".bak.tmp");
        let _ = fs::remove_file(&staging);
        let mut current = File::open(&self.path)?;
        write_synced(&staging, |out| io::copy(&mut current, out).map(drop))?;
        fs::rename(&staging, &backup)
    }
}

/// A store file's bytes as a checked document, or what is wrong with them
/// ("is empty", "ends early at line 3 column 5", …).
pub fn decode(bytes: &[u8]) -> Result<Document, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("is empty (truncated?)".into());
    }
    // One UTF-8 check of the whole file costs far less than serde_json's
    // check of every string (a seventh of a load); a file that is not
    // UTF-8 takes the slice path, whose error says where.
    let parsed = match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    };
    let mut document: Document = match parsed {
        Ok(document) => document,
        // A newer version may have another shape: say so first.
        Err(e) => {
            return Err(newer_version(bytes).unwrap_or_else(|| {
                if e.is_eof() {
                    format!(
                        "ends early (truncated?) at line {} column {}",
                        e.line(),
                        e.column()
                    )
                } else {
                    format!("is not a valid backwalk store: {e}")
                }
            }));
        }
    };
    if document.format != FORMAT {
        return Err(format!(
            "is not a backwalk store (format is '{}')",
            document.format
        ));
    }
    if document.version > VERSION {
        return Err(newer_version(bytes).unwrap_or_default());
    }
    document.check().map_err(|e| format!("is not valid: {e}"))?;
    Ok(document)
}

/// When the bytes are JSON with a `version` above ours, says so.
fn newer_version(bytes: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Header {
        version: u64,
    }
    let header: Header = serde_json::from_slice(bytes).ok()?;
    (header.version > u64::from(VERSION)).then(|| {
        format!(
            "was written by a newer backwalk (store version {}; this one reads up to {VERSION}): upgrade backwalk",
            header.version
        )
    })
}

/// A store file's bytes and where each session's line lies in them.
struct Encoded {
    bytes: Vec<u8>,
    /// Byte offset and length of each session's line, in order.
    session_lines: Vec<(u64, u64)>,
}

/// The store file: the header on its own lines, then one line per undo
/// entry and per session, so it reads and diffs well.
fn encode(document: &Document) -> Result<Encoded> {
    let mut out = Vec::with_capacity(64 + document.sessions.len() * 180);
    encode_head(document, &mut out)?;
    let session_lines = write_lines(&mut out, "sessions", &document.sessions, "")?;
    writeln!(out, "}}")?;
    Ok(Encoded {
        bytes: out,
        session_lines,
    })
}

/// Everything before the sessions.
fn encode_head(document: &Document, out: &mut Vec<u8>) -> Result<()> {
    writeln!(out, "{{")?;
    writeln!(out, "  \"format\": {},", serde_json::to_string(&document.format)?)?;
    writeln!(out, "  \"version\": {VERSION},")?;
    writeln!(out, "  \"next_id\": {},", document.next_id)?;
    writeln!(
        out,
        "  \"settings\": {},",
        serde_json::to_string(&document.settings)?
    )?;
    writeln!(out, "  \"timer\": {},", serde_json::to_string(&document.timer)?)?;
    write_lines(out, "undo", &document.undo, ",")?;
    Ok(())
}

/// How the sessions' lines open and close in a store file.
const SESSIONS_OPEN: &[u8] = b"  \"sessions\": [\n";
const SESSIONS_CLOSE: &[u8] = b"  ]\n}\n";

/// Writes `"key": [` and one item a line; returns each line's span.
fn write_lines<T: serde::Serialize>(
    out: &mut Vec<u8>,
    key: &str,
    items: &[T],
    after: &str,
) -> Result<Vec<(u64, u64)>> {
    if items.is_empty() {
        writeln!(out, "  \"{key}\": []{after}")?;
        return Ok(Vec::new());
    }
    writeln!(out, "  \"{key}\": [")?;
    let mut spans = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let start = out.len();
        out.extend_from_slice(b"    ");
        serde_json::to_writer(&mut *out, item)?;
        out.extend_from_slice(if index + 1 < items.len() { b",\n" } else { b"\n" });
        spans.push((start as u64, (out.len() - start) as u64));
    }
    writeln!(out, "  ]{after}")?;
    Ok(spans)
}

/// Session lines as `encode` writes them: `    {…},` one a line.
fn parse_session_lines(bytes: &[u8]) -> Option<Vec<Session>> {
    std::str::from_utf8(bytes)
        .ok()?
        .lines()
        .map(|line| line.trim().trim_end_matches(','))
        .filter(|line| !line.is_empty())
        .map(|line| {
            serde_json::from_str::<Session>(line)
                .ok()
                .filter(|s| s.check().is_ok())
        })
        .collect()
}

/// Writes a file with `write`, over whatever it held and without
/// truncating it first (which would free its blocks only to allocate them
/// again), cuts it to what was written, and syncs it.
fn write_synced(path: &Path, write: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)?;
    write(&mut file)?;
    let len = file.stream_position()?;
    file.set_len(len)?;
    file.sync_all()
}

/// Opens (or creates, private) and overwrites a file from its start,
/// cutting it to the new length.
fn overwrite(path: &Path, bytes: &[u8]) -> io::Result<File> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    Ok(file)
}

/// Makes a rename in the file's folder durable.
fn sync_folder(path: &Path) -> io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(folder)?.sync_all()
}

/// A file to import: `-` is standard input.
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    }
    Ok(bytes)
}

/// An export file, written as durably as the store.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    // A device or a pipe (`--output /dev/stdout`, a FIFO) is written to,
    // never renamed over: replacing /dev/null with a file would break the
    // whole system.
    if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut out| out.write_all(bytes))
            .with_context(|| format!("cannot write {}", path.display()));
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    let temporary = path.with_file_name(name);
    let written = write_synced(&temporary, |out| out.write_all(bytes))
        .and_then(|()| fs::rename(&temporary, path))
        .and_then(|()| sync_folder(path));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written.with_context(|| format!("cannot write {}", path.display()))
}

/// What `Store::append` hands a change: the document's head (ids,
/// settings, timer, undo) and the sessions it adds.
pub struct Appending<'a> {
    document: &'a mut Document,
    last_surface: Option<Surface>,
}

impl Appending<'_> {
    /// Adds a session with the next id.
    pub fn add(&mut self, new: NewSession) -> Session {
        let session = self.document.add(new);
        self.last_surface = Some(session.surface);
        session
    }

    /// The surface of the most recently logged session.
    pub fn last_surface(&self) -> Option<Surface> {
        self.last_surface
    }

    pub fn timer(&self) -> Option<&Timer> {
        self.document.timer.as_ref()
    }

    pub fn take_timer(&mut self) -> Option<Timer> {
        self.document.timer.take()
    }

    pub fn record(&mut self, what: String, change: Change) {
        self.document.record(what, change);
    }
}

/// A store that `append` can splice into.
struct Spliceable {
    file: File,
    /// The bytes of its index, read record by record when needed.
    index: Vec<u8>,
    /// Where the session lines start, how long they are, and the date of
    /// the last one.
    first_offset: u64,
    region_len: u64,
    last_day: Option<NaiveDate>,
    last_surface: Option<Surface>,
    /// The head, without sessions.
    document: Document,
}

/// Where the lines of `date` lie in the store, from its index (already
/// checked): their offset and length, or the offset where they would go
/// and 0.
fn day_span(index: &[u8], date: NaiveDate) -> Result<(u64, u64)> {
    let (head, records) = crate::index::open(index).ok_or_else(|| anyhow!("the index changed"))?;
    let mut offset = head.first_offset;
    for record in records {
        if record.date >= date {
            let len = if record.date == date { record.len } else { 0 };
            return Ok((record.offset, len));
        }
        offset = record.offset + record.len;
    }
    Ok((offset, 0))
}

/// A part of a new store file: bytes of the old one (offset, length), or
/// new bytes.
enum Piece {
    Old(u64, u64),
    New(Vec<u8>),
}

impl Piece {
    fn write(&self, old: &File, out: &mut File) -> io::Result<()> {
        match self {
            Piece::New(bytes) => out.write_all(bytes),
            Piece::Old(offset, len) => {
                let mut reader = old;
                reader.seek(io::SeekFrom::Start(*offset))?;
                // File to file: the kernel copies (copy_file_range).
                let copied = io::copy(&mut reader.take(*len), out)?;
                if copied == *len {
                    Ok(())
                } else {
                    Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the store ended early",
                    ))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NewSession, Surface, WalkDuration};
    use anyhow::bail;
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};

    fn clock() -> Clock {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T18:30:00+01:00").unwrap();
        Clock::new(now.to_utc(), "Europe/Berlin".parse().unwrap())
    }

    fn walk() -> NewSession {
        NewSession {
            start: chrono::DateTime::parse_from_rfc3339("2026-11-21T08:00:00+01:00").unwrap(),
            duration: WalkDuration::from_seconds(480).unwrap(),
            steps: Some(320),
            surface: Surface::Grass,
            incline_percent: Some(2.5),
            note: Some("\"quoted\" — ünïcode".into()),
        }
    }

    #[test]
    fn a_missing_store_is_empty_and_the_first_write_creates_it_private() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("deep/er/sessions.json"), clock());
        assert_eq!(store.load().unwrap(), Document::default());
        assert!(!store.path().exists(), "reading creates nothing");
        store.update(|doc| Ok(doc.add(walk()))).unwrap();
        let mode = fs::metadata(store.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(!store.backup_path().exists(), "nothing to back up yet");
    }

    #[test]
    fn a_write_round_trips_and_keeps_the_previous_file_as_backup() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sessions.json"), clock());
        store.update(|doc| Ok(doc.add(walk()))).unwrap();
        let first = fs::read(store.path()).unwrap();
        store.update(|doc| Ok(doc.add(walk()))).unwrap();
        assert_eq!(fs::read(store.backup_path()).unwrap(), first);
        let doc = store.load().unwrap();
        assert_eq!(doc.sessions.len(), 2);
        assert_eq!(doc.sessions[0].note.as_deref(), Some("\"quoted\" — ünïcode"));
        let mode = fs::metadata(store.backup_path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_failed_change_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sessions.json"), clock());
        store.update(|doc| Ok(doc.add(walk()))).unwrap();
        let before = fs::read(store.path()).unwrap();
        let result: Result<()> = store.update(|doc| {
            doc.add(walk());
            bail!("refused")
        });
        assert!(result.is_err());
        assert_eq!(fs::read(store.path()).unwrap(), before);
    }

    #[test]
    fn faults_name_the_file_and_the_place() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sessions.json"), clock());
        let cases: [(&[u8], &str); 5] = [
            (b"", "is empty"),
            (
                b"{\n  \"format\": \"backwalk\",\n  \"version\": 1,\n",
                "ends early",
            ),
            (b"{\"format\": \"backwalk\", oops}", "line 1 column 24"),
            (
                b"{\"format\": \"backwalk\", \"version\": 9, \"shape\": \"new\"}",
                "newer backwalk",
            ),
            (b"[1, 2]", "not a valid backwalk store"),
        ];
        for (bytes, expected) in cases {
            fs::write(store.path(), bytes).unwrap();
            let message = format!("{:#}", store.load().unwrap_err());
            assert!(message.contains(expected), "{message}");
            assert!(message.contains(&store.path().display().to_string()), "{message}");
            let result = store.update(|doc| Ok(doc.add(walk())));
            assert!(result.is_err());
            assert_eq!(fs::read(store.path()).unwrap(), bytes, "left as it was");
        }
    }

    #[test]
    fn stale_temporaries_are_cleared_under_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sessions.json"), clock());
        let stale = dir.path().join(".sessions.json.tmp-99999");
        fs::write(&stale, b"half").unwrap();
        store.update(|doc| Ok(doc.add(walk()))).unwrap();
        assert!(!stale.exists());
    }

    fn logged(store: &Store, starts: &[&str]) {
        for start in starts {
            let mut new = walk();
            new.start = chrono::DateTime::parse_from_rfc3339(start).unwrap();
            store.update(|doc| Ok(doc.add(new))).unwrap();
        }
    }

    fn full(store: &Store, shown: Option<(NaiveDate, NaiveDate)>) -> Snapshot {
        Snapshot::of(&store.load().unwrap(), &store.clock, shown, store.clock.today())
    }

    fn nov(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    #[test]
    fn writes_keep_a_private_index_that_serves_the_same_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sessions.json"), clock());
        logged(
            &store,
            &[
                "2026-11-19T07:00:00+01:00",
                "2026-11-20T07:00:00+01:00",
                "2026-11-20T23:59:00+01:00",
            ],
        );
        let mode = fs::metadata(store.index_path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        for shown in [
            None,
            Some((nov(20), nov(20))),
            Some((nov(16), nov(22))),
            Some((nov(1), nov(2))),
        ] {
            let file = File::open(store.path()).unwrap();
            let identity = Identity::of(&file.metadata().unwrap());
            let indexed = store
                .snapshot_from_index(&file, identity, shown, store.clock.today())
                .expect("index used");
            assert_eq!(indexed, full(&store, shown), "{shown:?}");
            assert_eq!(store.snapshot(shown, store.clock.today()).unwrap(), indexed);
        }
    }

    #[test]
    fn an_index_that_does_not_match_the_file_is_never_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sessions.json"), clock());
        logged(&store, &["2026-11-20T07:00:00+01:00"]);
        let shown = Some((nov(20), nov(21)));
        // The file changed behind backwalk's back (a hand edit): same
        // sessions plus one, laid out differently.
        let mut document = store.load().unwrap();
        document.add(walk());
        fs::write(store.path(), serde_json::to_vec_pretty(&document).unwrap()).unwrap();
        let snapshot = store.snapshot(shown, store.clock.today()).unwrap();
        assert_eq!(snapshot.sessions.len(), 2);
        assert_eq!(snapshot, full(&store, shown));
        // Garbage in the index is ignored too, and so is another zone's.
        fs::write(store.index_path(), b"backwalk-index nonsense").unwrap();
        assert_eq!(
            store.snapshot(shown, store.clock.today()).unwrap(),
            full(&store, shown)
        );
        logged(&store, &["2026-11-21T07:00:00+01:00"]);
        let elsewhere = Store::at(store.path().to_path_buf(), {
            let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T18:30:00+01:00").unwrap();
            Clock::new(now.to_utc(), "Pacific/Kiritimati".parse().unwrap())
        });
        let there = Some((nov(21), nov(22)));
        assert_eq!(
            elsewhere.snapshot(there, elsewhere.clock.today()).unwrap(),
            full(&elsewhere, there)
        );
        assert_eq!(
            elsewhere
                .snapshot(there, elsewhere.clock.today())
                .unwrap()
                .days
                .get(nov(21))
                .sessions,
            2
        );
    }

    #[test]
    fn the_replaced_backup_is_kept_as_a_spare_and_never_shares_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sessions.json"), clock());
        let ino = |p: &Path| fs::metadata(p).map(|m| m.ino()).ok();
        let mut versions = Vec::new();
        for _ in 0..4 {
            store.update(|doc| Ok(doc.add(walk()))).unwrap();
            versions.push(fs::read(store.path()).unwrap());
            if versions.len() > 1 {
                assert_eq!(
                    fs::read(store.backup_path()).unwrap(),
                    versions[versions.len() - 2]
                );
            }
        }
        let spare = store.spare_path();
        assert_eq!(fs::metadata(&spare).unwrap().nlink(), 1);
        assert_eq!(fs::metadata(&spare).unwrap().permissions().mode() & 0o777, 0o600);
        // A write killed between its link and its rename leaves the backup
        // as a second name of the store; the next write must cope, and the
        // spare must not become a third name of it.
        fs::remove_file(store.backup_path()).unwrap();
        fs::hard_link(store.path(), store.backup_path()).unwrap();
        store.update(|doc| Ok(doc.add(walk()))).unwrap();
        assert_eq!(fs::read(store.backup_path()).unwrap(), versions[3]);
        store.update(|doc| Ok(doc.add(walk()))).unwrap();
        assert_ne!(ino(&spare), ino(store.backup_path().as_path()));
        assert_ne!(ino(&spare), ino(store.path()));
        assert_eq!(store.load().unwrap().sessions.len(), 6);
    }

    pub(super) static SPLICES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    fn appended(store: &Store, start: &str, steps: u32) -> (Session, Snapshot) {
        store
            .append(|doc| {
                let mut new = walk();
                new.start = chrono::DateTime::parse_from_rfc3339(start).unwrap();
                new.steps = Some(steps);
                let session = doc.add(new);
                doc.record(
                    format!("log #{}", session.id),
                    Change::Added {
                        ids: vec![session.id],
                    },
                );
                Ok(session)
            })
            .unwrap()
    }

    #[test]
    fn appending_splices_lines_exactly_where_a_full_rewrite_puts_them() {
        use std::sync::atomic::Ordering;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sessions.json"), clock());
        logged(
            &store,
            &[
                "2026-11-10T07:00:00+01:00",
                "2026-11-12T07:00:00+01:00",
                "2026-11-12T19:00:00+01:00",
            ],
        );
        let cases = [
            ("2026-11-21T09:00:00+01:00", "after everything, today"),
            ("2026-11-12T12:00:00+01:00", "inside a day"),
            (
                "2026-11-12T07:00:00+01:00",
                "same start as a stored walk: after it",
            ),
            ("2026-11-11T07:00:00+01:00", "a new day between two"),
            ("2026-11-01T07:00:00+01:00", "before everything"),
            ("2026-11-21T08:00:00+01:00", "today, before today's walk"),
            ("2026-11-21T18:00:00+01:00", "after everything again"),
        ];
        for (n, (start, what)) in cases.iter().enumerate() {
            let before = store.load().unwrap();
            let splices = SPLICES.load(Ordering::SeqCst);
            let (session, snapshot) = appended(&store, start, 100 + n as u32);
            assert_eq!(SPLICES.load(Ordering::SeqCst), splices + 1, "{what}: spliced");
            let bytes = fs::read(store.path()).unwrap();
            let document = decode(&bytes).unwrap();
            let mut expected: Vec<(chrono::DateTime<chrono::FixedOffset>, u64)> =
                before.sessions.iter().map(|s| (s.start, s.id)).collect();
            expected.push((session.start, session.id));
            expected.sort();
            let order: Vec<_> = document.sessions.iter().map(|s| (s.start, s.id)).collect();
            assert_eq!(order, expected, "{what}: order");
            assert_eq!(document.get(session.id), Some(&session), "{what}");
            let encoded = encode(&document).unwrap();
            assert_eq!(encoded.bytes, bytes, "{what}: not as a full rewrite lays it out");
            let identity = Identity::of(&fs::metadata(store.path()).unwrap());
            let built = Index::build(&document, &encoded.session_lines, &store.clock, identity).unwrap();
            let on_disk = Index::decode(&fs::read(store.index_path()).unwrap()).unwrap();
            assert_eq!(on_disk, built, "{what}: index");
            let today = store.clock.today();
            assert_eq!(
                snapshot,
                Snapshot::of(&document, &store.clock, Some((today, today)), today),
                "{what}"
            );
            assert_eq!(
                fs::read(store.backup_path()).unwrap(),
                encode(&before).unwrap().bytes,
                "{what}: backup"
            );
        }
    }

    #[test]
    fn appending_without_a_matching_index_rewrites_in_full() {
        use std::sync::atomic::Ordering;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sessions.json"), clock());
        // A new store, a store without an index, and a hand-edited store.
        let (first, _) = appended(&store, "2026-11-20T07:00:00+01:00", 1);
        fs::remove_file(store.index_path()).unwrap();
        appended(&store, "2026-11-20T08:00:00+01:00", 2);
        let document = store.load().unwrap();
        fs::write(store.path(), serde_json::to_vec_pretty(&document).unwrap()).unwrap();
        let splices = SPLICES.load(Ordering::SeqCst);
        let (third, snapshot) = appended(&store, "2026-11-21T07:00:00+01:00", 3);
        assert_eq!(
            SPLICES.load(Ordering::SeqCst),
            splices,
            "the edited store was not spliced"
        );
        let sessions = store.load().unwrap().sessions;
        assert_eq!(
            sessions.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![first.id, 2, third.id]
        );
        assert_eq!(snapshot.sessions, vec![third]);
        assert_eq!(
            encode(&store.load().unwrap()).unwrap().bytes,
            fs::read(store.path()).unwrap()
        );
    }

    #[test]
    fn a_reader_rebuilds_the_index_only_for_the_current_file_under_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sessions.json"), clock());
        logged(
            &store,
            &["2026-11-19T07:00:00+01:00", "2026-11-20T07:00:00+01:00"],
        );
        fs::remove_file(store.index_path()).unwrap();
        // While a writer holds the lock, a reader leaves the index alone.
        let held = store.lock().unwrap();
        assert_eq!(
            store
                .snapshot(Some((nov(1), nov(30))), nov(21))
                .unwrap()
                .days
                .all()
                .len(),
            2
        );
        assert!(!store.index_path().exists());
        drop(held);
        // A reader that read a version a writer has since replaced does not
        // write that version's index.
        let document = store.load().unwrap();
        let lines = encode(&document).unwrap().session_lines;
        let read = Identity::of(&fs::metadata(store.path()).unwrap());
        logged(&store, &["2026-11-21T07:00:00+01:00"]);
        fs::remove_file(store.index_path()).unwrap();
        store.rebuild_index(&document, &lines, read);
        assert!(!store.index_path().exists());
        // The current file gets its index back.
        assert_eq!(
            store
                .snapshot(Some((nov(1), nov(30))), nov(21))
                .unwrap()
                .days
                .all()
                .len(),
            3
        );
        let index = Index::decode(&fs::read(store.index_path()).unwrap()).unwrap();
        assert_eq!(index.identity, Identity::of(&fs::metadata(store.path()).unwrap()));
    }

    #[test]
    fn devices_and_pipes_are_written_to_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(fifo).unwrap())
        };
        write_output(&fifo, b"exported").unwrap();
        assert_eq!(reader.join().unwrap(), b"exported");
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo(), "still a pipe");
        let store = Store::at(fifo.clone(), clock());
        let message = format!("{:#}", store.update(|doc| Ok(doc.add(walk()))).unwrap_err());
        assert!(message.contains("not a regular file"), "{message}");
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo(), "still a pipe");
    }
}
