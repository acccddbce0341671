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

use std::fmt::Write as _;

use chrono::{Datelike, Duration};

use super::calendar::{
    Calendar, CalendarDay, DayState, Grid, LabelFit, PAIN_THRESHOLD, Slot, WEEKDAYS, block_labels,
    join_wrapped, slot, summary_parts, title,
};
use super::count;
use crate::parse::format_duration;

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

/// A generous estimate of how wide a line of sans-serif text is, so that
/// labels and lines never run into each other whatever the font.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.6
}

/// Fill, outline, whether the white inner frame is drawn: lightness falls
/// from state to state (greyscale about 255, 200, 98, 44), and the hues
/// (amber, green, plum) only add to it.
fn state_paint(state: DayState) -> (&'static str, &'static str, bool) {
    match state {
        DayState::None => ("#ffffff", "#a8a8a8", false),
        DayState::Below => ("#f0c75e", "#b8902a", false),
        DayState::OnTarget => ("#217a3c", "#217a3c", false),
        DayState::AboveRange => ("#5c1a4a", "#5c1a4a", true),
    }
}

/// The pain frame: a dark red, dark in greyscale too.
const PAIN_INK: &str = "#b71c1c";

fn num(value: f64) -> String {
    format!("{}", (value * 100.0).round() / 100.0)
}

/// Text for XML: `&`, `<`, `>` and quotes escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The shapes of one cell whose top-left corner is at `x`, `y`: the same
/// function draws the grid and the key, so the key cannot drift.
fn cell_shapes(x: f64, y: f64, state: DayState, step_up: bool, pain: bool) -> String {
    let (fill, stroke, inner_frame) = state_paint(state);
    let mut out = format!(
        r#"<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="{fill}" stroke="{stroke}"/>"#,
        num(x + 0.5),
        num(y + 0.5),
        num(CELL - 1.0),
        num(CELL - 1.0),
    );
    if inner_frame {
        let _ = write!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#ffffff" stroke-width="1.5"/>"##,
            num(x + 2.0),
            num(y + 2.0),
            num(CELL - 4.0),
            num(CELL - 4.0),
        );
    }
    if step_up {
        // White with a dark edge, so it shows on a light cell too; small
        // and at the top, so the day's number below it stays legible.
        let _ = write!(
            out,
            r##"<path d="M{} {}L{} {}L{} {}Z" fill="#ffffff" stroke="#111111" stroke-width="0.75" stroke-linejoin="round"/>"##,
            num(x + CELL / 2.0),
            num(y + STEP_UP_TOP),
            num(x + CELL / 2.0 + 2.5),
            num(y + STEP_UP_BOTTOM),
            num(x + CELL / 2.0 - 2.5),
            num(y + STEP_UP_BOTTOM),
        );
    }
    if pain {
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="3.5" fill="none" stroke="{PAIN_INK}" stroke-width="2"/>"#,
            num(x - 2.0),
            num(y - 2.0),
            num(CELL + 4.0),
            num(CELL + 4.0),
        );
    }
    out
}

fn minutes_text(minutes: f64) -> String {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a day's seconds: walks of at most 24 hours each, never negative"
    )]
    let seconds = (minutes * 60.0).round() as u64;
    format_duration(seconds)
}

/// The day of the month printed in its cell, so a printout shows which
/// day is which without a hover: light on the dark cells, dark on the
/// light ones; on a step-up day lower, below the triangle.
fn day_number(x: f64, y: f64, day: &CalendarDay) -> String {
    let ink = match day.state {
        DayState::OnTarget | DayState::AboveRange => "#ffffff",
        _ => "#111111",
    };
    let baseline = if day.step_up { CELL - 3.0 } else { CELL / 2.0 + 2.5 };
    format!(
        r#"<text x="{}" y="{}" font-size="{NUMBER_SIZE}" text-anchor="middle" fill="{ink}">{}</text>"#,
        num(x + CELL / 2.0),
        num(y + baseline),
        day.date.day()
    )
}

