//! `completions`: the shell scripts, and the answers they ask for.
//!
//! A script is small: at each Tab it runs backwalk again with
//! `BACKWALK_COMPLETE` set to the shell's name and the words typed so far,
//! and backwalk completes them from its own command-line definition
//! (`clap_complete`'s engine). So completion follows the parser exactly
//! (after any argument, the duration's unit included), never offers a
//! hidden command, and completes walk ids from the store.

use std::ffi::OsStr;
use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;
use clap::CommandFactory;
use clap_complete::env::EnvCompleter;
use clap_complete::{ArgValueCompleter, CompletionCandidate};

use super::print;
use crate::cli::{Cli, CompletionsArgs};
use crate::clock::Clock;
use crate::days::Day;
use crate::days::DayFold;
use crate::render::{Coloring, Style, text};
use crate::store::Store;

/// The variable that makes a run of backwalk answer the shell.
const VAR: &str = "BACKWALK_COMPLETE";

/// How many of the most recent walks an id completion offers.
const RECENT: usize = 20;

pub fn run(args: &CompletionsArgs) -> Result<()> {
    print(script(args.shell)?)
}

/// The script that `shell` loads (or sources) to complete backwalk.
pub fn script(shell: clap_complete::Shell) -> Result<Vec<u8>> {
    let completer: &dyn EnvCompleter = match shell {
        clap_complete::Shell::Bash => &clap_complete::env::Bash,
        clap_complete::Shell::Elvish => &clap_complete::env::Elvish,
        clap_complete::Shell::Fish => &clap_complete::env::Fish,
        clap_complete::Shell::PowerShell => &clap_complete::env::Powershell,
        clap_complete::Shell::Zsh => &clap_complete::env::Zsh,
        other => anyhow::bail!("no completions for {other}"),
    };
    let mut text = Vec::new();
    completer.write_registration(VAR, "backwalk", "backwalk", "backwalk", &mut text)?;
    if shell == clap_complete::Shell::Zsh {
        // Autoloaded from fpath (as `_backwalk`), the file's first run
        // only defines the completer; this line makes that first Tab
        // complete too. Sourced, it does nothing.
        text.extend_from_slice(
            b"[[ ${funcstack[1]} = _backwalk ]] && _clap_dynamic_completer_backwalk \"$@\"\n",
        );
    }
    Ok(text)
}

/// Answers the shell and exits, when this run was started by a script
/// above; otherwise returns at once.
pub fn answer_shell() {
    clap_complete::CompleteEnv::with_factory(offered)
        .var(VAR)
        .complete();
}

/// The command line as completion offers it: without hidden commands,
/// which are for git or for backwalk itself, never typed by a person.
fn offered() -> clap::Command {
    let full = Cli::command();
    let mut offered = clap::Command::new(full.get_name().to_string())
        .args(full.get_arguments().cloned())
        .subcommands(
            full.get_subcommands()
                .filter(|sub| !sub.is_hide_set())
                .cloned()
                .map(with_walk_ids),
        );
    if let Some(version) = full.get_version() {
        offered = offered.version(version.to_string());
    }
    offered
}

/// The walk-id arguments (`id`, `ids`: those of `show`, `edit` and `rm`)
/// get their completer here, at the edge, so that the command-line
/// definition needs nothing of the commands.
fn with_walk_ids(command: clap::Command) -> clap::Command {
    let ids: Vec<clap::Id> = command
        .get_arguments()
        .filter(|arg| arg.is_positional() && matches!(arg.get_id().as_str(), "id" | "ids"))
        .map(|arg| arg.get_id().clone())
        .collect();
    ids.into_iter().fold(command, |command, id| {
        command.mut_arg(id, |arg| arg.add(ArgValueCompleter::new(walk_ids)))
    })
}

