//! Writing SVG text: escaped text, a `<text>` element.

use std::fmt::Write as _;

use crate::render::number;

/// Text for XML: `&`, `<`, `>` and quotes escaped.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn text_element(out: &mut String, x: f64, y: f64, size: f64, extra: &str, text: &str) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}"{extra}>{}</text>"#,
        number(x),
        number(y),
        number(size),
        escape(text)
    );
    out.push('\n');
}