/// What a hover over a day says, e.g.
/// `2026-11-21 Sat · 1 walk · 12m30s (target 8m) · 310 steps · pain 3 ·
/// on target · above the range`.
pub(crate) fn day_title(day: &CalendarDay) -> String {
    let date = day.date.format("%Y-%m-%d %a");
    if day.state == DayState::None && day.sessions == 0 {
        return format!("{date} · no walk");
    }
    let mut parts = vec![
        date.to_string(),
        format!(
            "{} walk{}",
            day.sessions,
            if day.sessions == 1 { "" } else { "s" }
        ),
    ];
    let minutes = minutes_text(day.minutes);
    parts.push(if day.target_minutes > 0 {
        format!(
            "{minutes} (target {})",
            format_duration(u64::from(day.target_minutes) * 60)
        )
    } else {
        minutes
    });
    parts.push(day.steps.map_or_else(
        || "steps not recorded".to_string(),
        |s| format!("{} steps", count(s)),
    ));
    for (label, pain) in [("pain", day.pain_max), ("next morning pain", day.morning_pain)] {
        if let Some(pain) = pain {
            parts.push(if pain > PAIN_THRESHOLD {
                format!("{label} {pain} (above {PAIN_THRESHOLD})")
            } else {
                format!("{label} {pain}")
            });
        }
    }
    parts.push(
        match day.state {
            DayState::None => "no walk",
            DayState::Below => "below target",
            DayState::OnTarget => "on target",
            // A caution, on a day on target or not.
            DayState::AboveRange if day.on_target => "on target · above the range",
            DayState::AboveRange => "below target · above the range",
        }
        .to_string(),
    );
    if day.step_up {
        parts.push(format!(
            "a step up earned: the new target applies from {}",
            (day.date + Duration::days(1)).format("%a %-d %b")
        ));
    }
    parts.join(" · ")
}

/// Where everything goes.
pub(crate) struct Layout {
    pub grid: Grid,
    pub blocks: Vec<std::ops::Range<usize>>,
    /// The top of each block's grid (below its labels).
    pub block_tops: Vec<f64>,
    pub width: f64,
    pub summary: Vec<String>,
    pub legend_top: f64,
    pub height: f64,
}

/// What a cell of the key shows.
#[derive(Clone, Copy)]
struct Sample {
    state: DayState,
    step_up: bool,
    pain: bool,
}

/// One entry of the key: a sample cell (none for "blank") and its meaning.
struct KeyItem {
    sample: Option<Sample>,
    text: String,
}

/// The key's entries, the states first, then the two marks.
fn legend_items(cal: &Calendar) -> Vec<KeyItem> {
    let item = |state, step_up, pain, text: &str| KeyItem {
        sample: Some(Sample { state, step_up, pain }),
        text: text.to_string(),
    };
    let mut items = vec![
        item(DayState::None, false, false, "no walk"),
        item(DayState::Below, false, false, "below target"),
        item(DayState::OnTarget, false, false, "on target"),
        item(DayState::AboveRange, false, false, "above the range"),
        item(DayState::OnTarget, true, false, "a step up earned"),
        item(
            DayState::Below,
            false,
            true,
            &format!("pain above {PAIN_THRESHOLD}"),
        ),
    ];
    if cal.to > cal.today {
        items.push(KeyItem {
            sample: None,
            text: "blank: still to come".to_string(),
        });
    }
    items
}

const LEGEND_ROW: f64 = 26.0;

/// Lays the key out in rows no wider than `width`: (x, row) per item.
fn legend_positions(items: &[KeyItem], width: f64) -> Vec<(f64, usize)> {
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

pub(crate) fn layout(cal: &Calendar) -> Layout {
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
    pub(crate) fn cell_origin(&self, date: chrono::NaiveDate) -> Option<(f64, f64)> {
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

fn text_element(out: &mut String, x: f64, y: f64, size: f64, extra: &str, text: &str) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}"{extra}>{}</text>"#,
        num(x),
        num(y),
        num(size),
        escape(text)
    );
    out.push('\n');
}

