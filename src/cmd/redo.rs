//! `redo`: re-apply what the latest `undo` reverted.

use anyhow::{Result, anyhow};
use serde_json::json;

use super::undo::nothing;
use super::{Context, print};

pub fn run(ctx: &Context) -> Result<()> {
    let what = ctx.store.update(|tx| {
        tx.document()?
            .redo()
            .map_err(|e| anyhow!(e))?
            .ok_or_else(|| nothing("redo"))
    })?;
    print(ctx.render(&json!({ "redone": what }), || format!("Redid {what}\n"))?)
}
