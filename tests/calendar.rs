//! `calendar`: the long view of walks, targets and pain, in the terminal,
//! as JSON and as an SVG file (the promises of `calendar`, "Fine points":
//! "Calendar ranges", "Written files", the JSON shapes).

mod common;

use chrono::{Datelike, Duration, NaiveDate};
use common::{TestEnv, assert_fits_80, import, strip_escapes};
use serde_json::{Value, json};

/// A walk on grass with the pain it recorded.
fn walk(start: &str, seconds: u32, steps: Option<u32>, pain: Option<u8>) -> Value {
    let mut walk = common::walk(start, seconds, steps);
    walk["pain"] = json!(pain);
    walk
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Early November 2026, one day of each kind (target 5, steps 200–400):
///
///   Mon  2  12 min 300 steps         above the range (1 toward 6)
///   Tue  3  5 min 300 steps          on target (2)
///   Wed  4  5 min 300 steps pain 7   on target, held: does not count
///   Thu  5  5 min 300 steps          on target (3): step up to 6
///   Fri  6  5 min 300 steps          below (target 6)
///   Sat  7  6 min 450 steps          above the range (steps) (1)
///   Sun  8  —                        none
///   Mon  9  6 min, no step count     on target: steps not counted (2)
///   Tue 10  6 min 100 steps          below (steps unmet), yet the third
///                                    met day of minutes: step up to 7
fn kinds_of_day(env: &TestEnv) {
    import(
        env,
        &[
            walk("2026-11-02T08:00:00+01:00", 720, Some(300), None),
            walk("2026-11-03T08:00:00+01:00", 300, Some(300), None),
            walk("2026-11-04T08:00:00+01:00", 300, Some(300), Some(7)),
            walk("2026-11-05T08:00:00+01:00", 300, Some(300), Some(2)),
            walk("2026-11-06T08:00:00+01:00", 300, Some(300), None),
            walk("2026-11-07T08:00:00+01:00", 360, Some(450), None),
            walk("2026-11-09T08:00:00+01:00", 360, None, None),
            walk("2026-11-10T08:00:00+01:00", 360, Some(100), None),
        ],
    );
}

fn calendar(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["--json", "calendar"];
    all.extend_from_slice(args);
    env.run(&all).json()
}

/// The days of a calendar document, checked to run from `from` to `to`
/// one date after another, each once.
#[track_caller]
fn days(value: &Value) -> Vec<Value> {
    let days = value["days"].as_array().expect("days is an array").clone();
    let from = date(value["from"].as_str().unwrap());
    let to = date(value["to"].as_str().unwrap());
    assert_eq!(
        i64::try_from(days.len()).unwrap(),
        (to - from).num_days() + 1,
        "{}",
        value["from"]
    );
    for (i, day) in (0..).zip(&days) {
        assert_eq!(
            day["date"].as_str().unwrap(),
            (from + Duration::days(i)).to_string()
        );
    }
    days
}

fn day<'a>(days: &'a [Value], on: &str) -> &'a Value {
    days.iter()
        .find(|d| d["date"] == on)
        .unwrap_or_else(|| panic!("no {on}"))
}

/// (`sessions`, `minutes`, `state`, `step_up`, `pain_max`) of a day.
fn brief(day: &Value) -> (u64, f64, String, bool, Option<u64>) {
    (
        day["sessions"].as_u64().unwrap(),
        day["minutes"].as_f64().unwrap(),
        day["state"].as_str().unwrap().to_string(),
        day["step_up"].as_bool().unwrap(),
        day["pain_max"].as_u64(),
    )
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The cell of `on` in a one-block calendar that starts on `from`: its
/// glyph and the mark beside it, read from the weekday's row (weeks are
/// columns of two characters after the four-character weekday label).
fn cell(text: &str, from: NaiveDate, on: NaiveDate) -> (char, char) {
    let label = on.format("%a").to_string();
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with(&label)).collect();
    assert_eq!(rows.len(), 1, "one block with one {label} row: {text}");
    let column =
        usize::try_from((monday_of(on) - monday_of(from)).num_days() / 7).expect("on is not before from");
    let chars: Vec<char> = rows[0].chars().collect();
    let at = 4 + 2 * column;
    (
        chars.get(at).copied().unwrap_or(' '),
        chars.get(at + 1).copied().unwrap_or(' '),
    )
}

