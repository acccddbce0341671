//! `morning`: the next-morning pain of a walk day (yesterday's, unless
//! `--date` says which), or `--clear` to forget it. Undoable.

use anyhow::{Result, anyhow};
use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::{Invocation, print};
use crate::cli::MorningArgs;
use crate::days::{PAIN_HOLD_ABOVE, pain_above_threshold};
use crate::error::Invalid;
use crate::model::Op;
use crate::model::morning;
use crate::render::wrap;

#[derive(Serialize)]
struct MorningView {
    date: NaiveDate,
    morning_pain: Option<u8>,
}

pub fn run(args: &MorningArgs, ctx: &Invocation) -> Result<()> {
    let today = ctx.clock.today();
    let date = match &args.date {
        Some(text) => ctx.day(Some(text))?,
        None => today - Duration::days(1),
    };
    let day = date.format("%a %-d %b %Y");
    if date >= today {
        return Err(Invalid::new(format!(
            "{day} is today or later: its next morning has not come; give the day of the walks (yesterday by default)"
        ))
        .into());
    }
    let pain = if args.clear { None } else { args.pain };
    ctx.store.update(|tx| {
        // Under the lock, so that no `rm` slips in between.
        if !tx.walked_on(date)? {
            return Err(Invalid::new(format!(
                "{day} had no walk, so no next morning to record; give a day with walks (`backwalk list` shows them)"
            ))
            .into());
        }
        let before = tx.mornings().to_vec();
        let mut mornings = before.clone();
        let what = if let Some(pain) = pain {
            morning::set(&mut mornings, date, pain);
            format!("morning {date}")
        } else {
            if !morning::clear(&mut mornings, date) {
                return Err(anyhow!("{day} has no next-morning pain to clear"));
            }
            format!("morning --clear {date}")
        };
        tx.set_mornings(mornings);
        tx.record(what, vec![Op::Mornings { mornings: before }]);
        Ok(())
    })?;
    let view = MorningView {
        date,
        morning_pain: pain,
    };
    print(ctx.render(&view, || {
        let text = match pain {
            Some(pain) if pain_above_threshold(None, Some(pain)) => format!(
                "Morning after {day}: pain {pain} of 10. Above {PAIN_HOLD_ABOVE}, so the day does not count toward a step up: hold the target, and speak to a health professional if it persists.",
            ),
            Some(pain) => format!("Morning after {day}: pain {pain} of 10"),
            None => format!("Morning after {day}: cleared"),
        };
        format!("{}\n", wrap(&text, "", ""))
    })?)
}
