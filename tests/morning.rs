//! `morning`: the next-morning pain of a walk day, which holds the plan
//! above 5 exactly as pain after a walk does, shown on every screen.

mod common;

use common::TestEnv;
use serde_json::{Value, json};

/// 08:00 in Berlin on November `day` 2026 (Monday 16 starts a week).
fn at(day: u32) -> String {
    format!("2026-11-{day:02}T08:00:00+01:00")
}

/// Three met days, the 16th to the 18th: the third earns a step up.
fn three_met_days() -> TestEnv {
    let mut env = TestEnv::new();
    for day in 16..=18 {
        env.at(&at(day));
        env.run(&["log", "6", "--steps", "300"]).ok();
    }
    env.at(&at(19));
    env
}

#[test]
fn a_morning_pain_of_six_holds_the_plan_as_pain_after_a_walk_does() {
    let env = three_met_days();
    assert_eq!(env.run(&["--json", "plan"]).json()["target_minutes"], 6);
    let said = env.run(&["--json", "morning", "6"]).json();
    assert_eq!(said, json!({"date": "2026-11-18", "morning_pain": 6}));
    let plan = env.run(&["--json", "plan"]).json();
    assert_eq!(plan["target_minutes"], 5, "no step up from the 18th");
    assert_eq!(plan["held_by_pain"], true);
    assert_eq!(plan["days_toward_next"], 2);
    // The same as a pain of 6 after the walk of the 18th.
    let other = three_met_days();
    other.run(&["edit", "3", "--pain", "6"]).ok();
    let same = other.run(&["--json", "plan"]).json();
    assert_eq!(
        (&same["target_minutes"], &same["held_by_pain"]),
        (&plan["target_minutes"], &plan["held_by_pain"])
    );
    // A pain of 5 does not hold it; saying it again replaces it.
    env.run(&["morning", "5"]).ok();
    assert_eq!(env.run(&["--json", "plan"]).json()["target_minutes"], 6);
    // Undo and redo take it back and forth.
    env.run(&["undo"]).ok();
    assert_eq!(env.run(&["--json", "plan"]).json()["target_minutes"], 5);
    env.run(&["redo"]).ok();
    assert_eq!(env.run(&["--json", "plan"]).json()["target_minutes"], 6);
    // Without the index the answers are the same.
    env.run(&["morning", "7", "--date", "2026-11-17"]).ok();
    let indexed = env.run(&["--json", "plan"]).json();
    std::fs::remove_file(env.dir.path().join("sessions.json.idx")).unwrap();
    assert_eq!(env.run(&["--json", "plan"]).json(), indexed);
    assert_eq!(indexed["target_minutes"], 5);
}

