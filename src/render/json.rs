//! The JSON shapes scripts rely on (README, "For scripts").

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::view::DayOverview;
use crate::model::{GoalEntry, Goals, Range, Session, Surface, Timer, rfc3339};
use crate::plan::{Streaks, session_kcal};
use crate::rhythm::WeekDays;
use crate::summary::{JudgedDay, Period, PeriodRow, Totals, Week, round2};

fn minutes(seconds: u64) -> f64 {
    round2(seconds as f64 / 60.0)
}

#[derive(Serialize)]
pub struct SessionView<'a> {
    pub id: u64,
    pub start: String,
    pub end: String,
    pub duration_seconds: u32,
    pub minutes: f64,
    pub steps: Option<u32>,
    pub surface: Surface,
    pub incline_percent: Option<f64>,
    pub pain: Option<u8>,
    pub note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kcal_estimate: Option<f64>,
}

impl<'a> SessionView<'a> {
    /// `weight_kg`: the weight in force on the walk's day, if any.
    pub fn new(session: &'a Session, weight_kg: Option<f64>) -> SessionView<'a> {
        SessionView {
            id: session.id,
            start: rfc3339::format(&session.start),
            end: rfc3339::format(&session.end()),
            duration_seconds: session.duration_seconds.seconds(),
            minutes: minutes(session.seconds()),
            steps: session.steps,
            surface: session.surface,
            incline_percent: session.incline_percent,
            pain: session.pain,
            note: session.note.as_deref(),
            kcal_estimate: weight_kg.map(|kg| round2(session_kcal(session, kg))),
        }
    }
}

/// Sessions as a JSON array, one session a line, written as they are
/// serialised: for 100 000 of them the text is twice the store's size,
/// too much to hold in memory beside them.
pub fn write_sessions<'a>(
    out: &mut impl std::io::Write,
    sessions: impl IntoIterator<Item = (&'a Session, Option<f64>)>,
) -> std::io::Result<()> {
    let mut first = true;
    out.write_all(b"[")?;
    for (session, weight) in sessions {
        out.write_all(if first { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, &SessionView::new(session, weight))?;
        first = false;
    }
    out.write_all(if first { b"]\n" } else { b"\n]\n" })
}

#[derive(Serialize)]
pub struct TimerView {
    pub start: String,
    pub surface: Surface,
    pub note: Option<String>,
}

impl TimerView {
    pub fn new(timer: &Timer) -> TimerView {
        TimerView {
            start: rfc3339::format(&timer.start),
            surface: timer.surface,
            note: timer.note.clone(),
        }
    }
}

#[derive(Serialize)]
pub struct RunningTimer {
    pub start: String,
    pub surface: Surface,
    pub elapsed_seconds: i64,
    /// Running past the longest plausible walk.
    pub forgotten: bool,
}

/// The JSON of `today` and `status`: the day against its targets.
#[derive(Serialize)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "a JSON shape: each verdict is its own key scripts read"
)]
pub struct TodayView<'a> {
    pub date: NaiveDate,
    pub sessions: u32,
    pub entries: Vec<SessionView<'a>>,
    pub minutes: f64,
    /// The recorded steps; null when no walk of the day recorded any.
    pub steps: Option<u64>,
    pub minutes_target: Range,
    pub target_minutes: u32,
    pub steps_target: Option<Range>,
    pub minutes_met: bool,
    pub steps_met: Option<bool>,
    pub on_target: bool,
    pub above_range: bool,
    pub pain_max: Option<u8>,
    pub morning_pain: Option<u8>,
    pub streak_days: u32,
    pub streak_weeks: Option<u32>,
    pub longest_streak_days: u32,
    pub plan_target_minutes: u32,
    pub week_days: WeekDays,
    pub rest_day: bool,
    pub timer: Option<RunningTimer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kcal_estimate: Option<f64>,
}

