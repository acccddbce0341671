//! The SVG calendar's key: a sample cell for each outcome and mark, drawn
//! by the same function as the grid's cells so the two cannot drift.

use super::cell::cell_shapes;
use super::layout::{Layout, text_width};
use super::xml::text_element;
use super::{CELL, MARGIN, TEXT_SIZE};
use crate::render::calendar::{FUTURE_WORDS, STEP_UP_WORDS, outcome_words, pain_words};
use crate::summary::calendar::{Calendar, DayOutcome};

/// What a cell of the key shows.
#[derive(Clone, Copy)]
pub(super) struct Sample {
    outcome: DayOutcome,
    step_up: bool,
    pain: bool,
}

/// One entry of the key: a sample cell (none for "blank") and its meaning.
pub(super) struct KeyItem {
    pub(super) sample: Option<Sample>,
    pub(super) text: String,
}

/// The key's entries, the states first, then the two marks.
pub(super) fn legend_items(cal: &Calendar) -> Vec<KeyItem> {
    let item = |outcome, step_up, pain, text: &str| KeyItem {
        sample: Some(Sample {
            outcome,
            step_up,
            pain,
        }),
        text: text.to_string(),
    };
    let outcome = |o| item(o, false, false, outcome_words(o));
    let mut items = vec![
        outcome(DayOutcome::NoWalk),
        outcome(DayOutcome::BelowTarget),
        outcome(DayOutcome::OnTarget),
        outcome(DayOutcome::AboveRange),
        item(DayOutcome::OnTarget, true, false, STEP_UP_WORDS),
        item(DayOutcome::BelowTarget, false, true, &pain_words()),
    ];
    if cal.to > cal.today {
        items.push(KeyItem {
            sample: None,
            text: FUTURE_WORDS.to_string(),
        });
    }
    items
}

pub(super) const LEGEND_ROW: f64 = 26.0;

/// Lays the key out in rows no wider than `width`: (x, row) per item.
pub(super) fn legend_positions(items: &[KeyItem], width: f64) -> Vec<(f64, usize)> {
    let mut positions = Vec::new();
    let (mut x, mut row) = (0.0, 0);
    for KeyItem { sample, text } in items {
        let item = if sample.is_some() { CELL + 8.0 } else { 0.0 } + text_width(text, TEXT_SIZE);
        if x > 0.0 && x + item > width {
            x = 0.0;
            row += 1;
        }
        positions.push((x, row));
        x += item + 18.0;
    }
    positions
}

/// The key below the blocks, in rows no wider than the picture.
pub(super) fn draw(out: &mut String, cal: &Calendar, layout: &Layout) {
    let items = legend_items(cal);
    let positions = legend_positions(&items, layout.width - 2.0 * MARGIN);
    for (KeyItem { sample, text }, (x, row)) in items.iter().zip(positions) {
        let x = MARGIN + x;
        let y = layout.legend_top + row as f64 * LEGEND_ROW;
        let text_x = match sample {
            Some(Sample {
                outcome,
                step_up,
                pain,
            }) => {
                out.push_str(&cell_shapes(x, y, *outcome, *step_up, *pain));
                out.push('\n');
                x + CELL + 8.0
            }
            None => x,
        };
        text_element(
            out,
            text_x,
            y + CELL / 2.0 + TEXT_SIZE * 0.35,
            TEXT_SIZE,
            "",
            text,
        );
    }
}
