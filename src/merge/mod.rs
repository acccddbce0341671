//! A three-way merge of whole stores, for two devices that share one
//! history through git, and for a history moved to another machine:
//! `backwalk merge` (git's merge driver), `backwalk sync` and `import` of
//! a store all use it.
//!
//! Walks are matched by their lasting identity and merged field by
//! field against BASE: a field changed on one side takes that change; a
//! field changed on both sides to different values keeps this side's
//! (OURS) value and is a conflict that names the field, the value kept
//! and the value lost. Walks added on either side are all kept, even two
//! that claim one identity. Ids: walks THEIRS holds (the remote, in a
//! sync) keep THEIRS' ids; this side's new walks whose id THEIRS already
//! used get ids above every id either side used, and are reported. A walk
//! edited on one side and removed on the other is kept and reported. The
//! goals history and the next-morning records are merged by day and
//! field: each field of each day compared with what BASE had (in force)
//! that day. Undo does not reach back across a merge.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::{self, Document, GoalEntry, Goals, Session, Timer};
use crate::morning::Morning;

/// What a merge could not settle on its own, for the person to know.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Conflict {
    /// The walk concerned (none for the timer and the goals).
    pub id: Option<u64>,
    pub kind: ConflictKind,
    /// The field both sides changed, where it is one field.
    pub field: Option<String>,
    /// The day of the goals or the next morning concerned (none for the
    /// first goals entry, which applies from the beginning).
    pub day: Option<NaiveDate>,
    /// The value kept and the value not kept (null where none).
    pub kept: Value,
    pub lost: Value,
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    BothEdited,
    EditVsRemove,
    Overlap,
    Timer,
    Goals,
    Morning,
}

/// A walk of this side that got a new id, because THEIRS already used
/// its id.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Renumbered {
    pub from: u64,
    pub to: u64,
    #[serde(skip)]
    pub start: DateTime<FixedOffset>,
}

impl Renumbered {
    /// `your walk #2 (Mon 9 Nov 06:00) is now #3`.
    pub fn describe(&self) -> String {
        format!(
            "your walk #{} ({}) is now #{}",
            self.from,
            self.start.format("%a %-d %b %H:%M"),
            self.to
        )
    }
}

/// The result of a merge and what it reports.
#[derive(Clone, Debug)]
pub struct Merged {
    pub document: Document,
    pub conflicts: Vec<Conflict>,
    pub renumbered: Vec<Renumbered>,
}

/// The same walk in the same version, whatever its id.
fn same(a: &Session, b: &Session) -> bool {
    a.as_new() == b.as_new() && a.extra == b.extra
}

/// Which walk a session is, across the versions of a store: its lasting
/// identity, and for a second walk claiming an identity already met in
/// the same version (a copied line, a forged file), its id as well, so
/// that the two stay two walks.
type Key = (u64, Option<u64>);

fn keyed<'d>(doc: &'d Document, primary_ids: &HashMap<u64, u64>) -> HashMap<Key, &'d Session> {
    let mut count: HashMap<u64, usize> = HashMap::with_capacity(doc.sessions.len());
    for s in &doc.sessions {
        *count.entry(s.uid).or_default() += 1;
    }
    let mut primary: HashMap<u64, u64> = HashMap::new();
    for s in doc.sessions.iter().filter(|s| count[&s.uid] > 1) {
        // The one the other versions know under this id, else the first.
        let wanted = primary_ids.get(&s.uid) == Some(&s.id);
        let slot = primary.entry(s.uid).or_insert(s.id);
        if wanted || (primary_ids.get(&s.uid) != Some(slot) && s.id < *slot) {
            *slot = s.id;
        }
    }
    doc.sessions
        .iter()
        .map(|s| match primary.get(&s.uid) {
            Some(&id) if id != s.id => ((s.uid, Some(s.id)), s),
            _ => ((s.uid, None), s),
        })
        .collect()
}

