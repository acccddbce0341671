//! The store document: every walk, the goals history, the timer, the
//! undo history and the next-morning records, with the rules that hold
//! across them (unique ids, time order, no overlaps) and the edits that
//! keep those rules.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset};

use super::{
    Extra, Goals, Morning, NewSession, Overlap, Session, Surface, Timer, UNDO_DEPTH, UndoEntry, check_overlap,
};

/// The store document's format marker and current version.
pub const FORMAT: &str = "backwalk";
/// Version 3 added the weekly rhythm (`days_per_week` in a goals entry)
/// and the next-morning records: a backwalk that reads only version 2
/// would drop them on its next write, so it must refuse the file instead.
pub const VERSION: u32 = 3;

/// The whole store.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub next_id: u64,
    pub goals: Goals,
    pub timer: Option<Timer>,
    pub undo: Vec<UndoEntry>,
    pub redo: Vec<UndoEntry>,
    /// Kept in time order (start, then id).
    pub sessions: Vec<Session>,
    /// The next-morning pain of walk days, in date order.
    pub mornings: Vec<Morning>,
    /// Top-level fields this version does not know, kept as they are.
    pub extra: Extra,
}

impl Default for Document {
    fn default() -> Self {
        Document {
            next_id: 1,
            goals: Goals::default(),
            timer: None,
            undo: Vec::new(),
            redo: Vec::new(),
            sessions: Vec::new(),
            mornings: Vec::new(),
            extra: Extra::new(),
        }
    }
}

/// The ids met so far: a bit per possible id when ids are dense, as they
/// are in any store backwalk wrote, else a hash set.
enum SeenIds {
    Bits(Vec<u64>),
    Set(HashSet<u64>),
}

impl SeenIds {
    fn new(next_id: u64, count: usize) -> SeenIds {
        match usize::try_from(next_id) {
            Ok(ids) if ids / 64 <= count + 1 => SeenIds::Bits(vec![0; ids / 64 + 1]),
            _ => SeenIds::Set(HashSet::with_capacity(count)),
        }
    }

    /// False when `id` was met before.
    fn insert(&mut self, id: u64) -> bool {
        match self {
            SeenIds::Bits(words) => {
                let Some(word) = usize::try_from(id / 64).ok().and_then(|i| words.get_mut(i)) else {
                    return true; // beyond next_id: the caller rejects it
                };
                let bit = 1 << (id % 64);
                let new = *word & bit == 0;
                *word |= bit;
                new
            }
            SeenIds::Set(set) => set.insert(id),
        }
    }
}

impl Document {
    /// Checks what serde cannot: unique ids below `next_id`, value ranges,
    /// goals, the timer and the undo history. Sorts the sessions if a
    /// hand edit left them out of order.
    pub fn check(&mut self) -> Result<(), String> {
        let mut seen = SeenIds::new(self.next_id, self.sessions.len());
        for session in &self.sessions {
            if !seen.insert(session.id) {
                return Err(format!("session id {} appears twice", session.id));
            }
            if session.id >= self.next_id {
                return Err(format!(
                    "session id {} is not below next_id {}",
                    session.id, self.next_id
                ));
            }
            session
                .check()
                .map_err(|e| format!("session id {}: {e}", session.id))?;
        }
        self.goals.check()?;
        super::morning::check(&self.mornings)?;
        if let Some(timer) = &self.timer {
            timer.check()?;
        }
        for (list, entries) in [("undo", &self.undo), ("redo", &self.redo)] {
            if entries.len() > UNDO_DEPTH {
                return Err(format!("{list} holds more than {UNDO_DEPTH} entries"));
            }
            for entry in entries {
                entry
                    .check()
                    .map_err(|e| format!("{list} entry '{}': {e}", entry.what))?;
            }
        }
        if !self.sessions.is_sorted_by_key(|s| (s.start, s.id)) {
            self.sessions.sort_by_key(|s| (s.start, s.id));
        }
        Ok(())
    }

    /// The next id, or an error when every id has been used.
    pub fn take_id(&mut self) -> Result<u64, IdsExhausted> {
        let id = self.next_id;
        self.next_id = id.checked_add(1).ok_or(IdsExhausted)?;
        Ok(id)
    }

    /// Adds a walk with the next id, keeping time order, unless it
    /// overlaps a stored walk or the running timer (up to `now`).
    pub fn add(&mut self, new: NewSession, now: DateTime<FixedOffset>) -> Result<Session, AddError> {
        check_overlap(
            &self.sessions,
            self.timer.as_ref(),
            new.start,
            new.end(),
            now,
            None,
        )
        .map_err(AddError::Overlap)?;
        let id = self.take_id().map_err(AddError::Full)?;
        let session = Session::from_new(id, new);
        self.insert(session.clone());
        Ok(session)
    }

    fn insert(&mut self, session: Session) {
        let key = (session.start, session.id);
        let at = self.sessions.partition_point(|s| (s.start, s.id) < key);
        self.sessions.insert(at, session);
    }

