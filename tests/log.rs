//! `log`, `list`, `show`, `edit`, `rm`, `undo`, `redo`, `today` and
//! `status` (the promises of "Session", "Input forms", "Commands", "Walks that
//! cannot have happened", "Fine points", human output, "JSON shapes").

mod common;

use std::collections::BTreeSet;

use chrono::DateTime;
use common::{SESSION_KEYS, TestEnv, assert_fits_80, columns};
use serde_json::{Value, json};

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn ids(sessions: &[Value]) -> Vec<u64> {
    sessions.iter().map(|s| s["id"].as_u64().unwrap()).collect()
}

fn instant(text: &Value) -> DateTime<chrono::Utc> {
    DateTime::parse_from_rfc3339(text.as_str().unwrap())
        .unwrap()
        .to_utc()
}

const DAY_KEYS: [&str; 21] = [
    "date",
    "sessions",
    "entries",
    "minutes",
    "steps",
    "minutes_target",
    "target_minutes",
    "steps_target",
    "minutes_met",
    "steps_met",
    "on_target",
    "above_range",
    "pain_max",
    "streak_days",
    "longest_streak_days",
    "plan_target_minutes",
    "timer",
    "streak_weeks",
    "week_days",
    "rest_day",
    "morning_pain",
];

// ---------------------------------------------------------------------
// log: what is recorded, and the forms people type
// ---------------------------------------------------------------------

#[test]
fn log_json_is_the_session() {
    let env = TestEnv::new();
    let session = env
        .run(&[
            "--json",
            "log",
            "7m30s",
            "--steps",
            "320",
            "--surface",
            "Grass",
            "--incline",
            "2.5",
            "--pain",
            "3",
            "--note",
            "easy",
        ])
        .json();
    assert_eq!(keys(&session), SESSION_KEYS.into());
    assert_eq!(session["id"], 1);
    assert_eq!(session["start"], "2026-11-21T18:22:30+01:00");
    assert_eq!(session["end"], "2026-11-21T18:30:00+01:00");
    assert_eq!(session["duration_seconds"], 450);
    assert_eq!(session["minutes"], 7.5);
    assert_eq!(session["steps"], 320);
    assert_eq!(session["surface"], "grass");
    assert_eq!(session["incline_percent"], 2.5);
    assert_eq!(session["pain"], 3);
    assert_eq!(session["note"], "easy");
    assert_eq!(env.sessions(), [session], "list shows what log printed");
    let shown = env.run(&["show", "1"]).ok().to_string();
    assert!(shown.contains("pain      3 of 10"), "{shown}");

    let bare = env.run(&["--json", "log", "90s", "--at", "07:00"]).json();
    assert_eq!(keys(&bare), SESSION_KEYS.into());
    for key in ["steps", "incline_percent", "pain", "note"] {
        assert_eq!(bare[key], Value::Null, "{key}");
    }
    assert_eq!(bare["minutes"], 1.5);
}

#[test]
fn every_everyday_duration_form_is_accepted() {
    let env = TestEnv::new();
    let forms: [(&[&str], u64); 24] = [
        (&["8"], 480),
        (&["7.5"], 450),
        (&["7m30s"], 450),
        (&["7m30"], 450),
        (&["5m30"], 330),
        (&["8m"], 480),
        (&["5min"], 300),
        (&["8 min"], 480),
        (&["8 mins"], 480),
        (&["8 minutes"], 480),
        (&["5", "min"], 300),
        (&["5", "mins"], 300),
        (&["8", "minutes"], 480),
        (&["90s"], 90),
        (&["90sec"], 90),
        (&["90 seconds"], 90),
        (&["90", "seconds"], 90),
        (&["1h5m"], 3900),
        (&["1h 5m"], 3900),
        (&["1h", "5m"], 3900),
        (&["7:30"], 450),
        (&["1:05:00"], 3900),
        (&["1.5h"], 5400),
        (&["24h"], 86_400),
    ];
    // One walk a day, each from midnight, so none overlaps the next.
    for (day, (form, seconds)) in forms.iter().enumerate() {
        let at = format!("2026-10-{:02} 00:00", day + 1);
        let args = [&["--json", "log"][..], form, &["--at", &at, "--force"]].concat();
        let run = env.run(&args);
        assert_eq!(run.code, 0, "{form:?}: {}", run.stderr);
        assert_eq!(run.json()["duration_seconds"], *seconds, "{form:?}");
    }
    // The unit as its own word also works with the flags after it.
    let session = env
        .run(&["--json", "log", "5", "min", "--steps", "100", "--at", "07:00"])
        .json();
    assert_eq!(
        (session["duration_seconds"].clone(), session["steps"].clone()),
        (json!(300), json!(100))
    );
}

#[test]
fn a_misspelled_duration_gets_the_forms_and_the_nearest() {
    let env = TestEnv::new();
    for (args, nearest) in [
        (&["log", "8", "mintues"][..], "'8 minutes'"),
        (&["log", "8mintues"], "'8minutes'"),
        (&["log", "90 secnds"], "'90 seconds'"),
    ] {
        let stderr = env.run(args).fails(2).to_string();
        assert!(
            stderr.contains(&format!("did you mean {nearest}?")),
            "{args:?}: {stderr}"
        );
        for form in ["7m30s", "8 min", "90s", "7:30", "accepted"] {
            assert!(stderr.contains(form), "{args:?} does not list {form}: {stderr}");
        }
    }
    // Nothing close: the forms, no guess.
    let stderr = env.run(&["log", "abc"]).fails(2).to_string();
    assert!(!stderr.contains("did you mean"), "{stderr}");
    assert!(stderr.contains("7m30s"), "{stderr}");
    assert!(!env.store().exists(), "a refused log wrote a store");
}

/// The start `log 8 [--at WHEN]` gives on a fresh store at `now`.
fn logged_start(now: &str, duration: &str, at: Option<&str>) -> String {
    let mut env = TestEnv::new();
    env.at(now);
    let mut args = vec!["--json", "log", duration];
    if let Some(at) = at {
        args.extend(["--at", at]);
    }
    let run = env.run(&args);
    assert_eq!(run.code, 0, "--at {at:?}: {}", run.stderr);
    let session = run.json();
    let (start, end) = (instant(&session["start"]), instant(&session["end"]));
    assert_eq!(
        (end - start).num_seconds(),
        session["duration_seconds"].as_i64().unwrap()
    );
    session["start"].as_str().unwrap().to_string()
}

