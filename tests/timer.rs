//! The timers: `start`/`stop`/`cancel` kept in the store, and the live
//! `timer` driven as a person would, in a pseudo-terminal and through pipes.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{NOW, TestEnv};
use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};
use serde_json::Value;

// ---------------------------------------------------------------------
// start / stop / cancel
// ---------------------------------------------------------------------

#[test]
fn stop_logs_the_measured_walk_and_prints_todays_progress() {
    let mut env = TestEnv::new();
    let started = env.run(&["start", "--surface", "grass", "--note", "park loop"]);
    assert!(started.ok().contains("18:30"), "{}", started.stdout);
    assert!(started.stdout.contains("grass"), "{}", started.stdout);

    let stopped = env
        .at("2026-11-21T18:37:30+01:00")
        .run(&["stop", "--steps", "250"]);
    let text = stopped.ok();
    assert!(text.contains("7m30s"), "{text}");
    assert!(text.contains("250 steps"), "{text}");
    assert!(text.lines().any(|line| line.starts_with("today 7m30s")), "{text}");

    let sessions = env.sessions();
    assert_eq!(sessions.len(), 1);
    let session = &sessions[0];
    assert_eq!(session["start"], NOW);
    assert_eq!(session["end"], "2026-11-21T18:37:30+01:00");
    assert_eq!(session["duration_seconds"], 450);
    assert_eq!(session["steps"], 250);
    assert_eq!(session["surface"], "grass");
    assert_eq!(session["note"], "park loop");
    assert_eq!(env.run(&["--json", "status"]).json()["timer"], Value::Null);
}

#[test]
fn start_and_stop_print_json() {
    let mut env = TestEnv::new();
    let timer = env.run(&["--json", "start", "--surface", "track"]).json();
    assert_eq!(timer["start"], NOW);
    assert_eq!(timer["surface"], "track");
    assert_eq!(timer["note"], Value::Null);

    let session = env
        .at("2026-11-21T18:36:00+01:00")
        .run(&["--json", "stop"])
        .json();
    for key in common::SESSION_KEYS {
        assert!(session.get(key).is_some(), "no {key} in {session}");
    }
    assert_eq!(session["duration_seconds"], 360);
    assert_eq!(session["minutes"], 6.0);
    assert_eq!(session["steps"], Value::Null);
    assert_eq!(session["surface"], "track");
}

#[test]
fn the_note_given_to_stop_replaces_the_one_given_to_start() {
    let mut env = TestEnv::new();
    env.run(&["start", "--note", "before"]).ok();
    let session = env
        .at("2026-11-21T18:40:00+01:00")
        .run(&["--json", "stop", "--note", "after"])
        .json();
    assert_eq!(session["note"], "after");
}

#[test]
fn start_uses_the_last_surface_unless_told() {
    let env = TestEnv::new();
    env.run(&["log", "6", "--surface", "sand"]).ok();
    assert_eq!(env.run(&["--json", "start"]).json()["surface"], "sand");
}

#[test]
fn status_and_today_show_the_running_timer() {
    let mut env = TestEnv::new();
    env.run(&["start", "--surface", "grass"]).ok();
    env.at("2026-11-21T18:32:05+01:00");

    for command in ["status", "today"] {
        let day = env.run(&["--json", command]).json();
        assert_eq!(
            day["timer"],
            serde_json::json!({ "start": NOW, "surface": "grass", "elapsed_seconds": 125 }),
            "{command}"
        );
        assert_eq!(day["sessions"], 0, "{command}: a running timer is no session yet");
    }
    let status = env.run(&["status"]);
    assert!(status.ok().contains("timer 02:05 grass"), "{}", status.stdout);
    let today = env.run(&["today"]);
    assert!(today.ok().contains("running since 18:30"), "{}", today.stdout);
}

#[test]
fn without_a_timer_status_and_today_say_null() {
    let env = TestEnv::new();
    assert_eq!(env.run(&["--json", "status"]).json()["timer"], Value::Null);
    assert_eq!(env.run(&["--json", "today"]).json()["timer"], Value::Null);
}

