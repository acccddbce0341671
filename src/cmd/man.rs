//! `man`: one man page, with every command in it (so it points to no
//! other pages), written from the command-line definition: the same
//! words as `--help`, laid out in roff that `mandoc -T lint` passes.

use std::fmt::Write as _;

use anyhow::Result;
use clap::{Arg, CommandFactory};

use super::print;
use crate::cli::{self, Cli};

/// The day this version was released, for the page's title line: set it
/// with the version.
const RELEASED: &str = "2026-12-06";

/// How long a line of roff source may be (mandoc's style check).
const SOURCE_WIDTH: usize = 78;

pub fn run() -> Result<()> {
    print(page())
}

/// The whole page.
pub fn page() -> String {
    let mut cli = Cli::command();
    cli.build();
    let mut page = String::new();
    let _ = writeln!(
        page,
        ".TH BACKWALK 1 {RELEASED} \"backwalk {}\" \"User Commands\"",
        env!("CARGO_PKG_VERSION")
    );
    // Words are not hyphenated, nor lines stretched: options and examples
    // read as typed.
    page.push_str(".nh\n.ad l\n");
    page.push_str(".SH NAME\nbackwalk \\- a tracker for backward walking\n");
    page.push_str(
        ".SH SYNOPSIS\n.B backwalk\n[\\fIGLOBAL OPTIONS\\fR] [\\fICOMMAND\\fR] [\\fIOPTIONS\\fR]\n",
    );
    page.push_str(".SH DESCRIPTION\n");
    if let Some(about) = cli.get_long_about().or(cli.get_about()) {
        page.push_str(&text(&about.to_string()));
    }
    page.push_str(".PP\nWith no command, backwalk shows today.\n");
    page.push_str(".SH GLOBAL OPTIONS\n");
    for arg in cli.get_arguments() {
        page.push_str(&option(arg));
    }
    page.push_str(".SH COMMANDS\n");
    for sub in cli.get_subcommands().filter(|sub| sub.get_name() != "help") {
        command(&mut page, sub, "backwalk");
    }
    page.push_str(".SH INPUT FORMS\n");
    for (name, forms) in crate::parse::input_forms() {
        let _ = write!(page, ".TP\n{}\n{}", escape(name), text(&forms));
    }
    page.push_str(".SH ENVIRONMENT\n");
    for (name, what) in cli::ENVIRONMENT {
        let _ = write!(page, ".TP\n\\fB{}\\fR\n{}", escape(name), text(what));
    }
    page.push_str(FILES);
    page.push_str(".SH EXIT STATUS\n");
    for (code, what) in cli::EXIT_STATUS {
        let _ = write!(page, ".TP\n\\fB{code}\\fR\n{}", text(what));
    }
    page.push_str(EXAMPLES);
    page
}

const FILES: &str = "\
.SH FILES
.TP
\\fIsessions.json\\fR
The store, in the platform's data folder (~/.local/share/backwalk on Linux)
unless \\fB\\-\\-store\\fR says otherwise: readable by its owner only.
.TP
\\fIsessions.json.bak\\fR, \\fIsessions.json.lock\\fR, \\fIsessions.json.idx\\fR
The previous version, the lock, and a disposable index of day totals,
beside the store.
.TP
\\fIsessions.json.key\\fR
The key that seals the index: an index not sealed with it is ignored.
Never synced; deleting it only costs the next command a full read.
";

const EXAMPLES: &str = "\
.SH EXAMPLES
.nf
backwalk log 8 \\-\\-steps 300 \\-\\-surface grass
backwalk log 7m30s \\-\\-at 'yesterday 7am' \\-\\-pain 2
backwalk start; backwalk stop \\-\\-steps 280
backwalk week \\-\\-json
backwalk calendar \\-\\-svg walks.svg
.fi
";

