//! `plan`: the target, progress toward the next step, the changes of
//! target, the rule and the guidance; and the one-line summary of the
//! plan `today` and `week` show.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use super::{range_text, tips_text};
use crate::plan::{DAYS_PER_STEP, PAIN_HOLD_ABOVE, Plan, Reason, STEP_BY_STEP, TargetChange};
use crate::render::{Paint, Style, plural, wrap};

/// `7 minutes a day · 1 of 3 days toward 8 minutes`: the plan as of
/// `on`. A step up earned on `on` applies from the next day, which the
/// line names, since `on`'s own target is still the one before.
pub(super) fn plan_summary(plan: &Plan, on: NaiveDate, style: Style) -> String {
    let from = plan
        .history
        .last()
        .filter(|change| change.from > on)
        .map(|change| format!(" from {}", change.from.format("%a %-d %b")))
        .unwrap_or_default();
    if plan.complete {
        return format!(
            "{} minutes a day{from}: the starter plan is complete",
            plan.target_minutes
        );
    }
    format!(
        "{} minutes a day{from} {} {} of {DAYS_PER_STEP} days {}",
        plan.target_minutes,
        style.dot(),
        plan.days_toward_next,
        next_goal(plan)
    )
}

/// `toward 8 minutes`, or at the top of the range `toward completing
/// the plan`.
fn next_goal(plan: &Plan) -> String {
    if plan.target_minutes < plan.range.max {
        format!("toward {} minutes", plan.target_minutes + 1)
    } else {
        "toward completing the plan".to_string()
    }
}

/// `plan`: the target, progress, steps up, the rule, and the guidance.
pub fn plan_screen(plan: &Plan, today: NaiveDate, style: Style) -> String {
    let mut out = String::new();
    let range = range_text(plan.range, style);
    let heading = format!(
        "Starter plan: {} minutes a day (range {range} minutes)",
        plan.target_minutes
    );
    let _ = writeln!(out, "{}", style.paint(&heading, Paint::Bold));
    out.push_str(&progress_lines(plan, style));
    if plan.held_by_pain {
        let held = format!(
            "Held: a day that met the target had pain above {PAIN_HOLD_ABOVE}, so it did not count. \
             Hold at {} minutes a day, and speak to a health professional if the pain persists.",
            plan.target_minutes
        );
        let _ = writeln!(out, "{}", wrap(&held, "  ", "  "));
    }
    let _ = writeln!(out);
    out.push_str(&changes_section(plan, style));
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", style.paint("How the plan works", Paint::Bold));
    let _ = writeln!(out, "{}", wrap(&rule_text(plan, today), "  ", "  "));
    let _ = writeln!(out);
    out.push_str(&tips_text(style));
    out
}

/// Complete, or the bar of days toward the next step and what it takes.
fn progress_lines(plan: &Plan, style: Style) -> String {
    if plan.complete {
        let done = format!(
            "Complete: {} minutes, the high end of your range, met on {DAYS_PER_STEP} days. \
             Keep it up, or widen the range with `backwalk goals --minutes LOW-HIGH`.",
            plan.target_minutes
        );
        return format!("{}\n", wrap(&done, "  ", "  "));
    }
    let mut out = format!(
        "  {}  {} of {DAYS_PER_STEP} days {}\n",
        style.bar(plan.days_toward_next.into(), DAYS_PER_STEP.into(), 12, None),
        plan.days_toward_next,
        next_goal(plan)
    );
    let left = DAYS_PER_STEP - plan.days_toward_next;
    let then = if plan.target_minutes < plan.range.max {
        format!("to step up to {} minutes", plan.target_minutes + 1)
    } else {
        "to complete the plan".to_string()
    };
    let next = format!(
        "Next: walk {} minutes or more a day on {} {then}.",
        plan.target_minutes,
        plural(left.into(), "more day", "more days")
    );
    let _ = writeln!(out, "{}", wrap(&next, "  ", "  "));
    out
}

/// `Changes of target`, one line each, or where the plan starts.
fn changes_section(plan: &Plan, style: Style) -> String {
    let mut out = format!("{}\n", style.paint("Changes of target", Paint::Bold));
    if plan.history.is_empty() {
        let _ = writeln!(
            out,
            "  none yet: the plan starts at {} minutes",
            plan.target_on(NaiveDate::MIN)
        );
    }
    for change in &plan.history {
        let _ = writeln!(out, "{}", wrap(&change_text(change), "  ", "    "));
    }
    out
}

/// `8 minutes a day from Sat 21 Nov 2026, earned by 19, 20 and 21 Nov`.
fn change_text(change: &TargetChange) -> String {
    let why = match (change.reason, change.earned_by) {
        (Reason::StepUp, Some(days)) => format!(", earned by {}", dates_text(&days)),
        (Reason::StepUp, None) => ", a step up".to_string(),
        (Reason::Range, _) => ": the range changed".to_string(),
    };
    format!(
        "{} minutes a day from {}{why}",
        change.target_minutes,
        change.from.format("%a %-d %b %Y")
    )
}

/// The rule the plan follows, and where it comes from.
fn rule_text(plan: &Plan, today: NaiveDate) -> String {
    format!(
        "The article \"{STEP_BY_STEP}\" says to start with 5-10 minutes and increase the time \
         gradually. This rule is backwalk's own way of doing that: the target starts at the low end of \
         your range ({}) and rises by one minute each time you reach it on {DAYS_PER_STEP} \
         different days, up to the high end ({}); {DAYS_PER_STEP} days there complete the plan. \
         A day whose highest pain after its walks, or the next morning, is above {PAIN_HOLD_ABOVE} \
         out of 10 does not count (the threshold of a pain-monitoring model adapted from Silbernagel \
         et al. 2007, a model developed for Achilles tendinopathy). Missed days never lower the \
         target. It is worked out afresh from your history as of {today}, so edits and deletions count.",
        plan.range.min, plan.range.max
    )
}

/// `19, 20 and 21 Oct`, `30, 31 Oct and 1 Nov`: each month named after
/// its last day in the list.
fn dates_text(dates: &[NaiveDate]) -> String {
    let named: Vec<String> = dates
        .iter()
        .enumerate()
        .map(|(at, date)| match dates.get(at + 1) {
            Some(next) if (next.year(), next.month()) == (date.year(), date.month()) => {
                date.format("%-d").to_string()
            }
            _ => date.format("%-d %b").to_string(),
        })
        .collect();
    match named.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => named.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_name_each_month_once() {
        let d = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        assert_eq!(
            dates_text(&[d("2026-10-19"), d("2026-10-20"), d("2026-10-21")]),
            "19, 20 and 21 Oct"
        );
        assert_eq!(
            dates_text(&[d("2026-10-30"), d("2026-10-31"), d("2026-11-01")]),
            "30, 31 Oct and 1 Nov"
        );
        assert_eq!(dates_text(&[d("2026-10-30")]), "30 Oct");
    }
}
