//! `list`: walks in time order.

use anyhow::Result;

use super::{Invocation, print, print_sessions};
use crate::cli::ListArgs;
use crate::error::Invalid;
use crate::model::Session;
use crate::render::text::{list_header, list_row};

pub fn run(args: &ListArgs, ctx: &Invocation) -> Result<()> {
    ctx.refuse_csv_with_json(args.csv)?;
    let since = ctx.since(args.since.as_deref())?;
    let until = ctx.until(args.until.as_deref())?;
    if let (Some(since), Some(until)) = (since, until)
        && since >= until
    {
        return Err(Invalid::new(format!(
            "--since ({}) is not before --until ({}); nothing can match",
            args.since.as_deref().unwrap_or_default(),
            args.until.as_deref().unwrap_or_default()
        ))
        .into());
    }
    let doc = ctx.store.load()?;
    let from = since.map_or(0, |t| doc.sessions.partition_point(|s| s.start < t));
    let to = until.map_or(doc.sessions.len(), |t| {
        doc.sessions.partition_point(|s| s.start < t)
    });
    let mut selected: Vec<&Session> = doc.sessions[from..to.max(from)]
        .iter()
        .filter(|s| args.surface.is_none_or(|surface| s.surface == surface))
        .collect();
    if let Some(limit) = args.limit {
        let keep = limit.min(selected.len());
        selected.drain(..selected.len() - keep);
    }
    let with_weight = selected.iter().map(|s| (*s, ctx.weight_for(&doc.goals, s)));
    if args.csv {
        return print(crate::render::csv::sessions(with_weight)?);
    }
    if ctx.json {
        return print_sessions(with_weight);
    }
    if selected.is_empty() {
        let why = if doc.sessions.is_empty() {
            " yet: log one with `backwalk log 8`"
        } else {
            " match"
        };
        eprintln!("no walks{why}");
        return Ok(());
    }
    let mut text = list_header(ctx.style);
    text.push('\n');
    for session in selected {
        text.push_str(&list_row(session, ctx.clock, ctx.style));
        text.push('\n');
    }
    print(text)
}
