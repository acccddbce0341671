//! Output: the JSON shapes for scripts, CSV, the human text with its
//! bars, and the calendar as text and SVG. Only this module formats.

pub mod calendar;
pub mod csv;
pub mod html;
pub mod json;
pub mod rhythm;
pub mod status;
pub mod svg;
pub mod table;
pub mod template;
pub mod text;
pub mod view;

use std::fmt::Write as _;
use std::io::IsTerminal;

use anstyle::AnsiColor;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::plan::Standing;

/// Terminal width the human output is laid out for.
pub const WIDTH: usize = 80;

/// When to colour: the render's own words for `--color`, which the
/// commands turn the command line's choice into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coloring {
    Auto,
    Always,
    Never,
}

/// How human output may look on this terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub unicode: bool,
}

#[derive(Clone, Copy, Debug)]
pub enum Paint {
    Good,
    Warn,
    Dim,
    Bold,
    Accent,
}

impl Style {
    /// Colour on a terminal unless `NO_COLOR` is set, or always when asked;
    /// Unicode unless the locale says otherwise.
    // Kept over anstream's choice, which also obeys CLICOLOR(_FORCE), TERM=dumb and CI: `--help` documents NO_COLOR alone.
    pub fn detect(choice: Coloring) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match choice {
            Coloring::Never => false,
            // An explicit flag beats the environment, as no-color.org asks.
            Coloring::Always => true,
            Coloring::Auto => !no_color && std::io::stdout().is_terminal(),
        };
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
        let unicode = locale.is_none_or(|l| {
            let l = l.to_ascii_lowercase();
            l.contains("utf-8") || l.contains("utf8")
        });
        Style { color, unicode }
    }

    pub const PLAIN: Style = Style {
        color: false,
        unicode: true,
    };

    pub fn paint(&self, text: &str, paint: Paint) -> String {
        if !self.color || text.is_empty() {
            return text.to_string();
        }
        let style = match paint {
            Paint::Good => AnsiColor::Green.on_default(),
            Paint::Warn => AnsiColor::Yellow.on_default(),
            Paint::Dim => anstyle::Style::new().dimmed(),
            Paint::Bold => anstyle::Style::new().bold(),
            Paint::Accent => AnsiColor::Cyan.on_default(),
        };
        format!("{style}{text}{style:#}")
    }

    /// A met/not-met mark.
    pub fn mark(&self, met: bool) -> String {
        match (met, self.unicode) {
            (true, true) => self.paint("✓", Paint::Good),
            (true, false) => self.paint("ok", Paint::Good),
            (false, true) => self.paint("○", Paint::Warn),
            (false, false) => self.paint("..", Paint::Warn),
        }
    }

    /// A mark for met (✓), not met (○), not counted (—) or above the
    /// range (▲): the domain decides which, this only draws it.
    pub fn verdict_mark(&self, standing: Standing) -> String {
        match standing {
            Standing::Above => self.paint(if self.unicode { "▲" } else { "^" }, Paint::Warn),
            Standing::Met => self.mark(true),
            Standing::Unmet => self.mark(false),
            Standing::NotCounted => self.paint(self.em_dash(), Paint::Dim),
        }
    }

    pub fn dash(&self) -> &'static str {
        if self.unicode { "–" } else { "-" }
    }

    pub fn em_dash(&self) -> &'static str {
        if self.unicode { "—" } else { "-" }
    }

    pub fn dot(&self) -> &'static str {
        if self.unicode { "·" } else { "|" }
    }

    pub fn ellipsis(&self) -> &'static str {
        if self.unicode { "…" } else { "..." }
    }

    /// A bar of `width` cells filled to `value / full`, in eighths on a
    /// UTF-8 terminal and `#` otherwise; `marker` (same scale) draws a `|`
    /// where it falls inside the empty part.
    pub fn bar(&self, value: f64, full: f64, width: usize, marker: Option<f64>) -> String {
        let ratio = if full > 0.0 {
            (value / full).clamp(0.0, 1.0)
        } else {
            0.0
        };
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "the ratio is clamped: 0 to 8 × width"
        )]
        let eighths = (ratio * width as f64 * 8.0).round() as usize;
        let (whole, part) = (eighths / 8, eighths % 8);
        let mut cells: Vec<&str> = Vec::with_capacity(width);
        let solid = if self.unicode { "█" } else { "#" };
        cells.extend(std::iter::repeat_n(solid, whole));
        if whole < width && part > 0 {
            cells.push(if self.unicode {
                ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][part]
            } else {
                "#"
            });
        }
        let empty = if self.unicode { "░" } else { "." };
        while cells.len() < width {
            cells.push(empty);
        }
        let filled = (whole + usize::from(part > 0)).min(width);
        if let Some(mark) = marker.filter(|m| full > 0.0 && *m <= full) {
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "the mark is at most full: 0 to width (`as` saturates a negative to 0)"
            )]
            let at = (((mark / full) * width as f64).round() as usize).clamp(1, width) - 1;
            if at >= filled {
                cells[at] = "|";
            }
        }
        format!(
            "{}{}",
            self.paint(&cells[..filled].concat(), Paint::Accent),
            self.paint(&cells[filled..].concat(), Paint::Dim)
        )
    }
}

