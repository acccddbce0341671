//! `log`, `list`, `show`, `today` and `status` (PRODUCT.md, "Commands",
//! "Input forms", "JSON shapes"), and every way their input is refused.

mod common;

use std::collections::BTreeSet;

use chrono::DateTime;
use common::{SESSION_KEYS, TestEnv};
use serde_json::Value;

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

const DAY_KEYS: [&str; 13] = [
    "date",
    "sessions",
    "entries",
    "minutes",
    "steps",
    "minutes_target",
    "steps_target",
    "minutes_met",
    "steps_met",
    "streak_days",
    "longest_streak_days",
    "plan_target_minutes",
    "timer",
];

// ---- log ----

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
    assert_eq!(session["note"], "easy");
    assert_eq!(env.sessions(), [session], "list shows what log printed");

    let bare = env.run(&["--json", "log", "90s"]).json();
    assert_eq!(keys(&bare), SESSION_KEYS.into());
    assert_eq!(bare["steps"], Value::Null);
    assert_eq!(bare["incline_percent"], Value::Null);
    assert_eq!(bare["note"], Value::Null);
    assert_eq!(bare["minutes"], 1.5);
}

#[test]
fn accepted_durations() {
    let env = TestEnv::new();
    for (input, seconds) in [
        ("8", 480),
        ("7.5", 450),
        ("7m30s", 450),
        ("8m", 480),
        ("90s", 90),
        ("1h5m", 3900),
        ("7:30", 450),
        ("24h", 86_400),
    ] {
        let session = env.run(&["--json", "log", input]).json();
        assert_eq!(session["duration_seconds"], seconds, "{input}");
    }
}

#[test]
fn the_default_surface_is_the_last_one_used_else_other() {
    let env = TestEnv::new();
    let surface = |args: &[&str]| env.run(&[&["--json", "log"][..], args].concat()).json()["surface"].clone();
    assert_eq!(surface(&["5"]), "other");
    assert_eq!(surface(&["5", "--surface", "grass"]), "grass");
    assert_eq!(surface(&["5"]), "grass");
    // Last used, not latest in time: this one is dated yesterday.
    assert_eq!(surface(&["5", "--surface", "SAND", "--at", "yesterday"]), "sand");
    assert_eq!(surface(&["5"]), "sand");
}

#[test]
fn when_the_walk_happened() {
    let env = TestEnv::new();
    let start = |args: &[&str]| {
        let session = env.run(&[&["--json", "log"][..], args].concat()).json();
        let (start, end) = (instant(&session["start"]), instant(&session["end"]));
        assert_eq!(
            (end - start).num_seconds(),
            session["duration_seconds"].as_i64().unwrap()
        );
        session["start"].as_str().unwrap().to_string()
    };
    // Without --at, or with `today`, the walk ended now.
    assert_eq!(start(&["8"]), "2026-11-21T18:22:00+01:00");
    assert_eq!(start(&["8", "--at", "today"]), "2026-11-21T18:22:00+01:00");
    assert_eq!(start(&["1h5m", "--at", "Today"]), "2026-11-21T17:25:00+01:00");
    // A bare day is 12:00 that day.
    assert_eq!(start(&["8", "--at", "yesterday"]), "2026-11-20T12:00:00+01:00");
    assert_eq!(start(&["8", "--at", "2026-11-02"]), "2026-11-02T12:00:00+01:00");
    assert_eq!(start(&["8", "--at", "2026-07-01"]), "2026-07-01T12:00:00+02:00");
    assert_eq!(
        start(&["8", "--at", "2026-11-20 07:30"]),
        "2026-11-20T07:30:00+01:00"
    );
    assert_eq!(
        start(&["8", "--at", "2026-07-01 07:30"]),
        "2026-07-01T07:30:00+02:00"
    );
    assert_eq!(start(&["8", "--at", "07:05"]), "2026-11-21T07:05:00+01:00");
    // The present minute is not the future, even if the walk would end later.
    assert_eq!(start(&["8", "--at", "18:30"]), "2026-11-21T18:30:00+01:00");
    let rfc = start(&["8", "--at", "2026-11-20T07:30:00-05:00"]);
    assert_eq!(
        instant(&Value::from(rfc)),
        instant(&Value::from("2026-11-20T12:30:00Z")),
        "an explicit offset is kept as the same instant"
    );
    let zulu = start(&["8", "--at", "2026-11-20T06:00Z"]);
    assert_eq!(
        instant(&Value::from(zulu)),
        instant(&Value::from("2026-11-20T06:00:00Z"))
    );
}

