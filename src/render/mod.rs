//! Output: JSON views for scripts, CSV, and the human text with its bars.

pub mod csv;
pub mod text;
pub mod views;

use std::io::IsTerminal;

use crate::cli::ColorChoice;

/// Terminal width the human output is laid out for.
pub const WIDTH: usize = 80;

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
    pub fn detect(choice: ColorChoice) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Never => false,
            // An explicit flag beats the environment, as no-color.org asks.
            ColorChoice::Always => true,
            ColorChoice::Auto => !no_color && std::io::stdout().is_terminal(),
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

    pub fn paint(&self, text: &str, paint: Paint) -> String {
        if !self.color || text.is_empty() {
            return text.to_string();
        }
        let code = match paint {
            Paint::Good => "32",
            Paint::Warn => "33",
            Paint::Dim => "2",
            Paint::Bold => "1",
            Paint::Accent => "36",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
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

    pub fn dash(&self) -> &'static str {
        if self.unicode { "–" } else { "-" }
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
        let eighths = (ratio * width as f64 * 8.0).round() as usize;
        let (whole, part) = (eighths / 8, eighths % 8);
        let mut cells: Vec<String> = Vec::with_capacity(width);
        let fill = if self.unicode { "█" } else { "#" };
        cells.extend(std::iter::repeat_n(fill.to_string(), whole));
        if whole < width && part > 0 {
            let partial = if self.unicode {
                ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][part].to_string()
            } else {
                "#".to_string()
            };
            cells.push(partial);
        }
        let empty = if self.unicode { "░" } else { "." };
        while cells.len() < width {
            cells.push(empty.to_string());
        }
        let filled = (whole + usize::from(part > 0)).min(width);
        if let Some(mark) = marker.filter(|m| full > 0.0 && *m <= full) {
            let at = (((mark / full) * width as f64).round() as usize).clamp(1, width) - 1;
            if at >= filled {
                cells[at] = "|".to_string();
            }
        }
        format!(
            "{}{}",
            self.paint(&cells[..filled].concat(), Paint::Accent),
            self.paint(&cells[filled..].concat(), Paint::Dim)
        )
    }
}

/// Cuts `text` to `width` characters, ending with an ellipsis when cut.
pub fn cut(text: &str, width: usize, style: &Style) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let ellipsis = style.ellipsis();
    let keep = width.saturating_sub(ellipsis.chars().count());
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str(ellipsis);
    cut
}

/// Minutes for people: `8`, `7.5`, `12.3`.
pub fn minutes(seconds: u64) -> String {
    let tenths = (seconds as f64 / 6.0).round() as u64;
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// `1 234` style thousands for step counts.
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
        assert_eq!(ascii.bar(1.0, 8.0, 1, None), "#");
    }

    #[test]
    fn text_helpers() {
        let s = Style::PLAIN;
        assert_eq!(cut("abcdef", 4, &s), "abc…");
        assert_eq!(cut("abc", 4, &s), "abc");
        assert_eq!(minutes(480), "8");
        assert_eq!(minutes(450), "7.5");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(count(400), "400");
    }
}
