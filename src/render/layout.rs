//! Laying text out in terminal columns: display width, cutting,
//! wrapping and padding, escape codes aside.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::Style;

/// Terminal width the human output is laid out for.
pub const WIDTH: usize = 80;

/// How many terminal columns `text` takes (a CJK character or an emoji
/// takes two), escape codes aside. Counted a character at a time, as the
/// screens have always laid out: a sequence such as `☀️` counts 1.
pub fn width(text: &str) -> usize {
    anstream::adapter::strip_str(text)
        .flat_map(str::chars)
        .map(|c| c.width().unwrap_or(0))
        .sum()
}

/// Cuts `text` to `columns` display columns, ending with an ellipsis
/// when cut.
// Ours: textwrap wraps but has no cut, and unicode-width is all this needs.
pub fn cut(text: &str, columns: usize, style: Style) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_display_columns() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("雨の後"), 6);
        assert_eq!(width("☀ ok"), 4);
        assert_eq!(width("\x1b[32m✓\x1b[0m"), 1);
        let s = Style::PLAIN;
        assert_eq!(cut("abcdef", 4, s), "abc…");
        assert_eq!(cut("雨の後、ゆっくり", 7, s), "雨の後…");
        assert!(width(&cut("雨の後、ゆっくり", 7, s)) <= 7);
        assert_eq!(cut("abc", 4, s), "abc");
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
}
