//! `report --html FILE`: the printable report for a physiotherapist or a
//! doctor, one self-contained HTML file (inline CSS and SVG, no scripts,
//! nothing fetched) made from askama templates (`templates/`). askama
//! checks the templates when backwalk is compiled and turns them into
//! plain Rust, so the report costs no template parsing at run time and
//! no runtime library beyond a small escaping crate; its HTML escaping is
//! on by default, so a walk's note cannot write markup.
//!
//! Every figure is one that `report --json` (by week) or `week --json`
//! gives: minutes to two decimals, the average of daily highest pain to
//! two decimals, steps as counted. Each day's figures are printed on the
//! charts, not hidden in hovers.
//!
//! This file fills the page (the plan, the weekly table, the painful days,
//! the walks); `charts` draws the charts it embeds.

mod charts;

use askama::Template;
use chrono::NaiveDate;

use crate::clock::Clock;
use crate::days::{Day, PAIN_HOLD_ABOVE};
use crate::model::{GoalEntry, Range, Session};
use crate::plan::{DAYS_PER_STEP, Reason, Summary, TargetChange};
use crate::render::{Style, number, text};
use crate::summary::{Period, Totals, report};
use charts::charts;

#[derive(Template)]
#[template(path = "report.html")]
struct Page {
    range: String,
    made: String,
    plan: Vec<(String, String)>,
    changes: Vec<ChangeRow>,
    minutes_chart: String,
    steps_chart: Option<String>,
    pain_chart: String,
    weeks: Vec<WeekRow>,
    totals: WeekRow,
    /// Pain above this holds the plan (`days::PAIN_HOLD_ABOVE`).
    pain_threshold: u8,
    painful: Vec<(String, String, String)>,
    walks: Vec<WalkRow>,
}

struct ChangeRow {
    date: String,
    from: String,
    target: u32,
    reason: String,
}

struct WeekRow {
    label: String,
    days: String,
    walk_days: u32,
    minutes: String,
    steps: String,
    on_target: u32,
    pain_avg: String,
    pain_max: String,
    morning_max: String,
}

struct WalkRow {
    id: u64,
    day: String,
    time: String,
    minutes: String,
    steps: String,
    surface: String,
    pain: String,
    note: String,
}

/// What the report is made of: the fold kept `first..=last`; `sessions`
/// are the walks of those days; `made` says when it was made.
pub struct ReportInput<'a> {
    pub summary: &'a Summary,
    pub sessions: &'a [Session],
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub made: String,
    pub clock: &'a Clock,
}

fn minutes(seconds: u64) -> String {
    number(seconds as f64 / 60.0)
}

fn dash_or<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "—".to_string(), |v| v.to_string())
}