#[test]
fn the_next_morning_shows_on_today_week_and_calendar() {
    let env = three_met_days();
    env.run(&["morning", "7"]).ok();
    env.run(&["morning", "2", "--date", "2026-11-16"]).ok();
    let day = env.run(&["--json", "today", "--date", "2026-11-18"]).json();
    assert_eq!(day["morning_pain"], 7);
    assert_eq!(env.run(&["--json", "today"]).json()["morning_pain"], Value::Null);
    let text = env.run(&["today", "--date", "2026-11-18"]).ok().to_string();
    assert!(
        text.contains("morning  pain 7 of 10 the next morning (above 5"),
        "{text}"
    );
    let mornings = env.week_mornings(None);
    assert_eq!(
        mornings,
        [
            json!(2),
            Value::Null,
            json!(7),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null
        ]
    );
    let text = env.run(&["week"]).ok().to_string();
    assert!(
        text.contains("pain the next morning: Mon 2 · Wed 7 (above 5)"),
        "{text}"
    );
    let calendar = env.run(&["--json", "calendar", "--months", "1"]).json();
    let wednesday = calendar["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == "2026-11-18")
        .unwrap();
    assert_eq!(wednesday["morning_pain"], 7);
    assert_eq!(wednesday["step_up"], false);
    let svg = env.dir.path().join("walks.svg");
    env.run(&["calendar", "--months", "1", "--svg", svg.to_str().unwrap()])
        .ok();
    let svg = std::fs::read_to_string(svg).unwrap();
    assert!(
        svg.contains("next morning pain 7 (above 5)"),
        "the SVG title says it"
    );
    assert!(
        svg.contains(">18</text>"),
        "each day's number is printed in its cell"
    );
    let report = env.run(&["--json", "report"]).json();
    let last = report["periods"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["morning_pain_max"], 7);
}

#[test]
fn a_morning_is_refused_for_today_later_days_and_days_without_walks() {
    let env = three_met_days();
    let before = env.store_bytes();
    for (args, says) in [
        (
            &["morning", "3", "--date", "today"][..],
            "its next morning has not come",
        ),
        (&["morning", "3", "--date", "2026-11-12"], "had no walk"),
        (&["morning", "11"], "out of range"),
        (&["morning", "--clear", "--date", "2026-11-12"], "had no walk"),
    ] {
        let error = env.run(args).fails(2).to_string();
        assert!(error.contains(says), "{args:?}: {error}");
    }
    env.run(&["morning"]).fails(2);
    env.run(&["morning", "3", "--clear"]).fails(2);
    let error = env.run(&["morning", "--clear"]).fails(1).to_string();
    assert!(error.contains("no next-morning pain to clear"), "{error}");
    assert_eq!(env.store_bytes(), before, "nothing written");
    env.run(&["morning", "4"]).ok();
    assert!(env.run(&["morning", "--clear"]).ok().contains("cleared"));
    assert_eq!(
        env.run(&["--json", "today", "--date", "yesterday"]).json()["morning_pain"],
        Value::Null
    );
}

#[test]
fn a_morning_record_keeps_fields_this_version_does_not_know() {
    let env = three_met_days();
    env.run(&["morning", "3"]).ok();
    let text = String::from_utf8(env.store_bytes()).unwrap();
    let text = text.replace(
        r#"{"date":"2026-11-18","morning_pain":3}"#,
        r#"{"date":"2026-11-18","morning_pain":3,"x-felt":"stiff"}"#,
    );
    std::fs::write(env.store(), text).unwrap();
    env.run(&["morning", "4", "--date", "2026-11-17"]).ok();
    env.run(&["morning", "2"]).ok();
    let stored: Value = serde_json::from_slice(&env.store_bytes()).unwrap();
    assert_eq!(
        stored["mornings"],
        json!([
            {"date": "2026-11-17", "morning_pain": 4},
            {"date": "2026-11-18", "morning_pain": 2, "x-felt": "stiff"}
        ])
    );
    // A store without mornings has no such key (its bytes as before).
    let plain = three_met_days();
    assert!(
        !String::from_utf8(plain.store_bytes())
            .unwrap()
            .contains("mornings")
    );
    // A bad record is refused where it stands.
    let bad = String::from_utf8(env.store_bytes())
        .unwrap()
        .replace(r#""morning_pain":4"#, r#""morning_pain":12"#);
    std::fs::write(env.store(), bad).unwrap();
    let error = env.run(&["today"]).fails(1).to_string();
    assert!(error.contains("mornings[0]: morning_pain 12"), "{error}");
}

/// Whether process `pid` waits for a file lock (a `->` line of
/// /proc/locks); None where the system does not say.
fn waits_for_a_lock(pid: u32) -> Option<bool> {
    let locks = std::fs::read_to_string("/proc/locks").ok()?;
    Some(locks.lines().any(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        fields.get(1) == Some(&"->") && fields.get(5) == Some(&pid.to_string().as_str())
    }))
}

#[test]
fn a_walk_removed_while_morning_waits_for_the_lock_is_seen() {
    let env = three_met_days();
    // The store as an `rm` of the 18th's walk leaves it, made elsewhere.
    let other = TestEnv::new();
    other.run(&["log", "6", "--at", &at(16)]).ok();
    let removed = other.store_bytes();
    // Hold the store's lock as a writer would, start `morning` for the
    // 18th, and once it waits for the lock, remove the walk and let go.
    let lock = std::fs::File::open(env.dir.path().join("sessions.json.lock")).unwrap();
    lock.lock().unwrap();
    let mut morning = env
        .std_command()
        .args(["morning", "4", "--date", "2026-11-18"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        match waits_for_a_lock(morning.id()) {
            Some(true) => break,
            Some(false) => {
                let exited = morning.try_wait().unwrap();
                assert!(exited.is_none(), "morning ended without the lock: {exited:?}");
                std::thread::yield_now();
            }
            None => {
                // The system does not list who waits for a lock.
                drop(morning.kill());
                return;
            }
        }
    }
    std::fs::write(env.store(), &removed).unwrap();
    lock.unlock().unwrap();
    let output = morning.wait_with_output().unwrap();
    let error = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{error}");
    assert!(error.contains("had no walk"), "{error}");
    assert_eq!(env.store_bytes(), removed, "nothing written");
}
