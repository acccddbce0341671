//! `transfer::read_sessions`, the same bytes as JSON and as CSV: never
//! panics, and what it imports, once stored and exported in that format,
//! imports again to the same sessions (PRODUCT.md: "importing its own
//! export into an empty store reproduces it").
#![no_main]

use backwalk::cli::Format;
use backwalk::clock::Clock;
use backwalk::model::{Document, NewSession, Session};
use backwalk::render;
use backwalk::transfer;
use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;

fn clock() -> Clock {
    let now = DateTime::parse_from_rfc3339("2026-11-21T18:30:00+01:00").expect("a fixed now");
    Clock::new(now.with_timezone(&Utc), "Europe/Berlin".parse().expect("a zone"))
}

/// A stored session as the importer would read it back.
fn as_new(session: &Session) -> NewSession {
    NewSession {
        start: session.start,
        duration: session.duration_seconds,
        steps: session.steps,
        surface: session.surface,
        incline_percent: session.incline_percent,
        note: session.note.clone(),
    }
}

fuzz_target!(|bytes: &[u8]| {
    let clock = clock();
    for format in [Format::Json, Format::Csv] {
        let Ok(sessions) = transfer::read_sessions(bytes, format, &clock) else {
            continue;
        };
        let mut document = Document::default();
        for session in sessions {
            assert!(
                session.start <= clock.now(),
                "{format:?}: a start in the future: {session:?}"
            );
            document.add(session);
        }
        let exported = match format {
            Format::Json => {
                let mut json = Vec::new();
                render::views::write_sessions(&mut json, &document.sessions, None).expect("JSON export");
                json
            }
            Format::Csv => render::csv::sessions(&document.sessions, None).expect("CSV export"),
        };
        let stored: Vec<NewSession> = document.sessions.iter().map(as_new).collect();
        match transfer::read_sessions(&exported, format, &clock) {
            Ok(again) => assert_eq!(again, stored, "{format:?} round trip"),
            // An export of no sessions is a header or `[]`: nothing to compare.
            Err(_) if stored.is_empty() => {}
            Err(e) => panic!(
                "{format:?}: the export of what was imported is refused: {e:?}\n{}",
                String::from_utf8_lossy(&exported)
            ),
        }
    }
});
