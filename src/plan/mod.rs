//! The starter plan, streaks, the verdict on each day and calorie
//! estimates: pure functions of the history, derived afresh for every
//! command from the days the store folds through `History`.
//!
//! The plan's rule is backwalk's own way of applying the articles'
//! "start with 5–10 minutes and gradually increase the time": the target
//! starts at the low end of the minutes range and rises one minute each
//! time it was met on 3 different days, up to the high end; 3 more days
//! there complete the plan. Days are taken in date order, each judged by
//! the target and the range in force that day. A day whose highest pain
//! is above 5 (the threshold of a pain-monitoring model adapted from
//! Silbernagel et al. 2007, developed for Achilles tendinopathy) does not
//! count. A change of the range moves the target into it from that day
//! on; nothing else ever lowers it.
//!
//! The parts: `fold` (the fold of the history into a `Summary`) and
//! `tips` (the guidance and its sources); the plan's values, the verdict
//! on a day and the calorie estimates are here.

mod fold;
#[cfg(test)]
mod tests;
mod tips;

use chrono::NaiveDate;
use serde::Serialize;

use crate::days::Day;
use crate::model::{GoalEntry, Goals, Range, Session};

pub use fold::History;
pub use tips::{PAIN_MODEL, SAFETY, STEP_BY_STEP, TIPS};

/// Met days needed before the target rises by one minute.
pub const DAYS_PER_STEP: u32 = 3;
pub use crate::days::PAIN_HOLD_ABOVE;
/// Compendium of Physical Activities, backward walking at about 3.5 mph:
/// level (code 17320) and uphill (code 17325, from a 5 % incline).
pub const MET_LEVEL: f64 = 6.0;
pub const MET_UPHILL: f64 = 8.0;

/// Why the target changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Met on 3 days: one minute more from the next day.
    StepUp,
    /// The minutes range changed and moved the target into it, that day.
    Range,
}

/// One change of the target, dated by the day that caused it (`date`:
/// the day that earned a step up, or set the range) and by the first day
/// it applies (`from`: a step up applies from the next day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TargetChange {
    pub date: NaiveDate,
    pub from: NaiveDate,
    pub target_minutes: u32,
    pub reason: Reason,
    /// For a step up, the counted days that earned it, the last being
    /// `date`.
    #[serde(skip)]
    pub earned_by: Option<[NaiveDate; DAYS_PER_STEP as usize]>,
}

impl TargetChange {
    /// The first day the new target is in force.
    fn effective(&self) -> NaiveDate {
        self.from
    }
}

/// The plan as of a day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    /// The plan's current target, step-ups earned that day included.
    pub target_minutes: u32,
    /// The minutes range in force that day.
    pub range: Range,
    pub days_toward_next: u32,
    pub days_per_step: u32,
    /// The high end of the range was met on 3 days.
    pub complete: bool,
    /// Since the last change of target, a day met it but did not count
    /// because of pain.
    pub held_by_pain: bool,
    pub history: Vec<TargetChange>,
    /// The target before any change.
    #[serde(skip)]
    first_target: u32,
}

impl Plan {
    /// The target in force during `date`.
    pub fn target_on(&self, date: NaiveDate) -> u32 {
        self.history
            .iter()
            .take_while(|change| change.effective() <= date)
            .last()
            .map_or(self.first_target, |change| change.target_minutes)
    }

    /// Whether the target rose thanks to `date`.
    pub fn stepped_up_on(&self, date: NaiveDate) -> bool {
        self.history
            .iter()
            .any(|change| change.date == date && change.reason == Reason::StepUp)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Streaks {
    /// Consecutive days with a walk, ending on the day or the day before.
    pub current: u32,
    /// The longest such run up to the day.
    pub longest: u32,
}

/// What a fold of the history gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub goals: Goals,
    pub as_of: NaiveDate,
    pub plan: Plan,
    pub streaks: Streaks,
    /// The days of the window that had walks, in date order.
    pub days: Vec<Day>,
    /// Consecutive weeks that met the weekly rhythm, ending with the
    /// fold's week or the one before; `None` when the rhythm is every day.
    /// Counted over the window's days: `streak_weeks_open` when every
    /// week of the window met it, so a longer window may count more.
    pub streak_weeks: Option<u32>,
    pub streak_weeks_open: bool,
}

/// How a day stands against the targets in force that day: the one place
/// that decides "on target", "above the range" and the pain caution;
/// every screen and JSON key asks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The plan's target in force that day.
    pub target_minutes: u32,
    pub minutes_met: bool,
    /// `None` ("not counted") when the steps goal is off or no walk of
    /// the day recorded steps.
    pub steps_met: Option<bool>,
    /// The minutes range the day's total went above, if it did.
    pub minutes_above: Option<Above>,
    /// The steps range the day's steps went above, if they did.
    pub steps_above: Option<Above>,
    /// Pain above the threshold (`days::pain_above_threshold`): hold the
    /// target, speak to a health professional if it persists.
    pub pain_caution: bool,
    pub step_up: bool,
}

/// A range a day went above, and whose it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Above {
    pub range: Range,
    /// The articles' range (minutes 5–10, steps 200–400) rather than one
    /// the person set.
    pub articles: bool,
}

