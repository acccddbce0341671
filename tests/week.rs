//! `week` and `report` on known histories, checked against figures worked
//! out by hand (the promises of `week`, `report`, "Targets and verdicts",
//! "days and weeks", the JSON shapes).

mod common;

use common::{TestEnv, assert_fits_80, import, strip_escapes, walk};
use serde_json::{Value, json};

/// Two weeks around the pinned clock (Saturday 21 November 2026, 18:30).
///
/// Week 46 (Mon 9 – Sun 15 Nov), target 5 minutes, steps 200–400:
///   Mon  9  5 min 150 steps                               ✓ ✗
///   Tue 10  6 min 250 steps, pain 2                       ✓ ✓
///   Sun 15  10 min 100 steps, started 23:59 (ends Monday) ✓ ✗
///   = 3 sessions, 21 min, 500 steps; 3 active days, 1 on target (Tue);
///   the third met day: the target is 6 minutes from Monday 16.
///
/// Week 47 (Mon 16 – Sun 22 Nov), target 6 minutes:
///   Mon 16  7.5 min 320 steps pain 1 + 2 min 90 steps pain 3
///           = 9.5 min 410 steps (above the steps range)   ✓ ✓
///   Tue 17  4 min 210 steps (5 % incline)                 ✗ ✓
///   Wed 18  —
///   Thu 19  10 min 400 steps, 23:55 local, in UTC; pain 5 ✓ ✓
///   Fri 20  5.5 min, no step count                        ✗ not counted
///   Sat 21  8 min 300 steps                               ✓ ✓ (→ 7 from Sunday)
///   Sun 22  still to come
///   = 6 sessions, 37 min, 1320 steps; 5 active days, 3 on target;
///   pain: daily maxima 3 and 5, average 4.0 (the week before: 2.0);
///   streak as of Saturday: Thu, Fri, Sat = 3 (Wednesday is empty)
fn two_weeks(env: &TestEnv) {
    import(
        env,
        &[
            walk("2026-11-09T08:00:00+01:00", 300, Some(150)),
            json!({"start": "2026-11-10T08:00:00+01:00", "duration_seconds": 360, "steps": 250,
                   "surface": "track", "pain": 2}),
            walk("2026-11-15T23:59:00+01:00", 600, Some(100)),
            json!({"start": "2026-11-16T07:30:00+01:00", "duration_seconds": 450, "steps": 320,
                   "surface": "grass", "pain": 1}),
            json!({"start": "2026-11-16T19:00:00+01:00", "duration_seconds": 120, "steps": 90,
                   "surface": "grass", "pain": 3}),
            json!({"start": "2026-11-17T07:30:00+01:00", "duration_seconds": 240, "steps": 210,
                   "surface": "treadmill", "incline_percent": 5}),
            json!({"start": "2026-11-19T22:55:00+00:00", "duration_seconds": 600, "steps": 400,
                   "surface": "track", "pain": 5}),
            json!({"start": "2026-11-20T07:30:00+01:00", "duration_seconds": 330, "steps": null, "surface": "sand"}),
            json!({"start": "2026-11-21T09:00:00+01:00", "duration_seconds": 480, "steps": 300,
                   "surface": "grass", "note": "windy, \"cold\""}),
        ],
    );
}

/// A day row as (`date`, `sessions`, `minutes`, `steps`, `target`,
/// `minutes_met`, `steps_met`); steps of a day without a count read as 0.
type DayRow = (String, u64, f64, u64, u64, bool, Option<bool>);

fn day_rows(week: &Value) -> Vec<DayRow> {
    week["days"]
        .as_array()
        .expect("days is an array")
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_string(),
                d["sessions"].as_u64().unwrap(),
                d["minutes"].as_f64().unwrap(),
                d["steps"].as_u64().unwrap_or(0),
                d["target_minutes"].as_u64().unwrap_or(0),
                d["minutes_met"].as_bool().unwrap(),
                d["steps_met"].as_bool(),
            )
        })
        .collect()
}

