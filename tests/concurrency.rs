//! Concurrent use is safe: many processes writing at once are serialised
//! by the store's lock, and none of their changes is lost.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Output, Stdio};

use common::TestEnv;

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

#[test]
fn sixteen_processes_logging_fifty_times_each_keep_all_eight_hundred() {
    const PROCESSES: usize = 16;
    const EACH: usize = 50;
    let env = env_in_memory();
    std::thread::scope(|scope| {
        for p in 0..PROCESSES {
            let env = &env;
            scope.spawn(move || {
                for n in 0..EACH {
                    let note = format!("process {p} walk {n}");
                    let output = run_with_clock(env, &env.now, &["log", "1", "--note", &note]);
                    assert_success(&output, &note);
                }
            });
        }
    });
    let sessions = env.sessions();
    assert_eq!(sessions.len(), PROCESSES * EACH);
    let ids: BTreeSet<u64> = sessions.iter().map(|s| s["id"].as_u64().unwrap()).collect();
    assert_eq!(ids.len(), PROCESSES * EACH, "ids were given twice");
    assert_eq!(ids, (1..=(PROCESSES * EACH) as u64).collect(), "ids were skipped");
    let mut per_process: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for session in &sessions {
        let note = session["note"].as_str().unwrap();
        let (p, n) = note
            .strip_prefix("process ")
            .and_then(|rest| rest.split_once(" walk "))
            .unwrap_or_else(|| panic!("unexpected note {note}"));
        per_process
            .entry(p.parse().unwrap())
            .or_default()
            .insert(n.parse().unwrap());
    }
    assert_eq!(per_process.len(), PROCESSES);
    for (p, walks) in per_process {
        assert_eq!(walks, (0..EACH).collect(), "process {p} lost sessions");
    }
}

#[test]
fn a_timer_stop_racing_logs_loses_neither() {
    const ROUNDS: usize = 12;
    const LOGS: usize = 3;
    let env = env_in_memory();
    let started = "2026-11-21T18:20:00+01:00";
    for round in 0..ROUNDS {
        assert_success(&run_with_clock(&env, started, &["start"]), "start");
        std::thread::scope(|scope| {
            let env = &env;
            let stop = format!("stop {round}");
            scope.spawn(move || {
                let output = run_with_clock(env, &env.now, &["stop", "--note", &stop]);
                assert_success(&output, &stop);
            });
            for k in 0..LOGS {
                scope.spawn(move || {
                    let note = format!("log {round}.{k}");
                    let output = run_with_clock(env, &env.now, &["log", "2", "--note", &note]);
                    assert_success(&output, &note);
                });
            }
        });
        let status = env.run(&["--json", "status"]).json();
        assert!(status["timer"].is_null(), "round {round}: the timer still runs");
    }
    let sessions = env.sessions();
    let notes: BTreeMap<String, u64> = sessions
        .iter()
        .map(|s| {
            let note = s["note"].as_str().unwrap().to_string();
            (note, s["duration_seconds"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(notes.len(), sessions.len(), "a session was logged twice");
    assert_eq!(sessions.len(), ROUNDS * (1 + LOGS));
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
