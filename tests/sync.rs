//! Two devices, one history, through git (README, "Two devices"):
//! `sync init`, `sync`, and `merge`, git's merge driver for the store.
//!
//! These tests run the real git, in temporary folders, with a HOME of
//! their own and no system configuration. Where git cannot be run they
//! say so and return early; the driver's own test needs no git.

mod common;

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Run, TestEnv};
use serde_json::{Value, json};
use tempfile::TempDir;

/// What was said, with the lines that wrapping made joined again.
fn said(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether git can be run here; says so when it cannot.
fn have_git() -> bool {
    let works = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !works {
        eprintln!("note: `git --version` failed; the sync tests that need git did not run");
    }
    works
}

/// A HOME and a bare remote shared by the devices of one test, and
/// whether git is told who the person is.
struct World {
    root: TempDir,
    identity: bool,
}

/// The person's identity, when a test gives git one.
const IDENTITY: [(&str, &str); 4] = [
    ("GIT_AUTHOR_NAME", "Walker"),
    ("GIT_AUTHOR_EMAIL", "walker@example.org"),
    ("GIT_COMMITTER_NAME", "Walker"),
    ("GIT_COMMITTER_EMAIL", "walker@example.org"),
];

impl World {
    fn new(identity: bool) -> World {
        let world = World {
            root: tempfile::tempdir().expect("temp dir"),
            identity,
        };
        world.git(world.root.path(), &["init", "--quiet", "--bare", "remote.git"]);
        world
    }

    fn remote(&self) -> PathBuf {
        self.root.path().join("remote.git")
    }

    fn remote_arg(&self) -> String {
        self.remote().to_str().expect("UTF-8 temp path").to_string()
    }

    /// git's environment: this world's HOME, no system or user config
    /// but what the test sets, the identity if the world has one.
    fn prepare(&self, command: &mut Command) {
        command
            .env("HOME", self.root.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE");
        for (key, _) in IDENTITY {
            command.env_remove(key);
        }
        if self.identity {
            command.envs(IDENTITY);
        }
    }

    /// Runs git in `dir` and returns its trimmed stdout; it must succeed.
    #[track_caller]
    fn git(&self, dir: &Path, args: &[&str]) -> String {
        let mut command = Command::new("git");
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("LANG", "C")
            .arg("-C")
            .arg(dir)
            .args(args);
        self.prepare(&mut command);
        let output = command.output().expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?} in {}: {}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim_end().to_string()
    }

    /// The commit the remote's branch points at.
    fn remote_head(&self) -> String {
        self.git(&self.remote(), &["rev-parse", "--verify", "--quiet", "HEAD"])
    }

    /// A device whose store's folder is new and empty.
    fn device(&self) -> Device<'_> {
        Device {
            env: TestEnv::new(),
            world: self,
        }
    }

    /// A device that joins: `git clone REMOTE DIR`.
    fn clone_device(&self) -> Device<'_> {
        let device = self.device();
        self.git(
            self.root.path(),
            &["clone", "--quiet", &self.remote_arg(), device.folder_arg()],
        );
        device
    }
}

/// One device: a store in its own folder, and the world's git settings.
struct Device<'w> {
    env: TestEnv,
    world: &'w World,
}

impl Device<'_> {
    fn folder(&self) -> &Path {
        self.env.dir.path()
    }

    fn folder_arg(&self) -> &str {
        self.folder().to_str().expect("UTF-8 temp path")
    }

    /// Runs backwalk on this device's store.
    fn run(&self, args: &[&str]) -> Run {
        let mut command = self.env.std_command();
        self.world.prepare(&mut command);
        let output = command.args(args).output().expect("runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    #[track_caller]
    fn git(&self, args: &[&str]) -> String {
        self.world.git(self.folder(), args)
    }

    /// `sync`'s one line, which must succeed.
    #[track_caller]
    fn sync(&self) -> String {
        let run = self.run(&["sync"]);
        run.ok().trim_end().to_string()
    }

    fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"])
    }

    /// The id of the walk that starts at `start`.
    #[track_caller]
    fn id_at(&self, start: &str) -> String {
        let sessions = self.env.sessions();
        let walk = sessions
            .iter()
            .find(|s| s["start"] == start)
            .unwrap_or_else(|| panic!("no walk at {start}: {sessions:?}"));
        walk["id"].to_string()
    }

    /// The store as JSON without its undo and redo history.
    fn store_without_history(&self) -> Value {
        let mut store: Value = serde_json::from_slice(&self.env.store_bytes()).expect("store is JSON");
        let fields = store.as_object_mut().expect("store is an object");
        assert!(fields.remove("undo").is_some() && fields.remove("redo").is_some());
        store
    }
}

/// Asserts that two devices hold the same history, in every view.
#[track_caller]
fn assert_same_history(a: &Device, b: &Device) {
    for args in [
        &["--json", "export"][..],
        &["--json", "week"],
        &["--json", "week", "--date", "2026-11-16"],
        &["--json", "plan"],
        &["--json", "status"],
        &["--json", "goals"],
    ] {
        assert_eq!(a.run(args).json(), b.run(args).json(), "{args:?}");
    }
    assert_eq!(a.store_without_history(), b.store_without_history());
    let sessions = a.env.sessions();
    let ids: BTreeSet<u64> = sessions.iter().map(|s| s["id"].as_u64().unwrap()).collect();
    assert_eq!(ids.len(), sessions.len(), "ids are unique: {sessions:?}");
}

/// `(start, duration_seconds)` of every walk, in time order.
fn walks(device: &Device) -> Vec<(String, u64)> {
    device
        .env
        .sessions()
        .iter()
        .map(|s| {
            (
                s["start"].as_str().unwrap().to_string(),
                s["duration_seconds"].as_u64().unwrap(),
            )
        })
        .collect()
}

// ------------------------------------------------------------- the driver

/// Three versions of one store, as git hands them to the driver.
fn three_versions() -> (TestEnv, PathBuf, PathBuf, PathBuf) {
    let base = TestEnv::new();
    for day in 16..=18 {
        base.run(&[
            "log",
            "6",
            "--at",
            &format!("2026-11-{day} 07:00"),
            "--steps",
            "300",
        ])
        .ok();
    }
    let side = |name: &str, changes: &[&[&str]]| -> PathBuf {
        let env = TestEnv::new();
        std::fs::copy(base.store(), env.store()).unwrap();
        for args in changes {
            env.run(args).ok();
        }
        let path = base.dir.path().join(name);
        std::fs::copy(env.store(), &path).unwrap();
        path
    };
    let ours = side(
        "ours.json",
        &[
            &["log", "8", "--at", "2026-11-19 07:00", "--surface", "grass"],
            &["edit", "1", "--steps", "111"],
            &["edit", "3", "--note", "ours"],
        ],
    );
    let theirs = side(
        "theirs.json",
        &[
            &["log", "5", "--at", "2026-11-20 07:00", "--surface", "sand"],
            &["rm", "2"],
            &["edit", "3", "--note", "theirs"],
        ],
    );
    let base_file = base.dir.path().join("base.json");
    std::fs::copy(base.store(), &base_file).unwrap();
    (base, base_file, ours, theirs)
}

