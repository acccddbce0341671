//! Sorting incoming records out against the store: a record that names a
//! stored walk by id with other values is a change (`--update` applies
//! it); one that is already there (a twin) is skipped; one that overlaps a
//! stored walk, the timer or another record refuses the import.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use super::Records;
use super::quote::cut;
use crate::model::{NewSession, Overlap, Session, Timer, WalkDuration, check_overlap};

/// A record that is a stored walk (same id, start and duration) with
/// other values: the stored version and the file's.
pub struct Changed {
    pub stored: Session,
    pub wanted: Session,
}

impl Changed {
    /// `#18: pain 3 → 5, note none → "sore"`.
    pub fn describe(&self) -> String {
        let (before, after) = (self.stored.as_new(), self.wanted.as_new());
        let show = |value: Option<String>| value.unwrap_or_else(|| "none".into());
        let mut changes = Vec::new();
        let mut field = |name: &str, old: String, new: String| {
            if old != new {
                changes.push(format!("{name} {old} → {new}"));
            }
        };
        field(
            "steps",
            show(before.steps.map(|n| n.to_string())),
            show(after.steps.map(|n| n.to_string())),
        );
        field("surface", before.surface.to_string(), after.surface.to_string());
        field(
            "incline",
            show(before.incline_percent.map(|n| format!("{n}%"))),
            show(after.incline_percent.map(|n| format!("{n}%"))),
        );
        field(
            "pain",
            show(before.pain.map(|n| n.to_string())),
            show(after.pain.map(|n| n.to_string())),
        );
        // A long note cut to 40 characters: the store has it whole.
        let note = |n: String| {
            let shown = if n.chars().count() > 40 {
                cut(&n, 39)
            } else {
                Cow::Borrowed(n.as_str())
            };
            format!("{shown:?}")
        };
        field("note", show(before.note.map(note)), show(after.note.map(note)));
        format!("#{}: {}", self.stored.id, changes.join(", "))
    }
}

/// When a walk starts, to the nanosecond, and how long it lasts: what
/// tells one walk from another.
type WalkKey = (i64, u32, u32);

fn key_of(walk: &NewSession) -> WalkKey {
    (
        walk.start.timestamp(),
        walk.start.timestamp_subsec_nanos(),
        walk.duration.seconds(),
    )
}

/// The records matched to stored walks by id: the changes, and the rest
/// (with their places) to sort out as new walks.
pub struct Matched {
    pub changed: Vec<Changed>,
    pub rest: Vec<NewSession>,
    /// The places of the records in `rest`, which a refusal names.
    pub places: Vec<String>,
    kept_ids: HashMap<WalkKey, u64>,
}

impl Matched {
    /// The id a new walk keeps from the file, where it can be kept.
    pub fn kept_id(&self, walk: &NewSession) -> Option<u64> {
        self.kept_ids.get(&key_of(walk)).copied()
    }
}

/// Matches each record that gives the id of a stored walk with the same
/// start and duration to that walk: with other values it is a change, with
/// the same it is left to `sort_out` to skip. `keep_from`: for another
/// machine's history, the first id not yet given here: a new walk keeps
/// its id from there on.
pub fn match_stored(stored: &[Session], records: Records, keep_from: Option<u64>) -> Matched {
    // Only a backwalk export's records carry ids to match.
    let by_id: HashMap<u64, &Session> = if records.ids.iter().any(Option::is_some) {
        stored.iter().map(|s| (s.id, s)).collect()
    } else {
        HashMap::new()
    };
    let mut matched = Matched {
        changed: Vec::new(),
        rest: Vec::with_capacity(records.walks.len()),
        places: Vec::with_capacity(records.walks.len()),
        kept_ids: HashMap::new(),
    };
    let records = records.walks.into_iter().zip(records.ids).zip(records.places);
    for ((walk, id), place) in records {
        let same_walk = id
            .and_then(|id| by_id.get(&id))
            .filter(|s| s.start == walk.start && s.duration_seconds == walk.duration);
        match same_walk {
            Some(s) if s.as_new() != walk => {
                let mut wanted = Session::from_new(s.id, walk);
                wanted.uid = s.uid;
                wanted.extra.clone_from(&s.extra);
                matched.changed.push(Changed {
                    stored: (*s).clone(),
                    wanted,
                });
            }
            _ => {
                if let Some(id) = id.filter(|id| keep_from.is_some_and(|first| *id >= first)) {
                    matched.kept_ids.insert(key_of(&walk), id);
                }
                matched.rest.push(walk);
                matched.places.push(place);
            }
        }
    }
    matched
}

