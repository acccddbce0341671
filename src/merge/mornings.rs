//! The next-morning records, merged by day and field.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde_json::Value;

use super::fields::{merge_fields, object};
use super::{Conflict, ConflictKind, shown};
use crate::model::{Morning, morning};

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
pub(super) fn merge_mornings(
    base: &[Morning],
    ours: &[Morning],
    theirs: &[Morning],
    conflicts: &mut Vec<Conflict>,
) -> Vec<Morning> {
    let dates: BTreeSet<NaiveDate> = base.iter().chain(ours).chain(theirs).map(|m| m.date).collect();
    let fields = |mornings: &[Morning], date| {
        let mut map = morning::find(mornings, date).map(object).unwrap_or_default();
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
            Err(_) => merged.extend(morning::find(ours, date).cloned()),
        }
    }
    merged
}
