//! The day, the week, reports by period and the calendar: pure
//! aggregation of what a fold of the history (`plan::Summary`) kept.

pub mod calendar;

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, Months, NaiveDate};

use crate::days::Day;
use crate::model::{Session, Surface};
use crate::plan::{Summary, Verdict, pain_avg};
use crate::weeks::{WeekDays, days_per_week};

/// The Monday of a day's week, where the commands and screens have
/// always asked for it.
pub use crate::weeks::monday_of;

/// A day judged against its goals: its totals, the verdict, the
/// estimated energy, and whether it is still ahead of "as of".
#[derive(Clone, Debug, PartialEq)]
pub struct JudgedDay {
    pub day: Day,
    pub verdict: Verdict,
    pub kcal: Option<f64>,
    /// After the day things are counted as of (nothing to judge yet).
    pub future: bool,
}

impl JudgedDay {
    pub fn of(summary: &Summary, date: NaiveDate) -> JudgedDay {
        let day = summary.day(date);
        JudgedDay {
            verdict: summary.verdict(&day),
            kcal: summary.kcal(&day),
            future: date > summary.as_of,
            day,
        }
    }
}

/// Sessions, walk days, minutes and steps of a span, the average of
/// daily highest pain and the highest pains.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Totals {
    pub sessions: u32,
    /// Days with at least one walk.
    pub walk_days: u32,
    pub seconds: u64,
    /// `None` when no walk of the span recorded steps.
    pub steps: Option<u64>,
    /// The mean of each day's highest pain over the days that recorded
    /// pain (`plan::pain_avg`).
    pub pain_avg: Option<f64>,
    /// The highest pain after a walk of the span.
    pub pain_max: Option<u8>,
    /// The highest next-morning pain of the span's days.
    pub morning_pain_max: Option<u8>,
}

impl Totals {
    pub fn of<'a>(days: impl IntoIterator<Item = &'a Day> + Clone) -> Totals {
        let mut totals = Totals {
            pain_avg: pain_avg(days.clone()),
            ..Totals::default()
        };
        for day in days {
            totals.sessions += day.sessions;
            totals.walk_days += u32::from(day.sessions > 0);
            totals.seconds += day.seconds;
            totals.steps = add_steps(totals.steps, day.steps);
            totals.pain_max = totals.pain_max.max(day.pain_max);
            totals.morning_pain_max = totals.morning_pain_max.max(day.morning_pain);
        }
        totals
    }

    /// Adds another span's totals (their pain average is not kept: it
    /// needs the days).
    pub fn add(&mut self, other: &Totals) {
        self.sessions += other.sessions;
        self.walk_days += other.walk_days;
        self.seconds += other.seconds;
        self.steps = add_steps(self.steps, other.steps);
        self.pain_max = self.pain_max.max(other.pain_max);
        self.morning_pain_max = self.morning_pain_max.max(other.morning_pain_max);
    }
}

/// Steps summed where any were recorded: `None` only when neither was.
pub fn add_steps(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Week {
    pub monday: NaiveDate,
    pub days: Vec<JudgedDay>,
    pub totals: Totals,
    pub active_days: u32,
    pub days_on_target: u32,
    pub kcal: Option<f64>,
    /// The walks the estimate covers (those on days with a weight in
    /// force), when that is not all of them.
    pub kcal_walks: Option<u32>,
    pub previous: Totals,
    /// The longest single walk of the week on a day without the pain
    /// caution.
    pub best: Option<Session>,
    /// Seconds per surface, most first.
    pub by_surface: Vec<(Surface, u64)>,
    /// The week's walk days (up to the day it is counted as of) against
    /// its rhythm, and the weekly streak (`None` with every day).
    #[expect(
        clippy::struct_field_names,
        reason = "the name the JSON week view and the status template give it"
    )]
    pub week_days: WeekDays,
    pub streak_weeks: Option<u32>,
}

/// A count of days, for a field that holds it: days are distinct dates,
/// far fewer than `u32::MAX`.
fn count_u32(days: usize) -> u32 {
    u32::try_from(days).unwrap_or(u32::MAX)
}

