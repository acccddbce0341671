//! Day totals, streaks, the starter plan and calorie estimates: pure
//! functions of the history, derived afresh for every command.

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::model::{Range, Session, Settings, Timer};

/// Met days needed before the target rises by one minute.
pub const DAYS_PER_STEP: u32 = 3;
/// Compendium of Physical Activities, backward walking: level (17320)
/// and uphill (17325, used from a 5 % incline).
pub const MET_LEVEL: f64 = 6.0;
pub const MET_UPHILL: f64 = 8.0;
pub const UPHILL_FROM_PERCENT: f64 = 5.0;

/// What one local calendar day (or any span) adds up to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub sessions: u32,
    pub seconds: u64,
    pub steps: u64,
    /// The part of `seconds` walked uphill, for the calorie estimate.
    pub uphill_seconds: u64,
}

impl Totals {
    pub fn add(&mut self, session: &Session) {
        self.sessions += 1;
        self.seconds += session.seconds();
        self.steps += u64::from(session.steps.unwrap_or(0));
        if is_uphill(session) {
            self.uphill_seconds += session.seconds();
        }
    }

    pub fn merge(&mut self, other: &Totals) {
        self.sessions += other.sessions;
        self.seconds += other.seconds;
        self.steps += other.steps;
        self.uphill_seconds += other.uphill_seconds;
    }

    /// MET × kg × hours over the level and the uphill part.
    pub fn kcal(&self, weight_kg: f64) -> f64 {
        let level = (self.seconds - self.uphill_seconds) as f64 * MET_LEVEL;
        let uphill = self.uphill_seconds as f64 * MET_UPHILL;
        weight_kg * (level + uphill) / 3600.0
    }

    pub fn minutes(&self) -> f64 {
        self.seconds as f64 / 60.0
    }

    /// The day's minutes reach the low end of the range.
    pub fn minutes_met(&self, settings: &Settings) -> bool {
        self.seconds >= u64::from(settings.minutes.min) * 60
    }

    /// The day's steps reach the low end of the range.
    pub fn steps_met(&self, settings: &Settings) -> bool {
        self.steps >= u64::from(settings.steps.min)
    }

    pub fn on_target(&self, settings: &Settings) -> bool {
        self.minutes_met(settings) && self.steps_met(settings)
    }
}

/// Totals per local day of each session's start, in date order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Days(Vec<(NaiveDate, Totals)>);

impl Days {
    /// Sessions in time order fall on days in date order (but for a zone
    /// that moves its clocks back across midnight, which a sort mends).
    pub fn from_sessions(sessions: &[Session], clock: &Clock) -> Days {
        let mut days: Vec<(NaiveDate, Totals)> = Vec::new();
        for session in sessions {
            let date = clock.date_of(&session.start);
            match days.last_mut() {
                Some((last, totals)) if *last == date => totals.add(session),
                _ => {
                    let mut totals = Totals::default();
                    totals.add(session);
                    days.push((date, totals));
                }
            }
        }
        if !days.is_sorted_by_key(|(date, _)| *date) {
            days.sort_by_key(|(date, _)| *date);
            days.dedup_by(|(date, later), (kept_date, kept)| {
                let same = date == kept_date;
                if same {
                    kept.merge(later);
                }
                same
            });
        }
        Days(days)
    }

    /// From totals already in date order, one entry a day.
    pub fn from_sorted(days: Vec<(NaiveDate, Totals)>) -> Days {
        debug_assert!(days.is_sorted_by_key(|(date, _)| *date));
        Days(days)
    }

    pub fn all(&self) -> &[(NaiveDate, Totals)] {
        &self.0
    }

    pub fn get(&self, date: NaiveDate) -> Totals {
        self.between(date, date)
            .first()
            .map(|(_, t)| *t)
            .unwrap_or_default()
    }

    /// The days from `first` to `last`, both included.
    pub fn between(&self, first: NaiveDate, last: NaiveDate) -> &[(NaiveDate, Totals)] {
        let low = self.0.partition_point(|(d, _)| *d < first);
        let high = self.0.partition_point(|(d, _)| *d <= last);
        &self.0[low..high.max(low)]
    }

