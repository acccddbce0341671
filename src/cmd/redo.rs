//! `redo`: re-apply what the latest `undo` reverted.

use anyhow::{Result, anyhow};
use serde_json::json;

use super::{Invocation, nothing_to, print, touched, walk_lines};

pub fn run(ctx: &Invocation) -> Result<()> {
    let (what, walks) = ctx.store.update(|tx| {
        let doc = tx.document()?;
        let walks = doc
            .redo
            .last()
            .map(|entry| touched(doc, entry))
            .unwrap_or_default();
        let what = doc
            .redo()
            .map_err(|e| anyhow!(e))?
            .ok_or_else(|| nothing_to("redo"))?;
        Ok((what, walks))
    })?;
    print(ctx.render(&json!({ "redone": what }), || {
        format!("Redid {what}\n{}", walk_lines(&walks, ctx))
    })?)
}
