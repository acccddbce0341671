//! The store: one JSON file the person owns, and the only code that
//! touches the file system.
//!
//! What it promises (ARCHITECTURE.md, "Its promises"):
//!
//! - **Nothing acknowledged is lost.** `update` changes the store under an
//!   exclusive lock and returns only once the new version is durable: a
//!   temporary file in the same folder (the spare the save before kept,
//!   written over, or a new one), synced, renamed over the old one, the
//!   folder synced: one data sync and one folder sync. The version it
//!   replaced is kept as `<store>.bak`.
//! - **Readers see whole versions.** A save writes a file no reader has
//!   open (a new one, or the spare when a lease proves no one else holds
//!   it, `file/save.rs`); a reader holds one open file from start to end, so it
//!   sees the store as it was before or after a change, never a mix.
//! - **Nothing invalid is written.** The document is checked before every
//!   write with the check the loader uses; a damaged or newer store stops
//!   every command and is left byte for byte as it was.
//! - **Derived data is never trusted over the store.** The day index
//!   beside it (`index/`) is used only while it describes the very file
//!   open and is sealed with the store's key (`<store>.key`, the owner's
//!   only, never synced): an index that anyone without the key wrote or
//!   changed is ignored, so deleting it changes no answer, only the time
//!   taken. A write takes nothing from it that it has not proved from the
//!   store's own bytes (`splice/`), not even from an index the key
//!   sealed; what it cannot prove sends the write down the plain path.
//!
//! The face is small: `load` (the whole document), `read` (the head, a
//! fold of every day's totals, and the sessions of chosen days: what the
//! day, week, plan, calendar and report commands need; a fold may take a
//! run of days whole from its summary, `DayFold::span`) and `update` (a
//! transaction, `Tx`). Whether an answer comes from the index or from a
//! full parse, and whether a new walk is spliced into the file or the
//! file is rewritten, is decided here, and nowhere else.
//!
//! Behind it: `file/` (the files' names, the lock, the one atomic save),
//! `layout.rs` (the text layout), `index/` (the day index), `splice/`
//! (adding a walk without rewriting the history), `tx.rs` (the
//! transaction) and `sync/` (git), which sees only the store's narrow
//! face for it.

mod file;
mod index;
mod layout;
mod splice;
mod sync;
mod tx;

use std::fs::File;
use std::os::unix::fs::{FileExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

pub use file::read_input;
pub use index::Head;
pub use tx::Tx;

use crate::clock::Clock;
use crate::days::{self, DayFold};
use crate::model::{Document, Overlap, Session, WalkDuration};
use file::Paths;
use index::{Identity, Key, Reader, Record};
use sync::{Initialised, Synced};

/// What `read` hands back: the history folded, with the head and the
/// sessions of the days asked for.
pub struct Folded<F> {
    pub head: Head,
    /// The fold, fed every day of the history in date order (or runs of
    /// them whole, where it took them).
    pub fold: F,
    /// The sessions of the days asked for, in time order.
    pub sessions: Vec<Session>,
}

pub struct Store<'c> {
    paths: Paths,
    clock: &'c Clock,
    /// The store file this process last wrote an index for, under the
    /// lock: that index is believed even within the timestamp tick the
    /// racy rule distrusts, since no backwalk changes a file in place.
    indexed: std::cell::Cell<Option<Identity>>,
    /// The index's key once read or made: a `log` opens the index twice
    /// (to splice, then to report the day) and reads the key once.
    key: std::cell::Cell<Option<Key>>,
}

/// Why an `update` refused a walk: callers tell these apart.
#[derive(Debug)]
pub enum Refusal {
    Overlap(Overlap),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Overlap(_) => f.write_str("the walk overlaps another"),
        }
    }
}

impl std::error::Error for Refusal {}

