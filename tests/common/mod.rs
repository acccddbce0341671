//! A test environment: a temporary store, a pinned clock and zone, and a
//! way to run the built binary against them.
#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;

/// The pinned "now": Saturday 21 November 2026, 18:30 in Berlin.
pub const NOW: &str = "2026-11-21T18:30:00+01:00";
pub const ZONE: &str = "Europe/Berlin";

/// The keys of a session in JSON output, in order.
pub const SESSION_KEYS: [&str; 10] = [
    "id",
    "start",
    "end",
    "duration_seconds",
    "minutes",
    "steps",
    "surface",
    "incline_percent",
    "pain",
    "note",
];

/// What scripts and status bars run while writes come and go: each must
/// succeed on every whole version of the store.
pub const READS: [&[&str]; 6] = [
    &["today"],
    &["status"],
    &["week"],
    &["--json", "list"],
    &["report"],
    &["calendar", "--json"],
];

/// The files backwalk keeps once it has written: the store and those
/// beside it.
pub const STORE_FILES: [&str; 6] = [
    "sessions.json",
    "sessions.json.bak",
    "sessions.json.idx",
    "sessions.json.key",
    "sessions.json.lock",
    SPARE,
];

/// The file a save keeps for the next one to write over (the version
/// before the backup), once there has been a backup to replace.
pub const SPARE: &str = ".sessions.json.spare.tmp";

pub struct TestEnv {
    pub dir: TempDir,
    pub now: String,
    pub zone: String,
}

/// The names of the files in a folder.
pub fn names_in(dir: &std::path::Path) -> std::collections::BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// What a finished run left: exit code and both streams.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "expected success, stderr: {}", self.stderr);
        &self.stdout
    }

    /// Asserts the exit code and one `error:` line first on stderr.
    #[track_caller]
    pub fn fails(&self, code: i32) -> &str {
        assert_eq!(
            self.code, code,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        assert!(self.stderr.starts_with("error:"), "stderr: {}", self.stderr);
        assert_eq!(
            self.stderr.matches("error:").count(),
            1,
            "stderr: {}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "stderr: {}", self.stderr);
        &self.stderr
    }

    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.ok()).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
            now: NOW.to_string(),
            zone: ZONE.to_string(),
        }
    }

    pub fn store(&self) -> PathBuf {
        self.dir.path().join("sessions.json")
    }

    /// The store's bytes, or empty when it does not exist.
    pub fn store_bytes(&self) -> Vec<u8> {
        std::fs::read(self.store()).unwrap_or_default()
    }

    /// Each day's `morning_pain` in `week --json` (`--date` when given),
    /// Monday first.
    #[allow(dead_code, reason = "not every test file reads the mornings")]
    pub fn week_mornings(&self, date: Option<&str>) -> Vec<serde_json::Value> {
        let mut args = vec!["--json", "week"];
        args.extend(date.iter().flat_map(|date| ["--date", date]));
        let week = self.run(&args).json();
        week["days"]
            .as_array()
            .expect("a week's days")
            .iter()
            .map(|day| day["morning_pain"].clone())
            .collect()
    }

    /// Moves the pinned clock.
    pub fn at(&mut self, now: &str) -> &mut TestEnv {
        self.now = now.to_string();
        self
    }

    /// The binary as a std `Command` with the store, clock, zone and a
    /// plain environment, for tests that spawn it and handle its pipes.
    pub fn std_command(&self) -> std::process::Command {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_backwalk"));
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("BACKWALK_STORE", self.store())
            .env("BACKWALK_NOW", &self.now)
            .env("TZ", &self.zone)
            .env("LANG", "C.UTF-8");
        command
    }

    /// `program` (a shell, say) with the environment `std_command` gives
    /// the binary, and the built backwalk first on PATH, as a user who
    /// installed it has it.
    pub fn with_backwalk_on_path(&self, program: &str) -> std::process::Command {
        let bin = std::path::Path::new(env!("CARGO_BIN_EXE_backwalk"))
            .parent()
            .expect("the binary's folder")
            .to_path_buf();
        let system = std::env::var_os("PATH").unwrap_or_default();
        let path =
            std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&system))).expect("a PATH");
        let mut command = std::process::Command::new(program);
        command.env_clear();
        for (key, value) in self.std_command().get_envs() {
            if let Some(value) = value {
                command.env(key, value);
            }
        }
        command.env("PATH", path);
        command
    }

    /// Runs the binary with no standard input; what it left.
    pub fn output(&self, args: &[&str]) -> std::process::Output {
        self.std_command()
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("runs")
    }

    /// The same, as an `assert_cmd` command.
    pub fn command(&self) -> Command {
        Command::from_std(self.std_command())
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output = self.command().args(args).output().expect("runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        let output = self
            .command()
            .args(args)
            .write_stdin(stdin)
            .output()
            .expect("runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Logs each walk (`log` arguments), asserting success.
    #[track_caller]
    pub fn log_all(&self, walks: &[&[&str]]) {
        for walk in walks {
            let mut args = vec!["log"];
            args.extend_from_slice(walk);
            self.run(&args).ok();
        }
    }

    /// `--json list` as values.
    pub fn sessions(&self) -> Vec<serde_json::Value> {
        match self.run(&["--json", "list"]).json() {
            serde_json::Value::Array(items) => items,
            other => panic!("list --json is not an array: {other}"),
        }
    }
}

/// Whether `tool` is installed here (it can be started); says so when it
/// is not, for tests that need it to return early.
pub fn have(tool: &str) -> bool {
    let runs = std::process::Command::new(tool)
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    if !runs {
        eprintln!("note: {tool} is not installed; the checks that need it did not run");
    }
    runs
}

/// Writes the records to a JSON history file and imports them as they
/// are.
pub fn import(env: &TestEnv, records: &[serde_json::Value]) {
    let path = env.dir.path().join("history.json");
    std::fs::write(&path, serde_json::to_string(records).unwrap()).unwrap();
    env.run(&["import", path.to_str().unwrap()]).ok();
}

/// A walk on grass as `import` reads it.
pub fn walk(start: &str, seconds: u32, steps: Option<u32>) -> serde_json::Value {
    serde_json::json!({"start": start, "duration_seconds": seconds, "steps": steps, "surface": "grass"})
}

/// The text with ANSI escape sequences removed.
pub fn strip_escapes(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The columns a line takes on a terminal: its display width (a wide
/// character such as 膝 takes two), escape sequences not counted.
pub fn columns(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(strip_escapes(line).as_str())
}

/// Every line of `text` fits 80 columns; `what` names the screen.
#[track_caller]
pub fn assert_fits_80(what: &str, text: &str) {
    for line in text.lines() {
        assert!(
            columns(line) <= 80,
            "{what}: {} columns: {line:?}\n{text}",
            columns(line)
        );
    }
}
