//! The values backwalk keeps: sessions, surfaces, targets and their
//! history, the timer, the undo and redo history, the next-morning
//! records, and the store document that holds them. Every rule a value
//! must obey lives beside its type; each concern is its own file, and
//! every type is reached as `crate::model::X` (the next-morning list's
//! functions as `crate::model::morning::find` and its siblings).

mod document;
mod fields;
mod goals;
pub mod morning;
mod overlap;
pub mod rfc3339;
mod session;
mod surface;
mod timer;
mod undo;

pub use document::{AddError, Document, FORMAT, VERSION};
pub use fields::{
    MAX_INCLINE_PERCENT, MAX_PAIN, MAX_STEPS, WalkDuration, check_incline, check_note, check_steps,
    is_bidi_override,
};
pub use goals::{DAYS_PER_WEEK_BOUNDS, GoalEntry, Goals, MINUTES_BOUNDS, Range, STEPS_BOUNDS};
pub use morning::Morning;
pub use overlap::{Overlap, check_overlap, overlapping};
pub use session::{NewSession, Session};
pub use surface::Surface;
pub use timer::{Timer, TimerRunning};
pub use undo::{Op, UNDO_DEPTH, UndoEntry};

/// Fields a newer backwalk (or a person) added that this one does not
/// know: kept as they are.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// Values the unit tests of the model and of its users build walks from.
#[cfg(test)]
pub(crate) mod tests {
    use chrono::{DateTime, FixedOffset, NaiveDate};

    use super::{Document, NewSession, Session, Surface, WalkDuration};

    pub(crate) fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    pub(crate) fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// "Now" for the model's tests: after every walk they add.
    pub(crate) const NOW: &str = "2026-11-21T18:30:00+01:00";

    /// A 300-step walk on grass from `start` (RFC 3339).
    pub(crate) fn walk(start: &str, minutes: u64) -> NewSession {
        NewSession {
            start: at(start),
            duration: WalkDuration::from_seconds(minutes * 60).unwrap(),
            steps: Some(300),
            surface: Surface::Grass,
            incline_percent: None,
            pain: None,
            note: None,
        }
    }

    /// Adds `walk(start, minutes)` to `doc`, as of `NOW`.
    pub(crate) fn add(doc: &mut Document, start: &str, minutes: u64) -> Session {
        doc.add(walk(start, minutes), at(NOW)).unwrap()
    }
}
