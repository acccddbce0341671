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

use askama::Template;
use chrono::{Datelike, Duration, NaiveDate};

use crate::clock::Clock;
use crate::days::{Day, PAIN_HOLD_ABOVE};
use crate::model::{GoalEntry, Goals, Range, Session};
use crate::plan::{Reason, Summary};
use crate::summary::{Period, report, round2};

/// The chart's drawing width and the room left of the plot for its axis.
const WIDTH: f64 = 720.0;
const LEFT: f64 = 34.0;

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
    painful: Vec<(String, String, String)>,
    walks: Vec<WalkRow>,
}

struct ChangeRow {
    date: String,
    from: String,
    target: u32,
    reason: &'static str,
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

/// A line, with a label where it has one (grid lines).
struct Line {
    x1: f64,
    y1: f64,
    x2: f64,
    y2: f64,
    text: String,
}

struct Label {
    x: f64,
    y: f64,
    text: String,
}

struct Bar {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

#[derive(Template)]
#[template(path = "bars.svg")]
struct BarChart {
    title: String,
    width: f64,
    height: f64,
    left: f64,
    bottom: f64,
    value_size: f64,
    grid: Vec<Line>,
    bars: Vec<Bar>,
    range_lines: Vec<Line>,
    target_ticks: Vec<Line>,
    values: Vec<Label>,
    dates: Vec<Label>,
    weeks: Vec<Label>,
}

#[derive(Template)]
#[template(path = "pain.svg")]
struct PainChart {
    width: f64,
    height: f64,
    left: f64,
    bottom: f64,
    threshold: f64,
    grid: Vec<Line>,
    after_paths: Vec<String>,
    morning_paths: Vec<String>,
    after: Vec<Label>,
    morning: Vec<Label>,
    dates: Vec<Label>,
}

/// What the report is made of: the fold kept `first..=last`; `sessions`
/// are the walks of those days; `made` says when it was made.
pub struct Input<'a> {
    pub summary: &'a Summary,
    pub sessions: &'a [Session],
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub made: String,
    pub clock: &'a Clock,
}

/// A number as the JSON gives it, without a needless `.0`.
fn number(value: f64) -> String {
    format!("{}", round2(value))
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
pub fn report_html(input: &Input) -> Result<String, askama::Error> {
    let summary = input.summary;
    let days: Vec<NaiveDate> = input.first.iter_days().take_while(|d| *d <= input.last).collect();
    let shown = |date: &NaiveDate| *date <= summary.as_of;
    let page = Page {
        range: format!("{} to {}", day_label(input.first), day_label(input.last)),
        made: input.made.clone(),
        plan: plan_lines(summary),
        changes: summary
            .plan
            .history
            .iter()
            .map(|change| ChangeRow {
                date: short_day(change.date),
                from: short_day(match change.reason {
                    Reason::StepUp => change.date + Duration::days(1),
                    Reason::Range => change.date,
                }),
                target: change.target_minutes,
                reason: match change.reason {
                    Reason::StepUp => "met on 3 days",
                    Reason::Range => "the range changed",
                },
            })
            .collect(),
        minutes_chart: minutes_chart(summary, &days, &shown).render()?,
        steps_chart: steps_chart(summary, &days, &shown)
            .map(|c| c.render())
            .transpose()?,
        pain_chart: pain_chart(summary, &days).render()?,
        weeks: week_rows(summary, input.first, input.last),
        totals: totals_row(summary, input.first, input.last),
        painful: days
            .iter()
            .map(|date| summary.day(*date))
            .filter(Day::painful)
            .map(|day| {
                (
                    short_day(day.date),
                    dash_or(day.pain_max),
                    dash_or(day.morning_pain),
                )
            })
            .collect(),
        walks: input
            .sessions
            .iter()
            .map(|s| {
                let local = input.clock.local(&s.start);
                WalkRow {
                    id: s.id,
                    day: local.format("%a %-d %b").to_string(),
                    time: local.format("%H:%M").to_string(),
                    minutes: minutes(s.seconds()),
                    steps: dash_or(s.steps),
                    surface: s.surface.to_string(),
                    pain: dash_or(s.pain),
                    note: s.note.clone().unwrap_or_default(),
                }
            })
            .collect(),
    };
    page.render()
}

/// The day from which a goal (`value` picks it out) has stood as it
/// stands on `as_of`, and what it was before; `None` when it has stood
/// so from the beginning.
fn since<T: PartialEq>(
    goals: &Goals,
    as_of: NaiveDate,
    value: impl Fn(&GoalEntry) -> T,
) -> Option<(NaiveDate, T)> {
    let now = value(goals.in_force(as_of));
    let entries = goals.entries();
    let shown = entries.partition_point(|e| e.from.is_none_or(|from| from <= as_of));
    let mut at = shown.checked_sub(1)?;
    while at > 0 && value(&entries[at - 1]) == now {
        at -= 1;
    }
    let before = entries.get(at.checked_sub(1)?)?;
    Some((entries[at].from?, value(before)))
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
    match since(&summary.goals, summary.as_of, value) {
        Some((from, before)) => format!("{now} since {} (before: {})", short_day(from), short(&before)),
        None => now,
    }
}

fn range_text(range: Option<Range>) -> String {
    range.map_or_else(|| "off".into(), |r| format!("{}–{}", r.min, r.max))
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
        "complete: the high end was met on 3 days".to_string()
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
            "a day met the target but had pain above 5".to_string(),
        ));
    }
    lines
}