#[test]
fn when_the_walk_happened() {
    let saturday = common::NOW;
    // (--at, the start it gives); the clock is Saturday 21 November 18:30.
    let cases: [(Option<&str>, &str); 28] = [
        // Without --at, or with `today`, the walk ended now.
        (None, "2026-11-21T18:22:00+01:00"),
        (Some("today"), "2026-11-21T18:22:00+01:00"),
        (Some("Today"), "2026-11-21T18:22:00+01:00"),
        // A day without a time is 12:00 that day.
        (Some("yesterday"), "2026-11-20T12:00:00+01:00"),
        (Some("2026-11-02"), "2026-11-02T12:00:00+01:00"),
        (Some("2026-07-01"), "2026-07-01T12:00:00+02:00"),
        (Some("9 Nov"), "2026-11-09T12:00:00+01:00"),
        (Some("Nov 9"), "2026-11-09T12:00:00+01:00"),
        (Some("9 Nov 2025"), "2025-11-09T12:00:00+01:00"),
        // Without a year: the most recent such date not in the future.
        (Some("Dec 25"), "2025-12-25T12:00:00+01:00"),
        (Some("mon"), "2026-11-16T12:00:00+01:00"),
        (Some("monday"), "2026-11-16T12:00:00+01:00"),
        (Some("Sun"), "2026-11-15T12:00:00+01:00"),
        (Some("3 days ago"), "2026-11-18T12:00:00+01:00"),
        (Some("1 day ago"), "2026-11-20T12:00:00+01:00"),
        // A time of day, alone (today) or after a date.
        (Some("07:05"), "2026-11-21T07:05:00+01:00"),
        (Some("7am"), "2026-11-21T07:00:00+01:00"),
        (Some("12am"), "2026-11-21T00:00:00+01:00"),
        (Some("12pm"), "2026-11-21T12:00:00+01:00"),
        (Some("4:15pm"), "2026-11-21T16:15:00+01:00"),
        (Some("yesterday 7am"), "2026-11-20T07:00:00+01:00"),
        (Some("yesterday 7:30pm"), "2026-11-20T19:30:00+01:00"),
        (Some("mon 19:05"), "2026-11-16T19:05:00+01:00"),
        (Some("9 Nov 07:30"), "2026-11-09T07:30:00+01:00"),
        (Some("2026-11-20 07:30"), "2026-11-20T07:30:00+01:00"),
        (Some("2026-07-01 07:30"), "2026-07-01T07:30:00+02:00"),
        // The present minute is not the future, even if the walk ends later.
        (Some("18:30"), "2026-11-21T18:30:00+01:00"),
        (Some("2026-11-21T18:30"), "2026-11-21T18:30:00+01:00"),
    ];
    for (at, start) in cases {
        assert_eq!(logged_start(saturday, "8", at), start, "--at {at:?}");
    }
    let same_instant = |at: &str, utc: &str| {
        assert_eq!(
            instant(&Value::from(logged_start(saturday, "8", Some(at)))),
            instant(&Value::from(utc)),
            "{at}: an explicit offset is kept as the same instant"
        );
    };
    same_instant("2026-11-20T07:30:00-05:00", "2026-11-20T12:30:00Z");
    same_instant("2026-11-20T06:00Z", "2026-11-20T06:00:00Z");

    // On a Monday, `mon` is today.
    let monday = "2026-11-23T18:30:00+01:00";
    assert_eq!(
        logged_start(monday, "8", Some("mon 7am")),
        "2026-11-23T07:00:00+01:00"
    );
    assert!(
        logged_start(monday, "8", Some("monday")).starts_with("2026-11-23T"),
        "monday on a Monday is that day"
    );
    assert_eq!(
        logged_start(monday, "8", Some("sat")),
        "2026-11-21T12:00:00+01:00"
    );
}

#[test]
fn a_misspelled_time_gets_the_forms_and_the_nearest() {
    let env = TestEnv::new();
    for (at, nearest) in [
        ("yesteday", "'yesterday'"),
        ("Yesteday 7am", "'Yesterday 7am'"),
        ("tuseday", "'tuesday'"),
        ("Nvo 9", "'Nov 9'"),
        ("7am yesterday", "'yesterday 7am'"),
    ] {
        let stderr = env.run(&["log", "8", "--at", at]).fails(2).to_string();
        assert!(
            stderr.contains(&format!("did you mean {nearest}?")),
            "{at}: {stderr}"
        );
        for form in ["yesterday", "3 days ago", "YYYY-MM-DD", "7am", "accepted"] {
            assert!(stderr.contains(form), "{at} does not list {form}: {stderr}");
        }
    }
    // The future is refused, whatever form names it.
    for at in ["7:30pm", "2026-11-21 18:31", "2026-11-22"] {
        let stderr = env.run(&["log", "8", "--at", at]).fails(2).to_string();
        assert!(stderr.contains("future"), "{at}: {stderr}");
    }
    assert!(!env.store().exists());
}

#[test]
fn the_default_surface_is_the_last_one_used_else_other() {
    let env = TestEnv::new();
    let surface = |args: &[&str]| env.run(&[&["--json", "log"][..], args].concat()).json()["surface"].clone();
    assert_eq!(surface(&["5", "--at", "07:00"]), "other");
    assert_eq!(surface(&["5", "--at", "08:00", "--surface", "grass"]), "grass");
    assert_eq!(surface(&["5", "--at", "09:00"]), "grass");
    // Last used, not latest in time: this one is dated yesterday.
    assert_eq!(surface(&["5", "--surface", "SAND", "--at", "yesterday"]), "sand");
    assert_eq!(surface(&["5", "--at", "10:00"]), "sand");
}

#[test]
fn log_prints_the_walk_and_todays_progress_with_one_duration_format() {
    let env = TestEnv::new();
    let out = env
        .run(&["log", "8", "--steps", "320", "--surface", "grass"])
        .ok()
        .to_string();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    for part in ["#1", "8m", "320 steps", "grass", "18:22"] {
        assert!(lines[0].contains(part), "{part} missing: {out}");
    }
    assert_eq!(lines[1], "today 8m of 5m ✓ · 320 of 200–400 steps ✓");

    // Minutes and seconds, hours and minutes: 7m30s, 1h05m.
    let out = env.run(&["log", "7m30s", "--at", "07:00"]).ok().to_string();
    assert!(out.lines().next().unwrap().contains("· 7m30s ·"), "{out}");
    assert!(out.contains("today 15m30s "), "{out}");
    let out = env
        .run(&["log", "65", "--at", "yesterday", "--force"])
        .ok()
        .to_string();
    assert!(out.lines().next().unwrap().contains("· 1h05m ·"), "{out}");

    let fresh = TestEnv::new();
    let out = fresh
        .run(&["log", "8m", "--steps", "150", "--at", "07:00"])
        .ok()
        .to_string();
    assert_eq!(
        out.lines().nth(1),
        Some("today 8m of 5m ✓ · 150 of 200–400 steps ○"),
        "{out}"
    );
    let out = fresh.run(&["log", "3m20s"]).ok().to_string();
    assert!(out.contains("today 11m20s "), "{out}");
    for command in ["status", "today"] {
        let text = fresh.run(&[command]).ok().to_string();
        assert!(text.contains("11m20s"), "{command}: {text}");
        assert!(!text.contains("11.3"), "{command}: {text}");
    }
}

