//! `stop`: log the walk the running timer measured.

use anyhow::{Result, bail};
use chrono::{DateTime, Duration, FixedOffset};

use super::ask::{FORCE_IT, confirming_on_terminal};
use super::{Invocation, no_timer, walk};
use crate::cli::StopArgs;
use crate::error::Invalid;
use crate::model::{NewSession, Op, Timer, WalkDuration};
use crate::parse::{self, format_duration};

pub fn run(args: &StopArgs, ctx: &Invocation) -> Result<()> {
    // `--duration 9 mins`: the unit may come as its own word.
    let duration = args
        .duration
        .as_ref()
        .map(|words| parse::duration(&words.join(" ")).map_err(Invalid::new))
        .transpose()?;
    // A time alone is read against the timer's start, so only inside.
    let when = args.at.as_deref().map(|text| ctx.when(text)).transpose()?;
    // A timer left running: the way out is to say when the walk ended.
    let way_out = if args.at.is_none() && args.duration.is_none() {
        "say when it ended with --at WHEN or how long it was with --duration D, or give --force to log it as it is"
    } else {
        FORCE_IT
    };
    let session = confirming_on_terminal(args.force, way_out, |force| {
        ctx.store.update(|tx| {
            let timer = tx.timer().cloned().ok_or_else(no_timer)?;
            let ended_at = match (&args.at, &when) {
                (Some(text), Some(when)) => Some(ended(text, when, &timer, ctx)?),
                _ => None,
            };
            let duration = measured(&timer, ended_at, duration, ctx)?;
            let new = NewSession {
                start: timer.start,
                duration,
                steps: args.steps,
                surface: timer.surface,
                incline_percent: None,
                pain: args.pain,
                note: args.note.clone().or(timer.note.clone()),
            };
            tx.set_timer(None);
            walk::add(
                tx,
                ctx,
                new,
                "stop",
                vec![Op::Timer { timer: Some(timer) }],
                force,
            )
        })
    })?;
    walk::report_logged(ctx, &session)
}

/// `stop --at`: when the walk ended. A time alone is its most recent
/// occurrence after the timer's start and not in the future (started
/// 19:00 yesterday, `--at 19:08` this morning is yesterday 19:08).
fn ended(text: &str, when: &parse::When, timer: &Timer, ctx: &Invocation) -> Result<DateTime<FixedOffset>> {
    if let Some(time) = parse::time_alone(text) {
        let now = ctx.clock.now();
        let first = ctx.clock.date_of(&timer.start);
        let found = ctx
            .clock
            .today()
            .iter_days()
            .rev()
            .take_while(|date| *date >= first)
            .filter_map(|date| ctx.clock.resolve(date.and_time(time)))
            .find(|end| *end <= now);
        let start = ctx.clock.local(&timer.start).format("%a %-d %b %H:%M");
        return match found {
            Some(end) if end > timer.start => Ok(end),
            // Started today: the time is later than now, or before the start.
            _ if first == ctx.clock.today() && found.is_none() => Err(Invalid::new(format!(
                "'{text}' is in the future; the walk ended by now ({})",
                ctx.clock.local(&now).format("%H:%M")
            ))
            .into()),
            _ if first == ctx.clock.today() => {
                Err(Invalid::new(format!("'{text}' is before the timer started ({start})")).into())
            }
            // No day makes it fit: every earlier one is before the start.
            _ => Err(Invalid::new(format!(
                "'{text}' is not between the timer's start ({start}) and now ({}); \
                 give a time in between, or how long the walk was with --duration D",
                ctx.clock.local(&now).format("%a %-d %b %H:%M")
            ))
            .into()),
        };
    }
    let end = match *when {
        parse::When::Moment(moment) => moment,
        parse::When::Day { today: true, .. } => ctx.clock.now(),
        parse::When::Day { .. } => {
            return Err(Invalid::new(format!(
                "'{text}' is a day; `stop --at` needs the time the walk ended, e.g. --at 09:40 or --at 'yesterday 18:30'"
            ))
            .into());
        }
    };
    if end > ctx.clock.now() {
        return Err(Invalid::new(format!("'{text}' is in the future; the walk ended by now")).into());
    }
    Ok(end)
}

/// How long the timed walk was: until now, until `--at`, or `--duration`.
fn measured(
    timer: &Timer,
    ended_at: Option<DateTime<FixedOffset>>,
    duration: Option<WalkDuration>,
    ctx: &Invocation,
) -> Result<WalkDuration> {
    if let Some(duration) = duration {
        if timer.start + Duration::seconds(duration.seconds().into()) > ctx.clock.now() {
            return Err(Invalid::new(format!(
                "the timer started {} ago, less than {}",
                format_duration(u64::try_from((ctx.clock.now() - timer.start).num_seconds()).unwrap_or(0)),
                format_duration(duration.seconds().into())
            ))
            .into());
        }
        return Ok(duration);
    }
    let end = ended_at.unwrap_or(ctx.clock.now());
    let started = ctx.clock.local(&timer.start).format("%Y-%m-%d %H:%M");
    let seconds = (end - timer.start).num_seconds();
    if ended_at.is_some() && seconds < 1 {
        return Err(Invalid::new(format!(
            "the walk cannot end before the timer started ({started})"
        ))
        .into());
    }
    match u64::try_from(seconds) {
        Ok(s) if s > u64::from(WalkDuration::MAX_SECONDS) => bail!(
            "the timer has run for {} since {started}, more than the 24 hours a walk can last; \
             say when it ended with `backwalk stop --at WHEN` or how long it was with `backwalk stop --duration D`",
            format_duration(s)
        ),
        Ok(s) if s >= 1 => Ok(WalkDuration::from_seconds(s).map_err(anyhow::Error::msg)?),
        _ => bail!("the timer has run for less than a second: nothing to log (`backwalk cancel` drops it)"),
    }
}
