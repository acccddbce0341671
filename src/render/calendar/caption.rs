//! The words around the calendar: its title and its summary line, for
//! the text and the SVG alike.

use chrono::NaiveDate;

use crate::days::PAIN_HOLD_ABOVE;
use crate::render::{count, plural};
use crate::summary::calendar::{Calendar, DayOutcome};

/// `Walks from 24 Nov 2025 to 25 Nov 2026`, with `as of` when the range
/// runs past today.
pub(crate) fn title(cal: &Calendar) -> String {
    let day = |d: NaiveDate| d.format("%-d %b %Y").to_string();
    let mut title = format!("Walks from {} to {}", day(cal.from), day(cal.to));
    if cal.to > cal.today && cal.today >= cal.from {
        title.push_str(", as of ");
        title.push_str(&day(cal.today));
    }
    title
}

/// An outcome in the words of the keys and the hover titles.
pub(crate) fn outcome_words(outcome: DayOutcome) -> &'static str {
    match outcome {
        DayOutcome::NoWalk => "no walk",
        DayOutcome::BelowTarget => "below target",
        DayOutcome::OnTarget => "on target",
        DayOutcome::AboveRange => "above the range",
    }
}

/// The step-up mark and the blank cell, as both keys say them.
pub(crate) const STEP_UP_WORDS: &str = "a step up earned";
pub(crate) const FUTURE_WORDS: &str = "blank: still to come";

/// The pain mark, as both keys and the summary say it.
pub(crate) fn pain_words() -> String {
    format!("pain above {PAIN_HOLD_ABOVE}")
}

/// The summary as separate phrases, for the caller to join and wrap:
/// `Walked on 12 of 52 days: 8 on target, 4 below target`, `2 above the
/// range`, … The counts are the model's (`Calendar::counts`).
pub(crate) fn summary_parts(cal: &Calendar) -> Vec<String> {
    let counts = cal.counts();
    vec![
        format!(
            "Walked on {} of {}: {} on target, {} below target",
            count(counts.walked),
            plural(counts.shown, "day", "days"),
            count(counts.on_target),
            count(counts.walked - counts.on_target)
        ),
        format!("{} above the range", count(counts.above_range)),
        plural(counts.step_ups, "step-up", "step-ups"),
        format!(
            "{} with {}",
            plural(counts.pain_above_threshold, "day", "days"),
            pain_words()
        ),
    ]
}

/// Joins `parts` with `sep` into lines no wider than `max` by `width`.
pub(crate) fn join_wrapped(
    parts: &[String],
    sep: &str,
    max: f64,
    width: &dyn Fn(&str) -> f64,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in parts {
        let longer = format!("{line}{sep}{part}");
        if line.is_empty() {
            line.clone_from(part);
        } else if width(&longer) <= max {
            line = longer;
        } else {
            lines.push(std::mem::replace(&mut line, part.clone()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