/// A day row as written in a test.
type Row = (&'static str, u64, f64, u64, u64, bool, Option<bool>);

fn rows(expected: &[Row]) -> Vec<DayRow> {
    expected
        .iter()
        .map(|r| (r.0.to_string(), r.1, r.2, r.3, r.4, r.5, r.6))
        .collect()
}

/// An empty day of the default targets.
fn empty(date: &'static str, target: u64) -> Row {
    (date, 0, 0.0, 0, target, false, None)
}

/// (sessions, minutes, steps) of a totals object.
/// Steps are null when no walk recorded any.
fn brief(totals: &Value) -> (u64, f64, Option<u64>) {
    let steps = &totals["steps"];
    assert!(steps.is_null() || steps.is_u64(), "{totals}");
    (
        totals["sessions"].as_u64().unwrap(),
        totals["minutes"].as_f64().unwrap(),
        steps.as_u64(),
    )
}

/// (`sessions`, `minutes`, `steps`, `active_days`, `days_on_target`).
fn week_totals(week: &Value) -> (u64, f64, Option<u64>, u64, u64) {
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

/// (`period`, `from`, `to`, `sessions`, `minutes`, `steps`, `days_on_target`) per row.
type PeriodRow = (String, String, String, u64, f64, Option<u64>, u64);

fn periods(report: &Value) -> Vec<PeriodRow> {
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
                p["days_on_target"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A `PeriodRow` written with string literals.
type ExpectedPeriod<'a> = (&'a str, &'a str, &'a str, u64, f64, Option<u64>, u64);

fn period_rows(expected: &[ExpectedPeriod]) -> Vec<PeriodRow> {
    expected
        .iter()
        .map(|p| (p.0.into(), p.1.into(), p.2.into(), p.3, p.4, p.5, p.6))
        .collect()
}

/// Fits 80 columns, without blanks at the ends of lines.
#[track_caller]
fn fits_80_columns(text: &str) {
    assert_fits_80("week", text);
    for line in strip_escapes(text).lines() {
        assert_eq!(line, line.trim_end(), "trailing blanks: {line:?}");
    }
}

fn report(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["--json", "report"];
    all.extend_from_slice(args);
    env.run(&all).json()
}

// ---------------------------------------------------------------- week

#[test]
fn the_current_week_judges_each_day_by_its_own_target() {
    let env = TestEnv::new();
    two_weeks(&env);
    let week = env.run(&["--json", "week"]).json();
    assert_eq!(week["week"], "2026-W47");
    assert_eq!(week["start"], "2026-11-16");
    assert_eq!(week["end"], "2026-11-22");
    assert_eq!(
        day_rows(&week),
        rows(&[
            ("2026-11-16", 2, 9.5, 410, 6, true, Some(true)),
            ("2026-11-17", 1, 4.0, 210, 6, false, Some(true)),
            empty("2026-11-18", 6),
            ("2026-11-19", 1, 10.0, 400, 6, true, Some(true)),
            // 5.5 minutes fall short of 6; no step count: not counted.
            ("2026-11-20", 1, 5.5, 0, 6, false, None),
            ("2026-11-21", 1, 8.0, 300, 6, true, Some(true)),
            // The step up earned on Saturday applies from Sunday.
            empty("2026-11-22", 7),
        ])
    );
    let above: Vec<bool> = week["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["above_range"].as_bool().unwrap())
        .collect();
    assert_eq!(above, [true, false, false, false, false, false, false]);
    let pain: Vec<Value> = week["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["pain_max"].clone())
        .collect();
    assert_eq!(
        pain,
        [
            json!(3),
            Value::Null,
            Value::Null,
            json!(5),
            Value::Null,
            Value::Null,
            Value::Null
        ]
    );
    assert_eq!(week_totals(&week), (6, 37.0, Some(1320), 5, 3));
    assert_eq!(week["totals"]["pain_avg"], 4.0);
    assert_eq!(week["streak_days"], 3);
    assert_eq!(brief(&week["previous"]), (3, 21.0, Some(500)));
    assert_eq!(week["previous"]["pain_avg"], 2.0);
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
        for key in [
            "date",
            "sessions",
            "minutes",
            "steps",
            "target_minutes",
            "minutes_met",
            "steps_met",
            "above_range",
            "pain_max",
        ] {
            assert!(day.get(key).is_some(), "no {key} in {day}");
        }
    }
    for key in [
        "sessions",
        "minutes",
        "steps",
        "active_days",
        "days_on_target",
        "pain_avg",
    ] {
        assert!(week["totals"].get(key).is_some(), "no totals.{key} in {week}");
    }
    for key in ["sessions", "minutes", "steps", "pain_avg"] {
        assert!(week["previous"].get(key).is_some(), "no previous.{key} in {week}");
    }
    assert!(week["streak_days"].is_u64());
    assert!(!week.to_string().contains("kcal"), "no weight, no estimate");
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
            ("2026-11-09", 1, 5.0, 150, 5, true, Some(false)),
            ("2026-11-10", 1, 6.0, 250, 5, true, Some(true)),
            empty("2026-11-11", 5),
            empty("2026-11-12", 5),
            empty("2026-11-13", 5),
            empty("2026-11-14", 5),
            // Started 23:59 on Sunday: Sunday's, though it ended on Monday.
            ("2026-11-15", 1, 10.0, 100, 5, true, Some(false)),
        ])
    );
    assert_eq!(week_totals(&by_name), (3, 21.0, Some(500), 3, 1));
    assert_eq!(by_name["totals"]["pain_avg"], 2.0);
    // The streak of a past week ends on its Sunday.
    assert_eq!(by_name["streak_days"], 1);
    assert_eq!(brief(&by_name["previous"]), (0, 0.0, None));
    assert_eq!(by_name["previous"]["pain_avg"], Value::Null);
    // Other spellings of a day in the week.
    for date in ["yesterday", "mon", "2 days ago", "16 Nov"] {
        let week = env.run(&["--json", "week", "--date", date]).json();
        assert_eq!(week["week"], "2026-W47", "{date}");
    }
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
    assert_eq!(week_totals(&week), (1, 6.0, Some(250), 1, 1));
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
            empty("2026-11-16", 5),
            empty("2026-11-17", 5),
            empty("2026-11-18", 5),
            empty("2026-11-19", 5),
            empty("2026-11-20", 5),
            empty("2026-11-21", 5),
            empty("2026-11-22", 5),
        ])
    );
    assert_eq!(week_totals(&week), (0, 0.0, None, 0, 0));
    assert_eq!(week["totals"]["pain_avg"], Value::Null);
    assert_eq!(week["streak_days"], 0);
    assert_eq!(brief(&week["previous"]), (0, 0.0, None));
    let text = env.run(&["week"]).ok().to_string();
    assert!(text.contains("0 walks"), "{text}");
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("pain")),
        "no pain line without pain: {text}"
    );
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
            walk("2026-10-25T22:58:00+00:00", 120, Some(10)),  // Sun 25 23:58 CET
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
    // 18, 19 and 25 meet 5 minutes: 6 from Monday 26.
    assert_eq!(
        day_rows(&week),
        rows(&[
            ("2026-10-19", 1, 5.0, 150, 5, true, Some(false)),
            empty("2026-10-20", 5),
            empty("2026-10-21", 5),
            empty("2026-10-22", 5),
            empty("2026-10-23", 5),
            empty("2026-10-24", 5),
            // 7 + 1 + 2 minutes, 250 + 50 + 10 steps
            ("2026-10-25", 3, 10.0, 310, 5, true, Some(true)),
        ])
    );
    assert_eq!(week_totals(&week), (4, 15.0, Some(460), 2, 1));
    assert_eq!(brief(&week["previous"]), (1, 10.0, Some(100)));
    let next = env.run(&["--json", "week", "--week", "2026-W44"]).json();
    assert_eq!(
        day_rows(&next)[0],
        ("2026-10-26".to_string(), 1, 15.0, 400, 6, true, Some(true))
    );
    assert_eq!(next["days"][0]["above_range"], true);
    assert_eq!(brief(&next["previous"]), (4, 15.0, Some(460)));
    let text = env.run(&["week", "--week", "2026-W43"]).ok().to_string();
    fits_80_columns(&text);
    let table: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains(" Oct") && !l.contains('#') && !l.contains("plan"))
        .collect();
    assert_eq!(table.len(), 7, "{text}");
    assert!(
        table[0].contains("Mon 19 Oct") && table[6].contains("Sun 25 Oct"),
        "{text}"
    );
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
            ("2026-03-02", 1, 5.0, 200, 5, true, Some(true)),
            empty("2026-03-03", 5),
            empty("2026-03-04", 5),
            empty("2026-03-05", 5),
            empty("2026-03-06", 5),
            empty("2026-03-07", 5),
            // 10 + 10 + 1 minutes, 300 + 300 + 1 steps: above the range.
            ("2026-03-08", 3, 21.0, 601, 5, true, Some(true)),
        ])
    );
    assert_eq!(week["days"][6]["above_range"], true);
    assert_eq!(week_totals(&week), (4, 26.0, Some(801), 2, 2));
    assert_eq!(brief(&week["previous"]), (1, 1.0, Some(5)));
    assert_eq!(week["streak_days"], 1);
    let text = env.run(&["week", "--week", "2026-W10"]).ok().to_string();
    assert!(text.contains("above the 5–10 minute"), "{text}");
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
            walk("2021-01-01T10:00:00+01:00", 420, Some(300)), // Fri: 3rd met day
            walk("2021-01-03T23:30:00+01:00", 300, Some(200)), // Sun: short of 6
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
            ("2020-12-28", 1, 6.0, 250, 5, true, Some(true)),
            empty("2020-12-29", 5),
            empty("2020-12-30", 5),
            empty("2020-12-31", 5),
            ("2021-01-01", 1, 7.0, 300, 5, true, Some(true)),
            empty("2021-01-02", 6),
            ("2021-01-03", 1, 5.0, 200, 6, false, Some(true)),
        ])
    );
    assert_eq!(week_totals(&week), (3, 18.0, Some(750), 3, 2));
    assert_eq!(brief(&week["previous"]), (1, 5.0, Some(100)));
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
    let text = env.run(&["week"]).ok().to_string();
    fits_80_columns(&text);
    assert!(text.contains("2026-W47"), "{text}");
    assert!(text.contains("6 walks · 37m · 1,320 steps"), "{text}");
    assert!(text.contains("5 active · 3 on target"), "{text}");
    assert!(text.contains("3 days"), "{text}");
    // 6 − 3 walks, 37 − 21 minutes, 1320 − 500 steps.
    assert!(text.contains("+3 walks · +16m · +820 steps"), "{text}");
    assert!(text.contains("(to come)"), "{text}");
    let pain = text
        .lines()
        .find(|l| l.trim_start().starts_with("pain "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(pain.contains("4.0") && pain.contains("2.0"), "{pain}");
    // Monday went above the steps range: a caution, naming the day.
    let caution = text
        .lines()
        .find(|l| l.contains("above the 200–400 step range"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(caution.contains("Mon"), "{caution}");

    // The table's rows line up with its header, one column per figure.
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.trim_start().starts_with("day"))
        .expect("a header");
    for column in ["walks", "time", "steps", "target", "min met", "steps met", "pain"] {
        assert!(lines[header].contains(column), "{column}: {}", lines[header]);
    }
    let width = lines[header].chars().count();
    for line in &lines[header + 1..header + 7] {
        assert_eq!(
            line.chars().count(),
            width,
            "{line:?} against {:?}",
            lines[header]
        );
    }
    let row = |name: &str| -> Vec<&str> {
        lines
            .iter()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("{name}: {text}"))
            .split_whitespace()
            .collect()
    };
    // Mon 16 Nov  2  9m30s  410  6m  ✓  ▲  3: steps above the range
    assert_eq!(row("Mon 16 Nov")[3..], ["2", "9m30s", "410", "6m", "✓", "▲", "3"]);
    assert_eq!(row("Fri 20 Nov")[3..], ["1", "5m30s", "—", "6m", "○", "—", "—"]);
    assert_eq!(row("Thu 19 Nov")[3..], ["1", "10m", "400", "6m", "✓", "✓", "5"]);

    // Without a UTF-8 locale: plain ASCII, same layout.
    let output = env.command().args(["week"]).env("LANG", "C").output().unwrap();
    let ascii = String::from_utf8(output.stdout).unwrap();
    assert!(ascii.is_ascii(), "{ascii}");
    fits_80_columns(&ascii);
    assert_eq!(ascii.lines().count(), text.lines().count());
}

/// The column of the target mark `|` in a day's chart bar, and the bar's
/// width, from the line that starts with the weekday.
fn mark(text: &str, weekday: &str) -> (Option<usize>, usize) {
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with(weekday) && !l.contains("Nov"))
        .unwrap_or_else(|| panic!("no chart line for {weekday}: {text}"));
    let bar: Vec<char> = line
        .trim_start()
        .trim_start_matches(weekday)
        .trim_start()
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    (bar.iter().position(|c| *c == '|'), bar.len())
}