fn week_rows(summary: &Summary, first: NaiveDate, last: NaiveDate) -> Vec<WeekRow> {
    report(summary, first, last, Period::Week)
        .iter()
        .map(|row| {
            let days = summary.days_between(row.from, row.to);
            WeekRow {
                label: row.label.clone(),
                days: format!("{} – {}", row.from.format("%-d %b"), row.to.format("%-d %b")),
                walk_days: days_count(days.iter().filter(|d| d.sessions > 0).count()),
                minutes: minutes(row.totals.seconds),
                steps: dash_or(row.totals.steps),
                on_target: row.days_on_target,
                pain_avg: dash_or(row.totals.pain_avg.map(number)),
                pain_max: dash_or(days.iter().filter_map(|d| d.pain_max).max()),
                morning_max: dash_or(days.iter().filter_map(|d| d.morning_pain).max()),
            }
        })
        .collect()
}

fn totals_row(summary: &Summary, first: NaiveDate, last: NaiveDate) -> WeekRow {
    let days = summary.days_between(first, last);
    let rows = report(summary, first, last, Period::Week);
    WeekRow {
        label: "total".into(),
        days: String::new(),
        walk_days: days_count(days.iter().filter(|d| d.sessions > 0).count()),
        minutes: minutes(rows.iter().map(|r| r.totals.seconds).sum()),
        steps: dash_or(rows.iter().filter_map(|r| r.totals.steps).reduce(|a, b| a + b)),
        on_target: rows.iter().map(|r| r.days_on_target).sum(),
        pain_avg: dash_or(crate::plan::pain_avg(days).map(number)),
        pain_max: dash_or(days.iter().filter_map(|d| d.pain_max).max()),
        morning_max: dash_or(days.iter().filter_map(|d| d.morning_pain).max()),
    }
}

fn days_count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where day `index` of `count` sits: its slot's left edge and width.
fn slot(index: usize, count: usize) -> (f64, f64) {
    let width = (WIDTH - LEFT) / count.max(1) as f64;
    (LEFT + index as f64 * width, width)
}

/// The day numbers under the plot, and each Monday's week label.
fn date_labels(days: &[NaiveDate], bottom: f64) -> (Vec<Label>, Vec<Label>) {
    let mut dates = Vec::new();
    let mut weeks = Vec::new();
    for (index, date) in days.iter().enumerate() {
        let (x, w) = slot(index, days.len());
        dates.push(Label {
            x: x + w / 2.0,
            y: bottom + 9.0,
            text: date.day().to_string(),
        });
        if date.weekday() == chrono::Weekday::Mon || index == 0 {
            weeks.push(Label {
                x: x + 1.0,
                y: bottom + 19.0,
                text: format!("{} {}", date.format("%b"), Period::Week.label(*date).split_off(5)),
            });
        }
    }
    (dates, weeks)
}

/// Grid lines at round values up to `top` on a plot from `bottom` up
/// `height` units.
fn grid(top: f64, bottom: f64, height: f64, step: f64) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut value = 0.0;
    while value <= top + 1e-9 {
        let y = bottom - value / top * height;
        lines.push(Line {
            x1: LEFT,
            y1: y,
            x2: WIDTH,
            y2: y,
            text: number(value),
        });
        value += step;
    }
    lines
}

fn nice_step(top: f64) -> f64 {
    [
        1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10_000.0, 20_000.0,
    ]
    .into_iter()
    .find(|step| top / step <= 6.0)
    .unwrap_or(50_000.0)
}

/// One bar chart of a value per day, with the range in force each day.
struct Series<'a> {
    title: &'a str,
    value: &'a dyn Fn(&Day) -> Option<f64>,
    range: &'a dyn Fn(NaiveDate) -> Option<(f64, f64)>,
    target: &'a dyn Fn(NaiveDate) -> Option<f64>,
    text: &'a dyn Fn(f64) -> String,
}