#[test]
fn the_merge_driver_merges_three_store_files_as_git_calls_it() {
    let (env, base, ours, theirs) = three_versions();
    let arg = |p: &PathBuf| p.to_str().unwrap().to_string();
    let (base_bytes, theirs_bytes) = (std::fs::read(&base).unwrap(), std::fs::read(&theirs).unwrap());
    let run = env.run(&["merge", &arg(&base), &arg(&ours), &arg(&theirs)]);
    run.ok();
    assert!(
        run.stderr
            .contains("#3 (Wed 18 Nov 07:00): note changed on both devices; kept \"ours\", not \"theirs\""),
        "the two-sided edit is reported, field by field: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("your walk #4 (Thu 19 Nov 07:00) is now #5"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&base).unwrap(), base_bytes, "%O is only read");
    assert_eq!(std::fs::read(&theirs).unwrap(), theirs_bytes, "%B is only read");

    // The result, in OURS, is a store backwalk reads.
    let merged = TestEnv::new();
    std::fs::copy(&ours, merged.store()).unwrap();
    let sessions = merged.sessions();
    let summary: Vec<(&str, &Value, &Value, &Value)> = sessions
        .iter()
        .map(|s| {
            (
                s["start"].as_str().unwrap(),
                &s["steps"],
                &s["surface"],
                &s["note"],
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "2026-11-16T07:00:00+01:00",
                &json!(111),
                &json!("other"),
                &Value::Null
            ),
            (
                "2026-11-18T07:00:00+01:00",
                &json!(300),
                &json!("other"),
                &json!("ours")
            ),
            (
                "2026-11-19T07:00:00+01:00",
                &Value::Null,
                &json!("grass"),
                &Value::Null
            ),
            (
                "2026-11-20T07:00:00+01:00",
                &Value::Null,
                &json!("sand"),
                &Value::Null
            ),
        ],
        "one-sided edits and removals applied, both sides' walks kept, ours on both"
    );
    let ids: Vec<u64> = sessions.iter().map(|s| s["id"].as_u64().unwrap()).collect();
    assert_eq!(
        ids,
        [1, 3, 5, 4],
        "the other side (the remote) keeps its ids; this side's new walk gets a new one"
    );
    let next = merged
        .run(&["--json", "log", "5", "--at", "2026-11-21 07:00"])
        .json();
    assert_eq!(next["id"], 6, "{next}");

    // A damaged or newer version: exit 1, and OURS is left as it was.
    let (env, base, ours, theirs) = three_versions();
    let ours_bytes = std::fs::read(&ours).unwrap();
    let newer = String::from_utf8(std::fs::read(&theirs).unwrap())
        .unwrap()
        .replace("\"version\": 3", "\"version\": 99");
    assert!(newer.contains("\"version\": 99"));
    for (bad, damage) in [
        (&theirs, "{ \"format\": \"backwalk\", oops".to_string()),
        (&base, newer),
    ] {
        let kept = std::fs::read(bad).unwrap();
        std::fs::write(bad, damage).unwrap();
        let err = env
            .run(&["merge", &arg(&base), &arg(&ours), &arg(&theirs)])
            .fails(1)
            .to_string();
        assert!(
            err.contains(bad.file_name().unwrap().to_str().unwrap()),
            "names the file: {err}"
        );
        assert_eq!(std::fs::read(&ours).unwrap(), ours_bytes, "OURS untouched");
        std::fs::write(bad, kept).unwrap();
    }
    // And when OURS itself is damaged, it is not overwritten.
    std::fs::write(&ours, "[1, 2").unwrap();
    env.run(&["merge", &arg(&base), &arg(&ours), &arg(&theirs)])
        .fails(1);
    assert_eq!(std::fs::read_to_string(&ours).unwrap(), "[1, 2");
}

// -------------------------------------------------------------- sync init

#[test]
fn sync_without_git_says_that_git_is_needed() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--at", "2026-11-20 07:00"]).ok();
    let before = env.store_bytes();
    let no_programs = tempfile::tempdir().unwrap();
    for args in [
        &["sync"][..],
        &["sync", "init"],
        &["sync", "init", "/tmp/remote.git"],
    ] {
        let output = env
            .command()
            .env("PATH", no_programs.path())
            .args(args)
            .output()
            .unwrap();
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        let err = run.fails(1);
        assert!(err.contains("needs git"), "{args:?}: {err}");
        assert_eq!(env.store_bytes(), before);
    }
    assert!(!env.dir.path().join(".git").exists());
}

