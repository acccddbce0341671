//! The values `status --format` fills its keys with, written as the
//! screens write them and without colour (a status bar paints its own).

use super::text::range_text;
use super::view::DayOverview;
use super::{Style, count, plural, rhythm};
use crate::parse::format_duration;

/// The value of a template key (one of `template::KEYS`) on a day.
pub fn format_value(day: &DayOverview, key: &str, style: Style) -> String {
    let style = Style {
        color: false,
        ..style
    };
    let row = &day.row;
    match key {
        "minutes" => format_duration(row.day.seconds),
        "target" => format_duration(u64::from(row.verdict.target_minutes) * 60),
        "steps" => row.day.steps.map(count).unwrap_or_default(),
        "steps_target" => day
            .goals
            .steps
            .map(|range| range_text(range, style))
            .unwrap_or_default(),
        "streak" => match day.rhythm.streak_weeks {
            Some(weeks) => rhythm::weeks_text(weeks),
            None => plural(day.streaks.current.into(), "day", "days"),
        },
        "timer" => day
            .timer
            .map(|timer| format_duration(day.timer_elapsed(timer)))
            .unwrap_or_default(),
        "mark" => style.verdict_mark(row.verdict.day_standing()),
        "week_days" => rhythm::week_days_short(day.rhythm.week_days),
        _ => String::new(),
    }
}
