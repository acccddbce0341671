//! `timer`: a live stopwatch in the foreground. Enter, end of input or
//! Ctrl-C stops it; then it asks for steps and pain (on a terminal; end
//! of input skips the questions left) and logs the walk.

mod stopwatch;

use std::io::{self, IsTerminal};

use anyhow::{Result, bail};

use super::ask::{self, Event, Events, FORCE_IT, confirming};
use super::{Invocation, walk};
use crate::cli::TimerArgs;
use crate::model::{NewSession, Session, Surface, WalkDuration};
use crate::parse::{self, format_duration};
use stopwatch::time_walk;

pub fn run(args: &TimerArgs, ctx: &Invocation) -> Result<()> {
    let read = ctx.read(ctx.clock.today(), None, None)?;
    ctx.refuse_running(read.head.timer.as_ref())?;
    let target = match args.target {
        Some(target) => u64::from(target.seconds()),
        None => u64::from(read.summary.plan.target_minutes) * 60,
    };
    let surface = args.surface.or(read.head.last_surface).unwrap_or(Surface::Other);
    let on_terminal = io::stdin().is_terminal();
    let events = Events::listen();
    let start = ctx.clock.now();
    let (stopped_by, seconds) = time_walk(&events, ctx.style, target, surface, on_terminal);
    let duration = loggable(seconds)?;
    // Questions only where someone can answer them: not after end of input.
    let ask = on_terminal && !matches!(stopped_by, Event::EndOfInput);
    let (steps, pain) = if ask { ask_details(&events)? } else { (None, None) };
    let new = NewSession {
        start,
        duration,
        steps,
        surface,
        incline_percent: None,
        pain,
        note: None,
    };
    let session = confirming(
        false,
        ask,
        FORCE_IT,
        |question| ask::yes(&events, question),
        |force| save(ctx, args.surface, &new, force),
    )?;
    walk::report_logged(ctx, &session)
}

/// The timed seconds as a walk's duration: from a second to 24 hours.
fn loggable(seconds: u64) -> Result<WalkDuration> {
    if seconds < 1 {
        bail!("stopped after less than a second: nothing was logged");
    }
    if seconds > u64::from(WalkDuration::MAX_SECONDS) {
        bail!(
            "the timer ran for {}, more than the 24 hours a walk can last: nothing was logged; \
             `backwalk log DURATION --at WHEN` records the walk",
            format_duration(seconds)
        );
    }
    WalkDuration::from_seconds(seconds).map_err(anyhow::Error::msg)
}

/// The steps, then the pain; Enter skips one, end of input the rest.
fn ask_details(events: &Events) -> Result<(Option<u32>, Option<u8>)> {
    let steps = ask::number(events, "Steps (Enter to skip): ", parse::steps)?;
    let pain = ask::number(events, "Pain after the walk, 0-10 (Enter to skip): ", parse::pain)?;
    Ok((steps, pain))
}

/// Logs the walk. The surface shown came from a read; the one stored,
/// when none was given, is the store's own, under the lock.
fn save(ctx: &Invocation, chosen: Option<Surface>, new: &NewSession, force: bool) -> Result<Session> {
    ctx.store.update(|tx| {
        let surface = tx.surface_or_last(chosen)?;
        let new = NewSession {
            surface,
            ..new.clone()
        };
        walk::add(tx, ctx, new, "timer", Vec::new(), force)
    })
}
