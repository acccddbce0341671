//! Changing what was logged (`edit`, `rm`, `undo`), moving it in and out
//! (`export`, `import`: "Written files",
//! "Import errors", "CSV"), and the commands that never open the store
//! (`completions`, `man`).

mod common;

use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

// The keys of a session in JSON output are the columns of the CSV export
// too, in the same order.
use common::{SESSION_KEYS, TestEnv, assert_fits_80, names_in};
use serde_json::{Value, json};

/// A history that exercises every field and every awkward value: notes
/// that a spreadsheet would run as formulas (ASCII and full-width signs,
/// after spaces), quotes, commas, non-ASCII text and emoji, padding
/// spaces; other offsets; a fractional second; missing steps, inclines and
/// pain; one unusual walk. No two walks overlap.
const HISTORY: &[&[&str]] = &[
    &[
        "log",
        "8",
        "--at",
        "2026-11-16 07:30",
        "--steps",
        "320",
        "--surface",
        "grass",
        "--pain",
        "2",
        "--note",
        "=SUM(A1:A9)",
    ],
    &[
        "log",
        "7m30s",
        "--at",
        "2026-11-17 07:30",
        "--surface",
        "treadmill",
        "--incline",
        "2.5",
        "--note",
        "+1 felt easy",
    ],
    &[
        "log",
        "6:45",
        "--at",
        "2026-11-18T06:05:00-05:00",
        "--steps",
        "0",
        "--pain",
        "0",
        "--note=-3 °C, \"windy\", sore",
    ],
    &[
        "log",
        "90s",
        "--at",
        "2026-07-01T07:15:00.5Z",
        "--surface",
        "sand",
        "--incline",
        "0.1",
        "--note",
        "@home",
    ],
    // 65 minutes, 100 000 steps: unusual, logged with --force.
    &[
        "log",
        "1h5m",
        "--at",
        "2026-11-19",
        "--steps",
        "100000",
        "--surface",
        "trail",
        "--note",
        "'=already quoted",
        "--force",
    ],
    &[
        "log",
        "5",
        "--at",
        "2026-11-20 18:00",
        "--surface",
        "indoor",
        "--note",
        "  padded, ümlaut — ok  ",
    ],
    &[
        "log",
        "10",
        "--at",
        "2026-11-21 08:00",
        "--surface",
        "pavement",
        "--incline",
        "40",
        "--pain",
        "10",
    ],
    &[
        "log",
        "6",
        "--at",
        "2026-11-14 09:00",
        "--note",
        "  ＝HYPERLINK(\"x\") 日本語 🚶",
    ],
    &["log", "5", "--at", "2026-11-13 09:00", "--note", " -1 under"],
    &["log", "5", "--at", "2026-11-12 09:00", "--note", "＠home"],
    &["log", "5", "--at", "2026-11-11 09:00", "--note", "＋5 and －3"],
    &["log", "5", "--at", "2026-11-10 09:00", "--note", "'＋x"],
];

/// How many walks of HISTORY are unusual.
const UNUSUAL: u64 = 1;

fn seeded() -> TestEnv {
    let env = TestEnv::new();
    for args in HISTORY {
        env.run(args).ok();
    }
    env
}

fn path(env: &TestEnv, name: &str) -> PathBuf {
    env.dir.path().join(name)
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Every field of every session but the id.
fn without_ids(sessions: Vec<Value>) -> Vec<Value> {
    sessions
        .into_iter()
        .map(|mut s| {
            s.as_object_mut().expect("session object").remove("id");
            s
        })
        .collect()
}

fn ids(sessions: &[Value]) -> Vec<u64> {
    sessions.iter().map(|s| s["id"].as_u64().unwrap()).collect()
}

/// The store and its backup, to show that a refused command left both.
struct Snapshot {
    store: Vec<u8>,
    backup: Option<Vec<u8>>,
}

fn snapshot(env: &TestEnv) -> Snapshot {
    Snapshot {
        store: env.store_bytes(),
        backup: std::fs::read(path(env, "sessions.json.bak")).ok(),
    }
}

/// Asserts that a failed command left the store and its backup byte for
/// byte as they were.
#[track_caller]
fn assert_untouched(env: &TestEnv, before: &Snapshot) {
    assert_eq!(
        String::from_utf8_lossy(&env.store_bytes()),
        String::from_utf8_lossy(&before.store),
        "the store changed"
    );
    assert_eq!(
        std::fs::read(path(env, "sessions.json.bak")).ok(),
        before.backup,
        "the backup changed"
    );
}

/// Writes `text` to a file in the env's folder and returns its path.
fn file(env: &TestEnv, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let file = path(env, name);
    std::fs::write(&file, text).unwrap();
    file
}

// ---------------------------------------------------------------- edit

#[test]
fn edit_changes_every_field_and_shows_before_and_after() {
    let env = TestEnv::new();
    env.run(&[
        "log",
        "8",
        "--at",
        "2026-11-20 07:30",
        "--steps",
        "300",
        "--surface",
        "grass",
    ])
    .ok();
    let out = env.run(&[
        "edit",
        "1",
        "--duration",
        "9m30s",
        "--steps",
        "350",
        "--surface",
        "track",
        "--at",
        "2026-11-19 06:45",
        "--incline",
        "3.5",
        "--pain",
        "4",
        "--note",
        "hill repeats",
    ]);
    let text = out.ok();
    assert!(text.contains("Before") && text.contains("After"), "{text}");
    assert!(
        text.contains("300") && text.contains("350"),
        "before and after: {text}"
    );
    let session = &env.sessions()[0];
    assert_eq!(
        *session,
        json!({
            "id": 1, "start": "2026-11-19T06:45:00+01:00", "end": "2026-11-19T06:54:30+01:00",
            "duration_seconds": 570, "minutes": 9.5, "steps": 350, "surface": "track",
            "incline_percent": 3.5, "pain": 4, "note": "hill repeats"
        })
    );

    let edited = env
        .run(&[
            "--json",
            "edit",
            "1",
            "--clear-steps",
            "--clear-note",
            "--clear-incline",
            "--clear-pain",
        ])
        .json();
    assert_eq!(edited["steps"], Value::Null);
    assert_eq!(edited["note"], Value::Null);
    assert_eq!(edited["incline_percent"], Value::Null);
    assert_eq!(edited["pain"], Value::Null);
    assert_eq!(edited["surface"], "track", "untouched fields stay");
    assert_eq!(edited["duration_seconds"], 570);
    assert_eq!(
        edited,
        env.run(&["--json", "show", "1"]).json(),
        "--json edit prints the session"
    );
}

#[test]
fn edit_one_field_leaves_the_others() {
    let env = seeded();
    let before = env.sessions();
    env.run(&["edit", "3", "--steps", "12"]).ok();
    let after = env.sessions();
    for (b, a) in before.iter().zip(&after) {
        if b["id"] == 3 {
            let mut expected = b.clone();
            expected["steps"] = json!(12);
            assert_eq!(*a, expected);
        } else {
            assert_eq!(a, b);
        }
    }
}

#[test]
fn edit_of_the_note_shows_the_new_note_in_80_columns() {
    let env = seeded();
    let text = env.run(&["edit", "3", "--note", "knees fine"]).ok().to_string();
    assert!(text.ends_with("Note   knees fine\n"), "{text}");
    let text = env.run(&["edit", "3", "--clear-note"]).ok().to_string();
    assert!(text.ends_with("Note   (none)\n"), "{text}");
    // A change that leaves the note alone does not show it.
    let text = env.run(&["edit", "3", "--steps", "12"]).ok().to_string();
    assert!(!text.contains("Note"), "{text}");
    let long = "膝".repeat(200);
    let text = env.run(&["edit", "3", "--note", &long]).ok().to_string();
    assert!(text.contains("Note   膝膝"), "{text}");
    assert_fits_80("edit", &text);
}

#[test]
fn edit_at_today_means_the_walk_ended_now_and_time_order_follows() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--at", "2026-11-19 07:00"]).ok();
    env.run(&["log", "6", "--at", "2026-11-20 07:00"]).ok();
    env.run(&["edit", "1", "--at", "today", "--duration", "10"]).ok();
    let sessions = env.sessions();
    assert_eq!(ids(&sessions), [2, 1], "the moved walk is now the latest");
    assert_eq!(sessions[1]["start"], "2026-11-21T18:20:00+01:00");
    assert_eq!(sessions[1]["end"], "2026-11-21T18:30:00+01:00");

    env.run(&["edit", "1", "--at", "2026-11-18"]).ok();
    let sessions = env.sessions();
    assert_eq!(ids(&sessions), [1, 2]);
    assert_eq!(
        sessions[0]["start"], "2026-11-18T12:00:00+01:00",
        "a bare date is noon"
    );
}

