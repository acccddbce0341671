//! A three-way merge of whole stores, for two devices that share one
//! history through git: `backwalk merge` (git's merge driver) and
//! `backwalk sync` both use it.
//!
//! Walks are compared whole, by id. Walks added on either side are all
//! kept: this side's keep their ids, the other side's new ones get ids
//! above every id either side has used. A one-sided edit or removal is
//! applied; a walk edited on both sides keeps this side's version, and one
//! edited on one side and removed on the other is kept; both are
//! reported. Goals are merged by the date they apply from. Undo does not
//! reach back across a merge.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{self, Document, GoalEntry, Goals, Session, Timer};

/// What a merge could not settle on its own, for the person to know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The walk concerned (none for the timer).
    pub id: Option<u64>,
    pub kind: ConflictKind,
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    BothEdited,
    EditVsRemove,
    Overlap,
    Timer,
}

/// The same walk in the same version, whatever its id.
fn same(a: &Session, b: &Session) -> bool {
    a.as_new() == b.as_new() && a.extra == b.extra
}

/// The merge of `ours` and `theirs` from their common `base`. Walks are
/// matched by their lasting identity (`uid`), so one renumbered by an
/// earlier merge is still the same walk.
pub fn merge(base: &Document, ours: &Document, theirs: &Document) -> (Document, Vec<Conflict>) {
    let by_uid = |doc: &Document| -> HashMap<u64, Session> {
        doc.sessions.iter().map(|s| (s.uid, s.clone())).collect()
    };
    let (b, o, t) = (by_uid(base), by_uid(ours), by_uid(theirs));
    let mut conflicts = Vec::new();
    let mut kept: Vec<Session> = Vec::new();
    let mut arriving: Vec<Session> = Vec::new();
    let uids: BTreeSet<u64> = b.keys().chain(o.keys()).chain(t.keys()).copied().collect();
    for uid in uids {
        match (b.get(&uid), o.get(&uid), t.get(&uid)) {
            (base, Some(o), Some(t)) => {
                let theirs_changed = base.is_none_or(|b| !same(t, b));
                let ours_changed = base.is_none_or(|b| !same(o, b));
                if same(o, t) || !theirs_changed {
                    kept.push(o.clone());
                } else if !ours_changed {
                    // Their edit, under this side's id.
                    kept.push(Session {
                        id: o.id,
                        ..t.clone()
                    });
                } else {
                    kept.push(o.clone());
                    conflicts.push(Conflict {
                        id: Some(o.id),
                        kind: ConflictKind::BothEdited,
                        detail: format!("#{} was edited on both sides; this side's version was kept", o.id),
                    });
                }
            }
            (Some(b), Some(o), None) => {
                if !same(o, b) {
                    kept.push(o.clone());
                    conflicts.push(edit_vs_remove(o.id, "this side", "the other"));
                }
            }
            (Some(b), None, Some(t)) => {
                if !same(t, b) {
                    conflicts.push(edit_vs_remove(t.id, "the other side", "this one"));
                    arriving.push(t.clone());
                }
            }
            (None, Some(o), None) => kept.push(o.clone()),
            (None, None, Some(t)) => arriving.push(t.clone()),
            (_, None, None) => {}
        }
    }
    // The other side's walks keep their ids when this side never gave
    // them; else they get ids above every id either side has used.
    let used: BTreeSet<u64> = kept.iter().map(|s| s.id).collect();
    let mut next_id = [base, ours, theirs]
        .iter()
        .map(|d| d.next_id)
        .chain(kept.iter().chain(&arriving).map(|s| s.id.saturating_add(1)))
        .max()
        .unwrap_or(1);
    arriving.sort_by_key(|s| (s.start, s.id));
    let mut placed: BTreeSet<u64> = BTreeSet::new();
    let mut renumbered = Vec::with_capacity(arriving.len());
    for mut session in arriving {
        // A walk this side had under the same id comes back under it.
        let own = b.get(&session.uid).is_some_and(|was| was.id == session.id);
        if used.contains(&session.id) || !(own || session.id >= ours.next_id) || !placed.insert(session.id) {
            session.id = next_id;
            next_id = next_id.saturating_add(1);
            placed.insert(session.id);
        }
        renumbered.push(session);
    }
    let ours_sorted = sorted(&kept);
    for new in &renumbered {
        if let Some(other) = model::overlapping(&ours_sorted, new.start, new.end(), None) {
            conflicts.push(Conflict {
                id: Some(new.id),
                kind: ConflictKind::Overlap,
                detail: format!(
                    "#{} from the other side overlaps #{} from this side; both were kept",
                    new.id, other.id
                ),
            });
        }
    }
    kept.extend(renumbered);
    let timer = merge_timer(
        base.timer.as_ref(),
        ours.timer.as_ref(),
        theirs.timer.as_ref(),
        &mut conflicts,
    );
    let mut extra = theirs.extra.clone();
    extra.extend(ours.extra.clone());
    let document = Document {
        next_id,
        goals: merge_goals(&base.goals, &ours.goals, &theirs.goals),
        timer,
        undo: Vec::new(),
        redo: Vec::new(),
        sessions: sorted(&kept),
        extra,
    };
    (document, conflicts)
}

