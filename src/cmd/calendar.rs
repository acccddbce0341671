//! `calendar`: months of walks at a glance, in the terminal or as SVG.

use anyhow::Result;
use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::Serialize;
use serde_json::json;

use super::{Context, print};
use crate::cli::CalendarArgs;
use crate::error::Invalid;
use crate::render::calendar::calendar_text;
use crate::render::svg::calendar_svg;
use crate::summary::calendar::{Calendar, MarkedDay};
use crate::summary::monday_of;

/// What `calendar --json` prints.
#[derive(Serialize)]
struct CalendarView<'a> {
    from: NaiveDate,
    to: NaiveDate,
    days: &'a [MarkedDay],
}

pub fn run(args: &CalendarArgs, ctx: &Context) -> Result<()> {
    let today = ctx.clock.today();
    let (from, to) = match (args.year, args.months) {
        (Some(year), _) if year > today.year() => {
            return Err(Invalid::new(format!("{year} is in the future (today is {today})")).into());
        }
        (Some(year), _) => (
            NaiveDate::from_ymd_opt(year, 1, 1).expect("years 1-9999"),
            NaiveDate::from_ymd_opt(year, 12, 31).expect("years 1-9999"),
        ),
        (None, Some(months)) => {
            let first = today.with_day(1).expect("every month has a 1st");
            let from = first
                .checked_sub_months(Months::new(months - 1))
                .unwrap_or(NaiveDate::MIN);
            (from, today)
        }
        (None, None) => {
            let monday = monday_of(today);
            (monday - Duration::weeks(52), monday + Duration::days(6))
        }
    };
    let from = from.max(NaiveDate::from_ymd_opt(1, 1, 1).expect("year 1"));
    let read = ctx.read(today.min(to), Some((from, to)), None)?;
    let mut cal = Calendar::of(&read.summary, from, to);
    cal.today = today;
    if let Some(path) = &args.svg {
        ctx.store
            .write_output(path, calendar_svg(&cal).as_bytes(), args.force)?;
        let shown = cal.days.iter().filter(|d| d.date <= today).count();
        return print(ctx.render(
            &json!({ "written": path, "from": from, "to": to, "days": shown }),
            || {
                format!(
                    "Wrote the calendar from {from} to {to} to {} (open it in a web browser)\n",
                    path.display()
                )
            },
        )?);
    }
    let shown: Vec<MarkedDay> = cal.days.iter().filter(|d| d.date <= today).cloned().collect();
    print(ctx.render(
        &CalendarView {
            from,
            to: to.min(today).max(from),
            days: &shown,
        },
        || calendar_text(&cal, &ctx.style),
    )?)
}