#[test]
fn log_without_a_utf8_locale_stays_ascii() {
    let env = TestEnv::new();
    let output = env
        .command()
        .env("LANG", "C")
        .args(["log", "8", "--steps", "320"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.is_ascii(), "{out}");
}

// ---------------------------------------------------------------------
// walks that cannot have happened
// ---------------------------------------------------------------------

#[test]
fn two_walks_cannot_share_a_moment() {
    let env = TestEnv::new();
    env.run(&["log", "8"]).ok();
    let before = env.store_bytes();
    // The second `log 8` ended now too (the clock is pinned): the same
    // walk, already logged; a shorter one overlaps it and needs --at.
    for (args, said) in [
        (&["log", "8"][..], "already logged as #1"),
        (&["log", "8", "--force"], "already logged as #1"),
        (&["log", "3", "--at", "18:20"], "overlaps #1"),
        (&["log", "7"], "--at"),
    ] {
        let stderr = env.run(args).fails(2).to_string();
        assert!(stderr.contains(said), "{args:?}: {stderr}");
        assert_eq!(env.store_bytes(), before, "{args:?} wrote");
    }
    // Half-open spans: ending when another starts, or starting when it
    // ends, is no overlap.
    env.run(&["log", "8", "--at", "18:14"]).ok();
    env.run(&["log", "4", "--at", "18:10"]).ok();
    env.run(&["log", "2", "--at", "18:30"]).ok();
    let stderr = env.run(&["log", "1", "--at", "18:13:59"]).fails(2).to_string();
    assert!(stderr.contains("overlaps #"), "{stderr}");
    assert_eq!(env.sessions().len(), 4);
}

#[test]
fn a_walk_cannot_overlap_the_running_timer() {
    let mut env = TestEnv::new();
    env.at("2026-11-21T18:00:00+01:00")
        .run(&["start", "--surface", "grass"])
        .ok();
    env.at(common::NOW);
    let before = env.store_bytes();
    for args in [&["log", "8"][..], &["log", "8", "--at", "17:53", "--force"]] {
        let stderr = env.run(args).fails(2).to_string();
        assert!(stderr.contains("timer"), "{args:?}: {stderr}");
        assert!(stderr.contains("--at"), "{args:?}: {stderr}");
        assert_eq!(env.store_bytes(), before);
    }
    // Ending when the timer started is fine.
    env.run(&["log", "8", "--at", "17:52"]).ok();
    assert!(env.run(&["--json", "status"]).json()["timer"].is_object());
}

#[test]
fn edit_cannot_move_a_walk_onto_another() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--at", "07:00"]).ok();
    env.run(&["log", "8", "--at", "08:00"]).ok();
    let before = env.store_bytes();
    for args in [
        &["edit", "2", "--at", "07:05"][..],
        &["edit", "2", "--at", "06:55", "--force"],
        &["edit", "1", "--duration", "61m", "--force"],
    ] {
        let stderr = env.run(args).fails(2).to_string();
        assert!(stderr.contains("overlaps #"), "{args:?}: {stderr}");
        assert_eq!(env.store_bytes(), before, "{args:?} wrote");
    }
    // Right after the other walk is fine.
    let moved = env.run(&["--json", "edit", "2", "--at", "07:08"]).json();
    assert_eq!(moved["start"], "2026-11-21T07:08:00+01:00");
}

#[test]
fn an_unusual_walk_is_refused_without_a_terminal_unless_forced() {
    let env = TestEnv::new();
    // (arguments, what the refusal says)
    for (args, why) in [
        (&["log", "500", "--steps", "200"][..], "longer than"),
        (&["log", "30m1s"], "longer than"),
        (&["log", "7s", "--steps", "250"], "steps a minute"),
        (&["log", "1", "--steps", "201"], "steps a minute"),
    ] {
        let stderr = env.run(args).fails(2).to_string();
        assert!(stderr.contains(why), "{args:?}: {stderr}");
        assert!(stderr.contains("--force"), "{args:?}: {stderr}");
        assert!(!env.store().exists(), "{args:?} wrote");
    }
    let forced = env
        .run(&["--json", "log", "500", "--steps", "200", "--force"])
        .json();
    assert_eq!(forced["duration_seconds"], 30_000);
    let forced = env
        .run(&[
            "--json", "log", "7s", "--steps", "250", "--at", "07:00", "--force",
        ])
        .json();
    assert_eq!(forced["steps"], 250);
    // At the limits: 3 × 10 minutes, 200 steps a minute.
    env.run(&["log", "30", "--at", "yesterday 07:00"]).ok();
    env.run(&["log", "1", "--steps", "200", "--at", "yesterday 08:00"])
        .ok();

    // An edit that makes a walk unusual is judged the same way.
    let before = env.store_bytes();
    let stderr = env.run(&["edit", "4", "--steps", "5000"]).fails(2).to_string();
    assert!(stderr.contains("steps a minute"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(env.store_bytes(), before);
    env.run(&["edit", "4", "--steps", "5000", "--force"]).ok();
}

#[test]
fn the_limit_follows_the_minutes_range_in_force_that_day() {
    let env = TestEnv::new();
    env.run(&["goals", "--minutes", "5-20"]).ok();
    // From today on the limit is 60 minutes; yesterday it was 30.
    env.run(&["log", "45", "--at", "07:00"]).ok();
    let stderr = env
        .run(&["log", "45", "--at", "yesterday 07:00"])
        .fails(2)
        .to_string();
    assert!(stderr.contains("10-minute"), "{stderr}");
}

// ---------------------------------------------------------------------
// undo and redo
// ---------------------------------------------------------------------

#[test]
fn undo_dry_run_says_what_and_writes_nothing() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--steps", "300"]).ok();
    let before = env.store_bytes();
    let run = env.run(&["undo", "--dry-run"]);
    assert!(run.ok().contains("log #1"), "{}", run.stdout);
    let json = env.run(&["--json", "undo", "--dry-run"]).json();
    assert_eq!(json, json!({ "would_undo": "log #1" }));
    assert_eq!(env.store_bytes(), before, "a dry run wrote");
    assert_eq!(env.sessions().len(), 1);
}

#[test]
fn redo_reapplies_what_undo_reverted_until_a_new_change() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--steps", "300"]).ok();
    env.run(&["edit", "1", "--steps", "320"]).ok();
    assert_eq!(
        env.run(&["--json", "undo"]).json(),
        json!({ "undone": "edit #1" })
    );
    assert_eq!(env.sessions()[0]["steps"], 300);
    assert_eq!(env.run(&["--json", "undo"]).json(), json!({ "undone": "log #1" }));
    assert!(env.sessions().is_empty());
    assert_eq!(env.run(&["--json", "redo"]).json(), json!({ "redone": "log #1" }));
    assert_eq!(ids(&env.sessions()), [1]);
    let text = env.run(&["redo"]);
    assert!(text.ok().contains("edit #1"), "{}", text.stdout);
    assert_eq!(env.sessions()[0]["steps"], 320);

    // Nothing left to redo: exit 1, nothing written.
    let before = env.store_bytes();
    assert!(env.run(&["redo"]).fails(1).contains("nothing to redo"));
    assert_eq!(env.store_bytes(), before);

    // A new change ends what redo can do.
    env.run(&["undo"]).ok();
    env.run(&["log", "5", "--at", "07:00"]).ok();
    env.run(&["redo"]).fails(1);
    assert_eq!(env.sessions()[1]["steps"], 300, "the edit stays undone");
}

#[test]
fn ids_are_never_reused_after_an_undone_log() {
    let env = TestEnv::new();
    env.run(&["log", "8"]).ok();
    env.run(&["log", "8", "--at", "07:00"]).ok();
    env.run(&["undo"]).ok();
    env.run(&["undo"]).ok();
    let session = env.run(&["--json", "log", "8", "--at", "09:00"]).json();
    assert_eq!(session["id"], 3);
}

