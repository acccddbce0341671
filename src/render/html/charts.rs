//! The report's charts, inline SVG from askama templates
//! (`templates/bars.svg`, `templates/pain.svg`): minutes and steps per
//! day as bars against the range and the target, pain after walks and
//! the next morning as lines against the threshold.

use askama::Template;
use chrono::{Datelike, NaiveDate};

use crate::days::{Day, PAIN_HOLD_ABOVE};
use crate::plan::Summary;
use crate::render::number;
use crate::summary::{Period, round2};

/// The chart's drawing width and the room left of the plot for its axis.
const WIDTH: f64 = 720.0;
const LEFT: f64 = 34.0;

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

/// The report's charts as SVG text; no steps chart when no walk of the
/// range recorded steps.
pub(super) struct Charts {
    pub minutes: String,
    pub steps: Option<String>,
    pub pain: String,
}

/// The charts of `days`; only days up to `summary.as_of` get bars.
pub(super) fn charts(summary: &Summary, days: &[NaiveDate]) -> Result<Charts, askama::Error> {
    let shown = |date: &NaiveDate| *date <= summary.as_of;
    Ok(Charts {
        minutes: minutes_chart(summary, days, &shown).render()?,
        steps: steps_chart(summary, days, &shown)
            .map(|c| c.render())
            .transpose()?,
        pain: pain_chart(summary, days).render()?,
    })
}

/// Where day `index` of `count` sits: its column's left edge and width.
fn day_column(index: usize, count: usize) -> (f64, f64) {
    let width = (WIDTH - LEFT) / count.max(1) as f64;
    (LEFT + index as f64 * width, width)
}

/// The day numbers under the plot, and each Monday's week label.
fn date_labels(days: &[NaiveDate], bottom: f64) -> (Vec<Label>, Vec<Label>) {
    let mut dates = Vec::new();
    let mut weeks = Vec::new();
    for (index, date) in days.iter().enumerate() {
        let (x, w) = day_column(index, days.len());
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
        let (x, w) = day_column(index, days.len());
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
        let (x, w) = day_column(index, days.len());
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