impl<'c> Store<'c> {
    /// The store at `path` (a link is followed to its target); a folder,
    /// a device or a pipe is refused at once. Nothing is created.
    pub fn open(path: &Path, clock: &'c Clock) -> Result<Store<'c>> {
        Ok(Store {
            paths: Paths::resolve(path)?,
            clock,
            indexed: std::cell::Cell::new(None),
            key: std::cell::Cell::new(None),
        })
    }

    /// `sessions.json` in the platform's data folder for backwalk.
    pub fn default_path() -> Result<PathBuf> {
        let dirs = directories::ProjectDirs::from("", "", "backwalk").ok_or_else(|| {
            anyhow!("cannot find a home folder for the store; give one with --store PATH or BACKWALK_STORE")
        })?;
        Ok(dirs.data_dir().join("sessions.json"))
    }

    /// The path as given.
    pub fn path(&self) -> &Path {
        &self.paths.given
    }

    /// The whole document, or an empty one when the store does not exist.
    pub fn load(&self) -> Result<Document> {
        let Some((file, metadata)) = file::open_store(&self.paths)? else {
            return Ok(Document::default());
        };
        let bytes = file::read_all(&file, metadata.len(), &self.paths)?;
        self.decode(&bytes)
    }

    fn decode(&self, bytes: &[u8]) -> Result<Document> {
        layout::decode(bytes).map_err(|what| self.damaged(&what))
    }

    /// A store that cannot be read: name it, the fault, and the backup.
    fn damaged(&self, what: &str) -> anyhow::Error {
        let backup = self.paths.backup();
        let hint = if backup.exists() {
            format!("the previous good version is {}", backup.display())
        } else {
            "no backup exists yet".to_string()
        };
        anyhow!(
            "store {} {what}; it was left as it is ({hint})",
            self.paths.given.display()
        )
    }

    /// The head, every day's totals folded by the fold `start` makes
    /// (given the head), and the sessions of the days `sessions_of`.
    ///
    /// Served from the index when it describes the open file: then only
    /// the lines of the days asked for are read, and the fold is offered
    /// each block of the index whole (`DayFold::span`) unless it holds
    /// days asked for; only the blocks it declines are decoded. Else from
    /// a full parse, which feeds the fold every day, after which the index
    /// is rebuilt for the next reader.
    pub fn read<F: DayFold>(
        &self,
        sessions_of: Option<(NaiveDate, NaiveDate)>,
        mut start: impl FnMut(&Head) -> F,
    ) -> Result<Folded<F>> {
        let Some((file, metadata)) = file::open_store(&self.paths)? else {
            return Ok(from_document(
                &Document::default(),
                self.clock,
                sessions_of,
                start,
            ));
        };
        let identity = Identity::of(&metadata);
        if let Some(reading) = self.read_indexed(&file, &identity, sessions_of, &mut start) {
            return Ok(reading);
        }
        let bytes = file::read_all(&file, metadata.len(), &self.paths)?;
        let document = self.decode(&bytes)?;
        let reading = from_document(&document, self.clock, sessions_of, start);
        self.rebuild_index(&document, &bytes, identity);
        Ok(reading)
    }

    fn read_indexed<F: DayFold>(
        &self,
        file: &File,
        identity: &Identity,
        sessions_of: Option<(NaiveDate, NaiveDate)>,
        start: &mut impl FnMut(&Head) -> F,
    ) -> Option<Folded<F>> {
        let mut reader = self.index_for(identity)?;
        let lines_end = reader.first_offset.checked_add(reader.lines_len()?)?;
        if lines_end.checked_add(layout::SESSIONS_CLOSE.len() as u64)? != identity.size() {
            return None;
        }
        let mut fold = start(&reader.head);
        let shown = |date: NaiveDate| sessions_of.is_some_and(|(first, last)| (first..=last).contains(&date));
        let mut offset = reader.first_offset;
        let mut span: Option<(u64, u64)> = None;
        let mut count = 0u64;
        while let Some(block) = reader.next_block() {
            let has_shown =
                sessions_of.is_some_and(|(first, last)| first <= block.span.last && block.span.first <= last);
            if has_shown || !fold.span(&block.span) {
                for record in reader.records(&block).ok()? {
                    fold.day(&record.day);
                    if shown(record.day.date) {
                        let from = span.map_or(offset, |(from, _)| from);
                        span = Some((from, offset + record.len));
                        count += u64::from(record.day.sessions);
                    }
                    offset += record.len;
                }
            } else {
                offset += block.lines_len;
            }
        }
        let head = reader.head;
        let sessions = match (sessions_of, span) {
            (Some((first, last)), Some((from, until))) => {
                let lines = read_span(file, from, until, identity.size())?;
                let sessions = layout::parse_session_lines(&lines)?;
                let on_days = |s: &Session| (first..=last).contains(&self.clock.date_of(&s.start));
                (sessions.len() as u64 == count && sessions.iter().all(on_days)).then_some(sessions)?
            }
            _ => Vec::new(),
        };
        #[cfg(test)]
        tests::INDEXED_READS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Some(Folded { head, fold, sessions })
    }

    /// The index, when it describes exactly the store file of `identity`
    /// in this zone.
    fn index_for(&self, identity: &Identity) -> Option<Reader> {
        let (file, metadata) = file::open_index(&self.paths)?;
        let key = match self.key.get() {
            Some(key) => key,
            None => Key::new(file::read_key(&self.paths)?),
        };
        self.key.set(Some(key));
        // A day's record takes a few bytes and its lines over a hundred:
        // an index larger than its store is not one.
        let reader = Reader::open(file, metadata.len(), identity.size().saturating_add(1 << 16), key)?;
        let fresh = reader.identity.describes(identity, &metadata)
            || (reader.identity == *identity && self.indexed.get() == Some(*identity));
        (fresh && reader.zone == self.clock.zone().fingerprint()).then_some(reader)
    }

    /// A reader's rebuild of the index: only under the lock (a busy lock
    /// skips it), only while the file it read is still the current one, and
    /// only when the file is laid out exactly as backwalk writes it (the
    /// index gives line positions).
    fn rebuild_index(&self, document: &Document, bytes: &[u8], identity: Identity) {
        let Some(_lock) = file::try_lock(&self.paths) else {
            return;
        };
        let current = std::fs::metadata(&self.paths.file).is_ok_and(|m| Identity::of(&m) == identity);
        if !current {
            return;
        }
        let encoded = layout::encode(document);
        if encoded.bytes == bytes {
            self.write_index(document, &encoded, &identity);
        }
    }

    /// Writes the index of a document just saved (or just checked to be
    /// the file's exact content).
    fn write_index(&self, document: &Document, encoded: &layout::Encoded, identity: &Identity) {
        let Some(mut days) = days::group(&document.sessions, self.clock.zone()) else {
            // A zone that moves its clocks back across midnight: days are
            // not in file order, so no index; every read is a full one.
            let _ = std::fs::remove_file(self.paths.index());
            return;
        };
        for (day, _) in &mut days {
            day.set_morning(&document.mornings);
        }
        self.key.set(file::key_or_new(&self.paths).map(Key::new));
        let Some(key) = self.key.get() else {
            let _ = std::fs::remove_file(self.paths.index());
            return;
        };
        let head = head_of(document);
        // Where the line of the walk with the highest id starts, when that
        // walk is the one a write's `last_surface` looks for.
        let last_line = document
            .next_id
            .checked_sub(1)
            .and_then(|id| document.sessions.iter().position(|s| s.id == id))
            .map(|at| encoded.first_offset + encoded.line_lens[..at].iter().sum::<u64>());
        self.indexed.set(Some(*identity));
        file::write_index(&self.paths, |out| {
            let mut writer = index::Writer::new(
                out,
                key,
                identity,
                self.clock.zone().fingerprint(),
                encoded.first_offset,
                last_line,
                &head,
            )?;
            for (day, range) in &days {
                let len = encoded.line_lens[range.clone()].iter().sum();
                writer.record(&Record { day: *day, len })?;
            }
            writer.finish().map(drop)
        });
    }

    /// Applies `change` to the store under its lock and makes the result
    /// durable. An error from `change`, or a result that fails the
    /// document check, writes nothing.
    pub fn update<T>(&self, change: impl FnOnce(&mut Tx) -> Result<T>) -> Result<T> {
        let _lock = self.lock_writers()?;
        let mut tx = match file::open_store(&self.paths)? {
            None => Tx::full(self, Document::default(), false),
            Some((file, metadata)) => {
                file::refuse_read_only(&self.paths, &metadata)?;
                let identity = Identity::of(&metadata);
                match splice::Splice::open(self, file, identity) {
                    Ok(splice) => Tx::lazy(self, splice),
                    Err(file) => {
                        let bytes = file::read_all(&file, metadata.len(), &self.paths)?;
                        Tx::full(self, self.decode(&bytes)?, true)
                    }
                }
            }
        };
        let result = change(&mut tx)?;
        tx.commit()?;
        Ok(result)
    }

    /// Checks and saves a whole document, then its index. Call under the
    /// lock.
    fn save_locked(&self, document: &mut Document, replaces: bool) -> Result<()> {
        document
            .check()
            .map_err(|e| anyhow!("the change would make the store invalid ({e}); nothing was written"))?;
        let encoded = layout::encode(document);
        let document = &*document;
        file::save_then(
            &self.paths,
            |out| std::io::Write::write_all(out, &encoded.bytes),
            replaces,
            || {
                // Under the lock no one else replaces the file meanwhile.
                if let Ok(metadata) = std::fs::metadata(&self.paths.file) {
                    self.write_index(document, &encoded, &Identity::of(&metadata));
                }
            },
        )
    }

    /// Writes a file the person asked for (see `file::write_output`).
    pub fn write_output(&self, target: &Path, bytes: &[u8], force: bool) -> Result<()> {
        file::write_output(&self.paths, target, bytes, force)
    }

    /// Makes the store's folder a git repository with backwalk as the
    /// store's merge driver, and commits the store (`sync.rs`).
    pub fn sync_init(&self, remote: Option<&str>) -> Result<Initialised> {
        sync::init(self, remote)
    }

    /// Commits the store if it changed, merges what the remote has, and
    /// pushes; `describe` says what changed, for the commit message.
    pub fn sync(&self, describe: impl Fn(&Document, &Document) -> String) -> Result<Synced> {
        sync::sync(self, describe)
    }
}

/// The store as `sync` sees it: where it is, its writers' lock, and
/// whole documents in and out through the one atomic save.
impl Store<'_> {
    /// The store file's folder and name, links resolved.
    fn place(&self) -> (&Path, &str) {
        (self.paths.folder(), self.paths.name())
    }

