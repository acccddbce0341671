//! backwalk: a command-line tracker for backward walking. The binary is a
//! thin `main.rs`; the modules are a library so that fuzz targets and
//! tests can reach the parsers and the store. A module only the crate
//! uses is `pub(crate)`, so the compiler reports what nothing calls.

pub mod cli;
pub mod clock;
pub(crate) mod cmd;
pub(crate) mod days;
pub(crate) mod error;
pub mod import;
pub(crate) mod merge;
pub mod model;
pub mod morning;
pub mod parse;
pub(crate) mod plan;
pub(crate) mod plausible;
pub mod render;
pub mod rhythm;
pub mod spreadsheet;
pub mod store;
pub mod summary;
pub mod weeks;

pub use cmd::completions::answer_shell;
pub use cmd::run;
pub use error::{exit_code, silent_exit};
