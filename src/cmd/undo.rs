//! `undo`: revert the latest change, or say what that would be.

use anyhow::{Result, anyhow};
use serde_json::json;

use super::{Invocation, nothing_to, print, touched, walk_lines};
use crate::cli::UndoArgs;

pub fn run(args: &UndoArgs, ctx: &Invocation) -> Result<()> {
    if args.dry_run {
        let doc = ctx.store.load()?;
        let entry = doc.undo.last().ok_or_else(|| nothing_to("undo"))?;
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
            .ok_or_else(|| nothing_to("undo"))?;
        Ok((what, walks))
    })?;
    print(ctx.render(&json!({ "undone": what }), || {
        format!(
            "Undid {what} (`backwalk redo` re-applies it)\n{}",
            walk_lines(&walks, ctx)
        )
    })?)
}
