//! Where everything of the SVG calendar goes: the picture's size, each
//! block's top, each day's cell, the key's place.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::key::{LEGEND_ROW, legend_items, legend_positions};
use super::{
    BLOCK_GAP, GUTTER, LABELS_HEIGHT, LINE_HEIGHT, MARGIN, MIN_CONTENT_WIDTH, PITCH, TEXT_SIZE, TITLE_SIZE,
    WEEKS_PER_BLOCK,
};
use crate::render::calendar::{Grid, join_wrapped, summary_parts, title};
use crate::summary::calendar::Calendar;

/// Where everything goes.
pub(super) struct Layout {
    pub grid: Grid,
    pub blocks: Vec<Range<usize>>,
    /// The top of each block's grid (below its labels).
    pub block_tops: Vec<f64>,
    pub width: f64,
    pub summary: Vec<String>,
    pub legend_top: f64,
    pub height: f64,
}

pub(super) fn layout(cal: &Calendar) -> Layout {
    let grid = Grid::new(cal);
    let blocks = grid.blocks(WEEKS_PER_BLOCK);
    let widest = blocks.iter().map(ExactSizeIterator::len).max().unwrap_or(0) as f64;
    let grid_width = GUTTER + widest * PITCH;
    let content = grid_width
        .max(MIN_CONTENT_WIDTH)
        .max(text_width(&title(cal), TITLE_SIZE));
    let summary = join_wrapped(&summary_parts(cal), " · ", content, &|t| {
        text_width(t, TEXT_SIZE)
    });
    let mut y = MARGIN + TITLE_SIZE + 4.0 + summary.len() as f64 * LINE_HEIGHT + 10.0;
    let mut block_tops = Vec::new();
    for _ in &blocks {
        block_tops.push(y + LABELS_HEIGHT);
        y += LABELS_HEIGHT + 7.0 * PITCH + BLOCK_GAP;
    }
    let legend_top = y;
    let rows = legend_positions(&legend_items(cal), content)
        .last()
        .map_or(0, |(_, row)| row + 1);
    Layout {
        grid,
        blocks,
        block_tops,
        width: (content + 2.0 * MARGIN).ceil(),
        summary,
        legend_top,
        height: (legend_top + rows as f64 * LEGEND_ROW + MARGIN).ceil(),
    }
}

impl Layout {
    /// The top-left corner of `date`'s cell, if it is in the grid.
    pub(crate) fn cell_origin(&self, date: NaiveDate) -> Option<(f64, f64)> {
        if date < self.grid.first_monday {
            return None;
        }
        let week = self.grid.column(date);
        let block = self.blocks.iter().position(|b| b.contains(&week))?;
        let row = f64::from(date.weekday().num_days_from_monday());
        Some((
            MARGIN + GUTTER + (week - self.blocks[block].start) as f64 * PITCH,
            self.block_tops[block] + row * PITCH,
        ))
    }
}

/// A generous estimate of how wide a line of sans-serif text is, so that
/// labels and lines never run into each other whatever the font.
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.6
}
