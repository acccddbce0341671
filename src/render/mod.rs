//! Output: the JSON shapes for scripts, CSV, the human text with its
//! bars, and the calendar as text and SVG. Only this module formats.

pub mod calendar;
pub mod csv;
pub mod html;
pub mod json;
mod layout;
pub mod rhythm;
pub mod status;
mod style;
pub mod svg;
pub mod table;
pub mod template;
pub mod text;
pub mod view;
mod words;

pub use layout::{WIDTH, cut, pad, pad_left, width, wrap};
pub use style::{Coloring, Paint, Style};
pub use words::{article, count, number, plural, safe, safe_lines};
