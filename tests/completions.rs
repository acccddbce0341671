//! Completion in real shells: the script `backwalk completions SHELL`
//! prints, loaded as a user loads it, and a Tab pressed after a line.
//!
//! bash runs the function its `complete` registered, as a Tab would; fish
//! answers `complete -C LINE`; zsh is an interactive zsh on a pseudo
//! terminal (`tests/shells/zsh-complete.zsh`), with the script autoloaded
//! from `fpath` after `compinit`. A shell that is not installed is said
//! and passed over.

mod common;

use std::path::Path;

use common::{TestEnv, have};

const SURFACES: [&str; 8] = [
    "treadmill",
    "track",
    "grass",
    "sand",
    "trail",
    "pavement",
    "indoor",
    "other",
];

/// A store with three walks, #1 to #3.
fn walks() -> TestEnv {
    let env = TestEnv::new();
    for (duration, at) in [
        ("8", "2026-11-19 07:00"),
        ("6", "2026-11-20 07:00"),
        ("7", "2026-11-21 07:00"),
    ] {
        env.run(&["log", duration, "--at", at]).ok();
    }
    env
}

/// The script for `shell`, written into `dir` under `name`.
fn script(env: &TestEnv, shell: &str, dir: &Path, name: &str) -> std::path::PathBuf {
    let text = env.run(&["completions", shell]).ok().to_string();
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn lines(output: &std::process::Output, shell: &str, line: &str) -> Vec<String> {
    assert!(
        output.status.success(),
        "{shell} on {line:?}: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// What bash offers at the end of `line`.
fn bash(env: &TestEnv, line: &str) -> Vec<String> {
    let script = script(env, "bash", &env.dir.path().join("bash"), "backwalk");
    let mut words: Vec<&str> = line.split_whitespace().collect();
    if line.ends_with(' ') {
        words.push("");
    }
    let output = env
        .with_backwalk_on_path("bash")
        .args(["--norc", "--noprofile", "-c"])
        .arg(
            r#"source "$0"
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMP_TYPE=9
function=$(complete -p backwalk | sed -n 's/.* -F \([^ ]*\) .*/\1/p')
"$function" backwalk "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}""#,
        )
        .arg(&script)
        .args(&words)
        .output()
        .unwrap();
    lines(&output, "bash", line)
}

/// What zsh offers at the end of `line`, at the first Tab of a new shell.
fn zsh(env: &TestEnv, line: &str) -> Vec<String> {
    let fpath = env.dir.path().join("zfunc");
    script(env, "zsh", &fpath, "_backwalk");
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/shells/zsh-complete.zsh");
    // `timeout`: a shell that hangs fails the test instead of holding it.
    let output = env
        .with_backwalk_on_path("timeout")
        .arg("60")
        .args(["zsh", "-f"])
        .arg(driver)
        .arg(&fpath)
        .arg(line)
        .output()
        .unwrap();
    lines(&output, "zsh", line)
}

/// What fish offers at the end of `line`.
fn fish(env: &TestEnv, line: &str) -> Vec<String> {
    let script = script(env, "fish", &env.dir.path().join("fish"), "backwalk.fish");
    let output = env
        .with_backwalk_on_path("fish")
        .args(["--no-config", "-c", "source $argv[1]; complete -C $argv[2]"])
        .arg(&script)
        .arg(line)
        .output()
        .unwrap();
    lines(&output, "fish", line)
}

type Shell = fn(&TestEnv, &str) -> Vec<String>;

/// The shells installed here.
fn shells() -> Vec<(&'static str, Shell)> {
    let all: [(&str, Shell); 3] = [("bash", bash), ("zsh", zsh), ("fish", fish)];
    all.into_iter().filter(|(name, _)| have(name)).collect()
}

#[test]
fn zsh_completes_after_the_duration_as_before_it() {
    if !have("zsh") {
        return;
    }
    let env = walks();
    for line in [
        "backwalk log --surface ",
        "backwalk log 5 --surface ",
        "backwalk log 5 min --surface ",
        "backwalk log 1h 5m --json --surface ",
    ] {
        assert_eq!(zsh(&env, line), SURFACES, "{line}");
    }
    let options = zsh(&env, "backwalk log 5 --");
    for option in ["--surface", "--steps", "--at", "--json", "--store"] {
        assert!(options.contains(&option.to_string()), "{option} in {options:?}");
    }
    assert_eq!(zsh(&env, "backwalk log 5 --surface gr"), ["grass"]);
}

#[test]
fn every_shell_completes_surfaces_after_the_duration() {
    let env = walks();
    for (name, shell) in shells() {
        assert_eq!(shell(&env, "backwalk log 8 --surface "), SURFACES, "{name}");
        assert_eq!(
            shell(&env, "backwalk log 8 min --surface t"),
            ["treadmill", "track", "trail"],
            "{name}"
        );
    }
}

#[test]
fn hidden_commands_are_never_offered() {
    let env = walks();
    for (name, shell) in shells() {
        let commands = shell(&env, "backwalk ");
        for command in ["log", "show", "sync", "man"] {
            assert!(
                commands.contains(&command.to_string()),
                "{name}: {command} in {commands:?}"
            );
        }
        assert!(!commands.contains(&"merge".to_string()), "{name}: {commands:?}");
        assert_eq!(shell(&env, "backwalk me"), Vec::<String>::new(), "{name}");
        assert_eq!(shell(&env, "backwalk m"), ["morning", "man"], "{name}");
    }
}

#[test]
fn walk_ids_are_completed_from_the_store() {
    let env = walks();
    for (name, shell) in shells() {
        for line in ["backwalk show ", "backwalk edit ", "backwalk rm 3 "] {
            let offered = shell(&env, line);
            let ids: Vec<&str> = offered
                .iter()
                .map(String::as_str)
                .filter(|w| !w.starts_with('-'))
                .collect();
            // Newest first, after `last`; fish and bash keep the order given.
            assert_eq!(ids, ["last", "3", "2", "1"], "{name}: {line}");
        }
        assert_eq!(shell(&env, "backwalk show 2"), ["2"], "{name}");
        assert_eq!(shell(&env, "backwalk edit l"), ["last"], "{name}");
    }
}

#[test]
fn ids_come_from_the_store_the_line_names() {
    let env = walks();
    let other = env.dir.path().join("other.json");
    let other = other.to_str().unwrap();
    env.run(&["--store", other, "log", "5", "--at", "2026-11-18 07:00"])
        .ok();
    for (name, shell) in shells() {
        for line in [
            format!("backwalk --store {other} show "),
            format!("backwalk --store={other} rm "),
        ] {
            let offered = shell(&env, &line);
            let ids: Vec<&str> = offered
                .iter()
                .map(String::as_str)
                .filter(|w| !w.starts_with('-'))
                .collect();
            assert_eq!(ids, ["last", "1"], "{name}: {line}");
        }
    }
}

#[test]
fn ids_past_the_most_recent_are_found_by_their_digits() {
    let env = TestEnv::new();
    // 25 walks, one a day: only the latest 20 are offered at once.
    for day in 1..=25 {
        env.run(&["log", "5", "--at", &format!("2026-10-{day:02} 07:00")])
            .ok();
    }
    let offered = fish_or_bash(&env, "backwalk show ");
    assert_eq!(offered.len(), 21, "{offered:?}");
    assert_eq!(offered[1], "25");
    assert_eq!(fish_or_bash(&env, "backwalk show 3"), ["3"]);
    // (In fish, # starts a comment.)
    let hashed: Vec<String> = bash(&env, "backwalk show #2")
        .into_iter()
        .filter(|w| !w.starts_with("--"))
        .collect();
    assert_eq!(hashed, ["#25", "#24", "#23", "#22", "#21", "#20", "#2"]);
}

/// The id candidates from whichever of fish and bash is here (bash is).
fn fish_or_bash(env: &TestEnv, line: &str) -> Vec<String> {
    let shell: Shell = if have("fish") { fish } else { bash };
    shell(env, line)
        .into_iter()
        .filter(|w| !w.starts_with("--"))
        .collect()
}
