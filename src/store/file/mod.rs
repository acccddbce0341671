//! The store's files on disk: where they are, the lock, and the one way a
//! file is written (a new, exclusively created temporary file in the same
//! folder, or for the store the spare no one holds, synced, renamed over
//! the old one, the folder synced).
//!
//! Every file backwalk keeps beside the store (backup, lock, index,
//! temporaries) is created anew and exclusively, never through a link
//! someone else planted, and is readable by its owner only.

use std::fs::{self, File, Metadata, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use crate::error::Invalid;

/// Links followed before a store path is given up as a loop.
const MAX_LINKS: usize = 40;
const PRIVATE: u32 = 0o600;

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
        for _ in 0..MAX_LINKS {
            let Ok(metadata) = fs::symlink_metadata(&file) else {
                break;
            };
            if !metadata.file_type().is_symlink() {
                refuse_kind(&metadata, given)?;
                break;
            }
            let target =
                fs::read_link(&file).with_context(|| format!("cannot read the link {}", file.display()))?;
            file = match file.parent() {
                Some(parent) if target.is_relative() => parent.join(target),
                _ => target,
            };
        }
        if fs::symlink_metadata(&file).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!("store {shown} is a loop of symbolic links");
        }
        let name = file
            .file_name()
            .ok_or_else(|| anyhow!("store {shown} names no file; give a file with --store PATH"))?
            .to_string_lossy()
            .into_owned();
        let folder = match file.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
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
        self.beside(".bak")
    }

    pub fn lock(&self) -> PathBuf {
        self.beside(".lock")
    }

    pub fn index(&self) -> PathBuf {
        self.beside(".idx")
    }

    /// `.<name>.spare.tmp`: the file the next save writes over.
    pub fn spare(&self) -> PathBuf {
        self.folder.join(format!(".{}.spare.tmp", self.name))
    }

    /// `.<name>.<random>.tmp`: the temporaries of this store.
    fn temporary_prefix(&self) -> String {
        format!(".{}.", self.name)
    }

    /// Whether `path` is the store or one of the files beside it (what an
    /// export must never write over).
    pub fn holds(&self, path: &Path) -> bool {
        let same = |a: &Path, b: &Path| match (fs::metadata(a), fs::metadata(b)) {
            (Ok(x), Ok(y)) => (x.dev(), x.ino()) == (y.dev(), y.ino()),
            _ => false,
        };
        let resolved = Paths::resolve(path).map_or_else(|_| path.to_path_buf(), |p| p.file);
        let (folder, name) = match (resolved.parent(), resolved.file_name()) {
            (Some(folder), Some(name)) => (folder, name.to_string_lossy().into_owned()),
            _ => return false,
        };
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        let same_folder = same(folder, &self.folder);
        #[allow(
            clippy::case_sensitive_file_extension_comparisons,
            reason = "backwalk names its own temporaries: the case is exact"
        )]
        let neighbour = name == self.name
            || [".bak", ".lock", ".idx"]
                .iter()
                .any(|s| name == format!("{}{s}", self.name))
            || (name.starts_with(&self.temporary_prefix()) && name.ends_with(".tmp"));
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
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    loop {
        let path = folder.join(format!(".{name}.{}.tmp", random_suffix()));
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
    let prefix = paths.temporary_prefix();
    let Ok(entries) = fs::read_dir(&paths.folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") && entry.path() != paths.spare() {
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

/// Writes the new store: a synced temporary file renamed over the old
/// one, whose last good version becomes the backup first. On any failure
/// the store, its backup and the folder are left as they were (but for
/// the backup now being the current version) and nothing is left behind.
#[cfg(test)]
pub fn save(paths: &Paths, write: impl FnOnce(&mut File) -> io::Result<()>, replaces: bool) -> Result<()> {
    save_then(paths, write, replaces, || ())
}

/// `save`, running `then` once the new store is in place, before the one
/// sync of the folder that makes the renames durable (so the index
/// written there rides on the same sync).
///
/// At the floor of durability: one data sync and one folder sync. And no
/// file is allocated or freed: the new store is written over the spare
/// (`.<name>.spare.tmp`, the version before the backup, kept by the save
/// before), and the backup it replaces becomes the next spare. A new file
/// would allocate its blocks, and renaming over the old backup would free
/// its blocks and drop its cached pages, both in this process's time
/// (some milliseconds a save at 100 000 walks). The backup is replaced
/// only once the new store is durable, so a write that fails leaves the
/// store and its backup as they were.
///
/// The spare is an old version of the store, and readers take no lock: a
/// slow one that opened that version may still be reading it. Writing
/// over it then would show that reader a mix, so the spare is written
/// over only when no one else has it open (`held_by_no_one_else`); else,
/// and wherever that cannot be told, the save writes a new temporary
/// file as every save once did.
pub fn save_then(
    paths: &Paths,
    write: impl FnOnce(&mut File) -> io::Result<()>,
    replaces: bool,
    then: impl FnOnce(),
) -> Result<()> {
    let saved = (|| {
        let spare = paths.spare();
        let (mut file, temporary) = match reuse(&spare) {
            Some(file) => (file, spare.clone()),
            None => create_temporary(&paths.file)?,
        };
        let done = write(&mut file)
            .and_then(|()| {
                // The spare may have been longer.
                let len = io::Seek::stream_position(&mut file)?;
                file.set_len(len)?;
                file.sync_data()
            })
            .and_then(|()| {
                let old_backup = if replaces { keep_backup(paths)? } else { None };
                fs::rename(&temporary, &paths.file)?;
                if let Some(old_backup) = old_backup
                    && fs::rename(&old_backup, &spare).is_err()
                {
                    let _ = fs::remove_file(&old_backup);
                }
                Ok(())
            });
        if done.is_err() && temporary != spare {
            let _ = fs::remove_file(&temporary);
        }
        done?;
        then();
        sync_folder(&paths.folder)
    })();
    saved.with_context(|| {
        format!(
            "cannot save store {}; it was left as it was",
            paths.given.display()
        )
    })
}

/// Makes the current (good) store the backup: a new second name of it
/// when the file system allows links, else a synced copy, put in place of
/// the old backup (which replaces a planted link, never follows it). When
/// the two names can be exchanged in one step, the old backup is kept
/// under the name returned (to become the spare) instead of being freed.
fn keep_backup(paths: &Paths) -> io::Result<Option<PathBuf>> {
    let linked = paths
        .folder
        .join(format!(".{}.{}.tmp", paths.name, random_suffix()));
    let staging = if fs::hard_link(&paths.file, &linked).is_ok() {
        // The backup is the old store's own file: private too, whatever
        // mode that file had.
        let private = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&linked)
            .and_then(|file| make_private(&file, &file.metadata()?));
        if let Err(e) = private {
            let _ = fs::remove_file(&linked);
            return Err(e);
        }
        linked
    } else {
        let (mut copy, path) = create_temporary(&paths.file)?;
        let copied = File::open(&paths.file)
            .and_then(|mut current| io::copy(&mut current, &mut copy))
            .and_then(|_| copy.sync_all());
        if let Err(e) = copied {
            let _ = fs::remove_file(&path);
            return Err(e);
        }
        path
    };
    let backup = paths.backup();
    if fs::symlink_metadata(&backup).is_ok_and(|m| m.is_file()) && exchange(&staging, &backup).is_ok() {
        return Ok(Some(staging));
    }
    let renamed = fs::rename(&staging, &backup).map_err(|e| {
        let what = match fs::symlink_metadata(&backup) {
            Ok(m) if m.is_dir() => "a folder stands where it goes".to_string(),
            _ => e.to_string(),
        };
        io::Error::new(
            e.kind(),
            format!("cannot keep the previous version as {}: {what}", backup.display()),
        )
    });
    // Renaming a name onto another name of the same file does nothing:
    // the backup already was this version.
    let _ = fs::remove_file(&staging);
    renamed.map(|()| None)
}

/// Swaps what two names name, in one step (Linux's `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |path: &Path| std::ffi::CString::new(path.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: two valid C strings, relative to the working folder.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The spare at `path`, open to be written over, when it is a regular
/// private file of our own with no other name (never through a link) and
/// no one else has it open; else `None`. A spare that is not ours to
/// write loses its name (never what it leads to); one that is merely held
/// keeps it (the next backup replaces it).
fn reuse(path: &Path) -> Option<File> {
    let file = OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path);
    let file = match file {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        other => other.ok(),
    };
    // SAFETY: geteuid has no preconditions.
    let own = unsafe { libc::geteuid() };
    let usable = file.and_then(|file| {
        let metadata = file.metadata().ok()?;
        (metadata.is_file() && metadata.nlink() == 1 && metadata.uid() == own)
            .then_some(file)
            .filter(|file| make_private(file, &metadata).is_ok())
    });
    if usable.is_none() {
        let _ = fs::remove_file(path);
    }
    usable.filter(held_by_no_one_else)
}

