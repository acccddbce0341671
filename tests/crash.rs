//! Crash consistency: the store's promise that nothing acknowledged is
//! lost and that a write is all or nothing, tested by killing the real
//! binary (SIGKILL) at random moments while it writes, and by making its
//! writes fail part-way as a full disk would (RLIMIT_FSIZE).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestEnv, names_in};
use serde_json::Value;

/// xorshift64: a fixed seed gives the same run every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What a session is reduced to for these checks; the note names it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Walk {
    id: u64,
    steps: Option<u64>,
    seconds: u64,
}

/// The store as `--json list` shows it, by note. Every session here has
/// a unique note, so a duplicated or missing one shows up.
type State = BTreeMap<String, Walk>;

fn state(sessions: &[Value]) -> State {
    let mut state = State::new();
    for session in sessions {
        let note = session["note"]
            .as_str()
            .expect("every session has a note")
            .to_string();
        let walk = Walk {
            id: session["id"].as_u64().unwrap(),
            steps: session["steps"].as_u64(),
            seconds: session["duration_seconds"].as_u64().unwrap(),
        };
        assert!(state.insert(note.clone(), walk).is_none(), "{note} appears twice");
    }
    state
}

/// A session a write should add: its id is the store's to choose.
#[derive(Clone, Debug)]
struct Added {
    note: String,
    steps: u64,
    seconds: u64,
}

/// What one command should do to the state.
#[derive(Debug)]
enum Change {
    Add(Vec<Added>),
    SetSteps { note: String, steps: u64 },
    Remove(Vec<String>),
}

/// `prev` with `change` made, when `after` shows exactly that.
fn shows(after: &State, prev: &State, change: &Change) -> bool {
    let mut expected = prev.clone();
    let mut added: &[Added] = &[];
    match change {
        Change::Add(new) => added = new,
        Change::SetSteps { note, steps } => {
            expected.get_mut(note).unwrap().steps = Some(*steps);
        }
        Change::Remove(notes) => {
            for note in notes {
                expected.remove(note);
            }
        }
    }
    let newest = prev.values().map(|w| w.id).max().unwrap_or(0);
    let mut fresh_ids = BTreeSet::new();
    let added_ok = added.iter().all(|a| {
        after.get(&a.note).is_some_and(|w| {
            w.id > newest && fresh_ids.insert(w.id) && w.steps == Some(a.steps) && w.seconds == a.seconds
        })
    });
    let kept: State = after
        .iter()
        .filter(|(note, _)| !added.iter().any(|a| &a.note == *note))
        .map(|(note, walk)| (note.clone(), *walk))
        .collect();
    added_ok && kept == expected
}

/// `today` counts what `list` shows for today (whatever the commands
/// that read only part of the store keep beside it).
fn assert_today_agrees_with_the_list(env: &TestEnv, listed: &[Value], what: &str) {
    let today: Vec<&Value> = listed
        .iter()
        .filter(|s| s["start"].as_str().unwrap().starts_with("2026-11-21"))
        .collect();
    let steps: u64 = today.iter().filter_map(|s| s["steps"].as_u64()).sum();
    let shown = env.run(&["--json", "today"]).json();
    assert_eq!(shown["sessions"], today.len(), "{what}: today's sessions");
    assert_eq!(shown["steps"].as_u64(), Some(steps), "{what}: today's steps");
}

fn temporaries(dir: &Path) -> Vec<String> {
    names_in(dir).into_iter().filter(|n| n.contains(".tmp")).collect()
}

fn backup(env: &TestEnv) -> PathBuf {
    env.dir.path().join("sessions.json.bak")
}

/// An import file of `walks`, JSON or CSV, with starts that no other
/// session has (so none is skipped as already there).
fn write_import(path: &Path, walks: &[Added], first_minute: u64) {
    let start = |k: u64| {
        let minute = first_minute + k;
        format!(
            "2026-10-{:02}T{:02}:{:02}:00+02:00",
            1 + minute / 1440,
            minute / 60 % 24,
            minute % 60
        )
    };
    let is_csv = path.extension().is_some_and(|e| e == "csv");
    let text = if is_csv {
        let mut text = String::from("start,duration_seconds,steps,surface,note\n");
        for (k, w) in walks.iter().enumerate() {
            text += &format!("{},{},{},grass,{}\n", start(k as u64), w.seconds, w.steps, w.note);
        }
        text
    } else {
        let records: Vec<Value> = walks
            .iter()
            .enumerate()
            .map(|(k, w)| {
                serde_json::json!({
                    "start": start(k as u64),
                    "duration_seconds": w.seconds,
                    "steps": w.steps,
                    "surface": "sand",
                    "note": w.note,
                })
            })
            .collect();
        serde_json::to_string_pretty(&records).unwrap()
    };
    fs::write(path, text).unwrap();
}

