//! The command line: global flags and one struct per command. The doc
//! comments are the `--help` and man page text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::{Surface, WalkDuration};
use crate::parse;
use crate::summary::Period;

const AFTER_HELP: &str = "\
Environment:
  BACKWALK_STORE  the store file (same as --store)
  BACKWALK_NOW    an RFC 3339 time that replaces \"now\" (for tests and \"as of\" scripts)
  TZ              the local zone, e.g. Europe/Berlin; days are local calendar days
  NO_COLOR        no colour unless --color always

Durations: 8 or 7.5 (minutes), 7m30s, 8m, 90s, 1h5m, 7:30 (minutes:seconds).
Times: today, yesterday, YYYY-MM-DD, 'YYYY-MM-DD HH:MM', YYYY-MM-DDTHH:MM[:SS][+HH:MM], HH:MM.
Surfaces: treadmill, track, grass, sand, trail, pavement, indoor, other.

Exit status: 0 success, 2 invalid arguments or values (nothing written), 1 any other failure.";

/// Track your backward walking: log each session, follow the starter plan
/// (5–10 minute sessions, 200–400 backward steps a day), read the week.
#[derive(Parser, Debug)]
#[command(name = "backwalk", version, after_help = AFTER_HELP, max_term_width = 80)]
pub struct Cli {
    /// The store file [default: sessions.json in the platform's data folder]
    #[arg(long, global = true, env = "BACKWALK_STORE", value_name = "PATH")]
    pub store: Option<PathBuf>,

    /// Print one JSON document on stdout instead of text
    #[arg(long, global = true)]
    pub json: bool,

    /// When to colour the output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Record a finished walk (it ended now, unless --at gives its start)
    #[command(
        after_help = "Examples:\n  backwalk log 8 --steps 300 --surface grass\n  backwalk log 7m30s --at 'yesterday'\n  backwalk log 6:45 --at '2026-11-20 07:30' --surface treadmill --incline 3"
    )]
    Log(LogArgs),
    /// Start timing a walk; the timer is kept in the store until stop or cancel
    Start(StartArgs),
    /// Stop the running timer and log the walk it measured
    Stop(StopArgs),
    /// Drop the running timer without logging anything
    Cancel,
    /// A live stopwatch in this terminal; Enter or Ctrl-C stops and logs it
    Timer(TimerArgs),
    /// One line for prompts and status bars: the timer and today's progress
    Status,
    /// The day against the targets, its sessions, the streak and the plan
    Today(TodayArgs),
    /// Sessions in time order
    List(ListArgs),
    /// One session in full
    Show(ShowArgs),
    /// Change fields of a session
    Edit(EditArgs),
    /// Delete sessions (all of them, or none when one id is unknown)
    Rm(RmArgs),
    /// Revert the latest change (log, stop, edit, rm, import, goals), up to 20 back
    Undo,
    /// The weekly summary: a row per day, a chart, totals and the week before
    Week(WeekArgs),
    /// Totals per day, week or month over any range (default: the last 4 weeks)
    Report(ReportArgs),
    /// The starter plan: the current target and how it grows
    Plan,
    /// Show or set the daily targets and the weight for calorie estimates
    Goals(GoalsArgs),
    /// Write every session as JSON or CSV
    Export(ExportArgs),
    /// Add sessions from a JSON or CSV file (its own export, or a spreadsheet)
    Import(ImportArgs),
    /// Technique and safety guidance for walking backwards
    Tips,
    /// Print shell completions
    #[command(
        after_help = "Install, e.g.:\n  backwalk completions bash > ~/.local/share/bash-completion/completions/backwalk\n  backwalk completions zsh > ~/.zfunc/_backwalk\n  backwalk completions fish > ~/.config/fish/completions/backwalk.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    #[command(after_help = "Install, e.g.:\n  backwalk man > ~/.local/share/man/man1/backwalk.1")]
    Man,
}

fn surface(input: &str) -> Result<Surface, String> {
    input.parse()
}

#[derive(Args, Debug)]
pub struct LogArgs {
    /// How long: 8 (minutes), 7.5, 7m30s, 90s, 1h5m or 7:30
    #[arg(value_parser = parse::duration, allow_negative_numbers = true)]
    pub duration: WalkDuration,
    #[command(flatten)]
    pub details: Details,
    /// When the walk started [default: it ended now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
}

/// The optional fields a session shares between log and edit.
#[derive(Args, Debug)]
pub struct Details {
    /// Backward steps, 0 to 100000
    #[arg(long, value_name = "N", value_parser = parse::steps, allow_negative_numbers = true)]
    pub steps: Option<u32>,
    /// treadmill, track, grass, sand, trail, pavement, indoor or other [default: the last one used]
    #[arg(long, value_name = "S", value_parser = surface)]
    pub surface: Option<Surface>,
    /// Incline in percent, 0 to 40 (a treadmill's incline or a hill's grade)
    #[arg(long, value_name = "P", value_parser = parse::incline, allow_negative_numbers = true)]
    pub incline: Option<f64>,
    /// A note of up to 500 characters
    #[arg(long, value_name = "TEXT", value_parser = parse::note, allow_hyphen_values = true)]
    pub note: Option<String>,
}

#[derive(Args, Debug)]
pub struct StartArgs {
    /// Where you walk [default: the last one used]
    #[arg(long, value_name = "S", value_parser = surface)]
    pub surface: Option<Surface>,
    /// A note for the session
    #[arg(long, value_name = "TEXT", value_parser = parse::note, allow_hyphen_values = true)]
    pub note: Option<String>,
}