#[test]
fn undo_reverts_start_cancel_rm_and_edit() {
    let mut env = TestEnv::new();
    env.at("2026-11-21T18:00:00+01:00");
    env.run(&["start", "--surface", "sand"]).ok();
    assert_eq!(env.run(&["--json", "undo"]).json(), json!({ "undone": "start" }));
    assert_eq!(env.run(&["--json", "status"]).json()["timer"], Value::Null);

    env.run(&["start", "--surface", "grass", "--note", "park"]).ok();
    env.at("2026-11-21T18:10:00+01:00");
    env.run(&["cancel"]).ok();
    assert_eq!(env.run(&["--json", "undo"]).json(), json!({ "undone": "cancel" }));
    let timer = env.run(&["--json", "status"]).json()["timer"].clone();
    assert_eq!(timer["start"], "2026-11-21T18:00:00+01:00", "{timer}");
    assert_eq!(timer["surface"], "grass");
    assert_eq!(timer["elapsed_seconds"], 600);
    env.run(&["cancel"]).ok();

    env.run(&["log", "8", "--at", "07:00", "--note", "kept"]).ok();
    let logged = env.sessions();
    env.run(&["edit", "last", "--note", "changed"]).ok();
    env.run(&["undo"]).ok();
    assert_eq!(env.sessions(), logged);
    env.run(&["rm", "last"]).ok();
    assert!(env.sessions().is_empty());
    env.run(&["undo"]).ok();
    assert_eq!(env.sessions(), logged);
}

#[test]
fn undo_reaches_back_20_changes() {
    let env = TestEnv::new();
    for hour in 0..21 {
        let at = format!("2026-11-20 {hour:02}:00");
        env.run(&["log", "8", "--at", &at]).ok();
    }
    for n in 0..20 {
        let run = env.run(&["undo"]);
        assert_eq!(run.code, 0, "undo {}: {}", n + 1, run.stderr);
    }
    assert_eq!(ids(&env.sessions()), [1], "the oldest change is out of reach");
    let before = env.store_bytes();
    assert!(env.run(&["undo"]).fails(1).contains("nothing to undo"));
    assert!(
        env.run(&["undo", "--dry-run"])
            .fails(1)
            .contains("nothing to undo")
    );
    assert_eq!(env.store_bytes(), before);

    let fresh = TestEnv::new();
    fresh.run(&["undo"]).fails(1);
    fresh.run(&["redo"]).fails(1);
    assert!(!fresh.store().exists());
}

// ---------------------------------------------------------------------
// ids: a number, #N, or last
// ---------------------------------------------------------------------

#[test]
fn show_edit_and_rm_take_last_and_hash_ids() {
    let env = TestEnv::new();
    let empty = env.run(&["show", "last"]).fails(1).to_string();
    assert!(empty.contains("no walks"), "{empty}");
    env.run(&["log", "8", "--steps", "300"]).ok();
    // Logged second, but started earlier: `last` is the latest start.
    env.run(&["log", "6", "--at", "yesterday"]).ok();
    assert_eq!(env.run(&["--json", "show", "last"]).json()["id"], 1);
    assert_eq!(env.run(&["--json", "show", "#2"]).json()["id"], 2);
    let text = env.run(&["show", "last"]).ok().to_string();
    assert!(text.contains("#1"), "{text}");

    let edited = env.run(&["--json", "edit", "last", "--steps", "320"]).json();
    assert_eq!(
        (edited["id"].clone(), edited["steps"].clone()),
        (json!(1), json!(320))
    );
    assert_eq!(
        env.run(&["--json", "rm", "last"]).json(),
        json!({ "removed": [1] })
    );
    assert_eq!(env.run(&["--json", "show", "last"]).json()["id"], 2);
    assert_eq!(env.run(&["--json", "rm", "#2"]).json(), json!({ "removed": [2] }));
    assert!(env.sessions().is_empty());
    let missing = env.run(&["show", "#2"]).fails(1).to_string();
    assert!(missing.contains("#2"), "{missing}");
}

// ---------------------------------------------------------------------
// list and show
// ---------------------------------------------------------------------

/// Sessions logged out of time order, over three days and two surfaces.
fn history() -> TestEnv {
    let env = TestEnv::new();
    for args in [
        &[
            "log",
            "8",
            "--at",
            "2026-11-20 00:00",
            "--surface",
            "grass",
            "--steps",
            "300",
        ][..],
        &["log", "6", "--at", "2026-11-19 23:50", "--surface", "track"],
        &["log", "7", "--at", "2026-11-21 07:00", "--surface", "grass"],
        &["log", "5", "--at", "2026-11-20 23:50", "--surface", "track"],
        &["log", "9", "--at", "2026-11-20 12:00", "--surface", "grass"],
    ] {
        env.run(args).ok();
    }
    env
}

fn listed(env: &TestEnv, args: &[&str]) -> Vec<u64> {
    let value = env.run(&[&["--json", "list"][..], args].concat()).json();
    ids(value.as_array().unwrap())
}

#[test]
fn list_is_in_time_order() {
    let env = history();
    assert_eq!(listed(&env, &[]), [2, 1, 5, 4, 3]);
    let sessions = env.sessions();
    assert!(sessions.iter().all(|s| keys(s) == SESSION_KEYS.into()));
    let starts: Vec<_> = sessions.iter().map(|s| instant(&s["start"])).collect();
    assert!(starts.is_sorted());
    let text = env.run(&["list"]).ok().to_string();
    let order: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(order, ["#2", "#1", "#5", "#4", "#3"], "{text}");
}

#[test]
fn list_filters_by_time_with_bare_day_semantics() {
    let env = history();
    assert_eq!(
        listed(&env, &["--since", "2026-11-20"]),
        [1, 5, 4, 3],
        "a bare since starts at 00:00"
    );
    assert_eq!(
        listed(&env, &["--until", "2026-11-20"]),
        [2, 1, 5, 4],
        "a bare until includes the whole day"
    );
    assert_eq!(
        listed(&env, &["--since", "yesterday", "--until", "yesterday"]),
        [1, 5, 4]
    );
    assert_eq!(listed(&env, &["--since", "Nov 20", "--until", "fri"]), [1, 5, 4]);
    assert_eq!(listed(&env, &["--since", "today"]), [3]);
    assert_eq!(
        listed(&env, &["--since", "2026-11-20 12:00"]),
        [5, 4, 3],
        "a time is inclusive"
    );
    assert_eq!(
        listed(&env, &["--until", "2026-11-20 12:00"]),
        [2, 1, 5],
        "a time is inclusive"
    );
    assert_eq!(
        listed(&env, &["--since", "yesterday 12:01", "--until", "6:59am"]),
        [4]
    );
    assert!(listed(&env, &["--since", "2026-11-22T00:00:00+01:00"]).is_empty());
}

#[test]
fn list_since_the_last_n_days_or_weeks_includes_today() {
    let env = TestEnv::new();
    for at in [
        "2026-11-07 23:50",
        "2026-11-08 00:00",
        "2026-11-14 23:50",
        "2026-11-15 00:00",
        "2026-11-21 07:00",
    ] {
        env.run(&["log", "8", "--at", at]).ok();
    }
    assert_eq!(listed(&env, &["--since", "1d"]), [5]);
    assert_eq!(listed(&env, &["--since", "7d"]), [4, 5]);
    assert_eq!(listed(&env, &["--since", "1w"]), [4, 5]);
    assert_eq!(listed(&env, &["--since", "2w"]), [2, 3, 4, 5]);
    assert_eq!(listed(&env, &["--since", "14d"]), [2, 3, 4, 5]);
    assert_eq!(listed(&env, &["--since", "15d"]), [1, 2, 3, 4, 5]);
}