#[test]
fn sync_init_sets_up_an_owner_only_repository_once() {
    if !have_git() {
        return;
    }
    let world = World::new(true);
    let a = world.device();
    a.run(&["log", "8", "--at", "2026-11-20 07:00"]).ok();
    let out = a.run(&["--json", "sync", "init"]).json();
    assert_eq!(out["created"], true, "{out}");
    assert_eq!(out["committed"], true, "{out}");
    assert_eq!(out["remote"], Value::Null, "{out}");

    let attributes = std::fs::read_to_string(a.folder().join(".gitattributes")).unwrap();
    assert!(
        attributes
            .lines()
            .any(|l| l.trim() == "sessions.json merge=backwalk"),
        "{attributes}"
    );
    let ignored = std::fs::read_to_string(a.folder().join(".gitignore")).unwrap();
    for name in [
        "sessions.json.bak",
        "sessions.json.lock",
        "sessions.json.idx",
        "sessions.json.key",
    ] {
        assert!(ignored.lines().any(|l| l.trim() == name), "{name}: {ignored}");
    }
    assert!(
        ignored.lines().any(|l| l.contains(".tmp")),
        "temporaries: {ignored}"
    );
    assert_eq!(a.git(&["config", "core.sharedRepository"]), "0600");
    let git_dir = a.folder().join(".git");
    assert_eq!(
        std::fs::metadata(&git_dir).unwrap().permissions().mode() & 0o077,
        0,
        "the repository is the owner's only"
    );
    let driver = a.git(&["config", "merge.backwalk.driver"]);
    let exe = env!("CARGO_BIN_EXE_backwalk");
    assert!(Path::new(exe).is_absolute());
    assert!(
        driver.contains(exe) && driver.ends_with("merge %O %A %B"),
        "{driver}"
    );
    assert_eq!(
        a.git(&["check-attr", "merge", "--", "sessions.json"]),
        "sessions.json: merge: backwalk"
    );
    assert_eq!(
        a.git(&["ls-files"]).lines().collect::<Vec<_>>(),
        [".gitattributes", ".gitignore", "sessions.json"]
    );
    assert_eq!(
        a.git(&["status", "--porcelain", "--ignored=no"]),
        "",
        "the backup, lock and index are ignored"
    );
    assert_eq!(a.git(&["rev-list", "--count", "HEAD"]), "1");

    // Again: nothing changes.
    let state = |a: &Device| {
        (
            a.head(),
            a.git(&["config", "--local", "--list"]),
            std::fs::read(a.folder().join(".gitattributes")).unwrap(),
            std::fs::read(a.folder().join(".gitignore")).unwrap(),
            a.env.store_bytes(),
        )
    };
    let before = state(&a);
    let out = a.run(&["--json", "sync", "init"]).json();
    assert_eq!(
        (&out["created"], &out["committed"]),
        (&json!(false), &json!(false))
    );
    assert!(state(&a) == before, "a second sync init changed something");

    // A remote given later is set, without a commit.
    let out = a.run(&["--json", "sync", "init", &world.remote_arg()]).json();
    assert_eq!(out["remote"], world.remote_arg());
    assert_eq!(a.git(&["remote", "get-url", "origin"]), world.remote_arg());
    assert_eq!(a.head(), before.0);

    // Another copy of backwalk that runs it registers its own path.
    let bin = world.root.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let moved = bin.join("backwalk");
    std::fs::copy(exe, &moved).unwrap();
    let mut command = a.env.std_command();
    world.prepare(&mut command);
    let status = Command::new(&moved)
        .env_clear()
        .envs(command.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .args(["sync", "init"])
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let driver = a.git(&["config", "merge.backwalk.driver"]);
    assert!(driver.contains(moved.to_str().unwrap()), "{driver}");
    assert_eq!(a.head(), before.0);
}

// ------------------------------------------------------------------ sync

#[test]
fn a_folder_set_up_before_the_index_key_learns_to_ignore_it() {
    if !have_git() {
        return;
    }
    let world = World::new(true);
    let a = world.device();
    a.run(&["log", "8", "--at", "2026-11-20 07:00"]).ok();
    a.run(&["sync", "init", &world.remote_arg()]).ok();
    // As an older backwalk set it up: no line for the key.
    let gitignore = a.folder().join(".gitignore");
    let older = std::fs::read_to_string(&gitignore)
        .unwrap()
        .replace("sessions.json.key\n", "");
    std::fs::write(&gitignore, older).unwrap();
    a.git(&["commit", "-q", "-m", "an older backwalk", "--", ".gitignore"]);
    assert!(a.git(&["status", "--porcelain"]).contains("sessions.json.key"));

    a.sync();
    let ignored = std::fs::read_to_string(&gitignore).unwrap();
    assert!(ignored.lines().any(|l| l == "sessions.json.key"), "{ignored}");
    assert_eq!(a.git(&["status", "--porcelain"]), "", "nothing left to commit");
    assert!(!a.git(&["ls-files"]).contains(".key"));
    assert_eq!(world.remote_head(), a.head(), "pushed");
    // Once learnt, a sync commits nothing more.
    let head = a.head();
    a.sync();
    assert_eq!(a.head(), head);
}

#[test]
#[allow(clippy::too_many_lines, reason = "one story of two devices, step by step")]
fn two_devices_converge_and_report_what_they_could_not_settle() {
    if !have_git() {
        return;
    }
    // No identity: backwalk commits as itself.
    let world = World::new(false);
    let mut a = world.device();
    a.run(&[
        "log",
        "8",
        "--at",
        "2026-11-16 07:30",
        "--steps",
        "320",
        "--surface",
        "grass",
    ])
    .ok();
    a.run(&["log", "7", "--at", "2026-11-17 07:30"]).ok();
    a.run(&["log", "6", "--at", "2026-11-18 07:30", "--pain", "1"])
        .ok();
    a.run(&["sync", "init", &world.remote_arg()]).ok();
    // The first push sends every walk out.
    let out = a.run(&["--json", "sync"]).json();
    assert_eq!(
        (&out["in"], &out["out"], &out["conflicts"]),
        (&json!(0), &json!(3), &json!([])),
        "{out}"
    );
    assert_eq!(world.remote_head(), a.head());
    assert_eq!(
        a.git(&["log", "-1", "--format=%an <%ae>"]),
        "backwalk <backwalk@localhost>",
        "backwalk's own identity when git has none"
    );

    let mut b = world.clone_device();
    let cloned = b.head();
    let mode = |device: &Device| {
        std::fs::metadata(device.env.store())
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_ne!(mode(&b), 0o600, "git clone follows the umask");
    b.run(&["sync", "init"]).ok();
    assert_eq!(mode(&b), 0o600, "sync init makes the clone's store owner-only");
    assert_eq!(b.head(), cloned, "joining commits nothing");
    assert!(
        b.git(&["config", "merge.backwalk.driver"])
            .contains("merge %O %A %B")
    );
    assert_eq!(b.sync(), "nothing in, nothing out");
    assert_eq!(walks(&a), walks(&b));

    // Round one: both change, A syncs first.
    a.run(&["log", "6", "--at", "2026-11-19 07:00", "--surface", "grass"])
        .ok();
    a.run(&["edit", "1", "--steps", "111"]).ok();
    a.run(&["edit", "2", "--note", "edited on A"]).ok();
    a.run(&["log", "8", "--at", "2026-11-20 07:00"]).ok();
    a.env.at("2026-11-21T17:40:00+01:00");
    a.run(&["start", "--surface", "track"]).ok();
    a.env.at(common::NOW);

    b.run(&["log", "5", "--at", "2026-11-19 09:00"]).ok();
    b.run(&["edit", "1", "--steps", "222"]).ok();
    b.run(&["rm", "2"]).ok();
    b.run(&["log", "6", "--at", "2026-11-20 07:05"]).ok();
    b.run(&["edit", "3", "--pain", "2"]).ok();
    b.env.at("2026-11-21T17:50:00+01:00");
    b.run(&["start", "--surface", "sand"]).ok();
    b.env.at(common::NOW);

    assert_eq!(a.sync(), "nothing in, 2 walks and 2 edits out");
    let subject = a.git(&["log", "-1", "--format=%s"]);
    assert!(
        subject.contains("log #4 · 6m · grass") && subject.contains("edit #1"),
        "the commit says what changed: {subject}"
    );
    let run = b.run(&["--json", "sync"]);
    let out = run.json();
    assert_eq!((&out["in"], &out["out"]), (&json!(3), &json!(4)), "{out}");
    let conflicts = out["conflicts"].as_array().expect("conflicts");
    let kinds: BTreeSet<&str> = conflicts.iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["both_edited", "edit_vs_remove", "overlap", "timer"]),
        "{out}"
    );
    assert_eq!(conflicts.len(), 4, "{out}");
    // B's own new walks took ids above A's, which were pushed first.
    assert_eq!(
        out["renumbered"],
        json!([{"from": 4, "to": 6}, {"from": 5, "to": 7}])
    );
    assert!(
        run.stderr.contains("your walk #4 (Thu 19 Nov 09:00) is now #6"),
        "{}",
        run.stderr
    );
    for conflict in conflicts {
        assert!(!conflict["detail"].as_str().unwrap().is_empty(), "{conflict}");
        let expected_id = match conflict["kind"].as_str().unwrap() {
            "both_edited" => json!(1),
            "edit_vs_remove" => json!(2),
            "timer" => Value::Null,
            _ => conflict["id"].clone(),
        };
        assert_eq!(conflict["id"], expected_id, "{conflict}");
        // Each is said on stderr as well.
        let detail = conflict["detail"].as_str().unwrap();
        assert!(said(&run.stderr).contains(detail), "{}", run.stderr);
    }
    // A hears of the conflicts of B's merge, A's edit that lost among them.
    let run = a.run(&["sync"]);
    assert_eq!(
        run.ok(),
        "2 walks and 2 edits in, nothing out (4 conflicts to look at, above)\n",
        "{}",
        run.stderr
    );
    assert!(
        said(&run.stderr).contains("#1 (Mon 16 Nov 07:30): steps changed on both devices; kept 222, not 111"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("your walk"), "{}", run.stderr);
    assert_eq!(b.sync(), "nothing in, nothing out");
    assert_eq!(a.sync(), "nothing in, nothing out");
    assert_eq!(a.head(), b.head());
    assert_eq!(world.remote_head(), a.head());

    assert_same_history(&a, &b);
    let sessions = b.env.sessions();
    let at = |start: &str| {
        sessions
            .iter()
            .find(|s| s["start"] == start)
            .unwrap_or_else(|| panic!("{start}: {sessions:?}"))
    };
    assert_eq!(
        at("2026-11-16T07:30:00+01:00")["steps"],
        222,
        "both edited: the merging side's version"
    );
    assert_eq!(
        at("2026-11-17T07:30:00+01:00")["note"],
        "edited on A",
        "edited and removed: the edited walk is kept"
    );
    assert_eq!(at("2026-11-18T07:30:00+01:00")["pain"], 2);
    assert_eq!(
        walks(&b),
        [
            ("2026-11-16T07:30:00+01:00".to_string(), 480),
            ("2026-11-17T07:30:00+01:00".to_string(), 420),
            ("2026-11-18T07:30:00+01:00".to_string(), 360),
            ("2026-11-19T07:00:00+01:00".to_string(), 360),
            ("2026-11-19T09:00:00+01:00".to_string(), 300),
            ("2026-11-20T07:00:00+01:00".to_string(), 480),
            ("2026-11-20T07:05:00+01:00".to_string(), 360),
        ],
        "every walk once, the overlapping pair both kept"
    );
    let timer = &b.run(&["--json", "status"]).json()["timer"];
    assert_eq!(timer["start"], "2026-11-21T17:40:00+01:00", "the earlier timer");
    assert_eq!(timer["surface"], "track");
    // Undo does not reach back across a sync that changed the store.
    for device in [&a, &b] {
        let before = device.env.store_bytes();
        let err = device.run(&["undo"]).fails(1).to_string();
        assert!(err.contains("nothing to undo"), "{err}");
        assert_eq!(device.env.store_bytes(), before);
    }
    // B recorded the merge as a merge commit, under backwalk's identity.
    assert_eq!(b.git(&["log", "-1", "--format=%p"]).split(' ').count(), 2);
    assert_eq!(
        b.git(&["log", "-1", "--format=%an <%ae> / %cn <%ce>"]),
        "backwalk <backwalk@localhost> / backwalk <backwalk@localhost>"
    );

    // Round two: B syncs first; removals and edits travel too, and this
    // time the merging side edited a walk the other side removed.
    let overlapping = b.id_at("2026-11-20T07:05:00+01:00");
    assert_eq!(a.id_at("2026-11-20T07:05:00+01:00"), overlapping);
    b.run(&["log", "5", "--at", "2026-11-21 06:00"]).ok();
    b.run(&["rm", &overlapping]).ok();
    let w4 = a.id_at("2026-11-19T07:00:00+01:00");
    let w6 = a.id_at("2026-11-19T09:00:00+01:00");
    a.run(&["rm", &w4]).ok();
    a.run(&["edit", &w6, "--note", "a note from A"]).ok();
    a.run(&["edit", &overlapping, "--pain", "3"]).ok();
    a.run(&["stop", "--steps", "900", "--force"]).ok();
    assert_eq!(b.sync(), "nothing in, 1 walk and 1 removal out");
    let run = a.run(&["sync"]);
    assert_eq!(
        run.ok(),
        "1 walk in, 2 walks, 1 edit and 1 removal out (1 conflict to look at, above)\n",
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("#{overlapping}")) && run.stderr.contains("edited"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("your walk #8 (Sat 21 Nov 17:40) is now #9"),
        "the walk the timer logged on A, #8 on B too: {}",
        run.stderr
    );
    let run = b.run(&["sync"]);
    assert_eq!(
        run.ok(),
        "2 walks, 1 edit and 1 removal in, nothing out (1 conflict to look at, above)\n"
    );
    assert!(
        said(&run.stderr).contains(&format!("#{overlapping}")) && run.stderr.contains("edited"),
        "B hears that its removal lost: {}",
        run.stderr
    );
    assert_eq!(a.sync(), "nothing in, nothing out");
    assert_eq!(b.sync(), "nothing in, nothing out");
    assert_same_history(&a, &b);
    assert_eq!(walks(&a).len(), 8, "{:?}", walks(&a));
    let kept = a.env.sessions();
    let kept = kept
        .iter()
        .find(|s| s["start"] == "2026-11-20T07:05:00+01:00")
        .expect("the walk edited here and removed there is kept");
    assert_eq!(kept["pain"], 3);
    assert!(
        !walks(&a)
            .iter()
            .any(|(start, _)| start == "2026-11-19T07:00:00+01:00")
    );
    assert_eq!(a.run(&["--json", "status"]).json()["timer"], Value::Null);
    for device in [&a, &b] {
        device.run(&["undo"]).fails(1);
    }

    // A fast-forward brings no undo history with it: B's log is not A's
    // to undo.
    b.run(&["log", "5", "--at", "2026-11-21 05:00"]).ok();
    assert_eq!(b.sync(), "nothing in, 1 walk out");
    assert_eq!(a.sync(), "1 walk in, nothing out");
    let err = a.run(&["undo"]).fails(1).to_string();
    assert!(err.contains("nothing to undo"), "{err}");
    assert_eq!(b.sync(), "nothing in, nothing out");
    assert_same_history(&a, &b);
    // A change after the sync can be undone again.
    a.run(&["log", "5", "--at", "2026-11-21 04:00"]).ok();
    let undone = a.run(&["--json", "undo"]).json();
    assert!(undone["undone"].as_str().unwrap().starts_with("log"), "{undone}");
    a.run(&["undo"]).fails(1);
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "one refusal after another, each checked the same way"
)]
fn sync_refuses_and_leaves_the_store_and_the_remote_as_they_were() {
    if !have_git() {
        return;
    }
    let world = World::new(true);
    let a = world.device();
    a.run(&["log", "8", "--at", "2026-11-20 07:00"]).ok();
    a.run(&["log", "6", "--at", "2026-11-21 07:00"]).ok();
    let store = a.env.store_bytes();

    // Not set up: not a repository at all, or one without the driver.
    let err = a.run(&["sync"]).fails(1).to_string();
    assert!(err.contains("backwalk sync init"), "{err}");
    assert!(!a.folder().join(".git").exists(), "sync creates no repository");
    a.git(&["init", "--quiet"]);
    let err = a.run(&["sync"]).fails(1).to_string();
    assert!(err.contains("backwalk sync init"), "{err}");
    assert_eq!(a.env.store_bytes(), store);

    // No remote.
    a.run(&["sync", "init"]).ok();
    let head = a.head();
    let store = a.env.store_bytes();
    let err = a.run(&["sync"]).fails(1).to_string();
    assert!(err.contains("remote"), "{err}");
    assert_eq!(a.env.store_bytes(), store);
    assert_eq!(a.head(), head);

    a.run(&["sync", "init", &world.remote_arg()]).ok();
    assert_eq!(a.sync(), "nothing in, 2 walks out");
    assert_eq!(
        a.git(&["log", "-1", "--format=%an"]),
        "Walker",
        "the person's identity when git has one"
    );
    let pushed = world.remote_head();

    // Changes to other tracked files, staged or not, block the sync;
    // untracked files do not.
    a.run(&["log", "5", "--at", "2026-11-19 07:00"]).ok();
    let store = a.env.store_bytes();
    let head = a.head();
    let ignore = a.folder().join(".gitignore");
    let ignored = std::fs::read_to_string(&ignore).unwrap();
    std::fs::write(&ignore, format!("{ignored}notes/\n")).unwrap();
    let err = a.run(&["sync"]).fails(1).to_string();
    assert!(err.contains(".gitignore"), "{err}");
    assert_eq!(a.env.store_bytes(), store);
    assert_eq!((a.head(), world.remote_head()), (head.clone(), pushed.clone()));
    std::fs::write(&ignore, ignored).unwrap();

    std::fs::write(a.folder().join("plan.txt"), "walk more\n").unwrap();
    a.git(&["add", "plan.txt"]);
    let err = a.run(&["sync"]).fails(1).to_string();
    assert!(err.contains("plan.txt"), "{err}");
    assert_eq!(a.env.store_bytes(), store);
    assert_eq!((a.head(), world.remote_head()), (head.clone(), pushed.clone()));
    a.git(&["rm", "--quiet", "--cached", "plan.txt"]);

    assert_eq!(
        a.sync(),
        "nothing in, 1 walk out",
        "an untracked file is left alone"
    );
    assert!(a.folder().join("plan.txt").exists());
    assert_eq!(
        a.git(&["status", "--porcelain"]),
        "?? plan.txt",
        "and stays untracked"
    );
    assert_eq!(world.remote_head(), a.head());

    // The remote's store damaged, then from a newer backwalk: the merge
    // cannot be done; nothing changes here and nothing is pushed.
    let c = world.clone_device();
    let good = c.env.store_bytes();
    let newer = String::from_utf8(good.clone())
        .unwrap()
        .replace("\"version\": 3", "\"version\": 99");
    for damage in [
        "{\"format\": \"backwalk\", \"version\": 3, oops".to_string(),
        newer,
    ] {
        std::fs::write(c.env.store(), damage).unwrap();
        c.git(&["commit", "--quiet", "-am", "damage"]);
        c.git(&["push", "--quiet"]);
        let theirs = world.remote_head();
        for with_a_change in [false, true] {
            if with_a_change {
                a.run(&["log", "5", "--at", "2026-11-18 07:00"]).ok();
            }
            let store = a.env.store_bytes();
            let err = a.run(&["sync"]).fails(1).to_string();
            assert!(err.contains("store"), "{err}");
            assert_eq!(a.env.store_bytes(), store, "the store is untouched");
            assert_eq!(world.remote_head(), theirs, "nothing was pushed");
            assert_eq!(a.git(&["status", "--porcelain", "--untracked-files=no"]), "");
            assert!(!a.folder().join(".git/MERGE_HEAD").exists(), "no merge left open");
            a.run(&["list"]).ok();
            if with_a_change {
                a.run(&["undo"]).ok();
            }
        }
    }
    // Once the remote's store is good again, the sync goes through.
    std::fs::write(c.env.store(), good).unwrap();
    c.git(&["commit", "--quiet", "-am", "repair"]);
    c.git(&["push", "--quiet"]);
    a.sync();
    assert_eq!(world.remote_head(), a.head());
    assert_eq!(a.env.sessions().len(), 3);

    // Another file changed on both devices: git cannot finish that merge.
    c.git(&["pull", "--quiet", "--ff-only"]);
    for (device, line) in [(&c, "c-notes/"), (&a, "a-notes/")] {
        let ignore = device.folder().join(".gitignore");
        let text = std::fs::read_to_string(&ignore).unwrap();
        std::fs::write(&ignore, format!("{text}{line}\n")).unwrap();
        device.git(&["commit", "--quiet", "-am", line]);
    }
    c.git(&["push", "--quiet"]);
    let theirs = world.remote_head();
    a.run(&["log", "5", "--at", "2026-11-17 07:00"]).ok();
    let store = a.env.store_bytes();
    let err = a.run(&["sync"]).fails(1).to_string();
    assert!(err.contains(".gitignore"), "{err}");
    assert_eq!(a.env.store_bytes(), store, "the store is untouched");
    assert_eq!(world.remote_head(), theirs, "nothing was pushed");
    assert!(!a.folder().join(".git/MERGE_HEAD").exists(), "no merge left open");
    assert_eq!(a.git(&["status", "--porcelain", "--untracked-files=no"]), "");
}

