//! `completions` and `man`: generated from the command-line definition.

use anyhow::Result;
use clap::CommandFactory;

use super::print;
use crate::cli::{Cli, CompletionsArgs};

pub fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut text = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "backwalk", &mut text);
    print(text)
}

pub fn man() -> Result<()> {
    let mut text = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut text)?;
    print(text)
}
