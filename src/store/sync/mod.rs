//! Two devices, one history, through git: the store's folder as a
//! repository, backwalk as the store file's merge driver. git runs
//! through its command line (`repo.rs`); the store file itself is only
//! ever written by backwalk's atomic save, under backwalk's lock, so a
//! reader never sees it half-merged (git's own checkout writes files in
//! place). Of the store this module sees only its narrow face for sync
//! (`Store::place`, `lock_writers`, `load`, `save_locked`, …).

mod repo;

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};

use super::{Store, layout};
use crate::merge::{Changes, Conflict, Merged, Renumbered, changes, merge};
use crate::model::Document;
use repo::{CONFLICT_LINE, Repo};

/// What `sync` did.
pub struct Synced {
    /// Walks added, edited or removed that came in from the remote.
    pub incoming: Changes,
    /// Walks added, edited or removed that went out to it.
    pub outgoing: Changes,
    /// This sync's merge's conflicts, and those of every merge it
    /// brought in (made on another device).
    pub conflicts: Vec<Conflict>,
    /// This device's walks that got new ids.
    pub renumbered: Vec<Renumbered>,
}

/// What `sync init` did.
pub struct Initialised {
    pub repository: PathBuf,
    pub created: bool,
    pub committed: bool,
    pub remote: Option<String>,
}

/// How a merge commit's message carries a renumbering (conflicts: see
/// `repo::CONFLICT_LINE`).
const RENUMBERED_LINE: &str = "backwalk-renumbered: ";

/// The driver's name in `.gitattributes` and the config.
const DRIVER: &str = "backwalk";

/// What a merge reported.
#[derive(Default)]
struct Report {
    conflicts: Vec<Conflict>,
    renumbered: Vec<Renumbered>,
}

fn repo_of(store: &Store) -> Repo {
    let (folder, name) = store.place();
    Repo::new(folder, name)
}

fn quote_for_shell(path: &std::path::Path) -> String {
    format!("'{}'", path.to_string_lossy().replace('\'', "'\\''"))
}

/// Makes the store's folder a repository (or uses the one it is in)
/// with backwalk as the store's merge driver, and commits the store.
/// Running it again changes nothing (but the driver's path).
pub fn init(store: &Store, remote: Option<&str>) -> Result<Initialised> {
    let repo = repo_of(store);
    store.prepare_folder()?;
    let created = !repo.in_repository()?;
    if created {
        repo.git(&["init", "--quiet", "--shared=0600"])?;
    }
    let _lock = store.lock_writers()?;
    // A store that `git clone` wrote is as readable as the umask made
    // it: owner-only before anything else.
    store.make_owner_only()?;
    // The committed store is in this version's layout, every walk with
    // its lasting identity, so every device reads the same walks.
    store.normalise()?;
    let name = &repo.name;
    repo.ensure_lines(".gitattributes", &[format!("{name} merge={DRIVER}")])?;
    repo.ensure_lines(".gitignore", &store.neighbour_patterns())?;
    register_driver(&repo)?;
    if let Some(remote) = remote {
        set_remote(&repo, remote)?;
    }
    let committed = commit_set_up(&repo)?;
    Ok(Initialised {
        repository: PathBuf::from(repo.git(&["rev-parse", "--show-toplevel"])?),
        created,
        committed,
        remote: repo.git(&["remote", "get-url", "origin"]).ok(),
    })
}

/// backwalk, at the running binary's path, as the store's merge driver.
fn register_driver(repo: &Repo) -> Result<()> {
    let exe = std::env::current_exe().context("cannot find the running backwalk's path")?;
    repo.git(&[
        "config",
        &format!("merge.{DRIVER}.name"),
        "backwalk: a three-way merge of walks",
    ])?;
    repo.git(&[
        "config",
        &format!("merge.{DRIVER}.driver"),
        &format!("{} merge %O %A %B", quote_for_shell(&exe)),
    ])?;
    Ok(())
}

fn set_remote(repo: &Repo, remote: &str) -> Result<()> {
    if repo.succeeds(&["remote", "get-url", "origin"])? {
        repo.git(&["remote", "set-url", "origin", remote])?;
    } else {
        repo.git(&["remote", "add", "origin", remote])?;
    }
    Ok(())
}

/// Commits the store, `.gitattributes` and `.gitignore` when any changed;
/// whether a commit was made.
fn commit_set_up(repo: &Repo) -> Result<bool> {
    let paths = [repo.name.as_str(), ".gitattributes", ".gitignore"];
    let mut add = vec!["add", "--"];
    add.extend(paths);
    repo.git(&add)?;
    let mut staged = vec!["diff", "--cached", "--quiet", "--"];
    staged.extend(paths);
    let committed = !repo.succeeds(&staged)?;
    if committed {
        let mut args = vec!["-m", "backwalk: sync init", "--"];
        args.extend(paths);
        repo.commit(&args)?;
    }
    Ok(committed)
}

