//! Where a walk took place: the one list of surface names, from which the
//! parser, the error messages and the help text all read.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where a walk took place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Surface {
    Treadmill,
    Track,
    Grass,
    Sand,
    Trail,
    Pavement,
    Indoor,
    Other,
}

impl Surface {
    pub const ALL: [Surface; 8] = [
        Surface::Treadmill,
        Surface::Track,
        Surface::Grass,
        Surface::Sand,
        Surface::Trail,
        Surface::Pavement,
        Surface::Indoor,
        Surface::Other,
    ];

    /// The name the store, the command line and the screens use.
    pub const fn name(self) -> &'static str {
        match self {
            Surface::Treadmill => "treadmill",
            Surface::Track => "track",
            Surface::Grass => "grass",
            Surface::Sand => "sand",
            Surface::Trail => "trail",
            Surface::Pavement => "pavement",
            Surface::Indoor => "indoor",
            Surface::Other => "other",
        }
    }

    /// Every name in order, comma-separated: "treadmill, track, …, other".
    pub const LIST: &'static str = as_text(&LIST_BYTES);

    /// What the parser takes, for the help's input forms: every name, in
    /// any case.
    pub const ACCEPTED: &'static str = as_text(&ACCEPTED_BYTES);
}

// Help text must be a constant (clap's and the man page's tables are), and
// Rust joins constants only byte by byte: these build `LIST` and
// `ACCEPTED` from `ALL` at compile time, so no list is written by hand.
const SEPARATOR: &str = ", ";
const ACCEPTED_TAIL: &str = " (any case).";
const LIST_BYTES: [u8; listed_len("")] = listed("");
const ACCEPTED_BYTES: [u8; listed_len(ACCEPTED_TAIL)] = listed(ACCEPTED_TAIL);

/// The length of every name joined by `SEPARATOR`, then `tail`.
const fn listed_len(tail: &str) -> usize {
    let mut len = tail.len();
    let mut i = 0;
    while i < Surface::ALL.len() {
        if i > 0 {
            len += SEPARATOR.len();
        }
        len += Surface::ALL[i].name().len();
        i += 1;
    }
    len
}

/// Every name joined by `SEPARATOR`, then `tail`; `N` is `listed_len(tail)`.
const fn listed<const N: usize>(tail: &str) -> [u8; N] {
    let mut out = [0; N];
    let mut at = 0;
    let mut i = 0;
    while i < Surface::ALL.len() {
        if i > 0 {
            at = copy(&mut out, at, SEPARATOR);
        }
        at = copy(&mut out, at, Surface::ALL[i].name());
        i += 1;
    }
    at = copy(&mut out, at, tail);
    assert!(at == N, "N is listed_len(tail)");
    out
}

/// Copies `text` into `out` at `at`; returns where it ends.
const fn copy<const N: usize>(out: &mut [u8; N], at: usize, text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        out[at + i] = bytes[i];
        i += 1;
    }
    at + bytes.len()
}

const fn as_text(bytes: &'static [u8]) -> &'static str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => panic!("surface names are text"),
    }
}

impl fmt::Display for Surface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ALL` and `name` agree with the enum itself, as serde reads it from
    /// the variants: a surface added to the enum but not to `ALL` fails here.
    #[test]
    fn all_holds_every_variant_by_its_stored_name() {
        let unknown = serde_json::from_str::<Surface>("\"?\"").unwrap_err().to_string();
        let variants = unknown
            .split("expected one of ")
            .nth(1)
            .expect("serde lists the variants")
            .split(" at line")
            .next()
            .unwrap();
        let listed: Vec<String> = Surface::ALL.iter().map(|s| format!("`{s}`")).collect();
        assert_eq!(variants, listed.join(", "));
        assert_eq!(Surface::LIST, Surface::ALL.map(Surface::name).join(", "));
        assert_eq!(Surface::ACCEPTED, format!("{} (any case).", Surface::LIST));
    }

    #[test]
    fn surface_names_are_case_insensitive_and_wrong_ones_suggest_the_nearest() {
        assert_eq!("GRASS".parse::<Surface>(), Ok(Surface::Grass));
        assert_eq!(" Treadmill ".parse::<Surface>(), Ok(Surface::Treadmill));
        let err = "gras".parse::<Surface>().unwrap_err();
        assert!(err.contains("did you mean 'grass'"), "{err}");
        assert!(err.contains("treadmill, track, grass, sand, trail, pavement, indoor, other"));
        let err = "zzzzzzzzzz".parse::<Surface>().unwrap_err();
        assert!(!err.contains("did you mean"), "{err}");
        // An abbreviation names the one surface it can stand for.
        let err = "pvmt".parse::<Surface>().unwrap_err();
        assert!(err.contains("did you mean 'pavement'"), "{err}");
        let err = "grs".parse::<Surface>().unwrap_err();
        assert!(err.contains("did you mean 'grass'"), "{err}");
        // `tr` is too short, and `tra` could be track or trail.
        for ambiguous in ["tr", "tra"] {
            let err = ambiguous.parse::<Surface>().unwrap_err();
            assert!(!err.contains("did you mean"), "{ambiguous}: {err}");
        }
    }
}