/// How many terminal columns `text` takes (a CJK character or an emoji
/// takes two), escape codes aside. Counted a character at a time, as the
/// screens have always laid out: a sequence such as `☀️` counts 1.
pub fn width(text: &str) -> usize {
    anstream::adapter::strip_str(text)
        .flat_map(str::chars)
        .map(|c| c.width().unwrap_or(0))
        .sum()
}

/// `text` without its terminal escape codes (colour and the rest), as a
/// file or a test sees what a terminal shows.
pub fn strip_escapes(text: &str) -> String {
    anstream::adapter::strip_str(text).to_string()
}

/// Cuts `text` to `columns` display columns, ending with an ellipsis
/// when cut.
// Ours: textwrap wraps but has no cut, and unicode-width is all this needs.
pub fn cut(text: &str, columns: usize, style: &Style) -> String {
    if text.width() <= columns {
        return text.to_string();
    }
    let ellipsis = style.ellipsis();
    let room = columns.saturating_sub(ellipsis.width());
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        kept.push(c);
        used += w;
    }
    kept.push_str(ellipsis);
    kept
}

/// Wraps words to 80 display columns, the first line after `first`, the
/// others after `rest`; a word longer than a line is broken.
// Kept over textwrap, which keeps runs of spaces, splits only at ASCII spaces and measures `☀️` as 2: notes would wrap differently.
pub fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = first.to_string();
    let mut used = width(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let w = word.width();
            let gap = usize::from(!empty);
            if used + gap + w <= WIDTH {
                if !empty {
                    line.push(' ');
                }
                line.push_str(&word);
                used += gap + w;
                empty = false;
                break;
            }
            if !empty {
                lines.push(std::mem::take(&mut line));
                line = rest.to_string();
                used = width(rest);
                empty = true;
                continue;
            }
            // A word wider than a whole line: break it.
            let room = WIDTH.saturating_sub(used).max(1);
            let (head, tail) = split_at_width(&word, room);
            line.push_str(&head);
            lines.push(std::mem::take(&mut line));
            line = rest.to_string();
            used = width(rest);
            word = tail;
        }
    }
    lines.push(line);
    lines.join("\n")
}

fn split_at_width(text: &str, columns: usize) -> (String, String) {
    let mut used = 0;
    for (at, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > columns && at > 0 {
            return (text[..at].to_string(), text[at..].to_string());
        }
        used += w;
    }
    (text.to_string(), String::new())
}

/// Pads `text` with spaces to `columns` display columns (left aligned).
pub fn pad(text: &str, columns: usize) -> String {
    format!("{text}{}", " ".repeat(columns.saturating_sub(width(text))))
}

