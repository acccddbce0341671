//! The calendar's model: each day of a range with its figures and how it
//! went against the plan, judged here once so that the text and the SVG
//! pictures (in `render`) only draw it.

use std::borrow::Cow;

use chrono::{Datelike, Duration, Months, NaiveDate};

use crate::days::Day;
use crate::plan::{Plan, Reason, Summary, Verdict};

use super::{monday_of, round2};

/// How a day went against the plan, as the calendar shows it: one state
/// per day, so a day above the range is that whether on target or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayOutcome {
    #[serde(rename = "none")]
    NoWalk,
    #[serde(rename = "below")]
    BelowTarget,
    OnTarget,
    AboveRange,
}

impl DayOutcome {
    /// A walked day above the range is that first (a caution), then on
    /// target or below.
    pub fn of(day: &Day, verdict: &Verdict) -> DayOutcome {
        if day.sessions == 0 {
            DayOutcome::NoWalk
        } else if verdict.above_range() {
            DayOutcome::AboveRange
        } else if verdict.on_target() {
            DayOutcome::OnTarget
        } else {
            DayOutcome::BelowTarget
        }
    }
}

/// One day of the calendar with the marks it gets, as `calendar --json`
/// also shows it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MarkedDay {
    pub date: NaiveDate,
    pub sessions: u32,
    /// The day's total walking minutes.
    pub minutes: f64,
    /// None when no walk of the day recorded steps.
    pub steps: Option<u64>,
    #[serde(rename = "state")]
    pub outcome: DayOutcome,
    /// Minutes met and steps not unmet (`plan::Verdict::on_target`): a
    /// day above the range can be on target too.
    pub on_target: bool,
    /// The plan's target rose thanks to this day.
    pub step_up: bool,
    /// On a step-up day, the first day the new target applies.
    #[serde(skip)]
    pub new_target_from: Option<NaiveDate>,
    /// Highest pain 0..=10 recorded that day.
    pub pain_max: Option<u8>,
    /// The pain recorded the next morning.
    pub morning_pain: Option<u8>,
    /// The pain caution (`plan::Verdict::pain_caution`).
    #[serde(skip)]
    pub pain_caution: bool,
    /// The day's target (for the SVG title).
    #[serde(skip)]
    pub target_minutes: u32,
}

impl MarkedDay {
    /// `day` as the plan judged it.
    pub fn of(day: &Day, verdict: &Verdict, plan: &Plan) -> MarkedDay {
        let new_target_from = plan
            .history
            .iter()
            .find(|change| change.date == day.date && change.reason == Reason::StepUp)
            .map(|change| change.from);
        MarkedDay {
            date: day.date,
            sessions: day.sessions,
            minutes: round2(day.minutes()),
            steps: day.steps,
            outcome: DayOutcome::of(day, verdict),
            on_target: verdict.on_target(),
            step_up: verdict.step_up,
            new_target_from,
            pain_caution: verdict.pain_caution,
            pain_max: day.pain_max,
            morning_pain: day.morning_pain,
            target_minutes: verdict.target_minutes,
        }
    }

    /// A day without walks, as drawn when `days` lacks a date in range.
    pub fn no_walk(date: NaiveDate) -> MarkedDay {
        MarkedDay {
            date,
            sessions: 0,
            minutes: 0.0,
            steps: None,
            outcome: DayOutcome::NoWalk,
            on_target: false,
            step_up: false,
            new_target_from: None,
            pain_max: None,
            morning_pain: None,
            pain_caution: false,
            target_minutes: 0,
        }
    }

    /// Pain above the threshold after a walk or the next morning.
    pub fn pain_above_threshold(&self) -> bool {
        self.pain_caution
    }
}

/// The days to draw: every day from `from` to `to` (both included), in order.
/// Days after `today` (possible with --year) are drawn blank.
pub struct Calendar {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub days: Vec<MarkedDay>,
}

