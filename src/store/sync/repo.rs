//! git's command line, run in the store's folder: the only place sync
//! spawns a process, so every git call says the same things when it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{Context, Result, anyhow, bail};

use crate::merge::Conflict;
use crate::store::file;

/// How a merge commit's message carries a conflict, one line each, for
/// the other device's next sync to read.
pub const CONFLICT_LINE: &str = "backwalk-conflict: ";

/// The repository the store's folder is in.
pub struct Repo {
    /// The store's folder, where git runs.
    pub folder: PathBuf,
    /// The store's file name.
    pub name: String,
}

impl Repo {
    pub fn new(folder: &Path, name: &str) -> Repo {
        Repo {
            folder: folder.to_path_buf(),
            name: name.to_string(),
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
    pub fn git(&self, args: &[&str]) -> Result<String> {
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

    pub fn succeeds(&self, args: &[&str]) -> Result<bool> {
        Ok(self.run(args)?.status.success())
    }

    /// git's bytes of a file at a revision; `None` where it is not.
    pub fn blob(&self, revision: &str, path: &str) -> Result<Option<Vec<u8>>> {
        let output = self.run(&["show", &format!("{revision}:{path}")])?;
        Ok(output.status.success().then_some(output.stdout))
    }

    /// Runs a git command that records who did it (`commit`, `merge`)
    /// with the person's identity, or backwalk's when git has none (a
    /// fresh machine).
    pub fn git_as_someone(&self, args: &[&str]) -> Result<String> {
        let mut all: Vec<&str> = Vec::new();
        if self.git(&["config", "user.email"]).unwrap_or_default().is_empty() {
            all.extend(["-c", "user.name=backwalk", "-c", "user.email=backwalk@localhost"]);
        }
        all.extend(args);
        self.git(&all)
    }

    pub fn commit(&self, args: &[&str]) -> Result<()> {
        let mut all = vec!["commit", "--quiet", "--no-verify"];
        all.extend(args);
        self.git_as_someone(&all).map(drop)
    }

    /// The store's path from the top of the repository.
    pub fn store_path(&self) -> Result<String> {
        let prefix = self.git(&["rev-parse", "--show-prefix"])?;
        Ok(format!("{prefix}{}", self.name))
    }

    /// Whether the store's folder is in a repository; an error when git
    /// cannot be run at all.
    pub fn in_repository(&self) -> Result<bool> {
        self.succeeds(&["rev-parse", "--show-toplevel"])
    }

    pub fn has_head(&self) -> bool {
        self.succeeds(&["rev-parse", "--verify", "--quiet", "HEAD"])
            .unwrap_or(false)
    }

    /// Adds each line missing from a file of the repository.
    pub fn ensure_lines(&self, file_name: &str, lines: &[String]) -> Result<bool> {
        let path = self.folder.join(file_name);
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        let missing: Vec<&String> = lines
            .iter()
            .filter(|l| !existing.lines().any(|e| e.trim() == l.as_str()))
            .collect();
        if missing.is_empty() {
            return Ok(false);
        }
        let mut text = existing.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for line in missing {
            text.push_str(line);
            text.push('\n');
        }
        file::write_plain(&path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(true)
    }

    /// The files other than the store that differ between two revisions.
    pub fn other_changes(&self, from: &str, to: &str, path: &str) -> Result<Vec<String>> {
        let changed = self.git(&["diff", "--name-only", from, to])?;
        let prefix = self.git(&["rev-parse", "--show-prefix"])?;
        Ok(changed
            .lines()
            .filter(|f| *f != path)
            .map(|f| {
                f.strip_prefix(&prefix)
                    .map_or_else(|| format!(":/{f}"), str::to_string)
            })
            .collect())
    }

    /// The conflicts that the merges in `to` but not in `from` wrote
    /// into their messages (made on other devices).
    pub fn reported_between(&self, from: &str, to: &str) -> Result<Vec<Conflict>> {
        let messages = self.git(&["log", "--merges", "--format=%B", &format!("{from}..{to}")])?;
        Ok(messages
            .lines()
            .filter_map(|line| line.strip_prefix(CONFLICT_LINE))
            .filter_map(|json| serde_json::from_str(json).ok())
            .collect())
    }
}
