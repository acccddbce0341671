//! Changing what was logged (`edit`, `rm`, `undo`), moving it in and out
//! (`export`, `import`), and the commands that never open the store
//! (`completions`, `man`).

mod common;

use std::path::PathBuf;

use common::TestEnv;
use serde_json::{Value, json};

/// A history that exercises every field and every awkward value: notes
/// that look like formulas, quotes, commas, non-ASCII text, padding
/// spaces; other offsets; a fractional second; missing steps and inclines.
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
    ],
];

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

fn arg(path: &std::path::Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
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

/// Asserts that a failed command left the store byte for byte as it was.
#[track_caller]
fn assert_untouched(env: &TestEnv, before: &[u8]) {
    assert_eq!(
        String::from_utf8_lossy(&env.store_bytes()),
        String::from_utf8_lossy(before),
        "the store changed"
    );
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
            "incline_percent": 3.5, "note": "hill repeats"
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
        ])
        .json();
    assert_eq!(edited["steps"], Value::Null);
    assert_eq!(edited["note"], Value::Null);
    assert_eq!(edited["incline_percent"], Value::Null);
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
    let before = env.store_bytes();
    let err = env.run(&["edit", "99", "--steps", "5"]).fails(1).to_string();
    assert!(err.contains("#99") && err.contains("backwalk list"), "{err}");
    assert_untouched(&env, &before);
}

#[test]
fn an_empty_edit_is_refused() {
    let env = seeded();
    let before = env.store_bytes();
    let err = env.run(&["edit", "1"]).fails(2).to_string();
    assert!(
        err.contains("nothing to change") && err.contains("--clear-note"),
        "{err}"
    );
    assert_untouched(&env, &before);
}

#[test]
fn conflicting_and_invalid_edits_are_refused() {
    let env = seeded();
    let before = env.store_bytes();
    for args in [
        &["edit", "1", "--steps", "5", "--clear-steps"][..],
        &["edit", "1", "--note", "x", "--clear-note"],
        &["edit", "1", "--incline", "2", "--clear-incline"],
        &["edit", "1", "--steps", "-1"],
        &["edit", "1", "--steps", "100001"],
        &["edit", "1", "--surface", "moon"],
        &["edit", "1", "--incline", "41"],
        &["edit", "1", "--duration", "0"],
        &["edit", "1", "--duration", "24h1s"],
        &["edit", "1", "--at", "2026-11-22"],
        &["edit", "1", "--at", "someday"],
        &["edit", "1", "--note", "two\nlines"],
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
    assert_eq!(ids(&env.sessions()), [4, 3, 6, 7]);
}

#[test]
fn rm_is_all_or_nothing() {
    let env = seeded();
    let before = env.store_bytes();
    let err = env.run(&["rm", "1", "42", "2", "41"]).fails(1).to_string();
    assert!(
        err.contains("no session #41, #42;") && err.contains("nothing was removed"),
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
    let file = path(&env, "more.csv");
    std::fs::write(&file, "date,minutes\n2026-11-10,6\n2026-11-11,7\n").unwrap();
    let goals = env.run(&["--json", "goals"]).json();

    // Each change, then its undo restores the state exactly.
    let changes: &[(&[&str], &str)] = &[
        (&["log", "8", "--steps", "200"], "log"),
        (
            &["edit", "2", "--steps", "1", "--clear-note", "--surface", "other"],
            "edit",
        ),
        (&["rm", "1", "3"], "rm"),
        (&["import", arg(&file)], "import"),
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
    let before = env.store_bytes();
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
    env.run(&["log", "8"]).ok();
    env.run(&["log", "6"]).ok();
    env.run(&["undo"]).ok();
    assert_eq!(env.run(&["--json", "log", "7"]).json()["id"], 3);

    let file = path(&env, "two.csv");
    std::fs::write(&file, "date,minutes\n2026-11-10,6\n2026-11-11,7\n").unwrap();
    env.run(&["import", arg(&file)]).ok();
    assert_eq!(ids(&env.sessions()), [4, 5, 1, 3]);
    env.run(&["undo"]).ok();
    assert_eq!(ids(&env.sessions()), [1, 3]);
    assert_eq!(env.run(&["--json", "log", "5"]).json()["id"], 6);
}

// -------------------------------------------------------------- export

#[test]
fn export_prints_json_like_list_by_default() {
    let env = seeded();
    let exported = env.run(&["export"]);
    assert_eq!(exported.ok(), env.run(&["--json", "list"]).ok());
    assert_eq!(env.run(&["--json", "export"]).ok(), exported.stdout);
    assert_eq!(env.run(&["export", "--format", "json"]).ok(), exported.stdout);

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
        csv_text.starts_with("id,start,end,duration_seconds,minutes,steps,surface,incline_percent,note\n")
    );
    assert_eq!(csv_text.lines().count(), HISTORY.len() + 1);

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
            text.contains(&format!("Exported {} sessions", HISTORY.len())),
            "{text}"
        );
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            **expected,
            "{name} {format:?}"
        );
    }

    let file = path(&env, "h.csv");
    let out = env.run(&["--json", "export", "-o", arg(&file)]).json();
    assert_eq!(out, json!({ "exported": HISTORY.len(), "path": arg(&file) }));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), csv_text);
}