fn spawn(env: &TestEnv, args: &[String]) -> std::process::Child {
    env.std_command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns")
}

#[test]
fn a_write_killed_at_any_moment_is_all_or_nothing_and_nothing_acknowledged_is_lost() {
    const ROUNDS: u64 = 300;
    let env = TestEnv::new();
    let imports = env.dir.path().join("in");
    fs::create_dir(&imports).unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut counter = 0u64;
    let mut unique = || {
        counter += 1;
        counter
    };

    // A few acknowledged logs, timed, so the kills spread over a whole run.
    let mut took = Vec::new();
    for _ in 0..5 {
        let n = unique();
        let started = Instant::now();
        env.run(&["log", "1", "--steps", &n.to_string(), "--note", &format!("w{n}")])
            .ok();
        took.push(started.elapsed());
    }
    took.sort();
    let window = took[took.len() / 2].as_micros() as u64 * 3 / 2 + 1;

    let mut prev = state(&env.sessions());
    let mut prev_bytes = env.store_bytes();
    let (mut acknowledged, mut killed, mut killed_after_the_change, mut left_a_temporary) = (0, 0, 0, 0);
    for round in 0..ROUNDS {
        let notes: Vec<&String> = prev.keys().collect();
        let pick = |rng: &mut Rng| notes[rng.below(notes.len() as u64) as usize].clone();
        let roll = if prev.len() < 4 {
            rng.below(55)
        } else if prev.len() > 20 {
            55 + rng.below(45)
        } else {
            rng.below(100)
        };
        let (args, change): (Vec<String>, Change) = match roll {
            0..40 => {
                let n = unique();
                let seconds = 60 + rng.below(600);
                let args = format!("log {seconds}s --steps {n} --surface track --note w{n}");
                let added = Added {
                    note: format!("w{n}"),
                    steps: n,
                    seconds,
                };
                (
                    args.split(' ').map(String::from).collect(),
                    Change::Add(vec![added]),
                )
            }
            40..55 => {
                let batch = unique();
                let walks: Vec<Added> = (0..1 + rng.below(6))
                    .map(|_| {
                        let n = unique();
                        Added {
                            note: format!("i{n}"),
                            steps: n,
                            seconds: 60 + rng.below(600),
                        }
                    })
                    .collect();
                let extension = if rng.below(2) == 0 { "json" } else { "csv" };
                let file = imports.join(format!("batch{batch}.{extension}"));
                write_import(&file, &walks, batch * 10);
                let args = vec!["import".into(), file.to_str().unwrap().into()];
                (args, Change::Add(walks))
            }
            55..75 => {
                let note = pick(&mut rng);
                let steps = unique();
                let args = format!("edit {} --steps {steps}", prev[&note].id);
                (
                    args.split(' ').map(String::from).collect(),
                    Change::SetSteps { note, steps },
                )
            }
            _ => {
                let count = if prev.len() > 20 { 4 } else { 1 + rng.below(2) };
                let mut gone = BTreeSet::new();
                for _ in 0..count {
                    gone.insert(pick(&mut rng));
                }
                let mut args = vec!["rm".to_string()];
                args.extend(gone.iter().map(|note| prev[note].id.to_string()));
                (args, Change::Remove(gone.into_iter().collect()))
            }
        };

        let mut child = spawn(&env, &args);
        // One round in eight runs to the end; the others are killed after
        // a random delay, which only chooses the moment.
        if round % 8 != 0 {
            std::thread::sleep(Duration::from_micros(rng.below(window)));
            let _ = child.kill();
        }
        let output = child.wait_with_output().unwrap();
        let what = format!("round {round}: {args:?}");

        let listed = env.sessions();
        let after = state(&listed);
        assert_today_agrees_with_the_list(&env, &listed, &what);
        match (output.status.code(), output.status.signal()) {
            (Some(0), _) => {
                acknowledged += 1;
                assert!(
                    shows(&after, &prev, &change),
                    "{what}: acknowledged but not in the store\nbefore: {prev:?}\nafter: {after:?}"
                );
                let left = temporaries(env.dir.path());
                assert!(left.is_empty(), "{what}: a successful write left {left:?}");
                assert_eq!(
                    fs::read(backup(&env)).unwrap(),
                    prev_bytes,
                    "{what}: the backup is not the file as it was before"
                );
            }
            (None, Some(libc::SIGKILL)) => {
                killed += 1;
                let unchanged = after == prev;
                assert!(
                    unchanged || shows(&after, &prev, &change),
                    "{what}: killed half-way through a change\nbefore: {prev:?}\nafter: {after:?}"
                );
                if !unchanged {
                    killed_after_the_change += 1;
                }
                if !temporaries(env.dir.path()).is_empty() {
                    left_a_temporary += 1;
                }
            }
            _ => panic!(
                "{what}: {}\n{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ),
        }
        prev = after;
        prev_bytes = env.store_bytes();
    }
    eprintln!(
        "{ROUNDS} rounds: {acknowledged} acknowledged, {killed} killed \
         ({killed_after_the_change} after the change was made, {left_a_temporary} leaving a temporary file)"
    );
    assert!(
        acknowledged > 0 && killed > 0,
        "the test did not exercise both outcomes"
    );

    // Whatever the kills left behind, the next write clears it.
    env.run(&["log", "1", "--note", "last"]).ok();
    assert_eq!(temporaries(env.dir.path()), Vec::<String>::new());
}

// ---- a write that fails part-way (a full disk) ----

/// Makes every file the process writes stop growing at `bytes`, with
/// write() failing (EFBIG) instead of the process being killed.
fn limit_file_size(command: &mut Command, bytes: u64) {
    // SAFETY: between fork and exec only async-signal-safe calls are made.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes as libc::rlim_t,
                rlim_max: bytes as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(io::Error::last_os_error());
            }
            if libc::signal(libc::SIGXFSZ, libc::SIG_IGN) == libc::SIG_ERR {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

fn run_limited(env: &TestEnv, args: &[&str], bytes: u64) -> common::Run {
    let mut command = env.std_command();
    command.args(args).stdin(Stdio::null());
    limit_file_size(&mut command, bytes);
    let output = command.output().expect("runs");
    common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A store of a few sessions and a backup.
fn small_store() -> TestEnv {
    let env = TestEnv::new();
    env.run(&[
        "log",
        "8",
        "--steps",
        "300",
        "--surface",
        "grass",
        "--note",
        "one",
    ])
    .ok();
    env.run(&["log", "6", "--steps", "250", "--at", "yesterday", "--note", "two"])
        .ok();
    env.run(&["log", "7", "--at", "2026-11-19 08:00", "--note", "three"])
        .ok();
    env
}

/// How big the store grows when `args` succeeds, tried on a copy.
fn size_after(env: &TestEnv, args: &[&str]) -> u64 {
    let copy = TestEnv::new();
    fs::write(copy.store(), env.store_bytes()).unwrap();
    copy.run(args).ok();
    copy.store_bytes().len() as u64
}

/// `args` with the file size limited to each of `limits` fails with one
/// error that the store could not be saved, and leaves every file as it
/// was: the store, its backup, and no temporary.
fn assert_a_failed_write_changes_nothing(env: &TestEnv, args: &[&str], limits: &[u64]) {
    let store = env.store_bytes();
    let bak = fs::read(backup(env)).unwrap();
    let names = names_in(env.dir.path());
    let path = env.store().display().to_string();
    for &limit in limits {
        let what = format!("{args:?} limited to {limit} bytes");
        let run = run_limited(env, args, limit);
        let stderr = run.fails(1);
        assert!(stderr.contains("cannot save store"), "{what}: {stderr}");
        assert!(stderr.contains(&path), "{what}: {stderr}");
        assert!(stderr.contains("left as it was"), "{what}: {stderr}");
        assert!(run.stdout.is_empty(), "{what}: stdout: {}", run.stdout);
        assert_eq!(env.store_bytes(), store, "{what}: the store changed");
        assert_eq!(fs::read(backup(env)).unwrap(), bak, "{what}: the backup changed");
        assert_eq!(names_in(env.dir.path()), names, "{what}: files left behind");
    }
    // The store still works, and the write goes through without the limit.
    let before = env.sessions().len();
    env.run(args).ok();
    assert!(env.sessions().len() > before);
}

#[test]
fn a_log_that_cannot_be_written_whole_changes_nothing() {
    let env = small_store();
    let args = ["log", "9", "--steps", "400", "--note", "does not fit"];
    let old = env.store_bytes().len() as u64;
    let new = size_after(&env, &args);
    assert_a_failed_write_changes_nothing(&env, &args, &[0, 1, old / 2, old, new - 1]);
}

#[test]
fn an_import_that_cannot_be_written_whole_changes_nothing() {
    let env = small_store();
    let walks: Vec<Added> = (0..300)
        .map(|n| Added {
            note: format!("imported walk number {n}"),
            steps: 200 + n,
            seconds: 300 + n,
        })
        .collect();
    let file = env.dir.path().join("many.csv");
    write_import(&file, &walks, 0);
    let args = ["import", file.to_str().unwrap()];
    let old = env.store_bytes().len() as u64;
    let new = size_after(&env, &args);
    assert!(new > old + 30_000, "the import is not large: {old} -> {new}");
    assert_a_failed_write_changes_nothing(&env, &args, &[old + 100, (old + new) / 2, new - 1]);
}
