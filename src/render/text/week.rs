//! `week`: the table of days, the chart of minutes, the totals. Each
//! piece takes the days or totals it shows, not the week, so a longer
//! span (a month) can lay out the same rows, chart and totals lines.

use std::fmt::Write;

use chrono::{Duration, NaiveDate};

use super::plan::plan_summary;
use super::verdict::cautions;
use super::{day_time, streak_text};
use crate::clock::Clock;
use crate::model::{Goals, Session, Surface};
use crate::parse::format_duration;
use crate::plan::{Plan, Streaks};
use crate::render::table::{Columns, Side};
use crate::render::{Paint, Style, count, plural, rhythm, wrap};
use crate::summary::{JudgedDay, Period, Totals, Week};

/// `week`: the table, the chart, the totals.
pub fn week_screen(
    week: &Week,
    goals: &Goals,
    streaks: Streaks,
    plan: &Plan,
    clock: &Clock,
    style: Style,
) -> String {
    let sunday = week.monday + Duration::days(6);
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", week_heading(week.monday, sunday, style));
    out.push_str(&day_table(&week.days, style));
    let _ = writeln!(out);
    out.push_str(&minutes_chart(&week.days, goals, style));
    let _ = writeln!(out);
    out.push_str(&week_totals(week, streaks, clock, style));
    let plan = plan_summary(plan, sunday.min(clock.today()), style);
    let _ = writeln!(out, "{}", wrap(&plan, "  plan      ", "            "));
    if let Some(mornings) = rhythm::week_mornings(&week.days, style) {
        let _ = writeln!(out, "{}", wrap(&mornings, "  mornings  ", "            "));
    }
    out.push_str(&day_cautions(&week.days, style));
    out
}

/// `Week 2026-W47 · Mon 16 Nov – Sun 22 Nov 2026`.
fn week_heading(monday: NaiveDate, sunday: NaiveDate, style: Style) -> String {
    let heading = format!(
        "Week {} {} {} {} {}",
        Period::Week.label(monday),
        style.dot(),
        monday.format("%a %-d %b"),
        style.dash(),
        sunday.format("%a %-d %b %Y")
    );
    style.paint(&heading, Paint::Bold)
}

/// The columns of the table of days.
pub(super) const DAY_COLUMNS: Columns = Columns {
    indent: "  ",
    gap: "  ",
    widths: &[
        (10, Side::Left),
        (5, Side::Right),
        (7, Side::Right),
        (6, Side::Right),
        (6, Side::Right),
        (7, Side::Right),
        (9, Side::Right),
        (4, Side::Right),
    ],
};

/// The table of days: a header, then a row a day.
pub(super) fn day_table(days: &[JudgedDay], style: Style) -> String {
    let header = DAY_COLUMNS.row(&[
        "day",
        "walks",
        "time",
        "steps",
        "target",
        "min met",
        "steps met",
        "pain",
    ]);
    let mut out = format!("{}\n", style.paint(&header, Paint::Dim));
    for row in days {
        let _ = writeln!(out, "{}", day_row(row, style));
    }
    out
}

/// A day of the table: its walks, time, steps, target and verdicts, or
/// `(to come)` for a day after the one counted as of.
pub(super) fn day_row(row: &JudgedDay, style: Style) -> String {
    let name = row.day.date.format("%a %-d %b").to_string();
    if row.future {
        return DAY_COLUMNS.row(&[&name, &style.paint("(to come)", Paint::Dim)]);
    }
    let d = &row.day;
    let dash = || style.em_dash().to_string();
    let (minutes_mark, steps_mark) = if d.sessions == 0 {
        (dash(), dash())
    } else {
        (
            style.verdict_mark(row.verdict.minutes_standing()),
            style.verdict_mark(row.verdict.steps_standing()),
        )
    };
    DAY_COLUMNS.row(&[
        &name,
        &d.sessions.to_string(),
        &day_time(d.seconds),
        &d.steps.map_or_else(dash, count),
        &format_duration(u64::from(row.verdict.target_minutes) * 60),
        &minutes_mark,
        &steps_mark,
        &d.pain_max.map_or_else(dash, |p| p.to_string()),
    ])
}