#[test]
fn edit_an_unknown_id_fails_and_writes_nothing() {
    let env = seeded();
    let before = snapshot(&env);
    let err = env.run(&["edit", "99", "--steps", "5"]).fails(1).to_string();
    assert!(err.contains("#99") && err.contains("backwalk list"), "{err}");
    assert_untouched(&env, &before);
}

#[test]
fn an_empty_edit_is_refused() {
    let env = seeded();
    let before = snapshot(&env);
    let err = env.run(&["edit", "1"]).fails(2).to_string();
    assert!(
        err.contains("nothing to change") && err.contains("--clear-note") && err.contains("--pain"),
        "{err}"
    );
    assert_untouched(&env, &before);
}

#[test]
fn conflicting_and_invalid_edits_are_refused() {
    let env = seeded();
    let before = snapshot(&env);
    for args in [
        &["edit", "1", "--steps", "5", "--clear-steps"][..],
        &["edit", "1", "--note", "x", "--clear-note"],
        &["edit", "1", "--incline", "2", "--clear-incline"],
        &["edit", "1", "--pain", "2", "--clear-pain"],
        &["edit", "1", "--steps", "-1"],
        &["edit", "1", "--steps", "100001"],
        &["edit", "1", "--pain", "11"],
        &["edit", "1", "--pain", "-1"],
        &["edit", "1", "--surface", "moon"],
        &["edit", "1", "--incline", "41"],
        &["edit", "1", "--duration", "0"],
        &["edit", "1", "--duration", "24h1s"],
        &["edit", "1", "--at", "2026-11-22"],
        &["edit", "1", "--at", "someday"],
        &["edit", "1", "--note", "two\nlines"],
        // Onto another walk: an overlap, which --force never overrides.
        &["edit", "1", "--at", "2026-11-17 07:32", "--force"],
        &["edit", "0", "--steps", "5"],
        &["edit", "x", "--steps", "5"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("error:"), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert_untouched(&env, &before);
    }
}

// ------------------------------------------------------------------ rm

#[test]
fn rm_removes_every_named_session() {
    let env = seeded();
    let before = env.sessions();
    let out = env.run(&["--json", "rm", "5", "2", "#5"]).json();
    assert_eq!(out, json!({ "removed": [2, 5] }));
    let kept: Vec<Value> = before
        .into_iter()
        .filter(|s| s["id"] != 2 && s["id"] != 5)
        .collect();
    assert_eq!(env.sessions(), kept);

    let text = env.run(&["rm", "1"]).ok().to_string();
    assert!(text.contains("#1"), "{text}");
    assert!(!ids(&env.sessions()).contains(&1));
    assert_eq!(env.sessions().len(), HISTORY.len() - 3);
}

#[test]
fn rm_is_all_or_nothing() {
    let env = seeded();
    let before = snapshot(&env);
    let err = env.run(&["rm", "1", "42", "2", "41"]).fails(1).to_string();
    assert!(
        err.contains("#41") && err.contains("#42") && err.contains("nothing was removed"),
        "{err}"
    );
    assert_untouched(&env, &before);
    assert_eq!(env.sessions().len(), HISTORY.len());

    let err = env.run(&["--json", "rm", "42"]).fails(1).to_string();
    assert!(err.contains("#42"), "{err}");
    assert_untouched(&env, &before);

    env.run(&["rm"]).fails(2);
    env.run(&["rm", "1", "abc"]).fails(2);
    assert_untouched(&env, &before);
}

// ---------------------------------------------------------------- undo

#[test]
fn undo_reverts_each_kind_of_change_and_says_which() {
    let env = seeded();
    let sheet = file(&env, "more.csv", "date,minutes\n2026-11-01,6\n2026-11-02,7\n");
    let goals = env.run(&["--json", "goals"]).json();

    // Each change, then its undo restores the state exactly.
    let changes: &[(&[&str], &str)] = &[
        (&["log", "8", "--steps", "200"], "log"),
        (
            &["edit", "2", "--steps", "1", "--clear-note", "--surface", "other"],
            "edit",
        ),
        (&["rm", "1", "3"], "rm"),
        (&["import", arg(&sheet)], "import"),
        (&["goals", "--minutes", "6-12", "--weight", "70"], "goals"),
    ];
    for (args, kind) in changes {
        let sessions = env.sessions();
        env.run(args).ok();
        assert_ne!(
            (env.sessions(), env.run(&["--json", "goals"]).json()),
            (sessions.clone(), goals.clone()),
            "{args:?} changed nothing"
        );
        let undone = env.run(&["--json", "undo"]).json();
        let what = undone["undone"].as_str().expect("undone is a string");
        assert!(what.starts_with(kind), "{args:?}: {what}");
        assert_eq!(env.sessions(), sessions, "after undoing {args:?}");
        assert_eq!(
            env.run(&["--json", "goals"]).json(),
            goals,
            "after undoing {args:?}"
        );
    }

    // Undoing a stop removes its session and runs the timer again.
    let mut env = TestEnv::new();
    env.at("2026-11-21T18:00:00+01:00");
    env.run(&["start", "--surface", "grass", "--note", "timed"]).ok();
    env.at("2026-11-21T18:08:00+01:00");
    let timer = env.run(&["--json", "status"]).json()["timer"].clone();
    env.run(&["stop", "--steps", "250"]).ok();
    assert_eq!(env.sessions().len(), 1);
    let text = env.run(&["undo"]).ok().to_string();
    assert!(text.contains("stop #1"), "{text}");
    assert!(env.sessions().is_empty());
    assert_eq!(env.run(&["--json", "status"]).json()["timer"], timer);
}

#[test]
fn undo_reaches_back_twenty_changes_then_says_there_is_nothing_left() {
    let env = TestEnv::new();
    let err = env.run(&["undo"]).fails(1).to_string();
    assert!(err.contains("nothing to undo"), "{err}");
    assert!(env.store_bytes().is_empty(), "a failed undo creates no store");

    for day in 1..=22 {
        env.run(&["log", "6", "--at", &format!("2026-10-{day:02} 08:00")])
            .ok();
    }
    for n in (3..=22).rev() {
        assert_eq!(
            env.run(&["--json", "undo"]).json(),
            json!({ "undone": format!("log #{n}") })
        );
    }
    let before = snapshot(&env);
    let err = env.run(&["--json", "undo"]).fails(1).to_string();
    assert!(err.contains("nothing to undo") && err.contains("20"), "{err}");
    assert_untouched(&env, &before);
    assert_eq!(
        ids(&env.sessions()),
        [1, 2],
        "the oldest changes are out of reach"
    );
}

#[test]
fn ids_are_never_reused_even_after_an_undone_log_or_import() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--at", "2026-11-21 07:00"]).ok();
    env.run(&["log", "6", "--at", "2026-11-21 08:00"]).ok();
    env.run(&["undo"]).ok();
    assert_eq!(
        env.run(&["--json", "log", "7", "--at", "2026-11-21 09:00"])
            .json()["id"],
        3
    );

    let sheet = file(&env, "two.csv", "date,minutes\n2026-11-10,6\n2026-11-11,7\n");
    env.run(&["import", arg(&sheet)]).ok();
    assert_eq!(ids(&env.sessions()), [4, 5, 1, 3]);
    env.run(&["undo"]).ok();
    assert_eq!(ids(&env.sessions()), [1, 3]);
    assert_eq!(
        env.run(&["--json", "log", "5", "--at", "2026-11-21 10:00"])
            .json()["id"],
        6
    );
}

// -------------------------------------------------------------- export

