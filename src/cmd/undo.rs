//! `undo`: revert the latest change, or say what that would be.

use anyhow::{Result, anyhow};
use serde_json::json;

use super::{Context, print};
use crate::cli::UndoArgs;
use crate::model::UNDO_DEPTH;

pub fn nothing(what: &str) -> anyhow::Error {
    anyhow!("nothing to {what} (undo reaches back {UNDO_DEPTH} changes, and not across a sync)")
}

pub fn run(args: &UndoArgs, ctx: &Context) -> Result<()> {
    if args.dry_run {
        let doc = ctx.store.load()?;
        let what = doc
            .undo
            .last()
            .map(|entry| entry.what.clone())
            .ok_or_else(|| nothing("undo"))?;
        return print(ctx.render(&json!({ "would_undo": what }), || {
            format!("Would undo {what} (dry run: nothing was changed)\n")
        })?);
    }
    let what = ctx.store.update(|tx| {
        tx.document()?
            .undo()
            .map_err(|e| anyhow!(e))?
            .ok_or_else(|| nothing("undo"))
    })?;
    print(ctx.render(&json!({ "undone": what }), || {
        format!("Undid {what} (`backwalk redo` re-applies it)\n")
    })?)
}
