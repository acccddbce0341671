//! What one local calendar day of walks adds up to, and the one way
//! sessions are grouped into days: the store's index and a full read of
//! the store both use it, so they cannot disagree.

use chrono::NaiveDate;

use crate::clock::Zone;
use crate::model::{Morning, Session, morning};

/// From this incline a walk counts as uphill for the calorie estimate
/// (Compendium code 17325).
pub const UPHILL_FROM_PERCENT: f64 = 5.0;
/// A day whose highest pain is above this holds the plan's target (the
/// threshold of the pain-monitoring model adapted from Silbernagel et al.
/// 2007, a model developed for Achilles tendinopathy).
pub const PAIN_HOLD_ABOVE: u8 = 5;

/// The one pain rule every screen asks: pain after the day's walks, or
/// (once it is recorded) the next morning, above `PAIN_HOLD_ABOVE`
/// holds the plan and gets the caution.
pub fn pain_above_threshold(after_walks: Option<u8>, next_morning: Option<u8>) -> bool {
    after_walks
        .max(next_morning)
        .is_some_and(|pain| pain > PAIN_HOLD_ABOVE)
}

/// The totals of the walks that started on one local day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub sessions: u32,
    pub seconds: u64,
    /// The sum of the recorded steps; `None` when no walk recorded any.
    pub steps: Option<u64>,
    /// The part of `seconds` walked uphill, for the calorie estimate.
    pub uphill_seconds: u64,
    /// The highest pain recorded after a walk of the day.
    pub pain_max: Option<u8>,
    /// The pain recorded the next morning (`backwalk morning`).
    pub morning_pain: Option<u8>,
}

impl Day {
    pub fn empty(date: NaiveDate) -> Day {
        Day {
            date,
            sessions: 0,
            seconds: 0,
            steps: None,
            uphill_seconds: 0,
            pain_max: None,
            morning_pain: None,
        }
    }

    pub fn add(&mut self, session: &Session) {
        self.sessions = self.sessions.saturating_add(1);
        self.seconds += session.seconds();
        if let Some(steps) = session.steps {
            self.steps = Some(self.steps.unwrap_or(0) + u64::from(steps));
        }
        if session.incline_percent.unwrap_or(0.0) >= UPHILL_FROM_PERCENT {
            self.uphill_seconds += session.seconds();
        }
        self.pain_max = self.pain_max.max(session.pain);
    }

    pub fn minutes(&self) -> f64 {
        self.seconds as f64 / 60.0
    }

    /// Whether the day's pain calls for the caution (`pain_above_threshold`):
    /// its highest pain after its walks, or its next-morning pain.
    pub fn painful(&self) -> bool {
        pain_above_threshold(self.pain_max, self.morning_pain)
    }

    /// Takes the next-morning pain of the day from `mornings` (in date
    /// order), if one was recorded.
    pub fn set_morning(&mut self, mornings: &[Morning]) {
        self.morning_pain = morning::find(mornings, self.date).map(|m| m.morning_pain);
    }
}

/// Something that takes every day's totals, in date order.
pub trait DayFold {
    fn day(&mut self, day: &Day);

    /// Takes a run of days from its summary alone, when that gives what
    /// taking them one by one would; `false` asks for them one by one
    /// (and changes nothing that `day` would not redo).
    fn span(&mut self, _span: &Span) -> bool {
        false
    }
}

/// A run of days with walks, in date order, summed up so that a fold can
/// take it whole instead of day by day (`DayFold::span`): the
/// index keeps one per block of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Days with walks.
    pub days: u32,
    /// Consecutive days from the first, consecutive days up to the last,
    /// and the longest run of consecutive days.
    pub first_run: u32,
    pub last_run: u32,
    pub longest_run: u32,
    /// The most seconds walked on one day that was not painful, and on
    /// one that was (`Day::painful`).
    pub most_seconds: u64,
    pub most_seconds_in_pain: u64,
}

impl Span {
    pub fn of(day: &Day) -> Span {
        let (most_seconds, most_seconds_in_pain) = Span::seconds(day);
        Span {
            first: day.date,
            last: day.date,
            days: 1,
            first_run: 1,
            last_run: 1,
            longest_run: 1,
            most_seconds,
            most_seconds_in_pain,
        }
    }

    /// Adds the next day with walks, after `last`.
    pub fn add(&mut self, day: &Day) {
        debug_assert!(day.date > self.last);
        let consecutive = self.last.succ_opt() == Some(day.date);
        if consecutive && self.first_run == self.days {
            self.first_run += 1;
        }
        self.last_run = if consecutive { self.last_run + 1 } else { 1 };
        self.longest_run = self.longest_run.max(self.last_run);
        self.days += 1;
        self.last = day.date;
        let (seconds, in_pain) = Span::seconds(day);
        self.most_seconds = self.most_seconds.max(seconds);
        self.most_seconds_in_pain = self.most_seconds_in_pain.max(in_pain);
    }

    /// Whether its days are all consecutive.
    pub fn unbroken(&self) -> bool {
        self.first_run == self.days
    }

