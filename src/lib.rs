//! backwalk: a command-line tracker for backward walking. The binary is a
//! thin `main.rs`; the modules are a library so that the fuzz targets can
//! reach the parsers, the store's codec and the exports. Every module is
//! `pub(crate)` and the root re-exports only what those two users call,
//! so the compiler reports what nothing calls.

pub(crate) mod cli;
pub(crate) mod clock;
pub(crate) mod cmd;
pub(crate) mod days;
pub(crate) mod error;
pub(crate) mod import;
pub(crate) mod merge;
pub(crate) mod model;
pub(crate) mod parse;
pub(crate) mod plan;
pub(crate) mod plausible;
pub(crate) mod render;
pub(crate) mod rhythm;
pub(crate) mod spreadsheet;
pub(crate) mod store;
pub(crate) mod summary;
pub(crate) mod weeks;

// What `main.rs` and the fuzz targets reach, and nothing more.
pub use cli::{Cli, command};
pub use clock::Clock;
pub use cmd::completions::answer_shell;
pub use cmd::run;
pub use error::{exit_code, silent_exit};
pub use import::{Format as ImportFormat, read_sessions};
pub use model::{Document, NewSession, is_bidi_override};
pub use parse::{
    day as parse_day, duration as parse_duration, format_duration, iso_week as parse_iso_week,
    since as parse_since, start_at as parse_start_at, until as parse_until, when as parse_when,
};
pub use render::csv::sessions as csv_sessions;
pub use render::json::write_sessions as write_json_sessions;
pub use render::safe_lines;
pub use store::{decode as decode_store, encode as encode_store};