/// The id each identity has where it is held once: the walk the other
/// versions mean when one version holds several.
fn single_ids(docs: &[&Document]) -> HashMap<u64, u64> {
    let mut ids: HashMap<u64, u64> = HashMap::new();
    for doc in docs.iter().rev() {
        let mut seen: HashMap<u64, Option<u64>> = HashMap::new();
        for s in &doc.sessions {
            seen.entry(s.uid)
                .and_modify(|id| *id = None)
                .or_insert(Some(s.id));
        }
        ids.extend(seen.into_iter().filter_map(|(uid, id)| Some((uid, id?))));
    }
    ids
}

/// `Mon 16 Nov 07:30`: a walk as a person finds it in `list`.
fn when(start: &DateTime<FixedOffset>) -> String {
    start.format("%a %-d %b %H:%M").to_string()
}

/// A value as a sentence shows it: a long note cut to 40 characters
/// (the conflict's `kept` and `lost` keep it whole).
fn shown(value: &Value) -> String {
    const LONGEST: usize = 40;
    match value {
        Value::Null => "none".into(),
        Value::String(text) if text.chars().count() > LONGEST => {
            let cut: String = text.chars().take(LONGEST - 1).collect();
            Value::String(format!("{cut}…")).to_string()
        }
        other => other.to_string(),
    }
}

/// Merges objects key by key against BASE; calls `conflict` with each
/// key both sides changed differently, the value kept (OURS') and lost.
/// A key missing on a side is `None` there.
pub fn merge_fields(
    base: Option<&Map<String, Value>>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    mut conflict: impl FnMut(&str, &Value, &Value),
) -> Map<String, Value> {
    let keys: BTreeSet<&String> = ours
        .keys()
        .chain(theirs.keys())
        .chain(base.into_iter().flat_map(Map::keys))
        .collect();
    let mut merged = Map::new();
    for key in keys {
        let (o, t) = (ours.get(key), theirs.get(key));
        let b = base.and_then(|b| b.get(key));
        // Without a BASE (a walk both sides added) a key only one side
        // has is not "unchanged" on the other: it differs, and is said.
        let value = if o == t || (base.is_some() && t == b) {
            o
        } else if base.is_some() && o == b {
            t
        } else {
            conflict(key, o.unwrap_or(&Value::Null), t.unwrap_or(&Value::Null));
            o
        };
        if let Some(value) = value {
            merged.insert(key.clone(), value.clone());
        }
    }
    merged
}

fn object<T: Serialize>(value: &T) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
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

/// The merge of `ours` and `theirs` from their common `base`.
#[allow(
    clippy::too_many_lines,
    reason = "the cases of a walk in three versions, in one place"
)]
pub fn merge(base: &Document, ours: &Document, theirs: &Document) -> Merged {
    let known = single_ids(&[base, ours, theirs]);
    let (b, o, t) = (keyed(base, &known), keyed(ours, &known), keyed(theirs, &known));
    let mut conflicts = Vec::new();
    // Walks THEIRS holds, under THEIRS' ids; then this side's others.
    let mut held: Vec<Session> = Vec::with_capacity(t.len().max(o.len()));
    let mut own: Vec<(Session, bool)> = Vec::new();
    let mut arriving: Vec<u64> = Vec::new();
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
                    merge_walk(t.id, base, o, t, &mut conflicts)
                };
                walk.id = t.id;
                held.push(walk);
            }
            (Some(b), Some(o), None) => {
                if !same(o, b) {
                    own.push((o.clone(), false));
                    conflicts.push(edit_vs_remove(o, "this device", "the other"));
                }
            }
            (Some(b), None, Some(t)) => {
                if !same(t, b) {
                    conflicts.push(edit_vs_remove(t, "the other device", "this one"));
                    held.push(t.clone());
                }
            }
            (None, Some(o), None) => own.push((o.clone(), true)),
            (None, None, Some(t)) => {
                arriving.push(t.id);
                held.push(t.clone());
            }
            (_, None, None) => {}
        }
    }
    let mut next_id = [base, ours, theirs]
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
        if used.contains(&session.id) || (new && session.id < theirs.next_id) {
            give_new_id(&mut session, &mut renumbered);
        }
        used.insert(session.id);
        kept.push(session);
    }
    let mut document = Document {
        next_id,
        goals: merge_goals(&base.goals, &ours.goals, &theirs.goals, &mut conflicts),
        timer: merge_timer(
            base.timer.as_ref(),
            ours.timer.as_ref(),
            theirs.timer.as_ref(),
            &mut conflicts,
        ),
        undo: Vec::new(),
        redo: Vec::new(),
        sessions: Vec::new(),
        mornings: merge_mornings(&base.mornings, &ours.mornings, &theirs.mornings, &mut conflicts),
        extra: {
            let mut extra = theirs.extra.clone();
            extra.extend(ours.extra.clone());
            extra
        },
    };
    document.insert_many(kept);
    // Walks from the other side that overlap this side's.
    let arriving: BTreeSet<u64> = arriving.into_iter().collect();
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
    Merged {
        document,
        conflicts,
        renumbered,
    }
}

