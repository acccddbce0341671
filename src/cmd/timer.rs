//! `timer`: a live stopwatch in the foreground. Enter, end of input or
//! Ctrl-C stops it; then it asks for steps and pain (on a terminal; end
//! of input skips the questions left) and logs the walk.

use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use super::Context;
use super::walk::{self, Answer, confirming};
use crate::cli::TimerArgs;
use crate::error::Interrupted;
use crate::model::{NewSession, Session, Surface, TimerRunning, WalkDuration};
use crate::parse::{self, format_duration, format_elapsed};
use crate::render::{Paint, Style};

const REDRAW: Duration = Duration::from_millis(200);
const PLAIN_EVERY: Duration = Duration::from_secs(30);

enum Event {
    Line(String),
    EndOfInput,
    Interrupt,
}

/// Stdin lines and Ctrl-C, from one channel. End of input, once seen,
/// is the answer to every later question (the Ctrl-C handler keeps the
/// channel open, so waiting on it again would never end).
struct Events {
    receiver: Receiver<Event>,
    ended: std::cell::Cell<bool>,
}

impl Events {
    fn recv(&self) -> Event {
        if self.ended.get() {
            return Event::EndOfInput;
        }
        let event = self.receiver.recv().unwrap_or(Event::EndOfInput);
        self.ended.set(matches!(event, Event::EndOfInput));
        event
    }

    fn recv_timeout(&self, timeout: Duration) -> Option<Event> {
        match self.receiver.recv_timeout(timeout) {
            Ok(event) => {
                self.ended.set(matches!(event, Event::EndOfInput));
                Some(event)
            }
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                self.ended.set(true);
                Some(Event::EndOfInput)
            }
        }
    }
}

/// Feeds stdin lines and Ctrl-C into one channel.
fn listen() -> Events {
    let (sender, receiver) = mpsc::channel();
    let on_interrupt: Sender<Event> = sender.clone();
    // Without a handler Ctrl-C would kill us before the terminal is restored.
    let _ = ctrlc::set_handler(move || {
        let _ = on_interrupt.send(Event::Interrupt);
    });
    std::thread::spawn(move || {
        let stdin = io::stdin();
        loop {
            let mut line = String::new();
            let event = match stdin.lock().read_line(&mut line) {
                Ok(0) | Err(_) => Event::EndOfInput,
                Ok(_) => Event::Line(line.trim().to_string()),
            };
            let done = matches!(event, Event::EndOfInput);
            if sender.send(event).is_err() || done {
                return;
            }
        }
    });
    Events {
        receiver,
        ended: std::cell::Cell::new(false),
    }
}

/// The progress display on stderr, so stdout carries only the logged
/// walk: one redrawn line on a terminal, plain lines otherwise. Dropping
/// it leaves the terminal clean.
struct Display {
    out: io::Stderr,
    live: bool,
    style: Style,
    target: u64,
}

impl Display {
    fn new(style: Style, target: u64) -> Display {
        let out = io::stderr();
        let live = out.is_terminal();
        let style = Style {
            color: style.color && live,
            ..style
        };
        let mut display = Display {
            out,
            live,
            style,
            target,
        };
        if live {
            display.write("\x1b[?25l");
        }
        display
    }

    fn write(&mut self, text: &str) {
        let _ = self.out.write_all(text.as_bytes());
        let _ = self.out.flush();
    }

    fn redraw(&mut self, elapsed: u64) {
        let bar = self.style.bar(elapsed as f64, self.target as f64, 30, None);
        let line = format!(
            "\r\x1b[2K  {}  {bar}  target {}",
            self.style.paint(&format_elapsed(elapsed), Paint::Bold),
            format_duration(self.target)
        );
        self.write(&line);
    }

    fn plain(&mut self, elapsed: u64) {
        let line = format!(
            "{} of {} target\n",
            format_elapsed(elapsed),
            format_duration(self.target)
        );
        self.write(&line);
    }

    fn target_reached(&mut self) {
        let message = format!(
            "target of {} reached; stop when you are ready",
            format_duration(self.target)
        );
        if self.live {
            let line = format!("\x07\r\x1b[2K  {}\n", self.style.paint(&message, Paint::Good));
            self.write(&line);
        } else {
            self.write(&format!("{message}\n"));
        }
    }
}

