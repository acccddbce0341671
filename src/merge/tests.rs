use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::fields::object;
use super::identity::same;
use super::mornings::merge_mornings;
use super::*;
use crate::model::tests::at;
use crate::model::{self, GoalEntry, Goals, NewSession, Range, Session, Surface, Timer};
use crate::morning::Morning;
use chrono::{Datelike, Duration};
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

fn edit(doc: &mut Document, id: u64, change: impl FnOnce(&mut Session)) {
    let mut s = doc.get(id).unwrap().clone();
    change(&mut s);
    doc.replace(vec![s]).unwrap();
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// Sets one target from a day on, the others as they were in force.
fn set_goal(doc: &mut Document, d: u32, change: impl FnOnce(&mut GoalEntry)) {
    let mut entry = doc.goals.in_force(day(d)).clone();
    change(&mut entry);
    doc.goals.set(day(d), entry);
}

#[test]
fn walks_added_on_both_sides_are_all_kept_and_the_remote_keeps_its_ids() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    let a = log(&mut ours, 10, 7);
    let b = log(&mut theirs, 11, 8);
    assert_eq!(a, b, "both sides gave the next id");
    let merged = merge(&base, &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let doc = &merged.document;
    assert_eq!(doc.sessions.len(), 5);
    assert_eq!(
        doc.get(b).unwrap().start,
        walk(11, 8).start,
        "THEIRS keeps its ids"
    );
    let mine = doc
        .sessions
        .iter()
        .find(|s| s.start == walk(10, 7).start)
        .unwrap();
    assert!(mine.id >= ours.next_id && mine.id >= theirs.next_id);
    assert_eq!(
        merged.renumbered,
        [Renumbered {
            from: a,
            to: mine.id,
            start: walk(10, 7).start
        }]
    );
    assert_eq!(
        merged.renumbered[0].describe(),
        format!("your walk #{a} (Tue 10 Nov 08:00) is now #{}", mine.id)
    );
    assert!(doc.next_id > mine.id);
    doc.clone().check().unwrap();
    // Merged again (the other device's next sync): nothing moves.
    let again = merge(&base, &theirs, doc);
    assert!(again.renumbered.is_empty());
    assert_eq!(again.document.sessions, doc.sessions);
}

#[test]
fn two_walks_with_one_identity_on_one_side_both_stay() {
    let base = base();
    let mut ours = base.clone();
    // A hand-copied line: same identity, another id.
    let mut copy = ours.get(1).unwrap().clone();
    copy.id = ours.take_id().unwrap();
    copy.start += Duration::hours(2);
    ours.insert_many(vec![copy.clone()]);
    for (o, t) in [(&ours, &base), (&base, &ours)] {
        let merged = merge(&base, o, t);
        assert_eq!(
            merged.document.sessions.len(),
            4,
            "{:?}",
            merged.document.sessions
        );
        assert!(merged.document.sessions.iter().any(|s| s.start == copy.start));
        merged.document.clone().check().unwrap();
    }
}

#[test]
fn walks_merge_field_by_field_and_a_field_changed_on_both_sides_is_reported() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    edit(&mut ours, 1, |s| s.pain = Some(2));
    edit(&mut theirs, 1, |s| s.steps = Some(290));
    let merged = merge(&base, &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let walk = merged.document.get(1).unwrap();
    assert_eq!((walk.pain, walk.steps), (Some(2), Some(290)), "both edits stay");

    edit(&mut ours, 2, |s| s.note = Some("ours".into()));
    edit(&mut theirs, 2, |s| {
        s.note = Some("theirs".into());
        s.surface = Surface::Grass;
    });
    let merged = merge(&base, &ours, &theirs);
    let walk = merged.document.get(2).unwrap();
    assert_eq!(walk.note.as_deref(), Some("ours"), "this side's value");
    assert_eq!(walk.surface, Surface::Grass, "the one-sided change");
    assert_eq!(merged.conflicts.len(), 1);
    let c = &merged.conflicts[0];
    assert_eq!(
        (c.id, c.kind, c.field.as_deref(), &c.kept, &c.lost),
        (
            Some(2),
            ConflictKind::BothEdited,
            Some("note"),
            &Value::from("ours"),
            &Value::from("theirs")
        )
    );
    assert_eq!(
        c.detail,
        "#2 (Mon 2 Nov 08:00): note changed on both devices; kept \"ours\", not \"theirs\""
    );
    // Cleared on one side, changed on the other.
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    edit(&mut ours, 3, |s| s.pain = Some(4));
    edit(&mut base.clone(), 3, |_| {});
    edit(&mut theirs, 3, |s| s.pain = Some(6));
    let c = &merge(&base, &ours, &theirs).conflicts[0];
    assert_eq!((&c.kept, &c.lost), (&Value::from(4), &Value::from(6)));
}

#[test]
fn one_sided_edits_and_removals_apply_and_an_edit_beats_a_removal() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    edit(&mut ours, 1, |s| s.steps = Some(1));
    theirs.remove(&[2]).unwrap();
    let merged = merge(&base, &ours, &theirs);
    assert!(merged.conflicts.is_empty());
    assert_eq!(merged.document.get(1).unwrap().steps, Some(1));
    assert!(merged.document.get(2).is_none());
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    edit(&mut theirs, 1, |s| s.note = Some("edited".into()));
    ours.remove(&[1]).unwrap();
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.document.get(1).unwrap().note.as_deref(), Some("edited"));
    let kinds: Vec<ConflictKind> = merged.conflicts.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [ConflictKind::EditVsRemove]);
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
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.document.sessions.len(), 5);
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.conflicts[0].kind, ConflictKind::Overlap);
}

