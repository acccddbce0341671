//! `due`: for reminders without a daemon (cron, a systemd timer, a shell
//! prompt). One line and exit 0 when a walk is due today by the weekly
//! rhythm's rule; nothing and exit 3 when none is.

use anyhow::Result;

use super::{Invocation, print, to_json};
use crate::error::NotDue;
use crate::render::rhythm::due_line;
use crate::rhythm::DayRhythm;

pub fn run(ctx: &Invocation) -> Result<()> {
    let today = ctx.clock.today();
    let read = ctx.read_day(today)?;
    let rhythm = DayRhythm::of(&read.summary, today);
    if ctx.json {
        print(to_json(&rhythm.due)?)?;
    } else if rhythm.due.due {
        print(due_line(&rhythm))?;
    }
    if !rhythm.due.due {
        return Err(NotDue.into());
    }
    Ok(())
}
