//! One file per command: read inputs, ask the store, hand a value to the
//! output. `run` wires the parsed command line to them. What commands
//! share (the `Invocation`, its reads, ids, messages) lives here, so no
//! command reaches into another's file.

mod ask;
mod calendar;
mod cancel;
pub mod completions;
mod due;
mod edit;
mod export;
mod goals;
mod import;
mod list;
mod log;
mod man;
mod merge;
mod morning;
mod plan;
mod redo;
mod report;
mod report_html;
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

use std::fmt::Write as _;
use std::io::Write;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::cli::{Cli, ColorChoice, Command, TodayArgs};
use crate::clock::Clock;
use crate::error::Invalid;
use crate::model::{Document, Op, Session, Timer, TimerRunning, UNDO_DEPTH, UndoEntry};
use crate::parse::{self, SessionId, When};
use crate::plan::{History, Summary};
use crate::render::text::walk_name;
use crate::render::view::DayOverview;
use crate::render::{Coloring, Style};
use crate::store::{Head, Store};

/// One run of a command that opens the store: the store, the clock, and
/// how to write the output.
pub struct Invocation<'c> {
    pub store: Store<'c>,
    pub clock: &'c Clock,
    pub json: bool,
    pub style: Style,
}

/// `--color` as the render knows it.
fn coloring(choice: ColorChoice) -> Coloring {
    match choice {
        ColorChoice::Auto => Coloring::Auto,
        ColorChoice::Always => Coloring::Always,
        ColorChoice::Never => Coloring::Never,
    }
}

pub fn run(cli: &Cli) -> Result<()> {
    let style = Style::detect(coloring(cli.color));
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
    let ctx = Invocation {
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
        Command::Status(args) => status::run(args, &ctx),
        Command::Today(args) => today::run(args, &ctx),
        Command::Due => due::run(&ctx),
        Command::Morning(args) => morning::run(args, &ctx),
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

/// Writes sessions as a JSON array to stdout as they are serialised
/// (`list --json` and `export`).
pub fn print_sessions<'a>(sessions: impl IntoIterator<Item = (&'a Session, Option<f64>)>) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    crate::render::json::write_sessions(&mut out, sessions)?;
    out.flush()?;
    Ok(())
}

pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

/// The history as of a day, as the store gave it to a command (named
/// apart from the store's raw `Reading` and the domain's
/// `plan::Standing`): the head, the fold's summary, and the sessions of
/// the days asked for.
pub struct HistoryAsOf {
    pub head: Head,
    pub summary: Summary,
    pub sessions: Vec<Session>,
}

impl Invocation<'_> {
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
    ) -> Result<HistoryAsOf> {
        let mut window = window;
        loop {
            let reading = self
                .store
                .read(sessions_of, |head| History::new(&head.goals, as_of, window))?;
            let summary = reading.fold.finish();
            // A weekly streak is counted over the kept days: when every
            // week of them kept the rhythm, keep twice as many weeks (or
            // 16), until one did not or the history cannot start earlier.
            if let (true, Some((first, last))) = (summary.streak_weeks_open, window) {
                let weeks = (as_of - first).num_weeks().max(8) * 2;
                if let Some(earlier) = first.checked_sub_signed(chrono::Duration::weeks(weeks)) {
                    window = Some((earlier, last));
                    continue;
                }
            }
            return Ok(HistoryAsOf {
                head: reading.head,
                summary,
                sessions: reading.sessions,
            });
        }
    }

    /// The history as of `date`, keeping what its day and its weekly
    /// rhythm need, with the sessions of the day.
    pub fn read_day(&self, date: NaiveDate) -> Result<HistoryAsOf> {
        self.read(date, Some(crate::rhythm::window(date)), Some((date, date)))
    }

    /// The day `date` of a read as of that day; the running timer only
    /// on today.
    pub fn day_report<'r>(&self, read: &'r HistoryAsOf, date: NaiveDate) -> DayOverview<'r> {
        let timer = read.head.timer.as_ref().filter(|_| date == self.clock.today());
        DayOverview::new(&read.summary, &read.sessions, date, timer, self.clock.now())
    }

    /// Refuses a second timer: one is already running.
    pub fn refuse_running(&self, timer: Option<&Timer>) -> Result<()> {
        if let Some(running) = timer {
            bail!(TimerRunning {
                since: self.clock.local(&running.start),
                surface: running.surface,
            });
        }
        Ok(())
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

/// `stop` or `cancel` with no timer running.
pub fn no_timer() -> anyhow::Error {
    anyhow!("no timer is running; `backwalk start` starts one")
}

/// `undo` or `redo` (`what`) with nothing left to take back or re-apply.
pub fn nothing_to(what: &str) -> anyhow::Error {
    anyhow!("nothing to {what} (undo reaches back {UNDO_DEPTH} changes, and not across a sync)")
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

/// The walks a change touches, as they stand before it is applied:
/// those it removes or replaces as stored now, those it puts back as it
/// puts them.
pub fn touched(doc: &Document, entry: &UndoEntry) -> Vec<Session> {
    let mut walks: Vec<Session> = Vec::new();
    for op in &entry.ops {
        match op {
            Op::Remove { ids } => walks.extend(ids.iter().filter_map(|id| doc.get(*id).cloned())),
            Op::Insert { sessions } | Op::Replace { sessions } => walks.extend(sessions.iter().cloned()),
            Op::Timer { .. } | Op::Goals { .. } | Op::Mornings { .. } => {}
        }
    }
    walks.sort_by_key(|s| s.id);
    walks.dedup_by_key(|s| s.id);
    walks
}

/// `  #12 · 7m · Sat 21 Nov 18:00`, one line per walk.
pub fn walk_lines(walks: &[Session], ctx: &Invocation) -> String {
    let mut text = String::new();
    for walk in walks {
        let _ = writeln!(text, "  {}", walk_name(walk, ctx.clock, ctx.style));
    }
    text
}