#[test]
fn goals_merge_by_day_and_field() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    set_goal(&mut ours, 9, |e| e.weight_kg = Some(80.0));
    set_goal(&mut theirs, 9, |e| e.minutes = Range { min: 6, max: 10 });
    let merged = merge(&base, &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let goals = &merged.document.goals;
    assert_eq!(goals.entries().len(), 2);
    let on = goals.in_force(day(9));
    assert_eq!(
        (on.weight_kg, on.minutes),
        (Some(80.0), Range { min: 6, max: 10 })
    );
    // On different days: the later day carries the earlier change.
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    set_goal(&mut ours, 5, |e| e.weight_kg = Some(80.0));
    set_goal(&mut theirs, 9, |e| e.minutes = Range { min: 6, max: 10 });
    let goals = merge(&base, &ours, &theirs).document.goals;
    assert_eq!(goals.in_force(day(6)).weight_kg, Some(80.0));
    assert_eq!(goals.in_force(day(6)).minutes, Range { min: 5, max: 10 });
    let on = goals.in_force(day(9));
    assert_eq!(
        (on.weight_kg, on.minutes),
        (Some(80.0), Range { min: 6, max: 10 })
    );
    // One field set differently on both sides: said once, with the day.
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    set_goal(&mut ours, 5, |e| e.weight_kg = Some(80.0));
    set_goal(&mut theirs, 5, |e| e.weight_kg = Some(70.0));
    set_goal(&mut theirs, 9, |e| e.steps = None);
    let merged = merge(&base, &ours, &theirs);
    the_one_day_conflict(&merged, ConflictKind::Goals, "weight_kg", 5, (80.0, 70.0));
    assert_eq!(merged.document.goals.in_force(day(10)).weight_kg, Some(80.0));
    assert_eq!(merged.document.goals.in_force(day(10)).steps, None);
    merged.document.goals.check().unwrap();
}

/// The merge's one conflict, about a day's field (goals or mornings,
/// no walk id), with the values kept and lost.
#[track_caller]
fn the_one_day_conflict<'m>(
    merged: &'m Merged,
    kind: ConflictKind,
    field: &str,
    d: u32,
    (kept, lost): (impl Into<Value>, impl Into<Value>),
) -> &'m Conflict {
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    let c = &merged.conflicts[0];
    assert_eq!(
        (c.id, c.kind, c.field.as_deref(), c.day, &c.kept, &c.lost),
        (None, kind, Some(field), Some(day(d)), &kept.into(), &lost.into())
    );
    c
}

