//! Every rejected input, across every command and flag: the exit code
//! (2 for an invalid value, a walk that overlaps another or an unusual one
//! without --force; 1 for a store fault, an unknown id, no timer, nothing
//! to undo or redo, or a file that cannot be read), one `error:` line
//! first that says what was wrong and what is accepted (and the nearest
//! accepted text when one is close), never a panic, nothing on stdout, and
//! the store and its backup left byte for byte as they were. What the
//! revised contract accepts (`log 8 min`, `--at 7am`, `show last`, bare
//! `backwalk`) has left the table; `tests/log.rs` shows it accepted.

mod common;

use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Stdio;

use common::{Run, TestEnv};
use serde_json::Value;

struct Case {
    args: Vec<OsString>,
    code: i32,
    /// What the message must say (the fault, or what is accepted).
    says: &'static str,
    /// Run on the row's copy of the store before the command.
    setup: Option<fn(&TestEnv)>,
}

fn case<S: AsRef<OsStr>>(code: i32, args: &[S], says: &'static str) -> Case {
    Case {
        args: args.iter().map(|a| a.as_ref().to_os_string()).collect(),
        code,
        says,
        setup: None,
    }
}

/// An argument that is not UTF-8.
fn bytes(raw: &[u8]) -> &OsStr {
    OsStr::from_bytes(raw)
}

impl Case {
    fn after(mut self, setup: fn(&TestEnv)) -> Case {
        self.setup = Some(setup);
        self
    }
}

// ---- the import files, shared by every row (in `in/`) ----

const GOOD_RECORD: &str =
    r#"{"start": "2026-11-18T08:00:00+01:00", "duration_seconds": 480, "steps": 300, "surface": "grass"}"#;

/// A JSON export whose second record, on line 3, is `bad`.
fn json_with(bad: &str) -> Vec<u8> {
    format!("[\n  {GOOD_RECORD},\n  {bad}\n]\n").into_bytes()
}

/// A CSV file whose second row, on line 3, is `bad`.
fn csv_with(bad: &[u8]) -> Vec<u8> {
    let mut text = b"start,minutes,steps,surface,incline,note\n2026-11-18 08:00,8,300,grass,,\n".to_vec();
    text.extend_from_slice(bad);
    text.push(b'\n');
    text
}