#[test]
fn export_to_an_impossible_place_fails_cleanly() {
    let env = seeded();
    let before = env.store_bytes();
    let file = path(&env, "no/such/folder/out.json");
    let err = env.run(&["export", "--output", arg(&file)]).fails(1).to_string();
    assert!(err.contains("out.json"), "{err}");
    env.run(&["export", "--format", "xml"]).fails(2);
    assert_untouched(&env, &before);
}

#[test]
fn csv_export_neutralises_formula_cells() {
    let env = seeded();
    let csv_text = env.run(&["export", "--csv"]).ok().to_string();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let notes: Vec<String> = reader.records().map(|r| r.unwrap()[8].to_string()).collect();
    assert_eq!(
        notes,
        [
            "'@home",
            "'=SUM(A1:A9)",
            "'+1 felt easy",
            "'-3 °C, \"windy\", sore",
            "''=already quoted",
            "  padded, ümlaut — ok  ",
            ""
        ]
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes());
    for row in reader.records() {
        let row = row.unwrap();
        assert!(
            !row.iter().any(|c| c.starts_with(['=', '+', '-', '@'])),
            "{row:?}"
        );
    }
}

// -------------------------------------------------------------- import

/// Exports `env` in `format`, imports that into a new store, and checks
/// that every field of every session but the id came back.
fn assert_round_trip(env: &TestEnv, name: &str, format: Option<&str>) {
    let file = path(env, name);
    let mut args = vec!["export", "--output", arg(&file)];
    if let Some(format) = format {
        args.extend(["--format", format]);
    }
    env.run(&args).ok();
    let copy = TestEnv::new();
    let mut args = vec!["--json", "import", arg(&file)];
    if let Some(format) = format {
        args.extend(["--format", format]);
    }
    let count = env.sessions().len();
    let out = copy.run(&args).json();
    assert_eq!(
        (out["added"].as_u64(), out["skipped"].as_u64()),
        (Some(count as u64), Some(0)),
        "{name}"
    );
    assert_eq!(
        without_ids(copy.sessions()),
        without_ids(env.sessions()),
        "{name}"
    );
}

#[test]
fn its_own_json_export_comes_back_exactly() {
    let env = seeded();
    assert_round_trip(&env, "all.json", None);
    assert_round_trip(&env, "all.data", Some("json"));
}

#[test]
fn a_store_file_imports_like_an_export() {
    let env = seeded();
    let copy = TestEnv::new();
    let out = copy.run(&["--json", "import", arg(&env.store())]).json();
    assert_eq!(out["added"], HISTORY.len());
    assert_eq!(without_ids(copy.sessions()), without_ids(env.sessions()));
}

#[test]
fn a_corrupt_store_is_neither_exported_nor_imported_into() {
    let env = TestEnv::new();
    std::fs::write(env.store(), b"{\"format\": \"backwalk\", oops").unwrap();
    let before = env.store_bytes();
    let out = path(&env, "out.json");
    env.run(&["export", "--output", arg(&out)]).fails(1);
    assert!(!out.exists(), "no export file from a corrupt store");
    let sheet = path(&env, "sheet.csv");
    std::fs::write(&sheet, "date,minutes\n2026-11-10,6\n").unwrap();
    env.run(&["import", arg(&sheet)]).fails(1);
    env.run(&["import", "--dry-run", arg(&sheet)]).fails(1);
    env.run(&["edit", "1", "--steps", "5"]).fails(1);
    env.run(&["rm", "1"]).fails(1);
    env.run(&["undo"]).fails(1);
    assert_untouched(&env, &before);
}

