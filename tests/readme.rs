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

/// The lines of the first fenced block after the README paragraph that
/// starts with `lead`.
fn block_after(lead: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let from = readme
        .find(&format!("\n{lead}"))
        .unwrap_or_else(|| panic!("README has no paragraph starting {lead:?}"));
    readme[from..]
        .lines()
        .skip_while(|line| !line.starts_with("```"))
        .skip(1)
        .take_while(|line| !line.starts_with("```"))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_readme_prompt_shows_a_due_walk_and_keeps_the_last_exit_status() {
    if !common::have("bash") {
        return;
    }
    let snippet = block_after("A shell prompt").join("\n");
    let env = TestEnv::new();
    let prompt = || {
        let script = format!("PS1='[$?] '\n{snippet}\nfalse\nprintf '%s' \"${{PS1@P}}\"");
        let output = env
            .with_backwalk_on_path("bash")
            .args(["--norc", "--noprofile", "-c", &script])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert_eq!(
        prompt(),
        "[walk today: 5m to go] [1] ",
        "the reminder, then the prompt's own $? (false's 1)"
    );
    env.run(&["log", "5"]).ok();
    assert_eq!(prompt(), "[1] ", "nothing due once the target is met");
}

/// Runs a reminder's shell command as cron or a systemd user unit runs
/// it: a bare environment (`HOME`, the `PATH` given) where backwalk sits
/// in `~/.cargo/bin`, as `cargo install` puts it, and is not on that
/// `PATH`; a `notify-send` in `tools`, standing for the system's, writes
/// down its arguments and the session bus it was given. Returns them, or
/// `None` when nothing was sent.
fn remind(env: &TestEnv, command: &str, path: &str) -> Option<Vec<String>> {
    use std::os::unix::fs::PermissionsExt;
    let home = env.dir.path();
    let cargo_bin = home.join(".cargo/bin");
    std::fs::create_dir_all(&cargo_bin).unwrap();
    let installed = cargo_bin.join("backwalk");
    if !installed.exists() {
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_backwalk"), &installed).unwrap();
    }
    let tools = home.join("tools");
    std::fs::create_dir_all(&tools).unwrap();
    let notify = tools.join("notify-send");
    std::fs::write(
        &notify,
        "#!/bin/sh\nprintf '%s\\n' \"$DBUS_SESSION_BUS_ADDRESS\" \"$@\" > \"$HOME/notified\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&notify, std::fs::Permissions::from_mode(0o755)).unwrap();
    let notified = home.join("notified");
    let _ = std::fs::remove_file(&notified);
    std::process::Command::new("/bin/sh")
        .args(["-c", command])
        .env_clear()
        .env("HOME", home)
        .env("LOGNAME", "walker")
        .env("SHELL", "/bin/sh")
        .env("PATH", format!("{}:{path}", tools.display()))
        .env("BACKWALK_STORE", env.store())
        .env("BACKWALK_NOW", &env.now)
        .env("TZ", &env.zone)
        .status()
        .unwrap();
    std::fs::read_to_string(&notified)
        .ok()
        .map(|text| text.lines().map(str::to_string).collect())
}

#[test]
fn the_readme_cron_line_reminds_from_crons_own_environment() {
    let env = TestEnv::new();
    let block = block_after("A cron line");
    let line = block
        .iter()
        .find(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .unwrap();
    // Five time fields, then the command cron hands to /bin/sh.
    let command = line.splitn(6, ' ').nth(5).unwrap();
    let sent = remind(&env, command, "/usr/bin:/bin").expect("a walk is due: a reminder");
    assert!(
        sent[0].starts_with("unix:path=/run/user/") && sent[0].ends_with("/bus"),
        "notify-send needs the session bus: {sent:?}"
    );
    assert_eq!(sent[1..], ["backwalk", "walk today: 5m to go"]);
    env.run(&["log", "5"]).ok();
    assert_eq!(remind(&env, command, "/usr/bin:/bin"), None, "nothing due");
}

#[test]
fn the_readme_systemd_service_finds_backwalk() {
    let env = TestEnv::new();
    let block = block_after("The same as a systemd user timer");
    // The user manager's own PATH, unless the unit sets one.
    let mut path = "/usr/local/bin:/usr/bin:/bin".to_string();
    let mut command = None;
    for line in &block {
        if let Some(value) = line.strip_prefix("Environment=PATH=") {
            path = value.replace("%h", env.dir.path().to_str().unwrap());
        }
        if let Some(exec) = line.strip_prefix("ExecStart=/bin/sh -c '") {
            // systemd passes the quoted word on, `$$` as `$`.
            command = Some(exec.strip_suffix('\'').unwrap().replace("$$", "$"));
        }
    }
    let command = command.expect("an ExecStart running /bin/sh -c '…'");
    let sent = remind(&env, &command, &path).expect("a walk is due: a reminder");
    assert_eq!(sent[1..], ["backwalk", "walk today: 5m to go"]);
    env.run(&["log", "5"]).ok();
    assert_eq!(remind(&env, &command, &path), None, "nothing due");
}
