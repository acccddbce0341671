//! What a hover over a day of the SVG calendar says: its figures, its
//! outcome and its marks in words.

use crate::days::{PAIN_HOLD_ABOVE, pain_above_threshold};
use crate::parse::format_duration;
use crate::render::calendar::{STEP_UP_WORDS, outcome_words};
use crate::render::{count, plural};
use crate::summary::calendar::{DayOutcome, MarkedDay};

fn minutes_text(minutes: f64) -> String {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a day's seconds: walks of at most 24 hours each, never negative"
    )]
    let seconds = (minutes * 60.0).round() as u64;
    format_duration(seconds)
}

/// What a hover over a day says, e.g.
/// `2026-11-21 Sat · 1 walk · 12m30s (target 8m) · 310 steps · pain 3 ·
/// on target · above the range`.
pub(super) fn day_title(day: &MarkedDay) -> String {
    let date = day.date.format("%Y-%m-%d %a");
    if day.outcome == DayOutcome::NoWalk && day.sessions == 0 {
        return format!("{date} · {}", outcome_words(DayOutcome::NoWalk));
    }
    let mut parts = vec![date.to_string(), plural(u64::from(day.sessions), "walk", "walks")];
    let minutes = minutes_text(day.minutes);
    parts.push(if day.target_minutes > 0 {
        format!(
            "{minutes} (target {})",
            format_duration(u64::from(day.target_minutes) * 60)
        )
    } else {
        minutes
    });
    parts.push(day.steps.map_or_else(
        || "steps not recorded".to_string(),
        |s| format!("{} steps", count(s)),
    ));
    for (label, pain) in [("pain", day.pain_max), ("next morning pain", day.morning_pain)] {
        if let Some(pain) = pain {
            parts.push(if pain_above_threshold(Some(pain), None) {
                format!("{label} {pain} (above {PAIN_HOLD_ABOVE})")
            } else {
                format!("{label} {pain}")
            });
        }
    }
    let outcome = outcome_words(day.outcome);
    parts.push(if day.outcome == DayOutcome::AboveRange {
        // A caution, on a day on target or not.
        let target = if day.on_target {
            DayOutcome::OnTarget
        } else {
            DayOutcome::BelowTarget
        };
        format!("{} · {outcome}", outcome_words(target))
    } else {
        outcome.to_string()
    });
    if let Some(from) = day.new_target_from {
        parts.push(format!(
            "{STEP_UP_WORDS}: the new target applies from {}",
            from.format("%a %-d %b")
        ));
    }
    parts.join(" · ")
}
