//! One cell of the SVG calendar: its fill and outline by the day's
//! outcome, the step-up triangle, the pain frame and the day's number.
//! The grid and the key draw their cells here alike.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::hover::day_title;
use super::xml::escape;
use super::{CELL, NUMBER_SIZE, STEP_UP_BOTTOM, STEP_UP_TOP};
use crate::render::number;
use crate::summary::calendar::{DayOutcome, MarkedDay};

/// Fill, outline, whether the white inner frame is drawn: lightness falls
/// from state to state (greyscale about 255, 200, 98, 44), and the hues
/// (amber, green, plum) only add to it.
fn outcome_paint(outcome: DayOutcome) -> (&'static str, &'static str, bool) {
    match outcome {
        DayOutcome::NoWalk => ("#ffffff", "#a8a8a8", false),
        DayOutcome::BelowTarget => ("#f0c75e", "#b8902a", false),
        DayOutcome::OnTarget => ("#217a3c", "#217a3c", false),
        DayOutcome::AboveRange => ("#5c1a4a", "#5c1a4a", true),
    }
}

/// The pain frame: a dark red, dark in greyscale too.
const PAIN_INK: &str = "#b71c1c";

/// A square drawn `inset` inside the cell at `x`, `y` (outside it when
/// negative), with its paint in `attributes`: the cell, its inner frame
/// and the pain frame differ only in these.
fn square(x: f64, y: f64, inset: f64, attributes: &str) -> String {
    let side = number(CELL - 2.0 * inset);
    format!(
        r#"<rect x="{}" y="{}" width="{side}" height="{side}" {attributes}/>"#,
        number(x + inset),
        number(y + inset),
    )
}

/// The shapes of one cell whose top-left corner is at `x`, `y`: the same
/// function draws the grid and the key, so the key cannot drift.
pub(super) fn cell_shapes(x: f64, y: f64, outcome: DayOutcome, step_up: bool, pain: bool) -> String {
    let (fill, stroke, inner_frame) = outcome_paint(outcome);
    let mut out = square(x, y, 0.5, &format!(r#"rx="2" fill="{fill}" stroke="{stroke}""#));
    if inner_frame {
        out.push_str(&square(
            x,
            y,
            2.0,
            r##"fill="none" stroke="#ffffff" stroke-width="1.5""##,
        ));
    }
    if step_up {
        // White with a dark edge, so it shows on a light cell too; small
        // and at the top, so the day's number below it stays legible.
        let _ = write!(
            out,
            r##"<path d="M{} {}L{} {}L{} {}Z" fill="#ffffff" stroke="#111111" stroke-width="0.75" stroke-linejoin="round"/>"##,
            number(x + CELL / 2.0),
            number(y + STEP_UP_TOP),
            number(x + CELL / 2.0 + 2.5),
            number(y + STEP_UP_BOTTOM),
            number(x + CELL / 2.0 - 2.5),
            number(y + STEP_UP_BOTTOM),
        );
    }
    if pain {
        out.push_str(&square(
            x,
            y,
            -2.0,
            &format!(r#"rx="3.5" fill="none" stroke="{PAIN_INK}" stroke-width="2""#),
        ));
    }
    out
}

/// The day of the month printed in its cell, so a printout shows which
/// day is which without a hover: light on the dark cells, dark on the
/// light ones; on a step-up day lower, below the triangle.
fn day_number(x: f64, y: f64, day: &MarkedDay) -> String {
    let ink = match day.outcome {
        DayOutcome::OnTarget | DayOutcome::AboveRange => "#ffffff",
        _ => "#111111",
    };
    let baseline = if day.step_up { CELL - 3.0 } else { CELL / 2.0 + 2.5 };
    format!(
        r#"<text x="{}" y="{}" font-size="{NUMBER_SIZE}" text-anchor="middle" fill="{ink}">{}</text>"#,
        number(x + CELL / 2.0),
        number(y + baseline),
        day.date.day()
    )
}

/// A day in range: its hover title, its shapes and its number.
pub(super) fn day_cell(x: f64, y: f64, day: &MarkedDay) -> String {
    format!(
        "<g><title>{}</title>{}{}</g>\n",
        escape(&day_title(day)),
        cell_shapes(x, y, day.outcome, day.step_up, day.pain_above_threshold()),
        day_number(x, y, day)
    )
}

/// A day still to come: a white cell that only carries its title.
pub(super) fn future_cell(x: f64, y: f64, date: NaiveDate) -> String {
    format!(
        r##"<g><title>{} · still to come</title><rect x="{}" y="{}" width="{CELL}" height="{CELL}" fill="#ffffff"/></g>"##,
        date.format("%Y-%m-%d %a"),
        number(x),
        number(y),
    ) + "\n"
}
