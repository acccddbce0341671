//! The starter plan, the targets, calorie estimates, streaks and tips,
//! end to end through the command line (PRODUCT.md: "The starter plan",
//! "Calorie estimate", `plan`, `goals`, `tips`, `today`, `status`).

mod common;

use common::TestEnv;
use serde_json::{Value, json};

/// Imports `[(local start, seconds, steps)]` as grass walks.
fn import(env: &TestEnv, walks: &[(&str, u32, u32)]) {
    let records: Vec<Value> = walks
        .iter()
        .map(|(start, seconds, steps)| {
            json!({"start": start, "duration_seconds": seconds, "steps": steps, "surface": "grass"})
        })
        .collect();
    let path = env.dir.path().join("history.json");
    std::fs::write(&path, serde_json::to_string(&records).unwrap()).unwrap();
    env.run(&["import", path.to_str().unwrap()]).ok();
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

fn step_ups(plan: &Value) -> Vec<(String, u64)> {
    plan["history"]
        .as_array()
        .expect("history is an array")
        .iter()
        .map(|s| {
            (
                s["date"].as_str().unwrap().to_string(),
                s["target_minutes"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn steps(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(d, t)| (d.to_string(), *t)).collect()
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

// ---------------------------------------------------------------- plan

#[test]
fn a_fresh_user_starts_at_five_minutes() {
    let env = TestEnv::new();
    assert_eq!(
        plan(&env),
        json!({
            "target_minutes": 5,
            "range": {"min": 5, "max": 10},
            "days_toward_next": 0,
            "days_per_step": 3,
            "complete": false,
            "history": []
        })
    );
    let text = env.run(&["plan"]).ok().to_string();
    assert!(text.contains("5-minute sessions"), "{text}");
    assert!(text.contains("0 of 3 days toward 6 minutes"), "{text}");
    assert!(text.contains("Technique and safety"), "{text}");
}

#[test]
fn three_met_days_step_the_target_up_dated_by_the_third() {
    let env = TestEnv::new();
    log(&env, &["5", "--at", "2026-11-16"]);
    log(&env, &["4", "--at", "2026-11-17"]); // short of 5: does not count
    log(&env, &["6", "--at", "2026-11-18"]);
    let p = plan(&env);
    assert_eq!(
        (p["target_minutes"].as_u64(), p["days_toward_next"].as_u64()),
        (Some(5), Some(2))
    );
    assert_eq!(p["history"], json!([]));

    log(&env, &["5", "--at", "2026-11-20"]);
    let p = plan(&env);
    assert_eq!(p["target_minutes"], 6);
    assert_eq!(p["days_toward_next"], 0);
    assert_eq!(p["days_per_step"], 3);
    assert_eq!(p["complete"], false);
    assert_eq!(step_ups(&p), steps(&[("2026-11-20", 6)]));

    // Today, 6 minutes reach the new target: one day toward 7.
    log(&env, &["6"]);
    let p = plan(&env);
    assert_eq!(
        (p["target_minutes"].as_u64(), p["days_toward_next"].as_u64()),
        (Some(6), Some(1))
    );
    let today = env.run(&["--json", "today"]).json();
    assert_eq!(today["plan_target_minutes"], 6);
    let text = env.run(&["plan"]).ok().to_string();
    assert!(text.contains("6-minute sessions"), "{text}");
    assert!(text.contains("1 of 3 days toward 7 minutes"), "{text}");
    assert!(text.contains("2026-11-20  6 minutes"), "{text}");
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
    assert_eq!(step_ups(&p), steps(&[("2026-11-12", 6)]));
    assert_eq!(
        (p["target_minutes"].as_u64(), p["days_toward_next"].as_u64()),
        (Some(6), Some(0))
    );
}

#[test]
fn two_sessions_on_one_day_count_once_and_add_up() {
    let env = TestEnv::new();
    // Two walks that each meet 5 minutes: still one day.
    log(&env, &["6", "--at", "2026-11-19 08:00"]);
    log(&env, &["6", "--at", "2026-11-19 18:00"]);
    let p = plan(&env);
    assert_eq!(
        (p["target_minutes"].as_u64(), p["days_toward_next"].as_u64()),
        (Some(5), Some(1))
    );
    // Two walks that meet it only together: one day.
    log(&env, &["3", "--at", "2026-11-20 08:00"]);
    log(&env, &["2:30", "--at", "2026-11-20 18:00"]);
    let p = plan(&env);
    assert_eq!(
        (p["target_minutes"].as_u64(), p["days_toward_next"].as_u64()),
        (Some(5), Some(2))
    );
}

#[test]
fn the_plan_completes_at_the_high_end_and_stays() {
    let env = TestEnv::new();
    // Three days at each of 5, 6, 7, 8, 9 minutes from Oct 1, given out of order.
    let mut walks = Vec::new();
    let dates: Vec<String> = (1..=18)
        .map(|d| format!("2026-10-{d:02}T08:00:00+02:00"))
        .collect();
    for (i, date) in dates.iter().enumerate() {
        let minutes = if i < 15 { 5 + i as u32 / 3 } else { 12 };
        walks.push((date.as_str(), minutes * 60, 300));
    }
    walks.reverse();
    import(&env, &walks);
    let p = plan(&env);
    assert_eq!(p["target_minutes"], 10);
    assert_eq!(p["complete"], true);
    assert_eq!(
        p["days_toward_next"], 0,
        "days after completion count toward nothing"
    );
    assert_eq!(
        step_ups(&p),
        steps(&[
            ("2026-10-03", 6),
            ("2026-10-06", 7),
            ("2026-10-09", 8),
            ("2026-10-12", 9),
            ("2026-10-15", 10)
        ])
    );
    let text = env.run(&["plan"]).ok().to_string();
    assert!(text.contains("Complete"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}

#[test]
fn removing_a_walk_of_a_past_day_rederives_the_plan() {
    let env = TestEnv::new();
    log(&env, &["5", "--at", "2026-11-16"]);
    let tuesday = log(&env, &["5", "--at", "2026-11-17"]);
    log(&env, &["5", "--at", "2026-11-19"]);
    log(&env, &["12", "--at", "2026-11-20"]);
    log(&env, &["6", "--at", "2026-11-21 08:00"]);
    // 16, 17, 19 meet 5 → 6 from the 19th; 20 and 21 meet 6.
    let p = plan(&env);
    assert_eq!(step_ups(&p), steps(&[("2026-11-19", 6)]));
    assert_eq!(p["days_toward_next"], 2);

    env.run(&["rm", &tuesday.to_string()]).ok();
    // 16, 19, 20 meet 5 → 6 from the 20th; 21 meets 6.
    let p = plan(&env);
    assert_eq!(step_ups(&p), steps(&[("2026-11-20", 6)]));
    assert_eq!(
        (p["target_minutes"].as_u64(), p["days_toward_next"].as_u64()),
        (Some(6), Some(1))
    );

    env.run(&["undo"]).ok();
    assert_eq!(step_ups(&plan(&env)), steps(&[("2026-11-19", 6)]));

    // An edit of a past day re-derives it too.
    env.run(&["edit", &tuesday.to_string(), "--duration", "3"]).ok();
    assert_eq!(step_ups(&plan(&env)), steps(&[("2026-11-20", 6)]));
}

#[test]
fn changing_the_minutes_range_rederives_the_plan() {
    let env = TestEnv::new();
    for (day, minutes) in [
        ("2026-11-16", "5"),
        ("2026-11-17", "6"),
        ("2026-11-18", "6"),
        ("2026-11-19", "6"),
        ("2026-11-20", "7"),
    ] {
        log(&env, &[minutes, "--at", day]);
    }
    // 5–10: 16, 17, 18 → 6 on the 18th; 19 and 20 meet 6.
    let p = plan(&env);
    assert_eq!(step_ups(&p), steps(&[("2026-11-18", 6)]));
    assert_eq!(p["days_toward_next"], 2);

    env.run(&["goals", "--minutes", "6-8"]).ok();
    // 6–8: 17, 18, 19 → 7 on the 19th; 20 meets 7.
    let p = plan(&env);
    assert_eq!(p["range"], json!({"min": 6, "max": 8}));
    assert_eq!(step_ups(&p), steps(&[("2026-11-19", 7)]));
    assert_eq!(
        (p["target_minutes"].as_u64(), p["days_toward_next"].as_u64()),
        (Some(7), Some(1))
    );
    assert_eq!(p["complete"], false);

    env.run(&["goals", "--minutes", "6-7"]).ok();
    let p = plan(&env);
    assert_eq!(
        (p["target_minutes"].as_u64(), p["complete"].as_bool()),
        (Some(7), Some(true))
    );
    assert_eq!(p["days_toward_next"], 0);

    env.run(&["undo"]).ok();
    env.run(&["undo"]).ok();
    assert_eq!(step_ups(&plan(&env)), steps(&[("2026-11-18", 6)]));
}

// ---------------------------------------------------------------- goals

#[test]
fn goals_show_the_defaults() {
    let env = TestEnv::new();
    assert_eq!(
        env.run(&["--json", "goals"]).json(),
        json!({"minutes": {"min": 5, "max": 10}, "steps": {"min": 200, "max": 400}, "weight_kg": null})
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
    assert_eq!(
        set,
        json!({"minutes": {"min": 6, "max": 12}, "steps": {"min": 200, "max": 400}, "weight_kg": null})
    );
    env.run(&["goals", "--steps", "300-600"]).ok();
    env.run(&["goals", "--weight", "72.5"]).ok();
    assert_eq!(
        env.run(&["--json", "goals"]).json(),
        json!({"minutes": {"min": 6, "max": 12}, "steps": {"min": 300, "max": 600}, "weight_kg": 72.5})
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
    assert_eq!(
        env.run(&["--json", "goals"]).json(),
        json!({"minutes": {"min": 1, "max": 240}, "steps": {"min": 1, "max": 100000}, "weight_kg": 400.0})
    );
    // The targets drive today's marks.
    let today = env.run(&["--json", "today"]).json();
    assert_eq!(today["minutes_target"], json!({"min": 1, "max": 240}));
    assert_eq!(today["steps_target"], json!({"min": 1, "max": 100000}));
}

#[test]
fn goals_out_of_range_are_rejected_and_nothing_is_written() {
    let env = TestEnv::new();
    env.run(&["goals", "--minutes", "6-9"]).ok();
    let before = env.store_bytes();
    let cases: [(&str, &str, &[&str]); 9] = [
        ("--minutes", "0-10", &["1", "240"]),
        ("--minutes", "5-241", &["1", "240"]),
        ("--minutes", "10-5", &["1", "240"]),
        ("--minutes", "abc", &["1", "240"]),
        ("--steps", "0-10", &["1", "100000"]),
        ("--steps", "1-100001", &["1", "100000"]),
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
    assert_eq!(
        env.run(&["--json", "goals"]).json(),
        json!({"minutes": {"min": 6, "max": 8}, "steps": {"min": 250, "max": 500}, "weight_kg": null})
    );
    env.run(&["undo"]).ok();
    assert_eq!(
        env.run(&["--json", "goals"]).json(),
        json!({"minutes": {"min": 5, "max": 10}, "steps": {"min": 200, "max": 400}, "weight_kg": null})
    );
    env.run(&["undo"]).fails(1);
}

// ---------------------------------------------------------------- calories

#[test]
fn without_a_weight_no_calorie_figure_appears_anywhere() {
    let env = TestEnv::new();
    let id = log(&env, &["30", "--at", "2026-11-20 08:00", "--steps", "300"]).to_string();
    log(&env, &["30", "--at", "2026-11-21 08:00", "--incline", "6"]);
    let commands: [&[&str]; 9] = [
        &["--json", "show", &id],
        &["--json", "list"],
        &["--json", "today"],
        &["--json", "status"],
        &["--json", "week"],
        &["--json", "report"],
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
fn with_a_weight_sessions_days_and_weeks_carry_an_estimate() {
    let env = TestEnv::new();
    env.run(&["goals", "--weight", "70"]).ok();
    // 6.0 MET × 70 kg × 0.5 h = 210; uphill 8.0 MET × 70 × 0.5 = 280.
    let level = log(&env, &["30", "--at", "2026-11-20 08:00", "--steps", "300"]);
    let uphill = log(
        &env,
        &[
            "30",
            "--at",
            "2026-11-21 08:00",
            "--incline",
            "5",
            "--surface",
            "treadmill",
        ],
    );
    let gentle = log(&env, &["30", "--at", "2026-11-19 08:00", "--incline", "4.9"]);

    let show = |id: u64| env.run(&["--json", "show", &id.to_string()]).json();
    assert_eq!(kcal(&show(level)), 210.0);
    assert_eq!(kcal(&show(uphill)), 280.0);
    assert_eq!(kcal(&show(gentle)), 210.0, "below 5 % counts as level");

    let today = env.run(&["--json", "today"]).json();
    assert_eq!(kcal(&today), 280.0);
    assert_eq!(kcal(&today["entries"][0]), 280.0);
    let friday = env.run(&["--json", "today", "--date", "2026-11-20"]).json();
    assert_eq!(kcal(&friday), 210.0);

    let week = env.run(&["--json", "week"]).json();
    let days = week["days"].as_array().unwrap();
    assert_eq!(days[3]["date"], "2026-11-19");
    assert_eq!(kcal(&days[3]), 210.0);
    assert_eq!(kcal(&days[4]), 210.0);
    assert_eq!(kcal(&days[5]), 280.0);
    assert_eq!(kcal(&days[0]), 0.0);
    assert_eq!(kcal(&week["totals"]), 700.0);

    // People read it as an estimate.
    for args in [&["today"][..], &["week"], &["show", &uphill.to_string()]] {
        let text = env.run(args).ok().to_string();
        let line = text
            .lines()
            .find(|l| l.contains("kcal"))
            .unwrap_or_else(|| panic!("{args:?}: {text}"));
        assert!(line.contains("estimate"), "{args:?}: {line}");
    }

    // Forgetting the weight removes the figures again.
    env.run(&["goals", "--clear-weight"]).ok();
    assert!(!has_key(&env.run(&["--json", "week"]).json(), "kcal_estimate"));
    assert!(!has_key(&show(uphill), "kcal_estimate"));
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
    assert_eq!(streak(&env.run(&["--json", "today"]).json()), (3, 4));
    assert_eq!(streak(&env.run(&["--json", "status"]).json()), (3, 4));
    assert_eq!(env.run(&["--json", "week"]).json()["streak_days"], 3);
    assert!(env.run(&["status"]).ok().contains("streak 3"));

    // A walk today extends it.
    log(&env, &["2"]);
    assert_eq!(streak(&env.run(&["--json", "today"]).json()), (4, 4));
    log(&env, &["2", "--at", "2026-11-17"]);
    assert_eq!(streak(&env.run(&["--json", "status"]).json()), (5, 5));
    assert_eq!(env.run(&["--json", "week"]).json()["streak_days"], 5);
    let text = env.run(&["today"]).ok().to_string();
    assert!(text.contains("5 days"), "{text}");

    // Two days later without a walk the streak is over; the longest stays.
    env.at("2026-11-23T09:00:00+01:00");
    assert_eq!(streak(&env.run(&["--json", "today"]).json()), (0, 5));
    // As of a past day: the run up to that day.
    assert_eq!(
        streak(&env.run(&["--json", "today", "--date", "2026-11-12"]).json()),
        (3, 3)
    );
    assert_eq!(
        streak(&env.run(&["--json", "today", "--date", "2026-11-14"]).json()),
        (4, 4)
    );
    assert_eq!(
        streak(&env.run(&["--json", "today", "--date", "2026-11-15"]).json()),
        (0, 4)
    );
    // A past week's streak ends on its Sunday.
    assert_eq!(
        env.run(&["--json", "week", "--week", "2026-W46"]).json()["streak_days"],
        0
    );
    // Last week's streak ends on its Sunday (22nd): the run 17–21 ends the day before.
    assert_eq!(
        env.run(&["--json", "week", "--date", "2026-11-21"]).json()["streak_days"],
        5
    );
    assert_eq!(env.run(&["--json", "week"]).json()["streak_days"], 0);
}

#[test]
fn a_fresh_user_has_no_streak() {
    let env = TestEnv::new();
    let today = env.run(&["--json", "today"]).json();
    assert_eq!(
        (
            today["streak_days"].as_u64(),
            today["longest_streak_days"].as_u64()
        ),
        (Some(0), Some(0))
    );
    assert_eq!(today["plan_target_minutes"], 5);
    assert_eq!(env.run(&["--json", "week"]).json()["streak_days"], 0);
}

// ---------------------------------------------------------------- tips

#[test]
fn tips_are_text_or_json_and_never_open_the_store() {
    let env = TestEnv::new();
    std::fs::write(env.store(), b"{ this is not a store").unwrap();
    let corrupt = env.store_bytes();

    let text = env.run(&["tips"]).ok().to_string();
    assert!(text.contains("Technique and safety"), "{text}");
    assert!(text.contains("small steps"), "{text}");
    assert!(text.contains("obstacles"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");

    let value = env.run(&["--json", "tips"]).json();
    let tips = value["tips"].as_array().expect("tips is an array");
    assert_eq!(value.as_object().unwrap().len(), 1, "{value}");
    assert!(tips.len() >= 5);
    assert!(tips.iter().all(|t| t.as_str().is_some_and(|t| !t.is_empty())));
    // Every tip reaches the human text too (first words, before any wrap).
    for tip in tips {
        let start: String = tip
            .as_str()
            .unwrap()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains(&start), "{start}");
    }

    // Commands that open the store do fail on it.
    env.run(&["today"]).fails(1);
    assert_eq!(env.store_bytes(), corrupt);
}