/// What an import would do to a store: the walks to add (in time order),
/// how many records were already there, or the overlaps that refuse it.
#[derive(Debug, PartialEq)]
pub struct Sorted {
    pub fresh: Vec<NewSession>,
    pub skipped: usize,
}

/// An incoming walk that overlaps a stored one, the timer, or another
/// incoming walk.
#[derive(Debug, PartialEq)]
pub struct Clash {
    pub walk: NewSession,
    pub with: Overlap,
    /// Where the walk is in the file: its index in file order, and that
    /// of the incoming walk it overlaps, if it is one.
    pub record: usize,
    pub other_record: Option<usize>,
}

/// Sorts incoming walks out against the store: a record identical to a
/// stored walk (or to one before it in the file) is skipped; the others
/// are added, unless any overlaps a stored walk, the running timer or
/// another incoming walk, which refuses the import. Two sorts and one
/// sweep, so 100 000 rows in any order take a moment, and no walk is
/// copied to find its twins.
pub fn sort_out(
    existing: &[Session],
    timer: Option<&Timer>,
    mut incoming: Vec<NewSession>,
    now: DateTime<FixedOffset>,
) -> Result<Sorted, Vec<Clash>> {
    let total = incoming.len();
    let twin = twins(existing, &incoming);
    // Each fresh walk keeps its index in file order, to be named by.
    let records: Vec<usize> = (0..total).filter(|at| !twin[*at]).collect();
    let mut twins = twin.into_iter();
    incoming.retain(|_| !twins.next().unwrap_or(false));
    let skipped = total - incoming.len();
    let mut by_start: Vec<(NewSession, usize)> = incoming.into_iter().zip(records).collect();
    by_start.sort_by_key(|(s, _)| s.start);
    let (fresh, records): (Vec<NewSession>, Vec<usize>) = by_start.into_iter().unzip();
    let clashes = clashes(existing, timer, &fresh, &records, now);
    if clashes.is_empty() {
        Ok(Sorted { fresh, skipped })
    } else {
        Err(clashes)
    }
}

/// Which incoming walks (in file order) are identical to a stored walk or
/// to an incoming one before them. Every walk, stored ones first, then the
/// incoming in file order, is sorted by when it starts and how long it
/// lasts: only walks in one such group can be identical.
fn twins(existing: &[Session], incoming: &[NewSession]) -> Vec<bool> {
    let stored = existing.len();
    let key = |start: &DateTime<FixedOffset>, duration: WalkDuration| {
        (start.timestamp(), start.timestamp_subsec_nanos(), duration)
    };
    let mut order: Vec<_> = existing
        .iter()
        .map(|s| key(&s.start, s.duration_seconds))
        .chain(incoming.iter().map(|s| key(&s.start, s.duration)))
        .zip(0usize..)
        .collect();
    order.sort_unstable();
    let mut twin = vec![false; incoming.len()];
    for group in order.chunk_by(|a, b| a.0 == b.0) {
        for (n, &(_, at)) in group.iter().enumerate() {
            let Some(at) = at.checked_sub(stored) else {
                continue;
            };
            let walk = &incoming[at];
            twin[at] = group[..n]
                .iter()
                .any(|&(_, before)| match before.checked_sub(stored) {
                    None => existing[before].as_new() == *walk,
                    Some(before) => incoming[before] == *walk,
                });
        }
    }
    twin
}

/// The fresh walks (in time order, `records[i]` the file index of
/// `fresh[i]`) that overlap a stored walk, the timer, or an earlier fresh
/// walk, found in one sweep.
fn clashes(
    existing: &[Session],
    timer: Option<&Timer>,
    fresh: &[NewSession],
    records: &[usize],
    now: DateTime<FixedOffset>,
) -> Vec<Clash> {
    let mut clashes = Vec::new();
    let mut latest: Option<(usize, DateTime<FixedOffset>)> = None;
    for (index, walk) in fresh.iter().enumerate() {
        let end = walk.end();
        let clash = match check_overlap(existing, timer, walk.start, end, now, None) {
            Err(overlap) => Some((overlap, None)),
            Ok(()) => latest
                .filter(|(_, until)| *until > walk.start)
                .map(|(other, _)| (Overlap::Incoming(fresh[other].clone()), Some(records[other]))),
        };
        if let Some((with, other_record)) = clash {
            clashes.push(Clash {
                walk: walk.clone(),
                with,
                record: records[index],
                other_record,
            });
        }
        if latest.is_none_or(|(_, until)| end > until) {
            latest = Some((index, end));
        }
    }
    clashes
}
