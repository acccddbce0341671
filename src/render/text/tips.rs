//! `tips`, and the end of `plan`: technique and safety, by source.

use std::fmt::Write;

use crate::plan::TIPS;
use crate::render::{Paint, Style, wrap};

pub fn tips_text(style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.paint("Technique and safety", Paint::Bold));
    let bullet = if style.unicode { "•" } else { "-" };
    let mut sources: Vec<&str> = TIPS.iter().map(|t| t.source).collect();
    sources.dedup();
    for source in sources {
        let heading = match source {
            crate::plan::SAFETY => "General safety practice (not stated in the articles):".to_string(),
            crate::plan::PAIN_MODEL => format!("backwalk's pain rule, {source}:"),
            title => format!("From the article \"{title}\":"),
        };
        let _ = writeln!(out, "{}", style.paint(&wrap(&heading, "  ", "  "), Paint::Dim));
        for tip in TIPS.iter().filter(|t| t.source == source) {
            let _ = writeln!(out, "{}", wrap(tip.text, &format!("  {bullet} "), "    "));
        }
    }
    let _ = writeln!(
        out,
        "{}",
        wrap(
            "backwalk tracks your walks; it makes no claim about their effect on your health.",
            "  ",
            "  "
        )
    );
    out
}
