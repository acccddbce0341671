//! `status`: one line for prompts and status bars.

use anyhow::Result;

use super::today::day_report;
use super::{Context, print};
use crate::render::json::DayView;
use crate::render::text::status_line;

pub fn run(ctx: &Context) -> Result<()> {
    let today = ctx.clock.today();
    let read = ctx.read_day(today)?;
    let day = day_report(&read, today, ctx);
    print(ctx.render(&DayView::new(&day), || {
        format!("{}\n", status_line(&day, ctx.clock, &ctx.style))
    })?)
}
