//! `week`: the weekly summary.

use anyhow::Result;
use chrono::Duration;

use super::{Invocation, print};
use crate::cli::WeekArgs;
use crate::error::Invalid;
use crate::parse;
use crate::render::json::WeekView;
use crate::render::text::week_screen;
use crate::summary::{monday_of, week};

pub fn run(args: &WeekArgs, ctx: &Invocation) -> Result<()> {
    let today = ctx.clock.today();
    let monday = match &args.week {
        Some(text) => {
            let monday = parse::iso_week(text).map_err(Invalid::new)?;
            if monday > today {
                return Err(Invalid::new(format!("{text} is in the future (today is {today})")).into());
            }
            monday
        }
        None => monday_of(ctx.day(args.date.as_deref())?),
    };
    let sunday = monday + Duration::days(6);
    // Streaks and the plan as of the week's last day not in the future;
    // the totals of the week and the one before.
    let read = ctx.read(
        sunday.min(today),
        Some((monday - Duration::days(7), sunday)),
        Some((monday, sunday)),
    )?;
    let summary = &read.summary;
    let week = week(summary, &read.sessions, |s| ctx.clock.date_of(&s.start), monday);
    print(ctx.render(&WeekView::new(&week, summary.streaks), || {
        week_screen(
            &week,
            &summary.goals,
            summary.streaks,
            &summary.plan,
            ctx.clock,
            ctx.style,
        )
    })?)
}