/// How many day glyphs the weekday rows of a picture hold.
fn grid_glyphs(text: &str) -> usize {
    text.lines()
        .filter(|l| {
            l.get(..3)
                .is_some_and(|w| ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].contains(&w))
        })
        .flat_map(|l| l.chars().skip(4))
        .filter(|c| ['·', '○', '●', '▲'].contains(c))
        .count()
}

/// A run of the calendar with extra environment.
fn run_with(env: &TestEnv, vars: &[(&str, &str)], args: &[&str]) -> String {
    let mut command = env.std_command();
    command.arg("calendar").args(args);
    for (name, value) in vars {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

// ---------------------------------------------------------------- ranges

#[test]
fn the_default_range_is_this_iso_week_and_the_52_before() {
    let env = TestEnv::new();
    kinds_of_day(&env);
    let value = calendar(&env, &[]);
    // Saturday 21 November 2026: week 47 starts on Monday 16; 52 weeks
    // before that is Monday 17 November 2025. No day after today.
    assert_eq!(value["from"], "2025-11-17");
    assert_eq!(value["to"], "2026-11-21");
    let all = days(&value);
    assert_eq!(all.len(), 370);
    for d in &all {
        for key in [
            "date", "sessions", "minutes", "steps", "state", "step_up", "pain_max",
        ] {
            assert!(d.get(key).is_some(), "no {key} in {d}");
        }
    }
    assert_eq!(all.iter().filter(|d| d["sessions"] != 0).count(), 8);

    let text = env.run(&["calendar"]).ok().to_string();
    assert_fits_80("calendar", &text);
    assert!(text.contains("17 Nov 2025"), "{text}");
    // Weeks as columns, Monday on top, in two blocks of rows.
    let labels: Vec<&str> = text
        .lines()
        .filter_map(|l| l.get(..3))
        .filter(|l| ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].contains(l))
        .collect();
    assert_eq!(labels.len() % 7, 0, "{text}");
    assert_eq!(labels[..7], ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    // Every month is labelled.
    for month in [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with("    ") && l.contains(month)),
            "no {month} label: {text}"
        );
    }
    assert!(text.contains("2025") && text.contains("2026"), "{text}");
    // The key names every state and mark.
    for meaning in [
        "no walk",
        "below target",
        "on target",
        "above the range",
        "a step up earned",
        "pain above 5",
    ] {
        assert!(text.contains(meaning), "no {meaning} in the key: {text}");
    }
    // A cell a day up to today; Sunday 22 is still to come.
    assert_eq!(grid_glyphs(&text), 370, "{text}");
}

#[test]
fn months_reach_back_to_the_first_of_a_month() {
    let env = TestEnv::new();
    kinds_of_day(&env);
    for (months, from) in [
        ("1", "2026-11-01"),
        ("3", "2026-09-01"),
        ("12", "2025-12-01"),
        ("14", "2025-10-01"),
    ] {
        let value = calendar(&env, &["--months", months]);
        assert_eq!(
            (value["from"].as_str(), value["to"].as_str()),
            (Some(from), Some("2026-11-21")),
            "--months {months}"
        );
        days(&value);
        let text = env.run(&["calendar", "--months", months]).ok().to_string();
        assert_fits_80("calendar", &text);
    }
}

