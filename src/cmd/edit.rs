//! `edit`: change fields of a walk, checked as a new walk would be.

use anyhow::{Result, anyhow};
use chrono::{DateTime, Duration, FixedOffset};

use super::ask::{FORCE_IT, confirming_on_terminal};
use super::walk::explain_overlap;
use super::{Invocation, print, resolve_id};
use crate::cli::EditArgs;
use crate::error::{Invalid, Unusual};
use crate::model::{Document, Op, Session, check_overlap};
use crate::plausible::unusual;
use crate::render::json::SessionView;
use crate::render::text::edit_text;
use crate::store::Refusal;

pub fn run(args: &EditArgs, ctx: &Invocation) -> Result<()> {
    if !changes_something(args) {
        return Err(Invalid::new(
            "nothing to change: give --duration, --at, --steps, --surface, --incline, --pain, --note, \
             or --clear-steps, --clear-incline, --clear-pain, --clear-note",
        )
        .into());
    }
    let start_at = ctx.start_at(args.at.as_deref())?;
    let (before, after, weight) = confirming_on_terminal(args.force, FORCE_IT, |force| {
        ctx.store.update(|tx| {
            let doc = tx.document()?;
            let id = resolve_id(doc, args.id)?;
            let before = doc.get(id).cloned().expect("resolved ids exist");
            let after = edited(&before, args, start_at, ctx);
            check(doc, &before, &after, force, ctx)?;
            doc.replace(vec![after.clone()])
                .map_err(|id| anyhow!("no walk #{id}"))?;
            doc.record(
                format!("edit #{id}"),
                vec![Op::Replace {
                    sessions: vec![before.clone()],
                }],
            );
            let weight = ctx.weight_for(&doc.goals, &after);
            Ok((before, after, weight))
        })
    })?;
    print(ctx.render(&SessionView::new(&after, weight), || {
        edit_text(&before, &after, ctx.clock, ctx.style)
    })?)
}

fn changes_something(args: &EditArgs) -> bool {
    let d = &args.details;
    args.duration.is_some()
        || args.at.is_some()
        || d.steps.is_some()
        || d.surface.is_some()
        || d.incline.is_some()
        || d.pain.is_some()
        || d.note.is_some()
        || args.clear_steps
        || args.clear_incline
        || args.clear_pain
        || args.clear_note
}

/// `before` with the fields given changed, and those cleared removed.
/// `start_at` is `--at` as read (`None` for `--at today`: ended now).
fn edited(
    before: &Session,
    args: &EditArgs,
    start_at: Option<DateTime<FixedOffset>>,
    ctx: &Invocation,
) -> Session {
    let d = &args.details;
    let mut after = before.clone();
    if let Some(duration) = args.duration {
        after.duration_seconds = duration;
    }
    match (args.at.is_some(), start_at) {
        (true, Some(start)) => after.start = start,
        (true, None) => {
            after.start = ctx.clock.now() - Duration::seconds(after.duration_seconds.seconds().into());
        }
        (false, _) => {}
    }
    after.steps = kept(args.clear_steps, d.steps, after.steps);
    after.incline_percent = kept(args.clear_incline, d.incline, after.incline_percent);
    after.pain = kept(args.clear_pain, d.pain, after.pain);
    after.surface = d.surface.unwrap_or(after.surface);
    // `--note ""` leaves no note, as --clear-note does.
    after.note = if args.clear_note {
        None
    } else {
        d.note.clone().or(after.note)
    }
    .filter(|n| !n.is_empty());
    after
}

/// A field after `--clear-…` (`clear`), or the value given, or the one
/// stored.
fn kept<T>(clear: bool, given: Option<T>, stored: Option<T>) -> Option<T> {
    if clear { None } else { given.or(stored) }
}

/// Checks the edited walk as a new one: unusual (unless `force`) when
/// its time or steps changed, and never overlapping another when moved.
fn check(doc: &Document, before: &Session, after: &Session, force: bool, ctx: &Invocation) -> Result<()> {
    let moved = (after.start, after.duration_seconds) != (before.start, before.duration_seconds);
    let judged = moved || after.steps != before.steps;
    let goals = doc.goals.in_force(ctx.clock.date_of(&after.start));
    if judged
        && !force
        && let Some(why) = unusual(after.seconds(), after.steps, goals)
    {
        return Err(Unusual(why).into());
    }
    if moved {
        check_overlap(
            &doc.sessions,
            doc.timer.as_ref(),
            after.start,
            after.end(),
            ctx.clock.now(),
            Some(before.id),
        )
        .map_err(|with| {
            let refusal = Refusal::Overlap(with).into();
            explain_overlap(refusal, ctx, after.start, after.duration_seconds)
        })?;
    }
    Ok(())
}
