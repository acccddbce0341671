//! `completions`: generated from the command-line definition.

use anyhow::Result;
use clap::CommandFactory;

use super::print;
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs) -> Result<()> {
    let mut text = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "backwalk", &mut text);
    print(text)
}