#[test]
fn the_chart_marks_each_days_own_target() {
    let env = TestEnv::new();
    // Sun 15: 5. Mon 16: 3 (short). Tue 17, Wed 18: 5 → 6 from Thursday.
    // Thu 19: none. Fri 20, Sat 21: 6.
    import(
        &env,
        &[
            walk("2026-11-15T08:00:00+01:00", 300, Some(250)),
            walk("2026-11-16T08:00:00+01:00", 180, Some(250)),
            walk("2026-11-17T08:00:00+01:00", 300, Some(250)),
            walk("2026-11-18T08:00:00+01:00", 300, Some(250)),
            walk("2026-11-20T08:00:00+01:00", 360, Some(250)),
            walk("2026-11-21T08:00:00+01:00", 360, Some(250)),
        ],
    );
    let text = env.run(&["week"]).ok().to_string();
    let (monday, width) = mark(&text, "Mon");
    let (thursday, _) = mark(&text, "Thu");
    let (sunday, _) = mark(&text, "Sun");
    // The chart's scale is the range's high end, 10 minutes.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a column of the chart: positive and small"
    )]
    let at = |minutes: f64| Some((minutes / 10.0 * width as f64).round() as usize - 1);
    assert_eq!(monday, at(5.0), "{text}");
    assert_eq!(thursday, at(6.0), "{text}");
    assert_eq!(sunday, at(6.0), "{text}");
    // A day whose bar passes its target covers the mark.
    assert_eq!(mark(&text, "Fri").0, None, "{text}");
    let week = env.run(&["--json", "week"]).json();
    let targets: Vec<u64> = week["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["target_minutes"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(targets, [5, 5, 5, 6, 6, 6, 6]);
}

