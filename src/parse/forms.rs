//! The forms each input accepts, written once: the parsers' refusals list
//! them and `--help` and the man page print them, so the two cannot
//! disagree about what is accepted.
//!
//! A list is written as typed at a shell: an example with a space is in
//! single quotes (`'8 min'`), which help keeps and a refusal drops.

use crate::model::Surface;

/// Durations, as `duration` reads them.
pub(super) const DURATION: &str = "8 or 7.5 (minutes), 7m30s, 7m30, 8m, '8 min', 90s, '90 seconds', \
     1h05m, 1.5h, '2 hours', 7:30 (minutes:seconds), 1:05:00 (h:mm:ss); from 1 second to 24 hours";

/// What help adds to `DURATION`: how the parts may be written.
const DURATION_NOTES: &str = "The parts may be spaced ('1h 5m'), in any case.";

/// Days and times, as `when` reads them.
pub(super) const WHEN: &str = "today, yesterday, '3 days ago', monday/mon, YYYY-MM-DD (2026-11-09), \
     '9 Nov', 'Nov 9 2026', a time HH:MM (07:30, 19:05:30, 7am, 7:30pm) alone or after a date, \
     2026-11-09T07:30+01:00";

/// What `since_when` reads besides `WHEN`.
pub(super) const LAST_DAYS: &str = "7d or 2w (the last 7 days or 2 weeks, today included)";

/// What help adds to `WHEN`: what a bare day or a weekday means.
const WHEN_NOTES: &str = "A time after a date: 'yesterday 7am', '2026-11-09 07:30'. A weekday is \
     today if it is that day, else the most recent one; a date without a year is the most recent \
     one not in the future; given to --at, a date without a time means 12:00.";

/// Session ids, as `id` reads them: the refusal's list, and help's.
pub(super) const ID: &str = "ids are whole numbers from 1 (12 or #12), or last; `backwalk list` shows them";
const ID_HELP: &str = "12, #12 or last (the walk that started most recently).";

/// What a refusal lists after the reason: `accepted: ` and `forms`
/// without the shell's quotes.
pub(super) fn accepted(forms: &str) -> String {
    format!("accepted: {}", forms.replace('\'', ""))
}

/// What `--since` and `--from` accept: the last days, and what `when` reads.
pub(super) fn since_forms() -> String {
    format!("{LAST_DAYS}, {WHEN}")
}

/// The input forms every command takes, titled, as `--help` and the man
/// page print them.
pub fn input_forms() -> [(&'static str, String); 4] {
    [
        ("Durations", format!("{DURATION}. {DURATION_NOTES}")),
        (
            "Times",
            format!("{WHEN}. {WHEN_NOTES} --since and --from also take {LAST_DAYS}."),
        ),
        ("Ids", ID_HELP.to_string()),
        ("Surfaces", Surface::ACCEPTED.to_string()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The refusals list the forms byte for byte as they always have.
    #[test]
    fn refusals_list_the_forms_without_shell_quotes() {
        assert_eq!(
            accepted(DURATION),
            "accepted: 8 or 7.5 (minutes), 7m30s, 7m30, 8m, 8 min, 90s, 90 seconds, \
             1h05m, 1.5h, 2 hours, 7:30 (minutes:seconds), 1:05:00 (h:mm:ss); from 1 second to 24 hours"
        );
        assert_eq!(
            accepted(WHEN),
            "accepted: today, yesterday, 3 days ago, monday/mon, YYYY-MM-DD (2026-11-09), 9 Nov, \
             Nov 9 2026, a time HH:MM (07:30, 19:05:30, 7am, 7:30pm) alone or after a date, \
             2026-11-09T07:30+01:00"
        );
        assert_eq!(
            accepted(&since_forms()),
            "accepted: 7d or 2w (the last 7 days or 2 weeks, today included), today, yesterday, \
             3 days ago, monday/mon, YYYY-MM-DD (2026-11-09), 9 Nov, Nov 9 2026, a time HH:MM \
             (07:30, 19:05:30, 7am, 7:30pm) alone or after a date, 2026-11-09T07:30+01:00"
        );
    }

    /// Help lists every form a refusal does, quoted for a shell, and every
    /// surface.
    #[test]
    fn help_says_what_the_refusals_say() {
        let help = input_forms();
        assert!(help[0].1.starts_with(DURATION), "{}", help[0].1);
        assert!(help[0].1.contains("1.5h") && help[0].1.contains("1:05:00"));
        assert!(help[1].1.starts_with(WHEN) && help[1].1.contains(LAST_DAYS));
        for surface in Surface::ALL {
            assert!(help[3].1.contains(surface.name()), "{surface}");
        }
        for (_, text) in &help {
            assert!(text.matches('\'').count().is_multiple_of(2), "{text}");
        }
    }
}
