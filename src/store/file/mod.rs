//! The store's files on disk: where they are, the lock, and the one way a
//! file is written (a new, exclusively created temporary file in the same
//! folder, or for the store the spare no one holds, synced, renamed over
//! the old one, the folder synced).
//!
//! Every file backwalk keeps beside the store (backup, lock, index,
//! temporaries) is created anew and exclusively, never through a link
//! someone else planted, and is readable by its owner only. Their names
//! are decided here and nowhere else. The save itself is `save.rs`.

mod save;

#[cfg(test)]
pub use save::save;
pub use save::save_then;

use std::fs::{self, File, Metadata, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, FileExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use crate::error::Invalid;

/// Links followed before a store path is given up as a loop.
const MAX_LINKS: usize = 40;
const PRIVATE: u32 = 0o600;

/// The files kept beside the store `<name>`: `<name><suffix>`.
const BACKUP: &str = ".bak";
const LOCK: &str = ".lock";
const INDEX: &str = ".idx";
/// The key that seals the index (`index::Key`).
const KEY: &str = ".key";
/// Every `<name><suffix>` kept beside the store.
const NEIGHBOURS: [&str; 4] = [BACKUP, LOCK, INDEX, KEY];
/// The key's length in bytes.
const KEY_LEN: usize = 16;
/// The spare's middle part (`.<name>.spare.tmp`).
const SPARE: &str = "spare";

/// A temporary of the store (or any file) `name`: `.<name>.<middle>.tmp`,
/// the middle random (`random_suffix`) or `spare`.
fn temporary_name(name: &str, middle: &str) -> String {
    format!(".{name}.{middle}.tmp")
}

/// Whether `candidate` is a name `temporary_name(name, …)` gives.
#[allow(
    clippy::case_sensitive_file_extension_comparisons,
    reason = "backwalk names its own temporaries: the case is exact"
)]
fn is_temporary_of(name: &str, candidate: &str) -> bool {
    candidate.starts_with(&format!(".{name}.")) && candidate.ends_with(".tmp")
}

/// The folder `path` is in (`.` for a bare name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Where the store and the files beside it are.
#[derive(Clone, Debug)]
pub struct Paths {
    /// The path as given, for messages.
    pub given: PathBuf,
    /// The store file itself, links resolved: what is replaced on a save,
    /// so that a link stays a link.
    pub file: PathBuf,
    folder: PathBuf,
    name: String,
}

impl Paths {
    /// Resolves `given` once, as git's lockfile does: a symbolic link is
    /// followed to its target (which need not exist yet), so every
    /// spelling of the store shares one file, one lock and one backup. A
    /// folder, a device or a pipe is refused at once, before anything is
    /// created.
    pub fn resolve(given: &Path) -> Result<Paths> {
        let shown = given.display();
        if given.as_os_str().as_encoded_bytes().ends_with(b"/") {
            bail!("store {shown} names a folder; give a file with --store PATH");
        }
        let mut file = given.to_path_buf();
        let mut resolved = false;
        for _ in 0..=MAX_LINKS {
            let Ok(metadata) = fs::symlink_metadata(&file) else {
                resolved = true;
                break;
            };
            if !metadata.file_type().is_symlink() {
                refuse_kind(&metadata, given)?;
                resolved = true;
                break;
            }
            let target =
                fs::read_link(&file).with_context(|| format!("cannot read the link {}", file.display()))?;
            // A relative target is relative to the link's folder.
            file = if target.is_relative() {
                folder_of(&file).join(target)
            } else {
                target
            };
        }
        if !resolved {
            bail!("store {shown} is a loop of symbolic links");
        }
        let name = file
            .file_name()
            .ok_or_else(|| anyhow!("store {shown} names no file; give a file with --store PATH"))?
            .to_string_lossy()
            .into_owned();
        let folder = folder_of(&file).to_path_buf();
        Ok(Paths {
            given: given.to_path_buf(),
            file,
            folder,
            name,
        })
    }

    fn beside(&self, suffix: &str) -> PathBuf {
        self.folder.join(format!("{}{suffix}", self.name))
    }

    pub fn backup(&self) -> PathBuf {
        self.beside(BACKUP)
    }

    pub fn lock(&self) -> PathBuf {
        self.beside(LOCK)
    }

    pub fn index(&self) -> PathBuf {
        self.beside(INDEX)
    }

    pub fn key(&self) -> PathBuf {
        self.beside(KEY)
    }

    /// `.<name>.spare.tmp`: the file the next save writes over.
    pub fn spare(&self) -> PathBuf {
        self.folder.join(temporary_name(&self.name, SPARE))
    }

    /// A new name for a temporary of this store, no one can guess.
    fn new_temporary(&self) -> PathBuf {
        self.folder.join(temporary_name(&self.name, &random_suffix()))
    }

