//! Crash consistency: the store's promise that nothing acknowledged is
//! lost and that a write is all or nothing, tested by killing the real
//! binary (SIGKILL) at random moments while it writes (with readers
//! running all the while, none of which may ever fail), and by making its
//! writes fail part-way as a full disk would (`RLIMIT_FSIZE`).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::{READS, TestEnv, names_in};
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
    start: String,
}

/// Minutes from 2026-11-01 00:00 to the pinned now (Saturday 21 November,
/// 18:30). All of November is on +01:00 in Berlin.
const NOW_MINUTE: u64 = 20 * 1440 + 18 * 60 + 30;

/// The local time `minute` minutes into November 2026, in RFC 3339.
fn november(minute: u64) -> String {
    assert!(minute < NOW_MINUTE, "minute {minute} is not before now");
    format!(
        "2026-11-{:02}T{:02}:{:02}:00+01:00",
        1 + minute / 1440,
        minute / 60 % 24,
        minute % 60
    )
}

/// Starts that no two walks share, `SLOT` minutes apart, longer than any
/// walk here, so that no walk overlaps another: logs take them back from
/// now (the first ones today), imports forward from 1 November.
struct Timeline {
    logs: u64,
    imports: u64,
}

const SLOT: u64 = 20;

impl Timeline {
    fn next_log(&mut self) -> String {
        self.logs += 1;
        self.check();
        november(NOW_MINUTE - self.logs * SLOT)
    }

    fn next_import(&mut self) -> String {
        self.imports += 1;
        self.check();
        november((self.imports - 1) * SLOT)
    }

    fn check(&self) {
        assert!(
            (self.logs + self.imports) * SLOT <= NOW_MINUTE,
            "the test ran out of slots in November"
        );
    }
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
    // Null when no walk of the day recorded steps.
    let recorded: Vec<u64> = today.iter().filter_map(|s| s["steps"].as_u64()).collect();
    let steps = (!recorded.is_empty()).then(|| recorded.iter().sum::<u64>());
    let shown = env.run(&["--json", "today"]).json();
    assert_eq!(shown["sessions"], today.len(), "{what}: today's sessions");
    assert_eq!(shown["steps"].as_u64(), steps, "{what}: today's steps");
    assert!(
        steps.is_some() || shown["steps"].is_null(),
        "{what}: today's steps"
    );
}

/// Every temporary file in the folder, but the spare that each save
/// keeps for the next one to write over.
fn temporaries(dir: &Path) -> Vec<String> {
    names_in(dir)
        .into_iter()
        .filter(|n| n.contains(".tmp") && n != common::SPARE)
        .collect()
}

/// The store's own temporaries (`.sessions.json.<random>.tmp`), which a
/// write leaves only when killed. A reader may be writing the index's
/// (`.sessions.json.idx.<random>.tmp`) at any moment.
fn store_temporaries(dir: &Path) -> Vec<String> {
    temporaries(dir)
        .into_iter()
        .filter(|n| {
            n.strip_prefix(".sessions.json.")
                .and_then(|random| random.strip_suffix(".tmp"))
                .is_some_and(|random| !random.contains('.'))
        })
        .collect()
}

fn backup(env: &TestEnv) -> PathBuf {
    env.dir.path().join("sessions.json.bak")
}

