//! backwalk: a command-line tracker for backward walking. The binary is a
//! thin `main.rs`; the modules are a library so that fuzz targets and
//! tests can reach the parsers and the store. A module only the crate
//! uses is `pub(crate)`, so the compiler reports what nothing calls.

pub(crate) mod cli;
pub(crate) mod clock;
pub(crate) mod cmd;
pub(crate) mod days;
pub(crate) mod error;
pub(crate) mod import;
pub(crate) mod merge;
pub mod model;
pub(crate) mod parse;
pub(crate) mod plan;
pub(crate) mod plausible;
pub mod render;
pub mod rhythm;
pub(crate) mod spreadsheet;
pub mod store;
pub mod summary;
pub mod weeks;

// What `main.rs` and the fuzz targets reach, and nothing more; `render`,
// `store`, `model`, `rhythm` and `summary` are still `pub`.
pub use cli::{Cli, command};
pub use clock::Clock;
pub use cmd::completions::answer_shell;
pub use cmd::run;
pub use error::{exit_code, silent_exit};
pub use import::{Format as ImportFormat, read_sessions};
pub use parse::{
    day as parse_day, duration as parse_duration, format_duration, iso_week as parse_iso_week,
    since as parse_since, start_at as parse_start_at, until as parse_until, when as parse_when,
};
