//! `week` and `report`.

use anyhow::Result;
use chrono::Duration;

use super::{Context, print};
use crate::cli::{ReportArgs, WeekArgs};
use crate::error::Invalid;
use crate::parse;
use crate::plan::Days;
use crate::render::text::{report_table, week_screen};
use crate::render::views::{ReportView, WeekView};
use crate::summary::{between, monday_of, report as report_rows, week as week_summary};

pub fn week(args: &WeekArgs, ctx: &Context) -> Result<()> {
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
    // Streaks and the plan as of the week's last day not in the future.
    let snapshot = ctx.store.snapshot(Some((monday, sunday)), sunday.min(today))?;
    let settings = &snapshot.settings;
    let week = week_summary(&snapshot.days, &snapshot.sessions, &ctx.clock, monday, settings);
    let (streaks, plan) = (snapshot.streaks, &snapshot.plan);
    print(ctx.render(&WeekView::new(&week, settings, streaks, plan), || {
        week_screen(&week, settings, streaks, plan, &ctx.clock, &ctx.style)
    })?)
}

pub fn report(args: &ReportArgs, ctx: &Context) -> Result<()> {
    ctx.refuse_csv_with_json(args.csv)?;
    let clock = &ctx.clock;
    let this_monday = monday_of(clock.today());
    let since = args
        .from
        .as_deref()
        .map(|t| ctx.when(t))
        .transpose()?
        .map(|w| parse::since(w, clock));
    let until = args
        .to
        .as_deref()
        .map(|t| ctx.when(t))
        .transpose()?
        .map(|w| parse::until(w, clock));
    let first = since.map_or(this_monday - Duration::weeks(3), |t| clock.date_of(&t));
    let last = until.map_or(this_monday + Duration::days(6), |t| {
        clock.date_of(&(t - Duration::seconds(1)))
    });
    if first > last {
        let to = if args.to.is_some() {
            "--to"
        } else {
            "the end of this week"
        };
        return Err(Invalid::new(format!("--from ({first}) is after {to} ({last})")).into());
    }
    let doc = ctx.store.load()?;
    let since = since.unwrap_or_else(|| clock.start_of_day(first));
    let until = until.or_else(|| last.succ_opt().map(|d| clock.start_of_day(d)));
    let days = Days::from_sessions(between(&doc.sessions, Some(since), until), clock);
    let rows = report_rows(&days, first, last, args.by, &doc.settings);
    let view = ReportView::new(&rows, first, last, args.by, &doc.settings);
    if args.csv {
        return print(crate::render::csv::report(&view)?);
    }
    print(ctx.render(&view, || report_table(&rows, &ctx.style))?)
}