#[test]
fn log_prints_the_session_and_todays_progress() {
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
    assert_eq!(lines[1], "today 8m of 5–10m ✓ · 320 of 200–400 steps ✓");

    // A walk on another day leaves today's line as it was.
    let out = env
        .run(&["log", "20", "--steps", "999", "--at", "yesterday"])
        .ok()
        .to_string();
    assert_eq!(
        out.lines().nth(1),
        Some("today 8m of 5–10m ✓ · 320 of 200–400 steps ✓"),
        "{out}"
    );

    let fresh = TestEnv::new();
    let out = fresh.run(&["log", "4m", "--steps", "150"]).ok().to_string();
    assert_eq!(
        out.lines().nth(1),
        Some("today 4m of 5–10m ○ · 150 of 200–400 steps ○"),
        "{out}"
    );
    let out = fresh.run(&["log", "1m30s"]).ok().to_string();
    assert_eq!(
        out.lines().nth(1),
        Some("today 5m30s of 5–10m ✓ · 150 of 200–400 steps ○"),
        "{out}"
    );
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

// ---- bad input ----

#[test]
fn bad_input_is_exit_2_with_one_error_line_and_writes_nothing() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--steps", "300", "--surface", "grass"])
        .ok();
    env.run(&["log", "6", "--at", "yesterday"]).ok();
    let before = env.store_bytes();
    let backup = std::fs::read(env.dir.path().join("sessions.json.bak")).unwrap();
    let long_note = "n".repeat(501);
    // (arguments, something the message must say)
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["log", "0"], "'0'"),
        (vec!["log", "-5"], "not a duration"),
        (vec!["log", "--", "-5"], "-5"),
        (vec!["log", "abc"], "7m30s"),
        (vec!["log", "7:75"], "7:75"),
        (vec!["log", "nan"], "nan"),
        (vec!["log", "inf"], "inf"),
        (vec!["log", "24h1s"], "24 hours"),
        (vec!["log", ""], "duration"),
        (vec!["log", "8", "--at", "2026-11-21 18:31"], "future"),
        (vec!["log", "8", "--at", "2026-11-21T18:30:01+01:00"], "future"),
        (vec!["log", "8", "--at", "2026-11-22"], "future"),
        (vec!["log", "8", "--at", "2026-02-30"], "2026-02-30"),
        (vec!["log", "8", "--at", "soon"], "YYYY-MM-DD"),
        (vec!["log", "8", "--surface", "gras"], "grass"),
        (vec!["log", "8", "--steps", "-1"], "100000"),
        (vec!["log", "8", "--steps=-1"], "100000"),
        (vec!["log", "8", "--steps", "100001"], "100000"),
        (vec!["log", "8", "--steps", "3.5"], "100000"),
        (vec!["log", "8", "--incline", "41"], "40"),
        (vec!["log", "8", "--incline=-1"], "40"),
        (vec!["log", "8", "--note", &long_note], "500"),
        (vec!["log", "8", "--note", "two\nlines"], "control"),
        (vec!["list", "--limit", "0"], "1"),
        (
            vec!["list", "--since", "2026-11-21", "--until", "2026-11-20"],
            "--since",
        ),
        (vec!["list", "--since", "2026-13-01"], "2026-13-01"),
        (vec!["list", "--surface", "lawn"], "accepted"),
        (vec!["today", "--date", "tomorrow"], "tomorrow"),
        (vec!["today", "--date", "2026-11-22"], "future"),
        (vec!["show", "one"], "id"),
    ];
    for (args, says) in cases {
        let run = env.run(&args);
        let stderr = run.fails(2);
        assert!(
            stderr.contains(says),
            "{args:?}: the message does not say '{says}': {stderr}"
        );
        assert!(run.stdout.is_empty(), "{args:?}: stdout: {}", run.stdout);
        assert_eq!(env.store_bytes(), before, "{args:?} changed the store");
    }
    assert_eq!(
        std::fs::read(env.dir.path().join("sessions.json.bak")).unwrap(),
        backup
    );
}