/// An import file of `walks`, JSON or CSV, each at its own start.
fn write_import(path: &Path, walks: &[Added]) {
    let is_csv = path.extension().is_some_and(|e| e == "csv");
    let text = if is_csv {
        let mut text = String::from("start,duration_seconds,steps,surface,note\n");
        for w in walks {
            writeln!(text, "{},{},{},grass,{}", w.start, w.seconds, w.steps, w.note).unwrap();
        }
        text
    } else {
        let records: Vec<Value> = walks
            .iter()
            .map(|w| {
                serde_json::json!({
                    "start": w.start,
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

/// Runs the reading commands in turn until `stop` (or a bound), each of
/// which must succeed whatever state a killed writer left (exit 0, a
/// result on stdout, nothing on stderr): a reader sees a whole version
/// and never reports a good store as damaged. On the
/// first failure it sets `failed` and says what failed.
fn keep_reading(env: &TestEnv, stop: &AtomicBool, failed: &AtomicBool) -> Result<usize, String> {
    const BOUND: usize = 20_000;
    let mut reads = 0;
    while !stop.load(Ordering::SeqCst) && reads < BOUND {
        let args = READS[reads % READS.len()];
        let output = env.output(args);
        let listed = args == ["--json", "list"];
        let problem = if !output.status.success() {
            Some(format!("{}", output.status))
        } else if output.stdout.is_empty() || !output.stderr.is_empty() {
            Some("no result on stdout, or something on stderr".to_string())
        } else if listed && serde_json::from_slice::<Vec<Value>>(&output.stdout).is_err() {
            Some("not a JSON array".to_string())
        } else {
            None
        };
        if let Some(problem) = problem {
            failed.store(true, Ordering::SeqCst);
            return Err(format!(
                "read {reads}, {args:?}, while writers were killed: {problem}\nstdout: {}\nstderr: {}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        reads += 1;
    }
    Ok(reads)
}

/// Sets the flag when dropped, on success or panic alike.
struct SetOnDrop<'a>(&'a AtomicBool);

impl Drop for SetOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[test]
fn a_write_killed_at_any_moment_is_all_or_nothing_and_nothing_acknowledged_is_lost() {
    let env = TestEnv::new();
    let mut writes = Writes {
        rng: Rng(0x9E37_79B9_7F4A_7C15),
        counter: 0,
        timeline: Timeline { logs: 0, imports: 0 },
        imports: env.dir.path().join("in"),
    };
    let (stop, failed) = (AtomicBool::new(false), AtomicBool::new(false));
    let reads = std::thread::scope(|scope| {
        let reader = scope.spawn(|| keep_reading(&env, &stop, &failed));
        {
            let _stop = SetOnDrop(&stop);
            kill_writes_at_random(&env, &mut writes, &failed);
        }
        reader.join().unwrap()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    eprintln!("{reads} reads ran alongside, every one successful");
    assert!(reads > 0, "no reader ran alongside the writes");

    // Whatever the kills left behind, the next write clears it: only the
    // store and the files it keeps beside it are left.
    let start = writes.timeline.next_log();
    env.run(&["log", "10m", "--at", &start, "--note", "last"]).ok();
    assert_eq!(temporaries(env.dir.path()), Vec::<String>::new());
    let names: BTreeSet<String> = common::STORE_FILES
        .into_iter()
        .chain(["in"])
        .map(String::from)
        .collect();
    assert_eq!(names_in(env.dir.path()), names);
}

/// The writes of the kill rounds: random, but each with a start and a
/// number of steps that no other walk has.
struct Writes {
    rng: Rng,
    counter: u64,
    timeline: Timeline,
    imports: PathBuf,
}

impl Writes {
    fn unique(&mut self) -> u64 {
        self.counter += 1;
        // Steps are these numbers: more than 2000 in a walk of 10 minutes
        // would be unusual, and refused.
        assert!(self.counter < 2000, "the test ran out of plausible step counts");
        self.counter
    }

    /// A walk of 10 to 15 minutes, plausible with up to 2000 steps.
    fn walk(&mut self, prefix: &str, start: String) -> Added {
        let n = self.unique();
        Added {
            note: format!("{prefix}{n}"),
            steps: n,
            seconds: 600 + self.rng.below(300),
            start,
        }
    }

    /// The next command and what it should do to `prev`: log, import,
    /// edit or rm, keeping the store between a few and a few dozen walks.
    fn next(&mut self, prev: &State) -> (Vec<String>, Change) {
        let split = |args: String| args.split(' ').map(String::from).collect();
        let notes: Vec<&String> = prev.keys().collect();
        let pick = |rng: &mut Rng| notes[usize::try_from(rng.below(notes.len() as u64)).unwrap()].clone();
        let roll = if prev.len() < 4 {
            self.rng.below(55)
        } else if prev.len() > 20 {
            55 + self.rng.below(45)
        } else {
            self.rng.below(100)
        };
        match roll {
            0..40 => {
                let start = self.timeline.next_log();
                let added = self.walk("w", start);
                let args = format!(
                    "log {}s --at {} --steps {} --surface track --note {}",
                    added.seconds, added.start, added.steps, added.note
                );
                (split(args), Change::Add(vec![added]))
            }
            40..55 => {
                let batch = self.unique();
                let walks: Vec<Added> = (0..=self.rng.below(6))
                    .map(|_| {
                        let start = self.timeline.next_import();
                        self.walk("i", start)
                    })
                    .collect();
                let extension = if self.rng.below(2) == 0 { "json" } else { "csv" };
                let file = self.imports.join(format!("batch{batch}.{extension}"));
                write_import(&file, &walks);
                let args = vec!["import".into(), file.to_str().unwrap().into()];
                (args, Change::Add(walks))
            }
            55..75 => {
                let note = pick(&mut self.rng);
                let steps = self.unique();
                let args = format!("edit {} --steps {steps}", prev[&note].id);
                (split(args), Change::SetSteps { note, steps })
            }
            _ => {
                let count = if prev.len() > 20 { 4 } else { 1 + self.rng.below(2) };
                let mut gone = BTreeSet::new();
                for _ in 0..count {
                    gone.insert(pick(&mut self.rng));
                }
                let mut args = vec!["rm".to_string()];
                args.extend(gone.iter().map(|note| prev[note].id.to_string()));
                (args, Change::Remove(gone.into_iter().collect()))
            }
        }
    }
}

/// The rounds of writes, most of them killed; stops early when a reader
/// has failed (the test then reports the reader's failure).
fn kill_writes_at_random(env: &TestEnv, writes: &mut Writes, failed: &AtomicBool) {
    const ROUNDS: u64 = 300;
    fs::create_dir(&writes.imports).unwrap();

    // A few acknowledged logs, timed, so the kills spread over a whole run
    // (with the reader running, as it will during the kills).
    let mut took = Vec::new();
    for _ in 0..5 {
        let start = writes.timeline.next_log();
        let walk = writes.walk("w", start);
        let started = Instant::now();
        env.run(&[
            "log",
            &format!("{}s", walk.seconds),
            "--at",
            &walk.start,
            "--steps",
            &walk.steps.to_string(),
            "--note",
            &walk.note,
        ])
        .ok();
        took.push(started.elapsed());
    }
    took.sort();
    let window = u64::try_from(took[took.len() / 2].as_micros()).unwrap() * 3 / 2 + 1;

    let mut prev = state(&env.sessions());
    let mut prev_bytes = env.store_bytes();
    let (mut acknowledged, mut killed, mut killed_after_the_change, mut left_a_temporary) = (0, 0, 0, 0);
    for round in 0..ROUNDS {
        if failed.load(Ordering::SeqCst) {
            return;
        }
        let (args, change) = writes.next(&prev);
        let mut child = spawn(env, &args);
        // One round in eight runs to the end; the others are killed after
        // a random delay, which only chooses the moment.
        if round % 8 != 0 {
            std::thread::sleep(Duration::from_micros(writes.rng.below(window)));
            let _ = child.kill();
        }
        let output = child.wait_with_output().unwrap();
        let what = format!("round {round}: {args:?}");

        let listed = env.sessions();
        let after = state(&listed);
        assert_today_agrees_with_the_list(env, &listed, &what);
        match (output.status.code(), output.status.signal()) {
            (Some(0), _) => {
                acknowledged += 1;
                assert!(
                    shows(&after, &prev, &change),
                    "{what}: acknowledged but not in the store\nbefore: {prev:?}\nafter: {after:?}"
                );
                let left = store_temporaries(env.dir.path());
                assert!(left.is_empty(), "{what}: a successful write left {left:?}");
                assert_eq!(
                    fs::read(backup(env)).unwrap(),
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
                if !store_temporaries(env.dir.path()).is_empty() {
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
}

// ---- a write that fails part-way (a full disk) ----

/// Makes every file the process writes stop growing at `bytes`, with
/// `write()` failing (`EFBIG`) instead of the process being killed.
fn limit_file_size(command: &mut Command, bytes: u64) {
    // SAFETY: between fork and exec only async-signal-safe calls are made.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes as libc::rlim_t,
                rlim_max: bytes as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &raw const limit) != 0 {
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
    let args = [
        "log",
        "9",
        "--at",
        "2026-11-21 09:00",
        "--steps",
        "400",
        "--note",
        "does not fit",
    ];
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
            // Every 15 minutes from 1 November: none overlaps another.
            start: november(15 * n),
        })
        .collect();
    let file = env.dir.path().join("many.csv");
    write_import(&file, &walks);
    let args = ["import", file.to_str().unwrap()];
    let old = env.store_bytes().len() as u64;
    let new = size_after(&env, &args);
    assert!(new > old + 30_000, "the import is not large: {old} -> {new}");
    assert_a_failed_write_changes_nothing(&env, &args, &[old + 100, u64::midpoint(old, new), new - 1]);
}
