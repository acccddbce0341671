//! `export` and `import`: the person's data in and out.

use std::collections::HashSet;

use anyhow::Result;
use chrono::{DateTime, FixedOffset};
use serde_json::json;

use super::{Context, print, to_json};
use crate::cli::{ExportArgs, Format, ImportArgs};
use crate::error::Invalid;
use crate::model::{Change, NewSession, Session, Surface, WalkDuration};
use crate::render::views::SessionView;
use crate::store;
use crate::transfer::{detect_format, read_sessions};

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
        return Err(Invalid::new("--json prints JSON: drop it, or write the CSV to a file with --output").into());
    }
    let doc = ctx.store.load()?;
    let weight = doc.settings.weight_kg;
    let bytes = match format {
        Format::Json => to_json(&SessionView::all(&doc.sessions, weight))?.into_bytes(),
        Format::Csv => crate::render::csv::sessions(&doc.sessions, weight)?,
    };
    let Some(path) = &args.output else { return print(bytes) };
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

/// The incoming sessions not already in the store (nor earlier in the file).
fn new_ones(existing: &[Session], incoming: Vec<NewSession>) -> (Vec<NewSession>, usize) {
    let mut seen: HashSet<WalkKey> = existing.iter().map(key_of_session).collect();
    let total = incoming.len();
    let fresh: Vec<NewSession> = incoming.into_iter().filter(|s| seen.insert(key_of_new(s))).collect();
    let skipped = total - fresh.len();
    (fresh, skipped)
}

pub fn import(args: &ImportArgs, ctx: &Context) -> Result<()> {
    let bytes = store::read_input(&args.file)?;
    let format = detect_format(args.format, &args.file, &bytes);
    let incoming = read_sessions(&bytes, format, &ctx.clock).map_err(|errors| {
        Invalid::new(format!(
            "{} rejected: {} bad {}; nothing was imported\n  {}",
            args.file.display(),
            errors.len(),
            if errors.len() == 1 { "record" } else { "records" },
            errors.join("\n  ")
        ))
    })?;
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
    print(ctx.render(&json!({ "added": added, "skipped": skipped, "dry_run": dry }), || {
        let (add, skip) = if dry { ("Would add", "would skip") } else { ("Added", "skipped") };
        let tail = if dry { " (dry run: nothing was written)" } else { "" };
        format!("{add} {added} sessions; {skip} {skipped} already in the store{tail}\n")
    })?)
}
