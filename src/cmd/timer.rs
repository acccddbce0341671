//! `timer`: a live stopwatch in the foreground. Enter, end of input or
//! Ctrl-C stops it; then it asks for steps and pain (on a terminal; end
//! of input skips the questions left) and logs the walk.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use super::ask::{self, Event, Events, FORCE_IT, confirming};
use super::{Invocation, walk};
use crate::cli::TimerArgs;
use crate::model::{NewSession, Session, Surface, WalkDuration};
use crate::parse::{self, format_duration, format_elapsed};
use crate::render::{Paint, Style};

const REDRAW: Duration = Duration::from_millis(200);
const PLAIN_EVERY: Duration = Duration::from_secs(30);

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

pub fn run(args: &TimerArgs, ctx: &Invocation) -> Result<()> {
    let read = ctx.read(ctx.clock.today(), None, None)?;
    ctx.refuse_running(read.head.timer.as_ref())?;
    let target = match args.target {
        Some(target) => u64::from(target.seconds()),
        None => u64::from(read.summary.plan.target_minutes) * 60,
    };
    let surface = args.surface.or(read.head.last_surface).unwrap_or(Surface::Other);
    let on_terminal = io::stdin().is_terminal();
    let events = Events::listen();
    let start = ctx.clock.now();
    let (stopped_by, seconds) = time_walk(&events, ctx.style, target, surface, on_terminal);
    let duration = loggable(seconds)?;
    // Questions only where someone can answer them: not after end of input.
    let ask = on_terminal && !matches!(stopped_by, Event::EndOfInput);
    let (steps, pain) = if ask { ask_details(&events)? } else { (None, None) };
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
        FORCE_IT,
        |question| ask::yes(&events, question),
        |force| save(ctx, args.surface, &new, force),
    )?;
    walk::report_logged(ctx, &session)
}

/// Shows the stopwatch until Enter, a line, end of input or Ctrl-C:
/// what stopped it, and the whole seconds walked.
fn time_walk(
    events: &Events,
    style: Style,
    target: u64,
    surface: Surface,
    on_terminal: bool,
) -> (Event, u64) {
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
    let mut display = Display::new(style, target);
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
    (stopped_by, seconds)
}

/// The timed seconds as a walk's duration: from a second to 24 hours.
fn loggable(seconds: u64) -> Result<WalkDuration> {
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
    WalkDuration::from_seconds(seconds).map_err(anyhow::Error::msg)
}

/// The steps, then the pain; Enter skips one, end of input the rest.
fn ask_details(events: &Events) -> Result<(Option<u32>, Option<u8>)> {
    let steps = ask::number(events, "Steps (Enter to skip): ", parse::steps)?;
    let pain = ask::number(events, "Pain after the walk, 0-10 (Enter to skip): ", parse::pain)?;
    Ok((steps, pain))
}

/// Logs the walk. The surface shown came from a read; the one stored,
/// when none was given, is the store's own, under the lock.
fn save(ctx: &Invocation, chosen: Option<Surface>, new: &NewSession, force: bool) -> Result<Session> {
    ctx.store.update(|tx| {
        let surface = tx.surface_or_last(chosen)?;
        let new = NewSession {
            surface,
            ..new.clone()
        };
        walk::add(tx, ctx, new, "timer", Vec::new(), force)
    })
}
