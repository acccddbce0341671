//! The weekly rhythm (`goals --days N`), `due`, and what `today`,
//! `status` and `week` say with it, over whole weeks with a moved clock.

mod common;

use common::{TestEnv, assert_fits_80};

/// 08:00 in Berlin on November `day` 2026 (Monday 16 November starts a
/// week; so do the 23rd and the 30th).
fn morning_of(day: u32) -> String {
    let (month, day) = if day > 30 { (12, day - 30) } else { (11, day) };
    format!("2026-{month:02}-{day:02}T08:00:00+01:00")
}

fn env_with_rhythm(days: &str) -> TestEnv {
    let mut env = TestEnv::new();
    env.at(&morning_of(16));
    env.run(&["goals", "--days", days]).ok();
    env
}

/// A 5-minute walk ending at 08:00 on that day.
fn walk(env: &mut TestEnv, day: u32) {
    env.at(&morning_of(day));
    env.run(&["log", "5", "--steps", "300"]).ok();
}

#[test]
fn monday_walk_tuesday_rest_wednesday_due() {
    let mut env = env_with_rhythm("3");
    walk(&mut env, 16);
    env.at(&morning_of(17));
    let tuesday = env.run(&["due"]);
    assert_eq!(
        (tuesday.code, tuesday.stdout.as_str()),
        (3, ""),
        "{}",
        tuesday.stderr
    );
    let json = env.run(&["--json", "due"]);
    assert_eq!(json.code, 3);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["due"], false);
    assert_eq!(json["reason"], "rest_day");
    let today = env.run(&["today"]).ok().to_string();
    assert!(today.contains("rest day"), "{today}");
    assert!(!today.contains("no walk yet"), "{today}");
    assert!(today.contains("1 of 3 walk days"), "{today}");
    let status = env.run(&["status"]).ok().to_string();
    assert!(status.contains("rest day, 1 of 3 walk days"), "{status}");
    let status = env.run(&["--json", "status"]).json();
    assert_eq!(status["rest_day"], true);
    assert_eq!(status["week_days"], serde_json::json!({"done": 1, "goal": 3}));
    env.at(&morning_of(18));
    assert_eq!(env.run(&["due"]).ok(), "walk today: 5m to go\n");
    let json = env.run(&["--json", "due"]).json();
    assert_eq!(
        json,
        serde_json::json!({"due": true, "minutes_to_go": 5.0, "reason": "walk_day"})
    );
    assert_eq!(env.run(&["--json", "today"]).json()["rest_day"], false);
}

#[test]
fn the_week_end_catches_up_and_a_met_week_needs_nothing_more() {
    let mut env = env_with_rhythm("3");
    walk(&mut env, 20); // Friday
    walk(&mut env, 21); // Saturday
    env.at(&morning_of(22));
    let sunday = env.run(&["--json", "due"]).json();
    assert_eq!(
        (sunday["due"].as_bool(), sunday["reason"].as_str()),
        (Some(true), Some("catch_up"))
    );
    walk(&mut env, 22);
    // The target met: nothing due, exit 3.
    assert_eq!(env.run(&["due"]).code, 3);
    // A new week: Monday after a Sunday walk rests (yesterday across a
    // Monday is the calendar's).
    env.at(&morning_of(23));
    let monday = env.run(&["--json", "due"]);
    assert_eq!(monday.code, 3);
    assert!(monday.stdout.contains("rest_day"), "{}", monday.stdout);
    // With three walk days done by Wednesday, the rest of the week is free.
    for day in [24, 25, 26] {
        walk(&mut env, day);
    }
    env.at(&morning_of(28));
    let saturday = env.run(&["--json", "due"]);
    assert_eq!(saturday.code, 3);
    assert!(saturday.stdout.contains("week_done"), "{}", saturday.stdout);
}

#[test]
fn every_day_by_default_is_due_until_the_target_is_met() {
    let mut env = TestEnv::new();
    env.at(&morning_of(16));
    assert_eq!(env.run(&["due"]).ok(), "walk today: 5m to go\n");
    env.run(&["log", "3"]).ok();
    assert_eq!(env.run(&["due"]).ok(), "walk today: 2m to go\n");
    env.at("2026-11-16T09:00:00+01:00");
    env.run(&["log", "2"]).ok();
    assert_eq!(env.run(&["due"]).code, 3);
    env.at(&morning_of(17));
    let today = env.run(&["--json", "today"]).json();
    assert_eq!(today["streak_weeks"], serde_json::Value::Null);
    assert_eq!(today["week_days"], serde_json::json!({"done": 1, "goal": 7}));
    assert_eq!(today["rest_day"], false);
    assert!(env.run(&["today"]).ok().contains("no walk yet"));
}

