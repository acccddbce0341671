//! `edit`, `rm` and `undo`: changing what was logged.

use anyhow::{Result, anyhow, bail};
use chrono::Duration;
use serde_json::json;

use super::{Context, no_such_session, print};
use crate::cli::{EditArgs, RmArgs};
use crate::error::Invalid;
use crate::model::Change;
use crate::render::text::session_brief;
use crate::render::views::SessionView;

pub fn edit(args: &EditArgs, ctx: &Context) -> Result<()> {
    let d = &args.details;
    let changes_something = args.duration.is_some()
        || args.at.is_some()
        || d.steps.is_some()
        || d.surface.is_some()
        || d.incline.is_some()
        || d.note.is_some()
        || args.clear_steps
        || args.clear_incline
        || args.clear_note;
    if !changes_something {
        return Err(Invalid::new(
            "nothing to change: give --duration, --at, --steps, --surface, --incline, --note, \
             --clear-steps, --clear-incline or --clear-note",
        )
        .into());
    }
    let start_at = ctx.start_at(args.at.as_deref())?;
    let output = ctx.store.update(|doc| {
        let before = doc
            .get(args.id)
            .cloned()
            .ok_or_else(|| no_such_session(args.id))?;
        let mut after = before.clone();
        if let Some(duration) = args.duration {
            after.duration_seconds = duration;
        }
        match (args.at.is_some(), start_at) {
            (true, Some(start)) => after.start = start,
            // `--at today`: the walk ended now.
            (true, None) => {
                after.start = ctx.clock.now() - Duration::seconds(after.seconds() as i64);
            }
            (false, _) => {}
        }
        if args.clear_steps {
            after.steps = None;
        }
        if args.clear_incline {
            after.incline_percent = None;
        }
        if args.clear_note {
            after.note = None;
        }
        after.steps = d.steps.or(after.steps);
        after.surface = d.surface.unwrap_or(after.surface);
        after.incline_percent = d.incline.or(after.incline_percent);
        // `--note ""` leaves no note, as --clear-note does.
        after.note = d.note.clone().or(after.note).filter(|note| !note.is_empty());
        doc.replace(after.clone());
        doc.record(
            format!("edit #{}", args.id),
            Change::Edited {
                before: before.clone(),
            },
        );
        ctx.render(&SessionView::new(&after, doc.settings.weight_kg), || {
            format!(
                "Before {}\nAfter  {}\n",
                session_brief(&before, &ctx.clock, &ctx.style),
                session_brief(&after, &ctx.clock, &ctx.style)
            )
        })
    })?;
    print(output)
}

pub fn rm(args: &RmArgs, ctx: &Context) -> Result<()> {
    let mut ids = args.ids.clone();
    ids.sort_unstable();
    ids.dedup();
    let named: Vec<String> = ids.iter().map(|id| format!("#{id}")).collect();
    ctx.store.update(|doc| {
        let missing: Vec<String> = ids
            .iter()
            .filter(|id| doc.get(**id).is_none())
            .map(|id| format!("#{id}"))
            .collect();
        if !missing.is_empty() {
            bail!(
                "no session {}; nothing was removed (`backwalk list` shows the ids)",
                missing.join(", ")
            );
        }
        let removed = doc.remove(&ids).map_err(|id| anyhow!("no session #{id}"))?;
        doc.record(
            format!("rm {}", named.join(" ")),
            Change::Removed { sessions: removed },
        );
        Ok(())
    })?;
    print(ctx.render(&json!({ "removed": ids }), || {
        format!("Removed {}\n", named.join(", "))
    })?)
}

pub fn undo(ctx: &Context) -> Result<()> {
    let what = ctx.store.update(|doc| {
        // Undoing a stop runs its timer again; never over one started since.
        if let (Some(entry), Some(running)) = (doc.undo.last(), &doc.timer)
            && matches!(entry.change, Change::Stopped { .. })
        {
            bail!(
                "undoing {} would restart its timer, but another one is running since {}; \
                 `backwalk stop` or `backwalk cancel` it first",
                entry.what,
                ctx.clock.local(&running.start).format("%Y-%m-%d %H:%M")
            );
        }
        doc.undo_latest().ok_or_else(|| {
            anyhow!(
                "nothing to undo (undo reaches back {} changes)",
                crate::model::UNDO_DEPTH
            )
        })
    })?;
    print(ctx.render(&json!({ "undone": what }), || format!("Undid {what}\n"))?)
}
