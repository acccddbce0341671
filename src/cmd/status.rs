//! `status`: one line for prompts and status bars.

use anyhow::Result;

use super::{Invocation, print};
use crate::cli::StatusArgs;
use crate::error::Invalid;
use crate::render::json::TodayView;
use crate::render::status::format_value;
use crate::render::template::Template;
use crate::render::text::status_line;

pub fn run(args: &StatusArgs, ctx: &Invocation) -> Result<()> {
    let template = match &args.format {
        Some(_) if ctx.json => {
            return Err(Invalid::new("--format cannot be used with --json; choose one").into());
        }
        Some(text) => Some(Template::parse(text).map_err(Invalid::new)?),
        None => None,
    };
    let today = ctx.clock.today();
    let read = ctx.read_day(today)?;
    let day = ctx.day_report(&read, today);
    if let Some(template) = template {
        return print(format!(
            "{}\n",
            template.fill(|key| format_value(&day, key, ctx.style))
        ));
    }
    print(ctx.render(&TodayView::new(&day), || {
        format!("{}\n", status_line(&day, ctx.style))
    })?)
}
