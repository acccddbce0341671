//! `calendar`: months of walks at a glance, in 80 columns.
//!
//! Weeks are columns and Monday is on top, as in GitHub's contribution
//! graph. Each day is a cell two characters wide: a glyph for the day's
//! state, then a mark (step-up or pain) or a space. Two columns a day means
//! at most 38 weeks beside the 4-column weekday labels, so a year is cut
//! into blocks stacked one above the other.
//!
//! Why two columns: with one-column cells a mark would have to replace the
//! day's glyph (or ten look-alike glyphs would have to stand for every
//! state-and-mark pair), and a printed page or a `NO_COLOR` terminal would
//! lose either the state or the mark. With the mark in its own column both
//! stay readable, in ASCII too, and the spare column keeps the weeks apart.
//!
//! The model (each day and how it went) is `summary::calendar`'s; this
//! module only draws it. The geometry (`grid`: weeks, blocks, month
//! labels) and the words (`caption`: title, summary) are shared with
//! `render::svg`, which draws the same picture.

mod caption;
mod grid;
mod json;
mod text;

pub(crate) use caption::{
    FUTURE_WORDS, STEP_UP_WORDS, join_wrapped, outcome_words, pain_words, summary_parts, title,
};
pub(crate) use grid::{Grid, LabelFit, Slot, WEEKDAYS, block_labels, slot};
pub use json::CalendarView;
pub use text::calendar_text;

#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests;
