//! The rule that two walks never share a moment, nor a walk and the
//! running timer.

use chrono::{DateTime, FixedOffset};

use super::{NewSession, Session, Timer, WalkDuration};

/// Why a walk cannot be stored: it overlaps another or the running timer.
#[derive(Clone, Debug, PartialEq)]
pub enum Overlap {
    Session(Session),
    Timer(Timer),
    /// Another walk of the same import.
    Incoming(NewSession),
}

/// The first stored session (in time order, `sessions` sorted by start)
/// whose span shares a moment with `[start, end)`, other than `except`.
pub fn overlapping(
    sessions: &[Session],
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    except: Option<u64>,
) -> Option<&Session> {
    // No walk lasts more than a day, so only those that started in the
    // day before `start` can reach into it.
    let earliest = start - chrono::Duration::seconds(WalkDuration::MAX_SECONDS.into());
    let from = sessions.partition_point(|s| s.start <= earliest);
    sessions[from..]
        .iter()
        .take_while(|s| s.start < end)
        .find(|s| Some(s.id) != except && s.overlaps(start, end))
}

/// Refuses a walk spanning `[start, end)` that overlaps a stored walk
/// (other than `except`) or the running timer, from its start to `now`.
pub fn check_overlap(
    sessions: &[Session],
    timer: Option<&Timer>,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    except: Option<u64>,
) -> Result<(), Overlap> {
    if let Some(other) = overlapping(sessions, start, end, except) {
        return Err(Overlap::Session(other.clone()));
    }
    match timer {
        Some(timer) if start < now && timer.start < end => Err(Overlap::Timer(timer.clone())),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::tests::{NOW, add, at, walk};
    use crate::model::{AddError, Document, Extra, Overlap, Surface, Timer};

    #[test]
    fn overlaps_are_half_open_and_name_the_other_walk() {
        let mut doc = Document::default();
        add(&mut doc, "2026-11-20T07:00:00+01:00", 30);
        // Touching at 07:30 is not overlapping; starting at 07:29 is.
        add(&mut doc, "2026-11-20T07:30:00+01:00", 5);
        let refused = doc.add(walk("2026-11-20T07:29:00+01:00", 1), at(NOW));
        assert!(matches!(&refused, Err(AddError::Overlap(Overlap::Session(s))) if s.id == 1));
        // A walk of the day before that reaches past midnight.
        add(&mut doc, "2026-11-18T23:00:00+01:00", 120);
        let refused = doc.add(walk("2026-11-19T00:30:00+01:00", 5), at(NOW));
        assert!(matches!(&refused, Err(AddError::Overlap(Overlap::Session(s))) if s.id == 3));
        // The running timer, from its start to now.
        doc.timer = Some(Timer {
            start: at("2026-11-21T18:00:00+01:00"),
            surface: Surface::Track,
            note: None,
            extra: Extra::new(),
        });
        let refused = doc.add(walk("2026-11-21T18:22:00+01:00", 8), at(NOW));
        assert!(matches!(refused, Err(AddError::Overlap(Overlap::Timer(_)))));
        add(&mut doc, "2026-11-21T17:52:00+01:00", 8);
        assert_eq!(doc.sessions.len(), 4);
    }
}
