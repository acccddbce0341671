//! `status --format TEMPLATE`: a line for status bars from named keys.

mod common;

use common::TestEnv;

#[test]
fn every_key_is_filled_as_the_screens_write_it() {
    let mut env = TestEnv::new();
    env.run(&["log", "7m30s", "--steps", "250", "--at", "08:00"]).ok();
    let line = env
        .run(&[
            "status",
            "--format",
            "{minutes}|{target}|{steps}|{steps_target}|{streak}|{timer}|{mark}|{week_days}|{{}}",
        ])
        .ok()
        .to_string();
    assert_eq!(line, "7m30s|5m|250|200–400|1 day||✓|1/7|{}\n");
    // A running timer, no steps recorded, no steps goal, a weekly rhythm.
    env.at("2026-11-22T09:00:00+01:00");
    env.run(&["goals", "--steps", "off", "--days", "3"]).ok();
    env.run(&["start"]).ok();
    env.at("2026-11-22T09:04:05+01:00");
    let line = env
        .run(&[
            "status",
            "--format",
            "{steps}|{steps_target}|{timer}|{mark}|{week_days}|{streak}",
        ])
        .ok()
        .to_string();
    assert_eq!(line, "||4m05s|○|1/3|0 weeks\n");
}

#[test]
fn a_waybar_json_line_and_a_tmux_segment() {
    let env = TestEnv::new();
    env.run(&["log", "11", "--at", "08:00"]).ok();
    let waybar = env
        .run(&[
            "status",
            "--format",
            r#"{{"text": "{minutes} {mark}", "tooltip": "streak {streak}"}}"#,
        ])
        .ok()
        .to_string();
    let value: serde_json::Value = serde_json::from_str(&waybar).unwrap();
    assert_eq!(value["text"], "11m ▲", "above the range");
    assert_eq!(value["tooltip"], "streak 1 day");
    assert_eq!(
        env.run(&["--color", "always", "status", "--format", "{mark}"])
            .ok(),
        "▲\n",
        "no colour codes in a template"
    );
}

#[test]
fn an_unknown_key_is_refused_naming_the_keys_accepted() {
    let env = TestEnv::new();
    env.run(&["log", "5"]).ok();
    let before = env.store_bytes();
    for bad in ["{minute}", "{minutes", "streak}", "{}"] {
        let error = env.run(&["status", "--format", bad]).fails(2).to_string();
        assert!(
            error.contains(
                "{minutes}, {target}, {steps}, {steps_target}, {streak}, {timer}, {mark}, {week_days}"
            ),
            "{error}"
        );
    }
    let error = env.run(&["status", "--format", "{minute}"]).fails(2).to_string();
    assert!(
        error.contains("unknown key {minute}") && error.contains("did you mean {minutes}"),
        "{error}"
    );
    env.run(&["--json", "status", "--format", "{minutes}"]).fails(2);
    assert_eq!(env.store_bytes(), before);
}
