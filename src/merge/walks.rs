//! The walks of a merge: each identity's three versions (BASE, OURS,
//! THEIRS) settled into the walks kept, and the conflicts they raise.

use std::collections::BTreeSet;

use serde_json::Value;

use super::fields::{merge_fields, object};
use super::identity::{Key, keyed, same, single_ids};
use super::{Conflict, ConflictKind, shown, when};
use crate::model::{self, Document, Session};

/// The walks kept, before their ids are settled.
pub(super) struct Sorted {
    /// Walks THEIRS holds, under THEIRS' ids.
    pub held: Vec<Session>,
    /// This side's other walks, each with whether it is new (BASE never
    /// had it) rather than edited here and removed there.
    pub own: Vec<(Session, bool)>,
    /// The ids of the walks only THEIRS added.
    pub arriving: Vec<u64>,
}

/// Each walk of the three versions, matched by identity, kept or
/// dropped, and merged field by field where both sides changed it.
pub(super) fn sort(
    base: &Document,
    ours: &Document,
    theirs: &Document,
    conflicts: &mut Vec<Conflict>,
) -> Sorted {
    let known = single_ids(&[base, ours, theirs]);
    let (b, o, t) = (keyed(base, &known), keyed(ours, &known), keyed(theirs, &known));
    let mut sorted = Sorted {
        held: Vec::with_capacity(t.len().max(o.len())),
        own: Vec::new(),
        arriving: Vec::new(),
    };
    let mut keys: Vec<&Key> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        match (b.get(key).copied(), o.get(key).copied(), t.get(key).copied()) {
            (base, Some(o), Some(t)) => {
                let mut walk = if same(o, t) || base.is_some_and(|b| same(t, b)) {
                    o.clone()
                } else if base.is_some_and(|b| same(o, b)) {
                    t.clone()
                } else {
                    merge_walk(t.id, base, o, t, conflicts)
                };
                walk.id = t.id;
                sorted.held.push(walk);
            }
            (Some(b), Some(o), None) => {
                if !same(o, b) {
                    sorted.own.push((o.clone(), false));
                    conflicts.push(edit_vs_remove(o, "this device", "the other"));
                }
            }
            (Some(b), None, Some(t)) => {
                if !same(t, b) {
                    conflicts.push(edit_vs_remove(t, "the other device", "this one"));
                    sorted.held.push(t.clone());
                }
            }
            (None, Some(o), None) => sorted.own.push((o.clone(), true)),
            (None, None, Some(t)) => {
                sorted.arriving.push(t.id);
                sorted.held.push(t.clone());
            }
            (_, None, None) => {}
        }
    }
    sorted
}

/// A walk edited on both sides (or added on both with one identity),
/// merged field by field; its id is set by the caller.
fn merge_walk(
    id: u64,
    base: Option<&Session>,
    ours: &Session,
    theirs: &Session,
    conflicts: &mut Vec<Conflict>,
) -> Session {
    let strip = |s: &Session| {
        let mut map = object(s);
        map.remove("id");
        map.remove("uid");
        map
    };
    let base_map = base.map(strip);
    let mut merged = merge_fields(
        base_map.as_ref(),
        &strip(ours),
        &strip(theirs),
        |field, kept, lost| {
            conflicts.push(Conflict {
                id: Some(id),
                kind: ConflictKind::BothEdited,
                field: Some(field.to_string()),
                day: None,
                kept: kept.clone(),
                lost: lost.clone(),
                detail: format!(
                    "#{id} ({}): {field} changed on both devices; kept {}, not {}",
                    when(&ours.start),
                    shown(kept),
                    shown(lost)
                ),
            });
        },
    );
    merged.insert("id".into(), Value::from(id));
    match serde_json::from_value::<Session>(Value::Object(merged)) {
        Ok(mut session) => {
            session.uid = ours.uid;
            session
        }
        // Fields that each stood alone but not together: this side's.
        Err(_) => ours.clone(),
    }
}

/// A walk edited on one side and removed on the other: kept, and said.
fn edit_vs_remove(walk: &Session, edited: &str, removed: &str) -> Conflict {
    Conflict {
        id: Some(walk.id),
        kind: ConflictKind::EditVsRemove,
        field: None,
        day: None,
        kept: Value::from("edited"),
        lost: Value::from("removed"),
        detail: format!(
            "#{} ({}) was edited on {edited} and removed on {removed}; the edited walk was kept",
            walk.id,
            when(&walk.start)
        ),
    }
}

/// Walks from the other side (`arriving`) that overlap this side's in
/// the merged `document`: both kept, and said.
pub(super) fn report_overlaps(document: &Document, arriving: &[u64], conflicts: &mut Vec<Conflict>) {
    let arriving: BTreeSet<u64> = arriving.iter().copied().collect();
    let (arrived, this_side): (Vec<&Session>, Vec<&Session>) =
        document.sessions.iter().partition(|s| arriving.contains(&s.id));
    let this_side: Vec<Session> = this_side.into_iter().cloned().collect();
    for new in arrived {
        if let Some(other) = model::overlapping(&this_side, new.start, new.end(), None) {
            conflicts.push(Conflict {
                id: Some(new.id),
                kind: ConflictKind::Overlap,
                field: None,
                day: None,
                kept: Value::Null,
                lost: Value::Null,
                detail: format!(
                    "#{} ({}) from the other device overlaps #{} from this one; both were kept",
                    new.id,
                    when(&new.start),
                    other.id
                ),
            });
        }
    }
}
