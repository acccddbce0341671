//! The store's save: at the floor of durability (one data sync, one
//! folder sync), the old version kept as the backup, the spare written
//! over when no reader can hold it.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::{PRIVATE, Paths, create_temporary, make_private, ours_alone, sync_folder};

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
        let (mut file, temporary, old_len) = if let Some((file, old_len)) = reuse(&spare) {
            (file, spare.clone(), old_len)
        } else {
            let (file, path) = create_temporary(&paths.file)?;
            (file, path, 0)
        };
        let done = write(&mut file)
            .and_then(|()| {
                // The spare may have been longer.
                if old_len > 0 {
                    let len = io::Seek::stream_position(&mut file)?;
                    if len < old_len {
                        file.set_len(len)?;
                    }
                }
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
    let linked = paths.new_temporary();
    let staging = if fs::hard_link(&paths.file, &linked).is_ok() {
        // The backup is the old store's own file: private too, whatever
        // mode that file had (a look at the new name first: it is
        // opened, never through a link, only when it must change).
        let private = match fs::symlink_metadata(&linked) {
            Ok(metadata) if metadata.is_file() && metadata.mode() & 0o777 == PRIVATE => Ok(()),
            _ => OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
                .open(&linked)
                .and_then(|file| make_private(&file, &file.metadata()?)),
        };
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
fn reuse(path: &Path) -> Option<(File, u64)> {
    let file = OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path);
    let file = match file {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        other => other.ok(),
    };
    let usable = file.and_then(|file| {
        let metadata = file.metadata().ok()?;
        ours_alone(&metadata)
            .then_some((file, metadata.len()))
            .filter(|(file, _)| make_private(file, &metadata).is_ok())
    });
    if usable.is_none() {
        let _ = fs::remove_file(path);
    }
    usable.filter(|(file, _)| held_by_no_one_else(file))
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
