//! `today`: the day against its targets.

use anyhow::Result;

use super::{Invocation, print};
use crate::cli::TodayArgs;
use crate::render::json::TodayView;
use crate::render::text::day_screen;

pub fn run(args: &TodayArgs, ctx: &Invocation) -> Result<()> {
    let date = ctx.day(args.date.as_deref())?;
    let read = ctx.read_day(date)?;
    let day = ctx.day_report(&read, date);
    print(ctx.render(&TodayView::new(&day), || day_screen(&day, ctx.clock, ctx.style))?)
}
