//! The goals history, merged by day and field.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde_json::Value;

use super::fields::{merge_fields, object};
use super::{Conflict, ConflictKind, shown};
use crate::model::{GoalEntry, Goals};

/// Another machine's goals history merged into this one's by day and
/// field, as `sync` merges them; with no common history, each is compared
/// with the default targets.
pub fn merge_goals_history(ours: &Goals, theirs: &Goals) -> (Goals, Vec<Conflict>) {
    let mut conflicts = Vec::new();
    let goals = merge_goals(&Goals::default(), ours, theirs, &mut conflicts);
    (goals, conflicts)
}

/// The targets in force on a day, or the first entry's.
fn entry_at(goals: &Goals, date: Option<NaiveDate>) -> &GoalEntry {
    date.map_or_else(|| &goals.entries()[0], |d| goals.in_force(d))
}

/// The goals history, by day and field: for every day on which either
/// side's targets change, each field merged against what BASE had in
/// force that day. (The next-morning records merge the same way, in
/// `merge_mornings`.)
pub(super) fn merge_goals(
    base: &Goals,
    ours: &Goals,
    theirs: &Goals,
    conflicts: &mut Vec<Conflict>,
) -> Goals {
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
