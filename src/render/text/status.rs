//! `status`: one line for prompts and status bars, never over 80 columns.

use std::fmt::Write;

use super::verdict::{minutes_verdict, steps_verdict};
use crate::parse::format_elapsed;
use crate::render::view::DayOverview;
use crate::render::{Paint, Style, WIDTH, cut, rhythm, width};

/// `status`: one line for prompts and status bars, never over 80
/// columns: the less important parts go first when it would be.
pub fn status_line(day: &DayOverview, style: Style) -> String {
    let timer = timer_part(day, style);
    let streak = streak_part(day, style);
    let row = &day.row;
    let pain = if row.verdict.pain_caution {
        format!(" {} pain!", style.dot())
    } else {
        String::new()
    };
    // Longest first; the less important parts go when it would not fit.
    let steps = |with_range| {
        steps_verdict(row, day.goals, with_range, style)
            .map(|steps| format!(" {} {steps}", style.dot()))
            .unwrap_or_default()
    };
    let today = format!("today {}", minutes_verdict(row, style));
    let candidates = [
        format!("{timer}{today}{}{pain}{streak}", steps(true)),
        format!("{timer}{today}{}{pain}{streak}", steps(false)),
        format!("{timer}{today}{pain}{streak}"),
    ];
    let fits = candidates.iter().find(|line| width(line) <= WIDTH);
    cut(fits.unwrap_or(&candidates[2]), WIDTH, style)
}

/// `timer 4m grass · `, or nothing without a running timer.
fn timer_part(day: &DayOverview, style: Style) -> String {
    let mut timer = String::new();
    if let Some(t) = day.timer {
        let _ = write!(
            timer,
            "{} {} {}",
            style.paint("timer", Paint::Accent),
            format_elapsed(day.timer_elapsed(t)),
            t.surface
        );
        if day.timer_forgotten(t) {
            timer.push_str(" forgotten?");
        }
        let _ = write!(timer, " {} ", style.dot());
    }
    timer
}

/// ` · 2 of 3 walk days · streak 4 weeks`, or ` · streak 5` by days.
fn streak_part(day: &DayOverview, style: Style) -> String {
    match day.rhythm.streak_weeks {
        Some(weeks) => format!(
            " {dot} {}{} {dot} streak {}",
            if day.rhythm.rest_day { "rest day, " } else { "" },
            rhythm::week_days_text(day.rhythm.week_days),
            rhythm::weeks_text(weeks),
            dot = style.dot()
        ),
        None => format!(" {} streak {}", style.dot(), day.streaks.current),
    }
}
