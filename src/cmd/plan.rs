//! `plan`, `goals` and `tips`.

use anyhow::Result;
use serde_json::json;

use super::{Context, print, to_json};
use crate::cli::GoalsArgs;
use crate::model::Change;
use crate::plan::TIPS;
use crate::render::Style;
use crate::render::text::{goals_text, plan_screen, tips_text};
use crate::render::views::{GoalsView, PlanView};

pub fn plan(ctx: &Context) -> Result<()> {
    let today = ctx.clock.today();
    let plan = ctx.store.snapshot(None, today)?.plan;
    print(ctx.render(&PlanView::new(&plan), || plan_screen(&plan, today, &ctx.style))?)
}

pub fn goals(args: &GoalsArgs, ctx: &Context) -> Result<()> {
    let changes =
        args.minutes.is_some() || args.steps.is_some() || args.weight.is_some() || args.clear_weight;
    let (settings, verb) = if changes {
        let settings = ctx.store.update(|doc| {
            let before = doc.settings.clone();
            let settings = &mut doc.settings;
            settings.minutes = args.minutes.unwrap_or(settings.minutes);
            settings.steps = args.steps.unwrap_or(settings.steps);
            if args.clear_weight {
                settings.weight_kg = None;
            }
            settings.weight_kg = args.weight.or(settings.weight_kg);
            let after = settings.clone();
            doc.record("goals".into(), Change::Goals { before });
            Ok(after)
        })?;
        (settings, "Targets set")
    } else {
        (ctx.store.load()?.settings, "Targets")
    };
    print(ctx.render(&GoalsView::new(&settings), || {
        format!("{verb}\n{}", goals_text(&settings, &ctx.style))
    })?)
}

pub fn tips(json: bool, style: &Style) -> Result<()> {
    if json {
        print(to_json(&json!({ "tips": TIPS }))?)
    } else {
        print(tips_text(style))
    }
}
