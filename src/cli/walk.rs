//! The arguments of the commands that record or change walks: log, start,
//! stop, timer, morning, edit, rm and undo.

use clap::Args;

use super::values::SurfaceParser;
use crate::model::{Surface, WalkDuration};
use crate::parse::{self, SessionId};

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

#[derive(Args, Debug)]
#[allow(clippy::struct_excessive_bools, reason = "each is its own command-line flag")]
pub struct EditArgs {
    /// The walk's id (12 or #12, see `backwalk list`), or last
    #[arg(value_parser = parse::id, allow_negative_numbers = true)]
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
    #[arg(required = true, value_parser = parse::id, allow_negative_numbers = true)]
    pub ids: Vec<SessionId>,
}

#[derive(Args, Debug)]
pub struct UndoArgs {
    /// Say what would be reverted, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}