/// What changed between two versions of a store, walk by walk (matched
/// by their lasting identity).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: usize,
    pub edited: usize,
    pub removed: usize,
}

impl Changes {
    pub fn total(self) -> usize {
        self.added + self.edited + self.removed
    }
}

pub fn changes(before: &Document, after: &Document) -> Changes {
    let known = single_ids(&[before, after]);
    let (a, b) = (keyed(before, &known), keyed(after, &known));
    let mut changes = Changes::default();
    for (key, s) in &a {
        match b.get(key) {
            None => changes.removed += 1,
            Some(other) if !same(s, other) => changes.edited += 1,
            Some(_) => {}
        }
    }
    changes.added = b.keys().filter(|key| !a.contains_key(key)).count();
    changes
}

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
    let lost = if kept == ours { theirs } else { ours };
    let start =
        |timer: Option<&Timer>| timer.map_or(Value::Null, |t| Value::from(model::rfc3339::format(&t.start)));
    if let Some(timer) = kept {
        conflicts.push(Conflict {
            id: None,
            kind: ConflictKind::Timer,
            field: Some("start".into()),
            day: None,
            kept: start(kept),
            lost: start(lost),
            detail: format!(
                "both devices changed the timer; the one started at {} was kept",
                model::rfc3339::format(&timer.start)
            ),
        });
    }
    kept.cloned()
}

/// Another machine's goals history merged into this one's by day and
/// field, as `sync` merges them; with no common history, each is compared
/// with the default targets.
pub fn merge_goals_history(ours: &Goals, theirs: &Goals) -> (Goals, Vec<Conflict>) {
    let mut conflicts = Vec::new();
    let goals = merge_goals(&Goals::default(), ours, theirs, &mut conflicts);
    (goals, conflicts)
}

/// Another machine's next-morning records merged into this one's by day
/// and field, as `sync` merges them; with no common history, a day only
/// one side holds is taken, a day both hold differently is a conflict.
pub fn merge_mornings_history(ours: &[Morning], theirs: &[Morning]) -> (Vec<Morning>, Vec<Conflict>) {
    let mut conflicts = Vec::new();
    let mornings = merge_mornings(&[], ours, theirs, &mut conflicts);
    (mornings, conflicts)
}

