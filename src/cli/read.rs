//! The arguments of the commands that read the history: status, today,
//! list, show, week, report and calendar.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::values::SurfaceParser;
use crate::model::Surface;
use crate::parse::{self, SessionId};
use crate::summary::Period;

#[derive(Args, Debug, Default)]
pub struct StatusArgs {
    #[arg(
        long,
        value_name = "TEMPLATE",
        help = "Fill a template instead: {minutes} {target} {steps} {steps_target} {streak} {timer} {mark} {week_days}; {{ and }} write braces"
    )]
    pub format: Option<String>,
}

#[derive(Args, Debug, Default)]
pub struct TodayArgs {
    /// The day to show [default: today]
    #[arg(long, value_name = "WHEN")]
    pub date: Option<String>,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only walks that started at or after this (a date: from 00:00; 7d: the last 7 days)
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Only walks that started up to this (a date: the whole day)
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Only walks on this surface
    #[arg(long, value_name = "S", value_parser = SurfaceParser)]
    pub surface: Option<Surface>,
    /// Keep only the most recent N
    #[arg(long, value_name = "N", value_parser = parse::limit, allow_negative_numbers = true)]
    pub limit: Option<usize>,
    /// Print CSV (a header row, then a row per walk)
    #[arg(long)]
    pub csv: bool,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The walk's id (12 or #12, see `backwalk list`), or last
    #[arg(value_parser = parse::id, allow_negative_numbers = true)]
    pub id: SessionId,
}

#[derive(Args, Debug)]
pub struct WeekArgs {
    /// A day in the week to show [default: today]
    #[arg(long, value_name = "WHEN", conflicts_with = "week")]
    pub date: Option<String>,
    /// The ISO week to show, e.g. 2026-W47
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,
}

/// `report --by`: the command line's names for `summary::Period`, turned
/// into it at the edge so the domain knows nothing of clap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PeriodChoice {
    Day,
    Week,
    Month,
}

impl From<PeriodChoice> for Period {
    fn from(choice: PeriodChoice) -> Period {
        match choice {
            PeriodChoice::Day => Period::Day,
            PeriodChoice::Week => Period::Week,
            PeriodChoice::Month => Period::Month,
        }
    }
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The first day (a date: from 00:00; 7d, 2w: that far back) [default: Monday three weeks ago]
    #[arg(long, value_name = "WHEN")]
    pub from: Option<String>,
    /// The last day, included [default: the end of this week]
    #[arg(long, value_name = "WHEN")]
    pub to: Option<String>,
    /// The period of each row
    #[arg(long, value_enum, default_value_t = PeriodChoice::Week)]
    pub by: PeriodChoice,
    /// Print CSV (a header row, then a row per period)
    #[arg(long)]
    pub csv: bool,
    /// Write the printable report to FILE instead: one self-contained HTML file for a
    /// physiotherapist or a doctor [default range: the last 8 weeks]
    #[arg(long, value_name = "FILE", conflicts_with_all = ["csv", "by"])]
    pub html: Option<PathBuf>,
    /// Replace the HTML file if it exists
    #[arg(long, requires = "html")]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct CalendarArgs {
    /// A calendar year, e.g. 2026 [default: the current ISO week and the 52 before it]
    #[arg(long, value_name = "YYYY", conflicts_with = "months", value_parser = clap::value_parser!(i32).range(1..=9999))]
    pub year: Option<i32>,
    /// The last N months, from the 1st of the month N-1 months back to today
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1200))]
    pub months: Option<u32>,
    /// Write the calendar as one self-contained SVG file
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Replace the SVG file if it exists
    #[arg(long, requires = "svg")]
    pub force: bool,
}