    /// The store's folder, links resolved.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The store file's name, links resolved.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Patterns (git's) that match every file backwalk keeps beside the
    /// store, and none other.
    pub fn neighbour_patterns(&self) -> Vec<String> {
        let name = &self.name;
        let mut patterns: Vec<String> = NEIGHBOURS
            .iter()
            .map(|suffix| format!("{name}{suffix}"))
            .collect();
        patterns.push(temporary_name(name, "*"));
        patterns
    }

    /// Whether `path` is the store or one of the files beside it (what an
    /// export must never write over).
    pub fn holds(&self, path: &Path) -> bool {
        let same = |a: &Path, b: &Path| match (fs::metadata(a), fs::metadata(b)) {
            (Ok(x), Ok(y)) => (x.dev(), x.ino()) == (y.dev(), y.ino()),
            _ => false,
        };
        let resolved = Paths::resolve(path).map_or_else(|_| path.to_path_buf(), |p| p.file);
        let Some(name) = resolved.file_name() else {
            return false;
        };
        let name = name.to_string_lossy();
        let same_folder = same(folder_of(&resolved), &self.folder);
        let neighbour = name == self.name
            || NEIGHBOURS
                .iter()
                .any(|suffix| name.strip_prefix(self.name.as_str()) == Some(*suffix))
            || is_temporary_of(&self.name, &name);
        (same_folder && neighbour) || same(&resolved, &self.file) || same(&resolved, &self.backup())
    }

    /// Creates the store's folder (private) when it is missing.
    pub fn prepare_folder(&self) -> Result<()> {
        if !self.folder.exists() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&self.folder)
                .with_context(|| format!("cannot create the store's folder {}", self.folder.display()))?;
        }
        Ok(())
    }
}

/// A store must be a regular file: a folder, a device or a pipe would hang
/// a reader or be replaced by a save.
fn refuse_kind(metadata: &Metadata, given: &Path) -> Result<()> {
    let kind = metadata.file_type();
    let what = if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a pipe"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        return Ok(());
    };
    bail!(
        "store {} is {what}, not a regular file; give a file with --store PATH",
        given.display()
    )
}

/// The store file open for reading, with its metadata; `None` when it
/// does not exist yet.
pub fn open_store(paths: &Paths) -> Result<Option<(File, Metadata)>> {
    let opened = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(&paths.file);
    let file = match opened {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read store {}", paths.given.display())),
    };
    let metadata = file
        .metadata()
        .with_context(|| format!("cannot read store {}", paths.given.display()))?;
    refuse_kind(&metadata, &paths.given)?;
    Ok(Some((file, metadata)))
}

/// Reads a whole open file.
pub fn read_all(mut file: &File, size_hint: u64, paths: &Paths) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(usize::try_from(size_hint).unwrap_or(0).saturating_add(1));
    file.read_to_end(&mut bytes)
        .with_context(|| format!("cannot read store {}", paths.given.display()))?;
    Ok(bytes)
}

/// The exclusive lock on `<store>.lock`, held until dropped.
pub struct Lock(#[allow(dead_code)] File);

/// Takes the lock, waiting for it. Call after `prepare_folder`.
pub fn lock(paths: &Paths) -> Result<Lock> {
    let path = paths.lock();
    let file =
        open_lock_file(&path).with_context(|| format!("cannot open the lock file {}", path.display()))?;
    file.lock()
        .with_context(|| format!("cannot lock {}", path.display()))?;
    Ok(Lock(file))
}

/// Takes the lock if no one holds it.
pub fn try_lock(paths: &Paths) -> Option<Lock> {
    let file = open_lock_file(&paths.lock()).ok()?;
    file.try_lock().ok()?;
    Some(Lock(file))
}

/// The lock file, never through a planted link nor a second name of
/// another file: such a one is replaced by a new file of our own.
fn open_lock_file(path: &Path) -> io::Result<File> {
    let open = || {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(PRIVATE)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
            .open(path)
    };
    let file = match open() {
        Ok(file) => file,
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            fs::remove_file(path)?;
            open()?
        }
        Err(e) => return Err(e),
    };
    let metadata = file.metadata()?;
    if !metadata.is_file() || metadata.nlink() != 1 {
        fs::remove_file(path)?;
        return OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(PRIVATE)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(path);
    }
    make_private(&file, &metadata)?;
    Ok(file)
}

fn make_private(file: &File, metadata: &Metadata) -> io::Result<()> {
    if metadata.mode() & 0o777 != PRIVATE {
        file.set_permissions(fs::Permissions::from_mode(PRIVATE))?;
    }
    Ok(())
}

/// 64 bits no one can guess: the std hasher's keys come from the
/// operating system's random source.
fn random_suffix() -> String {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    format!("{:016x}", hasher.finish())
}

