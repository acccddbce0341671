//! `report --html FILE`: the printable report, written like every output
//! file (refused where it exists unless `--force`, never the store,
//! atomically, owner-only).

use std::path::Path;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use serde_json::json;

use super::{Invocation, print};
use crate::render::html::{ReportInput, report_html};

pub fn run(ctx: &Invocation, path: &Path, force: bool, first: NaiveDate, last: NaiveDate) -> Result<()> {
    let today = ctx.clock.today();
    // The plan as of the range's last day not in the future.
    let read = ctx.read(last.min(today), Some((first, last)), Some((first, last)))?;
    let html = report_html(&ReportInput {
        summary: &read.summary,
        sessions: &read.sessions,
        first,
        last,
        made: format!(
            "Made by backwalk on {}",
            ctx.clock.now().format("%a %-d %b %Y %H:%M")
        ),
        clock: ctx.clock,
    })
    .map_err(|e| anyhow!("cannot make the report: {e}"))?;
    ctx.store.write_output(path, html.as_bytes(), force)?;
    print(
        ctx.render(&json!({ "written": path, "from": first, "to": last }), || {
            format!(
                "Wrote the report from {first} to {last} to {}\nOpen it in a web browser, or print it.\n",
                path.display()
            )
        })?,
    )
}
