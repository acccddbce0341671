//! Concurrent use is safe: many processes writing at once are serialised
//! by the store's lock, and none of their changes is lost; readers running
//! all the while see whole versions and never fail.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

use common::{READS, TestEnv};
use serde_json::Value;

/// A test environment in memory (tmpfs) when the system has one: what is
/// under test is the lock, and hundreds of serialised fsyncs to a disk
/// would cost a CI runner many seconds without testing anything more.
fn env_in_memory() -> TestEnv {
    match tempfile::tempdir_in("/dev/shm") {
        Ok(dir) => TestEnv {
            dir,
            now: common::NOW.to_string(),
            zone: common::ZONE.to_string(),
        },
        Err(_) => TestEnv::new(),
    }
}

/// Minutes from 2026-11-01 00:00 to the pinned now (Saturday 21 November,
/// 18:30). All of November is on +01:00 in Berlin.
const NOW_MINUTE: u64 = 20 * 1440 + 18 * 60 + 30;

/// The local time `minute` minutes into November 2026, in RFC 3339.
fn november(minute: u64) -> String {
    assert!(minute <= NOW_MINUTE, "minute {minute} is after now");
    format!(
        "2026-11-{:02}T{:02}:{:02}:00+01:00",
        1 + minute / 1440,
        minute / 60 % 24,
        minute % 60
    )
}

fn run_with_clock(env: &TestEnv, now: &str, args: &[&str]) -> Output {
    env.std_command()
        .env("BACKWALK_NOW", now)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

#[track_caller]
fn assert_success(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what}: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

// ---- readers alongside the writers ----

/// Reader threads, each starting at a different command.
const READERS: usize = 2;

/// What the readers did.
struct Reads {
    /// Reads started while the writers still ran.
    during: usize,
    /// Of those, `--json list` reads.
    lists: usize,
}

/// Sets the flag when dropped, on success or panic alike.
struct SetOnDrop<'a>(&'a AtomicBool);

impl Drop for SetOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Runs `write` while reader threads run the reading commands in turn,
/// over and over until `write` returns (or a bound). Every read must
/// succeed: exit 0, a result on stdout (JSON where JSON was asked for) and
/// nothing on stderr. The store only grows
/// here, so each reader sees as many walks as its previous read or more,
/// and each list it sees is a whole version by `check_list`.
fn while_reading(
    env: &TestEnv,
    check_list: impl Fn(&[Value]) -> Result<(), String> + Sync,
    write: impl FnOnce(),
) -> Reads {
    const BOUND: usize = 10_000;
    let done = AtomicBool::new(false);
    let failed = AtomicBool::new(false);
    let read = |first: usize| -> Result<(usize, usize), String> {
        let (mut reads, mut lists) = (0, 0);
        let (mut listed, mut in_calendar) = (0, 0);
        while !done.load(Ordering::SeqCst) && !failed.load(Ordering::SeqCst) && reads < BOUND {
            let args = READS[(first + reads) % READS.len()];
            let output = env.output(args);
            let fail = |problem: String| {
                failed.store(true, Ordering::SeqCst);
                format!(
                    "read {reads}, {args:?}, while writers ran: {problem}\nstdout: {}\nstderr: {}",
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                )
            };
            if !output.status.success() {
                return Err(fail(output.status.to_string()));
            }
            if output.stdout.is_empty() {
                return Err(fail("nothing on stdout".into()));
            }
            // Nothing to warn about either: not a damaged store, not a
            // fallback to the backup.
            if !output.stderr.is_empty() {
                return Err(fail("something on stderr".into()));
            }
            let count = if args == ["--json", "list"] {
                lists += 1;
                let sessions: Vec<Value> = serde_json::from_slice(&output.stdout)
                    .map_err(|e| fail(format!("not a JSON array: {e}")))?;
                check_list(&sessions).map_err(&fail)?;
                Some((&mut listed, sessions.len()))
            } else if args == ["calendar", "--json"] {
                let calendar: Value =
                    serde_json::from_slice(&output.stdout).map_err(|e| fail(format!("not JSON: {e}")))?;
                let days = calendar["days"]
                    .as_array()
                    .ok_or_else(|| fail("no days".into()))?;
                let sessions = days
                    .iter()
                    .map(|d| d["sessions"].as_u64().unwrap_or(0))
                    .sum::<u64>();
                Some((&mut in_calendar, usize::try_from(sessions).unwrap()))
            } else {
                None
            };
            if let Some((seen, now)) = count {
                if now < *seen {
                    return Err(fail(format!("{now} walks after {seen}: an older version")));
                }
                *seen = now;
            }
            reads += 1;
        }
        Ok((reads, lists))
    };
    let results = std::thread::scope(|scope| {
        let readers: Vec<_> = (0..READERS)
            .map(|r| {
                let read = &read;
                scope.spawn(move || read(r * READS.len() / READERS))
            })
            .collect();
        {
            let _done = SetOnDrop(&done);
            write();
        }
        readers.into_iter().map(|r| r.join().unwrap()).collect::<Vec<_>>()
    });
    let mut reads = Reads { during: 0, lists: 0 };
    for result in results {
        let (during, lists) = result.unwrap_or_else(|e| panic!("{e}"));
        reads.during += during;
        reads.lists += lists;
    }
    eprintln!(
        "{} reads ({} lists) ran alongside the writers, every one successful",
        reads.during, reads.lists
    );
    // Readers start before the writers, and the writers run for seconds.
    assert!(reads.lists > 0, "no list was read while the writers ran");
    reads
}

