//! Which walk a session is across the versions of a store, and what
//! changed between two versions walk by walk: a walk is matched by its
//! lasting identity, never by its id, which a merge may change.

use std::collections::HashMap;

use crate::model::{Document, Session};

/// The same walk in the same version, whatever its id.
pub(super) fn same(a: &Session, b: &Session) -> bool {
    a.as_new() == b.as_new() && a.extra == b.extra
}

/// Which walk a session is, across the versions of a store: its lasting
/// identity, and for a second walk claiming an identity already met in
/// the same version (a copied line, a forged file), its id as well, so
/// that the two stay two walks.
pub(super) type Key = (u64, Option<u64>);

pub(super) fn keyed<'d>(doc: &'d Document, primary_ids: &HashMap<u64, u64>) -> HashMap<Key, &'d Session> {
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
pub(super) fn single_ids(docs: &[&Document]) -> HashMap<u64, u64> {
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

/// The walks added, edited and removed from `before` to `after`.
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