fn bar_chart(
    summary: &Summary,
    days: &[NaiveDate],
    shown: &dyn Fn(&NaiveDate) -> bool,
    series: &Series,
) -> BarChart {
    let (top_pad, plot, bottom_pad) = (12.0, 80.0, 22.0);
    let bottom = top_pad + plot;
    let highest = days
        .iter()
        .filter(|d| shown(d))
        .filter_map(|d| (series.value)(&summary.day(*d)))
        .chain(days.iter().filter_map(|d| (series.range)(*d).map(|r| r.1)))
        .fold(1.0, f64::max);
    let step = nice_step(highest);
    let top = (highest / step).ceil() * step;
    let y = |value: f64| bottom - value / top * plot;
    let mut chart = BarChart {
        title: series.title.to_string(),
        width: WIDTH,
        height: bottom + bottom_pad,
        left: LEFT,
        bottom,
        value_size: if days.len() > 35 { 6.0 } else { 7.5 },
        grid: grid(top, bottom, plot, step),
        bars: Vec::new(),
        range_lines: Vec::new(),
        target_ticks: Vec::new(),
        values: Vec::new(),
        dates: Vec::new(),
        weeks: Vec::new(),
    };
    for (index, date) in days.iter().enumerate() {
        let (x, w) = slot(index, days.len());
        if let Some((low, high)) = (series.range)(*date) {
            for value in [low, high] {
                chart.range_lines.push(Line {
                    x1: x,
                    y1: y(value),
                    x2: x + w,
                    y2: y(value),
                    text: String::new(),
                });
            }
        }
        if !shown(date) {
            continue;
        }
        if let Some(target) = (series.target)(*date) {
            chart.target_ticks.push(Line {
                x1: x + w * 0.1,
                y1: y(target),
                x2: x + w * 0.9,
                y2: y(target),
                text: String::new(),
            });
        }
        let Some(value) = (series.value)(&summary.day(*date)) else {
            continue;
        };
        chart.bars.push(Bar {
            x: x + w * 0.2,
            y: y(value),
            w: w * 0.6,
            h: bottom - y(value),
        });
        chart.values.push(Label {
            x: x + w / 2.0,
            y: y(value) - 2.5,
            text: (series.text)(value),
        });
    }
    (chart.dates, chart.weeks) = date_labels(days, bottom);
    chart
}

fn minutes_chart(summary: &Summary, days: &[NaiveDate], shown: &dyn Fn(&NaiveDate) -> bool) -> BarChart {
    bar_chart(
        summary,
        days,
        shown,
        &Series {
            title: "minutes walked per day, each day's target and the range",
            value: &|day| (day.sessions > 0).then(|| round2(day.minutes())),
            range: &|date| {
                let range = summary.goals.in_force(date).minutes;
                Some((range.min.into(), range.max.into()))
            },
            target: &|date| Some(summary.plan.target_on(date).into()),
            text: &number,
        },
    )
}

fn steps_chart(
    summary: &Summary,
    days: &[NaiveDate],
    shown: &dyn Fn(&NaiveDate) -> bool,
) -> Option<BarChart> {
    let any = days.iter().any(|d| summary.day(*d).steps.is_some());
    any.then(|| {
        bar_chart(
            summary,
            days,
            shown,
            &Series {
                title: "backward steps per day where recorded, and the range",
                value: &|day| day.steps.map(|s| s as f64),
                range: &|date| {
                    summary
                        .goals
                        .in_force(date)
                        .steps
                        .map(|r| (r.min.into(), r.max.into()))
                },
                target: &|_| None,
                text: &number,
            },
        )
    })
}

fn pain_chart(summary: &Summary, days: &[NaiveDate]) -> PainChart {
    let (top_pad, plot, bottom_pad) = (10.0, 60.0, 12.0);
    let bottom = top_pad + plot;
    let y = |pain: u8| bottom - f64::from(pain) / 10.0 * plot;
    let mut chart = PainChart {
        width: WIDTH,
        height: bottom + bottom_pad,
        left: LEFT,
        bottom,
        threshold: y(PAIN_HOLD_ABOVE),
        grid: grid(10.0, bottom, plot, 2.0),
        after_paths: Vec::new(),
        morning_paths: Vec::new(),
        after: Vec::new(),
        morning: Vec::new(),
        dates: Vec::new(),
    };
    let mut after_path = Vec::new();
    let mut morning_path = Vec::new();
    for (index, date) in days.iter().enumerate() {
        let (x, w) = slot(index, days.len());
        let x = x + w / 2.0;
        let day = summary.day(*date);
        if let Some(pain) = day.pain_max {
            after_path.push(format!("{x:.1},{:.1}", y(pain)));
            chart.after.push(Label {
                x,
                y: y(pain),
                text: pain.to_string(),
            });
        }
        if let Some(pain) = day.morning_pain {
            morning_path.push(format!("{x:.1},{:.1}", y(pain)));
            chart.morning.push(Label {
                x,
                y: y(pain),
                text: pain.to_string(),
            });
        }
    }
    if after_path.len() > 1 {
        chart.after_paths.push(after_path.join(" "));
    }
    if morning_path.len() > 1 {
        chart.morning_paths.push(morning_path.join(" "));
    }
    chart.dates = date_labels(days, bottom).0;
    chart
}
