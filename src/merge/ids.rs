//! The ids of the merged walks: THEIRS' ids stay, this side's walks
//! that would clash get ids above every id either side used.

use std::collections::BTreeSet;

use super::Renumbered;
use crate::model::{Document, Session};

/// The merged walks under their final ids.
pub(super) struct Numbered {
    pub walks: Vec<Session>,
    pub renumbered: Vec<Renumbered>,
    /// The id the merged store gives next.
    pub next_id: u64,
}

/// Settles the ids of `held` (the walks THEIRS holds, under its ids) and
/// `own` (this side's others, each with whether it is new), given the
/// three versions and THEIRS' next id.
pub(super) fn settle(
    held: Vec<Session>,
    mut own: Vec<(Session, bool)>,
    versions: [&Document; 3],
    theirs_next_id: u64,
) -> Numbered {
    let mut next_id = versions
        .iter()
        .map(|d| d.next_id)
        .chain(
            held.iter()
                .chain(own.iter().map(|(s, _)| s))
                .map(|s| s.id.saturating_add(1)),
        )
        .max()
        .unwrap_or(1);
    let mut used: BTreeSet<u64> = BTreeSet::new();
    let mut renumbered = Vec::new();
    let mut kept: Vec<Session> = Vec::with_capacity(held.len() + own.len());
    let mut give_new_id = |session: &mut Session, renumbered: &mut Vec<Renumbered>| {
        renumbered.push(Renumbered {
            from: session.id,
            to: next_id,
            start: session.start,
        });
        session.id = next_id;
        next_id = next_id.saturating_add(1);
    };
    for mut session in held {
        if !used.insert(session.id) {
            give_new_id(&mut session, &mut renumbered);
            used.insert(session.id);
        }
        kept.push(session);
    }
    own.sort_by_key(|(s, _)| (s.start, s.id));
    for (mut session, new) in own {
        // A walk the remote never saw, under an id the remote gave out.
        if used.contains(&session.id) || (new && session.id < theirs_next_id) {
            give_new_id(&mut session, &mut renumbered);
        }
        used.insert(session.id);
        kept.push(session);
    }
    Numbered {
        walks: kept,
        renumbered,
        next_id,
    }
}