#[test]
fn cancel_drops_the_timer_and_logs_nothing() {
    let mut env = TestEnv::new();
    env.run(&["start", "--surface", "grass", "--note", "rain"]).ok();
    let cancelled = env
        .at("2026-11-21T18:35:00+01:00")
        .run(&["--json", "cancel"])
        .json();
    assert_eq!(
        cancelled,
        serde_json::json!({ "cancelled": { "start": NOW, "surface": "grass", "note": "rain" } })
    );
    assert!(env.sessions().is_empty());
    assert_eq!(env.run(&["--json", "status"]).json()["timer"], Value::Null);

    env.run(&["start"]).ok();
    let text = env.run(&["cancel"]);
    assert!(text.ok().contains("nothing was logged"), "{}", text.stdout);
}

#[test]
fn starting_twice_is_refused_and_changes_nothing() {
    let mut env = TestEnv::new();
    env.run(&["start", "--surface", "grass"]).ok();
    let before = env.store_bytes();
    let error = env
        .at("2026-11-21T18:40:00+01:00")
        .run(&["start", "--surface", "sand"]);
    let message = error.fails(1);
    assert!(message.contains("already running"), "{message}");
    assert!(
        message.contains("backwalk stop") && message.contains("backwalk cancel"),
        "{message}"
    );
    assert_eq!(env.store_bytes(), before);
    assert_eq!(env.run(&["--json", "status"]).json()["timer"]["surface"], "grass");
}

#[test]
fn stop_or_cancel_without_a_timer_is_refused_and_changes_nothing() {
    // On a store that does not exist yet, and on one with a session.
    let env = TestEnv::new();
    for command in ["stop", "cancel"] {
        let message = env.run(&[command]).fails(1).to_string();
        assert!(message.contains("no timer is running"), "{message}");
        assert!(env.store_bytes().is_empty(), "{command} wrote a store");
    }
    env.run(&["log", "6"]).ok();
    let before = env.store_bytes();
    for command in ["stop", "cancel"] {
        env.run(&[command]).fails(1);
        assert_eq!(env.store_bytes(), before, "{command} changed the store");
    }
    env.run(&["stop", "--steps", "12"]).fails(1);
    assert_eq!(env.store_bytes(), before);
}

#[test]
fn stop_with_a_bad_step_count_is_exit_2_and_keeps_the_timer() {
    let mut env = TestEnv::new();
    env.run(&["start"]).ok();
    let before = env.store_bytes();
    env.at("2026-11-21T18:40:00+01:00");
    for bad in ["-1", "lots", "100001"] {
        env.run(&["stop", "--steps", bad]).fails(2);
    }
    assert_eq!(env.store_bytes(), before);
    assert!(env.run(&["--json", "status"]).json()["timer"].is_object());
}

#[test]
fn stop_under_a_second_logs_nothing() {
    let env = TestEnv::new();
    env.run(&["start"]).ok();
    let before = env.store_bytes();
    let message = env.run(&["stop"]).fails(1).to_string();
    assert!(message.contains("less than a second"), "{message}");
    assert_eq!(env.store_bytes(), before);
}

#[test]
fn a_timer_left_running_over_24_hours_is_refused_by_stop() {
    let mut env = TestEnv::new();
    env.run(&["start"]).ok();
    let before = env.store_bytes();
    let message = env
        .at("2026-11-22T18:30:01+01:00")
        .run(&["stop"])
        .fails(1)
        .to_string();
    assert!(message.contains("24 hours"), "{message}");
    assert!(message.contains("backwalk cancel"), "{message}");
    assert!(
        message.contains("backwalk log") && message.contains("--at"),
        "{message}"
    );
    assert_eq!(env.store_bytes(), before);

    // The way out it suggests works.
    env.run(&["cancel"]).ok();
    env.run(&["log", "8", "--at", "2026-11-21 18:30"]).ok();
    assert_eq!(env.sessions().len(), 1);
}

#[test]
fn exactly_24_hours_is_still_a_walk() {
    let mut env = TestEnv::new();
    env.run(&["start"]).ok();
    let session = env
        .at("2026-11-22T18:30:00+01:00")
        .run(&["--json", "stop"])
        .json();
    assert_eq!(session["duration_seconds"], 86_400);
}

