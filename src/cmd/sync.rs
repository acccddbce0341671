//! `sync` and `sync init`: one history on two devices, through git.

use anyhow::Result;
use serde_json::json;

use super::{Invocation, print};
use crate::cli::{SyncAction, SyncArgs};
use crate::merge::Changes;
use crate::model::Document;
use crate::parse::format_duration;
use crate::render::{plural, wrap};

pub fn run(args: &SyncArgs, ctx: &Invocation) -> Result<()> {
    match &args.action {
        Some(SyncAction::Init(init)) => set_up(init.remote.as_deref(), ctx),
        None => exchange(ctx),
    }
}

/// `sync init`: make the store's folder a repository, with a remote.
fn set_up(remote: Option<&str>, ctx: &Invocation) -> Result<()> {
    let done = ctx.store.sync_init(remote)?;
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
    )?)?;
    default_store_hint(ctx);
    Ok(())
}

/// `sync`: take the other device's walks and give it ours.
fn exchange(ctx: &Invocation) -> Result<()> {
    let done = ctx.store.sync(describe)?;
    for conflict in &done.conflicts {
        eprintln!("{}", wrap(&conflict.detail, "note: ", "      "));
    }
    for renumbered in &done.renumbered {
        eprintln!("{}", wrap(&renumbered.describe(), "note: ", "      "));
    }
    print(ctx.render(
        &json!({
            "in": done.incoming.total(),
            "out": done.outgoing.total(),
            "conflicts": done.conflicts,
            "renumbered": done.renumbered,
        }),
        || {
            format!(
                "{} in, {} out{}\n",
                counted(done.incoming),
                counted(done.outgoing),
                match done.conflicts.len() {
                    0 => String::new(),
                    n => format!(
                        " ({} to look at, above)",
                        plural(n as u64, "conflict", "conflicts")
                    ),
                }
            )
        },
    )?)?;
    default_store_hint(ctx);
    Ok(())
}

/// `1 walk and 2 edits`, `3 walks, 1 edit and 1 removal`, `nothing`.
fn counted(changes: Changes) -> String {
    let parts: Vec<String> = [
        (changes.added, "walk", "walks"),
        (changes.edited, "edit", "edits"),
        (changes.removed, "removal", "removals"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| plural(n as u64, one, many))
    .collect();
    match parts.as_slice() {
        [] => "nothing".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A store away from the default path (given with `--store`) is not
/// found by the next command without it: say how to make it the
/// default on this device.
fn default_store_hint(ctx: &Invocation) {
    let path = ctx.store.path();
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let same = |other: &std::path::Path| std::path::absolute(other).is_ok_and(|other| other == absolute);
    let is_default = crate::store::Store::default_path().is_ok_and(|d| same(&d));
    let in_env = std::env::var_os("BACKWALK_STORE").is_some_and(|e| same(std::path::Path::new(&e)));
    if !is_default && !in_env {
        eprintln!(
            "hint: to make this store the default here, add to your shell's profile:\n\
             hint:   export BACKWALK_STORE='{}'",
            absolute.display().to_string().replace('\'', "'\\''")
        );
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
    if before.mornings != after.mornings {
        changes.push("morning".into());
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