/// A command's sub-section: its synopsis, what it does, its arguments and
/// options, and its examples; then its own commands.
fn command(page: &mut String, sub: &clap::Command, parent: &str) {
    if sub.is_hide_set() {
        return;
    }
    let name = format!("{parent} {}", sub.get_name());
    let _ = writeln!(page, ".SS {}", escape(&name));
    let _ = writeln!(page, ".B {}", escape(&name));
    page.push_str(&synopsis(sub));
    if let Some(about) = sub.get_long_about().or(sub.get_about()) {
        page.push_str(".br\n");
        page.push_str(&text(&about.to_string()));
    }
    // Said once, under GLOBAL OPTIONS, with --help.
    let own = |arg: &&Arg| !arg.is_hide_set() && !arg.is_global_set() && arg.get_id() != "help";
    for arg in sub.get_arguments().filter(own) {
        page.push_str(&option(arg));
    }
    if let Some(after) = sub.get_after_help() {
        page.push_str(&after_help(&after.to_string()));
    }
    for inner in sub.get_subcommands().filter(|inner| inner.get_name() != "help") {
        command(page, inner, &name);
    }
}

/// What follows the command's name in its synopsis: `[OPTIONS]`, the
/// positional arguments, `[COMMAND]`.
fn synopsis(sub: &clap::Command) -> String {
    let mut parts = Vec::new();
    let option = |arg: &Arg| {
        !arg.is_positional() && !arg.is_hide_set() && !arg.is_global_set() && arg.get_id() != "help"
    };
    if sub.get_arguments().any(option) {
        parts.push("[\\fIOPTIONS\\fR]".to_string());
    }
    for arg in sub.get_positionals() {
        parts.push(positional(arg));
    }
    if sub.has_subcommands() {
        parts.push("[\\fICOMMAND\\fR]".to_string());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}\n", parts.join(" "))
    }
}

fn positional(arg: &Arg) -> String {
    let name = value_names(arg);
    let many = if arg.get_num_args().is_some_and(|n| n.max_values() > 1)
        || matches!(arg.get_action(), clap::ArgAction::Append)
    {
        "..."
    } else {
        ""
    };
    if arg.is_required_set() {
        format!("\\fI{name}\\fR{many}")
    } else {
        format!("[\\fI{name}\\fR]{many}")
    }
}

fn value_names(arg: &Arg) -> String {
    arg.get_value_names().map_or_else(
        || arg.get_id().as_str().to_uppercase(),
        |names| {
            names
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        },
    )
}

