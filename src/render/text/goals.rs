//! `goals`: the targets in force, and every change of them.

use std::fmt::Write;

use chrono::NaiveDate;

use super::range_text;
use crate::model::{GoalEntry, Goals};
use crate::plan::{MET_LEVEL, MET_UPHILL};
use crate::render::{Paint, Style, WIDTH, pad, rhythm, width};

/// `goals`: the targets in force today, and with `history` every change.
pub fn goals_text(goals: &Goals, today: NaiveDate, history: bool, style: Style) -> String {
    let mut out = String::new();
    let now = goals.in_force(today);
    let _ = writeln!(out, "  minutes  {} a day", range_text(now.minutes, style));
    let _ = match now.steps {
        Some(range) => writeln!(
            out,
            "  steps    {} backward steps a day",
            range_text(range, style)
        ),
        None => writeln!(out, "  steps    off (days are judged on minutes alone)"),
    };
    let _ = writeln!(out, "  days     {}", rhythm::days_text(now.days_per_week));
    let _ = match now.weight_kg {
        Some(kg) => writeln!(
            out,
            "  weight   {kg} kg (for calorie estimates: {MET_LEVEL} MET level, {MET_UPHILL} MET uphill)"
        ),
        None => writeln!(
            out,
            "  weight   not set (set it with --weight KG for calorie estimates)"
        ),
    };
    if history {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", style.paint("Changes", Paint::Bold));
        for entry in goals.entries() {
            let _ = writeln!(out, "{}", change_line(entry, style));
        }
    }
    out
}

/// One change of the targets; the widest ranges and weight take a
/// second line, under the date.
fn change_line(entry: &GoalEntry, style: Style) -> String {
    let from = entry
        .from
        .map_or_else(|| "the start ".to_string(), |d| d.to_string());
    let steps = entry
        .steps
        .map_or_else(|| "off".to_string(), |r| range_text(r, style));
    let weight = entry
        .weight_kg
        .map_or_else(|| style.em_dash().to_string(), |kg| format!("{kg} kg"));
    let line = format!(
        "  from {}  minutes {}  steps {}  days {}",
        pad(&from, 10),
        pad(&range_text(entry.minutes, style), 7),
        pad(&steps, 13),
        entry.days_per_week,
    );
    let weight = format!("weight {weight}");
    if width(&line) + 2 + width(&weight) <= WIDTH {
        format!("{line}  {weight}")
    } else {
        format!("{line}\n       {weight}")
    }
}
