//! `list`: a header and one row per walk.

use super::{steps_text, surface_text};
use crate::clock::Clock;
use crate::model::Session;
use crate::parse::format_duration;
use crate::render::{Paint, Style, WIDTH, cut, pad_left, safe, width};

pub fn list_header(style: &Style) -> String {
    style.paint(
        &format!(
            "{:>7} {:<20} {:>8} {:>6} {:<15} {:>4} note",
            "id", "start", "time", "steps", "surface", "pain"
        ),
        Paint::Dim,
    )
}

/// One row of `list`; the note is cut to fit the line.
pub fn list_row(session: &Session, clock: &Clock, style: &Style) -> String {
    let fixed = format!(
        "{:>7} {:<20} {:>8} {:>6} {:<15} {:>4} ",
        format!("#{}", session.id),
        clock
            .local(&session.start)
            .format("%a %Y-%m-%d %H:%M")
            .to_string(),
        format_duration(session.seconds()),
        pad_left(&steps_text(session.steps, *style), 6),
        surface_text(session),
        session
            .pain
            .map_or_else(|| style.em_dash().to_string(), |p| p.to_string()),
    );
    let room = WIDTH.saturating_sub(width(&fixed));
    let note = session
        .note
        .as_deref()
        .map(|n| cut(&safe(n), room, style))
        .unwrap_or_default();
    format!("{fixed}{note}").trim_end().to_string()
}