#[test]
fn a_wrong_surface_gets_the_list_and_the_nearest_name() {
    let env = TestEnv::new();
    let stderr = env.run(&["log", "8", "--surface", "gras"]).fails(2).to_string();
    assert!(stderr.contains("'grass'"), "{stderr}");
    for name in [
        "treadmill",
        "track",
        "grass",
        "sand",
        "trail",
        "pavement",
        "indoor",
        "other",
    ] {
        assert!(stderr.contains(name), "{name} not listed: {stderr}");
    }
    assert!(!env.store().exists());
}

#[test]
fn notes_at_the_limits_are_accepted() {
    let env = TestEnv::new();
    let note = "é".repeat(500);
    let session = env
        .run(&[
            "--json",
            "log",
            "8",
            "--note",
            &note,
            "--steps",
            "100000",
            "--incline",
            "40",
        ])
        .json();
    assert_eq!(session["note"], note.as_str());
    assert_eq!(session["steps"], 100_000);
    assert_eq!(session["incline_percent"], 40.0);
    let zero = env
        .run(&["--json", "log", "8", "--steps", "0", "--incline", "0"])
        .json();
    assert_eq!(zero["steps"], 0);
}

// ---- list and show ----

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
        &["log", "6", "--at", "2026-11-19 23:59", "--surface", "track"],
        &["log", "7", "--at", "2026-11-21 07:00", "--surface", "grass"],
        &["log", "5", "--at", "2026-11-20 23:59", "--surface", "track"],
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
        listed(&env, &["--since", "2026-11-20", "--until", "2026-11-20"]),
        [1, 5, 4]
    );
    assert_eq!(
        listed(&env, &["--since", "yesterday", "--until", "yesterday"]),
        [1, 5, 4]
    );
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
        listed(
            &env,
            &["--since", "2026-11-20 12:01", "--until", "2026-11-21 06:59"]
        ),
        [4]
    );
    assert!(listed(&env, &["--since", "2026-11-22T00:00:00+01:00"]).is_empty());
}

#[test]
fn list_filters_by_surface_and_limit_keeps_the_most_recent() {
    let env = history();
    assert_eq!(listed(&env, &["--surface", "track"]), [2, 4]);
    assert_eq!(listed(&env, &["--surface", "GRASS"]), [1, 5, 3]);
    assert!(listed(&env, &["--surface", "sand"]).is_empty());
    assert_eq!(listed(&env, &["--limit", "2"]), [4, 3]);
    assert_eq!(listed(&env, &["--limit", "1"]), [3]);
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
        "id,start,end,duration_seconds,minutes,steps,surface,incline_percent,note"
    );
    assert_eq!(lines.len(), 7, "{out}");
    assert_eq!(
        lines[1],
        "2,2026-11-19T23:59:00+01:00,2026-11-20T00:05:00+01:00,360,6,,track,,"
    );
    assert_eq!(
        lines[6],
        "6,2026-11-21T18:22:00+01:00,2026-11-21T18:30:00+01:00,480,8,250,grass,3.5,\"windy, \"\"cold\"\"\""
    );
    let filtered = env.run(&["list", "--csv", "--surface", "track", "--limit", "1"]);
    assert_eq!(filtered.ok().lines().count(), 2);
    assert!(filtered.stdout.lines().nth(1).unwrap().starts_with("4,"));
    let empty = TestEnv::new().run(&["list", "--csv"]);
    assert_eq!(
        empty.ok().lines().collect::<Vec<_>>(),
        [lines[0]],
        "an empty list still has its header"
    );
}