#[test]
fn a_year_is_that_calendar_year_with_the_future_left_blank() {
    let env = TestEnv::new();
    kinds_of_day(&env);
    import(&env, &[walk("2025-12-31T08:00:00+01:00", 300, Some(300), None)]);
    let this = calendar(&env, &["--year", "2026"]);
    assert_eq!(this["from"], "2026-01-01");
    let all = days(&this);
    assert_eq!(all.last().unwrap()["date"], "2026-11-21", "no day after today");
    assert!(all.iter().all(|d| d["date"].as_str().unwrap() >= "2026-01-01"));
    let text = env.run(&["calendar", "--year", "2026"]).ok().to_string();
    assert_fits_80("calendar", &text);
    assert!(text.contains("31 Dec 2026"), "{text}");
    assert!(text.contains("Dec"), "{text}");
    assert!(text.contains("still to come"), "{text}");
    assert_eq!(grid_glyphs(&text), 325, "1 January to 21 November: {text}");

    let last = calendar(&env, &["--year", "2025"]);
    assert_eq!(
        (last["from"].as_str(), last["to"].as_str()),
        (Some("2025-01-01"), Some("2025-12-31"))
    );
    let all = days(&last);
    assert_eq!(all.len(), 365);
    assert_eq!(brief(day(&all, "2025-12-31")).0, 1);
    assert!(
        !env.run(&["calendar", "--year", "2025"])
            .ok()
            .contains("still to come")
    );
    // A year still to come has nothing to show: refused as --week is.
    let future = env.run(&["calendar", "--year", "2027"]);
    assert!(
        future.fails(2).contains("2027 is in the future"),
        "{}",
        future.stderr
    );
}

// ---------------------------------------------------------------- states

#[test]
fn each_day_has_its_state_against_the_targets_in_force() {
    let env = TestEnv::new();
    kinds_of_day(&env);
    let value = calendar(&env, &["--months", "1"]);
    let all = days(&value);
    // (date, (sessions, minutes, state, step_up, pain_max))
    let expected = [
        ("2026-11-01", (0, 0.0, "none", false, None)),
        ("2026-11-02", (1, 12.0, "above_range", false, None)),
        ("2026-11-03", (1, 5.0, "on_target", false, None)),
        ("2026-11-04", (1, 5.0, "on_target", false, Some(7))),
        ("2026-11-05", (1, 5.0, "on_target", true, Some(2))),
        ("2026-11-06", (1, 5.0, "below", false, None)),
        ("2026-11-07", (1, 6.0, "above_range", false, None)),
        ("2026-11-08", (0, 0.0, "none", false, None)),
        ("2026-11-09", (1, 6.0, "on_target", false, None)),
        ("2026-11-10", (1, 6.0, "below", true, None)),
    ];
    for (on, (sessions, minutes, state, step_up, pain)) in expected {
        assert_eq!(
            brief(day(&all, on)),
            (sessions, minutes, state.to_string(), step_up, pain),
            "{on}"
        );
    }
    assert_eq!(day(&all, "2026-11-07")["steps"], 450);
    assert_eq!(day(&all, "2026-11-09")["steps"], Value::Null);

    // The same in the picture, glyph by glyph, without colour.
    let text = run_with(&env, &[("NO_COLOR", "1")], &["--months", "1"]);
    assert!(!text.contains('\x1b'), "{text}");
    let from = date("2026-11-01");
    let glyph = |on: &str| cell(&text, from, date(on));
    let none = glyph("2026-11-08").0;
    let below = glyph("2026-11-06").0;
    let on_target = glyph("2026-11-03").0;
    let above = glyph("2026-11-02").0;
    let mut distinct = vec![none, below, on_target, above];
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "four states, four glyphs: {text}");
    assert_eq!(glyph("2026-11-01").0, none, "{text}");
    assert_eq!(glyph("2026-11-07").0, above, "{text}");
    assert_eq!(glyph("2026-11-09").0, on_target, "{text}");
    assert_eq!(glyph("2026-11-10").0, below, "{text}");
    // Step-up and pain marks sit beside their day's glyph, and differ.
    let (state, step_mark) = glyph("2026-11-05");
    assert_eq!(state, on_target, "{text}");
    let (state, pain_mark) = glyph("2026-11-04");
    assert_eq!(state, on_target, "{text}");
    assert!(
        step_mark != ' ' && pain_mark != ' ' && step_mark != pain_mark,
        "{text}"
    );
    assert_eq!(glyph("2026-11-10").1, step_mark, "{text}");
    assert_eq!(glyph("2026-11-03").1, ' ', "no mark: {text}");
    // Each glyph is in the key with its meaning.
    let key: String = text.lines().skip_while(|l| !l.starts_with("Key")).collect();
    for (glyph, meaning) in [
        (none, "no walk"),
        (below, "below target"),
        (on_target, "on target"),
        (above, "above the range"),
    ] {
        assert!(key.contains(&format!("{glyph} {meaning}")), "{key}");
    }
    assert!(
        key.contains(&format!("{step_mark} a step up earned that day")),
        "{key}"
    );
    assert!(key.contains(&format!("{pain_mark} pain above 5")), "{key}");

    // Colour when asked, even with NO_COLOR: the same picture plus escapes.
    let coloured = run_with(
        &env,
        &[("NO_COLOR", "1")],
        &["--months", "1", "--color", "always"],
    );
    assert!(coloured.contains('\x1b'), "{coloured}");
    assert_eq!(strip_escapes(&coloured), text);
    let never = run_with(&env, &[], &["--months", "1", "--color", "never"]);
    assert_eq!(never, text);
}

