//! The starter plan, the targets in force each day, pain, calorie
//! estimates, streaks and tips, end to end through the command line
//! (the promises of "The starter plan", "Targets and verdicts", "Technique and
//! safety guidance", "Calorie estimate", "Fine points", `plan`, `goals`,
//! `today`, `tips`, the JSON shapes).

mod common;

use common::{TestEnv, assert_fits_80};
use serde_json::{Value, json};

/// Imports `[(local start, seconds, steps)]` as grass walks.
fn import(env: &TestEnv, walks: &[(&str, u32, u32)]) {
    let records: Vec<Value> = walks
        .iter()
        .map(|(start, seconds, steps)| common::walk(start, *seconds, Some(*steps)))
        .collect();
    common::import(env, &records);
}

/// One walk a day at 08:00 from `first` (a day in November 2026 or
/// October, both in Berlin winter or summer time as the offset says), of
/// the given minutes, 300 steps each.
fn daily(env: &TestEnv, first: &str, minutes: &[u32]) {
    let first = chrono::NaiveDate::parse_from_str(first, "%Y-%m-%d").unwrap();
    let starts: Vec<String> = (0..i64::try_from(minutes.len()).unwrap())
        .map(|i| {
            let day = first + chrono::Duration::days(i);
            // Summer time in Berlin ends on 25 October 2026.
            let offset = if day < chrono::NaiveDate::from_ymd_opt(2026, 10, 25).unwrap() {
                "+02:00"
            } else {
                "+01:00"
            };
            format!("{day}T08:00:00{offset}")
        })
        .collect();
    let walks: Vec<(&str, u32, u32)> = starts
        .iter()
        .zip(minutes)
        .map(|(start, m)| (start.as_str(), m * 60, 300))
        .collect();
    import(env, &walks);
}

/// Logs a walk and returns its id.
fn log(env: &TestEnv, args: &[&str]) -> u64 {
    let mut all = vec!["--json", "log"];
    all.extend_from_slice(args);
    env.run(&all).json()["id"].as_u64().expect("an id")
}

fn plan(env: &TestEnv) -> Value {
    env.run(&["--json", "plan"]).json()
}

fn today(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["--json", "today"];
    all.extend_from_slice(args);
    env.run(&all).json()
}

