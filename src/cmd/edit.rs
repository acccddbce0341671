//! `edit`: change fields of a walk, checked as a new walk would be.

use anyhow::{Result, anyhow};
use chrono::Duration;

use super::walk::{FORCE_IT, Unusual, ask_terminal, confirming, explain_overlap, interactive, unusual};
use super::{Context, print, resolve_id};
use crate::cli::EditArgs;
use crate::error::Invalid;
use crate::model::{Op, check_overlap};
use crate::render::json::SessionView;
use crate::render::text::edit_text;
use crate::store::Refusal;

pub fn run(args: &EditArgs, ctx: &Context) -> Result<()> {
    let d = &args.details;
    let changes_something = args.duration.is_some()
        || args.at.is_some()
        || d.steps.is_some()
        || d.surface.is_some()
        || d.incline.is_some()
        || d.pain.is_some()
        || d.note.is_some()
        || args.clear_steps
        || args.clear_incline
        || args.clear_pain
        || args.clear_note;
    if !changes_something {
        return Err(Invalid::new(
            "nothing to change: give --duration, --at, --steps, --surface, --incline, --pain, --note, \
             or --clear-steps, --clear-incline, --clear-pain, --clear-note",
        )
        .into());
    }
    let start_at = ctx.start_at(args.at.as_deref())?;
    let (before, after, weight) = confirming(args.force, interactive(), FORCE_IT, ask_terminal, |force| {
        ctx.store.update(|tx| {
            let doc = tx.document()?;
            let id = resolve_id(doc, args.id)?;
            let before = doc.get(id).cloned().expect("resolved ids exist");
            let mut after = before.clone();
            if let Some(duration) = args.duration {
                after.duration_seconds = duration;
            }
            match (args.at.is_some(), start_at) {
                (true, Some(start)) => after.start = start,
                // `--at today`: the walk ended now.
                (true, None) => {
                    after.start =
                        ctx.clock.now() - Duration::seconds(after.duration_seconds.seconds().into());
                }
                (false, _) => {}
            }
            after.steps = if args.clear_steps {
                None
            } else {
                d.steps.or(after.steps)
            };
            after.incline_percent = if args.clear_incline {
                None
            } else {
                d.incline.or(after.incline_percent)
            };
            after.pain = if args.clear_pain {
                None
            } else {
                d.pain.or(after.pain)
            };
            after.surface = d.surface.unwrap_or(after.surface);
            // `--note ""` leaves no note, as --clear-note does.
            after.note = if args.clear_note {
                None
            } else {
                d.note.clone().or(after.note)
            }
            .filter(|n| !n.is_empty());
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
                    Some(id),
                )
                .map_err(|with| {
                    let refusal = Refusal::Overlap(with).into();
                    explain_overlap(refusal, ctx, after.start, after.duration_seconds)
                })?;
            }
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
        edit_text(&before, &after, ctx.clock, &ctx.style)
    })?)
}
