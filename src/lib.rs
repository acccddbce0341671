//! backwalk: a command-line tracker for backward walking. The binary is a
//! thin `main.rs`; the modules are a library so that fuzz targets and
//! tests can reach the parsers and the store.

pub mod cli;
pub mod clock;
pub mod cmd;
pub mod days;
pub mod error;
pub mod import;
pub mod merge;
pub mod model;
pub mod morning;
pub mod parse;
pub mod plan;
pub mod render;
pub mod rhythm;
pub mod spreadsheet;
pub mod store;
pub mod summary;
pub mod weeks;