/// The plan's history as (date, target, reason).
fn changes(plan: &Value) -> Vec<(String, u64, String)> {
    plan["history"]
        .as_array()
        .expect("history is an array")
        .iter()
        .map(|s| {
            (
                s["date"].as_str().unwrap().to_string(),
                s["target_minutes"].as_u64().unwrap(),
                s["reason"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn expect(list: &[(&str, u64, &str)]) -> Vec<(String, u64, String)> {
    list.iter()
        .map(|(d, t, r)| (d.to_string(), *t, r.to_string()))
        .collect()
}

/// Asserts that every key of `expected` is in `actual` with that value
/// (scripts rely on those keys; more may be added).
#[track_caller]
fn assert_fields(actual: &Value, expected: Value) {
    let Value::Object(expected) = expected else {
        panic!("expected is an object: {expected}");
    };
    for (key, value) in expected {
        assert_eq!(
            actual.get(&key),
            Some(&value),
            "{key} in {}",
            serde_json::to_string_pretty(actual).unwrap()
        );
    }
}

/// Every key anywhere in a JSON document.
fn keys(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                out.push(key.clone());
                keys(inner, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

fn has_key(value: &Value, key: &str) -> bool {
    let mut all = Vec::new();
    keys(value, &mut all);
    all.iter().any(|k| k == key)
}

fn kcal(value: &Value) -> f64 {
    value["kcal_estimate"]
        .as_f64()
        .unwrap_or_else(|| panic!("no kcal_estimate in {value}"))
}

/// The `next` advice of `today`, its wrapped lines joined.
/// The `caution` and `next` lines of `today`, joined.
fn advice(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("next ") || trimmed.starts_with("caution ") {
            inside = true;
            let said = trimmed.trim_start_matches("next").trim_start_matches("caution");
            out.push(' ');
            out.push_str(said.trim());
        } else if inside && line.starts_with("          ") {
            out.push(' ');
            out.push_str(line.trim());
        } else {
            inside = false;
        }
    }
    out.trim().to_string()
}

// ---------------------------------------------------------------- plan

#[test]
fn a_fresh_user_starts_at_five_minutes() {
    let env = TestEnv::new();
    assert_fields(
        &plan(&env),
        json!({
            "target_minutes": 5,
            "range": {"min": 5, "max": 10},
            "days_toward_next": 0,
            "days_per_step": 3,
            "complete": false,
            "held_by_pain": false,
            "history": []
        }),
    );
    let text = env.run(&["plan"]).ok().to_string();
    assert!(text.contains("Starter plan: 5 minutes a day"), "{text}");
    assert!(!text.contains("sessions"), "the target is a day's total: {text}");
    assert!(text.contains("0 of 3 days toward 6 minutes"), "{text}");
    // The rule is stated as backwalk's own way of applying the articles.
    assert!(text.contains("backwalk's own way"), "{text}");
    assert!(text.contains("increase the time gradually"), "{text}");
    assert!(text.contains("Technique and safety"), "{text}");
    assert_fits_80("plan", &text);
}

#[test]
fn three_met_days_step_the_target_up_dated_by_the_third() {
    let env = TestEnv::new();
    log(&env, &["5", "--at", "2026-11-16"]);
    log(&env, &["4", "--at", "2026-11-17"]); // short of 5: does not count
    log(&env, &["6", "--at", "2026-11-18"]);
    let p = plan(&env);
    assert_fields(
        &p,
        json!({"target_minutes": 5, "days_toward_next": 2, "history": []}),
    );

    log(&env, &["5", "--at", "2026-11-20"]);
    let p = plan(&env);
    assert_fields(
        &p,
        json!({
            "target_minutes": 6,
            "days_toward_next": 0,
            "days_per_step": 3,
            "complete": false,
            "history": [{"date": "2026-11-20", "from": "2026-11-21", "target_minutes": 6, "reason": "step_up"}]
        }),
    );

    // The new target applies from the next day: today 6 minutes reach it.
    log(&env, &["6"]);
    assert_fields(&plan(&env), json!({"target_minutes": 6, "days_toward_next": 1}));
    assert_fields(
        &today(&env, &[]),
        json!({"target_minutes": 6, "plan_target_minutes": 6, "minutes_met": true}),
    );
    let text = env.run(&["plan"]).ok().to_string();
    assert!(text.contains("6 minutes a day"), "{text}");
    assert!(text.contains("1 of 3 days toward 7 minutes"), "{text}");
    // Dated by the day it applies from, with the days that earned it.
    let history: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "Changes of target")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(
        history,
        ["  6 minutes a day from Sat 21 Nov 2026, earned by 16, 18 and 20 Nov"]
    );
}

#[test]
fn a_step_up_earned_today_judges_today_by_the_target_it_began_with() {
    let env = TestEnv::new();
    log(&env, &["5", "--at", "2026-11-19 08:00"]);
    log(&env, &["5", "--at", "2026-11-20 08:00"]);
    let progress = env.run(&["log", "5", "--steps", "300"]).ok().to_string();
    assert!(progress.contains("5m of 5m ✓"), "{progress}");
    // The day's target is the one in force when it began; the plan's is new.
    assert_fields(
        &today(&env, &[]),
        json!({
            "target_minutes": 5,
            "plan_target_minutes": 6,
            "minutes_met": true,
            "minutes_target": {"min": 5, "max": 10}
        }),
    );
    assert_fields(
        &env.run(&["--json", "status"]).json(),
        json!({"target_minutes": 5, "plan_target_minutes": 6}),
    );
    assert_fields(
        &plan(&env),
        json!({
            "target_minutes": 6,
            "days_toward_next": 0,
            "history": [{"date": "2026-11-21", "from": "2026-11-22", "target_minutes": 6, "reason": "step_up"}]
        }),
    );
    // As of yesterday the plan was still at 5.
    assert_fields(
        &today(&env, &["--date", "yesterday"]),
        json!({"target_minutes": 5, "plan_target_minutes": 5}),
    );
    let text = env.run(&["today"]).ok().to_string();
    assert!(text.contains("plan    6 minutes a day"), "{text}");
    assert!(advice(&text).contains("met"), "{text}");
}

#[test]
fn today_is_judged_against_the_plans_target_and_the_gap_is_exact() {
    let env = TestEnv::new();
    // 5, 6, 7 minutes three days each: 8 minutes from Saturday 21.
    daily(&env, "2026-11-12", &[5, 5, 5, 6, 6, 6, 7, 7, 7]);
    assert_fields(&plan(&env), json!({"target_minutes": 8, "days_toward_next": 0}));
    let progress = env.run(&["log", "7m30s", "--steps", "300"]).ok().to_string();
    assert!(progress.contains("7m30s of 8m"), "{progress}");
    assert!(!progress.contains("7m30s of 8m ✓"), "{progress}");

    let day = today(&env, &[]);
    assert_fields(
        &day,
        json!({
            "minutes": 7.5,
            "target_minutes": 8,
            "plan_target_minutes": 8,
            "minutes_met": false,
            "steps_met": true,
            "above_range": false,
            "minutes_target": {"min": 5, "max": 10}
        }),
    );
    let text = env.run(&["today"]).ok().to_string();
    assert!(text.contains("7m30s of 8m"), "{text}");
    assert_eq!(
        advice(&text),
        "30s more reaches today's 8-minute target.",
        "{text}"
    );
    assert!(!text.contains("well done"), "{text}");
    // A past day is judged by its own target: Friday's 7 met 7.
    assert_fields(
        &today(&env, &["--date", "yesterday"]),
        json!({"target_minutes": 7, "minutes_met": true}),
    );
    // status says the same in one line.
    let status = env.run(&["status"]).ok().to_string();
    assert_eq!(status.lines().count(), 1, "{status}");
    assert!(status.contains("7m30s of 8m"), "{status}");
}

#[test]
fn each_day_counts_only_toward_the_target_in_force_that_day() {
    let env = TestEnv::new();
    // 5, 5, 5 step up to 6 on Nov 12; Nov 13's 5 minutes then fall short.
    import(
        &env,
        &[
            ("2026-11-13T08:00:00+01:00", 300, 250),
            ("2026-11-10T08:00:00+01:00", 300, 250),
            ("2026-11-12T08:00:00+01:00", 300, 250),
            ("2026-11-11T08:00:00+01:00", 300, 250),
        ],
    );
    let p = plan(&env);
    assert_eq!(changes(&p), expect(&[("2026-11-12", 6, "step_up")]));
    assert_fields(&p, json!({"target_minutes": 6, "days_toward_next": 0}));
    assert_fields(
        &today(&env, &["--date", "2026-11-13"]),
        json!({"target_minutes": 6, "minutes_met": false}),
    );
}

#[test]
fn two_sessions_on_one_day_count_once_and_add_up() {
    let env = TestEnv::new();
    // Two walks that each meet 5 minutes: still one day.
    log(&env, &["6", "--at", "2026-11-19 08:00"]);
    log(&env, &["6", "--at", "2026-11-19 18:00"]);
    assert_fields(&plan(&env), json!({"target_minutes": 5, "days_toward_next": 1}));
    // Two walks that meet it only together: one day.
    log(&env, &["3", "--at", "2026-11-20 08:00"]);
    log(&env, &["2:30", "--at", "2026-11-20 18:00"]);
    assert_fields(&plan(&env), json!({"target_minutes": 5, "days_toward_next": 2}));
}

#[test]
fn the_plan_is_complete_only_after_the_high_end_is_met_on_three_days() {
    let env = TestEnv::new();
    // From Tue 20 Oct: three days at each of 5–9 minutes reach 10 on Nov 3,
    // then three days of 9 minutes, under the new target.
    daily(
        &env,
        "2026-10-20",
        &[5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 9, 9, 9],
    );
    let p = plan(&env);
    assert_fields(
        &p,
        json!({"target_minutes": 10, "days_toward_next": 0, "complete": false}),
    );
    assert_eq!(
        changes(&p),
        expect(&[
            ("2026-10-22", 6, "step_up"),
            ("2026-10-25", 7, "step_up"),
            ("2026-10-28", 8, "step_up"),
            ("2026-10-31", 9, "step_up"),
            ("2026-11-03", 10, "step_up"),
        ])
    );
    let text = env.run(&["plan"]).ok().to_string();
    assert!(!text.contains("Complete"), "{text}");
    assert!(text.contains("0 of 3 days toward completing the plan"), "{text}");

    // Two days at 10: not yet.
    daily(&env, "2026-11-07", &[10, 10]);
    assert_fields(
        &plan(&env),
        json!({"target_minutes": 10, "days_toward_next": 2, "complete": false}),
    );
    // A third day that reaches 10 (here above it) completes the plan.
    daily(&env, "2026-11-10", &[12]);
    let p = plan(&env);
    assert_fields(
        &p,
        json!({"target_minutes": 10, "days_toward_next": 0, "complete": true}),
    );
    assert_eq!(p["history"].as_array().unwrap().len(), 5, "no step past 10");
    let text = env.run(&["plan"]).ok().to_string();
    assert!(text.contains("Complete"), "{text}");
    assert_fits_80("plan", &text);
    // Later days keep it complete.
    daily(&env, "2026-11-12", &[10, 4]);
    assert_fields(&plan(&env), json!({"target_minutes": 10, "complete": true}));
}

#[test]
fn removing_or_editing_a_walk_of_a_past_day_rederives_the_plan() {
    let env = TestEnv::new();
    log(&env, &["5", "--at", "2026-11-16"]);
    let tuesday = log(&env, &["5", "--at", "2026-11-17"]);
    log(&env, &["5", "--at", "2026-11-19"]);
    log(&env, &["12", "--at", "2026-11-20"]);
    log(&env, &["6", "--at", "2026-11-21 08:00"]);
    // 16, 17, 19 meet 5 → 6 from the 20th; 20 and 21 meet 6.
    let p = plan(&env);
    assert_eq!(changes(&p), expect(&[("2026-11-19", 6, "step_up")]));
    assert_eq!(p["days_toward_next"], 2);

    env.run(&["rm", &tuesday.to_string()]).ok();
    // 16, 19, 20 meet 5 → 6 from the 21st; 21 meets 6.
    let p = plan(&env);
    assert_eq!(changes(&p), expect(&[("2026-11-20", 6, "step_up")]));
    assert_fields(&p, json!({"target_minutes": 6, "days_toward_next": 1}));

    env.run(&["undo"]).ok();
    assert_eq!(changes(&plan(&env)), expect(&[("2026-11-19", 6, "step_up")]));

    // An edit of a past day re-derives it too.
    env.run(&["edit", &tuesday.to_string(), "--duration", "3"]).ok();
    assert_eq!(changes(&plan(&env)), expect(&[("2026-11-20", 6, "step_up")]));
}

#[test]
fn the_plan_uses_the_minutes_range_in_force_each_day() {
    let mut env = TestEnv::new();
    // Goals set on Sat 14 (8–12) and Mon 16 (5–12), each from its day on.
    env.at("2026-11-14T07:00:00+01:00");
    env.run(&["goals", "--minutes", "8-12"]).ok();
    env.at("2026-11-16T07:00:00+01:00");
    env.run(&["goals", "--minutes", "5-12"]).ok();
    env.at(common::NOW);
    // 10–12 meet 5 → 6 on the 12th; 13 meets 6 (1 toward 7).
    // 14: 8–12 moves the target to 8 (a `range` change, the count starts
    // again); 14 and 15 meet 8. 16: 5–12 keeps 8 and the count, so 16 is
    // the third day → 9. 17 meets 9.
    daily(&env, "2026-11-10", &[5, 5, 5, 6, 8, 8, 8, 9]);
    let p = plan(&env);
    assert_eq!(
        changes(&p),
        expect(&[
            ("2026-11-12", 6, "step_up"),
            ("2026-11-14", 8, "range"),
            ("2026-11-16", 9, "step_up"),
        ])
    );
    assert_fields(
        &p,
        json!({
            "target_minutes": 9,
            "range": {"min": 5, "max": 12},
            "days_toward_next": 1,
            "complete": false,
            "held_by_pain": false
        }),
    );
    let text = env.run(&["plan"]).ok().to_string();
    let line = text
        .lines()
        .find(|l| l.contains("Sat 14 Nov 2026"))
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(line, "  8 minutes a day from Sat 14 Nov 2026: the range changed");

    // Each day of that week is judged with the target in force that day.
    let week = env.run(&["--json", "week", "--week", "2026-W46"]).json();
    let targets: Vec<u64> = week["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["target_minutes"].as_u64().unwrap())
        .collect();
    assert_eq!(targets, [5, 5, 5, 5, 6, 8, 8]);
    assert_fields(
        &today(&env, &["--date", "2026-11-15"]),
        json!({"minutes_target": {"min": 8, "max": 12}, "target_minutes": 8}),
    );
    assert_fields(
        &today(&env, &["--date", "2026-11-13"]),
        json!({"minutes_target": {"min": 5, "max": 10}, "target_minutes": 6}),
    );

    // goals --history lists every change with the day it applies from.
    let goals = env.run(&["--json", "goals", "--history"]).json();
    let history: Vec<(Value, Value)> = goals["history"]
        .as_array()
        .expect("history is an array")
        .iter()
        .map(|e| (e["from"].clone(), e["minutes"].clone()))
        .collect();
    assert_eq!(
        history,
        [
            (Value::Null, json!({"min": 5, "max": 10})),
            (json!("2026-11-14"), json!({"min": 8, "max": 12})),
            (json!("2026-11-16"), json!({"min": 5, "max": 12})),
        ]
    );
    assert_eq!(goals["minutes"], json!({"min": 5, "max": 12}));
    let text = env.run(&["goals", "--history"]).ok().to_string();
    assert!(text.contains("2026-11-14"), "{text}");
    assert!(text.contains("2026-11-16"), "{text}");
    assert_fits_80("plan", &text);
}

#[test]
fn a_range_that_leaves_the_target_alone_keeps_the_count() {
    let mut env = TestEnv::new();
    daily(&env, "2026-11-16", &[5, 5]);
    // Set today: 5–12 does not move the 5-minute target, so the two days
    // before it still count and today's walk is the third.
    env.run(&["goals", "--minutes", "5-12"]).ok();
    log(&env, &["5"]);
    let p = plan(&env);
    assert_eq!(changes(&p), expect(&[("2026-11-21", 6, "step_up")]));
    assert_eq!(p["range"], json!({"min": 5, "max": 12}));
    // A range that moves it is a `range` entry dated the day it was set
    // and starts the count again.
    env.at("2026-11-22T09:00:00+01:00");
    env.run(&["goals", "--minutes", "7-9"]).ok();
    let p = plan(&env);
    assert_eq!(
        changes(&p),
        expect(&[("2026-11-21", 6, "step_up"), ("2026-11-22", 7, "range")])
    );
    assert_fields(&p, json!({"target_minutes": 7, "days_toward_next": 0}));
    // Undo takes the goals change back, and the plan with it.
    env.run(&["undo"]).ok();
    assert_eq!(changes(&plan(&env)), expect(&[("2026-11-21", 6, "step_up")]));
}

// ---------------------------------------------------------------- goals

#[test]
fn the_goals_history_fits_80_columns_with_the_widest_values() {
    let mut env = TestEnv::new();
    env.at("2026-11-01T08:00:00+01:00");
    env.run(&[
        "goals",
        "--minutes",
        "120-240",
        "--steps",
        "99999-100000",
        "--weight",
        "399.5",
        "--days",
        "3",
    ])
    .ok();
    env.at("2026-11-02T08:00:00+01:00");
    let text = env.run(&["goals", "--history"]).ok().to_string();
    assert_fits_80("plan", &text);
    assert!(
        text.contains("days 3\n       weight 399.5 kg\n"),
        "the weight on a line of its own: {text}"
    );
}

#[test]
fn goals_show_the_defaults() {
    let env = TestEnv::new();
    assert_fields(
        &env.run(&["--json", "goals"]).json(),
        json!({
            "minutes": {"min": 5, "max": 10},
            "steps": {"min": 200, "max": 400},
            "days_per_week": 7,
            "weight_kg": null,
            "history": [{
                "from": null,
                "minutes": {"min": 5, "max": 10},
                "steps": {"min": 200, "max": 400},
                "days_per_week": 7,
                "weight_kg": null
            }]
        }),
    );
    let text = env.run(&["goals"]).ok().to_string();
    assert!(text.contains("5–10"), "{text}");
    assert!(text.contains("200–400"), "{text}");
    assert!(text.contains("not set"), "{text}");
}

#[test]
fn goals_set_each_target_and_keep_the_others() {
    let env = TestEnv::new();
    let set = env.run(&["--json", "goals", "--minutes", "6-12"]).json();
    assert_fields(
        &set,
        json!({"minutes": {"min": 6, "max": 12}, "steps": {"min": 200, "max": 400}, "weight_kg": null}),
    );
    env.run(&["goals", "--steps", "300-600"]).ok();
    env.run(&["goals", "--weight", "72.5"]).ok();
    assert_fields(
        &env.run(&["--json", "goals"]).json(),
        json!({"minutes": {"min": 6, "max": 12}, "steps": {"min": 300, "max": 600}, "weight_kg": 72.5}),
    );
    // The bounds themselves are accepted.
    env.run(&[
        "goals",
        "--minutes",
        "1-240",
        "--steps",
        "1-100000",
        "--weight",
        "20",
    ])
    .ok();
    env.run(&["goals", "--weight", "400"]).ok();
    let goals = env.run(&["--json", "goals"]).json();
    assert_fields(
        &goals,
        json!({"minutes": {"min": 1, "max": 240}, "steps": {"min": 1, "max": 100_000}, "weight_kg": 400.0}),
    );
    // All of today's changes are one entry from today.
    assert_eq!(goals["history"].as_array().unwrap().len(), 2, "{goals}");
    assert_eq!(goals["history"][1]["from"], "2026-11-21");
    // The targets drive today's marks.
    assert_fields(
        &today(&env, &[]),
        json!({"minutes_target": {"min": 1, "max": 240}, "steps_target": {"min": 1, "max": 100_000}}),
    );
    // --clear-weight forgets the weight from today on.
    env.run(&["goals", "--clear-weight"]).ok();
    assert_eq!(env.run(&["--json", "goals"]).json()["weight_kg"], Value::Null);
}

#[test]
fn goals_out_of_range_are_rejected_and_nothing_is_written() {
    let env = TestEnv::new();
    env.run(&["goals", "--minutes", "6-9"]).ok();
    let before = env.store_bytes();
    let backup = std::fs::read(env.dir.path().join("sessions.json.bak")).ok();
    let cases: [(&str, &str, &[&str]); 10] = [
        ("--minutes", "0-10", &["1", "240"]),
        ("--minutes", "5-241", &["1", "240"]),
        ("--minutes", "10-5", &["1", "240"]),
        ("--minutes", "abc", &["1", "240"]),
        ("--steps", "0-10", &["1", "100000", "off"]),
        ("--steps", "1-100001", &["1", "100000"]),
        ("--steps", "of", &["off"]),
        ("--weight", "19", &["20", "400"]),
        ("--weight", "401", &["20", "400"]),
        ("--weight", "abc", &["20", "400"]),
    ];
    for (flag, value, accepted) in cases {
        let run = env.run(&["goals", flag, value]);
        let stderr = run.fails(2);
        assert!(stderr.contains(value), "{flag} {value}: {stderr}");
        for bound in accepted {
            assert!(
                stderr.contains(bound),
                "{flag} {value} should name {bound}: {stderr}"
            );
        }
        assert!(run.stdout.is_empty(), "{flag} {value}: {}", run.stdout);
        assert_eq!(env.store_bytes(), before, "{flag} {value} changed the store");
        assert_eq!(
            std::fs::read(env.dir.path().join("sessions.json.bak")).ok(),
            backup,
            "{flag} {value} changed the backup"
        );
    }
    assert_eq!(
        env.run(&["--json", "goals"]).json()["minutes"],
        json!({"min": 6, "max": 9})
    );
}

#[test]
fn undo_after_goals_restores_the_targets_before() {
    let env = TestEnv::new();
    env.run(&["goals", "--minutes", "6-8", "--steps", "250-500"]).ok();
    env.run(&["goals", "--weight", "70"]).ok();
    let undone = env.run(&["--json", "undo"]).json();
    assert!(undone["undone"].as_str().unwrap().contains("goals"), "{undone}");
    assert_fields(
        &env.run(&["--json", "goals"]).json(),
        json!({"minutes": {"min": 6, "max": 8}, "steps": {"min": 250, "max": 500}, "weight_kg": null}),
    );
    env.run(&["undo"]).ok();
    let goals = env.run(&["--json", "goals"]).json();
    assert_fields(
        &goals,
        json!({"minutes": {"min": 5, "max": 10}, "steps": {"min": 200, "max": 400}, "weight_kg": null}),
    );
    assert_eq!(goals["history"].as_array().unwrap().len(), 1, "{goals}");
    env.run(&["undo"]).fails(1);
}

#[test]
fn goals_apply_from_the_day_they_are_set_and_never_rewrite_the_past() {
    let env = TestEnv::new();
    // Last week: three days of 6 minutes and 300 steps, on target then.
    daily(&env, "2026-11-10", &[6, 6, 6]);
    let on_target = |env: &TestEnv| {
        env.run(&["--json", "week", "--week", "2026-W46"]).json()["totals"]["days_on_target"]
            .as_u64()
            .unwrap()
    };
    let report_w46 = |env: &TestEnv| {
        env.run(&["--json", "report", "--from", "2026-11-09", "--to", "2026-11-15"])
            .json()["totals"]["days_on_target"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(on_target(&env), 3);
    let before = today(&env, &["--date", "2026-11-11"]);
    assert_fields(&before, json!({"steps": 300, "steps_met": true}));

    env.run(&["goals", "--steps", "400-600", "--minutes", "7-9"]).ok();
    // The week before keeps its targets and its verdicts.
    assert_eq!(on_target(&env), 3);
    assert_eq!(report_w46(&env), 3);
    assert_eq!(today(&env, &["--date", "2026-11-11"]), before);
    let week = env.run(&["--json", "week", "--week", "2026-W46"]).json();
    assert!(
        week["days"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["target_minutes"] == 5 || d["target_minutes"] == 6),
        "{week}"
    );
    // Today is judged with the new ones: 300 steps are short of 400.
    log(&env, &["7", "--steps", "300"]);
    assert_fields(
        &today(&env, &[]),
        json!({
            "minutes_target": {"min": 7, "max": 9},
            "steps_target": {"min": 400, "max": 600},
            "target_minutes": 7,
            "minutes_met": true,
            "steps_met": false
        }),
    );
}

#[test]
fn with_the_steps_goal_off_days_are_judged_on_minutes_alone() {
    let mut env = TestEnv::new();
    // A day with no step count is "not counted" even with the goal on.
    log(&env, &["6", "--at", "2026-11-16 08:00"]);
    assert_fields(
        &today(&env, &["--date", "2026-11-16"]),
        json!({"steps_met": null, "minutes_met": true}),
    );
    let text = env.run(&["today", "--date", "2026-11-16"]).ok().to_string();
    assert!(text.contains("not counted"), "{text}");

    env.at("2026-11-17T07:00:00+01:00");
    let set = env.run(&["--json", "goals", "--steps", "off"]).json();
    assert_eq!(set["steps"], Value::Null);
    env.at(common::NOW);
    log(&env, &["6", "--at", "2026-11-17 08:00"]);
    log(&env, &["6", "--at", "2026-11-18 08:00", "--steps", "50"]);
    log(&env, &["6", "--steps", "90"]);
    for date in ["2026-11-17", "2026-11-18", "2026-11-21"] {
        assert_fields(
            &today(&env, &["--date", date]),
            json!({"steps_target": null, "steps_met": null, "minutes_met": true}),
        );
    }
    let week = env.run(&["--json", "week"]).json();
    let steps_met: Vec<Value> = week["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["steps_met"].clone())
        .collect();
    assert!(steps_met.iter().all(Value::is_null), "{week}");
    // A walker who only times sessions is on target every day they walk.
    assert_eq!(week["totals"]["days_on_target"], 4);
    let text = env.run(&["today"]).ok().to_string();
    assert!(advice(&text).contains("met"), "{text}");
    assert!(!text.contains("steps ○"), "{text}");
    let goals = env.run(&["goals"]).ok().to_string();
    assert!(goals.contains("off"), "{goals}");
}

// ---------------------------------------------------------------- above the range

#[test]
fn a_day_above_the_range_gets_a_caution_not_praise() {
    let env = TestEnv::new();
    let friday = env
        .run(&["log", "11m20s", "--at", "2026-11-20 08:00", "--steps", "300"])
        .ok()
        .to_string();
    assert_eq!(
        friday,
        "Logged #1 · 11m20s · 300 steps · other · Fri 20 Nov 08:00\n\
         Fri 20 Nov 11m20s of 5m ▲ · 300 of 200–400 steps ✓\n  \
         above the 5–10 minute range the articles give; they advise building up\n  \
         gradually\n",
        "the walk's own day"
    );
    let progress = env.run(&["log", "20m30s", "--steps", "300"]).ok().to_string();
    let line = progress.lines().skip(1).collect::<Vec<_>>().join(" ");
    assert!(line.contains("above the 5–10 minute range"), "{progress}");
    assert!(line.contains("gradually"), "{progress}");
    assert!(!line.contains("5m ✓"), "{progress}");

    for date in ["today", "yesterday"] {
        let text = env.run(&["today", "--date", date]).ok().to_string();
        let next = advice(&text).to_lowercase();
        assert!(next.contains("above the 5–10 minute range"), "{text}");
        assert!(next.contains("gradually"), "{text}");
        assert!(!text.contains("well done"), "{text}");
        assert_eq!(today(&env, &["--date", date])["above_range"], true);
    }
    let status = env.run(&["status"]).ok().to_string();
    assert_eq!(
        status,
        "today 20m30s of 5m ▲ · 300 of 200–400 steps ✓ · streak 2\n"
    );

    let week = env.run(&["week"]).ok().to_string();
    let cautions: Vec<&str> = week
        .lines()
        .filter(|l| l.contains("above the 5–10 minute range"))
        .collect();
    assert_eq!(cautions.len(), 2, "{week}");
    assert!(
        cautions[0].contains("Fri") && cautions[1].contains("Sat"),
        "{week}"
    );
    assert!(week.contains("gradually"), "{week}");
    let days = env.run(&["--json", "week"]).json()["days"].clone();
    let above: Vec<bool> = days
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["above_range"].as_bool().unwrap())
        .collect();
    assert_eq!(above, [false, false, false, false, true, true, false]);

    // 11m20s today alone is above the range too, from the first log.
    let alone = TestEnv::new();
    let progress = alone.run(&["log", "11m20s"]).ok().to_string();
    assert!(progress.contains("above the 5–10 minute range"), "{progress}");
    let text = alone.run(&["today"]).ok().to_string();
    assert!(advice(&text).contains("gradually"), "{text}");
    assert!(!text.contains("well done"), "{text}");

    // Steps above the steps range are above the range too.
    let steps = TestEnv::new();
    steps.run(&["log", "6", "--steps", "450"]).ok();
    let text = steps.run(&["today"]).ok().to_string();
    assert!(
        advice(&text)
            .to_lowercase()
            .contains("above the 200–400 step range"),
        "{text}"
    );
}

// ---------------------------------------------------------------- pain

#[test]
fn pain_above_five_holds_the_target_and_says_so() {
    let mut env = TestEnv::new();
    log(&env, &["6", "--at", "2026-11-19 08:00", "--pain", "2"]);
    log(&env, &["6", "--at", "2026-11-20 08:00", "--pain", "5"]);
    let logged = env
        .run(&["--json", "log", "6", "--steps", "250", "--pain", "7"])
        .json();
    assert_eq!(logged["pain"], 7);

    // The third met day does not count: held.
    assert_fields(
        &plan(&env),
        json!({"target_minutes": 5, "days_toward_next": 2, "held_by_pain": true, "history": []}),
    );
    let plan_text = env.run(&["plan"]).ok().to_string();
    assert!(plan_text.contains("Held"), "{plan_text}");
    assert!(plan_text.contains("health professional"), "{plan_text}");

    assert_fields(
        &today(&env, &[]),
        json!({"pain_max": 7, "minutes_met": true, "plan_target_minutes": 5}),
    );
    let text = env.run(&["today"]).ok().to_string();
    assert!(text.contains("7 of 10"), "{text}");
    let next = advice(&text);
    assert!(next.contains("hold"), "{text}");
    assert!(next.contains("5 minutes"), "{text}");
    assert!(next.contains("health professional"), "{text}");
    assert!(next.contains("persists"), "{text}");
    assert!(!text.contains("well done"), "{text}");
    let week = env.run(&["week"]).ok().to_string();
    let saturday = week.lines().find(|l| l.contains("Sat 21 Nov")).unwrap();
    assert!(saturday.trim_end().ends_with('7'), "{week}");

    // Pain of 5 is not above 5: the edit makes today count, a step up.
    env.run(&["edit", "last", "--pain", "5"]).ok();
    assert_fields(
        &plan(&env),
        json!({
            "target_minutes": 6,
            "held_by_pain": false,
            "history": [{"date": "2026-11-21", "from": "2026-11-22", "target_minutes": 6, "reason": "step_up"}]
        }),
    );
    env.run(&["edit", "last", "--clear-pain"]).ok();
    assert_eq!(today(&env, &[])["pain_max"], Value::Null);

    // stop --pain too: a 7-minute walk on Sunday with pain 6 is held.
    env.at("2026-11-22T09:00:00+01:00");
    env.run(&["start", "--surface", "grass"]).ok();
    env.at("2026-11-22T09:07:00+01:00");
    let stopped = env.run(&["--json", "stop", "--pain", "6"]).json();
    assert_eq!(stopped["pain"], 6);
    assert_fields(
        &plan(&env),
        json!({"target_minutes": 6, "days_toward_next": 0, "held_by_pain": true}),
    );

    // Out of range: exit 2, nothing written.
    let before = env.store_bytes();
    for value in ["11", "-1", "2.5", "bad"] {
        let run = env.run(&["log", "5", "--at", "2026-11-18 08:00", "--pain", value]);
        assert!(run.fails(2).contains("10"), "{value}: {}", run.stderr);
        assert_eq!(env.store_bytes(), before, "--pain {value}");
    }
}

#[test]
fn pain_is_shown_in_the_week_and_averaged_over_days_that_recorded_it() {
    let env = TestEnv::new();
    // Last week: pain 4 on one day. This week: maxima 2 and 6, one day none.
    log(&env, &["6", "--at", "2026-11-12 08:00", "--pain", "4"]);
    log(&env, &["5", "--at", "2026-11-16 08:00", "--pain", "1"]);
    log(&env, &["5", "--at", "2026-11-16 17:00", "--pain", "2"]);
    log(&env, &["6", "--at", "2026-11-17 08:00"]);
    log(&env, &["6", "--at", "2026-11-18 08:00", "--pain", "6"]);
    let week = env.run(&["--json", "week"]).json();
    let pain: Vec<Value> = week["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["pain_max"].clone())
        .collect();
    assert_eq!(
        pain,
        [
            json!(2),
            Value::Null,
            json!(6),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null
        ]
    );
    assert_eq!(week["totals"]["pain_avg"], 4.0);
    assert_eq!(week["previous"]["pain_avg"], 4.0);
    let empty = env.run(&["--json", "week", "--week", "2026-W45"]).json();
    assert_eq!(empty["totals"]["pain_avg"], Value::Null);
    let text = env.run(&["week"]).ok().to_string();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("pain "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("4.0"), "{line}");
}

// ---------------------------------------------------------------- calories

#[test]
fn without_a_weight_no_calorie_figure_appears_anywhere() {
    let env = TestEnv::new();
    let id = log(&env, &["30", "--at", "2026-11-20 08:00", "--steps", "300"]).to_string();
    log(&env, &["30", "--at", "2026-11-21 08:00", "--incline", "6"]);
    let commands: [&[&str]; 10] = [
        &["--json", "show", &id],
        &["--json", "list"],
        &["--json", "today"],
        &["--json", "status"],
        &["--json", "week"],
        &["--json", "report"],
        &["--json", "calendar", "--months", "1"],
        &["--json", "export"],
        &["--json", "edit", &id, "--steps", "310"],
        &["--json", "log", "5", "--at", "2026-11-19"],
    ];
    for args in commands {
        let value = env.run(args).json();
        assert!(!has_key(&value, "kcal_estimate"), "{args:?}: {value}");
    }
    for args in [&["today"][..], &["week"], &["show", &id]] {
        let text = env.run(args).ok().to_string();
        assert!(!text.contains("kcal"), "{args:?}: {text}");
    }
}

#[test]
#[allow(
    clippy::float_cmp,
    reason = "the figures are written rounded to 0.01: the exact number is what scripts read"
)]
fn estimates_use_the_weight_in_force_on_the_walks_day() {
    let mut env = TestEnv::new();
    env.at("2026-11-18T07:00:00+01:00");
    env.run(&["goals", "--weight", "70"]).ok();
    env.at("2026-11-21T07:00:00+01:00");
    env.run(&["goals", "--weight", "80"]).ok();
    env.at(common::NOW);
    // Before any weight: no estimate. 6.0 MET level, 8.0 MET from 5 %.
    let early = log(&env, &["30", "--at", "2026-11-17 08:00"]);
    // 6.0 × 70 × 0.5 = 210
    let level = log(&env, &["30", "--at", "2026-11-19 08:00", "--steps", "300"]);
    // 8.0 × 70 × 0.5 = 280; 4.9 % is level
    let uphill = log(
        &env,
        &[
            "30",
            "--at",
            "2026-11-20 08:00",
            "--incline",
            "5",
            "--surface",
            "treadmill",
        ],
    );
    let gentle = log(&env, &["30", "--at", "2026-11-20 09:00", "--incline", "4.9"]);
    // 6.0 × 80 × 0.5 = 240
    let heavier = log(&env, &["30", "--at", "2026-11-21 08:00"]);

    let show = |id: u64| env.run(&["--json", "show", &id.to_string()]).json();
    assert!(!has_key(&show(early), "kcal_estimate"), "no weight on the 17th");
    assert_eq!(kcal(&show(level)), 210.0);
    assert_eq!(kcal(&show(uphill)), 280.0);
    assert_eq!(kcal(&show(gentle)), 210.0, "below 5 % counts as level");
    assert_eq!(kcal(&show(heavier)), 240.0);

    assert_eq!(kcal(&today(&env, &[])), 240.0);
    assert_eq!(kcal(&today(&env, &[])["entries"][0]), 240.0);
    assert_eq!(kcal(&today(&env, &["--date", "2026-11-20"])), 490.0);

    let week = env.run(&["--json", "week"]).json();
    let days = week["days"].as_array().unwrap();
    let figures: Vec<Option<f64>> = days.iter().map(|d| d["kcal_estimate"].as_f64()).collect();
    assert_eq!(
        figures,
        [None, None, None, Some(210.0), Some(490.0), Some(240.0), None],
        "nothing for a day without walks or without a weight"
    );
    assert_eq!(kcal(&week["totals"]), 940.0);

    // People read it as an estimate at 3.5 mph that slower walks undercut.
    for args in [&["today"][..], &["week"], &["show", &uphill.to_string()]] {
        let text = env.run(args).ok().to_string();
        let at = text.find("kcal").unwrap_or_else(|| panic!("{args:?}: {text}"));
        let label: String = text[at..].split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(label.contains("estimate"), "{args:?}: {text}");
        assert!(label.contains("3.5 mph"), "{args:?}: {text}");
        assert!(label.contains("slower walks burn less"), "{args:?}: {text}");
    }

    // Forgetting the weight removes the figures from today on.
    env.run(&["goals", "--clear-weight"]).ok();
    assert!(!has_key(&today(&env, &[]), "kcal_estimate"));
    assert_eq!(kcal(&show(level)), 210.0, "the 19th keeps its weight");
}

#[test]
fn a_day_without_walks_shows_no_estimate() {
    let mut env = TestEnv::new();
    env.at("2026-11-16T07:00:00+01:00");
    env.run(&["goals", "--weight", "70"]).ok();
    env.at(common::NOW);
    for args in [&["today"][..], &["today", "--date", "2026-11-18"], &["week"]] {
        let text = env.run(args).ok().to_string();
        assert!(!text.contains("kcal"), "{args:?}: {text}");
    }
    let mut json_args: Vec<&[&str]> = vec![&["--json", "today"], &["--json", "week"]];
    json_args.push(&["--json", "status"]);
    for args in json_args {
        let value = env.run(args).json();
        let mut found = Vec::new();
        collect_kcal(&value, &mut found);
        assert!(found.iter().all(serde_json::Value::is_null), "{args:?}: {value}");
    }
}

/// Every `kcal_estimate` value in a document.
fn collect_kcal(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if key == "kcal_estimate" {
                    out.push(inner.clone());
                }
                collect_kcal(inner, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_kcal(v, out)),
        _ => {}
    }
}

// ---------------------------------------------------------------- streaks

#[test]
fn the_current_streak_ends_today_or_yesterday() {
    let mut env = TestEnv::new();
    // A run of four (Nov 10–13), a gap, then Nov 18–20; nothing today (Sat 21).
    for day in [
        "2026-11-10",
        "2026-11-11",
        "2026-11-12",
        "2026-11-13",
        "2026-11-18",
        "2026-11-19",
        "2026-11-20",
    ] {
        log(&env, &["2", "--at", day]);
    }
    let streak = |v: &Value| {
        (
            v["streak_days"].as_u64().unwrap(),
            v["longest_streak_days"].as_u64().unwrap(),
        )
    };
    // Yesterday's walk keeps the streak alive.
    assert_eq!(streak(&today(&env, &[])), (3, 4));
    assert_eq!(streak(&env.run(&["--json", "status"]).json()), (3, 4));
    assert_eq!(env.run(&["--json", "week"]).json()["streak_days"], 3);
    assert!(env.run(&["status"]).ok().contains("streak 3"));

    // A walk today extends it.
    log(&env, &["2"]);
    assert_eq!(streak(&today(&env, &[])), (4, 4));
    log(&env, &["2", "--at", "2026-11-17"]);
    assert_eq!(streak(&env.run(&["--json", "status"]).json()), (5, 5));
    assert_eq!(env.run(&["--json", "week"]).json()["streak_days"], 5);
    let text = env.run(&["today"]).ok().to_string();
    assert!(text.contains("5 days"), "{text}");

    // Two days later without a walk the streak is over; the longest stays.
    env.at("2026-11-23T09:00:00+01:00");
    assert_eq!(streak(&today(&env, &[])), (0, 5));
    // As of a past day: the run up to that day.
    assert_eq!(streak(&today(&env, &["--date", "2026-11-12"])), (3, 3));
    assert_eq!(streak(&today(&env, &["--date", "2026-11-14"])), (4, 4));
    assert_eq!(streak(&today(&env, &["--date", "2026-11-15"])), (0, 4));
    // A past week's streak ends on its Sunday.
    assert_eq!(
        env.run(&["--json", "week", "--week", "2026-W46"]).json()["streak_days"],
        0
    );
    assert_eq!(
        env.run(&["--json", "week", "--date", "2026-11-21"]).json()["streak_days"],
        5
    );
    assert_eq!(env.run(&["--json", "week"]).json()["streak_days"], 0);
}

#[test]
fn a_fresh_user_has_no_streak() {
    let env = TestEnv::new();
    let day = today(&env, &[]);
    assert_fields(
        &day,
        json!({
            "streak_days": 0,
            "longest_streak_days": 0,
            "plan_target_minutes": 5,
            "target_minutes": 5,
            "pain_max": null,
            "above_range": false,
            "minutes_met": false,
            "steps_met": null
        }),
    );
    assert_eq!(env.run(&["--json", "week"]).json()["streak_days"], 0);
}

// ---------------------------------------------------------------- tips

/// The articles' titles, as `tips` cites them.
const STEP_BY_STEP: &str = "6 Surprising Advantages of Reverse Walking: A Step-by-Step Guide";
const WHAT_ARE_THE_BENEFITS: &str = "What are the benefits of walking backwards";
const SUFFERING_BACK_PAIN: &str = "Suffering Back Pain? Try Walking Backwards Too - These are the Benefits!";

/// What each article advises, as fragments one tip citing it must carry
/// (lower case): a tip says only what its article says.
const GUIDANCE: [(&[&str], &str); 12] = [
    (&["safe, open space", "obstacles", "surroundings"], STEP_BY_STEP),
    (&["stand tall", "feet shoulder-width apart"], STEP_BY_STEP),
    (&["small steps", "slowly", "steady pace"], STEP_BY_STEP),
    (&["warm up", "stretch", "before and after"], STEP_BY_STEP),
    (
        &["start with 5-10 minutes", "gradually", "speed and distance"],
        STEP_BY_STEP,
    ),
    (&["treadmill", "slow speed", "incline"], STEP_BY_STEP),
    (&["healthcare professional", "condition", "injury"], STEP_BY_STEP),
    (&["chest up", "head up", "eyes forward"], WHAT_ARE_THE_BENEFITS),
    (
        &["evenly and slowly", "breathe regularly", "arms"],
        WHAT_ARE_THE_BENEFITS,
    ),
    (&["200-400 backward steps a day"], WHAT_ARE_THE_BENEFITS),
    (&["short strides", "gradually"], SUFFERING_BACK_PAIN),
    (&["posture", "surroundings"], SUFFERING_BACK_PAIN),
];

/// Words that would promise a health effect.
const CLAIMS: [&str; 16] = [
    "cure",
    "cures",
    "heal",
    "heals",
    "healing",
    "improve",
    "improves",
    "strengthen",
    "strengthens",
    "prevent",
    "prevents",
    "benefit",
    "benefits",
    "boost",
    "boosts",
    "relieves",
];

#[track_caller]
fn claims_nothing(text: &str) {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphabetic()).collect();
    for claim in CLAIMS {
        assert!(!words.contains(&claim), "claims '{claim}': {text}");
    }
    for contradiction in ["if at all", "speed comes later", "look over your shoulder"] {
        assert!(!lower.contains(contradiction), "{contradiction}: {text}");
    }
}

#[test]
fn tips_carry_the_articles_guidance_each_with_a_source() {
    let env = TestEnv::new();
    let value = env.run(&["--json", "tips"]).json();
    assert_eq!(value.as_object().unwrap().len(), 1, "{value}");
    let tips = value["tips"].as_array().expect("tips is an array");
    let mut said = Vec::new();
    for tip in tips {
        let text = tip["text"].as_str().unwrap_or_else(|| panic!("{tip}"));
        let source = tip["source"].as_str().unwrap_or_else(|| panic!("{tip}"));
        assert!(!text.trim().is_empty() && !source.trim().is_empty(), "{tip}");
        said.push((text.to_lowercase(), source.to_string()));
    }
    for (fragments, title) in GUIDANCE {
        assert!(
            said.iter()
                .any(|(text, source)| source == title && fragments.iter().all(|f| text.contains(f))),
            "no tip citing {title} says {fragments:?}: {said:#?}"
        );
    }
    // Every source is an article's title, general practice, or the pain
    // model, named as adapted.
    for (text, source) in &said {
        assert!(
            [
                STEP_BY_STEP,
                WHAT_ARE_THE_BENEFITS,
                SUFFERING_BACK_PAIN,
                "general safety practice"
            ]
            .contains(&source.as_str())
                || source.starts_with("adapted from Silbernagel et al. 2007")
                    && source.contains("Achilles tendinopathy"),
            "{text}: {source}"
        );
    }
    let pain = said
        .iter()
        .find(|(text, _)| text.contains("pain"))
        .expect("the pain rule");
    assert!(
        pain.1.starts_with("adapted from Silbernagel et al. 2007"),
        "{pain:?}"
    );
    // A measure the articles do not state is labelled as general practice.
    let clip = tips
        .iter()
        .find(|t| t["text"].as_str().unwrap().contains("safety"))
        .unwrap_or_else(|| panic!("{value}"));
    assert_eq!(clip["source"], "general safety practice", "{clip}");

    let text = env.run(&["tips"]).ok().to_string();
    assert_fits_80("plan", &text);
    claims_nothing(&without_titles(&text));
    for tip in tips {
        claims_nothing(tip["text"].as_str().unwrap());
    }
    // Every tip reaches the human text too (its first words).
    for tip in tips {
        let start: Vec<&str> = tip["text"].as_str().unwrap().split_whitespace().take(3).collect();
        assert!(text.contains(&start.join(" ")), "{start:?}: {text}");
    }
    // The plan screen carries the same guidance, and no claim either.
    let plan = env.run(&["plan"]).ok().to_string();
    assert!(plan.contains("Technique and safety"), "{plan}");
    assert!(plan.contains("eyes forward"), "{plan}");
    claims_nothing(&without_titles(&plan));
}

/// The text on one line, without the articles' titles (theirs, cited).
fn without_titles(text: &str) -> String {
    let mut joined = text.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    for title in [STEP_BY_STEP, WHAT_ARE_THE_BENEFITS, SUFFERING_BACK_PAIN] {
        assert!(joined.contains(title), "{title} is cited: {text}");
        joined = joined.replace(title, "");
    }
    joined
}

#[test]
fn tips_never_open_the_store() {
    let env = TestEnv::new();
    std::fs::write(env.store(), b"{ this is not a store").unwrap();
    let corrupt = env.store_bytes();
    env.run(&["tips"]).ok();
    env.run(&["--json", "tips"]).ok();
    // Commands that open the store do fail on it.
    env.run(&["today"]).fails(1);
    env.run(&["plan"]).fails(1);
    assert_eq!(env.store_bytes(), corrupt);
}

#[test]
fn today_and_week_date_a_step_up_earned_that_day_by_the_day_it_applies_from() {
    let env = TestEnv::new();
    log(&env, &["5", "--steps", "300", "--at", "2026-11-19 08:00"]);
    log(&env, &["5", "--steps", "300", "--at", "2026-11-20 08:00"]);
    log(&env, &["5", "--steps", "300", "--at", "2026-11-21 08:00"]);
    // Saturday met 5 minutes and earned 6 from Sunday: its own bar says
    // `of 5m`, so the plan's 6 minutes say from when.
    assert_eq!(
        env.run(&["today"]).ok(),
        "\
Saturday 21 November 2026

  minutes  ███████████████░░░░░░░░░░░░░░░  5m of 5m ✓
  steps    ██████████████████████▌░░░░░░░  300 of 200–400 ✓

  #3 · 5m · 300 steps · other · Sat 21 Nov 08:00

  streak  3 days · longest 3 days
  plan    6 minutes a day from Sun 22 Nov · 0 of 3 days toward 7 minutes
  next    Today's targets are met: well done. Rest, or add an easy few minutes.
"
    );
    let week = env.run(&["week"]).ok().to_string();
    assert!(
        week.contains("\n  plan      6 minutes a day from Sun 22 Nov · 0 of 3 days toward 7 minutes\n"),
        "{week}"
    );
    // A day later the target is in force: no date needed; Saturday seen
    // then still says it.
    let mut env = env;
    env.at("2026-11-22T18:00:00+01:00");
    let text = env.run(&["today"]).ok().to_string();
    assert!(
        text.contains("\n  plan    6 minutes a day · 0 of 3 days toward 7 minutes\n"),
        "{text}"
    );
    let text = env.run(&["today", "--date", "2026-11-21"]).ok().to_string();
    assert!(text.contains("plan    6 minutes a day from Sun 22 Nov"), "{text}");
}

#[test]
fn a_dated_plan_line_at_the_high_end_fits_80_columns() {
    let mut env = TestEnv::new();
    env.at("2026-11-01T08:00:00+01:00")
        .run(&["goals", "--minutes", "110-111"])
        .ok();
    env.at(common::NOW);
    for day in 18..=21 {
        log(&env, &["111", "--at", &format!("2026-11-{day} 08:00")]);
    }
    // 110 met on 18, 19 and 20 Nov: 111 (the high end) from Sat 21 Nov;
    // seen on Friday the line is too long for one line.
    let friday = env.run(&["today", "--date", "2026-11-20"]).ok().to_string();
    assert_fits_80("plan", &friday);
    assert!(
        friday.contains(
            "\n  plan    111 minutes a day from Sat 21 Nov · 0 of 3 days toward completing the\n          plan\n"
        ),
        "{friday}"
    );
}

#[test]
fn the_rule_names_the_one_article_that_gives_5_to_10_minutes() {
    let env = TestEnv::new();
    let text = env.run(&["plan"]).ok().to_string();
    let rule: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "How the plan works")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(str::trim)
        .collect();
    let rule = rule.join(" ");
    // Only the step-by-step guide says it; the others give steps, strides
    // and posture.
    assert!(
        rule.starts_with(
            "The article \"6 Surprising Advantages of Reverse Walking: A Step-by-Step Guide\" \
             says to start with 5-10 minutes and increase the time gradually. This rule is \
             backwalk's own way of doing that"
        ),
        "{rule}"
    );
}

#[test]
fn help_and_man_page_call_the_plans_minutes_a_days_total() {
    let env = TestEnv::new();
    for args in [&["--help"][..], &["man"]] {
        let text = env
            .run(args)
            .ok()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            // The man page writes an en dash as roff's `\(en`.
            .replace("\\(en", "–");
        assert!(
            text.contains("(5–10 minutes a day, 200–400 backward steps a day)"),
            "{text}"
        );
        assert!(!text.contains("minute sessions"), "{text}");
    }
}