/// Where a sync goes: the store's path in the repository, the branch,
/// and the remote it shares with.
struct Target {
    path: String,
    branch: String,
    remote: String,
    /// `refs/remotes/<remote>/<branch>`.
    tracking: String,
}

/// Commits the store if it changed, merges what the remote has, and
/// pushes; `describe` says what changed, for the commit message.
pub fn sync(store: &Store, describe: impl Fn(&Document, &Document) -> String) -> Result<Synced> {
    let repo = repo_of(store);
    let target = find_target(&repo)?;
    let lock = store.lock_writers()?;
    let mut report = finish_interrupted(store, &repo, &target.path)?;
    refuse_other_changes(&repo, &target)?;
    ignore_the_neighbours(store, &repo)?;
    let ours = store.load()?;
    commit_ours(store, &repo, &target.path, &ours, describe)?;
    let (theirs_before, after) = take_theirs(store, &repo, &target, &ours, &mut report)?;
    drop(lock);
    push(&repo, &target)?;
    Ok(Synced {
        incoming: changes(&ours, &after),
        outgoing: changes(&theirs_before, &after),
        conflicts: report.conflicts,
        renumbered: report.renumbered,
    })
}

/// The store's repository, set up by `sync init`, on a branch, with a
/// remote: the branch's own, else `origin`, else the first.
fn find_target(repo: &Repo) -> Result<Target> {
    let not_set_up =
        || anyhow!("the store's folder is not set up for sync; run `backwalk sync init [REMOTE]`");
    if !repo.in_repository()? {
        return Err(not_set_up());
    }
    let path = repo.store_path()?;
    let routed = repo.git(&["check-attr", "merge", "--", &repo.name])?;
    if !routed.ends_with(&format!(": {DRIVER}"))
        || repo.git(&["config", &format!("merge.{DRIVER}.driver")]).is_err()
    {
        return Err(not_set_up());
    }
    let branch = repo
        .git(&["symbolic-ref", "--quiet", "--short", "HEAD"])
        .map_err(|_| anyhow!("the store's repository is not on a branch; check one out first"))?;
    let remote = repo
        .git(&["config", &format!("branch.{branch}.remote")])
        .ok()
        .or_else(|| {
            let remotes = repo.git(&["remote"]).unwrap_or_default();
            let first = remotes.lines().next()?.to_string();
            Some(if remotes.lines().any(|r| r == "origin") {
                "origin".into()
            } else {
                first
            })
        })
        .filter(|r| !r.is_empty())
        .ok_or_else(|| {
            anyhow!("the store's repository has no remote; `backwalk sync init REMOTE` sets one")
        })?;
    let tracking = format!("refs/remotes/{remote}/{branch}");
    Ok(Target {
        path,
        branch,
        remote,
        tracking,
    })
}

/// Changes to files other than the store stop a sync (after finishing a
/// fast-forward a killed sync left half done).
fn refuse_other_changes(repo: &Repo, target: &Target) -> Result<()> {
    let path = &target.path;
    let other_changes = || -> Result<Vec<String>> {
        let dirty = repo.git(&["status", "--porcelain=v1", "--untracked-files=no"])?;
        Ok(dirty
            .lines()
            .filter_map(|line| line.get(3..))
            .filter(|file| file != path && !file.ends_with(&format!(" -> {path}")))
            .map(str::to_string)
            .collect())
    };
    let mut others = other_changes()?;
    if !others.is_empty() && finish_fast_forward(repo, &target.tracking, &others)? {
        others = other_changes()?;
    }
    if !others.is_empty() {
        bail!(
            "the repository has changes to other files ({}); commit or stash them, then sync again",
            others.join(", ")
        );
    }
    Ok(())
}

/// A folder set up by an older backwalk learns to ignore the files kept
/// beside the store since (the index's key), in a commit of its own.
fn ignore_the_neighbours(store: &Store, repo: &Repo) -> Result<()> {
    if repo.ensure_lines(".gitignore", &store.neighbour_patterns())? {
        repo.git(&["add", "--", ".gitignore"])?;
        repo.commit(&[
            "-m",
            "backwalk: ignore the files kept beside the store",
            "--",
            ".gitignore",
        ])?;
    }
    Ok(())
}

