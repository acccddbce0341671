//! The timers: `start`/`stop`/`cancel` kept in the store (a forgotten one
//! included), and the live `timer` driven as a person would, in a
//! pseudo-terminal and through pipes; and the question an unusual walk
//! gets on a terminal.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{NOW, SESSION_KEYS, TestEnv, assert_fits_80};
use rexpect::process::Signal;
use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};
use serde_json::{Value, json};

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
        .run(&["stop", "--steps", "250", "--pain", "2"]);
    let text = stopped.ok();
    assert!(text.contains("7m30s"), "{text}");
    assert!(text.contains("250 steps"), "{text}");
    assert!(text.contains("pain 2"), "{text}");
    assert!(text.lines().any(|line| line.starts_with("today 7m30s")), "{text}");

    let sessions = env.sessions();
    assert_eq!(sessions.len(), 1);
    let session = &sessions[0];
    assert_eq!(session["start"], NOW);
    assert_eq!(session["end"], "2026-11-21T18:37:30+01:00");
    assert_eq!(session["duration_seconds"], 450);
    assert_eq!(session["steps"], 250);
    assert_eq!(session["pain"], 2);
    assert_eq!(session["surface"], "grass");
    assert_eq!(session["note"], "park loop");
    assert_eq!(env.run(&["--json", "status"]).json()["timer"], Value::Null);
}

#[test]
fn start_stop_and_cancel_print_json() {
    let mut env = TestEnv::new();
    let timer = env.run(&["--json", "start", "--surface", "track"]).json();
    assert_eq!(timer, json!({ "start": NOW, "surface": "track", "note": null }));

    let session = env
        .at("2026-11-21T18:36:00+01:00")
        .run(&["--json", "stop", "--note", "after"])
        .json();
    let keys: Vec<&str> = session.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys.iter().copied().collect::<std::collections::BTreeSet<_>>(),
        SESSION_KEYS.into()
    );
    assert_eq!(session["duration_seconds"], 360);
    assert_eq!(session["minutes"], 6.0);
    assert_eq!(session["steps"], Value::Null);
    assert_eq!(session["pain"], Value::Null);
    assert_eq!(session["surface"], "track");
    assert_eq!(session["note"], "after", "stop's note replaces start's");

    env.run(&["start", "--surface", "grass", "--note", "rain"]).ok();
    let cancelled = env
        .at("2026-11-21T18:40:00+01:00")
        .run(&["--json", "cancel"])
        .json();
    assert_eq!(
        cancelled,
        json!({ "cancelled": {
            "start": "2026-11-21T18:36:00+01:00",
            "surface": "grass",
            "note": "rain"
        } })
    );
    assert_eq!(env.sessions().len(), 1, "cancel logs nothing");
    env.run(&["start"]).ok();
    let text = env.run(&["cancel"]);
    assert!(text.ok().contains("nothing was logged"), "{}", text.stdout);
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
            json!({ "start": NOW, "surface": "grass", "elapsed_seconds": 125, "forgotten": false }),
            "{command}"
        );
        assert_eq!(day["sessions"], 0, "{command}: a running timer is no session yet");
    }
    let status = env.run(&["status"]);
    assert!(
        status.ok().starts_with("timer 2m05s grass ·"),
        "{}",
        status.stdout
    );
    let today = env.run(&["today"]);
    assert!(today.ok().contains("running since"), "{}", today.stdout);
    assert!(today.stdout.contains("2m05s"), "{}", today.stdout);
    assert!(!today.stdout.contains("forgotten"), "{}", today.stdout);
}

#[test]
fn starting_twice_or_stopping_none_is_refused_and_changes_nothing() {
    let mut env = TestEnv::new();
    for command in ["stop", "cancel"] {
        let message = env.run(&[command]).fails(1).to_string();
        assert!(message.contains("no timer is running"), "{message}");
        assert!(env.store_bytes().is_empty(), "{command} wrote a store");
    }
    env.run(&["log", "6", "--at", "07:00"]).ok();
    let before = env.store_bytes();
    for args in [&["stop"][..], &["cancel"], &["stop", "--steps", "12"]] {
        env.run(args).fails(1);
        assert_eq!(env.store_bytes(), before, "{args:?} changed the store");
    }

    env.run(&["start", "--surface", "grass"]).ok();
    let before = env.store_bytes();
    let message = env
        .at("2026-11-21T18:40:00+01:00")
        .run(&["start", "--surface", "sand"])
        .fails(1)
        .to_string();
    assert!(message.contains("already running"), "{message}");
    assert!(
        message.contains("backwalk stop") && message.contains("backwalk cancel"),
        "{message}"
    );
    assert_eq!(env.store_bytes(), before);
}