    /// The totals of the days from `first` to `last`.
    pub fn sum(&self, first: NaiveDate, last: NaiveDate) -> Totals {
        let mut totals = Totals::default();
        self.between(first, last)
            .iter()
            .for_each(|(_, t)| totals.merge(t));
        totals
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Streaks {
    /// Consecutive days with a session, ending on the day or the day before.
    pub current: u32,
    /// The longest such run up to the day.
    pub longest: u32,
}

pub fn streaks(days: &Days, as_of: NaiveDate) -> Streaks {
    HistoryFold::over(days, Range { min: 1, max: 1 }, as_of, None).streaks()
}

/// One step up of the session target, dated by the day that earned it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepUp {
    pub date: NaiveDate,
    pub target_minutes: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub target_minutes: u32,
    pub range: Range,
    pub days_toward_next: u32,
    pub complete: bool,
    pub history: Vec<StepUp>,
}

/// The starter plan as of a day: the target starts at the range's low end
/// and rises one minute for every 3 days that met it, up to the high end.
/// Each day counts once, toward the target in force on that day.
pub fn plan(days: &Days, range: Range, as_of: NaiveDate) -> Plan {
    HistoryFold::over(days, range, as_of, None).plan()
}

/// The whole history folded one day at a time, in date order, into what
/// the day and week commands need of it: the streaks and the plan as of a
/// day, and the totals of a window of days. Nothing else is kept, so a
/// history of decades costs no memory.
#[derive(Clone, Debug)]
pub struct HistoryFold {
    as_of: NaiveDate,
    range: Range,
    window: Option<(NaiveDate, NaiveDate)>,
    kept: Vec<(NaiveDate, Totals)>,
    longest: u32,
    run: u32,
    last: Option<NaiveDate>,
    target: u32,
    toward: u32,
    history: Vec<StepUp>,
}

impl HistoryFold {
    pub fn new(range: Range, as_of: NaiveDate, window: Option<(NaiveDate, NaiveDate)>) -> HistoryFold {
        HistoryFold {
            as_of,
            range,
            window,
            kept: Vec::new(),
            longest: 0,
            run: 0,
            last: None,
            target: range.min,
            toward: 0,
            history: Vec::new(),
        }
    }

    fn over(
        days: &Days,
        range: Range,
        as_of: NaiveDate,
        window: Option<(NaiveDate, NaiveDate)>,
    ) -> HistoryFold {
        let mut fold = HistoryFold::new(range, as_of, window);
        days.all()
            .iter()
            .for_each(|(date, totals)| fold.push(*date, totals));
        fold
    }

    /// The next day with a session; days come in date order.
    pub fn push(&mut self, date: NaiveDate, totals: &Totals) {
        if self
            .window
            .is_some_and(|(first, last)| (first..=last).contains(&date))
        {
            self.kept.push((date, *totals));
        }
        if date > self.as_of {
            return;
        }
        self.run = if self.last.and_then(|d| d.succ_opt()) == Some(date) {
            self.run + 1
        } else {
            1
        };
        self.longest = self.longest.max(self.run);
        self.last = Some(date);
        // Each day counts once, toward the target in force on that day.
        if self.target < self.range.max && totals.seconds >= u64::from(self.target) * 60 {
            self.toward += 1;
            if self.toward == DAYS_PER_STEP {
                self.target += 1;
                self.toward = 0;
                self.history.push(StepUp {
                    date,
                    target_minutes: self.target,
                });
            }
        }
    }

    /// Consecutive days with a session, ending on the day or the day
    /// before, and the longest such run up to the day.
    pub fn streaks(&self) -> Streaks {
        let current = match self.last {
            Some(date) if date == self.as_of || date.succ_opt() == Some(self.as_of) => self.run,
            _ => 0,
        };
        Streaks {
            current,
            longest: self.longest,
        }
    }

    /// The starter plan: the target starts at the range's low end and
    /// rises one minute for every 3 days that met it, up to the high end.
    pub fn plan(&self) -> Plan {
        Plan {
            target_minutes: self.target,
            range: self.range,
            days_toward_next: self.toward,
            complete: self.target >= self.range.max,
            history: self.history.clone(),
        }
    }