#[test]
fn a_walk_across_midnight_belongs_to_the_day_it_started() {
    let mut env = TestEnv::new();
    env.at("2026-11-21T23:50:00+01:00").run(&["start"]).ok();
    env.at("2026-11-22T00:10:00+01:00").run(&["stop"]).ok();
    let day = env.run(&["--json", "today", "--date", "2026-11-21"]).json();
    assert_eq!(day["sessions"], 1);
    assert_eq!(day["entries"][0]["duration_seconds"], 1200);
    assert_eq!(env.run(&["--json", "today"]).json()["sessions"], 0);
}

#[test]
fn undo_after_stop_runs_the_timer_again() {
    let mut env = TestEnv::new();
    env.run(&["start", "--surface", "grass", "--note", "park"]).ok();
    let first = env
        .at("2026-11-21T18:37:30+01:00")
        .run(&["--json", "stop", "--steps", "250"])
        .json();
    assert_eq!(first["id"], 1);

    env.run(&["undo"]).ok();
    assert!(env.sessions().is_empty());
    let timer = env.run(&["--json", "status"]).json()["timer"].clone();
    assert_eq!(timer["start"], NOW);
    assert_eq!(timer["surface"], "grass");
    assert_eq!(timer["elapsed_seconds"], 450);

    // It keeps running: a later stop measures from the original start,
    // keeps the note, and gets a new id.
    let again = env
        .at("2026-11-21T18:40:00+01:00")
        .run(&["--json", "stop"])
        .json();
    assert_eq!(again["id"], 2);
    assert_eq!(again["start"], NOW);
    assert_eq!(again["duration_seconds"], 600);
    assert_eq!(again["note"], "park");
}

// ---------------------------------------------------------------------
// the live `timer`: shared helpers
// ---------------------------------------------------------------------

/// Generous: these wait on output, never on the clock.
const PATIENCE: Duration = Duration::from_secs(15);

/// The live timer with the test environment and a terminal type.
fn live(env: &TestEnv, args: &[&str]) -> Command {
    let mut command = env.std_command();
    command.env("TERM", "xterm").args(args);
    command
}

/// A program in a pseudo-terminal, and everything it has shown so far.
struct Terminal {
    session: PtySession,
    /// Raw bytes as the terminal received them.
    shown: Vec<u8>,
}

impl Terminal {
    fn spawn(command: Command) -> Terminal {
        let session = spawn_command(command, Some(PATIENCE.as_millis() as u64)).expect("spawns in a pty");
        Terminal {
            session,
            shown: Vec::new(),
        }
    }

    /// rexpect hands bytes over one `char` each.
    fn keep(&mut self, text: &str) {
        self.shown.extend(text.chars().map(|c| c as u32 as u8));
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.shown).into_owned()
    }

    #[track_caller]
    fn wait_for(&mut self, text: &str) {
        match self.session.exp_string(text) {
            Ok(before) => {
                self.keep(&before);
                self.keep(text);
            }
            Err(e) => panic!("waiting for {text:?}: {e}\nshown so far: {:?}", self.screen()),
        }
    }

    #[track_caller]
    fn wait_for_regex(&mut self, pattern: &str) {
        match self.session.exp_regex(pattern) {
            Ok((before, found)) => {
                self.keep(&before);
                self.keep(&found);
            }
            Err(e) => panic!("waiting for /{pattern}/: {e}\nshown so far: {:?}", self.screen()),
        }
    }

    /// The elapsed clock at the start of the live line (the target's
    /// clock is on the same line, so a bare `00:01` is not enough).
    #[track_caller]
    fn wait_for_elapsed(&mut self, clock: &str) {
        self.wait_for_regex(&format!(r"\x1b\[2K  (\x1b\[1m)?{clock}"));
    }

    fn type_line(&mut self, line: &str) {
        self.session.send_line(line).expect("types");
    }

    fn ctrl_c(&mut self) {
        self.session.send_control('c').expect("sends Ctrl-C");
    }

    /// Waits for the program to end: its exit code and all it showed.
    #[track_caller]
    fn finish(mut self) -> (i32, String) {
        match self.session.exp_eof() {
            Ok(rest) => self.keep(&rest),
            Err(e) => panic!("waiting for the end: {e}\nshown so far: {:?}", self.screen()),
        }
        let code = match self.session.process().wait() {
            Ok(WaitStatus::Exited(_, code)) => code,
            other => panic!("did not exit normally: {other:?}\nshown: {:?}", self.screen()),
        };
        (code, self.screen())
    }
}

