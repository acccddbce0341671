//! Questions on the terminal (stderr for the question, stdin for the
//! answer), with Ctrl-C caught so that it ends the program through
//! `Interrupted` (exit 130, nothing written) instead of a signal.

use std::cell::Cell;
use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use anyhow::Result;

use crate::error::{Interrupted, Invalid, Unusual};

/// What the person did at the terminal.
pub enum Event {
    Line(String),
    EndOfInput,
    Interrupt,
}

/// Stdin lines and Ctrl-C, from one channel. End of input, once seen,
/// is the answer to every later question (the Ctrl-C handler keeps the
/// channel open, so waiting on it again would never end).
pub struct Events {
    receiver: Receiver<Event>,
    ended: Cell<bool>,
}

impl Events {
    /// Feeds stdin lines and Ctrl-C into one channel. Once a process:
    /// Ctrl-C's handler can be set only once.
    pub fn listen() -> Events {
        let (sender, receiver) = mpsc::channel();
        let on_interrupt: Sender<Event> = sender.clone();
        // Without a handler Ctrl-C would kill us before the terminal is
        // restored, or the question is answered with "nothing was logged".
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
            ended: Cell::new(false),
        }
    }

    pub fn recv(&self) -> Event {
        if self.ended.get() {
            return Event::EndOfInput;
        }
        let event = self.receiver.recv().unwrap_or(Event::EndOfInput);
        self.ended.set(matches!(event, Event::EndOfInput));
        event
    }

    pub fn recv_timeout(&self, timeout: Duration) -> Option<Event> {
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

/// Whether questions can be asked: both ends are a terminal.
pub fn interactive() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

fn show(question: &str) {
    eprint!("{question}");
    let _ = io::stderr().flush();
}

/// Ctrl-C at a question: nothing is logged, and the exit status says so
/// (`main` turns `Interrupted` into 130). The terminal echoed `^C` on the
/// question's line: the message starts on a line of its own.
pub fn interrupted() -> anyhow::Error {
    eprintln!();
    eprintln!("Interrupted: nothing was logged.");
    Interrupted.into()
}

/// A yes/no question: yes only for `y` or `yes`.
pub fn yes(events: &Events, question: &str) -> Result<bool> {
    show(question);
    match events.recv() {
        Event::Line(answer) => Ok(matches!(answer.to_ascii_lowercase().as_str(), "y" | "yes")),
        Event::EndOfInput => Ok(false),
        Event::Interrupt => Err(interrupted()),
    }
}

/// Asks until the answer is a value or empty (skipped); Ctrl-C logs
/// nothing; end of input skips.
pub fn number<T, E: std::fmt::Display>(
    events: &Events,
    question: &str,
    parse: fn(&str) -> Result<T, E>,
) -> Result<Option<T>> {
    loop {
        show(question);
        match events.recv() {
            Event::Line(answer) if answer.is_empty() => return Ok(None),
            Event::Line(answer) => match parse(&answer) {
                Ok(value) => return Ok(Some(value)),
                Err(e) => eprintln!("{}", crate::render::wrap(&e.to_string(), "", "  ")),
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

/// How to log a walk that was refused as unusual.
pub const FORCE_IT: &str = "give --force to log it anyway";

/// Runs `change(force)`; when it finds the walk unusual, asks on a
/// terminal (`ask`, given the question) and runs it again forced on yes,
/// else refuses (exit 2, saying what to do instead: `way_out`).
pub fn confirming<T>(
    force: bool,
    can_ask: bool,
    way_out: &str,
    ask: impl FnOnce(&str) -> Result<bool>,
    mut change: impl FnMut(bool) -> Result<T>,
) -> Result<T> {
    let why = match change(force) {
        Err(error) => match error.downcast::<Unusual>() {
            Ok(Unusual(why)) => why,
            Err(other) => return Err(other),
        },
        done => return done,
    };
    if !can_ask {
        return Err(Invalid::new(format!(
            "the walk looks unusual: {why}; nothing was logged ({way_out})"
        ))
        .into());
    }
    eprintln!("This walk looks unusual: {why}.");
    if ask("Log it anyway? [y/N] ")? {
        change(true)
    } else {
        Err(anyhow::anyhow!("nothing was logged"))
    }
}

/// `confirming` for a command that asks nothing else: the question, if
/// any, on the terminal.
pub fn confirming_on_terminal<T>(
    force: bool,
    way_out: &str,
    change: impl FnMut(bool) -> Result<T>,
) -> Result<T> {
    confirming(
        force,
        interactive(),
        way_out,
        |question| yes(&Events::listen(), question),
        change,
    )
}