#[test]
fn without_a_utf8_locale_the_picture_is_ascii() {
    let env = TestEnv::new();
    kinds_of_day(&env);
    let text = run_with(&env, &[("LANG", "C")], &["--months", "1"]);
    assert!(text.is_ascii(), "{text}");
    let from = date("2026-11-01");
    let glyphs: Vec<char> = ["2026-11-08", "2026-11-06", "2026-11-03", "2026-11-02"]
        .iter()
        .map(|on| cell(&text, from, date(on)).0)
        .collect();
    let mut distinct = glyphs.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "{glyphs:?}: {text}");
    assert!(glyphs.iter().all(|g| *g != ' '), "{text}");
}

/// Berlin, 2026: 02:00 CET → 03:00 CEST on Sunday 29 March, 03:00 CEST
/// → 02:00 CET on Sunday 25 October. Walks at 23:30 and 00:30 local
/// around both, written in UTC.
fn around_the_changes() -> Vec<Value> {
    vec![
        walk("2026-03-28T22:30:00Z", 300, Some(300), None), // Sat 28 23:30 CET
        walk("2026-03-28T23:30:00Z", 360, Some(300), None), // Sun 29 00:30 CET
        walk("2026-03-29T21:30:00Z", 420, Some(300), None), // Sun 29 23:30 CEST
        walk("2026-03-29T22:30:00Z", 480, Some(300), None), // Mon 30 00:30 CEST
        walk("2026-10-24T21:30:00Z", 300, Some(300), None), // Sat 24 23:30 CEST
        walk("2026-10-24T22:30:00Z", 360, Some(300), None), // Sun 25 00:30 CEST
        walk("2026-10-25T22:30:00Z", 420, Some(300), None), // Sun 25 23:30 CET
        walk("2026-10-25T23:30:00Z", 480, Some(300), None), // Mon 26 00:30 CET
    ]
}

