//! `read_sessions`, the same bytes as JSON and as CSV: never
//! panics, and what it imports, once stored and exported in that format,
//! imports again to the same sessions (a promise of `import`: "importing its own
//! export into an empty store reproduces it").
#![no_main]

use backwalk::{
    Clock, Document, ImportFormat as Format, NewSession, csv_sessions, read_sessions,
    write_json_sessions,
};
use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;

fn clock() -> Clock {
    let now = DateTime::parse_from_rfc3339("2026-11-21T18:30:00+01:00").expect("a fixed now");
    Clock::new(now.with_timezone(&Utc), "Europe/Berlin".parse().expect("a zone"))
}

fuzz_target!(|bytes: &[u8]| {
    let clock = clock();
    for format in [Format::Json, Format::Csv] {
        let Ok(sessions) = read_sessions(bytes, format, &clock) else {
            continue;
        };
        let mut document = Document::default();
        for session in sessions {
            assert!(
                session.start <= clock.now(),
                "{format:?}: a start in the future: {session:?}"
            );
            // Walks that overlap are refused by the store: leave them out.
            let _ = document.add(session, clock.now());
        }
        let exported = match format {
            Format::Json => {
                let mut json = Vec::new();
                write_json_sessions(&mut json, document.sessions.iter().map(|s| (s, None))).expect("JSON export");
                json
            }
            Format::Csv => csv_sessions(document.sessions.iter().map(|s| (s, None))).expect("CSV export"),
        };
        let stored: Vec<NewSession> = document.sessions.iter().map(|s| s.as_new()).collect();
        match read_sessions(&exported, format, &clock) {
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
