//! The JSON shapes scripts rely on (PRODUCT.md, "JSON shapes").

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::model::{Range, Session, Settings, Surface, Timer, rfc3339};
use crate::plan::{DAYS_PER_STEP, DayReport, Plan, Totals};
use crate::summary::{Period, PeriodRow, Week};

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn minutes(seconds: u64) -> f64 {
    round2(seconds as f64 / 60.0)
}

fn kcal(totals: &Totals, settings: &Settings) -> Option<f64> {
    settings.weight_kg.map(|kg| round2(totals.kcal(kg)))
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
    pub note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kcal_estimate: Option<f64>,
}

impl<'a> SessionView<'a> {
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
            note: session.note.as_deref(),
            kcal_estimate: weight_kg.map(|kg| round2(crate::plan::kcal_estimate(session, kg))),
        }
    }

    pub fn all(sessions: &'a [Session], weight_kg: Option<f64>) -> Vec<SessionView<'a>> {
        sessions.iter().map(|s| SessionView::new(s, weight_kg)).collect()
    }
}

/// An array of sessions as `list --json` and `export` write it: one
/// session a line, so 100 000 of them stay quick to write and to read,
/// and a diff or `grep` still works on it.
pub fn write_sessions<'a>(
    out: &mut impl std::io::Write,
    sessions: impl IntoIterator<Item = &'a Session>,
    weight_kg: Option<f64>,
) -> std::io::Result<()> {
    let mut first = true;
    out.write_all(b"[")?;
    for session in sessions {
        out.write_all(if first { b"\n  " } else { b",\n  " })?;
        write_session(out, session, weight_kg)?;
        first = false;
    }
    out.write_all(if first { b"]\n" } else { b"\n]\n" })
}

/// One session exactly as `serde_json::to_writer(&SessionView::new(..))`
/// writes it, but without escaping the keys, times and surface names that
/// never need it: the bulk of an export's time (a test holds them equal).
fn write_session(
    out: &mut impl std::io::Write,
    session: &Session,
    weight_kg: Option<f64>,
) -> std::io::Result<()> {
    let number = |out: &mut dyn std::io::Write, value: Option<f64>| match value {
        Some(value) => serde_json::to_writer(out, &value).map_err(std::io::Error::from),
        None => out.write_all(b"null"),
    };
    write!(out, "{{\"id\":{},\"start\":\"", session.id)?;
    rfc3339::write(out, &session.start)?;
    out.write_all(b"\",\"end\":\"")?;
    rfc3339::write(out, &session.end())?;
    write!(
        out,
        "\",\"duration_seconds\":{},\"minutes\":",
        session.duration_seconds.seconds()
    )?;
    number(out, Some(minutes(session.seconds())))?;
    match session.steps {
        Some(steps) => write!(out, ",\"steps\":{steps}")?,
        None => out.write_all(b",\"steps\":null")?,
    }
    write!(
        out,
        ",\"surface\":\"{}\",\"incline_percent\":",
        session.surface.name()
    )?;
    number(out, session.incline_percent)?;
    out.write_all(b",\"note\":")?;
    match &session.note {
        Some(note) => serde_json::to_writer(&mut *out, note)?,
        None => out.write_all(b"null")?,
    }
    if let Some(kg) = weight_kg {
        out.write_all(b",\"kcal_estimate\":")?;
        number(out, Some(round2(crate::plan::kcal_estimate(session, kg))))?;
    }
    out.write_all(b"}")
}

/// The timer as `start` prints it.
#[derive(Serialize)]
pub struct StartedView<'a> {
    pub start: String,
    pub surface: Surface,
    pub note: Option<&'a str>,
}

