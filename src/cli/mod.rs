//! The command line: global flags and one struct per command. The doc
//! comments are the `--help` and man page text.

use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::{Range, Surface, WalkDuration};
use crate::parse::{self, SessionId};
use crate::summary::Period;

/// The environment variables backwalk reads.
pub const ENVIRONMENT: [(&str, &str); 4] = [
    ("BACKWALK_STORE", "The store file, as --store."),
    (
        "BACKWALK_NOW",
        "An RFC 3339 time in years 1-9999 that replaces \"now\", for tests and \"as of\" scripts.",
    ),
    (
        "TZ",
        "The local zone, read as the C library reads it: a zone name (Europe/Berlin), a POSIX \
         rule (EST5EDT,M3.2.0,M11.1.0) or a zone file; days are local calendar days. A value \
         backwalk cannot understand is an error.",
    ),
    ("NO_COLOR", "No colour, unless --color always."),
];

/// What the exit status says.
pub const EXIT_STATUS: [(&str, &str); 3] = [
    ("0", "Success."),
    (
        "1",
        "Any other failure: a damaged store, an unknown id, no running timer, a file that \
         cannot be written.",
    ),
    ("2", "Invalid arguments or values; nothing is written."),
];

/// The width `--help` is laid out for, at most.
pub const HELP_WIDTH: usize = 80;

/// What `backwalk --help` says after the options: the input forms, the
/// environment and the exit status, wrapped to `HELP_WIDTH` here (clap
/// leaves lines that fit alone) so that no example is cut in two.
fn after_help() -> String {
    let mut text = String::from("With no command, backwalk shows today.\n\n");
    for (name, forms) in parse::input_forms() {
        text.push_str(&wrap(&format!("{name}: {forms}"), HELP_WIDTH, "", "  "));
    }
    for (heading, table, column) in [
        ("Environment", &ENVIRONMENT[..], 16),
        ("Exit status", &EXIT_STATUS[..], 3),
    ] {
        text.push('\n');
        text.push_str(heading);
        text.push_str(":\n");
        for (name, what) in table {
            let first = format!("  {name:<column$}");
            text.push_str(&wrap(what, HELP_WIDTH, &first, &" ".repeat(first.len())));
        }
    }
    text.truncate(text.trim_end().len());
    text
}

/// The words of `text`, a phrase in single quotes (`'8 min'`) kept as one.
pub fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut open = false;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if open {
            let last = words.last_mut().expect("an open quote follows a word");
            last.push(' ');
            last.push_str(word);
        } else {
            words.push(word.to_string());
        }
        // A quote opens where a word starts with one (after a bracket):
        // an apostrophe inside a word (platform's) opens nothing.
        let quotes = word.matches('\'').count();
        let opens = word.trim_start_matches(['(', '[']).starts_with('\'');
        if open {
            open = quotes % 2 == 0;
        } else {
            open = opens && quotes % 2 == 1;
        }
    }
    words
}