/// How many walks differ between two versions of a store: added,
/// removed or edited (matched by their lasting identity).
pub fn changed_walks(before: &Document, after: &Document) -> usize {
    let index = |doc: &Document| -> HashMap<u64, Session> {
        doc.sessions.iter().map(|s| (s.uid, s.clone())).collect()
    };
    let (a, b) = (index(before), index(after));
    let changed = a
        .iter()
        .filter(|(uid, s)| b.get(uid).is_none_or(|other| !same(s, other)))
        .count();
    changed + b.keys().filter(|uid| !a.contains_key(uid)).count()
}

fn sorted(sessions: &[Session]) -> Vec<Session> {
    let mut sorted = sessions.to_vec();
    sorted.sort_by_key(|s| (s.start, s.id));
    sorted
}

fn edit_vs_remove(id: u64, edited: &str, removed: &str) -> Conflict {
    Conflict {
        id: Some(id),
        kind: ConflictKind::EditVsRemove,
        detail: format!("#{id} was edited on {edited} and removed on {removed}; the edited walk was kept"),
    }
}

/// The timer: a one-sided change wins; two different timers keep the one
/// that started first (a running timer over none).
fn merge_timer(
    base: Option<&Timer>,
    ours: Option<&Timer>,
    theirs: Option<&Timer>,
    conflicts: &mut Vec<Conflict>,
) -> Option<Timer> {
    if ours == theirs || theirs == base {
        return ours.cloned();
    }
    if ours == base {
        return theirs.cloned();
    }
    let kept = match (ours, theirs) {
        (Some(o), Some(t)) => Some(if t.start < o.start { t } else { o }),
        (one, other) => one.or(other),
    };
    if let Some(timer) = kept {
        conflicts.push(Conflict {
            id: None,
            kind: ConflictKind::Timer,
            detail: format!(
                "both sides changed the timer; the one started at {} was kept",
                model::rfc3339::format(&timer.start)
            ),
        });
    }
    kept.cloned()
}