/// What a person reads: escape sequences and the bell removed, split on
/// carriage returns and newlines (each piece is drawn from column 0).
fn visible_lines(screen: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut chars = screen.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for c in chars.by_ref() {
                        if ('\x40'..='\x7e').contains(&c) {
                            break;
                        }
                    }
                }
            }
            '\x07' => {}
            _ => plain.push(c),
        }
    }
    plain.split(['\r', '\n']).map(str::to_string).collect()
}

#[track_caller]
fn assert_fits_80_columns(screen: &str) {
    for line in visible_lines(screen) {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line:?}");
    }
}

/// The terminal is left with the cursor shown.
#[track_caller]
fn assert_cursor_restored(screen: &str) {
    let shown = screen
        .rfind("\x1b[?25h")
        .unwrap_or_else(|| panic!("cursor never shown again: {screen:?}"));
    if let Some(hidden) = screen.rfind("\x1b[?25l") {
        assert!(hidden < shown, "cursor left hidden: {screen:?}");
    }
}

// ---------------------------------------------------------------------
// the live `timer` in a terminal
// ---------------------------------------------------------------------

#[test]
fn live_timer_in_a_terminal_stops_on_enter_and_asks_for_steps() {
    let env = TestEnv::new();
    let mut terminal = Terminal::spawn(live(&env, &["timer", "--target", "1s", "--surface", "grass"]));
    terminal.wait_for("Timing a backward walk on grass, target 1s. Enter or Ctrl-C stops it.");
    terminal.wait_for("target of 1s reached");
    // Keep walking past the target: the bell must not ring again.
    terminal.wait_for_elapsed("00:02");
    terminal.type_line("");
    terminal.wait_for("Steps (Enter to skip): ");
    terminal.type_line("lots");
    terminal.wait_for("'lots' is not a step count");
    terminal.wait_for("Steps (Enter to skip): ");
    terminal.type_line("250");
    terminal.wait_for("Logged");
    let (code, screen) = terminal.finish();

    assert_eq!(code, 0, "{screen:?}");
    assert_eq!(
        screen.matches('\x07').count(),
        1,
        "the bell rings once: {screen:?}"
    );
    assert!(screen.contains("today "), "today's progress follows: {screen:?}");
    assert_cursor_restored(&screen);
    // The pty does not echo what is typed; a terminal would end the
    // prompt's line with the answer and Enter.
    assert_fits_80_columns(&screen.replace("Steps (Enter to skip): ", "Steps (Enter to skip):\n"));

    let sessions = env.sessions();
    assert_eq!(sessions.len(), 1, "{screen:?}");
    let session = &sessions[0];
    assert_eq!(session["start"], NOW, "the start comes from BACKWALK_NOW");
    assert!(session["duration_seconds"].as_u64().unwrap() >= 2, "{session}");
    assert_eq!(session["steps"], 250);
    assert_eq!(session["surface"], "grass");
}

#[test]
fn live_timer_in_a_terminal_stops_on_ctrl_c_and_a_second_one_skips_the_steps() {
    let env = TestEnv::new();
    let mut terminal = Terminal::spawn(live(&env, &["timer"]));
    // A new user's target is the plan's first one: 5 minutes.
    terminal.wait_for("target 5m.");
    terminal.wait_for("00:01");
    terminal.ctrl_c();
    terminal.wait_for("Stopped at 00:0");
    terminal.wait_for("Steps (Enter to skip): ");
    terminal.ctrl_c();
    terminal.wait_for("Logged");
    let (code, screen) = terminal.finish();

    assert_eq!(code, 0, "{screen:?}");
    assert!(screen.contains("\x1b[?25h"), "cursor shown again: {screen:?}");
    assert_cursor_restored(&screen);
    assert!(!screen.contains("\x07"), "no bell before the target: {screen:?}");
    assert_fits_80_columns(&screen);

    let sessions = env.sessions();
    assert_eq!(sessions.len(), 1, "{screen:?}");
    assert!(sessions[0]["duration_seconds"].as_u64().unwrap() >= 1);
    assert_eq!(sessions[0]["steps"], Value::Null);
}

