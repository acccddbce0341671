//! The undo and redo history: each change is kept as the operations that
//! revert it, and applying one gives the operation that takes it back.

use serde::{Deserialize, Serialize};

use super::{Document, Goals, Morning, Session, Timer, rfc3339};

/// How many changes `undo` can revert (and `redo` re-apply).
pub const UNDO_DEPTH: usize = 20;

/// One step of reverting (or re-applying) a change. Applying an operation
/// gives the operation that takes it back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Take these sessions out.
    Remove { ids: Vec<u64> },
    /// Put these sessions in.
    Insert { sessions: Vec<Session> },
    /// Put these versions of sessions in place of the stored ones.
    Replace { sessions: Vec<Session> },
    /// Set the timer (or none).
    Timer { timer: Option<Timer> },
    /// Set the goals history.
    Goals { goals: Goals },
    /// Set the next-morning records.
    Mornings { mornings: Vec<Morning> },
}

/// A change that `undo` can revert (or `redo` re-apply).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UndoEntry {
    /// What the change was, in words: "log #12", "rm #3 #4".
    pub what: String,
    /// What to apply, in order, to revert it.
    pub ops: Vec<Op>,
}

impl Document {
    /// Applies one operation; returns the one that takes it back.
    pub fn apply(&mut self, op: Op) -> Result<Op, String> {
        let no_session = |id: u64| format!("session #{id} is no longer in the store");
        Ok(match op {
            Op::Remove { ids } => {
                let removed = self.remove(&ids).map_err(no_session)?;
                Op::Insert { sessions: removed }
            }
            Op::Insert { sessions } => {
                let ids = sessions.iter().map(|s| s.id).collect();
                self.insert_many(sessions);
                Op::Remove { ids }
            }
            Op::Replace { sessions } => {
                let before = self.replace(sessions).map_err(no_session)?;
                Op::Replace { sessions: before }
            }
            Op::Timer { timer } => {
                if let (Some(running), Some(wanted)) = (&self.timer, &timer)
                    && running != wanted
                {
                    return Err(format!(
                        "it would restart a timer, but another one is running since {}; \
                         `backwalk stop` or `backwalk cancel` it first",
                        rfc3339::format(&running.start)
                    ));
                }
                Op::Timer {
                    timer: std::mem::replace(&mut self.timer, timer),
                }
            }
            Op::Goals { goals } => Op::Goals {
                goals: std::mem::replace(&mut self.goals, goals),
            },
            Op::Mornings { mornings } => Op::Mornings {
                mornings: std::mem::replace(&mut self.mornings, mornings),
            },
        })
    }

    /// Remembers a change so `undo` can revert it (keeping the last 20);
    /// a new change ends what `redo` could re-apply.
    pub fn record(&mut self, what: String, ops: Vec<Op>) {
        push_bounded(&mut self.undo, UndoEntry { what, ops });
        self.redo.clear();
    }

    /// Reverts the latest recorded change; returns what it was.
    pub fn undo(&mut self) -> Result<Option<String>, String> {
        self.step(History::Undo)
    }

    /// Re-applies the change the latest `undo` reverted.
    pub fn redo(&mut self) -> Result<Option<String>, String> {
        self.step(History::Redo)
    }

    /// Applies the latest entry of `from` and keeps what takes it back in
    /// the other history.
    fn step(&mut self, from: History) -> Result<Option<String>, String> {
        let Some(entry) = self.history(from).pop() else {
            return Ok(None);
        };
        let mut back = Vec::with_capacity(entry.ops.len());
        for op in entry.ops {
            back.push(
                self.apply(op)
                    .map_err(|e| format!("cannot revert {}: {e}", entry.what))?,
            );
        }
        back.reverse();
        push_bounded(
            self.history(from.other()),
            UndoEntry {
                what: entry.what.clone(),
                ops: back,
            },
        );
        Ok(Some(entry.what))
    }

    fn history(&mut self, which: History) -> &mut Vec<UndoEntry> {
        match which {
            History::Undo => &mut self.undo,
            History::Redo => &mut self.redo,
        }
    }
}

/// The two lists of changes: what `undo` reverts and what `redo` re-applies.
#[derive(Clone, Copy)]
enum History {
    Undo,
    Redo,
}