/// The ISO week that starts on `monday`: `summary` kept the days of the
/// week and the one before; `sessions` are the week's walks, and
/// `date_of` gives a walk's local day.
pub fn week(
    summary: &Summary,
    sessions: &[Session],
    date_of: impl Fn(&Session) -> NaiveDate,
    monday: NaiveDate,
) -> Week {
    let sunday = monday + Duration::days(6);
    let days: Vec<JudgedDay> = (0..7)
        .map(|n| JudgedDay::of(summary, monday + Duration::days(n)))
        .collect();
    let mut per_surface: BTreeMap<Surface, u64> = BTreeMap::new();
    for session in sessions {
        *per_surface.entry(session.surface).or_default() += session.seconds();
    }
    let mut by_surface: Vec<(Surface, u64)> = per_surface.into_iter().collect();
    by_surface.sort_by_key(|(surface, seconds)| (std::cmp::Reverse(*seconds), *surface));
    let kcals: Vec<f64> = days.iter().filter_map(|d| d.kcal).collect();
    let kcal_walks: u32 = days
        .iter()
        .filter(|d| d.kcal.is_some())
        .map(|d| d.day.sessions)
        .sum();
    let painful = |session: &Session| {
        days.iter()
            .any(|d| d.verdict.pain_caution && d.day.date == date_of(session))
    };
    Week {
        monday,
        totals: Totals::of(summary.days_between(monday, sunday)),
        active_days: count_u32(days.iter().filter(|d| d.day.sessions > 0).count()),
        days_on_target: count_u32(days.iter().filter(|d| d.verdict.on_target()).count()),
        kcal: (!kcals.is_empty()).then(|| kcals.iter().sum()),
        kcal_walks: (!kcals.is_empty())
            .then_some(kcal_walks)
            .filter(|walks| *walks < days.iter().map(|d| d.day.sessions).sum::<u32>()),
        previous: Totals::of(summary.days_between(monday - Duration::days(7), monday - Duration::days(1))),
        best: sessions
            .iter()
            .filter(|s| !painful(s))
            .max_by_key(|s| (s.duration_seconds, std::cmp::Reverse(s.start)))
            .cloned(),
        by_surface,
        week_days: WeekDays {
            done: count_u32(days.iter().filter(|d| !d.future && d.day.sessions > 0).count()),
            goal: days_per_week(&summary.goals, monday, summary.as_of),
        },
        streak_weeks: summary.streak_weeks,
        days,
    }
}

/// How `report` groups days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    /// The first day of the period holding `date`.
    fn start(self, date: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => date,
            Period::Week => monday_of(date),
            Period::Month => date.with_day(1).unwrap_or(date),
        }
    }

    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Period::Day => start.checked_add_signed(Duration::days(1)),
            Period::Week => start.checked_add_signed(Duration::days(7)),
            Period::Month => start.checked_add_months(Months::new(1)),
        }
    }

    /// `2026-11-18`, `2026-W47`, `2026-11`.
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            Period::Day => start.format("%Y-%m-%d").to_string(),
            Period::Week => {
                let week = start.iso_week();
                format!("{}-W{:02}", week.year(), week.week())
            }
            Period::Month => start.format("%Y-%m").to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PeriodRow {
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub totals: Totals,
    pub days_on_target: u32,
}