#[test]
fn stop_with_a_bad_value_is_exit_2_and_keeps_the_timer() {
    let mut env = TestEnv::new();
    env.run(&["start"]).ok();
    let before = env.store_bytes();
    env.at("2026-11-21T18:40:00+01:00");
    for args in [
        &["stop", "--steps", "-1"][..],
        &["stop", "--steps", "lots"],
        &["stop", "--steps", "100001"],
        &["stop", "--pain", "11"],
        &["stop", "--at", "tomorrow"],
        &["stop", "--at", "18:29"],
        &["stop", "--at", "18:41"],
        &["stop", "--at", "yesterday"],
        &["stop", "--duration", "10m1s"],
        &["stop", "--duration", "0"],
        &["stop", "--at", "18:35", "--duration", "5m"],
    ] {
        env.run(args).fails(2);
        assert_eq!(env.store_bytes(), before, "{args:?} wrote");
    }
    assert!(env.run(&["--json", "status"]).json()["timer"].is_object());
}

#[test]
fn stop_at_and_stop_duration_say_when_the_walk_really_ended() {
    let mut env = TestEnv::new();
    env.at("2026-11-21T09:00:00+01:00")
        .run(&["start", "--surface", "grass"])
        .ok();
    env.at(NOW);
    let session = env.run(&["--json", "stop", "--at", "09:25"]).json();
    assert_eq!(session["start"], "2026-11-21T09:00:00+01:00");
    assert_eq!(session["duration_seconds"], 25 * 60);
    // Undoing the stop restores the running timer; then --duration.
    env.run(&["undo"]).ok();
    let session = env.run(&["--json", "stop", "--duration", "12m"]).json();
    assert_eq!(session["start"], "2026-11-21T09:00:00+01:00");
    assert_eq!(session["end"], "2026-11-21T09:12:00+01:00");
    assert_eq!(session["duration_seconds"], 720);
    assert_eq!(ids(&env.sessions()), [2], "the undone stop's id is not reused");
}

fn ids(sessions: &[Value]) -> Vec<u64> {
    sessions.iter().map(|s| s["id"].as_u64().unwrap()).collect()
}

#[test]
fn a_forgotten_timer_is_marked_and_its_way_out_shown() {
    let mut env = TestEnv::new();
    // Started on Saturday morning, still running on Sunday.
    env.at("2026-11-21T09:00:00+01:00")
        .run(&["start", "--surface", "treadmill"])
        .ok();
    env.at("2026-11-22T08:00:00+01:00");

    let line = env.run(&["status"]).ok().to_string();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.contains("forgotten?"), "{line}");
    assert!(line.starts_with("timer 23h00m treadmill"), "{line}");
    assert_fits_80("status", &line);
    let status = env.run(&["--json", "status"]).json();
    assert_eq!(
        status["timer"],
        json!({
            "start": "2026-11-21T09:00:00+01:00",
            "surface": "treadmill",
            "elapsed_seconds": 23 * 3600,
            "forgotten": true
        })
    );
    let today = env.run(&["today"]).ok().to_string();
    assert!(today.contains("backwalk stop --at WHEN"), "{today}");
    assert!(today.contains("backwalk stop --duration D"), "{today}");
    assert_fits_80("today", &today);

    // Stopping it as it is would log a 23-hour walk: unusual, and the
    // refusal names the ways to say when it really ended.
    let before = env.store_bytes();
    let stderr = env.run(&["stop"]).fails(2).to_string();
    for words in ["unusual", "--at WHEN", "--duration D", "--force"] {
        assert!(stderr.contains(words), "{words}: {stderr}");
    }
    assert_eq!(env.store_bytes(), before);

    let session = env.run(&["--json", "stop", "--at", "yesterday 9:25am"]).json();
    assert_eq!(session["duration_seconds"], 25 * 60, "{session}");
}

#[test]
fn a_forgotten_timer_under_the_plausible_length_is_not_marked() {
    let mut env = TestEnv::new();
    env.at("2026-11-21T09:00:00+01:00").run(&["start"]).ok();
    env.at("2026-11-21T09:30:00+01:00");
    assert_eq!(
        env.run(&["--json", "status"]).json()["timer"]["forgotten"],
        false,
        "30 minutes is still plausible"
    );
    env.at("2026-11-21T09:30:01+01:00");
    assert_eq!(env.run(&["--json", "status"]).json()["timer"]["forgotten"], true);
    assert!(env.run(&["status"]).ok().contains("forgotten?"));
}