#[test]
fn list_lines_fit_80_columns_and_long_notes_are_cut() {
    let env = TestEnv::new();
    let long = format!(
        "{}END",
        "a walk along the river, slowly, looking back often; ".repeat(4)
    );
    env.run(&[
        "log",
        "8",
        "--steps",
        "320",
        "--surface",
        "grass",
        "--note",
        &long,
    ])
    .ok();
    env.run(&[
        "log",
        "1h5m",
        "--steps",
        "100000",
        "--surface",
        "treadmill",
        "--incline",
        "12.5",
        "--note",
        &long,
    ])
    .ok();
    env.run(&["log", "7", "--note", "short"]).ok();
    let out = env.run(&["list"]).ok().to_string();
    assert_eq!(out.lines().count(), 4, "{out}");
    for line in out.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    let row = |id: &str| out.lines().find(|l| l.trim_start().starts_with(id)).unwrap();
    let rows = [row("#1 "), row("#2 "), row("#3 ")];
    assert!(rows[0].ends_with('…') && !rows[0].contains("END"), "{}", rows[0]);
    assert!(rows[1].ends_with('…') && rows[1].contains("12.5"), "{}", rows[1]);
    assert!(rows[2].ends_with("short"), "{}", rows[2]);
    assert!(rows[0].contains("a walk along"), "{}", rows[0]);
    // JSON keeps the whole note.
    assert_eq!(env.sessions()[0]["note"], long.as_str());
}

#[test]
fn show_prints_every_field() {
    let env = TestEnv::new();
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
        "hill repeats",
    ])
    .ok();
    let out = env.run(&["show", "1"]).ok().to_string();
    for part in [
        "#1",
        "2026",
        "18:22:30",
        "18:30:00",
        "7m30s",
        "7.5",
        "1,234",
        "trail",
        "6%",
        "hill repeats",
    ] {
        assert!(out.contains(part), "'{part}' missing: {out}");
    }
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    let json = env.run(&["--json", "show", "#1"]).json();
    assert_eq!(json, env.sessions()[0]);
    assert_eq!(keys(&json), SESSION_KEYS.into());
}

// ---- today and status ----

#[test]
fn today_json_has_the_contract_keys() {
    let env = TestEnv::new();
    let empty = env.run(&["--json", "today"]).json();
    assert_eq!(keys(&empty), DAY_KEYS.into());
    assert_eq!(empty["date"], "2026-11-21");
    assert_eq!(empty["sessions"], 0);
    assert_eq!(empty["entries"], serde_json::json!([]));
    assert_eq!(empty["minutes"], 0.0);
    assert_eq!(empty["steps"], 0);
    assert_eq!(empty["minutes_target"], serde_json::json!({"min": 5, "max": 10}));
    assert_eq!(empty["steps_target"], serde_json::json!({"min": 200, "max": 400}));
    assert_eq!(empty["minutes_met"], false);
    assert_eq!(empty["steps_met"], false);
    assert_eq!(empty["streak_days"], 0);
    assert_eq!(empty["longest_streak_days"], 0);
    assert_eq!(empty["plan_target_minutes"], 5);
    assert_eq!(empty["timer"], Value::Null);
    assert_eq!(
        env.run(&["--json", "status"]).json(),
        empty,
        "status and today agree"
    );

    env.run(&["log", "7m30s", "--steps", "150", "--at", "08:00"]).ok();
    env.run(&["log", "4", "--steps", "100"]).ok();
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
    assert_eq!(day["streak_days"], 2);
    assert_eq!(day["longest_streak_days"], 2);
    assert_eq!(env.run(&["--json", "status"]).json(), day);
}

