//! `week` and `report` on known histories, checked against figures worked
//! out by hand (PRODUCT.md: `week`, `report`, "days and weeks", JSON shapes).

mod common;

use common::TestEnv;
use serde_json::{Value, json};

/// Imports `[(start, seconds, steps or null, surface, incline)]`.
fn import(env: &TestEnv, walks: &[Value]) {
    let path = env.dir.path().join("history.json");
    std::fs::write(&path, serde_json::to_string(walks).unwrap()).unwrap();
    env.run(&["import", path.to_str().unwrap()]).ok();
}

fn walk(start: &str, seconds: u32, steps: Option<u32>) -> Value {
    json!({"start": start, "duration_seconds": seconds, "steps": steps, "surface": "grass"})
}

/// Two weeks around the pinned clock (Saturday 21 November 2026, 18:30).
///
/// Week 46 (Mon 9 – Sun 15 Nov):
///   Mon  9  5 min 150 steps
///   Tue 10  6 min 250 steps
///   Sun 15  10 min 100 steps, started 23:59 (ends on Monday)
///   = 3 sessions, 21 min, 500 steps; 3 active days, 1 on target (Tue)
///
/// Week 47 (Mon 16 – Sun 22 Nov):
///   Mon 16  7.5 min 320 steps + 2 min 90 steps = 9.5 min 410 steps  ✓ ✓
///   Tue 17  4 min 210 steps (5 % incline)                           · ✓
///   Wed 18  —
///   Thu 19  10 min 400 steps, 23:55 local, written in UTC           ✓ ✓
///   Fri 20  5.5 min, no step count                                  ✓ ·
///   Sat 21  8 min 300 steps                                         ✓ ✓
///   Sun 22  still to come
///   = 6 sessions, 37 min, 1320 steps; 5 active days, 3 on target
///   streak as of Saturday: Thu, Fri, Sat = 3 (Wednesday is empty)
fn two_weeks(env: &TestEnv) {
    import(
        env,
        &[
            walk("2026-11-09T08:00:00+01:00", 300, Some(150)),
            json!({"start": "2026-11-10T08:00:00+01:00", "duration_seconds": 360, "steps": 250, "surface": "track"}),
            walk("2026-11-15T23:59:00+01:00", 600, Some(100)),
            walk("2026-11-16T07:30:00+01:00", 450, Some(320)),
            walk("2026-11-16T19:00:00+01:00", 120, Some(90)),
            json!({"start": "2026-11-17T07:30:00+01:00", "duration_seconds": 240, "steps": 210,
                   "surface": "treadmill", "incline_percent": 5}),
            json!({"start": "2026-11-19T22:55:00+00:00", "duration_seconds": 600, "steps": 400, "surface": "track"}),
            json!({"start": "2026-11-20T07:30:00+01:00", "duration_seconds": 330, "steps": null, "surface": "sand"}),
            json!({"start": "2026-11-21T09:00:00+01:00", "duration_seconds": 480, "steps": 300,
                   "surface": "grass", "note": "windy, \"cold\""}),
        ],
    );
}