/// Goals by the date they apply from: each date's entry merged three
/// ways (a one-sided change wins; this side's on both).
fn merge_goals(base: &Goals, ours: &Goals, theirs: &Goals) -> Goals {
    let by_date = |goals: &Goals| -> BTreeMap<Option<NaiveDate>, GoalEntry> {
        goals.entries().iter().map(|e| (e.from, e.clone())).collect()
    };
    let (b, o, t) = (by_date(base), by_date(ours), by_date(theirs));
    let dates: BTreeSet<Option<NaiveDate>> = b.keys().chain(o.keys()).chain(t.keys()).copied().collect();
    let entries = dates
        .into_iter()
        .filter_map(|date| {
            let (b, o, t) = (b.get(&date), o.get(&date), t.get(&date));
            if o == t || t == b {
                o
            } else if o == b {
                t
            } else {
                o
            }
            .cloned()
        })
        .collect();
    Goals::from_entries(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::at;
    use crate::model::{NewSession, Range, Surface};
    use chrono::Duration;
    use proptest::prelude::*;

    fn walk(day: u32, minutes: u64) -> NewSession {
        model::tests::walk(&format!("2026-11-{day:02}T08:00:00+01:00"), minutes)
    }

    fn log(doc: &mut Document, day: u32, minutes: u64) -> u64 {
        let id = doc.take_id().unwrap();
        doc.insert_many(vec![Session::from_new(id, walk(day, minutes))]);
        id
    }

    fn base() -> Document {
        let mut doc = Document::default();
        for day in 1..=3 {
            log(&mut doc, day, 6);
        }
        doc
    }

    #[test]
    fn walks_added_on_both_sides_are_all_kept_with_unique_ids() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let a = log(&mut ours, 10, 7);
        let b = log(&mut theirs, 11, 8);
        assert_eq!(a, b, "both sides gave the next id");
        let (merged, conflicts) = merge(&base, &ours, &theirs);
        assert!(conflicts.is_empty(), "{conflicts:?}");
        assert_eq!(merged.sessions.len(), 5);
        let mine = merged.get(a).unwrap();
        assert_eq!(mine.start, walk(10, 7).start, "this side keeps its ids");
        let theirs_walk = merged
            .sessions
            .iter()
            .find(|s| s.start == walk(11, 8).start)
            .unwrap();
        assert!(theirs_walk.id >= ours.next_id && theirs_walk.id >= theirs.next_id);
        assert!(merged.next_id > theirs_walk.id);
        let mut checked = merged.clone();
        checked.check().unwrap();
    }

    #[test]
    fn one_sided_edits_and_removals_apply_and_two_sided_ones_are_reported() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let mut edited = ours.get(1).unwrap().clone();
        edited.steps = Some(1);
        ours.replace(vec![edited]).unwrap();
        theirs.remove(&[2]).unwrap();
        let (merged, conflicts) = merge(&base, &ours, &theirs);
        assert!(conflicts.is_empty());
        assert_eq!(merged.get(1).unwrap().steps, Some(1));
        assert!(merged.get(2).is_none());
        // Both edit #3 differently; one edits #1 the other removes it.
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        for (doc, steps) in [(&mut ours, 10), (&mut theirs, 20)] {
            let mut s = doc.get(3).unwrap().clone();
            s.steps = Some(steps);
            doc.replace(vec![s]).unwrap();
        }
        let mut s = theirs.get(1).unwrap().clone();
        s.note = Some("edited".into());
        theirs.replace(vec![s]).unwrap();
        ours.remove(&[1]).unwrap();
        let (merged, conflicts) = merge(&base, &ours, &theirs);
        assert_eq!(merged.get(3).unwrap().steps, Some(10));
        assert_eq!(merged.get(1).unwrap().note.as_deref(), Some("edited"));
        let kinds: Vec<ConflictKind> = conflicts.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [ConflictKind::EditVsRemove, ConflictKind::BothEdited]);
    }

    #[test]
    fn overlaps_from_the_two_sides_are_kept_and_reported() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        log(&mut ours, 12, 10);
        let id = theirs.take_id().unwrap();
        let mut close = walk(12, 10);
        close.start += Duration::minutes(5);
        theirs.insert_many(vec![Session::from_new(id, close)]);
        let (merged, conflicts) = merge(&base, &ours, &theirs);
        assert_eq!(merged.sessions.len(), 5);
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].kind, ConflictKind::Overlap);
    }

    #[test]
    fn timers_and_goals_merge() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let timer = |t: &str| Timer {
            start: at(t),
            surface: Surface::Track,
            note: None,
            extra: crate::model::Extra::new(),
        };
        ours.timer = Some(timer("2026-11-21T09:00:00+01:00"));
        theirs.timer = Some(timer("2026-11-21T08:00:00+01:00"));
        ours.goals.set(
            NaiveDate::from_ymd_opt(2026, 11, 5).unwrap(),
            GoalEntry {
                minutes: Range { min: 6, max: 12 },
                ..GoalEntry::default()
            },
        );
        theirs.goals.set(
            NaiveDate::from_ymd_opt(2026, 11, 9).unwrap(),
            GoalEntry {
                steps: None,
                ..GoalEntry::default()
            },
        );
        let (merged, conflicts) = merge(&base, &ours, &theirs);
        assert_eq!(merged.timer, theirs.timer, "the earlier start");
        assert_eq!(conflicts[0].kind, ConflictKind::Timer);
        assert_eq!(merged.goals.entries().len(), 3);
        merged.goals.check().unwrap();
    }

    #[test]
    fn undo_does_not_cross_a_merge() {
        let base = base();
        let mut ours = base.clone();
        ours.record("log #9".into(), vec![model::Op::Remove { ids: vec![9] }]);
        let (merged, _) = merge(&base, &ours, &base);
        assert!(merged.undo.is_empty() && merged.redo.is_empty());
    }

    fn history() -> impl Strategy<Value = Vec<(u8, u32, u64)>> {
        // (what: 0 add, 1 edit, 2 remove; day; minutes)
        proptest::collection::vec((0u8..3, 1u32..28, 1u64..20), 0..12)
    }

    fn apply(doc: &mut Document, steps: &[(u8, u32, u64)]) {
        for (what, day, minutes) in steps {
            match what {
                0 => {
                    log(doc, *day, *minutes);
                }
                1 if !doc.sessions.is_empty() => {
                    let mut s = doc.sessions[*day as usize % doc.sessions.len()].clone();
                    s.steps = Some(u32::try_from(*minutes).expect("1 to 19"));
                    doc.replace(vec![s]).unwrap();
                }
                2 if !doc.sessions.is_empty() => {
                    let id = doc.sessions[*day as usize % doc.sessions.len()].id;
                    doc.remove(&[id]).unwrap();
                }
                _ => {}
            }
        }
    }

    /// A walk's content whatever its id.
    type Key = (i64, u32, u32, Option<u32>, String);

    fn key(s: &NewSession) -> Key {
        (
            s.start.timestamp(),
            s.start.timestamp_subsec_nanos(),
            s.duration.seconds(),
            s.steps,
            format!("{}|{:?}|{:?}|{:?}", s.surface, s.incline_percent, s.pain, s.note),
        )
    }

    fn contents(doc: &Document) -> Vec<Key> {
        let mut keys: Vec<Key> = doc.sessions.iter().map(|s| key(&s.as_new())).collect();
        keys.sort();
        keys
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn merging_is_symmetric_up_to_ids_idempotent_and_loses_no_added_walk(
            before in history(), mine in history(), yours in history(),
        ) {
            let mut base = Document::default();
            apply(&mut base, &before);
            let (mut ours, mut theirs) = (base.clone(), base.clone());
            apply(&mut ours, &mine);
            apply(&mut theirs, &yours);
            let (a, found) = merge(&base, &ours, &theirs);
            let (b, _) = merge(&base, &theirs, &ours);
            // The same walks either way; the same versions of them unless
            // both sides edited one (each side keeps its own then).
            let uids = |doc: &Document| doc.sessions.iter().map(|s| s.uid).collect::<BTreeSet<u64>>();
            prop_assert_eq!(uids(&a), uids(&b));
            if !found.iter().any(|c| c.kind == ConflictKind::BothEdited) {
                prop_assert_eq!(contents(&a), contents(&b));
            }
            // Every id unique, every one checked as a write is.
            let mut checked = a.clone();
            prop_assert!(checked.check().is_ok());
            // A side merged with itself is unchanged (but for undo).
            let (same, conflicts) = merge(&base, &ours, &ours);
            prop_assert_eq!(&same.sessions, &ours.sessions);
            prop_assert!(conflicts.is_empty());
            // No walk either side added is lost. Two sides that each add
            // a walk with the same id, start and length added one walk (its
            // lasting identity is the same): when their versions differ,
            // this side's is kept and the conflict is reported.
            let known: BTreeSet<u64> = base.sessions.iter().map(|s| s.id).collect();
            let reported = |uid: u64| {
                a.sessions.iter().any(|s| {
                    s.uid == uid
                        && found
                            .iter()
                            .any(|c| c.kind == ConflictKind::BothEdited && c.id == Some(s.id))
                })
            };
            for side in [&ours, &theirs] {
                for added in side.sessions.iter().filter(|s| !known.contains(&s.id)) {
                    prop_assert!(
                        contents(&a).contains(&key(&added.as_new())) || reported(added.uid),
                        "#{} was lost", added.id
                    );
                }
            }
        }
    }
}