#[derive(Args, Debug)]
pub struct StopArgs {
    /// Backward steps, 0 to 100000
    #[arg(long, value_name = "N", value_parser = parse::steps, allow_negative_numbers = true)]
    pub steps: Option<u32>,
    /// A note; replaces the one given to start
    #[arg(long, value_name = "TEXT", value_parser = parse::note, allow_hyphen_values = true)]
    pub note: Option<String>,
}

#[derive(Args, Debug)]
pub struct TimerArgs {
    /// The time to reach [default: the plan's current target]
    #[arg(long, value_name = "DURATION", value_parser = parse::duration, allow_negative_numbers = true)]
    pub target: Option<WalkDuration>,
    /// Where you walk [default: the last one used]
    #[arg(long, value_name = "S", value_parser = surface)]
    pub surface: Option<Surface>,
}

#[derive(Args, Debug)]
pub struct TodayArgs {
    /// The day to show [default: today]
    #[arg(long, value_name = "WHEN")]
    pub date: Option<String>,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only sessions that started at or after this (a bare date: from 00:00)
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Only sessions that started up to this (a bare date: the whole day)
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Only sessions on this surface
    #[arg(long, value_name = "S", value_parser = surface)]
    pub surface: Option<Surface>,
    /// Keep only the most recent N
    #[arg(long, value_name = "N", value_parser = parse::limit, allow_negative_numbers = true)]
    pub limit: Option<usize>,
    /// Print CSV (a header row, then a row per session)
    #[arg(long)]
    pub csv: bool,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The session's id (see `backwalk list`)
    #[arg(value_parser = parse::id, allow_negative_numbers = true)]
    pub id: u64,
}

#[derive(Args, Debug)]
pub struct EditArgs {
    /// The session's id (see `backwalk list`)
    #[arg(value_parser = parse::id, allow_negative_numbers = true)]
    pub id: u64,
    /// A new duration
    #[arg(long, value_name = "DURATION", value_parser = parse::duration, allow_negative_numbers = true)]
    pub duration: Option<WalkDuration>,
    #[command(flatten)]
    pub details: Details,
    /// A new start time
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// Forget the step count
    #[arg(long, conflicts_with = "steps")]
    pub clear_steps: bool,
    /// Forget the incline
    #[arg(long, conflicts_with = "incline")]
    pub clear_incline: bool,
    /// Forget the note
    #[arg(long, conflicts_with = "note")]
    pub clear_note: bool,
}

#[derive(Args, Debug)]
pub struct RmArgs {
    /// The sessions' ids
    #[arg(required = true, value_parser = parse::id, allow_negative_numbers = true)]
    pub ids: Vec<u64>,
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

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The first day (a bare date: from 00:00) [default: Monday three weeks ago]
    #[arg(long, value_name = "WHEN")]
    pub from: Option<String>,
    /// The last day, included [default: the end of this week]
    #[arg(long, value_name = "WHEN")]
    pub to: Option<String>,
    /// The period of each row
    #[arg(long, value_enum, default_value_t = Period::Week)]
    pub by: Period,
    /// Print CSV (a header row, then a row per period)
    #[arg(long)]
    pub csv: bool,
}

#[derive(Args, Debug)]
pub struct GoalsArgs {
    /// Daily minutes, LOW-HIGH within 1-240 (the plan grows from LOW to HIGH)
    #[arg(long, value_name = "LOW-HIGH", value_parser = minutes_range, allow_negative_numbers = true)]
    pub minutes: Option<crate::model::Range>,
    /// Daily backward steps, LOW-HIGH within 1-100000
    #[arg(long, value_name = "LOW-HIGH", value_parser = steps_range, allow_negative_numbers = true)]
    pub steps: Option<crate::model::Range>,
    /// Body weight in kg (20-400); enables calorie estimates
    #[arg(long, value_name = "KG", value_parser = parse::weight, allow_negative_numbers = true)]
    pub weight: Option<f64>,
    /// Forget the weight (no more calorie estimates)
    #[arg(long, conflicts_with = "weight")]
    pub clear_weight: bool,
}

/// What to say when an argument is not UTF-8: clap names none of them.
pub fn not_utf8(args: impl IntoIterator<Item = std::ffi::OsString>) -> String {
    let named: Vec<String> = args
        .into_iter()
        .filter(|arg| arg.to_str().is_none())
        .map(|arg| format!("'{}'", arg.to_string_lossy()))
        .collect();
    let which = match named.as_slice() {
        [one] => format!("the argument {one} is"),
        many => format!("the arguments {} are", many.join(", ")),
    };
    format!(
        "{which} not UTF-8 text (\u{FFFD} marks the bytes that are not); notes, times and other values must be UTF-8"
    )
}

fn minutes_range(input: &str) -> Result<crate::model::Range, String> {
    parse::target_range(input, crate::model::Range { min: 1, max: 240 }, "minutes")
}

fn steps_range(input: &str) -> Result<crate::model::Range, String> {
    parse::target_range(input, crate::model::Range { min: 1, max: 100_000 }, "steps")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Write to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// json or csv [default: from the file's extension, else json]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Same as --format csv
    #[arg(long, conflicts_with = "format")]
    pub csv: bool,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// A JSON or CSV file; - reads standard input
    pub file: PathBuf,
    /// json or csv [default: from the file's extension, else by its content]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Say what would be added and skipped, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