/// The next-morning records, by day and field against BASE's record of
/// that day (none is a record without fields): one side's change (set,
/// changed, cleared) wins; both sides' different changes keep this
/// side's and are a conflict naming the day and the field.
fn merge_mornings(
    base: &[Morning],
    ours: &[Morning],
    theirs: &[Morning],
    conflicts: &mut Vec<Conflict>,
) -> Vec<Morning> {
    let dates: BTreeSet<NaiveDate> = base.iter().chain(ours).chain(theirs).map(|m| m.date).collect();
    let fields = |mornings: &[Morning], date| {
        let mut map = crate::morning::find(mornings, date)
            .map(object)
            .unwrap_or_default();
        map.remove("date");
        map
    };
    let mut merged = Vec::with_capacity(dates.len());
    for date in dates {
        let (b, o, t) = (fields(base, date), fields(ours, date), fields(theirs, date));
        let mut record = merge_fields(Some(&b), &o, &t, |field, kept, lost| {
            conflicts.push(Conflict {
                id: None,
                kind: ConflictKind::Morning,
                field: Some(field.to_string()),
                day: Some(date),
                kept: kept.clone(),
                lost: lost.clone(),
                detail: format!(
                    "the morning after {}: {field} changed on both devices; kept {}, not {}",
                    date.format("%a %-d %b %Y"),
                    shown(kept),
                    shown(lost)
                ),
            });
        });
        // A record cleared on one side goes, whatever else it carried.
        if !record.contains_key("morning_pain") {
            continue;
        }
        record.insert("date".into(), serde_json::to_value(date).unwrap_or(Value::Null));
        match serde_json::from_value::<Morning>(Value::Object(record)) {
            Ok(morning) => merged.push(morning),
            // Fields that each stood alone but not together: this side's.
            Err(_) => merged.extend(crate::morning::find(ours, date).cloned()),
        }
    }
    merged
}

/// The targets in force on a day, or the first entry's.
fn entry_at(goals: &Goals, date: Option<NaiveDate>) -> &GoalEntry {
    date.map_or_else(|| &goals.entries()[0], |d| goals.in_force(d))
}

/// The goals history, by day and field: for every day on which either
/// side's targets change, each field merged against what BASE had in
/// force that day. (The next-morning records merge the same way, in
/// `merge_mornings`.)
fn merge_goals(base: &Goals, ours: &Goals, theirs: &Goals, conflicts: &mut Vec<Conflict>) -> Goals {
    let dates =
        |goals: &Goals| -> BTreeSet<Option<NaiveDate>> { goals.entries().iter().map(|e| e.from).collect() };
    let (ours_dates, theirs_dates) = (dates(ours), dates(theirs));
    let in_force = |goals: &Goals, date: Option<NaiveDate>| {
        let mut map = object(entry_at(goals, date));
        map.remove("from");
        map
    };
    let mut entries: Vec<GoalEntry> = Vec::new();
    // The conflicts already said, so that one carried over days is said once.
    let mut said: BTreeMap<String, (Value, Value)> = BTreeMap::new();
    for date in ours_dates.union(&theirs_dates).copied() {
        let (b, o, t) = (in_force(base, date), in_force(ours, date), in_force(theirs, date));
        let mut merged = merge_fields(Some(&b), &o, &t, |field, kept, lost| {
            let pair = (kept.clone(), lost.clone());
            if said.get(field) == Some(&pair) {
                return;
            }
            said.insert(field.to_string(), pair);
            let day = date.map_or_else(|| "from the beginning".to_string(), |d| format!("from {d}"));
            conflicts.push(Conflict {
                id: None,
                kind: ConflictKind::Goals,
                field: Some(field.to_string()),
                day: date,
                kept: kept.clone(),
                lost: lost.clone(),
                detail: format!(
                    "goals {day}: {field} changed on both devices; kept {}, not {}",
                    shown(kept),
                    shown(lost)
                ),
            });
        });
        let entry = {
            merged.insert("from".into(), serde_json::to_value(date).unwrap_or(Value::Null));
            serde_json::from_value::<GoalEntry>(Value::Object(merged))
        };
        let Ok(entry) = entry else {
            // Fields that each stood alone but not together: this side's.
            let mut own = entry_at(ours, date).clone();
            own.from = date;
            entries.push(own);
            continue;
        };
        // A day that changes nothing any more (undone on one side) goes,
        // unless both sides hold it.
        let repeats = entries.last().is_some_and(|last| {
            GoalEntry {
                from: entry.from,
                ..last.clone()
            } == entry
        });
        if !repeats || (ours_dates.contains(&date) && theirs_dates.contains(&date)) {
            entries.push(entry);
        }
    }
    Goals::from_entries(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::at;
    use crate::model::{NewSession, Range, Surface};
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
        crate::morning::find(mornings, day(d))
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
            prop_assert!(crate::morning::check(&a.mornings).is_ok());
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
}