/// One row per period touching `first..=last` (clipped to that range),
/// empty periods included as zeros; `summary` kept the range's days.
pub fn report(summary: &Summary, first: NaiveDate, last: NaiveDate, by: Period) -> Vec<PeriodRow> {
    let mut rows = Vec::new();
    let mut start = by.start(first);
    while start <= last {
        let next = by.next(start);
        let from = start.max(first);
        let to = next.map_or(last, |next| (next - Duration::days(1)).min(last));
        let days = summary.days_between(from, to);
        rows.push(PeriodRow {
            label: by.label(start),
            from,
            to,
            totals: Totals::of(days),
            days_on_target: count_u32(days.iter().filter(|d| summary.verdict(d).on_target()).count()),
        });
        match next {
            Some(next) => start = next,
            None => break,
        }
    }
    rows
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::calendar::{Calendar, DayOutcome};
    use super::*;
    use crate::days::DayFold;
    use crate::model::Goals;
    use crate::plan::History;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn day(on: &str, sessions: u32, seconds: u64, steps: Option<u64>, pain: Option<u8>) -> Day {
        Day {
            date: date(on),
            sessions,
            seconds,
            steps,
            uphill_seconds: 0,
            pain_max: pain,
            morning_pain: None,
        }
    }

    fn summary(days: &[Day], as_of: &str, window: (&str, &str)) -> Summary {
        let mut history = History::new(
            &Goals::default(),
            date(as_of),
            Some((date(window.0), date(window.1))),
        );
        for d in days {
            history.day(d);
        }
        history.finish()
    }

    #[test]
    fn a_week_has_seven_rows_totals_and_the_week_before() {
        let days = [
            day("2026-11-15", 1, 600, Some(100), Some(4)), // Sunday before
            day("2026-11-16", 1, 300, Some(250), Some(2)),
            day("2026-11-18", 2, 700, None, Some(7)),
            day("2026-11-22", 1, 60, Some(10), None),
        ];
        let s = summary(&days, "2026-11-20", ("2026-11-09", "2026-11-22"));
        let w = week(&s, &[], |s| s.start.date_naive(), date("2026-11-16"));
        assert_eq!(w.days.len(), 7);
        assert_eq!(
            (w.totals.sessions, w.totals.seconds, w.totals.steps),
            (4, 1060, Some(260))
        );
        assert_eq!(w.totals.pain_avg, Some(4.5));
        assert_eq!((w.totals.walk_days, w.totals.pain_max), (3, Some(7)));
        assert_eq!(w.active_days, 3);
        assert_eq!(
            w.days_on_target, 2,
            "Monday, and Wednesday whose steps are not counted"
        );
        assert_eq!((w.previous.sessions, w.previous.pain_avg), (1, Some(4.0)));
        assert!(w.days[6].future && !w.days[3].future);
    }

    #[test]
    fn reports_fill_empty_periods_and_clip_to_the_range() {
        let days = [
            day("2026-10-30", 1, 600, Some(300), None),
            day("2026-11-02", 1, 300, Some(100), Some(3)),
            day("2026-11-20", 1, 360, Some(250), None),
        ];
        let s = summary(&days, "2026-11-21", ("2026-10-26", "2026-11-22"));
        let weeks = report(&s, date("2026-10-26"), date("2026-11-22"), Period::Week);
        let labels: Vec<&str> = weeks.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]);
        let seconds: Vec<u64> = weeks.iter().map(|r| r.totals.seconds).collect();
        assert_eq!(seconds, [600, 300, 0, 360]);
        let on_target: Vec<u32> = weeks.iter().map(|r| r.days_on_target).collect();
        assert_eq!(on_target, [1, 0, 0, 1]);
        assert_eq!(weeks[1].totals.pain_avg, Some(3.0));
        assert_eq!(weeks[2].totals.pain_avg, None);
        let months = report(&s, date("2026-10-31"), date("2026-11-02"), Period::Month);
        assert_eq!(
            (
                months[0].label.as_str(),
                months[0].from,
                months[0].totals.sessions
            ),
            ("2026-10", date("2026-10-31"), 0)
        );
        assert_eq!((months[1].to, months[1].totals.sessions), (date("2026-11-02"), 1));
        let end = report(&s, date("9999-12-30"), date("9999-12-31"), Period::Month);
        assert_eq!(end.len(), 1, "the last representable month ends the report");
    }

    #[test]
    fn calendar_states_follow_the_verdicts() {
        let days = [
            day("2026-11-01", 1, 120, None, None),
            day("2026-11-02", 1, 300, Some(250), None),
            day("2026-11-03", 1, 660, None, Some(8)),
        ];
        let s = summary(&days, "2026-11-03", ("2026-11-01", "2026-11-05"));
        let cal = Calendar::of(&s, date("2026-11-01"), date("2026-11-05"));
        let states: Vec<DayOutcome> = cal.days.iter().map(|d| d.outcome).collect();
        assert_eq!(
            states,
            [
                DayOutcome::BelowTarget,
                DayOutcome::OnTarget,
                DayOutcome::AboveRange,
                DayOutcome::NoWalk,
                DayOutcome::NoWalk
            ]
        );
        assert_eq!(cal.days[2].pain_max, Some(8));
    }

    #[test]
    fn week_labels_across_years() {
        assert_eq!(Period::Week.label(date("2020-12-28")), "2020-W53");
        assert_eq!(Period::Week.label(date("2025-12-29")), "2026-W01");
        assert_eq!(monday_of(date("2027-01-03")), date("2026-12-28"));
    }
}
