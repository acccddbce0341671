//! `start`: a timer kept in the store, so it survives closing the terminal.

use anyhow::Result;

use super::{Invocation, print};
use crate::cli::StartArgs;
use crate::model::{Op, Timer};
use crate::render::json::TimerView;

pub fn run(args: &StartArgs, ctx: &Invocation) -> Result<()> {
    let timer = ctx.store.update(|tx| {
        ctx.refuse_running(tx.timer())?;
        let timer = Timer {
            start: ctx.clock.now(),
            surface: tx.surface_or_last(args.surface)?,
            note: args.note.clone().filter(|note| !note.is_empty()),
            extra: crate::model::Extra::new(),
        };
        tx.set_timer(Some(timer.clone()));
        tx.record("start".into(), vec![Op::Timer { timer: None }]);
        Ok(timer)
    })?;
    print(ctx.render(&TimerView::new(&timer), || {
        format!(
            "Timer started at {} ({}); `backwalk stop --steps N` logs the walk\n",
            ctx.clock.local(&timer.start).format("%H:%M"),
            timer.surface
        )
    })?)
}