#[test]
fn a_git_pull_by_hand_merges_the_store_with_the_driver() {
    if !have_git() {
        return;
    }
    let world = World::new(true);
    let a = world.device();
    a.run(&["log", "8", "--at", "2026-11-16 07:00"]).ok();
    a.run(&["sync", "init", &world.remote_arg()]).ok();
    a.sync();
    let b = world.clone_device();
    b.run(&["sync", "init"]).ok();

    a.run(&["log", "6", "--at", "2026-11-17 07:00", "--surface", "grass"])
        .ok();
    a.sync();
    b.run(&["log", "7", "--at", "2026-11-18 07:00", "--surface", "sand"])
        .ok();
    b.run(&["edit", "1", "--steps", "250"]).ok();
    b.git(&["commit", "--quiet", "-am", "by hand"]);
    b.git(&["pull", "--quiet", "--no-rebase", "--no-edit"]);
    assert_eq!(b.git(&["rev-list", "--count", "--merges", "HEAD"]), "1");
    let sessions = b.env.sessions();
    let summary: Vec<(&str, &Value, &Value)> = sessions
        .iter()
        .map(|s| (s["start"].as_str().unwrap(), &s["steps"], &s["surface"]))
        .collect();
    assert_eq!(
        summary,
        [
            ("2026-11-16T07:00:00+01:00", &json!(250), &json!("other")),
            ("2026-11-17T07:00:00+01:00", &Value::Null, &json!("grass")),
            ("2026-11-18T07:00:00+01:00", &Value::Null, &json!("sand")),
        ]
    );
    let ids: BTreeSet<u64> = sessions.iter().map(|s| s["id"].as_u64().unwrap()).collect();
    assert_eq!(ids.len(), 3, "{sessions:?}");
    assert!(
        !String::from_utf8(b.env.store_bytes())
            .unwrap()
            .contains("<<<<<<<"),
        "no conflict markers"
    );
    // And the devices agree after syncing.
    b.sync();
    a.sync();
    assert_same_history(&a, &b);
}

