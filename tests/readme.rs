//! Every console example in README.md, run against the binary: README and
//! the tool cannot drift apart.
//!
//! A `console` block holds `$ backwalk ...` lines, each followed by what it
//! prints (stdout, then stderr). The examples run in order against one
//! store, with the clock and zone that the README's hidden directives set:
//!
//! ```text
//! <!-- readme-test: now 2026-11-21T18:30:00+01:00 -->
//! <!-- readme-test: import tests/fixtures/readme.csv -->
//! ```
//!
//! `README_BLESS=1 cargo test --test readme` writes the real output into
//! README.md instead of comparing (then read the diff before committing).

mod common;

use std::path::Path;

use common::TestEnv;

/// Splits a command line as a shell would (quotes, no expansion).
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            (_, c) => word.push(c),
        }
    }
    if started || !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "one pass over the README, example by example"
)]
fn every_console_example_in_the_readme_is_what_the_tool_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let bless = std::env::var_os("README_BLESS").is_some();
    let mut env = TestEnv::new();
    let mut out: Vec<String> = Vec::new();
    let mut lines = readme.lines().peekable();
    let mut examples = 0;
    let mut failures: Vec<String> = Vec::new();
    while let Some(line) = lines.next() {
        out.push(line.to_string());
        if let Some(directive) = line
            .strip_prefix("<!-- readme-test: ")
            .and_then(|rest| rest.strip_suffix(" -->"))
        {
            let (verb, value) = directive.split_once(' ').unwrap_or((directive, ""));
            match verb {
                "now" => {
                    env.at(value);
                }
                "tz" => env.zone = value.to_string(),
                "import" => {
                    let file = root.join(value);
                    env.run(&["import", file.to_str().unwrap()]).ok();
                }
                other => panic!("unknown readme-test directive {other:?}"),
            }
            continue;
        }
        if line.trim() != "```console" {
            continue;
        }
        // A block inside a list item is indented: so are its lines.
        let indent = &line[..line.len() - line.trim_start().len()];
        // One console block: commands and what they print.
        let mut command: Option<String> = None;
        let mut expected: Vec<String> = Vec::new();
        let mut finish = |command: Option<String>, expected: &[String], out: &mut Vec<String>| {
            let Some(command) = command else { return };
            examples += 1;
            let args = words(command.trim_start_matches("$ "));
            assert_eq!(
                args[0], "backwalk",
                "README console examples run backwalk only: {command}"
            );
            let arg_refs: Vec<&str> = args[1..].iter().map(String::as_str).collect();
            // In the store's folder, so files the examples write land there.
            let run = env
                .command()
                .args(&arg_refs)
                .current_dir(env.dir.path())
                .output()
                .unwrap();
            let mut printed: Vec<String> = String::from_utf8_lossy(&run.stdout)
                .lines()
                .map(str::to_string)
                .collect();
            printed.extend(String::from_utf8_lossy(&run.stderr).lines().map(str::to_string));
            if bless {
                out.extend(
                    printed
                        .iter()
                        .map(|p| format!("{indent}{p}").trim_end().to_string()),
                );
            } else {
                out.extend(expected.iter().map(|e| format!("{indent}{e}")));
                if printed != expected {
                    failures.push(format!(
                        "{command}\n--- README says:\n{}\n--- the tool prints:\n{}",
                        expected.join("\n"),
                        printed.join("\n")
                    ));
                }
            }
        };
        for raw in lines.by_ref() {
            let line = raw.strip_prefix(indent).unwrap_or(raw.trim_start());
            if line.trim() == "```" {
                finish(command.take(), &expected, &mut out);
                out.push(raw.to_string());
                break;
            }
            if line.starts_with("$ ") {
                finish(command.take(), &expected, &mut out);
                expected.clear();
                out.push(raw.to_string());
                command = Some(line.to_string());
            } else {
                expected.push(line.to_string());
            }
        }
    }
    assert!(
        examples >= 10,
        "only {examples} console examples found in README.md"
    );
    if bless {
        let mut text = out.join("\n");
        text.push('\n');
        std::fs::write(root.join("README.md"), text).unwrap();
        return;
    }
    assert!(
        failures.is_empty(),
        "README examples differ from the tool:\n\n{}",
        failures.join("\n\n")
    );
}