#[test]
fn targets_are_met_at_the_low_ends() {
    let env = TestEnv::new();
    let met = || {
        let day = env.run(&["--json", "today"]).json();
        (
            day["minutes_met"].as_bool().unwrap(),
            day["steps_met"].as_bool().unwrap(),
        )
    };
    env.run(&["log", "4:59", "--steps", "199", "--at", "07:00"]).ok();
    assert_eq!(met(), (false, false));
    env.run(&["log", "1s", "--at", "08:00"]).ok();
    assert_eq!(met(), (true, false), "5 minutes exactly meets the minutes");
    env.run(&["log", "1s", "--steps", "1", "--at", "09:00"]).ok();
    assert_eq!(met(), (true, true), "200 steps exactly meets the steps");
    // The high ends are not limits.
    env.run(&["log", "1h", "--steps", "5000", "--at", "10:00"]).ok();
    assert_eq!(met(), (true, true));
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
    let earlier = env.run(&["--json", "today", "--date", "2026-11-18"]).json();
    assert_eq!(earlier["sessions"], 1);
    assert_eq!(earlier["streak_days"], 2);
    assert_eq!(env.run(&["--json", "today", "--date", "yesterday"]).json(), day);
    // Today has no walk yet, yet the streak ending yesterday still counts.
    let today = env.run(&["--json", "today"]).json();
    assert_eq!(today["sessions"], 0);
    assert_eq!(today["streak_days"], 1);
    let text = env.run(&["today", "--date", "2026-11-20"]).ok().to_string();
    assert!(text.contains("Friday 20 November 2026"), "{text}");
    assert!(text.contains("#4"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
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
        serde_json::json!([])
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
    let day =
        |env: &TestEnv, date: &str| env.run(&["--json", "today", "--date", date]).json()["sessions"].clone();
    assert_eq!(day(&env, "2026-11-20"), 1);
    assert_eq!(env.run(&["--json", "today"]).json()["date"], "2026-11-21");
    assert_eq!(
        env.run(&["--json", "log", "8"]).json()["start"],
        "2026-11-21T12:22:00-05:00"
    );

    // The same instant is 05:50 on the 21st in Berlin.
    env.zone = "Europe/Berlin".to_string();
    assert_eq!(day(&env, "2026-11-20"), 0);
    let today = env.run(&["--json", "today"]).json();
    assert_eq!(today["sessions"], 2);
    let list = env.run(&["list"]).ok().to_string();
    assert!(list.contains("2026-11-21 05:50"), "list shows local time: {list}");

    // Late evening in New York is already tomorrow in UTC.
    let mut late = TestEnv::new();
    late.zone = "America/New_York".to_string();
    late.at("2026-11-21T23:30:00-05:00");
    let today = late.run(&["--json", "today"]).json();
    assert_eq!(today["date"], "2026-11-21");
    late.run(&["log", "8"]).ok();
    assert_eq!(late.run(&["--json", "today"]).json()["sessions"], 1);
}

#[test]
fn status_is_one_line() {
    let mut env = TestEnv::new();
    let line = env.run(&["status"]).ok().to_string();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.ends_with('\n'));
    assert!(line.contains("today 0m of 5–10m"), "{line}");

    env.run(&["log", "8", "--steps", "320"]).ok();
    let line = env.run(&["status"]).ok().to_string();
    assert_eq!(line, "today 8m of 5–10m ✓ · 320 of 200–400 steps ✓ · streak 1\n");

    env.run(&["start", "--surface", "sand"]).ok();
    env.at("2026-11-21T18:33:05+01:00");
    let line = env.run(&["status"]).ok().to_string();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.starts_with("timer 03:05 sand"), "{line}");
    assert!(line.chars().count() <= 80, "{line}");
    let status = env.run(&["--json", "status"]).json();
    assert_eq!(keys(&status), DAY_KEYS.into());
    assert_eq!(status["timer"]["elapsed_seconds"], 185);
    assert_eq!(status["timer"]["surface"], "sand");
    assert_eq!(status["timer"]["start"], "2026-11-21T18:30:00+01:00");
    assert_eq!(
        keys(&status["timer"]),
        ["elapsed_seconds", "start", "surface"].into()
    );
    // Another day shows no timer.
    assert_eq!(
        env.run(&["--json", "today", "--date", "yesterday"]).json()["timer"],
        Value::Null
    );
}

#[test]
fn today_text_shows_the_targets_the_sessions_the_streak_and_the_plan() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--steps", "320", "--surface", "grass"])
        .ok();
    let out = env.run(&["today"]).ok().to_string();
    for part in [
        "Saturday 21 November 2026",
        "8 of 5–10 ✓",
        "320 of 200–400 ✓",
        "#1",
        "streak",
        "1 day",
        "5-minute",
    ] {
        assert!(out.contains(part), "'{part}' missing: {out}");
    }
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
}