/// The notes of a list, each one once.
fn notes(sessions: &[Value]) -> Result<BTreeMap<String, u64>, String> {
    let mut notes = BTreeMap::new();
    let mut ids = BTreeSet::new();
    for session in sessions {
        let (Some(note), Some(id), Some(seconds)) = (
            session["note"].as_str(),
            session["id"].as_u64(),
            session["duration_seconds"].as_u64(),
        ) else {
            return Err(format!("a session without note, id or duration: {session}"));
        };
        if !ids.insert(id) {
            return Err(format!("id {id} twice"));
        }
        if notes.insert(note.to_string(), seconds).is_some() {
            return Err(format!("{note} twice"));
        }
    }
    Ok(notes)
}

// ---- many loggers ----

const PROCESSES: usize = 16;
const EACH: usize = 50;

/// Walk `n` of process `p`: a minute long, at its own start two minutes
/// apart from the others, back from now, the processes' walks interleaved.
fn slot(p: usize, n: usize) -> String {
    let k = (n * PROCESSES + p + 1) as u64;
    november(NOW_MINUTE - 2 * k)
}

/// Each process logs its walks one after another, so a whole version
/// holds, of every process, its first walks and none after a gap.
fn each_process_a_prefix(sessions: &[Value]) -> Result<(), String> {
    let mut per_process: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for note in notes(sessions)?.keys() {
        let (p, n) = note
            .strip_prefix("process ")
            .and_then(|rest| rest.split_once(" walk "))
            .and_then(|(p, n)| Some((p.parse().ok()?, n.parse().ok()?)))
            .ok_or_else(|| format!("unexpected note {note}"))?;
        per_process.entry(p).or_default().insert(n);
    }
    for (p, walks) in per_process {
        if walks != (0..walks.len()).collect() {
            return Err(format!("process {p} shows walks {walks:?}"));
        }
    }
    Ok(())
}

