//! The arguments of the commands that serve the shell: completions (the
//! man page takes none).

use clap::Args;

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    pub shell: clap_complete::Shell,
}
