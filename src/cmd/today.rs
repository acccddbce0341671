//! `today`: the day against its targets.

use anyhow::Result;

use super::{Context, print};
use crate::cli::TodayArgs;
use crate::render::json::TodayView;
use crate::render::text::day_screen;
use crate::render::view::DayOverview;

pub fn run(args: &TodayArgs, ctx: &Context) -> Result<()> {
    let date = ctx.day(args.date.as_deref())?;
    let read = ctx.read_day(date)?;
    // The running timer belongs to today only.
    let timer = read.head.timer.as_ref().filter(|_| date == ctx.clock.today());
    let day = DayOverview::new(&read.summary, &read.sessions, date, timer, ctx.clock.now());
    print(ctx.render(&TodayView::new(&day), || day_screen(&day, ctx.clock, &ctx.style))?)
}
