//! `undo`: revert the latest change, or say what that would be.

use anyhow::{Result, anyhow};
use serde_json::json;

use super::{Context, print, touched, walk_lines};
use crate::cli::UndoArgs;
use crate::model::UNDO_DEPTH;

pub fn nothing(what: &str) -> anyhow::Error {
    anyhow!("nothing to {what} (undo reaches back {UNDO_DEPTH} changes, and not across a sync)")
}

pub fn run(args: &UndoArgs, ctx: &Context) -> Result<()> {
    if args.dry_run {
        let doc = ctx.store.load()?;
        let entry = doc.undo.last().ok_or_else(|| nothing("undo"))?;
        let what = entry.what.clone();
        let walks = touched(&doc, entry);
        return print(ctx.render(&json!({ "would_undo": what }), || {
            format!(
                "Would undo {what} (dry run: nothing was changed)\n{}",
                walk_lines(&walks, ctx)
            )
        })?);
    }
    let (what, walks) = ctx.store.update(|tx| {
        let doc = tx.document()?;
        let walks = doc
            .undo
            .last()
            .map(|entry| touched(doc, entry))
            .unwrap_or_default();
        let what = doc
            .undo()
            .map_err(|e| anyhow!(e))?
            .ok_or_else(|| nothing("undo"))?;
        Ok((what, walks))
    })?;
    print(ctx.render(&json!({ "undone": what }), || {
        format!(
            "Undid {what} (`backwalk redo` re-applies it)\n{}",
            walk_lines(&walks, ctx)
        )
    })?)
}