#[test]
fn a_walk_both_sides_added_with_a_field_on_one_side_only_is_a_conflict() {
    let base = Document::default();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    log(&mut ours, 1, 3);
    log(&mut theirs, 1, 3);
    edit(&mut ours, 1, |s| s.pain = Some(1));
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.document.sessions.len(), 1, "one walk, one identity");
    assert_eq!(merged.document.sessions[0].pain, Some(1), "this side's value");
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    let c = &merged.conflicts[0];
    assert_eq!(
        (c.id, c.field.as_deref(), &c.kept, &c.lost),
        (Some(1), Some("pain"), &Value::from(1), &Value::Null)
    );
    // The other way round: that side's (no pain) kept, and said.
    let merged = merge(&base, &theirs, &ours);
    assert_eq!(merged.document.sessions[0].pain, None);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
}

fn morning(d: u32, pain: u8) -> Morning {
    Morning {
        date: day(d),
        morning_pain: pain,
        extra: model::Extra::new(),
    }
}

#[test]
fn mornings_merge_by_day_and_field() {
    let base = [morning(1, 2), morning(2, 2), morning(5, 4)];
    let mut kept = morning(5, 4);
    kept.extra.insert("felt".into(), Value::from("stiff"));
    let ours = [morning(1, 5), morning(2, 2), morning(3, 1), kept];
    let theirs = [morning(1, 2), morning(4, 7), morning(5, 6)];
    let mut conflicts = Vec::new();
    let merged = merge_mornings(&base, &ours, &theirs, &mut conflicts);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    let days: Vec<(u32, u8)> = merged.iter().map(|m| (m.date.day(), m.morning_pain)).collect();
    assert_eq!(
        days,
        [(1, 5), (3, 1), (4, 7), (5, 6)],
        "changed here, added on either side, cleared there, changed there"
    );
    assert_eq!(merged[3].extra["felt"], "stiff", "unknown fields kept");
}

#[test]
fn a_morning_changed_on_both_sides_keeps_this_sides_and_is_reported() {
    let base = Document::default();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.mornings = vec![morning(9, 3), morning(10, 2)];
    theirs.mornings = vec![morning(9, 5), morning(10, 2)];
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.document.mornings, ours.mornings);
    let c = the_one_day_conflict(&merged, ConflictKind::Morning, "morning_pain", 9, (3, 5));
    assert_eq!(
        c.detail,
        "the morning after Mon 9 Nov 2026: morning_pain changed on both devices; kept 3, not 5"
    );
    assert_eq!(
        serde_json::to_value(c).unwrap()["kind"],
        "morning",
        "the contract's name"
    );
    // Cleared here, changed there: both changed it.
    let base = Document {
        mornings: vec![morning(9, 3)],
        ..Document::default()
    };
    let (ours, mut theirs) = (Document::default(), base.clone());
    theirs.mornings[0].morning_pain = 6;
    let merged = merge(&base, &ours, &theirs);
    assert!(merged.document.mornings.is_empty());
    assert_eq!(
        (&merged.conflicts[0].kept, &merged.conflicts[0].lost),
        (&Value::Null, &Value::from(6))
    );
    assert!(merged.conflicts[0].detail.ends_with("kept none, not 6"));
    // Another machine's records, without a common history.
    let (mornings, conflicts) = merge_mornings_history(&[morning(1, 2)], &[morning(1, 4), morning(2, 1)]);
    assert_eq!(mornings, [morning(1, 2), morning(2, 1)]);
    assert_eq!(conflicts.len(), 1);
}

#[test]
fn timers_merge() {
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
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.document.timer, theirs.timer, "the earlier start");
    assert_eq!(merged.conflicts[0].kind, ConflictKind::Timer);
    assert_eq!(merged.conflicts[0].lost, Value::from("2026-11-21T09:00:00+01:00"));
}

#[test]
fn undo_does_not_cross_a_merge() {
    let base = base();
    let mut ours = base.clone();
    ours.record("log #9".into(), vec![model::Op::Remove { ids: vec![9] }]);
    let merged = merge(&base, &ours, &base).document;
    assert!(merged.undo.is_empty() && merged.redo.is_empty());
}

