//! One file per command: read inputs, ask the store, hand a value to the
//! output. `run` wires the parsed command line to them.

mod calendar;
mod cancel;
mod completions;
mod edit;
mod export;
mod goals;
mod import;
mod list;
mod log;
mod man;
mod merge;
mod plan;
mod redo;
mod report;
mod rm;
mod show;
mod start;
mod status;
mod stop;
mod sync;
mod timer;
mod tips;
mod today;
mod undo;
mod walk;
mod week;

use std::io::Write;

use anyhow::{Result, anyhow};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::cli::{Cli, Command, TodayArgs};
use crate::clock::Clock;
use crate::error::Invalid;
use crate::model::{Document, Session};
use crate::parse::{self, SessionId, When};
use crate::plan::{History, Summary};
use crate::render::Style;
use crate::store::{Head, Store};

/// What every command that opens the store gets.
pub struct Context<'c> {
    pub store: Store<'c>,
    pub clock: &'c Clock,
    pub json: bool,
    pub style: Style,
}

pub fn run(cli: &Cli) -> Result<()> {
    let style = Style::detect(cli.color);
    // These never open the store, nor read the clock.
    match &cli.command {
        Some(Command::Completions(args)) => return completions::run(args),
        Some(Command::Man) => return man::run(),
        Some(Command::Tips) => return tips::run(cli.json, style),
        Some(Command::Merge(args)) => return merge::run(args),
        _ => {}
    }
    let clock = Clock::from_env()?;
    let path = match &cli.store {
        Some(path) => path.clone(),
        None => Store::default_path()?,
    };
    let ctx = Context {
        store: Store::open(&path, &clock)?,
        clock: &clock,
        json: cli.json,
        style,
    };
    let Some(command) = &cli.command else {
        if !ctx.store.path().exists() {
            eprintln!(
                "backwalk: no walks yet; `backwalk log 8` logs an 8-minute walk, `backwalk --help` shows every command"
            );
        }
        return today::run(&TodayArgs::default(), &ctx);
    };
    match command {
        Command::Log(args) => log::run(args, &ctx),
        Command::Start(args) => start::run(args, &ctx),
        Command::Stop(args) => stop::run(args, &ctx),
        Command::Cancel => cancel::run(&ctx),
        Command::Timer(args) => timer::run(args, &ctx),
        Command::Status => status::run(&ctx),
        Command::Today(args) => today::run(args, &ctx),
        Command::List(args) => list::run(args, &ctx),
        Command::Show(args) => show::run(args, &ctx),
        Command::Edit(args) => edit::run(args, &ctx),
        Command::Rm(args) => rm::run(args, &ctx),
        Command::Undo(args) => undo::run(args, &ctx),
        Command::Redo => redo::run(&ctx),
        Command::Week(args) => week::run(args, &ctx),
        Command::Report(args) => report::run(args, &ctx),
        Command::Calendar(args) => calendar::run(args, &ctx),
        Command::Plan => plan::run(&ctx),
        Command::Goals(args) => goals::run(args, &ctx),
        Command::Export(args) => export::run(args, &ctx),
        Command::Import(args) => import::run(args, &ctx),
        Command::Sync(args) => sync::run(args, &ctx),
        Command::Completions(_) | Command::Man | Command::Tips | Command::Merge(_) => {
            unreachable!("handled above")
        }
    }
}

/// Writes the result to stdout in one go.
pub fn print(text: impl AsRef<[u8]>) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_ref())?;
    out.flush()?;
    Ok(())
}

pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

/// What a history read gives a command: the head, the fold's summary,
/// and the sessions of the days asked for.
pub struct Read {
    pub head: Head,
    pub summary: Summary,
    pub sessions: Vec<Session>,
}

impl Context<'_> {
    /// The JSON document under `--json`, else the human text.
    pub fn render<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) -> Result<String> {
        if self.json { to_json(value) } else { Ok(human()) }
    }

    /// The history as of `as_of`, keeping the totals of `window` and the
    /// sessions of `sessions_of`.
    pub fn read(
        &self,
        as_of: NaiveDate,
        window: Option<(NaiveDate, NaiveDate)>,
        sessions_of: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<Read> {
        let reading = self
            .store
            .read(sessions_of, |head| History::new(&head.goals, as_of, window))?;
        Ok(Read {
            head: reading.head,
            summary: reading.fold.finish(),
            sessions: reading.sessions,
        })
    }

    pub fn when(&self, text: &str) -> Result<When> {
        let when = parse::when(text, self.clock).map_err(Invalid::new)?;
        self.happened(when)
    }

    /// A day the local zone skipped is refused, never taken for the next.
    fn happened(&self, when: When) -> Result<When> {
        match when {
            When::Day { date, .. } if !self.clock.has_day(date) => Err(Invalid::new(format!(
                "{date} did not happen in the zone {} (its clocks skipped that day); give the day before or after",
                self.clock.zone()
            ))
            .into()),
            _ => Ok(when),
        }
    }

    /// `--since`/`--from`: also `7d`, `2w`.
    pub fn since(&self, text: Option<&str>) -> Result<Option<DateTime<FixedOffset>>> {
        text.map(|text| {
            let when = parse::since_when(text, self.clock).map_err(Invalid::new)?;
            Ok(parse::since(self.happened(when)?, self.clock))
        })
        .transpose()
    }

    /// `--until`/`--to`, as an exclusive bound.
    pub fn until(&self, text: Option<&str>) -> Result<Option<DateTime<FixedOffset>>> {
        text.map(|text| Ok(parse::until(self.when(text)?, self.clock)))
            .transpose()
    }

    /// `--csv` and the global `--json` both claim stdout: refuse the pair
    /// (clap cannot see a global flag given before the command).
    pub fn refuse_csv_with_json(&self, csv: bool) -> Result<()> {
        if csv && self.json {
            return Err(Invalid::new("--csv cannot be used with --json; choose one").into());
        }
        Ok(())
    }

    /// `--at`: `None` when the walk ended now.
    pub fn start_at(&self, text: Option<&str>) -> Result<Option<DateTime<FixedOffset>>> {
        let Some(text) = text else { return Ok(None) };
        parse::start_at(self.when(text)?, self.clock).map_err(|e| Invalid::new(e).into())
    }

    /// `--date`: a local day, today when absent.
    pub fn day(&self, text: Option<&str>) -> Result<NaiveDate> {
        match text {
            Some(text) => parse::day(self.when(text)?, self.clock).map_err(|e| Invalid::new(e).into()),
            None => Ok(self.clock.today()),
        }
    }

    /// The weight in force on a walk's day.
    pub fn weight_for(&self, goals: &crate::model::Goals, session: &Session) -> Option<f64> {
        goals.in_force(self.clock.date_of(&session.start)).weight_kg
    }
}

/// The stored id a person meant: a number, or `last` (the walk that
/// started most recently).
pub fn resolve_id(document: &Document, id: SessionId) -> Result<u64> {
    match id {
        SessionId::Number(number) => document
            .get(number)
            .map(|s| s.id)
            .ok_or_else(|| anyhow!("no walk #{number}; `backwalk list` shows the ids")),
        SessionId::Last => document
            .latest()
            .map(|s| s.id)
            .ok_or_else(|| anyhow!("no walks yet, so no last one; `backwalk log 8` logs one")),
    }
}
