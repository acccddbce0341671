//! `report`: totals per period over any range.

use anyhow::Result;
use chrono::Duration;

use super::{Invocation, print};
use crate::cli::ReportArgs;
use crate::error::Invalid;
use crate::render::json::ReportView;
use crate::render::text::report_table;
use crate::summary::{Period, monday_of, report};

pub fn run(args: &ReportArgs, ctx: &Invocation) -> Result<()> {
    ctx.refuse_csv_with_json(args.csv)?;
    let clock = ctx.clock;
    let this_monday = monday_of(clock.today());
    let since = ctx.since(args.from.as_deref())?;
    let until = ctx.until(args.to.as_deref())?;
    // The printable report looks further back: 8 weeks, this one included.
    let weeks_back = if args.html.is_some() { 7 } else { 3 };
    let first = since.map_or(this_monday - Duration::weeks(weeks_back), |t| clock.date_of(&t));
    // Without --to: the end of this week for the default range, today
    // after a --from (`--from 7d` is the last 7 days).
    let default_last = if since.is_some() {
        clock.today()
    } else {
        this_monday + Duration::days(6)
    };
    let last = until.map_or(default_last, |t| clock.date_of(&(t - Duration::seconds(1))));
    if first > last {
        let to = if args.to.is_some() { "--to" } else { "today" };
        return Err(Invalid::new(format!("--from ({first}) is after {to} ({last})")).into());
    }
    // Days on target need the plan's target on each day, so the plan is
    // folded through the last day of the range.
    if let Some(path) = &args.html {
        return super::report_html::run(ctx, path, args.force, first, last);
    }
    let read = ctx.read(last, Some((first, last)), None)?;
    let by = Period::from(args.by);
    let rows = report(&read.summary, first, last, by);
    let view = ReportView::new(&rows, first, last, by);
    if args.csv {
        return print(crate::render::csv::report(&view)?);
    }
    print(ctx.render(&view, || report_table(&rows, ctx.style))?)
}
