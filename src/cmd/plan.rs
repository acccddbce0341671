//! `plan`: the starter plan and the guidance.

use anyhow::Result;

use super::{Invocation, print};
use crate::render::text::plan_screen;

pub fn run(ctx: &Invocation) -> Result<()> {
    let today = ctx.clock.today();
    let read = ctx.read(today, None, None)?;
    let plan = &read.summary.plan;
    print(ctx.render(plan, || plan_screen(plan, today, ctx.style))?)
}
