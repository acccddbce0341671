//! The arguments of the commands that move or configure the data: goals,
//! export, import, sync and git's merge driver.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::model::Range;
use crate::parse;

#[derive(Args, Debug)]
pub struct GoalsArgs {
    /// Daily minutes, LOW-HIGH within 1-240 (the plan grows from LOW to HIGH)
    #[arg(long, value_name = "LOW-HIGH", value_parser = parse::minutes_goal, allow_negative_numbers = true)]
    pub minutes: Option<Range>,
    /// Daily backward steps, LOW-HIGH within 1-100000, or off (judge days on minutes alone)
    #[arg(long, value_name = "LOW-HIGH|off", value_parser = steps_goal, allow_negative_numbers = true)]
    pub steps: Option<StepsGoal>,
    /// Walk days a week, 1-7 (7: every day; rehabilitation programmes often use 3)
    #[arg(long, value_name = "N", value_parser = crate::rhythm::parse_days_per_week, allow_negative_numbers = true)]
    pub days: Option<u8>,
    /// Body weight in kg (20-400); enables calorie estimates
    #[arg(long, value_name = "KG", value_parser = parse::weight, allow_negative_numbers = true)]
    pub weight: Option<f64>,
    /// Forget the weight (no more calorie estimates)
    #[arg(long, conflicts_with = "weight")]
    pub clear_weight: bool,
    /// List every change of the targets with the day it applies from
    #[arg(long)]
    pub history: bool,
}

/// `goals --steps`: a range, or off (`None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepsGoal(pub Option<Range>);

fn steps_goal(input: &str) -> Result<StepsGoal, String> {
    parse::steps_goal(input).map(StepsGoal)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Store,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Write to this file instead of stdout (refused if it exists, unless --force)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// json, csv or store (the whole history, for another machine)
    /// [default: from the file's extension, else json]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Same as --format csv
    #[arg(long, conflicts_with = "format")]
    pub csv: bool,
    /// Replace the output file if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// A JSON or CSV file; - reads standard input
    pub file: PathBuf,
    /// json, csv or store [default: from the file's extension, else by its
    /// content; a store file is always read as one]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Say what would be added and skipped, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Apply the changes of records that match a stored walk by id,
    /// start and duration (a corrected export)
    #[arg(long)]
    pub update: bool,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    #[command(subcommand)]
    pub action: Option<SyncAction>,
}

#[derive(Subcommand, Debug)]
pub enum SyncAction {
    /// Make the store's folder a git repository with backwalk as the store's merge driver
    #[command(
        after_help = "First device:\n  backwalk sync init git@example.org:me/walks.git\n  backwalk sync\n\n\
         Second device:\n  git clone git@example.org:me/walks.git ~/walks\n  \
         backwalk --store ~/walks/sessions.json sync init"
    )]
    Init(SyncInitArgs),
}

#[derive(Args, Debug)]
pub struct SyncInitArgs {
    /// The remote to sync with (set as origin)
    pub remote: Option<String>,
}

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The common ancestor's version (git's %O)
    pub base: PathBuf,
    /// This side's version, where the result is written (git's %A)
    pub ours: PathBuf,
    /// The other side's version (git's %B)
    pub theirs: PathBuf,
}
