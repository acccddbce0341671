//! backwalk: parse the command line, run the command, report the error.

use std::process::ExitCode;

use backwalk::Cli;
use clap::Parser;
use clap::error::ErrorKind;

/// Whether an argument holds a character that would act on the terminal
/// if clap quoted it back as typed.
fn acts_on_terminal(args: impl IntoIterator<Item = std::ffi::OsString>) -> bool {
    args.into_iter().any(|arg| {
        arg.to_string_lossy()
            .chars()
            .any(|c| c.is_control() || backwalk::is_bidi_override(c))
    })
}

/// What to say when an argument is not UTF-8: clap names none of them.
fn not_utf8(args: impl IntoIterator<Item = std::ffi::OsString>) -> String {
    let named: Vec<String> = args
        .into_iter()
        .filter(|arg| arg.to_str().is_none())
        .map(|arg| format!("'{}'", arg.to_string_lossy()))
        .collect();
    let which = match named.as_slice() {
        [one] => format!("the argument {one} is"),
        many => format!("the arguments {} are", many.join(", ")),
    };
    format!(
        "{which} not UTF-8 text (\u{FFFD} marks the bytes that are not); notes, times and other values must be UTF-8"
    )
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error, please report it: {info}");
    }));
    // Run by a completion script at a Tab: answer the shell, and exit.
    backwalk::answer_shell();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.kind() == ErrorKind::DisplayHelp => {
            // Help is asked for: parse again with the whole help text.
            if let Err(help) = backwalk::command().try_get_matches() {
                help.exit();
            }
            e.exit()
        }
        Err(e) if e.kind() == ErrorKind::InvalidUtf8 => {
            eprintln!("error: {}", not_utf8(std::env::args_os().skip(1)));
            return ExitCode::from(2);
        }
        Err(e) if e.use_stderr() && acts_on_terminal(std::env::args_os().skip(1)) => {
            // clap quotes a refused value as typed: the message goes out
            // plain, with controls and bidirectional overrides escaped.
            eprint!("{}", backwalk::safe_lines(&e.render().to_string()));
            return ExitCode::from(2);
        }
        Err(e) => e.exit(),
    };
    let Err(e) = backwalk::run(&cli) else {
        return ExitCode::SUCCESS;
    };
    if let Some(code) = backwalk::silent_exit(&e) {
        return ExitCode::from(code);
    }
    eprintln!("error: {e:#}");
    ExitCode::from(backwalk::exit_code(&e))
}