/// The dates a calendar covers, seen on `today`: the whole `year`, or
/// the last `months` from the 1st of the month `months - 1` back to
/// today, or by default this ISO week and the 52 before it. Nothing
/// starts before year 1.
pub fn range(year: Option<i32>, months: Option<u32>, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let (from, to) = match (year, months) {
        (Some(year), _) => (
            NaiveDate::from_ymd_opt(year, 1, 1).expect("years 1-9999"),
            NaiveDate::from_ymd_opt(year, 12, 31).expect("years 1-9999"),
        ),
        (None, Some(months)) => {
            let first = today.with_day(1).expect("every month has a 1st");
            let from = first
                .checked_sub_months(Months::new(months - 1))
                .unwrap_or(NaiveDate::MIN);
            (from, today)
        }
        (None, None) => {
            let monday = monday_of(today);
            (monday - Duration::weeks(52), monday + Duration::days(6))
        }
    };
    (from.max(NaiveDate::from_ymd_opt(1, 1, 1).expect("year 1")), to)
}

/// What the calendar's summary line counts, over the days in range up
/// to today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayCounts {
    /// Days in range up to today, walked or not.
    pub shown: u64,
    pub walked: u64,
    /// Walk days on target (the one meaning, `on_target`); the others
    /// walked are below target.
    pub on_target: u64,
    /// Walk days above the range, on target or not.
    pub above_range: u64,
    pub step_ups: u64,
    pub pain_above_threshold: u64,
}

impl Calendar {
    /// The calendar of `from..=to`; days after `summary.as_of` are left
    /// blank. `summary` kept the range's days.
    pub fn of(summary: &Summary, from: NaiveDate, to: NaiveDate) -> Calendar {
        let days = from
            .iter_days()
            .take_while(|date| *date <= to)
            .map(|date| {
                let day = summary.day(date);
                MarkedDay::of(&day, &summary.verdict(&day), &summary.plan)
            })
            .collect();
        Calendar {
            from,
            to,
            today: summary.as_of,
            days,
        }
    }

    /// The day on `date`, which must be in range; a date that `days`
    /// lacks counts as a day without walks rather than a hole.
    pub fn day_on(&self, date: NaiveDate) -> Cow<'_, MarkedDay> {
        // `days` runs day by day from `from`, so the offset is the index;
        // the search only serves a list with gaps.
        let guess = usize::try_from((date - self.from).num_days()).ok();
        let found = match guess.and_then(|i| self.days.get(i)) {
            Some(day) if day.date == date => Some(day),
            _ => self
                .days
                .binary_search_by_key(&date, |d| d.date)
                .ok()
                .map(|i| &self.days[i]),
        };
        found.map_or_else(|| Cow::Owned(MarkedDay::no_walk(date)), Cow::Borrowed)
    }

    /// The days in range up to today: those the summary counts.
    fn days_so_far(&self) -> impl Iterator<Item = &MarkedDay> {
        self.days
            .iter()
            .filter(|d| d.date >= self.from && d.date <= self.to && d.date <= self.today)
    }

    pub fn counts(&self) -> DayCounts {
        let count = |keep: &dyn Fn(&MarkedDay) -> bool| self.days_so_far().filter(|d| keep(d)).count() as u64;
        let walked = |d: &MarkedDay| d.outcome != DayOutcome::NoWalk;
        DayCounts {
            shown: u64::try_from((self.to.min(self.today) - self.from).num_days() + 1).unwrap_or(0),
            walked: count(&walked),
            on_target: count(&|d| walked(d) && d.on_target),
            above_range: count(&|d| d.outcome == DayOutcome::AboveRange),
            step_ups: count(&|d| d.step_up),
            pain_above_threshold: count(&MarkedDay::pain_above_threshold),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ranges_by_year_months_and_default() {
        let today = date("2026-11-25");
        assert_eq!(
            range(Some(2020), None, today),
            (date("2020-01-01"), date("2020-12-31"))
        );
        assert_eq!(range(None, Some(1), today), (date("2026-11-01"), today));
        assert_eq!(range(None, Some(3), today), (date("2026-09-01"), today));
        // This ISO week (Mon 23 Nov) and the 52 before it.
        assert_eq!(range(None, None, today), (date("2025-11-24"), date("2026-11-29")));
        assert_eq!(range(None, Some(u32::MAX), today).0, date("0001-01-01"));
    }
}