/// `text` filled to `width` display columns: `first` before the first
/// line, `rest` before the others; ends with a newline.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in words(text) {
        let room = crate::render::width(&line) + usize::from(!empty) + crate::render::width(&word);
        if !empty && room > width {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(&word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// The heading of the options every command takes, apart from its own
/// (as git and cargo set them apart).
pub const GLOBAL: &str = "Global Options";

/// Track your backward walking: log each walk, follow the starter plan
/// (5–10 minutes a day, 200–400 backward steps a day), read the week.
#[derive(Parser, Debug)]
#[command(name = "backwalk", version, after_help = after_help(), max_term_width = HELP_WIDTH)]
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

/// Surfaces: case-insensitive, the nearest offered for a typo, and the
/// names offered to shell completion.
#[derive(Clone, Copy, Debug)]
pub struct SurfaceParser;

impl TypedValueParser for SurfaceParser {
    type Value = Surface;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Surface, clap::Error> {
        let text = clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)?;
        text.parse::<Surface>().map_err(|e| {
            clap::Error::raw(clap::error::ErrorKind::ValueValidation, format!("{e}\n")).with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            Surface::ALL.into_iter().map(|s| PossibleValue::new(s.name())),
        ))
    }
}

#[derive(Args, Debug)]
pub struct LogArgs {
    /// How long: 8 (minutes), 7.5, 7m30s, 7m30, 8min, 90s, 1h05m or 7:30
    #[arg(value_name = "DURATION", allow_negative_numbers = true)]
    pub duration: String,
    /// The unit as its own word (8 min, 90 seconds), or the rest of the
    /// duration (1h 5m)
    #[arg(value_name = "UNIT")]
    pub unit: Option<String>,
    #[command(flatten)]
    pub details: Details,
    /// When the walk started [default: it ended now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// Log a walk that looks unusual (very long, or very many steps a minute) without asking
    #[arg(long)]
    pub force: bool,
}

/// The optional fields a walk shares between log and edit.
#[derive(Args, Debug)]
pub struct Details {
    /// Backward steps, 0 to 100000
    #[arg(long, value_name = "N", value_parser = parse::steps, allow_negative_numbers = true)]
    pub steps: Option<u32>,
    /// Where you walked
    #[arg(long, value_name = "S", value_parser = SurfaceParser)]
    pub surface: Option<Surface>,
    /// Incline in percent, 0 to 40 (a treadmill's incline or a hill's grade)
    #[arg(long, value_name = "P", value_parser = parse::incline, allow_negative_numbers = true)]
    pub incline: Option<f64>,
    /// How the body felt after the walk, 0 (no pain) to 10 (the worst)
    #[arg(long, value_name = "N", value_parser = parse::pain, allow_negative_numbers = true)]
    pub pain: Option<u8>,
    /// A note of up to 500 characters
    #[arg(long, value_name = "TEXT", value_parser = parse::note, allow_hyphen_values = true)]
    pub note: Option<String>,
}

#[derive(Args, Debug)]
pub struct StartArgs {
    /// Where you walk [default: the last one used]
    #[arg(long, value_name = "S", value_parser = SurfaceParser)]
    pub surface: Option<Surface>,
    /// A note for the walk
    #[arg(long, value_name = "TEXT", value_parser = parse::note, allow_hyphen_values = true)]
    pub note: Option<String>,
}

#[derive(Args, Debug)]
pub struct StopArgs {
    /// Backward steps, 0 to 100000
    #[arg(long, value_name = "N", value_parser = parse::steps, allow_negative_numbers = true)]
    pub steps: Option<u32>,
    /// How the body felt after the walk, 0 (no pain) to 10 (the worst)
    #[arg(long, value_name = "N", value_parser = parse::pain, allow_negative_numbers = true)]
    pub pain: Option<u8>,
    /// A note; replaces the one given to start
    #[arg(long, value_name = "TEXT", value_parser = parse::note, allow_hyphen_values = true)]
    pub note: Option<String>,
    /// When the walk really ended (for a timer left running) [default: now]
    #[arg(long, value_name = "WHEN", conflicts_with = "duration")]
    pub at: Option<String>,
    /// How long the walk really was (for a timer left running): 9, 8m30s, '9 mins'
    #[arg(long, value_name = "D", num_args = 1..=2, allow_negative_numbers = true)]
    pub duration: Option<Vec<String>>,
    /// Log a walk that looks unusual without asking
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct TimerArgs {
    /// The time to reach [default: the plan's current target]
    #[arg(long, value_name = "DURATION", value_parser = parse::duration, allow_negative_numbers = true)]
    pub target: Option<WalkDuration>,
    /// Where you walk [default: the last one used]
    #[arg(long, value_name = "S", value_parser = SurfaceParser)]
    pub surface: Option<Surface>,
}

#[derive(Args, Debug)]
pub struct MorningArgs {
    /// How the body felt that morning, 0 (no pain) to 10 (the worst)
    #[arg(
        value_name = "N",
        value_parser = parse::pain,
        allow_negative_numbers = true,
        required_unless_present = "clear",
        conflicts_with = "clear"
    )]
    pub pain: Option<u8>,
    /// The walk day whose next morning it was [default: yesterday]
    #[arg(long, value_name = "WHEN")]
    pub date: Option<String>,
    /// Forget the next-morning pain of that day
    #[arg(long)]
    pub clear: bool,
}

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

/// Shell completion offers walk ids from the store.
fn walk_ids() -> clap_complete::ArgValueCompleter {
    clap_complete::ArgValueCompleter::new(crate::cmd::completions::walk_ids)
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The walk's id (12 or #12, see `backwalk list`), or last
    #[arg(value_parser = parse::id, allow_negative_numbers = true, add = walk_ids())]
    pub id: SessionId,
}

