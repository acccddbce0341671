//! The layout of `--help` around clap's own: the text after the options
//! (input forms, environment, exit status), wrapped here between words so
//! that no example is cut in two; the man page reads the same tables.

use crate::parse;

/// The environment variables backwalk reads.
pub const ENVIRONMENT: [(&str, &str); 4] = [
    ("BACKWALK_STORE", "The store file, as --store."),
    (
        "BACKWALK_NOW",
        "An RFC 3339 time in years 1-9999 that replaces \"now\", for tests and \"as of\" scripts.",
    ),
    (
        "TZ",
        "The local zone, read as the C library reads it: a zone name (Europe/Berlin), a POSIX \
         rule (EST5EDT,M3.2.0,M11.1.0) or a zone file; days are local calendar days. A value \
         backwalk cannot understand is an error.",
    ),
    ("NO_COLOR", "No colour, unless --color always."),
];

/// What the exit status says.
pub const EXIT_STATUS: [(&str, &str); 3] = [
    ("0", "Success."),
    (
        "1",
        "Any other failure: a damaged store, an unknown id, no running timer, a file that \
         cannot be written.",
    ),
    ("2", "Invalid arguments or values; nothing is written."),
];

/// The width `--help` is laid out for, at most.
pub const HELP_WIDTH: usize = 80;

/// What `backwalk --help` says after the options: the input forms, the
/// environment and the exit status, wrapped to `HELP_WIDTH` here (clap
/// leaves lines that fit alone) so that no example is cut in two.
pub fn after_help() -> String {
    let mut text = String::from("With no command, backwalk shows today.\n\n");
    for (name, forms) in parse::input_forms() {
        text.push_str(&wrap(&format!("{name}: {forms}"), HELP_WIDTH, "", "  "));
    }
    for (heading, table, column) in [
        ("Environment", &ENVIRONMENT[..], 16),
        ("Exit status", &EXIT_STATUS[..], 3),
    ] {
        text.push('\n');
        text.push_str(heading);
        text.push_str(":\n");
        for (name, what) in table {
            let first = format!("  {name:<column$}");
            text.push_str(&wrap(what, HELP_WIDTH, &first, &" ".repeat(first.len())));
        }
    }
    text.truncate(text.trim_end().len());
    text
}

/// The words of `text`, a phrase in single quotes (`'8 min'`) kept as one.
pub fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut open = false;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if open {
            let last = words.last_mut().expect("an open quote follows a word");
            last.push(' ');
            last.push_str(word);
        } else {
            words.push(word.to_string());
        }
        // A quote opens where a word starts with one (after a bracket):
        // an apostrophe inside a word (platform's) opens nothing.
        let quotes = word.matches('\'').count();
        let opens = word.trim_start_matches(['(', '[']).starts_with('\'');
        if open {
            open = quotes % 2 == 0;
        } else {
            open = opens && quotes % 2 == 1;
        }
    }
    words
}

/// `text` filled to `width` display columns: `first` before the first
/// line, `rest` before the others; ends with a newline.
// Not textwrap: its first fit gives the same bytes, but its custom word
// separator needs the quoted-phrase rule again over borrowed slices, which
// is longer than this loop, and it keeps runs of spaces that `words` folds.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in words(text) {
        let room = crate::render::width(&line) + usize::from(!empty) + crate::render::width(&word);
        if !empty && room > width {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(&word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// The heading of the options every command takes, apart from its own
/// (as git and cargo set them apart).
pub const GLOBAL: &str = "Global Options";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_a_quoted_phrase_whole_and_wrap_fills_lines() {
        assert_eq!(
            words("take '8 min', '90 seconds' or (the platform's) 7:30"),
            [
                "take",
                "'8 min',",
                "'90 seconds'",
                "or",
                "(the",
                "platform's)",
                "7:30"
            ]
        );
        assert_eq!(
            wrap("one two three '4 5' six", 12, "> ", "  "),
            "> one two\n  three\n  '4 5' six\n"
        );
    }
}