#[test]
fn list_filters_by_surface_and_limit_keeps_the_most_recent() {
    let env = history();
    assert_eq!(listed(&env, &["--surface", "track"]), [2, 4]);
    assert_eq!(listed(&env, &["--surface", "GRASS"]), [1, 5, 3]);
    assert!(listed(&env, &["--surface", "sand"]).is_empty());
    assert_eq!(listed(&env, &["--limit", "2"]), [4, 3]);
    assert_eq!(listed(&env, &["--limit", "99"]), [2, 1, 5, 4, 3]);
    assert_eq!(listed(&env, &["--surface", "grass", "--limit", "2"]), [5, 3]);
    assert_eq!(listed(&env, &["--until", "2026-11-20", "--limit", "2"]), [5, 4]);
}

#[test]
fn list_says_so_on_stderr_when_nothing_matches() {
    let env = TestEnv::new();
    let run = env.run(&["list"]);
    assert!(run.ok().is_empty());
    assert!(
        !run.stderr.is_empty() && !run.stderr.contains("error"),
        "{}",
        run.stderr
    );
    let env = history();
    let run = env.run(&["list", "--surface", "sand"]);
    assert!(run.ok().is_empty(), "{}", run.stdout);
}

#[test]
fn list_csv_is_a_header_and_a_row_per_session() {
    let env = history();
    env.run(&[
        "log",
        "8",
        "--incline",
        "3.5",
        "--pain",
        "2",
        "--note",
        "windy, \"cold\"",
        "--steps",
        "250",
    ])
    .ok();
    let run = env.run(&["list", "--csv"]);
    let out = run.ok();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "id,start,end,duration_seconds,minutes,steps,surface,incline_percent,pain,note"
    );
    assert_eq!(lines.len(), 7, "{out}");
    assert_eq!(
        lines[1],
        "2,2026-11-19T23:50:00+01:00,2026-11-19T23:56:00+01:00,360,6,,track,,,"
    );
    assert_eq!(
        lines[6],
        "6,2026-11-21T18:22:00+01:00,2026-11-21T18:30:00+01:00,480,8,250,grass,3.5,2,\"windy, \"\"cold\"\"\""
    );
    let empty = TestEnv::new().run(&["list", "--csv"]);
    assert_eq!(
        empty.ok().lines().collect::<Vec<_>>(),
        [lines[0]],
        "an empty list still has its header"
    );
}

#[test]
fn list_rows_fit_80_columns_and_long_notes_are_cut() {
    let env = TestEnv::new();
    let long = format!(
        "{}END",
        "a walk along the river, slowly, looking back often; ".repeat(4)
    );
    let wide = "後ろ向きに歩く🚶公園で一周🌳".repeat(10);
    env.run(&["log", "8", "--steps", "320", "--at", "07:00", "--note", &long])
        .ok();
    env.run(&[
        "log",
        "25",
        "--steps",
        "5000",
        "--surface",
        "treadmill",
        "--incline",
        "12.5",
        "--note",
        &long,
        "--at",
        "yesterday",
    ])
    .ok();
    env.run(&["log", "7", "--note", "short", "--at", "08:00"]).ok();
    env.run(&["log", "7", "--note", &wide, "--at", "09:00"]).ok();
    let out = env.run(&["list"]).ok().to_string();
    assert_eq!(out.lines().count(), 5, "{out}");
    assert_fits_80("list", &out);
    let row = |id: &str| out.lines().find(|l| l.trim_start().starts_with(id)).unwrap();
    let rows = [row("#1 "), row("#2 "), row("#3 "), row("#4 ")];
    assert!(rows[0].ends_with('…') && !rows[0].contains("END"), "{}", rows[0]);
    assert!(rows[0].contains("a walk along"), "{}", rows[0]);
    assert!(rows[1].ends_with('…') && rows[1].contains("12.5"), "{}", rows[1]);
    assert!(rows[2].ends_with("short"), "{}", rows[2]);
    assert!(rows[3].ends_with('…') && rows[3].contains("後ろ"), "{}", rows[3]);
    // Cut to fit, not cut short: the wide row fills the line.
    assert!(
        columns(rows[3]) >= 78,
        "{} columns: {}",
        columns(rows[3]),
        rows[3]
    );
    // JSON keeps the whole note.
    assert_eq!(env.sessions()[3]["note"], wide.as_str());
}

#[test]
fn show_prints_every_field_and_wraps_a_long_note() {
    let env = TestEnv::new();
    let words = ["backward", "steps", "along", "the", "river", "path"];
    // 500 words are far more than 500 characters.
    let note: String = (0..500)
        .map(|i| words[i % words.len()])
        .scan(String::new(), |text, word| {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(word);
            Some(text.clone())
        })
        .take_while(|text| text.chars().count() <= 500)
        .last()
        .unwrap();
    assert!(note.chars().count() > 490);
    env.run(&[
        "log",
        "7m30s",
        "--steps",
        "1234",
        "--surface",
        "trail",
        "--incline",
        "6",
        "--note",
        &note,
    ])
    .ok();
    let out = env.run(&["show", "1"]).ok().to_string();
    for part in [
        "#1", "2026", "18:22:30", "18:30:00", "7m30s", "1,234", "trail", "6%",
    ] {
        assert!(out.contains(part), "'{part}' missing: {out}");
    }
    assert_fits_80("show", &out);
    // Every word of the note is there, in order, across the lines.
    let shown: Vec<&str> = out.split_once("note").unwrap().1.split_whitespace().collect();
    assert_eq!(shown.join(" "), note, "{out}");
    assert!(out.lines().count() >= 13, "{out}");

    let json = env.run(&["--json", "show", "#1"]).json();
    assert_eq!(json, env.sessions()[0]);
    assert_eq!(keys(&json), SESSION_KEYS.into());
}

// ---------------------------------------------------------------------
// notes that would reorder the screen
// ---------------------------------------------------------------------

/// A version-1 store as the previous release wrote it, whose note holds
/// bidirectional overrides (that release accepted them).
const OLD_STORE_WITH_BIDI_NOTE: &str = r#"{
  "format": "backwalk",
  "version": 1,
  "next_id": 2,
  "settings": {"minutes":{"min":5,"max":10},"steps":{"min":200,"max":400},"weight_kg":null},
  "timer": null,
  "undo": [],
  "sessions": [
    {"id":1,"start":"2026-11-21T07:00:00+01:00","duration_seconds":480,"steps":300,"surface":"grass","incline_percent":null,"note":"\u202Egnp.exe\u202C paid ok \u2066x\u2069"}
  ]
}
"#;

