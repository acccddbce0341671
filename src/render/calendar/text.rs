//! The calendar for the terminal: a glyph and a mark per day, weeks in
//! blocks of up to 38 columns, every line within 80 columns.

use std::ops::Range;

use chrono::Duration;

use super::caption::{
    FUTURE_WORDS, STEP_UP_WORDS, join_wrapped, outcome_words, pain_words, summary_parts, title,
};
use super::grid::{Grid, LabelFit, Slot, WEEKDAYS, block_labels, slot};
use crate::render::{Paint, Style, WIDTH};
use crate::summary::calendar::{Calendar, DayOutcome, MarkedDay};

/// Width of the weekday labels and the space after them.
pub(super) const GUTTER: usize = 4;
/// Each day takes a glyph and a mark.
pub(super) const CELL: usize = 2;
/// The most weeks one block of text can hold: 38.
pub(super) const TEXT_WEEKS: usize = (WIDTH - GUTTER) / CELL;

/// The characters of the text calendar.
pub(super) struct Glyphs {
    pub(super) none: char,
    pub(super) below: char,
    pub(super) on_target: char,
    pub(super) above_range: char,
    pub(super) step_up: char,
    pub(super) pain: char,
}

/// Shapes that differ without colour: nothing, hollow, filled, and a
/// triangle for "over the top"; all one column wide (and in the WGL4 set
/// that every common terminal font covers). The step-up mark is `+`
/// (the target rose by a minute) rather than an arrow, which would look
/// like the above-the-range triangle.
pub(super) const UNICODE: Glyphs = Glyphs {
    none: '·',
    below: '○',
    on_target: '●',
    above_range: '▲',
    step_up: '+',
    pain: '!',
};

pub(super) const ASCII: Glyphs = Glyphs {
    none: '.',
    below: 'o',
    on_target: '#',
    above_range: '^',
    step_up: '+',
    pain: '!',
};

pub(super) fn glyphs(style: Style) -> &'static Glyphs {
    if style.unicode { &UNICODE } else { &ASCII }
}

/// An outcome's glyph in its colour: no walk dim, below yellow, on target
/// green, above the range cyan (the accent colour; `Style` has no red,
/// and the triangle already says "caution" without colour).
fn outcome_cell(outcome: DayOutcome, style: Style) -> String {
    let g = glyphs(style);
    let (glyph, paint) = match outcome {
        DayOutcome::NoWalk => (g.none, Paint::Dim),
        DayOutcome::BelowTarget => (g.below, Paint::Warn),
        DayOutcome::OnTarget => (g.on_target, Paint::Good),
        DayOutcome::AboveRange => (g.above_range, Paint::Accent),
    };
    style.paint(&glyph.to_string(), paint)
}

/// The two columns of one day. A day should not carry both marks (pain
/// above 5 holds the step up); if it did, pain is the one shown.
fn day_cell(day: &MarkedDay, style: Style) -> String {
    let g = glyphs(style);
    let mark = if day.pain_above_threshold() {
        style.paint(&g.pain.to_string(), Paint::Bold)
    } else if day.step_up {
        style.paint(&g.step_up.to_string(), Paint::Bold)
    } else {
        " ".to_string()
    };
    format!("{}{mark}", outcome_cell(day.outcome, style))
}

/// A line of labels placed at their columns after the gutter.
fn label_line(labels: &[(usize, String)]) -> String {
    let mut line = " ".repeat(GUTTER);
    for (col, text) in labels {
        let at = GUTTER + col * CELL;
        while line.len() < at {
            line.push(' ');
        }
        line.push_str(text);
    }
    line
}

fn block_text(cal: &Calendar, grid: &Grid, block: &Range<usize>, style: Style) -> Vec<String> {
    let width = |text: &str| text.chars().count() as f64;
    let fit = LabelFit {
        unit: CELL as f64,
        width: &width,
        gap: 1.0,
        limit: (WIDTH - GUTTER) as f64,
    };
    let labels = block_labels(cal, grid, block, &fit);
    let mut lines = vec![
        style.paint(&label_line(&labels.years), Paint::Dim),
        label_line(&labels.months),
    ];
    for (row, weekday) in (0..).zip(WEEKDAYS) {
        let mut line = format!("{weekday:<GUTTER$}");
        for week in block.clone() {
            let date = grid.monday(week) + Duration::days(row);
            match slot(cal, date) {
                Slot::Day(day) => line.push_str(&day_cell(&day, style)),
                Slot::Outside | Slot::Future => line.push_str("  "),
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// The key: every glyph and mark, in the grid's colours.
fn legend(cal: &Calendar, style: Style) -> Vec<String> {
    let g = glyphs(style);
    let outcome = |o| outcome_cell(o, style);
    let bold = |c: char| style.paint(&c.to_string(), Paint::Bold);
    let entry = |o| format!("{} {}", outcome(o), outcome_words(o));
    let mut lines = vec![
        format!(
            "Key: {}   {}   {}   {}",
            entry(DayOutcome::NoWalk),
            entry(DayOutcome::BelowTarget),
            entry(DayOutcome::OnTarget),
            entry(DayOutcome::AboveRange),
        ),
        format!(
            "     {}{} {STEP_UP_WORDS} that day   {}{} {} that day",
            outcome(DayOutcome::OnTarget),
            bold(g.step_up),
            outcome(DayOutcome::BelowTarget),
            bold(g.pain),
            pain_words(),
        ),
    ];
    if cal.to > cal.today {
        lines.push(format!("     {FUTURE_WORDS}"));
    }
    lines
}

/// The calendar for the terminal: title, summary, the weeks in blocks of
/// up to 38 columns, then the key. Every line fits 80 columns.
pub fn calendar_text(cal: &Calendar, style: Style) -> String {
    let grid = Grid::new(cal);
    let mut lines = vec![style.paint(&title(cal), Paint::Bold)];
    let chars = |text: &str| text.chars().count() as f64;
    if grid.weeks > 0 {
        lines.extend(join_wrapped(&summary_parts(cal), "; ", WIDTH as f64, &chars));
    }
    for block in grid.blocks(TEXT_WEEKS) {
        lines.push(String::new());
        lines.extend(block_text(cal, &grid, &block, style));
    }
    lines.push(String::new());
    lines.extend(legend(cal, style));
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
