//! `today`, and the progress line `log` prints after a walk: the day's
//! bars, walks, streak, plan, timer and what to do next.

use std::fmt::Write;

use chrono::NaiveDate;

use super::plan::plan_summary;
use super::verdict::{cautions, minutes_verdict, steps_verdict};
use super::{day_steps, kcal_label, range_text, session_brief, streak_text};
use crate::clock::Clock;
use crate::model::Timer;
use crate::parse::{format_duration, format_elapsed};
use crate::plan::Standing;
use crate::render::view::DayOverview;
use crate::render::{Paint, Style, count, plural, rhythm, wrap};

/// Cells of the day's bars.
const BAR: usize = 30;

/// `today`: bars, sessions, streak, plan and what to do next.
pub fn day_screen(day: &DayOverview, clock: &Clock, style: Style) -> String {
    let date = day.row.day.date;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        style.paint(&date.format("%A %-d %B %Y").to_string(), Paint::Bold)
    );
    out.push_str(&day_bars(day, style));
    out.push_str(&pain_lines(day));
    let _ = writeln!(out);
    out.push_str(&day_walks(day, clock, style));
    let _ = writeln!(out);
    out.push_str(&rhythm::streak_lines(
        &day.rhythm,
        &streak_text(day.streaks, style),
    ));
    let plan = plan_summary(day.plan, date, style);
    let _ = writeln!(out, "{}", wrap(&plan, "  plan    ", "          "));
    if let Some(timer) = day.timer {
        out.push_str(&timer_lines(day, timer, clock));
    }
    if let (Some(kcal), Some(kg)) = (day.row.kcal, day.goals.weight_kg) {
        let _ = writeln!(out, "{}", wrap(&kcal_label(kcal, kg), "  energy  ", "          "));
    }
    out.push_str(&advice_lines(day, clock, style));
    out
}

/// The minutes and steps bars, each with its verdict; `|` marks the
/// target on each bar.
fn day_bars(day: &DayOverview, style: Style) -> String {
    let (row, goals) = (&day.row, day.goals);
    let target = f64::from(row.verdict.target_minutes);
    let scale = row.day.minutes().max(goals.minutes.max.into());
    let mut out = format!(
        "  minutes  {}  {}\n",
        style.bar(row.day.minutes(), scale, BAR, Some(target)),
        minutes_verdict(row, style),
    );
    let _ = match goals.steps {
        Some(range) => {
            let steps = row.day.steps.unwrap_or(0);
            let scale = (steps as f64).max(range.max.into());
            let counted = match row.verdict.steps_standing() {
                Standing::NotCounted => "(not counted)".to_string(),
                standing => style.verdict_mark(standing),
            };
            writeln!(
                out,
                "  steps    {}  {} of {} {counted}",
                style.bar(steps as f64, scale, BAR, Some(range.min.into())),
                day_steps(row.day.steps, style),
                range_text(range, style),
            )
        }
        None => writeln!(
            out,
            "  steps    {} (no steps goal)",
            day_steps(row.day.steps, style)
        ),
    };
    out
}

/// The day's highest pain after walks, and the next morning's.
fn pain_lines(day: &DayOverview) -> String {
    let mut out = String::new();
    if let Some(pain) = day.row.day.pain_max {
        let _ = writeln!(out, "  pain     {pain} of 10 at most");
    }
    if let Some(pain) = day.row.day.morning_pain {
        let _ = writeln!(
            out,
            "{}",
            wrap(&rhythm::morning_text(pain), "  morning  ", "           ")
        );
    }
    out
}

/// The day's walks, one brief line each, or why there is none.
fn day_walks(day: &DayOverview, clock: &Clock, style: Style) -> String {
    let mut out = String::new();
    if day.sessions.is_empty() {
        let none = if day.rest_day() {
            "rest day"
        } else if day.row.day.date == clock.today() {
            "no walk yet"
        } else {
            "no walk"
        };
        let _ = writeln!(out, "  {}", style.paint(none, Paint::Dim));
    }
    for session in day.sessions {
        let _ = writeln!(out, "  {}", session_brief(session, clock, style));
    }
    out
}

/// The running timer, and a hint to stop it when it looks forgotten.
fn timer_lines(day: &DayOverview, timer: &Timer, clock: &Clock) -> String {
    let mut out = format!(
        "  timer   running since {} ({}, {})\n",
        clock.local(&timer.start).format("%a %H:%M"),
        format_elapsed(day.timer_elapsed(timer)),
        timer.surface
    );
    if day.timer_forgotten(timer) {
        out.push_str("          longer than any plausible walk: forgotten? Say when it ended:\n");
        out.push_str("          backwalk stop --at WHEN   or   backwalk stop --duration D\n");
    }
    out
}

/// The day's cautions; today without one, what to do next.
fn advice_lines(day: &DayOverview, clock: &Clock, style: Style) -> String {
    let mut out = String::new();
    let cautions = cautions(&day.row.verdict, style);
    for caution in &cautions {
        let _ = writeln!(out, "{}", wrap(caution, "  caution ", "          "));
    }
    if day.row.day.date == clock.today() && cautions.is_empty() {
        let next = if day.rest_day() {
            rhythm::rest_line(&day.rhythm)
        } else {
            coach_line(day)
        };
        let _ = writeln!(out, "{}", wrap(&next, "  next    ", "          "));
    }
    out
}

/// `today`, or the day's name when it is another (`Tue 17 Nov`).
fn day_label(date: NaiveDate, clock: &Clock) -> String {
    if date == clock.today() {
        "today".to_string()
    } else {
        date.format("%a %-d %b").to_string()
    }
}

/// `today 8m of 8m ✓ · 320 of 200–400 steps ✓` for the walk's day, then
/// the day's cautions on their own lines, in place of plain praise.
pub fn progress_line(day: &DayOverview, clock: &Clock, style: Style) -> String {
    let row = &day.row;
    let mut line = format!(
        "{} {}",
        day_label(row.day.date, clock),
        minutes_verdict(row, style)
    );
    if let Some(steps) = steps_verdict(row, day.goals, true, style) {
        let _ = write!(line, " {} {steps}", style.dot());
    }
    for caution in cautions(&row.verdict, style) {
        let _ = write!(line, "\n{}", wrap(&caution, "  ", "  "));
    }
    line
}

/// What to do next, in one sentence.
fn coach_line(day: &DayOverview) -> String {
    let row = &day.row;
    let target = row.verdict.target_minutes;
    if row.day.sessions == 0 {
        let article = crate::render::article(target.into());
        let capital = if article == "an" { "An" } else { "A" };
        return format!("{capital} {target}-minute walk keeps the plan going.");
    }
    if !row.verdict.minutes_met {
        return format!(
            "{} more reaches today's {target}-minute target.",
            format_duration(day.rhythm.seconds_to_go)
        );
    }
    if let (Some(more), Some(range)) = (row.verdict.steps_to_go(&row.day, day.goals), day.goals.steps) {
        return format!(
            "{} more reach {} for the day.",
            plural(more, "backward step", "backward steps"),
            count(range.min.into())
        );
    }
    "Today's targets are met: well done. Rest, or add an easy few minutes.".into()
}