impl<'a> StartedView<'a> {
    pub fn new(timer: &'a Timer) -> StartedView<'a> {
        StartedView {
            start: rfc3339::format(&timer.start),
            surface: timer.surface,
            note: timer.note.as_deref(),
        }
    }
}

/// The running timer as `today` and `status` show it.
#[derive(Serialize)]
pub struct RunningView {
    pub start: String,
    pub surface: Surface,
    pub elapsed_seconds: i64,
}

impl RunningView {
    pub fn new(timer: &Timer, now: DateTime<FixedOffset>) -> RunningView {
        RunningView {
            start: rfc3339::format(&timer.start),
            surface: timer.surface,
            elapsed_seconds: (now - timer.start).num_seconds().max(0),
        }
    }
}

#[derive(Serialize)]
pub struct DayView<'a> {
    pub date: NaiveDate,
    pub sessions: u32,
    pub entries: Vec<SessionView<'a>>,
    pub minutes: f64,
    pub steps: u64,
    pub minutes_target: Range,
    pub steps_target: Range,
    pub minutes_met: bool,
    pub steps_met: bool,
    pub streak_days: u32,
    pub longest_streak_days: u32,
    pub plan_target_minutes: u32,
    pub timer: Option<RunningView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kcal_estimate: Option<f64>,
}

