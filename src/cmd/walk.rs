//! The one way a walk is logged (`log`, `stop`, `timer`): checked for
//! plausibility (asking on a terminal, refusing without one unless
//! `--force`), refused when it overlaps another, recorded for `undo`, and
//! reported with today's progress.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Result;
use chrono::{DateTime, FixedOffset};

use super::{Context, print};
use crate::error::{Interrupted, Invalid};
use crate::model::{GoalEntry, NewSession, Op, Overlap, Session, Timer, WalkDuration};
use crate::parse::format_duration;
use crate::render::json::SessionView;
use crate::render::text::{progress_line, session_brief};
use crate::render::view::DayOverview;
use crate::store::{Refusal, Tx};

/// The most steps a minute that still look like walking.
pub const MAX_STEPS_PER_MINUTE: f64 = 200.0;

/// A walk that looks unusual, and why.
#[derive(Debug)]
pub struct Unusual(pub String);

impl std::fmt::Display for Unusual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unusual {}

/// Why a walk looks unusual with the targets in force on its day: longer
/// than 3 × the high end of the minutes range, or over 200 steps a
/// minute.
pub fn unusual(duration_seconds: u64, steps: Option<u32>, goals: &GoalEntry) -> Option<String> {
    let limit = goals.plausible_seconds();
    if duration_seconds > limit {
        return Some(format!(
            "{} is longer than 3 × the {}-minute high end of the range ({})",
            format_duration(duration_seconds),
            goals.minutes.max,
            format_duration(limit)
        ));
    }
    let steps = steps?;
    let per_minute = f64::from(steps) * 60.0 / duration_seconds as f64;
    (per_minute > MAX_STEPS_PER_MINUTE).then(|| {
        format!(
            "{steps} steps in {} is {} steps a minute, more than {MAX_STEPS_PER_MINUTE:.0}",
            format_duration(duration_seconds),
            above(per_minute, MAX_STEPS_PER_MINUTE)
        )
    })
}

/// `value` (above `limit`) with as few decimals as show it above: `2143`,
/// `200.2`, never a rounded `200` that contradicts "more than 200".
fn above(value: f64, limit: f64) -> String {
    (0..=3)
        .map(|decimals| format!("{value:.decimals$}"))
        .find(|text| text.parse::<f64>().is_ok_and(|shown| shown > limit))
        .unwrap_or_else(|| format!("{value:.3}"))
}

/// Adds `new` in `tx` and records how to undo it (`also` holds more to
/// undo, such as restarting a stopped timer). Refuses an unusual walk
/// unless `force`, and an overlapping one always.
pub fn add(
    tx: &mut Tx,
    ctx: &Context,
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
    ctx: &Context,
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

fn overlap_with_timer(timer: &Timer, ctx: &Context) -> String {
    format!(
        "this walk overlaps the timer running since {}; `backwalk stop` logs that walk, \
         or give this one's real start with --at (before {})",
        ctx.clock.local(&timer.start).format("%a %-d %b %H:%M"),
        ctx.clock.local(&timer.start).format("%H:%M")
    )
}

/// An answer to a yes/no question.
pub enum Answer {
    Yes,
    No,
    /// Ctrl-C: nothing is logged and the program ends with 130.
    Interrupted,
}

/// Asks on the terminal (stderr for the question, stdin for the answer).
pub fn ask_terminal(question: &str) -> Answer {
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => Answer::No,
        Ok(_) if matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes") => Answer::Yes,
        Ok(_) => Answer::No,
    }
}

/// Whether questions can be asked: both ends are a terminal.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// How to log a walk that was refused as unusual.
pub const FORCE_IT: &str = "give --force to log it anyway";

/// Runs `change(force)`; when it finds the walk unusual, asks on a
/// terminal (`ask`) and runs it again forced on yes, else refuses (exit 2,
/// saying what to do instead: `way_out`).
pub fn confirming<T>(
    force: bool,
    can_ask: bool,
    way_out: &str,
    mut ask: impl FnMut(&str) -> Answer,
    mut change: impl FnMut(bool) -> Result<T>,
) -> Result<T> {
    let error = match change(force) {
        Err(error) if error.is::<Unusual>() => error,
        other => return other,
    };
    let why = error.to_string();
    if !can_ask {
        return Err(Invalid::new(format!(
            "the walk looks unusual: {why}; nothing was logged ({way_out})"
        ))
        .into());
    }
    eprintln!("This walk looks unusual: {why}.");
    match ask("Log it anyway? [y/N] ") {
        Answer::Yes => change(true),
        Answer::No => Err(anyhow::anyhow!("nothing was logged")),
        Answer::Interrupted => {
            eprintln!("Interrupted: nothing was logged.");
            Err(Interrupted.into())
        }
    }
}

/// What `log`, `stop` and `timer` print: the walk, then its day (today,
/// or the day it was logged for).
pub fn report_logged(ctx: &Context, session: &Session) -> Result<()> {
    let day = ctx.clock.date_of(&session.start);
    let read = ctx.read_day(day)?;
    let summary = &read.summary;
    let weight = ctx.weight_for(&summary.goals, session);
    print(ctx.render(&SessionView::new(session, weight), || {
        let day = DayOverview::new(
            summary,
            &read.sessions,
            day,
            read.head.timer.as_ref(),
            ctx.clock.now(),
        );
        format!(
            "Logged {}\n{}\n",
            session_brief(session, ctx.clock, &ctx.style),
            progress_line(&day, ctx.clock, &ctx.style)
        )
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Range;

    #[test]
    fn unusual_walks_are_too_long_or_too_fast() {
        let goals = GoalEntry::default();
        assert_eq!(unusual(30 * 60, Some(6000), &goals), None);
        let long = unusual(30 * 60 + 1, None, &goals).unwrap();
        assert!(long.contains("30m01s") && long.contains("10-minute"), "{long}");
        let fast = unusual(7, Some(250), &goals).unwrap();
        assert!(fast.contains("2143 steps a minute"), "{fast}");
        // Never rounded down to the limit it is said to exceed.
        let just = unusual(300, Some(1001), &goals).unwrap();
        assert_eq!(just, "1001 steps in 5m is 200.2 steps a minute, more than 200");
        let wide = GoalEntry {
            minutes: Range { min: 5, max: 60 },
            ..GoalEntry::default()
        };
        assert_eq!(unusual(3 * 3600, None, &wide), None);
    }
}