#[test]
fn bidirectional_overrides_are_refused_on_input_and_escaped_on_screen() {
    let env = TestEnv::new();
    for note in ["abc\u{202E}def", "\u{202A}x", "x\u{2066}y\u{2069}"] {
        let stderr = env.run(&["log", "8", "--note", note]).fails(2).to_string();
        assert!(stderr.contains("bidirectional"), "{stderr}");
        assert!(!stderr.contains(note), "the refusal shows it raw: {stderr:?}");
    }
    assert!(!env.store().exists());

    std::fs::write(env.store(), OLD_STORE_WITH_BIDI_NOTE).unwrap();
    for args in [&["list"][..], &["show", "1"], &["show", "last"]] {
        let out = env.run(args).ok().to_string();
        assert!(
            !out.chars()
                .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
            "{args:?} shows a raw override: {out:?}"
        );
        assert!(out.contains("\\u{202E}"), "{args:?}: {out}");
        assert_fits_80("list", &out);
    }
    let show = env.run(&["show", "1"]).ok().to_string();
    assert!(show.contains("\\u{2066}x\\u{2069}"), "{show}");
    // The data itself is kept as it was, through the next write (which
    // migrates the store to the current version).
    let note = "\u{202E}gnp.exe\u{202C} paid ok \u{2066}x\u{2069}";
    assert_eq!(env.sessions()[0]["note"], note);
    env.run(&["log", "5", "--at", "09:00"]).ok();
    let document: Value = serde_json::from_slice(&env.store_bytes()).unwrap();
    assert_ne!(document["version"], 1, "the store was not migrated");
    assert_eq!(env.sessions()[0]["note"], note);
    let list = env.run(&["list"]).ok().to_string();
    assert!(list.contains("\\u{202E}g"), "{list}");
    assert!(!list.contains('\u{202E}'), "{list:?}");
}

// ---------------------------------------------------------------------
// today, status, and bare backwalk
// ---------------------------------------------------------------------

#[test]
fn today_json_has_the_contract_keys() {
    let env = TestEnv::new();
    let empty = env.run(&["--json", "today"]).json();
    assert_eq!(keys(&empty), DAY_KEYS.into());
    assert_eq!(empty["date"], "2026-11-21");
    assert_eq!(empty["sessions"], 0);
    assert_eq!(empty["entries"], json!([]));
    assert_eq!(empty["minutes"], 0.0);
    // No walk recorded steps: null, as in `week` and `calendar`.
    assert_eq!(empty["steps"], Value::Null);
    assert_eq!(empty["minutes_target"], json!({"min": 5, "max": 10}));
    assert_eq!(empty["target_minutes"], 5);
    assert_eq!(empty["steps_target"], json!({"min": 200, "max": 400}));
    assert_eq!(empty["minutes_met"], false);
    assert_eq!(empty["steps_met"], Value::Null, "no steps recorded");
    assert_eq!(empty["above_range"], false);
    assert_eq!(empty["pain_max"], Value::Null);
    assert_eq!(empty["streak_days"], 0);
    assert_eq!(empty["longest_streak_days"], 0);
    assert_eq!(empty["plan_target_minutes"], 5);
    assert_eq!(empty["timer"], Value::Null);
    assert_eq!(
        env.run(&["--json", "status"]).json(),
        empty,
        "status and today agree"
    );

    env.run(&["log", "7m30s", "--steps", "150", "--at", "08:00", "--pain", "2"])
        .ok();
    env.run(&["log", "4", "--steps", "100", "--pain", "4"]).ok();
    env.run(&["log", "20", "--steps", "999", "--at", "yesterday"])
        .ok();
    let day = env.run(&["--json", "today"]).json();
    assert_eq!(keys(&day), DAY_KEYS.into());
    assert_eq!(day["sessions"], 2);
    assert_eq!(ids(day["entries"].as_array().unwrap()), [1, 2]);
    assert!(
        day["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| keys(s) == SESSION_KEYS.into())
    );
    assert_eq!(day["minutes"], 11.5);
    assert_eq!(day["steps"], 250);
    assert_eq!(day["minutes_met"], true);
    assert_eq!(day["steps_met"], true);
    assert_eq!(day["above_range"], true, "11m30s is above 10 minutes");
    assert_eq!(day["pain_max"], 4);
    assert_eq!(day["streak_days"], 2);
    assert_eq!(day["longest_streak_days"], 2);
    assert_eq!(env.run(&["--json", "status"]).json(), day);
}

#[test]
fn a_calorie_estimate_appears_only_once_a_weight_is_set() {
    let env = TestEnv::new();
    let logged = env.run(&["--json", "log", "8", "--at", "07:00"]).json();
    assert_eq!(keys(&logged), SESSION_KEYS.into(), "no kcal_estimate yet");
    let day = env.run(&["--json", "today"]).json();
    assert!(day.get("kcal_estimate").is_none(), "{day}");
    assert!(day["entries"][0].get("kcal_estimate").is_none(), "{day}");
    assert!(!env.run(&["today"]).ok().contains("kcal"));

    env.run(&["goals", "--weight", "72"]).ok();
    let with = env.run(&["--json", "log", "8", "--at", "08:00"]).json();
    assert!(with["kcal_estimate"].as_f64().unwrap() > 0.0, "{with}");
    let day = env.run(&["--json", "today"]).json();
    assert!(day["kcal_estimate"].as_f64().unwrap() > 0.0, "{day}");
    for entry in day["entries"].as_array().unwrap() {
        assert!(entry["kcal_estimate"].as_f64().unwrap() > 0.0, "{entry}");
    }
    assert!(env.sessions()[0]["kcal_estimate"].is_number());
    let show = env.run(&["show", "last"]).ok().to_string();
    assert!(show.contains("kcal") && show.contains("estimate"), "{show}");
}

#[test]
fn targets_are_met_at_the_low_ends() {
    let env = TestEnv::new();
    let met = || {
        let day = env.run(&["--json", "today"]).json();
        (day["minutes_met"].clone(), day["steps_met"].clone())
    };
    env.run(&["log", "4:59", "--steps", "199", "--at", "07:00"]).ok();
    assert_eq!(met(), (json!(false), json!(false)));
    env.run(&["log", "1s", "--at", "08:00"]).ok();
    assert_eq!(
        met(),
        (json!(true), json!(false)),
        "5 minutes exactly meets the minutes"
    );
    env.run(&["log", "1s", "--steps", "1", "--at", "09:00"]).ok();
    assert_eq!(
        met(),
        (json!(true), json!(true)),
        "200 steps exactly meets the steps"
    );
}

#[test]
fn today_for_another_date() {
    let env = TestEnv::new();
    for day in ["2026-11-17", "2026-11-18", "2026-11-20"] {
        env.run(&["log", "6", "--steps", "250", "--at", day]).ok();
    }
    env.run(&["log", "3", "--at", "2026-11-20 18:00"]).ok();
    let day = env.run(&["--json", "today", "--date", "2026-11-20"]).json();
    assert_eq!(day["date"], "2026-11-20");
    assert_eq!(day["sessions"], 2);
    assert_eq!(day["minutes"], 9.0);
    assert_eq!(day["streak_days"], 1);
    assert_eq!(day["longest_streak_days"], 2);
    let earlier = env.run(&["--json", "today", "--date", "wed"]).json();
    assert_eq!(earlier["date"], "2026-11-18");
    assert_eq!(earlier["streak_days"], 2);
    assert_eq!(env.run(&["--json", "today", "--date", "yesterday"]).json(), day);
    assert_eq!(env.run(&["--json", "today", "--date", "Nov 20"]).json(), day);
    // Today has no walk yet, yet the streak ending yesterday still counts.
    let today = env.run(&["--json", "today"]).json();
    assert_eq!(today["sessions"], 0);
    assert_eq!(today["streak_days"], 1);
    let text = env.run(&["today", "--date", "2026-11-20"]).ok().to_string();
    assert!(text.contains("Friday 20 November 2026"), "{text}");
    assert!(text.contains("#4"), "{text}");
    assert!(text.contains("9m of 5m"), "{text}");
    assert_fits_80("today", &text);
}

#[test]
fn a_session_belongs_to_the_local_day_it_started() {
    let env = TestEnv::new();
    // 23:50 + 15 minutes ends after midnight but belongs to the 20th.
    env.run(&["log", "15", "--at", "2026-11-20 23:50"]).ok();
    let day =
        |env: &TestEnv, date: &str| env.run(&["--json", "today", "--date", date]).json()["sessions"].clone();
    assert_eq!(day(&env, "2026-11-20"), 1);
    assert_eq!(day(&env, "2026-11-21"), 0);
    assert_eq!(
        env.run(&["--json", "list", "--since", "2026-11-21"]).json(),
        json!([])
    );
}

#[test]
fn the_zone_decides_the_day() {
    let mut env = TestEnv::new();
    env.zone = "America/New_York".to_string();
    // 18:30 in Berlin is 12:30 in New York.
    let session = env
        .run(&["--json", "log", "15", "--at", "2026-11-20 23:50"])
        .json();
    assert_eq!(
        instant(&session["start"]),
        instant(&Value::from("2026-11-21T04:50:00Z"))
    );
    assert!(
        session["start"].as_str().unwrap().ends_with("-05:00"),
        "{session}"
    );
    assert_eq!(env.run(&["--json", "today"]).json()["date"], "2026-11-21");
    assert_eq!(
        env.run(&["--json", "log", "8"]).json()["start"],
        "2026-11-21T12:22:00-05:00"
    );
    // The same instant is 05:50 on the 21st in Berlin.
    env.zone = "Europe/Berlin".to_string();
    assert_eq!(env.run(&["--json", "today"]).json()["sessions"], 2);
    let list = env.run(&["list"]).ok().to_string();
    assert!(list.contains("2026-11-21 05:50"), "list shows local time: {list}");
}

#[test]
fn status_is_one_line_and_writes_a_timer_as_a_duration() {
    let mut env = TestEnv::new();
    let line = env.run(&["status"]).ok().to_string();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.contains("today 0m of 5m"), "{line}");

    env.run(&["log", "8", "--steps", "320"]).ok();
    let line = env.run(&["status"]).ok().to_string();
    assert_eq!(line, "today 8m of 5m ✓ · 320 of 200–400 steps ✓ · streak 1\n");

    env.run(&["start", "--surface", "treadmill"]).ok();
    env.at("2026-11-21T18:39:05+01:00");
    let line = env.run(&["status"]).ok().to_string();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.starts_with("timer 9m05s treadmill"), "{line}");
    assert!(!line.contains("09:05"), "{line}");
    assert!(!line.contains("forgotten"), "{line}");
    assert_fits_80("status", &line);
    let status = env.run(&["--json", "status"]).json();
    assert_eq!(keys(&status), DAY_KEYS.into());
    assert_eq!(
        status["timer"],
        json!({
            "start": "2026-11-21T18:30:00+01:00",
            "surface": "treadmill",
            "elapsed_seconds": 545,
            "forgotten": false
        })
    );
    // Another day shows no timer.
    assert_eq!(
        env.run(&["--json", "today", "--date", "yesterday"]).json()["timer"],
        Value::Null
    );
}

