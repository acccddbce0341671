use chrono::Duration;

use super::*;
use crate::days::{DayFold, Span};
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
    let on =
        |offset: i64, minutes: u64, pain: Option<u8>| walked(first + Duration::days(offset), minutes, pain);
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