fn day_label(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

fn short_day(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// The report as one HTML document.
pub fn report_html(input: &ReportInput) -> Result<String, askama::Error> {
    let summary = input.summary;
    let days: Vec<NaiveDate> = input.first.iter_days().take_while(|d| *d <= input.last).collect();
    let charts = charts(summary, &days)?;
    let (weeks, totals) = week_table(summary, input.first, input.last);
    Page {
        range: format!("{} to {}", day_label(input.first), day_label(input.last)),
        made: input.made.clone(),
        plan: plan_lines(summary),
        changes: summary.plan.history.iter().map(change_row).collect(),
        minutes_chart: charts.minutes,
        steps_chart: charts.steps,
        pain_chart: charts.pain,
        weeks,
        totals,
        pain_threshold: PAIN_HOLD_ABOVE,
        painful: painful_rows(summary, &days),
        walks: input.sessions.iter().map(|s| walk_row(s, input.clock)).collect(),
    }
    .render()
}

/// A change of target: the day that caused it, the day it applies from.
fn change_row(change: &TargetChange) -> ChangeRow {
    ChangeRow {
        date: short_day(change.date),
        from: short_day(change.from),
        target: change.target_minutes,
        reason: match change.reason {
            Reason::StepUp => format!("met on {DAYS_PER_STEP} days"),
            Reason::Range => "the range changed".to_string(),
        },
    }
}

/// The days with the pain caution: day, pain after walks, next morning.
fn painful_rows(summary: &Summary, days: &[NaiveDate]) -> Vec<(String, String, String)> {
    days.iter()
        .map(|date| summary.day(*date))
        .filter(Day::painful)
        .map(|day| {
            (
                short_day(day.date),
                dash_or(day.pain_max),
                dash_or(day.morning_pain),
            )
        })
        .collect()
}

/// A walk as the list of walks shows it, at its local time.
fn walk_row(session: &Session, clock: &Clock) -> WalkRow {
    let local = clock.local(&session.start);
    WalkRow {
        id: session.id,
        day: local.format("%a %-d %b").to_string(),
        time: local.format("%H:%M").to_string(),
        minutes: minutes(session.seconds()),
        steps: dash_or(session.steps),
        surface: session.surface.to_string(),
        pain: dash_or(session.pain),
        note: session.note.clone().unwrap_or_default(),
    }
}

/// A goal as it stands (`long`), and since when, if it was changed, with
/// what it was before (`short`): `10–15 minutes a day since Sun 1 Nov
/// (before: 5–10)`.
fn with_since<T: PartialEq>(
    summary: &Summary,
    value: impl Fn(&GoalEntry) -> T,
    long: impl Fn(&T) -> String,
    short: impl Fn(&T) -> String,
) -> String {
    let now = long(&value(summary.goals.in_force(summary.as_of)));
    match summary.goals.since(summary.as_of, value) {
        Some((from, before)) => format!("{now} since {} (before: {})", short_day(from), short(&before)),
        None => now,
    }
}

/// A goal's range as the text screens write it (with thousands), or
/// `off`; the page is always Unicode, whatever the terminal.
fn range_text(range: Option<Range>) -> String {
    let style = Style {
        color: false,
        unicode: true,
    };
    range.map_or_else(|| "off".into(), |r| text::range_text(r, style))
}

fn plan_lines(summary: &Summary) -> Vec<(String, String)> {
    let plan = &summary.plan;
    let mut lines = vec![
        (
            "target".to_string(),
            format!("{} minutes a day", plan.target_minutes),
        ),
        (
            "minutes range".to_string(),
            with_since(
                summary,
                |g| Some(g.minutes),
                |r| format!("{} minutes a day", range_text(*r)),
                |r| range_text(*r),
            ),
        ),
        (
            "steps range".to_string(),
            with_since(
                summary,
                |g| g.steps,
                |r| match r {
                    Some(_) => format!("{} backward steps a day", range_text(*r)),
                    None => "off".into(),
                },
                |r| range_text(*r),
            ),
        ),
        (
            "rhythm".to_string(),
            with_since(
                summary,
                |g| g.days_per_week,
                |days| super::rhythm::days_text(*days),
                |days| super::rhythm::days_text(*days),
            ),
        ),
    ];
    let progress = if plan.complete {
        format!("complete: the high end was met on {DAYS_PER_STEP} days")
    } else {
        format!(
            "{} of {} days toward the next step",
            plan.days_toward_next, plan.days_per_step
        )
    };
    lines.push(("progress".to_string(), progress));
    if plan.held_by_pain {
        lines.push((
            "held".to_string(),
            format!("a day met the target but had pain above {PAIN_HOLD_ABOVE}"),
        ));
    }
    lines
}

/// One row per week of `first..=last`, and the row of the whole range.
fn week_table(summary: &Summary, first: NaiveDate, last: NaiveDate) -> (Vec<WeekRow>, WeekRow) {
    let rows = report(summary, first, last, Period::Week);
    let weeks = rows
        .iter()
        .map(|row| {
            let days = format!("{} – {}", row.from.format("%-d %b"), row.to.format("%-d %b"));
            week_row(row.label.clone(), days, &row.totals, row.days_on_target)
        })
        .collect();
    let whole = Totals::of(summary.days_between(first, last));
    let on_target = rows.iter().map(|r| r.days_on_target).sum();
    (weeks, week_row("total".into(), String::new(), &whole, on_target))
}

fn week_row(label: String, days: String, totals: &Totals, on_target: u32) -> WeekRow {
    WeekRow {
        label,
        days,
        walk_days: totals.walk_days,
        minutes: minutes(totals.seconds),
        steps: dash_or(totals.steps),
        on_target,
        pain_avg: dash_or(totals.pain_avg.map(number)),
        pain_max: dash_or(totals.pain_max),
        morning_max: dash_or(totals.morning_pain_max),
    }
}