#[derive(Args, Debug)]
#[allow(clippy::struct_excessive_bools, reason = "each is its own command-line flag")]
pub struct EditArgs {
    /// The walk's id (12 or #12, see `backwalk list`), or last
    #[arg(value_parser = parse::id, allow_negative_numbers = true, add = walk_ids())]
    pub id: SessionId,
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
    /// Forget the pain score
    #[arg(long, conflicts_with = "pain")]
    pub clear_pain: bool,
    /// Forget the note
    #[arg(long, conflicts_with = "note")]
    pub clear_note: bool,
    /// Save a walk that looks unusual without asking
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct RmArgs {
    /// The ids of the walks (12 or #12), or last
    #[arg(required = true, value_parser = parse::id, allow_negative_numbers = true, add = walk_ids())]
    pub ids: Vec<SessionId>,
}

#[derive(Args, Debug)]
pub struct UndoArgs {
    /// Say what would be reverted, and change nothing
    #[arg(long)]
    pub dry_run: bool,
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

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
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

    /// Every command, built as the parser builds it.
    fn every_command() -> Vec<clap::Command> {
        let mut top = Cli::command();
        top.build();
        let mut all = vec![top];
        let mut at = 0;
        while at < all.len() {
            let subs: Vec<clap::Command> = all[at].get_subcommands().cloned().collect();
            all.extend(subs);
            at += 1;
        }
        all
    }

    #[test]
    fn help_is_wrapped_between_words_and_epilogues_not_at_all() {
        for mut command in every_command() {
            let narrow = command
                .clone()
                .term_width(HELP_WIDTH)
                .render_long_help()
                .to_string();
            let wide = command
                .clone()
                .max_term_width(10_000)
                .term_width(10_000)
                .render_long_help()
                .to_string();
            let words = |text: &str| text.split_whitespace().map(str::to_string).collect::<Vec<_>>();
            assert_eq!(words(&narrow), words(&wide), "{}", command.get_name());
            let lines: Vec<&str> = narrow.lines().collect();
            if let Some(after) = command.get_after_help() {
                for line in after.to_string().lines() {
                    assert!(
                        lines.contains(&line),
                        "{line:?} rewrapped in {}",
                        command.get_name()
                    );
                }
            }
            for line in command.render_long_help().to_string().lines() {
                assert!(crate::render::width(line) <= HELP_WIDTH, "{line}");
            }
        }
    }

    #[test]
    fn words_keep_a_quoted_phrase_whole_and_wrap_fills_lines() {
        assert_eq!(
            words("take '8 min', '90 seconds' or (the platform's) 7:30"),
            [
                "take",
                "'8 min',",
                "'90 seconds'",
                "or",
                "(the",
                "platform's)",
                "7:30"
            ]
        );
        assert_eq!(
            wrap("one two three '4 5' six", 12, "> ", "  "),
            "> one two\n  three\n  '4 5' six\n"
        );
    }

    #[test]
    fn surfaces_complete_and_parse_case_insensitively() {
        let cli = Cli::try_parse_from(["backwalk", "log", "8", "min", "--surface", "GRASS"]).unwrap();
        let Some(Command::Log(args)) = cli.command else {
            panic!()
        };
        assert_eq!((args.duration.as_str(), args.unit.as_deref()), ("8", Some("min")));
        assert_eq!(args.details.surface, Some(Surface::Grass));
        let error = Cli::try_parse_from(["backwalk", "log", "8", "--surface", "gras"]).unwrap_err();
        assert!(error.to_string().contains("did you mean 'grass'"), "{error}");
        let values: Vec<String> = SurfaceParser
            .possible_values()
            .unwrap()
            .map(|v| v.get_name().to_string())
            .collect();
        assert_eq!(values.len(), Surface::ALL.len());
    }

    /// The surfaces are listed from `Surface::ALL` wherever `--help` names
    /// them: a new one cannot be left out.
    #[test]
    fn every_surface_is_named_in_the_help() {
        let mut cli = Cli::command();
        cli.build();
        let mut texts = vec![("backwalk --help".to_string(), cli.render_long_help().to_string())];
        for command in ["log", "edit", "start", "timer", "list"] {
            let sub = cli.find_subcommand_mut(command).unwrap();
            texts.push((format!("{command} --help"), sub.render_long_help().to_string()));
        }
        for (place, text) in texts {
            for surface in Surface::ALL {
                assert!(
                    text.contains(surface.name()),
                    "{place} does not name {surface}: {text}"
                );
            }
        }
    }
}