#[test]
fn days_are_local_days_across_daylight_saving_changes() {
    let env = TestEnv::new();
    import(&env, &around_the_changes());
    let all = days(&calendar(&env, &["--year", "2026"]));
    assert_eq!(all.len(), 325);
    let figures = |on: &str| {
        let d = day(&all, on);
        (d["sessions"].as_u64().unwrap(), d["minutes"].as_f64().unwrap())
    };
    for (on, expected) in [
        ("2026-03-27", (0, 0.0)),
        ("2026-03-28", (1, 5.0)),
        ("2026-03-29", (2, 13.0)),
        ("2026-03-30", (1, 8.0)),
        ("2026-03-31", (0, 0.0)),
        ("2026-10-23", (0, 0.0)),
        ("2026-10-24", (1, 5.0)),
        ("2026-10-25", (2, 13.0)),
        ("2026-10-26", (1, 8.0)),
        ("2026-10-27", (0, 0.0)),
    ] {
        assert_eq!(figures(on), expected, "{on}");
    }
    let text = env.run(&["calendar", "--year", "2026"]).ok().to_string();
    assert!(text.contains("Walked on 6 of 325 days"), "{text}");

    // A month around each change, read cell by cell, as of its last day.
    for (now, sunday, walks) in [
        ("2026-03-31T12:00:00+02:00", "2026-03-29", 0..4),
        ("2026-10-31T12:00:00+01:00", "2026-10-25", 4..8),
    ] {
        let mut then = TestEnv::new();
        then.at(now);
        import(&then, &around_the_changes()[walks]);
        let text = then.run(&["calendar", "--months", "1"]).ok().to_string();
        let sunday = date(sunday);
        let from = sunday.with_day(1).unwrap();
        let walked = |on: NaiveDate| cell(&text, from, on).0;
        let none = walked(sunday - Duration::days(2));
        assert_ne!(walked(sunday - Duration::days(1)), none, "Saturday: {text}");
        assert_ne!(walked(sunday), none, "Sunday: {text}");
        assert_ne!(walked(sunday + Duration::days(1)), none, "Monday: {text}");
        assert_eq!(walked(sunday + Duration::days(2)), none, "Tuesday: {text}");
    }
}

#[test]
fn a_leap_day_has_its_own_cell() {
    let mut env = TestEnv::new();
    env.at("2028-03-05T12:00:00+01:00");
    import(
        &env,
        &[
            walk("2028-02-28T22:30:00Z", 300, Some(300), None), // Mon 28 23:30
            walk("2028-02-28T23:30:00Z", 240, Some(150), Some(6)), // Tue 29 00:30
            walk("2028-02-29T22:30:00Z", 300, Some(150), None), // Tue 29 23:30
            walk("2028-02-29T23:30:00Z", 420, Some(300), None), // Wed 1 Mar 00:30
        ],
    );
    let value = calendar(&env, &["--year", "2028"]);
    let all = days(&value);
    assert_eq!(all.len(), 31 + 29 + 5);
    let leap = day(&all, "2028-02-29");
    assert_eq!(brief(leap), (2, 9.0, "on_target".to_string(), false, Some(6)));
    assert_eq!(brief(day(&all, "2028-02-28")).0, 1);
    assert_eq!(brief(day(&all, "2028-03-01")).0, 1);

    let months = calendar(&env, &["--months", "2"]);
    assert_eq!(months["from"], "2028-02-01");
    assert_eq!(days(&months).len(), 29 + 5);
    let text = env.run(&["calendar", "--months", "2"]).ok().to_string();
    assert_fits_80("calendar", &text);
    let from = date("2028-02-01");
    let on_target = cell(&text, from, date("2028-02-28")).0;
    // Tuesday 29 February, right below Monday 28, with its pain mark.
    let (glyph, mark) = cell(&text, from, date("2028-02-29"));
    assert_eq!(glyph, on_target, "{text}");
    assert_ne!(mark, ' ', "{text}");
    assert_eq!(cell(&text, from, date("2028-03-01")).0, on_target, "{text}");
    assert_ne!(cell(&text, from, date("2028-03-02")).0, on_target, "{text}");
}

#[test]
fn every_view_fits_80_columns() {
    let env = TestEnv::new();
    kinds_of_day(&env);
    for args in [
        &[][..],
        &["--months", "1"],
        &["--months", "6"],
        &["--months", "13"],
        &["--months", "60"],
        &["--year", "2026"],
        &["--year", "2020"],
    ] {
        let text = env.run(&[&["calendar"][..], args].concat()).ok().to_string();
        assert_fits_80("calendar", &text);
        let ascii = run_with(&env, &[("LANG", "C")], args);
        assert_fits_80("calendar", &ascii);
    }
}

