//! `sync` and `sync init`: one history on two devices, through git.

use anyhow::Result;
use serde_json::json;

use super::{Context, print};
use crate::cli::{SyncAction, SyncArgs};
use crate::model::Document;
use crate::parse::format_duration;
use crate::render::plural;

pub fn run(args: &SyncArgs, ctx: &Context) -> Result<()> {
    match &args.action {
        Some(SyncAction::Init(init)) => {
            let done = ctx.store.sync_init(init.remote.as_deref())?;
            let remote = done.remote.clone();
            print(ctx.render(
                &json!({
                    "repository": done.repository,
                    "created": done.created,
                    "committed": done.committed,
                    "remote": remote,
                }),
                || {
                    let how = if done.created {
                        "Made {} a repository"
                    } else {
                        "Set up the repository {}"
                    };
                    let how = how.replace("{}", &done.repository.display().to_string());
                    let remote = match &done.remote {
                        Some(remote) => format!("; remote {remote}: `backwalk sync` shares the walks"),
                        None => "; no remote yet (`backwalk sync init REMOTE` sets one)".into(),
                    };
                    format!("{how} with backwalk as the store's merge driver{remote}\n")
                },
            )?)
        }
        None => {
            let done = ctx.store.sync(describe)?;
            for conflict in &done.conflicts {
                eprintln!("note: {}", conflict.detail);
            }
            print(ctx.render(
                &json!({ "in": done.incoming, "out": done.outgoing, "conflicts": done.conflicts }),
                || {
                    format!(
                        "{} in, {} out{}\n",
                        plural(done.incoming as u64, "walk", "walks"),
                        done.outgoing,
                        match done.conflicts.len() {
                            0 => String::new(),
                            n => format!(
                                " ({} to look at, above)",
                                plural(n as u64, "conflict", "conflicts")
                            ),
                        }
                    )
                },
            )?)
        }
    }
}

/// What changed in the store, for the commit message: `log #14 · 8m ·
/// grass`, or several such joined.
fn describe(before: &Document, after: &Document) -> String {
    let mut changes: Vec<String> = Vec::new();
    for session in &after.sessions {
        match before.sessions.iter().find(|s| s.uid == session.uid) {
            None => changes.push(format!(
                "log #{} · {} · {}",
                session.id,
                format_duration(session.seconds()),
                session.surface
            )),
            Some(old) if old.as_new() != session.as_new() => changes.push(format!("edit #{}", session.id)),
            Some(_) => {}
        }
    }
    for session in &before.sessions {
        if !after.sessions.iter().any(|s| s.uid == session.uid) {
            changes.push(format!("rm #{}", session.id));
        }
    }
    if before.goals != after.goals {
        changes.push("goals".into());
    }
    if before.timer != after.timer {
        changes.push(
            if after.timer.is_some() {
                "start"
            } else {
                "timer stopped"
            }
            .into(),
        );
    }
    match changes.len() {
        0 => "backwalk: store".into(),
        1..=3 => changes.join("; "),
        n => format!("{n} changes: {}; …", changes[..3].join("; ")),
    }
}