/// Walk ids for `show`, `edit` and `rm`: `last`, then the most recent
/// walks, newest first, each with its length, surface and time (read
/// through the index: a keypress's worth of work); once digits are typed,
/// the walks whose ids start with them, of any age.
pub fn walk_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let mut candidates = Vec::new();
    if "last".starts_with(current.as_ref()) {
        candidates
            .push(CompletionCandidate::new("last").help(Some("the walk that started most recently".into())));
    }
    let Ok(clock) = Clock::from_env() else {
        return candidates;
    };
    let Some(path) = store_path() else {
        return candidates;
    };
    let Ok(store) = Store::open(&path, &clock) else {
        return candidates;
    };
    let (hash, digits) = match current.strip_prefix('#') {
        Some(digits) => ("#", digits),
        None => ("", current.as_ref()),
    };
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return candidates;
    }
    let walks = if digits.is_empty() {
        recent_walks(&store).unwrap_or_default()
    } else {
        // Digits typed: the walk may be of any age.
        let mut walks = store.load().map(|doc| doc.sessions).unwrap_or_default();
        walks.retain(|walk| walk.id.to_string().starts_with(digits));
        walks.sort_by_key(|walk| std::cmp::Reverse(walk.start));
        walks.truncate(RECENT);
        walks
    };
    let style = Style {
        color: false,
        ..Style::detect(Coloring::Never)
    };
    for walk in walks {
        let brief = text::session_brief(&walk, &clock, style);
        // The brief starts with the id, which is the candidate itself.
        let help = brief.split_once(' ').map_or(brief.as_str(), |(_, rest)| rest);
        let help = help.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
        candidates
            .push(CompletionCandidate::new(format!("{hash}{}", walk.id)).help(Some(help.to_string().into())));
    }
    candidates
}

/// The most recent walks, newest first: a first read of the index finds
/// the latest runs of days that hold enough of them (taking each run
/// whole, from its summary), a second reads those days' lines alone.
fn recent_walks(store: &Store) -> Result<Vec<crate::model::Session>> {
    let runs = store.read(None, |_| Recent::default())?.fold.runs;
    let (Some(&(first, _, _)), Some(&(_, last, _))) = (runs.front(), runs.back()) else {
        return Ok(Vec::new());
    };
    let mut walks = store.read(Some((first, last)), |_| Recent::default())?.sessions;
    walks.sort_by_key(|walk| std::cmp::Reverse(walk.start));
    walks.truncate(RECENT);
    Ok(walks)
}

/// The latest runs of days (first, last, days with walks) that hold at
/// least `RECENT` days with walks, so at least as many walks, when the
/// history has them.
#[derive(Default)]
struct Recent {
    runs: std::collections::VecDeque<(NaiveDate, NaiveDate, u32)>,
    days: u32,
}

impl Recent {
    fn take(&mut self, first: NaiveDate, last: NaiveDate, days: u32) {
        if days == 0 {
            return;
        }
        self.runs.push_back((first, last, days));
        self.days += days;
        while let Some(&(_, _, oldest)) = self.runs.front() {
            if (self.days - oldest) as usize >= RECENT {
                self.runs.pop_front();
                self.days -= oldest;
            } else {
                break;
            }
        }
    }
}

impl DayFold for Recent {
    fn day(&mut self, day: &Day) {
        self.take(day.date, day.date, u32::from(day.sessions > 0));
    }

    fn span(&mut self, span: &crate::days::Span) -> bool {
        self.take(span.first, span.last, span.days);
        true
    }
}

/// The store the command line being completed names (`--store PATH`),
/// else the one `BACKWALK_STORE` names, else the default.
fn store_path() -> Option<PathBuf> {
    let words: Vec<String> = std::env::args_os()
        .skip_while(|word| word != "--")
        .map(|word| word.to_string_lossy().into_owned())
        .collect();
    let mut given = None;
    for (at, word) in words.iter().enumerate() {
        if word == "--store" {
            // bash splits `--store=PATH` into three words.
            let next = if words.get(at + 1).is_some_and(|w| w == "=") {
                at + 2
            } else {
                at + 1
            };
            given = words.get(next).cloned();
        } else if let Some(path) = word.strip_prefix("--store=") {
            given = Some(path.to_string());
        }
    }
    let given = given
        .or_else(|| std::env::var("BACKWALK_STORE").ok())
        .filter(|path| !path.is_empty());
    match given {
        // The shell hands the word as typed: a leading ~ is not expanded.
        Some(path) => match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
            (Some(rest), Some(home)) => Some(PathBuf::from(home).join(rest)),
            _ => Some(PathBuf::from(path)),
        },
        None => Store::default_path().ok(),
    }
}