#[test]
fn status_with_a_long_running_treadmill_timer_fits_80_columns() {
    let mut env = TestEnv::new();
    env.run(&["log", "25", "--steps", "5000", "--at", "07:00"]).ok();
    env.run(&["start", "--surface", "treadmill"]).ok();
    env.at("2026-11-22T18:29:59+01:00");
    let line = env.run(&["status"]).ok().to_string();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.starts_with("timer 23h59m59s treadmill"), "{line}");
    assert_fits_80("status", &line);
}

#[test]
fn today_shows_the_targets_the_sessions_the_streak_and_the_plan() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--steps", "320", "--surface", "grass", "--pain", "3"])
        .ok();
    let out = env.run(&["today"]).ok().to_string();
    assert_eq!(
        out,
        "\
Saturday 21 November 2026

  minutes  ████████████████████████░░░░░░  8m of 5m ✓
  steps    ████████████████████████░░░░░░  320 of 200–400 ✓
  pain     3 of 10 at most

  #1 · 8m · 320 steps · grass · pain 3 · Sat 21 Nov 18:22

  streak  1 day · longest 1 day
  plan    5 minutes a day · 1 of 3 days toward 6 minutes
  next    Today's targets are met: well done. Rest, or add an easy few minutes.
"
    );
    assert_fits_80("today", &out);
}

#[test]
fn bare_backwalk_shows_today_with_a_hint_only_before_the_first_walk() {
    let env = TestEnv::new();
    let first = env.run(&[]);
    let shown = first.ok().to_string();
    assert_eq!(shown, env.run(&["today"]).ok(), "bare backwalk is today");
    assert!(shown.contains("Saturday 21 November 2026"), "{shown}");
    assert!(
        first.stderr.contains("backwalk log 8") && first.stderr.contains("an 8-minute walk"),
        "{}",
        first.stderr
    );
    assert!(!first.stderr.contains("error"), "{}", first.stderr);
    assert!(!shown.contains("backwalk log 8"), "the hint is on stderr only");

    env.run(&["log", "8"]).ok();
    let later = env.run(&[]);
    assert_eq!(later.ok(), env.run(&["today"]).ok());
    assert!(later.stderr.is_empty(), "{}", later.stderr);
}

// ---------------------------------------------------------------------
// wording and the 80 columns
// ---------------------------------------------------------------------

#[test]
fn articles_and_plurals_are_right() {
    let env = TestEnv::new();
    env.run(&["goals", "--minutes", "8-12"]).ok();
    let today = env.run(&["today"]).ok().to_string();
    assert!(today.contains("An 8-minute walk"), "{today}");
    assert!(!today.contains("A 8-minute"), "{today}");

    let out = env
        .run(&["log", "1", "--steps", "1", "--at", "07:00"])
        .ok()
        .to_string();
    assert!(out.contains("1 step ") && !out.contains("1 steps"), "{out}");
    let week = env.run(&["week"]).ok().to_string();
    assert!(week.contains("1 walk ") || week.contains("1 walk\n"), "{week}");
    assert!(week.contains("1 day"), "{week}");
    for wrong in ["1 walks", "1 sessions", "1 steps", "1 days", "a 8", "A 8"] {
        assert!(!week.contains(wrong), "'{wrong}': {week}");
        assert!(!today.contains(wrong), "'{wrong}': {today}");
    }

    let eleven = TestEnv::new();
    eleven.run(&["goals", "--minutes", "11-20"]).ok();
    let today = eleven.run(&["today"]).ok().to_string();
    assert!(today.contains("An 11-minute walk"), "{today}");
}

