//! `log`: record a finished walk.

use anyhow::Result;
use chrono::Duration;

use super::ask::{FORCE_IT, confirming_on_terminal};
use super::{Invocation, walk};
use crate::cli::LogArgs;
use crate::error::Invalid;
use crate::model::NewSession;
use crate::parse;

pub fn run(args: &LogArgs, ctx: &Invocation) -> Result<()> {
    // `log 8 min`: the unit may come as its own word.
    let typed = match &args.unit {
        Some(unit) => format!("{} {unit}", args.duration),
        None => args.duration.clone(),
    };
    let duration = parse::duration(&typed).map_err(Invalid::new)?;
    let start_at = ctx.start_at(args.at.as_deref())?;
    let details = &args.details;
    let start = start_at.unwrap_or_else(|| ctx.clock.now() - Duration::seconds(duration.seconds().into()));
    let session = confirming_on_terminal(args.force, FORCE_IT, |force| {
        ctx.store.update(|tx| {
            let new = NewSession {
                start,
                duration,
                steps: details.steps,
                surface: tx.surface_or_last(details.surface)?,
                incline_percent: details.incline,
                pain: details.pain,
                note: details.note.clone(),
            };
            walk::add(tx, ctx, new, "log", Vec::new(), force)
        })
    })?;
    walk::report_logged(ctx, &session)
}