#[test]
fn its_own_csv_export_comes_back_exactly() {
    let env = seeded();
    assert_round_trip(&env, "all.csv", None);
    assert_round_trip(&env, "all.txt", Some("csv"));
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
fn identical_walks_all_come_back() {
    let env = TestEnv::new();
    for steps in ["300", "300", "310"] {
        env.run(&[
            "log",
            "8",
            "--at",
            "2026-11-20 07:30",
            "--surface",
            "grass",
            "--steps",
            steps,
        ])
        .ok();
    }
    assert_round_trip(&env, "same.json", None);
    assert_round_trip(&env, "same.csv", None);
}

#[test]
fn importing_the_same_file_twice_adds_nothing_the_second_time() {
    let env = seeded();
    for name in ["twice.json", "twice.csv"] {
        let file = path(&env, name);
        env.run(&["export", "--output", arg(&file)]).ok();
        let copy = TestEnv::new();
        let first = copy.run(&["--json", "import", arg(&file)]).json();
        assert_eq!(
            (&first["added"], &first["skipped"]),
            (&json!(HISTORY.len()), &json!(0)),
            "{name}"
        );
        let sessions = copy.sessions();
        let second = copy.run(&["--json", "import", arg(&file)]).json();
        assert_eq!(
            (&second["added"], &second["skipped"]),
            (&json!(0), &json!(HISTORY.len())),
            "{name}"
        );
        assert_eq!(copy.sessions(), sessions, "{name}");
        let text = copy.run(&["import", arg(&file)]).ok().to_string();
        assert!(
            text.contains("Added 0") && text.contains(&format!("skipped {}", HISTORY.len())),
            "{text}"
        );

        // Into the store it came from: everything is already there.
        let back = env.run(&["--json", "import", arg(&file)]).json();
        assert_eq!(
            (&back["added"], &back["skipped"]),
            (&json!(0), &json!(HISTORY.len())),
            "{name}"
        );
    }
}

#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let env = TestEnv::new();
    let file = path(&env, "sheet.csv");
    std::fs::write(&file, "date,minutes\n2026-11-10,6\n2026-11-11,7\n").unwrap();
    let out = env.run(&["--json", "import", arg(&file), "--dry-run"]).json();
    assert_eq!((&out["added"], &out["skipped"]), (&json!(2), &json!(0)));
    assert!(env.store_bytes().is_empty(), "a dry run creates no store");

    env.run(&["log", "5", "--at", "2026-11-11"]).ok();
    env.run(&["import", arg(&file)]).ok();
    let before = env.store_bytes();
    let out = env.run(&["--json", "import", arg(&file), "--dry-run"]).json();
    assert_eq!((&out["added"], &out["skipped"]), (&json!(0), &json!(2)));
    let text = env.run(&["import", "--dry-run", arg(&file)]).ok().to_string();
    assert!(text.contains("dry run"), "{text}");
    assert_untouched(&env, &before);
    assert_eq!(
        env.run(&["--json", "undo"]).json()["undone"]
            .as_str()
            .unwrap()
            .split(' ')
            .next(),
        Some("import")
    );
}