#[test]
fn days_on_target_in_week_and_report_use_each_days_target() {
    let env = TestEnv::new();
    // 5, 6, 7 three days each from Thu 12: 8 minutes from Saturday 21.
    let walks: Vec<Value> = [5, 5, 5, 6, 6, 6, 7, 7, 7]
        .iter()
        .enumerate()
        .map(|(i, m)| {
            walk(
                &format!("2026-11-{:02}T08:00:00+01:00", 12 + i),
                m * 60,
                Some(300),
            )
        })
        .collect();
    import(&env, &walks);
    env.run(&["log", "7m30s", "--at", "2026-11-21 08:00", "--steps", "300"])
        .ok();
    let week = env.run(&["--json", "week"]).json();
    let met: Vec<(u64, bool)> = week["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["target_minutes"].as_u64().unwrap_or(0),
                d["minutes_met"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        met,
        [
            (6, true),
            (6, true),
            (7, true),
            (7, true),
            (7, true),
            (8, false),
            (8, false)
        ]
    );
    assert_eq!(week["totals"]["days_on_target"], 5);
    let text = env.run(&["week"]).ok().to_string();
    let saturday: Vec<&str> = text
        .lines()
        .find(|l| l.contains("Sat 21 Nov"))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(saturday[3..8], ["1", "7m30s", "300", "8m", "○"], "{text}");

    let weeks = report(&env, &[]);
    let on_target: Vec<u64> = periods(&weeks).iter().map(|p| p.6).collect();
    assert_eq!(on_target, [0, 0, 4, 5]);
    let days = report(
        &env,
        &["--by", "day", "--from", "2026-11-20", "--to", "2026-11-21"],
    );
    let on_target: Vec<u64> = periods(&days).iter().map(|p| p.6).collect();
    assert_eq!(on_target, [1, 0]);
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
    let screens: [&[&str]; 14] = [
        &["today"],
        &["today", "--date", "2026-11-18"],
        &["status"],
        &["plan"],
        &["goals", "--history"],
        &["tips"],
        &["week"],
        &["week", "--week", "2026-W46"],
        &["report"],
        &["report", "--by", "day"],
        &["report", "--by", "month", "--from", "2026-01-01"],
        &["list"],
        &["calendar"],
        &["calendar", "--year", "2026"],
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
    let cases: [(&[&str], &str); 11] = [
        (&["week", "--week", "2026-W60"], "53"),
        (&["week", "--week", "2026-W53"], "future"),
        (&["week", "--week", "2025-W53"], "52"),
        (&["week", "--week", "2026-47"], "2026-W47"),
        (&["week", "--date", "2026-12-01"], "future"),
        (&["week", "--date", "someday"], "someday"),
        (&["week", "--date", "2026-11-10", "--week", "2026-W46"], "--week"),
        (
            &["report", "--from", "2026-11-10", "--to", "2026-11-01"],
            "2026-11-01",
        ),
        (&["report", "--by", "year"], "month"),
        (&["report", "--from", "2026-13-01"], "2026-13-01"),
        (&["report", "--from", "2x"], "2x"),
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
    let value = report(&env, &[]);
    assert_eq!(
        (value["from"].as_str(), value["to"].as_str(), value["by"].as_str()),
        (Some("2026-10-26"), Some("2026-11-22"), Some("week"))
    );
    assert_eq!(
        periods(&value),
        period_rows(&[
            ("2026-W44", "2026-10-26", "2026-11-01", 0, 0.0, None, 0),
            ("2026-W45", "2026-11-02", "2026-11-08", 0, 0.0, None, 0),
            ("2026-W46", "2026-11-09", "2026-11-15", 3, 21.0, Some(500), 1),
            ("2026-W47", "2026-11-16", "2026-11-22", 6, 37.0, Some(1320), 3),
        ])
    );
    let pain: Vec<Value> = value["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pain_avg"].clone())
        .collect();
    assert_eq!(pain, [Value::Null, Value::Null, json!(2.0), json!(4.0)]);
    assert_eq!(brief(&value["totals"]), (9, 58.0, Some(1820)));
    assert_eq!(value["totals"]["days_on_target"], 4);
    // The same by name.
    assert_eq!(report(&env, &["--by", "week"]), value);
    // A fresh store: four empty weeks.
    let fresh = TestEnv::new();
    let empty = report(&fresh, &[]);
    let labels: Vec<String> = periods(&empty).into_iter().map(|p| p.0).collect();
    assert_eq!(labels, ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]);
    assert_eq!(brief(&empty["totals"]), (0, 0.0, None));
}

#[test]
fn relative_starts_count_back_from_today() {
    let env = TestEnv::new();
    two_weeks(&env);
    // 2w: the last 14 days including today, from Sunday 8 November.
    let weeks = report(&env, &["--from", "2w"]);
    assert_eq!(weeks["from"], "2026-11-08");
    let labels: Vec<(String, String)> = periods(&weeks).into_iter().map(|p| (p.0, p.1)).collect();
    assert_eq!(
        labels,
        [
            ("2026-W45".to_string(), "2026-11-08".to_string()),
            ("2026-W46".to_string(), "2026-11-09".to_string()),
            ("2026-W47".to_string(), "2026-11-16".to_string()),
        ]
    );
    assert_eq!(brief(&weeks["totals"]), (9, 58.0, Some(1820)));
    // 7d: the last 7 days including today, from Sunday 15 November.
    let days = report(&env, &["--from", "7d", "--by", "day", "--to", "today"]);
    assert_eq!(
        (days["from"].as_str(), days["to"].as_str()),
        (Some("2026-11-15"), Some("2026-11-21"))
    );
    let labels: Vec<String> = periods(&days).into_iter().map(|p| p.0).collect();
    assert_eq!(
        labels,
        [
            "2026-11-15",
            "2026-11-16",
            "2026-11-17",
            "2026-11-18",
            "2026-11-19",
            "2026-11-20",
            "2026-11-21"
        ]
    );
    assert_eq!(brief(&days["totals"]), (7, 47.0, Some(1420)));
}

#[test]
fn reports_by_day_and_month_with_inclusive_bare_dates() {
    let env = TestEnv::new();
    two_weeks(&env);
    let days = report(
        &env,
        &["--by", "day", "--from", "2026-11-15", "--to", "2026-11-18"],
    );
    assert_eq!(
        (days["from"].as_str(), days["to"].as_str(), days["by"].as_str()),
        (Some("2026-11-15"), Some("2026-11-18"), Some("day"))
    );
    assert_eq!(
        periods(&days),
        period_rows(&[
            // 100 steps are short of 200: not on target.
            ("2026-11-15", "2026-11-15", "2026-11-15", 1, 10.0, Some(100), 0),
            ("2026-11-16", "2026-11-16", "2026-11-16", 2, 9.5, Some(410), 1),
            ("2026-11-17", "2026-11-17", "2026-11-17", 1, 4.0, Some(210), 0),
            ("2026-11-18", "2026-11-18", "2026-11-18", 0, 0.0, None, 0),
        ])
    );
    assert_eq!(days["periods"][1]["pain_avg"], 3.0);
    assert_eq!(days["periods"][0]["pain_avg"], Value::Null);
    assert_eq!(brief(&days["totals"]), (4, 23.5, Some(720)));

    // One bare date as both ends: the whole day, up to 23:59.
    let thursday = report(
        &env,
        &["--by", "day", "--from", "2026-11-19", "--to", "2026-11-19"],
    );
    assert_eq!(brief(&thursday["totals"]), (1, 10.0, Some(400)));

    let months = report(
        &env,
        &["--by", "month", "--from", "2026-10-20", "--to", "2026-11-21"],
    );
    assert_eq!(
        periods(&months),
        period_rows(&[
            ("2026-10", "2026-10-20", "2026-10-31", 0, 0.0, None, 0),
            ("2026-11", "2026-11-01", "2026-11-21", 9, 58.0, Some(1820), 4),
        ])
    );
    // Pain 2, 3 and 5 on three days.
    let pain = months["periods"][1]["pain_avg"].as_f64().unwrap();
    assert!((pain - 10.0 / 3.0).abs() < 0.01, "{pain}");

    // Weeks cut to the range: W46 from Wednesday, W47 to Tuesday.
    let weeks = report(&env, &["--from", "2026-11-11", "--to", "2026-11-17"]);
    assert_eq!(
        periods(&weeks),
        period_rows(&[
            ("2026-W46", "2026-11-11", "2026-11-15", 1, 10.0, Some(100), 0),
            ("2026-W47", "2026-11-16", "2026-11-17", 3, 13.5, Some(620), 1),
        ])
    );
}

#[test]
fn a_report_from_a_relative_start_ends_today() {
    let env = TestEnv::new();
    two_weeks(&env);
    let last_week = report(&env, &["--from", "7d", "--by", "day"]);
    assert_eq!(
        (last_week["from"].as_str(), last_week["to"].as_str()),
        (Some("2026-11-15"), Some("2026-11-21"))
    );
    assert_eq!(periods(&last_week).len(), 7, "no row for the days to come");
    // A day without a step count has no steps, not zero steps.
    let week = env.run(&["--json", "week"]).json();
    assert_eq!(week["days"][4]["steps"], Value::Null, "Friday: no count");
    assert_eq!(week["days"][2]["steps"], Value::Null, "Wednesday: no walk");
    assert_eq!(week["days"][5]["steps"], 300);
}

#[test]
fn the_report_json_has_the_documented_shape() {
    let env = TestEnv::new();
    two_weeks(&env);
    let value = report(&env, &[]);
    for key in ["from", "to", "by", "periods", "totals"] {
        assert!(value.get(key).is_some(), "no {key} in {value}");
    }
    for period in value["periods"].as_array().unwrap() {
        for key in [
            "period",
            "from",
            "to",
            "sessions",
            "minutes",
            "steps",
            "days_on_target",
            "pain_avg",
        ] {
            assert!(period.get(key).is_some(), "no {key} in {period}");
        }
    }
    for key in ["sessions", "minutes", "steps", "days_on_target"] {
        assert!(value["totals"][key].is_number(), "no totals.{key} in {value}");
    }
}

#[test]
fn report_csv_has_a_header_and_plain_numbers() {
    let env = TestEnv::new();
    two_weeks(&env);
    let run = env.run(&["report", "--csv"]);
    let text = run.ok();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert_eq!(
        header,
        "period,from,to,sessions,minutes,steps,days_on_target,pain_avg"
    );
    assert_eq!(
        lines.collect::<Vec<_>>(),
        [
            "2026-W44,2026-10-26,2026-11-01,0,0,,0,",
            "2026-W45,2026-11-02,2026-11-08,0,0,,0,",
            "2026-W46,2026-11-09,2026-11-15,3,21,500,1,2",
            "2026-W47,2026-11-16,2026-11-22,6,37,1320,3,4",
        ]
    );
    // A reader of RFC 4180 gets the same cells back.
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 4);
    assert!(records.iter().all(|r| r.len() == 8));
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
        Some("2026-11-16,2026-11-16,2026-11-16,2,9.5,410,1,3")
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
    // Weeks without walks have no steps (—), and the pain column says
    // what it averages.
    assert_eq!(
        text,
        "\
period     from       to         walks     time     steps on target  pain
2026-W44   2026-10-26 2026-11-01     0       0m         —         0     —
2026-W45   2026-11-02 2026-11-08     0       0m         —         0     —
2026-W46   2026-11-09 2026-11-15     3      21m       500         1   2.0
2026-W47   2026-11-16 2026-11-22     6      37m     1,320         3   4.0
total                                9      58m     1,820         4
pain: the average of daily highest pain after walks
"
    );
    let lines: Vec<&str> = text.lines().collect();
    let width = lines[0].chars().count();
    assert!(lines[..5].iter().all(|l| l.chars().count() == width), "{text}");
}