#[test]
fn export_prints_json_like_list_by_default() {
    let env = seeded();
    let exported = env.run(&["export"]);
    assert_eq!(exported.ok(), env.run(&["--json", "list"]).ok());
    assert_eq!(env.run(&["--json", "export"]).ok(), exported.stdout);
    assert_eq!(env.run(&["export", "--format", "json"]).ok(), exported.stdout);
    let Value::Array(sessions) = exported.json() else {
        panic!("not an array: {}", exported.stdout)
    };
    assert_eq!(sessions.len(), HISTORY.len());
    for session in &sessions {
        let keys: Vec<&str> = session.as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = SESSION_KEYS.to_vec();
        expected.sort_unstable();
        assert_eq!(keys, expected, "{session}");
    }
    // The JSON text lists them in the contract's order.
    let first = exported.stdout.lines().nth(1).unwrap();
    let at: Vec<usize> = SESSION_KEYS
        .iter()
        .map(|k| {
            first
                .find(&format!("\"{k}\":"))
                .unwrap_or_else(|| panic!("{k}: {first}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{first}");

    let empty = TestEnv::new();
    assert_eq!(empty.run(&["export"]).json(), json!([]));
    assert!(empty.store_bytes().is_empty(), "export creates no store");
}

#[test]
fn export_chooses_the_format_by_flag_then_extension_then_json() {
    let env = seeded();
    let json_text = env.run(&["export"]).ok().to_string();
    let csv_text = env.run(&["export", "--format", "csv"]).ok().to_string();
    assert_eq!(env.run(&["export", "--csv"]).ok(), csv_text);
    assert!(
        csv_text.starts_with(&format!("{}\n", SESSION_KEYS.join(","))),
        "{csv_text}"
    );
    let rows = csv::Reader::from_reader(csv_text.as_bytes()).records().count();
    assert_eq!(rows, HISTORY.len());
    // --json and CSV on stdout cannot both be had.
    env.run(&["--json", "export", "--csv"]).fails(2);

    let cases = [
        ("a.csv", None, &csv_text),
        ("b.CSV", None, &csv_text),
        ("c.json", None, &json_text),
        ("d.txt", None, &json_text),
        ("e", None, &json_text),
        ("f.csv", Some("json"), &json_text),
        ("g.json", Some("csv"), &csv_text),
    ];
    for (name, format, expected) in cases {
        let file = path(&env, name);
        let mut args = vec!["export", "--output", arg(&file)];
        if let Some(format) = format {
            args.extend(["--format", format]);
        }
        let text = env.run(&args).ok().to_string();
        assert!(
            text.contains(&format!("Exported {} walks", HISTORY.len())),
            "{text}"
        );
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            **expected,
            "{name} {format:?}"
        );
        assert_eq!(mode(&file), 0o600, "{name} is private");
    }

    let file = path(&env, "h.csv");
    let out = env.run(&["--json", "export", "-o", arg(&file)]).json();
    assert_eq!(out, json!({ "exported": HISTORY.len(), "path": arg(&file) }));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), csv_text);
}

#[test]
fn export_output_refuses_an_existing_file_unless_forced_and_replaces_it_whole() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--at", "2026-11-20 07:30", "--steps", "300"])
        .ok();
    let out = file(&env, "walks.csv", "my own spreadsheet\n");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    // Another name for the same file: an in-place rewrite would show
    // through it, an atomic replacement does not.
    let other_name = path(&env, "hard-link.csv");
    std::fs::hard_link(&out, &other_name).unwrap();
    let before = snapshot(&env);

    for args in [
        &["export", "--output", arg(&out)][..],
        &["export", "--output", arg(&out), "--format", "json"],
        &["--json", "export", "-o", arg(&out)],
    ] {
        let err = env.run(args).fails(1).to_string();
        assert!(
            err.contains("walks.csv") && err.contains("--force"),
            "{args:?}: {err}"
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "my own spreadsheet\n");
    }
    // A link in the way is refused too, and left a link.
    let link = path(&env, "link.csv");
    std::os::unix::fs::symlink(&out, &link).unwrap();
    env.run(&["export", "--output", arg(&link)]).fails(1);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    // --force needs --output.
    env.run(&["export", "--force"]).fails(2);
    assert_untouched(&env, &before);

    let names = names_in(env.dir.path());
    let text = env
        .run(&["export", "--output", arg(&out), "--force"])
        .ok()
        .to_string();
    assert!(text.contains("Exported 1 walk "), "{text}");
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written, env.run(&["export", "--csv"]).ok(), "by its extension");
    assert_eq!(mode(&out), 0o600, "private, whatever the old file's mode");
    assert_eq!(
        std::fs::read_to_string(&other_name).unwrap(),
        "my own spreadsheet\n",
        "the old file was replaced, not written over in place"
    );
    assert_eq!(names_in(env.dir.path()), names, "no temporary is left");
    assert_untouched(&env, &before);
}

#[test]
fn export_never_writes_over_the_store_or_the_files_beside_it() {
    let env = TestEnv::new();
    // Two writes, so that every neighbour exists.
    env.run(&["log", "6", "--at", "2026-11-20 10:00"]).ok();
    env.run(&["log", "5", "--at", "2026-11-21 10:00"]).ok();
    assert!(path(&env, "sessions.json.bak").exists());
    let link = path(&env, "store-link.json");
    std::os::unix::fs::symlink(env.store(), &link).unwrap();
    let before = snapshot(&env);
    let dir = env.dir.path();
    let roundabout = dir.join("sub/../sessions.json");
    std::fs::create_dir(dir.join("sub")).unwrap();
    let names = names_in(dir);

    for target in [
        env.store(),
        path(&env, "sessions.json.bak"),
        path(&env, "sessions.json.lock"),
        path(&env, "sessions.json.idx"),
        path(&env, "sessions.json.key"),
        path(&env, ".sessions.json.x1y2z3.tmp"),
        roundabout,
        link.clone(),
    ] {
        for force in [false, true] {
            let mut args = vec!["export", "--output", arg(&target)];
            if force {
                args.push("--force");
            }
            let err = env.run(&args).fails(2).to_string();
            assert!(err.contains("store"), "{args:?}: {err}");
            let mut args = vec!["calendar", "--svg", arg(&target)];
            if force {
                args.push("--force");
            }
            env.run(&args).fails(2);
            assert_untouched(&env, &before);
        }
    }
    // Through a relative path from the store's own folder, too.
    let mut command = env.command();
    let output = command
        .current_dir(dir)
        .args(["export", "--force", "-o", "sessions.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_untouched(&env, &before);
    assert_eq!(names_in(dir), names, "nothing was created beside the store");
}

#[test]
fn export_to_an_impossible_place_fails_cleanly() {
    let env = seeded();
    let before = snapshot(&env);
    let file = path(&env, "no/such/folder/out.json");
    let err = env.run(&["export", "--output", arg(&file)]).fails(1).to_string();
    assert!(err.contains("out.json"), "{err}");
    let folder = path(&env, "a-folder.json");
    std::fs::create_dir(&folder).unwrap();
    env.run(&["export", "--output", arg(&folder), "--force"]).fails(1);
    assert!(folder.is_dir());
    env.run(&["export", "--format", "xml"]).fails(2);
    assert_untouched(&env, &before);
}

/// The cells of column `name` in a CSV text.
fn column(csv_text: &str, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no {name} column: {csv_text}"));
    reader.records().map(|r| r.unwrap()[at].to_string()).collect()
}

#[test]
fn every_csv_the_tool_writes_neutralises_formula_cells() {
    let env = seeded();
    let expected = [
        "'@home",
        "''＋x",
        "'＋5 and －3",
        "'＠home",
        "' -1 under",
        "'  ＝HYPERLINK(\"x\") 日本語 🚶",
        "'=SUM(A1:A9)",
        "'+1 felt easy",
        "'-3 °C, \"windy\", sore",
        "''=already quoted",
        "  padded, ümlaut — ok  ",
        "",
    ];
    let export = env.run(&["export", "--csv"]).ok().to_string();
    assert_eq!(column(&export, "note"), expected);
    let list = env.run(&["list", "--csv"]).ok().to_string();
    assert_eq!(column(&list, "note"), expected);
    assert_eq!(list, export, "list --csv is the export's CSV");

    // No cell of any CSV starts (after spaces) with what a spreadsheet runs.
    let report = env
        .run(&["report", "--csv", "--from", "2026-07-01", "--by", "month"])
        .ok()
        .to_string();
    assert_eq!(column(&report, "sessions").len(), 5, "{report}");
    for text in [&export, &list, &report] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        for row in reader.records() {
            let row = row.unwrap();
            for cell in &row {
                let cell = cell.trim_start_matches(' ');
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']),
                    "{row:?}"
                );
            }
        }
    }
}

// -------------------------------------------------------------- import

