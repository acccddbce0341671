//! `cancel`: drop the running timer without logging anything.

use anyhow::Result;
use serde_json::json;

use super::{Invocation, no_timer, print};
use crate::model::Op;
use crate::render::json::TimerView;

pub fn run(ctx: &Invocation) -> Result<()> {
    let timer = ctx.store.update(|tx| {
        let timer = tx.timer().cloned().ok_or_else(no_timer)?;
        tx.set_timer(None);
        tx.record(
            "cancel".into(),
            vec![Op::Timer {
                timer: Some(timer.clone()),
            }],
        );
        Ok(timer)
    })?;
    print(ctx.render(&json!({ "cancelled": TimerView::new(&timer) }), || {
        format!(
            "Cancelled the timer started at {}; nothing was logged (`backwalk undo` brings it back)\n",
            ctx.clock.local(&timer.start).format("%H:%M")
        )
    })?)
}
