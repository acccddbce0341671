//! Two devices, one history, through git: the store's folder as a
//! repository, backwalk as the store file's merge driver. git runs
//! through its command line; the store file itself is only ever written
//! by backwalk's atomic save, under backwalk's lock, so a reader never
//! sees it half-merged (git's own checkout writes files in place).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{Context, Result, anyhow, bail};

use super::{Store, file, layout};
use crate::merge::{Changes, Conflict, Merged, Renumbered, changes, merge};
use crate::model::Document;

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

/// How a merge commit's message carries what the merge reported, one
/// line each, for the other device's next sync to read.
const CONFLICT_LINE: &str = "backwalk-conflict: ";
const RENUMBERED_LINE: &str = "backwalk-renumbered: ";

/// What a merge reported.
#[derive(Default)]
struct Report {
    conflicts: Vec<Conflict>,
    renumbered: Vec<Renumbered>,
}

/// What `sync init` did.
pub struct Initialised {
    pub repository: PathBuf,
    pub created: bool,
    pub committed: bool,
    pub remote: Option<String>,
}

/// The driver's name in `.gitattributes` and the config.
const DRIVER: &str = "backwalk";

struct Repo {
    /// The store's folder, where git runs.
    folder: PathBuf,
    /// The store's file name.
    name: String,
}

impl Repo {
    fn of(store: &Store) -> Repo {
        let file = &store.paths.file;
        let folder = match file.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Repo {
            folder,
            name: file
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new("git");
        command.arg("-C").arg(&self.folder).args(args);
        command
    }

    fn run(&self, args: &[&str]) -> Result<Output> {
        self.command(args).output().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                anyhow!("sync needs git, which is not installed (e.g. `apt-get install git`)")
            } else {
                anyhow!("cannot run git: {e}")
            }
        })
    }

    /// Runs git; its trimmed stdout, or an error with what it said.
    fn git(&self, args: &[&str]) -> Result<String> {
        let output = self.run(args)?;
        if !output.status.success() {
            bail!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim_end().to_string())
    }

    fn succeeds(&self, args: &[&str]) -> Result<bool> {
        Ok(self.run(args)?.status.success())
    }

    /// git's bytes of a file at a revision; `None` where it is not.
    fn blob(&self, revision: &str, path: &str) -> Result<Option<Vec<u8>>> {
        let output = self.run(&["show", &format!("{revision}:{path}")])?;
        Ok(output.status.success().then_some(output.stdout))
    }

    /// Runs a git command that records who did it (`commit`, `merge`)
    /// with the person's identity, or backwalk's when git has none (a
    /// fresh machine).
    fn git_as_someone(&self, args: &[&str]) -> Result<String> {
        let mut all: Vec<&str> = Vec::new();
        if self.git(&["config", "user.email"]).unwrap_or_default().is_empty() {
            all.extend(["-c", "user.name=backwalk", "-c", "user.email=backwalk@localhost"]);
        }
        all.extend(args);
        self.git(&all)
    }

    fn commit(&self, args: &[&str]) -> Result<()> {
        let mut all = vec!["commit", "--quiet", "--no-verify"];
        all.extend(args);
        self.git_as_someone(&all).map(drop)
    }

    /// The store's path from the top of the repository.
    fn store_path(&self) -> Result<String> {
        let prefix = self.git(&["rev-parse", "--show-prefix"])?;
        Ok(format!("{prefix}{}", self.name))
    }

    /// Whether the store's folder is in a repository; an error when git
    /// cannot be run at all.
    fn in_repository(&self) -> Result<bool> {
        self.succeeds(&["rev-parse", "--show-toplevel"])
    }

    fn has_head(&self) -> bool {
        self.succeeds(&["rev-parse", "--verify", "--quiet", "HEAD"])
            .unwrap_or(false)
    }

    /// Adds each line missing from a file of the repository.
    fn ensure_lines(&self, file_name: &str, lines: &[String]) -> Result<()> {
        let path = self.folder.join(file_name);
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        let missing: Vec<&String> = lines
            .iter()
            .filter(|l| !existing.lines().any(|e| e.trim() == l.as_str()))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let mut text = existing.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for line in missing {
            text.push_str(line);
            text.push('\n');
        }
        file::write_plain(&path, text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))
    }
}

fn quote_for_shell(path: &Path) -> String {
    format!("'{}'", path.to_string_lossy().replace('\'', "'\\''"))
}