impl<'a> TodayView<'a> {
    pub fn new(report: &DayOverview<'a>) -> TodayView<'a> {
        let day = &report.row.day;
        let weight = report.goals.weight_kg;
        TodayView {
            date: day.date,
            sessions: day.sessions,
            entries: report
                .sessions
                .iter()
                .map(|s| SessionView::new(s, weight))
                .collect(),
            minutes: minutes(day.seconds),
            steps: day.steps,
            minutes_target: report.goals.minutes,
            target_minutes: report.row.verdict.target_minutes,
            steps_target: report.goals.steps,
            minutes_met: report.row.verdict.minutes_met,
            steps_met: report.row.verdict.steps_met,
            on_target: report.row.verdict.on_target(),
            above_range: report.row.verdict.above_range(),
            pain_max: day.pain_max,
            morning_pain: day.morning_pain,
            streak_days: report.streaks.current,
            streak_weeks: report.rhythm.streak_weeks,
            longest_streak_days: report.streaks.longest,
            plan_target_minutes: report.plan.target_minutes,
            week_days: report.rhythm.week_days,
            rest_day: report.rhythm.rest_day,
            timer: report.timer.map(|timer| RunningTimer {
                start: rfc3339::format(&timer.start),
                surface: timer.surface,
                elapsed_seconds: (report.now - timer.start).num_seconds().max(0),
                forgotten: report.timer_forgotten(timer),
            }),
            kcal_estimate: report.row.kcal.map(round2),
        }
    }
}

#[derive(Serialize)]
pub struct WeekDayView {
    pub date: NaiveDate,
    pub sessions: u32,
    pub minutes: f64,
    /// The recorded steps; null when no walk of the day recorded any.
    pub steps: Option<u64>,
    pub target_minutes: u32,
    pub minutes_met: bool,
    pub steps_met: Option<bool>,
    pub on_target: bool,
    pub above_range: bool,
    pub pain_max: Option<u8>,
    pub morning_pain: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kcal_estimate: Option<f64>,
}

impl WeekDayView {
    fn new(row: &JudgedDay) -> WeekDayView {
        WeekDayView {
            date: row.day.date,
            sessions: row.day.sessions,
            minutes: minutes(row.day.seconds),
            steps: row.day.steps,
            target_minutes: row.verdict.target_minutes,
            minutes_met: row.verdict.minutes_met,
            steps_met: row.verdict.steps_met,
            on_target: row.verdict.on_target(),
            above_range: row.verdict.above_range(),
            pain_max: row.day.pain_max,
            morning_pain: row.day.morning_pain,
            kcal_estimate: row.kcal.map(round2),
        }
    }
}

#[derive(Serialize)]
pub struct WeekTotals {
    pub sessions: u32,
    pub minutes: f64,
    /// Null when no walk recorded steps.
    pub steps: Option<u64>,
    pub active_days: u32,
    pub days_on_target: u32,
    pub pain_avg: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kcal_estimate: Option<f64>,
}

#[derive(Serialize)]
pub struct TotalsView {
    pub sessions: u32,
    pub minutes: f64,
    /// Null when no walk recorded steps.
    pub steps: Option<u64>,
    pub pain_avg: Option<f64>,
}

impl TotalsView {
    fn new(totals: &Totals) -> TotalsView {
        TotalsView {
            sessions: totals.sessions,
            minutes: minutes(totals.seconds),
            steps: totals.steps,
            pain_avg: totals.pain_avg.map(round2),
        }
    }
}

#[derive(Serialize)]
pub struct WeekView {
    pub week: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub days: Vec<WeekDayView>,
    pub totals: WeekTotals,
    pub week_days: WeekDays,
    pub streak_days: u32,
    pub streak_weeks: Option<u32>,
    pub longest_streak_days: u32,
    pub previous: TotalsView,
}

impl WeekView {
    pub fn new(week: &Week, streaks: Streaks) -> WeekView {
        WeekView {
            week: Period::Week.label(week.monday),
            start: week.monday,
            end: week.monday + Duration::days(6),
            days: week.days.iter().map(WeekDayView::new).collect(),
            totals: WeekTotals {
                sessions: week.totals.sessions,
                minutes: minutes(week.totals.seconds),
                steps: week.totals.steps,
                active_days: week.active_days,
                days_on_target: week.days_on_target,
                pain_avg: week.totals.pain_avg.map(round2),
                kcal_estimate: week.kcal.map(round2),
            },
            week_days: week.week_days,
            streak_days: streaks.current,
            streak_weeks: week.streak_weeks,
            longest_streak_days: streaks.longest,
            previous: TotalsView::new(&week.previous),
        }
    }
}

#[derive(Serialize)]
pub struct PeriodView {
    pub period: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub sessions: u32,
    pub minutes: f64,
    /// Null when no walk recorded steps.
    pub steps: Option<u64>,
    pub days_on_target: u32,
    pub pain_avg: Option<f64>,
    /// The highest next-morning pain of the period's days.
    pub morning_pain_max: Option<u8>,
}

#[derive(Serialize)]
pub struct ReportTotals {
    pub sessions: u32,
    pub minutes: f64,
    /// Null when no walk recorded steps.
    pub steps: Option<u64>,
    pub days_on_target: u32,
}

#[derive(Serialize)]
pub struct ReportView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub by: Period,
    pub periods: Vec<PeriodView>,
    pub totals: ReportTotals,
}

impl ReportView {
    pub fn new(rows: &[PeriodRow], from: NaiveDate, to: NaiveDate, by: Period) -> ReportView {
        let periods: Vec<PeriodView> = rows
            .iter()
            .map(|row| PeriodView {
                period: row.label.clone(),
                from: row.from,
                to: row.to,
                sessions: row.totals.sessions,
                minutes: minutes(row.totals.seconds),
                steps: row.totals.steps,
                days_on_target: row.days_on_target,
                pain_avg: row.totals.pain_avg.map(round2),
                morning_pain_max: row.totals.morning_pain_max,
            })
            .collect();
        let mut total = Totals::default();
        for row in rows {
            total.add(&row.totals);
        }
        ReportView {
            from,
            to,
            by,
            totals: ReportTotals {
                sessions: total.sessions,
                minutes: minutes(total.seconds),
                steps: total.steps,
                days_on_target: rows.iter().map(|r| r.days_on_target).sum(),
            },
            periods,
        }
    }
}

#[derive(Serialize)]
pub struct GoalsView<'a> {
    pub minutes: Range,
    pub steps: Option<Range>,
    pub days_per_week: u8,
    pub weight_kg: Option<f64>,
    pub history: &'a [GoalEntry],
}

impl<'a> GoalsView<'a> {
    /// The targets in force `today`, and every change.
    pub fn new(goals: &'a Goals, today: NaiveDate) -> GoalsView<'a> {
        let now = goals.in_force(today);
        GoalsView {
            minutes: now.minutes,
            steps: now.steps,
            days_per_week: now.days_per_week,
            weight_kg: now.weight_kg,
            history: goals.entries(),
        }
    }
}
