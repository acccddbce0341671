//! When a walk looks unusual enough to ask before logging it: one rule
//! for `log`, `stop`, `timer`, `edit` and `import`.

use crate::model::GoalEntry;
use crate::parse::format_duration;

/// The most steps a minute that still look like walking.
pub const MAX_STEPS_PER_MINUTE: f64 = 200.0;

/// Why a walk looks unusual with the targets in force on its day: longer
/// than 3 × the high end of the minutes range, or over 200 steps a
/// minute.
pub fn unusual(duration_seconds: u64, steps: Option<u32>, goals: &GoalEntry) -> Option<String> {
    let limit = goals.plausible_seconds();
    if duration_seconds > limit {
        return Some(format!(
            "{} is longer than 3 × the {}-minute high end of the range ({})",
            format_duration(duration_seconds),
            goals.minutes.max,
            format_duration(limit)
        ));
    }
    let steps = steps?;
    let per_minute = f64::from(steps) * 60.0 / duration_seconds as f64;
    (per_minute > MAX_STEPS_PER_MINUTE).then(|| {
        format!(
            "{steps} steps in {} is {} steps a minute, more than {MAX_STEPS_PER_MINUTE:.0}",
            format_duration(duration_seconds),
            above(per_minute, MAX_STEPS_PER_MINUTE)
        )
    })
}

/// `value` (above `limit`) with as few decimals as show it above: `2143`,
/// `200.2`, never a rounded `200` that contradicts "more than 200".
fn above(value: f64, limit: f64) -> String {
    (0..=3)
        .map(|decimals| format!("{value:.decimals$}"))
        .find(|text| text.parse::<f64>().is_ok_and(|shown| shown > limit))
        .unwrap_or_else(|| format!("{value:.3}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Range;

    #[test]
    fn unusual_walks_are_too_long_or_too_fast() {
        let goals = GoalEntry::default();
        assert_eq!(unusual(30 * 60, Some(6000), &goals), None);
        let long = unusual(30 * 60 + 1, None, &goals).unwrap();
        assert!(long.contains("30m01s") && long.contains("10-minute"), "{long}");
        let fast = unusual(7, Some(250), &goals).unwrap();
        assert!(fast.contains("2143 steps a minute"), "{fast}");
        // Never rounded down to the limit it is said to exceed.
        let just = unusual(300, Some(1001), &goals).unwrap();
        assert_eq!(just, "1001 steps in 5m is 200.2 steps a minute, more than 200");
        let wide = GoalEntry {
            minutes: Range { min: 5, max: 60 },
            ..GoalEntry::default()
        };
        assert_eq!(unusual(3 * 3600, None, &wide), None);
    }
}
