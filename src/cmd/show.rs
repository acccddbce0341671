//! `show`: one walk in full.

use anyhow::Result;

use super::{Invocation, print, resolve_id};
use crate::cli::ShowArgs;
use crate::render::json::SessionView;
use crate::render::text::session_block;

pub fn run(args: &ShowArgs, ctx: &Invocation) -> Result<()> {
    let doc = ctx.store.load()?;
    let id = resolve_id(&doc, args.id)?;
    let session = doc.get(id).expect("resolved ids exist");
    let weight = ctx.weight_for(&doc.goals, session);
    print(ctx.render(&SessionView::new(session, weight), || {
        session_block(session, ctx.clock, ctx.style, weight)
    })?)
}