#[test]
fn three_weeks_of_a_three_day_programme() {
    // Mon, Wed, Fri walks for three weeks: no day says "no walk yet", a
    // reminder comes only on the walk days, and the streak counts weeks.
    let mut env = env_with_rhythm("3");
    let walks = [16, 18, 20, 23, 25, 27, 30, 32, 34];
    let mut reminded = Vec::new();
    for day in 16..=36 {
        env.at(&morning_of(day));
        if env.run(&["due"]).code == 0 {
            reminded.push(day);
        }
        if walks.contains(&day) {
            walk(&mut env, day);
        }
        for args in [&["today"][..], &["status"], &["week"]] {
            let out = env.run(args).ok().to_string();
            assert_fits_80(&format!("day {day} {args:?}"), &out);
        }
        if !walks.contains(&day) {
            let today = env.run(&["today"]).ok().to_string();
            assert!(!today.contains("no walk yet"), "day {day}: {today}");
            assert!(today.contains("rest day"), "day {day}: {today}");
        }
    }
    assert_eq!(reminded, walks);
    env.at(&morning_of(36));
    let today = env.run(&["--json", "today"]).json();
    assert_eq!(today["streak_weeks"], 3);
    assert!(env.run(&["today"]).ok().contains("streak  3 weeks"));
    let week = env.run(&["--json", "week"]).json();
    assert_eq!(week["week_days"], serde_json::json!({"done": 3, "goal": 3}));
    assert_eq!(week["streak_weeks"], 3);
    let text = env.run(&["week"]).ok().to_string();
    assert!(text.contains("rhythm    3 of 3 walk days"), "{text}");
    assert!(text.contains("streak    3 weeks"), "{text}");
    let status = env.run(&["status"]).ok().to_string();
    assert!(status.contains("streak 3 weeks"), "{status}");
    // The week before, shown as it stood.
    let past = env.run(&["--json", "week", "--week", "2026-W48"]).json();
    assert_eq!(past["week_days"]["done"], 3);
    assert_eq!(past["streak_weeks"], 2);
    // A rest day in the past is told as it stood at its end.
    let tuesday = env.run(&["--json", "today", "--date", "2026-11-17"]).json();
    assert_eq!(tuesday["rest_day"], true);
    assert_eq!(tuesday["week_days"], serde_json::json!({"done": 1, "goal": 3}));
}

#[test]
fn a_rhythm_applies_from_the_week_it_is_set_in_and_is_in_the_history() {
    let mut env = TestEnv::new();
    walk(&mut env, 16);
    env.at(&morning_of(18));
    env.run(&["goals", "--days", "1"]).ok();
    let goals = env.run(&["--json", "goals"]).json();
    assert_eq!(goals["days_per_week"], 1);
    let history = goals["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["days_per_week"], 7);
    assert_eq!(history[1]["days_per_week"], 1);
    assert_eq!(history[1]["from"], "2026-11-18");
    // Monday's walk meets this week's rhythm of one day.
    let today = env.run(&["--json", "today"]).json();
    assert_eq!(today["streak_weeks"], 1);
    assert_eq!(env.run(&["due"]).code, 3);
    // Other targets are kept when only the rhythm changes, and the other
    // way round.
    env.run(&["goals", "--minutes", "6-12"]).ok();
    let goals = env.run(&["--json", "goals"]).json();
    assert_eq!(
        (goals["days_per_week"].as_u64(), goals["minutes"]["min"].as_u64()),
        (Some(1), Some(6))
    );
    // Undo takes the change back.
    env.run(&["undo"]).ok();
    env.run(&["undo"]).ok();
    assert_eq!(env.run(&["--json", "goals"]).json()["days_per_week"], 7);
}

#[test]
fn days_a_week_outside_one_to_seven_are_refused_and_nothing_is_written() {
    let env = env_with_rhythm("3");
    let before = env.store_bytes();
    for bad in ["0", "8", "three", "-2"] {
        let error = env.run(&["goals", "--days", bad]).fails(2).to_string();
        assert!(error.contains("1 to 7"), "{error}");
    }
    assert_eq!(env.store_bytes(), before);
}

#[test]
fn a_store_from_before_the_rhythm_loads_with_every_day() {
    let env = TestEnv::new();
    std::fs::write(
        env.store(),
        r#"{"format":"backwalk","version":2,"next_id":1,"goals":[{"from":null,"minutes":{"min":5,"max":10},"steps":{"min":200,"max":400},"weight_kg":null}],"timer":null,"undo":[],"redo":[],"sessions":[]}"#,
    )
    .unwrap();
    assert_eq!(env.run(&["--json", "goals"]).json()["days_per_week"], 7);
    let bad = TestEnv::new();
    std::fs::write(
        bad.store(),
        r#"{"format":"backwalk","version":2,"next_id":1,"goals":[{"from":null,"minutes":{"min":5,"max":10},"steps":null,"days_per_week":9,"weight_kg":null}],"timer":null,"undo":[],"redo":[],"sessions":[]}"#,
    )
    .unwrap();
    let error = bad.run(&["today"]).fails(1).to_string();
    assert!(error.contains("days_per_week 9"), "{error}");
}

#[test]
fn a_long_weekly_streak_is_counted_whole() {
    // A walk every Monday for 30 weeks, one walk day a week: the streak
    // reaches back beyond the days a day's screen keeps.
    let mut env = TestEnv::new();
    env.at("2026-05-04T08:00:00+02:00");
    env.run(&["goals", "--days", "1"]).ok();
    let first = chrono::NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
    for week in 0..30 {
        let monday = first + chrono::Duration::weeks(week);
        env.at(&format!("{monday}T20:00:00+01:00"));
        env.run(&["log", "5", "--at", &format!("{monday} 07:00")]).ok();
    }
    env.at("2026-11-24T08:00:00+01:00");
    assert_eq!(env.run(&["--json", "today"]).json()["streak_weeks"], 30);
    assert_eq!(env.run(&["--json", "week"]).json()["streak_weeks"], 30);
    assert!(
        env.run(&["status", "--format", "{streak}"])
            .ok()
            .contains("30 weeks")
    );
}
