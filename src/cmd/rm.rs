//! `rm`: delete walks, all of them or none.

use std::fmt::Write as _;

use anyhow::{Result, bail};
use serde_json::json;

use super::{Invocation, print, resolve_id};
use crate::cli::RmArgs;
use crate::model::Op;
use crate::render::text::walk_name;

pub fn run(args: &RmArgs, ctx: &Invocation) -> Result<()> {
    let removed = ctx.store.update(|tx| {
        let doc = tx.document()?;
        let mut ids = Vec::new();
        let mut missing = Vec::new();
        for id in &args.ids {
            match resolve_id(doc, *id) {
                Ok(id) => ids.push(id),
                Err(_) => missing.push(id.to_string()),
            }
        }
        if !missing.is_empty() {
            bail!(
                "no walk {}; nothing was removed (`backwalk list` shows the ids)",
                missing.join(", ")
            );
        }
        ids.sort_unstable();
        ids.dedup();
        let removed = doc.remove(&ids).expect("every id was found");
        let named: Vec<String> = ids.iter().map(|id| format!("#{id}")).collect();
        doc.record(
            format!("rm {}", named.join(" ")),
            vec![Op::Insert {
                sessions: removed.clone(),
            }],
        );
        Ok(removed)
    })?;
    let ids: Vec<u64> = removed.iter().map(|s| s.id).collect();
    print(ctx.render(&json!({ "removed": ids }), || {
        let mut text = String::new();
        for walk in &removed {
            let _ = writeln!(text, "Removed {}", walk_name(walk, ctx.clock, ctx.style));
        }
        let _ = writeln!(
            text,
            "(`backwalk undo` puts {} back)",
            if ids.len() == 1 { "it" } else { "them" }
        );
        text
    })?)
}
