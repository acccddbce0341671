//! `list`: a header and one row per walk.

use super::{steps_text, surface_text};
use crate::clock::Clock;
use crate::model::Session;
use crate::parse::format_duration;
use crate::render::table::{Columns, Side};
use crate::render::{Paint, Style, WIDTH, cut, safe, width};

/// The columns of `list`; the last, the note, takes what the line has left.
const WALK_COLUMNS: Columns = Columns {
    indent: "",
    gap: " ",
    widths: &[
        (7, Side::Right),
        (20, Side::Left),
        (8, Side::Right),
        (6, Side::Right),
        (15, Side::Left),
        (4, Side::Right),
        (0, Side::Left),
    ],
};

pub fn list_header(style: Style) -> String {
    let header = WALK_COLUMNS.row(&["id", "start", "time", "steps", "surface", "pain", "note"]);
    style.paint(&header, Paint::Dim)
}

/// One row of `list`; the note is cut to fit the line.
pub fn list_row(session: &Session, clock: &Clock, style: Style) -> String {
    let start = clock.local(&session.start).format("%a %Y-%m-%d %H:%M");
    let pain = session
        .pain
        .map_or_else(|| style.em_dash().to_string(), |p| p.to_string());
    let mut cells = [
        format!("#{}", session.id),
        start.to_string(),
        format_duration(session.seconds()),
        steps_text(session.steps, style),
        surface_text(session),
        pain,
        String::new(),
    ];
    let fixed = WALK_COLUMNS.row(&cells.each_ref().map(String::as_str));
    let room = WIDTH.saturating_sub(width(&fixed));
    if let Some(note) = &session.note {
        cells[6] = cut(&safe(note), room, style);
    }
    WALK_COLUMNS
        .row(&cells.each_ref().map(String::as_str))
        .trim_end()
        .to_string()
}
