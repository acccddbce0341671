//! `start`, `stop` and `cancel`: a timer kept in the store, so it survives
//! closing the terminal.

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, FixedOffset};
use serde_json::json;

use super::{Context, print};
use crate::cli::{StartArgs, StopArgs};
use crate::model::{Change, NewSession, Session, Surface, Timer, WalkDuration};
use crate::parse::format_duration;
use crate::render::views::StartedView;
use crate::store::Appending;

pub fn start(args: &StartArgs, ctx: &Context) -> Result<()> {
    let output = ctx.store.update(|doc| {
        if let Some(running) = &doc.timer {
            bail!(
                "a timer is already running since {} ({}); `backwalk stop` logs it, `backwalk cancel` drops it",
                ctx.clock.local(&running.start).format("%Y-%m-%d %H:%M"),
                running.surface
            );
        }
        let timer = Timer {
            start: ctx.clock.now(),
            surface: args.surface.or_else(|| doc.last_surface()).unwrap_or(Surface::Other),
            note: args.note.clone(),
        };
        let text = ctx.render(&StartedView::new(&timer), || {
            format!(
                "Timer started at {} ({}); `backwalk stop --steps N` logs the walk\n",
                ctx.clock.local(&timer.start).format("%H:%M"),
                timer.surface
            )
        });
        doc.timer = Some(timer);
        text
    })?;
    print(output)
}

fn no_timer() -> anyhow::Error {
    anyhow!("no timer is running; `backwalk start` starts one")
}

pub fn stop(args: &StopArgs, ctx: &Context) -> Result<()> {
    let (session, today) = ctx.store.append(|doc| {
        let timer = doc.timer().cloned().ok_or_else(no_timer)?;
        let note = args.note.clone().or(timer.note.clone());
        log_timed(doc, &timer, ctx.clock.now(), args.steps, note)
    })?;
    print(ctx.logged(&today, &session)?)
}

/// Turns a timer into a session ending at `end`, and lets `undo` run the
/// timer again.
pub fn log_timed(
    doc: &mut Appending,
    timer: &Timer,
    end: DateTime<FixedOffset>,
    steps: Option<u32>,
    note: Option<String>,
) -> Result<Session> {
    let elapsed = (end - timer.start).num_seconds();
    let duration = match u64::try_from(elapsed) {
        Ok(seconds) if seconds > u64::from(WalkDuration::MAX_SECONDS) => bail!(
            "the timer has run for {} since {}, more than the 24 hours a walk can last; \
             `backwalk cancel` drops it, then `backwalk log DURATION --at WHEN` records the walk",
            format_duration(seconds),
            timer.start.format("%Y-%m-%d %H:%M")
        ),
        Ok(seconds) if seconds >= 1 => WalkDuration::from_seconds(seconds).map_err(|e| anyhow!(e))?,
        _ => bail!("the timer has run for less than a second: nothing to log (`backwalk cancel` drops it)"),
    };
    let session = doc.add(NewSession {
        start: timer.start,
        duration,
        steps,
        surface: timer.surface,
        incline_percent: None,
        note,
    });
    doc.take_timer();
    doc.record(
        format!("stop #{}", session.id),
        Change::Stopped {
            id: session.id,
            timer: timer.clone(),
        },
    );
    Ok(session)
}

pub fn cancel(ctx: &Context) -> Result<()> {
    let output = ctx.store.update(|doc| {
        let timer = doc.timer.take().ok_or_else(no_timer)?;
        ctx.render(&json!({ "cancelled": StartedView::new(&timer) }), || {
            format!(
                "Cancelled the timer started at {}; nothing was logged\n",
                ctx.clock.local(&timer.start).format("%H:%M")
            )
        })
    })?;
    print(output)
}
