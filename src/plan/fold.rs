//! The fold of the history into a `Summary`: the store hands it the days
//! in date order (whole spans where they change nothing it shows), and it
//! keeps only the plan's state, the streaks and the window's days.

use chrono::{Duration, NaiveDate};

use super::{DAYS_PER_STEP, Plan, Reason, Streaks, Summary, TargetChange};
use crate::days::{Day, DayFold, Span};
use crate::model::{Goals, Range};
use crate::weeks::streak_weeks;

/// The whole history folded one day at a time, in date order, into what
/// the commands need of it: the plan and the streaks as of a day, and the
/// totals of a window of days. Nothing else is kept, so decades of
/// history cost no memory.
pub struct History {
    goals: Goals,
    as_of: NaiveDate,
    window: Option<(NaiveDate, NaiveDate)>,
    kept: Vec<Day>,
    /// The goals entries applied so far.
    applied: usize,
    range: Range,
    target: u32,
    first_target: u32,
    toward: u32,
    /// The days counted toward the next step, in date order.
    counted: [NaiveDate; DAYS_PER_STEP as usize],
    complete: bool,
    held_by_pain: bool,
    changes: Vec<TargetChange>,
    last_walk: Option<NaiveDate>,
    run: u32,
    longest: u32,
}

impl History {
    /// A fold as of `as_of`, keeping the days of `window` (first, last).
    pub fn new(goals: &Goals, as_of: NaiveDate, window: Option<(NaiveDate, NaiveDate)>) -> History {
        let first = goals.entries()[0].minutes;
        History {
            goals: goals.clone(),
            as_of,
            window,
            kept: Vec::new(),
            applied: 1,
            range: first,
            target: first.min,
            first_target: first.min,
            toward: 0,
            counted: [NaiveDate::MIN; DAYS_PER_STEP as usize],
            complete: false,
            held_by_pain: false,
            changes: Vec::new(),
            last_walk: None,
            run: 0,
            longest: 0,
        }
    }

    /// Applies the changes of the range that start on or before `date`.
    fn apply_goals_through(&mut self, date: NaiveDate) {
        let entries = self.goals.entries();
        while let Some(entry) = entries.get(self.applied) {
            let Some(from) = entry.from.filter(|from| *from <= date) else {
                break;
            };
            let range = entry.minutes;
            self.applied += 1;
            if range == self.range {
                continue;
            }
            self.range = range;
            let target = self.target.clamp(range.min, range.max);
            if target != self.target {
                self.target = target;
                self.changes.push(TargetChange {
                    date: from,
                    from,
                    target_minutes: target,
                    reason: Reason::Range,
                    earned_by: None,
                });
                self.toward = 0;
                self.held_by_pain = false;
                self.complete = false;
            } else if target < range.max {
                self.complete = false;
            }
        }
    }

    /// The summary as of the fold's day.
    pub fn finish(mut self) -> Summary {
        self.apply_goals_through(self.as_of);
        let (streak_weeks, streak_weeks_open) = match self.window {
            Some((first, _)) => streak_weeks(&self.kept, &self.goals, self.as_of, first),
            None => (None, false),
        };
        let current = match self.last_walk {
            Some(date) if date == self.as_of || date + Duration::days(1) == self.as_of => self.run,
            _ => 0,
        };
        Summary {
            plan: Plan {
                target_minutes: self.target,
                range: self.range,
                days_toward_next: self.toward,
                days_per_step: DAYS_PER_STEP,
                complete: self.complete,
                held_by_pain: self.held_by_pain,
                history: self.changes,
                first_target: self.first_target,
            },
            streaks: Streaks {
                current,
                longest: self.longest,
            },
            days: self.kept,
            streak_weeks,
            streak_weeks_open,
            goals: self.goals,
            as_of: self.as_of,
        }
    }
}

impl DayFold for History {
    /// Takes the span whole when its days would change nothing but the
    /// streaks (and perhaps hold the plan by pain): none of them is shown,
    /// none is after the day of the fold or starts a new range, and the
    /// plan is complete or none of them counts toward it.
    fn span(&mut self, span: &Span) -> bool {
        if self
            .window
            .is_some_and(|(first, last)| first <= span.last && span.first <= last)
        {
            return false;
        }
        if span.first > self.as_of {
            return true;
        }
        if span.last > self.as_of {
            return false;
        }
        self.apply_goals_through(span.first);
        let range_changes = self.goals.entries()[self.applied..]
            .first()
            .and_then(|entry| entry.from)
            .is_some_and(|from| from <= span.last);
        let target = u64::from(self.target) * 60;
        if range_changes || (!self.complete && span.most_seconds >= target) {
            return false;
        }
        if !self.complete && span.most_seconds_in_pain >= target {
            self.held_by_pain = true;
        }
        let run_before = match self.last_walk.and_then(|d| d.succ_opt()) {
            Some(next) if next == span.first => self.run,
            _ => 0,
        };
        // Saturating: the summary comes from a file that may be forged.
        self.longest = self
            .longest
            .max(span.longest_run)
            .max(run_before.saturating_add(span.first_run));
        self.run = if span.unbroken() {
            run_before.saturating_add(span.days)
        } else {
            span.last_run
        };
        self.last_walk = Some(span.last);
        true
    }

    fn day(&mut self, day: &Day) {
        if self
            .window
            .is_some_and(|(first, last)| (first..=last).contains(&day.date))
        {
            self.kept.push(*day);
        }
        if day.date > self.as_of || day.sessions == 0 {
            return;
        }
        self.apply_goals_through(day.date);
        self.run = if self.last_walk.and_then(|d| d.succ_opt()) == Some(day.date) {
            self.run.saturating_add(1)
        } else {
            1
        };
        self.longest = self.longest.max(self.run);
        self.last_walk = Some(day.date);
        if self.complete || day.seconds < u64::from(self.target) * 60 {
            return;
        }
        if day.painful() {
            self.held_by_pain = true;
            return;
        }
        self.counted[self.toward as usize] = day.date;
        self.toward += 1;
        if self.toward < DAYS_PER_STEP {
            return;
        }
        self.toward = 0;
        if self.target < self.range.max {
            self.target += 1;
            self.held_by_pain = false;
            self.changes.push(TargetChange {
                date: day.date,
                from: day.date.succ_opt().unwrap_or(day.date),
                target_minutes: self.target,
                reason: Reason::StepUp,
                earned_by: Some(self.counted),
            });
        } else {
            self.complete = true;
        }
    }
}
