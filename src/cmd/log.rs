//! `log`, `list` and `show`.

use anyhow::Result;
use chrono::Duration;

use super::{Context, no_such_session, print};
use crate::cli::{ListArgs, LogArgs, ShowArgs};
use crate::error::Invalid;
use crate::model::{Change, NewSession, Session, Surface};
use crate::parse;
use crate::render::text::{list_header, list_row, session_block};
use crate::render::views::SessionView;
use crate::summary::between;

pub fn log(args: &LogArgs, ctx: &Context) -> Result<()> {
    let start_at = ctx.start_at(args.at.as_deref())?;
    let details = &args.details;
    let (session, today) = ctx.store.append(|doc| {
        let start =
            start_at.unwrap_or_else(|| ctx.clock.now() - Duration::seconds(args.duration.seconds().into()));
        let session = doc.add(NewSession {
            start,
            duration: args.duration,
            steps: details.steps,
            surface: details.surface.or(doc.last_surface()).unwrap_or(Surface::Other),
            incline_percent: details.incline,
            note: details.note.clone(),
        });
        doc.record(
            format!("log #{}", session.id),
            Change::Added {
                ids: vec![session.id],
            },
        );
        Ok(session)
    })?;
    print(ctx.logged(&today, &session)?)
}

pub fn list(args: &ListArgs, ctx: &Context) -> Result<()> {
    ctx.refuse_csv_with_json(args.csv)?;
    let doc = ctx.store.load()?;
    let since = args
        .since
        .as_deref()
        .map(|t| ctx.when(t))
        .transpose()?
        .map(|w| parse::since(w, &ctx.clock));
    let until = args
        .until
        .as_deref()
        .map(|t| ctx.when(t))
        .transpose()?
        .map(|w| parse::until(w, &ctx.clock));
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
    let mut selected: Vec<&Session> = between(&doc.sessions, since, until)
        .iter()
        .filter(|s| args.surface.is_none_or(|surface| s.surface == surface))
        .collect();
    if let Some(limit) = args.limit {
        let keep = limit.min(selected.len());
        selected.drain(..selected.len() - keep);
    }
    let weight = doc.settings.weight_kg;
    if args.csv {
        return print(crate::render::csv::sessions(selected.iter().copied(), weight)?);
    }
    if ctx.json {
        return super::print_sessions(selected.iter().copied(), weight);
    }
    if selected.is_empty() {
        eprintln!(
            "no sessions{}",
            if doc.sessions.is_empty() {
                " yet: log one with `backwalk log 8`"
            } else {
                " match"
            }
        );
        return Ok(());
    }
    let mut text = list_header(&ctx.style);
    text.push('\n');
    for session in selected {
        text.push_str(&list_row(session, &ctx.clock, &ctx.style));
        text.push('\n');
    }
    print(text)
}

pub fn show(args: &ShowArgs, ctx: &Context) -> Result<()> {
    let doc = ctx.store.load()?;
    let session = doc.get(args.id).ok_or_else(|| no_such_session(args.id))?;
    let weight = doc.settings.weight_kg;
    print(ctx.render(&SessionView::new(session, weight), || {
        session_block(session, &ctx.clock, &ctx.style, weight)
    })?)
}