#[test]
fn a_spreadsheet_csv_is_accepted_in_any_column_order() {
    let env = TestEnv::new();
    let file = path(&env, "sheet.csv");
    std::fs::write(
        &file,
        "Note,Steps,Minutes,Date,Surface\n\
         first try,250,5,2026-11-10,Grass\n\
         ,,7:30,2026-11-11 07:15,\n\
         \"comma, inside\",300,6.5,2026-11-12,TRACK\n",
    )
    .unwrap();
    assert_eq!(env.run(&["--json", "import", arg(&file)]).json()["added"], 3);
    let sessions = without_ids(env.sessions());
    assert_eq!(
        sessions,
        [
            json!({"start": "2026-11-10T12:00:00+01:00", "end": "2026-11-10T12:05:00+01:00", "duration_seconds": 300,
                   "minutes": 5.0, "steps": 250, "surface": "grass", "incline_percent": null, "note": "first try"}),
            json!({"start": "2026-11-11T07:15:00+01:00", "end": "2026-11-11T07:22:30+01:00", "duration_seconds": 450,
                   "minutes": 7.5, "steps": null, "surface": "other", "incline_percent": null, "note": null}),
            json!({"start": "2026-11-12T12:00:00+01:00", "end": "2026-11-12T12:06:30+01:00", "duration_seconds": 390,
                   "minutes": 6.5, "steps": 300, "surface": "track", "incline_percent": null, "note": "comma, inside"}),
        ]
    );

    // start and duration_seconds instead, fewer columns, a BOM, CRLF ends.
    let env = TestEnv::new();
    let file = path(&env, "other.csv");
    std::fs::write(
        &file,
        "\u{feff}duration_seconds,start\r\n480,2026-11-20T07:30:00+01:00\r\n90,2026-06-01T07:30:00+02:00\r\n",
    )
    .unwrap();
    assert_eq!(env.run(&["--json", "import", arg(&file)]).json()["added"], 2);
    let sessions = env.sessions();
    assert_eq!(sessions[0]["start"], "2026-06-01T07:30:00+02:00");
    assert_eq!(sessions[0]["duration_seconds"], 90);
    assert_eq!(sessions[1]["duration_seconds"], 480);
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
}