impl<'a> DayView<'a> {
    pub fn new(day: &DayReport<'a>, now: DateTime<FixedOffset>) -> DayView<'a> {
        let settings = day.settings;
        DayView {
            date: day.date,
            sessions: day.totals.sessions,
            entries: SessionView::all(day.sessions, settings.weight_kg),
            minutes: minutes(day.totals.seconds),
            steps: day.totals.steps,
            minutes_target: settings.minutes,
            steps_target: settings.steps,
            minutes_met: day.totals.minutes_met(settings),
            steps_met: day.totals.steps_met(settings),
            streak_days: day.streaks.current,
            longest_streak_days: day.streaks.longest,
            plan_target_minutes: day.plan.target_minutes,
            timer: day.timer.map(|t| RunningView::new(t, now)),
            kcal_estimate: kcal(&day.totals, settings),
        }
    }
}

#[derive(Serialize)]
pub struct StepUpView {
    pub date: NaiveDate,
    pub target_minutes: u32,
}

#[derive(Serialize)]
pub struct PlanView {
    pub target_minutes: u32,
    pub range: Range,
    pub days_toward_next: u32,
    pub days_per_step: u32,
    pub complete: bool,
    pub history: Vec<StepUpView>,
}

impl PlanView {
    pub fn new(plan: &Plan) -> PlanView {
        PlanView {
            target_minutes: plan.target_minutes,
            range: plan.range,
            days_toward_next: plan.days_toward_next,
            days_per_step: DAYS_PER_STEP,
            complete: plan.complete,
            history: plan
                .history
                .iter()
                .map(|s| StepUpView {
                    date: s.date,
                    target_minutes: s.target_minutes,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub struct GoalsView {
    pub minutes: Range,
    pub steps: Range,
    pub weight_kg: Option<f64>,
}

impl GoalsView {
    pub fn new(settings: &Settings) -> GoalsView {
        GoalsView {
            minutes: settings.minutes,
            steps: settings.steps,
            weight_kg: settings.weight_kg,
        }
    }
}

#[derive(Serialize)]
pub struct WeekDayView {
    pub date: NaiveDate,
    pub sessions: u32,
    pub minutes: f64,
    pub steps: u64,
    pub minutes_met: bool,
    pub steps_met: bool,
    pub future: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kcal_estimate: Option<f64>,
}

#[derive(Serialize)]
pub struct WeekTotalsView {
    pub sessions: u32,
    pub minutes: f64,
    pub steps: u64,
    pub active_days: u32,
    pub days_on_target: u32,
    pub average_minutes_per_active_day: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kcal_estimate: Option<f64>,
}

#[derive(Serialize)]
pub struct BriefTotalsView {
    pub sessions: u32,
    pub minutes: f64,
    pub steps: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kcal_estimate: Option<f64>,
}

impl BriefTotalsView {
    pub fn new(totals: &Totals, settings: &Settings) -> BriefTotalsView {
        BriefTotalsView {
            sessions: totals.sessions,
            minutes: minutes(totals.seconds),
            steps: totals.steps,
            kcal_estimate: kcal(totals, settings),
        }
    }
}

#[derive(Serialize)]
pub struct SurfaceView {
    pub surface: Surface,
    pub minutes: f64,
}

#[derive(Serialize)]
pub struct WeekView<'a> {
    pub week: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub days: Vec<WeekDayView>,
    pub totals: WeekTotalsView,
    pub streak_days: u32,
    pub longest_streak_days: u32,
    pub previous: BriefTotalsView,
    pub best_session: Option<SessionView<'a>>,
    pub surfaces: Vec<SurfaceView>,
    pub plan_target_minutes: u32,
}

impl<'a> WeekView<'a> {
    pub fn new(
        week: &'a Week,
        settings: &Settings,
        streaks: crate::plan::Streaks,
        plan: &Plan,
    ) -> WeekView<'a> {
        let active = week.active_days;
        WeekView {
            week: Period::Week.label(week.monday),
            start: week.monday,
            end: week.monday + Duration::days(6),
            days: week
                .days
                .iter()
                .map(|d| WeekDayView {
                    date: d.date,
                    sessions: d.totals.sessions,
                    minutes: minutes(d.totals.seconds),
                    steps: d.totals.steps,
                    minutes_met: d.totals.minutes_met(settings),
                    steps_met: d.totals.steps_met(settings),
                    future: d.future,
                    kcal_estimate: kcal(&d.totals, settings),
                })
                .collect(),
            totals: WeekTotalsView {
                sessions: week.totals.sessions,
                minutes: minutes(week.totals.seconds),
                steps: week.totals.steps,
                active_days: active,
                days_on_target: week.days_on_target,
                average_minutes_per_active_day: if active == 0 {
                    0.0
                } else {
                    round2(week.totals.minutes() / f64::from(active))
                },
                kcal_estimate: kcal(&week.totals, settings),
            },
            streak_days: streaks.current,
            longest_streak_days: streaks.longest,
            previous: BriefTotalsView::new(&week.previous, settings),
            best_session: week
                .best
                .as_ref()
                .map(|s| SessionView::new(s, settings.weight_kg)),
            surfaces: week
                .by_surface
                .iter()
                .map(|(surface, seconds)| SurfaceView {
                    surface: *surface,
                    minutes: minutes(*seconds),
                })
                .collect(),
            plan_target_minutes: plan.target_minutes,
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
    pub steps: u64,
    pub days_on_target: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kcal_estimate: Option<f64>,
}

#[derive(Serialize)]
pub struct ReportView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub by: &'static str,
    pub periods: Vec<PeriodView>,
    pub totals: BriefTotalsView,
}

impl ReportView {
    pub fn new(
        rows: &[PeriodRow],
        from: NaiveDate,
        to: NaiveDate,
        by: Period,
        settings: &Settings,
    ) -> ReportView {
        let mut totals = Totals::default();
        rows.iter().for_each(|r| totals.merge(&r.totals));
        ReportView {
            from,
            to,
            by: by.name(),
            periods: rows
                .iter()
                .map(|r| PeriodView {
                    period: r.label.clone(),
                    from: r.from,
                    to: r.to,
                    sessions: r.totals.sessions,
                    minutes: minutes(r.totals.seconds),
                    steps: r.totals.steps,
                    days_on_target: r.days_on_target,
                    kcal_estimate: kcal(&r.totals, settings),
                })
                .collect(),
            totals: BriefTotalsView::new(&totals, settings),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::WalkDuration;

    #[test]
    fn the_fast_session_writer_writes_what_serde_writes() {
        let mut session = Session {
            id: 12,
            start: chrono::DateTime::parse_from_rfc3339("2026-11-20T07:30:00.5-05:00").unwrap(),
            duration_seconds: WalkDuration::from_seconds(451).unwrap(),
            steps: Some(320),
            surface: Surface::Treadmill,
            incline_percent: Some(2.5),
            note: Some("\"quoted\", back\\slash, ünïcode, \u{7f}, 雨".into()),
        };
        let mut variants = vec![session.clone()];
        session.steps = None;
        session.incline_percent = None;
        session.note = None;
        let lmt = chrono::FixedOffset::east_opt(53 * 60 + 28).unwrap();
        session.start = chrono::TimeZone::with_ymd_and_hms(&lmt, 1890, 1, 1, 0, 0, 0).unwrap();
        variants.push(session);
        for session in &variants {
            for weight in [None, Some(72.5)] {
                let mut fast = Vec::new();
                write_session(&mut fast, session, weight).unwrap();
                let serde = serde_json::to_string(&SessionView::new(session, weight)).unwrap();
                assert_eq!(String::from_utf8(fast).unwrap(), serde);
            }
        }
    }
}