/// This side's changes, committed with what they were.
fn commit_ours(
    store: &Store,
    repo: &Repo,
    path: &str,
    ours: &Document,
    describe: impl Fn(&Document, &Document) -> String,
) -> Result<()> {
    let head = if repo.has_head() {
        repo.blob("HEAD", path)?
    } else {
        None
    };
    let committed = match &head {
        Some(bytes) => store
            .decode(bytes)
            .map_err(|e| anyhow!("the committed store: {e:#}"))?,
        None => Document::default(),
    };
    if head.is_none() || !repo.succeeds(&["diff", "--quiet", "HEAD", "--", path])? {
        repo.git(&["add", "--", path])?;
        let message = describe(&committed, ours);
        repo.commit(&["-m", &message, "--", path])?;
    }
    Ok(())
}

/// Fetches, then takes what the remote has: a fast-forward when only it
/// moved, a merge when both did. The remote's store as fetched, and the
/// store after.
fn take_theirs(
    store: &Store,
    repo: &Repo,
    target: &Target,
    ours: &Document,
    report: &mut Report,
) -> Result<(Document, Document)> {
    let (path, tracking) = (target.path.as_str(), target.tracking.as_str());
    repo.git(&["fetch", "--quiet", &target.remote])?;
    let remote_has_branch = repo.succeeds(&["rev-parse", "--verify", "--quiet", tracking])?;
    let theirs = if remote_has_branch {
        decode_blob(repo.blob(tracking, path)?, "the remote's store")?
    } else {
        Document::default()
    };
    if !remote_has_branch || repo.succeeds(&["merge-base", "--is-ancestor", tracking, "HEAD"])? {
        return Ok((theirs, ours.clone()));
    }
    let told = repo.reported_between("HEAD", tracking)?;
    let after = if repo.succeeds(&["merge-base", "--is-ancestor", "HEAD", tracking])? {
        fast_forward(store, repo, tracking, path, &theirs)?
    } else {
        let merged = merge_with(store, repo, tracking, path, ours, &theirs, false)?;
        report.conflicts.extend(merged.conflicts);
        report.renumbered.extend(merged.renumbered);
        merged.document
    };
    report.conflicts.extend(told);
    Ok((theirs, after))
}

/// Pushes the branch, setting its upstream the first time.
fn push(repo: &Repo, target: &Target) -> Result<()> {
    let (branch, remote) = (&target.branch, &target.remote);
    let mut push = vec!["push", "--quiet"];
    if repo.git(&["config", &format!("branch.{branch}.remote")]).is_err() {
        push.push("--set-upstream");
    }
    let destination = format!("HEAD:refs/heads/{branch}");
    push.extend([remote.as_str(), destination.as_str()]);
    repo.git(&push)
        .map_err(|e| anyhow!("{e:#}; the store is merged and committed here, nothing was pushed"))?;
    if push.contains(&"--set-upstream") {
        let _ = repo.git(&[
            "branch",
            "--quiet",
            "--set-upstream-to",
            &format!("{remote}/{branch}"),
        ]);
    }
    Ok(())
}

fn decode_blob(bytes: Option<Vec<u8>>, what: &str) -> Result<Document> {
    match bytes {
        Some(bytes) => {
            layout::decode(&bytes).map_err(|e| anyhow!("cannot merge: {what} {e}; nothing was changed"))
        }
        None => Ok(Document::default()),
    }
}

/// The remote is ahead: take its store (through the atomic save) and
/// move the branch to it; undo does not reach back across it.
fn fast_forward(
    store: &Store,
    repo: &Repo,
    tracking: &str,
    path: &str,
    theirs: &Document,
) -> Result<Document> {
    let others = repo.other_changes("HEAD", tracking, path)?;
    let mut document = theirs.clone();
    let had_undo = !document.undo.is_empty() || !document.redo.is_empty();
    document.undo.clear();
    document.redo.clear();
    store.save_locked(&mut document, true)?;
    repo.git(&["reset", "--quiet", "--mixed", tracking])?;
    for other in &others {
        repo.git(&["checkout", "--quiet", tracking, "--", other])?;
    }
    if had_undo {
        repo.git(&["add", "--", path])?;
        repo.commit(&["-m", "backwalk: undo history cleared after sync", "--", path])?;
    }
    Ok(document)
}