#[test]
fn every_bad_csv_row_is_named_and_nothing_is_imported() {
    let env = seeded();
    let before = env.store_bytes();
    let file = path(&env, "bad.csv");
    std::fs::write(
        &file,
        "date,minutes,steps,surface,note\n\
         2026-11-10,6,250,grass,fine\n\
         2026-02-30,6,,,\n\
         2026-11-11,abc,,,\n\
         2026-11-12,6,-4,,\n\
         2026-11-13,6,,moon,\n\
         2026-11-14,6,,,fine\n\
         2026-11-22,6,,,\n\
         2026-11-15,,,,\n\
         2026-11-16,0,,,\n",
    )
    .unwrap();
    let err = env.run(&["import", arg(&file)]).fails(2).to_string();
    // Each bad cell is named by its column, as the header calls it.
    for (line, field) in [
        (3, "date"),
        (4, "minutes"),
        (5, "steps"),
        (6, "surface"),
        (8, "date"),
        (9, "minutes"),
        (10, "minutes"),
    ] {
        assert!(
            err.contains(&format!("line {line}: {field}")),
            "line {line} {field}: {err}"
        );
    }
    assert!(!err.contains("line 2:") && !err.contains("line 7:"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(
        err.contains("did you mean") || err.contains("treadmill"),
        "surfaces are listed: {err}"
    );
    assert_untouched(&env, &before);

    // Dry run too.
    env.run(&["import", "--dry-run", arg(&file)]).fails(2);
    // A row with the wrong number of cells.
    std::fs::write(
        &file,
        "date,minutes\n2026-11-10,6\n2026-11-11,6,extra\n2026-11-12\n",
    )
    .unwrap();
    let err = env.run(&["import", arg(&file)]).fails(2).to_string();
    assert!(
        err.contains("line 3: has 3 cells where the header has 2") && err.contains("line 4: has 1 cell "),
        "{err}"
    );
    assert_untouched(&env, &before);
    // Text that is not UTF-8 in one row.
    std::fs::write(
        &file,
        b"date,minutes,note\n2026-11-10,6,ok\n2026-11-11,6,caf\xe9\n",
    )
    .unwrap();
    let err = env.run(&["import", arg(&file)]).fails(2).to_string();
    assert!(err.contains("line 3: cell 3 is not UTF-8"), "{err}");
    assert_untouched(&env, &before);
}

#[test]
fn every_bad_json_record_is_named_and_nothing_is_imported() {
    let env = seeded();
    let before = env.store_bytes();
    let file = path(&env, "bad.json");
    std::fs::write(
        &file,
        "[\n\
         {\"start\": \"2026-11-10T08:00:00+01:00\", \"duration_seconds\": 300},\n\
         {\"start\": \"2026-11-10T09:00:00+01:00\", \"duration_seconds\": 0},\n\
         {\"start\": \"2026-11-10T10:00:00+01:00\",\n  \"duration_seconds\": 300, \"steps\": 100001},\n\
         {\"duration_seconds\": 300},\n\
         {\"start\": \"2026-11-10T11:00:00+01:00\", \"minutes\": 5, \"surface\": \"moon\"},\n\
         {\"start\": \"2026-11-10T12:00:00+01:00\", \"minutes\": 5, \"incline_percent\": 50},\n\
         {\"start\": \"2026-11-10T13:00:00+01:00\", \"minutes\": 5, \"note\": \"a\\nb\"},\n\
         {\"start\": \"2099-11-10T13:00:00+01:00\", \"minutes\": 5}\n\
         ]\n",
    )
    .unwrap();
    let err = env.run(&["import", arg(&file)]).fails(2).to_string();
    for (record, line, field) in [
        (2, 3, "duration_seconds"),
        (3, 4, "steps"),
        (4, 6, "start"),
        (5, 7, "surface"),
        (6, 8, "incline_percent"),
        (7, 9, "note"),
        (8, 10, "start"),
    ] {
        let named = format!("record {record} (line {line})");
        let at = err.find(&named).unwrap_or_else(|| panic!("{named}: {err}"));
        let rest = &err[at..];
        let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
        assert!(rest.contains(field), "{named} names {field}: {rest}");
    }
    assert!(!err.contains("record 1 "), "{err}");
    assert_untouched(&env, &before);
}

#[test]
fn missing_unreadable_and_unrecognisable_files_are_refused() {
    let env = seeded();
    let before = env.store_bytes();

    let missing = path(&env, "nope.csv");
    let err = env.run(&["import", arg(&missing)]).fails(1).to_string();
    assert!(err.contains("nope.csv"), "{err}");
    let folder = path(&env, "folder.json");
    std::fs::create_dir(&folder).unwrap();
    let err = env.run(&["import", arg(&folder)]).fails(1).to_string();
    assert!(err.contains("folder.json"), "{err}");
    assert_untouched(&env, &before);

    let cases: [(&str, &[u8]); 7] = [
        ("notes.txt", b"went for a walk, felt good\n"),
        ("empty.csv", b""),
        ("blank.txt", b"\n\n"),
        ("binary.dat", &[0, 159, 146, 150, 255, 1, 2]),
        ("broken.json", b"[{\"start\": "),
        ("object.json", b"{\"hello\": 1}"),
        ("scalar.json", b"42"),
    ];
    for (name, bytes) in cases {
        let file = path(&env, name);
        std::fs::write(&file, bytes).unwrap();
        let err = env.run(&["import", arg(&file)]).fails(2).to_string();
        assert!(err.contains(name), "{name}: {err}");
        assert!(err.contains("nothing was imported"), "{name}: {err}");
        assert_untouched(&env, &before);
    }
    // The flag wins over the extension.
    let file = path(&env, "looks.json");
    std::fs::write(&file, "date,minutes\n2026-11-10,6\n").unwrap();
    env.run(&["import", arg(&file)]).fails(2);
    env.run(&["import", "--format", "xml", arg(&file)]).fails(2);
    assert_untouched(&env, &before);
    env.run(&["import", "--format", "csv", arg(&file)]).ok();
}

#[test]
fn an_undone_import_takes_every_imported_session_back() {
    let env = seeded();
    let before = env.sessions();
    let file = path(&env, "sheet.csv");
    std::fs::write(&file, "date,minutes\n2026-11-01,6\n2026-11-02,7\n2026-11-03,8\n").unwrap();
    env.run(&["import", arg(&file)]).ok();
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
    let before = env.store_bytes();
    env.run(&["list"]).fails(1);
    env.at("not a time");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        for json in [false, true] {
            let mut args = vec!["completions", shell];
            if json {
                args.insert(0, "--json");
            }
            let text = env.run(&args).ok().to_string();
            assert!(text.contains("backwalk") && text.contains("import"), "{shell}");
            assert!(text.contains("clear-steps"), "{shell}: flags are completed");
            assert!(
                serde_json::from_str::<Value>(&text).is_err(),
                "{shell}: text, not JSON"
            );
        }
    }
    env.run(&["completions", "tcsh"]).fails(2);
    for args in [&["man"][..], &["--json", "man"]] {
        let man = env.run(args).ok().to_string();
        assert!(man.contains(".TH backwalk 1"), "{man}");
        assert!(
            man.contains(".SH NAME") && man.contains(".SH SYNOPSIS"),
            "roff sections"
        );
        assert!(man.contains("BACKWALK_STORE"), "the environment is documented");
    }
    assert_untouched(&env, &before);
    assert!(!path(&env, "sessions.json.lock").exists(), "not even locked");
}