    /// The totals of the window's days.
    pub fn into_window(self) -> Days {
        Days::from_sorted(self.kept)
    }
}

impl Plan {
    /// The target in force during `date`: a step up earned that day
    /// applies from the next.
    pub fn target_on(&self, date: NaiveDate) -> u32 {
        match self.history.last() {
            Some(step) if step.date == date => step.target_minutes - 1,
            _ => self.target_minutes,
        }
    }
}

/// Technique and safety guidance from the exercise literature; advice,
/// not a promise of any health effect.
pub const TIPS: [&str; 10] = [
    "Ask a doctor or physiotherapist first if you have a heart, balance, joint or other condition, or an injury.",
    "Choose an open, level space free of obstacles, people and traffic: a track, a gym floor, short grass.",
    "Look over your shoulder now and then to check the path behind you; a partner watching helps too.",
    "Take small steps, land on the ball of your foot, then roll to the heel.",
    "Keep a slow, even pace; speed comes later, if at all.",
    "Stand upright: chest up, eyes ahead, shoulders relaxed, arms swinging naturally.",
    "On a treadmill, start at a very slow speed, hold the rails, and use the safety clip.",
    "Warm up with a few minutes of ordinary walking first.",
    "Start with 5-10 minute sessions and add time gradually: the plan adds a minute after 3 good days.",
    "Stop if you feel pain, dizziness or unsteadiness.",
];

/// Everything `today`, `status` and `log` say about one day.
#[derive(Clone, Debug)]
pub struct DayReport<'a> {
    pub date: NaiveDate,
    pub totals: Totals,
    pub sessions: &'a [Session],
    pub settings: &'a Settings,
    pub streaks: Streaks,
    pub plan: Plan,
    /// The running timer, shown only for today.
    pub timer: Option<&'a Timer>,
}

/// The day a snapshot was taken for.
pub fn day_report<'a>(snapshot: &'a Snapshot, clock: &Clock) -> DayReport<'a> {
    let date = snapshot.as_of;
    DayReport {
        date,
        totals: snapshot.days.get(date),
        sessions: crate::summary::on_days(&snapshot.sessions, clock, date, date),
        settings: &snapshot.settings,
        streaks: snapshot.streaks,
        plan: snapshot.plan.clone(),
        timer: snapshot.timer.as_ref().filter(|_| date == clock.today()),
    }
}

/// What the day, week and plan commands need of the store, as of a day:
/// the settings, the timer, the streaks and the plan, and the totals and
/// sessions of the days they show. The store serves it from its index when
/// it can.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub settings: Settings,
    pub timer: Option<Timer>,
    pub last_surface: Option<crate::model::Surface>,
    pub as_of: NaiveDate,
    pub streaks: Streaks,
    pub plan: Plan,
    /// The totals of the days shown and of the week before them.
    pub days: Days,
    /// The sessions of the days shown, in time order.
    pub sessions: Vec<Session>,
}

/// The days a snapshot keeps the totals of: those shown, and the week
/// before them (for the week's comparison).
pub fn window(shown: Option<(NaiveDate, NaiveDate)>) -> Option<(NaiveDate, NaiveDate)> {
    shown.map(|(first, last)| (first - chrono::Duration::days(7), last))
}

impl Snapshot {
    /// From a whole document, as of `as_of`, keeping the sessions of the
    /// days `shown` (first, last).
    pub fn of(
        document: &crate::model::Document,
        clock: &Clock,
        shown: Option<(NaiveDate, NaiveDate)>,
        as_of: NaiveDate,
    ) -> Snapshot {
        let sessions = match shown {
            Some((first, last)) => crate::summary::on_days(&document.sessions, clock, first, last).to_vec(),
            None => Vec::new(),
        };
        let days = Days::from_sessions(&document.sessions, clock);
        let fold = HistoryFold::over(&days, document.settings.minutes, as_of, window(shown));
        Snapshot::folded(
            document.settings.clone(),
            document.timer.clone(),
            document.last_surface(),
            fold,
            sessions,
        )
    }