fn import_files() -> Vec<(&'static str, Vec<u8>)> {
    let start = r#""start": "2026-11-19T09:00:00+01:00""#;
    vec![
        ("good.json", json_with(&GOOD_RECORD.replace("08:00", "09:00"))),
        ("empty.json", Vec::new()),
        ("blank.csv", b"\n  \n".to_vec()),
        ("object.json", br#"{"walks": []}"#.to_vec()),
        ("scalar.json", b"42\n".to_vec()),
        ("truncated.json", json_with(GOOD_RECORD)[..60].to_vec()),
        (
            "zero.json",
            json_with(&format!(r#"{{{start}, "duration_seconds": 0}}"#)),
        ),
        (
            "future.json",
            json_with(r#"{"start": "2026-11-22T09:00:00+01:00", "minutes": 8}"#),
        ),
        (
            "surface.json",
            json_with(&format!(r#"{{{start}, "minutes": 8, "surface": "ice"}}"#)),
        ),
        ("no_start.json", json_with(r#"{"minutes": 8}"#)),
        ("no_duration.json", json_with(&format!("{{{start}}}"))),
        (
            "negative.json",
            json_with(&format!(r#"{{{start}, "minutes": -3}}"#)),
        ),
        (
            "steps.json",
            json_with(&format!(r#"{{{start}, "minutes": 8, "steps": 100001}}"#)),
        ),
        (
            "steps_type.json",
            json_with(&format!(r#"{{{start}, "minutes": 8, "steps": "many"}}"#)),
        ),
        (
            "incline.json",
            json_with(&format!(r#"{{{start}, "minutes": 8, "incline_percent": 41}}"#)),
        ),
        (
            "pain.json",
            json_with(&format!(r#"{{{start}, "minutes": 8, "pain": 11}}"#)),
        ),
        (
            "bidi.json",
            json_with(&format!(r#"{{{start}, "minutes": 8, "note": "a\u202Eb"}}"#)),
        ),
        (
            "overlap.json",
            json_with(r#"{"start": "2026-11-19T08:04:00+01:00", "minutes": 8}"#),
        ),
        (
            "control.json",
            json_with(&format!(r#"{{{start}, "minutes": 8, "note": "bell\u0007"}}"#)),
        ),
        (
            "long_note.json",
            json_with(&format!(
                r#"{{{start}, "minutes": 8, "note": "{}"}}"#,
                "y".repeat(501)
            )),
        ),
        ("not_utf8.json", {
            let mut bytes = json_with(&format!(r#"{{{start}, "minutes": 8, "note": "caf#"}}"#));
            let at = bytes.iter().position(|b| *b == b'#').unwrap();
            bytes[at] = 0xE9;
            bytes
        }),
        ("header.csv", b"when,how\n2026-11-19,8\n".to_vec()),
        ("duration.csv", csv_with(b"2026-11-19 09:00,abc,300,grass,,")),
        ("cells.csv", csv_with(b"2026-11-19 09:00,8,300")),
        ("date.csv", b"date,minutes\n2026-11-19,8\n2026-02-30,8\n".to_vec()),
        ("incline.csv", csv_with(b"2026-11-19 09:00,8,300,grass,41,")),
        ("steps.csv", csv_with(b"2026-11-19 09:00,8,many,grass,,")),
        (
            "note.csv",
            csv_with(b"2026-11-19 09:00,8,300,grass,,\"bell\x07\""),
        ),
        ("not_utf8.csv", csv_with(b"2026-11-19 09:00,8,300,grass,,caf\xe9")),
        ("future.csv", csv_with(b"2026-11-22 09:00,8,300,grass,,")),
        (
            "several.csv",
            csv_with(b"2026-11-19 09:00,0,,,,\n2026-11-19 10:00,8,-1,,,\n2026-11-19 11:00,8,,mud,,"),
        ),
    ]
}

// ---- what a row may do to its store first ----

fn edit_store(env: &TestEnv, change: impl FnOnce(&mut Value)) {
    let mut document: Value = serde_json::from_slice(&env.store_bytes()).unwrap();
    change(&mut document);
    fs::write(env.store(), serde_json::to_vec_pretty(&document).unwrap()).unwrap();
}

fn store_is_a_folder(env: &TestEnv) {
    fs::remove_file(env.store()).unwrap();
    fs::create_dir(env.store()).unwrap();
}

fn store_is_empty(env: &TestEnv) {
    fs::write(env.store(), b"").unwrap();
}

fn store_is_truncated(env: &TestEnv) {
    let bytes = env.store_bytes();
    fs::write(env.store(), &bytes[..bytes.len() * 2 / 3]).unwrap();
}

fn store_is_newer(env: &TestEnv) {
    edit_store(env, |document| document["version"] = 999.into());
}

fn store_is_not_json(env: &TestEnv) {
    fs::write(env.store(), b"{\"format\": \"backwalk\", oops}").unwrap();
}

fn store_is_another_format(env: &TestEnv) {
    edit_store(env, |document| document["format"] = "timewarrior".into());
}

fn store_has_a_duplicate_id(env: &TestEnv) {
    edit_store(env, |document| {
        let first = document["sessions"][0]["id"].clone();
        document["sessions"][1]["id"] = first;
    });
}

fn store_is_not_utf8(env: &TestEnv) {
    let mut bytes = env.store_bytes();
    let at = bytes.windows(5).position(|w| w == b"first").unwrap();
    bytes[at..at + 2].copy_from_slice(b"\xff\xfe");
    fs::write(env.store(), bytes).unwrap();
}

fn timer_running(env: &TestEnv) {
    let output = env
        .std_command()
        .env("BACKWALK_NOW", "2026-11-21T18:00:00+01:00")
        .arg("start")
        .output()
        .unwrap();
    assert!(output.status.success());
}

fn nothing_left_to_undo(env: &TestEnv) {
    for _ in 0..3 {
        env.run(&["undo"]).ok();
    }
}

fn timer_forgotten(env: &TestEnv) {
    let output = env
        .std_command()
        .env("BACKWALK_NOW", "2026-11-21T09:00:00+01:00")
        .args(["start", "--surface", "treadmill"])
        .output()
        .unwrap();
    assert!(output.status.success());
}

#[allow(clippy::too_many_lines, reason = "a table of cases, one after another")]
fn cases() -> Vec<Case> {
    let long = "x".repeat(501);
    let long_accented = "é".repeat(501);
    vec![
        // durations
        case(2, &["log", "0"], "at least 1 second"),
        case(2, &["log", "-5"], "negative"),
        case(2, &["log", "abc"], "7m30s"),
        case(2, &["log", "7:75"], "the seconds go 00 to 59"),
        case(2, &["log", "nan"], "7m30s"),
        case(2, &["log", "inf"], "7m30s"),
        case(2, &["log", ""], "it is empty"),
        case(2, &["log", "24h1s"], "at most 24 hours"),
        case(2, &["log", "1441"], "at most 24 hours"),
        case(2, &["log", "8mm"], "did you mean '8m'?"),
        case(2, &["log", "8", "mintues"], "did you mean '8 minutes'?"),
        case(2, &["log", "8 min min"], "'min' needs a number before it"),
        case(2, &["log", "8", "min", "min"], "unexpected argument 'min'"),
        case(2, &["log", "1e3"], "7m30s"),
        case(2, &["log", "+8"], "without a sign"),
        case(2, &["log", "٣"], "7m30s"),
        case(2, &["log", "5m5m"], "the minutes are given twice"),
        case(2, &["log", "1.5h30m"], "only a lone amount"),
        case(2, &["edit", "1", "--duration", "0"], "at least 1 second"),
        case(2, &["edit", "1", "--duration", "30s5m"], "5m30s, not 30s5m"),
        case(2, &["timer", "--target", "abc"], "7m30s"),
        case(2, &["timer", "--target", "0"], "at least 1 second"),
        case(2, &["stop", "--duration", "8 mintues"], "did you mean"),
        // times
        case(2, &["log", "8", "--at", "2026-02-30"], "not a calendar date"),
        case(2, &["log", "8", "--at", "Feb 30"], "February has 29 days"),
        case(2, &["log", "8", "--at", "32 Nov"], "November has 30 days"),
        case(2, &["log", "8", "--at", "tomorrow"], "YYYY-MM-DD"),
        case(2, &["log", "8", "--at", "yesteday"], "did you mean 'yesterday'?"),
        case(
            2,
            &["log", "8", "--at", "tuseday 7am"],
            "did you mean 'tuesday 7am'?",
        ),
        case(2, &["log", "8", "--at", "2026-11-22"], "in the future"),
        case(2, &["log", "8", "--at", "2026-11-21 19:00"], "in the future"),
        case(2, &["log", "8", "--at", "7:30pm"], "in the future"),
        case(2, &["log", "8", "--at", "2026-03-29 02:30"], "the clocks skip it"),
        case(2, &["log", "8", "--at", "25:00"], "hours go 00 to 23"),
        case(2, &["log", "8", "--at", "13pm"], "the hour goes 1 to 12"),
        case(2, &["log", "8", "--at", "7"], "a bare number is not a time"),
        case(
            2,
            &["log", "8", "--at", "2026/11/21"],
            "did you mean '2026-11-21'?",
        ),
        case(2, &["log", "8", "--at", "7d"], "only with --since and --from"),
        case(2, &["log", "8", "--at", "0 days ago 7am 9am"], "accepted: today"),
        case(2, &["edit", "1", "--at", "now"], "accepted: today, yesterday"),
        case(2, &["edit", "1", "--at", "2026-12-01"], "in the future"),
        case(2, &["list", "--since", "x"], "YYYY-MM-DD"),
        case(2, &["list", "--since", "0d"], "it covers no days"),
        case(2, &["list", "--since", "0w"], "it covers no days"),
        case(2, &["list", "--since", "7x"], "7d or 2w"),
        case(2, &["list", "--until", "7d"], "only with --since and --from"),
        case(2, &["list", "--until", "2026-13-01"], "not a calendar date"),
        case(
            2,
            &["list", "--since", "2026-11-20", "--until", "2026-11-19"],
            "is not before --until",
        ),
        case(2, &["today", "--date", "2026-11-22"], "in the future"),
        case(2, &["today", "--date", "garbage"], "YYYY-MM-DD"),
        case(2, &["today", "--date", "8d"], "only with --since and --from"),
        case(2, &["week", "--date", "2026-11-30"], "in the future"),
        case(2, &["week", "--date", "x"], "YYYY-MM-DD"),
        // weeks
        case(2, &["week", "--week", "2026-W60"], "ISO weeks 1 to 53"),
        case(2, &["week", "--week", "2025-W53"], "ISO weeks 1 to 52"),
        case(2, &["week", "--week", "2026-W0"], "ISO weeks 1 to 53"),
        case(2, &["week", "--week", "2026W47"], "YYYY-Www"),
        case(2, &["week", "--week", "W47"], "YYYY-Www"),
        case(2, &["week", "--week", "2026-W49"], "in the future"),
        case(
            2,
            &["week", "--date", "2026-11-20", "--week", "2026-W47"],
            "cannot be used with",
        ),
        // report and calendar ranges
        case(2, &["report", "--from", "x"], "YYYY-MM-DD"),
        case(2, &["report", "--from", "0d"], "it covers no days"),
        case(2, &["report", "--to", "2026-02-30"], "not a calendar date"),
        case(
            2,
            &["report", "--from", "2026-11-20", "--to", "2026-11-10"],
            "is after --to",
        ),
        case(2, &["report", "--from", "2027-01-01"], "is after today"),
        case(2, &["report", "--by", "year"], "day, week, month"),
        case(
            2,
            &["--json", "report", "--csv"],
            "--csv cannot be used with --json",
        ),
        case(2, &["calendar", "--months", "0"], "1..=1200"),
        case(2, &["calendar", "--year", "0"], "1..=9999"),
        case(
            2,
            &["calendar", "--year", "2026", "--months", "3"],
            "cannot be used with",
        ),
        // surfaces
        case(2, &["log", "8", "--surface", "trial"], "did you mean 'trail'"),
        case(2, &["log", "8", "--surface", "mud"], "accepted: treadmill, track"),
        case(2, &["log", "8", "--surface", "gras"], "did you mean 'grass'"),
        case(2, &["log", "8", "--surface", ""], "accepted: treadmill, track"),
        case(2, &["start", "--surface", "ice"], "accepted: treadmill, track"),
        case(2, &["list", "--surface", "x"], "accepted: treadmill, track"),
        case(2, &["timer", "--surface", "x"], "accepted: treadmill, track"),
        case(
            2,
            &["edit", "1", "--surface", "concrete"],
            "accepted: treadmill, track",
        ),
        // steps
        case(2, &["log", "8", "--steps", "-1"], "0 to 100000"),
        case(2, &["log", "8", "--steps", "100001"], "0 to 100000"),
        case(
            2,
            &["log", "8", "--steps", "3.5"],
            "a whole number from 0 to 100000",
        ),
        case(
            2,
            &["log", "8", "--steps", "abc"],
            "a whole number from 0 to 100000",
        ),
        case(2, &["log", "8", "--steps", "99999999999"], "0 to 100000"),
        case(2, &["log", "8", "--steps", ""], "a whole number from 0 to 100000"),
        case(2, &["stop", "--steps", "x"], "a whole number from 0 to 100000"),
        case(
            2,
            &["edit", "1", "--steps", "-1"],
            "a whole number from 0 to 100000",
        ),
        // pain
        case(2, &["log", "8", "--pain", "11"], "from 0 (no pain) to 10"),
        case(2, &["log", "8", "--pain", "-1"], "from 0 (no pain) to 10"),
        case(2, &["log", "8", "--pain", "x"], "from 0 (no pain) to 10"),
        case(2, &["log", "8", "--pain", "1.5"], "from 0 (no pain) to 10"),
        case(2, &["log", "8", "--pain", ""], "from 0 (no pain) to 10"),
        case(2, &["stop", "--pain", "11"], "from 0 (no pain) to 10"),
        case(2, &["edit", "1", "--pain", "99"], "from 0 (no pain) to 10"),
        case(
            2,
            &["edit", "1", "--pain", "3", "--clear-pain"],
            "cannot be used with",
        ),
        // incline
        case(2, &["log", "8", "--incline", "41"], "0 to 40"),
        case(2, &["log", "8", "--incline", "-2"], "0 to 40"),
        case(2, &["log", "8", "--incline", "nan"], "0 to 40"),
        case(2, &["log", "8", "--incline", "inf"], "0 to 40"),
        case(2, &["log", "8", "--incline", "x"], "0 to 40"),
        case(2, &["log", "8", "--incline", "1e1"], "0 to 40"),
        case(2, &["edit", "1", "--incline", "40.5"], "0 to 40"),
        // notes
        case(
            2,
            &["log", "8", "--note", "a\x07b"],
            "control characters (found U+0007)",
        ),
        case(
            2,
            &["log", "8", "--note", "line\nbreak"],
            "control characters (found U+000A)",
        ),
        case(
            2,
            &["log", "8", "--note", "tab\there"],
            "control characters (found U+0009)",
        ),
        case(
            2,
            &["log", "8", "--note", "\x1b[2J"],
            "control characters (found U+001B)",
        ),
        case(
            2,
            &["log", "8", "--note", "del\x7f"],
            "control characters (found U+007F)",
        ),
        case(
            2,
            &["log", "8", "--note", "abc\u{202E}fed"],
            "bidirectional-override characters (found U+202E)",
        ),
        case(
            2,
            &["log", "8", "--note", "\u{202A}x"],
            "bidirectional-override characters (found U+202A)",
        ),
        case(
            2,
            &["log", "8", "--note", "x\u{2066}y\u{2069}"],
            "bidirectional-override characters (found U+2066)",
        ),
        case(
            2,
            &["start", "--note", "\u{2067}"],
            "bidirectional-override characters",
        ),
        case(
            2,
            &["stop", "--note", "\u{202D}"],
            "bidirectional-override characters",
        ),
        case(
            2,
            &["edit", "1", "--note", "\u{202B}x"],
            "bidirectional-override characters",
        ),
        case(
            2,
            &["log", "8", "--note", &long],
            "at most 500 characters; this one has 501",
        ),
        case(
            2,
            &["log", "8", "--note", &long_accented],
            "at most 500 characters; this one has 501",
        ),
        case(2, &["start", "--note", "\x07"], "control characters"),
        case(2, &["stop", "--note", &long], "at most 500 characters"),
        case(2, &["edit", "1", "--note", "\r"], "control characters"),
        case(
            2,
            &[bytes(b"log"), bytes(b"8"), bytes(b"--note"), bytes(b"caf\xe9")],
            "'caf\u{FFFD}' is not UTF-8",
        ),
        case(
            2,
            &[bytes(b"log"), bytes(b"8"), bytes(b"--note"), bytes(b"\xff\xfe")],
            "not UTF-8",
        ),
        case(
            2,
            &[
                bytes(b"log"),
                bytes(b"8"),
                bytes(b"--at"),
                bytes(b"2026-11-20\xff"),
            ],
            "not UTF-8",
        ),
        case(
            2,
            &[bytes(b"start"), bytes(b"--surface"), bytes(b"gr\xe4ss")],
            "not UTF-8",
        ),
        // ids
        case(2, &["show", "0"], "whole numbers from 1"),
        case(2, &["show", "abc"], "whole numbers from 1 (12 or #12), or last"),
        case(2, &["show", "-1"], "whole numbers from 1"),
        case(2, &["show", "1.5"], "whole numbers from 1"),
        case(2, &["show", "##1"], "whole numbers from 1"),
        case(2, &["show", "lats"], "or last"),
        case(1, &["show", "99"], "no walk #99"),
        case(1, &["show", "#99"], "no walk #99"),
        case(1, &["edit", "99", "--steps", "5"], "no walk #99"),
        case(1, &["rm", "1", "99"], "no walk #99; nothing was removed"),
        case(1, &["rm", "last", "#99"], "nothing was removed"),
        case(2, &["rm", "0"], "whole numbers from 1"),
        case(2, &["rm", "1", "x"], "whole numbers from 1"),
        case(2, &["rm", "2", "-3"], "whole numbers from 1"),
        case(2, &["rm"], "<IDS>"),
        case(2, &["edit", "1"], "nothing to change: give --duration"),
        case(2, &["edit", "last"], "nothing to change: give --duration"),
        case(
            2,
            &["edit", "1", "--steps", "5", "--clear-steps"],
            "cannot be used with",
        ),
        case(
            2,
            &["edit", "1", "--note", "x", "--clear-note"],
            "cannot be used with",
        ),
        case(2, &["edit", "0", "--steps", "5"], "whole numbers from 1"),
        case(2, &["edit", "-1", "--steps", "5"], "whole numbers from 1"),
        // walks that cannot have happened: overlaps, --force or not
        case(2, &["log", "8"], "already logged as #1"),
        case(2, &["log", "8", "--force"], "already logged as #1"),
        case(2, &["log", "5", "--at", "yesterday 11:58"], "overlaps #2"),
        case(2, &["edit", "3", "--at", "yesterday 12:05"], "overlaps #2"),
        case(
            2,
            &["edit", "3", "--at", "yesterday 12:05", "--force"],
            "overlaps #2",
        ),
        case(2, &["edit", "2", "--at", "18:20"], "overlaps #1"),
        case(2, &["log", "8", "--at", "17:55"], "timer").after(timer_running),
        // unusual walks without a terminal
        case(2, &["log", "500", "--steps", "200", "--at", "07:00"], "--force"),
        case(
            2,
            &["log", "7s", "--steps", "250", "--at", "07:00"],
            "steps a minute",
        ),
        case(2, &["edit", "1", "--steps", "5000"], "--force"),
        case(2, &["edit", "2", "--duration", "31m"], "--force"),
        case(2, &["stop"], "--force").after(timer_forgotten),
        // stop --at and --duration
        case(2, &["stop", "--at", "tomorrow"], "YYYY-MM-DD").after(timer_running),
        case(2, &["stop", "--at", "17:59"], "before the timer started").after(timer_running),
        case(2, &["stop", "--at", "18:31"], "in the future").after(timer_running),
        case(2, &["stop", "--at", "yesterday"], "is a day").after(timer_running),
        case(2, &["stop", "--duration", "31m"], "less than").after(timer_running),
        case(
            2,
            &["stop", "--at", "18:10", "--duration", "5m"],
            "cannot be used with",
        )
        .after(timer_running),
        // goals
        case(2, &["goals", "--minutes", "12-6"], "LOW above HIGH"),
        case(2, &["goals", "--minutes", "0-10"], "1 ≤ LOW ≤ HIGH ≤ 240"),
        case(2, &["goals", "--minutes", "5-241"], "1 ≤ LOW ≤ HIGH ≤ 240"),
        case(2, &["goals", "--minutes", "5"], "not a range"),
        case(2, &["goals", "--minutes", "a-b"], "not a range"),
        case(2, &["goals", "--minutes", "-5"], "1 ≤ LOW ≤ HIGH ≤ 240"),
        case(2, &["goals", "--steps", "400-200"], "LOW above HIGH"),
        case(2, &["goals", "--steps", "5-"], "not a range"),
        case(2, &["goals", "--steps", "-5"], "1 ≤ LOW ≤ HIGH ≤ 100000"),
        case(2, &["goals", "--steps", "off-5"], "not a range"),
        case(2, &["goals", "--steps", "of"], "or off"),
        case(2, &["goals", "--steps", "0-400"], "1 ≤ LOW ≤ HIGH ≤ 100000"),
        case(2, &["goals", "--steps", "1-100001"], "1 ≤ LOW ≤ HIGH ≤ 100000"),
        case(2, &["goals", "--weight", "19"], "kilograms from 20 to 400"),
        case(2, &["goals", "--weight", "401"], "kilograms from 20 to 400"),
        case(2, &["goals", "--weight", "abc"], "kilograms from 20 to 400"),
        case(2, &["goals", "--weight", "nan"], "kilograms from 20 to 400"),
        case(2, &["goals", "--weight", "-70"], "kilograms from 20 to 400"),
        case(
            2,
            &["goals", "--weight", "70", "--clear-weight"],
            "cannot be used with",
        ),
        // list
        case(2, &["list", "--limit", "0"], "a whole number from 1"),
        case(2, &["list", "--limit", "-1"], "a whole number from 1"),
        case(2, &["list", "--limit", "x"], "a whole number from 1"),
        case(
            2,
            &["--json", "list", "--csv"],
            "--csv cannot be used with --json",
        ),
        // export
        case(2, &["--json", "export", "--csv"], "--output"),
        case(2, &["export", "--format", "xml"], "json, csv"),
        case(
            1,
            &["export", "--output", "nowhere/x.json"],
            "cannot write nowhere/x.json",
        ),
        case(1, &["export", "--output", "in"], "cannot write in"),
        // import: files that cannot be read
        case(1, &["import", "in/missing.json"], "cannot read in/missing.json"),
        case(1, &["import", "in"], "cannot read in"),
        // import: files that are not sessions
        case(2, &["import", "in/empty.json"], "in/empty.json is empty"),
        case(2, &["import", "in/blank.csv"], "in/blank.csv is empty"),
        case(2, &["import", "-"], "- is empty"),
        case(
            2,
            &["import", "in/object.json"],
            "backwalk store with \"sessions\"",
        ),
        case(2, &["import", "in/scalar.json"], "a JSON array of sessions"),
        case(2, &["import", "in/truncated.json"], "a JSON array of sessions"),
        case(2, &["import", "in/not_utf8.json"], "not UTF-8 text"),
        case(
            2,
            &["import", "in/header.csv"],
            "the CSV header needs a start or date column",
        ),
        case(
            2,
            &["import", "in/good.json", "--format", "csv"],
            "the CSV header needs",
        ),
        case(2, &["import", "in/good.json", "--format", "xml"], "json, csv"),
        // import: bad records, each named
        case(
            2,
            &["import", "in/zero.json"],
            "record 2 (line 3): duration_seconds: a walk lasts at least 1 second",
        ),
        case(
            2,
            &["import", "in/future.json"],
            "record 2 (line 3): start: 2026-11-22T09:00:00+01:00 is in the future",
        ),
        case(
            2,
            &["import", "in/surface.json"],
            "record 2 (line 3): surface: unknown surface 'ice'; accepted:",
        ),
        case(
            2,
            &["import", "in/no_start.json"],
            "record 2 (line 3): start: missing",
        ),
        case(
            2,
            &["import", "in/no_duration.json"],
            "record 2 (line 3): needs duration_seconds or minutes",
        ),
        case(
            2,
            &["import", "in/negative.json"],
            "record 2 (line 3): minutes: -3 is not a duration; use",
        ),
        case(
            2,
            &["import", "in/steps.json"],
            "record 2 (line 3): steps: steps must be 0 to 100000",
        ),
        case(2, &["import", "in/steps_type.json"], "record 2 (line 3)"),
        case(
            2,
            &["import", "in/incline.json"],
            "record 2 (line 3): incline_percent:",
        ),
        case(2, &["import", "in/pain.json"], "record 2 (line 3): pain:"),
        case(
            2,
            &["import", "in/control.json"],
            "record 2 (line 3): note: a note may not contain control",
        ),
        case(
            2,
            &["import", "in/bidi.json"],
            "record 2 (line 3): note: a note may not contain bidirectional-override",
        ),
        case(
            2,
            &["import", "in/long_note.json"],
            "record 2 (line 3): note: a note holds at most 500",
        ),
        case(2, &["import", "in/overlap.json"], "overlaps #3"),
        case(
            2,
            &["import", "in/duration.csv"],
            "line 3: minutes: 'abc' is not a duration",
        ),
        case(2, &["import", "in/duration.csv", "--dry-run"], "line 3: minutes:"),
        case(
            2,
            &["import", "in/cells.csv"],
            "line 3: has 3 cells where the header has 6",
        ),
        case(
            2,
            &["import", "in/date.csv"],
            "line 3: date: '2026-02-30' is not a calendar date",
        ),
        case(2, &["import", "in/incline.csv"], "line 3: incline_percent:"),
        case(
            2,
            &["import", "in/steps.csv"],
            "line 3: steps: 'many' is not a step count",
        ),
        case(
            2,
            &["import", "in/note.csv"],
            "line 3: note: a note may not contain control",
        ),
        case(2, &["import", "in/not_utf8.csv"], "line 3: cell 6 is not UTF-8"),
        case(2, &["import", "in/future.csv"], "line 3: start:"),
        case(2, &["import", "in/several.csv"], "3 bad records"),
        // the timer, undo and redo
        case(1, &["stop"], "no timer is running"),
        case(1, &["stop", "--at", "18:00"], "no timer is running"),
        case(1, &["cancel"], "no timer is running"),
        case(1, &["start"], "a timer is already running").after(timer_running),
        case(1, &["timer"], "a timer is already running").after(timer_running),
        case(1, &["undo"], "nothing to undo").after(nothing_left_to_undo),
        case(1, &["undo", "--dry-run"], "nothing to undo").after(nothing_left_to_undo),
        case(1, &["redo"], "nothing to redo"),
        // the command line itself
        case(2, &["frobnicate"], "unrecognized subcommand"),
        case(2, &["log", "8", "--bogus"], "unexpected argument '--bogus'"),
        case(2, &["completions", "tcsh"], "bash, elvish, fish, powershell, zsh"),
        case(2, &["--color", "sometimes", "list"], "auto, always, never"),
        // a bad store
        case(1, &["list"], "sessions.json is a folder").after(store_is_a_folder),
        case(1, &["log", "8", "--at", "07:00"], "sessions.json").after(store_is_a_folder),
        case::<&str>(1, &[], "sessions.json is a folder").after(store_is_a_folder),
        case(1, &["list"], "is empty").after(store_is_empty),
        case(1, &["log", "8", "--at", "07:00"], "is empty").after(store_is_empty),
        case(1, &["rm", "1"], "ends early").after(store_is_truncated),
        case(1, &["import", "in/good.json"], "ends early").after(store_is_truncated),
        case(1, &["list"], "newer backwalk").after(store_is_newer),
        case(1, &["goals", "--minutes", "6-12"], "newer backwalk").after(store_is_newer),
        case(1, &["undo"], "newer backwalk").after(store_is_newer),
        case(1, &["redo"], "newer backwalk").after(store_is_newer),
        case(1, &["edit", "1", "--steps", "5"], "line 1 column 24").after(store_is_not_json),
        case(1, &["start"], "not a backwalk store").after(store_is_another_format),
        case(1, &["log", "8", "--at", "07:00"], "appears twice").after(store_has_a_duplicate_id),
        case(1, &["today"], "at line").after(store_is_not_utf8),
        case(1, &["week"], "at line").after(store_is_not_utf8),
    ]
}

// ---- running a row ----

/// The store as the row found it: its bytes, or what is in its place.
#[derive(Debug, PartialEq)]
enum Found {
    File(Vec<u8>),
    Folder(BTreeSet<String>),
    Nothing,
}

fn found(path: &Path) -> Found {
    if path.is_dir() {
        let names = fs::read_dir(path)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        return Found::Folder(names);
    }
    fs::read(path).map_or(Found::Nothing, Found::File)
}

fn temporaries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The spare a save keeps for the next one is no leftover.
        .filter(|n| n.contains(".tmp") && n != common::SPARE)
        .collect()
}

#[test]
fn every_rejected_input_says_why_writes_nothing_and_never_panics() {
    let base = TestEnv::new();
    base.run(&[
        "log",
        "8",
        "--steps",
        "300",
        "--surface",
        "grass",
        "--note",
        "first walk",
    ])
    .ok();
    base.run(&[
        "log",
        "6",
        "--steps",
        "250",
        "--at",
        "yesterday",
        "--incline",
        "3",
    ])
    .ok();
    base.run(&["log", "7", "--at", "2026-11-19 08:00", "--note", "third"])
        .ok();
    let base_bak = base.dir.path().join("sessions.json.bak");

    // Import files and relative paths are read from here.
    let work = tempfile::tempdir().unwrap();
    fs::create_dir(work.path().join("in")).unwrap();
    for (name, bytes) in import_files() {
        fs::write(work.path().join("in").join(name), bytes).unwrap();
    }

    let cases = cases();
    assert!(cases.len() >= 240, "only {} rows", cases.len());
    let mut faults = Vec::new();
    for (row, case) in cases.iter().enumerate() {
        let env = TestEnv::new();
        fs::write(env.store(), base.store_bytes()).unwrap();
        fs::copy(&base_bak, env.dir.path().join("sessions.json.bak")).unwrap();
        if let Some(setup) = case.setup {
            setup(&env);
        }
        let fault = check_row(&env, case, work.path());
        if !fault.is_empty() {
            faults.push(format!("row {row}: {:?}: {fault}", case.args));
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n\n"));
}

/// Runs one row: what is wrong with how it was refused, or nothing.
fn check_row(env: &TestEnv, case: &Case, work: &Path) -> String {
    let bak = env.dir.path().join("sessions.json.bak");
    let before = (found(&env.store()), found(&bak));
    let output = env
        .std_command()
        .current_dir(work)
        .args(&case.args)
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    let stderr = &run.stderr;
    let mut wrong = Vec::new();
    if run.code != case.code {
        wrong.push(format!(
            "exit {} (ended by {}), not {}",
            run.code, output.status, case.code
        ));
    }
    if !stderr.starts_with("error:") || stderr.matches("error:").count() != 1 {
        wrong.push("not one `error:` line first on stderr".to_string());
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        wrong.push("a panic".to_string());
    }
    if !stderr.contains(case.says) {
        wrong.push(format!("does not say '{}'", case.says));
    }
    if !run.stdout.is_empty() {
        wrong.push(format!("stdout: {}", run.stdout));
    }
    if (found(&env.store()), found(&bak)) != before {
        wrong.push("the store or its backup changed".to_string());
    }
    let left: Vec<String> = [temporaries(env.dir.path()), temporaries(work)].concat();
    if !left.is_empty() {
        wrong.push(format!("temporaries left: {left:?}"));
    }
    if wrong.is_empty() {
        String::new()
    } else {
        format!("{}\nstderr: {stderr}", wrong.join("; "))
    }
}