    /// Adds many sessions, keeping time order: one sort and one merge,
    /// not an insertion each.
    pub fn insert_many(&mut self, mut sessions: Vec<Session>) {
        if sessions.len() < 8 {
            for s in sessions {
                self.insert(s);
            }
            return;
        }
        sessions.sort_by_key(|s| (s.start, s.id));
        let old = std::mem::take(&mut self.sessions);
        let mut merged = Vec::with_capacity(old.len() + sessions.len());
        let (mut a, mut b) = (old.into_iter().peekable(), sessions.into_iter().peekable());
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => (x.start, x.id) <= (y.start, y.id),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            merged.extend(if take_a { a.next() } else { b.next() });
        }
        self.sessions = merged;
    }

    pub fn get(&self, id: u64) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }

    /// The session that started most recently.
    pub fn latest(&self) -> Option<&Session> {
        self.sessions.last()
    }

    /// Replaces the sessions with the same ids, keeping time order;
    /// returns the versions replaced, or the first unknown id.
    pub fn replace(&mut self, sessions: Vec<Session>) -> Result<Vec<Session>, u64> {
        let positions: HashMap<u64, usize> =
            self.sessions.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        if let Some(missing) = sessions.iter().find(|s| !positions.contains_key(&s.id)) {
            return Err(missing.id);
        }
        let mut before = Vec::with_capacity(sessions.len());
        for session in sessions {
            let slot = &mut self.sessions[positions[&session.id]];
            before.push(std::mem::replace(slot, session));
        }
        if !self.sessions.is_sorted_by_key(|s| (s.start, s.id)) {
            self.sessions.sort_by_key(|s| (s.start, s.id));
        }
        Ok(before)
    }

    /// Removes every listed id, or none when one is unknown.
    pub fn remove(&mut self, ids: &[u64]) -> Result<Vec<Session>, u64> {
        let wanted: HashSet<u64> = ids.iter().copied().collect();
        let present: HashSet<u64> = self
            .sessions
            .iter()
            .filter(|s| wanted.contains(&s.id))
            .map(|s| s.id)
            .collect();
        if let Some(missing) = ids.iter().find(|id| !present.contains(id)) {
            return Err(*missing);
        }
        let (removed, kept) = std::mem::take(&mut self.sessions)
            .into_iter()
            .partition(|s| wanted.contains(&s.id));
        self.sessions = kept;
        Ok(removed)
    }

    /// The surface of the most recently logged session still kept.
    pub fn last_surface(&self) -> Option<Surface> {
        self.sessions.iter().max_by_key(|s| s.id).map(|s| s.surface)
    }
}

/// Why `Document::add` refused a walk.
#[derive(Clone, Debug, PartialEq)]
pub enum AddError {
    Overlap(Overlap),
    /// Every id has been used.
    Full(IdsExhausted),
}

/// Every session id has been used: the store takes no more walks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("every session id has been used; no more walks can be stored")]
pub struct IdsExhausted;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{NOW, add, at, walk};

    #[test]
    fn ids_increase_and_are_never_reused() {
        let mut doc = Document::default();
        let first = add(&mut doc, "2026-11-20T08:00:00+01:00", 8);
        let second = add(&mut doc, "2026-11-19T08:00:00+01:00", 6);
        assert_eq!((first.id, second.id), (1, 2));
        assert_eq!(doc.sessions[0].id, 2, "time order, not id order");
        doc.remove(&[2]).unwrap();
        assert_eq!(add(&mut doc, "2026-11-21T08:00:00+01:00", 5).id, 3);
        doc.next_id = u64::MAX;
        let full = doc.add(walk("2026-11-21T09:00:00+01:00", 5), at(NOW));
        assert!(matches!(full, Err(AddError::Full(_))), "{full:?}");
        assert_eq!(doc.next_id, u64::MAX);
    }

    #[test]
    fn remove_is_all_or_nothing() {
        let mut doc = Document::default();
        add(&mut doc, "2026-11-20T08:00:00+01:00", 8);
        add(&mut doc, "2026-11-21T08:00:00+01:00", 8);
        assert_eq!(doc.remove(&[1, 9]), Err(9));
        assert_eq!(doc.sessions.len(), 2);
        assert_eq!(doc.remove(&[1, 2]).unwrap().len(), 2);
        assert!(doc.sessions.is_empty());
    }

    #[test]
    fn many_sessions_merge_in_time_order() {
        let mut doc = Document::default();
        for day in [2, 9, 16] {
            add(&mut doc, &format!("2026-11-{day:02}T08:00:00+01:00"), 8);
        }
        let incoming: Vec<Session> = (1..=20)
            .rev()
            .map(|day| {
                let id = doc.take_id().unwrap();
                Session::from_new(id, walk(&format!("2026-11-{day:02}T09:00:00+01:00"), 5))
            })
            .collect();
        doc.insert_many(incoming);
        assert_eq!(doc.sessions.len(), 23);
        assert!(doc.sessions.is_sorted_by_key(|s| (s.start, s.id)));
    }

    #[test]
    fn check_rejects_duplicate_ids_and_sorts() {
        let mut doc = Document::default();
        add(&mut doc, "2026-11-20T08:00:00+01:00", 8);
        add(&mut doc, "2026-11-21T08:00:00+01:00", 8);
        doc.sessions.reverse();
        doc.check().unwrap();
        assert_eq!(doc.sessions[0].id, 1);
        doc.sessions[1].id = 1;
        assert!(doc.check().unwrap_err().contains("twice"));
    }

    #[test]
    fn duplicate_ids_are_found_whether_ids_are_dense_or_sparse() {
        for next_id in [10, u64::MAX] {
            let mut seen = SeenIds::new(next_id, 3);
            assert!(seen.insert(1) && seen.insert(9) && seen.insert(0));
            assert!(!seen.insert(9));
        }
    }
}