#[test]
fn bad_ranges_are_rejected_and_nothing_is_written() {
    let env = TestEnv::new();
    kinds_of_day(&env);
    let before = env.store_bytes();
    for (args, hint) in [
        (&["calendar", "--months", "0"][..], "0"),
        (&["calendar", "--months", "-2"], "-2"),
        (&["calendar", "--months", "x"], "x"),
        (&["calendar", "--year", "0"], "0"),
        (&["calendar", "--year", "10000"], "10000"),
        (&["calendar", "--year", "26a"], "26a"),
        (&["calendar", "--year", "2026", "--months", "3"], "--months"),
        (&["calendar", "--force"], "--svg"),
    ] {
        let run = env.run(args);
        let stderr = run.fails(2);
        assert!(stderr.contains(hint), "{args:?}: {stderr}");
        assert!(run.stdout.is_empty(), "{args:?}");
        assert_eq!(env.store_bytes(), before, "{args:?}");
    }
}

// ---------------------------------------------------------------- svg

/// The `<title>` of `on`'s cell and the top-left corner of its square.
fn svg_cell(svg: &str, on: &str) -> (String, f64, f64) {
    let line = svg
        .lines()
        .find(|l| l.starts_with(&format!("<g><title>{on}")))
        .unwrap_or_else(|| panic!("no cell titled {on}"));
    let (title, shapes) = line["<g><title>".len()..].split_once("</title>").unwrap();
    let attr = |name: &str| -> f64 {
        let at = shapes.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        shapes[at..].split('"').next().unwrap().parse().unwrap()
    };
    (title.to_string(), attr("x"), attr("y"))
}

/// Greyscale lightness (0 black, 255 white) at the centre of a 15-unit
/// cell whose corner is at (x, y), rendered at 2 pixels a unit.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a point inside the picture: positive and small"
)]
fn lightness(pixmap: &resvg::tiny_skia::Pixmap, x: f64, y: f64) -> f64 {
    let p = pixmap
        .pixel(((x + 7.5) * 2.0) as u32, ((y + 7.5) * 2.0) as u32)
        .expect("inside the picture");
    0.2126 * f64::from(p.red()) + 0.7152 * f64::from(p.green()) + 0.0722 * f64::from(p.blue())
}

#[test]
fn the_svg_is_one_self_contained_picture_with_a_title_per_day() {
    use std::os::unix::fs::PermissionsExt;

    let env = TestEnv::new();
    kinds_of_day(&env);
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("walks.svg");
    let path_text = path.to_str().unwrap();
    let text = env
        .run(&["calendar", "--months", "1", "--svg", path_text])
        .ok()
        .to_string();
    assert!(text.contains("walks.svg"), "{text}");
    assert_eq!(common::names_in(out.path()).len(), 1, "one file, no leftovers");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.trim_end().ends_with("</svg>"), "whole document");
    let lower = svg.to_lowercase();
    for banned in ["<script", "href", "url(", "@import", "<image", "<foreignobject"] {
        assert!(!lower.contains(banned), "{banned}");
    }
    // A title on each day's cell: 1–21 November, and its figures.
    let titled = svg
        .lines()
        .filter(|l| l.starts_with("<g><title>2026-11-"))
        .count();
    assert_eq!(titled, 21 + svg.matches("still to come").count());
    let (title, _, _) = svg_cell(&svg, "2026-11-04");
    for part in ["2026-11-04", "5m (target 5m)", "300 steps", "pain 7"] {
        assert!(title.contains(part), "{part}: {title}");
    }
    let (title, _, _) = svg_cell(&svg, "2026-11-02");
    assert!(
        title.contains("12m (target 5m)") && title.contains("above the range"),
        "{title}"
    );
    let (title, _, _) = svg_cell(&svg, "2026-11-08");
    assert!(title.contains("no walk"), "{title}");

    // It renders; an on-target day is dark, a day without walks light.
    let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).expect("the SVG parses");
    let size = tree.size();
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a picture's size in pixels: positive and small"
    )]
    let mut pixmap = resvg::tiny_skia::Pixmap::new(
        (size.width() * 2.0).ceil() as u32,
        (size.height() * 2.0).ceil() as u32,
    )
    .unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(2.0, 2.0),
        &mut pixmap.as_mut(),
    );
    let (_, x, y) = svg_cell(&svg, "2026-11-03");
    let dark = lightness(&pixmap, x, y);
    let (_, x, y) = svg_cell(&svg, "2026-11-08");
    let light = lightness(&pixmap, x, y);
    let (_, x, y) = svg_cell(&svg, "2026-11-06");
    let below = lightness(&pixmap, x, y);
    assert!(dark < 120.0, "on target: {dark}");
    assert!(light > 200.0, "no walk: {light}");
    assert!(dark < below && below < light, "below target in between: {below}");
}