#[test]
fn a_report_with_millions_of_steps_still_lines_up() {
    let env = TestEnv::new();
    // Twelve days of 100 000 steps in 20 minutes: 1,200,000 in the month.
    let walks: Vec<Value> = (1..=12)
        .map(|day| walk(&format!("2026-11-{day:02}T08:00:00+01:00"), 1200, Some(100_000)))
        .collect();
    let path = env.dir.path().join("history.json");
    std::fs::write(&path, serde_json::to_string(&walks).unwrap()).unwrap();
    // Such walks are unusual (over 200 steps a minute): import takes them.
    env.run(&["import", path.to_str().unwrap()]).ok();
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
    assert!(lines[..3].iter().all(|l| l.chars().count() == width), "{text}");
}

// ---------------------------------------------------------------- one word for each verdict

/// Mon on target, Tue above the range (and on target), Wed below, Thu
/// minutes met but steps unmet, Fri on target with pain 7 and no steps.
fn verdict_week(env: &TestEnv) {
    env.log_all(&[
        &["5", "--steps", "250", "--at", "2026-11-16 08:00"],
        &["12", "--steps", "300", "--at", "2026-11-17 08:00"],
        &["4", "--at", "2026-11-18 08:00"],
        &["6", "--steps", "150", "--at", "2026-11-19 08:00"],
        &["6", "--pain", "7", "--at", "2026-11-20 08:00"],
    ]);
}