#[test]
fn live_timer_in_a_terminal_takes_an_empty_answer_as_no_steps() {
    let env = TestEnv::new();
    let mut terminal = Terminal::spawn(live(&env, &["timer", "--target", "10m"]));
    terminal.wait_for("00:01");
    terminal.ctrl_c();
    terminal.wait_for("Steps (Enter to skip): ");
    terminal.type_line("");
    terminal.wait_for("Logged");
    let (code, screen) = terminal.finish();
    assert_eq!(code, 0, "{screen:?}");
    assert_cursor_restored(&screen);
    let sessions = env.sessions();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["steps"], Value::Null);
}

// ---------------------------------------------------------------------
// the live `timer` through pipes
// ---------------------------------------------------------------------

/// The timer with piped streams: stderr arrives line by line.
struct Piped {
    child: std::process::Child,
    stderr: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Piped {
    fn spawn(mut command: Command) -> Piped {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        let (sender, stderr) = mpsc::channel();
        let pipe = child.stderr.take().expect("stderr piped");
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { return };
                if sender.send(line).is_err() {
                    return;
                }
            }
        });
        Piped {
            child,
            stderr,
            seen: Vec::new(),
        }
    }

    #[track_caller]
    fn wait_for_line(&mut self, text: &str) {
        loop {
            match self.stderr.recv_timeout(PATIENCE) {
                Ok(line) => {
                    let found = line.contains(text);
                    self.seen.push(line);
                    if found {
                        return;
                    }
                }
                Err(e) => panic!("waiting for {text:?} on stderr: {e}\nseen: {:?}", self.seen),
            }
        }
    }

    /// Ends input with `text` (none: just closes stdin), then waits for
    /// the program: exit code, stdout, and all of stderr.
    fn finish(mut self, text: Option<&str>) -> (i32, String, String) {
        let mut stdin = self.child.stdin.take().expect("stdin piped");
        if let Some(text) = text {
            stdin.write_all(text.as_bytes()).expect("writes stdin");
            stdin.flush().expect("flushes stdin");
        }
        drop(stdin);
        let output = self.child.wait_with_output().expect("waits");
        while let Ok(line) = self.stderr.recv_timeout(PATIENCE) {
            self.seen.push(line);
        }
        let stderr = self.seen.join("\n");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr,
        )
    }
}

#[test]
fn live_timer_without_a_terminal_prints_plain_lines_and_stops_on_a_line() {
    let env = TestEnv::new();
    let mut timer = Piped::spawn(live(&env, &["timer", "--target", "1s", "--surface", "track"]));
    timer.wait_for_line("Timing a backward walk on track, target 1s.");
    // The target line comes after a second: the wait is on the program.
    timer.wait_for_line("target of 1s reached");
    let (code, stdout, stderr) = timer.finish(Some("\n"));

    assert_eq!(code, 0, "stdout: {stdout}\nstderr: {stderr}");
    assert!(
        !stdout.contains('\x1b') && !stderr.contains('\x1b'),
        "escape codes: {stdout:?} {stderr:?}"
    );
    assert!(
        !stdout.contains('\x07') && !stderr.contains('\x07'),
        "a bell: {stdout:?} {stderr:?}"
    );
    assert!(
        !stderr.contains("Steps"),
        "no question without a terminal: {stderr}"
    );
    assert!(
        stdout.starts_with("Logged #1"),
        "stdout carries only the result: {stdout:?}"
    );
    assert!(
        stdout
            .lines()
            .nth(1)
            .is_some_and(|line| line.starts_with("today ")),
        "{stdout:?}"
    );
    assert_eq!(stdout.lines().count(), 2, "{stdout:?}");

    let sessions = env.sessions();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["start"], NOW);
    assert!(sessions[0]["duration_seconds"].as_u64().unwrap() >= 1);
    assert_eq!(sessions[0]["steps"], Value::Null);
    assert_eq!(sessions[0]["surface"], "track");
}

