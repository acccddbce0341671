//! `export`: every walk as JSON or CSV, or the whole history as a store
//! document, to stdout or a file.

use anyhow::Result;
use serde_json::json;

use super::{Invocation, print, print_sessions};
use crate::cli::{ExportArgs, Format};
use crate::error::Invalid;
use crate::import;
use crate::render::json::write_sessions;

/// The format the output file's extension names, if it names one.
fn from_extension(path: &std::path::Path) -> Option<Format> {
    Some(match import::format_of_path(path)? {
        import::Format::Json => Format::Json,
        import::Format::Csv => Format::Csv,
    })
}

pub fn run(args: &ExportArgs, ctx: &Invocation) -> Result<()> {
    let format = args
        .format
        .or(args.csv.then_some(Format::Csv))
        .or_else(|| from_extension(args.output.as_deref()?))
        .unwrap_or(Format::Json);
    if ctx.json && format == Format::Csv && args.output.is_none() {
        return Err(
            Invalid::new("--json prints JSON: drop it, or write the CSV to a file with --output").into(),
        );
    }
    let mut doc = ctx.store.load()?;
    if format == Format::Store {
        // What moves to another machine: the history, not this one's undo
        // or its running timer.
        doc.undo.clear();
        doc.redo.clear();
        doc.timer = None;
    }
    let walks = doc.sessions.iter().map(|s| (s, ctx.weight_for(&doc.goals, s)));
    let bytes = match (format, &args.output) {
        (Format::Json, None) => return print_sessions(walks),
        (Format::Json, Some(_)) => {
            let mut bytes = Vec::with_capacity(doc.sessions.len() * 220);
            write_sessions(&mut bytes, walks)?;
            bytes
        }
        (Format::Csv, _) => crate::render::csv::sessions(walks)?,
        (Format::Store, _) => crate::store::encode(&doc),
    };
    let Some(path) = &args.output else {
        return print(bytes);
    };
    ctx.store.write_output(path, &bytes, args.force)?;
    let count = doc.sessions.len();
    print(ctx.render(&json!({ "exported": count, "path": path }), || {
        format!(
            "Exported {} to {}\n",
            crate::render::plural(count as u64, "walk", "walks"),
            path.display()
        )
    })?)
}