impl Verdict {
    /// The one meaning of "on target": minutes met, and steps not unmet.
    /// A day above the range can be on target too.
    pub fn on_target(&self) -> bool {
        self.minutes_met && self.steps_met != Some(false)
    }

    /// Minutes or steps above the high end of their range.
    pub fn above_range(&self) -> bool {
        self.minutes_above.is_some() || self.steps_above.is_some()
    }
}

impl Summary {
    /// The targets in force on `date`.
    pub fn goals_on(&self, date: NaiveDate) -> &GoalEntry {
        self.goals.in_force(date)
    }

    pub fn verdict(&self, day: &Day) -> Verdict {
        verdict(day, &self.plan, self.goals.in_force(day.date))
    }

    /// The window's totals for `date` (an empty day when it had no walk).
    pub fn day(&self, date: NaiveDate) -> Day {
        let at = self.days.partition_point(|d| d.date < date);
        self.days
            .get(at)
            .filter(|d| d.date == date)
            .copied()
            .unwrap_or_else(|| Day::empty(date))
    }

    /// The kept days from `first` to `last`.
    pub fn days_between(&self, first: NaiveDate, last: NaiveDate) -> &[Day] {
        let low = self.days.partition_point(|d| d.date < first);
        let high = self.days.partition_point(|d| d.date <= last);
        &self.days[low..high.max(low)]
    }

    /// The calorie estimate of a day, with the weight in force that day;
    /// nothing for a day without walks or without a weight.
    pub fn kcal(&self, day: &Day) -> Option<f64> {
        let kg = self.goals.in_force(day.date).weight_kg?;
        (day.sessions > 0).then(|| kcal(day.seconds, day.uphill_seconds, kg))
    }
}

/// How a day stands against `goals` and the plan's target that day.
pub fn verdict(day: &Day, plan: &Plan, goals: &GoalEntry) -> Verdict {
    let target_minutes = plan.target_on(day.date);
    let walked = day.sessions > 0;
    let articles = GoalEntry::default();
    let steps_met = goals
        .steps
        .zip(day.steps)
        .filter(|_| walked)
        .map(|(range, steps)| steps >= u64::from(range.min));
    let steps_above = goals
        .steps
        .zip(day.steps)
        .filter(|(range, steps)| walked && *steps > u64::from(range.max))
        .map(|(range, _)| Above {
            range,
            articles: Some(range) == articles.steps,
        });
    let minutes_above = (walked && day.seconds > u64::from(goals.minutes.max) * 60).then_some(Above {
        range: goals.minutes,
        articles: goals.minutes == articles.minutes,
    });
    Verdict {
        target_minutes,
        minutes_met: walked && day.seconds >= u64::from(target_minutes) * 60,
        steps_met,
        minutes_above,
        steps_above,
        pain_caution: walked && day.painful(),
        step_up: plan.stepped_up_on(day.date),
    }
}

/// MET × kg × hours over the level and the uphill part.
pub fn kcal(seconds: u64, uphill_seconds: u64, weight_kg: f64) -> f64 {
    let level = seconds.saturating_sub(uphill_seconds) as f64 * MET_LEVEL;
    let uphill = uphill_seconds as f64 * MET_UPHILL;
    weight_kg * (level + uphill) / 3600.0
}

/// One walk's estimate.
pub fn session_kcal(session: &Session, weight_kg: f64) -> f64 {
    let mut day = Day::empty(session.start.date_naive());
    day.add(session);
    kcal(day.seconds, day.uphill_seconds, weight_kg)
}

/// How one measure of a day stands against its target, as every screen
/// marks it: above the range only once met, not counted without a goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Met,
    Unmet,
    Above,
    NotCounted,
}

impl Standing {
    fn of(met: Option<bool>, above: bool) -> Standing {
        match met {
            Some(true) if above => Standing::Above,
            Some(true) => Standing::Met,
            Some(false) => Standing::Unmet,
            None => Standing::NotCounted,
        }
    }
}

impl Verdict {
    /// The day's minutes against the target, `Above` past the range.
    pub fn minutes_standing(&self) -> Standing {
        Standing::of(Some(self.minutes_met), self.minutes_above.is_some())
    }

    /// The day's steps against the steps range.
    pub fn steps_standing(&self) -> Standing {
        Standing::of(self.steps_met, self.steps_above.is_some())
    }

    /// The whole day: on target, and above either range.
    pub fn day_standing(&self) -> Standing {
        Standing::of(Some(self.on_target()), self.above_range())
    }

    /// Backward steps still to take to reach the low end of the steps
    /// range; `None` unless the day's steps are counted and short of it.
    pub fn steps_to_go(&self, day: &Day, goals: &GoalEntry) -> Option<u64> {
        let range = goals.steps.filter(|_| self.steps_met == Some(false))?;
        Some(u64::from(range.min).saturating_sub(day.steps.unwrap_or(0)))
    }
}

/// The mean of the daily pain maxima over the days that recorded pain.
pub fn pain_avg<'a>(days: impl IntoIterator<Item = &'a Day>) -> Option<f64> {
    let (sum, count) = days
        .into_iter()
        .filter_map(|d| d.pain_max)
        .fold((0u32, 0u32), |(sum, count), pain| {
            (sum + u32::from(pain), count + 1)
        });
    (count > 0).then(|| f64::from(sum) / f64::from(count))
}
