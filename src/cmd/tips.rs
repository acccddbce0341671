//! `tips`: the technique and safety guidance, each tip with its source.

use anyhow::Result;
use serde_json::json;

use super::{print, to_json};
use crate::plan::TIPS;
use crate::render::Style;
use crate::render::text::tips_text;

pub fn run(json: bool, style: Style) -> Result<()> {
    if json {
        let tips: Vec<_> = TIPS
            .iter()
            .map(|t| json!({ "text": t.text, "source": t.source }))
            .collect();
        print(to_json(&json!({ "tips": tips }))?)
    } else {
        print(tips_text(style))
    }
}
