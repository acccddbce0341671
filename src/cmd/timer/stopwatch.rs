//! The live stopwatch `timer` shows on stderr while the walk goes on, so
//! stdout carries only the logged walk.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use crate::cmd::ask::{Event, Events};
use crate::model::Surface;
use crate::parse::{format_duration, format_elapsed};
use crate::render::{Paint, Style};

const REDRAW: Duration = Duration::from_millis(200);
const PLAIN_EVERY: Duration = Duration::from_secs(30);

/// Shows the stopwatch until Enter, a line, end of input or Ctrl-C:
/// what stopped it, and the whole seconds walked.
pub fn time_walk(
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