/// A change a device can make: 0 log, 1 steps, 2 pain, 3 note, 4 rm,
/// 5 goals minutes, 6 goals weight, 7 a morning's pain, 8 a morning
/// cleared; on a day; with a number.
type Change = (u8, u32, u64);

fn history() -> impl Strategy<Value = Vec<Change>> {
    proptest::collection::vec((0u8..9, 1u32..28, 1u64..20), 0..12)
}

fn apply(doc: &mut Document, changes: &[Change]) {
    for &(what, d, n) in changes {
        let small = u8::try_from(n % 11).expect("0 to 10");
        let pick = |doc: &Document| {
            doc.sessions
                .get(d as usize % doc.sessions.len().max(1))
                .map(|s| s.id)
        };
        match (what, pick(doc)) {
            (0, _) => {
                let new = walk(d, n);
                if model::overlapping(&doc.sessions, new.start, new.end(), None).is_none() {
                    log(doc, d, n);
                }
            }
            (1, Some(id)) => edit(doc, id, |s| s.steps = Some(u32::try_from(n).unwrap())),
            (2, Some(id)) => edit(doc, id, |s| s.pain = Some(small)),
            (3, Some(id)) => edit(doc, id, |s| s.note = Some(format!("n{n}"))),
            (4, Some(id)) => drop(doc.remove(&[id]).unwrap()),
            (5, _) => set_goal(doc, d, |e| {
                e.minutes = Range {
                    min: 5,
                    max: 10 + u32::from(small),
                }
            }),
            (6, _) => set_goal(doc, d, |e| e.weight_kg = Some(50.0 + n as f64)),
            (7, _) => {
                crate::morning::set(&mut doc.mornings, day(d), small);
                // Now and then a field this version does not know.
                if n % 4 == 0 {
                    let at = doc.mornings.iter().position(|m| m.date == day(d)).unwrap();
                    doc.mornings[at].extra.insert("felt".into(), Value::from(n));
                }
            }
            (8, _) => drop(crate::morning::clear(&mut doc.mornings, day(d))),
            _ => {}
        }
    }
}

fn fields(s: &Session) -> Map<String, Value> {
    let mut map = object(s);
    map.remove("id");
    map.remove("uid");
    map
}

fn by_uid(doc: &Document) -> HashMap<u64, &Session> {
    doc.sessions.iter().map(|s| (s.uid, s)).collect()
}

fn morning_fields(mornings: &[Morning], d: u32) -> Map<String, Value> {
    crate::model::morning::find(mornings, day(d))
        .map(object)
        .unwrap_or_default()
}

