//! A three-way merge of whole stores, for two devices that share one
//! history through git, and for a history moved to another machine:
//! `backwalk merge` (git's merge driver), `backwalk sync` and `import` of
//! a store all use it.
//!
//! Walks are matched by their lasting identity and merged field by
//! field against BASE: a field changed on one side takes that change; a
//! field changed on both sides to different values keeps this side's
//! (OURS) value and is a conflict that names the field, the value kept
//! and the value lost. Walks added on either side are all kept, even two
//! that claim one identity. Ids: walks THEIRS holds (the remote, in a
//! sync) keep THEIRS' ids; this side's new walks whose id THEIRS already
//! used get ids above every id either side used, and are reported. A walk
//! edited on one side and removed on the other is kept and reported. The
//! goals history and the next-morning records are merged by day and
//! field: each field of each day compared with what BASE had (in force)
//! that day. Undo does not reach back across a merge.
//!
//! The parts: `identity` (which walk is which across versions),
//! `fields` (the key-by-key rule every part merges by), `walks`, `ids`,
//! `goals`, `mornings` and `timer`.

mod fields;
mod goals;
mod identity;
mod ids;
mod mornings;
#[cfg(test)]
mod tests;
mod timer;
mod walks;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use serde_json::Value;

pub use goals::merge_goals_history;
pub use identity::{Changes, changes};
pub use mornings::merge_mornings_history;

use crate::model::Document;

/// What a merge could not settle on its own, for the person to know.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Conflict {
    /// The walk concerned (none for the timer and the goals).
    pub id: Option<u64>,
    pub kind: ConflictKind,
    /// The field both sides changed, where it is one field.
    pub field: Option<String>,
    /// The day of the goals or the next morning concerned (none for the
    /// first goals entry, which applies from the beginning).
    pub day: Option<NaiveDate>,
    /// The value kept and the value not kept (null where none).
    pub kept: Value,
    pub lost: Value,
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    BothEdited,
    EditVsRemove,
    Overlap,
    Timer,
    Goals,
    Morning,
}

/// A walk of this side that got a new id, because THEIRS already used
/// its id.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Renumbered {
    pub from: u64,
    pub to: u64,
    #[serde(skip)]
    pub start: DateTime<FixedOffset>,
}

impl Renumbered {
    /// `your walk #2 (Mon 9 Nov 06:00) is now #3`.
    pub fn describe(&self) -> String {
        format!(
            "your walk #{} ({}) is now #{}",
            self.from,
            when(&self.start),
            self.to
        )
    }
}

/// The result of a merge and what it reports.
#[derive(Clone, Debug)]
pub struct Merged {
    pub document: Document,
    pub conflicts: Vec<Conflict>,
    pub renumbered: Vec<Renumbered>,
}

/// `Mon 16 Nov 07:30`: a walk as a person finds it in `list`.
fn when(start: &DateTime<FixedOffset>) -> String {
    start.format("%a %-d %b %H:%M").to_string()
}

/// A value as a sentence shows it: a long note cut to 40 characters
/// (the conflict's `kept` and `lost` keep it whole).
fn shown(value: &Value) -> String {
    const LONGEST: usize = 40;
    match value {
        Value::Null => "none".into(),
        Value::String(text) if text.chars().count() > LONGEST => {
            let cut: String = text.chars().take(LONGEST - 1).collect();
            Value::String(format!("{cut}…")).to_string()
        }
        other => other.to_string(),
    }
}

/// The merge of `ours` and `theirs` from their common `base`.
pub fn merge(base: &Document, ours: &Document, theirs: &Document) -> Merged {
    let mut conflicts = Vec::new();
    let walks = walks::sort(base, ours, theirs, &mut conflicts);
    let numbered = ids::settle(walks.held, walks.own, [base, ours, theirs], theirs.next_id);
    let mut document = Document {
        next_id: numbered.next_id,
        goals: goals::merge_goals(&base.goals, &ours.goals, &theirs.goals, &mut conflicts),
        timer: timer::merge_timer(
            base.timer.as_ref(),
            ours.timer.as_ref(),
            theirs.timer.as_ref(),
            &mut conflicts,
        ),
        undo: Vec::new(),
        redo: Vec::new(),
        sessions: Vec::new(),
        mornings: mornings::merge_mornings(&base.mornings, &ours.mornings, &theirs.mornings, &mut conflicts),
        extra: {
            let mut extra = theirs.extra.clone();
            extra.extend(ours.extra.clone());
            extra
        },
    };
    document.insert_many(numbered.walks);
    walks::report_overlaps(&document, &walks.arriving, &mut conflicts);
    Merged {
        document,
        conflicts,
        renumbered: numbered.renumbered,
    }
}
