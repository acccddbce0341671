//! The targets a person walks toward (minutes, steps, walk days a week)
//! and their history: each change applies from its day on.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Extra;

/// The bounds of the targets a person may set.
pub const MINUTES_BOUNDS: Range = Range { min: 1, max: 240 };
pub const STEPS_BOUNDS: Range = Range { min: 1, max: 100_000 };
pub const WEIGHT_KG_BOUNDS: (f64, f64) = (20.0, 400.0);

/// A low–high target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub min: u32,
    pub max: u32,
}

impl Range {
    fn check(self, bounds: Range, what: &str) -> Result<(), String> {
        if self.min > self.max || self.min < bounds.min || self.max > bounds.max {
            return Err(format!(
                "{what} range {}-{} is not within {}-{} with low ≤ high",
                self.min, self.max, bounds.min, bounds.max
            ));
        }
        Ok(())
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", self.min, self.max)
    }
}

/// The targets from one day on (from the beginning for the first).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalEntry {
    /// The first day these targets apply; `None` for the first entry,
    /// which applies from the beginning of the history.
    pub from: Option<NaiveDate>,
    pub minutes: Range,
    /// `None` when the steps goal is off.
    pub steps: Option<Range>,
    /// The weekly rhythm: walk days a week (7: every day). Stores from
    /// before it was known have every day.
    #[serde(default = "every_day")]
    pub days_per_week: u8,
    pub weight_kg: Option<f64>,
    /// Fields this version does not know, kept as they are.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The weekly rhythm's bounds and default: walk days a week.
pub const DAYS_PER_WEEK_BOUNDS: (u8, u8) = (1, 7);

fn every_day() -> u8 {
    DAYS_PER_WEEK_BOUNDS.1
}

impl Default for GoalEntry {
    fn default() -> Self {
        GoalEntry {
            from: None,
            minutes: Range { min: 5, max: 10 },
            steps: Some(Range { min: 200, max: 400 }),
            days_per_week: every_day(),
            weight_kg: None,
            extra: Extra::new(),
        }
    }
}

impl GoalEntry {
    fn check(&self) -> Result<(), String> {
        self.minutes.check(MINUTES_BOUNDS, "minutes")?;
        if let Some(steps) = self.steps {
            steps.check(STEPS_BOUNDS, "steps")?;
        }
        let (fewest, most) = DAYS_PER_WEEK_BOUNDS;
        if !(fewest..=most).contains(&self.days_per_week) {
            return Err(format!(
                "days_per_week {} is not within {fewest}-{most}",
                self.days_per_week
            ));
        }
        if let Some(kg) = self.weight_kg {
            let (low, high) = WEIGHT_KG_BOUNDS;
            if !(low..=high).contains(&kg) {
                return Err(format!("weight_kg {kg} is not within {low}-{high}"));
            }
        }
        Ok(())
    }

    /// The longest walk that is not unusual on a day with these targets:
    /// 3 × the high end of the minutes range.
    pub fn plausible_seconds(&self) -> u64 {
        u64::from(self.minutes.max) * 3 * 60
    }
}

/// Every change of the targets, in date order: each applies from its day
/// until the next, so a change never rewrites the days before it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Goals(Vec<GoalEntry>);

impl Default for Goals {
    fn default() -> Self {
        Goals(vec![GoalEntry::default()])
    }
}

impl Goals {
    /// From entries as stored; `check` says whether they are well formed.
    pub fn from_entries(entries: Vec<GoalEntry>) -> Goals {
        Goals(entries)
    }

    pub fn entries(&self) -> &[GoalEntry] {
        &self.0
    }

    /// The targets in force on `date`.
    pub fn in_force(&self, date: NaiveDate) -> &GoalEntry {
        let after = self.0.partition_point(|e| e.from.is_none_or(|from| from <= date));
        &self.0[after.saturating_sub(1)]
    }

    /// The day from which a goal (`value` picks it out) has stood as it
    /// stands on `as_of`, and what it was before; `None` when it has stood
    /// so from the beginning.
    pub fn since<T: PartialEq>(
        &self,
        as_of: NaiveDate,
        value: impl Fn(&GoalEntry) -> T,
    ) -> Option<(NaiveDate, T)> {
        let now = value(self.in_force(as_of));
        let entries = self.entries();
        let shown = entries.partition_point(|e| e.from.is_none_or(|from| from <= as_of));
        let mut at = shown.checked_sub(1)?;
        while at > 0 && value(&entries[at - 1]) == now {
            at -= 1;
        }
        let before = entries.get(at.checked_sub(1)?)?;
        Some((entries[at].from?, value(before)))
    }

    /// Sets the targets from `date` on: a change made the same day
    /// replaces that day's entry; later entries (set with the clock moved
    /// back) are kept.
    pub fn set(&mut self, date: NaiveDate, mut entry: GoalEntry) {
        entry.from = Some(date);
        let at = self.0.partition_point(|e| e.from.is_none_or(|from| from < date));
        match self.0.get_mut(at) {
            Some(same) if same.from == Some(date) => *same = entry,
            _ => self.0.insert(at, entry),
        }
    }

    pub fn check(&self) -> Result<(), String> {
        let Some(first) = self.0.first() else {
            return Err("goals: at least one entry is needed".into());
        };
        if first.from.is_some() {
            return Err(
                "goals: the first entry must have \"from\": null (the targets from the beginning)".into(),
            );
        }
        for (index, entry) in self.0.iter().enumerate() {
            entry.check().map_err(|e| format!("goals[{index}]: {e}"))?;
            if index > 0 {
                let previous = self.0[index - 1].from;
                if entry.from.is_none() || entry.from <= previous {
                    return Err(format!(
                        "goals[{index}]: \"from\" must be a date after the entry before it"
                    ));
                }
                if let Some(from) = entry.from
                    && !crate::clock::YEARS.contains(&from.year())
                {
                    return Err(format!("goals[{index}]: {from} is outside the years 1-9999"));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::date;

    #[test]
    fn goals_apply_from_their_day() {
        let mut goals = Goals::default();
        let wider = GoalEntry {
            minutes: Range { min: 6, max: 12 },
            ..GoalEntry::default()
        };
        goals.set(date("2026-11-10"), wider.clone());
        assert_eq!(goals.in_force(date("2026-11-09")).minutes.max, 10);
        assert_eq!(goals.in_force(date("2026-11-10")).minutes.max, 12);
        assert_eq!(goals.in_force(date("2030-01-01")).minutes.max, 12);
        assert_eq!(goals.in_force(date("0001-01-01")).minutes.max, 10);
        // Twice the same day: the later setting replaces the earlier.
        goals.set(date("2026-11-10"), GoalEntry { steps: None, ..wider });
        assert_eq!(goals.entries().len(), 2);
        assert_eq!(goals.in_force(date("2026-11-11")).steps, None);
        goals.check().unwrap();
        let mut bad = goals.clone();
        bad.0[1].minutes = Range { min: 0, max: 0 };
        assert!(bad.check().unwrap_err().contains("goals[1]"));
        let mut bad = goals.clone();
        bad.0[1].weight_kg = Some(-70.0);
        assert!(bad.check().unwrap_err().contains("weight_kg"));
        let mut bad = goals;
        bad.0.swap(0, 1);
        assert!(bad.check().is_err());
    }
}
