//! `import`: walks from a JSON or CSV file, or another machine's whole
//! history (a store document); all or nothing.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use anyhow::Result;
use serde_json::json;

use super::walk::{explain_overlap, unusual};
use super::{Context, print};
use crate::cli::{self, ImportArgs};
use crate::error::Invalid;
use crate::import::{
    Clash, Format, HistoryRecords, Rejection, Sorted, describe, detect_format, is_store_document, read_ids,
    read_placed, sort_out,
};
use crate::merge::{Conflict, merge_goals_history, merge_mornings_history};
use crate::model::{Document, Goals, NewSession, Op, Overlap, Session};
use crate::morning::Morning;
use crate::parse::format_duration;
use crate::render::{plural, wrap};
use crate::store::Refusal;

/// Why the file was refused, naming it and every bad record.
fn rejected(args: &ImportArgs, format: Format, rejection: Rejection) -> Invalid {
    let file = args.file.display();
    match rejection {
        Rejection::Empty => Invalid::new(format!("{file} is empty; nothing was imported")),
        Rejection::File(why) => {
            let how = match (args.format, format) {
                (Some(_), _) => String::new(),
                (None, Format::Json) => " (read as JSON; --format csv reads it as CSV)".into(),
                (None, Format::Csv) => " (read as CSV; --format json reads it as JSON)".into(),
            };
            Invalid::new(format!(
                "{file} cannot be imported{how}: {why}; nothing was imported"
            ))
        }
        Rejection::Records(errors) => Invalid::new(format!(
            "{file} rejected: {}; nothing was imported\n{}",
            plural(errors.len() as u64, "bad record", "bad records"),
            describe(&errors)
        )),
    }
}

/// The overlaps that refuse an import, each named by its place in the
/// file as every bad record is (`record N (line L)`, `line L`).
fn clashing(args: &ImportArgs, mut clashes: Vec<Clash>, places: &[String], ctx: &Context) -> anyhow::Error {
    clashes.sort_by_key(|clash| clash.record);
    let lines: Vec<String> = clashes
        .into_iter()
        .map(|clash| {
            let walk = format!(
                "{}: the walk of {} ({})",
                places[clash.record],
                ctx.clock.local(&clash.walk.start).format("%Y-%m-%d %H:%M"),
                format_duration(clash.walk.duration.seconds().into())
            );
            match clash.with {
                Overlap::Incoming(other) => format!(
                    "{walk} overlaps {}, the walk of {}",
                    clash
                        .other_record
                        .map_or("another record", |at| places[at].as_str()),
                    ctx.clock.local(&other.start).format("%Y-%m-%d %H:%M")
                ),
                with => {
                    let why = explain_overlap(
                        Refusal::Overlap(with).into(),
                        ctx,
                        clash.walk.start,
                        clash.walk.duration,
                    )
                    .to_string();
                    format!("{walk}: {}", why.split(';').next().unwrap_or_default())
                }
            }
        })
        .collect();
    Invalid::new(format!(
        "{} rejected: {} overlap walks already logged or each other; nothing was imported\n{}",
        args.file.display(),
        plural(lines.len() as u64, "walk would", "walks would"),
        describe(&lines)
    ))
    .into()
}

fn count_unusual(walks: &[NewSession], goals: &Goals, ctx: &Context) -> usize {
    walks
        .iter()
        .filter(|w| {
            unusual(
                w.duration.seconds().into(),
                w.steps,
                goals.in_force(ctx.clock.date_of(&w.start)),
            )
            .is_some()
        })
        .count()
}

/// The first bytes of a spreadsheet workbook: a zip (xlsx, ods) or an
/// OLE2 compound file (xls).
const WORKBOOK_MAGIC: [&[u8]; 2] = [b"PK\x03\x04", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"];

/// `--format` as the importer reads it: a store file is JSON.
fn input_format(format: cli::Format) -> Format {
    match format {
        cli::Format::Json | cli::Format::Store => Format::Json,
        cli::Format::Csv => Format::Csv,
    }
}

/// What the file holds: walks, the id each record gives, and for a store
/// document (another machine's whole history) that history.
struct Incoming {
    walks: Vec<NewSession>,
    ids: Vec<Option<u64>>,
    /// Where each record is in the file, as a bad record is named.
    places: Vec<String>,
    history: Option<Document>,
}

fn read(args: &ImportArgs, bytes: &[u8], ctx: &Context) -> Result<Incoming> {
    let file = args.file.display();
    if WORKBOOK_MAGIC.iter().any(|magic| bytes.starts_with(magic)) {
        return Err(Invalid::new(format!(
            "{file} is a spreadsheet workbook (xlsx, ods or xls), not CSV; save it as CSV \
             (\"CSV UTF-8\") and import that; nothing was imported"
        ))
        .into());
    }
    let format = detect_format(args.format.map(input_format), &args.file, bytes);
    if format != Format::Csv && is_store_document(bytes) {
        let history = crate::store::decode(bytes).map_err(|e| {
            Invalid::new(format!(
                "{file} cannot be imported: the store {e}; nothing was imported"
            ))
        })?;
        let HistoryRecords { walks, ids, places } = HistoryRecords::of(&history);
        return Ok(Incoming {
            walks,
            ids,
            places,
            history: Some(history),
        });
    }
    let (walks, places) = read_placed(bytes, format, ctx.clock).map_err(|r| rejected(args, format, r))?;
    let mut ids = read_ids(bytes, format);
    ids.resize(walks.len(), None);
    Ok(Incoming {
        walks,
        ids,
        places,
        history: None,
    })
}

/// A record that is a stored walk (same id, start and duration) with
/// other values: the stored version and the file's.
struct Changed {
    stored: Session,
    wanted: Session,
}

impl Changed {
    /// `#18: pain 3 → 5, note none → "sore"`.
    fn describe(&self) -> String {
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
            if n.chars().count() > 40 {
                format!("{:?}", n.chars().take(39).collect::<String>() + "…")
            } else {
                format!("{n:?}")
            }
        };
        field("note", show(before.note.map(note)), show(after.note.map(note)));
        format!("#{}: {}", self.stored.id, changes.join(", "))
    }
}