/// Whether no other open file description refers to `file` (opened for
/// writing, owned by us): a reader that opened the store's version
/// that is now the spare (readers take no lock) may still be reading it,
/// and must see that version whole. Linux grants a write lease only when
/// no one else has the file open; the lease is given back at once. That
/// is enough: the spare is reached by its name only, and only by
/// backwalk's own writers under the store's lock, which this save holds;
/// a reader of the store opens its current name, never the spare. For
/// the few instants the lease is held, a break (someone else opening the
/// spare by name all the same) would signal SIGURG, ignored by default,
/// instead of SIGIO, whose default ends the process. Where leases are
/// not available (another system, a file system without them, leases
/// turned off) the answer is no: the save writes a new file instead.
#[cfg(target_os = "linux")]
fn held_by_no_one_else(file: &File) -> bool {
    use std::os::fd::AsRawFd;
    // Linux's F_SETSIG (asm-generic/fcntl.h; no architecture Rust builds
    // for changes it), which the libc crate does not name for glibc.
    const F_SETSIG: libc::c_int = 10;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function borrows; F_SETSIG and
    // F_SETLEASE take an int and touch no memory.
    unsafe {
        if libc::fcntl(fd, F_SETSIG, libc::SIGURG) != 0 {
            return false;
        }
        if libc::fcntl(fd, libc::F_SETLEASE, libc::F_WRLCK) != 0 {
            return false;
        }
        libc::fcntl(fd, libc::F_SETLEASE, libc::F_UNLCK) == 0
    }
}

