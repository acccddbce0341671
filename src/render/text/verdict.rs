//! How a day reads against its targets: `7m30s of 7m ✓`, `310 of
//! 200–400 steps ✓` and the cautions. The domain's `Verdict` decides;
//! these only word it, for every screen that shows a day.

use super::{day_steps, day_time, range_text};
use crate::model::GoalEntry;
use crate::parse::format_duration;
use crate::plan::{PAIN_HOLD_ABOVE, Standing, Verdict};
use crate::render::Style;
use crate::summary::JudgedDay;

/// `7m30s of 7m ✓`: the day's minutes against its target, `▲` above
/// the range.
pub(super) fn minutes_verdict(row: &JudgedDay, style: Style) -> String {
    format!(
        "{} of {} {}",
        day_time(row.day.seconds),
        format_duration(u64::from(row.verdict.target_minutes) * 60),
        style.verdict_mark(row.verdict.minutes_standing())
    )
}

/// `310 of 200–400 steps ✓` (`with_range` false: `310 steps ✓`); `None`
/// without a steps goal.
pub(super) fn steps_verdict(
    row: &JudgedDay,
    goals: &GoalEntry,
    with_range: bool,
    style: Style,
) -> Option<String> {
    let range = goals.steps?;
    if row.day.sessions > 0 && row.day.steps.is_none() {
        return Some("steps not recorded".to_string());
    }
    let of = if with_range {
        format!(" of {}", range_text(range, style))
    } else {
        String::new()
    };
    let steps = day_steps(row.day.steps, style);
    Some(match row.verdict.steps_standing() {
        Standing::NotCounted => format!("{steps}{of} steps"),
        standing => format!("{steps}{of} steps {}", style.verdict_mark(standing)),
    })
}

/// The above-the-range caution, saying whose range it is: the articles'
/// (`above the 5–10 minute range the articles give; they advise building
/// up gradually`) or the person's own (`above your 4–6 minute range;
/// build up gradually`).
fn above_caution(verdict: &Verdict, style: Style) -> Option<String> {
    let ranges = [
        verdict.minutes_above.map(|a| (a, "minute")),
        verdict.steps_above.map(|a| (a, "step")),
    ];
    let named = |articles: bool| -> Vec<String> {
        ranges
            .iter()
            .flatten()
            .filter(|(above, _)| above.articles == articles)
            .map(|(above, unit)| format!("{} {unit}", range_text(above.range, style)))
            .collect()
    };
    let ranges = |names: &[String]| match names {
        [one] => format!("{one} range"),
        many => format!("{} ranges", many.join(" and ")),
    };
    let (theirs, yours) = (named(true), named(false));
    Some(match (theirs.is_empty(), yours.is_empty()) {
        (true, true) => return None,
        (false, true) => format!(
            "above the {} the articles give; they advise building up gradually",
            ranges(&theirs)
        ),
        (true, false) => format!("above your {}; build up gradually", ranges(&yours)),
        (false, false) => format!(
            "above the {} the articles give and your {}; build up gradually",
            ranges(&theirs),
            ranges(&yours)
        ),
    })
}

/// The pain caution (`Verdict::pain_caution`).
fn pain_caution(verdict: &Verdict) -> Option<String> {
    verdict.pain_caution.then(|| {
        format!(
            "pain above {PAIN_HOLD_ABOVE}: the day does not count toward a step up; hold at {} \
             minutes a day, and speak to a health professional if it persists",
            verdict.target_minutes
        )
    })
}

/// Every caution a day has, pain first.
pub(super) fn cautions(verdict: &Verdict, style: Style) -> Vec<String> {
    [pain_caution(verdict), above_caution(verdict, style)]
        .into_iter()
        .flatten()
        .collect()
}