/// `import --json`'s `added`, `skipped` and `unusual`.
#[track_caller]
fn counts(out: &Value) -> (u64, u64, u64) {
    let count = |key: &str| {
        out[key]
            .as_u64()
            .unwrap_or_else(|| panic!("no {key} count: {out}"))
    };
    (count("added"), count("skipped"), count("unusual"))
}

/// Exports `env` in `format`, imports that into a new store, and checks
/// that every field of every session but the id came back, and how many
/// were unusual.
fn assert_round_trip(env: &TestEnv, name: &str, format: Option<&str>) {
    let file = path(env, name);
    let mut args = vec!["export", "--output", arg(&file), "--force"];
    if let Some(format) = format {
        args.extend(["--format", format]);
    }
    env.run(&args).ok();
    let copy = TestEnv::new();
    let mut args = vec!["--json", "import", arg(&file)];
    if let Some(format) = format {
        args.extend(["--format", format]);
    }
    let expected = env.sessions();
    let unusual = expected
        .iter()
        .filter(|s| {
            let minutes = s["minutes"].as_f64().unwrap();
            minutes > 30.0 || s["steps"].as_f64().is_some_and(|steps| steps / minutes > 200.0)
        })
        .count();
    let run = copy.run(&args);
    assert_eq!(
        counts(&run.json()),
        (expected.len() as u64, 0, unusual as u64),
        "{name}"
    );
    assert_eq!(
        run.stderr.contains("unusual"),
        unusual > 0,
        "{name}: {}",
        run.stderr
    );
    assert_eq!(without_ids(copy.sessions()), without_ids(expected), "{name}");
}

#[test]
fn its_own_json_export_comes_back_exactly() {
    let env = seeded();
    assert_round_trip(&env, "all.json", None);
    assert_round_trip(&env, "all.data", Some("json"));
    assert_round_trip(&env, "all.csv", Some("json"));
}

#[test]
fn its_own_csv_export_comes_back_exactly() {
    let env = seeded();
    assert_round_trip(&env, "all.csv", None);
    assert_round_trip(&env, "all.txt", Some("csv"));
    assert_round_trip(&env, "all.json", Some("csv"));
}

#[test]
fn a_store_file_imports_like_an_export() {
    let env = seeded();
    let copy = TestEnv::new();
    let out = copy.run(&["--json", "import", arg(&env.store())]).json();
    assert_eq!(out["added"], HISTORY.len());
    assert_eq!(out["unusual"], UNUSUAL);
    assert_eq!(without_ids(copy.sessions()), without_ids(env.sessions()));
}

#[test]
fn a_corrupt_store_is_neither_exported_nor_imported_into() {
    let env = TestEnv::new();
    std::fs::write(env.store(), b"{\"format\": \"backwalk\", oops").unwrap();
    let before = snapshot(&env);
    let out = path(&env, "out.json");
    env.run(&["export", "--output", arg(&out)]).fails(1);
    assert!(!out.exists(), "no export file from a corrupt store");
    env.run(&["export"]).fails(1);
    let sheet = file(&env, "sheet.csv", "date,minutes\n2026-11-10,6\n");
    env.run(&["import", arg(&sheet)]).fails(1);
    env.run(&["import", "--dry-run", arg(&sheet)]).fails(1);
    env.run(&["edit", "1", "--steps", "5"]).fails(1);
    env.run(&["rm", "1"]).fails(1);
    env.run(&["undo"]).fails(1);
    assert_untouched(&env, &before);
}

#[test]
fn empty_notes_are_no_notes_so_both_formats_agree() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--at", "2026-11-20 07:30", "--note", ""])
        .ok();
    assert_eq!(env.sessions()[0]["note"], Value::Null);
    env.run(&["edit", "1", "--note", "kept"]).ok();
    assert_eq!(env.sessions()[0]["note"], "kept");
    env.run(&["edit", "1", "--note", ""]).ok();
    assert_eq!(env.sessions()[0]["note"], Value::Null, "--note '' clears");
    env.run(&["log", "6", "--at", "2026-11-21 07:30", "--note", " "])
        .ok();
    assert_round_trip(&env, "notes.csv", None);
    assert_round_trip(&env, "notes.json", None);
}

#[test]
fn importing_the_same_file_twice_adds_nothing_the_second_time() {
    let env = seeded();
    let count = HISTORY.len();
    for name in ["twice.json", "twice.csv"] {
        let file = path(&env, name);
        env.run(&["export", "--output", arg(&file)]).ok();
        let copy = TestEnv::new();
        let first = copy.run(&["--json", "import", arg(&file)]).json();
        assert_eq!(
            (&first["added"], &first["skipped"]),
            (&json!(count), &json!(0)),
            "{name}"
        );
        let sessions = copy.sessions();
        let store = copy.store_bytes();
        let second = copy.run(&["--json", "import", arg(&file)]).json();
        assert_eq!(counts(&second), (0, count as u64, 0), "{name}");
        assert_eq!(copy.sessions(), sessions, "{name}");
        let text = copy.run(&["import", arg(&file)]).ok().to_string();
        assert!(
            text.contains("Added 0 walks") && text.contains(&format!("skipped {count}")),
            "{text}"
        );
        assert_eq!(copy.store_bytes(), store, "{name}: nothing to write");

        // Into the store it came from: everything is already there.
        let back = env.run(&["--json", "import", arg(&file)]).json();
        assert_eq!(
            (&back["added"], &back["skipped"]),
            (&json!(0), &json!(count)),
            "{name}"
        );
    }
}