#[cfg(not(target_os = "linux"))]
fn held_by_no_one_else(_: &File) -> bool {
    false
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
        out.flush()
    });
    if written.is_err() {
        let _ = fs::remove_file(paths.index());
    }
}

/// The index file open for reading, with its metadata, when it is a
/// regular file of its own (not through a planted link).
pub fn open_index(paths: &Paths) -> Option<(File, Metadata)> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(paths.index())
        .ok()?;
    let metadata = file.metadata().ok()?;
    (metadata.is_file() && metadata.nlink() == 1).then_some((file, metadata))
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

/// Reads an input file (`-` is standard input).
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        return Ok(bytes);
    }
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        bail!("cannot read {}: it is a folder", path.display());
    }
    (&file)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
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
    let written = write_plain(target, bytes).and_then(|()| {
        let folder = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        sync_folder(folder)
    });
    written.with_context(|| format!("cannot write {shown}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(
        clippy::case_sensitive_file_extension_comparisons,
        reason = "backwalk names its own temporaries: the case is exact"
    )]
    fn temporaries_are_private_unpredictable_and_never_follow_links() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let (_, first) = create_temporary(&target).unwrap();
        let (_, second) = create_temporary(&target).unwrap();
        assert_ne!(first, second);
        let name = first.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(".out.csv.") && name.ends_with(".tmp"), "{name}");
        assert_eq!(fs::metadata(&first).unwrap().mode() & 0o777, 0o600);
    }

    #[test]
    fn a_symlinked_store_resolves_to_its_target() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sync")).unwrap();
        fs::create_dir(dir.path().join("home")).unwrap();
        let link = dir.path().join("home/s.json");
        std::os::unix::fs::symlink("../sync/s.json", &link).unwrap();
        let paths = Paths::resolve(&link).unwrap();
        assert_eq!(paths.file, dir.path().join("home/../sync/s.json"));
        assert_eq!(paths.lock(), dir.path().join("home/../sync/s.json.lock"));
        assert_eq!(paths.given, link);
        // A loop is refused.
        let a = dir.path().join("a");
        std::os::unix::fs::symlink("b", &a).unwrap();
        std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
        assert!(Paths::resolve(&a).is_err());
    }

    #[test]
    fn folders_and_pipes_are_refused_before_anything_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let message = format!("{:#}", Paths::resolve(dir.path()).unwrap_err());
        assert!(message.contains("is a folder"), "{message}");
        let slash = format!("{}/", dir.path().join("new").display());
        assert!(Paths::resolve(Path::new(&slash)).is_err());
        let fifo = dir.path().join("pipe");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let message = format!("{:#}", Paths::resolve(&fifo).unwrap_err());
        assert!(message.contains("is a pipe"), "{message}");
    }

    #[test]
    fn a_planted_lock_link_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, b"keep").unwrap();
        fs::set_permissions(&victim, fs::Permissions::from_mode(0o644)).unwrap();
        let paths = Paths::resolve(&dir.path().join("s.json")).unwrap();
        std::os::unix::fs::symlink(&victim, paths.lock()).unwrap();
        drop(lock(&paths).unwrap());
        assert!(fs::symlink_metadata(paths.lock()).unwrap().is_file());
        assert_eq!(fs::read(&victim).unwrap(), b"keep");
        assert_eq!(fs::metadata(&victim).unwrap().mode() & 0o777, 0o644);
        // A second name of another file is replaced too.
        fs::remove_file(paths.lock()).unwrap();
        fs::hard_link(&victim, paths.lock()).unwrap();
        drop(lock(&paths).unwrap());
        assert_eq!(fs::metadata(&victim).unwrap().nlink(), 1);
        assert_eq!(fs::metadata(&victim).unwrap().mode() & 0o777, 0o644);
    }

    #[test]
    #[allow(
        clippy::case_sensitive_file_extension_comparisons,
        reason = "backwalk names its own temporaries: the case is exact"
    )]
    fn saves_keep_the_backup_and_replace_planted_links() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::resolve(&dir.path().join("s.json")).unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, b"keep").unwrap();
        std::os::unix::fs::symlink(&victim, paths.backup()).unwrap();
        save(&paths, |f| f.write_all(b"one"), false).unwrap();
        save(&paths, |f| f.write_all(b"two"), true).unwrap();
        assert_eq!(fs::read(&paths.file).unwrap(), b"two");
        assert_eq!(fs::read(paths.backup()).unwrap(), b"one");
        assert!(
            !fs::symlink_metadata(paths.backup())
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&victim).unwrap(), b"keep");
        for path in [&paths.file, &paths.backup()] {
            assert_eq!(fs::metadata(path).unwrap().mode() & 0o777, 0o600);
        }
        let failed = save(&paths, |_| Err(io::Error::other("disk full")), true);
        assert!(failed.is_err());
        assert_eq!(fs::read(&paths.file).unwrap(), b"two");
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
    }

    #[test]
    fn a_save_writes_over_the_spare_and_the_old_backup_becomes_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::resolve(&dir.path().join("s.json")).unwrap();
        save(&paths, |f| f.write_all(b"one, the longest"), false).unwrap();
        save(&paths, |f| f.write_all(b"two"), true).unwrap();
        assert!(!paths.spare().exists(), "no backup was replaced yet");
        save(&paths, |f| f.write_all(b"three"), true).unwrap();
        assert_eq!(fs::read(paths.spare()).unwrap(), b"one, the longest");
        let spare = fs::metadata(paths.spare()).unwrap().ino();
        save(&paths, |f| f.write_all(b"four"), true).unwrap();
        // Written over, and cut to its new length.
        assert_eq!(fs::read(&paths.file).unwrap(), b"four");
        assert_eq!(fs::metadata(&paths.file).unwrap().ino(), spare);
        assert_eq!(fs::read(paths.backup()).unwrap(), b"three");
        assert_eq!(fs::read(paths.spare()).unwrap(), b"two");
        // A failed save leaves the store and its backup as they were.
        assert!(save(&paths, |_| Err(io::Error::other("disk full")), true).is_err());
        assert_eq!(fs::read(&paths.file).unwrap(), b"four");
        assert_eq!(fs::read(paths.backup()).unwrap(), b"three");
        // A spare with a second name elsewhere is never written over.
        let elsewhere = dir.path().join("elsewhere");
        fs::remove_file(paths.spare()).unwrap();
        fs::write(&elsewhere, b"keep").unwrap();
        fs::hard_link(&elsewhere, paths.spare()).unwrap();
        save(&paths, |f| f.write_all(b"five"), true).unwrap();
        assert_eq!(fs::read(&elsewhere).unwrap(), b"keep");
        assert_eq!(fs::read(&paths.file).unwrap(), b"five");
        assert_eq!(fs::read(paths.backup()).unwrap(), b"four");
    }

    #[test]
    fn a_reader_holding_an_old_version_keeps_reading_it_whole() {
        use std::os::unix::fs::FileExt;
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::resolve(&dir.path().join("s.json")).unwrap();
        save(&paths, |f| f.write_all(b"one, the longest"), false).unwrap();
        // A slow reader (no lock) opened version one and is still at it.
        let (reader, _) = open_store(&paths).unwrap().unwrap();
        // Two saves later version one's file is the spare; the third save
        // must not write over it while the reader holds it.
        for version in [&b"two"[..], b"three", b"four"] {
            save(&paths, |f| f.write_all(version), true).unwrap();
        }
        let mut held = vec![0; 64];
        let read = reader.read_at(&mut held, 0).unwrap();
        assert_eq!(&held[..read], b"one, the longest");
        assert_eq!(fs::read(&paths.file).unwrap(), b"four");
        assert_eq!(fs::read(paths.backup()).unwrap(), b"three");
        // A spare no one holds is written over again.
        let spare = fs::metadata(paths.spare()).unwrap().ino();
        save(&paths, |f| f.write_all(b"five"), true).unwrap();
        assert_eq!(fs::read(&paths.file).unwrap(), b"five");
        assert_eq!(fs::metadata(&paths.file).unwrap().ino(), spare);
        assert_eq!(fs::read(paths.backup()).unwrap(), b"four");
    }

    #[test]
    fn outputs_refuse_the_store_its_neighbours_and_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::resolve(&dir.path().join("s.json")).unwrap();
        save(&paths, |f| f.write_all(b"store"), false).unwrap();
        for neighbour in [
            "s.json",
            "s.json.bak",
            "s.json.lock",
            "s.json.idx",
            ".s.json.0123.tmp",
        ] {
            let target = dir.path().join(neighbour);
            let error = write_output(&paths, &target, b"x", true).unwrap_err();
            assert!(crate::error::exit_code(&error) == 2, "{neighbour}: {error:#}");
        }
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&paths.file, &link).unwrap();
        assert!(write_output(&paths, &link, b"x", true).is_err());
        assert_eq!(fs::read(&paths.file).unwrap(), b"store");
        let out = dir.path().join("out.csv");
        write_output(&paths, &out, b"1", false).unwrap();
        let again = format!("{:#}", write_output(&paths, &out, b"2", false).unwrap_err());
        assert!(again.contains("--force"), "{again}");
        write_output(&paths, &out, b"2", true).unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"2");
        assert_eq!(fs::metadata(&out).unwrap().mode() & 0o777, 0o600);
    }
}