/// What the import does to a store.
struct Plan {
    /// New walks, with the id to keep where the file's can be kept.
    fresh: Vec<(NewSession, Option<u64>)>,
    skipped: usize,
    unusual: usize,
    changed: Vec<Changed>,
    goals: Option<(Goals, Vec<Conflict>)>,
    mornings: Option<(Vec<Morning>, Vec<Conflict>)>,
}

fn plan(doc: &Document, incoming: Incoming, args: &ImportArgs, ctx: &Context) -> Result<Plan> {
    // Only a backwalk export's records carry ids to match.
    let stored: HashMap<u64, &Session> = if incoming.ids.iter().any(Option::is_some) {
        doc.sessions.iter().map(|s| (s.id, s)).collect()
    } else {
        HashMap::new()
    };
    let mut changed = Vec::new();
    let mut rest = Vec::with_capacity(incoming.walks.len());
    // The places of the records in `rest`, which a refusal names.
    let mut places = Vec::with_capacity(incoming.walks.len());
    let mut kept_ids: HashMap<(i64, u32, u32), u64> = HashMap::new();
    let records = incoming.walks.into_iter().zip(incoming.ids).zip(incoming.places);
    for ((walk, id), place) in records {
        let same_walk = id
            .and_then(|id| stored.get(&id))
            .filter(|s| s.start == walk.start && s.duration_seconds == walk.duration);
        match same_walk {
            Some(s) if s.as_new() != walk => {
                let mut wanted = Session::from_new(s.id, walk);
                wanted.uid = s.uid;
                wanted.extra.clone_from(&s.extra);
                changed.push(Changed {
                    stored: (*s).clone(),
                    wanted,
                });
            }
            _ => {
                if let Some(id) = id.filter(|id| incoming.history.is_some() && *id >= doc.next_id) {
                    kept_ids.insert(key(&walk), id);
                }
                rest.push(walk);
                places.push(place);
            }
        }
    }
    let Sorted { fresh, skipped } = sort_out(&doc.sessions, doc.timer.as_ref(), rest, ctx.clock.now())
        .map_err(|c| clashing(args, c, &places, ctx))?;
    let unusual = count_unusual(&fresh, &doc.goals, ctx);
    let fresh = fresh
        .into_iter()
        .map(|walk| {
            let id = kept_ids.get(&key(&walk)).copied();
            (walk, id)
        })
        .collect();
    Ok(Plan {
        fresh,
        skipped,
        unusual,
        changed,
        goals: incoming
            .history
            .as_ref()
            .map(|h| merge_goals_history(&doc.goals, &h.goals)),
        mornings: incoming
            .history
            .map(|h| merge_mornings_history(&doc.mornings, &h.mornings)),
    })
}

fn key(walk: &NewSession) -> (i64, u32, u32) {
    (
        walk.start.timestamp(),
        walk.start.timestamp_subsec_nanos(),
        walk.duration.seconds(),
    )
}

/// What an import did, for the output.
struct Done {
    added: usize,
    skipped: usize,
    unusual: usize,
    changed: Vec<String>,
    updated: usize,
    goals_merged: usize,
    mornings_merged: usize,
    conflicts: Vec<Conflict>,
}