#[test]
fn week_report_and_calendar_mean_one_thing_by_on_target() {
    let env = TestEnv::new();
    verdict_week(&env);
    let week = env.run(&["week"]).ok().to_string();
    assert_eq!(
        week,
        "\
Week 2026-W47 · Mon 16 Nov – Sun 22 Nov 2026

  day         walks     time   steps  target  min met  steps met  pain
  Mon 16 Nov      1       5m     250      5m        ✓          ✓     —
  Tue 17 Nov      1      12m     300      5m        ▲          ✓     —
  Wed 18 Nov      1       4m       —      5m        ○          —     —
  Thu 19 Nov      1       6m     150      5m        ✓          ○     —
  Fri 20 Nov      1       6m       —      6m        ✓          —     7
  Sat 21 Nov      0       0m       —      6m        —          —     —
  Sun 22 Nov  (to come)

  Minutes per day (| marks each day's target)
  Mon  ████████████████████▉░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  5m
  Tue  ██████████████████████████████████████████████████  12m
  Wed  ████████████████▋░░░|░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  4m
  Thu  █████████████████████████░░░░░░░░░░░░░░░░░░░░░░░░░  6m
  Fri  █████████████████████████░░░░░░░░░░░░░░░░░░░░░░░░░  6m
  Sat  ░░░░░░░░░░░░░░░░░░░░░░░░|░░░░░░░░░░░░░░░░░░░░░░░░░  0m
  Sun  ░░░░░░░░░░░░░░░░░░░░░░░░|░░░░░░░░░░░░░░░░░░░░░░░░░

  total     5 walks · 33m · 700 steps
  days      5 active · 3 on target · 6m36s per active day
  pain      average of daily highest 7.0 (the week before: none recorded)
  streak    5 days · longest 5 days
  best      #2 · 12m · Tue 17 Nov
  surfaces  other 33m
  vs before +5 walks · +33m · +700 steps
  plan      6 minutes a day · 0 of 3 days toward 7 minutes
  caution   Tue above the 5–10 minute range the articles give; they advise
            building up gradually
  caution   Fri pain above 5: the day does not count toward a step up; hold at 6
            minutes a day, and speak to a health professional if it persists
"
    );
    let report = env.run(&["report", "--from", "2026-11-16"]).ok().to_string();
    assert_eq!(
        report,
        "\
period     from       to         walks     time     steps on target  pain
2026-W47   2026-11-16 2026-11-21     5      33m       700         3   7.0
total                                5      33m       700         3
pain: the average of daily highest pain after walks
"
    );
    let calendar = env.run(&["calendar", "--months", "1"]).ok().to_string();
    assert_eq!(
        calendar,
        "\
Walks from 1 Nov 2026 to 21 Nov 2026
Walked on 5 of 21 days: 3 on target, 2 below target; 1 above the range
1 step-up; 1 day with pain above 5

    2026
    Nov
Mon   · · ●
Tue   · · ▲
Wed   · · ○
Thu   · · ○+
Fri   · · ●!
Sat   · · ·
Sun · · ·

Key: · no walk   ○ below target   ● on target   ▲ above the range
     ●+ a step up earned that day   ○! pain above 5 that day
"
    );
    // The same verdicts as JSON keys: Mon, Tue (above the range) and Fri.
    let on_target = |days: &Value| -> Vec<bool> {
        days.as_array()
            .unwrap()
            .iter()
            .filter(|d| d["sessions"].as_u64() > Some(0))
            .map(|d| d["on_target"].as_bool().unwrap())
            .collect()
    };
    let week = env.run(&["--json", "week"]).json();
    assert_eq!(on_target(&week["days"]), [true, true, false, false, true]);
    assert_eq!(week["totals"]["days_on_target"], 3);
    let calendar = env.run(&["--json", "calendar", "--months", "1"]).json();
    assert_eq!(on_target(&calendar["days"]), [true, true, false, false, true]);
    let tuesday = env.run(&["--json", "today", "--date", "2026-11-17"]).json();
    assert_eq!(
        (&tuesday["on_target"], &tuesday["above_range"]),
        (&json!(true), &json!(true))
    );
    let report = env.run(&["--json", "report", "--from", "2026-11-16"]).json();
    assert_eq!(report["totals"]["days_on_target"], 3);
}

#[test]
fn steps_never_recorded_are_null_not_zero() {
    let env = TestEnv::new();
    env.log_all(&[&["6", "--at", "2026-11-20 08:00"], &["6"]]);
    let today = env.run(&["today"]).ok().to_string();
    assert_eq!(
        today,
        "\
Saturday 21 November 2026

  minutes  ██████████████████░░░░░░░░░░░░  6m of 5m ✓
  steps    ░░░░░░░░░░░░░░|░░░░░░░░░░░░░░░  — of 200–400 (not counted)

  #2 · 6m · other · Sat 21 Nov 18:24

  streak  2 days · longest 2 days
  plan    5 minutes a day · 2 of 3 days toward 6 minutes
  next    Today's targets are met: well done. Rest, or add an easy few minutes.
"
    );
    assert_eq!(
        env.run(&["status"]).ok(),
        "today 6m of 5m ✓ · steps not recorded · streak 2\n"
    );
    let report = env.run(&["--json", "report"]).json();
    assert!(report["totals"]["steps"].is_null(), "{report}");
    for period in report["periods"].as_array().unwrap() {
        assert!(period["steps"].is_null(), "{period}");
    }
    let week = env.run(&["--json", "week"]).json();
    assert!(week["totals"]["steps"].is_null(), "{week}");
    assert!(week["previous"]["steps"].is_null(), "{week}");
    let csv = env.run(&["report", "--csv"]).ok().to_string();
    assert_eq!(
        csv.lines().last(),
        Some("2026-W47,2026-11-16,2026-11-22,2,12,,2,")
    );
    let text = env.run(&["week"]).ok().to_string();
    assert!(text.contains("  total     2 walks · 12m · — steps\n"), "{text}");
    assert!(text.contains("  vs before +2 walks · +12m · steps —\n"), "{text}");
}

#[test]
fn an_estimate_that_covers_some_walks_says_how_many() {
    let env = TestEnv::new();
    env.log_all(&[
        &["6", "--at", "2026-11-16 08:00"],
        &["6", "--at", "2026-11-17 08:00"],
        &["6", "--at", "2026-11-18 08:00"],
    ]);
    env.run(&["goals", "--weight", "70"]).ok();
    env.log_all(&[&["6"]]);
    let week = env.run(&["week"]).ok().to_string();
    assert!(
        week.contains(
            "  energy    ~42 kcal for 1 of 4 walks (estimate at 3.5 mph; slower walks burn\n            less)\n"
        ),
        "{week}"
    );
}

#[test]
fn a_week_whose_walks_counted_no_steps_is_not_compared_as_zero_steps() {
    let mut env = TestEnv::new();
    // W46: 2 walks with steps; W47: 1 walk without; W48: 1 walk with.
    env.log_all(&[
        &["6", "--steps", "300", "--at", "2026-11-10 08:00"],
        &["6", "--steps", "300", "--at", "2026-11-11 08:00"],
        &["6", "--at", "2026-11-17 08:00"],
    ]);
    let vs_before = |env: &TestEnv, args: &[&str]| -> String {
        let text = env.run(args).ok().to_string();
        text.lines()
            .find(|l| l.starts_with("  vs before"))
            .unwrap_or_else(|| panic!("{text}"))
            .to_string()
    };
    assert_eq!(vs_before(&env, &["week"]), "  vs before -1 walk · -6m · steps —");
    env.at("2026-11-28T18:30:00+01:00");
    env.log_all(&[&["6", "--steps", "250", "--at", "2026-11-24 08:00"]]);
    assert_eq!(vs_before(&env, &["week"]), "  vs before 0 walks · 0m · steps —");
    // A week without walks took no steps: against it the change is known.
    assert_eq!(
        vs_before(&env, &["week", "--week", "2026-W46"]),
        "  vs before +2 walks · +12m · +600 steps"
    );
}