#[test]
fn the_svg_refuses_to_overwrite_or_to_touch_the_store() {
    let env = TestEnv::new();
    kinds_of_day(&env);
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("walks.svg");
    let path_text = path.to_str().unwrap();
    std::fs::write(&path, b"mine").unwrap();
    let run = env.run(&["calendar", "--svg", path_text]);
    assert!(run.fails(1).contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), b"mine");
    // --force replaces it.
    env.run(&["calendar", "--svg", path_text, "--force"]).ok();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.contains("<svg"), "{svg}");
    // The store and the files beside it, never, not even with --force.
    let store = env.store();
    let before = env.store_bytes();
    let names = common::names_in(env.dir.path());
    for name in ["sessions.json", "sessions.json.bak", "sessions.json.lock"] {
        let target = env.dir.path().join(name);
        for force in [false, true] {
            let mut args = vec!["calendar", "--svg", target.to_str().unwrap()];
            if force {
                args.push("--force");
            }
            env.run(&args).fails(2);
            assert_eq!(env.store_bytes(), before, "{name}");
        }
    }
    assert_eq!(common::names_in(env.dir.path()), names);
    assert!(store.exists());
}

/// The `x` of the cell whose title starts with `date`, whole pixels.
fn cell_x(svg: &str, date: &str) -> String {
    let at = svg
        .find(&format!("<title>{date} "))
        .unwrap_or_else(|| panic!("{date}"));
    let rest = &svg[at..];
    let x = &rest[rest.find("<rect x=\"").unwrap() + 9..];
    x[..x.find(['.', '"']).unwrap()].to_string()
}

#[test]
fn a_column_belongs_to_the_month_of_its_monday() {
    let env = TestEnv::new();
    env.log_all(&[
        &["6", "--pain", "7", "--at", "2026-10-26 08:00"],
        &["6", "--pain", "6", "--at", "2026-10-27 08:00"],
    ]);
    // The week of Mon 26 Oct – Sun 1 Nov stands under October.
    assert_eq!(
        env.run(&["calendar", "--months", "2"]).ok(),
        "\
Walks from 1 Oct 2026 to 21 Nov 2026
Walked on 2 of 52 days: 2 on target, 0 below target; 0 above the range
0 step-ups; 2 days with pain above 5

    2026
    Oct       Nov
Mon   · · · ●!· · ·
Tue   · · · ●!· · ·
Wed   · · · · · · ·
Thu · · · · · · · ·
Fri · · · · · · · ·
Sat · · · · · · · ·
Sun · · · · · · ·

Key: · no walk   ○ below target   ● on target   ▲ above the range
     ●+ a step up earned that day   ○! pain above 5 that day
"
    );
    let path = env.dir.path().join("walks.svg");
    env.run(&["calendar", "--svg", path.to_str().unwrap()]).ok();
    let svg = std::fs::read_to_string(&path).unwrap();
    let labels: Vec<&str> = svg
        .match_indices(">Nov</text>")
        .map(|(at, _)| &svg[..at])
        .collect();
    let last = labels.last().expect("a Nov label");
    let x = &last[last.rfind("<text x=\"").unwrap() + 9..];
    let x = &x[..x.find('"').unwrap()];
    assert_eq!(x, cell_x(&svg, "2026-11-02"), "above Mon 2 Nov");
    assert_ne!(x, cell_x(&svg, "2026-10-26"));
}