    /// Creates the store's folder (private) when it is missing.
    fn prepare_folder(&self) -> Result<()> {
        self.paths.prepare_folder()
    }

    /// The writers' lock, taken (the folder made first), and what a
    /// writer killed mid-save left behind cleared.
    fn lock_writers(&self) -> Result<file::Lock> {
        self.paths.prepare_folder()?;
        let lock = file::lock(&self.paths)?;
        file::remove_stale_temporaries(&self.paths);
        Ok(lock)
    }

    /// Makes an existing store owner-only (as `git clone` did not).
    fn make_owner_only(&self) -> Result<()> {
        let file = &self.paths.file;
        if std::fs::metadata(file).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o077 != 0) {
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))
                .with_context(|| format!("cannot make {} owner-only", file.display()))?;
        }
        Ok(())
    }

    /// Patterns matching every file kept beside the store (for git to
    /// ignore).
    fn neighbour_patterns(&self) -> Vec<String> {
        self.paths.neighbour_patterns()
    }

    /// Writes the store again when it is not exactly as this version
    /// writes it (an older version, a walk without its identity). Call
    /// under the lock.
    fn normalise(&self) -> Result<()> {
        let (document, bytes) = match file::open_store(&self.paths)? {
            Some((file, metadata)) => {
                let bytes = file::read_all(&file, metadata.len(), &self.paths)?;
                (self.decode(&bytes)?, Some(bytes))
            }
            None => (Document::default(), None),
        };
        let encoded = layout::encode(&document);
        if bytes.as_deref() != Some(&encoded.bytes[..]) {
            self.save_locked(&mut document.clone(), bytes.is_some())?;
        }
        Ok(())
    }
}

