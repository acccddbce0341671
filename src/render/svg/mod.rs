//! `calendar --svg`: the calendar as one self-contained SVG document, for
//! sharing or printing (a physiotherapist hovering a day sees its figures).
//!
//! The same picture as the terminal: weeks as columns, Monday on top,
//! month and year labels, weekday labels, a key. Nothing outside the file
//! is referenced (no script, font, image, style sheet, link or `url(…)`),
//! so it opens the same anywhere.
//!
//! Printed in black and white it still reads, because the states differ
//! in lightness and shape, not only in hue: no walk is an empty outline,
//! below target a light fill, on target a dark fill, above the range the
//! darkest fill with a white inner frame. A step-up is a white triangle
//! inside the cell and pain above 5 a dark frame around it, in the gap
//! between cells, so neither mark hides the day's state.

mod cell;
mod hover;
mod key;
mod layout;
mod xml;

use std::fmt::Write as _;
use std::ops::Range;

use chrono::Duration;

use super::calendar::{LabelFit, Slot, WEEKDAYS, block_labels, slot, title};
use crate::render::number;
use crate::summary::calendar::Calendar;
use layout::{Layout, layout};
use xml::{escape, text_element};

/// A year of weeks per row: the usual one-year view is a single block.
const WEEKS_PER_BLOCK: usize = 53;
const MARGIN: f64 = 16.0;
const CELL: f64 = 16.0;
/// The gap between cells leaves room for the pain frame.
const GAP: f64 = 4.0;
const PITCH: f64 = CELL + GAP;
/// Weekday labels, left of the grid.
const GUTTER: f64 = 34.0;
/// Room above each block's grid for the year and month rows.
const LABELS_HEIGHT: f64 = 34.0;
const BLOCK_GAP: f64 = 22.0;
/// Narrower grids still leave room for the title, summary and key.
const MIN_CONTENT_WIDTH: f64 = 560.0;
const TITLE_SIZE: f64 = 16.0;
const TEXT_SIZE: f64 = 12.0;
const LABEL_SIZE: f64 = 11.0;
const LINE_HEIGHT: f64 = 17.0;
const INK: &str = "#222222";
/// The day numbers in the cells.
const NUMBER_SIZE: f64 = 7.0;
/// The step-up triangle's apex and base, from the cell's top.
const STEP_UP_TOP: f64 = 2.0;
const STEP_UP_BOTTOM: f64 = 6.5;

/// The calendar as a standalone SVG document, drawn top to bottom.
pub fn calendar_svg(cal: &Calendar) -> String {
    let layout = layout(cal);
    let mut out = String::new();
    document_start(&mut out, cal, &layout);
    heading(&mut out, cal, &layout);
    for (block, top) in layout.blocks.iter().zip(&layout.block_tops) {
        block_labels_svg(&mut out, cal, &layout, block, *top);
        weekday_labels(&mut out, *top);
        block_cells(&mut out, cal, &layout, block);
    }
    key::draw(&mut out, cal, &layout);
    out.push_str("</svg>\n");
    out
}

/// The XML declaration, the `<svg>` element with its size, the
/// document's title and a white page.
fn document_start(out: &mut String, cal: &Calendar, layout: &Layout) {
    let (width, height) = (number(layout.width), number(layout.height));
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" fill="{INK}" role="img">"#
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&title(cal)));
    let _ = writeln!(
        out,
        r##"<rect width="{width}" height="{height}" fill="#ffffff"/>"##
    );
}

/// The title in bold, then the summary lines.
fn heading(out: &mut String, cal: &Calendar, layout: &Layout) {
    let mut y = MARGIN + TITLE_SIZE;
    text_element(out, MARGIN, y, TITLE_SIZE, r#" font-weight="bold""#, &title(cal));
    y += 4.0;
    for line in &layout.summary {
        y += LINE_HEIGHT;
        text_element(out, MARGIN, y, TEXT_SIZE, "", line);
    }
}

/// The year and month labels above one block whose grid starts at `top`.
fn block_labels_svg(out: &mut String, cal: &Calendar, layout: &Layout, block: &Range<usize>, top: f64) {
    let label_width = |t: &str| layout::text_width(t, LABEL_SIZE);
    let fit = LabelFit {
        unit: PITCH,
        width: &label_width,
        gap: 6.0,
        limit: layout.width - 2.0 * MARGIN - GUTTER,
    };
    let labels = block_labels(cal, &layout.grid, block, &fit);
    let left = MARGIN + GUTTER;
    for (col, year) in &labels.years {
        let x = left + *col as f64 * PITCH;
        text_element(out, x, top - 20.0, LABEL_SIZE, r##" fill="#555555""##, year);
    }
    for (col, month) in &labels.months {
        let x = left + *col as f64 * PITCH;
        text_element(out, x, top - 6.0, LABEL_SIZE, "", month);
    }
}

/// `Mon` to `Sun` left of a block's rows.
fn weekday_labels(out: &mut String, top: f64) {
    for (row, weekday) in WEEKDAYS.iter().enumerate() {
        let y = top + row as f64 * PITCH + CELL / 2.0 + LABEL_SIZE * 0.35;
        text_element(out, MARGIN, y, LABEL_SIZE, "", weekday);
    }
}

/// Every cell of one block, week by week: a day with its title, a blank
/// day still to come, or nothing outside the range.
fn block_cells(out: &mut String, cal: &Calendar, layout: &Layout, block: &Range<usize>) {
    for week in block.clone() {
        for row in 0..7 {
            let date = layout.grid.monday(week) + Duration::days(row);
            let Some((x, y)) = layout.cell_origin(date) else {
                continue;
            };
            match slot(cal, date) {
                Slot::Outside => {}
                Slot::Future => out.push_str(&cell::future_cell(x, y, date)),
                Slot::Day(day) => out.push_str(&cell::day_cell(x, y, &day)),
            }
        }
    }
}

#[cfg(test)]
mod tests;
