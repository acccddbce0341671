//! `import`: walks from a JSON or CSV file; all or nothing.

use anyhow::Result;
use serde_json::json;

use super::walk::{explain_overlap, unusual};
use super::{Context, print};
use crate::cli::{Format, ImportArgs};
use crate::error::Invalid;
use crate::model::{Goals, NewSession, Op, Overlap, Session};
use crate::parse::format_duration;
use crate::render::plural;
use crate::store::Refusal;
use crate::transfer::{Clash, Rejection, Sorted, describe, detect_format, read_placed, sort_out};

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

pub fn run(args: &ImportArgs, ctx: &Context) -> Result<()> {
    let bytes = crate::store::read_input(&args.file)?;
    let format = detect_format(args.format, &args.file, &bytes);
    let (incoming, places) = read_placed(&bytes, format, ctx.clock).map_err(|r| rejected(args, format, r))?;
    let now = ctx.clock.now();
    let (added, skipped, unusual) = if args.dry_run {
        let doc = ctx.store.load()?;
        let Sorted { fresh, skipped } = sort_out(&doc.sessions, doc.timer.as_ref(), incoming, now)
            .map_err(|c| clashing(args, c, &places, ctx))?;
        (fresh.len(), skipped, count_unusual(&fresh, &doc.goals, ctx))
    } else {
        ctx.store.update(|tx| {
            let doc = tx.document()?;
            let Sorted { fresh, skipped } = sort_out(&doc.sessions, doc.timer.as_ref(), incoming, now)
                .map_err(|c| clashing(args, c, &places, ctx))?;
            let unusual = count_unusual(&fresh, &doc.goals, ctx);
            let mut sessions = Vec::with_capacity(fresh.len());
            for new in fresh {
                let id = doc.take_id().map_err(anyhow::Error::msg)?;
                sessions.push(Session::from_new(id, new));
            }
            let ids: Vec<u64> = sessions.iter().map(|s| s.id).collect();
            let added = ids.len();
            doc.insert_many(sessions);
            if added > 0 {
                doc.record(
                    format!(
                        "import of {} from {}",
                        plural(added as u64, "walk", "walks"),
                        args.file.display()
                    ),
                    vec![Op::Remove { ids }],
                );
            }
            Ok((added, skipped, unusual))
        })?
    };
    if unusual > 0 {
        eprintln!(
            "note: {} unusual (longer than 3 × the high end of the minutes range, or over 200 steps a minute); \
             `backwalk list` shows them",
            plural(unusual as u64, "imported walk is", "imported walks are")
        );
    }
    let dry = args.dry_run;
    print(ctx.render(
        &json!({ "added": added, "skipped": skipped, "unusual": unusual, "dry_run": dry }),
        || {
            let (add, skip, tail) = if dry {
                ("Would add", "would skip", " (dry run: nothing was written)")
            } else {
                ("Added", "skipped", "")
            };
            format!(
                "{add} {}; {skip} {} already in the store{tail}\n",
                plural(added as u64, "walk", "walks"),
                skipped
            )
        },
    )?)
}