#[test]
fn live_timer_json_prints_the_logged_session_when_input_ends() {
    let env = TestEnv::new();
    let mut timer = Piped::spawn(live(
        &env,
        &["--json", "timer", "--target", "1s", "--surface", "sand"],
    ));
    timer.wait_for_line("target of 1s reached");
    let (code, stdout, stderr) = timer.finish(None);

    assert_eq!(code, 0, "stderr: {stderr}");
    let session: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"));
    assert_eq!(session["id"], 1);
    assert_eq!(session["start"], NOW);
    assert_eq!(session["surface"], "sand");
    assert!(session["duration_seconds"].as_u64().unwrap() >= 1);
    assert_eq!(env.sessions(), vec![session]);
}

#[test]
fn live_timer_stopped_under_a_second_logs_nothing() {
    let env = TestEnv::new();
    let run = env.run_with_stdin(&["timer"], "");
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].contains("less than a second") && errors[0].contains("nothing was logged"),
        "{}",
        errors[0]
    );
    assert!(!run.stderr.contains('\x1b'), "{:?}", run.stderr);
    // The default target for a new user, and how to stop without a terminal.
    assert!(
        run.stderr.contains("target 5m. A line or EOF stops it."),
        "{}",
        run.stderr
    );
    assert!(env.store_bytes().is_empty(), "a store was written");
}

#[test]
fn live_timer_defaults_to_the_plans_current_target() {
    let env = TestEnv::new();
    // Three days at the 5-minute target raise it to 6 minutes.
    for day in ["2026-11-17", "2026-11-18", "2026-11-19"] {
        env.run(&["log", "5", "--at", day]).ok();
    }
    assert_eq!(env.run(&["--json", "plan"]).json()["target_minutes"], 6);
    let before = env.store_bytes();
    let run = env.run_with_stdin(&["timer"], "");
    assert!(run.stderr.contains("target 6m."), "{}", run.stderr);
    assert_eq!(run.code, 1);
    assert_eq!(env.store_bytes(), before);
}

#[test]
fn live_timer_rejects_bad_arguments_with_exit_2() {
    let env = TestEnv::new();
    for args in [
        ["timer", "--target", "0"],
        ["timer", "--target", "abc"],
        ["timer", "--surface", "moon"],
    ] {
        env.run_with_stdin(&args, "").fails(2);
    }
    assert!(env.store_bytes().is_empty());
}

#[test]
fn live_timer_banner_fits_80_columns_with_the_longest_names() {
    let env = TestEnv::new();
    let run = env.run_with_stdin(&["timer", "--target", "23h59m59s", "--surface", "treadmill"], "");
    let banner = run.stderr.lines().next().unwrap_or_default();
    assert!(
        banner.starts_with("Timing a backward walk on treadmill"),
        "{}",
        run.stderr
    );
    assert_fits_80_columns(&run.stderr);
}

#[test]
fn undo_of_a_stop_never_replaces_a_timer_started_since() {
    let mut env = TestEnv::new();
    env.run(&["start", "--surface", "grass"]).ok();
    env.at("2026-11-21T18:37:30+01:00").run(&["stop"]).ok();
    env.at("2026-11-21T18:40:00+01:00")
        .run(&["start", "--surface", "sand"])
        .ok();
    let before = env.store_bytes();
    let message = env.run(&["undo"]).fails(1).to_string();
    assert!(message.contains("running"), "{message}");
    assert_eq!(
        env.store_bytes(),
        before,
        "the new timer and the logged walk are kept"
    );

    // Once that timer is dealt with, the stop can be undone.
    env.run(&["cancel"]).ok();
    env.run(&["undo"]).ok();
    assert!(env.sessions().is_empty());
    assert_eq!(env.run(&["--json", "status"]).json()["timer"]["surface"], "grass");
}
