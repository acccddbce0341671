//! One file per command: read inputs, call the model, hand a value to
//! the output. `run` wires the parsed command line to them.

mod data;
mod day;
mod docs;
mod edit;
mod live;
mod log;
mod plan;
mod summary;
mod timer;

use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::cli::{Cli, Command};
use crate::clock::Clock;
use crate::error::Invalid;
use crate::model::Session;
use crate::parse::{self, When};
use crate::render::Style;
use crate::render::text::{progress_line, session_brief};
use crate::render::views::SessionView;
use crate::store::Store;

/// What every command that opens the store gets.
pub struct Context {
    pub store: Store,
    pub clock: Clock,
    pub json: bool,
    pub style: Style,
}

pub fn run(cli: Cli) -> Result<()> {
    let style = Style::detect(cli.color);
    // These never open the store, nor read the clock.
    match &cli.command {
        Command::Completions(args) => return docs::completions(args),
        Command::Man => return docs::man(),
        Command::Tips => return plan::tips(cli.json, &style),
        _ => {}
    }
    let clock = Clock::from_env()?;
    let path = match cli.store {
        Some(path) => path,
        None => Store::default_path()?,
    };
    let ctx = Context {
        store: Store::at(path, clock.clone()),
        clock,
        json: cli.json,
        style,
    };
    match &cli.command {
        Command::Log(args) => log::log(args, &ctx),
        Command::Start(args) => timer::start(args, &ctx),
        Command::Stop(args) => timer::stop(args, &ctx),
        Command::Cancel => timer::cancel(&ctx),
        Command::Timer(args) => live::timer(args, &ctx),
        Command::Status => day::status(&ctx),
        Command::Today(args) => day::today(args, &ctx),
        Command::List(args) => log::list(args, &ctx),
        Command::Show(args) => log::show(args, &ctx),
        Command::Edit(args) => edit::edit(args, &ctx),
        Command::Rm(args) => edit::rm(args, &ctx),
        Command::Undo => edit::undo(&ctx),
        Command::Week(args) => summary::week(args, &ctx),
        Command::Report(args) => summary::report(args, &ctx),
        Command::Plan => plan::plan(&ctx),
        Command::Goals(args) => plan::goals(args, &ctx),
        Command::Export(args) => data::export(args, &ctx),
        Command::Import(args) => data::import(args, &ctx),
        Command::Completions(_) | Command::Man | Command::Tips => unreachable!("handled above"),
    }
}

/// Writes the result to stdout in one go.
pub fn print(text: impl AsRef<[u8]>) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_ref())?;
    out.flush()?;
    Ok(())
}

/// Writes sessions as a JSON array to stdout as they are serialised: for
/// 100 000 sessions the text is twice the store's size, too much to hold
/// in memory beside them.
pub fn print_sessions<'a>(
    sessions: impl IntoIterator<Item = &'a Session>,
    weight_kg: Option<f64>,
) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    crate::render::views::write_sessions(&mut out, sessions, weight_kg)?;
    out.flush()?;
    Ok(())
}

pub fn to_json<T: Serialize>(value: &T) -> Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

impl Context {
    /// The JSON document under `--json`, else the human text.
    pub fn render<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) -> Result<String> {
        if self.json { to_json(value) } else { Ok(human()) }
    }

    pub fn when(&self, text: &str) -> Result<When> {
        parse::when(text, &self.clock).map_err(|e| Invalid::new(e).into())
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
        parse::start_at(self.when(text)?, &self.clock).map_err(|e| Invalid::new(e).into())
    }

    /// `--date`: a local day, today when absent.
    pub fn day(&self, text: Option<&str>) -> Result<NaiveDate> {
        match text {
            Some(text) => parse::day(self.when(text)?, &self.clock).map_err(|e| Invalid::new(e).into()),
            None => Ok(self.clock.today()),
        }
    }

    /// What `log`, `stop` and `timer` print: the session, then today.
    pub fn logged(&self, today: &crate::plan::Snapshot, session: &Session) -> Result<String> {
        self.render(&SessionView::new(session, today.settings.weight_kg), || {
            let day = crate::plan::day_report(today, &self.clock);
            format!(
                "Logged {}\n{}\n",
                session_brief(session, &self.clock, &self.style),
                progress_line(&day, &self.clock, &self.style)
            )
        })
    }
}

/// An unknown id: exit 1, with where to find the ids.
pub fn no_such_session(id: u64) -> anyhow::Error {
    anyhow::anyhow!("no session #{id}; `backwalk list` shows the ids")
}
