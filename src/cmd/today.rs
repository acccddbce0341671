//! `today`: the day against its targets.

use anyhow::Result;
use chrono::NaiveDate;

use super::{Context, Read, print};
use crate::cli::TodayArgs;
use crate::render::json::TodayView;
use crate::render::text::day_screen;
use crate::render::view::DayOverview;

pub fn run(args: &TodayArgs, ctx: &Context) -> Result<()> {
    let date = ctx.day(args.date.as_deref())?;
    let read = ctx.read_day(date)?;
    let day = day_report(&read, date, ctx);
    print(ctx.render(&TodayView::new(&day), || day_screen(&day, ctx.clock, &ctx.style))?)
}

/// The day `date` of a read as of that day.
pub fn day_report<'a>(read: &'a Read, date: NaiveDate, ctx: &Context) -> DayOverview<'a> {
    let timer = read.head.timer.as_ref().filter(|_| date == ctx.clock.today());
    DayOverview::new(&read.summary, &read.sessions, date, timer, ctx.clock.now())
}
