//! The weekly summary and period reports: pure aggregation over sessions
//! already in time order.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, FixedOffset, Months, NaiveDate};

use crate::clock::Clock;
use crate::model::{Session, Settings, Surface};
use crate::plan::{Days, Totals};

/// The sessions that started in `[from, until)`, found by binary search.
pub fn between(
    sessions: &[Session],
    from: Option<DateTime<FixedOffset>>,
    until: Option<DateTime<FixedOffset>>,
) -> &[Session] {
    let low = from.map_or(0, |t| sessions.partition_point(|s| s.start < t));
    let high = until.map_or(sessions.len(), |t| sessions.partition_point(|s| s.start < t));
    &sessions[low..high.max(low)]
}

/// The sessions of local days `first..=last`.
pub fn on_days<'a>(
    sessions: &'a [Session],
    clock: &Clock,
    first: NaiveDate,
    last: NaiveDate,
) -> &'a [Session] {
    let until = last.succ_opt().map(|d| clock.start_of_day(d));
    between(sessions, Some(clock.start_of_day(first)), until)
}

pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(date.weekday().num_days_from_monday().into())
}

#[derive(Clone, Debug, PartialEq)]
pub struct WeekDay {
    pub date: NaiveDate,
    pub totals: Totals,
    pub future: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Week {
    pub monday: NaiveDate,
    pub days: Vec<WeekDay>,
    pub totals: Totals,
    pub active_days: u32,
    pub days_on_target: u32,
    pub previous: Totals,
    /// The longest single session of the week.
    pub best: Option<Session>,
    /// Seconds per surface, most first.
    pub by_surface: Vec<(Surface, u64)>,
}

/// The ISO week that starts on `monday`, against the targets in `settings`:
/// the day rows and the week before from `days`, the best session and the
/// time per surface from `sessions` (which must hold at least the week's).
pub fn week(
    days: &Days,
    sessions: &[Session],
    clock: &Clock,
    monday: NaiveDate,
    settings: &Settings,
) -> Week {
    let sunday = monday + Duration::days(6);
    let this_week = on_days(sessions, clock, monday, sunday);
    let mut per_surface: BTreeMap<Surface, u64> = BTreeMap::new();
    for session in this_week {
        *per_surface.entry(session.surface).or_default() += session.seconds();
    }
    let days_of_week: Vec<WeekDay> = (0..7)
        .map(|offset| {
            let date = monday + Duration::days(offset);
            WeekDay {
                date,
                totals: days.get(date),
                future: date > clock.today(),
            }
        })
        .collect();
    let totals = days.sum(monday, sunday);
    let previous = days.sum(monday - Duration::days(7), monday - Duration::days(1));
    let days = days_of_week;
    let mut by_surface: Vec<(Surface, u64)> = per_surface.into_iter().collect();
    by_surface.sort_by_key(|(surface, seconds)| (std::cmp::Reverse(*seconds), *surface));
    Week {
        monday,
        active_days: days.iter().filter(|d| d.totals.sessions > 0).count() as u32,
        days_on_target: days.iter().filter(|d| d.totals.on_target(settings)).count() as u32,
        best: this_week
            .iter()
            .max_by_key(|s| (s.duration_seconds, std::cmp::Reverse(s.start)))
            .cloned(),
        days,
        totals,
        previous,
        by_surface,
    }
}

/// How `report` groups days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// The first day of the period holding `date`.
    fn start(self, date: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => date,
            Period::Week => monday_of(date),
            Period::Month => date.with_day(1).unwrap_or(date),
        }
    }

    fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => start + Duration::days(1),
            Period::Week => start + Duration::days(7),
            Period::Month => start + Months::new(1),
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
/// empty periods included as zeros.
pub fn report(
    days: &Days,
    first: NaiveDate,
    last: NaiveDate,
    by: Period,
    settings: &Settings,
) -> Vec<PeriodRow> {
    let mut rows = Vec::new();
    let mut start = by.start(first);
    while start <= last {
        let next = by.next(start);
        let from = start.max(first);
        let to = (next - Duration::days(1)).min(last);
        let mut totals = Totals::default();
        let mut days_on_target = 0;
        for (_, day) in days.between(from, to) {
            totals.merge(day);
            days_on_target += u32::from(day.on_target(settings));
        }
        rows.push(PeriodRow {
            label: by.label(start),
            from,
            to,
            totals,
            days_on_target,
        });
        start = next;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::WalkDuration;
    use chrono::Utc;

    fn clock(zone: &str, now: &str) -> Clock {
        let now = DateTime::parse_from_rfc3339(now).unwrap();
        Clock::new(now.with_timezone(&Utc), zone.parse().unwrap())
    }

    fn week_of(sessions: &[Session], c: &Clock, monday: NaiveDate, settings: &Settings) -> Week {
        week(&Days::from_sessions(sessions, c), sessions, c, monday, settings)
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn session(id: u64, start: &str, seconds: u64, steps: u32) -> Session {
        Session {
            id,
            start: DateTime::parse_from_rfc3339(start).unwrap(),
            duration_seconds: WalkDuration::from_seconds(seconds).unwrap(),
            steps: Some(steps),
            surface: if id.is_multiple_of(2) {
                Surface::Grass
            } else {
                Surface::Track
            },
            incline_percent: None,
            note: None,
        }
    }

    #[test]
    fn a_week_with_a_daylight_saving_change_has_seven_days_and_every_session() {
        // Berlin left summer time on Sunday 2026-10-25.
        let c = clock("Europe/Berlin", "2026-11-21T12:00:00Z");
        let sessions = vec![
            session(1, "2026-10-18T23:30:00+02:00", 600, 100), // Sunday before: previous week
            session(2, "2026-10-19T00:10:00+02:00", 300, 150), // Monday
            session(3, "2026-10-25T02:30:00+02:00", 420, 250), // Sunday, before the change
            session(4, "2026-10-25T02:30:00+01:00", 60, 50),   // Sunday, the repeated hour
            session(5, "2026-10-25T23:59:00+01:00", 120, 10),  // Sunday, last minute
            session(6, "2026-10-26T00:00:00+01:00", 900, 400), // next Monday
        ];
        let w = week_of(&sessions, &c, date("2026-10-19"), &Settings::default());
        assert_eq!(w.days.len(), 7);
        assert_eq!(w.days[0].totals.seconds, 300);
        assert_eq!(w.days[6].totals.sessions, 3);
        assert_eq!(w.days[6].totals.seconds, 600);
        assert_eq!(w.days[6].totals.steps, 310);
        assert_eq!(
            (w.totals.sessions, w.totals.seconds, w.totals.steps),
            (4, 900, 460)
        );
        assert_eq!(w.active_days, 2);
        assert_eq!(w.days_on_target, 1, "Sunday: 10 min and 310 steps");
        assert_eq!((w.previous.sessions, w.previous.seconds), (1, 600));
        assert_eq!(w.best.as_ref().map(|s| s.id), Some(3));
    }

    #[test]
    fn new_york_spring_week() {
        // New York went to summer time on Sunday 2026-03-08.
        let c = clock("America/New_York", "2026-11-21T12:00:00Z");
        let sessions = vec![
            session(1, "2026-03-08T01:30:00-05:00", 600, 300),
            session(2, "2026-03-08T03:30:00-04:00", 600, 300),
            session(3, "2026-03-08T23:30:00-04:00", 60, 1),
            session(4, "2026-03-09T03:59:00Z", 60, 1), // Mar 8 23:59 local
            session(5, "2026-03-09T04:00:00Z", 60, 1), // Mar 9 00:00 local: next week
        ];
        let w = week_of(&sessions, &c, date("2026-03-02"), &Settings::default());
        assert_eq!(w.days[6].totals.sessions, 4);
        assert_eq!(w.totals.seconds, 1320);
    }

    #[test]
    fn an_empty_week_and_future_days() {
        let c = clock("UTC", "2026-11-18T12:00:00Z");
        let w = week_of(&[], &c, date("2026-11-16"), &Settings::default());
        assert_eq!(w.totals, Totals::default());
        let future: Vec<bool> = w.days.iter().map(|d| d.future).collect();
        assert_eq!(future, [false, false, false, true, true, true, true]);
        assert!(w.best.is_none());
    }

    #[test]
    fn reports_fill_empty_periods_and_clip_to_the_range() {
        let c = clock("UTC", "2026-11-21T12:00:00Z");
        let sessions = vec![
            session(1, "2026-10-30T08:00:00Z", 600, 300),
            session(2, "2026-11-02T08:00:00Z", 300, 100),
            session(3, "2026-11-20T08:00:00Z", 360, 250),
        ];
        let s = Settings::default();
        let all = Days::from_sessions(&sessions, &c);
        let weeks = report(&all, date("2026-10-26"), date("2026-11-22"), Period::Week, &s);
        let labels: Vec<&str> = weeks.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]);
        let seconds: Vec<u64> = weeks.iter().map(|r| r.totals.seconds).collect();
        assert_eq!(seconds, [600, 300, 0, 360]);
        let on_target: Vec<u32> = weeks.iter().map(|r| r.days_on_target).collect();
        assert_eq!(on_target, [1, 0, 0, 1]);

        let months = report(&all, date("2026-10-31"), date("2026-11-02"), Period::Month, &s);
        assert_eq!(months.len(), 2);
        assert_eq!(
            (
                months[0].label.as_str(),
                months[0].from,
                months[0].totals.sessions
            ),
            ("2026-10", date("2026-10-31"), 0)
        );
        assert_eq!((months[1].to, months[1].totals.sessions), (date("2026-11-02"), 1));

        let days = report(&all, date("2026-11-01"), date("2026-11-03"), Period::Day, &s);
        let labels: Vec<&str> = days.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["2026-11-01", "2026-11-02", "2026-11-03"]);
    }

    #[test]
    fn week_labels_across_years() {
        assert_eq!(Period::Week.label(date("2020-12-28")), "2020-W53");
        assert_eq!(Period::Week.label(date("2025-12-29")), "2026-W01");
        assert_eq!(monday_of(date("2027-01-03")), date("2026-12-28"));
    }
}