/// Pads `text` to `columns` display columns, right aligned.
pub fn pad_left(text: &str, columns: usize) -> String {
    format!("{}{text}", " ".repeat(columns.saturating_sub(width(text))))
}

/// Shows a stored note safely: characters that would reorder or control
/// the terminal (from a file written before they were refused) appear
/// escaped, as `\u{202E}`.
pub fn safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || crate::model::is_bidi_override(c) {
            let _ = write!(out, "\\u{{{:04X}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// `safe` line by line: the line breaks stay.
pub fn safe_lines(text: &str) -> String {
    text.split('\n').map(safe).collect::<Vec<_>>().join("\n")
}

/// `1,234` style thousands for step counts.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 session`, `2 sessions`.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", count(n))
    }
}

/// `a 5-minute walk`, `an 8-minute walk`, `an 11-minute walk`.
pub fn article(number: u64) -> &'static str {
    let spoken = number.to_string();
    let an = spoken.starts_with('8')
        || (spoken.starts_with("11") && spoken.len() % 3 == 2)
        || (spoken.starts_with("18") && spoken.len() % 3 == 2);
    if an { "an" } else { "a" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_in_eighths_and_never_overflow() {
        let s = Style::PLAIN;
        assert_eq!(s.bar(5.0, 10.0, 4, None), "██░░");
        assert_eq!(s.bar(1.0, 8.0, 1, None), "▏");
        assert_eq!(s.bar(20.0, 10.0, 4, None), "████");
        assert_eq!(s.bar(0.0, 0.0, 3, None), "░░░");
        assert_eq!(s.bar(2.5, 10.0, 4, Some(7.5)), "█░|░");
        let ascii = Style {
            color: false,
            unicode: false,
        };
        assert_eq!(ascii.bar(5.0, 10.0, 4, None), "##..");
    }

    #[test]
    fn widths_count_display_columns() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("雨の後"), 6);
        assert_eq!(width("☀ ok"), 4);
        assert_eq!(width("\x1b[32m✓\x1b[0m"), 1);
        assert_eq!(strip_escapes("\x1b[1m#12\x1b[0m · \x1b[2m雨\x1b[0m"), "#12 · 雨");
        let painted = Style {
            color: true,
            unicode: true,
        };
        assert_eq!(painted.paint("✓", Paint::Good), "\x1b[32m✓\x1b[0m");
        assert_eq!(painted.paint("x", Paint::Dim), "\x1b[2mx\x1b[0m");
        let s = Style::PLAIN;
        assert_eq!(cut("abcdef", 4, &s), "abc…");
        assert_eq!(cut("雨の後、ゆっくり", 7, &s), "雨の後…");
        assert!(width(&cut("雨の後、ゆっくり", 7, &s)) <= 7);
        assert_eq!(cut("abc", 4, &s), "abc");
    }

    #[test]
    fn wrapping_keeps_lines_within_80_columns() {
        let long = "word ".repeat(60);
        let wrapped = wrap(&long, "  - ", "    ");
        assert!(wrapped.lines().count() > 3);
        assert!(wrapped.lines().all(|l| width(l) <= WIDTH));
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("    word")));
        let cjk = wrap(&"雨".repeat(200), "  note      ", "            ");
        assert!(cjk.lines().all(|l| width(l) <= WIDTH), "{cjk}");
        assert_eq!(cjk.chars().filter(|c| *c == '雨').count(), 200);
    }

    #[test]
    fn words_for_people() {
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(plural(1, "session", "sessions"), "1 session");
        assert_eq!(plural(2, "session", "sessions"), "2 sessions");
        assert_eq!(article(8), "an");
        assert_eq!(article(5), "a");
        assert_eq!(article(11), "an");
        assert_eq!(article(18), "an");
        assert_eq!(article(1), "a");
        assert_eq!(article(80), "an");
        assert_eq!(article(110), "a");
        assert_eq!(safe("a\u{202E}b\u{1b}"), "a\\u{202E}b\\u{001B}");
    }
}