impl Store<'_> {
    /// Makes the store's folder a repository (or uses the one it is in)
    /// with backwalk as the store's merge driver, and commits the store.
    /// Running it again changes nothing (but the driver's path).
    pub fn sync_init(&self, remote: Option<&str>) -> Result<Initialised> {
        let repo = Repo::of(self);
        self.paths.prepare_folder()?;
        let created = !repo.in_repository()?;
        if created {
            repo.git(&["init", "--quiet", "--shared=0600"])?;
        }
        let _lock = file::lock(&self.paths)?;
        file::remove_stale_temporaries(&self.paths);
        // A store that `git clone` wrote is as readable as the umask made
        // it: owner-only before anything else.
        if std::fs::metadata(&self.paths.file)
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o077 != 0)
        {
            std::fs::set_permissions(&self.paths.file, std::fs::Permissions::from_mode(0o600))
                .with_context(|| format!("cannot make {} owner-only", self.paths.file.display()))?;
        }
        // The committed store is in this version's layout, every walk with
        // its lasting identity, so every device reads the same walks.
        self.normalise()?;
        let name = &repo.name;
        repo.ensure_lines(".gitattributes", &[format!("{name} merge={DRIVER}")])?;
        repo.ensure_lines(
            ".gitignore",
            &[
                format!("{name}.bak"),
                format!("{name}.lock"),
                format!("{name}.idx"),
                format!(".{name}.*.tmp"),
            ],
        )?;
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
        if let Some(remote) = remote {
            if repo.succeeds(&["remote", "get-url", "origin"])? {
                repo.git(&["remote", "set-url", "origin", remote])?;
            } else {
                repo.git(&["remote", "add", "origin", remote])?;
            }
        }
        let paths = [name.as_str(), ".gitattributes", ".gitignore"];
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
        Ok(Initialised {
            repository: PathBuf::from(repo.git(&["rev-parse", "--show-toplevel"])?),
            created,
            committed,
            remote: repo.git(&["remote", "get-url", "origin"]).ok(),
        })
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

    /// Commits the store if it changed, merges what the remote has, and
    /// pushes; `describe` says what changed, for the commit message.
    #[allow(clippy::too_many_lines, reason = "one sync, its steps in the order they run")]
    pub fn sync(&self, describe: impl Fn(&Document, &Document) -> String) -> Result<Synced> {
        let repo = Repo::of(self);
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

        let lock = file::lock(&self.paths)?;
        file::remove_stale_temporaries(&self.paths);
        let mut report = self.finish_interrupted(&repo, &path)?;
        let tracking = format!("refs/remotes/{remote}/{branch}");
        let other_changes = || -> Result<Vec<String>> {
            let dirty = repo.git(&["status", "--porcelain=v1", "--untracked-files=no"])?;
            Ok(dirty
                .lines()
                .filter_map(|line| line.get(3..))
                .filter(|file| *file != path && !file.ends_with(&format!(" -> {path}")))
                .map(str::to_string)
                .collect())
        };
        let mut others = other_changes()?;
        if !others.is_empty() && Self::finish_fast_forward(&repo, &tracking, &others)? {
            others = other_changes()?;
        }
        if !others.is_empty() {
            bail!(
                "the repository has changes to other files ({}); commit or stash them, then sync again",
                others.join(", ")
            );
        }
        // This side's changes, committed with what they were.
        let ours = self.load()?;
        let head = if repo.has_head() {
            repo.blob("HEAD", &path)?
        } else {
            None
        };
        let committed = match &head {
            Some(bytes) => self
                .decode(bytes)
                .map_err(|e| anyhow!("the committed store: {e:#}"))?,
            None => Document::default(),
        };
        if head.is_none() || !repo.succeeds(&["diff", "--quiet", "HEAD", "--", &path])? {
            repo.git(&["add", "--", &path])?;
            let message = describe(&committed, &ours);
            repo.commit(&["-m", &message, "--", &path])?;
        }
        repo.git(&["fetch", "--quiet", &remote])?;
        let remote_has_branch = repo.succeeds(&["rev-parse", "--verify", "--quiet", &tracking])?;
        let theirs_before = if remote_has_branch {
            Self::decode_blob(repo.blob(&tracking, &path)?, "the remote's store")?
        } else {
            Document::default()
        };
        let mut after = ours.clone();
        if remote_has_branch && !repo.succeeds(&["merge-base", "--is-ancestor", &tracking, "HEAD"])? {
            let told = Self::reported_between(&repo, "HEAD", &tracking)?;
            if repo.succeeds(&["merge-base", "--is-ancestor", "HEAD", &tracking])? {
                after = self.fast_forward(&repo, &tracking, &path, &theirs_before)?;
            } else {
                let merged = self.merge_with(&repo, &tracking, &path, &ours, &theirs_before, false)?;
                after = merged.document;
                report.conflicts.extend(merged.conflicts);
                report.renumbered.extend(merged.renumbered);
            }
            report.conflicts.extend(told);
        }
        drop(lock);
        let mut push = vec!["push", "--quiet"];
        if repo.git(&["config", &format!("branch.{branch}.remote")]).is_err() {
            push.push("--set-upstream");
        }
        let target = format!("HEAD:refs/heads/{branch}");
        push.extend([remote.as_str(), target.as_str()]);
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
        Ok(Synced {
            incoming: changes(&ours, &after),
            outgoing: changes(&theirs_before, &after),
            conflicts: report.conflicts,
            renumbered: report.renumbered,
        })
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
    fn fast_forward(&self, repo: &Repo, tracking: &str, path: &str, theirs: &Document) -> Result<Document> {
        let others = Self::other_changes(repo, "HEAD", tracking, path)?;
        let mut document = theirs.clone();
        let had_undo = !document.undo.is_empty() || !document.redo.is_empty();
        document.undo.clear();
        document.redo.clear();
        self.save_locked(&mut document, true)?;
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
    fn finish_interrupted(&self, repo: &Repo, path: &str) -> Result<Report> {
        if !repo.succeeds(&["rev-parse", "--quiet", "--verify", "MERGE_HEAD"])? {
            return Ok(Report::default());
        }
        let theirs_commit = repo.git(&["rev-parse", "MERGE_HEAD"])?;
        let theirs = Self::decode_blob(repo.blob(&theirs_commit, path)?, "the remote's store")?;
        let ours = self.load()?;
        let told = Self::reported_between(repo, "HEAD", &theirs_commit)?;
        let mut merged = self.merge_with(repo, &theirs_commit, path, &ours, &theirs, true)?;
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
        let (Some(head), Some(remote), Some(_)) =
            (revision("HEAD"), revision(tracking), revision("ORIG_HEAD"))
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

    /// The conflicts that the merges in `to` but not in `from` wrote
    /// into their messages (made on other devices).
    fn reported_between(repo: &Repo, from: &str, to: &str) -> Result<Vec<Conflict>> {
        let messages = repo.git(&["log", "--merges", "--format=%B", &format!("{from}..{to}")])?;
        Ok(messages
            .lines()
            .filter_map(|line| line.strip_prefix(CONFLICT_LINE))
            .filter_map(|json| serde_json::from_str(json).ok())
            .collect())
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
        &self,
        repo: &Repo,
        tracking: &str,
        path: &str,
        ours: &Document,
        theirs: &Document,
        resuming: bool,
    ) -> Result<Merged> {
        let base_commit = repo.git(&["merge-base", "HEAD", tracking])?;
        let base = Self::decode_blob(repo.blob(&base_commit, path)?, "the common version of the store")?;
        let mut merged = merge(&base, ours, theirs);
        merged.document.check().map_err(|e| {
            anyhow!("cannot merge: the result would not be a valid store ({e}); nothing was changed")
        })?;
        let theirs_only = Self::other_changes(repo, &base_commit, tracking, path)?;
        let ours_changed = Self::other_changes(repo, &base_commit, "HEAD", path)?;
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
            self.save_locked(&mut merged.document.clone(), true)?;
            repo.git(&["add", "--", path])?;
            repo.commit(&["--no-edit", "-m", &Self::merge_message(&merged)])
        })();
        if let Err(e) = finished {
            let _ = repo.git(&["merge", "--abort"]);
            self.save_locked(&mut ours.clone(), true)?;
            return Err(e.context("cannot merge; the store and the branch were left as they were"));
        }
        Ok(merged)
    }

    /// The files other than the store that differ between two revisions.
    fn other_changes(repo: &Repo, from: &str, to: &str, path: &str) -> Result<Vec<String>> {
        let changed = repo.git(&["diff", "--name-only", from, to])?;
        let prefix = repo.git(&["rev-parse", "--show-prefix"])?;
        Ok(changed
            .lines()
            .filter(|f| *f != path)
            .map(|f| {
                f.strip_prefix(&prefix)
                    .map_or_else(|| format!(":/{f}"), str::to_string)
            })
            .collect())
    }
}
