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

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::days::{Day, DayFold, Span};
use crate::model::{GoalEntry, Goals, Range, Session};
use crate::rhythm::streak_weeks;

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

/// Technique and safety guidance, each tip with its source: the title of
/// the article it comes from, saying only what that article says (a tip
/// two articles make between them is split), or where it is not theirs,
/// whose it is. Advice, not a promise of any health effect.
pub struct Tip {
    pub text: &'static str,
    pub source: &'static str,
}

/// The articles backwalk's plan and guidance come from, by title.
pub const STEP_BY_STEP: &str = "6 Surprising Advantages of Reverse Walking: A Step-by-Step Guide";
pub const WHAT_ARE_THE_BENEFITS: &str = "What are the benefits of walking backwards";
pub const SUFFERING_BACK_PAIN: &str =
    "Suffering Back Pain? Try Walking Backwards Too - These are the Benefits!";
/// A safety measure the articles do not state.
pub const SAFETY: &str = "general safety practice";
/// The pain rule's source, said as the screens must say it.
pub const PAIN_MODEL: &str =
    "adapted from Silbernagel et al. 2007, a pain-monitoring model developed for Achilles tendinopathy";

pub const TIPS: [Tip; 15] = [
    Tip {
        text: "If you have a pre-existing condition or an injury, consult a healthcare professional first.",
        source: STEP_BY_STEP,
    },
    Tip {
        text: "Find a safe, open space without any obstacles, and be mindful of your surroundings.",
        source: STEP_BY_STEP,
    },
    Tip {
        text: "Stand tall with your feet shoulder-width apart.",
        source: STEP_BY_STEP,
    },
    Tip {
        text: "Take small steps backwards slowly, keeping your balance and a steady pace, and watch your posture.",
        source: STEP_BY_STEP,
    },
    Tip {
        text: "Warm up and stretch before and after each session.",
        source: STEP_BY_STEP,
    },
    Tip {
        text: "Start with 5-10 minutes and increase the time gradually; as you grow more comfortable, increase your speed and distance.",
        source: STEP_BY_STEP,
    },
    Tip {
        text: "On a treadmill, adjust the speed and incline with caution: start at a slow speed and raise it gradually as you gain confidence.",
        source: STEP_BY_STEP,
    },
    Tip {
        text: "Stand upright: chest up, head up, eyes forward.",
        source: WHAT_ARE_THE_BENEFITS,
    },
    Tip {
        text: "Step evenly and slowly, breathe regularly, and swing your arms gently back and forth.",
        source: WHAT_ARE_THE_BENEFITS,
    },
    Tip {
        text: "Keep at it with 200-400 backward steps a day.",
        source: WHAT_ARE_THE_BENEFITS,
    },
    Tip {
        text: "Start with short strides and increase your pace gradually as you grow comfortable.",
        source: SUFFERING_BACK_PAIN,
    },
    Tip {
        text: "Keep a proper posture and stay alert to your surroundings to avoid hazards.",
        source: SUFFERING_BACK_PAIN,
    },
    Tip {
        text: "On a treadmill, clip on the safety key and keep a hand near the rails until you are steady.",
        source: SAFETY,
    },
    Tip {
        text: "Stop if you feel dizzy or unsteady.",
        source: SAFETY,
    },
    Tip {
        text: "If pain after a walk, or the next morning, is above 5 out of 10, hold your time where it is, and speak to a health professional if it persists.",
        source: PAIN_MODEL,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GoalEntry;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn walked(on: NaiveDate, minutes: u64, pain: Option<u8>) -> Day {
        Day {
            date: on,
            sessions: 1,
            seconds: minutes * 60,
            steps: Some(300),
            uphill_seconds: 0,
            pain_max: pain,
            morning_pain: None,
        }
    }

    /// One walk a day of the given minutes (0: no walk), from `first`.
    fn fold(goals: &Goals, first: &str, minutes: &[u64], as_of: &str) -> Summary {
        fold_with_pain(
            goals,
            first,
            &minutes.iter().map(|m| (*m, None)).collect::<Vec<_>>(),
            as_of,
        )
    }

    fn fold_with_pain(goals: &Goals, first: &str, days: &[(u64, Option<u8>)], as_of: &str) -> Summary {
        let first = date(first);
        let mut history = History::new(goals, date(as_of), Some((first, date(as_of))));
        for (offset, (minutes, pain)) in (0..).zip(days) {
            if *minutes > 0 {
                history.day(&walked(first + Duration::days(offset), *minutes, *pain));
            }
        }
        history.finish()
    }

    fn targets(summary: &Summary) -> Vec<(String, u32, Reason)> {
        summary
            .plan
            .history
            .iter()
            .map(|c| (c.date.to_string(), c.target_minutes, c.reason))
            .collect()
    }

    #[test]
    fn the_target_rises_a_minute_after_three_met_days_and_never_drops() {
        let goals = Goals::default();
        let s = fold(&goals, "2026-11-01", &[5, 4, 5, 0, 5, 6, 6, 5, 6], "2026-11-30");
        assert_eq!(
            targets(&s),
            [
                ("2026-11-05".into(), 6, Reason::StepUp),
                ("2026-11-09".into(), 7, Reason::StepUp)
            ]
        );
        assert_eq!((s.plan.target_minutes, s.plan.days_toward_next), (7, 0));
        // The step-up day was judged by the target in force when it began.
        assert_eq!(s.plan.target_on(date("2026-11-05")), 5);
        assert_eq!(s.plan.target_on(date("2026-11-06")), 6);
        assert_eq!(s.plan.target_on(date("2026-10-01")), 5);
        assert!(s.plan.stepped_up_on(date("2026-11-05")));
        // The 5-minute day of the 8th did not meet the 6-minute target.
        let v = s.verdict(&s.day(date("2026-11-08")));
        assert!(!v.minutes_met && v.target_minutes == 6);
    }

    #[test]
    fn complete_only_after_the_high_end_is_met_on_three_days() {
        let goals = Goals::default();
        // 5 → 10 takes 15 met days; then 3 more days at 10.
        let mut minutes = vec![10u64; 15];
        let s = fold(&goals, "2026-10-01", &minutes, "2026-12-31");
        assert_eq!((s.plan.target_minutes, s.plan.complete), (10, false));
        minutes.extend([9, 9, 9]);
        let s = fold(&goals, "2026-10-01", &minutes, "2026-12-31");
        assert!(!s.plan.complete, "days under 10 minutes do not complete it");
        minutes.extend([10, 10, 10]);
        let s = fold(&goals, "2026-10-01", &minutes, "2026-12-31");
        assert!(s.plan.complete);
        assert_eq!(s.plan.target_minutes, 10);
    }

    #[test]
    fn pain_above_five_holds_the_target_without_resetting_the_count() {
        let goals = Goals::default();
        let s = fold_with_pain(
            &goals,
            "2026-11-01",
            &[(6, None), (6, Some(6)), (6, Some(5)), (6, Some(8))],
            "2026-11-30",
        );
        assert_eq!((s.plan.target_minutes, s.plan.days_toward_next), (5, 2));
        assert!(s.plan.held_by_pain);
        let s = fold_with_pain(
            &goals,
            "2026-11-01",
            &[(6, Some(7)), (6, None), (6, None), (6, None)],
            "2026-11-30",
        );
        assert_eq!(s.plan.target_minutes, 6);
        assert!(!s.plan.held_by_pain, "a step up since then clears it");
    }

    #[test]
    fn a_range_change_applies_from_its_day_and_moves_the_target_into_it() {
        let mut goals = Goals::default();
        goals.set(
            date("2026-11-04"),
            GoalEntry {
                minutes: Range { min: 8, max: 12 },
                ..GoalEntry::default()
            },
        );
        // Two met days at 5, then the range moves the target to 8: the
        // count starts again.
        let s = fold(&goals, "2026-11-01", &[6, 6, 0, 8, 8, 8, 7], "2026-11-30");
        assert_eq!(
            targets(&s),
            [
                ("2026-11-04".into(), 8, Reason::Range),
                ("2026-11-06".into(), 9, Reason::StepUp)
            ]
        );
        assert_eq!(s.plan.range, Range { min: 8, max: 12 });
        // Days before the change keep the targets they had.
        assert_eq!(s.goals_on(date("2026-11-02")).minutes.max, 10);
        assert!(s.verdict(&s.day(date("2026-11-02"))).minutes_met);
        // A change that does not move the target keeps the count.
        let mut goals = Goals::default();
        goals.set(
            date("2026-11-03"),
            GoalEntry {
                minutes: Range { min: 5, max: 20 },
                ..GoalEntry::default()
            },
        );
        let s = fold(&goals, "2026-11-01", &[5, 5, 5], "2026-11-30");
        assert_eq!(targets(&s), [("2026-11-03".into(), 6, Reason::StepUp)]);
        // A change after the last walk still moves the target as of today.
        let mut goals = Goals::default();
        goals.set(
            date("2026-11-20"),
            GoalEntry {
                minutes: Range { min: 3, max: 4 },
                ..GoalEntry::default()
            },
        );
        let s = fold(&goals, "2026-11-01", &[6, 6, 6, 6, 6, 6], "2026-11-25");
        assert_eq!(s.plan.target_minutes, 4);
        assert_eq!(s.plan.history.last().unwrap().reason, Reason::Range);
        let s = fold(&goals, "2026-11-01", &[6, 6, 6, 6, 6, 6], "2026-11-19");
        assert_eq!(s.plan.target_minutes, 7, "as of a day before the change");
    }

    #[test]
    fn completion_is_kept_or_lost_with_the_high_end() {
        let mut goals = Goals::default();
        goals.set(
            date("2026-12-01"),
            GoalEntry {
                minutes: Range { min: 5, max: 12 },
                ..GoalEntry::default()
            },
        );
        let s = fold(&goals, "2026-10-01", &[10; 18], "2026-11-30");
        assert!(s.plan.complete);
        let s = fold(&goals, "2026-10-01", &[10; 18], "2026-12-01");
        assert!(!s.plan.complete && s.plan.target_minutes == 10);
    }

    #[test]
    fn streaks_end_today_or_yesterday() {
        let goals = Goals::default();
        let minutes = [5, 5, 0, 5, 5, 5];
        for (as_of, current, longest) in [
            ("2026-11-06", 3, 3),
            ("2026-11-07", 3, 3),
            ("2026-11-08", 0, 3),
            ("2026-11-02", 2, 2),
        ] {
            let s = fold(&goals, "2026-11-01", &minutes, as_of);
            assert_eq!(s.streaks, Streaks { current, longest }, "{as_of}");
        }
    }

    #[test]
    fn verdicts_use_the_targets_in_force_and_count_steps_only_when_recorded() {
        let mut goals = Goals::default();
        goals.set(
            date("2026-11-03"),
            GoalEntry {
                steps: None,
                ..GoalEntry::default()
            },
        );
        let s = fold(&goals, "2026-11-01", &[5], "2026-11-30");
        let mut day = walked(date("2026-11-01"), 11, None);
        day.steps = Some(150);
        let v = s.verdict(&day);
        assert_eq!(
            (v.minutes_met, v.steps_met, v.above_range(), v.on_target()),
            (true, Some(false), true, false)
        );
        day.steps = None;
        assert_eq!(s.verdict(&day).steps_met, None);
        assert!(s.verdict(&day).on_target());
        day.steps = Some(401);
        assert!(s.verdict(&day).above_range());
        let mut later = walked(date("2026-11-03"), 5, None);
        later.steps = Some(10);
        assert_eq!(s.verdict(&later).steps_met, None, "the steps goal is off");
        let empty = Day::empty(date("2026-11-02"));
        let v = s.verdict(&empty);
        assert!(!v.minutes_met && v.steps_met.is_none() && !v.above_range());
    }

    #[test]
    fn calorie_estimates_use_the_compendium_mets() {
        assert!((kcal(1800, 0, 70.0) - 210.0).abs() < 1e-9);
        assert!((kcal(1800, 1800, 70.0) - 280.0).abs() < 1e-9);
        assert_eq!(
            pain_avg(&[
                walked(date("2026-11-01"), 5, Some(2)),
                walked(date("2026-11-02"), 5, None),
                walked(date("2026-11-03"), 5, Some(5))
            ]),
            Some(3.5)
        );
        assert_eq!(pain_avg(&[]), None);
    }

    #[test]
    fn every_tip_has_a_source_and_none_promises_a_benefit() {
        for tip in TIPS {
            assert!(!tip.source.is_empty());
            let words: Vec<String> = tip
                .text
                .to_lowercase()
                .split(|c: char| !c.is_alphabetic())
                .map(str::to_string)
                .collect();
            for claim in [
                "cure",
                "cures",
                "heal",
                "heals",
                "improves",
                "strengthens",
                "prevents",
                "benefit",
            ] {
                assert!(!words.iter().any(|w| w == claim), "{}", tip.text);
            }
        }
    }

    fn span_of(days: &[Day]) -> Span {
        let mut span = Span::of(&days[0]);
        days[1..].iter().for_each(|day| span.add(day));
        span
    }

    #[test]
    fn a_span_is_taken_whole_only_when_its_days_would_change_nothing_but_the_streaks() {
        let first = date("2026-01-05");
        let on = |offset: i64, minutes: u64, pain: Option<u8>| {
            walked(first + Duration::days(offset), minutes, pain)
        };
        let goals = Goals::default();
        let range = goals.entries()[0].minutes;
        // The plan completes in its first weeks: every day meets the high end.
        let early: Vec<Day> = (0..30).map(|n| on(n, 60, None)).collect();
        let later: Vec<Day> = (40..50).map(|n| on(n, 60, Some(8))).collect();
        let as_of = first + Duration::days(60);
        let mut fold = History::new(&goals, as_of, None);
        assert!(!fold.span(&span_of(&early)), "the early days step the target up");
        for day in &early {
            fold.day(day);
        }
        assert!(
            fold.span(&span_of(&later)),
            "a complete plan only counts the streak"
        );
        let summary = fold.finish();
        assert!(summary.plan.complete);
        assert_eq!(summary.plan.target_minutes, range.max);
        assert_eq!((summary.streaks.longest, summary.streaks.current), (30, 0));
        // Not when its days are shown, are after the day of the fold, or
        // start a new range.
        let shown = History::new(&goals, as_of, Some((first + Duration::days(45), as_of)));
        let after = History::new(&goals, first + Duration::days(45), None);
        let mut changed = goals.clone();
        changed.set(first + Duration::days(44), GoalEntry::default());
        let range_change = History::new(&changed, as_of, None);
        for mut fold in [shown, after, range_change] {
            for day in &early {
                fold.day(day);
            }
            assert!(!fold.span(&span_of(&later)));
        }
        // Below the target, days change nothing but the streak; a painful
        // one that met it holds the plan.
        let mut fold = History::new(&goals, as_of, None);
        let short = [on(0, 1, None), on(1, range.min.into(), Some(7))];
        assert!(fold.span(&span_of(&short)));
        let summary = fold.finish();
        assert!(summary.plan.held_by_pain);
        assert_eq!(summary.streaks.longest, 2);
    }

    #[test]
    fn a_forged_summary_never_overflows_the_streaks() {
        let mut fold = History::new(&Goals::default(), date("2026-01-31"), None);
        let forged = Span {
            first: date("2026-01-01"),
            last: date("2026-01-02"),
            days: u32::MAX,
            first_run: u32::MAX,
            last_run: u32::MAX,
            longest_run: u32::MAX,
            most_seconds: 0,
            most_seconds_in_pain: u64::MAX,
        };
        assert!(fold.span(&forged));
        assert!(fold.span(&Span {
            first: date("2026-01-03"),
            last: date("2026-01-04"),
            ..forged
        }));
        fold.day(&walked(date("2026-01-05"), 1, None));
        assert_eq!(fold.finish().streaks.longest, u32::MAX);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Per day, minutes walked (0: none) and pain.
        type Walks = Vec<(u64, Option<u8>)>;
        /// Changes of the minutes range: day offset, low end, width.
        type RangeChanges = Vec<(i64, u32, u32)>;

        /// A random history: walks, and changes of the range on some days.
        fn history() -> impl Strategy<Value = (Walks, RangeChanges)> {
            (
                proptest::collection::vec((0u64..16, proptest::option::of(0u8..=10)), 1..120),
                proptest::collection::vec((0i64..130, 1u32..12, 0u32..8), 0..4),
            )
        }

        fn goals_of(changes: &[(i64, u32, u32)], first: NaiveDate) -> Goals {
            let mut goals = Goals::default();
            for (offset, min, extra) in changes {
                goals.set(
                    first + Duration::days(*offset),
                    GoalEntry {
                        minutes: Range {
                            min: *min,
                            max: min + extra,
                        },
                        ..GoalEntry::default()
                    },
                );
            }
            goals
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

            /// Runs of days offered whole (as the index offers its blocks)
            /// fold exactly as their days one by one, whatever the day of
            /// the fold, the window shown, the ranges and the pain.
            #[test]
            fn spans_fold_as_their_days(
                (days, changes) in history(),
                as_of in 0i64..140,
                window in proptest::option::of((0i64..140, 0i64..30)),
                cuts in proptest::collection::vec(1usize..9, 1..30),
            ) {
                let first = date("2026-01-05");
                let goals = goals_of(&changes, first);
                let as_of = first + Duration::days(as_of);
                let window = window.map(|(from, len)| (first + Duration::days(from), first + Duration::days(from + len)));
                let walks: Vec<Day> = (0..)
                    .zip(&days)
                    .filter(|(_, (minutes, _))| *minutes > 0)
                    .map(|(offset, (minutes, pain))| walked(first + Duration::days(offset), *minutes, *pain))
                    .collect();
                let mut one_by_one = History::new(&goals, as_of, window);
                for day in &walks {
                    one_by_one.day(day);
                }
                let mut by_span = History::new(&goals, as_of, window);
                let mut rest = &walks[..];
                for cut in cuts.iter().cycle() {
                    if rest.is_empty() {
                        break;
                    }
                    let (run, tail) = rest.split_at((*cut).min(rest.len()));
                    if !by_span.span(&span_of(run)) {
                        for day in run {
                            by_span.day(day);
                        }
                    }
                    rest = tail;
                }
                prop_assert_eq!(by_span.finish(), one_by_one.finish());
            }

            /// Whatever the history, the ranges and the pain: the target
            /// is always within the range in force; it changes only by a
            /// step up of one minute earned by 3 counted days, or by a
            /// range change that clamps it; completion needs the high end
            /// met on 3 counted days; a held plan had a day held by pain.
            #[test]
            fn the_plan_keeps_its_rules((days, changes) in history()) {
                let first = date("2026-01-05");
                let goals = goals_of(&changes, first);
                let last = first + Duration::days(i64::try_from(days.len()).expect("a short history") + 10);
                let mut fold = History::new(&goals, last, None);
                for (offset, (minutes, pain)) in (0..).zip(&days) {
                    if *minutes > 0 {
                        fold.day(&walked(first + Duration::days(offset), *minutes, *pain));
                    }
                }
                let s = fold.finish();
                let plan = &s.plan;
                prop_assert_eq!(plan.range, goals.in_force(last).minutes);
                prop_assert!((plan.range.min..=plan.range.max).contains(&plan.target_minutes));
                prop_assert!(plan.days_toward_next < DAYS_PER_STEP);
                prop_assert!(!plan.complete || plan.target_minutes == plan.range.max);
                // Replay the changes: each step up is one minute, earned by
                // the 3rd counted day since the last change, within range.
                let mut target = goals.entries()[0].minutes.min;
                let mut since = NaiveDate::MIN;
                for (index, change) in plan.history.iter().enumerate() {
                    let range = goals.in_force(change.date).minutes;
                    match change.reason {
                        Reason::StepUp => {
                            prop_assert_eq!(change.target_minutes, target + 1);
                            prop_assert!(change.target_minutes <= range.max);
                            let counted = days
                                .iter()
                                .zip(0..)
                                .map(|(d, offset)| (first + Duration::days(offset), d))
                                .filter(|(on, (minutes, pain))| {
                                    *on >= since
                                        && *on <= change.date
                                        && *minutes >= u64::from(target)
                                        && pain.is_none_or(|p| p <= PAIN_HOLD_ABOVE)
                                })
                                .count();
                            prop_assert!(counted >= DAYS_PER_STEP as usize, "{counted} counted days for {change:?}");
                            since = change.date + Duration::days(1);
                        }
                        Reason::Range => {
                            prop_assert_eq!(change.target_minutes, target.clamp(range.min, range.max));
                            prop_assert!(change.target_minutes != target);
                            since = change.date;
                        }
                    }
                    target = change.target_minutes;
                    // In force from its day, unless a change takes over that day.
                    let overtaken = plan.history.get(index + 1).is_some_and(|next| next.effective() <= change.effective());
                    if !overtaken {
                        prop_assert_eq!(plan.target_on(change.effective()), target);
                    }
                }
                prop_assert_eq!(target, plan.target_minutes);
                if plan.held_by_pain {
                    prop_assert!(days.iter().any(|(m, p)| *m > 0 && p.is_some_and(|p| p > PAIN_HOLD_ABOVE)));
                }
                // Completion: 3 counted days at the high end since the last
                // change of target.
                if plan.complete {
                    let at_max = days
                        .iter()
                        .zip(0..)
                        .map(|(d, offset)| (first + Duration::days(offset), d))
                        .filter(|(on, (minutes, pain))| {
                            *on >= since
                                && *minutes >= u64::from(plan.range.max)
                                && pain.is_none_or(|p| p <= PAIN_HOLD_ABOVE)
                        })
                        .count();
                    prop_assert!(at_max >= DAYS_PER_STEP as usize);
                }
            }
        }
    }
}
