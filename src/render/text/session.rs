//! One walk: its brief line, its name, the `show` block and what `edit`
//! changed.

use std::fmt::Write;

use super::{kcal_label, steps_text, surface_text};
use crate::clock::Clock;
use crate::model::Session;
use crate::parse::format_duration;
use crate::render::{Paint, Style, WIDTH, cut, plural, safe, wrap};

/// What `edit` changed: the walk before and after, and its note when that
/// changed (the brief line has no room for it).
pub fn edit_text(before: &Session, after: &Session, clock: &Clock, style: Style) -> String {
    let mut text = format!(
        "Before {}\nAfter  {}\n",
        session_brief(before, clock, style),
        session_brief(after, clock, style)
    );
    if before.note != after.note {
        let note = after.note.as_deref().map_or_else(|| "(none)".to_string(), safe);
        let _ = writeln!(text, "{}", cut(&format!("Note   {note}"), WIDTH, style));
    }
    text
}

/// `#12 · 8m · 320 steps · grass · pain 3 · Sat 21 Nov 18:22`
pub fn session_brief(session: &Session, clock: &Clock, style: Style) -> String {
    let dot = style.dot();
    let mut line = format!(
        "{} {dot} {} {dot} ",
        style.paint(&format!("#{}", session.id), Paint::Bold),
        format_duration(session.seconds())
    );
    if let Some(steps) = session.steps {
        let _ = write!(line, "{} {dot} ", plural(steps.into(), "step", "steps"));
    }
    let _ = write!(line, "{} {dot} ", surface_text(session));
    if let Some(pain) = session.pain {
        let _ = write!(line, "pain {pain} {dot} ");
    }
    let _ = write!(line, "{}", clock.local(&session.start).format("%a %-d %b %H:%M"));
    line
}

/// A walk named so a wrong id is seen at once: `#12 · 7m · Sat 21 Nov 18:00`.
pub fn walk_name(session: &Session, clock: &Clock, style: Style) -> String {
    let dot = style.dot();
    format!(
        "#{} {dot} {} {dot} {}",
        session.id,
        format_duration(session.seconds()),
        clock.local(&session.start).format("%a %-d %b %H:%M")
    )
}

/// `show`: every field on its own line; a long note wrapped.
pub fn session_block(session: &Session, clock: &Clock, style: Style, weight_kg: Option<f64>) -> String {
    let mut out = String::new();
    let start = clock.local(&session.start);
    let end = clock.local(&session.end());
    let _ = writeln!(
        out,
        "{}",
        style.paint(&format!("Session #{}", session.id), Paint::Bold)
    );
    let _ = writeln!(out, "  start     {}", start.format("%a %-d %b %Y %H:%M:%S %:z"));
    let _ = writeln!(out, "  end       {}", end.format("%a %-d %b %Y %H:%M:%S %:z"));
    let _ = writeln!(out, "  duration  {}", format_duration(session.seconds()));
    let _ = writeln!(out, "  steps     {}", steps_text(session.steps, style));
    let _ = writeln!(out, "  surface   {}", session.surface);
    if let Some(incline) = session.incline_percent {
        let _ = writeln!(out, "  incline   {incline}%");
    }
    if let Some(pain) = session.pain {
        let _ = writeln!(out, "  pain      {pain} of 10");
    }
    if let Some(note) = &session.note {
        let _ = writeln!(out, "{}", wrap(&safe(note), "  note      ", "            "));
    }
    if let Some(kg) = weight_kg {
        let kcal = crate::plan::session_kcal(session, kg);
        let _ = writeln!(
            out,
            "{}",
            wrap(&kcal_label(kcal, kg), "  energy    ", "            ")
        );
    }
    out
}