#[test]
fn every_screen_fits_80_columns() {
    let mut env = TestEnv::new();
    env.at("2026-09-01T08:00:00+02:00");
    env.run(&["goals", "--weight", "72.5"]).ok();
    env.at("2026-10-01T08:00:00+02:00");
    env.run(&["goals", "--minutes", "5-12", "--steps", "200-100000"])
        .ok();
    env.at(common::NOW);
    env.run(&["goals", "--steps", "off"]).ok();
    let long = "a long and winding note about the river path and the wind ".repeat(9);
    let wide = "後ろ向きに歩く🚶公園で一周🌳".repeat(10);
    let mut day = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let mut n = 0;
    while day <= chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap() {
        let at = format!("{day} 07:00");
        let note = if n % 2 == 0 { &long[..500] } else { wide.as_str() };
        let pain = (n % 11).to_string();
        let minutes = ["5", "12m30s", "1h5m", "7", "9m59s"][n % 5];
        env.run(&[
            "log",
            minutes,
            "--at",
            &at,
            "--steps",
            "99999",
            "--surface",
            "treadmill",
            "--incline",
            "12.5",
            "--pain",
            &pain,
            "--note",
            note,
            "--force",
        ])
        .ok();
        day = day.succ_opt().unwrap();
        n += 1;
    }
    env.run(&["log", "8", "--steps", "1", "--at", "07:00"]).ok();
    env.run(&["start", "--surface", "treadmill", "--note", &long[..500]])
        .ok();
    env.at("2026-11-22T18:29:59+01:00");
    for args in [
        &["today"][..],
        &["status"],
        &[],
        &["week"],
        &["week", "--week", "2026-W40"],
        &["list"],
        &["show", "1"],
        &["show", "2"],
        &["plan"],
        &["tips"],
        &["goals"],
        &["goals", "--history"],
        &["report"],
        &["report", "--by", "day", "--from", "2026-09-01"],
        &["report", "--by", "month", "--from", "2025-01-01"],
        &["calendar"],
        &["calendar", "--months", "3"],
        &["calendar", "--year", "2026"],
    ] {
        let out = env.run(args).ok().to_string();
        assert!(!out.trim().is_empty(), "{args:?} printed nothing");
        assert_fits_80(&format!("{args:?}"), &out);
    }
}

// ---------------------------------------------------------------------
// the walk's own day, whose range, and pain where people look
// ---------------------------------------------------------------------

#[test]
fn log_confirms_the_walks_own_day() {
    let env = TestEnv::new();
    assert_eq!(
        env.run(&["log", "6", "--at", "yesterday"]).ok(),
        "Logged #1 · 6m · other · Fri 20 Nov 12:00\nFri 20 Nov 6m of 5m ✓ · steps not recorded\n"
    );
    // Just after midnight, a walk for the day before is that day's.
    let mut env = TestEnv::new();
    env.at("2026-11-22T00:03:00+01:00");
    assert_eq!(
        env.run(&["log", "7", "--steps", "300", "--at", "2026-11-21 23:50"])
            .ok(),
        "Logged #1 · 7m · 300 steps · other · Sat 21 Nov 23:50\n\
         Sat 21 Nov 7m of 5m ✓ · 300 of 200–400 steps ✓\n"
    );
}

#[test]
fn pain_above_five_gets_a_caution_in_log_status_and_week() {
    let env = TestEnv::new();
    env.log_all(&[&["9", "--steps", "300", "--at", "2026-11-20 08:00"]]);
    assert_eq!(
        env.run(&["log", "6", "--steps", "300", "--pain", "6"]).ok(),
        "\
Logged #2 · 6m · 300 steps · other · pain 6 · Sat 21 Nov 18:24
today 6m of 5m ✓ · 300 of 200–400 steps ✓
  pain above 5: the day does not count toward a step up; hold at 5 minutes a
  day, and speak to a health professional if it persists
"
    );
    assert_eq!(
        env.run(&["status"]).ok(),
        "today 6m of 5m ✓ · 300 of 200–400 steps ✓ · pain! · streak 2\n"
    );
    let week = env.run(&["week"]).ok().to_string();
    assert!(
        week.contains("  caution   Sat pain above 5: the day does not count toward a step up; hold at 5\n"),
        "{week}"
    );
    // The longer walk of the painful day is never the week's best.
    env.run(&["edit", "2", "--duration", "9m30s"]).ok();
    let week = env.run(&["week"]).ok().to_string();
    assert!(week.contains("  best      #1 · 9m · Fri 20 Nov\n"), "{week}");
}

#[test]
fn a_caution_says_whose_range_it_is() {
    let env = TestEnv::new();
    assert_eq!(
        env.run(&["log", "11", "--steps", "300"]).ok(),
        "\
Logged #1 · 11m · 300 steps · other · Sat 21 Nov 18:19
today 11m of 5m ▲ · 300 of 200–400 steps ✓
  above the 5–10 minute range the articles give; they advise building up
  gradually
"
    );
    let env = TestEnv::new();
    env.run(&["goals", "--minutes", "4-6"]).ok();
    assert_eq!(
        env.run(&["log", "6m20s", "--steps", "450"]).ok(),
        "\
Logged #1 · 6m20s · 450 steps · other · Sat 21 Nov 18:23
today 6m20s of 5m ▲ · 450 of 200–400 steps ▲
  above the 200–400 step range the articles give and your 4–6 minute range;
  build up gradually
"
    );
    env.run(&["goals", "--steps", "100-300"]).ok();
    let today = env.run(&["today"]).ok().to_string();
    assert!(
        today.ends_with("  caution above your 4–6 minute and 100–300 step ranges; build up gradually\n"),
        "{today}"
    );
}

#[test]
fn the_same_walk_twice_is_already_logged() {
    let env = TestEnv::new();
    env.log_all(&[&["7", "--at", "10am"]]);
    let before = env.store_bytes();
    let run = env.run(&["log", "7", "--at", "10am"]);
    assert_eq!(
        run.fails(2),
        "error: this walk is already logged as #1 (7m from Sat 21 Nov 10:00)\n"
    );
    assert_eq!(env.store_bytes(), before);
    // A different walk that overlaps still gets the --at suggestion.
    assert!(
        env.run(&["log", "7", "--at", "10:03"])
            .fails(2)
            .contains("--at '2026-11-21 09:53'")
    );
}

#[test]
fn rm_undo_and_redo_name_each_walk_they_touch() {
    let env = TestEnv::new();
    env.log_all(&[&["7", "--at", "10am"], &["8", "--at", "yesterday"]]);
    // `last` is the walk that started most recently, not the last logged.
    assert_eq!(
        env.run(&["rm", "last"]).ok(),
        "Removed #1 · 7m · Sat 21 Nov 10:00\n(`backwalk undo` puts it back)\n"
    );
    assert_eq!(
        env.run(&["undo", "--dry-run"]).ok(),
        "Would undo rm #1 (dry run: nothing was changed)\n  #1 · 7m · Sat 21 Nov 10:00\n"
    );
    assert_eq!(
        env.run(&["undo"]).ok(),
        "Undid rm #1 (`backwalk redo` re-applies it)\n  #1 · 7m · Sat 21 Nov 10:00\n"
    );
    assert_eq!(
        env.run(&["redo"]).ok(),
        "Redid rm #1\n  #1 · 7m · Sat 21 Nov 10:00\n"
    );
    env.run(&["undo"]).ok();
    assert_eq!(
        env.run(&["rm", "1", "2"]).ok(),
        "Removed #2 · 8m · Fri 20 Nov 12:00\nRemoved #1 · 7m · Sat 21 Nov 10:00\n\
         (`backwalk undo` puts them back)\n",
        "in time order"
    );
    env.run(&["undo"]).ok();
    env.run(&["edit", "2", "--duration", "9"]).ok();
    assert_eq!(
        env.run(&["undo"]).ok(),
        "Undid edit #2 (`backwalk redo` re-applies it)\n  #2 · 8m · Fri 20 Nov 12:00\n"
    );
}
