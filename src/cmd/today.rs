//! `today`: the day against its targets.

use anyhow::Result;
use chrono::NaiveDate;

use super::{Context, Read, print};
use crate::cli::TodayArgs;
use crate::render::json::{DayReport, DayView};
use crate::render::text::day_screen;
use crate::rhythm::DayRhythm;
use crate::summary::DayRow;

pub fn run(args: &TodayArgs, ctx: &Context) -> Result<()> {
    let date = ctx.day(args.date.as_deref())?;
    let read = ctx.read_day(date)?;
    let day = day_report(&read, date, ctx);
    print(ctx.render(&DayView::new(&day), || day_screen(&day, ctx.clock, &ctx.style))?)
}

/// The day `date` of a read as of that day.
pub fn day_report<'a>(read: &'a Read, date: NaiveDate, ctx: &Context) -> DayReport<'a> {
    let summary = &read.summary;
    DayReport {
        row: DayRow::of(summary, date),
        goals: summary.goals_on(date),
        goals_history: &summary.goals,
        sessions: &read.sessions,
        streaks: summary.streaks,
        plan: &summary.plan,
        rhythm: DayRhythm::of(summary, date),
        timer: read.head.timer.as_ref().filter(|_| date == ctx.clock.today()),
        now: ctx.clock.now(),
    }
}
