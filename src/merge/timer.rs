//! The timer: a one-sided change wins; two different timers keep the one
//! that started first.

use serde_json::Value;

use super::{Conflict, ConflictKind};
use crate::model::{self, Timer};

/// The timer: a one-sided change wins; two different timers keep the one
/// that started first (a running timer over none).
pub(super) fn merge_timer(
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
