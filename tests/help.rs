//! `--help` and the man page, as a reader sees them: `--help` of every
//! command fits 80 columns without cutting a word, a quoted value or an
//! example in two, with the global options under their own heading; the
//! man page passes `mandoc -T lint` without a word and renders with groff
//! (each where installed; otherwise said and passed over).

mod common;

use common::{TestEnv, have};

/// Every command's path (`["sync", "init"]`), read from the help of its
/// parent, the top included (`[]`).
fn commands(env: &TestEnv) -> Vec<Vec<String>> {
    let mut found = vec![Vec::new()];
    let mut at = 0;
    while at < found.len() {
        let path = found[at].clone();
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = env.run(&args).ok().to_string();
        let listed = help
            .lines()
            .skip_while(|line| *line != "Commands:")
            .skip(1)
            .take_while(|line| line.starts_with("  "));
        for line in listed {
            // A wrapped description continues with spaces only.
            let Some(name) = line
                .split_whitespace()
                .next()
                .filter(|_| !line.starts_with("   "))
            else {
                continue;
            };
            if name != "help" {
                let mut sub = path.clone();
                sub.push(name.to_string());
                found.push(sub);
            }
        }
        at += 1;
    }
    found
}

/// The single quotes in `line` that are not apostrophes (platform's).
fn quotes(line: &str) -> usize {
    let chars: Vec<char> = line.chars().collect();
    (0..chars.len())
        .filter(|&at| chars[at] == '\'')
        .filter(|&at| {
            let letter = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
            !(at > 0 && letter(chars.get(at - 1)) && letter(chars.get(at + 1)))
        })
        .count()
}

fn help_of(env: &TestEnv, path: &[String]) -> String {
    let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
    args.push("--help");
    env.run(&args).ok().to_string()
}

#[test]
fn every_help_fits_80_columns_without_cutting_a_quote_or_an_example() {
    let env = TestEnv::new();
    let commands = commands(&env);
    assert!(commands.len() > 20, "{commands:?}");
    for path in &commands {
        let help = help_of(&env, path);
        let mut examples = false;
        for line in help.lines() {
            let shown = format!("`backwalk {} --help`: {line:?}", path.join(" "));
            assert!(common::columns(line) <= 80, "{shown}");
            // A quoted value ('8 min') opens and closes on one line.
            assert!(quotes(line).is_multiple_of(2), "a quote cut in two: {shown}");
            // Under a heading of the epilogue ("Examples:"), each indented
            // line is a whole command: it starts with a command's name or
            // a variable's, never with an argument cut from the line before.
            if examples && line.starts_with("  ") {
                let first = line.split_whitespace().next().unwrap_or_default();
                let name = first.split('=').next().unwrap_or_default().trim_end_matches('+');
                let named = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic());
                assert!(named, "an example cut in two: {shown}");
            }
            if line.ends_with(':') && !line.starts_with(' ') {
                examples = ![
                    "Commands:",
                    "Arguments:",
                    "Options:",
                    "Global Options:",
                    "Environment:",
                    "Exit status:",
                ]
                .contains(&line);
            } else if line.is_empty() {
                examples = false;
            }
        }
    }
}

#[test]
fn global_options_have_their_own_heading_in_every_command() {
    let env = TestEnv::new();
    for path in commands(&env) {
        let help = help_of(&env, &path);
        let own = help.split("Global Options:").next().unwrap();
        let global = help.split_once("\nGlobal Options:\n").map(|(_, rest)| rest);
        let global = global.unwrap_or_else(|| panic!("no Global Options in {path:?}:\n{help}"));
        for option in ["--store <PATH>", "--json", "--color <WHEN>"] {
            assert!(
                !own.contains(option),
                "{option} among {path:?}'s own options:\n{help}"
            );
            assert!(
                global.contains(option),
                "{option} not under Global Options in {path:?}:\n{help}"
            );
        }
    }
}

#[test]
fn log_takes_a_duration_and_an_optional_unit_word() {
    let env = TestEnv::new();
    let help = env.run(&["log", "--help"]).ok().to_string();
    assert!(
        help.contains("Usage: backwalk log [OPTIONS] <DURATION> [UNIT]"),
        "{help}"
    );
    env.run(&["log", "8", "min", "--at", "07:00"]).ok();
    let walk = env.run(&["--json", "show", "last"]).json();
    assert_eq!(walk["duration_seconds"], 480);
}

#[test]
fn the_man_page_passes_mandoc_lint_without_a_word() {
    if !have("mandoc") {
        return;
    }
    let env = TestEnv::new();
    let page = env.dir.path().join("backwalk.1");
    std::fs::write(&page, env.run(&["man"]).ok()).unwrap();
    let lint = std::process::Command::new("mandoc")
        .args(["-T", "lint", "-W", "style"])
        .arg(&page)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&lint.stdout).to_string() + &String::from_utf8_lossy(&lint.stderr);
    assert!(
        lint.status.success() && said.is_empty(),
        "mandoc -T lint:\n{said}"
    );
    // And it reads: every command, its options, the input forms.
    let shown = std::process::Command::new("mandoc")
        .args(["-T", "utf8", "-O", "width=80"])
        .arg(&page)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&shown.stdout).to_string();
    let text = strip_overstrike(&text);
    for expected in [
        "backwalk log [OPTIONS] DURATION [UNIT]",
        "backwalk sync init",
        "--surface S",
        "GLOBAL OPTIONS",
        "Durations",
        "BACKWALK_STORE",
        "EXIT STATUS",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }
    assert!(!text.contains("backwalk merge"), "a hidden command in the page");
}

#[test]
fn the_man_page_renders_with_groff_without_warnings() {
    if !have("groff") {
        return;
    }
    let env = TestEnv::new();
    let page = env.dir.path().join("backwalk.1");
    std::fs::write(&page, env.run(&["man"]).ok()).unwrap();
    let groff = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(groff.status.success(), "{groff:?}");
    assert_eq!(String::from_utf8_lossy(&groff.stderr), "");
}

/// Text without the backspace overstrikes a terminal renderer makes bold
/// and underlined with.
fn strip_overstrike(text: &str) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if chars.peek() == Some(&'\u{8}') {
            chars.next();
            continue;
        }
        out.push(c);
    }
    out.into_iter().collect()
}

#[test]
fn the_due_reminder_example_says_what_cron_lacks_and_stays_whole() {
    let env = TestEnv::new();
    let help = env.run(&["due", "--help"]).ok().to_string();
    assert!(
        help.contains("\n  msg=$(backwalk due) && notify-send backwalk \"$msg\"\n"),
        "{help}"
    );
    // Copied into a crontab as it stood, it found neither a backwalk in
    // ~/.cargo/bin nor the desktop's notifications.
    assert!(
        help.contains("PATH=/usr/bin:/bin") && help.contains("session bus"),
        "{help}"
    );
    let man = env.run(&["man"]).ok().to_string();
    assert!(
        man.contains(".nf\nmsg=$(backwalk due) && notify\\-send backwalk \"$msg\"\n"),
        "the man page keeps the example on one line"
    );
}