/// `Minutes per day`: a bar a day on one scale, the longest day or
/// range's top filling the bar.
pub(super) fn minutes_chart(days: &[JudgedDay], goals: &Goals, style: Style) -> String {
    let scale = days
        .iter()
        .map(|row| row.day.minutes())
        .chain(
            days.iter()
                .map(|row| f64::from(goals.in_force(row.day.date).minutes.max)),
        )
        .fold(1.0, f64::max);
    let mut out = "  Minutes per day (| marks each day's target)\n".to_string();
    for row in days {
        let _ = writeln!(out, "{}", chart_row(row, scale, style));
    }
    out
}

/// One bar of the chart, with the day's time unless it is to come.
fn chart_row(row: &JudgedDay, scale: f64, style: Style) -> String {
    let target = f64::from(row.verdict.target_minutes);
    let bar = style.bar(row.day.minutes(), scale, 50, Some(target));
    let day = row.day.date.format("%a");
    if row.future {
        format!("  {day}  {bar}")
    } else {
        format!("  {day}  {bar}  {}", day_time(row.day.seconds))
    }
}

/// The week's totals, one labelled line each.
fn week_totals(week: &Week, streaks: Streaks, clock: &Clock, style: Style) -> String {
    let t = &week.totals;
    let mut lines = vec![
        total_line(t, style),
        active_days_line(week.active_days, week.days_on_target, t.seconds, style),
    ];
    lines.extend(pain_line(t.pain_avg, week.previous.pain_avg));
    if week.week_days.goal < crate::rhythm::EVERY_DAY {
        lines.push(format!("  rhythm    {}", rhythm::week_days_text(week.week_days)));
    }
    lines.push(match week.streak_weeks {
        Some(weeks) => format!("  streak    {}", rhythm::weeks_text(weeks)),
        None => format!("  streak    {}", streak_text(streaks, style)),
    });
    lines.extend(week.best.as_ref().map(|best| best_line(best, clock, style)));
    lines.extend(surfaces_line(&week.by_surface, style));
    lines.extend(
        week.kcal
            .map(|kcal| energy_line(kcal, week.kcal_walks, t.sessions)),
    );
    lines.push(versus_line(t, &week.previous, style));
    lines.push(String::new());
    lines.join("\n")
}

/// `total     5 walks · 41m · 1,870 steps`.
pub(super) fn total_line(t: &Totals, style: Style) -> String {
    let dot = style.dot();
    format!(
        "  total     {} {dot} {} {dot} {}",
        plural(t.sessions.into(), "walk", "walks"),
        day_time(t.seconds),
        steps_total(t.steps, style)
    )
}

/// `days      5 active · 4 on target · 8m12s per active day`.
pub(super) fn active_days_line(active_days: u32, on_target: u32, seconds: u64, style: Style) -> String {
    let dot = style.dot();
    let average = if active_days > 0 {
        seconds / u64::from(active_days)
    } else {
        0
    };
    format!(
        "  days      {active_days} active {dot} {on_target} on target {dot} {} per active day",
        day_time(average)
    )
}

/// The average of daily highest pain against the span before, when
/// either recorded any.
pub(super) fn pain_line(now: Option<f64>, before: Option<f64>) -> Option<String> {
    (now.is_some() || before.is_some()).then(|| {
        let text = format!(
            "average of daily highest {} (the week before: {})",
            pain_text(now),
            pain_text(before)
        );
        wrap(&text, "  pain      ", "            ")
    })
}

/// `best      #12 · 11m · Thu 19 Nov`.
pub(super) fn best_line(best: &Session, clock: &Clock, style: Style) -> String {
    let dot = style.dot();
    format!(
        "  best      #{} {dot} {} {dot} {}",
        best.id,
        format_duration(best.seconds()),
        clock.local(&best.start).format("%a %-d %b")
    )
}