#[test]
fn identical_records_are_skipped_and_overlapping_ones_refuse_the_import() {
    let env = TestEnv::new();
    env.run(&[
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
    // The same walk twice in a file, and the stored walk again: duplicates.
    let sheet = file(
        &env,
        "twins.csv",
        "date,minutes,steps,surface\n\
         2026-11-16 07:30,8,320,grass\n\
         2026-11-10 07:00,5,,\n\
         2026-11-10 07:00,5,,\n",
    );
    let out = env.run(&["--json", "import", arg(&sheet)]).json();
    assert_eq!((&out["added"], &out["skipped"]), (&json!(1), &json!(2)));
    assert_eq!(env.sessions().len(), 2);
    let before = snapshot(&env);

    // A record over a stored walk (not the same walk: other steps).
    let sheet = file(
        &env,
        "over.csv",
        "date,minutes,steps\n\
         2026-11-12 07:00,5,\n\
         2026-11-16 07:35,5,100\n",
    );
    let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
    assert!(
        err.contains("2026-11-16 07:35") && err.contains("#1") && err.contains("nothing was imported"),
        "{err}"
    );
    assert!(!err.contains("2026-11-12"), "only the overlap is named: {err}");
    env.run(&["import", "--dry-run", arg(&sheet)]).fails(2);
    assert_untouched(&env, &before);

    // Two records of the file over each other, in JSON.
    let sheet = file(
        &env,
        "each-other.json",
        r#"[{"start": "2026-11-12T07:00:00+01:00", "minutes": 10},
            {"start": "2026-11-12T07:09:59+01:00", "minutes": 5}]"#,
    );
    let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
    assert!(
        err.contains("2026-11-12 07:09") && err.contains("2026-11-12 07:00"),
        "{err}"
    );
    assert_untouched(&env, &before);

    // A walk that starts when another ends does not overlap it.
    let sheet = file(
        &env,
        "touching.csv",
        "start,duration_seconds\n\
         2026-11-16T07:38:00+01:00,60\n\
         2026-11-16T07:25:00+01:00,300\n",
    );
    assert_eq!(env.run(&["--json", "import", arg(&sheet)]).json()["added"], 2);

    // Nor can an import overlap the running timer.
    let mut env = TestEnv::new();
    env.at("2026-11-21T18:00:00+01:00");
    env.run(&["start"]).ok();
    env.at("2026-11-21T18:30:00+01:00");
    let before = snapshot(&env);
    let sheet = file(&env, "timer.csv", "date,minutes\n2026-11-21 18:10,5\n");
    env.run(&["import", arg(&sheet)]).fails(2);
    assert_untouched(&env, &before);
}

#[test]
fn unusual_records_are_imported_and_counted_on_stderr() {
    let env = TestEnv::new();
    let sheet = file(
        &env,
        "big.csv",
        "date,minutes,steps\n\
         2026-11-10 07:00,45,\n\
         2026-11-11 07:00,1,300\n\
         2026-11-12 07:00,30,6000\n",
    );
    let run = env.run(&["--json", "import", "--dry-run", arg(&sheet)]);
    assert_eq!(counts(&run.json()), (3, 0, 2));
    assert!(run.stderr.contains("unusual"), "{}", run.stderr);
    assert!(env.store_bytes().is_empty());
    let run = env.run(&["--json", "import", arg(&sheet)]);
    assert_eq!(counts(&run.json()), (3, 0, 2));
    assert!(
        run.stderr.contains("2 imported walks are unusual") && !run.stderr.contains("error"),
        "{}",
        run.stderr
    );
    assert_eq!(env.sessions().len(), 3);
    // The limit follows the minutes range in force on the walk's day: a
    // range of 10-20 set today makes it 60 minutes from today on only.
    let env = TestEnv::new();
    env.run(&["goals", "--minutes", "10-20"]).ok();
    let sheet = file(
        &env,
        "long.csv",
        "date,minutes
2026-11-20 07:00,45
2026-11-21 07:00,45
",
    );
    let run = env.run(&["import", arg(&sheet)]);
    assert!(run.ok().contains("Added 2 walks"), "{}", run.stdout);
    assert!(
        run.stderr.contains("1 imported walk is unusual"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let env = TestEnv::new();
    let sheet = file(&env, "sheet.csv", "date,minutes\n2026-11-10,6\n2026-11-11,7\n");
    let out = env.run(&["--json", "import", arg(&sheet), "--dry-run"]).json();
    assert_eq!(counts(&out), (2, 0, 0));
    assert!(env.store_bytes().is_empty(), "a dry run creates no store");
    assert!(names_in(env.dir.path()).len() == 1, "only the sheet is there");

    env.run(&["log", "5", "--at", "2026-11-11 08:00"]).ok();
    env.run(&["import", arg(&sheet)]).ok();
    let before = snapshot(&env);
    let out = env.run(&["--json", "import", arg(&sheet), "--dry-run"]).json();
    assert_eq!((&out["added"], &out["skipped"]), (&json!(0), &json!(2)));
    let more = file(&env, "more.csv", "date,minutes\n2026-11-10,6\n2026-11-12,7\n");
    let text = env.run(&["import", "--dry-run", arg(&more)]).ok().to_string();
    assert!(
        text.contains("Would add 1 walk") && text.contains("dry run"),
        "{text}"
    );
    assert_untouched(&env, &before);
    assert_eq!(
        env.run(&["--json", "undo"]).json()["undone"]
            .as_str()
            .unwrap()
            .split(' ')
            .next(),
        Some("import"),
        "a dry run is not a change to undo"
    );
}

#[test]
fn a_spreadsheet_csv_is_accepted_in_any_column_order() {
    let env = TestEnv::new();
    let sheet = file(
        &env,
        "sheet.csv",
        "Note,Pain,Steps,Minutes,Date,Surface,incline_percent\n\
         first try,3,250,5,2026-11-10,Grass,\n\
         ,,,7:30,2026-11-11 07:15,,1.5\n\
         \"comma, inside\",0,300,6.5,2026-11-12,TRACK,\n",
    );
    assert_eq!(env.run(&["--json", "import", arg(&sheet)]).json()["added"], 3);
    let sessions = without_ids(env.sessions());
    assert_eq!(
        sessions,
        [
            json!({"start": "2026-11-10T12:00:00+01:00", "end": "2026-11-10T12:05:00+01:00", "duration_seconds": 300,
                   "minutes": 5.0, "steps": 250, "surface": "grass", "incline_percent": null, "pain": 3, "note": "first try"}),
            json!({"start": "2026-11-11T07:15:00+01:00", "end": "2026-11-11T07:22:30+01:00", "duration_seconds": 450,
                   "minutes": 7.5, "steps": null, "surface": "other", "incline_percent": 1.5, "pain": null, "note": null}),
            json!({"start": "2026-11-12T12:00:00+01:00", "end": "2026-11-12T12:06:30+01:00", "duration_seconds": 390,
                   "minutes": 6.5, "steps": 300, "surface": "track", "incline_percent": null, "pain": 0, "note": "comma, inside"}),
        ]
    );

    // start and duration_seconds instead, fewer columns, a BOM, CRLF ends.
    let env = TestEnv::new();
    let sheet = file(
        &env,
        "other.csv",
        "\u{feff}duration_seconds,start\r\n480,2026-11-20T07:30:00+01:00\r\n90,2026-06-01T07:30:00+02:00\r\n",
    );
    assert_eq!(env.run(&["--json", "import", arg(&sheet)]).json()["added"], 2);
    let sessions = env.sessions();
    assert_eq!(sessions[0]["start"], "2026-06-01T07:30:00+02:00");
    assert_eq!(sessions[0]["duration_seconds"], 90);
    assert_eq!(sessions[1]["duration_seconds"], 480);

    // Without a date or start column, or without a minutes or
    // duration_seconds column, the header is refused and says what it needs.
    for header in ["minutes,steps", "date,steps,note", "when,how long"] {
        let before = snapshot(&env);
        let sheet = file(&env, "headless.csv", format!("{header}\n2026-11-10,6\n"));
        let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
        assert!(
            err.contains("date") && err.contains("minutes") && err.contains("duration_seconds"),
            "{header}: {err}"
        );
        assert_untouched(&env, &before);
    }
}

#[test]
fn semicolon_and_tab_separated_sheets_are_read_from_their_header() {
    // A German-locale spreadsheet: `;` between cells, a comma as the
    // decimal point, Windows line ends, a byte-order mark.
    let env = TestEnv::new();
    let sheet = file(
        &env,
        "tabelle.csv",
        "\u{feff}date;minutes;steps;note\r\n\
         2026-11-10;7,5;300;gut, danke\r\n\
         2026-11-11;6;;\"a; b\"\r\n",
    );
    assert_eq!(env.run(&["--json", "import", arg(&sheet)]).json()["added"], 2);
    let sessions = env.sessions();
    assert_eq!(sessions[0]["duration_seconds"], 450);
    assert_eq!(sessions[0]["steps"], 300);
    assert_eq!(sessions[0]["note"], "gut, danke");
    assert_eq!(sessions[1]["note"], "a; b");

    let env = TestEnv::new();
    let sheet = file(
        &env,
        "sheet.tsv",
        "start\tduration_seconds\tsurface\tnote\n\
         2026-11-10 07:00\t300\tsand\tx, y; z\n\
         2026-11-11 07:00\t360\tgrass\t\n",
    );
    let out = env.run(&["--json", "import", arg(&sheet)]).json();
    assert_eq!(out["added"], 2);
    let sessions = env.sessions();
    assert_eq!(sessions[0]["surface"], "sand");
    assert_eq!(sessions[0]["note"], "x, y; z");
    assert_eq!(sessions[1]["duration_seconds"], 360);

    // Errors name the right line in such files too.
    let before = snapshot(&env);
    let sheet = file(
        &env,
        "bad.tsv",
        "date\tminutes\r\n2026-11-12\t6\r\n\r\n2026-11-13\tsix\r\n",
    );
    let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
    assert!(err.contains("line 4: minutes"), "{err}");
    assert_untouched(&env, &before);
}

#[test]
fn a_byte_order_mark_is_accepted_in_json() {
    let env = TestEnv::new();
    let sheet = file(
        &env,
        "bom.json",
        "\u{feff}[{\"start\": \"2026-11-12T08:00:00+01:00\", \"duration_seconds\": 300, \"pain\": 1}]",
    );
    assert_eq!(env.run(&["--json", "import", arg(&sheet)]).json()["added"], 1);
    // And when the format is guessed from the content.
    let sheet = file(
        &env,
        "bom.data",
        "\u{feff}\n[{\"start\": \"2026-11-13T08:00:00+01:00\", \"minutes\": 6}]",
    );
    assert_eq!(env.run(&["--json", "import", arg(&sheet)]).json()["added"], 1);
    let sessions = env.sessions();
    assert_eq!(sessions[0]["pain"], 1);
    assert_eq!(sessions[1]["duration_seconds"], 360);
}

#[test]
fn import_reads_standard_input() {
    let env = TestEnv::new();
    let out = env.run_with_stdin(&["--json", "import", "-"], "date,minutes\n2026-11-10,6\n");
    assert_eq!(out.json()["added"], 1);
    let out = env.run_with_stdin(
        &["--json", "import", "-"],
        r#"[{"start": "2026-11-12T08:00:00+01:00", "duration_seconds": 300, "surface": "sand"}]"#,
    );
    assert_eq!(out.json()["added"], 1);
    assert_eq!(env.sessions()[1]["surface"], "sand");
    let out = env.run_with_stdin(
        &["--json", "import", "-", "--format", "csv"],
        "start,minutes\n2026-11-13,6\n",
    );
    assert_eq!(out.json()["added"], 1);
    // A pipe given by its name (as `<(...)` gives one) is read to its end.
    let out = env.run_with_stdin(
        &["--json", "import", "/dev/stdin"],
        "date,minutes\n2026-11-14,7\n",
    );
    assert_eq!(out.json()["added"], 1);
}

#[test]
fn a_device_is_never_imported_from() {
    let env = TestEnv::new();
    env.run(&["log", "5", "--at", "2026-11-20 07:00"]).ok();
    let before = env.store_bytes();
    let output = env
        .command()
        .args(["import", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("/dev/zero: it is a device"), "{stderr}");
    assert_eq!(env.store_bytes(), before);
}

#[test]
fn every_bad_csv_row_is_named_with_every_fault_and_nothing_is_imported() {
    let env = seeded();
    let before = snapshot(&env);
    let sheet = file(
        &env,
        "bad.csv",
        "date,minutes,steps,surface,pain,note\n\
         2026-11-01,6,250,grass,,fine\n\
         2026-02-30,6,,,,\n\
         2026-11-02,abc,,,,\n\
         2026-11-03,6,-4,,,\n\
         2026-11-04,6,,moon,,\n\
         2026-11-05,6,,,,fine\n\
         2026-11-22,6,,,,\n\
         2026-11-06,,,,,\n\
         2026-11-07,0,,,,\n\
         2026-11-08,6,,,11,\n\
         someday,-1,many,moon,x,\n",
    );
    let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
    // Each bad cell is named by its column, as the header calls it.
    for (line, field) in [
        (3, "date"),
        (4, "minutes"),
        (5, "steps"),
        (6, "surface"),
        (8, "date"),
        (9, "minutes"),
        (10, "minutes"),
        (11, "pain"),
    ] {
        assert!(
            err.contains(&format!("line {line}: {field}")),
            "line {line} {field}: {err}"
        );
    }
    // Every fault of a row with many.
    let row = err
        .lines()
        .find(|l| l.trim_start().starts_with("line 12:"))
        .unwrap_or_else(|| panic!("line 12: {err}"));
    for field in ["date:", "minutes:", "steps:", "surface:", "pain:"] {
        assert!(row.contains(field), "{field} in {row}");
    }
    assert!(!err.contains("line 2:") && !err.contains("line 7:"), "{err}");
    assert!(
        err.contains("9 bad records") && err.contains("nothing was imported"),
        "{err}"
    );
    assert!(
        err.contains("did you mean") || err.contains("treadmill"),
        "surfaces are listed: {err}"
    );
    assert_untouched(&env, &before);

    // Dry run too.
    env.run(&["import", "--dry-run", arg(&sheet)]).fails(2);
    // A row with the wrong number of cells.
    std::fs::write(
        &sheet,
        "date,minutes\n2026-11-10,6\n2026-11-11,6,extra\n2026-11-12\n",
    )
    .unwrap();
    let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
    assert!(
        err.contains("line 3: has 3 cells where the header has 2") && err.contains("line 4: has 1 cell "),
        "{err}"
    );
    assert_untouched(&env, &before);
    // Text that is not UTF-8 in one row.
    std::fs::write(
        &sheet,
        b"date,minutes,note\n2026-11-10,6,ok\n2026-11-11,6,caf\xe9\n",
    )
    .unwrap();
    let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
    assert!(err.contains("line 3: cell 3 is not UTF-8"), "{err}");
    assert_untouched(&env, &before);
}

/// The line numbers an import error names, in order.
fn named_lines(err: &str) -> Vec<usize> {
    err.lines()
        .filter_map(|l| l.trim_start().strip_prefix("line "))
        .map(|rest| rest[..rest.find(':').unwrap()].parse().unwrap())
        .collect()
}

#[test]
fn csv_errors_name_the_physical_line_whatever_the_line_ends() {
    let env = TestEnv::new();
    let before = snapshot(&env);
    // Rows as lines of text: blank lines, a quoted cell over three lines
    // (in a column the import ignores), a bad note over two lines.
    let lines = [
        "date,comment,minutes,note", // 1
        "2026-11-01,\"first",        // 2
        "second",                    // 3
        "third\",5,",                // 4
        "",                          // 5
        "2026-11-02,,abc,",          // 6
        "",                          // 7
        "",                          // 8
        "2026-11-03,\"x\",0,",       // 9
        "2026-11-04,,5,\"two",       // 10
        "lines\"",                   // 11
        "2026-11-05,,5,",            // 12
        "2026-11-31,,5,",            // 13
    ];
    // LF, CRLF, and the lone CR of old Mac spreadsheets.
    for end in ["\n", "\r\n", "\r"] {
        let text = lines.join(end) + end;
        let sheet = file(&env, "lines.csv", &text);
        let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
        assert_eq!(named_lines(&err), [6, 9, 10, 13], "{end:?}: {err}");
        assert!(err.contains("line 10: note"), "{err}");
        // Without the final line end.
        let sheet = file(&env, "lines.csv", lines.join(end));
        let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
        assert_eq!(named_lines(&err), [6, 9, 10, 13], "{end:?}: {err}");
    }
    // Excel and Python's csv module end every row with CRLF but keep a
    // bare LF inside quoted cells.
    let mixed = "date,comment,minutes\r\n2026-11-01,\"a\nb\nc\",5\r\n\r\n2026-11-02,,x\r\n";
    let sheet = file(&env, "mixed.csv", mixed);
    let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
    assert_eq!(named_lines(&err), [6], "{err}");
    // Blank lines before the header count too.
    let sheet = file(&env, "late.csv", "\n\r\ndate,minutes\n2026-11-01,x\n");
    let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
    assert_eq!(named_lines(&err), [4], "{err}");
    assert_untouched(&env, &before);
    assert!(env.store_bytes().is_empty());
}

#[test]
fn every_bad_json_record_is_named_with_its_line_and_nothing_is_imported() {
    let env = seeded();
    let before = snapshot(&env);
    let records = "[\n\
         {\"start\": \"2026-11-01T08:00:00+01:00\", \"duration_seconds\": 300},\n\
         {\"start\": \"2026-11-01T09:00:00+01:00\", \"duration_seconds\": 0},\n\
         {\"start\": \"2026-11-01T10:00:00+01:00\",\n  \"duration_seconds\": 300, \"steps\": 100001},\n\
         {\"duration_seconds\": 300},\n\
         {\"start\": \"2026-11-01T11:00:00+01:00\", \"minutes\": 5, \"surface\": \"moon\"},\n\
         {\"start\": \"2026-11-01T12:00:00+01:00\", \"minutes\": 5, \"incline_percent\": 50},\n\
         {\"start\": \"2026-11-01T13:00:00+01:00\", \"minutes\": 5, \"note\": \"a\\nb\"},\n\
         {\"start\": \"2099-11-10T13:00:00+01:00\", \"minutes\": 5},\n\
         {\"start\": \"2026-11-02T13:00:00+01:00\", \"minutes\": 5, \"pain\": 11},\n\
         \n\
         {\"start\": \"soon\", \"minutes\": -5, \"pain\": \"x\"}\n\
         ]\n";
    let expected = [
        (2, 3, &["duration_seconds"][..]),
        (3, 4, &["steps"]),
        (4, 6, &["start"]),
        (5, 7, &["surface"]),
        (6, 8, &["incline_percent"]),
        (7, 9, &["note"]),
        (8, 10, &["start"]),
        (9, 11, &["pain"]),
        (10, 13, &["start", "minutes", "pain"]),
    ];
    for (name, text) in [
        ("bad.json", records.to_string()),
        ("crlf.json", records.replace('\n', "\r\n")),
    ] {
        let sheet = file(&env, name, &text);
        let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
        for (record, line, fields) in expected {
            let named = format!("record {record} (line {line})");
            let at = err
                .find(&named)
                .unwrap_or_else(|| panic!("{name}: {named}: {err}"));
            let rest = &err[at..];
            let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
            for field in fields {
                assert!(rest.contains(field), "{named} names {field}: {rest}");
            }
        }
        assert!(!err.contains("record 1 "), "{err}");
        assert!(err.contains("9 bad records"), "{err}");
        assert_untouched(&env, &before);
    }
}

#[test]
fn at_most_twenty_bad_records_are_listed_then_counted() {
    let env = TestEnv::new();
    let mut text = String::from("date,minutes\n");
    for day in 1..=25 {
        let _ = writeln!(text, "2026-10-{day:02},x");
    }
    let sheet = file(&env, "many.csv", &text);
    let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
    assert_eq!(named_lines(&err), (2..=21).collect::<Vec<_>>(), "{err}");
    assert!(err.contains("25 bad records"), "{err}");
    assert!(err.trim_end().ends_with("and 5 more"), "{err}");

    // Exactly twenty: no count.
    let sheet = file(
        &env,
        "twenty.csv",
        text.lines().take(21).collect::<Vec<_>>().join("\n"),
    );
    let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
    assert_eq!(named_lines(&err).len(), 20, "{err}");
    assert!(!err.contains("more"), "{err}");

    // JSON too.
    let records: Vec<String> = (1..=22)
        .map(|day| format!("{{\"start\": \"2026-10-{day:02}\", \"minutes\": 0}}"))
        .collect();
    let sheet = file(&env, "many.json", format!("[\n{}\n]", records.join(",\n")));
    let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
    assert!(err.contains("record 20 (line 21)"), "{err}");
    assert!(!err.contains("record 21 "), "{err}");
    assert!(err.trim_end().ends_with("and 2 more"), "{err}");
    assert!(env.store_bytes().is_empty());
}

#[test]
fn missing_unreadable_and_unrecognisable_files_are_refused() {
    let env = seeded();
    let before = snapshot(&env);

    let missing = path(&env, "nope.csv");
    let err = env.run(&["import", arg(&missing)]).fails(1).to_string();
    assert!(err.contains("nope.csv"), "{err}");
    env.run(&["import", "--dry-run", arg(&missing)]).fails(1);
    let folder = path(&env, "folder.json");
    std::fs::create_dir(&folder).unwrap();
    let err = env.run(&["import", arg(&folder)]).fails(1).to_string();
    assert!(err.contains("folder.json"), "{err}");
    assert_untouched(&env, &before);

    let cases: [(&str, &[u8]); 8] = [
        ("notes.txt", b"went for a walk, felt good\n"),
        ("empty.csv", b""),
        ("blank.txt", b"\n\n"),
        ("bom-only.csv", b"\xef\xbb\xbf"),
        ("binary.dat", &[0, 159, 146, 150, 255, 1, 2]),
        ("broken.json", b"[{\"start\": "),
        ("object.json", b"{\"hello\": 1}"),
        ("scalar.json", b"42"),
    ];
    for (name, bytes) in cases {
        let sheet = file(&env, name, bytes);
        let err = env.run(&["import", arg(&sheet)]).fails(2).to_string();
        assert!(err.contains(name), "{name}: {err}");
        assert!(err.contains("nothing was imported"), "{name}: {err}");
        assert_untouched(&env, &before);
    }
    // The flag wins over the extension.
    let sheet = file(&env, "looks.json", "date,minutes\n2026-11-01,6\n");
    env.run(&["import", arg(&sheet)]).fails(2);
    env.run(&["import", "--format", "xml", arg(&sheet)]).fails(2);
    assert_untouched(&env, &before);
    env.run(&["import", "--format", "csv", arg(&sheet)]).ok();
}

#[test]
fn an_undone_import_takes_every_imported_session_back() {
    let env = seeded();
    let before = env.sessions();
    let sheet = file(
        &env,
        "sheet.csv",
        "date,minutes\n2026-11-01,6\n2026-11-02,7\n2026-11-03,8\n",
    );
    env.run(&["import", arg(&sheet)]).ok();
    assert_eq!(env.sessions().len(), before.len() + 3);
    let what = env.run(&["--json", "undo"]).json()["undone"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(what.contains("import") && what.contains('3'), "{what}");
    assert_eq!(env.sessions(), before);
}

// ---------------------------------------------------- completions, man

#[test]
fn completions_and_man_never_open_the_store() {
    let mut env = TestEnv::new();
    std::fs::write(env.store(), b"{ this is not a store").unwrap();
    let before = snapshot(&env);
    env.run(&["list"]).fails(1);
    env.at("not a time");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        for json in [false, true] {
            let mut args = vec!["completions", shell];
            if json {
                args.insert(0, "--json");
            }
            let text = env.run(&args).ok().to_string();
            // The script asks backwalk itself at each Tab.
            assert!(
                text.contains("backwalk") && text.contains("BACKWALK_COMPLETE"),
                "{shell}"
            );
            assert!(
                serde_json::from_str::<Value>(&text).is_err(),
                "{shell}: text, not JSON"
            );
        }
    }
    env.run(&["completions", "tcsh"]).fails(2);
    // And what it answers, commands and flags, needs no store either.
    let answer = env
        .std_command()
        .env("BACKWALK_COMPLETE", "fish")
        .args(["--", "backwalk", "edit", "1", "--clear-s"])
        .output()
        .unwrap();
    let answer = String::from_utf8(answer.stdout).unwrap();
    assert!(answer.contains("--clear-steps"), "flags are completed: {answer}");
    for args in [&["man"][..], &["--json", "man"]] {
        let man = env.run(args).ok().to_string();
        assert!(man.contains(".TH BACKWALK 1"), "{man}");
        assert!(
            man.contains(".SH NAME") && man.contains(".SH SYNOPSIS"),
            "roff sections"
        );
        assert!(man.contains("BACKWALK_STORE"), "the environment is documented");
    }
    assert_untouched(&env, &before);
    assert!(!path(&env, "sessions.json.lock").exists(), "not even locked");
}

#[test]
fn an_overlapping_record_is_named_by_its_place_in_the_file() {
    let env = TestEnv::new();
    env.run(&["log", "7", "--at", "2026-11-20 08:00"]).ok();
    let before = snapshot(&env);
    let json = file(
        &env,
        "over.json",
        "[\n\
         {\"start\": \"2026-11-19T08:00:00+01:00\", \"duration_seconds\": 300},\n\
         {\"start\": \"2026-11-20T08:03:00+01:00\", \"duration_seconds\": 300},\n\
         {\"start\": \"2026-11-18T08:00:00+01:00\", \"duration_seconds\": 600},\n\
         {\"start\": \"2026-11-18T08:05:00+01:00\", \"duration_seconds\": 300}\n\
         ]\n",
    );
    let err = env.run(&["import", arg(&json)]).fails(2).to_string();
    let named: Vec<&str> = err.lines().skip(1).collect();
    assert_eq!(
        named,
        [
            "  record 2 (line 3): the walk of 2026-11-20 08:03 (5m): this walk overlaps #1 \
             (7m from Fri 20 Nov 08:00 to 08:07)",
            "  record 4 (line 5): the walk of 2026-11-18 08:05 (5m) overlaps record 3 (line 4), \
             the walk of 2026-11-18 08:00",
        ],
        "{err}"
    );
    // In CSV the physical line, blank lines counted.
    let csv = file(
        &env,
        "over.csv",
        "date,minutes\n2026-11-19 08:00,5\n\n2026-11-20 08:03,5\n",
    );
    let err = env.run(&["import", arg(&csv)]).fails(2).to_string();
    assert!(
        err.ends_with(
            "\n  line 4: the walk of 2026-11-20 08:03 (5m): this walk overlaps #1 \
             (7m from Fri 20 Nov 08:00 to 08:07)\n"
        ),
        "{err}"
    );
    assert_untouched(&env, &before);
}

// ------------------------------------------- moving to another machine

/// A history with its goals changed along the way: a physio's range of
/// 4-6 minutes from 10 Nov, a weight from 12 Nov, three walk days a week
/// from 16 Nov; next mornings said for 12 Nov (6: it holds the plan),
/// 14 Nov and 20 Nov; and a walk removed.
fn with_goals() -> TestEnv {
    let mut env = seeded();
    env.at("2026-11-10T20:00:00+01:00");
    env.run(&["goals", "--minutes", "4-6"]).ok();
    env.at("2026-11-12T20:00:00+01:00");
    env.run(&["goals", "--weight", "80"]).ok();
    env.at("2026-11-13T07:00:00+01:00");
    env.run(&["morning", "6"]).ok();
    env.at("2026-11-15T07:00:00+01:00");
    env.run(&["morning", "2", "--date", "2026-11-14"]).ok();
    env.at("2026-11-16T20:00:00+01:00");
    env.run(&["goals", "--days", "3"]).ok();
    env.at(common::NOW);
    env.run(&["morning", "3"]).ok();
    env.run(&["rm", "2"]).ok();
    env
}

#[test]
fn a_store_export_moves_the_whole_history_to_a_new_machine() {
    let env = with_goals();
    let export = env.run(&["export", "--format", "store"]);
    let document: Value = serde_json::from_str(export.ok()).expect("a store document");
    assert_eq!(document["format"], "backwalk");
    assert_eq!(document["undo"], json!([]), "no undo history moves");
    assert_eq!(document["goals"].as_array().unwrap().len(), 4);
    assert_eq!(document["mornings"].as_array().unwrap().len(), 3);
    let file = file(&env, "w.json", export.stdout.as_bytes());
    let new = TestEnv::new();
    let out = new.run(&["--json", "import", arg(&file)]).json();
    assert_eq!(
        (
            &out["added"],
            &out["skipped"],
            &out["goals_merged"],
            &out["mornings_merged"]
        ),
        (&json!(HISTORY.len() - 1), &json!(0), &json!(3), &json!(3)),
        "{out}"
    );
    for args in [
        &["list"][..],
        &["--json", "list"],
        &["goals", "--history"],
        &["--json", "goals"],
        &["plan"],
        &["--json", "plan"],
        &["today"],
        &["today", "--date", "2026-11-11"],
        &["today", "--date", "2026-11-12"],
        &["--json", "today", "--date", "2026-11-16"],
        &["--json", "today", "--date", "2026-11-20"],
        &["--json", "week"],
        &["--json", "week", "--date", "2026-11-12"],
        &["week", "--date", "2026-11-12"],
    ] {
        assert_eq!(new.run(args).ok(), env.run(args).ok(), "{args:?}");
    }
    // Ids are never reused there either: the removed #2 stays unused.
    let logged = new.run(&["--json", "log", "5"]).json();
    let expected = env.run(&["--json", "log", "5"]).json();
    assert_eq!(logged["id"], expected["id"]);
    // Importing it again adds nothing.
    let again = new.run(&["--json", "import", arg(&file)]).json();
    assert_eq!(
        (&again["added"], &again["goals_merged"], &again["mornings_merged"]),
        (&json!(0), &json!(0), &json!(0))
    );
    // Written to a file as well; one undo takes the whole import back,
    // goals and mornings included.
    let written = path(&env, "moved.json");
    env.run(&["export", "--format", "store", "--output", arg(&written)])
        .ok();
    let other = TestEnv::new();
    other.run(&["import", arg(&written)]).ok();
    assert_eq!(
        other.run(&["goals", "--history"]).ok(),
        env.run(&["goals", "--history"]).ok()
    );
    assert_eq!(
        other.run(&["--json", "week", "--date", "2026-11-12"]).ok(),
        env.run(&["--json", "week", "--date", "2026-11-12"]).ok()
    );
    other.run(&["undo"]).ok();
    assert_eq!(other.sessions(), Vec::<Value>::new());
    let store: Value = serde_json::from_slice(&other.store_bytes()).unwrap();
    assert_eq!(store.get("mornings"), None, "{store}");
    assert_eq!(
        other.run(&["goals", "--history"]).ok(),
        TestEnv::new().run(&["goals", "--history"]).ok()
    );
}

#[test]
fn another_machines_store_file_is_imported_and_its_goals_merged_by_day() {
    let old = with_goals();
    let mut new = TestEnv::new();
    new.at("2026-11-14T20:00:00+01:00");
    new.run(&["goals", "--steps", "off"]).ok();
    new.run(&["log", "5", "--at", "2026-10-01 09:00"]).ok();
    // A walk of its own on 12 Nov, and another next morning said for it.
    new.run(&["log", "5", "--at", "2026-11-12 18:00"]).ok();
    new.run(&["morning", "4", "--date", "2026-11-12"]).ok();
    new.at(common::NOW);
    for name in ["sessions.json", "sessions.json.bak"] {
        let store = path(&old, name);
        let run = new.run(&["--json", "import", arg(&store)]);
        let out = run.json();
        if name == "sessions.json" {
            assert_eq!(out["added"], json!(HISTORY.len() - 1), "{out}");
            assert_eq!(out["mornings_merged"], json!(2), "{out}");
            assert!(
                run.stderr.ends_with(
                    "\nnote: the morning after Thu 12 Nov 2026: morning_pain changed on both devices;\n      \
                     kept 4, not 6\n"
                ),
                "{}",
                run.stderr
            );
        }
    }
    let mornings = new.week_mornings(Some("2026-11-12"));
    assert_eq!(
        mornings[3..6],
        [json!(4), Value::Null, json!(2)],
        "this machine's morning kept, the other's added"
    );
    let goals = new.run(&["--json", "goals"]).json();
    assert_eq!(
        (&goals["minutes"], &goals["steps"], &goals["weight_kg"]),
        (&json!({"min": 4, "max": 6}), &Value::Null, &json!(80.0)),
        "both machines' changes, day by day and field by field: {goals}"
    );
    assert_eq!(goals["history"].as_array().unwrap().len(), 5, "{goals}");
}

#[test]
fn a_corrected_export_is_reported_as_changed_and_applied_with_update() {
    let env = seeded();
    let csv = env.run(&["export", "--csv"]).ok().to_string();
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    // #1's pain 2 becomes 5.
    let first = lines.iter().position(|l| l.starts_with("1,")).unwrap();
    assert!(lines[first].contains(",2,'=SUM"), "{}", lines[first]);
    lines[first] = lines[first].replacen(",2,'=SUM", ",5,'=SUM", 1);
    let fixed = file(&env, "fixed.csv", lines.join("\n") + "\n");
    let before = env.store_bytes();
    let run = env.run(&["--json", "import", arg(&fixed)]);
    let out = run.json();
    assert_eq!(
        (&out["added"], &out["skipped"], &out["changed"], &out["updated"]),
        (&json!(0), &json!(HISTORY.len() - 1), &json!(1), &json!(0)),
        "{out}"
    );
    assert!(run.stderr.contains("#1: pain 2 → 5"), "{}", run.stderr);
    assert!(run.stderr.contains("--update"), "{}", run.stderr);
    assert_eq!(env.store_bytes(), before, "not applied without --update");
    let run = env.run(&["import", arg(&fixed), "--update", "--dry-run"]);
    assert!(run.ok().contains("would update 1"), "{}", run.stdout);
    assert_eq!(env.store_bytes(), before);
    let run = env.run(&["import", arg(&fixed), "--update"]);
    assert!(run.ok().contains("; updated 1"), "{}", run.stdout);
    assert_eq!(env.run(&["--json", "show", "1"]).json()["pain"], 5);
    // Once applied it is the same walk: nothing more to do; undo reverts.
    let out = env.run(&["--json", "import", arg(&fixed), "--update"]).json();
    assert_eq!((&out["changed"], &out["updated"]), (&json!(0), &json!(0)));
    env.run(&["undo"]).ok();
    env.run(&["undo"]).ok();
    assert_eq!(env.run(&["--json", "show", "1"]).json()["pain"], 2);
    // The same change in a JSON export.
    let mut json: Value = serde_json::from_str(env.run(&["export"]).ok()).unwrap();
    let first = json
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["id"] == 1)
        .unwrap();
    json[first]["note"] = json!("sore");
    let fixed = file(&env, "fixed.json", json.to_string());
    let run = env.run(&["import", arg(&fixed), "--update"]);
    assert!(
        run.stderr.contains("#1: note \"=SUM(A1:A9)\" → \"sore\""),
        "{}",
        run.stderr
    );
}

#[test]
fn a_spreadsheet_workbook_is_refused_with_save_it_as_csv() {
    let env = seeded();
    let before = snapshot(&env);
    for (name, bytes) in [
        ("walks.xlsx", &b"PK\x03\x04\x14\x00\x06\x00"[..]),
        ("walks.csv", b"PK\x03\x04mimetypeapplication/vnd.oasis"),
        ("walks.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00"),
    ] {
        let workbook = file(&env, name, bytes);
        let err = env.run(&["import", arg(&workbook)]).fails(2).to_string();
        assert!(err.contains("save it as CSV"), "{name}: {err}");
        assert_untouched(&env, &before);
    }
}
