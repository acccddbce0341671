//! Human output: lines and screens that fit 80 columns, with durations
//! written one way everywhere (`7m30s`, `8m`, `1h05m`). One file per
//! screen; `verdict.rs` holds how a day reads against its targets and
//! `week.rs` the rows and totals a longer span (a month) would reuse.

mod goals;
mod list;
mod plan;
mod report;
mod session;
mod status;
mod tips;
mod today;
mod verdict;
mod week;

pub use goals::goals_text;
pub use list::{list_header, list_row};
pub use plan::plan_screen;
pub use report::report_table;
pub use session::{edit_text, session_block, session_brief, walk_name};
pub use status::status_line;
pub use tips::tips_text;
pub use today::{day_screen, progress_line};
pub use week::week_screen;

use super::{Style, count};
use crate::model::{Range, Session};
use crate::parse::format_duration;
use crate::plan::Streaks;

fn steps_text(steps: Option<u32>, style: Style) -> String {
    steps.map_or_else(|| style.em_dash().into(), |n| count(n.into()))
}

fn surface_text(session: &Session) -> String {
    match session.incline_percent {
        Some(incline) => format!("{} {incline}%", session.surface),
        None => session.surface.to_string(),
    }
}

/// `200–400`: a range of minutes or steps.
pub(in crate::render) fn range_text(range: Range, style: Style) -> String {
    format!(
        "{}{}{}",
        count(range.min.into()),
        style.dash(),
        count(range.max.into())
    )
}

/// A day's walking time: `0m` before the first walk, else `7m30s`.
fn day_time(seconds: u64) -> String {
    format_duration(seconds)
}

/// The recorded steps, or `—` when none were.
fn day_steps(steps: Option<u64>, style: Style) -> String {
    steps.map_or_else(|| style.em_dash().to_string(), count)
}

/// What an estimate says it is.
fn kcal_label(kcal: f64, kg: f64) -> String {
    format!("~{kcal:.0} kcal (estimate for {kg} kg at 3.5 mph; slower walks burn less)")
}

/// `3 days · longest 9 days`.
fn streak_text(streaks: Streaks, style: Style) -> String {
    format!(
        "{} {} longest {}",
        super::plural(streaks.current.into(), "day", "days"),
        style.dot(),
        super::plural(streaks.longest.into(), "day", "days")
    )
}
