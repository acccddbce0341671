//! `man`: one man page, generated from the command-line definition, with
//! every command in it (so it points to no other pages).

use anyhow::Result;
use clap::CommandFactory;

use super::print;
use crate::cli::Cli;

/// What the page says beyond the options, in roff.
const SECTIONS: &str = r#".SH INPUT FORMS
.TP
Durations
8 or 7.5 (minutes), 7m30s, 7m30, 8m, 8min, '8 min', 90s, '90 seconds', 1h05m, '1h 5m', 7:30 (minutes:seconds); 1 second to 24 hours.
.TP
Times
today, yesterday, '3 days ago', monday or mon (today if it is that day, else the most recent one), 2026-11-09, '9 Nov', 'Nov 9 2026', a time of day alone or after a date (07:30, 7am, 7:30pm, 'yesterday 7am'), '2026-11-09 07:30', 2026-11-09T07:30+01:00. A date without a year is the most recent one not in the future. Given to \fB--at\fR, a date without a time means 12:00. \fB--since\fR and \fB--from\fR also take 7d and 2w: the last 7 days, or 2 weeks, today included.
.TP
Ids
12, #12, or last (the walk that started most recently).
.TP
Surfaces
treadmill, track, grass, sand, trail, pavement, indoor, other (any case).
.SH ENVIRONMENT
.TP
\fBBACKWALK_STORE\fR
The store file, as \fB--store\fR.
.TP
\fBBACKWALK_NOW\fR
An RFC 3339 time in years 1-9999 that replaces "now", for tests and "as of" scripts.
.TP
\fBTZ\fR
The local zone, read as the C library reads it: a zone name (Europe/Berlin), a POSIX rule (EST5EDT,M3.2.0,M11.1.0) or a zone file; days are local calendar days. A value backwalk cannot understand is an error.
.TP
\fBNO_COLOR\fR
No colour, unless \fB--color always\fR.
.SH FILES
.TP
\fIsessions.json\fR
The store, in the platform's data folder (~/.local/share/backwalk on Linux) unless \fB--store\fR says otherwise: readable by its owner only.
.TP
\fIsessions.json.bak\fR, \fIsessions.json.lock\fR, \fIsessions.json.idx\fR
The previous version, the lock, and a disposable index of day totals, beside the store.
.SH EXIT STATUS
0 success; 2 invalid arguments or values (nothing is written); 1 any other failure (a damaged store, an unknown id, no running timer, a file that cannot be written).
.SH EXAMPLES
.nf
backwalk log 8 --steps 300 --surface grass
backwalk log 7m30s --at 'yesterday 7am' --pain 2
backwalk start; backwalk stop --steps 280
backwalk week --json
backwalk calendar --svg walks.svg
.fi
"#;

pub fn run() -> Result<()> {
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    page.extend_from_slice(b".SH COMMANDS\n");
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("backwalk {}", sub.get_name());
        page.extend_from_slice(format!(".SS \"{name}\"\n").as_bytes());
        let sub_man = clap_mangen::Man::new(sub.clone().name(name));
        for render in [
            clap_mangen::Man::render_synopsis_section,
            clap_mangen::Man::render_description_section,
            clap_mangen::Man::render_options_section,
        ] {
            let mut section = Vec::new();
            render(&sub_man, &mut section)?;
            // Within the command's own sub-section: no headings of its own.
            let text = String::from_utf8_lossy(&section);
            let body: Vec<&str> = text.lines().filter(|line| !line.starts_with(".SH ")).collect();
            if !body.is_empty() {
                page.extend_from_slice(b".PP\n");
                page.extend_from_slice(body.join("\n").as_bytes());
                page.push(b'\n');
            }
        }
    }
    page.extend_from_slice(SECTIONS.as_bytes());
    man.render_version_section(&mut page)?;
    print(page)
}
