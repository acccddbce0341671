//! `calendar`: months of walks at a glance, in the terminal or as SVG.

use anyhow::Result;
use chrono::Datelike;
use serde_json::json;

use super::{Invocation, print};
use crate::cli::CalendarArgs;
use crate::error::Invalid;
use crate::render::calendar::{CalendarView, calendar_text};
use crate::render::svg::calendar_svg;
use crate::summary::calendar::{Calendar, range};

pub fn run(args: &CalendarArgs, ctx: &Invocation) -> Result<()> {
    let today = ctx.clock.today();
    if let Some(year) = args.year.filter(|year| *year > today.year()) {
        return Err(Invalid::new(format!("{year} is in the future (today is {today})")).into());
    }
    let (from, to) = range(args.year, args.months, today);
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
    print(ctx.render(&CalendarView::new(&cal), || calendar_text(&cal, ctx.style))?)
}