impl History {
    fn other(self) -> History {
        match self {
            History::Undo => History::Redo,
            History::Redo => History::Undo,
        }
    }
}

fn push_bounded(list: &mut Vec<UndoEntry>, entry: UndoEntry) {
    list.push(entry);
    if list.len() > UNDO_DEPTH {
        let excess = list.len() - UNDO_DEPTH;
        list.drain(..excess);
    }
}

impl UndoEntry {
    pub(super) fn check(&self) -> Result<(), String> {
        for op in &self.ops {
            match op {
                Op::Insert { sessions } | Op::Replace { sessions } => {
                    sessions.iter().try_for_each(Session::check)?;
                }
                Op::Timer { timer: Some(timer) } => timer.check()?,
                Op::Goals { goals } => goals.check()?,
                Op::Mornings { mornings } => super::morning::check(mornings)?,
                Op::Remove { .. } | Op::Timer { timer: None } => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{add, at};
    use crate::model::{Extra, Surface};

    #[test]
    fn undo_and_redo_walk_the_history_both_ways() {
        let mut doc = Document::default();
        let s = add(&mut doc, "2026-11-20T08:00:00+01:00", 8);
        doc.record("log #1".into(), vec![Op::Remove { ids: vec![s.id] }]);
        let mut edited = s.clone();
        edited.steps = None;
        let before = doc.replace(vec![edited]).unwrap();
        doc.record("edit #1".into(), vec![Op::Replace { sessions: before }]);
        let removed = doc.remove(&[1]).unwrap();
        doc.record("rm #1".into(), vec![Op::Insert { sessions: removed }]);
        let after_rm = doc.clone();

        assert_eq!(doc.undo().unwrap().as_deref(), Some("rm #1"));
        assert_eq!(doc.sessions[0].steps, None);
        assert_eq!(doc.undo().unwrap().as_deref(), Some("edit #1"));
        assert_eq!(doc.sessions[0].steps, Some(300));
        assert_eq!(doc.undo().unwrap().as_deref(), Some("log #1"));
        assert!(doc.sessions.is_empty());
        assert_eq!(doc.undo().unwrap(), None);
        assert_eq!(doc.next_id, 2, "an undone log does not give its id back");

        for what in ["log #1", "edit #1", "rm #1"] {
            assert_eq!(doc.redo().unwrap().as_deref(), Some(what));
        }
        assert_eq!(doc.redo().unwrap(), None);
        assert_eq!(doc.sessions, after_rm.sessions);
        assert_eq!(doc.undo.len(), 3);

        // A new change ends what redo could re-apply.
        doc.undo().unwrap();
        assert_eq!(doc.redo.len(), 1);
        doc.record(
            "goals".into(),
            vec![Op::Goals {
                goals: Goals::default(),
            }],
        );
        assert!(doc.redo.is_empty());

        for n in 0..25 {
            doc.record(
                format!("goals {n}"),
                vec![Op::Goals {
                    goals: Goals::default(),
                }],
            );
        }
        assert_eq!(doc.undo.len(), UNDO_DEPTH);
        assert_eq!(doc.undo[0].what, "goals 5");
    }

    #[test]
    fn undoing_a_stop_never_restarts_over_a_running_timer() {
        let mut doc = Document::default();
        let timer = |start: &str| Timer {
            start: at(start),
            surface: Surface::Grass,
            note: None,
            extra: Extra::new(),
        };
        let s = add(&mut doc, "2026-11-20T08:00:00+01:00", 8);
        doc.record(
            "stop #1".into(),
            vec![
                Op::Remove { ids: vec![s.id] },
                Op::Timer {
                    timer: Some(timer("2026-11-20T08:00:00+01:00")),
                },
            ],
        );
        doc.timer = Some(timer("2026-11-21T09:00:00+01:00"));
        let before = doc.clone();
        assert!(doc.undo().unwrap_err().contains("another one is running"));
        // The caller writes nothing after an error; the document is left
        // for it to drop.
        doc = before;
        doc.timer = None;
        assert_eq!(doc.undo().unwrap().as_deref(), Some("stop #1"));
        assert!(doc.sessions.is_empty() && doc.timer.is_some());
        assert_eq!(doc.redo().unwrap().as_deref(), Some("stop #1"));
        assert!(doc.timer.is_none() && doc.sessions.len() == 1);
    }
}
