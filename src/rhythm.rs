//! The weekly rhythm: walk days a week (`goals --days N`), as the
//! rehabilitation programmes give them (10 minutes three days a week),
//! and what it says about one day: whether a walk is due, or it is a rest
//! day. It reads the plan's fold and the summaries, so it sits above
//! them; how weeks count against the rhythm (their walk days, the weekly
//! streak) lives below the plan, in `weeks`.
//!
//! A walk is due on a day when its target is not met yet, the week's days
//! before it hold fewer than N walk days, and either the day before had
//! no walk or the days left in the week (that day included) are no more
//! than the walk days still needed: about every other day, catching up at
//! the week's end; with 7, every day. A day without a walk on which none
//! is due is a rest day. The plan's rule does not change with the rhythm.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::DAYS_PER_WEEK_BOUNDS;
use crate::plan::Summary;
use crate::summary::round2;
use crate::weeks::monday_of;

/// How weeks count against the rhythm, where the commands and screens
/// have always asked for it.
pub use crate::weeks::{EVERY_DAY, WeekDays, days_per_week, window};

/// `goals --days N`: 1 to 7 walk days a week.
pub fn parse_days_per_week(input: &str) -> Result<u8, String> {
    let (fewest, most) = DAYS_PER_WEEK_BOUNDS;
    input
        .trim()
        .parse::<u8>()
        .ok()
        .filter(|n| (fewest..=most).contains(n))
        .ok_or_else(|| {
            format!("'{input}' is not a number of walk days a week: give {fewest} to {most} (3 for three days a week, 7 for every day)")
        })
}

/// Why a walk is due on a day, or why not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A walk day by the rhythm (every day with a rhythm of 7).
    WalkDay,
    /// The days left in the week are no more than the walk days needed.
    CatchUp,
    /// The day's target is met.
    TargetMet,
    /// The week already has its walk days.
    WeekDone,
    /// The day before had a walk and the week has days enough left.
    RestDay,
}

/// Whether a walk is due on a day, and how much of one.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Due {
    #[expect(clippy::struct_field_names, reason = "the JSON key `due` names it")]
    pub due: bool,
    /// What the day's target still needs, when a walk is due.
    pub minutes_to_go: Option<f64>,
    pub reason: Reason,
}

/// What the rhythm says about one day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DayRhythm {
    /// The walk days of the day's week up to it, against its rhythm.
    pub week_days: WeekDays,
    pub due: Due,
    /// No walk that day, and none was due.
    pub rest_day: bool,
    /// The weekly streak; `None` when the rhythm is every day.
    pub streak_weeks: Option<u32>,
    /// Seconds the day's target still needs.
    pub seconds_to_go: u64,
}

impl DayRhythm {
    /// `date` as it stood at its end; `summary` kept `window(date)`.
    pub fn of(summary: &Summary, date: NaiveDate) -> DayRhythm {
        let first = monday_of(date);
        let goal = days_per_week(&summary.goals, first, date);
        let walk_days = |from: NaiveDate, to: NaiveDate| -> u32 {
            let days = summary.days_between(from, to);
            u32::try_from(days.iter().filter(|d| d.sessions > 0).count()).unwrap_or(u32::MAX)
        };
        let today = summary.day(date);
        let verdict = summary.verdict(&today);
        let seconds_to_go = (u64::from(verdict.target_minutes) * 60).saturating_sub(today.seconds);
        let before = date.pred_opt().filter(|day| *day >= first);
        let done_before = before.map_or(0, |day| walk_days(first, day));
        let walked_before = date.pred_opt().is_some_and(|day| summary.day(day).sessions > 0);
        let needed = u32::from(goal).saturating_sub(done_before);
        let left = 7 - date.weekday().num_days_from_monday();
        let reason = if verdict.minutes_met {
            Reason::TargetMet
        } else if needed == 0 {
            Reason::WeekDone
        } else if !walked_before {
            Reason::WalkDay
        } else if left <= needed {
            Reason::CatchUp
        } else {
            Reason::RestDay
        };
        let due = matches!(reason, Reason::WalkDay | Reason::CatchUp);
        DayRhythm {
            week_days: WeekDays {
                done: walk_days(first, date),
                goal,
            },
            due: Due {
                due,
                minutes_to_go: due.then(|| round2(seconds_to_go as f64 / 60.0)),
                reason,
            },
            rest_day: today.sessions == 0 && !due,
            streak_weeks: summary.streak_weeks,
            seconds_to_go,
        }
    }

