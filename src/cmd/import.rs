//! `import`: walks from a JSON or CSV file, or another machine's whole
//! history (a store document); all or nothing.

use std::collections::HashSet;
use std::fmt::Write as _;

use anyhow::Result;
use serde_json::json;

use super::walk::{explain_overlap, unusual};
use super::{Invocation, print};
use crate::cli::{self, ImportArgs};
use crate::error::Invalid;
use crate::import::{
    Changed, Clash, Format, Records, Rejection, Sorted, describe, detect_format, is_store_document,
    match_stored, read_records, sort_out,
};
use crate::merge::{Conflict, merge_goals_history, merge_mornings_history};
use crate::model::{Document, Goals, Morning, NewSession, Op, Overlap, Session};
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
fn clashing(
    args: &ImportArgs,
    mut clashes: Vec<Clash>,
    places: &[String],
    ctx: &Invocation,
) -> anyhow::Error {
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

fn count_unusual(walks: &[NewSession], goals: &Goals, ctx: &Invocation) -> usize {
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

/// What the file holds: its records, and for a store document (another
/// machine's whole history) that history.
struct Incoming {
    records: Records,
    history: Option<Document>,
}

fn read(args: &ImportArgs, bytes: &[u8], ctx: &Invocation) -> Result<Incoming> {
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
        return Ok(Incoming {
            records: Records::of_history(&history),
            history: Some(history),
        });
    }
    let records = read_records(bytes, format, ctx.clock).map_err(|r| rejected(args, format, r))?;
    Ok(Incoming {
        records,
        history: None,
    })
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

fn plan(doc: &Document, incoming: Incoming, args: &ImportArgs, ctx: &Invocation) -> Result<Plan> {
    let keep_from = incoming.history.is_some().then_some(doc.next_id);
    let mut matched = match_stored(&doc.sessions, incoming.records, keep_from);
    let rest = std::mem::take(&mut matched.rest);
    let Sorted { fresh, skipped } = sort_out(&doc.sessions, doc.timer.as_ref(), rest, ctx.clock.now())
        .map_err(|c| clashing(args, c, &matched.places, ctx))?;
    let unusual = count_unusual(&fresh, &doc.goals, ctx);
    let fresh = fresh
        .into_iter()
        .map(|walk| {
            let id = matched.kept_id(&walk);
            (walk, id)
        })
        .collect();
    Ok(Plan {
        fresh,
        skipped,
        unusual,
        changed: matched.changed,
        goals: incoming
            .history
            .as_ref()
            .map(|h| merge_goals_history(&doc.goals, &h.goals)),
        mornings: incoming
            .history
            .map(|h| merge_mornings_history(&doc.mornings, &h.mornings)),
    })
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
    let added = add_fresh(doc, plan.fresh, history_next_id, &mut ops)?;
    let changed: Vec<String> = plan.changed.iter().map(Changed::describe).collect();
    let updated = if args.update {
        apply_changes(doc, plan.changed, &mut ops)?
    } else {
        0
    };
    let (goals_merged, mut conflicts) = plan
        .goals
        .map_or((0, Vec::new()), |goals| merge_goals(doc, goals, &mut ops));
    let mut mornings_merged = 0;
    if let Some(mornings) = plan.mornings {
        let found;
        (mornings_merged, found) = merge_mornings(doc, mornings, &mut ops);
        conflicts.extend(found);
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

/// Adds the new walks, each with the id it keeps where it can keep one;
/// how many.
fn add_fresh(
    doc: &mut Document,
    fresh: Vec<(NewSession, Option<u64>)>,
    history_next_id: Option<u64>,
    ops: &mut Vec<Op>,
) -> Result<usize> {
    // Ids kept from the other machine are reserved before any is given.
    let kept = fresh.iter().filter_map(|(_, id)| *id).max();
    doc.next_id = [Some(doc.next_id), kept.map(|id| id + 1), history_next_id]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(1);
    let mut taken: HashSet<u64> = HashSet::new();
    let mut sessions = Vec::with_capacity(fresh.len());
    for (walk, id) in fresh {
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
    Ok(added)
}

/// `--update`: the stored walks take the file's values; how many.
fn apply_changes(doc: &mut Document, changed: Vec<Changed>, ops: &mut Vec<Op>) -> Result<usize> {
    if changed.is_empty() {
        return Ok(0);
    }
    let wanted: Vec<Session> = changed.into_iter().map(|c| c.wanted).collect();
    let updated = wanted.len();
    let before = doc
        .replace(wanted)
        .map_err(|id| anyhow::anyhow!("#{id} is no longer in the store"))?;
    ops.push(Op::Replace { sessions: before });
    Ok(updated)
}

/// Takes another machine's merged goals history: how many days of goals
/// are new here, and the conflicts the merge found.
fn merge_goals(
    doc: &mut Document,
    (goals, conflicts): (Goals, Vec<Conflict>),
    ops: &mut Vec<Op>,
) -> (usize, Vec<Conflict>) {
    let merged = goals
        .entries()
        .iter()
        .filter(|e| !doc.goals.entries().contains(e))
        .count();
    if goals != doc.goals {
        ops.push(Op::Goals {
            goals: std::mem::replace(&mut doc.goals, goals),
        });
    }
    (merged, conflicts)
}

/// Takes another machine's merged next mornings: how many are new here,
/// and the conflicts the merge found.
fn merge_mornings(
    doc: &mut Document,
    (mornings, conflicts): (Vec<Morning>, Vec<Conflict>),
    ops: &mut Vec<Op>,
) -> (usize, Vec<Conflict>) {
    let merged = mornings.iter().filter(|m| !doc.mornings.contains(m)).count();
    if mornings != doc.mornings {
        ops.push(Op::Mornings {
            mornings: std::mem::replace(&mut doc.mornings, mornings),
        });
    }
    (merged, conflicts)
}

pub fn run(args: &ImportArgs, ctx: &Invocation) -> Result<()> {
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
    tell_notes(&done, args);
    print(ctx.render(
        &json!({
            "added": done.added,
            "skipped": done.skipped,
            "unusual": done.unusual,
            "changed": done.changed.len(),
            "updated": done.updated,
            "goals_merged": done.goals_merged,
            "mornings_merged": done.mornings_merged,
            "dry_run": args.dry_run,
        }),
        || summary(&done, args.dry_run),
    )?)
}

/// On stderr: the unusual walks, the changes found (and whether they were
/// applied), the conflicts of a merged history.
fn tell_notes(done: &Done, args: &ImportArgs) {
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
}

/// What was done, in one sentence within 80 columns.
fn summary(done: &Done, dry: bool) -> String {
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
}