    /// From a finished fold of the history.
    pub fn folded(
        settings: Settings,
        timer: Option<Timer>,
        last_surface: Option<crate::model::Surface>,
        fold: HistoryFold,
        sessions: Vec<Session>,
    ) -> Snapshot {
        Snapshot {
            settings,
            timer,
            last_surface,
            as_of: fold.as_of,
            streaks: fold.streaks(),
            plan: fold.plan(),
            days: fold.into_window(),
            sessions,
        }
    }
}

fn is_uphill(session: &Session) -> bool {
    session.incline_percent.unwrap_or(0.0) >= UPHILL_FROM_PERCENT
}

/// MET × kg × hours, with the uphill MET from a 5 % incline.
pub fn kcal_estimate(session: &Session, weight_kg: f64) -> f64 {
    let mut totals = Totals::default();
    totals.add(session);
    totals.kcal(weight_kg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Surface, WalkDuration};
    use chrono::{DateTime, Utc};

    fn clock() -> Clock {
        let now = DateTime::parse_from_rfc3339("2026-12-31T20:00:00Z").unwrap();
        Clock::new(now.with_timezone(&Utc), "Europe/Berlin".parse().unwrap())
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn session(id: u64, start: &str, minutes: u64) -> Session {
        Session {
            id,
            start: DateTime::parse_from_rfc3339(start).unwrap(),
            duration_seconds: WalkDuration::from_seconds(minutes * 60).unwrap(),
            steps: Some(250),
            surface: Surface::Track,
            incline_percent: None,
            note: None,
        }
    }

    /// One session a day at 08:00 local, of the given minutes, from `first`.
    fn history(first: &str, minutes: &[u64]) -> Vec<Session> {
        let first = date(first);
        minutes
            .iter()
            .enumerate()
            .filter(|(_, m)| **m > 0)
            .map(|(i, m)| {
                let day = first + chrono::Duration::days(i as i64);
                session(i as u64 + 1, &format!("{day}T08:00:00+01:00"), *m)
            })
            .collect()
    }

    fn plan_of(sessions: &[Session], range: Range, as_of: &str) -> Plan {
        plan(&Days::from_sessions(sessions, &clock()), range, date(as_of))
    }

    const DEFAULT: Range = Range { min: 5, max: 10 };

    #[test]
    fn a_fresh_user_starts_at_the_low_end() {
        let plan = plan_of(&[], DEFAULT, "2026-11-21");
        assert_eq!(
            (plan.target_minutes, plan.days_toward_next, plan.complete),
            (5, 0, false)
        );
        assert!(plan.history.is_empty());
    }

    #[test]
    fn three_met_days_step_the_target_up_dated_by_the_third() {
        let sessions = history("2026-11-02", &[5, 4, 6, 5, 5, 5]);
        let plan = plan_of(&sessions, DEFAULT, "2026-11-30");
        // Nov 2, 4, 5 meet 5 min → 6 from Nov 5; Nov 6 (5) and Nov 7 (5) miss 6.
        assert_eq!(
            plan.history,
            vec![StepUp {
                date: date("2026-11-05"),
                target_minutes: 6
            }]
        );
        assert_eq!((plan.target_minutes, plan.days_toward_next), (6, 0));
        // As of Nov 4 only two days counted.
        let earlier = plan_of(&sessions, DEFAULT, "2026-11-04");
        assert_eq!((earlier.target_minutes, earlier.days_toward_next), (5, 2));
    }

    #[test]
    fn a_user_stepping_up_each_week_completes_the_plan_and_stays() {
        let minutes: Vec<u64> = (0..5)
            .flat_map(|week| [5 + week, 5 + week, 5 + week, 0, 0, 0, 0])
            .collect();
        let sessions = history("2026-09-07", &minutes);
        let plan = plan_of(&sessions, DEFAULT, "2026-12-31");
        assert_eq!(plan.target_minutes, 10);
        assert!(plan.complete);
        let targets: Vec<u32> = plan.history.iter().map(|s| s.target_minutes).collect();
        assert_eq!(targets, vec![6, 7, 8, 9, 10]);
        assert_eq!(plan.history[4].date, date("2026-10-07"));
    }

    #[test]
    fn twice_a_day_counts_once_and_adds_up() {
        let sessions = vec![
            session(1, "2026-11-02T08:00:00+01:00", 3),
            session(2, "2026-11-02T18:00:00+01:00", 3),
            session(3, "2026-11-02T19:00:00+01:00", 9),
            session(4, "2026-11-03T08:00:00+01:00", 5),
        ];
        let plan = plan_of(&sessions, DEFAULT, "2026-11-03");
        assert_eq!((plan.target_minutes, plan.days_toward_next), (5, 2));
    }

    #[test]
    fn missed_weeks_never_lower_the_target() {
        let sessions = history("2026-10-01", &[6, 6, 6]);
        let plan = plan_of(&sessions, DEFAULT, "2026-12-31");
        assert_eq!((plan.target_minutes, plan.days_toward_next), (6, 0));
    }

    #[test]
    fn an_edit_or_delete_of_a_past_day_rederives_the_plan() {
        let mut sessions = history("2026-11-02", &[5, 5, 5]);
        assert_eq!(plan_of(&sessions, DEFAULT, "2026-11-30").target_minutes, 6);
        sessions.remove(1);
        assert_eq!(plan_of(&sessions, DEFAULT, "2026-11-30").days_toward_next, 2);
        sessions[0].duration_seconds = WalkDuration::from_seconds(60).unwrap();
        assert_eq!(plan_of(&sessions, DEFAULT, "2026-11-30").days_toward_next, 1);
    }

    #[test]
    fn a_narrowed_or_widened_range_rederives_the_plan() {
        let sessions = history("2026-11-02", &[8, 8, 8, 8, 8, 8]);
        let narrow = plan_of(&sessions, Range { min: 7, max: 8 }, "2026-11-30");
        assert_eq!((narrow.target_minutes, narrow.complete), (8, true));
        let wide = plan_of(&sessions, Range { min: 3, max: 20 }, "2026-11-30");
        assert_eq!((wide.target_minutes, wide.complete), (5, false));
        let fixed = plan_of(&sessions, Range { min: 6, max: 6 }, "2026-11-30");
        assert!(fixed.complete && fixed.history.is_empty());
    }

    #[test]
    fn streaks_end_today_or_yesterday() {
        let sessions = history("2026-11-01", &[5, 5, 0, 5, 5, 5, 0]);
        let d = Days::from_sessions(&sessions, &clock());
        assert_eq!(
            streaks(&d, date("2026-11-06")),
            Streaks {
                current: 3,
                longest: 3
            }
        );
        assert_eq!(
            streaks(&d, date("2026-11-07")),
            Streaks {
                current: 3,
                longest: 3
            }
        );
        assert_eq!(
            streaks(&d, date("2026-11-08")),
            Streaks {
                current: 0,
                longest: 3
            }
        );
        assert_eq!(
            streaks(&d, date("2026-11-02")),
            Streaks {
                current: 2,
                longest: 2
            }
        );
        assert_eq!(
            streaks(&Days::default(), date("2026-11-02")),
            Streaks {
                current: 0,
                longest: 0
            }
        );
    }

    #[test]
    fn sessions_belong_to_the_local_day_they_started() {
        // 23:50 local on Nov 20 is already Nov 20 22:50 UTC; 00:10 local is Nov 20 23:10 UTC.
        let sessions = vec![
            session(1, "2026-11-20T22:50:00Z", 30),
            session(2, "2026-11-20T23:10:00Z", 5),
        ];
        let d = Days::from_sessions(&sessions, &clock());
        assert_eq!(d.get(date("2026-11-20")).seconds, 1800);
        assert_eq!(d.get(date("2026-11-21")).seconds, 300);
    }

    #[test]
    fn calorie_estimates_use_the_compendium_mets() {
        let mut walk = session(1, "2026-11-20T08:00:00+01:00", 30);
        assert!((kcal_estimate(&walk, 70.0) - 210.0).abs() < 1e-9);
        walk.incline_percent = Some(5.0);
        assert!((kcal_estimate(&walk, 70.0) - 280.0).abs() < 1e-9);
        walk.incline_percent = Some(4.9);
        assert!((kcal_estimate(&walk, 70.0) - 210.0).abs() < 1e-9);
    }
}
