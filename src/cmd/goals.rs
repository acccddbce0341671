//! `goals`: show or set the targets; a change applies from today on.

use anyhow::Result;

use super::{Invocation, print};
use crate::cli::GoalsArgs;
use crate::model::{GoalEntry, Goals, Op};
use crate::render::json::GoalsView;
use crate::render::text::goals_text;

pub fn run(args: &GoalsArgs, ctx: &Invocation) -> Result<()> {
    let today = ctx.clock.today();
    let changes = args.minutes.is_some()
        || args.steps.is_some()
        || args.days.is_some()
        || args.weight.is_some()
        || args.clear_weight;
    let (goals, verb): (Goals, &str) = if changes {
        let goals = ctx.store.update(|tx| {
            let before = tx.goals().clone();
            let now = before.in_force(today);
            let entry = GoalEntry {
                from: Some(today),
                minutes: args.minutes.unwrap_or(now.minutes),
                steps: args.steps.map_or(now.steps, |goal| goal.0),
                days_per_week: args.days.unwrap_or(now.days_per_week),
                weight_kg: if args.clear_weight {
                    None
                } else {
                    args.weight.or(now.weight_kg)
                },
                // What a newer backwalk added to the targets in force stays.
                extra: now.extra.clone(),
            };
            let mut goals = before.clone();
            goals.set(today, entry);
            tx.set_goals(goals.clone());
            tx.record("goals".into(), vec![Op::Goals { goals: before }]);
            Ok(goals)
        })?;
        (goals, "Targets from today on")
    } else {
        (ctx.store.load()?.goals, "Targets")
    };
    print(ctx.render(&GoalsView::new(&goals, today), || {
        format!("{verb}\n{}", goals_text(&goals, today, args.history, ctx.style))
    })?)
}
