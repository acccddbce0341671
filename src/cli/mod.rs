//! The command line: global flags and one struct per command, in files by
//! the commands' groups. The doc comments are the `--help` and man page
//! text; `help.rs` lays out what clap does not.

mod data;
mod help;
mod read;
mod shell;
mod values;
mod walk;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub use data::{ExportArgs, Format, GoalsArgs, ImportArgs, MergeArgs, SyncAction, SyncArgs};
pub use help::{ENVIRONMENT, EXIT_STATUS, words};
pub use read::{CalendarArgs, ListArgs, ReportArgs, ShowArgs, StatusArgs, TodayArgs, WeekArgs};
pub use shell::CompletionsArgs;
pub use walk::{EditArgs, LogArgs, MorningArgs, RmArgs, StartArgs, StopArgs, TimerArgs, UndoArgs};

use help::{GLOBAL, HELP_WIDTH, after_help};

/// The whole command line as `--help` shows it: with the top-level help's
/// closing sections (the input forms, the environment, the exit status).
/// Laying those out takes a sixth of a command's start-up, so the parser
/// every run uses (`Cli::parse`) goes without them, and `main` builds this
/// one only to print help.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command().after_help(after_help())
}

/// Track your backward walking: log each walk, follow the starter plan
/// (5–10 minutes a day, 200–400 backward steps a day), read the week.
#[derive(Parser, Debug)]
#[command(name = "backwalk", version, max_term_width = HELP_WIDTH)]
pub struct Cli {
    /// The store file [default: sessions.json in the platform's data folder]
    #[arg(long, global = true, env = "BACKWALK_STORE", value_name = "PATH", help_heading = GLOBAL)]
    pub store: Option<PathBuf>,

    /// Print one JSON document on stdout instead of text
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub json: bool,

    /// When to colour the output
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = ColorChoice::Auto,
        value_name = "WHEN",
        help_heading = GLOBAL
    )]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
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
        after_help = "Examples:\n  backwalk log 8 --steps 300 --surface grass\n  backwalk log 8 min --pain 2\n  \
         backwalk log 7m30s --at 'yesterday 7am'\n  backwalk log 6:45 --at '9 Nov 07:30' --surface treadmill --incline 3"
    )]
    Log(LogArgs),
    /// Start timing a walk; the timer is kept in the store until stop or cancel
    Start(StartArgs),
    /// Stop the running timer and log the walk it measured
    #[command(after_help = "Examples:\n  backwalk stop --steps 280 --pain 1\n  \
         backwalk stop --at 09:40       # a timer left running: it ended at 09:40\n  \
         backwalk stop --duration 12m   # a timer left running: it took 12 minutes")]
    Stop(StopArgs),
    /// Drop the running timer without logging anything
    Cancel,
    /// A live stopwatch in this terminal; Enter or Ctrl-C stops and logs it
    Timer(TimerArgs),
    /// One line for prompts and status bars: the timer and today's progress
    #[command(
        after_help = "Examples:\n  backwalk status --format '{minutes}/{target} {mark} {week_days}'\n  \
         backwalk status --format '{{\"text\": \"{minutes} {mark}\"}}'   (for waybar)"
    )]
    Status(StatusArgs),
    /// The day against its targets, its walks, the streak and the plan
    Today(TodayArgs),
    /// Record the next-morning pain (0-10) of yesterday's walks, or of --date's
    #[command(
        after_help = "Examples:\n  backwalk morning 2                  (on waking: yesterday's walks)\n  \
         backwalk morning 6 --date 'Nov 18'   (the morning after the walks of 18 Nov)\n  \
         backwalk morning --clear --date 'Nov 18'\n\n\
         A day whose next-morning pain is above 5 does not count toward a step up,\n\
         as pain after a walk (the 24-hour check of a pain-monitoring model adapted\n\
         from Silbernagel et al. 2007, a model developed for Achilles tendinopathy)."
    )]
    Morning(MorningArgs),
    /// For reminders: one line and exit 0 when a walk is due today, else nothing and exit 3
    #[command(
        after_help = "Exit status: 0 a walk is due today (by the weekly rhythm, see goals --days);\n\
         3 none is (today's target met, a rest day, or the week has its walk days);\n\
         1 and 2 as for every command.\n\n\
         Example (a reminder; cron runs it with PATH=/usr/bin:/bin and without the\n\
         session bus notify-send needs: the README gives the whole cron line):\n  \
         msg=$(backwalk due) && notify-send backwalk \"$msg\""
    )]
    Due,
    /// Walks in time order
    List(ListArgs),
    /// One walk in full
    Show(ShowArgs),
    /// Change fields of a walk
    Edit(EditArgs),
    /// Delete walks (all of them, or none when one id is unknown)
    Rm(RmArgs),
    /// Revert the latest change (log, stop, start, cancel, edit, rm, import, goals), up to 20 back
    Undo(UndoArgs),
    /// Re-apply what the latest undo reverted
    Redo,
    /// The weekly summary: a row per day, a chart, totals and the week before
    Week(WeekArgs),
    /// Totals per day, week or month over any range (default: the last 4 weeks)
    Report(ReportArgs),
    /// Months of walks at a glance: one cell a day, in the terminal or as SVG
    #[command(
        after_help = "Examples:\n  backwalk calendar\n  backwalk calendar --year 2026\n  \
         backwalk calendar --months 3 --svg walks.svg   # open it in a web browser"
    )]
    Calendar(CalendarArgs),
    /// The starter plan: the current target, how it grows, and the guidance
    Plan,
    /// Show or set the daily targets and the weight for calorie estimates
    Goals(GoalsArgs),
    /// Write every walk as JSON or CSV, or the whole history to move it
    Export(ExportArgs),
    /// Add walks from a JSON or CSV file (an export, a spreadsheet, or
    /// another machine's store)
    Import(ImportArgs),
    /// Technique and safety guidance for walking backwards, with sources
    Tips,
    /// Share one history between devices through git
    Sync(SyncArgs),
    /// git's merge driver for the store (set up by `backwalk sync init`)
    #[command(hide = true)]
    Merge(MergeArgs),
    /// Print a shell's completion script (it runs backwalk at each Tab)
    #[command(after_help = "Install, e.g. (make each folder first, with mkdir -p):\n  \
         backwalk completions zsh > ~/.zfunc/_backwalk\n  \
         backwalk completions fish > ~/.config/fish/completions/backwalk.fish\n  \
         bashdir=~/.local/share/bash-completion/completions\n  \
         backwalk completions bash > $bashdir/backwalk\n\n\
         For zsh, ~/.zshrc needs this line before compinit:\n  fpath+=~/.zfunc\n\n\
         The scripts run the backwalk found on PATH: write them again after an\n\
         upgrade.")]
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    #[command(after_help = "Install, e.g.:\n  backwalk man > ~/.local/share/man/man1/backwalk.1")]
    Man,
}

#[cfg(test)]
mod tests;
