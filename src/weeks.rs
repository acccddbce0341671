//! Weeks and the walk days counted in them: the ISO week a day belongs
//! to, the rhythm (walk days a week, `goals --days N`) a week is judged
//! by, and the weekly streak. Below the plan, whose fold counts the
//! streak, and below the summaries, which show a week's walk days; what
//! the rhythm says about one day (`rhythm`) sits above both.
//!
//! A week meets the rhythm with N days that had a walk. A week is judged
//! by the rhythm in force on its last day shown, so a change applies from
//! the week it is set in. With a rhythm below 7 the streak counts weeks.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::days::Day;
use crate::model::{DAYS_PER_WEEK_BOUNDS, Goals};

/// Every day of the week: no rhythm to keep apart from the daily plan.
pub const EVERY_DAY: u8 = DAYS_PER_WEEK_BOUNDS.1;

/// The Monday starting `date`'s ISO week.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(date.weekday().num_days_from_monday().into())
}

/// The rhythm a week is judged by: the one in force on its last day
/// shown (its Sunday, or `as_of` when that comes first).
pub fn days_per_week(goals: &Goals, monday: NaiveDate, as_of: NaiveDate) -> u8 {
    let sunday = monday
        .checked_add_signed(Duration::days(6))
        .unwrap_or(NaiveDate::MAX);
    goals.in_force(sunday.min(as_of)).days_per_week
}

/// The days of history a day's rhythm needs kept by a fold: its week up
/// to it, and the day before (which may be the Sunday before).
pub fn window(date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let before = date.pred_opt().unwrap_or(date);
    (monday_of(date).min(before), date)
}

/// The weekly streak as of `as_of` from the days a fold kept from
/// `first` on (in date order): the run of weeks that met the rhythm,
/// ending with `as_of`'s week (once it met it) or the week before;
/// `None` when the rhythm of `as_of`'s week is every day. The flag says
/// the run reached back to a week not wholly kept, so a fold that kept
/// more days may count more.
pub fn streak_weeks(days: &[Day], goals: &Goals, as_of: NaiveDate, first: NaiveDate) -> (Option<u32>, bool) {
    let shown = monday_of(as_of);
    if days_per_week(goals, shown, as_of) >= EVERY_DAY {
        return (None, false);
    }
    let meets = |week: NaiveDate| {
        let end = week
            .checked_add_signed(Duration::days(6))
            .unwrap_or(NaiveDate::MAX)
            .min(as_of);
        let low = days.partition_point(|d| d.date < week);
        let high = days.partition_point(|d| d.date <= end);
        let walked = days[low..high.max(low)].iter().filter(|d| d.sessions > 0).count();
        walked >= usize::from(days_per_week(goals, week, as_of))
    };
    let before = |week: NaiveDate| week.checked_sub_signed(Duration::days(7));
    let mut week = if meets(shown) { Some(shown) } else { before(shown) };
    let mut run = 0;
    while let Some(this) = week {
        if this < first {
            return (Some(run), true);
        }
        if !meets(this) {
            break;
        }
        run += 1;
        week = before(this);
    }
    (Some(run), false)
}

/// A week's walk days against its rhythm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WeekDays {
    pub done: u32,
    pub goal: u8,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GoalEntry;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_streak_that_reaches_the_first_kept_week_is_open() {
        let goals = Goals::from_entries(vec![GoalEntry {
            days_per_week: 1,
            ..GoalEntry::default()
        }]);
        let days: Vec<Day> = ["2026-11-09", "2026-11-16", "2026-11-23"]
            .iter()
            .map(|d| Day {
                sessions: 1,
                ..Day::empty(date(d))
            })
            .collect();
        let as_of = date("2026-11-24");
        assert_eq!(
            streak_weeks(&days, &goals, as_of, date("2026-11-16")),
            (Some(2), true)
        );
        assert_eq!(
            streak_weeks(&days, &goals, as_of, date("2026-11-02")),
            (Some(3), false)
        );
        assert_eq!(
            streak_weeks(&days, &Goals::default(), as_of, date("2026-11-02")),
            (None, false)
        );
    }

    #[test]
    fn a_week_starts_on_its_monday_and_a_day_keeps_the_day_before() {
        assert_eq!(monday_of(date("2027-01-03")), date("2026-12-28"));
        assert_eq!(monday_of(date("2026-11-16")), date("2026-11-16"));
        assert_eq!(
            window(date("2026-11-18")),
            (date("2026-11-16"), date("2026-11-18"))
        );
        assert_eq!(
            window(date("2026-11-16")),
            (date("2026-11-15"), date("2026-11-16"))
        );
    }
}