#[test]
fn a_timer_left_running_over_24_hours_needs_stop_at_or_duration() {
    let mut env = TestEnv::new();
    env.run(&["start"]).ok();
    let before = env.store_bytes();
    env.at("2026-11-22T18:30:01+01:00");
    let message = env.run(&["stop", "--force"]).fails(1).to_string();
    assert!(message.contains("24 hours"), "{message}");
    assert!(message.contains("backwalk stop --at WHEN"), "{message}");
    assert!(message.contains("backwalk stop --duration D"), "{message}");
    assert_eq!(env.store_bytes(), before);

    // Exactly 24 hours is still a walk, if an unusual one.
    env.at("2026-11-22T18:30:00+01:00");
    env.run(&["stop"]).fails(2);
    let session = env.run(&["--json", "stop", "--force"]).json();
    assert_eq!(session["duration_seconds"], 86_400);
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
fn stop_cannot_log_a_walk_that_overlaps_another() {
    let mut env = TestEnv::new();
    // Logged while the timer was not yet running, ending after its start.
    env.at("2026-11-21T18:00:00+01:00");
    env.run(&["log", "10", "--at", "17:55"]).ok();
    env.run(&["start"]).ok();
    env.at(NOW);
    let before = env.store_bytes();
    let stderr = env.run(&["stop", "--force"]).fails(2).to_string();
    assert!(stderr.contains("#1"), "{stderr}");
    assert_eq!(env.store_bytes(), before);
    assert!(env.run(&["--json", "status"]).json()["timer"].is_object());
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
fn undo_after_stop_runs_the_timer_again_and_redo_stops_it() {
    let mut env = TestEnv::new();
    env.run(&["start", "--surface", "grass", "--note", "park"]).ok();
    let first = env
        .at("2026-11-21T18:37:30+01:00")
        .run(&["--json", "stop", "--steps", "250"])
        .json();
    assert_eq!(first["id"], 1);

    assert_eq!(
        env.run(&["--json", "undo"]).json(),
        json!({ "undone": "stop #1" })
    );
    assert!(env.sessions().is_empty());
    let timer = env.run(&["--json", "status"]).json()["timer"].clone();
    assert_eq!(timer["start"], NOW);
    assert_eq!(timer["surface"], "grass");
    assert_eq!(timer["elapsed_seconds"], 450);

    // redo stops it again, as it was.
    env.run(&["redo"]).ok();
    assert_eq!(env.sessions(), [first]);
    assert_eq!(env.run(&["--json", "status"]).json()["timer"], Value::Null);

    // Undone once more, it keeps running: a later stop measures from the
    // original start, keeps the note, and gets a new id.
    env.run(&["undo"]).ok();
    let again = env
        .at("2026-11-21T18:40:00+01:00")
        .run(&["--json", "stop"])
        .json();
    assert_eq!(again["id"], 2);
    assert_eq!(again["start"], NOW);
    assert_eq!(again["duration_seconds"], 600);
    assert_eq!(again["note"], "park");
}

#[test]
fn undo_takes_back_a_later_timer_before_the_stop_below_it() {
    let mut env = TestEnv::new();
    env.run(&["start", "--surface", "grass"]).ok();
    env.at("2026-11-21T18:37:30+01:00").run(&["stop"]).ok();
    env.at("2026-11-21T18:40:00+01:00")
        .run(&["start", "--surface", "sand"])
        .ok();
    assert_eq!(
        env.run(&["--json", "undo", "--dry-run"]).json(),
        json!({ "would_undo": "start" })
    );
    env.run(&["undo"]).ok();
    assert_eq!(env.run(&["--json", "status"]).json()["timer"], Value::Null);
    assert_eq!(env.sessions().len(), 1, "the logged walk is kept");
    env.run(&["undo"]).ok();
    assert!(env.sessions().is_empty());
    assert_eq!(env.run(&["--json", "status"]).json()["timer"]["surface"], "grass");
}

// ---------------------------------------------------------------------
// a pseudo-terminal, driven as a person would
// ---------------------------------------------------------------------

/// Generous: these wait on output, never on the clock.
const PATIENCE: Duration = Duration::from_secs(15);

/// The binary with the test environment and a terminal type.
fn in_terminal(env: &TestEnv, args: &[&str]) -> Command {
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

/// How a program in the terminal ended.
#[derive(Debug, PartialEq)]
enum Ended {
    Exit(i32),
    Signal(Signal),
}

impl Terminal {
    fn spawn(command: Command) -> Terminal {
        let session = spawn_command(command, Some(u64::try_from(PATIENCE.as_millis()).unwrap()))
            .expect("spawns in a pty");
        Terminal {
            session,
            shown: Vec::new(),
        }
    }

    /// rexpect hands bytes over one `char` each.
    fn keep(&mut self, text: &str) {
        self.shown
            .extend(text.chars().map(|c| u8::try_from(c).expect("a byte as a char")));
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

    /// The elapsed time at the start of the live line (the target is on
    /// the same line, so a bare `1s` is not enough).
    #[track_caller]
    fn wait_for_elapsed(&mut self, elapsed: &str) {
        self.wait_for_regex(&format!(r"\x1b\[2K  (\x1b\[[0-9;]*m)?{elapsed}"));
    }

    fn type_line(&mut self, line: &str) {
        self.session.send_line(line).expect("types");
    }

    fn ctrl_c(&mut self) {
        self.session.send_control('c').expect("sends Ctrl-C");
    }

    /// Waits for the program to end: how, and all it showed.
    #[track_caller]
    fn finish(mut self) -> (Ended, String) {
        match self.session.exp_eof() {
            Ok(rest) => self.keep(&rest),
            Err(e) => panic!("waiting for the end: {e}\nshown so far: {:?}", self.screen()),
        }
        let ended = match self.session.process().wait() {
            Ok(WaitStatus::Exited(_, code)) => Ended::Exit(code),
            Ok(WaitStatus::Signaled(_, signal, _)) => Ended::Signal(signal),
            other => panic!("did not end: {other:?}\nshown: {:?}", self.screen()),
        };
        (ended, self.screen())
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
    assert_fits_80("the live screen", &visible_lines(screen).join("\n"));
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

const STEPS: &str = "Steps (Enter to skip): ";
const PAIN: &str = "Pain after the walk, 0-10 (Enter to skip): ";

/// Ctrl-C at a question ends the program with 130, or by SIGINT.
#[track_caller]
fn assert_interrupted(ended: &Ended, screen: &str) {
    assert!(
        matches!(ended, Ended::Exit(130) | Ended::Signal(Signal::SIGINT)),
        "{ended:?}: {screen:?}"
    );
}

// ---------------------------------------------------------------------
// the live `timer` in a terminal
// ---------------------------------------------------------------------

#[test]
fn live_timer_stops_on_enter_then_asks_for_steps_and_pain() {
    let env = TestEnv::new();
    let mut terminal = Terminal::spawn(in_terminal(
        &env,
        &["timer", "--target", "1s", "--surface", "grass"],
    ));
    terminal.wait_for("Timing a backward walk on grass, target 1s. Enter or Ctrl-C stops it.");
    terminal.wait_for("target of 1s reached");
    // Keep walking past the target: the bell must not ring again.
    terminal.wait_for_elapsed("2s");
    terminal.type_line("");
    terminal.wait_for(STEPS);
    terminal.type_line("lots");
    terminal.wait_for("'lots'");
    terminal.wait_for(STEPS);
    terminal.type_line("3");
    terminal.wait_for(PAIN);
    terminal.type_line("11");
    terminal.wait_for(PAIN);
    terminal.type_line("4");
    terminal.wait_for("Logged");
    let (ended, screen) = terminal.finish();

    assert_eq!(ended, Ended::Exit(0), "{screen:?}");
    assert_eq!(
        screen.matches('\x07').count(),
        1,
        "the bell rings once: {screen:?}"
    );
    assert!(screen.contains("today "), "today's progress follows: {screen:?}");
    assert!(!screen.contains("00:0"), "durations are written 2s: {screen:?}");
    assert_cursor_restored(&screen);
    // The pty does not echo what is typed; a terminal would end each
    // question's line with the answer and Enter. A refusal quotes what
    // was typed, so it is as long as that.
    let own: Vec<String> = visible_lines(&screen.replace(STEPS, "\n").replace(PAIN, "\n"))
        .into_iter()
        .filter(|line| !line.starts_with('\''))
        .collect();
    assert_fits_80_columns(&own.join("\n"));

    let sessions = env.sessions();
    assert_eq!(sessions.len(), 1, "{screen:?}");
    let session = &sessions[0];
    assert_eq!(session["start"], NOW, "the start comes from BACKWALK_NOW");
    assert!(session["duration_seconds"].as_u64().unwrap() >= 2, "{session}");
    assert_eq!(session["steps"], 3);
    assert_eq!(session["pain"], 4);
    assert_eq!(session["surface"], "grass");
}

#[test]
fn live_timer_stops_on_ctrl_c_and_enter_skips_each_question() {
    let env = TestEnv::new();
    let mut terminal = Terminal::spawn(in_terminal(&env, &["timer"]));
    // A new user's target is the plan's first one: 5 minutes.
    terminal.wait_for("target 5m.");
    terminal.wait_for_elapsed("1s");
    terminal.ctrl_c();
    terminal.wait_for("Stopped at ");
    terminal.wait_for(STEPS);
    terminal.type_line("");
    terminal.wait_for(PAIN);
    terminal.type_line("");
    terminal.wait_for("Logged");
    let (ended, screen) = terminal.finish();

    assert_eq!(ended, Ended::Exit(0), "{screen:?}");
    assert_cursor_restored(&screen);
    assert!(!screen.contains('\x07'), "no bell before the target: {screen:?}");
    assert_fits_80_columns(&screen.replace(STEPS, "\n").replace(PAIN, "\n"));
    let sessions = env.sessions();
    assert_eq!(sessions.len(), 1, "{screen:?}");
    assert!(sessions[0]["duration_seconds"].as_u64().unwrap() >= 1);
    assert_eq!(sessions[0]["steps"], Value::Null);
    assert_eq!(sessions[0]["pain"], Value::Null);
}

/// Runs the live timer to the question `at`, answering `answers` before
/// it, then presses Ctrl-C.
fn interrupt_at(env: &TestEnv, answers: &[&str], at: &str) -> (Ended, String) {
    let mut terminal = Terminal::spawn(in_terminal(env, &["timer", "--target", "1s"]));
    // A second has passed: the walk is long enough to log.
    terminal.wait_for("target of 1s reached");
    terminal.type_line("");
    for answer in answers {
        terminal.wait_for(STEPS);
        terminal.type_line(answer);
    }
    terminal.wait_for(at);
    terminal.ctrl_c();
    terminal.finish()
}

#[test]
fn ctrl_c_at_the_steps_question_logs_nothing() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--at", "07:00"]).ok();
    let before = env.store_bytes();
    let (ended, screen) = interrupt_at(&env, &[], STEPS);
    assert_interrupted(&ended, &screen);
    assert!(screen.contains("nothing was logged"), "{screen:?}");
    assert!(!screen.contains("Logged"), "{screen:?}");
    assert_cursor_restored(&screen);
    assert_eq!(env.store_bytes(), before, "{screen:?}");
}

#[test]
fn ctrl_c_at_the_pain_question_logs_nothing() {
    let env = TestEnv::new();
    let (ended, screen) = interrupt_at(&env, &["3"], PAIN);
    assert_interrupted(&ended, &screen);
    assert!(screen.contains("nothing was logged"), "{screen:?}");
    assert!(!screen.contains("Logged"), "{screen:?}");
    assert!(!env.store().exists(), "a store was written: {screen:?}");
}

/// Runs the live timer to the question `at`, answering `answers` before
/// it, then ends the input there (Ctrl-D): the questions left are
/// skipped and the walk is logged.
fn end_input_at(env: &TestEnv, answers: &[&str], at: &str) -> (Ended, String) {
    let mut terminal = Terminal::spawn(in_terminal(env, &["timer", "--target", "1s"]));
    terminal.wait_for("target of 1s reached");
    terminal.type_line("");
    for answer in answers {
        terminal.wait_for(STEPS);
        terminal.type_line(answer);
    }
    terminal.wait_for(at);
    terminal.session.send_control('d').expect("sends Ctrl-D");
    terminal.wait_for("Logged");
    terminal.finish()
}

#[test]
fn ctrl_d_at_a_question_skips_it_and_the_rest_and_logs_the_walk() {
    for (answers, at, steps) in [(&[][..], STEPS, Value::Null), (&["3"][..], PAIN, Value::from(3))] {
        let env = TestEnv::new();
        let (ended, screen) = end_input_at(&env, answers, at);
        assert_eq!(ended, Ended::Exit(0), "{screen:?}");
        assert_cursor_restored(&screen);
        let sessions = env.sessions();
        assert_eq!(sessions.len(), 1, "{screen:?}");
        assert_eq!(sessions[0]["steps"], steps, "{screen:?}");
        assert_eq!(sessions[0]["pain"], Value::Null, "{screen:?}");
    }
}

#[test]
fn an_unusual_timed_walk_asks_before_logging() {
    // 250 steps in a few seconds is far over 200 steps a minute.
    for (answer, logged) in [("n", false), ("y", true)] {
        let env = TestEnv::new();
        let mut terminal = Terminal::spawn(in_terminal(&env, &["timer", "--target", "1s"]));
        terminal.wait_for("target of 1s reached");
        terminal.type_line("");
        terminal.wait_for(STEPS);
        terminal.type_line("250");
        terminal.wait_for(PAIN);
        terminal.type_line("");
        terminal.wait_for("steps a minute");
        terminal.wait_for("Log it anyway? [y/N] ");
        terminal.type_line(answer);
        let (ended, screen) = terminal.finish();
        let sessions = if env.store().exists() {
            env.sessions()
        } else {
            Vec::new()
        };
        if logged {
            assert_eq!(ended, Ended::Exit(0), "{screen:?}");
            assert_eq!(sessions.len(), 1, "{screen:?}");
            assert_eq!(sessions[0]["steps"], 250);
        } else {
            assert_ne!(ended, Ended::Exit(0), "{screen:?}");
            assert!(sessions.is_empty(), "{screen:?}");
            assert!(screen.contains("nothing was logged"), "{screen:?}");
        }
    }
}

#[test]
fn log_and_stop_ask_on_a_terminal_about_an_unusual_walk() {
    let env = TestEnv::new();
    let mut terminal = Terminal::spawn(in_terminal(&env, &["log", "7s", "--steps", "250"]));
    terminal.wait_for("steps a minute");
    terminal.wait_for("Log it anyway? [y/N] ");
    terminal.type_line("");
    let (ended, screen) = terminal.finish();
    assert_ne!(ended, Ended::Exit(0), "Enter means no: {screen:?}");
    assert!(!env.store().exists(), "{screen:?}");

    let mut terminal = Terminal::spawn(in_terminal(&env, &["log", "500", "--steps", "200"]));
    terminal.wait_for("Log it anyway? [y/N] ");
    terminal.type_line("y");
    terminal.wait_for("Logged");
    let (ended, screen) = terminal.finish();
    assert_eq!(ended, Ended::Exit(0), "{screen:?}");
    assert_eq!(env.sessions()[0]["duration_seconds"], 30_000);

    // A forgotten timer's stop asks too.
    let mut env = TestEnv::new();
    env.at("2026-11-21T09:00:00+01:00").run(&["start"]).ok();
    env.at(NOW);
    let mut terminal = Terminal::spawn(in_terminal(&env, &["stop"]));
    terminal.wait_for("Log it anyway? [y/N] ");
    terminal.type_line("n");
    let (ended, screen) = terminal.finish();
    assert_ne!(ended, Ended::Exit(0), "{screen:?}");
    assert!(env.sessions().is_empty(), "{screen:?}");
    assert!(env.run(&["--json", "status"]).json()["timer"].is_object());
}

/// Ctrl-C at "Log it anyway?" from `log`, `edit` and `stop` ends as it
/// does at the timer's questions: exit 130 (not death by SIGINT), said,
/// and the store as it was.
#[test]
fn ctrl_c_at_log_it_anyway_exits_130_and_changes_nothing() {
    let mut env = TestEnv::new();
    env.run(&["log", "8", "--at", "07:00"]).ok();
    // A timer forgotten since 09:00: `stop` finds that walk unusual.
    env.at("2026-11-21T09:00:00+01:00").run(&["start"]).ok();
    env.at(NOW);
    let before = env.store_bytes();
    for args in [
        &["log", "7s", "--steps", "250", "--at", "12:00"][..],
        &["edit", "1", "--steps", "5000"],
        &["stop"],
    ] {
        let mut terminal = Terminal::spawn(in_terminal(&env, args));
        terminal.wait_for("Log it anyway? [y/N] ");
        terminal.ctrl_c();
        let (ended, screen) = terminal.finish();
        assert_eq!(ended, Ended::Exit(130), "{args:?}: {screen:?}");
        assert!(
            screen.contains("\r\nInterrupted: nothing was logged.\r\n"),
            "{args:?}: {screen:?}"
        );
        assert!(!screen.contains("error"), "{args:?}: {screen:?}");
        assert_eq!(env.store_bytes(), before, "{args:?}: {screen:?}");
    }
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
    let mut timer = Piped::spawn(in_terminal(
        &env,
        &["timer", "--target", "1s", "--surface", "track"],
    ));
    timer.wait_for_line("Timing a backward walk on track, target 1s. A line or EOF stops it.");
    // The target line comes after a second: the wait is on the program.
    timer.wait_for_line("target of 1s reached");
    let (code, stdout, stderr) = timer.finish(Some("250\n"));

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
        !stderr.contains("Steps") && !stderr.contains("Pain"),
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
    assert_eq!(
        sessions[0]["steps"],
        Value::Null,
        "the line stops it, it is no answer"
    );
    assert_eq!(sessions[0]["surface"], "track");
}

#[test]
fn live_timer_json_prints_the_logged_session_when_input_ends() {
    let env = TestEnv::new();
    let mut timer = Piped::spawn(in_terminal(
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
    assert_eq!(session["pain"], Value::Null);
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
fn live_timer_refuses_bad_arguments_and_a_running_timer() {
    let env = TestEnv::new();
    for args in [
        ["timer", "--target", "0"],
        ["timer", "--target", "abc"],
        ["timer", "--surface", "moon"],
    ] {
        env.run_with_stdin(&args, "").fails(2);
    }
    assert!(env.store_bytes().is_empty());
    env.run(&["start"]).ok();
    let before = env.store_bytes();
    let stderr = env.run_with_stdin(&["timer"], "").fails(1).to_string();
    assert!(stderr.contains("already running"), "{stderr}");
    assert_eq!(env.store_bytes(), before);
}

#[test]
fn live_timer_banner_fits_80_columns_with_the_longest_names() {
    let env = TestEnv::new();
    let run = env.run_with_stdin(&["timer", "--target", "23h59m59s", "--surface", "treadmill"], "");
    let banner = run.stderr.lines().next().unwrap_or_default();
    assert!(
        banner.starts_with("Timing a backward walk on treadmill, target 23h59m59s."),
        "{}",
        run.stderr
    );
    assert_fits_80_columns(&run.stderr);
}

#[test]
fn a_timer_left_running_overnight_is_fixed_with_a_time_alone_or_a_spoken_duration() {
    let mut env = TestEnv::new();
    env.at("2026-11-20T19:00:00+01:00").run(&["start"]).ok();
    // The next morning, 19:08 is yesterday's: the most recent 19:08 after
    // the start and not in the future.
    env.at("2026-11-21T08:00:00+01:00");
    assert_eq!(
        env.run(&["stop", "--at", "19:08", "--steps", "300"]).ok(),
        "Logged #1 · 8m · 300 steps · other · Fri 20 Nov 19:00\n\
         Fri 20 Nov 8m of 5m ✓ · 300 of 200–400 steps ✓\n"
    );
    env.run(&["undo"]).ok();
    let before = env.store_bytes();
    // 18:00 is before the start on every day since: no day given with it
    // would do, so none is suggested.
    let run = env.run(&["stop", "--at", "18:00"]);
    assert_eq!(
        run.fails(2),
        "error: '18:00' is not between the timer's start (Fri 20 Nov 19:00) and now \
         (Sat 21 Nov 08:00); give a time in between, or how long the walk was with \
         --duration D\n"
    );
    env.run(&["stop", "--at", "yesterday 18:00"]).fails(2);
    assert_eq!(env.store_bytes(), before);
    // The unit as its own word, as `log 8 mins` takes it.
    let session = env.run(&["--json", "stop", "--duration", "9", "mins"]).json();
    assert_eq!(session["duration_seconds"], 9 * 60);
    env.run(&["undo"]).ok();
    let before = env.store_bytes();
    let run = env.run(&["stop", "--duration", "9", "bananas"]);
    assert!(
        run.fails(2).contains("'9 bananas' is not a duration"),
        "{}",
        run.stderr
    );
    assert_eq!(env.store_bytes(), before);
}

#[test]
fn the_live_timer_counts_from_0s_and_ctrl_c_keeps_its_last_line() {
    let env = TestEnv::new();
    let mut terminal = Terminal::spawn(in_terminal(&env, &["timer"]));
    terminal.wait_for("target 5m.");
    // One unit as it counts: 0s, 1s, … (not 0m, then 1s).
    terminal.wait_for_elapsed("0s");
    terminal.wait_for_elapsed("1s");
    terminal.ctrl_c();
    terminal.wait_for("Stopped at ");
    terminal.wait_for(STEPS);
    terminal.type_line("");
    terminal.wait_for(PAIN);
    terminal.type_line("11");
    terminal.wait_for(PAIN);
    terminal.type_line("");
    terminal.wait_for("Logged");
    let (ended, screen) = terminal.finish();
    assert_eq!(ended, Ended::Exit(0), "{screen:?}");
    // The last progress line ends with a newline before anything erases
    // a line, as it does when Enter stops the timer.
    let before = &screen[..screen.find("Stopped at").unwrap()];
    let tail = &before[before.rfind("target 5m").unwrap()..];
    let (newline, erase) = (tail.find('\n'), tail.find("\x1b[2K"));
    assert!(
        newline.is_some() && newline < erase.or(Some(usize::MAX)),
        "{tail:?}"
    );
    // The refusal of an out-of-range pain fits the terminal (the pty does
    // not echo the answer, so it follows the question on the screen).
    let line = visible_lines(&screen)
        .into_iter()
        .find(|line| line.contains("'11'"))
        .unwrap_or_else(|| panic!("{screen:?}"));
    assert_eq!(
        &line[line.find("'11'").unwrap()..],
        "'11' is out of range; use a whole number from 0 (no pain) to 10 (the worst)"
    );
}

#[test]
fn status_keeps_the_steps_when_a_forgotten_timer_makes_the_line_long() {
    let mut env = TestEnv::new();
    env.at("2026-11-21T09:00:00+01:00");
    env.run(&["log", "6", "--steps", "300", "--at", "08:00"]).ok();
    env.run(&["start", "--surface", "treadmill"]).ok();
    env.at("2026-11-21T12:00:00+01:00");
    assert_eq!(
        env.run(&["status"]).ok(),
        "timer 3h00m treadmill forgotten? · today 6m of 5m ✓ · 300 steps ✓ · streak 1\n"
    );
}

/// The lines a terminal shows once it has drawn `screen`: a carriage
/// return goes back to the line's start, later text overwrites earlier
/// text, `ESC[2K` clears the line; other escapes and the bell draw nothing.
fn drawn_lines(screen: &str) -> Vec<String> {
    let (mut lines, mut line, mut column) = (Vec::new(), Vec::<char>::new(), 0);
    let mut chars = screen.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' if chars.peek() == Some(&'[') => {
                chars.next();
                let mut sequence = String::new();
                for c in chars.by_ref() {
                    sequence.push(c);
                    if ('\x40'..='\x7e').contains(&c) {
                        break;
                    }
                }
                if sequence == "2K" {
                    line.clear();
                }
            }
            '\x07' => {}
            '\r' => column = 0,
            '\n' => {
                lines.push(line.drain(..).collect());
                column = 0;
            }
            c => {
                if column < line.len() {
                    line[column] = c;
                } else {
                    line.push(c);
                }
                column += 1;
            }
        }
    }
    lines.push(line.into_iter().collect());
    lines
}

#[test]
fn ctrl_c_leaves_the_timers_line_whole_in_a_terminal_that_echoes_it() {
    let env = TestEnv::new();
    // As a terminal is set by default: what is typed is echoed, Ctrl-C as
    // `^C` where the cursor stands, at the end of the progress line.
    let mut command = Command::new("sh");
    command.env_clear();
    for (key, value) in env.std_command().get_envs() {
        if let Some(value) = value {
            command.env(key, value);
        }
    }
    command.env("TERM", "xterm").args([
        "-c",
        "stty echo echoctl && exec \"$0\" timer",
        env!("CARGO_BIN_EXE_backwalk"),
    ]);
    let mut terminal = Terminal::spawn(command);
    terminal.wait_for("target 5m.");
    terminal.wait_for_elapsed("1s");
    terminal.ctrl_c();
    terminal.wait_for(STEPS);
    terminal.type_line("");
    terminal.wait_for(PAIN);
    terminal.type_line("");
    terminal.wait_for("Logged");
    let (ended, screen) = terminal.finish();
    assert_eq!(ended, Ended::Exit(0), "{screen:?}");
    let lines = drawn_lines(&screen);
    let stopped = lines
        .iter()
        .position(|l| l.starts_with("Stopped at "))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    let kept = &lines[stopped - 1];
    assert!(kept.ends_with("  target 5m"), "{kept:?} in {lines:#?}");
    assert!(kept.starts_with("  ") && kept.contains('s'), "{kept:?}");
}
