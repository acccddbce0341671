//! The one way a walk is added (`log`, `stop`, `timer`): refused as
//! unusual unless forced, refused when it overlaps another, recorded for
//! `undo`, and reported with its day's progress.

use anyhow::Result;
use chrono::{DateTime, FixedOffset};

use super::{Invocation, print};
use crate::error::{Invalid, Unusual};
use crate::model::{NewSession, Op, Overlap, Session, Timer, WalkDuration};
use crate::parse::format_duration;
// `import` counts unusual walks with the same rule, through this path.
pub use crate::plausible::unusual;
use crate::render::json::SessionView;
use crate::render::text::{progress_line, session_brief};
use crate::store::{Refusal, Tx};

/// Adds `new` in `tx` and records how to undo it (`also` holds more to
/// undo, such as restarting a stopped timer). Refuses an unusual walk
/// unless `force`, and an overlapping one always.
pub fn add(
    tx: &mut Tx,
    ctx: &Invocation,
    new: NewSession,
    what: &str,
    also: Vec<Op>,
    force: bool,
) -> Result<Session> {
    if !force {
        let goals = tx.goals().in_force(ctx.clock.date_of(&new.start));
        if let Some(why) = unusual(new.duration.seconds().into(), new.steps, goals) {
            return Err(Unusual(why).into());
        }
    }
    let (start, duration) = (new.start, new.duration);
    let session = tx
        .add(new)
        .map_err(|e| explain_overlap(e, ctx, start, duration))?;
    let mut ops = vec![Op::Remove {
        ids: vec![session.id],
    }];
    ops.extend(also);
    tx.record(format!("{what} #{}", session.id), ops);
    Ok(session)
}

/// An overlap as the person needs to hear it: which walk, and what to do
/// (a start that ends a walk of `duration` when the other one began); the
/// same walk (same start and duration) is already logged.
pub fn explain_overlap(
    error: anyhow::Error,
    ctx: &Invocation,
    start: DateTime<FixedOffset>,
    duration: WalkDuration,
) -> anyhow::Error {
    let Some(Refusal::Overlap(overlap)) = error.downcast_ref::<Refusal>() else {
        return error;
    };
    let when = |t: &DateTime<FixedOffset>| ctx.clock.local(t).format("%a %-d %b %H:%M").to_string();
    let message = match overlap {
        Overlap::Session(other) if other.start == start && other.duration_seconds == duration => format!(
            "this walk is already logged as #{} ({} from {})",
            other.id,
            format_duration(other.seconds()),
            when(&other.start)
        ),
        Overlap::Session(other) => {
            let before = other.start - chrono::Duration::seconds(duration.seconds().into());
            format!(
                "this walk overlaps #{} ({} from {} to {}); give its real start with --at, e.g. --at '{}'",
                other.id,
                format_duration(other.seconds()),
                when(&other.start),
                ctx.clock.local(&other.end()).format("%H:%M"),
                ctx.clock.local(&before).format("%Y-%m-%d %H:%M"),
            )
        }
        Overlap::Timer(timer) => overlap_with_timer(timer, ctx),
        Overlap::Incoming(other) => format!(
            "this walk overlaps another walk of the same import, from {}",
            when(&other.start)
        ),
    };
    Invalid::new(message).into()
}

fn overlap_with_timer(timer: &Timer, ctx: &Invocation) -> String {
    format!(
        "this walk overlaps the timer running since {}; `backwalk stop` logs that walk, \
         or give this one's real start with --at (before {})",
        ctx.clock.local(&timer.start).format("%a %-d %b %H:%M"),
        ctx.clock.local(&timer.start).format("%H:%M")
    )
}

/// What `log`, `stop` and `timer` print: the walk, then its day (today,
/// or the day it was logged for).
pub fn report_logged(ctx: &Invocation, session: &Session) -> Result<()> {
    let day = ctx.clock.date_of(&session.start);
    let read = ctx.read_day(day)?;
    let weight = ctx.weight_for(&read.summary.goals, session);
    print(ctx.render(&SessionView::new(session, weight), || {
        format!(
            "Logged {}\n{}\n",
            session_brief(session, ctx.clock, ctx.style),
            progress_line(&ctx.day_report(&read, day), ctx.clock, ctx.style)
        )
    })?)
}
