//! How the weekly rhythm reads on the screens: `2 of 3 walk days`,
//! `streak 4 weeks`, `rest day`, and `due`'s one line.

use super::{Style, plural};
use crate::days::{PAIN_HOLD_ABOVE, pain_above_threshold};
use crate::parse::format_duration;
use crate::rhythm::{DayRhythm, EVERY_DAY, WeekDays};
use crate::summary::JudgedDay;

/// `3 walk days a week`, or `every day`.
pub fn days_text(days_per_week: u8) -> String {
    if days_per_week >= EVERY_DAY {
        "every day".into()
    } else {
        format!("{} a week", plural(days_per_week.into(), "walk day", "walk days"))
    }
}

/// `2 of 3 walk days`.
pub fn week_days_text(week_days: WeekDays) -> String {
    format!(
        "{} of {}",
        week_days.done,
        plural(week_days.goal.into(), "walk day", "walk days")
    )
}

/// `4 weeks`.
pub fn weeks_text(weeks: u32) -> String {
    plural(weeks.into(), "week", "weeks")
}

/// `due`'s line: `walk today: 7m to go`.
pub fn due_line(rhythm: &DayRhythm) -> String {
    format!("walk today: {} to go\n", format_duration(rhythm.seconds_to_go))
}

/// `today`'s streak line (in weeks with a weekly rhythm, else `daily`)
/// and, with a weekly rhythm, the week's walk days.
pub fn streak_lines(rhythm: &DayRhythm, daily: &str) -> String {
    match rhythm.streak_weeks {
        Some(weeks) => format!(
            "  streak  {}\n  week    {}\n",
            weeks_text(weeks),
            week_days_text(rhythm.week_days)
        ),
        None => format!("  streak  {daily}\n"),
    }
}

/// What `today` advises on a rest day.
pub fn rest_line(rhythm: &DayRhythm) -> String {
    let WeekDays { done, goal } = rhythm.week_days;
    format!(
        "A rest day: {done} of {} this week so far; `backwalk due` says when the next walk is due.",
        plural(goal.into(), "walk day", "walk days")
    )
}

/// `today`'s next-morning line: `pain 6 of 10 the next morning (above
/// 5: the day does not count toward a step up)`.
pub fn morning_text(pain: u8) -> String {
    if pain_above_threshold(None, Some(pain)) {
        format!(
            "pain {pain} of 10 the next morning (above {PAIN_HOLD_ABOVE}: the day does not count toward a step up)"
        )
    } else {
        format!("pain {pain} of 10 the next morning")
    }
}

/// `week`'s line of its days' next-morning pains: `Mon 3 · Wed 6 (above 5)`.
pub fn week_mornings(days: &[JudgedDay], style: Style) -> Option<String> {
    let mornings: Vec<String> = days
        .iter()
        .filter_map(|row| {
            let pain = row.day.morning_pain?;
            let above = if pain_above_threshold(None, Some(pain)) {
                format!(" (above {PAIN_HOLD_ABOVE})")
            } else {
                String::new()
            };
            Some(format!("{} {pain}{above}", row.day.date.format("%a")))
        })
        .collect();
    (!mornings.is_empty()).then(|| {
        format!(
            "pain the next morning: {}",
            mornings.join(&format!(" {} ", style.dot()))
        )
    })
}

/// `status --format`'s `{week_days}`: `2/3`.
pub fn week_days_short(week_days: WeekDays) -> String {
    format!("{}/{}", week_days.done, week_days.goal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rhythm_words() {
        assert_eq!(days_text(3), "3 walk days a week");
        assert_eq!(days_text(1), "1 walk day a week");
        assert_eq!(days_text(7), "every day");
        assert_eq!(week_days_text(WeekDays { done: 2, goal: 3 }), "2 of 3 walk days");
        assert_eq!(weeks_text(1), "1 week");
        assert_eq!(week_days_short(WeekDays { done: 5, goal: 7 }), "5/7");
    }
}