#[test]
fn a_step_up_is_shown_on_the_day_that_earned_it_as_plan_and_week_date_it() {
    let env = TestEnv::new();
    env.log_all(&[
        &["5", "--steps", "300", "--at", "2026-11-16 08:00"],
        &["5m30s", "--steps", "300", "--at", "2026-11-17 08:00"],
        &["5", "--steps", "300", "--at", "2026-11-18 08:00"],
        &["12", "--steps", "300", "--at", "2026-11-19 08:00"],
    ]);
    let plan = env.run(&["plan"]).ok().to_string();
    assert!(
        plan.contains("\n  6 minutes a day from Thu 19 Nov 2026, earned by 16, 17 and 18 Nov\n"),
        "{plan}"
    );
    // Wednesday earned it; Thursday is the first day at 6 minutes.
    assert_eq!(
        env.run(&["calendar", "--months", "1"]).ok(),
        "\
Walks from 1 Nov 2026 to 21 Nov 2026
Walked on 4 of 21 days: 4 on target, 0 below target; 1 above the range
1 step-up; 0 days with pain above 5

    2026
    Nov
Mon   · · ●
Tue   · · ●
Wed   · · ●+
Thu   · · ▲
Fri   · · ·
Sat   · · ·
Sun · · ·

Key: · no walk   ○ below target   ● on target   ▲ above the range
     ●+ a step up earned that day   ○! pain above 5 that day
"
    );
    let path = env.dir.path().join("walks.svg");
    env.run(&["calendar", "--months", "1", "--svg", path.to_str().unwrap()])
        .ok();
    let svg = std::fs::read_to_string(&path).unwrap();
    // Durations as every screen writes them; a day above the range says
    // whether it was on target too.
    for title in [
        "2026-11-17 Tue · 1 walk · 5m30s (target 5m) · 300 steps · on target",
        "2026-11-18 Wed · 1 walk · 5m (target 5m) · 300 steps · on target · a step up \
         earned: the new target applies from Thu 19 Nov",
        "2026-11-19 Thu · 1 walk · 12m (target 6m) · 300 steps · on target · above the range",
    ] {
        assert!(svg.contains(&format!("<title>{title}</title>")), "{title}");
    }
    assert!(svg.contains(">a step up earned</text>"), "the key");
    assert!(!svg.contains("stepped up"), "{svg}");
}

/// The numbers in an SVG element's attribute `name` (a path's `d` gives
/// its coordinates, x and y in turn).
fn svg_numbers(element: &str, name: &str) -> Vec<f64> {
    let from = element.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
    element[from..]
        .split('"')
        .next()
        .unwrap()
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|n| !n.is_empty())
        .map(|n| n.parse().unwrap())
        .collect()
}

#[test]
fn a_step_up_days_printed_number_stays_clear_of_its_triangle() {
    let env = TestEnv::new();
    for day in ["2026-11-19", "2026-11-20", "2026-11-21"] {
        env.run(&["log", "5", "--at", &format!("{day} 08:00")]).ok();
    }
    let file = env.dir.path().join("calendar.svg");
    env.run(&["calendar", "--months", "1", "--svg", file.to_str().unwrap()])
        .ok();
    let svg = std::fs::read_to_string(&file).unwrap();
    let cell = svg
        .lines()
        .find(|line| line.starts_with("<g><title>2026-11-21") && line.contains("step up"))
        .expect("Sat 21 Nov earned a step up");
    let path = &cell[cell.find("<path").expect("the step-up triangle")..];
    let text = &cell[cell.find("<text").expect("the day's number")..];
    assert!(text.contains(">21</text>"), "{text}");
    let bottom = svg_numbers(path, "d")
        .iter()
        .skip(1)
        .step_by(2)
        .copied()
        .fold(0.0, f64::max);
    let baseline = svg_numbers(text, "y")[0];
    let size = svg_numbers(text, "font-size")[0];
    // Digits rise about 0.75 of the font size above their baseline; the
    // triangle's edge is 0.75 wide. Printed, the number must not be
    // crossed by the triangle.
    assert!(
        bottom + 0.375 < baseline - 0.75 * size,
        "triangle down to {bottom}, digits from {}",
        baseline - 0.75 * size
    );
    // Light digits on the dark on-target cell, as on every dark day.
    assert!(text.contains("fill=\"#ffffff\""), "{text}");
}
