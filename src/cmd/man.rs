//! `man`: the man page, generated from the command-line definition, with
//! every command in it (no separate pages to point to).

use anyhow::Result;
use clap::CommandFactory;

use super::print;
use crate::cli::Cli;

pub fn run() -> Result<()> {
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    let mut text = Vec::new();
    man.render_title(&mut text)?;
    man.render_name_section(&mut text)?;
    man.render_synopsis_section(&mut text)?;
    man.render_description_section(&mut text)?;
    man.render_options_section(&mut text)?;
    // The commands, each with its own options, in this one page.
    text.extend_from_slice(b".SH COMMANDS\n");
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let sub_man = clap_mangen::Man::new(sub.clone().name(format!("backwalk {}", sub.get_name())));
        let mut section = Vec::new();
        sub_man.render_synopsis_section(&mut section)?;
        sub_man.render_description_section(&mut section)?;
        sub_man.render_options_section(&mut section)?;
        // Their sections become sub-sections here.
        let section = String::from_utf8_lossy(&section).replace(".SH ", ".SS ");
        text.extend_from_slice(section.as_bytes());
    }
    man.render_extra_section(&mut text)?;
    man.render_version_section(&mut text)?;
    print(text)
}
