//! `export` and `import`: the person's data in and out.

use std::collections::HashMap;

use anyhow::Result;
use chrono::{DateTime, FixedOffset};
use serde_json::json;

use super::{Context, print};
use crate::cli::{ExportArgs, Format, ImportArgs};
use crate::error::Invalid;
use crate::model::{Change, NewSession, Session, Surface, WalkDuration};
use crate::render::views::write_sessions;
use crate::store;
use crate::transfer::{Rejection, detect_format, read_sessions};

pub fn export(args: &ExportArgs, ctx: &Context) -> Result<()> {
    let format = args
        .format
        .or(args.csv.then_some(Format::Csv))
        .or_else(|| {
            let path = args.output.as_deref()?;
            Some(detect_format(None, path, b"["))
        })
        .unwrap_or(Format::Json);
    if ctx.json && format == Format::Csv && args.output.is_none() {
        return Err(
            Invalid::new("--json prints JSON: drop it, or write the CSV to a file with --output").into(),
        );
    }
    let doc = ctx.store.load()?;
    let weight = doc.settings.weight_kg;
    let bytes = match (format, &args.output) {
        (Format::Json, None) => return super::print_sessions(&doc.sessions, weight),
        (Format::Json, Some(_)) => {
            let mut bytes = Vec::with_capacity(doc.sessions.len() * 220);
            write_sessions(&mut bytes, &doc.sessions, weight)?;
            bytes
        }
        (Format::Csv, _) => crate::render::csv::sessions(&doc.sessions, weight)?,
    };
    let Some(path) = &args.output else {
        return print(bytes);
    };
    store::write_output(path, &bytes)?;
    let count = doc.sessions.len();
    print(ctx.render(&json!({ "exported": count, "path": path }), || {
        format!("Exported {count} sessions to {}\n", path.display())
    })?)
}

/// Identifies a walk whatever its id: start instant, duration, surface.
type WalkKey = (DateTime<FixedOffset>, WalkDuration, Surface);

fn key_of_session(s: &Session) -> WalkKey {
    (s.start, s.duration_seconds, s.surface)
}

fn key_of_new(s: &NewSession) -> WalkKey {
    (s.start, s.duration, s.surface)
}

/// The incoming sessions not already in the store. Each stored walk
/// accounts for one incoming record at most, so an export that holds the
/// same walk twice (logged twice) comes back whole, and importing a file
/// again adds nothing.
fn new_ones(existing: &[Session], incoming: Vec<NewSession>) -> (Vec<NewSession>, usize) {
    let mut unmatched: HashMap<WalkKey, usize> = HashMap::with_capacity(existing.len());
    for session in existing {
        *unmatched.entry(key_of_session(session)).or_default() += 1;
    }
    let total = incoming.len();
    let fresh: Vec<NewSession> = incoming
        .into_iter()
        .filter(|s| match unmatched.get_mut(&key_of_new(s)) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        })
        .collect();
    let skipped = total - fresh.len();
    (fresh, skipped)
}

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
            "{file} rejected: {} bad {}; nothing was imported\n  {}",
            errors.len(),
            if errors.len() == 1 { "record" } else { "records" },
            errors.join("\n  ")
        )),
    }
}

pub fn import(args: &ImportArgs, ctx: &Context) -> Result<()> {
    let bytes = store::read_input(&args.file)?;
    let format = detect_format(args.format, &args.file, &bytes);
    let incoming =
        read_sessions(&bytes, format, &ctx.clock).map_err(|rejection| rejected(args, format, rejection))?;
    let (added, skipped) = if args.dry_run {
        let (fresh, skipped) = new_ones(&ctx.store.load()?.sessions, incoming);
        (fresh.len(), skipped)
    } else {
        ctx.store.update(|doc| {
            let (fresh, skipped) = new_ones(&doc.sessions, incoming);
            let ids: Vec<u64> = fresh.into_iter().map(|s| doc.add(s).id).collect();
            let added = ids.len();
            if added > 0 {
                doc.record(
                    format!("import of {added} sessions from {}", args.file.display()),
                    Change::Added { ids },
                );
            }
            Ok((added, skipped))
        })?
    };
    let dry = args.dry_run;
    print(ctx.render(
        &json!({ "added": added, "skipped": skipped, "dry_run": dry }),
        || {
            let (add, skip) = if dry {
                ("Would add", "would skip")
            } else {
                ("Added", "skipped")
            };
            let tail = if dry {
                " (dry run: nothing was written)"
            } else {
                ""
            };
            format!("{add} {added} sessions; {skip} {skipped} already in the store{tail}\n")
        },
    )?)
}
