//! Merging JSON objects key by key against their common BASE: the rule
//! every part of a store (a walk, a day's goals, a morning) merges by.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value};

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

pub(super) fn object<T: Serialize>(value: &T) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}