/// A store file's bytes as a checked document, or what is wrong with
/// them (for the fuzz targets and tools: commands use `Store`).
pub fn decode(bytes: &[u8]) -> Result<Document, String> {
    layout::decode(bytes)
}

/// A document as the store file holds it.
pub fn encode(document: &Document) -> Vec<u8> {
    layout::encode(document).bytes
}

/// A store file other than the one opened, as a checked document: git's
/// merge driver gets three versions of the store.
pub fn read_document(path: &Path) -> Result<Document> {
    let bytes = file::read_store_file(path)?;
    layout::decode(&bytes).map_err(|what| anyhow!("{} {what}", path.display()))
}

/// Writes a checked document over `path` in place (git's merge driver
/// writes its result into git's own temporary file).
pub fn write_document(path: &Path, document: &mut Document) -> Result<()> {
    document
        .check()
        .map_err(|e| anyhow!("the merge would not be a valid store ({e})"))?;
    std::fs::write(path, layout::encode(document).bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Reads `[from, until)` of the store, never more than the file holds.
fn read_span(file: &File, from: u64, until: u64, size: u64) -> Option<Vec<u8>> {
    if from > until || until > size {
        return None;
    }
    let mut bytes = vec![0; usize::try_from(until - from).ok()?];
    file.read_exact_at(&mut bytes, from).ok()?;
    Some(bytes)
}

fn head_of(document: &Document) -> Head {
    Head {
        next_id: document.next_id,
        goals: document.goals.clone(),
        timer: document.timer.clone(),
        last_surface: document.last_surface(),
    }
}

/// `read`'s answer from a whole document.
fn from_document<F: DayFold>(
    document: &Document,
    clock: &Clock,
    sessions_of: Option<(NaiveDate, NaiveDate)>,
    mut start: impl FnMut(&Head) -> F,
) -> Folded<F> {
    let head = head_of(document);
    let mut fold = start(&head);
    for mut day in days::group_unordered(&document.sessions, clock.zone()) {
        day.set_morning(&document.mornings);
        fold.day(&day);
    }
    let sessions = match sessions_of {
        Some((first, last)) => document
            .sessions
            .iter()
            .filter(|s| (first..=last).contains(&clock.date_of(&s.start)))
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    Folded { head, fold, sessions }
}

/// The days whose sessions may overlap a walk spanning `[start, end)`:
/// walks last at most a day, so from the day before its start.
fn days_around(
    clock: &Clock,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
) -> (NaiveDate, NaiveDate) {
    let earliest = start - Duration::seconds(WalkDuration::MAX_SECONDS.into());
    (clock.date_of(&earliest), clock.date_of(&end))
}

#[cfg(test)]
mod tests;