// ------------------------------------------------------- interrupted syncs

/// Where the real git is, for a wrapper that stands in front of it.
fn real_git() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("git"))
        .find(|git| git.is_file())
        .expect("git is on the PATH")
}

/// A folder holding a `git` that counts its calls and, at call `kill_at`,
/// kills the backwalk that called it (SIGKILL) before running git
/// (`before`) or just after. It also kills at any call with `--no-edit`
/// when `kill_at` is 0.
fn killing_git(kill_at: usize, before: bool) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let count = dir.path().join("count");
    std::fs::write(&count, "0").unwrap();
    let script = format!(
        "#!/bin/sh\n\
         n=$(cat '{count}'); n=$((n+1)); echo $n > '{count}'\n\
         hit=no\n\
         [ $n = {kill_at} ] && hit=yes\n\
         if [ {kill_at} = 0 ]; then for a in \"$@\"; do [ \"$a\" = --no-edit ] && hit=yes; done; fi\n\
         if [ $hit = yes ] && [ {before} = true ]; then kill -9 $PPID; exit 1; fi\n\
         '{git}' \"$@\"; rc=$?\n\
         [ $hit = yes ] && kill -9 $PPID\n\
         exit $rc\n",
        count = count.display(),
        git = real_git().display(),
    );
    let wrapper = dir.path().join("git");
    std::fs::write(&wrapper, script).unwrap();
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

