//! The store's promises (PRODUCT.md, "The store's promises") and the global
//! options every command shares: --store, BACKWALK_NOW, --json, --color,
//! NO_COLOR, and a closed stdout.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{TestEnv, names_in};

/// Every command that only reads the store.
const READERS: [&[&str]; 5] = [
    &["list"],
    &["show", "1"],
    &["today"],
    &["status"],
    &["--json", "list"],
];

fn mode(path: &Path) -> u32 {
    fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn backup(env: &TestEnv) -> PathBuf {
    env.dir.path().join("sessions.json.bak")
}

fn spawnable(env: &TestEnv, args: &[&str]) -> Command {
    let mut command = env.std_command();
    command.args(args);
    command
}

// ---- a missing store, the first write, backups ----

#[test]
fn a_missing_store_reads_as_empty_and_reading_creates_nothing() {
    let env = TestEnv::new();
    let nested = env.dir.path().join("not/yet/sessions.json");
    let nested = nested.to_str().unwrap();
    for args in READERS {
        let mut with_store = vec!["--store", nested];
        with_store.extend_from_slice(args);
        let run = env.run(&with_store);
        if args[0] == "show" {
            run.fails(1);
        } else {
            run.ok();
        }
    }
    assert_eq!(
        env.run(&["--store", nested, "--json", "list"]).json(),
        serde_json::json!([])
    );
    let today = env.run(&["--store", nested, "--json", "today"]).json();
    assert_eq!(today["sessions"], 0);
    assert_eq!(today["minutes"], 0.0);
    assert!(!env.dir.path().join("not").exists(), "a read created the folder");
    assert!(
        names_in(env.dir.path()).is_empty(),
        "{:?}",
        names_in(env.dir.path())
    );
}

#[test]
fn the_first_write_creates_the_folder_and_a_private_file() {
    let env = TestEnv::new();
    let store = env.dir.path().join("deep/er/sessions.json");
    env.run(&["--store", store.to_str().unwrap(), "log", "8"]).ok();
    assert!(store.is_file());
    assert_eq!(mode(&store), 0o600);
    let folder = store.parent().unwrap();
    assert_eq!(mode(folder) & 0o077, 0, "the new folder is open to others");
    assert!(
        !env.dir.path().join("deep/er/sessions.json.bak").exists(),
        "nothing to back up yet"
    );

    env.run(&["--store", store.to_str().unwrap(), "log", "6"]).ok();
    let bak = env.dir.path().join("deep/er/sessions.json.bak");
    assert_eq!(mode(&bak), 0o600);
    assert_eq!(mode(&store), 0o600);
}

#[test]
fn every_write_keeps_the_previous_file_byte_for_byte_as_bak() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--steps", "300"]).ok();
    let first = env.store_bytes();
    env.run(&["log", "6", "--note", "ünïcode \"quoted\""]).ok();
    let second = env.store_bytes();
    assert_eq!(fs::read(backup(&env)).unwrap(), first);
    env.run(&["rm", "1"]).ok();
    assert_eq!(fs::read(backup(&env)).unwrap(), second);
    assert_ne!(env.store_bytes(), second);
    assert_eq!(mode(&backup(&env)), 0o600);
    assert_eq!(mode(&env.store()), 0o600);
}

#[test]
fn rejected_input_writes_nothing_not_even_the_backup() {
    let env = TestEnv::new();
    env.run(&["log", "8"]).ok();
    env.run(&["log", "6"]).ok();
    let (store, bak) = (env.store_bytes(), fs::read(backup(&env)).unwrap());
    env.run(&["log", "0"]).fails(2);
    env.run(&["log", "8", "--at", "2026-11-22"]).fails(2);
    env.run(&["rm", "1", "99"]).fails(1);
    assert_eq!(env.store_bytes(), store);
    assert_eq!(fs::read(backup(&env)).unwrap(), bak);
}

// ---- a bad store is never overwritten ----

/// A good store of two sessions (so a `.bak` exists), then `corrupt` of
/// its bytes written over it.
fn env_with_bad_store(corrupt: impl Fn(&[u8]) -> Vec<u8>) -> (TestEnv, Vec<u8>) {
    let env = TestEnv::new();
    env.run(&["log", "8", "--steps", "300", "--surface", "grass"])
        .ok();
    env.run(&["log", "6", "--steps", "200"]).ok();
    let bad = corrupt(&env.store_bytes());
    fs::write(env.store(), &bad).unwrap();
    (env, bad)
}