impl Display {
    /// Ends the live display. Ctrl-C leaves the cursor on the progress
    /// line, after the `^C` the terminal echoed there: the line is drawn
    /// again over it, and a newline keeps it, as Enter (which moved on)
    /// does.
    fn finish(mut self, stopped_by: &Event, elapsed: u64) {
        if self.live && matches!(stopped_by, Event::Interrupt) {
            self.redraw(elapsed);
            self.write("\n");
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if self.live {
            self.write("\r\x1b[2K\x1b[?25h");
        }
    }
}

/// Ctrl-C at a question: nothing is logged, and the exit status says so
/// (`main` turns `Interrupted` into 130).
fn interrupted() -> anyhow::Error {
    eprintln!();
    eprintln!("Interrupted: nothing was logged.");
    Interrupted.into()
}

pub fn run(args: &TimerArgs, ctx: &Context) -> Result<()> {
    let today = ctx.clock.today();
    let read = ctx.read(today, None, None)?;
    if let Some(running) = &read.head.timer {
        bail!(TimerRunning {
            since: ctx.clock.local(&running.start),
            surface: running.surface,
        });
    }
    let target = match args.target {
        Some(target) => u64::from(target.seconds()),
        None => u64::from(read.summary.plan.target_minutes) * 60,
    };
    let surface = args.surface.or(read.head.last_surface).unwrap_or(Surface::Other);
    let on_terminal = io::stdin().is_terminal();

    let events = listen();
    let start = ctx.clock.now();
    let started = Instant::now();
    let how_to_stop = if on_terminal {
        "Enter or Ctrl-C stops it."
    } else {
        "A line or EOF stops it."
    };
    eprintln!(
        "Timing a backward walk on {surface}, target {}. {how_to_stop}",
        format_duration(target)
    );
    let mut display = Display::new(ctx.style, target);
    let mut rang = false;
    let mut next_plain = PLAIN_EVERY;
    let stopped_by = loop {
        let elapsed = started.elapsed();
        let seconds = elapsed.as_secs();
        if display.live {
            display.redraw(seconds);
        } else if elapsed >= next_plain {
            display.plain(seconds);
            next_plain += PLAIN_EVERY;
        }
        if !rang && seconds >= target {
            display.target_reached();
            rang = true;
        }
        if let Some(event) = events.recv_timeout(REDRAW) {
            break event;
        }
    };
    let seconds = started.elapsed().as_secs();
    display.finish(&stopped_by, seconds);
    eprintln!("Stopped at {}.", format_duration(seconds));
    if seconds < 1 {
        bail!("stopped after less than a second: nothing was logged");
    }
    if seconds > u64::from(WalkDuration::MAX_SECONDS) {
        bail!(
            "the timer ran for {}, more than the 24 hours a walk can last: nothing was logged; \
             `backwalk log DURATION --at WHEN` records the walk",
            format_duration(seconds)
        );
    }
    let duration = WalkDuration::from_seconds(seconds).map_err(anyhow::Error::msg)?;
    let ask = on_terminal && !matches!(stopped_by, Event::EndOfInput);
    let steps = if ask {
        ask_number(&events, "Steps (Enter to skip): ", parse::steps)?
    } else {
        None
    };
    let pain = if ask {
        ask_number(
            &events,
            "Pain after the walk, 0-10 (Enter to skip): ",
            parse::pain,
        )?
    } else {
        None
    };
    let new = NewSession {
        start,
        duration,
        steps,
        surface,
        incline_percent: None,
        pain,
        note: None,
    };
    let session = confirming(
        false,
        ask,
        walk::FORCE_IT,
        |question| ask_yes_no(&events, question),
        |force| save(ctx, args.surface, &new, force),
    )?;
    walk::report_logged(ctx, &session)
}

/// Logs the walk. The surface shown came from a read; the one stored,
/// when none was given, is the store's own, under the lock.
fn save(ctx: &Context, chosen: Option<Surface>, new: &NewSession, force: bool) -> Result<Session> {
    ctx.store.update(|tx| {
        let surface = tx.surface_or_last(chosen)?;
        let new = NewSession {
            surface,
            ..new.clone()
        };
        walk::add(tx, ctx, new, "timer", Vec::new(), force)
    })
}

/// Asks until the answer is a value or empty (skipped); Ctrl-C logs
/// nothing; end of input skips.
fn ask_number<T>(events: &Events, question: &str, parse: fn(&str) -> Result<T, String>) -> Result<Option<T>> {
    loop {
        eprint!("{question}");
        let _ = io::stderr().flush();
        match events.recv() {
            Event::Line(answer) if answer.is_empty() => return Ok(None),
            Event::Line(answer) => match parse(&answer) {
                Ok(value) => return Ok(Some(value)),
                Err(e) => eprintln!("{}", crate::render::wrap(&e, "", "  ")),
            },
            Event::Interrupt => return Err(interrupted()),
            Event::EndOfInput => {
                // The question's line ends here, as Enter would end it.
                eprintln!();
                return Ok(None);
            }
        }
    }
}

fn ask_yes_no(events: &Events, question: &str) -> Answer {
    eprint!("{question}");
    let _ = io::stderr().flush();
    match events.recv() {
        Event::Line(answer) if matches!(answer.to_ascii_lowercase().as_str(), "y" | "yes") => Answer::Yes,
        Event::Interrupt => Answer::Interrupted,
        _ => Answer::No,
    }
}
