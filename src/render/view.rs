//! What the JSON and the text screens both show of a day, gathered once
//! from the domain, so neither takes its model from the other.

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::model::{GoalEntry, Goals, Session, Timer};
use crate::plan::{Plan, Streaks, Summary};
use crate::rhythm::DayRhythm;
use crate::summary::JudgedDay;

/// Everything `today`, `status` and `log` say about one day.
pub struct DayOverview<'a> {
    pub row: JudgedDay,
    /// The targets in force on the day.
    pub goals: &'a GoalEntry,
    /// Every change of the targets (the timer is judged by its own day's).
    pub goals_history: &'a Goals,
    pub sessions: &'a [Session],
    pub streaks: Streaks,
    pub plan: &'a Plan,
    /// The weekly rhythm on the day: its week's walk days, rest day, due.
    pub rhythm: DayRhythm,
    /// The running timer, shown only for today.
    pub timer: Option<&'a Timer>,
    pub now: DateTime<FixedOffset>,
}

impl<'a> DayOverview<'a> {
    /// `date` as `summary` (kept as of that day) sees it, with the day's
    /// `sessions` and the `timer` to show, if any.
    pub fn new(
        summary: &'a Summary,
        sessions: &'a [Session],
        date: NaiveDate,
        timer: Option<&'a Timer>,
        now: DateTime<FixedOffset>,
    ) -> DayOverview<'a> {
        DayOverview {
            row: JudgedDay::of(summary, date),
            goals: summary.goals_on(date),
            goals_history: &summary.goals,
            sessions,
            streaks: summary.streaks,
            plan: &summary.plan,
            rhythm: DayRhythm::of(summary, date),
            timer,
            now,
        }
    }

    /// Seconds the timer has run (none before its start).
    pub fn timer_elapsed(&self, timer: &Timer) -> u64 {
        u64::try_from((self.now - timer.start).num_seconds()).unwrap_or(0)
    }

    /// The timer has run past the longest plausible walk of the day it
    /// started (its start keeps the local offset of that moment).
    pub fn timer_forgotten(&self, timer: &Timer) -> bool {
        let goals = self.goals_history.in_force(timer.start.date_naive());
        self.timer_elapsed(timer) > goals.plausible_seconds()
    }

    /// A day off the weekly rhythm: no walk, and none was due.
    pub fn rest_day(&self) -> bool {
        self.rhythm.weekly() && self.rhythm.rest_day
    }
}