fn goal_fields(goals: &Goals, d: u32) -> Map<String, Value> {
    let mut map = object(goals.in_force(day(d)));
    map.remove("from");
    map
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn merging_loses_nothing_unreported_and_is_symmetric_but_for_conflicts(
        before in history(), mine in history(), yours in history(),
    ) {
        let mut base = Document::default();
        apply(&mut base, &before);
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        apply(&mut ours, &mine);
        apply(&mut theirs, &yours);
        let one = merge(&base, &ours, &theirs);
        let other = merge(&base, &theirs, &ours);
        let (a, b) = (&one.document, &other.document);
        prop_assert!(a.clone().check().is_ok());
        prop_assert!(b.clone().check().is_ok());
        // The same walks either way.
        let uids = |doc: &Document| doc.sessions.iter().map(|s| s.uid).collect::<BTreeSet<u64>>();
        prop_assert_eq!(uids(a), uids(b));
        let (bs, os, ts, am, bm) = (by_uid(&base), by_uid(&ours), by_uid(&theirs), by_uid(a), by_uid(b));
        // Walks THEIRS holds keep THEIRS' ids.
        for (uid, t) in &ts {
            prop_assert!(am.get(uid).is_none_or(|m| m.id == t.id));
        }
        for uid in bs.keys().chain(os.keys()).chain(ts.keys()) {
            match am.get(uid) {
                // Gone: removed on one side, unchanged on the other.
                None => {
                    prop_assert!(bs.contains_key(uid));
                    for side in [&os, &ts] {
                        prop_assert!(side.get(uid).is_none_or(|s| same(s, bs[uid])));
                    }
                }
                // Each field either side's; both sides' differing
                // changes reported, else the same value either way.
                Some(merged) => {
                    let (m, n) = (fields(merged), fields(bm[uid]));
                    let pick = |side: &HashMap<u64, &Session>| side.get(uid).map(|s| fields(s));
                    let (o, t, was) = (pick(&os), pick(&ts), pick(&bs));
                    for (key, value) in &m {
                        let (ov, tv) = (o.as_ref().and_then(|o| o.get(key)), t.as_ref().and_then(|t| t.get(key)));
                        prop_assert!(Some(value) == ov || Some(value) == tv, "{key}");
                        let reported = one.conflicts.iter().any(|c| c.field.as_deref() == Some(key.as_str()) && c.id == Some(merged.id));
                        let changed = |v: Option<&Value>| was.as_ref().is_none_or(|w| w.get(key) != v);
                        if o.is_some() && t.is_some() && ov != tv && changed(ov) && changed(tv) {
                            prop_assert!(reported, "{key} of #{}", merged.id);
                        } else {
                            prop_assert_eq!(Some(value), n.get(key), "{}", key);
                        }
                    }
                }
            }
        }
        // Goals: every day's every field either side's; a field both
        // changed differently is reported.
        for d in 1..28 {
            let (m, n) = (goal_fields(&a.goals, d), goal_fields(&b.goals, d));
            let (o, t, was) = (goal_fields(&ours.goals, d), goal_fields(&theirs.goals, d), goal_fields(&base.goals, d));
            for (key, value) in &m {
                prop_assert!(Some(value) == o.get(key) || Some(value) == t.get(key), "{key} on {d}");
                if o.get(key) != t.get(key) && o.get(key) != was.get(key) && t.get(key) != was.get(key) {
                    prop_assert!(one.conflicts.iter().any(|c| c.kind == ConflictKind::Goals && c.field.as_deref() == Some(key.as_str())));
                } else if value != &n[key] {
                    prop_assert!(one.conflicts.iter().any(|c| c.kind == ConflictKind::Goals), "{key} on {d}");
                }
            }
        }
        prop_assert!(a.goals.check().is_ok());
        // Mornings: every day's every field either side's; a field both
        // changed differently is reported with its day, else the same
        // value either way; a field neither side changed is BASE's.
        for d in 1..28 {
            let (m, n) = (morning_fields(&a.mornings, d), morning_fields(&b.mornings, d));
            let (o, t, was) = (morning_fields(&ours.mornings, d), morning_fields(&theirs.mornings, d), morning_fields(&base.mornings, d));
            let reported = |key: &str| one.conflicts.iter().any(|c| c.kind == ConflictKind::Morning && c.day == Some(day(d)) && c.field.as_deref() == Some(key));
            let keys: BTreeSet<&String> = o.keys().chain(t.keys()).chain(was.keys()).collect();
            for key in keys {
                let (mv, ov, tv, bv) = (m.get(key), o.get(key), t.get(key), was.get(key));
                prop_assert!(mv == ov || mv == tv, "{key} on {d}");
                if ov != tv && ov != bv && tv != bv {
                    prop_assert!(reported(key), "{key} on {d}");
                } else {
                    prop_assert!(!reported(key), "{key} on {d}");
                    if key == "morning_pain" {
                        prop_assert_eq!(mv, n.get(key), "{} on {}", key, d);
                        prop_assert!(mv == if ov == bv { tv } else { ov }, "{key} on {d}");
                    }
                }
            }
        }
        prop_assert!(crate::model::morning::check(&a.mornings).is_ok());
        // A side merged with itself is unchanged (but for undo).
        let same_side = merge(&base, &ours, &ours);
        prop_assert_eq!(&same_side.document.sessions, &ours.sessions);
        prop_assert_eq!(&same_side.document.goals, &ours.goals);
        prop_assert_eq!(&same_side.document.mornings, &ours.mornings);
        prop_assert!(same_side.conflicts.is_empty() && same_side.renumbered.is_empty());
        // The other device, merging the result in later, keeps it.
        let later = merge(&theirs, &theirs, a);
        prop_assert_eq!(&later.document.sessions, &a.sessions);
        prop_assert_eq!(&later.document.mornings, &a.mornings);
    }
}