/// One argument as a tagged paragraph: its name, then its help, default,
/// accepted values and variable.
fn option(arg: &Arg) -> String {
    let mut tag = String::new();
    if arg.is_positional() {
        tag.push_str(&positional(arg));
    } else {
        if let Some(short) = arg.get_short() {
            let _ = write!(tag, "\\fB\\-{short}\\fR, ");
        }
        if let Some(long) = arg.get_long() {
            let _ = write!(tag, "\\fB\\-\\-{}\\fR", escape(long));
        }
        if arg.get_action().takes_values() {
            let _ = write!(tag, " \\fI{}\\fR", escape(&value_names(arg)));
        }
    }
    let mut help = arg
        .get_long_help()
        .or(arg.get_help())
        .map(ToString::to_string)
        .unwrap_or_default();
    let values: Vec<String> = Some(arg)
        .filter(|arg| arg.get_action().takes_values())
        .map(Arg::get_possible_values)
        .unwrap_or_default()
        .iter()
        .filter(|value| !value.is_hide_set())
        .map(|value| value.get_name().to_string())
        .collect();
    if !values.is_empty() && !values.iter().all(|value| help.contains(value.as_str())) {
        let _ = write!(help, " ({})", values.join(", "));
    }
    let defaults: Vec<String> = Some(arg)
        .filter(|arg| arg.get_action().takes_values())
        .map(Arg::get_default_values)
        .unwrap_or_default()
        .iter()
        .map(|value| value.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() {
        let _ = write!(help, " [default: {}]", defaults.join(", "));
    }
    if let Some(env) = arg.get_env() {
        let _ = write!(help, " [env: {}]", env.to_string_lossy());
    }
    format!(".TP\n{tag}\n{}", text(&help))
}

/// A command's text after its options: lines indented by two spaces are
/// examples, kept as they are; the others are filled paragraphs.
fn after_help(after: &str) -> String {
    let mut out = String::new();
    let mut examples = false;
    let mut paragraph = String::new();
    let flush = |out: &mut String, paragraph: &mut String| {
        if !paragraph.is_empty() {
            out.push_str(".PP\n");
            out.push_str(&text(paragraph));
            paragraph.clear();
        }
    };
    for line in after.lines() {
        if let Some(example) = line.strip_prefix("  ") {
            flush(&mut out, &mut paragraph);
            if !examples {
                out.push_str(".RS 4\n.nf\n");
                examples = true;
            }
            let _ = writeln!(out, "{}", escape(example));
            continue;
        }
        if examples {
            out.push_str(".fi\n.RE\n");
            examples = false;
        }
        if line.trim().is_empty() {
            flush(&mut out, &mut paragraph);
        } else {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(line.trim());
        }
    }
    flush(&mut out, &mut paragraph);
    if examples {
        out.push_str(".fi\n.RE\n");
    }
    out
}

/// Filled text: escaped, the source cut into short lines (a quoted
/// example kept on one of them).
fn text(text: &str) -> String {
    let mut out = String::new();
    for paragraph in text.split("\n\n") {
        if !out.is_empty() {
            out.push_str(".PP\n");
        }
        let words: Vec<String> = cli::words(&paragraph.replace('\n', " "))
            .iter()
            .map(|word| escape(word))
            .collect();
        let mut line = String::new();
        for word in words {
            if !line.is_empty() && line.len() + 1 + word.len() > SOURCE_WIDTH {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        if !line.is_empty() {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// `text` as roff input: backslashes and hyphens escaped, characters
/// outside ASCII named, and no line that roff would take for a request.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '–' => out.push_str("\\(en"),
            '—' => out.push_str("\\(em"),
            c if c.is_ascii() => out.push(c),
            c => {
                let _ = write!(out, "\\[u{:04X}]", u32::from(c));
            }
        }
    }
    if out.starts_with(['.', '\'']) {
        out.insert_str(0, "\\&");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Surface;

    /// The surfaces are listed from `Surface::ALL` wherever the page names
    /// them: a new one cannot be left out.
    #[test]
    fn every_surface_is_named_in_the_input_forms_and_each_surface_option() {
        let page = page();
        let paragraphs: Vec<&str> = page
            .split(".TP\n")
            .filter(|p| p.starts_with("Surfaces\n") || p.starts_with("\\fB\\-\\-surface\\fR"))
            .collect();
        assert!(paragraphs.len() > 5, "{paragraphs:?}");
        for paragraph in paragraphs {
            for surface in Surface::ALL {
                assert!(
                    paragraph.contains(surface.name()),
                    "{surface} is missing from {paragraph}"
                );
            }
        }
    }

    #[test]
    fn roff_escapes_what_roff_would_read_as_markup() {
        assert_eq!(escape("--at"), "\\-\\-at");
        assert_eq!(escape("5–10 a\\b"), "5\\(en10 a\\eb");
        assert_eq!(escape(".profile"), "\\&.profile");
        assert_eq!(escape("·"), "\\[u00B7]");
    }

    #[test]
    fn source_lines_are_short_and_keep_a_quoted_example_whole() {
        let roff = text(&format!("{} '8 min' 7:30.", "word ".repeat(15)));
        // A source line starting with a quote would be a request: \& first.
        assert_eq!(
            roff,
            format!("{}\n\\&'8 min' 7:30.\n", "word ".repeat(15).trim_end())
        );
    }

    #[test]
    fn no_line_of_the_source_is_long_or_ends_in_a_space() {
        for line in page().lines() {
            assert!(line.len() <= 80, "{line}");
            assert_eq!(line.trim_end(), line);
            assert!(!line.is_empty());
        }
    }
}