impl Device<'_> {
    /// Runs backwalk with the git of `wrapper` first on the PATH.
    fn run_with_git(&self, wrapper: &Path, args: &[&str]) -> Run {
        let mut command = self.env.std_command();
        self.world.prepare(&mut command);
        let mut path = vec![wrapper.to_path_buf()];
        path.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        command.env("PATH", std::env::join_paths(path).unwrap());
        let output = command.args(args).output().expect("runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Two devices that both changed the history since they last synced: A
/// pushed, B has yet to merge (or, without `b_changes`, to fast-forward).
fn diverged(world: &World, b_changes: bool) -> (Device<'_>, Device<'_>) {
    let a = world.device();
    a.run(&["log", "8", "--at", "2026-11-16 07:30"]).ok();
    a.run(&["log", "7", "--at", "2026-11-17 07:30"]).ok();
    a.run(&["sync", "init", &world.remote_arg()]).ok();
    a.sync();
    let b = world.clone_device();
    b.run(&["sync", "init"]).ok();
    a.run(&["log", "6", "--at", "2026-11-19 07:00"]).ok();
    a.run(&["edit", "1", "--steps", "300"]).ok();
    // Another file the sync brings along.
    let ignore = a.folder().join(".gitignore");
    let text = std::fs::read_to_string(&ignore).unwrap();
    std::fs::write(&ignore, format!("{text}notes/\n")).unwrap();
    a.git(&["commit", "--quiet", "-m", "notes", "--", ".gitignore"]);
    a.sync();
    if b_changes {
        b.run(&["log", "5", "--at", "2026-11-20 07:00"]).ok();
        b.run(&["edit", "2", "--note", "from B"]).ok();
    }
    (a, b)
}

/// After an interrupted sync on B and a plain one, both devices hold
/// every change of both.
#[track_caller]
fn assert_nothing_lost(a: &Device, b: &Device, b_changes: bool, context: &str) {
    b.run(&["list"]).ok();
    let run = b.run(&["sync"]);
    assert_eq!(run.code, 0, "{context}: {}", run.stderr);
    a.sync();
    b.sync();
    assert_eq!(a.store_without_history(), b.store_without_history(), "{context}");
    let sessions = a.env.sessions();
    assert_eq!(
        sessions.len(),
        3 + usize::from(b_changes),
        "{context}: {sessions:?}"
    );
    assert_eq!(sessions[0]["steps"], 300, "{context}");
    if b_changes {
        assert_eq!(sessions[1]["note"], "from B", "{context}");
    }
    assert_eq!(
        a.git(&["status", "--porcelain", "--untracked-files=no"]),
        "",
        "{context}"
    );
}

#[test]
fn a_sync_killed_before_its_merge_commit_is_finished_by_the_next() {
    if !have_git() {
        return;
    }
    let world = World::new(true);
    let (a, b) = diverged(&world, true);
    let wrapper = killing_git(0, true);
    let run = b.run_with_git(wrapper.path(), &["sync"]);
    assert_ne!(run.code, 0, "killed: {}", run.stderr);
    assert!(b.folder().join(".git/MERGE_HEAD").exists(), "killed mid-merge");
    // A walk logged before the next sync is kept too.
    b.run(&["log", "4", "--at", "2026-11-21 07:00"]).ok();
    let run = b.run(&["sync"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!b.folder().join(".git/MERGE_HEAD").exists());
    a.sync();
    assert_same_history(&a, &b);
    assert_eq!(a.env.sessions().len(), 5);
}

#[test]
fn a_merging_sync_killed_at_any_git_call_leaves_a_store_the_next_sync_completes() {
    if have_git() {
        killed_at_every_call(true);
    }
}

#[test]
fn a_fast_forwarding_sync_killed_at_any_git_call_leaves_a_store_the_next_sync_completes() {
    if have_git() {
        killed_at_every_call(false);
    }
}

/// Set up once, copied for every kill. Killing after a call is killing
/// before the next, but for the last (the push): killed after it too.
fn killed_at_every_call(b_changes: bool) {
    let template = World::new(true);
    let (a0, b0) = diverged(&template, b_changes);
    let (mut kill_at, mut before) = (1, true);
    loop {
        let world = World::new(true);
        let copy = |from: &Path, to: &Path| {
            let status = Command::new("cp")
                .arg("-a")
                .arg(format!("{}/.", from.display()))
                .arg(to)
                .status()
                .unwrap();
            assert!(status.success());
        };
        copy(&template.remote(), &world.remote());
        let (a, b) = (world.device(), world.device());
        for (from, to) in [(&a0, &a), (&b0, &b)] {
            copy(from.folder(), to.folder());
            to.git(&["remote", "set-url", "origin", &world.remote_arg()]);
        }
        let wrapper = killing_git(kill_at, before);
        let run = b.run_with_git(wrapper.path(), &["sync"]);
        let context = format!("killed at git call {kill_at} (before: {before}, merging: {b_changes})");
        assert_nothing_lost(&a, &b, b_changes, &context);
        if !before {
            break;
        }
        if run.code == 0 {
            // Past the last call: now kill just after the last.
            assert!(kill_at > 5, "sync makes several git calls");
            (kill_at, before) = (kill_at - 1, false);
        } else {
            kill_at += 1;
        }
    }
}

// ------------------------------------------------- nothing lost, both told

/// Two devices that share three walks.
fn two_devices(world: &World) -> (Device<'_>, Device<'_>) {
    let a = world.device();
    for day in 16..=18 {
        a.run(&["log", "6", "--at", &format!("2026-11-{day} 07:00")]).ok();
    }
    a.run(&["sync", "init", &world.remote_arg()]).ok();
    a.sync();
    let b = world.clone_device();
    b.run(&["sync", "init"]).ok();
    (a, b)
}

#[test]
fn edits_and_goals_of_two_devices_merge_field_by_field_in_either_order() {
    if !have_git() {
        return;
    }
    for a_first in [true, false] {
        let world = World::new(true);
        let (a, b) = two_devices(&world);
        a.run(&["edit", "1", "--pain", "2"]).ok();
        a.run(&["edit", "2", "--note", "from A"]).ok();
        a.run(&["goals", "--weight", "80"]).ok();
        b.run(&["edit", "1", "--steps", "290"]).ok();
        b.run(&["edit", "2", "--note", "from B"]).ok();
        b.run(&["goals", "--minutes", "6-10"]).ok();
        let (first, second) = if a_first { (&a, &b) } else { (&b, &a) };
        let mut told = Vec::new();
        for device in [first, second, first, second] {
            let run = device.run(&["sync"]);
            run.ok();
            told.push(run.stderr);
        }
        assert_same_history(&a, &b);
        let sessions = a.env.sessions();
        assert_eq!(
            (&sessions[0]["pain"], &sessions[0]["steps"]),
            (&json!(2), &json!(290)),
            "both edits of #1 stay (A first: {a_first})"
        );
        let merging_side = if a_first { "from B" } else { "from A" };
        assert_eq!(sessions[1]["note"], merging_side, "the merging side's value");
        let goals = a.run(&["--json", "goals"]).json();
        assert_eq!(
            (&goals["minutes"], &goals["weight_kg"]),
            (&json!({"min": 6, "max": 10}), &json!(80.0)),
            "{goals}"
        );
        // The conflict is said on the device that merged and on the other
        // at its next sync, naming the field and both values.
        let conflict = "#2 (Tue 17 Nov 07:00): note changed on both devices";
        assert!(said(&told[1]).contains(conflict), "{told:?}");
        assert!(said(&told[2]).contains(conflict), "{told:?}");
        let (kept, lost) = if a_first { ("B", "A") } else { ("A", "B") };
        assert!(
            said(&told[2]).contains(&format!("kept \"from {kept}\", not \"from {lost}\"")),
            "{told:?}"
        );
        assert_eq!(told[3], "", "said once on each device: {told:?}");
    }
}

#[test]
fn a_goals_field_set_on_both_devices_is_a_conflict_with_its_day() {
    if !have_git() {
        return;
    }
    let world = World::new(true);
    let (a, b) = two_devices(&world);
    a.run(&["goals", "--weight", "80"]).ok();
    b.run(&["goals", "--weight", "70"]).ok();
    a.sync();
    let out = b.run(&["--json", "sync"]).json();
    assert_eq!(
        out["conflicts"],
        json!([{
            "id": null,
            "kind": "goals",
            "field": "weight_kg",
            "day": "2026-11-21",
            "kept": 70.0,
            "lost": 80.0,
            "detail": "goals from 2026-11-21: weight_kg changed on both devices; kept 70.0, not 80.0",
        }])
    );
    let run = a.run(&["sync"]);
    assert!(
        said(&run.stderr).contains("kept 70.0, not 80.0"),
        "{}",
        run.stderr
    );
    assert_same_history(&a, &b);
}

#[test]
fn a_morning_recorded_on_both_devices_is_a_conflict_with_its_day_told_to_both() {
    if !have_git() {
        return;
    }
    let world = World::new(true);
    let (a, b) = two_devices(&world);
    a.run(&["morning", "3", "--date", "2026-11-18"]).ok();
    a.run(&["morning", "2", "--date", "2026-11-17"]).ok();
    b.run(&["morning", "6", "--date", "2026-11-18"]).ok();
    b.run(&["morning", "1", "--date", "2026-11-16"]).ok();
    a.sync();
    // The commit of a device's own mornings says what it holds.
    assert_eq!(a.git(&["log", "-1", "--format=%s"]), "morning");
    let out = b.run(&["--json", "sync"]).json();
    let detail = "the morning after Wed 18 Nov 2026: morning_pain changed on both devices; kept 6, not 3";
    assert_eq!(
        out["conflicts"],
        json!([{
            "id": null,
            "kind": "morning",
            "field": "morning_pain",
            "day": "2026-11-18",
            "kept": 6,
            "lost": 3,
            "detail": detail,
        }])
    );
    // The device whose morning lost hears it at its next sync.
    let run = a.run(&["sync"]);
    assert!(said(&run.stderr).contains(detail), "{}", run.stderr);
    assert_same_history(&a, &b);
    let mornings = a.env.week_mornings(Some("2026-11-18"));
    assert_eq!(
        mornings[..3],
        [json!(1), json!(2), json!(6)],
        "each device's one-sided morning and the merging side's value"
    );
}

#[test]
fn a_pushed_walk_keeps_its_id_and_the_unpushed_one_is_renumbered() {
    if !have_git() {
        return;
    }
    let world = World::new(true);
    let a = world.device();
    a.run(&["log", "6", "--at", "2026-11-02 06:00"]).ok();
    a.run(&["sync", "init", &world.remote_arg()]).ok();
    a.sync();
    let b = world.clone_device();
    b.run(&["sync", "init"]).ok();
    a.run(&["log", "6", "--at", "2026-11-09 06:00"]).ok();
    assert_eq!(a.sync(), "nothing in, 1 walk out");
    b.run(&["log", "7", "--at", "2026-11-09 07:00"]).ok();
    let run = b.run(&["--json", "sync"]);
    assert_eq!(run.json()["renumbered"], json!([{"from": 2, "to": 3}]));
    assert!(
        run.stderr.contains("your walk #2 (Mon 9 Nov 07:00) is now #3"),
        "{}",
        run.stderr
    );
    let message = b.git(&["log", "-1", "--format=%B"]);
    assert!(
        message.contains("backwalk-renumbered: {\"from\":2,\"to\":3}"),
        "the merge commit says it: {message}"
    );
    a.sync();
    for device in [&a, &b] {
        assert_eq!(device.id_at("2026-11-09T06:00:00+01:00"), "2", "A's pushed walk");
        assert_eq!(device.id_at("2026-11-09T07:00:00+01:00"), "3");
    }
    // `rm 2` typed from memory on A removes A's walk, on either device.
    a.run(&["rm", "2"]).ok();
    a.sync();
    b.sync();
    assert_eq!(walks(&b).len(), 2);
    assert_eq!(b.id_at("2026-11-09T07:00:00+01:00"), "3");
}

#[test]
fn the_merge_driver_keeps_two_walks_that_claim_one_identity() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--at", "2026-11-20 07:00"]).ok();
    let mut base: Value = serde_json::from_slice(&env.store_bytes()).unwrap();
    base["sessions"][0]["uid"] = json!("00000000000000aa");
    let mut ours = base.clone();
    let mut copy = base["sessions"][0].clone();
    copy["id"] = json!(2);
    copy["start"] = json!("2026-11-20T09:00:00+01:00");
    ours["sessions"].as_array_mut().unwrap().push(copy);
    ours["next_id"] = json!(3);
    let write = |name: &str, value: &Value| {
        let path = env.dir.path().join(name);
        std::fs::write(&path, value.to_string()).unwrap();
        path.to_str().unwrap().to_string()
    };
    let (b, o, t) = (
        write("b.json", &base),
        write("o.json", &ours),
        write("t.json", &base),
    );
    env.run(&["merge", &b, &o, &t]).ok();
    let merged = TestEnv::new();
    std::fs::copy(&o, merged.store()).unwrap();
    let starts: Vec<Value> = merged.sessions().iter().map(|s| s["start"].clone()).collect();
    assert_eq!(
        starts,
        [
            json!("2026-11-20T07:00:00+01:00"),
            json!("2026-11-20T09:00:00+01:00")
        ]
    );
}

#[test]
fn sync_counts_edits_and_removals_apart_from_new_walks() {
    if !have_git() {
        return;
    }
    let world = World::new(true);
    let (a, b) = two_devices(&world);
    a.run(&["log", "6", "--at", "2026-11-19 07:00"]).ok();
    a.run(&["edit", "1", "--steps", "300"]).ok();
    a.run(&["edit", "2", "--steps", "300"]).ok();
    a.run(&["rm", "3"]).ok();
    assert_eq!(a.sync(), "nothing in, 1 walk, 2 edits and 1 removal out");
    let out = b.run(&["--json", "sync"]).json();
    assert_eq!((&out["in"], &out["out"]), (&json!(4), &json!(0)));
    a.run(&["edit", "1", "--steps", "301"]).ok();
    assert_eq!(a.sync(), "nothing in, 1 edit out");
    assert_eq!(b.sync(), "1 edit in, nothing out");
}

#[test]
fn a_device_set_up_with_store_is_told_how_to_make_it_the_default() {
    if !have_git() {
        return;
    }
    let world = World::new(true);
    let a = world.device();
    let store = a.env.store();
    let store = store.to_str().unwrap();
    let run_with_store = |args: &[&str]| {
        let mut command = a.env.std_command();
        world.prepare(&mut command);
        command.env_remove("BACKWALK_STORE").arg("--store").arg(store);
        let output = command.args(args).output().unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stderr).unwrap()
    };
    run_with_store(&["log", "6", "--at", "2026-11-19 07:00"]);
    let hint = format!("export BACKWALK_STORE='{store}'");
    assert!(
        run_with_store(&["sync", "init", &world.remote_arg()]).contains(&hint),
        "the line for the shell's profile"
    );
    assert!(run_with_store(&["sync"]).contains(&hint));
    // Where the store is already the default, nothing is said.
    assert!(!a.run(&["sync"]).stderr.contains("BACKWALK_STORE"));
}