    fn seconds(day: &Day) -> (u64, u64) {
        if day.painful() {
            (0, day.seconds)
        } else {
            (day.seconds, 0)
        }
    }
}

/// The days of sessions in time order, each with the range of indexes of
/// its sessions, in date order. `None` when the dates are not in time
/// order, which only a zone that moves its clocks back across midnight
/// can cause: then `group_unordered` gives the days.
pub fn group(sessions: &[Session], zone: &Zone) -> Option<Vec<(Day, std::ops::Range<usize>)>> {
    let mut days: Vec<(Day, std::ops::Range<usize>)> = Vec::new();
    for (index, session) in sessions.iter().enumerate() {
        let date = zone.local(&session.start).date_naive();
        match days.last_mut() {
            Some((day, range)) if day.date == date => {
                day.add(session);
                range.end = index + 1;
            }
            Some((day, _)) if day.date > date => return None,
            _ => {
                let mut day = Day::empty(date);
                day.add(session);
                days.push((day, index..index + 1));
            }
        }
    }
    Some(days)
}

/// The days of sessions in any order, in date order.
pub fn group_unordered(sessions: &[Session], zone: &Zone) -> Vec<Day> {
    if let Some(days) = group(sessions, zone) {
        return days.into_iter().map(|(day, _)| day).collect();
    }
    let mut by_date: std::collections::BTreeMap<NaiveDate, Day> = std::collections::BTreeMap::new();
    for session in sessions {
        let date = zone.local(&session.start).date_naive();
        by_date
            .entry(date)
            .or_insert_with(|| Day::empty(date))
            .add(session);
    }
    by_date.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::tests::zone;
    use crate::model::{Extra, Surface, WalkDuration};
    use chrono::DateTime;

    fn session(id: u64, start: &str, seconds: u64, steps: Option<u32>, pain: Option<u8>) -> Session {
        Session {
            id,
            start: DateTime::parse_from_rfc3339(start).unwrap(),
            duration_seconds: WalkDuration::from_seconds(seconds).unwrap(),
            steps,
            surface: Surface::Track,
            incline_percent: (id == 2).then_some(6.0),
            pain,
            note: None,
            uid: id,
            extra: Extra::new(),
        }
    }

    #[test]
    fn sessions_belong_to_the_local_day_they_started() {
        let berlin = zone("Europe/Berlin");
        let sessions = vec![
            session(1, "2026-11-20T22:50:00Z", 1800, None, Some(2)), // 23:50 local
            session(2, "2026-11-20T23:10:00Z", 300, Some(100), Some(7)), // 00:10 local
            session(3, "2026-11-21T08:00:00Z", 60, Some(5), None),
        ];
        let days = group(&sessions, &berlin).unwrap();
        assert_eq!(days.len(), 2);
        let (first, range) = &days[0];
        assert_eq!(
            (first.date.to_string(), first.seconds, first.steps),
            ("2026-11-20".into(), 1800, None)
        );
        assert_eq!(*range, 0..1);
        let (second, range) = &days[1];
        assert_eq!(
            (second.sessions, second.steps, second.pain_max),
            (2, Some(105), Some(7))
        );
        assert_eq!((second.uphill_seconds, range.clone()), (300, 1..3));
    }

    #[test]
    fn a_span_sums_up_its_runs_of_days_and_its_longest_days_with_and_without_pain() {
        let date = |day: u32| NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
        let day = |on: u32, seconds: u64, pain: Option<u8>| Day {
            seconds,
            pain_max: pain,
            sessions: 1,
            ..Day::empty(date(on))
        };
        let days = [
            day(1, 300, None),
            day(2, 900, Some(6)),
            day(3, 600, Some(5)),
            day(5, 1200, Some(9)),
            day(6, 60, None),
            day(9, 120, None),
        ];
        let mut span = Span::of(&days[0]);
        days[1..].iter().for_each(|d| span.add(d));
        let expected = Span {
            first: date(1),
            last: date(9),
            days: 6,
            first_run: 3,
            last_run: 1,
            longest_run: 3,
            most_seconds: 600,
            most_seconds_in_pain: 1200,
        };
        assert_eq!(span, expected);
        assert!(!span.unbroken());
        let mut unbroken = Span::of(&days[0]);
        unbroken.add(&days[1]);
        assert!(unbroken.unbroken());
        assert_eq!(
            (unbroken.first_run, unbroken.last_run, unbroken.longest_run),
            (2, 2, 2)
        );
    }

    #[test]
    fn a_zone_that_moves_clocks_back_across_midnight_still_groups() {
        // Two sessions in time order whose local dates go backwards.
        let zone = zone("UTC");
        let sessions = vec![
            session(1, "2026-11-21T08:00:00Z", 60, None, None),
            session(2, "2026-11-20T08:00:00Z", 60, None, None),
        ];
        assert!(group(&sessions, &zone).is_none());
        let days = group_unordered(&sessions, &zone);
        assert_eq!(days.len(), 2);
        assert!(days[0].date < days[1].date);
    }
}