/// Applies the plan; the undo entry reverts all of it at once.
fn apply(doc: &mut Document, plan: Plan, args: &ImportArgs, history_next_id: Option<u64>) -> Result<Done> {
    let mut ops = Vec::new();
    // Ids kept from the other machine are reserved before any is given.
    let kept = plan.fresh.iter().filter_map(|(_, id)| *id).max();
    doc.next_id = [Some(doc.next_id), kept.map(|id| id + 1), history_next_id]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(1);
    let mut taken: HashSet<u64> = HashSet::new();
    let mut sessions = Vec::with_capacity(plan.fresh.len());
    for (walk, id) in plan.fresh {
        let id = match id.filter(|id| taken.insert(*id)) {
            Some(id) => id,
            None => doc.take_id().map_err(anyhow::Error::msg)?,
        };
        sessions.push(Session::from_new(id, walk));
    }
    let ids: Vec<u64> = sessions.iter().map(|s| s.id).collect();
    let added = ids.len();
    doc.insert_many(sessions);
    if added > 0 {
        ops.push(Op::Remove { ids });
    }
    let changed: Vec<String> = plan.changed.iter().map(Changed::describe).collect();
    let mut updated = 0;
    if args.update && !plan.changed.is_empty() {
        let wanted: Vec<Session> = plan.changed.into_iter().map(|c| c.wanted).collect();
        updated = wanted.len();
        let before = doc
            .replace(wanted)
            .map_err(|id| anyhow::anyhow!("#{id} is no longer in the store"))?;
        ops.push(Op::Replace { sessions: before });
    }
    let (mut goals_merged, mut conflicts) = (0, Vec::new());
    if let Some((goals, found)) = plan.goals {
        goals_merged = goals
            .entries()
            .iter()
            .filter(|e| !doc.goals.entries().contains(e))
            .count();
        conflicts = found;
        if goals != doc.goals {
            ops.push(Op::Goals {
                goals: std::mem::replace(&mut doc.goals, goals),
            });
        }
    }
    let mut mornings_merged = 0;
    if let Some((mornings, found)) = plan.mornings {
        mornings_merged = mornings.iter().filter(|m| !doc.mornings.contains(m)).count();
        conflicts.extend(found);
        if mornings != doc.mornings {
            ops.push(Op::Mornings {
                mornings: std::mem::replace(&mut doc.mornings, mornings),
            });
        }
    }
    if !ops.is_empty() {
        let what = match (added, updated) {
            (0, 1..) => plural(updated as u64, "change", "changes"),
            _ => plural(added as u64, "walk", "walks"),
        };
        doc.record(format!("import of {what} from {}", args.file.display()), ops);
    }
    Ok(Done {
        added,
        skipped: plan.skipped,
        unusual: plan.unusual,
        changed,
        updated,
        goals_merged,
        mornings_merged,
        conflicts,
    })
}

pub fn run(args: &ImportArgs, ctx: &Context) -> Result<()> {
    let bytes = crate::store::read_input(&args.file)?;
    let incoming = read(args, &bytes, ctx)?;
    let history_next_id = incoming.history.as_ref().map(|h| h.next_id);
    let done = if args.dry_run {
        let mut doc = ctx.store.load()?;
        let plan = plan(&doc, incoming, args, ctx)?;
        apply(&mut doc, plan, args, history_next_id)?
    } else {
        ctx.store.update(|tx| {
            let doc = tx.document()?;
            let plan = plan(doc, incoming, args, ctx)?;
            apply(doc, plan, args, history_next_id)
        })?
    };
    if done.unusual > 0 {
        eprintln!(
            "note: {} unusual (longer than 3 × the high end of the minutes range, or over 200 steps a minute); \
             `backwalk list` shows them",
            plural(done.unusual as u64, "imported walk is", "imported walks are")
        );
    }
    for change in &done.changed {
        eprintln!("{}", wrap(change, "", "  "));
    }
    if !done.changed.is_empty() && !args.update {
        eprintln!(
            "hint: {} of walks already stored; `--update` applies {}",
            plural(
                done.changed.len() as u64,
                "record changes the values",
                "records change the values"
            ),
            if done.changed.len() == 1 { "it" } else { "them" }
        );
    }
    for conflict in &done.conflicts {
        eprintln!("{}", wrap(&conflict.detail, "note: ", "      "));
    }
    let dry = args.dry_run;
    print(ctx.render(
        &json!({
            "added": done.added,
            "skipped": done.skipped,
            "unusual": done.unusual,
            "changed": done.changed.len(),
            "updated": done.updated,
            "goals_merged": done.goals_merged,
            "mornings_merged": done.mornings_merged,
            "dry_run": dry,
        }),
        || {
            let (add, skip, tail) = if dry {
                ("Would add", "would skip", " (dry run: nothing was written)")
            } else {
                ("Added", "skipped", "")
            };
            let mut line = format!(
                "{add} {}; {skip} {} already in the store",
                plural(done.added as u64, "walk", "walks"),
                done.skipped
            );
            if done.updated > 0 {
                let update = if dry { "would update" } else { "updated" };
                let _ = write!(line, "; {update} {}", done.updated);
            } else if !done.changed.is_empty() {
                let _ = write!(line, "; {} changed, not applied", done.changed.len());
            }
            if done.goals_merged > 0 {
                let _ = write!(
                    line,
                    "; {} of goals merged",
                    plural(done.goals_merged as u64, "day", "days")
                );
            }
            if done.mornings_merged > 0 {
                let _ = write!(
                    line,
                    "; {} merged",
                    plural(done.mornings_merged as u64, "next morning", "next mornings")
                );
            }
            // Within 80 columns, however much was merged.
            format!("{}\n", wrap(&format!("{line}{tail}"), "", ""))
        },
    )?)
}
