//! The next morning: how the body felt on the morning after a day's
//! walks (the 24-hour check of the pain-monitoring model, adapted from
//! Silbernagel et al. 2007), and what it means for the plan. The records
//! themselves are values the document keeps (`model::morning`), below the
//! day's totals that read them; they are reached here too, as before.

/// A next-morning pain above this holds the plan, as pain after a walk.
pub const HOLD_ABOVE: u8 = crate::days::PAIN_HOLD_ABOVE;

pub use crate::model::morning::{Morning, clear, set};
