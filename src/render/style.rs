//! How human output may look on this terminal: whether to colour, the
//! marks and dashes for a UTF-8 or a plain terminal, and the bars.

use std::io::IsTerminal;

use anstyle::AnsiColor;

use crate::plan::Standing;

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

    #[cfg(test)]
    pub const PLAIN: Style = Style {
        color: false,
        unicode: true,
    };

    pub fn paint(self, text: &str, paint: Paint) -> String {
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
    pub fn mark(self, met: bool) -> String {
        match (met, self.unicode) {
            (true, true) => self.paint("✓", Paint::Good),
            (true, false) => self.paint("ok", Paint::Good),
            (false, true) => self.paint("○", Paint::Warn),
            (false, false) => self.paint("..", Paint::Warn),
        }
    }

    /// A mark for met (✓), not met (○), not counted (—) or above the
    /// range (▲): the domain decides which, this only draws it.
    pub fn verdict_mark(self, standing: Standing) -> String {
        match standing {
            Standing::Above => self.paint(if self.unicode { "▲" } else { "^" }, Paint::Warn),
            Standing::Met => self.mark(true),
            Standing::Unmet => self.mark(false),
            Standing::NotCounted => self.paint(self.em_dash(), Paint::Dim),
        }
    }

    pub fn dash(self) -> &'static str {
        if self.unicode { "–" } else { "-" }
    }

    pub fn em_dash(self) -> &'static str {
        if self.unicode { "—" } else { "-" }
    }

    pub fn dot(self) -> &'static str {
        if self.unicode { "·" } else { "|" }
    }

    pub fn ellipsis(self) -> &'static str {
        if self.unicode { "…" } else { "..." }
    }

    /// A bar of `width` cells filled to `value / full`, in eighths on a
    /// UTF-8 terminal and `#` otherwise; `marker` (same scale) draws a `|`
    /// where it falls inside the empty part.
    pub fn bar(self, value: f64, full: f64, width: usize, marker: Option<f64>) -> String {
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
    fn paint_writes_the_same_codes_as_ever() {
        let painted = Style {
            color: true,
            unicode: true,
        };
        assert_eq!(painted.paint("✓", Paint::Good), "\x1b[32m✓\x1b[0m");
        assert_eq!(painted.paint("x", Paint::Dim), "\x1b[2mx\x1b[0m");
    }
}