/// A day row as (date, sessions, minutes, steps, minutes_met, steps_met).
type DayRow = (&'static str, u64, f64, u64, bool, bool);

fn day_rows(week: &Value) -> Vec<(String, u64, f64, u64, bool, bool)> {
    week["days"]
        .as_array()
        .expect("days is an array")
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_string(),
                d["sessions"].as_u64().unwrap(),
                d["minutes"].as_f64().unwrap(),
                d["steps"].as_u64().unwrap(),
                d["minutes_met"].as_bool().unwrap(),
                d["steps_met"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn rows(expected: &[DayRow]) -> Vec<(String, u64, f64, u64, bool, bool)> {
    expected
        .iter()
        .map(|r| (r.0.to_string(), r.1, r.2, r.3, r.4, r.5))
        .collect()
}

/// (sessions, minutes, steps) of a totals object.
fn brief(totals: &Value) -> (u64, f64, u64) {
    (
        totals["sessions"].as_u64().unwrap(),
        totals["minutes"].as_f64().unwrap(),
        totals["steps"].as_u64().unwrap(),
    )
}

/// (sessions, minutes, steps, active_days, days_on_target).
fn week_totals(week: &Value) -> (u64, f64, u64, u64, u64) {
    let t = &week["totals"];
    let (sessions, minutes, steps) = brief(t);
    (
        sessions,
        minutes,
        steps,
        t["active_days"].as_u64().unwrap(),
        t["days_on_target"].as_u64().unwrap(),
    )
}

/// (period, from, to, sessions, minutes, steps) per report row.
fn periods(report: &Value) -> Vec<(String, String, String, u64, f64, u64)> {
    report["periods"]
        .as_array()
        .expect("periods is an array")
        .iter()
        .map(|p| {
            let (sessions, minutes, steps) = brief(p);
            (
                p["period"].as_str().unwrap().to_string(),
                p["from"].as_str().unwrap().to_string(),
                p["to"].as_str().unwrap().to_string(),
                sessions,
                minutes,
                steps,
            )
        })
        .collect()
}

fn period_rows(
    expected: &[(&str, &str, &str, u64, f64, u64)],
) -> Vec<(String, String, String, u64, f64, u64)> {
    expected
        .iter()
        .map(|p| (p.0.to_string(), p.1.to_string(), p.2.to_string(), p.3, p.4, p.5))
        .collect()
}

/// The text with ANSI escape sequences removed.
fn strip_escapes(text: &str) -> String {
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

#[track_caller]
fn fits_80_columns(text: &str) {
    for line in strip_escapes(text).lines() {
        assert!(
            line.chars().count() <= 80,
            "{} columns: {line}",
            line.chars().count()
        );
        assert_eq!(line, line.trim_end(), "trailing blanks: {line:?}");
    }
}

// ---------------------------------------------------------------- week

#[test]
fn the_current_week_adds_up_day_by_day() {
    let env = TestEnv::new();
    two_weeks(&env);
    let week = env.run(&["--json", "week"]).json();
    assert_eq!(week["week"], "2026-W47");
    assert_eq!(week["start"], "2026-11-16");
    assert_eq!(week["end"], "2026-11-22");
    assert_eq!(
        day_rows(&week),
        rows(&[
            ("2026-11-16", 2, 9.5, 410, true, true),
            ("2026-11-17", 1, 4.0, 210, false, true),
            ("2026-11-18", 0, 0.0, 0, false, false),
            ("2026-11-19", 1, 10.0, 400, true, true),
            ("2026-11-20", 1, 5.5, 0, true, false),
            ("2026-11-21", 1, 8.0, 300, true, true),
            ("2026-11-22", 0, 0.0, 0, false, false),
        ])
    );
    assert_eq!(week_totals(&week), (6, 37.0, 1320, 5, 3));
    assert_eq!(week["streak_days"], 3);
    assert_eq!(brief(&week["previous"]), (3, 21.0, 500));
    // Only Sunday is still to come.
    let future: Vec<bool> = week["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["future"] == true)
        .collect();
    assert_eq!(future, [false, false, false, false, false, false, true]);
}

#[test]
fn the_week_json_has_the_documented_shape() {
    let env = TestEnv::new();
    two_weeks(&env);
    let week = env.run(&["--json", "week"]).json();
    for key in [
        "week",
        "start",
        "end",
        "days",
        "totals",
        "streak_days",
        "previous",
    ] {
        assert!(week.get(key).is_some(), "no {key} in {week}");
    }
    let days = week["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    for day in days {
        for key in ["date", "sessions", "minutes", "steps", "minutes_met", "steps_met"] {
            assert!(day.get(key).is_some(), "no {key} in {day}");
        }
    }
    for key in ["sessions", "minutes", "steps", "active_days", "days_on_target"] {
        assert!(week["totals"][key].is_number(), "no totals.{key} in {week}");
    }
    for key in ["sessions", "minutes", "steps"] {
        assert!(week["previous"][key].is_number(), "no previous.{key} in {week}");
    }
    assert!(week["streak_days"].is_u64());
}

#[test]
fn an_earlier_week_by_name_or_by_a_day_in_it() {
    let env = TestEnv::new();
    two_weeks(&env);
    let by_name = env.run(&["--json", "week", "--week", "2026-W46"]).json();
    let by_day = env.run(&["--json", "week", "--date", "2026-11-10"]).json();
    assert_eq!(by_name, by_day);
    assert_eq!(
        (
            by_name["week"].as_str(),
            by_name["start"].as_str(),
            by_name["end"].as_str()
        ),
        (Some("2026-W46"), Some("2026-11-09"), Some("2026-11-15"))
    );
    assert_eq!(
        day_rows(&by_name),
        rows(&[
            ("2026-11-09", 1, 5.0, 150, true, false),
            ("2026-11-10", 1, 6.0, 250, true, true),
            ("2026-11-11", 0, 0.0, 0, false, false),
            ("2026-11-12", 0, 0.0, 0, false, false),
            ("2026-11-13", 0, 0.0, 0, false, false),
            ("2026-11-14", 0, 0.0, 0, false, false),
            // Started 23:59 on Sunday: Sunday's, though it ended on Monday.
            ("2026-11-15", 1, 10.0, 100, true, false),
        ])
    );
    assert_eq!(week_totals(&by_name), (3, 21.0, 500, 3, 1));
    // The streak of a past week ends on its Sunday.
    assert_eq!(by_name["streak_days"], 1);
    assert_eq!(brief(&by_name["previous"]), (0, 0.0, 0));
    assert!(
        by_name["days"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["future"] == false)
    );
    // Other spellings of a day in the week.
    let yesterday = env.run(&["--json", "week", "--date", "yesterday"]).json();
    assert_eq!(yesterday["week"], "2026-W47");
    assert_eq!(
        env.run(&["--json", "week", "--week", "2026-w47"]).json()["week"],
        "2026-W47"
    );
}

#[test]
fn on_monday_morning_the_rest_of_the_week_is_to_come() {
    let mut env = TestEnv::new();
    env.at("2026-11-16T09:00:00+01:00");
    env.run(&["log", "6", "--steps", "250"]).ok();
    let week = env.run(&["--json", "week"]).json();
    let future: Vec<bool> = week["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["future"] == true)
        .collect();
    assert_eq!(future, [false, true, true, true, true, true, true]);
    assert_eq!(week_totals(&week), (1, 6.0, 250, 1, 1));
    let text = env.run(&["week"]).ok().to_string();
    assert_eq!(text.matches("(to come)").count(), 6, "{text}");
    fits_80_columns(&text);
}

#[test]
fn an_empty_week_is_all_zeros() {
    let env = TestEnv::new();
    let week = env.run(&["--json", "week"]).json();
    assert_eq!(week["week"], "2026-W47");
    assert_eq!(
        day_rows(&week),
        rows(&[
            ("2026-11-16", 0, 0.0, 0, false, false),
            ("2026-11-17", 0, 0.0, 0, false, false),
            ("2026-11-18", 0, 0.0, 0, false, false),
            ("2026-11-19", 0, 0.0, 0, false, false),
            ("2026-11-20", 0, 0.0, 0, false, false),
            ("2026-11-21", 0, 0.0, 0, false, false),
            ("2026-11-22", 0, 0.0, 0, false, false),
        ])
    );
    assert_eq!(week_totals(&week), (0, 0.0, 0, 0, 0));
    assert_eq!(week["streak_days"], 0);
    assert_eq!(brief(&week["previous"]), (0, 0.0, 0));
    let text = env.run(&["week"]).ok().to_string();
    assert!(text.contains("0 sessions"), "{text}");
    fits_80_columns(&text);
}

#[test]
fn a_berlin_week_with_the_clocks_going_back_has_seven_days() {
    let env = TestEnv::new();
    // Summer time ended on Sunday 25 October 2026 at 03:00 CEST → 02:00 CET.
    import(
        &env,
        &[
            walk("2026-10-18T23:30:00+02:00", 600, Some(100)), // Sun 18: the week before
            walk("2026-10-18T22:10:00+00:00", 300, Some(150)), // Mon 19 00:10 CEST
            walk("2026-10-25T02:30:00+02:00", 420, Some(250)), // Sun 25, first 02:30
            walk("2026-10-25T02:30:00+01:00", 60, Some(50)),   // Sun 25, repeated 02:30
            walk("2026-10-25T22:59:00+00:00", 120, Some(10)),  // Sun 25 23:59 CET
            walk("2026-10-25T23:00:00+00:00", 900, Some(400)), // Mon 26 00:00 CET: next week
        ],
    );
    let week = env.run(&["--json", "week", "--date", "2026-10-21"]).json();
    assert_eq!(
        (
            week["week"].as_str(),
            week["start"].as_str(),
            week["end"].as_str()
        ),
        (Some("2026-W43"), Some("2026-10-19"), Some("2026-10-25"))
    );
    assert_eq!(
        day_rows(&week),
        rows(&[
            ("2026-10-19", 1, 5.0, 150, true, false),
            ("2026-10-20", 0, 0.0, 0, false, false),
            ("2026-10-21", 0, 0.0, 0, false, false),
            ("2026-10-22", 0, 0.0, 0, false, false),
            ("2026-10-23", 0, 0.0, 0, false, false),
            ("2026-10-24", 0, 0.0, 0, false, false),
            // 7 + 1 + 2 minutes, 250 + 50 + 10 steps
            ("2026-10-25", 3, 10.0, 310, true, true),
        ])
    );
    assert_eq!(week_totals(&week), (4, 15.0, 460, 2, 1));
    assert_eq!(brief(&week["previous"]), (1, 10.0, 100));
    let next = env.run(&["--json", "week", "--week", "2026-W44"]).json();
    assert_eq!(
        day_rows(&next)[0],
        ("2026-10-26".to_string(), 1, 15.0, 400, true, true)
    );
    assert_eq!(brief(&next["previous"]), (4, 15.0, 460));
    fits_80_columns(env.run(&["week", "--week", "2026-W43"]).ok());
}

#[test]
fn a_new_york_week_with_the_clocks_going_forward_has_seven_days() {
    let mut env = TestEnv::new();
    env.zone = "America/New_York".into();
    // Summer time began on Sunday 8 March 2026 at 02:00 EST → 03:00 EDT.
    import(
        &env,
        &[
            walk("2026-03-01T23:59:00-05:00", 60, Some(5)), // Sun 1: the week before
            walk("2026-03-02T05:00:00+00:00", 300, Some(200)), // Mon 2 00:00 EST
            walk("2026-03-08T01:30:00-05:00", 600, Some(300)), // Sun 8, before the jump
            walk("2026-03-08T03:30:00-04:00", 600, Some(300)), // Sun 8, after it
            walk("2026-03-09T03:59:00+00:00", 60, Some(1)), // Sun 8 23:59 EDT
            walk("2026-03-09T00:00:00-04:00", 60, Some(1)), // Mon 9: next week
        ],
    );
    let week = env.run(&["--json", "week", "--week", "2026-W10"]).json();
    assert_eq!(
        (week["start"].as_str(), week["end"].as_str()),
        (Some("2026-03-02"), Some("2026-03-08"))
    );
    assert_eq!(
        day_rows(&week),
        rows(&[
            ("2026-03-02", 1, 5.0, 200, true, true),
            ("2026-03-03", 0, 0.0, 0, false, false),
            ("2026-03-04", 0, 0.0, 0, false, false),
            ("2026-03-05", 0, 0.0, 0, false, false),
            ("2026-03-06", 0, 0.0, 0, false, false),
            ("2026-03-07", 0, 0.0, 0, false, false),
            // 10 + 10 + 1 minutes, 300 + 300 + 1 steps
            ("2026-03-08", 3, 21.0, 601, true, true),
        ])
    );
    assert_eq!(week_totals(&week), (4, 26.0, 801, 2, 2));
    assert_eq!(brief(&week["previous"]), (1, 1.0, 5));
    assert_eq!(week["streak_days"], 1);
}

#[test]
fn week_53_of_2020_exists() {
    let mut env = TestEnv::new();
    env.at("2021-01-10T12:00:00+01:00");
    import(
        &env,
        &[
            walk("2020-12-27T10:00:00+01:00", 300, Some(100)), // Sun: 2020-W52
            walk("2020-12-28T10:00:00+01:00", 360, Some(250)), // Mon
            walk("2021-01-01T10:00:00+01:00", 420, Some(300)), // Fri
            walk("2021-01-03T23:30:00+01:00", 300, Some(200)), // Sun
            walk("2021-01-04T10:00:00+01:00", 600, Some(400)), // Mon: 2021-W01
        ],
    );
    let week = env.run(&["--json", "week", "--week", "2020-W53"]).json();
    assert_eq!(
        (
            week["week"].as_str(),
            week["start"].as_str(),
            week["end"].as_str()
        ),
        (Some("2020-W53"), Some("2020-12-28"), Some("2021-01-03"))
    );
    assert_eq!(
        day_rows(&week),
        rows(&[
            ("2020-12-28", 1, 6.0, 250, true, true),
            ("2020-12-29", 0, 0.0, 0, false, false),
            ("2020-12-30", 0, 0.0, 0, false, false),
            ("2020-12-31", 0, 0.0, 0, false, false),
            ("2021-01-01", 1, 7.0, 300, true, true),
            ("2021-01-02", 0, 0.0, 0, false, false),
            ("2021-01-03", 1, 5.0, 200, true, true),
        ])
    );
    assert_eq!(week_totals(&week), (3, 18.0, 750, 3, 3));
    assert_eq!(brief(&week["previous"]), (1, 5.0, 100));
    assert_eq!(week["streak_days"], 1);
    assert_eq!(env.run(&["--json", "week", "--date", "2021-01-02"]).json(), week);
    let text = env.run(&["week", "--week", "2020-W53"]).ok().to_string();
    assert!(text.contains("2020-W53"), "{text}");
    // 2021 has only 52.
    let stderr = env.run(&["week", "--week", "2021-W53"]).fails(2).to_string();
    assert!(stderr.contains("52"), "{stderr}");
}

#[test]
fn the_human_week_is_aligned_and_fits_80_columns() {
    let env = TestEnv::new();
    two_weeks(&env);
    env.run(&["goals", "--weight", "70"]).ok();
    let text = env.run(&["week"]).ok().to_string();
    fits_80_columns(&text);
    assert!(text.contains("2026-W47"), "{text}");
    assert!(text.contains("6 sessions · 37 min · 1,320 steps"), "{text}");
    assert!(text.contains("5 active · 3 on target"), "{text}");
    assert!(text.contains("3 days"), "{text}");
    // 6 − 3 sessions, 37 − 21 minutes, 1320 − 500 steps.
    assert!(text.contains("+3 sessions · +16 min · +820 steps"), "{text}");
    assert!(text.contains("(to come)"), "{text}");
    // The table's rows line up with its header.
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.trim_start().starts_with("day"))
        .expect("a header");
    let width = lines[header].chars().count();
    for line in &lines[header + 1..header + 7] {
        assert_eq!(
            line.chars().count(),
            width,
            "{line:?} against {:?}",
            lines[header]
        );
    }
    assert!(lines[header + 1].contains("Mon 16 Nov"), "{text}");

    // Without a UTF-8 locale: plain ASCII, same layout.
    let output = env.command().args(["week"]).env("LANG", "C").output().unwrap();
    let ascii = String::from_utf8(output.stdout).unwrap();
    assert!(ascii.is_ascii(), "{ascii}");
    fits_80_columns(&ascii);
    assert_eq!(ascii.lines().count(), text.lines().count());
}

#[test]
fn colour_only_when_asked() {
    let env = TestEnv::new();
    two_weeks(&env);
    for args in [&["week"][..], &["report"], &["today"], &["plan"], &["status"]] {
        let never = env
            .command()
            .arg("--color")
            .arg("never")
            .args(args)
            .output()
            .unwrap();
        let never = String::from_utf8(never.stdout).unwrap();
        assert!(!never.contains('\x1b'), "{args:?}: {never}");
        // Not a terminal: no colour by default either.
        assert!(!env.run(args).ok().contains('\x1b'), "{args:?}");
        let always = env
            .command()
            .arg("--color")
            .arg("always")
            .args(args)
            .output()
            .unwrap();
        let always = String::from_utf8(always.stdout).unwrap();
        assert!(always.contains('\x1b'), "{args:?}: {always}");
        assert_eq!(strip_escapes(&always), never, "{args:?}");
    }
}

#[test]
fn every_summary_screen_fits_80_columns() {
    let env = TestEnv::new();
    two_weeks(&env);
    env.run(&["goals", "--weight", "70"]).ok();
    env.run(&["start", "--surface", "grass"]).ok();
    let screens: [&[&str]; 12] = [
        &["today"],
        &["today", "--date", "2026-11-18"],
        &["status"],
        &["plan"],
        &["goals"],
        &["tips"],
        &["week"],
        &["week", "--week", "2026-W46"],
        &["report"],
        &["report", "--by", "day"],
        &["report", "--by", "month", "--from", "2026-01-01"],
        &["list"],
    ];
    for args in screens {
        fits_80_columns(env.run(args).ok());
    }
}

#[test]
fn bad_weeks_and_dates_are_rejected_and_nothing_is_written() {
    let env = TestEnv::new();
    two_weeks(&env);
    let before = env.store_bytes();
    let cases: [(&[&str], &str); 9] = [
        (&["week", "--week", "2026-W60"], "53"),
        (&["week", "--week", "2026-W53"], "future"),
        (&["week", "--week", "2025-W53"], "52"),
        (&["week", "--week", "2026-47"], "2026-W47"),
        (&["week", "--date", "2026-12-01"], "future"),
        (&["week", "--date", "someday"], "someday"),
        (
            &["report", "--from", "2026-11-10", "--to", "2026-11-01"],
            "2026-11-01",
        ),
        (&["report", "--by", "year"], "month"),
        (&["report", "--from", "2026-13-01"], "2026-13-01"),
    ];
    for (args, hint) in cases {
        let run = env.run(args);
        let stderr = run.fails(2);
        assert!(stderr.contains(hint), "{args:?} should mention {hint}: {stderr}");
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert_eq!(env.store_bytes(), before, "{args:?} changed the store");
    }
}

// ---------------------------------------------------------------- report

#[test]
fn the_default_report_is_the_last_four_weeks_by_week() {
    let env = TestEnv::new();
    two_weeks(&env);
    let report = env.run(&["--json", "report"]).json();
    assert_eq!(
        (
            report["from"].as_str(),
            report["to"].as_str(),
            report["by"].as_str()
        ),
        (Some("2026-10-26"), Some("2026-11-22"), Some("week"))
    );
    assert_eq!(
        periods(&report),
        period_rows(&[
            ("2026-W44", "2026-10-26", "2026-11-01", 0, 0.0, 0),
            ("2026-W45", "2026-11-02", "2026-11-08", 0, 0.0, 0),
            ("2026-W46", "2026-11-09", "2026-11-15", 3, 21.0, 500),
            ("2026-W47", "2026-11-16", "2026-11-22", 6, 37.0, 1320),
        ])
    );
    assert_eq!(brief(&report["totals"]), (9, 58.0, 1820));
    // The same by name.
    assert_eq!(env.run(&["--json", "report", "--by", "week"]).json(), report);
    // A fresh store: four empty weeks.
    let fresh = TestEnv::new();
    let empty = fresh.run(&["--json", "report"]).json();
    let labels: Vec<String> = periods(&empty).into_iter().map(|p| p.0).collect();
    assert_eq!(labels, ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]);
    assert_eq!(brief(&empty["totals"]), (0, 0.0, 0));
}

#[test]
fn reports_by_day_and_month_with_inclusive_bare_dates() {
    let env = TestEnv::new();
    two_weeks(&env);
    let days = env
        .run(&[
            "--json",
            "report",
            "--by",
            "day",
            "--from",
            "2026-11-15",
            "--to",
            "2026-11-18",
        ])
        .json();
    assert_eq!(
        (days["from"].as_str(), days["to"].as_str(), days["by"].as_str()),
        (Some("2026-11-15"), Some("2026-11-18"), Some("day"))
    );
    assert_eq!(
        periods(&days),
        period_rows(&[
            ("2026-11-15", "2026-11-15", "2026-11-15", 1, 10.0, 100),
            ("2026-11-16", "2026-11-16", "2026-11-16", 2, 9.5, 410),
            ("2026-11-17", "2026-11-17", "2026-11-17", 1, 4.0, 210),
            ("2026-11-18", "2026-11-18", "2026-11-18", 0, 0.0, 0),
        ])
    );
    assert_eq!(brief(&days["totals"]), (4, 23.5, 720));

    // One bare date as both ends: the whole day, up to 23:59.
    let thursday = env
        .run(&[
            "--json",
            "report",
            "--by",
            "day",
            "--from",
            "2026-11-19",
            "--to",
            "2026-11-19",
        ])
        .json();
    assert_eq!(brief(&thursday["totals"]), (1, 10.0, 400));

    let months = env
        .run(&[
            "--json",
            "report",
            "--by",
            "month",
            "--from",
            "2026-10-20",
            "--to",
            "2026-11-21",
        ])
        .json();
    assert_eq!(
        periods(&months),
        period_rows(&[
            ("2026-10", "2026-10-20", "2026-10-31", 0, 0.0, 0),
            ("2026-11", "2026-11-01", "2026-11-21", 9, 58.0, 1820),
        ])
    );

    // Weeks cut to the range: W46 from Wednesday, W47 to Tuesday.
    let weeks = env
        .run(&["--json", "report", "--from", "2026-11-11", "--to", "2026-11-17"])
        .json();
    assert_eq!(
        periods(&weeks),
        period_rows(&[
            ("2026-W46", "2026-11-11", "2026-11-15", 1, 10.0, 100),
            ("2026-W47", "2026-11-16", "2026-11-17", 3, 13.5, 620),
        ])
    );
}

#[test]
fn report_csv_has_a_header_and_plain_numbers() {
    let env = TestEnv::new();
    two_weeks(&env);
    let run = env.run(&["report", "--csv"]);
    let text = run.ok();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("period,from,to,sessions,minutes,steps"),
        "{header}"
    );
    assert_eq!(
        lines.collect::<Vec<_>>(),
        [
            "2026-W44,2026-10-26,2026-11-01,0,0,0,0",
            "2026-W45,2026-11-02,2026-11-08,0,0,0,0",
            "2026-W46,2026-11-09,2026-11-15,3,21,500,1",
            "2026-W47,2026-11-16,2026-11-22,6,37,1320,3",
        ]
    );
    // A reader of RFC 4180 gets the same cells back.
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 4);
    assert!(records.iter().all(|r| r.len() == header.split(',').count()));
    assert_eq!(&records[3][4], "37");

    let days = env.run(&[
        "report",
        "--csv",
        "--by",
        "day",
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-16",
    ]);
    assert_eq!(
        days.ok().lines().nth(1),
        Some("2026-11-16,2026-11-16,2026-11-16,2,9.5,410,1")
    );
    // --csv and --json do not mix, wherever --json is given.
    for args in [&["--json", "report", "--csv"][..], &["report", "--csv", "--json"]] {
        let run = env.run(args);
        assert!(run.fails(2).contains("--json"), "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
}

#[test]
fn the_human_report_lines_up() {
    let env = TestEnv::new();
    two_weeks(&env);
    let text = env.run(&["report"]).ok().to_string();
    fits_80_columns(&text);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert!(lines[1].starts_with("2026-W44"), "{text}");
    assert!(
        lines[4].starts_with("2026-W47") && lines[4].contains("1,320"),
        "{text}"
    );
    assert!(
        lines[5].starts_with("total") && lines[5].contains("1,820"),
        "{text}"
    );
    let width = lines[0].chars().count();
    assert!(lines.iter().all(|l| l.chars().count() == width), "{text}");
}

#[test]
fn a_report_with_millions_of_steps_still_lines_up() {
    let env = TestEnv::new();
    // Twelve days of 100 000 steps: 1,200,000 in the month.
    let walks: Vec<Value> = (1..=12)
        .map(|day| walk(&format!("2026-11-{day:02}T08:00:00+01:00"), 3600, Some(100_000)))
        .collect();
    import(&env, &walks);
    let text = env
        .run(&[
            "report",
            "--by",
            "month",
            "--from",
            "2026-10-01",
            "--to",
            "2026-11-21",
        ])
        .ok()
        .to_string();
    fits_80_columns(&text);
    assert!(text.contains("1,200,000"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let width = lines[0].chars().count();
    assert!(lines.iter().all(|l| l.chars().count() == width), "{text}");
}
