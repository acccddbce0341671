//! Kept for the store's paths only (`crate::morning::Morning`, and in its
//! tests `set` and `clear`): the next-morning records live in
//! `model::morning` and the pain threshold in `days::PAIN_HOLD_ABOVE`;
//! everything else asks those.

pub use crate::model::morning::Morning;
#[cfg(test)]
pub use crate::model::morning::{clear, set};