fn replace(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(text.contains(from), "{from} not in {text}");
    text.replacen(from, to, 1).into_bytes()
}

struct Fault {
    name: &'static str,
    corrupt: fn(&[u8]) -> Vec<u8>,
    /// What the message must say about the place of the fault.
    place: &'static str,
}

const FAULTS: [Fault; 5] = [
    Fault {
        name: "unparsable JSON",
        corrupt: |b| replace(b, "\"next_id\"", "next_id"),
        place: "line 4 column",
    },
    Fault {
        name: "empty file",
        corrupt: |_| Vec::new(),
        place: "empty",
    },
    Fault {
        name: "only whitespace",
        corrupt: |_| b"\n  \n".to_vec(),
        place: "empty",
    },
    Fault {
        name: "truncated file",
        corrupt: |b| b[..b.len() * 2 / 3].to_vec(),
        place: "column",
    },
    Fault {
        name: "a newer version",
        corrupt: |b| replace(b, "\"version\": 1,", "\"version\": 99,"),
        place: "version 99",
    },
];

#[test]
fn a_bad_store_stops_every_command_names_the_file_and_the_place_and_is_left_as_it_was() {
    let commands: [&[&str]; 9] = [
        &["list"],
        &["--json", "list"],
        &["show", "1"],
        &["today"],
        &["status"],
        &["log", "5"],
        &[
            "log",
            "5",
            "--steps",
            "250",
            "--surface",
            "sand",
            "--at",
            "yesterday",
        ],
        &["rm", "1"],
        &["edit", "1", "--steps", "10"],
    ];
    for fault in FAULTS {
        let (env, bad) = env_with_bad_store(fault.corrupt);
        let bak = fs::read(backup(&env)).unwrap();
        let path = env.store().display().to_string();
        for args in commands {
            let run = env.run(args);
            let stderr = run.fails(1);
            let first = stderr.lines().next().unwrap();
            let what = format!("{} / {args:?}", fault.name);
            assert!(first.contains(&path), "{what}: no file named: {stderr}");
            assert!(
                first.contains(fault.place),
                "{what}: no place '{}': {stderr}",
                fault.place
            );
            assert!(
                stderr.contains(&format!("{path}.bak")),
                "{what}: no mention of the backup: {stderr}"
            );
            assert!(run.stdout.is_empty(), "{what}: stdout: {}", run.stdout);
            assert_eq!(env.store_bytes(), bad, "{what}: the bad store was changed");
            assert_eq!(
                fs::read(backup(&env)).unwrap(),
                bak,
                "{what}: the backup was changed"
            );
        }
        let leftovers: Vec<_> = names_in(env.dir.path())
            .into_iter()
            .filter(|n| n.contains("tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{}: {leftovers:?}", fault.name);
    }
}

#[test]
fn unparsable_json_is_located_by_line_and_column() {
    let env = TestEnv::new();
    fs::write(env.store(), "{\"format\": \"backwalk\", oops}").unwrap();
    let stderr = env.run(&["list"]).fails(1).to_string();
    assert!(stderr.contains("line 1 column 24"), "{stderr}");
    assert!(
        !stderr.contains(".bak"),
        "there is no backup to point at: {stderr}"
    );
    assert_eq!(env.store_bytes(), b"{\"format\": \"backwalk\", oops}");
    env.run(&["log", "5"]).fails(1);
    assert_eq!(env.store_bytes(), b"{\"format\": \"backwalk\", oops}");
    assert!(!backup(&env).exists(), "a bad store was backed up over nothing");
}

#[test]
fn a_store_that_is_a_folder_is_an_error() {
    let env = TestEnv::new();
    fs::create_dir(env.store()).unwrap();
    for args in [&["list"][..], &["today"], &["status"], &["log", "8"]] {
        let stderr = env.run(args).fails(1).to_string();
        assert!(stderr.contains(&env.store().display().to_string()), "{stderr}");
    }
    assert!(env.store().is_dir());
    assert!(names_in(&env.store()).is_empty());
}

// ---- ids ----

#[test]
fn ids_increase_and_are_never_reused() {
    let env = TestEnv::new();
    let id = |run: common::Run| run.json()["id"].as_u64().unwrap();
    assert_eq!(id(env.run(&["--json", "log", "5"])), 1);
    assert_eq!(id(env.run(&["--json", "log", "6", "--at", "2026-11-19"])), 2);
    assert_eq!(id(env.run(&["--json", "log", "7"])), 3);
    env.run(&["rm", "3"]).ok();
    assert_eq!(
        id(env.run(&["--json", "log", "7"])),
        4,
        "the id of a removed newest session came back"
    );
    env.run(&["undo"]).ok();
    assert_eq!(
        id(env.run(&["--json", "log", "7"])),
        5,
        "the id of an undone log came back"
    );
    let ids: Vec<u64> = env.sessions().iter().map(|s| s["id"].as_u64().unwrap()).collect();
    // 6m yesterday, then 7m and 5m that both ended now.
    assert_eq!(ids, [2, 5, 1], "time order, ids kept");
}

// ---- concurrency ----

#[test]
fn parallel_writers_lose_nothing() {
    const PROCESSES: usize = 8;
    const EACH: usize = 25;
    let env = TestEnv::new();
    std::thread::scope(|scope| {
        for p in 0..PROCESSES {
            let env = &env;
            scope.spawn(move || {
                for n in 0..EACH {
                    let steps = (p * EACH + n).to_string();
                    env.run(&["log", "1", "--steps", &steps, "--surface", "track"])
                        .ok();
                }
            });
        }
    });
    let sessions = env.sessions();
    assert_eq!(sessions.len(), PROCESSES * EACH);
    let ids: BTreeSet<u64> = sessions.iter().map(|s| s["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, (1..=(PROCESSES * EACH) as u64).collect::<BTreeSet<_>>());
    let steps: BTreeSet<u64> = sessions.iter().map(|s| s["steps"].as_u64().unwrap()).collect();
    assert_eq!(steps.len(), PROCESSES * EACH, "some process's session was lost");
    let names = names_in(env.dir.path());
    let expected: BTreeSet<String> = [
        "sessions.json",
        "sessions.json.bak",
        "sessions.json.idx",
        "sessions.json.lock",
        "sessions.json.spare",
    ]
    .map(String::from)
    .into();
    assert!(names.is_subset(&expected), "left behind: {names:?}");
    assert_eq!(mode(&env.store()), 0o600);
    assert_eq!(mode(&env.dir.path().join("sessions.json.idx")), 0o600);
}

// ---- global options ----

#[test]
fn store_flag_overrides_the_environment() {
    let env = TestEnv::new();
    let other = env.dir.path().join("other.json");
    let other = other.to_str().unwrap();
    env.run(&["--store", other, "log", "8"]).ok();
    env.run(&["log", "6", "--store", other]).ok();
    assert!(
        !env.store().exists(),
        "BACKWALK_STORE was written despite --store"
    );
    assert_eq!(
        env.run(&["--store", other, "--json", "list"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(env.sessions().is_empty());
    env.run(&["log", "5"]).ok();
    assert_eq!(env.sessions().len(), 1);
}

#[test]
fn an_invalid_clock_is_invalid_input_and_writes_nothing() {
    let mut env = TestEnv::new();
    env.run(&["log", "8"]).ok();
    let before = env.store_bytes();
    for now in ["garbage", "2026-11-21 18:30", "2026-11-21T18:30:00"] {
        env.at(now);
        for args in [&["list"][..], &["today"], &["log", "5"]] {
            let stderr = env.run(args).fails(2).to_string();
            assert!(stderr.contains("BACKWALK_NOW"), "{stderr}");
            assert!(stderr.contains("RFC 3339"), "{stderr}");
        }
    }
    assert_eq!(env.store_bytes(), before);
}

#[test]
fn json_is_one_document_on_stdout_for_every_foundation_command() {
    let env = TestEnv::new();
    for args in [
        &[
            "--json",
            "log",
            "8",
            "--steps",
            "300",
            "--note",
            "a \"quoted\" note",
        ][..],
        &["--json", "list"],
        &["--json", "show", "1"],
        &["--json", "today"],
        &["--json", "status"],
        &["--color", "always", "--json", "today"],
        &["list", "--json"],
    ] {
        let run = env.run(args);
        // serde_json refuses trailing text, so this is one document.
        let value = run.json();
        assert!(value.is_object() || value.is_array(), "{args:?}: {value}");
        assert!(!run.stdout.contains('\x1b'), "{args:?}: escape codes in JSON");
        assert!(run.stderr.is_empty(), "{args:?}: stderr: {}", run.stderr);
    }
}

#[test]
fn colour_only_when_asked_and_never_into_a_pipe() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--steps", "300"]).ok();
    for args in [&["list"][..], &["today"], &["status"], &["show", "1"]] {
        let with = |extra: &[&str], no_color: bool| {
            let mut command = env.command();
            if no_color {
                command.env("NO_COLOR", "1");
            }
            let output = command.args(extra).args(args).output().unwrap();
            assert!(output.status.success(), "{args:?}");
            String::from_utf8(output.stdout).unwrap()
        };
        assert!(
            with(&["--color", "always"], false).contains("\x1b["),
            "{args:?}: no colour when asked"
        );
        assert!(!with(&["--color", "never"], false).contains('\x1b'), "{args:?}");
        assert!(!with(&[], false).contains('\x1b'), "{args:?}: colour into a pipe");
        assert!(!with(&["--color", "auto"], true).contains('\x1b'), "{args:?}");
        assert!(!with(&["--color", "never"], true).contains('\x1b'), "{args:?}");
        // The explicit flag beats the environment (no-color.org).
        assert!(with(&["--color", "always"], true).contains("\x1b["), "{args:?}");
    }
    let log = env.run(&["--color", "always", "log", "5"]);
    assert!(log.ok().contains("\x1b["));
}

/// What `args` prints on a terminal, with `NO_COLOR` set or not.
fn on_a_terminal(env: &TestEnv, args: &[&str], no_color: bool) -> String {
    let mut command = spawnable(env, args);
    if no_color {
        command.env("NO_COLOR", "1");
    }
    let mut session = rexpect::session::spawn_command(command, Some(10_000)).expect("a terminal");
    let out = session.exp_eof().expect("the program ends");
    let status = session.process().wait().expect("an exit status");
    assert!(
        matches!(status, rexpect::process::WaitStatus::Exited(_, 0)),
        "{args:?}: {status:?} {out}"
    );
    out
}

#[test]
fn on_a_terminal_colour_is_the_default_and_no_color_turns_it_off() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--steps", "300"]).ok();
    for args in [&["list"][..], &["today"]] {
        assert!(
            on_a_terminal(&env, args, false).contains("\x1b["),
            "{args:?}: no colour on a terminal"
        );
        assert!(
            !on_a_terminal(&env, args, true).contains('\x1b'),
            "{args:?}: NO_COLOR ignored"
        );
        let never = [&["--color", "never"][..], args].concat();
        assert!(!on_a_terminal(&env, &never, false).contains('\x1b'), "{args:?}");
        let json = [&["--json"][..], args].concat();
        assert!(
            !on_a_terminal(&env, &json, false).contains('\x1b'),
            "{args:?}: colour in JSON"
        );
    }
}

#[test]
fn a_closed_stdout_ends_the_program_quietly() {
    let env = TestEnv::new();
    for n in 0..3 {
        env.run(&["log", "8", "--steps", "300", "--at", &format!("2026-11-1{n}")])
            .ok();
    }
    for args in [
        &["list"][..],
        &["--json", "list"],
        &["list", "--csv"],
        &["today"],
        &["status"],
        &["show", "1"],
    ] {
        let mut child = spawnable(&env, args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the program writes a byte.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn list_piped_into_head_prints_no_error() {
    let env = TestEnv::new();
    for n in 0..3 {
        env.run(&["log", "8", "--at", &format!("2026-11-1{n}")]).ok();
    }
    let script = format!("'{}' list | head -1", env!("CARGO_BIN_EXE_backwalk"));
    let output = Command::new("sh")
        .args(["-c", &script])
        .env("BACKWALK_STORE", env.store())
        .env("BACKWALK_NOW", &env.now)
        .env("TZ", &env.zone)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8(output.stdout).unwrap().lines().count(), 1);
}

#[test]
fn an_unknown_id_is_exit_1() {
    let env = TestEnv::new();
    env.run(&["log", "8"]).ok();
    let stderr = env.run(&["show", "2"]).fails(1).to_string();
    assert!(stderr.contains("#2") || stderr.contains(" 2"), "{stderr}");
    env.run(&["--json", "show", "7"]).fails(1);
    env.run(&["show", "0"]).fails(2);
    env.run(&["show", "abc"]).fails(2);
}
