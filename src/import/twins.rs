//! Sorting incoming walks out against the store: a record that is already
//! there (a twin) is skipped, and one that overlaps a stored walk, the
//! timer or another record refuses the import.

use chrono::{DateTime, FixedOffset};

use crate::model::{NewSession, Overlap, Session, Timer, WalkDuration, check_overlap};

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
