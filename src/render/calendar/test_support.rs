//! Calendars to test with, for the text and the SVG.

use chrono::{Datelike, NaiveDate};

use crate::days::PAIN_HOLD_ABOVE;
use crate::summary::calendar::{Calendar, DayOutcome, MarkedDay};

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
}

/// A walked day in `state` with plausible figures.
pub fn walk(date: NaiveDate, state: DayOutcome, step_up: bool, pain_max: Option<u8>) -> MarkedDay {
    // 40 steps a minute.
    let (minutes, steps) = match state {
        DayOutcome::NoWalk => return MarkedDay::no_walk(date),
        DayOutcome::BelowTarget => (4.5, 180),
        DayOutcome::OnTarget => (8.0, 320),
        DayOutcome::AboveRange => (12.5, 500),
    };
    MarkedDay {
        date,
        sessions: 1,
        minutes,
        steps: Some(steps),
        outcome: state,
        on_target: state != DayOutcome::BelowTarget,
        step_up,
        new_target_from: step_up.then(|| date.succ_opt().expect("a test date")),
        pain_max,
        morning_pain: None,
        pain_caution: crate::days::pain_above_threshold(pain_max, None),
        target_minutes: 7,
    }
}

/// Every day from `from` to `to` seen on `today`, each made by `day`.
pub fn calendar(from: &str, to: &str, today: &str, day: impl Fn(NaiveDate) -> MarkedDay) -> Calendar {
    let (from, to) = (date(from), date(to));
    Calendar {
        from,
        to,
        today: date(today),
        days: from.iter_days().take_while(|d| *d <= to).map(day).collect(),
    }
}

/// A year as a person might walk it, for examples: the starter plan
/// from 5 to 10 minutes (a step up after 3 met days without pain above
/// 5), most days walked, some short, a few long, a flare of pain.
pub fn realistic(from: &str, to: &str, today: &str) -> Calendar {
    let mut cal = calendar(from, to, today, MarkedDay::no_walk);
    let today = cal.today;
    let (mut target, mut met_days) = (5u32, 0);
    for day in cal.days.iter_mut().take_while(|d| d.date <= today) {
        let d = day.date;
        let roll = i64::from(d.num_days_from_ce())
            .cast_unsigned()
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29)
            % 100;
        if roll < 18 {
            continue;
        }
        let minutes = match roll {
            18..=30 => f64::from(target) - 1.5,
            31..=35 => 12.0,
            _ => (f64::from(target) + (roll % 3) as f64 * 0.5).min(10.0),
        };
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "3.5 to 12 minutes: a few hundred steps"
        )]
        let steps = (minutes * 38.0) as u64;
        // A week of sore knees in spring.
        let flare = d.month() == 4 && (10..17).contains(&d.day());
        let pain_max = Some(if flare {
            6 + (roll % 3) as u8
        } else {
            (roll % 4) as u8
        });
        let met = minutes >= f64::from(target);
        let state = if minutes > 10.0 || steps > 400 {
            DayOutcome::AboveRange
        } else if met {
            DayOutcome::OnTarget
        } else {
            DayOutcome::BelowTarget
        };
        let counts = met && !flare && target < 10;
        met_days += usize::from(counts);
        let step_up = counts && met_days == 3;
        *day = MarkedDay {
            date: d,
            sessions: 1 + u32::from(roll.is_multiple_of(7)),
            minutes,
            steps: (!roll.is_multiple_of(5)).then_some(steps),
            outcome: state,
            on_target: met,
            step_up,
            new_target_from: step_up.then(|| d.succ_opt().expect("a test date")),
            pain_max,
            morning_pain: None,
            pain_caution: crate::days::pain_above_threshold(pain_max, None),
            target_minutes: target,
        };
        if step_up {
            target += 1;
            met_days = 0;
        }
    }
    cal
}

/// A varied day that depends on the date without a short period, so a
/// grid drawn one place off cannot look right: every state, a step-up
/// on some met days, pain above 5 on some others.
pub fn patterned(date: NaiveDate) -> MarkedDay {
    let n = i64::from(date.num_days_from_ce()).cast_unsigned();
    let hash = n.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    let state = match hash % 4 {
        0 => DayOutcome::NoWalk,
        1 => DayOutcome::BelowTarget,
        2 => DayOutcome::OnTarget,
        _ => DayOutcome::AboveRange,
    };
    let met = matches!(state, DayOutcome::OnTarget | DayOutcome::AboveRange);
    let step_up = met && (hash >> 8).is_multiple_of(9);
    let pain = (state != DayOutcome::NoWalk).then_some(((hash >> 16) % 11) as u8);
    let pain = if step_up {
        pain.map(|p| p.min(PAIN_HOLD_ABOVE))
    } else {
        pain
    };
    walk(date, state, step_up, pain)
}