/// The calendar as a standalone SVG document.
#[allow(
    clippy::too_many_lines,
    reason = "one document, written top to bottom as it draws"
)]
pub fn calendar_svg(cal: &Calendar) -> String {
    let layout = layout(cal);
    let (width, height) = (num(layout.width), num(layout.height));
    let heading = title(cal);
    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" fill="{INK}" role="img">"#
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&heading));
    let _ = writeln!(
        out,
        r##"<rect width="{width}" height="{height}" fill="#ffffff"/>"##
    );
    let mut y = MARGIN + TITLE_SIZE;
    text_element(
        &mut out,
        MARGIN,
        y,
        TITLE_SIZE,
        r#" font-weight="bold""#,
        &heading,
    );
    y += 4.0;
    for line in &layout.summary {
        y += LINE_HEIGHT;
        text_element(&mut out, MARGIN, y, TEXT_SIZE, "", line);
    }
    let label_width = |t: &str| text_width(t, LABEL_SIZE);
    let fit = LabelFit {
        unit: PITCH,
        width: &label_width,
        gap: 6.0,
        limit: layout.width - 2.0 * MARGIN - GUTTER,
    };
    for (block, top) in layout.blocks.iter().zip(&layout.block_tops) {
        let labels = block_labels(cal, &layout.grid, block, &fit);
        let left = MARGIN + GUTTER;
        for (col, year) in &labels.years {
            let x = left + *col as f64 * PITCH;
            text_element(&mut out, x, top - 20.0, LABEL_SIZE, r##" fill="#555555""##, year);
        }
        for (col, month) in &labels.months {
            let x = left + *col as f64 * PITCH;
            text_element(&mut out, x, top - 6.0, LABEL_SIZE, "", month);
        }
        for (row, weekday) in WEEKDAYS.iter().enumerate() {
            let y = top + row as f64 * PITCH + CELL / 2.0 + LABEL_SIZE * 0.35;
            text_element(&mut out, MARGIN, y, LABEL_SIZE, "", weekday);
        }
        for week in block.clone() {
            for row in 0..7 {
                let date = layout.grid.monday(week) + Duration::days(row);
                let Some((x, y)) = layout.cell_origin(date) else {
                    continue;
                };
                match slot(cal, date) {
                    Slot::Outside => {}
                    // A white cell that only carries its title.
                    Slot::Future => {
                        let _ = writeln!(
                            out,
                            r##"<g><title>{} · still to come</title><rect x="{}" y="{}" width="{CELL}" height="{CELL}" fill="#ffffff"/></g>"##,
                            date.format("%Y-%m-%d %a"),
                            num(x),
                            num(y),
                        );
                    }
                    Slot::Day(day) => {
                        let _ = writeln!(
                            out,
                            "<g><title>{}</title>{}{}</g>",
                            escape(&day_title(&day)),
                            cell_shapes(x, y, day.state, day.step_up, day.pain_above_threshold()),
                            day_number(x, y, &day)
                        );
                    }
                }
            }
        }
    }
    let items = legend_items(cal);
    let positions = legend_positions(&items, layout.width - 2.0 * MARGIN);
    for (KeyItem { sample, text }, (x, row)) in items.iter().zip(positions) {
        let x = MARGIN + x;
        let y = layout.legend_top + row as f64 * LEGEND_ROW;
        let text_x = match sample {
            Some(Sample { state, step_up, pain }) => {
                out.push_str(&cell_shapes(x, y, *state, *step_up, *pain));
                out.push('\n');
                x + CELL + 8.0
            }
            None => x,
        };
        text_element(
            &mut out,
            text_x,
            y + CELL / 2.0 + TEXT_SIZE * 0.35,
            TEXT_SIZE,
            "",
            text,
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::calendar::test_support::{calendar, date, patterned, walk};
    use super::*;
    use chrono::NaiveDate;
    use resvg::tiny_skia::{Pixmap, Transform};
    use resvg::usvg;

    /// Pixels per SVG unit: 2 makes the 1.5-unit lines solid pixels.
    const SCALE: f32 = 2.0;

    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a picture's size in pixels: positive and small"
    )]
    fn render(svg: &str) -> Pixmap {
        let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("the SVG parses");
        let size = tree.size();
        let mut pixmap = Pixmap::new(
            (size.width() * SCALE).ceil() as u32,
            (size.height() * SCALE).ceil() as u32,
        )
        .expect("a pixmap");
        resvg::render(&tree, Transform::from_scale(SCALE, SCALE), &mut pixmap.as_mut());
        pixmap
    }

    /// Greyscale lightness (0 black, 255 white) at an SVG point, as a
    /// black-and-white printer would see it.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a point inside the picture: positive and small"
    )]
    fn luma(pixmap: &Pixmap, x: f64, y: f64) -> f64 {
        let p = pixmap
            .pixel((x * f64::from(SCALE)) as u32, (y * f64::from(SCALE)) as u32)
            .expect("inside the picture");
        assert_eq!(p.alpha(), 255, "the background is opaque");
        0.2126 * f64::from(p.red()) + 0.7152 * f64::from(p.green()) + 0.0722 * f64::from(p.blue())
    }

    /// One week of each state and mark, seen on its Sunday.
    fn week() -> Calendar {
        calendar("2026-11-16", "2026-11-22", "2026-11-22", |d| match d.day() {
            16 => CalendarDay::no_walk(d),
            17 => walk(d, DayState::Below, false, None),
            18 => walk(d, DayState::OnTarget, false, None),
            19 => walk(d, DayState::AboveRange, false, None),
            20 => walk(d, DayState::OnTarget, true, None),
            21 => walk(d, DayState::AboveRange, true, None),
            _ => walk(d, DayState::Below, false, Some(8)),
        })
    }

    fn origin(cal: &Calendar, day: &str) -> (f64, f64) {
        layout(cal).cell_origin(date(day)).expect("in the grid")
    }

    #[test]
    fn states_differ_in_greyscale_by_a_clear_margin() {
        let cal = week();
        let pixmap = render(&calendar_svg(&cal));
        let centre = |day: &str| {
            let (x, y) = origin(&cal, day);
            luma(&pixmap, x + CELL / 2.0, y + CELL / 2.0)
        };
        let none = centre("2026-11-16");
        let below = centre("2026-11-17");
        let on_target = centre("2026-11-18");
        let above = centre("2026-11-19");
        assert!(none > 250.0, "no walk is white: {none}");
        assert!(on_target < 120.0, "on target is dark: {on_target}");
        let levels = [none, below, on_target, above];
        for (i, a) in levels.iter().enumerate() {
            for b in &levels[i + 1..] {
                assert!((a - b).abs() > 40.0, "{levels:?}");
            }
        }
        assert!(
            none > below && below > on_target && on_target > above,
            "{levels:?}"
        );
        // Above the range also differs in shape: a white frame inside.
        let (x, y) = origin(&cal, "2026-11-19");
        assert!(luma(&pixmap, x + 2.0, y + CELL / 2.0) > 200.0);
        let (x, y) = origin(&cal, "2026-11-18");
        assert!(luma(&pixmap, x + 2.0, y + CELL / 2.0) < 120.0);
    }

    #[test]
    fn step_up_and_pain_marks_show_on_their_days() {
        let cal = week();
        let pixmap = render(&calendar_svg(&cal));
        // The triangle's middle: white on a step-up day, whatever its state.
        let triangle = |day: &str| {
            let (x, y) = origin(&cal, day);
            luma(&pixmap, x + CELL / 2.0, y + 5.0)
        };
        assert!(triangle("2026-11-20") > 230.0, "step-up on target");
        assert!(triangle("2026-11-21") > 230.0, "step-up above the range");
        assert!(triangle("2026-11-18") < 120.0, "plain on target");
        assert!(triangle("2026-11-19") < 120.0, "plain above the range");
        // The pain frame, in the gap left of the cell: dark only on the pain day.
        let frame = |day: &str| {
            let (x, y) = origin(&cal, day);
            luma(&pixmap, x - 2.0, y + CELL / 2.0)
        };
        assert!(frame("2026-11-22") < 110.0, "pain above 5");
        for day in [
            "2026-11-16",
            "2026-11-17",
            "2026-11-18",
            "2026-11-19",
            "2026-11-20",
        ] {
            assert!(frame(day) > 250.0, "no frame on {day}");
        }
        // The pain day keeps its own state inside the frame.
        let (x, y) = origin(&cal, "2026-11-22");
        let inside = luma(&pixmap, x + CELL / 2.0, y + CELL / 2.0);
        let (bx, by) = origin(&cal, "2026-11-17");
        assert!((inside - luma(&pixmap, bx + CELL / 2.0, by + CELL / 2.0)).abs() < 1.0);
    }

    #[test]
    fn the_pain_frame_shows_on_every_state() {
        for state in [
            DayState::None,
            DayState::Below,
            DayState::OnTarget,
            DayState::AboveRange,
        ] {
            let cal = calendar("2026-11-16", "2026-11-16", "2026-11-16", |d| {
                // A drawing check: even a cell without walks shows the frame.
                let mut day = walk(d, state, false, None);
                day.pain_max = Some(9);
                day.pain_caution = true;
                day
            });
            let pixmap = render(&calendar_svg(&cal));
            let (x, y) = origin(&cal, "2026-11-16");
            for (px, py) in [
                (x - 2.0, y + 8.0),
                (x + CELL + 2.0, y + 8.0),
                (x + 8.0, y - 2.0),
                (x + 8.0, y + CELL + 2.0),
            ] {
                assert!(luma(&pixmap, px, py) < 110.0, "{state:?}");
            }
        }
    }

    #[test]
    fn the_key_shows_the_same_cells_as_the_grid() {
        let cal = week();
        let svg = calendar_svg(&cal);
        let pixmap = render(&svg);
        let layout = layout(&cal);
        let items = legend_items(&cal);
        let positions = legend_positions(&items, layout.width - 2.0 * MARGIN);
        // Sample points: centre, triangle, frame, inner frame.
        let points = [(8.0, 8.0), (8.0, CELL - 6.5), (-2.0, 8.0), (2.0, 8.0)];
        let grid_day = [
            "2026-11-16",
            "2026-11-17",
            "2026-11-18",
            "2026-11-19",
            "2026-11-20",
            "2026-11-22",
        ];
        assert_eq!(items.len(), grid_day.len());
        for (KeyItem { text, .. }, ((x, row), day)) in items.iter().zip(positions.into_iter().zip(grid_day)) {
            let (kx, ky) = (MARGIN + x, layout.legend_top + row as f64 * LEGEND_ROW);
            let (gx, gy) = origin(&cal, day);
            for (dx, dy) in points {
                let key = luma(&pixmap, kx + dx, ky + dy);
                let grid = luma(&pixmap, gx + dx, gy + dy);
                assert!(
                    (key - grid).abs() < 2.0,
                    "{text} at ({dx}, {dy}): {key} vs {grid}"
                );
            }
            assert!(svg.contains(&format!(">{text}<")), "{text}");
        }
        assert!(!svg.contains("still to come"));
    }

    /// Pulls each day's title and cell corner out of the document.
    fn cells(svg: &str) -> Vec<(NaiveDate, f64, f64, String)> {
        svg.lines()
            .filter_map(|line| {
                let rest = line.strip_prefix("<g><title>")?;
                let (title, shapes) = rest.split_once("</title>")?;
                let attr = |name: &str| -> f64 {
                    let at = shapes.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                    shapes[at..].split('"').next().unwrap().parse().unwrap()
                };
                let day = NaiveDate::parse_from_str(&title[..10], "%Y-%m-%d").unwrap();
                // The outline is drawn half a unit in, for crisp edges.
                let inset = if title.contains("still to come") { 0.0 } else { 0.5 };
                Some((day, attr("x") - inset, attr("y") - inset, title.to_string()))
            })
            .collect()
    }

    /// Every day in range once, in its weekday row and its ISO week's
    /// column; columns counted here by walking the days.
    fn assert_layout(cal: &Calendar) {
        let svg = calendar_svg(cal);
        let found = cells(&svg);
        let days = usize::try_from((cal.to - cal.from).num_days()).expect("dates in order") + 1;
        assert_eq!(found.len(), days);
        assert_eq!(
            svg.matches("<title>").count(),
            days + 1,
            "one per day and the document's"
        );
        let mut column_top = (
            found[0].1,
            found[0].2 - f64::from(found[0].0.weekday().num_days_from_monday()) * PITCH,
        );
        for (i, (day, x, y, _)) in found.iter().enumerate() {
            assert_eq!(
                *day,
                cal.from + Duration::days(i64::try_from(i).expect("a day of the range")),
                "in date order, each once"
            );
            if i > 0 && day.iso_week() != found[i - 1].0.iso_week() {
                let (px, ptop) = column_top;
                let top = y - f64::from(day.weekday().num_days_from_monday()) * PITCH;
                // The next column, or the first column of the next block.
                let next = (*x - (px + PITCH)).abs() < 1e-6 && (top - ptop).abs() < 1e-6;
                let wrapped = (*x - (MARGIN + GUTTER)).abs() < 1e-6 && top > ptop + 7.0 * PITCH;
                assert!(next || wrapped, "{day}: ({x}, {y}) after {column_top:?}");
                column_top = (*x, top);
            }
            let row = f64::from(day.weekday().num_days_from_monday());
            assert!(
                (y - (column_top.1 + row * PITCH)).abs() < 1e-6,
                "{day} in row {row}"
            );
            assert!((x - column_top.0).abs() < 1e-6, "{day} in its week's column");
        }
    }

    #[test]
    fn every_day_once_in_its_weekday_row_and_iso_week_column() {
        for (from, to, today) in [
            ("2026-11-01", "2026-11-25", "2026-11-25"),
            ("2025-11-24", "2026-11-25", "2026-11-25"),
            ("2026-01-01", "2026-12-31", "2026-11-25"),
            ("2028-01-01", "2028-12-31", "2028-12-31"),
            ("2016-12-01", "2026-11-25", "2026-11-25"),
        ] {
            let cal = calendar(from, to, today, patterned);
            assert_layout(&cal);
            usvg::Tree::from_str(&calendar_svg(&cal), &usvg::Options::default()).expect("parses");
        }
        // The leap day, a Tuesday, sits right below Monday 28 February.
        let cal = calendar("2028-01-01", "2028-12-31", "2028-12-31", patterned);
        let layout = layout(&cal);
        let (x, y) = layout.cell_origin(date("2028-02-29")).unwrap();
        let (mx, my) = layout.cell_origin(date("2028-02-28")).unwrap();
        assert_eq!((x, y - my), (mx, PITCH));
        assert_eq!(layout.grid.weeks, 53, "Sat 1 Jan 2028 is in ISO week 52 of 2027");
    }

    #[test]
    fn the_document_is_self_contained() {
        let cal = calendar("2025-11-24", "2026-11-25", "2026-11-25", patterned);
        let svg = calendar_svg(&cal);
        let lower = svg.to_lowercase();
        for banned in [
            "<script",
            "href",
            "url(",
            "@import",
            "<style",
            "<image",
            "<foreignobject",
            "http://www.w3.org/1999",
        ] {
            assert!(!lower.contains(banned), "{banned}");
        }
        assert!(svg.contains("viewBox=\"0 0 "));
        assert!(svg.contains(r#"font-family="sans-serif""#));
        let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("parses");
        let layout = layout(&cal);
        #[allow(clippy::float_cmp, reason = "both are whole numbers: the size is exact")]
        {
            assert_eq!(f64::from(tree.size().width()), layout.width);
            assert_eq!(f64::from(tree.size().height()), layout.height);
        }
        // One block for the year, its weeks drawn inside the picture.
        assert_eq!(layout.blocks.len(), 1);
        let (x, y) = layout.cell_origin(cal.to).unwrap();
        assert!(x + CELL + MARGIN <= layout.width && y + CELL < layout.legend_top);
    }

    #[test]
    fn titles_give_the_figures() {
        let day = CalendarDay {
            date: date("2026-11-21"),
            sessions: 2,
            minutes: 12.5,
            steps: Some(1310),
            state: DayState::AboveRange,
            on_target: true,
            step_up: false,
            pain_max: Some(3),
            morning_pain: None,
            pain_caution: false,
            target_minutes: 8,
        };
        assert_eq!(
            day_title(&day),
            "2026-11-21 Sat · 2 walks · 12m30s (target 8m) · 1,310 steps · pain 3 · on target · \
             above the range"
        );
        let day = CalendarDay {
            steps: None,
            pain_max: Some(7),
            pain_caution: true,
            sessions: 1,
            minutes: 6.0,
            state: DayState::Below,
            on_target: false,
            ..day
        };
        assert_eq!(
            day_title(&day),
            "2026-11-21 Sat · 1 walk · 6m (target 8m) · steps not recorded · pain 7 (above 5) · below target"
        );
        // Above the range, yet below target: 6m of 8m with 500 steps.
        let day = CalendarDay {
            steps: Some(500),
            state: DayState::AboveRange,
            ..day
        };
        assert!(day_title(&day).ends_with("· below target · above the range"));
        // Earned on Friday, the new target is Saturday's.
        let step = walk(date("2026-11-20"), DayState::OnTarget, true, None);
        assert!(
            day_title(&step)
                .ends_with("on target · a step up earned: the new target applies from Sat 21 Nov"),
            "{}",
            day_title(&step)
        );
        assert_eq!(
            day_title(&CalendarDay::no_walk(date("2026-11-20"))),
            "2026-11-20 Fri · no walk"
        );
        // Text is escaped: a title is data, not markup.
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn future_days_are_blank_but_say_so() {
        let cal = calendar("2026-01-01", "2026-12-31", "2026-11-25", patterned);
        let svg = calendar_svg(&cal);
        assert_eq!(svg.matches("still to come</title>").count(), 36);
        let pixmap = render(&svg);
        let (x, y) = layout(&cal).cell_origin(date("2026-12-01")).unwrap();
        assert!(luma(&pixmap, x + CELL / 2.0, y + CELL / 2.0) > 254.0);
        assert!(luma(&pixmap, x + 0.5, y + 0.5) > 254.0, "no outline");
        assert!(svg.contains(">blank: still to come<"));
    }

    /// Writes `target/calendar-example.svg` and a PNG of it (resvg built
    /// without text, so the PNG shows the cells but not the words):
    /// `cargo test --lib render::svg::tests::write_example -- --ignored`.
    #[test]
    #[ignore = "writes an example file to look at"]
    fn write_example() {
        let cal = super::super::calendar::test_support::realistic("2025-11-24", "2026-11-25", "2026-11-25");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
        let svg = calendar_svg(&cal);
        std::fs::write(dir.join("calendar-example.svg"), &svg).unwrap();
        let mut pixmap = render(&svg);
        pixmap.save_png(dir.join("calendar-example-cells.png")).unwrap();
        // As a black-and-white printer would see it.
        for pixel in pixmap.pixels_mut() {
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a weighted mean of bytes: 0 to 255"
            )]
            let grey = (0.2126 * f64::from(pixel.red())
                + 0.7152 * f64::from(pixel.green())
                + 0.0722 * f64::from(pixel.blue())) as u8;
            *pixel = resvg::tiny_skia::PremultipliedColorU8::from_rgba(grey, grey, grey, 255).unwrap();
        }
        pixmap.save_png(dir.join("calendar-example-grey.png")).unwrap();
    }

    #[test]
    fn long_ranges_wrap_into_year_rows() {
        let cal = calendar("2016-12-01", "2026-11-25", "2026-11-25", patterned);
        let layout = layout(&cal);
        assert_eq!(layout.blocks.len(), 10);
        assert!(layout.blocks.iter().all(|b| b.len() <= WEEKS_PER_BLOCK));
        let short = calendar("2026-11-01", "2026-11-03", "2026-11-03", patterned);
        let small = super::layout(&short);
        assert!(small.width >= MIN_CONTENT_WIDTH, "room for the key");
    }
}
