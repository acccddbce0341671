//! backwalk: parse the command line, run the command, report the error.

use std::process::ExitCode;

use backwalk::{cli, cmd, error};
use clap::Parser;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error, please report it: {info}");
    }));
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if error::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(error::exit_code(&e))
        }
    }
}