/// `surfaces  grass 20m · track 11m`, most first; nothing without walks.
pub(super) fn surfaces_line(by_surface: &[(Surface, u64)], style: Style) -> Option<String> {
    if by_surface.is_empty() {
        return None;
    }
    let surfaces: Vec<String> = by_surface
        .iter()
        .map(|(surface, seconds)| format!("{surface} {}", day_time(*seconds)))
        .collect();
    let separator = format!(" {} ", style.dot());
    Some(wrap(&surfaces.join(&separator), "  surfaces  ", "            "))
}

/// `energy    ~120 kcal for 3 of 5 walks (estimate …)`.
pub(super) fn energy_line(kcal: f64, kcal_walks: Option<u32>, sessions: u32) -> String {
    let covered = kcal_walks.map_or_else(String::new, |walks| {
        format!(" for {walks} of {}", plural(sessions.into(), "walk", "walks"))
    });
    let text = format!("~{kcal:.0} kcal{covered} (estimate at 3.5 mph; slower walks burn less)");
    wrap(&text, "  energy    ", "            ")
}

/// `vs before +2 walks · +26m · +310 steps`: the span against the one
/// before it.
pub(super) fn versus_line(t: &Totals, p: &Totals, style: Style) -> String {
    let dot = style.dot();
    format!(
        "  vs before {} {dot} {} {dot} {}",
        signed(t.sessions.into(), p.sessions.into(), "walk", "walks"),
        signed_time(t.seconds, p.seconds),
        match (steps_taken(t), steps_taken(p)) {
            (Some(now), Some(before)) => signed(now, before, "step", "steps"),
            // Walks that counted no steps are not walks of 0 steps.
            _ => format!("steps {}", style.em_dash()),
        }
    )
}

/// Each day's cautions, named by its weekday; days to come have none.
pub(super) fn day_cautions(days: &[JudgedDay], style: Style) -> String {
    let mut out = String::new();
    for row in days.iter().filter(|row| !row.future) {
        for caution in cautions(&row.verdict, style) {
            let text = format!("{} {caution}", row.day.date.format("%a"));
            let _ = writeln!(out, "{}", wrap(&text, "  caution   ", "            "));
        }
    }
    out
}

/// A change in minutes, written as a duration: `+26m`, `-1m30s`, `0m`.
fn signed_time(now: u64, before: u64) -> String {
    let text = format_duration(now.abs_diff(before));
    match now.cmp(&before) {
        std::cmp::Ordering::Equal => text,
        std::cmp::Ordering::Less => format!("-{text}"),
        std::cmp::Ordering::Greater => format!("+{text}"),
    }
}

fn signed(now: u64, before: u64, one: &str, many: &str) -> String {
    let sign = match now.cmp(&before) {
        std::cmp::Ordering::Less => "-",
        std::cmp::Ordering::Greater => "+",
        std::cmp::Ordering::Equal => "",
    };
    format!("{sign}{}", plural(now.abs_diff(before), one, many))
}

/// `1,870 steps`, or `— steps` when no walk recorded any.
fn steps_total(steps: Option<u64>, style: Style) -> String {
    steps.map_or_else(
        || format!("{} steps", style.em_dash()),
        |n| plural(n, "step", "steps"),
    )
}

/// The steps a span's walks took, to compare: none without walks,
/// unknown when it had walks and none of them recorded steps.
fn steps_taken(totals: &Totals) -> Option<u64> {
    match totals.steps {
        None if totals.sessions == 0 => Some(0),
        steps => steps,
    }
}

fn pain_text(pain: Option<f64>) -> String {
    pain.map_or_else(|| "none recorded".to_string(), |p| format!("{p:.1}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_differences() {
        assert_eq!(signed_time(2220, 660), "+26m");
        assert_eq!(signed_time(600, 690), "-1m30s");
        assert_eq!(signed_time(600, 600), "0m");
        assert_eq!(signed(3, 2, "walk", "walks"), "+1 walk");
        assert_eq!(signed(2, 4, "walk", "walks"), "-2 walks");
        assert_eq!(signed(2, 2, "walk", "walks"), "0 walks");
    }
}