    /// Whether the week has a rhythm below every day.
    pub fn weekly(&self) -> bool {
        self.week_days.goal < EVERY_DAY
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::days::{Day, DayFold};
    use crate::model::{GoalEntry, Goals};
    use crate::plan::History;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn rhythm(days: u8, from: Option<&str>) -> Goals {
        let mut goals = Goals::default();
        let entry = GoalEntry {
            days_per_week: days,
            ..GoalEntry::default()
        };
        match from {
            Some(from) => goals.set(date(from), entry),
            None => goals = Goals::from_entries(vec![entry]),
        }
        goals
    }

    /// 5-minute walks on the given days, folded as of `as_of`.
    fn fold(goals: &Goals, walks: &[&str], as_of: &str) -> Summary {
        let as_of = date(as_of);
        // Kept from well before the first walk, as `Context::read` widens it.
        let first = date("2026-10-01");
        let mut history = History::new(goals, as_of, Some((first, as_of)));
        for walk in walks {
            history.day(&Day {
                sessions: 1,
                seconds: 300,
                ..Day::empty(date(walk))
            });
        }
        history.finish()
    }

    #[test]
    fn three_days_a_week_walk_rest_walk_and_catch_up_at_the_end() {
        let goals = rhythm(3, None);
        // Mon 2026-11-16 walked: Tuesday rests, Wednesday is due.
        let tuesday = DayRhythm::of(&fold(&goals, &["2026-11-16"], "2026-11-17"), date("2026-11-17"));
        assert_eq!(tuesday.due.reason, Reason::RestDay);
        assert!(tuesday.rest_day && !tuesday.due.due);
        assert_eq!(tuesday.week_days, WeekDays { done: 1, goal: 3 });
        let wednesday = DayRhythm::of(&fold(&goals, &["2026-11-16"], "2026-11-18"), date("2026-11-18"));
        assert_eq!((wednesday.due.due, wednesday.due.reason), (true, Reason::WalkDay));
        assert_eq!(wednesday.due.minutes_to_go, Some(5.0));
        // Walked Friday and Saturday after Monday: Sunday is not needed.
        let walks = ["2026-11-16", "2026-11-20", "2026-11-21"];
        let sunday = DayRhythm::of(&fold(&goals, &walks, "2026-11-22"), date("2026-11-22"));
        assert_eq!(sunday.due.reason, Reason::WeekDone);
        // Walked only Friday and Saturday: Sunday catches up.
        let walks = ["2026-11-20", "2026-11-21"];
        let sunday = DayRhythm::of(&fold(&goals, &walks, "2026-11-22"), date("2026-11-22"));
        assert_eq!((sunday.due.due, sunday.due.reason), (true, Reason::CatchUp));
        // Monday after a Sunday walk: yesterday is the calendar's.
        let monday = DayRhythm::of(&fold(&goals, &["2026-11-22"], "2026-11-23"), date("2026-11-23"));
        assert_eq!(monday.due.reason, Reason::RestDay);
    }

    #[test]
    fn every_day_is_due_until_its_target_is_met() {
        let goals = Goals::default();
        let s = fold(&goals, &["2026-11-16"], "2026-11-17");
        let tuesday = DayRhythm::of(&s, date("2026-11-17"));
        assert_eq!((tuesday.due.due, tuesday.rest_day), (true, false));
        assert_eq!(tuesday.streak_weeks, None);
        let monday = DayRhythm::of(&s, date("2026-11-16"));
        assert_eq!(monday.due.reason, Reason::TargetMet);
    }

    #[test]
    fn weekly_streaks_count_weeks_that_met_the_rhythm() {
        let goals = rhythm(2, None);
        // W46: 2 days, W47: 2 days, W48: 1 day so far.
        let walks = [
            "2026-11-09",
            "2026-11-12",
            "2026-11-16",
            "2026-11-22",
            "2026-11-24",
        ];
        let s = fold(&goals, &walks, "2026-11-25");
        assert_eq!(s.streak_weeks, Some(2), "the week shown counts once it has 2");
        let s = fold(&goals, &[&walks[..], &["2026-11-26"]].concat(), "2026-11-26");
        assert_eq!(s.streak_weeks, Some(3));
        // A week short of its walk days breaks the run.
        let s = fold(&goals, &["2026-11-09", "2026-11-12", "2026-11-16"], "2026-11-25");
        assert_eq!(s.streak_weeks, Some(0));
        // A rhythm set on Wednesday judges its whole week.
        let goals = rhythm(1, Some("2026-11-18"));
        let s = fold(&goals, &["2026-11-16"], "2026-11-18");
        assert_eq!(s.streak_weeks, Some(1));
        let s = fold(&goals, &["2026-11-16"], "2026-11-17");
        assert_eq!(s.streak_weeks, None, "every day until the change");
    }

    #[test]
    fn days_a_week_are_one_to_seven() {
        assert_eq!(parse_days_per_week("3"), Ok(3));
        for bad in ["0", "8", "three", "-1", ""] {
            let error = parse_days_per_week(bad).unwrap_err();
            assert!(error.contains("1 to 7"), "{error}");
        }
    }
}