/// A new private file beside `target`, created exclusively under an
/// unpredictable name (`.<name>.<random>.tmp`), never through a link.
pub fn create_temporary(target: &Path) -> io::Result<(File, PathBuf)> {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let folder = folder_of(target);
    loop {
        let path = folder.join(temporary_name(&name, &random_suffix()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(PRIVATE)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&path)
        {
            Ok(file) => return Ok((file, path)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
}

/// Replaces `target` with a new file: `write` fills a new private
/// temporary beside it (and syncs it, or keeps a backup, as the caller
/// needs), which is then renamed over `target`. On any failure the
/// temporary is removed and `target` is left as it was.
fn replace_file(target: &Path, write: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let (mut file, temporary) = create_temporary(target)?;
    let done = write(&mut file).and_then(|()| fs::rename(&temporary, target));
    if done.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    done
}

/// Temporaries left by a process killed mid-write. Call under the lock:
/// then every temporary of this store is stale.
pub fn remove_stale_temporaries(paths: &Paths) {
    let Ok(entries) = fs::read_dir(&paths.folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if is_temporary_of(&paths.name, &name) && entry.path() != paths.spare() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Refuses to replace a store its owner made read-only.
pub fn refuse_read_only(paths: &Paths, metadata: &Metadata) -> Result<()> {
    if metadata.permissions().mode() & 0o200 == 0 {
        bail!(
            "store {} is read-only (mode {:o}); nothing was changed (make it writable with chmod u+w to change it)",
            paths.given.display(),
            metadata.permissions().mode() & 0o777
        );
    }
    Ok(())
}

fn sync_folder(folder: &Path) -> io::Result<()> {
    File::open(folder)?.sync_all()
}

/// Replaces the index with `write`'s output, best effort: an index that
/// cannot be written is simply rebuilt later, and one that cannot be
/// refreshed must not stay behind to describe an older store.
pub fn write_index(paths: &Paths, write: impl FnOnce(&mut io::BufWriter<&mut File>) -> io::Result<()>) {
    let written = replace_file(&paths.index(), |file| {
        // Asking a new file its times before writing it makes a kernel
        // with multigrain timestamps (Linux 6.13 and later) give the write
        // a fine-grained time: then the index is strictly newer than the
        // store renamed just before, and the next command believes it
        // under the racy rule instead of reading the whole store. Elsewhere
        // the two may still share a tick: that costs a full read, never a
        // wrong answer.
        file.metadata()?;
        let mut out = io::BufWriter::with_capacity(64 * 1024, file);
        write(&mut out)?;
        out.flush()?;
        // The old index goes first: renamed over, ext4 would first write
        // the new one's data out (its guard for files replaced by rename,
        // which the index does not need: it is checked on every use), and
        // that cost a `log` 0.3–0.9 ms. It describes a store already
        // replaced, so no reader misses it.
        drop(out);
        let _ = fs::remove_file(paths.index());
        Ok(())
    });
    if written.is_err() {
        let _ = fs::remove_file(paths.index());
    }
}

/// A neighbour open for reading, with its metadata, when it is a regular
/// file with no other name (not through a planted link, not a pipe that
/// would make the open wait).
fn open_neighbour(path: &Path) -> Option<(File, Metadata)> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .ok()?;
    let metadata = file.metadata().ok()?;
    (metadata.is_file() && metadata.nlink() == 1).then_some((file, metadata))
}

/// The index file open for reading, with its metadata, when it is a
/// regular file of its own (not through a planted link).
pub fn open_index(paths: &Paths) -> Option<(File, Metadata)> {
    open_neighbour(&paths.index())
}

/// Whether a file is a regular file of this user's own with no other name
/// (so no one else made it, nor reaches it by another path).
pub fn ours_alone(metadata: &Metadata) -> bool {
    // SAFETY: geteuid has no preconditions.
    let own = unsafe { libc::geteuid() };
    metadata.is_file() && metadata.nlink() == 1 && metadata.uid() == own
}

/// The key that seals the index, when it is a private file of this
/// user's own, with no other name, of the key's length (never through a
/// planted link). Else `None`, and the index is not believed.
pub fn read_key(paths: &Paths) -> Option<[u8; KEY_LEN]> {
    let (file, metadata) = open_neighbour(&paths.key())?;
    let private = metadata.permissions().mode() & 0o777 == PRIVATE;
    if !(ours_alone(&metadata) && private && metadata.len() == KEY_LEN as u64) {
        return None;
    }
    let mut key = [0; KEY_LEN];
    file.read_exact_at(&mut key, 0).ok()?;
    Some(key)
}

/// The key, made anew (random, from the system) when there is none or it
/// cannot be used: call under the lock. `None` when none can be made (a
/// folder where it goes): then no index is written.
pub fn key_or_new(paths: &Paths) -> Option<[u8; KEY_LEN]> {
    if let Some(key) = read_key(paths) {
        return Some(key);
    }
    let mut key = [0u8; KEY_LEN];
    // SAFETY: the buffer is `KEY_LEN` writable bytes.
    let got = unsafe { libc::getrandom(key.as_mut_ptr().cast(), KEY_LEN, 0) };
    if usize::try_from(got).ok() != Some(KEY_LEN) {
        return None;
    }
    // Rides on the next folder sync, as the index does: a key lost in a
    // crash only costs the index it sealed.
    replace_file(&paths.key(), |file| file.write_all(&key)).ok()?;
    Some(key)
}

/// Writes `bytes` as `path` atomically: a synced private temporary renamed
/// over it (a `.gitignore`, an export; the caller syncs the folder if it
/// must).
pub fn write_plain(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace_file(path, |file| {
        file.write_all(bytes)?;
        file.sync_all()
    })
}

/// The most an input (`import`'s file or pipe) may hold: a whole-store
/// export of a million walks is some 135 MiB.
const MAX_INPUT: u64 = 256 << 20;

/// Reads an input file (`-` is standard input): a regular file to the
/// size it had when opened, a pipe to its end; at most `MAX_INPUT` bytes
/// either way, and never a device (`/dev/zero` would never end).
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    if path == Path::new("-") {
        return read_bounded(io::stdin().lock(), MAX_INPUT).context("cannot read standard input");
    }
    let shown = path.display();
    let file = File::open(path).with_context(|| format!("cannot read {shown}"))?;
    let metadata = file.metadata().with_context(|| format!("cannot read {shown}"))?;
    let kind = metadata.file_type();
    if kind.is_dir() {
        bail!("cannot read {shown}: it is a folder");
    }
    if kind.is_char_device() || kind.is_block_device() {
        bail!("cannot read {shown}: it is a device; give a file, a pipe, or - for standard input");
    }
    let limit = if kind.is_file() { metadata.len() } else { MAX_INPUT };
    read_bounded(&file, limit).with_context(|| format!("cannot read {shown}"))
}

/// All of `input` when it holds at most `limit` bytes (or `MAX_INPUT`,
/// whichever is less), else an error saying so.
fn read_bounded(input: impl Read, limit: u64) -> Result<Vec<u8>> {
    if limit > MAX_INPUT {
        bail!(
            "it is larger than {} MiB, the most backwalk reads",
            MAX_INPUT >> 20
        );
    }
    let mut bytes = Vec::new();
    input.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        if limit == MAX_INPUT {
            bail!(
                "it holds more than {} MiB, the most backwalk reads",
                MAX_INPUT >> 20
            );
        }
        // A regular file that grew while read: what it held when opened.
        bytes.truncate(usize::try_from(limit)?);
    }
    Ok(bytes)
}

/// Reads another store file (git's versions of it, for the merge
/// driver): only a regular file, opened without waiting, so a pipe or a
/// device (`/dev/zero`) is refused at once instead of hanging or filling
/// the memory; read to the size it had when opened.
pub fn read_store_file(path: &Path) -> Result<Vec<u8>> {
    let shown = path.display();
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .with_context(|| format!("cannot read {shown}"))?;
    let metadata = file.metadata().with_context(|| format!("cannot read {shown}"))?;
    if !metadata.is_file() {
        bail!("cannot read {shown}: it is not a regular file (a store is one)");
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(metadata.len())
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {shown}"))?;
    Ok(bytes)
}

/// Writes a file the person asked for (`export --output`, `calendar
/// --svg`): refuses the store and the files beside it (exit 2) and an
/// existing file unless `force` (exit 1); writes atomically and privately.
/// A device or a pipe is written to, never replaced.
pub fn write_output(store: &Paths, target: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let shown = target.display();
    if store.holds(target) {
        return Err(Invalid::new(format!(
            "{shown} is the store or a file beside it; write the output somewhere else"
        ))
        .into());
    }
    match fs::metadata(target) {
        Ok(m) if m.file_type().is_char_device() || m.file_type().is_fifo() => {
            let mut out = OpenOptions::new()
                .write(true)
                .open(target)
                .with_context(|| format!("cannot write {shown}"))?;
            return out
                .write_all(bytes)
                .with_context(|| format!("cannot write {shown}"));
        }
        Ok(m) if m.is_dir() => bail!("cannot write {shown}: it is a folder"),
        Ok(_) if !force => bail!("{shown} already exists; give --force to replace it"),
        _ => {}
    }
    if fs::symlink_metadata(target).is_ok() && !force {
        bail!("{shown} already exists; give --force to replace it");
    }
    let written = write_plain(target, bytes).and_then(|()| sync_folder(folder_of(target)));
    written.with_context(|| format!("cannot write {shown}"))
}

#[cfg(test)]
mod tests;