#[test]
fn sixteen_processes_logging_fifty_times_each_keep_all_eight_hundred() {
    let env = env_in_memory();
    while_reading(&env, each_process_a_prefix, || {
        std::thread::scope(|scope| {
            for p in 0..PROCESSES {
                let env = &env;
                scope.spawn(move || {
                    for n in 0..EACH {
                        let note = format!("process {p} walk {n}");
                        let at = slot(p, n);
                        let output =
                            run_with_clock(env, &env.now, &["log", "1", "--at", &at, "--note", &note]);
                        assert_success(&output, &note);
                    }
                });
            }
        });
    });
    let sessions = env.sessions();
    assert_eq!(sessions.len(), PROCESSES * EACH);
    let ids: BTreeSet<u64> = sessions.iter().map(|s| s["id"].as_u64().unwrap()).collect();
    assert_eq!(ids.len(), PROCESSES * EACH, "ids were given twice");
    assert_eq!(ids, (1..=(PROCESSES * EACH) as u64).collect(), "ids were skipped");
    each_process_a_prefix(&sessions).unwrap();
    let notes = notes(&sessions).unwrap();
    for p in 0..PROCESSES {
        for n in 0..EACH {
            let note = format!("process {p} walk {n}");
            assert_eq!(notes.get(&note), Some(&60), "{note} was lost");
        }
    }
    // Each walk is where it was logged.
    for session in &sessions {
        let note = session["note"].as_str().unwrap();
        let (p, n) = note["process ".len()..].split_once(" walk ").unwrap();
        let at = slot(p.parse().unwrap(), n.parse().unwrap());
        assert_eq!(session["start"].as_str(), Some(at.as_str()), "{note}");
    }
    // What the days show adds up to what the list shows.
    let calendar = env.run(&["--json", "calendar"]).json();
    let in_calendar: u64 = calendar["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["sessions"].as_u64().unwrap())
        .sum();
    assert_eq!(in_calendar, (PROCESSES * EACH) as u64);
}

// ---- a timer stop racing logs ----

const ROUNDS: usize = 12;
const LOGS: usize = 3;

/// Round `r`'s timer runs 10 minutes from 12:00 + 20 r minutes today; its
/// logs are 2-minute walks in the 10 minutes before, which overlap neither
/// the timer nor the round before.
fn timer_start(round: usize) -> u64 {
    NOW_MINUTE - 6 * 60 - 30 + 20 * round as u64
}

fn log_start(round: usize, k: usize) -> u64 {
    timer_start(round) - 9 + 3 * k as u64
}

/// Rounds run one after another: a whole version that shows any walk of a
/// round shows every walk of the rounds before, each as long as it was.
fn rounds_in_order(sessions: &[Value]) -> Result<(), String> {
    let notes = notes(sessions)?;
    let mut reached = None;
    for (note, seconds) in &notes {
        let (round, expected) = if let Some(round) = note.strip_prefix("stop ") {
            (round, 600)
        } else if let Some((round, _)) = note.strip_prefix("log ").and_then(|r| r.split_once('.')) {
            (round, 120)
        } else {
            return Err(format!("unexpected note {note}"));
        };
        if *seconds != expected {
            return Err(format!("{note} lasts {seconds}s"));
        }
        let round: usize = round.parse().map_err(|_| format!("unexpected note {note}"))?;
        reached = reached.max(Some(round));
    }
    for round in 0..reached.unwrap_or(0) {
        let mut whole = vec![format!("stop {round}")];
        whole.extend((0..LOGS).map(|k| format!("log {round}.{k}")));
        if let Some(missing) = whole.iter().find(|note| !notes.contains_key(*note)) {
            return Err(format!("{missing} is missing, round {reached:?} is there"));
        }
    }
    Ok(())
}

#[test]
fn a_timer_stop_racing_logs_loses_neither() {
    let env = env_in_memory();
    while_reading(&env, rounds_in_order, || {
        for round in 0..ROUNDS {
            let started = november(timer_start(round));
            let stopped = november(timer_start(round) + 10);
            assert_success(&run_with_clock(&env, &started, &["start"]), "start");
            std::thread::scope(|scope| {
                let (env, stopped) = (&env, &stopped);
                let stop = format!("stop {round}");
                scope.spawn(move || {
                    let output = run_with_clock(env, stopped, &["stop", "--note", &stop]);
                    assert_success(&output, &stop);
                });
                for k in 0..LOGS {
                    scope.spawn(move || {
                        let note = format!("log {round}.{k}");
                        let at = november(log_start(round, k));
                        let output =
                            run_with_clock(env, stopped, &["log", "2", "--at", &at, "--note", &note]);
                        assert_success(&output, &note);
                    });
                }
            });
            let status = env.run(&["--json", "status"]).json();
            assert!(status["timer"].is_null(), "round {round}: the timer still runs");
        }
    });
    let sessions = env.sessions();
    let notes = notes(&sessions).unwrap();
    assert_eq!(sessions.len(), ROUNDS * (1 + LOGS));
    rounds_in_order(&sessions).unwrap();
    for round in 0..ROUNDS {
        assert_eq!(
            notes.get(&format!("stop {round}")),
            Some(&600),
            "round {round}: the stop was lost"
        );
        for k in 0..LOGS {
            assert_eq!(
                notes.get(&format!("log {round}.{k}")),
                Some(&120),
                "round {round}: log {k} was lost"
            );
        }
    }
}
