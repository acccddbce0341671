//! `merge BASE OURS THEIRS`: git's merge driver for the store (`%O %A
//! %B`): the result is written to OURS; exit 0, or 1 when the versions
//! cannot be merged (a damaged store, or one from a newer backwalk).

use anyhow::Result;

use crate::cli::MergeArgs;
use crate::merge::merge;
use crate::store;

pub fn run(args: &MergeArgs) -> Result<()> {
    let base = store::read_document(&args.base)?;
    let ours = store::read_document(&args.ours)?;
    let theirs = store::read_document(&args.theirs)?;
    let mut merged = merge(&base, &ours, &theirs);
    store::write_document(&args.ours, &mut merged.document)?;
    for conflict in merged.conflicts {
        eprintln!("backwalk merge: {}", conflict.detail);
    }
    for renumbered in merged.renumbered {
        eprintln!("backwalk merge: {}", renumbered.describe());
    }
    Ok(())
}