/// A sync killed in the middle of a merge (power lost, SIGKILL) left
/// git merging: finish that merge from the store as it is now (with
/// any change made since), so no git command is ever asked of the
/// person. Call under the lock.
fn finish_interrupted(store: &Store, repo: &Repo, path: &str) -> Result<Report> {
    if !repo.succeeds(&["rev-parse", "--quiet", "--verify", "MERGE_HEAD"])? {
        return Ok(Report::default());
    }
    let theirs_commit = repo.git(&["rev-parse", "MERGE_HEAD"])?;
    let theirs = decode_blob(repo.blob(&theirs_commit, path)?, "the remote's store")?;
    let ours = store.load()?;
    let told = repo.reported_between("HEAD", &theirs_commit)?;
    let mut merged = merge_with(store, repo, &theirs_commit, path, &ours, &theirs, true)?;
    merged.conflicts.extend(told);
    Ok(Report {
        conflicts: merged.conflicts,
        renumbered: merged.renumbered,
    })
}

/// A fast-forward killed after it moved the branch to the remote's
/// (`ORIG_HEAD` is where it was) but before it took the other files:
/// those still as they were at `ORIG_HEAD` are taken from the branch.
/// Whether any was.
fn finish_fast_forward(repo: &Repo, tracking: &str, others: &[String]) -> Result<bool> {
    let revision = |name: &str| repo.git(&["rev-parse", "--verify", "--quiet", name]).ok();
    let (Some(head), Some(remote), Some(_)) = (revision("HEAD"), revision(tracking), revision("ORIG_HEAD"))
    else {
        return Ok(false);
    };
    if head != remote || !repo.succeeds(&["merge-base", "--is-ancestor", "ORIG_HEAD", "HEAD"])? {
        return Ok(false);
    }
    let mut finished = false;
    for file in others {
        let top = format!(":/{file}");
        let unstaged = repo.succeeds(&["diff", "--quiet", "--cached", "--", &top])?;
        if unstaged && repo.succeeds(&["diff", "--quiet", "ORIG_HEAD", "--", &top])? {
            repo.git(&["checkout", "--quiet", "HEAD", "--", &top])?;
            finished = true;
        }
    }
    Ok(finished)
}

/// A merge commit's message: what it did, then each conflict and
/// renumbering on a line of its own.
fn merge_message(merged: &Merged) -> String {
    let mut message = format!(
        "backwalk: sync merge ({} conflicts, {} walks renumbered)\n\n",
        merged.conflicts.len(),
        merged.renumbered.len()
    );
    for conflict in &merged.conflicts {
        message.push_str(CONFLICT_LINE);
        message.push_str(&serde_json::to_string(conflict).unwrap_or_default());
        message.push('\n');
    }
    for renumbered in &merged.renumbered {
        message.push_str(RENUMBERED_LINE);
        message.push_str(&serde_json::to_string(renumbered).unwrap_or_default());
        message.push('\n');
    }
    message
}

/// Both sides moved: merge the stores here, record the merge, and
/// take the other files that only the remote changed. Anything git
/// cannot finish leaves the store and the branch as they were.
/// `resuming`: git is already merging `tracking` (an interrupted sync).
fn merge_with(
    store: &Store,
    repo: &Repo,
    tracking: &str,
    path: &str,
    ours: &Document,
    theirs: &Document,
    resuming: bool,
) -> Result<Merged> {
    let base_commit = repo.git(&["merge-base", "HEAD", tracking])?;
    let base = decode_blob(repo.blob(&base_commit, path)?, "the common version of the store")?;
    let mut merged = merge(&base, ours, theirs);
    merged.document.check().map_err(|e| {
        anyhow!("cannot merge: the result would not be a valid store ({e}); nothing was changed")
    })?;
    let theirs_only = repo.other_changes(&base_commit, tracking, path)?;
    let ours_changed = repo.other_changes(&base_commit, "HEAD", path)?;
    if let Some(both) = theirs_only.iter().find(|f| ours_changed.contains(f)) {
        bail!("cannot merge: {both} changed on both devices; merge it with git by hand, then sync again");
    }
    if !resuming {
        repo.git_as_someone(&[
            "merge",
            "--quiet",
            "--no-ff",
            "--no-commit",
            "-s",
            "ours",
            tracking,
        ])
        .map_err(|e| anyhow!("cannot merge: {e:#}"))?;
    }
    let finished = (|| -> Result<()> {
        for other in &theirs_only {
            repo.git(&["checkout", "--quiet", tracking, "--", other])?;
        }
        store.save_locked(&mut merged.document.clone(), true)?;
        repo.git(&["add", "--", path])?;
        repo.commit(&["--no-edit", "-m", &merge_message(&merged)])
    })();
    if let Err(e) = finished {
        let _ = repo.git(&["merge", "--abort"]);
        store.save_locked(&mut ours.clone(), true)?;
        return Err(e.context("cannot merge; the store and the branch were left as they were"));
    }
    Ok(merged)
}
