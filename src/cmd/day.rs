//! `today` and `status`: the day against the targets.

use anyhow::Result;

use super::{Context, print};
use crate::cli::TodayArgs;
use crate::plan::day_report;
use crate::render::text::{day_screen, status_line};
use crate::render::views::DayView;

pub fn today(args: &TodayArgs, ctx: &Context) -> Result<()> {
    let date = ctx.day(args.date.as_deref())?;
    let snapshot = ctx.store.snapshot(Some((date, date)), date)?;
    let day = day_report(&snapshot, &ctx.clock);
    print(ctx.render(&DayView::new(&day, ctx.clock.now()), || {
        day_screen(&day, &ctx.clock, &ctx.style)
    })?)
}

pub fn status(ctx: &Context) -> Result<()> {
    let today = ctx.clock.today();
    let snapshot = ctx.store.snapshot(Some((today, today)), today)?;
    let day = day_report(&snapshot, &ctx.clock);
    print(ctx.render(&DayView::new(&day, ctx.clock.now()), || {
        format!("{}\n", status_line(&day, &ctx.clock, &ctx.style))
    })?)
}
